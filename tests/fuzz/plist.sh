#!/bin/sh
# plist.sh — replays the posting-list blob fuzz target (tests/fuzz/fuzz_plist.c) over its seed
# corpus, one TAP test point per seed. A seed that breaks an invariant aborts.
set -eu
: "${top_srcdir:?run through make check}" "${top_builddir:?}"
exec "$top_builddir/tests/fuzz/fuzz_plist" "$top_srcdir"/tests/fuzz/seeds/plist/*
