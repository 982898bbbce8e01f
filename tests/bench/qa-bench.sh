#!/bin/sh
# qa-bench.sh — the figures of taiyaku check on the development corpus: findings per 1,000
# gold units at warning or above, and per kind of injected defect the share flagged. It runs
# tests/cli/qa-corpus.sh (which also asserts the targets: at most 10 per 1,000, at least 95%
# per kind) and prints its figures and its verdicts. Prints; asserts nothing.
set -eu
: "${top_srcdir:?run through make bench}" "${top_builddir:?}" "${TAIYAKU:?}"
echo "qa-bench: taiyaku check on ../shared/corpus (gold units; the same with injected defects)"
sh "$top_srcdir/tests/cli/qa-corpus.sh" | grep -E "^# |^(not )?ok .*(at least|at most|SKIP)" || true
