/* healthgap/filekind.h: what kind of file an input is, before a reader opens it.
 *
 * Part of the floor.  Readers call hg_input_check first so that a file that is
 * not UTF-8 text is refused with its real cause (compressed, a spreadsheet,
 * UTF-16, a PDF, missing, a folder, a pipe) instead of a parse error about its
 * first bytes, and so that a FIFO given to a nightly run is refused instead of
 * blocking the run while it holds the output lock.
 */
#ifndef HEALTHGAP_FILEKIND_H
#define HEALTHGAP_FILEKIND_H

#include "healthgap/status.h"

HG_BEGIN_DECLS

typedef enum hg_filekind {
  HG_FILE_TEXT = 0,   /* plain text (UTF-8 or ASCII, maybe with a BOM), or empty */
  HG_FILE_MISSING,    /* no such file */
  HG_FILE_UNREADABLE, /* cannot be opened (permissions...) */
  HG_FILE_DIRECTORY,
  HG_FILE_SPECIAL, /* a pipe, socket or device */
  HG_FILE_GZIP,
  HG_FILE_BZIP2,
  HG_FILE_XZ,
  HG_FILE_ZSTD,
  HG_FILE_ZIP,   /* a zip archive: .xlsx, .ods, or a zipped CSV */
  HG_FILE_OLE,   /* an old Office file: .xls */
  HG_FILE_UTF16, /* UTF-16 text (Excel's "Unicode text") */
  HG_FILE_PDF,
  HG_FILE_BINARY /* NUL bytes in the first block, none of the above */
} hg_filekind;

/* Flags for hg_input_check. */
enum {
  HG_INPUT_ALLOW_STREAM = 1 /* accept pipes and devices (a command's stdin, <(zcat f.gz)) */
};

/* The kind of the file at path, from stat() and its first bytes (opened with
 * O_NONBLOCK, so a FIFO does not block).  errno_out (may be NULL) gets the
 * errno of a failed stat or open. */
hg_filekind hg_file_kind(const char *path, int *errno_out);

/* HG_OK when path is a text file a reader can parse ("-" is stdin and always
 * passes); otherwise HG_ERR_IO (missing, unreadable, a folder, a pipe without
 * HG_INPUT_ALLOW_STREAM) or HG_ERR_FORMAT (compressed, spreadsheet, UTF-16, PDF,
 * binary) with err naming the file and saying what to do. */
hg_status hg_input_check(const char *path, int flags, hg_error *err);

HG_END_DECLS
#endif
