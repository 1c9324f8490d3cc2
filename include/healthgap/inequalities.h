/* healthgap/inequalities.h: inequality analysis over the store: deprivation, categories, gap trends.
 * Implemented in engine/inequalities.c.  (Contract to be written with the implementation.) */
#ifndef HEALTHGAP_INEQUALITIES_H
#define HEALTHGAP_INEQUALITIES_H

#include "healthgap/status.h"

#endif
