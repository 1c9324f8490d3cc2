/* ingest.c: streaming Fingertips and tidy readers on libcsv.
 *
 * The input is read in buffer_size blocks and each block is fed to libcsv one
 * physical line at a time, because libcsv does not count lines and every
 * reject must name its line.  libcsv keeps its state across calls, so a quoted
 * field may straddle any line or block boundary.
 *
 * The field callback only copies the field into the row buffer; all the work
 * happens once per row in on_row, where the whole row is known (the width
 * check comes first, and a reject needs the raw row).  Cost per row is kept low
 * by caching, per column, the last interned string and the last parsed period:
 * Fingertips files repeat indicator, period, sex and age on run after run of
 * rows, so most strings are a memcmp rather than a hash lookup.
 */
#include "healthgap/ingest.h"

#include <csv.h>
#include <errno.h>
#include <glib.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* The fields we know, in Fingertips column order (so a Fingertips column index
 * is its field number). */
typedef enum {
  F_INDICATOR_ID, F_INDICATOR_NAME, F_PARENT_CODE, F_PARENT_NAME, F_AREA_CODE, F_AREA_NAME,
  F_AREA_TYPE, F_SEX, F_AGE, F_CATEGORY_TYPE, F_CATEGORY, F_PERIOD, F_VALUE, F_LOWER95,
  F_UPPER95, F_LOWER998, F_UPPER998, F_COUNT, F_DENOMINATOR, F_VALUE_NOTE, F_RECENT_TREND,
  F_CMP_ENGLAND, F_CMP_PARENT, F_SORTABLE, F_NEW_DATA, F_CMP_GOAL, F_PERIOD_RANGE, F_N
} field;

enum { F_UNUSED = -1 };

enum { K_SKIP = 0, K_STR = 1, K_NUM = 2 }; /* K_SKIP: read, checked as UTF-8, not kept */
#define STR_FIELD(f, m) [f] = {offsetof(hg_obs, m), K_STR}
#define NUM_FIELD(f, m) [f] = {offsetof(hg_obs, m), K_NUM}
static const struct {
  size_t offset;
  int kind;
} field_slot[F_N] = {
    STR_FIELD(F_INDICATOR_ID, indicator_id), STR_FIELD(F_INDICATOR_NAME, indicator_name),
    STR_FIELD(F_PARENT_CODE, parent_code), STR_FIELD(F_PARENT_NAME, parent_name),
    STR_FIELD(F_AREA_CODE, area_code), STR_FIELD(F_AREA_NAME, area_name),
    STR_FIELD(F_AREA_TYPE, area_type), STR_FIELD(F_SEX, sex), STR_FIELD(F_AGE, age),
    STR_FIELD(F_CATEGORY_TYPE, category_type), STR_FIELD(F_CATEGORY, category),
    STR_FIELD(F_PERIOD, period_text), NUM_FIELD(F_VALUE, value), NUM_FIELD(F_LOWER95, lower95),
    NUM_FIELD(F_UPPER95, upper95), NUM_FIELD(F_LOWER998, lower998),
    NUM_FIELD(F_UPPER998, upper998), NUM_FIELD(F_COUNT, count),
    NUM_FIELD(F_DENOMINATOR, denominator), STR_FIELD(F_VALUE_NOTE, value_note),
    STR_FIELD(F_RECENT_TREND, fp_recent_trend), STR_FIELD(F_CMP_ENGLAND, fp_compared_england),
    STR_FIELD(F_CMP_PARENT, fp_compared_parent), [F_SORTABLE] = {0, K_NUM},
    [F_NEW_DATA] = {0, K_SKIP}, STR_FIELD(F_CMP_GOAL, fp_compared_goal),
    [F_PERIOD_RANGE] = {0, K_SKIP},
};

/* Tidy header names (DESIGN.md Inputs), plus the optional extras we read. */
static const char *const tidy_names[F_N] = {
    [F_INDICATOR_ID] = "indicator_id", [F_INDICATOR_NAME] = "indicator_name",
    [F_PARENT_CODE] = "parent_code",   [F_PARENT_NAME] = "parent_name",
    [F_AREA_CODE] = "area_code",       [F_AREA_NAME] = "area_name",
    [F_AREA_TYPE] = "area_type",       [F_SEX] = "sex",
    [F_AGE] = "age",                   [F_CATEGORY_TYPE] = "category_type",
    [F_CATEGORY] = "category",         [F_PERIOD] = "period",
    [F_VALUE] = "value",               [F_LOWER95] = "lower_ci95",
    [F_UPPER95] = "upper_ci95",        [F_LOWER998] = "lower_ci998",
    [F_UPPER998] = "upper_ci998",      [F_COUNT] = "count",
    [F_DENOMINATOR] = "denominator",   [F_VALUE_NOTE] = "value_note",
    [F_SORTABLE] = "period_sortable",
};

/* Fingertips columns checked by name (the rest are taken on trust, by position). */
static const struct {
  field f;
  const char *name, *alt;
} ft_checked[] = {
    {F_INDICATOR_ID, "Indicator ID", NULL}, {F_AREA_CODE, "Area Code", NULL},
    {F_AREA_NAME, "Area Name", "AreaName"}, {F_PERIOD, "Time period", NULL},
    {F_VALUE, "Value", NULL},               {F_COUNT, "Count", NULL},
    {F_DENOMINATOR, "Denominator", NULL},   {F_SORTABLE, "Time period Sortable", NULL},
};

enum { MAX_FIELDS = 1024, DEFAULT_BUFFER = 1 << 16, DEFAULT_MAX_ROW = 1 << 20 };

typedef struct {
  hg_str id;
  size_t len;
} str_cache;

typedef struct {
  hg_store *st;
  const char *name;
  const hg_read_options *opt;
  hg_read_report *rep;
  hg_error *err;
  hg_status status;
  int parse_strict;

  /* header */
  int header_done;
  size_t ncols;
  int *map;         /* column -> field or F_UNUSED */
  char **colnames;  /* header names as written (g_strdup) */
  int col_of[F_N];  /* field -> column or -1 */

  /* position */
  long line;        /* physical lines completely fed */
  long row_line;    /* line of the current row's first field */
  size_t row_bytes; /* bytes fed since the last row boundary */

  /* current row */
  char *buf;
  size_t buf_len, buf_cap;
  size_t offs[MAX_FIELDS], lens[MAX_FIELDS];
  size_t nfields;

  str_cache cache[F_N];
  hg_str last_period_id;
  hg_period last_period;
  hg_status last_period_st;
} reader;

static void fail(reader *r, hg_status st, long line, const char *column, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void fail(reader *r, hg_status st, long line, const char *column, const char *fmt, ...) {
  if (r->status != HG_OK)
    return;
  r->status = st;
  if (r->err) {
    char msg[sizeof r->err->message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    hg_error_set(r->err, r->name, line, column, "%s", msg);
  }
}

static void on_field(void *data, size_t len, void *ud) {
  reader *r = ud;
  if (r->status != HG_OK)
    return;
  if (r->nfields == 0)
    r->row_line = r->line + 1;
  if (r->nfields < MAX_FIELDS) {
    if (r->buf_len + len + 1 > r->buf_cap) {
      /* Bounded: a row never holds more than max_row_bytes plus one block. */
      size_t cap = r->buf_cap ? r->buf_cap : 4096;
      while (cap < r->buf_len + len + 1)
        cap *= 2;
      r->buf = g_realloc(r->buf, cap);
      r->buf_cap = cap;
    }
    if (len)
      memcpy(r->buf + r->buf_len, data, len);
    r->offs[r->nfields] = r->buf_len;
    r->lens[r->nfields] = len;
    r->buf_len += len;
    r->buf[r->buf_len++] = '\0'; /* hg_store_lookup and messages want C strings */
  }
  r->nfields++;
}

static const char *fld(const reader *r, size_t j) {
  return r->buf + r->offs[j];
}

/* The row as one CSV line, for rejects: quoted where RFC 4180 needs it. */
static char *raw_row(const reader *r) {
  GString *s = g_string_new(NULL);
  size_t n = r->nfields < MAX_FIELDS ? r->nfields : MAX_FIELDS;
  for (size_t j = 0; j < n; j++) {
    if (j)
      g_string_append_c(s, ',');
    const char *f = fld(r, j);
    size_t len = r->lens[j];
    if (len && strpbrk(f, ",\"\r\n")) {
      g_string_append_c(s, '"');
      for (size_t i = 0; i < len; i++) {
        if (f[i] == '"')
          g_string_append_c(s, '"');
        g_string_append_c(s, f[i]);
      }
      g_string_append_c(s, '"');
    } else {
      g_string_append_len(s, f, (gssize)len);
    }
  }
  return g_string_free(s, FALSE);
}

static void reject(reader *r, hg_reject_reason reason, const char *column, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void reject(reader *r, hg_reject_reason reason, const char *column, const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  r->rep->rejected++;
  r->rep->rejected_by_reason[reason]++;
  if (r->opt->on_reject) {
    char *raw = raw_row(r);
    hg_reject rj = {.file = r->name,
                    .line = r->row_line,
                    .column = column ? column : "",
                    .reason = reason,
                    .message = msg,
                    .raw = raw};
    int stop = r->opt->on_reject(&rj, r->opt->userdata);
    g_free(raw);
    if (stop) {
      fail(r, HG_ERR_ABORTED, r->row_line, column, "stopped by the reject handler: %s", msg);
      return;
    }
  }
  if (r->opt->strict)
    fail(r, HG_ERR_INVALID, r->row_line, column, "%s", msg);
}

static int is_valid_utf8(const char *s, size_t len) {
  /* Fast path: pure ASCII, which is nearly every field. */
  size_t i = 0;
  while (i < len && !((unsigned char)s[i] & 0x80))
    i++;
  return i == len || g_utf8_validate_len(s + i, len - i, NULL);
}

static void not_utf8(reader *r, size_t col) {
  fail(r, HG_ERR_FORMAT, r->row_line, r->colnames ? r->colnames[col] : NULL,
       "not valid UTF-8 (a Latin-1 or Windows-1252 file?): re-save the file as UTF-8");
}

static hg_str intern_cached(reader *r, field f, const char *s, size_t len, size_t col) {
  str_cache *c = &r->cache[f];
  if (len == c->len && (len == 0 || memcmp(hg_store_str(r->st, c->id), s, len) == 0))
    return c->id;
  if (!is_valid_utf8(s, len)) {
    not_utf8(r, col);
    return 0;
  }
  c->id = hg_store_intern(r->st, s, len);
  c->len = len;
  return c->id;
}

/* Names the column holding field f, for messages: the header as written. */
static const char *colname_of(const reader *r, field f) {
  return r->col_of[f] >= 0 ? r->colnames[r->col_of[f]] : tidy_names[f] ? tidy_names[f] : "";
}

static field field_of_canonical(const char *name) {
  for (int f = 0; f < F_N; f++)
    if (tidy_names[f] && strcmp(tidy_names[f], name) == 0)
      return (field)f;
  return F_N;
}

static void data_row(reader *r) {
  r->rep->rows_read++;
  if (r->nfields != r->ncols) {
    reject(r, HG_REJECT_FIELD_COUNT, NULL, "expected %zu fields, found %zu", r->ncols,
           r->nfields);
    return;
  }
  hg_obs o;
  hg_obs_init(&o);
  o.source = r->rep->source;
  o.line = r->row_line;
  double sortable = NAN;
  for (size_t j = 0; j < r->ncols; j++) {
    int f = r->map[j];
    const char *s = fld(r, j);
    size_t len = r->lens[j];
    if (f == F_UNUSED || field_slot[f].kind == K_SKIP) {
      if (!is_valid_utf8(s, len)) {
        not_utf8(r, j);
        return;
      }
      continue;
    }
    if (field_slot[f].kind == K_NUM) {
      double v;
      if (hg_parse_number(s, len, &v) == HG_NUM_INVALID) {
        if (!is_valid_utf8(s, len)) {
          not_utf8(r, j);
          return;
        }
        reject(r, HG_REJECT_NOT_NUMBER, r->colnames[j], "not a number: '%s'", s);
        return;
      }
      if (f == F_SORTABLE)
        sortable = v;
      else
        *(double *)((char *)&o + field_slot[f].offset) = v;
    } else {
      hg_str id = intern_cached(r, (field)f, s, len, j);
      if (r->status != HG_OK)
        return;
      *(hg_str *)((char *)&o + field_slot[f].offset) = id;
    }
  }
  /* The key fields must be there. */
  static const field keys[] = {F_INDICATOR_ID, F_AREA_CODE, F_PERIOD};
  for (size_t k = 0; k < G_N_ELEMENTS(keys); k++) {
    hg_str id = *(hg_str *)((char *)&o + field_slot[keys[k]].offset);
    if (id == 0) {
      reject(r, HG_REJECT_MISSING_KEY, colname_of(r, keys[k]), "empty key field");
      return;
    }
  }
  /* Period: parsed once per distinct text in a run of rows. */
  if (o.period_text != r->last_period_id) {
    const char *pt = hg_store_str(r->st, o.period_text);
    r->last_period_st = hg_period_parse(pt, strlen(pt), &r->last_period);
    r->last_period_id = o.period_text;
  }
  int have_sortable = !isnan(sortable);
  if (have_sortable && (sortable != floor(sortable) || sortable < 0 || sortable > 99999999)) {
    reject(r, HG_REJECT_BAD_PERIOD, colname_of(r, F_SORTABLE), "not a YYYYQQMM period key: '%s'",
           fld(r, (size_t)r->col_of[F_SORTABLE]));
    return;
  }
  if (r->last_period_st == HG_OK) {
    o.period = r->last_period;
    if (have_sortable)
      o.period.sortable = (int64_t)sortable; /* the file's own key wins (fingertips.md 1.3) */
  } else if (!have_sortable || hg_period_from_sortable((int64_t)sortable, &o.period) != HG_OK) {
    reject(r, HG_REJECT_BAD_PERIOD, colname_of(r, F_PERIOD), "time period not recognised: '%s'",
           hg_store_str(r->st, o.period_text));
    return;
  }
  if (!isnan(o.value))
    o.value_state = HG_VALUE_PRESENT;
  else if (o.value_note)
    o.value_state = HG_VALUE_SUPPRESSED; /* Fingertips writes suppressed values as empty + note */
  const char *canon = NULL;
  char msg[512];
  hg_reject_reason why = hg_validate_obs(r->st, &o, &canon, msg, sizeof msg);
  if (why != HG_REJECT_NONE) {
    field f = field_of_canonical(canon ? canon : "");
    reject(r, why, f < F_N ? colname_of(r, f) : "", "%s", msg);
    return;
  }
  if (hg_store_append(r->st, &o) != HG_OK) {
    fail(r, HG_ERR_NOMEM, r->row_line, NULL, "too many rows for one store");
    return;
  }
  r->rep->accepted++;
}

static int name_is(const char *have, const char *want) {
  if (!want)
    return 0;
  while (*have == ' ')
    have++;
  size_t n = strlen(have);
  while (n && have[n - 1] == ' ')
    n--;
  return n == strlen(want) && strncasecmp(have, want, n) == 0;
}

static void header_fingertips(reader *r) {
  if (r->ncols != 26 && r->ncols != 27) {
    fail(r, HG_ERR_FORMAT, r->row_line, NULL,
         "a Fingertips export has 26 or 27 columns; this header has %zu", r->ncols);
    return;
  }
  for (size_t j = 0; j < r->ncols; j++)
    r->map[j] = (int)j;
  for (size_t k = 0; k < G_N_ELEMENTS(ft_checked); k++) {
    const char *have = r->colnames[ft_checked[k].f];
    if (!name_is(have, ft_checked[k].name) && !name_is(have, ft_checked[k].alt)) {
      fail(r, HG_ERR_FORMAT, r->row_line, have,
           "expected the Fingertips column '%s' in position %d", ft_checked[k].name,
           (int)ft_checked[k].f + 1);
      return;
    }
  }
}

static void header_tidy(reader *r) {
  GString *unknown = g_string_new(NULL);
  for (size_t j = 0; j < r->ncols; j++) {
    r->map[j] = F_UNUSED;
    for (int f = 0; f < F_N; f++) {
      if (tidy_names[f] && name_is(r->colnames[j], tidy_names[f])) {
        if (r->col_of[f] >= 0) {
          fail(r, HG_ERR_FORMAT, r->row_line, r->colnames[j], "column appears twice in the header");
          goto cleanup;
        }
        r->map[j] = f;
        r->col_of[f] = (int)j;
      }
    }
    if (r->map[j] == F_UNUSED) {
      r->rep->unknown_columns++;
      if (unknown->len)
        g_string_append(unknown, ",");
      g_string_append(unknown, r->colnames[j]);
    }
  }
  size_t cap = sizeof r->rep->unknown_column_names;
  if (unknown->len >= cap) {
    g_string_truncate(unknown, cap - 4);
    g_string_append(unknown, "...");
  }
  memcpy(r->rep->unknown_column_names, unknown->str, unknown->len + 1);
  static const field required[] = {F_INDICATOR_ID, F_AREA_CODE, F_PERIOD};
  for (size_t k = 0; k < G_N_ELEMENTS(required); k++)
    if (r->col_of[required[k]] < 0) {
      fail(r, HG_ERR_FORMAT, r->row_line, tidy_names[required[k]],
           "required column missing from the header");
      goto cleanup;
    }
  if (r->col_of[F_VALUE] < 0 && (r->col_of[F_COUNT] < 0 || r->col_of[F_DENOMINATOR] < 0))
    fail(r, HG_ERR_FORMAT, r->row_line, "value",
         "required column missing: give 'value', or 'count' and 'denominator'");
cleanup:
  g_string_free(unknown, TRUE);
}

static void header_row(reader *r) {
  r->header_done = 1;
  r->ncols = r->nfields;
  if (r->ncols > MAX_FIELDS) {
    fail(r, HG_ERR_FORMAT, r->row_line, NULL, "header has %zu columns, over the limit of %d",
         r->ncols, MAX_FIELDS);
    return;
  }
  r->map = g_new(int, r->ncols);
  r->colnames = g_new0(char *, r->ncols + 1);
  for (size_t j = 0; j < r->ncols; j++) {
    if (!is_valid_utf8(fld(r, j), r->lens[j])) {
      fail(r, HG_ERR_FORMAT, r->row_line, NULL,
           "header is not valid UTF-8 (a Latin-1 or Windows-1252 file?): re-save it as UTF-8");
      return;
    }
    r->colnames[j] = g_strdup(fld(r, j));
  }
  hg_format fmt = r->opt->format;
  if (fmt == HG_FORMAT_AUTO) {
    int tidy = 0;
    for (size_t j = 0; j < r->ncols; j++)
      tidy |= name_is(r->colnames[j], "indicator_id");
    if (r->ncols && name_is(r->colnames[0], "Indicator ID"))
      fmt = HG_FORMAT_FINGERTIPS;
    else if (tidy)
      fmt = HG_FORMAT_TIDY;
    else {
      fail(r, HG_ERR_FORMAT, r->row_line, NULL,
           "header not recognised: neither a Fingertips export ('Indicator ID', ...) "
           "nor a tidy CSV (indicator_id, area_code, period, ...)");
      return;
    }
  }
  r->rep->format = fmt;
  if (fmt == HG_FORMAT_FINGERTIPS)
    header_fingertips(r);
  else
    header_tidy(r);
  if (fmt == HG_FORMAT_FINGERTIPS)
    for (int f = 0; f < F_N; f++)
      r->col_of[f] = f < (int)r->ncols ? f : -1;
}

static void on_row(int term, void *ud) {
  (void)term;
  reader *r = ud;
  if (r->status != HG_OK)
    return;
  if (!r->header_done)
    header_row(r);
  else
    data_row(r);
  r->nfields = 0;
  r->buf_len = 0;
}

/* Where bytes come from: a FILE or memory. */
typedef struct {
  FILE *fp;
  const char *mem;
  size_t mem_len, mem_pos;
} source;

static size_t src_read(source *s, char *buf, size_t n) {
  if (s->fp)
    return fread(buf, 1, n, s->fp);
  size_t left = s->mem_len - s->mem_pos;
  if (n > left)
    n = left;
  if (n)
    memcpy(buf, s->mem + s->mem_pos, n);
  s->mem_pos += n;
  return n;
}

/* Feeds one block to libcsv a line at a time, counting lines and row bytes. */
static void feed(reader *r, struct csv_parser *p, const char *data, size_t len) {
  size_t max_row = r->opt->max_row_bytes ? r->opt->max_row_bytes : DEFAULT_MAX_ROW;
  size_t pos = 0;
  while (pos < len && r->status == HG_OK) {
    const char *nl = memchr(data + pos, '\n', len - pos);
    size_t end = nl ? (size_t)(nl - data) + 1 : len;
    size_t n = end - pos;
    if (r->row_bytes + n > max_row) {
      fail(r, HG_ERR_NOMEM, r->line + 1, NULL,
           "row longer than %zu bytes (an unclosed quote?)", max_row);
      return;
    }
    if (csv_parse(p, data + pos, n, on_field, on_row, r) != n) {
      fail(r, HG_ERR_PARSE, r->line + 1, NULL, "malformed CSV: %s",
           csv_strerror(csv_error(p)));
      return;
    }
    /* pstate 0 is libcsv's ROW_NOT_BEGUN: no row in progress. */
    r->row_bytes = p->pstate == 0 ? 0 : r->row_bytes + n;
    if (nl)
      r->line++;
    pos = end;
  }
}

static hg_status read_source(hg_store *st, const char *name, source *src,
                             const hg_read_options *opt, hg_read_report *report, hg_error *err) {
  static const hg_read_options defaults = {0};
  hg_read_report dummy;
  if (!opt)
    opt = &defaults;
  if (!report)
    report = &dummy;
  memset(report, 0, sizeof *report);
  report->format = opt->format;
  report->source = hg_store_add_source(st, name);
  reader r = {.st = st, .name = name, .opt = opt, .rep = report, .err = err, .status = HG_OK};
  for (int f = 0; f < F_N; f++)
    r.col_of[f] = -1;
  r.last_period_st = HG_ERR_PARSE;
  size_t bufsize = opt->buffer_size ? opt->buffer_size : DEFAULT_BUFFER;
  char *buf = g_malloc(bufsize);
  struct csv_parser p;
  int ready = 0;
  unsigned char copts = opt->strict ? CSV_STRICT | CSV_STRICT_FINI : 0;
  if (csv_init(&p, copts) != 0) {
    fail(&r, HG_ERR_NOMEM, 0, NULL, "cannot start the CSV parser");
    goto cleanup;
  }
  ready = 1;
  /* A UTF-8 BOM may arrive split over several reads when buffer_size < 3. */
  char head[3];
  size_t have = 0, n;
  while (have < 3 && (n = src_read(src, head + have, MIN(bufsize, 3 - have))) > 0)
    have += n;
  if (have == 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0)
    have = 0;
  feed(&r, &p, head, have);
  while (r.status == HG_OK && (n = src_read(src, buf, bufsize)) > 0)
    feed(&r, &p, buf, n);
  if (src->fp && ferror(src->fp))
    fail(&r, HG_ERR_IO, r.line, NULL, "read error: %s", strerror(errno));
  if (r.status == HG_OK && csv_fini(&p, on_field, on_row, &r) != 0)
    fail(&r, HG_ERR_PARSE, r.line + 1, NULL, "malformed CSV at end of file: %s",
         csv_strerror(csv_error(&p)));
  if (r.status == HG_OK && !r.header_done)
    fail(&r, HG_ERR_EMPTY, 0, NULL, "empty file: no header row");
  else if (r.status == HG_OK && report->rows_read == 0)
    fail(&r, HG_ERR_EMPTY, r.line, NULL, "no data rows after the header");
cleanup:
  if (ready)
    csv_free(&p);
  g_free(buf);
  g_free(r.buf);
  g_free(r.map);
  g_strfreev(r.colnames);
  return r.status;
}

hg_status hg_read_mem(hg_store *st, const char *name, const char *data, size_t len,
                      const hg_read_options *opt, hg_read_report *report, hg_error *err) {
  source src = {.mem = data, .mem_len = len};
  return read_source(st, name ? name : "-", &src, opt, report, err);
}

hg_status hg_read_file(hg_store *st, const char *path, const hg_read_options *opt,
                       hg_read_report *report, hg_error *err) {
  int is_stdin = strcmp(path, "-") == 0;
  FILE *fp = is_stdin ? stdin : fopen(path, "rb");
  if (!fp) {
    if (report)
      memset(report, 0, sizeof *report);
    hg_error_set(err, path, 0, NULL, "%s", strerror(errno));
    return HG_ERR_IO;
  }
  source src = {.fp = fp};
  hg_status s = read_source(st, path, &src, opt, report, err);
  if (!is_stdin)
    fclose(fp);
  return s;
}
