#!/bin/sh
# consistency.sh — taiyaku check / phrase / phrases on a memory built with `taiyaku align --db`
# from six hand-made press-conference pairs (tests/cli/data/consistency: 法の支配に基づく自由で
# 開かれた国際秩序 rendered one way in pc1-3, another in pc4-5, paraphrased in pc6; ありがとう
# ございました rendered two ways; numbers across scripts) and the bundled example, plus a TMX
# with alignment confidences. Exact outputs, exit statuses (0 / 1 findings / 2 error / 64
# usage), JSON, TSV, the HTML page, and bad input. Then a new translation checked against a
# memory of pc1-3 (pc4 renders the phrase otherwise), accepted findings, --min-severity, key
# terms (TSV, and the TBX-Basic glossary `phrases --format tbx` writes, validated with xmllint
# against tests/tbx/), and the check report as HTML under the user's umask. The system
# dictionaries are left out (--no-lexicon) and a glossary is given, so the results do not
# depend on what is installed.
. "$top_srcdir/tests/setup"

exp="$top_srcdir/tests/cli/expected"
data="$top_srcdir/tests/cli/data/consistency"
db="$tmp/c.sqlite"
lex="--no-lexicon -x $data/glossary.tsv"
phrase='法の支配に基づく自由で開かれた国際秩序'
cd "$tmp"
cp "$data"/pc*.txt "$top_srcdir"/examples/press-conference.ja.txt \
    "$top_srcdir"/examples/press-conference.en.txt .

# ---- the memory ----
for i in 1 2 3 4 5 6; do
    t_run "align pc$i into the memory" 0 "$TAIYAKU" align --no-lexicon --db "$db" \
        pc$i.ja.txt pc$i.en.txt
done
t_run "align the bundled example into the memory" 0 "$TAIYAKU" align --no-lexicon --db "$db" \
    press-conference.ja.txt press-conference.en.txt

# ---- phrase ----
t_run "phrase" 0 "$TAIYAKU" phrase --db "$db" $lex --color never "$phrase"
t_same "phrase: dominant 50%, variant 33%, pc6 deviates" "$tmp/out" "$exp/consistency-phrase.txt"
t_run "phrase --json" 0 "$TAIYAKU" phrase --db "$db" $lex --json "$phrase"
t_same "phrase JSON" "$tmp/out" "$exp/consistency-phrase.json"
t_run "phrase --tsv" 0 "$TAIYAKU" phrase --db "$db" $lex --tsv "$phrase"
t_same "phrase TSV: one row per use" "$tmp/out" "$exp/consistency-phrase.tsv"
t_run "phrase --from en" 0 "$TAIYAKU" phrase --db "$db" $lex --color never --from en Minister Motegi
t_grep "the English phrase's Japanese rendering" '^  100%  茂木外務大臣$' "$tmp/out"
t_run "phrase in colour" 0 "$TAIYAKU" phrase --db "$db" $lex --color always "$phrase"
t_grep "the phrase is marked in a deviating use" "$(printf '\033')\\[1;31m$phrase" "$tmp/out"
t_run "a phrase not in the memory" 0 "$TAIYAKU" phrase --db "$db" $lex 存在しない表現
t_grep "says so" '^no unit of the memory contains it$' "$tmp/out"

# ---- phrases ----
t_run "phrases" 0 "$TAIYAKU" phrases --db "$db" $lex --color never
t_same "phrases: the two recurring phrases, most documents first" "$tmp/out" \
    "$exp/consistency-phrases.txt"
t_run "phrases --tsv --sort share" 0 "$TAIYAKU" phrases --db "$db" $lex --tsv --sort share
t_same "phrases TSV, least consistent first" "$tmp/out" "$exp/consistency-phrases.tsv"
t_run "phrases --json -n 1" 0 "$TAIYAKU" phrases --db "$db" $lex --json -n 1
t_grep "JSON: found 2, the first one, its deviating use only" \
    '^\{"found":2,"phrases":\[$' "$tmp/out"
t_grep "JSON: the deviating use" '"unmatched":1,"unmatched_uses":\[\{"unit":[0-9]+,"document":"pc6.ja.txt \| pc6.en.txt","position":1,"rendering":null' "$tmp/out"
t_run "phrases --html" 0 "$TAIYAKU" phrases --db "$db" $lex --html report.html
t_ok "the HTML page is written" test -s report.html
t_grep "an HTML5 page" '^<!DOCTYPE html>$' report.html
t_grep "ends" '^</html>$' report.html
t_grep "raw UTF-8, the phrase in the summary" "<a href=\"#p1\">$phrase</a>" report.html
t_grep "the deviating use with the phrase marked" "<mark>$phrase</mark>への挑戦" report.html
t_grep "the rendering marked in its use" '<mark class="r">free and open international order based on the rule of law</mark>' report.html
t_ok "no external asset, no script" sh -c '! grep -Eq "<script|src=|href=\"(http|//)|<link" report.html'
t_ok "no temporary file left" sh -c '! ls report.html.tmp.* 2>/dev/null'
t_run "phrase --html into a missing directory" 2 "$TAIYAKU" phrase --db "$db" $lex \
    --html no/such/dir/r.html "$phrase"
t_grep "names the file" 'no/such/dir/r.html: cannot create a temporary file' "$tmp/err"

# ---- check ----
t_run "check finds something: exit 1" 1 "$TAIYAKU" check --db "$db" --color never \
    --checks same-ja,same-en,numbers
t_same "check: same-ja, same-en, numbers" "$tmp/out" "$exp/consistency-check.txt"
t_run "check --json" 1 "$TAIYAKU" check --db "$db" --json --checks same-ja,same-en,numbers
t_grep "JSON counts" '"counts":\{"same-ja":1,"same-en":1,"numbers":1,"confidence":0,.*"info":2,"warning":1,"error":0,"units":49,"ignored":0,"below":0\}\}$' "$tmp/out"
t_grep "JSON number finding, its span" '"kind":"numbers","severity":"warning",.*"spans":\[\{"unit":0,"lang":"en","start":22,"end":31,"text":"two hours"\}\]' "$tmp/out"
t_run "check --document pc6" 1 "$TAIYAKU" check --db "$db" --color never \
    --checks same-ja,same-en,numbers --document 'pc6.ja.txt | pc6.en.txt'
t_grep "only pc6's finding" '^1 finding: 0 errors, 1 warning, 0 info \(1 numbers\); 49 units checked$' "$tmp/out"
t_run "check --document pc5: nothing: exit 0" 0 "$TAIYAKU" check --db "$db" \
    --checks same-ja,same-en,numbers --document 'pc5.ja.txt | pc5.en.txt'
t_grep "says so" '^no findings \(49 units checked\)$' "$tmp/out"

# low confidence, from a TMX with the aligner's confidences
t_run "import a TMX with confidences" 0 "$TAIYAKU" import --db review.sqlite "$data/review.tmx"
t_run "check confidence" 1 "$TAIYAKU" check --db review.sqlite --color never --checks confidence
t_same "check: the two occurrences below 0.5" "$tmp/out" "$exp/consistency-check-confidence.txt"
t_run "check --min-confidence 0.3: exit 0" 0 "$TAIYAKU" check --db review.sqlite \
    --checks confidence --min-confidence 0.3
t_run "check all on the TMX: numbers across scripts agree" 1 "$TAIYAKU" check --db review.sqlite
t_grep "1,000 = １，０００ and eight = 八つ raise nothing" '^2 findings: 0 errors, 2 warnings, 0 info \(2 confidence\); 4 units checked$' "$tmp/out"

# info is worth a look and gates nothing: exit 0; a warning: exit 1
cat >spaces.tmx <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence"
 o-tmf="t" adminlang="en" srclang="ja" datatype="plaintext"/><body>
<tu><tuv xml:lang="ja"><seg>会議が開かれた。</seg></tuv><tuv xml:lang="en"><seg>The  meeting was held.</seg></tuv></tu>
<tu><tuv xml:lang="ja"><seg>東京（日本）</seg></tuv><tuv xml:lang="en"><seg>Tokyo (Japan</seg></tuv></tu>
</body></tmx>
EOF
t_run "import a TMX with a double space and a bracket left open" 0 "$TAIYAKU" import \
    --db spaces.sqlite spaces.tmx
t_run "check: info only: exit 0" 0 "$TAIYAKU" check --db spaces.sqlite --checks spaces
t_grep "the info finding is printed" '^1 finding: 0 errors, 0 warnings, 1 info' "$tmp/out"
t_run "check: a warning: exit 1" 1 "$TAIYAKU" check --db spaces.sqlite --checks spaces,brackets
t_run "check --min-severity warning: the warning alone: exit 1" 1 "$TAIYAKU" check \
    --db spaces.sqlite --min-severity warning

# ---- a new translation checked against a memory (not stored) ----
# pc1-3 render the phrase one way; pc4 renders it another: the check flags it.
for i in 1 2 3; do
    t_run "align pc$i into the three-document memory" 0 "$TAIYAKU" align --no-lexicon \
        --db m3.sqlite pc$i.ja.txt pc$i.en.txt
done
cp m3.sqlite m3-before.sqlite
t_run "check pc4 against it: exit 1" 1 "$TAIYAKU" check --db m3.sqlite --no-lexicon \
    --color never pc4.ja.txt pc4.en.txt
t_grep "the established rendering the new English does not use" \
    "^WARNING  phrase  $phrase: the memory renders it \"free and open international order based on the rule of law\" \\(100% of 3 uses, 3 documents\\); this English does not  \\[[0-9a-f]{16}\\]\$" "$tmp/out"
t_grep "its unit, the new document and bead" '^      pc4.ja.txt \| pc4.en.txt:2$' "$tmp/out"
t_grep "the counts" '^1 finding: 0 errors, 1 warning, 0 info \(1 phrase\); 4 units checked$' "$tmp/out"
pid=$(sed -n 's/^WARNING  phrase  .*\[\([0-9a-f]\{16\}\)\]$/\1/p' "$tmp/out")
t_ok "nothing was stored" cmp m3.sqlite m3-before.sqlite
t_run "check pc1 against it: exit 0" 0 "$TAIYAKU" check --db m3.sqlite --no-lexicon pc1.ja.txt pc1.en.txt
t_grep "a document that renders it the same way: no findings" '^no findings \(5 units checked\)$' "$tmp/out"
t_run "check pc4 --json" 1 "$TAIYAKU" check --db m3.sqlite --no-lexicon --json pc4.ja.txt pc4.en.txt
t_grep "JSON: the phrase finding, its rule and expected rendering" \
    "\"kind\":\"phrase\",\"severity\":\"warning\",.*\"rule\":\"$phrase\",\"expected\":\"free and open international order based on the rule of law\"" "$tmp/out"
t_grep "JSON: the phrase marked in the Japanese" "\"spans\":\\[\\{\"unit\":0,\"lang\":\"ja\",\"start\":36,\"end\":93,\"text\":\"$phrase\"\\}\\]" "$tmp/out"

# ---- accepted findings ----
t_run "--ignore-add" 0 "$TAIYAKU" check --db m3.sqlite --ignore-add "$pid" --note 'both fine' --by rev
t_grep "says so" "^accepted $pid\$" "$tmp/out"
t_run "--ignore-list" 0 "$TAIYAKU" check --db m3.sqlite --ignore-list
t_grep "lists it with who and why" "^$pid	[0-9T:-]+Z	rev	both fine\$" "$tmp/out"
t_run "the accepted finding stays quiet: exit 0" 0 "$TAIYAKU" check --db m3.sqlite --no-lexicon \
    pc4.ja.txt pc4.en.txt
t_grep "and is counted" '^no findings \(4 units checked; 1 accepted left out\)$' "$tmp/out"
t_run "--ignore-remove" 0 "$TAIYAKU" check --db m3.sqlite --ignore-remove "$pid"
t_run "reported again" 1 "$TAIYAKU" check --db m3.sqlite --no-lexicon pc4.ja.txt pc4.en.txt
printf '# accepted\n%s  grounded is fine\n' "$pid" >ignore.txt
t_run "--ignore FILE" 0 "$TAIYAKU" check --db m3.sqlite --no-lexicon --ignore ignore.txt \
    pc4.ja.txt pc4.en.txt
t_run "--min-severity error leaves the warning out" 0 "$TAIYAKU" check --db m3.sqlite \
    --no-lexicon --min-severity error pc4.ja.txt pc4.en.txt
t_grep "and counts it" '^no findings \(4 units checked; 1 below error left out\)$' "$tmp/out"
t_run "--ignore-add a bad id" 2 "$TAIYAKU" check --db m3.sqlite --ignore-add nothex
t_grep "one line naming it" "'nothex' is not a finding id" "$tmp/err"
t_run "--ignore-remove of an id not accepted" 2 "$TAIYAKU" check --db m3.sqlite \
    --ignore-remove 0000000000000000
printf 'zzz\n' >bad-ignore.txt
t_run "a bad ignore file" 2 "$TAIYAKU" check --db m3.sqlite --ignore bad-ignore.txt
t_grep "names the file and line" 'bad-ignore.txt:1' "$tmp/err"

# ---- key terms ----
printf '法の支配に基づく自由で開かれた国際秩序を守ります。\n\n会談は東京で行われました。\n' >new.ja
printf 'We will defend the rules-based world order.\n\nThe meeting was held in Tokyo.\n' >new.en
printf '# key terms\n国際秩序\tinternational order\tpreferred\n国際秩序\tworld order\tdeprecated\n会談\ttalks\tpreferred\n会談\tmeeting\tadmitted\n' >terms.tsv
t_run "check --glossary TSV" 1 "$TAIYAKU" check --no-lexicon --color never -g terms.tsv new.ja new.en
t_grep "a deprecated term: an error" \
    '^ERROR  term-forbidden  "world order" is deprecated: use "international order"  \[[0-9a-f]{16}\]$' "$tmp/out"
t_grep "an admitted synonym is no finding" '^1 finding: 1 error, 0 warnings, 0 info \(1 term-forbidden\); 2 units checked$' "$tmp/out"
t_run "check --glossary against the memory" 1 "$TAIYAKU" check --db m3.sqlite --no-lexicon \
    --color never -g terms.tsv new.ja new.en
t_grep "errors first, then the phrase" '^2 findings: 1 error, 1 warning, 0 info \(1 term-forbidden, 1 phrase\); 2 units checked$' "$tmp/out"
printf '国際秩序\tinternational order\tbogus\n' >bad-terms.tsv
t_run "a glossary with a bad status" 2 "$TAIYAKU" check --no-lexicon -g bad-terms.tsv new.ja new.en
t_grep "names the file and line" 'bad-terms.tsv:1' "$tmp/err"

# ---- a glossary from the memory: TBX-Basic ----
t_run "phrases --format tbx" 0 "$TAIYAKU" phrases --db "$db" --no-lexicon --format tbx -o terms.tbx
t_grep "the phrase, preferred" "<term>$phrase</term>" terms.tbx
t_grep "its dominant rendering" '<term>free and open international order based on the rule of law</term>' terms.tbx
t_grep "a minority rendering admitted, with its share" '<note>33% of 6 uses in 2 documents</note>' terms.tbx
if t_need xmllint libxml2-utils command -v xmllint; then
    t_run "the TBX validates against TBX-Basic (RELAX NG and Schematron)" 0 xmllint --noout \
        --relaxng "$top_srcdir/tests/tbx/TBXcoreStructV03_TBX-Basic_integrated.rng" \
        --schematron "$top_srcdir/tests/tbx/TBX-Basic_DCA_xpath1.sch" terms.tbx
    for bad in invalid-status invalid-type; do
        t_run "control: $bad.tbx does not validate" 3 xmllint --noout \
            --relaxng "$top_srcdir/tests/tbx/TBXcoreStructV03_TBX-Basic_integrated.rng" \
            --schematron "$top_srcdir/tests/tbx/TBX-Basic_DCA_xpath1.sch" \
            "$top_srcdir/tests/tbx/$bad.tbx"
    done
fi
t_run "the TBX reads back as a glossary" 1 "$TAIYAKU" check --no-lexicon --color never \
    -g terms.tbx new.ja new.en
t_grep "and is enforced" "^WARNING  term-missing  $phrase: \"free and open international order based on the rule of law\" is not in the English" "$tmp/out"

# ---- the HTML report, written with the user's umask ----
t_run "check --html" 1 sh -c "umask 022 && exec \"\$0\" \"\$@\"" "$TAIYAKU" check --db m3.sqlite \
    --no-lexicon -g terms.tsv --html check.html new.ja new.en
t_grep "an HTML5 page" '^<!DOCTYPE html>$' check.html
t_grep "the counts" '^<p class="meta">2 findings · taiyaku [^ ]* · 2 units checked · 1 error, 1 warning, 0 info</p>$' check.html
t_grep "each finding with its severity, kind and id" '^<span class="error">error</span> term-forbidden <span class="id">[0-9a-f]{16}</span>$' check.html
t_grep "what it is about marked" '<td>We will defend the rules-based <mark>world order</mark>.</td>' check.html
t_ok "no external asset, no script" sh -c '! grep -Eq "<script|src=|href=\"(http|//)|<link" check.html'
t_ok "mode 0644 under umask 022" sh -c '[ "$(stat -c %a check.html)" = 644 ]'

# ---- the memory exported: the header's srclang is the units' Japanese code ----
t_run "export the aligned memory" 0 "$TAIYAKU" export --db "$db" -o memory.tmx
t_grep "the units are 'ja'" '<tuv xml:lang="ja">' memory.tmx
t_grep "and so is the header's srclang" ' srclang="ja" ' memory.tmx

# ---- errors ----
t_run "check without --db" 64 "$TAIYAKU" check
t_run "check --checks bogus" 64 "$TAIYAKU" check --db "$db" --checks bogus
t_grep "names it" "unknown check 'bogus'" "$tmp/err"
t_run "check --min-confidence 2" 64 "$TAIYAKU" check --db "$db" --min-confidence 2
t_run "check --document of no document" 2 "$TAIYAKU" check --db "$db" --document nosuch
t_grep "one line naming it" "no document named 'nosuch'" "$tmp/err"
t_run "check a missing memory" 2 "$TAIYAKU" check --db "$tmp/none.sqlite"
printf 'not a database\n' >junk.sqlite
t_run "check a file that is not a memory" 2 "$TAIYAKU" check --db junk.sqlite
t_run "phrase without a phrase" 64 "$TAIYAKU" phrase --db "$db"
t_run "phrase --from xx" 64 "$TAIYAKU" phrase --db "$db" --from xx x
t_run "phrases --sort bogus" 64 "$TAIYAKU" phrases --db "$db" --sort bogus
t_run "phrases --max-words 0" 64 "$TAIYAKU" phrases --db "$db" --max-words 0
t_run "phrases with a bad glossary" 2 "$TAIYAKU" phrases --db "$db" --no-lexicon -x junk.sqlite
t_grep "names the file and line" 'junk.sqlite:1' "$tmp/err"
# ---- an empty memory ----
cat >empty.tmx <<'TMX'
<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="t" creationtoolversion="1" datatype="plaintext"
segtype="sentence" adminlang="en" srclang="ja" o-tmf="t"/><body></body></tmx>
TMX
t_run "import a TMX without units" 0 "$TAIYAKU" import --db empty.sqlite empty.tmx
t_run "check an empty memory: no findings" 0 "$TAIYAKU" check --db empty.sqlite
t_run "phrases on an empty memory" 0 "$TAIYAKU" phrases --db empty.sqlite --no-lexicon
t_run "check --help" 0 "$TAIYAKU" check --help
t_grep "documents the exit status" 'Exit status: 0 no finding at warning or above' "$tmp/out"
t_done
