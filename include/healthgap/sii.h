/* healthgap/sii.h: slope and relative index of inequality (phe_sii).
 * Implemented in indicators/sii.c.  (Contract to be written with the implementation.) */
#ifndef HEALTHGAP_SII_H
#define HEALTHGAP_SII_H

#include "healthgap/status.h"

#endif
