/* healthgap/deprivation.h: deprivation quantile labels (part of the floor: every
 * layer may use it).
 *
 * One reading of the labels publishers give deprivation deciles and quintiles,
 * shared by the inequality measures (engine/analyse: which quantile is the most
 * deprived, are they all there) and the charts' spec builder (engine/render:
 * bars and gradient points most deprived first), so that they cannot disagree
 * on a label.
 */
#ifndef HEALTHGAP_DEPRIVATION_H
#define HEALTHGAP_DEPRIVATION_H

#include "healthgap/status.h"

HG_BEGIN_DECLS

/* Position of a deprivation category label, 1 = most deprived, or 0 when the
 * label does not say it.  Case-insensitive; knows
 *   Fingertips' labels: "Most deprived decile (IMD2019)", "Second most deprived
 *     decile", "Third more deprived decile", ..., "Fifth less deprived decile",
 *     ..., "Least deprived quintile", "Average deprived quintile" (= 3), with
 *     the ordinal as a word or abbreviated ("2nd more deprived decile") and
 *     anywhere in the label: "more"/"most" count from the most deprived end,
 *     "less"/"least" from the least deprived end;
 *   plain numbers: "1" = most deprived .. "100".
 * nq (may be NULL) receives the number of quantiles the label implies: 10 for
 * "decile", 5 for "quintile", 0 when unknown (plain numbers; a label that
 * names no quantile, such as "Most deprived 20%", or an ordinal beyond half
 * of them).  A position counted from the least deprived end needs nq, so
 * without one the label ranks 0.
 * order (may be NULL) receives a sort key for every label, most deprived
 * first, even when the rank is 0: the rank's place from the most deprived end
 * (k for "k-th more/most"), 100 - k from the least deprived end, the number
 * itself for a plain number, 50 for a label that names neither end ("Average",
 * "White British"); sort equal keys by the label's own number, then its text. */
int hg_deprivation_rank(const char *label, int *nq, int *order);

HG_END_DECLS
#endif
