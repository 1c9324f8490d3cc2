/* format_ref.h: the number formatter healthgap used before Ryu (a bisection
 * over printf's %.*e for the shortest text that reads back), kept as the
 * reference that tests/test_format_number.c checks hg_format_number against
 * and that bench/bench_format.c times.  Header-only: the bench links no test
 * support objects. */
#ifndef HG_FORMAT_REF_H
#define HG_FORMAT_REF_H

#include "healthgap/csvout.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline size_t hg_format_number_reference(double v, char *buf) {
  buf[0] = '\0';
  if (!isfinite(v))
    return 0;
  if (v == 0.0) {
    strcpy(buf, "0");
    return 1;
  }
  int n = snprintf(buf, HG_NUMBER_BUFSIZE, "%.15g", v);
  if (n > 0 && n < 32 && !strchr(buf, 'e') && strtod(buf, NULL) == v)
    return (size_t)n;
  char e[40];
  int lo = 0, hi = 16;
  while (lo < hi) {
    int mid = (lo + hi) / 2;
    snprintf(e, sizeof e, "%.*e", mid, v);
    if (strtod(e, NULL) == v)
      hi = mid;
    else
      lo = mid + 1;
  }
  snprintf(e, sizeof e, "%.*e", lo, v);
  const char *p = e;
  char *out = buf;
  if (*p == '-')
    *out++ = *p++;
  char digits[24];
  size_t nd = 0;
  for (; *p && *p != 'e'; p++)
    if (*p != '.')
      digits[nd++] = *p;
  int exp10 = atoi(p + 1);
  while (nd > 1 && digits[nd - 1] == '0')
    nd--;
  if (exp10 < 0) {
    *out++ = '0';
    *out++ = '.';
    for (int i = 0; i < -exp10 - 1; i++)
      *out++ = '0';
    memcpy(out, digits, nd);
    out += nd;
  } else {
    size_t intlen = (size_t)exp10 + 1;
    for (size_t i = 0; i < intlen; i++)
      *out++ = i < nd ? digits[i] : '0';
    if (nd > intlen) {
      *out++ = '.';
      memcpy(out, digits + intlen, nd - intlen);
      out += nd - intlen;
    }
  }
  *out = '\0';
  return (size_t)(out - buf);
}

#endif
