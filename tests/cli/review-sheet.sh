#!/bin/sh
# review-sheet.sh — review sheets: export --format xlsx writes the "to review" and "confident"
# sheets atomically; the status column is edited in the sheet's XML as a spreadsheet would
# (an inline string, a shared string) and import-review marks the beads reviewed and rejected
# (lookups, exports and the review view follow), all or none (a trigger in the memory makes
# the second edit fail: nothing is applied); a sheet whose rows no longer match the memory,
# an unknown status and a file that is not a sheet are refused with file and row, exit 2.
. "$top_srcdir/tests/setup"

ex="$top_srcdir/examples/press-conference"
db="$tmp/m.sqlite"
cd "$tmp"

t_run "align --db" 0 "$TAIYAKU" align --no-lexicon --db "$db" "$ex.ja.txt" "$ex.en.txt"
t_run "export --format xlsx" 0 "$TAIYAKU" export --db "$db" --format xlsx -o review.xlsx
t_grep "says how many beads" 'exported 37 bead\(s\) to review.xlsx' "$tmp/err"
t_ok "no temporary file is left" sh -c "! ls -a | grep -q taiyaku-"
t_run "export --format xlsx --document nope" 2 "$TAIYAKU" export --db "$db" --format xlsx -o no.xlsx --document nope
t_ok "writes nothing" test ! -e no.xlsx
t_run "xlsx takes no --min-confidence" 64 "$TAIYAKU" export --db "$db" --format xlsx -o no.xlsx --min-confidence 0.5

if t_need python3 python3 python3 -c 'import zipfile'; then
    # edit.py SHEET.xlsx OUT.xlsx MODE: MODE inline (rows 2, 3 ok, row 4 wrong as inline
    # strings), two (row 2 ok, row 3 wrong as inline strings), shared (row 2 "wrong" as a new
    # shared string), changed (row 2's Japanese text changed), bad (row 2's status "maybe")
    cat >edit.py <<'PY'
import re, sys, zipfile
src, dst, mode = sys.argv[1:4]
zin = zipfile.ZipFile(src)
parts = {n: zin.read(n) for n in zin.namelist()}
sheet = parts['xl/worksheets/sheet1.xml'].decode()
shared = parts['xl/sharedStrings.xml'].decode()
def status(n, cell):
    global sheet
    sheet = re.sub(r'(<row r="%d"[^>]*>.*?)(</row>)' % n, lambda m: m.group(1) + cell + m.group(2), sheet, count=1, flags=re.S)
def inline(n, text):
    status(n, '<c r="H%d" t="inlineStr"><is><t>%s</t></is></c>' % (n, text))
if mode == 'inline':
    inline(2, 'ok'); inline(3, ' ok '); inline(4, 'wrong')
elif mode == 'two':
    inline(2, 'ok'); inline(3, 'wrong')
elif mode == 'shared':
    count = len(re.findall(r'<si>', shared))
    shared = shared.replace('</sst>', '<si><r><t>wr</t></r><r><t>ong</t></r><rPh sb="0" eb="1"><t>ロング</t></rPh></si></sst>')
    status(2, '<c r="H2" t="s"><v>%d</v></c>' % count)
elif mode == 'changed':
    sheet = re.sub(r'(<row r="2".*?<c r="D2")[^>]*>.*?</c>', r'\1 t="inlineStr"><is><t>別の文です。</t></is></c>', sheet, count=1, flags=re.S)
    inline(2, 'ok')
elif mode == 'bad':
    inline(2, 'maybe')
parts['xl/worksheets/sheet1.xml'] = sheet.encode()
parts['xl/sharedStrings.xml'] = shared.encode()
with zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED) as z:
    for n, b in parts.items():
        z.writestr(n, b)
PY
    t_run "the first three rows of 'to review'" 0 "$TAIYAKU" review --db "$db" 1 --below 0.9
    head -4 "$tmp/out" | tail -3 | cut -f1 >beads
    t_ok "are beads 2, 5, 6" test "$(tr '\n' ' ' <beads)" = "2 5 6 "

    t_ok "a sheet changed in the XML: ok, ok, wrong as inline strings" python3 edit.py review.xlsx inline.xlsx inline
    t_run "import-review" 0 "$TAIYAKU" import-review --db "$db" --user sheet inline.xlsx
    t_grep "counts the rows" '^inline.xlsx: 37 rows: 2 reviewed, 1 rejected, 34 without a status$' "$tmp/out"
    t_run "review" 0 "$TAIYAKU" review --db "$db" 1
    t_grep "bead 2 is reviewed" '^2	[^	]*	[^	]*	reviewed	' "$tmp/out"
    t_grep "bead 5 too" '^5	[^	]*	[^	]*	reviewed	' "$tmp/out"
    t_grep "bead 6 is rejected, kept in the review" '^6	\[5\]:\[5,6\]	[^	]*	rejected	' "$tmp/out"
    t_run "stats --verify" 0 "$TAIYAKU" stats --db "$db" --verify
    t_run "export" 0 "$TAIYAKU" export --db "$db" -o all.tmx
    t_ok "the rejected pair is not exported" sh -c "! grep -q '今月14日にフィリピン中部' all.tmx"
    t_run "import-review again" 0 "$TAIYAKU" import-review --db "$db" inline.xlsx
    t_grep "changes nothing more" 'inline.xlsx: 37 rows: 2 reviewed, 1 rejected' "$tmp/out"
    t_run "history" 0 "$TAIYAKU" review --db "$db" 1 history
    t_ok "three edits by the sheet's reviewer" test "$(grep -c '	sheet	' "$tmp/out")" -eq 3

    t_run "a new sheet" 0 "$TAIYAKU" export --db "$db" --format xlsx -o review2.xlsx
    t_ok "a shared string with a phonetic run as the status" python3 edit.py review2.xlsx shared.xlsx shared
    t_run "import-review" 0 "$TAIYAKU" import-review --db "$db" shared.xlsx
    t_grep "reads it as wrong (the earlier verdicts are in the sheet too)" '^shared.xlsx: 37 rows: 2 reviewed, 2 rejected, 33 without a status$' "$tmp/out"
    t_run "stats --verify" 0 "$TAIYAKU" stats --db "$db" --verify

    t_ok "a row whose Japanese changed" python3 edit.py review2.xlsx changed.xlsx changed
    t_run "is refused" 2 "$TAIYAKU" import-review --db "$db" changed.xlsx
    t_grep "naming the file, sheet and row" "changed\.xlsx:2: sheet 'to review', row 2: bead [0-9]+ of document 1 no longer holds this pair" "$tmp/err"
    t_ok "an unknown status" python3 edit.py review2.xlsx bad.xlsx bad
    t_run "is refused" 2 "$TAIYAKU" import-review --db "$db" bad.xlsx
    t_grep "naming it" "bad\.xlsx:2: sheet 'to review', row 2: unknown status 'maybe' \(ok or wrong\)" "$tmp/err"

    # all verdicts or none: a trigger in the memory makes the second edit of the import fail.
    # The third sheet's "to review" holds the two doubtful beads no sheet has judged yet (18,
    # 28: the others are reviewed or rejected now, and the rest are at 0.9 or more).
    if t_need sqlite3 sqlite3 sqlite3 -version; then
        t_run "a third sheet" 0 "$TAIYAKU" export --db "$db" --format xlsx -o review3.xlsx
        t_ok "ok, wrong in its two rows" python3 edit.py review3.xlsx three.xlsx two
        edits=$(sqlite3 "$db" 'SELECT count(*) FROM edits')
        t_run "the beads before" 0 "$TAIYAKU" review --db "$db" 1
        mv "$tmp/out" before3
        t_ok "a trigger that fails the second edit" sqlite3 "$db" "CREATE TRIGGER boom BEFORE INSERT ON edits WHEN (SELECT count(*) FROM edits) >= $edits + 1 BEGIN SELECT RAISE(ABORT, 'injected failure'); END;"
        t_run "import-review: the second edit fails" 2 "$TAIYAKU" import-review --db "$db" three.xlsx
        t_grep "it says which row, why, and that nothing was applied" "three\.xlsx:3: sheet 'to review', row 3: .*injected failure.*: no verdict of the sheet was applied$" "$tmp/err"
        t_ok "no edit was recorded" test "$(sqlite3 "$db" 'SELECT count(*) FROM edits')" -eq "$edits"
        t_run "review" 0 "$TAIYAKU" review --db "$db" 1
        t_same "the beads are as they were" "$tmp/out" before3
        t_run "stats --verify" 0 "$TAIYAKU" stats --db "$db" --verify
        t_ok "the trigger gone" sqlite3 "$db" 'DROP TRIGGER boom'
        t_run "import-review again" 0 "$TAIYAKU" import-review --db "$db" three.xlsx
        t_ok "applies both" test "$(sqlite3 "$db" 'SELECT count(*) FROM edits')" -eq $((edits + 2))
        t_run "review" 0 "$TAIYAKU" review --db "$db" 1
        t_grep "bead 18 is reviewed" '^18	[^	]*	[^	]*	reviewed	' "$tmp/out"
        t_grep "bead 28 is rejected" '^28	[^	]*	[^	]*	rejected	' "$tmp/out"
        t_run "stats --verify" 0 "$TAIYAKU" stats --db "$db" --verify
    fi
fi

printf 'not a zip' >junk.xlsx
t_run "a file that is not a sheet" 2 "$TAIYAKU" import-review --db "$db" junk.xlsx
t_grep "is named" 'junk\.xlsx' "$tmp/err"
t_run "a sheet that does not exist" 2 "$TAIYAKU" import-review --db "$db" nothing.xlsx

t_done
