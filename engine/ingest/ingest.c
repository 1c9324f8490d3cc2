/* ingest.c: streaming Fingertips and tidy readers on libcsv.
 *
 * The input is read in buffer_size blocks and each block is fed to libcsv one
 * physical line at a time, because libcsv does not count lines and every
 * reject must name its line.  libcsv keeps its state across calls, so a quoted
 * field may straddle any line or block boundary.  The bytes fed since the last
 * row boundary are kept as the row's raw text for rejects.
 *
 * Work is done in the field callback, on libcsv's (ptr, len) without copies:
 * a number is parsed at once, a string interned at once, an unneeded column
 * skipped.  The first problem of a row is remembered and the row judged in the
 * row callback, once its width is known.  Cost per row is kept low by caching
 * per column the last interned strings and the last parsed period: exports
 * repeat indicator, period, sex and age on run after run of rows, so most
 * strings cost a length check and an inline compare rather than a hash
 * lookup.  docs/ingest.md (Memory and speed) lists what each step costs.
 */
#include "healthgap/filekind.h"
#include "healthgap/mapped.h"
#include "ingest/fast.h"
#include "ingest/internal.h"
#include "store/internal.h"

#include <csv.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

enum { K_SKIP = 0, K_STR = 1, K_NUM = 2, K_SORTABLE = 3 };
/* Flag on the kind of the row key's last column: once it is read, the key
 * index slot is prefetched (hg_store_prefetch_key). */
enum { K_LAST_KEY = 0x80 };
#define STR_FIELD(f, m) [f] = {offsetof(hg_obs, m), K_STR}
#define NUM_FIELD(f, m) [f] = {offsetof(hg_obs, m), K_NUM}
/* Where each field lands in hg_obs.  K_SKIP: read and checked as UTF-8, not kept. */
static const struct {
  size_t offset;
  unsigned char kind;
} field_slot[F_N] = {
    STR_FIELD(F_INDICATOR_ID, indicator_id),
    STR_FIELD(F_INDICATOR_NAME, indicator_name),
    STR_FIELD(F_PARENT_CODE, parent_code),
    STR_FIELD(F_PARENT_NAME, parent_name),
    STR_FIELD(F_AREA_CODE, area_code),
    STR_FIELD(F_AREA_NAME, area_name),
    STR_FIELD(F_AREA_TYPE, area_type),
    STR_FIELD(F_SEX, sex),
    STR_FIELD(F_AGE, age),
    STR_FIELD(F_CATEGORY_TYPE, category_type),
    STR_FIELD(F_CATEGORY, category),
    STR_FIELD(F_PERIOD, period_text),
    NUM_FIELD(F_VALUE, value),
    NUM_FIELD(F_LOWER95, lower95),
    NUM_FIELD(F_UPPER95, upper95),
    NUM_FIELD(F_LOWER998, lower998),
    NUM_FIELD(F_UPPER998, upper998),
    NUM_FIELD(F_COUNT, count),
    NUM_FIELD(F_DENOMINATOR, denominator),
    STR_FIELD(F_VALUE_NOTE, value_note),
    STR_FIELD(F_RECENT_TREND, fp_recent_trend),
    STR_FIELD(F_CMP_ENGLAND, fp_compared_england),
    STR_FIELD(F_CMP_PARENT, fp_compared_parent),
    [F_SORTABLE] = {0, K_SORTABLE},
    [F_NEW_DATA] = {0, K_SKIP},
    STR_FIELD(F_CMP_GOAL, fp_compared_goal),
    [F_PERIOD_RANGE] = {0, K_SKIP},
    /* kept in the reader until the row ends (after_header): hg_fnext_row */
    [F_BENCHMARK] = {offsetof(hg_reader, fn_benchmark), K_STR},
    [F_CMP_BENCHMARK] = {offsetof(hg_reader, fn_compared), K_STR},
};

enum { DEFAULT_BUFFER = 1 << 16, DEFAULT_MAX_ROW = 1 << 20 };

void hg_reader_fail(hg_reader *r, hg_status st, long line, const char *column, const char *fmt,
                    ...) {
  if (r->status != HG_OK)
    return;
  r->status = st;
  r->live_cols = 0; /* the field callback's fast path stops */
  if (r->err) {
    char msg[sizeof r->err->message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    hg_error_set(r->err, r->name, line, column, "%s", msg);
  }
}

static int is_valid_utf8(const char *s, size_t len) {
  size_t i = 0; /* fast path: pure ASCII, which is nearly every field */
  while (i < len && !((unsigned char)s[i] & 0x80))
    i++;
  return i == len || g_utf8_validate_len(s + i, len - i, NULL);
}

static void not_utf8(hg_reader *r, size_t col) {
  hg_reader_fail(r, HG_ERR_FORMAT, r->row_line, col < r->ncols ? r->colnames[col] : NULL,
                 "not valid UTF-8 (a Latin-1 or Windows-1252 file?): re-save the file as UTF-8");
}

/* A text not in its column's cache: checked as UTF-8 (cached texts were
 * checked when they came in), interned and cached. */
__attribute__((noinline)) static void str_miss(hg_reader *r, hg_str_cache *c, const char *s,
                                               size_t len, size_t col, hg_str *slot) {
  if (!is_valid_utf8(s, len)) {
    not_utf8(r, col);
    *slot = 0;
    return;
  }
  if (memchr(s, '\0', len)) {
    /* A C string would end at the NUL ("Cam\0den" published as "Cam") and
     * two different keys would meet: the row is refused, not cut. */
    *slot = 0;
    if (!r->pending) {
      r->pending = HG_REJECT_BAD_TEXT;
      r->pending_col = col;
      snprintf(r->pending_msg, sizeof r->pending_msg, "a NUL byte in a text field");
    }
    return;
  }
  unsigned k = c->next++ % HG_STR_CACHE;
  c->id[k] = hg_store_intern(r->st, s, len);
  c->len[k] = len;
  c->text[k] = hg_store_str(r->st, c->id[k]);
  *slot = c->id[k];
}

/* A number off the fast path: hg_parse_number decides; if the text is not a
 * number the row is judged in on_row. */
/* Numbers as Fingertips' "Download data" export writes them, which the strict
 * rule refuses elsewhere: counts with thousands separators ("1,480", only in
 * groups of three) and the HTML placeholder its 2025 exports put in empty
 * cells (<div class="no-data">-</div>) or the lone "-" of its compare-areas
 * table, both missing.  1 when handled. */
int hg_fingertips_number(const char *s, size_t len, double *slot) {
  if (len == 1 && s[0] == '-') { /* the compare-areas table's "no data" */
    *slot = NAN;
    return 1;
  }
  if (len > 1 && s[0] == '<' && s[len - 1] == '>') {
    /* the text between the tags is "-" or nothing */
    const char *open_end = memchr(s, '>', len);
    const char *close = open_end ? memchr(open_end, '<', (size_t)(s + len - open_end)) : NULL;
    if (!close)
      return 0;
    size_t inner = (size_t)(close - open_end - 1);
    if (inner > 1 || (inner == 1 && open_end[1] != '-'))
      return 0;
    *slot = NAN;
    return 1;
  }
  /* the mapped layout's rule for thousands separators (groups of three) */
  char buf[64];
  if (len >= sizeof buf || !memchr(s, ',', len))
    return 0;
  memcpy(buf, s, len);
  buf[len] = '\0';
  hg_mapped_normalise(buf, NULL, ',');
  return !strchr(buf, ',') && hg_parse_number(buf, strlen(buf), slot) == HG_NUM_OK;
}

__attribute__((noinline)) static void num_slow(hg_reader *r, const char *s, size_t len, size_t col,
                                               double *slot) {
  if (hg_parse_number(s, len, slot) != HG_NUM_INVALID)
    return;
  if (r->ft_family && hg_fingertips_number(s, len, slot))
    return;
  if (!is_valid_utf8(s, len)) {
    not_utf8(r, col);
    return;
  }
  if (!r->pending) {
    r->pending = HG_REJECT_NOT_NUMBER;
    r->pending_col = col;
    snprintf(r->pending_msg, sizeof r->pending_msg, "not a number: '%.*s'",
             len > 400 ? 400 : (int)len, s);
  }
}

/* Fields off the fast path: the header row, a failed read, a ragged row. */
__attribute__((noinline)) static void other_field(hg_reader *r, const char *s, size_t len) {
  if (r->status != HG_OK || r->header_done)
    return; /* past the header: a ragged row's extra field, rejected in on_row */
  if (r->nfields <= HG_MAX_FIELDS)
    g_ptr_array_add(r->header, g_strndup(s ? s : "", len));
}

/* The string column c's id of s: from the column's cache, else str_miss. */
static inline void str_value(hg_reader *r, const hg_col *c, const char *s, size_t len, size_t col,
                             hg_str *slot) {
  hg_str_cache *sc = &r->cache[c->field];
  for (unsigned k = 0; k < HG_STR_CACHE; k++)
    if (len == sc->len[k] && same_text(sc->text[k], s, len)) {
      *slot = sc->id[k];
      return;
    }
  str_miss(r, sc, s, len, col, slot);
}

/* Skipped columns and the key's last column (a string). */
__attribute__((noinline)) static void other_kind(hg_reader *r, const hg_col *c, const char *s,
                                                 size_t len, size_t col) {
  if (c->kind & K_LAST_KEY) {
    str_value(r, c, s, len, col, (hg_str *)((char *)r + c->offset));
    hg_store_prefetch_key(r->st, &r->obs);
  } else if (!is_valid_utf8(s, len)) {
    not_utf8(r, col);
  }
}

/* Called by libcsv for every field of every row, so kept lean: one
 * comparison sends everything unusual to other_field; an empty field is
 * missing and leaves hg_obs_init's 0 or NAN in place; a number on the fast
 * path and a string found in its column's cache need no call, and every
 * call is a tail call, so that the common paths save few registers. */
static void on_field(void *data, size_t len, void *ud) {
  hg_reader *r = ud;
  size_t col = r->nfields++;
  if (G_UNLIKELY(col >= r->live_cols)) {
    other_field(r, data, len);
    return;
  }
  const hg_col *c = &r->cols[col];
  if (len == 0 || (G_UNLIKELY(r->na_missing) && len == 2 && ((const char *)data)[0] == 'N' &&
                   ((const char *)data)[1] == 'A')) { /* libcsv may pass NULL when empty */
    if (G_UNLIKELY(c->kind & K_LAST_KEY))
      hg_store_prefetch_key(r->st, &r->obs);
    return;
  }
  const char *s = data;
  char *slot = (char *)r + c->offset;
  if (c->kind == K_NUM) {
    if (!parse_num_fast(s, len, (double *)slot))
      num_slow(r, s, len, col, (double *)slot);
  } else if (c->kind == K_STR) {
    str_value(r, c, s, len, col, (hg_str *)slot);
  } else {
    other_kind(r, c, s, len, col);
  }
}

static void raw_append(hg_reader *r, const char *s, size_t n) {
  if (r->raw_len + n + 1 > r->raw_cap) {
    size_t cap = r->raw_cap ? r->raw_cap : 1024;
    while (cap < r->raw_len + n + 1)
      cap *= 2;
    r->raw = g_realloc(r->raw, cap);
    r->raw_cap = cap;
  }
  memcpy(r->raw + r->raw_len, s, n);
  r->raw_len += n;
}

/* The row's raw text without its line end: earlier pieces plus this one.
 * Built only for a reject, so accepted rows never copy their text. */
static const char *raw_text(hg_reader *r) {
  size_t keep = r->raw_len;
  raw_append(r, r->piece, r->piece_len);
  size_t n = r->raw_len;
  r->raw_len = keep; /* feed() appends the piece itself if the row goes on */
  while (n && (r->raw[n - 1] == '\n' || r->raw[n - 1] == '\r'))
    n--;
  r->raw[n] = '\0'; /* raw_append always leaves room */
  return r->raw;
}

/* Names the column holding field f, for messages: the header as written. */
static const char *colname_of(const hg_reader *r, int f) {
  if (f >= 0 && f < F_N && r->col_of[f] >= 0)
    return r->colnames[r->col_of[f]];
  return f >= 0 && f < F_N && hg_tidy_names[f] ? hg_tidy_names[f] : "";
}

/* Counts a reject and hands it to on_reject; in strict mode the first one
 * stops the read. */
static void emit_reject(hg_reader *r, hg_reject_reason reason, const char *column, const char *raw,
                        const char *msg) {
  r->rep->rejected++;
  r->rep->rejected_by_reason[reason]++;
  if (r->opt->on_reject) {
    hg_reject rj = {.file = r->name,
                    .line = r->row_line,
                    .column = column ? column : "",
                    .reason = reason,
                    .message = msg,
                    .raw = raw};
    if (r->opt->on_reject(&rj, r->opt->userdata)) {
      hg_reader_fail(r, HG_ERR_ABORTED, r->row_line, column, "stopped by the reject handler: %s",
                     msg);
      return;
    }
  }
  if (r->opt->strict)
    hg_reader_fail(r, HG_ERR_INVALID, r->row_line, column, "%s", msg);
}

static void reject(hg_reader *r, hg_reject_reason reason, const char *column, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void reject(hg_reader *r, hg_reject_reason reason, const char *column, const char *fmt,
                   ...) {
  char msg[600];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  emit_reject(r, reason, column, raw_text(r), msg);
}

static int field_of_canonical(const char *name) {
  for (int f = 0; f < F_N; f++)
    if (hg_tidy_names[f] && strcmp(hg_tidy_names[f], name) == 0)
      return f;
  return -1;
}

/* 1 when code is not an ONS area code as written but becomes one (a letter and
 * eight digits) in upper case without spaces: "e09000001", "E09 000009".
 * fixed gets that code.  Other codes (GP practices, PCNs, our own) pass. */
static int ons_code_mistyped(const char *code, char fixed[16]) {
  size_t n = 0;
  int changed = 0;
  for (const char *p = code; *p; p++) {
    if (*p == ' ') {
      changed = 1;
      continue;
    }
    if (n >= 9)
      return 0;
    char u = g_ascii_toupper(*p);
    changed |= u != *p;
    fixed[n++] = u;
  }
  fixed[n] = '\0';
  if (!changed || n != 9 || !strchr("EWSNK", fixed[0]))
    return 0;
  for (size_t i = 1; i < 9; i++)
    if (!g_ascii_isdigit(fixed[i]))
      return 0;
  return 1;
}

/* Stores the row, or with keys_only records its key alone.  A duplicate
 * gives HG_REJECT_DUPLICATE and its message; a full store fails the read. */
static hg_reject_reason keep_row(hg_reader *r, char *msg, size_t msg_size) {
  if (r->opt->keys_only) {
    uint32_t src;
    long line;
    if (!hg_key_set_claim(r->opt->keys_only, &r->obs, &src, &line))
      return HG_REJECT_NONE;
    hg_duplicate_message_at(r->st, src, line, msg, msg_size);
    return HG_REJECT_DUPLICATE;
  }
  long first;
  if (hg_store_append_unique(r->st, &r->obs, &first) != HG_OK) {
    hg_reader_fail(r, HG_ERR_NOMEM, r->row_line, NULL, "too many rows for one store");
    return HG_REJECT_DUPLICATE;
  }
  if (first < 0)
    return HG_REJECT_NONE;
  hg_duplicate_message(r->st, first, msg, msg_size);
  return HG_REJECT_DUPLICATE;
}

static void data_row(hg_reader *r) {
  hg_obs *o = &r->obs;
  r->rep->rows_read++;
  if (r->nfields > r->ncols || r->nfields < r->min_fields) {
    if (r->min_fields < r->ncols)
      reject(r, HG_REJECT_FIELD_COUNT, NULL, "expected %zu to %zu fields, found %zu", r->min_fields,
             r->ncols, r->nfields);
    else
      reject(r, HG_REJECT_FIELD_COUNT, NULL, "expected %zu fields, found %zu", r->ncols,
             r->nfields);
    return;
  }
  if (r->pending) {
    reject(r, r->pending, r->colnames[r->pending_col], "%s", r->pending_msg);
    return;
  }
  static const hg_field keys[] = {F_INDICATOR_ID, F_AREA_CODE, F_PERIOD};
  for (size_t k = 0; k < G_N_ELEMENTS(keys); k++)
    if (*(hg_str *)((char *)o + field_slot[keys[k]].offset) == 0) {
      reject(r, HG_REJECT_MISSING_KEY, colname_of(r, keys[k]), "empty key field");
      return;
    }
  if (r->fnext)
    hg_fnext_row(r);
  const char *code = hg_store_str(r->st, o->area_code);
  char fixed[16];
  if (ons_code_mistyped(code, fixed)) {
    reject(r, HG_REJECT_BAD_CODE, colname_of(r, F_AREA_CODE),
           "area code '%s' is not an ONS code as written (did you mean %s?)", code, fixed);
    return;
  }
  /* Period: parsed once per distinct text in a run of rows. */
  if (o->period_text != r->last_period_id) {
    const char *pt = hg_store_str(r->st, o->period_text);
    r->last_period_st = hg_period_parse(pt, strlen(pt), &r->last_period);
    r->last_period_id = o->period_text;
  }
  double sortable = r->sortable;
  int have_sortable = !isnan(sortable);
  if (have_sortable && (sortable != floor(sortable) || sortable < 0 || sortable > 99999999)) {
    reject(r, HG_REJECT_BAD_PERIOD, colname_of(r, F_SORTABLE), "not a YYYYQQMM period key: %.17g",
           sortable);
    return;
  }
  if (r->last_period_st == HG_OK && have_sortable &&
      (int64_t)sortable / 10000 != r->last_period.sortable / 10000) {
    /* A key that contradicts its period would reorder trends: the text is
     * what the reader sees, so its key is used, and the report counts it. */
    have_sortable = 0;
    r->rep->sortable_replaced++;
  }
  if (r->last_period_st == HG_OK) {
    o->period = r->last_period;
    /* The file's own sortable key wins over the one derived from the text. */
    if (have_sortable)
      o->period.sortable = (int64_t)sortable;
  } else if (!have_sortable || hg_period_from_sortable((int64_t)sortable, &o->period) != HG_OK) {
    reject(r, HG_REJECT_BAD_PERIOD, colname_of(r, F_PERIOD), "time period not recognised: '%s'",
           hg_store_str(r->st, o->period_text));
    return;
  }
  if (!isnan(o->value))
    o->value_state = HG_VALUE_PRESENT;
  else if (o->value_note)
    o->value_state = HG_VALUE_SUPPRESSED; /* Fingertips writes suppressed values as empty + note */
  o->source = r->rep->source;
  o->line = r->row_line;
  const char *canon = NULL;
  char msg[512];
  hg_reject_reason why =
      hg_values_pass(o) ? HG_REJECT_NONE : hg_validate_values(o, &canon, msg, sizeof msg);
  if (why != HG_REJECT_NONE) {
    reject(r, why, colname_of(r, field_of_canonical(canon ? canon : "")), "%s", msg);
    return;
  }
  if (keep_row(r, msg, sizeof msg) != HG_REJECT_NONE) {
    if (r->status == HG_OK)
      reject(r, HG_REJECT_DUPLICATE, NULL, "%s", msg);
    return;
  }
  r->rep->accepted++;
  if (r->opt->on_accept)
    r->opt->on_accept(o, r->opt->userdata);
}

static void start_row(hg_reader *r) {
  r->nfields = 0;
  r->row_line = r->line + 1; /* a row starting inside this piece; feed() sets it at a piece start */
  r->pending = HG_REJECT_NONE;
  r->sortable = NAN;
  r->fn_benchmark = r->fn_compared = 0;
  r->obs = r->blank;
}

static void after_header(hg_reader *r) {
  r->cols = g_new0(hg_col, r->ncols ? r->ncols : 1);
  for (size_t j = 0; j < r->ncols; j++) {
    int f = r->map[j];
    hg_col *c = &r->cols[j];
    c->kind = f == HG_F_UNUSED ? K_SKIP : field_slot[f].kind;
    c->field = (unsigned char)(f == HG_F_UNUSED ? 0 : f);
    if (c->kind == K_SORTABLE) {
      c->kind = K_NUM; /* a number like any other, kept aside for on_row */
      c->offset = offsetof(hg_reader, sortable);
    } else if (f == F_BENCHMARK || f == F_CMP_BENCHMARK) {
      c->offset = (unsigned short)field_slot[f].offset; /* in the reader, not in obs */
    } else if (c->kind != K_SKIP) {
      c->offset = (unsigned short)(offsetof(hg_reader, obs) + field_slot[f].offset);
    }
  }
  static const hg_field key_fields[] = {F_INDICATOR_ID, F_AREA_CODE,     F_PERIOD,  F_SEX,
                                        F_AGE,          F_CATEGORY_TYPE, F_CATEGORY};
  int last = -1;
  for (size_t k = 0; k < G_N_ELEMENTS(key_fields); k++)
    last = MAX(last, r->col_of[key_fields[k]]);
  if (last >= 0)
    r->cols[last].kind |= K_LAST_KEY;
  r->live_cols = r->ncols;
}

_Static_assert(offsetof(hg_reader, sortable) < 65536 &&
                   offsetof(hg_reader, obs) + sizeof(hg_obs) < 65536,
               "hg_col.offset is 16 bits");

static void on_row(int term, void *ud) {
  (void)term;
  hg_reader *r = ud;
  if (r->status != HG_OK)
    return;
  if (!r->header_done) {
    hg_reader_header(r);
    if (r->status == HG_OK)
      after_header(r);
  } else {
    data_row(r);
  }
  start_row(r);
}

/* Where bytes come from: a FILE or memory. */
typedef struct {
  FILE *fp;
  const char *mem;
  size_t mem_len, mem_pos;
  size_t size; /* total bytes when known (memory, a regular file), else 0 */
} source;

/* Once the first block has given some rows, reserves store room for the
 * whole input at that rate (plus 1/8), so that a big file's columns are
 * allocated once instead of copied at every doubling.  The estimate is
 * capped at one row per 16 bytes; a wrong guess only costs memory or the
 * usual doubling. */
static void reserve_rows(hg_reader *r, const source *src, size_t fed) {
  size_t rows = r->rep->rows_read;
  if (r->opt->keys_only || !src->size || rows < 16 || fed == 0) /* no rows kept */
    return;
  double est = (double)src->size / (double)fed * (double)rows;
  est += est / 8;
  if (est > (double)src->size / 16)
    est = (double)src->size / 16;
  hg_store_reserve(r->st, hg_store_size(r->st) + (size_t)est);
}

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

/* libcsv's state inside a quoted field not yet closed (its FIELD_BEGUN). */
static int quote_open(const struct csv_parser *p) {
  return p->quoted && p->pstate == 2;
}

/* Starts the parser again after a broken row. */
static void restart(hg_reader *r, struct csv_parser *p) {
  csv_free(p);
  if (csv_init(p, r->csv_options) != 0)
    hg_reader_fail(r, HG_ERR_NOMEM, r->line, NULL, "cannot start the CSV parser");
  r->raw_len = 0;
  r->row_bytes = 0;
  r->broken = HG_REJECT_NONE;
  start_row(r);
}

static const char *column_name(const hg_reader *r, size_t col) {
  return col < r->ncols ? r->colnames[col] : NULL;
}

/* The row in progress holds a quote opened on its first line that did not
 * close there (why): rejected with that line as raw, and the bytes after it
 * (earlier pieces, then this piece) go to r->replay to be parsed again. */
static void unclosed_quote(hg_reader *r, struct csv_parser *p, const char *piece, size_t n,
                           const char *why) {
  raw_append(r, piece, n);
  const char *nl = memchr(r->raw, '\n', r->raw_len);
  size_t first = nl ? (size_t)(nl - r->raw) + 1 : r->raw_len;
  r->replay = g_string_new_len(r->raw + first, (gssize)(r->raw_len - first));
  size_t keep = first;
  while (keep && (r->raw[keep - 1] == '\n' || r->raw[keep - 1] == '\r'))
    keep--;
  r->raw[keep] = '\0';
  char msg[300];
  snprintf(msg, sizeof msg, "unclosed quote: %s", why);
  r->rep->rows_read++;
  emit_reject(r, HG_REJECT_UNCLOSED_QUOTE, column_name(r, r->nfields), r->raw, msg);
  long start = r->row_line;
  restart(r, p);
  r->line = start; /* the row's first line is done; the replay counts the rest */
}

/* A piece of a row with a stray quote: kept (up to max_row bytes) until its
 * line ends, then the row is rejected and the parser starts again. */
static void broken_piece(hg_reader *r, struct csv_parser *p, const char *piece, size_t n,
                         size_t max_row) {
  if (r->raw_len < max_row)
    raw_append(r, piece, MIN(n, max_row - r->raw_len));
  if (piece[n - 1] != '\n')
    return;
  size_t k = r->raw_len;
  while (k && (r->raw[k - 1] == '\n' || r->raw[k - 1] == '\r'))
    k--;
  r->raw[k] = '\0';
  r->rep->rows_read++;
  emit_reject(r, r->broken, column_name(r, r->broken_col), r->raw,
              "stray quote: a quote inside an unquoted field, or text after a closing quote");
  restart(r, p);
}

/* libcsv refused the piece: a broken header fails the file; in a row that
 * has run past its first line the quote opened there is the cause; else
 * the quote is stray.  Returns 1 when bytes went to r->replay. */
static int parse_error(hg_reader *r, struct csv_parser *p, const char *piece, size_t n,
                       size_t max_row) {
  if (!r->header_done || r->status != HG_OK) {
    hg_reader_fail(r, HG_ERR_PARSE, r->line + 1, NULL, "malformed CSV: %s",
                   csv_strerror(csv_error(p)));
    return 0;
  }
  if (r->raw_len && memchr(r->raw, '\n', r->raw_len)) {
    char why[100];
    snprintf(why, sizeof why, "the quoted field runs onto line %ld and breaks there", r->line + 1);
    unclosed_quote(r, p, piece, n, why);
    return 1;
  }
  r->broken = HG_REJECT_STRAY_QUOTE;
  r->broken_col = r->nfields;
  broken_piece(r, p, piece, n, max_row);
  return 0;
}

/* Feeds data[pos..len) to libcsv a line at a time, counting lines, keeping
 * the raw text of the row in progress and bounding its size.  Returns where
 * it stopped: len, or just past a piece whose bytes went to r->replay. */
static size_t feed_lines(hg_reader *r, struct csv_parser *p, const char *data, size_t len,
                         size_t pos) {
  size_t max_row = r->opt->max_row_bytes ? r->opt->max_row_bytes : DEFAULT_MAX_ROW;
  while (pos < len && r->status == HG_OK) {
    const char *nl = memchr(data + pos, '\n', len - pos);
    size_t end = nl ? (size_t)(nl - data) + 1 : len;
    size_t n = end - pos;
    const char *piece = data + pos;
    pos = end;
    if (r->broken) {
      broken_piece(r, p, piece, n, max_row);
    } else if (r->row_bytes + n > max_row) {
      if (!(r->header_done && quote_open(p) && r->raw_len && memchr(r->raw, '\n', r->raw_len))) {
        hg_reader_fail(r, HG_ERR_NOMEM, r->line + 1, NULL,
                       "row longer than %zu bytes (an unclosed quote?)", max_row);
        return pos;
      }
      char why[100];
      snprintf(why, sizeof why, "the row is longer than %zu bytes", max_row);
      unclosed_quote(r, p, piece, n, why);
      return pos;
    } else {
      r->piece = piece;
      r->piece_len = n;
      if (p->pstate == 0) /* a row (or a blank line) starts on this line */
        r->row_line = r->line + 1;
      if (csv_parse(p, piece, n, on_field, on_row, r) != n) {
        if (parse_error(r, p, piece, n, max_row))
          return pos;
      } else if (p->pstate == 0) {
        /* pstate 0 is libcsv's ROW_NOT_BEGUN: no row in progress, so the
         * next bytes start a new row. */
        r->row_bytes = 0;
        r->raw_len = 0;
      } else {
        r->row_bytes += n;
        raw_append(r, piece, n);
      }
    }
    if (nl)
      r->line++;
  }
  return pos;
}

/* Parses what an unclosed quote sent back, and what that sends back in turn. */
static void drain_replay(hg_reader *r, struct csv_parser *p) {
  while (r->replay && r->status == HG_OK) {
    GString *b = r->replay;
    r->replay = NULL;
    size_t q = feed_lines(r, p, b->str, b->len, 0);
    if (r->replay)
      g_string_append_len(r->replay, b->str + q, (gssize)(b->len - q));
    g_string_free(b, TRUE);
  }
}

/* Feeds one block (see feed_lines). */
static void feed(hg_reader *r, struct csv_parser *p, const char *data, size_t len) {
  size_t pos = 0;
  while (pos < len && r->status == HG_OK) {
    pos = feed_lines(r, p, data, len, pos);
    drain_replay(r, p);
  }
}

/* The end of the input: a stray-quote row without a final line end is
 * rejected, a quote still open is unclosed (and the lines after its row's
 * first are parsed again), then libcsv ends the last row. */
static void finish(hg_reader *r, struct csv_parser *p) {
  for (;;) {
    if (r->status == HG_OK && r->broken)
      broken_piece(r, p, "\n", 1, SIZE_MAX);
    if (r->status != HG_OK || !r->header_done || !quote_open(p))
      break;
    unclosed_quote(r, p, "", 0, "the quoted field is still open at the end of the file");
    drain_replay(r, p);
  }
  /* Every piece of the last row is in r->raw already (and the last piece may
   * have been a replay buffer since freed): raw_text must not add it again. */
  r->piece = "";
  r->piece_len = 0;
  if (r->status == HG_OK && csv_fini(p, on_field, on_row, r) != 0)
    hg_reader_fail(r, HG_ERR_PARSE, r->line + 1, NULL, "malformed CSV at end of file: %s",
                   csv_strerror(csv_error(p)));
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
  hg_reader r = {.st = st, .name = name, .opt = opt, .rep = report, .err = err, .status = HG_OK};
  for (int f = 0; f < F_N; f++)
    r.col_of[f] = -1;
  r.last_period_st = HG_ERR_PARSE;
  hg_obs_init(&r.blank);
  r.header = g_ptr_array_new_with_free_func(g_free);
  start_row(&r);
  size_t bufsize = opt->buffer_size ? opt->buffer_size : DEFAULT_BUFFER;
  char *buf = g_malloc(bufsize);
  struct csv_parser p;
  int ready = 0;
  /* Strict always: a broken row is rejected and the reader starts again
   * (feed_lines), rather than reading it some other way or swallowing rows. */
  r.csv_options = CSV_STRICT | CSV_STRICT_FINI;
  if (csv_init(&p, r.csv_options) != 0) {
    hg_reader_fail(&r, HG_ERR_NOMEM, 0, NULL, "cannot start the CSV parser");
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
  size_t fed = have;
  int reserved = 0;
  while (r.status == HG_OK && (n = src_read(src, buf, bufsize)) > 0) {
    /* A signal must stop a big file within a block, not after it. */
    if (opt->cancel && *opt->cancel) {
      hg_reader_fail(&r, HG_ERR_ABORTED, r.line, NULL, "interrupted");
      break;
    }
    feed(&r, &p, buf, n);
    fed += n;
    if (!reserved && fed >= 1 << 16) {
      reserve_rows(&r, src, fed);
      reserved = 1;
    }
  }
  if (src->fp && ferror(src->fp))
    hg_reader_fail(&r, HG_ERR_IO, r.line, NULL, "read error: %s", strerror(errno));
  finish(&r, &p);
  if (r.status == HG_OK && !r.header_done)
    hg_reader_fail(&r, HG_ERR_EMPTY, 0, NULL, "empty file: no header row");
  else if (r.status == HG_OK && report->rows_read == 0)
    hg_reader_fail(&r, HG_ERR_EMPTY, r.line, NULL, "no data rows after the header");
cleanup:
  if (ready)
    csv_free(&p);
  g_free(buf);
  g_free(r.raw);
  if (r.replay)
    g_string_free(r.replay, TRUE);
  g_free(r.map);
  g_free(r.cols);
  g_strfreev(r.colnames);
  g_ptr_array_free(r.header, TRUE);
  return r.status;
}

hg_status hg_read_mem(hg_store *st, const char *name, const char *data, size_t len,
                      const hg_read_options *opt, hg_read_report *report, hg_error *err) {
  source src = {.mem = data, .mem_len = len, .size = len};
  return read_source(st, name ? name : "-", &src, opt, report, err);
}

hg_status hg_read_file(hg_store *st, const char *path, const hg_read_options *opt,
                       hg_read_report *report, hg_error *err) {
  int is_stdin = strcmp(path, "-") == 0;
  /* A compressed, spreadsheet or UTF-16 file is refused with its real cause. */
  hg_status cs = hg_input_check(path, HG_INPUT_ALLOW_STREAM, err);
  if (cs != HG_OK) {
    if (report)
      memset(report, 0, sizeof *report);
    return cs;
  }
  FILE *fp = is_stdin ? stdin : fopen(path, "rb");
  if (!fp) {
    if (report)
      memset(report, 0, sizeof *report);
    hg_error_set(err, path, 0, NULL, "%s", strerror(errno));
    return HG_ERR_IO;
  }
  source src = {.fp = fp};
  struct stat sb;
  if (fstat(fileno(fp), &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0)
    src.size = (size_t)sb.st_size;
  hg_status s = read_source(st, path, &src, opt, report, err);
  if (!is_stdin)
    fclose(fp);
  return s;
}
