/* healthgap/ingest.h: streaming readers of indicator CSVs into the store,
 * row validation and the rejects file.
 *
 * Two layouts (docs/ingest.md):
 *  - HG_FORMAT_FINGERTIPS: a Fingertips export of any vintage (25 to 27
 *    columns) or fingertipsR's data frame written from R, columns by their
 *    normalised names in any order, UTF-8 BOM, quoted fields, CRLF;
 *  - HG_FORMAT_TIDY: our long format (the column names of
 *    results/indicators.csv), columns by header name in any
 *    order; required indicator_id, area_code, period and either value or
 *    count + denominator; unknown columns are listed in the report, not fatal.
 *
 * Two kinds of failure:
 *  - a row that breaks a rule (not a number, lower > upper, negative count,
 *    duplicate key, wrong field count...) is REJECTED: it is passed to the
 *    reject callback with file, line, column, reason and raw text, counted in the
 *    report, and not stored; reading goes on.  Nothing is dropped silently.
 *  - a whole-file problem (cannot open, empty, header not recognised, required
 *    column missing, not UTF-8, malformed CSV in strict mode, a row longer than
 *    max_row_bytes) is an hg_status with err naming file, line and column.
 *    Rows accepted before the problem stay in the store.
 *
 * Memory: the file is read in buffer_size blocks and fed to the CSV parser one
 * physical line at a time; the only input-driven allocations are the current
 * row (bounded by max_row_bytes), the distinct texts interned in the store and
 * the rows kept in the store.  A read with keys_only set keeps no rows: it
 * keeps their keys alone, in an hg_key_set (21 to 43 bytes per distinct key),
 * which is what `healthgap validate` does.
 */
#ifndef HEALTHGAP_INGEST_H
#define HEALTHGAP_INGEST_H

#include <signal.h>
#include <stddef.h>
#include <stdio.h>

#include "healthgap/status.h"
#include "healthgap/store.h"

HG_BEGIN_DECLS

typedef enum hg_format {
  HG_FORMAT_AUTO = 0, /* decide from the header (the default) */
  HG_FORMAT_FINGERTIPS = 1,
  HG_FORMAT_TIDY = 2
} hg_format;

/* Name of a format ("auto", "fingertips", "tidy"). */
const char *hg_format_name(hg_format f);
/* Parses a --format argument; HG_ERR_NOT_FOUND if unknown. */
hg_status hg_format_parse(const char *name, hg_format *out);

/* Why a row was rejected (hg_reject_reason, hg_reject_reason_name) is declared
 * in healthgap/status.h, so that the run state can record reasons of its own
 * (duplicate keys) without depending on the readers. */

/* One rejected row, as passed to the reject callback.  Every pointer is
 * borrowed and valid only during the callback. */
typedef struct hg_reject {
  const char *file;   /* the name the file was read under */
  long line;          /* 1-based physical line where the row ends */
  const char *column; /* header name of the offending column; "" for the whole row */
  hg_reject_reason reason;
  const char *message; /* e.g. "not a number: 'abc'" */
  const char *raw;     /* the row's text as read: its physical line (or lines, when a
                          quoted field holds a line break) without the final line end */
} hg_reject;

/* Return 0 to go on, non-zero to stop reading (hg_read_* then returns HG_ERR_ABORTED). */
typedef int (*hg_reject_fn)(const hg_reject *reject, void *userdata);

/* Called with each accepted row (borrowed: valid during the call only). */
typedef void (*hg_accept_fn)(const hg_obs *obs, void *userdata);

/* The keys of rows read but not stored (hg_read_options.keys_only), so that
 * duplicates are still rejected: exact (no hash is trusted unconfirmed), 16
 * bytes a slot at most 3/4 full, plus 24 bytes per distinct key-without-area.
 * Ids are the store's: use one set with one store, for every file read into it. */
typedef struct hg_key_set hg_key_set;

hg_key_set *hg_key_set_new(void); /* aborts on allocation failure, like GLib */
void hg_key_set_free(hg_key_set *ks);
/* Number of distinct keys held. */
size_t hg_key_set_size(const hg_key_set *ks);

/* Zero-initialised = defaults.  The CLI flag of each field is named. */
typedef struct hg_read_options {
  hg_format format;              /* --format; default HG_FORMAT_AUTO */
  size_t buffer_size;            /* read block in bytes; default 0 = 64 KiB; 1 is allowed (tests) */
  size_t max_row_bytes;          /* a longer row is an HG_ERR_NOMEM error; default 0 = 1 MiB */
  hg_reject_fn on_reject;        /* default NULL: rejects are only counted */
  void *userdata;                /* passed to on_reject */
  int strict;                    /* 1: strict RFC 4180 (a stray quote is an HG_ERR_PARSE error)
                                    and the first rejected row stops reading with
                                    HG_ERR_INVALID (err names it); default 0 */
  volatile sig_atomic_t *cancel; /* set non-zero (by a signal handler): reading stops
                                    within a block with HG_ERR_ABORTED; default NULL */
  hg_key_set *keys_only;         /* non-NULL: accepted rows are not appended to the store
                                    (which still interns their texts and names the
                                    source); their keys go to this set, a key already in
                                    it is a duplicate as usual, and report->accepted
                                    counts them.  Memory stays bounded by distinct keys
                                    and texts.  Default NULL: rows are stored */
  hg_accept_fn on_accept;        /* each accepted row (stored or not); default NULL */
} hg_read_options;

/* What one hg_read_* call did.  Filled (zeroed first) even on failure. */
typedef struct hg_read_report {
  hg_format format; /* layout detected or forced */
  size_t rows_read; /* data rows seen (header and blank lines not counted) */
  size_t accepted;  /* rows appended to the store (with keys_only: accepted) */
  size_t rejected;  /* rows passed to on_reject */
  size_t rejected_by_reason[HG_REJECT_REASON_COUNT];
  size_t unknown_columns;         /* tidy: header columns not used */
  char unknown_column_names[512]; /* their names, comma-separated (truncated with "...") */
  uint32_t source;                /* hg_store source index given to the file's rows */
  /* Rows whose `Time period Sortable` contradicted their period text (a real
   * export gives 20210000 for 2010/11): the key made from the text was used. */
  size_t sortable_replaced;
} hg_read_report;

/* Reads path ("-" = stdin) into st, registering path as a source.  report and
 * err may be NULL.  Errors: HG_ERR_IO (cannot open/read), HG_ERR_EMPTY (no
 * header), HG_ERR_FORMAT (header not recognised or wrong width, required column
 * missing, not UTF-8), HG_ERR_PARSE (malformed CSV in strict mode),
 * HG_ERR_NOMEM (row over max_row_bytes), HG_ERR_INVALID (strict and a row
 * was rejected), HG_ERR_ABORTED (on_reject asked to stop). */
hg_status hg_read_file(hg_store *st, const char *path, const hg_read_options *opt,
                       hg_read_report *report, hg_error *err);

/* The same over memory (data need not be NUL-terminated); name is used as the
 * file name in the store, errors and rejects. */
hg_status hg_read_mem(hg_store *st, const char *name, const char *data, size_t len,
                      const hg_read_options *opt, hg_read_report *report, hg_error *err);

/* The row rules shared by every layout (the mapped layout calls this before
 * hg_store_append): lower95 <= value <= upper95 and lower998 <= value <= upper998
 * where present, count >= 0, denominator > 0, and no stored row with the same
 * key (hg_store_find).  Returns HG_REJECT_NONE if the row may be stored; else
 * sets *column to the tidy name of the offending field ("count", "denominator",
 * "lower_ci95", "upper_ci998", ...; "" for a duplicate; column may be NULL) and
 * writes a message into msg[0..msg_size) (msg may be NULL).  The mapped layout
 * translates the name back to its own header. */
hg_reject_reason hg_validate_obs(const hg_store *st, const hg_obs *obs, const char **column,
                                 char *msg, size_t msg_size);

/* Writer of rejects.csv (docs/ingest.md): header
 * `file,line,column,reason,raw,message` (message is the human text; readers
 * must allow columns added at the end), UTF-8 BOM, RFC 4180. */
typedef struct hg_rejects_writer hg_rejects_writer;

/* Starts a writer on fp (borrowed) and writes the header; NULL on allocation failure. */
hg_rejects_writer *hg_rejects_writer_new(FILE *fp);
/* Writes one row. */
void hg_rejects_write(hg_rejects_writer *w, const hg_reject *r);
/* An hg_reject_fn: pass the writer as userdata.  Always returns 0. */
int hg_rejects_write_cb(const hg_reject *r, void *writer);
/* Flushes and frees the writer; HG_ERR_IO if any write failed. */
hg_status hg_rejects_writer_finish(hg_rejects_writer *w);

/* The tidy name ("indicator_id", "area_code", "period", "lower_ci95",
 * "recent_trend", "compared_to_england", "compared_to_parent", ...) of a column
 * header as any input layout writes it: tidy, every Fingertips export vintage
 * ("Area Code", "AreaName", "Lower CI 95.0 limit"), fingertipsR's data frame
 * ("IndicatorID", "Timeperiod") and FingertipsNext's CSV download ("Area code",
 * "Period", "Lower confidence limit 95%").  NULL when the name is not one of
 * an indicator file's columns.  The returned string is static.  Readers of
 * indicator files other than the ingest stage's (charts, gaps) find their
 * columns through this, so that every command reads the same files. */
const char *hg_column_canonical(const char *header_name);

HG_END_DECLS
#endif
