/* engine/hash_index.h: the open-addressing index behind the store's string
 * interning and duplicate-key check (internal, not public API).
 *
 * Both are asked once per field or row, millions of times per file, and
 * GHashTable cost more there than parsing the row: a second hash of the text
 * on insert, a copied key per row and, above all, its resizing.  This index
 * maps a 32-bit hash to a 32-bit id (8 bytes a slot, so that the index of a
 * few million rows stays small for the caches) and owns nothing else: the caller keeps
 * the keys (interned texts, stored rows) and confirms a hash match against
 * them, so two keys with one hash are still told apart.  Linear probing in a
 * power-of-two table kept at most half full; growing reuses stored hashes.
 *
 *   for (s = hg_index_first(x, h); s->id1; s = hg_index_next(x, s))
 *     if (s->hash == h && key_of(s->id1 - 1) == wanted) return found;
 *   hg_index_fill(x, s, h, id + 1);  // s: the empty slot the loop stopped at
 */
#ifndef HG_HASH_INDEX_H
#define HG_HASH_INDEX_H

#include <glib.h>
#include <stddef.h>
#include <string.h>

typedef struct {
  guint32 hash; /* also gives the first slot tried: hash & mask (rows < 2^31, so
                   the table never needs more than 32 bits of position) */
  guint32 id1;  /* id + 1; 0 = empty slot */
} hg_slot;

typedef struct {
  hg_slot *slots; /* mask + 1 slots */
  size_t mask;
  size_t used;
} hg_index;

/* An empty index (g_new0: aborts on allocation failure like every GLib container). */
void hg_index_init(hg_index *x);
void hg_index_free(hg_index *x);

static inline hg_slot *hg_index_first(const hg_index *x, guint32 hash) {
  return &x->slots[(size_t)hash & x->mask];
}

static inline hg_slot *hg_index_next(const hg_index *x, const hg_slot *s) {
  return &x->slots[(size_t)(s - x->slots + 1) & x->mask];
}

/* Fills the empty slot s (from a probe of hash) and grows the index when half
 * full: slot pointers are invalid afterwards. */
void hg_index_fill(hg_index *x, hg_slot *s, guint32 hash, guint32 id1);

/* A hash of s[0..len), eight bytes per step (texts are 2-60 bytes). */
static inline guint32 hg_text_hash(const char *s, size_t len) {
  const guint64 k = 0xBF58476D1CE4E5B9ull;
  guint64 h = 0x9E3779B97F4A7C15ull ^ len, w;
  size_t i = 0;
  for (; i + 8 <= len; i += 8) {
    memcpy(&w, s + i, 8);
    h = (h ^ w) * k;
    h ^= h >> 31;
  }
  if (i < len) { /* the last 1-7 bytes, read without passing the end */
    size_t n = len - i;
    if (len >= 8) {
      memcpy(&w, s + len - 8, 8); /* overlaps bytes already hashed: harmless */
    } else if (n >= 4) {
      guint32 a, b;
      memcpy(&a, s + i, 4);
      memcpy(&b, s + len - 4, 4);
      w = (guint64)a << 32 | b;
    } else {
      w = (guint64)(unsigned char)s[i] << 16 | (guint64)(unsigned char)s[i + n / 2] << 8 |
          (unsigned char)s[len - 1];
    }
    h = (h ^ w) * k;
    h ^= h >> 31;
  }
  h *= k;
  h ^= h >> 29;
  return (guint32)(h ^ (h >> 32));
}

#endif
