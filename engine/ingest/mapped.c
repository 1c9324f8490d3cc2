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

static hg_status map_table(const hg_table *t, const hg_mapped_spec *spec, const char *const *fields,
                           size_t nfields, hg_mapped_row_fn fn, void *data, hg_mapped_stats *stats,
                           hg_error *err) {
  hg_status st = HG_OK;
  const char *name = hg_table_name(t);
  size_t nrows = hg_table_nrows(t), ncols = 0;
  size_t hdr = spec->header_rows ? spec->header_rows : 1;
  field_src *src = g_new0(field_src, nfields ? nfields : 1);
  char **names = NULL;
  char **vals = g_new0(char *, nfields ? nfields : 1);
  long pfrom = -1, pto = -1;
  size_t r0 = 0;
  GString *raw = g_string_new(NULL);

  /* The header rows are the first hdr rows that are not notes. */
  while (r0 < nrows && nonempty_cells(t, r0) == 0)
    r0++;
  if (r0 + hdr > nrows) {
    st = HG_ERR_EMPTY;
    hg_error_set(err, name, 0, NULL, "no header row");
    goto cleanup;
  }
  for (size_t r = r0; r < r0 + hdr; r++)
    if (hg_table_width(t, r) > ncols)
      ncols = hg_table_width(t, r);
  names = g_new0(char *, ncols + 1);
  {
    GString *s = g_string_new(NULL);
    char **fill = g_new0(char *, hdr);
    for (size_t j = 0; j < ncols; j++) {
      g_string_truncate(s, 0);
      for (size_t h = 0; h < hdr; h++) {
        char *c = g_strstrip(g_strdup(hg_table_cell(t, r0 + h, j)));
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
      names[j] = g_strdup(s->str);
    }
    for (size_t h = 0; h < hdr; h++)
      g_free(fill[h]);
    g_free(fill);
    g_string_free(s, TRUE);
  }

  /* Resolve each spec entry onto a wanted field. */
  if (spec->ncolumns == 0 && spec->nconstants == 0 && !spec->pivot_from) {
    /* Identity: header names are field names. */
    for (size_t i = 0; i < nfields; i++) {
      long c = header_col(names, ncols, fields[i]);
      if (c >= 0)
        src[i] = (field_src){.kind = SRC_COLUMN, .col = c};
    }
  }
  for (size_t k = 0; k < spec->ncolumns; k++) {
    long i = field_index(fields, nfields, spec->columns[k].field);
    if (i < 0) {
      st = HG_ERR_CONFIG;
      hg_error_set(err, name, 0, NULL, "unknown field 'column.%s'", spec->columns[k].field);
      goto cleanup;
    }
    long c = header_col(names, ncols, spec->columns[k].text);
    if (c < 0 && spec->columns_optional)
      continue;
    if (c < 0) {
      st = HG_ERR_FORMAT;
      hg_error_set(err, name, hg_table_line(t, r0), spec->columns[k].text,
                   "column not found in the header (for field '%s')", spec->columns[k].field);
      goto cleanup;
    }
    src[i] = (field_src){.kind = SRC_COLUMN, .col = c};
  }
  for (size_t k = 0; k < spec->nconstants; k++) {
    long i = field_index(fields, nfields, spec->constants[k].field);
    if (i < 0) {
      st = HG_ERR_CONFIG;
      hg_error_set(err, name, 0, NULL, "unknown field 'set.%s'", spec->constants[k].field);
      goto cleanup;
    }
    src[i] = (field_src){.kind = SRC_CONST, .text = spec->constants[k].text};
  }
  if (spec->pivot_from || spec->pivot_to || spec->pivot_key || spec->pivot_value) {
    if (!spec->pivot_from || !spec->pivot_to || !spec->pivot_key || !spec->pivot_value) {
      st = HG_ERR_CONFIG;
      hg_error_set(err, name, 0, NULL,
                   "pivot needs pivot.from, pivot.to, pivot.key and pivot.value");
      goto cleanup;
    }
    pfrom = header_col(names, ncols, spec->pivot_from);
    pto = header_col(names, ncols, spec->pivot_to);
    if (pfrom < 0 || pto < 0 || pto < pfrom) {
      st = HG_ERR_FORMAT;
      hg_error_set(err, name, hg_table_line(t, r0), pfrom < 0 ? spec->pivot_from : spec->pivot_to,
                   "pivot column range not found in the header");
      goto cleanup;
    }
    long ik = field_index(fields, nfields, spec->pivot_key);
    long iv = field_index(fields, nfields, spec->pivot_value);
    if (ik < 0 || iv < 0) {
      st = HG_ERR_CONFIG;
      hg_error_set(err, name, 0, NULL, "unknown pivot field '%s'",
                   ik < 0 ? spec->pivot_key : spec->pivot_value);
      goto cleanup;
    }
    src[ik].kind = SRC_PIVOT_KEY;
    src[iv].kind = SRC_PIVOT_VALUE;
  }
  /* Filters: the field each one tests and its patterns. */
  size_t nf = spec->nfilters;
  long *ifilter = g_new0(long, nf ? nf : 1);
  char ***patterns = g_new0(char **, nf ? nf : 1);
  for (size_t k = 0; k < nf; k++) {
    ifilter[k] = field_index(fields, nfields, spec->filters[k].field);
    patterns[k] = g_strsplit(spec->filters[k].text ? spec->filters[k].text : "", ";", -1);
    for (size_t q = 0; patterns[k][q]; q++)
      g_strstrip(patterns[k][q]);
    if (ifilter[k] < 0 || src[ifilter[k]].kind == SRC_NONE) {
      st = HG_ERR_CONFIG;
      hg_error_set(err, name, 0, NULL, "filter on field '%s', which is not mapped",
                   spec->filters[k].field);
    }
  }
  for (size_t r = r0 + hdr; r < nrows && st == HG_OK; r++) {
    if (nonempty_cells(t, r) < 2) {
      if (stats)
        stats->rows_skipped++;
      continue;
    }
    if (stats)
      stats->rows_read++;
    long line = hg_table_line(t, r);
    g_string_truncate(raw, 0);
    for (size_t j = 0; j < hg_table_width(t, r); j++) {
      const char *c = hg_table_cell(t, r, j);
      if (j)
        g_string_append_c(raw, ',');
      if (strpbrk(c, ",\"\r\n")) {
        g_string_append_c(raw, '"');
        for (; *c; c++) {
          if (*c == '"')
            g_string_append_c(raw, '"');
          g_string_append_c(raw, *c);
        }
        g_string_append_c(raw, '"');
      } else {
        g_string_append(raw, c);
      }
    }
    long lo = pfrom >= 0 ? pfrom : 0, hi = pfrom >= 0 ? pto : 0;
    int filtered = 0, emitted = 0;
    for (long pc = lo; pc <= hi && st == HG_OK; pc++) {
      for (size_t i = 0; i < nfields; i++) {
        g_free(vals[i]);
        switch (src[i].kind) {
        case SRC_COLUMN:
          vals[i] = g_strdup(hg_table_cell(t, r, (size_t)src[i].col));
          break;
        case SRC_CONST:
          vals[i] = g_strdup(src[i].text);
          break;
        case SRC_PIVOT_KEY: {
          const char *h = names[pc];
          if (spec->pivot_strip && g_str_has_prefix(h, spec->pivot_strip))
            h += strlen(spec->pivot_strip);
          vals[i] = g_strdup(h);
          break;
        }
        case SRC_PIVOT_VALUE:
          vals[i] = g_strdup(hg_table_cell(t, r, (size_t)pc));
          break;
        default:
          vals[i] = g_strdup("");
        }
        hg_mapped_normalise(vals[i], spec->na, spec->thousands);
      }
      int keep = 1;
      for (size_t k = 0; k < nf && keep; k++) {
        const field_src *fs = &src[ifilter[k]];
        const char *published = fs->kind == SRC_COLUMN        ? hg_table_cell(t, r, (size_t)fs->col)
                                : fs->kind == SRC_PIVOT_VALUE ? hg_table_cell(t, r, (size_t)pc)
                                                              : vals[ifilter[k]];
        char *cellv = g_strstrip(g_strdup(published));
        keep = 0;
        for (size_t q = 0; patterns[k][q] && !keep; q++)
          keep = g_pattern_match_simple(patterns[k][q], cellv);
        g_free(cellv);
      }
      if (!keep) {
        filtered = 1;
        continue;
      }
      emitted = 1;
      st = fn(data, (const char *const *)vals, raw->str, line, err);
      if (stats && st == HG_OK)
        stats->rows_emitted++;
    }
    if (stats && filtered && !emitted)
      stats->rows_skipped++; /* the whole source row was filtered out */
  }

  for (size_t k = 0; k < nf; k++)
    g_strfreev(patterns[k]);
  g_free(patterns);
  g_free(ifilter);

cleanup:
  g_string_free(raw, TRUE);
  for (size_t i = 0; i < nfields; i++)
    g_free(vals[i]);
  g_free(vals);
  g_strfreev(names);
  g_free(src);
  return st;
}

static hg_status read_any(const char *path, const char *name, const char *text, size_t len,
                          const hg_mapped_spec *spec, const char *const *fields, size_t nfields,
                          hg_mapped_row_fn fn, void *data, hg_mapped_stats *stats, hg_error *err) {
  static const hg_mapped_spec plain = {0};
  if (!spec)
    spec = &plain;
  if (stats)
    memset(stats, 0, sizeof *stats);
  hg_table_options o = {.skip_lines = spec->skip_rows, .no_header = 1};
  hg_table *t = NULL;
  hg_status st =
      path ? hg_table_read(path, &o, &t, err) : hg_table_read_mem(name, text, len, &o, &t, err);
  if (st != HG_OK)
    return st;
  st = map_table(t, spec, fields, nfields, fn, data, stats, err);
  hg_table_free(t);
  return st;
}

hg_status hg_mapped_read(const char *path, const hg_mapped_spec *spec, const char *const *fields,
                         size_t nfields, hg_mapped_row_fn fn, void *data, hg_mapped_stats *stats,
                         hg_error *err) {
  return read_any(path, NULL, NULL, 0, spec, fields, nfields, fn, data, stats, err);
}

hg_status hg_mapped_read_mem(const char *name, const char *text, size_t len,
                             const hg_mapped_spec *spec, const char *const *fields, size_t nfields,
                             hg_mapped_row_fn fn, void *data, hg_mapped_stats *stats,
                             hg_error *err) {
  return read_any(NULL, name, text, len, spec, fields, nfields, fn, data, stats, err);
}
