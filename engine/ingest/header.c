/* header.c: recognising a header and mapping its columns to fields.
 *
 * A Fingertips export is read by position (column 22's name varies with the
 * parent area type; `Area Name` is sometimes `AreaName`), so only a few
 * columns are checked by name, to refuse a file that merely has 26 columns.
 * A tidy file is read by name, in any order. */
#include "ingest/internal.h"

#include <string.h>
#include <strings.h>

const char *const hg_tidy_names[F_N] = {
    [F_INDICATOR_ID] = "indicator_id",
    [F_INDICATOR_NAME] = "indicator_name",
    [F_PARENT_CODE] = "parent_code",
    [F_PARENT_NAME] = "parent_name",
    [F_AREA_CODE] = "area_code",
    [F_AREA_NAME] = "area_name",
    [F_AREA_TYPE] = "area_type",
    [F_SEX] = "sex",
    [F_AGE] = "age",
    [F_CATEGORY_TYPE] = "category_type",
    [F_CATEGORY] = "category",
    [F_PERIOD] = "period",
    [F_VALUE] = "value",
    [F_LOWER95] = "lower_ci95",
    [F_UPPER95] = "upper_ci95",
    [F_LOWER998] = "lower_ci998",
    [F_UPPER998] = "upper_ci998",
    [F_COUNT] = "count",
    [F_DENOMINATOR] = "denominator",
    [F_VALUE_NOTE] = "value_note",
    [F_SORTABLE] = "period_sortable",
};

static const struct {
  hg_field f;
  const char *name, *alt;
} ft_checked[] = {
    {F_INDICATOR_ID, "Indicator ID", NULL},
    {F_AREA_CODE, "Area Code", NULL},
    {F_AREA_NAME, "Area Name", "AreaName"},
    {F_PERIOD, "Time period", NULL},
    {F_VALUE, "Value", NULL},
    {F_COUNT, "Count", NULL},
    {F_DENOMINATOR, "Denominator", NULL},
    {F_SORTABLE, "Time period Sortable", NULL},
};

int hg_header_name_is(const char *have, const char *want) {
  if (!want)
    return 0;
  while (*have == ' ')
    have++;
  size_t n = strlen(have);
  while (n && have[n - 1] == ' ')
    n--;
  return n == strlen(want) && strncasecmp(have, want, n) == 0;
}

static void header_fingertips(hg_reader *r) {
  if (r->ncols != 26 && r->ncols != 27) {
    hg_reader_fail(r, HG_ERR_FORMAT, r->row_line, NULL,
                   "a Fingertips export has 26 or 27 columns; this header has %zu", r->ncols);
    return;
  }
  for (size_t j = 0; j < r->ncols; j++)
    r->map[j] = (int)j;
  for (int f = 0; f < F_N; f++)
    r->col_of[f] = f < (int)r->ncols ? f : -1;
  for (size_t k = 0; k < G_N_ELEMENTS(ft_checked); k++) {
    const char *have = r->colnames[ft_checked[k].f];
    if (!hg_header_name_is(have, ft_checked[k].name) &&
        !hg_header_name_is(have, ft_checked[k].alt)) {
      hg_reader_fail(r, HG_ERR_FORMAT, r->row_line, have,
                     "expected the Fingertips column '%s' in position %d", ft_checked[k].name,
                     (int)ft_checked[k].f + 1);
      return;
    }
  }
}

static void header_tidy(hg_reader *r) {
  GString *unknown = g_string_new(NULL);
  for (size_t j = 0; j < r->ncols; j++) {
    r->map[j] = HG_F_UNUSED;
    for (int f = 0; f < F_N; f++) {
      if (hg_tidy_names[f] && hg_header_name_is(r->colnames[j], hg_tidy_names[f])) {
        if (r->col_of[f] >= 0) {
          hg_reader_fail(r, HG_ERR_FORMAT, r->row_line, r->colnames[j],
                         "column appears twice in the header");
          goto cleanup;
        }
        r->map[j] = f;
        r->col_of[f] = (int)j;
      }
    }
    if (r->map[j] == HG_F_UNUSED) {
      r->rep->unknown_columns++;
      if (unknown->len)
        g_string_append_c(unknown, ',');
      g_string_append(unknown, r->colnames[j]);
    }
  }
  size_t cap = sizeof r->rep->unknown_column_names;
  if (unknown->len >= cap) {
    g_string_truncate(unknown, cap - 4);
    g_string_append(unknown, "...");
  }
  memcpy(r->rep->unknown_column_names, unknown->str, unknown->len + 1);
  static const hg_field required[] = {F_INDICATOR_ID, F_AREA_CODE, F_PERIOD};
  for (size_t k = 0; k < G_N_ELEMENTS(required); k++)
    if (r->col_of[required[k]] < 0) {
      hg_reader_fail(r, HG_ERR_FORMAT, r->row_line, hg_tidy_names[required[k]],
                     "required column missing from the header");
      goto cleanup;
    }
  if (r->col_of[F_VALUE] < 0 && (r->col_of[F_COUNT] < 0 || r->col_of[F_DENOMINATOR] < 0))
    hg_reader_fail(r, HG_ERR_FORMAT, r->row_line, "value",
                   "required column missing: give 'value', or 'count' and 'denominator'");
cleanup:
  g_string_free(unknown, TRUE);
}

static int valid_utf8(const char *s) {
  return g_utf8_validate(s, -1, NULL);
}

void hg_reader_header(hg_reader *r) {
  r->header_done = 1;
  r->ncols = r->nfields;
  if (r->ncols > HG_MAX_FIELDS) {
    hg_reader_fail(r, HG_ERR_FORMAT, r->row_line, NULL,
                   "header has %zu columns, over the limit of %d", r->ncols, HG_MAX_FIELDS);
    return;
  }
  r->map = g_new(int, r->ncols ? r->ncols : 1);
  r->colnames = g_new0(char *, r->ncols + 1);
  for (size_t j = 0; j < r->ncols; j++) {
    r->colnames[j] = g_ptr_array_index(r->header, j);
    g_ptr_array_index(r->header, j) = NULL; /* ownership moves to colnames */
    if (!valid_utf8(r->colnames[j])) {
      hg_reader_fail(r, HG_ERR_FORMAT, r->row_line, NULL,
                     "header is not valid UTF-8 (a Latin-1 or Windows-1252 file?): "
                     "re-save it as UTF-8");
      return;
    }
  }
  hg_format fmt = r->opt->format;
  if (fmt == HG_FORMAT_AUTO) {
    int tidy = 0;
    for (size_t j = 0; j < r->ncols; j++)
      tidy |= hg_header_name_is(r->colnames[j], "indicator_id");
    if (r->ncols && hg_header_name_is(r->colnames[0], "Indicator ID"))
      fmt = HG_FORMAT_FINGERTIPS;
    else if (tidy)
      fmt = HG_FORMAT_TIDY;
    else {
      hg_reader_fail(r, HG_ERR_FORMAT, r->row_line, NULL,
                     "header not recognised: neither a Fingertips export ('Indicator ID', ...) "
                     "nor a tidy CSV (indicator_id, area_code, period, ...)");
      return;
    }
  }
  r->rep->format = fmt;
  if (fmt == HG_FORMAT_FINGERTIPS)
    header_fingertips(r);
  else
    header_tidy(r);
}
