/* hg_image.c: golden-image helpers (tests/support/hg_image.h).  They live with
 * the tests because only the tests compare pictures; the library draws. */
#include "hg_image.h"

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <glib.h>
#include <pango/pango.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

hg_status hg_test_image_compare(const char *a, const char *b, int threshold, hg_image_diff *out) {
  if (!a || !b || !out)
    return HG_ERR_RANGE;
  memset(out, 0, sizeof *out);
  cairo_surface_t *sa = cairo_image_surface_create_from_png(a);
  cairo_surface_t *sb = cairo_image_surface_create_from_png(b);
  hg_status st = HG_OK;
  if (cairo_surface_status(sa) != CAIRO_STATUS_SUCCESS ||
      cairo_surface_status(sb) != CAIRO_STATUS_SUCCESS) {
    st = HG_ERR_IO;
    goto cleanup;
  }
  int w = cairo_image_surface_get_width(sa), h = cairo_image_surface_get_height(sa);
  out->width = w;
  out->height = h;
  if (w != cairo_image_surface_get_width(sb) || h != cairo_image_surface_get_height(sb)) {
    st = HG_ERR_INVALID;
    goto cleanup;
  }
  int fa = cairo_image_surface_get_format(sa), fb = cairo_image_surface_get_format(sb);
  int na = cairo_image_surface_get_stride(sa), nb = cairo_image_surface_get_stride(sb);
  const unsigned char *pa = cairo_image_surface_get_data(sa),
                      *pb = cairo_image_surface_get_data(sb);
  double sum = 0;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      uint32_t ca = *(const uint32_t *)(pa + (size_t)y * na + 4 * x);
      uint32_t cb = *(const uint32_t *)(pb + (size_t)y * nb + 4 * x);
      if (fa == CAIRO_FORMAT_RGB24)
        ca |= 0xff000000u;
      if (fb == CAIRO_FORMAT_RGB24)
        cb |= 0xff000000u;
      int md = 0;
      for (int k = 0; k < 32; k += 8) {
        int d = abs((int)((ca >> k) & 0xff) - (int)((cb >> k) & 0xff));
        sum += (double)d * d;
        if (d > md)
          md = d;
      }
      if (md > out->max_diff)
        out->max_diff = md;
      if (md > threshold)
        out->differing++;
    }
  out->rms = sqrt(sum / ((double)w * h * 4));
cleanup:
  cairo_surface_destroy(sa);
  cairo_surface_destroy(sb);
  return st;
}

char *hg_test_font_fingerprint(char *buf, size_t size) {
  const char *dir = getenv("HG_FONT_DIR");
  char *path = g_build_filename(dir && *dir ? dir : "/usr/share/fonts/truetype/dejavu",
                                "DejaVuSans.ttf", NULL);
  gchar *data = NULL, *sum = NULL;
  gsize len = 0;
  if (g_file_get_contents(path, &data, &len, NULL))
    sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)data, len);
  snprintf(buf, size, "cairo %s; pango %s; fontconfig %d; font sha256 %s", cairo_version_string(),
           pango_version_string(), FcGetVersion(), sum ? sum : "missing");
  g_free(sum);
  g_free(data);
  g_free(path);
  return buf;
}
