/* project.c: a file read as grouped number columns (ingest/project.h).
 *
 * The file is mapped, not read: fields are read where they lie and nothing
 * writes to the input, so its pages are the page cache's, which cost no
 * zeroing and no copy.  Only the columns asked for are read: each
 * row's group key (its key fields, each as a 4-byte length and its bytes)
 * becomes the index of a distinct key, found by a hash unless it is the key of
 * the row before (a sorted file's rows come a group at a time), and its number
 * columns are folded into that key's sum; no row is kept.  With two threads
 * the file is cut at the line end nearest its middle and the halves are read
 * at once (a quoted field holding a line end declines its part, so a cut
 * that falls inside one declines the file);
 * the second half's keys and sums are then merged into the first's
 * (merge_parts), so that keys are in order of first appearance and each sum
 * has met its rows in file order.
 *
 * Every field is the one hg_table_read would give.  Fields are plain or
 * simply quoted (no quote or line end inside), and for those libcsv's rules
 * come down to a split on commas and line ends with blanks trimmed (split),
 * done here in a sixth of libcsv's time; any other quote declines the file.
 * A number cell is read as the methods read a table's (hg_parse_cell).
 * Whatever this reader cannot take the same way, it declines (project.h). */
#include "healthgap/filekind.h"
#include "healthgap/memory.h"
#include "ingest/project.h"
#include "ingest/rowsplit.h"
#include "ingest/table_reader.h"

#include <fcntl.h>
#include <glib.h>
#include <math.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

enum {
  PROJECT_MIN = 1 << 20, /* below this a table is as quick */
  KEY_MAX = 4096,        /* bytes of one row's key */
  SEEN = 64,             /* converted texts remembered per part */
  SEEN_TEXT = 32,        /* bytes of a remembered text */
  SKIP = -1              /* the role of a column not asked for */
};

/* What the parts share, read-only while they parse. */
typedef struct plan {
  size_t width;    /* the header's fields */
  int *role;       /* per column: SKIP, a key field (0 .. nkey-1) or nkey + number column */
  size_t nkey;     /* key columns */
  size_t *key_arg; /* per key field, in file order: its index in spec->group_by */
  size_t *key_col; /* per key field, in file order: its column */
  size_t nnum;
  size_t *num_col;             /* per number column (spec->numbers' order): its column */
  const hg_project_spec *spec; /* its fold */
} plan;

/* One part of the file, read on its own thread. */
typedef struct part {
  /* Each part on cache lines of its own: the two threads write their parts
   * at every row, and a line shared by a's end and b's start made both
   * halves as slow as the whole file. */
  _Alignas(128) const plan *pl;
  const char *data;
  size_t len;
  size_t nrows;
  int declined;
  guint8 cur[KEY_MAX]; /* the row's key so far (longer keys are declined), made only
                          once it differs from the row before's */
  size_t cur_len;
  long same; /* bytes of the row before's key the row's has matched so far; -1:
                it differs (its key is in cur) */
  double values[HG_PROJECT_MAX_NUMBERS]; /* the row's numbers */
  char cell[KEY_MAX + 1];                /* a converted cell, NUL-ended (longer: declined) */
  const char **start;                    /* the row's fields: where each starts */
  size_t *flen;                          /* and its length */
  struct {                               /* texts converted (spec->convert), and
                                            their numbers: age bands cycle */
    size_t col, len;
    char text[SEEN_TEXT];
    double value;
  } seen[SEEN];
  size_t nseen;
  GHashTable *ids; /* key (a record) -> index + 1 */
  GPtrArray *keys; /* index -> key: a record in a part's arena (record_key) */
  guint8 *arena;   /* the part's key records, one after another (reserved: never
                      moves, touched only as far as keys go) */
  size_t arena_len, arena_cap;
  size_t sums_ready, last_ready, arena_ready; /* bytes of each made present (ahead) */
  guint8 *sums;       /* index -> its sum (spec->sum_size bytes, zeroed at first) */
  size_t *last;       /* index -> the part's last row of the key */
  size_t max_keys;    /* sums and last hold this many: the bound of rows (bytes over
                         width), address space touched only as far as keys go, so
                         that they never grow by copying */
  const guint8 *prev; /* the key of the row before (its bytes), and its index */
  size_t prev_len;
  uint32_t prev_id;
  /* Folding again (fold_again): only rows of keys marked in again, into
   * target's sums by map, up to row stop. */
  const guint8 *again;
  const uint32_t *map;
  guint8 *target;
  size_t stop;
} part;

/* A key field of the row (key fields come in file order).  A sorted file's
 * rows mostly repeat the key before: compared, not copied. */
static inline void key_field(part *pt, const char *s, size_t len) {
  guint32 n = (guint32)len;
  if (pt->same >= 0) {
    size_t at = (size_t)pt->same;
    guint32 m;
    if (at + sizeof m + len <= pt->prev_len && (memcpy(&m, pt->prev + at, sizeof m), m == n) &&
        memcmp(pt->prev + at + sizeof m, s, len) == 0) {
      pt->same = (long)(at + sizeof m + len);
      return;
    }
    memcpy(pt->cur, pt->prev, at); /* it differs here: the key so far, then on */
    pt->cur_len = at;
    pt->same = -1;
  }
  if (pt->cur_len + sizeof n + len > KEY_MAX) {
    pt->declined = 1;
    return;
  }
  memcpy(pt->cur + pt->cur_len, &n, sizeof n);
  memcpy(pt->cur + pt->cur_len + sizeof n, s, len);
  pt->cur_len += sizeof n + len;
}

/* Number column k's cell of the row into pt->values[k]. */
static inline void number_field(part *pt, size_t k, const char *s, size_t len) {
  const hg_project_convert *cv = pt->pl->spec->convert;
  if (!cv || !cv[k]) { /* NA and empty are NAN (missing), for the method to judge */
    if (hg_parse_cell_len(s, len, &pt->values[k]) == HG_NUM_INVALID)
      pt->declined = 1;
    return;
  }
  /* A converter takes a text ended as libcsv ends a field (CSV_APPEND_NULL):
   * the field is the file's bytes, so it gets a copy. */
  if (len >= sizeof pt->cell) {
    pt->declined = 1;
    return;
  }
  memcpy(pt->cell, s, len);
  pt->cell[len] = '\0';
  s = pt->cell;
  for (size_t i = 0; i < pt->nseen; i++)
    if (pt->seen[i].col == k && pt->seen[i].len == len && memcmp(pt->seen[i].text, s, len) == 0) {
      pt->values[k] = pt->seen[i].value;
      return;
    }
  if (!cv[k](s, len, &pt->values[k], pt->pl->spec->convert_data)) {
    pt->declined = 1;
    return;
  }
  if (pt->nseen < SEEN && len <= SEEN_TEXT) {
    pt->seen[pt->nseen].col = k;
    pt->seen[pt->nseen].len = len;
    memcpy(pt->seen[pt->nseen].text, s, len);
    pt->seen[pt->nseen++].value = pt->values[k];
  }
}

/* Makes [base, base + need) present a step ahead of need, with one call
 * (hg_mem_populate) where a key at a time would fault each fresh page of a
 * part's sums, rows and arena on its own (page-aligned: base is a mapping's). */
static void ahead(void *base, size_t cap, size_t *ready, size_t need) {
  enum { STEP = 64 << 10, PAGE = 4096 };
  if (need <= *ready)
    return;
  size_t to = (need + STEP + PAGE - 1) / PAGE * PAGE;
  if (to > cap)
    to = cap;
  if (to > *ready)
    hg_mem_populate((guint8 *)base + *ready, to - *ready);
  *ready = to;
}

/* A distinct key is kept as a record: its length (4 bytes), then its bytes,
 * in the part's arena, one allocation for all, where one GBytes a key took
 * two (the peer's 19,660 keys: 39,000 mallocs and their fresh pages). */
static const guint8 *record_key(const guint8 *r, size_t *len) {
  guint32 n;
  memcpy(&n, r, sizeof n);
  *len = n;
  return r + sizeof n;
}

static size_t record_size(const guint8 *r) {
  size_t n;
  record_key(r, &n);
  return n;
}

static guint record_hash(gconstpointer r) {
  size_t n;
  const guint8 *k = record_key(r, &n);
  guint h = 5381; /* g_bytes_hash's */
  for (size_t i = 0; i < n; i++)
    h = (h << 5) + h + k[i];
  return h;
}

static gboolean record_equal(gconstpointer a, gconstpointer b) {
  size_t m, n;
  const guint8 *x = record_key(a, &m), *y = record_key(b, &n);
  return m == n && memcmp(x, y, n) == 0;
}

/* The index of the row's key in the part, added if new. */
static uint32_t key_index(part *pt, size_t klen, long same) {
  if (same >= 0 && (size_t)same == pt->prev_len)
    return pt->prev_id;
  if (same >= 0) { /* all its key fields matched but not the whole key: cannot be */
    pt->declined = 1;
    return 0;
  }
  /* The record is written at the arena's end, and kept only if it is new. */
  guint8 *k = pt->arena + pt->arena_len;
  guint32 n = (guint32)klen;
  if (pt->arena_cap - pt->arena_len < sizeof n + klen) { /* cannot be: see part_init */
    pt->declined = 1;
    return 0;
  }
  ahead(pt->arena, pt->arena_cap, &pt->arena_ready, pt->arena_len + sizeof n + klen);
  memcpy(k, &n, sizeof n);
  memcpy(k + sizeof n, pt->cur, klen);
  gpointer v = g_hash_table_lookup(pt->ids, k);
  uint32_t id;
  if (v) {
    id = GPOINTER_TO_UINT(v) - 1;
  } else {
    id = pt->keys->len;
    pt->arena_len += sizeof n + klen;
    g_ptr_array_add(pt->keys, k);
    g_hash_table_insert(pt->ids, k, GUINT_TO_POINTER(id + 1));
    if (id >= pt->max_keys) { /* cannot be: a key is a row */
      pt->declined = 1;
      return id;
    }
    size_t size = pt->pl->spec->sum_size;
    ahead(pt->sums, pt->max_keys * size, &pt->sums_ready, (id + 1) * size);
    ahead(pt->last, pt->max_keys * sizeof *pt->last, &pt->last_ready, (id + 1) * sizeof *pt->last);
    memset(pt->sums + id * size, 0, size);
  }
  pt->prev = record_key(pt->keys->pdata[id], &pt->prev_len);
  pt->prev_id = id;
  return id;
}

/* A row of width fields (start and length of each): its key, its numbers,
 * then its fold into its key's sum. */
static void on_row(part *pt, const char *const *start, const size_t *len) {
  const plan *pl = pt->pl;
  pt->cur_len = 0;
  pt->same = pt->prev ? 0 : -1;
  for (size_t f = 0; f < pl->nkey && !pt->declined; f++)
    key_field(pt, start[pl->key_col[f]], len[pl->key_col[f]]);
  for (size_t k = 0; k < pl->nnum && !pt->declined; k++)
    number_field(pt, k, start[pl->num_col[k]], len[pl->num_col[k]]);
  if (pt->declined)
    return;
  const hg_project_spec *spec = pl->spec;
  uint32_t id = key_index(pt, pt->cur_len, pt->same);
  if (pt->declined)
    return;
  size_t row = pt->nrows++;
  if (pt->again) {
    if (pt->again[id] &&
        !spec->fold(pt->target + (size_t)pt->map[id] * spec->sum_size, pt->values, spec->fold_data))
      pt->declined = 1;
    return;
  }
  pt->last[id] = row;
  if (!spec->fold(pt->sums + (size_t)id * spec->sum_size, pt->values, spec->fold_data))
    pt->declined = 1;
}

/* The part's fields and rows, as libcsv gives them with CSV_OPTIONS: a CR or
 * LF ends a row, a comma a field, spaces and tabs at either end of a field
 * not quoted are dropped, and a line of only those is a row of no fields
 * (CSV_REPALL_NL), which is skipped as the table skips a blank line; a CR LF
 * is a row, then such a blank one.  A quoted field is taken only in its
 * simple form (below); any other quote declines the part.  Splitting here
 * rather than through csv_parse costs a sixth of libcsv's per-byte state
 * machine (5 ms against 30 ms on the peer's 15 MB), which for such text has
 * nothing left to decide; fuzz/fuzz_project.c checks that the two agree.  A
 * NUL is a byte like any other, as for libcsv: it ends a number cell as in
 * the table (hg_parse_cell), and keys that differ only after one are fewer
 * groups than keys, which the caller declines. */
static void split(part *pt) {
  const unsigned char *p = (const unsigned char *)pt->data, *e = p + pt->len;
  size_t width = pt->pl->width;
  const char **start = pt->start;
  size_t *len = pt->flen;
  while (p < e && !pt->declined && pt->nrows <= pt->stop) {
    /* a plain row sixteen bytes at a time (rowsplit.h); else byte by byte */
    const unsigned char *next;
    int end;
    long plain = hg_split_plain_row(p, e, start, len, width, &next, &end);
    if (plain >= 0) {
      p = next;
      if (plain == 0) /* a blank line: no row here either */
        continue;
      if ((size_t)plain != width) {
        pt->declined = 1;
        return;
      }
      on_row(pt, start, len);
      continue;
    }
    size_t n = 0;
    int begun = 0; /* a field seen in the row (libcsv's ROW_NOT_BEGUN left) */
    for (;;) {
      while (p < e && hg_split_blank(*p))
        p++;
      const unsigned char *s = p, *t;
      int quoted = p < e && *p == '"';
      if (quoted) {
        /* A quoted field (R's write.csv quotes every text): libcsv gives
         * what lies between the quotes, blanks and all.  Taken when that
         * holds no quote ("" would need unescaping) and no line end, and
         * only blanks follow the closing quote before the comma or line
         * end; anything else is declined, for the table to read or report. */
        const unsigned char *close = memchr(p + 1, '"', (size_t)(e - p - 1));
        if (!close || memchr(p + 1, '\n', (size_t)(close - p - 1)) ||
            memchr(p + 1, '\r', (size_t)(close - p - 1))) {
          pt->declined = 1;
          return;
        }
        s = p + 1;
        t = close;
        p = close + 1;
        while (p < e && hg_split_blank(*p))
          p++;
        if (p < e && *p != ',' && *p != '\n' && *p != '\r') {
          pt->declined = 1;
          return;
        }
      } else {
        while (p < e && !hg_split_stops[*p])
          p++;
        t = p;
        while (t > s && hg_split_blank(t[-1]))
          t--;
        if (p < e && *p == '"') { /* a quote inside a field: libcsv's strict error */
          pt->declined = 1;
          return;
        }
      }
      int comma = p < e && *p == ',';
      if (comma || begun || quoted || t > s) {
        if (n < width) {
          start[n] = (const char *)s;
          len[n] = (size_t)(t - s);
        }
        n++;
      }
      p += p < e; /* the comma, CR or LF */
      if (!comma)
        break;
      begun = 1;
    }
    if (n == 0) /* a blank line: no row here either */
      continue;
    if (n != width) {
      pt->declined = 1;
      return;
    }
    on_row(pt, start, len);
  }
}

static gpointer read_part(gpointer data) {
  split(data);
  return NULL;
}

/* Address space for n elements of size bytes, touched (and paid for) only as
 * far as used; NULL if the system will not give it.  Small pages: the peer's
 * 19,660 keys touch 1 MB of sums and rows, and a huge page zeroes 2 MB at
 * each first touch, so huge pages made four such zeroings of 2 MB (peer DSR
 * 65 -> 60 ms mean of 30). */
static void *reserve(size_t n, size_t size) {
  if (n > SIZE_MAX / size)
    return NULL;
  void *p = mmap(NULL, n * size, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED)
    return NULL;
  return p;
}

static void release(void *p, size_t n, size_t size) {
  if (p)
    munmap(p, n * size);
}

/* max_keys: the keys the part's sums must hold, its own and, for the first
 * part, the second's after merge_parts. */
static void part_init(part *pt, const plan *pl, const char *data, size_t len, size_t max_keys) {
  *pt = (part){
      .pl = pl, .data = data, .len = len, .stop = SIZE_MAX, .max_keys = max_keys, .same = -1};
  pt->ids = g_hash_table_new(record_hash, record_equal);
  pt->keys = g_ptr_array_new();
  /* A key is its row's key fields, each with 4 bytes of length, and 4 more:
   * the part's bytes and 4 (nkey + 1) a row (a row per key at most). */
  pt->arena_cap = len + (max_keys + 1) * 4 * (pl->nkey + 1) + KEY_MAX + sizeof(guint32);
  pt->arena = reserve(pt->arena_cap, 1);
  pt->sums = reserve(max_keys, pl->spec->sum_size);
  pt->last = reserve(max_keys, sizeof(size_t));
  pt->start = g_new(const char *, pl->width);
  pt->flen = g_new(size_t, pl->width);
  if (!pt->sums || !pt->last || !pt->arena)
    pt->declined = 1;
}

static void part_clear(part *pt) {
  if (pt->ids)
    g_hash_table_destroy(pt->ids);
  if (pt->keys)
    g_ptr_array_free(pt->keys, TRUE);
  if (pt->pl) {
    release(pt->sums, pt->max_keys, pt->pl->spec->sum_size);
    release(pt->last, pt->max_keys, sizeof(size_t));
  }
  release(pt->arena, pt->arena_cap, 1);
  g_free(pt->start);
  g_free(pt->flen);
}

/* The second part's keys and sums into the first's (a's indices stay).  A
 * key only b has keeps b's sum.  A key both have must go on from a's sum
 * with b's rows in their order (a fold is not associative: adding b's sum
 * would change the last bits), so b's rows of such keys are folded again,
 * from b's start to the last of them: one row for a sorted file (the key cut
 * in two), the whole part for a file whose groups are spread through it.
 * 0 if folding again declines. */
static int merge_parts(const plan *pl, part *a, part *b) {
  size_t size = pl->spec->sum_size, na = a->keys->len, stop = 0;
  uint32_t *map = g_new(uint32_t, b->keys->len ? b->keys->len : 1);
  guint8 *again = g_new0(guint8, b->keys->len ? b->keys->len : 1);
  int shared = 0;
  for (guint j = 0; j < b->keys->len; j++) {
    gpointer k = b->keys->pdata[j];
    gpointer v = g_hash_table_lookup(a->ids, k);
    if (v) {
      map[j] = GPOINTER_TO_UINT(v) - 1;
      again[j] = 1;
      shared = 1;
      stop = MAX(stop, b->last[j]);
    } else {
      map[j] = a->keys->len; /* b's record (b outlives a's keys); a's hash is done with */
      g_ptr_array_add(a->keys, k);
    }
  }
  ahead(a->sums, a->max_keys * size, &a->sums_ready, a->keys->len * size);
  for (guint j = 0; j < b->keys->len; j++)
    if (map[j] >= na)
      memcpy(a->sums + (size_t)map[j] * size, b->sums + (size_t)j * size, size);
  int ok = 1;
  if (shared) {
    part c = *b; /* b's keys and hash, parsed again from its start */
    c.nrows = c.cur_len = 0;
    c.prev = NULL;
    c.same = -1;
    c.again = again;
    c.map = map;
    c.target = a->sums;
    c.stop = stop;
    read_part(&c);
    ok = !c.declined;
  }
  g_free(map);
  g_free(again);
  return ok;
}

/* The distinct keys as a table: the group_by columns, named as in the header,
 * a row per key (made here, not parsed: the texts are the parser's already). */
static hg_table *keys_table(const char *name, const hg_table *header, const hg_project_spec *spec,
                            const plan *pl, const long *gcol, GPtrArray *keys) {
  size_t ncols = spec->n_group_by, bytes = 0;
  for (size_t g = 0; g < ncols; g++)
    bytes += strlen(hg_table_colname(header, (size_t)gcol[g])) + 1;
  for (guint i = 0; i < keys->len; i++)
    bytes += record_size(keys->pdata[i]); /* a length's 4 bytes hold its NUL */
  if (bytes >= G_MAXUINT || (size_t)keys->len * ncols >= G_MAXUINT)
    return NULL;
  hg_table *t = g_new0(hg_table, 1);
  t->name = g_strdup(name);
  t->ncols = ncols;
  t->arena = g_byte_array_sized_new((guint)bytes);
  t->cells = g_array_sized_new(FALSE, FALSE, sizeof(guint), (guint)(keys->len * ncols));
  t->rows = g_array_sized_new(FALSE, FALSE, sizeof(row_ix), keys->len);
  /* Written through at once: made present with a call each, not a fault a page. */
  hg_mem_populate(t->arena->data, bytes);
  hg_mem_populate(t->cells->data, (size_t)keys->len * ncols * sizeof(guint));
  hg_mem_populate(t->rows->data, (size_t)keys->len * sizeof(row_ix));
  t->bad = g_array_new(FALSE, FALSE, sizeof(hg_table_bad));
  guint *names = g_new(guint, ncols), *cell = g_new(guint, ncols);
  for (size_t g = 0; g < ncols; g++) {
    const char *nm = hg_table_colname(header, (size_t)gcol[g]);
    names[g] = t->arena->len;
    g_byte_array_append(t->arena, (const guint8 *)nm, (guint)strlen(nm) + 1);
  }
  for (guint i = 0; i < keys->len; i++) {
    size_t size;
    const guint8 *k = record_key(keys->pdata[i], &size), *e = k + size;
    for (size_t f = 0; f < pl->nkey && k + sizeof(guint32) <= e; f++) {
      guint32 n;
      memcpy(&n, k, sizeof n);
      cell[pl->key_arg[f]] = t->arena->len; /* fields come in file order */
      g_byte_array_append(t->arena, k + sizeof n, n);
      g_byte_array_append(t->arena, (const guint8 *)"", 1);
      k += sizeof n + n;
    }
    row_ix r = {.first = t->cells->len, .width = (guint)ncols, .line = 0};
    g_array_append_vals(t->cells, cell, (guint)ncols);
    g_array_append_val(t->rows, r);
  }
  t->colnames = g_new(char *, ncols);
  for (size_t g = 0; g < ncols; g++) /* the arena has stopped moving */
    t->colnames[g] = (char *)t->arena->data + names[g];
  g_free(names);
  g_free(cell);
  return t;
}

void hg_project_sums_free(hg_project_sums *p) {
  if (!p)
    return;
  hg_table_free(p->keys);
  if (p->sums)
    munmap(p->sums, p->sums_bytes);
  g_free(p);
}

/* The plan: every column asked for found once, and no series column unchecked. */
static int make_plan(plan *pl, const hg_table *header, const hg_project_spec *spec, long *gcol) {
  pl->width = hg_table_ncols(header);
  pl->role = g_new(int, pl->width);
  for (size_t j = 0; j < pl->width; j++)
    pl->role[j] = SKIP;
  pl->nkey = spec->n_group_by;
  pl->nnum = spec->n_numbers;
  pl->spec = spec;
  if (pl->nnum > HG_PROJECT_MAX_NUMBERS || !spec->fold || !spec->sum_size)
    return 0;
  for (size_t i = 0; i < pl->nkey + pl->nnum; i++) {
    const char *name = i < pl->nkey ? spec->group_by[i] : spec->numbers[i - pl->nkey];
    long c = name ? hg_table_col(header, name) : -1;
    if (c < 0 || pl->role[c] != SKIP)
      return 0;
    pl->role[c] = (int)i;
    if (i < pl->nkey)
      gcol[i] = c;
  }
  pl->key_arg = g_new(size_t, pl->nkey ? pl->nkey : 1);
  pl->key_col = g_new(size_t, pl->nkey ? pl->nkey : 1);
  pl->num_col = g_new(size_t, pl->nnum ? pl->nnum : 1);
  size_t f = 0;
  for (size_t j = 0; j < pl->width; j++)
    if (pl->role[j] != SKIP && (size_t)pl->role[j] < pl->nkey) {
      pl->key_col[f] = j;
      pl->key_arg[f++] = (size_t)pl->role[j];
    } else if (pl->role[j] != SKIP) {
      pl->num_col[(size_t)pl->role[j] - pl->nkey] = j;
    }
  const char **group = g_new0(const char *, pl->nkey + 1);
  memcpy(group, spec->group_by, pl->nkey * sizeof *group);
  int ok = hg_table_series_unchecked(header, group, spec->exempt);
  g_free(group);
  return ok;
}

/* The file's first line as a table of no rows; NULL if it is blank or odd. */
static hg_table *read_header(const char *path, const char *data, size_t len, size_t *end) {
  size_t bom = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
  const char *nl = memchr(data, '\n', len);
  if (!nl || bom >= (size_t)(nl - data))
    return NULL;
  size_t n = (size_t)(nl - data);
  const char *cr = memchr(data, '\r', n);
  /* a lone CR ends a row for libcsv: only CR LF is taken; quoted names are
   * the table's reader's to read, but one holding a line end would leave
   * this line's quotes odd (unclosed), and the line not the header */
  size_t quotes = 0;
  for (const char *q = data; (q = memchr(q, '"', n - (size_t)(q - data))) != NULL; q++)
    quotes++;
  if (data[bom] == '\r' || (cr && cr != nl - 1) || quotes % 2)
    return NULL;
  hg_table *t = NULL;
  hg_error err;
  hg_error_clear(&err);
  if (hg_table_read_mem(path, data, n + 1, NULL, &t, &err) != HG_OK || hg_table_nrows(t) != 0) {
    hg_table_free(t);
    return NULL;
  }
  *end = n + 1;
  return t;
}

static hg_project_sums *project(const char *path, const char *data, size_t len,
                                const hg_project_spec *spec) {
  size_t start = 0;
  hg_table *header = read_header(path, data, len, &start);
  if (!header)
    return NULL;
  plan pl = {0};
  long *gcol = g_new(long, spec->n_group_by ? spec->n_group_by : 1);
  hg_project_sums *out = NULL;
  part a = {0}, b = {0};
  if (!make_plan(&pl, header, spec, gcol))
    goto done;
  const char *cut = NULL;
  if (spec->threads >= 2)
    cut = memchr(data + start + (len - start) / 2, '\n', len - start - (len - start) / 2);
  size_t split = cut ? (size_t)(cut + 1 - data) : len;
  /* A row takes at least width bytes (its commas and line end): a part's keys
   * are bounded by its bytes over width, the first's by the file's. */
  part_init(&a, &pl, data + start, split - start, (len - start) / pl.width + 2);
  if (cut) {
    part_init(&b, &pl, data + split, len - split, (len - split) / pl.width + 1);
    GThread *th = g_thread_try_new("hg-project", read_part, &b, NULL);
    read_part(&a);
    if (th)
      g_thread_join(th);
    else
      read_part(&b);
    if (!a.declined && !b.declined && !merge_parts(&pl, &a, &b))
      a.declined = 1;
  } else {
    read_part(&a);
  }
  if (a.declined || b.declined || a.nrows + b.nrows == 0 || a.keys->len >= G_MAXUINT32)
    goto done;
  hg_table *keys = keys_table(path, header, spec, &pl, gcol, a.keys);
  if (!keys)
    goto done;
  out = g_new0(hg_project_sums, 1);
  out->keys = keys;
  out->sums = a.sums;
  out->sums_bytes = a.max_keys * spec->sum_size;
  a.sums = NULL;
done:
  part_clear(&a);
  part_clear(&b);
  hg_table_free(header);
  g_free(pl.role);
  g_free(pl.key_arg);
  g_free(pl.key_col);
  g_free(pl.num_col);
  g_free(gcol);
  return out;
}

hg_status hg_project_read(const char *path, const hg_project_spec *spec, hg_project_sums **out) {
  *out = NULL;
  if (!path || strcmp(path, "-") == 0 || !spec || spec->n_group_by == 0)
    return HG_OK;
  hg_error err;
  hg_error_clear(&err);
  if (hg_input_check(path, 0, &err) != HG_OK)
    return HG_OK; /* the table's reader says why */
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return HG_OK;
  struct stat sb;
  /* Over 1 GiB the table refuses the file; it says so. */
  size_t min = spec->min_bytes ? spec->min_bytes : (size_t)PROJECT_MIN;
  if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || (size_t)sb.st_size < min ||
      (unsigned long long)sb.st_size > (1ull << 30)) {
    close(fd);
    return HG_OK;
  }
  size_t len = (size_t)sb.st_size;
  void *m = mmap(NULL, len, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
  close(fd);
  if (m == MAP_FAILED)
    return HG_OK;
  *out = project(path, m, len, spec);
  munmap(m, len);
  return HG_OK;
}
