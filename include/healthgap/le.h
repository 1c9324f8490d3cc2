/* healthgap/le.h: life expectancy (PHEindicatormethods phe_life_expectancy):
 * Chiang II abridged life table, with Silcocks et al for the final (open) band;
 * or, when the final band is closed (last_band_end), temporary life expectancy
 * between each age and the end of that band.
 * Implemented in indicators/life_expectancy.c.  Documented in
 * docs/methods-le-sii.md.
 *
 * One call computes one group (one area x period x sex ...): arrays in, a life
 * table out.  The function is pure (no I/O, no globals), so callers may run
 * groups on a GLib thread pool.  A group that cannot be computed is NOT an
 * error: it gets a group status code and message (their issue 68) and NA
 * values, and the call returns HG_OK.  Call-level errors (bad confidence, bad
 * band structure, NULL arrays) return HG_ERR_RANGE / HG_ERR_INVALID with the
 * R's message in err->message.
 *
 * Contract for the Arriaga decomposition (inequalities): every column of the
 * table is exposed in hg_life_table, one entry per band, bands in ascending age
 * order, with the R/Chiang meanings below.  Radix l_1 = 100000.
 */
#ifndef HEALTHGAP_LE_H
#define HEALTHGAP_LE_H

#include <stddef.h>

#include "healthgap/status.h"

HG_BEGIN_DECLS

/* Most confidence levels one call accepts (R accepts any number; 8 is plenty). */
#define HG_LE_MAX_CONF 8

/* Why a group has no (or partial) values.  Checks run in this order (R's order);
 * the first failing rule names the group.  The message text is R's warning. */
typedef enum hg_le_group_status {
  HG_LE_OK = 0,
  HG_LE_NEGATIVE_DEATHS, /* "some age bands have negative deaths; ..." */
  HG_LE_NONPOSITIVE_POP, /* "some age bands have a zero or less population; ..." */
  HG_LE_BAND_COUNT,      /* "some groups contain a different number of age bands than 20; ..."
                            (also: bands not matching the structure, or duplicated) */
  HG_LE_DEATHS_GT_POP,   /* "some age bands have more deaths than population; ..." */
  HG_LE_LOW_POP, /* "some groups have a total population of less than 5,000; ..." (<= 5000) */
  HG_LE_NO_FINAL_DEATHS, /* ours: zero deaths in the open final band (R gives Inf/NaN) */
  HG_LE_MISSING,         /* ours: a missing (NaN) death or population count */
  HG_LE_WIDE_CI          /* computed, but some values have a 95% CI wider than 20 years and
                            were set to NA (their limits are still reported) */
} hg_le_group_status;

/* Options; zero-initialised = R's defaults. */
typedef struct hg_le_options {
  /* Start ages of the band structure, ascending, first 0 (R `age_contents` after
   * parsing).  NULL = the 20-band rule 0,1,5,10,...,90.  CLI: --age-contents. */
  const double *age_contents;
  size_t n_age_contents;
  /* Confidence levels in [0.9,1] or [90,100] (>= 90 is divided by 100); NULL =
   * {0.95}.  Any number up to HG_LE_MAX_CONF.  CLI: --confidence 95,99.8. */
  const double *confidence;
  size_t n_confidence;
  /* 1 = R's hard-coded rule: a group must have exactly 20 bands whatever the
   * structure (so an 85+ structure always fails, R issue 96).  Default 0: a
   * group must have exactly the bands of age_contents. */
  int r_twenty_bands;
  /* 0 = the final band is open-ended (R: "90+").  Otherwise the age at which the
   * final band ends (75 for a last band 70-74): the band is closed, an ordinary
   * Chiang band of width last_band_end - its start age, and every value is a
   * temporary life expectancy, the years lived between the band's age and
   * last_band_end (e_end = 0 in the variance recursion).  A closed final band
   * with no deaths is computed (HG_LE_NO_FINAL_DEATHS applies to an open band
   * only).  Must exceed the final band's start age.  CLI: --last-band. */
  double last_band_end;
} hg_le_options;

/* One group's life table.  Arrays have n entries (band i, ascending start age),
 * owned by the table, freed by hg_life_table_free.  For a group whose status is
 * not OK/WIDE_CI the computed columns are NAN, but start/deaths/population/
 * pops_used/dths_used are still filled (R still reports pops_used). */
typedef struct hg_life_table {
  size_t n;
  double *start;      /* s_i: start age of band i */
  double *deaths;     /* D_i (input, sorted) */
  double *population; /* P_i (input, sorted) */
  double *width;      /* n_i = s_{i+1}-s_i; final band 2/M (R; only used in the q test) */
  double *a;     /* a_i: fraction of the interval lived by those dying (0.1 at age 0, else 0.5) */
  double *m;     /* M_i = D_i/P_i: age-specific death rate */
  double *q;     /* q_i: probability of dying in the band (final band 1) */
  double *p;     /* p_i = 1 - q_i */
  double *l;     /* l_i: survivors to s_i out of 100000 (l_x) */
  double *d;     /* d_i = l_i - l_{i+1}: deaths in the band (d_x) */
  double *L;     /* L_i: person-years lived in the band (nL_x); final l/M */
  double *T;     /* T_i = sum_{j>=i} L_j: person-years lived beyond s_i (T_x) */
  double *e;     /* e_i = T_i/l_i: life expectancy at s_i (unsuppressed) */
  double *s2p;   /* s^2(p_i): Chiang variance of p_i; Silcocks 4/(D M^2) in the final band */
  double *w;     /* W_i: variance contribution of band i */
  double *st;    /* ST_i = sum_{j>=i} W_j */
  double *se;    /* SE of e_i = sqrt(ST_i / l_i^2) */
  double *value; /* reported LE: e_i, or NAN where suppressed (wide CI, Inf, bad group) */
  double *lower; /* [c*n + i]: lower limit of band i at confidence c */
  double *upper; /* [c*n + i] */
  double *pops_used; /* sum of P_j for j >= i */
  double *dths_used; /* sum of D_j for j >= i */
  int *wide_ci;      /* 1 where value was suppressed because the 95% CI > 20 years */
  void *block_;      /* private: the one allocation behind the arrays */
  size_t n_conf;
  double conf[HG_LE_MAX_CONF]; /* normalised to (0,1], in the order given */
  hg_le_group_status status;
  char message[256]; /* R's warning text for status ("" when OK) */
} hg_life_table;

/* Computes one group.  start/deaths/population have n rows in any order (they are
 * sorted by start age here).  NaN deaths or population -> HG_LE_MISSING.
 * On HG_OK *out is filled (free with hg_life_table_free even if the group status
 * is not OK).  On error *out is zeroed and err->message holds the reason:
 *   HG_ERR_RANGE  "all confidence levels must be between 90 and 100 or between 0.9 and 1"
 *   HG_ERR_INVALID "first age band in age_contents must be 0",
 *                  "the last age band must end after it starts" (last_band_end),
 *                  "age_contents doesn't appear to be in ascending order; ..."
 *   HG_ERR_EMPTY   n == 0 or a NULL array
 *   HG_ERR_NOMEM.
 * The group's start ages must equal age_contents (else HG_LE_BAND_COUNT); with
 * r_twenty_bands only the count (20) is checked, as R does. */
hg_status hg_le_group(const double *start, const double *deaths, const double *population, size_t n,
                      const hg_le_options *opt, hg_life_table *out, hg_error *err);

/* Frees the arrays of t (not t itself) and zeroes it.  NULL-safe. */
void hg_life_table_free(hg_life_table *t);

/* Checks the options alone (confidence, age_contents) with the messages above. */
hg_status hg_le_check_options(const hg_le_options *opt, hg_error *err);

/* Start age of a band label: the first run of digits ("10 - 14" -> 10, "90 +" -> 90,
 * "0" -> 0).  HG_ERR_PARSE if the label has no digit. */
hg_status hg_le_parse_startage(const char *label, double *out);

/* The message of a group status (R's warning text; "" for HG_LE_OK).  For
 * HG_LE_BAND_COUNT this is the 20-band text; hg_life_table.message names the
 * band count actually expected. */
const char *hg_le_status_message(hg_le_group_status st);

HG_END_DECLS
#endif
