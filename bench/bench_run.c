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
 * 4. with HG_BENCH_LSOA=1, England's LSOAs (issue 17's second goal): 32,844
 *    LSOA codes x 20 indicators x 10 years (6,568,800 rows, 20 files of
 *    about 30 MB, generated as in 2) run the same way, first run and then
 *    with the previous run, against 30 s and 3 GiB; it also prints the peak
 *    per row and the bytes each further row costs over the national run
 *    (the difference of the two peaks over the difference of rows), and
 *    its CPU per row as a ratio of the national run's.  Off by default: it
 *    writes about 2.3 GB and takes minutes on a shared machine.
 * With HG_BENCH_ONLY=national only 3 (and 4 if asked) run: the in-process
 * demo and scaled runs of 1 and 2 are skipped, to measure issue 17's goal
 * quickly.  HG_BENCH_KEEP=1 leaves the temporary folder (its path printed),
 * so that the generated inputs and national-out/ can be compared between
 * builds.
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

/* nareas distinct codes prefix000001 ..  (E02: England had 6,791 MSOAs in
 * 2011, E01: 32,844 LSOAs; the codes only need to be distinct here) x nind
 * indicators x nyears years, one file per indicator. */
static int generate(const char *dir, const char *prefix, const char *name, size_t nareas,
                    size_t nind, size_t nyears) {
  for (size_t k = 0; k < nind; k++) {
    char file[64];
    snprintf(file, sizeof file, "ind%02zu.csv", k);
    char *path = g_build_filename(dir, file, NULL);
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
        fprintf(fp, "hg.bench%02zu,%s%06zu,%s %zu,%zu,%.4f,%.4f,%.4f,%.0f,%.0f\n", k, prefix, a + 1,
                name, a + 1, 2010 + y, v, v - se, v + se, cnt, den);
      }
    g_rand_free(r);
    fclose(fp);
  }
  return 0;
}

/* What a child run cost. */
typedef struct cost {
  double wall, cpu, mib; /* seconds, seconds (user + system), peak RSS */
} cost;

/* `healthgap run` on conf in a child (its stderr to /dev/null); its wall
 * and CPU seconds and peak RSS into *c.  1 on failure. */
static int child_run(const char *label, const char *conf, int jobs, cost *c) {
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
  c->wall = wall;
  c->cpu = (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec * 1e-6 + (double)ru.ru_stime.tv_sec +
           ru.ru_stime.tv_usec * 1e-6;
  c->mib = (double)ru.ru_maxrss / 1024.0;
  return 0;
}

/* The national run (679,100 rows) against issue 17's goal; *c its cost. */
static int national(const char *label, const char *conf, int jobs, cost *c) {
  if (child_run(label, conf, jobs, c))
    return 1;
  printf("  national run: %.2f s wall (%.2fx the 3 s goal), %.2f s CPU, peak RSS %.0f MiB "
         "(%.2fx the 300 MiB goal)\n",
         c->wall, c->wall / 3.0, c->cpu, c->mib, c->mib / 300.0);
  return 0;
}

/* The last digit of the value on the last line of data/ind09.csv moved by
 * one; 1 on error. */
static int last_value_moved(const char *data) {
  char *path = g_build_filename(data, "ind09.csv", NULL), *text = NULL;
  gsize len = 0;
  int rc = 1;
  if (g_file_get_contents(path, &text, &len, NULL) && len > 2) {
    char *line = g_strrstr_len(text, (gssize)len - 1, "\n"); /* before the last line */
    char *comma = line;
    for (int f = 0; comma && f < 5; f++) /* the fifth comma ends the value */
      comma = strchr(comma + 1, ',');
    if (comma && g_ascii_isdigit(comma[-1])) {
      comma[-1] = comma[-1] == '9' ? '8' : (char)(comma[-1] + 1);
      rc = !g_file_set_contents(path, text, (gssize)len, NULL);
    }
  }
  if (rc)
    fprintf(stderr, "bench_run: cannot change the last value of %s\n", path);
  g_free(text);
  g_free(path);
  return rc;
}

/* The national runs, each `healthgap run` in a child.  First, while this
 * process is small: Linux counts the parent's pages mapped at fork in the
 * child's peak RSS (exec records the old address space's high-water mark). */
static int national_runs(const char *tmp, const char *data, int jobs, cost *first) {
  int rc = 0;
  cost c;
  char *conf = g_strdup_printf("[pack]\noutput = %s/national-out\n[packs]\nlondon = false\nicb = "
                               "none\n[input.scaled]\npath = %s/ind*.csv\nrole = indicators\n",
                               tmp, data);
  char *conf_path = g_build_filename(tmp, "national.conf", NULL);
  if (g_file_set_contents(conf_path, conf, -1, NULL)) {
    rc |= national("national (healthgap run, first run)", conf_path, jobs, first);
    rc |= national("national (healthgap run, with the previous run)", conf_path, jobs, &c);
    rc |= national("national (healthgap run, with the previous run), --jobs 1", conf_path, 1, &c);
    /* Those reruns' results are byte-identical to the run before, which
     * changes.csv answers without parsing either file; here the last input
     * value moves, so the new results differ at their end and the
     * comparison reads and matches both files in full. */
    rc |= last_value_moved(data) ||
          national("national (healthgap run, with the previous run; one value changed)", conf_path,
                   jobs, &c);
  } else {
    rc = 1;
  }
  g_free(conf_path);
  g_free(conf);
  return rc;
}

enum {
  NATIONAL_ROWS = 6791 * 10 * 10,
  LSOAS = 32844,
  LSOA_INDICATORS = 20,
  LSOA_ROWS = LSOAS * 20 * 10
};

/* An England LSOA run against issue 17's goal (30 s, 3 GiB), and its memory
 * and CPU per row against the national run's (nat, this process's baseline). */
static int lsoa_run(const char *label, const char *conf, int jobs, const cost *nat) {
  cost c;
  if (child_run(label, conf, jobs, &c))
    return 1;
  double rows = LSOA_ROWS, gib = c.mib / 1024.0;
  printf("  LSOA run: %.1f s wall (%.2fx the 30 s goal), %.1f s CPU, peak RSS %.2f GiB "
         "(%.2fx the 3 GiB goal)\n",
         c.wall, c.wall / 30.0, c.cpu, gib, gib / 3.0);
  printf("  per row: %.0f B of peak RSS; %.0f B each row past the national run's; "
         "CPU %.2f us, %.2fx the national run's\n",
         c.mib * 1048576.0 / rows, (c.mib - nat->mib) * 1048576.0 / (rows - (double)NATIONAL_ROWS),
         c.cpu / rows * 1e6, (c.cpu / rows) / (nat->cpu / (double)NATIONAL_ROWS));
  return 0;
}

/* England's LSOAs (HG_BENCH_LSOA=1): generated into tmp, a first run, then a
 * run with the first as the previous one; each compared with nat. */
static int lsoa_runs(const char *tmp, int jobs, const cost *nat) {
  if (g_strcmp0(getenv("HG_BENCH_LSOA"), "1") != 0) {
    printf("lsoa: skipped (HG_BENCH_LSOA=1 runs England's 32,844 LSOAs x 20 x 10, "
           "6,568,800 rows: minutes, 2.3 GB of disk)\n");
    return 0;
  }
  char *data = g_build_filename(tmp, "lsoa", NULL);
  g_mkdir_with_parents(data, 0777);
  gint64 t0 = g_get_monotonic_time();
  int rc = generate(data, "E01", "LSOA", LSOAS, LSOA_INDICATORS, 10);
  printf("lsoa: generated 32,844 LSOAs x 20 indicators x 10 years (%d rows) in %.1f s\n", LSOA_ROWS,
         (double)(g_get_monotonic_time() - t0) / 1e6);
  char *conf = g_strdup_printf("[pack]\noutput = %s/lsoa-out\n[packs]\nlondon = false\nicb = "
                               "none\n[input.lsoa]\npath = %s/ind*.csv\nrole = indicators\n",
                               tmp, data);
  char *conf_path = g_build_filename(tmp, "lsoa.conf", NULL);
  if (rc == 0 && g_file_set_contents(conf_path, conf, -1, NULL)) {
    rc |= lsoa_run("lsoa (healthgap run, first run)", conf_path, jobs, nat);
    rc |= lsoa_run("lsoa (healthgap run, with the previous run)", conf_path, jobs, nat);
  } else {
    rc = 1;
  }
  g_free(conf_path);
  g_free(conf);
  g_free(data);
  return rc;
}

/* 1 and 2: the demo pack and the scaled run, in this process. */
static int in_process_runs(const char *tmp, const char *data, int jobs) {
  int rc = 0;
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
  rc |= generate(data, "E02", "MSOA", 6791, 10, 10);
  printf("scaled: generated 6,791 MSOAs x 10 indicators x 10 years in %.2f s\n",
         (double)(g_get_monotonic_time() - t0) / 1e6);
  cost nat = {0};
  rc |= national_runs(tmp, data, jobs, &nat);
  if (rc == 0)
    rc |= lsoa_runs(tmp, jobs, &nat); /* while this process is still small */
  if (g_strcmp0(getenv("HG_BENCH_ONLY"), "national") != 0)
    rc |= in_process_runs(tmp, data, jobs);
  g_free(data);
  if (g_strcmp0(getenv("HG_BENCH_KEEP"), "1") == 0) {
    printf("kept: %s\n", tmp);
    g_free(tmp);
    return rc;
  }

  char *cmd = g_strdup_printf("rm -rf '%s'", tmp);
  if (system(cmd) != 0)
    rc = 1;
  g_free(cmd);
  g_free(tmp);
  return rc;
}
