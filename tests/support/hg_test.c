/* hg_test.c: helpers shared by the cmocka tests. */
#include "hg_test.h"

#include <math.h>
#include <stdio.h>

void hg_assert_close(double got, double want, double rel, const char *msg) {
  if (isnan(want) && isnan(got))
    return;
  double scale = fabs(want) > 1e-300 ? fabs(want) : 1.0;
  if (!(fabs(got - want) <= rel * scale)) {
    print_error("%s: got %.17g, want %.17g (rel tol %g)\n", msg ? msg : "value", got, want, rel);
    fail();
  }
}

hg_table *hg_test_table(const char *path) {
  hg_table *t = NULL;
  hg_error err;
  hg_error_clear(&err);
  hg_status st = hg_table_read(path, NULL, &t, &err);
  if (st != HG_OK) {
    char buf[1400];
    print_error("cannot read %s: %s\n", path, hg_error_format(&err, buf, sizeof buf));
    fail();
  }
  return t;
}

double hg_test_num(const hg_table *t, size_t row, const char *col) {
  long j = hg_table_col(t, col);
  if (j < 0) {
    print_error("%s: no column '%s'\n", hg_table_name(t), col);
    fail();
  }
  double v;
  hg_error err;
  if (hg_table_number(t, row, (size_t)j, &v, &err) != HG_OK) {
    char buf[1400];
    print_error("%s\n", hg_error_format(&err, buf, sizeof buf));
    fail();
  }
  return v;
}
