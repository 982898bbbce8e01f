#!/bin/sh
# sheet.sh — replays the review-sheet reader's fuzz target (tests/fuzz/fuzz_sheet.c) over its
# seed corpus, one TAP test point per seed. A seed that breaks an invariant aborts the run.
set -eu
: "${top_srcdir:?run through make check}" "${top_builddir:?}"
exec "$top_builddir/tests/fuzz/fuzz_sheet" "$top_srcdir"/tests/fuzz/seeds/sheet/*
