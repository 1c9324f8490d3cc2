/* engine/render/pages_targets.h: the targets pages of a pack (tracker table
 * and trajectories, render/pages_targets.c).  Not public API. */
#ifndef HEALTHGAP_RENDER_PAGES_TARGETS_H
#define HEALTHGAP_RENDER_PAGES_TARGETS_H

#include <glib.h>

#include "healthgap/chart.h"
#include "healthgap/projection.h"
#include "render/render.h"

/* The tracker table, then one trajectory chart per dated target and sex, for
 * the areas of a pack (London: England, London and its ICBs; an ICB: as
 * given, the ICB then its boroughs); a text page when there is nothing. */
void render_target_pages(render *R, GPtrArray *pages, const char *const *areas, size_t nareas);

/* The fitted trend a trajectory chart draws: the series (years ascending,
 * 95% limits may be NAN) fitted by hg_projection_fit(method, scale) and
 * evaluated every year from the first observed year, then at target_year,
 * each point with its 95% prediction interval (x = year, value, lower,
 * upper); it stops at the projection's horizon.  *out (g_free) gets the
 * points, the return value their number: 0 (and *out NULL) when there is no
 * fit or no target year. */
size_t render_trajectory_fit(hg_projection_method method, double scale, const double *years,
                             const double *value, const double *lower, const double *upper,
                             size_t n, double target_year, hg_chart_point **out);

#endif
