/* cli_stat.c: `healthgap stat METHOD [options] FILE`: one registry method over a CSV.
 *
 * Everything method-specific comes from the registry row (engine/methods/registry.c):
 * the long options are its R argument names with '_' written '-', --help lists
 * them, and the output columns are PHEindicatormethods' names, group columns
 * first, so the CSV diffs against R output column by column.  A logical R argument
 * is a GNU flag pair, --rii / --no-rii; R users may write --rii=TRUE, never
 * --rii TRUE (the word would be an operand).
 */
#include "cli/cli.h"

#include <getopt.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *kind_word(hg_arg_kind k) {
  switch (k) {
  case HG_ARG_COLUMN:
    return "COL";
  case HG_ARG_NUMBER:
    return "NUM";
  case HG_ARG_NUMBERS:
    return "NUM[,NUM]";
  case HG_ARG_TEXT:
    return "TEXT";
  case HG_ARG_BOOL:
    return "[=TRUE|FALSE]";
  case HG_ARG_TABLE:
    return "FILE";
  }
  return "X";
}

static void general_help(void) {
  printf("Usage: healthgap stat METHOD [OPTION]... FILE\n"
         "Compute a PHEindicatormethods method over a CSV (FILE may be '-') and write\n"
         "CSV to stdout with the R package's column names, group columns first.\n\n"
         "Methods:\n");
  for (size_t i = 0; i < hg_method_count(); i++) {
    const hg_method *m = hg_method_at(i);
    printf("  %-20s %s (R: %s)\n", m->name, m->summary, m->r_name);
  }
  printf(
      "\nCommon options:\n"
      "  --group-by A,B,C     compute per group (dplyr group_by); groups sorted\n"
      "  -h, --help           this help, or METHOD --help for the method's options\n\n"
      "%s\n"
      "The rows are chosen before grouping.  Rows of one group that differ in sex, age,\n"
      "category type or category (columns Sex, Age, Category Type, Category) are two\n"
      "series: the method refuses to pool them (exit 2) unless the column is grouped\n"
      "by or is one the method reads (e.g. --ageband).\n\n"
      "Each R argument is a long option of the same name with '_' as '-'.  A logical\n"
      "argument is a flag pair: --rii sets it, --no-rii clears it (R's rii = TRUE may\n"
      "be written --rii=TRUE).  Limit columns are lowercl/uppercl for 95%% and\n"
      "lowerNN_Ncl/upperNN_Ncl for any other level, whatever levels are asked together.\n\n"
      "Examples:\n"
      "  healthgap stat proportion --x Numerator --n Denominator --confidence 95,99.8 data.csv\n"
      "  healthgap stat rate --x deaths --n pop --multiplier 100000 --group-by area data.csv\n"
      "  healthgap stat dsr --x count --n pop --stdpop-builtin esp2013 --ageband ageband \\\n"
      "      --group-by area counts.csv\n"
      "  healthgap stat isratio --x count --n pop --x-ref refcount --n-ref refpop \\\n"
      "      --refpoptype field --group-by area counts.csv\n"
      "  healthgap stat funnel-limits --numerator num --denominator den --statistic proportion \\\n"
      "      --multiplier 100 - < inputs.csv\n\n"
      "Exit status: 0 success, 1 data error (R's message, with FILE:LINE where one\n"
      "applies), 2 usage error or series to choose.\n",
      hg_cli_select_help);
}

static void method_help(const hg_method *m) {
  printf("Usage: healthgap stat %s [OPTION]... FILE\n%s (R: %s).\n\nOptions:\n", m->name,
         m->summary, m->r_name);
  for (const hg_method_arg *a = m->args; a->name; a++) {
    char *opt = g_strdelimit(g_strdup(a->name), "_", '-');
    char lhs[160];
    if (a->kind == HG_ARG_BOOL)
      snprintf(lhs, sizeof lhs, "--%s[=%s], --no-%s", opt, a->choices ? a->choices : "TRUE|FALSE",
               opt);
    else
      snprintf(lhs, sizeof lhs, "--%s %s", opt, a->choices ? a->choices : kind_word(a->kind));
    if (strlen(lhs) > 34)
      printf("  %s\n  %-34s %s", lhs, "", a->help ? a->help : "");
    else
      printf("  %-34s %s", lhs, a->help ? a->help : "");
    if (a->def && a->kind == HG_ARG_BOOL)
      printf(" (default --%s%s)", strcmp(a->def, "FALSE") == 0 ? "no-" : "", opt);
    else if (a->def)
      printf(" (default %s)", a->def);
    putchar('\n');
    g_free(opt);
  }
  printf("  %-34s %s\n", "--group-by COL[,COL]...", "compute per group (dplyr group_by)");
  printf("\n%s", hg_cli_select_help);
  static const char *const examples[][2] = {
      {"proportion",
       "--x Numerator --n Denominator --confidence 95,99.8 --multiplier 100 data.csv"},
      {"rate", "--x deaths --n population --group-by area_code,period data.csv"},
      {"mean", "--x value --group-by area data.csv"},
      {"dsr",
       "--x deaths --n pop --stdpop-builtin esp2013 --ageband age_band --group-by area counts.csv\n"
       "  healthgap stat dsr --x persons --n pop --stdpop esp2013 --no-independent-events \\\n"
       "      --eventfreq freq --ageband ageband --group-by area counts.csv"},
      {"israte", "--x count --n pop --x-ref refcount --n-ref refpop --group-by area counts.csv"},
      {"isratio", "--x total_count --n pop --x-ref refcount --n-ref refpop \\\n"
                  "      --observed-totals totals.csv --refvalue 100 --group-by area counts.csv"},
      {"funnel-limits",
       "--numerator num --denominator den --statistic proportion --multiplier 100 data.csv"},
      {"funnel-significance", "--numerator obs --denominator expected --statistic ratio data.csv"},
      {"le", "--deaths deaths --population pop --startage age_band --confidence 95,99.8 \\\n"
             "      --group-by area,sex counts.csv"},
      {"quantile", "--values imd_score --nquantiles 10 --group-by la imd.csv"},
      {"sii", "--quantile decile --population pop --value le --lower-cl lcl --upper-cl ucl \\\n"
              "      --rii --group-by area,sex le_deciles.csv"},
      {"funnel-points",
       "--numerator ev --rate rate --rate-type dsr --years-of-data 3 --multiplier 100000 data.csv"},
  };
  printf("\nExample:\n  healthgap stat %s ", m->name);
  for (size_t i = 0; i < sizeof examples / sizeof examples[0]; i++)
    if (strcmp(examples[i][0], m->name) == 0) {
      printf("%s\n", examples[i][1]);
      return;
    }
  /* A method without its own example: its column options, in order. */
  int shown = 0;
  for (const hg_method_arg *a = m->args; a->name && shown < 3; a++)
    if (a->kind == HG_ARG_COLUMN && !a->def) {
      char *opt = g_strdelimit(g_strdup(a->name), "_", '-');
      printf("--%s %s ", opt, a->name);
      g_free(opt);
      shown++;
    }
  printf("data.csv\n");
}

enum { OPT_HELP = 1, OPT_GROUP_BY = 2, OPT_ARG0 = 256, OPT_NEG0 = 1024 };

/* The long options of method m: one per argument (a flag pair --NAME / --no-NAME for
 * a logical one), --group-by and --help.  The names are kept in `names`. */
static struct option *stat_longopts(const hg_method *m, size_t nargs, GPtrArray *names) {
  static const struct option select[] = {HG_CLI_SELECT_OPTIONS};
  struct option *lo = g_new0(struct option, 2 * nargs + 3 + G_N_ELEMENTS(select));
  size_t k = 0;
  for (size_t i = 0; i < nargs; i++) {
    char *opt = g_strdelimit(g_strdup(m->args[i].name), "_", '-');
    g_ptr_array_add(names, opt);
    int flag = m->args[i].kind == HG_ARG_BOOL;
    lo[k++] =
        (struct option){opt, flag ? optional_argument : required_argument, NULL, OPT_ARG0 + (int)i};
    if (flag) {
      char *neg = g_strconcat("no-", opt, NULL);
      g_ptr_array_add(names, neg);
      lo[k++] = (struct option){neg, no_argument, NULL, OPT_NEG0 + (int)i};
    }
  }
  for (size_t i = 0; i < G_N_ELEMENTS(select); i++)
    lo[k++] = select[i];
  lo[k++] = (struct option){"group-by", required_argument, NULL, OPT_GROUP_BY};
  lo[k] = (struct option){"help", no_argument, NULL, OPT_HELP};
  return lo;
}

static int is_logical_word(const char *s) {
  static const char *const words[] = {"TRUE", "FALSE", "true", "false", "True", "False", "T", "F"};
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
    if (strcmp(s, words[i]) == 0)
      return 1;
  return 0;
}

/* R's spelling `--rii TRUE`: with a flag, TRUE would be read as an operand (and the
 * file as an extra one).  Before getopt reorders the arguments, find a flag written
 * without '=' and followed by a word that is TRUE/FALSE, or by any word when there
 * is more than one operand, and say so. */
static int check_flag_values(const char *cmd, const hg_method *m, const struct option *lo, int argc,
                             char **argv) {
  int operands = 0, suspect = -1;
  for (int i = 1; i < argc; i++) {
    const char *s = argv[i];
    if (strcmp(s, "--") == 0) {
      operands += argc - i - 1;
      break;
    }
    if (s[0] != '-' || s[1] == '\0') {
      operands++;
      continue;
    }
    int j = hg_cli_find_long(lo, s);
    if (j < 0 || strchr(s, '='))
      continue;
    if (lo[j].has_arg == required_argument) {
      i++; /* its value */
      continue;
    }
    int flag = lo[j].val >= OPT_ARG0 && lo[j].val != OPT_HELP;
    if (flag && suspect < 0 && i + 1 < argc && argv[i + 1][0] != '-')
      suspect = i;
  }
  if (suspect < 0 || !(is_logical_word(argv[suspect + 1]) || operands > 1))
    return HG_EXIT_OK;
  int j = hg_cli_find_long(lo, argv[suspect]);
  int v = lo[j].val;
  const hg_method_arg *a = &m->args[v >= OPT_NEG0 ? v - OPT_NEG0 : v - OPT_ARG0];
  char *opt = g_strdelimit(g_strdup(a->name), "_", '-');
  int rc = hg_cli_usage_error(
      cmd, "option '--%s' takes no separate value: write --%s or --no-%s (or --%s=%s)", lo[j].name,
      opt, opt, opt, a->choices ? a->choices : "TRUE");
  g_free(opt);
  return rc;
}

/* The columns the method reads (given, or their defaults), NULL-ended: the
 * series rule lets them vary within a group. */
static GPtrArray *used_columns(const hg_method *m, GPtrArray *names, GPtrArray *values) {
  GPtrArray *used = g_ptr_array_new();
  for (const hg_method_arg *a = m->args; a->name; a++) {
    if (a->kind != HG_ARG_COLUMN)
      continue;
    const char *v = a->def;
    for (guint i = 0; i < names->len; i++)
      if (strcmp(names->pdata[i], a->name) == 0)
        v = values->pdata[i];
    if (v)
      g_ptr_array_add(used, (gpointer)v);
  }
  g_ptr_array_add(used, NULL);
  return used;
}

/* The rows asked for (--sex, --age, ...), then one series per group: the
 * columns grouped by and those the method reads may vary within a group, a
 * sex, age or category column may not.  Returns an exit code: 1 when nothing
 * matches, 2 when the user must choose. */
static int one_series(const hg_method *m, hg_table *data, const hg_select *sel, char **group_by,
                      GPtrArray *names, GPtrArray *values) {
  hg_error err;
  hg_error_clear(&err);
  if (hg_table_select(data, sel, &err) != HG_OK) {
    hg_cli_data_error(&err);
    return HG_EXIT_DATA;
  }
  GPtrArray *used = used_columns(m, names, values);
  hg_status st = hg_table_one_series(data, (const char *const *)group_by,
                                     (const char *const *)used->pdata, &err);
  g_ptr_array_free(used, TRUE);
  if (st == HG_OK)
    return HG_EXIT_OK;
  hg_cli_data_error(&err);
  if (st == HG_ERR_AMBIGUOUS) {
    hg_cli_error("stat %s: or add '%s' to --group-by to compute each series apart", m->name,
                 err.column);
    return HG_EXIT_USAGE;
  }
  return HG_EXIT_DATA;
}

/* 1 if a file-valued option (observed_totals) is given: it is read with the data. */
static int has_table_arg(const hg_method *m, GPtrArray *names) {
  for (guint i = 0; i < names->len; i++) {
    const hg_method_arg *a = hg_method_find_arg(m, g_ptr_array_index(names, i));
    if (a && a->kind == HG_ARG_TABLE)
      return 1;
  }
  return 0;
}

/* Rows [from, to) of res, each through w. */
static void write_rows(hg_csv_writer *w, const hg_result *res, size_t from, size_t to) {
  size_t ncols = hg_result_ncols(res);
  int *is_text = g_new(int, ncols ? ncols : 1);
  double *num = g_new(double, ncols ? ncols : 1);
  const char **text = g_new(const char *, ncols ? ncols : 1);
  for (size_t i = from; i < to; i++) {
    hg_result_row(res, i, ncols, is_text, num, text);
    for (size_t j = 0; j < ncols; j++) {
      if (is_text[j])
        hg_csv_text(w, text[j]);
      else
        hg_csv_number(w, num[j]);
    }
    hg_csv_end_row(w);
  }
  g_free(is_text);
  g_free(num);
  g_free(text);
}

/* Rows formatted on two threads and written in their order: chunk k of
 * RELAY_ROWS rows is formatted by thread k % 2 into its own buffer while the
 * other writes the chunk before, and is written when its turn comes.  So each
 * thread holds one chunk, not half the output: a half's buffer was fresh
 * memory that cost more than the numbers it held (peer DSR 77 -> 82 ms). */
enum { RELAY_ROWS = 512, RELAY_BYTES = 1 << 18, RELAY_MIN = 4 * RELAY_ROWS };

typedef struct relay {
  const hg_result *res;
  size_t nrows;
  GMutex lock;
  GCond turned;
  size_t turn; /* the chunk to be written next */
  int failed;  /* a write to stdout failed */
} relay;

typedef struct relay_job {
  relay *r;
  size_t first; /* this thread's first chunk (0 or 1) */
} relay_job;

static gpointer relay_rows(gpointer data) {
  relay_job *job = data;
  relay *r = job->r;
  char *buf = g_malloc(RELAY_BYTES);
  for (size_t k = job->first; k * RELAY_ROWS < r->nrows; k += 2) {
    size_t from = k * RELAY_ROWS, to = MIN(from + RELAY_ROWS, r->nrows);
    /* Into the buffer (a memory writer: no stdio per row); a chunk too long
     * for it (long key texts) is formatted again straight to stdout in its turn. */
    long n = -1;
    size_t len = 0;
    hg_csv_writer *w = hg_csv_writer_new_mem(buf, RELAY_BYTES, &len);
    if (w) {
      write_rows(w, r->res, from, to);
      if (hg_csv_writer_finish(w) == HG_OK)
        n = (long)len;
    }
    g_mutex_lock(&r->lock);
    while (r->turn != k)
      g_cond_wait(&r->turned, &r->lock);
    g_mutex_unlock(&r->lock);
    if (!r->failed) {
      if (n >= 0) {
        if (fwrite(buf, 1, (size_t)n, stdout) != (size_t)n)
          r->failed = 1;
      } else {
        hg_csv_writer *out = hg_csv_writer_new(stdout, 0);
        if (out)
          write_rows(out, r->res, from, to);
        if (hg_csv_writer_finish(out) != HG_OK)
          r->failed = 1;
      }
    }
    g_mutex_lock(&r->lock);
    r->turn++;
    g_cond_broadcast(&r->turned);
    g_mutex_unlock(&r->lock);
  }
  g_free(buf);
  return NULL;
}

/* 1 if written, 0 if a write failed, -1 if no thread could be had (nothing
 * written: the caller writes the rows itself). */
static int relay_write(const hg_result *res) {
  relay r = {.res = res, .nrows = hg_result_nrows(res)};
  g_mutex_init(&r.lock);
  g_cond_init(&r.turned);
  relay_job a = {&r, 0}, b = {&r, 1};
  GThread *th = g_thread_try_new("hg-write", relay_rows, &b, NULL);
  if (th) {
    relay_rows(&a);
    g_thread_join(th);
  }
  g_mutex_clear(&r.lock);
  g_cond_clear(&r.turned);
  return th ? !r.failed : -1;
}

/* The result as CSV on stdout, then R's warnings after it, as R prints them
 * (the exit status is unchanged by them).  Returns the exit code.  threads:
 * 2 formats a large result's rows on two threads (relay_rows). */
static int write_result(const hg_result *res, int threads) {
  /* stdio's buffer for a file or pipe is a block (4 KiB): the peer DSR's
   * 3 MB of output was 754 write calls, a tenth of its time.  Nothing has
   * been written to stdout yet, as setvbuf needs. */
  static char buf[1 << 16]; /* glibc takes no size without a buffer */
  if (!isatty(fileno(stdout)))
    setvbuf(stdout, buf, _IOFBF, sizeof buf);
  hg_csv_writer *w = hg_csv_writer_new(stdout, 0);
  if (!w) {
    hg_cli_error("out of memory");
    return HG_EXIT_DATA;
  }
  int rc = HG_EXIT_OK;
  size_t nrows = hg_result_nrows(res), ncols = hg_result_ncols(res);
  for (size_t j = 0; j < ncols; j++)
    hg_csv_text(w, hg_result_colname(res, j));
  hg_csv_end_row(w);
  int ok = threads >= 2 && nrows >= RELAY_MIN ? relay_write(res) : -1;
  if (ok < 0)
    write_rows(w, res, 0, nrows);
  if (hg_csv_writer_finish(w) != HG_OK || ok == 0) {
    hg_cli_error("write error");
    rc = HG_EXIT_DATA;
  }
  fflush(stdout); /* the CSV before the warnings; main reports a failed flush */
  for (size_t i = 0; i < hg_result_nwarnings(res); i++)
    fprintf(stderr, "healthgap stat: warning: %s\n", hg_result_warning(res, i));
  return rc;
}

int hg_cli_stat(int argc, char **argv) {
  int rc = HG_EXIT_OK;
  GPtrArray *names = g_ptr_array_new();
  GPtrArray *values = g_ptr_array_new();
  GPtrArray *tables = g_ptr_array_new();
  GPtrArray *optnames = g_ptr_array_new_with_free_func(g_free);
  struct option *longopts = NULL;
  char **group_by = NULL;
  hg_table *data = NULL;
  hg_result *res = NULL;
  hg_select sel = {0};
  hg_error err;
  hg_error_clear(&err);

  if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
    if (argc < 2) {
      rc = hg_cli_usage_error("stat", "missing METHOD");
      goto cleanup;
    }
    general_help();
    goto cleanup;
  }
  const hg_method *m = hg_method_find(argv[1]);
  if (!m) {
    rc = hg_cli_usage_error("stat", "unknown method '%s'", argv[1]);
    goto cleanup;
  }
  size_t nargs = 0;
  while (m->args[nargs].name)
    nargs++;
  int sub_argc = argc - 1;
  char **sub_argv = argv + 1;
  int ch;
  char cmd[80];
  snprintf(cmd, sizeof cmd, "stat %s", m->name);
  longopts = stat_longopts(m, nargs, optnames);
  if ((rc = check_flag_values(cmd, m, longopts, sub_argc, sub_argv)) != HG_EXIT_OK)
    goto cleanup;
  optind = 0;
  opterr = 0; /* our own message, naming the command */
  while ((ch = getopt_long(sub_argc, sub_argv, ":h", longopts, NULL)) != -1) {
    if (ch == OPT_HELP || ch == 'h') {
      method_help(m);
      goto cleanup;
    } else if (ch == OPT_GROUP_BY) {
      g_strfreev(group_by);
      group_by = g_strsplit(optarg, ",", -1);
    } else if (hg_cli_select_option(&sel, ch, optarg)) {
      continue;
    } else if (ch >= OPT_ARG0 && (size_t)(ch - OPT_ARG0) < nargs) {
      const hg_method_arg *a = &m->args[ch - OPT_ARG0];
      g_ptr_array_add(names, (gpointer)a->name);
      /* a flag: --rii is TRUE, --rii=VALUE passes VALUE on */
      g_ptr_array_add(values, a->kind == HG_ARG_BOOL && !optarg ? "TRUE" : optarg);
      g_ptr_array_add(tables, NULL);
    } else if (ch >= OPT_NEG0 && (size_t)(ch - OPT_NEG0) < nargs) {
      g_ptr_array_add(names, (gpointer)m->args[ch - OPT_NEG0].name);
      g_ptr_array_add(values, "FALSE");
      g_ptr_array_add(tables, NULL);
    } else {
      rc = hg_cli_option_error(cmd, ch, sub_argv, longopts);
      goto cleanup;
    }
  }
  if (optind >= sub_argc) {
    rc = hg_cli_usage_error(cmd, "missing FILE (use '-' for standard input)");
    goto cleanup;
  }
  if (optind + 1 < sub_argc) {
    rc = hg_cli_usage_error(cmd, "extra operand '%s'", sub_argv[optind + 1]);
    goto cleanup;
  }
  const char *path = sub_argv[optind];
  /* A large input is parsed on two threads where there are two processors
   * (hg_table_options.threads; issue 17). */
  int threads = g_get_num_processors() >= 2 ? 2 : 1;
  hg_status st;
  hg_method_call call = {m,
                         NULL, /* the table, once read */
                         (const char *const *)group_by,
                         group_by ? g_strv_length(group_by) : 0,
                         (const char *const *)names->pdata,
                         (const char *const *)values->pdata,
                         NULL, /* the tables of file options, once read */
                         names->len};
  /* Without rows to choose or a file option, a method may read a large file
   * without making a table of it (hg_method_run_file: dsr); when it does not
   * take the file, the table is read and every message is as before. */
  if (!hg_select_any(&sel) && !has_table_arg(m, names)) {
    GPtrArray *used = used_columns(m, names, values);
    hg_file_options fo = {.threads = threads};
    /* Tests: read a smaller file without a table too, and say which way it was read. */
    const char *test_min = getenv("HEALTHGAP_TEST_FILE_MIN");
    if (test_min)
      fo.min_bytes = (size_t)g_ascii_strtoull(test_min, NULL, 10);
    st = hg_method_run_file(&call, path, (const char *const *)used->pdata, &fo, &res, &err);
    g_ptr_array_free(used, TRUE);
    if (test_min)
      fprintf(stderr, "healthgap stat: test: read %s\n", res ? "without a table" : "as a table");
    if (st != HG_OK) {
      hg_cli_data_error(&err);
      rc = HG_EXIT_DATA;
      goto cleanup;
    }
    if (res) {
      rc = write_result(res, threads);
      goto cleanup;
    }
  }
  hg_table_options topt = {.threads = threads};
  st = hg_table_read(path, &topt, &data, &err);
  if (st != HG_OK) {
    hg_cli_data_error(&err);
    rc = HG_EXIT_DATA;
    goto cleanup;
  }
  if ((rc = one_series(m, data, &sel, group_by, names, values)) != HG_EXIT_OK)
    goto cleanup;
  /* File-valued arguments (observed_totals) are read here: the library does no I/O. */
  for (guint i = 0; i < names->len; i++) {
    const hg_method_arg *a = hg_method_find_arg(m, g_ptr_array_index(names, i));
    if (a && a->kind == HG_ARG_TABLE) {
      hg_table *t = NULL;
      if (hg_table_read(g_ptr_array_index(values, i), NULL, &t, &err) != HG_OK) {
        hg_cli_data_error(&err);
        rc = HG_EXIT_DATA;
        goto cleanup;
      }
      g_ptr_array_index(tables, i) = t;
    }
  }
  call.data = data;
  call.arg_tables = (const hg_table *const *)tables->pdata;
  st = hg_method_run(&call, &res, &err);
  if (st != HG_OK) {
    if (!err.file[0])
      g_strlcpy(err.file, hg_table_name(data), sizeof err.file);
    hg_cli_data_error(&err);
    rc = HG_EXIT_DATA;
    goto cleanup;
  }
  rc = write_result(res, threads);
cleanup:
  for (guint i = 0; i < tables->len; i++)
    hg_table_free(g_ptr_array_index(tables, i));
  g_ptr_array_free(tables, TRUE);
  g_ptr_array_free(names, TRUE);
  g_ptr_array_free(values, TRUE);
  g_ptr_array_free(optnames, TRUE);
  g_free(longopts);
  g_strfreev(group_by);
  hg_table_free(data);
  hg_result_free(res);
  return rc;
}
