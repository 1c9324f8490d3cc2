/* header.c: recognising a header and mapping its columns to fields.
 *
 * Both layouts are read by name, in any order: a Fingertips export (every
 * vintage, and fingertipsR's data frame written from R) by its normalised
 * names, a tidy file by its exact names. */
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

/* The Fingertips family's columns by their normalised names (letters and
 * digits, lower case), so that one table reads every export vintage (25, 26 or
 * 27 columns, `Area Name` or `AreaName`) and fingertipsR's data frame
 * (`IndicatorID`, `LowerCI95.0limit`, `TimeperiodSortable`), whatever the
 * order.  The parent comparison is "Compared to <parent> value or percentiles". */
static const struct {
  hg_field f;
  const char *norm;
} ft_names[] = {
    {F_INDICATOR_ID, "indicatorid"},
    {F_INDICATOR_NAME, "indicatorname"},
    {F_PARENT_CODE, "parentcode"},
    {F_PARENT_NAME, "parentname"},
    {F_AREA_CODE, "areacode"},
    {F_AREA_NAME, "areaname"},
    {F_AREA_TYPE, "areatype"},
    {F_SEX, "sex"},
    {F_AGE, "age"},
    {F_CATEGORY_TYPE, "categorytype"},
    {F_CATEGORY, "category"},
    {F_PERIOD, "timeperiod"},
    {F_VALUE, "value"},
    {F_LOWER95, "lowerci950limit"},
    {F_UPPER95, "upperci950limit"},
    {F_LOWER998, "lowerci998limit"},
    {F_UPPER998, "upperci998limit"},
    {F_COUNT, "count"},
    {F_DENOMINATOR, "denominator"},
    {F_VALUE_NOTE, "valuenote"},
    {F_RECENT_TREND, "recenttrend"},
    {F_CMP_ENGLAND, "comparedtoenglandvalueorpercentiles"},
    {F_SORTABLE, "timeperiodsortable"},
    {F_NEW_DATA, "newdata"},
    {F_CMP_GOAL, "comparedtogoal"},
    {F_PERIOD_RANGE, "timeperiodrange"},
    /* FingertipsNext's CSV download (components/molecules/Export/export.types.ts
     * in dhsc-govuk/FingertipsNext): "Inequality category" is the breakdown
     * (Sex, a deprivation decile set) and "Inequality type" its category. */
    {F_PERIOD, "period"},
    {F_AREA_NAME, "area"},
    {F_AGE, "agerange"},
    {F_CATEGORY_TYPE, "inequalitycategory"},
    {F_CATEGORY, "inequalitytype"},
    {F_LOWER95, "lowerconfidencelimit95"},
    {F_UPPER95, "upperconfidencelimit95"},
    {F_LOWER998, "lowerconfidencelimit998"},
    {F_UPPER998, "upperconfidencelimit998"},
    {F_BENCHMARK, "benchmark"},
    {F_CMP_BENCHMARK, "comparedtobenchmark"},
    /* FingertipsNext's data extract (DataCreator's healthdata.csv: IndicatorId,
     * Year, AgeID, SexID, AreaCode, ..., LowerCI, UpperCI, Trend, CategoryType,
     * Category), whose category columns are swapped (header_fingertips). */
    {F_PERIOD, "year"},
    {F_LOWER95, "lowerci"},
    {F_UPPER95, "upperci"},
    {F_RECENT_TREND, "trend"},
};

/* Columns known and deliberately not read: not counted as unknown. */
static const char *const ft_ignored[] = {
    "columnnotused", /* Fingertips' own placeholder */
    "valueunit",     /* FingertipsNext: the unit is the indicator's metadata */
    "comparedtopersons",
    "worstlowest",
    "besthighest",
    "totals",
    "ageid",
    "sexid", /* the extract's ids of the Age and Sex it also names */
};

/* The name's letters and digits in lower case, into out[cap]. */
static void normalise(const char *name, char *out, size_t cap) {
  size_t n = 0;
  for (const char *p = name; *p && n + 1 < cap; p++)
    if (g_ascii_isalnum(*p))
      out[n++] = g_ascii_tolower(*p);
  out[n] = '\0';
}

static int ft_field_of(const char *norm) {
  for (size_t k = 0; k < G_N_ELEMENTS(ft_names); k++)
    if (!strcmp(norm, ft_names[k].norm))
      return ft_names[k].f;
  if (g_str_has_prefix(norm, "comparedto") && g_str_has_suffix(norm, "valueorpercentiles"))
    return F_CMP_PARENT; /* not England: that name is in the table */
  return HG_F_UNUSED;
}

const char *hg_column_canonical(const char *name) {
  for (int f = 0; f < F_N; f++)
    if (hg_tidy_names[f] && hg_header_name_is(name, hg_tidy_names[f]))
      return hg_tidy_names[f];
  char norm[128];
  normalise(name, norm, sizeof norm);
  int f = norm[0] ? ft_field_of(norm) : HG_F_UNUSED;
  switch (f) {
  case HG_F_UNUSED:
    return NULL;
  case F_RECENT_TREND:
    return "recent_trend";
  case F_CMP_ENGLAND:
    return "compared_to_england";
  case F_CMP_PARENT:
    return "compared_to_parent";
  case F_CMP_GOAL:
    return "compared_to_goal";
  case F_BENCHMARK:
    return "benchmark";
  case F_CMP_BENCHMARK:
    return "compared_to_benchmark";
  default:
    return hg_tidy_names[f]; /* NULL for the columns read and not kept */
  }
}

/* 1 when the header is one of the Fingertips family's. */
static int is_fingertips_family(char *const *names, size_t n) {
  for (size_t j = 0; j < n; j++) {
    char norm[128];
    normalise(names[j], norm, sizeof norm);
    if (!strcmp(norm, "indicatorid"))
      return 1;
  }
  return 0;
}

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
  int spaced = 0; /* an export's names have spaces; fingertipsR's have none */
  int extract_ids = 0;
  for (size_t j = 0; j < r->ncols; j++) {
    char norm[128];
    normalise(r->colnames[j], norm, sizeof norm);
    spaced |= strchr(r->colnames[j], ' ') != NULL;
    int f = norm[0] ? ft_field_of(norm) : HG_F_UNUSED; /* "": R's row names */
    extract_ids += !strcmp(norm, "ageid") || !strcmp(norm, "sexid");
    r->map[j] = f;
    if (f == HG_F_UNUSED) {
      int ignored = 0;
      for (size_t k = 0; k < G_N_ELEMENTS(ft_ignored); k++)
        ignored |= !strcmp(norm, ft_ignored[k]);
      if (norm[0] && !ignored)
        r->rep->unknown_columns++;
      continue;
    }
    if (r->col_of[f] >= 0) {
      hg_reader_fail(r, HG_ERR_FORMAT, r->row_line, r->colnames[j],
                     "column appears twice in the header");
      return;
    }
    r->col_of[f] = (int)j;
    r->fnext |= f == F_BENCHMARK || f == F_CMP_BENCHMARK || !strcmp(norm, "period") ||
                !strcmp(norm, "area") || !strcmp(norm, "year");
  }
  if (extract_ids == 2) {
    /* The extract writes the category in CategoryType and the breakdown in
     * Category (the README of the data in tests/data/inequalities/). */
    int a = r->col_of[F_CATEGORY_TYPE], b = r->col_of[F_CATEGORY];
    r->col_of[F_CATEGORY_TYPE] = b;
    r->col_of[F_CATEGORY] = a;
    if (a >= 0)
      r->map[a] = F_CATEGORY;
    if (b >= 0)
      r->map[b] = F_CATEGORY_TYPE;
  }
  static const struct {
    hg_field f;
    const char *name;
  } required[] = {{F_INDICATOR_ID, "Indicator ID"},
                  {F_AREA_CODE, "Area Code"},
                  {F_PERIOD, "Time period"},
                  {F_VALUE, "Value"}};
  for (size_t k = 0; k < G_N_ELEMENTS(required); k++) {
    if (r->col_of[required[k].f] < 0) {
      hg_reader_fail(r, HG_ERR_FORMAT, r->row_line, required[k].name,
                     "a Fingertips export needs this column; the header has %zu columns without it",
                     r->ncols);
      return;
    }
  }
  /* Only the newest columns (New data, Compared to goal, Time period range)
   * may be missing from a row: a row cut shorter than that is broken. */
  int last = -1;
  for (int f = 0; f < F_N; f++)
    if (f != F_NEW_DATA && f != F_CMP_GOAL && f != F_PERIOD_RANGE)
      last = MAX(last, r->col_of[f]);
  r->ft_family = 1;
  r->na_missing = !spaced;
  /* Older exports name 26 columns but write 25 fields in every row. */
  r->min_fields = (size_t)last + 1;
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
    if (tidy)
      fmt = HG_FORMAT_TIDY;
    else if (is_fingertips_family(r->colnames, r->ncols))
      fmt = HG_FORMAT_FINGERTIPS;
    else {
      hg_reader_fail(r, HG_ERR_FORMAT, r->row_line, NULL,
                     "header not recognised: neither a Fingertips export ('Indicator ID', ...) "
                     "nor a tidy CSV (indicator_id, area_code, period, ...)");
      return;
    }
  }
  r->rep->format = fmt;
  r->min_fields = r->ncols;
  if (fmt == HG_FORMAT_FINGERTIPS)
    header_fingertips(r);
  else
    header_tidy(r);
}
