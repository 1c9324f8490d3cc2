/* theme.c: every colour and font size of the charts, named by role (one table).
 * The Fingertips hex values and the CVD-safe theme (Okabe-Ito, viridis for
 * continuous fills) are listed in docs/charts.md, Palettes. */
#include "internal.h"

#include <string.h>

#define HEX(h)                                                                                     \
  { ((h) >> 16 & 0xff) / 255.0, ((h) >> 8 & 0xff) / 255.0, ((h)&0xff) / 255.0 }

static const hg_rgb viridis9[] = {HEX(0x440154), HEX(0x472D7B), HEX(0x3B528B),
                                  HEX(0x2C728E), HEX(0x21908C), HEX(0x27AD81),
                                  HEX(0x5DC863), HEX(0xAADC32), HEX(0xFDE725)};

static const hg_theme fingertips = {
    .sig = {[HG_CHART_SIG_NONE] = HEX(0xC9C9C9),
            [HG_CHART_SIG_BETTER] = HEX(0x92D050),
            [HG_CHART_SIG_SIMILAR] = HEX(0xFFC000),
            [HG_CHART_SIG_WORSE] = HEX(0xC00000),
            [HG_CHART_SIG_LOWER] = HEX(0x5555E6),
            [HG_CHART_SIG_HIGHER] = HEX(0xBED2FF),
            [HG_CHART_SIG_Q1] = HEX(0xDED3EC),
            [HG_CHART_SIG_Q2] = HEX(0xBEA7DA),
            [HG_CHART_SIG_Q3] = HEX(0x9E7CC8),
            [HG_CHART_SIG_Q4] = HEX(0x7E50B6),
            [HG_CHART_SIG_Q5] = HEX(0x5E25A4)},
    .role = {[HG_C_TEXT] = HEX(0x11175E),        [HG_C_SUBTLE] = HEX(0x555555),
             [HG_C_AXIS] = HEX(0x666666),        [HG_C_GRID] = HEX(0xECECDE),
             [HG_C_BACKGROUND] = HEX(0xFFFFFF),  [HG_C_BAR_DEFAULT] = HEX(0xA8A8CC),
             [HG_C_ENGLAND] = HEX(0x000000),     [HG_C_LONDON] = HEX(0xE563F9),
             [HG_C_AREA_LINE] = HEX(0x7CB5EC),   [HG_C_LIMIT95] = HEX(0x444444),
             [HG_C_LIMIT998] = HEX(0xA8A8CC),    [HG_C_SPINE_OUTER] = HEX(0xC9C9C9),
             [HG_C_SPINE_INNER] = HEX(0x8B8B8B), [HG_C_BOX] = HEX(0xCCCCCC),
             [HG_C_MEDIAN] = HEX(0xFF0000),      [HG_C_REGRESSION] = HEX(0xED1F52),
             [HG_C_MALE] = HEX(0x5555E6),        [HG_C_FEMALE] = HEX(0xC2CCFF),
             [HG_C_BAND] = HEX(0xF6C6BF),        [HG_C_NODATA] = HEX(0xB0B0B2)},
    .ramp_lo = {255 / 255.0, 233 / 255.0, 127 / 255.0},
    .ramp_hi = {21 / 255.0, 28 / 255.0, 85 / 255.0},
    .ramp = NULL,
    .ramp_stops = 0,
    .font_pt = {[HG_FONT_TITLE] = 14,
                [HG_FONT_SUBTITLE] = 10,
                [HG_FONT_AXIS] = 9,
                [HG_FONT_TICK] = 8,
                [HG_FONT_CELL] = 7,
                [HG_FONT_NOTE] = 7},
    .font_bold = {[HG_FONT_TITLE] = 1},
};

static const hg_theme cvd = {
    .sig = {[HG_CHART_SIG_NONE] = HEX(0xC9C9C9),
            [HG_CHART_SIG_BETTER] = HEX(0x0072B2),
            [HG_CHART_SIG_SIMILAR] = HEX(0xF0E442),
            [HG_CHART_SIG_WORSE] = HEX(0xD55E00),
            [HG_CHART_SIG_LOWER] = HEX(0x56B4E9),
            [HG_CHART_SIG_HIGHER] = HEX(0xE69F00),
            [HG_CHART_SIG_Q1] = HEX(0xFDE725),
            [HG_CHART_SIG_Q2] = HEX(0x5DC863),
            [HG_CHART_SIG_Q3] = HEX(0x21908C),
            [HG_CHART_SIG_Q4] = HEX(0x3B528B),
            [HG_CHART_SIG_Q5] = HEX(0x440154)},
    .role = {[HG_C_TEXT] = HEX(0x000000),        [HG_C_SUBTLE] = HEX(0x555555),
             [HG_C_AXIS] = HEX(0x666666),        [HG_C_GRID] = HEX(0xE8E8E8),
             [HG_C_BACKGROUND] = HEX(0xFFFFFF),  [HG_C_BAR_DEFAULT] = HEX(0x999999),
             [HG_C_ENGLAND] = HEX(0x000000),     [HG_C_LONDON] = HEX(0xCC79A7),
             [HG_C_AREA_LINE] = HEX(0x0072B2),   [HG_C_LIMIT95] = HEX(0x444444),
             [HG_C_LIMIT998] = HEX(0x999999),    [HG_C_SPINE_OUTER] = HEX(0xD9D9D9),
             [HG_C_SPINE_INNER] = HEX(0x8B8B8B), [HG_C_BOX] = HEX(0xCCCCCC),
             [HG_C_MEDIAN] = HEX(0xD55E00),      [HG_C_REGRESSION] = HEX(0xD55E00),
             [HG_C_MALE] = HEX(0x0072B2),        [HG_C_FEMALE] = HEX(0xE69F00),
             [HG_C_BAND] = HEX(0xCCE3F0),        [HG_C_NODATA] = HEX(0xB0B0B2)},
    .ramp_lo = HEX(0xFDE725),
    .ramp_hi = HEX(0x440154),
    .ramp = viridis9,
    .ramp_stops = 9,
    .font_pt = {[HG_FONT_TITLE] = 14,
                [HG_FONT_SUBTITLE] = 10,
                [HG_FONT_AXIS] = 9,
                [HG_FONT_TICK] = 8,
                [HG_FONT_CELL] = 7,
                [HG_FONT_NOTE] = 7},
    .font_bold = {[HG_FONT_TITLE] = 1},
};

const hg_theme *hg_theme_get(hg_palette p) {
  return p == HG_PALETTE_CVD ? &cvd : &fingertips;
}

hg_status hg_palette_parse(const char *name, hg_palette *out) {
  if (!name || !out)
    return HG_ERR_RANGE;
  if (strcmp(name, "fingertips") == 0)
    *out = HG_PALETTE_FINGERTIPS;
  else if (strcmp(name, "cvd") == 0 || strcmp(name, "cvd-safe") == 0)
    *out = HG_PALETTE_CVD;
  else
    return HG_ERR_NOT_FOUND;
  return HG_OK;
}

static double lin(double c) {
  return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

/* WCAG relative luminance: white text only where it has more contrast than black
 * (so #D55E00 gets black text and #C00000 white, as on Fingertips). */
hg_rgb hg_text_on(hg_rgb f) {
  double l = 0.2126 * lin(f.r) + 0.7152 * lin(f.g) + 0.0722 * lin(f.b);
  double c_white = 1.05 / (l + 0.05), c_black = (l + 0.05) / 0.05;
  hg_rgb w = {1, 1, 1}, b = {0.2, 0.2, 0.2};
  return c_white > c_black ? w : b;
}

/* Low values light, high values dark; multi-stop ramps are interpolated stop to
 * stop because viridis curves through hue. */
hg_rgb hg_theme_ramp(const hg_theme *th, double t) {
  if (!isfinite(t))
    return th->role[HG_C_NODATA];
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  hg_rgb a = th->ramp_lo, b = th->ramp_hi;
  double u = t;
  if (th->ramp && th->ramp_stops > 1) {
    /* viridis runs dark->light; we want light = low */
    double s = (1 - t) * (th->ramp_stops - 1);
    int i = (int)floor(s);
    if (i >= th->ramp_stops - 1)
      i = th->ramp_stops - 2;
    a = th->ramp[i];
    b = th->ramp[i + 1];
    u = s - i;
  }
  hg_rgb c = {a.r + (b.r - a.r) * u, a.g + (b.g - a.g) * u, a.b + (b.b - a.b) * u};
  return c;
}
