/* inequalities_arriaga_table.c: Arriaga decomposition from a counts file (deaths
 * and populations by age band, optionally by cause): two populations picked by
 * area code or by deprivation quantile, counts summed per period x sex x band,
 * then hg_ineq_arriaga_counts.  Contract in healthgap/inequalities.h. */
#include "healthgap/inequalities.h"
#include "healthgap/deprivation.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

/* One period x sex: sums per side (0 = the group, Arriaga's base population; 1 =
 * the comparator) and band (index into the sorted distinct start ages). */
typedef struct cell {
  const char *period, *sex; /* borrowed from the table */
  double *deaths[2], *pop[2], *cdeaths[2];
} cell;

static void free_cell(gpointer p) {
  cell *c = p;
  for (int s = 0; s < 2; s++) {
    free(c->deaths[s]);
    free(c->pop[s]);
    free(c->cdeaths[s]);
  }
  free(c);
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static hg_status need_col(const hg_table *t, const char *name, long *col, hg_error *err) {
  *col = hg_table_col(t, name);
  if (*col < 0) {
    hg_error_set(err, hg_table_name(t), 1, name,
                 "column missing (a counts file needs "
                 "area_code, period, sex, age_band, deaths, "
                 "population)");
    return HG_ERR_FORMAT;
  }
  return HG_OK;
}

/* One decomposition run over a counts table. */
typedef struct scan {
  const hg_table *t;
  const hg_ineq_arriaga_options *o;
  long c_area, c_period, c_sex, c_band, c_deaths, c_pop, c_dep, c_cause; /* -1 = absent */
  int dep_least;          /* the least deprived quantile's rank (deprivation mode) */
  char *labels[2];        /* the two sides' labels, from their first rows */
  GArray *starts;         /* the bands' start ages, sorted */
  GPtrArray *causes;      /* distinct causes in order of appearance (borrowed) */
  GHashTable *cause_ix;   /* cause -> index in causes */
  GHashTable *cells;      /* "period\x1fsex" -> cell */
  GPtrArray *order;       /* the cells in order of appearance */
  GHashTable *pops;       /* populations already counted (cause rows repeat them) */
  GHashTable *members[2]; /* areas mode: a side summed from these codes (its own code
                             has no rows), else NULL */
} scan;

static void scan_free(scan *sc) {
  if (sc->cells)
    g_hash_table_destroy(sc->cells);
  if (sc->pops)
    g_hash_table_destroy(sc->pops);
  if (sc->cause_ix)
    g_hash_table_destroy(sc->cause_ix);
  if (sc->causes)
    g_ptr_array_free(sc->causes, TRUE);
  if (sc->order)
    g_ptr_array_free(sc->order, TRUE);
  if (sc->starts)
    g_array_free(sc->starts, TRUE);
  for (int k = 0; k < 2; k++)
    if (sc->members[k])
      g_hash_table_destroy(sc->members[k]);
  g_free(sc->labels[0]);
  g_free(sc->labels[1]);
}

static hg_status find_columns(scan *sc, hg_error *err) {
  const hg_table *t = sc->t;
  const hg_ineq_arriaga_options *o = sc->o;
  hg_status st;
  sc->c_dep = sc->c_cause = -1;
  if ((st = need_col(t, "area_code", &sc->c_area, err)) ||
      (st = need_col(t, "period", &sc->c_period, err)) ||
      (st = need_col(t, "sex", &sc->c_sex, err)) ||
      (st = need_col(t, "age_band", &sc->c_band, err)) ||
      (st = need_col(t, "deaths", &sc->c_deaths, err)) ||
      (st = need_col(t, "population", &sc->c_pop, err)) ||
      (o->deprivation_column && (st = need_col(t, o->deprivation_column, &sc->c_dep, err))) ||
      (o->cause_column && (st = need_col(t, o->cause_column, &sc->c_cause, err))))
    return st;
  return HG_OK;
}

static const char *cell_of(const scan *sc, size_t r, long col) {
  return hg_table_cell(sc->t, r, (size_t)col);
}

/* 1 when row r counts on side (0 group, 1 comparator).  In areas mode a row
 * may count on both: a borough is part of the London summed from boroughs. */
static int on_side(const scan *sc, size_t r, int side) {
  const hg_ineq_arriaga_options *o = sc->o;
  const char *area = cell_of(sc, r, sc->c_area);
  if (sc->c_dep < 0) {
    if (sc->members[side])
      return g_hash_table_contains(sc->members[side], area);
    const char *code = side == 0 ? o->area_code : o->reference_area;
    return code && strcmp(area, code) == 0;
  }
  if (o->area_code && strcmp(area, o->area_code) != 0)
    return 0;
  int rank = hg_deprivation_rank(cell_of(sc, r, sc->c_dep), NULL, NULL);
  return side == 0 ? rank == 1 : rank > 1 && rank == sc->dep_least;
}

/* Areas mode: a side with members and no rows of its own is summed from its
 * members (sc->members[side]); a side with rows of its own uses them. */
static void choose_members(scan *sc) {
  const hg_ineq_arriaga_options *o = sc->o;
  const char *const *mem[2] = {o->area_members, o->reference_members};
  const char *code[2] = {o->area_code, o->reference_area};
  int own[2] = {0, 0};
  for (size_t r = 0; r < hg_table_nrows(sc->t); r++)
    for (int k = 0; k < 2; k++)
      own[k] |= code[k] && strcmp(cell_of(sc, r, sc->c_area), code[k]) == 0;
  for (int k = 0; k < 2; k++) {
    if (own[k] || !mem[k])
      continue;
    sc->members[k] = g_hash_table_new(g_str_hash, g_str_equal);
    for (size_t i = 0; mem[k][i]; i++)
      g_hash_table_add(sc->members[k], (gpointer)mem[k][i]);
  }
}

/* Side k's label: the option's, else the summed side's code, else its first row's. */
static void set_label(scan *sc, int k, size_t r) {
  const hg_ineq_arriaga_options *o = sc->o;
  const char *opt = k == 0 ? o->group_label : o->reference_label;
  const char *code = k == 0 ? o->area_code : o->reference_area;
  if (sc->c_dep < 0 && opt)
    sc->labels[k] = g_strdup(opt);
  else if (sc->members[k] && code)
    sc->labels[k] = g_strdup(code);
  else
    sc->labels[k] = g_strdup(cell_of(sc, r, sc->c_dep >= 0 ? sc->c_dep : sc->c_area));
}

static const char *side_name(const hg_ineq_arriaga_options *o, int k) {
  const char *code = k == 0 ? o->area_code : o->reference_area;
  const char *lab = k == 0 ? o->group_label : o->reference_label;
  return code ? code : lab ? lab : "a side";
}

/* Pass 1: the least deprived quantile, the sides' labels, the causes and the
 * band start ages. */
static hg_status scan_bands(scan *sc, hg_error *err) {
  const hg_table *t = sc->t;
  size_t nr = hg_table_nrows(t);
  if (sc->c_dep >= 0)
    for (size_t r = 0; r < nr; r++) {
      if (sc->o->area_code && strcmp(cell_of(sc, r, sc->c_area), sc->o->area_code) != 0)
        continue;
      int rank = hg_deprivation_rank(cell_of(sc, r, sc->c_dep), NULL, NULL);
      if (rank > sc->dep_least)
        sc->dep_least = rank;
    }
  for (size_t r = 0; r < nr; r++) {
    int in0 = on_side(sc, r, 0), in1 = on_side(sc, r, 1);
    if (!in0 && !in1)
      continue;
    for (int k = 0; k < 2; k++)
      if ((k == 0 ? in0 : in1) && !sc->labels[k])
        set_label(sc, k, r);
    double s;
    if (hg_le_parse_startage(cell_of(sc, r, sc->c_band), &s)) {
      hg_error_set(err, hg_table_name(t), hg_table_line(t, r), "age_band", "not an age band: '%s'",
                   cell_of(sc, r, sc->c_band));
      return HG_ERR_PARSE;
    }
    size_t b = 0;
    while (b < sc->starts->len && g_array_index(sc->starts, double, b) != s)
      b++;
    if (b == sc->starts->len)
      g_array_append_val(sc->starts, s);
    if (sc->c_cause >= 0) {
      const char *cz = cell_of(sc, r, sc->c_cause);
      if (!g_hash_table_contains(sc->cause_ix, cz)) {
        g_hash_table_insert(sc->cause_ix, (gpointer)cz, GSIZE_TO_POINTER(sc->causes->len));
        g_ptr_array_add(sc->causes, (gpointer)cz);
      }
    }
  }
  if (sc->starts->len == 0 || !sc->labels[0] || !sc->labels[1]) {
    int dep = sc->c_dep >= 0;
    hg_error_set(err, hg_table_name(t), 0, NULL, "no rows for %s",
                 !sc->labels[0] ? (dep ? "the most deprived quantile" : side_name(sc->o, 0))
                                : (dep ? "a less deprived quantile" : side_name(sc->o, 1)));
    return HG_ERR_NOT_FOUND;
  }
  g_array_sort(sc->starts, cmp_double);
  return HG_OK;
}

/* The cell of a period and sex, made (zeroed) on first use; NULL when out of memory. */
static cell *cell_get(scan *sc, const char *period, const char *sex) {
  size_t nb = sc->starts->len, nc = sc->causes->len;
  char *key = g_strjoin("\x1f", period, sex, NULL);
  cell *c = g_hash_table_lookup(sc->cells, key);
  if (c) {
    g_free(key);
    return c;
  }
  c = calloc(1, sizeof *c);
  int ok = c != NULL;
  for (int k = 0; ok && k < 2; k++) {
    c->deaths[k] = calloc(nb, sizeof(double));
    c->pop[k] = calloc(nb, sizeof(double));
    c->cdeaths[k] = nc ? calloc(nb * nc, sizeof(double)) : NULL;
    ok = c->deaths[k] && c->pop[k] && (!nc || c->cdeaths[k]);
  }
  if (!ok) {
    if (c)
      free_cell(c);
    g_free(key);
    return NULL;
  }
  c->period = period;
  c->sex = sex;
  g_hash_table_insert(sc->cells, key, c);
  g_ptr_array_add(sc->order, c);
  return c;
}

/* With causes each row carries one cause's deaths and the band's population,
 * repeated on every cause row of the same area, period, sex and band: *first
 * is 1 the first time that population is met (count it), 0 after (it must
 * agree). */
static hg_status population_first(scan *sc, size_t r, int side, double p, int *first,
                                  hg_error *err) {
  const hg_table *t = sc->t;
  char *pk =
      g_strjoin("\x1f", side ? "1" : "0", cell_of(sc, r, sc->c_area), cell_of(sc, r, sc->c_period),
                cell_of(sc, r, sc->c_sex), cell_of(sc, r, sc->c_band),
                sc->c_dep >= 0 ? cell_of(sc, r, sc->c_dep) : "", NULL);
  double *seen = g_hash_table_lookup(sc->pops, pk);
  *first = seen == NULL;
  if (!seen) {
    seen = g_new(double, 1);
    *seen = p;
    g_hash_table_insert(sc->pops, pk, seen);
    return HG_OK;
  }
  g_free(pk);
  if (!(*seen == p || (isnan(*seen) && isnan(p)))) {
    hg_error_set(err, hg_table_name(t), hg_table_line(t, r), "population",
                 "differs between the cause rows of one age band (%g, %g)", *seen, p);
    return HG_ERR_INVALID;
  }
  return HG_OK;
}

/* Pass 2: sums per period x sex x side x band (and cause). */
static hg_status sum_counts(scan *sc, hg_error *err) {
  const hg_table *t = sc->t;
  const hg_ineq_arriaga_options *o = sc->o;
  size_t nc = sc->causes->len;
  hg_status st;
  for (size_t r = 0; r < hg_table_nrows(t); r++) {
    int in0 = on_side(sc, r, 0), in1 = on_side(sc, r, 1);
    const char *period = cell_of(sc, r, sc->c_period), *sex = cell_of(sc, r, sc->c_sex);
    if ((!in0 && !in1) || (o->period && strcmp(o->period, period) != 0) ||
        (o->sex && strcmp(o->sex, sex) != 0))
      continue;
    double s, d, p;
    hg_le_parse_startage(cell_of(sc, r, sc->c_band), &s); /* checked in pass 1 */
    if ((st = hg_table_number(t, r, (size_t)sc->c_deaths, &d, err)) ||
        (st = hg_table_number(t, r, (size_t)sc->c_pop, &p, err)))
      return st;
    size_t b = 0;
    while (g_array_index(sc->starts, double, b) != s)
      b++;
    cell *c = cell_get(sc, period, sex);
    if (!c)
      return HG_ERR_NOMEM;
    for (int side = 0; side < 2; side++) {
      if (!(side == 0 ? in0 : in1))
        continue;
      /* A missing count makes the sum missing (never zero). */
      c->deaths[side][b] += d;
      int first = 1;
      if (nc) {
        size_t k = GPOINTER_TO_SIZE(g_hash_table_lookup(sc->cause_ix, cell_of(sc, r, sc->c_cause)));
        c->cdeaths[side][b * nc + k] += d;
        if ((st = population_first(sc, r, side, p, &first, err)))
          return st;
      }
      if (first)
        c->pop[side][b] += p;
    }
  }
  return HG_OK;
}

/* Pass 3: one decomposition per period x sex. */
static hg_status decompose_cells(const scan *sc, hg_ineq_results *res, size_t *skipped,
                                 hg_error *err) {
  const hg_ineq_arriaga_options *o = sc->o;
  size_t nb = sc->starts->len, nc = sc->causes->len;
  int dep = sc->c_dep >= 0;
  const double *bands = (const double *)(void *)sc->starts->data;
  for (guint i = 0; i < sc->order->len; i++) {
    const cell *c = sc->order->pdata[i];
    hg_ineq_key key = {o->indicator_id ? o->indicator_id : "hg.le_birth",
                       dep           ? (o->area_code ? o->area_code : "")
                       : o->key_area ? o->key_area
                                     : o->area_code,
                       c->period,
                       c->sex,
                       "",
                       NAN};
    hg_error e;
    hg_error_clear(&e);
    /* Base population (1 in Arriaga) = the group, comparator (2) = the reference, so
     * the parts sum to e0(reference) - e0(group): the years by which the group
     * falls behind, positive when it lives shorter (the Segment Tool's gap). */
    hg_status s = hg_ineq_arriaga_counts(&key,
                                         dep                 ? "deprivation"
                                         : o->breakdown_type ? o->breakdown_type
                                                             : "other",
                                         sc->labels[0], sc->labels[1], nb, bands, c->deaths[0],
                                         c->pop[0], c->deaths[1], c->pop[1], nc,
                                         nc ? (const char *const *)sc->causes->pdata : NULL,
                                         c->cdeaths[0], c->cdeaths[1], o->le, res, &e);
    if (s == HG_ERR_INVALID) { /* a life table refused (low population, a zero band) */
      if (skipped)
        (*skipped)++;
      continue;
    }
    if (s) {
      if (err)
        *err = e;
      return s;
    }
  }
  return HG_OK;
}

hg_status hg_ineq_arriaga_from_table(const hg_table *t, const hg_ineq_arriaga_options *o,
                                     hg_ineq_results *res, size_t *skipped, hg_error *err) {
  hg_status st = HG_OK;
  if (skipped)
    *skipped = 0;
  if (!t || !o || !res ||
      (!o->deprivation_column &&
       ((!o->area_code && !o->area_members) || (!o->reference_area && !o->reference_members))))
    return HG_ERR_INVALID;
  scan sc = {.t = t, .o = o};
  if ((st = find_columns(&sc, err)))
    return st;
  sc.cause_ix = g_hash_table_new(g_str_hash, g_str_equal);
  sc.causes = g_ptr_array_new();
  sc.starts = g_array_new(FALSE, FALSE, sizeof(double));
  sc.cells = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, free_cell);
  sc.pops = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  sc.order = g_ptr_array_new();
  if (!o->deprivation_column)
    choose_members(&sc);
  if ((st = scan_bands(&sc, err)) == HG_OK && (st = sum_counts(&sc, err)) == HG_OK)
    st = decompose_cells(&sc, res, skipped, err);
  scan_free(&sc);
  return st;
}

/* 1 when some row of lookup has area in one column and code in another. */
static int shares_row(const hg_table *lookup, const char *area, const char *code) {
  size_t nc = hg_table_ncols(lookup);
  for (size_t r = 0; r < hg_table_nrows(lookup); r++) {
    int a = 0, c = 0;
    for (size_t j = 0; j < nc && j < hg_table_width(lookup, r); j++) {
      const char *v = hg_table_cell(lookup, r, j);
      a |= strcmp(v, area) == 0;
      c |= strcmp(v, code) == 0;
    }
    if (a && c)
      return 1;
  }
  return 0;
}

hg_status hg_ineq_arriaga_members(const hg_table *counts, const char *area, const hg_table *lookup,
                                  const char ***out) {
  if (!counts || !area || !out)
    return HG_ERR_INVALID;
  *out = NULL;
  long ca = hg_table_col(counts, "area_code");
  if (ca < 0)
    return HG_ERR_FORMAT;
  GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
  GPtrArray *m = g_ptr_array_new();
  int own = 0;
  for (size_t r = 0; r < hg_table_nrows(counts) && !own; r++) {
    const char *code = hg_table_cell(counts, r, (size_t)ca);
    own = strcmp(code, area) == 0;
    if (own || !g_hash_table_add(seen, (gpointer)code))
      continue;
    int member = lookup ? shares_row(lookup, area, code)
                        : strcmp(area, "E12000007") == 0 && g_str_has_prefix(code, "E09");
    if (member)
      g_ptr_array_add(m, (gpointer)code);
  }
  hg_status st = HG_OK;
  if (!own && m->len) {
    *out = malloc((m->len + 1) * sizeof **out);
    if (!*out)
      st = HG_ERR_NOMEM;
    else {
      memcpy(*out, m->pdata, m->len * sizeof **out);
      (*out)[m->len] = NULL;
    }
  }
  g_ptr_array_free(m, TRUE);
  g_hash_table_destroy(seen);
  return st;
}
