/* filekind.c: what kind of file an input is (healthgap/filekind.h). */
#include "healthgap/filekind.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Magic numbers at the start of the file. */
static const struct {
  const char *magic;
  size_t len;
  hg_filekind kind;
} magics[] = {
    {"\x1f\x8b", 2, HG_FILE_GZIP},
    {"BZh", 3, HG_FILE_BZIP2},
    {"\xfd"
     "7zXZ\0",
     6, HG_FILE_XZ},
    {"\x28\xb5\x2f\xfd", 4, HG_FILE_ZSTD},
    {"PK\x03\x04", 4, HG_FILE_ZIP},
    {"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8, HG_FILE_OLE},
    {"\xff\xfe", 2, HG_FILE_UTF16},
    {"\xfe\xff", 2, HG_FILE_UTF16},
    {"%PDF-", 5, HG_FILE_PDF},
};

static hg_filekind sniff(const unsigned char *b, size_t n) {
  for (size_t i = 0; i < sizeof magics / sizeof magics[0]; i++)
    if (n >= magics[i].len && memcmp(b, magics[i].magic, magics[i].len) == 0)
      return magics[i].kind;
  /* UTF-16 without a BOM: ASCII text with a NUL after (LE) or before (BE)
   * every character. */
  size_t zeros_odd = 0, zeros_even = 0, zeros = 0;
  for (size_t i = 0; i < n; i++)
    if (b[i] == 0) {
      zeros++;
      if (i % 2)
        zeros_odd++;
      else
        zeros_even++;
    }
  if (n >= 8 && (zeros_odd * 2 >= n - 1 || zeros_even * 2 >= n - 1) &&
      (zeros_odd == 0 || zeros_even == 0))
    return HG_FILE_UTF16;
  return zeros ? HG_FILE_BINARY : HG_FILE_TEXT;
}

hg_filekind hg_file_kind(const char *path, int *errno_out) {
  struct stat sb;
  if (errno_out)
    *errno_out = 0;
  if (stat(path, &sb) != 0) {
    if (errno_out)
      *errno_out = errno;
    return errno == ENOENT || errno == ENOTDIR ? HG_FILE_MISSING : HG_FILE_UNREADABLE;
  }
  if (S_ISDIR(sb.st_mode))
    return HG_FILE_DIRECTORY;
  if (!S_ISREG(sb.st_mode))
    return HG_FILE_SPECIAL;
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    if (errno_out)
      *errno_out = errno;
    return HG_FILE_UNREADABLE;
  }
  unsigned char buf[512];
  ssize_t n = read(fd, buf, sizeof buf);
  int e = errno;
  close(fd);
  if (n < 0) {
    if (errno_out)
      *errno_out = e;
    return HG_FILE_UNREADABLE;
  }
  return sniff(buf, (size_t)n);
}

hg_status hg_input_check(const char *path, int flags, hg_error *err) {
  if (!path || strcmp(path, "-") == 0)
    return HG_OK;
  int e = 0;
  hg_filekind k = hg_file_kind(path, &e);
  const char *why = NULL;
  hg_status st = HG_ERR_FORMAT;
  switch (k) {
  case HG_FILE_TEXT:
    return HG_OK;
  case HG_FILE_SPECIAL:
    if (flags & HG_INPUT_ALLOW_STREAM)
      return HG_OK;
    why = "is not a regular file (a pipe, socket or device): give a file, which a run can hash "
          "and read again";
    st = HG_ERR_IO;
    break;
  case HG_FILE_MISSING:
    why = "no such file";
    st = HG_ERR_IO;
    break;
  case HG_FILE_UNREADABLE:
    hg_error_set(err, path, 0, NULL, "cannot read: %s", strerror(e ? e : EIO));
    return HG_ERR_IO;
  case HG_FILE_DIRECTORY:
    why = "is a folder, not a file";
    st = HG_ERR_IO;
    break;
  case HG_FILE_GZIP:
    why = "is gzip-compressed: decompress it first (gunzip)";
    break;
  case HG_FILE_BZIP2:
    why = "is bzip2-compressed: decompress it first (bunzip2)";
    break;
  case HG_FILE_XZ:
    why = "is xz-compressed: decompress it first (unxz)";
    break;
  case HG_FILE_ZSTD:
    why = "is zstd-compressed: decompress it first (unzstd)";
    break;
  case HG_FILE_ZIP:
    why = "is a zip archive (an Excel .xlsx or OpenDocument workbook, or a zipped CSV): save the "
          "sheet as 'CSV UTF-8' or unzip it, and give the CSV";
    break;
  case HG_FILE_OLE:
    why = "is an old Excel .xls workbook: save the sheet as 'CSV UTF-8' and give the CSV";
    break;
  case HG_FILE_UTF16:
    why = "is UTF-16 text (Excel's 'Unicode Text'): save it as 'CSV UTF-8'";
    break;
  case HG_FILE_PDF:
    why = "is a PDF, not a CSV";
    break;
  case HG_FILE_BINARY:
    why = "is not text (NUL bytes in its first block): give a CSV file";
    break;
  }
  hg_error_set(err, path, 0, NULL, "%s", why);
  return st;
}
