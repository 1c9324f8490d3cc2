/* read_capped.c: reading a whole input under a size cap (the tables and
 * the boundaries are parsed from memory), the cap enforced as it reads. */
#include "healthgap/memory.h"
#include "ingest/internal.h"

#include <errno.h>
#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* Reads fp whole, enforcing max while reading (HG_ERR_NOMEM): a regular
 * file by its size before a byte is read, a stream (stdin, a FIFO, a
 * device) as soon as a block takes it past max, so an endless or huge input
 * never fills memory first. */
hg_status hg_read_capped(FILE *fp, const char *name, size_t max, char **out, size_t *out_len,
                         hg_error *err) {
  struct stat sb;
  int regular = fstat(fileno(fp), &sb) == 0 && S_ISREG(sb.st_mode);
  if (regular && (uintmax_t)sb.st_size > max) {
    hg_error_set(err, name, 0, NULL, "file is %ju bytes, over the %zu-byte limit",
                 (uintmax_t)sb.st_size, max);
    return HG_ERR_NOMEM;
  }
  /* fread straight into the buffer (a regular file in one call, at its size):
   * a bounce through a stack block copied every byte twice (issue 17).  The
   * spare byte lets the loop see the end of a file that has not grown. */
  size_t cap = regular ? (size_t)sb.st_size + 1 : 65536, len = 0;
  char *buf = g_malloc(cap + 1);
  if (regular) { /* all of it is written next: present at once, not a fault a page */
    hg_mem_huge(buf, cap + 1);
    hg_mem_populate(buf, cap + 1);
  }
  for (;;) {
    if (len == cap) { /* a stream, or a file that grew while read */
      if (cap > max) {
        g_free(buf);
        hg_error_set(err, name, 0, NULL, "input is over the %zu-byte limit", max);
        return HG_ERR_NOMEM;
      }
      cap = cap > max / 2 ? max + 1 : 2 * cap;
      buf = g_realloc(buf, cap + 1);
    }
    size_t n = fread(buf + len, 1, cap - len, fp);
    len += n;
    if (n == 0)
      break;
  }
  if (len > max) {
    g_free(buf);
    hg_error_set(err, name, 0, NULL, "input is over the %zu-byte limit", max);
    return HG_ERR_NOMEM;
  }
  if (ferror(fp)) {
    g_free(buf);
    hg_error_set(err, name, 0, NULL, "read error: %s", strerror(errno));
    return HG_ERR_IO;
  }
  buf[len] = '\0';
  *out_len = len;
  *out = buf;
  return HG_OK;
}
