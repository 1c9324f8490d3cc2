/* csvout.c: RFC 4180 CSV writing and plain-notation numbers. */
#include "healthgap/csvout.h"

#include "ryu.h"

#include <glib.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Lays out digits[0..nd) * 10^(exp10 - nd + 1) in plain notation (no
 * exponent; trailing zeros of the digits already dropped). */
static char *plain_notation(char *out, const char *digits, size_t nd, int exp10) {
  if (exp10 < 0) {
    *out++ = '0';
    *out++ = '.';
    memset(out, '0', (size_t)(-exp10 - 1));
    out += -exp10 - 1;
    memcpy(out, digits, nd);
    return out + nd;
  }
  size_t intlen = (size_t)exp10 + 1;
  if (nd <= intlen) {
    memcpy(out, digits, nd);
    memset(out + nd, '0', intlen - nd);
    return out + intlen;
  }
  memcpy(out, digits, intlen);
  out[intlen] = '.';
  memcpy(out + intlen + 1, digits + intlen, nd - intlen);
  return out + nd + 1;
}

/* The shortest %.Ne that reads back, found with printf and strtod: the rule
 * the text follows (the least N whose correct rounding round-trips), used
 * only where Ryu's shortest is not that rounding (floor/ryu.h: some powers of
 * two).  Round-tripping is monotonic in N, so the search is a bisection; no
 * text shorter than Ryu's reads back, so it starts there (lo = N of Ryu's
 * length), and N = 16 (17 digits) always round-trips. */
static size_t digits_by_search(double v, int lo, char *digits, int *exp10) {
  char e[40];
  int hi = 16;
  while (lo < hi) {
    int mid = (lo + hi) / 2;
    snprintf(e, sizeof e, "%.*e", mid, v);
    if (strtod(e, NULL) == v)
      hi = mid;
    else
      lo = mid + 1;
  }
  snprintf(e, sizeof e, "%.*e", lo, fabs(v));
  size_t nd = 0;
  const char *p = e;
  for (; *p && *p != 'e'; p++)
    if (*p != '.')
      digits[nd++] = *p;
  *exp10 = atoi(p + 1);
  return nd;
}

size_t hg_format_number(double v, char *buf) {
  buf[0] = '\0';
  if (!isfinite(v))
    return 0;
  if (v == 0.0) { /* also folds -0 */
    strcpy(buf, "0");
    return 1;
  }
  /* Ryu (floor/ryu.c) gives the shortest digits that read back, and they are
   * the value correctly rounded to that length: the text of the least %.Ne
   * that round-trips, at a fraction of the cost of printf and strtod. */
  uint64_t m;
  int32_t e;
  char digits[24];
  size_t nd = 0;
  int exp10;
  int correctly_rounded = hg_ryu_shortest(v, &m, &e);
  for (; m % 10 == 0; m /= 10)
    e++;
  for (uint64_t t = m; t; t /= 10)
    nd++;
  if (correctly_rounded) {
    for (size_t i = nd; i-- > 0; m /= 10)
      digits[i] = (char)('0' + m % 10);
    exp10 = e + (int)nd - 1;
  } else {
    nd = digits_by_search(v, (int)nd - 1, digits, &exp10);
  }
  while (nd > 1 && digits[nd - 1] == '0')
    nd--;
  char *out = buf;
  if (v < 0)
    *out++ = '-';
  out = plain_notation(out, digits, nd, exp10);
  *out = '\0';
  return (size_t)(out - buf);
}

struct hg_csv_writer {
  FILE *fp;
  int nfields; /* fields written in the current row */
  int failed;
  int raw; /* 1: no formula guard (hg_csv_writer_set_raw) */
};

hg_csv_writer *hg_csv_writer_new(FILE *fp, int bom) {
  hg_csv_writer *w = calloc(1, sizeof *w);
  if (!w)
    return NULL;
  w->fp = fp;
  if (bom && fputs("\xEF\xBB\xBF", fp) == EOF)
    w->failed = 1;
  return w;
}

static void put(hg_csv_writer *w, const char *s, size_t n) {
  if (n && fwrite(s, 1, n, w->fp) != n)
    w->failed = 1;
}

void hg_csv_writer_set_raw(hg_csv_writer *w, int raw) {
  w->raw = raw != 0;
}

int hg_csv_formula_risk(const char *s) {
  if (!s || !strchr("=+-@\t\r", s[0]) || !s[0])
    return 0;
  /* A plain number ("-21.3") is data, not a formula: spreadsheets read it as
   * a number, and escaping it would turn a numeric column into text. */
  double v;
  return hg_parse_number(s, strlen(s), &v) != HG_NUM_OK;
}

static void field(hg_csv_writer *w, const char *s, int guard) {
  if (w->nfields++ > 0)
    put(w, ",", 1);
  if (!s)
    return;
  /* OWASP's rule for CSV injection: a cell that a spreadsheet would run as a
   * formula gets a leading apostrophe, which Excel and LibreOffice show as
   * text and do not display. */
  int apostrophe = guard && !w->raw && hg_csv_formula_risk(s);
  int quoted = strpbrk(s, ",\"\r\n") != NULL;
  if (quoted)
    put(w, "\"", 1);
  if (apostrophe)
    put(w, "'", 1);
  if (quoted)
    for (const char *q; (q = strchr(s, '"')) != NULL; s = q + 1) {
      put(w, s, (size_t)(q - s) + 1);
      put(w, "\"", 1);
    }
  put(w, s, strlen(s));
  if (quoted)
    put(w, "\"", 1);
}

void hg_csv_text(hg_csv_writer *w, const char *s) {
  field(w, s, 1);
}

void hg_csv_number(hg_csv_writer *w, double v) {
  char buf[HG_NUMBER_BUFSIZE];
  hg_format_number(v, buf);
  field(w, buf, 0);
}

void hg_csv_end_row(hg_csv_writer *w) {
  put(w, "\r\n", 2);
  w->nfields = 0;
}

void hg_csv_row(hg_csv_writer *w, const char *const *fields, size_t n) {
  for (size_t i = 0; i < n; i++)
    hg_csv_text(w, fields[i]);
  hg_csv_end_row(w);
}

hg_status hg_csv_writer_finish(hg_csv_writer *w) {
  if (!w)
    return HG_ERR_NOMEM;
  int bad = w->failed || fflush(w->fp) != 0 || ferror(w->fp);
  free(w);
  return bad ? HG_ERR_IO : HG_OK;
}
