/* test_table.c: the in-memory CSV table and strict number parsing. */
#include "hg_test.h"
#include "support/csv_oracle.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <unistd.h>
#include <math.h>
#include <string.h>

static hg_table *mem(const char *text, const hg_table_options *opt, hg_status want) {
  hg_table *t = NULL;
  hg_error err;
  hg_error_clear(&err);
  hg_status st = hg_table_read_mem("mem.csv", text, strlen(text), opt, &t, &err);
  assert_int_equal(st, want);
  return t;
}

static void test_bom_crlf_quotes(void **state) {
  (void)state;
  hg_table *t = mem("\xEF\xBB\xBF\"Area Code\",\"Area Name\",Value\r\n"
                    "E09000001,\"City of London, The\",1.5\r\n"
                    "\r\n"
                    "E09000002,\"Barking \"\"and\"\" Dagenham\",\r\n",
                    NULL, HG_OK);
  assert_int_equal(hg_table_ncols(t), 3);
  assert_int_equal(hg_table_nrows(t), 2);
  assert_string_equal(hg_table_colname(t, 0), "Area Code");
  assert_int_equal(hg_table_col(t, "area name"), 1);
  assert_int_equal(hg_table_col(t, "Nope"), -1);
  assert_string_equal(hg_table_cell(t, 0, 1), "City of London, The");
  assert_string_equal(hg_table_cell(t, 1, 1), "Barking \"and\" Dagenham");
  assert_int_equal(hg_table_line(t, 0), 2);
  assert_int_equal(hg_table_line(t, 1), 4); /* the blank line 3 is skipped */
  double v;
  assert_int_equal(hg_table_number(t, 0, 2, &v, NULL), HG_OK);
  assert_true(v == 1.5);
  assert_int_equal(hg_table_number(t, 1, 2, &v, NULL), HG_OK);
  assert_true(isnan(v));
  hg_table_free(t);
}

static void test_quoted_newline_line_numbers(void **state) {
  (void)state;
  hg_table *t = mem("a,b\n1,\"two\nlines\"\n3,x\n", NULL, HG_OK);
  assert_int_equal(hg_table_nrows(t), 2);
  assert_string_equal(hg_table_cell(t, 0, 1), "two\nlines");
  assert_int_equal(hg_table_line(t, 1), 4);
  hg_table_free(t);
}

static void test_not_a_number_message(void **state) {
  (void)state;
  hg_table *t = mem("Area,Value\nX,abc\n", NULL, HG_OK);
  hg_error err;
  double v;
  assert_int_equal(hg_table_number(t, 0, 1, &v, &err), HG_ERR_PARSE);
  char buf[1400];
  assert_string_equal(hg_error_format(&err, buf, sizeof buf),
                      "mem.csv:2: column 'Value': not a number: 'abc'");
  hg_table_free(t);
}

static void test_ragged_strict(void **state) {
  (void)state;
  hg_table_options o = {.strict_width = 1};
  hg_table *t = mem("a,b\n1,2\n3\n", &o, HG_ERR_FORMAT);
  assert_null(t);
  t = mem("a,b\n1,2\n3\n", NULL, HG_OK);
  assert_string_equal(hg_table_cell(t, 1, 1), "");
  assert_int_equal(hg_table_width(t, 1), 1);
  hg_table_free(t);
}

/* Every row, width, line and cell of a against b. */
static void assert_same_table(const hg_table *a, const hg_table *b) {
  assert_int_equal(hg_table_ncols(a), hg_table_ncols(b));
  for (size_t j = 0; j < hg_table_ncols(a); j++)
    assert_string_equal(hg_table_colname(a, j), hg_table_colname(b, j));
  assert_int_equal(hg_table_nrows(a), hg_table_nrows(b));
  for (size_t i = 0; i < hg_table_nrows(a); i++) {
    assert_int_equal(hg_table_line(a, i), hg_table_line(b, i));
    assert_int_equal(hg_table_width(a, i), hg_table_width(b, i));
    for (size_t j = 0; j < hg_table_width(a, i); j++)
      assert_string_equal(hg_table_cell(a, i, j), hg_table_cell(b, i, j));
  }
}

/* Issue 17: hg_table_options.threads 2 cuts a large unquoted file at a line
 * end and parses the halves at once.  The table must be the one-thread
 * reader's: every cell, width and line, over a BOM, CRLF and LF lines, blank
 * lines, short and long rows, empty and long cells, on both sides of the cut
 * wherever it falls (three sizes move it); and a failure in either half must
 * give the one-thread reader's message. */
static void test_two_threads_same_table(void **state) {
  (void)state;
  for (int variant = 0; variant < 3; variant++) {
    GString *csv = g_string_new("\xEF\xBB\xBF"
                                "area,sex,year,band,count,population,note\n");
    size_t target = (size_t)(5 << 20) + (size_t)variant * 333331;
    for (unsigned i = 0; csv->len < target; i++) {
      switch (i % 97) {
      case 5:
        g_string_append(csv, "\n"); /* a blank line */
        break;
      case 17:
        g_string_append_printf(csv, "E0900%04u,Female\n", i % 33); /* short */
        break;
      case 31:
        g_string_append_printf(csv, "E0900%04u,Male,2020,85+,%u,%u,,extra,cells\r\n", i % 33, i % 7,
                               100 + i % 1000); /* long, CRLF */
        break;
      case 53:
        g_string_append_printf(csv, "E0900%04u,Persons,2021,,,,%s\n", i % 33,
                               "a long note that is longer than sixteen bytes");
        break;
      default:
        g_string_append_printf(csv, "E0900%04u,%s,%u,%u-%u,%u,%u,\n", i % 33,
                               i % 2 ? "Male" : "Female", 2010 + i % 12, 5 * (i % 19),
                               5 * (i % 19) + 4, i % 13, 1000 + i % 5000);
      }
    }
    hg_table *one = NULL, *two = NULL;
    hg_error err;
    hg_table_options o1 = {0}, o2 = {.threads = 2};
    assert_int_equal(hg_table_read_mem("big.csv", csv->str, csv->len, &o1, &one, &err), HG_OK);
    assert_int_equal(hg_table_read_mem("big.csv", csv->str, csv->len, &o2, &two, &err), HG_OK);
    assert_true(hg_table_nrows(one) > 100000);
    assert_same_table(one, two);
    hg_table_free(two);
    /* From a file, parsed in place (no quotes), on one thread and on two; and
     * with a quote somewhere (copied, as before). */
    char *dir = g_dir_make_tmp("hg-table-split-XXXXXX", NULL);
    char *path = g_build_filename(dir, "big.csv", NULL);
    for (int quoted = 0; quoted < 2; quoted++) {
      if (quoted) {
        char *note = g_strstr_len(csv->str, -1, "a long note");
        note[0] = '"', note[strlen("a long note that is longer than sixteen bytes") - 1] = '"';
      }
      assert_true(g_file_set_contents(path, csv->str, (gssize)csv->len, NULL));
      hg_table *want = one;
      if (quoted)
        assert_int_equal(hg_table_read_mem("big.csv", csv->str, csv->len, &o1, &want, &err), HG_OK);
      for (int th = 0; th < 2; th++) {
        assert_int_equal(hg_table_read(path, th ? &o2 : &o1, &two, &err), HG_OK);
        assert_same_table(want, two);
        hg_table_free(two);
      }
      if (quoted)
        hg_table_free(want);
    }
    g_unlink(path);
    g_rmdir(dir);
    g_free(path);
    g_free(dir);
    hg_table_free(one);

    /* strict width: a short row past the cut fails both readers alike */
    GString *full = g_string_new("area,sex,year,band,count,population,note\n");
    long short_line = 0;
    for (unsigned i = 0; full->len < target; i++) {
      if (!short_line && full->len > target / 2 + target / 4 + (size_t)variant * 1000) {
        g_string_append(full, "E09000001,Female\n");
        short_line = (long)i + 2;
        continue;
      }
      g_string_append_printf(full, "E0900%04u,Male,%u,0-4,%u,%u,\n", i % 33, 2010 + i % 12, i % 13,
                             1000 + i % 5000);
    }
    hg_table_options s1 = {.strict_width = 1}, s2 = {.strict_width = 1, .threads = 2};
    hg_error e1, e2;
    char b1[512], b2[512];
    assert_int_equal(hg_table_read_mem("w.csv", full->str, full->len, &s1, &one, &e1),
                     HG_ERR_FORMAT);
    assert_int_equal(hg_table_read_mem("w.csv", full->str, full->len, &s2, &two, &e2),
                     HG_ERR_FORMAT);
    assert_int_equal(e1.line, short_line);
    assert_string_equal(hg_error_format(&e1, b1, sizeof b1), hg_error_format(&e2, b2, sizeof b2));
    g_string_free(full, TRUE);
    g_string_free(csv, TRUE);
  }
}

static void test_empty_and_skip(void **state) {
  (void)state;
  assert_null(mem("", NULL, HG_ERR_EMPTY));
  hg_table_options o = {.skip_lines = 2};
  hg_table *t = mem("title\nsubtitle\nx,y\n1,2", &o, HG_OK);
  assert_string_equal(hg_table_colname(t, 0), "x");
  assert_string_equal(hg_table_cell(t, 0, 1), "2");
  hg_table_free(t);
  hg_table_options nh = {.no_header = 1};
  t = mem("1,2\n3,4\n", &nh, HG_OK);
  assert_int_equal(hg_table_nrows(t), 2);
  assert_string_equal(hg_table_colname(t, 1), "2");
  hg_table_free(t);
}

static void test_parse_number(void **state) {
  (void)state;
  double v;
  assert_int_equal(hg_parse_number(" 12.948 ", 8, &v), HG_NUM_OK);
  assert_true(v == 12.948);
  assert_int_equal(hg_parse_number("-1e-3", 5, &v), HG_NUM_OK);
  assert_int_equal(hg_parse_number("", 0, &v), HG_NUM_MISSING);
  assert_true(isnan(v));
  const char *bad[] = {"NA", "inf", "nan", "0x10", "1,296", "1.2.3", "--1", "e5", "12abc"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    assert_int_equal(hg_parse_number(bad[i], strlen(bad[i]), &v), HG_NUM_INVALID);
}

/* Issue 18: a quote opened and never closed swallowed every row below it into
 * one cell.  Strict quoting fails the read, naming the row's line... */
static void test_unclosed_quote_fails(void **state) {
  (void)state;
  const char *text = "a,b\nE09000001,5\nE09000002,\"oops,6\nE09000003,7\nE09000004,8\n";
  hg_table *t = NULL;
  hg_error err;
  assert_int_equal(hg_table_read_mem("m.csv", text, strlen(text), NULL, &t, &err), HG_ERR_PARSE);
  assert_null(t);
  assert_int_equal(err.line, 3);
  assert_non_null(strstr(err.message, "unclosed quote"));
}

/* ... and with keep_bad_rows sets the row aside and reads the lines after it. */
static void test_unclosed_quote_resyncs(void **state) {
  (void)state;
  hg_table_options o = {.keep_bad_rows = 1};
  hg_table *t = mem("a,b\nE09000001,5\nE09000002,\"oops,6\nE09000003,7\nE09000004,8\n", &o, HG_OK);
  assert_int_equal(hg_table_nrows(t), 3);
  assert_string_equal(hg_table_cell(t, 1, 0), "E09000003");
  assert_int_equal(hg_table_line(t, 1), 4);
  assert_int_equal(hg_table_line(t, 2), 5);
  assert_int_equal(hg_table_nbad(t), 1);
  const hg_table_bad *b = hg_table_bad_row(t, 0);
  assert_int_equal(b->line, 3);
  assert_int_equal(b->field, 1);
  assert_int_equal(b->reason, HG_REJECT_UNCLOSED_QUOTE);
  assert_string_equal(b->raw, "E09000002,\"oops,6");
  hg_table_free(t);
}

/* A quote closed on a later line by a quote that breaks the field there: the
 * open quote's row is the bad one, then the later row is read on its own
 * (and its own stray quote set aside too). */
static void test_quote_closed_later_and_stray(void **state) {
  (void)state;
  hg_table_options o = {.keep_bad_rows = 1};
  hg_table *t =
      mem("a,b,c\r\n1,\"oops,2\r\n3,Cam\"den,4\r\n5,\"Cam\"den,6\r\n7,x,8\r\n", &o, HG_OK);
  assert_int_equal(hg_table_nrows(t), 1);
  assert_string_equal(hg_table_cell(t, 0, 0), "7");
  assert_int_equal(hg_table_line(t, 0), 5);
  assert_int_equal(hg_table_nbad(t), 3);
  assert_int_equal(hg_table_bad_row(t, 0)->line, 2);
  assert_int_equal(hg_table_bad_row(t, 0)->reason, HG_REJECT_UNCLOSED_QUOTE);
  assert_int_equal(hg_table_bad_row(t, 1)->line, 3);
  assert_int_equal(hg_table_bad_row(t, 1)->reason, HG_REJECT_STRAY_QUOTE);
  assert_string_equal(hg_table_bad_row(t, 1)->raw, "3,Cam\"den,4");
  assert_int_equal(hg_table_bad_row(t, 2)->line, 4);
  assert_int_equal(hg_table_bad_row(t, 2)->field, 1);
  assert_int_equal(hg_table_bad_row(t, 2)->reason, HG_REJECT_STRAY_QUOTE);
  hg_table_free(t);
}

/* The field limit holds while reading: a quoted field past it is an
 * unclosed quote even before the end of the file. */
static void test_field_limit_while_reading(void **state) {
  (void)state;
  GString *s = g_string_new("a,b\n1,\"open\n");
  for (int i = 0; i < 200; i++)
    g_string_append_printf(s, "%d,row\n", i + 2);
  g_string_append(s, "x,\"closed\""); /* no final line end: closed all the same */
  hg_table_options o = {.keep_bad_rows = 1, .max_field_bytes = 100};
  hg_table *t = mem(s->str, &o, HG_OK);
  assert_int_equal(hg_table_nbad(t), 1);
  assert_non_null(strstr(hg_table_bad_row(t, 0)->message, "longer than 100 bytes"));
  assert_int_equal(hg_table_nrows(t), 201);
  assert_string_equal(hg_table_cell(t, 200, 1), "closed");
  hg_table_free(t);
  g_string_free(s, TRUE);
}

/* Issue 17: libcsv gets the input in 64 KiB chunks and the lines are counted
 * from its events.  Rows far past the first chunk, after quoted line feeds,
 * some of them split across chunks, still name their own lines, and a broken
 * row there is set aside with its own line and text.  Expected lines by
 * construction: row i (0-based) of the first 6000 starts on line 2 + 2 i. */
static void test_lines_across_chunks(void **state) {
  (void)state;
  GString *s = g_string_new("id,text\r\n");
  for (int i = 0; i < 6000; i++) /* about 150 KiB */
    g_string_append_printf(s, "%d,\"two\nlines %d\"\r\n", i, i);
  g_string_append(s, "bad,Cam\"den\n"); /* line 12002 */
  g_string_append(s, "last,\"x\"\n");   /* line 12003 */
  hg_table_options o = {.keep_bad_rows = 1};
  hg_table *t = mem(s->str, &o, HG_OK);
  assert_true(s->len > 2 * 65536);
  assert_int_equal(hg_table_nrows(t), 6001);
  for (size_t i = 0; i < 6000; i += 997)
    assert_int_equal(hg_table_line(t, i), 2 + 2 * (long)i);
  assert_int_equal(hg_table_line(t, 5999), 2 + 2 * 5999);
  assert_string_equal(hg_table_cell(t, 5999, 1), "two\nlines 5999");
  assert_int_equal(hg_table_line(t, 6000), 12003);
  assert_int_equal(hg_table_nbad(t), 1);
  assert_int_equal(hg_table_bad_row(t, 0)->line, 12002);
  assert_int_equal(hg_table_bad_row(t, 0)->reason, HG_REJECT_STRAY_QUOTE);
  assert_string_equal(hg_table_bad_row(t, 0)->raw, "bad,Cam\"den");
  hg_table_free(t);
  g_string_free(s, TRUE);
}

/* The size cap is enforced before or while reading, not after: a regular
 * file by its size, a stream (here a pipe on stdin that would go on for
 * ever) as soon as it passes the cap. */
static void test_size_cap_before_reading(void **state) {
  (void)state;
  char *dir = g_dir_make_tmp("hg-table-cap-XXXXXX", NULL);
  char *path = g_build_filename(dir, "big.csv", NULL);
  GString *text = g_string_new("a,b\n");
  while (text->len < 10000)
    g_string_append(text, "1,2\n");
  assert_true(g_file_set_contents(path, text->str, (gssize)text->len, NULL));
  hg_table_options opt = {.max_bytes = 4096};
  hg_table *t = NULL;
  hg_error err;
  hg_error_clear(&err);
  assert_int_equal(hg_table_read(path, &opt, &t, &err), HG_ERR_NOMEM);
  assert_null(t);
  char *want = g_strdup_printf("file is %zu bytes, over the 4096-byte limit", text->len);
  assert_string_equal(err.message, want);
  g_free(want);
  opt.max_bytes = text->len; /* at the cap exactly: read */
  assert_int_equal(hg_table_read(path, &opt, &t, &err), HG_OK);
  hg_table_free(t);
  g_unlink(path);
  g_rmdir(dir);
  g_free(path);
  g_free(dir);
  g_string_free(text, TRUE);
}

static gpointer endless_writer(gpointer fdp) {
  int fd = GPOINTER_TO_INT(fdp);
  static const char row[] = "1,2\n1,2\n1,2\n1,2\n";
  if (write(fd, "a,b\n", 4) != 4)
    return NULL;
  while (write(fd, row, sizeof row - 1) > 0) /* until the reader closes (EPIPE) */
    ;
  close(fd);
  return NULL;
}

static void test_stream_cap_while_reading(void **state) {
  (void)state;
  int fds[2];
  assert_int_equal(pipe(fds), 0);
  signal(SIGPIPE, SIG_IGN);
  int saved = dup(0);
  assert_true(dup2(fds[0], 0) == 0);
  close(fds[0]);
  clearerr(stdin);
  GThread *w = g_thread_new("writer", endless_writer, GINT_TO_POINTER(fds[1]));
  hg_table_options opt = {.max_bytes = 1 << 20};
  hg_table *t = NULL;
  hg_error err;
  hg_error_clear(&err);
  assert_int_equal(hg_table_read("-", &opt, &t, &err), HG_ERR_NOMEM);
  assert_null(t);
  assert_string_equal(err.message, "input is over the 1048576-byte limit");
  dup2(saved, 0); /* closes the pipe's read end: the writer stops */
  close(saved);
  clearerr(stdin);
  g_thread_join(w);
}

/* hg_table_stream: the header as row 0, then each row's cells (BOM skipped,
 * quoted separators and line ends kept); a quote left open is an error that
 * names the file, not a field that swallows the rest. */
static void collect(void *data, size_t row, const char *const *cells, size_t n) {
  GString *s = data;
  g_string_append_printf(s, "%zu:", row);
  for (size_t k = 0; k < n; k++)
    g_string_append_printf(s, "%s[%s]", k ? "," : "", cells[k]);
  g_string_append_c(s, ';');
}

static void test_table_stream(void **state) {
  (void)state;
  char *dir = g_dir_make_tmp("hg-table-stream-XXXXXX", NULL);
  char *path = g_build_filename(dir, "t.csv", NULL);
  assert_true(g_file_set_contents(path,
                                  "\xEF\xBB\xBF"
                                  "a,b\r\n1,\"x, y\"\r\n\r\n2,\"p\nq\"\r\n3\r\n",
                                  -1, NULL));
  GString *s = g_string_new(NULL);
  hg_error err;
  assert_int_equal(hg_table_stream(path, collect, s, &err), HG_OK);
  assert_string_equal(s->str, "0:[a],[b];1:[1],[x, y];2:[2],[p\nq];3:[3];");
  assert_true(g_file_set_contents(path, "a,b\n1,\"open\n2,3\n", -1, NULL));
  g_string_truncate(s, 0);
  assert_int_equal(hg_table_stream(path, collect, s, &err), HG_ERR_PARSE);
  assert_string_equal(err.file, path);
  assert_true(g_file_set_contents(path, "", 0, NULL));
  assert_int_equal(hg_table_stream(path, collect, s, &err), HG_ERR_EMPTY);
  g_string_free(s, TRUE);
  remove(path);
  g_rmdir(dir);
  g_free(path);
  g_free(dir);
}

/* Reads text as a table (in memory, and from a file, in place, on one thread
 * and on two) and checks every way against libcsv itself (csv_oracle.h).  Input
 * without quotes takes the table's own splitter (table.c, plain_rows); with
 * quotes, libcsv; either way the table must be libcsv's rows and lines. */
static void check_as_libcsv(const char *what, const char *text, size_t len,
                            const hg_table_options *base) {
  csv_oracle o;
  int parsed = csv_oracle_parse(&o, text, len);
  int quoted = memchr(text, '"', len) != NULL;
  char *dir = g_dir_make_tmp("hg-plain-XXXXXX", NULL);
  char *path = g_build_filename(dir, "t.csv", NULL);
  assert_true(g_file_set_contents(path, text, (gssize)len, NULL));
  int nul = memchr(text, '\0', len) != NULL; /* a file with a NUL is not text: memory only */
  for (int way = 0; way < (nul ? 1 : 3); way++) {
    hg_table_options opt = base ? *base : (hg_table_options){0};
    opt.threads = way == 2 ? 2 : 0;
    hg_table *t = NULL;
    hg_error err;
    hg_error_clear(&err);
    hg_status st = way == 0 ? hg_table_read_mem("t.csv", text, len, &opt, &t, &err)
                            : hg_table_read(path, &opt, &t, &err);
    if (parsed && o.rows->len > 0) {
      if (st != HG_OK)
        fail_msg("%s (way %d): %s", what, way, err.message);
      char *why = csv_oracle_differs(&o, t, !quoted);
      if (why)
        fail_msg("%s (way %d): %s", what, way, why);
    } else {
      assert_int_not_equal(st, HG_OK); /* no header, or a broken quote */
    }
    hg_table_free(t);
  }
  /* The stream of the same file: libcsv's rows, blank lines skipped. */
  if (!nul) {
    GPtrArray *rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
    hg_error err;
    hg_status st = hg_table_stream(path, csv_oracle_stream_row, rows, &err);
    if (parsed && o.rows->len > 0) {
      if (st != HG_OK)
        fail_msg("%s (stream): %s", what, err.message);
      char *why = csv_oracle_rows_differ(&o, rows);
      if (why)
        fail_msg("%s (stream): %s", what, why);
    } else {
      assert_int_not_equal(st, HG_OK);
    }
    g_ptr_array_free(rows, TRUE);
  }
  csv_oracle_free(&o);
  g_unlink(path);
  g_rmdir(dir);
  g_free(path);
  g_free(dir);
}

/* Every CSV under dir, recursively. */
static int check_dir_as_libcsv(const char *dir) {
  GDir *d = g_dir_open(dir, 0, NULL);
  if (!d)
    return 0;
  int n = 0;
  const char *name;
  while ((name = g_dir_read_name(d)) != NULL) {
    char *path = g_build_filename(dir, name, NULL);
    if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
      n += check_dir_as_libcsv(path);
    } else if (g_str_has_suffix(name, ".csv")) {
      char *text;
      gsize len;
      assert_true(g_file_get_contents(path, &text, &len, NULL));
      check_as_libcsv(path, text, len, NULL);
      g_free(text);
      n++;
    }
    g_free(path);
  }
  g_dir_close(d);
  return n;
}

static void test_plain_rows_as_libcsv(void **state) {
  (void)state;
  /* each with its length: one holds a NUL */
#define CASE(text)                                                                                 \
  { text, sizeof text - 1 }
  static const struct {
    const char *text;
    size_t len;
  } cases[] = {
      CASE("a,b,c\n1,2,3\n"),
      CASE("a,b,c\n1,2,3"),                    /* no final line end */
      CASE("a,b,c\r\n1,2,3\r\n\r\n4,5,6\r\n"), /* CR LF, a blank line */
      CASE("a,b\r1,2\r3,4\r"),                 /* lone CRs end rows, not lines */
      CASE("a,b\r\r\n\n1,2\n\r\r3,4"),
      CASE("\xEF\xBB\xBF"
           "a,b\n1,2\n"),                      /* BOM */
      CASE("  a ,\tb\t\n 1 , 2 \n"),           /* blanks at a field's two ends */
      CASE("a,b\n \t \n1, \n , \n,\n\t,\t\n"), /* blank-only lines, blank fields */
      CASE("a,b\n1 2,x  y\n"),                 /* blanks inside a field stay */
      CASE("a,b,\n1,,\n,,\n"),                 /* empty fields, a trailing comma */
      CASE("a,b\n1,2,3,4\n5\n\n6,7\n"),        /* ragged rows */
      CASE("\n\n \na,b\n1,2\n"),               /* blank lines before the header */
      CASE("a\n,\n"),
      CASE("a,b\n1,2\n   "), /* blanks, then the end */
      CASE("a,b\n1,2\n,"),   /* a comma, then the end */
      CASE("a,b\n1,\t"),
      CASE("a,b\nx\0y,2\n"), /* a NUL: a byte like any other */
      CASE("a,b\n0123456789abcdefghij,0123456789abcdefg\n1,0123456789abcde\n"), /* around SHORT */
      CASE("a,b\n\"q\",1\n"), /* quoted: libcsv's path */
      CASE(""),
      CASE(" \n\n"),
  };
#undef CASE
  for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
    char *what = g_strdup_printf("case %zu", i);
    check_as_libcsv(what, cases[i].text, cases[i].len, NULL);
    g_free(what);
  }
  /* The field limit: a longest line within it is split here, one over it by
   * libcsv (which then checks the limit); both are libcsv's rows. */
  const char *limit = "a,b\n12345678,1\n";
  for (size_t max = 9; max <= 11; max++) {
    hg_table_options opt = {.max_field_bytes = max};
    check_as_libcsv("field limit", limit, strlen(limit), &opt);
  }
  /* Over 4 MiB, so that the two-thread reader cuts it: the cases above over
   * and over, without the header and the quoted ones. */
  GString *big = g_string_new("area,sex,year,count,note\n");
  while (big->len < (size_t)(9 << 19))
    for (size_t i = 1; i < G_N_ELEMENTS(cases) - 3; i++)
      if (!strchr(cases[i].text, '"') && i != 5 && i != 16)
        g_string_append(big, strchr(cases[i].text, '\n') ? strchr(cases[i].text, '\n') + 1
                                                         : cases[i].text),
            g_string_append_c(big, '\n');
  check_as_libcsv("big", big->str, big->len, NULL);
  /* The same with quoted fields here and there, one holding a line end, so
   * that the stream's plain rows and libcsv's take turns across its chunks. */
  GString *mixed = g_string_new("area,sex,year,count,note\n");
  for (size_t i = 0; mixed->len < (size_t)(3 << 19); i++)
    g_string_append_printf(mixed,
                           i % 7 == 3    ? "E0%zu,\"x, \"\"y\"\"\nz\",%zu,1,\r\n"
                           : i % 11 == 5 ? "E0%zu, a b ,%zu,,\n"
                                         : "E0%zu,Female,%zu,12,note\n",
                           i, 2000 + i % 20);
  check_as_libcsv("mixed", mixed->str, mixed->len, NULL);
  g_string_free(mixed, TRUE);
  g_string_free(big, TRUE);
  /* Real files: every CSV the tests and the demo ship. */
  int n = check_dir_as_libcsv("tests/data") + check_dir_as_libcsv("fixtures");
  assert_true(n > 50);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_table_stream),
      cmocka_unit_test(test_bom_crlf_quotes),
      cmocka_unit_test(test_quoted_newline_line_numbers),
      cmocka_unit_test(test_not_a_number_message),
      cmocka_unit_test(test_ragged_strict),
      cmocka_unit_test(test_two_threads_same_table),
      cmocka_unit_test(test_empty_and_skip),
      cmocka_unit_test(test_parse_number),
      cmocka_unit_test(test_unclosed_quote_fails),
      cmocka_unit_test(test_unclosed_quote_resyncs),
      cmocka_unit_test(test_quote_closed_later_and_stray),
      cmocka_unit_test(test_field_limit_while_reading),
      cmocka_unit_test(test_lines_across_chunks),
      cmocka_unit_test(test_size_cap_before_reading),
      cmocka_unit_test(test_stream_cap_while_reading),
      cmocka_unit_test(test_plain_rows_as_libcsv),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
