/* store.c: the observation store: interned strings and one array per column.
 *
 * Struct of arrays: later stages scan one or two columns (value, area) over
 * millions of rows, so each column is its own GArray.  Strings live once in a
 * GStringChunk (stable addresses, so hg_store_str pointers never move); the
 * id -> text table is a GPtrArray and text -> id a GHashTable.
 *
 * A key index (indicator, area, period text, sex, age, category type, category)
 * -> first row is kept so that duplicate keys are found in O(1) per row.  The
 * reader consults it for every row, and a GHashTable of copied keys (then of
 * 64-bit key hashes) cost more per row than parsing the row's numbers, mostly
 * in its resizing, so it is a small open-addressing table instead: each slot
 * holds a 64-bit hash of the seven interned ids and the row, keys are never
 * copied (a hash match is confirmed against the stored row's ids, so two keys
 * with one hash are still told apart), and growing reuses the stored hashes.
 */
#include "healthgap/store.h"
#include "store_internal.h"

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

/* One slot of the key index; row1 = row + 1, 0 = empty. */
typedef struct {
  guint64 hash;
  guint32 row1;
} key_slot;

struct hg_store {
  GStringChunk *chunk; /* interned texts */
  GPtrArray *texts;    /* id -> const char* (into chunk); [0] = "" */
  GHashTable *ids;     /* const char* (into chunk) -> GUINT_TO_POINTER(id) */
  GPtrArray *sources;  /* g_strdup'd file names */
  key_slot *keys;      /* key index: keys_mask + 1 slots (a power of two), linear probing */
  size_t keys_mask;
  size_t keys_used;
  int all_clash;       /* hg_store_test_clash_all: every key gets one hash */
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

/* A multiply-xorshift mix of the seven ids: slots are chosen by its low bits. */
static guint64 key_hash(const hg_store *st, const hg_obs *o) {
  if (st->all_clash)
    return 1;
  const guint32 id[] = {o->indicator_id, o->area_code, o->period_text, o->sex,
                        o->age,          o->category_type, o->category};
  guint64 h = 0x9E3779B97F4A7C15ull;
  for (size_t i = 0; i < G_N_ELEMENTS(id); i++) {
    h = (h ^ id[i]) * 0xBF58476D1CE4E5B9ull;
    h ^= h >> 31;
  }
  return h ^ (h >> 29);
}

void hg_store_test_clash_all(hg_store *st) {
  st->all_clash = 1;
}

static int same_key(const hg_store *st, size_t row, const hg_obs *o) {
#define SAME(f) (g_array_index(st->f, hg_str, row) == o->f)
  return SAME(indicator_id) && SAME(area_code) && SAME(period_text) && SAME(sex) && SAME(age) &&
         SAME(category_type) && SAME(category);
#undef SAME
}

/* The slot holding o's key, or the empty slot where it would go. */
static key_slot *key_probe(const hg_store *st, const hg_obs *o, guint64 h) {
  size_t i = (size_t)h & st->keys_mask;
  for (;; i = (i + 1) & st->keys_mask) {
    key_slot *k = &st->keys[i];
    if (!k->row1 || (k->hash == h && same_key(st, k->row1 - 1, o)))
      return k;
  }
}

/* Doubles the index, keeping it at most half full so that probes stay short. */
static void keys_grow(hg_store *st) {
  size_t old_n = st->keys_mask + 1, n = old_n * 2;
  key_slot *old = st->keys;
  st->keys = g_new0(key_slot, n);
  st->keys_mask = n - 1;
  for (size_t j = 0; j < old_n; j++) {
    if (!old[j].row1)
      continue;
    size_t i = (size_t)old[j].hash & st->keys_mask;
    while (st->keys[i].row1)
      i = (i + 1) & st->keys_mask;
    st->keys[i] = old[j];
  }
  g_free(old);
}

hg_store *hg_store_new(void) {
  hg_store *st = g_try_new0(hg_store, 1);
  if (!st)
    return NULL;
  st->chunk = g_string_chunk_new(1 << 16);
  st->texts = g_ptr_array_new();
  st->ids = g_hash_table_new(g_str_hash, g_str_equal);
  st->sources = g_ptr_array_new_with_free_func(g_free);
  st->keys_mask = 1023;
  st->keys = g_new0(key_slot, st->keys_mask + 1);
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
  g_free(st->keys);
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

long hg_store_find(const hg_store *st, const hg_obs *obs) {
  const key_slot *k = key_probe(st, obs, key_hash(st, obs));
  return k->row1 ? (long)k->row1 - 1 : -1;
}

/* Records that row `row` (about to be stored) has o's key unless a stored row
 * has it already; returns that earlier row, or -1 when o's key is new. */
static long claim_key(hg_store *st, const hg_obs *o, size_t row) {
  guint64 h = key_hash(st, o);
  key_slot *k = key_probe(st, o, h);
  if (k->row1)
    return (long)k->row1 - 1;
  k->hash = h;
  k->row1 = (guint32)(row + 1);
  if (++st->keys_used > st->keys_mask / 2)
    keys_grow(st);
  return -1;
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

static void put_row(hg_store *st, const hg_obs *o) {
  if (st->n == st->cap)
    grow(st);
  size_t i = st->n;
#define PUT_STR(f) g_array_index(st->f, hg_str, i) = o->f;
#define PUT_NUM(f) g_array_index(st->f, double, i) = o->f;
  HG_STR_COLUMNS(PUT_STR)
  HG_NUM_COLUMNS(PUT_NUM)
  g_array_index(st->period, hg_period, i) = o->period;
  g_array_index(st->value_state, guint8, i) = (guint8)o->value_state;
  g_array_index(st->source, guint32, i) = o->source;
  g_array_index(st->line, long, i) = o->line;
  st->n++;
}

hg_status hg_store_append(hg_store *st, const hg_obs *o) {
  if (st->n >= (size_t)UINT32_MAX / 2)
    return HG_ERR_NOMEM; /* ids, row indexes and GArray lengths are 32-bit */
  claim_key(st, o, st->n);
  put_row(st, o);
  return HG_OK;
}

hg_status hg_store_append_unique(hg_store *st, const hg_obs *o, long *first) {
  if (st->n >= (size_t)UINT32_MAX / 2)
    return HG_ERR_NOMEM;
  *first = claim_key(st, o, st->n);
  if (*first < 0)
    put_row(st, o);
  return HG_OK;
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
