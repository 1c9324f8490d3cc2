/* module_load.c: `run` and `chart` through the render module (cli/module.h).
 *
 * The module is looked for, in order: beside the binary (the build folder:
 * build/healthgap and build/libhealthgap-render.so), in HG_MODULE_DIR (the
 * folder `make install` puts it in, $(PREFIX)/lib/healthgap), and in
 * ../lib/healthgap from the binary (an installed tree moved elsewhere).  The
 * binary's folder comes from /proc/self/exe, never from $PATH or argv[0].
 * A binary that links the whole library (tests/healthgap-hooks) has the
 * entry table already and opens nothing.
 */
#include <dlfcn.h>
#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/module.h"
#include "healthgap/csvout.h"

#ifndef HG_MODULE_DIR
#define HG_MODULE_DIR "/usr/local/lib/healthgap"
#endif

/* Defined only where module_entry.o is linked in (weak: NULL elsewhere). */
extern const hg_cli_module hg_cli_module_entry __attribute__((weak));

static int raw_csv;

void hg_cli_set_raw_csv(int raw) {
  raw_csv = raw != 0;
  hg_csv_set_default_raw(raw_csv);
}

/* The candidate paths of the module, in the order they are tried. */
static GPtrArray *module_paths(void) {
  GPtrArray *paths = g_ptr_array_new_with_free_func(g_free);
  char *exe = g_file_read_link("/proc/self/exe", NULL);
  char *dir = exe ? g_path_get_dirname(exe) : NULL;
  if (dir)
    g_ptr_array_add(paths, g_build_filename(dir, HG_CLI_MODULE_FILE, NULL));
  g_ptr_array_add(paths, g_build_filename(HG_MODULE_DIR, HG_CLI_MODULE_FILE, NULL));
  if (dir) {
    char *rel = g_build_filename(dir, "..", "lib", "healthgap", HG_CLI_MODULE_FILE, NULL);
    char *canon = g_canonicalize_filename(rel, NULL);
    if (strcmp(canon, paths->pdata[paths->len - 1]) != 0)
      g_ptr_array_add(paths, g_steal_pointer(&canon));
    g_free(canon);
    g_free(rel);
  }
  g_free(dir);
  g_free(exe);
  return paths;
}

/* Prints that the module is nowhere, naming every place looked in. */
static void say_missing(const char *cmd, const GPtrArray *paths) {
  GString *where = g_string_new(NULL);
  for (guint i = 0; i < paths->len; i++)
    g_string_append_printf(where, "%s%s", i ? ", " : "", (const char *)paths->pdata[i]);
  hg_cli_error("%s needs the render module %s, which is missing (looked for %s); "
               "build it with make, or reinstall healthgap",
               cmd, HG_CLI_MODULE_FILE, where->str);
  g_string_free(where, TRUE);
}

/* The first module found, opened; NULL after printing why there is none: the
 * file that exists but does not load (with dlerror: a missing cairo, say) or
 * comes from another build, or else every place looked in. */
static const hg_cli_module *load_module(const char *cmd) {
  GPtrArray *paths = module_paths();
  const hg_cli_module *m = NULL;
  guint i = 0;
  while (i < paths->len && !g_file_test(paths->pdata[i], G_FILE_TEST_EXISTS))
    i++;
  if (i == paths->len) {
    say_missing(cmd, paths);
  } else {
    const char *path = paths->pdata[i];
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    m = h ? dlsym(h, HG_CLI_MODULE_SYMBOL) : NULL;
    if (!m) {
      hg_cli_error("%s: cannot load the render module %s: %s", cmd, path, dlerror());
    } else if (strcmp(m->version, HG_VERSION) != 0 || m->size != sizeof(hg_cli_module)) {
      hg_cli_error("%s: the render module %s is from healthgap %s, not %s: reinstall healthgap",
                   cmd, path, m->version, HG_VERSION);
      m = NULL;
    }
  }
  g_ptr_array_free(paths, TRUE);
  return m;
}

static const hg_cli_module *module(const char *cmd) {
  if (&hg_cli_module_entry != NULL)
    return &hg_cli_module_entry;
  const hg_cli_module *m = load_module(cmd);
  if (m)
    m->set_raw_csv(raw_csv);
  return m;
}

int hg_cli_module_run(int argc, char **argv) {
  const hg_cli_module *m = module("run");
  return m ? m->run(argc, argv) : HG_EXIT_DATA;
}

int hg_cli_module_chart(int argc, char **argv) {
  const hg_cli_module *m = module("chart");
  return m ? m->chart(argc, argv) : HG_EXIT_DATA;
}
