/* engine/ingest/rowsplit.h: one plain CSV row split sixteen bytes at a time
 * (internal; project.c and table.c's plain_rows).
 *
 * Most rows of an export are plain: no quote, no space or tab at either end of
 * a field (names hold spaces inside), a CR or LF at the end.  For those
 * libcsv's rules (CSV_OPTIONS) come down to this: every comma ends a field,
 * the line end ends the row, and a line with neither field nor comma is a row
 * of no fields.  Sixteen bytes are compared with the comma, the line ends and
 * the quote at once, and the fields are read off the bit masks, each field's
 * two end bytes tested for a blank, instead of a test per byte: the
 * byte loops were most of reading the peer's 15 MB DSR input, whose fields
 * are five bytes long (issue 17).  Anything else is left to the caller's byte
 * loop, which gives the same fields for a plain row (fuzz_project and
 * fuzz_table_plain check both against libcsv). */
#ifndef HG_INGEST_ROWSPLIT_H
#define HG_INGEST_ROWSPLIT_H

#include <stddef.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* A space or tab: what libcsv trims from both ends of a field not quoted. */
static inline int hg_split_blank(unsigned char c) {
  return c == ' ' || c == '\t';
}

/* The bytes that end a run of a field's text, for the byte loops beside this
 * splitter: a comma, a line end, and a quote (inside a field not quoted,
 * libcsv's strict error; input the table reader splits itself has none). */
static const unsigned char hg_split_stops[256] = {[','] = 1, ['\n'] = 1, ['\r'] = 1, ['"'] = 1};

/* The row starting at p (p < e) when it is plain and its line end lies in a
 * whole block of 16 bytes before e: returns its number of fields (0 for an
 * empty line), sets start[k], len[k] for the first cap of them and *next just
 * past the line end, and *end to the line end byte ('\n' or '\r').  -1 when
 * the row is not one it reads (a quote before its line end, a space or tab
 * at a field's end, or no line end in the blocks before e): what it set then
 * means nothing.  Reads only bytes in [p, e). */
static inline long hg_split_plain_row(const unsigned char *p, const unsigned char *e,
                                      const char **start, size_t *len, size_t cap,
                                      const unsigned char **next, int *end) {
#if defined(__SSE2__)
  const __m128i comma = _mm_set1_epi8(','), lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r'),
                quote = _mm_set1_epi8('"');
  size_t n = 0;
  const unsigned char *field = p;
  for (const unsigned char *b = p; e - b >= 16; b += 16) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)b);
    unsigned ends =
        (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, cr)));
    unsigned odd = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, quote));
    unsigned commas = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, comma));
    /* the bytes of this row in the block: all, or those before its line end */
    unsigned row = ends ? (ends & (0u - ends)) - 1 : 0xFFFFu;
    if (odd & row)
      return -1;
    for (unsigned c = commas & row; c; c &= c - 1) {
      const unsigned char *at = b + __builtin_ctz(c);
      if (at > field && (hg_split_blank(*field) || hg_split_blank(at[-1])))
        return -1; /* libcsv would trim it */
      if (n < cap) {
        start[n] = (const char *)field;
        len[n] = (size_t)(at - field);
      }
      n++;
      field = at + 1;
    }
    if (ends) {
      const unsigned char *at = b + __builtin_ctz(ends);
      if (at > field && (hg_split_blank(*field) || hg_split_blank(at[-1])))
        return -1;
      if (n > 0 || at > field) { /* the last field: after a comma, or not empty */
        if (n < cap) {
          start[n] = (const char *)field;
          len[n] = (size_t)(at - field);
        }
        n++;
      }
      *end = *at;
      *next = at + 1;
      return (long)n;
    }
  }
#else
  (void)p, (void)e, (void)start, (void)len, (void)cap, (void)next, (void)end;
#endif
  return -1;
}

#endif
