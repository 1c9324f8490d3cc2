/* select.c: one series of a table (healthgap/select.h).
 *
 * The commands that read a whole table (stat, gaps) narrow it here with the
 * options every command shares, then check that what is left is one series
 * per group: two age groups summed into one rate, or an area's value and its
 * deprivation deciles averaged together, are refused with the series listed,
 * never computed.
 */
#include "healthgap/select.h"
#include "ingest/project.h"

#include <glib.h>
#include <string.h>

/* The fields of a series a table may carry, in the order they are checked. */
enum { F_SEX, F_AGE, F_CTYPE, F_CAT, F_ATYPE, F_COUNT };

typedef struct field {
  const char *names[4]; /* the column's names (hg_table_col ignores case and spaces) */
  const char *option;   /* the option that chooses one */
  const char *noun;     /* for messages: "ages" */
  int any_case;         /* values compared ignoring ASCII case */
} field;

static const field fields[F_COUNT] = {
    [F_SEX] = {{"sex"}, "--sex", "sexes", 1},
    [F_AGE] = {{"age"}, "--age", "ages", 0},
    [F_CTYPE] = {{"category_type", "category type"}, "--category-type", "category types", 0},
    [F_CAT] = {{"category"}, "--category", "categories", 0},
    [F_ATYPE] = {{"area_type", "area type", "areatype"}, "--area-type", "area types", 1},
};

static const char *wanted(const hg_select *s, int f) {
  switch (f) {
  case F_SEX:
    return s->sex;
  case F_AGE:
    return s->age;
  case F_CTYPE:
    return s->category_type;
  case F_CAT:
    return s->category;
  default:
    return s->area_type;
  }
}

static int same_value(int f, const char *a, const char *b) {
  return fields[f].any_case ? g_ascii_strcasecmp(a, b) == 0 : strcmp(a, b) == 0;
}

int hg_select_any(const hg_select *s) {
  for (int f = 0; s && f < F_COUNT; f++)
    if (wanted(s, f))
      return 1;
  return 0;
}

int hg_select_match(const hg_select *s, const char *sex, const char *age, const char *category_type,
                    const char *category, const char *area_type) {
  const char *cells[F_COUNT] = {sex, age, category_type, category, area_type};
  for (int f = 0; s && f < F_COUNT; f++) {
    const char *w = wanted(s, f);
    if (w && !same_value(f, w, cells[f] ? cells[f] : ""))
      return 0;
  }
  return 1;
}

/* The column of each field (-1 when absent). */
static void find_fields(const hg_table *t, long col[F_COUNT]) {
  for (int f = 0; f < F_COUNT; f++) {
    col[f] = -1;
    for (int k = 0; k < 4 && fields[f].names[k] && col[f] < 0; k++)
      col[f] = hg_table_col(t, fields[f].names[k]);
  }
  /* FingertipsNext: "CategoryType" holds the category, "Category" its type */
  if (hg_table_col(t, "IndicatorId") >= 0 && hg_table_col(t, "AgeID") >= 0) {
    col[F_CTYPE] = hg_table_col(t, "Category");
    col[F_CAT] = hg_table_col(t, "CategoryType");
  }
}

/* "'All ages' (540 rows), '0-9 yrs' (304 rows)": the values of column c over
 * the rows, in order of first appearance (at most 8 named). */
static char *list_values(const hg_table *t, long c) {
  GPtrArray *vals = g_ptr_array_new();
  GHashTable *count = g_hash_table_new(g_str_hash, g_str_equal);
  for (size_t r = 0; r < hg_table_nrows(t); r++) {
    const char *v = hg_table_cell(t, r, (size_t)c);
    guint n = GPOINTER_TO_UINT(g_hash_table_lookup(count, v));
    if (n == 0)
      g_ptr_array_add(vals, (gpointer)v);
    g_hash_table_insert(count, (gpointer)v, GUINT_TO_POINTER(n + 1));
  }
  GString *s = g_string_new(NULL);
  for (guint k = 0; k < vals->len && k < 8; k++) {
    guint n = GPOINTER_TO_UINT(g_hash_table_lookup(count, vals->pdata[k]));
    g_string_append_printf(s, "%s'%s' (%u row%s)", k ? ", " : "", (const char *)vals->pdata[k], n,
                           n == 1 ? "" : "s");
  }
  if (vals->len > 8)
    g_string_append_printf(s, " and %u more", vals->len - 8);
  g_hash_table_destroy(count);
  g_ptr_array_free(vals, TRUE);
  return g_string_free(s, FALSE);
}

/* HG_OK when some row of column c has value w. */
static hg_status value_present(const hg_table *t, int f, long c, const char *w, hg_error *err) {
  for (size_t r = 0; r < hg_table_nrows(t); r++)
    if (same_value(f, w, hg_table_cell(t, r, (size_t)c)))
      return HG_OK;
  char *list = list_values(t, c);
  hg_error_set(err, hg_table_name(t), 0, hg_table_colname(t, (size_t)c),
               "%s '%s': no row has it (the file's %s: %s)", fields[f].option, w, fields[f].noun,
               list);
  g_free(list);
  return HG_ERR_NOT_FOUND;
}

hg_status hg_table_select(hg_table *t, const hg_select *s, hg_error *err) {
  if (!t)
    return HG_ERR_RANGE;
  if (!hg_select_any(s))
    return HG_OK;
  long col[F_COUNT];
  find_fields(t, col);
  for (int f = 0; f < F_COUNT; f++) {
    const char *w = wanted(s, f);
    if (!w)
      continue;
    if (col[f] < 0) {
      hg_error_set(err, hg_table_name(t), 1, fields[f].names[0],
                   "%s: the file has no %s column to choose from", fields[f].option,
                   fields[f].names[0]);
      return HG_ERR_NOT_FOUND;
    }
    hg_status st = value_present(t, f, col[f], w, err);
    if (st != HG_OK)
      return st;
  }
  size_t n = hg_table_nrows(t), kept = 0;
  unsigned char *keep = g_new0(unsigned char, n ? n : 1);
  for (size_t r = 0; r < n; r++) {
    const char *cells[F_COUNT];
    for (int f = 0; f < F_COUNT; f++)
      cells[f] = col[f] >= 0 ? hg_table_cell(t, r, (size_t)col[f]) : "";
    keep[r] = (unsigned char)hg_select_match(s, cells[F_SEX], cells[F_AGE], cells[F_CTYPE],
                                             cells[F_CAT], cells[F_ATYPE]);
    kept += keep[r];
  }
  hg_status st = HG_OK;
  if (kept == 0) {
    hg_error_set(err, hg_table_name(t), 0, NULL,
                 "no row has all the values asked for together (--sex, --age, --category-type, "
                 "--category, --area-type)");
    st = HG_ERR_NOT_FOUND;
  } else {
    hg_table_keep_rows(t, keep);
  }
  g_free(keep);
  return st;
}

static int named_in(const hg_table *t, long c, const char *const *names) {
  for (; names && *names; names++)
    if (hg_table_col(t, *names) == c)
      return 1;
  return 0;
}

int hg_table_series_unchecked(const hg_table *t, const char *const *group,
                              const char *const *exempt) {
  long col[F_COUNT];
  find_fields(t, col);
  for (int f = 0; f < F_ATYPE; f++) /* the columns hg_table_one_series checks */
    if (col[f] >= 0 && !named_in(t, col[f], group) && !named_in(t, col[f], exempt))
      return 0;
  return 1;
}

/* The group key of row r: its cells of the group columns. */
static char *group_key(const hg_table *t, size_t r, const GArray *gcols) {
  GString *k = g_string_new(NULL);
  for (guint i = 0; i < gcols->len; i++)
    g_string_append_printf(k, "%s\x1f", hg_table_cell(t, r, (size_t)g_array_index(gcols, long, i)));
  return g_string_free(k, FALSE);
}

/* "Area Code 'E09000022', Time period '2015'" for row r, or "the file". */
static char *group_text(const hg_table *t, size_t r, const GArray *gcols) {
  if (gcols->len == 0)
    return g_strdup("the whole file (no --group-by)");
  GString *s = g_string_new(NULL);
  for (guint i = 0; i < gcols->len; i++) {
    size_t c = (size_t)g_array_index(gcols, long, i);
    g_string_append_printf(s, "%s%s '%s'", i ? ", " : "", hg_table_colname(t, c),
                           hg_table_cell(t, r, c));
  }
  return g_string_free(s, FALSE);
}

/* HG_ERR_AMBIGUOUS when two rows of one group differ in field f (column c). */
static hg_status one_value_per_group(const hg_table *t, int f, long c, const GArray *gcols,
                                     hg_error *err) {
  GHashTable *first = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  hg_status st = HG_OK;
  for (size_t r = 0; r < hg_table_nrows(t) && st == HG_OK; r++) {
    const char *v = hg_table_cell(t, r, (size_t)c);
    char *k = group_key(t, r, gcols);
    gpointer seen = NULL;
    if (!g_hash_table_lookup_extended(first, k, NULL, &seen)) {
      g_hash_table_insert(first, k, (gpointer)v);
      continue;
    }
    g_free(k);
    if (same_value(f, seen, v))
      continue;
    char *where = group_text(t, r, gcols), *list = list_values(t, c);
    hg_error_set(err, hg_table_name(t), hg_table_line(t, r), hg_table_colname(t, (size_t)c),
                 "rows of one series differ in %s ('%s' and '%s', in %s): the file's %s are %s; "
                 "choose one with %s%s",
                 hg_table_colname(t, (size_t)c), (const char *)seen, v, where, fields[f].noun, list,
                 fields[f].option,
                 f == F_CTYPE ? " ('' for the areas' own rows, without a breakdown)" : "");
    g_free(where);
    g_free(list);
    st = HG_ERR_AMBIGUOUS;
  }
  g_hash_table_destroy(first);
  return st;
}

hg_status hg_table_one_series(const hg_table *t, const char *const *group,
                              const char *const *exempt, hg_error *err) {
  if (!t)
    return HG_ERR_RANGE;
  GArray *gcols = g_array_new(FALSE, FALSE, sizeof(long));
  for (const char *const *g = group; g && *g; g++) {
    long c = hg_table_col(t, *g);
    if (c >= 0)
      g_array_append_val(gcols, c);
  }
  long col[F_COUNT];
  find_fields(t, col);
  hg_status st = HG_OK;
  /* the area type is not checked: an area has one, and its code groups it */
  for (int f = 0; f < F_ATYPE && st == HG_OK; f++)
    if (col[f] >= 0 && !named_in(t, col[f], group) && !named_in(t, col[f], exempt))
      st = one_value_per_group(t, f, col[f], gcols, err);
  g_array_free(gcols, TRUE);
  return st;
}
