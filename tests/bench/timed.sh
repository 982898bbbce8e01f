# timed.sh — sourced by the bench scripts. timed CMD...: runs CMD (output to $tmp/out, errors
# to $tmp/err) and prints "wall W s, CPU C s, peak RSS M MB" (GNU time), or only the wall time
# where /usr/bin/time is missing, and "exit N" after them when CMD exits with N != 0 (which
# `taiyaku check` does when it finds something). Needs $tmp.
timed() {
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f '%e %U %S %M %x' -o "$tmp/time" "$@" >"$tmp/out" 2>"$tmp/err" || true
        # (the last line: time(1) puts "Command exited with non-zero status 1" before it)
        tail -1 "$tmp/time" | awk '{
            printf "wall %.2f s, CPU %.2f s, peak RSS %.0f MB", $1, $2 + $3, $4 / 1024
            print $5 != 0 ? ", exit " $5 : "" }'
    else
        t0=$(date +%s.%N)
        st=0
        "$@" >"$tmp/out" 2>"$tmp/err" || st=$?
        awk -v a="$t0" -v b="$(date +%s.%N)" -v st="$st" \
            'BEGIN { printf "wall %.2f s%s\n", b - a, st != 0 ? ", exit " st : "" }'
    fi
}
