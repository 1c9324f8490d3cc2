/* registry_funnel.c: the funnel-limits, funnel-significance and funnel-points rows. */
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "methods/adapter.h"
#include "healthgap/funnel.h"

#define FUNNEL_COLS                                                                                \
  {"numerator", HG_ARG_COLUMN, NULL, NULL, "numerator (events) column"},                           \
      {"denominator", HG_ARG_COLUMN, NULL, NULL, "denominator (or expected) column"}, {            \
    "rate", HG_ARG_COLUMN, NULL, NULL, "rate column (statistic rate)"                              \
  }

static const hg_method_arg limits_args[] = {
    FUNNEL_COLS,
    {"type", HG_ARG_TEXT, "full", "full|standard", "full adds statistic and method"},
    HG_ARG_MULTIPLIER(NULL),
    {"statistic", HG_ARG_TEXT, NULL, "proportion|ratio|rate", "what the funnel is for"},
    {"ratio_type", HG_ARG_TEXT, NULL, "count|isr", "ratio limits as O/E - 1 or O/E x 100"},
    {"rate_type", HG_ARG_TEXT, NULL, "dsr|crude", "kind of rate"},
    {"years_of_data", HG_ARG_NUMBER, NULL, NULL, "years the rates cover"},
    HG_ARG_END};

static const hg_method_arg significance_args[] = {
    FUNNEL_COLS,
    {"statistic", HG_ARG_TEXT, NULL, "proportion|ratio|rate", "what the funnel is for"},
    {"rate_type", HG_ARG_TEXT, NULL, "dsr|crude", "kind of rate"},
    HG_ARG_MULTIPLIER(NULL),
    HG_ARG_END};

static const hg_method_arg points_args[] = {
    FUNNEL_COLS,
    {"rate_type", HG_ARG_TEXT, NULL, "dsr|crude", "kind of rate"},
    {"years_of_data", HG_ARG_NUMBER, NULL, NULL, "years the rates cover"},
    HG_ARG_MULTIPLIER(NULL),
    HG_ARG_END};

/* R's match.arg message for a value outside choices ("a|b"). */
static hg_status match_arg(const char *value, const char *choices, int *index, hg_error *err) {
  gchar **v = g_strsplit(choices, "|", -1);
  GString *msg = g_string_new("'arg' should be one of ");
  hg_status st = HG_ERR_INVALID;
  for (int i = 0; v[i]; i++) {
    if (value && strcmp(value, v[i]) == 0) {
      *index = i;
      st = HG_OK;
    }
    g_string_append_printf(msg, "%s\"%s\"", i ? ", " : "", v[i]);
  }
  if (st != HG_OK)
    hg_error_set(err, NULL, 0, NULL, "%s", msg->str);
  g_string_free(msg, TRUE);
  g_strfreev(v);
  return st;
}

typedef struct {
  hg_funnel_options o;
  size_t n;
  double *num, *den, *rate, *dd;
  long numc, denc, ratec;
} funnel_input;

static void input_free(funnel_input *in) {
  g_free(in->num);
  g_free(in->den);
  g_free(in->rate);
  g_free(in->dd);
}

enum { FN_LIMITS, FN_SIGNIFICANCE, FN_POINTS };

/* The statistic and the arguments it requires (R's messages per function). */
static hg_status funnel_required(const hg_method_call *c, int fn, funnel_input *in, hg_error *err) {
  hg_status st = HG_OK;
  int stat = HG_FUNNEL_RATE;
  if (fn != FN_POINTS) {
    const char *s = hg_method_arg_text(c, "statistic");
    if (!s) {
      hg_error_set(err, NULL, 0, NULL, "statistic must be provided as proportion, rate or ratio");
      return HG_ERR_INVALID;
    }
    /* A value outside the list is R's match.arg error. */
    if ((st = match_arg(s, "proportion|ratio|rate", &stat, err)))
      return st;
  }
  in->o.statistic = (hg_funnel_statistic)stat;
  int has_num = hg_method_arg_given(c, "numerator"),
      has_den = hg_method_arg_given(c, "denominator");
  int has_rate = hg_method_arg_given(c, "rate"), has_mult = hg_method_arg_given(c, "multiplier");
  int has_years = hg_method_arg_given(c, "years_of_data");
  if (stat == HG_FUNNEL_RATE) {
    int has_rt = hg_method_arg_given(c, "rate_type");
    const char *msg =
        fn == FN_LIMITS ? "the following arguments are required for rates: data, numerator, rate, "
                          "rate_type, multiplier, years_of_data"
        : fn == FN_POINTS ? "the following arguments are required for rates: data, numerator, "
                            "rate, rate_type, years_of_data, multiplier"
                          : "the following arguments are required for rates: data, numerator, "
                            "rate, rate_type, multiplier";
    if (!has_num || !has_rate || !has_rt || !has_mult || (fn != FN_SIGNIFICANCE && !has_years)) {
      hg_error_set(err, NULL, 0, NULL, "%s", msg);
      return HG_ERR_INVALID;
    }
    if ((st = match_arg(hg_method_arg_text(c, "rate_type"), "dsr|crude", &in->o.rate_crude, err)))
      return st;
  } else if (fn == FN_LIMITS && stat == HG_FUNNEL_RATIO) {
    if (!has_num || !has_den || !hg_method_arg_given(c, "ratio_type") || !has_mult) {
      hg_error_set(err, NULL, 0, NULL,
                   "the following arguments are required for ratios: data, numerator, "
                   "denominator, ratio_type, multiplier");
      return HG_ERR_INVALID;
    }
    if ((st = match_arg(hg_method_arg_text(c, "ratio_type"), "count|isr", &in->o.ratio_isr, err)))
      return st;
  } else if (fn == FN_LIMITS) {
    if (!has_num || !has_den || !has_mult) {
      hg_error_set(err, NULL, 0, NULL,
                   "the following arguments are required for proportions: data, numerator, "
                   "denominator, multiplier");
      return HG_ERR_INVALID;
    }
  } else if (!has_num || !has_den) {
    hg_error_set(err, NULL, 0, NULL,
                 "the following arguments are required for ratios and proportions: data, "
                 "numerator, denominator");
    return HG_ERR_INVALID;
  }
  return HG_OK;
}

/* The numerator, denominator and rate columns over every row. */
static hg_status funnel_columns_read(const hg_method_call *c, funnel_input *in, hg_error *err) {
  hg_status st = HG_OK;
  int has_den = hg_method_arg_given(c, "denominator"), has_rate = hg_method_arg_given(c, "rate");
  in->numc = hg_method_arg_column(c, "numerator");
  in->denc = hg_method_arg_column(c, "denominator");
  in->ratec = hg_method_arg_column(c, "rate");
  if (in->numc < 0 || (has_den && in->denc < 0) || (has_rate && in->ratec < 0)) {
    hg_error_set(err, NULL, 0, NULL, "%s is not a field name from data",
                 in->numc < 0                ? "numerator"
                 : (has_den && in->denc < 0) ? "denominator"
                                             : "rate");
    return HG_ERR_INVALID;
  }
  if (!(in->num = hg_adapter_all_values(c, in->numc, &st, err)))
    return st;
  if (in->denc >= 0 && !(in->den = hg_adapter_all_values(c, in->denc, &st, err)))
    return st;
  if (in->ratec >= 0 && !(in->rate = hg_adapter_all_values(c, in->ratec, &st, err)))
    return st;
  return HG_OK;
}

/* R's checks on the values: none missing where the statistic needs them, a
 * denominator wherever a rate has no events; for significance, the ranges. */
static hg_status funnel_values_check(const hg_method_call *c, int fn, const funnel_input *in,
                                     hg_error *err) {
  hg_funnel_statistic stat = in->o.statistic;
  for (size_t i = 0; i < in->n; i++) {
    if (stat == HG_FUNNEL_RATE) {
      if (isnan(in->num[i]))
        return hg_method_fail(c, i, in->numc, err,
                              "for rates, numerators must be provided for all records, even when "
                              "their values are zero");
      if (isnan(in->rate[i]) && (!in->den || isnan(in->den[i])))
        return hg_method_fail(c, i, in->ratec, err,
                              "for rates, rates must be provided for all records, or a "
                              "denominator must be provided if the rate is zero");
    } else if (stat == HG_FUNNEL_PROPORTION && (isnan(in->num[i]) || isnan(in->den[i]))) {
      return hg_method_fail(c, i, isnan(in->num[i]) ? in->numc : in->denc, err,
                            "for proportions, numerators and denominators must be provided for "
                            "all records, even when their values are zero");
    }
  }
  for (size_t i = 0; stat == HG_FUNNEL_RATE && i < in->n; i++) {
    if (in->num[i] != 0)
      continue;
    if (!in->den)
      return hg_method_fail(c, i, in->numc, err,
                            "for rates, where there are 0 events for a record, the denominator "
                            "field needs to be provided using the denominator argument");
    if (isnan(in->den[i]))
      return hg_method_fail(c, i, in->denc, err,
                            "for rates, where there are 0 events for a record, the denominator "
                            "must be provided");
  }
  if (fn == FN_SIGNIFICANCE) {
    for (size_t i = 0; i < in->n; i++)
      if (in->num[i] < 0)
        return hg_method_fail(c, i, in->numc, err,
                              "numerators must be greater than or equal to zero");
    for (size_t i = 0; in->den && i < in->n; i++)
      if (in->den[i] <= 0)
        return hg_method_fail(c, i, in->denc, err, "denominators must be greater than zero");
    for (size_t i = 0; stat == HG_FUNNEL_PROPORTION && i < in->n; i++)
      if (in->num[i] > in->den[i])
        return hg_method_fail(c, i, in->numc, err,
                              "numerators must be less than or equal to denominator for a "
                              "proportion statistic");
  }
  return HG_OK;
}

/* The validation shared by the three functions, in R's order. */
static hg_status funnel_input_read(const hg_method_call *c, int fn, funnel_input *in,
                                   hg_error *err) {
  hg_status st = HG_OK;
  memset(in, 0, sizeof *in);
  in->n = hg_table_nrows(c->data);
  if ((st = funnel_required(c, fn, in, err)) ||
      (st = hg_method_arg_number(c, "multiplier", &in->o.multiplier, err)) ||
      (st = hg_method_arg_number(c, "years_of_data", &in->o.years_of_data, err)) ||
      (st = funnel_columns_read(c, in, err)) || (st = funnel_values_check(c, fn, in, err)))
    return st;
  in->dd = g_new(double, in->n + 1);
  hg_funnel_denominators(&in->o, in->num, in->den, in->rate, in->n, in->dd);
  return HG_OK;
}

/* The statistic text of calculate_funnel_limits ("rate (dsr per 100,000)"). */
static void limits_statistic(const hg_funnel_options *o, char *stat, size_t size) {
  char num[64];
  if (o->statistic == HG_FUNNEL_PROPORTION) {
    snprintf(stat, size, "proportion");
  } else if (o->statistic == HG_FUNNEL_RATIO) {
    snprintf(stat, size, "ratio (%s)", o->ratio_isr ? "isr" : "count");
  } else {
    /* format(multiplier, big.mark = ","): 100000 -> "100,000" */
    hg_r_number_text(o->multiplier, 0, num);
    GString *b = g_string_new(NULL);
    size_t len = strcspn(num, "."), start = num[0] == '-';
    for (size_t i = 0; num[i]; i++) {
      if (i > start && i < len && (len - i) % 3 == 0)
        g_string_append_c(b, ',');
      g_string_append_c(b, num[i]);
    }
    snprintf(stat, size, "rate (%s per %s)", o->rate_crude ? "crude" : "dsr", b->str);
    g_string_free(b, TRUE);
  }
}

static const char *const limit_names[4] = {"lower_2s", "upper_2s", "lower_3s", "upper_3s"};

static void limits_columns(hg_result *r, const hg_method_call *c, hg_funnel_statistic s, int full) {
  char name[64];
  hg_result_group_columns(r, c);
  hg_result_add_column(r,
                       s == HG_FUNNEL_PROPORTION ? "Population"
                       : s == HG_FUNNEL_RATIO    ? "Observed_events"
                                                 : "Events",
                       HG_COL_KEY);
  for (int l = 0; l < 4; l++) {
    if (s == HG_FUNNEL_RATIO || s == HG_FUNNEL_RATE) {
      snprintf(name, sizeof name, "%s_%s", limit_names[l],
               s == HG_FUNNEL_RATIO ? "exp_events" : "population_1_year");
      hg_result_add_column(r, name, HG_COL_DATA);
    }
    snprintf(name, sizeof name, "%s_limit", limit_names[l]);
    hg_result_add_column(r, name, l % 2 ? HG_COL_UPPER : HG_COL_LOWER);
  }
  if (s != HG_FUNNEL_RATIO)
    hg_result_add_column(r, "baseline", HG_COL_VALUE);
  if (full) {
    hg_result_add_column(r, "statistic", HG_COL_META);
    hg_result_add_column(r, "method", HG_COL_META);
  }
}

static hg_status limits_run(const hg_method_call *c, hg_result *r, hg_error *err) {
  funnel_input in;
  hg_groups *g = NULL;
  hg_funnel_table *t = g_new(hg_funnel_table, 1);
  double *gnum = NULL, *gdd = NULL;
  int full = 1;
  char stat[96];
  hg_status st = funnel_input_read(c, FN_LIMITS, &in, err);
  if (st != HG_OK)
    goto cleanup;
  int type_ix;
  if ((st = match_arg(hg_method_arg_text(c, "type"), "full|standard", &type_ix, err)))
    goto cleanup;
  full = type_ix == 0;
  if ((st = hg_groups_build(c, &g, err)))
    goto cleanup;
  hg_funnel_statistic s = in.o.statistic;
  limits_columns(r, c, s, full);
  limits_statistic(&in.o, stat, sizeof stat);
  gnum = g_new(double, in.n + 1);
  gdd = g_new(double, in.n + 1);
  for (size_t u = 0; u < hg_groups_count(g); u++) {
    size_t k;
    const size_t *rows = hg_groups_rows(g, u, &k);
    for (size_t i = 0; i < k; i++) {
      gnum[i] = in.num[rows[i]];
      gdd[i] = in.dd[rows[i]];
    }
    if (hg_funnel_limits(&in.o, gnum, gdd, k, t) != HG_OK) {
      hg_error_set(err, NULL, 0, NULL, "no usable denominators for the funnel");
      st = HG_ERR_EMPTY;
      goto cleanup;
    }
    for (size_t i = 0; i < HG_FUNNEL_POINTS; i++) {
      hg_result_begin_row(r);
      hg_result_group_cells(r, c, g, u);
      hg_result_number(r, t->x[i]);
      for (int l = 0; l < 4; l++) {
        if (s != HG_FUNNEL_PROPORTION)
          hg_result_number(r, t->aux[l][i]);
        hg_result_number(r, t->limit[l][i]);
      }
      if (s != HG_FUNNEL_RATIO)
        hg_result_number(r, t->baseline);
      if (full) {
        hg_result_text(r, stat);
        hg_result_text(r, s == HG_FUNNEL_PROPORTION ? "Wilson" : "Poisson");
      }
    }
  }
cleanup:
  input_free(&in);
  hg_groups_free(g);
  g_free(t);
  g_free(gnum);
  g_free(gdd);
  return st;
}

static hg_status significance_run(const hg_method_call *c, hg_result *r, hg_error *err) {
  funnel_input in;
  hg_funnel_sig *sig = NULL;
  hg_status st = funnel_input_read(c, FN_SIGNIFICANCE, &in, err);
  if (st != HG_OK)
    goto cleanup;
  sig = g_new(hg_funnel_sig, in.n + 1);
  hg_funnel_significance(&in.o, in.num, in.o.statistic == HG_FUNNEL_RATE ? in.dd : in.den, in.n,
                         sig);
  hg_result_input_columns(r, c);
  hg_result_add_column(r, "significance", HG_COL_VALUE);
  for (size_t i = 0; i < in.n; i++) {
    hg_result_begin_row(r);
    hg_result_input_cells(r, c, i);
    hg_result_text(r, hg_funnel_sig_label(sig[i]));
  }
cleanup:
  input_free(&in);
  g_free(sig);
  return st;
}

static hg_status points_run(const hg_method_call *c, hg_result *r, hg_error *err) {
  funnel_input in;
  double *rc = NULL, *dd = NULL;
  char name[200];
  hg_status st = funnel_input_read(c, FN_POINTS, &in, err);
  if (st != HG_OK)
    goto cleanup;
  rc = g_new(double, in.n + 1);
  dd = g_new(double, in.n + 1);
  hg_funnel_points(&in.o, in.num, in.rate, in.dd, in.n, rc, dd);
  hg_result_input_columns(r, c);
  snprintf(name, sizeof name, "%s_chart", hg_table_colname(c->data, (size_t)in.ratec));
  hg_result_add_column(r, name, HG_COL_VALUE);
  hg_result_add_column(r, "denominator_derived", HG_COL_VALUE);
  for (size_t i = 0; i < in.n; i++) {
    hg_result_begin_row(r);
    hg_result_input_cells(r, c, i);
    hg_result_number(r, rc[i]);
    hg_result_number(r, dd[i]);
  }
cleanup:
  input_free(&in);
  g_free(rc);
  g_free(dd);
  return st;
}

const hg_method hg_method_funnel_limits = {"funnel-limits",
                                           "calculate_funnel_limits",
                                           "100-row table of 95% (2s) and 99.8% (3s) funnel limits",
                                           limits_args,
                                           limits_run,
                                           NULL};
const hg_method hg_method_funnel_significance = {
    "funnel-significance",
    "assign_funnel_significance",
    "flags each row High/Low (0.001/0.025) against the funnel average",
    significance_args,
    significance_run,
    NULL};
const hg_method hg_method_funnel_points = {
    "funnel-points",
    "calculate_funnel_points",
    "plotting points for rate funnels (derived annual denominator)",
    points_args,
    points_run,
    NULL};
