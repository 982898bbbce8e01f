#!/bin/sh
# align.sh — replays the fuzz_align seed corpus (tests/fuzz/align-seeds) through ty_align.
set -eu
: "${top_srcdir:?run through make check}" "${top_builddir:?}"
exec "$top_builddir/tests/fuzz/fuzz_align" "$top_srcdir"/tests/fuzz/align-seeds/*
