/* png.c: PNG files from our opaque ARGB32 surfaces.  cairo's own writer runs
 * libpng's adaptive filter search at zlib's default level, which took about two
 * thirds of the time of a chart (bench_charts); our charts are flat colours on an
 * opaque background, so RGB with the "up" filter at level 3 is several times
 * faster and about as small.  No time chunk is written: same pixels, same bytes. */
#include "internal.h"

#include <errno.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

hg_status hg_png_write(cairo_surface_t *s, const char *path);

/* libpng's default handler prints the error; the library never prints, the
 * caller names the file and errno. */
static void png_fail(png_structp png, png_const_charp msg) {
  (void)msg;
  png_longjmp(png, 1);
}

static void png_quiet(png_structp png, png_const_charp msg) {
  (void)png;
  (void)msg;
}

hg_status hg_png_write(cairo_surface_t *s, const char *path) {
  cairo_surface_flush(s);
  int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
  int stride = cairo_image_surface_get_stride(s);
  const unsigned char *data = cairo_image_surface_get_data(s);
  if (!data || cairo_image_surface_get_format(s) != CAIRO_FORMAT_ARGB32)
    return HG_ERR_RENDER;
  FILE *f = fopen(path, "wb");
  if (!f)
    return HG_ERR_IO;
  hg_status st = HG_OK;
  volatile int error = 0; /* errno of the failed write, kept across cleanup */
  unsigned char *row = g_malloc((size_t)w * 3);
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, png_fail, png_quiet);
  png_infop info = png ? png_create_info_struct(png) : NULL;
  if (!png || !info) {
    st = HG_ERR_NOMEM;
    goto cleanup;
  }
  if (setjmp(png_jmpbuf(png))) {
    st = HG_ERR_IO; /* libpng's fwrite failed: errno is its reason */
    error = errno ? errno : EIO;
    goto cleanup;
  }
  png_init_io(png, f);
  png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_UP);
  png_set_compression_level(png, 3);
  png_write_info(png, info);
  for (int y = 0; y < h; y++) {
    const uint32_t *src = (const uint32_t *)(data + (size_t)y * stride);
    for (int x = 0; x < w; x++) {
      /* the background is painted opaque, so premultiplied = straight colour */
      uint32_t p = src[x];
      row[3 * x] = (unsigned char)(p >> 16);
      row[3 * x + 1] = (unsigned char)(p >> 8);
      row[3 * x + 2] = (unsigned char)p;
    }
    png_write_row(png, row);
  }
  png_write_end(png, NULL);
cleanup:
  png_destroy_write_struct(png ? &png : NULL, info ? &info : NULL);
  g_free(row);
  if (fclose(f) != 0 && st == HG_OK) {
    st = HG_ERR_IO;
    error = errno ? errno : EIO;
  }
  if (st == HG_ERR_IO)
    errno = error;
  return st;
}
