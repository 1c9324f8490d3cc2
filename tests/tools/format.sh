#!/bin/sh
# Every C file in the repository follows the committed .clang-format.
# Prints the files that do not and exits 1; `make format` rewrites them.
cd "$(dirname "$0")/../.." || exit 2
command -v clang-format >/dev/null || { echo "format: clang-format not installed (make deps)"; exit 1; }
files=$(git ls-files '*.c' '*.h' 2>/dev/null || find . -name '*.[ch]' ! -path './build*')
bad=0
for f in $files; do
  [ -f "$f" ] || continue
  if ! clang-format --dry-run --Werror "$f" >/dev/null 2>&1; then
    echo "format: $f differs from .clang-format (make format)"
    bad=$((bad + 1))
  fi
done
[ "$bad" -eq 0 ] && echo "format: ok" || { echo "format: $bad file(s)"; exit 1; }
