/* run/merge.c: the shards of a run merged into its results (hg_run_merge,
 * healthgap/run.h; docs/scaling.md).
 *
 * Each shard wrote its results files sorted as the whole run sorts them, and
 * an indicator's rows are all in one shard.  Every results file's sort begins
 * with a few columns that include indicator_id (the table below), so taking,
 * file by file, the next row of the shard whose head row is least by those
 * columns rebuilds the whole run's order exactly: rows of two shards always
 * differ in their indicator, and the rows of one shard stay in their order.
 * The merge copies each row's bytes as the shard wrote them, so no number is
 * formatted twice.  rejects.csv is merged on its own sort (file, line,
 * column), a row that every shard has written once.  The other files without
 * indicator_id (core20.csv, ethnicity.csv) do not depend on the partition:
 * every shard must have the same bytes, written once.
 *
 * Files are mapped (GMappedFile), not read into memory, and merged as they
 * stream: the merge holds one parsed key per shard.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "healthgap/analyse.h"
#include "healthgap/run.h"
#include "run/merge.h"

/* How each file is sorted, as far as the merge needs it: its leading sort
 * columns (up to indicator_id) and how each compares.  A new results file with
 * an indicator_id column needs a row here (the merge refuses it otherwise).
 * rejects.csv has rows every shard has (ingest's and derive's: every shard
 * reads every input) and rows one shard has (analyse's duplicate keys, of its
 * indicators): SHARED writes a row that several shards have once. */
typedef enum { TEXT, ID, NUMBER } col_order; /* ID: hg_indicators_id_cmp */
enum { MAX_COLS = 3, SHARED = 1 };

static const struct {
  const char *file; /* path in the run folder */
  struct {
    const char *name;
    col_order order;
  } cols[MAX_COLS];
  int flags;
} rules[] = {
    {"results/indicators.csv", {{"indicator_id", ID}}, 0},     /* analyse/arows.c out_cmp */
    {"results/inequalities.csv", {{"indicator_id", TEXT}}, 0}, /* hg_ineq_results_sort */
    {"results/targets.csv", {{"target_id", TEXT}, {"indicator_id", TEXT}}, 0},
    {"results/statement.csv", {{"icb_code", TEXT}, {"indicator_id", TEXT}}, 0},
    {"results/completeness.csv", {{"indicator_id", TEXT}}, 0}, /* the rows' key sort */
    {"results/changes.csv", {{"change_type", TEXT}, {"indicator_id", TEXT}}, 0},
    {"rejects.csv", {{"file", TEXT}, {"line", NUMBER}, {"column", TEXT}}, SHARED},
};

/* ---- CSV records as the writer wrote them ---- */

/* The end of the record at p (after its newline), quotes respected. */
static const char *record_end(const char *p, const char *end) {
  int quoted = 0;
  for (; p < end; p++) {
    if (*p == '"')
      quoted = !quoted;
    else if (*p == '\n' && !quoted)
      return p + 1;
  }
  return end;
}

/* The fields of the record [p, e) unquoted into a NULL-terminated vector. */
static char **record_fields(const char *p, const char *e) {
  GPtrArray *v = g_ptr_array_new();
  GString *f = g_string_new(NULL);
  int quoted = 0;
  while (e > p && (e[-1] == '\n' || e[-1] == '\r'))
    e--;
  for (; p < e; p++) {
    if (*p == '"') {
      if (quoted && p + 1 < e && p[1] == '"')
        g_string_append_c(f, *++p);
      else
        quoted = !quoted;
    } else if (*p == ',' && !quoted) {
      g_ptr_array_add(v, g_string_free(f, FALSE));
      f = g_string_new(NULL);
    } else {
      g_string_append_c(f, *p);
    }
  }
  g_ptr_array_add(v, g_string_free(f, FALSE));
  g_ptr_array_add(v, NULL);
  return (char **)g_ptr_array_free(v, FALSE);
}

/* ---- one shard's copy of a file ---- */

typedef struct {
  GMappedFile *map; /* NULL: the shard has no such file */
  const char *p, *end;
  const char *head, *head_end; /* the current data record */
  char **key;                  /* its sort columns */
  char *path;
} stream;

static void stream_next(stream *s, const int *cols, size_t ncols) {
  g_strfreev(s->key);
  s->key = NULL;
  s->head = s->p;
  if (s->p >= s->end)
    return;
  s->head_end = s->p = record_end(s->p, s->end);
  char **f = record_fields(s->head, s->head_end);
  guint nf = g_strv_length(f);
  s->key = g_new0(char *, ncols + 1);
  for (size_t i = 0; i < ncols; i++)
    s->key[i] = g_strdup((guint)cols[i] < nf ? f[cols[i]] : "");
  g_strfreev(f);
}

static int col_cmp(const char *a, const char *b, col_order order) {
  if (order == ID)
    return hg_indicators_id_cmp(a, b);
  if (order == NUMBER) {
    long long x = g_ascii_strtoll(a, NULL, 10), y = g_ascii_strtoll(b, NULL, 10);
    if (x != y)
      return x < y ? -1 : 1;
  }
  return strcmp(a, b);
}

static int key_cmp(char **a, char **b, int rule) {
  for (size_t i = 0; i < MAX_COLS && rules[rule].cols[i].name; i++) {
    int c = col_cmp(a[i], b[i], rules[rule].cols[i].order);
    if (c)
      return c;
  }
  return 0;
}

/* ---- the merge of one file ---- */

typedef struct {
  const char *rel; /* "results/indicators.csv" */
  size_t n;
  stream *s;
  const char *header, *header_end; /* of the first shard that has the file */
  int rule;                        /* index in rules[], or -1 */
  int cols[MAX_COLS];              /* of the rule's columns in the file */
  size_t ncols;
  int id_col; /* the index of indicator_id among cols, or -1 */
} merge_file;

static void merge_file_free(merge_file *m) {
  for (size_t i = 0; i < m->n; i++) {
    g_strfreev(m->s[i].key);
    if (m->s[i].map)
      g_mapped_file_unref(m->s[i].map);
    g_free(m->s[i].path);
  }
  g_free(m->s);
}

/* Maps the file in every shard that has it; the headers must agree. */
static hg_status open_file(merge_file *m, const merge_shard *sh, size_t n, hg_error *err) {
  m->n = n;
  m->s = g_new0(stream, n);
  for (size_t i = 0; i < n; i++) {
    stream *s = &m->s[i];
    s->path = g_build_filename(sh[i].run, m->rel, NULL);
    if (!g_file_test(s->path, G_FILE_TEST_EXISTS))
      continue;
    GError *ge = NULL;
    if (!(s->map = g_mapped_file_new(s->path, FALSE, &ge))) {
      hg_error_set(err, s->path, 0, NULL, "cannot read: %s", ge->message);
      g_error_free(ge);
      return HG_ERR_IO;
    }
    s->p = g_mapped_file_get_contents(s->map);
    s->end = s->p + g_mapped_file_get_length(s->map);
    const char *h = s->p;
    s->p = record_end(s->p, s->end);
    if (!m->header) {
      m->header = h;
      m->header_end = s->p;
    } else if (s->p - h != m->header_end - m->header ||
               memcmp(h, m->header, (size_t)(s->p - h)) != 0) {
      hg_error_set(err, s->path, 1, NULL, "header differs from %s's: not shards of one run",
                   m->s[0].map ? m->s[0].path : "the other shards");
      return HG_ERR_INVALID;
    }
  }
  return HG_OK;
}

/* The file's rule and its columns: -1 for a file not per indicator. */
static hg_status find_rule(merge_file *m, hg_error *err) {
  char **h = record_fields(m->header, m->header_end);
  if (h[0] && g_str_has_prefix(h[0], "\xEF\xBB\xBF")) /* the writer's BOM */
    memmove(h[0], h[0] + 3, strlen(h[0]) - 2);
  m->rule = -1;
  m->id_col = -1;
  for (size_t r = 0; r < G_N_ELEMENTS(rules); r++)
    if (strcmp(rules[r].file, m->rel) == 0)
      m->rule = (int)r;
  hg_status st = HG_OK;
  if (m->rule < 0 && g_strv_contains((const char *const *)h, "indicator_id")) {
    hg_error_set(err, m->rel, 0, NULL,
                 "per indicator, but the merge has no rule for its order (run/merge.c)");
    st = HG_ERR_INVALID;
  }
  for (size_t c = 0; st == HG_OK && m->rule >= 0 && c < MAX_COLS && rules[m->rule].cols[c].name;
       c++) {
    const char *name = rules[m->rule].cols[c].name;
    int at = -1;
    for (int k = 0; h[k]; k++)
      if (strcmp(h[k], name) == 0)
        at = k;
    if (at < 0) {
      hg_error_set(err, m->rel, 1, name, "column missing");
      st = HG_ERR_INVALID;
    }
    if (strcmp(name, "indicator_id") == 0)
      m->id_col = (int)c;
    m->cols[m->ncols++] = at;
  }
  g_strfreev(h);
  return st;
}

/* Files without a rule: the same bytes in every shard (header included). */
static hg_status copy_same(merge_file *m, FILE *fp, hg_error *err) {
  const stream *first = NULL;
  for (size_t i = 0; i < m->n; i++) {
    const stream *s = &m->s[i];
    if (!s->map) {
      hg_error_set(err, s->path, 0, NULL, "missing, but the other shards have it");
      return HG_ERR_INVALID;
    }
    if (first && (g_mapped_file_get_length(s->map) != g_mapped_file_get_length(first->map) ||
                  memcmp(g_mapped_file_get_contents(s->map), g_mapped_file_get_contents(first->map),
                         g_mapped_file_get_length(s->map)) != 0)) {
      hg_error_set(err, s->path, 0, NULL, "differs from %s: not shards of one run", first->path);
      return HG_ERR_INVALID;
    }
    first = first ? first : s;
  }
  fwrite(g_mapped_file_get_contents(first->map), 1, g_mapped_file_get_length(first->map), fp);
  return HG_OK;
}

/* Which shard each indicator of the file came from: one only. */
static hg_status check_overlap(GHashTable *owner, const merge_file *m, size_t i,
                               const merge_shard *sh, hg_error *err) {
  const char *id = m->s[i].key[m->id_col];
  gpointer prev = g_hash_table_lookup(owner, id);
  if (!prev) {
    g_hash_table_insert(owner, g_strdup(id), GSIZE_TO_POINTER(i + 1));
    return HG_OK;
  }
  size_t j = GPOINTER_TO_SIZE(prev) - 1;
  if (j == i)
    return HG_OK;
  hg_error_set(err, m->rel, 0, NULL, "indicator %s is in shard %u/%u and in shard %u/%u", id,
               sh[j].k, sh[j].n, sh[i].k, sh[i].n);
  return HG_ERR_INVALID;
}

/* The least head row among the shards, or -1 when all are done. */
static long least(const merge_file *m) {
  long best = -1;
  for (size_t i = 0; i < m->n; i++)
    if (m->s[i].key && (best < 0 || key_cmp(m->s[i].key, m->s[best].key, m->rule) < 0))
      best = (long)i;
  return best;
}

/* A SHARED file's row that the last row written, from another shard, has
 * already written (same bytes). */
static int written(const merge_file *m, const stream *s, const stream *last, const char *lp,
                   const char *le) {
  return (rules[m->rule].flags & SHARED) && last && last != s && s->head_end - s->head == le - lp &&
         memcmp(s->head, lp, (size_t)(le - lp)) == 0;
}

static hg_status merge_rows(merge_file *m, const merge_shard *sh, FILE *fp, size_t *rows,
                            GHashTable *ids, hg_error *err) {
  GHashTable *owner = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  for (size_t i = 0; i < m->n; i++)
    if (m->s[i].map)
      stream_next(&m->s[i], m->cols, m->ncols);
  hg_status st = HG_OK;
  const stream *last = NULL;
  const char *lp = NULL, *le = NULL; /* the last row written (in its shard's mapping) */
  for (long i; st == HG_OK && (i = least(m)) >= 0;) {
    stream *s = &m->s[i];
    if (m->id_col >= 0 && (st = check_overlap(owner, m, (size_t)i, sh, err)) != HG_OK)
      break;
    if (ids && !g_hash_table_contains(ids, s->key[m->id_col]))
      g_hash_table_add(ids, g_strdup(s->key[m->id_col]));
    if (!written(m, s, last, lp, le)) {
      fwrite(s->head, 1, (size_t)(s->head_end - s->head), fp);
      (*rows)++;
      last = s;
      lp = s->head;
      le = s->head_end;
    }
    char **prev = s->key;
    s->key = NULL;
    stream_next(s, m->cols, m->ncols);
    if (s->key && key_cmp(prev, s->key, m->rule) > 0) {
      hg_error_set(err, s->path, 0, NULL, "not in the order a run writes it: not a shard's file");
      st = HG_ERR_INVALID;
    }
    g_strfreev(prev);
  }
  g_hash_table_destroy(owner);
  return st;
}

hg_status merge_one(const merge_shard *sh, size_t n, const char *rel, const char *out,
                    hg_run_merge_summary *sum, GHashTable *ids, hg_error *err) {
  merge_file m = {.rel = rel, .rule = -1};
  hg_status st = open_file(&m, sh, n, err);
  if (st == HG_OK && !m.header) {
    merge_file_free(&m);
    return HG_OK; /* no shard has it */
  }
  if (st == HG_OK)
    st = find_rule(&m, err);
  char *path = g_build_filename(out, rel, NULL);
  FILE *fp = st == HG_OK ? fopen(path, "wb") : NULL;
  if (st == HG_OK && !fp) {
    hg_error_set(err, path, 0, NULL, "cannot write: %s", g_strerror(errno));
    st = HG_ERR_IO;
  }
  if (st == HG_OK && m.rule < 0) {
    st = copy_same(&m, fp, err);
  } else if (st == HG_OK) {
    fwrite(m.header, 1, (size_t)(m.header_end - m.header), fp);
    int is_ind = strcmp(rules[m.rule].file, "results/indicators.csv") == 0;
    st = merge_rows(&m, sh, fp, &sum->rows, is_ind ? ids : NULL, err);
  }
  int bad = fp ? ferror(fp) : 0;
  if (fp && (fclose(fp) != 0 || bad) && st == HG_OK) {
    hg_error_set(err, path, 0, NULL, "cannot write: %s", g_strerror(errno));
    st = HG_ERR_IO;
  }
  if (st == HG_OK)
    sum->files++;
  g_free(path);
  merge_file_free(&m);
  return st;
}
