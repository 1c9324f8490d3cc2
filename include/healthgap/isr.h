/* healthgap/isr.h: indirectly standardised rates and ratios (calculate_ISRate, calculate_ISRatio).
 * Implemented in indicators/isr.c.  (Contract to be written with the implementation.) */
#ifndef HEALTHGAP_ISR_H
#define HEALTHGAP_ISR_H

#include "healthgap/status.h"

#endif
