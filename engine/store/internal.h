/* engine/store_internal.h: store hooks for the reader and tests (not public API). */
#ifndef HG_STORE_INTERNAL_H
#define HG_STORE_INTERNAL_H

#include "healthgap/store.h"

/* From now on every row key and every text of st gets the same hash, so that
 * the rare path where two different keys share a hash can be tested. */
void hg_store_test_clash_all(hg_store *st);

/* A hint: starts loading the key index slot of o's key, so that the
 * duplicate check at the end of the row does not wait for memory.  The
 * reader calls it once the row's key fields are read. */
void hg_store_prefetch_key(const hg_store *st, const hg_obs *o);

#endif
