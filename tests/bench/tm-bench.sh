#!/bin/sh
# tm-bench.sh — the translation memory on a generated memory of N units (default 1,000,000):
# units made from the corpus's gold sentence pairs with variations (copies, other numbers,
# edited characters and words, spliced halves) so that near-duplicates abound; written as
# TMX and imported with `taiyaku import` into a new memory, then timed lookups: exact, fuzzy
# top-5 at >= 70% (Japanese and English queries that are new variations), concordance (first
# 20 hits) for 3-8 and 1-2 characters, the fuzzy recall against a full scan, and last the
# import of N/10 other units into the memory made and their removal. Targets (issue 5):
# import <= 60 s, database <= 3x the TMX, exact <= 1 ms, fuzzy median <= 20 ms and p95
# <= 100 ms, concordance <= 10 ms (3+ characters) and <= 300 ms (1-2 characters). Prints
# figures, asserts nothing. The machine is shared: wall times are noisy, CPU times steadier.
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
sync # the generated TMX on disk, so that its write-back does not run during the import
# the import as users run it, `taiyaku import`: into a new memory (an import larger than the
# memory builds the posting lists anew at its end), then N/10 other units into the
# memory it made (indexed on the importing thread), and their removal (`taiyaku remove`)
printf 'import into a new memory: '
timed "$TAIYAKU" import --db "$tmp/tm.sqlite" "$tmp/units.tmx"
cat "$tmp/out"
tmx=$(wc -c <"$tmp/units.tmx")
dbs=$(cat "$tmp/tm.sqlite" "$tmp/tm.sqlite-wal" 2>/dev/null | wc -c)
awk -v t="$tmx" -v d="$dbs" 'BEGIN { printf "size: TMX %.1f MB, memory %.1f MB: %.2fx the TMX\n", t / 1e6, d / 1e6, d / t }'
"$bench" lookup "$corpus" "$tmp/tm.sqlite" "$q"
"$bench" recall "$corpus" "$tmp/tm.sqlite" "$r"
"$bench" gen "$corpus" $((n / 10)) "$tmp/more.tmx" 1 >/dev/null
sync
printf 'import of %s more units into it: ' $((n / 10))
timed "$TAIYAKU" import --db "$tmp/tm.sqlite" "$tmp/more.tmx"
cat "$tmp/out"
printf 'removal of those %s units: ' $((n / 10))
timed "$TAIYAKU" remove --db "$tmp/tm.sqlite" 2
cat "$tmp/out"
