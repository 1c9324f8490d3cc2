/* healthgap/pack.h: evidence packs, multi-page PDFs of text pages and charts.
 *
 * A pack is an A4 landscape PDF (842 x 595 pt): text pages (cover, contents,
 * targets, methods and sources) drawn with the chart module's pinned font, and
 * chart pages (hg_chart_spec).  Every page carries the pack's footer (source,
 * licence) and its page number; every date comes from meta.timestamp, so the
 * same pages and timestamp give the same bytes.  Implemented in
 * charts/pack.c; the run assembles the pages (engine/render/stage.c).
 */
#ifndef HEALTHGAP_PACK_H
#define HEALTHGAP_PACK_H

#include <stddef.h>
#include <stdint.h>

#include "healthgap/chart.h"
#include "healthgap/status.h"

HG_BEGIN_DECLS

#define HG_PACK_WIDTH_PT 842.0
#define HG_PACK_HEIGHT_PT 595.0

typedef struct hg_pack_meta {
  const char *title;  /* PDF title and running header */
  const char *footer; /* attribution on every text page (licence, sources) */
  int64_t timestamp;  /* Unix seconds: PDF creation date and printed dates */
} hg_pack_meta;

typedef struct hg_pack hg_pack;

/* Opens path for writing.  HG_ERR_IO / HG_ERR_RENDER. */
hg_status hg_pack_open(const char *path, const hg_pack_meta *meta, hg_pack **out);
/* A text page: heading (large), then lines in order; a line starting with
 * "# " is a subheading, an empty line a gap; consecutive lines starting with
 * '|' are a table ("|cell|cell", at most 12 cells a row; the first row is the
 * header), its columns as wide as their text while they fit, else wrapped.
 * Lines that do not fit are cut and the page says so.  A cell starting with
 * HG_PACK_CELL_SIG and the letter 'a' + an hg_chart_sig (e.g. "\001b" for
 * HG_CHART_SIG_BETTER) is drawn with a swatch of that significance colour
 * before its text (Fingertips' colours in a table). */
#define HG_PACK_CELL_SIG "\001"
hg_status hg_pack_text_page(hg_pack *p, const char *heading, const char *const *lines, size_t n);
/* One chart on a page (spec's own title, subtitle, source and footnote). */
hg_status hg_pack_chart_page(hg_pack *p, const hg_chart_spec *spec);
/* A chart recorded beforehand (hg_chart_record, possibly on another thread, at
 * HG_PACK_WIDTH_PT x HG_PACK_HEIGHT_PT) as the next page: the same bytes as
 * hg_pack_chart_page of the same spec, so pages can be drawn in parallel and
 * written in order. */
hg_status hg_pack_recording_page(hg_pack *p, const hg_chart_recording *rec);
size_t hg_pack_page_count(const hg_pack *p);
/* Finishes and frees (NULL-safe); the first error seen on the pack
 * (HG_ERR_IO with errno set as hg_pdf_close says). */
hg_status hg_pack_close(hg_pack *p);

HG_END_DECLS
#endif
