#!/bin/sh
# tmx.sh — replays the TMX reader fuzz target (tests/fuzz/fuzz_tmx_read.c) over its seed
# corpus, one TAP test point per seed. A seed that breaks an invariant aborts the run.
set -eu
: "${top_srcdir:?run through make check}" "${top_builddir:?}"
exec "$top_builddir/tests/fuzz/fuzz_tmx_read" "$top_srcdir"/tests/fuzz/seeds/tmx_read/*
