/* healthgap/le.h: life expectancy: Chiang II abridged life table with Silcocks.
 * Implemented in indicators/life_expectancy.c.  (Contract to be written with the implementation.) */
#ifndef HEALTHGAP_LE_H
#define HEALTHGAP_LE_H

#include "healthgap/status.h"

#endif
