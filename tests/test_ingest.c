/* test_ingest.c: the Fingertips and tidy readers, one test per fixture, the
 * read-buffer boundary test and the must-show figures of the real export.
 *
 * Expected values are the texts written in the fixture files (hand-made, see
 * fixtures/PROVENANCE.md) and in OHID's own export (tests/data/ingest/). */
#include "hg_test.h"

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Every reject as "line|column|reason|message", and the raw rows. */
typedef struct {
  GPtrArray *lines;
  GPtrArray *raws;
} rejects;

static int collect(const hg_reject *r, void *ud) {
  rejects *rj = ud;
  g_ptr_array_add(rj->lines, g_strdup_printf("%ld|%s|%s|%s", r->line, r->column,
                                             hg_reject_reason_name(r->reason), r->message));
  g_ptr_array_add(rj->raws, g_strdup(r->raw));
  return 0;
}

typedef struct {
  hg_store *st;
  hg_read_report rep;
  hg_error err;
  rejects rj;
  hg_status status;
} loaded;

static loaded *load_opt(const char *path, hg_read_options opt) {
  loaded *l = g_new0(loaded, 1);
  l->st = hg_store_new();
  l->rj.lines = g_ptr_array_new_with_free_func(g_free);
  l->rj.raws = g_ptr_array_new_with_free_func(g_free);
  opt.on_reject = collect;
  opt.userdata = &l->rj;
  hg_error_clear(&l->err);
  l->status = hg_read_file(l->st, path, &opt, &l->rep, &l->err);
  return l;
}

static loaded *load(const char *path) {
  hg_read_options opt = {0};
  return load_opt(path, opt);
}

static void unload(loaded *l) {
  hg_store_free(l->st);
  g_ptr_array_free(l->rj.lines, TRUE);
  g_ptr_array_free(l->rj.raws, TRUE);
  g_free(l);
}

static const char *S(const loaded *l, hg_str id) {
  return hg_store_str(l->st, id);
}

static const char *reject_line(const loaded *l, guint i) {
  assert_true(i < l->rj.lines->len);
  return g_ptr_array_index(l->rj.lines, i);
}

static char *err_text(const loaded *l) {
  static char buf[1400];
  return hg_error_format(&l->err, buf, sizeof buf);
}

static void expect_ok(const loaded *l, size_t accepted, size_t rejected) {
  if (l->status != HG_OK)
    fail_msg("status %s: %s", hg_strerror(l->status), err_text(l));
  assert_int_equal(l->rep.accepted, accepted);
  assert_int_equal(l->rep.rejected, rejected);
  assert_int_equal(l->rep.rows_read, accepted + rejected);
  assert_int_equal(hg_store_size(l->st), accepted);
  assert_int_equal(l->rj.lines->len, rejected);
}

/* Must show: OHID's London tobacco export, 245 rows, nothing rejected, and the
 * London APS smoking prevalence 2019 with its 95% limits as published. */
static void test_real_tobacco_export(void **state) {
  (void)state;
  loaded *l = load("tests/data/ingest/fingertips_tobacco_profile_london_2019.csv");
  expect_ok(l, 245, 0);
  assert_int_equal(l->rep.format, HG_FORMAT_FINGERTIPS);
  int found = 0;
  for (size_t i = 0; i < hg_store_size(l->st); i++) {
    hg_obs o;
    hg_store_get(l->st, i, &o);
    if (strcmp(S(l, o.indicator_id), "92443") || strcmp(S(l, o.area_code), "E12000007"))
      continue;
    found++;
    assert_string_equal(S(l, o.area_name), "London region"); /* the AreaName column */
    assert_string_equal(S(l, o.period_text), "2019");
    assert_string_equal(S(l, o.sex), "Persons");
    assert_string_equal(S(l, o.age), "18+ yrs");
    assert_true(o.value == strtod("12.9480408159713", NULL));
    assert_true(o.lower95 == strtod("12.2765733980503", NULL));
    assert_true(o.upper95 == strtod("13.6195082338923", NULL));
    /* The published headline: 12.948 (12.277 - 13.620). */
    hg_assert_close(round(o.value * 1000) / 1000, 12.948, 1e-12, "value 3 dp");
    hg_assert_close(round(o.lower95 * 1000) / 1000, 12.277, 1e-12, "lower 3 dp");
    hg_assert_close(round(o.upper95 * 1000) / 1000, 13.620, 1e-12, "upper 3 dp");
    assert_true(o.count == strtod("897242.5161280371", NULL));
    assert_true(isnan(o.denominator) && isnan(o.lower998));
    assert_int_equal(o.value_state, HG_VALUE_PRESENT);
    assert_int_equal(o.period.sortable, 20190000);
    assert_int_equal(o.period.year_type, HG_YEAR_CALENDAR);
    assert_string_equal(S(l, o.fp_recent_trend), "Cannot be calculated");
    assert_string_equal(S(l, o.fp_compared_england), "Better");
    assert_int_equal(o.line, 3);
  }
  assert_int_equal(found, 1);
  unload(l);
}

static void test_bom_utf8(void **state) {
  (void)state;
  loaded *l = load("fixtures/bom-utf8.csv");
  expect_ok(l, 2, 0);
  assert_int_equal(l->rep.format, HG_FORMAT_FINGERTIPS); /* "Indicator ID" seen despite the BOM */
  hg_obs o;
  hg_store_get(l->st, 1, &o);
  assert_string_equal(S(l, o.indicator_id), "92443");
  assert_string_equal(S(l, o.area_code), "E09000002");
  assert_true(o.value == 18.0653 && o.lower95 == 13.8039 && o.upper95 == 22.3266);
  unload(l);
}

static void test_crlf(void **state) {
  (void)state;
  loaded *l = load("fixtures/crlf.csv");
  expect_ok(l, 2, 0);
  hg_obs o;
  hg_store_get(l->st, 1, &o);
  assert_string_equal(S(l, o.area_name), "Barking and Dagenham");
  assert_string_equal(S(l, o.fp_compared_goal), ""); /* last field: no stray CR */
  assert_int_equal(o.line, 3);
  unload(l);
}

static void test_quoted_comma_area(void **state) {
  (void)state;
  loaded *l = load("fixtures/quoted-comma-area.csv");
  expect_ok(l, 2, 0);
  hg_obs o;
  hg_store_get(l->st, 0, &o);
  assert_string_equal(S(l, o.area_name), "Bristol, City of");
  assert_string_equal(S(l, o.area_code), "E06000023");
  assert_true(o.value == 12.5); /* the comma did not shift the columns */
  unload(l);
}

static void test_doubled_quote(void **state) {
  (void)state;
  loaded *l = load("fixtures/doubled-quote.csv");
  expect_ok(l, 2, 0);
  hg_obs o;
  hg_store_get(l->st, 0, &o);
  assert_string_equal(S(l, o.value_note), "Aggregated from \"all\" wards, see notes");
  hg_store_get(l->st, 1, &o);
  assert_string_equal(S(l, o.area_name), "Barking \"and\" Dagenham");
  unload(l);
}

static void test_blank_leading_lines(void **state) {
  (void)state;
  loaded *l = load("fixtures/blank-leading-lines.csv");
  expect_ok(l, 2, 0);
  hg_obs o;
  hg_store_get(l->st, 0, &o);
  assert_int_equal(o.line, 4); /* two blank lines, header on line 3 */
  hg_store_get(l->st, 1, &o);
  assert_int_equal(o.line, 6); /* a blank line between the rows */
  unload(l);
}

static void test_no_final_newline(void **state) {
  (void)state;
  loaded *l = load("fixtures/no-final-newline.csv");
  expect_ok(l, 2, 0);
  hg_obs o;
  hg_store_get(l->st, 1, &o);
  assert_true(o.value == 7.25);
  assert_string_equal(S(l, o.area_code), "E09000002");
  assert_int_equal(o.line, 3);
  unload(l);
}

static void test_ragged_row(void **state) {
  (void)state;
  loaded *l = load("fixtures/ragged-row.csv");
  expect_ok(l, 2, 2);
  assert_string_equal(reject_line(l, 0), "3||field_count|expected 24 to 26 fields, found 20");
  assert_string_equal(reject_line(l, 1), "4||field_count|expected 24 to 26 fields, found 27");
  assert_int_equal(l->rep.rejected_by_reason[HG_REJECT_FIELD_COUNT], 2);
  /* raw is the row's text as in the file, without its line end */
  assert_true(g_str_has_prefix(g_ptr_array_index(l->rj.raws, 0),
                               "\"92443\",\"Smoking prevalence in adults (18+)\",\"E12000007\","));
  assert_true(g_str_has_suffix(g_ptr_array_index(l->rj.raws, 0), ",\"960\",\"\""));
  assert_true(g_str_has_suffix(g_ptr_array_index(l->rj.raws, 1), ",\"extra\""));
  unload(l);
}

static void test_empty(void **state) {
  (void)state;
  loaded *l = load("fixtures/empty.csv");
  assert_int_equal(l->status, HG_ERR_EMPTY);
  assert_string_equal(err_text(l), "fixtures/empty.csv: empty file: no header row");
  unload(l);
}

static void test_header_only(void **state) {
  (void)state;
  loaded *l = load("fixtures/header-only.csv");
  assert_int_equal(l->status, HG_ERR_EMPTY);
  assert_int_equal(l->rep.format, HG_FORMAT_FINGERTIPS);
  assert_string_equal(err_text(l), "fixtures/header-only.csv:1: no data rows after the header");
  unload(l);
}

static void test_non_number(void **state) {
  (void)state;
  loaded *l = load("fixtures/non-number.csv");
  expect_ok(l, 3, 2);
  assert_string_equal(reject_line(l, 0), "3|Value|not_a_number|not a number: 'abc'");
  /* NA is refused in an export (fingertipsR's frame is another matter); the
   * thousands separators that Fingertips' own exports write in counts are read
   * (docs/ingest.md). */
  assert_string_equal(reject_line(l, 1), "5|Value|not_a_number|not a number: 'NA'");
  hg_obs o;
  hg_store_get(l->st, 1, &o);
  assert_true(o.count == 1296.0); /* "1,296" */
  hg_store_get(l->st, 2, &o);
  assert_true(o.value == 15.0); /* "1.5e1" is a plain decimal with exponent */
  unload(l);
}

static void test_negative_count(void **state) {
  (void)state;
  loaded *l = load("fixtures/negative-count.csv");
  expect_ok(l, 2, 2);
  assert_string_equal(reject_line(l, 0), "3|Count|negative_count|negative count: -5");
  assert_string_equal(reject_line(l, 1),
                      "5|Denominator|bad_denominator|denominator must be above 0: 0");
  hg_obs o;
  hg_store_get(l->st, 1, &o); /* a zero count is fine */
  assert_true(o.count == 0 && o.value == 0);
  unload(l);
}

static void test_lower_above_upper(void **state) {
  (void)state;
  loaded *l = load("fixtures/lower-above-upper.csv");
  expect_ok(l, 1, 3);
  assert_string_equal(reject_line(l, 0), "3|Lower CI 95.0 limit|limits_order|lower 95% limit 16 "
                                         "is above upper limit 14");
  assert_string_equal(reject_line(l, 1), "4|Upper CI 95.0 limit|limits_order|value 20 is above "
                                         "its upper 95% limit 15");
  assert_string_equal(reject_line(l, 2), "5|Upper CI 99.8 limit|limits_order|value 12.5 is "
                                         "above its upper 99.8% limit 11");
  unload(l);
}

static int accepted_calls;

static void count_accepted(const hg_obs *o, void *ud) {
  (void)o;
  (void)ud; /* the reject collector's userdata: only the calls are counted */
  accepted_calls++;
}

/* keys_only (healthgap validate): the same rejects and messages as a stored
 * read, duplicates found within and across files, and no row stored. */
static void test_keys_only(void **state) {
  (void)state;
  hg_key_set *ks = hg_key_set_new();
  accepted_calls = 0;
  loaded *l = load_opt("fixtures/duplicate-key.csv",
                       (hg_read_options){.keys_only = ks, .on_accept = count_accepted});
  assert_int_equal(l->status, HG_OK);
  assert_int_equal(l->rep.accepted, 4);
  assert_int_equal(l->rep.rejected, 2);
  assert_int_equal(accepted_calls, 4);
  assert_int_equal(hg_store_size(l->st), 0);
  assert_int_equal(hg_key_set_size(ks), 4);
  assert_string_equal(reject_line(l, 0),
                      "4||duplicate_key|duplicate key (indicator, area, period, sex, age, "
                      "category): first seen on fixtures/duplicate-key.csv:2");
  assert_string_equal(reject_line(l, 1),
                      "7||duplicate_key|duplicate key (indicator, area, period, sex, age, "
                      "category): first seen on fixtures/duplicate-key.csv:6");
  hg_read_report rep;
  hg_read_options opt = {.keys_only = ks};
  assert_int_equal(hg_read_file(l->st, "fixtures/bom-utf8.csv", &opt, &rep, NULL), HG_OK);
  assert_int_equal(rep.rejected_by_reason[HG_REJECT_DUPLICATE], 2);
  assert_int_equal(hg_store_size(l->st), 0);
  unload(l);
  hg_key_set_free(ks);
}

/* Many keys: the set grows (rehashing) and still finds every one again. */
static void test_keys_only_many(void **state) {
  (void)state;
  GString *csv = g_string_new("indicator_id,area_code,period,value\n");
  for (int i = 0; i < 5000; i++)
    g_string_append_printf(csv, "hg.k%d,E02%06d,%d,1\n", i % 7, i, 2000 + i % 11);
  for (int i = 0; i < 5000; i += 10) /* every tenth again */
    g_string_append_printf(csv, "hg.k%d,E02%06d,%d,2\n", i % 7, i, 2000 + i % 11);
  hg_store *st = hg_store_new();
  hg_key_set *ks = hg_key_set_new();
  hg_read_options opt = {.keys_only = ks};
  hg_read_report rep;
  assert_int_equal(hg_read_mem(st, "many.csv", csv->str, csv->len, &opt, &rep, NULL), HG_OK);
  assert_int_equal(rep.accepted, 5000);
  assert_int_equal(rep.rejected_by_reason[HG_REJECT_DUPLICATE], 500);
  assert_int_equal(hg_key_set_size(ks), 5000);
  assert_int_equal(hg_store_size(st), 0);
  hg_key_set_free(ks);
  hg_store_free(st);
  g_string_free(csv, TRUE);
}

static void test_duplicate_key(void **state) {
  (void)state;
  loaded *l = load("fixtures/duplicate-key.csv");
  expect_ok(l, 4, 2);
  assert_string_equal(reject_line(l, 0),
                      "4||duplicate_key|duplicate key (indicator, area, period, sex, age, "
                      "category): first seen on fixtures/duplicate-key.csv:2");
  assert_true(g_str_has_prefix(reject_line(l, 1), "7||duplicate_key|"));
  hg_obs o;
  hg_store_get(l->st, 0, &o);
  assert_true(o.value == 12.5); /* the first row wins */
  /* Across files in one store too. */
  hg_read_report rep;
  assert_int_equal(hg_read_file(l->st, "fixtures/bom-utf8.csv", NULL, &rep, NULL), HG_OK);
  assert_int_equal(rep.rejected_by_reason[HG_REJECT_DUPLICATE], 2);
  unload(l);
}

static void test_latin1(void **state) {
  (void)state;
  loaded *l = load("fixtures/latin1.csv");
  assert_int_equal(l->status, HG_ERR_FORMAT);
  assert_string_equal(err_text(l), "fixtures/latin1.csv:3: column 'Area Name': not valid UTF-8 "
                                   "(a Latin-1 or Windows-1252 file?): re-save the file as UTF-8");
  unload(l);
}

static void test_suppressed_values(void **state) {
  (void)state;
  loaded *l = load("fixtures/suppressed-values.csv");
  expect_ok(l, 4, 0);
  hg_obs o;
  hg_store_get(l->st, 1, &o);
  assert_int_equal(o.value_state, HG_VALUE_SUPPRESSED);
  assert_true(isnan(o.value) && isnan(o.count));
  assert_string_equal(S(l, o.value_note),
                      "Values based on counts of between 1 and 7 have been suppressed");
  hg_store_get(l->st, 2, &o);
  assert_int_equal(o.value_state, HG_VALUE_MISSING);
  hg_store_get(l->st, 3, &o);
  assert_int_equal(o.value_state, HG_VALUE_PRESENT); /* zero is a value */
  assert_true(o.value == 0);
  unload(l);
}

static void test_tidy_any_order(void **state) {
  (void)state;
  loaded *l = load("fixtures/tidy-any-order.csv");
  expect_ok(l, 3, 0);
  assert_int_equal(l->rep.format, HG_FORMAT_TIDY);
  assert_int_equal(l->rep.unknown_columns, 1);
  assert_string_equal(l->rep.unknown_column_names, "source_system");
  hg_obs o;
  hg_store_get(l->st, 1, &o);
  assert_string_equal(S(l, o.indicator_id), "hg.le_birth");
  assert_string_equal(S(l, o.area_name), "Barking and Dagenham");
  assert_string_equal(S(l, o.sex), "Male");
  assert_true(o.value == 77.3 && o.lower95 == 76.9 && o.upper95 == 77.7);
  assert_int_equal(o.period.length_months, 36);
  assert_int_equal(o.period.sortable, 20170000);
  hg_store_get(l->st, 2, &o);
  assert_int_equal(o.period.year_type, HG_YEAR_FINANCIAL);
  assert_int_equal(o.value_state, HG_VALUE_MISSING);
  unload(l);
}

static void test_tidy_required_columns(void **state) {
  (void)state;
  loaded *l = load("fixtures/tidy-missing-column.csv");
  assert_int_equal(l->status, HG_ERR_FORMAT);
  assert_string_equal(err_text(l), "fixtures/tidy-missing-column.csv:1: column 'period': "
                                   "required column missing from the header");
  unload(l);
  l = load("fixtures/tidy-counts-only.csv"); /* count + denominator instead of value */
  expect_ok(l, 1, 2);
  assert_string_equal(reject_line(l, 0), "3|count|not_a_number|not a number: 'NA'");
  assert_string_equal(reject_line(l, 1),
                      "4|denominator|bad_denominator|denominator must be above 0: -1");
  unload(l);
}

static void test_forced_format_and_bad_header(void **state) {
  (void)state;
  hg_store *st = hg_store_new();
  hg_error err;
  hg_read_options opt = {.format = HG_FORMAT_TIDY};
  /* A Fingertips file forced to tidy has no indicator_id column. */
  assert_int_equal(hg_read_file(st, "fixtures/bom-utf8.csv", &opt, NULL, &err), HG_ERR_FORMAT);
  assert_string_equal(err.column, "indicator_id");
  const char *other = "a,b,c\n1,2,3\n";
  assert_int_equal(hg_read_mem(st, "other.csv", other, strlen(other), NULL, NULL, &err),
                   HG_ERR_FORMAT);
  assert_int_equal(err.line, 1);
  const char *narrow = "\"Indicator ID\",\"Area Code\"\n1,E09000001\n";
  assert_int_equal(hg_read_mem(st, "narrow.csv", narrow, strlen(narrow), NULL, NULL, &err),
                   HG_ERR_FORMAT);
  assert_string_equal(err.column, "Time period");
  assert_string_equal(err.message,
                      "a Fingertips export needs this column; the header has 2 columns without it");
  assert_int_equal(hg_read_file(st, "fixtures/no-such-file.csv", NULL, NULL, &err), HG_ERR_IO);
  assert_string_equal(err.file, "fixtures/no-such-file.csv");
  assert_int_equal(hg_store_size(st), 0);
  hg_store_free(st);
}

static void test_strict_and_abort(void **state) {
  (void)state;
  hg_read_options opt = {.strict = 1};
  loaded *l = load_opt("fixtures/non-number.csv", opt);
  assert_int_equal(l->status, HG_ERR_INVALID);
  assert_string_equal(err_text(l),
                      "fixtures/non-number.csv:3: column 'Value': not a number: 'abc'");
  assert_int_equal(l->rep.accepted, 1); /* rows before the reject stay */
  unload(l);
  /* Strict RFC 4180: a quote inside an unquoted field is malformed, the row
   * rejected as a stray quote, which strict mode makes the end of the read. */
  hg_store *st = hg_store_new();
  hg_error err;
  const char *bad = "indicator_id,area_code,period,value\n1,E0\"9,2019,1\n";
  assert_int_equal(hg_read_mem(st, "bad.csv", bad, strlen(bad), &opt, NULL, &err), HG_ERR_INVALID);
  assert_int_equal(err.line, 2);
  assert_string_equal(err.column, "area_code");
  opt.strict = 0;
  hg_read_report rep;
  assert_int_equal(hg_read_mem(st, "bad.csv", bad, strlen(bad), &opt, &rep, &err), HG_OK);
  assert_int_equal(rep.rejected_by_reason[HG_REJECT_STRAY_QUOTE], 1);
  assert_int_equal(hg_store_size(st), 0);
  hg_store_free(st);
}

static void test_row_length_bounded(void **state) {
  (void)state;
  /* An unclosed quote would swallow the rest of the file: past the row limit
   * its row is rejected and the lines below it are read on their own. */
  GString *s = g_string_new("indicator_id,area_code,period,value\n1,\"E09");
  for (int i = 0; i < 5000; i++)
    g_string_append(s, "0123456789abcdef\n");
  hg_store *st = hg_store_new();
  hg_error err;
  hg_read_report rep;
  hg_read_options opt = {.max_row_bytes = 4096, .buffer_size = 1000};
  assert_int_equal(hg_read_mem(st, "long.csv", s->str, s->len, &opt, &rep, &err), HG_OK);
  assert_int_equal(rep.rejected_by_reason[HG_REJECT_UNCLOSED_QUOTE], 1);
  assert_int_equal(rep.rejected_by_reason[HG_REJECT_FIELD_COUNT], 4999);
  assert_int_equal(rep.rows_read, 5000);
  /* One line longer than the limit, no quote open: the file fails. */
  g_string_assign(s, "indicator_id,area_code,period,value\n1,E09");
  for (int i = 0; i < 500; i++)
    g_string_append(s, "0123456789abcdef");
  assert_int_equal(hg_read_mem(st, "long.csv", s->str, s->len, &opt, NULL, &err), HG_ERR_NOMEM);
  assert_string_equal(err.message, "row longer than 4096 bytes (an unclosed quote?)");
  assert_int_equal(err.line, 2);
  g_string_free(s, TRUE);
  hg_store_free(st);
}

typedef struct {
  GPtrArray *seen; /* "line:column:reason:raw" */
} reject_log;

static int log_reject(const hg_reject *rj, void *ud) {
  reject_log *lg = ud;
  g_ptr_array_add(lg->seen, g_strdup_printf("%ld:%s:%s:%s", rj->line, rj->column,
                                            hg_reject_reason_name(rj->reason), rj->raw));
  return 0;
}

/* Issue 18: a row holding "Cam"den is rejected alone as a stray quote; the
 * rows after it are read (they used to end up inside its raw, counted
 * nowhere).  An unclosed quote is rejected at its line and the lines below
 * read again.  Every block size gives the same. */
static void test_stray_and_unclosed_quotes(void **state) {
  (void)state;
  static const char csv[] = "indicator_id,area_name,area_code,period,value\r\n"
                            "1,\"Cam\"den,E09000007,2019,1\r\n"
                            "1,Camden,E09000008,2019,2\r\n"
                            "1,\"Hack,E09000012,2019,3\r\n"
                            "1,Hackney,E09000013,2019,4\r\n"
                            "1,\"Is\nlington\",E09000019,2019,5\r\n"
                            "1,Cam\"den,E09000020,2019,6";
  static const size_t sizes[] = {1, 2, 3, 7, 64, 1 << 16};
  for (size_t k = 0; k < G_N_ELEMENTS(sizes); k++) {
    hg_store *st = hg_store_new();
    reject_log lg = {g_ptr_array_new_with_free_func(g_free)};
    hg_read_options opt = {.buffer_size = sizes[k], .on_reject = log_reject, .userdata = &lg};
    hg_read_report rep;
    hg_error err;
    assert_int_equal(hg_read_mem(st, "q.csv", csv, strlen(csv), &opt, &rep, &err), HG_OK);
    assert_int_equal(rep.rows_read, 6);
    assert_int_equal(rep.accepted, 3);
    assert_int_equal(lg.seen->len, 3);
    assert_string_equal(lg.seen->pdata[0], "2:area_name:stray_quote:1,\"Cam\"den,E09000007,2019,1");
    assert_string_equal(lg.seen->pdata[1], "4:area_name:unclosed_quote:1,\"Hack,E09000012,2019,3");
    assert_string_equal(lg.seen->pdata[2], "8:area_name:stray_quote:1,Cam\"den,E09000020,2019,6");
    hg_obs o;
    hg_store_get(st, 1, &o);
    assert_string_equal(hg_store_str(st, o.area_code), "E09000013");
    assert_int_equal(o.line, 5);
    hg_store_get(st, 2, &o);
    assert_string_equal(hg_store_str(st, o.area_name), "Is\nlington");
    g_ptr_array_free(lg.seen, TRUE);
    hg_store_free(st);
  }
}

/* A rejected last row without a line end: its raw is the row once (the
 * last piece was added a second time; after an unclosed quote it was read
 * from a freed buffer: found by fuzz_readers). */
static void test_last_row_raw_once(void **state) {
  (void)state;
  static const char *const csv[] = {"indicator_id,area_code,period,value\n1,E09000002,2019,abc",
                                    "indicator_id,area_code,period,value\n1,\"E0\n1,E09,2019,x"};
  static const char *const want[] = {"2:value:not_a_number:1,E09000002,2019,abc",
                                     "3:value:not_a_number:1,E09,2019,x"};
  for (size_t k = 0; k < G_N_ELEMENTS(csv); k++) {
    hg_store *st = hg_store_new();
    reject_log lg = {g_ptr_array_new_with_free_func(g_free)};
    hg_read_options opt = {.buffer_size = 5, .on_reject = log_reject, .userdata = &lg};
    hg_error err;
    assert_int_equal(hg_read_mem(st, "n.csv", csv[k], strlen(csv[k]), &opt, NULL, &err), HG_OK);
    assert_string_equal(lg.seen->pdata[lg.seen->len - 1], want[k]);
    g_ptr_array_free(lg.seen, TRUE);
    hg_store_free(st);
  }
}

/* Every value rule of docs/ingest.md, through the reader (which tries an
 * inline pass check before the validator): each bad row is rejected for its
 * rule, and absent numbers never reject. */
static void test_value_rules_in_reader(void **state) {
  (void)state;
  static const char csv[] =
      "indicator_id,area_code,period,value,lower_ci95,upper_ci95,lower_ci998,upper_ci998,count,"
      "denominator\n"
      "1,A1,2019,5,4,6,3,7,10,200\n" /* passes */
      "1,A2,2019,3,4,6,,,,\n"        /* value below its lower 95% limit */
      "1,A3,2019,5,4,6,8,7,,\n"      /* lower 99.8% above upper 99.8% */
      "1,A4,2019,2.5,2,6,3,7,,\n"    /* value below its lower 99.8% limit */
      "1,A5,2019,,,,,,,\n"           /* all absent: passes */
      "1,A6,2019,5,,,,,-1,\n"        /* negative count */
      "1,A7,2019,5,,,,,,-3\n"        /* denominator not above 0 */
      "1,A8,2019,,7,6,,,,\n";        /* limits out of order with no value */
  hg_store *st = hg_store_new();
  hg_read_report rep;
  hg_error err;
  assert_int_equal(hg_read_mem(st, "rules.csv", csv, sizeof csv - 1, NULL, &rep, &err), HG_OK);
  assert_int_equal(rep.rows_read, 8);
  assert_int_equal(rep.accepted, 2);
  assert_int_equal(rep.rejected_by_reason[HG_REJECT_LIMITS], 4);
  assert_int_equal(rep.rejected_by_reason[HG_REJECT_NEGATIVE_COUNT], 1);
  assert_int_equal(rep.rejected_by_reason[HG_REJECT_DENOMINATOR], 1);
  hg_obs o;
  hg_store_get(st, 1, &o);
  assert_string_equal(hg_store_str(st, o.area_code), "A5");
  hg_store_free(st);
}

/* The reader's number parsing must give exactly what strtod gives (the C
 * library is the oracle), across short, long, signed, padded and tiny values. */
static void test_numbers_match_strtod(void **state) {
  (void)state;
  static const char *const fixed[] = {"0", "-0", "1.", ".5", "007", "0.0", "-12.5", "+3.25", "1e3",
                                      "2.5E-3", "0.000000000000000000000123", "123456789012345",
                                      "1234567890123456", "0.944003757974482", "13.506492670605558",
                                      " 4.5 ", "99999999999999999999", "6144702.985432696",
                                      /* the eight- and four-digit steps and their edges */
                                      "12345678", "87654321.5", "0.12345678", "1234.0000",
                                      "00000000001", "-99999999.9999", "1234567890.1234"};
  GString *csv = g_string_new("indicator_id,area_code,period,value\n");
  GPtrArray *texts = g_ptr_array_new_with_free_func(g_free);
  for (size_t i = 0; i < G_N_ELEMENTS(fixed); i++)
    g_ptr_array_add(texts, g_strdup(fixed[i]));
  guint32 seed = 12345;
  for (int i = 0; i < 3000; i++) {
    seed = seed * 1103515245u + 12345u;
    double v = (double)(seed >> 8) / (double)(1u << (seed % 24)) * ((seed & 1) ? -1 : 1);
    int prec = 1 + (int)(seed % 17);
    g_ptr_array_add(texts, g_strdup_printf("%.*f", prec % 12, v));
    g_ptr_array_add(texts, g_strdup_printf("%.*g", prec, v));
  }
  for (guint i = 0; i < texts->len; i++)
    g_string_append_printf(csv, "1,A%u,2019,\"%s\"\n", i, (char *)g_ptr_array_index(texts, i));
  hg_store *st = hg_store_new();
  hg_read_report rep;
  hg_error err;
  assert_int_equal(hg_read_mem(st, "nums.csv", csv->str, csv->len, NULL, &rep, &err), HG_OK);
  assert_int_equal(rep.accepted, texts->len);
  for (guint i = 0; i < texts->len; i++) {
    const char *t = g_ptr_array_index(texts, i);
    double want = strtod(t, NULL), got;
    hg_obs o;
    hg_store_get(st, i, &o);
    got = o.value;
    if (memcmp(&got, &want, sizeof got) != 0)
      fail_msg("'%s': got %.17g, strtod %.17g", t, got, want);
  }
  g_ptr_array_free(texts, TRUE);
  g_string_free(csv, TRUE);
  hg_store_free(st);
}

/* hg_validate_obs on its own, as the mapped layout uses it. */
static void test_validate_obs_api(void **state) {
  (void)state;
  hg_store *st = hg_store_new();
  hg_obs o;
  hg_obs_init(&o);
  o.indicator_id = hg_store_intern(st, "90366", 5);
  o.area_code = hg_store_intern(st, "E09000001", 9);
  o.period_text = hg_store_intern(st, "2017 - 19", 9);
  o.value = 82.1;
  o.lower95 = 80.5;
  o.upper95 = 83.7;
  const char *col = NULL;
  char msg[256];
  assert_int_equal(hg_validate_obs(st, &o, &col, msg, sizeof msg), HG_REJECT_NONE);
  o.lower998 = 84;
  assert_int_equal(hg_validate_obs(st, &o, &col, msg, sizeof msg), HG_REJECT_LIMITS);
  assert_string_equal(col, "lower_ci998");
  assert_string_equal(msg, "value 82.1 is below its lower 99.8% limit 84");
  o.lower998 = NAN;
  o.count = -1;
  assert_int_equal(hg_validate_obs(st, &o, NULL, NULL, 0), HG_REJECT_NEGATIVE_COUNT);
  o.count = 3;
  o.denominator = 0;
  assert_int_equal(hg_validate_obs(st, &o, &col, msg, sizeof msg), HG_REJECT_DENOMINATOR);
  assert_string_equal(col, "denominator");
  o.denominator = 100;
  o.source = hg_store_add_source(st, "m.csv");
  o.line = 9;
  assert_int_equal(hg_store_append(st, &o), HG_OK);
  assert_int_equal(hg_validate_obs(st, &o, &col, msg, sizeof msg), HG_REJECT_DUPLICATE);
  assert_string_equal(col, "");
  assert_string_equal(msg, "duplicate key (indicator, area, period, sex, age, category): first "
                           "seen on m.csv:9");
  long first = 0;
  assert_int_equal(hg_store_append_unique(st, &o, &first), HG_OK);
  assert_int_equal(first, 0);
  assert_int_equal(hg_store_size(st), 1);
  o.sex = hg_store_intern(st, "Male", 4); /* another key */
  assert_int_equal(hg_validate_obs(st, &o, &col, msg, sizeof msg), HG_REJECT_NONE);
  assert_string_equal(hg_reject_reason_name(HG_REJECT_DUPLICATE), "duplicate_key");
  hg_format f;
  assert_int_equal(hg_format_parse("Tidy", &f), HG_OK);
  assert_int_equal(f, HG_FORMAT_TIDY);
  assert_int_equal(hg_format_parse("xml", &f), HG_ERR_NOT_FOUND);
  hg_store_free(st);
}

/* rejects.csv: BOM, header, RFC 4180 quoting of raw rows. */
static void test_rejects_writer(void **state) {
  (void)state;
  char *buf = NULL;
  size_t len = 0;
  FILE *fp = open_memstream(&buf, &len);
  assert_non_null(fp);
  hg_rejects_writer *w = hg_rejects_writer_new(fp);
  hg_reject r = {.file = "a.csv",
                 .line = 3,
                 .column = "Value",
                 .reason = HG_REJECT_NOT_NUMBER,
                 .message = "not a number: 'abc'",
                 .raw = "\"1\",\"abc\""};
  hg_rejects_write(w, &r);
  assert_int_equal(hg_rejects_writer_finish(w), HG_OK);
  fclose(fp);
  assert_string_equal(buf, "\xEF\xBB\xBF"
                           "file,line,column,reason,raw,message\r\n"
                           "a.csv,3,Value,not_a_number,\"\"\"1\"\",\"\"abc\"\"\","
                           "not a number: 'abc'\r\n");
  free(buf);
}

/* The whole store as text, to compare two reads. */
static char *dump(const hg_store *st) {
  GString *s = g_string_new(NULL);
  for (size_t i = 0; i < hg_store_size(st); i++) {
    hg_obs o;
    hg_store_get(st, i, &o);
    g_string_append_printf(
        s, "%ld|%s|%s|%s|%s|%s|%s|%s|%s|%lld|%.17g|%.17g|%.17g|%.17g|%.17g|%d\n", o.line,
        hg_store_str(st, o.indicator_id), hg_store_str(st, o.indicator_name),
        hg_store_str(st, o.area_code), hg_store_str(st, o.area_name),
        hg_store_str(st, o.period_text), hg_store_str(st, o.sex), hg_store_str(st, o.value_note),
        hg_store_str(st, o.fp_compared_parent), (long long)o.period.sortable, o.value, o.lower95,
        o.upper95, o.count, o.denominator, (int)o.value_state);
  }
  return g_string_free(s, FALSE);
}

/* The same file read with every small buffer size and some larger ones: quoted
 * commas, doubled quotes, CRLF, a quoted CRLF and the BOM straddle every block
 * boundary, and the stores must be identical. */
static void test_buffer_boundaries(void **state) {
  (void)state;
  hg_read_options opt = {.buffer_size = 1 << 16};
  loaded *ref = load_opt("fixtures/boundaries.csv", opt);
  expect_ok(ref, 28, 0);
  char *want = dump(ref->st);
  hg_obs o;
  hg_store_get(ref->st, 8, &o);
  assert_string_equal(hg_store_str(ref->st, o.area_name), "Barking \"and\" Dagenham");
  hg_store_get(ref->st, 12, &o);
  assert_string_equal(hg_store_str(ref->st, o.area_name), "Line\r\nbreak borough");
  static const size_t big[] = {100, 127, 128, 255, 256, 1000, 4096, 7843, 7844, 100000};
  for (size_t k = 0; k < 64 + G_N_ELEMENTS(big); k++) {
    opt.buffer_size = k < 64 ? k + 1 : big[k - 64];
    loaded *l = load_opt("fixtures/boundaries.csv", opt);
    expect_ok(l, 28, 0);
    char *got = dump(l->st);
    if (strcmp(got, want) != 0)
      fail_msg("buffer size %zu gives a different store", opt.buffer_size);
    g_free(got);
    unload(l);
  }
  g_free(want);
  unload(ref);
}

/* Hostile and mistyped inputs (the reliability audit): a NUL byte is refused,
 * not cut; a mistyped ONS code is refused, not a second area; a GP practice
 * code passes; year 0000 is no period; 1e-400 is not silently 0; a period key
 * that contradicts its text gives way to the text, counted in the report. */
static void test_hostile_values(void **state) {
  (void)state;
  static const char csv[] = "indicator_id,area_code,area_name,period,period_sortable,value\n"
                            "1,E09000007,Cam\0den,2019,,5\n"
                            "1,e09000001,City,2019,,5\n"
                            "1,E09 000009,Ealing,2019,,5\n"
                            "1,F84003,A practice,2019,,5\n"
                            "1,E09000002,B,0000,,5\n"
                            "1,E09000003,C,2019,,1e-400\n"
                            "1,E09000004,D,2019,20250000,5\n"
                            "1,E09000005,E,2015,20150000,5\n";
  hg_store *st = hg_store_new();
  rejects rj = {g_ptr_array_new_with_free_func(g_free), g_ptr_array_new_with_free_func(g_free)};
  hg_read_options opt = {.on_reject = collect, .userdata = &rj};
  hg_read_report rep;
  hg_error err;
  assert_int_equal(hg_read_mem(st, "hostile.csv", csv, sizeof csv - 1, &opt, &rep, &err), HG_OK);
  assert_int_equal(rep.rows_read, 8);
  assert_int_equal(rep.accepted, 3);
  assert_int_equal(rj.lines->len, 5);
  assert_string_equal(g_ptr_array_index(rj.lines, 0),
                      "2|area_name|bad_text|a NUL byte in a text field");
  assert_string_equal(g_ptr_array_index(rj.lines, 1),
                      "3|area_code|bad_code|area code 'e09000001' is not an ONS code as written "
                      "(did you mean E09000001?)");
  assert_string_equal(g_ptr_array_index(rj.lines, 2),
                      "4|area_code|bad_code|area code 'E09 000009' is not an ONS code as written "
                      "(did you mean E09000009?)");
  assert_true(g_str_has_prefix(g_ptr_array_index(rj.lines, 3), "6|period|bad_period|"));
  assert_true(g_str_has_prefix(g_ptr_array_index(rj.lines, 4), "7|value|not_a_number|"));
  assert_int_equal(rep.sortable_replaced, 1);
  hg_obs o;
  hg_store_get(st, 1, &o); /* E09000004: 2019 with key 20250000 */
  assert_string_equal(hg_store_str(st, o.area_code), "E09000004");
  assert_int_equal(o.period.sortable, 20190000);
  hg_store_get(st, 2, &o);
  assert_int_equal(o.period.sortable, 20150000);
  g_ptr_array_free(rj.lines, TRUE);
  g_ptr_array_free(rj.raws, TRUE);
  hg_store_free(st);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_real_tobacco_export),
      cmocka_unit_test(test_bom_utf8),
      cmocka_unit_test(test_crlf),
      cmocka_unit_test(test_quoted_comma_area),
      cmocka_unit_test(test_doubled_quote),
      cmocka_unit_test(test_blank_leading_lines),
      cmocka_unit_test(test_no_final_newline),
      cmocka_unit_test(test_ragged_row),
      cmocka_unit_test(test_hostile_values),
      cmocka_unit_test(test_empty),
      cmocka_unit_test(test_header_only),
      cmocka_unit_test(test_non_number),
      cmocka_unit_test(test_negative_count),
      cmocka_unit_test(test_lower_above_upper),
      cmocka_unit_test(test_duplicate_key),
      cmocka_unit_test(test_keys_only),
      cmocka_unit_test(test_keys_only_many),
      cmocka_unit_test(test_latin1),
      cmocka_unit_test(test_suppressed_values),
      cmocka_unit_test(test_tidy_any_order),
      cmocka_unit_test(test_tidy_required_columns),
      cmocka_unit_test(test_forced_format_and_bad_header),
      cmocka_unit_test(test_strict_and_abort),
      cmocka_unit_test(test_stray_and_unclosed_quotes),
      cmocka_unit_test(test_last_row_raw_once),
      cmocka_unit_test(test_row_length_bounded),
      cmocka_unit_test(test_buffer_boundaries),
      cmocka_unit_test(test_value_rules_in_reader),
      cmocka_unit_test(test_numbers_match_strtod),
      cmocka_unit_test(test_validate_obs_api),
      cmocka_unit_test(test_rejects_writer),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
