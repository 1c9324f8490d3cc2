/* fuzz_config.c: libFuzzer target over the pack config parser
 * (hg_config_load_mem).  Any text either loads or fails with a message;
 * a loaded config's inputs are walked to check their strings. */
#include "healthgap/healthgap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  hg_config *cfg = NULL;
  hg_error err;
  hg_error_clear(&err);
  hg_status st =
      hg_config_load_mem("fuzz.conf", "/nonexistent", (const char *)data, size, &cfg, &err);
  if (st == HG_OK) {
    if (!cfg)
      abort();
    for (size_t i = 0; i < cfg->ninputs; i++)
      (void)strlen(cfg->inputs[i].name);
  } else if (!err.message[0]) {
    abort(); /* a failure always says why */
  }
  hg_config_free(cfg);
  return 0;
}
