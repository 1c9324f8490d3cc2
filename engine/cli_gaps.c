/* cli_gaps.c: `healthgap gaps` (placeholder until its issue lands: replace this file). */
#include "cli.h"

int hg_cli_gaps(int argc, char **argv) {
  (void)argc;
  (void)argv;
  hg_cli_error("gaps: not available in this build yet");
  return HG_EXIT_DATA;
}
