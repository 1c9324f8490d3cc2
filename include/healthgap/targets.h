/* healthgap/targets.h: Health Inequalities Strategy targets, RAG and projections.
 * Implemented in engine/targets.c.  (Contract to be written with the implementation.) */
#ifndef HEALTHGAP_TARGETS_H
#define HEALTHGAP_TARGETS_H

#include "healthgap/status.h"

#endif
