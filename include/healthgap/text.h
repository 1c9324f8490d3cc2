/* healthgap/text.h: labels and file names made safe (floor/text.c).
 *
 * Labels (area, indicator and category names) come from the inputs and are
 * shown to people in CSVs, PNGs and PDFs; file names of the outputs are made
 * from codes and ids in the inputs.  Neither may carry what the data did not
 * mean to say: a bidi control that reorders what a reader sees, or a path
 * separator that writes outside the run folder.
 */
#ifndef HEALTHGAP_TEXT_H
#define HEALTHGAP_TEXT_H

#include <stddef.h>

#include "healthgap/status.h"

HG_BEGIN_DECLS

/* 1 if the UTF-8 text s (NULL-safe) holds a Unicode bidi control: U+200E,
 * U+200F, U+202A..U+202E, U+2066..U+2069 or U+061C.  Such a control can make
 * a label display reversed or reordered ("Trojan Source"), so labels are
 * written and drawn without them. */
int hg_text_has_bidi(const char *s);

/* Removes every bidi control from s in place (NULL-safe); returns the new
 * length. */
size_t hg_text_strip_bidi(char *s);

/* The longest name of a file or folder made from data (ids, codes). */
#define HG_NAME_MAX 64

/* 1 if s can be used as a file name as it is: 1 to HG_NAME_MAX characters
 * from [A-Za-z0-9._-], not starting with '.'. */
int hg_name_is_safe(const char *s);

/* A file name part made from s (NULL = ""): every byte that is not an ASCII
 * letter or digit and not in keep (NULL = none; "." is never kept first)
 * becomes '_'; an empty result is "_"; one over HG_NAME_MAX is cut and ends
 * with '-' and 8 hex digits of the sha256 of s, so that two long ids stay
 * apart.  Newly allocated (g_free). */
char *hg_name_make_safe(const char *s, const char *keep);

HG_END_DECLS
#endif
