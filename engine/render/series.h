/* engine/render/series.h: narrowing a chart's rows to one series (series.c).
 * Not public API. */
#ifndef HEALTHGAP_RENDER_SERIES_H
#define HEALTHGAP_RENDER_SERIES_H

#include "render/spec.h"

/* The rows a chart of indicator ind may use: one age per indicator and one
 * row per key (see series.c for the rules).  allow_default: choose the
 * headline series instead of refusing an ambiguous request (packs).  *out is
 * a new array of row copies (free with g_array_free(, TRUE)); *note (g_free,
 * may be NULL) says which age was chosen by default; *repeats counts the rows
 * left out as repeats of an earlier key.  HG_ERR_AMBIGUOUS or
 * HG_ERR_NOT_FOUND with err naming the choice to make. */
hg_status spec_one_series(GArray *rows, const char *ind, const hg_chart_request *req,
                          int allow_default, GArray **out, char **note, size_t *repeats,
                          hg_error *err);

#endif
