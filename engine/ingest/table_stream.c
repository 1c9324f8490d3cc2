/* table_stream.c: a CSV file row by row on libcsv (hg_table_stream in
 * healthgap/table.h), for files read once and too big to hold as a table.
 *
 * A plain row (no quote, space or tab: rowsplit.h) that starts where libcsv
 * has no row begun is split here and handed on directly; every other row goes
 * through libcsv, a line at a time, until libcsv stands at a row's start
 * again.  A run's results/indicators.csv is mostly plain rows with a few
 * quoted names, and libcsv's per-byte state machine was half of comparing two
 * of them for changes.csv (issue 17: a national rerun with a revised value). */
#include "healthgap/filekind.h"
#include "healthgap/table.h"
#include "ingest/rowsplit.h"

#include <csv.h>
#include <errno.h>
#include <glib.h>
#include <stdio.h>
#include <string.h>

typedef struct stream {
  const char *path;
  hg_table_row_fn fn;
  void *data;
  /* The row's cells, each NUL-terminated, in one buffer grown by hand: the
   * GString and GArray appends this replaced were a third of a rerun's
   * changes.csv (two calls per field of two 36-column files). */
  char *cells;
  size_t len, cap;
  size_t *starts; /* offset of each cell in cells */
  const char **ptrs;
  size_t ncells, ncap;
  size_t row;
  long line; /* rows ended, for messages (the file's rows are its lines) */
} stream;

static void on_field(void *s, size_t len, void *user) {
  stream *z = user;
  if (z->ncells == z->ncap) {
    z->ncap = z->ncap ? 2 * z->ncap : 64;
    z->starts = g_renew(size_t, z->starts, z->ncap);
    z->ptrs = g_renew(const char *, z->ptrs, z->ncap);
  }
  if (z->len + len + 1 > z->cap) {
    while (z->len + len + 1 > z->cap)
      z->cap = z->cap ? 2 * z->cap : 1024;
    z->cells = g_realloc(z->cells, z->cap);
  }
  z->starts[z->ncells++] = z->len;
  if (s && len)
    memcpy(z->cells + z->len, s, len);
  z->cells[z->len + len] = '\0';
  z->len += len + 1;
}

static void on_row(int c, void *user) {
  (void)c;
  stream *z = user;
  for (size_t k = 0; k < z->ncells; k++)
    z->ptrs[k] = z->cells + z->starts[k];
  z->fn(z->data, z->row++, z->ptrs, z->ncells);
  z->line++;
  z->len = 0;
  z->ncells = 0;
}

static hg_status parse_error(stream *z, struct csv_parser *p, hg_error *err) {
  hg_error_set(err, z->path, z->line + 1, NULL, "%s", csv_strerror(csv_error(p)));
  return HG_ERR_PARSE;
}

/* One chunk of the file: plain rows split here, the rest through libcsv (see
 * the top).  A plain row lies within the chunk, so within the field and row
 * limits (CHUNK is no more than HG_TABLE_MAX_FIELD_BYTES).  HG_ERR_PARSE when
 * libcsv stops on the chunk. */
static hg_status feed_chunk(stream *z, struct csv_parser *p, const char *d, size_t n) {
  enum { CAP = 256 };
  const char *fs[CAP];
  size_t fl[CAP];
  const unsigned char *u = (const unsigned char *)d, *e = u + n;
  while (u < e) {
    if (p->pstate == 0) { /* libcsv's ROW_NOT_BEGUN: no row of its in progress */
      const unsigned char *next;
      int end;
      long k = hg_split_plain_row(u, e, fs, fl, CAP, &next, &end);
      if (k >= 0 && k <= CAP) {
        for (long i = 0; i < k; i++)
          on_field((void *)fs[i], fl[i], z);
        if (k > 0) /* a blank line is no row, as libcsv has it */
          on_row(end, z);
        u = next;
        continue;
      }
    }
    /* libcsv, up to and with the next line feed */
    const unsigned char *nl = memchr(u, '\n', (size_t)(e - u));
    size_t len = nl ? (size_t)(nl + 1 - u) : (size_t)(e - u);
    if (csv_parse(p, u, len, on_field, on_row, z) != len)
      return HG_ERR_PARSE;
    u += len;
  }
  return HG_OK;
}

/* The file through p in chunks; a field or row over the limits stops it as
 * the bytes arrive (an unclosed quote would gather the rest of the file). */
static hg_status feed(stream *z, struct csv_parser *p, FILE *fp, hg_error *err) {
  enum { CHUNK = 1 << 16 };
  char *buf = g_malloc(CHUNK);
  hg_status st = HG_OK;
  size_t n;
  int first = 1;
  while (st == HG_OK && (n = fread(buf, 1, CHUNK, fp)) > 0) {
    const char *d = buf;
    if (first && n >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0) {
      d += 3;
      n -= 3;
    }
    first = 0;
    if (feed_chunk(z, p, d, n) != HG_OK) {
      st = parse_error(z, p, err);
    } else if (p->entry_pos > HG_TABLE_MAX_FIELD_BYTES ||
               z->len + p->entry_pos > HG_TABLE_MAX_ROW_BYTES) {
      hg_error_set(err, z->path, z->line + 1, NULL, "%s longer than %d bytes (an unclosed quote?)",
                   p->entry_pos > HG_TABLE_MAX_FIELD_BYTES ? "field" : "row",
                   p->entry_pos > HG_TABLE_MAX_FIELD_BYTES ? HG_TABLE_MAX_FIELD_BYTES
                                                           : HG_TABLE_MAX_ROW_BYTES);
      st = HG_ERR_PARSE;
    }
  }
  g_free(buf);
  if (st != HG_OK)
    return st;
  if (ferror(fp)) {
    hg_error_set(err, z->path, 0, NULL, "%s", g_strerror(errno));
    return HG_ERR_IO;
  }
  return csv_fini(p, on_field, on_row, z) != 0 ? parse_error(z, p, err) : HG_OK;
}

hg_status hg_table_stream(const char *path, hg_table_row_fn fn, void *data, hg_error *err) {
  hg_status st = hg_input_check(path, 0, err);
  if (st != HG_OK)
    return st;
  FILE *fp = fopen(path, "rb");
  if (!fp) {
    hg_error_set(err, path, 0, NULL, "%s", g_strerror(errno));
    return HG_ERR_IO;
  }
  struct csv_parser p;
  if (csv_init(&p, CSV_APPEND_NULL | CSV_STRICT | CSV_STRICT_FINI) != 0) {
    fclose(fp);
    return HG_ERR_NOMEM;
  }
  stream z = {.path = path, .fn = fn, .data = data};
  st = feed(&z, &p, fp, err);
  if (st == HG_OK && z.row == 0) {
    hg_error_set(err, path, 0, NULL, "empty file: no header row");
    st = HG_ERR_EMPTY;
  }
  csv_free(&p);
  fclose(fp);
  g_free(z.cells);
  g_free(z.starts);
  g_free(z.ptrs);
  return st;
}
