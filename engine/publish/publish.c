/* publish/publish.c: the output folder's safety rules (healthgap/run.h).
 *
 * A run is built in OUT/.staging-<pid> and becomes visible by two renames, both
 * atomic on POSIX: the folder into OUT/runs/<run-id>, then a fresh symlink over
 * OUT/latest.  Until the second rename nothing a reader follows has changed, so
 * a failed or killed run can only leave a stray staging folder behind, which
 * the next run (holding the lock) removes.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "publish/publish.h"

hg_status publish_lock(const char *out, int *fd, hg_error *err) {
  *fd = -1;
  if (g_mkdir_with_parents(out, 0777) != 0) {
    hg_error_set(err, out, 0, NULL, "cannot create output folder: %s", strerror(errno));
    return HG_ERR_IO;
  }
  char *path = g_build_filename(out, ".lock", NULL);
  int f = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
  hg_status st = HG_OK;
  if (f < 0) {
    hg_error_set(err, path, 0, NULL, "cannot open lock file: %s", strerror(errno));
    st = HG_ERR_IO;
  } else if (flock(f, LOCK_EX | LOCK_NB) != 0) {
    char pid[32] = "";
    ssize_t n = pread(f, pid, sizeof pid - 1, 0);
    pid[n > 0 ? n : 0] = '\0';
    g_strstrip(pid);
    hg_error_set(err, out, 0, NULL, "another run is in progress (lock %s held%s%s); not publishing",
                 path, *pid ? " by pid " : "", pid);
    close(f);
    st = HG_ERR_LOCKED;
  } else {
    /* The pid is informational (for the message above); flock is the lock. */
    char pid[32];
    int n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
    if (ftruncate(f, 0) == 0 && pwrite(f, pid, (size_t)n, 0) < 0) {
      /* not fatal */
    }
    *fd = f;
  }
  g_free(path);
  return st;
}

void publish_unlock(int fd) {
  if (fd >= 0) {
    flock(fd, LOCK_UN);
    close(fd);
  }
}

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw) {
  (void)sb;
  (void)ftw;
  if (flag == FTW_DP)
    rmdir(path);
  else
    unlink(path);
  return 0;
}

void publish_rmtree(const char *path) {
  struct stat sb;
  if (lstat(path, &sb) != 0)
    return;
  if (!S_ISDIR(sb.st_mode)) {
    unlink(path);
    return;
  }
  nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* 1 when name is prefix followed by a decimal number (a pid) and nothing else:
 * only what a run makes is ever removed, never a user's file that happens to
 * sit in the output folder. */
static int is_prefix_pid(const char *name, const char *prefix) {
  if (!g_str_has_prefix(name, prefix))
    return 0;
  const char *p = name + strlen(prefix);
  if (!*p)
    return 0;
  for (; *p; p++)
    if (!g_ascii_isdigit(*p))
      return 0;
  return 1;
}

/* A run id: 20240101T000000Z-1a2b3c4d, maybe with a -N suffix (publish_commit). */
static int is_run_id(const char *n) {
  static const char shape[] = "dddddddd"
                              "Tdddddd"
                              "Z-hhhhhhhh";
  size_t k = 0;
  for (; shape[k]; k++) {
    char c = n[k];
    if (shape[k] == 'd'   ? !g_ascii_isdigit(c)
        : shape[k] == 'h' ? !g_ascii_isxdigit(c)
                          : c != shape[k])
      return 0;
  }
  if (!n[k])
    return 1;
  if (n[k] != '-' || !n[k + 1])
    return 0;
  for (k++; n[k]; k++)
    if (!g_ascii_isdigit(n[k]))
      return 0;
  return 1;
}

void publish_clear_leftovers(const char *out) {
  /* We hold the lock, so every staging folder, temporary link and trash
   * folder is from a run that died (or was killed while pruning). */
  GDir *d = g_dir_open(out, 0, NULL);
  if (!d)
    return;
  const char *n;
  while ((n = g_dir_read_name(d)) != NULL)
    if (is_prefix_pid(n, ".staging-") || is_prefix_pid(n, ".latest-") ||
        (g_str_has_prefix(n, ".trash-") && is_run_id(n + strlen(".trash-")))) {
      char *p = g_build_filename(out, n, NULL);
      publish_rmtree(p);
      g_free(p);
    }
  g_dir_close(d);
}

hg_status publish_make_staging(run_ctx *ctx, hg_error *err) {
  publish_clear_leftovers(ctx->out);
  char name[64];
  snprintf(name, sizeof name, ".staging-%ld", (long)getpid());
  ctx->staging = g_build_filename(ctx->out, name, NULL);
  static const char *const sub[] = {"results", "packs", "charts"};
  for (size_t i = 0; i < G_N_ELEMENTS(sub); i++) {
    char *p = g_build_filename(ctx->staging, sub[i], NULL);
    int rc = g_mkdir_with_parents(p, 0777);
    g_free(p);
    if (rc != 0) {
      hg_error_set(err, ctx->staging, 0, NULL, "cannot create staging folder: %s", strerror(errno));
      return HG_ERR_IO;
    }
  }
  return HG_OK;
}

char *publish_latest_id(const char *out) {
  char *link = g_build_filename(out, "latest", NULL);
  char *target = g_file_read_link(link, NULL);
  g_free(link);
  if (!target)
    return NULL;
  char *id = g_path_get_basename(target);
  g_free(target);
  return id;
}

/* The file fsync_one failed on (nftw passes no user data; one per thread). */
static _Thread_local char fsync_failed[4096];

static int fsync_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw) {
  (void)sb;
  (void)ftw;
  if (flag != FTW_F && flag != FTW_DP)
    return 0;
  int fd = open(path, (flag == FTW_DP ? O_DIRECTORY : 0) | O_RDONLY | O_CLOEXEC);
  int rc = fd < 0 ? errno : fsync(fd) == 0 ? 0 : errno;
  if (fd >= 0 && close(fd) != 0 && rc == 0)
    rc = errno; /* NFS reports a failed write back at close */
  if (rc)
    g_strlcpy(fsync_failed, path, sizeof fsync_failed);
  return rc;
}

/* Every file and folder of the staged run on disk before it is renamed into
 * place: after a power cut, latest must never point at empty files.  The
 * error names the file that failed and why (EIO, ENOSPC on a delayed
 * allocation). */
static hg_status fsync_tree(const char *dir, hg_error *err) {
  fsync_failed[0] = '\0';
  int rc = nftw(dir, fsync_one, 16, FTW_DEPTH | FTW_PHYS);
  if (rc != 0) {
    hg_error_set(err, fsync_failed[0] ? fsync_failed : dir, 0, NULL,
                 "cannot flush the staged run to disk: %s", strerror(rc > 0 ? rc : errno));
    return HG_ERR_IO;
  }
  return HG_OK;
}

static void fsync_dir(const char *dir) {
  int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    fsync(fd);
    close(fd);
  }
}

hg_status publish_commit(run_ctx *ctx, hg_error *err) {
  hg_status st = HG_OK;
  char *runs = g_build_filename(ctx->out, "runs", NULL);
  char *dest = NULL, *tmp = NULL, *latest = NULL, *target = NULL;
  if (g_mkdir_with_parents(runs, 0777) != 0) {
    hg_error_set(err, runs, 0, NULL, "cannot create: %s", strerror(errno));
    st = HG_ERR_IO;
    goto cleanup;
  }
  /* A forced rebuild with a fixed timestamp has the same id: never overwrite a
   * published run (latest may point at it), take the next free suffix. */
  char *id = g_strdup(ctx->run_id);
  dest = g_build_filename(runs, id, NULL);
  for (int n = 2; g_file_test(dest, G_FILE_TEST_EXISTS); n++) {
    g_free(id);
    g_free(dest);
    id = g_strdup_printf("%s-%d", ctx->run_id, n);
    dest = g_build_filename(runs, id, NULL);
  }
  g_free(ctx->run_id);
  ctx->run_id = id;
  /* The folder's time is its publish time (pruning keeps the newest). */
  utimensat(AT_FDCWD, ctx->staging, NULL, 0);
  if ((st = fsync_tree(ctx->staging, err)) != HG_OK)
    goto cleanup;
  if (rename(ctx->staging, dest) != 0) {
    hg_error_set(err, dest, 0, NULL, "cannot move the staged run into place: %s", strerror(errno));
    st = HG_ERR_IO;
    goto cleanup;
  }
  g_free(ctx->staging);
  ctx->staging = NULL; /* nothing left to remove */
  fsync_dir(runs);
  char tname[64];
  snprintf(tname, sizeof tname, ".latest-%ld", (long)getpid());
  tmp = g_build_filename(ctx->out, tname, NULL);
  latest = g_build_filename(ctx->out, "latest", NULL);
  target = g_build_filename("runs", ctx->run_id, NULL);
  unlink(tmp);
  if (symlink(target, tmp) != 0 || rename(tmp, latest) != 0) {
    hg_error_set(err, latest, 0, NULL, "cannot update the latest link: %s", strerror(errno));
    unlink(tmp);
    st = HG_ERR_IO;
    goto cleanup;
  }
  fsync_dir(ctx->out);
cleanup:
  g_free(runs);
  g_free(dest);
  g_free(tmp);
  g_free(latest);
  g_free(target);
  return st;
}

typedef struct {
  char *name;
  gint64 mtime_ns;
} run_entry;

/* Oldest first: by modification time (a run folder is last written when it is
 * published), then by name.  Names alone are not age: a forced rerun with a
 * fixed --timestamp gets the same time prefix and a suffix. */
static gint cmp_runs(gconstpointer a, gconstpointer b) {
  const run_entry *x = *(run_entry *const *)a, *y = *(run_entry *const *)b;
  if (x->mtime_ns != y->mtime_ns)
    return x->mtime_ns < y->mtime_ns ? -1 : 1;
  return strcmp(x->name, y->name);
}

static void run_entry_free(gpointer p) {
  run_entry *e = p;
  g_free(e->name);
  g_free(e);
}

void publish_prune(run_ctx *ctx) {
  char *runs = g_build_filename(ctx->out, "runs", NULL);
  GDir *d = g_dir_open(runs, 0, NULL);
  if (!d) {
    g_free(runs);
    return;
  }
  GPtrArray *list = g_ptr_array_new_with_free_func(run_entry_free);
  const char *n;
  while ((n = g_dir_read_name(d)) != NULL) {
    if (!is_run_id(n))
      continue; /* not ours: never pruned */
    char *p = g_build_filename(runs, n, NULL);
    struct stat sb;
    if (lstat(p, &sb) == 0 && S_ISDIR(sb.st_mode)) {
      run_entry *e = g_new(run_entry, 1);
      e->name = g_strdup(n);
      e->mtime_ns = (gint64)sb.st_mtim.tv_sec * 1000000000 + sb.st_mtim.tv_nsec;
      g_ptr_array_add(list, e);
    }
    g_free(p);
  }
  g_dir_close(d);
  g_ptr_array_sort(list, cmp_runs);
  int keep = ctx->cfg->keep > 0 ? ctx->cfg->keep : 1;
  for (guint i = 0; i + (guint)keep < list->len; i++) {
    const char *name = ((run_entry *)list->pdata[i])->name;
    if (ctx->run_id && strcmp(name, ctx->run_id) == 0)
      continue; /* never the run just published */
    /* Renamed out of runs/ first (atomic), then deleted: a run killed while
     * pruning leaves a hidden .trash- folder for the next run to clear, never
     * a half-deleted run among the published ones. */
    char *p = g_build_filename(runs, name, NULL);
    char *trash_name = g_strconcat(".trash-", name, NULL);
    char *trash = g_build_filename(ctx->out, trash_name, NULL);
    publish_rmtree(trash);
    if (rename(p, trash) == 0) {
      fsync_dir(runs);
      publish_rmtree(trash);
    } else {
      run_warn(ctx, "cannot prune %s: %s", p, strerror(errno));
    }
    g_free(trash);
    g_free(trash_name);
    g_free(p);
  }
  g_ptr_array_free(list, TRUE);
  g_free(runs);
}
