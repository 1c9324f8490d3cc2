/* healthgap/benchmark.h: benchmarking against England, London, ICB; polarity and labels.
 * Implemented in indicators/benchmark.c.  (Contract to be written with the implementation.) */
#ifndef HEALTHGAP_BENCHMARK_H
#define HEALTHGAP_BENCHMARK_H

#include "healthgap/status.h"

#endif
