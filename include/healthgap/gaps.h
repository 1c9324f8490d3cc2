/* healthgap/gaps.h: gaps between groups: differences and ratios with limits, Arriaga, gap trends.
 * Implemented in indicators/gaps.c.  (Contract to be written with the implementation.) */
#ifndef HEALTHGAP_GAPS_H
#define HEALTHGAP_GAPS_H

#include "healthgap/status.h"

#endif
