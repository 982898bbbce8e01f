#!/bin/sh
# segment-memory.sh — peak memory of `taiyaku segment` against its input's size, for inputs
# shaped to cost the most per byte: short Japanese and English sentences one per line in one
# paragraph, many on one line, and one per paragraph (blank lines between). The bound is the
# input's size, measured on the same file: each line gives the peak resident set size (GNU
# time) and its ratio to the input, with and without the program's fixed cost (its peak on an
# empty file: ICU's data, the program). The target is a ratio of at most 4 (issue 18, item
# 15). TY_MEMORY_MB sets the input size (default 40).
set -eu
: "${top_srcdir:?run through make bench}" "${top_builddir:?}" "${TAIYAKU:?}"
[ -x /usr/bin/time ] || { echo "segment-memory: SKIP: needs GNU time (apt-get install time)"; exit 0; }
mb=${TY_MEMORY_MB:-40}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/taiyaku-memory.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

peak() { # LANG FILE: peak RSS in kB
    /usr/bin/time -f '%M' -o "$tmp/time" "$TAIYAKU" segment --lang "$1" "$2" >/dev/null
    cat "$tmp/time"
}
: >"$tmp/empty.txt"
base=$(peak ja "$tmp/empty.txt")
echo "segment-memory: ${mb} MB inputs; fixed cost (empty input) ${base} kB"
# SHAPE LANG SENTENCE SEPARATOR
while read -r shape lang sentence sep; do
    f="$tmp/$shape.$lang.txt"
    awk -v n=$((mb * 1000000)) -v s="$sentence" -v sep="$sep" 'BEGIN {
        gsub(/_/, " ", s)
        if (sep == "nl") sep = "\n"; else if (sep == "par") sep = "\n\n"; else sep = " "
        unit = s sep
        r = unit; while (length(r) < 65536) r = r r   # blocks of whole units
        for (w = 0; w < n; w += length(r)) printf "%s", r
    }' >"$f"
    bytes=$(wc -c <"$f")
    kb=$(peak "$lang" "$f")
    awk -v shape="$shape" -v lang="$lang" -v b="$bytes" -v kb="$kb" -v base="$base" 'BEGIN {
        printf "segment-memory: %-10s %s %6.1f MB input: peak %7.1f MB = %.2fx the input (%.2fx without the fixed cost)\n",
            shape, lang, b / 1e6, kb * 1024 / 1e6, kb * 1024 / b, (kb - base) * 1024 / b
    }'
    rm -f "$f"
done <<'SHAPES'
lines ja はい。 nl
one-line ja はい。 sp
paragraphs ja はい。 par
lines en Yes. nl
one-line en Yes. sp
paragraphs en Yes. par
SHAPES
