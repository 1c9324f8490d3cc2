/* fingertipsnext.c: FingertipsNext's CSV download read as a Fingertips export.
 *
 * FingertipsNext (the service replacing Fingertips, dhsc-govuk/FingertipsNext)
 * writes a different CSV from each chart's "Export" button: `Indicator ID,
 * Indicator name, Period, Area, Area code, Benchmark, Compared to benchmark,
 * Recent trend, Count, Value unit, Value, Lower confidence limit 95%, ...`.
 * header.c maps those names onto the export's fields; what differs per row is
 * mended here: there is no Sex column (a sex breakdown is the "Inequality
 * category" Sex, and every other row is the Persons value, which the export
 * calls the aggregate), a group's name is written "Group: <name>", outcomes may come
 * in the API's camel case ("NotCompared"), and a row's one comparison is with
 * its `Benchmark`, which is England (E92000001) or the area's group. */
#include "ingest/internal.h"

#include <string.h>

enum { FN_TEXT_MAX = 256 };

static hg_str intern_text(hg_reader *r, const char *s) {
  return hg_store_intern(r->st, s, strlen(s));
}

/* "NotCompared" -> "Not compared", "IncreasingAndGettingBetter" ->
 * "Increasing and getting better"; text with a space is already in words. */
static hg_str words(hg_reader *r, hg_str id) {
  const char *s = hg_store_str(r->st, id);
  size_t n = strlen(s);
  if (!n || n >= FN_TEXT_MAX / 2 || strchr(s, ' '))
    return id;
  char out[FN_TEXT_MAX];
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    if (i && g_ascii_isupper(s[i])) {
      out[k++] = ' ';
      out[k++] = g_ascii_tolower(s[i]);
    } else {
      out[k++] = s[i];
    }
  }
  out[k] = '\0';
  return k == n ? id : intern_text(r, out);
}

void hg_fnext_row(hg_reader *r) {
  hg_obs *o = &r->obs;
  if (!o->sex && r->col_of[F_SEX] < 0) {
    if (!g_ascii_strcasecmp(hg_store_str(r->st, o->category_type), "Sex") && o->category) {
      o->sex = o->category;
      o->category_type = o->category = 0;
    } else {
      o->sex = intern_text(r, "Persons");
    }
  }
  /* The extract keeps literal quotes around some breakdowns' names. */
  const char *ct = hg_store_str(r->st, o->category_type);
  size_t ctl = strlen(ct);
  if (ctl >= 2 && ct[0] == '"' && ct[ctl - 1] == '"')
    o->category_type = hg_store_intern(r->st, ct + 1, ctl - 2);
  const char *name = hg_store_str(r->st, o->area_name);
  if (g_str_has_prefix(name, "Group: "))
    o->area_name = intern_text(r, name + strlen("Group: "));
  if (o->fp_recent_trend)
    o->fp_recent_trend = words(r, o->fp_recent_trend);
  if (!r->fn_compared)
    return;
  hg_str label = words(r, r->fn_compared);
  const char *bench = hg_store_str(r->st, r->fn_benchmark);
  if (!strcmp(bench, "E92000001")) {
    o->fp_compared_england = label;
  } else if (bench[0]) {
    o->fp_compared_parent = label;
    if (!o->parent_code)
      o->parent_code = r->fn_benchmark;
  }
  /* A comparison with no benchmark named says nothing about which area it is
   * with, so it is not kept. */
}
