#!/bin/sh
# copy.sh — `taiyaku copy` moves a whole memory between backends: SQLite → PostgreSQL →
# SQLite, PostgreSQL → SQLite and SQLite → SQLite, each copy's `stats --documents` the same as
# its source's and the exports of the round trip the same as the original's (units, counts,
# provenance, review marks), the accepted findings with them; an aligned memory's sentence
# structure, review marks and edit log SQLite → SQLite, SQLite → PostgreSQL → SQLite (the same
# review list, history, export and positions shown; --force, once needed to leave them out, is
# accepted and changes nothing). Refused: a target that holds something, the memory itself; a
# copy that fails part way leaves no target (no file; a PostgreSQL memory emptied again).
. "$top_srcdir/tests/setup"
. "$top_srcdir/tests/pg/server"

fx="$top_srcdir/tests/cli/data/tm"
ex="$top_srcdir/examples"
SOURCE_DATE_EPOCH=1714554000 # 2024-05-01T09:00:00Z
export SOURCE_DATE_EPOCH
cd "$tmp"

same_tmx() { # NAME GOT WANT: the same units, props and all, the tuids aside (an edit's new unit
    # gets its id anew in a copy, in the order of its position)
    sed 's/ tuid="[0-9]*"//' "$2" | sort >"$2.units"
    sed 's/ tuid="[0-9]*"//' "$3" | sort >"$3.units"
    t_same "$1" "$2.units" "$3.units"
}

stats_of() { # MEMORY OUT: stats --documents without what names the memory or its size
    t_run "stats --documents of $3" 0 "$TAIYAKU" stats --documents --db "$1"
    sed -e '/^bytes /d' -e '/^schema /d' -e '/^memory /d' "$tmp/out" >"$2"
}

if pg_need && pg_start; then
    t_run "an SQLite memory" 0 "$TAIYAKU" import --db m.sqlite "$fx/a.tmx" "$fx/b.tmx"
    t_run "a finding accepted" 0 "$TAIYAKU" check --db m.sqlite --ignore-add 0123456789abcdef
    stats_of m.sqlite want "the original"
    t_run "the original's export" 0 "$TAIYAKU" export --db m.sqlite -o want.tmx
    pg=$(pg_db copy)
    t_run "copy SQLite → PostgreSQL" 0 "$TAIYAKU" copy --db m.sqlite --to "$pg"
    t_grep "says what it copied" '^copied 2 documents, 7 units, [0-9]+ occurrences, 1 accepted findings$' "$tmp/out"
    stats_of "$pg" got "the PostgreSQL copy"
    t_same "the same stats" got want
    t_run "the copy verifies" 0 "$TAIYAKU" stats --verify --db "$pg"
    t_run "copy PostgreSQL → SQLite" 0 "$TAIYAKU" copy --db "$pg" --to back.sqlite
    stats_of back.sqlite got "the round trip"
    t_same "the same stats" got want
    t_run "the round trip's export" 0 "$TAIYAKU" export --db back.sqlite -o got.tmx
    t_same "the same export" got.tmx want.tmx
    t_run "the accepted finding came back" 0 "$TAIYAKU" check --db back.sqlite --ignore-list
    t_grep "listed" '0123456789abcdef' "$tmp/out"
    t_run "the round trip verifies" 0 "$TAIYAKU" stats --verify --db back.sqlite

    # an aligned document: its structure and review marks between SQLite files
    t_run "an aligned memory" 0 "$TAIYAKU" align --no-lexicon --db al.sqlite \
        "$ex/press-conference.ja.txt" "$ex/press-conference.en.txt"
    t_run "a bead accepted" 0 "$TAIYAKU" review --db al.sqlite 1 accept 0
    t_run "two joined" 0 "$TAIYAKU" review --db al.sqlite --user rev 1 join 5 next
    t_run "its history" 0 "$TAIYAKU" review --db al.sqlite 1 history
    cp "$tmp/out" history.want
    stats_of al.sqlite want "the aligned memory"
    t_run "its export" 0 "$TAIYAKU" export --db al.sqlite -o want.tmx
    t_grep "marks the reviewed unit" 'x-taiyaku-reviewed">yes' want.tmx
    t_run "its review list" 0 "$TAIYAKU" review --db al.sqlite 1
    cp "$tmp/out" review.want
    t_run "copy SQLite → SQLite" 0 "$TAIYAKU" copy --db al.sqlite --to al2.sqlite
    t_grep "with the structure" 'the sentence structure of 1 aligned documents' "$tmp/out"
    stats_of al2.sqlite got "the SQLite copy"
    t_same "the same stats" got want
    t_run "the copy's export" 0 "$TAIYAKU" export --db al2.sqlite -o got.tmx
    same_tmx "the same export, review marks and all" got.tmx want.tmx
    t_run "the copy's review list" 0 "$TAIYAKU" review --db al2.sqlite 1
    t_same "the same beads and marks" "$tmp/out" review.want
    pg2=$(pg_db aligned)
    t_run "an aligned memory into PostgreSQL" 0 "$TAIYAKU" copy --force --db al.sqlite --to "$pg2"
    t_grep "with the structure" 'the sentence structure of 1 aligned documents' "$tmp/out"
    t_ok "nothing left out" test ! -s "$tmp/err"
    stats_of "$pg2" got "the PostgreSQL copy"
    t_same "the same stats" got want
    t_run "the PostgreSQL copy verifies" 0 "$TAIYAKU" stats --verify --db "$pg2"
    t_run "its review list" 0 "$TAIYAKU" review --db "$pg2" 1
    sed "s|$pg2|al.sqlite|" "$tmp/out" >review.got
    t_same "the same beads and marks" review.got review.want
    t_run "its history" 0 "$TAIYAKU" review --db "$pg2" 1 history
    t_same "the same edits" "$tmp/out" history.want
    t_run "its export" 0 "$TAIYAKU" export --db "$pg2" -o got.tmx
    same_tmx "the same export, review marks and all" got.tmx want.tmx
    t_run "copy it back" 0 "$TAIYAKU" copy --db "$pg2" --to al3.sqlite
    t_grep "with the structure" 'the sentence structure of 1 aligned documents' "$tmp/out"
    stats_of al3.sqlite got "the copy back"
    t_same "the same stats" got want
    t_run "the copy back verifies" 0 "$TAIYAKU" stats --verify --db al3.sqlite
    t_run "its review list" 0 "$TAIYAKU" review --db al3.sqlite 1
    sed "s|al3.sqlite|al.sqlite|" "$tmp/out" >review.got
    t_same "the same beads and marks" review.got review.want
    t_run "its history" 0 "$TAIYAKU" review --db al3.sqlite 1 history
    t_same "the same edits" "$tmp/out" history.want
    t_run "and it can be edited" 0 "$TAIYAKU" review --db al3.sqlite 1 undo
    t_run "its review list after the undo" 0 "$TAIYAKU" review --db al3.sqlite 1
    t_grep "the join undone" '^6	\[5\]:\[' "$tmp/out"
    # the positions shown are the beads' numbers there too, not the keys the beads have in SQLite
    q='（2）日豪外務・防衛閣僚協議（「２＋２」）の開催'
    t_run "a lookup in the aligned memory" 0 "$TAIYAKU" lookup --db al.sqlite "$q"
    grep ' · confidence' "$tmp/out" >pos.want || :
    t_grep "at bead 9 (10 before the join)" 'press-conference.en.txt:10 ·' pos.want
    t_run "and in the PostgreSQL copy" 0 "$TAIYAKU" lookup --db "$pg2" "$q"
    grep ' · confidence' "$tmp/out" >pos.got || :
    t_same "the same position shown" pos.got pos.want

    # refused
    t_run "into a memory that holds something" 2 "$TAIYAKU" copy --db m.sqlite --to al2.sqlite
    t_grep "is refused in one line" '^taiyaku: al2.sqlite: the target holds a translation memory already \(1 documents' "$tmp/err"
    t_run "into a PostgreSQL memory that holds something" 2 "$TAIYAKU" copy --db m.sqlite --to "$pg"
    t_grep "is refused" 'the target holds a translation memory already \(2 documents' "$tmp/err"
    t_run "into itself" 2 "$TAIYAKU" copy --db m.sqlite --to m.sqlite
    t_grep "is refused" 'the target is the memory copied' "$tmp/err"
    t_run "without --to" 64 "$TAIYAKU" copy --db m.sqlite
    # a failure part way: the second document's text damaged behind taiyaku's back
    cp m.sqlite bad.sqlite
    t_ok "damaged" sqlite3 bad.sqlite "UPDATE unit_text SET ja = CAST(X'ff' AS TEXT) WHERE id =
        (SELECT unit FROM occurrences WHERE document = 2 LIMIT 1)"
    pg3=$(pg_db failed)
    t_run "a copy that fails part way (PostgreSQL)" 2 "$TAIYAKU" copy --db bad.sqlite --to "$pg3"
    t_grep "says why" 'not valid UTF-8' "$tmp/err"
    t_run "leaves an empty memory" 0 "$TAIYAKU" stats --db "$pg3"
    t_grep "no document" '^documents 0$' "$tmp/out"
    t_run "a copy that fails part way (SQLite)" 2 "$TAIYAKU" copy --db bad.sqlite --to none.sqlite
    t_ok "leaves no file" sh -c "! ls -a | grep -q none.sqlite"
fi
t_done
