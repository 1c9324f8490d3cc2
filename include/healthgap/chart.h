/* healthgap/chart.h: chart specs and rendering to PNG and PDF (charts/).
 *
 * A chart is described by plain data (hg_chart_spec: no cairo, no store) that the
 * pipeline fills from its results, then drawn by hg_chart_draw() into any cairo
 * context, or written as a PNG (hg_chart_write_png) or as pages of a PDF document
 * (hg_pdf_*).  Every size is in points (1/72 in); a PNG is drawn at dpi/72 device
 * pixels per point, so a PNG and a PDF page of the same chart have the same layout.
 *
 * Text goes through Pango with one pinned font (DejaVu Sans, fonts-dejavu-core)
 * loaded through a private fontconfig configuration, resolution 72, no hinting,
 * grey antialiasing and unrounded glyph positions: the same spec gives the same
 * pixels on every run.  Dates printed or written (PDF creation date, footers)
 * come only from the timestamp in hg_chart_options / hg_pdf_meta.
 *
 * Missing numbers are NAN.  Limits that are NAN are not drawn and the chart says
 * so in its footnote: limits are never invented.  The chart computes no
 * statistic and reads no input file: fitted lines, map classes and polygons
 * arrive in the spec (healthgap/chart_data.h builds specs from tables;
 * healthgap/boundaries.h reads polygons).
 *
 * Thread safety: specs are read only; each thread may render its own charts
 * concurrently (fonts are per thread; call hg_chart_thread_done() before a
 * worker thread exits to release them).
 */
#ifndef HEALTHGAP_CHART_H
#define HEALTHGAP_CHART_H

#include <stddef.h>
#include <stdint.h>

#include "healthgap/status.h"

HG_BEGIN_DECLS

/* The chart types (one file each in charts/). */
typedef enum hg_chart_kind {
  HG_CHART_OVERVIEW = 0, /* tartan rug: series = indicators, points = areas */
  HG_CHART_SPINE,        /* area profile: series[0].pts = one row per indicator */
  HG_CHART_COMPARE,      /* compare areas: horizontal bars with CIs */
  HG_CHART_TRENDS,       /* series over periods: area, England, London */
  HG_CHART_INEQUALITIES, /* bars per category, overall value as a line */
  HG_CHART_GRADIENT,     /* deprivation gradient: x = relative rank, SII line */
  HG_CHART_GAP,          /* gap or SII per period with limits and trend label */
  HG_CHART_FUNNEL,       /* x = denominator, limits as series */
  HG_CHART_MAP,          /* choropleth: points matched to features by code */
  HG_CHART_BOXPLOT,      /* one box per period: pts[i].stats = P5,P25,median,P75,P95 */
  HG_CHART_PYRAMID,      /* series "Male"/"Female" (area bars) + comparator lines */
  HG_CHART_SCATTER,      /* x = indicator 1, value = indicator 2, regression line */
  HG_CHART_TRAJECTORY,   /* a target: history and projection per area (series pairs) */
  HG_CHART_TRACKER,      /* target tracker table: series = targets, points = areas */
  HG_CHART_SEGMENT,      /* a gap decomposed (Segment Tool): series = sexes, points =
                            age bands or causes (label), value = years, youngest first */
  HG_CHART_KIND_COUNT
} hg_chart_kind;

/* Name used on the command line ("overview", "spine", "compare", "trends",
 * "inequalities", "gradient", "gap", "funnel", "map", "boxplot", "pyramid",
 * "scatter", "trajectory", "tracker"); NULL if out of range.  The last two
 * are built from the targets results (engine/render/pages_targets.c), not by
 * hg_chart_build. */
const char *hg_chart_kind_name(hg_chart_kind k);
/* HG_ERR_NOT_FOUND for an unknown name. */
hg_status hg_chart_kind_parse(const char *name, hg_chart_kind *out);

/* Significance (the Fingertips labels of the compared_to_* columns,
 * docs/benchmarking.md) or quintile class. */
typedef enum hg_chart_sig {
  HG_CHART_SIG_NONE = 0, /* "Not compared" (and empty) */
  HG_CHART_SIG_BETTER,
  HG_CHART_SIG_SIMILAR,
  HG_CHART_SIG_WORSE,
  HG_CHART_SIG_LOWER,
  HG_CHART_SIG_HIGHER,
  HG_CHART_SIG_Q1, /* quintile 1 (best, or lowest when no judgement) .. 5 */
  HG_CHART_SIG_Q2,
  HG_CHART_SIG_Q3,
  HG_CHART_SIG_Q4,
  HG_CHART_SIG_Q5,
  HG_CHART_SIG_COUNT
} hg_chart_sig;
/* Maps Fingertips / healthgap labels ("Better", "Similar", "Worse", "Lower",
 * "Higher", "Lowest quintile" .. "Highest quintile", "Best".."Worst"); anything
 * else is HG_CHART_SIG_NONE. Case-insensitive. */
hg_chart_sig hg_chart_sig_parse(const char *label);
/* Legend word for a class ("Better", ...); never NULL. */
const char *hg_chart_sig_label(hg_chart_sig s);

/* Recent trend (the Fingertips labels of recent_trend, docs/benchmarking.md). */
typedef enum hg_chart_trend {
  HG_CHART_TREND_NONE = 0, /* "Cannot be calculated", empty */
  HG_CHART_TREND_NO_CHANGE,
  HG_CHART_TREND_UP_BETTER,
  HG_CHART_TREND_UP_WORSE,
  HG_CHART_TREND_DOWN_BETTER,
  HG_CHART_TREND_DOWN_WORSE,
  HG_CHART_TREND_UP,
  HG_CHART_TREND_DOWN
} hg_chart_trend;
hg_chart_trend hg_chart_trend_parse(const char *label);

/* What a series or point stands for; decides pinning, colour and marker. */
typedef enum hg_role {
  HG_ROLE_AREA = 0,
  HG_ROLE_ENGLAND,
  HG_ROLE_LONDON,    /* the region / parent comparator */
  HG_ROLE_HIGHLIGHT, /* the selected area on a scatter or funnel; on a compare
                        chart a comparator pinned under England and London (an ICB) */
  HG_ROLE_LIMIT95,   /* funnel: pts[i].x with lower/upper = 95% limits */
  HG_ROLE_LIMIT998   /* funnel: 99.8% limits */
} hg_role;

typedef enum hg_chart_polarity {
  HG_CHART_POLARITY_LOW_GOOD = 0,
  HG_CHART_POLARITY_HIGH_GOOD,
  HG_CHART_POLARITY_NONE /* BOB / no judgement */
} hg_chart_polarity;

/* One labelled value.  All strings are borrowed (owned by the caller; they must
 * outlive the drawing).  Unused numbers are NAN (use hg_chart_point_init). */
typedef struct hg_chart_point {
  const char *label;          /* area, category, period or indicator name */
  const char *code;           /* area code (maps, pinning); may be NULL */
  const char *period;         /* period text (spine rows, rug rows); may be NULL */
  double x;                   /* rank, denominator, period index, indicator 1 */
  double value, lower, upper; /* 95% limits */
  double lower998, upper998;  /* 99.8% limits */
  double count;
  double weight;          /* regression weight (population share); NAN = 1 */
  double stats[5];        /* box: P5,P25,median,P75,P95; spine: worst,P25,median,P75,best */
  double england, london; /* comparator values (spine rows) */
  hg_chart_sig sig;
  hg_chart_trend trend;
  hg_role role;
  hg_chart_polarity polarity; /* spine rows */
} hg_chart_point;

void hg_chart_point_init(hg_chart_point *p);

typedef struct hg_chart_series {
  const char *name;
  hg_role role;
  hg_chart_point *pts; /* borrowed */
  size_t n;
} hg_chart_series;

typedef struct hg_chart_refline {
  const char *label; /* "England 13.9", "Target" */
  double value;
  hg_role role;
} hg_chart_refline;

/* A fitted line y = intercept + slope * x (SII: x = relative rank 0..1), with the
 * limits of the slope (NAN if none: no band is drawn) and RII printed if finite.
 * The chart draws the line it is given and computes none: the spec builder
 * (healthgap/chart_data.h) fills it from published results, or with the SII
 * point estimate of the plotted quantiles (gradient) or the least-squares line
 * of the points (scatter). */
typedef struct hg_chart_fit {
  int present;        /* 0: no line (a gradient then says that it needs every quantile) */
  int point_estimate; /* gradient: the line is the SII point estimate of the plotted
                         quantiles (no published SII): the footnote says so */
  double intercept, slope, slope_lower, slope_upper;
  double r2;
  double rii, rii_lower, rii_upper;
} hg_chart_fit;

typedef enum hg_map_fill {
  HG_MAP_FILL_SIG = 0,  /* by point sig */
  HG_MAP_FILL_QUINTILE, /* by quintile class (point sig Q1..Q5, spec map_bounds) */
  HG_MAP_FILL_CONTINUOUS
} hg_map_fill;

/* Polygons to map: plain data, as the spec's other numbers.  Read from GeoJSON
 * by hg_boundaries_read (healthgap/boundaries.h, engine/ingest), which
 * allocates them; hg_boundaries_free releases them.  The chart only reads. */
typedef struct hg_bnd_ring {
  double *xy; /* n positions as x,y pairs: lon,lat degrees (EPSG:4326) or BNG metres */
  size_t n;
} hg_bnd_ring;
typedef struct hg_bnd_feature {
  char *code, *name;  /* area code and name (name may be NULL) */
  hg_bnd_ring *rings; /* every ring, outer or hole: drawn filled even-odd */
  size_t nrings;
} hg_bnd_feature;
typedef struct hg_boundaries {
  hg_bnd_feature *f; /* features with at least one ring, in file order */
  size_t n;
  double minx, miny, maxx, maxy; /* extent of the rings (the map zooms to it) */
  int planar;                    /* 1: BNG metres, projected as is (no cos(phi0)) */
  size_t features_read;          /* features in the file, with or without polygons */
} hg_boundaries;

typedef struct hg_chart_spec {
  hg_chart_kind kind;
  const char *title;             /* required */
  const char *subtitle;          /* period and method, e.g. "2019, 95% CI, compared with England" */
  const char *source;            /* "Source: OHID Fingertips ..." */
  const char *footnote;          /* optional extra note; the chart appends its own notes */
  const char *x_label, *y_label; /* axis titles incl. unit, e.g. "Per cent (%)" */
  int decimals;                  /* printed values; -1 = from data / tick step */
  hg_chart_polarity polarity;
  int include_zero; /* bars always include 0 */
  int stacked;      /* segment: the series are the parts of each row's one bar (causes), drawn
                       stacked (right of zero the parts that widen the gap, left those that
                       narrow it), every series with the same rows in the same order */
  hg_chart_series *series;
  size_t nseries;
  hg_chart_refline *refs;
  size_t nrefs;
  hg_chart_fit fit;         /* gradient, scatter (scatter computes OLS if absent) */
  const char *trend_label;  /* gap chart */
  const hg_boundaries *geo; /* map */
  const hg_boundaries
      *outline; /* map: drawn last as a darker line (e.g. the London region); may be NULL */
  hg_map_fill map_fill;
  double map_bounds[6];  /* map: quintile bounds of the mapped values (PERCENTILE.INC
                            at 0, 0.2, .., 1) for the legend; NAN when not given (a
                            quintile fill is then drawn as a continuous scale).  With
                            HG_MAP_FILL_QUINTILE each point's class is its sig
                            (HG_CHART_SIG_Q1..Q5; other values: continuous colour) */
  const char *highlight; /* area code highlighted (spine/scatter/funnel) */
  /* Trajectory (charts/trajectory.c): series come in pairs per area, 2k the
   * observed points (x = start year, value, 95% limits, label = period) and
   * 2k+1 the fitted trend (x = year, value, lower/upper = its 95% prediction
   * interval; n = 0 when there is none); refs with role HG_ROLE_AREA are
   * target lines across the plot, refs with role HG_ROLE_HIGHLIGHT an area's
   * own target (label = the area's series name) marked at x_mark.
   * Tracker (charts/tracker.c): series = target rows (name = the target as
   * defined), points = areas (label = area name, code, value = latest value,
   * period = latest period, x = the area's own target value, sig = the
   * status: Q1 achieved, BETTER on track, SIMILAR at risk, WORSE off track,
   * NONE not enough data; the cell prints the status's word). */
  double x_mark; /* trajectory: the target year, marked by a vertical line (0: none) */
} hg_chart_spec;

void hg_chart_spec_init(hg_chart_spec *s, hg_chart_kind kind);

typedef enum hg_palette { HG_PALETTE_FINGERTIPS = 0, HG_PALETTE_CVD } hg_palette;
hg_status hg_palette_parse(const char *name, hg_palette *out); /* "fingertips", "cvd" */

/* Counters and boxes filled while drawing, for structural tests and layout
 * checks (tests/cli/layout.sh).  Zero-initialise; free the boxes with
 * hg_chart_stats_clear.  Every box is in points, page coordinates, with the
 * clip in force when it was drawn (a box outside its clip was cut). */
typedef struct hg_text_box {
  double x, y, w, h; /* points, page coordinates */
  char *text;
  double pt;                             /* font size drawn, points */
  double clip_x, clip_y, clip_w, clip_h; /* the clip's extents when drawn */
} hg_text_box;
/* What a non-text box is: the plot area, or a mark drawn in it. */
typedef enum hg_mark_kind {
  HG_MARK_PLOT = 0, /* a plot area: every bar, whisker and marker lies inside one */
  HG_MARK_BAR,
  HG_MARK_WHISKER,
  HG_MARK_MARKER,
  HG_MARK_CELL,
  HG_MARK_KIND_COUNT
} hg_mark_kind;
/* "plot", "bar", "whisker", "marker", "cell"; NULL if out of range. */
const char *hg_mark_kind_name(hg_mark_kind k);
typedef struct hg_chart_mark {
  hg_mark_kind kind;
  double x, y, w, h;
  double clip_x, clip_y, clip_w, clip_h;
} hg_chart_mark;
typedef struct hg_chart_stats {
  size_t bars, whiskers, markers, cells, polygons, lines, texts;
  size_t unknown_glyphs; /* glyphs the font could not show (must be 0) */
  hg_text_box *boxes;    /* every text drawn (owned; hg_chart_stats_clear) */
  size_t nboxes;
  hg_chart_mark *marks; /* plot areas, bars, whiskers, markers, cells (owned) */
  size_t nmarks;
  int record_boxes; /* set to 1 to record boxes and marks */
} hg_chart_stats;
/* The text size below which a label is not legible in print: 6.5 pt on an A4
 * landscape page (HG_PACK_WIDTH_PT, healthgap/pack.h), drawn at 100%.  Every
 * chart and pack page keeps every text at or above it (tests/cli/layout.sh). */
#define HG_CHART_MIN_FONT_PT 6.5
void hg_chart_stats_clear(hg_chart_stats *st);

/* Zero-initialised = defaults. */
typedef struct hg_chart_options {
  hg_palette palette;    /* --palette; default Fingertips */
  double width_pt;       /* --width; default 720 (10 in) */
  double height_pt;      /* --height; default 480 */
  double dpi;            /* --dpi (PNG only); default 96 */
  int64_t timestamp;     /* run time (Unix seconds): years in attribution lines,
                            PDF creation date; 0 = 1970 (never the wall clock) */
  hg_chart_stats *stats; /* optional counters */
} hg_chart_options;

/* Draws spec into cr over (0,0)-(w_pt,h_pt) in user units of points.  The
 * caller owns cr (any surface).  Returns HG_ERR_INVALID for a spec that the
 * chart type cannot draw (no series), HG_ERR_RENDER if cairo reports an error. */
struct _cairo;
hg_status hg_chart_draw(struct _cairo *cr, double w_pt, double h_pt, const hg_chart_spec *spec,
                        const hg_chart_options *opt);

/* Renders to a PNG file of ceil(w*dpi/72) x ceil(h*dpi/72) pixels.  HG_ERR_IO,
 * with errno saying why, when the file cannot be created or written. */
hg_status hg_chart_write_png(const hg_chart_spec *spec, const hg_chart_options *opt,
                             const char *path);

/* Renders to an ARGB32 buffer (premultiplied, native endian); *data is g_malloc'ed
 * (g_free) with stride 4*w. For tests and in-memory use. */
hg_status hg_chart_render_argb(const hg_chart_spec *spec, const hg_chart_options *opt,
                               unsigned char **data, int *w, int *h);

/* Renders to an SVG document in memory (cairo's SVG surface: the same
 * drawing as the PNG and PDF), to be inlined in an HTML page: no XML
 * declaration, a viewBox in points and no fixed size, role="img" with the
 * title as aria-label, every id renamed id_prefix1, id_prefix2... in order
 * (unique within a page when each chart has its own prefix, and the same
 * bytes for the same spec), and a last group of invisible shapes, one per
 * bar, point, cell or map area, whose <title> gives its label, value,
 * limits and class (the tooltips).  *svg is g_malloc'ed (g_free). */
hg_status hg_chart_write_svg(const hg_chart_spec *spec, const hg_chart_options *opt,
                             const char *id_prefix, char **svg);

/* A multi-page PDF document. */
typedef struct hg_pdf_doc hg_pdf_doc;
typedef struct hg_pdf_meta {
  const char *title;  /* default "healthgap charts" */
  const char *author; /* default none */
  int64_t timestamp;  /* creation date (UTC); never the wall clock */
} hg_pdf_meta;
/* Opens path for writing; pages are added with hg_pdf_add_chart or
 * hg_pdf_begin_page/hg_pdf_end_page.  Free with hg_pdf_close.  HG_ERR_IO
 * (errno says why) when path cannot be created. */
hg_status hg_pdf_open(const char *path, const hg_pdf_meta *meta, hg_pdf_doc **out);
/* One chart on a new page of opt->width_pt x opt->height_pt, with a bookmark
 * (PDF outline entry) named by the chart's title. */
hg_status hg_pdf_add_chart(hg_pdf_doc *doc, const hg_chart_spec *spec, const hg_chart_options *opt);
/* A new page of the given size; the returned context (borrowed, valid until
 * hg_pdf_end_page) draws in points. */
struct _cairo *hg_pdf_begin_page(hg_pdf_doc *doc, double w_pt, double h_pt);
hg_status hg_pdf_end_page(hg_pdf_doc *doc);
size_t hg_pdf_page_count(const hg_pdf_doc *doc);
/* Finishes the file, checks the surface status once, frees doc (NULL-safe).
 * Returns the first error seen on the document; HG_ERR_IO, with errno set to
 * the failed write's (ENOSPC, EFBIG...), when the file could not be written. */
hg_status hg_pdf_close(hg_pdf_doc *doc);

/* A chart drawn once as vectors (a cairo recording surface), so that pages can be
 * rendered in parallel threads and written into one PDF in order by one thread. */
typedef struct hg_chart_recording hg_chart_recording;
hg_status hg_chart_record(const hg_chart_spec *spec, const hg_chart_options *opt,
                          hg_chart_recording **out);
/* Appends the recording as one page of its size, with a bookmark named by the
 * recorded spec's title (as hg_pdf_add_chart). */
hg_status hg_pdf_add_recording(hg_pdf_doc *doc, const hg_chart_recording *rec);
void hg_chart_recording_free(hg_chart_recording *rec);

/* Releases this thread's fonts (call in worker threads before they exit). */
void hg_chart_thread_done(void);

/* ---- ticks (extended Wilkinson, Talbot, Lin and Hanrahan 2010) ---- */
typedef struct hg_ticks {
  double lmin, lmax, step;
  int n;        /* number of labels: lmin + i*step, i < n */
  int decimals; /* max(-floor(log10 step), 0) */
} hg_ticks;
/* m = target number of labels; only_loose = labels must cover [dmin,dmax].
 * Q = {1,5,2,2.5,4,3}, weights (0.25,0.2,0.5,0.05) as labeling::extended. */
hg_status hg_ticks_extended(double dmin, double dmax, int m, int only_loose, hg_ticks *out);

/* The same search with a legibility term (Talbot et al.'s fourth weight): the
 * callback scores a candidate labelling (labels lmin + i*step, i < n, printed with
 * decimals places) as 1 when legible and -INFINITY when its labels would overlap
 * or print identically; the chart axes measure the labels with Pango. */
typedef double (*hg_tick_legibility)(double lmin, double step, int n, int decimals, void *ctx);
hg_status hg_ticks_extended_legible(double dmin, double dmax, int m, int only_loose,
                                    hg_tick_legibility legibility, void *ctx, hg_ticks *out);

/* Formats v with decimals places in the C locale, thousands separated by ','
 * and "-0" printed as "0". Returns buf. */
char *hg_chart_format(double v, int decimals, char *buf, size_t size);

HG_END_DECLS
#endif
