/* registry.c: the method table, option parsing and results (grouping: groups.c).
 *
 * The table is the datamash op-defs.c idea: one row per method; the CLI, --help
 * and the tests all go through it, so a method exists exactly once.  The rows
 * themselves live in registry_<family>.c next to their adapters.
 */
#include "healthgap/methods.h"

#include "healthgap/memory.h"

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "healthgap/ci.h"
#include "methods/adapter.h"

/* Adding a method: define `const hg_method hg_method_NAME` in your own
 * registry_<family>.c and add (or uncomment) its line here. */
static const hg_method *const methods[] = {
    &hg_method_proportion,
    &hg_method_rate,
    &hg_method_mean,
    &hg_method_dsr,
    &hg_method_israte,
    &hg_method_isratio,
    /* methods-advanced: uncomment each as its file lands */
    &hg_method_le,
    &hg_method_quantile,
    &hg_method_sii,
    &hg_method_funnel_limits,
    &hg_method_funnel_significance,
    &hg_method_funnel_points,
};
enum { N_METHODS = sizeof methods / sizeof methods[0] };

size_t hg_method_count(void) {
  return N_METHODS;
}

const hg_method *hg_method_at(size_t i) {
  return i < N_METHODS ? methods[i] : NULL;
}

const hg_method *hg_method_find(const char *name) {
  for (size_t i = 0; name && i < N_METHODS; i++)
    if (strcmp(methods[i]->name, name) == 0)
      return methods[i];
  return NULL;
}

const hg_method_arg *hg_method_find_arg(const hg_method *m, const char *name) {
  for (const hg_method_arg *a = m ? m->args : NULL; a && a->name; a++)
    if (strcmp(a->name, name) == 0)
      return a;
  return NULL;
}

/* ---- arguments ------------------------------------------------------------ */

static long given_index(const hg_method_call *c, const char *name) {
  /* The last occurrence wins, as with repeated getopt options. */
  for (size_t i = c->n_args; i-- > 0;)
    if (strcmp(c->arg_names[i], name) == 0)
      return (long)i;
  return -1;
}

int hg_method_arg_given(const hg_method_call *c, const char *name) {
  return given_index(c, name) >= 0;
}

const char *hg_method_arg_text(const hg_method_call *c, const char *name) {
  long i = given_index(c, name);
  if (i >= 0)
    return c->arg_values[i];
  const hg_method_arg *a = hg_method_find_arg(c->method, name);
  return a ? a->def : NULL;
}

const hg_table *hg_method_arg_table(const hg_method_call *c, const char *name) {
  long i = given_index(c, name);
  return (i >= 0 && c->arg_tables) ? c->arg_tables[i] : NULL;
}

hg_status hg_method_arg_number(const hg_method_call *c, const char *name, double *out,
                               hg_error *err) {
  *out = NAN;
  const char *s = hg_method_arg_text(c, name);
  if (!s)
    return HG_OK;
  if (hg_parse_number(s, strlen(s), out) != HG_NUM_OK) {
    hg_error_set(err, NULL, 0, NULL, "%s must be numeric", name);
    return HG_ERR_INVALID;
  }
  return HG_OK;
}

hg_status hg_method_arg_numbers(const hg_method_call *c, const char *name, double *out, size_t max,
                                size_t *n, hg_error *err) {
  *n = 0;
  const char *s = hg_method_arg_text(c, name);
  if (!s)
    return HG_OK;
  const char *p = s;
  for (;;) {
    const char *comma = strchr(p, ',');
    size_t len = comma ? (size_t)(comma - p) : strlen(p);
    double v;
    if (hg_parse_number(p, len, &v) != HG_NUM_OK) {
      hg_error_set(err, NULL, 0, NULL, "%s must be numeric", name);
      return HG_ERR_INVALID;
    }
    if (*n >= max) {
      hg_error_set(err, NULL, 0, NULL, "%s: too many values (at most %zu)", name, max);
      return HG_ERR_RANGE;
    }
    out[(*n)++] = v;
    if (!comma)
      break;
    p = comma + 1;
  }
  return HG_OK;
}

hg_status hg_method_arg_bool(const hg_method_call *c, const char *name, int dflt, int *out,
                             hg_error *err) {
  static const char *const yes[] = {"TRUE", "true", "T", "1", "yes", "True"};
  static const char *const no[] = {"FALSE", "false", "F", "0", "no", "False"};
  *out = dflt;
  const char *s = hg_method_arg_text(c, name);
  if (!s)
    return HG_OK;
  for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
    if (strcmp(s, yes[i]) == 0) {
      *out = 1;
      return HG_OK;
    }
    if (strcmp(s, no[i]) == 0) {
      *out = 0;
      return HG_OK;
    }
  }
  hg_error_set(err, NULL, 0, NULL, "%s must be TRUE or FALSE", name);
  return HG_ERR_INVALID;
}

long hg_method_arg_column(const hg_method_call *c, const char *name) {
  const char *s = hg_method_arg_text(c, name);
  if (!s || !c->data)
    return -1;
  return hg_table_col(c->data, s);
}

hg_status hg_method_arg_type(const hg_method_call *c, hg_output_type *out, hg_error *err) {
  static const char *const names[] = {"full", "standard", "value", "lower", "upper"};
  const char *s = hg_method_arg_text(c, "type");
  *out = HG_TYPE_FULL;
  if (!s)
    return HG_OK;
  for (size_t i = 0; i < 5; i++)
    if (strcmp(s, names[i]) == 0) {
      *out = (hg_output_type)i;
      return HG_OK;
    }
  hg_error_set(err, NULL, 0, NULL, "type must be one of value, lower, upper, standard or full");
  return HG_ERR_INVALID;
}

hg_status hg_method_column_values(const hg_method_call *c, long col, const size_t *rows, size_t n,
                                  double *out, hg_error *err) {
  for (size_t i = 0; i < n; i++) {
    /* R writes NA as the text "NA" in CSVs; it is a missing value here too. */
    const char *s = hg_table_cell(c->data, rows[i], (size_t)col);
    if (hg_parse_cell(s, &out[i]) == HG_NUM_INVALID) {
      hg_error_set(err, hg_table_name(c->data), hg_table_line(c->data, rows[i]),
                   hg_table_colname(c->data, (size_t)col), "not a number: '%s'", s);
      return HG_ERR_PARSE;
    }
  }
  return HG_OK;
}

hg_status hg_method_fail(const hg_method_call *c, size_t row, long col, hg_error *err,
                         const char *msg) {
  const char *file = c->data ? hg_table_name(c->data) : NULL;
  long line = (c->data && row != (size_t)-1) ? hg_table_line(c->data, row) : 0;
  const char *cname = (c->data && col >= 0) ? hg_table_colname(c->data, (size_t)col) : NULL;
  hg_error_set(err, line ? file : NULL, line, cname, "%s", msg);
  return HG_ERR_INVALID;
}

/* ---- results --------------------------------------------------------------- */

/* A number (text NULL) or a text: in the result's texts chunk, or NA_TEXT for
 * a missing one.  16 bytes: the cells of a result are most of what it holds. */
typedef struct {
  double num;
  const char *text;
} cell;

static const char NA_TEXT[] = "";

/* The cells of every row lie one after another in blocks (cell_at), a row's
 * first at starts[i], and every text in one string chunk: a cell array and a
 * copied string per row were a third of `stat proportion`'s instructions in
 * malloc and free, and one array grown by doubling was copied and touched
 * twice over (issue 17).  The first block is small (FIRST cells, a small
 * result's all); the others hold BLOCK cells, 2 MiB on a huge page
 * (healthgap/memory.h), where 4 KiB pages cost a fault each. */
enum { FIRST = 4096, BLOCK = (2 << 20) / 16 };

struct hg_result {
  GPtrArray *names;  /* char* owned */
  GArray *roles;     /* hg_col_role */
  GPtrArray *blocks; /* cell[BLOCK] each, owned */
  size_t ncells;     /* cells so far */
  cell *next;        /* where the next cell goes, room cells left in its block (0: look) */
  size_t room;
  GArray *starts;      /* size_t: the index of each row's first cell */
  GStringChunk *texts; /* the cells' texts */
  GPtrArray *warnings; /* char* owned, distinct, in first-raised order */
};

hg_result *hg_result_new(void) {
  hg_result *r = g_new0(hg_result, 1);
  r->names = g_ptr_array_new_with_free_func(g_free);
  r->roles = g_array_new(FALSE, FALSE, sizeof(hg_col_role));
  r->blocks = g_ptr_array_new_with_free_func(g_free);
  r->starts = g_array_new(FALSE, FALSE, sizeof(size_t));
  r->texts = g_string_chunk_new(1 << 16);
  r->warnings = g_ptr_array_new_with_free_func(g_free);
  return r;
}

void hg_result_free(hg_result *r) {
  if (!r)
    return;
  g_ptr_array_free(r->names, TRUE);
  g_array_free(r->roles, TRUE);
  g_ptr_array_free(r->blocks, TRUE);
  g_array_free(r->starts, TRUE);
  g_string_chunk_free(r->texts);
  g_ptr_array_free(r->warnings, TRUE);
  g_free(r);
}

void hg_result_warn(hg_result *r, const char *msg) {
  if (!msg)
    return;
  for (guint i = 0; i < r->warnings->len; i++)
    if (strcmp(g_ptr_array_index(r->warnings, i), msg) == 0)
      return;
  g_ptr_array_add(r->warnings, g_strdup(msg));
}

size_t hg_result_nwarnings(const hg_result *r) {
  return r->warnings->len;
}

const char *hg_result_warning(const hg_result *r, size_t i) {
  return i < r->warnings->len ? g_ptr_array_index(r->warnings, i) : NULL;
}

size_t hg_result_add_column(hg_result *r, const char *name, hg_col_role role) {
  g_ptr_array_add(r->names, g_strdup(name));
  g_array_append_val(r->roles, role);
  return r->names->len - 1;
}

void hg_result_group_columns(hg_result *r, const hg_method_call *c) {
  for (size_t j = 0; j < c->n_group_by; j++) {
    long col = hg_table_col(c->data, c->group_by[j]);
    /* The input's spelling of the header, as R keeps it. */
    hg_result_add_column(r, col >= 0 ? hg_table_colname(c->data, (size_t)col) : c->group_by[j],
                         HG_COL_KEY);
  }
}

void hg_result_input_columns(hg_result *r, const hg_method_call *c) {
  for (size_t j = 0; j < hg_table_ncols(c->data); j++)
    hg_result_add_column(r, hg_table_colname(c->data, j), HG_COL_KEY);
}

const char *hg_method_ci_colname(double level, int upper, char *buf) {
  hg_ci_colname(level, upper, buf);
  /* R's names for its default level, whatever other levels are asked for. */
  if (strcmp(buf, upper ? "upper95_0cl" : "lower95_0cl") == 0)
    strcpy(buf, upper ? "uppercl" : "lowercl");
  return buf;
}

void hg_result_ci_columns(hg_result *r, const double *levels, size_t n) {
  char buf[32];
  for (size_t i = 0; i < n; i++) {
    hg_result_add_column(r, hg_method_ci_colname(levels[i], 0, buf), HG_COL_LOWER);
    hg_result_add_column(r, hg_method_ci_colname(levels[i], 1, buf), HG_COL_UPPER);
  }
}

void hg_result_ci_columns_by_side(hg_result *r, const double *levels, size_t n) {
  char buf[32];
  for (int upper = 0; upper < 2; upper++)
    for (size_t i = 0; i < n; i++)
      hg_result_add_column(r, hg_method_ci_colname(levels[i], upper, buf),
                           upper ? HG_COL_UPPER : HG_COL_LOWER);
}

void hg_result_begin_row(hg_result *r) {
  size_t first = r->ncells;
  g_array_append_val(r->starts, first);
}

static cell *cell_at(const hg_result *r, size_t k) {
  if (k < FIRST)
    return (cell *)g_ptr_array_index(r->blocks, 0) + k;
  k -= FIRST;
  return (cell *)g_ptr_array_index(r->blocks, 1 + k / BLOCK) + k % BLOCK;
}

/* Appends a cell through the cursor (next, room): the block arithmetic once a
 * block, not once a cell (a fifth of storing `stat proportion`'s cells). */
static inline __attribute__((always_inline)) void append(hg_result *r, cell x) {
  if (G_UNLIKELY(r->room == 0)) {
    size_t k = r->ncells, nb = r->blocks->len;
    if (k >= (nb ? FIRST + (nb - 1) * (size_t)BLOCK : 0)) /* the blocks are full */
      g_ptr_array_add(r->blocks, nb ? hg_mem_new_large(BLOCK, sizeof(cell)) : g_new(cell, FIRST));
    r->next = cell_at(r, k);
    r->room = k < FIRST ? FIRST - k : BLOCK - (k - FIRST) % BLOCK;
  }
  *r->next++ = x;
  r->room--;
  r->ncells++;
}

void hg_result_number(hg_result *r, double v) {
  append(r, (cell){v, NULL});
}

/* The text of the cell above the next one (same column, row before), or NULL. */
static const char *text_above(const hg_result *r) {
  size_t rows = r->starts->len;
  if (rows < 2)
    return NULL;
  size_t j = r->ncells - g_array_index(r->starts, size_t, rows - 1);
  size_t above = g_array_index(r->starts, size_t, rows - 2) + j;
  if (above >= g_array_index(r->starts, size_t, rows - 1))
    return NULL;
  const char *t = cell_at(r, above)->text;
  return t != NA_TEXT ? t : NULL;
}

void hg_result_text(hg_result *r, const char *s) {
  if (!s) {
    append(r, (cell){NAN, NA_TEXT});
    return;
  }
  /* A column's text is mostly the row before's (the method, the confidence,
   * an area over its years): shared, not copied again. */
  const char *above = text_above(r);
  append(r,
         (cell){NAN, above && strcmp(above, s) == 0 ? above : g_string_chunk_insert(r->texts, s)});
}

void hg_result_group_cells(hg_result *r, const hg_method_call *c, const hg_groups *g, size_t i) {
  size_t n;
  const size_t *rows = hg_groups_rows(g, i, &n);
  for (size_t j = 0; j < c->n_group_by; j++) {
    long col = hg_groups_col(g, j);
    hg_result_text(r, (n > 0 && col >= 0) ? hg_table_cell(c->data, rows[0], (size_t)col) : NULL);
  }
}

void hg_result_input_cells(hg_result *r, const hg_method_call *c, size_t row) {
  for (size_t j = 0; j < hg_table_ncols(c->data); j++)
    hg_result_text(r, hg_table_cell(c->data, row, j));
}

static int keep_role(hg_col_role role, hg_output_type type) {
  switch (type) {
  case HG_TYPE_FULL:
    return 1;
  case HG_TYPE_STANDARD:
    return role != HG_COL_META;
  case HG_TYPE_VALUE:
    return role == HG_COL_KEY || role == HG_COL_VALUE;
  case HG_TYPE_LOWER:
    return role == HG_COL_KEY || role == HG_COL_LOWER;
  case HG_TYPE_UPPER:
    return role == HG_COL_KEY || role == HG_COL_UPPER;
  }
  return 1;
}

/* Row i's cells are first .. first + *n - 1. */
static size_t row_first(const hg_result *r, size_t i, size_t *n) {
  size_t a = g_array_index(r->starts, size_t, i);
  size_t b = i + 1 < r->starts->len ? g_array_index(r->starts, size_t, i + 1) : r->ncells;
  *n = b - a;
  return a;
}

void hg_result_apply_type(hg_result *r, hg_output_type type) {
  size_t ncols = r->names->len;
  gboolean *keep = g_new(gboolean, ncols ? ncols : 1);
  gboolean all = TRUE;
  for (size_t j = 0; j < ncols; j++)
    all &= keep[j] = keep_role(g_array_index(r->roles, hg_col_role, j), type);
  if (!all) { /* the kept cells move down in place, row by row */
    size_t to = 0;
    for (size_t i = 0; i < r->starts->len; i++) {
      size_t n, from = row_first(r, i, &n), first = to;
      for (size_t j = 0; j < n; j++)
        if (j >= ncols || keep[j])
          *cell_at(r, to++) = *cell_at(r, from + j);
      g_array_index(r->starts, size_t, i) = first;
    }
    r->ncells = to;
    r->room = 0; /* the cursor is found again at the next append */
    for (size_t j = ncols; j-- > 0;)
      if (!keep[j]) {
        g_ptr_array_remove_index(r->names, (guint)j);
        g_array_remove_index(r->roles, (guint)j);
      }
  }
  g_free(keep);
}

size_t hg_result_ncols(const hg_result *r) {
  return r->names->len;
}
size_t hg_result_nrows(const hg_result *r) {
  return r->starts->len;
}
const char *hg_result_colname(const hg_result *r, size_t j) {
  return j < r->names->len ? g_ptr_array_index(r->names, j) : NULL;
}

long hg_result_col(const hg_result *r, const char *name) {
  for (guint j = 0; j < r->names->len; j++)
    if (strcmp(g_ptr_array_index(r->names, j), name) == 0)
      return (long)j;
  return -1;
}

static const cell *get_cell(const hg_result *r, size_t i, size_t j) {
  if (i >= r->starts->len)
    return NULL;
  size_t n, first = row_first(r, i, &n);
  return j < n ? cell_at(r, first + j) : NULL;
}

int hg_result_is_text(const hg_result *r, size_t i, size_t j) {
  double v;
  const char *t;
  return hg_result_cell(r, i, j, &v, &t);
}

double hg_result_get_number(const hg_result *r, size_t i, size_t j) {
  const cell *x = get_cell(r, i, j);
  if (!x)
    return NAN;
  if (x->text) {
    double v = NAN;
    if (x->text != NA_TEXT)
      hg_parse_number(x->text, strlen(x->text), &v);
    return v;
  }
  return x->num;
}

int hg_result_cell(const hg_result *r, size_t i, size_t j, double *num, const char **text) {
  const cell *x = get_cell(r, i, j);
  if (x && x->text) {
    *text = x->text != NA_TEXT ? x->text : NULL;
    return 1;
  }
  *num = x ? x->num : NAN;
  return 0;
}

void hg_result_row(const hg_result *r, size_t i, size_t ncols, int *is_text, double *num,
                   const char **text) {
  size_t n = 0, k = i < r->starts->len ? row_first(r, i, &n) : 0;
  /* a row within one block (all but one a block) is read by pointer */
  const cell *row = n && (k + n <= FIRST || (k >= FIRST && (k - FIRST) % BLOCK + n <= BLOCK))
                        ? cell_at(r, k)
                        : NULL;
  for (size_t j = 0; j < ncols; j++, k++) {
    const cell *x = j >= n ? NULL : row ? row + j : cell_at(r, k);
    if ((is_text[j] = x && x->text)) {
      text[j] = x->text != NA_TEXT ? x->text : NULL;
    } else {
      num[j] = x ? x->num : NAN;
    }
  }
}

const char *hg_result_get_text(const hg_result *r, size_t i, size_t j) {
  double v;
  const char *t;
  return hg_result_cell(r, i, j, &v, &t) ? t : NULL;
}

/* ---- running --------------------------------------------------------------- */

/* --type: methods whose type only distinguishes full from the rest have no
 * "type" row with the 5 choices; they apply their own rule inside run(). */
static hg_status apply_type(const hg_method_call *c, hg_result *r, hg_error *err) {
  hg_output_type type = HG_TYPE_FULL;
  const hg_method_arg *ta = hg_method_find_arg(c->method, "type");
  if (ta && ta->choices && strcmp(ta->choices, "full|standard|value|lower|upper") == 0) {
    hg_status st = hg_method_arg_type(c, &type, err);
    if (st != HG_OK)
      return st;
    hg_result_apply_type(r, type);
  }
  return HG_OK;
}

hg_status hg_method_run(const hg_method_call *c, hg_result **out, hg_error *err) {
  hg_status st;
  hg_result *r = hg_result_new();
  *out = NULL;
  if (!c->method || !c->method->run) {
    hg_error_set(err, NULL, 0, NULL, "no such method");
    st = HG_ERR_NOT_FOUND;
    goto cleanup;
  }
  st = c->method->run(c, r, err);
  if (st == HG_OK)
    st = apply_type(c, r, err);
  if (st != HG_OK)
    goto cleanup;
  *out = r;
  r = NULL;
cleanup:
  hg_result_free(r);
  return st;
}

hg_status hg_method_run_file(const hg_method_call *c, const char *path, const char *const *exempt,
                             const hg_file_options *opt, hg_result **out, hg_error *err) {
  static const hg_file_options defaults = {0};
  *out = NULL;
  if (!opt)
    opt = &defaults;
  if (!c->method || !c->method->run_file || c->data)
    return HG_OK;
  hg_result *r = hg_result_new();
  int taken = 0;
  hg_status st = c->method->run_file(c, path, exempt, opt, r, &taken, err);
  if (st == HG_OK && taken)
    st = apply_type(c, r, err);
  if (st == HG_OK && taken) {
    *out = r;
    r = NULL;
  }
  hg_result_free(r);
  return st;
}
