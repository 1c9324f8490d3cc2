/* healthgap/dsr.h: directly standardised rates (calculate_dsr).
 * Implemented in indicators/dsr.c.  (Contract to be written with the implementation.) */
#ifndef HEALTHGAP_DSR_H
#define HEALTHGAP_DSR_H

#include "healthgap/status.h"

#endif
