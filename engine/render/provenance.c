/* render/provenance.c: what the packs say about where their data comes from,
 * taken from the config and the inputs, never from the demo: each input's
 * source, licence and whether it is synthetic ([input.NAME] source, licence,
 * synthetic), the pack's footer ([pack] footer, else the inputs' sources and
 * licences), and what the boroughs of the data are (the spine's range). */
#include <math.h>
#include <string.h>

#include "render/render.h"

int render_input_synthetic(const run_file *f) {
  if (f->in->synthetic >= 0)
    return f->in->synthetic;
  /* undeclared: the convention of the demo's files (synthetic_*) */
  return f->display && strstr(f->display, "synthetic") != NULL;
}

/* Appends text to the "; "-separated list in table[key] unless it is there. */
static void add_distinct(GHashTable *table, const char *key, const char *text) {
  GString *g = g_hash_table_lookup(table, key);
  if (!g) {
    g_hash_table_insert(table, g_strdup(key), g_string_new(text));
    return;
  }
  gchar **parts = g_strsplit(g->str, "; ", -1);
  int seen = g_strv_contains((const gchar *const *)parts, text);
  g_strfreev(parts);
  if (!seen)
    g_string_append_printf(g, "; %s", text);
}

static void gstring_free(gpointer p) {
  g_string_free(p, TRUE);
}

static char *publisher(const char *source);

/* Which rows come from synthetic inputs, and each indicator's declared
 * sources and licences, from the file every row came from. */
static void scan_rows(render *R) {
  const run_ctx *ctx = R->ctx;
  guint last_input = G_MAXUINT;
  const char *last_id = NULL;
  for (guint i = 0; i < ctx->rows->len; i++) {
    const res_row *r = ctx->rows->pdata[i];
    if (r->input >= ctx->files->len)
      continue;
    const run_file *f = ctx->files->pdata[r->input];
    const char *id = r->txt[RES_TXT_INDICATOR_ID], *ct = r->txt[RES_TXT_CATEGORY_TYPE];
    if (render_input_synthetic(f)) {
      g_hash_table_add(R->synthetic, g_strdup_printf("%s\x1f%s", id, ct));
      if (!*ct)
        R->any_synthetic = 1;
    }
    /* rows come file by file and indicator by indicator: skip the repeats */
    if (r->input == last_input && last_id && strcmp(last_id, id) == 0)
      continue;
    last_input = r->input;
    last_id = id;
    if (f->in->source) {
      /* by indicator; by indicator and breakdown (area rows: ""), so that a
       * map of area rows does not credit the file of a breakdown; and over
       * every indicator, for the overview and profiles */
      char *k = g_strdup_printf("%s\x1f%s", id, ct);
      add_distinct(R->sources, id, f->in->source);
      add_distinct(R->sources, k, f->in->source);
      g_free(k);
      k = publisher(f->in->source);
      add_distinct(R->sources, "\x1f*", k);
      g_free(k);
    }
    if (f->in->licence)
      add_distinct(R->licences, id, f->in->licence);
  }
}

/* The publisher of a source text: its words before the first comma
 * ("OHID Fingertips, Local Tobacco Control Profiles" -> "OHID Fingertips"). */
static char *publisher(const char *source) {
  const char *c = strchr(source, ',');
  return c ? g_strndup(source, (gsize)(c - source)) : g_strdup(source);
}

/* The sentence naming the licences ("a; b"): the Open Government Licence's
 * attribution statement when every one is a version of it. */
static char *licence_line(const char *list) {
  gchar **parts = g_strsplit(list, "; ", -1);
  int ogl = 1;
  for (size_t k = 0; parts[k]; k++)
    ogl &= strstr(parts[k], "Open Government Licence") != NULL;
  char *joined = g_strjoinv(" and the ", parts);
  char *line =
      ogl ? g_strdup_printf("Contains public sector information licensed under the %s.", joined)
          : g_strdup_printf("Licences: %s.", list);
  g_free(joined);
  g_strfreev(parts);
  return line;
}

/* The licences every input declares, and the footer of the text pages. */
static void pack_lines(render *R) {
  const run_ctx *ctx = R->ctx;
  GHashTable *lists = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, gstring_free);
  for (guint i = 0; i < ctx->files->len; i++) {
    const run_file *f = ctx->files->pdata[i];
    const hg_config_input *in = f->in;
    if (in->licence)
      add_distinct(lists, "licence", in->licence);
    /* the publishers credited; synthetic inputs are not published data */
    if (in->source && !render_input_synthetic(f)) {
      char *p = publisher(in->source);
      add_distinct(lists, "source", p);
      g_free(p);
    }
  }
  GString *lic = g_hash_table_lookup(lists, "licence");
  GString *src = g_hash_table_lookup(lists, "source");
  /* the project's data is public sector information unless the inputs say otherwise */
  R->licence = lic ? licence_line(lic->str) : g_strdup(OGL);
  if (ctx->cfg->footer)
    R->footer = g_strdup(ctx->cfg->footer);
  else if (src)
    R->footer = g_strdup_printf("healthgap. Data: %s. %s", src->str, R->licence);
  else
    R->footer = g_strdup_printf("healthgap. Sources: see the appendix. %s", R->licence);
  g_hash_table_destroy(lists);
}

/* "NHS North West London Integrated Care Board" -> "North West London". */
static char *icb_short_name(const char *name) {
  const char *s = g_str_has_prefix(name, "NHS ") ? name + 4 : name;
  char *n = g_strdup(s);
  static const char *const tails[] = {" Integrated Care Board", " ICB"};
  for (size_t k = 0; k < G_N_ELEMENTS(tails); k++)
    if (g_str_has_suffix(n, tails[k]))
      n[strlen(n) - strlen(tails[k])] = '\0';
  return n;
}

/* What the boroughs with values are, by the borough -> ICB lookup: those of
 * one ICB, all of the lookup's (London's), or just boroughs. */
static void name_area_group(render *R) {
  const hg_table *lk = R->icb_lookup;
  long cc = lk ? hg_table_col(lk, "LA_code") : -1, ci = lk ? hg_table_col(lk, "ICB_code") : -1,
       cn = lk ? hg_table_col(lk, "ICB_name") : -1;
  GHashTable *have = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint i = 0; i < R->ctx->rows->len; i++) {
    const res_row *r = R->ctx->rows->pdata[i];
    if (g_str_has_prefix(r->txt[RES_TXT_AREA_CODE], "E09") && !*r->txt[RES_TXT_CATEGORY] &&
        !isnan(r->num[RES_SLOT(RES_VALUE)]))
      g_hash_table_add(have, (gpointer)r->txt[RES_TXT_AREA_CODE]);
  }
  const char *icb = NULL, *icb_name = NULL;
  int one_icb = cc >= 0 && ci >= 0, all = cc >= 0;
  guint found = 0;
  for (size_t i = 0; lk && cc >= 0 && i < hg_table_nrows(lk); i++) {
    const char *la = hg_table_cell(lk, i, (size_t)cc);
    if (!g_hash_table_contains(have, la)) {
      all = 0;
      continue;
    }
    found++;
    const char *c = ci >= 0 ? hg_table_cell(lk, i, (size_t)ci) : "";
    if (!icb) {
      icb = c;
      icb_name = cn >= 0 ? hg_table_cell(lk, i, (size_t)cn) : c;
    } else if (strcmp(icb, c) != 0) {
      one_icb = 0;
    }
  }
  int covered = found > 0 && found == g_hash_table_size(have);
  if (covered && one_icb && !all) {
    char *s = icb_short_name(icb_name);
    R->area_group = g_strdup_printf("boroughs of %s", s);
    g_free(s);
  } else {
    R->area_group = g_strdup(covered && all ? "London boroughs" : "boroughs");
  }
  g_hash_table_destroy(have);
}

/* The sources of the rows a chart draws ([input.NAME] source of the files
 * they came from): of the indicator's breakdown, or its area rows, or (no
 * indicator: an overview, a profile) of every indicator; NULL when no input
 * declares one. */
const char *render_source_for(const render *R, const hg_chart_request *req) {
  if (!req->indicator) {
    const GString *all = g_hash_table_lookup(R->sources, "\x1f*");
    return all ? all->str : NULL;
  }
  char *k = g_strdup_printf("%s\x1f%s", req->indicator,
                            req->category_type && req->kind != HG_CHART_MAP &&
                                    req->kind != HG_CHART_COMPARE
                                ? req->category_type
                                : "");
  const GString *g = g_hash_table_lookup(R->sources, k);
  g_free(k);
  if (!g)
    g = g_hash_table_lookup(R->sources, req->indicator);
  return g ? g->str : NULL;
}

void render_provenance(render *R) {
  R->synthetic = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  R->sources = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, gstring_free);
  R->licences = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, gstring_free);
  scan_rows(R);
  pack_lines(R);
  name_area_group(R);
}

void render_provenance_free(render *R) {
  g_hash_table_destroy(R->synthetic);
  g_hash_table_destroy(R->sources);
  g_hash_table_destroy(R->licences);
  g_free(R->licence);
  g_free(R->footer);
  g_free(R->area_group);
}
