/* fuzz_table_plain.c: libFuzzer target, a differential one, over the table
 * reader's own splitter for input without quotes (engine/ingest/table.c,
 * plain_rows) against libcsv itself (tests/support/csv_oracle.h).  The first
 * byte chooses the way: bit 0 reads the rest from memory (cells copied into
 * the table's arena), else from a file (parsed in place); bit 1 sets a field
 * limit of 4-35 bytes (from the byte's high bits), under which a longer line
 * goes to libcsv instead.  Whenever libcsv parses the input and finds a header
 * row, the table must read it too, with the same cells on the same lines:
 * else abort. */
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!path[0]) {
    snprintf(path, sizeof path, "/tmp/fuzz_table_plain_%ld.csv", (long)getpid());
    atexit(remove_file);
  }
  if (size < 1)
    return 0;
  const char *text = (const char *)data + 1;
  size_t len = size - 1;
  if (memchr(text, '"', len)) /* quotes: libcsv's own path, not this one */
    return 0;
  int from_memory = (data[0] & 1) || memchr(text, '\0', len); /* a NUL: not a text file */
  hg_table_options opt = {0};
  if (data[0] & 2)
    opt.max_field_bytes = 4 + (data[0] >> 3);
  csv_oracle o;
  int parsed = csv_oracle_parse(&o, text, len);
  hg_table *t = NULL;
  hg_error err;
  hg_error_clear(&err);
  hg_status st;
  if (from_memory) {
    st = hg_table_read_mem("fuzz.csv", text, len, &opt, &t, &err);
  } else {
    FILE *fp = fopen(path, "wb");
    if (!fp || fwrite(text, 1, len, fp) != len || fclose(fp) != 0)
      abort();
    if (hg_input_check(path, HG_INPUT_ALLOW_STREAM, &err) != HG_OK) { /* gzip magic and such */
      csv_oracle_free(&o);
      return 0;
    }
    st = hg_table_read(path, &opt, &t, &err);
  }
  if (parsed && o.rows->len > 0) {
    if (st == HG_OK) {
      char *why = csv_oracle_differs(&o, t, 1);
      if (why) {
        fprintf(stderr, "fuzz_table_plain: %s\n", why);
        abort();
      }
    } else if (!(data[0] & 2)) { /* only a field limit may fail it */
      fprintf(stderr, "fuzz_table_plain: %s\n", err.message);
      abort();
    }
  }
  hg_table_free(t);
  csv_oracle_free(&o);
  return 0;
}
