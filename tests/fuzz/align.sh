#!/bin/sh
# align.sh — replays the fuzz_align seed corpus (tests/fuzz/seeds/align) through ty_align, one
# TAP test point per seed. A seed that breaks an invariant aborts the run.
set -eu
: "${top_srcdir:?run through make check}" "${top_builddir:?}"
exec "$top_builddir/tests/fuzz/fuzz_align" "$top_srcdir"/tests/fuzz/seeds/align/*
