#!/bin/sh
# pair-quality.sh — precision and recall of `taiyaku pair` on archives built from the corpus
# (tests/bench/make-archive.py corpus: opaque names in nested folders, 4 look-alikes of each
# press conference, 10% of the documents without counterpart), seeds 1..S (S=8 by default),
# against the naive baseline (digit-string Jaccard, greedy) on the same archives. Prints one
# line per archive and the totals; asserts nothing.   S=8 make bench
set -eu
: "${top_srcdir:?run through make bench}" "${top_builddir:?}" "${TAIYAKU:?}"
corpus="$top_srcdir/../shared/corpus"
s=${S:-8}
if ! ls "$corpus"/*.ja.txt >/dev/null 2>&1; then
    echo "pair-quality: SKIP: no corpus at $corpus"
    exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/taiyaku-pair-quality.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
bench="$top_srcdir/tests/bench"

for seed in $(seq 1 "$s"); do
    a="$tmp/a$seed"
    python3 "$bench/make-archive.py" corpus "$corpus" "$a" --seed "$seed" --lookalikes 4 \
        --unpaired 0.1 >/dev/null
    "$TAIYAKU" pair "$a/ja" "$a/en" >"$a/pairs.tsv" 2>/dev/null
    t=$(python3 "$bench/pair-score.py" "$a" "$a/pairs.tsv" | head -1)
    b=$(python3 "$bench/pair-score.py" "$a" --baseline | head -1)
    echo "seed $seed: taiyaku $t | baseline $b"
done | tee "$tmp/lines"
awk '{
    for (i = 1; i <= NF; i++) {
        if ($i ~ /^pairs=/) { split($i, x, "="); made[side] += x[2] }
        if ($i ~ /^true=/) { split($i, x, "="); truth[side] += x[2] }
        if ($i ~ /^right=/) { split($i, x, "="); right[side] += x[2] }
        if ($i == "taiyaku") side = "taiyaku"
        if ($i == "baseline") side = "baseline"
    }
} END {
    for (k in made)
        printf "total %s: pairs %d, true %d, right %d, precision %.4f, recall %.4f\n", k,
            made[k], truth[k], right[k], right[k] / made[k], right[k] / truth[k]
}' "$tmp/lines" | sort -r
