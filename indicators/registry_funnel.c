/* registry_funnel.c: placeholder rows until the implementation lands. */
#include "adapter.h"

static const hg_method_arg stub_args[] = {HG_ARG_END};

static hg_status stub_run(const hg_method_call *c, hg_result *r, hg_error *err) {
  (void)c;
  (void)r;
  hg_error_set(err, NULL, 0, NULL, "not implemented yet");
  return HG_ERR_NOT_FOUND;
}

const hg_method hg_method_funnel_limits = {"funnel-limits", "calculate_funnel_limits", "funnel plot control limits", stub_args, stub_run};
const hg_method hg_method_funnel_significance = {"funnel-significance", "assign_funnel_significance", "funnel plot significance", stub_args, stub_run};
const hg_method hg_method_funnel_points = {"funnel-points", "calculate_funnel_points", "funnel plot points for rates", stub_args, stub_run};
