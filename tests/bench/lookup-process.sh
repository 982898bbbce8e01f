#!/bin/sh
# lookup-process.sh — what one `taiyaku lookup` process costs on a large memory (what a script
# or an editor plug-in pays per call), against the bound measured in the same run: `sqlite3`
# opening the same file and running one indexed query (a unit by its text's hash). Q calls of
# each, one after the other, each with another query (the Japanese of units spread over the
# memory, a character added so that the lookup is fuzzy); prints per call the wall time, the
# CPU time and the largest peak resident set (GNU time), and `taiyaku / bound = ratio` for both
# times. Issue 17's goal: <= 15 ms and <= 30 MB a call on 1,000,000 units.
# The memory: TY_BENCH_DB=FILE (an existing one; lookups do not change it), else N units (default 1,000,000)
# generated as tm-bench.sh does and imported first.
set -eu
: "${top_srcdir:?run through make bench}" "${top_builddir:?}" "${TAIYAKU:?}"
command -v sqlite3 >/dev/null || { echo "lookup-process: SKIP: needs sqlite3 (apt-get install sqlite3)"; exit 0; }
[ -x /usr/bin/time ] || { echo "lookup-process: SKIP: needs GNU time (apt-get install time)"; exit 0; }
n=${N:-1000000}
q=${Q:-50}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/taiyaku-lookup-process.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
db=${TY_BENCH_DB:-}
if [ -z "$db" ]; then
    corpus="$top_srcdir/../shared/corpus"
    if ! ls "$corpus"/*.gold >/dev/null 2>&1; then
        echo "lookup-process: SKIP: no corpus at $corpus (or set TY_BENCH_DB)"
        exit 0
    fi
    (cd "$top_builddir" && make -s tests/bench/bench_tm) >/dev/null
    "$top_builddir/tests/bench/bench_tm" gen "$corpus" "$n" "$tmp/units.tmx" >/dev/null
    "$TAIYAKU" import --quiet --db "$tmp/tm.sqlite" "$tmp/units.tmx" >/dev/null 2>&1 ||
        "$TAIYAKU" import --db "$tmp/tm.sqlite" "$tmp/units.tmx" >/dev/null
    rm -f "$tmp/units.tmx"
    db="$tmp/tm.sqlite"
fi
units=$(sqlite3 "$db" "SELECT count(*) FROM units")
echo "lookup-process: $units units in $db, $q calls each, load $(cut -d' ' -f1-3 /proc/loadavg)"
# queries: units spread over the memory, their first character replaced (a fuzzy lookup), and
# the hash of each unit for the bound's query
sqlite3 -separator '	' "$db" \
    "SELECT v.ja, u.ja_hash FROM unit_view v JOIN units u ON u.id = v.id WHERE u.id % (SELECT max(id) / $q + 1 FROM units) = 7 LIMIT $q" \
    >"$tmp/queries"
[ -s "$tmp/queries" ] || { echo "lookup-process: no units to query"; exit 1; }

# per_call LABEL CMD-TEMPLATE: runs the template once per query (QUERY and HASH replaced),
# prints "LABEL: wall W ms, CPU C ms, peak RSS R MB" per call and leaves W C in $tmp/LABEL
per_call() {
    label=$1 template=$2
    : >"$tmp/rss"
    t0=$(date +%s%N)
    while IFS='	' read -r text hash; do
        query="${text}X"
        /usr/bin/time -a -o "$tmp/rss" -f '%M %U %S' sh -c "$template" sh "$query" "$hash" \
            >/dev/null 2>&1 </dev/null || true
    done <"$tmp/queries"
    t1=$(date +%s%N)
    awk -v lab="$label" -v t0="$t0" -v t1="$t1" -v out="$tmp/$label" '
        /^[0-9]/ { calls++; cpu += $2 + $3; if ($1 > rss) rss = $1 }
        END { w = (t1 - t0) / 1e6 / calls; c = cpu * 1000 / calls
              printf "%s: wall %.1f ms, CPU %.1f ms, peak RSS %.1f MB a call\n", lab, w, c, rss / 1024
              print w, c > out }' "$tmp/rss"
}
per_call taiyaku "\"$TAIYAKU\" lookup --db \"$db\" \"\$1\""
per_call sqlite3 "sqlite3 \"$db\" \"SELECT id FROM units WHERE ja_hash = \$2\""
read -r tw tc <"$tmp/taiyaku"
read -r sw sc <"$tmp/sqlite3"
awk -v tw="$tw" -v tc="$tc" -v sw="$sw" -v sc="$sc" 'BEGIN {
    printf "lookup-process: taiyaku / bound = %.1f (wall), %.1f (CPU)\n", tw / sw, tc / (sc > 0 ? sc : 0.1) }'
