/* floor/ryu.h: the shortest decimal of a double (Ryu), for hg_format_number.
 * Internal to floor/; the algorithm, its source and licence are in ryu.c. */
#ifndef HG_FLOOR_RYU_H
#define HG_FLOOR_RYU_H

#include <stdint.h>

/* The shortest decimal digits * 10^exp10 that reads back (round to nearest,
 * ties to even, as strtod) as the finite, non-zero double v, and among those
 * of that length the closest to v.  digits has no more than 17 digits and may
 * end in zeros.  Returns 1 when that text is also v correctly rounded to that
 * many digits (what printf's %.Ne gives), 0 in the rare case where it is not:
 * only at a power of two, whose interval of doubles reading back is twice as
 * wide above v as below, so a shorter text above v can read back while the
 * nearer one below does not.  (Ryu's proof: Adams, PLDI 2018.) */
int hg_ryu_shortest(double v, uint64_t *digits, int32_t *exp10);

#endif
