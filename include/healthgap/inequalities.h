/* healthgap/inequalities.h: inequality analysis: deprivation gradients (SII/RII,
 * absolute and relative gaps), categories against a reference, Arriaga rows, gap
 * trends, and the results/inequalities.csv writer.
 * Implemented in engine/analyse/inequalities.c (quantiles, deprivation,
 * categories), inequalities_results.c (results, gap trends, CSV),
 * inequalities_arriaga.c and inequalities_table.c (a long indicator table or
 * the store in, rows out).
 *
 * results/inequalities.csv (docs/outputs.md), one row per measure:
 *   indicator_id, area_code, period, sex, breakdown_type, measure, group,
 *   reference_group, value, lower_ci95, upper_ci95, group_value, reference_value,
 *   significance, gap_trend
 * extended at the end (columns are only ever appended) with
 *   age        the age group of the indicator ("All ages", "65+ yrs"), "" if none
 *   component  the age band or cause of an Arriaga row; the quantile scheme (the
 *              category type, e.g. "County & UA deprivation deciles ...") of a
 *              deprivation row; "" otherwise
 *   note       "approximate: ..." when the measure is built from values without
 *              counts or limits (e.g. population-weighted means), else ""
 * breakdown_type is deprivation|ethnicity|sex|age|other; measure is
 * sii|rii|abs_gap|rel_gap|diff_vs_ref|ratio_vs_ref|arriaga_age|arriaga_cause.
 * Conventions: abs_gap = most deprived - least deprived, rel_gap = most / least;
 * diff_vs_ref = group - reference, ratio_vs_ref = group / reference.  Sex
 * breakdown rows (HG_INEQ_BY_SEX) have sex = group = the compared sex and
 * reference_group = "Persons" (sex is a key column: Excel filters on it).  Deprivation
 * rows have group = the most deprived quantile's label, reference_group = the
 * least deprived one's; for sii and rii group_value and reference_value are the
 * fitted values at the most and least deprived ends (group_value = the
 * intercept).  Arriaga rows: value = years, group_value = percent of the gap,
 * reference_value = the whole gap.  significance (higher|lower|similar|"") says where the interval
 * lies against 0 (differences, SII) or 1 (ratios, RII).
 */
#ifndef HEALTHGAP_INEQUALITIES_H
#define HEALTHGAP_INEQUALITIES_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "healthgap/gaps.h"
#include "healthgap/geography.h"
#include "healthgap/le.h"
#include "healthgap/status.h"
#include "healthgap/store.h"
#include "healthgap/table.h"

HG_BEGIN_DECLS

/* ---- results ------------------------------------------------------------------ */

/* One output row.  Strings are borrowed by hg_ineq_results_add, which copies
 * them; NULL reads as "".  Numbers: NAN = missing (empty field). */
typedef struct hg_ineq_row {
  const char *indicator_id, *area_code, *period, *sex, *age;
  double period_year; /* numeric time for sorting and gap trends (start year, or the
                         mid-year of a multi-year period); NAN = take the first
                         four digits of period */
  const char *breakdown_type, *measure, *group, *reference_group, *component;
  double value, lower95, upper95, group_value, reference_value;
  const char *significance, *gap_trend, *note;
} hg_ineq_row;

typedef struct hg_ineq_results hg_ineq_results;

hg_ineq_results *hg_ineq_results_new(void); /* NULL on allocation failure */
void hg_ineq_results_free(hg_ineq_results *res);
hg_status hg_ineq_results_add(hg_ineq_results *res, const hg_ineq_row *row);
size_t hg_ineq_results_size(const hg_ineq_results *res);
/* Row i (borrowed, valid until the next add/sort/free). */
const hg_ineq_row *hg_ineq_results_get(const hg_ineq_results *res, size_t i);
/* Sorts by indicator_id, area_code, sex, age, breakdown_type, measure, group,
 * reference_group, component, then period on period_year (never on its text). */
void hg_ineq_results_sort(hg_ineq_results *res);
/* First row matching all the non-NULL fields, or NULL. */
const hg_ineq_row *hg_ineq_results_find(const hg_ineq_results *res, const char *indicator_id,
                                        const char *area_code, const char *period, const char *sex,
                                        const char *measure, const char *group);

/* Fits the gap trend of every series (same indicator, area, sex, age, breakdown,
 * measure, groups and component over 3 or more periods) with hg_gap_trend_fit:
 * the difference measures sii, abs_gap and diff_vs_ref as they are, the ratio
 * measures rii, rel_gap and ratio_vs_ref on the log scale (log 1 = 0 = no gap, so
 * narrowing means the ratio moving towards 1; a non-positive value or limit
 * drops that period's value or weight).  Weighted by the SE recovered from each
 * period's 95% limits (on the fitted scale), unweighted when a period has no
 * limits.  The label goes into gap_trend of EVERY row of the series (the column
 * is per row: a filter on any one period still shows the series' trend).
 * Arriaga rows are not gap series and get no label. */
hg_status hg_ineq_apply_gap_trends(hg_ineq_results *res, double confidence);

/* Writes the header and every row (sorted first), RFC 4180 via hg_csv_writer;
 * bom = 1 writes the UTF-8 BOM.  HG_ERR_IO if a write failed. */
hg_status hg_ineq_write_csv(hg_ineq_results *res, FILE *fp, int bom);

/* ---- classification of breakdowns --------------------------------------------- */

/* "deprivation", "ethnicity", "sex", "age" or "other" for a category type text
 * (case-insensitive: "...deprivation deciles...", "Ethnic groups", "Sex", "Age"). */
const char *hg_ineq_breakdown_type(const char *category_type);

/* Deprivation quantile labels ("Most deprived decile", "2nd least deprived
 * quintile", "1") are read by hg_deprivation_rank (healthgap/deprivation.h). */

/* ---- deprivation -------------------------------------------------------------- */

typedef struct hg_ineq_key {
  const char *indicator_id, *area_code, *period, *sex, *age;
  double period_year; /* as hg_ineq_row.period_year */
} hg_ineq_key;

/* A row of key's series: breakdown_type and measure set, every number missing
 * (NAN), every other string NULL.  The row-building functions start from it. */
void hg_ineq_row_init(hg_ineq_row *r, const hg_ineq_key *key, const char *breakdown_type,
                      const char *measure);

/* One deprivation quantile.  Give value with 95% limits (as Fingertips publishes),
 * or count and denominator (then the value and limits are computed: rate with
 * exact/Byar's limits, or proportion with Wilson limits, times multiplier).
 * population weights the SII (default: the denominator). */
typedef struct hg_ineq_quantile {
  const char *label; /* e.g. "Most deprived decile"; NULL -> "Q1", "Q2", ... */
  double value, lower95, upper95;
  double count, denominator;
  double population;
} hg_ineq_quantile;

/* Zero-initialised = defaults. */
typedef struct hg_ineq_options {
  hg_gap_value_type value_type; /* link for the SII simulation and the count methods
                                   (rate: rate ratio/difference; proportion: risk
                                   ratio/difference); default HG_GAP_NORMAL;
                                   CLI --value-type */
  double multiplier;            /* rates per multiplier, proportions in units of it
                                   (100 = %); default 0 = 1; CLI --multiplier */
  double confidence;            /* for gaps and SII limits; default 0 = 95 */
  unsigned repetitions;         /* SII simulation; default 0 = 10000; CLI --reps */
  uint64_t seed;                /* SII simulation seed; default 0; CLI --seed */
  int no_ci;                    /* 1: point estimates only (values without limits);
                                   the rows get an "approximate" note */
  const char *note;             /* note written on every row produced (NULL = none) */
} hg_ineq_options;

/* k quantiles ordered most -> least deprived (k >= 2; SII and RII need 5..100 and
 * are skipped otherwise).  Appends sii, rii, abs_gap and rel_gap rows for key to
 * res (breakdown_type "deprivation"; component = category_type, or
 * "deprivation" when NULL).  Gaps from counts use hg_rate_difference/hg_rate_ratio (rates)
 * or hg_risk_difference/hg_risk_ratio (proportions) when both end quantiles have
 * counts; otherwise they come from the values and limits (hg_gap_difference_ci,
 * hg_gap_ratio_ci).  Errors: HG_ERR_INVALID (missing value with no counts, a
 * non-positive population) with err saying which quantile. */
hg_status hg_ineq_deprivation(const hg_ineq_key *key, const char *category_type, size_t k,
                              const hg_ineq_quantile *q, const hg_ineq_options *opt,
                              hg_ineq_results *res, hg_error *err);

/* Assigns each of n small areas a quantile 1..nq (1 = most deprived) from its
 * deprivation measure: higher_is_worse = 1 for IMD scores, 0 for IMD ranks
 * (rank 1 = most deprived).  pop NULL: the PHE method (hg_quantile_assign,
 * counts areas).  pop given: population-weighted quantiles: areas ordered most ->
 * least deprived, quantile = floor(nq * midpoint of the area's cumulative
 * population share) + 1, so each quantile holds about 1/nq of the people.
 * Missing measures (or populations) get 0.  q has n entries (caller-owned). */
hg_status hg_ineq_assign_quantiles(size_t n, const double *measure, const double *pop, int nq,
                                   int higher_is_worse, int *q, hg_error *err);

/* The same within areas: small areas are grouped by their ancestor at `within`
 * in g (e.g. HG_GEO_LAD for deciles within each borough; HG_GEO_REGION for
 * London-wide) and ranked inside each group.  An area not in g is
 * HG_ERR_NOT_FOUND naming it. */
hg_status hg_ineq_assign_quantiles_within(const hg_geo *g, hg_geo_level within, size_t n,
                                          const char *const *codes, const double *measure,
                                          const double *pop, int nq, int higher_is_worse, int *q,
                                          hg_error *err);

/* Sums per quantile 1..nq: num_out[j-1] += num[i] and den_out[j-1] += den[i] for
 * the areas in quantile j (den/den_out may be NULL).  Rows with q = 0 are left
 * out; a missing count makes its quantile's sum missing (NAN). */
void hg_ineq_quantile_sums(size_t n, const int *q, const double *num, const double *den, int nq,
                           double *num_out, double *den_out);

/* Weighted means per quantile (e.g. MSOA life expectancy weighted by population,
 * an approximation when no counts exist): mean_out[j-1] = sum(w v) / sum(w) over
 * areas with both present; weight_out (may be NULL) receives sum(w).  A quantile
 * with no data gets NAN. */
void hg_ineq_quantile_means(size_t n, const int *q, const double *value, const double *weight,
                            int nq, double *mean_out, double *weight_out);

/* ---- categories against a reference ------------------------------------------- */

/* For n categories with values and 95% limits (NAN when absent) appends
 * diff_vs_ref and ratio_vs_ref rows against the reference (ref_name, rv, rl, ru):
 * breakdown_type as given (e.g. "ethnicity", "sex", "age"); the reference itself
 * (a category named ref_name) is skipped.  Limits from the recovered SEs
 * (hg_gap_difference_ci, hg_gap_ratio_ci).  Ratios need positive values
 * (otherwise the ratio row has no limits). */
hg_status hg_ineq_categories(const hg_ineq_key *key, const char *breakdown_type, size_t n,
                             const char *const *names, const double *value, const double *lower95,
                             const double *upper95, const char *ref_name, double rv, double rl,
                             double ru, const hg_ineq_options *opt, hg_ineq_results *res);

/* ---- Arriaga ------------------------------------------------------------------ */

/* Appends one arriaga_age row per band (component = band_labels[i], value = years,
 * group_value = percent of the gap) for group vs reference (their life tables 2
 * and 1 in hg_arriaga), and, when nc > 0, one arriaga_cause row per band x cause
 * (component "band: cause") from death rates m1, m2 (n x nc, row-major). */
hg_status hg_ineq_arriaga(const hg_ineq_key *key, const char *breakdown_type, const char *group,
                          const char *reference, size_t n, const char *const *band_labels,
                          const double *l_ref, const double *L_ref, const double *T_ref,
                          const double *l_grp, const double *L_grp, const double *T_grp, size_t nc,
                          const char *const *causes, const double *m_ref, const double *m_grp,
                          hg_ineq_results *res);

/* The same from deaths and populations by age band (the Segment Tool's inputs):
 * both life tables are built with hg_le_group (PHE method: Chiang II, 20 bands
 * 0, 1-4, 5-9, ..., 85-89, 90+ unless le_opt says otherwise; le_opt may be NULL),
 * then decomposed.  start[i] is band i's start age (same bands for both
 * populations).  Causes (nc > 0): deaths by cause d_ref_c, d_grp_c (n x nc,
 * row-major), turned into rates over the band's population.  Band labels are
 * "0", "1-4", ..., "90+".  A group the life-table method refuses (a zero
 * population, too few people) is HG_ERR_INVALID with its message in err. */
hg_status hg_ineq_arriaga_counts(const hg_ineq_key *key, const char *breakdown_type,
                                 const char *group, const char *reference, size_t n,
                                 const double *start, const double *d_ref, const double *p_ref,
                                 const double *d_grp, const double *p_grp, size_t nc,
                                 const char *const *causes, const double *d_ref_c,
                                 const double *d_grp_c, const hg_le_options *le_opt,
                                 hg_ineq_results *res, hg_error *err);

/* ---- Arriaga from a counts file (engine/analyse/inequalities_arriaga_table.c) ------------ */

/* Zero-initialised = defaults.  Two modes:
 *   areas:       area_code (the group) against reference_area (e.g. an LA
 *                against E12000007 London or E92000001 England);
 *   deprivation: deprivation_column set: the most deprived quantile (label rank 1
 *                by hg_deprivation_rank: "1", "Most deprived quintile") against
 *                the least deprived one present, over the rows of area_code (NULL =
 *                every row: e.g. small areas of one borough, counts summed). */
typedef struct hg_ineq_arriaga_options {
  const char *indicator_id;       /* written on the rows; NULL = "hg.le_birth" */
  const char *area_code;          /* CLI --area */
  const char *reference_area;     /* CLI --reference / --reference-area */
  const char *deprivation_column; /* CLI --deprivation-column */
  const char *cause_column;       /* CLI --cause-column: each row is one cause's deaths,
                                     its population the band's, repeated on every cause
                                     row (counted once; must agree) */
  const char *period, *sex;       /* only these (NULL = all) */
  const hg_le_options *le;        /* life-table options (NULL = PHE's 20 bands) */
  /* Areas mode: a side whose code has no rows of its own in the table is the
   * sum of its members' rows (NULL-terminated area codes; NULL = none): a
   * borough against London summed from the boroughs of the file, one quintile
   * of boroughs against another.  A row may count on both sides (the borough
   * is part of London).  With members, area_code may be a label (no rows). */
  const char *const *area_members, *const *reference_members;
  const char *group_label, *reference_label; /* written as group and reference_group
                                                (NULL = area_code, reference_area) */
  const char *key_area;                      /* written as area_code (NULL = area_code) */
  const char *breakdown_type;                /* written as breakdown_type (NULL = "other") */
} hg_ineq_arriaga_options;

/* Reads a counts file (columns area_code, period, sex, age_band, deaths,
 * population; plus the cause / deprivation columns named in o), sums deaths and
 * populations of each side per period x sex x age band (x cause), and appends one
 * decomposition per period x sex (hg_ineq_arriaga_counts) to res: arriaga_age rows
 * (and arriaga_cause rows with causes), breakdown_type "deprivation" or "other",
 * group = the group's area code or quantile label, reference_group = the
 * comparator's, age "".  Direction (the Segment Tool's): Arriaga's base
 * population is the group, so value sums to e0(reference) - e0(group), positive
 * when the group lives shorter; reference_value is that gap.  A period x sex whose
 * life table is refused (a band missing or with no population, too few people) is
 * skipped and counted in *skipped.  Errors: HG_ERR_FORMAT (a column missing),
 * HG_ERR_PARSE (a bad number or age band), HG_ERR_NOT_FOUND (no rows for a side),
 * HG_ERR_INVALID (bad options, populations that differ between cause rows), with
 * file, line and column in err. */
hg_status hg_ineq_arriaga_from_table(const hg_table *t, const hg_ineq_arriaga_options *o,
                                     hg_ineq_results *res, size_t *skipped, hg_error *err);

/* The areas of a counts table whose rows sum to area when the table has none of
 * its own (the rule of `gaps --by arriaga`, docs/inequalities.md): with a lookup
 * table, every code of the counts' area_code column that shares a lookup row
 * with area (area in one column, the member in another: LA_code and ICB_code,
 * LSOA and MSOA); without one, London (E12000007) is the sum of the table's
 * boroughs (E09 codes, whose parent London is).  *out: a NULL-terminated array
 * (free() it; its strings are borrowed from counts), or NULL when area has rows
 * of its own or no members (the caller then reports no rows for area).
 * HG_ERR_FORMAT when counts has no area_code column; HG_ERR_NOMEM. */
hg_status hg_ineq_arriaga_members(const hg_table *counts, const char *area, const hg_table *lookup,
                                  const char ***out);

/* ---- a long indicator table in (engine/analyse/inequalities_table.c) --------------------- */

typedef enum hg_ineq_by {
  HG_INEQ_BY_DEPRIVATION = 0, /* category types that are deprivation quantiles */
  HG_INEQ_BY_CATEGORY = 1,    /* every other category type, against a reference */
  HG_INEQ_BY_SEX = 2,         /* Male/Female rows (no category) against Persons */
  HG_INEQ_BY_AGE = 3          /* age groups (no category) against the reference age */
} hg_ineq_by;

/* Zero-initialised = defaults. */
typedef struct hg_ineq_table_options {
  hg_ineq_by by;            /* CLI --by */
  const char *reference;    /* reference category (CLI --reference), or a
                               ';'-separated list of them, the first a group
                               has being its reference; default: the area's
                               overall value (the row with no category;
                               Persons for --by sex; "All ages" for --by age).
                               With --by category, "Not stated"/"Unknown"
                               rows are never a group */
  const char *indicator_id; /* only this indicator (CLI --indicator); NULL = all */
  const char *area_code;    /* only this area (CLI --area); NULL = all */
  const char *period;       /* only this period text (CLI --period); NULL = all */
  const char *sex;          /* only this sex (CLI --sex); NULL = all.  With
                               --by sex: only that compared sex's rows */
  hg_ineq_options measures; /* methods and simulation */
  int gap_trends;           /* 1: hg_ineq_apply_gap_trends at the end (CLI default) */
} hg_ineq_table_options;

/* Reads a long indicator table: our tidy layout (indicator_id, area_code, period,
 * sex, age, category_type, category, value, lower_ci95, upper_ci95, count,
 * denominator), a Fingertips export (Indicator ID, Area Code, Time period, ...,
 * Lower CI 95.0 limit, ..., Time period Sortable) or the FingertipsNext extract
 * (IndicatorId, Year, AgeID, SexID, AreaCode, ..., LowerCI, UpperCI, whose
 * CategoryType and Category columns are swapped: detected by its AgeID/SexID
 * columns and swapped back).  Groups rows by indicator, area, period, sex, age and
 * category type and appends the measures of opt->by.  Groups that cannot be
 * computed (a quantile missing, no population, no reference) are skipped and
 * counted in *skipped (may be NULL).  Errors name the file, line and column. */
hg_status hg_ineq_from_table(const hg_table *t, const hg_ineq_table_options *opt,
                             hg_ineq_results *res, size_t *skipped, hg_error *err);

/* The same over observations already in the store (healthgap/ingest.h readers):
 * suppressed or missing values count as missing, never zero; periods are timed
 * by hg_period_mid_year.  The store is only read. */
hg_status hg_ineq_from_store(const hg_store *store, const hg_ineq_table_options *opt,
                             hg_ineq_results *res, size_t *skipped, hg_error *err);

HG_END_DECLS
#endif
