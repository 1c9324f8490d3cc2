/* fuzz_readers.c: libFuzzer target over both readers and the period parser.
 *
 * The first byte picks the read-buffer size (1..256 bytes, so that quoted
 * fields straddle block boundaries) and strict mode; the rest is the file,
 * read three times: auto-detected, forced Fingertips and forced tidy.  Every
 * reject is checked for the callback contract (non-NULL strings). */
#include "healthgap/healthgap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int on_reject(const hg_reject *r, void *ud) {
  size_t *n = ud;
  if (!r->file || !r->column || !r->message || !r->raw || r->reason <= HG_REJECT_NONE ||
      r->reason >= HG_REJECT_REASON_COUNT)
    abort();
  (*n)++;
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0)
    return 0;
  hg_read_options opt = {0};
  opt.buffer_size = (size_t)(data[0] & 0x7f) * 2 + 1;
  opt.strict = data[0] >> 7;
  opt.max_row_bytes = 1 << 14;
  const char *text = (const char *)data + 1;
  size_t len = size - 1;
  static const hg_format formats[] = {HG_FORMAT_AUTO, HG_FORMAT_FINGERTIPS, HG_FORMAT_TIDY};
  for (size_t f = 0; f < sizeof formats / sizeof formats[0]; f++) {
    hg_store *st = hg_store_new();
    size_t seen = 0;
    opt.format = formats[f];
    opt.on_reject = on_reject;
    opt.userdata = &seen;
    hg_read_report rep;
    hg_error err;
    hg_status s = hg_read_mem(st, "fuzz.csv", text, len, &opt, &rep, &err);
    /* Invariants of the report whatever the input. */
    if (rep.accepted != hg_store_size(st) || rep.rejected != seen ||
        rep.accepted + rep.rejected > rep.rows_read)
      abort();
    if (s == HG_OK && rep.accepted + rep.rejected != rep.rows_read)
      abort();
    for (size_t i = 0; i < hg_store_size(st); i++) {
      hg_obs o;
      hg_store_get(st, i, &o);
      if (!o.indicator_id || !o.area_code || !o.period_text)
        abort();
      (void)strlen(hg_store_str(st, o.area_name));
    }
    hg_store_free(st);
  }
  hg_period p;
  (void)hg_period_parse(text, len < 64 ? len : 64, &p);
  return 0;
}
