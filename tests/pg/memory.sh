#!/bin/sh
# memory.sh — a memory in PostgreSQL answers as the SQLite memory does: the same TMX files
# imported into both (the same import report, unit merging, document ids, re-imports that add
# nothing), the same stats and documents, stats --verify (and what it finds in a damaged
# memory), the same exact and fuzzy lookups in both languages, the same TMX exports (each
# filter), concordances and removals;
# align --db and batch (run twice: the pair is not stored again) into both alike (the
# consistency commands: consistency.sh). Then the refused cases: a database that holds
# something else, a schema from a newer taiyaku, a wrong password, a memory that is not there,
# a re-alignment of no such document (the review and its edits: review.sh).
. "$top_srcdir/tests/setup"
. "$top_srcdir/tests/pg/server"

fx="$top_srcdir/tests/cli/data/tm"
SOURCE_DATE_EPOCH=1714554000 # 2024-05-01T09:00:00Z
export SOURCE_DATE_EPOCH
cd "$tmp"
cp "$fx/a.tmx" "$fx/b.tmx" .

both() { pg_both "$@"; }

if pg_need && pg_start; then
    pgdb=$(pg_db tm)
    pgname="postgresql://taiyaku@$TY_PG_HOST/tm"
    both "import two files" 0 import a.tmx b.tmx
    t_grep "the report counts added and merged units" 'added' "$tmp/got"
    both "import one again" 0 import a.tmx
    t_grep "nothing is added twice" 'already in the memory' "$tmp/got"
    both "stats --documents" 0 stats --documents
    t_grep "7 units" '^units 7$' "$tmp/got"
    both "stats --verify" 0 stats --verify
    # damage the PostgreSQL memory behind taiyaku's back: verify names it
    "$TY_PG_BIN/psql" -X -q -d "$pgdb" -c "CREATE TABLE keep AS SELECT * FROM units"
    "$TY_PG_BIN/psql" -X -q -d "$pgdb" -c "UPDATE units SET ja_norm = 'x' WHERE id = 2"
    t_run "stats --verify of a damaged text" 2 "$TAIYAKU" stats --verify --db "$pgdb"
    t_grep "names the unit and where it is" "texts: unit 2 \(document 'a.tmx', position 2\): the normalized Japanese text does not match" "$tmp/err"
    "$TY_PG_BIN/psql" -X -q -d "$pgdb" -c "UPDATE units u SET ja_norm = k.ja_norm, count = 5
        FROM keep k WHERE k.id = u.id AND u.id = 2"
    t_run "stats --verify of a wrong count" 2 "$TAIYAKU" stats --verify --db "$pgdb"
    t_grep "names it" "counts: unit 2 has count 5 but 1 occurrences" "$tmp/err"
    "$TY_PG_BIN/psql" -X -q -d "$pgdb" -c "UPDATE units u SET count = k.count FROM keep k
        WHERE k.id = u.id; DROP TABLE keep; UPDATE grams SET df = df + 1 WHERE gram = (SELECT
        min(gram) FROM grams)"
    t_run "stats --verify of a trigram count off" 2 "$TAIYAKU" stats --verify --db "$pgdb"
    t_grep "names it" "search index: trigram -?[0-9]+ counted in [0-9]+ units, indexed in" "$tmp/err"
    "$TY_PG_BIN/psql" -X -q -d "$pgdb" -c "UPDATE grams SET df = df - 1 WHERE gram = (SELECT
        min(gram) FROM grams)"
    t_run "repaired, it verifies" 0 "$TAIYAKU" stats --verify --db "$pgdb"
    "$TY_PG_BIN/psql" -X -q -d "$pgdb" -c "UPDATE postings SET entries = set_byte(entries, 5,
        get_byte(entries, 5) # 1) WHERE (lang, gram, first) = (SELECT lang, gram, first FROM
        postings ORDER BY 1, 2, 3 LIMIT 1)"
    t_run "stats --verify of a posting's length off" 2 "$TAIYAKU" stats --verify --db "$pgdb"
    t_grep "names it" "search index: trigram -?[0-9]+ gives unit [0-9]+ the length [0-9]+, not [0-9]+" "$tmp/err"
    # a memory of schema 4 (postings as int4[] of ids) is upgraded when opened, the entries as
    # an import writes them (the lookups below compare its answers with SQLite's)
    "$TY_PG_BIN/psql" -X -q -d "$pgdb" -c "ALTER TABLE postings ADD COLUMN ids integer[];
        UPDATE postings SET ids = ARRAY(SELECT (get_byte(entries, k) << 24) |
        (get_byte(entries, k + 1) << 16) | (get_byte(entries, k + 2) << 8) |
        get_byte(entries, k + 3) FROM generate_series(0, length(entries) - 6, 6) AS k ORDER BY k);
        ALTER TABLE postings DROP COLUMN entries; DROP TABLE norm_ja, norm_en;
        DROP TABLE alignments, sentences, beads, edits; UPDATE taiyaku_schema SET version = 4"
    t_run "a lookup opens a schema-4 memory" 0 "$TAIYAKU" lookup --db "$pgdb" 法
    t_run "to schema 7" 0 "$TAIYAKU" stats --db "$pgdb"
    t_grep "says 7" '^schema 7$' "$tmp/out"
    t_run "the upgraded memory verifies" 0 "$TAIYAKU" stats --verify --db "$pgdb"
    # the narrow texts lookups read (norm_ja, norm_en): verify names a copy that disagrees
    "$TY_PG_BIN/psql" -X -q -d "$pgdb" -c "UPDATE norm_ja SET norm = 'x' WHERE id = 3"
    t_run "stats --verify of a search text off" 2 "$TAIYAKU" stats --verify --db "$pgdb"
    t_grep "names it" "search texts: unit 3: norm_ja holds another text or count" "$tmp/err"
    "$TY_PG_BIN/psql" -X -q -d "$pgdb" -c "UPDATE norm_ja n SET norm = coalesce(u.ja_norm, u.ja)
        FROM units u WHERE u.id = n.id; DELETE FROM norm_en WHERE id = 4"
    t_run "stats --verify of a search text missing" 2 "$TAIYAKU" stats --verify --db "$pgdb"
    t_grep "names it" "search texts: unit 4: not in norm_en" "$tmp/err"
    # a memory of schema 5 (without them) gains them when opened: the lookups below, its
    # first, compare its answers with SQLite's
    "$TY_PG_BIN/psql" -X -q -d "$pgdb" -c "DROP TABLE norm_ja, norm_en;
        DROP TABLE alignments, sentences, beads, edits; UPDATE taiyaku_schema SET version = 5"
    both "fuzzy lookup" 0 lookup --color never 法の支配に基づく自由で開かれた国際秩序を堅持する
    t_grep "it finds fuzzy matches" '9[0-9]%' "$tmp/got"
    t_run "schema 5 upgraded" 0 "$TAIYAKU" stats --verify --db "$pgdb"
    t_grep "to 7" '^schema 7$' "$tmp/out"
    both "lookup with another number (JSON)" 0 lookup --json 予算は1,000円です。
    both "exact lookup" 0 lookup --json --min 100 予算は２，０００円です。
    for q in "the rule of law" "budget of 1,000 yen" "free and open"; do
        both "English lookup '$q'" 0 lookup --json --from en "$q"
    done
    both "a query in no unit" 0 lookup --json 全然関係のない文
    # export: the whole memory and each filter, the same TMX from both
    both "export" 0 export -o -
    t_grep "holds the units" '<tu tuid=' "$tmp/got"
    both "export --document" 0 export -o - --document b.tmx
    both "export --min-confidence" 0 export -o - --min-confidence 0.85
    t_ok "leaves the less confident out" sh -c "grep -q '>0.950<' '$tmp/got' && ! grep -q '>0.700<' '$tmp/got'"
    both "export --since, before the imports" 0 export -o - --since 2024-05-01
    both "export --since, after them" 0 export -o - --since 2024-05-01T09:00:01Z
    t_ok "exports none" sh -c "! grep -q '<tu ' '$tmp/got'"
    both "export --reviewed-only" 0 export -o - --reviewed-only
    # concordance: long and short patterns, each side, the limit, JSON and text
    both "concord" 0 concord --json 法の支配
    t_grep "finds them" '"unit":' "$tmp/got"
    both "concord of one character" 0 concord --json 法
    both "concord of two, as text" 0 concord --color never 予算
    both "concord in English" 0 concord --json --lang en "rule of"
    both "concord with a limit" 0 concord --json -n 1 法
    t_grep "says there is more" '"more":true' "$tmp/got"
    both "concord of nothing held" 0 concord --json 全然関係
    # many candidates, in two imports (two postings rows a trigram): the 1,500 holding every
    # trigram of the query, ranked first, are too long for its window (the lengths the
    # postings hold say so) and the 600 behind them fit
    many() { # COUNT JAPANESE ENGLISH: a TMX of COUNT units, each text followed by its number
        awk -v n="$1" -v ja="$2" -v en="$3" 'BEGIN {
            print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header " \
                "creationtool=\"t\" creationtoolversion=\"1\" datatype=\"plaintext\" " \
                "segtype=\"sentence\" adminlang=\"en\" srclang=\"ja-JP\" o-tmf=\"t\"/><body>"
            for (i = 1; i <= n; i++)
                printf "<tu><tuv xml:lang=\"ja-JP\"><seg>%s%d</seg></tuv><tuv " \
                    "xml:lang=\"en-US\"><seg>%s %d</seg></tuv></tu>\n", ja, i, en, i
            print "</body></tmx>" }'
    }
    long=補足説明の文章がここに長く続きますが本件とは関係がありません。以下は参考資料の一覧と注記です。
    tokyo="The regular session of the Tokyo assembly held its first deliberation"
    many 1500 "東京都議会の定例会は第一回目の審議を行いました。$long" "$tokyo and then went on \
about matters of no concern to this record at great length, item" >many1.tmx
    many 600 "東京都議会の定例会は第一回目の審議を行った" \
        "The regular session of the Kyoto assembly held its first deliberation item" >many2.tmx
    both "import many candidates" 0 import many1.tmx many2.tmx
    both "a lookup with many candidates" 0 lookup --json 東京都議会の定例会は第一回目の審議を行いました。
    t_grep "finds the short ones" '"score":[7-9][0-9]' "$tmp/got"
    both "an English lookup with many candidates" 0 lookup --json --from en "$tokyo"
    t_grep "finds the short ones" '"score":[7-9][0-9]' "$tmp/got"
    both "export of more units than a batch of rows" 0 export -o -
    both "concord of all of many" 0 concord --json -n 0 --lang ja 定例会
    # remove: a document whose units another one also holds (counted down) and whose own go
    # (their postings and trigram counts too: verify checks them), then one of the two imports
    # whose units share the trigrams' postings, then an import of the first again (new ids)
    both "remove a document" 0 remove a.tmx
    t_grep "some units go, some stay" 'units: [1-9][0-9]* deleted, [1-9][0-9]* kept' "$tmp/got"
    both "the memory after remove" 0 stats --documents
    both "verified after remove" 0 stats --verify
    both "a lookup after remove" 0 lookup --json 法の支配に基づく自由で開かれた国際秩序を堅持する
    both "the export after remove" 0 export -o -
    both "a concordance after remove" 0 concord --json 法
    both "remove one import of many" 0 remove many1.tmx
    both "verified after that" 0 stats --verify
    both "a lookup in what is left" 0 lookup --json 東京都議会の定例会は第一回目の審議を行いました。
    both "an English lookup in what is left" 0 lookup --json --from en "$tokyo"
    both "import the removed one again" 0 import a.tmx
    both "the export then" 0 export -o -
    both "remove what is not there" 2 remove nosuch.tmx
    # align --db and batch store into either backend alike
    ex="$top_srcdir/examples"
    pgdb=$(pg_db aligned)
    pgname="postgresql://taiyaku@$TY_PG_HOST/aligned"
    rm -f "$tmp/m.sqlite"
    both "align --db" 0 align --no-lexicon "$ex/press-conference.ja.txt" \
        "$ex/press-conference.en.txt"
    both "the aligned memory's stats" 0 stats
    t_grep "holds the beads" '^units [1-9]' "$tmp/got"
    both "a lookup in it" 0 lookup --json 冒頭発言
    mkdir -p ja en
    cp "$ex/press-conference.ja.txt" ja/a.txt
    cp "$ex/press-conference.en.txt" en/a.txt
    pgdb=$(pg_db batch)
    pgname="postgresql://taiyaku@$TY_PG_HOST/batch"
    rm -f "$tmp/m.sqlite"
    both "batch" 0 batch --no-lexicon --quiet ja en
    both "batch again: the pair is there" 0 batch --no-lexicon --quiet ja en
    t_grep "unchanged" '1 unchanged' "$tmp/got"

    # an import into an empty memory drops the secondary indexes and makes them again after
    # its rows when its role owns the tables; a role that may only write rows keeps them
    indexes() { # CONNINFO
        "$TY_PG_BIN/psql" -X -At -d "$1" -c "SELECT string_agg(indexname, ' ' ORDER BY
            indexname) FROM pg_indexes WHERE schemaname = 'public' AND tablename IN ('units',
            'occurrences') AND indexname NOT LIKE '%_pkey'" >"$tmp/got"
    }
    emptied=$(pg_db emptied)
    t_run "an import into an empty memory" 0 "$TAIYAKU" import --db "$emptied" a.tmx
    indexes "$emptied"
    t_grep "has its indexes again" '^occurrences_unit units_en_hash units_ja_hash$' "$tmp/got"
    t_run "verifies" 0 "$TAIYAKU" stats --verify --db "$emptied"
    t_run "emptied" 0 "$TAIYAKU" remove --db "$emptied" a.tmx
    pg_sql "CREATE ROLE writer LOGIN"
    "$TY_PG_BIN/psql" -X -q -d "$emptied" -c "GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN
        SCHEMA public TO writer"
    t_run "an import into it by a role that does not own the tables" 0 "$TAIYAKU" import \
        --db "host=$TY_PG_HOST user=writer dbname=emptied" a.tmx
    t_grep "adds the units" 'added' "$tmp/out"
    indexes "$emptied"
    t_grep "the indexes kept" '^occurrences_unit units_en_hash units_ja_hash$' "$tmp/got"
    t_run "verifies" 0 "$TAIYAKU" stats --verify --db "$emptied"

    # ---- refused ----
    other=$(pg_db other)
    "$TY_PG_BIN/psql" -X -q -d "$other" -c "CREATE TABLE invoices(id int)"
    t_run "a database that holds something else" 2 "$TAIYAKU" import --db "$other" a.tmx
    t_grep "is refused, saying so" 'not a taiyaku translation memory \(the database holds 1 other table\)' "$tmp/err"
    t_run "and is left as it was" 0 "$TY_PG_BIN/psql" -X -At -d "$other" \
        -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
    t_grep "one table" '^1$' "$tmp/out"
    newer=$(pg_db newer)
    t_run "a memory to make newer" 0 "$TAIYAKU" import --db "$newer" a.tmx
    "$TY_PG_BIN/psql" -X -q -d "$newer" -c "UPDATE taiyaku_schema SET version = version + 1"
    t_run "a schema from a newer taiyaku" 2 "$TAIYAKU" lookup --db "$newer" 法
    t_grep "is refused, saying so" 'schema version [0-9]+ is newer than this taiyaku supports' "$tmp/err"
    "$TY_PG_BIN/psql" -X -q -d "$newer" -c "UPDATE taiyaku_schema SET application = 'x'"
    t_run "another application's schema table" 2 "$TAIYAKU" stats --db "$newer"
    t_grep "is refused" "not a taiyaku translation memory" "$tmp/err"
    t_run "a wrong password" 2 env PGPASSWORD=wrong "$TAIYAKU" stats \
        --db "postgresql://secret@/tm?host=$TY_PG_HOST"
    t_grep "is one line naming the memory, without the password" \
        "^taiyaku: postgresql://secret@$TY_PG_HOST/tm: cannot connect: .*password authentication failed" "$tmp/err"
    t_run "the right password" 0 env PGPASSWORD=right "$TAIYAKU" stats \
        --db "postgresql://secret@/tm?host=$TY_PG_HOST"
    t_run "a password in the URL" 2 "$TAIYAKU" stats \
        --db "postgresql://secret:wrong@/tm?host=$TY_PG_HOST"
    t_ok "is never shown" sh -c "! grep -q wrong '$tmp/err'"
    empty=$(pg_db empty)
    t_run "an empty database without an import" 2 "$TAIYAKU" lookup --db "$empty" 法
    t_grep "has no memory" 'no translation memory in this database' "$tmp/err"
    t_run "a database that does not exist" 2 "$TAIYAKU" lookup --db "host=$TY_PG_HOST user=taiyaku dbname=nosuch" 法
    t_grep "cannot connect" 'cannot connect: .*nosuch' "$tmp/err"
    t_run "a re-alignment of no such document" 2 "$TAIYAKU" review --db "$pgdb" 9 \
        realign
    t_grep "says why" 'no document 9$' "$tmp/err"
    t_ok "one line" test "$(wc -l <"$tmp/err")" -eq 1
fi
t_done
