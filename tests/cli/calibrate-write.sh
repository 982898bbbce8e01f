#!/bin/sh
# calibrate-write.sh — `tests/bench/calibrate fit CORPUS FILE`, the refit of the confidence map
# (src/align/confidence.c) after a change of the aligner: it prints the weights and writes
# them into FILE's `weights` initializer, leaving the rest of the file as it was, the same
# file again when run again; a file without that initializer is an error naming it (exit 2),
# left as it was. Works on a copy of confidence.c. Fits on shared/corpus, or without it (a
# clean clone) on a corpus made here from examples/press-conference: the pair as it is, and
# the pair with two of its gold beads joined into a 2:2 (so that some beads are wrong).
. "$top_srcdir/tests/setup"

cal="$top_builddir/tests/bench/calibrate"
if ! ls "$corpus"/*.gold >/dev/null 2>&1; then
    echo "# no corpus at $corpus: fitting on a corpus made from examples/press-conference"
    ex="$top_srcdir/examples/press-conference"
    corpus="$tmp/c"
    mkdir "$corpus"
    for d in a b; do
        cp "$ex.ja.seg" "$corpus/$d.ja.seg"
        cp "$ex.en.seg" "$corpus/$d.en.seg"
    done
    cp "$ex.gold" "$corpus/a.gold"
    awk '$0 == "[2]:[3]" { print "[2,3]:[3,4]"; next } $0 != "[3]:[4]"' "$ex.gold" >"$corpus/b.gold"
fi
# FILE without its weights initializer (the lines from `static const double weights` to `};`)
outside() { sed '/^static const double weights\[TY__CAL_FEATURES\] = {/,/};/d' "$1"; }
# the initializer's numbers, one a line
inside() { sed -n '/^static const double weights\[TY__CAL_FEATURES\] = {/,/};/p' "$1" |
    tr -s ' ,{};\n' '\n' | grep -E '^-?[0-9]+\.[0-9]+$'; }

cp "$top_srcdir/src/align/confidence.c" "$tmp/confidence.c"
t_run "fit CORPUS FILE" 0 "$cal" fit "$corpus" "$tmp/confidence.c"
sed -n 's/^{\(.*\)}$/\1/p' "$tmp/out" | tr -s ', ' '\n' >"$tmp/printed"
inside "$tmp/confidence.c" >"$tmp/written"
t_ok "it prints the weights (TY__CAL_FEATURES of them)" test "$(wc -l <"$tmp/printed")" -ge 6
t_same "the weights written are the ones printed" "$tmp/written" "$tmp/printed"
outside "$top_srcdir/src/align/confidence.c" >"$tmp/before"
outside "$tmp/confidence.c" >"$tmp/after"
t_same "the rest of the file is left as it was" "$tmp/after" "$tmp/before"
awk 'length > 100' "$tmp/confidence.c" >"$tmp/long"
t_same "no line over 100 columns" "$tmp/long" /dev/null
cp "$tmp/confidence.c" "$tmp/first.c"
t_run "fit CORPUS FILE again" 0 "$cal" fit "$corpus" "$tmp/confidence.c"
t_same "the same file again" "$tmp/confidence.c" "$tmp/first.c"

printf 'int x;\n' >"$tmp/other.c"
t_run "a file without the initializer: exit 2" 2 "$cal" fit "$corpus" "$tmp/other.c"
t_grep "the error names the file" "other\.c: no " "$tmp/err"
printf 'int x;\n' >"$tmp/want"
t_same "and leaves it alone" "$tmp/other.c" "$tmp/want"
t_ok "no temporary file left" test ! -e "$tmp/other.c.tmp" -a ! -e "$tmp/confidence.c.tmp"
t_done
