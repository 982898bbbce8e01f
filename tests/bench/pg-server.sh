# pg-server.sh — sourced by the PostgreSQL benchmarks (pg-bench.sh, pg-consistency.sh) after
# they set $name, $tmp and the variables of make bench: tests/pg/server with the one TAP
# function it calls (a SKIP line and exit 0 when PostgreSQL is not installed), KEEP=DIR (the
# cluster kept in DIR/pg and reused: $keep, its absolute path, or ""), timed.sh, and bench_tm
# built ($bench). The caller then runs pg_need and pg_start.
t_need() {
    shift 2
    "$@" >/dev/null 2>&1 && return 0
    echo "$name: SKIP: PostgreSQL is not installed (apt-get install postgresql-15)"
    exit 0
}
. "$top_srcdir/tests/pg/server"
keep=${KEEP:-}
if [ -n "$keep" ]; then
    mkdir -p "$keep"
    keep=$(cd "$keep" && pwd)
    pg_dir=$keep/pg
fi
. "$top_srcdir/tests/bench/timed.sh"
(cd "$top_builddir" && make -s tests/bench/bench_tm) >/dev/null
bench="$top_builddir/tests/bench/bench_tm"
