/* bare_parse.c: the whole-process floor for bench_stat: a program that reads
 * one CSV file with libcsv (csv_parse over 1 MiB blocks, callbacks that only
 * count) and prints its row count.  It links libcsv alone, statically as the
 * healthgap binary does, so its time is what any program that parses the file
 * must spend: starting, reading and parsing, and nothing else.  `stat` is a
 * whole process too, so on a small file the two ratios of bench_stat differ:
 * over this program, start-up is on both sides; over the parse alone
 * (bench_stat's in-process bare_parse), it is on stat's side only. */
#include <csv.h>
#include <stdio.h>

static void on_field(void *s, size_t len, void *data) {
  (void)s;
  (void)len;
  (void)data;
}

static void on_row(int term, void *data) {
  (void)term;
  ++*(size_t *)data;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fputs("usage: bare_parse FILE\n", stderr);
    return 2;
  }
  FILE *fp = fopen(argv[1], "rb");
  if (!fp) {
    perror(argv[1]);
    return 1;
  }
  static char buf[1 << 20];
  struct csv_parser p;
  if (csv_init(&p, 0) != 0)
    return 1;
  size_t n, rows = 0;
  int rc = 0;
  while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
    if (csv_parse(&p, buf, n, on_field, on_row, &rows) != n) {
      rc = 1;
      break;
    }
  csv_fini(&p, on_field, on_row, &rows);
  csv_free(&p);
  fclose(fp);
  printf("%zu\n", rows);
  return rc;
}
