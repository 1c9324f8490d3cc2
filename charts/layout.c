/* layout.c: the layout dump behind the style contract's structural tests
 * (tests/cli/layout.sh, docs/charts.md "Style contract").  With
 * HEALTHGAP_LAYOUT_DUMP=file in the environment every canvas (a chart drawn
 * as PNG, PDF page or recording; a pack's text page) records the box of every
 * text it draws (with its size and the clip in force), its plot areas, bars,
 * whiskers, markers and cells, and appends them to file when it closes, one
 * block per canvas, under a lock (render workers draw in parallel).  Lines
 * are tab-separated:
 *   page  SEQ KIND W H X_LABEL Y_LABEL TITLE
 *   text  SEQ X Y W H PT CLIP_X CLIP_Y CLIP_W CLIP_H TEXT
 *   mark  SEQ NAME X Y W H CLIP_X CLIP_Y CLIP_W CLIP_H
 * Tabs and newlines inside texts are written as spaces.  The dump is a
 * debugging and test aid: it changes nothing that is drawn, and a file that
 * cannot be opened is ignored (the library never fails a drawing for it). */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>

static GMutex dump_lock;
static unsigned long dump_seq;

static const char *const mark_names[HG_MARK_KIND_COUNT] = {"plot", "bar", "whisker", "marker",
                                                           "cell"};

const char *hg_mark_kind_name(hg_mark_kind k) {
  return (unsigned)k < HG_MARK_KIND_COUNT ? mark_names[k] : NULL;
}

void hg_layout_dump_begin(hg_canvas *cv) {
  const char *path = getenv("HEALTHGAP_LAYOUT_DUMP");
  if (!path || !*path || cv->stats)
    return;
  cv->dump_stats = g_new0(hg_chart_stats, 1);
  cv->dump_stats->record_boxes = 1;
  cv->stats = cv->dump_stats;
}

/* text with tabs and line breaks as spaces, for one field of a line. */
static void field(GString *out, const char *text) {
  for (const char *c = text ? text : ""; *c; c++)
    g_string_append_c(out, *c == '\t' || *c == '\n' || *c == '\r' ? ' ' : *c);
}

static void dump_block(GString *g, const hg_canvas *cv, unsigned long seq) {
  const hg_chart_stats *s = cv->dump_stats;
  g_string_append_printf(g, "page\t%lu\t%s\t%.2f\t%.2f\t", seq,
                         cv->dump_kind ? cv->dump_kind : "text", cv->w, cv->h);
  field(g, cv->dump_x_label);
  g_string_append_c(g, '\t');
  field(g, cv->dump_y_label);
  g_string_append_c(g, '\t');
  field(g, cv->dump_title);
  g_string_append_c(g, '\n');
  for (size_t i = 0; i < s->nboxes; i++) {
    const hg_text_box *b = &s->boxes[i];
    g_string_append_printf(g, "text\t%lu\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t",
                           seq, b->x, b->y, b->w, b->h, b->pt, b->clip_x, b->clip_y, b->clip_w,
                           b->clip_h);
    field(g, b->text);
    g_string_append_c(g, '\n');
  }
  for (size_t i = 0; i < s->nmarks; i++) {
    const hg_chart_mark *m = &s->marks[i];
    g_string_append_printf(g, "mark\t%lu\t%s\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\n",
                           seq, hg_mark_kind_name(m->kind), m->x, m->y, m->w, m->h, m->clip_x,
                           m->clip_y, m->clip_w, m->clip_h);
  }
}

void hg_layout_dump_end(hg_canvas *cv) {
  if (!cv->dump_stats)
    return;
  const char *path = getenv("HEALTHGAP_LAYOUT_DUMP");
  GString *g = g_string_new(NULL);
  g_mutex_lock(&dump_lock);
  dump_block(g, cv, ++dump_seq);
  FILE *fp = path ? fopen(path, "a") : NULL;
  if (fp) {
    fwrite(g->str, 1, g->len, fp);
    fclose(fp);
  }
  g_mutex_unlock(&dump_lock);
  g_string_free(g, TRUE);
  hg_chart_stats_clear(cv->dump_stats);
  g_free(cv->dump_stats);
  cv->dump_stats = NULL;
  cv->stats = NULL;
}
