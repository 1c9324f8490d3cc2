/* publish/manifest.c: manifest.json of a run (json-glib).
 *
 * The manifest is what makes a run auditable (which input bytes produced which
 * outputs) and what lets the next run decide it has nothing to do: its
 * "fingerprint" covers the engine version, the config text and every input's
 * sha256.  Keys are written in a fixed order so that two manifests diff well.
 */
#include <json-glib/json-glib.h>
#include <string.h>

#include "publish/publish.h"

#ifndef HG_VERSION
#define HG_VERSION "0.0.0"
#endif

static void add_str(JsonBuilder *b, const char *k, const char *v) {
  json_builder_set_member_name(b, k);
  if (v)
    json_builder_add_string_value(b, v);
  else
    json_builder_add_null_value(b);
}

static void add_int(JsonBuilder *b, const char *k, gint64 v) {
  json_builder_set_member_name(b, k);
  json_builder_add_int_value(b, v);
}

/* What ran: version, run id and time, fingerprint, config, seed, confidence. */
static void add_run(JsonBuilder *b, const run_ctx *ctx) {
  const hg_config *cfg = ctx->cfg;
  add_str(b, "format", "healthgap-manifest/1");
  add_str(b, "version", HG_VERSION);
  add_str(b, "run_id", ctx->run_id);
  add_str(b, "timestamp", ctx->iso);
  add_str(b, "fingerprint", ctx->fingerprint);
  add_str(b, "previous_run_id", ctx->prev_run_id);
  add_str(b, "title", cfg->title);
  char *cfgname = g_path_get_basename(cfg->file);
  json_builder_set_member_name(b, "config");
  json_builder_begin_object(b);
  add_str(b, "file", cfgname);
  add_str(b, "sha256", cfg->sha256);
  json_builder_end_object(b);
  g_free(cfgname);
  json_builder_set_member_name(b, "seed");
  json_builder_add_int_value(b, (gint64)cfg->seed);
  json_builder_set_member_name(b, "confidence");
  json_builder_begin_array(b);
  for (size_t i = 0; i < cfg->nconfidence; i++) {
    /* As text: a double would print 99.8 as 99.799999999999997. */
    char buf[32];
    g_snprintf(buf, sizeof buf, "%g", cfg->confidence[i]);
    json_builder_add_string_value(b, buf);
  }
  json_builder_end_array(b);
  add_int(b, "jobs", ctx->jobs);
}

/* Which input bytes: every file with its sha256 and row counts. */
static void add_inputs(JsonBuilder *b, const run_ctx *ctx) {
  json_builder_set_member_name(b, "inputs");
  json_builder_begin_array(b);
  for (guint i = 0; i < ctx->files->len; i++) {
    const run_file *f = ctx->files->pdata[i];
    json_builder_begin_object(b);
    add_str(b, "input", f->in->name);
    add_str(b, "file", f->display);
    add_str(b, "role", hg_input_role_name(f->in->role));
    add_str(b, "layout", hg_input_layout_name(f->in->layout));
    add_str(b, "sha256", f->sha256);
    add_int(b, "rows_read", (gint64)f->rows_read);
    add_int(b, "rows_accepted", (gint64)f->accepted);
    add_int(b, "rows_rejected", (gint64)f->rejected);
    add_int(b, "rows_filtered", (gint64)f->filtered);
    json_builder_end_object(b);
  }
  json_builder_end_array(b);
}

/* Which outputs, and what the run counted, changed, took and warned. */
static void add_results(JsonBuilder *b, const run_ctx *ctx) {
  const run_counts *s = &ctx->n;
  json_builder_set_member_name(b, "outputs");
  json_builder_begin_array(b);
  for (guint i = 0; i < ctx->outputs->len; i++)
    json_builder_add_string_value(b, ctx->outputs->pdata[i]);
  json_builder_add_string_value(b, "manifest.json");
  json_builder_end_array(b);

  json_builder_set_member_name(b, "counts");
  json_builder_begin_object(b);
  add_int(b, "rows_read", (gint64)s->rows_read);
  add_int(b, "rows_accepted", (gint64)s->rows_accepted);
  add_int(b, "rows_rejected", (gint64)s->rows_rejected);
  add_int(b, "rows_filtered", (gint64)s->rows_filtered);
  add_int(b, "results_rows", (gint64)s->results_rows);
  add_int(b, "indicators", (gint64)s->indicators);
  add_int(b, "areas", (gint64)s->areas);
  add_int(b, "packs", (gint64)s->packs);
  add_int(b, "charts", (gint64)s->charts);
  json_builder_end_object(b);

  json_builder_set_member_name(b, "changes_since_previous");
  json_builder_begin_object(b);
  add_int(b, "rows_added", (gint64)s->changed_added);
  add_int(b, "rows_removed", (gint64)s->changed_removed);
  add_int(b, "values_changed", (gint64)s->changed_values);
  json_builder_end_object(b);

  json_builder_set_member_name(b, "timings_seconds");
  json_builder_begin_object(b);
  for (size_t i = 0; i < ctx->nstages; i++) {
    json_builder_set_member_name(b, ctx->stage_names[i]);
    json_builder_add_double_value(b, ctx->stage_seconds[i]);
  }
  json_builder_end_object(b);

  json_builder_set_member_name(b, "warnings");
  json_builder_begin_array(b);
  for (guint i = 0; i < ctx->warnings->len; i++)
    json_builder_add_string_value(b, ctx->warnings->pdata[i]);
  json_builder_end_array(b);
}

hg_status run_write_manifest(run_ctx *ctx, hg_error *err) {
  JsonBuilder *b = json_builder_new();
  json_builder_begin_object(b);
  add_run(b, ctx);
  add_inputs(b, ctx);
  add_results(b, ctx);
  json_builder_end_object(b);

  JsonGenerator *gen = json_generator_new();
  JsonNode *root = json_builder_get_root(b);
  json_generator_set_root(gen, root);
  json_generator_set_pretty(gen, TRUE);
  json_generator_set_indent(gen, 2);
  char *path = g_build_filename(ctx->staging, "manifest.json", NULL);
  GError *ge = NULL;
  gsize len = 0;
  char *text = json_generator_to_data(gen, &len);
  char *withnl = g_strconcat(text, "\n", NULL);
  hg_status st = HG_OK;
  if (!g_file_set_contents(path, withnl, (gssize)strlen(withnl), &ge)) {
    hg_error_set(err, path, 0, NULL, "%s", ge->message);
    g_error_free(ge);
    st = HG_ERR_IO;
  }
  g_free(withnl);
  g_free(text);
  g_free(path);
  json_node_unref(root);
  g_object_unref(gen);
  g_object_unref(b);
  return st;
}

int run_read_manifest(const char *dir, char fingerprint[65], char **run_id) {
  char *path = g_build_filename(dir, "manifest.json", NULL);
  JsonParser *p = json_parser_new();
  int ok = 0;
  if (json_parser_load_from_file(p, path, NULL)) {
    JsonNode *root = json_parser_get_root(p);
    if (root && JSON_NODE_HOLDS_OBJECT(root)) {
      JsonObject *o = json_node_get_object(root);
      const char *fp = json_object_has_member(o, "fingerprint")
                           ? json_object_get_string_member(o, "fingerprint")
                           : NULL;
      const char *id =
          json_object_has_member(o, "run_id") ? json_object_get_string_member(o, "run_id") : NULL;
      if (fp && strlen(fp) == 64) {
        memcpy(fingerprint, fp, 65);
        if (run_id)
          *run_id = g_strdup(id);
        ok = 1;
      }
    }
  }
  g_object_unref(p);
  g_free(path);
  return ok;
}
