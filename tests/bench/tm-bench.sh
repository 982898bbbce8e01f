#!/bin/sh
# tm-bench.sh — the translation memory on a generated memory of N units (default 1,000,000):
# units made from the corpus's gold sentence pairs with variations (copies, other numbers,
# edited characters and words, spliced halves) so that near-duplicates abound; written as
# TMX and imported with `taiyaku import` (into a new memory, and into one that holds a
# document: TM_BENCH_SECOND=0 skips the second), then timed lookups: exact, fuzzy top-5 at >= 70% (Japanese and English queries that are new
# variations), concordance (first 20 hits) for 3-8 and 1-2 characters, and the fuzzy recall
# against a full scan. Targets (issue 5): import <= 60 s, database <= 3x the TMX, exact
# <= 1 ms, fuzzy median <= 20 ms and p95 <= 100 ms, concordance <= 10 ms (3+ characters) and
# <= 300 ms (1-2 characters). Prints figures, asserts nothing. The machine is shared: wall
# times are noisy, CPU times steadier.
#   N=1000000 Q=200 R=10 make bench   (tm-bench.sh needs the variables make bench sets)
set -eu
: "${top_srcdir:?run through make bench}" "${top_builddir:?}" "${TAIYAKU:?}"
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
. "$top_srcdir/tests/bench/timed.sh"

echo "tm-bench: $n units, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
"$bench" gen "$corpus" "$n" "$tmp/units.tmx"
# the import as users run it: `taiyaku import`, into a new memory (the search indexes are then
# built on a second thread), and into a memory that already holds a document (one thread)
printf 'import into a new memory: '
timed "$TAIYAKU" import --db "$tmp/tm.sqlite" "$tmp/units.tmx"
cat "$tmp/out"
if [ "${TM_BENCH_SECOND:-1}" != 0 ]; then
    "$TAIYAKU" import --db "$tmp/tm2.sqlite" "$top_srcdir/tmx/press-conference.tmx" >/dev/null
    printf 'import into a memory that holds a document: '
    timed "$TAIYAKU" import --db "$tmp/tm2.sqlite" "$tmp/units.tmx"
    cat "$tmp/out"
    rm -f "$tmp"/tm2.sqlite*
fi
tmx=$(wc -c <"$tmp/units.tmx")
dbs=$(cat "$tmp/tm.sqlite" "$tmp/tm.sqlite-wal" 2>/dev/null | wc -c)
awk -v t="$tmx" -v d="$dbs" 'BEGIN { printf "size: TMX %.1f MB, memory %.1f MB: %.2fx the TMX\n", t / 1e6, d / 1e6, d / t }'
"$bench" lookup "$corpus" "$tmp/tm.sqlite" "$q"
"$bench" recall "$corpus" "$tmp/tm.sqlite" "$r"
