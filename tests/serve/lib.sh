# tests/serve/lib.sh — sourced after tests/setup by the tests of `taiyaku serve`: starting a
# server on a free loopback port and stopping it (a trap stops every server still running when
# the test ends, however it ends).
#   serve_start NAME DB [ARGS...]  starts `taiyaku serve --db DB --listen 127.0.0.1:0 ARGS` and
#                                  waits (10 s at most) for the line saying where it listens;
#                                  sets $url ("http://127.0.0.1:PORT/") and $serve_pid; its
#                                  output in $tmp/NAME.out, $tmp/NAME.err. Returns 1 when it did
#                                  not start (its stderr is then shown)
#   serve_stop                     SIGTERM to the last server started; waits for it; its exit
#                                  status in $serve_status
serve_pids=""
trap 'for p in $serve_pids; do kill -TERM "$p" 2>/dev/null || true; done; rm -rf "$tmp"' EXIT

serve_start() {
    s_name=$1 s_db=$2
    shift 2
    "$TAIYAKU" serve --db "$s_db" --listen 127.0.0.1:0 "$@" >"$tmp/$s_name.out" \
        2>"$tmp/$s_name.err" &
    serve_pid=$!
    serve_pids="$serve_pids $serve_pid"
    url=""
    s_i=0
    while [ $s_i -lt 100 ]; do
        url=$(sed -n 's/^taiyaku: serving .* at \(http:[^ ]*\) .*/\1/p' "$tmp/$s_name.out")
        [ -n "$url" ] && return 0
        kill -0 "$serve_pid" 2>/dev/null || break
        sleep 0.1
        s_i=$((s_i + 1))
    done
    echo "#   the server did not start:"
    sed 's/^/#   /' "$tmp/$s_name.err"
    return 1
}

serve_stop() {
    kill -TERM "$serve_pid" 2>/dev/null || true
    serve_status=0
    wait "$serve_pid" || serve_status=$?
}
