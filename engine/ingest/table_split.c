/* table_split.c: a table read on two threads.
 *
 * hg_table_options.threads >= 2: a large file with no quote in it is cut at the
 * line end nearest its middle, and the halves are parsed at once, each by its
 * own libcsv parser.  Without quotes every line feed ends a row, so the cut
 * cannot fall inside one and the halves' rows are the file's; and no row can
 * be set aside (only quotes break rows).  The first half writes its cell texts
 * from the start of the arena, the second from the cut on (no part's texts
 * outgrow its bytes), each into its own cell and row arrays; the second's are
 * appended with their cell offsets and lines moved on, and an error in it has
 * its line moved on the same way, so that every message is the one-thread
 * reader's (test_two_threads_same_table). */
#include "healthgap/memory.h"
#include "ingest/table_reader.h"

#include <csv.h>
#include <glib.h>
#include <string.h>

enum { SPLIT_MIN = 4 << 20 }; /* below this a thread costs more than it saves */

typedef struct part {
  reader r;
  struct csv_parser p;
  input in;
  hg_error err;
} part;

static gpointer parse_part(gpointer data) {
  part *pt = data;
  hg_table_parse_all_(&pt->r, &pt->p, &pt->in);
  return NULL;
}

int hg_table_read_split_(reader *r, const char *data, size_t len) {
  const hg_table_options *opt = r->opt;
  if (opt->no_header || opt->skip_lines || len < SPLIT_MIN || data[0] == '\n' || data[0] == '\r' ||
      !r->no_quotes)
    return 0; /* (a first line that is blank would leave the header to be found later) */
  const char *cut = memchr(data + len / 2, '\n', len - len / 2);
  if (!cut || (size_t)(cut + 1 - data) >= len)
    return 0;
  size_t split = (size_t)(cut + 1 - data), width = r->width; /* presize's counts */
  long lines_a = hg_table_count_lines_(data, 0, split);

  hg_table *t = r->t, *tb = g_new0(hg_table, 1);
  tb->cells = g_array_new(FALSE, FALSE, sizeof(guint));
  tb->rows = g_array_new(FALSE, FALSE, sizeof(row_ix));
  tb->bad = g_array_new(FALSE, FALSE, sizeof(hg_table_bad));
  tb->name = t->name; /* borrowed, for messages; not freed with tb */
  tb->ncols = width;
  part *pa = g_new0(part, 1), *pb = g_new0(part, 1);
  pa->r = *r;
  pa->r.acap = r->aoff + split; /* r->aoff: where data's first byte goes in the arena */
  pa->r.agrow = 0;
  pa->r.err = &pa->err;
  pa->r.line = pa->r.row_line = 1;
  pa->in = (input){.data = data, .len = split, .mark_line = 1};
  pb->r = (reader){.t = tb,
                   .line = 1,
                   .row_line = 1,
                   .max_row = r->max_row,
                   .abase = r->abase,
                   .aoff = r->aoff + split,
                   .acap = r->acap,
                   .in_place = r->in_place,
                   .no_quotes = r->no_quotes,
                   .longest = r->longest,
                   .header_done = 1,
                   .opt = opt,
                   .st = HG_OK,
                   .err = &pb->err};
  pb->in = (input){.data = data + split, .len = len - split, .mark_line = 1};
  size_t lines_b = r->lines - (size_t)lines_a;
  hg_table_reserve_(tb->rows, &pb->r.rows_cap, lines_b);
  hg_table_reserve_(tb->cells, &pb->r.cells_cap, lines_b * width);
  hg_mem_huge(tb->rows->data, pb->r.rows_cap * sizeof(row_ix));
  hg_mem_huge(tb->cells->data, pb->r.cells_cap * sizeof(guint));
  int ready_a = csv_init(&pa->p, CSV_OPTIONS) == 0, ready_b = csv_init(&pb->p, CSV_OPTIONS) == 0;
  if (!ready_a || !ready_b) {
    r->st = HG_ERR_NOMEM;
  } else {
    pa->r.p = &pa->p;
    pb->r.p = &pb->p;
    GThread *th = g_thread_try_new("hg-csv", parse_part, pb, NULL);
    parse_part(pa);
    if (th)
      g_thread_join(th);
    else
      parse_part(pb);        /* no thread to be had: the same result, one after the other */
    if (pa->r.st != HG_OK) { /* the first error in the file is the first half's */
      r->st = pa->r.st;
      if (r->err)
        *r->err = pa->err;
    } else if (pb->r.st != HG_OK) {
      r->st = pb->r.st;
      if (r->err) {
        *r->err = pb->err;
        if (r->err->line > 0)
          r->err->line += lines_a;
      }
    } else if (t->cells->len + (size_t)tb->cells->len >= G_MAXUINT) {
      r->st = HG_ERR_NOMEM;
      hg_error_set(r->err, t->name, 0, NULL, "too many cells for one table");
    } else {
      r->st = HG_OK;
      r->header_done = pa->r.header_done;
    }
  }
  if (r->st == HG_OK) {
    guint base = t->cells->len;
    hg_table_reserve_(t->cells, &pa->r.cells_cap, base + tb->cells->len);
    memcpy((guint *)(void *)t->cells->data + base, tb->cells->data, tb->cells->len * sizeof(guint));
    t->cells->len = base + tb->cells->len;
    hg_table_reserve_(t->rows, &pa->r.rows_cap, t->rows->len + tb->rows->len);
    row_ix *dst = (row_ix *)(void *)t->rows->data + t->rows->len;
    const row_ix *src = (const row_ix *)(void *)tb->rows->data;
    for (guint i = 0; i < tb->rows->len; i++)
      dst[i] = (row_ix){src[i].first + base, src[i].width, src[i].line + lines_a};
    t->rows->len += tb->rows->len;
    r->aoff = pb->r.aoff;
  }
  if (ready_a)
    csv_free(&pa->p);
  if (ready_b)
    csv_free(&pb->p);
  tb->name = NULL;
  hg_table_free(tb);
  g_free(pa);
  g_free(pb);
  return 1;
}
