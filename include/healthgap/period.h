/* healthgap/period.h: time periods as Fingertips writes them (part of the floor:
 * every layer may use it). */
#ifndef HEALTHGAP_PERIOD_H
#define HEALTHGAP_PERIOD_H

#include <stddef.h>
#include <stdint.h>

#include "healthgap/status.h"

HG_BEGIN_DECLS

/* Fingertips year types (its TimePeriodFormatter; docs/ingest.md, Time periods). */
typedef enum hg_year_type {
  HG_YEAR_UNKNOWN = 0,
  HG_YEAR_CALENDAR = 1,
  HG_YEAR_FINANCIAL = 2,
  HG_YEAR_ACADEMIC = 3,
  HG_YEAR_FINANCIAL_ROLLING_QUARTER = 4,
  HG_YEAR_CALENDAR_ROLLING_QUARTER = 5,
  HG_YEAR_CALENDAR_ROLLING_MONTH = 6,
  HG_YEAR_FINANCIAL_CUMULATIVE_QUARTER = 7,
  HG_YEAR_AUG_JUL = 8,
  HG_YEAR_MAR_FEB = 9,
  HG_YEAR_FINANCIAL_MULTI_YEAR_QUARTER = 10,
  HG_YEAR_JUL_JUN = 13
} hg_year_type;

/* A parsed time period.  sortable follows Fingertips' `Time period Sortable`
 * (YYYYQQMM of the start: 20170000 for 2017, 2017/18 and 2017 - 19).
 * start_month is 1-12 (1 = January for calendar years, 4 for financial years);
 * length_months is the span (12 for a year, 36 for `2017 - 19`, 3 for a quarter). */
typedef struct hg_period {
  int start_year;
  int start_month;
  int quarter; /* 1-4 for quarterly periods, else 0 */
  int length_months;
  hg_year_type year_type;
  int64_t sortable;
} hg_period;

/* Parses a Fingertips time-period text (`2019`, `2019/20`, `2017 - 19`,
 * `2017/18 - 19/20`, `2019 Q1`, `2019/20 Q1`, `Jan 2020`, `Aug 2019 - Jul 2020`,
 * rolling quarters...).  HG_ERR_PARSE if not recognised. */
hg_status hg_period_parse(const char *text, size_t len, hg_period *out);

/* The midpoint of a period in decimal years (2017 - 19 -> 2018.5), for trends. */
double hg_period_mid_year(const hg_period *p);

/* A period known only by its `Time period Sortable` (YYYYQQMM): start year,
 * quarter or month from the digits, length 12, 3 or 1 months, year type
 * HG_YEAR_UNKNOWN.  HG_ERR_PARSE unless 8 digits with QQ <= 4 and MM <= 12.
 * The readers use it when a period text is not recognised but the file has
 * the sortable column. */
hg_status hg_period_from_sortable(int64_t sortable, hg_period *out);

/* A point in time: decimal Unix seconds ("1704067200") or ISO 8601 with a
 * zone ("2024-01-01T00:00:00Z").  HG_ERR_RANGE if neither.  (The run time,
 * --timestamp and the config's timestamp.) */
hg_status hg_time_parse(const char *text, int64_t *unix_seconds);

HG_END_DECLS

#endif
