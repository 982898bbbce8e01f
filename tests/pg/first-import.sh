#!/bin/sh
# first-import.sh — the first import into an empty PostgreSQL memory (the direct import of
# pg_store.c: it holds the writers' lock from its start and writes the units while it reads)
# blocks no reader: held while it reads its input (a fifo that stops half-way) and again at its
# end (a session holding `grams` so that its trigram counts wait), `stats` and `lookup` answer
# from the memory as it was (empty), and the import then ends with the memory that the merge of
# staged units (an import into a memory that is not empty) gives. The server stopped in the middle of a first import: rolled back, said on one line,
# exit 2. (concurrency.sh: two imports at once into an empty memory.)
. "$top_srcdir/tests/setup"
. "$top_srcdir/tests/pg/server"

cd "$tmp"
dump() { # CONNINFO: the memory's content, ids aside, in one canonical order
    "$TY_PG_BIN/psql" -X -At -d "$1" -c "
        SELECT 'unit', u.ja, u.en, u.ja_hash, u.en_hash, u.ja_len, u.en_len, u.confidence,
        u.shape, u.count, u.ja_norm, u.en_norm, j.count, j.norm, e.count, e.norm FROM units u
        JOIN norm_ja j ON j.id = u.id JOIN norm_en e ON e.id = u.id ORDER BY u.ja, u.en" \
        -c "SELECT 'occurrence', d.name, o.position, u.ja, u.en, o.confidence, o.shape, o.tuid,
            o.props FROM occurrences o JOIN documents d ON d.id = o.document
            JOIN units u ON u.id = o.unit ORDER BY d.name, o.position" \
        -c "SELECT 'document', name, units FROM documents ORDER BY name" \
        -c "SELECT 'gram', lang, gram, df FROM grams ORDER BY lang, gram"
}
until_sql() { # CONNINFO QUERY: until QUERY answers t (at most 60 s)
    n=0
    until [ "$("$TY_PG_BIN/psql" -X -At -d "$1" -c "$2" 2>/dev/null)" = t ] || [ $n -ge 600 ]; do
        sleep 0.1
        n=$((n + 1))
    done
}

if pg_need && pg_start; then
    # 2,000 articles, the first 1,000 twice, with properties and confidences: the second
    # time higher (odd lines), absent (2, 6, 10, ...) or the same
    props='<prop type="x-confidence">0.5<\/prop><prop type="x-n">1<\/prop>'
    t_tmx articles 2000 | sed "s/^<tu>/<tu>$props/" >a.tmx
    head -n 2 a.tmx >half1
    sed -n '3,1002p' a.tmx >>half1
    sed -n '1003,2002p' a.tmx >rest
    sed -n '3,1002p' a.tmx | sed '1~2s/>0\.5</>0.875</; 2~4s/<prop type="x-confidence">0.5<\/prop>//' >>rest
    tail -n 1 a.tmx >>rest
    cat half1 rest >whole.tmx
    t_tmx reports 1 >y.tmx
    # the same units imported into a memory that is not empty: the merge of staged units
    staged=$(pg_db staged)
    t_run "an import into a memory that is not empty" 0 sh -c "\"$TAIYAKU\" import --db \
        \"$staged\" y.tmx && \"$TAIYAKU\" import --db \"$staged\" --name a.tmx whole.tmx"
    t_grep "its units grouped" '3000 units: 2000 added, 1000 merged' "$tmp/out"

    held=$(pg_db held)
    mkfifo in.fifo ctl.fifo
    { cat half1; while [ ! -f go ]; do sleep 0.1; done; cat rest; } >in.fifo &
    writer=$!
    st=0
    "$TAIYAKU" import --db "$held" --name a.tmx in.fifo >iout 2>ierr & imp=$!
    # the import has begun when its schema is there and it holds the writers' lock
    until_sql "$held" "SELECT count(*) = 1 FROM pg_locks WHERE relation =
        to_regclass('documents') AND mode = 'ShareRowExclusiveLock'"
    t_run "stats while a first import reads its input" 0 timeout 10 "$TAIYAKU" stats \
        --db "$held"
    t_grep "the memory as it was: empty" '^units +0$' "$tmp/out"
    t_run "a lookup too" 0 timeout 10 "$TAIYAKU" lookup --db "$held" --json 第12条
    # a session holds grams: the import's trigram counts wait for it
    "$TY_PG_BIN/psql" -X -q -d "$held" <ctl.fifo >/dev/null 2>&1 &
    locker=$!
    exec 3>ctl.fifo
    echo "BEGIN; LOCK TABLE grams IN SHARE MODE;" >&3
    until_sql "$held" "SELECT count(*) = 1 FROM pg_locks WHERE relation = to_regclass('grams')
        AND mode = 'ShareLock' AND granted"
    touch go
    until_sql "$held" "SELECT count(*) = 1 FROM pg_locks WHERE relation = to_regclass('grams')
        AND NOT granted"
    t_ok "the import waits at its end" test -z "$(cat iout)"
    t_run "stats while a first import ends" 0 timeout 10 "$TAIYAKU" stats --db "$held"
    t_grep "the memory as it was" '^units +0$' "$tmp/out"
    t_run "a lookup too" 0 timeout 10 "$TAIYAKU" lookup --db "$held" --json 第12条
    echo "COMMIT;" >&3
    exec 3>&-
    wait $locker || true
    wait $imp || st=$?
    kill $writer 2>/dev/null || true # still waiting for a reader when the import failed early
    wait $writer || true
    t_ok "the held import succeeds" test "$st" -eq 0
    sed 's/^/#   /' ierr
    t_grep "its units grouped" '3000 units: 2000 added, 1000 merged' iout
    t_run "the other import" 0 "$TAIYAKU" import --db "$held" y.tmx
    dump "$staged" >staged.dump
    dump "$held" >held.dump
    t_same "the same memory as the staged merge gives" held.dump staged.dump
    t_ok "2001 units, 1000 of them twice, confidences the highest" test \
        "$(grep -c '^unit|' held.dump)" -eq 2001 -a \
        "$(grep -c '^unit|[^|]*|[^|]*|[^|]*|[^|]*|[^|]*|[^|]*|0\.875[0-9]*|[^|]*|2|' held.dump)" \
        -eq 500 -a "$(grep -c '^unit|[^|]*|[^|]*|[^|]*|[^|]*|[^|]*|[^|]*|0\.5|[^|]*|2|' \
        held.dump)" -eq 500
    t_run "it verifies" 0 "$TAIYAKU" stats --verify --db "$held"

    # the server goes away in the middle of a first import
    gone=$(pg_db gone)
    t_tmx reports 150000 >big.tmx
    st=0
    "$TAIYAKU" import --db "$gone" big.tmx >bout 2>berr & imp=$!
    until_sql "$gone" "SELECT count(*) = 1 FROM pg_stat_activity WHERE query ~
        '^COPY (units|occurrences|norm_)'"
    # the schema the import made, committed on its own, is on disk (the test server commits
    # without waiting for the WAL): only the import's own transaction is lost
    pg_sql "CHECKPOINT"
    pg_stop immediate
    wait $imp || st=$?
    t_ok "a first import with the server gone exits 2" test "$st" -eq 2
    # libpq words it by when it notices the end of the connection: lost, or closed
    t_grep "and says it was rolled back" \
        'the import was rolled back: (the connection to the server was lost|server closed the connection)' berr
    t_ok "on one line" test "$(wc -l <berr)" -eq 1
    pg_restart
    t_run "after a restart" 0 "$TAIYAKU" stats --db "$gone"
    t_grep "the memory is empty" '^units +0$' "$tmp/out"
fi
t_done
