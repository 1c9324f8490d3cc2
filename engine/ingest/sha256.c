/* ingest/sha256.c: SHA-256 on the CPU's SHA extensions, for hg_sha256_file
 * (ingest/stage.c), each input's sha256.
 *
 * A run hashes every input before it starts (the unchanged test and the run
 * id need them), and a national run's inputs are tens of megabytes: GLib's
 * portable SHA-256 took a sixth of the run's instructions.  Where the CPU has
 * the SHA extensions (x86-64: Intel since Goldmont and Ice Lake, AMD since
 * Zen) the blocks go through them, about ten times faster; elsewhere GLib's
 * GChecksum does it all.  The digest is the same either way (FIPS 180-4):
 * tests/test_sha256.c compares the two at lengths around every block edge.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "ingest/sha256.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define SHA256_NI 1
#include <cpuid.h>
#include <immintrin.h>
#endif

#ifdef SHA256_NI
static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

/* 1 when the CPU has the SHA extensions and the SSE levels their use needs. */
static int have_sha_ni(void) {
  unsigned a, b, c, d;
  if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_SSSE3) || !(c & bit_SSE4_1))
    return 0;
  if (__get_cpuid_max(0, NULL) < 7)
    return 0;
  __cpuid_count(7, 0, a, b, c, d);
  return (b & bit_SHA) != 0;
}

/* The compression function on n 64-byte blocks: state h[8] as in FIPS 180-4.
 * Four rounds a step; the message schedule four words at a time. */
__attribute__((target("sha,sse4.1,ssse3"))) static void
blocks_ni(uint32_t h[8], const unsigned char *p, size_t n) {
  const __m128i swap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  __m128i tmp = _mm_loadu_si128((const __m128i *)&h[0]);    /* DCBA */
  __m128i state1 = _mm_loadu_si128((const __m128i *)&h[4]); /* HGFE */
  tmp = _mm_shuffle_epi32(tmp, 0xB1);                       /* CDAB */
  state1 = _mm_shuffle_epi32(state1, 0x1B);                 /* EFGH */
  __m128i state0 = _mm_alignr_epi8(tmp, state1, 8);         /* ABEF */
  state1 = _mm_blend_epi16(state1, tmp, 0xF0);              /* CDGH */
  for (; n > 0; n--, p += 64) {
    __m128i abef = state0, cdgh = state1, w[4];
    for (int i = 0; i < 4; i++)
      w[i] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16 * i)), swap);
    for (int i = 0; i < 16; i++) {
      __m128i msg = _mm_add_epi32(w[i & 3], _mm_loadu_si128((const __m128i *)&K[4 * i]));
      state1 = _mm_sha256rnds2_epu32(state1, state0, msg);
      state0 = _mm_sha256rnds2_epu32(state0, state1, _mm_shuffle_epi32(msg, 0x0E));
      if (i < 12) { /* words 4(i+4) .. 4(i+4)+3 into w[i & 3] */
        __m128i t = _mm_sha256msg1_epu32(w[i & 3], w[(i + 1) & 3]);
        t = _mm_add_epi32(t, _mm_alignr_epi8(w[(i + 3) & 3], w[(i + 2) & 3], 4));
        w[i & 3] = _mm_sha256msg2_epu32(t, w[(i + 3) & 3]);
      }
    }
    state0 = _mm_add_epi32(state0, abef);
    state1 = _mm_add_epi32(state1, cdgh);
  }
  tmp = _mm_shuffle_epi32(state0, 0x1B);       /* FEBA */
  state1 = _mm_shuffle_epi32(state1, 0xB1);    /* DCHG */
  state0 = _mm_blend_epi16(tmp, state1, 0xF0); /* DCBA */
  state1 = _mm_alignr_epi8(state1, tmp, 8);    /* HGFE */
  _mm_storeu_si128((__m128i *)&h[0], state0);
  _mm_storeu_si128((__m128i *)&h[4], state1);
}
#endif

int hg_sha256_fast_available(void) {
#ifdef SHA256_NI
  static int have = -1;
  if (g_atomic_int_get(&have) < 0)
    g_atomic_int_set(&have, have_sha_ni());
  return g_atomic_int_get(&have);
#else
  return 0;
#endif
}

void hg_sha256_init(hg_sha256_ctx *c) {
  static const uint32_t h0[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  memcpy(c->h, h0, sizeof h0);
  c->total = 0;
  c->fill = 0;
}

#ifdef SHA256_NI
void hg_sha256_update(hg_sha256_ctx *c, const void *data, size_t n) {
  const unsigned char *p = data;
  c->total += n;
  if (c->fill) { /* complete the block kept from the last call */
    size_t take = MIN(n, sizeof c->buf - c->fill);
    memcpy(c->buf + c->fill, p, take);
    c->fill += take;
    p += take;
    n -= take;
    if (c->fill < sizeof c->buf)
      return;
    blocks_ni(c->h, c->buf, 1);
    c->fill = 0;
  }
  blocks_ni(c->h, p, n / 64);
  memcpy(c->buf, p + n / 64 * 64, n % 64);
  c->fill = n % 64;
}

void hg_sha256_hex(hg_sha256_ctx *c, char hex[65]) {
  uint64_t bits = c->total * 8;
  unsigned char pad[72] = {0x80};
  size_t npad = (c->fill < 56 ? 56 : 120) - c->fill;
  for (int i = 0; i < 8; i++)
    pad[npad + (size_t)i] = (unsigned char)(bits >> (56 - 8 * i));
  uint64_t total = c->total;
  hg_sha256_update(c, pad, npad + 8);
  c->total = total;
  for (int i = 0; i < 8; i++)
    snprintf(hex + 8 * i, 9, "%08x", c->h[i]);
}
#else
void hg_sha256_update(hg_sha256_ctx *c, const void *data, size_t n) {
  (void)c, (void)data, (void)n;
  g_return_if_reached(); /* hg_sha256_fast_available() said no */
}

void hg_sha256_hex(hg_sha256_ctx *c, char hex[65]) {
  (void)c;
  hex[0] = '\0';
  g_return_if_reached();
}
#endif
