/* test_table.c: the in-memory CSV table and strict number parsing. */
#include "hg_test.h"

#include <math.h>
#include <string.h>

static hg_table *mem(const char *text, const hg_table_options *opt, hg_status want) {
  hg_table *t = NULL;
  hg_error err;
  hg_error_clear(&err);
  hg_status st = hg_table_read_mem("mem.csv", text, strlen(text), opt, &t, &err);
  assert_int_equal(st, want);
  return t;
}

static void test_bom_crlf_quotes(void **state) {
  (void)state;
  hg_table *t = mem("\xEF\xBB\xBF\"Area Code\",\"Area Name\",Value\r\n"
                    "E09000001,\"City of London, The\",1.5\r\n"
                    "\r\n"
                    "E09000002,\"Barking \"\"and\"\" Dagenham\",\r\n",
                    NULL, HG_OK);
  assert_int_equal(hg_table_ncols(t), 3);
  assert_int_equal(hg_table_nrows(t), 2);
  assert_string_equal(hg_table_colname(t, 0), "Area Code");
  assert_int_equal(hg_table_col(t, "area name"), 1);
  assert_int_equal(hg_table_col(t, "Nope"), -1);
  assert_string_equal(hg_table_cell(t, 0, 1), "City of London, The");
  assert_string_equal(hg_table_cell(t, 1, 1), "Barking \"and\" Dagenham");
  assert_int_equal(hg_table_line(t, 0), 2);
  assert_int_equal(hg_table_line(t, 1), 4); /* the blank line 3 is skipped */
  double v;
  assert_int_equal(hg_table_number(t, 0, 2, &v, NULL), HG_OK);
  assert_true(v == 1.5);
  assert_int_equal(hg_table_number(t, 1, 2, &v, NULL), HG_OK);
  assert_true(isnan(v));
  hg_table_free(t);
}

static void test_quoted_newline_line_numbers(void **state) {
  (void)state;
  hg_table *t = mem("a,b\n1,\"two\nlines\"\n3,x\n", NULL, HG_OK);
  assert_int_equal(hg_table_nrows(t), 2);
  assert_string_equal(hg_table_cell(t, 0, 1), "two\nlines");
  assert_int_equal(hg_table_line(t, 1), 4);
  hg_table_free(t);
}

static void test_not_a_number_message(void **state) {
  (void)state;
  hg_table *t = mem("Area,Value\nX,abc\n", NULL, HG_OK);
  hg_error err;
  double v;
  assert_int_equal(hg_table_number(t, 0, 1, &v, &err), HG_ERR_PARSE);
  char buf[1400];
  assert_string_equal(hg_error_format(&err, buf, sizeof buf),
                      "mem.csv:2: column 'Value': not a number: 'abc'");
  hg_table_free(t);
}

static void test_ragged_strict(void **state) {
  (void)state;
  hg_table_options o = {.strict_width = 1};
  hg_table *t = mem("a,b\n1,2\n3\n", &o, HG_ERR_FORMAT);
  assert_null(t);
  t = mem("a,b\n1,2\n3\n", NULL, HG_OK);
  assert_string_equal(hg_table_cell(t, 1, 1), "");
  assert_int_equal(hg_table_width(t, 1), 1);
  hg_table_free(t);
}

static void test_empty_and_skip(void **state) {
  (void)state;
  assert_null(mem("", NULL, HG_ERR_EMPTY));
  hg_table_options o = {.skip_lines = 2};
  hg_table *t = mem("title\nsubtitle\nx,y\n1,2", &o, HG_OK);
  assert_string_equal(hg_table_colname(t, 0), "x");
  assert_string_equal(hg_table_cell(t, 0, 1), "2");
  hg_table_free(t);
  hg_table_options nh = {.no_header = 1};
  t = mem("1,2\n3,4\n", &nh, HG_OK);
  assert_int_equal(hg_table_nrows(t), 2);
  assert_string_equal(hg_table_colname(t, 1), "2");
  hg_table_free(t);
}

static void test_parse_number(void **state) {
  (void)state;
  double v;
  assert_int_equal(hg_parse_number(" 12.948 ", 8, &v), HG_NUM_OK);
  assert_true(v == 12.948);
  assert_int_equal(hg_parse_number("-1e-3", 5, &v), HG_NUM_OK);
  assert_int_equal(hg_parse_number("", 0, &v), HG_NUM_MISSING);
  assert_true(isnan(v));
  const char *bad[] = {"NA", "inf", "nan", "0x10", "1,296", "1.2.3", "--1", "e5", "12abc"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    assert_int_equal(hg_parse_number(bad[i], strlen(bad[i]), &v), HG_NUM_INVALID);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_bom_crlf_quotes),
      cmocka_unit_test(test_quoted_newline_line_numbers),
      cmocka_unit_test(test_not_a_number_message),
      cmocka_unit_test(test_ragged_strict),
      cmocka_unit_test(test_empty_and_skip),
      cmocka_unit_test(test_parse_number),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
