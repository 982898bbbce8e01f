#!/bin/sh
# anchor-stats.sh — the anchor precision table on ../shared/corpus: for each kind of anchor,
# how often a gold bead's two sides share a key, against the neighbouring non-aligned pairs and
# random pairs of the same document, with and without the EDICT/ENAMDICT lexicon. This is
# what the aligner's per-kind weights are set from.
set -eu
: "${top_srcdir:?run through make bench}" "${top_builddir:?}"
corpus="$top_srcdir/../shared/corpus"
bench="$top_builddir/tests/bench/anchor-bench"
if [ ! -d "$corpus" ]; then
    echo "anchor-stats: SKIP, no corpus at $corpus"
    exit 0
fi
[ -x "$bench" ] || make -C "$top_builddir" tests/bench/anchor-bench >/dev/null
echo "-- with the lexicon"
"$bench" stats "$corpus"
echo "-- without the lexicon"
"$bench" stats "$corpus" --no-lexicon | sed -n '2,7p'
