/* healthgap/table.h: a small CSV table held in memory as text cells.
 *
 * For lookups, oracle files, metadata, targets and other inputs that are read
 * whole and addressed by column name.  Large indicator files go through the
 * streaming readers in healthgap/ingest.h instead.  RFC 4180 (libcsv), a UTF-8
 * BOM is stripped, CRLF and LF both end rows, blank lines are skipped.
 *
 * Quoting is strict: a quote inside an unquoted field or text after a closing
 * quote is a stray quote, and a quoted field still open at the end of the file
 * or past the size limits below is an unclosed quote.  Either fails the read
 * (HG_ERR_PARSE naming the row's line), or with keep_bad_rows the row is set
 * aside (hg_table_bad_row) and reading resumes on the line after the row's
 * first, so that an unclosed quote cannot swallow the rows below it.
 */
#ifndef HEALTHGAP_TABLE_H
#define HEALTHGAP_TABLE_H

#include <signal.h>
#include <stddef.h>

#include "healthgap/status.h"

HG_BEGIN_DECLS

typedef struct hg_table hg_table;

/* The longest field and row held while reading (the limits are enforced as the
 * bytes arrive, not after): no real cell comes near them, and a quoted field
 * that does is an unclosed quote swallowing the file. */
enum { HG_TABLE_MAX_FIELD_BYTES = 1 << 16, HG_TABLE_MAX_ROW_BYTES = 1 << 20 };

/* Zero-initialised = defaults. */
typedef struct hg_table_options {
  size_t skip_lines;             /* physical lines skipped before the header (default 0) */
  int no_header;                 /* 1: columns are named "1", "2", ... (default 0) */
  int strict_width;              /* 1: a row whose field count differs from the header is an
                                    HG_ERR_FORMAT error naming the line (default 0: short rows
                                    read as empty cells, extra cells kept but unnamed) */
  size_t max_bytes;              /* refuse files larger than this (default 0 = 1 GiB) */
  int keep_bad_rows;             /* 1: a row with a stray or unclosed quote is set aside
                                    (hg_table_nbad) and reading goes on; default 0: it fails
                                    the read with HG_ERR_PARSE */
  size_t max_field_bytes;        /* default 0 = HG_TABLE_MAX_FIELD_BYTES */
  size_t max_row_bytes;          /* default 0 = HG_TABLE_MAX_ROW_BYTES */
  volatile sig_atomic_t *cancel; /* set non-zero (by a signal handler): parsing stops
                                    within a MiB with HG_ERR_ABORTED; default NULL */
  int threads;                   /* 2: a file of 4 MiB or more with no quote character,
                                    read with a header and no skip_lines, is cut at a line
                                    end and its halves parsed at once on two threads: the
                                    same table, a rejected or broken row sends it back to
                                    one thread, so messages do not change.  Default 0 (and
                                    1): one thread; callers that already read files in
                                    parallel leave it so */
} hg_table_options;

/* A row set aside by keep_bad_rows.  Strings are borrowed from the table. */
typedef struct hg_table_bad {
  long line;               /* 1-based physical line on which the row starts */
  size_t field;            /* 0-based field where the quoting broke */
  hg_reject_reason reason; /* HG_REJECT_STRAY_QUOTE or HG_REJECT_UNCLOSED_QUOTE */
  const char *message;
  const char *raw; /* the row's first physical line, without its line end */
} hg_table_bad;

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
/* Rows set aside by keep_bad_rows, in file order. */
size_t hg_table_nbad(const hg_table *t);
const hg_table_bad *hg_table_bad_row(const hg_table *t, size_t i);
/* The file name given at read time (borrowed). */
const char *hg_table_name(const hg_table *t);

/* Keeps the rows i with keep[i] != 0 (keep has hg_table_nrows entries), in
 * order; each keeps its line number, so that messages still name the file's
 * line.  Returns the number of rows left. */
size_t hg_table_keep_rows(hg_table *t, const unsigned char *keep);

/* Parses cell (row, col) with hg_parse_number.  Missing -> *out = NAN, HG_OK.
 * Invalid -> HG_ERR_PARSE with err = "FILE:LINE: column 'C': not a number: 'x'". */
hg_status hg_table_number(const hg_table *t, size_t row, size_t col, double *out, hg_error *err);

/* One row of a streamed file: its cells (NUL-terminated, borrowed until the
 * callback returns), row 0 being the header. */
typedef void (*hg_table_row_fn)(void *data, size_t row, const char *const *cells, size_t ncells);

/* Reads path row by row, holding one row at a time (a file too big to hold
 * as a table: a run's results/indicators.csv for results/changes.csv): fn
 * gets the header, then each row.  A UTF-8 BOM is skipped, quoting is
 * strict and the field and row limits of HG_TABLE_MAX_*_BYTES hold; blank
 * lines are skipped.  HG_ERR_IO, HG_ERR_FORMAT (hg_input_check), HG_ERR_PARSE
 * (err names file and line), HG_ERR_EMPTY (no header row). */
hg_status hg_table_stream(const char *path, hg_table_row_fn fn, void *data, hg_error *err);

HG_END_DECLS
#endif
