/* healthgap/quantile.h: quantile assignment (PHE Assigning Deprivation Categories).
 * Implemented in indicators/quantiles.c.  (Contract to be written with the implementation.) */
#ifndef HEALTHGAP_QUANTILE_H
#define HEALTHGAP_QUANTILE_H

#include "healthgap/status.h"

#endif
