/* engine/cli/module.h: the render module, the commands that draw.
 *
 * `run` and `chart` need cairo, pango, fontconfig, libpng, json-glib and
 * libxlsxwriter; `stat`, `validate`, `gaps` and `compare` need none of them,
 * and mapping those 40-odd shared libraries was almost all of a small
 * command's start-up (issue 17: under 5 ms).  So the two drawing commands
 * are built into a shared object of their own, libhealthgap-render.so (the
 * whole library with the run and chart commands, linked with every
 * package), which the healthgap binary opens with dlopen only when one of
 * them is asked for (module_load.c); the binary itself links only GLib, GSL
 * and libcsv, statically (Makefile CORE_LIBS).  The object exports one symbol,
 * HG_CLI_MODULE_SYMBOL, and keeps its own copy of the library: it shares no state with the binary
 * but what passes through this table.
 */
#ifndef HEALTHGAP_CLI_MODULE_H
#define HEALTHGAP_CLI_MODULE_H

/* File name of the module: beside the binary in the build folder, in
 * $(PREFIX)/lib/healthgap after `make install` (Makefile PKGLIBDIR). */
#define HG_CLI_MODULE_FILE "libhealthgap-render.so"
#define HG_CLI_MODULE_SYMBOL "hg_cli_module_entry"

typedef struct hg_cli_module {
  /* HG_VERSION of the build: a binary refuses a module of another build. */
  const char *version;
  /* sizeof (hg_cli_module) as the module was built. */
  unsigned size;
  /* hg_csv_set_default_raw of the module's copy of the library (--raw-csv). */
  void (*set_raw_csv)(int raw);
  int (*run)(int argc, char **argv);
  int (*chart)(int argc, char **argv);
} hg_cli_module;

/* module_entry.c, in the module (and in binaries that link the whole
 * library, such as the tests' healthgap-hooks, where the loader uses it
 * without dlopen). */
extern const hg_cli_module hg_cli_module_entry;

#endif
