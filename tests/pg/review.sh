#!/bin/sh
# review.sh — the review on a memory in PostgreSQL answers as on the SQLite memory: the
# bundled example and a pinned alignment put into both with `align --db` (and batch), then the
# documents list, a document's beads (all, --below), the (empty) edit history, the positions the
# consistency checks and lookups show (beads' numbers, not their keys), exports, and a removed
# document's structure gone with it, batch run again with a pair changed replacing it, a TMX
# taiyaku wrote imported with the structure its units tell, byte
# for byte the same; the review edits that change only beads' marks (accept, pin, unpin, undo)
# made on both with the same beads, history (times aside), exports and lookups after them,
# two edits at once; the edits that change the pairs (join, split, move, unpair, pair, reject of
# a pair, realign) and the undo of each made on both, each followed by the same beads and
# stats --verify, lookups finding the new units and not the retired ones, exports, the beads as
# before once all are undone; a join, an unpair and an import at once on PostgreSQL, a join
# the server aborts in a deadlock made again; edits
# refused in one line with nothing changed: in a read-only session, one waiting for the
# writers' lock when the server goes away, a join whose server goes away half-way through its
# writes (rolled back); an older PostgreSQL memory (schema 6) gains the structure tables when
# opened.
. "$top_srcdir/tests/setup"
. "$top_srcdir/tests/pg/server"

ex="$top_srcdir/examples/press-conference"
data="$top_srcdir/tests/cli/data/consistency"
SOURCE_DATE_EPOCH=1714554000 # 2024-05-01T09:00:00Z
export SOURCE_DATE_EPOCH
cd "$tmp"
cp "$data"/pc1.*.txt .
mkdir ja en
cp "$data"/pc6.*.txt .
for i in 2 3 4 5; do
    cp "$data/pc$i.ja.txt" ja/pc$i.txt
    cp "$data/pc$i.en.txt" en/pc$i.txt
done

both() { pg_both "$@"; }

psql_() {
    "$TY_PG_BIN/psql" -X -q -At -v ON_ERROR_STOP=1 -d "$pgdb" -c "$1"
}

# Wait (30 s at most) until one session of the server waits for a lock.
lock_waiter() {
    n=0
    until psql_ "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'" |
            grep -q '^1$' || [ $n -ge 300 ]; do
        sleep 0.1
        n=$((n + 1))
    done
}

if pg_need && pg_start; then
    pgdb=$(pg_db rv)
    pgname="postgresql://taiyaku@$TY_PG_HOST/rv"
    both "align --db" 0 align --no-lexicon "$ex.ja.txt" "$ex.en.txt"
    both "align --pin --db" 0 align --no-lexicon --force --pin 2:3 pc1.ja.txt pc1.en.txt
    both "batch --db" 0 batch --no-lexicon ja en
    both "align pc6" 0 align --no-lexicon pc6.ja.txt pc6.en.txt
    t_ok "the structure is stored" test "$(psql_ 'SELECT count(*) FROM alignments')" -eq 7
    t_ok "the occurrences are at their beads' keys" test "$(psql_ "SELECT count(*) FROM
        occurrences o LEFT JOIN beads b ON b.document = o.document AND b.idx = o.position
        WHERE b.idx IS NULL")" -eq 0

    # ---- the read-only review ----
    both "review: the documents" 0 review
    t_grep "one line per document with its figures" '^1	33	37	[0-9]+	4	0	press-conference' "$tmp/got"
    both "review --below 0.5" 0 review --below 0.5
    both "review DOC" 0 review 1
    t_grep "the unpaired sentences are there" '^5	\[4\]:\[\]	[0-9.]+	aligned	【山本外務大臣】おはようございます。	$' "$tmp/got"
    both "review DOC --below 0.9" 0 review 1 --below 0.9
    both "review a pinned document" 0 review 2
    t_grep "the pin is reviewed and pinned" '	reviewed,pinned	' "$tmp/got"
    both "review DOC history" 0 review 1 history
    both "review of no such document" 2 review 9
    both "review of a document without structure" 2 review 9 history

    # ---- what follows the beads: positions shown, reviewed units, lookups ----
    both "check shows beads' numbers" 1 check --color never --checks same-ja,same-en,numbers
    t_grep "finds a number" 'WARNING  numbers  15日 in the Japanese only' "$tmp/got"
    t_grep "at their beads' numbers" '  pc1\.ja\.txt [|] pc1\.en\.txt:4$' "$tmp/got"
    both "check --json" 1 check --json --checks same-ja,same-en,numbers,confidence
    both "a lookup's provenance" 0 lookup --json --min 60 '今月14日にフィリピン中部を襲った台風'
    both "export" 0 export -o -
    both "export --reviewed-only: the pinned pair" 0 export -o - --reviewed-only
    t_grep "it is there" 'x-taiyaku-reviewed">yes' "$tmp/got"
    both "stats --verify" 0 stats --verify

    # ---- a removed document takes its structure along ----
    both "remove" 0 remove 2
    t_ok "its structure is gone" test "$(psql_ 'SELECT (SELECT count(*) FROM alignments) +
        (SELECT count(DISTINCT document) FROM beads) + (SELECT count(DISTINCT document) FROM
        sentences)')" -eq 18
    both "the documents after it" 0 review
    both "stats --verify after it" 0 stats --verify

    # ---- batch again with a pair changed: the old pair's units and structure replaced ----
    printf '追加の一文です。\n' >>ja/pc3.txt
    both "batch again, pc3 changed" 0 batch --no-lexicon ja en
    t_grep "replaces it" '^4 pairs: 0 stored, 1 replaced, 3 unchanged' "$tmp/got"
    both "the documents after it" 0 review
    t_grep "the new pc3 with its beads" '^8	3	4	0	1	0	pc3\.txt [|] pc3\.txt$' "$tmp/got"
    both "its beads" 0 review 8
    both "stats --verify after the batch" 0 stats --verify
    t_ok "the old pair's structure is gone" test "$(psql_ "SELECT count(*) FROM (SELECT document
        FROM beads UNION SELECT document FROM sentences UNION SELECT document FROM alignments)
        d WHERE document NOT IN (SELECT id FROM documents)")" -eq 0

    # ---- a TMX taiyaku wrote: its units say which sentences they were made of ----
    t_run "align -o" 0 "$TAIYAKU" align --no-lexicon -o a.tmx "$ex.ja.txt" "$ex.en.txt"
    both "import it" 0 import a.tmx
    both "the documents with it" 0 review
    t_grep "its beads are there" '^9	33	37	2	4	0	a\.tmx$' "$tmp/got"
    both "review it" 0 review 9
    t_grep "the unpaired sentences counted as never stored" '^# document 9 \(a\.tmx\), version 0: 37 beads, 37 Japanese and 35 English sentences, 4 never stored$' "$tmp/got"
    both "its positions shown" 0 lookup --color never --min 100 \
        '日本政府は、被災者支援のため、300万ドルの緊急無償資金協力を実施することを決定しました。'
    t_grep "held by both documents" ':8 · 2 times' "$tmp/got"
    both "stats --verify with it" 0 stats --verify
    t_ok "its occurrences at its beads' keys" test "$(psql_ "SELECT count(*) FROM occurrences o
        LEFT JOIN beads b ON b.document = o.document AND b.idx = o.position WHERE o.document = 9
        AND b.idx IS NULL")" -eq 0

    # ---- review edits that change the beads' marks: the same on both ----
    both "accept" 0 review --user rev 1 accept 6
    both "pin" 0 review --user rev 1 pin 3
    both "unpin" 0 review --user rev 3 unpin 0
    both "accept a reviewed bead: nothing to record" 0 review --user rev 1 accept 6
    both "the beads after them" 0 review 1
    t_grep "the accepted bead is reviewed" '^6	[^	]*	[0-9.]+	reviewed	' "$tmp/got"
    t_grep "the pinned one pinned" '^3	[^	]*	[0-9.]+	reviewed,pinned	' "$tmp/got"
    both "the unpinned pair" 0 review 3
    both "the documents after them" 0 review
    both "export --reviewed-only after them" 0 export -o - --reviewed-only
    t_grep "the accepted pair is exported as reviewed" '今月14日にフィリピン中部を襲った台風' "$tmp/got"
    both "a lookup after them" 0 lookup --json --min 60 '今月14日にフィリピン中部を襲った台風'
    both "stats --verify after the edits" 0 stats --verify
    both "undo" 0 review --user rev 1 undo
    both "the beads after the undo" 0 review 1
    t_grep "the pin is taken back" '^3	[^	]*	[0-9.]+	aligned	' "$tmp/got"
    both "a stale version" 2 review --version 1 1 accept 2
    both "nothing to undo" 2 review 9 undo
    untimed() { sed 's/	20[0-9-]*T[0-9:]*Z	/	TIME	/' "$tmp/out" >"$1"; }
    t_run "history (SQLite)" 0 "$TAIYAKU" review --db "$tmp/m.sqlite" 1 history
    untimed "$tmp/history.sqlite"
    t_run "history (PostgreSQL)" 0 "$TAIYAKU" review --db "$pgdb" 1 history
    untimed "$tmp/history.pg"
    t_same "the same history, times aside" "$tmp/history.pg" "$tmp/history.sqlite"
    t_grep "the undone pin is marked" '	rev	pin	bead 3: 1 became 1	undone$' "$tmp/history.sqlite"
    t_ok "three edits in it" test "$(wc -l <"$tmp/history.sqlite")" -eq 3
    both "stats --verify after the undo" 0 stats --verify

    # ---- review edits that change the pairs, their undo and realign: the same on both ----
    joined='【山本外務大臣】おはようございます。今月14日にフィリピン中部を襲った台風により多数の死傷者が出ていることに、心からお見舞いを申し上げます。'
    rejected='（令和7年10月17日（金曜日）11時02分　於：本省会見室）'
    both "the beads before them" 0 review 1
    cp "$tmp/got" pairs-before
    pedit() { # NAME ARGS...: an edit on both, then its beads and stats --verify on both
        p_name=$1
        shift
        both "$p_name" 0 review --user rev "$@"
        both "$p_name: the beads" 0 review 1
        cp "$tmp/got" beads
        both "$p_name: the memory verifies" 0 stats --verify
    }
    pedit "join" 1 join 5 next
    t_grep "the 1:1 + 1:0 is now one 2:2 bead, reviewed" '^5	\[4,5\]:\[5,6\]	1\.00	reviewed	' beads
    both "a lookup finds the joined pair" 0 lookup --json --min 100 "$joined"
    t_grep "exactly" '"score":100' "$tmp/got"
    pedit "split" 1 split 5 1 0
    pedit "move" 1 move 6 en prev
    pedit "unpair" 1 unpair 8
    pedit "pair" 1 pair 8 9
    pedit "reject a pair" 1 reject 1
    both "a lookup of the rejected pair" 0 lookup --json --min 100 "$rejected"
    t_grep "finds only the other document's" '"matches":\[\{"score":100,[^]]*"count":1,[^]]*"document":"a\.tmx"' "$tmp/got"
    both "export after the edits" 0 export -o -
    pedit "realign" 1 realign
    for e in realign reject pair unpair move split join; do
        pedit "undo the $e" 1 undo
    done
    sed 1d beads >beads.after
    sed 1d pairs-before >beads.before
    t_same "the beads are as before the edits (the version aside)" beads.after beads.before
    both "the joined pair after the undo" 0 lookup --json --min 100 "$joined"
    t_grep "is not found" '"matches":\[\]' "$tmp/got"
    both "the rejected pair after the undo" 0 lookup --json --min 100 "$rejected"
    t_grep "is found in both documents again" '"score":100,[^]]*"count":2' "$tmp/got"
    both "export after the undos" 0 export -o -
    both "the documents after them" 0 review
    t_run "history (SQLite)" 0 "$TAIYAKU" review --db "$tmp/m.sqlite" 1 history
    untimed "$tmp/history.sqlite"
    t_run "history (PostgreSQL)" 0 "$TAIYAKU" review --db "$pgdb" 1 history
    untimed "$tmp/history.pg"
    t_same "the same history, times aside" "$tmp/history.pg" "$tmp/history.sqlite"

    # two processes edit at once: each edit sees the one committed before it
    version() { psql_ 'SELECT version FROM alignments WHERE document = 1'; }
    v=$(version)
    "$TAIYAKU" review --db "$pgdb" --user a 1 accept 10 >/dev/null 2>&1 & e1=$!
    "$TAIYAKU" review --db "$pgdb" --user b 1 accept 11 >/dev/null 2>&1 & e2=$!
    s1=0 s2=0
    wait $e1 || s1=$?
    wait $e2 || s2=$?
    t_ok "two edits at once both made" test "$s1" -eq 0 -a "$s2" -eq 0
    t_ok "the version counts both" test "$(version)" -eq $((v + 2))
    v=$(version)
    "$TAIYAKU" review --db "$pgdb" --version "$v" 1 accept 12 >/dev/null 2>&1 & e1=$!
    "$TAIYAKU" review --db "$pgdb" --version "$v" 1 accept 13 >/dev/null 2>&1 & e2=$!
    s1=0 s2=0
    wait $e1 || s1=$?
    wait $e2 || s2=$?
    t_ok "two edits chosen on one version: one made, one a conflict" test "$((s1 + s2))" -eq 2
    t_ok "one more edit" test "$(version)" -eq $((v + 1))
    t_ok "both bead 10 and 11 reviewed, one of 12 and 13" test "$(psql_ "SELECT count(*) FROM
        beads b WHERE document = 1 AND status = 1 AND idx IN (SELECT idx FROM beads WHERE
        document = 1 ORDER BY idx OFFSET 10 LIMIT 4)")" -eq 3
    t_run "stats --verify after them" 0 "$TAIYAKU" stats --verify --db "$pgdb"

    # two processes change pairs while a third imports: each waits for the others' commit
    t_tmx articles 2000 >more.tmx
    "$TAIYAKU" review --db "$pgdb" --user a 1 join 20 next >/dev/null 2>&1 & e1=$!
    "$TAIYAKU" review --db "$pgdb" --user b 1 unpair 25 >/dev/null 2>&1 & e2=$!
    "$TAIYAKU" import --db "$pgdb" more.tmx >/dev/null 2>&1 & e3=$!
    s1=0 s2=0 s3=0
    wait $e1 || s1=$?
    wait $e2 || s2=$?
    wait $e3 || s3=$?
    t_ok "a join, an unpair and an import at once all made" test "$s1" -eq 0 -a "$s2" -eq 0 -a "$s3" -eq 0
    t_run "the memory verifies after them" 0 "$TAIYAKU" stats --verify --db "$pgdb"
    t_run "the join is there" 0 "$TAIYAKU" review --db "$pgdb" 1 history
    t_grep "with the unpair" '	b	unpair	bead 25: 1 became 2$' "$tmp/out"
    t_grep "and the join" '	a	join	bead 20: 2 became 1$' "$tmp/out"

    # a join that deadlocks: another session holds the trigram counts' rows and, once the join
    # waits for them, asks for the writers' lock the join holds; the join's session finds the
    # deadlock (the other one waits longer before looking), is aborted and is made again
    logged=$(wc -l <"$pg_dir/log")
    mkfifo holder
    PGOPTIONS='-c deadlock_timeout=60s' "$TY_PG_BIN/psql" -X -q -d "$pgdb" <holder >/dev/null \
        2>&1 & holder=$!
    exec 3>holder
    echo "BEGIN; SELECT count(*) FROM (SELECT 1 FROM grams FOR UPDATE) g;" >&3
    n=0
    until psql_ "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE
            c.relname = 'grams' AND l.mode = 'RowShareLock'" | grep -q '^1$' || [ $n -ge 300 ]; do
        sleep 0.1
        n=$((n + 1))
    done
    st=0
    PGOPTIONS='-c deadlock_timeout=2s' "$TAIYAKU" review --db "$pgdb" --user c 1 join 30 next \
        >dout 2>derr & ed=$!
    lock_waiter
    echo "LOCK TABLE documents IN SHARE ROW EXCLUSIVE MODE; COMMIT;" >&3
    exec 3>&-
    wait $ed || st=$?
    wait $holder || true
    t_ok "a join that deadlocked is made again" test "$st" -eq 0
    tail -n +$((logged + 1)) "$pg_dir/log" >pglog
    t_grep "after the server aborted it" 'deadlock detected' pglog
    t_run "it is in the history" 0 "$TAIYAKU" review --db "$pgdb" 1 history
    t_grep "once" '	c	join	bead 30: 2 became 1$' "$tmp/out"
    t_run "the memory verifies after it" 0 "$TAIYAKU" stats --verify --db "$pgdb"

    # ---- refused edits: in one line, nothing changed ----
    t_run "the beads before" 0 "$TAIYAKU" review --db "$pgdb" 1
    mv "$tmp/out" before
    PGOPTIONS='-c default_transaction_read_only=on'
    export PGOPTIONS
    t_run "an edit in a read-only session" 2 "$TAIYAKU" review --db "$pgdb" 1 pin 30
    t_grep "says why" 'read-only transaction' "$tmp/err"
    t_ok "one line" test "$(wc -l <"$tmp/err")" -eq 1
    t_run "a join in a read-only session" 2 "$TAIYAKU" review --db "$pgdb" 1 join 5 next
    unset PGOPTIONS
    t_grep "says why" 'read-only transaction' "$tmp/err"
    t_ok "one line" test "$(wc -l <"$tmp/err")" -eq 1
    # gone LOCK ARGS...: taiyaku ARGS on the memory while another session holds LOCK (SQL),
    # the server stopped once ARGS wait for it; the exit status in $st, stderr in eerr, then
    # the server started again
    gone() {
        "$TY_PG_BIN/psql" -X -q -d "$pgdb" -c "BEGIN; LOCK TABLE $1; SELECT pg_sleep(30);
            COMMIT" >/dev/null 2>&1 & locker=$!
        shift
        sleep 1
        st=0
        "$TAIYAKU" "$@" --db "$pgdb" >eout 2>eerr & ed=$!
        lock_waiter
        pg_stop immediate
        wait $ed || st=$?
        wait $locker || true
        pg_restart
    }
    # the server goes away in the middle of a join: its beads and occurrences are written when
    # it waits for the trigram counts another session holds
    gone "grams IN EXCLUSIVE MODE" review 1 join 5 next
    t_ok "a join with the server gone exits 2" test "$st" -eq 2
    t_grep "and says it was rolled back" 'the edit was rolled back: storing the units: the connection to the server was lost' eerr
    t_ok "on one line" test "$(wc -l <eerr)" -eq 1
    t_run "after a restart" 0 "$TAIYAKU" review --db "$pgdb" 1
    t_same "the beads are as before" "$tmp/out" before
    t_run "the memory verifies" 0 "$TAIYAKU" stats --verify --db "$pgdb"
    # the server goes away while an edit waits for the writers' lock
    gone "documents IN SHARE ROW EXCLUSIVE MODE" review 1 accept 20
    t_ok "an edit with the server gone exits 2" test "$st" -eq 2
    t_grep "and says it was not made" 'the edit was not made: the connection to the server was lost' eerr
    t_ok "on one line" test "$(wc -l <eerr)" -eq 1
    t_run "after a restart" 0 "$TAIYAKU" review --db "$pgdb" 1
    t_same "the beads are as before" "$tmp/out" before
    t_run "the memory verifies" 0 "$TAIYAKU" stats --verify --db "$pgdb"

    # ---- an older memory gains the tables ----
    psql_ "DROP TABLE alignments, sentences, beads, edits; UPDATE taiyaku_schema SET version = 6"
    t_run "a schema-6 memory opened writable" 0 "$TAIYAKU" align --no-lexicon --db "$pgdb" \
        pc1.ja.txt pc1.en.txt
    t_ok "is at schema 7" test "$(psql_ 'SELECT version FROM taiyaku_schema')" -eq 7
    t_run "its new document has structure" 0 "$TAIYAKU" review --db "$pgdb"
    t_grep "listed with beads" '	pc1\.ja\.txt \| pc1\.en\.txt$' "$tmp/out"
    t_run "and verifies" 0 "$TAIYAKU" stats --verify --db "$pgdb"
fi
t_done
