#!/bin/sh
# growth.sh — how the aligner's time grows with the document: `taiyaku align --segmented` on
# pairs of 25k, 50k and 100k sentences a side (GROWTH_SIZES; sized-pair.sh), the best CPU
# time (user + system) of GROWTH_RUNS runs (default 2) each, and the exponent k of the fitted
# growth time ∝ n^k (least squares on the logs): of the whole process, and of the process less
# its start-up (the time of a 100-sentence pair). Linear is k = 1; the goal is k ≤ 1.1.
# Then `taiyaku import` of the TMX `bench_tm gen` makes of 250k, 500k and 1M units into a new
# memory (GROWTH_IMPORT_SIZES; empty: not run; 5000000 needs some 2 GB of TMX and 6 GB of
# memory in TMPDIR), one run each: its CPU time, peak RSS and k. Run by `make bench`; prints
# the figures and asserts nothing. Lookup is not measured here (tm-bench.sh).
set -eu
: "${top_srcdir:?run through make bench}" "${TAIYAKU:?}"
corpus=${TY_CORPUS:-$top_srcdir/../shared/corpus}
runs=${GROWTH_RUNS:-2}
sizes=${GROWTH_SIZES:-25000 50000 100000}
import_sizes=${GROWTH_IMPORT_SIZES-250000 500000 1000000}
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
# the exponent of t ∝ n^k over rows n[1..rows], t[1..rows] (col 2: t less t0)
fit_awk='
function fit(col,    k, sx, sy, sxx, sxy, x, y) {
    for (k = 1; k <= rows; k++) {
        x = log(n[k]); y = log(col == 1 ? t[k] : t[k] - t0)
        sx += x; sy += y; sxx += x * x; sxy += x * y
    }
    return (rows * sxy - sx * sy) / (rows * sxx - sx * sx)
}'
awk -v t0="$start" "$fit_awk"'
{ rows++; n[rows] = $1; t[rows] = $2; if ($2 - t0 <= 0) net = "none" }
END {
    printf "growth: align: k = %.2f (whole process), ", fit(1)
    if (net == "none") printf "k = ? less the start-up (%.2f s: as long as a run)\n", t0
    else printf "k = %.2f less the start-up (%.2f s CPU); goal k <= 1.1\n", fit(2), t0
}' "$tmp/fit"

[ -n "$import_sizes" ] || exit 0
: "${top_builddir:?run through make bench}"
(cd "$top_builddir" && make -s tests/bench/bench_tm) >/dev/null
: >"$tmp/fit"
for n in $import_sizes; do
    "$top_builddir/tests/bench/bench_tm" gen "$corpus" "$n" "$tmp/units.tmx" >/dev/null
    rm -f "$tmp/tm.sqlite" "$tmp/tm.sqlite-wal" "$tmp/tm.sqlite-shm"
    /usr/bin/time -f '%U %S %M' -o "$tmp/time" "$TAIYAKU" import -q --db "$tmp/tm.sqlite" "$tmp/units.tmx" >/dev/null
    read -r g_user g_sys g_rss <"$tmp/time"
    t=$(awk -v u="$g_user" -v s="$g_sys" 'BEGIN { print u + s }')
    printf 'growth: import %7d units: %6.2f s CPU, peak RSS %4d MB (load %s)\n' "$n" "$t" \
        $((g_rss / 1024)) "$(cut -d' ' -f1 /proc/loadavg)"
    echo "$n $t" >>"$tmp/fit"
    rm -f "$tmp/units.tmx" "$tmp/tm.sqlite" "$tmp/tm.sqlite-wal" "$tmp/tm.sqlite-shm"
done
awk "$fit_awk"'
{ rows++; n[rows] = $1; t[rows] = $2 }
END { if (rows > 1) printf "growth: import: k = %.2f; goal k <= 1.1\n", fit(1) }' "$tmp/fit"
