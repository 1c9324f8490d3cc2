/* store.c: the observation store: interned strings and one array per column.
 *
 * Struct of arrays: later stages scan one or two columns (value, area) over
 * millions of rows, so each column is its own GArray.  Strings live once in a
 * GStringChunk (stable addresses, so hg_store_str pointers never move); the
 * id -> text table is a GPtrArray and text -> id a GHashTable.
 *
 * A key index (indicator, area, period text, sex, age, category type, category)
 * -> first row is kept so that duplicate keys are found in O(1) per row; keys
 * are packed into a GStringChunk too, which gives them stable addresses for the
 * GHashTable without one malloc per row.
 */
#include "healthgap/store.h"

#include <glib.h>
#include <math.h>
#include <string.h>

/* X-macros: one line per column, so that new, append, get and free cannot drift. */
#define HG_STR_COLUMNS(X)                                                                          \
  X(indicator_id)                                                                                  \
  X(indicator_name)                                                                                \
  X(area_code)                                                                                     \
  X(area_name)                                                                                     \
  X(area_type)                                                                                     \
  X(parent_code)                                                                                   \
  X(parent_name)                                                                                   \
  X(period_text)                                                                                   \
  X(sex)                                                                                           \
  X(age)                                                                                           \
  X(category_type)                                                                                 \
  X(category)                                                                                      \
  X(value_note)                                                                                    \
  X(fp_recent_trend)                                                                               \
  X(fp_compared_england)                                                                           \
  X(fp_compared_parent)                                                                            \
  X(fp_compared_goal)

#define HG_NUM_COLUMNS(X)                                                                          \
  X(value)                                                                                         \
  X(lower95)                                                                                       \
  X(upper95)                                                                                       \
  X(lower998)                                                                                      \
  X(upper998)                                                                                      \
  X(count)                                                                                         \
  X(denominator)

typedef struct {
  hg_str indicator_id, area_code, period_text, sex, age, category_type, category;
} obs_key;

struct hg_store {
  GStringChunk *chunk; /* interned texts */
  GPtrArray *texts;    /* id -> const char* (into chunk); [0] = "" */
  GHashTable *ids;     /* const char* (into chunk) -> GUINT_TO_POINTER(id) */
  GPtrArray *sources;  /* g_strdup'd file names */
  GStringChunk *keychunk;
  GHashTable *keys;    /* obs_key* (into keychunk) -> GSIZE_TO_POINTER(row + 1) */
#define DECL_STR(f) GArray *f;
#define DECL_NUM(f) GArray *f;
  HG_STR_COLUMNS(DECL_STR)
  HG_NUM_COLUMNS(DECL_NUM)
  GArray *period;      /* hg_period */
  GArray *value_state; /* guint8 */
  GArray *source;      /* guint32 */
  GArray *line;        /* long */
  size_t n;            /* rows stored */
  size_t cap;          /* rows allocated: every column's GArray len (see hg_store_append) */
};

static guint key_hash(gconstpointer p) {
  obs_key k;
  memcpy(&k, p, sizeof k); /* keys in the chunk are not aligned */
  const guint32 *w = (const guint32 *)&k;
  guint32 h = 2166136261u;
  for (size_t i = 0; i < sizeof k / sizeof(guint32); i++) {
    h ^= w[i];
    h *= 16777619u;
    h ^= h >> 15;
  }
  return h;
}

static gboolean key_equal(gconstpointer a, gconstpointer b) {
  return memcmp(a, b, sizeof(obs_key)) == 0;
}

hg_store *hg_store_new(void) {
  hg_store *st = g_try_new0(hg_store, 1);
  if (!st)
    return NULL;
  st->chunk = g_string_chunk_new(1 << 16);
  st->texts = g_ptr_array_new();
  st->ids = g_hash_table_new(g_str_hash, g_str_equal);
  st->sources = g_ptr_array_new_with_free_func(g_free);
  st->keychunk = g_string_chunk_new(1 << 16);
  st->keys = g_hash_table_new(key_hash, key_equal);
  const char *empty = g_string_chunk_insert_const(st->chunk, "");
  g_ptr_array_add(st->texts, (gpointer)empty);
#define NEW_STR(f) st->f = g_array_new(FALSE, FALSE, sizeof(hg_str));
#define NEW_NUM(f) st->f = g_array_new(FALSE, FALSE, sizeof(double));
  HG_STR_COLUMNS(NEW_STR)
  HG_NUM_COLUMNS(NEW_NUM)
  st->period = g_array_new(FALSE, FALSE, sizeof(hg_period));
  st->value_state = g_array_new(FALSE, FALSE, sizeof(guint8));
  st->source = g_array_new(FALSE, FALSE, sizeof(guint32));
  st->line = g_array_new(FALSE, FALSE, sizeof(long));
  return st;
}

void hg_store_free(hg_store *st) {
  if (!st)
    return;
  g_hash_table_destroy(st->ids);
  g_ptr_array_free(st->texts, TRUE);
  g_string_chunk_free(st->chunk);
  g_ptr_array_free(st->sources, TRUE);
  g_hash_table_destroy(st->keys);
  g_string_chunk_free(st->keychunk);
#define FREE_COL(f) g_array_free(st->f, TRUE);
  HG_STR_COLUMNS(FREE_COL)
  HG_NUM_COLUMNS(FREE_COL)
  FREE_COL(period)
  FREE_COL(value_state)
  FREE_COL(source)
  FREE_COL(line)
  g_free(st);
}

hg_str hg_store_intern(hg_store *st, const char *s, size_t len) {
  if (len == 0)
    return 0;
  /* The hash table needs a NUL-terminated probe; short texts avoid the heap. */
  char small[256];
  char *probe = len < sizeof small ? small : g_malloc(len + 1);
  memcpy(probe, s, len);
  probe[len] = '\0';
  gpointer found = g_hash_table_lookup(st->ids, probe);
  hg_str id;
  if (found) {
    id = GPOINTER_TO_UINT(found);
  } else {
    const char *copy = g_string_chunk_insert_len(st->chunk, s, (gssize)len);
    id = st->texts->len;
    g_ptr_array_add(st->texts, (gpointer)copy);
    g_hash_table_insert(st->ids, (gpointer)copy, GUINT_TO_POINTER(id));
  }
  if (probe != small)
    g_free(probe);
  return id;
}

const char *hg_store_str(const hg_store *st, hg_str id) {
  if (!st || id >= st->texts->len)
    return "";
  return g_ptr_array_index(st->texts, id);
}

hg_str hg_store_lookup(const hg_store *st, const char *s) {
  if (!s || !*s)
    return 0;
  return GPOINTER_TO_UINT(g_hash_table_lookup(st->ids, s));
}

uint32_t hg_store_add_source(hg_store *st, const char *name) {
  g_ptr_array_add(st->sources, g_strdup(name ? name : ""));
  return st->sources->len - 1;
}

const char *hg_store_source_name(const hg_store *st, uint32_t source) {
  if (!st || source >= st->sources->len)
    return "";
  return g_ptr_array_index(st->sources, source);
}

size_t hg_store_nsources(const hg_store *st) {
  return st->sources->len;
}

static void make_key(const hg_obs *o, obs_key *k) {
  memset(k, 0, sizeof *k);
  k->indicator_id = o->indicator_id;
  k->area_code = o->area_code;
  k->period_text = o->period_text;
  k->sex = o->sex;
  k->age = o->age;
  k->category_type = o->category_type;
  k->category = o->category;
}

long hg_store_find(const hg_store *st, const hg_obs *obs) {
  obs_key k;
  make_key(obs, &k);
  gpointer row = g_hash_table_lookup(st->keys, &k);
  return row ? (long)GPOINTER_TO_SIZE(row) - 1 : -1;
}

/* Columns grow by doubling, all at once, and rows are written in place: one
 * g_array_append_val per column per row costs more than parsing the numbers. */
static void grow(hg_store *st) {
  size_t cap = st->cap ? st->cap * 2 : 1024;
#define GROW(f) g_array_set_size(st->f, (guint)cap);
  HG_STR_COLUMNS(GROW)
  HG_NUM_COLUMNS(GROW)
  GROW(period)
  GROW(value_state)
  GROW(source)
  GROW(line)
  st->cap = cap;
}

/* Writes o into row st->n of every column (growing them first if full); the
 * caller indexes the key and then counts the row. */
static void put_row(hg_store *st, const hg_obs *o) {
  if (st->n == st->cap)
    grow(st);
  size_t i = st->n;
#define PUT_STR(f) g_array_index(st->f, hg_str, i) = o->f;
#define PUT_NUM(f) g_array_index(st->f, double, i) = o->f;
  HG_STR_COLUMNS(PUT_STR)
  HG_NUM_COLUMNS(PUT_NUM)
#undef PUT_STR
#undef PUT_NUM
  g_array_index(st->period, hg_period, i) = o->period;
  g_array_index(st->value_state, guint8, i) = (guint8)o->value_state;
  g_array_index(st->source, guint32, i) = o->source;
  g_array_index(st->line, long, i) = o->line;
}

hg_status hg_store_append(hg_store *st, const hg_obs *o) {
  if (st->n >= (size_t)UINT32_MAX / 2)
    return HG_ERR_NOMEM; /* ids, row indexes and GArray lengths are 32-bit */
  put_row(st, o);
  obs_key k;
  make_key(o, &k);
  if (!g_hash_table_contains(st->keys, &k)) {
    gpointer stable = g_string_chunk_insert_len(st->keychunk, (const char *)&k, sizeof k);
    g_hash_table_insert(st->keys, stable, GSIZE_TO_POINTER(st->n + 1));
  }
  st->n++;
  return HG_OK;
}

/* Appends a row already known to have a new key (hash computed once less). */
static hg_status append_new_key(hg_store *st, const hg_obs *o, const obs_key *k) {
  if (st->n >= (size_t)UINT32_MAX / 2)
    return HG_ERR_NOMEM;
  put_row(st, o);
  gpointer stable = g_string_chunk_insert_len(st->keychunk, (const char *)k, sizeof *k);
  g_hash_table_insert(st->keys, stable, GSIZE_TO_POINTER(st->n + 1));
  st->n++;
  return HG_OK;
}

hg_status hg_store_append_unique(hg_store *st, const hg_obs *o, long *first) {
  obs_key k;
  make_key(o, &k);
  gpointer row = g_hash_table_lookup(st->keys, &k);
  if (row) {
    *first = (long)GPOINTER_TO_SIZE(row) - 1;
    return HG_OK;
  }
  *first = -1;
  return append_new_key(st, o, &k);
}

size_t hg_store_size(const hg_store *st) {
  return st ? st->n : 0;
}

void hg_store_get(const hg_store *st, size_t i, hg_obs *out) {
  memset(out, 0, sizeof *out);
  if (!st || i >= st->n) {
    out->value = out->lower95 = out->upper95 = out->lower998 = out->upper998 = NAN;
    out->count = out->denominator = NAN;
    return;
  }
#define GET_STR(f) out->f = g_array_index(st->f, hg_str, i);
#define GET_NUM(f) out->f = g_array_index(st->f, double, i);
  HG_STR_COLUMNS(GET_STR)
  HG_NUM_COLUMNS(GET_NUM)
  out->period = g_array_index(st->period, hg_period, i);
  out->value_state = (hg_value_state)g_array_index(st->value_state, guint8, i);
  out->source = g_array_index(st->source, guint32, i);
  out->line = g_array_index(st->line, long, i);
}

void hg_obs_init(hg_obs *obs) {
  memset(obs, 0, sizeof *obs);
  obs->value = obs->lower95 = obs->upper95 = obs->lower998 = obs->upper998 = NAN;
  obs->count = obs->denominator = NAN;
  obs->value_state = HG_VALUE_MISSING;
}

size_t hg_store_nstrings(const hg_store *st) {
  return st->texts->len;
}
