/* test_changes.c: results/changes.csv from two hand-made indicators.csv files. */
#include "hg_test.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static hg_table *mem(const char *name, const char *text) {
  hg_table *t = NULL;
  hg_error err;
  assert_int_equal(hg_table_read_mem(name, text, strlen(text), NULL, &t, &err), HG_OK);
  return t;
}

#define HDR                                                                                        \
  "indicator_id,area_code,period,period_sortable,sex,age,category_type,category,value,"            \
  "compared_to_england,compared_to_london,recent_trend,target_status\n"

static void test_changes(void **state) {
  (void)state;
  hg_table *prev =
      mem("prev.csv",
          HDR "92443,E09000002,2018,20180000,Persons,18+ yrs,,,19.1,Worse,Worse,,\n"
              "92443,E09000002,2019,20190000,Persons,18+ yrs,,,18.0653,Similar,Worse,No "
              "significant change,off track\n"
              "92443,E09000003,2019,20190000,Persons,18+ yrs,,,11.1346,Similar,Similar,,\n");
  hg_table *cur =
      mem("cur.csv", HDR "92443,E09000002,2018,20180000,Persons,18+ yrs,,,19.2,Worse,Worse,,\n"
                         "92443,E09000002,2019,20190000,Persons,18+ yrs,,,18.0653,Worse,Worse,,\n"
                         "92443,E09000002,2020,20200000,Persons,18+ "
                         "yrs,,,17,Similar,Similar,Decreasing and getting better,on track\n");
  hg_changes *ch = NULL;
  hg_error err;
  assert_int_equal(hg_changes_compare(prev, cur, &ch, &err), HG_OK);
  char *buf = NULL;
  size_t len = 0;
  FILE *fp = open_memstream(&buf, &len);
  assert_int_equal(hg_changes_write_csv(ch, fp), HG_OK);
  fclose(fp);
  const char *want = "\xEF\xBB\xBF"
                     "change_type,indicator_id,area_code,period,sex,category,before,after\r\n"
                     "new_period,92443,E09000002,2020,Persons,,,17\r\n"
                     "removed,92443,E09000003,2019,Persons,,11.1346,\r\n"
                     "significance_england,92443,E09000002,2019,Persons,,Similar,Worse\r\n"
                     "target_status_changed,92443,E09000002,2020,Persons,,off track,on track\r\n"
                     "trend_changed,92443,E09000002,2020,Persons,,No significant change,Decreasing "
                     "and getting better\r\n"
                     "value_revised,92443,E09000002,2018,Persons,,19.1,19.2\r\n";
  assert_string_equal(buf, want);
  assert_int_equal(hg_changes_size(ch), 6);
  free(buf);
  hg_changes_free(ch);
  hg_table_free(prev);
  hg_table_free(cur);
}

/* The same comparison from files, as a run makes it (hg_changes_compare_files
 * streams them): the previous file with a BOM, CRLF and a quoted cell. */
static void test_changes_files(void **state) {
  (void)state;
  char *dir = g_dir_make_tmp("hg-changes-XXXXXX", NULL);
  char *prev = g_build_filename(dir, "prev.csv", NULL),
       *cur = g_build_filename(dir, "cur.csv", NULL);
  const char *ptext =
      "\xEF\xBB\xBF" HDR "92443,E09000002,2018,20180000,Persons,18+ yrs,,,19.1,Worse,Worse,,\r\n"
      "92443,E09000002,2019,20190000,Persons,\"18+ yrs\",,,18.0653,Similar,Worse,\"No "
      "significant change\",off track\r\n"
      "92443,E09000003,2019,20190000,Persons,18+ yrs,,,11.1346,Similar,Similar,,\r\n";
  const char *ctext = HDR "92443,E09000002,2018,20180000,Persons,18+ yrs,,,19.2,Worse,Worse,,\n"
                          "92443,E09000002,2019,20190000,Persons,18+ yrs,,,18.0653,Worse,Worse,,\n"
                          "92443,E09000002,2020,20200000,Persons,18+ "
                          "yrs,,,17,Similar,Similar,Decreasing and getting better,on track\n";
  assert_true(g_file_set_contents(prev, ptext, -1, NULL));
  assert_true(g_file_set_contents(cur, ctext, -1, NULL));
  hg_changes *ch = NULL;
  hg_error err;
  for (int jobs = 1; jobs <= 2; jobs++) { /* 2: the two files read at once, the same answer */
    assert_int_equal(hg_changes_compare_files(prev, cur, jobs, &ch, &err), HG_OK);
    assert_int_equal(hg_changes_size(ch), 6);
    static const char *const want[][3] = {
        {"new_period", "2020", "17"},
        {"removed", "2019", ""},
        {"significance_england", "2019", "Worse"},
        {"target_status_changed", "2020", "on track"},
        {"trend_changed", "2020", "Decreasing and getting better"},
        {"value_revised", "2018", "19.2"}};
    for (size_t i = 0; i < 6; i++) {
      const hg_change *x = hg_changes_at(ch, i);
      assert_string_equal(x->change_type, want[i][0]);
      assert_string_equal(x->period, want[i][1]);
      assert_string_equal(x->after, want[i][2]);
    }
    assert_string_equal(hg_changes_at(ch, 1)->area_code, "E09000003");
    assert_string_equal(hg_changes_at(ch, 4)->before, "No significant change");
    hg_changes_free(ch);
  }
  /* The same bytes have no changes (answered without parsing); one byte
   * changed at the very end of a file of the same size is still found, by the
   * full comparison. */
  assert_true(g_file_set_contents(cur, ptext, -1, NULL));
  for (int jobs = 1; jobs <= 2; jobs++) {
    assert_int_equal(hg_changes_compare_files(prev, cur, jobs, &ch, &err), HG_OK);
    assert_int_equal(hg_changes_size(ch), 0);
    hg_changes_free(ch);
  }
  char *late = g_strdup(ptext);
  char *v = strstr(late, "11.1346");
  assert_non_null(v);
  v[6] = '7'; /* 11.1347: the last value of the file */
  assert_true(g_file_set_contents(cur, late, -1, NULL));
  for (int jobs = 1; jobs <= 2; jobs++) {
    assert_int_equal(hg_changes_compare_files(prev, cur, jobs, &ch, &err), HG_OK);
    assert_int_equal(hg_changes_size(ch), 1);
    assert_string_equal(hg_changes_at(ch, 0)->change_type, "value_revised");
    assert_string_equal(hg_changes_at(ch, 0)->before, "11.1346");
    assert_string_equal(hg_changes_at(ch, 0)->after, "11.1347");
    hg_changes_free(ch);
  }
  g_free(late);
  /* a file without the value column is not comparable, and says which: the
   * current one, then both (the previous file's error comes first) */
  assert_true(g_file_set_contents(cur, "indicator_id,area_code,period\n1,E1,2019\n", -1, NULL));
  for (int jobs = 1; jobs <= 2; jobs++) {
    assert_int_equal(hg_changes_compare_files(prev, cur, jobs, &ch, &err), HG_ERR_FORMAT);
    assert_string_equal(err.column, "value");
    assert_non_null(strstr(err.file, "cur.csv"));
    assert_null(ch);
  }
  assert_true(g_file_set_contents(prev, "indicator_id,area_code,value\n1,E1,2\n", -1, NULL));
  for (int jobs = 1; jobs <= 2; jobs++) {
    assert_int_equal(hg_changes_compare_files(prev, cur, jobs, &ch, &err), HG_ERR_FORMAT);
    assert_string_equal(err.column, "period");
    assert_non_null(strstr(err.file, "prev.csv"));
    assert_null(ch);
  }
  remove(prev);
  remove(cur);
  g_rmdir(dir);
  g_free(prev);
  g_free(cur);
  g_free(dir);
}

static void test_missing_column(void **state) {
  (void)state;
  hg_table *a = mem("a.csv", "indicator_id,area_code,period\n1,E1,2019\n");
  hg_table *b = mem("b.csv", HDR);
  hg_changes *ch = NULL;
  hg_error err;
  assert_int_equal(hg_changes_compare(a, b, &ch, &err), HG_ERR_FORMAT);
  assert_string_equal(err.column, "value");
  assert_null(ch);
  hg_table_free(a);
  hg_table_free(b);
}

/* A first run has nothing to compare with: the file is its header alone
 * (docs/outputs.md), not missing. */
static void test_first_run(void **state) {
  (void)state;
  char *buf = NULL;
  size_t len = 0;
  FILE *fp = open_memstream(&buf, &len);
  assert_int_equal(hg_changes_write_csv(NULL, fp), HG_OK);
  fclose(fp);
  assert_string_equal(buf,
                      "\xEF\xBB\xBF"
                      "change_type,indicator_id,area_code,period,sex,category,before,after\r\n");
  free(buf);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_changes), cmocka_unit_test(test_changes_files),
      cmocka_unit_test(test_missing_column), cmocka_unit_test(test_first_run)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
