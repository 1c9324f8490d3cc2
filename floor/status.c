/* status.c: status text, the data-error record and strict number parsing. */
#include "healthgap/status.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const status_text[HG_STATUS_COUNT] = {
    [HG_OK] = "success",
    [HG_ERR_IO] = "input/output error",
    [HG_ERR_PARSE] = "malformed input",
    [HG_ERR_NOMEM] = "out of memory or size limit exceeded",
    [HG_ERR_RANGE] = "argument out of range",
    [HG_ERR_INVALID] = "invalid data",
    [HG_ERR_FORMAT] = "unrecognised file layout",
    [HG_ERR_EMPTY] = "no data",
    [HG_ERR_CONFIG] = "configuration error",
    [HG_ERR_LOCKED] = "output is locked by another run",
    [HG_ERR_ABORTED] = "interrupted",
    [HG_ERR_RENDER] = "rendering failed",
    [HG_ERR_NOT_FOUND] = "not found",
    [HG_ERR_UNCHANGED] = "inputs unchanged since the last run",
    [HG_ERR_AMBIGUOUS] = "ambiguous: choose one",
};

const char *hg_strerror(hg_status st) {
  if ((int)st < 0 || st >= HG_STATUS_COUNT || !status_text[st])
    return "unknown status";
  return status_text[st];
}

static const char *const reason_names[HG_REJECT_REASON_COUNT] = {
    [HG_REJECT_NONE] = "",
    [HG_REJECT_FIELD_COUNT] = "field_count",
    [HG_REJECT_NOT_NUMBER] = "not_a_number",
    [HG_REJECT_MISSING_KEY] = "missing_key",
    [HG_REJECT_BAD_PERIOD] = "bad_period",
    [HG_REJECT_LIMITS] = "limits_order",
    [HG_REJECT_NEGATIVE_COUNT] = "negative_count",
    [HG_REJECT_DENOMINATOR] = "bad_denominator",
    [HG_REJECT_DUPLICATE] = "duplicate_key",
    [HG_REJECT_BAD_TEXT] = "bad_text",
    [HG_REJECT_BAD_CODE] = "bad_code",
    [HG_REJECT_STRAY_QUOTE] = "stray_quote",
    [HG_REJECT_UNCLOSED_QUOTE] = "unclosed_quote",
    [HG_REJECT_COUNT_ABOVE_DENOMINATOR] = "count_above_denominator",
};

const char *hg_reject_reason_name(hg_reject_reason r) {
  return (unsigned)r < HG_REJECT_REASON_COUNT ? reason_names[r] : "unknown";
}

void hg_error_clear(hg_error *err) {
  if (err)
    memset(err, 0, sizeof *err);
}

void hg_error_set(hg_error *err, const char *file, long line, const char *column, const char *fmt,
                  ...) {
  if (!err)
    return;
  snprintf(err->file, sizeof err->file, "%s", file ? file : "");
  err->line = line;
  snprintf(err->column, sizeof err->column, "%s", column ? column : "");
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err->message, sizeof err->message, fmt, ap);
  va_end(ap);
}

char *hg_error_format(const hg_error *err, char *buf, size_t size) {
  if (!buf || size == 0)
    return buf;
  buf[0] = '\0';
  if (!err)
    return buf;
  size_t n = 0;
#define APPEND(...)                                                                                \
  do {                                                                                             \
    int w_ = snprintf(buf + n, size - n, __VA_ARGS__);                                             \
    if (w_ > 0)                                                                                    \
      n += (size_t)w_ < size - n ? (size_t)w_ : size - n - 1;                                      \
  } while (0)
  if (err->file[0]) {
    APPEND("%s", err->file);
    if (err->line > 0)
      APPEND(":%ld", err->line);
    APPEND(": ");
  }
  if (err->column[0])
    APPEND("column '%s': ", err->column);
  APPEND("%s", err->message);
#undef APPEND
  return buf;
}

/* Clinger's fast path (W. D. Clinger, "How to read floating point numbers
 * accurately", PLDI 1990): a plain decimal [+-]digits[.digits] whose digits,
 * read as an integer w, are below 2^53, with at most 22 after the point, is
 * w / 10^k with both operands exact, so one IEEE division gives the correctly
 * rounded double, the same as strtod.  Counts, populations and most published
 * values take it; anything else (exponents, long mantissas) returns 0 for
 * strtod.  Parsing a cell cost more than reading it with libcsv before. */
static int parse_plain_decimal(const char *s, size_t len, double *out) {
  static const double pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                 1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  size_t i = 0;
  int neg = 0;
  if (s[0] == '-' || s[0] == '+')
    neg = s[i++] == '-';
  uint64_t w = 0;
  int ndigits = 0, frac = -1; /* frac: digits after the point, -1 before it */
  for (; i < len; i++) {
    char c = s[i];
    if (c >= '0' && c <= '9') {
      if (++ndigits > 19)
        return 0;
      w = w * 10 + (uint64_t)(c - '0');
      if (frac >= 0)
        frac++;
    } else if (c == '.' && frac < 0) {
      frac = 0;
    } else {
      return 0;
    }
  }
  if (ndigits == 0 || w > (1ull << 53) || frac > 22)
    return 0;
  double v = frac > 0 ? (double)w / pow10[frac] : (double)w;
  *out = neg ? -v : v;
  return 1;
}

hg_num hg_parse_number(const char *s, size_t len, double *out) {
  *out = NAN;
  while (len > 0 && (*s == ' ' || *s == '\t')) {
    s++;
    len--;
  }
  while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
    len--;
  if (len == 0)
    return HG_NUM_MISSING;
  if (parse_plain_decimal(s, len, out))
    return HG_NUM_OK;
  /* Only the characters of a plain decimal: this refuses inf, nan, hex, "1,296". */
  int digits = 0;
  for (size_t i = 0; i < len; i++) {
    char c = s[i];
    if (c >= '0' && c <= '9')
      digits++;
    else if (!(c == '+' || c == '-' || c == '.' || c == 'e' || c == 'E'))
      return HG_NUM_INVALID;
  }
  if (!digits || len > 64)
    return HG_NUM_INVALID;
  char buf[72];
  memcpy(buf, s, len);
  buf[len] = '\0';
  char *end = NULL;
  errno = 0;
  double v = strtod(buf, &end);
  if (end != buf + len || !isfinite(v))
    return HG_NUM_INVALID;
  /* Underflow (1e-400) would silently become 0 or a denormal: refused. */
  if (errno == ERANGE)
    return HG_NUM_INVALID;
  *out = v;
  return HG_NUM_OK;
}

hg_num hg_parse_cell_len(const char *s, size_t len, double *out) {
  /* Most cells are counts: up to 15 digits and nothing else read exactly
   * here, without the trimming and the tests of the general path (and with
   * no NUL among them, which is not a digit). */
  if (len && len <= 15) {
    uint64_t w = 0;
    size_t i = 0;
    while (i < len && s[i] >= '0' && s[i] <= '9')
      w = w * 10 + (uint64_t)(s[i++] - '0');
    if (i == len) {
      *out = (double)w;
      return HG_NUM_OK;
    }
  }
  len = strnlen(s, len); /* a NUL ends the cell, as in a table's */
  if (len == 2 && s[0] == 'N' && s[1] == 'A') {
    *out = NAN;
    return HG_NUM_MISSING;
  }
  return hg_parse_number(s, len, out);
}

hg_num hg_parse_cell(const char *cell, double *out) {
  /* The counts' path again, without the length (the table's cells end with
   * a NUL): a strlen for each of a national run's millions of cells. */
  uint64_t w = 0;
  const char *p = cell;
  while (*p >= '0' && *p <= '9' && p - cell < 15)
    w = w * 10 + (uint64_t)(*p++ - '0');
  if (*p == '\0' && p != cell) {
    *out = (double)w;
    return HG_NUM_OK;
  }
  return hg_parse_cell_len(cell, strlen(cell), out);
}
