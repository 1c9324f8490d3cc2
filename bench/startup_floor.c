/* startup_floor.c: the start-up floor for bench_startup: a program that links
 * exactly the libraries the healthgap binary links (GLib, GSL, libcsv: the
 * Makefile's CORE_LIBS) and does nothing, so that the dynamic loader maps
 * them all as it does for `healthgap stat`.  The calls sit behind a test the
 * bench never passes, only so that the linker keeps every library. */
#include <csv.h>
#include <glib.h>
#include <gsl/gsl_cdf.h>

int main(int argc, char **argv) {
  (void)argv;
  if (argc > 100) {
    struct csv_parser p;
    csv_init(&p, 0);
    g_print("%g\n", gsl_cdf_ugaussian_P(1.0));
  }
  return 0;
}
