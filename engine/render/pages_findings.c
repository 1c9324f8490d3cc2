/* render/pages_findings.c: the key findings that open each pack, written
 * from the run's results in memory (the rows of results/indicators.csv,
 * inequalities.csv, targets.csv and changes.csv) for the pack's areas.
 *
 * A board asks four questions: where are we worse than England and getting
 * worse (Fingertips' "red-red"), where are the widest gaps and are they
 * narrowing, how do we stand against the targets, and what changed since the
 * last pack.  Each sentence names the file and the row keys it comes from, and
 * the tables after it list every row it counts, so a reader can find each
 * number in the CSV files of the run. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "healthgap/analyse.h"
#include "healthgap/changes.h"
#include "healthgap/inequalities.h"
#include "healthgap/targets.h"
#include "render/render.h"

#define TABLE_ROWS 10 /* table rows a page, so that wrapped cells still fit */
#define TOP 3         /* items named in a sentence */

static const char *txt(const char *s) {
  return s ? s : "";
}

/* A value with its indicator's decimals ("-" when missing). */
static char *fmt_value(const render *R, const char *id, double v) {
  const hg_indicator_meta *m = hg_indicator_registry_find(R->reg, id);
  v = render_published(v);
  if (isnan(v))
    return g_strdup("-");
  return g_strdup_printf("%.*f", m && m->decimals >= 0 && m->decimals <= 4 ? m->decimals : 1, v);
}

/* "Smoking (APS)": the short name where the registry has one (tables). */
const char *render_ind_short(const render *R, const char *id) {
  const hg_indicator_meta *m = hg_indicator_registry_find(R->reg, id);
  return m && m->short_name && *m->short_name ? m->short_name : render_ind_name(R, id);
}

static int cmp_arow(const void *pa, const void *pb) {
  const hg_arow *a = *(const hg_arow *const *)pa, *b = *(const hg_arow *const *)pb;
  int c = strcmp(txt(a->indicator_id), txt(b->indicator_id));
  c = c ? c : strcmp(txt(a->sex), txt(b->sex));
  c = c ? c : strcmp(txt(a->age), txt(b->age));
  return c ? c : strcmp(txt(a->area_code), txt(b->area_code));
}

/* The latest row of each headline series (no category) of the areas in
 * scope: the rows whose labels the charts show, sorted by indicator and
 * area.  Series: indicator, area, sex, age. */
static GPtrArray *latest_rows(const run_ctx *ctx, GHashTable *scope) {
  GHashTable *best = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  for (size_t i = 0; i < ctx->narows; i++) {
    const hg_arow *r = &ctx->arows[i];
    if (*txt(r->category) || !g_hash_table_contains(scope, txt(r->area_code)))
      continue;
    char *k = g_strdup_printf("%s\x1f%s\x1f%s\x1f%s", txt(r->indicator_id), txt(r->area_code),
                              txt(r->sex), txt(r->age));
    const hg_arow *b = g_hash_table_lookup(best, k);
    if (!b || r->period_sortable > b->period_sortable)
      g_hash_table_insert(best, k, (gpointer)r);
    else
      g_free(k);
  }
  GPtrArray *v = g_ptr_array_new();
  GHashTableIter it;
  gpointer key, val;
  g_hash_table_iter_init(&it, best);
  while (g_hash_table_iter_next(&it, &key, &val))
    g_ptr_array_add(v, val);
  g_hash_table_destroy(best);
  if (v->len > 1)
    qsort(v->pdata, v->len, sizeof(gpointer), cmp_arow);
  return v;
}

static int red_red(const hg_arow *r) {
  return !strcmp(txt(r->compared_to_england), "Worse") && strstr(txt(r->recent_trend), "worse");
}

/* "Persons, 18+ yrs" */
static char *series_words(const hg_arow *r) {
  return g_strdup_printf("%s%s%s", txt(r->sex), *txt(r->sex) && *txt(r->age) ? ", " : "",
                         txt(r->age));
}

/* Page(s) of a table: heading, a lead line, the header and rows (each
 * "|a|b|..."), TABLE_ROWS a page; none without rows (the sentence says so). */
static void table_pages(GPtrArray *pages, const char *heading, const char *lead, const char *header,
                        GPtrArray *rows) {
  for (guint k = 0; k < rows->len; k += TABLE_ROWS) {
    page *p = render_text_page(pages, heading);
    render_line(p, "%s", lead);
    render_line(p, "%s", "");
    render_line(p, "%s", header);
    for (guint i = k; i < rows->len && i < k + TABLE_ROWS; i++)
      render_line(p, "%s", (const char *)rows->pdata[i]);
  }
}

/* ---- worse than England, and getting worse ---- */

/* Sentences on the red-red series and on the indicators with the most areas
 * worse than England; the tables of both follow. */
static void worse_findings(render *R, page *f, GPtrArray *pages, GPtrArray *latest) {
  GPtrArray *rr = g_ptr_array_new_with_free_func(g_free);
  GString *named = g_string_new("");
  for (guint i = 0; i < latest->len; i++) {
    const hg_arow *r = latest->pdata[i];
    if (!red_red(r))
      continue;
    char *v = fmt_value(R, r->indicator_id, r->value), *s = series_words(r);
    g_ptr_array_add(rr, g_strdup_printf("|%s (%s)|%s (%s)|%s|%s|%s|%s",
                                        render_ind_short(R, r->indicator_id), r->indicator_id,
                                        txt(r->area_name), r->area_code, s, txt(r->period), v,
                                        txt(r->recent_trend)));
    if (rr->len <= TOP)
      g_string_append_printf(named, "%s%s for %s (%s)", named->len ? "; " : "", txt(r->area_name),
                             render_ind_short(R, r->indicator_id), txt(r->period));
    g_free(v);
    g_free(s);
  }
  render_line(f, "# Worse than England and getting worse");
  if (rr->len)
    render_line(f,
                "%u series %s significantly worse than England in %s latest period and "
                "getting worse (Fingertips' \"red-red\"): %s%s. Source: results/indicators.csv, "
                "the latest row of each series (indicator_id, area_code, sex, age) with "
                "compared_to_england Worse and a recent_trend \"... and getting worse\"; every "
                "row is listed on the next pages.",
                rr->len, rr->len == 1 ? "is" : "are", rr->len == 1 ? "its" : "their", named->str,
                rr->len > TOP ? "; and others" : "");
  else
    render_line(f, "No area of this pack is significantly worse than England and getting worse in "
                   "its latest period (no latest row of results/indicators.csv for these areas has "
                   "compared_to_england Worse with a recent_trend \"... and getting worse\"; most "
                   "series have too few points with counts for the trend test).");
  g_string_free(named, TRUE);
  table_pages(pages, "Key findings: worse than England and getting worse",
              "Latest row of each series of results/indicators.csv (keys: indicator_id, "
              "area_code, sex, age, period) with compared_to_england Worse and recent_trend "
              "getting worse.",
              "|Indicator (indicator_id)|Area (area_code)|Sex, age|Period|Value|Recent trend", rr);
  g_ptr_array_free(rr, TRUE);
}

typedef struct {
  const char *id, *sex, *age, *period;
  guint worse, compared;
  GString *areas;
} worse_count;

static int cmp_worse(const void *pa, const void *pb) {
  const worse_count *a = *(worse_count *const *)pa, *b = *(worse_count *const *)pb;
  if (a->worse != b->worse)
    return a->worse > b->worse ? -1 : 1;
  return strcmp(a->id, b->id);
}

/* Per indicator (its Persons or first sex's latest period): the areas worse
 * than England among those compared. */
static void worse_counts(render *R, page *f, GPtrArray *pages, GPtrArray *latest) {
  GPtrArray *wc = g_ptr_array_new();
  for (guint i = 0; i < latest->len; i++) {
    const hg_arow *r = latest->pdata[i];
    const char *c = txt(r->compared_to_england);
    if (strcmp(c, "Worse") && strcmp(c, "Similar") && strcmp(c, "Better"))
      continue;
    worse_count *w = wc->len ? wc->pdata[wc->len - 1] : NULL;
    if (!w || strcmp(w->id, r->indicator_id) || strcmp(w->sex, txt(r->sex)) ||
        strcmp(w->age, txt(r->age)) || strcmp(w->period, txt(r->period))) {
      w = g_new0(worse_count, 1);
      w->id = r->indicator_id;
      w->sex = txt(r->sex);
      w->age = txt(r->age);
      w->period = txt(r->period);
      w->areas = g_string_new("");
      g_ptr_array_add(wc, w);
    }
    w->compared++;
    if (!strcmp(c, "Worse")) {
      w->worse++;
      g_string_append_printf(w->areas, "%s%s", w->areas->len ? ", " : "", txt(r->area_name));
    }
  }
  if (wc->len > 1)
    qsort(wc->pdata, wc->len, sizeof(gpointer), cmp_worse);
  GPtrArray *rows = g_ptr_array_new_with_free_func(g_free);
  GString *s = g_string_new("");
  for (guint i = 0; i < wc->len; i++) {
    worse_count *w = wc->pdata[i];
    if (w->worse && i < TOP)
      g_string_append_printf(s, "%s%s, %s (%u of %u areas compared, %s)", s->len ? "; " : "",
                             render_ind_short(R, w->id), w->sex, w->worse, w->compared, w->period);
    g_ptr_array_add(
        rows, g_strdup_printf("|%s (%s)|%s%s%s|%s|%u of %u|%s", render_ind_short(R, w->id), w->id,
                              w->sex, *w->sex && *w->age ? ", " : "", w->age, w->period, w->worse,
                              w->compared, w->worse ? w->areas->str : "none"));
    g_string_free(w->areas, TRUE);
    g_free(w);
  }
  render_line(f, "# Worse than England in the latest period");
  if (s->len)
    render_line(f,
                "Most areas significantly worse than England: %s. Source: results/indicators.csv, "
                "latest row of each series with compared_to_england Worse, Similar or Better; "
                "counted per indicator on the page \"Key findings: worse than England\".",
                s->str);
  else
    render_line(f, "No area of this pack is significantly worse than England in its latest "
                   "period (results/indicators.csv, compared_to_england).");
  g_string_free(s, TRUE);
  table_pages(pages, "Key findings: worse than England",
              "Per indicator and period (results/indicators.csv, the latest row of each series of "
              "the pack's areas, keys indicator_id, area_code, sex, age, period): the areas "
              "significantly worse than England (95% confidence) among those compared.",
              "|Indicator (indicator_id)|Sex, age|Period|Worse than England|Areas worse than "
              "England",
              rows);
  g_ptr_array_free(rows, TRUE);
  g_ptr_array_free(wc, TRUE);
}

/* ---- numbers with their interval ---- */

/* "7.13 (95% CI 6.91 to 7.36)": decimals (at least min_dec, at most 4) enough
 * that the interval's ends read differently and differ from the value, so a
 * table never says "1.6 (95% CI 1.6 to 1.6)"; the value alone without limits. */
char *render_value_ci(double v, double lo, double hi, int min_dec) {
  v = render_published(v);
  lo = render_published(lo);
  hi = render_published(hi);
  if (isnan(v))
    return g_strdup("-");
  int d = min_dec < 0 ? 0 : min_dec;
  if (isnan(lo) || isnan(hi))
    return g_strdup_printf("%.*f", d, v);
  for (; d < 4; d++) {
    char a[64], b[64], c[64];
    snprintf(a, sizeof a, "%.*f", d, lo);
    snprintf(b, sizeof b, "%.*f", d, hi);
    snprintf(c, sizeof c, "%.*f", d, v);
    if (strcmp(a, b) && (lo == v || strcmp(a, c)) && (hi == v || strcmp(b, c)))
      break;
  }
  return g_strdup_printf("%.*f (95%% CI %.*f to %.*f)", d, v, d, lo, d, hi);
}

/* "narrowing", "widening", "no significant change", or why there is none. */
const char *render_gap_trend_words(const char *t) {
  return t && *t ? t : "too few periods to say";
}

/* ---- the widest gaps ---- */

/* How far a group is from its reference, on a scale common to every
 * indicator: |log(group / reference)|; -1 when either is missing. */
static double gap_size(const hg_ineq_row *r) {
  double g = render_published(r->group_value), f = render_published(r->reference_value);
  if (!(g > 0) || !(f > 0))
    return -1;
  return fabs(log(g / f));
}

static int cmp_gap(const void *pa, const void *pb) {
  const hg_ineq_row *a = *(const hg_ineq_row *const *)pa, *b = *(const hg_ineq_row *const *)pb;
  double x = gap_size(a), y = gap_size(b);
  if (x != y)
    return x > y ? -1 : 1;
  int c = strcmp(txt(a->indicator_id), txt(b->indicator_id));
  c = c ? c : strcmp(txt(a->area_code), txt(b->area_code));
  return c ? c : strcmp(txt(a->group), txt(b->group));
}

/* The latest row of each deprivation abs_gap and ethnic diff_vs_ref series
 * of the areas in scope, widest first. */
static GPtrArray *latest_gaps(const render *R, GHashTable *scope) {
  GHashTable *best = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  const hg_ineq_results *res = R->ctx->ineq;
  for (size_t i = 0; res && i < hg_ineq_results_size(res); i++) {
    const hg_ineq_row *r = hg_ineq_results_get(res, i);
    const char *m = txt(r->measure);
    if ((strcmp(m, "abs_gap") && strcmp(m, "diff_vs_ref")) ||
        !g_hash_table_contains(scope, txt(r->area_code)) || gap_size(r) < 0 ||
        (g_hash_table_size(scope) > 1 && strstr(txt(r->component), "within the borough")))
      continue; /* a borough's MSOAs ranked within it (gradients.c): its own pack's only */
    char *k =
        g_strdup_printf("%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s", txt(r->indicator_id),
                        txt(r->area_code), txt(r->sex), txt(r->age), txt(r->breakdown_type), m,
                        txt(r->group), txt(r->reference_group), txt(r->component));
    const hg_ineq_row *b = g_hash_table_lookup(best, k);
    if (!b || r->period_year > b->period_year ||
        (isnan(b->period_year) && strcmp(txt(r->period), txt(b->period)) > 0))
      g_hash_table_insert(best, k, (gpointer)r);
    else
      g_free(k);
  }
  GPtrArray *v = g_ptr_array_new();
  GHashTableIter it;
  gpointer key, val;
  g_hash_table_iter_init(&it, best);
  while (g_hash_table_iter_next(&it, &key, &val))
    g_ptr_array_add(v, val);
  g_hash_table_destroy(best);
  if (v->len > 1)
    qsort(v->pdata, v->len, sizeof(gpointer), cmp_gap);
  return v;
}

/* 1 when the breakdown of a gap row comes from a synthetic input: a
 * synthetic key (render.h) of its indicator whose category type is of the
 * same kind (ethnic, deprivation), or the indicator itself. */
static int gap_synthetic(const render *R, const hg_ineq_row *r) {
  hg_chart_request q = {.indicator = r->indicator_id};
  if (render_is_synthetic(R, &q))
    return 1;
  const char *kind = strstr(txt(r->breakdown_type), "ethnic") ? "thnic" : "epriv";
  char *prefix = g_strdup_printf("%s\x1f", txt(r->indicator_id));
  int synth = 0;
  GHashTableIter it;
  gpointer key;
  g_hash_table_iter_init(&it, R->synthetic);
  while (!synth && g_hash_table_iter_next(&it, &key, NULL))
    synth = g_str_has_prefix(key, prefix) && strstr(key, kind);
  g_free(prefix);
  return synth;
}

/* "Most deprived (E09000002) 18.6 higher than least deprived 11.5" */
static char *gap_words(const render *R, const hg_ineq_row *r) {
  char *g = fmt_value(R, r->indicator_id, r->group_value),
       *f = fmt_value(R, r->indicator_id, r->reference_value);
  int higher = render_published(r->group_value) > render_published(r->reference_value);
  char *s =
      g_strdup_printf("%s %s %s than %s %s", render_area_name(R, txt(r->group)), g,
                      higher ? "higher" : "lower", render_area_name(R, txt(r->reference_group)), f);
  g_free(g);
  g_free(f);
  return s;
}

/* Which quantiles, where the breakdown alone does not say it. */
static const char *gap_breakdown(const hg_ineq_row *r) {
  return strstr(txt(r->component), "within the borough") ? "MSOA quintiles within the borough"
                                                         : r->breakdown_type;
}

static void gap_findings(render *R, page *f, GPtrArray *pages, GHashTable *scope) {
  GPtrArray *gaps = latest_gaps(R, scope);
  GPtrArray *rows = g_ptr_array_new_with_free_func(g_free);
  GString *s = g_string_new("");
  guint narrowing = 0, widening = 0;
  /* The sentence names the widest gaps of real data when there are any: a
   * synthetic breakdown (the demo's) heading a board's key findings misled,
   * even labelled; the table below keeps every gap in order. */
  int any_real = 0, any_synth = 0;
  for (guint i = 0; i < gaps->len; i++)
    *(gap_synthetic(R, gaps->pdata[i]) ? &any_synth : &any_real) = 1;
  guint named = 0;
  for (guint i = 0; i < gaps->len && named < TOP; i++) {
    const hg_ineq_row *r = gaps->pdata[i];
    int synth = gap_synthetic(R, r);
    if (synth && any_real)
      continue;
    char *w = gap_words(R, r);
    g_string_append_printf(s, "%s%s%s, %s, %s: %s (%s; gap over time: %s)", s->len ? "; " : "",
                           synth ? "SYNTHETIC " : "", render_ind_short(R, r->indicator_id),
                           render_area_name(R, r->area_code), gap_breakdown(r), w, txt(r->period),
                           render_gap_trend_words(r->gap_trend));
    g_free(w);
    named++;
  }
  for (guint i = 0; i < gaps->len; i++) {
    const hg_ineq_row *r = gaps->pdata[i];
    narrowing += !strcmp(txt(r->gap_trend), "narrowing");
    widening += !strcmp(txt(r->gap_trend), "widening");
    if (i >= 2 * TABLE_ROWS)
      continue; /* the widest only: inequalities.csv has them all */
    char *w = gap_words(R, r);
    char *ci = render_value_ci(r->value, r->lower95, r->upper95, 1);
    g_ptr_array_add(rows, g_strdup_printf("|%s%s (%s)|%s (%s)|%s, %s|%s|%s|%s|%s",
                                          gap_synthetic(R, r) ? "SYNTHETIC " : "",
                                          render_ind_short(R, r->indicator_id), r->indicator_id,
                                          render_area_name(R, r->area_code), r->area_code,
                                          gap_breakdown(r), r->measure, w, ci, txt(r->period),
                                          render_gap_trend_words(r->gap_trend)));
    g_free(w);
    g_free(ci);
  }
  render_line(f, "# The widest gaps, and whether they are narrowing");
  if (gaps->len)
    render_line(f,
                "The widest of %u gaps (group against reference, the ratio of their values%s): "
                "%s. "
                "Over time %u of them are narrowing and %u widening (gap_trend). Source: "
                "results/inequalities.csv, the latest row of each series with measure abs_gap "
                "(deprivation) or diff_vs_ref (ethnic group), keys indicator_id, area_code, sex, "
                "breakdown_type, measure, group, reference_group, period.",
                gaps->len, any_real && any_synth ? "; synthetic breakdowns left out" : "", s->str,
                narrowing, widening);
  else
    render_line(f, "No gap between groups was computed for the areas of this pack "
                   "(results/inequalities.csv has no abs_gap or diff_vs_ref row for them).");
  g_string_free(s, TRUE);
  table_pages(pages, "Key findings: the widest gaps",
              "The widest gaps first (by the ratio of the group's value to the reference's), "
              "from results/inequalities.csv (latest period of each series; up to 20 rows, the "
              "file has every one). Gap: the group's value minus the reference's.",
              "|Indicator (indicator_id)|Area (area_code)|Breakdown, measure|Group against "
              "reference|Gap|Period|Gap over time",
              rows);
  g_ptr_array_free(rows, TRUE);
  g_ptr_array_free(gaps, TRUE);
}

/* ---- targets ---- */

static const char *const statuses[] = {"achieved", "on track", "at risk", "off track",
                                       "not enough data"};

static int status_index(const char *s) {
  for (int k = 0; k < (int)G_N_ELEMENTS(statuses); k++)
    if (s && !strcmp(s, statuses[k]))
      return k;
  return -1;
}

static void target_findings(render *R, page *f, GPtrArray *pages, GHashTable *scope) {
  const run_ctx *ctx = R->ctx;
  render_line(f, "# Targets");
  if (!ctx->targets) {
    render_line(f, "No targets in this run.");
    return;
  }
  GPtrArray *rows = g_ptr_array_new_with_free_func(g_free);
  guint total[G_N_ELEMENTS(statuses)] = {0}, n = 0;
  guint cnt[G_N_ELEMENTS(statuses)] = {0};
  const char *cur = NULL, *cur_ind = NULL;
  for (size_t i = 0; i <= ctx->ntarget_rows; i++) {
    const hg_target_row *t = i < ctx->ntarget_rows ? &ctx->target_rows[i] : NULL;
    if (cur && (!t || strcmp(cur, txt(t->target_id)))) {
      GString *g = g_string_new("");
      g_string_append_printf(g, "|%s|%s", cur, render_ind_short(R, cur_ind));
      for (size_t k = 0; k < G_N_ELEMENTS(statuses); k++)
        g_string_append_printf(g, "|%u", cnt[k]);
      g_ptr_array_add(rows, g_string_free(g, FALSE));
      memset(cnt, 0, sizeof cnt);
      cur = NULL;
    }
    if (!t || !g_hash_table_contains(scope, txt(t->area_code)))
      continue;
    int k = status_index(t->status);
    if (k < 0)
      continue;
    cur = txt(t->target_id);
    cur_ind = txt(t->indicator_id);
    cnt[k]++;
    total[k]++;
    n++;
  }
  if (n)
    render_line(f,
                "Of %u target and area pairs: %u achieved, %u on track, %u at risk, %u off track "
                "and %u without enough data. Source: results/targets.csv, column status, the "
                "rows of the pack's areas (keys target_id, area_code); counted per target on "
                "the page \"Key findings: targets\".",
                n, total[0], total[1], total[2], total[3], total[4]);
  else
    render_line(f, "No target applies to the areas of this pack (results/targets.csv).");
  table_pages(pages, "Key findings: targets",
              "Areas of this pack by target and status (results/targets.csv, column status; "
              "docs/targets.md says how each is decided).",
              "|Target (target_id)|Indicator|Achieved|On track|At risk|Off track|Not enough data",
              rows);
  g_ptr_array_free(rows, TRUE);
}

/* ---- what changed since the last run ---- */

/* This run's results/indicators.csv as publish will write it, parsed (a copy
 * of the rows is written: writing sorts them). */
static hg_table *current_results(const run_ctx *ctx) {
  char *buf = NULL;
  size_t len = 0;
  FILE *fp = open_memstream(&buf, &len);
  if (!fp)
    return NULL;
  hg_arow *copy = g_memdup2(ctx->arows, ctx->narows * sizeof *copy);
  hg_status st = hg_indicators_write_csv(fp, copy, ctx->narows);
  fclose(fp);
  g_free(copy);
  hg_table *t = NULL;
  hg_error e;
  if (st == HG_OK)
    hg_table_read_mem("results/indicators.csv", buf, len, NULL, &t, &e);
  free(buf);
  return t;
}

/* results/changes.csv as publish computes it (the previous run's
 * results/indicators.csv against this run's), once a run; NULL on a first
 * run or when the previous results cannot be read (changes.csv is then its
 * header alone). */
static const hg_changes *run_changes(render *R) {
  if (R->changes_done)
    return R->changes;
  R->changes_done = 1;
  const run_ctx *ctx = R->ctx;
  if (!ctx->prev_run_id)
    return NULL;
  char *prev =
      g_build_filename(ctx->out, "runs", ctx->prev_run_id, "results", "indicators.csv", NULL);
  hg_table *old = NULL, *cur = NULL;
  hg_error e;
  if (g_file_test(prev, G_FILE_TEST_EXISTS) && hg_table_read(prev, NULL, &old, &e) == HG_OK &&
      (cur = current_results(ctx)) != NULL)
    hg_changes_compare(old, cur, &R->changes, &e);
  hg_table_free(old);
  hg_table_free(cur);
  g_free(prev);
  return R->changes;
}

void render_findings_free(render *R) {
  hg_changes_free(R->changes);
  R->changes = NULL;
}

static const char *const change_types[] = {
    "new_period",          "removed",       "value_revised",        "significance_england",
    "significance_london", "trend_changed", "target_status_changed"};

static void change_findings(render *R, page *f, GPtrArray *pages, GHashTable *scope) {
  const hg_changes *ch = run_changes(R);
  render_line(f, "# Since the last run");
  if (!ch) {
    render_line(f, "%s",
                R->ctx->prev_run_id
                    ? "The previous run's results could not be compared with these: "
                      "results/changes.csv has no rows."
                    : "This is the first run in this output folder: there is no earlier run to "
                      "compare with, and results/changes.csv has no rows.");
    return;
  }
  guint cnt[G_N_ELEMENTS(change_types)] = {0}, n = 0;
  GPtrArray *rows = g_ptr_array_new_with_free_func(g_free);
  for (size_t i = 0; i < hg_changes_size(ch); i++) {
    const hg_change *c = hg_changes_at(ch, i);
    if (!g_hash_table_contains(scope, txt(c->area_code)))
      continue;
    n++;
    for (size_t k = 0; k < G_N_ELEMENTS(change_types); k++)
      cnt[k] += !strcmp(txt(c->change_type), change_types[k]);
    if (strcmp(txt(c->change_type), "new_period") && rows->len < 2 * TABLE_ROWS)
      g_ptr_array_add(rows, g_strdup_printf("|%s|%s (%s)|%s (%s)|%s|%s|%s|%s", c->change_type,
                                            render_ind_short(R, txt(c->indicator_id)),
                                            txt(c->indicator_id), render_area_name(R, c->area_code),
                                            txt(c->area_code), txt(c->period), txt(c->sex),
                                            txt(c->before), txt(c->after)));
  }
  if (n)
    render_line(f,
                "Against run %s, %u rows of the pack's areas changed: %u new periods, %u removed, "
                "%u values revised, %u comparisons with England and %u with London changed, %u "
                "recent trends and %u target statuses changed. Source: results/changes.csv "
                "(keys change_type, indicator_id, area_code, period, sex, category).",
                R->ctx->prev_run_id, n, cnt[0], cnt[1], cnt[2], cnt[3], cnt[4], cnt[5], cnt[6]);
  else
    render_line(f,
                "Nothing changed for the areas of this pack since run %s (results/changes.csv "
                "has no row for them).",
                R->ctx->prev_run_id);
  table_pages(pages, "Key findings: changes since the last run",
              "Rows of results/changes.csv for the pack's areas other than new periods (up to "
              "20; the file has every one).",
              "|Change|Indicator (indicator_id)|Area (area_code)|Period|Sex|Before|After", rows);
  g_ptr_array_free(rows, TRUE);
}

/* ---- the pages ---- */

void render_findings_pages(render *R, GPtrArray *pages, GHashTable *scope, const char *who) {
  guint first = pages->len;
  page *f = render_text_page(pages, "Key findings");
  render_line(f,
              "What the results say for %s, written from the CSV files of this run (results/). "
              "Each finding names the file and the row keys it comes from; the tables on the "
              "following pages list the rows.",
              who);
  GPtrArray *latest = latest_rows(R->ctx, scope);
  worse_findings(R, f, pages, latest);
  worse_counts(R, f, pages, latest);
  g_ptr_array_free(latest, TRUE);
  gap_findings(R, f, pages, scope);
  target_findings(R, f, pages, scope);
  change_findings(R, f, pages, scope);
  render_section(pages, first, "Key findings");
}
