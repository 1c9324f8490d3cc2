/* healthgap/isr.h: indirectly standardised rates and ratios (calculate_ISRate,
 * calculate_ISRatio; docs/methods.md).  Implemented in indicators/isr.c.
 * Pure functions over arrays; NAN is R's NA.
 */
#ifndef HEALTHGAP_ISR_H
#define HEALTHGAP_ISR_H

#include <stddef.h>

#include "healthgap/rates.h"
#include "healthgap/status.h"

HG_BEGIN_DECLS

/* Expected events E = sum na0(xref_i) / nref_i * na0(n_i) over k bands. */
double hg_isr_expected(const double *n, const double *xref, const double *nref, size_t k);

/* Reference rate sum xref (NA removed) / sum nref * multiplier (ISRate's K). */
double hg_isr_ref_rate(const double *xref, const double *nref, size_t k, double multiplier);

/* value = O/E*K with the Poisson limits of O (exact below 10, Byar's from 10),
 * each /E*K.  K is the reference rate (ISRate) or refvalue (ISRatio).
 * O NAN: all NAN and method HG_CI_NONE. */
void hg_isr(double observed, double expected, double k, const double *levels, size_t nconf,
            hg_estimate *out);

HG_END_DECLS
#endif
