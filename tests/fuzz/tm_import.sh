#!/bin/sh
# tm_import.sh — replays the TMX → memory import fuzz target (tests/fuzz/fuzz_tm_import.c)
# over its seed corpus, one TAP test point per seed. A seed that breaks an invariant aborts.
set -eu
: "${top_srcdir:?run through make check}" "${top_builddir:?}"
exec "$top_builddir/tests/fuzz/fuzz_tm_import" "$top_srcdir"/tests/fuzz/seeds/tm_import/*
