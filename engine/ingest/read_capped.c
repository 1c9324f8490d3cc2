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
  GString *s = g_string_sized_new(regular ? (gsize)sb.st_size + 1 : 65536);
  if (regular)
    hg_mem_huge(s->str, (size_t)sb.st_size + 1);
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
    if (n > max - s->len) {
      g_string_free(s, TRUE);
      hg_error_set(err, name, 0, NULL, "input is over the %zu-byte limit", max);
      return HG_ERR_NOMEM;
    }
    g_string_append_len(s, chunk, (gssize)n);
  }
  if (ferror(fp)) {
    g_string_free(s, TRUE);
    hg_error_set(err, name, 0, NULL, "read error: %s", strerror(errno));
    return HG_ERR_IO;
  }
  *out_len = s->len;
  *out = g_string_free(s, FALSE);
  return HG_OK;
}
