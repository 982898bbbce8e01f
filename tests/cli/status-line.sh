#!/bin/sh
# status-line.sh — long work on a terminal shows one status line on standard error, redrawn in
# place ("\r", erase to the end of the line) and taken away before the results: import (units
# read and the rate, then "writing the memory"), export to a file, copy, check, remove,
# stats --verify. Not on a file or a pipe, where import --progress prints plain lines instead, nor
# when the TMX goes to the same terminal. The terminal is script(1)'s.
. "$top_srcdir/tests/setup"

cd "$tmp"
cr=$(printf '\r')
esc=$(printf '\033')
t_tmx articles 10000 >a.tmx
t_tmx reports 3 >b.tmx

t_run "import to a file: exit 0" 0 "$TAIYAKU" import --db f.db a.tmx
t_ok "import to a file: nothing but the totals on standard error" test ! -s err
t_run "import --progress to a file: exit 0" 0 "$TAIYAKU" import --progress --db p.db a.tmx
t_grep "import --progress to a file: plain lines" '^taiyaku: a\.tmx: 10000 units read$' err
t_grep "import --progress to a file: then the memory written" \
    '^taiyaku: a\.tmx: 10000 units read; writing the memory$' err
t_ok "import --progress to a file: no terminal control" sh -c "! grep -q '$esc' err"

if t_need script bsdutils script --version; then
    script -qec "'$TAIYAKU' import --db t.db a.tmx b.tmx" /dev/null >tty.out 2>&1 || true
    t_grep "import on a terminal: units read and the rate" \
        "${cr}${esc}\\[Ktaiyaku: a\\.tmx: 4096 units read \\([0-9]+ a second\\)" tty.out
    t_grep "import on a terminal: then the memory written" \
        "${cr}${esc}\\[Ktaiyaku: a\\.tmx: 10000 units read; writing the memory${cr}${esc}\\[K" tty.out
    t_grep "import on a terminal: the line taken away before each file's totals" \
        "${cr}${esc}\\[Ka\\.tmx: 10000 units: 10000 added" tty.out
    t_grep "import on a terminal: the second file's" \
        "${cr}${esc}\\[Kb\\.tmx: 3 units: 3 added, 0 merged, 0 one-sided left out \\(document 2\\)" \
        tty.out
    script -qec "'$TAIYAKU' import -q --db q.db a.tmx" /dev/null >tty.out 2>&1 || true
    t_grep "import -q on a terminal: the totals" '^a\.tmx: 10000 units: 10000 added' tty.out
    t_ok "import -q on a terminal: no status line" sh -c "! grep -q 'units read' tty.out"
    script -qec "'$TAIYAKU' export --db t.db -o x.tmx" /dev/null >tty.out 2>&1 || true
    t_grep "export to a file on a terminal: units written, then the totals on a clean line" \
        "taiyaku: x\\.tmx: 4096 units written.*${cr}${esc}\\[Ktaiyaku: exported 10003 unit" tty.out
    script -qec "'$TAIYAKU' export --db t.db -o -" /dev/null >tty.out 2>&1 || true
    t_grep "export to standard output on a terminal: the TMX" '</tmx>' tty.out
    t_ok "export to standard output on a terminal: no status line in it" \
        sh -c "! grep -q 'units written' tty.out"
    script -qec "'$TAIYAKU' copy --db t.db --to c.db" /dev/null >tty.out 2>&1 || true
    t_grep "copy on a terminal: what it does, then the totals on a clean line" \
        "taiyaku: copying the memory${cr}${esc}\\[Kcopied 2 documents" tty.out
    script -qec "'$TAIYAKU' check --db t.db" /dev/null >tty.out 2>&1 || true
    t_grep "check on a terminal: what it does, taken away before the findings" \
        "taiyaku: checking the memory[^${cr}]*${cr}${esc}\\[K" tty.out
    t_grep "check on a terminal: the findings' totals" '^[0-9]+ findings: ' tty.out
    script -qec "'$TAIYAKU' remove --db t.db a.tmx" /dev/null >tty.out 2>&1 || true
    t_grep "remove on a terminal: what it removes, then the totals on a clean line" \
        "taiyaku: removing document 1 \\(a\\.tmx\\)${cr}${esc}\\[Kremoved document 1 \\(a\\.tmx\\): 10000 occurrences" \
        tty.out
    script -qec "'$TAIYAKU' stats --verify --db t.db" /dev/null >tty.out 2>&1 || true
    t_grep "stats --verify on a terminal: what it verifies, then the figures" \
        "taiyaku: verifying the memory${cr}${esc}\\[Kschema " tty.out
    t_grep "stats --verify on a terminal: verified" 'verified ok' tty.out
    # a warning after the line is drawn takes it away first: a one-sided unit after 5,000
    t_tmx articles 5000 | sed 's#</body></tmx>#<tu><tuv xml:lang="ja"><seg>ただ一つ</seg></tuv></tu></body></tmx>#' >w.tmx
    script -qec "'$TAIYAKU' import --db w.db w.tmx" /dev/null >tty.out 2>&1 || true
    t_grep "a warning on a terminal: after the line is taken away" \
        "units read \\([0-9]+ a second\\)${cr}${esc}\\[Ktaiyaku: w\\.tmx:[0-9]+: warning" tty.out
fi
t_done
