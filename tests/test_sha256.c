/* test_sha256.c: the inputs' sha256 (engine/ingest/sha256.c): the SHA
 * extensions' digest against FIPS 180-2's examples and against GLib's
 * GChecksum (an independent implementation) at every length around the block
 * edges and split across updates; hg_sha256_file either way. */
#include "hg_test.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ingest/sha256.h"

static void fast_hex(const void *p, size_t n, size_t split, char hex[65]) {
  hg_sha256_ctx c;
  hg_sha256_init(&c);
  hg_sha256_update(&c, p, MIN(split, n));
  if (split < n)
    hg_sha256_update(&c, (const char *)p + split, n - split);
  hg_sha256_hex(&c, hex);
}

/* FIPS 180-2, appendix B: one block, the empty message and two blocks. */
static void test_fips_examples(void **state) {
  (void)state;
  if (!hg_sha256_fast_available())
    skip();
  static const struct {
    const char *msg, *want;
  } cases[] = {
      {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
      {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
      {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
  };
  for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
    char hex[65];
    fast_hex(cases[i].msg, strlen(cases[i].msg), strlen(cases[i].msg), hex);
    assert_string_equal(hex, cases[i].want);
  }
}

/* Every length to 300 bytes (the padding's one- and two-block cases) and
 * splits at each block edge, against GLib. */
static void test_against_glib(void **state) {
  (void)state;
  if (!hg_sha256_fast_available())
    skip();
  guchar data[300];
  for (size_t i = 0; i < sizeof data; i++)
    data[i] = (guchar)(i * 131 + 7);
  for (size_t n = 0; n <= sizeof data; n++) {
    char *want = g_compute_checksum_for_data(G_CHECKSUM_SHA256, data, n);
    static const size_t splits[] = {0, 1, 55, 56, 63, 64, 65, 128, 200};
    for (size_t s = 0; s < G_N_ELEMENTS(splits); s++) {
      char hex[65];
      fast_hex(data, n, splits[s], hex);
      assert_string_equal(hex, want);
    }
    g_free(want);
  }
}

/* A file over several of hg_sha256_file's 64 KiB reads, not a whole number
 * of blocks; and a missing file. */
static void test_file(void **state) {
  (void)state;
  gsize n = 3 * 65536 + 1000 + 17;
  guchar *data = g_malloc(n);
  for (gsize i = 0; i < n; i++)
    data[i] = (guchar)(i % 251);
  char *dir = g_dir_make_tmp("hg-sha256-XXXXXX", NULL);
  assert_non_null(dir);
  char *path = g_build_filename(dir, "f.bin", NULL);
  assert_true(g_file_set_contents(path, (const char *)data, (gssize)n, NULL));
  char *want = g_compute_checksum_for_data(G_CHECKSUM_SHA256, data, n);
  char hex[65];
  hg_error err;
  assert_int_equal(hg_sha256_file(path, hex, &err), HG_OK);
  assert_string_equal(hex, want);
  g_unlink(path);
  assert_int_equal(hg_sha256_file(path, hex, &err), HG_ERR_IO);
  assert_non_null(strstr(err.message, "cannot open"));
  g_rmdir(dir);
  g_free(want);
  g_free(path);
  g_free(dir);
  g_free(data);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_fips_examples),
      cmocka_unit_test(test_against_glib),
      cmocka_unit_test(test_file),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
