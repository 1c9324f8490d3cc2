/* healthgap/trend.h: Fingertips' recent trend and average annual change.
 * Implemented in indicators/trend.c.  (Contract to be written with the implementation.) */
#ifndef HEALTHGAP_TREND_H
#define HEALTHGAP_TREND_H

#include "healthgap/status.h"

#endif
