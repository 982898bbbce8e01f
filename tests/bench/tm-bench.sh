#!/bin/sh
# tm-bench.sh — the translation memory on a generated memory of N units (default 1,000,000):
# units made from the corpus's gold sentence pairs with variations (copies, other numbers,
# edited characters and words, spliced halves) so that near-duplicates abound; written as
# TMX, imported in one transaction (TMX reader into the memory, as `taiyaku import` does),
# then timed lookups: exact, fuzzy top-5 at >= 70% (Japanese and English queries that are new
# variations), concordance (first 20 hits) for 3-8 and 1-2 characters, and the fuzzy recall
# against a full scan. Targets (issue 5): import <= 60 s, database <= 3x the TMX, exact
# <= 1 ms, fuzzy median <= 20 ms and p95 <= 100 ms, concordance <= 10 ms (3+ characters) and
# <= 300 ms (1-2 characters). Prints figures, asserts nothing. The machine is shared: wall
# times are noisy, CPU times steadier.
#   N=1000000 Q=200 R=10 sh tests/bench/tm-bench.sh   (run by `make bench`)
set -eu
: "${top_srcdir:?run through make bench}" "${top_builddir:?}"
corpus="$top_srcdir/../shared/corpus"
n=${N:-1000000}
q=${Q:-200}
r=${R:-10}
if ! ls "$corpus"/*.gold >/dev/null 2>&1; then
    echo "tm-bench: SKIP: no corpus at $corpus"
    exit 0
fi
(cd "$top_builddir" && make -s tests/bench/bench_tm) >/dev/null
bench="$top_builddir/tests/bench/bench_tm"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/taiyaku-tm-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

echo "tm-bench: $n units, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
"$bench" gen "$corpus" "$n" "$tmp/units.tmx"
"$bench" import "$tmp/units.tmx" "$tmp/tm.sqlite"
tmx=$(wc -c <"$tmp/units.tmx")
dbs=$(cat "$tmp/tm.sqlite" "$tmp/tm.sqlite-wal" 2>/dev/null | wc -c)
awk -v t="$tmx" -v d="$dbs" 'BEGIN { printf "size: TMX %.1f MB, memory %.1f MB: %.2fx the TMX\n", t / 1e6, d / 1e6, d / t }'
"$bench" lookup "$corpus" "$tmp/tm.sqlite" "$q"
"$bench" recall "$corpus" "$tmp/tm.sqlite" "$r"
