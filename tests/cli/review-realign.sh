#!/bin/sh
# review-realign.sh — re-alignment of a document in the memory: the pins `align --pin --db`
# gives are stored pinned and a re-align keeps them; a re-align with the dictionaries align
# used gives again what align gave; reviewed pairs are held like pins; a rejected bead that
# comes out again stays rejected, and one that does not loses its mark, which the history
# says; `taiyaku serve` re-aligns with the dictionaries it is given, as align does. The glossary
# stands in for the system dictionaries, so that the figures do not depend on whether edict is
# installed.
. "$top_srcdir/tests/setup"
. "$top_srcdir/tests/serve/lib.sh"

ex="$top_srcdir/examples/press-conference"
db="$tmp/m.sqlite"
cd "$tmp"
printf '外務大臣\tforeign minister\n台風\ttyphoon\n' >g.tsv
lex="--no-lexicon -x g.tsv"

beads() { # NAME FILE: the bead lines of document 1 (without the heading) into FILE
    t_run "$1" 0 "$TAIYAKU" review --db "$db" 1
    sed 1d "$tmp/out" >"$2"
}
verify() {
    t_run "$1: the memory verifies" 0 "$TAIYAKU" stats --db "$db" --verify
}

# ---- pins given to align --db are stored pinned ----
t_run "align --pin --db" 0 "$TAIYAKU" align $lex --pin 10:12 --db "$db" "$ex.ja.txt" "$ex.en.txt"
beads "show" aligned.txt
t_grep "the pin is a pinned, reviewed bead" '^13	\[10\]:\[12\]	1\.00	reviewed,pinned	' aligned.txt
t_run "realign with align's dictionaries" 0 "$TAIYAKU" review --db "$db" $lex 1 realign
verify "realign"
beads "show" realigned.txt
t_grep "the pinned bead is still there, pinned" '^13	\[10\]:\[12\]	1\.00	reviewed,pinned	' realigned.txt
t_same "and the re-alignment is the alignment align made" realigned.txt aligned.txt
t_run "undo" 0 "$TAIYAKU" review --db "$db" 1 undo

# the control: without the glossary the aligner gives other beads here
t_run "realign without dictionaries" 0 "$TAIYAKU" review --db "$db" --no-lexicon 1 realign
beads "show" bare.txt
t_ok "gives another alignment" sh -c "! cmp -s bare.txt aligned.txt"
t_grep "the pin is kept there too" '^[0-9]+	\[10\]:\[12\]	1\.00	reviewed,pinned	' bare.txt
t_run "undo" 0 "$TAIYAKU" review --db "$db" 1 undo

# ---- rejected beads ----
t_grep "bead 6 is a 1:1 with the glossary" '^6	\[5\]:\[5\]	[0-9.]+	aligned	' aligned.txt
t_ok "that the bare aligner does not give" sh -c "! grep -q '	\[5\]:\[5\]	' bare.txt"
t_run "reject it" 0 "$TAIYAKU" review --db "$db" 1 reject 6
t_run "realign with the glossary" 0 "$TAIYAKU" review --db "$db" $lex 1 realign
beads "show" out.txt
t_grep "gives it again: it stays rejected" '^6	\[5\]:\[5\]	[0-9.]+	rejected	' out.txt
t_run "realign without it" 0 "$TAIYAKU" review --db "$db" --no-lexicon 1 realign
verify "realign"
beads "show" out.txt
t_grep "the bead changed" '	\[5\]:\[5,6\]	[0-9.]+	aligned	' out.txt
t_ok "and no bead is rejected any more" sh -c "! grep -q '	rejected	' out.txt"
t_run "history" 0 "$TAIYAKU" review --db "$db" 1 history
t_grep "says the mark is gone" '	realign	bead 0: [0-9]+ became [0-9]+, 1 reviewed or rejected not given again$' "$tmp/out"
t_grep "and the re-align that kept it says nothing" '	realign	bead 0: [0-9]+ became [0-9]+$' "$tmp/out"
t_run "undo" 0 "$TAIYAKU" review --db "$db" 1 undo
t_run "undo" 0 "$TAIYAKU" review --db "$db" 1 undo
t_run "undo" 0 "$TAIYAKU" review --db "$db" 1 undo
verify "undo"

# ---- reviewed pairs are held like pins ----
t_run "accept bead 6" 0 "$TAIYAKU" review --db "$db" 1 accept 6
t_run "realign without the glossary" 0 "$TAIYAKU" review --db "$db" --no-lexicon 1 realign
verify "realign"
beads "show" out.txt
t_grep "the accepted pair stays, with its confidence" "^6	\\[5\\]:\\[5\\]	$(grep '^6	' aligned.txt | cut -f3)	reviewed	" out.txt
t_run "history" 0 "$TAIYAKU" review --db "$db" 1 history
t_grep "no mark was lost" '	realign	bead 0: [0-9]+ became [0-9]+$' "$tmp/out"

# ---- the server re-aligns with the dictionaries it is given ----
if t_need curl curl curl --version; then
    sdb="$tmp/s.sqlite"
    t_run "align --db" 0 "$TAIYAKU" align $lex --db "$sdb" "$ex.ja.txt" "$ex.en.txt"
    t_run "its beads" 0 "$TAIYAKU" review --db "$sdb" 1
    sed 1d "$tmp/out" >s-aligned.txt
    if serve_start srv "$sdb" $lex; then
        session=$(curl -s "${url}api/session" | sed -n 's/.*"session":"\([0-9a-f]*\)".*/\1/p')
        t_ok "a session token" test -n "$session"
        code=$(curl -s -o body -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
            -H "X-Taiyaku-Session: $session" --data-binary '{}' "${url}api/review/1/realign")
        t_ok "POST realign: 200" test "$code" = 200
        serve_stop
        t_ok "the server stops cleanly" test "$serve_status" = 0
    else
        t_point 0 "the server starts"
    fi
    t_run "the beads after the server's re-align" 0 "$TAIYAKU" review --db "$sdb" 1
    t_grep "  it did re-align" 'version 1:' "$tmp/out"
    sed 1d "$tmp/out" >s-realigned.txt
    t_same "  and gave what align gave with the same dictionaries" s-realigned.txt s-aligned.txt
fi

t_run "a realign with a glossary that cannot be read" 2 "$TAIYAKU" review --db "$db" -x nope.tsv 1 realign
t_grep "names it" 'nope\.tsv' "$tmp/err"

t_done
