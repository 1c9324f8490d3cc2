/* bench_methods_dsr.c: DSR (Dobson, 95% and 99.8%) for 10,000 groups x 19 age
 * bands, on 1 and 2 threads (GLib thread pool).  Prints groups per second and
 * the ratio against a floor measured in the same run: the time to read and sum
 * the same three arrays (counts, populations, standard populations), i.e. the
 * memory traffic every DSR needs.  Each figure is the best of several passes.
 * No assertion on time: the machine is shared (2 cores, several users), so the
 * 2-thread speed-up is only meaningful on an idle machine. */
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "healthgap/healthgap.h"

enum { GROUPS = 10000, BANDS = 19, CHUNKS = 64 };

typedef struct {
  const double *x, *n, *w;
  size_t first, count;
  hg_dsr_result *out;
  double sink;
  int floor_only;
} chunk;

static const double levels[2] = {0.95, 0.998};

static void run_chunk(chunk *c) {
  double s = 0;
  for (size_t gi = c->first; gi < c->first + c->count; gi++) {
    const double *x = c->x + gi * BANDS, *n = c->n + gi * BANDS, *w = c->w + gi * BANDS;
    if (c->floor_only) {
      for (size_t b = 0; b < BANDS; b++)
        s += x[b] + n[b] + w[b];
    } else {
      hg_dsr(x, n, w, BANDS, 100000, levels, 2, &c->out[gi]);
      s += c->out[gi].value;
    }
  }
  c->sink = s;
}

/* One pool for the whole run (thread start-up is not what is measured); a
 * counter tells the main thread when a pass is complete. */
static GMutex done_lock;
static GCond done_cond;
static int pending;

static void pool_task(gpointer data, gpointer user) {
  (void)user;
  run_chunk(data);
  g_mutex_lock(&done_lock);
  if (--pending == 0)
    g_cond_signal(&done_cond);
  g_mutex_unlock(&done_lock);
}

static GThreadPool *pool;

/* Seconds per pass over all groups (best of `reps` timed passes). */
static double timed(chunk *chunks, int threads, int floor_only, int reps, double *sink) {
  double best = INFINITY;
  for (int r = 0; r < reps; r++) {
    for (int i = 0; i < CHUNKS; i++)
      chunks[i].floor_only = floor_only;
    gint64 t0 = g_get_monotonic_time();
    if (threads == 1) {
      for (int i = 0; i < CHUNKS; i++)
        run_chunk(&chunks[i]);
    } else {
      pending = CHUNKS;
      for (int i = 0; i < CHUNKS; i++)
        g_thread_pool_push(pool, &chunks[i], NULL);
      g_mutex_lock(&done_lock);
      while (pending > 0)
        g_cond_wait(&done_cond, &done_lock);
      g_mutex_unlock(&done_lock);
    }
    double dt = (double)(g_get_monotonic_time() - t0) / 1e6;
    best = dt < best ? dt : best;
    for (int i = 0; i < CHUNKS; i++)
      *sink += chunks[i].sink;
  }
  return best;
}

int main(void) {
  const double *esp;
  hg_esp2013(NULL, NULL, &esp);
  double *x = g_new(double, GROUPS *BANDS), *n = g_new(double, GROUPS *BANDS),
         *w = g_new(double, GROUPS *BANDS);
  hg_dsr_result *out = g_new(hg_dsr_result, GROUPS);
  GRand *rng = g_rand_new_with_seed(20240101);
  for (size_t i = 0; i < (size_t)GROUPS * BANDS; i++) {
    n[i] = g_rand_double_range(rng, 500, 5000);
    x[i] = floor(n[i] * g_rand_double_range(rng, 0.001, 0.05));
    w[i] = esp[i % BANDS];
  }
  g_rand_free(rng);
  chunk chunks[CHUNKS];
  for (int i = 0; i < CHUNKS; i++) {
    size_t per = GROUPS / CHUNKS, first = (size_t)i * per;
    chunks[i] = (chunk){x, n, w, first, i == CHUNKS - 1 ? GROUPS - first : per, out, 0, 0};
  }
  double sink = 0;
  pool = g_thread_pool_new(pool_task, NULL, 2, TRUE, NULL);
  timed(chunks, 1, 0, 1, &sink); /* warm-up */
  timed(chunks, 2, 0, 1, &sink);
  double floor1 = timed(chunks, 1, 1, 20, &sink);
  double dsr1 = timed(chunks, 1, 0, 10, &sink);
  double dsr2 = timed(chunks, 2, 0, 10, &sink);
  g_thread_pool_free(pool, FALSE, TRUE);
  printf("dsr: %d groups x %d bands, 95%% and 99.8%% limits\n", GROUPS, BANDS);
  printf("  floor (sum the same arrays, 1 thread): %.3f ms\n", floor1 * 1e3);
  printf("  1 thread:  %.3f ms, %.0f groups/s, %.1fx the floor\n", dsr1 * 1e3, GROUPS / dsr1,
         dsr1 / floor1);
  printf("  2 threads: %.3f ms, %.0f groups/s, %.1fx the floor, speed-up %.2f\n", dsr2 * 1e3,
         GROUPS / dsr2, dsr2 / floor1, dsr1 / dsr2);
  printf("  (checksum %g)\n", sink);
  g_free(x);
  g_free(n);
  g_free(w);
  g_free(out);
  return 0;
}
