/* engine/ingest/internal.h: what the reader files share (not public API).
 * ingest.c feeds libcsv and builds rows; header.c recognises the
 * header and maps columns to fields; rules.c holds the row rules. */
#ifndef HG_INGEST_INTERNAL_H
#define HG_INGEST_INTERNAL_H

#include "healthgap/ingest.h"

#include <glib.h>
#include <stddef.h>

/* The fields we know, in Fingertips column order, so that a Fingertips column
 * index is its field number. */
typedef enum {
  F_INDICATOR_ID,
  F_INDICATOR_NAME,
  F_PARENT_CODE,
  F_PARENT_NAME,
  F_AREA_CODE,
  F_AREA_NAME,
  F_AREA_TYPE,
  F_SEX,
  F_AGE,
  F_CATEGORY_TYPE,
  F_CATEGORY,
  F_PERIOD,
  F_VALUE,
  F_LOWER95,
  F_UPPER95,
  F_LOWER998,
  F_UPPER998,
  F_COUNT,
  F_DENOMINATOR,
  F_VALUE_NOTE,
  F_RECENT_TREND,
  F_CMP_ENGLAND,
  F_CMP_PARENT,
  F_SORTABLE,
  F_NEW_DATA,
  F_CMP_GOAL,
  F_PERIOD_RANGE,
  F_BENCHMARK,     /* FingertipsNext: the comparator's area code */
  F_CMP_BENCHMARK, /* FingertipsNext: the comparison with it */
  F_N
} hg_field;

enum { HG_F_UNUSED = -1 };

/* Tidy header name of each field (NULL where the tidy layout has none). */
extern const char *const hg_tidy_names[F_N];

enum { HG_MAX_FIELDS = 1024 };

/* The last few distinct strings of one column: sex, labels and periods cycle
 * among a handful of values, so four entries catch nearly every row. */
enum { HG_STR_CACHE = 4 };
typedef struct {
  hg_str id[HG_STR_CACHE];
  size_t len[HG_STR_CACHE];
  const char *text[HG_STR_CACHE]; /* hg_store_str(id): stable until the store is freed */
  unsigned next;                  /* round-robin victim */
} hg_str_cache;

/* What the field callback does with one column, set once after the header:
 * kind is a K_* of ingest.c, offset where the value lands in hg_reader. */
typedef struct {
  unsigned char kind;
  unsigned char field; /* hg_field, for the string cache */
  unsigned short offset;
} hg_col;

typedef struct hg_reader {
  hg_store *st;
  const char *name;
  const hg_read_options *opt;
  hg_read_report *rep;
  hg_error *err;
  hg_status status;

  /* header */
  int header_done;
  GPtrArray *header; /* header fields while the header row is read */
  size_t ncols;
  int *map;        /* column -> field or HG_F_UNUSED */
  char **colnames; /* header names as written, NULL-terminated (g_strdup) */
  int col_of[F_N]; /* field -> column or -1 */
  /* Fingertips family (every export vintage, fingertipsR's data frame): read
   * by column name; a row may stop before optional trailing columns (min_fields);
   * counts written with thousands separators ("1,480") and the export's HTML
   * no-data placeholder are read; fingertipsR's NA is missing (na_missing). */
  int ft_family;
  int na_missing;
  /* FingertipsNext's CSV download names one comparator per row (`Benchmark`)
   * and its comparison (`Compared to benchmark`), kept here until the row
   * ends and then routed to the England or the parent comparison. */
  int fnext;
  hg_str fn_benchmark, fn_compared;
  size_t min_fields; /* fewest fields a row may have (ncols outside the family) */
  hg_col *cols;      /* column -> what to do with it, filled after the header */
  /* Columns the field callback may handle on its fast path: ncols once the
   * header is read and while status is HG_OK, else 0, so that one comparison
   * per field covers the header row, a failed read and a ragged row. */
  size_t live_cols;

  /* position */
  long line;        /* physical lines completely fed */
  long row_line;    /* line of the current row's first field */
  size_t row_bytes; /* bytes fed since the last row boundary */

  /* the current row: its raw text and what the fields gave so far.  raw holds
   * the bytes of earlier pieces when a row spans several (a quoted line break,
   * a tiny buffer); piece is the line being parsed now. */
  char *raw;
  size_t raw_len, raw_cap;
  const char *piece;
  size_t piece_len;
  /* broken quoting (docs/ingest.md): a stray quote waits for the end of its
   * line (broken, with broken_col), then the row is rejected; an unclosed
   * quote is rejected at once and the lines after the row's first go to
   * replay, to be parsed again before the rest of the input. */
  hg_reject_reason broken;
  size_t broken_col;
  GString *replay;
  unsigned char csv_options;
  size_t nfields;
  hg_obs obs;
  double sortable;
  hg_reject_reason pending; /* first problem seen in a field of this row */
  size_t pending_col;
  char pending_msg[512];

  hg_str_cache cache[F_N];
  hg_obs blank; /* hg_obs_init's row, copied at each row start */
  hg_str last_period_id;
  hg_period last_period;
  hg_status last_period_st;
} hg_reader;

/* FingertipsNext's row conventions onto the Fingertips ones (fingertipsnext.c):
 * "Group: " before a group's name, camel-case outcomes ("NotCompared"), the
 * comparison with the row's benchmark as England's or the parent's. */
void hg_fnext_row(hg_reader *r);

/* Sets r->status (first failure wins) and err. */
void hg_reader_fail(hg_reader *r, hg_status st, long line, const char *column, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Called at the end of the header row (r->header holds its fields): detects
 * the layout when opt->format is AUTO and fills ncols, map, colnames, col_of.
 * On error sets r->status. */
void hg_reader_header(hg_reader *r);

/* ASCII-case-insensitive comparison ignoring surrounding spaces; want may be NULL. */
int hg_header_name_is(const char *have, const char *want);

/* The value rules of hg_validate_obs without the duplicate-key check, which
 * the reader does with hg_store_append_unique instead. */
hg_reject_reason hg_validate_values(const hg_obs *o, const char **column, char *msg,
                                    size_t msg_size);

/* True when hg_validate_values would pass o: the same comparisons, inline and
 * without building messages, for the rows that pass (nearly all).  A
 * comparison with NAN is false, so absent numbers pass. */
static inline int hg_values_pass(const hg_obs *o) {
  return !(o->count < 0 || o->denominator <= 0 || o->lower95 > o->upper95 ||
           o->value < o->lower95 || o->value > o->upper95 || o->lower998 > o->upper998 ||
           o->value < o->lower998 || o->value > o->upper998);
}

/* The duplicate_key message naming where the first row with the key was:
 * stored row first, or (for a keys_only read) line `line` of source `source`. */
void hg_duplicate_message(const hg_store *st, long first, char *msg, size_t msg_size);
void hg_duplicate_message_at(const hg_store *st, uint32_t source, long line, char *msg,
                             size_t msg_size);

/* Adds o's key to ks unless it is there: then returns 1 with where the first
 * row with that key was (its source and line), else 0 (keyset.c). */
int hg_key_set_claim(hg_key_set *ks, const hg_obs *o, uint32_t *first_source, long *first_line);

/* Reads fp whole into *out (g_free; NUL-terminated, *out_len bytes before
 * the NUL), refusing with HG_ERR_NOMEM (err names name and the limit) as
 * soon as the input is known to pass max bytes: a regular file by its size
 * before a byte is read, a stream (stdin, a FIFO, a device) when a block
 * takes it past max.  HG_ERR_IO on a read error (read_capped.c). */
hg_status hg_read_capped(FILE *fp, const char *name, size_t max, char **out, size_t *out_len,
                         hg_error *err);

#endif
