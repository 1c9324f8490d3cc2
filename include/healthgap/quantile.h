/* healthgap/quantile.h: quantile assignment (PHEindicatormethods phe_quantile, the
 * PHE/OHID "Assigning Deprivation Categories" method).  Documented in docs/methods-le-sii.md.
 * Implemented in indicators/quantiles.c.
 *
 * One call assigns the quantiles of one group (arrays in, arrays out; pure).
 * Within the group NaN values are excluded and get no quantile; with N non-missing
 * values and rank r (ties take the minimum rank):
 *   quantile = floor((nq + 1) - ceil(((N + 1) - r) / (N / nq))), 0 raised to 1,
 * and no quantile at all when N < nq.  invert (R's default) ranks the highest value
 * first, so the highest value gets quantile 1 (as for IMD scores: 1 = most deprived).
 *
 * Weighting: the PHE method is unweighted: it counts areas, not
 * people.  A population-weighted variant is not provided; callers who need equal-
 * population quantiles must build them from cumulative population themselves.
 */
#ifndef HEALTHGAP_QUANTILE_H
#define HEALTHGAP_QUANTILE_H

#include <stddef.h>

#include "healthgap/status.h"

HG_BEGIN_DECLS

/* Texts of R's `qinverted` column. */
#define HG_QUANTILE_INVERTED_TEXT "lowest quantile represents highest values"
#define HG_QUANTILE_NOT_INVERTED_TEXT "lowest quantile represents lowest values"
/* R's warning when a group has fewer non-missing values than quantiles. */
#define HG_QUANTILE_TOO_FEW_TEXT                                                                   \
  "One or more groups had too few small areas with values to allow quantiles to be assigned"

/* Assigns quantile[i] in 1..nquantiles for each of the n values of one group, or
 * 0 (= NA) where values[i] is NaN or the group has fewer than nquantiles
 * non-missing values (then *too_few = 1, else 0; too_few may be NULL).
 * quantile has n entries, written by the call (caller-owned).
 * Errors: HG_ERR_RANGE if nquantiles < 1 ("nquantiles must be a positive integer");
 * HG_ERR_NOMEM. */
hg_status hg_quantile_assign(const double *values, size_t n, int nquantiles, int invert,
                             int *quantile, int *too_few, hg_error *err);

/* Parses an invert field value as R's test data spells it: "TRUE"/"FALSE"
 * (any case, also "T"/"F"/"1"/"0") or the Fingertips polarity texts
 * "RAG - Low is good" (TRUE: high values first) / "RAG - High is good" (FALSE).
 * HG_ERR_INVALID with "invert expressed as a logical must equal TRUE or FALSE"
 * otherwise. */
hg_status hg_quantile_parse_invert(const char *text, int *invert, hg_error *err);

/* Checks that the invert flags of one group (n entries) are all the same; on
 * success *invert is that value.  HG_ERR_INVALID with "invert field values must
 * take the same logical value for each data grouping set" otherwise. */
hg_status hg_quantile_group_invert(const int *flags, size_t n, int *invert, hg_error *err);

HG_END_DECLS
#endif
