#!/bin/sh
# anchors.sh — replays the anchor/lexicon fuzz target (tests/fuzz/fuzz_anchors.c) over its
# seed corpus, one TAP test point per seed. A seed that breaks an invariant aborts the run.
set -eu
: "${top_srcdir:?run through make check}" "${top_builddir:?}"
exec "$top_builddir/tests/fuzz/fuzz_anchors" "$top_srcdir"/tests/fuzz/seeds/anchors/*
