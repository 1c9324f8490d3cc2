/* test_benchmark.c: comparator methods and labels, against Fingertips' published
 * comparisons (FingertipsNext readmissions responses) and hand-checkable cases. */
#include "hg_test.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#define DATA "tests/data/benchmark/"

static double member_num(JsonObject *o, const char *name) {
  if (!json_object_has_member(o, name) || json_object_get_null_member(o, name))
    return NAN;
  return json_object_get_double_member(o, name);
}

/* Replays one FingertipsNext benchmark response: every data point's outcome is
 * recomputed from value, limits, the benchmark value and the response's polarity
 * and method.  Returns the number of outcomes checked. */
static int replay(const char *path, int *self_skipped) {
  GError *gerr = NULL;
  JsonParser *parser = json_parser_new();
  assert_true(json_parser_load_from_file(parser, path, &gerr));
  JsonObject *root = json_node_get_object(json_parser_get_root(parser));
  hg_polarity pol;
  assert_int_equal(hg_polarity_parse(json_object_get_string_member(root, "polarity"), &pol), HG_OK);
  hg_comparator method;
  assert_int_equal(
      hg_comparator_parse(json_object_get_string_member(root, "benchmarkMethod"), &method), HG_OK);
  assert_int_equal(method, HG_COMPARATOR_CI95);
  int checked = 0;
  *self_skipped = 0;
  JsonArray *areas = json_object_get_array_member(root, "areaHealthData");
  for (guint a = 0; a < json_array_get_length(areas); a++) {
    JsonObject *area = json_array_get_object_element(areas, a);
    const char *area_code = json_object_get_string_member(area, "areaCode");
    JsonArray *segs = json_object_get_array_member(area, "indicatorSegments");
    for (guint s = 0; s < json_array_get_length(segs); s++) {
      JsonObject *seg = json_array_get_object_element(segs, s);
      const char *sex =
          json_object_get_string_member(json_object_get_object_member(seg, "sex"), "value");
      JsonArray *hd = json_object_get_array_member(seg, "healthData");
      /* The latest point carries Fingertips' recent trend: 41101 is an indirectly
       * standardised proportion (Fingertips' metadata), so it cannot be calculated. */
      guint np = json_array_get_length(hd);
      hg_trend_point tp[16];
      assert_true(np <= 16);
      for (guint i = 0; i < np; i++) {
        JsonObject *pt = json_array_get_object_element(hd, i);
        tp[i] = (hg_trend_point){member_num(pt, "value"), member_num(pt, "lowerCi"),
                                 member_num(pt, "upperCi"), member_num(pt, "count"), NAN};
      }
      hg_trend_options to = {.value_type = HG_VT_ISP};
      hg_trend tr;
      assert_int_equal(hg_recent_trend(tp, np, &to, &tr), HG_OK);
      assert_string_equal(
          hg_trend_label(tr.result, pol),
          json_object_get_string_member(json_array_get_object_element(hd, np - 1), "trend"));
      for (guint i = 0; i < json_array_get_length(hd); i++) {
        JsonObject *pt = json_array_get_object_element(hd, i);
        JsonNode *bn = json_object_get_member(pt, "benchmarkComparison");
        if (bn == NULL || JSON_NODE_HOLDS_NULL(bn)) {
          /* The Persons segment benchmarked against Persons: never compared
           * with itself.  Our guard gives the same. */
          hg_benchmark_input in = {.area_code = sex,
                                   .reference_code = "Persons",
                                   .value = member_num(pt, "value"),
                                   .lower95 = member_num(pt, "lowerCi"),
                                   .upper95 = member_num(pt, "upperCi"),
                                   .reference_value = member_num(pt, "value")};
          hg_comparison c = hg_benchmark_compare(&in, method, pol);
          assert_false(c.compared);
          (*self_skipped)++;
          continue;
        }
        JsonObject *b = json_node_get_object(bn);
        const char *want = json_object_get_string_member(b, "outcome");
        const char *ref_code = json_object_get_string_member(b, "benchmarkAreaCode");
        /* In the by-sex response the benchmark area is the same area (Persons);
         * the reference identity is the sex segment there. */
        int by_sex = strcmp(ref_code, area_code) == 0;
        hg_benchmark_input in = {.area_code = by_sex ? sex : area_code,
                                 .reference_code = by_sex ? "Persons" : ref_code,
                                 .value = member_num(pt, "value"),
                                 .lower95 = member_num(pt, "lowerCi"),
                                 .upper95 = member_num(pt, "upperCi"),
                                 .reference_value = member_num(b, "benchmarkValue")};
        hg_comparison c = hg_benchmark_compare(&in, method, pol);
        const char *got = hg_benchmark_label(c, pol);
        if (strcmp(got, want) != 0) {
          print_error("%s %s %s point %u: got %s, want %s\n", path, area_code, sex, i, got, want);
          fail();
        }
        checked++;
      }
    }
  }
  g_object_unref(parser);
  return checked;
}

/* Excel PERCENTILE.INC, Microsoft's documented example: PERCENTILE.INC({1,3,2,4},
 * 0.3) = 1.9; the ends are the minimum and maximum. */
static void test_percentile_inc(void **state) {
  (void)state;
  const double v[4] = {1, 2, 3, 4}; /* sorted */
  hg_assert_close(hg_percentile_inc(v, 4, 0.3), 1.9, 1e-12, "PERCENTILE.INC 0.3");
  hg_assert_close(hg_percentile_inc(v, 4, 0), 1, 0, "min");
  hg_assert_close(hg_percentile_inc(v, 4, 1), 4, 0, "max");
  assert_true(isnan(hg_percentile_inc(v, 0, 0.5)));
}

static void test_readmissions_vs_england(void **state) {
  (void)state;
  int self;
  /* 3 segments x 11 financial years, all against England. */
  assert_int_equal(replay(DATA "london_region_41101_readmissions_vs_england.json", &self), 33);
  assert_int_equal(self, 0);
}

static void test_readmissions_by_sex(void **state) {
  (void)state;
  int self;
  /* Male and Female against Persons (22); Persons not compared with itself (11). */
  assert_int_equal(replay(DATA "london_region_41101_readmissions_by_sex_vs_persons.json", &self),
                   22);
  assert_int_equal(self, 11);
}

static void test_ci_rules_and_labels(void **state) {
  (void)state;
  hg_comparison c = hg_compare_ci(14.8, 14.8, 14.9, 14.8); /* on the limit: Similar */
  assert_true(c.compared);
  assert_int_equal(c.direction, 0);
  assert_string_equal(hg_benchmark_label(c, HG_POLARITY_LOW_IS_GOOD), "Similar");
  c = hg_compare_ci(12.0, 11.0, 12.5, 13.0);
  assert_int_equal(c.direction, -1);
  assert_string_equal(hg_benchmark_label(c, HG_POLARITY_LOW_IS_GOOD), "Better");
  assert_string_equal(hg_benchmark_label(c, HG_POLARITY_HIGH_IS_GOOD), "Worse");
  assert_string_equal(hg_benchmark_label(c, HG_POLARITY_BOB), "Lower");
  assert_string_equal(hg_benchmark_label(c, HG_POLARITY_NOT_APPLICABLE), "Not compared");
  c = hg_compare_ci(12.0, NAN, 12.5, 13.0);
  assert_string_equal(hg_benchmark_label(c, HG_POLARITY_LOW_IS_GOOD), "Not compared");
  /* Five-way: ref 13 between UCI95 12.5 and UCI99.8 13.5 -> 95% level only. */
  c = hg_compare_ci_two_level(12.0, 11.0, 12.5, 10.5, 13.5, 13.0);
  assert_int_equal(c.level, 1);
  assert_string_equal(hg_benchmark_label5(c, HG_POLARITY_LOW_IS_GOOD), "Better 95%");
  c = hg_compare_ci_two_level(12.0, 11.0, 12.5, 10.5, 13.5, 14.0);
  assert_int_equal(c.level, 2);
  assert_string_equal(hg_benchmark_label5(c, HG_POLARITY_LOW_IS_GOOD), "Better 99.8%");
  assert_string_equal(hg_benchmark_label5(c, HG_POLARITY_HIGH_IS_GOOD), "Worse 99.8%");
  assert_string_equal(hg_benchmark_label5(c, HG_POLARITY_BOB), "Lowest");
  assert_string_equal(hg_benchmark_label(c, HG_POLARITY_LOW_IS_GOOD), "Better");
  /* never against itself */
  hg_benchmark_input in = {.area_code = "E12000007",
                           .reference_code = "E12000007",
                           .value = 1,
                           .lower95 = 0,
                           .upper95 = 2,
                           .reference_value = 5};
  assert_false(hg_benchmark_compare(&in, HG_COMPARATOR_CI95, HG_POLARITY_LOW_IS_GOOD).compared);
}

static void test_spc(void **state) {
  (void)state;
  /* N = 100, P0 = 50%: Wilson-form control limits 40.4% .. 59.6% by hand. */
  assert_int_equal(hg_compare_spc_proportion(40.0, 100, 50, 100, 0.95).direction, -1);
  assert_int_equal(hg_compare_spc_proportion(41.0, 100, 50, 100, 0.95).direction, 0);
  assert_int_equal(hg_compare_spc_proportion(60.0, 100, 50, 100, 0.95).direction, 1);
  /* 100 expected events: exact Poisson 95% limits 81.36 .. 121.63 (standard tables). */
  assert_int_equal(hg_compare_spc_dsr(81.0, 100000, 100, 100000, 0.95).direction, -1);
  assert_int_equal(hg_compare_spc_dsr(81.5, 100000, 100, 100000, 0.95).direction, 0);
  assert_int_equal(hg_compare_spc_dsr(121.5, 100000, 100, 100000, 0.95).direction, 0);
  assert_int_equal(hg_compare_spc_dsr(121.8, 100000, 100, 100000, 0.95).direction, 1);
}

static void test_quantiles(void **state) {
  (void)state;
  /* 1..10: PERCENTILE.INC bounds 2.8, 4.6, 6.4, 8.2, 10 (by hand). */
  double v[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, NAN};
  int cat[11];
  assert_int_equal(hg_benchmark_quantiles(v, 11, 5, HG_POLARITY_LOW_IS_GOOD, cat), HG_OK);
  int want[] = {1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 0};
  for (int i = 0; i < 11; i++)
    assert_int_equal(cat[i], want[i]);
  assert_string_equal(hg_quantile_label(cat[0], 5, HG_POLARITY_LOW_IS_GOOD), "Lowest quintile");
  assert_string_equal(hg_quantile_word(cat[0], 5, HG_POLARITY_LOW_IS_GOOD), "Best");
  assert_int_equal(hg_benchmark_quantiles(v, 11, 5, HG_POLARITY_HIGH_IS_GOOD, cat), HG_OK);
  assert_int_equal(cat[0], 5); /* lowest value is worst when high is good */
  assert_string_equal(hg_quantile_word(cat[0], 5, HG_POLARITY_HIGH_IS_GOOD), "Worst");
  assert_string_equal(hg_quantile_label(cat[0], 5, HG_POLARITY_HIGH_IS_GOOD), "Lowest quintile");
  assert_string_equal(hg_quantile_word(3, 5, HG_POLARITY_BOB), "Middle");
  assert_int_equal(hg_benchmark_quantiles(v, 4, 5, HG_POLARITY_BOB, cat), HG_OK);
  assert_int_equal(cat[0], 0); /* fewer than 5 values */
  assert_int_equal(hg_benchmark_quantiles(v, 4, 4, HG_POLARITY_BOB, cat), HG_OK);
  assert_int_equal(cat[3], 4);
  assert_string_equal(hg_quantile_label(4, 4, HG_POLARITY_BOB), "Highest quartile");
  assert_int_equal(hg_benchmark_quantiles(v, 4, 3, HG_POLARITY_BOB, cat), HG_ERR_RANGE);
}

static void test_parsers(void **state) {
  (void)state;
  hg_polarity p;
  assert_int_equal(hg_polarity_parse("RAG - High is good", &p), HG_OK);
  assert_int_equal(p, HG_POLARITY_HIGH_IS_GOOD);
  assert_int_equal(hg_polarity_parse("BOB - Blue orange blue", &p), HG_OK);
  assert_int_equal(p, HG_POLARITY_BOB);
  assert_int_equal(hg_polarity_parse("sideways", &p), HG_ERR_PARSE);
  hg_comparator c;
  assert_int_equal(hg_comparator_parse("ci95_998", &c), HG_OK);
  assert_int_equal(c, HG_COMPARATOR_CI95_998);
  assert_string_equal(hg_comparator_name(HG_COMPARATOR_SPC_DSR), "spc_dsr");
  assert_int_equal(hg_comparator_parse("Quintiles", &c), HG_OK);
  assert_int_equal(c, HG_COMPARATOR_QUINTILES);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_percentile_inc),
      cmocka_unit_test(test_readmissions_vs_england),
      cmocka_unit_test(test_readmissions_by_sex),
      cmocka_unit_test(test_ci_rules_and_labels),
      cmocka_unit_test(test_spc),
      cmocka_unit_test(test_quantiles),
      cmocka_unit_test(test_parsers),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
