#!/bin/sh
# concurrency.sh — a PostgreSQL memory that several processes write at once: two imports of
# overlapping TMX files run together and end with the memory that one after the other gives
# (units merged, counts, provenance), which verifies; a reader is not blocked while a writer
# holds the memory; the server stopped in the middle of an import: the command says the
# import was rolled back, exits 2, and the memory after a restart is as before.
. "$top_srcdir/tests/setup"
. "$top_srcdir/tests/pg/server"

cd "$tmp"
dump() { # CONNINFO: the memory's content, ids aside, in one canonical order
    "$TY_PG_BIN/psql" -X -At -d "$1" -c "
        SELECT 'unit', ja, en, count, confidence FROM units ORDER BY ja, en" \
        -c "SELECT 'document', name, units, hash FROM documents ORDER BY name" \
        -c "SELECT 'occurrence', d.name, o.position, u.ja FROM occurrences o
            JOIN documents d ON d.id = o.document JOIN units u ON u.id = o.unit
            ORDER BY d.name, o.position" \
        -c "SELECT 'gram', lang, gram, df FROM grams ORDER BY lang, gram"
}

if pg_need && pg_start; then
    # x: articles 1..3000; y: 1..3000 again (shared units) and 3001..4000
    t_tmx articles 3000 >x.tmx
    t_tmx articles 4000 >y.tmx
    serial=$(pg_db serial)
    together=$(pg_db together)
    t_run "x then y, one after the other" 0 sh -c "\"$TAIYAKU\" import --db \"$serial\" x.tmx &&
        \"$TAIYAKU\" import --db \"$serial\" y.tmx"
    st1=0 st2=0
    "$TAIYAKU" import --db "$together" x.tmx >out1 2>err1 & p1=$!
    "$TAIYAKU" import --db "$together" y.tmx >out2 2>err2 & p2=$!
    wait $p1 || st1=$?
    wait $p2 || st2=$?
    t_ok "x and y at the same time: both succeed" test "$st1" -eq 0 -a "$st2" -eq 0
    cat err1 err2 | sed 's/^/#   /'
    dump "$serial" >serial.dump
    dump "$together" >together.dump
    t_same "the same memory as one after the other" together.dump serial.dump
    t_ok "4000 units, the shared 3000 counted twice" test \
        "$(grep -c '^unit|' together.dump)" -eq 4000 -a \
        "$(grep -c '^unit|[^|]*|[^|]*|2|' together.dump)" -eq 3000
    # the postings of 4,000 units cross several COPY chunks: their entries, lengths and the
    # trigram counts agree with the units
    t_run "the memory written together verifies" 0 "$TAIYAKU" stats --verify --db "$together"

    # a writer holds the memory (the lock an import's merge takes) while a reader reads
    "$TY_PG_BIN/psql" -X -q -d "$together" -c "BEGIN; LOCK TABLE documents IN SHARE ROW
        EXCLUSIVE MODE; SELECT pg_sleep(6); COMMIT" >/dev/null 2>&1 & locker=$!
    sleep 1
    t_run "a lookup while a writer holds the memory" 0 timeout 4 "$TAIYAKU" lookup \
        --db "$together" --json 第12条 会議は12回目の議題を審議した。
    t_grep "is answered" '"score":100' "$tmp/out"
    t_run "stats too" 0 timeout 4 "$TAIYAKU" stats --db "$together"
    wait $locker || true

    # the server goes away in the middle of an import
    t_tmx reports 150000 >big.tmx
    "$TAIYAKU" stats --db "$serial" --documents | grep -v '^bytes ' >before
    st=0
    "$TAIYAKU" import --db "$serial" big.tmx >bout 2>berr & imp=$!
    n=0
    until "$TY_PG_BIN/psql" -X -At -d "$TY_PG_ADMIN" -c "SELECT count(*) FROM pg_stat_activity
            WHERE query LIKE 'COPY stage%'" 2>/dev/null | grep -q '^1$' || [ $n -ge 600 ]; do
        sleep 0.1
        n=$((n + 1))
    done
    sleep 0.5
    pg_stop immediate
    wait $imp || st=$?
    t_ok "the import with the server gone exits 2" test "$st" -eq 2
    t_grep "and says the import was rolled back" \
        'the import was rolled back: ([a-z ]+: )?(the connection to the server was lost|server closed the connection)' berr
    t_ok "on one line" test "$(wc -l <berr)" -eq 1
    pg_restart
    t_run "after a restart" 0 "$TAIYAKU" stats --db "$serial" --documents
    grep -v '^bytes ' "$tmp/out" >after
    t_same "the memory is as before" after before
fi
t_done
