/* store.c: the observation store: interned strings and one array per column.
 *
 * Struct of arrays: later stages scan one or two columns (value, area) over
 * millions of rows, so each column is its own GArray.  Strings live once in a
 * GStringChunk (stable addresses, so hg_store_str pointers never move); the
 * id -> text table is a GPtrArray and text -> id an hg_index (hash_index.h).
 *
 * A key index (indicator, area, period text, sex, age, category type, category)
 * -> first row is kept so that duplicate keys are found in O(1) per row: an
 * hg_index over a hash of the seven interned ids, confirmed against the
 * stored row's ids, so keys are never copied.
 */
#include "healthgap/store.h"
#include "store/hash_index.h"
#include "store/internal.h"

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

struct hg_store {
  GStringChunk *chunk; /* interned texts */
  GPtrArray *texts;    /* id -> const char* (into chunk); [0] = "" */
  GArray *lens;        /* id -> guint32 byte length (texts may hold NUL bytes) */
  hg_index ids;        /* text hash -> id + 1 */
  GPtrArray *sources;  /* g_strdup'd file names */
  hg_index keys;       /* key hash -> first row + 1 */
  int all_clash;       /* hg_store_test_clash_all: every key gets one hash */
  int sealed;          /* hg_store_seal: keys freed, no more appends */
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

/* The seven ids times independent odd constants (so the multiplications
 * overlap), then mixed: slots are chosen by the low bits. */
static guint32 key_hash(const hg_store *st, const hg_obs *o) {
  if (st->all_clash)
    return 1;
  guint64 h = o->indicator_id * 0x9E3779B97F4A7C15ull + o->area_code * 0xBF58476D1CE4E5B9ull +
              o->period_text * 0x94D049BB133111EBull + o->sex * 0xD6E8FEB86659FD93ull +
              o->age * 0xA0761D6478BD642Full + o->category_type * 0xE7037ED1A0B428DBull +
              o->category * 0x8EBC6AF09C88C6E3ull;
  h ^= h >> 32;
  h *= 0xBF58476D1CE4E5B9ull;
  h ^= h >> 29;
  return (guint32)(h ^ (h >> 32));
}

void hg_store_prefetch_key(const hg_store *st, const hg_obs *o) {
#if defined(__GNUC__)
  __builtin_prefetch(hg_index_first(&st->keys, key_hash(st, o)));
#else
  (void)st;
  (void)o;
#endif
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
static hg_slot *key_probe(const hg_store *st, const hg_obs *o, guint32 h) {
  hg_slot *s = hg_index_first(&st->keys, h);
  while (s->id1 && !(s->hash == h && same_key(st, s->id1 - 1, o)))
    s = hg_index_next(&st->keys, s);
  return s;
}

/* The slot holding the text s[0..len), or the empty slot where it would go. */
static hg_slot *text_probe(const hg_store *st, const char *s, size_t len, guint32 h) {
  hg_slot *x = hg_index_first(&st->ids, h);
  for (; x->id1; x = hg_index_next(&st->ids, x)) {
    guint32 id = x->id1 - 1;
    if (x->hash == h && g_array_index(st->lens, guint32, id) == len &&
        memcmp(g_ptr_array_index(st->texts, id), s, len) == 0)
      break;
  }
  return x;
}

hg_store *hg_store_new(void) {
  hg_store *st = g_try_new0(hg_store, 1);
  if (!st)
    return NULL;
  st->chunk = g_string_chunk_new(1 << 16);
  st->texts = g_ptr_array_new();
  st->lens = g_array_new(FALSE, FALSE, sizeof(guint32));
  hg_index_init(&st->ids);
  st->sources = g_ptr_array_new_with_free_func(g_free);
  hg_index_init(&st->keys);
  const char *empty = g_string_chunk_insert_const(st->chunk, "");
  g_ptr_array_add(st->texts, (gpointer)empty);
  guint32 zero = 0;
  g_array_append_val(st->lens, zero);
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

void hg_store_seal(hg_store *st) {
  hg_index_free(&st->keys);
  st->sealed = 1;
}

void hg_store_free(hg_store *st) {
  if (!st)
    return;
  hg_index_free(&st->ids);
  g_array_free(st->lens, TRUE);
  g_ptr_array_free(st->texts, TRUE);
  g_string_chunk_free(st->chunk);
  g_ptr_array_free(st->sources, TRUE);
  hg_index_free(&st->keys);
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
  guint32 h = st->all_clash ? 1 : hg_text_hash(s, len);
  hg_slot *x = text_probe(st, s, len, h);
  if (x->id1)
    return x->id1 - 1;
  const char *copy = g_string_chunk_insert_len(st->chunk, s, (gssize)len);
  hg_str id = st->texts->len;
  guint32 n = (guint32)len;
  g_ptr_array_add(st->texts, (gpointer)copy);
  g_array_append_val(st->lens, n);
  hg_index_fill(&st->ids, x, h, id + 1);
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
  size_t len = strlen(s);
  const hg_slot *x = text_probe(st, s, len, st->all_clash ? 1 : hg_text_hash(s, len));
  return x->id1 ? x->id1 - 1 : 0;
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
  if (st->sealed)
    return -1;
  const hg_slot *k = key_probe(st, obs, key_hash(st, obs));
  return k->id1 ? (long)k->id1 - 1 : -1;
}

/* Records that row `row` (about to be stored) has o's key unless a stored row
 * has it already; returns that earlier row, or -1 when o's key is new. */
static long claim_key(hg_store *st, const hg_obs *o, size_t row) {
  guint32 h = key_hash(st, o);
  hg_slot *k = key_probe(st, o, h);
  if (k->id1)
    return (long)k->id1 - 1;
  hg_index_fill(&st->keys, k, h, (guint32)(row + 1));
  return -1;
}

/* Columns grow by doubling, all at once, and rows are written in place: one
 * g_array_append_val per column per row costs more than parsing the numbers. */
static void set_cap(hg_store *st, size_t cap) {
#define GROW(f) g_array_set_size(st->f, (guint)cap);
  HG_STR_COLUMNS(GROW)
  HG_NUM_COLUMNS(GROW)
  GROW(period)
  GROW(value_state)
  GROW(source)
  GROW(line)
  st->cap = cap;
}

static void grow(hg_store *st) {
  set_cap(st, st->cap ? st->cap * 2 : 1024);
}

void hg_store_reserve(hg_store *st, size_t rows) {
  if (rows > (size_t)UINT32_MAX / 2)
    rows = (size_t)UINT32_MAX / 2;
  if (rows > st->cap)
    set_cap(st, rows);
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
  if (st->sealed)
    return HG_ERR_INVALID;
  if (st->n >= (size_t)UINT32_MAX / 2)
    return HG_ERR_NOMEM; /* ids, row indexes and GArray lengths are 32-bit */
  claim_key(st, o, st->n);
  put_row(st, o);
  return HG_OK;
}

hg_status hg_store_append_unique(hg_store *st, const hg_obs *o, long *first) {
  *first = -1;
  if (st->sealed)
    return HG_ERR_INVALID;
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
