/* table_stream.c: a CSV file row by row on libcsv (hg_table_stream in
 * healthgap/table.h), for files read once and too big to hold as a table. */
#include "healthgap/filekind.h"
#include "healthgap/table.h"

#include <csv.h>
#include <errno.h>
#include <glib.h>
#include <stdio.h>
#include <string.h>

typedef struct stream {
  const char *path;
  hg_table_row_fn fn;
  void *data;
  GString *cells; /* the row's cells, each NUL-terminated */
  GArray *starts; /* offset of each cell in cells */
  GPtrArray *ptrs;
  size_t row;
  long line; /* rows ended, for messages (the file's rows are its lines) */
} stream;

static void on_field(void *s, size_t len, void *user) {
  stream *z = user;
  gsize at = z->cells->len;
  g_array_append_val(z->starts, at);
  if (s)
    g_string_append_len(z->cells, s, (gssize)len);
  g_string_append_c(z->cells, '\0');
}

static void on_row(int c, void *user) {
  (void)c;
  stream *z = user;
  g_ptr_array_set_size(z->ptrs, 0);
  for (guint k = 0; k < z->starts->len; k++)
    g_ptr_array_add(z->ptrs, z->cells->str + g_array_index(z->starts, gsize, k));
  z->fn(z->data, z->row++, (const char *const *)z->ptrs->pdata, z->ptrs->len);
  z->line++;
  g_string_truncate(z->cells, 0);
  g_array_set_size(z->starts, 0);
}

static hg_status parse_error(stream *z, struct csv_parser *p, hg_error *err) {
  hg_error_set(err, z->path, z->line + 1, NULL, "%s", csv_strerror(csv_error(p)));
  return HG_ERR_PARSE;
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
    if (csv_parse(p, d, n, on_field, on_row, z) != n) {
      st = parse_error(z, p, err);
    } else if (p->entry_pos > HG_TABLE_MAX_FIELD_BYTES ||
               z->cells->len + p->entry_pos > HG_TABLE_MAX_ROW_BYTES) {
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
  stream z = {.path = path,
              .fn = fn,
              .data = data,
              .cells = g_string_sized_new(1024),
              .starts = g_array_new(FALSE, FALSE, sizeof(gsize)),
              .ptrs = g_ptr_array_new()};
  st = feed(&z, &p, fp, err);
  if (st == HG_OK && z.row == 0) {
    hg_error_set(err, path, 0, NULL, "empty file: no header row");
    st = HG_ERR_EMPTY;
  }
  csv_free(&p);
  fclose(fp);
  g_string_free(z.cells, TRUE);
  g_array_free(z.starts, TRUE);
  g_ptr_array_free(z.ptrs, TRUE);
  return st;
}
