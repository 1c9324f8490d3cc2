/* deprivation.c: deprivation quantile labels (healthgap/deprivation.h). */
#include "healthgap/deprivation.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The ordinal of a label: 2..5 for the last of "second".."fifth" (or
 * "2nd".."5th") found anywhere in it, 1 when none ("Most deprived ..."). */
static int ordinal(const char *label) {
  static const char *const ord[][2] = {
      {"second", "2nd"}, {"third", "3rd"}, {"fourth", "4th"}, {"fifth", "5th"}};
  int k = 1;
  for (int i = 0; i < 4; i++)
    if (strcasestr(label, ord[i][0]) || strcasestr(label, ord[i][1]))
      k = i + 2;
  return k;
}

int hg_deprivation_rank(const char *label, int *nq, int *order) {
  int nq_, order_;
  if (!nq)
    nq = &nq_;
  if (!order)
    order = &order_;
  *nq = 0;
  *order = 50;
  if (!label)
    return 0;
  while (isspace((unsigned char)*label))
    label++;
  if (isdigit((unsigned char)*label)) { /* a plain number, or "2nd ..." */
    char *end;
    long v = strtol(label, &end, 10);
    while (isspace((unsigned char)*end))
      end++;
    if (*end == '\0') {
      if (v < 1 || v > 100)
        return 0;
      *order = (int)v;
      return (int)v;
    }
  }
  int pos = ordinal(label);
  int less = strcasestr(label, "less") || strcasestr(label, "least");
  int more = !less && (strcasestr(label, "more") || strcasestr(label, "most"));
  if (less)
    *order = 100 - pos;
  else if (more)
    *order = pos;
  int n = strcasestr(label, "decile") ? 10 : strcasestr(label, "quintile") ? 5 : 0;
  int rank = 0;
  if (n && more && pos <= n / 2)
    rank = pos;
  else if (n && less && pos <= n / 2)
    rank = n + 1 - pos;
  else if (n == 5 && !more && !less && strncasecmp(label, "average", 7) == 0)
    rank = 3;
  *nq = rank ? n : 0;
  return rank;
}
