/* inequalities_arriaga.c: Arriaga decomposition rows, from life tables or from
 * deaths and populations by age band.  Contracts in healthgap/inequalities.h. */
#include "healthgap/inequalities.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Arriaga -------------------------------------------------------------------- */

hg_status hg_ineq_arriaga(const hg_ineq_key *key, const char *breakdown_type, const char *group,
                          const char *reference, size_t n, const char *const *band_labels,
                          const double *l_ref, const double *L_ref, const double *T_ref,
                          const double *l_grp, const double *L_grp, const double *T_grp, size_t nc,
                          const char *const *causes, const double *m_ref, const double *m_grp,
                          hg_ineq_results *res) {
  hg_status st;
  double *c = NULL, *bc = NULL, gap;
  if (!key || !res || !band_labels || n == 0 || (nc && (!causes || !m_ref || !m_grp)))
    return HG_ERR_INVALID;
  c = malloc(n * sizeof *c);
  bc = nc ? malloc(n * nc * sizeof *bc) : NULL;
  if (!c || (nc && !bc)) {
    st = HG_ERR_NOMEM;
    goto cleanup;
  }
  if ((st = hg_arriaga(n, l_ref, L_ref, T_ref, l_grp, L_grp, T_grp, c, &gap)))
    goto cleanup;
  if (nc && (st = hg_arriaga_by_cause(n, nc, c, m_ref, m_grp, bc)))
    goto cleanup;
  for (size_t i = 0; i < n; i++) {
    hg_ineq_row r;
    hg_ineq_row_init(&r, key, breakdown_type, "arriaga_age");
    r.group = group;
    r.reference_group = reference;
    r.component = band_labels[i];
    r.value = c[i];
    r.group_value = gap != 0 ? 100 * c[i] / gap : NAN; /* percent of the gap */
    r.reference_value = gap;
    if ((st = hg_ineq_results_add(res, &r)))
      goto cleanup;
    for (size_t k = 0; k < nc; k++) {
      char comp[512];
      snprintf(comp, sizeof comp, "%s: %s", band_labels[i], causes[k]);
      hg_ineq_row_init(&r, key, breakdown_type, "arriaga_cause");
      r.group = group;
      r.reference_group = reference;
      r.component = comp;
      r.value = bc[i * nc + k];
      r.group_value = gap != 0 ? 100 * r.value / gap : NAN;
      r.reference_value = gap;
      if ((st = hg_ineq_results_add(res, &r)))
        goto cleanup;
    }
  }
cleanup:
  free(c);
  free(bc);
  return st;
}

hg_status hg_ineq_arriaga_counts(const hg_ineq_key *key, const char *breakdown_type,
                                 const char *group, const char *reference, size_t n,
                                 const double *start, const double *d_ref, const double *p_ref,
                                 const double *d_grp, const double *p_grp, size_t nc,
                                 const char *const *causes, const double *d_ref_c,
                                 const double *d_grp_c, const hg_le_options *le_opt,
                                 hg_ineq_results *res, hg_error *err) {
  hg_life_table a = {0}, b = {0};
  hg_status st;
  double *m1 = NULL, *m2 = NULL;
  char(*lab)[32] = NULL;
  const char **labels = NULL;
  if (!key || !res || !start || !d_ref || !p_ref || !d_grp || !p_grp || n == 0 ||
      (nc && (!causes || !d_ref_c || !d_grp_c)))
    return HG_ERR_INVALID;
  if ((st = hg_le_group(start, d_ref, p_ref, n, le_opt, &a, err)) ||
      (st = hg_le_group(start, d_grp, p_grp, n, le_opt, &b, err)))
    goto cleanup;
  /* A refused group has no usable table; a wide-CI one is still a valid table. */
  if ((a.status != HG_LE_OK && a.status != HG_LE_WIDE_CI) ||
      (b.status != HG_LE_OK && b.status != HG_LE_WIDE_CI)) {
    hg_error_set(err, NULL, 0, NULL, "%s",
                 a.status != HG_LE_OK && a.status != HG_LE_WIDE_CI ? a.message : b.message);
    st = HG_ERR_INVALID;
    goto cleanup;
  }
  lab = calloc(a.n, sizeof *lab);
  labels = calloc(a.n, sizeof *labels);
  if (!lab || !labels) {
    st = HG_ERR_NOMEM;
    goto cleanup;
  }
  for (size_t i = 0; i < a.n; i++) {
    if (i + 1 == a.n)
      snprintf(lab[i], sizeof lab[i], "%g+", a.start[i]);
    else if (a.start[i + 1] - a.start[i] == 1)
      snprintf(lab[i], sizeof lab[i], "%g", a.start[i]);
    else
      snprintf(lab[i], sizeof lab[i], "%g-%g", a.start[i], a.start[i + 1] - 1);
    labels[i] = lab[i];
  }
  if (nc) {
    /* Cause rates in the life tables' (sorted) band order. */
    m1 = malloc(a.n * nc * sizeof *m1);
    m2 = malloc(a.n * nc * sizeof *m2);
    if (!m1 || !m2) {
      st = HG_ERR_NOMEM;
      goto cleanup;
    }
    for (size_t i = 0; i < a.n; i++) {
      size_t src = n;
      for (size_t j = 0; j < n; j++)
        if (start[j] == a.start[i])
          src = j;
      if (src == n) {
        st = HG_ERR_INVALID;
        goto cleanup;
      }
      for (size_t c = 0; c < nc; c++) {
        m1[i * nc + c] = d_ref_c[src * nc + c] / a.population[i];
        m2[i * nc + c] = d_grp_c[src * nc + c] / b.population[i];
      }
    }
  }
  st = hg_ineq_arriaga(key, breakdown_type, group, reference, a.n, labels, a.l, a.L, a.T, b.l, b.L,
                       b.T, nc, causes, m1, m2, res);
cleanup:
  hg_life_table_free(&a);
  hg_life_table_free(&b);
  free(m1);
  free(m2);
  free(lab);
  free(labels);
  return st;
}
