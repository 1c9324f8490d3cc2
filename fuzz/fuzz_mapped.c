/* fuzz_mapped.c: libFuzzer target over the mapped layout and the table
 * reader behind it.
 *
 * The first byte picks the spec: header rows (1-3), skip rows (0-3), a
 * filter on area_code, NA and thousands handling, and a small field limit
 * for the table read; the rest is the file.  Checked whatever the input:
 * every row is accounted for (emitted + filtered = read, one value per row
 * without a pivot), every reject is well formed, and a table read without
 * keep_bad_rows never holds a bad row. */
#include "healthgap/healthgap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const fields[] = {"area_code", "value", "period"};

static hg_status on_row(void *data, const char *const *values, const char *raw, long line,
                        hg_error *err) {
  (void)err;
  if (!raw || line < 1)
    abort();
  for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
    (void)strlen(values[i]);
  (*(size_t *)data)++;
  return HG_OK;
}

static int on_reject(const hg_reject *r, void *data) {
  if (!r->file || !r->column || !r->message || !r->raw || r->line < 1 ||
      (r->reason != HG_REJECT_STRAY_QUOTE && r->reason != HG_REJECT_UNCLOSED_QUOTE))
    abort();
  (void)data;
  return 0;
}

static void table_reads(const char *text, size_t len, uint8_t flags) {
  for (int keep = 0; keep < 2; keep++) {
    hg_table_options o = {
        .keep_bad_rows = keep, .no_header = flags & 1, .max_field_bytes = (flags & 2) ? 16 : 0};
    hg_table *t = NULL;
    hg_error err;
    if (hg_table_read_mem("fuzz.csv", text, len, &o, &t, &err) != HG_OK)
      continue;
    if (!keep && hg_table_nbad(t))
      abort();
    for (size_t i = 0; i < hg_table_nbad(t); i++)
      (void)strlen(hg_table_bad_row(t, i)->raw);
    for (size_t r = 0; r < hg_table_nrows(t); r++)
      for (size_t j = 0; j < hg_table_width(t, r); j++)
        (void)strlen(hg_table_cell(t, r, j));
    hg_table_free(t);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0)
    return 0;
  uint8_t flags = data[0];
  const char *text = (const char *)data + 1;
  size_t len = size - 1;
  hg_mapped_spec spec = {0};
  spec.header_rows = 1 + (flags & 3) % 3;
  spec.skip_rows = (flags >> 2) & 3;
  hg_mapped_pair filter[] = {{"area_code", "E*;W06000001"}};
  if (flags & 0x10) {
    spec.filters = filter;
    spec.nfilters = 1;
  }
  char *na[] = {"NA", "..", NULL};
  if (flags & 0x20)
    spec.na = na;
  spec.thousands = (flags & 0x40) ? ',' : 0;
  size_t emitted = 0;
  hg_mapped_stats stats;
  hg_error err;
  hg_status st = hg_mapped_read_mem("fuzz.csv", text, len, &spec, fields, 3, on_row, on_reject,
                                    &emitted, &stats, &err);
  if (stats.rows_emitted != emitted)
    abort();
  if (st == HG_OK && stats.rows_emitted + stats.rows_filtered != stats.rows_read)
    abort();
  table_reads(text, len, flags >> 6);
  return 0;
}
