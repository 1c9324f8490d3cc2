/* module_entry.c: the render module's one exported symbol (cli/module.h).
 * Linked into libhealthgap-render.so, whose version script (module.map)
 * makes every other symbol local. */
#include "cli/cli.h"
#include "cli/module.h"
#include "healthgap/csvout.h"

__attribute__((visibility("default"))) const hg_cli_module hg_cli_module_entry = {
    .version = HG_VERSION,
    .size = sizeof(hg_cli_module),
    .set_raw_csv = hg_csv_set_default_raw,
    .run = hg_cli_run,
    .chart = hg_cli_chart,
};
