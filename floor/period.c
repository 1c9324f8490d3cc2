/* period.c: Fingertips time-period texts -> start, length, year type, sort key.
 *
 * The texts are those that Fingertips' TimePeriodFormatter writes (the class in
 * Fingertips' source, PholioVisualisation.Formatting, that turns a data point's
 * year, quarter or month and year range into text, one format per year type).
 * A period is one or two "terms" joined by " - ":
 *   year      2019        2019 Q1
 *   financial 2019/20     2019/20 Q1     2019/20 Q1-Q3 (cumulative)
 *   month     Jan 2020
 * and the end term may be abbreviated (`2017 - 19`, `2017/18 - 19/20`).
 * FingertipsNext's CSV download writes the same periods its own way, also read:
 * " to " for " - " (`2021 to 2023`, `2020/21 to 2022/23`), a quarter as two
 * months with one year (`Jan - Mar 2023`, `Apr to Jun 2023`), and a financial
 * year's end point with its day (`31 Mar 2022/23`, the financial year 2022/23).
 * Parsing is by hand rather than sscanf because every text must be consumed
 * exactly: `2019/21` or `2019 Q5` are errors, not 2019.
 */
#include "healthgap/period.h"

#include <glib.h>

#include <string.h>
#include <strings.h>

typedef enum { T_YEAR, T_FIN, T_MONTH } term_kind;

typedef struct {
  term_kind kind;
  int year;   /* 4-digit year (financial: the starting year); may be 2-digit before fixup */
  int digits; /* digits written for year (2 or 4) */
  int month;  /* 1-12 for T_MONTH */
  int q1, q2; /* quarters: q1 = 0 none; q2 = end of `Q1-Q3`, else q1 */
} term;

typedef struct {
  const char *p, *end;
} cursor;

static void skip_spaces(cursor *c) {
  while (c->p < c->end && (*c->p == ' ' || *c->p == '\t'))
    c->p++;
}

static int is_digit(char ch) {
  return ch >= '0' && ch <= '9';
}

/* Reads a run of digits; returns how many (at most 4 accepted). */
static int read_digits(cursor *c, int *out) {
  int n = 0, v = 0;
  while (c->p < c->end && is_digit(*c->p)) {
    if (n == 4)
      return 0;
    v = v * 10 + (*c->p - '0');
    c->p++;
    n++;
  }
  *out = v;
  return n;
}

static int read_quarter(cursor *c, int *q) {
  if (c->p + 2 > c->end || (c->p[0] != 'Q' && c->p[0] != 'q') || c->p[1] < '1' || c->p[1] > '4')
    return 0;
  *q = c->p[1] - '0';
  c->p += 2;
  return 1;
}

static const char *const month_names[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

static int parse_term(cursor *c, term *t) {
  memset(t, 0, sizeof *t);
  skip_spaces(c);
  if (c->p >= c->end)
    return 0;
  if (!is_digit(*c->p)) {
    if (c->end - c->p < 3)
      return 0;
    for (int m = 0; m < 12; m++)
      if (strncasecmp(c->p, month_names[m], 3) == 0)
        t->month = m + 1;
    if (!t->month)
      return 0;
    c->p += 3;
    skip_spaces(c);
    t->kind = T_MONTH;
    t->digits = read_digits(c, &t->year);
    /* No year: the start of FingertipsNext's `Jan - Mar 2023` (read_terms). */
    return t->digits == 4 || t->digits == 0;
  }
  t->digits = read_digits(c, &t->year);
  if (t->digits != 4 && t->digits != 2)
    return 0;
  t->kind = T_YEAR;
  if (c->p < c->end && *c->p == '/') {
    c->p++;
    int y2;
    int n2 = read_digits(c, &y2);
    if (n2 != 2)
      return 0;
    if (t->digits == 4 && y2 != (t->year + 1) % 100)
      return 0;
    if (t->digits == 2 && y2 != (t->year + 1) % 100)
      return 0;
    t->kind = T_FIN;
  }
  /* Optional " Qn" and, for cumulative quarters, "-Qm" with no spaces. */
  cursor save = *c;
  skip_spaces(c);
  if (c->p < c->end && (*c->p == 'Q' || *c->p == 'q')) {
    if (!read_quarter(c, &t->q1))
      return 0;
    t->q2 = t->q1;
    if (c->p + 1 < c->end && c->p[0] == '-' && (c->p[1] == 'Q' || c->p[1] == 'q')) {
      c->p++;
      if (!read_quarter(c, &t->q2) || t->q2 < t->q1 || t->kind != T_FIN)
        return 0;
    }
  } else {
    *c = save;
  }
  return 1;
}

/* Absolute month number (year*12 + month-1) of a term's first and last month. */
static void term_span(const term *t, int *first, int *last) {
  switch (t->kind) {
  case T_MONTH:
    *first = *last = t->year * 12 + t->month - 1;
    return;
  case T_YEAR:
    if (t->q1) {
      *first = t->year * 12 + (t->q1 - 1) * 3;
      *last = t->year * 12 + t->q2 * 3 - 1;
    } else {
      *first = t->year * 12;
      *last = t->year * 12 + 11;
    }
    return;
  case T_FIN:
    /* The financial year starts in April: Q1 = Apr-Jun ... Q4 = Jan-Mar. */
    if (t->q1) {
      *first = t->year * 12 + 3 + (t->q1 - 1) * 3;
      *last = t->year * 12 + 3 + t->q2 * 3 - 1;
    } else {
      *first = t->year * 12 + 3;
      *last = t->year * 12 + 14;
    }
    return;
  }
}

/* Completes a 2-digit end year from the start year: `2017 - 19` -> 2019,
 * `1998 - 02` -> 2002. */
static int full_year(int start, int yy) {
  int y = start - start % 100 + yy;
  if (y < start)
    y += 100;
  return y;
}

/* " - " or FingertipsNext's " to " between two terms; 1 when one was read. */
static int read_separator(cursor *c) {
  skip_spaces(c);
  if (c->p < c->end && *c->p == '-') {
    c->p++;
    return 1;
  }
  if (c->end - c->p > 3 && strncasecmp(c->p, "to", 2) == 0 && c->p[2] == ' ') {
    c->p += 3;
    return 1;
  }
  return 0;
}

/* FingertipsNext's financial-year end point `31 Mar 2022/23`: the day and
 * month before a financial year are skipped (the period is the year). */
static void skip_end_point_day(cursor *c) {
  cursor t = *c;
  int day;
  int n = read_digits(&t, &day);
  if ((n != 1 && n != 2) || t.p >= t.end || *t.p != ' ')
    return;
  skip_spaces(&t);
  if (t.end - t.p < 4 || !g_ascii_isalpha(t.p[0]) || t.p[3] != ' ')
    return;
  cursor fin = {t.p + 4, t.end};
  skip_spaces(&fin);
  int y;
  if (read_digits(&fin, &y) == 4 && fin.p < fin.end && *fin.p == '/')
    *c = (cursor){t.p + 4, t.end};
}

/* The period's syntax: a start term with a 4-digit year in 1800-2199, then
 * optionally " - " and an end term of the same kind (a 2-digit end year
 * completed from the start), and nothing after.  Quarters must be on both terms
 * or neither, and a cumulative `Q1-Q3` stands alone.  Returns 0 on any error. */
static int read_terms(cursor *c, term *a, term *b, int *have_b) {
  skip_end_point_day(c);
  if (!parse_term(c, a))
    return 0;
  *have_b = 0;
  if (read_separator(c)) {
    if (!parse_term(c, b))
      return 0;
    *have_b = 1;
    if (b->digits == 2) {
      if (b->kind == T_MONTH || b->q1)
        return 0;
      b->year = full_year(a->year, b->year);
    }
  }
  /* `Jan - Mar 2023`: the start month takes the end's year (the year before
   * when it comes later in the calendar: `Nov - Jan 2024`). */
  if (a->kind == T_MONTH && a->digits == 0) {
    if (!*have_b || b->kind != T_MONTH || b->digits != 4)
      return 0;
    a->year = b->year - (a->month > b->month);
    a->digits = 4;
  }
  /* Years outside 1800-2199 are typing errors ("0000"), not periods. */
  if (a->digits != 4 || a->year < 1800 || a->year > 2199)
    return 0;
  skip_spaces(c);
  if (c->p != c->end)
    return 0;
  if (*have_b && (a->kind != b->kind || (a->q2 != a->q1) || (!a->q1) != (!b->q1)))
    return 0;
  return 1;
}

/* The year type and quarter that the text's shape and length say, and the sort
 * key. */
static void set_year_type(hg_period *out, const term *a, int have_b, int length) {
  int sort_q = 0, sort_m = 0;
  switch (a->kind) {
  case T_YEAR:
    out->year_type = have_b && a->q1 ? HG_YEAR_CALENDAR_ROLLING_QUARTER : HG_YEAR_CALENDAR;
    out->quarter = a->q1;
    sort_q = a->q1;
    break;
  case T_FIN:
    if (a->q2 != a->q1) {
      out->year_type = HG_YEAR_FINANCIAL_CUMULATIVE_QUARTER;
      out->quarter = a->q2;
    } else if (have_b && a->q1) {
      out->year_type =
          length == 12 ? HG_YEAR_FINANCIAL_ROLLING_QUARTER : HG_YEAR_FINANCIAL_MULTI_YEAR_QUARTER;
      out->quarter = a->q1;
    } else {
      out->year_type = HG_YEAR_FINANCIAL;
      out->quarter = a->q1;
    }
    sort_q = out->quarter;
    break;
  case T_MONTH:
    if (!have_b) {
      out->year_type = HG_YEAR_CALENDAR;
      sort_m = a->month;
    } else if (length % 12 == 0 && a->month == 8) {
      out->year_type = HG_YEAR_AUG_JUL;
    } else if (length % 12 == 0 && a->month == 3) {
      out->year_type = HG_YEAR_MAR_FEB;
    } else if (length % 12 == 0 && a->month == 7) {
      out->year_type = HG_YEAR_JUL_JUN;
    } else {
      out->year_type = HG_YEAR_CALENDAR_ROLLING_MONTH;
      sort_m = a->month;
    }
    break;
  }
  /* Fingertips' ToSortableNumber: {Year:0000}{Quarter:00}{Month:00}, where Year
   * is the year the text starts with (the financial year's first year). */
  out->sortable = (int64_t)a->year * 10000 + sort_q * 100 + sort_m;
}

hg_status hg_period_parse(const char *text, size_t len, hg_period *out) {
  memset(out, 0, sizeof *out);
  if (!text)
    return HG_ERR_PARSE;
  cursor c = {text, text + len};
  while (c.end > c.p && (c.end[-1] == ' ' || c.end[-1] == '\t'))
    c.end--;
  term a, b;
  int have_b;
  if (!read_terms(&c, &a, &b, &have_b))
    return HG_ERR_PARSE;

  /* From the start term's first month to the end term's last. */
  int first, last, bf, bl;
  term_span(&a, &first, &last);
  if (have_b) {
    term_span(&b, &bf, &bl);
    if (bl < last)
      return HG_ERR_PARSE;
    last = bl;
  }
  int length = last - first + 1;
  if (length < 1 || length > 1200)
    return HG_ERR_PARSE;

  out->start_year = first / 12;
  out->start_month = first % 12 + 1;
  out->length_months = length;
  set_year_type(out, &a, have_b, length);
  return HG_OK;
}

double hg_period_mid_year(const hg_period *p) {
  return p->start_year + (p->start_month - 1) / 12.0 + p->length_months / 24.0;
}

hg_status hg_period_from_sortable(int64_t sortable, hg_period *out) {
  memset(out, 0, sizeof *out);
  if (sortable < 10000000 || sortable > 99999999)
    return HG_ERR_PARSE;
  int year = (int)(sortable / 10000), q = (int)(sortable / 100 % 100), m = (int)(sortable % 100);
  if (q > 4 || m > 12)
    return HG_ERR_PARSE;
  out->start_year = year;
  out->quarter = q;
  out->start_month = m ? m : q ? (q - 1) * 3 + 1 : 1;
  out->length_months = m ? 1 : q ? 3 : 12;
  out->year_type = HG_YEAR_UNKNOWN;
  out->sortable = sortable;
  return HG_OK;
}

hg_status hg_time_parse(const char *text, int64_t *out) {
  if (!text || !*text)
    return HG_ERR_RANGE;
  char *end = NULL;
  gint64 v = g_ascii_strtoll(text, &end, 10);
  if (end && *end == '\0' && end != text) {
    *out = v;
    return HG_OK;
  }
  GDateTime *dt = g_date_time_new_from_iso8601(text, NULL);
  if (!dt)
    return HG_ERR_RANGE;
  *out = g_date_time_to_unix(dt);
  g_date_time_unref(dt);
  return HG_OK;
}
