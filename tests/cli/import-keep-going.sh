#!/bin/sh
# import-keep-going.sh — `taiyaku import` of several TMX files, some broken or truncated: with
# several files it keeps going (each failed file named with its reason, exit 1, the others
# imported, the memory verified); --no-keep-going stops at the first failure (exit 2); one
# failed file alone is exit 2; a truncated TMX says it is truncated.
. "$top_srcdir/tests/setup"

d="$top_srcdir/tests/cli/data/tmx"
cd "$tmp"
head -c 600 "$d/mixed.tmx" >cut.tmx

t_run "import of four files, two failing" 1 "$TAIYAKU" import -q --db m.db "$d/tmx11.tmx" \
    "$d/broken.tmx" cut.tmx "$d/mixed.tmx"
t_grep "the broken file is named with its line" 'broken.tmx:11: malformed XML' err
t_grep "the truncated file says it is truncated" '^taiyaku: cut.tmx:[0-9]+: truncated: the file ends before </tmx>' err
t_grep "the totals" '^taiyaku: 2 of 4 files failed; the others were imported$' err
t_grep "the file after the failures is imported" 'mixed.tmx: 3 units: 3 added' out
t_run "stats --verify" 0 "$TAIYAKU" stats --db m.db --verify
t_grep "two documents" '^documents 2$' out
t_grep "verified" '^verified ok$' out

t_run "--no-keep-going stops at the first failure" 2 "$TAIYAKU" import -q --no-keep-going \
    --db n.db "$d/tmx11.tmx" "$d/broken.tmx" "$d/mixed.tmx"
t_run "--no-keep-going: stats" 0 "$TAIYAKU" stats --db n.db
t_grep "--no-keep-going: the first file only" '^documents 1$' out
t_run "one failed file alone: exit 2" 2 "$TAIYAKU" import -q --db o.db cut.tmx
t_grep "one failed file alone: truncated" 'truncated' err
t_done
