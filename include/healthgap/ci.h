/* healthgap/ci.h: confidence-interval primitives: Byar's, exact Poisson, Wilson.
 * Implemented in indicators/ci.c.  (Contract to be written with the implementation.) */
#ifndef HEALTHGAP_CI_H
#define HEALTHGAP_CI_H

#include "healthgap/status.h"

#endif
