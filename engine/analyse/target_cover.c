/* analyse/target_cover.c: every target for every area a pack judges
 * (England, London, the ICBs, the boroughs).  A target that applies to an
 * area but has no series there gets a row that says why, so that a missing
 * value is never read as a target left out (docs/outputs.md, targets.csv). */
#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "healthgap/indicator_registry.h"
#include "healthgap/targets.h"
#include "analyse/stage.h"

/* The areas targets are judged for: England, London, ICBs, boroughs. */
static int judged_area(const char *code) {
  return strcmp(code, "E92000001") == 0 || strcmp(code, "E12000007") == 0 ||
         strncmp(code, "E54", 3) == 0 || strncmp(code, "E09", 3) == 0;
}

/* Does the result row belong to the target's indicator? */
static int same_indicator(const run_ctx *ctx, const hg_target *t, const char *id) {
  const hg_indicator_meta *a = hg_indicator_registry_find(ctx->registry, t->indicator_id);
  const hg_indicator_meta *b = hg_indicator_registry_find(ctx->registry, id);
  return a ? a == b : strcmp(t->indicator_id, id) == 0;
}

static hg_target_row missing_row(const hg_target *t, const char *area, int has_data) {
  return (hg_target_row){.target_id = t->target_id,
                         .indicator_id = t->indicator_id,
                         .area_code = area,
                         .sex = "",
                         .age = "",
                         .baseline_period = "",
                         .baseline_value = NAN,
                         .latest_period = "",
                         .latest_value = NAN,
                         .target_value = t->direction >= HG_TARGET_NARROW ? NAN : t->target_value,
                         .target_year = t->target_year,
                         .rag = "Not compared",
                         .method = "",
                         .projected_value = NAN,
                         .projected_lower = NAN,
                         .projected_upper = NAN,
                         .years_to_target = NAN,
                         .status = hg_target_status_name(HG_TARGET_NOT_ENOUGH_DATA),
                         .reason = has_data ? "no value for this area in this run"
                                            : "no data for this indicator in this run"};
}

/* One target: its judged areas that have rows of the indicator (data) and
 * those already with a target row (done). */
static void cover_target(const run_ctx *ctx, const hg_target *t, GPtrArray *areas, GArray *out) {
  GHashTable *data = g_hash_table_new(g_str_hash, g_str_equal);
  GHashTable *done = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint i = 0; i < ctx->rows->len; i++) {
    const res_row *r = ctx->rows->pdata[i];
    if (!*r->txt[RES_TXT_CATEGORY] && same_indicator(ctx, t, r->txt[RES_TXT_INDICATOR_ID]))
      g_hash_table_add(data, (gpointer)r->txt[RES_TXT_AREA_CODE]);
  }
  for (guint i = 0; i < out->len; i++) {
    const hg_target_row *x = &g_array_index(out, hg_target_row, i);
    if (strcmp(x->target_id, t->target_id) == 0)
      g_hash_table_add(done, (gpointer)x->area_code);
  }
  int any = g_hash_table_size(data) > 0;
  for (guint i = 0; i < areas->len; i++) {
    const char *a = areas->pdata[i];
    if (!hg_target_applies(t, a) || g_hash_table_contains(done, a))
      continue;
    hg_target_row row = missing_row(t, a, any);
    g_array_append_val(out, row);
  }
  g_hash_table_destroy(data);
  g_hash_table_destroy(done);
}

hg_target_row *run_cover_targets(const run_ctx *ctx, hg_target_row *rows, size_t *n) {
  GArray *out = g_array_new(FALSE, TRUE, sizeof(hg_target_row));
  if (*n)
    g_array_append_vals(out, rows, (guint)*n);
  free(rows);
  GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
  GPtrArray *areas = g_ptr_array_new();
  for (guint i = 0; i < ctx->rows->len; i++) {
    const res_row *r = ctx->rows->pdata[i];
    const char *a = r->txt[RES_TXT_AREA_CODE];
    if (judged_area(a) && g_hash_table_add(seen, (gpointer)a))
      g_ptr_array_add(areas, (gpointer)a);
  }
  for (size_t t = 0; t < hg_target_set_size(ctx->targets); t++)
    cover_target(ctx, hg_target_set_at(ctx->targets, t), areas, out);
  g_ptr_array_free(areas, TRUE);
  g_hash_table_destroy(seen);
  *n = out->len;
  hg_target_row *res = malloc((out->len ? out->len : 1) * sizeof *res);
  if (res && out->len)
    memcpy(res, out->data, out->len * sizeof *res);
  g_array_free(out, TRUE);
  return res;
}
