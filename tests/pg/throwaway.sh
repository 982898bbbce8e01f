#!/bin/sh
# throwaway.sh — the throwaway PostgreSQL server of tests/pg/server starts, answers on its socket
# only, and is gone (no process, no files) after the test, also when the test fails.
. "$top_srcdir/tests/setup"
. "$top_srcdir/tests/pg/server"

exited() { # PID: no such process, or only its exit status left (a zombie)
    ! kill -0 "$1" 2>/dev/null || grep -q '^[0-9]* ([^)]*) [ZX]' "/proc/$1/stat" 2>/dev/null
}
gone() { # PID: exited within 10 s (pg_ctl returns once the postmaster has removed its pid
    # file, which it does a moment before it exits)
    for _ in $(seq 100); do
        exited "$1" && return 0
        sleep 0.1
    done
    return 1
}

if pg_need; then
    t_ok "server starts" pg_start
    conn=$(pg_db probe)
    t_run "psql reaches the socket" 0 "$TY_PG_BIN/psql" -X -At -d "$conn" -c "SELECT 1+1"
    t_grep "and gets an answer" '^2$' "$tmp/out"
    t_run "no TCP listener" 0 "$TY_PG_BIN/psql" -X -At -d "$conn" -c "SHOW listen_addresses"
    t_grep "listen_addresses is empty" '^$' "$tmp/out"
    t_run "the password role needs its password" 2 env PGPASSWORD=wrong \
        "$TY_PG_BIN/psql" -X -At -d "host=$TY_PG_HOST user=secret dbname=postgres" -c "SELECT 1"
    t_run "and logs in with it" 0 env PGPASSWORD=right \
        "$TY_PG_BIN/psql" -X -At -d "host=$TY_PG_HOST user=secret dbname=postgres" -c "SELECT 1"
    pid=$(head -1 "$pg_dir/data/postmaster.pid")
    # a child test that fails after starting its server leaves nothing running
    t_run "a failing test stops its server" 1 sh -c '
        . "$top_srcdir/tests/setup"; . "$top_srcdir/tests/pg/server"
        pg_start >/dev/null; head -1 "$pg_dir/data/postmaster.pid" >"'"$tmp"'/child.pid"
        echo "$tmp" >"'"$tmp"'/child.tmp"; exit 1'
    cpid=$(cat "$tmp/child.pid")
    t_ok "its postgres process is gone" gone "$cpid"
    t_ok "its directory is gone" sh -c "! test -e '$(cat "$tmp/child.tmp")'"
    pg_stop
    t_ok "this server stops" gone "$pid"
fi
t_done
