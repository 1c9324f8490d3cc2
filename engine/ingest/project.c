/* project.c: a file read as grouped number columns (ingest/project.h).
 *
 * The file is mapped, not read: libcsv copies each field into its own buffer,
 * so nothing writes to the input, and its pages are the page cache's, which
 * cost no zeroing and no copy.  Only the columns asked for are read: each
 * row's group key (its key fields, each as a 4-byte length and its bytes)
 * becomes the index of a distinct key, found by a hash unless it is the key of
 * the row before (a sorted file's rows come a group at a time), and its number
 * columns are folded into that key's sum; no row is kept.  With two threads
 * the file is cut at the line end nearest its middle and the halves are read
 * at once (as table_split.c does: without quotes every line feed ends a row);
 * the second half's keys and sums are then merged into the first's
 * (merge_parts), so that keys are in order of first appearance and each sum
 * has met its rows in file order.
 *
 * Every field is the one hg_table_read would give: the same parser with the
 * same options (libcsv ends each field with a NUL, CSV_APPEND_NULL), and a
 * number cell is read as the methods read a table's (hg_parse_cell).
 * Whatever this reader cannot take the same way, it declines (project.h). */
#include "healthgap/filekind.h"
#include "healthgap/memory.h"
#include "ingest/project.h"
#include "ingest/table_reader.h"

#include <csv.h>
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
  size_t nnum;
  const hg_project_spec *spec; /* its fold */
} plan;

/* One part of the file, read on its own thread. */
typedef struct part {
  const plan *pl;
  const char *data;
  size_t len;
  size_t nrows;
  size_t field; /* fields so far in the row */
  int declined;
  guint8 cur[KEY_MAX]; /* the row's key so far (longer keys are declined), made only
                          once it differs from the row before's */
  size_t cur_len;
  long same; /* bytes of the row before's key the row's has matched so far; -1:
                it differs (its key is in cur) */
  double values[HG_PROJECT_MAX_NUMBERS]; /* the row's numbers */
  struct {                               /* texts converted (spec->convert), and
                                            their numbers: age bands cycle */
    size_t col, len;
    char text[SEEN_TEXT];
    double value;
  } seen[SEEN];
  size_t nseen;
  GHashTable *ids;    /* key (GBytes) -> index + 1 */
  GPtrArray *keys;    /* index -> key (GBytes, owned) */
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

static void on_field(void *s, size_t len, void *ud) {
  part *pt = ud;
  size_t f = pt->field++;
  if (pt->declined)
    return;
  const plan *pl = pt->pl;
  if (f >= pl->width) {
    pt->declined = 1;
    return;
  }
  int role = pl->role[f];
  if (role == SKIP)
    return;
  if ((size_t)role < pl->nkey) {
    guint32 n = (guint32)len;
    /* A sorted file's rows mostly repeat the key before: compared, not copied. */
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
    return;
  }
  size_t k = (size_t)role - pl->nkey;
  const hg_project_convert *cv = pl->spec->convert;
  if (!cv || !cv[k]) { /* NA and empty are NAN (missing), for the method to judge */
    if (hg_parse_cell(s, &pt->values[k]) == HG_NUM_INVALID)
      pt->declined = 1;
    return;
  }
  for (size_t i = 0; i < pt->nseen; i++)
    if (pt->seen[i].col == k && pt->seen[i].len == len && memcmp(pt->seen[i].text, s, len) == 0) {
      pt->values[k] = pt->seen[i].value;
      return;
    }
  if (!cv[k](s, len, &pt->values[k], pl->spec->convert_data)) {
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

/* The index of the row's key in the part, added if new. */
static uint32_t key_index(part *pt, size_t klen, long same) {
  if (same >= 0 && (size_t)same == pt->prev_len)
    return pt->prev_id;
  if (same >= 0) { /* all its key fields matched but not the whole key: cannot be */
    pt->declined = 1;
    return 0;
  }
  GBytes *k = g_bytes_new(pt->cur, klen);
  gpointer v = g_hash_table_lookup(pt->ids, k);
  uint32_t id;
  if (v) {
    id = GPOINTER_TO_UINT(v) - 1;
    g_bytes_unref(k);
  } else {
    id = pt->keys->len;
    g_ptr_array_add(pt->keys, k);
    g_hash_table_insert(pt->ids, k, GUINT_TO_POINTER(id + 1));
    if (id >= pt->max_keys) { /* cannot be: a key is a row */
      pt->declined = 1;
      return id;
    }
    size_t size = pt->pl->spec->sum_size;
    memset(pt->sums + id * size, 0, size);
  }
  pt->prev = g_bytes_get_data(pt->keys->pdata[id], &pt->prev_len);
  pt->prev_id = id;
  return id;
}

static void on_row(int term, void *ud) {
  (void)term;
  part *pt = ud;
  size_t n = pt->field, klen = pt->cur_len;
  long same = pt->same;
  pt->field = 0;
  pt->cur_len = 0;
  pt->same = pt->prev ? 0 : -1;
  if (pt->declined || n == 0 || pt->nrows > pt->stop) /* n 0: a blank line, no row here either */
    return;
  if (n != pt->pl->width) {
    pt->declined = 1;
    return;
  }
  const hg_project_spec *spec = pt->pl->spec;
  uint32_t id = key_index(pt, klen, same);
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

static gpointer read_part(gpointer data) {
  part *pt = data;
  /* A quote would need the table's rules (quoted line feeds, rows set aside).
   * (A NUL ends a number cell here as in the table; keys that differ only
   * after one make fewer groups than keys, which the caller declines.) */
  if (pt->declined || (!pt->again && memchr(pt->data, '"', pt->len))) {
    pt->declined = 1;
    return NULL;
  }
  struct csv_parser p;
  if (csv_init(&p, CSV_OPTIONS) != 0) {
    pt->declined = 1;
    return NULL;
  }
  /* A chunk at a time, so that folding again stops at its last row. */
  for (size_t at = 0; at < pt->len && !pt->declined && pt->nrows <= pt->stop; at += CHUNK) {
    size_t n = MIN((size_t)CHUNK, pt->len - at);
    if (csv_parse(&p, pt->data + at, n, on_field, on_row, pt) != n)
      pt->declined = 1;
  }
  if (!pt->declined && csv_fini(&p, on_field, on_row, pt) != 0)
    pt->declined = 1;
  csv_free(&p);
  return NULL;
}

/* Address space for n elements of size bytes, touched (and paid for) only as
 * far as used; NULL if the system will not give it. */
static void *reserve(size_t n, size_t size) {
  if (n > SIZE_MAX / size)
    return NULL;
  void *p = mmap(NULL, n * size, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED)
    return NULL;
  hg_mem_huge(p, n * size);
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
  pt->ids = g_hash_table_new(g_bytes_hash, g_bytes_equal);
  pt->keys = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
  pt->sums = reserve(max_keys, pl->spec->sum_size);
  pt->last = reserve(max_keys, sizeof(size_t));
  if (!pt->sums || !pt->last)
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
    GBytes *k = b->keys->pdata[j];
    gpointer v = g_hash_table_lookup(a->ids, k);
    if (v) {
      map[j] = GPOINTER_TO_UINT(v) - 1;
      again[j] = 1;
      shared = 1;
      stop = MAX(stop, b->last[j]);
    } else {
      map[j] = a->keys->len;
      g_ptr_array_add(a->keys, g_bytes_ref(k));
      g_hash_table_insert(a->ids, k, GUINT_TO_POINTER(map[j] + 1));
    }
  }
  for (guint j = 0; j < b->keys->len; j++)
    if (map[j] >= na)
      memcpy(a->sums + (size_t)map[j] * size, b->sums + (size_t)j * size, size);
  int ok = 1;
  if (shared) {
    part c = *b; /* b's keys and hash, parsed again from its start */
    c.nrows = c.field = c.cur_len = 0;
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
    bytes += g_bytes_get_size(keys->pdata[i]); /* a length's 4 bytes hold its NUL */
  if (bytes >= G_MAXUINT || (size_t)keys->len * ncols >= G_MAXUINT)
    return NULL;
  hg_table *t = g_new0(hg_table, 1);
  t->name = g_strdup(name);
  t->ncols = ncols;
  t->arena = g_byte_array_sized_new((guint)bytes);
  t->cells = g_array_sized_new(FALSE, FALSE, sizeof(guint), (guint)(keys->len * ncols));
  t->rows = g_array_sized_new(FALSE, FALSE, sizeof(row_ix), keys->len);
  t->bad = g_array_new(FALSE, FALSE, sizeof(hg_table_bad));
  guint *names = g_new(guint, ncols), *cell = g_new(guint, ncols);
  for (size_t g = 0; g < ncols; g++) {
    const char *nm = hg_table_colname(header, (size_t)gcol[g]);
    names[g] = t->arena->len;
    g_byte_array_append(t->arena, (const guint8 *)nm, (guint)strlen(nm) + 1);
  }
  for (guint i = 0; i < keys->len; i++) {
    gsize size;
    const guint8 *k = g_bytes_get_data(keys->pdata[i], &size), *e = k + size;
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
  size_t f = 0;
  for (size_t j = 0; j < pl->width; j++)
    if (pl->role[j] != SKIP && (size_t)pl->role[j] < pl->nkey)
      pl->key_arg[f++] = (size_t)pl->role[j];
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
  /* a lone CR ends a row for libcsv: only CR LF is taken */
  if (data[bom] == '\r' || (cr && cr != nl - 1) || memchr(data, '"', n))
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
