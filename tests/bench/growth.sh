#!/bin/sh
# growth.sh — how the aligner's time grows with the document: `taiyaku align --segmented` on
# pairs of 25k, 50k and 100k sentences a side (GROWTH_SIZES; sized-pair.sh), the best CPU
# time (user + system) of GROWTH_RUNS runs (default 2) each, and the exponent k of the fitted
# growth time ∝ n^k (least squares on the logs): of the whole process, and of the process less
# its start-up (the time of a 100-sentence pair). Linear is k = 1; the goal is k ≤ 1.1.
# Run by `make bench`; prints the figures and asserts nothing. Import and lookup are not
# measured here yet.
set -eu
: "${top_srcdir:?run through make bench}" "${TAIYAKU:?}"
corpus=${TY_CORPUS:-$top_srcdir/../shared/corpus}
runs=${GROWTH_RUNS:-2}
sizes=${GROWTH_SIZES:-25000 50000 100000}
. "$top_srcdir/tests/bench/sized-pair.sh"
sized_start growth

cpu() { # N: the best CPU seconds of $runs alignments of an N-sentence pair
    sized_pair "$1"
    g_i=0
    while [ $g_i -lt "$runs" ]; do
        /usr/bin/time -f '%U %S' -o "$tmp/time" "$TAIYAKU" align --segmented "$tmp/n.ja" "$tmp/n.en" >/dev/null
        awk '{ print $1 + $2 }' "$tmp/time"
        g_i=$((g_i + 1))
    done | sort -g | head -1
}

"$TAIYAKU" align --segmented "$corpus/mofa-style-01.ja.seg" "$corpus/mofa-style-01.en.seg" >/dev/null # warm the dictionary cache
echo "growth: load average $(cut -d' ' -f1-3 /proc/loadavg)"
start=$(cpu 100)
: >"$tmp/fit"
for n in $sizes; do
    t=$(cpu "$n")
    printf 'growth: align %6d x %6d sentences: %5.2f s CPU\n' "$n" "$n" "$t"
    echo "$n $t" >>"$tmp/fit"
done
awk -v t0="$start" '
function fit(col,    k, sx, sy, sxx, sxy, x, y) {
    for (k = 1; k <= rows; k++) {
        x = log(n[k]); y = log(col == 1 ? t[k] : t[k] - t0)
        sx += x; sy += y; sxx += x * x; sxy += x * y
    }
    return (rows * sxy - sx * sy) / (rows * sxx - sx * sx)
}
{ rows++; n[rows] = $1; t[rows] = $2; if ($2 - t0 <= 0) net = "none" }
END {
    printf "growth: align: k = %.2f (whole process), ", fit(1)
    if (net == "none") printf "k = ? less the start-up (%.2f s: as long as a run)\n", t0
    else printf "k = %.2f less the start-up (%.2f s CPU); goal k <= 1.1\n", fit(2), t0
}' "$tmp/fit"
