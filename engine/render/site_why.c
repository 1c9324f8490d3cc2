/* render/site_why.c: why a cell of the site is empty.  A blank cell reads as
 * "zero", "forgotten" or "broken"; the packs say why a value is missing and
 * so does every table of the site: no data for the area in this run's
 * inputs, a row published without a value (its value note), a value only
 * for other periods, no England value to compare with, too few periods for
 * a trend. */
#include <math.h>
#include <string.h>

#include "render/site.h"

static const res_row *lookup(GHashTable *h, const char *id, const char *area) {
  char *k = g_strdup_printf("%s\x1f%s", id, area);
  const res_row *r = g_hash_table_lookup(h, k);
  g_free(k);
  return r;
}

char *site_why_no_value(const site *S, const char *id, const char *area, const char *period,
                        const char **brief) {
  const char *name = render_area_name(S->R, area);
  const res_row *b = lookup(S->blank, id, area), *l = lookup(S->latest, id, area);
  const char *dummy;
  brief = brief ? brief : &dummy;
  if (b && (!period || !strcmp(b->col[RES_PERIOD], period))) {
    *brief = "not published";
    const char *note = b->col[RES_VALUE_NOTE];
    return *note ? g_strdup_printf("not published for %s (%s): %s", name, b->col[RES_PERIOD], note)
                 : g_strdup_printf("not published for %s (%s): the input has the row without "
                                   "a value",
                                   name, b->col[RES_PERIOD]);
  }
  if (l && period) {
    *brief = "other periods";
    return g_strdup_printf("no value for %s in %s; its latest is %s", name, period,
                           l->col[RES_PERIOD]);
  }
  *brief = "no data";
  return g_strdup_printf("no data for %s in this run's inputs", name);
}

char *site_why_not_compared(const site *S, const res_row *r, const res_row *e) {
  (void)S;
  if (!r)
    return g_strdup("not compared: no value here");
  if (!e)
    return g_strdup_printf("not compared: no England value for %s", r->col[RES_PERIOD]);
  if (isnan(r->num[RES_SLOT(RES_LOWER_CI95)]) || isnan(r->num[RES_SLOT(RES_UPPER_CI95)]))
    return g_strdup("not compared: the value has no confidence interval to test");
  return g_strdup("not compared: no test applies to this value (results/indicators.csv, "
                  "compared_to_england)");
}

char *site_why_no_trend(const res_row *r) {
  if (!r)
    return g_strdup("no trend: no value here");
  return g_strdup("no trend: the series has too few periods for the trend test");
}

void site_cell_why(site *S, const char *why) {
  g_string_append(S->page, "<td class=\"why\">");
  site_esc(S->page, why);
  g_string_append(S->page, "</td>");
}

/* A cell of the rug: the brief reason shown, the whole one to screen
 * readers and as the tooltip. */
void site_cell_why_brief(site *S, const char *brief, const char *why) {
  g_string_append(S->page, "<td class=\"why\" title=\"");
  site_esc(S->page, why);
  g_string_append(S->page, "\">");
  site_esc(S->page, brief);
  g_string_append(S->page, "<span class=\"vh\">: ");
  site_esc(S->page, why);
  g_string_append(S->page, "</span></td>");
}
