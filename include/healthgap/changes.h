/* healthgap/changes.h: what changed between two published results/indicators.csv
 * files (results/changes.csv: change_type, indicator_id, area_code, period, sex,
 * category, before, after).
 *
 * Implemented in engine/analyse/changes.c.  Rows are matched on indicator_id,
 * area_code, period, sex, age, category_type, category (the columns of
 * results/indicators.csv, found by name).  change_type is one of:
 *   new_period             a row (period) not in the previous file; after = value
 *   removed                a previous row gone from the new file; before = value
 *   value_revised          same row, value differs (or appeared / was withdrawn)
 *   significance_england   compared_to_england label changed on the same row
 *   significance_london    compared_to_london label changed on the same row
 *   trend_changed          recent_trend of a series' latest row changed (series =
 *                          the row key without period; period = the new latest)
 *   target_status_changed  target_status of a series' latest row changed
 * Output is sorted by change_type, indicator_id, area_code, period, sex,
 * category.  The changes object owns its strings.
 */
#ifndef HEALTHGAP_CHANGES_H
#define HEALTHGAP_CHANGES_H

#include <stddef.h>
#include <stdio.h>

#include "healthgap/status.h"
#include "healthgap/table.h"

HG_BEGIN_DECLS

typedef struct hg_change {
  const char *change_type, *indicator_id, *area_code, *period, *sex, *category, *before, *after;
} hg_change;

typedef struct hg_changes hg_changes;

/* Compares two indicators.csv tables (borrowed).  HG_ERR_FORMAT (err names the
 * file and the missing column) if either lacks indicator_id, area_code, period
 * or value; the other key and label columns are optional.  HG_ERR_NOMEM. */
hg_status hg_changes_compare(const hg_table *previous, const hg_table *current, hg_changes **out,
                             hg_error *err);
/* Same, reading both files, each streamed (only the compared fields are
 * kept).  With jobs >= 2 the two are read at once, the previous on a thread
 * of its own (each side has its own texts until they are joined), which halves
 * a rerun's comparing on two cores; the result and the error are those of
 * jobs 1 (the previous file's error first). */
hg_status hg_changes_compare_files(const char *previous_path, const char *current_path, int jobs,
                                   hg_changes **out, hg_error *err);
size_t hg_changes_size(const hg_changes *c);
/* Entry i (borrowed; valid until hg_changes_free). */
const hg_change *hg_changes_at(const hg_changes *c, size_t i);
void hg_changes_free(hg_changes *c);
/* Writes results/changes.csv (BOM, CRLF, header, sorted); c NULL writes the
 * header alone (a first run: nothing to compare with).  HG_ERR_IO. */
hg_status hg_changes_write_csv(const hg_changes *c, FILE *fp);

HG_END_DECLS
#endif
