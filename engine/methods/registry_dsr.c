/* registry_dsr.c: the dsr row (calculate_dsr) of the method registry.
 *
 * The standard population is either a column of the data (as calculate_dsr) or
 * joined by age-band KEY from ESP2013 (--stdpop-builtin esp2013) or from a
 * two-column CSV (--stdpop-table FILE: band, population).  Never by position
 * (PHEindicatormethods issue 31).
 */
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ingest/project.h"
#include "methods/adapter.h"
#include "healthgap/memory.h"
#include "healthgap/dsr.h"

static const hg_method_arg dsr_args[] = {
    {"x", HG_ARG_COLUMN, NULL, NULL, "event count column (empty = 0)"},
    {"n", HG_ARG_COLUMN, NULL, NULL, "population column"},
    {"stdpop", HG_ARG_COLUMN, NULL, NULL, "standard population column"},
    HG_ARG_TYPE,
    HG_ARG_CONFIDENCE("0.95"),
    HG_ARG_MULTIPLIER("100000"),
    {"independent_events", HG_ARG_BOOL, "TRUE", NULL,
     "events are independent; --no-independent-events: x counts persons, by --eventfreq"},
    {"eventfreq", HG_ARG_COLUMN, NULL, NULL, "events per person column (non-independent events)"},
    {"ageband", HG_ARG_COLUMN, NULL, NULL,
     "age band column (join key, and non-independent events)"},
    {"stdpop_builtin", HG_ARG_TEXT, NULL, "esp2013",
     "join this built-in standard population by --ageband"},
    {"stdpop_table", HG_ARG_TABLE, NULL, NULL, "join a CSV (band, population) by --ageband"},
    {"vardsr", HG_ARG_BOOL, "FALSE", NULL, "add a last column vardsr, the variance of value"},
    HG_ARG_END};

/* Band labels compare after removing spaces, unifying dashes and dropping
 * leading zeros: "00-04", "0 - 4" and "0–4" are one band; "90 +" is "90+". */
static void band_key(const char *s, char *out, size_t size) {
  size_t o = 0;
  int in_num = 0, lead = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p && o + 2 < size; p++) {
    unsigned char ch = *p;
    if (ch == 0xE2 && p[1] == 0x80 && (p[2] == 0x93 || p[2] == 0x94)) {
      p += 2;
      ch = '-';
    }
    if (ch == ' ' || ch == '\t')
      continue;
    if (ch >= '0' && ch <= '9') {
      if (!in_num) {
        in_num = 1;
        lead = 1;
      }
      if (lead && ch == '0' && p[1] >= '0' && p[1] <= '9')
        continue;
      lead = 0;
    } else {
      in_num = 0;
    }
    out[o++] = (char)g_ascii_tolower((gchar)ch);
  }
  out[o] = '\0';
  if (o >= 4 && strcmp(out + o - 4, "plus") == 0)
    strcpy(out + o - 4, "+");
}

typedef struct {
  size_t k;
  char **keys;    /* normalised labels */
  double *starts; /* start age or NAN */
  double *pops;
  const char *name;
} stdpop_ref;

static void ref_free(stdpop_ref *s) {
  if (s->keys)
    g_strfreev(s->keys);
  g_free(s->starts);
  g_free(s->pops);
}

static double leading_number(const char *s) {
  double v = NAN;
  size_t len = 0;
  while (s[len] == ' ')
    len++;
  size_t start = len;
  while (s[len] >= '0' && s[len] <= '9')
    len++;
  if (len > start)
    hg_parse_number(s + start, len - start, &v);
  return v;
}

static hg_status ref_build(const hg_method_call *c, stdpop_ref *s, hg_error *err) {
  const hg_table *t = hg_method_arg_table(c, "stdpop_table");
  char key[128];
  memset(s, 0, sizeof *s);
  if (t) {
    if (hg_table_ncols(t) < 2) {
      hg_error_set(err, hg_table_name(t), 0, NULL,
                   "stdpop_table needs two columns: age band, standard population");
      return HG_ERR_FORMAT;
    }
    s->name = hg_table_name(t);
    s->k = hg_table_nrows(t);
    s->keys = g_new0(char *, s->k + 1);
    s->starts = g_new(double, s->k + 1);
    s->pops = g_new(double, s->k + 1);
    for (size_t i = 0; i < s->k; i++) {
      band_key(hg_table_cell(t, i, 0), key, sizeof key);
      s->keys[i] = g_strdup(key);
      s->starts[i] = leading_number(hg_table_cell(t, i, 0));
      const char *cell = hg_table_cell(t, i, 1);
      if (hg_parse_cell(cell, &s->pops[i]) == HG_NUM_INVALID) {
        hg_error_set(err, hg_table_name(t), hg_table_line(t, i), hg_table_colname(t, 1),
                     "not a number: '%s'", cell);
        return HG_ERR_PARSE;
      }
      if (isnan(s->pops[i])) {
        hg_error_set(err, hg_table_name(t), hg_table_line(t, i), hg_table_colname(t, 1),
                     "field stdpop cannot have missing values");
        return HG_ERR_INVALID;
      }
    }
    return HG_OK;
  }
  const char *const *labels;
  const double *starts, *pops;
  s->name = "esp2013";
  s->k = hg_esp2013(&labels, &starts, &pops);
  s->keys = g_new0(char *, s->k + 1);
  s->starts = g_memdup2(starts, s->k * sizeof(double));
  s->pops = g_memdup2(pops, s->k * sizeof(double));
  for (size_t i = 0; i < s->k; i++) {
    band_key(labels[i], key, sizeof key);
    s->keys[i] = g_strdup(key);
  }
  return HG_OK;
}

/* The standard population of a band label: by normalised label, or, for a bare
 * number, by start age.  NAN if the band is not in the reference. */
static double ref_lookup(const stdpop_ref *s, const char *label) {
  char key[128];
  band_key(label, key, sizeof key);
  double num;
  int bare = hg_parse_number(label, strlen(label), &num) == HG_NUM_OK;
  for (size_t i = 0; i < s->k; i++)
    if (strcmp(key, s->keys[i]) == 0 || (bare && s->starts[i] == num))
      return s->pops[i];
  return NAN;
}

/* Reads a numeric column; a non-number is R's "field X must be numeric". */
static double *numeric_column(const hg_method_call *c, long col, const char *msg, hg_status *st,
                              hg_error *err) {
  size_t nrows = hg_table_nrows(c->data);
  double *v = hg_mem_new_large(nrows, sizeof(double));
  for (size_t i = 0; i < nrows; i++) {
    const char *s = hg_table_cell(c->data, i, (size_t)col);
    if (hg_parse_cell(s, &v[i]) == HG_NUM_INVALID) {
      *st = hg_method_fail(c, i, col, err, msg);
      g_free(v);
      return NULL;
    }
  }
  *st = HG_OK;
  return v;
}

static hg_status first_bad(const hg_method_call *c, const double *v, long col, int which,
                           const char *msg, hg_error *err) {
  for (size_t i = 0; i < hg_table_nrows(c->data); i++) {
    int bad = which == 0 ? isnan(v[i]) : which == 1 ? v[i] < 0 : v[i] <= 0;
    if (bad)
      return hg_method_fail(c, i, col, err, msg);
  }
  return HG_OK;
}

/* One run's columns, arrays over every row and options, in R's order. */
typedef struct dsr_setup {
  long xc, nc, wc, fc, ac; /* x, n, stdpop, eventfreq, ageband columns (-1 = none) */
  double *x, *n, *w, *f;   /* over every row; w is joined when the stdpop is */
  stdpop_ref ref;          /* the joined standard population */
  int joined;              /* --stdpop-builtin or --stdpop-table */
  double levels[HG_MAX_CONF], multiplier;
  size_t nconf;
  hg_output_type type;
  int independent, want_var;
} dsr_setup;

static void dsr_setup_free(dsr_setup *s) {
  ref_free(&s->ref);
  g_free(s->x);
  g_free(s->n);
  g_free(s->w);
  g_free(s->f);
}

/* The standard population of every row joined by its age band from the
 * reference (never by position). */
static hg_status join_stdpop(const hg_method_call *c, dsr_setup *s, hg_error *err) {
  hg_status st;
  size_t nrows = hg_table_nrows(c->data);
  if ((st = hg_adapter_column(c, "ageband",
                              "the standard population is joined by age band: "
                              "--ageband must name the age band column",
                              &s->ac, err)) ||
      (st = ref_build(c, &s->ref, err)))
    return st;
  s->w = hg_mem_new_large(nrows, sizeof(double));
  for (size_t i = 0; i < nrows; i++) {
    const char *band = hg_table_cell(c->data, i, (size_t)s->ac);
    s->w[i] = ref_lookup(&s->ref, band);
    if (isnan(s->w[i])) {
      char msg[400];
      snprintf(msg, sizeof msg, "age band '%s' is not in the standard population %s", band,
               s->ref.name);
      return hg_method_fail(c, i, s->ac, err, msg);
    }
  }
  return HG_OK;
}

/* independent_events = FALSE: the eventfreq and ageband columns. */
static hg_status read_nonindependent(const hg_method_call *c, dsr_setup *s, hg_error *err) {
  hg_status st = HG_OK;
  if (!hg_method_arg_given(c, "eventfreq")) {
    hg_error_set(err, NULL, 0, NULL,
                 "function calculate_dsr requires an eventfreq column to be specified when "
                 "independent_events is FALSE");
    return HG_ERR_INVALID;
  }
  if ((st = hg_adapter_column(c, "eventfreq", "eventfreq is not a field name from data", &s->fc,
                              err)) ||
      !(s->f = numeric_column(c, s->fc, "eventfreq field must be numeric", &st, err)) ||
      (st = first_bad(c, s->f, s->fc, 0, "eventfreq field must not have any missing values", err)))
    return st;
  if (!hg_method_arg_given(c, "ageband")) {
    hg_error_set(err, NULL, 0, NULL,
                 "function calculate_dsr requires an ageband column to be specified when "
                 "independent_events is FALSE");
    return HG_ERR_INVALID;
  }
  if ((st = hg_adapter_column(c, "ageband", "ageband is not a field name from data", &s->ac, err)))
    return st;
  for (size_t i = 0; i < hg_table_nrows(c->data); i++)
    if (!hg_table_cell(c->data, i, (size_t)s->ac)[0])
      return hg_method_fail(c, i, s->ac, err, "ageband field must not have any missing values");
  return HG_OK;
}

/* The options that name no column, in calculate_dsr's order (after the columns). */
static hg_status dsr_options_read(const hg_method_call *c, dsr_setup *s, hg_error *err) {
  hg_status st;
  if ((st = hg_method_arg_type(c, &s->type, err)) ||
      (st = hg_adapter_confidence(c, HG_CONF_PAIR, s->levels, &s->nconf, err)) ||
      (st = hg_method_arg_number(c, "multiplier", &s->multiplier, err)))
    return st;
  if (!(s->multiplier > 0)) {
    hg_error_set(err, NULL, 0, NULL, "multiplier must be greater than 0");
    return HG_ERR_RANGE;
  }
  if (hg_method_arg_bool(c, "independent_events", 1, &s->independent, err) != HG_OK) {
    hg_error_set(err, NULL, 0, NULL, "independent_events must be TRUE or FALSE");
    return HG_ERR_INVALID;
  }
  return hg_method_arg_bool(c, "vardsr", 0, &s->want_var, err);
}

/* Reads and checks the arguments and columns in calculate_dsr's order. */
static hg_status dsr_setup_read(const hg_method_call *c, dsr_setup *s, hg_error *err) {
  hg_status st = HG_OK;
  s->xc = s->nc = s->wc = s->fc = s->ac = -1;
  s->joined = hg_method_arg_given(c, "stdpop_builtin") || hg_method_arg_given(c, "stdpop_table");
  if (!hg_method_arg_given(c, "x") || !hg_method_arg_given(c, "n") ||
      !(hg_method_arg_given(c, "stdpop") || s->joined)) {
    hg_error_set(err, NULL, 0, NULL,
                 "function calculate_dsr requires at least 4 arguments: data, x, n, stdpop");
    return HG_ERR_INVALID;
  }
  if ((st = hg_adapter_column(c, "x", "x is not a field name from data", &s->xc, err)) ||
      (st = hg_adapter_column(c, "n", "n is not a field name from data", &s->nc, err)))
    return st;
  if (!s->joined &&
      (st = hg_adapter_column(c, "stdpop", "stdpop is not a field name from data", &s->wc, err)))
    return st;
  if (!(s->x = numeric_column(c, s->xc, "field x must be numeric", &st, err)) ||
      !(s->n = numeric_column(c, s->nc, "field n must be numeric", &st, err)))
    return st;
  if (s->joined)
    st = join_stdpop(c, s, err);
  else
    s->w = numeric_column(c, s->wc, "field stdpop must be numeric", &st, err);
  if (st != HG_OK)
    return st;
  if ((st = first_bad(c, s->n, s->nc, 0, "field n cannot have missing values", err)) ||
      (st = first_bad(c, s->w, s->wc, 0, "field stdpop cannot have missing values", err)) ||
      (st = first_bad(c, s->x, s->xc, 1, "numerators must all be greater than or equal to zero",
                      err)) ||
      (st = first_bad(c, s->n, s->nc, 2, "denominators must all be greater than zero", err)) ||
      (st =
           first_bad(c, s->w, s->wc, 1, "stdpop must all be greater than or equal to zero", err)) ||
      (st = dsr_options_read(c, s, err)))
    return st;
  return s->independent ? HG_OK : read_nonindependent(c, s, err);
}

/* Scratch arrays for one group (each holds every row). */
typedef struct dsr_buf {
  double *x, *n, *w, *f;
  size_t *band;
} dsr_buf;

/* Non-independent events: one (n, stdpop) per band; the frequency rows must
 * agree on both. */
static hg_status dsr_group_nonindependent(const hg_method_call *c, const dsr_setup *s,
                                          const size_t *rows, size_t k, dsr_buf *b,
                                          hg_dsr_result *d, hg_error *err) {
  GHashTable *bands = g_hash_table_new(g_str_hash, g_str_equal);
  size_t nb = 0;
  for (size_t i = 0; i < k; i++) {
    size_t row = rows[i];
    const char *label = hg_table_cell(c->data, row, (size_t)s->ac);
    gpointer idx;
    if (g_hash_table_lookup_extended(bands, label, NULL, &idx)) {
      size_t j = GPOINTER_TO_SIZE(idx);
      if (b->n[j] != s->n[row] || b->w[j] != s->w[row]) {
        g_hash_table_destroy(bands);
        return hg_method_fail(c, row, -1, err,
                              "There are rows with the same grouping variables and ageband but "
                              "with different populations (n) or standard populations(stdpop)");
      }
      b->band[i] = j;
    } else {
      g_hash_table_insert(bands, (gpointer)label, GSIZE_TO_POINTER(nb));
      b->n[nb] = s->n[row];
      b->w[nb] = s->w[row];
      b->band[i] = nb++;
    }
    b->x[i] = s->x[row];
    b->f[i] = s->f[row];
  }
  g_hash_table_destroy(bands);
  hg_dsr_nonindependent(b->x, b->f, b->band, k, b->n, b->w, nb, s->multiplier, s->levels, s->nconf,
                        d);
  return HG_OK;
}

static void dsr_columns(hg_result *r, const hg_method_call *c, const dsr_setup *s) {
  hg_result_group_columns(r, c);
  hg_result_add_column(r, "total_count", HG_COL_DATA);
  hg_result_add_column(r, "total_pop", HG_COL_DATA);
  hg_result_add_column(r, "value", HG_COL_VALUE);
  hg_result_ci_columns(r, s->levels, s->nconf);
  hg_adapter_meta_columns(r);
  if (s->want_var)
    hg_result_add_column(r, "vardsr", HG_COL_DATA);
}

static void dsr_row(hg_result *r, const hg_method_call *c, const hg_groups *g, size_t u,
                    const dsr_setup *s, const hg_dsr_result *d, const char *stat) {
  hg_result_begin_row(r);
  hg_result_group_cells(r, c, g, u);
  hg_result_number(r, d->total_count);
  hg_result_number(r, d->total_pop);
  hg_result_number(r, d->value);
  for (size_t i = 0; i < s->nconf; i++) {
    hg_result_number(r, d->lower[i]);
    hg_result_number(r, d->upper[i]);
  }
  hg_adapter_meta_cells(
      r, s->levels, s->nconf, d->suppressed ? "dsr NA for total count < 10" : stat,
      s->independent ? "Dobson" : "Dobson, with confidence adjusted for non-independent events");
  if (s->want_var)
    hg_result_number(r, d->vardsr);
}

static hg_status dsr_run(const hg_method_call *c, hg_result *r, hg_error *err) {
  hg_status st = HG_OK;
  hg_groups *g = NULL;
  dsr_setup s = {0};
  dsr_buf b = {0};
  char stat[128], num[64];

  /* The groups are built while the value columns are read: a setup error
   * still comes first, as R checks the arguments before grouping. */
  hg_groups_job *job = hg_groups_build_start(c);
  hg_error gerr;
  hg_status sst = dsr_setup_read(c, &s, err), gst = hg_groups_build_finish(job, &g, &gerr);
  if ((st = sst) != HG_OK)
    goto cleanup;
  if ((st = gst) != HG_OK) {
    if (err)
      *err = gerr;
    goto cleanup;
  }
  snprintf(stat, sizeof stat, "dsr per %s", hg_r_number_text(s.multiplier, 0, num));
  dsr_columns(r, c, &s);
  /* The gather buffers hold one group: sized for every row, each took a
   * fresh huge page to zero (issue 17). */
  size_t kmax = 1;
  for (size_t u = 0; u < hg_groups_count(g); u++) {
    size_t k;
    hg_groups_rows(g, u, &k);
    kmax = MAX(kmax, k + 1);
  }
  b = (dsr_buf){g_new(double, kmax), g_new(double, kmax), g_new(double, kmax), g_new(double, kmax),
                g_new(size_t, kmax)};
  for (size_t u = 0; u < hg_groups_count(g); u++) {
    size_t k;
    const size_t *rows = hg_groups_rows(g, u, &k);
    hg_dsr_result d;
    if (s.independent) {
      for (size_t i = 0; i < k; i++) {
        b.x[i] = s.x[rows[i]];
        b.n[i] = s.n[rows[i]];
        b.w[i] = s.w[rows[i]];
      }
      hg_dsr(b.x, b.n, b.w, k, s.multiplier, s.levels, s.nconf, &d);
    } else if ((st = dsr_group_nonindependent(c, &s, rows, k, &b, &d, err))) {
      goto cleanup;
    }
    dsr_row(r, c, g, u, &s, &d, stat);
  }
cleanup:
  hg_groups_free(g);
  dsr_setup_free(&s);
  g_free(b.x);
  g_free(b.n);
  g_free(b.w);
  g_free(b.f);
  g_free(b.band);
  return st;
}

/* ---- straight off the file (hg_method_run_file) ------------------------------
 *
 * Independent events with the standard population in a column (the peer's
 * workload, and any count file of that shape), or joined from the built-in
 * ESP2013 by the age band column, need only the group key and three numbers
 * of each row (the band read as its standard population): engine/ingest/project.c reads just those
 * and folds each row into its key's hg_dsr_sum in file order, which is hg_dsr's own fold over the
 * group's rows.  The distinct keys are grouped by the same rule as a table's rows (hg_groups_build
 * over them), and each row of output is made by the code above, so the output is the table's path's
 * byte for byte (tests/cli/stat_dsr_file.sh).  Whatever that path would refuse or treat otherwise
 * is declined, and the caller reads the table. */

/* A row into its group's hg_dsr_sum, after calculate_dsr's checks of the
 * values (dsr_setup_read), answered yes or no: no declines the file, and the
 * table's path finds the first row at fault and says it in R's words.  A
 * missing count passes, as there: it counts 0. */
static int dsr_fold(void *sum, const double *v, void *data) {
  (void)data;
  double x = v[0], n = v[1], w = v[2];
  if (isnan(n) || isnan(w) || x < 0 || n <= 0 || w < 0)
    return 0;
  hg_dsr_add(sum, x, n, w);
  return 1;
}

/* An age band's standard population from the built-in reference (join_stdpop's
 * lookup); 0 for a band not in it, which the table's path reports. */
static int band_stdpop(const char *s, size_t len, double *out, void *data) {
  (void)len; /* s ends at len */
  *out = ref_lookup(data, s);
  return !isnan(*out);
}

static hg_status dsr_run_file(const hg_method_call *c, const char *path, const char *const *exempt,
                              const hg_file_options *opt, hg_result *r, int *taken, hg_error *err) {
  (void)err;
  *taken = 0;
  dsr_setup s = {0};
  hg_error ignored;
  /* The standard population in a column, or joined from the built-in ESP2013 by
   * the age band column (a file's table is the table's path's). */
  int builtin = hg_method_arg_given(c, "stdpop_builtin");
  if (!hg_method_arg_given(c, "x") || !hg_method_arg_given(c, "n") ||
      hg_method_arg_given(c, "stdpop_table") ||
      !(builtin ? hg_method_arg_given(c, "ageband") : hg_method_arg_given(c, "stdpop")) ||
      dsr_options_read(c, &s, &ignored) != HG_OK || !s.independent ||
      (builtin && ref_build(c, &s.ref, &ignored) != HG_OK)) {
    dsr_setup_free(&s);
    return HG_OK;
  }
  const char *numbers[] = {hg_method_arg_text(c, "x"), hg_method_arg_text(c, "n"),
                           hg_method_arg_text(c, builtin ? "ageband" : "stdpop")};
  const hg_project_convert convert[] = {NULL, NULL, builtin ? band_stdpop : NULL};
  hg_project_spec spec = {.group_by = c->group_by,
                          .n_group_by = c->n_group_by,
                          .numbers = numbers,
                          .n_numbers = 3,
                          .convert = convert,
                          .convert_data = &s.ref,
                          .fold = dsr_fold,
                          .sum_size = sizeof(hg_dsr_sum),
                          .exempt = exempt,
                          .threads = opt->threads,
                          .min_bytes = opt->min_bytes};
  hg_project_sums *p = NULL;
  hg_project_read(path, &spec, &p);
  if (!p) {
    dsr_setup_free(&s);
    return HG_OK;
  }
  hg_method_call kc = *c; /* the groups are those of the distinct keys */
  kc.data = p->keys;
  hg_groups *g = NULL;
  if (hg_groups_build(&kc, &g, &ignored) != HG_OK ||
      hg_groups_count(g) != hg_table_nrows(p->keys)) /* "7" and "7.0": one group */
    goto done;
  char stat[128], num[64];
  snprintf(stat, sizeof stat, "dsr per %s", hg_r_number_text(s.multiplier, 0, num));
  dsr_columns(r, &kc, &s);
  const hg_dsr_sum *sums = (const hg_dsr_sum *)(void *)p->sums;
  for (size_t u = 0; u < hg_groups_count(g); u++) {
    size_t one;
    size_t key = hg_groups_rows(g, u, &one)[0];
    hg_dsr_result d;
    hg_dsr_end(&sums[key], s.multiplier, s.levels, s.nconf, &d);
    dsr_row(r, &kc, g, u, &s, &d, stat);
  }
  *taken = 1;
done:
  hg_groups_free(g);
  hg_project_sums_free(p);
  dsr_setup_free(&s);
  return HG_OK;
}

const hg_method hg_method_dsr = {
    "dsr",    "calculate_dsr", "directly standardised rate (Dobson), independent or not",
    dsr_args, dsr_run,         dsr_run_file};
