/* pages_pyramid.c: a population pyramid per ICB from the population inputs.
 *
 * An input of role population in the ONS mid-year estimate shape (an area
 * code column, a Sex column of Male(s)/Female(s)/Persons, and one column per
 * single year of age "0", "1", ..., "90+") gives each ICB's pyramid: its
 * boroughs' people summed per sex and five-year band, England's as lines
 * where the input has England.  A table of that shape whose cells are not
 * counts of people (a negative number, a fraction: rates or per cents) is
 * refused with a warning naming the file, line and column, and draws
 * nothing: a pyramid of rates would look like a population and be wrong. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "healthgap/status.h"
#include "render/render.h"

#define ENGLAND "E92000001"
#define NBANDS 19 /* 0-4 ... 85-89, 90+ */

static const char *const band_label[NBANDS] = {
    "0-4",   "5-9",   "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49",
    "50-54", "55-59", "60-64", "65-69", "70-74", "75-79", "80-84", "85-89", "90+"};

/* A single-year population table: its columns (age_col[a] for age a, 90 =
 * "90+"), or NULL when the table is of another shape. */
typedef struct {
  long code, sex, age_col[91];
} sya;

static int sya_shape(const hg_table *t, sya *s) {
  s->code = hg_table_col(t, "Code");
  if (s->code < 0)
    s->code = hg_table_col(t, "area_code");
  s->sex = hg_table_col(t, "Sex");
  if (s->code < 0 || s->sex < 0)
    return 0;
  for (int a = 0; a <= 90; a++) {
    char nm[8];
    snprintf(nm, sizeof nm, a == 90 ? "90+" : "%d", a);
    if ((s->age_col[a] = hg_table_col(t, nm)) < 0)
      return 0;
  }
  return 1;
}

/* 0 male, 1 female, -1 other (Persons). */
static int sex_of(const char *s) {
  if (g_ascii_strcasecmp(s, "Male") == 0 || g_ascii_strcasecmp(s, "Males") == 0)
    return 0;
  if (g_ascii_strcasecmp(s, "Female") == 0 || g_ascii_strcasecmp(s, "Females") == 0)
    return 1;
  return -1;
}

/* Every ICB's pyramid meets the same refused cell: say it once. */
static void warn_once(render *R, char *w) {
  GPtrArray *ws = R->ctx->warnings;
  for (guint i = 0; i < ws->len; i++)
    if (strcmp(ws->pdata[i], w) == 0) {
      g_free(w);
      return;
    }
  run_warn(R->ctx, "%s", w);
  g_free(w);
}

/* Sums the rows of codes (or England's) into pop[sex][band].  HG_ERR_PARSE,
 * with the warning given, when a cell is not a count of people. */
static hg_status sum_rows(render *R, const run_file *f, const sya *s, GHashTable *codes,
                          const char *one, double pop[2][NBANDS], int *found) {
  const hg_table *t = f->table;
  for (size_t r = 0; r < hg_table_nrows(t); r++) {
    const char *code = hg_table_cell(t, r, (size_t)s->code);
    int sx = sex_of(hg_table_cell(t, r, (size_t)s->sex));
    if (sx < 0 || !(one ? strcmp(code, one) == 0 : g_hash_table_contains(codes, code)))
      continue;
    for (int a = 0; a <= 90; a++) {
      const char *v = hg_table_cell(t, r, (size_t)s->age_col[a]);
      double x;
      if (hg_parse_number(v, strlen(v), &x) != HG_NUM_OK || x < 0 || x != floor(x)) {
        char *w = g_strdup_printf(
            "pyramid: %s:%ld: column '%s': not a count of people: '%s' (a population input "
            "gives whole numbers of people); no pyramid drawn from it",
            f->display, hg_table_line(t, r), hg_table_colname(t, (size_t)s->age_col[a]), v);
        warn_once(R, w);
        return HG_ERR_PARSE;
      }
      pop[sx][a >= 90 ? NBANDS - 1 : a / 5] += x;
    }
    *found = 1;
  }
  return HG_OK;
}

/* A year in the file's name ("..._mid2019_...") names the estimate's period. */
static char *period_of(const run_file *f) {
  const char *d = f->display;
  for (const char *c = d; *c; c++)
    if ((c[0] == '1' || c[0] == '2') && g_ascii_isdigit(c[1]) && g_ascii_isdigit(c[2]) &&
        g_ascii_isdigit(c[3]) && !g_ascii_isdigit(c[4]) && (c == d || !g_ascii_isdigit(c[-1])))
      return g_strdup_printf("Mid-%.4s", c);
  return g_strdup("Population estimates");
}

typedef struct {
  hg_chart_data *data;
  char *period;
} pyr_owned;

static void pyr_free(gpointer p) {
  pyr_owned *o = p;
  hg_chart_data_free(o->data);
  g_free(o->period);
  g_free(o);
}

/* The chart rows of one area's pyramid (strings borrowed; band labels static). */
static void add_rows(GArray *rows, const char *code, const char *name, const char *period,
                     double pop[2][NBANDS]) {
  static const char *const sexes[2] = {"Male", "Female"};
  for (int s = 0; s < 2; s++)
    for (int b = 0; b < NBANDS; b++) {
      hg_chart_row r = {.indicator_id = "hg.population",
                        .indicator_name = "Population",
                        .area_code = code,
                        .area_name = name,
                        .period = period,
                        .sex = sexes[s],
                        .age = band_label[b],
                        .period_sortable = NAN,
                        .value = pop[s][b],
                        .lower95 = NAN,
                        .upper95 = NAN,
                        .lower998 = NAN,
                        .upper998 = NAN,
                        .count = NAN,
                        .denominator = NAN,
                        .group_value = NAN};
      g_array_append_val(rows, r);
    }
}

/* One input's pyramid page for the ICB; 1 when drawn. */
static int pyramid_from(render *R, GPtrArray *pages, const run_file *f, const sya *s,
                        const char *icb, GPtrArray *boroughs) {
  GHashTable *codes = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint i = 0; i < boroughs->len; i++)
    g_hash_table_add(codes, boroughs->pdata[i]);
  double area[2][NBANDS] = {{0}}, eng[2][NBANDS] = {{0}};
  int found = 0, efound = 0;
  hg_status st = sum_rows(R, f, s, codes, NULL, area, &found);
  if (st == HG_OK)
    st = sum_rows(R, f, s, NULL, ENGLAND, eng, &efound);
  g_hash_table_destroy(codes);
  if (st != HG_OK || !found)
    return 0;
  pyr_owned *o = g_new0(pyr_owned, 1);
  o->period = period_of(f);
  GArray *rows = g_array_new(FALSE, FALSE, sizeof(hg_chart_row));
  add_rows(rows, icb, render_area_name(R, icb), o->period, area);
  if (efound)
    add_rows(rows, ENGLAND, "England", o->period, eng);
  hg_status ds = hg_chart_data_from_rows(f->display, (const hg_chart_row *)(void *)rows->data,
                                         rows->len, &o->data);
  g_array_free(rows, TRUE);
  hg_chart_request rq = {.kind = HG_CHART_PYRAMID, .indicator = "hg.population", .area = icb};
  page *p = ds == HG_OK ? render_chart_page(R, pages, &rq, o->data, NULL) : NULL;
  if (!p) {
    pyr_free(o);
    return 0;
  }
  p->owned = o;
  p->owned_free = pyr_free;
  g_free(p->source);
  p->source = g_strdup_printf("Source: %s%s%s", f->in->source ? f->in->source : f->display,
                              f->in->licence ? ", " : "", f->in->licence ? f->in->licence : "");
  p->spec.source = p->source;
  render_add_note(p, "The ICB's boroughs summed; five-year age bands from single years of age.");
  return 1;
}

void render_pyramid_page(render *R, GPtrArray *pages, const char *icb, GPtrArray *boroughs) {
  guint first = pages->len;
  for (guint i = 0; i < R->ctx->files->len; i++) {
    const run_file *f = R->ctx->files->pdata[i];
    sya s;
    if (f->in->role != HG_ROLE_POPULATION || !f->table || !sya_shape(f->table, &s))
      continue;
    if (pyramid_from(R, pages, f, &s, icb, boroughs))
      break; /* one pyramid per ICB: the first input that gives it */
  }
  render_section(pages, first, "Population pyramid");
}
