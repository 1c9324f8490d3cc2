/* publish/workbook_meta.c: the workbook's Definitions sheet (each
 * indicator's name, definition, unit, polarity, source and licence; each
 * column's meaning, as docs/outputs.md gives it) and its Sources sheet (the
 * config and every input file with its sha256 and rows, as manifest.json
 * lists them).  An analyst who is sent only the workbook can still tell
 * what each number is and where it came from. */
#include <string.h>

#include "healthgap/benchmark.h"
#include "healthgap/indicator_registry.h"
#include "healthgap/trend.h"
#include "publish/workbook.h"

void wb_collect_indicators(wb *W, const hg_table *t) {
  long ci = hg_table_col(t, "indicator_id"), cn = hg_table_col(t, "indicator_name");
  for (size_t r = 0; ci >= 0 && r < hg_table_nrows(t); r++) {
    const char *id = hg_table_cell(t, r, (size_t)ci);
    const char *name = cn >= 0 ? hg_table_cell(t, r, (size_t)cn) : "";
    char *known = g_hash_table_lookup(W->id_names, id);
    if (!*id || (known && (*known || !*name)))
      continue;
    if (!known) {
      char *key = g_strdup(id);
      g_ptr_array_add(W->ids, key);
      g_hash_table_insert(W->id_names, key, g_strdup(name));
    } else {
      g_hash_table_insert(W->id_names, g_strdup(id), g_strdup(name)); /* a name at last */
    }
  }
}

/* Appends text to the "; "-separated list in table[key] unless it is there. */
static void add_distinct(GHashTable *table, const char *key, const char *text) {
  GString *g = g_hash_table_lookup(table, key);
  if (!g) {
    g_hash_table_insert(table, g_strdup(key), g_string_new(text));
    return;
  }
  char *item = g_strconcat("; ", g->str, "; ", NULL), *needle = g_strconcat("; ", text, "; ", NULL);
  if (!strstr(item, needle))
    g_string_append_printf(g, "; %s", text);
  g_free(item);
  g_free(needle);
}

static void gstring_free(gpointer p) {
  g_string_free(p, TRUE);
}

/* Each indicator's sources and licences, from the inputs its rows came from
 * ([input.NAME] source, licence), as the packs credit them. */
static void scan_sources(const run_ctx *ctx, GHashTable *sources, GHashTable *licences) {
  guint last_input = G_MAXUINT;
  const char *last_id = NULL;
  for (guint i = 0; i < ctx->rows->len; i++) {
    const res_row *r = ctx->rows->pdata[i];
    const char *id = r->txt[RES_TXT_INDICATOR_ID];
    if (r->input >= ctx->files->len || (r->input == last_input && last_id && !strcmp(id, last_id)))
      continue;
    last_input = r->input;
    last_id = id;
    const hg_config_input *in = ((const run_file *)ctx->files->pdata[r->input])->in;
    if (in->source)
      add_distinct(sources, id, in->source);
    if (in->licence)
      add_distinct(licences, id, in->licence);
  }
}

static const char *comparator_words(hg_comparator c) {
  static const char *const words[] = {
      [HG_COMPARATOR_NONE] = "not compared",
      [HG_COMPARATOR_CI95] = "compared by 95% confidence intervals",
      [HG_COMPARATOR_CI998] = "compared by 99.8% confidence intervals",
      [HG_COMPARATOR_CI95_998] = "compared by 95% and 99.8% confidence intervals",
      [HG_COMPARATOR_QUINTILES] = "placed in quintiles among its sibling areas",
      [HG_COMPARATOR_QUARTILES] = "placed in quartiles among its sibling areas",
      [HG_COMPARATOR_SPC_PROPORTION] = "compared by control limits around the reference",
      [HG_COMPARATOR_SPC_DSR] = "compared by exact Poisson control limits"};
  return (unsigned)c < G_N_ELEMENTS(words) && words[c] ? words[c] : "";
}

/* The registry has no definition text: say what its fields say, in words
 * ("dsr (per 100,000); compared by 95% confidence intervals; RAG - Low is
 * good"). */
static char *definition(const hg_indicator_meta *m) {
  char *vt = g_strdelimit(g_strdup(hg_value_type_name(m->value_type)), "_", ' ');
  char *d = g_strdup_printf("%s%s%s%s; %s; %s", vt, m->unit && *m->unit ? " (" : "",
                            m->unit ? m->unit : "", m->unit && *m->unit ? ")" : "",
                            comparator_words(m->comparator), hg_polarity_name(m->polarity));
  g_free(vt);
  return d;
}

static const char *const indicator_header[] = {"indicator_id", "name",     "definition", "unit",
                                               "value_type",   "polarity", "comparator", "decimals",
                                               "year_type",    "source",   "licence"};
static const double indicator_widths[] = {16, 40, 50, 12, 14, 20, 14, 9, 11, 50, 30};

static void write_row(wb *W, lxw_worksheet *ws, lxw_row_t row, const char *const *cells, size_t n,
                      lxw_format *f) {
  for (size_t c = 0; c < n; c++)
    if (cells[c] && *cells[c])
      wb_note_error(W, worksheet_write_string(ws, row, (lxw_col_t)c, cells[c], f));
}

/* One indicator's row of the Definitions sheet. */
static void indicator_row(wb *W, lxw_worksheet *ws, lxw_row_t row, const char *id,
                          GHashTable *sources, GHashTable *licences) {
  const hg_indicator_meta *m =
      W->ctx->registry ? hg_indicator_registry_find(W->ctx->registry, id) : NULL;
  GString *src = g_hash_table_lookup(sources, id), *lic = g_hash_table_lookup(licences, id);
  char *def = m ? definition(m) : g_strdup("not in the indicator registry");
  const char *name = m && m->name && *m->name ? m->name : g_hash_table_lookup(W->id_names, id);
  const char *cells[] = {id,
                         name,
                         def,
                         m ? m->unit : "",
                         m ? hg_value_type_name(m->value_type) : "",
                         m ? hg_polarity_name(m->polarity) : "",
                         m ? hg_comparator_name(m->comparator) : "",
                         NULL,
                         m ? hg_registry_year_type_name(m->year_type) : "",
                         src              ? src->str
                         : m && m->source ? m->source
                                          : "",
                         lic ? lic->str : ""};
  write_row(W, ws, row, cells, G_N_ELEMENTS(cells), W->wrap);
  if (m)
    wb_note_error(W, worksheet_write_number(ws, row, 7, m->decimals, W->wrap));
  g_free(def);
}

/* The meaning of column c of a sheet's header, from the docs' tables. */
static const char *meaning(const char *sheet, char **header, size_t c) {
  size_t n;
  const wb_column_doc *d = wb_column_docs(&n);
  for (size_t i = 0; i < n; i++)
    if (!strcmp(d[i].sheet, sheet) && !strcmp(d[i].column, header[c]))
      return d[i].meaning;
  for (size_t i = 0; i < n; i++) { /* "a .. b": the header's columns a to b */
    const char *dots = strstr(d[i].column, " .. ");
    if (strcmp(d[i].sheet, sheet) != 0 || !dots)
      continue;
    char *a = g_strndup(d[i].column, (gsize)(dots - d[i].column));
    long ia = -1, ib = -1;
    for (size_t k = 0; header[k]; k++) {
      ia = !strcmp(header[k], a) ? (long)k : ia;
      ib = !strcmp(header[k], dots + 4) ? (long)k : ib;
    }
    g_free(a);
    if (ia >= 0 && ia <= (long)c && (long)c <= ib)
      return d[i].meaning;
  }
  return "";
}

/* The columns part: every column of every results sheet, with its meaning. */
static lxw_row_t column_rows(wb *W, lxw_worksheet *ws, lxw_row_t row, hg_error *err,
                             hg_status *st) {
  static const char *const header[] = {"sheet", "column", "meaning"};
  write_row(W, ws, row++, header, 3, W->header);
  for (guint i = 0; i < W->sheets->len && *st == HG_OK; i++) {
    const char *sheet = W->sheets->pdata[i];
    char *rel = g_strdup_printf("results/%s.csv", sheet);
    char *path = g_build_filename(W->ctx->staging, rel, NULL);
    /* the header alone: the sheet itself is written */
    hg_table_options opt = {.cancel = W->ctx->cancel};
    hg_table *t = NULL;
    *st = hg_table_read(path, &opt, &t, err);
    size_t nc = t ? hg_table_ncols(t) : 0;
    char **names = g_new0(char *, nc + 1);
    for (size_t c = 0; c < nc; c++)
      names[c] = (char *)hg_table_colname(t, c);
    for (size_t c = 0; c < nc; c++) {
      const char *cells[] = {sheet, names[c], meaning(sheet, names, c)};
      write_row(W, ws, row++, cells, 3, W->wrap);
    }
    g_free(names);
    hg_table_free(t);
    g_free(path);
    g_free(rel);
  }
  return row;
}

hg_status wb_write_definitions(wb *W, const char *path, hg_error *err) {
  lxw_worksheet *ws = workbook_add_worksheet(W->book, "Definitions");
  if (!ws)
    return wb_fail(W, path, LXW_ERROR_CREATING_TMPFILE, err);
  GHashTable *sources = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, gstring_free);
  GHashTable *licences = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, gstring_free);
  scan_sources(W->ctx, sources, licences);
  lxw_row_t row = 0;
  wb_note_error(W, worksheet_write_string(ws, row++, 0, "Indicators", W->heading));
  write_row(W, ws, row++, indicator_header, G_N_ELEMENTS(indicator_header), W->header);
  for (guint i = 0; i < W->ids->len; i++)
    indicator_row(W, ws, row++, W->ids->pdata[i], sources, licences);
  row++;
  wb_note_error(W, worksheet_write_string(ws, row++, 0, "Columns", W->heading));
  hg_status st = HG_OK;
  column_rows(W, ws, row, err, &st);
  for (size_t c = 0; c < G_N_ELEMENTS(indicator_widths); c++)
    wb_note_error(W,
                  worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, indicator_widths[c], NULL));
  g_hash_table_destroy(sources);
  g_hash_table_destroy(licences);
  if (st == HG_OK && W->lxw_err != LXW_NO_ERROR)
    st = wb_fail(W, path, W->lxw_err, err);
  return st;
}

static const char *const source_header[] = {
    "input",         "file",          "role",          "layout", "sha256", "rows_read",
    "rows_accepted", "rows_rejected", "rows_filtered", "source", "licence"};

/* One input's row; the counts are numbers. */
static void source_row(wb *W, lxw_worksheet *ws, lxw_row_t row, const run_file *f, double *width) {
  const hg_config_input *in = f->in;
  const char *cells[] = {in->name,
                         f->display,
                         hg_input_role_name(in->role),
                         hg_input_layout_name(in->layout),
                         f->sha256,
                         NULL,
                         NULL,
                         NULL,
                         NULL,
                         in->source,
                         in->licence};
  write_row(W, ws, row, cells, G_N_ELEMENTS(cells), NULL);
  const size_t counts[] = {f->rows_read, f->accepted, f->rejected, f->filtered};
  for (size_t k = 0; k < G_N_ELEMENTS(counts); k++)
    wb_note_error(W, worksheet_write_number(ws, row, (lxw_col_t)(5 + k), (double)counts[k], NULL));
  for (size_t c = 0; c < G_N_ELEMENTS(cells); c++)
    if (cells[c] && g_utf8_strlen(cells[c], -1) > width[c])
      width[c] = (double)g_utf8_strlen(cells[c], -1);
}

hg_status wb_write_sources(wb *W, const char *path, hg_error *err) {
  lxw_worksheet *ws = workbook_add_worksheet(W->book, "Sources");
  if (!ws)
    return wb_fail(W, path, LXW_ERROR_CREATING_TMPFILE, err);
  enum { NC = G_N_ELEMENTS(source_header) };
  double width[NC];
  for (size_t c = 0; c < NC; c++)
    width[c] = (double)strlen(source_header[c]) + 3;
  write_row(W, ws, 0, source_header, NC, W->header);
  /* the config first: its sha256 is part of what made the run */
  char *cfgname = g_path_get_basename(W->ctx->cfg->file);
  const char *cfg[] = {"(config)", cfgname, "config", "", W->ctx->cfg->sha256};
  write_row(W, ws, 1, cfg, G_N_ELEMENTS(cfg), NULL);
  g_free(cfgname);
  const GPtrArray *files = W->ctx->files;
  for (guint i = 0; i < files->len; i++)
    source_row(W, ws, (lxw_row_t)(i + 2), files->pdata[i], width);
  wb_finish_sheet(W, ws, files->len + 1, NC, width);
  return W->lxw_err == LXW_NO_ERROR ? HG_OK : wb_fail(W, path, W->lxw_err, err);
}
