/* healthgap/chart_data.h: chart specs from a table (engine/render).
 *
 * The spec builder: reads one CSV of results or published indicators (or takes
 * the run's results from memory, hg_chart_data_from_rows), selects
 * the rows a chart shows (indicator, area, period, sex, breakdown) and turns
 * them into an hg_chart_spec (healthgap/chart.h), computing every number the
 * chart draws that is not in the table (funnel limits, the SII point estimate,
 * map quintiles, spine and box-plot percentiles, a scatter's least-squares line)
 * with the project's statistics (indicators/), so that a chart and the results
 * cannot disagree.  `healthgap chart`, the benchmark and the render stage's
 * packs build their specs here.
 *
 * Ownership: hg_chart_data_read and hg_chart_data_from_rows return data freed
 * by hg_chart_data_free (rows from memory are borrowed, not copied);
 * hg_chart_build returns a built chart (the spec and everything it points to)
 * freed by hg_chart_built_free, which borrows strings of the data (free the
 * built chart first) and the request's boundaries.  Thread safety: a data may
 * be built from on several threads at once; each built chart is its own.
 */
#ifndef HEALTHGAP_CHART_DATA_H
#define HEALTHGAP_CHART_DATA_H

#include <stddef.h>

#include "healthgap/chart.h"
#include "healthgap/status.h"

HG_BEGIN_DECLS

/* Rows of one CSV: results/indicators.csv, results/inequalities.csv, a Fingertips
 * export (26/27 columns, "Area Name" or "AreaName"), the tidy indicator layout,
 * or a long file with recognisable names (area_code, period, sex or inequality,
 * value, compared_to_England, ...).  "NA" cells read as missing. */
typedef struct hg_chart_data hg_chart_data;
hg_status hg_chart_data_read(const char *path, hg_chart_data **out, hg_error *err);
void hg_chart_data_free(hg_chart_data *d);

/* One row of chart data given field by field: the cells of a
 * results/indicators.csv row, or of a results/inequalities.csv row with
 * category_type = breakdown_type, category = group and compared_to_england =
 * significance.  Strings are borrowed (NULL reads as ""); numbers NAN when
 * missing (period_sortable NAN: the period's leading year orders it). */
typedef struct hg_chart_row {
  const char *indicator_id, *indicator_name, *area_code, *area_name, *area_type, *period;
  const char *sex, *age, *category_type, *category;
  const char *compared_to_england, *compared_to_london, *recent_trend;
  const char *unit, *measure, *gap_trend;
  const char *component;       /* inequality rows: the breakdown's name ("County & UA deprivation
                                * deciles ..."), so that two breakdowns are never joined */
  const char *reference_group; /* inequality rows: what the gap is measured against */
  double period_sortable, value, lower95, upper95, lower998, upper998, count, denominator;
  double group_value;
} hg_chart_row;

/* Chart data from rows already in memory (the run's results), read as
 * hg_chart_data_read would read the same cells from a file.  name stands for
 * the file in chart sources and messages (e.g. "results/indicators.csv").
 * The rows' strings are borrowed and must outlive the data (and every chart
 * built from it); the array itself is copied.  Free with hg_chart_data_free. */
hg_status hg_chart_data_from_rows(const char *name, const hg_chart_row *rows, size_t n,
                                  hg_chart_data **out);

/* What to draw.  Zero-initialised = defaults (noted per field). */
typedef struct hg_chart_request {
  hg_chart_kind kind;
  const char *indicator;         /* --indicator; default the first in the file */
  const char *x_indicator;       /* --x-indicator (scatter); default the second */
  const char *area;              /* --area; default the first child area code */
  const char *period;            /* --period text; default the latest well covered */
  const char *sex;               /* --sex; default Persons if present, else the first */
  const char *age;               /* --age: the age group, matched exactly; default the only
                                    one (several: HG_ERR_AMBIGUOUS unless headline) */
  const char *area_type;         /* --area-type: child areas only of this area type; needed
                                    when the rows below England have several (regions other
                                    than London are child areas only when asked for) */
  int headline;                  /* choose the headline series (All ages, Persons) where the
                                    file has several, and say so in the footnote (packs) */
  const char *area_prefix;       /* --area-prefix: child areas only with this code prefix */
  const char *category_type;     /* --category-type (inequalities, gradient) */
  const char *category;          /* --category: only this category's breakdown rows */
  const char *unit;              /* --unit: axis title; default the file's unit column */
  const char *source;            /* --source publisher; default "OHID Fingertips" */
  const char *licence;           /* the data's licence on the source line ("": none named);
                                    default "Open Government Licence v3.0" */
  const char *compare_to;        /* --compare-to "england" (default) or "london" */
  hg_chart_polarity polarity;    /* --polarity, used when polarity_set */
  int polarity_set;              /* 0: inferred per indicator from the file's labels */
  hg_map_fill fill;              /* --fill */
  const hg_boundaries *geo;      /* --boundaries (map; borrowed) */
  const hg_boundaries *outline;  /* --outline (map; borrowed) */
  const char *measure;           /* gap from results/inequalities.csv: --measure (default sii) */
  const char *group;             /* gap: only this group's rows (diff_vs_ref of one ethnic
                                    group against the reference); default every row */
  const hg_chart_data *fit_data; /* gradient: --inequalities results (SII, RII, limits) */
  const char *area_group;        /* spine: what the range's areas are, named in its footnote
                                    ("boroughs of North West London"); default "areas of its
                                    type" */
  const char *input_name;        /* set by hg_chart_build (messages) */
} hg_chart_request;

/* A spec and the storage it points into.  The spec borrows strings of d: free
 * the built chart before the data. HG_ERR_NOT_FOUND (indicator, area or period
 * absent), HG_ERR_INVALID (map without boundaries), with err naming the file. */
typedef struct hg_chart_built hg_chart_built;
hg_status hg_chart_build(const hg_chart_data *d, const hg_chart_request *req, hg_chart_built **out,
                         hg_error *err);
const hg_chart_spec *hg_chart_built_spec(const hg_chart_built *b);
void hg_chart_built_free(hg_chart_built *b);
/* Rows left out because they repeat an earlier row's key (indicator, area,
 * period, sex, age, category type, category): an API export lists England twice. */
size_t hg_chart_built_repeats(const hg_chart_built *b);

/* Least squares of value on x over the points with both finite, weighted by
 * pts[i].weight where finite (the PHE SII fit: relative rank, population shares,
 * Low & Low 2004).  HG_ERR_EMPTY with fewer than 3 points or no spread in x.
 * r2 may be NULL.  The scatter chart's line. */
hg_status hg_chart_least_squares(const hg_chart_series *s, double *intercept, double *slope,
                                 double *r2);

/* The value axis's title for an indicator's unit as its metadata writes it
 * ("%" -> "Per cent (%)", "ug/m3" -> "µg/m³", "per 100,000" -> "Per 100,000",
 * else the unit), as every chart of the spec builder titles it; NULL for no
 * unit.  g_free. */
char *hg_chart_axis_title(const char *unit);

HG_END_DECLS
#endif
