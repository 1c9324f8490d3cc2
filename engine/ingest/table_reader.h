/* engine/ingest/table_reader.h: what the whole-file table reader's files
 * share (not public API): table.c reads a table on one thread, table_split.c
 * cuts a large file in two and reads the halves at once with table.c's parts. */
#ifndef HG_INGEST_TABLE_READER_H
#define HG_INGEST_TABLE_READER_H

#include "healthgap/table.h"

#include <csv.h>
#include <glib.h>
#include <stddef.h>

/* One row: its first cell in cells, its width and the line it starts on. */
typedef struct {
  guint first, width;
  long line;
} row_ix;

struct hg_table {
  char *name;
  GByteArray *arena; /* all cell texts, NUL-terminated, back to back */
  GArray *cells;     /* guint offsets into arena, row after row */
  GArray *rows;      /* row_ix per row */
  size_t ncols;
  char **colnames; /* ncols pointers into arena */
  GArray *bad;     /* hg_table_bad, strings owned (bad_clear) */
};

enum {
  CHUNK = 1 << 16,
  SHORT = 16, /* cells shorter than this are copied as SHORT bytes (on_field) */
  CSV_OPTIONS = CSV_APPEND_NULL | CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL
};

typedef struct reader {
  hg_table *t;
  long line;        /* line of the parse position, as of libcsv's last event */
  long row_line;    /* line where the current row began */
  size_t nfields;   /* fields so far in the current row */
  size_t row_bytes; /* their bytes, each with its separator */
  size_t max_row;
  guint8 *abase;              /* where cell texts go: t->arena's data, or with two
                                 threads the one arena both write to */
  size_t aoff, acap;          /* write offset into abase, and this reader's end */
  int agrow;                  /* 1: abase is t->arena, grown when full */
  int in_place;               /* 1: abase is the input itself (read_table) */
  int no_quotes;              /* 1: the input has no quote character (plain_rows) */
  size_t lines, width;        /* presize's count: the input's line feeds + 1, and the
                                 fields of its first line */
  size_t longest;             /* presize's: the bytes of the input's longest line */
  size_t cells_cap, rows_cap; /* allocated sizes of t->cells, rows */
  const struct csv_parser *p; /* its entry_size bounds what on_field may read */
  int may_break;              /* the chunk may hold a quoted line feed */
  int header_done;
  const hg_table_options *opt;
  hg_status st;
  hg_error *err;
} reader;

/* The input while it is parsed. */
typedef struct {
  const char *data;
  size_t len, pos;
  size_t mark; /* the start of line mark_line (line_start) */
  long mark_line;
} input;

/* Grows arr (elements of size elt) to hold need, doubling; *cap is its size. */
void hg_table_reserve_(GArray *arr, size_t *cap, size_t need);
/* Line feeds in data[from, to). */
long hg_table_count_lines_(const char *data, size_t from, size_t to);
/* Every chunk of in, then the end of the input, into r->t; the status in r->st. */
void hg_table_parse_all_(reader *r, struct csv_parser *p, input *in);
/* Reads data into r->t on two threads (hg_table_options.threads), the status in
 * r->st; 0 if the input is not one to cut (nothing done). */
int hg_table_read_split_(reader *r, const char *data, size_t len);

#endif
