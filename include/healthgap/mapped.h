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
 * Implemented in engine/ingest/mapped.c on top of hg_table.  The specs
 * (hg_mapped_spec, declared in healthgap/config.h) are normally filled by the
 * pack config (docs/config.md).
 */
#ifndef HEALTHGAP_MAPPED_H
#define HEALTHGAP_MAPPED_H

#include <signal.h>
#include <stddef.h>

#include "healthgap/config.h"
#include "healthgap/ingest.h"
#include "healthgap/status.h"

HG_BEGIN_DECLS

/* hg_mapped_spec (how a file maps onto fields) is part of the pack config:
 * healthgap/config.h. */

/* Called once per data row (once per pivoted column of a row).  values[i] is the
 * text of fields[i] as given to hg_mapped_read: "" when missing or unmapped,
 * NA tokens replaced by "", thousands separators removed from numbers.  raw is
 * the source row as read (cells re-joined as CSV), for rejects.csv.  The
 * strings are borrowed for the call only.  line is the 1-based physical line.
 * A status other than HG_OK stops the read and is returned by hg_mapped_read. */
typedef hg_status (*hg_mapped_row_fn)(void *data, const char *const *values, const char *raw,
                                      long line, hg_error *err);

/* Every line below the header is counted once: blank, a note, broken, or a
 * data row whose values (one per pivoted column) are each emitted or
 * filtered out, so that rows_emitted + rows_filtered = rows_read times the
 * pivoted columns (1 without a pivot). */
typedef struct hg_mapped_stats {
  size_t rows_read;     /* data rows (before pivot): not blank, not a note, not broken */
  size_t rows_emitted;  /* callbacks made */
  size_t rows_filtered; /* values removed by the filter.* rules (pivoted values each) */
  size_t rows_notes;    /* note lines: text in the first cell only (ONS, Nomis footnotes) */
  size_t rows_bad;      /* rows with a stray or unclosed quote, passed to on_reject */
} hg_mapped_stats;

/* Reads path through spec and calls fn for each row, in file order.
 * fields lists the nfields field names the caller wants, in the order of
 * values.  A mapped source column absent from the header is HG_ERR_FORMAT naming
 * it; a spec field the caller did not ask for is HG_ERR_CONFIG (a typo in the
 * pack config).  Blank lines are skipped; a line whose only text is in its
 * first cell is a note (Nomis/ONS footnotes) and counted, not emitted; every
 * other line is a data row (one with an empty key is the callback's to
 * reject).  A row with a stray or unclosed quote (healthgap/table.h) is
 * passed to on_reject (file, line, column, reason, its first line as raw;
 * data is its userdata; non-zero stops the read with HG_ERR_ABORTED) and the
 * lines after its first are read on their own; with on_reject NULL it fails
 * the read (HG_ERR_PARSE).  stats may be NULL. */
hg_status hg_mapped_read(const char *path, const hg_mapped_spec *spec, const char *const *fields,
                         size_t nfields, hg_mapped_row_fn fn, hg_reject_fn on_reject, void *data,
                         hg_mapped_stats *stats, hg_error *err);

/* hg_mapped_read that stops with HG_ERR_ABORTED soon after *cancel (NULL =
 * never) becomes non-zero: it is looked at every MiB parsed and every few
 * thousand rows, so that a signal does not wait for the end of a big file. */
hg_status hg_mapped_read_cancel(const char *path, const hg_mapped_spec *spec,
                                const char *const *fields, size_t nfields, hg_mapped_row_fn fn,
                                hg_reject_fn on_reject, void *data, hg_mapped_stats *stats,
                                volatile sig_atomic_t *cancel, hg_error *err);

/* Same from memory (tests); name is used in messages. */
hg_status hg_mapped_read_mem(const char *name, const char *text, size_t len,
                             const hg_mapped_spec *spec, const char *const *fields, size_t nfields,
                             hg_mapped_row_fn fn, hg_reject_fn on_reject, void *data,
                             hg_mapped_stats *stats, hg_error *err);

/* Normalises a numeric text in place: an NA token becomes "", "12,345.6" with
 * thousands = ',' becomes "12345.6" (only when the groups are well formed).
 * Returns s. */
char *hg_mapped_normalise(char *s, char *const *na, char thousands);

/* A number as Fingertips' "Download data" export writes it where the strict
 * rule (hg_parse_number) refuses it: a count with thousands separators
 * ("1,480", groups of three), or its no-data marks (a lone "-", the HTML
 * placeholder <div class="no-data">-</div>), which are missing (*out = NAN).
 * 1 when s[0..len) is one of those, else 0 and *out untouched.  Every reader
 * of Fingertips files uses this one rule. */
int hg_fingertips_number(const char *s, size_t len, double *out);

HG_END_DECLS
#endif
