#!/bin/sh
# consistency.sh — the consistency commands answer on a memory in PostgreSQL as on the SQLite
# memory: the same data put into both (the six press-conference pairs of tests/cli/data/
# consistency and the bundled example aligned with `align --db`; a TMX with the aligner's
# confidences; a TMX with a double space and a bracket left open), then `check` on each (the
# whole memory, every check, one document, --json, --checks, --min-confidence), the findings
# accepted, listed, left out and removed again, a new translation checked against a memory of
# pc1-3, with the same output byte for byte.
. "$top_srcdir/tests/setup"
. "$top_srcdir/tests/pg/server"

data="$top_srcdir/tests/cli/data/consistency"
ex="$top_srcdir/examples"
lex="--no-lexicon -x $data/glossary.tsv"
phrase='法の支配に基づく自由で開かれた国際秩序'
SOURCE_DATE_EPOCH=1714554000 # 2024-05-01T09:00:00Z: the accepted findings' time
export SOURCE_DATE_EPOCH
cd "$tmp"
cp "$data"/pc*.txt "$ex"/press-conference.ja.txt "$ex"/press-conference.en.txt .

both() { # NAME STATUS ARGS...: the command on both memories, the same status and output
    b_name=$1 b_want=$2
    shift 2
    t_run "$b_name (SQLite)" "$b_want" "$TAIYAKU" "$@" --db "$tmp/$sq"
    sed -e "s|$tmp/$sq|MEMORY|g" -e "s|$sq|MEMORY|g" "$tmp/out" >"$tmp/want"
    t_run "$b_name (PostgreSQL)" "$b_want" "$TAIYAKU" "$@" --db "$pgdb"
    sed -e "s|$pgname|MEMORY|g" -e "s|$pgdb|MEMORY|g" "$tmp/out" >"$tmp/got"
    t_same "$b_name: the same output" "$tmp/got" "$tmp/want"
}

use() { # NAME: the memories the next commands run on (c.sqlite and database c, ...)
    sq=$1.sqlite
    pgdb=$(pg_db "$1")
    pgname="postgresql://taiyaku@$TY_PG_HOST/$1"
}

if pg_need && pg_start; then
    use c
    for i in 1 2 3 4 5 6; do
        both "align pc$i into the memory" 0 align --no-lexicon pc$i.ja.txt pc$i.en.txt
    done
    both "align the bundled example" 0 align --no-lexicon press-conference.ja.txt \
        press-conference.en.txt

    # ---- check ----
    both "check" 1 check --color never --checks same-ja,same-en,numbers
    t_grep "finds the renderings and the number" '^3 findings: 0 errors, 1 warning, 2 info' "$tmp/got"
    both "check, every check" 1 check --color never $lex
    both "check --json" 1 check --json --checks same-ja,same-en,numbers
    t_grep "JSON counts" '"counts":\{"same-ja":1,"same-en":1,"numbers":1,' "$tmp/got"
    both "check --json, every check" 1 check --json $lex
    both "check --document pc6" 1 check --color never --checks same-ja,same-en,numbers \
        --document 'pc6.ja.txt | pc6.en.txt'
    t_grep "only pc6's finding" '^1 finding: .*49 units checked$' "$tmp/got"
    both "check --document pc5: nothing" 0 check --checks same-ja,same-en,numbers \
        --document 'pc5.ja.txt | pc5.en.txt'
    both "check --document of every check" 1 check --json $lex --document 'pc6.ja.txt | pc6.en.txt'
    both "check --document of every check, the bundled example" 0 check --json $lex \
        --document 'press-conference.ja.txt | press-conference.en.txt'
    both "check --document of no document" 2 check --document nosuch
    t_grep "names it" "no document named 'nosuch'" "$tmp/err"

    # ---- phrase ----
    both "phrase" 0 phrase $lex --color never "$phrase"
    t_grep "its renderings" '^ *50%  free and open international order based on the rule of law' "$tmp/got"
    both "phrase --json" 0 phrase $lex --json "$phrase"
    both "phrase --tsv" 0 phrase $lex --tsv "$phrase"
    both "phrase --from en" 0 phrase $lex --color never --from en Minister Motegi
    t_grep "the English phrase's Japanese rendering" '^  100%  茂木外務大臣$' "$tmp/got"
    both "phrase of two characters" 0 phrase $lex --json 会見
    both "phrase of one character" 0 phrase $lex --json 法
    both "phrase --max-units 2" 0 phrase $lex --json --max-units 2 "$phrase"
    both "phrase --html" 0 phrase $lex --html p.html "$phrase"
    t_run "the same HTML page" 0 sh -c "sed 's/taiyaku [0-9][^ ]*//' p.html >p1; $TAIYAKU phrase \
        --db $sq $lex --html p.html '$phrase' && sed 's/taiyaku [0-9][^ ]*//' p.html >p2 && cmp p1 p2"
    both "a phrase not in the memory" 0 phrase $lex 存在しない表現
    t_grep "says so" '^no unit of the memory contains it$' "$tmp/got"

    # ---- phrases ----
    both "phrases" 0 phrases $lex --color never
    t_grep "finds the recurring phrase" "$phrase" "$tmp/got"
    both "phrases --tsv --sort share" 0 phrases $lex --tsv --sort share
    both "phrases --json -n 1" 0 phrases $lex --json -n 1
    both "phrases --format tbx" 0 phrases --no-lexicon --format tbx -o -
    both "phrases --min-docs 2 --max-words 4" 0 phrases $lex --json --min-docs 2 --max-words 4

    # ---- accepted findings ----
    both "check, for a finding's id" 1 check --color never --checks numbers
    id=$(sed -n 's/^WARNING  numbers  .*\[\([0-9a-f]\{16\}\)\]$/\1/p' "$tmp/got")
    t_ok "a numbers finding" test -n "$id"
    both "--ignore-add" 0 check --ignore-add "$id" --note 'both fine' --by rev
    t_grep "says so" "^accepted $id\$" "$tmp/got"
    both "--ignore-add again, another note" 0 check --ignore-add "$id" --note 'still fine'
    both "--ignore-add a second one" 0 check --ignore-add 0123456789abcdef --by rev
    both "--ignore-list" 0 check --ignore-list
    t_grep "lists it with who and why" "^$id	2024-05-01T09:00:00Z		still fine\$" "$tmp/got"
    both "the accepted finding is left out" 0 check --color never --checks numbers
    t_grep "and counted" '1 accepted left out' "$tmp/got"
    both "--ignore-remove" 0 check --ignore-remove "$id"
    both "reported again" 1 check --color never --checks numbers
    both "--ignore-remove of an id not accepted" 2 check --ignore-remove "$id"
    t_grep "says so" "finding $id is not among the accepted ones" "$tmp/err"
    both "--ignore-add a bad id" 2 check --ignore-add nothex
    both "the list after that" 0 check --ignore-list

    # ---- low confidence, from a TMX with the aligner's confidences ----
    use r
    both "import a TMX with confidences" 0 import "$data/review.tmx"
    both "check confidence" 1 check --color never --checks confidence
    t_grep "the two occurrences below 0.5" '^2 findings: 0 errors, 2 warnings' "$tmp/got"
    both "check --min-confidence 0.3" 0 check --checks confidence --min-confidence 0.3
    both "check all on the TMX" 1 check --json
    both "check confidence of a document" 1 check --checks confidence --document review.tmx

    # ---- the text checks ----
    use s
    cat >spaces.tmx <<'TMX'
<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence"
 o-tmf="t" adminlang="en" srclang="ja" datatype="plaintext"/><body>
<tu><tuv xml:lang="ja"><seg>会議が開かれた。</seg></tuv><tuv xml:lang="en"><seg>The  meeting was held.</seg></tuv></tu>
<tu><tuv xml:lang="ja"><seg>東京（日本）</seg></tuv><tuv xml:lang="en"><seg>Tokyo (Japan</seg></tuv></tu>
<tu><tuv xml:lang="ja"><seg>予算は1,000円です。</seg></tuv><tuv xml:lang="en"><seg>The budget is 2,000 yen.</seg></tuv></tu>
</body></tmx>
TMX
    both "import a TMX with text findings" 0 import spaces.tmx
    both "check: spaces, brackets, numbers" 1 check --color never
    t_grep "all three" '^3 findings: ' "$tmp/got"
    both "check --min-severity warning" 1 check --color never --min-severity warning

    # ---- a new translation checked against a memory ----
    use m3
    for i in 1 2 3; do
        both "align pc$i into the three-document memory" 0 align --no-lexicon pc$i.ja.txt \
            pc$i.en.txt
    done
    printf 'ありがとうございました。\n\n会談は東京で２時間行われました。\n' >new.ja
    printf 'Thanks a lot.\n\nThe talks in Tokyo lasted three hours.\n' >new.en
    checks=same-ja,same-en,numbers,memory,confidence,spaces
    both "a translation against the memory" 1 check --no-lexicon --color never --checks $checks \
        new.ja new.en
    t_grep "the memory's other rendering" '^WARNING  memory  the memory has this Japanese as "Thank you." \(2 of 3 uses\)' "$tmp/got"
    both "a translation against the memory, JSON" 1 check --no-lexicon --json --checks $checks \
        new.ja new.en
    both "pc4 against the memory" 0 check --no-lexicon --color never --checks $checks \
        pc4.ja.txt pc4.en.txt
    both "pc6 against the memory" 1 check --no-lexicon --color never --checks $checks \
        pc6.ja.txt pc6.en.txt
    both "pc4 against the memory, every check" 1 check --no-lexicon --color never \
        pc4.ja.txt pc4.en.txt
    t_grep "the phrase the memory renders otherwise" "^WARNING  phrase  $phrase: the memory renders it" "$tmp/got"
    both "pc4 against the memory, JSON" 1 check --no-lexicon --json pc4.ja.txt pc4.en.txt
    both "pc1 against the memory" 0 check --no-lexicon pc1.ja.txt pc1.en.txt
fi
t_done
