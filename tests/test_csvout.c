/* test_csvout.c: CSV quoting and plain-notation numbers. */
#include "hg_test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void num(double v, const char *want) {
  char buf[HG_NUMBER_BUFSIZE];
  hg_format_number(v, buf);
  if (strcmp(buf, want) != 0) {
    print_error("%.17g formatted as '%s', want '%s'\n", v, buf, want);
    fail();
  }
  if (buf[0])
    assert_true(strtod(buf, NULL) == v || (v == 0 && strtod(buf, NULL) == 0));
}

static void test_numbers(void **state) {
  (void)state;
  num(12.948, "12.948");
  num(0.1, "0.1");
  num(1e-7, "0.0000001");
  num(-2.5e-10, "-0.00000000025");
  num(1e21, "1000000000000000000000");
  num(123456789.125, "123456789.125");
  num(6.93158962798202, "6.93158962798202");
  num(1.0 / 3.0, "0.3333333333333333");
  num(100, "100");
  num(-0.0, "0");
  num(NAN, "");
  num(INFINITY, "");
}

static void test_quoting(void **state) {
  (void)state;
  char *mem = NULL;
  size_t len = 0;
  FILE *fp = open_memstream(&mem, &len);
  hg_csv_writer *w = hg_csv_writer_new(fp, 1);
  const char *row[] = {"plain", "a,b", "say \"hi\"", "two\nlines", NULL, ""};
  hg_csv_row(w, row, 6);
  hg_csv_number(w, 0.5);
  hg_csv_number(w, NAN);
  hg_csv_end_row(w);
  assert_int_equal(hg_csv_writer_finish(w), HG_OK);
  fclose(fp);
  assert_string_equal(mem,
                      "\xEF\xBB\xBFplain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",,\r\n0.5,\r\n");
  free(mem);
}

/* OWASP's CSV-injection rule: texts that a spreadsheet would run get a
 * leading apostrophe; plain numbers, even negative ones, do not; raw turns it off. */
static void test_formula_guard(void **state) {
  (void)state;
  char *mem = NULL;
  size_t len = 0;
  FILE *fp = open_memstream(&mem, &len);
  hg_csv_writer *w = hg_csv_writer_new(fp, 0);
  hg_csv_text(w, "=HYPERLINK(\"http://x\",\"y\")");
  hg_csv_text(w, "+A1");
  hg_csv_text(w, "-21.3");
  hg_csv_text(w, "@SUM(A1)");
  hg_csv_text(w, "\tcmd");
  hg_csv_text(w, "Camden");
  hg_csv_number(w, -4.5);
  hg_csv_text(w, "-");
  hg_csv_end_row(w);
  hg_csv_writer_set_raw(w, 1);
  hg_csv_text(w, "=1+1");
  hg_csv_end_row(w);
  assert_int_equal(hg_csv_writer_finish(w), HG_OK);
  fclose(fp);
  assert_string_equal(mem,
                      "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",'+A1,-21.3,'@SUM(A1),'\tcmd,"
                      "Camden,-4.5,'-\r\n=1+1\r\n");
  free(mem);
  assert_true(hg_csv_formula_risk("=A1"));
  assert_false(hg_csv_formula_risk("-0.5"));
  assert_false(hg_csv_formula_risk(""));
  assert_false(hg_csv_formula_risk(NULL));
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_numbers), cmocka_unit_test(test_quoting),
                                     cmocka_unit_test(test_formula_guard)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
