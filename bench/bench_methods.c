/* bench_methods.c: life expectancy and SII throughput (make bench).
 *
 * Each figure is printed as a ratio against a floor measured in the same run,
 * because the machines are shared and noisy:
 *   LE   10,000 groups x 20 bands; floor = one bare pass over the same arrays
 *        (M = D/P and a running sum), i.e. the cost of touching the input.
 *   SII  1,000 groups x 10 quantiles x 100,000 repetitions; floor = drawing the
 *        same number of normal variates (1e9) with GSL (mt19937 + ziggurat) on
 *        one thread.  Goal: SII on one thread <= 1.5x that floor.
 * Both run on 1 and 2 threads (GLib thread pool).  HG_BENCH_QUICK=1 divides the
 * group counts by 10 (for a quick look on a busy machine). */
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "healthgap/healthgap.h"

static double now(void) { return (double)g_get_monotonic_time() / 1e6; }

/* ---- LE ------------------------------------------------------------------- */

static const double base_pop[20] = {7060,  35059, 46974, 48489, 43219, 38561, 46009,
                                    57208, 61435, 55601, 50209, 40935, 34208, 30297,
                                    29287, 26083, 22300, 17045, 11936, 5924};
static const double base_deaths[20] = {17,  9,   4,   5,   11,  14,  22,  35,  48,  71,
                                       110, 154, 222, 306, 463, 697, 1068, 1536, 1936, 2630};
static const double ages[20] = {0,  1,  5,  10, 15, 20, 25, 30, 35, 40,
                                45, 50, 55, 60, 65, 70, 75, 80, 85, 90};

typedef struct le_job {
  const double *deaths, *pop; /* ngroups x 20 */
  size_t first, count;
  double checksum;
} le_job;

static void le_chunk(gpointer data, gpointer user) {
  (void)user;
  le_job *j = data;
  static const double conf[] = {0.95, 0.998};
  hg_le_options opt = {.confidence = conf, .n_confidence = 2};
  for (size_t gi = j->first; gi < j->first + j->count; gi++) {
    hg_life_table lt;
    if (hg_le_group(ages, j->deaths + gi * 20, j->pop + gi * 20, 20, &opt, &lt, NULL) != HG_OK)
      continue;
    j->checksum += lt.value[0];
    hg_life_table_free(&lt);
  }
}

static double run_pool(GFunc fn, void *jobs, size_t njobs, size_t size, int threads) {
  double t0 = now();
  if (threads <= 1) {
    for (size_t i = 0; i < njobs; i++) fn((char *)jobs + i * size, NULL);
  } else {
    GThreadPool *pool = g_thread_pool_new(fn, NULL, threads, TRUE, NULL);
    for (size_t i = 0; i < njobs; i++) g_thread_pool_push(pool, (char *)jobs + i * size, NULL);
    g_thread_pool_free(pool, FALSE, TRUE);
  }
  return now() - t0;
}

static void bench_le(size_t ngroups) {
  double *deaths = g_new(double, ngroups * 20), *pop = g_new(double, ngroups * 20);
  gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
  for (size_t g = 0; g < ngroups; g++) {
    double scale = 0.5 + gsl_rng_uniform(rng);
    for (size_t i = 0; i < 20; i++) {
      pop[g * 20 + i] = floor(base_pop[i] * scale);
      deaths[g * 20 + i] = floor(base_deaths[i] * scale * (0.8 + 0.4 * gsl_rng_uniform(rng)));
    }
  }
  gsl_rng_free(rng);
  /* Floor: one pass over the inputs. */
  double t0 = now(), acc = 0;
  for (size_t i = 0; i < ngroups * 20; i++) acc += deaths[i] / pop[i];
  double floor_s = now() - t0;
  if (floor_s < 1e-6) floor_s = 1e-6;
  for (int threads = 1; threads <= 2; threads++) {
    enum { CHUNKS = 64 };
    le_job jobs[CHUNKS];
    size_t per = (ngroups + CHUNKS - 1) / CHUNKS;
    for (size_t c = 0; c < CHUNKS; c++) {
      size_t first = c * per;
      jobs[c] = (le_job){deaths, pop, first, first < ngroups ? MIN(per, ngroups - first) : 0, 0};
    }
    double t = run_pool(le_chunk, jobs, CHUNKS, sizeof jobs[0], threads);
    double sum = 0;
    for (size_t c = 0; c < CHUNKS; c++) sum += jobs[c].checksum;
    printf("le: %zu groups x 20 bands, 2 levels, %d thread%s: %.3f s, %.0f groups/s, "
           "%.1fx the input-pass floor (%.4f s)  [check %.6f]\n",
           ngroups, threads, threads > 1 ? "s" : "", t, (double)ngroups / t, t / floor_s,
           floor_s, sum / (double)ngroups + 0 * acc);
  }
  g_free(deaths);
  g_free(pop);
}

/* ---- SII ------------------------------------------------------------------ */

static void bench_sii(size_t ngroups, long reps) {
  enum { K = 10 };
  double *pop = g_new(double, ngroups * K), *val = g_new(double, ngroups * K),
         *se = g_new(double, ngroups * K);
  hg_sii_group *groups = g_new(hg_sii_group, ngroups);
  uint64_t *seeds = g_new(uint64_t, ngroups);
  hg_sii_result *res = g_new(hg_sii_result, ngroups);
  for (size_t g = 0; g < ngroups; g++) {
    for (size_t j = 0; j < K; j++) {
      pop[g * K + j] = 20000 + 1000.0 * (double)((g + j) % 7);
      val[g * K + j] = 76 + 0.7 * (double)j + 0.01 * (double)(g % 13);
      se[g * K + j] = 0.2 + 0.01 * (double)j;
    }
    groups[g] = (hg_sii_group){.k = K, .population = pop + g * K, .value = val + g * K,
                               .se = se + g * K};
    char key[32];
    int len = snprintf(key, sizeof key, "E0900%04zu", g);
    seeds[g] = hg_sii_stream_seed(1, key, (size_t)len);
  }
  /* Floor: the same number of normal draws, same generator, one thread. */
  double draws = (double)ngroups * (double)reps * K;
  gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
  double t0 = now(), acc = 0;
  for (size_t g = 0; g < ngroups; g++) {
    gsl_rng_set(rng, (unsigned long)seeds[g]);
    for (long r = 0; r < reps * K; r++) acc += gsl_ran_gaussian_ziggurat(rng, 1.0);
  }
  double floor_s = now() - t0;
  gsl_rng_free(rng);
  printf("sii floor: %.0f normal draws (GSL mt19937 + ziggurat), 1 thread: %.3f s  [check %.3f]\n",
         draws, floor_s, acc / draws);
  static const double conf[] = {0.95, 0.998};
  hg_sii_options opt = {.repetitions = reps, .confidence = conf, .n_confidence = 2, .rii = 1};
  for (int threads = 1; threads <= 2; threads++) {
    double t1 = now();
    hg_status st = hg_sii_run(groups, seeds, ngroups, &opt, threads, res, NULL, NULL);
    double t = now() - t1;
    printf("sii: %zu groups x %d quantiles x %ld reps, %d thread%s: %.3f s, %.1f groups/s, "
           "%.2fx the draw floor%s  [%s, sii[0] %.4f (%.4f, %.4f)]\n",
           ngroups, K, reps, threads, threads > 1 ? "s" : "", t, (double)ngroups / t,
           t / floor_s, threads == 1 ? " (goal <= 1.5x)" : " (floor is 1 thread)",
           st == HG_OK ? "ok" : hg_strerror(st), res[0].sii, res[0].sii_lower[0],
           res[0].sii_upper[0]);
  }
  g_free(pop);
  g_free(val);
  g_free(se);
  g_free(groups);
  g_free(seeds);
  g_free(res);
}

int main(void) {
  int quick = getenv("HG_BENCH_QUICK") && strcmp(getenv("HG_BENCH_QUICK"), "1") == 0;
  bench_le(quick ? 1000 : 10000);
  bench_sii(quick ? 100 : 1000, 100000);
  return 0;
}
