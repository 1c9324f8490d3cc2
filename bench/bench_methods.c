/* bench_methods.c: life expectancy and SII throughput (make bench).
 *
 * Each figure is printed as a ratio against a floor measured in the same run,
 * because the machines are shared and noisy:
 *   LE   10,000 groups x 20 bands; floor = one bare pass over the same arrays
 *        (M = D/P and a running sum), i.e. the cost of touching the input.
 *   SII  1,000 groups x 10 quantiles x 100,000 repetitions; floors = drawing
 *        normal variates with GSL's ziggurat on the same number of threads,
 *        alternating with the SII chunk by chunk (bench_sii says which).
 *        Goal: SII <= 1.2x the fastest GSL floor of PHE's draws.
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

static double now(void) {
  return (double)g_get_monotonic_time() / 1e6;
}

/* ---- LE ------------------------------------------------------------------- */

static const double base_pop[20] = {7060,  35059, 46974, 48489, 43219, 38561, 46009,
                                    57208, 61435, 55601, 50209, 40935, 34208, 30297,
                                    29287, 26083, 22300, 17045, 11936, 5924};
static const double base_deaths[20] = {17,  9,   4,   5,   11,  14,  22,   35,   48,   71,
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
    for (size_t i = 0; i < njobs; i++)
      fn((char *)jobs + i * size, NULL);
  } else {
    GThreadPool *pool = g_thread_pool_new(fn, NULL, threads, TRUE, NULL);
    for (size_t i = 0; i < njobs; i++)
      g_thread_pool_push(pool, (char *)jobs + i * size, NULL);
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
  /* Floor: one pass over the inputs (averaged over 100 passes: it is short). */
  double t0 = now(), acc = 0;
  for (int rep = 0; rep < 100; rep++)
    for (size_t i = 0; i < ngroups * 20; i++)
      acc += deaths[i] / pop[i];
  double floor_s = (now() - t0) / 100;
  if (floor_s < 1e-6)
    floor_s = 1e-6;
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
    for (size_t c = 0; c < CHUNKS; c++)
      sum += jobs[c].checksum;
    printf("le: %zu groups x 20 bands, 2 levels, %d thread%s: %.3f s, %.0f groups/s, "
           "%.1fx the input-pass floor (%.4f s)  [check %.6f]\n",
           ngroups, threads, threads > 1 ? "s" : "", t, (double)ngroups / t, t / floor_s, floor_s,
           sum / (double)ngroups + 0 * acc);
  }
  g_free(deaths);
  g_free(pop);
}

/* ---- SII ------------------------------------------------------------------ */

enum { SII_K = 10, SII_CHUNK = 25 };

typedef struct sii_task {
  const hg_sii_group *group;
  uint64_t seed;
  const hg_sii_options *opt;
  hg_sii_result *res;
  double acc; /* floor: sum of the draws, so they are not optimised away */
} sii_task;

static void sii_one(gpointer data, gpointer user) {
  (void)user;
  sii_task *t = data;
  hg_sii_compute(t->group, t->opt, t->seed, t->res, NULL);
}

/* A floor for one group: per_rep normal draws per repetition from gen. */
typedef struct floor_spec {
  const gsl_rng_type *const *gen;
  const char *name;
  long per_rep;
} floor_spec;

static const floor_spec *floor_now;

static void draw_one(gpointer data, gpointer user) {
  (void)user;
  sii_task *t = data;
  gsl_rng *rng = gsl_rng_alloc(*floor_now->gen);
  gsl_rng_set(rng, (unsigned long)t->seed);
  double acc = 0;
  for (long r = 0; r < t->opt->repetitions * floor_now->per_rep; r++)
    acc += gsl_ran_gaussian_ziggurat(rng, 1.0);
  t->acc = acc;
  gsl_rng_free(rng);
}

/* The SII three ways, each against the floors measured alongside it:
 *   PHE's draw of every value (--draw-values, mt19937) against drawing the same
 *   k normals per repetition with mt19937, its own generator;
 *   the default (the pair draw, mt19937) against the fastest GSL generator that keeps
 *   the limits within R's 5% (taus2: test_monte_carlo_limits_taus2) drawing PHE's k
 *   per repetition, and against its own two draws per repetition. */
static void bench_sii(size_t ngroups, long reps) {
  double *pop = g_new(double, ngroups *SII_K), *val = g_new(double, ngroups *SII_K),
         *se = g_new(double, ngroups *SII_K);
  hg_sii_group *groups = g_new(hg_sii_group, ngroups);
  sii_task *tasks = g_new(sii_task, ngroups);
  hg_sii_result *res = g_new(hg_sii_result, ngroups);
  static const double conf[] = {0.95, 0.998};
  hg_sii_options opt_pair = {.repetitions = reps, .confidence = conf, .n_confidence = 2, .rii = 1};
  hg_sii_options opt_values = opt_pair;
  opt_values.draw_values = 1;
  static const floor_spec floors[] = {{&gsl_rng_mt19937, "mt19937", SII_K},
                                      {&gsl_rng_taus2, "taus2", SII_K},
                                      {&gsl_rng_mt19937, "mt19937", 2}};
  for (size_t g = 0; g < ngroups; g++) {
    for (size_t j = 0; j < SII_K; j++) {
      pop[g * SII_K + j] = 20000 + 1000.0 * (double)((g + j) % 7);
      val[g * SII_K + j] = 76 + 0.7 * (double)j + 0.01 * (double)(g % 13);
      se[g * SII_K + j] = 0.2 + 0.01 * (double)j;
    }
    groups[g] = (hg_sii_group){
        .k = SII_K, .population = pop + g * SII_K, .value = val + g * SII_K, .se = se + g * SII_K};
    char key[32];
    int len = snprintf(key, sizeof key, "E0900%04zu", g);
    tasks[g] = (sii_task){&groups[g], hg_sii_stream_seed(1, key, (size_t)len), NULL, &res[g], 0};
  }
  /* The floors and the SII alternate chunk by chunk, so that a change in the load
   * of the shared machine affects all alike. */
  for (int threads = 1; threads <= 2; threads++) {
    double t_floor[3] = {0}, t_values = 0, t_pair = 0;
    for (size_t first = 0; first < ngroups; first += SII_CHUNK) {
      size_t n = MIN((size_t)SII_CHUNK, ngroups - first);
      for (size_t f = 0; f < 3; f++) {
        floor_now = &floors[f];
        for (size_t g = first; g < first + n; g++)
          tasks[g].opt = &opt_pair;
        t_floor[f] += run_pool(draw_one, tasks + first, n, sizeof *tasks, threads);
      }
      for (size_t g = first; g < first + n; g++)
        tasks[g].opt = &opt_values;
      t_values += run_pool(sii_one, tasks + first, n, sizeof *tasks, threads);
      for (size_t g = first; g < first + n; g++)
        tasks[g].opt = &opt_pair;
      t_pair += run_pool(sii_one, tasks + first, n, sizeof *tasks, threads);
    }
    for (size_t f = 0; f < 3; f++)
      printf("sii floor: %.0f normal draws (GSL %s + ziggurat, %ld per rep), %d thread%s: %.3f s\n",
             (double)ngroups * (double)reps * (double)floors[f].per_rep, floors[f].name,
             floors[f].per_rep, threads, threads > 1 ? "s" : "", t_floor[f]);
    printf("sii --draw-values (PHE's draw of every value, mt19937): %zu groups x %d quantiles x "
           "%ld reps, 2 levels + RII, %d thread%s: %.3f s, %.2fx its draw floor (mt19937, k "
           "per rep)\n",
           ngroups, SII_K, reps, threads, threads > 1 ? "s" : "", t_values, t_values / t_floor[0]);
    printf("sii default (pair draw, mt19937): %.3f s, %.2fx the fastest GSL floor of PHE's "
           "draws (taus2, k per rep; goal <= 1.2x), %.2fx the floor of its own draws (mt19937, "
           "2 per rep)  [sii[0] %.4f (%.4f, %.4f)]\n",
           t_pair, t_pair / t_floor[1], t_pair / t_floor[2], res[0].sii, res[0].sii_lower[0],
           res[0].sii_upper[0]);
  }
  g_free(pop);
  g_free(val);
  g_free(se);
  g_free(groups);
  g_free(tasks);
  g_free(res);
}

int main(void) {
  int quick = getenv("HG_BENCH_QUICK") && strcmp(getenv("HG_BENCH_QUICK"), "1") == 0;
  bench_le(quick ? 1000 : 10000);
  bench_sii(quick ? 100 : 1000, 100000);
  return 0;
}
