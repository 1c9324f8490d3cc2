/* charts/internal.h: what the chart files share (not installed).
 *
 * hg_canvas wraps one cairo context and the thread's Pango context; every text is
 * measured and drawn through the same layout call (hg_text), so a measured box and
 * a drawn box cannot disagree.  Layout is in points.
 */
#ifndef HG_CHARTS_INTERNAL_H
#define HG_CHARTS_INTERNAL_H

#include <cairo.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdbool.h>

#include "healthgap/chart.h"

typedef struct hg_rgb {
  double r, g, b;
} hg_rgb;

/* Font roles: one description each. */
typedef enum hg_font {
  HG_FONT_TITLE,
  HG_FONT_SUBTITLE,
  HG_FONT_AXIS,
  HG_FONT_TICK,
  HG_FONT_CELL,
  HG_FONT_NOTE,
  HG_FONT_COUNT
} hg_font;

/* Colour roles: every hex in one table (theme.c). */
typedef enum hg_colour {
  HG_C_TEXT,
  HG_C_SUBTLE,
  HG_C_AXIS,
  HG_C_GRID,
  HG_C_BACKGROUND,
  HG_C_BAR_DEFAULT,
  HG_C_ENGLAND,
  HG_C_LONDON,
  HG_C_AREA_LINE,
  HG_C_LIMIT95,
  HG_C_LIMIT998,
  HG_C_SPINE_OUTER,
  HG_C_SPINE_INNER,
  HG_C_BOX,
  HG_C_MEDIAN,
  HG_C_REGRESSION,
  HG_C_MALE,
  HG_C_FEMALE,
  HG_C_BAND,
  HG_C_NODATA,
  HG_C_COUNT
} hg_colour;

typedef struct hg_theme {
  hg_rgb sig[HG_CHART_SIG_COUNT];
  hg_rgb role[HG_C_COUNT];
  hg_rgb ramp_lo, ramp_hi; /* continuous map scale */
  int ramp_stops;
  const hg_rgb *ramp; /* multi-stop ramp (cvd: viridis) or NULL */
  double font_pt[HG_FONT_COUNT];
  int font_bold[HG_FONT_COUNT];
} hg_theme;

const hg_theme *hg_theme_get(hg_palette p);
/* Black or white for text on a fill (WCAG contrast). */
hg_rgb hg_text_on(hg_rgb fill);
hg_rgb hg_theme_ramp(const hg_theme *th, double t);

typedef struct hg_rect {
  double x, y, w, h;
} hg_rect;

typedef struct hg_canvas {
  cairo_t *cr;
  PangoContext *pctx;
  PangoFontDescription *fonts[HG_FONT_COUNT];
  const hg_theme *th;
  const hg_chart_options *opt;
  hg_chart_stats *stats;
  double w, h;
  bool vector;
  GString *notes;            /* footnote lines the chart adds ("No confidence limits ...") */
  GString *hits;             /* SVG only (hg_chart_write_svg): an invisible shape with a <title>
                                per mark, the tooltips over the drawn marks; NULL otherwise */
  const hg_chart_spec *spec; /* with hits: the spec drawn (its decimals) */
  /* HEALTHGAP_LAYOUT_DUMP (layout.c): the canvas records into its own stats
   * and appends them to that file when it closes */
  hg_chart_stats *dump_stats;
  const char *dump_kind, *dump_title, *dump_x_label, *dump_y_label;
} hg_canvas;

/* Text anchors: ax/ay = 0 left/top, 0.5 centre, 1 right/bottom. */
typedef struct hg_text_style {
  hg_font font;
  hg_rgb colour;
  double max_width; /* wrap width (0 = none) */
  int max_lines;    /* with max_width: ellipsize after this many lines (0 = unlimited) */
  PangoAlignment align;
  bool bold;
  double scale; /* font size factor (0 = 1): rows too low for the role's size */
} hg_text_style;

hg_text_style hg_style(const hg_canvas *cv, hg_font f);
/* Measures text (no drawing). */
void hg_text_size(hg_canvas *cv, const hg_text_style *st, const char *text, double *w, double *h);
/* True when text in st (with max_width and max_lines) would be cut with an ellipsis. */
bool hg_text_ellipsized(hg_canvas *cv, const hg_text_style *st, const char *text);
/* Draws text anchored at (x,y); returns its box. */
hg_rect hg_text(hg_canvas *cv, const hg_text_style *st, const char *text, double x, double y,
                double ax, double ay);
/* Draws text rotated -90 degrees (reading upwards) centred at (x,y). */
void hg_text_up(hg_canvas *cv, const hg_text_style *st, const char *text, double x, double y);

void hg_set(hg_canvas *cv, hg_rgb c);
/* Counts a bar, whisker, marker or cell (and records its box, with the clip in
 * force, when boxes are recorded); HG_MARK_PLOT records a plot area. */
void hg_mark(hg_canvas *cv, hg_mark_kind kind, hg_rect r);
/* layout.c: HEALTHGAP_LAYOUT_DUMP=file appends every canvas's boxes to file
 * (tests/cli/layout.sh); a no-op when unset. */
void hg_layout_dump_begin(hg_canvas *cv);
void hg_layout_dump_end(hg_canvas *cv);
void hg_fill_rect(hg_canvas *cv, hg_rect r, hg_rgb fill, const hg_rgb *border);
void hg_line(hg_canvas *cv, double x0, double y0, double x1, double y1, double width, hg_rgb c);
void hg_marker(hg_canvas *cv, double x, double y, double r, int shape, hg_rgb fill, hg_rgb edge);
/* Snaps a coordinate to the device pixel grid on raster output (odd widths at
 * .5); a no-op for vector output. */
double hg_snap(const hg_canvas *cv, double v, double width, bool horizontal);

/* Frame: title (wrapped), subtitle, then footer (notes + source + extra); returns
 * the remaining body box.  Footer text is drawn by hg_frame_footer once the
 * chart has added its notes. */
hg_rect hg_frame_header(hg_canvas *cv, const hg_chart_spec *spec);
/* Reserves footer height for the notes known so far plus extra_lines. */
double hg_frame_footer_height(hg_canvas *cv, const hg_chart_spec *spec, int extra_lines);
void hg_frame_footer(hg_canvas *cv, const hg_chart_spec *spec, const char *attribution);
void hg_note(hg_canvas *cv, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* Tooltips of an SVG (a no-op unless cv->hits): the mark of point p, as the
 * current path (hg_hit, which leaves the path as it is) or the box r
 * (hg_hit_rect), with a <title> naming the point, its series (or NULL), its
 * value (with the decimals of cv->spec), its limits and its class. */
void hg_hit(hg_canvas *cv, const hg_chart_point *p, const char *series);
void hg_hit_rect(hg_canvas *cv, hg_rect r, const hg_chart_point *p, const char *series);

/* A legend row of swatches; returns its height.  If draw is false only measures. */
typedef struct hg_legend_item {
  const char *label;
  hg_rgb colour;
  int kind; /* 0 swatch, 1 line, 2 marker, 3 text only (no key) */
} hg_legend_item;
double hg_legend(hg_canvas *cv, const hg_legend_item *items, size_t n, double x, double y,
                 double max_w, bool draw);

/* A numeric axis mapped onto pixels [p0,p1]. */
typedef struct hg_axis {
  hg_ticks t;
  double lo, hi; /* shown range */
  double p0, p1;
} hg_axis;
void hg_axis_fit(hg_axis *ax, double dmin, double dmax, double length_pt, double pt_per_label,
                 bool include_zero);
/* The same, rejecting labellings whose labels (measured with the tick font)
 * would overlap along the axis or print identically. */
void hg_axis_fit_measured(hg_canvas *cv, hg_axis *ax, double dmin, double dmax, double length_pt,
                          double pt_per_label, bool include_zero, bool horizontal);
double hg_axis_map(const hg_axis *ax, double v);
/* Width needed by the y tick labels. */
double hg_axis_label_width(hg_canvas *cv, const hg_axis *ax, int decimals);
/* Draws y axis labels + grid across plot (left side). */
void hg_axis_draw_y(hg_canvas *cv, const hg_axis *ax, hg_rect plot, int decimals, bool grid);
void hg_axis_draw_x(hg_canvas *cv, const hg_axis *ax, hg_rect plot, int decimals, bool grid);
int hg_axis_decimals(const hg_axis *ax, int spec_decimals);

/* Data range over values and (finite) limits of every point of every series. */
void hg_spec_range(const hg_chart_spec *spec, bool with_limits, double *lo, double *hi);
bool hg_spec_has_limits(const hg_chart_spec *spec, hg_role role);
int hg_spec_auto_decimals(const hg_chart_spec *spec);
void hg_stats_box(hg_canvas *cv, hg_rect r, const char *text);

/* Shared by the chart files. */
size_t hg_chart_sig_legend(hg_canvas *cv, const hg_chart_spec *spec, hg_legend_item *items,
                           size_t max);
int hg_period_index(const hg_chart_spec *spec, const char *label);
double hg_period_axis(hg_canvas *cv, const hg_chart_series *s, hg_rect plot, bool draw);
hg_rect hg_xy_layout(hg_canvas *cv, const hg_chart_spec *spec, const hg_legend_item *items,
                     size_t ni, hg_axis *ay, double ylo, double yhi, bool zero, double x_axis_h,
                     double *legend_y);
/* Places ax along the plot's width, draws it under the plot (labels with its own
 * decimals) and clips to the plot: the x-y charts then draw their lines and
 * cairo_restore() to end the clip. */
void hg_plot_x_axis(hg_canvas *cv, hg_axis *ax, hg_rect plot, bool grid);

/* Chart types. */
typedef hg_status (*hg_chart_fn)(hg_canvas *cv, const hg_chart_spec *spec);
hg_status hg_draw_overview(hg_canvas *cv, const hg_chart_spec *spec);
hg_status hg_draw_spine(hg_canvas *cv, const hg_chart_spec *spec);
hg_status hg_draw_compare(hg_canvas *cv, const hg_chart_spec *spec);
hg_status hg_draw_trends(hg_canvas *cv, const hg_chart_spec *spec);
hg_status hg_draw_inequalities(hg_canvas *cv, const hg_chart_spec *spec);
hg_status hg_draw_gradient(hg_canvas *cv, const hg_chart_spec *spec);
hg_status hg_draw_gap(hg_canvas *cv, const hg_chart_spec *spec);
hg_status hg_draw_funnel(hg_canvas *cv, const hg_chart_spec *spec);
hg_status hg_draw_map(hg_canvas *cv, const hg_chart_spec *spec);
hg_status hg_draw_boxplot(hg_canvas *cv, const hg_chart_spec *spec);
hg_status hg_draw_pyramid(hg_canvas *cv, const hg_chart_spec *spec);
hg_status hg_draw_scatter(hg_canvas *cv, const hg_chart_spec *spec);
hg_status hg_draw_trajectory(hg_canvas *cv, const hg_chart_spec *spec);
hg_status hg_draw_tracker(hg_canvas *cv, const hg_chart_spec *spec);
hg_status hg_draw_segment(hg_canvas *cv, const hg_chart_spec *spec);

#endif
