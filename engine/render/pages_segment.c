/* pages_segment.c: the life expectancy gap decomposed by age band (and by
 * cause where the counts give causes), drawn as OHID's Segment Tool draws
 * it: one chart per pair of populations, Male and Female side by side (by
 * cause: a page per sex, each band's bar stacked by cause), from
 * the run's arriaga_age and arriaga_cause rows (analyse/inequalities_run.c).
 * Every number drawn is a value of results/inequalities.csv. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "healthgap/inequalities.h"
#include "render/render.h"

#define LONDON "E12000007"
#define ENGLAND "E92000001"

/* A page's storage: its series, subtitle and points (one block, page->owned). */
typedef struct {
  hg_chart_series ser[2];
  char subtitle[512];
  hg_chart_point pts[];
} seg_block;

/* A component's sort key: its band's start age ("1-4" -> 1, "90+" -> 90). */
static double start_age(const char *c) {
  return g_ascii_strtod(c, NULL);
}

/* The arriaga rows of one pair, sex and period (row pointers, borrowed). */
static GPtrArray *pair_rows(const render *R, const char *measure, const char *area,
                            const char *group, const char *ref, const char *sex,
                            const char *period) {
  GPtrArray *v = g_ptr_array_new();
  const hg_ineq_results *res = R->ctx->ineq;
  for (size_t i = 0; res && i < hg_ineq_results_size(res); i++) {
    const hg_ineq_row *r = hg_ineq_results_get(res, i);
    if (strcmp(r->measure, measure) == 0 && strcmp(r->area_code, area) == 0 &&
        strcmp(r->group, group) == 0 && strcmp(r->reference_group, ref) == 0 &&
        strcmp(r->sex, sex) == 0 && strcmp(r->period, period) == 0)
      g_ptr_array_add(v, (gpointer)r);
  }
  return v;
}

static int by_age(const void *a, const void *b) {
  const hg_ineq_row *x = *(const hg_ineq_row *const *)a, *y = *(const hg_ineq_row *const *)b;
  double u = start_age(x->component), w = start_age(y->component);
  return u < w ? -1 : u > w;
}

/* The latest period of a pair's age rows (NULL when it has none). */
static const char *latest_period(const render *R, const char *area, const char *group,
                                 const char *ref, const char **id) {
  const hg_ineq_row *best = NULL;
  const hg_ineq_results *res = R->ctx->ineq;
  for (size_t i = 0; res && i < hg_ineq_results_size(res); i++) {
    const hg_ineq_row *r = hg_ineq_results_get(res, i);
    if (strcmp(r->measure, "arriaga_age") == 0 && strcmp(r->area_code, area) == 0 &&
        strcmp(r->group, group) == 0 && strcmp(r->reference_group, ref) == 0 &&
        (!best || r->period_year > best->period_year))
      best = r;
  }
  if (best)
    *id = best->indicator_id;
  return best ? best->period : NULL;
}

static const char *name_of(const render *R, const char *code) {
  return strcmp(code, LONDON) == 0    ? "London"
         : strcmp(code, ENGLAND) == 0 ? "England"
                                      : render_area_name(R, code);
}

/* A page's title, footnote, source and synthetic mark; what (NULL: by age
 * band) names the breakdown in the title ("age band and cause, Male"). */
static void finish_page(render *R, GPtrArray *pages, page *pg, const char *area, const char *group,
                        const char *ref, const char *id, const char *what) {
  int dep = strcmp(area, group) != 0 && strncmp(group, "E", 1) != 0;
  pg->title = dep ? g_strdup_printf("Life expectancy gap in %s: %s behind the %s, by %s",
                                    name_of(R, area), group, ref, what)
                  : g_strdup_printf("Life expectancy gap: %s behind %s, by %s", name_of(R, group),
                                    name_of(R, ref), what);
  pg->spec.title = pg->title;
  pg->spec.x_label = "Years of the life expectancy gap at birth";
  pg->footnote = g_strdup_printf(
      "Arriaga (1984) decomposition, as OHID's Segment Tool: life tables by the PHE method "
      "(Chiang II) from deaths and populations by age band%s; the parts sum to the gap.%s %s",
      strcmp(ref, LONDON) == 0 || dep ? "; London, ICBs and quintiles summed from borough counts"
                                      : "",
      strstr(what, "cause") ? " Each age band's part is shared among the causes in proportion to "
                              "the difference in their death rates (Preston, Heuveline and "
                              "Guillot 2001, as the Segment Tool)."
                            : "",
      OGL);
  pg->spec.footnote = pg->footnote;
  const GString *src = g_hash_table_lookup(R->sources, id);
  pg->source = g_strdup_printf("Source: %s", src ? src->str : "the counts inputs (see Methods)");
  pg->spec.source = pg->source;
  g_ptr_array_add(pages, pg);
  hg_chart_request rq = {.indicator = id};
  if (render_is_synthetic(R, &rq))
    render_mark_synthetic(pg);
}

/* The age band page of a pair: Male and Female side by side. */
static void segment_page(render *R, GPtrArray *pages, const char *area, const char *group,
                         const char *ref) {
  const char *id = NULL, *period = latest_period(R, area, group, ref, &id);
  if (!period)
    return;
  static const char *const sexes[2] = {"Male", "Female"};
  GPtrArray *rows[2];
  size_t most = 0;
  for (int s = 0; s < 2; s++) {
    rows[s] = pair_rows(R, "arriaga_age", area, group, ref, sexes[s], period);
    g_ptr_array_sort(rows[s], by_age);
    most = MAX(most, rows[s]->len);
  }
  if (most == 0) {
    g_ptr_array_free(rows[0], TRUE);
    g_ptr_array_free(rows[1], TRUE);
    return;
  }
  seg_block *b = g_malloc0(sizeof *b + 2 * most * sizeof(hg_chart_point));
  GString *gaps = g_string_new(NULL);
  size_t ns = 0;
  for (int s = 0; s < 2; s++) {
    if (!rows[s]->len)
      continue;
    hg_chart_point *p = b->pts + ns * most;
    for (guint i = 0; i < rows[s]->len; i++) {
      const hg_ineq_row *r = rows[s]->pdata[i];
      p[i] = (hg_chart_point){.label = r->component, .value = r->value};
    }
    const hg_ineq_row *r0 = rows[s]->pdata[0];
    g_string_append_printf(gaps, "%s%s %.2f years", gaps->len ? ", " : "", sexes[s],
                           r0->reference_value);
    b->ser[ns++] = (hg_chart_series){sexes[s], HG_ROLE_AREA, p, rows[s]->len};
  }
  page *pg = g_new0(page, 1);
  pg->owned = b;
  hg_chart_spec_init(&pg->spec, HG_CHART_SEGMENT);
  pg->spec.series = b->ser;
  pg->spec.nseries = ns;
  double vmax = 0;
  for (size_t s = 0; s < ns; s++)
    for (size_t i = 0; i < b->ser[s].n; i++)
      vmax = fmax(vmax, fabs(b->ser[s].pts[i].value));
  pg->spec.decimals = vmax >= 0.1 ? 2 : 3; /* small parts would all print 0.00 */
  snprintf(b->subtitle, sizeof b->subtitle,
           "%s; gap at birth %s; years each age band adds to the gap (left of zero: narrows it)",
           period, gaps->str);
  pg->spec.subtitle = b->subtitle;
  finish_page(R, pages, pg, area, group, ref, id, "age band");
  g_string_free(gaps, TRUE);
  g_ptr_array_free(rows[0], TRUE);
  g_ptr_array_free(rows[1], TRUE);
}

/* The most causes drawn apart; more are drawn as one part, "Other causes". */
#define MAX_CAUSES 8
/* The most age bands of a stacked page (PHE's life tables have 20). */
#define MAX_BANDS 40

/* A stacked page's storage: a series per cause, a point per band and cause. */
typedef struct {
  hg_chart_series ser[MAX_CAUSES + 1];
  char subtitle[512];
  char other[64];
  char band[MAX_BANDS][24]; /* the rows' labels, "75-79" */
  hg_chart_point pts[];
} cause_block;

/* The cause of a row ("75-79: Circulatory" -> "Circulatory"). */
static const char *cause_of(const hg_ineq_row *r) {
  const char *c = strstr(r->component, ": ");
  return c ? c + 2 : r->component;
}

/* One sex's stacked page, Segment Tool style: a bar per age band, its parts
 * the causes (rows: its arriaga_cause rows, sorted by band).  Every part is a
 * value of results/inequalities.csv; the bar's total is the band's. */
static void cause_page(render *R, GPtrArray *pages, const char *area, const char *group,
                       const char *ref, const char *id, const char *period, const char *sex,
                       GPtrArray *rows) {
  GPtrArray *causes = g_ptr_array_new(), *bands = g_ptr_array_new();
  for (guint i = 0; i < rows->len; i++) {
    const hg_ineq_row *r = rows->pdata[i];
    if (!g_ptr_array_find_with_equal_func(causes, cause_of(r), g_str_equal, NULL))
      g_ptr_array_add(causes, (gpointer)cause_of(r));
    if (!bands->len ||
        start_age(g_ptr_array_index(bands, bands->len - 1)) != start_age(r->component))
      g_ptr_array_add(bands, (gpointer)r->component);
  }
  size_t nc = MIN(causes->len, MAX_CAUSES + 1), nb = bands->len;
  if (nb > MAX_BANDS) {
    R->skipped++;
    g_ptr_array_free(causes, TRUE);
    g_ptr_array_free(bands, TRUE);
    return;
  }
  cause_block *b = g_malloc0(sizeof *b + nc * nb * sizeof(hg_chart_point));
  if (causes->len > MAX_CAUSES + 1)
    snprintf(b->other, sizeof b->other, "Other causes (%u)", causes->len - MAX_CAUSES);
  for (size_t c = 0; c < nc; c++) {
    hg_chart_point *p = b->pts + c * nb;
    for (size_t i = 0; i < nb; i++) {
      if (!c)
        snprintf(b->band[i], sizeof b->band[i], "%.*s", (int)strcspn(bands->pdata[i], ":"),
                 (const char *)bands->pdata[i]);
      p[i] = (hg_chart_point){.label = b->band[i], .value = 0};
    }
    b->ser[c] = (hg_chart_series){*b->other && c == MAX_CAUSES ? b->other : causes->pdata[c],
                                  HG_ROLE_AREA, p, nb};
  }
  double gap = NAN;
  for (guint i = 0, k = 0; i < rows->len; i++) {
    const hg_ineq_row *r = rows->pdata[i];
    while (k + 1 < nb && start_age(bands->pdata[k]) != start_age(r->component))
      k++;
    guint c = 0;
    g_ptr_array_find_with_equal_func(causes, cause_of(r), g_str_equal, &c);
    b->pts[MIN(c, MAX_CAUSES) * nb + k].value += r->value;
    gap = r->reference_value;
  }
  page *pg = g_new0(page, 1);
  pg->owned = b;
  hg_chart_spec_init(&pg->spec, HG_CHART_SEGMENT);
  pg->spec.series = b->ser;
  pg->spec.nseries = nc;
  pg->spec.stacked = 1;
  pg->spec.decimals = 2;
  snprintf(b->subtitle, sizeof b->subtitle,
           "%s, %s; gap at birth %.2f years; each age band's years of the gap by cause (left "
           "of zero: narrows it), its total at the bar's end",
           period, sex, gap);
  pg->spec.subtitle = b->subtitle;
  char *what = g_strdup_printf("age band and cause, %s", sex);
  finish_page(R, pages, pg, area, group, ref, id, what);
  g_free(what);
  g_ptr_array_free(causes, TRUE);
  g_ptr_array_free(bands, TRUE);
}

/* The cause pages of a pair (one a sex) when the counts gave causes. */
static void segment_cause_pages(render *R, GPtrArray *pages, const char *area, const char *group,
                                const char *ref) {
  const char *id = NULL, *period = latest_period(R, area, group, ref, &id);
  static const char *const sexes[2] = {"Male", "Female"};
  for (int s = 0; period && s < 2; s++) {
    GPtrArray *rows = pair_rows(R, "arriaga_cause", area, group, ref, sexes[s], period);
    g_ptr_array_sort(rows, by_age);
    if (rows->len)
      cause_page(R, pages, area, group, ref, id, period, sexes[s], rows);
    g_ptr_array_free(rows, TRUE);
  }
}

/* The age page, then the cause pages when the counts gave causes. */
static void segment_pair(render *R, GPtrArray *pages, const char *area, const char *group,
                         const char *ref) {
  segment_page(R, pages, area, group, ref);
  segment_cause_pages(R, pages, area, group, ref);
}

void render_segment_pages(render *R, GPtrArray *pages, const char *icb, GPtrArray *boroughs) {
  if (!R->ctx->ineq)
    return;
  guint first = pages->len;
  if (!icb) {
    segment_pair(R, pages, LONDON, "Most deprived quintile of boroughs",
                 "Least deprived quintile of boroughs");
    segment_pair(R, pages, LONDON, LONDON, ENGLAND);
  } else {
    static const char *const refs[] = {LONDON, ENGLAND};
    for (size_t k = 0; k < G_N_ELEMENTS(refs); k++) {
      segment_pair(R, pages, icb, icb, refs[k]);
      for (guint i = 0; boroughs && i < boroughs->len; i++)
        segment_pair(R, pages, boroughs->pdata[i], boroughs->pdata[i], refs[k]);
    }
  }
  render_section(pages, first, "Life expectancy gap by age band (Segment Tool)");
}
