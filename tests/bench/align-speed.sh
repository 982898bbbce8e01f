#!/bin/sh
# align-speed.sh — time and peak memory of the whole `taiyaku align --segmented` process
# (dictionary loading included) on pairs of 1k, 10k, 20k and 100k sentences a side
# (ALIGN_SPEED_SIZES), made from the corpus's gold .seg files (sized-pair.sh), against two
# bounds measured in the same run on the same sentences: a bare banded DP over the same 8 bead
# shapes with a length score alone (dp_bare.c), printed as `taiyaku / bound = ratio`, and
# hunalign with an empty dictionary, printed as `hunalign / taiyaku = ratio` (SKIP naming the
# package when hunalign is not installed; Debian 12 has no package of it).
# Run by `make bench`; prints one line per size: wall time, CPU time (user + system: what the
# wall time would be on an idle core) and peak RSS, and one line per bound; ratios are of CPU
# times. The machine may be shared: figures are noisy, the best of a few runs is kept
# (ALIGN_SPEED_RUNS, default 3), and the load average is printed.
set -eu
: "${top_srcdir:?run through make bench}" "${top_builddir:?}" "${TAIYAKU:?}"
corpus=${TY_CORPUS:-$top_srcdir/../shared/corpus}
runs=${ALIGN_SPEED_RUNS:-3}
sizes=${ALIGN_SPEED_SIZES:-1000 10000 20000 100000}
bare=$top_builddir/tests/bench/dp_bare
. "$top_srcdir/tests/bench/sized-pair.sh"
sized_start align-speed
: >"$tmp/null.dic"
command -v hunalign >/dev/null 2>&1 ||
    echo "align-speed: hunalign: SKIP: not installed (apt-get install hunalign; not in Debian 12): no ratio against it"

# best CMD...: the best (least CPU) of $runs runs of CMD, output to $tmp/out; sets best_t
# (wall), best_c (CPU) and best_m (peak RSS, kB)
best() {
    best_t=999999 best_c=0 best_m=0
    b_i=0
    while [ $b_i -lt "$runs" ]; do
        /usr/bin/time -f '%e %U %S %M' -o "$tmp/time" "$@" >"$tmp/out"
        read -r b_t b_u b_s b_m <"$tmp/time"
        b_c=$(awk -v u="$b_u" -v s="$b_s" 'BEGIN { print u + s }')
        if awk -v a="$b_c" -v b="$best_c" -v t="$best_t" 'BEGIN { exit !(t == 999999 || a < b) }'; then
            best_t=$b_t best_c=$b_c best_m=$b_m
        fi
        b_i=$((b_i + 1))
    done
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else printf "?" }'; }

"$TAIYAKU" align --segmented "$corpus/mofa-style-01.ja.seg" "$corpus/mofa-style-01.en.seg" >/dev/null # warm the dictionary cache
echo "align-speed: load average $(cut -d' ' -f1-3 /proc/loadavg)"
for n in $sizes; do
    sized_pair "$n"
    best "$TAIYAKU" align --segmented "$tmp/n.ja" "$tmp/n.en"
    ty_c=$best_c
    printf 'align-speed: %6d x %6d sentences: %6.2f s wall, %5.2f s CPU, %6.1f MB peak RSS, %d beads\n' \
        "$(wc -l <"$tmp/n.ja")" "$(wc -l <"$tmp/n.en")" "$best_t" "$best_c" \
        "$(echo "$best_m" | awk '{ print $1 / 1024 }')" "$(wc -l <"$tmp/out")"
    if [ -x "$bare" ]; then
        best "$bare" "$tmp/n.ja" "$tmp/n.en"
        read -r _ bare_c cells _ <"$tmp/out"
        printf 'align-speed: %6d   bound: bare banded DP, %d cells: %.3f s CPU; taiyaku / bound = %s\n' \
            "$n" "$cells" "$bare_c" "$(ratio "$ty_c" "$bare_c")"
    fi
    if command -v hunalign >/dev/null 2>&1; then
        best hunalign "$tmp/null.dic" "$tmp/n.ja" "$tmp/n.en"
        printf 'align-speed: %6d   hunalign (empty dictionary): %5.2f s CPU, %6.1f MB peak RSS; hunalign / taiyaku = %s\n' \
            "$n" "$best_c" "$(echo "$best_m" | awk '{ print $1 / 1024 }')" "$(ratio "$best_c" "$ty_c")"
    fi
done
