#!/bin/sh
# serve.sh — replays taiyaku serve's request fuzz target (tests/fuzz/fuzz_serve.c) over its
# seed corpus, one TAP test point per seed. A seed that breaks an invariant aborts.
set -eu
: "${top_srcdir:?run through make check}" "${top_builddir:?}"
exec "$top_builddir/tests/fuzz/fuzz_serve" "$top_srcdir"/tests/fuzz/seeds/serve/*
