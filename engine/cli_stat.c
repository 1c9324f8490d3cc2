/* cli_stat.c: `healthgap stat` (placeholder until its issue lands: replace this file). */
#include "cli.h"

int hg_cli_stat(int argc, char **argv) {
  (void)argc;
  (void)argv;
  hg_cli_error("stat: not available in this build yet");
  return HG_EXIT_DATA;
}
