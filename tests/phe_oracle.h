/* tests/phe_oracle.h: runs a registry method on a CSV and compares the result
 * with a PHEindicatormethods oracle CSV, column by column (header-only: shared
 * by the method tests without touching tests/support). */
#ifndef HG_TEST_PHE_ORACLE_H
#define HG_TEST_PHE_ORACLE_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hg_test.h"

#define PHE "tests/data/phe/"

/* Runs method `name` over t.  kv: "option", "value", ..., NULL.  group: a
 * comma-separated group_by list or NULL.  Asserts the status; returns the
 * result (NULL on failure) and leaves the error in *err. */
static inline hg_result *phe_run(const char *name, const hg_table *t, const char *group,
                                 const char *const *kv, hg_status want, hg_error *err) {
  const char *names[32], *values[32];
  const hg_table *tables[32];
  char gbuf[256];
  const char *groups[8];
  size_t ng = 0, na = 0;
  if (group) {
    snprintf(gbuf, sizeof gbuf, "%s", group);
    for (char *p = strtok(gbuf, ","); p && ng < 8; p = strtok(NULL, ","))
      groups[ng++] = p;
  }
  for (; kv && kv[2 * na] && na < 32; na++) {
    names[na] = kv[2 * na];
    values[na] = kv[2 * na + 1];
    tables[na] = NULL;
  }
  hg_method_call c = {hg_method_find(name), t, groups, ng, names, values, tables, na};
  assert_non_null(c.method);
  hg_result *r = NULL;
  hg_error_clear(err);
  hg_status st = hg_method_run(&c, &r, err);
  if (st != want) {
    char buf[1400];
    print_error("%s: status %d, want %d: %s\n", name, st, want,
                hg_error_format(err, buf, sizeof buf));
    fail();
  }
  return r;
}

/* Index of the result row whose column `key` has text `v`; pos when key is NULL. */
static inline size_t phe_find_row(const hg_result *r, const char *key, const char *v, size_t pos) {
  if (!key)
    return pos;
  long j = hg_result_col(r, key);
  assert_true(j >= 0);
  for (size_t i = 0; i < hg_result_nrows(r); i++) {
    const char *s = hg_result_get_text(r, i, (size_t)j);
    if (s && strcmp(s, v) == 0)
      return i;
  }
  print_error("no result row with %s = '%s'\n", key, v);
  fail();
  return 0;
}

/* The result column of oracle column cn: the same name; or for R's lower95_0cl and
 * upper95_0cl (R's names for the 95% limits when several levels are output) our
 * stable lowercl and uppercl; or for R's lowercl/uppercl of a lone level other than
 * 95% our lowerNN_Ncl/upperNN_Ncl, the only such column (hg_method_ci_colname). */
static inline long phe_result_col(const hg_result *r, const char *cn) {
  long j = hg_result_col(r, cn);
  if (j < 0 && strcmp(cn, "lower95_0cl") == 0)
    j = hg_result_col(r, "lowercl");
  if (j < 0 && strcmp(cn, "upper95_0cl") == 0)
    j = hg_result_col(r, "uppercl");
  if (j < 0 && (strcmp(cn, "lowercl") == 0 || strcmp(cn, "uppercl") == 0)) {
    int found = 0;
    for (size_t k = 0; k < hg_result_ncols(r); k++) {
      const char *n = hg_result_colname(r, k);
      size_t len = strlen(n);
      if (strncmp(n, cn, 5) == 0 && len > 7 && strcmp(n + len - 2, "cl") == 0)
        j = found++ ? -1 : (long)k;
    }
    if (found != 1)
      j = -1;
  }
  return j;
}

/* Compares oracle rows [from, to) with the result: every oracle column named
 * in cols (NULL-terminated; NULL = every oracle column the result has) must
 * match: numbers within rel (relative) or abs, empty/NA as missing, text equal.
 * Result rows are matched by column key (NULL: oracle row i is result row i + roff).
 * Returns the number of cells compared (the caller asserts it is non-zero). */
static inline size_t phe_compare(const hg_result *r, const hg_table *o, size_t from, size_t to,
                                 const char *key, long roff, const char *const *cols, double rel,
                                 double abs_tol) {
  size_t compared = 0;
  char msg[512];
  for (size_t i = from; i < to; i++) {
    const char *kv = key ? hg_table_cell(o, i, (size_t)hg_table_col(o, key)) : NULL;
    size_t ri = phe_find_row(r, key, kv, (size_t)((long)i + roff));
    assert_true(ri < hg_result_nrows(r));
    for (size_t j = 0; j < hg_table_ncols(o); j++) {
      const char *cn = hg_table_colname(o, j);
      if (cols) {
        int listed = 0;
        for (const char *const *p = cols; *p; p++)
          listed |= strcmp(*p, cn) == 0;
        if (!listed)
          continue;
      }
      long rj = phe_result_col(r, cn);
      if (rj < 0) {
        if (cols) {
          print_error("result has no column '%s'\n", cn);
          fail();
        }
        continue;
      }
      const char *e = hg_table_cell(o, i, j);
      snprintf(msg, sizeof msg, "%s row %zu column %s", hg_table_name(o), i + 2, cn);
      double ev;
      int emissing = !e[0] || strcmp(e, "NA") == 0 || strcmp(e, "NaN") == 0;
      if (hg_result_is_text(r, ri, (size_t)rj)) {
        const char *a = hg_result_get_text(r, ri, (size_t)rj);
        if (emissing) {
          if (a && a[0] && strcmp(a, "NA") != 0) {
            print_error("%s: want missing, got '%s'\n", msg, a);
            fail();
          }
        } else if (hg_parse_number(e, strlen(e), &ev) == HG_NUM_OK && a &&
                   hg_parse_number(a, strlen(a), &(double){0}) == HG_NUM_OK) {
          double av;
          hg_parse_number(a, strlen(a), &av);
          hg_assert_close(av, ev, rel, msg);
        } else if (!a || strcmp(a, e) != 0) {
          print_error("%s: want '%s', got '%s'\n", msg, e, a ? a : "(missing)");
          fail();
        }
      } else {
        double a = hg_result_get_number(r, ri, (size_t)rj);
        if (emissing) {
          if (!isnan(a)) {
            print_error("%s: want missing, got %.17g\n", msg, a);
            fail();
          }
        } else {
          assert_int_equal(hg_parse_number(e, strlen(e), &ev), HG_NUM_OK);
          if (!(fabs(a - ev) <= abs_tol))
            hg_assert_close(a, ev, rel, msg);
        }
      }
      compared++;
    }
  }
  return compared;
}

/* A new table holding only the named columns of t (NULL-terminated list). */
static inline hg_table *phe_project(const hg_table *t, const char *const *cols) {
  size_t cap = 1 << 16, len = 0;
  char *buf = malloc(cap);
  for (size_t i = 0; i <= hg_table_nrows(t); i++) {
    for (const char *const *c = cols; *c; c++) {
      long j = hg_table_col(t, *c);
      assert_true(j >= 0);
      const char *s = i == 0 ? *c : hg_table_cell(t, i - 1, (size_t)j);
      while (len + strlen(s) + 8 > cap)
        buf = realloc(buf, cap *= 2);
      len += (size_t)sprintf(buf + len, "%s\"%s\"", c == cols ? "" : ",", s);
    }
    buf[len++] = '\n';
  }
  hg_table *out = NULL;
  hg_error err;
  assert_int_equal(hg_table_read_mem(hg_table_name(t), buf, len, NULL, &out, &err), HG_OK);
  free(buf);
  return out;
}

/* Reads an in-memory CSV. */
static inline hg_table *phe_mem(const char *text) {
  hg_table *t = NULL;
  hg_error err;
  assert_int_equal(hg_table_read_mem("mem.csv", text, strlen(text), NULL, &t, &err), HG_OK);
  return t;
}

/* Runs and asserts failure with exactly message msg (and line, if > 0). */
static inline void phe_expect_error(const char *name, const hg_table *t, const char *group,
                                    const char *const *kv, const char *msg, long line) {
  hg_error err;
  const hg_method *m = hg_method_find(name);
  assert_non_null(m);
  const char *names[32], *values[32];
  const hg_table *tables[32];
  size_t na = 0;
  for (; kv && kv[2 * na] && na < 32; na++) {
    names[na] = kv[2 * na];
    values[na] = kv[2 * na + 1];
    tables[na] = NULL;
  }
  const char *groups[1] = {group};
  hg_method_call c = {m, t, groups, group ? 1 : 0, names, values, tables, na};
  hg_result *r = NULL;
  hg_error_clear(&err);
  hg_status st = hg_method_run(&c, &r, &err);
  if (st == HG_OK) {
    print_error("%s: expected error '%s', got success\n", name, msg);
    hg_result_free(r);
    fail();
  }
  assert_null(r);
  assert_string_equal(err.message, msg);
  if (line > 0)
    assert_int_equal(err.line, line);
}

#endif
