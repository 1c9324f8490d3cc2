/* test_chart_golden.c: one golden image per chart type (the third layer of the
 * chart tests, after the structural ones of test_chart.c).  Each chart is drawn by the real command
 * (`healthgap chart ...` on tests/data/charts) at 72 dpi and its decoded pixels compared with
 * tests/golden/NAME.png: a pixel differs if a channel differs by more than 16/255,
 * and the test fails if more than 0.1% of pixels differ, so small font
 * rasterisation differences pass while a missing bar, line or label fails.
 *
 * The goldens are only comparable on the library and font versions they were made
 * with (tests/golden/FINGERPRINT); on another stack the pixel comparison is
 * skipped with a message, while the structural tests in test_chart.c still run.
 * Regenerate (in a commit of its own, after looking at them):
 *   HG_UPDATE_GOLDEN=1 build/tests/test_chart_golden
 */
#include "hg_test.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define D "tests/data/charts/"
#define GOLDEN "tests/golden/"

typedef struct golden {
  const char *name;
  const char *args[16];
} golden;

static const golden cases[] = {
    {"overview", {"overview", D "fingertips_tobacco_profile_london_2019.csv", "--width", "1000"}},
    {"spine", {"spine", "-a", "E09000030", D "fingertips_tobacco_profile_london_2019.csv"}},
    {"compare",
     {"compare", "-i", "92443", "--unit", "%", D "fingertips_tobacco_profile_london_2019.csv"}},
    {"compare_cvd",
     {"compare", "-i", "92304", "--palette", "cvd", "--unit", "%",
      D "fingertips_tobacco_profile_london_2019.csv"}},
    {"trends", {"trends", "-a", "E09000030", "-s", "Female", D "le_london_boroughs_2015_2025.csv"}},
    {"inequalities", {"inequalities", "-i", "93088", D "england_inequalities_93763_93088.csv"}},
    {"gradient", {"gradient", "-i", "93763", D "england_inequalities_93763_93088.csv"}},
    {"gradient_band",
     {"gradient", "-i", "93763", "--inequalities", D "inequalities_93763_england.csv",
      D "england_inequalities_93763_93088.csv"}},
    {"gap_sii",
     {"gap", "-i", "93763", "--unit", "SII, deaths per 100,000",
      D "inequalities_93763_england.csv"}},
    {"gap", {"gap", "-a", "E09000030", "-s", "Male", D "le_london_boroughs_2015_2025.csv"}},
    {"funnel",
     {"funnel", "-i", "91547", "--unit", "%", D "fingertips_tobacco_profile_london_2019.csv"}},
    {"map",
     {"map", "-i", "92443", "--boundaries", D "london_boroughs_ctyua_dec2023_bsc.geojson",
      D "fingertips_tobacco_profile_london_2019.csv"}},
    {"map_quintile",
     {"map", "-i", "91547", "--fill", "quintile", "--boundaries",
      D "london_boroughs_ctyua_dec2023_bsc.geojson",
      D "fingertips_tobacco_profile_london_2019.csv"}},
    {"boxplot",
     {"boxplot", "-s", "Female", "--area-prefix", "E09", D "le_london_boroughs_2015_2025.csv"}},
    {"pyramid", {"pyramid", "-a", "E09000030", D "ons_mye2019_london_5yr_bands.csv"}},
    {"scatter",
     {"scatter", "-i", "92443", "--x-indicator", "92304", "-a", "E09000030",
      D "fingertips_tobacco_profile_london_2019.csv"}},
};

static char *tmpdir;
static bool comparable;
static bool update;

static bool fingerprint_matches(void) {
  char now[512];
  hg_chart_fingerprint(now, sizeof now);
  if (update) {
    char *text = g_strdup_printf("%s\n", now);
    g_file_set_contents(GOLDEN "FINGERPRINT", text, -1, NULL);
    g_free(text);
    return true;
  }
  char *stored = NULL;
  if (!g_file_get_contents(GOLDEN "FINGERPRINT", &stored, NULL, NULL))
    return false;
  g_strstrip(stored);
  bool same = strcmp(stored, now) == 0;
  if (!same)
    print_message("golden images made on '%s', this machine is '%s': pixel comparison "
                  "skipped\n",
                  stored, now);
  g_free(stored);
  return same;
}

static int setup(void **state) {
  (void)state;
  tmpdir = g_dir_make_tmp("hggoldXXXXXX", NULL);
  update = g_getenv("HG_UPDATE_GOLDEN") && strcmp(g_getenv("HG_UPDATE_GOLDEN"), "1") == 0;
  comparable = fingerprint_matches();
  return tmpdir ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  GDir *d = g_dir_open(tmpdir, 0, NULL);
  const char *n;
  while (d && (n = g_dir_read_name(d))) {
    char *p = g_build_filename(tmpdir, n, NULL);
    g_remove(p);
    g_free(p);
  }
  if (d)
    g_dir_close(d);
  g_rmdir(tmpdir);
  g_free(tmpdir);
  return 0;
}

/* Runs `healthgap chart ARGS --dpi 72 --timestamp 1700000000 -o OUT`. */
static void render(const golden *g, const char *out) {
  const char *bin = g_getenv("HG_BIN");
  if (!bin)
    bin = "build/healthgap";
  GPtrArray *argv = g_ptr_array_new();
  g_ptr_array_add(argv, (gpointer)bin);
  g_ptr_array_add(argv, "chart");
  for (int i = 0; g->args[i]; i++)
    g_ptr_array_add(argv, (gpointer)g->args[i]);
  const char *tail[] = {"--dpi", "72", "--timestamp", "1700000000", "-o", out, NULL};
  for (int i = 0; tail[i]; i++)
    g_ptr_array_add(argv, (gpointer)tail[i]);
  g_ptr_array_add(argv, NULL);
  int status = -1;
  char *err = NULL;
  GError *ge = NULL;
  bool ok = g_spawn_sync(NULL, (char **)argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                         NULL, &err, &status, &ge);
  if (!ok || !g_spawn_check_wait_status(status, NULL)) {
    print_error("%s: %s %s\n", g->name, ge ? ge->message : "", err ? err : "");
    fail();
  }
  if (ge)
    g_error_free(ge);
  g_free(err);
  g_ptr_array_free(argv, TRUE);
}

static void test_golden(void **state) {
  const golden *g = *state;
  char *out = g_strdup_printf("%s/%s.png", tmpdir, g->name);
  char *ref = g_strdup_printf(GOLDEN "%s.png", g->name);
  render(g, out);
  assert_true(g_file_test(out, G_FILE_TEST_EXISTS));
  if (update) {
    gchar *data = NULL;
    gsize len = 0;
    assert_true(g_file_get_contents(out, &data, &len, NULL));
    assert_true(g_file_set_contents(ref, data, (gssize)len, NULL));
    g_free(data);
  } else if (comparable) {
    hg_image_diff d;
    hg_status st = hg_image_compare(out, ref, 16, &d);
    if (st != HG_OK) {
      print_error("%s: cannot compare with %s: %s\n", g->name, ref, hg_strerror(st));
      fail();
    }
    double share = (double)d.differing / ((double)d.width * d.height);
    if (share > 0.001) {
      /* keep the actual image where CI keeps logs */
      char *keep = g_strdup_printf("build/test-logs/golden-%s.png", g->name);
      g_mkdir_with_parents("build/test-logs", 0755);
      gchar *data = NULL;
      gsize len = 0;
      if (g_file_get_contents(out, &data, &len, NULL))
        g_file_set_contents(keep, data, (gssize)len, NULL);
      g_free(data);
      print_error("%s: %ld of %ld pixels differ (max %d, rms %.2f); actual kept in %s\n", g->name,
                  d.differing, d.width * d.height, d.max_diff, d.rms, keep);
      g_free(keep);
      fail();
    }
  }
  g_free(out);
  g_free(ref);
}

int main(void) {
  struct CMUnitTest tests[G_N_ELEMENTS(cases)];
  for (size_t i = 0; i < G_N_ELEMENTS(cases); i++)
    tests[i] = (struct CMUnitTest){cases[i].name, test_golden, NULL, NULL, (void *)&cases[i]};
  return _cmocka_run_group_tests("golden", tests, G_N_ELEMENTS(cases), setup, teardown);
}
