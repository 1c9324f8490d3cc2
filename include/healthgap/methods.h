/* healthgap/methods.h: the method registry (name -> function, arguments, output columns).
 *
 * Implemented in engine/methods/registry.c (the table, argument parsing,
 * grouping, results) with one adapter file per family,
 * engine/methods/registry_<family>.c,
 * that reads columns of an hg_table, calls the pure array functions of
 * ci.h/rates.h/dsr.h/... and fills an hg_result with PHEindicatormethods'
 * column names.  `healthgap stat METHOD` (engine/cli/cli_stat.c) is a thin layer
 * over this: it builds the long options from the method's argument list, reads
 * the CSV and writes the hg_result.  Modelled on GNU datamash's op-defs.c.
 *
 * HOW TO ADD A METHOD (registry_le.c is an example):
 *   1. In your own file (engine/methods/registry_<family>.c), define the argument list
 *      and the row, using the helpers below:
 *        static const hg_method_arg le_args[] = {
 *            {"deaths", HG_ARG_COLUMN, NULL, NULL, "deaths column"},
 *            ...
 *            HG_ARG_CONFIDENCE("0.95"), HG_ARG_TYPE, HG_ARG_END};
 *        static hg_status le_run(const hg_method_call *c, hg_result *r, hg_error *err);
 *        const hg_method hg_method_le = {"le", "phe_life_expectancy", "...summary...",
 *                                        le_args, le_run};
 *   2. Add its line to the table in engine/methods/registry.c and its extern
 *      declaration below.  Nothing else: the CLI picks up the
 *      name, the options (--deaths ...) and --help from the row.
 *   run() must: validate in R's order and fail with R's message (err), declare
 *   the columns (hg_result_add_column / hg_result_group_columns /
 *   hg_result_ci_columns), then append rows (hg_result_begin_row + cells in
 *   column order).  hg_method_run applies --type afterwards using the roles.
 *
 * Ownership: all tables and strings in an hg_method_call are borrowed.  The
 * library never prints; R's warnings come back in the result (hg_result_warn,
 * hg_result_warning), errors in hg_error (file/line/column where a
 * data row is at fault) with the R message verbatim as the message text.
 */
#ifndef HEALTHGAP_METHODS_H
#define HEALTHGAP_METHODS_H

#include <stddef.h>

#include "healthgap/status.h"
#include "healthgap/table.h"

HG_BEGIN_DECLS

/* ---- arguments --------------------------------------------------------- */

typedef enum hg_arg_kind {
  HG_ARG_COLUMN = 0, /* a column name of the input data */
  HG_ARG_NUMBER,     /* one number */
  HG_ARG_NUMBERS,    /* comma-separated numbers ("95,99.8", or a reference vector) */
  HG_ARG_TEXT,       /* free text, or one of `choices` ("full|standard|...") */
  HG_ARG_BOOL,       /* TRUE/FALSE (also true/false/T/F/1/0/yes/no); on the CLI a flag pair
                        --NAME (TRUE) / --no-NAME (FALSE), --NAME=VALUE passing VALUE on
                        (`choices` then lists what VALUE may be, e.g. "TRUE|FALSE|COL") */
  HG_ARG_TABLE       /* a CSV file path; the caller reads it (hg_method_call.arg_tables) */
} hg_arg_kind;

typedef struct hg_method_arg {
  const char *name; /* R argument name, with '_' ("independent_events"); the CLI
                       option is the same with '-' (--independent-events) */
  hg_arg_kind kind;
  const char *def;     /* default, as CLI text; NULL = absent unless given */
  const char *choices; /* HG_ARG_TEXT: "a|b|c" to restrict the values (shown by --help;
                          the method checks them), else NULL; HG_ARG_BOOL: see above */
  const char *help;    /* one line for --help */
} hg_method_arg;

/* Arguments every method of the PHE family shares; use them in arg lists. */
#define HG_ARG_CONFIDENCE(def)                                                                     \
  { "confidence", HG_ARG_NUMBERS, def, NULL, "confidence level(s): 0.95, 95, or 95,99.8" }
#define HG_ARG_MULTIPLIER(def)                                                                     \
  { "multiplier", HG_ARG_NUMBER, def, NULL, "scale of the value (e.g. 100000)" }
#define HG_ARG_TYPE                                                                                \
  {                                                                                                \
    "type", HG_ARG_TEXT, "full", "full|standard|value|lower|upper",                                \
        "columns: full (with confidence, statistic, method), standard, value, lower, upper"        \
  }
#define HG_ARG_END                                                                                 \
  { NULL, HG_ARG_COLUMN, NULL, NULL, NULL }

typedef struct hg_method hg_method;

/* One invocation: the data, the grouping and the options as given. */
typedef struct hg_method_call {
  const hg_method *method;     /* the row being run (for defaults) */
  const hg_table *data;        /* the input table (borrowed) */
  const char *const *group_by; /* dplyr group_by column names (may be NULL) */
  size_t n_group_by;
  const char *const *arg_names;      /* options given by the user, R names ("x", "confidence") */
  const char *const *arg_values;     /* their text values */
  const hg_table *const *arg_tables; /* for HG_ARG_TABLE options the table read, else NULL;
                                        may itself be NULL when no option is a table */
  size_t n_args;
} hg_method_call;

/* The option's text: the user's value, else the row's default, else NULL. */
const char *hg_method_arg_text(const hg_method_call *c, const char *name);
/* 1 if the user gave the option. */
int hg_method_arg_given(const hg_method_call *c, const char *name);
/* The table read for an HG_ARG_TABLE option, NULL if not given. */
const hg_table *hg_method_arg_table(const hg_method_call *c, const char *name);
/* Parses one number; *out = NAN when the option is absent.  A non-number is
 * HG_ERR_INVALID "<name> must be numeric". */
hg_status hg_method_arg_number(const hg_method_call *c, const char *name, double *out,
                               hg_error *err);
/* Parses a comma-separated list into out[0..max); *n = 0 when absent. */
hg_status hg_method_arg_numbers(const hg_method_call *c, const char *name, double *out, size_t max,
                                size_t *n, hg_error *err);
/* Parses TRUE/FALSE; *out = dflt when absent.  Anything else: HG_ERR_INVALID
 * with message "<name> must be TRUE or FALSE". */
hg_status hg_method_arg_bool(const hg_method_call *c, const char *name, int dflt, int *out,
                             hg_error *err);
/* Index in c->data of the column named by option `name`; -1 if the option is
 * absent or names no column. */
long hg_method_arg_column(const hg_method_call *c, const char *name);

/* The `type` argument shared by the PHE methods. */
typedef enum hg_output_type {
  HG_TYPE_FULL = 0,
  HG_TYPE_STANDARD,
  HG_TYPE_VALUE,
  HG_TYPE_LOWER,
  HG_TYPE_UPPER
} hg_output_type;
/* Parses option "type"; otherwise HG_ERR_INVALID
 * "type must be one of value, lower, upper, standard or full". */
hg_status hg_method_arg_type(const hg_method_call *c, hg_output_type *out, hg_error *err);

/* Reads column col of c->data at rows[0..n) as numbers into out (NAN = empty
 * or the text "NA", as R writes missing values).
 * A non-number is HG_ERR_PARSE "FILE:LINE: column 'C': not a number: 'x'". */
hg_status hg_method_column_values(const hg_method_call *c, long col, const size_t *rows, size_t n,
                                  double *out, hg_error *err);
/* Sets err to msg, naming c->data's file, the line of `row` and column col
 * (row or col may be (size_t)-1 / -1 to omit them).  Returns HG_ERR_INVALID. */
hg_status hg_method_fail(const hg_method_call *c, size_t row, long col, hg_error *err,
                         const char *msg);

/* ---- grouping (dplyr group_by) ------------------------------------------ */

typedef struct hg_groups hg_groups;
/* Groups c->data by c->group_by; groups are sorted by key (a column whose
 * non-empty cells are all numbers sorts numerically, others by bytes), rows keep
 * input order inside a group.  No group_by: one group holding every row.
 * A group_by name that is not a column: HG_ERR_INVALID "group_by column 'X' is
 * not a field name from data". */
hg_status hg_groups_build(const hg_method_call *c, hg_groups **out, hg_error *err);
/* hg_groups_build begun on a thread of its own (a large table, two or more
 * processors; else it is built in hg_groups_build_finish), so that a method can
 * read its value columns meanwhile (issue 17).  hg_groups_build_finish waits
 * for it and gives hg_groups_build's result; it must be called exactly once,
 * and c must outlive it. */
typedef struct hg_groups_job hg_groups_job;
hg_groups_job *hg_groups_build_start(const hg_method_call *c);
hg_status hg_groups_build_finish(hg_groups_job *job, hg_groups **out, hg_error *err);
size_t hg_groups_count(const hg_groups *g);
/* Row indices of group i (borrowed); *n receives their count. */
const size_t *hg_groups_rows(const hg_groups *g, size_t i, size_t *n);
/* The data column of group_by key j, found once by hg_groups_build (-1 past
 * the keys). */
long hg_groups_col(const hg_groups *g, size_t j);
void hg_groups_free(hg_groups *g);

/* ---- results --------------------------------------------------------------- */

/* What a column is, for --type: KEY columns (group columns, passed-
 * through input columns) are always kept; DATA (total_count, value_sum, ...)
 * only in standard and full; META (confidence, statistic, method) only in full. */
typedef enum hg_col_role {
  HG_COL_KEY = 0,
  HG_COL_DATA,
  HG_COL_VALUE,
  HG_COL_LOWER,
  HG_COL_UPPER,
  HG_COL_META
} hg_col_role;

typedef struct hg_result hg_result;
hg_result *hg_result_new(void);
void hg_result_free(hg_result *r);
/* Declares the next column.  Returns its index. */
size_t hg_result_add_column(hg_result *r, const char *name, hg_col_role role);
/* Declares the group_by columns (KEY), in group_by order. */
void hg_result_group_columns(hg_result *r, const hg_method_call *c);
/* Declares every column of c->data (KEY), for row-wise (mutate) methods. */
void hg_result_input_columns(hg_result *r, const hg_method_call *c);
/* The name of a limit column, stable whatever levels are asked together: the 95%
 * limits are R's default names lowercl and uppercl, any other level
 * lowerNN_Ncl / upperNN_Ncl (lower99_8cl, upper90_0cl).  R itself switches to
 * lower95_0cl when several levels are output; we do not (docs/methods.md).  buf
 * holds 32 bytes; returns buf. */
const char *hg_method_ci_colname(double level, int upper, char *buf);
/* Declares limit columns in hg_method_ci_colname's names, lower/upper pairs in
 * level order (proportion, rate, DSR and ISR): lowercl, uppercl, lower99_8cl,
 * upper99_8cl. */
void hg_result_ci_columns(hg_result *r, const double *levels, size_t n);
/* The same with every lower column first, then every upper (the order of
 * phe_life_expectancy: lowercl, lower99_8cl, uppercl, upper99_8cl). */
void hg_result_ci_columns_by_side(hg_result *r, const double *levels, size_t n);

/* Starts a row; cells then follow in column order. */
void hg_result_begin_row(hg_result *r);
void hg_result_number(hg_result *r, double v);    /* NAN = missing */
void hg_result_text(hg_result *r, const char *s); /* NULL = missing; copied */
/* The group_by cells of group i (text of its first row). */
void hg_result_group_cells(hg_result *r, const hg_method_call *c, const hg_groups *g, size_t i);
/* Every cell of input row `row` (text as read). */
void hg_result_input_cells(hg_result *r, const hg_method_call *c, size_t row);

/* Keeps only the columns that `type` selects. */
void hg_result_apply_type(hg_result *r, hg_output_type type);

/* ---- warnings --------------------------------------------------------------
 * R's warning() texts, collected (the library never prints): a method calls
 * hg_result_warn where the R function would warn; `healthgap stat` prints them on
 * stderr after the CSV as "healthgap stat: warning: TEXT" and exits 0 as R would.
 * Each text is kept once, in first-raised order (R raises each of these warnings
 * once per call, whatever the number of groups).  The texts are R's verbatim:
 *   sii:      HG_SII_WARN_MANY_QUANTILES, HG_SII_WARN_INCOMPLETE (healthgap/sii.h)
 *   quantile: HG_QUANTILE_TOO_FEW_TEXT (healthgap/quantile.h)
 *   le:       the group rules' texts (hg_le_status_message, in R's rule order, then
 *             the wide-CI text), then HG_METHOD_WARN_LE_AGE. */
#define HG_METHOD_WARN_LE_AGE                                                                      \
  "le_age not in the vector described by age_contents; all life expectancies will be returned"
/* Adds msg (copied) unless the same text is already there. */
void hg_result_warn(hg_result *r, const char *msg);
size_t hg_result_nwarnings(const hg_result *r);
/* The i-th warning (borrowed, valid until hg_result_free); NULL past the end. */
const char *hg_result_warning(const hg_result *r, size_t i);

size_t hg_result_ncols(const hg_result *r);
size_t hg_result_nrows(const hg_result *r);
const char *hg_result_colname(const hg_result *r, size_t j);
long hg_result_col(const hg_result *r, const char *name); /* -1 if absent */
/* Cell (i, j): is_text says which accessor applies; a missing cell is a NAN
 * number or a NULL text; a cell past a short row is missing. */
int hg_result_is_text(const hg_result *r, size_t i, size_t j);
double hg_result_get_number(const hg_result *r, size_t i, size_t j);
const char *hg_result_get_text(const hg_result *r, size_t i, size_t j);
/* The three at once, for a writer going through every cell: 1 and *text (a
 * NULL text: missing) for a text cell, else 0 and *num (NAN: missing; a cell
 * past a short row is a missing number).  *text is borrowed, valid until
 * hg_result_free. */
int hg_result_cell(const hg_result *r, size_t i, size_t j, double *num, const char **text);
/* Row i's first ncols cells at once, each as hg_result_cell gives it: is_text[j],
 * and num[j] or text[j] (arrays of ncols, the caller's).  For a writer: one
 * look-up of the row, not one per cell. */
void hg_result_row(const hg_result *r, size_t i, size_t ncols, int *is_text, double *num,
                   const char **text);

/* ---- the registry ---------------------------------------------------------- */

typedef hg_status (*hg_method_fn)(const hg_method_call *c, hg_result *r, hg_error *err);

/* How hg_method_run_file reads a file. */
typedef struct hg_file_options {
  int threads;      /* 2: the file is cut at a line end and read on two threads */
  size_t min_bytes; /* smaller files are declined (0: 1 MiB, under which a table is as
                       quick; tests set 1 to try every file) */
} hg_file_options;

/* A method's run straight off a file (hg_method_run_file): c->data is NULL and
 * path is the input; exempt and opt as hg_method_run_file's.  It fills r and
 * sets *taken to 1 only when the answer is the one run would give over the
 * file's table; else it leaves r alone, *taken 0, and returns HG_OK (the caller
 * reads the table: errors are run's to report). */
typedef hg_status (*hg_method_file_fn)(const hg_method_call *c, const char *path,
                                       const char *const *exempt, const hg_file_options *opt,
                                       hg_result *r, int *taken, hg_error *err);

struct hg_method {
  const char *name;          /* CLI name: R function name without prefix ("dsr") */
  const char *r_name;        /* "calculate_dsr" */
  const char *summary;       /* one line for --help */
  const hg_method_arg *args; /* terminated by HG_ARG_END */
  hg_method_fn run;
  hg_method_file_fn run_file; /* NULL: tables only */
};

/* The rows, each defined in its family's registry_*.c file. */
extern const hg_method hg_method_proportion, hg_method_rate, hg_method_mean;
extern const hg_method hg_method_dsr, hg_method_israte, hg_method_isratio;
extern const hg_method hg_method_funnel_limits, hg_method_funnel_significance,
    hg_method_funnel_points;
extern const hg_method hg_method_le, hg_method_quantile, hg_method_sii;

/* Number of registered methods and the i-th (registry order). */
size_t hg_method_count(void);
const hg_method *hg_method_at(size_t i);
/* By CLI name; NULL if unknown. */
const hg_method *hg_method_find(const char *name);
/* The argument description of `name` in m, NULL if m has no such argument. */
const hg_method_arg *hg_method_find_arg(const hg_method *m, const char *name);

/* Runs c->method over c->data.  On success *out is a new result (free with
 * hg_result_free) with --type applied; on failure *out is NULL and err holds
 * the R message (prefixed by file/line/column where a row is at fault). */
hg_status hg_method_run(const hg_method_call *c, hg_result **out, hg_error *err);

/* Runs c->method over the file at path without reading it into a table, where
 * the method has a form for that (hg_method.run_file: dsr) and the file is one
 * it takes (a regular file of 1 MiB or more, quote-free, every row as wide as
 * the header, every number cell a number, groups given: engine/ingest/project.h).
 * c->data is NULL.  exempt: the columns the series rule lets vary, NULL-ended
 * (hg_table_one_series; the file must have no other sex, age or category
 * column); opt: NULL for the defaults.  On success *out is
 * the result hg_method_run would give over the file's table, byte for byte
 * once written; or NULL, with HG_OK, when the file or the call is not one it
 * takes: then read the table and call hg_method_run, which also reports any
 * error in the file or the options. */
hg_status hg_method_run_file(const hg_method_call *c, const char *path, const char *const *exempt,
                             const hg_file_options *opt, hg_result **out, hg_error *err);

HG_END_DECLS
#endif
