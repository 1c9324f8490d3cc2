/* gsl_quiet.c: the one place that switches GSL's error handler off (see
 * gsl_quiet.h for why). */
#include "gsl_quiet.h"

#include <glib.h>
#include <gsl/gsl_errno.h>

void hg_gsl_quiet(void) {
  static gsize once = 0;
  if (g_once_init_enter(&once)) {
    gsl_set_error_handler_off();
    g_once_init_leave(&once, 1);
  }
}
