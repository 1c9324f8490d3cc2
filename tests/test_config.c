/* test_config.c: the pack config (healthgap/config.h): defaults, inputs with
 * mapped layouts, and errors that name the line. */
#include "hg_test.h"

#include <glib.h>
#include <string.h>

static hg_status load(const char *text, hg_config **cfg, hg_error *err) {
  hg_error_clear(err);
  return hg_config_load_mem("pack.conf", "/data", text, strlen(text), cfg, err);
}

static void assert_error(const char *text, hg_status want, const char *expect) {
  hg_config *cfg = NULL;
  hg_error err;
  assert_int_equal(load(text, &cfg, &err), want);
  assert_null(cfg);
  char buf[1400];
  hg_error_format(&err, buf, sizeof buf);
  if (!strstr(buf, expect))
    fail_msg("error '%s' does not contain '%s'", buf, expect);
}

static void test_defaults_and_inputs(void **state) {
  (void)state;
  hg_config *cfg = NULL;
  hg_error err;
  const char *text = "[pack]\n"
                     "output = out\n"
                     "\n"
                     "[input.le]\n"
                     "path = le/*.csv\n"
                     "role = indicators\n"
                     "layout = mapped\n"
                     "skip_rows = 3\n"
                     "na = NA;..\n"
                     "thousands = comma\n"
                     "column.area_code = Area Code\n"
                     "set.indicator_id = hg.msoa_le\n"
                     "pivot.from = 0\n"
                     "pivot.to = 90+\n"
                     "pivot.key = age\n"
                     "pivot.value = population\n"
                     "filter.area_code = E09*;E02*\n"
                     "[input.ft]\n"
                     "path = /abs/tobacco.csv\n"
                     "role = indicators\n"
                     "layout = fingertips\n"
                     "[reference]\n"
                     "ethnicity = White British\n"
                     "[disclosure]\n"
                     "max_count = 9\n";
  assert_int_equal(load(text, &cfg, &err), HG_OK);
  assert_string_equal(cfg->output, "/data/out");
  assert_int_equal(cfg->keep, 7);
  assert_int_equal(cfg->nconfidence, 2);
  assert_true(cfg->confidence[1] == 99.8);
  assert_int_equal(cfg->pack_london, 1);
  assert_int_equal(cfg->site, 0); /* the dashboard is asked for ([pack] site) */
  assert_int_equal(cfg->disclosure, 1);
  assert_true(cfg->suppress_min == 1 && cfg->suppress_max == 9);
  assert_int_equal(cfg->ninputs, 2);
  const hg_config_input *in = &cfg->inputs[0];
  assert_string_equal(in->name, "le");
  assert_string_equal(in->resolved, "/data/le/*.csv");
  assert_int_equal(in->layout, HG_LAYOUT_MAPPED);
  assert_int_equal(in->line, 4);
  assert_int_equal(in->mapped.skip_rows, 3);
  assert_int_equal(in->mapped.thousands, ',');
  assert_string_equal(in->mapped.na[1], "..");
  assert_int_equal(in->mapped.ncolumns, 1);
  assert_string_equal(in->mapped.columns[0].field, "area_code");
  assert_string_equal(in->mapped.columns[0].text, "Area Code");
  assert_string_equal(in->mapped.constants[0].text, "hg.msoa_le");
  assert_string_equal(in->mapped.pivot_to, "90+");
  assert_int_equal(in->mapped.nfilters, 1);
  assert_string_equal(in->mapped.filters[0].field, "area_code");
  assert_string_equal(in->mapped.filters[0].text, "E09*;E02*");
  assert_string_equal(cfg->inputs[1].resolved, "/abs/tobacco.csv");
  assert_int_equal(cfg->inputs[1].layout, HG_LAYOUT_FINGERTIPS);
  assert_string_equal(hg_config_reference(cfg, "ethnicity"), "White British");
  assert_null(hg_config_reference(cfg, "sex"));
  assert_int_equal(strlen(cfg->sha256), 64);
  hg_config_free(cfg);
}

static void test_unknown_key_names_line(void **state) {
  (void)state;
  assert_error("[pack]\noutput = out\n\n# comment\ncolour = red\n", HG_ERR_CONFIG,
               "pack.conf:5: [pack] colour: unknown key");
  assert_error("[pack]\noutput = out\n[input.a]\npath = a.csv\nrole = indicators\n"
               "layout = mapped\ncolum.area_code = X\n",
               HG_ERR_CONFIG, "pack.conf:7: [input.a] colum.area_code: unknown key");
  assert_error("[pack]\noutput = out\n\n[output]\nx = 1\n", HG_ERR_CONFIG,
               "pack.conf:4: unknown section [output]");
}

static void test_bad_values(void **state) {
  (void)state;
  assert_error("[pack]\noutput = out\nkeep = 0\n", HG_ERR_CONFIG, "pack.conf:3: [pack] keep");
  assert_error("[pack]\noutput = out\nconfidence = 90\n", HG_ERR_CONFIG,
               "pack.conf:3: [pack] confidence");
  assert_error("[pack]\noutput = out\n[input.a]\npath = a.csv\nrole = numbers\n", HG_ERR_CONFIG,
               "pack.conf:5: [input.a] role: unknown role 'numbers'");
  assert_error("[pack]\noutput = out\n[input.a]\npath = a.csv\nrole = counts\nskip_rows = 2\n",
               HG_ERR_CONFIG, "pack.conf:6: [input.a] skip_rows: only for layout = mapped");
  assert_error("[pack]\ntitle = x\n", HG_ERR_CONFIG, "[pack] output: missing");
  assert_error("[input.a]\npath = a\nrole = counts\n", HG_ERR_CONFIG, "no [pack] section");
  assert_error("[pack\noutput = out\n", HG_ERR_CONFIG, "pack.conf");
  assert_error("[pack]\noutput = out\n[packs]\nicb = E09000001\n", HG_ERR_CONFIG,
               "pack.conf:4: [packs] icb: not an ICB code");
  assert_error("[pack]\noutput = out\nsite = maybe\n", HG_ERR_CONFIG, "pack.conf:3: [pack] site");
  hg_config *cfg = NULL;
  hg_error err;
  assert_int_equal(load("[pack]\noutput = out\nsite = true\n", &cfg, &err), HG_OK);
  assert_int_equal(cfg->site, 1);
  hg_config_free(cfg);
}

/* meaning_sha256 of text (g_free). */
static char *meaning(const char *text) {
  hg_config *cfg = NULL;
  hg_error err;
  assert_int_equal(load(text, &cfg, &err), HG_OK);
  char *m = g_strdup(cfg->meaning_sha256);
  hg_config_free(cfg);
  return m;
}

/* The run id's config part: comments, spacing, the output folder, keep and
 * jobs change no output byte, so they do not change it; a setting does. */
static void test_meaning(void **state) {
  (void)state;
  const char *base = "[pack]\ntitle = T\noutput = out\nseed = 1\n"
                     "[input.a]\npath = a.csv\nrole = indicators\n";
  char *m = meaning(base);
  assert_int_equal(strlen(m), 64);
  static const char *const same[] = {
      "# a comment\n[pack]\ntitle = T\noutput = elsewhere\nseed = 1\n"
      "[input.a]\n# why\npath = a.csv\nrole = indicators\n",
      "[pack]\ntitle=T\noutput = out\nseed   = 1\nkeep = 3\njobs = 2\n\n"
      "[input.a]\npath = a.csv\nrole = indicators\n"};
  for (size_t i = 0; i < G_N_ELEMENTS(same); i++) {
    char *o = meaning(same[i]);
    assert_string_equal(o, m);
    g_free(o);
  }
  static const char *const other[] = {
      "[pack]\ntitle = T\noutput = out\nseed = 2\n[input.a]\npath = a.csv\nrole = indicators\n",
      "[pack]\ntitle = U\noutput = out\nseed = 1\n[input.a]\npath = a.csv\nrole = indicators\n",
      "[pack]\ntitle = T\noutput = out\nseed = 1\n[input.a]\npath = b.csv\nrole = indicators\n",
      "[pack]\ntitle = T\noutput = out\nseed = 1\n[input.b]\npath = a.csv\nrole = indicators\n"};
  for (size_t i = 0; i < G_N_ELEMENTS(other); i++) {
    char *o = meaning(other[i]);
    assert_string_not_equal(o, m);
    g_free(o);
  }
  g_free(m);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_defaults_and_inputs),
      cmocka_unit_test(test_unknown_key_names_line),
      cmocka_unit_test(test_bad_values),
      cmocka_unit_test(test_meaning),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
