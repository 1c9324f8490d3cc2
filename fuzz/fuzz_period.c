/* fuzz_period.c: libFuzzer target over the period parser (floor/period.c)
 * and the time parser.  A recognised period must make sense: a month 1-12,
 * a quarter 0-4, a positive length and a finite midpoint. */
#include "healthgap/healthgap.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  hg_period p;
  if (hg_period_parse((const char *)data, size, &p) == HG_OK) {
    if (p.start_month < 1 || p.start_month > 12 || p.quarter < 0 || p.quarter > 4 ||
        p.length_months < 1 || !isfinite(hg_period_mid_year(&p)))
      abort();
  }
  if (size >= 8 &&
      hg_period_from_sortable(
          (int64_t)(data[0] | (data[1] << 8)) * 10000 + data[2] % 5 * 100 + data[3] % 13, &p) ==
          HG_OK &&
      (p.start_month < 1 || p.start_month > 12))
    abort();
  char buf[80];
  size_t n = size < sizeof buf - 1 ? size : sizeof buf - 1;
  memcpy(buf, data, n);
  buf[n] = '\0';
  int64_t t;
  (void)hg_time_parse(buf, &t);
  return 0;
}
