/* map.c: choropleth of the spec's polygons (docs/charts.md): local equirectangular
 * projection with cos(phi0) of the layer's bbox (<= 0.45% error over London, no
 * PROJ), north up, one path per feature filled even-odd (holes whatever the
 * winding), thin white borders to hide seams, a classed or gradient legend and
 * the OS/ONS attribution line with the year of the run timestamp.  Classes and
 * quintile bounds come with the spec (the builder computes them); only the
 * continuous scale's ends are read off the mapped values here. */
#include "internal.h"

#include <string.h>
#include <time.h>

static const hg_chart_point *find(const hg_chart_spec *spec, const char *code) {
  if (!code)
    return NULL;
  for (size_t s = 0; s < spec->nseries; s++)
    for (size_t i = 0; i < spec->series[s].n; i++)
      if (spec->series[s].pts[i].code && strcmp(spec->series[s].pts[i].code, code) == 0)
        return &spec->series[s].pts[i];
  return NULL;
}

static bool is_quintile(hg_chart_sig s) {
  return s >= HG_CHART_SIG_Q1 && s <= HG_CHART_SIG_Q5;
}

/* One map being drawn: its fill once the data have been looked at, the
 * continuous scale's ends, and the projection onto the page. */
typedef struct map_view {
  const hg_chart_spec *spec;
  const hg_boundaries *g;
  hg_map_fill fill;
  size_t nv, nodata; /* features with a value; features drawn grey */
  double lo, hi;     /* the continuous scale's ends */
  double k, sc, ox, oy;
} map_view;

/* Looks at the features' values: how many, their range, how many are grey,
 * and the fill that can be drawn (a quintile fill needs 5 values and the
 * spec's bounds), with a note for what is not drawn. */
static void map_scan(hg_canvas *cv, map_view *m) {
  const hg_chart_spec *spec = m->spec;
  m->lo = INFINITY;
  m->hi = -INFINITY;
  for (size_t i = 0; i < m->g->n; i++) {
    const hg_chart_point *p = find(spec, m->g->f[i].code);
    if (p && isfinite(p->value)) {
      m->nv++;
      m->lo = fmin(m->lo, p->value);
      m->hi = fmax(m->hi, p->value);
    }
    if (!p || (spec->map_fill != HG_MAP_FILL_SIG && !isfinite(p->value)))
      m->nodata++;
  }
  if (!m->nv) {
    m->lo = 0;
    m->hi = 1;
  }
  m->fill = spec->map_fill;
  if (m->fill == HG_MAP_FILL_QUINTILE && m->nv < 5) {
    m->fill = HG_MAP_FILL_CONTINUOUS;
    hg_note(cv, "Fewer than 5 values: quintiles not computed.");
  } else if (m->fill == HG_MAP_FILL_QUINTILE &&
             !(isfinite(spec->map_bounds[0]) && isfinite(spec->map_bounds[5]))) {
    m->fill = HG_MAP_FILL_CONTINUOUS;
    hg_note(cv, "No quintile bounds given: continuous scale.");
  }
  if (m->nodata)
    hg_note(cv, "%zu area%s without data in grey.", m->nodata, m->nodata == 1 ? "" : "s");
}

/* The legend's swatches: the significance classes, or the quintiles with the
 * spec's bounds (labels written into qlab), then "No data". */
static size_t map_legend_items(hg_canvas *cv, const map_view *m, hg_legend_item items[16],
                               char qlab[5][64]) {
  size_t ni = 0;
  int dec = hg_spec_auto_decimals(m->spec);
  if (m->fill == HG_MAP_FILL_SIG) {
    ni = hg_chart_sig_legend(cv, m->spec, items, 12);
  } else if (m->fill == HG_MAP_FILL_QUINTILE) {
    const double *bounds = m->spec->map_bounds;
    for (int k = 0; k < 5; k++) {
      char a[32], b[32];
      snprintf(qlab[k], 64, "Q%d: %s to %s", k + 1, hg_chart_format(bounds[k], dec, a, sizeof a),
               hg_chart_format(bounds[k + 1], dec, b, sizeof b));
      items[ni++] = (hg_legend_item){qlab[k], cv->th->sig[HG_CHART_SIG_Q1 + k], 0};
    }
  }
  if (m->nodata && ni < 16)
    items[ni++] = (hg_legend_item){"No data", cv->th->role[HG_C_NODATA], 0};
  return ni;
}

/* Local equirectangular projection of the features' extent into box, centred. */
static void map_project(map_view *m, hg_rect box) {
  const hg_boundaries *g = m->g;
  double phi0 = (g->miny + g->maxy) / 2 * G_PI / 180;
  m->k = g->planar ? 1 : cos(phi0);
  double pw = (g->maxx - g->minx) * m->k, ph = g->maxy - g->miny;
  m->sc = fmin(box.w / pw, box.h / ph);
  m->ox = box.x + (box.w - pw * m->sc) / 2;
  m->oy = box.y + (box.h - ph * m->sc) / 2;
}

/* Adds a closed ring to the current path, north up. */
static void map_ring(cairo_t *cr, const map_view *m, const hg_bnd_ring *ring) {
  for (size_t j = 0; j < ring->n; j++) {
    double x = m->ox + (ring->xy[2 * j] - m->g->minx) * m->k * m->sc;
    double y = m->oy + (m->g->maxy - ring->xy[2 * j + 1]) * m->sc;
    j ? cairo_line_to(cr, x, y) : cairo_move_to(cr, x, y);
  }
  cairo_close_path(cr);
}

/* Every feature filled by its class (or the continuous scale, or grey) with a
 * thin white border, then the outline on top, clipped to box. */
static void map_features(hg_canvas *cv, const map_view *m, hg_rect box) {
  const hg_boundaries *g = m->g;
  cairo_t *cr = cv->cr;
  cairo_save(cr);
  cairo_rectangle(cr, box.x, box.y, box.w, box.h);
  cairo_clip(cr);
  cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
  for (size_t i = 0; i < g->n; i++) {
    const hg_bnd_feature *f = &g->f[i];
    cairo_new_path(cr);
    for (size_t r = 0; r < f->nrings; r++)
      map_ring(cr, m, &f->rings[r]);
    const hg_chart_point *p = find(m->spec, f->code);
    hg_rgb c = cv->th->role[HG_C_NODATA];
    if (p && m->fill == HG_MAP_FILL_SIG)
      c = cv->th->sig[p->sig];
    else if (p && is_quintile(p->sig) && m->fill == HG_MAP_FILL_QUINTILE)
      c = cv->th->sig[p->sig];
    else if (p && isfinite(p->value))
      c = hg_theme_ramp(cv->th, m->hi > m->lo ? (p->value - m->lo) / (m->hi - m->lo) : 0.5);
    if (p)
      hg_hit(cv, p, NULL);
    hg_set(cv, c);
    cairo_fill_preserve(cr);
    hg_set(cv, (hg_rgb){1, 1, 1});
    cairo_set_line_width(cr, g->n > 200 ? 0.25 : 0.6);
    cairo_stroke(cr);
    if (cv->stats)
      cv->stats->polygons++;
  }
  if (m->spec->outline) { /* context outline, same projection, on top of the fills */
    const hg_boundaries *ol = m->spec->outline;
    cairo_new_path(cr);
    for (size_t i = 0; i < ol->n; i++)
      for (size_t r = 0; r < ol->f[i].nrings; r++)
        map_ring(cr, m, &ol->f[i].rings[r]);
    hg_set(cv, cv->th->role[HG_C_AXIS]);
    cairo_set_line_width(cr, 0.7);
    cairo_stroke(cr);
  }
  cairo_restore(cr);
}

/* The tick labels' style: tick size in the text colour. */
static hg_text_style ink_style(hg_canvas *cv) {
  hg_text_style st = hg_style(cv, HG_FONT_TICK);
  st.colour = cv->th->role[HG_C_TEXT];
  return st;
}

static void north_arrow(hg_canvas *cv, hg_rect box) {
  cairo_t *cr = cv->cr;
  double nx = box.x + 12, ny = box.y + 6;
  cairo_move_to(cr, nx, ny);
  cairo_line_to(cr, nx + 5, ny + 14);
  cairo_line_to(cr, nx, ny + 10);
  cairo_line_to(cr, nx - 5, ny + 14);
  cairo_close_path(cr);
  hg_set(cv, cv->th->role[HG_C_TEXT]);
  cairo_fill(cr);
  hg_text_style st = ink_style(cv);
  hg_text(cv, &st, "N", nx, ny + 16, 0.5, 0);
}

/* The continuous scale: a vertical colour ramp of height gh at (lx, ly) with
 * ticks over [lo, hi]. */
static void colour_ramp(hg_canvas *cv, const map_view *m, double lx, double ly, double gh) {
  cairo_t *cr = cv->cr;
  double gw = 14;
  cairo_pattern_t *pat = cairo_pattern_create_linear(0, ly + gh, 0, ly);
  for (int s = 0; s <= 8; s++) {
    hg_rgb c = hg_theme_ramp(cv->th, s / 8.0);
    cairo_pattern_add_color_stop_rgb(pat, s / 8.0, c.r, c.g, c.b);
  }
  cairo_rectangle(cr, lx, ly, gw, gh);
  cairo_set_source(cr, pat);
  cairo_fill(cr);
  cairo_pattern_destroy(pat);
  hg_axis ax;
  double lo = m->lo, hi = m->hi;
  hg_axis_fit_measured(cv, &ax, lo, hi, gh, 30, false, false);
  hg_text_style st = ink_style(cv);
  char b[32];
  for (int i = 0; i < ax.t.n; i++) {
    double v = ax.t.lmin + i * ax.t.step;
    if (v < lo - 1e-9 || v > hi + 1e-9)
      continue;
    double y = ly + gh - (hi > lo ? (v - lo) / (hi - lo) : 0.5) * gh;
    hg_line(cv, lx + gw, y, lx + gw + 3, y, 0.5, cv->th->role[HG_C_AXIS]);
    hg_text(cv, &st, hg_chart_format(v, ax.t.decimals, b, sizeof b), lx + gw + 5, y, 0, 0.5);
  }
}

/* The legend right of the map at lx, from the top of box: its title, then
 * the colour ramp (continuous) or one swatch per line. */
static void map_legend(hg_canvas *cv, const map_view *m, hg_rect box, double lx, double leg_w,
                       const hg_legend_item *items, size_t ni) {
  hg_text_style lt = hg_style(cv, HG_FONT_AXIS);
  lt.max_width = leg_w;
  const char *y_label = m->spec->y_label ? m->spec->y_label : "Value";
  hg_rect tr = hg_text(cv, &lt,
                       m->fill == HG_MAP_FILL_SIG        ? "Compared with benchmark"
                       : m->fill == HG_MAP_FILL_QUINTILE ? "Quintiles"
                                                         : y_label,
                       lx, box.y, 0, 0);
  double ly = box.y + tr.h + 6;
  if (m->fill == HG_MAP_FILL_CONTINUOUS && m->nv) {
    double gh = fmin(160, box.h - 60);
    colour_ramp(cv, m, lx, ly, gh);
    ly += gh + 8;
    if (m->nodata)
      hg_legend(cv, items, ni, lx, ly, leg_w, true);
  } else {
    for (size_t i = 0; i < ni; i++) /* one swatch per line */
      ly += hg_legend(cv, &items[i], 1, lx, ly, leg_w, true) + 4;
  }
}

hg_status hg_draw_map(hg_canvas *cv, const hg_chart_spec *spec) {
  map_view m = {.spec = spec, .g = spec->geo};
  map_scan(cv, &m);
  time_t ts = (time_t)cv->opt->timestamp;
  struct tm tm;
  gmtime_r(&ts, &tm);
  char attr[256];
  snprintf(attr, sizeof attr,
           "Contains OS data \xC2\xA9 Crown copyright and database right %d. Contains National "
           "Statistics data \xC2\xA9 Crown copyright and database right %d. Source: ONS, OGL v3.0.",
           tm.tm_year + 1900, tm.tm_year + 1900);
  hg_rect body = hg_frame_header(cv, spec);
  double foot = hg_frame_footer_height(cv, spec, 1);
  hg_rect box = {body.x, body.y, body.w, body.h - foot - 6};
  /* legend on the right */
  hg_legend_item items[16];
  char qlab[5][64];
  size_t ni = map_legend_items(cv, &m, items, qlab);
  double leg_w = m.fill == HG_MAP_FILL_CONTINUOUS ? 90 : 150;
  hg_rect mapbox = {box.x, box.y, box.w - leg_w - 10, box.h};
  map_project(&m, mapbox);
  map_features(cv, &m, mapbox);
  north_arrow(cv, mapbox);
  map_legend(cv, &m, box, mapbox.x + mapbox.w + 10, leg_w, items, ni);
  hg_frame_footer(cv, spec, attr);
  return HG_OK;
}
