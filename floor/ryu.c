/* ryu.c: Ryu, the shortest decimal that reads back as the same double.
 *
 * Algorithm: Ulf Adams, "Ryu: fast float-to-string conversion", PLDI 2018
 * (doi:10.1145/3192366.3192369), which proves that the digits are the
 * shortest that round-trip and, among those, the closest to the value.
 *
 * Source: d2d() and its helpers from ryu/d2s.c, ryu/common.h and
 * ryu/d2s_intrinsics.h of github.com/ulfjack/ryu (commit
 * e3e090c66efd258a0cee50ee93411ec99668d416), with the lookup tables in
 * floor/ryu_table.h.  Copyright 2018 Ulf Adams.  The contents may be used
 * under the Apache License 2.0 or the Boost Software License 1.0; healthgap
 * uses them under the Boost licence, whose text is floor/LICENSE-ryu.txt.
 * Distributed "AS IS", without warranties or conditions of any kind.
 *
 * Changes from upstream (by healthgap): only the 128-bit-integer path is kept
 * (GCC and Clang on 64-bit targets); the debug printing, the size-optimised
 * tables and the string output (to_chars) are left out, since
 * floor/csvout.c lays the digits out in plain notation itself; d2d() reports
 * whether its digits are also the value correctly rounded to their length
 * (hg_ryu_shortest in ryu.h says why), and the code is reformatted to the
 * house style.
 */
#include "ryu.h"

#include <stdbool.h>
#include <string.h>

#include "ryu_table.h"

#if !defined(__SIZEOF_INT128__)
#error "floor/ryu.c needs a compiler with unsigned __int128 (GCC or Clang on a 64-bit target)"
#endif
__extension__ typedef unsigned __int128 uint128;

#define DOUBLE_MANTISSA_BITS 52
#define DOUBLE_BIAS 1023

/* ceil(log2(5^e)) for 0 <= e <= 3528 (1 for e = 0). */
static inline int32_t pow5bits(int32_t e) {
  return (int32_t)((((uint32_t)e * 1217359) >> 19) + 1);
}

/* floor(log10(2^e)) for 0 <= e <= 1650. */
static inline uint32_t log10Pow2(int32_t e) {
  return ((uint32_t)e * 78913) >> 18;
}

/* floor(log10(5^e)) for 0 <= e <= 2620. */
static inline uint32_t log10Pow5(int32_t e) {
  return ((uint32_t)e * 732923) >> 20;
}

static inline uint32_t pow5Factor(uint64_t value) {
  const uint64_t m_inv_5 = 14757395258967641293u; /* 5 * m_inv_5 = 1 (mod 2^64) */
  const uint64_t n_div_5 = 3689348814741910323u;  /* 2^64 / 5 */
  uint32_t count = 0;
  for (;;) {
    value *= m_inv_5;
    if (value > n_div_5)
      break;
    ++count;
  }
  return count;
}

static inline bool multipleOfPowerOf5(uint64_t value, uint32_t p) {
  return pow5Factor(value) >= p;
}

static inline bool multipleOfPowerOf2(uint64_t value, uint32_t p) {
  return (value & ((1ull << p) - 1)) == 0;
}

/* The top 64 bits of m * mul (a 128-bit table entry), shifted right by j. */
static inline uint64_t mulShift64(uint64_t m, const uint64_t *mul, int32_t j) {
  const uint128 b0 = (uint128)m * mul[0];
  const uint128 b2 = (uint128)m * mul[1];
  return (uint64_t)(((b0 >> 64) + b2) >> (j - 64));
}

static inline uint64_t mulShiftAll64(uint64_t m, const uint64_t *mul, int32_t j, uint64_t *vp,
                                     uint64_t *vm, uint32_t mmShift) {
  *vp = mulShift64(4 * m + 2, mul, j);
  *vm = mulShift64(4 * m - 1 - mmShift, mul, j);
  return mulShift64(4 * m, mul, j);
}

/* Step 3 of the paper: the value and the bounds of its interval as decimals
 * (vr, vp, vm) * 10^e10, and whether the truncations were exact. */
typedef struct {
  uint64_t vr, vp, vm;
  int32_t e10;
  bool vmIsTrailingZeros, vrIsTrailingZeros, acceptBounds;
} ryu_interval;

static ryu_interval to_decimal_interval(uint64_t ieeeMantissa, uint32_t ieeeExponent) {
  int32_t e2;
  uint64_t m2;
  if (ieeeExponent == 0) {
    /* 2 less, so that the bounds computation has 2 additional bits. */
    e2 = 1 - DOUBLE_BIAS - DOUBLE_MANTISSA_BITS - 2;
    m2 = ieeeMantissa;
  } else {
    e2 = (int32_t)ieeeExponent - DOUBLE_BIAS - DOUBLE_MANTISSA_BITS - 2;
    m2 = (1ull << DOUBLE_MANTISSA_BITS) | ieeeMantissa;
  }
  ryu_interval r = {0};
  r.acceptBounds = (m2 & 1) == 0; /* strtod rounds ties to even */
  const uint64_t mv = 4 * m2;
  /* 0 at a power of two (not subnormal): the gap below is half the gap above. */
  const uint32_t mmShift = ieeeMantissa != 0 || ieeeExponent <= 1;
  if (e2 >= 0) {
    const uint32_t q = log10Pow2(e2) - (e2 > 3);
    r.e10 = (int32_t)q;
    const int32_t k = DOUBLE_POW5_INV_BITCOUNT + pow5bits((int32_t)q) - 1;
    const int32_t i = -e2 + (int32_t)q + k;
    r.vr = mulShiftAll64(m2, DOUBLE_POW5_INV_SPLIT[q], i, &r.vp, &r.vm, mmShift);
    if (q <= 21) {
      /* Only one of mp, mv and mm can be a multiple of 5, if any. */
      const uint32_t mvMod5 = (uint32_t)mv - 5 * (uint32_t)(mv / 5);
      if (mvMod5 == 0)
        r.vrIsTrailingZeros = multipleOfPowerOf5(mv, q);
      else if (r.acceptBounds)
        r.vmIsTrailingZeros = multipleOfPowerOf5(mv - 1 - mmShift, q);
      else
        r.vp -= multipleOfPowerOf5(mv + 2, q);
    }
  } else {
    const uint32_t q = log10Pow5(-e2) - (-e2 > 1);
    r.e10 = (int32_t)q + e2;
    const int32_t i = -e2 - (int32_t)q;
    const int32_t k = pow5bits(i) - DOUBLE_POW5_BITCOUNT;
    const int32_t j = (int32_t)q - k;
    r.vr = mulShiftAll64(m2, DOUBLE_POW5_SPLIT[i], j, &r.vp, &r.vm, mmShift);
    if (q <= 1) {
      /* mv = 4 * m2 has at least two trailing 0 bits. */
      r.vrIsTrailingZeros = true;
      if (r.acceptBounds)
        r.vmIsTrailingZeros = mmShift == 1; /* mm = mv - 1 - mmShift */
      else
        --r.vp; /* mp = mv + 2 has at least one trailing 0 bit */
    } else if (q < 63) {
      r.vrIsTrailingZeros = multipleOfPowerOf2(mv, q);
    }
  }
  return r;
}

/* Step 4, the rare case (about 0.7%) where a truncation was exact: digits are
 * removed while the bounds differ, tracking exactness for ties. */
static int shortest_exact(ryu_interval r, uint64_t *digits, int32_t *exp10) {
  int32_t removed = 0;
  uint8_t lastRemovedDigit = 0;
  for (;;) {
    const uint64_t vpDiv10 = r.vp / 10, vmDiv10 = r.vm / 10;
    if (vpDiv10 <= vmDiv10)
      break;
    const uint32_t vmMod10 = (uint32_t)r.vm - 10 * (uint32_t)vmDiv10;
    const uint64_t vrDiv10 = r.vr / 10;
    const uint32_t vrMod10 = (uint32_t)r.vr - 10 * (uint32_t)vrDiv10;
    r.vmIsTrailingZeros &= vmMod10 == 0;
    r.vrIsTrailingZeros &= lastRemovedDigit == 0;
    lastRemovedDigit = (uint8_t)vrMod10;
    r.vr = vrDiv10;
    r.vp = vpDiv10;
    r.vm = vmDiv10;
    ++removed;
  }
  if (r.vmIsTrailingZeros) {
    for (;;) {
      const uint64_t vmDiv10 = r.vm / 10;
      const uint32_t vmMod10 = (uint32_t)r.vm - 10 * (uint32_t)vmDiv10;
      if (vmMod10 != 0)
        break;
      const uint64_t vrDiv10 = r.vr / 10;
      const uint32_t vrMod10 = (uint32_t)r.vr - 10 * (uint32_t)vrDiv10;
      r.vrIsTrailingZeros &= lastRemovedDigit == 0;
      lastRemovedDigit = (uint8_t)vrMod10;
      r.vr = vrDiv10;
      r.vp /= 10;
      r.vm = vmDiv10;
      ++removed;
    }
  }
  if (r.vrIsTrailingZeros && lastRemovedDigit == 5 && r.vr % 2 == 0)
    lastRemovedDigit = 4; /* round half to even: the exact number is ...50..0 */
  const bool up = lastRemovedDigit >= 5;
  /* vr + 1 when vr rounds up, or when vr lies outside the bounds. */
  const bool outside = r.vr == r.vm && (!r.acceptBounds || !r.vmIsTrailingZeros);
  *digits = r.vr + (outside || up);
  *exp10 = r.e10 + removed;
  return !(outside && !up);
}

/* Step 4, the common case: no truncation was exact, so there are no ties. */
static int shortest_inexact(ryu_interval r, uint64_t *digits, int32_t *exp10) {
  int32_t removed = 0;
  bool roundUp = false;
  const uint64_t vpDiv100 = r.vp / 100, vmDiv100 = r.vm / 100;
  if (vpDiv100 > vmDiv100) { /* two digits at a time (about 86%) */
    const uint64_t vrDiv100 = r.vr / 100;
    const uint32_t vrMod100 = (uint32_t)r.vr - 100 * (uint32_t)vrDiv100;
    roundUp = vrMod100 >= 50;
    r.vr = vrDiv100;
    r.vp = vpDiv100;
    r.vm = vmDiv100;
    removed += 2;
  }
  for (;;) {
    const uint64_t vpDiv10 = r.vp / 10, vmDiv10 = r.vm / 10;
    if (vpDiv10 <= vmDiv10)
      break;
    const uint64_t vrDiv10 = r.vr / 10;
    const uint32_t vrMod10 = (uint32_t)r.vr - 10 * (uint32_t)vrDiv10;
    roundUp = vrMod10 >= 5;
    r.vr = vrDiv10;
    r.vp = vpDiv10;
    r.vm = vmDiv10;
    ++removed;
  }
  const bool outside = r.vr == r.vm;
  *digits = r.vr + (outside || roundUp);
  *exp10 = r.e10 + removed;
  return !(outside && !roundUp);
}

int hg_ryu_shortest(double v, uint64_t *digits, int32_t *exp10) {
  uint64_t bits;
  memcpy(&bits, &v, sizeof bits);
  const uint64_t ieeeMantissa = bits & ((1ull << DOUBLE_MANTISSA_BITS) - 1);
  const uint32_t ieeeExponent = (uint32_t)((bits >> DOUBLE_MANTISSA_BITS) & 0x7ffu);
  ryu_interval r = to_decimal_interval(ieeeMantissa, ieeeExponent);
  if (r.vmIsTrailingZeros || r.vrIsTrailingZeros)
    return shortest_exact(r, digits, exp10);
  return shortest_inexact(r, digits, exp10);
}
