/* fuzz_table_plain.c: libFuzzer target, a differential one, over the CSV
 * readers' own splitters against libcsv itself (tests/support/csv_oracle.h):
 * the table reader's for input without quotes (engine/ingest/table.c,
 * plain_rows), and the stream reader's (table_stream.c), whose plain rows and
 * libcsv's take turns on input with quotes too.  The first byte chooses the
 * way: bit 0 reads the table from memory (cells copied into the table's
 * arena), else from a file (parsed in place); bit 1 sets a field limit of
 * 4-35 bytes (from the byte's high bits), under which a longer line goes to
 * libcsv instead.  Whenever libcsv parses the input and finds a header row,
 * the table must read it too (without quotes), with the same cells on the
 * same lines, and the stream must give the same rows; when libcsv does not,
 * the stream must fail: else abort. */
#include "healthgap/healthgap.h"

#include "../tests/support/csv_oracle.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char path[64]; /* the file each input is written to, removed at exit */

static void remove_file(void) {
  unlink(path);
}

static void fail(const char *what, const char *why) {
  fprintf(stderr, "fuzz_table_plain: %s: %s\n", what, why);
  abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!path[0]) {
    snprintf(path, sizeof path, "/tmp/fuzz_table_plain_%ld.csv", (long)getpid());
    atexit(remove_file);
  }
  if (size < 1)
    return 0;
  const char *text = (const char *)data + 1;
  size_t len = size - 1;
  int quoted = memchr(text, '"', len) != NULL;
  int nul = memchr(text, '\0', len) != NULL; /* a NUL: not a text file */
  int from_memory = (data[0] & 1) || nul;
  hg_table_options opt = {0};
  if (data[0] & 2)
    opt.max_field_bytes = 4 + (data[0] >> 3);
  csv_oracle o;
  int parsed = csv_oracle_parse(&o, text, len);
  int has_rows = parsed && o.rows->len > 0;
  int file_ok = 0;
  if (!nul) {
    FILE *fp = fopen(path, "wb");
    if (!fp || fwrite(text, 1, len, fp) != len || fclose(fp) != 0)
      abort();
    hg_error err;
    file_ok = hg_input_check(path, HG_INPUT_ALLOW_STREAM, &err) == HG_OK; /* not gzip magic */
  }
  hg_error err;
  hg_error_clear(&err);
  if (!quoted && (from_memory || file_ok)) { /* the table (quotes: libcsv's path) */
    hg_table *t = NULL;
    hg_status st = from_memory ? hg_table_read_mem("fuzz.csv", text, len, &opt, &t, &err)
                               : hg_table_read(path, &opt, &t, &err);
    if (has_rows && st == HG_OK) {
      char *why = csv_oracle_differs(&o, t, 1);
      if (why)
        fail("table", why);
    } else if (has_rows && !(data[0] & 2)) { /* only a field limit may fail it */
      fail("table", err.message);
    }
    hg_table_free(t);
  }
  if (file_ok) { /* the stream, quotes and all */
    GPtrArray *rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
    hg_status st = hg_table_stream(path, csv_oracle_stream_row, rows, &err);
    if (has_rows && st == HG_OK) {
      char *why = csv_oracle_rows_differ(&o, rows);
      if (why)
        fail("stream", why);
    } else if (has_rows && len <= HG_TABLE_MAX_FIELD_BYTES) { /* (the stream's limits) */
      fail("stream", err.message);
    } else if (!has_rows && st == HG_OK) {
      fail("stream", "read what libcsv does not");
    }
    g_ptr_array_free(rows, TRUE);
  }
  csv_oracle_free(&o);
  return 0;
}
