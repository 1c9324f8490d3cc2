/* healthgap/config.h: the pack configuration (INI, GLib key file).
 *
 * A pack config names the inputs of a run, where its output goes, which packs
 * to build, reference groups and disclosure rules.  docs/config.md is the user
 * documentation; this header is the contract.  Implemented in
 * engine/store/config.c: the config is the run's description, read by every stage.
 *
 * Every section and key is checked: an unknown section or key, or a bad value,
 * is HG_ERR_CONFIG with err naming the config file and the line.
 * Paths in the file are relative to the directory of the config file; the
 * loaded config holds them resolved (as the caller would open them).
 */
#ifndef HEALTHGAP_CONFIG_H
#define HEALTHGAP_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "healthgap/status.h"

HG_BEGIN_DECLS

/* ---- the mapped layout's column mapping (read by healthgap/mapped.h) ---- */

/* field <- text: a source column name (column.FIELD) or a constant (set.FIELD). */
typedef struct hg_mapped_pair {
  char *field;
  char *text;
} hg_mapped_pair;

/* Zero-initialised = a plain CSV whose header names are the field names. */
typedef struct hg_mapped_spec {
  size_t skip_rows;        /* physical lines before the header (skip_rows; default 0) */
  size_t header_rows;      /* header rows; with more than one, a column's name is its
                              last non-empty header cell (header_rows; default 1) */
  char **na;               /* NULL-terminated tokens read as missing (na; default
                              NULL = none besides the empty field) */
  char thousands;          /* thousands separator removed from numbers such as
                              "12,345" (thousands; default 0 = none) */
  hg_mapped_pair *columns; /* column.FIELD = source column header */
  size_t ncolumns;
  hg_mapped_pair *constants; /* set.FIELD = constant text (e.g. indicator_id) */
  size_t nconstants;
  int columns_optional; /* 1: a mapped column absent from the header reads as
                           empty (presets for known formats; default 0: error) */
  /* Unpivot (pivot.*): every source column from pivot_from to pivot_to
   * (inclusive, by header) becomes its own row, the header text (less
   * pivot_strip, if it starts with it) going to field pivot_key and the cell to
   * field pivot_value.  All NULL = no pivot. */
  char *pivot_from, *pivot_to, *pivot_key, *pivot_value, *pivot_strip;
  /* Rows kept only when every filter matches (filter.FIELD = a;b*): field is
   * the FIELD, text its glob patterns (* and ?) separated by ';', matched
   * against the cell as published, before NA and thousands handling, so that
   * `filter.category = NA` keeps the rows without a breakdown.  Also the way
   * to drop footnotes that fill two cells (filter.area_code = E09*). */
  hg_mapped_pair *filters;
  size_t nfilters;
} hg_mapped_spec;

/* Frees the members of spec (not spec itself); NULL-safe. */
void hg_mapped_spec_clear(hg_mapped_spec *spec);

typedef enum hg_input_role {
  HG_ROLE_INDICATORS = 0, /* indicator values (Fingertips, tidy or mapped) */
  HG_ROLE_COUNTS,         /* deaths and population by age band, numerators/denominators */
  HG_ROLE_LOOKUP,         /* area hierarchy (LSOA/MSOA -> borough -> ICB -> region) */
  HG_ROLE_DEPRIVATION,    /* IMD scores, ranks or deciles per small area */
  HG_ROLE_POPULATION,     /* populations (weights, denominators) */
  HG_ROLE_METADATA,       /* indicator registry overrides */
  HG_ROLE_TARGETS,        /* HIS targets */
  HG_ROLE_BOUNDARIES,     /* GeoJSON */
  HG_ROLE_COUNT
} hg_input_role;

typedef enum hg_input_layout {
  HG_LAYOUT_FINGERTIPS = 0, /* a Fingertips export, read by position */
  HG_LAYOUT_TIDY,           /* our long format, header names */
  HG_LAYOUT_MAPPED,         /* any CSV through a hg_mapped_spec */
  HG_LAYOUT_COUNT
} hg_input_layout;

/* Static names ("indicators", "mapped"...) and their reverse; -1 if unknown. */
const char *hg_input_role_name(hg_input_role r);
const char *hg_input_layout_name(hg_input_layout l);
int hg_input_role_from_name(const char *s);
int hg_input_layout_from_name(const char *s);

/* One [input.NAME] section. */
typedef struct hg_config_input {
  char *name;     /* NAME of the section */
  char *pattern;  /* path as written (may be a glob: * ? [..]) */
  char *resolved; /* pattern joined to the config's directory */
  hg_input_role role;
  hg_input_layout layout; /* layout = (default tidy) */
  hg_mapped_spec mapped;  /* the column mapping (layout = mapped), else zero */
  long line;              /* line of the section header, for messages */
  char *source;           /* source = publisher and dataset, credited in the packs (NULL) */
  char *licence;          /* licence = the data's licence (NULL: as the source says) */
  int synthetic;          /* synthetic = true|false; -1 when absent: then a file named
                             synthetic_* is */
} hg_config_input;

/* key = value pairs in file order ([reference], [packs]). */
typedef struct hg_config_kv {
  char *key;
  char *value;
} hg_config_kv;

/* The loaded config.  Read-only for callers; free with hg_config_free. */
typedef struct hg_config {
  char *file;   /* the config path as given */
  char *dir;    /* its directory */
  char *sha256; /* hex sha256 of the config text (part of the run fingerprint) */
  /* hex sha256 of what the config means for the outputs: every section, key
   * and value as parsed, in file order, less comments, blank lines, spacing
   * and the keys that change no output byte ([pack] output, keep, jobs).
   * Part of the run id that the packs print, so that moving the output
   * folder or editing a comment leaves the packs byte-identical. */
  char *meaning_sha256;
  /* [pack] */
  char *title;             /* title = (default "healthgap pack") */
  char *cover_text;        /* cover_text = a paragraph on every pack's cover (NULL) */
  char *footer;            /* footer = every page's footer (NULL: "healthgap" and the
                              inputs' sources and licences) */
  char *output;            /* output = OUT directory, resolved (required) */
  int keep;                /* keep = runs kept (default 7, >= 1) */
  double max_reject_share; /* max_reject_share = the largest share of an input's rows that
                              may be rejected before the run fails (0..1; -1 = no bound;
                              an input whose every row is rejected always fails) */
  uint64_t seed;           /* seed = random seed (default 20190101) */
  double confidence[2];    /* confidence = 95 or 95,99.8 (default 95, 99.8) */
  size_t nconfidence;
  int jobs;        /* jobs = threads (default 0 = number of cores; --jobs wins) */
  char *timestamp; /* timestamp = fixed run time (NULL; --timestamp wins) */
  /* sex =, age =, category_type =, area_type =: the series the packs show (NULL:
     the headline, Persons and the indicator's standard age); an indicator
     without the sex or age asked shows its headline, and the page says so */
  char *series_sex, *series_age, *series_category_type, *series_area_type;
  double unknown_share_max; /* unknown_share_max = the share of a breakdown's counts in
                               "not stated"/"unknown" above which results/completeness.csv
                               flags it (0..1; default 0.05) */
  int csv_guard; /* csv_guard = true|false: an apostrophe before CSV texts that start with
                    = + - @ tab or CR, and bidi controls removed (default true; false for
                    machine readers that want the texts exactly as read) */
  int workbook;  /* workbook = true|false: results/healthgap.xlsx, the results
                    tables as one Excel workbook (default 0) */
  int site;      /* site = true|false: the offline HTML dashboard, site/ (default false) */
  /* [input.NAME], in file order */
  hg_config_input *inputs;
  size_t ninputs;
  /* [packs]: london = true|false; icb = all | none | code;code; charts = true|false */
  int pack_london;   /* default 1 */
  char **pack_icbs;  /* NULL-terminated ICB codes; NULL = all in the lookup */
  int pack_icb_none; /* icb = none */
  int charts;        /* default 1 */
  /* [reference]: breakdown = reference group (ethnicity = White British) */
  hg_config_kv *reference;
  size_t nreference;
  /* [disclosure] */
  int disclosure;                    /* enabled = true (default) */
  double suppress_min, suppress_max; /* min_count = 1, max_count = 7 */
  char *suppress_note; /* note = "Value suppressed for disclosure control (count 1-7)" */
} hg_config;

/* Loads and checks the config at path.  On success *out is a new config
 * (hg_config_free).  HG_ERR_IO if it cannot be read, HG_ERR_CONFIG for a syntax
 * error, an unknown section or key, or a bad value: err names file and line. */
hg_status hg_config_load(const char *path, hg_config **out, hg_error *err);
/* Same from text; dir is where relative paths start (NULL = "."). */
hg_status hg_config_load_mem(const char *name, const char *dir, const char *text, size_t len,
                             hg_config **out, hg_error *err);
void hg_config_free(hg_config *cfg);

/* Value of [reference] key, or NULL. */
const char *hg_config_reference(const hg_config *cfg, const char *breakdown);

HG_END_DECLS
#endif
