/* ingest/sha256.h: SHA-256 on the CPU's SHA extensions (ingest/sha256.c),
 * behind hg_sha256_file; declared here for its test. */
#ifndef HG_INGEST_SHA256_H
#define HG_INGEST_SHA256_H

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

/* 1 when this CPU has the SHA extensions; else the functions below must not
 * be called (hg_sha256_file uses GLib's GChecksum instead). */
int hg_sha256_fast_available(void);

typedef struct hg_sha256_ctx {
  uint32_t h[8];
  uint64_t total;        /* bytes given so far */
  unsigned char buf[64]; /* a block not yet complete */
  size_t fill;           /* bytes in buf */
} hg_sha256_ctx;

void hg_sha256_init(hg_sha256_ctx *c);
void hg_sha256_update(hg_sha256_ctx *c, const void *data, size_t n);
/* The digest as 64 lower-case hex digits (as g_checksum_get_string); c is
 * spent. */
void hg_sha256_hex(hg_sha256_ctx *c, char hex[65]);

#endif
