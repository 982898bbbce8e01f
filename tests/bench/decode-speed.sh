#!/bin/sh
# decode-speed.sh — decoding speed and memory on a ~50 MB input: the corpus's Japanese and
# English texts concatenated (repeated up to 50 MB), and the Japanese one converted to
# Shift_JIS (CP932), EUC-JP and UTF-16 (with BOM) by iconv. For each file it prints the
# decode-only speed (ty_text_read_file, detection included: no --encoding given) in MB/s
# of input bytes by CPU time and by wall clock, ty_normalize's speed over the lines, and
# the peak resident memory (tests/bench/bench_decode.c). Prints figures, asserts nothing.
# Figures are noisy on a shared machine: the CPU-time figure is the steadier one.
#   MB=50 REPS=5 sh tests/bench/decode-speed.sh   (run by `make bench`)
set -eu
: "${top_srcdir:?run through make bench}" "${top_builddir:?}"
corpus="$top_srcdir/../shared/corpus"
mb=${MB:-50}
reps=${REPS:-5}
if ! ls "$corpus"/*.ja.txt >/dev/null 2>&1; then
    echo "decode-speed: SKIP: no corpus at $corpus"
    exit 0
fi
(cd "$top_builddir" && make -s tests/bench/bench_decode) >/dev/null
bench="$top_builddir/tests/bench/bench_decode"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/taiyaku-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# Repeat the concatenated files until the output reaches $mb MB, cut at a line end.
grow() { # OUT FILES...
    out=$1
    shift
    cat "$@" >"$tmp/unit"
    : >"$out"
    while [ "$(wc -c <"$out")" -lt $((mb * 1000000)) ]; do cat "$tmp/unit" >>"$out"; done
    head -c $((mb * 1000000)) "$out" | sed '$d' >"$tmp/cut" && mv "$tmp/cut" "$out"
}
grow "$tmp/ja.utf8" "$corpus"/*.ja.txt
grow "$tmp/en.utf8" "$corpus"/*.en.txt
# characters outside JIS X 0208 (rare in the corpus) are left out of the legacy copies
iconv -c -f UTF-8 -t CP932 "$tmp/ja.utf8" >"$tmp/ja.sjis" || true
iconv -c -f UTF-8 -t EUC-JP "$tmp/ja.utf8" >"$tmp/ja.eucjp" || true
iconv -f UTF-8 -t UTF-16 "$tmp/ja.utf8" >"$tmp/ja.utf16"

echo "decode-speed: best of $reps, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
for f in ja.utf8 en.utf8 ja.sjis ja.eucjp ja.utf16; do
    printf '%-9s ' "$f"
    "$bench" "$tmp/$f" - "$reps"
done
