/* csvout.c: RFC 4180 CSV writing and plain-notation numbers. */
#include "healthgap/csvout.h"
#include "healthgap/text.h"

#include <errno.h>
#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

size_t hg_format_number(double v, char *buf) {
  buf[0] = '\0';
  if (!isfinite(v))
    return 0;
  if (v == 0.0) { /* also folds -0 */
    strcpy(buf, "0");
    return 1;
  }
  /* Fast path (one snprintf and one strtod instead of up to 17 pairs): a value
   * whose shortest round-trip form has at most 15 significant digits prints
   * exactly that with %.15g, which drops trailing zeros; exponent forms and
   * values needing 16-17 digits take the search below.  Same text either way
   * (tests/test_run.c checks both against the original linear search). */
  int n = snprintf(buf, HG_NUMBER_BUFSIZE, "%.15g", v);
  if (n > 0 && n < 32 && !strchr(buf, 'e') && strtod(buf, NULL) == v)
    return (size_t)n;
  /* Shortest %.Ne that round-trips gives the significant digits and exponent.
   * Round-tripping is monotonic in N (the rounding to N+1 digits is at least
   * as close as the one to N), so the least N is found by bisection; N = 16
   * (17 digits) always round-trips. */
  char e[40];
  int lo = 0, hi = 16;
  while (lo < hi) {
    int mid = (lo + hi) / 2;
    snprintf(e, sizeof e, "%.*e", mid, v);
    if (strtod(e, NULL) == v)
      hi = mid;
    else
      lo = mid + 1;
  }
  snprintf(e, sizeof e, "%.*e", lo, v);
  /* e = [-]d[.ddd]e[+-]XX: rebuild it in plain notation. */
  const char *p = e;
  char *out = buf;
  if (*p == '-')
    *out++ = *p++;
  char digits[24];
  size_t nd = 0;
  for (; *p && *p != 'e'; p++)
    if (*p != '.')
      digits[nd++] = *p;
  int exp10 = atoi(p + 1);
  while (nd > 1 && digits[nd - 1] == '0')
    nd--;
  if (exp10 < 0) {
    *out++ = '0';
    *out++ = '.';
    for (int i = 0; i < -exp10 - 1; i++)
      *out++ = '0';
    memcpy(out, digits, nd);
    out += nd;
  } else {
    size_t intlen = (size_t)exp10 + 1;
    for (size_t i = 0; i < intlen; i++)
      *out++ = i < nd ? digits[i] : '0';
    if (nd > intlen) {
      *out++ = '.';
      memcpy(out, digits + intlen, nd - intlen);
      out += nd - intlen;
    }
  }
  *out = '\0';
  return (size_t)(out - buf);
}

struct hg_csv_writer {
  FILE *fp;
  int nfields; /* fields written in the current row */
  int failed;
  int error; /* errno of the first failed write: the caller names it (ENOSPC, EFBIG) */
  int raw;   /* 1: no formula guard (hg_csv_writer_set_raw) */
};

/* Marks the writer failed, keeping the first errno (later ones are echoes). */
static void fail(hg_csv_writer *w) {
  if (!w->failed)
    w->error = errno ? errno : EIO;
  w->failed = 1;
}

hg_csv_writer *hg_csv_writer_new(FILE *fp, int bom) {
  hg_csv_writer *w = calloc(1, sizeof *w);
  if (!w)
    return NULL;
  w->fp = fp;
  if (bom && fputs("\xEF\xBB\xBF", fp) == EOF)
    fail(w);
  return w;
}

static void put(hg_csv_writer *w, const char *s, size_t n) {
  if (n && fwrite(s, 1, n, w->fp) != n)
    fail(w);
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

/* One field's text, quoted and guarded as it needs. */
static void field_text(hg_csv_writer *w, const char *s, int guard) {
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

static void field(hg_csv_writer *w, const char *s, int guard) {
  if (w->nfields++ > 0)
    put(w, ",", 1);
  if (!s)
    return;
  /* A bidi control in a label can show a spreadsheet reader another text
   * than the one in the cell (docs/outputs.md): written without them. */
  if (guard && !w->raw && hg_text_has_bidi(s)) {
    char *copy = g_strdup(s);
    hg_text_strip_bidi(copy);
    field_text(w, copy, guard);
    g_free(copy);
  } else {
    field_text(w, s, guard);
  }
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
  if (!w->failed && (fflush(w->fp) != 0 || ferror(w->fp)))
    fail(w);
  int bad = w->failed, error = w->error;
  free(w);
  if (bad)
    errno = error; /* after free, which may change it */
  return bad ? HG_ERR_IO : HG_OK;
}
