/* ingest/rules.c: the row rules shared by every layout, reason and format
 * names, and the rejects.csv writer.  No CSV parsing here (see ingest.c). */
#include "healthgap/csvout.h"
#include "healthgap/ingest.h"
#include "ingest/internal.h"

#include <glib.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *const format_names[] = {"auto", "fingertips", "tidy"};

const char *hg_format_name(hg_format f) {
  return (unsigned)f < G_N_ELEMENTS(format_names) ? format_names[f] : "unknown";
}

hg_status hg_format_parse(const char *name, hg_format *out) {
  for (size_t i = 0; i < G_N_ELEMENTS(format_names); i++)
    if (name && strcasecmp(name, format_names[i]) == 0) {
      *out = (hg_format)i;
      return HG_OK;
    }
  return HG_ERR_NOT_FOUND;
}

static void say(char *msg, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void say(char *msg, size_t size, const char *fmt, ...) {
  if (!msg || size == 0)
    return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, size, fmt, ap);
  va_end(ap);
}

/* One confidence interval: lower <= upper, and the value inside when present.
 * A comparison with NAN is false, so absent parts never reject. */
static hg_reject_reason check_ci(const hg_obs *o, double lo, double hi, const char *lo_name,
                                 const char *hi_name, const char *level, const char **column,
                                 char *msg, size_t size) {
  char a[HG_NUMBER_BUFSIZE], b[HG_NUMBER_BUFSIZE], v[HG_NUMBER_BUFSIZE];
  if (lo > hi) {
    *column = lo_name;
    hg_format_number(lo, a);
    hg_format_number(hi, b);
    say(msg, size, "lower %s limit %s is above upper limit %s", level, a, b);
    return HG_REJECT_LIMITS;
  }
  if (o->value < lo) {
    *column = lo_name;
    hg_format_number(lo, a);
    hg_format_number(o->value, v);
    say(msg, size, "value %s is below its lower %s limit %s", v, level, a);
    return HG_REJECT_LIMITS;
  }
  if (o->value > hi) {
    *column = hi_name;
    hg_format_number(hi, b);
    hg_format_number(o->value, v);
    say(msg, size, "value %s is above its upper %s limit %s", v, level, b);
    return HG_REJECT_LIMITS;
  }
  return HG_REJECT_NONE;
}

/* A new rule here needs its comparison in hg_values_pass (ingest_internal.h)
 * too: the reader calls this only for rows that fail that check. */
hg_reject_reason hg_validate_values(const hg_obs *o, const char **column, char *msg,
                                    size_t msg_size) {
  const char *dummy;
  if (!column)
    column = &dummy;
  *column = "";
  if (msg && msg_size)
    msg[0] = '\0';
  char a[HG_NUMBER_BUFSIZE];
  if (o->count < 0) {
    *column = "count";
    hg_format_number(o->count, a);
    say(msg, msg_size, "negative count: %s", a);
    return HG_REJECT_NEGATIVE_COUNT;
  }
  if (o->denominator <= 0) {
    *column = "denominator";
    hg_format_number(o->denominator, a);
    say(msg, msg_size, "denominator must be above 0: %s", a);
    return HG_REJECT_DENOMINATOR;
  }
  hg_reject_reason r =
      check_ci(o, o->lower95, o->upper95, "lower_ci95", "upper_ci95", "95%", column, msg, msg_size);
  if (r != HG_REJECT_NONE)
    return r;
  r = check_ci(o, o->lower998, o->upper998, "lower_ci998", "upper_ci998", "99.8%", column, msg,
               msg_size);
  return r;
}

hg_reject_reason hg_validate_obs(const hg_store *st, const hg_obs *o, const char **column,
                                 char *msg, size_t msg_size) {
  const char *dummy;
  if (!column)
    column = &dummy;
  hg_reject_reason r = hg_validate_values(o, column, msg, msg_size);
  if (r != HG_REJECT_NONE)
    return r;
  long first = st ? hg_store_find(st, o) : -1;
  if (first >= 0) {
    hg_duplicate_message(st, first, msg, msg_size);
    return HG_REJECT_DUPLICATE;
  }
  return HG_REJECT_NONE;
}

void hg_duplicate_message_at(const hg_store *st, uint32_t source, long line, char *msg,
                             size_t msg_size) {
  say(msg, msg_size,
      "duplicate key (indicator, area, period, sex, age, category): first seen on %s:%ld",
      hg_store_source_name(st, source), line);
}

void hg_duplicate_message(const hg_store *st, long first, char *msg, size_t msg_size) {
  hg_obs prev;
  hg_store_get(st, (size_t)first, &prev);
  hg_duplicate_message_at(st, prev.source, prev.line, msg, msg_size);
}

struct hg_rejects_writer {
  hg_csv_writer *csv;
};

hg_rejects_writer *hg_rejects_writer_new(FILE *fp) {
  hg_rejects_writer *w = g_try_new0(hg_rejects_writer, 1);
  if (!w)
    return NULL;
  w->csv = hg_csv_writer_new(fp, 1);
  if (!w->csv) {
    g_free(w);
    return NULL;
  }
  static const char *const header[] = {"file", "line", "column", "reason", "raw", "message"};
  hg_csv_row(w->csv, header, G_N_ELEMENTS(header));
  return w;
}

void hg_rejects_write(hg_rejects_writer *w, const hg_reject *r) {
  hg_csv_text(w->csv, r->file);
  hg_csv_number(w->csv, (double)r->line);
  hg_csv_text(w->csv, r->column);
  hg_csv_text(w->csv, hg_reject_reason_name(r->reason));
  hg_csv_text(w->csv, r->raw);
  hg_csv_text(w->csv, r->message);
  hg_csv_end_row(w->csv);
}

int hg_rejects_write_cb(const hg_reject *r, void *writer) {
  hg_rejects_write(writer, r);
  return 0;
}

hg_status hg_rejects_writer_finish(hg_rejects_writer *w) {
  if (!w)
    return HG_OK;
  hg_status st = hg_csv_writer_finish(w->csv);
  g_free(w);
  return st;
}
