/* bench_run.c: the run pipeline end to end (make bench).
 *
 * 1. the London demo pack (fixtures/london/london.conf) into a temporary folder;
 * 2. a scaled generated run: all 6,791 English MSOAs x 10 indicators x 10
 *    years (679,100 rows of tidy CSV with limits and counts), 10 files.
 * Each prints seconds per stage, peak RSS, and the ratio of total time to
 * ingest time in the same run (the machine is shared and noisy: ratios, not
 * absolute times, are comparable between runs).  Run from the repository root.
 * 3. the national run as a user runs it (done first, see national_runs):
 *    `healthgap run` in a child process (its own peak RSS, from wait4), first
 *    into an empty folder, then again with that run as the previous one
 *    (results/changes.csv compares the two), then with --jobs 1; each
 *    against issue 17's goal (3 s, 300 MiB).
 */
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "healthgap/healthgap.h"

static long peak_rss_kb(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

static int report(const char *name, hg_config *cfg, const char *out, int jobs) {
  g_free(cfg->output);
  cfg->output = g_strdup(out);
  hg_run_options opt = {.jobs = jobs, .force = 1, .timestamp = "2024-01-01T00:00:00Z"};
  hg_run_summary s;
  hg_error err;
  gint64 t0 = g_get_monotonic_time();
  hg_status st = hg_run(cfg, &opt, &s, &err);
  double wall = (double)(g_get_monotonic_time() - t0) / 1e6;
  if (st != HG_OK) {
    char buf[1400];
    fprintf(stderr, "bench_run %s: %s: %s\n", name, hg_strerror(st),
            hg_error_format(&err, buf, sizeof buf));
    hg_run_summary_clear(&s);
    return 1;
  }
  printf("%s: %zu files, %zu rows read, %zu result rows, jobs %d\n", name, s.files, s.rows_read,
         s.results_rows, jobs);
  printf("  seconds:");
  for (int i = 0; i < HG_RUN_NSTAGES; i++)
    printf(" %s %.3f", hg_run_stage_names[i], s.stage_seconds[i]);
  printf(" | total %.3f (wall %.3f)\n", s.total_seconds, wall);
  printf("  rows/s ingested: %.0f\n",
         s.stage_seconds[0] > 0 ? (double)s.rows_read / s.stage_seconds[0] : 0.0);
  printf("  peak RSS so far: %.1f MB\n", (double)peak_rss_kb() / 1024.0);
  printf("  ratio total/ingest: %.2f\n",
         s.stage_seconds[0] > 0 ? s.total_seconds / s.stage_seconds[0] : 0.0);
  hg_run_summary_clear(&s);
  return 0;
}

/* 6,791 distinct MSOA-like codes E02000001 .. E02006791 (England had 6,791
 * MSOAs in 2011; the codes only need to be distinct here). */
static int generate(const char *dir, size_t nareas, size_t nind, size_t nyears) {
  for (size_t k = 0; k < nind; k++) {
    char name[64];
    snprintf(name, sizeof name, "ind%02zu.csv", k);
    char *path = g_build_filename(dir, name, NULL);
    FILE *fp = fopen(path, "w");
    g_free(path);
    if (!fp)
      return 1;
    fprintf(fp, "indicator_id,area_code,area_name,period,value,lower_ci95,upper_ci95,count,"
                "denominator\n");
    GRand *r = g_rand_new_with_seed((guint32)(20190101u + k));
    for (size_t a = 0; a < nareas; a++)
      for (size_t y = 0; y < nyears; y++) {
        double den = 500 + g_rand_int_range(r, 0, 5000);
        double cnt = 10 + g_rand_int_range(r, 0, (gint32)(den / 4));
        double v = cnt / den * 100, se = 100 * 1.96 * sqrt(v / 100 * (1 - v / 100) / den);
        fprintf(fp, "hg.bench%02zu,E02%06zu,MSOA %zu,%zu,%.4f,%.4f,%.4f,%.0f,%.0f\n", k, a + 1,
                a + 1, 2010 + y, v, v - se, v + se, cnt, den);
      }
    g_rand_free(r);
    fclose(fp);
  }
  return 0;
}

/* `healthgap run` on conf in a child, its summary on our stdout; wall and CPU
 * seconds and peak RSS printed against the goal.  1 on failure. */
static int national(const char *label, const char *conf, int jobs) {
  const char *build = getenv("BUILD") ? getenv("BUILD") : "build";
  char *bin = g_build_filename(build, "healthgap", NULL);
  char *j = g_strdup_printf("%d", jobs);
  char *argv[] = {bin,
                  (char *)"run",
                  (char *)"--force",
                  (char *)"--timestamp",
                  (char *)"2024-01-01T00:00:00Z",
                  (char *)"--jobs",
                  j,
                  (char *)conf,
                  NULL};
  printf("%s:\n", label);
  fflush(stdout);
  gint64 t0 = g_get_monotonic_time();
  pid_t pid = fork();
  if (pid == 0) {
    int fd = open("/dev/null", O_WRONLY);
    if (fd < 0 || dup2(fd, STDERR_FILENO) < 0)
      _exit(127);
    execv(argv[0], argv);
    _exit(127);
  }
  int status = -1;
  struct rusage ru;
  int ok = pid > 0 && wait4(pid, &status, 0, &ru) == pid && WIFEXITED(status) &&
           WEXITSTATUS(status) == 0;
  double wall = (double)(g_get_monotonic_time() - t0) / 1e6;
  g_free(bin);
  g_free(j);
  if (!ok) {
    fprintf(stderr, "bench_run: %s failed (status %d)\n", label, status);
    return 1;
  }
  double cpu = (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec * 1e-6 +
               (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec * 1e-6;
  double mib = (double)ru.ru_maxrss / 1024.0;
  printf("  national run: %.2f s wall (%.2fx the 3 s goal), %.2f s CPU, peak RSS %.0f MiB "
         "(%.2fx the 300 MiB goal)\n",
         wall, wall / 3.0, cpu, mib, mib / 300.0);
  return 0;
}

/* The national runs, each `healthgap run` in a child.  First, while this
 * process is small: Linux counts the parent's pages mapped at fork in the
 * child's peak RSS (exec records the old address space's high-water mark). */
static int national_runs(const char *tmp, const char *data, int jobs) {
  int rc = 0;
  char *conf = g_strdup_printf("[pack]\noutput = %s/national-out\n[packs]\nlondon = false\nicb = "
                               "none\n[input.scaled]\npath = %s/ind*.csv\nrole = indicators\n",
                               tmp, data);
  char *conf_path = g_build_filename(tmp, "national.conf", NULL);
  if (g_file_set_contents(conf_path, conf, -1, NULL)) {
    rc |= national("national (healthgap run, first run)", conf_path, jobs);
    rc |= national("national (healthgap run, with the previous run)", conf_path, jobs);
    rc |= national("national (healthgap run, with the previous run), --jobs 1", conf_path, 1);
  } else {
    rc = 1;
  }
  g_free(conf_path);
  g_free(conf);
  return rc;
}

int main(void) {
  int rc = 0;
  int jobs = (int)g_get_num_processors();
  char *tmp = g_dir_make_tmp("hg-bench-run-XXXXXX", NULL);
  if (!tmp)
    return 1;

  char *data = g_build_filename(tmp, "scaled", NULL);
  g_mkdir_with_parents(data, 0777);
  gint64 t0 = g_get_monotonic_time();
  rc |= generate(data, 6791, 10, 10);
  printf("scaled: generated 6,791 MSOAs x 10 indicators x 10 years in %.2f s\n",
         (double)(g_get_monotonic_time() - t0) / 1e6);
  rc |= national_runs(tmp, data, jobs);

  hg_config *cfg = NULL;
  hg_error err;
  if (hg_config_load("fixtures/london/london.conf", &cfg, &err) == HG_OK) {
    char *out = g_build_filename(tmp, "demo", NULL);
    rc |= report("demo (fixtures/london)", cfg, out, jobs);
    g_free(out);
    hg_config_free(cfg);
  } else {
    fprintf(stderr, "bench_run: cannot load the demo config: %s\n", err.message);
    rc = 1;
  }

  char *conf = g_strdup_printf("[pack]\noutput = out\n[packs]\nlondon = false\nicb = none\n"
                               "[input.scaled]\npath = %s/ind*.csv\nrole = indicators\n",
                               data);
  if (hg_config_load_mem("scaled.conf", tmp, conf, strlen(conf), &cfg, &err) == HG_OK) {
    char *out = g_build_filename(tmp, "scaled-out", NULL);
    rc |= report("scaled (6,791 MSOAs x 10 x 10)", cfg, out, jobs);
    rc |= report("scaled, --jobs 1", cfg, out, 1);
    g_free(out);
    hg_config_free(cfg);
  } else {
    rc = 1;
  }
  g_free(conf);
  g_free(data);
  char *cmd = g_strdup_printf("rm -rf '%s'", tmp);
  if (system(cmd) != 0)
    rc = 1;
  g_free(cmd);
  g_free(tmp);
  return rc;
}
