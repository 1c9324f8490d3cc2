/* test_run.c: the run pipeline as a library call (healthgap/run.h).  The
 * benchmark labels of a run over the raw OHID tobacco export are checked
 * against the export's own `Compared to England` / `Compared to parent`
 * columns (tests/data/ingest/PROVENANCE.md); the time rule against fixed
 * instants. */
#include "hg_test.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *tmpdir;

static int setup(void **state) {
  (void)state;
  tmpdir = g_dir_make_tmp("hg-test-run-XXXXXX", NULL);
  return tmpdir ? 0 : -1;
}

static int rm_tree(const char *path) {
  char *cmd = g_strdup_printf("rm -rf '%s'", path);
  int rc = system(cmd);
  g_free(cmd);
  return rc;
}

static int teardown(void **state) {
  (void)state;
  rm_tree(tmpdir);
  g_free(tmpdir);
  return 0;
}

static hg_config *write_config(const char *text) {
  char *path = g_build_filename(tmpdir, "pack.conf", NULL);
  assert_true(g_file_set_contents(path, text, -1, NULL));
  hg_config *cfg = NULL;
  hg_error err;
  assert_int_equal(hg_config_load(path, &cfg, &err), HG_OK);
  g_free(path);
  return cfg;
}

static void test_tobacco_labels_match_fingertips(void **state) {
  (void)state;
  char *cwd = g_get_current_dir();
  char *text = g_strdup_printf(
      "[pack]\noutput = out\n[packs]\nlondon = false\nicb = none\n"
      "[input.tobacco]\npath = %s/tests/data/ingest/fingertips_tobacco_profile_london_2019.csv\n"
      "role = indicators\nlayout = fingertips\n",
      cwd);
  hg_config *cfg = write_config(text);
  hg_run_options opt = {.jobs = 2, .timestamp = "2024-01-01T00:00:00Z"};
  hg_run_summary sum;
  hg_error err;
  assert_int_equal(hg_run(cfg, &opt, &sum, &err), HG_OK);
  assert_int_equal(sum.rows_read, 245);
  assert_int_equal(sum.rows_rejected, 0);
  assert_int_equal(sum.indicators, 7);
  char *res = g_build_filename(sum.run_dir, "results", "indicators.csv", NULL);
  hg_table *r = hg_test_table(res);
  hg_table *x = hg_test_table("tests/data/ingest/fingertips_tobacco_profile_london_2019.csv");
  assert_int_equal(hg_table_nrows(r), 245);
  /* Key -> our labels. */
  GHashTable *ours = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  long ri = hg_table_col(r, "indicator_id"), ra = hg_table_col(r, "area_code"),
       rp = hg_table_col(r, "period"), re = hg_table_col(r, "compared_to_england"),
       rl = hg_table_col(r, "compared_to_london");
  for (size_t i = 0; i < hg_table_nrows(r); i++)
    g_hash_table_insert(ours,
                        g_strjoin("|", hg_table_cell(r, i, ri), hg_table_cell(r, i, ra),
                                  hg_table_cell(r, i, rp), NULL),
                        GSIZE_TO_POINTER(i + 1));
  long xi = hg_table_col(x, "Indicator ID"), xa = hg_table_col(x, "Area Code"),
       xp = hg_table_col(x, "Time period"),
       xe = hg_table_col(x, "Compared to England value or percentiles"),
       xl = hg_table_col(x, "Compared to parent value or percentiles");
  size_t england = 0, london = 0;
  for (size_t i = 0; i < hg_table_nrows(x); i++) {
    char *k = g_strjoin("|", hg_table_cell(x, i, xi), hg_table_cell(x, i, xa),
                        hg_table_cell(x, i, xp), NULL);
    size_t row = GPOINTER_TO_SIZE(g_hash_table_lookup(ours, k));
    g_free(k);
    assert_true(row > 0);
    england += strcmp(hg_table_cell(r, row - 1, re), hg_table_cell(x, i, xe)) == 0;
    london += strcmp(hg_table_cell(r, row - 1, rl), hg_table_cell(x, i, xl)) == 0;
  }
  assert_int_equal(england, 245);
  assert_int_equal(london, 245);
  g_hash_table_destroy(ours);
  hg_table_free(r);
  hg_table_free(x);
  g_free(res);
  hg_run_summary_clear(&sum);
  hg_config_free(cfg);
  g_free(text);
  g_free(cwd);
}

static void test_time_rule(void **state) {
  (void)state;
  int64_t t = 0;
  assert_int_equal(hg_run_parse_time("2024-01-01T00:00:00Z", &t), HG_OK);
  assert_int_equal(t, 1704067200); /* date -u -d 2024-01-01 +%s */
  assert_int_equal(hg_run_parse_time("1704067200", &t), HG_OK);
  assert_int_equal(t, 1704067200);
  assert_int_equal(hg_run_parse_time("yesterday", &t), HG_ERR_RANGE);
  g_setenv("SOURCE_DATE_EPOCH", "946684800", TRUE);
  assert_int_equal(hg_run_resolve_time(NULL, &t), HG_OK);
  assert_int_equal(t, 946684800);
  assert_int_equal(hg_run_resolve_time("1704067200", &t), HG_OK); /* --timestamp wins */
  assert_int_equal(t, 1704067200);
  g_unsetenv("SOURCE_DATE_EPOCH");
}

static void test_missing_input_fails_cleanly(void **state) {
  (void)state;
  hg_config *cfg =
      write_config("[pack]\noutput = out2\n[input.a]\npath = nope.csv\nrole = indicators\n");
  hg_run_summary sum;
  hg_error err;
  assert_int_equal(hg_run(cfg, NULL, &sum, &err), HG_ERR_IO);
  assert_non_null(strstr(err.message, "no such file"));
  char *latest = g_build_filename(tmpdir, "out2", "latest", NULL);
  assert_false(g_file_test(latest, G_FILE_TEST_EXISTS));
  g_free(latest);
  hg_run_summary_clear(&sum);
  hg_config_free(cfg);
}

/* hg_format_number's fast path must give the text of the plain search for the
 * shortest round-tripping %.Ne (the original algorithm, restated here). */
static void reference_format(double v, char *buf) {
  buf[0] = '\0';
  if (!isfinite(v))
    return;
  if (v == 0.0) {
    strcpy(buf, "0");
    return;
  }
  char e[40];
  int prec;
  for (prec = 0; prec < 17; prec++) {
    snprintf(e, sizeof e, "%.*e", prec, v);
    if (strtod(e, NULL) == v)
      break;
  }
  if (prec == 17)
    snprintf(e, sizeof e, "%.16e", v);
  const char *p = e;
  char *out = buf;
  if (*p == '-')
    *out++ = *p++;
  char digits[24];
  size_t nd = 0;
  for (; *p && *p != 'e'; p++)
    if (*p != '.')
      digits[nd++] = *p;
  int exp10 = atoi(p + 1);
  while (nd > 1 && digits[nd - 1] == '0')
    nd--;
  if (exp10 < 0) {
    *out++ = '0';
    *out++ = '.';
    for (int i = 0; i < -exp10 - 1; i++)
      *out++ = '0';
    memcpy(out, digits, nd);
    out += nd;
  } else {
    size_t intlen = (size_t)exp10 + 1;
    for (size_t i = 0; i < intlen; i++)
      *out++ = i < nd ? digits[i] : '0';
    if (nd > intlen) {
      *out++ = '.';
      memcpy(out, digits + intlen, nd - intlen);
      out += nd - intlen;
    }
  }
  *out = '\0';
}

static void test_format_number_fast_path(void **state) {
  (void)state;
  GRand *r = g_rand_new_with_seed(42);
  char a[HG_NUMBER_BUFSIZE], b[HG_NUMBER_BUFSIZE];
  static const double fixed[] = {0.1,
                                 0.3,
                                 1e-7,
                                 123456789012345678.0,
                                 1e21,
                                 -0.0,
                                 12.948,
                                 13.882132771504197,
                                 1.0 / 3.0,
                                 2.5e-310,
                                 99.8,
                                 1e15,
                                 1e16,
                                 -1234.5,
                                 0.0001,
                                 0.00001,
                                 999999999999999.0};
  for (size_t i = 0; i < G_N_ELEMENTS(fixed); i++) {
    hg_format_number(fixed[i], a);
    reference_format(fixed[i], b);
    assert_string_equal(a, b);
  }
  for (int i = 0; i < 200000; i++) {
    double v;
    switch (i % 4) {
    case 0:
      v = g_rand_double_range(r, -1000, 1000);
      break;
    case 1:
      v = floor(g_rand_double_range(r, 0, 1e6)) / 10000.0;
      break;
    case 2:
      v = ldexp(g_rand_double(r), g_rand_int_range(r, -60, 60));
      break;
    default:
      v = (double)g_rand_int_range(r, -100000, 100000) / 100.0;
      break;
    }
    hg_format_number(v, a);
    reference_format(v, b);
    assert_string_equal(a, b);
  }
  g_rand_free(r);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_tobacco_labels_match_fingertips),
      cmocka_unit_test(test_time_rule),
      cmocka_unit_test(test_format_number_fast_path),
      cmocka_unit_test(test_missing_input_fails_cleanly),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
