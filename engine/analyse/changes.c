/* changes.c: differences between the previous and the new results/indicators.csv.
 *
 * Each file (a side) is kept as only what the comparison reads: per row the
 * key, the four labels and the period's sort key as 32-bit ids of interned
 * texts (codes, periods and labels repeat; the breakdown's four and the
 * labels' four as one id each of their quad), and the value's text as an
 * offset into one buffer.  A side interns its own texts (two files can then be
 * read on two threads); the comparison re-numbers the previous side's ids as
 * the current side's (share_ids).  Files are read as a stream:
 * about 70 bytes a row, where a whole table held every cell of the 36
 * columns of both files (some 1,300 bytes a row; issue 17, memory per row).
 * Rows are matched through an index sorted by key, not a hash of joined
 * keys; the series' latest rows keep their hash tables, whose order the
 * stable sort of the output keeps among equal entries. */
#include "healthgap/changes.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "healthgap/csvout.h"

struct hg_changes {
  GPtrArray *items;   /* hg_change*, owned with their strings */
  GStringChunk *text; /* every string of every item */
};

/* The fields a side keeps, by their results/indicators.csv names. */
enum {
  F_IND,
  F_AREA,
  F_PERIOD,
  F_SORTABLE,
  F_SEX,
  F_AGE,
  F_CTYPE,
  F_CAT,
  F_ENG,
  F_LON,
  F_TREND,
  F_TSTATUS,
  F_VALUE, /* an offset into texts.values, not an id */
  NF
};
static const char *const field_names[NF] = {[F_IND] = "indicator_id",
                                            [F_AREA] = "area_code",
                                            [F_PERIOD] = "period",
                                            [F_SORTABLE] = "period_sortable",
                                            [F_SEX] = "sex",
                                            [F_AGE] = "age",
                                            [F_CTYPE] = "category_type",
                                            [F_CAT] = "category",
                                            [F_ENG] = "compared_to_england",
                                            [F_LON] = "compared_to_london",
                                            [F_TREND] = "recent_trend",
                                            [F_TSTATUS] = "target_status",
                                            [F_VALUE] = "value"};
/* A row as kept: the ids of indicator, area, period and sort key; the id of
 * the quad of ids of sex, age, category type and category (a breakdown), and
 * of the quad of the four labels (few combinations of each repeat over
 * millions of rows); the value's offset.  28 bytes a row, not 13 ids' 52. */
enum { S_IND, S_AREA, S_PERIOD, S_SORTABLE, S_BREAKDOWN, S_LABELS, S_VALUE, NS };
static const int slot_of[NF] = {
    [F_IND] = S_IND,           [F_AREA] = S_AREA,     [F_PERIOD] = S_PERIOD,
    [F_SORTABLE] = S_SORTABLE, [F_SEX] = S_BREAKDOWN, [F_AGE] = S_BREAKDOWN,
    [F_CTYPE] = S_BREAKDOWN,   [F_CAT] = S_BREAKDOWN, [F_ENG] = S_LABELS,
    [F_LON] = S_LABELS,        [F_TREND] = S_LABELS,  [F_TSTATUS] = S_LABELS,
    [F_VALUE] = S_VALUE};
/* The first field of each quad's slot. */
static const int quad_first[NS] = {[S_BREAKDOWN] = F_SEX, [S_LABELS] = F_ENG};
/* The row key, in the order rows are matched (period last). */
static const int key_slots[] = {S_IND, S_AREA, S_BREAKDOWN, S_PERIOD};

typedef struct crow {
  guint32 s[NS];
} crow;

/* A side's texts: id 0 is "".  Each side is read with its own (so that two
 * files can be read on two threads); the comparison re-numbers the previous
 * side's ids into the current side's, so that equal texts have equal ids. */
typedef struct texts {
  GHashTable *ids; /* text -> id + 1 (keys in chunk) */
  GPtrArray *str;  /* id -> text */
  GStringChunk *chunk;
  GHashTable *quad_ids; /* guint32[4] -> quad id + 1 (keys owned) */
  GPtrArray *quads;     /* quad id -> guint32[4] (the keys) */
} texts;

typedef struct side {
  const char *name;
  long col[NF];    /* column of each field, -1 when absent */
  GArray *rows;    /* crow, in file order */
  guint32 *by_key; /* row indexes sorted by key, then row */
  GString *values; /* value texts, each NUL-terminated; offset 0 is "" */
} side;

/* One file as the comparison keeps it (file_read). */
typedef struct file_side {
  char *name;
  texts t;
  side s;
} file_side;

static guint quad_hash(gconstpointer p) {
  const guint32 *q = p;
  return ((q[0] * 1000003u + q[1]) * 1000003u + q[2]) * 1000003u + q[3];
}

static gboolean quad_equal(gconstpointer a, gconstpointer b) {
  return memcmp(a, b, 4 * sizeof(guint32)) == 0;
}

static void texts_init(texts *t) {
  t->quad_ids = g_hash_table_new_full(quad_hash, quad_equal, g_free, NULL);
  t->quads = g_ptr_array_new();
  t->ids = g_hash_table_new(g_str_hash, g_str_equal);
  t->str = g_ptr_array_new();
  t->chunk = g_string_chunk_new(1 << 14);
  const char *e = g_string_chunk_insert(t->chunk, "");
  g_ptr_array_add(t->str, (gpointer)e);
  g_hash_table_insert(t->ids, (gpointer)e, GUINT_TO_POINTER(1));
}

static void texts_clear(texts *t) {
  g_hash_table_destroy(t->quad_ids);
  g_ptr_array_free(t->quads, TRUE);
  g_hash_table_destroy(t->ids);
  g_ptr_array_free(t->str, TRUE);
  g_string_chunk_free(t->chunk);
}

static guint32 intern(texts *t, const char *s) {
  gpointer v = g_hash_table_lookup(t->ids, s);
  if (v)
    return GPOINTER_TO_UINT(v) - 1;
  const char *c = g_string_chunk_insert(t->chunk, s);
  g_ptr_array_add(t->str, (gpointer)c);
  g_hash_table_insert(t->ids, (gpointer)c, GUINT_TO_POINTER(t->str->len));
  return t->str->len - 1;
}

static guint32 intern_quad(texts *t, const guint32 q[4]) {
  gpointer v = g_hash_table_lookup(t->quad_ids, q);
  if (v)
    return GPOINTER_TO_UINT(v) - 1;
  guint32 *k = g_memdup2(q, 4 * sizeof *q);
  g_ptr_array_add(t->quads, k);
  g_hash_table_insert(t->quad_ids, k, GUINT_TO_POINTER(t->quads->len));
  return t->quads->len - 1;
}

/* A row's fields (ids, the value's offset) as kept. */
static crow pack(texts *t, const guint32 w[NF]) {
  return (crow){{[S_IND] = w[F_IND],
                 [S_AREA] = w[F_AREA],
                 [S_PERIOD] = w[F_PERIOD],
                 [S_SORTABLE] = w[F_SORTABLE],
                 [S_BREAKDOWN] = intern_quad(t, &w[F_SEX]),
                 [S_LABELS] = intern_quad(t, &w[F_ENG]),
                 [S_VALUE] = w[F_VALUE]}};
}

/* Field f of x: a text's id, or the value's offset. */
static guint32 field(const texts *t, const crow *x, int f) {
  int sl = slot_of[f];
  if (sl == S_BREAKDOWN || sl == S_LABELS)
    return ((const guint32 *)t->quads->pdata[x->s[sl]])[f - quad_first[sl]];
  return x->s[sl];
}

/* The offset of a copy of value s; 0 past 4 GiB of values (then *full). */
static guint32 add_value(GString *values, const char *s, size_t len, int *full) {
  if (len == 0)
    return 0;
  if (values->len + len + 1 > G_MAXUINT32) {
    *full = 1;
    return 0;
  }
  guint32 off = (guint32)values->len;
  g_string_append_len(values, s, (gssize)len);
  g_string_append_c(values, '\0');
  return off;
}

static const char *txt(const texts *t, const side *s, size_t r, int f) {
  const crow *x = &g_array_index(s->rows, crow, r);
  return f == F_VALUE ? s->values->str + x->s[S_VALUE] : t->str->pdata[field(t, x, f)];
}

static hg_status check_cols(const side *s, hg_error *err) {
  static const int required[] = {F_IND, F_AREA, F_PERIOD, F_VALUE};
  for (size_t k = 0; k < G_N_ELEMENTS(required); k++)
    if (s->col[required[k]] < 0) {
      hg_error_set(err, s->name, 1, field_names[required[k]], "missing column");
      return HG_ERR_FORMAT;
    }
  return HG_OK;
}

/* A cell (len bytes) into field f of w: an id, or the value's offset. */
static void put_cell(texts *t, side *s, guint32 *w, int f, const char *cell, size_t len,
                     int *full) {
  w[f] = f == F_VALUE ? add_value(s->values, cell, len, full) : intern(t, cell);
}

/* An empty side named name, with its own texts. */
static file_side *side_new(const char *name) {
  file_side *z = g_new0(file_side, 1);
  z->name = g_strdup(name);
  texts_init(&z->t);
  z->s.name = z->name;
  z->s.rows = g_array_new(FALSE, TRUE, sizeof(crow));
  z->s.values = g_string_sized_new(1 << 12);
  g_string_append_c(z->s.values, '\0');
  for (int f = 0; f < NF; f++)
    z->s.col[f] = -1;
  return z;
}

/* ---- a side from a table (hg_changes_compare) ---- */

static hg_status side_from_table(file_side *z, const hg_table *tab, hg_error *err) {
  side *s = &z->s;
  for (int f = 0; f < NF; f++)
    s->col[f] = hg_table_col(tab, field_names[f]);
  hg_status st = check_cols(s, err);
  if (st != HG_OK)
    return st;
  int full = 0;
  for (size_t r = 0; r < hg_table_nrows(tab); r++) {
    guint32 w[NF] = {0};
    for (int f = 0; f < NF; f++)
      if (s->col[f] >= 0) {
        const char *c = hg_table_cell(tab, r, (size_t)s->col[f]);
        put_cell(&z->t, s, w, f, c, strlen(c), &full);
      }
    crow x = pack(&z->t, w);
    g_array_append_val(s->rows, x);
  }
  return full ? HG_ERR_NOMEM : HG_OK;
}

/* ---- a side read from a file as a stream (hg_changes_compare_files) ---- */

typedef struct stream {
  texts *t;
  side *s;
  int full;
} stream;

/* Column of name in the header: exact first, then without surrounding
 * spaces and ASCII case (as hg_table_col). */
static long header_col(const char *const *h, size_t n, const char *name) {
  for (size_t j = 0; j < n; j++)
    if (strcmp(h[j], name) == 0)
      return (long)j;
  size_t nl = strlen(name);
  for (size_t j = 0; j < n; j++) {
    const char *c = h[j];
    while (*c == ' ')
      c++;
    size_t cl = strlen(c);
    while (cl > 0 && c[cl - 1] == ' ')
      cl--;
    if (cl == nl && strncasecmp(c, name, nl) == 0)
      return (long)j;
  }
  return -1;
}

static void on_row(void *data, size_t row, const char *const *cells, size_t ncells) {
  stream *z = data;
  side *s = z->s;
  if (row == 0) {
    for (int f = 0; f < NF; f++)
      s->col[f] = header_col(cells, ncells, field_names[f]);
    return;
  }
  guint32 w[NF] = {0};
  for (int f = 0; f < NF; f++)
    if (s->col[f] >= 0 && (size_t)s->col[f] < ncells)
      put_cell(z->t, s, w, f, cells[s->col[f]], strlen(cells[s->col[f]]), &z->full);
  crow x = pack(z->t, w);
  g_array_append_val(s->rows, x);
}

static void file_free(file_side *z) {
  if (z == NULL)
    return;
  g_array_free(z->s.rows, TRUE);
  g_free(z->s.by_key);
  g_string_free(z->s.values, TRUE);
  texts_clear(&z->t);
  g_free(z->name);
  g_free(z);
}

static hg_status file_read(const char *path, file_side **out, hg_error *err) {
  file_side *z = side_new(path);
  stream w = {.t = &z->t, .s = &z->s};
  hg_status st = hg_table_stream(path, on_row, &w, err);
  if (st == HG_OK && w.full)
    st = HG_ERR_NOMEM;
  if (st == HG_OK)
    st = check_cols(&z->s, err);
  if (st != HG_OK) {
    file_free(z);
    z = NULL;
  }
  *out = z;
  return st;
}

/* ---- matching ---- */

static int key_cmp(const crow *a, const crow *b) {
  for (size_t k = 0; k < G_N_ELEMENTS(key_slots); k++) {
    guint32 x = a->s[key_slots[k]], y = b->s[key_slots[k]];
    if (x != y)
      return x < y ? -1 : 1;
  }
  return 0;
}

/* Ids are shared by both sides, so equal keys have equal ids; the order is
 * the ids', which only the matching sees. */
static gint by_key_cmp(gconstpointer pa, gconstpointer pb, gpointer data) {
  const side *s = data;
  guint32 a = *(const guint32 *)pa, b = *(const guint32 *)pb;
  int c = key_cmp(&g_array_index(s->rows, crow, a), &g_array_index(s->rows, crow, b));
  return c ? c : (a > b) - (a < b);
}

static void index_side(side *s) {
  s->by_key = g_new(guint32, s->rows->len ? s->rows->len : 1);
  for (guint i = 0; i < s->rows->len; i++)
    s->by_key[i] = i;
  g_qsort_with_data(s->by_key, (gint)s->rows->len, sizeof(guint32), by_key_cmp, s);
}

/* The last row of s (in file order) with the key of x, or -1. */
static long find_row(const side *s, const crow *x) {
  size_t lo = 0, hi = s->rows->len; /* first index whose key is above x's */
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (key_cmp(&g_array_index(s->rows, crow, s->by_key[mid]), x) <= 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo == 0 || key_cmp(&g_array_index(s->rows, crow, s->by_key[lo - 1]), x) != 0)
    return -1;
  return (long)s->by_key[lo - 1];
}

/* A series (the row key without period) is its fields' ids, which are the
 * same texts' on both sides after share_ids: a row's crow is its key. */
static const int series_slots[] = {S_IND, S_AREA, S_BREAKDOWN};

static guint series_hash(gconstpointer p) {
  const crow *x = p;
  guint h = 0;
  for (size_t k = 0; k < G_N_ELEMENTS(series_slots); k++)
    h = h * 1000003u + x->s[series_slots[k]];
  return h;
}

static gboolean series_equal(gconstpointer pa, gconstpointer pb) {
  const crow *a = pa, *b = pb;
  for (size_t k = 0; k < G_N_ELEMENTS(series_slots); k++)
    if (a->s[series_slots[k]] != b->s[series_slots[k]])
      return FALSE;
  return TRUE;
}

/* Row order within a series: period_sortable when present, else period text. */
static int later(const texts *t, const side *s, size_t a, size_t b) {
  if (s->col[F_SORTABLE] >= 0) {
    long long x = atoll(txt(t, s, a, F_SORTABLE)), y = atoll(txt(t, s, b, F_SORTABLE));
    if (x != y)
      return x > y;
  }
  return strcmp(txt(t, s, a, F_PERIOD), txt(t, s, b, F_PERIOD)) > 0;
}

/* The latest row of each series: its row (the key, in s->rows, which no
 * longer grows) -> row + 1. */
static GHashTable *latest_rows(const texts *t, const side *s) {
  GHashTable *latest = g_hash_table_new(series_hash, series_equal);
  for (size_t r = 0; r < s->rows->len; r++) {
    crow *x = &g_array_index(s->rows, crow, r);
    gpointer old = g_hash_table_lookup(latest, x);
    if (old == NULL || later(t, s, r, GPOINTER_TO_SIZE(old) - 1))
      g_hash_table_replace(latest, x, GSIZE_TO_POINTER(r + 1));
  }
  return latest;
}

static void add(hg_changes *ch, const char *type, const texts *t, const side *s, size_t r,
                const char *before, const char *after) {
  hg_change *x = g_new0(hg_change, 1);
  x->change_type = g_string_chunk_insert_const(ch->text, type);
  x->indicator_id = g_string_chunk_insert_const(ch->text, txt(t, s, r, F_IND));
  x->area_code = g_string_chunk_insert_const(ch->text, txt(t, s, r, F_AREA));
  x->period = g_string_chunk_insert_const(ch->text, txt(t, s, r, F_PERIOD));
  x->sex = g_string_chunk_insert_const(ch->text, txt(t, s, r, F_SEX));
  x->category = g_string_chunk_insert_const(ch->text, txt(t, s, r, F_CAT));
  x->before = g_string_chunk_insert_const(ch->text, before);
  x->after = g_string_chunk_insert_const(ch->text, after);
  g_ptr_array_add(ch->items, x);
}

static int values_differ(const char *a, const char *b) {
  double x, y;
  hg_num na = hg_parse_number(a, strlen(a), &x), nb = hg_parse_number(b, strlen(b), &y);
  if (na != HG_NUM_OK || nb != HG_NUM_OK)
    return strcmp(a, b) != 0;
  /* Both files are written at full precision; allow only representation noise. */
  return fabs(x - y) > 1e-12 * fmax(fabs(x), fabs(y));
}

static gint change_cmp(gconstpointer pa, gconstpointer pb) {
  const hg_change *a = *(const hg_change *const *)pa, *b = *(const hg_change *const *)pb;
  int c = strcmp(a->change_type, b->change_type);
  if (c == 0)
    c = strcmp(a->indicator_id, b->indicator_id);
  if (c == 0)
    c = strcmp(a->area_code, b->area_code);
  if (c == 0)
    c = strcmp(a->period, b->period);
  if (c == 0)
    c = strcmp(a->sex, b->sex);
  if (c == 0)
    c = strcmp(a->category, b->category);
  return c;
}

/* A label of both sides' rows that changed: type, before and after. */
static void label_change(hg_changes *ch, const texts *t, const side *p, size_t q, const side *c,
                         size_t r, int f, const char *type) {
  if (p->col[f] >= 0 && c->col[f] >= 0 && strcmp(txt(t, p, q, f), txt(t, c, r, f)) != 0)
    add(ch, type, t, c, r, txt(t, p, q, f), txt(t, c, r, f));
}

/* Rows of the new side against the previous: new, revised, relabelled; then
 * the previous rows gone. */
static void compare_rows(hg_changes *ch, const texts *t, const side *p, const side *c) {
  for (size_t r = 0; r < c->rows->len; r++) {
    long q = find_row(p, &g_array_index(c->rows, crow, r));
    if (q < 0) {
      add(ch, "new_period", t, c, r, "", txt(t, c, r, F_VALUE));
      continue;
    }
    const char *bv = txt(t, p, (size_t)q, F_VALUE), *av = txt(t, c, r, F_VALUE);
    if (values_differ(bv, av))
      add(ch, "value_revised", t, c, r, bv, av);
    label_change(ch, t, p, (size_t)q, c, r, F_ENG, "significance_england");
    label_change(ch, t, p, (size_t)q, c, r, F_LON, "significance_london");
  }
  for (size_t q = 0; q < p->rows->len; q++)
    if (find_row(c, &g_array_index(p->rows, crow, q)) < 0)
      add(ch, "removed", t, p, q, txt(t, p, q, F_VALUE), "");
}

/* Series-level labels: the latest rows of the same series, in the new
 * file's order (which the stable sort of the output keeps among series that
 * differ only in age or category type). */
static void compare_series(hg_changes *ch, const texts *t, const side *p, const side *c) {
  GHashTable *plat = latest_rows(t, p), *clat = latest_rows(t, c);
  for (size_t r = 0; r < c->rows->len; r++) {
    const crow *x = &g_array_index(c->rows, crow, r);
    if (GPOINTER_TO_SIZE(g_hash_table_lookup(clat, x)) != r + 1)
      continue; /* not its series' latest row */
    gpointer pv = g_hash_table_lookup(plat, x);
    if (pv == NULL)
      continue;
    size_t q = GPOINTER_TO_SIZE(pv) - 1;
    label_change(ch, t, p, q, c, r, F_TREND, "trend_changed");
    label_change(ch, t, p, q, c, r, F_TSTATUS, "target_status_changed");
  }
  g_hash_table_destroy(plat);
  g_hash_table_destroy(clat);
}

static hg_changes *compare_sides(const texts *t, side *p, side *c) {
  index_side(p);
  index_side(c);
  hg_changes *ch = g_new0(hg_changes, 1);
  ch->items = g_ptr_array_new_with_free_func(g_free);
  ch->text = g_string_chunk_new(4096);
  compare_rows(ch, t, p, c);
  compare_series(ch, t, p, c);
  g_ptr_array_sort(ch->items, change_cmp); /* stable: equal entries keep their order */
  return ch;
}

/* p's ids re-numbered as c's (c's texts gain p's): after it equal texts of
 * both sides have equal ids, which the matching compares.  The ids' values
 * order only the matching's index, never the output. */
static void share_ids(file_side *p, file_side *c) {
  guint32 *map = g_new(guint32, p->t.str->len);
  for (guint i = 0; i < p->t.str->len; i++)
    map[i] = intern(&c->t, p->t.str->pdata[i]);
  guint32 *qmap = g_new(guint32, p->t.quads->len ? p->t.quads->len : 1);
  for (guint i = 0; i < p->t.quads->len; i++) {
    const guint32 *q = p->t.quads->pdata[i];
    guint32 mq[4] = {map[q[0]], map[q[1]], map[q[2]], map[q[3]]};
    qmap[i] = intern_quad(&c->t, mq);
  }
  static const int text_slots[] = {S_IND, S_AREA, S_PERIOD, S_SORTABLE};
  for (guint r = 0; r < p->s.rows->len; r++) {
    crow *x = &g_array_index(p->s.rows, crow, r);
    for (size_t k = 0; k < G_N_ELEMENTS(text_slots); k++)
      x->s[text_slots[k]] = map[x->s[text_slots[k]]];
    x->s[S_BREAKDOWN] = qmap[x->s[S_BREAKDOWN]];
    x->s[S_LABELS] = qmap[x->s[S_LABELS]];
  }
  g_free(qmap);
  g_free(map);
  /* p's texts are c's from now on (txt() reads them through c's) */
}

static hg_status compare_read(file_side *previous, file_side *current, hg_changes **out) {
  share_ids(previous, current);
  *out = compare_sides(&current->t, &previous->s, &current->s);
  return *out ? HG_OK : HG_ERR_NOMEM;
}

hg_status hg_changes_compare(const hg_table *prev, const hg_table *cur, hg_changes **out,
                             hg_error *err) {
  *out = NULL;
  file_side *p = side_new(hg_table_name(prev)), *c = side_new(hg_table_name(cur));
  hg_status st = side_from_table(p, prev, err);
  if (st == HG_OK)
    st = side_from_table(c, cur, err);
  if (st == HG_OK)
    st = compare_read(p, c, out);
  file_free(p);
  file_free(c);
  return st;
}

/* One side's read, on a thread of its own. */
typedef struct read_job {
  const char *path;
  file_side *side;
  hg_status st;
  hg_error err;
} read_job;

static gpointer read_side(gpointer data) {
  read_job *j = data;
  hg_error_clear(&j->err);
  j->st = file_read(j->path, &j->side, &j->err);
  return NULL;
}

/* 1 if the two files hold the same bytes (both readable, the same size,
 * equal throughout).  Files that differ in size, as when a period is added,
 * answer at once; else the first difference ends the read. */
static int same_bytes(const char *a, const char *b) {
  FILE *fa = fopen(a, "rb"), *fb = fa ? fopen(b, "rb") : NULL;
  GStatBuf sa, sb;
  int same = fb && g_stat(a, &sa) == 0 && g_stat(b, &sb) == 0 && sa.st_size == sb.st_size;
  enum { BLOCK = 1 << 20 };
  char *ba = same ? g_malloc(BLOCK) : NULL, *bb = same ? g_malloc(BLOCK) : NULL;
  while (same) {
    size_t na = fread(ba, 1, BLOCK, fa), nb = fread(bb, 1, BLOCK, fb);
    same = na == nb && memcmp(ba, bb, na) == 0 && !ferror(fa) && !ferror(fb);
    if (na == 0)
      break;
  }
  g_free(ba);
  g_free(bb);
  if (fa)
    fclose(fa);
  if (fb)
    fclose(fb);
  return same;
}

hg_status hg_changes_compare_files(const char *previous_path, const char *current_path, int jobs,
                                   hg_changes **out, hg_error *err) {
  *out = NULL;
  /* The same bytes have no changes: a rerun whose results did not move (run
   * --force, or a config change that leaves them) reads both files once at
   * memory speed instead of parsing and matching 2 x 679,100 rows (issue 17:
   * most of a national rerun's publish stage).  Any difference, wherever it
   * is, goes to the full comparison below. */
  if (same_bytes(previous_path, current_path)) {
    hg_changes *ch = g_new0(hg_changes, 1);
    ch->items = g_ptr_array_new_with_free_func(g_free);
    ch->text = g_string_chunk_new(64);
    *out = ch;
    return HG_OK;
  }
  read_job pj = {.path = previous_path}, cj = {.path = current_path};
  GThread *t = jobs >= 2 ? g_thread_try_new("changes", read_side, &pj, NULL) : NULL;
  if (!t) /* one thread: the previous first, and stop at its error */
    read_side(&pj);
  if (t || pj.st == HG_OK)
    read_side(&cj);
  if (t)
    g_thread_join(t);
  file_side *p = pj.side, *c = cj.side;
  hg_status st = pj.st != HG_OK ? pj.st : cj.st;
  if (st != HG_OK && err)
    *err = pj.st != HG_OK ? pj.err : cj.err;
  if (st == HG_OK)
    st = compare_read(p, c, out);
  file_free(p);
  file_free(c);
  return st;
}

size_t hg_changes_size(const hg_changes *c) {
  return c->items->len;
}

const hg_change *hg_changes_at(const hg_changes *c, size_t i) {
  return i < c->items->len ? g_ptr_array_index(c->items, i) : NULL;
}

void hg_changes_free(hg_changes *c) {
  if (c == NULL)
    return;
  g_ptr_array_free(c->items, TRUE);
  g_string_chunk_free(c->text);
  g_free(c);
}

hg_status hg_changes_write_csv(const hg_changes *c, FILE *fp) {
  static const char *const header[] = {"change_type", "indicator_id", "area_code", "period",
                                       "sex",         "category",     "before",    "after"};
  hg_csv_writer *w = hg_csv_writer_new(fp, 1);
  if (w == NULL)
    return HG_ERR_NOMEM;
  hg_csv_row(w, header, 8);
  for (guint i = 0; c && i < c->items->len; i++) {
    const hg_change *x = g_ptr_array_index(c->items, i);
    const char *f[8] = {x->change_type, x->indicator_id, x->area_code, x->period,
                        x->sex,         x->category,     x->before,    x->after};
    hg_csv_row(w, f, 8);
  }
  return hg_csv_writer_finish(w);
}
