/* healthgap/rates.h: proportion, crude rate, mean (PHEindicatormethods phe_proportion, phe_rate, phe_mean).
 * Implemented in indicators/rates.c.  (Contract to be written with the implementation.) */
#ifndef HEALTHGAP_RATES_H
#define HEALTHGAP_RATES_H

#include "healthgap/status.h"

#endif
