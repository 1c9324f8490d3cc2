/* test_csvout.c: CSV quoting, plain-notation numbers, write errors, bidi
 * controls and file names made from data (floor/csvout.c, floor/text.c). */
#include "hg_test.h"

#include <errno.h>
#include <glib.h>
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

/* A full disk: finish fails and leaves errno at the write's (ENOSPC), so
 * that the run can say "No space left on device" and not "write failed". */
static void test_write_error_errno(void **state) {
  (void)state;
  FILE *fp = fopen("/dev/full", "wb");
  if (!fp)
    skip();
  hg_csv_writer *w = hg_csv_writer_new(fp, 1);
  for (int i = 0; i < 10000; i++)
    hg_csv_text(w, "Barking and Dagenham");
  hg_csv_end_row(w);
  errno = 0;
  assert_int_equal(hg_csv_writer_finish(w), HG_ERR_IO);
  assert_int_equal(errno, ENOSPC);
  fclose(fp);
}

/* U+202E (RLO), U+2066 (LRI), U+200F (RLM), U+061C (ALM) and U+2069 (PDI)
 * removed from text cells; other non-ASCII text (U+2013, U+00E9) kept; the
 * formula guard judges the text without them; raw keeps them. */
static void test_bidi(void **state) {
  (void)state;
  char *mem = NULL;
  size_t len = 0;
  FILE *fp = open_memstream(&mem, &len);
  hg_csv_writer *w = hg_csv_writer_new(fp, 0);
  hg_csv_text(w, "West\u202Eminster");
  hg_csv_text(w, "\u2066Cam\u200Fden\u061C\u2069");
  hg_csv_text(w, "\u202E=1+1");
  hg_csv_text(w, "2019\u201320 Caf\u00e9");
  hg_csv_end_row(w);
  hg_csv_writer_set_raw(w, 1);
  hg_csv_text(w, "a\u202Eb");
  hg_csv_end_row(w);
  assert_int_equal(hg_csv_writer_finish(w), HG_OK);
  fclose(fp);
  assert_string_equal(mem, "Westminster,Camden,'=1+1,2019\u201320 Caf\u00e9\r\na\u202Eb\r\n");
  free(mem);
  /* every control of the list, and the characters beside them kept */
  static const char *const controls[] = {"\u200E", "\u200F", "\u202A", "\u202B",
                                         "\u202C", "\u202D", "\u202E", "\u2066",
                                         "\u2067", "\u2068", "\u2069", "\u061C"};
  for (size_t i = 0; i < sizeof controls / sizeof *controls; i++) {
    char buf[32];
    snprintf(buf, sizeof buf, "x%sy", controls[i]);
    assert_true(hg_text_has_bidi(buf));
    assert_int_equal(hg_text_strip_bidi(buf), 2);
    assert_string_equal(buf, "xy");
  }
  static const char *const kept[] = {"\u200D", "\u2029", "\u202F", "\u2065",
                                     "\u206A", "\u061B", "\u0600", "\u2013"};
  for (size_t i = 0; i < sizeof kept / sizeof *kept; i++)
    assert_false(hg_text_has_bidi(kept[i]));
  char trunc[] = "a\xE2\x80"; /* a cut sequence is left as it is */
  assert_int_equal(hg_text_strip_bidi(trunc), 3);
  assert_false(hg_text_has_bidi(NULL));
}

/* File names made from data: nothing but [A-Za-z0-9] and the kept
 * characters, never a leading dot, bounded, distinct when cut. */
static void test_safe_names(void **state) {
  (void)state;
  assert_true(hg_name_is_safe("E54000027"));
  assert_true(hg_name_is_safe("hg.pm25_mean-2"));
  assert_false(hg_name_is_safe("E54000027/../../x"));
  assert_false(hg_name_is_safe(".."));
  assert_false(hg_name_is_safe(".hidden"));
  assert_false(hg_name_is_safe(""));
  assert_false(hg_name_is_safe(NULL));
  assert_false(hg_name_is_safe("a b"));
  char long_ok[HG_NAME_MAX + 2];
  memset(long_ok, 'a', sizeof long_ok);
  long_ok[HG_NAME_MAX] = '\0';
  assert_true(hg_name_is_safe(long_ok));
  long_ok[HG_NAME_MAX] = 'a';
  long_ok[HG_NAME_MAX + 1] = '\0';
  assert_false(hg_name_is_safe(long_ok));

  char *s = hg_name_make_safe("E54000027/../../x", NULL);
  assert_string_equal(s, "E54000027_______x");
  g_free(s);
  s = hg_name_make_safe("hg.msoa_le-2", "-");
  assert_string_equal(s, "hg_msoa_le-2");
  g_free(s);
  s = hg_name_make_safe("../x", "._-");
  assert_string_equal(s, "_._x");
  assert_true(hg_name_is_safe(s));
  g_free(s);
  s = hg_name_make_safe("", NULL);
  assert_string_equal(s, "_");
  g_free(s);
  char a[301], b[301];
  memset(a, 'a', 300);
  a[300] = '\0';
  memcpy(b, a, sizeof a);
  b[299] = 'b';
  char *sa = hg_name_make_safe(a, NULL), *sb = hg_name_make_safe(b, NULL);
  assert_int_equal(strlen(sa), HG_NAME_MAX);
  assert_true(hg_name_is_safe(sa));
  assert_string_not_equal(sa, sb);
  assert_memory_equal(sa, a, HG_NAME_MAX - 9);
  assert_int_equal(sa[HG_NAME_MAX - 9], '-');
  g_free(sa);
  g_free(sb);
}

/* The same rows through a FILE and into memory; n rows of a few kinds of cell,
 * one of them longer than a writer's row buffer (2048 bytes). */
static void some_rows(hg_csv_writer *w, size_t n, const char *long_text) {
  for (size_t i = 0; i < n; i++) {
    hg_csv_text(w, i % 3 ? "E09000001" : "=SUM(A1)");
    hg_csv_number(w, (double)i / 7);
    hg_csv_text(w, i == 5 ? long_text : "a, \"quoted\" text");
    hg_csv_end_row(w);
  }
}

static void test_memory_writer(void **state) {
  (void)state;
  char *long_text = g_strnfill(5000, 'x');
  char *want = NULL;
  size_t want_len = 0;
  FILE *fp = open_memstream(&want, &want_len);
  hg_csv_writer *w = hg_csv_writer_new(fp, 0);
  some_rows(w, 40, long_text);
  assert_int_equal(hg_csv_writer_finish(w), HG_OK);
  fclose(fp);
  /* Room enough: the same bytes. */
  char *buf = g_malloc(want_len + 100);
  size_t len = 99;
  w = hg_csv_writer_new_mem(buf, want_len + 100, &len);
  assert_int_equal(len, 0);
  some_rows(w, 40, long_text);
  assert_int_equal(hg_csv_writer_finish(w), HG_OK);
  assert_int_equal(len, want_len);
  assert_memory_equal(buf, want, want_len);
  /* Exactly enough, then a byte short: the writer fails with ENOSPC and
   * keeps what fitted (here the rows before the last, whole). */
  w = hg_csv_writer_new_mem(buf, want_len, &len);
  some_rows(w, 40, long_text);
  assert_int_equal(hg_csv_writer_finish(w), HG_OK);
  assert_int_equal(len, want_len);
  w = hg_csv_writer_new_mem(buf, want_len - 1, &len);
  some_rows(w, 40, long_text);
  errno = 0;
  assert_int_equal(hg_csv_writer_finish(w), HG_ERR_IO);
  assert_int_equal(errno, ENOSPC);
  assert_true(len < want_len);
  assert_memory_equal(buf, want, len);
  assert_true(len == 0 || buf[len - 1] == '\n');
  free(want);
  g_free(buf);
  g_free(long_text);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_numbers),       cmocka_unit_test(test_quoting),
      cmocka_unit_test(test_formula_guard), cmocka_unit_test(test_write_error_errno),
      cmocka_unit_test(test_bidi),          cmocka_unit_test(test_safe_names),
      cmocka_unit_test(test_memory_writer)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
