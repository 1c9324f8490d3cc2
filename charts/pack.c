/* pack.c: evidence-pack PDFs (healthgap/pack.h): text pages drawn with the
 * chart module's canvas (pinned font, theme) and chart pages through
 * hg_pdf_add_chart, on one A4 landscape document. */
#include "healthgap/pack.h"

#include <glib.h>
#include <math.h>
#include <string.h>

#include "internal.h"

hg_status hg_canvas_open(hg_canvas *cv, cairo_t *cr, double w, double h,
                         const hg_chart_options *opt);
void hg_canvas_close(hg_canvas *cv);

#define PAGE_MARGIN 40.0

struct hg_pack {
  hg_pdf_doc *doc;
  char *title, *footer;
  int64_t timestamp;
  hg_status first_error;
};

hg_status hg_pack_open(const char *path, const hg_pack_meta *meta, hg_pack **out) {
  *out = NULL;
  hg_pack *p = g_new0(hg_pack, 1);
  p->title = g_strdup(meta && meta->title ? meta->title : "healthgap pack");
  p->footer = g_strdup(meta && meta->footer ? meta->footer : "");
  p->timestamp = meta ? meta->timestamp : 0;
  hg_pdf_meta pm = {.title = p->title, .author = "healthgap", .timestamp = p->timestamp};
  hg_status st = hg_pdf_open(path, &pm, &p->doc);
  if (st != HG_OK) {
    g_free(p->title);
    g_free(p->footer);
    g_free(p);
    return st;
  }
  *out = p;
  return HG_OK;
}

static hg_chart_options page_options(const hg_pack *p) {
  return (hg_chart_options){
      .width_pt = HG_PACK_WIDTH_PT, .height_pt = HG_PACK_HEIGHT_PT, .timestamp = p->timestamp};
}

static void keep_error(hg_pack *p, hg_status st) {
  if (st != HG_OK && p->first_error == HG_OK)
    p->first_error = st;
}

/* ---- tables: consecutive lines starting with '|' (pack.h) ---- */

#define CELL_PAD 4.0
#define MAX_COLS 12

/* Splits "|a|b|c" into at most MAX_COLS cells (g_strfreev). */
static char **table_cells(const char *line, size_t *ncol) {
  char **c = g_strsplit(line + 1, "|", MAX_COLS);
  *ncol = g_strv_length(c);
  return c;
}

/* Column widths: each its natural width while they fit in w, else the
 * narrow columns keep theirs and the rest share what is left equally (their
 * text wraps). */
static void table_widths(const double *nat, size_t ncol, double w, double *out) {
  int fixed[MAX_COLS] = {0};
  for (int changed = 1; changed;) {
    changed = 0;
    double left = w;
    size_t nfree = 0;
    for (size_t c = 0; c < ncol; c++) {
      if (fixed[c])
        left -= nat[c];
      else
        nfree++;
    }
    double share = nfree ? left / (double)nfree : 0;
    for (size_t c = 0; c < ncol; c++)
      if (!fixed[c] && nat[c] <= share) {
        fixed[c] = 1;
        changed = 1;
      }
    for (size_t c = 0; c < ncol; c++)
      out[c] = fixed[c] ? nat[c] : share;
  }
}

#define SWATCH 7.0 /* a significance swatch's side, and the gap after it */
#define SWATCH_GAP 3.0

/* The significance colour a cell asks for (HG_PACK_CELL_SIG, then a letter
 * 'a' + hg_chart_sig), or -1; *text = the cell's text after it. */
static int cell_sig(const char *cell, const char **text) {
  *text = cell;
  if (cell[0] != HG_PACK_CELL_SIG[0] || cell[1] < 'a' || cell[1] >= 'a' + HG_CHART_SIG_COUNT)
    return -1;
  *text = cell + 2;
  return cell[1] - 'a';
}

/* Draws the table rows[0..n) from y (the first row is the header, bold on a
 * grey band); returns the rows drawn (fewer when the page is full). */
static size_t draw_table(hg_canvas *cv, const char *const *rows, size_t n, double x, double *y,
                         double w, double bottom) {
  hg_text_style st = hg_style(cv, HG_FONT_AXIS);
  size_t ncol = 0;
  double nat[MAX_COLS] = {0}, cw[MAX_COLS];
  for (size_t r = 0; r < n; r++) {
    size_t k;
    char **c = table_cells(rows[r], &k);
    ncol = k > ncol ? k : ncol;
    st.bold = r == 0;
    for (size_t i = 0; i < k; i++) {
      double tw, th;
      const char *t;
      double sw = cell_sig(c[i], &t) >= 0 ? SWATCH + SWATCH_GAP : 0;
      hg_text_size(cv, &st, *t ? t : " ", &tw, &th);
      nat[i] = fmax(nat[i], tw + 2 * CELL_PAD + sw);
    }
    g_strfreev(c);
  }
  table_widths(nat, ncol, w, cw);
  hg_rgb grid = cv->th->role[HG_C_GRID];
  size_t r = 0;
  for (; r < n; r++) {
    size_t k;
    char **c = table_cells(rows[r], &k);
    st.bold = r == 0;
    double rh = 0;
    for (size_t i = 0; i < k; i++) {
      double tw, th;
      const char *t;
      double sw = cell_sig(c[i], &t) >= 0 ? SWATCH + SWATCH_GAP : 0;
      st.max_width = cw[i] - 2 * CELL_PAD - sw;
      hg_text_size(cv, &st, *t ? t : " ", &tw, &th);
      rh = fmax(rh, th + 2 * CELL_PAD);
    }
    if (*y + rh > bottom - 14) {
      g_strfreev(c);
      break;
    }
    if (r == 0)
      hg_fill_rect(cv, (hg_rect){x, *y, w, rh}, grid, NULL);
    double cx = x;
    for (size_t i = 0; i < k; i++) {
      const char *t;
      int sig = cell_sig(c[i], &t);
      double sw = sig >= 0 ? SWATCH + SWATCH_GAP : 0;
      if (sig >= 0)
        hg_fill_rect(cv, (hg_rect){cx + CELL_PAD, *y + CELL_PAD + 1, SWATCH, SWATCH},
                     cv->th->sig[sig], &cv->th->role[HG_C_AXIS]);
      st.max_width = cw[i] - 2 * CELL_PAD - sw;
      if (*t)
        hg_text(cv, &st, t, cx + CELL_PAD + sw, *y + CELL_PAD, 0, 0);
      cx += cw[i];
    }
    *y += rh;
    hg_line(cv, x, *y, x + w, *y, 0.5, grid);
    g_strfreev(c);
  }
  *y += 8;
  return r;
}

hg_status hg_pack_text_page(hg_pack *p, const char *heading, const char *const *lines, size_t n) {
  hg_chart_options opt = page_options(p);
  cairo_t *cr = hg_pdf_begin_page(p->doc, opt.width_pt, opt.height_pt);
  if (!cr)
    return HG_ERR_RENDER;
  hg_canvas cv;
  hg_status st = hg_canvas_open(&cv, cr, opt.width_pt, opt.height_pt, &opt);
  if (st == HG_OK) {
    cv.dump_title = heading;
    double w = opt.width_pt - 2 * PAGE_MARGIN, y = PAGE_MARGIN;
    hg_text_style small = hg_style(&cv, HG_FONT_NOTE);
    small.max_width = w;
    hg_text(&cv, &small, p->title, PAGE_MARGIN, y, 0, 0);
    y += 18;
    hg_text_style h = hg_style(&cv, HG_FONT_TITLE);
    h.scale = 1.6;
    h.max_width = w;
    y += hg_text(&cv, &h, heading, PAGE_MARGIN, y, 0, 0).h + 14;
    /* The footer first, so that the body knows where to stop. */
    char *foot = g_strdup_printf("%s    Page %zu", p->footer, hg_pdf_page_count(p->doc) + 1);
    hg_text_style f = hg_style(&cv, HG_FONT_NOTE);
    f.max_width = w;
    hg_rect fr = hg_text(&cv, &f, foot, PAGE_MARGIN, opt.height_pt - PAGE_MARGIN + 12, 0, 1);
    g_free(foot);
    double bottom = fr.y - 10;
    hg_text_style body = hg_style(&cv, HG_FONT_AXIS);
    body.max_width = w;
    hg_text_style sub = hg_style(&cv, HG_FONT_SUBTITLE);
    sub.bold = true;
    sub.max_width = w;
    for (size_t i = 0; i < n; i++) {
      const char *l = lines[i] ? lines[i] : "";
      if (*l == '|') {
        size_t j = i;
        while (j < n && lines[j] && *lines[j] == '|')
          j++;
        size_t drawn = draw_table(&cv, lines + i, j - i, PAGE_MARGIN, &y, w, bottom);
        if (drawn < j - i) {
          hg_text(&cv, &small, "(continued lines omitted: see the CSV files of the run)",
                  PAGE_MARGIN, y, 0, 0);
          break;
        }
        i = j - 1;
        continue;
      }
      const hg_text_style *s = g_str_has_prefix(l, "# ") ? &sub : &body;
      const char *text = s == &sub ? l + 2 : l;
      double tw, th;
      hg_text_size(&cv, s, *text ? text : " ", &tw, &th);
      if (y + th > bottom - 14) {
        hg_text(&cv, &small, "(continued lines omitted: see the CSV files of the run)", PAGE_MARGIN,
                y, 0, 0);
        break;
      }
      if (*text)
        hg_text(&cv, s, text, PAGE_MARGIN, y, 0, 0);
      y += (*text ? th : 6) + (s == &sub ? 6 : 2);
    }
    hg_canvas_close(&cv);
  }
  hg_status e = hg_pdf_end_page(p->doc);
  if (st == HG_OK)
    st = e;
  keep_error(p, st);
  return st;
}

hg_status hg_pack_chart_page(hg_pack *p, const hg_chart_spec *spec) {
  hg_chart_options opt = page_options(p);
  hg_status st = hg_pdf_add_chart(p->doc, spec, &opt);
  keep_error(p, st);
  return st;
}

hg_status hg_pack_recording_page(hg_pack *p, const hg_chart_recording *rec) {
  hg_status st = hg_pdf_add_recording(p->doc, rec);
  keep_error(p, st);
  return st;
}

size_t hg_pack_page_count(const hg_pack *p) {
  return p ? hg_pdf_page_count(p->doc) : 0;
}

hg_status hg_pack_close(hg_pack *p) {
  if (!p)
    return HG_OK;
  hg_status st = hg_pdf_close(p->doc);
  if (p->first_error != HG_OK)
    st = p->first_error;
  g_free(p->title);
  g_free(p->footer);
  g_free(p);
  return st;
}
