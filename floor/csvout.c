/* csvout.c: RFC 4180 CSV writing and plain-notation numbers. */
#include "healthgap/csvout.h"
#include "healthgap/text.h"

#include "ryu.h"

#include <errno.h>
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

static const char digit_pairs[] = "00010203040506070809101112131415161718192021222324"
                                  "25262728293031323334353637383940414243444546474849"
                                  "50515253545556575859606162636465666768697071727374"
                                  "75767778798081828384858687888990919293949596979899";

/* The number of decimal digits of m, 1 for 0 (Bit Twiddling Hacks' integer
 * log 10: from the bit length, 1233/4096 being just over log10(2)). */
static inline size_t digit_count(uint64_t m) {
  static const uint64_t pow10[20] = {1ull,
                                     10ull,
                                     100ull,
                                     1000ull,
                                     10000ull,
                                     100000ull,
                                     1000000ull,
                                     10000000ull,
                                     100000000ull,
                                     1000000000ull,
                                     10000000000ull,
                                     100000000000ull,
                                     1000000000000ull,
                                     10000000000000ull,
                                     100000000000000ull,
                                     1000000000000000ull,
                                     10000000000000000ull,
                                     100000000000000000ull,
                                     1000000000000000000ull,
                                     10000000000000000000ull};
  if (m == 0)
    return 1;
  size_t t = ((size_t)(64 - __builtin_clzll(m)) * 1233) >> 12;
  return t + 1 - (m < pow10[t]);
}

/* The decimal digits of m (no leading zeros; "0" for 0) into out; returns
 * their count (at most 20).  They are written from the right, in place, two
 * at a time, eight at a time on 32 bits where m is longer: a division of 64
 * bits by a constant costs a 128-bit product, and Ryu's digits are 15-17
 * long (issue 17: this was a third of a number's cost). */
static size_t write_digits(uint64_t m, char *out) {
  size_t n = digit_count(m);
  char *p = out + n;
  while (m >= 100000000) {
    uint32_t lo = (uint32_t)(m % 100000000);
    m /= 100000000;
    memcpy(p - 2, digit_pairs + (lo % 100) * 2, 2);
    lo /= 100;
    memcpy(p - 4, digit_pairs + (lo % 100) * 2, 2);
    lo /= 100;
    memcpy(p - 6, digit_pairs + (lo % 100) * 2, 2);
    memcpy(p - 8, digit_pairs + (lo / 100) * 2, 2);
    p -= 8;
  }
  uint32_t v = (uint32_t)m;
  for (; v >= 100; v /= 100) {
    p -= 2;
    memcpy(p, digit_pairs + (v % 100) * 2, 2);
  }
  if (v >= 10)
    memcpy(p - 2, digit_pairs + v * 2, 2);
  else
    p[-1] = (char)('0' + v);
  return n;
}

size_t hg_format_number(double v, char *buf) {
  buf[0] = '\0';
  if (!isfinite(v))
    return 0;
  if (v == 0.0) { /* also folds -0 */
    strcpy(buf, "0");
    return 1;
  }
  char *out = buf;
  if (v < 0)
    *out++ = '-';
  /* An integer below 2^53 is its own shortest text: any other decimal of as
   * few digits is at least 1 away, more than half the spacing of doubles
   * there.  Counts and denominators take this path. */
  double a = fabs(v);
  if (a < 9007199254740992.0 && a == (double)(uint64_t)a) {
    out += write_digits((uint64_t)a, out);
    *out = '\0';
    return (size_t)(out - buf);
  }
  /* Ryu (floor/ryu.c) gives the shortest digits that read back, and they are
   * the value correctly rounded to that length: the text of the least %.Ne
   * that round-trips, at a fraction of the cost of printf and strtod. */
  uint64_t m;
  int32_t e;
  char digits[24];
  int correctly_rounded = hg_ryu_shortest(v, &m, &e);
  size_t nd = write_digits(m, digits);
  int exp10 = e + (int)nd - 1;
  while (nd > 1 && digits[nd - 1] == '0')
    nd--;
  if (!correctly_rounded) {
    nd = digits_by_search(v, (int)nd - 1, digits, &exp10);
    while (nd > 1 && digits[nd - 1] == '0')
      nd--;
  }
  out = plain_notation(out, digits, nd, exp10);
  *out = '\0';
  return (size_t)(out - buf);
}

struct hg_csv_writer {
  FILE *fp;  /* NULL: into mem */
  char *mem; /* hg_csv_writer_new_mem's buffer, cap bytes, *mem_len used */
  size_t mem_cap, *mem_len;
  int nfields; /* fields written in the current row */
  int failed;
  int error;      /* errno of the first failed write: the caller names it (ENOSPC, EFBIG) */
  int raw;        /* 1: no formula guard (hg_csv_writer_set_raw) */
  size_t len;     /* bytes of the current row in row[] */
  char row[2048]; /* the row so far, written to fp at its end (put) */
};

/* Marks the writer failed, keeping the first errno (later ones are echoes). */
static void fail(hg_csv_writer *w) {
  if (!w->failed)
    w->error = errno ? errno : EIO;
  w->failed = 1;
}

static int default_raw;

void hg_csv_set_default_raw(int raw) {
  default_raw = raw != 0;
}

hg_csv_writer *hg_csv_writer_new(FILE *fp, int bom) {
  hg_csv_writer *w = calloc(1, sizeof *w);
  if (!w)
    return NULL;
  w->fp = fp;
  w->raw = default_raw;
  if (bom && fputs("\xEF\xBB\xBF", fp) == EOF)
    fail(w);
  return w;
}

/* The row so far to fp.  fwrite_unlocked: a writer's FILE is written by one
 * thread at a time (the writer is not shared), and taking the stream's lock
 * for every piece of every field cost more than formatting the numbers. */
static void flush_row(hg_csv_writer *w) {
  if (w->len && !w->fp) {
    if (w->failed || w->len > w->mem_cap - *w->mem_len) {
      errno = ENOSPC;
      fail(w);
    } else {
      memcpy(w->mem + *w->mem_len, w->row, w->len);
      *w->mem_len += w->len;
    }
  } else if (w->len && fwrite_unlocked(w->row, 1, w->len, w->fp) != w->len) {
    fail(w);
  }
  w->len = 0;
}

/* Pieces of a row are gathered in w->row and written once the row ends (or
 * the buffer is full): a national run's indicators.csv is 25 million pieces,
 * and stdio's bookkeeping for each cost about as much as formatting the
 * numbers.  Nothing is held past the end of a row, so that a caller writing
 * to fp between rows keeps its order. */
static void put(hg_csv_writer *w, const char *s, size_t n) {
  if (n > sizeof w->row - w->len) {
    flush_row(w);
    if (n > sizeof w->row) {
      if (!w->fp) { /* into memory: through the row buffer, a piece at a time */
        for (size_t k = 0; k < n; k += sizeof w->row) {
          w->len = MIN(sizeof w->row, n - k);
          memcpy(w->row, s + k, w->len);
          flush_row(w);
        }
      } else if (fwrite_unlocked(s, 1, n, w->fp) != n) {
        fail(w);
      }
      return;
    }
  }
  memcpy(w->row + w->len, s, n);
  w->len += n;
}

hg_csv_writer *hg_csv_writer_new_mem(char *buf, size_t cap, size_t *len) {
  hg_csv_writer *w = calloc(1, sizeof *w);
  if (!w)
    return NULL;
  w->mem = buf;
  w->mem_cap = cap;
  w->mem_len = len;
  *len = 0;
  w->raw = default_raw;
  return w;
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

/* The bytes after which a field needs more than a plain copy: quoting
 * (, " CR LF: CARE_QUOTE) and the lead bytes of bidi controls (0xD8, 0xE2:
 * CARE_BIDI, for which alone the bidi scan is made). */
enum { CARE_QUOTE = 1, CARE_BIDI = 2 };
static const unsigned char needs_care[256] = {
    [','] = CARE_QUOTE,  ['"'] = CARE_QUOTE, ['\r'] = CARE_QUOTE,
    ['\n'] = CARE_QUOTE, [0xD8] = CARE_BIDI, [0xE2] = CARE_BIDI};

/* The first bytes of a cell the formula guard looks at (hg_csv_formula_risk). */
static const unsigned char formula_lead[256] = {
    ['='] = 1, ['+'] = 1, ['-'] = 1, ['@'] = 1, ['\t'] = 1, ['\r'] = 1};

static void field(hg_csv_writer *w, const char *s, int guard) {
  if (w->nfields++ > 0)
    put(w, ",", 1);
  if (!s || !*s)
    return;
  /* Most cells (codes, names, periods, labels) need none of the checks
   * below: one pass finds that and their length, and they are copied.  The
   * checks each scanned every cell (a third of a national run's CPU). */
  size_t n = 0;
  unsigned char care = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++, n++)
    care |= needs_care[*p];
  if (!care && !(guard && !w->raw && formula_lead[(unsigned char)s[0]])) {
    put(w, s, n);
    return;
  }
  /* A bidi control in a label can show a spreadsheet reader another text
   * than the one in the cell (docs/outputs.md): written without them. */
  if (guard && !w->raw && (care & CARE_BIDI) && hg_text_has_bidi(s)) {
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
  /* A number's text never needs quotes or the formula guard: formatted
   * straight into the row when it has room, else through a buffer. */
  char buf[HG_NUMBER_BUFSIZE + 1];
  int in_row = sizeof w->row - w->len >= sizeof buf;
  char *out = in_row ? w->row + w->len : buf;
  size_t n = 0;
  if (w->nfields++ > 0)
    out[n++] = ',';
  n += hg_format_number(v, out + n);
  if (in_row)
    w->len += n;
  else
    put(w, buf, n);
}

void hg_csv_end_row(hg_csv_writer *w) {
  put(w, "\r\n", 2);
  flush_row(w);
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
  flush_row(w); /* a row not ended */
  if (!w->failed && w->fp && (fflush(w->fp) != 0 || ferror(w->fp)))
    fail(w);
  int bad = w->failed, error = w->error;
  free(w);
  if (bad)
    errno = error; /* after free, which may change it */
  return bad ? HG_ERR_IO : HG_OK;
}
