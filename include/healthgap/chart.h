/* healthgap/chart.h: chart specs and rendering to PNG and PDF.
 * Implemented in the charts/ folder.  (Contract to be written with the implementation.) */
#ifndef HEALTHGAP_CHART_H
#define HEALTHGAP_CHART_H

#include "healthgap/status.h"

#endif
