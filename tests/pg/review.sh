#!/bin/sh
# review.sh — the review on a memory in PostgreSQL answers as on the SQLite memory: the
# bundled example and a pinned alignment put into both with `align --db` (and batch), then the
# documents list, a document's beads (all, --below), the (empty) edit history, the positions the
# consistency checks and lookups show (beads' numbers, not their keys), exports, and a removed
# document's structure gone with it, batch run again with a pair changed replacing it, a TMX
# taiyaku wrote imported with the structure its units tell, byte
# for byte the same; a review edit refused in one line (not yet on PostgreSQL); an older
# PostgreSQL memory (schema 6) gains the structure tables when opened.
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
    t_grep "the new pc3 with its beads" '^8	3	4	1	1	0	pc3\.txt [|] pc3\.txt$' "$tmp/got"
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

    # ---- review edits: not yet on PostgreSQL, refused in one line, nothing changed ----
    t_run "an edit" 2 "$TAIYAKU" review --db "$pgdb" 1 accept 0
    t_grep "says so" 'reviewing a document is not available yet for a memory in PostgreSQL' "$tmp/err"
    t_ok "one line" test "$(wc -l <"$tmp/err")" -eq 1
    both "the document unchanged" 0 review 1

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
