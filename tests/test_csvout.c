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

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_numbers),
                                     cmocka_unit_test(test_quoting)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
