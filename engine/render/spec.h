/* engine/render/spec.h: what the chart-spec builder's files share (not public
 * API; the public face is healthgap/chart_data.h).
 *
 * chart_data.c reads a table into rows (or takes them from memory,
 * hg_chart_data_from_rows) and offers the selection helpers below;
 * each chart family turns the selected rows into its spec in its own file:
 *   spec_areas.c       compare areas, maps (quintile classes), funnel plots
 *   spec_profiles.c    overview (tartan rug) and area profile (spine)
 *   spec_time.c        trends and gaps over time
 *   spec_categories.c  inequalities and deprivation gradients (SII line)
 *   spec_misc.c        box plots, population pyramids, scatter plots
 * and funnel_fit.c fits funnel limits.  Everything a spec points to is owned by
 * its build (strings and blocks freed with the built chart) or by the rows of
 * the data (borrowed).
 */
#ifndef HEALTHGAP_RENDER_SPEC_H
#define HEALTHGAP_RENDER_SPEC_H

#include <glib.h>
#include <stdbool.h>

#include "healthgap/chart_data.h"
#include "healthgap/table.h"

#define ENGLAND "E92000001"
#define LONDON "E12000007"

/* One row of the table, its cells normalised to the names below ("" when the
 * file has no such column; numbers NAN). */
typedef struct row {
  const char *ind, *ind_name, *code, *name, *atype, *period, *sex, *age, *ctype, *cat;
  const char *sig_eng, *sig_lon, *trend, *unit, *measure, *gap_trend, *component;
  const char *ref; /* inequality rows: the reference group */
  double sortable, value, lo, hi, lo998, hi998, count, denom, gvalue;
} row;

struct hg_chart_data {
  hg_table *t;  /* the cells the rows point into (NULL: rows from memory) */
  GArray *rows; /* row */
  char *name;   /* the path (or the name given), for messages and the source line */
  /* indicator id -> GArray of its rows, in file order: a chart of one
   * indicator starts from these, not from a scan of every row (issue 17) */
  GHashTable *by_ind;
};

#define ROW(a, i) (&g_array_index((a), row, (i)))

typedef hg_chart_request opts;

/* Everything the spec borrows lives here until the chart is drawn. */
typedef struct build {
  GPtrArray *strings; /* char*, g_free */
  GPtrArray *blocks;  /* points and other arrays, g_free */
  hg_chart_series series[64];
  hg_chart_refline refs[4];
  char subtitle[512], title[512], source[512], footnote[512];
} build;

/* One spec being built: the rows, the request (input_name set), the spec and
 * its storage, and what the builder chose before handing over to a family. */
typedef struct spec_job {
  GArray *a; /* row, the data's */
  const opts *o;
  hg_chart_spec *spec;
  build *b;
  hg_error *err;
  const char *ind, *sex; /* the indicator and sex drawn (sex may be "") */
  const char *iname;     /* the indicator's name */
  const char *unit;      /* the value axis's title (--unit, else of unit_raw), or NULL */
  const char *unit_raw;  /* the rows' unit as metadata writes it ("%", "years"), or NULL */
  const char *age;       /* the age drawn where the indicator has several, else NULL */
  const char *sexlabel;  /* the series named in subtitles: the sex ("Persons" when
                            empty), then the age where the indicator has several */
  /* set for the charts of one indicator's areas (compare, map, funnel, trends,
   * gap, overview, spine): */
  const char *period; /* the period drawn (NULL for an overview) */
  const char *vs;     /* the comparator named in subtitles: "England" or "London" */
} spec_job;

/* ---- chart_data.c: selection helpers ---- */
bool spec_is_cat(const row *r);                    /* a category row (breakdown) */
bool spec_is_region(const char *code);             /* England or a region */
bool spec_child_area(const row *r, const opts *o); /* an area below the regions, in the prefix */
bool spec_match(const row *r, const char *ind, const char *sex); /* sex NULL = any */
const char *spec_first_indicator(GArray *a);
/* The sex to use: asked, else Persons if present, else the first seen. */
const char *spec_pick_sex(GArray *a, const char *ind, const char *want);
/* The asked period of an indicator, else its latest period with at least
 * half the rows of its best-covered period; NULL if none.  *key (may be
 * NULL) receives its sortable key. */
const char *spec_pick_period(GArray *a, const char *ind, const char *sex, const char *want,
                             double *key);
/* The asked area, else the lowest child area code of ind, else England. */
const char *spec_default_area(GArray *a, const char *ind, const opts *o);
/* Rows of one indicator/sex/period (period NULL = every period), category rows
 * or not; free with g_ptr_array_free(, TRUE). */
GPtrArray *spec_select_rows(GArray *a, const char *ind, const char *sex, const char *period,
                            bool with_cat);
const row *spec_find_area(GPtrArray *v, const char *code);
/* Every indicator id once, in order of first appearance. */
GPtrArray *spec_indicator_ids(GArray *a);
/* The indicator's name (its id when absent) and *unit: --unit, else the
 * file's unit column on the indicator's first row. */
const char *spec_indicator_name(GArray *a, const char *ind, const opts *o, const char **unit);
/* Polarity: asked, else inferred from the rows' Better/Worse labels. */
hg_chart_polarity spec_infer_polarity(GPtrArray *v, const opts *o);
/* A point from a row: value, limits, count, x = denominator, sig against the
 * asked comparator, trend, role England/London by code. */
void spec_point_from(hg_chart_point *p, const row *r, const opts *o);
int spec_cmp_sortable(const void *x, const void *y); /* row**: by period key, then text */
int spec_cmp_name(const void *x, const void *y);     /* row**: by area name */
int spec_cmp_double(const void *a, const void *b);
/* The first number in a text ("45-49" -> 45, "Decile 2" -> 2; 1e9 if none). */
double spec_number_key(const char *s);

/* Storage of a build: s (g_malloc'ed) kept until the built chart is freed;
 * n points initialised with hg_chart_point_init. */
const char *spec_keep(build *b, char *s);
hg_chart_point *spec_points(build *b, size_t n);
/* The axis title of a unit as indicator metadata writes it ("%" -> "Per cent
 * (%)", "ug/m3" -> "µg/m³"), or of a difference of two values of it (delta: a
 * gap, an SII), where percentages differ by percentage points; NULL for none. */
const char *spec_axis_title(build *b, const char *unit, bool delta);
/* 1 when some point of the series is judged against a comparator (Better,
 * Similar, Worse, Lower, Higher), so that a subtitle may say it was compared. */
bool spec_any_compared(const hg_chart_series *s, size_t nseries);
/* 1 when some point of the series has both confidence limits. */
bool spec_any_limits(const hg_chart_series *s, size_t nseries);
/* "Persons" or the asked sex, or "Persons (X for indicators published by sex
 * only)" for charts of every indicator. */
const char *spec_mixed_sex_label(build *b, const char *want, const char *other);

/* ---- the families ---- */
hg_status spec_build_areas(spec_job *j);       /* compare, map, funnel */
hg_status spec_build_overview(spec_job *j);    /* spec_profiles.c */
hg_status spec_build_spine(spec_job *j);       /* spec_profiles.c */
hg_status spec_build_over_time(spec_job *j);   /* spec_time.c: trends, gap to England */
bool spec_has_measures(GArray *a);             /* spec_time.c: results/inequalities.csv */
hg_status spec_build_gap_measure(spec_job *j); /* spec_time.c: a gap measure over time */
hg_status spec_build_categories(spec_job *j);  /* inequalities, gradient */
hg_status spec_build_boxplot(spec_job *j);     /* spec_misc.c */
hg_status spec_build_pyramid(spec_job *j);     /* spec_misc.c */
hg_status spec_build_scatter(spec_job *j);     /* spec_misc.c */

#endif
