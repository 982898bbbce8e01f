#!/bin/sh
# formats-quality.sh — end-to-end alignment from each document format against the same
# documents as plain text: the corpus pairs rendered by tests/formats/render.py (HTML with
# site chrome and Shift_JIS Japanese, .docx, PDF; the constitution also as e-Gov law XML)
# into a temporary directory, scored by ../shared/tools/format-score (strict and lax F1, the
# share of gold sentences recovered with their text), and the plain-text baseline by
# align-score's txt mode on the same pairs. Prints each format's line, the baseline, and
# the ratios (the target is >= 0.98 for both F1).
set -eu
: "${top_srcdir:?run through make bench}" "${top_builddir:?}" "${TAIYAKU:?}"
corpus=${TY_CORPUS:-$top_srcdir/../shared/corpus}
tools=${TY_TOOLS:-$top_srcdir/../shared/tools}
py=/usr/bin/python3
[ -x "$py" ] || py=python3
if [ ! -d "$corpus" ] || [ ! -x "$tools/format-score" ]; then
    echo "formats-quality: SKIP: no corpus at $corpus or no scorers in $tools"
    exit 0
fi
"$py" -c 'import reportlab' 2>/dev/null ||
    { echo "formats-quality: SKIP: needs python3-reportlab (apt-get install python3-reportlab fonts-ipafont-gothic)"; exit 0; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/taiyaku-fq.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
"$py" "$top_srcdir/tests/formats/render.py" "$corpus" "$tmp"
cmd="$TAIYAKU align --format tsv {ja} {en}"
base=$("$tools/align-score" corpus "$corpus" --input txt --quiet --cmd "$cmd" | tail -1)
echo "formats-quality: txt $base"
mkdir "$tmp/law"
for f in "$tmp"/constitution-partA.*; do ln -s "$f" "$tmp/law/"; done
lawbase=$(mkdir "$tmp/lawtxt" && for f in "$corpus"/constitution-partA.*; do ln -s "$f" "$tmp/lawtxt/"; done &&
    "$tools/align-score" corpus "$tmp/lawtxt" --input txt --quiet --cmd "$cmd" | tail -1)
echo "formats-quality: txt (constitution alone) $lawbase"
for ext in html docx pdf xml; do
    dir=$tmp
    b=$base
    [ "$ext" = xml ] && dir=$tmp/law b=$lawbase
    line=$("$tools/format-score" "$dir" "$ext" "$cmd" --quiet | tail -1)
    echo "formats-quality: $line" | sed 's/^formats-quality: xml/formats-quality: lawxml/'
    echo "$line $b" | awk '{
        for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1] (kv[1] in seen ? "_txt" : "")] = kv[2]; seen[kv[1]] = 1 }
        printf "formats-quality: %s: strict %.4f / %.4f = %.3fx, lax %.4f / %.4f = %.3fx of plain text; text recovered %.4f\n",
            $1, v["strict_f1"], v["strict_f1_txt"], v["strict_f1"] / v["strict_f1_txt"],
            v["lax_f1"], v["lax_f1_txt"], v["lax_f1"] / v["lax_f1_txt"], v["text"] }'
done
