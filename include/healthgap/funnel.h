/* healthgap/funnel.h: funnel plot limits, significance and points.
 * Implemented in indicators/funnel.c.  (Contract to be written with the implementation.) */
#ifndef HEALTHGAP_FUNNEL_H
#define HEALTHGAP_FUNNEL_H

#include "healthgap/status.h"

#endif
