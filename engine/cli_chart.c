/* cli_chart.c: `healthgap chart` (placeholder until its issue lands: replace this file). */
#include "cli.h"

int hg_cli_chart(int argc, char **argv) {
  (void)argc;
  (void)argv;
  hg_cli_error("chart: not available in this build yet");
  return HG_EXIT_DATA;
}
