/* engine/run/run_test.h: test hooks of the run driver.  Not public API: for
 * the tests and for the CLI, which sets them from HEALTHGAP_TEST_DELAY_MS so
 * that tests/cli/run_guarantees.sh can signal or race a run in progress.
 * The library itself reads no environment for them. */
#ifndef HEALTHGAP_RUN_TEST_H
#define HEALTHGAP_RUN_TEST_H

#include "healthgap/run.h"

/* Zero-initialised = no hooks. */
typedef struct run_test_hooks {
  unsigned delay_ms; /* pause this long (cancellable) before the publish stage */
} run_test_hooks;

/* hg_run with test hooks (NULL = none: exactly hg_run). */
hg_status run_with_hooks(const hg_config *cfg, const hg_run_options *opt,
                         const run_test_hooks *hooks, hg_run_summary *sum, hg_error *err);

#endif
