#!/bin/sh
# segment-speed.sh — decoding + segmentation speed and peak memory of `taiyaku segment`,
# output included (written to /dev/null), on a ~50 MB file per language made by
# concatenating the corpus .txt files of that language (../shared/corpus). Prints the best
# of 3 runs: MB/s of input by wall-clock time and by CPU time (user + system; less
# sensitive to other load on a shared machine), and the peak resident set size (GNU time).
# Figures are noisy on a busy machine, so each line also gives the reference the issue
# quotes, ICU's bare sentence iterator on the same file (tests/bench/icu_bare.c, ~140 MB/s
# ja and ~120 MB/s en when idle), run under the same load. TY_SPEED_MB sets the size
# (default 50).
set -eu
: "${top_srcdir:?run through make bench}" "${top_builddir:?}" "${TAIYAKU:?}"
corpus=${TY_CORPUS:-$top_srcdir/../shared/corpus}
if [ ! -d "$corpus" ]; then
    echo "segment-speed: SKIP: no corpus at $corpus"
    exit 0
fi
[ -x /usr/bin/time ] || { echo "segment-speed: SKIP: needs GNU time (apt-get install time)"; exit 0; }
mb=${TY_SPEED_MB:-50}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/taiyaku-speed.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
for lang in ja en; do
    f="$tmp/big.$lang.txt"
    : >"$f"
    while [ "$(wc -c <"$f")" -lt $((mb * 1000000)) ]; do
        cat "$corpus"/*."$lang".txt >>"$f"
    done
    bytes=$(wc -c <"$f")
    best=""
    for run in 1 2 3; do
        /usr/bin/time -f '%e %U %S %M' -o "$tmp/time" "$TAIYAKU" segment --lang "$lang" "$f" \
            >/dev/null
        read -r secs user sys kb <"$tmp/time"
        if [ -z "$best" ] || awk "BEGIN { exit !($secs < $best) }"; then
            best=$secs bestcpu=$(awk "BEGIN { print $user + $sys }") bestkb=$kb
        fi
    done
    ref="- -"
    if [ -x "$top_builddir/tests/bench/icu_bare" ]; then # best of 3 as well
        ref=$(for run in 1 2 3; do "$top_builddir/tests/bench/icu_bare" "$lang" "$f"; done |
            sort -n | head -1 | cut -d' ' -f1,2)
    fi
    awk -v l="$lang" -v b="$bytes" -v s="$best" -v c="$bestcpu" -v k="$bestkb" -v r="$ref" 'BEGIN {
        if (s <= 0) s = 0.01
        if (c <= 0) c = 0.01
        printf "segment-speed: %s: %.1f MB in %.2f s = %.1f MB/s (CPU %.2f s = %.1f MB/s), " \
            "peak RSS %.0f MB (%.1fx input)", l, b / 1e6, s, b / 1e6 / s, c, b / 1e6 / c,
            k / 1024, k * 1024 / b
        split(r, x, " ")
        if (x[1] + 0 > 0)
            printf "; bare ICU iterator now: %.1f MB/s (CPU %.1f MB/s)", b / 1e6 / x[1], b / 1e6 / x[2]
        printf "\n" }'
done
