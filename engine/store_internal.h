/* engine/store_internal.h: store hooks for tests only (not public API). */
#ifndef HG_STORE_INTERNAL_H
#define HG_STORE_INTERNAL_H

#include "healthgap/store.h"

/* From now on every row key and every text of st gets the same hash, so that
 * the rare path where two different keys share a hash can be tested. */
void hg_store_test_clash_all(hg_store *st);

#endif
