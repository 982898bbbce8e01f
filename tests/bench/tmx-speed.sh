#!/bin/sh
# tmx-speed.sh — TMX writer and reader speed and memory: writes N (default 1,000,000) units
# shaped like `taiyaku align -o` output (two press-conference sentences, six props each) and
# reads them back, and writes them with tuids of their own (as an export of an imported
# memory does), then the same for N/10 units: the reader's and the writer's peak memory
# must not grow with N (streaming). Targets: 1,000,000 units written in <= 5 s and read in
# <= 5 s. Prints figures, asserts nothing; the machine is shared, so wall times are noisy
# (the CPU figure is the steadier one).
#   N=1000000 sh tests/bench/tmx-speed.sh   (run by `make bench`)
set -eu
: "${top_srcdir:?run through make bench}" "${top_builddir:?}"
n=${N:-1000000}
(cd "$top_builddir" && make -s tests/bench/bench_tmx) >/dev/null
bench="$top_builddir/tests/bench/bench_tmx"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/taiyaku-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

for k in "$n" $((n / 10)); do
    echo "tmx-speed: $k units"
    "$bench" write "$tmp/b.tmx" "$k"
    "$bench" read "$tmp/b.tmx"
    rm -f "$tmp/b.tmx"
    "$bench" write "$tmp/b.tmx" "$k" ids
    rm -f "$tmp/b.tmx"
done
