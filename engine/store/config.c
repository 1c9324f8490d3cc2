/* store/config.c: the pack config (healthgap/config.h) on GLib's key-file
 * parser, and the mapped layout's column mapping it holds (hg_mapped_spec).
 *
 * GKeyFile parses but keeps no line numbers, and silently accepts any section
 * or key; a typo in a nightly config must not be ignored, so the text is also
 * scanned here to find the line of every section and key for the messages.
 */
#include "healthgap/config.h"
#include "healthgap/filekind.h"
#include "healthgap/period.h"

#include <errno.h>
#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const role_names[HG_ROLE_COUNT] = {"indicators",  "counts",     "lookup",
                                                      "deprivation", "population", "metadata",
                                                      "targets",     "boundaries"};
static const char *const layout_names[HG_LAYOUT_COUNT] = {"fingertips", "tidy", "mapped"};

const char *hg_input_role_name(hg_input_role r) {
  return (unsigned)r < HG_ROLE_COUNT ? role_names[r] : "?";
}
const char *hg_input_layout_name(hg_input_layout l) {
  return (unsigned)l < HG_LAYOUT_COUNT ? layout_names[l] : "?";
}
int hg_input_role_from_name(const char *s) {
  for (int i = 0; i < HG_ROLE_COUNT; i++)
    if (s && strcmp(s, role_names[i]) == 0)
      return i;
  return -1;
}
int hg_input_layout_from_name(const char *s) {
  for (int i = 0; i < HG_LAYOUT_COUNT; i++)
    if (s && strcmp(s, layout_names[i]) == 0)
      return i;
  return -1;
}

typedef struct {
  const char *name;
  GKeyFile *kf;
  GHashTable *lines;
  hg_error *err;
} loader;

static long key_line(const loader *L, const char *sec, const char *key) {
  char *k = key ? g_strconcat(sec, "\n", key, NULL) : g_strdup(sec);
  long line = GPOINTER_TO_INT(g_hash_table_lookup(L->lines, k));
  g_free(k);
  return line;
}

static hg_status bad(const loader *L, const char *sec, const char *key, const char *fmt,
                     const char *what) {
  char msg[400];
  g_snprintf(msg, sizeof msg, fmt, what);
  hg_error_set(L->err, L->name, key_line(L, sec, key), NULL, "[%s] %s%s%s", sec, key ? key : "",
               key ? ": " : "", msg);
  return HG_ERR_CONFIG;
}

static char *get_str(const loader *L, const char *sec, const char *key) {
  return g_key_file_get_string(L->kf, sec, key, NULL);
}

/* Integer in [lo, hi]; *out unchanged when the key is absent. */
static hg_status get_int(const loader *L, const char *sec, const char *key, long lo, long hi,
                         long *out) {
  char *v = get_str(L, sec, key);
  if (!v)
    return HG_OK;
  char *end = NULL;
  errno = 0;
  long n = strtol(g_strstrip(v), &end, 10);
  hg_status st = HG_OK;
  if (errno || end == v || *end || n < lo || n > hi)
    st = bad(L, sec, key, "not a whole number in range: '%s'", v);
  else
    *out = n;
  g_free(v);
  return st;
}

static hg_status get_bool(const loader *L, const char *sec, const char *key, int *out) {
  char *v = get_str(L, sec, key);
  if (!v)
    return HG_OK;
  hg_status st = HG_OK;
  g_strstrip(v);
  if (!g_ascii_strcasecmp(v, "true") || !g_ascii_strcasecmp(v, "yes") || !strcmp(v, "1"))
    *out = 1;
  else if (!g_ascii_strcasecmp(v, "false") || !g_ascii_strcasecmp(v, "no") || !strcmp(v, "0"))
    *out = 0;
  else
    st = bad(L, sec, key, "not true or false: '%s'", v);
  g_free(v);
  return st;
}

/* "a;b, c" -> {"a","b","c"}: GKeyFile lists use ';', people write ','. */
static char **split_list(const char *v) {
  char **parts = g_strsplit_set(v, ";,", -1);
  GPtrArray *a = g_ptr_array_new();
  for (size_t i = 0; parts[i]; i++) {
    g_strstrip(parts[i]);
    if (*parts[i])
      g_ptr_array_add(a, g_strdup(parts[i]));
  }
  g_strfreev(parts);
  g_ptr_array_add(a, NULL);
  return (char **)g_ptr_array_free(a, FALSE);
}

static hg_status check_keys(const loader *L, const char *sec, const char *const *allowed,
                            const char *const *prefixes) {
  gsize n = 0;
  char **keys = g_key_file_get_keys(L->kf, sec, &n, NULL);
  hg_status st = HG_OK;
  for (gsize i = 0; i < n && st == HG_OK; i++) {
    int ok = 0;
    for (size_t a = 0; allowed && allowed[a] && !ok; a++)
      ok = strcmp(keys[i], allowed[a]) == 0;
    for (size_t p = 0; prefixes && prefixes[p] && !ok; p++)
      ok = g_str_has_prefix(keys[i], prefixes[p]) && strlen(keys[i]) > strlen(prefixes[p]);
    if (!ok)
      st = bad(L, sec, keys[i], "unknown key%s", "");
  }
  g_strfreev(keys);
  return st;
}

/* The packs' own words ([pack] cover_text, footer): a pack prints what its
 * config says, not the demo's text. */
static void load_pack_text(const loader *L, hg_config *c) {
  char *v = get_str(L, "pack", "cover_text");
  c->cover_text = v ? g_strstrip(v) : NULL;
  v = get_str(L, "pack", "footer");
  c->footer = v ? g_strstrip(v) : NULL;
}

static hg_status load_pack(const loader *L, hg_config *c) {
  static const char *const keys[] = {"title",      "output",           "keep",
                                     "seed",       "confidence",       "jobs",
                                     "timestamp",  "max_reject_share", "sex",
                                     "age",        "category_type",    "area_type",
                                     "cover_text", "footer",           "unknown_share_max",
                                     "workbook",   "csv_guard",        "site",
                                     NULL};
  const char *S = "pack";
  hg_status st = check_keys(L, S, keys, NULL);
  if (st != HG_OK)
    return st;
  char *v = get_str(L, S, "title");
  c->title = v ? v : g_strdup("healthgap pack");
  load_pack_text(L, c);
  v = get_str(L, S, "output");
  if (!v || !*g_strstrip(v)) {
    g_free(v);
    hg_error_set(L->err, L->name, key_line(L, S, NULL), NULL, "[pack] output: missing");
    return HG_ERR_CONFIG;
  }
  /* Canonical (absolute, no ".."), so that messages and the summary name the
   * folder plainly. */
  char *base = g_canonicalize_filename(c->dir, NULL);
  c->output = g_canonicalize_filename(v, base);
  g_free(base);
  g_free(v);
  long n = c->keep;
  if ((st = get_int(L, S, "keep", 1, 10000, &n)) != HG_OK)
    return st;
  c->keep = (int)n;
  n = c->jobs;
  if ((st = get_int(L, S, "jobs", 0, 1024, &n)) != HG_OK)
    return st;
  c->jobs = (int)n;
  v = get_str(L, S, "seed");
  if (v) {
    char *end = NULL;
    errno = 0;
    unsigned long long s = strtoull(g_strstrip(v), &end, 10);
    if (errno || end == v || *end || v[0] == '-')
      st = bad(L, S, "seed", "not a non-negative whole number: '%s'", v);
    c->seed = s;
    g_free(v);
    if (st != HG_OK)
      return st;
  }
  v = get_str(L, S, "confidence");
  if (v) {
    char **parts = split_list(v);
    c->nconfidence = 0;
    for (size_t i = 0; parts[i] && st == HG_OK; i++) {
      char *end = NULL;
      double d = g_ascii_strtod(parts[i], &end);
      if (*end || !(d == 95.0 || d == 99.8) || c->nconfidence >= 2)
        st = bad(L, S, "confidence", "levels are 95 and/or 99.8, not '%s'", parts[i]);
      else
        c->confidence[c->nconfidence++] = d;
    }
    if (st == HG_OK && c->nconfidence == 0)
      st = bad(L, S, "confidence", "empty%s", "");
    g_strfreev(parts);
    g_free(v);
    if (st != HG_OK)
      return st;
  }
  c->max_reject_share = -1;
  v = get_str(L, S, "max_reject_share");
  if (v) {
    char *end = NULL;
    double d = g_ascii_strtod(g_strstrip(v), &end);
    int ok = end && end != v && !*end && d >= 0 && d <= 1;
    g_free(v);
    if (!ok)
      return bad(L, S, "max_reject_share", "a share of rows between 0 and 1 (0.05 = 5%%)%s", "");
    c->max_reject_share = d;
  }
  /* the series the packs show: kept as written (matched as the charts match) */
  char **series[] = {&c->series_sex, &c->series_age, &c->series_category_type,
                     &c->series_area_type};
  static const char *const series_keys[] = {"sex", "age", "category_type", "area_type"};
  for (size_t k = 0; k < G_N_ELEMENTS(series_keys); k++) {
    v = get_str(L, S, series_keys[k]);
    if (v && !*g_strstrip(v)) {
      g_free(v);
      return bad(L, S, series_keys[k], "empty (leave the key out for the headline series)%s", "");
    }
    *series[k] = v;
  }
  c->unknown_share_max = 0.05;
  v = get_str(L, S, "unknown_share_max");
  if (v) {
    char *end = NULL;
    double d = g_ascii_strtod(g_strstrip(v), &end);
    int ok = end && end != v && !*end && d >= 0 && d <= 1;
    g_free(v);
    if (!ok)
      return bad(L, S, "unknown_share_max", "a share between 0 and 1 (0.05 = 5%%)%s", "");
    c->unknown_share_max = d;
  }
  if ((st = get_bool(L, S, "site", &c->site)) != HG_OK)
    return st;
  if ((st = get_bool(L, S, "workbook", &c->workbook)) != HG_OK)
    return st;
  c->csv_guard = 1;
  if ((st = get_bool(L, S, "csv_guard", &c->csv_guard)) != HG_OK)
    return st;
  v = get_str(L, S, "timestamp");
  if (v) {
    int64_t t;
    c->timestamp = g_strdup(g_strstrip(v));
    g_free(v);
    if (hg_time_parse(c->timestamp, &t) != HG_OK)
      return bad(L, S, "timestamp", "not a time (Unix seconds or ISO 8601 with a zone): '%s'",
                 c->timestamp);
  }
  return HG_OK;
}

static void add_pair(hg_mapped_pair **arr, size_t *n, const char *field, const char *text) {
  *arr = g_renew(hg_mapped_pair, *arr, *n + 1);
  (*arr)[*n].field = g_strdup(field);
  (*arr)[*n].text = g_strdup(text);
  (*n)++;
}

/* path, role and layout of an [input.NAME]. */
static hg_status load_input_kind(const loader *L, const char *sec, hg_config *c,
                                 hg_config_input *in) {
  char *v = get_str(L, sec, "path");
  if (!v || !*g_strstrip(v)) {
    g_free(v);
    hg_error_set(L->err, L->name, in->line, NULL, "[%s] path: missing", sec);
    return HG_ERR_CONFIG;
  }
  in->pattern = v;
  in->resolved = g_path_is_absolute(v) ? g_strdup(v) : g_build_filename(c->dir, v, NULL);
  hg_status st = HG_OK;
  v = get_str(L, sec, "role");
  int r = v ? hg_input_role_from_name(g_strstrip(v)) : -1;
  if (r < 0) {
    st = v ? bad(L, sec, "role", "unknown role '%s'", v)
           : (hg_error_set(L->err, L->name, in->line, NULL, "[%s] role: missing", sec),
              HG_ERR_CONFIG);
    g_free(v);
    return st;
  }
  g_free(v);
  in->role = (hg_input_role)r;
  in->layout = HG_LAYOUT_TIDY;
  v = get_str(L, sec, "layout");
  if (v) {
    int l = hg_input_layout_from_name(g_strstrip(v));
    if (l < 0)
      st = bad(L, sec, "layout", "unknown layout '%s' (fingertips, tidy or mapped)", v);
    in->layout = (hg_input_layout)l;
    g_free(v);
  }
  return st;
}

static int is_mapped_key(const char *k) {
  return g_str_has_prefix(k, "column.") || g_str_has_prefix(k, "set.") ||
         g_str_has_prefix(k, "filter.") || g_str_has_prefix(k, "pivot.") ||
         !strcmp(k, "skip_rows") || !strcmp(k, "header_rows") || !strcmp(k, "na") ||
         !strcmp(k, "thousands");
}

/* One text key of the mapped layout (val: its value, modified) into m. */
static hg_status mapped_key(const loader *L, const char *sec, const char *k, char *val,
                            hg_mapped_spec *m) {
  if (g_str_has_prefix(k, "column."))
    add_pair(&m->columns, &m->ncolumns, k + 7, g_strstrip(val));
  else if (g_str_has_prefix(k, "set."))
    add_pair(&m->constants, &m->nconstants, k + 4, val);
  else if (g_str_has_prefix(k, "filter."))
    add_pair(&m->filters, &m->nfilters, k + 7, g_strstrip(val));
  else if (!strcmp(k, "na"))
    m->na = split_list(val);
  else if (!strcmp(k, "thousands")) {
    /* A comma cannot be written bare in a GKeyFile list context; accept words. */
    g_strstrip(val);
    if (!strcmp(val, "comma") || !strcmp(val, ","))
      m->thousands = ',';
    else if (!strcmp(val, "space") || !strcmp(val, " "))
      m->thousands = ' ';
    else if (!strcmp(val, "none") || !*val)
      m->thousands = 0;
    else
      return bad(L, sec, k, "one of comma, space, none: '%s'", val);
  } else if (!strcmp(k, "pivot.from"))
    m->pivot_from = g_strdup(g_strstrip(val));
  else if (!strcmp(k, "pivot.to"))
    m->pivot_to = g_strdup(g_strstrip(val));
  else if (!strcmp(k, "pivot.key"))
    m->pivot_key = g_strdup(g_strstrip(val));
  else if (!strcmp(k, "pivot.value"))
    m->pivot_value = g_strdup(g_strstrip(val));
  else if (!strcmp(k, "pivot.strip"))
    m->pivot_strip = g_strdup(val);
  return HG_OK;
}

/* The mapped layout's keys of an [input.NAME] (an error for another layout). */
static hg_status load_mapping(const loader *L, const char *sec, hg_config_input *in) {
  hg_mapped_spec *m = &in->mapped;
  hg_status st = HG_OK;
  gsize n = 0;
  char **keylist = g_key_file_get_keys(L->kf, sec, &n, NULL);
  for (gsize i = 0; i < n && st == HG_OK; i++) {
    const char *k = keylist[i];
    if (is_mapped_key(k) && in->layout != HG_LAYOUT_MAPPED) {
      st = bad(L, sec, k, "only for layout = mapped%s", "");
      break;
    }
    char *val = get_str(L, sec, k);
    if (val)
      st = mapped_key(L, sec, k, val, m);
    g_free(val);
  }
  g_strfreev(keylist);
  if (st != HG_OK)
    return st;
  long num = 0;
  if ((st = get_int(L, sec, "skip_rows", 0, 1000, &num)) != HG_OK)
    return st;
  m->skip_rows = (size_t)num;
  num = 1;
  if ((st = get_int(L, sec, "header_rows", 1, 10, &num)) != HG_OK)
    return st;
  m->header_rows = (size_t)num;
  int npivot = !!m->pivot_from + !!m->pivot_to + !!m->pivot_key + !!m->pivot_value;
  if (npivot != 0 && npivot != 4)
    return bad(L, sec, NULL, "pivot needs pivot.from, pivot.to, pivot.key and pivot.value%s", "");
  return HG_OK;
}

/* Where an input's data comes from (source, licence) and whether it is
 * synthetic: the packs credit and warn from these. */
static hg_status load_provenance(const loader *L, const char *sec, hg_config_input *in) {
  char *v = get_str(L, sec, "source");
  in->source = v && *g_strstrip(v) ? v : (g_free(v), NULL);
  v = get_str(L, sec, "licence");
  in->licence = v && *g_strstrip(v) ? v : (g_free(v), NULL);
  in->synthetic = -1;
  return get_bool(L, sec, "synthetic", &in->synthetic);
}

static hg_status load_input(const loader *L, const char *sec, hg_config *c, hg_config_input *in) {
  static const char *const keys[] = {"path",        "role",      "layout",      "skip_rows",
                                     "header_rows", "na",        "thousands",   "pivot.from",
                                     "pivot.to",    "pivot.key", "pivot.value", "pivot.strip",
                                     "source",      "licence",   "synthetic",   NULL};
  static const char *const prefixes[] = {"column.", "set.", "filter.", NULL};
  hg_status st = check_keys(L, sec, keys, prefixes);
  if (st != HG_OK)
    return st;
  in->name = g_strdup(sec + strlen("input."));
  in->line = key_line(L, sec, NULL);
  if ((st = load_input_kind(L, sec, c, in)) != HG_OK)
    return st;
  if ((st = load_provenance(L, sec, in)) != HG_OK)
    return st;
  return load_mapping(L, sec, in);
}

static hg_status load_kv(const loader *L, const char *sec, hg_config_kv **out, size_t *nout) {
  gsize n = 0;
  char **keys = g_key_file_get_keys(L->kf, sec, &n, NULL);
  *out = g_new0(hg_config_kv, n ? n : 1);
  for (gsize i = 0; i < n; i++) {
    char *v = get_str(L, sec, keys[i]);
    (*out)[*nout].key = g_strdup(keys[i]);
    (*out)[*nout].value = g_strdup(v ? g_strstrip(v) : "");
    (*nout)++;
    g_free(v);
  }
  g_strfreev(keys);
  return HG_OK;
}

static hg_status load_packs(const loader *L, hg_config *c) {
  static const char *const keys[] = {"london", "icb", "charts", NULL};
  hg_status st = check_keys(L, "packs", keys, NULL);
  if (st == HG_OK)
    st = get_bool(L, "packs", "london", &c->pack_london);
  if (st == HG_OK)
    st = get_bool(L, "packs", "charts", &c->charts);
  char *v = st == HG_OK ? get_str(L, "packs", "icb") : NULL;
  if (v) {
    g_strstrip(v);
    if (!strcmp(v, "none"))
      c->pack_icb_none = 1;
    else if (strcmp(v, "all") != 0) {
      c->pack_icbs = split_list(v);
      for (size_t i = 0; c->pack_icbs[i] && st == HG_OK; i++)
        if (!g_str_has_prefix(c->pack_icbs[i], "E54"))
          st = bad(L, "packs", "icb", "not an ICB code (E54...): '%s'", c->pack_icbs[i]);
    }
    g_free(v);
  }
  return st;
}

static hg_status load_disclosure(const loader *L, hg_config *c) {
  static const char *const keys[] = {"enabled", "min_count", "max_count", "note", NULL};
  const char *S = "disclosure";
  hg_status st = check_keys(L, S, keys, NULL);
  if (st == HG_OK)
    st = get_bool(L, S, "enabled", &c->disclosure);
  long lo = (long)c->suppress_min, hi = (long)c->suppress_max;
  if (st == HG_OK)
    st = get_int(L, S, "min_count", 0, 1000000, &lo);
  if (st == HG_OK)
    st = get_int(L, S, "max_count", 0, 1000000, &hi);
  if (st == HG_OK && hi < lo)
    st = bad(L, S, "max_count", "below min_count%s", "");
  c->suppress_min = (double)lo;
  c->suppress_max = (double)hi;
  char *v = st == HG_OK ? get_str(L, S, "note") : NULL;
  if (v) {
    g_free(c->suppress_note);
    c->suppress_note = v;
  }
  return st;
}

/* A config with every default (docs/config.md). */
static hg_config *config_defaults(const char *name, const char *dir, const char *text, size_t len) {
  hg_config *c = g_new0(hg_config, 1);
  c->file = g_strdup(name);
  c->dir = g_strdup(dir ? dir : ".");
  c->sha256 = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)text, len);
  c->keep = 7;
  c->seed = 20190101;
  c->confidence[0] = 95.0;
  c->confidence[1] = 99.8;
  c->nconfidence = 2;
  c->pack_london = 1;
  c->charts = 1;
  c->disclosure = 1;
  c->suppress_min = 1;
  c->suppress_max = 7;
  c->suppress_note = g_strdup("Value suppressed for disclosure control (count 1-7)");
  return c;
}

/* Every section, in file order; the inputs go to inputs (hg_config_input*). */
static hg_status load_sections(const loader *L, hg_config *c, GPtrArray *inputs) {
  gsize ngroups = 0;
  char **groups = g_key_file_get_groups(L->kf, &ngroups);
  hg_status st = HG_OK;
  int seen_pack = 0;
  for (gsize i = 0; i < ngroups && st == HG_OK; i++) {
    const char *g = groups[i];
    if (!strcmp(g, "pack")) {
      seen_pack = 1;
      st = load_pack(L, c);
    } else if (g_str_has_prefix(g, "input.") && g[6]) {
      hg_config_input *in = g_new0(hg_config_input, 1);
      g_ptr_array_add(inputs, in);
      st = load_input(L, g, c, in);
    } else if (!strcmp(g, "packs"))
      st = load_packs(L, c);
    else if (!strcmp(g, "reference"))
      st = load_kv(L, g, &c->reference, &c->nreference);
    else if (!strcmp(g, "disclosure"))
      st = load_disclosure(L, c);
    else {
      st = HG_ERR_CONFIG;
      hg_error_set(L->err, L->name, key_line(L, g, NULL), NULL,
                   "unknown section [%s] (pack, input.NAME, packs, reference, disclosure)", g);
    }
  }
  g_strfreev(groups);
  if (st == HG_OK && !seen_pack) {
    st = HG_ERR_CONFIG;
    hg_error_set(L->err, L->name, 0, NULL, "no [pack] section");
  }
  return st;
}

/* [pack] keys that change no byte of the outputs: where they go, how many
 * runs stay, how many threads make them (the outputs do not depend on it). */
static int outside_meaning(const char *group, const char *key) {
  static const char *const keys[] = {"output", "keep", "jobs", NULL};
  return !strcmp(group, "pack") && g_strv_contains(keys, key);
}

/* hg_config.meaning_sha256: the parsed sections, keys and values, each value
 * as GLib read it (no comment, no surrounding spaces). */
static char *meaning_sha256(GKeyFile *kf) {
  GChecksum *c = g_checksum_new(G_CHECKSUM_SHA256);
  char **groups = g_key_file_get_groups(kf, NULL);
  for (size_t i = 0; groups[i]; i++) {
    char **keys = g_key_file_get_keys(kf, groups[i], NULL, NULL);
    g_checksum_update(c, (const guchar *)"[", 1);
    g_checksum_update(c, (const guchar *)groups[i], -1);
    g_checksum_update(c, (const guchar *)"]\n", 2);
    for (size_t k = 0; keys && keys[k]; k++) {
      if (outside_meaning(groups[i], keys[k]))
        continue;
      char *v = g_key_file_get_value(kf, groups[i], keys[k], NULL);
      char *line = g_strdup_printf("%s=%s\n", keys[k], v ? g_strstrip(v) : "");
      g_checksum_update(c, (const guchar *)line, -1);
      g_free(line);
      g_free(v);
    }
    g_strfreev(keys);
  }
  g_strfreev(groups);
  char *hex = g_strdup(g_checksum_get_string(c));
  g_checksum_free(c);
  return hex;
}

/* Checks the text line by line before GLib parses it, so that every problem
 * names its line and nothing is accepted silently: GLib's key-file parser
 * gives no line for a line without '=', lets a repeated key or section win
 * or merge quietly, and says nothing useful when the file is a CSV.  The same
 * pass records where each section ("sec") and key ("sec\nkey") is, in `seen`
 * (owned by the caller), so that later messages about values name their line. */
static hg_status check_lines(const char *name, const char *text, size_t len, GHashTable *seen,
                             hg_error *err) {
  char *sec = NULL;
  hg_status st = HG_OK;
  long line = 0;
  int meaningful = 0;
  for (size_t pos = 0; pos < len && st == HG_OK;) {
    const char *nl = memchr(text + pos, '\n', len - pos);
    size_t end = nl ? (size_t)(nl - text) : len;
    char *l = g_strstrip(g_strndup(text + pos, end - pos));
    pos = end + 1;
    line++;
    if (line == 1 && g_str_has_prefix(l, "\xEF\xBB\xBF"))
      memmove(l, l + 3, strlen(l + 3) + 1);
    if (!g_utf8_validate(l, -1, NULL)) {
      st = HG_ERR_CONFIG;
      hg_error_set(err, name, line, NULL,
                   "not valid UTF-8 (a Latin-1 or Windows-1252 file?): save the config as UTF-8");
    } else if (!l[0] || l[0] == '#') {
      /* blank or comment */
    } else if (!meaningful++ && l[0] != '[') {
      st = HG_ERR_CONFIG;
      if (strchr(l, ',') && !strchr(l, '='))
        hg_error_set(err, name, line, NULL,
                     "this looks like a CSV file, not a pack config: `healthgap run` takes a "
                     ".conf file with a [pack] section (docs/config.md); to check a CSV, use "
                     "`healthgap validate FILE`");
      else
        hg_error_set(err, name, line, NULL, "expected a [section] header first, such as [pack]");
    } else if (l[0] == '[') {
      char *close = strchr(l, ']');
      if (!close || close[1]) {
        st = HG_ERR_CONFIG;
        hg_error_set(err, name, line, NULL, "a section header is '[name]' alone on its line");
      } else {
        g_free(sec);
        sec = g_strndup(l + 1, (gsize)(close - l - 1));
        char *k = g_strdup(sec);
        long first = GPOINTER_TO_INT(g_hash_table_lookup(seen, k));
        if (first) {
          st = HG_ERR_CONFIG;
          hg_error_set(err, name, line, NULL,
                       "section [%s] appears again (first at line %ld): merge the two", sec, first);
          g_free(k);
        } else
          g_hash_table_insert(seen, k, GINT_TO_POINTER((int)line));
      }
    } else {
      char *eq = strchr(l, '=');
      if (!eq) {
        st = HG_ERR_CONFIG;
        hg_error_set(err, name, line, NULL, "expected KEY = VALUE or a [section] header: '%.60s'",
                     l);
      } else {
        char *key = g_strstrip(g_strndup(l, (gsize)(eq - l)));
        char *k = g_strconcat(sec ? sec : "", "\n", key, NULL);
        long first = GPOINTER_TO_INT(g_hash_table_lookup(seen, k));
        if (first) {
          st = HG_ERR_CONFIG;
          hg_error_set(err, name, line, NULL,
                       "key '%s' appears again in [%s] (first at line %ld): keep one", key,
                       sec ? sec : "", first);
          g_free(k);
        } else
          g_hash_table_insert(seen, k, GINT_TO_POINTER((int)line));
        g_free(key);
      }
    }
    g_free(l);
  }
  g_free(sec);
  return st;
}

hg_status hg_config_load_mem(const char *name, const char *dir, const char *text, size_t len,
                             hg_config **out, hg_error *err) {
  *out = NULL;
  hg_status st = HG_OK;
  GError *ge = NULL;
  loader L = {.name = name ? name : "config",
              .kf = g_key_file_new(),
              .lines = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
              .err = err};
  hg_config *c = config_defaults(L.name, dir, text, len);
  GPtrArray *inputs = g_ptr_array_new();
  st = check_lines(L.name, text, len, L.lines, err);
  if (st != HG_OK) {
    /* named with its line by check_lines */
  } else if (!g_key_file_load_from_data(L.kf, text, len, G_KEY_FILE_NONE, &ge)) {
    st = HG_ERR_CONFIG;
    hg_error_set(err, L.name, 0, NULL, "%s", ge->message);
    g_error_free(ge);
  } else {
    st = load_sections(&L, c, inputs);
    if (st == HG_OK)
      c->meaning_sha256 = meaning_sha256(L.kf);
  }
  if (st == HG_OK && c->keep < 1)
    c->keep = 1;
  /* The inputs are kept on error too, so that hg_config_free frees them. */
  c->ninputs = inputs->len;
  c->inputs = g_new0(hg_config_input, inputs->len ? inputs->len : 1);
  for (guint i = 0; i < inputs->len; i++) {
    c->inputs[i] = *(hg_config_input *)inputs->pdata[i];
    g_free(inputs->pdata[i]);
  }
  g_ptr_array_free(inputs, TRUE);
  g_hash_table_destroy(L.lines);
  g_key_file_free(L.kf);
  if (st == HG_OK)
    *out = c;
  else
    hg_config_free(c);
  return st;
}

hg_status hg_config_load(const char *path, hg_config **out, hg_error *err) {
  *out = NULL;
  char *text = NULL;
  gsize len = 0;
  GError *ge = NULL;
  hg_status cs = hg_input_check(path, 0, err);
  if (cs != HG_OK)
    return cs;
  if (!g_file_get_contents(path, &text, &len, &ge)) {
    hg_error_set(err, path, 0, NULL, "%s", ge->message);
    g_error_free(ge);
    return HG_ERR_IO;
  }
  char *dir = g_path_get_dirname(path);
  hg_status st = hg_config_load_mem(path, dir, text, len, out, err);
  g_free(dir);
  g_free(text);
  return st;
}

void hg_mapped_spec_clear(hg_mapped_spec *spec) {
  if (!spec)
    return;
  g_strfreev(spec->na);
  for (size_t i = 0; i < spec->ncolumns; i++) {
    g_free(spec->columns[i].field);
    g_free(spec->columns[i].text);
  }
  g_free(spec->columns);
  for (size_t i = 0; i < spec->nconstants; i++) {
    g_free(spec->constants[i].field);
    g_free(spec->constants[i].text);
  }
  g_free(spec->constants);
  g_free(spec->pivot_from);
  g_free(spec->pivot_to);
  g_free(spec->pivot_key);
  g_free(spec->pivot_value);
  g_free(spec->pivot_strip);
  for (size_t i = 0; i < spec->nfilters; i++) {
    g_free(spec->filters[i].field);
    g_free(spec->filters[i].text);
  }
  g_free(spec->filters);
  memset(spec, 0, sizeof *spec);
}

void hg_config_free(hg_config *c) {
  if (!c)
    return;
  g_free(c->file);
  g_free(c->dir);
  g_free(c->sha256);
  g_free(c->meaning_sha256);
  g_free(c->title);
  g_free(c->cover_text);
  g_free(c->footer);
  g_free(c->output);
  g_free(c->timestamp);
  g_free(c->series_sex);
  g_free(c->series_age);
  g_free(c->series_category_type);
  g_free(c->series_area_type);
  for (size_t i = 0; i < c->ninputs; i++) {
    g_free(c->inputs[i].name);
    g_free(c->inputs[i].pattern);
    g_free(c->inputs[i].resolved);
    g_free(c->inputs[i].source);
    g_free(c->inputs[i].licence);
    hg_mapped_spec_clear(&c->inputs[i].mapped);
  }
  g_free(c->inputs);
  g_strfreev(c->pack_icbs);
  for (size_t i = 0; i < c->nreference; i++) {
    g_free(c->reference[i].key);
    g_free(c->reference[i].value);
  }
  g_free(c->reference);
  g_free(c->suppress_note);
  g_free(c);
}

const char *hg_config_reference(const hg_config *cfg, const char *breakdown) {
  for (size_t i = 0; cfg && i < cfg->nreference; i++)
    if (!strcmp(cfg->reference[i].key, breakdown))
      return cfg->reference[i].value;
  return NULL;
}
