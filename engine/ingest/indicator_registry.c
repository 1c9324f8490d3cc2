/* indicator_registry.c: built-in indicator metadata, CSV overrides, CSV writer. */
#include "healthgap/indicator_registry.h"

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "healthgap/csvout.h"
#include "healthgap/table.h"

/* definition, numerator and denominator come last: added for the packs'
 * methods pages; a built-in row without them leaves them empty. */
enum { N_FIELDS = 14 };
static const char *const field_names[N_FIELDS] = {
    "indicator_id", "name",     "short_name", "unit",   "value_type", "multiplier", "polarity",
    "comparator",   "decimals", "year_type",  "source", "definition", "numerator",  "denominator"};

/* The mission's indicators.  Real Fingertips ids where Fingertips publishes the
 * indicator; "hg." keys for our own (LAEI air quality, MSOA LE, target-only
 * measures).  Polarity and comparator are Fingertips' for the profile named in
 * source; where FingertipsNext's copy of the metadata disagrees with Fingertips
 * (90362, 92033 polarities) Fingertips wins. */
static const char *const builtins[][N_FIELDS] = {
    {"90366", "Life expectancy at birth", "Life expectancy", "years", "life_expectancy", "1",
     "RAG - High is good", "ci95", "1", "calendar",
     "OHID Fingertips, Public Health Outcomes Framework A01b (ONS deaths and populations)",
     "Average years a newborn would live at the death rates of the three-year period (PHE/ONS "
     "abridged life table)",
     "Deaths registered in the period by five-year age band (ONS)",
     "Mid-year resident population estimates by age band (ONS)"},
    {"90362", "Healthy life expectancy at birth", "Healthy life expectancy", "years",
     "life_expectancy", "1", "RAG - High is good", "ci95", "1", "calendar",
     "OHID Fingertips, Public Health Outcomes Framework A01a (ONS APS and deaths)",
     "Average years a newborn would live in very good or good health, at the period's death rates "
     "and self-reported health (Sullivan method)",
     "Deaths by age band (ONS) and Annual Population Survey respondents reporting good or very "
     "good health",
     "Mid-year resident population estimates (ONS) and APS respondents"},
    {"92443", "Smoking Prevalence in adults (18+) - current smokers (APS)", "Smoking (APS)", "%",
     "proportion", "100", "RAG - Low is good", "ci95", "1", "calendar",
     "OHID Fingertips, Local Tobacco Control Profiles (ONS Annual Population Survey)",
     "Adults (18+) who say they currently smoke (Annual Population Survey)",
     "Weighted APS respondents aged 18+ who currently smoke",
     "Weighted APS respondents aged 18+ with a known smoking status"},
    {"92534", "Smoking Prevalence in adults (18+) - ex smokers (APS)", "Ex-smokers (APS)", "%",
     "proportion", "100", "Not applicable", "ci95", "1", "calendar",
     "OHID Fingertips, Local Tobacco Control Profiles (ONS Annual Population Survey)",
     "Adults (18+) who say they used to smoke (Annual Population Survey)",
     "Weighted APS respondents aged 18+ who are ex-smokers",
     "Weighted APS respondents aged 18+ with a known smoking status"},
    {"92538", "Smoking Prevalence in adults (18+) - never smoked (APS)", "Never smoked (APS)", "%",
     "proportion", "100", "RAG - High is good", "ci95", "1", "calendar",
     "OHID Fingertips, Local Tobacco Control Profiles (ONS Annual Population Survey)",
     "Adults (18+) who say they have never smoked (Annual Population Survey)",
     "Weighted APS respondents aged 18+ who never smoked",
     "Weighted APS respondents aged 18+ with a known smoking status"},
    {"92304", "Smoking prevalence in adults (18+) - current smokers (GPPS)", "Smoking (GPPS)", "%",
     "proportion", "100", "RAG - Low is good", "ci95", "1", "financial",
     "OHID Fingertips, Local Tobacco Control Profiles (GP Patient Survey)",
     "Adults (18+) who say they currently smoke (GP Patient Survey)",
     "Weighted GPPS respondents aged 18+ who currently smoke",
     "Weighted GPPS respondents aged 18+ answering the smoking question"},
    {"92306", "Smoking prevalence in adults (18+) - ex smoker (GPPS)", "Ex-smokers (GPPS)", "%",
     "proportion", "100", "Not applicable", "ci95", "1", "financial",
     "OHID Fingertips, Local Tobacco Control Profiles (GP Patient Survey)",
     "Adults (18+) who say they used to smoke (GP Patient Survey)",
     "Weighted GPPS respondents aged 18+ who are ex-smokers",
     "Weighted GPPS respondents aged 18+ answering the smoking question"},
    {"92308", "Smoking prevalence in adults (18+) - never smoked (GPPS)", "Never smoked (GPPS)",
     "%", "proportion", "100", "RAG - High is good", "ci95", "1", "financial",
     "OHID Fingertips, Local Tobacco Control Profiles (GP Patient Survey)",
     "Adults (18+) who say they have never smoked (GP Patient Survey)",
     "Weighted GPPS respondents aged 18+ who never smoked",
     "Weighted GPPS respondents aged 18+ answering the smoking question"},
    {"91547", "Smoking prevalence in adults (15+) - current smokers (QOF)", "Smoking (QOF)", "%",
     "proportion", "100", "RAG - Low is good", "ci95", "1", "financial",
     "OHID Fingertips, Local Tobacco Control Profiles (Quality and Outcomes Framework)",
     "Patients aged 15+ recorded as current smokers in GP records (Quality and Outcomes Framework)",
     "Patients aged 15+ recorded as current smokers",
     "Patients aged 15+ on the practices' registers"},
    {"93088", "Overweight (including obesity) prevalence in adults aged 18 years and over",
     "Adult overweight or obese", "%", "proportion", "100", "RAG - Low is good", "ci95", "1",
     "financial", "OHID Fingertips, Public Health Outcomes Framework C16 (Active Lives Survey)",
     "Adults (18+) classified as overweight or obese (BMI 25 or more, self-reported height and "
     "weight, Active Lives Survey)",
     "Weighted respondents aged 18+ with a BMI of 25 or more",
     "Weighted respondents aged 18+ with a valid height and weight"},
    {"93881", "Obesity prevalence in adults aged 18 years and over", "Adult obesity", "%",
     "proportion", "100", "RAG - Low is good", "ci95", "1", "financial",
     "OHID Fingertips, Obesity profile (Active Lives Survey); id to confirm against Fingertips"},
    {"92026", "Reception prevalence of obesity (including severe obesity)", "Obesity (Reception)",
     "%", "proportion", "100", "RAG - Low is good", "ci95", "1", "academic",
     "OHID Fingertips, National Child Measurement Programme",
     "Children in Reception (aged 4-5) classified as obese or severely obese (BMI at or above the "
     "95th centile of the UK90 growth reference)",
     "Reception children measured as obese (NCMP)",
     "Reception children with a valid height and weight (NCMP)"},
    {"92033", "Year 6 prevalence of obesity (including severe obesity)", "Obesity (Year 6)", "%",
     "proportion", "100", "RAG - Low is good", "ci95", "1", "academic",
     "OHID Fingertips, National Child Measurement Programme",
     "Children in Year 6 (aged 10-11) classified as obese or severely obese (BMI at or above the "
     "95th centile of the UK90 growth reference)",
     "Year 6 children measured as obese (NCMP)",
     "Year 6 children with a valid height and weight (NCMP)"},
    {"90791", "HIV late diagnosis in people first diagnosed with HIV in the UK",
     "HIV late diagnosis", "%", "proportion", "100", "RAG - Low is good", "ci95", "1", "calendar",
     "OHID Fingertips, Sexual and Reproductive Health Profiles (UKHSA HARS)",
     "Adults (15+) first diagnosed with HIV late (CD4 count below 350 cells/mm3 within 91 days of "
     "diagnosis)",
     "Adults newly diagnosed with a CD4 count below 350 within 91 days",
     "Adults newly diagnosed with a CD4 count within 91 days"},
    {"90790", "HIV diagnosed prevalence rate per 1,000 aged 15 to 59", "HIV prevalence",
     "per 1,000", "crude_rate", "1000", "BOB - Blue orange blue", "ci95", "2", "calendar",
     "OHID Fingertips, Sexual and Reproductive Health Profiles (UKHSA HARS)"},
    {"93861", "Particulate air pollution attributable mortality (new method)",
     "Mortality attributable to PM2.5", "%", "proportion", "100", "BOB - Blue orange blue", "none",
     "1", "calendar", "OHID Fingertips, Public Health Outcomes Framework D01 (UKHSA modelling)",
     "Share of deaths of adults aged 30+ attributable to long-term exposure to fine particulate "
     "matter (PM2.5), modelled",
     "Modelled deaths aged 30+ attributable to PM2.5", "Deaths aged 30+"},
    {"108", "Under 75 mortality rate from all causes", "Premature mortality", "per 100,000", "dsr",
     "100000", "RAG - Low is good", "ci95", "1", "calendar",
     "OHID Fingertips, Public Health Outcomes Framework E03 (ONS deaths, ESP2013)"},
    {"hg.pm25_annual_mean", "PM2.5 annual mean concentration", "PM2.5", "ug/m3", "mean", "1",
     "RAG - Low is good", "quintiles", "1", "calendar",
     "GLA London Atmospheric Emissions Inventory (LAEI), modelled annual mean, OGL",
     "Annual mean concentration of PM2.5 modelled by the London Atmospheric Emissions Inventory, "
     "averaged over the area (population-weighted over LSOAs for ICBs and London)",
     "(a modelled concentration: no numerator)", "(no denominator)"},
    {"hg.no2_annual_mean", "NO2 annual mean concentration", "NO2", "ug/m3", "mean", "1",
     "RAG - Low is good", "quintiles", "1", "calendar",
     "GLA London Atmospheric Emissions Inventory (LAEI), modelled annual mean, OGL",
     "Annual mean concentration of NO2 modelled by the London Atmospheric Emissions Inventory, "
     "averaged over the area (population-weighted over LSOAs for ICBs and London)",
     "(a modelled concentration: no numerator)", "(no denominator)"},
    {"hg.msoa_le", "Life expectancy at birth (MSOA)", "MSOA life expectancy", "years",
     "life_expectancy", "1", "RAG - High is good", "quintiles", "1", "calendar",
     "GLA London MSOA Atlas (ONS), values only",
     "Life expectancy at birth by MSOA of residence, 2008-12, as the GLA's MSOA Atlas publishes it "
     "(values only)",
     "Deaths 2008-12 by age (ONS, as the atlas used them)",
     "Resident population by age (ONS, as the atlas used them)"},
    /* a highest-minus-lowest gap is never negative: "mean" projects it log-linearly */
    {"hg.hle_gap_between_areas", "Gap in healthy life expectancy between highest and lowest area",
     "HLE gap", "years", "mean", "1", "RAG - Low is good", "none", "1", "calendar",
     "healthgap, derived from 90362",
     "Highest minus lowest healthy life expectancy at birth among the local areas of the run, by "
     "sex and period",
     "(a difference between two areas' values: no numerator)", "(no denominator)"},
    {"hg.active_travel_20min_daily", "Adults doing at least 20 minutes of active travel a day",
     "Active travel", "%", "proportion", "100", "RAG - High is good", "ci95", "1", "calendar",
     "London Health Inequalities Strategy commitment; no data file shipped"},
    /* Measures of the national targets (fixtures/targets.csv) that no shipped
     * file holds: registered so that a user's file of them is judged on the
     * right scale (docs/targets.md). */
    {"hg.hiv_new_transmissions", "New HIV transmissions in England (UKHSA estimate)",
     "HIV transmissions", "count", "count", "1", "RAG - Low is good", "none", "0", "calendar",
     "DHSC Towards Zero (2021) target measure; UKHSA estimates; no data file shipped"},
    {"hg.hiv_first_diagnoses", "People first diagnosed with HIV in England", "HIV first diagnoses",
     "count", "count", "1", "RAG - Low is good", "none", "0", "calendar",
     "DHSC Towards Zero (2021) target measure; UKHSA HARS; no data file shipped"},
    {"hg.hypertension_diagnosed", "Hypertension diagnosed as a percentage of expected prevalence",
     "Hypertension detection", "%", "proportion", "100", "RAG - High is good", "ci95", "1",
     "financial", "NHS England CVDPREVENT / Core20PLUS5 target measure; no data file shipped",
     "Adults on GP hypertension registers as a percentage of the number expected to have "
     "hypertension (modelled prevalence): how much hypertension is found (Core20PLUS5 clinical "
     "area 5, hypertension case-finding; CVDPREVENT)",
     "Patients aged 18+ on the QOF hypertension register",
     "Expected number of adults with hypertension (OHID prevalence estimates)"},
    {"hg.hypertension_treated_to_target", "Diagnosed hypertension treated to target (NICE)",
     "Hypertension treated to target", "%", "proportion", "100", "RAG - High is good", "ci95", "1",
     "financial", "NHS England CVDPREVENT / Core20PLUS5 target measure; no data file shipped",
     "Patients with diagnosed hypertension whose latest blood pressure is at or below the NICE "
     "target for their age (140/90 mmHg under 80, 150/90 mmHg at 80 and over) (Core20PLUS5 "
     "clinical area 5; CVDPREVENT)",
     "Patients on the hypertension register treated to target in the last 12 months",
     "Patients aged 18+ on the hypertension register"},
    {"hg.cancer_early_stage", "Cancers diagnosed at stage 1 or 2", "Early-stage cancer", "%",
     "proportion", "100", "RAG - High is good", "ci95", "1", "calendar",
     "NHS Long Term Plan / Core20PLUS5 target measure (NDRS staging data); no data file shipped",
     "Cancers diagnosed at stage 1 or 2 as a percentage of cancers diagnosed with a known stage "
     "(Core20PLUS5 clinical area 4, early cancer diagnosis; NHS Long Term Plan ambition)",
     "Cancers diagnosed at stage 1 or 2 (NDRS rapid cancer registration data)",
     "Cancers diagnosed with a known stage (the stageable sites)"},
};

struct hg_indicator_registry {
  GHashTable *by_id; /* id -> hg_indicator_meta* (owned) */
  GPtrArray *sorted; /* borrowed pointers, rebuilt after each change */
};

static void meta_free(gpointer p) {
  hg_indicator_meta *m = p;
  if (m == NULL)
    return;
  g_free(m->indicator_id);
  g_free(m->name);
  g_free(m->short_name);
  g_free(m->unit);
  g_free(m->source);
  g_free(m->definition);
  g_free(m->numerator);
  g_free(m->denominator);
  g_free(m);
}

static const struct {
  const char *key, *alt;
  hg_year_type yt;
} year_types[] = {
    {"unknown", "", HG_YEAR_UNKNOWN},
    {"calendar", "Calendar", HG_YEAR_CALENDAR},
    {"financial", "Financial", HG_YEAR_FINANCIAL},
    {"academic", "Academic", HG_YEAR_ACADEMIC},
    {"financial_rolling_quarter", "Financial rolling year - quarterly",
     HG_YEAR_FINANCIAL_ROLLING_QUARTER},
    {"calendar_rolling_quarter", "Calendar rolling year - quarterly",
     HG_YEAR_CALENDAR_ROLLING_QUARTER},
    {"calendar_rolling_month", "Calendar rolling year - monthly", HG_YEAR_CALENDAR_ROLLING_MONTH},
    {"financial_cumulative_quarter", "Financial year cumulative quarters",
     HG_YEAR_FINANCIAL_CUMULATIVE_QUARTER},
    {"aug_jul", "August-July", HG_YEAR_AUG_JUL},
    {"mar_feb", "March-February", HG_YEAR_MAR_FEB},
    {"financial_multi_year_quarter", "Financial multi-year", HG_YEAR_FINANCIAL_MULTI_YEAR_QUARTER},
    {"jul_jun", "July-June", HG_YEAR_JUL_JUN},
};

const char *hg_registry_year_type_name(hg_year_type yt) {
  for (size_t i = 0; i < sizeof year_types / sizeof year_types[0]; i++)
    if (year_types[i].yt == yt)
      return year_types[i].key;
  return "unknown";
}

hg_status hg_registry_year_type_parse(const char *s, hg_year_type *out) {
  for (size_t i = 0; i < sizeof year_types / sizeof year_types[0]; i++) {
    if (strcasecmp(s, year_types[i].key) == 0 || strcasecmp(s, year_types[i].alt) == 0) {
      *out = year_types[i].yt;
      return HG_OK;
    }
  }
  return HG_ERR_PARSE;
}

/* Numeric ids first in numeric order, then the rest by text: the order an
 * analyst expects (108 before 90366, hg.* last). */
static int id_cmp(const char *a, const char *b) {
  char *ea, *eb;
  unsigned long long na = strtoull(a, &ea, 10), nb = strtoull(b, &eb, 10);
  int a_num = *a && !*ea, b_num = *b && !*eb;
  if (a_num && b_num)
    return (na > nb) - (na < nb);
  if (a_num != b_num)
    return a_num ? -1 : 1;
  return strcmp(a, b);
}

static gint sorted_cmp(gconstpointer a, gconstpointer b) {
  const hg_indicator_meta *ma = *(const hg_indicator_meta *const *)a;
  const hg_indicator_meta *mb = *(const hg_indicator_meta *const *)b;
  return id_cmp(ma->indicator_id, mb->indicator_id);
}

static void resort(hg_indicator_registry *reg) {
  g_ptr_array_set_size(reg->sorted, 0);
  GHashTableIter it;
  gpointer k, v;
  g_hash_table_iter_init(&it, reg->by_id);
  while (g_hash_table_iter_next(&it, &k, &v))
    g_ptr_array_add(reg->sorted, v);
  g_ptr_array_sort(reg->sorted, sorted_cmp);
}

/* Applies one row of (possibly empty) cells to m.  On a bad cell returns its
 * field index in *bad and HG_ERR_INVALID; m may be partly changed, so callers
 * apply to a copy. */
static hg_status apply_row(hg_indicator_meta *m, const char *const cells[N_FIELDS], int *bad) {
  for (int f = 1; f < N_FIELDS; f++) {
    const char *c = cells[f];
    if (c == NULL || c[0] == '\0')
      continue;
    *bad = f;
    switch (f) {
    case 1:
      g_free(m->name);
      m->name = g_strdup(c);
      break;
    case 2:
      g_free(m->short_name);
      m->short_name = g_strdup(c);
      break;
    case 3:
      g_free(m->unit);
      m->unit = g_strdup(c);
      break;
    case 4:
      if (hg_value_type_parse(c, &m->value_type) != HG_OK)
        return HG_ERR_INVALID;
      break;
    case 5:
      if (hg_parse_number(c, strlen(c), &m->multiplier) != HG_NUM_OK || !(m->multiplier > 0))
        return HG_ERR_INVALID;
      break;
    case 6:
      if (hg_polarity_parse(c, &m->polarity) != HG_OK)
        return HG_ERR_INVALID;
      break;
    case 7:
      if (hg_comparator_parse(c, &m->comparator) != HG_OK)
        return HG_ERR_INVALID;
      break;
    case 8: {
      double d;
      if (hg_parse_number(c, strlen(c), &d) != HG_NUM_OK || d < 0 || d > 15 || d != floor(d))
        return HG_ERR_INVALID;
      m->decimals = (int)d;
      break;
    }
    case 9:
      if (hg_registry_year_type_parse(c, &m->year_type) != HG_OK)
        return HG_ERR_INVALID;
      break;
    case 10:
      g_free(m->source);
      m->source = g_strdup(c);
      break;
    case 11:
      g_free(m->definition);
      m->definition = g_strdup(c);
      break;
    case 12:
      g_free(m->numerator);
      m->numerator = g_strdup(c);
      break;
    case 13:
      g_free(m->denominator);
      m->denominator = g_strdup(c);
      break;
    default:
      break;
    }
  }
  return HG_OK;
}

static hg_indicator_meta *meta_new(const char *id) {
  hg_indicator_meta *m = g_new0(hg_indicator_meta, 1);
  m->indicator_id = g_strdup(id);
  m->name = g_strdup("");
  m->short_name = g_strdup("");
  m->unit = g_strdup("");
  m->source = g_strdup("");
  m->definition = g_strdup("");
  m->numerator = g_strdup("");
  m->denominator = g_strdup("");
  m->value_type = HG_VT_OTHER;
  m->multiplier = 1;
  m->polarity = HG_POLARITY_NOT_APPLICABLE;
  m->comparator = HG_COMPARATOR_NONE;
  m->decimals = 1;
  m->year_type = HG_YEAR_UNKNOWN;
  return m;
}

static hg_indicator_meta *meta_copy(const hg_indicator_meta *src) {
  hg_indicator_meta *m = g_new0(hg_indicator_meta, 1);
  *m = *src;
  m->indicator_id = g_strdup(src->indicator_id);
  m->name = g_strdup(src->name);
  m->short_name = g_strdup(src->short_name);
  m->unit = g_strdup(src->unit);
  m->source = g_strdup(src->source);
  m->definition = g_strdup(src->definition);
  m->numerator = g_strdup(src->numerator);
  m->denominator = g_strdup(src->denominator);
  return m;
}

hg_indicator_registry *hg_indicator_registry_new(void) {
  hg_indicator_registry *reg = g_new0(hg_indicator_registry, 1);
  reg->by_id = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, meta_free);
  reg->sorted = g_ptr_array_new();
  for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++) {
    hg_indicator_meta *m = meta_new(builtins[i][0]);
    int bad = 0;
    /* The built-in rows are checked by the tests; a bad one is a programming error. */
    if (apply_row(m, builtins[i], &bad) != HG_OK) {
      meta_free(m);
      hg_indicator_registry_free(reg);
      return NULL;
    }
    g_hash_table_replace(reg->by_id, m->indicator_id, m);
  }
  resort(reg);
  return reg;
}

void hg_indicator_registry_free(hg_indicator_registry *reg) {
  if (reg == NULL)
    return;
  g_ptr_array_free(reg->sorted, TRUE);
  g_hash_table_destroy(reg->by_id);
  g_free(reg);
}

hg_status hg_indicator_registry_load_csv(hg_indicator_registry *reg, const char *path,
                                         hg_error *err) {
  hg_table *t = NULL;
  hg_status st = hg_table_read(path, NULL, &t, err);
  if (st == HG_OK)
    st = hg_indicator_registry_load_table(reg, t, err);
  hg_table_free(t);
  return st;
}

hg_status hg_indicator_registry_load_table(hg_indicator_registry *reg, const hg_table *t,
                                           hg_error *err) {
  const char *path = hg_table_name(t);
  GPtrArray *staged = g_ptr_array_new_with_free_func(meta_free);
  hg_status st = HG_OK;
  long col[N_FIELDS];
  for (int f = 0; f < N_FIELDS; f++)
    col[f] = hg_table_col(t, field_names[f]);
  if (col[0] < 0) {
    hg_error_set(err, path, 1, "indicator_id", "missing column");
    st = HG_ERR_FORMAT;
    goto cleanup;
  }
  /* Stage every row first so that a bad row leaves the registry unchanged. */
  for (size_t r = 0; r < hg_table_nrows(t); r++) {
    const char *cells[N_FIELDS];
    for (int f = 0; f < N_FIELDS; f++)
      cells[f] = col[f] >= 0 ? hg_table_cell(t, r, (size_t)col[f]) : "";
    if (cells[0][0] == '\0') {
      hg_error_set(err, path, hg_table_line(t, r), "indicator_id", "empty indicator id");
      st = HG_ERR_INVALID;
      goto cleanup;
    }
    const hg_indicator_meta *old = NULL;
    for (guint i = staged->len; i-- > 0;) {
      const hg_indicator_meta *s = g_ptr_array_index(staged, i);
      if (strcmp(s->indicator_id, cells[0]) == 0) {
        old = s;
        break;
      }
    }
    if (old == NULL)
      old = g_hash_table_lookup(reg->by_id, cells[0]);
    hg_indicator_meta *m = old ? meta_copy(old) : meta_new(cells[0]);
    int bad = 0;
    if (apply_row(m, cells, &bad) != HG_OK) {
      hg_error_set(err, path, hg_table_line(t, r), field_names[bad], "not a valid %s: '%s'",
                   field_names[bad], cells[bad]);
      meta_free(m);
      st = HG_ERR_INVALID;
      goto cleanup;
    }
    g_ptr_array_add(staged, m);
  }
  for (guint i = 0; i < staged->len; i++) {
    hg_indicator_meta *m = g_ptr_array_index(staged, i);
    g_ptr_array_index(staged, i) = NULL;
    g_hash_table_replace(reg->by_id, m->indicator_id, m);
  }
  resort(reg);
cleanup:
  g_ptr_array_free(staged, TRUE);
  return st;
}

const hg_indicator_meta *hg_indicator_registry_find(const hg_indicator_registry *reg,
                                                    const char *id) {
  if (id == NULL)
    return NULL;
  const hg_indicator_meta *m = g_hash_table_lookup(reg->by_id, id);
  if (m == NULL && strncmp(id, "hg.", 3) != 0) {
    char *key = g_strconcat("hg.", id, NULL);
    m = g_hash_table_lookup(reg->by_id, key);
    g_free(key);
  }
  return m;
}

size_t hg_indicator_registry_size(const hg_indicator_registry *reg) {
  return reg->sorted->len;
}

const hg_indicator_meta *hg_indicator_registry_at(const hg_indicator_registry *reg, size_t i) {
  return i < reg->sorted->len ? g_ptr_array_index(reg->sorted, i) : NULL;
}

hg_status hg_indicator_registry_write_csv(const hg_indicator_registry *reg, FILE *fp) {
  hg_csv_writer *w = hg_csv_writer_new(fp, 1);
  if (w == NULL)
    return HG_ERR_NOMEM;
  hg_csv_row(w, field_names, N_FIELDS);
  for (guint i = 0; i < reg->sorted->len; i++) {
    const hg_indicator_meta *m = g_ptr_array_index(reg->sorted, i);
    hg_csv_text(w, m->indicator_id);
    hg_csv_text(w, m->name);
    hg_csv_text(w, m->short_name);
    hg_csv_text(w, m->unit);
    hg_csv_text(w, hg_value_type_name(m->value_type));
    hg_csv_number(w, m->multiplier);
    hg_csv_text(w, hg_polarity_name(m->polarity));
    hg_csv_text(w, hg_comparator_name(m->comparator));
    hg_csv_number(w, m->decimals);
    hg_csv_text(w, hg_registry_year_type_name(m->year_type));
    hg_csv_text(w, m->source);
    hg_csv_text(w, m->definition);
    hg_csv_text(w, m->numerator);
    hg_csv_text(w, m->denominator);
    hg_csv_end_row(w);
  }
  return hg_csv_writer_finish(w);
}
