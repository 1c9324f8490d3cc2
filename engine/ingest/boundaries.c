/* boundaries.c: GeoJSON boundaries through json-glib (healthgap/boundaries.h),
 * the project's only GeoJSON reader.  Rings are collected at any nesting depth,
 * because the Fingertips MSOA file types its MultiPolygon nesting as "Polygon";
 * holes are never inferred from winding (the ONS files wind outer rings
 * clockwise) but left to the chart's even-odd fill rule. */
#include "healthgap/boundaries.h"
#include "healthgap/filekind.h"
#include "ingest/internal.h"

#include <errno.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdbool.h>
#include <string.h>

static bool is_position(JsonNode *n) {
  if (!JSON_NODE_HOLDS_ARRAY(n))
    return false;
  JsonArray *a = json_node_get_array(n);
  return json_array_get_length(a) >= 2 && JSON_NODE_HOLDS_VALUE(json_array_get_element(a, 0));
}

static void collect(hg_boundaries *g, hg_bnd_feature *f, JsonNode *n, int depth) {
  if (!JSON_NODE_HOLDS_ARRAY(n) || depth > 8)
    return;
  JsonArray *a = json_node_get_array(n);
  guint len = json_array_get_length(a);
  if (len == 0)
    return;
  if (is_position(json_array_get_element(a, 0))) {
    hg_bnd_ring r = {g_new(double, 2 * (size_t)len), 0};
    for (guint i = 0; i < len; i++) {
      JsonNode *p = json_array_get_element(a, i);
      if (!is_position(p))
        continue;
      JsonArray *pa = json_node_get_array(p);
      double x = json_array_get_double_element(pa, 0), y = json_array_get_double_element(pa, 1);
      r.xy[2 * r.n] = x;
      r.xy[2 * r.n + 1] = y;
      r.n++;
      g->minx = fmin(g->minx, x);
      g->maxx = fmax(g->maxx, x);
      g->miny = fmin(g->miny, y);
      g->maxy = fmax(g->maxy, y);
    }
    f->rings = g_renew(hg_bnd_ring, f->rings, f->nrings + 1);
    f->rings[f->nrings++] = r;
    return;
  }
  for (guint i = 0; i < len; i++)
    collect(g, f, json_array_get_element(a, i), depth + 1);
}

static char *prop(JsonObject *props, const char *want, const char *suffix) {
  if (!props)
    return NULL;
  if (want && json_object_has_member(props, want)) {
    JsonNode *n = json_object_get_member(props, want);
    return JSON_NODE_HOLDS_VALUE(n) ? g_strdup(json_node_get_string(n)) : NULL;
  }
  GList *m = json_object_get_members(props);
  char *res = NULL;
  for (GList *l = m; l && !res; l = l->next) {
    const char *k = l->data;
    size_t kl = strlen(k), sl = strlen(suffix);
    if (kl > sl && strcmp(k + kl - sl, suffix) == 0) {
      JsonNode *n = json_object_get_member(props, k);
      if (JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_STRING)
        res = g_strdup(json_node_get_string(n));
    }
  }
  g_list_free(m);
  return res;
}

/* The parser's DOM of a GeoJSON file takes several times the file's size,
 * so the file is refused past this before it is read (hg_read_capped). */
#define MAX_GEOJSON_BYTES ((size_t)512 << 20)

/* Loads path into p, its size capped as it is read. */
static hg_status load_json(JsonParser *p, const char *path, hg_error *err) {
  /* `chart --boundaries` reaches here without the run's input check: a FIFO
   * would block fopen for ever, and a zipped download would read as "not
   * GeoJSON" instead of its real cause. */
  hg_status cs = hg_input_check(path, 0, err);
  if (cs != HG_OK)
    return cs;
  FILE *fp = fopen(path, "rb");
  if (!fp) {
    hg_error_set(err, path, 0, NULL, "%s", g_strerror(errno));
    return HG_ERR_IO;
  }
  char *text = NULL;
  size_t len = 0;
  hg_status st = hg_read_capped(fp, path, MAX_GEOJSON_BYTES, &text, &len, err);
  fclose(fp);
  GError *ge = NULL;
  if (st == HG_OK && !json_parser_load_from_data(p, text, (gssize)len, &ge)) {
    hg_error_set(err, path, 0, NULL, "not GeoJSON: %s", ge ? ge->message : "cannot parse");
    st = HG_ERR_PARSE;
  }
  if (ge)
    g_error_free(ge);
  g_free(text);
  return st;
}

hg_status hg_boundaries_read(const char *path, const char *code_prop, hg_boundaries **out,
                             hg_error *err) {
  JsonParser *p = json_parser_new();
  hg_boundaries *g = NULL;
  *out = NULL;
  hg_status st = load_json(p, path, err);
  if (st != HG_OK)
    goto cleanup;
  JsonNode *root = json_parser_get_root(p);
  JsonObject *ro = root && JSON_NODE_HOLDS_OBJECT(root) ? json_node_get_object(root) : NULL;
  JsonArray *feats = ro && json_object_has_member(ro, "features")
                         ? json_object_get_array_member(ro, "features")
                         : NULL;
  if (!feats) {
    hg_error_set(err, path, 0, NULL, "not a GeoJSON FeatureCollection");
    st = HG_ERR_FORMAT;
    goto cleanup;
  }
  g = g_new0(hg_boundaries, 1);
  g->minx = g->miny = INFINITY;
  g->maxx = g->maxy = -INFINITY;
  guint n = json_array_get_length(feats);
  g->f = g_new0(hg_bnd_feature, n ? n : 1);
  g->features_read = n;
  for (guint i = 0; i < n; i++) {
    JsonNode *fn = json_array_get_element(feats, i);
    if (!JSON_NODE_HOLDS_OBJECT(fn))
      continue;
    JsonObject *fo = json_node_get_object(fn);
    JsonObject *props = json_object_has_member(fo, "properties") &&
                                JSON_NODE_HOLDS_OBJECT(json_object_get_member(fo, "properties"))
                            ? json_object_get_object_member(fo, "properties")
                            : NULL;
    JsonObject *geom = json_object_has_member(fo, "geometry") &&
                               JSON_NODE_HOLDS_OBJECT(json_object_get_member(fo, "geometry"))
                           ? json_object_get_object_member(fo, "geometry")
                           : NULL;
    if (!geom || !json_object_has_member(geom, "coordinates"))
      continue;
    hg_bnd_feature *f = &g->f[g->n];
    f->code = prop(props, code_prop ? code_prop : "AreaCode", "CD");
    f->name = prop(props, NULL, "NM");
    collect(g, f, json_object_get_member(geom, "coordinates"), 0);
    if (f->nrings == 0) {
      g_free(f->code);
      g_free(f->name);
      memset(f, 0, sizeof *f);
      continue;
    }
    g->n++;
  }
  if (g->n == 0) {
    hg_error_set(err, path, 0, NULL, "no Polygon or MultiPolygon features");
    st = HG_ERR_EMPTY;
    goto cleanup;
  }
  /* British National Grid metres rather than degrees: planar, no cos(phi0) */
  g->planar = fabs(g->maxx) > 1000 || fabs(g->maxy) > 1000;
  *out = g;
  g = NULL;
cleanup:
  g_object_unref(p);
  hg_boundaries_free(g);
  return st;
}

void hg_boundaries_free(hg_boundaries *g) {
  if (!g)
    return;
  for (size_t i = 0; i < g->n; i++) {
    for (size_t r = 0; r < g->f[i].nrings; r++)
      g_free(g->f[i].rings[r].xy);
    g_free(g->f[i].rings);
    g_free(g->f[i].code);
    g_free(g->f[i].name);
  }
  g_free(g->f);
  g_free(g);
}

size_t hg_boundaries_count(const hg_boundaries *g) {
  return g ? g->n : 0;
}
const char *hg_boundaries_code(const hg_boundaries *g, size_t i) {
  return g && i < g->n ? g->f[i].code : NULL;
}
const char *hg_boundaries_name(const hg_boundaries *g, size_t i) {
  return g && i < g->n ? g->f[i].name : NULL;
}
size_t hg_boundaries_rings(const hg_boundaries *g, size_t i) {
  return g && i < g->n ? g->f[i].nrings : 0;
}

hg_status hg_boundaries_subset(const hg_boundaries *g, const char *const *codes, size_t n,
                               hg_boundaries **out) {
  if (!g || !out || (n && !codes))
    return HG_ERR_RANGE;
  *out = NULL;
  GHashTable *want = g_hash_table_new(g_str_hash, g_str_equal);
  for (size_t i = 0; i < n; i++)
    g_hash_table_add(want, (gpointer)codes[i]);
  hg_boundaries *s = g_new0(hg_boundaries, 1);
  s->planar = g->planar;
  s->minx = s->miny = INFINITY;
  s->maxx = s->maxy = -INFINITY;
  s->f = g_new0(hg_bnd_feature, g->n ? g->n : 1);
  for (size_t i = 0; i < g->n; i++) {
    const hg_bnd_feature *f = &g->f[i];
    if (!f->code || !g_hash_table_contains(want, f->code))
      continue;
    hg_bnd_feature *c = &s->f[s->n++];
    c->code = g_strdup(f->code);
    c->name = g_strdup(f->name);
    c->nrings = f->nrings;
    c->rings = g_new0(hg_bnd_ring, f->nrings ? f->nrings : 1);
    for (size_t r = 0; r < f->nrings; r++) {
      c->rings[r].n = f->rings[r].n;
      c->rings[r].xy =
          g_memdup2(f->rings[r].xy, 2 * sizeof(double) * (f->rings[r].n ? f->rings[r].n : 1));
      /* the extent of the subset, so that its map zooms to it */
      for (size_t k = 0; k < f->rings[r].n; k++) {
        double x = f->rings[r].xy[2 * k], y = f->rings[r].xy[2 * k + 1];
        s->minx = fmin(s->minx, x);
        s->maxx = fmax(s->maxx, x);
        s->miny = fmin(s->miny, y);
        s->maxy = fmax(s->maxy, y);
      }
    }
  }
  g_hash_table_destroy(want);
  s->features_read = s->n;
  if (s->n == 0) {
    hg_boundaries_free(s);
    return HG_ERR_EMPTY;
  }
  *out = s;
  return HG_OK;
}
