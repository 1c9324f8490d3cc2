/* healthgap/run.h: the nightly run pipeline and publishing.
 * Implemented in engine/run.c.  (Contract to be written with the implementation.) */
#ifndef HEALTHGAP_RUN_H
#define HEALTHGAP_RUN_H

#include "healthgap/status.h"

#endif
