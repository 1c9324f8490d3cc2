/* table.c: whole-file CSV tables on libcsv.
 *
 * libcsv does not count lines, so the input is fed one physical line at a time
 * (its state carries quoted newlines across calls), in pieces of at most
 * PIECE bytes so that the size limits hold while a long line is read; the
 * line on which a row starts is then known exactly for error messages.
 * libcsv runs in strict mode: a broken row (healthgap/table.h) fails the read
 * or is set aside, and then the parser starts again on the line after the
 * row's first, where an unclosed quote would otherwise have hidden the rows.
 */
#include "healthgap/filekind.h"
#include "healthgap/table.h"
#include "ingest/internal.h"

#include <csv.h>
#include <errno.h>
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Bytes parsed between two looks at hg_table_options.cancel. */
#define CANCEL_EVERY ((size_t)1 << 20)

struct hg_table {
  char *name;
  GByteArray *arena; /* all cell texts, NUL-terminated, back to back */
  GArray *cells;     /* guint offsets into arena, row after row */
  GArray *row_first; /* guint index into cells of each row's first cell */
  GArray *row_width; /* guint fields per row */
  GArray *row_line;  /* long start line per row */
  size_t ncols;
  char **colnames; /* ncols pointers into arena */
  GArray *bad;     /* hg_table_bad, strings owned (bad_clear) */
};

enum { PIECE = 1 << 14, CSV_OPTIONS = CSV_APPEND_NULL | CSV_STRICT | CSV_STRICT_FINI };

typedef struct {
  hg_table *t;
  long line;      /* physical line now being fed */
  long row_line;  /* line where the current row began */
  size_t row_pos; /* offset in the input where the current row began */
  size_t nfields; /* fields so far in the current row */
  int header_done;
  const hg_table_options *opt;
  hg_status st;
  hg_error *err;
} reader;

static void on_field(void *data, size_t len, void *ud) {
  reader *r = ud;
  if (r->st != HG_OK)
    return;
  guint off = r->t->arena->len;
  g_byte_array_append(r->t->arena, data ? (const guint8 *)data : (const guint8 *)"", (guint)len);
  g_byte_array_append(r->t->arena, (const guint8 *)"", 1);
  g_array_append_val(r->t->cells, off);
  r->nfields++;
}

static void on_row(int term, void *ud) {
  (void)term;
  reader *r = ud;
  if (r->st != HG_OK)
    return;
  hg_table *t = r->t;
  size_t n = r->nfields;
  r->nfields = 0;
  guint first = t->cells->len - (guint)n;
  if (!r->header_done) {
    r->header_done = 1;
    if (r->opt->no_header) {
      /* Synthesise names "1".."n"; the row itself is data. */
      t->ncols = n;
    } else {
      t->ncols = n;
      t->colnames = g_new0(char *, n ? n : 1);
      /* Offsets are resolved to pointers after reading (the arena may move). */
      for (size_t j = 0; j < n; j++)
        t->colnames[j] = GUINT_TO_POINTER(g_array_index(t->cells, guint, first + j));
      g_array_set_size(t->cells, first);
      return;
    }
  }
  if (r->opt->strict_width && n != t->ncols) {
    r->st = HG_ERR_FORMAT;
    hg_error_set(r->err, t->name, r->row_line, NULL, "expected %zu fields, found %zu", t->ncols, n);
    return;
  }
  guint w = (guint)n;
  long ln = r->row_line;
  g_array_append_val(t->row_first, first);
  g_array_append_val(t->row_width, w);
  g_array_append_val(t->row_line, ln);
}

void hg_table_free(hg_table *t) {
  if (!t)
    return;
  g_free(t->name);
  if (t->arena)
    g_byte_array_free(t->arena, TRUE);
  if (t->cells)
    g_array_free(t->cells, TRUE);
  if (t->row_first)
    g_array_free(t->row_first, TRUE);
  if (t->row_width)
    g_array_free(t->row_width, TRUE);
  if (t->row_line)
    g_array_free(t->row_line, TRUE);
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

/* The input while it is parsed. */
typedef struct {
  const char *data;
  size_t len, pos;
} input;

/* The offset just past the line holding offset pos. */
static size_t line_end(const input *in, size_t pos) {
  const char *nl = memchr(in->data + pos, '\n', in->len - pos);
  return nl ? (size_t)(nl - in->data) + 1 : in->len;
}

/* The row in progress is broken (why, message): fails the read, or with
 * keep_bad_rows sets it aside, drops what it gave and restarts the parser on
 * the line after the row's first. */
static void broken_row(reader *r, struct csv_parser *p, input *in, hg_reject_reason why,
                       const char *message) {
  hg_table *t = r->t;
  size_t first_end = line_end(in, r->row_pos);
  if (!r->opt->keep_bad_rows || (!r->header_done && !r->opt->no_header)) {
    r->st = HG_ERR_PARSE;
    hg_error_set(r->err, t->name, r->row_line, NULL, "field %zu: %s", r->nfields + 1, message);
    return;
  }
  size_t raw_len = first_end - r->row_pos;
  while (raw_len &&
         (in->data[r->row_pos + raw_len - 1] == '\n' || in->data[r->row_pos + raw_len - 1] == '\r'))
    raw_len--;
  hg_table_bad b = {.line = r->row_line,
                    .field = r->nfields,
                    .reason = why,
                    .message = g_strdup(message),
                    .raw = g_strndup(in->data + r->row_pos, raw_len)};
  g_array_append_val(t->bad, b);
  if (r->nfields) { /* the cells the row gave so far go */
    guint first = t->cells->len - (guint)r->nfields;
    g_byte_array_set_size(t->arena, g_array_index(t->cells, guint, first));
    g_array_set_size(t->cells, first);
    r->nfields = 0;
  }
  csv_free(p);
  if (csv_init(p, CSV_OPTIONS) != 0) {
    r->st = HG_ERR_NOMEM;
    return;
  }
  in->pos = first_end;
  r->line = r->row_line + 1;
}

/* After a piece: the quoting broke (used < n) or a limit was passed. */
static void check_piece(reader *r, struct csv_parser *p, input *in, size_t used, size_t n) {
  size_t max_field = r->opt->max_field_bytes ? r->opt->max_field_bytes : HG_TABLE_MAX_FIELD_BYTES;
  size_t max_row = r->opt->max_row_bytes ? r->opt->max_row_bytes : HG_TABLE_MAX_ROW_BYTES;
  char msg[200];
  if (used < n && r->line == r->row_line) {
    broken_row(r, p, in, HG_REJECT_STRAY_QUOTE,
               "stray quote: a quote inside an unquoted field, or text after a closing quote");
  } else if (used < n) {
    snprintf(msg, sizeof msg,
             "unclosed quote: the quoted field runs onto line %ld and breaks there", r->line);
    broken_row(r, p, in, HG_REJECT_UNCLOSED_QUOTE, msg);
  } else if (p->entry_pos > max_field || in->pos + n - r->row_pos > max_row) {
    snprintf(
        msg, sizeof msg, "%s longer than %zu bytes%s", p->entry_pos > max_field ? "field" : "row",
        p->entry_pos > max_field ? max_field : max_row, p->quoted ? " (an unclosed quote?)" : "");
    if (p->quoted) {
      broken_row(r, p, in, HG_REJECT_UNCLOSED_QUOTE, msg);
    } else { /* one enormous line: not a table this reader should hold */
      r->st = HG_ERR_NOMEM;
      hg_error_set(r->err, r->t->name, r->row_line, NULL, "%s", msg);
    }
  }
}

/* Feeds the input from in->pos a line (or a piece of one) at a time. */
static void parse_lines(reader *r, struct csv_parser *p, input *in) {
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
    size_t eol = line_end(in, in->pos);
    size_t end = MIN(eol, in->pos + PIECE);
    size_t n = end - in->pos;
    if (p->pstate == 0) { /* libcsv's ROW_NOT_BEGUN: a row starts here */
      r->row_line = r->line;
      r->row_pos = in->pos;
    }
    size_t nbad = r->t->bad->len;
    size_t used = csv_parse(p, in->data + in->pos, n, on_field, on_row, r);
    if (r->st != HG_OK)
      return;
    check_piece(r, p, in, used, n);
    if (r->t->bad->len != nbad || r->st != HG_OK)
      continue; /* set aside: in->pos and line moved back */
    in->pos = end;
    if (end == eol && in->data[end - 1] == '\n')
      r->line++;
  }
}

/* Every line, then the end of the file, where a quote still open is unclosed. */
static void parse_all(reader *r, struct csv_parser *p, input *in) {
  for (;;) {
    parse_lines(r, p, in);
    /* pstate 2 is libcsv's FIELD_BEGUN: inside the field, its quote open */
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

hg_status hg_table_read_mem(const char *name, const char *data, size_t len,
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
  t->arena = g_byte_array_sized_new(len + 64);
  t->cells = g_array_new(FALSE, FALSE, sizeof(guint));
  t->row_first = g_array_new(FALSE, FALSE, sizeof(guint));
  t->row_width = g_array_new(FALSE, FALSE, sizeof(guint));
  t->row_line = g_array_new(FALSE, FALSE, sizeof(long));
  t->bad = g_array_new(FALSE, FALSE, sizeof(hg_table_bad));

  size_t max = opt->max_bytes ? opt->max_bytes : (size_t)1 << 30;
  if (len > max) {
    st = HG_ERR_NOMEM;
    hg_error_set(err, t->name, 0, NULL, "file is %zu bytes, over the %zu-byte limit", len, max);
    goto cleanup;
  }
  if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
    data += 3;
    len -= 3;
  }
  if (csv_init(&p, CSV_OPTIONS) != 0) {
    st = HG_ERR_NOMEM;
    goto cleanup;
  }
  parser_ready = 1;
  reader r = {.t = t, .line = 1, .opt = opt, .st = HG_OK, .err = err};
  input in = {.data = data, .len = len};
  for (size_t k = 0; k < opt->skip_lines && in.pos < len; k++, r.line++)
    in.pos = line_end(&in, in.pos);
  parse_all(&r, &p, &in);
  st = r.st;
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
  if (st == HG_OK)
    st = hg_table_read_mem(path, buf, len, opt, out, err);
  g_free(buf);
  return st;
}

size_t hg_table_nrows(const hg_table *t) {
  return t->row_first->len;
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
  if (row >= t->row_first->len || col >= g_array_index(t->row_width, guint, row))
    return "";
  guint off = g_array_index(t->cells, guint, g_array_index(t->row_first, guint, row) + col);
  return (const char *)t->arena->data + off;
}

size_t hg_table_width(const hg_table *t, size_t row) {
  return row < t->row_width->len ? g_array_index(t->row_width, guint, row) : 0;
}

long hg_table_line(const hg_table *t, size_t row) {
  return row < t->row_line->len ? g_array_index(t->row_line, long, row) : 0;
}

size_t hg_table_keep_rows(hg_table *t, const unsigned char *keep) {
  guint n = 0;
  for (guint i = 0; i < t->row_first->len; i++) {
    if (!keep[i])
      continue;
    /* the cells stay in the arena: only the row index moves */
    g_array_index(t->row_first, guint, n) = g_array_index(t->row_first, guint, i);
    g_array_index(t->row_width, guint, n) = g_array_index(t->row_width, guint, i);
    g_array_index(t->row_line, long, n) = g_array_index(t->row_line, long, i);
    n++;
  }
  g_array_set_size(t->row_first, n);
  g_array_set_size(t->row_width, n);
  g_array_set_size(t->row_line, n);
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
