/* healthgap/config.h: the pack configuration (INI, GLib key file).
 * Implemented in engine/config.c.  (Contract to be written with the implementation.) */
#ifndef HEALTHGAP_CONFIG_H
#define HEALTHGAP_CONFIG_H

#include "healthgap/status.h"

#endif
