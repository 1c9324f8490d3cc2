/* bench_charts.c: every chart type for each of the 33 London boroughs, drawn
 * from the real data in fixtures/charts/, as PNG files and as pages of one PDF,
 * on 1 and 2 threads.  Prints charts per second and, because the machine is
 * shared and noisy, ratios measured in the same run: PDF pages per second over
 * PNG files per second, and 2 threads over 1.
 *
 * PDF with 2 threads: the pages are drawn in parallel as vector recordings and
 * written into the one document in order by the main thread
 * (hg_chart_record / hg_pdf_add_recording), which is how a pack is assembled.
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "healthgap/healthgap.h"

#define F "fixtures/charts/"

typedef struct job {
  const hg_chart_spec **specs;
  size_t n;
  size_t next; /* shared counter, atomically incremented */
  const char *dir;
  hg_chart_recording **recs;
  bool png;
  int failed;
} job;

static const hg_chart_options opt = {.dpi = 96, .timestamp = 1700000000};

static gpointer worker(gpointer data) {
  job *j = data;
  for (;;) {
    size_t i = (size_t)g_atomic_pointer_add(&j->next, 1);
    if (i >= j->n)
      break;
    hg_status st;
    if (j->png) {
      char *path = g_strdup_printf("%s/chart-%03zu.png", j->dir, i);
      st = hg_chart_write_png(j->specs[i], &opt, path);
      g_free(path);
    } else {
      st = hg_chart_record(j->specs[i], &opt, &j->recs[i]);
    }
    if (st != HG_OK)
      g_atomic_int_inc(&j->failed);
  }
  hg_chart_thread_done();
  return NULL;
}

/* Returns seconds for all charts; PNG files or one PDF. */
static double run(const hg_chart_spec **specs, size_t n, const char *dir, bool png, int threads,
                  int *failed) {
  job j = {specs, n, 0, dir, NULL, png, 0};
  if (!png)
    j.recs = g_new0(hg_chart_recording *, n);
  gint64 t0 = g_get_monotonic_time();
  if (threads == 1 && !png) {
    /* one thread: draw straight into the PDF surface */
    char *path = g_strdup_printf("%s/pack-1.pdf", dir);
    hg_pdf_meta meta = {"healthgap bench", NULL, 1700000000};
    hg_pdf_doc *doc = NULL;
    if (hg_pdf_open(path, &meta, &doc) == HG_OK) {
      for (size_t i = 0; i < n; i++)
        if (hg_pdf_add_chart(doc, specs[i], &opt) != HG_OK)
          j.failed++;
      if (hg_pdf_close(doc) != HG_OK)
        j.failed++;
    } else {
      j.failed++;
    }
    g_free(path);
  } else {
    GThread *th[8];
    for (int k = 0; k < threads; k++)
      th[k] = g_thread_new("render", worker, &j);
    for (int k = 0; k < threads; k++)
      g_thread_join(th[k]);
    if (!png) {
      char *path = g_strdup_printf("%s/pack-%d.pdf", dir, threads);
      hg_pdf_meta meta = {"healthgap bench", NULL, 1700000000};
      hg_pdf_doc *doc = NULL;
      if (hg_pdf_open(path, &meta, &doc) == HG_OK) {
        for (size_t i = 0; i < n; i++)
          if (!j.recs[i] || hg_pdf_add_recording(doc, j.recs[i]) != HG_OK)
            j.failed++;
        if (hg_pdf_close(doc) != HG_OK)
          j.failed++;
      } else {
        j.failed++;
      }
      g_free(path);
    }
  }
  double secs = (double)(g_get_monotonic_time() - t0) / 1e6;
  if (j.recs) {
    for (size_t i = 0; i < n; i++)
      hg_chart_recording_free(j.recs[i]);
    g_free(j.recs);
  }
  *failed += j.failed;
  return secs;
}

int main(void) {
  hg_error err;
  hg_chart_data *tob = NULL, *le = NULL, *inq = NULL, *pop = NULL;
  hg_boundaries *geo = NULL;
  if (hg_chart_data_read(F "fingertips_tobacco_profile_london_2019.csv", &tob, &err) != HG_OK ||
      hg_chart_data_read(F "le_london_boroughs_2015_2025.csv", &le, &err) != HG_OK ||
      hg_chart_data_read(F "england_inequalities_93763_93088.csv", &inq, &err) != HG_OK ||
      hg_chart_data_read(F "ons_mye2019_london_5yr_bands.csv", &pop, &err) != HG_OK ||
      hg_boundaries_read(F "london_boroughs_ctyua_dec2023_bsc.geojson", NULL, &geo, &err) !=
          HG_OK) {
    char buf[1400];
    fprintf(stderr, "bench_charts: %s\n", hg_error_format(&err, buf, sizeof buf));
    return 1;
  }
  GPtrArray *built = g_ptr_array_new_with_free_func((GDestroyNotify)hg_chart_built_free);
  GPtrArray *specs = g_ptr_array_new();
  size_t skipped = 0;
  for (size_t b = 0; b < hg_boundaries_count(geo); b++) {
    const char *code = hg_boundaries_code(geo, b);
    struct {
      hg_chart_data *d;
      hg_chart_request r;
    } reqs[] = {
        {tob, {.kind = HG_CHART_OVERVIEW}},
        {tob, {.kind = HG_CHART_SPINE, .area = code}},
        {tob, {.kind = HG_CHART_COMPARE, .indicator = "92443", .unit = "%"}},
        {le, {.kind = HG_CHART_TRENDS, .area = code, .sex = "Female"}},
        {inq, {.kind = HG_CHART_INEQUALITIES, .indicator = "93088"}},
        {inq, {.kind = HG_CHART_GRADIENT, .indicator = "93763"}},
        {le, {.kind = HG_CHART_GAP, .area = code, .sex = "Male"}},
        {tob, {.kind = HG_CHART_FUNNEL, .indicator = "91547", .unit = "%"}},
        {tob, {.kind = HG_CHART_MAP, .indicator = "92443", .geo = geo}},
        {le, {.kind = HG_CHART_BOXPLOT, .sex = "Female", .area_prefix = "E09"}},
        {pop, {.kind = HG_CHART_PYRAMID, .area = code}},
        {tob,
         {.kind = HG_CHART_SCATTER, .indicator = "92443", .x_indicator = "92304", .area = code}},
    };
    for (size_t k = 0; k < G_N_ELEMENTS(reqs); k++) {
      hg_chart_built *cb = NULL;
      if (hg_chart_build(reqs[k].d, &reqs[k].r, &cb, &err) != HG_OK) {
        skipped++; /* e.g. a borough without rows in one file */
        continue;
      }
      g_ptr_array_add(built, cb);
      g_ptr_array_add(specs, (gpointer)hg_chart_built_spec(cb));
    }
  }
  size_t n = specs->len;
  char *dir = g_dir_make_tmp("hgbenchXXXXXX", NULL);
  int failed = 0;
  const hg_chart_spec **sp = (const hg_chart_spec **)specs->pdata;
  /* warm-up: fonts and caches */
  run(sp, n < 12 ? n : 12, dir, true, 1, &failed);
  double png1 = run(sp, n, dir, true, 1, &failed), png2 = run(sp, n, dir, true, 2, &failed);
  double pdf1 = run(sp, n, dir, false, 1, &failed), pdf2 = run(sp, n, dir, false, 2, &failed);
  printf("charts: %zu (12 types x %zu boroughs, %zu not buildable), 720x480 pt, PNG at 96 dpi\n", n,
         hg_boundaries_count(geo), skipped);
  printf("  PNG files, 1 thread : %7.1f charts/s\n", n / png1);
  printf("  PNG files, 2 threads: %7.1f charts/s  (x%.2f of 1 thread)\n", n / png2, png1 / png2);
  printf("  PDF pages, 1 thread : %7.1f charts/s  (one document)\n", n / pdf1);
  printf("  PDF pages, 2 threads: %7.1f charts/s  (x%.2f of 1 thread; recorded in parallel, "
         "written in order)\n",
         n / pdf2, pdf1 / pdf2);
  printf("  ratio PDF pages/s to PNG files/s: %.2f (1 thread), %.2f (2 threads)\n", png1 / pdf1,
         png2 / pdf2);
  if (failed)
    printf("  FAILED renders: %d\n", failed);
  /* clean up */
  GDir *d = g_dir_open(dir, 0, NULL);
  const char *name;
  while (d && (name = g_dir_read_name(d))) {
    char *p = g_build_filename(dir, name, NULL);
    g_remove(p);
    g_free(p);
  }
  if (d)
    g_dir_close(d);
  g_rmdir(dir);
  g_free(dir);
  g_ptr_array_free(specs, TRUE);
  g_ptr_array_free(built, TRUE);
  hg_boundaries_free(geo);
  hg_chart_data_free(tob);
  hg_chart_data_free(le);
  hg_chart_data_free(inq);
  hg_chart_data_free(pop);
  hg_chart_thread_done();
  return failed ? 1 : 0;
}
