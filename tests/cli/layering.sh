#!/bin/sh
# make check: the layering rules of docs/architecture.md hold (includes and symbols).
exec sh tests/tools/layers.sh "${BUILD:-build}"
