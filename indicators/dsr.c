/* dsr.c: Dobson DSR, independent and non-independent events (calculate_dsr). */
#include "healthgap/dsr.h"

#include <glib.h>
#include <math.h>

void hg_dsr_finish(double total_count, double total_pop, double rate, double var, double multiplier,
                   const double *levels, size_t nconf, hg_dsr_result *out) {
  out->total_count = total_count;
  out->total_pop = total_pop;
  out->suppressed = !(total_count >= 10);
  for (size_t i = 0; i < nconf && i < HG_MAX_CONF; i++)
    out->lower[i] = out->upper[i] = NAN;
  if (out->suppressed) {
    out->value = out->vardsr = NAN;
    return;
  }
  /* R: value = sum(wt_rate)/sum(stdpop)*multiplier, in that order. */
  out->value = rate * multiplier;
  out->vardsr = var * multiplier * multiplier;
  double scale = sqrt(var / total_count);
  for (size_t i = 0; i < nconf && i < HG_MAX_CONF; i++) {
    double z = hg_ci_z(levels[i]); /* once per level: the inverse normal is the hot spot */
    out->lower[i] =
        out->value + scale * (hg_byars_lower_z(total_count, z) - total_count) * multiplier;
    out->upper[i] =
        out->value + scale * (hg_byars_upper_z(total_count, z) - total_count) * multiplier;
  }
}

void hg_dsr_add(hg_dsr_sum *s, double x, double n, double w) {
  double xi = isnan(x) ? 0 : x;
  s->count += xi;
  s->pop += n;
  s->wt += xi * w / n;
  s->sq += xi * (w / n) * (w / n);
  s->sw += w;
}

void hg_dsr_end(const hg_dsr_sum *s, double multiplier, const double *levels, size_t nconf,
                hg_dsr_result *out) {
  hg_dsr_finish(s->count, s->pop, s->wt / s->sw, 1 / (s->sw * s->sw) * s->sq, multiplier, levels,
                nconf, out);
}

hg_status hg_dsr(const double *x, const double *n, const double *w, size_t k, double multiplier,
                 const double *levels, size_t nconf, hg_dsr_result *out) {
  hg_dsr_sum s = {0};
  for (size_t i = 0; i < k; i++)
    hg_dsr_add(&s, x[i], n[i], w[i]);
  hg_dsr_end(&s, multiplier, levels, nconf, out);
  return HG_OK;
}

hg_status hg_dsr_nonindependent(const double *x, const double *f, const size_t *band, size_t nrows,
                                const double *n, const double *w, size_t nbands, double multiplier,
                                const double *levels, size_t nconf, hg_dsr_result *out) {
  /* Per distinct frequency: sum of w and of x*(w/n)^2 over its rows. */
  typedef struct {
    double f, sw, sq;
  } freq_acc;
  GArray *freqs = g_array_new(FALSE, FALSE, sizeof(freq_acc));
  double *events = g_new0(double, nbands ? nbands : 1);
  for (size_t r = 0; r < nrows; r++) {
    double xr = isnan(x[r]) ? 0 : x[r];
    size_t b = band[r];
    double q = w[b] / n[b];
    events[b] += f[r] * xr;
    guint j = 0;
    while (j < freqs->len && g_array_index(freqs, freq_acc, j).f != f[r])
      j++;
    if (j == freqs->len) {
      freq_acc z = {f[r], 0, 0};
      g_array_append_val(freqs, z);
    }
    freq_acc *acc = &g_array_index(freqs, freq_acc, j);
    acc->sw += w[b];
    acc->sq += xr * q * q;
  }
  double var = 0;
  for (guint j = 0; j < freqs->len; j++) {
    const freq_acc *acc = &g_array_index(freqs, freq_acc, j);
    var += 1 / (acc->sw * acc->sw) * acc->sq * (acc->f * acc->f);
  }
  double count = 0, pop = 0, wt = 0, sw = 0;
  for (size_t b = 0; b < nbands; b++) {
    count += events[b];
    pop += n[b];
    wt += events[b] * w[b] / n[b];
    sw += w[b];
  }
  hg_dsr_finish(count, pop, wt / sw, var, multiplier, levels, nconf, out);
  g_array_free(freqs, TRUE);
  g_free(events);
  return HG_OK;
}

static const char *const esp_labels[] = {
    "0-4",   "5-9",   "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49",
    "50-54", "55-59", "60-64", "65-69", "70-74", "75-79", "80-84", "85-89", "90+"};
static const double esp_start[] = {0,  5,  10, 15, 20, 25, 30, 35, 40, 45,
                                   50, 55, 60, 65, 70, 75, 80, 85, 90};
static const double esp_pop[] = {5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000,
                                 7000, 6500, 6000, 5500, 5000, 4000, 2500, 1500, 1000};

size_t hg_esp2013(const char *const **labels, const double **start_ages, const double **pops) {
  if (labels)
    *labels = esp_labels;
  if (start_ages)
    *start_ages = esp_start;
  if (pops)
    *pops = esp_pop;
  return sizeof esp_pop / sizeof esp_pop[0];
}
