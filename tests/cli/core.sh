#!/bin/sh
# core.sh — the program's own options and the dispatch to its commands (src/cli/cli.c):
# --help/help, --version/-V, no command, an unknown command. The commands' frame is tried in
# frame.sh, the generated documentation in doc.sh.
. "$top_srcdir/tests/setup"

t_run "--version exits 0" 0 "$TAIYAKU" --version
t_grep "--version prints the version" '^taiyaku [0-9]+\.[0-9]+\.[0-9]+$' "$tmp/out"
t_run "-V is --version" 0 "$TAIYAKU" -V
t_grep "  the same line" '^taiyaku [0-9]+\.[0-9]+\.[0-9]+$' "$tmp/out"
t_run "--help exits 0" 0 "$TAIYAKU" --help
t_grep "--help lists segment" '^  segment ' "$tmp/out"
t_grep "--help gives the exit statuses" '^  64  a bad command line$' "$tmp/out"
t_grep "--help names the environment" '^  SOURCE_DATE_EPOCH ' "$tmp/out"
cp "$tmp/out" "$tmp/help"
t_run "help is --help" 0 "$TAIYAKU" help
t_same "  the same text" "$tmp/out" "$tmp/help"
t_run "-h is --help" 0 "$TAIYAKU" -h
t_same "  the same text" "$tmp/out" "$tmp/help"
t_run "no command is a usage error" 64 "$TAIYAKU"
t_same "  the help goes to standard error" "$tmp/err" "$tmp/help"
t_ok "  and nothing to standard output" test ! -s "$tmp/out"
t_run "unknown command is a usage error" 64 "$TAIYAKU" frobnicate
t_grep "unknown command names it" "^taiyaku: unknown command 'frobnicate' \(see 'taiyaku --help'\)$" "$tmp/err"
t_ok "unknown command error is one line" test "$(wc -l <"$tmp/err")" -eq 1
t_run "an option is no command" 64 "$TAIYAKU" --frobnicate
t_grep "  says so" "^taiyaku: unknown command '--frobnicate'" "$tmp/err"
t_done
