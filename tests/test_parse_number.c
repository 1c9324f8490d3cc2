/* test_parse_number.c: hg_parse_number's fast path (Clinger's, floor/status.c)
 * gives strtod's double bit for bit, and refuses what it refused before.
 *
 * The reference is glibc's strtod (correctly rounded), on plain decimals of
 * every length around the fast path's limits (19 digits, 2^53, 22 places),
 * signs, leading zeros and points at either end; and on the texts that
 * hg_format_number writes, which must read back as the value written. */
#include "hg_test.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long failures;

static void check_text(const char *s) {
  double got, want = strtod(s, NULL);
  hg_num k = hg_parse_number(s, strlen(s), &got);
  if ((k != HG_NUM_OK || memcmp(&got, &want, sizeof got) != 0) && failures++ < 10)
    print_error("'%s': got %a (status %d), strtod %a\n", s, got, (int)k, want);
}

static uint64_t rng = 0x243F6A8885A308D3u;
static uint64_t next64(void) {
  uint64_t z = (rng += 0x9E3779B97F4A7C15u);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
  return z ^ (z >> 31);
}

/* A plain decimal of 1 to 21 digits, the point anywhere (or none), a sign
 * sometimes, leading zeros sometimes. */
static void random_decimal(char *s) {
  int n = 1 + (int)(next64() % 21);
  int point = (int)(next64() % (uint64_t)(n + 2)) - 1; /* -1: none */
  char *p = s;
  uint64_t r = next64();
  if (r % 5 == 0)
    *p++ = '-';
  else if (r % 17 == 0)
    *p++ = '+';
  for (int i = 0; i < n; i++) {
    if (i == point)
      *p++ = '.';
    int lead_zero = i == 0 && next64() % 4 == 0;
    *p++ = (char)('0' + (lead_zero ? 0 : next64() % 10));
  }
  if (point == n)
    *p++ = '.';
  *p = '\0';
}

static void test_matches_strtod(void **state) {
  (void)state;
  failures = 0;
  static const char *const fixed[] = {"0",
                                      "-0",
                                      "+0",
                                      "0.0",
                                      "-0.0",
                                      ".5",
                                      "-.5",
                                      "5.",
                                      "9007199254740992",
                                      "9007199254740993",
                                      "9007199254740991",
                                      "18014398509481985",
                                      "1234567890123456789",
                                      "12345678901234567890",
                                      "0.1",
                                      "0.3",
                                      "75.656971",
                                      "0.0000000000000000000001",
                                      "0.00000000000000000000001",
                                      "1.7976931348623157",
                                      "4503599627370496.5",
                                      "4503599627370497.5",
                                      "1e5",
                                      "2.5E-3",
                                      " 42 ",
                                      "\t-7.25"};
  for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
    check_text(fixed[i]);
  char s[64];
  for (int i = 0; i < 1000000; i++) {
    random_decimal(s);
    check_text(s);
  }
  assert_int_equal(failures, 0);
}

static void test_refuses_as_before(void **state) {
  (void)state;
  static const char *const bad[] = {"+",   "-",   ".",    "1.2.3", "+-5", "--5", "5-",   "1,2",
                                    "inf", "nan", "0x10", "1e",    "NA",  "1 2", "1e999"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    double v = 0;
    assert_int_equal(hg_parse_number(bad[i], strlen(bad[i]), &v), HG_NUM_INVALID);
    assert_true(isnan(v));
  }
  double v = 0;
  assert_int_equal(hg_parse_number("  ", 2, &v), HG_NUM_MISSING);
  assert_true(isnan(v));
}

/* What hg_format_number writes reads back as the value written. */
static void test_reads_back_formatted(void **state) {
  (void)state;
  failures = 0;
  char buf[HG_NUMBER_BUFSIZE];
  for (int i = 0; i < 300000; i++) {
    double v;
    if (i % 2) {
      uint64_t bits = next64();
      memcpy(&v, &bits, sizeof v);
      if (!isfinite(v) || fabs(v) > 1e250 || (fabs(v) < 1e-250 && v != 0))
        continue; /* 64 characters at most (hg_parse_number's limit) */
    } else {
      v = (double)(next64() >> 11) / 9007199254740992.0 * pow(10, (double)(next64() % 12));
    }
    hg_format_number(v, buf);
    double back;
    size_t len = strlen(buf);
    if (len > 64)
      continue;
    if ((hg_parse_number(buf, len, &back) != HG_NUM_OK || back != v) && failures++ < 10)
      print_error("%a written '%s' read back %a\n", v, buf, back);
  }
  assert_int_equal(failures, 0);
}

/* hg_parse_cell_len over a cell's bytes as they lie in a file (followed by
 * other bytes, no NUL) reads what hg_parse_cell reads of the same text ended
 * with a NUL: status and value to the bit.  A NUL among the bytes ends the
 * cell, as it ends a table's. */
static void test_cell_len_as_cell(void **state) {
  (void)state;
  static const char *const texts[] = {"",
                                      "NA",
                                      "0",
                                      "7",
                                      "123",
                                      "123456789012345",
                                      "1234567890123456",
                                      "12345678901234567890",
                                      " 12 ",
                                      "\t3",
                                      "1.5",
                                      "-3",
                                      "+4",
                                      "0.1",
                                      "1e5",
                                      "NAN",
                                      "na",
                                      "N",
                                      "NA ",
                                      "abc",
                                      "1,296",
                                      "inf",
                                      ".",
                                      "-",
                                      "2014.0",
                                      "9007199254740993"};
  for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
    size_t len = strlen(texts[i]);
    char in_file[64];
    memcpy(in_file, texts[i], len);
    memcpy(in_file + len, "98,x", 4); /* what follows in the file, not the cell's */
    double a, b;
    hg_num sa = hg_parse_cell(texts[i], &a), sb = hg_parse_cell_len(in_file, len, &b);
    assert_int_equal(sa, sb);
    assert_memory_equal(&a, &b, sizeof a);
  }
  double v;
  assert_int_equal(hg_parse_cell_len("12\0"
                                     "34",
                                     5, &v),
                   HG_NUM_OK);
  assert_true(v == 12);
  assert_int_equal(hg_parse_cell_len("\0"
                                     "34",
                                     3, &v),
                   HG_NUM_MISSING);
  assert_int_equal(hg_parse_cell_len("NA\0"
                                     "x",
                                     4, &v),
                   HG_NUM_MISSING);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_matches_strtod), cmocka_unit_test(test_refuses_as_before),
      cmocka_unit_test(test_reads_back_formatted), cmocka_unit_test(test_cell_len_as_cell)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
