/* ingest/mapped.c: the `mapped` input layout (healthgap/mapped.h).
 *
 * The file is read whole with hg_table in no-header mode, so that the header
 * rows (one, or several as in the GLA MSOA atlas) can be combined here: an
 * upper header row is forward-filled from the left, because spreadsheets export
 * a merged cell as its text followed by empty cells; a new cell in a row above
 * ends the fill of the rows below it.  The name is the parts joined by " | ".
 */
#include "healthgap/mapped.h"

#include <glib.h>
#include <limits.h>
#include <string.h>

#include "healthgap/table.h"

/* "12,345.6" -> "12345.6" only when every group after the first has exactly
 * three digits: "1,5" stays as it is (and then fails as a number, as it should). */
static void strip_thousands(char *s, char sep) {
  const char *p = s;
  if (*p == '-' || *p == '+')
    p++;
  size_t lead = 0;
  while (g_ascii_isdigit(p[lead]))
    lead++;
  if (lead == 0 || lead > 3 || p[lead] != sep)
    return;
  const char *q = p + lead;
  while (*q == sep) {
    if (!(g_ascii_isdigit(q[1]) && g_ascii_isdigit(q[2]) && g_ascii_isdigit(q[3])))
      return;
    q += 4;
  }
  if (*q == '.') {
    q++;
    while (g_ascii_isdigit(*q))
      q++;
  }
  if (*q != '\0')
    return;
  char *w = s;
  for (const char *r = s; *r; r++)
    if (*r != sep)
      *w++ = *r;
  *w = '\0';
}

char *hg_mapped_normalise(char *s, char *const *na, char thousands) {
  char *t = g_strstrip(s);
  if (t != s)
    memmove(s, t, strlen(t) + 1);
  for (size_t i = 0; na && na[i]; i++)
    if (strcmp(s, na[i]) == 0) {
      s[0] = '\0';
      return s;
    }
  if (thousands)
    strip_thousands(s, thousands);
  return s;
}

/* Where a field's text comes from. */
typedef enum { SRC_NONE, SRC_COLUMN, SRC_CONST, SRC_PIVOT_KEY, SRC_PIVOT_VALUE } src_kind;
typedef struct {
  src_kind kind;
  long col;         /* SRC_COLUMN */
  const char *text; /* SRC_CONST */
} field_src;

static long field_index(const char *const *fields, size_t n, const char *name) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(fields[i], name) == 0)
      return (long)i;
  return -1;
}

static long header_col(char **names, size_t ncols, const char *name) {
  for (size_t j = 0; j < ncols; j++)
    if (strcmp(names[j], name) == 0)
      return (long)j;
  for (size_t j = 0; j < ncols; j++)
    if (g_ascii_strcasecmp(names[j], name) == 0)
      return (long)j;
  /* Fingertips writes both `Area Name` and `AreaName`. */
  for (size_t j = 0; j < ncols; j++) {
    const char *a = names[j], *b = name;
    for (;;) {
      while (*a == ' ')
        a++;
      while (*b == ' ')
        b++;
      if (!*a || !*b || g_ascii_tolower(*a) != g_ascii_tolower(*b))
        break;
      a++;
      b++;
    }
    if (!*a && !*b)
      return (long)j;
  }
  return -1;
}

/* What a line below the header is (healthgap/mapped.h). */
typedef enum { LINE_BLANK, LINE_NOTE, LINE_DATA } line_kind;

static size_t nonempty_cells(const hg_table *t, size_t row) {
  size_t n = 0, w = hg_table_width(t, row);
  for (size_t j = 0; j < w; j++) {
    const char *c = hg_table_cell(t, row, j);
    while (*c == ' ')
      c++;
    if (*c)
      n++;
  }
  return n;
}

/* One read in progress: the header, where each field comes from, the filters
 * and the row buffers. */
typedef struct mapper {
  const hg_table *t;
  const hg_mapped_spec *spec;
  const char *name; /* the file, for messages */
  size_t nfields;
  field_src *src; /* per field */
  size_t r0;      /* the first header row */
  char **names;   /* the column names (NULL-terminated) */
  size_t ncols;
  long pfrom, pto;  /* the pivoted column range, or -1 */
  long *ifilter;    /* per filter: the field it tests */
  char ***patterns; /* per filter: its glob patterns */
  char **vals;      /* the current row's field texts */
  GString *raw;     /* the current row re-joined as CSV */
  hg_mapped_row_fn fn;
  hg_reject_fn on_reject;
  void *data;
  hg_mapped_stats *stats;        /* never NULL (read_any) */
  volatile sig_atomic_t *cancel; /* looked at every 4096 rows; NULL = never */
} mapper;

/* A note has one non-empty cell, and that is not a number: a footnote or a
 * title, in whichever column the publisher put it.  A lone number (`,6`: a
 * value without its key) is a data row, for the caller to reject. */
static line_kind classify(const mapper *m, size_t r) {
  size_t n = nonempty_cells(m->t, r);
  if (n == 0)
    return LINE_BLANK;
  if (n > 1)
    return LINE_DATA;
  const char *cell = "";
  for (size_t j = 0; j < hg_table_width(m->t, r) && !*cell; j++) {
    cell = hg_table_cell(m->t, r, j);
    while (*cell == ' ')
      cell++;
  }
  char *c = hg_mapped_normalise(g_strdup(cell), m->spec->na, m->spec->thousands);
  double d;
  int note = *c && hg_parse_number(c, strlen(c), &d) != HG_NUM_OK; /* an NA token is a value */
  g_free(c);
  return note ? LINE_NOTE : LINE_DATA;
}

/* Column names from the hdr header rows at m->r0 (see the top of the file). */
static void header_names(mapper *m, size_t hdr) {
  const hg_table *t = m->t;
  size_t ncols = 0;
  for (size_t r = m->r0; r < m->r0 + hdr; r++)
    if (hg_table_width(t, r) > ncols)
      ncols = hg_table_width(t, r);
  m->ncols = ncols;
  m->names = g_new0(char *, ncols + 1);
  GString *s = g_string_new(NULL);
  char **fill = g_new0(char *, hdr);
  for (size_t j = 0; j < ncols; j++) {
    g_string_truncate(s, 0);
    for (size_t h = 0; h < hdr; h++) {
      char *c = g_strstrip(g_strdup(hg_table_cell(t, m->r0 + h, j)));
      if (h + 1 < hdr) { /* merged cells of upper rows: forward fill */
        if (*c) {
          g_free(fill[h]);
          fill[h] = g_strdup(c);
          /* A new upper group ends the merged cells beneath it. */
          for (size_t k = h + 1; k < hdr; k++) {
            g_free(fill[k]);
            fill[k] = NULL;
          }
        } else if (fill[h]) {
          g_free(c);
          c = g_strdup(fill[h]);
        }
      }
      if (*c) {
        if (s->len)
          g_string_append(s, " | ");
        g_string_append(s, c);
      }
      g_free(c);
    }
    m->names[j] = g_strdup(s->str);
  }
  for (size_t h = 0; h < hdr; h++)
    g_free(fill[h]);
  g_free(fill);
  g_string_free(s, TRUE);
}

/* The pivot.* entries: the column range and the key and value fields. */
static hg_status resolve_pivot(mapper *m, const char *const *fields, hg_error *err) {
  const hg_mapped_spec *spec = m->spec;
  if (!spec->pivot_from && !spec->pivot_to && !spec->pivot_key && !spec->pivot_value)
    return HG_OK;
  if (!spec->pivot_from || !spec->pivot_to || !spec->pivot_key || !spec->pivot_value) {
    hg_error_set(err, m->name, 0, NULL,
                 "pivot needs pivot.from, pivot.to, pivot.key and pivot.value");
    return HG_ERR_CONFIG;
  }
  m->pfrom = header_col(m->names, m->ncols, spec->pivot_from);
  m->pto = header_col(m->names, m->ncols, spec->pivot_to);
  if (m->pfrom < 0 || m->pto < 0 || m->pto < m->pfrom) {
    hg_error_set(err, m->name, hg_table_line(m->t, m->r0),
                 m->pfrom < 0 ? spec->pivot_from : spec->pivot_to,
                 "pivot column range not found in the header");
    return HG_ERR_FORMAT;
  }
  long ik = field_index(fields, m->nfields, spec->pivot_key);
  long iv = field_index(fields, m->nfields, spec->pivot_value);
  if (ik < 0 || iv < 0) {
    hg_error_set(err, m->name, 0, NULL, "unknown pivot field '%s'",
                 ik < 0 ? spec->pivot_key : spec->pivot_value);
    return HG_ERR_CONFIG;
  }
  m->src[ik].kind = SRC_PIVOT_KEY;
  m->src[iv].kind = SRC_PIVOT_VALUE;
  return HG_OK;
}

/* Resolves each spec entry (column.*, set.*, pivot.*) onto a wanted field. */
static hg_status resolve_fields(mapper *m, const char *const *fields, hg_error *err) {
  const hg_mapped_spec *spec = m->spec;
  if (spec->ncolumns == 0 && spec->nconstants == 0 && !spec->pivot_from) {
    /* Identity: header names are field names. */
    for (size_t i = 0; i < m->nfields; i++) {
      long c = header_col(m->names, m->ncols, fields[i]);
      if (c >= 0)
        m->src[i] = (field_src){.kind = SRC_COLUMN, .col = c};
    }
  }
  for (size_t k = 0; k < spec->ncolumns; k++) {
    long i = field_index(fields, m->nfields, spec->columns[k].field);
    if (i < 0) {
      hg_error_set(err, m->name, 0, NULL, "unknown field 'column.%s'", spec->columns[k].field);
      return HG_ERR_CONFIG;
    }
    long c = header_col(m->names, m->ncols, spec->columns[k].text);
    if (c < 0 && spec->columns_optional)
      continue;
    if (c < 0) {
      hg_error_set(err, m->name, hg_table_line(m->t, m->r0), spec->columns[k].text,
                   "column not found in the header (for field '%s')", spec->columns[k].field);
      return HG_ERR_FORMAT;
    }
    m->src[i] = (field_src){.kind = SRC_COLUMN, .col = c};
  }
  for (size_t k = 0; k < spec->nconstants; k++) {
    long i = field_index(fields, m->nfields, spec->constants[k].field);
    if (i < 0) {
      hg_error_set(err, m->name, 0, NULL, "unknown field 'set.%s'", spec->constants[k].field);
      return HG_ERR_CONFIG;
    }
    m->src[i] = (field_src){.kind = SRC_CONST, .text = spec->constants[k].text};
  }
  return resolve_pivot(m, fields, err);
}

/* Filters: the field each one tests and its patterns. */
static hg_status compile_filters(mapper *m, const char *const *fields, hg_error *err) {
  hg_status st = HG_OK;
  size_t nf = m->spec->nfilters;
  m->ifilter = g_new0(long, nf ? nf : 1);
  m->patterns = g_new0(char **, nf ? nf : 1);
  for (size_t k = 0; k < nf; k++) {
    const hg_mapped_pair *f = &m->spec->filters[k];
    m->ifilter[k] = field_index(fields, m->nfields, f->field);
    m->patterns[k] = g_strsplit(f->text ? f->text : "", ";", -1);
    for (size_t q = 0; m->patterns[k][q]; q++)
      g_strstrip(m->patterns[k][q]);
    if (m->ifilter[k] < 0 || m->src[m->ifilter[k]].kind == SRC_NONE) {
      st = HG_ERR_CONFIG;
      hg_error_set(err, m->name, 0, NULL, "filter on field '%s', which is not mapped", f->field);
    }
  }
  return st;
}

/* Source row r re-joined as CSV into m->raw (for rejects.csv). */
static void raw_row(mapper *m, size_t r) {
  g_string_truncate(m->raw, 0);
  for (size_t j = 0; j < hg_table_width(m->t, r); j++) {
    const char *c = hg_table_cell(m->t, r, j);
    if (j)
      g_string_append_c(m->raw, ',');
    if (strpbrk(c, ",\"\r\n")) {
      g_string_append_c(m->raw, '"');
      for (; *c; c++) {
        if (*c == '"')
          g_string_append_c(m->raw, '"');
        g_string_append_c(m->raw, *c);
      }
      g_string_append_c(m->raw, '"');
    } else {
      g_string_append(m->raw, c);
    }
  }
}

/* The field texts of row r (pivoted column pc) into m->vals, normalised. */
static void row_values(mapper *m, size_t r, long pc) {
  const hg_mapped_spec *spec = m->spec;
  for (size_t i = 0; i < m->nfields; i++) {
    const field_src *fs = &m->src[i];
    const char *v = "";
    if (fs->kind == SRC_COLUMN)
      v = hg_table_cell(m->t, r, (size_t)fs->col);
    else if (fs->kind == SRC_CONST)
      v = fs->text;
    else if (fs->kind == SRC_PIVOT_VALUE)
      v = hg_table_cell(m->t, r, (size_t)pc);
    else if (fs->kind == SRC_PIVOT_KEY) {
      v = m->names[pc];
      if (spec->pivot_strip && g_str_has_prefix(v, spec->pivot_strip))
        v += strlen(spec->pivot_strip);
    }
    g_free(m->vals[i]);
    m->vals[i] = hg_mapped_normalise(g_strdup(v), spec->na, spec->thousands);
  }
}

/* 1 if row r (pivoted column pc) passes every filter, tested on the cell as
 * published (before NA and thousands handling). */
static int row_kept(const mapper *m, size_t r, long pc) {
  for (size_t k = 0; k < m->spec->nfilters; k++) {
    const field_src *fs = &m->src[m->ifilter[k]];
    const char *published = fs->kind == SRC_COLUMN        ? hg_table_cell(m->t, r, (size_t)fs->col)
                            : fs->kind == SRC_PIVOT_VALUE ? hg_table_cell(m->t, r, (size_t)pc)
                                                          : m->vals[m->ifilter[k]];
    char *cellv = g_strstrip(g_strdup(published));
    int keep = 0;
    for (size_t q = 0; m->patterns[k][q] && !keep; q++)
      keep = g_pattern_match_simple(m->patterns[k][q], cellv);
    g_free(cellv);
    if (!keep)
      return 0;
  }
  return 1;
}

/* Hands data row r to fn, once per pivoted column (once without a pivot);
 * each value the filters remove is counted. */
static hg_status map_row(mapper *m, size_t r, hg_error *err) {
  hg_status st = HG_OK;
  long line = hg_table_line(m->t, r);
  raw_row(m, r);
  long lo = m->pfrom >= 0 ? m->pfrom : 0, hi = m->pfrom >= 0 ? m->pto : 0;
  for (long pc = lo; pc <= hi && st == HG_OK; pc++) {
    row_values(m, r, pc);
    if (!row_kept(m, r, pc)) {
      m->stats->rows_filtered++;
      continue;
    }
    st = m->fn(m->data, (const char *const *)m->vals, m->raw->str, line, err);
    if (st == HG_OK)
      m->stats->rows_emitted++;
  }
  return st;
}

/* Hands a row the table set aside (broken quoting) to on_reject. */
static hg_status bad_row(mapper *m, const hg_table_bad *b, hg_error *err) {
  m->stats->rows_bad++;
  hg_reject rj = {.file = m->name,
                  .line = b->line,
                  .column = b->field < m->ncols ? m->names[b->field] : "",
                  .reason = b->reason,
                  .message = b->message,
                  .raw = b->raw};
  if (m->on_reject(&rj, m->data) == 0)
    return HG_OK;
  hg_error_set(err, m->name, b->line, rj.column, "stopped by the reject handler: %s", b->message);
  return HG_ERR_ABORTED;
}

/* The data rows and the broken rows below the header, in file order.  A
 * broken row within the header makes the header itself doubtful: that fails. */
static hg_status map_rows(mapper *m, size_t first, hg_error *err) {
  const hg_table *t = m->t;
  size_t nrows = hg_table_nrows(t), nbad = hg_table_nbad(t), b = 0;
  if (nbad && hg_table_bad_row(t, 0)->line < hg_table_line(t, first - 1)) {
    const hg_table_bad *h = hg_table_bad_row(t, 0);
    hg_error_set(err, m->name, h->line, NULL, "%s, above the end of the header", h->message);
    return HG_ERR_PARSE;
  }
  hg_status st = HG_OK;
  for (size_t r = first; r <= nrows && st == HG_OK; r++) {
    if (m->cancel && (r & 4095) == 0 && *m->cancel && r < nrows) {
      hg_error_set(err, m->name, hg_table_line(t, r), NULL, "interrupted");
      return HG_ERR_ABORTED;
    }
    long line = r < nrows ? hg_table_line(t, r) : LONG_MAX;
    while (st == HG_OK && b < nbad && hg_table_bad_row(t, b)->line < line)
      st = bad_row(m, hg_table_bad_row(t, b++), err);
    if (st != HG_OK || r == nrows)
      break;
    line_kind k = classify(m, r);
    if (k == LINE_NOTE)
      m->stats->rows_notes++;
    if (k != LINE_DATA)
      continue;
    m->stats->rows_read++;
    st = map_row(m, r, err);
  }
  return st;
}

/* m arrives with t, spec, the callbacks and stats set. */
static hg_status map_table(mapper *mp, const char *const *fields, size_t nfields, hg_error *err) {
  hg_status st = HG_OK;
  const hg_table *t = mp->t;
  const hg_mapped_spec *spec = mp->spec;
  size_t nrows = hg_table_nrows(t);
  size_t hdr = spec->header_rows ? spec->header_rows : 1;
  mapper m = *mp;
  m.name = hg_table_name(t);
  m.nfields = nfields;
  m.src = g_new0(field_src, nfields ? nfields : 1);
  m.pfrom = m.pto = -1;
  m.vals = g_new0(char *, nfields ? nfields : 1);
  m.raw = g_string_new(NULL);

  /* The header rows are the first hdr rows that are not notes. */
  while (m.r0 < nrows && nonempty_cells(t, m.r0) == 0)
    m.r0++;
  if (m.r0 + hdr > nrows) {
    st = HG_ERR_EMPTY;
    hg_error_set(err, m.name, 0, NULL, "no header row");
    goto cleanup;
  }
  header_names(&m, hdr);
  if ((st = resolve_fields(&m, fields, err)) != HG_OK ||
      (st = compile_filters(&m, fields, err)) != HG_OK)
    goto cleanup;
  st = map_rows(&m, m.r0 + hdr, err);

cleanup:
  for (size_t k = 0; m.patterns && k < spec->nfilters; k++)
    g_strfreev(m.patterns[k]);
  g_free(m.patterns);
  g_free(m.ifilter);
  g_string_free(m.raw, TRUE);
  for (size_t i = 0; i < nfields; i++)
    g_free(m.vals[i]);
  g_free(m.vals);
  g_strfreev(m.names);
  g_free(m.src);
  return st;
}

static hg_status read_any(const char *path, const char *name, const char *text, size_t len,
                          const hg_mapped_spec *spec, const char *const *fields, size_t nfields,
                          mapper *m, hg_error *err) {
  static const hg_mapped_spec plain = {0};
  hg_mapped_stats dummy;
  if (!spec)
    spec = &plain;
  if (!m->stats)
    m->stats = &dummy;
  memset(m->stats, 0, sizeof *m->stats);
  m->spec = spec;
  hg_table_options o = {.skip_lines = spec->skip_rows,
                        .no_header = 1,
                        .keep_bad_rows = m->on_reject != NULL,
                        .cancel = m->cancel};
  hg_table *t = NULL;
  hg_status st =
      path ? hg_table_read(path, &o, &t, err) : hg_table_read_mem(name, text, len, &o, &t, err);
  if (st != HG_OK)
    return st;
  m->t = t;
  st = map_table(m, fields, nfields, err);
  hg_table_free(t);
  return st;
}

hg_status hg_mapped_read(const char *path, const hg_mapped_spec *spec, const char *const *fields,
                         size_t nfields, hg_mapped_row_fn fn, hg_reject_fn on_reject, void *data,
                         hg_mapped_stats *stats, hg_error *err) {
  mapper m = {.fn = fn, .on_reject = on_reject, .data = data, .stats = stats};
  return read_any(path, NULL, NULL, 0, spec, fields, nfields, &m, err);
}

hg_status hg_mapped_read_cancel(const char *path, const hg_mapped_spec *spec,
                                const char *const *fields, size_t nfields, hg_mapped_row_fn fn,
                                hg_reject_fn on_reject, void *data, hg_mapped_stats *stats,
                                volatile sig_atomic_t *cancel, hg_error *err) {
  mapper m = {.fn = fn, .on_reject = on_reject, .data = data, .stats = stats, .cancel = cancel};
  return read_any(path, NULL, NULL, 0, spec, fields, nfields, &m, err);
}

hg_status hg_mapped_read_mem(const char *name, const char *text, size_t len,
                             const hg_mapped_spec *spec, const char *const *fields, size_t nfields,
                             hg_mapped_row_fn fn, hg_reject_fn on_reject, void *data,
                             hg_mapped_stats *stats, hg_error *err) {
  mapper m = {.fn = fn, .on_reject = on_reject, .data = data, .stats = stats};
  return read_any(NULL, name, text, len, spec, fields, nfields, &m, err);
}
