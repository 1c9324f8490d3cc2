/* bench_memory.c: memory per row of `healthgap validate` and of a run (make bench).
 *
 * Generates a tidy indicator file of 200,000 and of 400,000 rows (MSOA-like
 * codes x indicators x years, with limits and counts), runs the built
 * binary ($BUILD/healthgap, default build/) on each in a child process and
 * reads the child's peak RSS from wait4.  Bytes per row is the difference of
 * the two peaks over the difference of rows, so that what does not grow with
 * the input (the binary, GLib, fonts, the registry) cancels out.  A run is
 * measured twice: the first run (nothing to compare with) and a second one
 * over the first's output (results/changes.csv compares with the previous
 * results).  Each run's figure is then projected, peak at the smaller size
 * plus bytes per row for the rest, onto the sizes of issue 17's goals: a
 * national run (679,100 rows) in 300 MiB and England's LSOAs (32,844 LSOAs x
 * 20 indicators x 10 years, 6.6 million rows) in 3 GiB.  Run from the
 * repository root.
 */
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

enum { NSIZES = 2 };
static const size_t sizes[NSIZES] = {200000, 400000};

/* rows rows of tidy CSV into path; 0 on success. */
static int generate(const char *path, size_t rows) {
  FILE *fp = fopen(path, "w");
  if (!fp)
    return 1;
  fprintf(fp, "indicator_id,area_code,area_name,period,value,lower_ci95,upper_ci95,count,"
              "denominator\n");
  GRand *r = g_rand_new_with_seed(20190101u);
  size_t i = 0;
  for (size_t k = 0; i < rows; k++)
    for (size_t a = 1; a <= 6791 && i < rows; a++)
      for (size_t y = 0; y < 10 && i < rows; y++, i++) {
        double den = 500 + g_rand_int_range(r, 0, 5000);
        double cnt = 10 + g_rand_int_range(r, 0, (gint32)(den / 4));
        double v = cnt / den * 100, se = 100 * 1.96 * sqrt(v / 100 * (1 - v / 100) / den);
        fprintf(fp, "hg.bench%02zu,E02%06zu,MSOA %zu,%zu,%.4f,%.4f,%.4f,%.0f,%.0f\n", k, a, a,
                2010 + y, v, v - se, v + se, cnt, den);
      }
  g_rand_free(r);
  return fclose(fp) != 0;
}

/* Runs argv (stdout and stderr to /dev/null); the child's peak RSS in KiB,
 * or -1 when it could not run or failed. */
static long child_peak_kb(char *const argv[]) {
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr))
      _exit(127);
    execv(argv[0], argv);
    _exit(127);
  }
  int status;
  struct rusage ru;
  if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return -1;
  return ru.ru_maxrss;
}

/* Issue 17's goals: rows and the peak memory allowed. */
static const struct {
  const char *what;
  double rows, bytes;
} goals[] = {{"national run", 679100, 300.0 * 1024 * 1024},
             {"England LSOAs", 32844.0 * 20 * 10, 3.0 * 1024 * 1024 * 1024}};

/* Bytes per row of the runs behind kb and, with project, its projection
 * onto the goals (marked "over" when above one). */
static void print_per_row(const char *what, const long kb[NSIZES], double input_bytes,
                          int project) {
  if (kb[0] < 0 || kb[1] < 0) {
    printf("%s: failed\n", what);
    return;
  }
  double per_row = (double)(kb[1] - kb[0]) * 1024.0 / (double)(sizes[1] - sizes[0]);
  printf("%s: peak RSS %.1f MB at %zu rows, %.1f MB at %zu rows: %.0f bytes per row "
         "(%.2f per input byte)\n",
         what, (double)kb[0] / 1024.0, sizes[0], (double)kb[1] / 1024.0, sizes[1], per_row,
         per_row * (double)(sizes[1] - sizes[0]) / input_bytes);
  for (size_t g = 0; project && g < sizeof goals / sizeof goals[0]; g++) {
    double need = (double)kb[0] * 1024.0 + per_row * (goals[g].rows - (double)sizes[0]);
    int gib = goals[g].bytes >= (1 << 30);
    double unit = gib ? 1 << 30 : 1 << 20;
    printf("  %s: %.0f B/row; %s (%.0f rows) would need %.*f %s (goal %.0f %s)%s\n", what, per_row,
           goals[g].what, goals[g].rows, gib ? 2 : 0, need / unit, gib ? "GiB" : "MiB",
           goals[g].bytes / unit, gib ? "GiB" : "MiB", need > goals[g].bytes ? ": over" : "");
  }
}

int main(void) {
  const char *build = getenv("BUILD") ? getenv("BUILD") : "build";
  char *bin = g_build_filename(build, "healthgap", NULL);
  char *tmp = g_dir_make_tmp("hg-bench-memory-XXXXXX", NULL);
  if (!tmp || access(bin, X_OK) != 0) {
    fprintf(stderr, "bench_memory: needs %s (make)\n", bin);
    return 1;
  }
  long validate_kb[NSIZES], run_kb[NSIZES], rerun_kb[NSIZES];
  double bytes[NSIZES];
  int rc = 0;
  for (int s = 0; s < NSIZES; s++) {
    char name[32];
    snprintf(name, sizeof name, "in%zu", sizes[s]);
    char *dir = g_build_filename(tmp, name, NULL);
    g_mkdir_with_parents(dir, 0777);
    char *csv = g_build_filename(dir, "rows.csv", NULL);
    rc |= generate(csv, sizes[s]);
    struct stat sb;
    bytes[s] = stat(csv, &sb) == 0 ? (double)sb.st_size : 0;
    char *conf = g_strdup_printf("%s.conf", dir);
    char *text = g_strdup_printf("[pack]\noutput = %s-out\n[packs]\nlondon = false\nicb = none\n"
                                 "[input.rows]\npath = %s\nrole = indicators\n",
                                 dir, csv);
    rc |= !g_file_set_contents(conf, text, -1, NULL);
    char *validate[] = {bin, "validate", csv, NULL};
    char *run[] = {bin, "run", "-q", "-f", "-j", "1", "-t", "0", conf, NULL};
    validate_kb[s] = child_peak_kb(validate);
    run_kb[s] = child_peak_kb(run);
    rerun_kb[s] = child_peak_kb(run);
    g_free(text);
    g_free(conf);
    g_free(csv);
    g_free(dir);
  }
  double delta_bytes = bytes[1] - bytes[0];
  print_per_row("validate", validate_kb, delta_bytes, 0);
  print_per_row("run (first)", run_kb, delta_bytes, 1);
  print_per_row("run (with previous results)", rerun_kb, delta_bytes, 1);
  rc |= validate_kb[0] < 0 || run_kb[0] < 0 || rerun_kb[0] < 0;
  char *cmd = g_strdup_printf("rm -rf '%s'", tmp);
  if (system(cmd) != 0)
    rc = 1;
  g_free(cmd);
  g_free(tmp);
  g_free(bin);
  return rc;
}
