/* bench_format.c: writing numbers, against printf's %.17g in the same run.
 *
 * Times, on the same values, in CPU time (the machine is shared):
 *   ryu     hg_format_number (floor/ryu.c: Ryu, the shortest text that reads
 *           back exactly, in plain notation);
 *   search  the formatter it replaced (c77b0e3:floor/csvout.c): %.15g, else a
 *           bisection over %.Ne with strtod, restated here as the baseline;
 *   %.17g   snprintf(buf, n, "%.17g", v): reads back exactly but is not the
 *           shortest, the cost the goal is measured against.
 * Two sets of HG_BENCH_N values each (default 10^6): "computed" (rates and
 * limits as the methods produce them, 15-17 significant digits) and "mixed"
 * (a result file's columns: computed values, counts, short decimals as read).
 * Each formatter runs HG_BENCH_REPS times (default 5) in turn, and the best
 * time of each is kept.  Prints ns per number and the ratio to %.17g (goal:
 * ryu <= 1.00).  No pass/fail: figures only.
 */
#include "healthgap/healthgap.h"

#include "format_ref.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* The previous hg_format_number (tests/support/format_ref.h). */
static size_t search_format(double v, char *buf) {
  return hg_format_number_reference(v, buf);
}

static size_t ryu_format(double v, char *buf) {
  return hg_format_number(v, buf);
}

static size_t printf17_format(double v, char *buf) {
  return (size_t)snprintf(buf, HG_NUMBER_BUFSIZE, "%.17g", v);
}

static uint64_t rng = 88172645463325252u;
static double uniform(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (double)(rng >> 11) / 9007199254740992.0;
}

/* kind 0: computed (a rate per 100,000, a percentage, a limit); kind 1 adds
 * the rest of a result row: counts, denominators, short decimals as read. */
static double value(int kind, size_t i) {
  double u = uniform();
  switch (kind == 0 ? i % 3 : i % 6) {
  case 0:
    return u * 1500; /* DSR per 100,000 */
  case 1:
    return u * 100; /* percentage */
  case 2:
    return 60 + u * 30; /* life expectancy */
  case 3:
    return floor(u * 5000); /* count */
  case 4:
    return floor(u * 300000); /* denominator */
  default:
    return floor(u * 10000) / 10; /* value as published, 1 dp */
  }
}

typedef size_t (*formatter)(double, char *);

static double run(formatter f, const double *v, size_t n, size_t *chars) {
  char buf[HG_NUMBER_BUFSIZE];
  size_t total = 0;
  double t0 = now();
  for (size_t i = 0; i < n; i++)
    total += f(v[i], buf);
  double t = now() - t0;
  *chars = total; /* used, so that the calls are not optimised away */
  return t;
}

static void bench(const char *label, int kind, size_t n, int reps) {
  double *v = malloc(n * sizeof *v);
  if (!v)
    return;
  for (size_t i = 0; i < n; i++)
    v[i] = value(kind, i);
  static const formatter fs[] = {ryu_format, search_format, printf17_format};
  double best[3] = {1e300, 1e300, 1e300};
  size_t chars[3];
  for (int r = 0; r < reps; r++)
    for (int k = 0; k < 3; k++) {
      double t = run(fs[k], v, n, &chars[k]);
      best[k] = t < best[k] ? t : best[k];
    }
  double ns[3];
  for (int k = 0; k < 3; k++)
    ns[k] = best[k] / (double)n * 1e9;
  printf("%-8s %zu numbers: ryu %.1f ns/number (%.2f chars), search %.1f ns, %%.17g %.1f ns "
         "(%.2f chars)  ratio to %%.17g: ryu %.2f, search %.2f (CPU time, best of %d)\n",
         label, n, ns[0], (double)chars[0] / (double)n, ns[1], ns[2], (double)chars[2] / (double)n,
         ns[0] / ns[2], ns[1] / ns[2], reps);
  free(v);
}

int main(void) {
  const char *n_env = getenv("HG_BENCH_N");
  long n = n_env ? atol(n_env) : 1000000;
  if (n < 1)
    n = 1000000;
  const char *reps_env = getenv("HG_BENCH_REPS");
  int reps = reps_env ? atoi(reps_env) : 5;
  if (reps < 1 || reps > 100)
    reps = 5;
  bench("computed", 0, (size_t)n, reps);
  bench("mixed", 1, (size_t)n, reps);
  return 0;
}
