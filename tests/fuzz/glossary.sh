#!/bin/sh
# glossary.sh — replays the glossary, rules and ignore-file fuzz target
# (tests/fuzz/fuzz_glossary.c) over its seed corpus, one TAP test point per seed. A seed that
# breaks an invariant aborts the run.
set -eu
: "${top_srcdir:?run through make check}" "${top_builddir:?}"
exec "$top_builddir/tests/fuzz/fuzz_glossary" "$top_srcdir"/tests/fuzz/seeds/glossary/*
