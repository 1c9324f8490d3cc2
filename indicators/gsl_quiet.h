/* gsl_quiet.h: private to indicators/.  GSL's default error handler aborts the
 * process; the library checks GSL's return codes and reports instead.  A
 * function whose GSL call can fail calls hg_gsl_quiet() first: it turns the
 * handler off once per process, thread-safely (methods run on a thread pool).
 * This is the only way the project touches GSL's handler. */
#ifndef HG_INDICATORS_GSL_QUIET_H
#define HG_INDICATORS_GSL_QUIET_H
void hg_gsl_quiet(void);
#endif
