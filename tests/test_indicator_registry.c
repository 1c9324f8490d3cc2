/* test_indicator_registry.c: built-in metadata, CSV overrides, and the tobacco
 * profile's published comparisons reproduced from the registry's polarity. */
#include "hg_test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DATA "tests/data/benchmark/"

/* Must show: every `Compared to England` and `Compared to parent` cell of the
 * raw Fingertips tobacco export (245 rows) from value, limits and the
 * registry's polarity and comparator.  Columns by position (docs/ingest.md). */
static void test_tobacco_profile_comparisons(void **state) {
  (void)state;
  hg_indicator_registry *reg = hg_indicator_registry_new();
  assert_non_null(reg);
  hg_table *t = hg_test_table(DATA "fingertips_tobacco_profile_london_2019.csv");
  assert_int_equal(hg_table_nrows(t), 245);
  size_t n = hg_table_nrows(t);
  int checked = 0, self = 0;
  for (size_t r = 0; r < n; r++) {
    const char *ind = hg_table_cell(t, r, 0), *parent = hg_table_cell(t, r, 2),
               *area = hg_table_cell(t, r, 4);
    const hg_indicator_meta *m = hg_indicator_registry_find(reg, ind);
    assert_non_null(m);
    const char *refs[2] = {"E92000001", parent};
    const char *want[2] = {hg_table_cell(t, r, 21), hg_table_cell(t, r, 22)};
    for (int k = 0; k < 2; k++) {
      const char *got = "";
      /* An area is not compared with itself, and a row without a parent has
       * no parent comparison: Fingertips leaves both cells empty. */
      if (refs[k][0] != '\0' && strcmp(refs[k], area) != 0) {
        double refv = NAN;
        for (size_t q = 0; q < n; q++)
          if (strcmp(hg_table_cell(t, q, 0), ind) == 0 &&
              strcmp(hg_table_cell(t, q, 4), refs[k]) == 0)
            assert_int_equal(hg_table_number(t, q, 12, &refv, NULL), HG_OK);
        hg_benchmark_input in = {
            .area_code = area, .reference_code = refs[k], .reference_value = refv};
        assert_int_equal(hg_table_number(t, r, 12, &in.value, NULL), HG_OK);
        assert_int_equal(hg_table_number(t, r, 13, &in.lower95, NULL), HG_OK);
        assert_int_equal(hg_table_number(t, r, 14, &in.upper95, NULL), HG_OK);
        assert_int_equal(hg_table_number(t, r, 15, &in.lower998, NULL), HG_OK);
        assert_int_equal(hg_table_number(t, r, 16, &in.upper998, NULL), HG_OK);
        got =
            hg_benchmark_label(hg_benchmark_compare(&in, m->comparator, m->polarity), m->polarity);
      } else {
        self++;
      }
      if (strcmp(got, want[k]) != 0) {
        print_error("line %ld %s %s col %d: got '%s', want '%s'\n", hg_table_line(t, r), ind, area,
                    21 + k, got, want[k]);
        fail();
      }
      checked++;
    }
  }
  assert_int_equal(checked, 490);
  assert_int_equal(self, 7 + 14); /* England x2 and London's parent cell, per indicator */
  hg_table_free(t);
  hg_indicator_registry_free(reg);
}

static void test_builtins(void **state) {
  (void)state;
  hg_indicator_registry *reg = hg_indicator_registry_new();
  assert_non_null(reg);
  const hg_indicator_meta *m = hg_indicator_registry_find(reg, "92443");
  assert_non_null(m);
  assert_int_equal(m->polarity, HG_POLARITY_LOW_IS_GOOD);
  assert_int_equal(hg_indicator_registry_find(reg, "92538")->polarity, HG_POLARITY_HIGH_IS_GOOD);
  assert_int_equal(hg_indicator_registry_find(reg, "92534")->polarity, HG_POLARITY_NOT_APPLICABLE);
  /* targets.csv keys find the hg. entries */
  m = hg_indicator_registry_find(reg, "pm25_annual_mean");
  assert_non_null(m);
  assert_string_equal(m->indicator_id, "hg.pm25_annual_mean");
  assert_null(hg_indicator_registry_find(reg, "nope"));
  /* sorted: numeric ids first in numeric order */
  assert_string_equal(hg_indicator_registry_at(reg, 0)->indicator_id, "108");
  /* fixtures/indicators.csv is the built-in table, byte for byte */
  char *buf = NULL;
  size_t len = 0;
  FILE *fp = open_memstream(&buf, &len);
  assert_non_null(fp);
  assert_int_equal(hg_indicator_registry_write_csv(reg, fp), HG_OK);
  fclose(fp);
  FILE *fx = fopen("fixtures/indicators.csv", "rb");
  assert_non_null(fx);
  char *fbuf = malloc(len + 2);
  size_t flen = fread(fbuf, 1, len + 1, fx);
  fclose(fx);
  assert_int_equal(flen, len);
  assert_memory_equal(fbuf, buf, len);
  free(fbuf);
  free(buf);
  hg_indicator_registry_free(reg);
}

static char *write_tmp(const char *text) {
  char *path = strdup("/tmp/hg_registry_XXXXXX");
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  FILE *fp = fdopen(fd, "w");
  fputs(text, fp);
  fclose(fp);
  return path;
}

/* The Core20PLUS5 clinical measures (issue 15): percentages, high is good,
 * compared by their 95% limits, each defined with its numerator and
 * denominator for the methods pages; the targets of his_targets.csv use
 * their ids without the hg. prefix. */
static void test_core20plus5_measures(void **state) {
  (void)state;
  hg_indicator_registry *reg = hg_indicator_registry_new();
  assert_non_null(reg);
  static const char *const ids[] = {"hg.hypertension_diagnosed",
                                    "hg.hypertension_treated_to_target", "hg.cancer_early_stage"};
  for (size_t k = 0; k < 3; k++) {
    const hg_indicator_meta *m = hg_indicator_registry_find(reg, ids[k]);
    assert_non_null(m);
    assert_string_equal(m->unit, "%");
    assert_int_equal(m->value_type, HG_VT_PROPORTION);
    assert_true(m->multiplier == 100);
    assert_int_equal(m->polarity, HG_POLARITY_HIGH_IS_GOOD);
    assert_int_equal(m->comparator, HG_COMPARATOR_CI95);
    assert_true(strlen(m->definition) > 40);
    assert_true(*m->numerator && *m->denominator);
  }
  hg_indicator_registry_free(reg);
}

static void test_override_csv(void **state) {
  (void)state;
  hg_indicator_registry *reg = hg_indicator_registry_new();
  size_t n0 = hg_indicator_registry_size(reg);
  char *p = write_tmp("indicator_id,polarity,comparator,name\n"
                      "92443,,ci998,\n"
                      "hg.new,RAG - High is good,quintiles,A new one\n");
  hg_error err;
  assert_int_equal(hg_indicator_registry_load_csv(reg, p, &err), HG_OK);
  const hg_indicator_meta *m = hg_indicator_registry_find(reg, "92443");
  assert_int_equal(m->comparator, HG_COMPARATOR_CI998);
  assert_int_equal(m->polarity, HG_POLARITY_LOW_IS_GOOD); /* empty cell keeps the default */
  assert_int_equal(hg_indicator_registry_size(reg), n0 + 1);
  assert_string_equal(hg_indicator_registry_find(reg, "hg.new")->name, "A new one");
  remove(p);
  free(p);
  p = write_tmp("indicator_id,polarity\n108,RAG - High is good\n92443,sideways\n");
  assert_int_equal(hg_indicator_registry_load_csv(reg, p, &err), HG_ERR_INVALID);
  assert_int_equal(err.line, 3);
  assert_string_equal(err.column, "polarity");
  /* unchanged on error: the first row was not applied */
  assert_int_equal(hg_indicator_registry_find(reg, "108")->polarity, HG_POLARITY_LOW_IS_GOOD);
  remove(p);
  free(p);
  p = write_tmp("id,polarity\n1,low\n");
  assert_int_equal(hg_indicator_registry_load_csv(reg, p, &err), HG_ERR_FORMAT);
  remove(p);
  free(p);
  hg_indicator_registry_free(reg);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_tobacco_profile_comparisons),
      cmocka_unit_test(test_builtins),
      cmocka_unit_test(test_core20plus5_measures),
      cmocka_unit_test(test_override_csv),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
