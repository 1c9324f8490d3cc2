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
  assert_int_equal(hg_mapped_read("tests/data/run/mye2_head.csv", &spec, fields, 4, on_row, NULL, c,
                                  &stats, &err),
                   HG_OK);
  /* 3 boroughs x ages 0-5; the footnote (two non-empty cells) is filtered out,
   * one count per pivoted value. */
  assert_int_equal(c->rows->len, 18);
  assert_string_equal(cell(c, 0, 0), "E09000007");
  assert_string_equal(cell(c, 0, 2), "0");
  assert_string_equal(cell(c, 0, 3), "2561");
  assert_string_equal(cell(c, 11, 0), "E09000001");
  assert_string_equal(cell(c, 11, 2), "5");
  assert_string_equal(cell(c, 11, 3), "114");
  assert_int_equal(g_array_index(c->lines, long, 12), 4);
  assert_int_equal(stats.rows_read, 4);
  assert_int_equal(stats.rows_emitted, 18);
  assert_int_equal(stats.rows_filtered, 6);
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
  hg_status st = hg_mapped_read("tests/data/run/nomis_head.csv", &spec, fields, 3, on_row, NULL, c,
                                NULL, &err);
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
  assert_int_equal(hg_mapped_read_mem("atlas.csv", text, strlen(text), &spec, fields, 4, on_row,
                                      NULL, c, NULL, &err),
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
  assert_int_equal(hg_mapped_read_mem("x.csv", text, strlen(text), &spec, fields, 1, on_row, NULL,
                                      c, NULL, &err),
                   HG_ERR_FORMAT);
  char buf[1400];
  hg_error_format(&err, buf, sizeof buf);
  assert_non_null(strstr(buf, "x.csv:1: column 'Area Code'"));
  /* A field the caller does not know is a config error. */
  hg_mapped_pair bad[] = {{"area_cod", "a"}};
  spec.columns = bad;
  assert_int_equal(hg_mapped_read_mem("x.csv", text, strlen(text), &spec, fields, 1, on_row, NULL,
                                      c, NULL, &err),
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

typedef struct {
  collect *c;
  GPtrArray *rejects; /* "line:column:reason:raw" */
} collect_rj;

static hg_status on_row_rj(void *data, const char *const *values, const char *raw, long line,
                           hg_error *err) {
  return on_row(((collect_rj *)data)->c, values, raw, line, err);
}

static int on_reject_rj(const hg_reject *rj, void *data) {
  collect_rj *d = data;
  g_ptr_array_add(d->rejects, g_strdup_printf("%s:%ld:%s:%s:%s", rj->file, rj->line, rj->column,
                                              hg_reject_reason_name(rj->reason), rj->raw));
  return 0;
}

/* Issue 18: line 3 opens a quote it never closes.  The row is rejected with
 * its file, line and column, and the 200 rows below it are still read. */
static void test_unclosed_quote_is_one_reject(void **state) {
  (void)state;
  GString *s = g_string_new("Area Code,Area Name,Value\nE09000001,City,5\nE09000002,\"oops,6\n");
  for (int i = 0; i < 200; i++)
    g_string_append_printf(s, "E0%07d,Name %d,%d\n", i, i, i);
  static const char *const fields[] = {"area_code", "area_name", "value"};
  hg_mapped_spec spec = {0};
  hg_mapped_pair cols[] = {
      {"area_code", "Area Code"}, {"area_name", "Area Name"}, {"value", "Value"}};
  spec.columns = cols;
  spec.ncolumns = 3;
  collect_rj d = {collect_new(3), g_ptr_array_new_with_free_func(g_free)};
  hg_mapped_stats stats;
  hg_error err;
  assert_int_equal(hg_mapped_read_mem("m.csv", s->str, s->len, &spec, fields, 3, on_row_rj,
                                      on_reject_rj, &d, &stats, &err),
                   HG_OK);
  assert_int_equal(d.c->rows->len, 201);
  assert_string_equal(cell(d.c, 1, 0), "E00000000");
  assert_string_equal(cell(d.c, 1, 1), "Name 0");
  assert_int_equal(g_array_index(d.c->lines, long, 1), 4);
  assert_int_equal(d.rejects->len, 1);
  assert_string_equal(d.rejects->pdata[0], "m.csv:3:Area Name:unclosed_quote:E09000002,\"oops,6");
  assert_int_equal(stats.rows_bad, 1);
  assert_int_equal(stats.rows_read, 201);
  /* Without a reject handler the file fails, naming the line. */
  assert_int_equal(hg_mapped_read_mem("m.csv", s->str, s->len, &spec, fields, 3, on_row_rj, NULL,
                                      &d, NULL, &err),
                   HG_ERR_PARSE);
  assert_int_equal(err.line, 3);
  collect_free(d.c);
  g_ptr_array_free(d.rejects, TRUE);
  g_string_free(s, TRUE);
}

/* Issue 18: a value without its area code (`,6`) is a data row for the caller
 * to reject, not a note; a footnote and the filtered rows are counted. */
static void test_every_row_counted(void **state) {
  (void)state;
  static const char *const text = "Code,Value\n"
                                  "E09000001,5\n"
                                  ",6\n"
                                  "\n"
                                  "W06000001,7\n"
                                  "E09000002,\"Cam\"den\n"
                                  "Source: ONS,\n";
  static const char *const fields[] = {"area_code", "value"};
  hg_mapped_spec spec = {0};
  hg_mapped_pair cols[] = {{"area_code", "Code"}, {"value", "Value"}};
  spec.columns = cols;
  spec.ncolumns = 2;
  hg_mapped_pair filter[] = {{"area_code", "E*;"}};
  spec.filters = filter;
  spec.nfilters = 1;
  collect_rj d = {collect_new(2), g_ptr_array_new_with_free_func(g_free)};
  hg_mapped_stats stats;
  hg_error err;
  assert_int_equal(hg_mapped_read_mem("c.csv", text, strlen(text), &spec, fields, 2, on_row_rj,
                                      on_reject_rj, &d, &stats, &err),
                   HG_OK);
  assert_int_equal(d.c->rows->len, 2);
  assert_string_equal(cell(d.c, 1, 0), "");
  assert_string_equal(cell(d.c, 1, 1), "6");
  assert_int_equal(stats.rows_read, 3);
  assert_int_equal(stats.rows_emitted, 2);
  assert_int_equal(stats.rows_filtered, 1);
  assert_int_equal(stats.rows_notes, 1);
  assert_int_equal(stats.rows_bad, 1);
  assert_string_equal(d.rejects->pdata[0], "c.csv:6:Value:stray_quote:E09000002,\"Cam\"den");
  collect_free(d.c);
  g_ptr_array_free(d.rejects, TRUE);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_wide_ages_pivot_and_footnote),
      cmocka_unit_test(test_nomis_metadata_lines),
      cmocka_unit_test(test_three_header_rows_na_thousands),
      cmocka_unit_test(test_missing_column_is_named),
      cmocka_unit_test(test_normalise),
      cmocka_unit_test(test_unclosed_quote_is_one_reject),
      cmocka_unit_test(test_every_row_counted),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
