/* healthgap/methods.h: the method registry (name -> function, arguments, output columns).
 * Implemented in indicators/registry.c.  (Contract to be written with the implementation.) */
#ifndef HEALTHGAP_METHODS_H
#define HEALTHGAP_METHODS_H

#include "healthgap/status.h"

#endif
