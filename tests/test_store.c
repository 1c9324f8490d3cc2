/* test_store.c: the observation store and the Fingertips time-period parser.
 *
 * Expected period values come from Fingertips' TimePeriodFormatter formats
 * (docs/ingest.md, Time periods) and from the `Time period Sortable` column of real exports
 * (20190000 for `2019`, `2019/20`; the start year for ranges). */
#include "hg_test.h"

#include "store/internal.h"

#include <math.h>
#include <string.h>

typedef struct {
  const char *text;
  int start_year, start_month, quarter, length_months;
  hg_year_type type;
  long long sortable;
} period_case;

static const period_case periods[] = {
    /* calendar */
    {"2006", 2006, 1, 0, 12, HG_YEAR_CALENDAR, 20060000},
    {"2006 - 07", 2006, 1, 0, 24, HG_YEAR_CALENDAR, 20060000},
    {"2017 - 19", 2017, 1, 0, 36, HG_YEAR_CALENDAR, 20170000},
    {"2014 - 2016", 2014, 1, 0, 36, HG_YEAR_CALENDAR, 20140000},
    {"1998 - 02", 1998, 1, 0, 60, HG_YEAR_CALENDAR, 19980000},
    {"2006 Q1", 2006, 1, 1, 3, HG_YEAR_CALENDAR, 20060100},
    {"2017 Q3", 2017, 7, 3, 3, HG_YEAR_CALENDAR, 20170300},
    {"Jan 2009", 2009, 1, 0, 1, HG_YEAR_CALENDAR, 20090001},
    {"Aug 2014", 2014, 8, 0, 1, HG_YEAR_CALENDAR, 20140008},
    /* financial / academic */
    {"2006/07", 2006, 4, 0, 12, HG_YEAR_FINANCIAL, 20060000},
    {"2019/20", 2019, 4, 0, 12, HG_YEAR_FINANCIAL, 20190000},
    {"1999/00", 1999, 4, 0, 12, HG_YEAR_FINANCIAL, 19990000},
    {"2006/07 - 07/08", 2006, 4, 0, 24, HG_YEAR_FINANCIAL, 20060000},
    {"2017/18 - 19/20", 2017, 4, 0, 36, HG_YEAR_FINANCIAL, 20170000},
    {"2006/07 Q1", 2006, 4, 1, 3, HG_YEAR_FINANCIAL, 20060100},
    {"2006/07 Q4", 2007, 1, 4, 3, HG_YEAR_FINANCIAL, 20060400},
    /* rolling and cumulative quarters */
    {"2006/07 Q1 - 2006/07 Q4", 2006, 4, 1, 12, HG_YEAR_FINANCIAL_ROLLING_QUARTER, 20060100},
    {"2006/07 Q2 - 2007/08 Q1", 2006, 7, 2, 12, HG_YEAR_FINANCIAL_ROLLING_QUARTER, 20060200},
    {"2006 Q2 - 2007 Q1", 2006, 4, 2, 12, HG_YEAR_CALENDAR_ROLLING_QUARTER, 20060200},
    {"2006/07 Q1-Q2", 2006, 4, 2, 6, HG_YEAR_FINANCIAL_CUMULATIVE_QUARTER, 20060200},
    {"2006/07 Q1-Q4", 2006, 4, 4, 12, HG_YEAR_FINANCIAL_CUMULATIVE_QUARTER, 20060400},
    {"2013/14 Q1 - 2014/15 Q4", 2013, 4, 1, 24, HG_YEAR_FINANCIAL_MULTI_YEAR_QUARTER, 20130100},
    /* month ranges */
    {"Feb 2009 - Jan 2010", 2009, 2, 0, 12, HG_YEAR_CALENDAR_ROLLING_MONTH, 20090002},
    {"Aug 2006 - Jul 2007", 2006, 8, 0, 12, HG_YEAR_AUG_JUL, 20060000},
    {"Aug 2006 - Jul 2008", 2006, 8, 0, 24, HG_YEAR_AUG_JUL, 20060000},
    {"Aug 2006 - Jul 2009", 2006, 8, 0, 36, HG_YEAR_AUG_JUL, 20060000},
    {"Aug 2019 - Jul 2020", 2019, 8, 0, 12, HG_YEAR_AUG_JUL, 20190000},
    {"Mar 2006 - Feb 2007", 2006, 3, 0, 12, HG_YEAR_MAR_FEB, 20060000},
    {"Jul 2006 - Jun 2007", 2006, 7, 0, 12, HG_YEAR_JUL_JUN, 20060000},
    /* FingertipsNext's CSV download */
    {"2021 to 2023", 2021, 1, 0, 36, HG_YEAR_CALENDAR, 20210000},
    {"2020/21 to 2022/23", 2020, 4, 0, 36, HG_YEAR_FINANCIAL, 20200000},
    {"Jan - Mar 2023", 2023, 1, 0, 3, HG_YEAR_CALENDAR_ROLLING_MONTH, 20230001},
    {"Apr to Jun 2023", 2023, 4, 0, 3, HG_YEAR_CALENDAR_ROLLING_MONTH, 20230004},
    {"Nov - Jan 2024", 2023, 11, 0, 3, HG_YEAR_CALENDAR_ROLLING_MONTH, 20230011},
    {"Apr 2021 to Mar 2024", 2021, 4, 0, 36, HG_YEAR_CALENDAR_ROLLING_MONTH, 20210004},
    {"31 Mar 2022/23", 2022, 4, 0, 12, HG_YEAR_FINANCIAL, 20220000},
    /* spacing tolerated */
    {" 2019 ", 2019, 1, 0, 12, HG_YEAR_CALENDAR, 20190000},
    {"2017-19", 2017, 1, 0, 36, HG_YEAR_CALENDAR, 20170000},
};

static void test_period_formats(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof periods / sizeof periods[0]; i++) {
    const period_case *c = &periods[i];
    hg_period p;
    hg_status st = hg_period_parse(c->text, strlen(c->text), &p);
    if (st != HG_OK)
      fail_msg("period '%s' not parsed", c->text);
    if (p.start_year != c->start_year || p.start_month != c->start_month ||
        p.quarter != c->quarter || p.length_months != c->length_months || p.year_type != c->type ||
        p.sortable != c->sortable)
      fail_msg("period '%s': got start %d-%02d q%d len %d type %d sortable %lld", c->text,
               p.start_year, p.start_month, p.quarter, p.length_months, (int)p.year_type,
               (long long)p.sortable);
  }
}

static void test_period_rejects(void **state) {
  (void)state;
  static const char *const bad[] = {"",
                                    "19",
                                    "2019/21",
                                    "2019 Q5",
                                    "2019 Q1-Q2",
                                    "Foo 2019",
                                    "2019 - 2017",
                                    "2019/20 - 2019",
                                    "2019 -",
                                    "2019x",
                                    "Jan 19",
                                    "20190",
                                    "2019/20 Q3-Q1",
                                    "2019 Q1 - 2019",
                                    "Jan",
                                    "Jan - 2023",
                                    "2019 to",
                                    "to 2019",
                                    "31 Mar 2022",
                                    "Jan - Mar",
                                    "2019 to 2017"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    hg_period p;
    if (hg_period_parse(bad[i], strlen(bad[i]), &p) != HG_ERR_PARSE)
      fail_msg("period '%s' should not parse", bad[i]);
  }
  /* Not NUL-terminated: only len bytes are read. */
  hg_period p;
  assert_int_equal(hg_period_parse("2019/20xx", 7, &p), HG_OK);
  assert_int_equal(p.year_type, HG_YEAR_FINANCIAL);
}

static void test_period_sort_and_mid(void **state) {
  (void)state;
  hg_period a, b, c;
  assert_int_equal(hg_period_parse("2016 - 18", 9, &a), HG_OK);
  assert_int_equal(hg_period_parse("2017 - 19", 9, &b), HG_OK);
  assert_int_equal(hg_period_parse("2017 Q2", 7, &c), HG_OK);
  assert_true(a.sortable < b.sortable && b.sortable < c.sortable);
  hg_assert_close(hg_period_mid_year(&b), 2018.5, 1e-12, "2017 - 19 midpoint");
  hg_period y;
  assert_int_equal(hg_period_parse("2019", 4, &y), HG_OK);
  hg_assert_close(hg_period_mid_year(&y), 2019.5, 1e-12, "2019 midpoint");
  hg_period s;
  assert_int_equal(hg_period_from_sortable(20190300, &s), HG_OK);
  assert_int_equal(s.start_year, 2019);
  assert_int_equal(s.quarter, 3);
  assert_int_equal(s.start_month, 7);
  assert_int_equal(s.length_months, 3);
  assert_int_equal(hg_period_from_sortable(20190500, &s), HG_ERR_PARSE);
  assert_int_equal(hg_period_from_sortable(2019, &s), HG_ERR_PARSE);
}

static void test_store_intern_and_rows(void **state) {
  (void)state;
  hg_store *st = hg_store_new();
  assert_non_null(st);
  assert_int_equal(hg_store_intern(st, "", 0), 0);
  assert_string_equal(hg_store_str(st, 0), "");
  hg_str a = hg_store_intern(st, "E09000001xx", 9);
  hg_str b = hg_store_intern(st, "E09000001", 9);
  assert_true(a != 0 && a == b);
  assert_string_equal(hg_store_str(st, a), "E09000001");
  assert_int_equal(hg_store_lookup(st, "E09000001"), a);
  assert_int_equal(hg_store_lookup(st, "E09000002"), 0);
  assert_string_equal(hg_store_str(st, 9999), "");
  const char *kept = hg_store_str(st, a);
  for (int i = 0; i < 5000; i++) { /* growth must not move interned texts */
    char buf[32];
    int n = snprintf(buf, sizeof buf, "area-%d", i);
    hg_store_intern(st, buf, (size_t)n);
  }
  assert_ptr_equal(hg_store_str(st, a), kept);

  uint32_t src = hg_store_add_source(st, "x.csv");
  assert_string_equal(hg_store_source_name(st, src), "x.csv");
  hg_obs o;
  hg_obs_init(&o);
  assert_true(isnan(o.value) && isnan(o.count) && o.value_state == HG_VALUE_MISSING);
  o.indicator_id = hg_store_intern(st, "92443", 5);
  o.area_code = a;
  o.period_text = hg_store_intern(st, "2019", 4);
  o.value = 12.5;
  o.value_state = HG_VALUE_PRESENT;
  o.source = src;
  o.line = 7;
  assert_int_equal(hg_store_find(st, &o), -1);
  assert_int_equal(hg_store_append(st, &o), HG_OK);
  o.area_code = hg_store_intern(st, "E09000002", 9);
  o.value = NAN;
  o.value_state = HG_VALUE_SUPPRESSED;
  assert_int_equal(hg_store_append(st, &o), HG_OK);
  assert_int_equal(hg_store_size(st), 2);
  assert_int_equal(hg_store_find(st, &o), 1);
  hg_obs g;
  hg_store_get(st, 0, &g);
  assert_int_equal(g.area_code, a);
  assert_true(g.value == 12.5);
  assert_int_equal(g.line, 7);
  assert_int_equal(g.value_state, HG_VALUE_PRESENT);
  hg_store_get(st, 1, &g);
  assert_true(isnan(g.value));
  assert_int_equal(g.value_state, HG_VALUE_SUPPRESSED);
  hg_store_get(st, 2, &g); /* out of range: an empty row */
  assert_true(isnan(g.value));
  hg_store_free(st);
  hg_store_free(NULL);
}

/* Duplicate keys: found by hg_store_append_unique and hg_store_find whatever
 * the hash does, including when every key shares one hash (the fallback). */
static void check_key_index(int clash) {
  hg_store *st = hg_store_new();
  if (clash)
    hg_store_test_clash_all(st);
  hg_str areas[3] = {hg_store_intern(st, "E09000001", 9), hg_store_intern(st, "E09000002", 9),
                     hg_store_intern(st, "E09000003", 9)};
  hg_str sexes[2] = {hg_store_intern(st, "Male", 4), hg_store_intern(st, "Female", 6)};
  /* Interning: distinct texts get distinct ids, the same text its old id. */
  assert_true(areas[0] != areas[1] && areas[1] != areas[2] && areas[0] != areas[2]);
  assert_true(sexes[0] != sexes[1] && sexes[0] != areas[0]);
  assert_int_equal(hg_store_intern(st, "E09000002", 9), areas[1]);
  assert_int_equal(hg_store_intern(st, "Female, etc", 6), sexes[1]);
  assert_int_equal(hg_store_lookup(st, "E09000003"), areas[2]);
  assert_int_equal(hg_store_lookup(st, "E0900000"), 0);
  assert_int_equal(hg_store_intern(st, "a\0b", 3), hg_store_intern(st, "a\0b", 3));
  assert_true(hg_store_intern(st, "a\0b", 3) != hg_store_intern(st, "a\0c", 3));
  hg_obs o;
  hg_obs_init(&o);
  o.indicator_id = hg_store_intern(st, "92443", 5);
  o.period_text = hg_store_intern(st, "2019", 4);
  long first;
  for (int a = 0; a < 3; a++)
    for (int s = 0; s < 2; s++) {
      o.area_code = areas[a];
      o.sex = sexes[s];
      assert_int_equal(hg_store_find(st, &o), -1);
      assert_int_equal(hg_store_append_unique(st, &o, &first), HG_OK);
      assert_int_equal(first, -1);
    }
  assert_int_equal(hg_store_size(st), 6);
  /* Row 3 is area 2, Female: the same key again is a duplicate of it. */
  o.area_code = areas[1];
  o.sex = sexes[1];
  assert_int_equal(hg_store_find(st, &o), 3);
  assert_int_equal(hg_store_append_unique(st, &o, &first), HG_OK);
  assert_int_equal(first, 3);
  assert_int_equal(hg_store_size(st), 6);
  /* hg_store_append keeps a duplicate row but the index still names the first. */
  assert_int_equal(hg_store_append(st, &o), HG_OK);
  assert_int_equal(hg_store_size(st), 7);
  assert_int_equal(hg_store_find(st, &o), 3);
  /* Any one id differing makes a new key. */
  o.age = hg_store_intern(st, "18+ yrs", 7);
  assert_int_equal(hg_store_find(st, &o), -1);
  assert_int_equal(hg_store_append_unique(st, &o, &first), HG_OK);
  assert_int_equal(first, -1);
  assert_int_equal(hg_store_find(st, &o), 7);
  hg_store_free(st);
}

static void test_store_key_index(void **state) {
  (void)state;
  check_key_index(0);
  check_key_index(1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_period_formats),      cmocka_unit_test(test_period_rejects),
      cmocka_unit_test(test_period_sort_and_mid), cmocka_unit_test(test_store_intern_and_rows),
      cmocka_unit_test(test_store_key_index),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
