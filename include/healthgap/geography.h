/* healthgap/geography.h: the area hierarchy and aggregation up it.
 * Implemented in engine/geography.c.  (Contract to be written with the implementation.) */
#ifndef HEALTHGAP_GEOGRAPHY_H
#define HEALTHGAP_GEOGRAPHY_H

#include "healthgap/status.h"

#endif
