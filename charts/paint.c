/* paint.c: the one painter over cairo and Pango: fonts, text, rectangles, lines,
 * markers and pixel snapping (odd line widths on half pixels in PNGs).  Text is
 * measured and drawn by the same layout call so that boxes and ink agree. */
#include "internal.h"

#include "healthgap/text.h"

#include <fontconfig/fontconfig.h>
#include <pango/pangofc-fontmap.h>
#include <stdarg.h>
#include <string.h>

#ifndef HG_FONT_DIR
#define HG_FONT_DIR "/usr/share/fonts/truetype/dejavu"
#endif

/* Fonts are per thread: a PangoFontMap is not shared between threads safely. */
static _Thread_local PangoFontMap *tl_fontmap;

void hg_chart_thread_done(void) {
  if (tl_fontmap) {
    g_object_unref(tl_fontmap);
    tl_fontmap = NULL;
  }
}

/* A Pango context over fm with the font options every canvas draws with. */
static PangoContext *new_context(PangoFontMap *fm) {
  PangoContext *pctx = pango_font_map_create_context(fm);
  cairo_font_options_t *fo = cairo_font_options_create();
  cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
  cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options(pctx, fo);
  cairo_font_options_destroy(fo);
  pango_cairo_context_set_resolution(pctx, 72.0);
  pango_context_set_round_glyph_positions(pctx, FALSE);
  return pctx;
}

/* cairo (1.16 on Debian 12, and still upstream) keeps the font faces of one
 * font file in a list that _cairo_ft_font_face_create searches and extends, and
 * _cairo_ft_font_face_destroy unlinks from, without a lock, and it shares
 * them by file across the whole process.  Every thread's font map
 * asks cairo for DejaVu Sans's faces when it first lays out text, so two
 * workers starting together could both miss and both add a face for the same
 * file: a pack whose chart pages came from both then embeds each font twice
 * (its bytes differ from a run with one job, tests/cli/run_safety.sh section
 * 5), and a face freed while another thread walks the list is a use after
 * free.  So the first thread to draw makes the faces every canvas uses while
 * the others wait (g_once in fontmap), and holds them for the life of the
 * process: other threads only find them, and none drops the last reference. */
static cairo_font_face_t *held_faces[8];
static size_t n_held;

/* Holds the faces of the fonts l is laid out in. */
static void hold_layout_faces(PangoLayout *l) {
  PangoLayoutIter *it = pango_layout_get_iter(l);
  do {
    PangoLayoutRun *run = pango_layout_iter_get_run_readonly(it);
    if (!run)
      continue;
    cairo_scaled_font_t *sf =
        pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(run->item->analysis.font));
    cairo_font_face_t *f = sf ? cairo_scaled_font_get_font_face(sf) : NULL;
    bool have = f == NULL;
    for (size_t i = 0; i < n_held && !have; i++)
      have = held_faces[i] == f;
    if (!have && n_held < G_N_ELEMENTS(held_faces))
      held_faces[n_held++] = cairo_font_face_reference(f);
  } while (pango_layout_iter_next_run(it));
  pango_layout_iter_free(it);
}

/* The faces of both weights as text is measured (no target) and as it is
 * drawn on a recording (PDF pages) and an image (PNG) target, whose font
 * options pango merges into the fonts it asks cairo for. */
static gpointer hold_faces(gpointer data) {
  PangoFontMap *fm = data;
  cairo_surface_t *targets[] = {cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, NULL),
                                cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1)};
  for (size_t t = 0; t < G_N_ELEMENTS(targets); t++) {
    cairo_t *cr = cairo_create(targets[t]);
    for (int bold = 0; bold < 2; bold++) {
      PangoContext *pctx = new_context(fm);
      PangoLayout *l = pango_layout_new(pctx);
      PangoFontDescription *d = pango_font_description_new();
      pango_font_description_set_family(d, "DejaVu Sans");
      pango_font_description_set_absolute_size(d, 10 * PANGO_SCALE);
      pango_font_description_set_weight(d, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
      pango_layout_set_font_description(l, d);
      pango_font_description_free(d);
      pango_layout_set_text(l, "0", -1);
      hold_layout_faces(l);
      pango_cairo_update_layout(cr, l);
      hold_layout_faces(l);
      g_object_unref(l);
      g_object_unref(pctx);
    }
    cairo_destroy(cr);
    cairo_surface_destroy(targets[t]);
  }
  return NULL;
}

/* A private fontconfig configuration holding only DejaVu Sans, so that no other
 * installed font can ever be substituted (reproducible output). */
static PangoFontMap *fontmap(void) {
  if (tl_fontmap)
    return tl_fontmap;
  FcConfig *cfg = FcConfigCreate();
  if (!cfg)
    return NULL;
  const char *dir = getenv("HG_FONT_DIR");
  if (!dir || !*dir)
    dir = HG_FONT_DIR;
  static const char *files[] = {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf"};
  int added = 0;
  for (size_t i = 0; i < 2; i++) {
    char *p = g_build_filename(dir, files[i], NULL);
    if (FcConfigAppFontAddFile(cfg, (const FcChar8 *)p))
      added++;
    g_free(p);
  }
  if (added == 0) {
    FcConfigDestroy(cfg);
    return NULL;
  }
  PangoFontMap *fm = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
  if (!fm) {
    FcConfigDestroy(cfg);
    return NULL;
  }
  pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(fm), cfg);
  FcConfigDestroy(cfg); /* the font map holds its own reference */
  tl_fontmap = fm;
  static GOnce held = G_ONCE_INIT;
  g_once(&held, hold_faces, fm);
  return fm;
}

hg_status hg_canvas_open(hg_canvas *cv, cairo_t *cr, double w, double h,
                         const hg_chart_options *opt);
void hg_canvas_close(hg_canvas *cv);

hg_status hg_canvas_open(hg_canvas *cv, cairo_t *cr, double w, double h,
                         const hg_chart_options *opt) {
  memset(cv, 0, sizeof *cv);
  PangoFontMap *fm = fontmap();
  if (!fm)
    return HG_ERR_RENDER;
  cv->cr = cr;
  cv->w = w;
  cv->h = h;
  cv->opt = opt;
  cv->stats = opt->stats;
  cv->th = hg_theme_get(opt->palette);
  cairo_surface_type_t t = cairo_surface_get_type(cairo_get_target(cr));
  cv->vector = t == CAIRO_SURFACE_TYPE_PDF || t == CAIRO_SURFACE_TYPE_SVG ||
               t == CAIRO_SURFACE_TYPE_PS || t == CAIRO_SURFACE_TYPE_RECORDING;
  cv->pctx = new_context(fm);
  for (int i = 0; i < HG_FONT_COUNT; i++) {
    PangoFontDescription *d = pango_font_description_new();
    pango_font_description_set_family(d, "DejaVu Sans");
    pango_font_description_set_absolute_size(d, cv->th->font_pt[i] * PANGO_SCALE);
    pango_font_description_set_weight(d, cv->th->font_bold[i] ? PANGO_WEIGHT_BOLD
                                                              : PANGO_WEIGHT_NORMAL);
    cv->fonts[i] = d;
  }
  cv->notes = g_string_new(NULL);
  cairo_set_operator(cr, CAIRO_OPERATOR_OVER);
  hg_layout_dump_begin(cv);
  return HG_OK;
}

void hg_canvas_close(hg_canvas *cv) {
  hg_layout_dump_end(cv);
  for (int i = 0; i < HG_FONT_COUNT; i++)
    if (cv->fonts[i])
      pango_font_description_free(cv->fonts[i]);
  if (cv->pctx)
    g_object_unref(cv->pctx);
  if (cv->notes)
    g_string_free(cv->notes, TRUE);
  memset(cv, 0, sizeof *cv);
}

hg_text_style hg_style(const hg_canvas *cv, hg_font f) {
  hg_text_style s = {.font = f, .colour = cv->th->role[HG_C_TEXT], .align = PANGO_ALIGN_LEFT};
  if (f == HG_FONT_NOTE || f == HG_FONT_SUBTITLE || f == HG_FONT_TICK)
    s.colour = cv->th->role[HG_C_SUBTLE];
  return s;
}

static PangoLayout *layout_for(hg_canvas *cv, const hg_text_style *st, const char *text) {
  PangoLayout *l = pango_layout_new(cv->pctx);
  PangoFontDescription *d = cv->fonts[st->font];
  PangoFontDescription *bold = NULL;
  if (st->bold || (st->scale > 0 && st->scale != 1)) {
    bold = pango_font_description_copy(d);
    if (st->bold)
      pango_font_description_set_weight(bold, PANGO_WEIGHT_BOLD);
    if (st->scale > 0 && st->scale != 1)
      pango_font_description_set_absolute_size(bold,
                                               cv->th->font_pt[st->font] * st->scale * PANGO_SCALE);
    d = bold;
  }
  pango_layout_set_font_description(l, d);
  if (bold)
    pango_font_description_free(bold);
  if (st->max_width > 0) {
    pango_layout_set_width(l, (int)(st->max_width * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    if (st->max_lines > 0) {
      pango_layout_set_height(l, -st->max_lines);
      pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
    }
  }
  pango_layout_set_alignment(l, st->align);
  /* Every label drawn passes here: one from the data with a bidi control
   * (U+202E...) would be drawn reordered, so it is drawn without them. */
  if (hg_text_has_bidi(text)) {
    char *plain = g_strdup(text);
    hg_text_strip_bidi(plain);
    pango_layout_set_text(l, plain, -1);
    g_free(plain);
  } else {
    pango_layout_set_text(l, text ? text : "", -1);
  }
  return l;
}

static void extents(PangoLayout *l, double *w, double *h) {
  PangoRectangle log;
  pango_layout_get_extents(l, NULL, &log);
  *w = (double)log.width / PANGO_SCALE;
  *h = (double)log.height / PANGO_SCALE;
}

void hg_text_size(hg_canvas *cv, const hg_text_style *st, const char *text, double *w, double *h) {
  PangoLayout *l = layout_for(cv, st, text);
  extents(l, w, h);
  g_object_unref(l);
}

/* r (user space) as a box in page coordinates, whatever transform is in force. */
static hg_rect page_box(hg_canvas *cv, hg_rect r) {
  cairo_matrix_t m;
  cairo_get_matrix(cv->cr, &m);
  double xs[4] = {r.x, r.x + r.w, r.x, r.x + r.w}, ys[4] = {r.y, r.y, r.y + r.h, r.y + r.h};
  double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
  for (int k = 0; k < 4; k++) {
    cairo_matrix_transform_point(&m, &xs[k], &ys[k]);
    x0 = fmin(x0, xs[k]);
    x1 = fmax(x1, xs[k]);
    y0 = fmin(y0, ys[k]);
    y1 = fmax(y1, ys[k]);
  }
  return (hg_rect){x0, y0, x1 - x0, y1 - y0};
}

/* The clip in force, in page coordinates (the canvas when none is set). */
static hg_rect clip_box(hg_canvas *cv) {
  double x0, y0, x1, y1;
  cairo_clip_extents(cv->cr, &x0, &y0, &x1, &y1);
  hg_rect c = page_box(cv, (hg_rect){x0, y0, x1 - x0, y1 - y0});
  /* an unbounded clip (a recording surface) is the canvas */
  if (!isfinite(c.w) || c.w > 1e6 || c.h > 1e6)
    c = (hg_rect){0, 0, cv->w, cv->h};
  return c;
}

bool hg_text_ellipsized(hg_canvas *cv, const hg_text_style *st, const char *text) {
  PangoLayout *l = layout_for(cv, st, text);
  bool cut = pango_layout_is_ellipsized(l);
  g_object_unref(l);
  return cut;
}

static void record(hg_canvas *cv, hg_rect r, const char *text, PangoLayout *l, double pt) {
  if (!cv->stats)
    return;
  cv->stats->texts++;
  cv->stats->unknown_glyphs += (size_t)pango_layout_get_unknown_glyphs_count(l);
  if (!cv->stats->record_boxes)
    return;
  hg_chart_stats *s = cv->stats;
  /* the size as printed: a text drawn under a scale is that much smaller */
  cairo_matrix_t m;
  cairo_get_matrix(cv->cr, &m);
  pt *= sqrt(fabs(m.xx * m.yy - m.xy * m.yx));
  r = page_box(cv, r);
  hg_rect c = clip_box(cv);
  s->boxes = g_realloc_n(s->boxes, s->nboxes + 1, sizeof *s->boxes);
  s->boxes[s->nboxes] = (hg_text_box){r.x, r.y, r.w, r.h, g_strdup(text), pt, c.x, c.y, c.w, c.h};
  s->nboxes++;
}

/* The size a style draws at, in points. */
static double style_pt(const hg_canvas *cv, const hg_text_style *st) {
  return cv->th->font_pt[st->font] * (st->scale > 0 ? st->scale : 1);
}

void hg_mark(hg_canvas *cv, hg_mark_kind kind, hg_rect r) {
  hg_chart_stats *s = cv->stats;
  if (!s)
    return;
  size_t *count[HG_MARK_KIND_COUNT] = {[HG_MARK_BAR] = &s->bars,
                                       [HG_MARK_WHISKER] = &s->whiskers,
                                       [HG_MARK_MARKER] = &s->markers,
                                       [HG_MARK_CELL] = &s->cells};
  if ((unsigned)kind < HG_MARK_KIND_COUNT && count[kind])
    (*count[kind])++;
  if (!s->record_boxes)
    return;
  r = page_box(cv, r);
  hg_rect c = clip_box(cv);
  s->marks = g_realloc_n(s->marks, s->nmarks + 1, sizeof *s->marks);
  s->marks[s->nmarks++] = (hg_chart_mark){kind, r.x, r.y, r.w, r.h, c.x, c.y, c.w, c.h};
}

hg_rect hg_text(hg_canvas *cv, const hg_text_style *st, const char *text, double x, double y,
                double ax, double ay) {
  PangoLayout *l = layout_for(cv, st, text);
  double w, h;
  extents(l, &w, &h);
  /* With a wrap width, the layout box is the wrap width; anchor on what is inked. */
  double bw = w;
  if (st->max_width > 0 && st->align != PANGO_ALIGN_LEFT)
    bw = st->max_width;
  hg_rect r = {x - ax * bw, y - ay * h, bw, h};
  if (st->max_width > 0 && st->align == PANGO_ALIGN_RIGHT)
    r.w = w, r.x = x - ax * bw + (bw - w);
  cairo_save(cv->cr);
  hg_set(cv, st->colour);
  cairo_move_to(cv->cr, x - ax * bw, r.y);
  pango_cairo_update_layout(cv->cr, l);
  pango_cairo_show_layout(cv->cr, l);
  cairo_restore(cv->cr);
  record(cv, r, text, l, style_pt(cv, st));
  g_object_unref(l);
  return r;
}

void hg_text_up(hg_canvas *cv, const hg_text_style *st, const char *text, double x, double y) {
  PangoLayout *l = layout_for(cv, st, text);
  double w, h;
  extents(l, &w, &h);
  PangoRectangle log;
  pango_layout_get_extents(l, NULL, &log);
  double lx = (double)log.x / PANGO_SCALE; /* aligned text inside a wrap width starts here */
  cairo_save(cv->cr);
  hg_set(cv, st->colour);
  cairo_translate(cv->cr, x, y);
  cairo_rotate(cv->cr, -G_PI / 2);
  cairo_move_to(cv->cr, -lx - w / 2, -h / 2);
  pango_cairo_update_layout(cv->cr, l);
  pango_cairo_show_layout(cv->cr, l);
  cairo_restore(cv->cr);
  record(cv, (hg_rect){x - h / 2, y - w / 2, h, w}, text, l, style_pt(cv, st));
  g_object_unref(l);
}

void hg_set(hg_canvas *cv, hg_rgb c) {
  cairo_set_source_rgb(cv->cr, c.r, c.g, c.b);
}

/* GOffice's rule in device space: odd widths on pixel centres, even on edges;
 * raster only, so PDFs keep exact coordinates. */
double hg_snap(const hg_canvas *cv, double v, double width, bool horizontal) {
  if (cv->vector)
    return v;
  double x = horizontal ? 0 : v, y = horizontal ? v : 0;
  cairo_user_to_device(cv->cr, &x, &y);
  double wx = width, wy = width;
  cairo_user_to_device_distance(cv->cr, &wx, &wy);
  double d = horizontal ? y : x;
  long wd = lround(fabs(horizontal ? wy : wx));
  d = (wd % 2 == 1) ? floor(d) + 0.5 : floor(d + 0.5);
  if (horizontal)
    y = d;
  else
    x = d;
  cairo_device_to_user(cv->cr, &x, &y);
  return horizontal ? y : x;
}

void hg_fill_rect(hg_canvas *cv, hg_rect r, hg_rgb fill, const hg_rgb *border) {
  double x0 = r.x, y0 = r.y, x1 = r.x + r.w, y1 = r.y + r.h;
  if (!cv->vector) { /* whole device pixels so neighbours abut without seams */
    x0 = hg_snap(cv, x0, 0, false);
    x1 = hg_snap(cv, x1, 0, false);
    y0 = hg_snap(cv, y0, 0, true);
    y1 = hg_snap(cv, y1, 0, true);
  }
  cairo_rectangle(cv->cr, x0, y0, x1 - x0, y1 - y0);
  hg_set(cv, fill);
  if (border) {
    cairo_fill_preserve(cv->cr);
    hg_set(cv, *border);
    cairo_set_line_width(cv->cr, 0.5);
    cairo_stroke(cv->cr);
  } else {
    cairo_fill(cv->cr);
  }
}

void hg_line(hg_canvas *cv, double x0, double y0, double x1, double y1, double width, hg_rgb c) {
  if (x0 == x1)
    x0 = x1 = hg_snap(cv, x0, width, false);
  if (y0 == y1)
    y0 = y1 = hg_snap(cv, y0, width, true);
  cairo_move_to(cv->cr, x0, y0);
  cairo_line_to(cv->cr, x1, y1);
  cairo_set_line_width(cv->cr, width);
  hg_set(cv, c);
  cairo_stroke(cv->cr);
  if (cv->stats)
    cv->stats->lines++;
}

/* shape: 0 circle, 1 diamond, 2 square, 3 triangle up, 4 triangle down */
void hg_marker(hg_canvas *cv, double x, double y, double r, int shape, hg_rgb fill, hg_rgb edge) {
  cairo_t *cr = cv->cr;
  cairo_new_path(cr);
  switch (shape) {
  case 1:
    cairo_move_to(cr, x, y - r * 1.25);
    cairo_line_to(cr, x + r * 1.25, y);
    cairo_line_to(cr, x, y + r * 1.25);
    cairo_line_to(cr, x - r * 1.25, y);
    cairo_close_path(cr);
    break;
  case 2:
    cairo_rectangle(cr, x - r, y - r, 2 * r, 2 * r);
    break;
  case 3:
  case 4: {
    double s = shape == 3 ? 1 : -1;
    cairo_move_to(cr, x, y - s * r * 1.2);
    cairo_line_to(cr, x + r * 1.1, y + s * r * 0.8);
    cairo_line_to(cr, x - r * 1.1, y + s * r * 0.8);
    cairo_close_path(cr);
    break;
  }
  default:
    cairo_arc(cr, x, y, r, 0, 2 * G_PI);
  }
  hg_set(cv, fill);
  cairo_fill_preserve(cr);
  hg_set(cv, edge);
  cairo_set_line_width(cr, 0.6);
  cairo_stroke(cr);
  hg_mark(cv, HG_MARK_MARKER, (hg_rect){x - r * 1.25, y - r * 1.25, r * 2.5, r * 2.5});
}

void hg_note(hg_canvas *cv, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *s = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  if (!strstr(cv->notes->str, s)) { /* each note once */
    if (cv->notes->len)
      g_string_append_c(cv->notes, ' ');
    g_string_append(cv->notes, s);
  }
  g_free(s);
}

/* ---- tooltips (SVG) ---- */

/* "Camden (2019): 12.3 (95% CI 10.1 to 14.5); Better" */
static char *hit_text(const hg_chart_spec *spec, const hg_chart_point *p, const char *series) {
  int dec = spec->decimals >= 0 ? spec->decimals : hg_spec_auto_decimals(spec);
  char v[48], lo[48], hi[48];
  GString *t = g_string_new(p->label ? p->label : "");
  if (series && *series && (!p->label || strcmp(series, p->label) != 0))
    g_string_append_printf(t, "%s%s", t->len ? ", " : "", series);
  if (p->period && *p->period)
    g_string_append_printf(t, " (%s)", p->period);
  if (isfinite(p->value))
    g_string_append_printf(t, ": %s", hg_chart_format(p->value, dec, v, sizeof v));
  else
    g_string_append(t, ": no value");
  if (isfinite(p->value) && isfinite(p->lower) && isfinite(p->upper))
    g_string_append_printf(t, " (95%% CI %s to %s)", hg_chart_format(p->lower, dec, lo, sizeof lo),
                           hg_chart_format(p->upper, dec, hi, sizeof hi));
  if (p->sig != HG_CHART_SIG_NONE)
    g_string_append_printf(t, "; %s", hg_chart_sig_label(p->sig));
  char *plain = g_string_free(t, FALSE);
  hg_text_strip_bidi(plain);
  return plain;
}

static void hit_coord(GString *d, char op, double x, double y) {
  char bx[G_ASCII_DTOSTR_BUF_SIZE], by[G_ASCII_DTOSTR_BUF_SIZE];
  g_string_append_printf(d, "%c%s %s", op, g_ascii_formatd(bx, sizeof bx, "%.2f", x),
                         g_ascii_formatd(by, sizeof by, "%.2f", y));
}

void hg_hit(hg_canvas *cv, const hg_chart_point *p, const char *series) {
  if (!cv->hits)
    return;
  cairo_path_t *path = cairo_copy_path_flat(cv->cr);
  GString *d = g_string_new(NULL);
  for (int i = 0; i < path->num_data; i += path->data[i].header.length) {
    const cairo_path_data_t *e = &path->data[i];
    double x, y;
    switch (e->header.type) {
    case CAIRO_PATH_MOVE_TO:
    case CAIRO_PATH_LINE_TO:
      x = e[1].point.x;
      y = e[1].point.y;
      cairo_user_to_device(cv->cr, &x, &y); /* the SVG's units: points, untransformed */
      hit_coord(d, e->header.type == CAIRO_PATH_MOVE_TO ? 'M' : 'L', x, y);
      break;
    case CAIRO_PATH_CLOSE_PATH:
      g_string_append_c(d, 'Z');
      break;
    default: /* flat: no curves */
      break;
    }
  }
  cairo_path_destroy(path);
  if (d->len) {
    char *text = hit_text(cv->spec, p, series);
    char *esc = g_markup_escape_text(text, -1);
    g_string_append_printf(cv->hits, "<path d=\"%s\"><title>%s</title></path>\n", d->str, esc);
    g_free(esc);
    g_free(text);
  }
  g_string_free(d, TRUE);
}

void hg_hit_rect(hg_canvas *cv, hg_rect r, const hg_chart_point *p, const char *series) {
  if (!cv->hits)
    return;
  cairo_save(cv->cr);
  cairo_new_path(cv->cr);
  cairo_rectangle(cv->cr, r.x, r.y, r.w, r.h);
  hg_hit(cv, p, series);
  cairo_new_path(cv->cr);
  cairo_restore(cv->cr);
}
