/* registry_le.c: the `le` row of the method registry (phe_life_expectancy).
 * Reads the columns, checks them in R's order, runs hg_le_group per
 * group and writes R's columns, plus our `status` and `status_message` (issue 68). */
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "methods/adapter.h"
#include "healthgap/le.h"

static const hg_method_arg le_args[] = {
    {"deaths", HG_ARG_COLUMN, NULL, NULL, "deaths column"},
    {"population", HG_ARG_COLUMN, NULL, NULL, "population column"},
    {"startage", HG_ARG_COLUMN, NULL, NULL, "age band column (\"0\", \"1-4\", ..., \"90+\")"},
    {"age_contents", HG_ARG_TEXT, NULL, NULL,
     "band labels in age order, comma-separated (default 0,1,5,...,90)"},
    {"le_age", HG_ARG_TEXT, "all", NULL,
     "bands to report by their exact labels (\"0,65\", \"5-9\"), comma-separated, or all"},
    {"type", HG_ARG_TEXT, "full", NULL, "full (with pops_used, metadata, status) or standard"},
    HG_ARG_CONFIDENCE("0.95"),
    {"r_twenty_bands", HG_ARG_BOOL, "FALSE", NULL,
     "R's rule: every group must have exactly 20 bands"},
    {"last_band", HG_ARG_TEXT, "auto", "auto|open|closed",
     "last band open-ended (90+), or closed (70-74: temporary life expectancy to 75); auto: "
     "closed when its label has an end age, with a warning"},
    HG_ARG_END};

static const char *const status_code[] = {"ok",
                                          "negative_deaths",
                                          "nonpositive_population",
                                          "band_count",
                                          "deaths_gt_population",
                                          "low_population",
                                          "no_final_deaths",
                                          "missing",
                                          "wide_ci"};

typedef struct sort_row {
  double age;
  size_t row;
} sort_row;

static int cmp_sort_row(const void *a, const void *b) {
  const sort_row *x = a, *y = b;
  if (x->age != y->age)
    return x->age < y->age ? -1 : 1;
  return (x->row > y->row) - (x->row < y->row);
}

/* Parses a comma-separated list of band labels to start ages. */
static hg_status parse_ages(const char *text, GArray *out) {
  gchar **parts = g_strsplit(text, ",", -1);
  hg_status st = HG_OK;
  for (gchar **p = parts; *p; p++) {
    double v;
    if (hg_le_parse_startage(*p, &v) != HG_OK) {
      st = HG_ERR_INVALID;
      break;
    }
    g_array_append_val(out, v);
  }
  g_strfreev(parts);
  return st;
}

static int in_array(const GArray *a, double v) {
  for (guint i = 0; i < a->len; i++)
    if (g_array_index(a, double, i) == v)
      return 1;
  return 0;
}

/* 1 if label is one of the strings of v (exact match). */
static int in_labels(gchar *const *v, const char *label) {
  for (; v && *v; v++)
    if (strcmp(*v, label) == 0)
      return 1;
  return 0;
}

/* A comma-separated list of band labels, each trimmed of surrounding blanks. */
static gchar **split_labels(const char *text) {
  gchar **v = g_strsplit(text, ",", -1);
  for (gchar **p = v; *p; p++)
    g_strstrip(*p);
  return v;
}

/* The options of one run, read and checked in R's order. */
typedef struct le_setup {
  long dc, pc, sc;          /* deaths, population and startage columns */
  GArray *ages;             /* age_contents as start ages (opt.age_contents points into it) */
  gchar **ac;               /* age_contents as labels (NULL: not given) */
  gchar **keep;             /* le_age as labels */
  int filter;               /* 1: report only the le_age bands */
  int le_age_warn;          /* le_age named no band of age_contents (R's warning) */
  const char *closed_label; /* the closed last band's label (borrowed), or NULL */
  int closed_warn;          /* closed from its label (last_band auto): say so */
  int full;                 /* --type full */
  double levels[HG_MAX_CONF];
  size_t nconf;
  hg_le_options opt;
  /* the statistic's text around the band label, and the method's (le_texts) */
  char stat_prefix[40], stat_suffix[48], method[96];
} le_setup;

/* The texts of every row's statistic and method, once a call. */
static void le_texts(le_setup *s) {
  if (s->opt.last_band_end != 0) {
    g_strlcpy(s->stat_prefix, "temporary life expectancy at ", sizeof s->stat_prefix);
    snprintf(s->stat_suffix, sizeof s->stat_suffix, " to age %g", s->opt.last_band_end);
    snprintf(s->method, sizeof s->method, "Chiang, closed last band (temporary to age %g)",
             s->opt.last_band_end);
  } else {
    g_strlcpy(s->stat_prefix, "life expectancy at ", sizeof s->stat_prefix);
    s->stat_suffix[0] = '\0';
    g_strlcpy(s->method, "Chiang, using Silcocks et al for confidence limits", sizeof s->method);
  }
}

static hg_status le_setup_read(const hg_method_call *c, le_setup *s, hg_error *err) {
  hg_status st;
  int twenty = 0;
  if (!hg_method_arg_given(c, "deaths") || !hg_method_arg_given(c, "population") ||
      !hg_method_arg_given(c, "startage")) {
    hg_error_set(err, NULL, 0, NULL,
                 "function life_expectancy requires at least 4 arguments: data, deaths, "
                 "population, startage");
    return HG_ERR_INVALID;
  }
  if ((st = hg_adapter_column(c, "deaths", "deaths is not a field name from data", &s->dc, err)) ||
      (st = hg_adapter_column(c, "population", "population is not a field name from data", &s->pc,
                              err)) ||
      (st =
           hg_adapter_column(c, "startage", "startage is not a field name from data", &s->sc, err)))
    return st;
  const char *ac = hg_method_arg_text(c, "age_contents");
  if (ac && parse_ages(ac, s->ages) != HG_OK) {
    hg_error_set(err, NULL, 0, NULL, "age_contents must be age band labels with a start age");
    return HG_ERR_INVALID;
  }
  if (ac)
    s->ac = split_labels(ac);
  if (!ac) {
    static const double d20[] = {0,  1,  5,  10, 15, 20, 25, 30, 35, 40,
                                 45, 50, 55, 60, 65, 70, 75, 80, 85, 90};
    g_array_append_vals(s->ages, d20, 20);
  }
  if ((st = hg_adapter_confidence(c, HG_CONF_ANY, s->levels, &s->nconf, err)))
    return st;
  if (s->nconf > HG_LE_MAX_CONF) {
    hg_error_set(err, NULL, 0, NULL, "at most %d confidence levels can be given", HG_LE_MAX_CONF);
    return HG_ERR_RANGE;
  }
  if ((st = hg_method_arg_bool(c, "r_twenty_bands", 0, &twenty, err)))
    return st;
  s->opt = (hg_le_options){.age_contents = (const double *)(void *)s->ages->data,
                           .n_age_contents = s->ages->len,
                           .confidence = s->levels,
                           .n_confidence = s->nconf,
                           .r_twenty_bands = twenty};
  if ((st = hg_le_check_options(&s->opt, err)))
    return st;
  const char *tt = hg_method_arg_text(c, "type");
  s->full = !tt || strcmp(tt, "full") == 0; /* R: full or anything else */
  const char *la = hg_method_arg_text(c, "le_age");
  if (la && strcmp(la, "all") != 0) {
    /* R: le_age names bands by label (age_contents %in% le_age), exactly: "5-9" is
     * not the band "5".  Without --age-contents the labels are those of the data. */
    s->keep = split_labels(la);
    for (gchar **k = s->keep; *k && !s->filter; k++) {
      if (s->ac)
        s->filter = in_labels(s->ac, *k);
      for (size_t i = 0; !s->ac && i < hg_table_nrows(c->data) && !s->filter; i++)
        s->filter = strcmp(hg_table_cell(c->data, i, (size_t)s->sc), *k) == 0;
    }
    /* R: none of them in age_contents -> a warning and every age is returned. */
    s->le_age_warn = !s->filter;
  }
  return HG_OK;
}

/* The end age of a closed band label ("70-74", "70 – 74", "70 to 74" -> 75: whole
 * years, the upper age included); 0 when the label has no end age ("90+", "90").
 * *open = 1 when the label says it is open-ended ("90+", "85 and over"). */
static double label_end(const char *label, int *open) {
  const char *s = label;
  *open =
      strchr(label, '+') != NULL || strstr(label, "over") != NULL || strstr(label, "plus") != NULL;
  while (*s && !g_ascii_isdigit(*s))
    s++;
  while (g_ascii_isdigit(*s))
    s++;
  const char *sep = s;
  while (*s && !g_ascii_isdigit(*s))
    s++;
  if (!*s)
    return 0;
  /* between the two numbers: a hyphen, an en or em dash, or "to" */
  gchar *between = g_strndup(sep, (gsize)(s - sep));
  int range = strchr(between, '-') || strstr(between, "\xe2\x80\x93") ||
              strstr(between, "\xe2\x80\x94") || strstr(between, "to");
  g_free(between);
  if (!range)
    return 0;
  double upper = 0;
  while (g_ascii_isdigit(*s))
    upper = upper * 10 + (*s++ - '0');
  return upper + 1;
}

/* Whether the last band is closed, and where it ends (--last-band): its labels in
 * --age-contents and in the data (rows whose start age is the last one) say so;
 * sets s->opt.last_band_end. */
static hg_status le_last_band(const hg_method_call *c, le_setup *s, const double *age,
                              hg_error *err) {
  const char *mode = hg_method_arg_text(c, "last_band");
  if (mode && strcmp(mode, "auto") != 0 && strcmp(mode, "open") != 0 &&
      strcmp(mode, "closed") != 0) {
    hg_error_set(err, NULL, 0, NULL, "last_band must be auto, open or closed");
    return HG_ERR_INVALID;
  }
  if (mode && strcmp(mode, "open") == 0)
    return HG_OK;
  double last = g_array_index(s->ages, double, s->ages->len - 1), end = 0;
  const char *first = NULL, *open_label = NULL;
  size_t nrows = hg_table_nrows(c->data);
  for (size_t i = 0; i <= nrows; i++) { /* the data's labels, then --age-contents' */
    const char *label = i < nrows ? hg_table_cell(c->data, i, (size_t)s->sc)
                        : s->ac   ? s->ac[s->ages->len - 1]
                                  : NULL;
    if (!label || (i < nrows && age[i] != last))
      continue;
    int open;
    double e = label_end(label, &open);
    if (!first)
      first = label;
    if (open)
      open_label = label;
    if (e == 0)
      continue;
    if (s->closed_label && e != end) {
      hg_error_set(err, NULL, 0, NULL, "the last age band is labelled '%s' and '%s': two end ages",
                   s->closed_label, label);
      return HG_ERR_INVALID;
    }
    if (e <= last) {
      hg_error_set(err, NULL, 0, NULL, "the last age band '%s' ends before it starts", label);
      return HG_ERR_INVALID;
    }
    end = e;
    s->closed_label = label;
  }
  if (s->closed_label && open_label) {
    hg_error_set(err, NULL, 0, NULL,
                 "the last age band is labelled '%s' (closed) and '%s' (open-ended)",
                 s->closed_label, open_label);
    return HG_ERR_INVALID;
  }
  if (!s->closed_label) {
    if (mode && strcmp(mode, "closed") == 0) {
      hg_error_set(err, NULL, 0, NULL,
                   "last_band closed: the last age band '%s' has no end age (label it like "
                   "70-74)",
                   first ? first : "");
      return HG_ERR_INVALID;
    }
    return HG_OK;
  }
  s->opt.last_band_end = end;
  s->closed_warn = !mode || strcmp(mode, "auto") == 0;
  return HG_OK;
}

/* The set of start ages must equal age_contents (R checks it before sorting).  *age gets each row's
 * start age (g_free it). */
static hg_status read_startages(const hg_method_call *c, const le_setup *s, double **age,
                                hg_error *err) {
  /* R's message, then what does not match. */
  static const char msg[] = "the contents in the startage field do not match the contents of "
                            "the age_contents vector";
  char buf[640];
  size_t nrows = hg_table_nrows(c->data);
  double *a = *age = g_new(double, nrows ? nrows : 1);
  for (size_t i = 0; i < nrows; i++) {
    const char *label = hg_table_cell(c->data, i, (size_t)s->sc);
    if (hg_le_parse_startage(label, &a[i]) != HG_OK || !in_array(s->ages, a[i])) {
      snprintf(buf, sizeof buf, "%s: band '%s' is not in age_contents", msg, label);
      return hg_method_fail(c, i, s->sc, err, buf);
    }
  }
  GString *missing = g_string_new("");
  for (guint j = 0; j < s->ages->len; j++) {
    int seen = 0;
    for (size_t i = 0; i < nrows && !seen; i++)
      seen = a[i] == g_array_index(s->ages, double, j);
    if (!seen)
      g_string_append_printf(missing, "%s%g", missing->len ? ", " : "",
                             g_array_index(s->ages, double, j));
  }
  hg_status st = HG_OK;
  if (missing->len) {
    hg_error_set(err, NULL, 0, NULL, "%s: no band starts at %s%s", msg, missing->str,
                 s->ac ? ""
                       : " (age_contents defaults to 0,1,5,...,90: give the data's bands as "
                         "age_contents)");
    st = HG_ERR_INVALID;
  }
  g_string_free(missing, TRUE);
  return st;
}

/* One group's life table: its rows sorted by start age (as R); the
 * row order goes to *order (g_free it). */
static hg_status le_one_group(const size_t *rows, size_t n, const double *age, const double *deaths,
                              const double *pop, const hg_le_options *opt, hg_life_table *table,
                              size_t **order, hg_error *err) {
  sort_row *sr = g_new(sort_row, n ? n : 1);
  double *s = g_new(double, 3 * (n ? n : 1));
  for (size_t i = 0; i < n; i++)
    sr[i] = (sort_row){age[rows[i]], rows[i]};
  size_t in_order = 1; /* a file's bands are mostly in order already */
  while (in_order < n && cmp_sort_row(&sr[in_order - 1], &sr[in_order]) < 0)
    in_order++;
  if (in_order < n)
    qsort(sr, n, sizeof *sr, cmp_sort_row);
  *order = g_new(size_t, n ? n : 1);
  for (size_t i = 0; i < n; i++) {
    (*order)[i] = sr[i].row;
    s[i] = sr[i].age;
    s[n + i] = deaths[sr[i].row];
    s[2 * n + i] = pop[sr[i].row];
  }
  hg_status st = hg_le_group(s, s + n, s + 2 * n, n, opt, table, err);
  g_free(sr);
  g_free(s);
  return st;
}

/* R's group rules in its order: its warnings and the groups it drops (appended
 * after the computed ones) both follow it. */
static const hg_le_group_status rule_order[] = {
    HG_LE_NEGATIVE_DEATHS, HG_LE_NONPOSITIVE_POP, HG_LE_BAND_COUNT, HG_LE_DEATHS_GT_POP,
    HG_LE_LOW_POP,         HG_LE_NO_FINAL_DEATHS, HG_LE_MISSING};

/* R's warnings: one per group rule that removed a group, in R's rule order,
 * then the wide-CI suppression, then le_age. */
static void le_warnings(hg_result *r, const le_setup *s, const hg_life_table *tables,
                        size_t ngroups) {
  for (size_t w = 0; w <= G_N_ELEMENTS(rule_order); w++) /* the rules, then wide CIs */
    for (size_t gi = 0; gi < ngroups; gi++)
      if (tables[gi].status == (w < G_N_ELEMENTS(rule_order) ? rule_order[w] : HG_LE_WIDE_CI) &&
          tables[gi].message[0])
        hg_result_warn(r, tables[gi].message);
  if (s->le_age_warn)
    hg_result_warn(r, HG_METHOD_WARN_LE_AGE);
  if (s->closed_warn) {
    char msg[512];
    snprintf(msg, sizeof msg,
             "the last age band '%s' is closed: life expectancies are temporary, from each age "
             "to %g (last_band open reads it as open-ended, as R does)",
             s->closed_label, s->opt.last_band_end);
    hg_result_warn(r, msg);
  }
}

/* Columns: the input minus deaths and population, value, limits (all lowers,
 * then all uppers), pops_used, dths_used, metadata, then our status. */
static void le_columns(hg_result *r, const hg_method_call *c, const le_setup *s) {
  hg_col_role key = HG_COL_KEY;
  for (size_t j = 0; j < hg_table_ncols(c->data); j++)
    if ((long)j != s->dc && (long)j != s->pc)
      hg_result_add_column(r, hg_table_colname(c->data, j), key);
  hg_result_add_column(r, "value", key);
  char name[32];
  for (int up = 0; up < 2; up++)
    for (size_t k = 0; k < s->nconf; k++)
      hg_result_add_column(r, hg_method_ci_colname(s->levels[k], up, name), key);
  if (s->full) {
    hg_result_add_column(r, "pops_used", key);
    hg_result_add_column(r, "dths_used", key);
    hg_adapter_meta_columns(r);
    hg_result_add_column(r, "status", HG_COL_META);
    hg_result_add_column(r, "status_message", HG_COL_META);
  }
}

/* Whether --le-age keeps the band labelled label (start age start): its label in the
 * data, or its label in --age-contents, is one of the le_age labels. */
static int band_kept(const le_setup *s, const char *label, double start) {
  if (in_labels(s->keep, label))
    return 1;
  for (guint j = 0; s->ac && j < s->ages->len; j++)
    if (g_array_index(s->ages, double, j) == start && in_labels(s->keep, s->ac[j]))
      return 1;
  return 0;
}

/* The rows of one group's life table, in le_columns' order. */
static void le_rows(hg_result *r, const hg_method_call *c, const le_setup *s,
                    const hg_life_table *t, const size_t *order) {
  for (size_t i = 0; i < t->n; i++) {
    size_t row = order[i];
    if (s->filter && !band_kept(s, hg_table_cell(c->data, row, (size_t)s->sc), t->start[i]))
      continue;
    hg_result_begin_row(r);
    for (size_t j = 0; j < hg_table_ncols(c->data); j++)
      if ((long)j != s->dc && (long)j != s->pc)
        hg_result_text(r, hg_table_cell(c->data, row, j));
    hg_result_number(r, t->value[i]);
    for (int up = 0; up < 2; up++)
      for (size_t k = 0; k < s->nconf; k++)
        hg_result_number(r, (up ? t->upper : t->lower)[k * t->n + i]);
    if (s->full) {
      hg_result_number(r, t->pops_used[i]);
      hg_result_number(r, t->dths_used[i]);
      /* the statistic: "...at <band label>...", laid out without printf (a
       * fifth of writing `stat le`'s rows); a label that long is cut, as
       * snprintf into 160 bytes cut it */
      char stat[160];
      const char *label = hg_table_cell(c->data, row, (size_t)s->sc);
      size_t np = strlen(s->stat_prefix), nl = strlen(label), ns = strlen(s->stat_suffix);
      nl = MIN(nl, sizeof stat - 1 - np);
      ns = MIN(ns, sizeof stat - 1 - np - nl);
      memcpy(stat, s->stat_prefix, np);
      memcpy(stat + np, label, nl);
      memcpy(stat + np + nl, s->stat_suffix, ns);
      stat[np + nl + ns] = '\0';
      hg_adapter_meta_cells(r, s->levels, s->nconf, stat, s->method);
      hg_result_text(r, status_code[t->status]);
      hg_result_text(r, t->message);
    }
  }
}

static hg_status le_run(const hg_method_call *c, hg_result *r, hg_error *err) {
  hg_status st = HG_OK;
  hg_groups *g = NULL;
  double *deaths = NULL, *pop = NULL, *age = NULL;
  hg_life_table *tables = NULL;
  size_t ngroups = 0;
  size_t **order = NULL;
  le_setup s = {.ages = g_array_new(FALSE, FALSE, sizeof(double))};

  if ((st = le_setup_read(c, &s, err)) || (st = read_startages(c, &s, &age, err)) ||
      (st = le_last_band(c, &s, age, err)))
    goto cleanup;
  le_texts(&s);
  deaths = hg_adapter_all_values(c, s.dc, &st, err);
  if (deaths)
    pop = hg_adapter_all_values(c, s.pc, &st, err);
  if (!pop)
    goto cleanup;

  if ((st = hg_groups_build(c, &g, err)))
    goto cleanup;
  ngroups = hg_groups_count(g);
  tables = g_new0(hg_life_table, ngroups ? ngroups : 1);
  order = g_new0(size_t *, ngroups ? ngroups : 1);
  le_columns(r, c, &s);
  /* Rows: computed groups first, then each suppression rule's groups (R appends
   * the groups it drops at the end, rule by rule).  A computed group's rows are
   * written as soon as it is done and its table given up, keeping only its
   * status and message for the warnings: 660 life tables held to the end were
   * most of the memory `stat le` touched (issue 17). */
  for (size_t gi = 0; gi < ngroups; gi++) {
    size_t n;
    const size_t *rows = hg_groups_rows(g, gi, &n);
    hg_life_table *t = &tables[gi];
    if ((st = le_one_group(rows, n, age, deaths, pop, &s.opt, t, &order[gi], err)))
      goto cleanup;
    if (t->status != HG_LE_OK && t->status != HG_LE_WIDE_CI)
      continue;
    le_rows(r, c, &s, t, order[gi]);
    hg_le_group_status gs = t->status;
    char message[sizeof t->message];
    memcpy(message, t->message, sizeof message);
    hg_life_table_free(t);
    t->status = gs;
    memcpy(t->message, message, sizeof message);
  }
  le_warnings(r, &s, tables, ngroups);
  for (size_t p = 0; p < G_N_ELEMENTS(rule_order); p++)
    for (size_t gi = 0; gi < ngroups; gi++)
      if (tables[gi].status == rule_order[p])
        le_rows(r, c, &s, &tables[gi], order[gi]);

cleanup:
  for (size_t gi = 0; tables && gi < ngroups; gi++)
    hg_life_table_free(&tables[gi]);
  for (size_t gi = 0; order && gi < ngroups; gi++)
    g_free(order[gi]);
  g_free(order);
  g_free(tables);
  hg_groups_free(g);
  g_free(deaths);
  g_free(pop);
  g_free(age);
  g_array_free(s.ages, TRUE);
  g_strfreev(s.ac);
  g_strfreev(s.keep);
  return st;
}

const hg_method hg_method_le = {
    "le",
    "phe_life_expectancy",
    "life expectancy at every age band (Chiang II abridged life table, Silcocks limits)",
    le_args,
    le_run,
    NULL};
