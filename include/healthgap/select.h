/* healthgap/select.h: choosing one series of a table (engine/ingest/select.c).
 *
 * A series is (indicator, area, sex, age, category type, category) and its
 * points are periods.  Real exports hold several for one indicator and area
 * ("All ages" and "0-9 yrs"; Persons, Male and Female; the area's own value
 * and its deprivation deciles), and a command that takes them all sums or
 * compares two series as if they were one.  Every command chooses with the
 * same words (--sex, --age, --category-type, --category, --area-type), read
 * into an hg_select, and refuses a request that would still mix series
 * (HG_ERR_AMBIGUOUS, the series listed) rather than guess.
 *
 * The table's columns are found by name, whatever the export: sex/Sex,
 * age/Age, category_type/Category Type, category/Category, area_type/Area Type
 * (the FingertipsNext extract, recognised by its IndicatorId and AgeID columns,
 * has CategoryType and Category swapped, and they are swapped back).
 */
#ifndef HEALTHGAP_SELECT_H
#define HEALTHGAP_SELECT_H

#include "healthgap/status.h"
#include "healthgap/table.h"

HG_BEGIN_DECLS

/* Zero-initialised = every row.  Strings are borrowed. */
typedef struct hg_select {
  const char *sex;           /* --sex: Persons, Male or Female (any case) */
  const char *age;           /* --age: the age group as written in the file */
  const char *category_type; /* --category-type: the breakdown as written; "" = the rows
                                without one (the areas' own values) */
  const char *category;      /* --category: the category as written ("" = none) */
  const char *area_type;     /* --area-type: as written in the file (any case) */
} hg_select;

/* 1 when any field of s is set. */
int hg_select_any(const hg_select *s);
/* 1 when a row with these cells (NULL reads as "") is one s asks for. */
int hg_select_match(const hg_select *s, const char *sex, const char *age, const char *category_type,
                    const char *category, const char *area_type);

/* Keeps the rows of t that s asks for (hg_table_keep_rows: lines are kept).
 * HG_ERR_NOT_FOUND, t unchanged, when s names a column the table does not
 * have, a value no row has (err lists the values the column has, with their
 * row counts), or values that no row has together. */
hg_status hg_table_select(hg_table *t, const hg_select *s, hg_error *err);

/* Checks that the rows which share the cells of the group columns (NULL-
 * terminated names; absent ones are ignored; none = the whole table is one
 * group) form one series: they do not differ in sex, age, category type or
 * category.  A column named in group or in exempt (NULL-terminated, may be
 * NULL: columns a method reads, such as an age band) is not checked.
 * HG_ERR_AMBIGUOUS with err naming the column, the group where it first
 * differs (file line of the row), the values the file has and the option that
 * chooses one. */
hg_status hg_table_one_series(const hg_table *t, const char *const *group,
                              const char *const *exempt, hg_error *err);

HG_END_DECLS
#endif
