#!/bin/sh
# tmx.sh — `taiyaku tmx` (cat, copy, stats) on TMX files from several tools and on broken ones,
# and the TMX output of `taiyaku align` (-o, --format tmx and their options). Outputs are
# compared with tests/cli/expected/tmx-*; the real-client checks are in tmx-clients.sh.
. "$top_srcdir/tests/setup"
exp="$top_srcdir/tests/cli/expected"
ex="$top_srcdir/examples"
cd "$top_srcdir/tests/cli/data/tmx"
SOURCE_DATE_EPOCH=1760664120 # 2025-10-17 01:22:00 UTC
export SOURCE_DATE_EPOCH

# ---- command line ----
t_run "tmx --help" 0 "$TAIYAKU" tmx --help
t_grep "help names the subcommands" '^usage: taiyaku tmx cat' "$tmp/out"
t_run "no subcommand" 64 "$TAIYAKU" tmx
t_run "unknown subcommand" 64 "$TAIYAKU" tmx frob x.tmx
t_grep "  names it" "unknown subcommand 'frob'" "$tmp/err"
t_run "cat without a file" 64 "$TAIYAKU" tmx cat
t_run "copy without -o" 64 "$TAIYAKU" tmx copy mixed.tmx
t_run "an option of another subcommand" 64 "$TAIYAKU" tmx cat --flatten mixed.tmx
t_grep "  says so" "does not apply to 'tmx cat'" "$tmp/err"
t_run "a bad --min-confidence" 64 "$TAIYAKU" tmx cat --min-confidence 1.5 mixed.tmx
t_run "a bad format" 64 "$TAIYAKU" tmx cat -f csv mixed.tmx

# ---- cat ----
t_run "cat (tsv)" 0 "$TAIYAKU" tmx cat mixed.tmx
t_same "cat: Japanese and English by language code, text flattened" "$tmp/out" "$exp/tmx-cat-mixed.tsv"
t_same "cat: one warning per skipped <tu> with its line, and the totals" "$tmp/err" "$exp/tmx-cat-mixed.err"
t_run "cat -f jsonl" 0 "$TAIYAKU" tmx cat -f jsonl mixed.tmx
t_same "cat jsonl: ids, codes, confidence, shape, props" "$tmp/out" "$exp/tmx-cat-mixed.jsonl"
t_run "cat --markup -q" 0 "$TAIYAKU" tmx cat --markup -q mixed.tmx
t_same "cat --markup: inline markup kept" "$tmp/out" "$exp/tmx-cat-mixed-markup.tsv"
t_grep "  -q: only the totals" '^taiyaku: mixed.tmx: warning: 3 <tu> skipped' "$tmp/err"
t_ok "  -q: no per-unit warning" test "$(wc -l <"$tmp/err")" -eq 1
t_run "cat --min-confidence 0.5" 0 "$TAIYAKU" tmx cat -q --min-confidence 0.5 mixed.tmx
t_ok "  leaves out the 0.41 unit, keeps the unscored one" test "$(cut -f2 "$tmp/out" | tr '\n' '|')" = "I would like to begin with two announcements.|Questions & Answers|"
t_grep "  and says so" '1 unit\(s\) under --min-confidence left out' "$tmp/err"
t_run "cat --select-en en-GB" 0 "$TAIYAKU" tmx cat -q --select-en en-GB mixed.tmx
t_grep "  only the en-GB unit" '^日本政府は' "$tmp/out"
t_ok "  and nothing else" test "$(wc -l <"$tmp/out")" -eq 1
t_run "cat TMX 1.1 (lang, ISO-8859-1, character references)" 0 "$TAIYAKU" tmx cat tmx11.tmx
t_same "  TMX 1.1 read" "$tmp/out" "$exp/tmx-cat-tmx11.tsv"
t_run "cat a UTF-16 TMX laid out as Trados exports it" 0 "$TAIYAKU" tmx cat trados-utf16.tmx
t_same "  UTF-16 read, English-first <tuv>s sorted out" "$tmp/out" "$exp/tmx-cat-trados.tsv"
t_run "cat standard input" 0 sh -c "\"$TAIYAKU\" tmx cat - <tmx11.tmx"
t_same "  the same units" "$tmp/out" "$exp/tmx-cat-tmx11.tsv"

# ---- errors ----
for case in "broken.tmx:2:^taiyaku: broken.tmx:11: malformed XML: Opening and ending tag mismatch" \
            "nobody.tmx:2:^taiyaku: nobody.tmx:[0-9]+: not a TMX file: no <body> element" \
            "xliff.xml:2:^taiyaku: xliff.xml:2: not a TMX file: the root element is <xliff>" \
            "unknown-encoding.tmx:2:^taiyaku: unknown-encoding.tmx:1: unsupported or wrong encoding: .*X-KLINGON" \
            "no-such.tmx:2:^taiyaku: no-such.tmx: cannot open"; do
    f=${case%%:*} rest=${case#*:}
    t_run "error: $f" "${rest%%:*}" "$TAIYAKU" tmx cat "$f"
    t_grep "  one clear line" "${rest#*:}" "$tmp/err"
    t_ok "  only one line" test "$(wc -l <"$tmp/err")" -eq 1
done

# ---- copy ----
t_run "copy" 0 "$TAIYAKU" tmx copy mixed.tmx -o "$tmp/copy.tmx"
t_same "copy: props, notes, markup and codes kept, '_' fixed, folded, reproducible" "$tmp/copy.tmx" "$exp/tmx-copy-mixed.tmx"
t_grep "  says which code it fixed" "1 unit\(s\) had '_' in a language code" "$tmp/err"
t_run "copy of the copy" 0 "$TAIYAKU" tmx copy "$tmp/copy.tmx" -o "$tmp/copy2.tmx"
t_same "  is byte-identical (a fixed point)" "$tmp/copy2.tmx" "$tmp/copy.tmx"
t_ok "  and says nothing" test ! -s "$tmp/err"
t_run "copy --flatten --ja-lang ja-JP --en-lang en-US --min-confidence 0.5" 0 \
    "$TAIYAKU" tmx copy -q --flatten --ja-lang ja-JP --en-lang en-US --min-confidence 0.5 mixed.tmx -o "$tmp/flat.tmx"
t_same "  recoded, filtered, plain text" "$tmp/flat.tmx" "$exp/tmx-copy-mixed-flat.tmx"
t_run "copy a UTF-16 Trados TMX to standard output" 0 "$TAIYAKU" tmx copy trados-utf16.tmx -o -
t_same "  UTF-8, srclang en-US kept, tuv props moved to the unit" "$tmp/out" "$exp/tmx-copy-trados.tmx"
t_run "copy with an underscore code" 64 "$TAIYAKU" tmx copy --ja-lang ja_JP mixed.tmx -o "$tmp/u.tmx"
t_grep "  refused, naming the fix" "language code 'ja_JP' has '_': write 'ja-JP'" "$tmp/err"
t_ok "  nothing written" test ! -e "$tmp/u.tmx"
echo "previous contents" >"$tmp/keep.tmx"
t_run "copy a broken TMX over an existing file" 2 "$TAIYAKU" tmx copy broken.tmx -o "$tmp/keep.tmx"
t_ok "  the existing file is untouched" test "$(cat "$tmp/keep.tmx")" = "previous contents"
t_ok "  no temporary file is left" test "$(ls -A "$tmp" | grep -c '\.tmp$')" -eq 0
t_run "copy into a missing directory" 2 "$TAIYAKU" tmx copy mixed.tmx -o "$tmp/no/such/dir/x.tmx"
t_grep "  says why" 'x.tmx: cannot create a temporary file in its directory' "$tmp/err"
t_run "copy of a unit whose markup is not TMX" 0 "$TAIYAKU" tmx copy "$top_srcdir/tests/fuzz/seeds/tmx_read/markup.tmx" -o "$tmp/m.tmx"
t_grep "  leaves it out with a warning naming it" 'unit 1 \(tuid "m"\): the English text: <b> may not appear inside <seg>' "$tmp/err"
t_run "  --flatten keeps its text" 0 "$TAIYAKU" tmx copy --flatten "$top_srcdir/tests/fuzz/seeds/tmx_read/markup.tmx" -o "$tmp/m.tmx"
t_grep "  (the text)" '<seg>not tmx text</seg>' "$tmp/m.tmx"

# ---- stats ----
t_run "stats of two files" 0 "$TAIYAKU" tmx stats -q mixed.tmx trados-utf16.tmx
t_same "stats: header, units, skips, codes, confidence, shapes, characters" "$tmp/out" "$exp/tmx-stats.txt"

# ---- taiyaku align writing TMX ----
# --no-lexicon: the same alignment with or without EDICT installed
al="$TAIYAKU align --no-lexicon"
ja="$ex/press-conference.ja.txt" en="$ex/press-conference.en.txt"
t_run "align -o FILE.tmx" 0 $al -o "$tmp/a.tmx" "$ja" "$en"
t_grep "  a TMX 1.4b file" '^<tmx version="1.4">' "$tmp/a.tmx"
t_run "align --format tmx (standard output)" 0 $al --format tmx "$ja" "$en"
t_same "  the same bytes as -o" "$tmp/out" "$tmp/a.tmx"
t_run "  read back" 0 "$TAIYAKU" tmx stats "$tmp/a.tmx"
t_grep "  nothing skipped" '^skipped +0 ' "$tmp/out"
$al "$ja" "$en" >"$tmp/beads"
units=$(grep -c '<tu ' "$tmp/a.tmx")
t_ok "  one unit per bead with both sides ($units)" test "$units" -eq "$(grep -vc '\[\]' "$tmp/beads")"
$al -f tsv "$ja" "$en" | awk -F'\t' '$1 != "" && $2 != "" { print $1 "\t" $2 }' >"$tmp/pairs"
"$TAIYAKU" tmx cat "$tmp/a.tmx" >"$tmp/cat"
t_same "  each unit holds the texts the aligner paired" "$tmp/cat" "$tmp/pairs"
t_grep "  props: confidence" '<prop type="x-confidence">[01]\.[0-9]{3}</prop>' "$tmp/a.tmx"
t_grep "  props: shape" '<prop type="x-shape">[0-9]:[0-9]</prop>' "$tmp/a.tmx"
t_grep "  props: documents" '<prop type="x-ja-document">press-conference.ja.txt</prop><prop type="x-en-document">press-conference.en.txt</prop>' "$tmp/a.tmx"
t_grep "  props: segments" '<prop type="x-ja-segments">[0-9]+(-[0-9]+)?</prop><prop type="x-en-segments">[0-9]+(-[0-9]+)?</prop>' "$tmp/a.tmx"
t_ok "  tuids 1..$units" test "$(grep -o 'tuid="[0-9]*"' "$tmp/a.tmx" | tr -dc '0-9\n' | sort -n | uniq | wc -l)" -eq "$units"

# 1:0 and 0:1 beads (only 1:1, 1:0 and 0:1 allowed, so the 37 Japanese and 35 English gold
# segments need some): notes with --keep-unpaired, never one-sided units
sj="$ex/press-conference.ja.seg" se="$ex/press-conference.en.seg"
al="$al -b 1:1,1:0,0:1"
$al --segmented "$sj" "$se" >"$tmp/sbeads"
nun=$(grep -c '\[\]' "$tmp/sbeads" || true)
t_ok "  the segmented example has unpaired beads ($nun)" test "$nun" -ge 1
t_run "align --segmented -o (unpaired left out)" 0 $al --segmented -o "$tmp/s.tmx" "$sj" "$se"
t_grep "  says how many were left out" "$nun unpaired bead\(s\) .* left out; --keep-unpaired" "$tmp/err"
t_ok "  no notes" test "$(grep -c 'x-unpaired' "$tmp/s.tmx")" -eq 0
t_run "align --keep-unpaired --srclang '*all*' --ja-lang ja --en-lang en-GB" 0 $al --segmented \
    -o "$tmp/k.tmx" --keep-unpaired --srclang '*all*' --ja-lang ja --en-lang en-GB "$sj" "$se"
t_ok "  one prop-marked note per unpaired bead" test "$(grep -o '<prop type="x-unpaired-\(ja\|en\)">[0-9-]*</prop><note>' "$tmp/k.tmx" | wc -l)" -eq "$nun"
t_ok "  still one unit per paired bead" test "$(grep -c '<tu ' "$tmp/k.tmx")" -eq "$(grep -c '<tu ' "$tmp/s.tmx")"
ok=1
for b in $(grep -o '^\[[0-9]*\]:\[\]\|^\[\]:\[[0-9]*\]' "$tmp/sbeads"); do
    case $b in
    "[]:"*) i=${b#"[]:["} i=${i%]} side=en file=$se ;;
    *) i=${b#[} i=${i%%]*} side=ja file=$sj ;;
    esac
    text=$(sed -n "$((i + 1))p" "$file")
    grep -qF "<prop type=\"x-unpaired-$side\">$i</prop><note>$text</note>" "$tmp/k.tmx" || ok=0
done
t_ok "  each note holds the untranslated segment and its position" test "$ok" -eq 1
t_grep "  codes" '<tuv xml:lang="en-GB">' "$tmp/k.tmx"
t_grep "  srclang" 'srclang="\*all\*"' "$tmp/k.tmx"
t_run "  read back: notes and props kept" 0 "$TAIYAKU" tmx cat -f jsonl "$tmp/k.tmx"
t_grep "  (as props)" '"type":"x-unpaired-(ja|en)","value":"[0-9]+"\},\{"type":"note"' "$tmp/out"

al="$TAIYAKU align --no-lexicon"
t_run "align --min-confidence 0.9" 0 $al -o "$tmp/h.tmx" --min-confidence 0.9 "$ja" "$en"
# the confidence to 4 places (jsonl): the 3 of the beads format round 0.8996 up to 0.900
$al -f jsonl "$ja" "$en" >"$tmp/beads.jsonl"
low=$(grep -v '"shape":"[0-9]*:0"\|"shape":"0:' "$tmp/beads.jsonl" |
    sed 's/.*"confidence":\([0-9.]*\).*/\1/' | awk '$1 < 0.9' | wc -l)
t_ok "  drops the beads under 0.9 ($low)" test "$(grep -c '<tu ' "$tmp/h.tmx")" -eq $((units - low))
t_grep "  and says how many" "$low bead\(s\) under --min-confidence 0.90 left out" "$tmp/err"
t_run "align --ja-lang ja_JP" 64 $al -o "$tmp/x.tmx" --ja-lang ja_JP "$ja" "$en"
t_grep "  refused, naming the fix" "write 'ja-JP'" "$tmp/err"
t_ok "  nothing written" test ! -e "$tmp/x.tmx"
t_run "align -o with another --format" 64 $al -o "$tmp/x.tmx" -f tsv "$ja" "$en"
t_run "align TMX options without TMX output" 64 $al --keep-unpaired "$ja" "$en"
t_run "align -o into a missing directory" 2 $al -o "$tmp/no/such/x.tmx" "$ja" "$en"

# tmx/press-conference.tmx is what `make tmx` writes: check that it is up to date
t_run "the bundled TMX regenerates" 0 env SOURCE_DATE_EPOCH=1760659200 $al -o "$tmp/pc.tmx" "$ja" "$en"
t_same "  tmx/press-conference.tmx is byte-identical (after changing the aligner: make tmx)" \
    "$tmp/pc.tmx" "$top_srcdir/tmx/press-conference.tmx"
t_done
