#!/bin/sh
# make check: every C file follows the committed .clang-format.
exec sh tests/tools/format.sh
