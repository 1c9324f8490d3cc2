/* healthgap/status.h: the one status enum, the data-error record, strict numbers.
 *
 * Every library function that can fail returns hg_status.  The library never
 * prints and never exits: where a failure is about input data, the function also
 * fills a caller-supplied hg_error (file, line, column, message) that the CLI
 * formats as `FILE:LINE: column 'NAME': MESSAGE`.
 */
#ifndef HEALTHGAP_STATUS_H
#define HEALTHGAP_STATUS_H

#include <stddef.h>

/* Every public header wraps its declarations in HG_BEGIN_DECLS/HG_END_DECLS:
 * C linkage for C++ callers, and default symbol visibility.  The library is
 * built with -fvisibility=hidden, so what is declared only in the internal
 * headers beside the sources (engine/STAGE/NAME.h, charts/internal.h) is not
 * exported by build/libhealthgap.a (see the Makefile's LIB rule). */
#ifdef __cplusplus
#define HG_BEGIN_DECLS                                                                             \
  extern "C" {                                                                                     \
  _Pragma("GCC visibility push(default)")
#define HG_END_DECLS                                                                               \
  _Pragma("GCC visibility pop")                                                                    \
  }
#else
#define HG_BEGIN_DECLS _Pragma("GCC visibility push(default)")
#define HG_END_DECLS _Pragma("GCC visibility pop")
#endif

HG_BEGIN_DECLS

typedef enum hg_status {
  HG_OK = 0,
  HG_ERR_IO,        /* open/read/write/rename failed (errno-level problem) */
  HG_ERR_PARSE,     /* malformed CSV, JSON or config text */
  HG_ERR_NOMEM,     /* allocation failed, or an input-driven size exceeded its bound */
  HG_ERR_RANGE,     /* an argument outside its domain (confidence 0.5, negative count, ...) */
  HG_ERR_INVALID,   /* input that parses but breaks a rule (lower > upper, missing column) */
  HG_ERR_FORMAT,    /* file layout not recognised (wrong header, wrong column count) */
  HG_ERR_EMPTY,     /* no data where data is required (empty file, header only, empty group) */
  HG_ERR_CONFIG,    /* pack config error (unknown key, bad value) */
  HG_ERR_LOCKED,    /* another run holds the output lock */
  HG_ERR_ABORTED,   /* interrupted (SIGINT/SIGTERM) or cancelled by a callback */
  HG_ERR_RENDER,    /* cairo/pango surface or drawing failed */
  HG_ERR_NOT_FOUND, /* a named thing (indicator, area, chart type, method) does not exist */
  HG_ERR_UNCHANGED, /* not an error: inputs and config unchanged since the last run */
  HG_ERR_AMBIGUOUS, /* a request that matches several things (series): the caller must choose */
  HG_STATUS_COUNT
} hg_status;

/* Static English text for a status; never NULL. */
const char *hg_strerror(hg_status st);

/* Where and why input data was refused.  line is 1-based physical line, 0 when
 * not applicable; column is the header name ("" when not applicable). */
typedef struct hg_error {
  char file[512];
  long line;
  char column[128];
  char message[512];
} hg_error;

/* Clears an error record (all fields empty). NULL-safe. */
void hg_error_clear(hg_error *err);

/* Fills err (NULL-safe) with printf-style message; file/column may be NULL. */
void hg_error_set(hg_error *err, const char *file, long line, const char *column, const char *fmt,
                  ...) __attribute__((format(printf, 5, 6)));

/* Writes "FILE:LINE: column 'C': MESSAGE" (parts omitted when empty) into buf;
 * returns buf. */
char *hg_error_format(const hg_error *err, char *buf, size_t size);

/* Why a row was rejected.  The names (hg_reject_reason_name) are the stable
 * `reason` values of rejects.csv. */
typedef enum hg_reject_reason {
  HG_REJECT_NONE = 0,
  HG_REJECT_FIELD_COUNT,    /* "field_count": row width differs from the header */
  HG_REJECT_NOT_NUMBER,     /* "not_a_number": a numeric field that is not a plain decimal */
  HG_REJECT_MISSING_KEY,    /* "missing_key": empty indicator, area code or period */
  HG_REJECT_BAD_PERIOD,     /* "bad_period": period text not recognised, no sortable */
  HG_REJECT_LIMITS,         /* "limits_order": not lower <= value <= upper */
  HG_REJECT_NEGATIVE_COUNT, /* "negative_count": count < 0 */
  HG_REJECT_DENOMINATOR,    /* "bad_denominator": denominator <= 0 */
  HG_REJECT_DUPLICATE,      /* "duplicate_key": same key as an earlier stored row */
  HG_REJECT_BAD_TEXT,       /* "bad_text": a NUL byte in a text field */
  HG_REJECT_BAD_CODE,       /* "bad_code": an area code that is an ONS code mistyped
                               (lower case, spaces): never a second area */
  HG_REJECT_STRAY_QUOTE,    /* "stray_quote": a quote inside an unquoted field, or text
                               after a closing quote */
  HG_REJECT_UNCLOSED_QUOTE, /* "unclosed_quote": a quoted field opened on the row's line
                               and not closed there: it ran to the end of the file, past
                               the field or row size limit, or into a broken row; the
                               lines after the row's first are read again on their own */
  HG_REJECT_COUNT_ABOVE_DENOMINATOR, /* "count_above_denominator": a proportion whose
                                        count is larger than its denominator */
  HG_REJECT_REASON_COUNT
} hg_reject_reason;

/* Stable name of a reason ("not_a_number", ...); "" for NONE. */
const char *hg_reject_reason_name(hg_reject_reason r);

/* Result of hg_parse_number. */
typedef enum hg_num { HG_NUM_OK = 0, HG_NUM_MISSING = 1, HG_NUM_INVALID = 2 } hg_num;

/* Parses the whole field s[0..len) as a finite decimal number (C locale, optional
 * sign, digits, '.', exponent; surrounding ASCII spaces ignored).  An empty field
 * is HG_NUM_MISSING.  "NA", "inf", "nan", hex and thousands separators are
 * HG_NUM_INVALID here: layouts that accept them (the mapped layout's `na` and
 * thousands options) normalise the text first.  *out is NAN unless HG_NUM_OK. */
hg_num hg_parse_number(const char *s, size_t len, double *out);

/* Parses one NUL-terminated data cell as R reads a CSV column: empty or the text
 * NA (R's missing value) is HG_NUM_MISSING with *out = NAN; otherwise
 * hg_parse_number.  Every method reads its numeric columns through this or
 * hg_parse_cell_len (from a table, or straight off a file:
 * engine/ingest/project.c), so NA means the same everywhere. */
hg_num hg_parse_cell(const char *cell, double *out);
/* hg_parse_cell of a cell given by its bytes s[0..len), not NUL-terminated (a
 * NUL among them ends the cell there, as in a table): the file reader's, which
 * reads fields where they lie in the file. */
hg_num hg_parse_cell_len(const char *s, size_t len, double *out);

HG_END_DECLS
#endif
