/* tests/support/hg_image.h: golden-image helpers for the chart tests.
 *
 * Not library API: the chart module draws, it does not judge its own pictures.
 * These read PNGs back (cairo) and describe the drawing stack (cairo, pango,
 * fontconfig, the pinned font's bytes), so that tests/test_chart_golden.c can
 * tell a changed chart from a changed machine. */
#ifndef HG_TEST_IMAGE_H
#define HG_TEST_IMAGE_H

#include <stddef.h>

#include "healthgap/status.h"

/* Writes "cairo X; pango Y; fontconfig Z; font sha256 H" into buf (the font is
 * DejaVuSans.ttf under $HG_FONT_DIR, as charts/paint.c loads it): golden images
 * are only comparable when this matches the fingerprint stored with them.
 * Returns buf. */
char *hg_test_font_fingerprint(char *buf, size_t size);

typedef struct hg_image_diff {
  long width, height;
  long differing; /* pixels with a channel differing by more than threshold */
  int max_diff;   /* largest channel difference 0..255 */
  double rms;     /* over all channel values, 0..255 scale */
} hg_image_diff;

/* Compares the decoded pixels of two PNG files (threshold per channel, e.g. 16).
 * HG_ERR_IO if a file cannot be read, HG_ERR_INVALID if the sizes differ,
 * HG_ERR_RANGE for a NULL argument. */
hg_status hg_test_image_compare(const char *png_a, const char *png_b, int threshold,
                                hg_image_diff *out);

#endif
