#!/bin/sh
# align-speed.sh — time and peak memory of the whole `taiyaku align --segmented` process
# (dictionary loading included) on pairs of 1k, 10k, 20k and 50k sentences a side, made by
# concatenating the corpus's gold .seg files (the same documents in the same order on both
# sides, so the pair stays parallel).
# Run by `make bench`; prints one line per size: wall time, CPU time (user + system: what the
# wall time would be on an idle core) and peak RSS. The machine may be shared: figures are
# noisy, the best of a few runs is kept (ALIGN_SPEED_RUNS, default 3).
set -eu
: "${top_srcdir:?run through make bench}" "${TAIYAKU:?}"
corpus=${TY_CORPUS:-$top_srcdir/../shared/corpus}
runs=${ALIGN_SPEED_RUNS:-3}
if [ ! -d "$corpus" ] || [ ! -x /usr/bin/time ]; then
    echo "align-speed: SKIP: no corpus at $corpus or no /usr/bin/time"
    exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/taiyaku-as.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# one round of every pair, then as many rounds as a size needs
: >"$tmp/round.ja"
: >"$tmp/round.en"
for ja in "$corpus"/*.ja.seg; do
    cat "$ja" >>"$tmp/round.ja"
    cat "${ja%.ja.seg}.en.seg" >>"$tmp/round.en"
done
"$TAIYAKU" align --segmented "$corpus/mofa-style-01.ja.seg" "$corpus/mofa-style-01.en.seg" >/dev/null # warm the dictionary cache
for n in 1000 10000 20000 50000; do
    : >"$tmp/big.ja"
    : >"$tmp/big.en"
    while [ "$(wc -l <"$tmp/big.ja")" -lt "$n" ]; do
        cat "$tmp/round.ja" >>"$tmp/big.ja"
        cat "$tmp/round.en" >>"$tmp/big.en"
    done
    # n lines a side: both sides are cut inside the same document, a few sentences apart
    head -n "$n" "$tmp/big.ja" >"$tmp/n.ja"
    head -n "$n" "$tmp/big.en" >"$tmp/n.en"
    best_t=999999 best_c=0 best_m=0
    i=0
    while [ $i -lt "$runs" ]; do
        /usr/bin/time -f '%e %U %S %M' -o "$tmp/time" "$TAIYAKU" align --segmented "$tmp/n.ja" "$tmp/n.en" >"$tmp/out"
        read -r t u s m <"$tmp/time"
        c=$(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }')
        if awk -v a="$c" -v b="$best_c" -v t="$best_t" 'BEGIN { exit !(t == 999999 || a < b) }'; then
            best_t=$t best_c=$c best_m=$m
        fi
        i=$((i + 1))
    done
    printf 'align-speed: %6d x %6d sentences: %6.2f s wall, %5.2f s CPU, %6.1f MB peak RSS, %d beads\n' \
        "$(wc -l <"$tmp/n.ja")" "$(wc -l <"$tmp/n.en")" "$best_t" "$best_c" \
        "$(echo "$best_m" | awk '{ print $1 / 1024 }')" "$(wc -l <"$tmp/out")"
done
