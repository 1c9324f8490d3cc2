/* engine/ingest/fast.h: the inline fast paths of the field callback in
 * ingest.c (internal): plain decimals and short text comparisons.  They are
 * here, as static inline functions, so that ingest.c stays readable and the
 * compiler can still inline them into the callback (a call per field costs
 * more than the work). */
#ifndef HG_INGEST_FAST_H
#define HG_INGEST_FAST_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Eight ASCII digits at p as their value, or -1 if any byte is not a digit
 * (Lemire's SWAR: a few multiplications instead of eight loop turns; the
 * numbers of an export have 10-15 digits).  Little-endian only, where the
 * first byte is the lowest. */
static inline int64_t eight_digits(const char *p) {
  uint64_t v;
  memcpy(&v, p, 8);
  if (((v & 0xF0F0F0F0F0F0F0F0ull) |
       (((v + 0x0606060606060606ull) & 0xF0F0F0F0F0F0F0F0ull) >> 4)) != 0x3333333333333333ull)
    return -1;
  v -= 0x3030303030303030ull;
  v = v * 10 + (v >> 8);
  v = ((v & 0x000000FF000000FFull) * (100 + (1000000ull << 32)) +
       ((v >> 16) & 0x000000FF000000FFull) * (1 + (10000ull << 32))) >>
      32;
  return (int64_t)v;
}

/* Four ASCII digits at p as their value, or -1 (the same trick on 32 bits). */
static inline int32_t four_digits(const char *p) {
  uint32_t v;
  memcpy(&v, p, 4);
  if (((v & 0xF0F0F0F0u) | (((v + 0x06060606u) & 0xF0F0F0F0u) >> 4)) != 0x33333333u)
    return -1;
  v -= 0x30303030u;
  v = v * 10 + (v >> 8); /* byte 0: first two digits, byte 2: last two */
  return (int32_t)((v & 0xFF) * 100 + ((v >> 16) & 0xFF));
}

/* Reads the digits at p (up to e) into *m, counting them in *sig; returns
 * the first non-digit.  *m wraps past 19 digits, when *sig says so. */
static inline const char *read_digits(const char *p, const char *e, uint64_t *m, int *sig) {
  uint64_t v = *m;
  int n = *sig;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  int64_t eight;
  int32_t four;
  while (e - p >= 8 && (eight = eight_digits(p)) >= 0) {
    v = v * 100000000u + (uint64_t)eight;
    p += 8;
    n += 8;
  }
  if (e - p >= 4 && (four = four_digits(p)) >= 0) {
    v = v * 10000u + (uint64_t)four;
    p += 4;
    n += 4;
  }
#endif
  unsigned d;
  for (; p < e && (d = (unsigned)(*p - '0')) < 10; p++, n++)
    v = v * 10 + d;
  *m = v;
  *sig = n;
  return p;
}

static const double pow10_exact[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                       1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                       1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* Clinger's fast path of hg_parse_number: a plain decimal of at most 15
 * significant digits and no exponent is m / 10^k with m and 10^k exact
 * doubles, so one correctly rounded division gives exactly what strtod gives.
 * Returns 1 with *out set, or 0 for anything else (exponents, long mantissas,
 * spaces, junk), which hg_parse_number must decide.  len > 0. */
static inline int parse_num_fast(const char *s, size_t len, double *out) {
  const char *p = s, *e = s + len;
  if (len > 64)
    return 0;
  int neg = 0;
  if (*p == '-' || *p == '+') {
    neg = *p == '-';
    p++;
  }
  const char *digits = p;
  while (p < e && *p == '0') /* leading zeros are not significant */
    p++;
  uint64_t m = 0; /* may wrap past 19 digits: then sig > 15 and the slow path decides */
  int sig = 0, frac = 0;
  p = read_digits(p, e, &m, &sig);
  int any = p > digits;
  if (p < e && *p == '.') {
    const char *f0 = ++p;
    if (m == 0)
      while (p < e && *p == '0')
        p++;
    p = read_digits(p, e, &m, &sig);
    frac = (int)(p - f0);
    any |= frac > 0;
  }
  if (p != e || !any || sig > 15 || frac > 22)
    return 0;
  double v = (double)m / pow10_exact[frac];
  *out = neg ? -v : v;
  return 1;
}

/* a[0..n) == b[0..n) for n > 0, inline: most texts compared are short and
 * equal, where a call to memcmp costs more than the comparison.  Words are
 * read only inside both texts (the last word overlaps the one before). */
static inline int same_text(const char *a, const char *b, size_t n) {
  if (n >= 8) {
    uint64_t x, y;
    for (size_t i = 0; i + 8 < n; i += 8) {
      memcpy(&x, a + i, 8);
      memcpy(&y, b + i, 8);
      if (x != y)
        return 0;
    }
    memcpy(&x, a + n - 8, 8);
    memcpy(&y, b + n - 8, 8);
    return x == y;
  }
  if (n >= 4) {
    uint32_t x1, y1, x2, y2;
    memcpy(&x1, a, 4);
    memcpy(&y1, b, 4);
    memcpy(&x2, a + n - 4, 4);
    memcpy(&y2, b + n - 4, 4);
    return x1 == y1 && x2 == y2;
  }
  for (size_t i = 0; i < n; i++)
    if (a[i] != b[i])
      return 0;
  return 1;
}

#endif
