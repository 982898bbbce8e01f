#!/bin/sh
# pg-consistency.sh — the consistency commands on a PostgreSQL memory beside the SQLite one:
# N units (default 100,000, generated from the corpus as tm-bench.sh generates them) imported
# into a new SQLite memory and a new PostgreSQL memory on a throwaway server (tests/pg/server),
# then each command below on both: taiyaku's CPU time (user + system) on each, the server's CPU
# time for PostgreSQL, and whether the outputs are the same. KEEP=DIR keeps the memories in
# DIR and reuses them in later runs. Prints figures, asserts nothing.
#   N=100000 make bench   (or, in a build directory: top_srcdir=.. top_builddir=.
#   TAIYAKU=src/taiyaku sh ../tests/bench/pg-consistency.sh)
set -eu
: "${top_srcdir:?run through make bench}" "${top_builddir:?}" "${TAIYAKU:?}"
corpus="$top_srcdir/../shared/corpus"
n=${N:-100000}
if ! ls "$corpus"/*.gold >/dev/null 2>&1; then
    echo "pg-consistency: SKIP: no corpus at $corpus"
    exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/taiyaku-pg-consistency.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
name=pg-consistency
. "$top_srcdir/tests/bench/pg-server.sh"
pg_need
TY_PG_SHARED_BUFFERS=${TY_PG_SHARED_BUFFERS:-512MB} pg_start

db=$tmp/m.sqlite
[ -z "$keep" ] || db=$keep/u$n.sqlite
pgdb="host=$TY_PG_HOST user=taiyaku dbname=u$n"
echo "pg-consistency: $n units, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -n "$keep" ] && [ -f "$db" ] && "$TY_PG_BIN/psql" -X -At -d "$pgdb" -c 'SELECT 1' \
    >/dev/null 2>&1; then
    echo "(the memories kept in $keep)"
else
    "$bench" gen "$corpus" "$n" "$tmp/u.tmx"
    rm -f "$db"
    printf 'SQLite import:     '
    timed "$TAIYAKU" import --db "$db" "$tmp/u.tmx"
    [ -z "$keep" ] || pg_sql "DROP DATABASE IF EXISTS \"u$n\""
    pg_db "u$n" >/dev/null
    printf 'PostgreSQL import: '
    timed "$TAIYAKU" import --db "$pgdb" "$tmp/u.tmx"
    rm -f "$tmp/u.tmx"
fi

both() { # NAME ARGS...: the command on both memories, timed
    name=$1
    shift
    printf '%-34s SQLite     ' "$name"
    timed "$TAIYAKU" "$@" --db "$db"
    sed "s|$db|MEMORY|g" "$tmp/out" >"$tmp/want"
    c0=$(pg_cpu)
    printf '%-34s PostgreSQL ' ""
    timed "$TAIYAKU" "$@" --db "$pgdb" | tr -d '\n'
    sleep 1 # the command's server process ends after it: its CPU counts once reaped
    sed "s|$pgdb|MEMORY|g" "$tmp/out" >"$tmp/got"
    awk -v a="$c0" -v b="$(pg_cpu)" -v hz="$(getconf CLK_TCK)" \
        'BEGIN { printf ", server CPU %.2f s", (b - a) / hz }'
    if cmp -s "$tmp/got" "$tmp/want"; then echo ", the same output"; else echo ", OUTPUT DIFFERS"; fi
}

lex=--no-lexicon
both "phrase 国境地帯" phrase $lex --json 国境地帯
both "phrase 首脳会談" phrase $lex --json 首脳会談
both "phrase 支援 (2 characters)" phrase $lex --json 支援
both "phrase --from en 'border areas'" phrase $lex --json --from en "border areas"
both "check same-ja,same-en,numbers" check --json --checks same-ja,same-en,numbers
both "check confidence" check --json --checks confidence
both "check (every check)" check --json $lex
both "phrases -n 20" phrases $lex --json -n 20
