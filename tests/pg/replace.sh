#!/bin/sh
# replace.sh — `taiyaku batch` into a PostgreSQL memory replaces a pair whose text changed in
# one transaction. Held in the middle of the replace (another session holds the earlier
# version's occurrences, so the removal waits with the new version stored): the server
# stopped there, the command says the import was rolled back and exits 2, and after a restart
# the memory holds the earlier version alone (one document, its id, its title found by an exact
# lookup, `stats --verify` passes); the batch killed there instead, the same once the session
# lets go. The run after them leaves the new version alone. The pair is the bundled example.
. "$top_srcdir/tests/setup"
. "$top_srcdir/tests/pg/server"

ex="$top_srcdir/examples/press-conference"
cd "$tmp"
# the server runs with synchronous_commit off (tests/pg/server): this test's sessions wait for
# their commits to be written, so that stopping the server keeps every committed transaction
PGOPTIONS="-c synchronous_commit=on"
export PGOPTIONS
psql_() { "$TY_PG_BIN/psql" -X -At "$@"; }

until_seen() { # SQL: wait (at most 60 s) until the count SQL gives is 1
    n=0
    until psql_ -d "$TY_PG_ADMIN" -c "$1" 2>/dev/null | grep -q '^1$' || [ $n -ge 600 ]; do
        sleep 0.1
        n=$((n + 1))
    done
    [ $n -lt 600 ]
}

hold() { # another session holds the earlier version's occurrences for at most 60 s
    psql_ -q -d "$db" -c "BEGIN; SELECT count(*) FROM (SELECT 1 FROM occurrences WHERE
        document = $earlier FOR UPDATE) x; SELECT pg_sleep(60); COMMIT" >/dev/null 2>&1 &
    holder=$!
    until_seen "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(60)%'
        AND state = 'active' AND pid <> pg_backend_pid()"
}

replace_held() { # WHEN: the batch started, waiting in the removal of the earlier version
    "$TAIYAKU" batch --db "$db" -q --force --pairs pairs.tsv >bout 2>berr &
    batch=$!
    t_ok "$1: the replace waits with the new version stored" until_seen "SELECT count(*) FROM
        pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%DELETE FROM occurrences%'"
}

one_version() { # WHEN ID TITLE: one document, id ID; the title found (TITLE 1) or not (0)
    t_run "$1: stats --verify" 0 "$TAIYAKU" stats --db "$db" --verify
    t_grep "$1: verified ok" '^verified ok' out
    t_grep "$1: one document" '^documents 1$' out
    t_run "$1: the documents" 0 "$TAIYAKU" stats --db "$db" --documents
    t_grep "$1: it is document $2" "^ +$2 .* ja/x.txt \| en/x.txt$" out
    t_run "$1: an exact lookup of the first version's title" 0 "$TAIYAKU" lookup --db "$db" \
        --min 100 "$title"
    if [ "$3" -eq 1 ]; then
        t_grep "$1: finds it" '^  100%' out
    else
        t_ok "$1: finds nothing" sh -c "! grep -q '^  100%' '$tmp/out'"
    fi
}

if pg_need && pg_start; then
    db=$(pg_db replace)
    mkdir -p ja en
    cp "$ex.ja.txt" ja/x.txt
    cp "$ex.en.txt" en/x.txt
    printf 'ja/x.txt\ten/x.txt\n' >pairs.tsv
    title=$(sed -n 1p ja/x.txt)
    t_run "the first version" 0 "$TAIYAKU" batch --db "$db" -q --force --pairs pairs.tsv
    earlier=$(psql_ -d "$db" -c "SELECT id FROM documents")
    # the new version: the title line left out on both sides
    sed -i 1d ja/x.txt
    sed -i 1d en/x.txt

    hold
    replace_held "the server stopped"
    pg_stop immediate
    st=0
    wait $batch || st=$?
    wait $holder || true
    t_ok "the server stopped: the batch exits 2" test "$st" -eq 2
    t_grep "and says the import was rolled back" 'the import was rolled back' berr
    pg_restart
    one_version "the server stopped" "$earlier" 1

    hold
    replace_held "the batch killed"
    kill -9 $batch
    wait $batch 2>/dev/null || true
    psql_ -d "$TY_PG_ADMIN" -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE query LIKE '%pg_sleep(60)%' AND pid <> pg_backend_pid()" >/dev/null
    wait $holder 2>/dev/null || true
    t_ok "the batch killed: its session ends" until_seen "SELECT (count(*) = 0)::int FROM
        pg_stat_activity WHERE query LIKE '%DELETE FROM occurrences%' AND pid <> pg_backend_pid()"
    one_version "the batch killed" "$earlier" 1

    t_run "the run after" 0 "$TAIYAKU" batch --db "$db" --force --pairs pairs.tsv
    t_grep "replaces the pair" '^1 pairs: 0 stored, 1 replaced, 0 unchanged' out
    one_version "the run after" "$((earlier + 1))" 0
fi
t_done
