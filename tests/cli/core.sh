#!/bin/sh
# core.sh — global options and dispatch of the taiyaku program.
. "$top_srcdir/tests/setup"

t_run "--version exits 0" 0 "$TAIYAKU" --version
t_grep "--version prints the version" '^taiyaku [0-9]+\.[0-9]+\.[0-9]+$' "$tmp/out"
t_run "--help exits 0" 0 "$TAIYAKU" --help
t_grep "--help lists segment" '^  segment ' "$tmp/out"
t_run "no command is a usage error" 64 "$TAIYAKU"
t_run "unknown command is a usage error" 64 "$TAIYAKU" frobnicate
t_grep "unknown command names it" "unknown command 'frobnicate'" "$tmp/err"
t_ok "unknown command error is one line" test "$(wc -l <"$tmp/err")" -eq 1
t_done
