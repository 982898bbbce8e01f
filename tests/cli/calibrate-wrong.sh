#!/bin/sh
# calibrate-wrong.sh — `tests/bench/calibrate wrong CORPUS [MIN]` lists the beads that are
# wrong although their held-out confidence is at least MIN, with the gold beads around each,
# and counts them per run. Its corpus is made here from examples/press-conference twice: "a"
# as it is (aligned exactly so without dictionaries), "b" with its gold's [2]:[3] and [3]:[4]
# joined into one 2:2 bead, so that b's two 1:1 beads there are wrong in both runs.
. "$top_srcdir/tests/setup"

cal="$top_builddir/tests/bench/calibrate"
ex="$top_srcdir/examples/press-conference"
mkdir "$tmp/c"
for d in a b; do
    cp "$ex.ja.seg" "$tmp/c/$d.ja.seg"
    cp "$ex.en.seg" "$tmp/c/$d.en.seg"
done
cp "$ex.gold" "$tmp/c/a.gold"
awk '$0 == "[2]:[3]" { print "[2,3]:[3,4]"; next } $0 != "[3]:[4]"' "$ex.gold" >"$tmp/c/b.gold"
t_ok "b's gold has the joined bead" grep -qx '\[2,3\]:\[3,4\]' "$tmp/c/b.gold"

# the listed lines, and the last line's counts (with dictionaries, without)
listed() { grep -c "	$1	" "$tmp/out" || true; }
counted() { sed -n "s/^calibrate: wrong beads .*: \([0-9]*\) with dictionaries, \([0-9]*\) without$/\\$1/p" "$tmp/out"; }

t_run "wrong CORPUS 0" 0 "$cal" wrong "$tmp/c" 0
t_grep "b's 1:1 bead [2]:[3] is listed without dictionaries, with its gold" \
    '^b	none	\[2\]:\[3\]	[01]\.[0-9]{3}	[01]\.[0-9]{3}	gold \[2,3\]:\[3,4\]$' "$tmp/out"
t_grep "and [3]:[4], with its gold" \
    '^b	none	\[3\]:\[4\]	[01]\.[0-9]{3}	[01]\.[0-9]{3}	gold \[2,3\]:\[3,4\]$' "$tmp/out"
t_ok "a, aligned exactly without dictionaries, has no bead listed for that run" \
    test "$(grep -c '^a	none	' "$tmp/out" || true)" -eq 0
t_ok "the count without dictionaries is the lines listed" test "$(counted 2)" -eq "$(listed none)"
t_ok "and with them" test "$(counted 1)" -eq "$(listed lexicon)"
t_ok "every line is a document, a run, a bead, two confidences and the gold" \
    test "$(grep -Evc '^(calibrate: |[ab]	(lexicon|none)	\[[0-9,]*\]:\[[0-9,]*\]	[01]\.[0-9]{3}	[01]\.[0-9]{3}	gold( \[[0-9,]*\]:\[[0-9,]*\])+$)' "$tmp/out" || true)" -eq 0

# MIN leaves out the beads under it (at 1, all but those the map gives 1); the default is 0.9
t_run "wrong CORPUS 1" 0 "$cal" wrong "$tmp/c" 1
t_ok "at MIN 1 the counts are the lines listed" test "$(counted 2)" -eq "$(listed none)"
t_run "wrong CORPUS" 0 "$cal" wrong "$tmp/c"
t_grep "the default MIN is 0.9" '^calibrate: wrong beads with a held-out confidence of at least 0\.900: ' "$tmp/out"
awk -F '	' 'NF > 3 && $4 < 0.9' "$tmp/out" >"$tmp/under"
t_same "no bead under 0.9 is listed" "$tmp/under" /dev/null

t_run "MIN that is not a number: exit 2" 2 "$cal" wrong "$tmp/c" x
t_grep "the error says what MIN must be" '^calibrate: MIN must be a number from 0 to 1, not "x"$' "$tmp/err"
t_run "MIN above 1: exit 2" 2 "$cal" wrong "$tmp/c" 1.5
t_run "no CORPUS: the usage, exit 64" 64 "$cal" wrong
t_grep "the usage names wrong" 'wrong CORPUS \[MIN\]' "$tmp/err"
t_done
