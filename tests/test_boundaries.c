/* test_boundaries.c: the GeoJSON reader (engine/ingest/boundaries.c): feature
 * and ring counts against the real boundary files (counted independently with
 * a JSON tool: Polygons, MultiPolygon parts, no holes), the Fingertips MSOA
 * file's "Polygon" typed MultiPolygon nesting, subsets, and its errors. */
#include "hg_test.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#define TOBACCO "tests/data/charts/fingertips_tobacco_profile_london_2019.csv"
#define BOROUGHS "tests/data/charts/london_boroughs_ctyua_dec2023_bsc.geojson"

/* An ICB's boroughs (ONS LAD -> ICB lookup, April 2023: NHS North West London
 * is these eight) cut out of the London file: eight features, each with the
 * rings it had, and nothing for codes that are not there. */
static void test_geojson_subset(void **state) {
  (void)state;
  static const char *const nwl[] = {"E09000005", "E09000009", "E09000013", "E09000015",
                                    "E09000017", "E09000018", "E09000020", "E09000033"};
  hg_boundaries *g = NULL, *s = NULL;
  hg_error err;
  assert_int_equal(hg_boundaries_read(BOROUGHS, NULL, &g, &err), HG_OK);
  assert_int_equal(hg_boundaries_subset(g, nwl, G_N_ELEMENTS(nwl), &s), HG_OK);
  assert_int_equal(hg_boundaries_count(s), 8);
  for (size_t i = 0; i < hg_boundaries_count(s); i++) {
    int known = 0;
    for (size_t k = 0; k < G_N_ELEMENTS(nwl); k++)
      known |= strcmp(hg_boundaries_code(s, i), nwl[k]) == 0;
    assert_true(known);
    for (size_t k = 0; k < hg_boundaries_count(g); k++)
      if (strcmp(hg_boundaries_code(g, k), hg_boundaries_code(s, i)) == 0) {
        assert_int_equal(hg_boundaries_rings(s, i), hg_boundaries_rings(g, k));
        assert_string_equal(hg_boundaries_name(s, i), hg_boundaries_name(g, k));
      }
  }
  hg_boundaries_free(s);
  static const char *const none[] = {"E02000001"};
  s = (hg_boundaries *)1;
  assert_int_equal(hg_boundaries_subset(g, none, 1, &s), HG_ERR_EMPTY);
  assert_null(s);
  hg_boundaries_free(g);
}

static void test_geojson_boroughs(void **state) {
  (void)state;
  hg_boundaries *g = NULL;
  hg_error err;
  assert_int_equal(hg_boundaries_read(BOROUGHS, NULL, &g, &err), HG_OK);
  assert_int_equal(hg_boundaries_count(g), 33);
  size_t rings = 0;
  for (size_t i = 0; i < hg_boundaries_count(g); i++) {
    rings += hg_boundaries_rings(g, i);
    assert_true(g_str_has_prefix(hg_boundaries_code(g, i), "E09"));
    assert_non_null(hg_boundaries_name(g, i));
  }
  assert_int_equal(rings, 46); /* 27 Polygons + 6 MultiPolygons = 46 parts, no holes */
  hg_boundaries_free(g);
  /* ICBs: 5 features, 3 Polygons + 2 MultiPolygons = 13 parts */
  assert_int_equal(
      hg_boundaries_read("tests/data/charts/london_icbs_apr2023_bsc.geojson", NULL, &g, &err),
      HG_OK);
  assert_int_equal(hg_boundaries_count(g), 5);
  rings = 0;
  for (size_t i = 0; i < hg_boundaries_count(g); i++)
    rings += hg_boundaries_rings(g, i);
  assert_int_equal(rings, 13);
  hg_boundaries_free(g);
  /* MSOAs: "Polygon" geometries nested like MultiPolygons; 983 features, 992 parts */
  assert_int_equal(
      hg_boundaries_read("fixtures/charts/london_msoa2011_fingertips_simplified.geojson", NULL, &g,
                         &err),
      HG_OK);
  assert_int_equal(hg_boundaries_count(g), 983);
  rings = 0;
  for (size_t i = 0; i < hg_boundaries_count(g); i++)
    rings += hg_boundaries_rings(g, i);
  assert_int_equal(rings, 992);
  assert_true(g_str_has_prefix(hg_boundaries_code(g, 0), "E02"));
  hg_boundaries_free(g);
  assert_int_equal(hg_boundaries_read("tests/data/charts/nope.geojson", NULL, &g, &err), HG_ERR_IO);
  assert_null(g);
  assert_int_equal(hg_boundaries_read(TOBACCO, NULL, &g, &err), HG_ERR_PARSE);
}

/* A feature without coordinates is skipped but counted as read; a collection
 * of none is HG_ERR_EMPTY; JSON that is not a FeatureCollection is
 * HG_ERR_FORMAT; the messages name the file. */
static void test_geojson_skips_and_errors(void **state) {
  (void)state;
  char *dir = g_dir_make_tmp("hgbndXXXXXX", NULL);
  assert_non_null(dir);
  char *p = g_build_filename(dir, "a.geojson", NULL);
  const char *two =
      "{\"type\": \"FeatureCollection\", \"features\": ["
      "{\"type\": \"Feature\", \"properties\": {\"LAD23CD\": \"E09000001\", "
      "\"LAD23NM\": \"City of London\"}, \"geometry\": {\"type\": \"Polygon\", "
      "\"coordinates\": [[[-0.1, 51.5], [-0.09, 51.5], [-0.09, 51.52], [-0.1, 51.5]]]}},"
      "{\"type\": \"Feature\", \"properties\": {\"LAD23CD\": \"E09000002\"}, "
      "\"geometry\": null}]}";
  assert_true(g_file_set_contents(p, two, -1, NULL));
  hg_boundaries *g = NULL;
  hg_error err;
  hg_error_clear(&err);
  assert_int_equal(hg_boundaries_read(p, NULL, &g, &err), HG_OK);
  assert_int_equal(hg_boundaries_count(g), 1);
  assert_int_equal(g->features_read, 2);
  assert_string_equal(hg_boundaries_code(g, 0), "E09000001");
  assert_string_equal(hg_boundaries_name(g, 0), "City of London");
  assert_false(g->planar);
  hg_boundaries_free(g);
  assert_true(
      g_file_set_contents(p, "{\"type\": \"FeatureCollection\", \"features\": []}", -1, NULL));
  g = (hg_boundaries *)1;
  assert_int_equal(hg_boundaries_read(p, NULL, &g, &err), HG_ERR_EMPTY);
  assert_null(g);
  assert_true(g_file_set_contents(p, "[1, 2]", -1, NULL));
  assert_int_equal(hg_boundaries_read(p, NULL, &g, &err), HG_ERR_FORMAT);
  assert_string_equal(err.file, p);
  assert_true(g_file_set_contents(p, "{\"features\": [", -1, NULL));
  assert_int_equal(hg_boundaries_read(p, NULL, &g, &err), HG_ERR_PARSE);
  assert_non_null(strstr(err.message, "not GeoJSON"));
  g_remove(p);
  g_rmdir(dir);
  g_free(p);
  g_free(dir);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_geojson_boroughs),
      cmocka_unit_test(test_geojson_subset),
      cmocka_unit_test(test_geojson_skips_and_errors),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
