/* engine/render/site.h: the offline HTML dashboard (site/ of a run folder),
 * written by the render stage from the rows in memory and the same chart
 * specs as the packs, each chart inline as SVG (hg_chart_write_svg).  Not
 * public API.
 *
 * site.c plans and writes the pages; site_pages.c fills the London, ICB,
 * borough and indicator pages; site_why.c says why a cell is empty;
 * site_svg.c shares the charts' glyphs within a page and compacts their
 * SVG; site_html.c holds the HTML helpers (escaping, the page frame,
 * sortable tables, charts with their data tables) and site_assets.c the
 * stylesheet and script, which are ours and written beside the pages.  Every
 * page is deterministic: areas in code order, indicators in results order,
 * no date but the run's. */
#ifndef HEALTHGAP_RENDER_SITE_H
#define HEALTHGAP_RENDER_SITE_H

#include "render/render.h"

/* site/ in the staging folder when [pack] site is on; HG_ERR_IO (err names
 * the file and errno) when a page cannot be written. */
hg_status render_site(render *R, hg_error *err);

/* ---- shared by the site files ---- */

typedef struct {
  render *R;
  GPtrArray *ids;      /* indicator ids with borough rows, results order (borrowed) */
  GPtrArray *icbs;     /* ICB codes, code order (g_free) */
  GPtrArray *boroughs; /* borough codes with a page ([packs] boroughs), by name (borrowed) */
  GHashTable *latest;  /* "id\x1f" "area" -> const res_row*: the latest row of the
                          indicator's headline series (Persons, no category) */
  GHashTable *at;      /* "id\x1f" "area\x1f" "period" -> the row of that series */
  GHashTable *blank;   /* "id\x1f" "area" -> the latest row of the headline series
                          without a value (suppressed, not published), for the reasons */
  GHashTable *glyphs;  /* outline -> page-wide glyph id (site_svg.c) */
  GString *glyph_defs; /* the page's shared glyph symbols */
  gsize glyph_at;      /* where they go in the page (after <body>) */
  GPtrArray *extra;    /* page* of deprivation and ethnic charts (render_page_free) */
  const char *ind;     /* the indicator of the page, NULL on an area's page */
  guint nchart;        /* charts drawn so far on the page (their id prefixes) */
  GString *page;       /* the page being written */
  char *current;       /* its file name (g_free) */
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
char *site_borough_file(const char *code); /* "borough-<code>.html" */
/* A value with the indicator's decimals ("" when NAN); buf of 48 bytes. */
const char *site_num(const site *S, const char *id, double v, char *buf);
/* The CSS class of a comparison label ("s-better", ...). */
const char *site_sig_class(const char *label);
extern const char *const site_css[]; /* lines, NULL-terminated */
extern const char *const site_js[];

/* site.c: area codes (char **) by name, then code (R: the render). */
gint site_by_name(gconstpointer a, gconstpointer b, gpointer R);

/* site_pages.c */
void site_home(site *S);
void site_icb(site *S, const char *icb, const char *name);
void site_borough(site *S, const char *code);
void site_indicator(site *S, const char *id);

/* site_why.c: why a cell is empty, in words for the reader (g_free).  The
 * headline value of (id, area) in period (NULL: the latest) is missing;
 * *brief (when brief is not NULL) gets two or three words of it (static). */
char *site_why_no_value(const site *S, const char *id, const char *area, const char *period,
                        const char **brief);
/* The comparison with England of r (may be NULL) against England's row e
 * (may be NULL) is empty. */
char *site_why_not_compared(const site *S, const res_row *r, const res_row *e);
/* The recent trend of r (may be NULL) is empty. */
char *site_why_no_trend(const res_row *r);
/* An empty cell that says why: a dash, and the reason beside it. */
void site_cell_why(site *S, const char *why);
/* The same in a narrow cell: the brief words shown, why as its tooltip and
 * to screen readers. */
void site_cell_why_brief(site *S, const char *brief, const char *why);

/* site_svg.c: an SVG from hg_chart_write_svg appended to the page, its
 * glyph symbols moved to the page's shared set (one <symbol> per distinct
 * outline, S->glyph_defs), its <use> references renamed to them, its styles
 * compact (#rrggbb, no initial values). */
void site_svg_append(site *S, const char *svg);
/* Writes the page's glyph set at S->glyph_at (site_foot calls it). */
void site_glyphs_flush(site *S);

#endif
