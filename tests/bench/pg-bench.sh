#!/bin/sh
# pg-bench.sh — the PostgreSQL memory beside the SQLite one, in one run: the units of
# tm-bench.sh (N, default 1,000,000, generated from the corpus) imported with `taiyaku
# import` into a new SQLite memory and into a new PostgreSQL memory on a throwaway server
# (tests/pg/server: initdb in a temporary directory, a Unix socket, no TCP), the import time
# as a ratio of SQLite's; then Q fuzzy lookups (Japanese, English) in both: PostgreSQL's times
# and how many top-5 score lists equal SQLite's (whose recall against a full scan tm-bench.sh
# measures). GROWTH="100000 3000000" adds those sizes (a memory of each in both backends, the
# same lookups). Targets (issue 16): import <= 2x SQLite's; fuzzy median <= 20 ms, p95 <= 50
# ms, the same top-5 scores. The lookups run twice: on the server just started, then with
# the narrow texts tables (norm_ja, norm_en) read once into its cache. KEEP=DIR keeps the
# memories of each size in DIR (the SQLite files and the server's cluster, DIR/pg) and reuses
# them in later runs, which then time only the lookups: a 1M import takes minutes. Prints
# figures, asserts nothing.
#   N=1000000 Q=200 GROWTH="100000" make bench   (or, in a build directory, with the
#   variables make bench sets: top_srcdir=.. top_builddir=. TAIYAKU=src/taiyaku sh ../tests/bench/pg-bench.sh)
set -eu
: "${top_srcdir:?run through make bench}" "${top_builddir:?}" "${TAIYAKU:?}"
corpus="$top_srcdir/../shared/corpus"
n=${N:-1000000}
q=${Q:-200}
if ! ls "$corpus"/*.gold >/dev/null 2>&1; then
    echo "pg-bench: SKIP: no corpus at $corpus"
    exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/taiyaku-pg-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
name=pg-bench
. "$top_srcdir/tests/bench/pg-server.sh"
pg_need
TY_PG_SHARED_BUFFERS=${TY_PG_SHARED_BUFFERS:-1GB} pg_start

wall() { sed 's/^wall \([0-9.]*\) s.*/\1/'; }

one_size() { # UNITS
    s=$1
    echo "-- $s units --"
    if [ -n "$keep" ] && [ -f "$keep/u$s.sqlite" ] &&
        "$TY_PG_BIN/psql" -X -At -h "$TY_PG_HOST" -U taiyaku -d "u$s" -c 'SELECT 1' >/dev/null 2>&1; then
        echo "(the memories kept in $keep)"
        lookups "$keep/u$s.sqlite" "host=$TY_PG_HOST user=taiyaku dbname=u$s"
        return 0
    fi
    db=$tmp/u$s.sqlite
    [ -z "$keep" ] || db=$keep/u$s.sqlite
    "$bench" gen "$corpus" "$s" "$tmp/u$s.tmx"
    sync
    printf 'SQLite import:     '
    rm -f "$db"
    timed "$TAIYAKU" import --db "$db" "$tmp/u$s.tmx" | tee "$tmp/t.sqlite"
    cat "$tmp/err"
    [ -z "$keep" ] || pg_sql "DROP DATABASE IF EXISTS \"u$s\""
    pgdb=$(pg_db "u$s")
    printf 'PostgreSQL import: '
    timed "$TAIYAKU" import --db "$pgdb" "$tmp/u$s.tmx" | tee "$tmp/t.pg"
    cat "$tmp/err"
    awk -v a="$(wall <"$tmp/t.sqlite")" -v b="$(wall <"$tmp/t.pg")" \
        'BEGIN { printf "import: PostgreSQL %.2fx the SQLite time (target <= 2x)\n", b / a }'
    "$TY_PG_BIN/psql" -X -At -d "$pgdb" -c "SELECT 'PostgreSQL memory ' ||
        pg_size_pretty(pg_database_size(current_database())) || ', units ' ||
        (SELECT count(*) FROM units) || ', SQLite memory ' || $(wc -c <"$db") / 1000000 || ' MB'"
    lookups "$db" "$pgdb"
    rm -f "$tmp/u$s.tmx" "$tmp/u$s.sqlite"*
}

lookups() { # SQLITE PG: on a server just started (its cache empty), then again once the
    # narrow texts tables are in its cache, as on a server that has answered lookups for a while
    lookups_once "$@"
    "$TY_PG_BIN/psql" -X -At -d "$2" -c "SELECT count(*) FROM norm_ja" \
        -c "SELECT count(*) FROM norm_en" >/dev/null
    echo "(norm_ja and norm_en read once: in the server's cache)"
    lookups_once "$@"
}

lookups_once() { # SQLITE PG
    c0=$(pg_cpu)
    "$bench" compare "$corpus" "$1" "$2" "$q"
    sleep 1 # the lookups' server process ends after the client: its CPU counts once reaped
    awk -v a="$c0" -v b="$(pg_cpu)" -v q="$q" -v hz="$(getconf CLK_TCK)" 'BEGIN {
        printf "server CPU (user + system) of the PostgreSQL lookups: %.1f ms a lookup, " \
            "%d ja + %d en\n", (b - a) * 1000 / hz / (2 * q), q, q }'
}

echo "pg-bench: $n units, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), PostgreSQL $("$TY_PG_BIN/postgres" -V | awk '{print $3}')"
one_size "$n"
for s in ${GROWTH:-}; do
    one_size "$s"
done
