#!/bin/sh
# review.sh — reviewing an aligned document in the memory from the command line: the documents
# list, a document's beads, each edit (join, split, move, unpair, pair, accept, reject, pin,
# realign, undo) with the memory verifying after it and lookups seeing it, refused edits and
# stale versions (exit 2, nothing changed), the edit history; and align --pin: pinned pairs
# come out as beads, bad pins exit 2 naming the pin.
. "$top_srcdir/tests/setup"

ex="$top_srcdir/examples/press-conference"
db="$tmp/m.sqlite"
cd "$tmp"

# ---- align --pin ----
t_run "align --pin" 0 "$TAIYAKU" align --no-lexicon --pin 5:5-6 --pin 2:3 "$ex.ja.txt" "$ex.en.txt"
t_grep "a pinned 1:2 is a bead, confidence 1" '^\[5\]:\[5,6\]	1\.000$' "$tmp/out"
t_grep "a pinned 1:1 is a bead, confidence 1" '^\[2\]:\[3\]	1\.000$' "$tmp/out"
t_run "a pin past the end" 2 "$TAIYAKU" align --no-lexicon --pin 40:1 "$ex.ja.txt" "$ex.en.txt"
t_grep "is named, with the document's length" 'press-conference\.ja\.txt: pin 40:1: Japanese sentence 40 is past the end \(the document has 37' "$tmp/err"
t_run "crossing pins" 2 "$TAIYAKU" align --no-lexicon --pin 5:6 --pin 6:5 "$ex.ja.txt" "$ex.en.txt"
t_grep "are named" 'pins 5:6 and 6:5 cross or overlap' "$tmp/err"
t_run "a pin that is not JA:EN" 64 "$TAIYAKU" align --pin 5 "$ex.ja.txt" "$ex.en.txt"

# ---- the documents and their beads ----
t_run "align --db" 0 "$TAIYAKU" align --no-lexicon --db "$db" "$ex.ja.txt" "$ex.en.txt"
t_run "review: the documents" 0 "$TAIYAKU" review --db "$db"
t_grep "one line per document with its figures" '^1	33	37	[0-9]+	4	0	press-conference' "$tmp/out"
t_run "review DOC" 0 "$TAIYAKU" review --db "$db" 1
t_ok "a line per bead and a heading" test "$(wc -l <"$tmp/out")" -eq 38
t_grep "the unpaired sentences are there" '^5	\[4\]:\[\]	[0-9.]+	aligned	【山本外務大臣】おはようございます。	$' "$tmp/out"
t_run "review DOC --below 0.9" 0 "$TAIYAKU" review --db "$db" 1 --below 0.9
t_ok "only the doubtful beads" test "$(wc -l <"$tmp/out")" -lt 12

# ---- edits ----
edit() { # NAME ARGS...: an edit that works, then stats --verify
    name=$1
    shift
    t_run "$name" 0 "$TAIYAKU" review --db "$db" --user rev "$@"
    t_run "$name: the memory verifies" 0 "$TAIYAKU" stats --db "$db" --verify
}
edit "join the unpaired greeting with the bead after" 1 join 5 next
t_run "show" 0 "$TAIYAKU" review --db "$db" 1
t_grep "the 1:1 + 1:0 is now one 2:2 bead, reviewed" '^5	\[4,5\]:\[5,6\]	1\.00	reviewed	【山本外務大臣】おはようございます。今月14日' "$tmp/out"
t_run "lookup finds the joined pair" 0 "$TAIYAKU" lookup --db "$db" --json --min 100 '【山本外務大臣】おはようございます。今月14日にフィリピン中部を襲った台風により多数の死傷者が出ていることに、心からお見舞いを申し上げます。'
t_grep "exactly" '"score":100' "$tmp/out"
edit "split it again" 1 split 5 1 0
edit "move an English sentence to the bead before" 1 move 6 en prev
edit "unpair" 1 unpair 8
edit "pair" 1 pair 8 9
edit "accept" 1 accept 0
edit "reject" 1 reject 1
t_run "a rejected pair is out of lookups" 0 "$TAIYAKU" lookup --db "$db" --json --min 100 '（令和7年10月17日（金曜日）11時02分　於：本省会見室）'
t_grep "no match" '"matches":\[\]' "$tmp/out"
edit "pin" 1 pin 3
edit "realign around the pin" 1 realign
t_run "show" 0 "$TAIYAKU" review --db "$db" 1
t_grep "the pinned bead stays" '^3	\[2\]:\[3\]	1\.00	reviewed,pinned	' "$tmp/out"
edit "undo" 1 undo
t_run "history" 0 "$TAIYAKU" review --db "$db" 1 history
t_ok "every edit is recorded" test "$(wc -l <"$tmp/out")" -eq 10
t_grep "with who and when" '^1	20[0-9-]+T[0-9:]+Z	rev	join	bead 5: 2 became 1$' "$tmp/out"
t_grep "the undone one is marked" '	realign	bead 0: [0-9]+ became [0-9]+	undone$' "$tmp/out"

# ---- exports follow the review ----
t_run "export --reviewed-only" 0 "$TAIYAKU" export --db "$db" -o rev.tmx --reviewed-only
t_grep "reviewed units say so" '<prop type="x-taiyaku-reviewed">yes</prop>' rev.tmx
t_ok "and only they are exported" sh -c "! grep -q 'x-taiyaku-reviewed\">no' rev.tmx"
t_grep "with their confidence" '<prop type="x-confidence">1\.000</prop>' rev.tmx
t_run "export" 0 "$TAIYAKU" export --db "$db" -o all.tmx
t_grep "the others say no" '<prop type="x-taiyaku-reviewed">no</prop>' all.tmx
t_ok "the rejected pair is not exported" sh -c "! grep -q '於：本省会見室' all.tmx"
t_run "but stays in the review view" 0 "$TAIYAKU" review --db "$db" 1
t_grep "as rejected" '	rejected	（令和7年10月17日' "$tmp/out"

# ---- refused ----
t_run "join before the first bead" 2 "$TAIYAKU" review --db "$db" 1 join 0 prev
t_grep "says why" 'm\.sqlite: bead 0: there is no bead before it to join$' "$tmp/err"
t_run "no such bead" 2 "$TAIYAKU" review --db "$db" 1 accept 999
t_grep "says so" 'bead 999: no such bead' "$tmp/err"
t_run "a stale version" 2 "$TAIYAKU" review --db "$db" --version 3 1 accept 2
t_grep "is a conflict" 'changed meanwhile' "$tmp/err"
t_run "an unknown operation" 64 "$TAIYAKU" review --db "$db" 1 frob 2
t_run "a bead that is not a number" 64 "$TAIYAKU" review --db "$db" 1 join x
t_run "no such document" 2 "$TAIYAKU" review --db "$db" nope
t_run "the memory still verifies" 0 "$TAIYAKU" stats --db "$db" --verify

# ---- a TMX taiyaku wrote keeps what structure its units tell ----
t_run "align -o" 0 "$TAIYAKU" align --no-lexicon -o a.tmx "$ex.ja.txt" "$ex.en.txt"
t_run "import it" 0 "$TAIYAKU" import --db tmx.sqlite a.tmx
t_run "review it" 0 "$TAIYAKU" review --db tmx.sqlite 1
t_grep "its beads are there, the unpaired sentences counted as never stored" '^# document 1 \(a\.tmx\), version 0: 37 beads, 37 Japanese and 35 English sentences, 4 never stored$' "$tmp/out"
t_grep "a 1:2 among them" '^6	\[5\]:\[5,6\]	' "$tmp/out"
t_run "and can be edited" 0 "$TAIYAKU" review --db tmx.sqlite 1 join 6 prev
t_run "the memory verifies" 0 "$TAIYAKU" stats --db tmx.sqlite --verify

t_done
