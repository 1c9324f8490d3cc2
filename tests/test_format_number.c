/* test_format_number.c: hg_format_number (Ryu, floor/ryu.c) against the
 * formatter it replaced, byte for byte, and every text read back with strtod.
 *
 * The reference is the previous hg_format_number (git show c77b0e3:floor/csvout.c),
 * restated unchanged: the least N whose %.Ne reads back, found with printf and
 * strtod, laid out in plain notation.  It is independent of Ryu (glibc's
 * exact printf and strtod decide), so agreement on 10^6 values and on the
 * edge cases below shows that the new code writes the same text. */
#include "hg_test.h"

#include "format_ref.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long failures;

/* Same text as the old formatter, same length returned, and the text reads
 * back as v (0 for either zero, "" for NAN and infinities). */
static void check(double v) {
  char a[HG_NUMBER_BUFSIZE], b[HG_NUMBER_BUFSIZE];
  size_t na = hg_format_number(v, a);
  size_t nb = hg_format_number_reference(v, b);
  int ok = strcmp(a, b) == 0 && na == nb && na == strlen(a);
  if (ok && isfinite(v))
    ok = strtod(a, NULL) == v;
  if (!ok && failures++ < 10)
    print_error("%a (%.17g): new '%s' (%zu), old '%s' (%zu)\n", v, v, a, na, b, nb);
}

static void check_near(double v) {
  check(v);
  check(-v);
  check(nextafter(v, INFINITY));
  check(nextafter(v, -INFINITY));
}

static void test_edge_cases(void **state) {
  (void)state;
  failures = 0;
  static const double fixed[] = {0.0,
                                 -0.0,
                                 NAN,
                                 INFINITY,
                                 -INFINITY,
                                 DBL_MIN,
                                 DBL_MAX,
                                 DBL_TRUE_MIN,
                                 DBL_MIN - DBL_TRUE_MIN, /* the largest subnormal */
                                 2.5e-310,
                                 1e21,
                                 1e22,
                                 1e23, /* 9.999999999999999161e22: shortest 1e23 */
                                 1e-7,
                                 1e-6,
                                 1e-5,
                                 0.0001,
                                 1e15,
                                 1e16,
                                 1e17,
                                 9007199254740992.0, /* 2^53 */
                                 9007199254740993.0,
                                 123456789012345678.0,
                                 0.1,
                                 0.2,
                                 0.3,
                                 1.0 / 3.0,
                                 2.0 / 3.0,
                                 5e-324,
                                 1.7976931348623157e308,
                                 12.948,
                                 99.8,
                                 -1234.5,
                                 999999999999999.0,
                                 9.5,
                                 0.5,
                                 0.125};
  for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
    check_near(fixed[i]);
  for (int e = -1074; e <= 1023; e++) /* every power of two: the uneven intervals */
    check_near(ldexp(1.0, e));
  for (int e = -323; e <= 308; e++) { /* powers of ten and their neighbours */
    char s[16];
    snprintf(s, sizeof s, "1e%d", e);
    check_near(strtod(s, NULL));
  }
  for (int i = 1; i <= 100000; i++) /* integers, and halves (ties at the last digit) */
    check_near((double)i), check((double)i + 0.5);
  for (int64_t i = (1LL << 53) - 1000; i <= (1LL << 53) + 1000; i++)
    check((double)i);
  for (int64_t p = 1; p <= 1000000000000000LL; p *= 10) /* each digit count's two ends */
    for (int64_t d = -2; d <= 2; d++)
      check((double)(p + d));
  for (uint64_t m = 1; m < 5000; m++) /* the smallest subnormals */
    check_near(m * DBL_TRUE_MIN);
  assert_int_equal(failures, 0);
}

/* A small fixed generator (splitmix64): the same values on every run. */
static uint64_t rng = 0x9E3779B97F4A7C15u;
static uint64_t next64(void) {
  uint64_t z = (rng += 0x9E3779B97F4A7C15u);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
  return z ^ (z >> 31);
}

static double random_value(int kind) {
  double u = (double)(next64() >> 11) / 9007199254740992.0; /* [0, 1) */
  switch (kind) {
  case 0: { /* any bit pattern: the whole range, subnormals included */
    uint64_t bits = next64();
    double v;
    memcpy(&v, &bits, sizeof v);
    return v;
  }
  case 1: /* rates and percentages as computed */
    return (u - 0.5) * 2000;
  case 2: /* short decimals as read from data, 0 to 6 places */
    return (double)(int64_t)(next64() % 100000000) / pow(10, (double)(next64() % 7));
  default: /* any binary exponent */
    return ldexp(u, (int)(next64() % 2098) - 1074);
  }
}

static void test_random_million(void **state) {
  (void)state;
  failures = 0;
  for (int i = 0; i < 1000000; i++)
    check(random_value(i % 4));
  assert_int_equal(failures, 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_edge_cases),
                                     cmocka_unit_test(test_random_million)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
