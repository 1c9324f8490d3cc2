/* engine/render/render.h: the pieces of the render stage (render/stage.c)
 * shared with its chart data (from_results.c), text pages (pages_text.c) and
 * inequality pages (pages_ineq.c).  Not public API. */
#ifndef HEALTHGAP_RUN_RENDER_H
#define HEALTHGAP_RUN_RENDER_H

#include <glib.h>

#include "healthgap/chart_data.h"
#include "healthgap/indicator_registry.h"
#include "healthgap/table.h"
#include "store/context.h"

#define OGL "Contains public sector information licensed under the Open Government Licence v3.0."
#define SYNTH_NOTE "SYNTHETIC data: made up, not real (see the cover). "
#define OS_NOTE "Boundaries: contains OS data (c) Crown copyright and database right 2023."

typedef struct {
  char *heading;         /* text page, or NULL for a chart page */
  GPtrArray *lines;      /* char* */
  hg_chart_built *built; /* chart page */
  hg_chart_spec spec;    /* copy of the built spec with our footnote */
  char *footnote, *source;
  char *png;             /* charts/<...>.png to write too, or NULL */
  char *title;           /* the spec's title with SYNTHETIC added, or NULL */
  const char *section;   /* contents entry shared by consecutive pages, or NULL (title) */
  hg_chart_point *pts;   /* the kept points (keep_points), or NULL */
  hg_chart_series *sers; /* the kept series of an overview (pages_area.c), or NULL */
  hg_chart_series ser;
  hg_boundaries *geo, *outline; /* owned subsets (ICB maps), or NULL */
  hg_chart_recording *rec;      /* drawn by a render worker */
  hg_status rec_st;
  int png_ok;
  int synthetic;             /* drawn from a synthetic input (the cover then warns) */
  int png_errno;             /* why the PNG could not be written (errno), else 0 */
  gpointer owned;            /* storage a page builder hangs on the page (the points and
                                texts of a spec it made, its chart data), or NULL */
  GDestroyNotify owned_free; /* frees owned after the built chart; NULL = g_free */
  const char *indicator;     /* the request's indicator (borrowed from the run), or NULL */
} page;

typedef struct {
  run_ctx *ctx;
  hg_chart_data *ind, *ineq;             /* the results as chart data (from_results.c); ineq NULL
                                            when the run has no inequality results */
  const hg_boundaries *boroughs, *msoas; /* the ingest stage's (run_file.boundaries) */
  const hg_indicator_registry *reg;      /* the run's (ctx->registry) */
  const hg_table *icb_lookup;            /* the borough -> ICB lookup input (LA_code, LA_name,
                                            ICB_code, ICB_name), as ingest read it */
  GHashTable *names;                     /* area code -> area name (borrowed from the results) */
  GPtrArray *plans;                      /* plan*, in output order */
  guint flushed;                         /* plans before this are drawn, written and emptied */
  size_t skipped;
  char *failed;      /* the first pack or chart that could not be written (g_free), or NULL */
  int failed_errno;  /* its errno (ENOSPC, EFBIG...), or 0 when not a file error */
  int any_synthetic; /* some area row comes from a synthetic input (overviews, spines) */
  /* Provenance (render/pages_text.c, from the config's [input.NAME] keys): */
  GHashTable *synthetic;      /* "id\x1fcategory_type" of rows from a synthetic input */
  GHashTable *sources;        /* indicator id -> GString "a; b": its inputs' declared sources */
  GHashTable *licences;       /* indicator id -> GString: its inputs' declared licences */
  char *licence;              /* the licences of the inputs, or OGL when none declares one */
  char *footer;               /* every text page's footer */
  char *area_group;           /* what the boroughs of the data are ("boroughs of North West
                                 London"), for the spine's range */
  struct hg_changes *changes; /* results/changes.csv in memory (pages_findings.c), or NULL */
  int changes_done;           /* changes computed (once a run) */
} render;

/* ---- render/stage.c: chart pages ---- */
void render_page_free(gpointer p); /* a page* of a pages array */
/* One chart page appended to pages from a request (the registry's source and
 * the licence in its footnote, SYNTHETIC where the data is); NULL (and
 * counted as skipped) when the data cannot support it. */
page *render_chart_page(render *R, GPtrArray *pages, const hg_chart_request *req,
                        const hg_chart_data *data, const char *png);
int render_is_synthetic(const render *R, const hg_chart_request *req);
void render_mark_synthetic(page *p);
void render_add_note(page *p, const char *note);
void render_section(GPtrArray *pages, guint first, const char *name);
size_t render_finite_points(const page *p);
void render_drop_last(render *R, GPtrArray *pages);
/* Keeps the points of p's first series in keep (England, London always),
 * pin as the highlighted comparator; the number of other areas kept. */
size_t render_keep_points(page *p, GHashTable *keep, const char *pin);
/* Plans pages as the pack file rel (taking pages). */
void render_add_plan(render *R, GPtrArray *pages, const char *rel, const char *title);
/* An empty page list that frees its pages. */
GPtrArray *render_pages_new(void);

/* ---- render/pages_area.c: ICB pages per indicator, borough packs ---- */
/* Overview, then a map and a compare chart per indicator, then trends of
 * the ICB, for the boroughs in scope. */
void render_icb_indicator_pages(render *R, GPtrArray *pages, const char *icb, const char *icb_name,
                                GPtrArray *boroughs, GHashTable *scope);
/* The packs of [packs] boroughs; HG_ERR_NOT_FOUND (err) for a listed borough
 * without results. */
hg_status render_borough_packs(render *R, hg_error *err);

/* ---- render/from_results.c: chart data of the run's results in memory ---- */
/* A result number as the results files publish it (so as a reader gets it back). */
double render_published(double v);
hg_chart_data *render_indicators_data(const run_ctx *ctx);
/* NULL when the run has no inequality results. */
hg_chart_data *render_inequalities_data(const run_ctx *ctx);

/* ---- render/pages_text.c: text pages and names ---- */
page *render_text_page(GPtrArray *pages, const char *heading);
void render_line(page *p, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
GPtrArray *render_indicators_with(const run_ctx *ctx, const char *prefix);
const char *render_ind_name(const render *R, const char *id);
/* A unit as a reader reads it: "ug/m3" as µg/m³, others as given (NULL stays NULL). */
const char *render_unit_text(const char *unit);
const char *render_area_name(const render *R, const char *code);
char *render_one_decimal(double v); /* g_free */
page *render_cover(render *R, GPtrArray *pages, const char *title, const char *scope);
/* The cover's warning, when some page of the pack is synthetic. */
void render_cover_synthetic(render *R, page *cover, GPtrArray *pages);
/* Provenance of the run's inputs into R (synthetic, sources, licences, licence,
 * footer, area_group); render_provenance_free releases it. */
void render_provenance(render *R);
void render_provenance_free(render *R);
/* The declared sources of the rows a chart request draws, or NULL. */
const char *render_source_for(const render *R, const hg_chart_request *req);
/* 1 for an input declared synthetic, or named synthetic_* when undeclared. */
int render_input_synthetic(const run_file *f);
void render_targets_page(render *R, GPtrArray *pages, const char *const *areas, size_t nareas);
void render_methods_page(render *R, GPtrArray *pages);
void render_contents_page(page *contents, GPtrArray *pages, guint first_numbered);

/* ---- render/pages_ineq.c: deprivation and ethnic-group pages ---- */
/* png_dir: also write each chart as charts/<png_dir>/...png (NULL: none). */
void render_deprivation_pages(render *R, GPtrArray *pages, GHashTable *scope, const char *png_dir);
/* A borough pack's: its own gradients, with its MSOAs ranked within it (or a
 * page saying why an MSOA indicator has none). */
void render_borough_deprivation_pages(render *R, GPtrArray *pages, const char *borough);
/* London (when it has ethnic-group rows) and the borough with the most. */
void render_ethnic_areas(const render *R, const char *areas[2], size_t *n);
void render_ethnic_pages(render *R, GPtrArray *pages, const char *area);
/* A table of the widest ethnic gap of each indicator of each area. */
void render_ethnic_summary(render *R, GPtrArray *pages, const char *const *areas, size_t n);
/* ---- render/pages_statement.c: an ICB pack's Core20PLUS5 section (Core20 share,
 * ethnic composition, the statement's breakdown tables from results/statement.csv) ---- */
void render_statement_pages(render *R, GPtrArray *pages, const char *icb, const char *icb_name,
                            GPtrArray *boroughs);
/* ---- render/pages_completeness.c: not stated / unknown shares (results/completeness.csv) ---- */
/* "Not stated or unknown, PERIOD: 3.2% of N people ..." for the latest period
 * of (id, area, category type ctype), or NULL without a row (g_free). */
char *render_completeness_note(const render *R, const char *id, const char *area,
                               const char *ctype);
/* A table of the ethnic breakdowns of areas[0..n): the latest and highest
 * share and the periods above the threshold. */
void render_completeness_pages(render *R, GPtrArray *pages, const char *const *areas, size_t n);

/* ---- render/pages_methods.c: methods and definitions ---- */
/* Each method in words with its reference, what is approximate, and the
 * indicators' definitions (render_methods_page adds the input files after). */
void render_methods_section(render *R, GPtrArray *pages);

/* ---- render/pages_findings.c: key findings ---- */
/* The key findings pages for the areas in scope (a set of codes); who names
 * them ("London and its boroughs"). */
void render_findings_pages(render *R, GPtrArray *pages, GHashTable *scope, const char *who);
void render_findings_free(render *R);
/* The indicator's short name (registry), else its name, else its id. */
const char *render_ind_short(const render *R, const char *id);
/* "7.13 (95% CI 6.91 to 7.36)" with enough decimals (>= min_dec) that the
 * ends differ; g_free. */
char *render_value_ci(double v, double lo, double hi, int min_dec);
/* The gap_trend column in words (never empty). */
const char *render_gap_trend_words(const char *t);

/* ---- render/pages_gaps.c: sex and age gaps, funnel plots ---- */
/* A page per indicator with sex (Male - Female) or age gaps in the results,
 * its boroughs (those of scope, or every one when scope is NULL) with England,
 * London and the ICBs of scope. */
void render_gap_pages(render *R, GPtrArray *pages, GHashTable *scope);
/* A funnel plot per indicator with counts and denominators for the boroughs. */
void render_funnel_pages(render *R, GPtrArray *pages);

/* ---- render/pages_segment.c: the life expectancy gap decomposed ---- */
/* London pack (icb NULL): most against least deprived quintile of boroughs,
 * London against England; ICB pack: the ICB and each of its boroughs against
 * London and England, from the run's Arriaga rows. */
void render_segment_pages(render *R, GPtrArray *pages, const char *icb, GPtrArray *boroughs);

/* ---- render/pages_pyramid.c: population pyramids ---- */
/* The population pyramid of the ICB (its boroughs summed) from the population
 * inputs by sex and single year of age, England as lines.  An input with that
 * shape whose cells are not counts of people is refused with a warning. */
void render_pyramid_page(render *R, GPtrArray *pages, const char *icb, GPtrArray *boroughs);

#endif
