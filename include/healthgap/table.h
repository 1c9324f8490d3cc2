/* healthgap/table.h: a small CSV table held in memory as text cells.
 *
 * For lookups, oracle files, metadata, targets and other inputs that are read
 * whole and addressed by column name.  Large indicator files go through the
 * streaming readers in healthgap/ingest.h instead.  RFC 4180 (libcsv), a UTF-8
 * BOM is stripped, CRLF and LF both end rows, blank lines are skipped.
 */
#ifndef HEALTHGAP_TABLE_H
#define HEALTHGAP_TABLE_H

#include <signal.h>
#include <stddef.h>

#include "healthgap/status.h"

HG_BEGIN_DECLS

typedef struct hg_table hg_table;

/* Zero-initialised = defaults. */
typedef struct hg_table_options {
  size_t skip_lines;             /* physical lines skipped before the header (default 0) */
  int no_header;                 /* 1: columns are named "1", "2", ... (default 0) */
  int strict_width;              /* 1: a row whose field count differs from the header is an
                                    HG_ERR_FORMAT error naming the line (default 0: short rows
                                    read as empty cells, extra cells kept but unnamed) */
  size_t max_bytes;              /* refuse files larger than this (default 0 = 1 GiB) */
  volatile sig_atomic_t *cancel; /* set non-zero (by a signal handler): parsing stops
                                    within a MiB with HG_ERR_ABORTED; default NULL */
} hg_table_options;

/* Reads path ("-" = stdin).  On success *out is a new table, freed with
 * hg_table_free.  On failure *out is NULL and err says file, line and why. */
hg_status hg_table_read(const char *path, const hg_table_options *opt, hg_table **out,
                        hg_error *err);

/* Same from memory; name is used in error messages. data need not be NUL-terminated. */
hg_status hg_table_read_mem(const char *name, const char *data, size_t len,
                            const hg_table_options *opt, hg_table **out, hg_error *err);

void hg_table_free(hg_table *t);

size_t hg_table_nrows(const hg_table *t);
size_t hg_table_ncols(const hg_table *t);
/* Header name of column j (borrowed, valid until hg_table_free). */
const char *hg_table_colname(const hg_table *t, size_t j);
/* Index of the column named name: exact match first, then ASCII case-insensitive
 * ignoring surrounding spaces; -1 if absent. */
long hg_table_col(const hg_table *t, const char *name);
/* Cell text (borrowed, NUL-terminated); "" for a cell past the row's end. */
const char *hg_table_cell(const hg_table *t, size_t row, size_t col);
/* Number of fields actually present in the row. */
size_t hg_table_width(const hg_table *t, size_t row);
/* 1-based physical line on which the row starts. */
long hg_table_line(const hg_table *t, size_t row);
/* The file name given at read time (borrowed). */
const char *hg_table_name(const hg_table *t);

/* Parses cell (row, col) with hg_parse_number.  Missing -> *out = NAN, HG_OK.
 * Invalid -> HG_ERR_PARSE with err = "FILE:LINE: column 'C': not a number: 'x'". */
hg_status hg_table_number(const hg_table *t, size_t row, size_t col, double *out, hg_error *err);

HG_END_DECLS
#endif
