#!/bin/sh
# cli.sh — replays the in-process CLI fuzz target (tests/fuzz/fuzz_cli.c) over its seed corpus,
# one TAP test point per seed: command lines of every subcommand, good and bad, run one after
# the other in one process. A seed that crashes, leaks (under ASan) or gets an exit code other
# than 0, 1, 2 or 64 fails.
set -eu
: "${top_srcdir:?run through make check}" "${top_builddir:?}"
exec "$top_builddir/tests/fuzz/fuzz_cli" "$top_srcdir"/tests/fuzz/seeds/cli/*
