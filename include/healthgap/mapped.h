/* healthgap/mapped.h: the `mapped` input layout (files read as they are).
 *
 * Real files arrive in their publishers' layouts: metadata lines above the
 * header (Nomis), notes below the data (ONS), several header rows (the GLA MSOA
 * atlas), `NA` or `..` for missing, thousands separators, and wide tables with
 * one column per single year of age.  A hg_mapped_spec says how such a file maps
 * onto named fields (the tidy column names, or the count-table fields
 * area_code, period, sex, age_band, deaths, population); hg_mapped_read then
 * hands each data row to a callback as an array of field texts.
 *
 * Implemented in engine/ingest/mapped.c on top of hg_table.  The specs are
 * normally filled by the pack config (healthgap/config.h; docs/config.md).
 */
#ifndef HEALTHGAP_MAPPED_H
#define HEALTHGAP_MAPPED_H

#include <stddef.h>

#include "healthgap/status.h"

HG_BEGIN_DECLS

/* field <- text: a source column name (column.FIELD) or a constant (set.FIELD). */
typedef struct hg_mapped_pair {
  char *field;
  char *text;
} hg_mapped_pair;

/* Zero-initialised = a plain CSV whose header names are the field names. */
typedef struct hg_mapped_spec {
  size_t skip_rows;        /* physical lines before the header (skip_rows; default 0) */
  size_t header_rows;      /* header rows; with more than one, a column's name is its
                              last non-empty header cell (header_rows; default 1) */
  char **na;               /* NULL-terminated tokens read as missing (na; default
                              NULL = none besides the empty field) */
  char thousands;          /* thousands separator removed from numbers such as
                              "12,345" (thousands; default 0 = none) */
  hg_mapped_pair *columns; /* column.FIELD = source column header */
  size_t ncolumns;
  hg_mapped_pair *constants; /* set.FIELD = constant text (e.g. indicator_id) */
  size_t nconstants;
  int columns_optional; /* 1: a mapped column absent from the header reads as
                           empty (presets for known formats; default 0: error) */
  /* Unpivot (pivot.*): every source column from pivot_from to pivot_to
   * (inclusive, by header) becomes its own row, the header text (less
   * pivot_strip, if it starts with it) going to field pivot_key and the cell to
   * field pivot_value.  All NULL = no pivot. */
  char *pivot_from, *pivot_to, *pivot_key, *pivot_value, *pivot_strip;
  /* Rows kept only when every filter matches (filter.FIELD = a;b*): field is
   * the FIELD, text its glob patterns (* and ?) separated by ';', matched
   * against the cell as published, before NA and thousands handling, so that
   * `filter.category = NA` keeps the rows without a breakdown.  Also the way
   * to drop footnotes that fill two cells (filter.area_code = E09*). */
  hg_mapped_pair *filters;
  size_t nfilters;
} hg_mapped_spec;

/* Frees the members of spec (not spec itself); NULL-safe. */
void hg_mapped_spec_clear(hg_mapped_spec *spec);

/* Called once per data row (once per pivoted column of a row).  values[i] is the
 * text of fields[i] as given to hg_mapped_read: "" when missing or unmapped,
 * NA tokens replaced by "", thousands separators removed from numbers.  raw is
 * the source row as read (cells re-joined as CSV), for rejects.csv.  The
 * strings are borrowed for the call only.  line is the 1-based physical line.
 * A status other than HG_OK stops the read and is returned by hg_mapped_read. */
typedef hg_status (*hg_mapped_row_fn)(void *data, const char *const *values, const char *raw,
                                      long line, hg_error *err);

typedef struct hg_mapped_stats {
  size_t rows_read;    /* data rows in the file (before pivot), note lines excluded */
  size_t rows_emitted; /* callbacks made */
  size_t rows_skipped; /* note/footer lines and rows removed by the filter */
} hg_mapped_stats;

/* Reads path through spec and calls fn for each row, in file order.
 * fields lists the nfields field names the caller wants, in the order of
 * values.  A mapped source column absent from the header is HG_ERR_FORMAT naming
 * it; a spec field the caller did not ask for is HG_ERR_CONFIG (a typo in the
 * pack config).  Lines with fewer than two non-empty cells (Nomis/ONS notes,
 * blank separator rows) are skipped.  stats may be NULL. */
hg_status hg_mapped_read(const char *path, const hg_mapped_spec *spec, const char *const *fields,
                         size_t nfields, hg_mapped_row_fn fn, void *data, hg_mapped_stats *stats,
                         hg_error *err);

/* Same from memory (tests); name is used in messages. */
hg_status hg_mapped_read_mem(const char *name, const char *text, size_t len,
                             const hg_mapped_spec *spec, const char *const *fields, size_t nfields,
                             hg_mapped_row_fn fn, void *data, hg_mapped_stats *stats,
                             hg_error *err);

/* Normalises a numeric text in place: an NA token becomes "", "12,345.6" with
 * thousands = ',' becomes "12345.6" (only when the groups are well formed).
 * Returns s. */
char *hg_mapped_normalise(char *s, char *const *na, char thousands);

HG_END_DECLS
#endif
