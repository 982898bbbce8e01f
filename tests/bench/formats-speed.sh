#!/bin/sh
# formats-speed.sh — reading speed and peak memory of `taiyaku segment` on large documents in
# each format (one core: the program is single-threaded; TY_SPEED_FORMATS, default "html docx
# pdf", says which), output to /dev/null: an HTML page
# of about TY_SPEED_MB MB (default 20) in English (UTF-8) and in Japanese (Shift_JIS), a
# .docx whose word/document.xml is about that size, and a PDF of TY_SPEED_PAGES pages
# (default 300), all made from the corpus rendered by tests/formats/render.py. Best of 3
# runs: MB/s of input (for .docx: of document.xml), pages/s for PDF, peak RSS (GNU time) as a
# multiple of the input (for .docx also of document.xml) and, without the program's own
# baseline (its peak RSS on a one-line text file, ICU and the libraries; for PDF on a one-page
# PDF, poppler loaded), per MB of input;
# and, as bounds measured in the same run, plain-text segmentation of the same document's
# extracted text (`taiyaku segment` of its output) and, for the UTF-8 page, the HTML parser
# alone with callbacks that do nothing: the reader's own (one of its two passes) and libxml2's
# in SAX mode (tests/bench/html_bare.c); for a PDF, poppler alone reading every page's text and
# boxes and keeping nothing (tests/bench/pdf_bare.c): its peak RSS above its own baseline, as a
# multiple of the input and as the bound of the program's ("taiyaku / bound").
set -eu
: "${top_srcdir:?run through make bench}" "${top_builddir:?}" "${TAIYAKU:?}"
corpus=${TY_CORPUS:-$top_srcdir/../shared/corpus}
py=/usr/bin/python3
[ -x "$py" ] || py=python3
if [ ! -d "$corpus" ]; then
    echo "formats-speed: SKIP: no corpus at $corpus"
    exit 0
fi
[ -x /usr/bin/time ] || { echo "formats-speed: SKIP: needs GNU time (apt-get install time)"; exit 0; }
"$py" -c 'import reportlab' 2>/dev/null ||
    { echo "formats-speed: SKIP: needs python3-reportlab (apt-get install python3-reportlab fonts-ipafont-gothic)"; exit 0; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/taiyaku-formats.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
formats=${TY_SPEED_FORMATS:-html docx pdf}
want() { case " $formats " in *" $1 "*) return 0 ;; esac; return 1; }
if want html || want docx; then
    "$py" "$top_srcdir/tests/formats/render.py" "$corpus" "$tmp/r" html docx
fi
TY_FORMATS=$formats TY_MB=${TY_SPEED_MB:-20} TY_PAGES=${TY_SPEED_PAGES:-300} "$py" - "$top_srcdir/tests/formats" "$corpus" "$tmp" <<'PY'
import glob, io, os, re, sys, zipfile
sys.path.insert(0, sys.argv[1])
import render
corpus, tmp = sys.argv[2], sys.argv[3]
mb, pages = int(os.environ['TY_MB']) * 1000000, int(os.environ['TY_PAGES'])
formats = os.environ['TY_FORMATS'].split()
for lang, enc in (('en', 'utf-8'), ('ja', 'cp932')) if 'html' in formats else ():
    bodies = [re.search(rb'<body>(.*)</body>', open(f, 'rb').read(), re.S).group(1)
              for f in sorted(glob.glob(os.path.join(tmp, 'r', '*.%s.html' % lang)))]
    head = ('<!DOCTYPE html><html><head><meta charset="%s"><title>t</title></head><body>' % enc).encode()
    out, n = [head], len(head)
    while n < mb:
        for b in bodies:
            out.append(b); n += len(b)
    out.append(b'</body></html>')
    open(os.path.join(tmp, 'big.%s.html' % lang), 'wb').write(b''.join(out))
parts = []
for f in sorted(glob.glob(os.path.join(tmp, 'r', '*.en.docx'))) if 'docx' in formats else ():
    x = zipfile.ZipFile(f).read('word/document.xml').decode()
    parts.append(x[x.index('<w:body>') + 8:x.index('<w:sectPr>')])
if 'docx' in formats:
    z = zipfile.ZipFile(os.path.join(tmp, 'r', 'mofa-style-01.en.docx'))
    doc = z.read('word/document.xml').decode()
    body, n = [], 0
    while n < mb:
        for p in parts:
            body.append(p); n += len(p.encode())
    doc = doc[:doc.index('<w:body>') + 8] + ''.join(body) + doc[doc.index('<w:sectPr>'):]
    with zipfile.ZipFile(os.path.join(tmp, 'big.en.docx'), 'w', zipfile.ZIP_DEFLATED) as out:
        for i in z.infolist():
            out.writestr(i.filename, doc if i.filename == 'word/document.xml' else z.read(i.filename))
    open(os.path.join(tmp, 'docx.bytes'), 'w').write(str(len(doc.encode())))
for lang in ('en', 'ja') if 'pdf' in formats else ():
    paras, k = [], 0
    names = sorted(f for f in os.listdir(corpus) if f.endswith('.%s.txt' % lang))
    while True:
        paras += render.paragraphs(os.path.join(corpus, names[k % len(names)])); k += 1
        if k % len(names) == 0 or k > 4 * len(names):
            data = render.render_pdf(paras, lang, 'big', 1)
            if data.count(b'/Type /Page\n') + data.count(b'/Type /Page ') >= pages or k > 4 * len(names):
                break
    open(os.path.join(tmp, 'big.%s.pdf' % lang), 'wb').write(data)
PY
best() { # LANG FILE -> "secs cpu kb" of the best of 3 runs
    b=""
    for run in 1 2 3; do
        /usr/bin/time -f '%e %U %S %M' -o "$tmp/time" "$TAIYAKU" segment --lang "$1" "$2" >/dev/null
        read -r secs user sys kb <"$tmp/time"
        if [ -z "$b" ] || awk "BEGIN { exit !($secs < $bs) }"; then
            bs=$secs b="$secs $(awk "BEGIN { print $user + $sys }") $kb"
        fi
    done
    echo "$b"
}
echo "x" >"$tmp/one.txt"
/usr/bin/time -f '%M' -o "$tmp/time" "$TAIYAKU" segment --lang en "$tmp/one.txt" >/dev/null
base_kb=$(cat "$tmp/time")
echo "formats-speed: the program's baseline peak RSS (a one-line text): $((base_kb / 1024)) MB"
# poppler-glib is loaded only when a PDF is read (src/base/dynlib.h): a PDF's baseline is the
# program's peak on a one-page PDF, libraries loaded, as pdf_bare's includes them linked
pdf_base_kb=$base_kb
if want pdf && [ -f "$top_srcdir/tests/formats/data/tiny.en.pdf" ]; then
    /usr/bin/time -f '%M' -o "$tmp/time" "$TAIYAKU" segment --lang en \
        "$top_srcdir/tests/formats/data/tiny.en.pdf" >/dev/null
    pdf_base_kb=$(cat "$tmp/time")
    echo "formats-speed: the program's baseline for PDF (a one-page PDF): $((pdf_base_kb / 1024)) MB"
fi
if want html && [ -x "$top_builddir/tests/bench/html_bare" ]; then
    "$top_builddir/tests/bench/html_bare" "$tmp/big.en.html" >"$tmp/bare"
    awk -v n="$(wc -c <"$tmp/big.en.html")" 'BEGIN { split("the reader'"'"'s parser (one pass)|libxml2'"'"'s HTML SAX parser", who, "|") }
        { s = $1 <= 0 ? 0.01 : $1; c = $2 <= 0 ? 0.01 : $2
          printf "formats-speed: bound: %s alone, empty callbacks, parses big.en.html in %.2f s (CPU %.2f s) = %.1f MB/s (CPU %.1f MB/s)\n",
              who[NR], s, c, n / 1e6 / s, n / 1e6 / c }' "$tmp/bare"
fi
bare=$top_builddir/tests/bench/pdf_bare
bare_kb=0
if want pdf && [ -x "$bare" ]; then
    /usr/bin/time -f '%M' -o "$tmp/time" "$bare"
    bare_kb=$(cat "$tmp/time")
fi
for f in big.en.html big.ja.html big.en.docx big.en.pdf big.ja.pdf; do
    lang=${f#big.}; lang=${lang%%.*}
    want "${f##*.}" || continue
    in=$(wc -c <"$tmp/$f")
    set -- $(best "$lang" "$tmp/$f")
    "$TAIYAKU" segment --lang "$lang" "$tmp/$f" >"$tmp/plain.txt"
    plain=$(wc -c <"$tmp/plain.txt")
    set -- "$@" $(best "$lang" "$tmp/plain.txt")
    case $f in
    *.docx) b_kb=$base_kb work=$(cat "$tmp/docx.bytes"); unit="MB/s of document.xml" ;;
    *.pdf) b_kb=$pdf_base_kb work=$(pdfinfo "$tmp/$f" 2>/dev/null | awk '/^Pages:/ { print $2 }'); unit="pages/s"
        if [ "$bare_kb" -gt 0 ]; then
            /usr/bin/time -f '%M' -o "$tmp/time" "$bare" "$tmp/$f" >/dev/null
            set -- "$@" "$(cat "$tmp/time")"
        fi ;;
    *) b_kb=$base_kb work=$in; unit="MB/s" ;;
    esac
    awk -v f="$f" -v n="$in" -v w="$work" -v u="$unit" -v s="$1" -v c="$2" -v k="$3" \
        -v p="$plain" -v ps="$4" -v b="$b_kb" -v pk="${7:-0}" -v pb="$bare_kb" 'BEGIN {
        if (s <= 0) s = 0.01
        if (ps <= 0) ps = 0.01
        rate = (u == "pages/s") ? w / s : w / 1e6 / s
        printf "formats-speed: %s: %.1f MB in %.2f s (CPU %.2f s) = %.1f %s, peak RSS %.0f MB " \
            "(%.1fx input, %.1fx without the baseline", f, n / 1e6, s, c, rate, u, k / 1024,
            k * 1024 / n, (k - b) * 1024 / n
        if (u ~ /document/)
            printf "; %.1fx document.xml", k * 1024 / w
        printf "); its text as plain text (%.1f MB): %.2f s, %.1f MB/s\n", p / 1e6, ps, p / 1e6 / ps
        if (pk > 0 && pb > 0 && pk > pb)
            printf "formats-speed: %s: bound: poppler alone (pdf_bare) peak RSS %.1f MB, %.1f MB above " \
                "its %.1f MB baseline (%.1fx input); taiyaku %.1f MB above its baseline: " \
                "taiyaku / bound = %.2f\n", f, pk / 1024, (pk - pb) / 1024, pb / 1024,
                (pk - pb) * 1024 / n, (k - b) / 1024, (k - b) / (pk - pb) }'
done
