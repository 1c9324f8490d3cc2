/* engine/publish/workbook.h: what workbook.c and workbook_meta.c share
 * while they write results/healthgap.xlsx (publish.h: run_write_workbook).
 * The only header that includes libxlsxwriter (tests/tools/layers.sh keeps
 * it in engine/publish).  Not public API. */
#ifndef HEALTHGAP_PUBLISH_WORKBOOK_H
#define HEALTHGAP_PUBLISH_WORKBOOK_H

#include <xlsxwriter.h>

#include "healthgap/chart.h"
#include "healthgap/table.h"
#include "publish/publish.h"

#define WB_REL "results/healthgap.xlsx"
enum {
  WB_MAX_DECIMALS = 6, /* number formats "0" .. "0.000000" */
  WB_MAX_WIDTH = 60,   /* widest column, in characters */
  WB_MAX_TEXT = 32767  /* Excel's longest text cell, in characters */
};

/* The workbook being written. */
typedef struct wb {
  run_ctx *ctx;
  lxw_workbook *book;
  lxw_format *header, *heading, *wrap;
  lxw_format *num[WB_MAX_DECIMALS + 1]; /* made on first use */
  lxw_format *fill[HG_CHART_SIG_COUNT]; /* the comparison classes */
  lxw_error lxw_err;                    /* the first write that failed */
  GPtrArray *sheets;                    /* char*: the results sheets written, in order */
  GPtrArray *ids;                       /* char* (keys of id_names): indicators, first seen first */
  GHashTable *id_names;                 /* indicator_id -> indicator_name ("" unknown) */
} wb;

/* One results sheet while it is written. */
typedef struct wb_sheet {
  const char *name;
  hg_table *t; /* the staged CSV */
  lxw_worksheet *ws;
  char *text;       /* per column: 1 = always text */
  double *width;    /* per column: widest cell so far */
  long id_col;      /* indicator_id, or -1 */
  long measure_col; /* measure (inequalities), or -1 */
  const char *last_id;
  int last_decimals;
  size_t long_row, long_col; /* a cell too long for Excel (long_row > 0: 1-based row) */
} wb_sheet;

/* Keeps the first libxlsxwriter error; returns e. */
lxw_error wb_note_error(wb *W, lxw_error e);
/* err = "cannot write results/healthgap.xlsx: <why>" naming what; with
 * errno's text for the errors that come from the system.  HG_ERR_IO. */
hg_status wb_fail(wb *W, const char *what, lxw_error e, hg_error *err);
/* Column widths, the frozen header row and the autofilter of a sheet of
 * nrows rows under its header. */
void wb_finish_sheet(wb *W, lxw_worksheet *ws, size_t nrows, size_t ncols, const double *width);

/* workbook_meta.c: the indicators of a results table (its indicator_id
 * and indicator_name columns) for the Definitions sheet; the Definitions
 * and Sources sheets. */
void wb_collect_indicators(wb *W, const hg_table *t);
hg_status wb_write_definitions(wb *W, const char *path, hg_error *err);
hg_status wb_write_sources(wb *W, const char *path, hg_error *err);

#endif
