/* tests/support/hg_test.h: helpers shared by the cmocka tests.
 * Tests run from the repository root, so data paths are "tests/data/...". */
#ifndef HG_TEST_H
#define HG_TEST_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "healthgap/healthgap.h"

/* Asserts |got - want| <= rel * max(|want|, tiny) (absolute below 1e-300);
 * NAN equals NAN.  msg names the case in the failure message. */
void hg_assert_close(double got, double want, double rel, const char *msg);

/* Reads a CSV under tests/data (or any path); fails the test on error. */
hg_table *hg_test_table(const char *path);

/* Number in cell (row, column name); NAN if empty; fails the test if the column
 * is missing or the cell is not a number. */
double hg_test_num(const hg_table *t, size_t row, const char *col);

#endif
