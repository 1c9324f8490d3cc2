/* publish/workbook.c: results/healthgap.xlsx ([pack] workbook = true): the
 * run's results tables as one Excel workbook, for analysts who share evidence
 * in Excel.  libxlsxwriter is used here and in workbook_meta.c only
 * (tests/tools/layers.sh).
 *
 * Each sheet is read back from the CSV the run has just staged, so that it
 * holds the CSV's cells and nothing else: a cell that is a plain number is
 * the same double as the CSV's text (shown with the indicator's decimals, kept
 * whole), every other cell is text.  What the workbook adds is presentation:
 * a frozen header row, an autofilter, column widths, and the comparison cells
 * in the Fingertips colours (docs/outputs.md, results/healthgap.xlsx).
 *
 * The bytes depend on the cells and the run time only: the document's
 * created date is the run's timestamp and libxlsxwriter dates every zip
 * entry 1980-01-01, so the same inputs and --timestamp give the same file. */
#include <errno.h>
#include <math.h>
#include <string.h>

#include "healthgap/indicator_registry.h"
#include "publish/workbook.h"

#ifndef HG_VERSION
#define HG_VERSION "0.0.0"
#endif

/* The Fingertips colours of the comparison classes (docs/charts.md,
 * Palettes; the charts' own table is charts/theme.c), with the text colour
 * that keeps WCAG contrast on each fill. */
static const struct {
  lxw_color_t fill;
  int white_text;
} sig_colours[HG_CHART_SIG_COUNT] = {
    [HG_CHART_SIG_NONE] = {0xC9C9C9, 0},    [HG_CHART_SIG_BETTER] = {0x92D050, 0},
    [HG_CHART_SIG_SIMILAR] = {0xFFC000, 0}, [HG_CHART_SIG_WORSE] = {0xC00000, 1},
    [HG_CHART_SIG_LOWER] = {0x5555E6, 1},   [HG_CHART_SIG_HIGHER] = {0xBED2FF, 0},
    [HG_CHART_SIG_Q1] = {0xDED3EC, 0},      [HG_CHART_SIG_Q2] = {0xBEA7DA, 0},
    [HG_CHART_SIG_Q3] = {0x9E7CC8, 0},      [HG_CHART_SIG_Q4] = {0x7E50B6, 1},
    [HG_CHART_SIG_Q5] = {0x5E25A4, 1}};

/* The words of the columns that are not Fingertips comparisons but are
 * coloured like them: quintile classes by position (Fingertips' "Best" ..
 * "Worst" and "Lowest" .. "Highest"), target progress and RAG. */
static const struct {
  const char *column, *word;
  hg_chart_sig sig;
} words[] = {
    {"benchmark_quintile", "best", HG_CHART_SIG_Q1},
    {"benchmark_quintile", "lowest", HG_CHART_SIG_Q1},
    {"benchmark_quintile", "better", HG_CHART_SIG_Q2},
    {"benchmark_quintile", "low", HG_CHART_SIG_Q2},
    {"benchmark_quintile", "middle", HG_CHART_SIG_Q3},
    {"benchmark_quintile", "worse", HG_CHART_SIG_Q4},
    {"benchmark_quintile", "high", HG_CHART_SIG_Q4},
    {"benchmark_quintile", "worst", HG_CHART_SIG_Q5},
    {"benchmark_quintile", "highest", HG_CHART_SIG_Q5},
    {"benchmark_quintile", "not compared", HG_CHART_SIG_NONE},
    {"target_status", "achieved", HG_CHART_SIG_BETTER},
    {"target_status", "on track", HG_CHART_SIG_BETTER},
    {"target_status", "at risk", HG_CHART_SIG_SIMILAR},
    {"target_status", "off track", HG_CHART_SIG_WORSE},
    {"target_status", "not enough data", HG_CHART_SIG_NONE},
    {"status", "achieved", HG_CHART_SIG_BETTER},
    {"status", "on track", HG_CHART_SIG_BETTER},
    {"status", "at risk", HG_CHART_SIG_SIMILAR},
    {"status", "off track", HG_CHART_SIG_WORSE},
    {"status", "not enough data", HG_CHART_SIG_NONE},
    {"rag", "green", HG_CHART_SIG_BETTER},
    {"rag", "amber", HG_CHART_SIG_SIMILAR},
    {"rag", "red", HG_CHART_SIG_WORSE},
    {"rag", "not compared", HG_CHART_SIG_NONE},
};

/* The comparison class of a cell, or -1 for a cell left uncoloured. */
static int cell_class(const char *column, const char *v) {
  if (!*v)
    return -1;
  for (size_t i = 0; i < G_N_ELEMENTS(words); i++)
    if (!strcmp(column, words[i].column))
      if (!g_ascii_strcasecmp(v, words[i].word))
        return words[i].sig;
  if (!g_str_has_prefix(column, "compared_to_") && strcmp(column, "significance") != 0)
    return -1;
  if (!g_ascii_strcasecmp(v, "not compared"))
    return HG_CHART_SIG_NONE;
  hg_chart_sig s = hg_chart_sig_parse(v);
  return s == HG_CHART_SIG_NONE ? -1 : (int)s; /* a publisher's other words: as they are */
}

/* Columns that are text even when a cell looks like a number: identifiers
 * (Fingertips' numeric ids beside hg. keys), periods ("2019" beside
 * "2017 - 19"), names and labels. */
static int text_column(const char *c) {
  static const char *const suffixes[] = {"_id",     "_code",   "_name", "_type",
                                         "_source", "_labels", "period"};
  static const char *const names[] = {
      "sex",        "age",   "category", "categories", "group",  "reference_group", "labels",
      "value_note", "note",  "reason",   "component",  "source", "method",          "measure",
      "level",      "basis", "flag",     "file",       "raw",    "message"};
  for (size_t i = 0; i < G_N_ELEMENTS(suffixes); i++)
    if (g_str_has_suffix(c, suffixes[i]))
      return 1;
  for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
    if (!strcmp(c, names[i]))
      return 1;
  return 0;
}

/* Columns in the indicator's units, shown with its decimals. */
static int unit_column(const char *c) {
  static const char *const names[] = {"value",
                                      "lower_ci95",
                                      "upper_ci95",
                                      "lower_ci998",
                                      "upper_ci998",
                                      "annual_change",
                                      "annual_change_lower",
                                      "annual_change_upper",
                                      "change_difference",
                                      "change_lower",
                                      "change_upper",
                                      "group_value",
                                      "reference_value",
                                      "baseline_value",
                                      "latest_value",
                                      "target_value",
                                      "projected_value",
                                      "projected_lower",
                                      "projected_upper",
                                      "before",
                                      "after"};
  for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
    if (!strcmp(c, names[i]))
      return 1;
  return 0;
}

/* Whether column c of row r is in the indicator's units.  An inequality
 * row's value is in them for a difference (SII, gaps), not for a ratio (RII,
 * relative gap) nor an Arriaga share; its group and reference values are,
 * except Arriaga's (a percent and the total gap). */
static int in_units(const wb_sheet *S, size_t r, size_t c) {
  const char *name = hg_table_colname(S->t, c);
  if (!unit_column(name))
    return 0;
  if (S->measure_col < 0)
    return 1;
  const char *m = hg_table_cell(S->t, r, (size_t)S->measure_col);
  if (g_str_has_prefix(m, "arriaga"))
    return 0;
  if (!strcmp(name, "group_value") || !strcmp(name, "reference_value"))
    return 1;
  return !strcmp(m, "sii") || !strcmp(m, "abs_gap") || !strcmp(m, "diff_vs_ref");
}

/* The registry's decimals for row r's indicator, -1 when unknown. */
static int row_decimals(wb *W, wb_sheet *S, size_t r) {
  if (S->id_col < 0 || !W->ctx->registry)
    return -1;
  const char *id = hg_table_cell(S->t, r, (size_t)S->id_col);
  if (!S->last_id || strcmp(id, S->last_id) != 0) { /* rows come indicator by indicator */
    const hg_indicator_meta *m = hg_indicator_registry_find(W->ctx->registry, id);
    S->last_id = id;
    S->last_decimals = m ? m->decimals : -1;
  }
  return S->last_decimals;
}

/* The shared format showing d decimals ("0.0"), made on first use. */
static lxw_format *decimals_format(wb *W, int d) {
  if (d < 0 || d > WB_MAX_DECIMALS)
    return NULL;
  if (!W->num[d]) {
    char code[WB_MAX_DECIMALS + 3] = "0";
    if (d > 0) {
      code[1] = '.';
      memset(code + 2, '0', (size_t)d);
      code[d + 2] = '\0';
    }
    W->num[d] = workbook_add_format(W->book);
    format_set_num_format(W->num[d], code);
  }
  return W->num[d];
}

static void make_formats(wb *W) {
  W->header = workbook_add_format(W->book);
  format_set_bold(W->header);
  format_set_bg_color(W->header, 0xD9D9D9);
  format_set_bottom(W->header, LXW_BORDER_THIN);
  W->heading = workbook_add_format(W->book);
  format_set_bold(W->heading);
  format_set_font_size(W->heading, 13);
  W->wrap = workbook_add_format(W->book);
  format_set_text_wrap(W->wrap);
  format_set_align(W->wrap, LXW_ALIGN_VERTICAL_TOP);
  for (int s = 0; s < HG_CHART_SIG_COUNT; s++) {
    W->fill[s] = workbook_add_format(W->book);
    format_set_bg_color(W->fill[s], sig_colours[s].fill);
    if (sig_colours[s].white_text)
      format_set_font_color(W->fill[s], LXW_COLOR_WHITE);
  }
}

/* The CSV's text without the formula guard's apostrophe (docs/outputs.md): a
 * workbook's text cell is never run as a formula, so it holds the text as
 * the data gave it. */
static const char *unguarded(const char *v) {
  if (v[0] == '\'' && v[1] && strchr("=+-@\t\r", v[1]))
    return v + 1;
  return v;
}

/* 1 and *out when v is a plain number as the CSV writers write them. */
static int plain_number(const char *v, double *out) {
  size_t n = strlen(v);
  if (!n || g_ascii_isspace(v[0]) || g_ascii_isspace(v[n - 1]))
    return 0;
  return hg_parse_number(v, n, out) == HG_NUM_OK;
}

/* Display width of a number shown with d decimals (d < 0: as general). */
static double number_width(double x, int d, const char *text) {
  if (d < 0)
    return MIN((double)strlen(text), 12.0);
  double w = (double)d + (d > 0) + (x < 0) + 1;
  for (double a = fabs(x); a >= 10; a /= 10)
    w++;
  return w;
}

lxw_error wb_note_error(wb *W, lxw_error e) {
  if (e != LXW_NO_ERROR && W->lxw_err == LXW_NO_ERROR)
    W->lxw_err = e;
  return e;
}

/* Writes cell (r, c) of the table at row r + 1 of the sheet. */
static void write_cell(wb *W, wb_sheet *S, size_t r, size_t c) {
  const char *name = hg_table_colname(S->t, c);
  const char *v = unguarded(hg_table_cell(S->t, r, c));
  lxw_row_t row = (lxw_row_t)(r + 1);
  lxw_col_t col = (lxw_col_t)c;
  double x, w;
  if (!*v)
    return;
  if (!S->text[c] && plain_number(v, &x)) {
    int d = in_units(S, r, c) ? row_decimals(W, S, r) : -1;
    wb_note_error(W, worksheet_write_number(S->ws, row, col, x, decimals_format(W, d)));
    w = number_width(x, d, v);
  } else if (g_utf8_strlen(v, -1) > WB_MAX_TEXT) {
    if (!S->long_row) {
      S->long_row = r + 1;
      S->long_col = c;
    }
    return;
  } else {
    int k = cell_class(name, v);
    wb_note_error(W, worksheet_write_string(S->ws, row, col, v, k >= 0 ? W->fill[k] : NULL));
    w = (double)g_utf8_strlen(v, -1);
  }
  if (w > S->width[c])
    S->width[c] = w;
}

/* The header row, and what each column is. */
static void write_header(wb *W, wb_sheet *S) {
  size_t nc = hg_table_ncols(S->t);
  S->text = g_new0(char, nc);
  S->width = g_new0(double, nc);
  for (size_t c = 0; c < nc; c++) {
    const char *name = hg_table_colname(S->t, c);
    S->text[c] = (char)text_column(name);
    /* room for the autofilter's button */
    S->width[c] = (double)g_utf8_strlen(name, -1) + 3;
    wb_note_error(W, worksheet_write_string(S->ws, 0, (lxw_col_t)c, name, W->header));
  }
  S->id_col = hg_table_col(S->t, "indicator_id");
  S->measure_col = hg_table_col(S->t, "measure");
}

void wb_finish_sheet(wb *W, lxw_worksheet *ws, size_t nrows, size_t ncols, const double *width) {
  for (size_t c = 0; c < ncols; c++)
    wb_note_error(W, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c,
                                          CLAMP(width[c], 6.0, (double)WB_MAX_WIDTH), NULL));
  worksheet_freeze_panes(ws, 1, 0);
  if (ncols)
    wb_note_error(W, worksheet_autofilter(ws, 0, 0, (lxw_row_t)nrows, (lxw_col_t)(ncols - 1)));
}

/* Whether Excel can hold the table (rows with the header, columns). */
static hg_status check_size(const wb_sheet *S, const char *path, hg_error *err) {
  size_t nr = hg_table_nrows(S->t), nc = hg_table_ncols(S->t);
  if (nr + 1 <= LXW_ROW_MAX && nc <= LXW_COL_MAX)
    return HG_OK;
  hg_error_set(err, path, 0, NULL,
               "%zu rows and %zu columns: more than an Excel sheet holds (%d rows with the header, "
               "%d columns); set [pack] workbook = false",
               nr, nc, LXW_ROW_MAX, LXW_COL_MAX);
  return HG_ERR_FORMAT;
}

/* The sheet's rows on disk so far.  libxlsxwriter streams them to a
 * temporary file (constant memory) and does not check those writes: a full
 * disk or a file size limit would publish a truncated sheet, so the run
 * checks the file itself and names the system's reason. */
static hg_status check_rows_file(const wb_sheet *S, const char *path, hg_error *err) {
  FILE *fp = S->ws->optimize_tmpfile;
  errno = 0;
  if (!fp || (fflush(fp) == 0 && !ferror(fp)))
    return HG_OK;
  hg_error_set(err, path, 0, NULL, "cannot write %s: the temporary file of sheet %s: %s", WB_REL,
               S->name, strerror(errno ? errno : EIO));
  return HG_ERR_IO;
}

/* A text longer than an Excel cell holds: the CSV's line and column. */
static hg_status too_long(const wb_sheet *S, const char *path, hg_error *err) {
  hg_error_set(err, path, hg_table_line(S->t, S->long_row - 1), hg_table_colname(S->t, S->long_col),
               "a text of more than %d characters, longer than an Excel cell holds; set [pack] "
               "workbook = false",
               WB_MAX_TEXT);
  return HG_ERR_FORMAT;
}

/* The sheet of one staged CSV (rel "results/NAME.csv", sheet NAME). */
static hg_status write_table_sheet(wb *W, const char *rel, hg_error *err) {
  char *path = g_build_filename(W->ctx->staging, rel, NULL);
  char *name = g_path_get_basename(rel);
  name[strlen(name) - strlen(".csv")] = '\0';
  hg_table_options opt = {.cancel = W->ctx->cancel};
  wb_sheet S = {.name = name};
  hg_status st = hg_table_read(path, &opt, &S.t, err);
  if (st == HG_OK)
    st = check_size(&S, path, err);
  if (st == HG_OK && !(S.ws = workbook_add_worksheet(W->book, name)))
    st = wb_fail(W, path, LXW_ERROR_CREATING_TMPFILE, err);
  if (st == HG_OK) {
    write_header(W, &S);
    size_t nr = hg_table_nrows(S.t), nc = hg_table_ncols(S.t);
    for (size_t r = 0; r < nr; r++)
      for (size_t c = 0; c < nc; c++)
        write_cell(W, &S, r, c);
    wb_finish_sheet(W, S.ws, nr, nc, S.width);
    st = check_rows_file(&S, path, err);
    if (S.id_col >= 0)
      wb_collect_indicators(W, S.t);
    if (st == HG_OK && S.long_row)
      st = too_long(&S, path, err);
    else if (st == HG_OK && W->lxw_err != LXW_NO_ERROR)
      st = wb_fail(W, path, W->lxw_err, err);
  }
  hg_table_free(S.t);
  g_free(S.text);
  g_free(S.width);
  g_free(path);
  if (st == HG_OK)
    g_ptr_array_add(W->sheets, name);
  else
    g_free(name);
  return st;
}

/* The errors that come from the system, where errno says why. */
static int system_error(lxw_error e) {
  return e == LXW_ERROR_CREATING_XLSX_FILE || e == LXW_ERROR_CREATING_TMPFILE ||
         e == LXW_ERROR_READING_TMPFILE || e == LXW_ERROR_ZIP_FILE_OPERATION ||
         e == LXW_ERROR_ZIP_FILE_ADD || e == LXW_ERROR_ZIP_CLOSE;
}

hg_status wb_fail(wb *W, const char *what, lxw_error e, hg_error *err) {
  (void)W;
  int why = errno;
  if (system_error(e) && why)
    hg_error_set(err, what, 0, NULL, "cannot write %s: %s: %s", WB_REL, lxw_strerror(e),
                 strerror(why));
  else
    hg_error_set(err, what, 0, NULL, "cannot write %s: %s", WB_REL, lxw_strerror(e));
  return HG_ERR_IO;
}

/* The results CSVs the run staged, in the order of the sheets: indicators,
 * inequalities, targets, changes, then the others as written. */
static GPtrArray *tables_in_order(const run_ctx *ctx) {
  static const char *const first[] = {"results/indicators.csv", "results/inequalities.csv",
                                      "results/targets.csv", "results/changes.csv"};
  GPtrArray *list = g_ptr_array_new();
  for (size_t k = 0; k < G_N_ELEMENTS(first); k++)
    for (guint i = 0; i < ctx->outputs->len; i++)
      if (!strcmp(ctx->outputs->pdata[i], first[k]))
        g_ptr_array_add(list, ctx->outputs->pdata[i]);
  for (guint i = 0; i < ctx->outputs->len; i++) {
    const char *o = ctx->outputs->pdata[i];
    int listed = 0;
    for (size_t k = 0; k < G_N_ELEMENTS(first); k++)
      listed |= !strcmp(o, first[k]);
    if (!listed && g_str_has_prefix(o, "results/") && g_str_has_suffix(o, ".csv") &&
        !strchr(o + strlen("results/"), '/'))
      g_ptr_array_add(list, (gpointer)o);
  }
  return list;
}

/* Title, author and the created date: the run's time, not the clock's. */
static void set_properties(wb *W) {
  const run_ctx *ctx = W->ctx;
  char *comments = g_strdup_printf("Results of healthgap run %s (%s)", ctx->run_id, ctx->iso);
  lxw_doc_properties p = {.title = ctx->cfg->title,
                          .author = "healthgap " HG_VERSION,
                          .comments = comments,
                          .created = (time_t)ctx->time};
  wb_note_error(W, workbook_set_properties(W->book, &p));
  g_free(comments);
}

static void wb_clear(wb *W) {
  g_ptr_array_free(W->sheets, TRUE);
  g_ptr_array_free(W->ids, TRUE);
  g_hash_table_destroy(W->id_names);
}

/* Every sheet, then the file itself, written by workbook_close. */
static hg_status write_book(wb *W, const char *path, hg_error *err) {
  GPtrArray *tables = tables_in_order(W->ctx);
  hg_status st = HG_OK;
  for (guint i = 0; i < tables->len && st == HG_OK; i++) {
    st = write_table_sheet(W, tables->pdata[i], err);
    if (st == HG_OK && run_cancelled(W->ctx))
      st = HG_ERR_ABORTED;
  }
  g_ptr_array_free(tables, TRUE);
  if (st == HG_OK)
    st = wb_write_definitions(W, path, err);
  if (st == HG_OK)
    st = wb_write_sources(W, path, err);
  if (st != HG_OK) {
    lxw_workbook_free(W->book);
    return st;
  }
  errno = 0;
  lxw_error e = workbook_close(W->book);
  return e == LXW_NO_ERROR ? HG_OK : wb_fail(W, path, e, err);
}

hg_status run_write_workbook(run_ctx *ctx, hg_error *err) {
  char *path = g_build_filename(ctx->staging, WB_REL, NULL);
  /* Rows are written in order, so constant memory: each sheet streams to a
   * temporary file instead of holding every cell until the end.  The
   * temporary files (removed as soon as they are open) go in the staging
   * folder: a disk that fills up is the output's disk, which the final
   * write and the fsync before publishing report, not a small /tmp. */
  lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = ctx->staging};
  wb W = {.ctx = ctx,
          .sheets = g_ptr_array_new_with_free_func(g_free),
          .ids = g_ptr_array_new(),
          .id_names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free)};
  hg_status st;
  errno = 0;
  if (!(W.book = workbook_new_opt(path, &opt))) {
    st = wb_fail(&W, path, LXW_ERROR_MEMORY_MALLOC_FAILED, err);
  } else {
    make_formats(&W);
    set_properties(&W);
    st = write_book(&W, path, err);
  }
  if (st == HG_OK)
    g_ptr_array_add(ctx->outputs, g_strdup(WB_REL));
  wb_clear(&W);
  g_free(path);
  return st;
}
