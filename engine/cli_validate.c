/* cli_validate.c: `healthgap validate` (placeholder until its issue lands: replace this file). */
#include "cli.h"

int hg_cli_validate(int argc, char **argv) {
  (void)argc;
  (void)argv;
  hg_cli_error("validate: not available in this build yet");
  return HG_EXIT_DATA;
}
