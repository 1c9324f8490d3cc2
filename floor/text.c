/* text.c: bidi controls removed from labels, file names made from data
 * (healthgap/text.h). */
#include "healthgap/text.h"

#include <glib.h>
#include <string.h>

/* Byte length of the bidi control that starts at p, or 0.  In UTF-8:
 * U+061C is D8 9C; U+200E/F are E2 80 8E/8F; U+202A..E are E2 80 AA..AE;
 * U+2066..9 are E2 81 A6..A9. */
static size_t bidi_at(const unsigned char *p) {
  if (p[0] == 0xD8)
    return p[1] == 0x9C ? 2 : 0;
  if (p[0] != 0xE2)
    return 0;
  if (p[1] == 0x80)
    return (p[2] == 0x8E || p[2] == 0x8F || (p[2] >= 0xAA && p[2] <= 0xAE)) ? 3 : 0;
  if (p[1] == 0x81)
    return p[2] >= 0xA6 && p[2] <= 0xA9 ? 3 : 0;
  return 0;
}

int hg_text_has_bidi(const char *s) {
  if (!s)
    return 0;
  /* Most labels are ASCII: look only at the lead bytes that can start one. */
  for (const unsigned char *p = (const unsigned char *)s; *p; p++)
    if ((*p == 0xD8 || *p == 0xE2) && p[1] && bidi_at(p))
      return 1;
  return 0;
}

size_t hg_text_strip_bidi(char *s) {
  if (!s)
    return 0;
  unsigned char *r = (unsigned char *)s, *w = r;
  while (*r) {
    /* bidi_at reads at most 2 bytes past a lead byte; a NUL stops it first */
    size_t n = (*r == 0xD8 || *r == 0xE2) && r[1] ? bidi_at(r) : 0;
    if (n)
      r += n;
    else
      *w++ = *r++;
  }
  *w = '\0';
  return (size_t)(w - (unsigned char *)s);
}

static int name_char(char c, const char *keep) {
  return g_ascii_isalnum(c) || (c && keep && strchr(keep, c));
}

int hg_name_is_safe(const char *s) {
  if (!s || !*s || *s == '.')
    return 0;
  size_t n = 0;
  for (; s[n]; n++)
    if (n >= HG_NAME_MAX || !name_char(s[n], "._-"))
      return 0;
  return 1;
}

char *hg_name_make_safe(const char *s, const char *keep) {
  if (!s)
    s = "";
  GString *out = g_string_sized_new(strlen(s) + 1);
  for (const char *p = s; *p; p++)
    g_string_append_c(out, name_char(*p, keep) && !(p == s && *p == '.') ? *p : '_');
  if (!out->len)
    g_string_append_c(out, '_');
  if (out->len > HG_NAME_MAX) {
    char *sum = g_compute_checksum_for_string(G_CHECKSUM_SHA256, s, -1);
    g_string_truncate(out, HG_NAME_MAX - 9);
    g_string_append_printf(out, "-%.8s", sum);
    g_free(sum);
  }
  return g_string_free(out, FALSE);
}
