/* healthgap/targets.h: targets (London Health Inequalities Strategy and the
 * national targets analysts compare against), Fingertips' "Compared to goal"
 * RAG, projection of the trend to the target year, and results/targets.csv.
 *
 * Implemented in engine/analyse/targets.c.  Targets table columns
 * (docs/benchmarking.md; shipped as fixtures/targets.csv): target_id,
 * indicator_key, scope, direction (at_most, at_least, narrow, increase_by,
 * decrease_by_percent), target_value, unit, target_year, baseline_year,
 * source, note.  Projections and status: docs/targets.md.
 *
 * Ownership: the set owns its targets and their strings until
 * hg_target_set_free.  Evaluation is pure (arrays in, struct out).
 */
#ifndef HEALTHGAP_TARGETS_H
#define HEALTHGAP_TARGETS_H

#include <stddef.h>
#include <stdio.h>

#include "healthgap/projection.h"
#include "healthgap/status.h"
#include "healthgap/table.h"

HG_BEGIN_DECLS

typedef enum hg_target_direction {
  HG_TARGET_AT_MOST = 0,        /* value <= target */
  HG_TARGET_AT_LEAST,           /* value >= target */
  HG_TARGET_NARROW,             /* value (a gap) < its value in baseline_year */
  HG_TARGET_INCREASE_BY,        /* value >= value in baseline_year + target_value */
  HG_TARGET_DECREASE_BY_PERCENT /* value <= value in baseline_year x (1 - target_value/100) */
} hg_target_direction;

typedef struct hg_target {
  char *target_id;
  char *indicator_key; /* as written in the table */
  char *indicator_id;  /* the registry id it maps to (Fingertips id or hg.key) */
  char *scope;         /* "London boroughs", "London", "England", "England only", "any" */
  hg_target_direction direction;
  double target_value; /* NAN when empty (narrow) */
  char *unit;
  int target_year;   /* 0: no date */
  int baseline_year; /* 0: none */
  char *source, *note;
} hg_target;

typedef struct hg_target_set hg_target_set;

hg_target_set *hg_target_set_new(void); /* empty; NULL on allocation failure */
void hg_target_set_free(hg_target_set *set);
/* Appends the targets of a CSV (a pack may add its own after the shipped set).
 * A target_id already present is replaced.  Errors: HG_ERR_IO, HG_ERR_PARSE,
 * HG_ERR_FORMAT (a required column missing: target_id, indicator_key, scope,
 * direction, target_value, target_year), HG_ERR_INVALID (bad direction, number
 * or year; err names file, line and column).  The set is unchanged on error. */
hg_status hg_target_set_load_csv(hg_target_set *set, const char *path, hg_error *err);
/* The same from a table already read (t borrowed; errors name hg_table_name(t)). */
hg_status hg_target_set_load_table(hg_target_set *set, const hg_table *t, hg_error *err);
size_t hg_target_set_size(const hg_target_set *set);
const hg_target *hg_target_set_at(const hg_target_set *set, size_t i);

/* 1 if the target applies to the area: "London boroughs" -> E09 codes;
 * "London" -> London (E12000007), its ICBs (E54000027-31) and its boroughs;
 * "England" -> England and every English area (a national target every area
 * is compared against); "England only" -> England (E92000001) alone (a
 * national total, such as a count of diagnoses); "any" -> every area. */
int hg_target_applies(const hg_target *t, const char *area_code);

/* Fingertips' "Compared to goal" for one value against a limit
 * (docs/benchmarking.md, Targets).  at_most (low is good) without limits: value <= limit -> Green,
 * else Red; with use_cis and both limits: upper <= limit -> Green, lower > limit -> Red, otherwise
 * Amber; mirrored for at_least.  Missing value or limit -> "Not compared".  Returns static text:
 * "Green", "Amber", "Red", "Not compared". */
const char *hg_goal_rag(double value, double lower, double upper, double limit, int at_least,
                        int use_cis);

typedef enum hg_target_status {
  HG_TARGET_NOT_ENOUGH_DATA = 0,
  HG_TARGET_ACHIEVED,
  HG_TARGET_ON_TRACK,
  HG_TARGET_OFF_TRACK,
  HG_TARGET_AT_RISK
} hg_target_status;
/* "not enough data", "achieved", "on track", "off track", "at risk". */
const char *hg_target_status_name(hg_target_status s);

typedef struct hg_target_eval {
  double limit;  /* the effective target value (baseline-relative resolved) */
  size_t latest; /* index of the latest point with a value */
  double latest_value;
  /* The baseline: the baseline year's point for a relative target, else the
   * first point with a value (the start of the trend judged). */
  size_t baseline;
  double baseline_value;                              /* NAN when none */
  const char *rag;                                    /* hg_goal_rag of the latest point */
  hg_projection_method method;                        /* as passed in */
  double projected, projected_lower, projected_upper; /* at the target year; NAN if none */
  double years_to_target; /* at the fitted rate; 0 achieved, NAN never or no fit */
  hg_target_status status;
  const char *reason; /* why not enough data or off track without a projection (static), or "" */
} hg_target_eval;

/* Evaluates one target on one area's series, ascending: years[i] is the period's
 * start year (the calendar year of a financial or academic year), value and
 * optional 95% limits (NULL = none).  The series is projected with method
 * (hg_projection_fit; scale: the value of 100% for logit, e.g. the
 * indicator's multiplier) to target_year with its 95% prediction interval
 * (docs/targets.md): the latest value meets the target -> achieved; the
 * interval entirely on the target's side -> on track; straddling it -> at
 * risk; entirely on the wrong side -> off track.  A target with no year, or
 * whose year has passed, not met -> off track.  No value, no baseline value
 * for a relative target, no projection (too few points, a value outside the
 * method's range, the target year beyond the horizon) -> not enough data,
 * with out->reason.  Always HG_OK for valid arguments. */
hg_status hg_target_evaluate(const hg_target *t, hg_projection_method method, double scale,
                             const double *years, const double *value, const double *lower95,
                             const double *upper95, size_t n, hg_target_eval *out);

/* One row of results/targets.csv (strings borrowed). */
typedef struct hg_target_row {
  const char *target_id, *indicator_id, *area_code, *sex, *age;
  const char *baseline_period;
  double baseline_value;
  const char *latest_period;
  double latest_value, target_value;
  int target_year; /* 0 = empty */
  const char *rag, *method;
  double projected_value, projected_lower, projected_upper, years_to_target;
  const char *status, *reason;
} hg_target_row;

/* Sorts rows by target_id, indicator_id, area_code, sex, age, latest_period:
 * the order of results/targets.csv. */
void hg_target_rows_sort(hg_target_row *rows, size_t n);

/* Writes results/targets.csv (the columns of HG_TARGETS_COLUMNS in
 * healthgap/results.h; BOM, CRLF) with rows sorted by hg_target_rows_sort (in
 * place).  HG_ERR_IO on a write error, HG_ERR_NOMEM. */
hg_status hg_targets_write_csv(FILE *fp, hg_target_row *rows, size_t n);

HG_END_DECLS
#endif
