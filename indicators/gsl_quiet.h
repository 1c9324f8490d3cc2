/* gsl_quiet.h: private to indicators/.  GSL's default error handler aborts the
 * process; the library reports instead.  hg_gsl_quiet() turns the handler off
 * once per process (thread-safe, so methods can run on a thread pool). */
#ifndef HG_INDICATORS_GSL_QUIET_H
#define HG_INDICATORS_GSL_QUIET_H
void hg_gsl_quiet(void);
#endif
