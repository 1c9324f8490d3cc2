/* store/context.c: the run state's small services: warnings, cancellation,
 * progress and the string pool that result rows keep their texts in. */
#include <stdarg.h>
#include <stdlib.h> /* defines __GLIBC__ on glibc */
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "store/context.h"

const char *const run_count_fields[CNT_NFIELDS] = {
    [CNT_AREA] = "area_code", [CNT_AREA_NAME] = "area_name", [CNT_PERIOD] = "period",
    [CNT_SEX] = "sex",        [CNT_BAND] = "age_band",       [CNT_DEATHS] = "deaths",
    [CNT_POP] = "population", [CNT_CAUSE] = "cause"};

const char *run_intern(run_ctx *ctx, const char *s) {
  return g_string_chunk_insert_const(ctx->pool, s ? s : "");
}

void run_set_col(run_ctx *ctx, res_row *r, int c, const char *v) {
  int t = res_tslot(c);
  g_return_if_fail(t >= 0); /* a number column has no text cell */
  r->txt[t] = run_intern(ctx, v);
}

void run_release_freed(void) {
#ifdef __GLIBC__
  malloc_trim(0);
#endif
}

void run_warn(run_ctx *ctx, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  g_ptr_array_add(ctx->warnings, g_strdup_vprintf(fmt, ap));
  va_end(ap);
}

int run_cancelled(const run_ctx *ctx) {
  return ctx->cancel && *ctx->cancel;
}

void run_progress(const run_ctx *ctx, size_t done, size_t total) {
  if (ctx->progress)
    ctx->progress(ctx->progress_data, ctx->stage ? ctx->stage : "", done, total,
                  (double)(g_get_monotonic_time() - ctx->t0) / 1e6);
}

void run_clock_stage(run_ctx *ctx) {
  gint64 now = g_get_monotonic_time();
  if (ctx->stage_at < RUN_MAX_STAGES)
    ctx->stage_seconds[ctx->stage_at] = (double)(now - ctx->stage_t0) / 1e6;
  ctx->total_seconds = (double)(now - ctx->t0) / 1e6;
}
