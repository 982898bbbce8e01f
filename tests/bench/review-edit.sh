#!/bin/sh
# review-edit.sh — the CPU time of one review edit of each kind (join, split, move, unpair,
# pair, accept, and the undo of each) in the middle of a 20,000-sentence aligned document
# (sized-pair.sh's synthetic pair, `align --segmented --db`) in a memory of N units (default
# 1,000,000, generated as tm-bench.sh does; or a copy of MEMORY=FILE, which is not changed),
# against the same number of row writes done bare in the same run (bench_review.c): an edit
# writes the rows of its beads and not those after them (bead keys with gaps, schema 6), so
# the bound is what those rows cost bare. Target (issue 14): an edit costs <= 50 ms of CPU; the
# last line gives the slowest edit against it. Prints figures, asserts nothing.
#   N=1000000 make bench   or   MEMORY=/path/to/big.sqlite make bench
set -eu
: "${top_srcdir:?run through make bench}" "${top_builddir:?}" "${TAIYAKU:?}"
corpus="$top_srcdir/../shared/corpus"
n=${N:-1000000}
. "$top_srcdir/tests/bench/sized-pair.sh"
sized_start review-edit
(cd "$top_builddir" && make -s tests/bench/bench_tm tests/bench/bench_review) >/dev/null
echo "review-edit: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg) before"
if [ -n "${MEMORY:-}" ]; then
    cp "$MEMORY" "$tmp/tm.sqlite"
    echo "review-edit: a copy of $MEMORY"
else
    "$top_builddir/tests/bench/bench_tm" gen "$corpus" "$n" "$tmp/units.tmx" >/dev/null
    "$TAIYAKU" import --db "$tmp/tm.sqlite" "$tmp/units.tmx" >/dev/null
    rm -f "$tmp/units.tmx"
    echo "review-edit: $n generated units"
fi
sized_pair 20000
mv "$tmp/n.ja" "$tmp/synthetic.ja"
mv "$tmp/n.en" "$tmp/synthetic.en"
"$TAIYAKU" align --segmented --db "$tmp/tm.sqlite" "$tmp/synthetic.ja" "$tmp/synthetic.en" >/dev/null
ex="$top_srcdir/examples/press-conference"
"$TAIYAKU" align --db "$tmp/tm.sqlite" "$ex.ja.txt" "$ex.en.txt" >/dev/null
# the document with the most beads (a memory that holds the synthetic pair under another name
# keeps that one: the same content is not stored twice)
doc=$("$TAIYAKU" review --db "$tmp/tm.sqlite" | awk -F'\t' 'NR > 1 && $3 != "-" && $3 + 0 > max { max = $3 + 0; d = $1 } END { print d }')
# a 1:1 bead followed by another bead, half-way through the document
"$TAIYAKU" review --db "$tmp/tm.sqlite" "$doc" >"$tmp/beads"
beads=$(sed -n '1s/.*: \([0-9]*\) beads.*/\1/p' "$tmp/beads")
bead=$(awk -F'\t' -v h=$((beads / 2)) 'NR > 1 && $1 >= h && $2 ~ /^\[[0-9]+\]:\[[0-9]+\]$/ { print $1; exit }' "$tmp/beads")
echo "review-edit: memory of $("$TAIYAKU" stats --db "$tmp/tm.sqlite" | awk '/^units/ { print $2; exit }') units; document $doc, $beads beads"
"$top_builddir/tests/bench/bench_review" "$tmp/tm.sqlite" "$doc" "$bead"
echo "review-edit: load $(cut -d' ' -f1-3 /proc/loadavg) at the end"
