/* analyse/completeness.c: how much of each breakdown is recorded as "not
 * stated" or "unknown" (results/completeness.csv).
 *
 * The NHS statement on health inequalities asks each body to report how
 * complete its breakdowns are.  For every breakdown of the result rows (one
 * indicator, area, period, sex, age and category type) that has a not-stated
 * category, or is an ethnic-group breakdown: the people (denominators) or,
 * where a category lacks one, the events (counts) in the not-stated
 * categories, as a share of all categories'; flagged above [pack]
 * unknown_share_max.  Not-stated labels come from the harmonisation table
 * (ingest/ethnicity.h), else the words "not stated", "not known", "unknown",
 * "missing".  Runs after disclosure control: a breakdown with a suppressed
 * cell has no share (it could give the cell back), only a note.
 */
#include <math.h>
#include <string.h>

#include "healthgap/csvout.h"
#include "analyse/stage.h"
#include "ingest/ethnicity.h"

/* One breakdown: its rows (borrowed). */
typedef struct {
  const res_row *first;
  GPtrArray *rows;
} breakdown;

static void breakdown_free(gpointer p) {
  breakdown *b = p;
  g_ptr_array_free(b->rows, TRUE);
  g_free(b);
}

static char *key_of(const res_row *r) {
  return g_strjoin("\t", r->txt[RES_TXT_INDICATOR_ID], r->txt[RES_TXT_AREA_CODE],
                   r->txt[RES_TXT_PERIOD], r->txt[RES_TXT_SEX], r->txt[RES_TXT_AGE],
                   r->txt[RES_TXT_CATEGORY_TYPE], NULL);
}

/* Sums of one basis column (RES_DENOMINATOR or RES_COUNT) over b's rows:
 * *all, *unknown (the not-stated rows); 0 if a row lacks it. */
static int sums(const breakdown *b, const eth_map *map, int col, double *all, double *unknown) {
  *all = *unknown = 0;
  for (guint i = 0; i < b->rows->len; i++) {
    const res_row *r = b->rows->pdata[i];
    double x = r->num[RES_SLOT(col)];
    if (isnan(x))
      return 0;
    *all += x;
    if (eth_not_stated(map, r->txt[RES_TXT_CATEGORY]))
      *unknown += x;
  }
  return 1;
}

static void write_row(run_ctx *ctx, run_table *t, const eth_map *map, const breakdown *b) {
  const res_row *r = b->first;
  double all, unknown;
  const char *basis = "denominator", *note = "";
  if (!sums(b, map, RES_DENOMINATOR, &all, &unknown)) {
    basis = "count";
    if (!sums(b, map, RES_COUNT, &all, &unknown)) {
      basis = "";
      all = unknown = NAN;
      note = "a category has no count or denominator (missing or suppressed): no share";
    }
  }
  GString *labels = g_string_new("");
  for (guint i = 0; i < b->rows->len; i++) {
    const char *c = ((const res_row *)b->rows->pdata[i])->txt[RES_TXT_CATEGORY];
    if (eth_not_stated(map, c))
      g_string_append_printf(labels, "%s%s", labels->len ? "; " : "", c);
  }
  double share = all > 0 ? unknown / all : NAN, max = ctx->cfg->unknown_share_max;
  char n[5][HG_NUMBER_BUFSIZE];
  const char *cells[] = {r->txt[RES_TXT_INDICATOR_ID],
                         r->txt[RES_TXT_AREA_CODE],
                         r->txt[RES_TXT_AREA_NAME],
                         r->txt[RES_TXT_PERIOD],
                         r->txt[RES_TXT_SEX],
                         r->txt[RES_TXT_AGE],
                         r->txt[RES_TXT_CATEGORY_TYPE],
                         run_num((double)b->rows->len, n[0]),
                         basis,
                         run_num(all, n[1]),
                         run_num(unknown, n[2]),
                         run_num(100 * share, n[3]),
                         run_num(100 * max, n[4]),
                         isnan(share)  ? ""
                         : share > max ? "above"
                                       : "within",
                         labels->str,
                         note};
  run_table_add(t, cells);
  g_string_free(labels, TRUE);
}

/* The breakdowns, in the order of the (sorted) rows, that have a not-stated
 * category or are ethnic-group ones. */
static GPtrArray *find_breakdowns(run_ctx *ctx, const eth_map *map) {
  GHashTable *by_key = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *all = g_ptr_array_new_with_free_func(breakdown_free);
  for (guint i = 0; i < ctx->rows->len; i++) {
    const res_row *r = ctx->rows->pdata[i];
    if (!*r->txt[RES_TXT_CATEGORY])
      continue;
    char *key = key_of(r);
    breakdown *b = g_hash_table_lookup(by_key, key);
    if (!b) {
      b = g_new0(breakdown, 1);
      b->first = r;
      b->rows = g_ptr_array_new();
      g_hash_table_insert(by_key, key, b);
      g_ptr_array_add(all, b);
    } else {
      g_free(key);
    }
    g_ptr_array_add(b->rows, (gpointer)r);
  }
  g_hash_table_destroy(by_key);
  GPtrArray *kept = g_ptr_array_new_with_free_func(breakdown_free);
  for (guint i = 0; i < all->len; i++) {
    breakdown *b = all->pdata[i];
    int keep = strcasestr(b->first->txt[RES_TXT_CATEGORY_TYPE], "ethnic") != NULL;
    for (guint k = 0; k < b->rows->len && !keep; k++)
      keep = eth_not_stated(map, ((const res_row *)b->rows->pdata[k])->txt[RES_TXT_CATEGORY]);
    if (keep) {
      g_ptr_array_add(kept, b);
      all->pdata[i] = NULL;
    }
  }
  g_ptr_array_set_free_func(all, NULL);
  for (guint i = 0; i < all->len; i++)
    if (all->pdata[i])
      breakdown_free(all->pdata[i]);
  g_ptr_array_free(all, TRUE);
  return kept;
}

void run_completeness(run_ctx *ctx) {
  eth_map *map = eth_map_from_run(ctx);
  GPtrArray *list = find_breakdowns(ctx, map);
  if (list->len) {
    static const char *const header[] = {"indicator_id",
                                         "area_code",
                                         "area_name",
                                         "period",
                                         "sex",
                                         "age",
                                         "category_type",
                                         "categories",
                                         "basis",
                                         "total",
                                         "not_stated",
                                         "not_stated_percent",
                                         "threshold_percent",
                                         "flag",
                                         "not_stated_labels",
                                         "note",
                                         NULL};
    run_table *t = run_table_new(ctx, "results/completeness.csv", header);
    size_t above = 0;
    for (guint i = 0; i < list->len; i++) {
      write_row(ctx, t, map, list->pdata[i]);
      char **row = t->rows->pdata[t->rows->len - 1];
      above += strcmp(row[13], "above") == 0;
    }
    if (above)
      run_warn(ctx,
               "completeness: %zu breakdown(s) with more than %g%% not stated or unknown "
               "(results/completeness.csv)",
               above, 100 * ctx->cfg->unknown_share_max);
  }
  g_ptr_array_free(list, TRUE);
  eth_map_free(map);
}
