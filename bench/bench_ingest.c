/* bench_ingest.c: ingest speed against libcsv's bare parse of the same file.
 *
 * Generates (once; reused if present) a Fingertips-shaped file (UTF-8 BOM, 27
 * quoted columns, CRLF) and a tidy one of HG_BENCH_MB megabytes each (default
 * 500) in $BUILD/bench-data/, then times on each file:
 *   bare   libcsv csv_parse over 1 MiB fread blocks with empty callbacks
 *          (the floor: no reader can beat the parser it is built on);
 *   ingest hg_read_file into a fresh store (validation, interning, periods).
 * Ingest is run HG_BENCH_REPS times (default 3), each run between two bare
 * runs, timed in CPU time because the machine is shared and noisy (see
 * bench() for the paired ratio); HG_BENCH_SHAPE (fingertips or tidy) runs
 * one shape only.  Prints MB/s, the ratio ingest / bare (goal >= 0.75 on the
 * Fingertips shape) and the peak RSS.  No pass/fail: figures only.  For a
 * figure that does not move with the machine's load, bench/callgrind_ratio.sh
 * counts instructions instead.
 */
#include "healthgap/healthgap.h"

#include <csv.h>
#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts); /* CPU time: the machine is shared */
  return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* A small deterministic generator, so that files are identical between runs. */
static guint64 rng_state = 88172645463325252ull;
static guint64 rnd(void) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return rng_state;
}

static const char *const labels[] = {"Similar", "Better", "Worse", "Not compared"};
static const char *const sexes[] = {"Persons", "Male", "Female"};
enum { AREAS = 6800, PERIODS = 20 };

/* Writes rows until the file reaches target bytes.  Keys are unique: rows go
 * indicator by indicator, period by period, area by area, sex by sex, the
 * order of a Fingertips export. */
static int generate(const char *path, size_t target, int fingertips) {
  char tmp[4200];
  snprintf(tmp, sizeof tmp, "%s.tmp", path);
  FILE *fp = fopen(tmp, "wb");
  if (!fp)
    return -1;
  size_t written = 0;
  if (fingertips) {
    written += (size_t)fprintf(
        fp, "\xEF\xBB\xBF\"Indicator ID\",\"Indicator Name\",\"Parent Code\",\"Parent Name\","
            "\"Area Code\",\"Area Name\",\"Area Type\",\"Sex\",\"Age\",\"Category Type\","
            "\"Category\",\"Time period\",\"Value\",\"Lower CI 95.0 limit\",\"Upper CI 95.0 "
            "limit\",\"Lower CI 99.8 limit\",\"Upper CI 99.8 limit\",\"Count\",\"Denominator\","
            "\"Value note\",\"Recent Trend\",\"Compared to England value or percentiles\","
            "\"Compared to Region value or percentiles\",\"Time period Sortable\",\"New data\","
            "\"Compared to goal\",\"Time period range\"\r\n");
  } else {
    written += (size_t)fprintf(fp, "indicator_id,area_code,area_name,area_type,period,sex,age,"
                                   "category_type,category,value,lower_ci95,upper_ci95,"
                                   "lower_ci998,upper_ci998,count,denominator,value_note\n");
  }
  for (size_t i = 0; written < target; i++) {
    size_t sex = i % 3, area = i / 3 % AREAS, period = i / (3 * AREAS) % PERIODS;
    size_t ind = 90000 + i / (3 * AREAS * PERIODS);
    int year = 2000 + (int)period;
    double den = 2000 + (double)(rnd() % 200000);
    double count = (double)(rnd() % 2000) + (double)(rnd() % 1000000) / 1e6;
    double value = count / den * 100;
    double half = 1.96 * value / 10 + 0.01;
    int has998 = rnd() % 3 == 0;
    char v998[128] = "\"\",\"\"";
    if (has998)
      snprintf(v998, sizeof v998, "\"%.15g\",\"%.15g\"", value - half * 1.6, value + half * 1.6);
    const char *note = rnd() % 10 == 0 ? "Aggregated from all known lower geography values" : "";
    int n;
    if (fingertips) {
      n = fprintf(
          fp,
          "\"%zu\",\"Indicator %zu: percentage of adults, \"\"synthetic\"\"\",\"E12000007\","
          "\"London region\",\"E02%06zu\",\"Area %zu, London\",\"MSOA\",\"%s\",\"18+ yrs\","
          "\"\",\"\",\"%d\",\"%.15g\",\"%.15g\",\"%.15g\",%s,\"%.10g\",\"%.0f\",\"%s\","
          "\"%s\",\"%s\",\"%s\",\"%d0000\",\"\",\"\",\"1y\"\r\n",
          ind, ind, area, area, sexes[sex], year, value, value - half, value + half, v998, count,
          den, note, period == PERIODS - 1 ? "No significant change" : "", labels[rnd() % 4],
          labels[rnd() % 4], year);
    } else {
      n = fprintf(fp,
                  "%zu,E02%06zu,\"Area %zu, London\",MSOA,%d,%s,18+ yrs,,,%.15g,%.15g,%.15g,%s,"
                  "%.10g,%.0f,%s\n",
                  ind, area, area, year, sexes[sex], value, value - half, value + half,
                  has998 ? v998 : ",", count, den, note);
    }
    if (n < 0)
      break;
    written += (size_t)n;
  }
  int bad = ferror(fp);
  if (fclose(fp) != 0 || bad)
    return -1;
  return g_rename(tmp, path);
}

static void on_field(void *s, size_t len, void *data) {
  (void)s;
  (void)len;
  (void)data;
}
static void on_row(int term, void *data) {
  (void)term;
  (void)data;
}

/* noinline: callgrind then reports bare_parse and ingest as two inclusive
 * totals, whose quotient is the instruction-count ratio (bench/callgrind_ratio.sh). */
__attribute__((noinline)) static double bare_parse(const char *path) {
  FILE *fp = fopen(path, "rb");
  if (!fp)
    return -1;
  static char buf[1 << 20];
  struct csv_parser p;
  csv_init(&p, 0);
  double t0 = now();
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
    if (csv_parse(&p, buf, n, on_field, on_row, NULL) != n)
      break;
  csv_fini(&p, on_field, on_row, NULL);
  double t = now() - t0;
  csv_free(&p);
  fclose(fp);
  return t;
}

__attribute__((noinline)) static double ingest(const char *path, size_t *rows, size_t *rejected) {
  hg_store *st = hg_store_new();
  hg_read_report rep;
  hg_error err;
  hg_read_options opt = {.buffer_size = 1 << 20};
  double t0 = now();
  hg_status s = hg_read_file(st, path, &opt, &rep, &err);
  double t = now() - t0;
  if (s != HG_OK) {
    char buf[1400];
    fprintf(stderr, "bench_ingest: %s\n", hg_error_format(&err, buf, sizeof buf));
    t = -1;
  }
  *rows = rep.accepted;
  *rejected = rep.rejected;
  hg_store_free(st);
  return t;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Runs bare, ingest, bare, ingest, ..., bare: each ingest run lies between
 * two bare runs, and its ratio is taken against their mean, so that a change
 * in machine speed during the run (other jobs, shared caches) moves both
 * sides of each pair.  Prints the median of those paired ratios next to the
 * ratio of the best times. */
static int bench(const char *label, const char *path, size_t bytes, int reps) {
  double bare = 1e300, ing = 1e300;
  double *pairs = g_new(double, reps);
  size_t rows = 0, rejected = 0;
  int status = 0;
  double before = bare_parse(path);
  if (before < 0)
    status = 1;
  for (int rep = 0; rep < reps && !status; rep++) {
    double i = ingest(path, &rows, &rejected);
    double after = bare_parse(path);
    if (i < 0 || after < 0) {
      status = 1;
      break;
    }
    pairs[rep] = (before + after) / 2 / i;
    bare = MIN(bare, MIN(before, after));
    ing = MIN(ing, i);
    before = after;
  }
  if (!status) {
    qsort(pairs, (size_t)reps, sizeof *pairs, cmp_double);
    double median = reps % 2 ? pairs[reps / 2] : (pairs[reps / 2 - 1] + pairs[reps / 2]) / 2;
    double mb = (double)bytes / 1e6;
    printf("%-10s %8.1f MB %9zu rows (%zu rejected)  bare csv_parse %7.1f MB/s  ingest %7.1f MB/s"
           "  ratio ingest/bare: median of %d pairs %.2f, best times %.2f (CPU time)\n",
           label, mb, rows, rejected, mb / bare, mb / ing, reps, median, bare / ing);
  }
  g_free(pairs);
  return status;
}

int main(void) {
  const char *build = getenv("BUILD") ? getenv("BUILD") : "build";
  const char *mb_env = getenv("HG_BENCH_MB");
  double mb = mb_env ? atof(mb_env) : 500;
  if (!(mb > 0))
    mb = 500;
  size_t target = (size_t)(mb * 1e6);
  const char *reps_env = getenv("HG_BENCH_REPS");
  int reps = reps_env ? atoi(reps_env) : 3;
  if (reps < 1 || reps > 100)
    reps = 3;
  const char *shape = getenv("HG_BENCH_SHAPE"); /* fingertips, tidy or unset for both */
  char *dir = g_build_filename(build, "bench-data", NULL);
  g_mkdir_with_parents(dir, 0755);
  int status = 0;
  for (int fingertips = 1; fingertips >= 0; fingertips--) {
    if (shape && *shape && strcmp(shape, fingertips ? "fingertips" : "tidy") != 0)
      continue;
    char name[64];
    snprintf(name, sizeof name, "%s-%.0fMB.csv", fingertips ? "fingertips" : "tidy", mb);
    char *path = g_build_filename(dir, name, NULL);
    GStatBuf sb;
    if (g_stat(path, &sb) != 0) {
      fprintf(stderr, "bench_ingest: generating %s\n", path);
      if (generate(path, target, fingertips) != 0 || g_stat(path, &sb) != 0) {
        fprintf(stderr, "bench_ingest: cannot write %s: %s\n", path, g_strerror(errno));
        g_free(path);
        status = 1;
        break;
      }
    }
    status |= bench(fingertips ? "fingertips" : "tidy", path, (size_t)sb.st_size, reps);
    g_free(path);
  }
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  printf("peak RSS %.1f MB (the store keeps every accepted row; the reader itself streams)\n",
         ru.ru_maxrss / 1024.0);
  g_free(dir);
  return status;
}
