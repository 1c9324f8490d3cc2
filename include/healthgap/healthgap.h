/* healthgap/healthgap.h: the umbrella header of the healthgap library.
 *
 * One prefix (hg_), one status enum (hg_status, healthgap/status.h).  The library
 * never prints and never exits; the CLI (engine/cli/main.c, cli_*.c) does.
 * Each module header states its contract: what it computes, what the caller
 * owns and frees, and which errors it returns.
 */
#ifndef HEALTHGAP_HEALTHGAP_H
#define HEALTHGAP_HEALTHGAP_H

#include "healthgap/status.h"
#include "healthgap/period.h"
#include "healthgap/deprivation.h"
#include "healthgap/filekind.h"
#include "healthgap/table.h"
#include "healthgap/select.h"
#include "healthgap/csvout.h"
#include "healthgap/text.h"
#include "healthgap/results.h"
#include "healthgap/store.h"
#include "healthgap/ingest.h"
#include "healthgap/ci.h"
#include "healthgap/rates.h"
#include "healthgap/dsr.h"
#include "healthgap/isr.h"
#include "healthgap/funnel.h"
#include "healthgap/le.h"
#include "healthgap/quantile.h"
#include "healthgap/sii.h"
#include "healthgap/methods.h"
#include "healthgap/gaps.h"
#include "healthgap/geography.h"
#include "healthgap/boundaries.h"
#include "healthgap/inequalities.h"
#include "healthgap/benchmark.h"
#include "healthgap/projection.h"
#include "healthgap/trend.h"
#include "healthgap/targets.h"
#include "healthgap/indicator_registry.h"
#include "healthgap/changes.h"
#include "healthgap/analyse.h"
#include "healthgap/chart.h"
#include "healthgap/pack.h"
#include "healthgap/chart_data.h"
#include "healthgap/mapped.h"
#include "healthgap/config.h"
#include "healthgap/run.h"

#endif
