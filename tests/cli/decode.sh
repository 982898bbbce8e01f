#!/bin/sh
# decode.sh — reading documents through `taiyaku segment`: every encoding gives the same
# segments as UTF-8 (files made here with iconv), and bad input (missing file, directory,
# unreadable file, unknown --encoding, undecodable bytes, NUL bytes) is a one-line error
# naming the file and byte offset, exit 2; --lenient warns with a count; empty input is fine.
. "$top_srcdir/tests/setup"

seg() { "$TAIYAKU" segment "$@"; }
one_line() { test "$(wc -l <"$tmp/err")" -eq 1; }

cat >"$tmp/ja.txt" <<'EOF'
【上川外務大臣】皆様、こんにちは。本日は三点申し上げます。

第一に、能登半島地震への支援です。被災地への物資、避難所の運営について説明します。
第二に、日米外相会談です。

【記者】ありがとうございます。質問です。
EOF
"$TAIYAKU" segment --lang ja "$tmp/ja.txt" >"$tmp/want" 2>"$tmp/err" || true
t_ok "UTF-8 reference segments" test "$(grep -c . "$tmp/want")" -ge 5

# The same text in every encoding, detected and given.
conv() { # ICONV-NAME FILE
    iconv -f UTF-8 -t "$1" "$tmp/ja.txt" >"$2"
}
conv CP932 "$tmp/ja.sjis"
conv EUC-JP "$tmp/ja.euc"
conv ISO-2022-JP "$tmp/ja.jis" 2>/dev/null || conv ISO-2022-JP-2 "$tmp/ja.jis"
conv UTF-16LE "$tmp/ja.u16le"
conv UTF-16BE "$tmp/ja.u16be"
{ printf '\377\376'; cat "$tmp/ja.u16le"; } >"$tmp/ja.u16lebom"
{ printf '\376\377'; cat "$tmp/ja.u16be"; } >"$tmp/ja.u16bebom"
{ printf '\357\273\277'; cat "$tmp/ja.txt"; } >"$tmp/ja.u8bom"
for f in sjis euc jis u16lebom u16bebom u8bom; do
    t_run "$f detected: exit 0" 0 seg --lang ja "$tmp/ja.$f"
    t_same "$f detected: same segments as UTF-8" "$tmp/out" "$tmp/want"
done
for pair in sjis:Shift_JIS sjis:CP932 euc:EUC-JP jis:ISO-2022-JP u16le:UTF-16LE u16be:UTF-16BE; do
    f=${pair%%:*} enc=${pair#*:}
    t_run "$f with --encoding $enc: exit 0" 0 seg --lang ja --encoding "$enc" "$tmp/ja.$f"
    t_same "$f with --encoding $enc: same segments" "$tmp/out" "$tmp/want"
done
# Windows' extensions of Shift_JIS (CP932): NEC row 13 and IBM extension kanji.
printf '①㈱の髙橋です。Ⅲ号。\n' >"$tmp/ext.txt"
iconv -f UTF-8 -t CP932 "$tmp/ext.txt" >"$tmp/ext.sjis"
"$TAIYAKU" segment --lang ja "$tmp/ext.txt" >"$tmp/ext.want" 2>&1 || true
t_run "CP932 extensions detected: exit 0" 0 seg --lang ja "$tmp/ext.sjis"
t_same "CP932 extensions: same as UTF-8" "$tmp/out" "$tmp/ext.want"
t_run "Shift_JIS from standard input" 0 sh -c "\"$TAIYAKU\" segment --lang ja - <\"$tmp/ja.sjis\""
t_same "standard input: same segments" "$tmp/out" "$tmp/want"
tr -d '\r' <"$tmp/ja.txt" | sed 's/$/\r/' >"$tmp/ja.crlf"
t_run "CRLF line ends: exit 0" 0 seg --lang ja "$tmp/ja.crlf"
t_same "CRLF line ends: same segments" "$tmp/out" "$tmp/want"

# English in windows-1252 (Word's "smart quotes").
printf '\223Hello,\224 said the caf\351 owner. It\222s fine.\n' >"$tmp/en.cp1252"
t_run "windows-1252 English: exit 0" 0 seg --lang en "$tmp/en.cp1252"
t_grep "windows-1252 English: decoded" '“Hello,” said the café owner\.' "$tmp/out"

# Empty input.
: >"$tmp/empty.txt"
t_run "empty file: exit 0" 0 seg --lang ja "$tmp/empty.txt"
t_ok "empty file: no output" test ! -s "$tmp/out"
t_ok "empty file: no message" test ! -s "$tmp/err"

# Files that cannot be read.
t_run "missing file: exit 2" 2 seg --lang ja "$tmp/missing.txt"
t_grep "missing file: message" "^taiyaku: $tmp/missing\.txt: cannot open: No such file or directory\$" "$tmp/err"
t_ok "missing file: one line" one_line
t_run "directory: exit 2" 2 seg --lang ja "$tmp"
t_grep "directory: message" "^taiyaku: $tmp: is a directory\$" "$tmp/err"
t_ok "directory: one line" one_line
cp "$tmp/ja.txt" "$tmp/secret.txt"
chmod 000 "$tmp/secret.txt"
if [ -r "$tmp/secret.txt" ]; then
    t_skip "unreadable file: exit 2" "running as root: mode 000 does not stop reading"
    t_skip "unreadable file: message" "running as root"
else
    t_run "unreadable file: exit 2" 2 seg --lang ja "$tmp/secret.txt"
    t_grep "unreadable file: message" "^taiyaku: $tmp/secret\.txt: cannot open: Permission denied\$" "$tmp/err"
fi
chmod 600 "$tmp/secret.txt"

# Bad options.
t_run "unknown --encoding: exit 2" 2 seg --lang ja --encoding x-no-such "$tmp/ja.txt"
t_grep "unknown --encoding: names it" "unknown encoding 'x-no-such'" "$tmp/err"
t_ok "unknown --encoding: one line" one_line

# Undecodable bytes: the error names the file, the line and the byte offset.
conv CP932 "$tmp/bad.sjis"
good=$(wc -c <"$tmp/bad.sjis")
printf '\201\040\n' >>"$tmp/bad.sjis"
lines=$(($(wc -l <"$tmp/ja.txt") + 1))
t_run "bad Shift_JIS byte: exit 2" 2 seg --lang ja "$tmp/bad.sjis"
t_grep "bad Shift_JIS byte: file, line and offset" "^taiyaku: $tmp/bad\.sjis:$lines: byte $good: invalid Shift_JIS byte sequence 0x81" "$tmp/err"
t_ok "bad Shift_JIS byte: one line" one_line
t_run "bad Shift_JIS byte, --encoding: exit 2" 2 seg --lang ja -e Shift_JIS "$tmp/bad.sjis"
t_grep "bad Shift_JIS byte, --encoding: offset" ": byte $good: invalid Shift_JIS byte sequence 0x81\$" "$tmp/err"
t_run "bad Shift_JIS byte, --lenient: exit 0" 0 seg --lang ja --lenient "$tmp/bad.sjis"
t_grep "--lenient: warning with the count" "^taiyaku: $tmp/bad\.sjis: warning: replaced 1 undecodable byte sequence" "$tmp/err"
t_grep "--lenient: U+FFFD in the output" '�' "$tmp/out"
t_ok "--lenient: nothing else dropped" test "$(grep -c . "$tmp/out")" -eq "$(($(grep -c . "$tmp/want") + 1))"

cp "$tmp/ja.txt" "$tmp/bad.u8"
good=$(wc -c <"$tmp/bad.u8")
printf 'abc\343\201\n' >>"$tmp/bad.u8"
t_run "bad UTF-8: exit 2" 2 seg --lang ja "$tmp/bad.u8"
t_grep "bad UTF-8: offset" ": byte $((good + 3)): invalid UTF-8 byte sequence 0xE3 0x81\$" "$tmp/err"
t_run "bad UTF-8 on standard input: exit 2" 2 sh -c "\"$TAIYAKU\" segment --lang ja - <\"$tmp/bad.u8\""
t_grep "bad UTF-8 on standard input: named <stdin>" "^taiyaku: <stdin>:$lines: byte $((good + 3)): invalid UTF-8" "$tmp/err"

# Over the 1 GiB cap (a sparse file: nothing is written or read).
if truncate -s 1073741825 "$tmp/huge.txt" 2>/dev/null; then
    t_run "over 1 GiB: exit 2" 2 seg --lang en "$tmp/huge.txt"
    t_grep "over 1 GiB: message" "^taiyaku: $tmp/huge\.txt: input is over the 1024 MiB limit\$" "$tmp/err"
    rm -f "$tmp/huge.txt"
else
    t_skip "over 1 GiB: exit 2" "cannot make a sparse file here"
fi

printf 'First line.\nSecond\000line.\n' >"$tmp/nul.txt"
t_run "NUL byte: exit 2" 2 seg --lang en "$tmp/nul.txt"
t_grep "NUL byte: file, line, offset" "^taiyaku: $tmp/nul\.txt:2: byte 18: NUL byte" "$tmp/err"
t_ok "NUL byte: one line" one_line
t_run "NUL byte, --lenient: exit 0" 0 seg --lang en --lenient "$tmp/nul.txt"
t_grep "NUL byte, --lenient: text kept after it" 'Second�line\.' "$tmp/out"

t_done
