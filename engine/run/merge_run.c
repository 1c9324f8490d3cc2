/* run/merge_run.c: hg_run_merge (healthgap/run.h): the shards checked, then
 * every results file merged (run/merge.c) into a new folder.
 *
 * The shards must be one partition of one run: the same N, each K once, and
 * the same fingerprint (inputs, config and engine, run/shard.c writes it into
 * shard.txt).  The folder is built as OUT.partial-<pid> and renamed to OUT
 * when complete, so a reader never sees half a merge, and a failed merge
 * leaves nothing.
 */
#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "run/merge.h"

/* DIR/latest when DIR is an output folder, else DIR (a run folder). */
static char *run_folder(const char *dir) {
  char *latest = g_build_filename(dir, "latest", NULL);
  if (g_file_test(latest, G_FILE_TEST_IS_DIR))
    return latest;
  g_free(latest);
  return g_strdup(dir);
}

/* The shard and fingerprint lines of run/shard.txt. */
static hg_status read_mark(const char *dir, merge_shard *s, hg_error *err) {
  s->run = run_folder(dir);
  char *path = g_build_filename(s->run, HG_RUN_SHARD_FILE, NULL);
  char *text = NULL;
  hg_status st = HG_OK;
  if (!g_file_get_contents(path, &text, NULL, NULL)) {
    hg_error_set(err, path, 0, NULL, "cannot read: not a run made with --shard K/N");
    st = HG_ERR_INVALID;
  }
  char **lines = text ? g_strsplit(text, "\n", -1) : NULL;
  int got = 0;
  for (size_t i = 0; lines && lines[i]; i++) {
    if (sscanf(lines[i], "shard %u/%u", &s->k, &s->n) == 2)
      got |= 1;
    else if (sscanf(lines[i], "fingerprint %64[0-9a-f]", s->fingerprint) == 1)
      got |= 2;
  }
  if (st == HG_OK && (got != 3 || s->k < 1 || s->k > s->n)) {
    hg_error_set(err, path, 0, NULL, "no 'shard K/N' and 'fingerprint' lines");
    st = HG_ERR_INVALID;
  }
  g_strfreev(lines);
  g_free(text);
  g_free(path);
  return st;
}

/* One partition of one run: the same N and fingerprint, each K once. */
static hg_status check_shards(const merge_shard *sh, size_t n, const char *const *dirs,
                              hg_error *err) {
  const merge_shard *a = &sh[0];
  for (size_t i = 1; i < n; i++) {
    const merge_shard *b = &sh[i];
    if (b->n != a->n) {
      hg_error_set(err, dirs[i], 0, NULL, "shard %u/%u, but %s is shard %u/%u: another partition",
                   b->k, b->n, dirs[0], a->k, a->n);
      return HG_ERR_INVALID;
    }
    if (strcmp(b->fingerprint, a->fingerprint) != 0) {
      hg_error_set(err, dirs[i], 0, NULL,
                   "fingerprint differs from %s's: another config, other inputs or another "
                   "engine; run every shard from the same ones",
                   dirs[0]);
      return HG_ERR_INVALID;
    }
    for (size_t j = 0; j < i; j++)
      if (sh[j].k == b->k) {
        hg_error_set(err, dirs[i], 0, NULL, "shard %u/%u again (also %s)", b->k, b->n, dirs[j]);
        return HG_ERR_INVALID;
      }
  }
  if (n != a->n) {
    GString *missing = g_string_new(NULL);
    for (unsigned k = 1; k <= a->n && missing->len < 200; k++) {
      size_t i = 0;
      while (i < n && sh[i].k != k)
        i++;
      if (i == n)
        g_string_append_printf(missing, "%s%u/%u", missing->len ? ", " : "", k, a->n);
    }
    hg_error_set(err, NULL, 0, NULL, "%zu of %u shards given; missing %s", n, a->n, missing->str);
    g_string_free(missing, TRUE);
    return HG_ERR_INVALID;
  }
  return HG_OK;
}

static gint cmp_rel(gconstpointer a, gconstpointer b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* results/<name>.csv of any shard, sorted, then rejects.csv. */
static GPtrArray *file_list(const merge_shard *sh, size_t n) {
  GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
  GPtrArray *rels = g_ptr_array_new_with_free_func(g_free);
  for (size_t i = 0; i < n; i++) {
    char *dir = g_build_filename(sh[i].run, "results", NULL);
    GDir *d = g_dir_open(dir, 0, NULL);
    for (const char *name; d && (name = g_dir_read_name(d));) {
      char *rel = g_strconcat("results/", name, NULL);
      if (g_str_has_suffix(name, ".csv") && !g_hash_table_contains(seen, rel)) {
        g_ptr_array_add(rels, rel);
        g_hash_table_add(seen, rel);
      } else {
        g_free(rel);
      }
    }
    if (d)
      g_dir_close(d);
    g_free(dir);
  }
  g_ptr_array_sort(rels, cmp_rel);
  g_ptr_array_add(rels, g_strdup("rejects.csv"));
  g_hash_table_destroy(seen);
  return rels;
}

/* Removes the merge's own files (two levels) and the folder. */
static void remove_tree(const char *dir) {
  GDir *d = g_dir_open(dir, 0, NULL);
  for (const char *name; d && (name = g_dir_read_name(d));) {
    char *p = g_build_filename(dir, name, NULL);
    if (g_file_test(p, G_FILE_TEST_IS_DIR) && !g_file_test(p, G_FILE_TEST_IS_SYMLINK))
      remove_tree(p);
    else
      g_remove(p);
    g_free(p);
  }
  if (d)
    g_dir_close(d);
  g_rmdir(dir);
}

/* merge.txt: which shards, of which run. */
static hg_status write_note(const char *tmp, const merge_shard *sh, size_t n, hg_error *err) {
  GString *t = g_string_new("format healthgap-merge/1\n");
  g_string_append_printf(t, "shards %zu\nfingerprint %s\n", n, sh[0].fingerprint);
  for (unsigned k = 1; k <= sh[0].n; k++)
    for (size_t i = 0; i < n; i++)
      if (sh[i].k == k)
        g_string_append_printf(t, "shard %u/%u %s\n", k, sh[i].n, sh[i].run);
  char *path = g_build_filename(tmp, "merge.txt", NULL);
  hg_status st = HG_OK;
  if (!g_file_set_contents(path, t->str, (gssize)t->len, NULL)) {
    hg_error_set(err, path, 0, NULL, "cannot write");
    st = HG_ERR_IO;
  }
  g_free(path);
  g_string_free(t, TRUE);
  return st;
}

static hg_status merge_into(const merge_shard *sh, size_t n, const char *tmp,
                            hg_run_merge_summary *sum, hg_error *err) {
  char *results = g_build_filename(tmp, "results", NULL);
  hg_status st = HG_OK;
  if (g_mkdir_with_parents(results, 0777) != 0) {
    hg_error_set(err, results, 0, NULL, "cannot create: %s", g_strerror(errno));
    st = HG_ERR_IO;
  }
  g_free(results);
  GPtrArray *rels = file_list(sh, n);
  GHashTable *ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; st == HG_OK && i < rels->len; i++)
    st = merge_one(sh, n, rels->pdata[i], tmp, sum, ids, err);
  if (st == HG_OK)
    st = write_note(tmp, sh, n, err);
  sum->indicators = g_hash_table_size(ids);
  g_hash_table_destroy(ids);
  g_ptr_array_free(rels, TRUE);
  return st;
}

hg_status hg_run_merge(const char *const *dirs, size_t n, const char *out,
                       hg_run_merge_summary *sum, hg_error *err) {
  hg_run_merge_summary local;
  sum = sum ? sum : &local;
  memset(sum, 0, sizeof *sum);
  hg_error_clear(err);
  if (n == 0 || !out) {
    hg_error_set(err, NULL, 0, NULL, "no shards to merge");
    return HG_ERR_INVALID;
  }
  if (g_file_test(out, G_FILE_TEST_EXISTS)) {
    hg_error_set(err, out, 0, NULL, "exists; the merge makes a new folder (remove it first)");
    return HG_ERR_INVALID;
  }
  merge_shard *sh = g_new0(merge_shard, n);
  hg_status st = HG_OK;
  for (size_t i = 0; i < n && st == HG_OK; i++)
    st = read_mark(dirs[i], &sh[i], err);
  if (st == HG_OK)
    st = check_shards(sh, n, dirs, err);
  char *tmp = g_strdup_printf("%s.partial-%ld", out, (long)getpid());
  if (st == HG_OK) {
    sum->nshards = sh[0].n;
    st = merge_into(sh, n, tmp, sum, err);
  }
  if (st == HG_OK && g_rename(tmp, out) != 0) {
    hg_error_set(err, out, 0, NULL, "cannot rename %s to it: %s", tmp, g_strerror(errno));
    st = HG_ERR_IO;
  }
  if (st != HG_OK)
    remove_tree(tmp);
  g_free(tmp);
  for (size_t i = 0; i < n; i++)
    g_free(sh[i].run);
  g_free(sh);
  return st;
}
