/* adapter.h: helpers shared by the registry_*.c adapters (private to engine/methods/).
 * They turn hg_method_call options and columns into arrays for the pure
 * functions, and estimates back into hg_result cells. */
#ifndef HG_INDICATORS_ADAPTER_H
#define HG_INDICATORS_ADAPTER_H

#include "healthgap/ci.h"
#include "healthgap/methods.h"
#include "healthgap/rates.h"

/* Column index of option `arg`: if the option is absent or names no column,
 * fails with msg (the R message) and returns HG_ERR_INVALID. */
hg_status hg_adapter_column(const hg_method_call *c, const char *arg, const char *msg, long *col,
                            hg_error *err);

/* Reads option "confidence" and normalises it under rule (ci.h). */
hg_status hg_adapter_confidence(const hg_method_call *c, hg_conf_rule rule, double *levels,
                                size_t *n, hg_error *err);

/* Appends the limits of e in hg_result_ci_columns order. */
void hg_adapter_limits(hg_result *r, const hg_estimate *e, size_t nconf);

/* Declares confidence, statistic, method (META). */
void hg_adapter_meta_columns(hg_result *r);
/* Appends the three META cells; method may be NULL (NA). */
void hg_adapter_meta_cells(hg_result *r, const double *levels, size_t nconf, const char *statistic,
                           const char *method);

/* Reads the numbers of column col over the group's rows into a new array
 * (g_free it).  NULL with err set on a non-number. */
double *hg_adapter_values(const hg_method_call *c, long col, const size_t *rows, size_t n,
                          hg_status *st, hg_error *err);

/* hg_adapter_values over every row of c->data. */
double *hg_adapter_all_values(const hg_method_call *c, long col, hg_status *st, hg_error *err);

/* R's method text for an hg_ci_method ("Exact", "Byars", "Wilson", ...); NULL for none. */
const char *hg_adapter_method_name(hg_ci_method m);

#endif
