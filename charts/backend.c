/* backend.c: surfaces and pages.  cairo already abstracts PNG and PDF, so the
 * back-end only owns the surface and page lifecycle (no back-end interface);
 * status is checked once per surface, after drawing. */
#include "internal.h"

#include "healthgap/text.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
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

/* hg_chart_draw, with the tooltips of the marks into hits (hg_hit) when not NULL. */
static hg_status draw_hits(cairo_t *cr, double w, double h, const hg_chart_spec *spec,
                           const hg_chart_options *opt_in, GString *hits) {
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
  cv.hits = hits;
  cv.spec = spec;
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

hg_status hg_chart_draw(cairo_t *cr, double w, double h, const hg_chart_spec *spec,
                        const hg_chart_options *opt) {
  return draw_hits(cr, w, h, spec, opt, NULL);
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

static char *plain_label(const char *s);

/* ---- SVG in memory ---- */

static cairo_status_t svg_append(void *closure, const unsigned char *data, unsigned int length) {
  g_string_append_len(closure, (const char *)data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* The ids of doc (id="..."), each once, in order of definition. */
static GHashTable *svg_ids(const char *doc, const char *prefix) {
  GHashTable *ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  guint n = 0;
  for (const char *q = strstr(doc, " id=\""); q; q = strstr(q + 1, " id=\"")) {
    const char *v = q + 5, *e = strchr(v, '"');
    if (!e)
      break;
    char *id = g_strndup(v, (gsize)(e - v));
    if (g_hash_table_contains(ids, id))
      g_free(id);
    else
      g_hash_table_insert(ids, id, g_strdup_printf("%s%u", prefix, ++n));
  }
  return ids;
}

/* The path data at q (after d=") with every number to 2 decimals (a
 * hundredth of a point: cairo writes 6, which triples a map's size); returns
 * the end of the data (its closing quote). */
static const char *svg_round_path(GString *out, const char *q) {
  while (*q && *q != '"') {
    if (!(g_ascii_isdigit(*q) || *q == '-' || *q == '.')) {
      g_string_append_c(out, *q++);
      continue;
    }
    char *end = NULL;
    double v = g_ascii_strtod(q, &end);
    if (end == q) {
      g_string_append_c(out, *q++);
      continue;
    }
    char b[G_ASCII_DTOSTR_BUF_SIZE];
    g_ascii_formatd(b, sizeof b, "%.2f", v);
    size_t n = strlen(b);
    while (n > 0 && b[n - 1] == '0')
      b[--n] = 0;
    if (n > 0 && b[n - 1] == '.')
      b[--n] = 0;
    g_string_append(out, strcmp(b, "-0") == 0 ? "0" : b);
    q = end;
  }
  return q;
}

/* At q, cairo's colour "rgb(r%,g%,b%)": when it is one of the palette's
 * significance colours, written as var(--hg-CLASS, rgb(...)), so that a
 * page can switch the colours of an inline chart by CSS (the site's
 * colour-blind switch); returns the end of what it wrote, or q. */
static const char *svg_sig_colour(GString *out, const char *q, const hg_theme *th) {
  static const char *const names[HG_CHART_SIG_COUNT] = {
      NULL, "better", "similar", "worse", "lower", "higher", "q1", "q2", "q3", "q4", "q5"};
  double c[3];
  const char *p = q + 4;
  for (int i = 0; i < 3; i++) {
    char *end = NULL;
    c[i] = g_ascii_strtod(p, &end);
    if (end == p || *end != '%' || end[1] != (i < 2 ? ',' : ')'))
      return q;
    p = end + 2;
  }
  for (int k = 1; k < HG_CHART_SIG_COUNT; k++) {
    hg_rgb s = th->sig[k];
    if (fabs(s.r * 100 - c[0]) < 0.01 && fabs(s.g * 100 - c[1]) < 0.01 &&
        fabs(s.b * 100 - c[2]) < 0.01) {
      g_string_append_printf(out, "var(--hg-%s,%.*s)", names[k], (int)(p - q), q);
      return p;
    }
  }
  return q;
}

/* doc with every id renamed prefix1, prefix2... in order of definition, and
 * the references to them (href="#x", url(#x)): several charts inline in one
 * page must not share cairo's ids ("glyph0-1", "clip1"), and cairo numbers
 * its surfaces process-wide ("surface12"), which would make the bytes depend
 * on what was drawn before.  Path data is rounded (svg_round_path) and the
 * significance colours named (svg_sig_colour). */
static GString *svg_rewrite(const char *doc, const char *prefix, const hg_theme *th) {
  GHashTable *ids = svg_ids(doc, prefix);
  GString *out = g_string_sized_new(strlen(doc));
  static const char *const opens[] = {" id=\"", "href=\"#", "url(#"};
  const char *q = doc;
  while (*q) {
    size_t k = 0, olen = 0;
    for (; k < G_N_ELEMENTS(opens); k++)
      if (g_str_has_prefix(q, opens[k])) {
        olen = strlen(opens[k]);
        break;
      }
    if (!olen && g_str_has_prefix(q, " d=\"")) {
      g_string_append(out, " d=\"");
      q = svg_round_path(out, q + 4);
      continue;
    }
    if (!olen && g_str_has_prefix(q, "rgb(")) {
      const char *e = svg_sig_colour(out, q, th);
      if (e != q) {
        q = e;
        continue;
      }
    }
    if (!olen) {
      g_string_append_c(out, *q++);
      continue;
    }
    const char *v = q + olen;
    size_t vl = strcspn(v, "\")");
    char *id = g_strndup(v, vl);
    const char *to = g_hash_table_lookup(ids, id);
    g_string_append_len(out, q, (gssize)olen);
    g_string_append(out, to ? to : id);
    g_free(id);
    q = v + vl;
  }
  g_hash_table_destroy(ids);
  return out;
}

/* The root element as the site needs it inline: no XML declaration, no fixed
 * size (the page scales it by its viewBox), an image role named by title. */
static char *svg_inline(const GString *doc, const char *title, const char *hits) {
  const char *root = strstr(doc->str, "<svg");
  const char *rend = root ? strchr(root, '>') : NULL;
  const char *vb = root ? strstr(root, "viewBox=\"") : NULL;
  const char *close = g_strrstr(doc->str, "</svg>");
  if (!rend || !vb || vb > rend || !close)
    return NULL;
  vb += 9;
  char *esc = g_markup_escape_text(title ? title : "Chart", -1);
  GString *o = g_string_new(NULL);
  g_string_append_printf(o,
                         "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                         "xmlns:xlink=\"http://www.w3.org/1999/xlink\" viewBox=\"%.*s\" "
                         "role=\"img\" aria-label=\"%s\" class=\"chart\">",
                         (int)strcspn(vb, "\""), vb, esc);
  g_string_append_len(o, rend + 1, close - (rend + 1));
  g_string_append_printf(o, "<g class=\"hits\" fill=\"transparent\">\n%s</g>\n</svg>\n", hits);
  g_free(esc);
  return g_string_free(o, FALSE);
}

hg_status hg_chart_write_svg(const hg_chart_spec *spec, const hg_chart_options *opt_in,
                             const char *id_prefix, char **out) {
  if (!spec || !out || !id_prefix)
    return HG_ERR_RANGE;
  *out = NULL;
  hg_chart_options opt = defaults(opt_in);
  GString *doc = g_string_new(NULL), *hits = g_string_new(NULL);
  cairo_surface_t *s =
      cairo_svg_surface_create_for_stream(svg_append, doc, opt.width_pt, opt.height_pt);
  cairo_t *cr = cairo_create(s);
  hg_status st = draw_hits(cr, opt.width_pt, opt.height_pt, spec, &opt, hits);
  cairo_destroy(cr);
  cairo_surface_finish(s);
  if (st == HG_OK && cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
    st = HG_ERR_RENDER;
  cairo_surface_destroy(s);
  if (st == HG_OK) {
    GString *named = svg_rewrite(doc->str, id_prefix, hg_theme_get(opt.palette));
    char *title = plain_label(spec->title ? spec->title : "Chart");
    *out = svg_inline(named, title, hits->str);
    g_free(title);
    g_string_free(named, TRUE);
    if (!*out)
      st = HG_ERR_RENDER;
  }
  g_string_free(doc, TRUE);
  g_string_free(hits, TRUE);
  return st;
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
