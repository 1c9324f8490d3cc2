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

hg_status hg_draw_map(hg_canvas *cv, const hg_chart_spec *spec) {
  const hg_boundaries *g = spec->geo;
  size_t nodata = 0, nv = 0;
  double lo = INFINITY, hi = -INFINITY; /* the continuous scale's ends */
  for (size_t i = 0; i < g->n; i++) {
    const hg_chart_point *p = find(spec, g->f[i].code);
    if (p && isfinite(p->value)) {
      nv++;
      lo = fmin(lo, p->value);
      hi = fmax(hi, p->value);
    }
    if (!p || (spec->map_fill != HG_MAP_FILL_SIG && !isfinite(p->value)))
      nodata++;
  }
  if (!nv) {
    lo = 0;
    hi = 1;
  }
  /* quintile classes and bounds come with the spec (the builder computes them) */
  const double *bounds = spec->map_bounds;
  hg_map_fill fill = spec->map_fill;
  if (fill == HG_MAP_FILL_QUINTILE && nv < 5) {
    fill = HG_MAP_FILL_CONTINUOUS;
    hg_note(cv, "Fewer than 5 values: quintiles not computed.");
  } else if (fill == HG_MAP_FILL_QUINTILE && !(isfinite(bounds[0]) && isfinite(bounds[5]))) {
    fill = HG_MAP_FILL_CONTINUOUS;
    hg_note(cv, "No quintile bounds given: continuous scale.");
  }
  if (nodata)
    hg_note(cv, "%zu area%s without data in grey.", nodata, nodata == 1 ? "" : "s");
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
  size_t ni = 0;
  char qlab[5][64];
  int dec = hg_spec_auto_decimals(spec);
  if (fill == HG_MAP_FILL_SIG) {
    ni = hg_chart_sig_legend(cv, spec, items, 12);
  } else if (fill == HG_MAP_FILL_QUINTILE) {
    for (int k = 0; k < 5; k++) {
      char a[32], b[32];
      snprintf(qlab[k], sizeof qlab[k], "Q%d: %s to %s", k + 1,
               hg_chart_format(bounds[k], dec, a, sizeof a),
               hg_chart_format(bounds[k + 1], dec, b, sizeof b));
      items[ni++] = (hg_legend_item){qlab[k], cv->th->sig[HG_CHART_SIG_Q1 + k], 0};
    }
  }
  if (nodata && ni < 16)
    items[ni++] = (hg_legend_item){"No data", cv->th->role[HG_C_NODATA], 0};
  double leg_w = fill == HG_MAP_FILL_CONTINUOUS ? 90 : 150;
  hg_rect mapbox = {box.x, box.y, box.w - leg_w - 10, box.h};
  /* projection */
  double phi0 = (g->miny + g->maxy) / 2 * G_PI / 180, k = g->planar ? 1 : cos(phi0);
  double pw = (g->maxx - g->minx) * k, ph = g->maxy - g->miny;
  double sc = fmin(mapbox.w / pw, mapbox.h / ph);
  double ox = mapbox.x + (mapbox.w - pw * sc) / 2, oy = mapbox.y + (mapbox.h - ph * sc) / 2;
  cairo_t *cr = cv->cr;
  cairo_save(cr);
  cairo_rectangle(cr, mapbox.x, mapbox.y, mapbox.w, mapbox.h);
  cairo_clip(cr);
  cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
  for (size_t i = 0; i < g->n; i++) {
    const hg_bnd_feature *f = &g->f[i];
    cairo_new_path(cr);
    for (size_t r = 0; r < f->nrings; r++) {
      for (size_t j = 0; j < f->rings[r].n; j++) {
        double x = ox + (f->rings[r].xy[2 * j] - g->minx) * k * sc;
        double y = oy + (g->maxy - f->rings[r].xy[2 * j + 1]) * sc; /* north up */
        j ? cairo_line_to(cr, x, y) : cairo_move_to(cr, x, y);
      }
      cairo_close_path(cr);
    }
    const hg_chart_point *p = find(spec, f->code);
    hg_rgb c = cv->th->role[HG_C_NODATA];
    if (p && fill == HG_MAP_FILL_SIG)
      c = cv->th->sig[p->sig];
    else if (p && is_quintile(p->sig) && fill == HG_MAP_FILL_QUINTILE)
      c = cv->th->sig[p->sig];
    else if (p && isfinite(p->value))
      c = hg_theme_ramp(cv->th, hi > lo ? (p->value - lo) / (hi - lo) : 0.5);
    hg_set(cv, c);
    cairo_fill_preserve(cr);
    hg_set(cv, (hg_rgb){1, 1, 1});
    cairo_set_line_width(cr, g->n > 200 ? 0.25 : 0.6);
    cairo_stroke(cr);
    if (cv->stats)
      cv->stats->polygons++;
  }
  if (spec->outline) { /* context outline, same projection, on top of the fills */
    const hg_boundaries *ol = spec->outline;
    cairo_new_path(cr);
    for (size_t i = 0; i < ol->n; i++)
      for (size_t r = 0; r < ol->f[i].nrings; r++) {
        const hg_bnd_ring *ring = &ol->f[i].rings[r];
        for (size_t j = 0; j < ring->n; j++) {
          double x = ox + (ring->xy[2 * j] - g->minx) * k * sc;
          double y = oy + (g->maxy - ring->xy[2 * j + 1]) * sc;
          j ? cairo_line_to(cr, x, y) : cairo_move_to(cr, x, y);
        }
        cairo_close_path(cr);
      }
    hg_set(cv, cv->th->role[HG_C_AXIS]);
    cairo_set_line_width(cr, 0.7);
    cairo_stroke(cr);
  }
  cairo_restore(cr);
  /* north arrow */
  hg_rgb ink = cv->th->role[HG_C_TEXT];
  double nx = mapbox.x + 12, ny = mapbox.y + 6;
  cairo_move_to(cr, nx, ny);
  cairo_line_to(cr, nx + 5, ny + 14);
  cairo_line_to(cr, nx, ny + 10);
  cairo_line_to(cr, nx - 5, ny + 14);
  cairo_close_path(cr);
  hg_set(cv, ink);
  cairo_fill(cr);
  hg_text_style ts_ = hg_style(cv, HG_FONT_TICK);
  ts_.colour = ink;
  hg_text(cv, &ts_, "N", nx, ny + 16, 0.5, 0);
  /* legend */
  double lx = mapbox.x + mapbox.w + 10, ly = box.y + 20;
  hg_text_style lt = hg_style(cv, HG_FONT_AXIS);
  lt.max_width = leg_w;
  hg_rect tr = hg_text(cv, &lt,
                       fill == HG_MAP_FILL_SIG        ? "Compared with benchmark"
                       : fill == HG_MAP_FILL_QUINTILE ? "Quintiles"
                                                      : (spec->y_label ? spec->y_label : "Value"),
                       lx, box.y, 0, 0);
  ly = box.y + tr.h + 6;
  if (fill == HG_MAP_FILL_CONTINUOUS && nv) {
    double gh = fmin(160, box.h - 60), gw = 14;
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
    hg_axis_fit_measured(cv, &ax, lo, hi, gh, 30, false, false);
    char b[32];
    for (int i = 0; i < ax.t.n; i++) {
      double v = ax.t.lmin + i * ax.t.step;
      if (v < lo - 1e-9 || v > hi + 1e-9)
        continue;
      double y = ly + gh - (hi > lo ? (v - lo) / (hi - lo) : 0.5) * gh;
      hg_line(cv, lx + gw, y, lx + gw + 3, y, 0.5, cv->th->role[HG_C_AXIS]);
      hg_text(cv, &ts_, hg_chart_format(v, ax.t.decimals, b, sizeof b), lx + gw + 5, y, 0, 0.5);
    }
    ly += gh + 8;
    if (nodata)
      hg_legend(cv, items, ni, lx, ly, leg_w, true);
  } else {
    for (size_t i = 0; i < ni; i++) /* one swatch per line */
      ly += hg_legend(cv, &items[i], 1, lx, ly, leg_w, true) + 4;
  }
  hg_frame_footer(cv, spec, attr);
  return HG_OK;
}
