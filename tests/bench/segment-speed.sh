#!/bin/sh
# segment-speed.sh — decoding + segmentation speed and peak memory of `taiyaku segment`,
# output included (written to /dev/null), on a ~50 MB file per language made by
# concatenating the corpus .txt files of that language (../shared/corpus), against its bound
# measured in the same run: ICU's bare sentence iterator over the same file
# (tests/bench/icu_bare.c: one iterator reused, the file read in blocks and converted to
# UTF-16 a line at a time). Both are timed as whole processes by GNU time, alternately, three
# times; the best wall and the best CPU time (user + system) of each count. Prints MB/s and
# peak RSS, then `taiyaku / bound` as a ratio of speeds (1 would be as fast as the bare
# iterator; the issue's goal is 0.6), by wall and by CPU time. TY_SPEED_MB sets the size
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
less() { awk "BEGIN { exit !($1 < $2) }"; }
for lang in ja en; do
    f="$tmp/big.$lang.txt"
    : >"$f"
    while [ "$(wc -c <"$f")" -lt $((mb * 1000000)) ]; do
        cat "$corpus"/*."$lang".txt >>"$f"
    done
    bytes=$(wc -c <"$f")
    bare="$top_builddir/tests/bench/icu_bare"
    [ -x "$bare" ] || (cd "$top_builddir" && make -s tests/bench/icu_bare) >/dev/null
    best="" bestcpu="" ref="" refcpu=""
    for run in 1 2 3; do
        /usr/bin/time -f '%e %U %S %M' -o "$tmp/time" "$TAIYAKU" segment --lang "$lang" "$f" \
            >/dev/null
        read -r secs user sys kb <"$tmp/time"
        if [ -z "$best" ] || less "$secs" "$best"; then best=$secs bestkb=$kb; fi
        cpu=$(awk "BEGIN { print $user + $sys }")
        if [ -z "$bestcpu" ] || less "$cpu" "$bestcpu"; then bestcpu=$cpu; fi
        /usr/bin/time -f '%e %U %S' -o "$tmp/time" "$bare" "$lang" "$f" >/dev/null
        read -r secs user sys <"$tmp/time"
        if [ -z "$ref" ] || less "$secs" "$ref"; then ref=$secs; fi
        cpu=$(awk "BEGIN { print $user + $sys }")
        if [ -z "$refcpu" ] || less "$cpu" "$refcpu"; then refcpu=$cpu; fi
    done
    awk -v l="$lang" -v b="$bytes" -v s="$best" -v c="$bestcpu" -v k="$bestkb" -v r="$ref" \
        -v rc="$refcpu" -v load="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN {
        if (s <= 0) s = 0.01
        if (c <= 0) c = 0.01
        if (r <= 0) r = 0.01
        if (rc <= 0) rc = 0.01
        printf "segment-speed: %s: %.1f MB in %.2f s = %.1f MB/s (CPU %.2f s = %.1f MB/s), " \
            "peak RSS %.0f MB (%.1fx input); bare ICU iterator %.2f s (CPU %.2f s); " \
            "taiyaku / bound = %.2f (CPU %.2f), load %s\n", l, b / 1e6, s, b / 1e6 / s, c,
            b / 1e6 / c, k / 1024, k * 1024 / b, r, rc, r / s, rc / c, load }'
done
