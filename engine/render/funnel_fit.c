/* funnel_fit.c: a funnel chart's control limits and point colours from the
 * project's funnel methods (indicators/funnel.c), never from a second formula. */
#include "render/funnel_fit.h"

#include <glib.h>
#include <stdbool.h>
#include <math.h>

/* Areas with a count, a positive denominator and a value. */
static bool usable(const hg_chart_point *p) {
  return isfinite(p->x) && p->x > 0 && isfinite(p->count) && p->count >= 0 && isfinite(p->value);
}

/* value / (count / x): the multiplier if the value is a crude count/denominator. */
static double implied_multiplier(const hg_chart_point *p) {
  return p->count > 0 ? p->value * p->x / p->count : NAN;
}

static double power_of_ten(double k) {
  return pow(10, nearbyint(log10(k)));
}

static gint cmp_double(gconstpointer a, gconstpointer b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static hg_status infer(const hg_chart_point *pts, size_t n, hg_funnel_options *m) {
  double first = NAN;
  bool crude = true, over = false;
  GArray *ks = g_array_new(FALSE, FALSE, sizeof(double));
  for (size_t i = 0; i < n; i++) {
    if (!usable(&pts[i]))
      continue;
    over |= pts[i].count > pts[i].x;
    double k = implied_multiplier(&pts[i]);
    if (!isfinite(k) || k <= 0)
      continue;
    g_array_append_val(ks, k);
    double p10 = power_of_ten(k);
    if (isnan(first))
      first = p10;
    /* published values are rounded: allow 0.5% */
    if (p10 != first || fabs(k - p10) > 0.005 * p10)
      crude = false;
  }
  hg_status st = HG_OK;
  *m = (hg_funnel_options){.years_of_data = 1};
  if (ks->len == 0) {
    st = HG_ERR_INVALID;
  } else if (crude && (first == 1 || first == 100) && !over) {
    m->statistic = HG_FUNNEL_PROPORTION;
    m->multiplier = first;
  } else if (crude && first == 100) {
    m->statistic = HG_FUNNEL_RATIO; /* 100 * observed / expected */
    m->ratio_isr = 1;
    m->multiplier = 100;
  } else if (crude && first > 1) {
    m->statistic = HG_FUNNEL_RATE;
    m->rate_crude = 1;
    m->multiplier = first;
  } else if (!crude) {
    /* standardised rate: the multiplier is the power of ten nearest the median */
    g_array_sort(ks, cmp_double);
    double med = g_array_index(ks, double, ks->len / 2);
    if (med > 1) {
      m->statistic = HG_FUNNEL_RATE;
      m->multiplier = power_of_ten(med);
    } else {
      st = HG_ERR_INVALID;
    }
  } else {
    st = HG_ERR_INVALID;
  }
  g_array_free(ks, TRUE);
  return st;
}

static hg_chart_sig colour(hg_funnel_sig s, hg_chart_polarity pol) {
  bool high = s == HG_FUNNEL_HIGH_001 || s == HG_FUNNEL_HIGH_025;
  bool low = s == HG_FUNNEL_LOW_001 || s == HG_FUNNEL_LOW_025;
  if (s == HG_FUNNEL_NOT_SIGNIFICANT)
    return HG_CHART_SIG_SIMILAR;
  if (!high && !low)
    return HG_CHART_SIG_NONE;
  if (pol == HG_CHART_POLARITY_NONE)
    return high ? HG_CHART_SIG_HIGHER : HG_CHART_SIG_LOWER;
  return high == (pol == HG_CHART_POLARITY_HIGH_GOOD) ? HG_CHART_SIG_BETTER : HG_CHART_SIG_WORSE;
}

hg_status hg_chart_funnel_fit_points(hg_chart_point *pts, size_t n, hg_chart_polarity pol,
                                     hg_chart_funnel_fit *fit) {
  size_t nu = 0;
  for (size_t i = 0; i < n; i++)
    nu += usable(&pts[i]);
  if (nu < 3)
    return HG_ERR_EMPTY;
  hg_status st = infer(pts, n, &fit->method);
  if (st != HG_OK)
    return st;
  const hg_funnel_options *m = &fit->method;
  double *num = g_new(double, nu), *den = g_new(double, nu), *val = g_new(double, nu),
         *dd = g_new(double, nu);
  size_t *at = g_new(size_t, nu);
  hg_funnel_sig *sig = g_new(hg_funnel_sig, nu);
  hg_funnel_table *t = g_new(hg_funnel_table, 1);
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (usable(&pts[i])) {
      num[k] = pts[i].count;
      den[k] = pts[i].x;
      val[k] = pts[i].value;
      at[k++] = i;
    }
  hg_funnel_denominators(m, num, den, val, nu, dd);
  st = hg_funnel_limits(m, num, dd, nu, t);
  if (st != HG_OK)
    goto cleanup;
  fit->baseline = m->statistic == HG_FUNNEL_RATIO ? 100 : t->baseline;
  for (int l = 0; l < 4; l++)
    for (size_t i = 0; i < HG_FUNNEL_POINTS; i++) {
      hg_chart_point *p = &fit->lim[l][i];
      hg_chart_point_init(p);
      /* proportions: x is the population; ratios: expected events; rates: the
       * population that gives x events at the limit */
      p->x = m->statistic == HG_FUNNEL_PROPORTION ? t->x[i] : t->aux[l][i];
      *(l % 2 ? &p->upper : &p->lower) = t->limit[l][i];
    }
  hg_funnel_significance(m, num, m->statistic == HG_FUNNEL_RATE ? dd : den, nu, sig);
  for (size_t j = 0; j < nu; j++) {
    hg_chart_point *p = &pts[at[j]];
    if (m->statistic == HG_FUNNEL_RATE)
      p->x = dd[j]; /* NAN (not drawn) for a DSR with no events */
    p->sig = colour(sig[j], pol);
  }
cleanup:
  g_free(num);
  g_free(den);
  g_free(val);
  g_free(dd);
  g_free(at);
  g_free(sig);
  g_free(t);
  return st;
}

const char *hg_chart_funnel_fit_name(const hg_chart_funnel_fit *fit) {
  switch (fit->method.statistic) {
  case HG_FUNNEL_PROPORTION:
    return "proportions";
  case HG_FUNNEL_RATIO:
    return "indirectly standardised ratios";
  case HG_FUNNEL_RATE:
    return fit->method.rate_crude ? "crude rates" : "directly standardised rates";
  }
  return "";
}
