#!/bin/sh
# anchor-speed.sh — anchor extraction speed: the ../shared/corpus sentences repeated to
# 20,000 per side, extracted with the lexicon (loaded from its cache) and without. Prints wall
# and CPU time (the machine is shared: wall time is noisy). Target: well under 0.5 s for
# 20k + 20k sentences.
set -eu
: "${top_srcdir:?run through make bench}" "${top_builddir:?}"
corpus="$top_srcdir/../shared/corpus"
bench="$top_builddir/tests/bench/anchor-bench"
if [ ! -d "$corpus" ]; then
    echo "anchor-speed: SKIP, no corpus at $corpus"
    exit 0
fi
[ -x "$bench" ] || make -C "$top_builddir" tests/bench/anchor-bench >/dev/null
"$bench" speed "$corpus" 2000 >/dev/null # builds the lexicon cache if it is missing
echo "-- with the lexicon"
"$bench" speed "$corpus" 20000
echo "-- without the lexicon"
"$bench" speed "$corpus" 20000 --no-lexicon
