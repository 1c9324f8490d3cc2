/* healthgap/csvout.h: writing CSV in the house style.
 *
 * RFC 4180: a field is quoted when it holds a comma, quote, CR or LF, and quotes
 * are doubled; rows end with CRLF, as RFC 4180 says.  Optional UTF-8 BOM so that Excel opens the
 * file as UTF-8.  Numbers are written at full precision without exponent notation; missing (NAN) is
 * an empty field.
 */
#ifndef HEALTHGAP_CSVOUT_H
#define HEALTHGAP_CSVOUT_H

#include <stdio.h>

#include "healthgap/status.h"

HG_BEGIN_DECLS

/* Writes v into buf as the shortest decimal that reads back as the same double
 * (at most 17 significant digits), in plain notation (no exponent: 1e-07 is
 * "0.0000001"), "-0" as "0", NAN or infinity as "".  Returns the length; buf must
 * hold at least HG_NUMBER_BUFSIZE bytes. */
#define HG_NUMBER_BUFSIZE 400
size_t hg_format_number(double v, char *buf);

typedef struct hg_csv_writer hg_csv_writer;

/* Starts a writer on fp (borrowed; the caller closes it).  bom = 1 writes the
 * UTF-8 BOM first.  NULL on allocation failure. */
hg_csv_writer *hg_csv_writer_new(FILE *fp, int bom);
/* Starts a writer into memory: the CSV goes to buf (borrowed), at most cap
 * bytes; a row that would not fit fails the writer (hg_csv_writer_finish:
 * HG_ERR_IO, errno ENOSPC) and what fitted stays.  *len (borrowed, kept
 * current) is the bytes written so far.  For a thread formatting rows that
 * another writes out: it skips stdio's bookkeeping per row.  NULL on
 * allocation failure. */
hg_csv_writer *hg_csv_writer_new_mem(char *buf, size_t cap, size_t *len);
/* Appends a text field (NULL = empty).  Unless the writer is raw, the text is
 * written without its bidi controls (hg_text_strip_bidi), and then, if a
 * spreadsheet would run it as a formula (hg_csv_formula_risk), with a leading
 * apostrophe (OWASP's CSV-injection rule; docs/outputs.md). */
void hg_csv_text(hg_csv_writer *w, const char *s);
/* 1 when s starts with '=', '+', '-', '@', a tab or a carriage return and is
 * not a plain number: the cells that the formula guard escapes. */
int hg_csv_formula_risk(const char *s);
/* raw = 1 turns the formula guard and the bidi removal off (for machine
 * readers that want the texts exactly as read); the default is 0, guarded. */
void hg_csv_writer_set_raw(hg_csv_writer *w, int raw);
/* The raw setting every writer made from now on starts with (default 0):
 * process-wide, for `healthgap --raw-csv` and a run's [pack] csv_guard = false.
 * Set it before the writers are made (it is read, not locked). */
void hg_csv_set_default_raw(int raw);
/* Appends a number field (hg_format_number). */
void hg_csv_number(hg_csv_writer *w, double v);
/* Ends the current row. */
void hg_csv_end_row(hg_csv_writer *w);
/* Appends a whole row of text fields. */
void hg_csv_row(hg_csv_writer *w, const char *const *fields, size_t n);
/* Flushes; HG_ERR_IO if any write failed, with errno set to the first
 * failure's (ENOSPC, EFBIG...), so that the caller can name it.  Frees the
 * writer (not fp). */
hg_status hg_csv_writer_finish(hg_csv_writer *w);

HG_END_DECLS
#endif
