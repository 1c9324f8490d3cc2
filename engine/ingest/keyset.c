/* keyset.c: the row keys of a read that does not keep its rows
 * (hg_read_options.keys_only; healthgap validate).
 *
 * A duplicate can only be found by remembering every key seen, so this is
 * the one part of such a read that grows with its rows; it is kept small and
 * exact (no hash is trusted without confirmation):
 *  - the key without its area (indicator, period text, sex, age, category
 *    type, category: six interned ids) is numbered once in `contexts`; there
 *    are few of them (an export repeats each for every area), and each costs
 *    24 bytes plus its index slot;
 *  - a row's key is then exactly (context number + 1) << 32 | area id, 64 bits
 *    that are never 0 (0 marks an empty slot), stored with where it was first
 *    seen (source << 40 | line) in a table of 16-byte slots kept at most 3/4
 *    full: 21 to 43 bytes per distinct row key, growing by doubling.
 * Interned ids are the store's, so one set serves every file read into one
 * store, as the store's own key index does. */
#include "ingest/internal.h"
#include "store/hash_index.h"

#include <glib.h>

typedef struct {
  guint64 key;   /* 0 = empty */
  guint64 where; /* source << 40 | line */
} key_slot;

typedef struct {
  hg_str id[6]; /* indicator, period text, sex, age, category type, category */
} key_context;

enum { LINE_BITS = 40, FIRST_SLOTS = 1024 };

struct hg_key_set {
  hg_index ctx_index; /* context hash -> number + 1 */
  GArray *contexts;   /* key_context, by number */
  key_slot *slots;
  size_t mask, used;
};

hg_key_set *hg_key_set_new(void) {
  hg_key_set *ks = g_new0(hg_key_set, 1);
  hg_index_init(&ks->ctx_index);
  ks->contexts = g_array_new(FALSE, FALSE, sizeof(key_context));
  ks->slots = g_new0(key_slot, FIRST_SLOTS);
  ks->mask = FIRST_SLOTS - 1;
  return ks;
}

void hg_key_set_free(hg_key_set *ks) {
  if (!ks)
    return;
  hg_index_free(&ks->ctx_index);
  g_array_free(ks->contexts, TRUE);
  g_free(ks->slots);
  g_free(ks);
}

size_t hg_key_set_size(const hg_key_set *ks) {
  return ks ? ks->used : 0;
}

static guint64 mix64(guint64 h) {
  h ^= h >> 33;
  h *= 0xFF51AFD7ED558CCDull;
  h ^= h >> 33;
  h *= 0xC4CEB9FE1A85EC53ull;
  return h ^ (h >> 33);
}

/* The number of o's key without its area, numbered on first sight. */
static guint32 context_of(hg_key_set *ks, const hg_obs *o) {
  const key_context c = {
      {o->indicator_id, o->period_text, o->sex, o->age, o->category_type, o->category}};
  guint64 h = 0;
  for (int k = 0; k < 6; k++)
    h = mix64(h ^ c.id[k]);
  guint32 h32 = (guint32)h;
  hg_slot *s = hg_index_first(&ks->ctx_index, h32);
  for (; s->id1; s = hg_index_next(&ks->ctx_index, s))
    if (s->hash == h32 &&
        memcmp(&g_array_index(ks->contexts, key_context, s->id1 - 1), &c, sizeof c) == 0)
      return s->id1 - 1;
  guint32 id = ks->contexts->len;
  g_array_append_val(ks->contexts, c);
  hg_index_fill(&ks->ctx_index, s, h32, id + 1);
  return id;
}

static key_slot *probe(const hg_key_set *ks, guint64 key) {
  size_t i = (size_t)mix64(key) & ks->mask;
  while (ks->slots[i].key && ks->slots[i].key != key)
    i = (i + 1) & ks->mask;
  return &ks->slots[i];
}

static void grow(hg_key_set *ks) {
  key_slot *old = ks->slots;
  size_t n = ks->mask + 1;
  ks->slots = g_new0(key_slot, n * 2);
  ks->mask = n * 2 - 1;
  for (size_t i = 0; i < n; i++)
    if (old[i].key)
      *probe(ks, old[i].key) = old[i];
  g_free(old);
}

int hg_key_set_claim(hg_key_set *ks, const hg_obs *o, uint32_t *first_source, long *first_line) {
  guint64 key = (guint64)(context_of(ks, o) + 1) << 32 | o->area_code;
  key_slot *s = probe(ks, key);
  if (s->key) {
    *first_source = (uint32_t)(s->where >> LINE_BITS);
    *first_line = (long)(s->where & (((guint64)1 << LINE_BITS) - 1));
    return 1;
  }
  guint64 line = o->line > 0 ? (guint64)o->line : 0;
  s->key = key;
  s->where = (guint64)o->source << LINE_BITS | MIN(line, ((guint64)1 << LINE_BITS) - 1);
  if (++ks->used > ks->mask / 4 * 3)
    grow(ks);
  return 0;
}
