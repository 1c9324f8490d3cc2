/* engine/ingest/ethnicity.h: the ethnicity harmonisation table: other
 * publishers' labels ("Black or Black British", "Any other White background",
 * "Not stated"...) onto the Census 2021 groups (19 detailed, 5 broad).
 * Implemented in engine/ingest/ethnicity.c.  Not public API. */
#ifndef HEALTHGAP_INGEST_ETHNICITY_H
#define HEALTHGAP_INGEST_ETHNICITY_H

#include "healthgap/table.h"
#include "store/context.h"

typedef enum {
  ETH_GROUP = 0,  /* an ethnic group (broad, and detailed where the label is one) */
  ETH_NOT_STATED, /* "Not stated", "Unknown", "Not known"...: recorded without one */
  ETH_TOTAL       /* all people ("Total: All usual residents"): not a group */
} eth_kind;

typedef struct eth_entry {
  const char *detailed; /* Census 2021 detailed group, "" when the label is broad only */
  const char *broad;    /* Census 2021 broad group, "Not stated" or "Total" */
  eth_kind kind;
} eth_entry;

typedef struct eth_map eth_map;

/* 1 when t is a harmonisation table (columns label, census2021_detailed,
 * census2021_broad). */
int eth_is_table(const hg_table *t);
/* The table of every lookup input that is one (later rows override earlier
 * ones), or NULL when the run has none.  Free with eth_map_free. */
eth_map *eth_map_from_run(const run_ctx *ctx);
/* The same from one table (tests). */
eth_map *eth_map_from_table(const hg_table *t);
void eth_map_free(eth_map *m);
/* The entry of a label, matched on its letters and digits only, case-folded
 * ("Black / African" = "black/african"); NULL when the table lacks it. */
const eth_entry *eth_map_find(const eth_map *m, const char *label);
/* 1 for a label recorded without an ethnic group: the table's ETH_NOT_STATED,
 * or, when m is NULL or lacks the label, one saying "not stated", "not known",
 * "unknown" or "missing". */
int eth_not_stated(const eth_map *m, const char *label);

#endif
