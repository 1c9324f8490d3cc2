/* healthgap/indicator_registry.h: indicator metadata (the indicator registry,
 * docs/benchmarking.md), built in for the project's indicators and overridable
 * by a CSV of the same columns:
 *
 *   indicator_id, name, short_name, unit, value_type, multiplier, polarity,
 *   comparator, decimals, year_type, source, definition, numerator, denominator
 *
 * value_type: hg_value_type_name keys (proportion, crude_rate, dsr, isr, isp,
 * life_expectancy, count, mean, other) or Fingertips' names; polarity: the
 * Fingertips strings (`RAG - Low is good`, `RAG - High is good`, `BOB - Blue
 * orange blue`, `Not applicable`) or low/high/bob/none; comparator: ci95, ci998,
 * ci95_998, quintiles, quartiles, spc_proportion, spc_dsr, none; year_type:
 * calendar, financial, academic, ... (hg_registry_year_type_name).
 *
 * Implemented in engine/ingest/indicator_registry.c.  The registry owns every string
 * and record it returns; they stay valid until the entry is overridden by a
 * later load or the registry is freed.
 */
#ifndef HEALTHGAP_INDICATOR_REGISTRY_H
#define HEALTHGAP_INDICATOR_REGISTRY_H

#include <stddef.h>
#include <stdio.h>

#include "healthgap/benchmark.h"
#include "healthgap/status.h"
#include "healthgap/store.h"
#include "healthgap/table.h"
#include "healthgap/trend.h"

HG_BEGIN_DECLS

typedef struct hg_indicator_meta {
  char *indicator_id; /* Fingertips numeric id as text, or "hg.xxx" */
  char *name;
  char *short_name;
  char *unit; /* "%", "per 100,000", "years", "ug/m3" */
  hg_value_type value_type;
  double multiplier; /* 100 for %, 100000 for per 100,000, 1 otherwise */
  hg_polarity polarity;
  hg_comparator comparator;
  int decimals; /* display rounding */
  hg_year_type year_type;
  char *source; /* publisher and provenance text */
  /* What the packs' methods pages print ("" when the metadata gives none):
   * what is measured, and what the numerator and the denominator count. */
  char *definition, *numerator, *denominator;
} hg_indicator_meta;

typedef struct hg_indicator_registry hg_indicator_registry;

/* A new registry holding the built-in defaults.  NULL on allocation failure. */
hg_indicator_registry *hg_indicator_registry_new(void);
void hg_indicator_registry_free(hg_indicator_registry *reg);

/* Loads a CSV (header names as above, any order; only indicator_id is
 * required).  A row whose id exists overrides the fields whose cells are
 * non-empty; a new id is added with defaults for empty cells (value type other,
 * multiplier 1, polarity Not applicable, comparator none, decimals 1, year type
 * unknown).  Errors (the registry is unchanged on error): HG_ERR_IO, HG_ERR_PARSE
 * (CSV), HG_ERR_FORMAT (no indicator_id column), HG_ERR_INVALID (a cell that does
 * not parse, e.g. polarity "sideways": err names file, line and column). */
hg_status hg_indicator_registry_load_csv(hg_indicator_registry *reg, const char *path,
                                         hg_error *err);
/* The same from a table already read (t borrowed; errors name hg_table_name(t)). */
hg_status hg_indicator_registry_load_table(hg_indicator_registry *reg, const hg_table *t,
                                           hg_error *err);
/* The entry for id, or NULL.  Keys of the targets table without the "hg."
 * prefix (e.g. "pm25_annual_mean") also find "hg.pm25_annual_mean". */
const hg_indicator_meta *hg_indicator_registry_find(const hg_indicator_registry *reg,
                                                    const char *id);
size_t hg_indicator_registry_size(const hg_indicator_registry *reg);
/* Entries sorted by indicator_id (numeric ids first, in numeric order). */
const hg_indicator_meta *hg_indicator_registry_at(const hg_indicator_registry *reg, size_t i);

/* Writes the registry as CSV (house style: BOM, CRLF, sorted, the 11 columns).
 * HG_ERR_IO on a write error. */
hg_status hg_indicator_registry_write_csv(const hg_indicator_registry *reg, FILE *fp);

/* Year type keys used in the registry CSV: "calendar", "financial", "academic",
 * "financial_rolling_quarter", ..., "unknown" for 0.  Parse also accepts
 * Fingertips' names ("Calendar", "Financial", "Academic"); HG_ERR_PARSE else. */
const char *hg_registry_year_type_name(hg_year_type yt);
hg_status hg_registry_year_type_parse(const char *s, hg_year_type *out);

HG_END_DECLS
#endif
