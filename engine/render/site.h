/* engine/render/site.h: the offline HTML dashboard (site/ of a run folder),
 * written by the render stage from the rows in memory and the same chart
 * specs as the packs, each chart inline as SVG (hg_chart_write_svg).  Not
 * public API.
 *
 * site.c plans and writes the pages; site_pages.c fills the London, ICB and
 * indicator pages; site_html.c holds the HTML helpers (escaping, the page
 * frame, sortable tables, charts with their data tables) and the stylesheet
 * and script, which are ours and written beside the pages.  Every page is
 * deterministic: areas in code order, indicators in results order, no date
 * but the run's. */
#ifndef HEALTHGAP_RENDER_SITE_H
#define HEALTHGAP_RENDER_SITE_H

#include "render/render.h"

/* site/ in the staging folder when [pack] site is on; HG_ERR_IO (err names
 * the file and errno) when a page cannot be written. */
hg_status render_site(render *R, hg_error *err);

/* ---- shared by the site files ---- */

typedef struct {
  render *R;
  GPtrArray *ids;     /* indicator ids with borough rows, results order (borrowed) */
  GPtrArray *icbs;    /* ICB codes, code order (g_free) */
  GHashTable *latest; /* "id\x1f" "area" -> const res_row*: the latest row of the
                         indicator's headline series (Persons, no category) */
  GHashTable *at;     /* "id\x1f" "area\x1f" "period" -> the row of that series */
  GPtrArray *extra;   /* page* of deprivation and ethnic charts (render_page_free) */
  guint nchart;       /* charts drawn so far on the page (their id prefixes) */
  GString *page;      /* the page being written */
  char *current;      /* its file name (g_free) */
} site;

/* site_html.c */
void site_esc(GString *o, const char *text); /* escaped, bidi controls removed */
void site_head(site *S, const char *file, const char *title);
void site_foot(site *S);
/* A sortable table: caption, column headers (NULL-terminated; a header
 * starting with '#' is numeric: the '#' is dropped), and the CSV the table
 * comes from (relative to the run folder).  Rows: site_row_begin, site_cell*,
 * site_row_end; then site_table_end. */
void site_table_begin(site *S, const char *caption, const char *const *cols);
void site_row_begin(site *S, const char *row_header, const char *href);
void site_cell(site *S, const char *text, double sort, const char *cls);
void site_row_end(site *S);
void site_table_end(site *S, const char *csv);
/* A chart page as a figure: the SVG in both palettes and its data as a table. */
void site_chart(site *S, const page *p, const char *csv);
/* "<id>.html" for an indicator, "icb-<code>.html" for an ICB (g_free). */
char *site_ind_file(const char *id);
char *site_icb_file(const char *code);
/* A value with the indicator's decimals ("" when NAN); buf of 48 bytes. */
const char *site_num(const site *S, const char *id, double v, char *buf);
/* The CSS class of a comparison label ("s-better", ...). */
const char *site_sig_class(const char *label);
extern const char *const site_css[]; /* lines, NULL-terminated */
extern const char *const site_js[];

/* site_pages.c */
void site_home(site *S);
void site_icb(site *S, const char *icb, const char *name);
void site_indicator(site *S, const char *id);

#endif
