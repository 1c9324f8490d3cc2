/* test_site_svg.c: the site's charts share one set of glyphs per page and
 * lose cairo's repetition (engine/render/site_svg.c).  The SVGs below are
 * cut down by hand from what cairo's SVG surface writes (after
 * hg_chart_write_svg renamed the ids): the expected text is written out, not
 * taken from a run. */
#include "hg_test.h"

#include <glib.h>
#include <string.h>

#include "render/site.h"

static const char *const chart1 =
    "<svg class=\"chart\"><defs>\n<g>\n"
    "<symbol overflow=\"visible\" id=\"c1-1\">\n"
    "<path style=\"stroke:none;\" d=\"M 0.74 2.47 L 0.7 -9.88 Z\"/>\n</symbol>\n"
    "<symbol overflow=\"visible\" id=\"c1-2\">\n"
    "<path style=\"stroke:none;\" d=\"M 1 1 L 2 2 Z\"/>\n</symbol>\n"
    "</g>\n</defs>\n"
    "<g style=\"fill:rgb(6.666667%,9.019608%,36.862745%);fill-opacity:1;\">\n"
    "  <use xlink:href=\"#c1-1\" x=\"14\" y=\"26.995117\"/>\n"
    "  <use xlink:href=\"#c1-2\" x=\"27.931641\" y=\"26.995117\"/>\n</g>\n"
    "<path style=\"fill-rule:nonzero;fill:var(--hg-better,rgb(57.254902%,81.568627%,31.372549%));"
    "fill-opacity:1;stroke-width:0.6;stroke-linecap:butt;stroke-linejoin:miter;"
    "stroke:rgb(100%,100%,100%);stroke-opacity:1;stroke-miterlimit:10;\" d=\"M 1 2 L 3 4\"/>\n"
    "</svg>\n";

/* The same first glyph (to 0.1 pt) under another id, and a new one. */
static const char *const chart2 = "<svg class=\"chart\"><defs>\n<g>\n"
                                  "<symbol overflow=\"visible\" id=\"c2-1\">\n"
                                  "<path style=\"stroke:none;\" d=\"M 0.7 2.47 L 0.7 -9.88 Z\"/>\n"
                                  "</symbol>\n"
                                  "<symbol overflow=\"visible\" id=\"c2-2\">\n"
                                  "<path style=\"stroke:none;\" d=\"M 5 5 Z\"/>\n</symbol>\n"
                                  "</g>\n</defs>\n"
                                  "<g>\n  <use xlink:href=\"#c2-1\" x=\"-0.001\" y=\"3.5\"/>\n"
                                  "  <use xlink:href=\"#c2-2\" x=\"1\" y=\"2\"/>\n"
                                  "  <use xlink:href=\"#surface9\" x=\"1\" y=\"2\"/>\n</g>\n"
                                  "</svg>\n";

static int count(const char *s, const char *what) {
  int n = 0;
  for (const char *p = strstr(s, what); p; p = strstr(p + 1, what))
    n++;
  return n;
}

static void test_shared_glyphs(void **state) {
  (void)state;
  site S = {.page = g_string_new("<body>\n"),
            .glyphs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free),
            .glyph_defs = g_string_new(NULL)};
  S.glyph_at = S.page->len;
  site_svg_append(&S, chart1);
  site_svg_append(&S, chart2);
  g_string_append(S.page, "<main></main>\n");
  site_glyphs_flush(&S);
  const char *o = S.page->str;
  /* one hidden set of three outlines, right after <body> */
  assert_true(g_str_has_prefix(o, "<body>\n<svg class=\"glyphs\" aria-hidden=\"true\""));
  assert_int_equal(count(o, "<symbol"), 3);
  assert_non_null(strstr(o, "<symbol overflow=\"visible\" id=\"g1\">\n<path style=\"stroke:none;\" "
                            "d=\"M 0.7 2.5 L 0.7 -9.9 Z\"/>\n</symbol>"));
  assert_non_null(strstr(o, "id=\"g3\">\n<path style=\"stroke:none;\" d=\"M 5 5 Z\"/>"));
  /* the charts point at them, positions to 0.01, cairo's indent gone */
  assert_non_null(strstr(o, "\n<use href=\"#g1\" x=\"14\" y=\"27\"/>\n"
                            "<use href=\"#g2\" x=\"27.93\" y=\"27\"/>"));
  assert_non_null(strstr(o, "<use href=\"#g1\" x=\"0\" y=\"3.5\"/>"));
  assert_non_null(strstr(o, "<use href=\"#g3\" x=\"1\" y=\"2\"/>"));
  assert_int_equal(count(o, "c1-"), 0);
  assert_int_equal(count(o, "c2-"), 0);
  /* a use of something else is left as it is */
  assert_non_null(strstr(o, "<use xlink:href=\"#surface9\" x=\"1\" y=\"2\"/>"));
  /* styles: #rrggbb (the comparison colour still a CSS variable), no initial values */
  assert_non_null(strstr(o, "<g style=\"fill:#11175e;\">"));
  assert_non_null(strstr(o, "style=\"fill:var(--hg-better,#92d050);stroke-width:0.6;"
                            "stroke:#ffffff;stroke-miterlimit:10;\" d=\"M 1 2 L 3 4\""));
  assert_int_equal(count(o, "rgb("), 0);
  assert_true(g_str_has_suffix(o, "<main></main>\n"));
  /* the next page starts a set of its own */
  assert_int_equal(S.glyph_defs->len, 0);
  assert_int_equal(g_hash_table_size(S.glyphs), 0);
  g_hash_table_destroy(S.glyphs);
  g_string_free(S.glyph_defs, TRUE);
  g_string_free(S.page, TRUE);
}

/* A page without charts gets no glyph set. */
static void test_no_charts(void **state) {
  (void)state;
  site S = {.page = g_string_new("<body>\n<main></main>\n"),
            .glyphs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free),
            .glyph_defs = g_string_new(NULL),
            .glyph_at = 7};
  site_glyphs_flush(&S);
  assert_string_equal(S.page->str, "<body>\n<main></main>\n");
  g_hash_table_destroy(S.glyphs);
  g_string_free(S.glyph_defs, TRUE);
  g_string_free(S.page, TRUE);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_shared_glyphs),
                                     cmocka_unit_test(test_no_charts)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
