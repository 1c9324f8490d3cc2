/* healthgap/geography.h: the area hierarchy and aggregation up it.
 * Implemented in engine/ingest/geography.c.
 *
 * One tree of ONS area codes: LSOA -> MSOA -> LAD (borough) -> ICB -> region ->
 * country, loaded from lookup CSVs.  A code has at most one parent; its level
 * comes from its ONS prefix (E01 LSOA, E02 MSOA, E06/E07/E08/E09 LAD, E54 ICB,
 * E12 region, E92 country).  2011 and 2021 MSOAs share the E02 prefix and many
 * codes: a code loaded from both lookups must name the same parent (it does in
 * London, where no borough changed), otherwise loading fails.
 *
 * Aggregation sums counts (numerators and denominators, deaths and populations
 * by age band) from small areas to any ancestor level.  Rates are never averaged:
 * compute the indicator on the summed counts (hg_rate, hg_proportion, or the
 * DSR/LE methods over the summed bands).
 *
 * Ownership: the hierarchy owns every string it returns; they live until
 * hg_geo_free.  Thread safety: read-only use from several threads is safe once
 * loading is finished.
 */
#ifndef HEALTHGAP_GEOGRAPHY_H
#define HEALTHGAP_GEOGRAPHY_H

#include <stddef.h>

#include "healthgap/status.h"
#include "healthgap/table.h"

HG_BEGIN_DECLS

typedef enum hg_geo_level {
  HG_GEO_UNKNOWN = 0,
  HG_GEO_LSOA = 1,
  HG_GEO_MSOA = 2,
  HG_GEO_LAD = 3,
  HG_GEO_ICB = 4,
  HG_GEO_REGION = 5,
  HG_GEO_COUNTRY = 6
} hg_geo_level;

/* Level implied by an ONS code's prefix (HG_GEO_UNKNOWN if none). */
hg_geo_level hg_geo_level_of_code(const char *code);
/* "LSOA", "MSOA", "LAD", "ICB", "Region", "Country" or "" (never NULL). */
const char *hg_geo_level_name(hg_geo_level level);

typedef struct hg_geo hg_geo;

hg_geo *hg_geo_new(void); /* NULL on allocation failure */
void hg_geo_free(hg_geo *g);

/* Adds code (with name, may be NULL) under parent_code (NULL or "" for a root);
 * the parent is added too if unknown.  Adding a known code again is fine when
 * the parent agrees (a missing name is filled in); a different parent is
 * HG_ERR_INVALID, as is an empty code or a parent at a level not above the
 * child's (when both levels are known). */
hg_status hg_geo_add(hg_geo *g, const char *code, const char *name, const char *parent_code,
                     const char *parent_name, hg_error *err);

/* Adds every row of t: child -> parent from the named columns (name columns may
 * be NULL).  Missing columns are HG_ERR_FORMAT; a row with an empty child code is
 * skipped; errors name the file and line. */
hg_status hg_geo_load_table(hg_geo *g, const hg_table *t, const char *child_col,
                            const char *child_name_col, const char *parent_col,
                            const char *parent_name_col, hg_error *err);

/* The London hierarchy from the standard lookups (any path may be NULL to skip):
 *   lsoa11_msoa11_lad: columns LSOA11CD, LSOA11NM, MSOA11CD, MSOA11NM, LAD17CD, LAD17NM
 *                      (ONS OA/LSOA/MSOA/LAD lookup cut to LSOAs);
 *   msoa21_lad23:      MSOA21CD, MSOA21NM, LAD23CD, LAD23NM;
 *   borough_icb:       LA_code, LA_name, ICB_code, ICB_name;
 * then every ICB -> E12000007 London -> E92000001 England. */
typedef struct hg_geo_london_paths {
  const char *lsoa11_msoa11_lad;
  const char *msoa21_lad23;
  const char *borough_icb;
} hg_geo_london_paths;
hg_status hg_geo_load_london(hg_geo *g, const hg_geo_london_paths *paths, hg_error *err);
/* The same from the lookups already read as tables (any may be NULL; borrowed). */
typedef struct hg_geo_london_tables {
  const hg_table *lsoa11_msoa11_lad;
  const hg_table *msoa21_lad23;
  const hg_table *borough_icb;
} hg_geo_london_tables;
hg_status hg_geo_load_london_tables(hg_geo *g, const hg_geo_london_tables *t, hg_error *err);

/* Lookups: NULL (or HG_GEO_UNKNOWN) when the code is not in the hierarchy. */
int hg_geo_has(const hg_geo *g, const char *code);
const char *hg_geo_name(const hg_geo *g, const char *code);
const char *hg_geo_parent(const hg_geo *g, const char *code);
hg_geo_level hg_geo_level_get(const hg_geo *g, const char *code);
/* The code itself if it is at level, else its nearest ancestor at level; NULL if
 * none. */
const char *hg_geo_ancestor(const hg_geo *g, const char *code, hg_geo_level level);
/* Number of codes at level. */
size_t hg_geo_count(const hg_geo *g, hg_geo_level level);

/* One aggregate: counts summed over the rows whose area lies in code. */
typedef struct hg_geo_sum {
  const char *code; /* borrowed from the hierarchy */
  long band;        /* the band given per row (age band index), or 0 */
  double num, den;  /* NAN if any row contributing to the group was missing */
  size_t n_rows;    /* rows summed */
  size_t n_missing; /* rows whose num or den was missing */
} hg_geo_sum;

/* Sums num (and den, may be NULL: den is then NAN) of n rows with area codes[i]
 * (and band[i], may be NULL) into their ancestors at level.  *out is a new
 * array of *n_out sums sorted by code then band; free it with free().
 * A code not in the hierarchy, or without an ancestor at level, is
 * HG_ERR_NOT_FOUND naming it.  Missing is not zero: a group with a missing
 * count gets NAN there and counts it in n_missing. */
hg_status hg_geo_aggregate(const hg_geo *g, size_t n, const char *const *codes, const long *band,
                           const double *num, const double *den, hg_geo_level level,
                           hg_geo_sum **out, size_t *n_out, hg_error *err);

HG_END_DECLS
#endif
