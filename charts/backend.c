/* backend.c: surfaces and pages.  cairo already abstracts PNG and PDF, so the
 * back-end only owns the surface and page lifecycle (no back-end interface);
 * status is checked once per surface, after drawing. */
#include "internal.h"

#include "healthgap/text.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

hg_status hg_canvas_open(hg_canvas *cv, cairo_t *cr, double w, double h,
                         const hg_chart_options *opt);
void hg_canvas_close(hg_canvas *cv);
hg_status hg_png_write(cairo_surface_t *s, const char *path);

static const hg_chart_fn draw_fns[HG_CHART_KIND_COUNT] = {
    [HG_CHART_OVERVIEW] = hg_draw_overview,
    [HG_CHART_SPINE] = hg_draw_spine,
    [HG_CHART_COMPARE] = hg_draw_compare,
    [HG_CHART_TRENDS] = hg_draw_trends,
    [HG_CHART_INEQUALITIES] = hg_draw_inequalities,
    [HG_CHART_GRADIENT] = hg_draw_gradient,
    [HG_CHART_GAP] = hg_draw_gap,
    [HG_CHART_FUNNEL] = hg_draw_funnel,
    [HG_CHART_MAP] = hg_draw_map,
    [HG_CHART_BOXPLOT] = hg_draw_boxplot,
    [HG_CHART_PYRAMID] = hg_draw_pyramid,
    [HG_CHART_SCATTER] = hg_draw_scatter,
    [HG_CHART_TRAJECTORY] = hg_draw_trajectory,
    [HG_CHART_TRACKER] = hg_draw_tracker,
    [HG_CHART_SEGMENT] = hg_draw_segment,
};

static hg_chart_options defaults(const hg_chart_options *opt) {
  hg_chart_options o = {0};
  if (opt)
    o = *opt;
  if (!(o.width_pt > 0))
    o.width_pt = 720;
  if (!(o.height_pt > 0))
    o.height_pt = 480;
  if (!(o.dpi > 0))
    o.dpi = 96;
  return o;
}

hg_status hg_chart_draw(cairo_t *cr, double w, double h, const hg_chart_spec *spec,
                        const hg_chart_options *opt_in) {
  if (!cr || !spec || !(w > 0) || !(h > 0) || (unsigned)spec->kind >= HG_CHART_KIND_COUNT)
    return HG_ERR_RANGE;
  if (spec->kind != HG_CHART_MAP && spec->nseries == 0)
    return HG_ERR_INVALID;
  if (spec->kind == HG_CHART_MAP && !spec->geo)
    return HG_ERR_INVALID;
  hg_chart_options opt = defaults(opt_in);
  hg_canvas cv;
  hg_status st = hg_canvas_open(&cv, cr, w, h, &opt);
  if (st != HG_OK)
    return st;
  cv.dump_kind = hg_chart_kind_name(spec->kind);
  cv.dump_title = spec->title;
  cv.dump_x_label = spec->x_label;
  cv.dump_y_label = spec->y_label;
  cairo_save(cr);
  cairo_rectangle(cr, 0, 0, w, h); /* opaque background: viewers ignoring alpha agree */
  hg_set(&cv, cv.th->role[HG_C_BACKGROUND]);
  cairo_fill(cr);
  st = draw_fns[spec->kind](&cv, spec);
  cairo_restore(cr);
  hg_canvas_close(&cv);
  if (st == HG_OK && cairo_status(cr) != CAIRO_STATUS_SUCCESS)
    st = HG_ERR_RENDER;
  return st;
}

static hg_status render_image(const hg_chart_spec *spec, const hg_chart_options *opt_in,
                              cairo_surface_t **out) {
  hg_chart_options opt = defaults(opt_in);
  double scale = opt.dpi / 72.0;
  int pw = (int)ceil(opt.width_pt * scale), ph = (int)ceil(opt.height_pt * scale);
  if (pw <= 0 || ph <= 0 || pw > 20000 || ph > 20000)
    return HG_ERR_RANGE;
  cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, pw, ph);
  cairo_surface_set_device_scale(s, scale, scale);
  cairo_t *cr = cairo_create(s);
  hg_status st = hg_chart_draw(cr, opt.width_pt, opt.height_pt, spec, &opt);
  cairo_destroy(cr);
  cairo_surface_flush(s);
  if (st == HG_OK && cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
    st = HG_ERR_RENDER;
  if (st != HG_OK) {
    cairo_surface_destroy(s);
    return st;
  }
  *out = s;
  return HG_OK;
}

hg_status hg_chart_write_png(const hg_chart_spec *spec, const hg_chart_options *opt,
                             const char *path) {
  if (!path)
    return HG_ERR_RANGE;
  cairo_surface_t *s = NULL;
  hg_status st = render_image(spec, opt, &s);
  if (st != HG_OK)
    return st;
  st = hg_png_write(s, path);
  cairo_surface_destroy(s);
  return st;
}

hg_status hg_chart_render_argb(const hg_chart_spec *spec, const hg_chart_options *opt,
                               unsigned char **data, int *w, int *h) {
  if (!data || !w || !h)
    return HG_ERR_RANGE;
  cairo_surface_t *s = NULL;
  hg_status st = render_image(spec, opt, &s);
  if (st != HG_OK)
    return st;
  int pw = cairo_image_surface_get_width(s), ph = cairo_image_surface_get_height(s);
  int stride = cairo_image_surface_get_stride(s);
  unsigned char *src = cairo_image_surface_get_data(s);
  unsigned char *dst = g_malloc((size_t)pw * 4 * ph);
  for (int y = 0; y < ph; y++)
    memcpy(dst + (size_t)y * pw * 4, src + (size_t)y * stride, (size_t)pw * 4);
  cairo_surface_destroy(s);
  *data = dst;
  *w = pw;
  *h = ph;
  return HG_OK;
}

/* ---- PDF document ---- */

struct hg_pdf_doc {
  cairo_surface_t *surface;
  cairo_t *cr;
  FILE *fp; /* cairo writes through pdf_write, so that a failure keeps its errno */
  int write_errno;
  size_t pages;
  bool in_page;
  hg_status first_error;
};

/* A copy of a label without bidi controls (healthgap/text.h), g_free. */
static char *plain_label(const char *s) {
  char *c = g_strdup(s);
  hg_text_strip_bidi(c);
  return c;
}

/* A failed write is remembered (errno, reported by hg_pdf_close) and the
 * rest of the document is dropped, but cairo is told it succeeded: its PDF
 * surface, once in an error state, trips an assertion of its own when the
 * document's bookmarks are finished (cairo 1.16, cairo-array.c:226). */
static cairo_status_t pdf_write(void *closure, const unsigned char *data, unsigned int length) {
  hg_pdf_doc *d = closure;
  if (d->write_errno)
    return CAIRO_STATUS_SUCCESS;
  if (fwrite(data, 1, length, d->fp) != length)
    d->write_errno = errno ? errno : EIO;
  return CAIRO_STATUS_SUCCESS;
}

static void iso8601(int64_t ts, char *buf, size_t n) {
  time_t t = (time_t)ts;
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

hg_status hg_pdf_open(const char *path, const hg_pdf_meta *meta, hg_pdf_doc **out) {
  if (!path || !out)
    return HG_ERR_RANGE;
  *out = NULL;
  FILE *fp = fopen(path, "wb");
  if (!fp)
    return HG_ERR_IO; /* errno says why */
  hg_pdf_doc *d = g_new0(hg_pdf_doc, 1);
  d->fp = fp;
  cairo_surface_t *s = cairo_pdf_surface_create_for_stream(pdf_write, d, 720, 480);
  if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(s);
    fclose(fp);
    g_free(d);
    return HG_ERR_IO;
  }
  char date[32];
  iso8601(meta ? meta->timestamp : 0, date, sizeof date);
  /* never the wall clock: the creation date comes from the run timestamp */
  cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, date);
  cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, date);
  char *title = plain_label(meta && meta->title ? meta->title : "healthgap charts");
  cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title);
  g_free(title);
  if (meta && meta->author)
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR, meta->author);
  cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "healthgap");
  d->surface = s;
  d->cr = cairo_create(s);
  *out = d;
  return HG_OK;
}

cairo_t *hg_pdf_begin_page(hg_pdf_doc *d, double w, double h) {
  if (!d || d->in_page)
    return NULL;
  cairo_pdf_surface_set_size(d->surface, w, h); /* before anything is drawn */
  d->in_page = true;
  return d->cr;
}

hg_status hg_pdf_end_page(hg_pdf_doc *d) {
  if (!d || !d->in_page)
    return HG_ERR_RANGE;
  cairo_show_page(d->cr);
  d->in_page = false;
  d->pages++;
  return HG_OK;
}

size_t hg_pdf_page_count(const hg_pdf_doc *d) {
  return d ? d->pages : 0;
}

hg_status hg_pdf_add_chart(hg_pdf_doc *d, const hg_chart_spec *spec,
                           const hg_chart_options *opt_in) {
  hg_chart_options opt = defaults(opt_in);
  cairo_t *cr = hg_pdf_begin_page(d, opt.width_pt, opt.height_pt);
  if (!cr)
    return HG_ERR_RANGE;
  hg_status st = hg_chart_draw(cr, opt.width_pt, opt.height_pt, spec, &opt);
  if (st == HG_OK && spec->title && *spec->title) {
    /* one bookmark per chart so a board pack can be navigated */
    char link[32];
    snprintf(link, sizeof link, "page=%zu", d->pages + 1);
    char *title = plain_label(spec->title);
    cairo_pdf_surface_add_outline(d->surface, CAIRO_PDF_OUTLINE_ROOT, title, link, 0);
    g_free(title);
  }
  hg_status e = hg_pdf_end_page(d);
  if (st == HG_OK)
    st = e;
  if (st != HG_OK && d->first_error == HG_OK)
    d->first_error = st;
  return st;
}

hg_status hg_pdf_close(hg_pdf_doc *d) {
  if (!d)
    return HG_OK;
  if (d->in_page)
    hg_pdf_end_page(d);
  hg_status st = d->first_error;
  cairo_surface_finish(d->surface);
  if (st == HG_OK && (cairo_status(d->cr) != CAIRO_STATUS_SUCCESS ||
                      cairo_surface_status(d->surface) != CAIRO_STATUS_SUCCESS))
    st = cairo_surface_status(d->surface) == CAIRO_STATUS_WRITE_ERROR ? HG_ERR_IO : HG_ERR_RENDER;
  cairo_destroy(d->cr);
  cairo_surface_destroy(d->surface);
  int error = d->write_errno;
  if (fclose(d->fp) != 0 && !error)
    error = errno ? errno : EIO;
  if (error && (st == HG_OK || st == HG_ERR_RENDER))
    st = HG_ERR_IO;
  g_free(d);
  if (st == HG_ERR_IO)
    errno = error ? error : EIO;
  return st;
}

/* ---- recordings: draw in parallel, assemble the PDF in order ---- */

struct hg_chart_recording {
  cairo_surface_t *surface;
  double w, h;
  char *title; /* bookmark */
};

hg_status hg_chart_record(const hg_chart_spec *spec, const hg_chart_options *opt_in,
                          hg_chart_recording **out) {
  if (!out)
    return HG_ERR_RANGE;
  *out = NULL;
  hg_chart_options opt = defaults(opt_in);
  cairo_rectangle_t ext = {0, 0, opt.width_pt, opt.height_pt};
  cairo_surface_t *s = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &ext);
  cairo_t *cr = cairo_create(s);
  hg_status st = hg_chart_draw(cr, opt.width_pt, opt.height_pt, spec, &opt);
  cairo_destroy(cr);
  if (st == HG_OK && cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
    st = HG_ERR_RENDER;
  if (st != HG_OK) {
    cairo_surface_destroy(s);
    return st;
  }
  hg_chart_recording *r = g_new0(hg_chart_recording, 1);
  r->surface = s;
  r->w = opt.width_pt;
  r->h = opt.height_pt;
  r->title = spec->title && *spec->title ? plain_label(spec->title) : NULL;
  *out = r;
  return HG_OK;
}

hg_status hg_pdf_add_recording(hg_pdf_doc *d, const hg_chart_recording *rec) {
  if (!d || !rec)
    return HG_ERR_RANGE;
  cairo_t *cr = hg_pdf_begin_page(d, rec->w, rec->h);
  if (!cr)
    return HG_ERR_RANGE;
  cairo_save(cr);
  cairo_set_source_surface(cr, rec->surface, 0, 0); /* replayed as vectors */
  cairo_paint(cr);
  cairo_restore(cr);
  if (rec->title) {
    char link[32];
    snprintf(link, sizeof link, "page=%zu", d->pages + 1);
    cairo_pdf_surface_add_outline(d->surface, CAIRO_PDF_OUTLINE_ROOT, rec->title, link, 0);
  }
  hg_status st = hg_pdf_end_page(d);
  if (st != HG_OK && d->first_error == HG_OK)
    d->first_error = st;
  return st;
}

void hg_chart_recording_free(hg_chart_recording *rec) {
  if (!rec)
    return;
  cairo_surface_destroy(rec->surface);
  g_free(rec->title);
  g_free(rec);
}
