/* test_ingest_mapped.c: the mapped input layout (healthgap/mapped.h) over real
 * file shapes: Nomis metadata lines, ONS wide single-year ages with a footnote,
 * a three-row header, NA and thousands separators.  Expected values are the
 * cells as published in tests/data/run (see its PROVENANCE.md). */
#include "hg_test.h"

#include <glib.h>
#include <string.h>

typedef struct {
  GPtrArray *rows; /* char** per row (g_strdupv) */
  GArray *lines;
  size_t nfields;
} collect;

static hg_status on_row(void *data, const char *const *values, const char *raw, long line,
                        hg_error *err) {
  (void)err;
  assert_non_null(raw);
  collect *c = data;
  char **copy = g_new0(char *, c->nfields + 1);
  for (size_t i = 0; i < c->nfields; i++)
    copy[i] = g_strdup(values[i]);
  g_ptr_array_add(c->rows, copy);
  g_array_append_val(c->lines, line);
  return HG_OK;
}

static collect *collect_new(size_t nfields) {
  collect *c = g_new0(collect, 1);
  c->rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_strfreev);
  c->lines = g_array_new(FALSE, FALSE, sizeof(long));
  c->nfields = nfields;
  return c;
}

static void collect_free(collect *c) {
  g_ptr_array_free(c->rows, TRUE);
  g_array_free(c->lines, TRUE);
  g_free(c);
}

static const char *cell(const collect *c, size_t row, size_t field) {
  return ((char **)c->rows->pdata[row])[field];
}

static void test_wide_ages_pivot_and_footnote(void **state) {
  (void)state;
  static const char *const fields[] = {"area_code", "sex", "age", "population"};
  hg_mapped_spec spec = {0};
  hg_mapped_pair cols[] = {{"area_code", "Code"}, {"sex", "Sex"}};
  spec.columns = cols;
  spec.ncolumns = 2;
  spec.pivot_from = "0";
  spec.pivot_to = "5";
  spec.pivot_key = "age";
  spec.pivot_value = "population";
  hg_mapped_pair filter[] = {{"area_code", "E09*"}};
  spec.filters = filter;
  spec.nfilters = 1;
  collect *c = collect_new(4);
  hg_mapped_stats stats;
  hg_error err;
  assert_int_equal(
      hg_mapped_read("tests/data/run/mye2_head.csv", &spec, fields, 4, on_row, c, &stats, &err),
      HG_OK);
  /* 3 boroughs x ages 0-5; the footnote (two non-empty cells) is filtered out. */
  assert_int_equal(c->rows->len, 18);
  assert_string_equal(cell(c, 0, 0), "E09000007");
  assert_string_equal(cell(c, 0, 2), "0");
  assert_string_equal(cell(c, 0, 3), "2561");
  assert_string_equal(cell(c, 11, 0), "E09000001");
  assert_string_equal(cell(c, 11, 2), "5");
  assert_string_equal(cell(c, 11, 3), "114");
  assert_int_equal(g_array_index(c->lines, long, 12), 4);
  assert_int_equal(stats.rows_skipped, 1);
  collect_free(c);
}

static void test_nomis_metadata_lines(void **state) {
  (void)state;
  static const char *const fields[] = {"area_code", "category", "population"};
  hg_mapped_spec spec = {0};
  hg_mapped_pair cols[] = {{"area_code", "mnemonic"}};
  spec.columns = cols;
  spec.ncolumns = 1;
  spec.skip_rows = 6;
  spec.pivot_from = "Asian, Asian British or Asian Welsh";
  spec.pivot_to = "Other ethnic group";
  spec.pivot_key = "category";
  spec.pivot_value = "population";
  collect *c = collect_new(3);
  hg_error err;
  hg_status st =
      hg_mapped_read("tests/data/run/nomis_head.csv", &spec, fields, 3, on_row, c, NULL, &err);
  assert_int_equal(st, HG_OK);
  /* 3 LSOAs x 5 groups; the disclosure note lines at the end are skipped. */
  assert_int_equal(c->rows->len, 15);
  assert_string_equal(cell(c, 3, 0), "E01011954");
  assert_string_equal(cell(c, 3, 1), "White");
  assert_string_equal(cell(c, 3, 2), "2248");
  collect_free(c);
}

static void test_three_header_rows_na_thousands(void **state) {
  (void)state;
  static const char *const text = "\xEF\xBB\xBF,,Life Expectancy,,Population\n"
                                  ",,Males,Females,\n"
                                  "MSOA Code,MSOA Name,,,2012\n"
                                  "E02000001,City of London 001,83.6,NA,\"7,375\"\n"
                                  ",MSOA average for London,,,\n";
  static const char *const fields[] = {"area_code", "male", "female", "pop"};
  hg_mapped_spec spec = {0};
  hg_mapped_pair cols[] = {{"area_code", "MSOA Code"},
                           {"male", "Life Expectancy | Males"},
                           {"female", "Life Expectancy | Females"},
                           {"pop", "Population | 2012"}};
  spec.columns = cols;
  spec.ncolumns = 4;
  spec.header_rows = 3;
  char *na[] = {"NA", NULL};
  spec.na = na;
  spec.thousands = ',';
  collect *c = collect_new(4);
  hg_error err;
  assert_int_equal(
      hg_mapped_read_mem("atlas.csv", text, strlen(text), &spec, fields, 4, on_row, c, NULL, &err),
      HG_OK);
  assert_int_equal(c->rows->len, 1);
  assert_string_equal(cell(c, 0, 1), "83.6");
  assert_string_equal(cell(c, 0, 2), "");
  assert_string_equal(cell(c, 0, 3), "7375");
  collect_free(c);
}

static void test_missing_column_is_named(void **state) {
  (void)state;
  static const char *const text = "a,b\n1,2\n";
  static const char *const fields[] = {"area_code"};
  hg_mapped_spec spec = {0};
  hg_mapped_pair cols[] = {{"area_code", "Area Code"}};
  spec.columns = cols;
  spec.ncolumns = 1;
  collect *c = collect_new(1);
  hg_error err;
  assert_int_equal(
      hg_mapped_read_mem("x.csv", text, strlen(text), &spec, fields, 1, on_row, c, NULL, &err),
      HG_ERR_FORMAT);
  char buf[1400];
  hg_error_format(&err, buf, sizeof buf);
  assert_non_null(strstr(buf, "x.csv:1: column 'Area Code'"));
  /* A field the caller does not know is a config error. */
  hg_mapped_pair bad[] = {{"area_cod", "a"}};
  spec.columns = bad;
  assert_int_equal(
      hg_mapped_read_mem("x.csv", text, strlen(text), &spec, fields, 1, on_row, c, NULL, &err),
      HG_ERR_CONFIG);
  collect_free(c);
}

static void test_normalise(void **state) {
  (void)state;
  char *na[] = {"NA", "..", NULL};
  char a[] = " 12,345.5 ", b[] = "1,5", c[] = "..", d[] = "-1,000,000";
  assert_string_equal(hg_mapped_normalise(a, na, ','), "12345.5");
  assert_string_equal(hg_mapped_normalise(b, na, ','), "1,5");
  assert_string_equal(hg_mapped_normalise(c, na, ','), "");
  assert_string_equal(hg_mapped_normalise(d, na, ','), "-1000000");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_wide_ages_pivot_and_footnote),
      cmocka_unit_test(test_nomis_metadata_lines),
      cmocka_unit_test(test_three_header_rows_na_thousands),
      cmocka_unit_test(test_missing_column_is_named),
      cmocka_unit_test(test_normalise),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
