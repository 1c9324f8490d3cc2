/* cli_compare.c: `healthgap compare` (placeholder until its issue lands: replace this file). */
#include "cli.h"

int hg_cli_compare(int argc, char **argv) {
  (void)argc;
  (void)argv;
  hg_cli_error("compare: not available in this build yet");
  return HG_EXIT_DATA;
}
