/* cli_run.c: `healthgap run` (placeholder until its issue lands: replace this file). */
#include "cli.h"

int hg_cli_run(int argc, char **argv) {
  (void)argc;
  (void)argv;
  hg_cli_error("run: not available in this build yet");
  return HG_EXIT_DATA;
}
