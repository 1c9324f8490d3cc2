/* healthgap/indicator_registry.h: indicator metadata registry (built in, overridable by CSV).
 * Implemented in engine/indicator_registry.c.  (Contract to be written with the implementation.) */
#ifndef HEALTHGAP_INDICATOR_REGISTRY_H
#define HEALTHGAP_INDICATOR_REGISTRY_H

#include "healthgap/status.h"

#endif
