/* analyse/inequalities_run.c: the inequality rows a run makes for the
 * inequality pages (engine/render/pages_gaps.c, pages_segment.c):
 *
 *   sex gaps   Male against Female (diff_vs_ref, ratio_vs_ref with limits) of
 *              every indicator published for both, and age groups against
 *              "All ages" where an indicator has both, for England, London,
 *              ICBs and boroughs (small areas are mapped, not compared);
 *   Arriaga    the life expectancy gap at birth decomposed by age band
 *              (Arriaga 1984, as OHID's Segment Tool) from each counts input:
 *              each borough and ICB against London and (when the counts have
 *              England's rows) England, London against England, and the most
 *              against the least deprived quintile of boroughs.  An area the
 *              counts do not give is summed from its boroughs' counts (London
 *              from every borough, an ICB from its boroughs by the lookup):
 *              rates are never averaged.  A counts input with deaths by cause
 *              (its optional cause field) also gives arriaga_cause rows.
 *
 * Rules and measure names: docs/inequalities.md, docs/outputs.md. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "healthgap/geography.h"
#include "healthgap/inequalities.h"
#include "healthgap/table.h"
#include "analyse/stage.h"

#define LONDON "E12000007"
#define ENGLAND "E92000001"

/* ---- sex and age gaps ---- */

/* Rows of from that are not about small areas (LSOA, MSOA) appended to res. */
static hg_status keep_large_areas(const hg_ineq_results *from, hg_ineq_results *res) {
  hg_status st = HG_OK;
  for (size_t i = 0; i < hg_ineq_results_size(from) && st == HG_OK; i++) {
    const hg_ineq_row *r = hg_ineq_results_get(from, i);
    if (!g_str_has_prefix(r->area_code, "E01") && !g_str_has_prefix(r->area_code, "E02"))
      st = hg_ineq_results_add(res, r);
  }
  return st;
}

hg_status run_sex_age_gaps(run_ctx *ctx, hg_store *st, hg_ineq_results *res, size_t *skipped,
                           hg_error *err) {
  hg_ineq_results *tmp = hg_ineq_results_new();
  if (!tmp)
    return HG_ERR_NOMEM;
  size_t s1 = 0, s2 = 0;
  /* Male - Female: the sex gap a reader expects (life expectancy: how many
   * years fewer men live), not each sex against Persons. */
  hg_ineq_table_options o = {.by = HG_INEQ_BY_SEX, .reference = "Female", .sex = "Male"};
  o.measures.seed = ctx->cfg->seed;
  o.measures.confidence = 95;
  hg_status s = hg_ineq_from_store(st, &o, tmp, &s1, err);
  if (s == HG_OK) {
    hg_ineq_table_options a = {.by = HG_INEQ_BY_AGE};
    a.measures = o.measures;
    s = hg_ineq_from_store(st, &a, tmp, &s2, err);
  }
  if (s == HG_OK)
    s = keep_large_areas(tmp, res);
  hg_ineq_results_free(tmp);
  /* An indicator published for one sex or one age has no gap to make: a
   * group without its reference is not a failure, and is not counted. */
  (void)s1;
  (void)s2;
  *skipped = 0;
  return s;
}

/* ---- Arriaga ---- */

/* 1 when a counts input gives deaths by cause (its optional cause field). */
static int has_causes(const run_file *f) {
  for (guint i = 0; i < f->records->len; i++)
    if (*((const char *const *)f->records->pdata[i])[CNT_CAUSE])
      return 1;
  return 0;
}

/* A counts input's records as a table (area_code, period, sex, age_band,
 * deaths, population, and cause when it gives causes), the layout
 * hg_ineq_arriaga_from_table reads. */
static hg_table *counts_table(const run_file *f, hg_error *err) {
  static const int cols[] = {CNT_AREA,   CNT_PERIOD, CNT_SEX,  CNT_BAND,
                             CNT_DEATHS, CNT_POP,    CNT_CAUSE};
  size_t ncol = G_N_ELEMENTS(cols) - !has_causes(f);
  GString *csv = g_string_new("area_code,period,sex,age_band,deaths,population");
  g_string_append(csv, ncol == G_N_ELEMENTS(cols) ? ",cause\n" : "\n");
  for (guint i = 0; i < f->records->len; i++) {
    const char *const *rec = f->records->pdata[i];
    for (size_t k = 0; k < ncol; k++) {
      g_string_append(csv, k ? ",\"" : "\"");
      for (const char *c = rec[cols[k]] ? rec[cols[k]] : ""; *c; c++)
        g_string_append(csv, *c == '"' ? "\"\"" : (char[2]){*c, 0});
      g_string_append_c(csv, '"');
    }
    g_string_append_c(csv, '\n');
  }
  hg_table *t = NULL;
  hg_table_read_mem(f->display, csv->str, csv->len, NULL, &t, err);
  g_string_free(csv, TRUE);
  return t;
}

/* One decomposition set (every period x sex) appended to res; areas that
 * the counts lack, or life tables refused, are counted in *skipped. */
static hg_status decompose(const hg_table *t, const hg_ineq_arriaga_options *o,
                           hg_ineq_results *res, size_t *skipped) {
  size_t sk = 0;
  hg_error e;
  hg_error_clear(&e);
  hg_status st = hg_ineq_arriaga_from_table(t, o, res, &sk, &e);
  *skipped += sk;
  if (st == HG_ERR_NOT_FOUND || st == HG_ERR_INVALID) {
    (*skipped)++;
    return HG_OK;
  }
  return st;
}

typedef struct {
  const char *code;
  double score;
} scored;

static int most_deprived_first(const void *a, const void *b) {
  const scored *x = a, *y = b;
  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  return strcmp(x->code, y->code);
}

/* The boroughs among codes with an IMD average score (a deprivation input
 * with a Score column and the borough codes first), ranked most deprived
 * first into quintiles: the i-th of n is in quintile floor(5i/n) + 1.
 * q1 and q5 (NULL-terminated, g_free) receive the extreme quintiles; 0 when
 * fewer than 5 boroughs have a score. */
static int borough_quintiles(run_ctx *ctx, GPtrArray *codes, const char ***q1, const char ***q5) {
  GArray *v = g_array_new(FALSE, FALSE, sizeof(scored));
  for (guint i = 0; i < ctx->files->len; i++) {
    const run_file *f = ctx->files->pdata[i];
    long sc = f->in->role == HG_ROLE_DEPRIVATION && f->table ? hg_table_col(f->table, "Score") : -1;
    for (size_t r = 0; sc >= 0 && r < hg_table_nrows(f->table); r++) {
      const char *code = hg_table_cell(f->table, r, 0), *x = hg_table_cell(f->table, r, (size_t)sc);
      double d;
      int known = 0;
      for (guint k = 0; k < codes->len && !known; k++)
        known = strcmp(codes->pdata[k], code) == 0;
      if (known && hg_parse_number(x, strlen(x), &d) == HG_NUM_OK)
        g_array_append_val(v, ((scored){code, d}));
    }
  }
  size_t n = v->len;
  if (n < 5) {
    g_array_free(v, TRUE);
    return 0;
  }
  g_array_sort(v, most_deprived_first);
  *q1 = g_new0(const char *, n + 1);
  *q5 = g_new0(const char *, n + 1);
  size_t a = 0, b = 0;
  for (size_t i = 0; i < n; i++) {
    size_t q = 5 * i / n + 1;
    if (q == 1)
      (*q1)[a++] = g_array_index(v, scored, i).code;
    else if (q == 5)
      (*q5)[b++] = g_array_index(v, scored, i).code;
  }
  g_array_free(v, TRUE);
  return 1;
}

/* The distinct borough (E09) codes of a counts table, in order. */
static GPtrArray *boroughs_of(const hg_table *t) {
  GPtrArray *v = g_ptr_array_new();
  GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
  for (size_t r = 0; r < hg_table_nrows(t); r++) {
    const char *c = hg_table_cell(t, r, 0);
    if (g_str_has_prefix(c, "E09") && g_hash_table_add(seen, (gpointer)c))
      g_ptr_array_add(v, (gpointer)c);
  }
  g_hash_table_destroy(seen);
  return v;
}

static int has_rows(const hg_table *t, const char *code) {
  for (size_t r = 0; r < hg_table_nrows(t); r++)
    if (strcmp(hg_table_cell(t, r, 0), code) == 0)
      return 1;
  return 0;
}

/* Each ICB of the boroughs (by the geography) against London and England:
 * the ICB summed from its boroughs. */
static hg_status icbs_against(run_ctx *ctx, const hg_table *t, GPtrArray *boroughs,
                              const hg_ineq_arriaga_options *base, const char *const *london,
                              int england, hg_ineq_results *res, size_t *skipped) {
  hg_status st = HG_OK;
  GHashTable *done = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint i = 0; i < boroughs->len && st == HG_OK && ctx->geo; i++) {
    const char *icb = hg_geo_ancestor(ctx->geo, boroughs->pdata[i], HG_GEO_ICB);
    if (!icb || !g_hash_table_add(done, (gpointer)icb) || has_rows(t, icb))
      continue;
    GPtrArray *m = g_ptr_array_new();
    for (guint k = 0; k < boroughs->len; k++) {
      const char *p = hg_geo_ancestor(ctx->geo, boroughs->pdata[k], HG_GEO_ICB);
      if (p && strcmp(p, icb) == 0)
        g_ptr_array_add(m, boroughs->pdata[k]);
    }
    g_ptr_array_add(m, NULL);
    hg_ineq_arriaga_options o = *base;
    o.area_code = icb;
    o.area_members = (const char *const *)m->pdata;
    o.reference_area = LONDON;
    o.reference_members = london;
    st = decompose(t, &o, res, skipped);
    if (st == HG_OK && england) {
      o.reference_area = ENGLAND;
      o.reference_members = NULL;
      st = decompose(t, &o, res, skipped);
    }
    g_ptr_array_free(m, TRUE);
  }
  g_hash_table_destroy(done);
  return st;
}

/* Every comparison of one counts table (see the head of this file). */
static hg_status arriaga_of(run_ctx *ctx, const hg_table *t, const char *id, hg_ineq_results *res,
                            size_t *skipped) {
  int causes = hg_table_col(t, "cause") >= 0;
  GPtrArray *boroughs = boroughs_of(t);
  const char **london = NULL, **q1 = NULL, **q5 = NULL;
  hg_status st = hg_ineq_arriaga_members(t, LONDON, NULL, &london);
  int england = has_rows(t, ENGLAND), have_london = london || has_rows(t, LONDON);
  hg_ineq_arriaga_options base = {.indicator_id = id, .cause_column = causes ? "cause" : NULL};
  for (guint i = 0; i < boroughs->len && st == HG_OK; i++) {
    hg_ineq_arriaga_options o = base;
    o.area_code = boroughs->pdata[i];
    o.reference_area = LONDON;
    o.reference_members = london;
    if (have_london)
      st = decompose(t, &o, res, skipped);
    o.reference_area = ENGLAND;
    o.reference_members = NULL;
    if (st == HG_OK && england)
      st = decompose(t, &o, res, skipped);
  }
  if (st == HG_OK && have_london && england) {
    hg_ineq_arriaga_options o = base;
    o.area_code = LONDON;
    o.area_members = london;
    o.reference_area = ENGLAND;
    st = decompose(t, &o, res, skipped);
  }
  if (st == HG_OK && have_london)
    st = icbs_against(ctx, t, boroughs, &base, london, england, res, skipped);
  if (st == HG_OK && borough_quintiles(ctx, boroughs, &q1, &q5)) {
    hg_ineq_arriaga_options o = base;
    o.key_area = LONDON;
    /* "other", not "deprivation": the deprivation pages (render/pages_ineq.c)
     * take every deprivation row of an area for a gradient of quantiles */
    o.breakdown_type = "other";
    o.group_label = "Most deprived quintile of boroughs";
    o.reference_label = "Least deprived quintile of boroughs";
    o.area_members = q1;
    o.reference_members = q5;
    st = decompose(t, &o, res, skipped);
  }
  free(london);
  g_free(q1);
  g_free(q5);
  g_ptr_array_free(boroughs, TRUE);
  return st;
}

hg_status run_arriaga_rows(run_ctx *ctx, hg_ineq_results *res, size_t *skipped, hg_error *err) {
  *skipped = 0;
  for (guint i = 0; i < ctx->files->len; i++) {
    const run_file *f = ctx->files->pdata[i];
    if (f->in->role != HG_ROLE_COUNTS || !f->records || !f->records->len)
      continue;
    hg_table *t = counts_table(f, err);
    if (!t)
      return HG_ERR_NOMEM;
    /* the id of the life expectancy derive made from the same counts */
    char *id = g_strconcat("hg.le_birth_", f->in->name, NULL);
    hg_status st = arriaga_of(ctx, t, id, res, skipped);
    g_free(id);
    hg_table_free(t);
    if (st != HG_OK)
      return st;
  }
  return HG_OK;
}
