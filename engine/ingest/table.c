/* table.c: whole-file CSV tables on libcsv.
 *
 * The input goes to libcsv in chunks of CHUNK bytes (fewer when the size
 * limits are smaller), not a line at a time: per-call and per-line work was
 * most of the reading cost (issue 17).  Lines are counted from libcsv's own
 * events: with CSV_REPALL_NL every unquoted line feed ends a row (or a blank
 * line) through on_row, and a line feed inside a quoted field is counted in
 * on_field, so the line on which each row starts is known exactly for error
 * messages.  The size limits are checked after each chunk, so they hold while
 * a long field is read.  libcsv runs in strict mode: a broken row
 * (healthgap/table.h) fails the read or is set aside, and then the parser
 * starts again on the line after the row's first, where an unclosed quote
 * would otherwise have hidden the rows.
 */
#include "healthgap/filekind.h"
#include "healthgap/memory.h"
#include "healthgap/table.h"
#include "ingest/internal.h"
#include "ingest/rowsplit.h"
#include "ingest/table_reader.h"

#include <csv.h>
#include <errno.h>
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Bytes parsed between two looks at hg_table_options.cancel. */
#define CANCEL_EVERY ((size_t)1 << 20)

/* Grows arr (elements of size elt) to hold need, doubling; *cap is its size. */
void hg_table_reserve_(GArray *arr, size_t *cap, size_t need) {
  if (need <= *cap)
    return;
  guint keep = arr->len;
  *cap = MAX(need, 2 * *cap);
  g_array_set_size(arr, (guint)*cap);
  arr->len = keep;
}

/* Stores a cell: len bytes at data, then a NUL.  fixed: 1 when SHORT bytes may
 * be read at data and written into the arena (not in place), so that a short
 * cell costs a fixed copy of a few instructions.  Read in place (plain_rows), data
 * may overlap the cell's own destination, which lies at or before it. */
static inline void store_cell(reader *r, const char *data, size_t len, int fixed) {
  hg_table *t = r->t;
  guint off = (guint)r->aoff;
  if (G_UNLIKELY(off + len + SHORT > r->acap)) { /* SHORT bytes spare for the fixed copy */
    if (r->agrow) {
      r->acap = MAX(off + len + SHORT, 2 * r->acap);
      g_byte_array_set_size(t->arena, (guint)r->acap);
      r->abase = t->arena->data;
    } else if (off + len + 1 > r->acap) { /* a split part never outgrows its input */
      r->st = HG_ERR_NOMEM;
      return;
    } else {
      fixed = 0; /* the spare bytes belong to the other part */
    }
  }
  if (fixed)
    memcpy(r->abase + off, data, SHORT);
  else if (len && (const char *)r->abase + off != data) /* in place, LF ends: where it is */
    memmove(r->abase + off, data, len);
  r->abase[off + len] = '\0';
  r->aoff = off + len + 1;
  if (G_UNLIKELY(t->cells->len >= r->cells_cap)) /* presize made room for a rectangle */
    hg_table_reserve_(t->cells, &r->cells_cap, t->cells->len + 1);
  ((guint *)(void *)t->cells->data)[t->cells->len++] = off;
  r->nfields++;
  r->row_bytes += len + 1;
}

static void on_field(void *data, size_t len, void *ud) {
  reader *r = ud;
  if (G_UNLIKELY(r->st != HG_OK))
    return;
  if (r->may_break && len) /* a line feed here can only be quoted */
    for (const char *q = data, *e = q + len; (q = memchr(q, '\n', (size_t)(e - q))) != NULL; q++)
      r->line++;
  /* data is libcsv's buffer, so a fixed copy may read past len; in place it
   * would write over input not yet parsed */
  store_cell(r, data, len, len < SHORT && r->p->entry_size >= SHORT && !r->in_place);
}

/* The header row: its cells become the column names (or, without a header,
 * only fix the width). 1 if the row was the header and is consumed. */
static int take_header(reader *r, guint first, size_t n) {
  hg_table *t = r->t;
  r->header_done = 1;
  t->ncols = n;
  if (r->opt->no_header) /* names "1".."n" come later; the row itself is data */
    return 0;
  t->colnames = g_new0(char *, n ? n : 1);
  /* Offsets are resolved to pointers after reading (the arena may move). */
  for (size_t j = 0; j < n; j++)
    t->colnames[j] = GUINT_TO_POINTER(g_array_index(t->cells, guint, first + j));
  g_array_set_size(t->cells, first);
  return 1;
}

static void on_row(int term, void *ud) {
  reader *r = ud;
  size_t n = r->nfields, bytes = r->row_bytes;
  long ln = r->row_line;
  if (term == '\n')
    r->line++;
  r->row_line = r->line; /* the next row starts where this one ends */
  r->nfields = 0;
  r->row_bytes = 0;
  if (G_UNLIKELY(r->st != HG_OK) || n == 0) /* n 0: a line end outside any row */
    return;
  hg_table *t = r->t;
  if (G_UNLIKELY(bytes > r->max_row)) {
    r->st = HG_ERR_NOMEM;
    hg_error_set(r->err, t->name, ln, NULL, "row longer than %zu bytes", r->max_row);
    return;
  }
  guint first = t->cells->len - (guint)n;
  if (G_UNLIKELY(!r->header_done) && take_header(r, first, n))
    return;
  if (r->opt->strict_width && n != t->ncols) {
    r->st = HG_ERR_FORMAT;
    hg_error_set(r->err, t->name, ln, NULL, "expected %zu fields, found %zu", t->ncols, n);
    return;
  }
  hg_table_reserve_(t->rows, &r->rows_cap, t->rows->len + 1);
  ((row_ix *)(void *)t->rows->data)[t->rows->len++] =
      (row_ix){.first = first, .width = (guint)n, .line = ln};
}

void hg_table_free(hg_table *t) {
  if (!t)
    return;
  g_free(t->name);
  if (t->arena)
    g_byte_array_free(t->arena, TRUE);
  if (t->cells)
    g_array_free(t->cells, TRUE);
  if (t->rows)
    g_array_free(t->rows, TRUE);
  g_free(t->colnames); /* the names themselves live in the arena */
  for (guint i = 0; t->bad && i < t->bad->len; i++) {
    hg_table_bad *b = &g_array_index(t->bad, hg_table_bad, i);
    g_free((char *)b->message);
    g_free((char *)b->raw);
  }
  if (t->bad)
    g_array_free(t->bad, TRUE);
  g_free(t);
}
/* Resolves header offsets into pointers, or names columns "1".."n". Column names
 * for no_header tables are appended to the arena so every name lives there. */
static void finish(hg_table *t, int no_header) {
  if (no_header || !t->colnames) {
    guint *offs = g_new(guint, t->ncols ? t->ncols : 1);
    for (size_t j = 0; j < t->ncols; j++) {
      char nm[32];
      int w = snprintf(nm, sizeof nm, "%zu", j + 1);
      offs[j] = t->arena->len;
      g_byte_array_append(t->arena, (const guint8 *)nm, (guint)w + 1);
    }
    g_free(t->colnames);
    t->colnames = g_new0(char *, t->ncols ? t->ncols : 1);
    for (size_t j = 0; j < t->ncols; j++)
      t->colnames[j] = (char *)t->arena->data + offs[j];
    g_free(offs);
    return;
  }
  for (size_t j = 0; j < t->ncols; j++)
    t->colnames[j] = (char *)t->arena->data + GPOINTER_TO_UINT(t->colnames[j]);
}

/* The offset just past the line holding offset pos. */
static size_t line_end(const input *in, size_t pos) {
  const char *nl = memchr(in->data + pos, '\n', in->len - pos);
  return nl ? (size_t)(nl - in->data) + 1 : in->len;
}

/* The offset where line begins (line at or after the last one asked: the
 * search goes forward from the last answer, so all of them cost one pass). */
static size_t line_start(input *in, long line) {
  while (in->mark_line < line && in->mark < in->len) {
    in->mark = line_end(in, in->mark);
    in->mark_line++;
  }
  return in->mark;
}

/* Line feeds in data[from, to). */
long hg_table_count_lines_(const char *data, size_t from, size_t to) {
  long n = 0;
  for (const char *q = data + from, *e = data + to; (q = memchr(q, '\n', (size_t)(e - q))) != NULL;
       q++)
    n++;
  return n;
}

/* The row in progress is broken (why, message): fails the read, or with
 * keep_bad_rows sets it aside, drops what it gave and restarts the parser on
 * the line after the row's first. */
static void broken_row(reader *r, struct csv_parser *p, input *in, hg_reject_reason why,
                       const char *message) {
  hg_table *t = r->t;
  size_t row_pos = line_start(in, r->row_line);
  size_t first_end = line_end(in, row_pos);
  if (!r->opt->keep_bad_rows || (!r->header_done && !r->opt->no_header)) {
    r->st = HG_ERR_PARSE;
    hg_error_set(r->err, t->name, r->row_line, NULL, "field %zu: %s", r->nfields + 1, message);
    return;
  }
  size_t raw_len = first_end - row_pos;
  while (raw_len &&
         (in->data[row_pos + raw_len - 1] == '\n' || in->data[row_pos + raw_len - 1] == '\r'))
    raw_len--;
  hg_table_bad b = {.line = r->row_line,
                    .field = r->nfields,
                    .reason = why,
                    .message = g_strdup(message),
                    .raw = g_strndup(in->data + row_pos, raw_len)};
  g_array_append_val(t->bad, b);
  if (r->nfields) { /* the cells the row gave so far go */
    guint first = t->cells->len - (guint)r->nfields;
    r->aoff = g_array_index(t->cells, guint, first);
    g_array_set_size(t->cells, first);
  }
  r->nfields = 0;
  r->row_bytes = 0;
  csv_free(p);
  if (csv_init(p, CSV_OPTIONS) != 0) {
    r->st = HG_ERR_NOMEM;
    return;
  }
  in->pos = first_end;
  r->line = r->row_line = r->row_line + 1;
}

/* libcsv stopped at offset stop (strict quoting): a stray quote on the row's
 * first line, or an unclosed quote that ran onto a later line. */
static void quote_broke(reader *r, struct csv_parser *p, input *in, size_t stop) {
  size_t row_pos = line_start(in, r->row_line);
  long at = r->row_line + hg_table_count_lines_(in->data, row_pos, stop);
  if (at == r->row_line) {
    broken_row(r, p, in, HG_REJECT_STRAY_QUOTE,
               "stray quote: a quote inside an unquoted field, or text after a closing quote");
    return;
  }
  char msg[200];
  snprintf(msg, sizeof msg, "unclosed quote: the quoted field runs onto line %ld and breaks there",
           at);
  broken_row(r, p, in, HG_REJECT_UNCLOSED_QUOTE, msg);
}

/* After a chunk: a field or row in progress past its limit. */
static void check_limits(reader *r, struct csv_parser *p, input *in) {
  size_t max_field = r->opt->max_field_bytes ? r->opt->max_field_bytes : HG_TABLE_MAX_FIELD_BYTES;
  if (p->pstate == 0 || (p->entry_pos <= max_field && r->row_bytes + p->entry_pos <= r->max_row))
    return;
  char msg[200];
  snprintf(
      msg, sizeof msg, "%s longer than %zu bytes%s", p->entry_pos > max_field ? "field" : "row",
      p->entry_pos > max_field ? max_field : r->max_row, p->quoted ? " (an unclosed quote?)" : "");
  if (p->quoted) {
    broken_row(r, p, in, HG_REJECT_UNCLOSED_QUOTE, msg);
  } else { /* one enormous line: not a table this reader should hold */
    r->st = HG_ERR_NOMEM;
    hg_error_set(r->err, r->t->name, r->row_line, NULL, "%s", msg);
  }
}

/* Sizes the row and cell arrays for the whole input at once: rows from its
 * line feeds (a bound), cells from the first line's width times the rows.
 * Growing them by doubling copied them and touched twice their final memory,
 * and a fresh page costs more than a line count (issue 17). */
static void presize(reader *r, const char *data, size_t len) {
  size_t lines = 1, longest = 0;
  const char *from = data;
  for (const char *q = data, *e = data + len; (q = memchr(q, '\n', (size_t)(e - q))) != NULL;
       from = ++q, lines++)
    longest = MAX(longest, (size_t)(q - from));
  r->longest = MAX(longest, (size_t)(data + len - from));
  const char *nl = memchr(data, '\n', len);
  size_t first = nl ? (size_t)(nl - data) : len, width = 1;
  for (const char *q = data; (q = memchr(q, ',', first - (size_t)(q - data))) != NULL; q++)
    width++;
  r->lines = lines; /* kept for hg_table_read_split_ */
  r->width = width;
  if (lines > G_MAXUINT / 2 || width > G_MAXUINT / 2 / lines)
    return; /* the doubling copes */
  hg_table_reserve_(r->t->rows, &r->rows_cap, lines);
  hg_table_reserve_(r->t->cells, &r->cells_cap, lines * width);
  hg_mem_huge(r->t->rows->data, r->rows_cap * sizeof(row_ix));
  hg_mem_huge(r->t->cells->data, r->cells_cap * sizeof(guint));
  /* A rectangular file fills both: present at once, not a fault a page. */
  hg_mem_populate(r->t->rows->data, r->rows_cap * sizeof(row_ix));
  hg_mem_populate(r->t->cells->data, r->cells_cap * sizeof(guint));
}

/* Feeds the input from in->pos a chunk at a time. */
static void parse_chunks(reader *r, struct csv_parser *p, input *in) {
  size_t max_field = r->opt->max_field_bytes ? r->opt->max_field_bytes : HG_TABLE_MAX_FIELD_BYTES;
  size_t chunk = MAX(MIN(MIN((size_t)CHUNK, max_field), r->max_row), 1);
  size_t check_at = in->pos + CANCEL_EVERY;
  while (in->pos < in->len && r->st == HG_OK) {
    if (in->pos >= check_at) { /* a signal stops a big file within a MiB */
      check_at = in->pos + CANCEL_EVERY;
      if (r->opt->cancel && *r->opt->cancel) {
        r->st = HG_ERR_ABORTED;
        hg_error_set(r->err, r->t->name, r->line, NULL, "interrupted");
        return;
      }
    }
    size_t n = MIN(chunk, in->len - in->pos);
    /* pstate 2 is libcsv's FIELD_BEGUN: a quoted field may go on in this chunk */
    r->may_break = (p->pstate == 2 && p->quoted) || memchr(in->data + in->pos, '"', n) != NULL;
    size_t used = csv_parse(p, in->data + in->pos, n, on_field, on_row, r);
    if (r->st != HG_OK)
      return;
    if (used < n && csv_error(p) != CSV_EPARSE) {
      r->st = HG_ERR_NOMEM;
      hg_error_set(r->err, r->t->name, r->row_line, NULL, "%s", csv_strerror(csv_error(p)));
      return;
    }
    if (used < n) {
      quote_broke(r, p, in, in->pos + used);
      continue; /* set aside: in->pos and line moved back */
    }
    in->pos += n;
    check_limits(r, p, in);
  }
}

/* The rows of input with no quote in it, split as libcsv splits them under
 * CSV_OPTIONS, with the same on_row events: a CR or LF ends a row (a CR LF is
 * a row, then one of no fields, as CSV_REPALL_NL gives it), a comma a field,
 * spaces and tabs at a field's two ends are dropped, and a line of only those
 * is a row of no fields.  Without quotes libcsv's state machine has nothing
 * left to decide, and its per-byte cost was most of reading a table: on the R
 * peer's life-expectancy input, 25 of stat's 54 million instructions (issue
 * 17).  project.c splits the same way, and fuzz/fuzz_table_plain.c checks
 * this reader against libcsv itself.  Only for input whose longest line is
 * within the field and row limits, so that neither path has a limit to
 * enforce (the caller checks). */
static void plain_rows(reader *r, input *in) {
  const unsigned char *base = (const unsigned char *)in->data;
  const unsigned char *p = base + in->pos, *e = base + in->len, *check_at = p + CANCEL_EVERY;
  r->may_break = 0;
  while (p < e && r->st == HG_OK) {
    if (p >= check_at) { /* a signal stops a big file within a MiB */
      check_at = p + CANCEL_EVERY;
      if (r->opt->cancel && *r->opt->cancel) {
        r->st = HG_ERR_ABORTED;
        hg_error_set(r->err, r->t->name, r->line, NULL, "interrupted");
        break;
      }
    }
    /* a plain row sixteen bytes at a time (rowsplit.h); else byte by byte */
    enum { PLAIN_CAP = 64 };
    const char *fs[PLAIN_CAP];
    size_t fl[PLAIN_CAP];
    const unsigned char *next;
    int end;
    long plain = hg_split_plain_row(p, e, fs, fl, PLAIN_CAP, &next, &end);
    if (plain >= 0 && plain <= PLAIN_CAP) {
      for (long k = 0; k < plain; k++)
        store_cell(r, fs[k], fl[k],
                   fl[k] < SHORT && !r->in_place && e - (const unsigned char *)fs[k] >= SHORT);
      p = next;
      on_row(end, r);
      continue;
    }
    int begun = 0; /* a comma seen in the row (libcsv's FIELD_NOT_BEGUN) */
    int stop;
    for (;;) {
      while (p < e && hg_split_blank(*p))
        p++;
      const unsigned char *s = p, *t;
      while (p < e && !hg_split_stops[*p])
        p++;
      for (t = p; t > s && hg_split_blank(t[-1]); t--)
        ;
      /* read before the cell is stored: in place, its NUL may land on it */
      stop = p < e ? *p : -1;
      if (stop == ',' || begun || t > s) {
        size_t len = (size_t)(t - s);
        store_cell(r, (const char *)s, len, len < SHORT && !r->in_place && e - s >= SHORT);
      }
      if (stop != ',')
        break;
      p++;
      begun = 1;
    }
    if (stop != -1) {
      p++;
      on_row(stop, r);
    } else if (r->nfields) { /* the last row, with no line end: csv_fini's */
      on_row(-1, r);
    }
  }
  in->pos = (size_t)(p - base);
}

/* Every chunk, then the end of the file, where a quote still open is unclosed. */
void hg_table_parse_all_(reader *r, struct csv_parser *p, input *in) {
  size_t max_field = r->opt->max_field_bytes ? r->opt->max_field_bytes : HG_TABLE_MAX_FIELD_BYTES;
  if (r->no_quotes && r->longest <= max_field && r->longest < r->max_row) {
    plain_rows(r, in);
    return;
  }
  for (;;) {
    parse_chunks(r, p, in);
    if (r->st != HG_OK || !(p->pstate == 2 && p->quoted))
      break;
    broken_row(r, p, in, HG_REJECT_UNCLOSED_QUOTE,
               "unclosed quote: the quoted field is still open at the end of the file");
    if (r->st != HG_OK)
      return;
  }
  if (r->st == HG_OK && csv_fini(p, on_field, on_row, r) != 0) {
    r->st = HG_ERR_PARSE;
    hg_error_set(r->err, r->t->name, r->row_line, NULL, "%s", csv_strerror(csv_error(p)));
  }
}

/* ---- the table ----------------------------------------------------------------
 *
 * In place: a file hg_table_read has read into its own block, with no quote in
 * it, is parsed into that block: each cell's text is written back over input
 * already parsed (a cell and its NUL take no more bytes than the cell and its
 * delimiter did), so the table needs no second copy of the file (issue 17: the
 * copy was 15 MB of fresh pages for the peer's DSR input).  Only quotes make
 * the reader look back at a row's raw text (a row set aside keeps its first
 * line), so a file with any quote is copied as before. */

/* Reads len bytes at data into a new table.  owned: NULL (data is borrowed),
 * or the address of data's own g_malloc'd block, of len + 1 bytes: the table
 * may take it (and sets *owned to NULL). */
static hg_status read_table(const char *name, char **owned, const char *data, size_t len,
                            const hg_table_options *opt, hg_table **out, hg_error *err) {
  static const hg_table_options defaults = {0};
  if (!opt)
    opt = &defaults;
  *out = NULL;
  hg_status st = HG_OK;
  struct csv_parser p;
  int parser_ready = 0;
  hg_table *t = g_new0(hg_table, 1);
  t->name = g_strdup(name ? name : "-");
  size_t bom = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
  int own = owned && *owned == data;
  int no_quotes = !memchr(data, '"', len); /* for plain_rows, in place and two threads */
  int in_place = own && len < G_MAXUINT && no_quotes;
  if (in_place) { /* the cells' offsets count from the block's start, BOM and all */
    t->arena = g_byte_array_new_take((guint8 *)*owned, len + 1);
    *owned = NULL;
  } else {
    t->arena = g_byte_array_sized_new((guint)len + 64);
    g_byte_array_set_size(t->arena, (guint)len + 64); /* the reader keeps its own offset */
    hg_mem_huge(t->arena->data, len + 64);
  }
  t->cells = g_array_new(FALSE, FALSE, sizeof(guint));
  t->rows = g_array_new(FALSE, FALSE, sizeof(row_ix));
  t->bad = g_array_new(FALSE, FALSE, sizeof(hg_table_bad));

  size_t max = opt->max_bytes ? opt->max_bytes : (size_t)1 << 30;
  if (len > max) {
    st = HG_ERR_NOMEM;
    hg_error_set(err, t->name, 0, NULL, "file is %zu bytes, over the %zu-byte limit", len, max);
    goto cleanup;
  }
  data += bom;
  len -= bom;
  if (csv_init(&p, CSV_OPTIONS) != 0) {
    st = HG_ERR_NOMEM;
    goto cleanup;
  }
  parser_ready = 1;
  reader r = {.t = t,
              .p = &p,
              .line = 1,
              .max_row = opt->max_row_bytes ? opt->max_row_bytes : HG_TABLE_MAX_ROW_BYTES,
              .abase = t->arena->data,
              .aoff = in_place ? bom : 0,
              .acap = in_place ? bom + len + 1 : len + 64, /* never outgrown (see on_field) */
              .agrow = !in_place,
              .in_place = in_place,
              .no_quotes = no_quotes,
              .opt = opt,
              .st = HG_OK,
              .err = err};
  input in = {.data = data, .len = len};
  presize(&r, data, len);
  if (opt->threads >= 2 && hg_table_read_split_(&r, data, len)) {
    t->arena->len = (guint)r.aoff;
    st = r.st;
  } else {
    for (size_t k = 0; k < opt->skip_lines && in.pos < len; k++, r.line++)
      in.pos = line_end(&in, in.pos);
    r.row_line = r.line;
    in.mark = in.pos;
    in.mark_line = r.line;
    hg_table_parse_all_(&r, &p, &in);
    t->arena->len = (guint)r.aoff;
    st = r.st;
  }
  if (st != HG_OK)
    goto cleanup;
  if (!r.header_done) {
    st = HG_ERR_EMPTY;
    hg_error_set(err, t->name, 0, NULL, "empty file: no header row");
    goto cleanup;
  }
  finish(t, opt->no_header);
  *out = t;
  t = NULL;
cleanup:
  if (parser_ready)
    csv_free(&p);
  hg_table_free(t);
  return st;
}

hg_status hg_table_read_mem(const char *name, const char *data, size_t len,
                            const hg_table_options *opt, hg_table **out, hg_error *err) {
  return read_table(name, NULL, data, len, opt, out, err);
}

hg_status hg_table_read(const char *path, const hg_table_options *opt, hg_table **out,
                        hg_error *err) {
  *out = NULL;
  char *buf = NULL;
  size_t len = 0;
  size_t max = opt && opt->max_bytes ? opt->max_bytes : (size_t)1 << 30;
  FILE *fp = stdin;
  if (strcmp(path, "-") != 0) {
    hg_status cs = hg_input_check(path, HG_INPUT_ALLOW_STREAM, err);
    if (cs != HG_OK)
      return cs;
    fp = fopen(path, "rb");
    if (!fp) {
      hg_error_set(err, path, 0, NULL, "%s", g_strerror(errno));
      return HG_ERR_IO;
    }
  }
  hg_status st = hg_read_capped(fp, path, max, &buf, &len, err);
  if (fp != stdin)
    fclose(fp);
  if (st == HG_OK) /* buf: len + 1 bytes (hg_read_capped), the table's if it takes it */
    st = read_table(path, &buf, buf, len, opt, out, err);
  g_free(buf);
  return st;
}

static const row_ix *row_at(const hg_table *t, size_t row) {
  return &g_array_index(t->rows, row_ix, row);
}

size_t hg_table_nrows(const hg_table *t) {
  return t->rows->len;
}
size_t hg_table_nbad(const hg_table *t) {
  return t->bad->len;
}
const hg_table_bad *hg_table_bad_row(const hg_table *t, size_t i) {
  return i < t->bad->len ? &g_array_index(t->bad, hg_table_bad, i) : NULL;
}
size_t hg_table_ncols(const hg_table *t) {
  return t->ncols;
}
const char *hg_table_colname(const hg_table *t, size_t j) {
  return j < t->ncols ? t->colnames[j] : "";
}
const char *hg_table_name(const hg_table *t) {
  return t->name;
}

long hg_table_col(const hg_table *t, const char *name) {
  for (size_t j = 0; j < t->ncols; j++)
    if (strcmp(t->colnames[j], name) == 0)
      return (long)j;
  size_t nl = strlen(name);
  for (size_t j = 0; j < t->ncols; j++) {
    const char *c = t->colnames[j];
    while (*c == ' ')
      c++;
    size_t cl = strlen(c);
    while (cl > 0 && c[cl - 1] == ' ')
      cl--;
    if (cl == nl && strncasecmp(c, name, nl) == 0)
      return (long)j;
  }
  return -1;
}

const char *hg_table_cell(const hg_table *t, size_t row, size_t col) {
  if (row >= t->rows->len || col >= row_at(t, row)->width)
    return "";
  guint off = g_array_index(t->cells, guint, row_at(t, row)->first + col);
  return (const char *)t->arena->data + off;
}

size_t hg_table_width(const hg_table *t, size_t row) {
  return row < t->rows->len ? row_at(t, row)->width : 0;
}

long hg_table_line(const hg_table *t, size_t row) {
  return row < t->rows->len ? row_at(t, row)->line : 0;
}

size_t hg_table_keep_rows(hg_table *t, const unsigned char *keep) {
  guint n = 0;
  for (guint i = 0; i < t->rows->len; i++)
    if (keep[i]) /* the cells stay in the arena: only the row index moves */
      g_array_index(t->rows, row_ix, n++) = g_array_index(t->rows, row_ix, i);
  g_array_set_size(t->rows, n);
  return n;
}

hg_status hg_table_number(const hg_table *t, size_t row, size_t col, double *out, hg_error *err) {
  const char *s = hg_table_cell(t, row, col);
  switch (hg_parse_number(s, strlen(s), out)) {
  case HG_NUM_OK:
  case HG_NUM_MISSING:
    return HG_OK;
  case HG_NUM_INVALID:
    break;
  }
  hg_error_set(err, t->name, hg_table_line(t, row), hg_table_colname(t, col), "not a number: '%s'",
               s);
  return HG_ERR_PARSE;
}
