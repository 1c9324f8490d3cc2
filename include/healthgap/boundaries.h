/* healthgap/boundaries.h: area boundaries read from GeoJSON (engine/ingest).
 *
 * The one GeoJSON reader of the project: a run's ingest stage reads each
 * boundaries input once with it and the render stage maps what it read;
 * `healthgap chart map --boundaries` reads its file with it too.  The polygons
 * are the plain data type of healthgap/chart.h (hg_boundaries), which the chart
 * module draws without reading any file.
 *
 * Ownership: hg_boundaries_read and hg_boundaries_subset return a new object
 * that the caller frees with hg_boundaries_free; every string and array in it
 * belongs to it.  Thread safety: each call has its own parser; an object may be
 * read from several threads at once.
 */
#ifndef HEALTHGAP_BOUNDARIES_H
#define HEALTHGAP_BOUNDARIES_H

#include <stddef.h>

#include "healthgap/chart.h"
#include "healthgap/status.h"

HG_BEGIN_DECLS

/* Reads a FeatureCollection of Polygon/MultiPolygon features (EPSG:4326 or BNG
 * metres).  code_prop names the property holding the area code (NULL = try
 * "AreaCode", then any property ending "CD"); the name is the first property
 * ending "NM".  Features without coordinates are skipped (counted in
 * features_read).  HG_ERR_IO (unreadable), HG_ERR_PARSE (not JSON),
 * HG_ERR_FORMAT (not a FeatureCollection), HG_ERR_EMPTY (no polygon), with err
 * naming the file; *out is NULL then. */
hg_status hg_boundaries_read(const char *path, const char *code_prop, hg_boundaries **out,
                             hg_error *err);
void hg_boundaries_free(hg_boundaries *g); /* NULL-safe */

/* Accessors (0 / NULL out of range or for NULL g). */
size_t hg_boundaries_count(const hg_boundaries *g);
const char *hg_boundaries_code(const hg_boundaries *g, size_t i);
const char *hg_boundaries_name(const hg_boundaries *g, size_t i);
size_t hg_boundaries_rings(const hg_boundaries *g, size_t i);

/* A deep copy of the features of g whose code is one of codes[0..n), with the
 * extent of those features only (a map of it zooms to them: an ICB's MSOAs,
 * its boroughs as the outline).  HG_ERR_EMPTY if none matches (*out NULL),
 * HG_ERR_RANGE for a NULL argument. */
hg_status hg_boundaries_subset(const hg_boundaries *g, const char *const *codes, size_t n,
                               hg_boundaries **out);

HG_END_DECLS
#endif
