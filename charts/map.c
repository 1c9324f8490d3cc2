/* map.c: choropleth of the spec's polygons (docs/charts.md): local equirectangular
 * projection with cos(phi0) of the layer's bbox (<= 0.45% error over London, no
 * PROJ), north up, one path per feature filled even-odd (holes whatever the
 * winding), thin white borders to hide seams, a classed or gradient legend and
 * the OS/ONS attribution line with the year of the run timestamp.  Classes and
 * quintile bounds come with the spec (the builder computes them); only the
 * continuous scale's ends are read off the mapped values here. */
#include "internal.h"

#include <stdint.h>
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
      static const char *const end[5] = {" lowest", "", "", "", " highest"};
      snprintf(qlab[k], 64, "Q%d%s: %s to %s", k + 1, end[k],
               hg_chart_format(bounds[k], dec, a, sizeof a),
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
    /* over a fine MSOA fill the outline must read: thick and near black, on
     * a white casing so it stays visible over the darkest class */
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    hg_set(cv, (hg_rgb){1, 1, 1});
    cairo_set_line_width(cr, 2.6);
    cairo_stroke_preserve(cr);
    hg_set(cv, cv->th->role[HG_C_TEXT]);
    cairo_set_line_width(cr, 1.3);
    cairo_stroke(cr);
  }
  cairo_restore(cr);
}

/* ---- labels: each area named inside its polygon ----
 * A name goes at the polygon's pole of inaccessibility (the inside point
 * farthest from its edges: a grid search refined around the best cell, as
 * Mapbox's polylabel), wrapped to two lines if that fits; else its initials
 * ("K&C"), listed in the footnote; else the initials outside, on a leader
 * line.  Labels name the mapped features when they are few (boroughs), else
 * the outline's (boroughs over MSOAs). */

typedef struct poly {
  double *xy; /* projected points of every ring, rings split by NAN pairs */
  size_t n;
  double x0, y0, x1, y1;
} poly;

static void poly_of(const map_view *m, const hg_bnd_feature *f, poly *p) {
  size_t n = 0;
  for (size_t r = 0; r < f->nrings; r++)
    n += f->rings[r].n + 1;
  p->xy = g_new(double, 2 * (n ? n : 1));
  p->n = 0;
  p->x0 = p->y0 = INFINITY;
  p->x1 = p->y1 = -INFINITY;
  for (size_t r = 0; r < f->nrings; r++) {
    const hg_bnd_ring *ring = &f->rings[r];
    for (size_t j = 0; j < ring->n; j++) {
      double x = m->ox + (ring->xy[2 * j] - m->g->minx) * m->k * m->sc;
      double y = m->oy + (m->g->maxy - ring->xy[2 * j + 1]) * m->sc;
      p->xy[2 * p->n] = x;
      p->xy[2 * p->n + 1] = y;
      p->n++;
      p->x0 = fmin(p->x0, x);
      p->x1 = fmax(p->x1, x);
      p->y0 = fmin(p->y0, y);
      p->y1 = fmax(p->y1, y);
    }
    p->xy[2 * p->n] = p->xy[2 * p->n + 1] = NAN; /* ring break */
    p->n++;
  }
}

/* Even-odd inside test, and the distance to the nearest edge (negative outside). */
static double poly_dist(const poly *p, double x, double y) {
  bool in = false;
  double best = INFINITY;
  for (size_t i = 0; i + 1 < p->n; i++) {
    double ax = p->xy[2 * i], ay = p->xy[2 * i + 1], bx = p->xy[2 * i + 2], by = p->xy[2 * i + 3];
    if (isnan(ax) || isnan(bx))
      continue;
    if ((ay > y) != (by > y) && x < (bx - ax) * (y - ay) / (by - ay) + ax)
      in = !in;
    double dx = bx - ax, dy = by - ay, l2 = dx * dx + dy * dy;
    double t = l2 > 0 ? fmax(0, fmin(1, ((x - ax) * dx + (y - ay) * dy) / l2)) : 0;
    double ex = ax + t * dx - x, ey = ay + t * dy - y;
    best = fmin(best, ex * ex + ey * ey);
  }
  best = sqrt(best);
  return in ? best : -best;
}

/* The pole of inaccessibility, to within 4^-ROUNDS of the polygon's extent
 * (a tenth of a point for a polygon drawn 6,500 points wide). */
enum { ROUNDS = 8 };
static double poly_pole(const poly *p, double *px, double *py) {
  double cx = (p->x0 + p->x1) / 2, cy = (p->y0 + p->y1) / 2;
  double w = p->x1 - p->x0, h = p->y1 - p->y0, best = -INFINITY;
  *px = cx;
  *py = cy;
  for (int round = 0; round < ROUNDS && fmax(w, h) > 0; round++) {
    double bx = *px, by = *py;
    for (int i = 0; i <= 16; i++)
      for (int k = 0; k <= 16; k++) {
        double x = cx - w / 2 + w * i / 16, y = cy - h / 2 + h * k / 16;
        double d = poly_dist(p, x, y);
        if (d > best) {
          best = d;
          bx = x;
          by = y;
        }
      }
    *px = cx = bx;
    *py = cy = by;
    w /= 4;
    h /= 4;
  }
  return best;
}

/* The poles already found.  A pack draws each map twice (its page and its
 * PNG), names the areas twice in each (the footnote is measured first), and
 * draws the same boroughs on every indicator's map, and the search was a
 * seventh of the London demo's CPU (issue 17).  So the pole is searched in
 * the map's own units (the projection before its page offset and scale,
 * which only move and scale the polygon, and with it its pole) and kept by
 * those points (hashed, then compared whole, so a hit is exactly the
 * search's answer); the renderer's threads share the cache under a lock. */
typedef struct {
  double *xy; /* 2 n, owned by the cache (borrowed in a lookup key) */
  size_t n;
  guint hash;
  double px, py, best;
} pole_entry;

static guint pole_hash(gconstpointer k) {
  return ((const pole_entry *)k)->hash;
}

static gboolean pole_equal(gconstpointer a, gconstpointer b) {
  const pole_entry *x = a, *y = b;
  return x->n == y->n && memcmp(x->xy, y->xy, 2 * x->n * sizeof *x->xy) == 0;
}

static void pole_free(gpointer k) {
  pole_entry *e = k;
  g_free(e->xy);
  g_free(e);
}

static double poly_pole_cached(const poly *p, double *px, double *py) {
  static GMutex lock;
  static GHashTable *cache;
  enum { MAX_ENTRIES = 4096 }; /* a bound: cleared when full */
  pole_entry key = {p->xy, p->n, 0, 0, 0, 0};
  uint64_t h = 1469598103934665603u; /* FNV-1a over the bytes of the points */
  const unsigned char *b = (const unsigned char *)p->xy;
  for (size_t i = 0; i < 2 * p->n * sizeof *p->xy; i++)
    h = (h ^ b[i]) * 1099511628211u;
  key.hash = (guint)(h ^ (h >> 32));
  g_mutex_lock(&lock);
  if (!cache)
    cache = g_hash_table_new_full(pole_hash, pole_equal, pole_free, NULL); /* a set */
  const pole_entry *hit = g_hash_table_lookup(cache, &key);
  if (hit) {
    *px = hit->px;
    *py = hit->py;
    double best = hit->best;
    g_mutex_unlock(&lock);
    return best;
  }
  g_mutex_unlock(&lock);
  pole_entry *e = g_new(pole_entry, 1);
  *e = key;
  e->best = poly_pole(p, &e->px, &e->py);
  e->xy = g_memdup2(p->xy, 2 * p->n * sizeof *p->xy);
  *px = e->px;
  *py = e->py;
  double best = e->best;
  g_mutex_lock(&lock);
  if (g_hash_table_size(cache) >= MAX_ENTRIES)
    g_hash_table_remove_all(cache);
  g_hash_table_add(cache, e); /* another thread's equal entry goes */
  g_mutex_unlock(&lock);
  return best;
}

/* The pole of feature f on map m: found in the map's units, then placed on the
 * page as poly_of places the points (x = ox + u sc, y = oy + v sc). */
static void feature_pole(const map_view *m, const hg_bnd_feature *f, double *px, double *py) {
  map_view unit = *m;
  unit.ox = unit.oy = 0;
  unit.sc = 1;
  poly q;
  poly_of(&unit, f, &q);
  double u, v;
  poly_pole_cached(&q, &u, &v);
  g_free(q.xy);
  *px = m->ox + u * m->sc;
  *py = m->oy + v * m->sc;
}

/* A box inside the polygon: its corners, side midpoints and centre are. */
static bool box_inside(const poly *p, hg_rect r) {
  for (int i = 0; i <= 2; i++)
    for (int k = 0; k <= 2; k++)
      if (poly_dist(p, r.x + r.w * i / 2, r.y + r.h * k / 2) < 0.5)
        return false;
  return true;
}

/* "Kensington and Chelsea" -> "K&C", "City of London" -> "CoL", "Brent" -> "Bre". */
static char *initials(const char *name) {
  gchar **w = g_strsplit(name, " ", -1);
  GString *g = g_string_new(NULL);
  guint n = g_strv_length(w);
  for (guint i = 0; i < n; i++) {
    if (!*w[i])
      continue;
    if (strcmp(w[i], "and") == 0)
      g_string_append_c(g, '&');
    else if (strcmp(w[i], "of") == 0 || strcmp(w[i], "upon") == 0)
      g_string_append_c(g, w[i][0]);
    else
      g_string_append_unichar(g, g_unichar_toupper(g_utf8_get_char(w[i])));
  }
  if (n == 1) { /* one word: its first three letters */
    g_string_truncate(g, 0);
    g_string_append_len(g, name,
                        g_utf8_offset_to_pointer(name, MIN(3, g_utf8_strlen(name, -1))) - name);
  }
  g_strfreev(w);
  return g_string_free(g, FALSE);
}

static const char *feature_name(const map_view *m, const hg_bnd_feature *f, bool own) {
  const hg_chart_point *p = own ? find(m->spec, f->code) : NULL;
  return p && p->label && *p->label ? p->label : f->name;
}

static bool hits_any(hg_rect r, const GPtrArray *placed) {
  for (guint i = 0; i < placed->len; i++) {
    const hg_rect *q = placed->pdata[i];
    if (r.x < q->x + q->w && q->x < r.x + r.w && r.y < q->y + q->h && q->y < r.y + r.h)
      return true;
  }
  return false;
}

/* The name's layout at the pole: one line, else wrapped on two; its ink box
 * in *ink and the wrap width in st (the ink's width, so that the box drawn is
 * the ink); false when neither lies inside the polygon. */
static bool fit_inside(hg_canvas *cv, const poly *p, double px, double py, const char *text,
                       hg_text_style *st, hg_rect *ink) {
  static const double widths[] = {0, 0.75, 0.55};
  double w1 = 0;
  /* wrapped only between words: "Cam-den" reads worse than "Cam" */
  size_t tries = strchr(text, ' ') ? G_N_ELEMENTS(widths) : 1;
  for (size_t k = 0; k < tries; k++) {
    double w, h;
    st->max_width = k ? fmax(12, w1 * widths[k]) : 0;
    st->max_lines = k ? 2 : 0;
    hg_text_size(cv, st, text, &w, &h);
    if (!k)
      w1 = w;
    *ink = (hg_rect){px - w / 2, py - h / 2, w, h};
    if (k && hg_text_ellipsized(cv, st, text))
      continue;
    if (box_inside(p, *ink)) {
      st->max_width = k ? w + 1 : 0;
      return true;
    }
  }
  st->max_width = 0;
  st->max_lines = 0;
  return false;
}

/* One label: the name inside, else its initials inside (added to abbr, "K&C
 * Kensington and Chelsea"), else the initials outside on a leader line, in the
 * first direction (away from the map's centre, then round) that is free of
 * the labels already placed. */
static void map_label(hg_canvas *cv, const map_view *m, const hg_bnd_feature *f, const poly *p,
                      const char *name, hg_rect box, GString *abbr, GPtrArray *placed, bool draw) {
  double px, py;
  feature_pole(m, f, &px, &py);
  hg_text_style st = hg_style(cv, HG_FONT_CELL);
  st.colour = cv->th->role[HG_C_TEXT];
  st.align = PANGO_ALIGN_CENTER;
  hg_rect ink;
  char *ab = NULL;
  const char *text = name;
  bool inside = fit_inside(cv, p, px, py, name, &st, &ink);
  if (!inside || hits_any(ink, placed)) {
    text = ab = initials(name);
    inside = fit_inside(cv, p, px, py, ab, &st, &ink) && !hits_any(ink, placed);
    g_string_append_printf(abbr, "%s%s %s", abbr->len ? "; " : "", ab, name);
  }
  double lx = px, ly = py;
  if (!inside) { /* outside, on a leader line */
    double mx = box.x + box.w / 2, my = box.y + box.h / 2, a0 = atan2(py - my, px - mx);
    for (int k = 0; k < 8; k++) {
      double a = a0 + (k % 2 ? 1 : -1) * ((k + 1) / 2) * G_PI / 4;
      lx = px + cos(a) * 24;
      ly = py + sin(a) * 24;
      ink = (hg_rect){cos(a) >= 0 ? lx : lx - ink.w, ly - ink.h / 2, ink.w, ink.h};
      if (!hits_any(ink, placed))
        break;
    }
  }
  if (draw) {
    if (!inside)
      hg_line(cv, px, py, lx, ly, 0.6, cv->th->role[HG_C_TEXT]);
    /* a light halo so that the name reads over any fill */
    cairo_save(cv->cr);
    cairo_set_source_rgba(cv->cr, 1, 1, 1, 0.7);
    cairo_rectangle(cv->cr, ink.x - 1, ink.y + 1, ink.w + 2, ink.h - 2);
    cairo_fill(cv->cr);
    cairo_restore(cv->cr);
    hg_text(cv, &st, text, ink.x + ink.w / 2, ink.y, 0.5, 0);
  }
  hg_rect halo = {ink.x - 1, ink.y, ink.w + 2, ink.h};
  g_ptr_array_add(placed, g_memdup2(&halo, sizeof halo));
  g_free(ab);
}

/* Names the features (few enough to read) or else the outline's.  Without
 * draw, only says in the footnote which names are abbreviated (the footer is
 * measured before the map is drawn). */
static void map_labels(hg_canvas *cv, const map_view *m, hg_rect box, bool draw) {
  const hg_boundaries *g = m->g->n <= 60 ? m->g : m->spec->outline;
  if (!g || g->n > 60)
    return;
  bool own = g == m->g;
  GString *abbr = g_string_new(NULL);
  GPtrArray *placed = g_ptr_array_new_with_free_func(g_free);
  for (size_t i = 0; i < g->n; i++) {
    const char *name = feature_name(m, &g->f[i], own);
    if (!name || !*name)
      continue;
    poly p;
    poly_of(m, &g->f[i], &p);
    map_label(cv, m, &g->f[i], &p, name, box, abbr, placed, draw);
    g_free(p.xy);
  }
  if (abbr->len && !draw)
    hg_note(cv, "Labels: %s.", abbr->str);
  g_string_free(abbr, TRUE);
  g_ptr_array_free(placed, TRUE);
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
                       : m->fill == HG_MAP_FILL_QUINTILE ? "Quintiles of the values"
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
  hg_legend_item items[16];
  char qlab[5][64];
  size_t ni = map_legend_items(cv, &m, items, qlab);
  double leg_w = m.fill == HG_MAP_FILL_CONTINUOUS ? 90 : 150;
  /* the labels' abbreviations join the footnote before it is measured: laid
   * out once on the box less a line of footnote, then for real */
  double foot = hg_frame_footer_height(cv, spec, 2);
  hg_rect mapbox = {body.x, body.y, body.w - leg_w - 10, body.h - foot - 6};
  map_project(&m, mapbox);
  map_labels(cv, &m, mapbox, false);
  foot = hg_frame_footer_height(cv, spec, 1);
  hg_rect box = {body.x, body.y, body.w, body.h - foot - 6};
  mapbox = (hg_rect){box.x, box.y, box.w - leg_w - 10, box.h};
  map_project(&m, mapbox);
  map_features(cv, &m, mapbox);
  map_labels(cv, &m, mapbox, true);
  north_arrow(cv, mapbox);
  map_legend(cv, &m, box, mapbox.x + mapbox.w + 10, leg_w, items, ni);
  hg_frame_footer(cv, spec, attr);
  return HG_OK;
}
