/* bench_stat.c: `healthgap stat` end to end on the R peer's workload.
 *
 * The workload is the R peer's London nightly one (bench/peer_r/: the
 * generator, run once with python3 into $BUILD/bench-data/peer/, and R's times,
 * with their provenance).  For each method it runs `$BUILD/healthgap stat ...`
 * as a child process, output to /dev/null, HG_BENCH_REPS times (default 9:
 * a run is a tenth of a second, and on a shared guest the best of 3 moved by
 * a fifth between runs),
 * and prints the best wall and CPU time of the whole process, then two ratios
 * against baselines:
 *   R / healthgap   R's whole-process median (bench/peer_r/r_timings.csv,
 *                   median_s) over healthgap's best wall time (goal >= 100);
 *   stat / bare     healthgap's CPU time over a bare libcsv parse of the same
 *                   file (csv_parse over 1 MiB blocks, empty callbacks),
 *                   measured in this run, best of as many (goal <= 2);
 *   table / bare    the table reader alone (hg_table_read, in this process:
 *                   file read, parse, cells stored) over the same bare parse;
 *   past start-up / bare
 *                   stat's CPU less that of `healthgap --version` (a process
 *                   started and ended, best of as many, this run) over the
 *                   bare parse: what stat adds to the parse once the process
 *                   exists.  On a file under 1 MB the start-up alone (about
 *                   2-3 ms CPU on these guests) is more than twice the parse,
 *                   so stat / bare cannot reach 2 there, whatever stat does.
 *   stat / bare process
 *                   the same comparison made whole process on both sides:
 *                   stat's CPU (and wall) time over that of $BUILD/bench/
 *                   bare_parse, a program that only reads the file with
 *                   libcsv (bench/bare_parse.c), run as stat is, best of as
 *                   many (goal <= 2: stat end to end against a bare parse
 *                   end to end, the floor of any program given the file).
 * SII (100,000 repetitions, 660 groups, several seconds) runs only with
 * HG_BENCH_SII=1.  No pass/fail: figures only.
 */
#include "healthgap/table.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double cpu_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double wall_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
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

/* The floor: libcsv's own parse of the file, CPU seconds (-1 on error). */
static double bare_parse(const char *path) {
  FILE *fp = fopen(path, "rb");
  if (!fp)
    return -1;
  static char buf[1 << 20];
  struct csv_parser p;
  csv_init(&p, 0);
  double t0 = cpu_now();
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
    if (csv_parse(&p, buf, n, on_field, on_row, NULL) != n)
      break;
  csv_fini(&p, on_field, on_row, NULL);
  double t = cpu_now() - t0;
  csv_free(&p);
  fclose(fp);
  return t;
}

/* The table reader on the file, CPU seconds (-1 on error). */
static double table_read(const char *path) {
  hg_table *t = NULL;
  hg_error err;
  double t0 = cpu_now();
  hg_status st = hg_table_read(path, NULL, &t, &err);
  double t1 = cpu_now() - t0;
  hg_table_free(t);
  return st == HG_OK ? t1 : -1;
}

/* Runs argv with stdout to /dev/null; wall and CPU (user + system) seconds,
 * and its page faults (on a paravirtualised machine each is a hypervisor
 * trap, often more of the time than the parse: healthgap/memory.h). */
static int run_child(char *const argv[], double *wall, double *cpu, long *faults) {
  fflush(stdout); /* else the child would write the parent's buffered lines again */
  double t0 = wall_now();
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    int fd = open("/dev/null", O_WRONLY);
    if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0)
      _exit(127);
    execv(argv[0], argv);
    _exit(127);
  }
  int status;
  struct rusage ru;
  if (wait4(pid, &status, 0, &ru) != pid)
    return -1;
  *wall = wall_now() - t0;
  *cpu = (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec * 1e-6 + (double)ru.ru_stime.tv_sec +
         ru.ru_stime.tv_usec * 1e-6;
  *faults = ru.ru_minflt + ru.ru_majflt;
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/* R's whole-process median for step: field median_s (the 4th) of its row of
 * r_timings.csv, whose second field may be quoted and hold commas. */
static double r_median(const char *step) {
  FILE *fp = fopen("bench/peer_r/r_timings.csv", "r");
  if (!fp)
    return 0;
  char line[4096];
  double v = 0;
  size_t n = strlen(step);
  while (fgets(line, sizeof line, fp))
    if (strncmp(line, step, n) == 0 && line[n] == ',') {
      int field = 1, quoted = 0;
      for (const char *p = line + n + 1; *p && field < 3; p++) {
        if (*p == '"')
          quoted = !quoted;
        else if (*p == ',' && !quoted && ++field == 3)
          v = atof(p + 1);
      }
      break;
    }
  fclose(fp);
  return v;
}

typedef struct {
  const char *step; /* r_timings.csv step */
  const char *file; /* in the workload folder */
  const char *args; /* the stat command, space-separated, without the file */
  int slow;         /* 1: only with HG_BENCH_SII=1 */
} method;

static const method methods[] = {
    {"dsr", "dsr_input.csv",
     "dsr --x deaths --n pop --stdpop esp2013 --confidence 0.95,0.998 --group-by msoa,sex,year", 0},
    {"le", "le_input.csv",
     "le --deaths deaths --population pop --startage startage --le-age 0 --group-by "
     "borough,sex,year",
     0},
    {"prop", "prop_input.csv",
     "proportion --x obese --n measured --multiplier 100 --group-by msoa,year", 0},
    {"sii", "sii_input.csv",
     "sii --quantile decile --population population --value value --lower-cl lower_cl --upper-cl "
     "upper_cl --rii --repetitions 100000 --group-by borough,sex,year",
     1},
};

static int bench_method(const method *m, const char *bin, const char *dir, int reps, double start) {
  char *path = g_build_filename(dir, m->file, NULL);
  char **words = g_strsplit(m->args, " ", -1);
  guint nw = g_strv_length(words);
  char **argv = g_new0(char *, nw + 4);
  argv[0] = (char *)bin;
  argv[1] = (char *)"stat";
  for (guint i = 0; i < nw; i++)
    argv[2 + i] = words[i];
  argv[2 + nw] = path;
  double wall = 1e300, cpu = 1e300, bare = 1e300, table = 1e300, bp_wall = 1e300, bp_cpu = 1e300;
  long faults = 0;
  int status = 0;
  char *bin_dir = g_path_get_dirname(bin);
  char *bare_bin = g_build_filename(bin_dir, "bench", "bare_parse", NULL);
  g_free(bin_dir);
  char *bare_argv[] = {bare_bin, path, NULL};
  for (int r = 0; r < reps && !status; r++) {
    double w, c, bw, bc, b = bare_parse(path), tr = table_read(path);
    long f, bf;
    if (b < 0 || tr < 0 || run_child(argv, &w, &c, &f) != 0 ||
        run_child(bare_argv, &bw, &bc, &bf) != 0) {
      fprintf(stderr, "bench_stat: %s failed\n", m->step);
      status = 1;
      break;
    }
    wall = MIN(wall, w);
    cpu = MIN(cpu, c);
    bp_wall = MIN(bp_wall, bw);
    bp_cpu = MIN(bp_cpu, bc);
    bare = MIN(bare, b);
    table = MIN(table, tr);
    faults = f;
  }
  if (!status) {
    double rt = r_median(m->step);
    GStatBuf sb;
    double mb = g_stat(path, &sb) == 0 ? (double)sb.st_size / 1e6 : 0;
    printf("%-5s %5.1f MB  healthgap %.3f s wall, %.3f s CPU  R %.2f s (whole process)  "
           "ratio R/healthgap %.0fx wall, %.0fx CPU  bare csv_parse %.3f s CPU  ratio stat/bare "
           "%.2f  table read %.3f s CPU  ratio table/bare %.2f  start-up %.4f s CPU  ratio past "
           "start-up/bare %.2f  bare process %.4f s wall, %.4f s CPU  ratio stat/bare process "
           "%.2f CPU, %.2f wall  %ld page faults (best of %d)\n",
           m->step, mb, wall, cpu, rt, rt / wall, rt / cpu, bare, cpu / bare, table, table / bare,
           start, (cpu - start) / bare, bp_wall, bp_cpu, cpu / bp_cpu, wall / bp_wall, faults,
           reps);
  }
  g_free(bare_bin);
  g_free(argv);
  g_strfreev(words);
  g_free(path);
  return status;
}

/* The workload, generated once by the peer's own generator. */
static int ensure_workload(const char *dir) {
  char *probe = g_build_filename(dir, "manifest.json", NULL);
  int have = g_file_test(probe, G_FILE_TEST_EXISTS);
  g_free(probe);
  if (have)
    return 0;
  fprintf(stderr, "bench_stat: generating the peer workload in %s\n", dir);
  char *cmd = g_strdup_printf("python3 bench/peer_r/gen_workload.py '%s' >/dev/null", dir);
  int rc = system(cmd);
  g_free(cmd);
  return rc == 0 ? 0 : -1;
}

/* --floor FILE: the bare parse and the table reader once each, for
 * bench/callgrind_ratio.sh to count their instructions (CPU time on a loaded
 * virtual machine is not to be trusted for a 40 ms parse). */
static int floor_only(const char *path) {
  double b = bare_parse(path), t = table_read(path);
  printf("bare %.3f s CPU  table read %.3f s CPU\n", b, t);
  return b < 0 || t < 0;
}

int main(int argc, char **argv) {
  if (argc == 3 && strcmp(argv[1], "--floor") == 0)
    return floor_only(argv[2]);
  const char *build = getenv("BUILD") ? getenv("BUILD") : "build";
  const char *reps_env = getenv("HG_BENCH_REPS");
  int reps = reps_env ? atoi(reps_env) : 9;
  if (reps < 1 || reps > 100)
    reps = 9;
  int sii = getenv("HG_BENCH_SII") && strcmp(getenv("HG_BENCH_SII"), "1") == 0;
  char *dir = g_build_filename(build, "bench-data", "peer", NULL);
  char *bin = g_build_filename(build, "healthgap", NULL);
  int status = 0;
  if (g_mkdir_with_parents(dir, 0755) != 0 || ensure_workload(dir) != 0) {
    fprintf(stderr, "bench_stat: cannot make the workload in %s: %s\n", dir, g_strerror(errno));
    status = 1;
  }
  /* The process alone: healthgap --version, best CPU of as many runs. */
  double start = 1e300;
  char *version[] = {bin, (char *)"--version", NULL};
  for (int r = 0; !status && r < reps * 3; r++) {
    double w, c;
    long f;
    if (run_child(version, &w, &c, &f) != 0) {
      fprintf(stderr, "bench_stat: %s --version failed\n", bin);
      status = 1;
    }
    start = MIN(start, c);
  }
  for (size_t i = 0; !status && i < G_N_ELEMENTS(methods); i++)
    if (!methods[i].slow || sii)
      status |= bench_method(&methods[i], bin, dir, reps, start);
  g_free(bin);
  g_free(dir);
  return status;
}
