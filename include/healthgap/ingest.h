/* healthgap/ingest.h: readers of Fingertips exports, tidy and mapped CSVs into the store; validation and rejects.
 * Implemented in engine/ingest.c and friends.  (Contract to be written with the implementation.) */
#ifndef HEALTHGAP_INGEST_H
#define HEALTHGAP_INGEST_H

#include "healthgap/status.h"

#endif
