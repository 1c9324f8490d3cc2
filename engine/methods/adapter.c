/* adapter.c: helpers shared by the registry_*.c adapters. */
#include "methods/adapter.h"

#include "healthgap/memory.h"

#include <glib.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

hg_status hg_adapter_column(const hg_method_call *c, const char *arg, const char *msg, long *col,
                            hg_error *err) {
  *col = hg_method_arg_column(c, arg);
  if (*col < 0) {
    hg_error_set(err, NULL, 0, NULL, "%s", msg);
    return HG_ERR_INVALID;
  }
  return HG_OK;
}

hg_status hg_adapter_confidence(const hg_method_call *c, hg_conf_rule rule, double *levels,
                                size_t *n, hg_error *err) {
  double raw[HG_MAX_CONF + 1];
  hg_status st = hg_method_arg_numbers(c, "confidence", raw, HG_MAX_CONF + 1, n, err);
  if (st == HG_ERR_RANGE) {
    hg_error_set(err, NULL, 0, NULL, "%s",
                 rule == HG_CONF_ANY ? "too many confidence levels"
                                     : "a maximum of two confidence levels can be provided");
    return st;
  }
  if (st != HG_OK) {
    hg_error_set(err, NULL, 0, NULL, "confidence must be numeric");
    return st;
  }
  return hg_confidence_normalise(raw, *n, rule, levels, err);
}

void hg_adapter_limits(hg_result *r, const hg_estimate *e, size_t nconf) {
  for (size_t i = 0; i < nconf; i++) {
    hg_result_number(r, e->lower[i]);
    hg_result_number(r, e->upper[i]);
  }
}

void hg_adapter_meta_columns(hg_result *r) {
  hg_result_add_column(r, "confidence", HG_COL_META);
  hg_result_add_column(r, "statistic", HG_COL_META);
  hg_result_add_column(r, "method", HG_COL_META);
}

void hg_adapter_meta_cells(hg_result *r, const double *levels, size_t nconf, const char *statistic,
                           const char *method) {
  /* Every group of a call has the same levels, and printing "95%, 99.8%"
   * with snprintf for each of 10,000 groups cost a tenth of stat proportion:
   * the text is kept for the last levels seen (per thread). */
  static _Thread_local struct {
    double levels[HG_MAX_CONF];
    size_t n;
    char text[256];
  } last;
  if (nconf > HG_MAX_CONF || nconf == 0 || last.n != nconf ||
      memcmp(last.levels, levels, nconf * sizeof *levels) != 0) {
    hg_ci_confidence_text(levels, nconf, last.text, sizeof last.text);
    last.n = nconf <= HG_MAX_CONF ? nconf : 0;
    if (last.n)
      memcpy(last.levels, levels, nconf * sizeof *levels);
  }
  hg_result_text(r, last.text);
  hg_result_text(r, statistic);
  hg_result_text(r, method);
}

double *hg_adapter_values(const hg_method_call *c, long col, const size_t *rows, size_t n,
                          hg_status *st, hg_error *err) {
  double *v = hg_mem_new_large(n, sizeof(double));
  *st = hg_method_column_values(c, col, rows, n, v, err);
  if (*st != HG_OK) {
    g_free(v);
    return NULL;
  }
  return v;
}

double *hg_adapter_all_values(const hg_method_call *c, long col, hg_status *st, hg_error *err) {
  size_t n = hg_table_nrows(c->data);
  size_t *all = hg_mem_new_large(n, sizeof(size_t));
  for (size_t i = 0; i < n; i++)
    all[i] = i;
  double *v = hg_adapter_values(c, col, all, n, st, err);
  g_free(all);
  return v;
}

const char *hg_adapter_method_name(hg_ci_method m) {
  switch (m) {
  case HG_CI_WILSON:
    return "Wilson";
  case HG_CI_EXACT:
    return "Exact";
  case HG_CI_BYARS:
    return "Byars";
  case HG_CI_STUDENT_T:
    return "Student's t-distribution";
  case HG_CI_DOBSON:
    return "Dobson";
  case HG_CI_NONE:
    break;
  }
  return NULL;
}
