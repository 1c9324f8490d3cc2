/* healthgap/store.h: the observation store.
 *
 * One in-memory store of indicator observations, filled by the readers in
 * healthgap/ingest.h and read by every later stage.  Strings are interned
 * (hg_str ids, 0 = empty string); numeric columns are arrays of double where NAN
 * means missing.  Missing, suppressed and zero are distinct: a suppressed value
 * has value = NAN and value_state = HG_VALUE_SUPPRESSED (and usually a note).
 *
 * Ownership: the store owns every string it returns; pointers from
 * hg_store_str stay valid until hg_store_free (interning never moves them).
 */
#ifndef HEALTHGAP_STORE_H
#define HEALTHGAP_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "healthgap/period.h"
#include "healthgap/status.h"

HG_BEGIN_DECLS

typedef uint32_t hg_str; /* interned string id; 0 is "" */

typedef enum hg_value_state {
  HG_VALUE_MISSING = 0, /* no value given */
  HG_VALUE_PRESENT = 1,
  HG_VALUE_SUPPRESSED = 2 /* withheld (disclosure control); see value_note */
} hg_value_state;

/* One observation, as a row view.  Strings are ids; look them up with hg_store_str. */
typedef struct hg_obs {
  hg_str indicator_id; /* Fingertips numeric id as text, or "hg.xxx" */
  hg_str indicator_name;
  hg_str area_code, area_name, area_type;
  hg_str parent_code, parent_name;
  hg_str period_text; /* as written in the file */
  hg_period period;
  hg_str sex;                     /* "Persons", "Male", "Female" (or as given) */
  hg_str age;                     /* "All ages", "18+ yrs", ... */
  hg_str category_type, category; /* 0 unless an inequality breakdown row */
  double value;
  double lower95, upper95, lower998, upper998;
  double count, denominator;
  hg_value_state value_state;
  hg_str value_note;
  /* Labels carried by Fingertips exports (0 when absent), kept so that our own
   * benchmarking and trends can be checked against them. */
  hg_str fp_recent_trend, fp_compared_england, fp_compared_parent, fp_compared_goal;
  uint32_t source; /* index of the input file (hg_store_source_name) */
  long line;       /* 1-based line in that file */
} hg_obs;

typedef struct hg_store hg_store;

hg_store *hg_store_new(void); /* NULL on allocation failure */
void hg_store_free(hg_store *st);

/* Interns s[0..len); returns its id (0 for the empty string). */
hg_str hg_store_intern(hg_store *st, const char *s, size_t len);
/* Returns the interned text (never NULL; "" for 0 or an unknown id). */
const char *hg_store_str(const hg_store *st, hg_str id);
/* Id of s if already interned, else 0 (does not intern). */
hg_str hg_store_lookup(const hg_store *st, const char *s);

/* Registers an input file name; returns its index for hg_obs.source. */
uint32_t hg_store_add_source(hg_store *st, const char *name);
const char *hg_store_source_name(const hg_store *st, uint32_t source);

/* Number of registered sources. */
size_t hg_store_nsources(const hg_store *st);

/* Sets *obs to an empty observation: every id 0, every number NAN, state
 * HG_VALUE_MISSING.  Start every hg_obs built for hg_store_append with it. */
void hg_obs_init(hg_obs *obs);

/* Appends a copy of *obs (no validation: see hg_validate_obs in ingest.h).  The
 * first row with a given key (indicator_id, area_code, period_text, sex, age,
 * category_type, category) is indexed for hg_store_find.  HG_ERR_NOMEM past
 * 2^32 - 1 rows. */
hg_status hg_store_append(hg_store *st, const hg_obs *obs);
size_t hg_store_size(const hg_store *st);
/* Makes room for `rows` rows in all, so that appends up to there never move
 * the columns (a hint: the readers pass an estimate from the file size, and
 * appends past it still work).  Capped at the store's row limit. */
void hg_store_reserve(hg_store *st, size_t rows);
/* Copies observation i (0 <= i < size) into *out; an out-of-range i gives an
 * empty observation (as hg_obs_init). */
void hg_store_get(const hg_store *st, size_t i, hg_obs *out);
/* Appends *obs unless a row with the same key is stored: then *first is that
 * row's index and nothing is appended; else *first = -1.  One key lookup, for
 * readers that reject duplicates. */
hg_status hg_store_append_unique(hg_store *st, const hg_obs *obs, long *first);
/* Row index of the first stored observation with the same key as *obs, or -1. */
long hg_store_find(const hg_store *st, const hg_obs *obs);
/* Frees the key index (16 to 32 bytes a row) of a store that is complete and
 * about to be read out whole (a run's ingest turns it into result rows):
 * reads go on as before, but hg_store_append and hg_store_append_unique
 * then fail with HG_ERR_INVALID and hg_store_find finds nothing. */
void hg_store_seal(hg_store *st);
/* Number of distinct interned strings, "" included (for statistics). */
size_t hg_store_nstrings(const hg_store *st);

HG_END_DECLS
#endif
