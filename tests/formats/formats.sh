#!/bin/sh
# formats.sh — taiyaku reading HTML, .docx, PDF and e-Gov law XML (src/formats/): the small
# fixtures in tests/formats/data (rendered from tiny.{ja,en}.txt by render.py, hyphen.en.pdf
# by hyphen.py, the law XML and the HTML parsing cases parse-*.html written by hand) segment
# as tests/formats/expected says; every gold sentence is recovered with its text; site
# chrome, headers, footers, deleted text and field codes are not; a PDF line-end hyphen goes
# only when the joined word is a word; the positions come out in --format jsonl, HTML offsets
# counting the file's bytes; format detection, --input-format, --content and --drop do what
# they say; each broken fixture is one error line naming the file, exit 2, and no memory is
# written.
. "$top_srcdir/tests/setup"
d="$top_srcdir/tests/formats/data"
x="$top_srcdir/tests/formats/expected"

for lang in ja en; do
    for f in html docx pdf xml; do
        t_run "segment $lang.$f" 0 "$TAIYAKU" segment --lang $lang "$d/tiny.$lang.$f"
        t_same "segment $lang.$f: as expected" "$tmp/out" "$x/tiny.$lang.$f.txt"
        [ "$f" = xml ] && continue
        # every gold sentence, white space aside, is a line of the output
        sed -e 's/[[:space:]]//g' -e 's/　//g' <"$tmp/out" >"$tmp/got"
        miss=0
        while IFS= read -r s; do
            g=$(printf '%s' "$s" | sed -e 's/[[:space:]]//g' -e 's/　//g')
            grep -qxF -- "$g" "$tmp/got" || { echo "#   not recovered: $s"; miss=$((miss + 1)); }
        done <"$d/tiny.$lang.seg"
        t_ok "segment $lang.$f: every gold sentence recovered" test "$miss" -eq 0
    done
done

# HTML5's parsing rules where they decide the text (each the gumbo reader's output too):
# unclosed p, li, td, dd and ruby text, stray end tags, no html or body, references, raw
# text, comments, pre, headings, </p> and </br> alone, the end of the page inside a tag,
# misnested formatting, nested tables, table cells outside a table, svg and math, select,
# upper case
for f in "$d"/parse-*.html; do
    n=$(basename "$f" .html)
    t_run "html parsing: $n" 0 "$TAIYAKU" segment --lang en --input-format html "$f"
    t_same "html parsing: $n: as expected" "$tmp/out" "$x/$n.txt"
done

# what is the site, not the document
"$TAIYAKU" segment --lang en "$d/tiny.en.html" >"$tmp/html"
t_ok "html: no menu, breadcrumbs, side list, footer, scripts" \
    sh -c '! grep -Eq "Foreign Policy|Press Releases|Copyright|Privacy|dataLayer|Search|^Home" "$1"' - "$tmp/html"
t_ok "html: no 'Back to top', no provisional-translation note" \
    sh -c '! grep -Eq "Back to top|Provisional translation" "$1"' - "$tmp/html"
"$TAIYAKU" segment --lang ja "$d/tiny.ja.html" >"$tmp/html"
t_ok "html: Shift_JIS page decoded, ruby text left out" \
    sh -c 'grep -q "外務大臣会見記録" "$1" && ! grep -q "よみ" "$1"' - "$tmp/html"
"$TAIYAKU" segment --lang en "$d/tiny.en.docx" >"$tmp/docx"
t_ok "docx: no header, page-number footer, deleted text or field code" \
    sh -c '! grep -Eq "Press Conference\$|words struck out|MERGEFIELD|^1\$" "$1"' - "$tmp/docx"
t_ok "docx: the footnote comes after the body" \
    sh -c 'tail -n 1 "$1" | grep -q "^Note: this record"' - "$tmp/docx"
"$TAIYAKU" segment --lang en "$d/tiny.en.pdf" >"$tmp/pdf"
t_ok "pdf: no page number" sh -c '! grep -Eq "^- [0-9]+ -\$" "$1"' - "$tmp/pdf"

# the hyphen rule against the system word list: 38 words cut at a line end that the document
# does not use whole, so that some are looked up by reading the list through and those past
# the 32nd in the list read into memory; a word written with a hyphen keeps it in both
if t_need "/usr/share/dict/words" wamerican test -r /usr/share/dict/words; then
    t_run "pdf hyphens" 0 "$TAIYAKU" segment --lang en "$d/hyphen.en.pdf"
    t_same "pdf hyphens: as expected" "$tmp/out" "$x/hyphen.en.pdf.txt"
    t_grep "pdf hyphens: words of the list joined, early and late" \
        ' translation .* implementation ' "$tmp/out"
    t_grep "pdf hyphens: hyphenated words keep the hyphen, early and late" \
        ' well-known .* self-evident .* co-chair .* anti-whaling and the end' "$tmp/out"
fi

# positions
t_run "jsonl: html" 0 "$TAIYAKU" segment --lang ja -f jsonl "$d/tiny.ja.html"
t_grep "jsonl: html segments have a byte offset and a heading level" \
    '^\{"index":0,"paragraph":0,"start":0,"end":[0-9]+,"kind":"line","heading":1,"offset":[0-9]+,' "$tmp/out"
# the offset is of the file's bytes (Shift_JIS), not of the decoded text
off=$(sed -n '1s/.*"offset":\([0-9]*\),.*/\1/p' "$tmp/out")
t_ok "jsonl: html offset counts the file's bytes" \
    sh -c 'tail -c +$(($1 + 1)) "$2" | head -c 16 | iconv -f CP932 -t UTF-8 | grep -q "^外務大臣会見記録"' \
    - "$off" "$d/tiny.ja.html"
t_run "jsonl: docx" 0 "$TAIYAKU" segment --lang en -f jsonl "$d/tiny.en.docx"
t_grep "jsonl: docx segments have a paragraph index" '"block":3,"label":null,"text":"Second, we' "$tmp/out"
t_run "jsonl: pdf" 0 "$TAIYAKU" segment --lang en -f jsonl "$d/tiny.en.pdf"
t_grep "jsonl: pdf segments have a page and a line" '"page":1,"line":[0-9]+,"block":null,"label":null,"text":"Food"' "$tmp/out"
t_run "jsonl: law xml" 0 "$TAIYAKU" segment --lang en -f jsonl "$d/tiny.en.xml"
t_grep "jsonl: law xml segments have a line" '"line":9,"block":null,"label":null,"text":"Article 1"' "$tmp/out"

# detection by content, and the overrides
cp "$d/tiny.en.docx" "$tmp/report.bin"
t_run "detect: a .docx named .bin" 0 "$TAIYAKU" segment --lang en "$tmp/report.bin"
t_same "detect: a .docx named .bin reads as .docx" "$tmp/out" "$x/tiny.en.docx.txt"
t_run "--input-format text reads HTML as text" 0 "$TAIYAKU" segment --lang en --input-format text "$d/tiny.en.html"
t_grep "--input-format text: the tags are text" '<html' "$tmp/out"
t_run "--input-format: unknown" 64 "$TAIYAKU" segment --lang en --input-format rtf "$d/tiny.en.html"
t_grep "--input-format: unknown, says the choices" "unknown input format 'rtf'" "$tmp/err"
t_run "--content names the root" 0 "$TAIYAKU" segment --lang en --content '.side-menu' "$d/tiny.en.html"
t_grep "--content: the named element's text" 'Press Releases' "$tmp/out"
t_run "--content matching nothing" 2 "$TAIYAKU" segment --lang en --content '#nowhere' "$d/tiny.en.html"
t_grep "--content matching nothing: says so" "tiny.en.html: no element matches --content '#nowhere'" "$tmp/err"
printf '# ours\nopening remarks\nwhat the aid*\n' >"$tmp/drop.txt"
t_run "--drop FILE" 0 "$TAIYAKU" segment --lang en --drop "$tmp/drop.txt" "$d/tiny.en.docx"
t_ok "--drop FILE: its lines and prefixes are dropped" \
    sh -c '! grep -Eq "Opening Remarks|What the aid" "$1" && grep -q "^Food" "$1"' - "$tmp/out"
t_run "align: .docx with .docx" 0 "$TAIYAKU" align --no-lexicon --format beads "$d/tiny.ja.docx" "$d/tiny.en.docx"
cut -f1 "$x/tiny.docx.beads" >"$tmp/beads.want"
t_ok "align: .docx with .docx, beads as expected" sh -c 'cut -f1 "$1" | cmp -s - "$2"' - "$tmp/out" "$tmp/beads.want"
t_run "align: law XML with law XML" 0 "$TAIYAKU" align --no-lexicon --format tsv "$d/tiny.ja.xml" "$d/tiny.en.xml"
t_grep "align: article titles pair" "^第七条	Article 7	" "$tmp/out"

# broken inputs: one line naming the file, exit 2, no memory written
for b in truncated.docx encrypted.pdf scan.pdf truncated.pdf nobody.html; do
    t_run "broken $b" 2 "$TAIYAKU" segment --lang en "$d/broken-$b"
    t_ok "broken $b: one line naming the file" \
        sh -c 'test "$(wc -l <"$1")" -eq 1 && grep -q "^taiyaku: .*broken-$2: " "$1"' - "$tmp/err" "$b"
    t_run "broken $b: align --db" 2 "$TAIYAKU" align --no-lexicon --db "$tmp/tm.sqlite" "$d/tiny.ja.docx" "$d/broken-$b"
    t_ok "broken $b: no memory written" test ! -e "$tmp/tm.sqlite"
done
"$TAIYAKU" segment --lang en "$d/broken-truncated.docx" 2>"$tmp/err" || true
t_grep "broken truncated.docx: says truncated, and where it ends" "broken-truncated.docx: byte [0-9]+: not a readable zip archive: truncated" "$tmp/err"
"$TAIYAKU" segment --lang en "$d/broken-scan.pdf" 2>"$tmp/err" || true
t_grep "broken scan.pdf: says page and no text layer" "broken-scan.pdf: page 1: no text layer" "$tmp/err"
"$TAIYAKU" segment --lang en "$d/broken-encrypted.pdf" 2>"$tmp/err" || true
t_grep "broken encrypted.pdf: says encrypted" "encrypted PDF" "$tmp/err"
"$TAIYAKU" segment --lang en "$d/broken-truncated.pdf" 2>"$tmp/err" || true
t_grep "broken truncated.pdf: says not readable, truncated, where it ends" "broken-truncated.pdf: byte [0-9]+: not a readable PDF: truncated" "$tmp/err"
# a page (a fuzzer's) whose text the segmenter finds none in: a document without text, exit
# 2, not an empty document and exit 0
t_run "broken invisible.html, read as HTML" 2 "$TAIYAKU" segment --lang ja --input-format html \
    -f jsonl "$d/broken-invisible.html"
t_grep "  says no text, naming the file" "^taiyaku: .*broken-invisible.html: no text in the document" "$tmp/err"
t_ok "  and prints nothing" test ! -s "$tmp/out"
t_done
