/* cli_chart.c: `healthgap chart TYPE ... INPUT -o OUT.png|OUT.pdf`.
 *
 * Parses options, reads the CSV (hg_chart_data_read), builds one spec
 * (hg_chart_build: healthgap/chart_data.h, engine/render/) and draws it as a PNG or a one-page PDF.
 */
#include "cli/cli.h"

#include <getopt.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

typedef struct cli_opts {
  hg_chart_request req;
  const char *boundaries, *outline, *title, *subtitle, *out, *input, *inequalities;
  hg_chart_options copt;
} cli_opts;

static void usage(void) {
  puts(
      "Usage: healthgap chart TYPE [OPTION]... INPUT -o OUT.png|OUT.pdf\n"
      "Draw one chart from a results, Fingertips or tidy indicator CSV.\n"
      "\n"
      "TYPE: overview, spine, compare, trends, inequalities, gradient, gap, funnel,\n"
      "      map, boxplot, pyramid, scatter\n"
      "\n"
      "  -i, --indicator ID      indicator to draw (default: the first in the file)\n"
      "      --x-indicator ID    scatter: the indicator on the x axis\n"
      "  -a, --area CODE         area for spine, trends, gap, inequalities, pyramid;\n"
      "                          highlighted area on a scatter\n"
      "  -p, --period P          period text as in the file (default: the latest that\n"
      "                          every kind of area has at least half covered)\n"
      "  -s, --sex S             Persons, Male or Female (default: Persons if present;\n"
      "                          an indicator published by sex only needs one)\n"
      "      --age A             the age group, as written in the file (e.g. 'All ages');\n"
      "                          needed when the indicator has several\n"
      "      --area-type T       the areas drawn: this area type, as written in the file;\n"
      "                          needed when the file has several below England (regions\n"
      "                          other than London are drawn only when asked for)\n"
      "      --area-prefix P     only areas whose code starts with P (e.g. E09: London's\n"
      "                          boroughs, with England and London pinned)\n"
      "      --category-type T   inequalities/gradient: the breakdown to draw\n"
      "      --category C        inequalities/gradient: only this category\n"
      "      --compare-to W      england (default) or london: which significance column\n"
      "      --polarity P        low (low is good, default), high, none\n"
      "      --fill F            map fill: sig (default), quintile, continuous\n"
      "      --measure M         gap from results/inequalities.csv: sii (default), rii,\n"
      "                          abs_gap, rel_gap, diff_vs_ref, ratio_vs_ref\n"
      "      --inequalities FILE gradient: SII, RII and limits from results/inequalities.csv\n"
      "      --boundaries FILE   GeoJSON boundaries for a map\n"
      "      --outline FILE      GeoJSON drawn on top as a context line (e.g. the region)\n"
      "      --palette P         fingertips (default) or cvd (colour-blind safe)\n"
      "      --width PT --height PT   page size in points (default 720 x 480)\n"
      "      --dpi N             PNG resolution (default 96)\n"
      "      --title T --subtitle T --source T --unit U   override the texts\n"
      "      --timestamp SECS    run time for dates (default SOURCE_DATE_EPOCH, else 0)\n"
      "  -o, --output FILE       OUT.png or OUT.pdf (required)\n"
      "  -h, --help              this help\n"
      "\n"
      "Examples:\n"
      "  healthgap chart compare -i 92443 --area-prefix E09 tobacco.csv -o smoking.png\n"
      "  healthgap chart trends -a E09000030 -s Female le.csv -o le_th.pdf\n"
      "  healthgap chart gap -i 93763 results/inequalities.csv -o sii_trend.png\n"
      "  healthgap chart gradient -i 93763 --inequalities results/inequalities.csv \\\n"
      "      results/indicators.csv -o gradient.pdf\n"
      "  healthgap chart map -i 92443 --boundaries london_boroughs.geojson tobacco.csv -o map.png\n"
      "  healthgap chart overview --palette cvd results/indicators.csv -o rug.png");
}

static bool num_arg(const char *s, double *out) {
  char *end;
  double v = strtod(s, &end);
  if (end == s || *end || !isfinite(v) || v <= 0)
    return false;
  *out = v;
  return true;
}

int hg_cli_chart(int argc, char **argv) {
  enum {
    O_MEASURE = 300,
    O_INEQ,
    O_OUTLINE,
    O_XIND = 256,
    O_PREFIX,
    O_CMP,
    O_POL,
    O_FILL,
    O_BOUND,
    O_PAL,
    O_W,
    O_H,
    O_DPI,
    O_TITLE,
    O_SUB,
    O_SRC,
    O_UNIT,
    O_TS
  };
  static const struct option lo[] = {{"indicator", required_argument, 0, 'i'},
                                     {"x-indicator", required_argument, 0, O_XIND},
                                     {"area", required_argument, 0, 'a'},
                                     {"period", required_argument, 0, 'p'},
                                     HG_CLI_SELECT_OPTIONS,
                                     {"area-prefix", required_argument, 0, O_PREFIX},
                                     {"compare-to", required_argument, 0, O_CMP},
                                     {"polarity", required_argument, 0, O_POL},
                                     {"fill", required_argument, 0, O_FILL},
                                     {"boundaries", required_argument, 0, O_BOUND},
                                     {"palette", required_argument, 0, O_PAL},
                                     {"width", required_argument, 0, O_W},
                                     {"height", required_argument, 0, O_H},
                                     {"dpi", required_argument, 0, O_DPI},
                                     {"title", required_argument, 0, O_TITLE},
                                     {"subtitle", required_argument, 0, O_SUB},
                                     {"source", required_argument, 0, O_SRC},
                                     {"unit", required_argument, 0, O_UNIT},
                                     {"timestamp", required_argument, 0, O_TS},
                                     {"measure", required_argument, 0, O_MEASURE},
                                     {"inequalities", required_argument, 0, O_INEQ},
                                     {"outline", required_argument, 0, O_OUTLINE},
                                     {"output", required_argument, 0, 'o'},
                                     {"help", no_argument, 0, 'h'},
                                     {0, 0, 0, 0}};
  cli_opts o = {0};
  hg_select sel = {0};
  const char *ts = getenv("SOURCE_DATE_EPOCH");
  int c;
  while ((c = getopt_long(argc, argv, "i:a:p:s:o:h", lo, NULL)) != -1) {
    switch (c) {
    case 'i':
      o.req.indicator = optarg;
      break;
    case O_XIND:
      o.req.x_indicator = optarg;
      break;
    case 'a':
      o.req.area = optarg;
      break;
    case 'p':
      o.req.period = optarg;
      break;
    case 's':
      sel.sex = optarg;
      break;
    case O_PREFIX:
      o.req.area_prefix = optarg;
      break;
    case O_CMP:
      if (strcmp(optarg, "england") && strcmp(optarg, "london"))
        return hg_cli_usage_error("chart", "--compare-to must be england or london");
      o.req.compare_to = optarg;
      break;
    case O_POL:
      o.req.polarity_set = true;
      if (!strcmp(optarg, "low"))
        o.req.polarity = HG_CHART_POLARITY_LOW_GOOD;
      else if (!strcmp(optarg, "high"))
        o.req.polarity = HG_CHART_POLARITY_HIGH_GOOD;
      else if (!strcmp(optarg, "none"))
        o.req.polarity = HG_CHART_POLARITY_NONE;
      else
        return hg_cli_usage_error("chart", "--polarity must be low, high or none");
      break;
    case O_FILL:
      if (!strcmp(optarg, "sig"))
        o.req.fill = HG_MAP_FILL_SIG;
      else if (!strcmp(optarg, "quintile"))
        o.req.fill = HG_MAP_FILL_QUINTILE;
      else if (!strcmp(optarg, "continuous"))
        o.req.fill = HG_MAP_FILL_CONTINUOUS;
      else
        return hg_cli_usage_error("chart", "--fill must be sig, quintile or continuous");
      break;
    case O_BOUND:
      o.boundaries = optarg;
      break;
    case O_PAL:
      if (hg_palette_parse(optarg, &o.copt.palette) != HG_OK)
        return hg_cli_usage_error("chart", "unknown palette '%s' (fingertips, cvd)", optarg);
      break;
    case O_W:
      if (!num_arg(optarg, &o.copt.width_pt))
        return hg_cli_usage_error("chart", "--width needs a positive number of points");
      break;
    case O_H:
      if (!num_arg(optarg, &o.copt.height_pt))
        return hg_cli_usage_error("chart", "--height needs a positive number of points");
      break;
    case O_DPI:
      if (!num_arg(optarg, &o.copt.dpi) || o.copt.dpi > 1200)
        return hg_cli_usage_error("chart", "--dpi needs a number in (0, 1200]");
      break;
    case O_TITLE:
      o.title = optarg;
      break;
    case O_SUB:
      o.subtitle = optarg;
      break;
    case O_SRC:
      o.req.source = optarg;
      break;
    case O_UNIT:
      o.req.unit = optarg;
      break;
    case O_TS:
      ts = optarg;
      break;
    case O_MEASURE:
      o.req.measure = optarg;
      break;
    case O_INEQ:
      o.inequalities = optarg;
      break;
    case O_OUTLINE:
      o.outline = optarg;
      break;
    case 'o':
      o.out = optarg;
      break;
    case 'h':
      usage();
      return HG_EXIT_OK;
    default:
      if (hg_cli_select_option(&sel, c, optarg))
        break;
      return hg_cli_usage_error("chart", "invalid option");
    }
  }
  o.req.sex = sel.sex;
  o.req.age = sel.age;
  o.req.category_type = sel.category_type;
  o.req.category = sel.category;
  o.req.area_type = sel.area_type;
  if (optind + 2 != argc)
    return hg_cli_usage_error("chart", "expected TYPE and one INPUT file");
  if (hg_chart_kind_parse(argv[optind], &o.req.kind) == HG_OK && o.req.kind == HG_CHART_SEGMENT)
    return hg_cli_usage_error("chart", "segment charts are drawn in packs, from the run's "
                                       "Arriaga rows (gaps --by arriaga gives them as CSV)");
  if (hg_chart_kind_parse(argv[optind], &o.req.kind) != HG_OK)
    return hg_cli_usage_error("chart", "unknown chart type '%s'", argv[optind]);
  o.input = argv[optind + 1];
  if (!o.out)
    return hg_cli_usage_error("chart", "missing -o OUT.png|OUT.pdf");
  bool pdf = g_str_has_suffix(o.out, ".pdf"), png = g_str_has_suffix(o.out, ".png");
  if (!pdf && !png)
    return hg_cli_usage_error("chart", "output must end in .png or .pdf");
  if (o.req.kind == HG_CHART_MAP && !o.boundaries)
    return hg_cli_usage_error("chart", "a map needs --boundaries FILE");
  if (ts) {
    char *end;
    long long v = strtoll(ts, &end, 10);
    if (end == ts || *end || v < 0)
      return hg_cli_usage_error("chart", "timestamp must be Unix seconds: '%s'", ts);
    o.copt.timestamp = v;
  }
  /* larger default pages for the charts that carry many rows */
  if (!(o.copt.width_pt > 0))
    o.copt.width_pt = o.req.kind == HG_CHART_OVERVIEW ? 1000
                      : o.req.kind == HG_CHART_SPINE  ? 900
                                                      : 720;
  bool height_given = o.copt.height_pt > 0;
  if (!(o.copt.height_pt > 0))
    o.copt.height_pt = o.req.kind == HG_CHART_COMPARE ? 600
                       : o.req.kind == HG_CHART_MAP   ? 540
                                                      : 480;

  hg_error err;
  hg_error_clear(&err);
  hg_chart_data *data = NULL, *fit = NULL;
  hg_chart_built *built = NULL;
  hg_boundaries *geo = NULL, *outline = NULL;
  int rc = HG_EXIT_OK;
  hg_status st = hg_chart_data_read(o.input, &data, &err);
  if (st == HG_OK && o.inequalities)
    st = hg_chart_data_read(o.inequalities, &fit, &err);
  o.req.fit_data = fit;
  if (st == HG_OK && o.boundaries)
    st = hg_boundaries_read(o.boundaries, NULL, &geo, &err);
  o.req.geo = geo;
  if (st == HG_OK && o.outline)
    st = hg_boundaries_read(o.outline, NULL, &outline, &err);
  o.req.outline = outline;
  if (st == HG_OK)
    st = hg_chart_build(data, &o.req, &built, &err);
  if (st != HG_OK) {
    hg_cli_data_error(&err);
    /* several series match: the user has to choose (the message lists them) */
    rc = st == HG_ERR_AMBIGUOUS ? HG_EXIT_USAGE : HG_EXIT_DATA;
    goto cleanup;
  }
  if (hg_chart_built_repeats(built))
    hg_cli_error("chart: %s: %zu row(s) repeat an earlier row's key (indicator, area, period, "
                 "sex, age, category) and were left out",
                 o.input, hg_chart_built_repeats(built));
  hg_chart_spec spec = *hg_chart_built_spec(built);
  /* pages sized to their rows unless --height was given */
  if (!height_given && o.req.kind == HG_CHART_SPINE && spec.nseries)
    o.copt.height_pt = fmin(900, fmax(300, 150 + 34.0 * spec.series[0].n));
  if (!height_given && o.req.kind == HG_CHART_OVERVIEW)
    o.copt.height_pt = fmin(1000, fmax(300, 230 + 34.0 * spec.nseries));
  if (o.title)
    spec.title = o.title;
  if (o.subtitle)
    spec.subtitle = o.subtitle;
  if (pdf) {
    hg_pdf_meta meta = {spec.title, NULL, o.copt.timestamp};
    hg_pdf_doc *doc = NULL;
    st = hg_pdf_open(o.out, &meta, &doc);
    if (st == HG_OK) {
      st = hg_pdf_add_chart(doc, &spec, &o.copt);
      hg_status st2 = hg_pdf_close(doc);
      if (st == HG_OK)
        st = st2;
    }
  } else {
    st = hg_chart_write_png(&spec, &o.copt, o.out);
  }
  if (st != HG_OK) {
    hg_cli_error("%s: %s", o.out, hg_strerror(st));
    rc = HG_EXIT_DATA;
  }
cleanup:
  hg_chart_built_free(built);
  hg_boundaries_free(geo);
  hg_boundaries_free(outline);
  hg_chart_data_free(data);
  hg_chart_data_free(fit);
  hg_chart_thread_done();
  return rc;
}
