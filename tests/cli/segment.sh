#!/bin/sh
# segment.sh — `taiyaku segment` on the bundled example pair (text and JSON lines, both
# languages) against expected files, --abbrev changing a result, and usage errors (missing
# --lang, bad --lang, bad --format, no file, two files, bad --abbrev file): each one line
# on stderr with the right exit status; a large file (mapped) segmented as the same bytes on
# standard input (read); a file shrunk while mapped (the segments before written whole, then
# the error); a write per segment on a terminal. Decoding errors are tested in decode.sh.
# Regenerate the expected files after a deliberate change with TY_REGEN=1 make check.
. "$top_srcdir/tests/setup"

ex="$top_srcdir/examples"
exp="$top_srcdir/tests/cli/expected"
one_line() { test "$(wc -l <"$tmp/err")" -eq 1; }

for lang in ja en; do
    for fmt in text jsonl; do
        name="segment-press.$lang.$fmt"
        t_run "$lang $fmt: exit 0" 0 "$TAIYAKU" segment --lang "$lang" --format "$fmt" \
            "$ex/press-conference.$lang.txt"
        [ "${TY_REGEN:-0}" = 1 ] && cp "$tmp/out" "$exp/$name"
        t_same "$lang $fmt: expected output" "$tmp/out" "$exp/$name"
    done
    # the text format is the gold segmentation of the example, with paragraph breaks
    grep -v '^$' "$exp/segment-press.$lang.text" >"$tmp/segs"
    t_same "$lang: segments are the example's gold .seg" "$tmp/segs" "$ex/press-conference.$lang.seg"
done
t_grep "jsonl: a label is recorded" '"label":"Minister Yamamoto:"' "$exp/segment-press.en.jsonl"
t_grep "jsonl: a heading is a line" '"kind":"line".*"text":"Opening Remarks"' "$exp/segment-press.en.jsonl"

# the text printer copies segments into a buffer of its own (64 KiB) and writes it when full:
# 60 copies of the example as paragraphs (200 KB of output, across many buffers), then a
# segment longer than the buffer, print what the example prints, copy after copy
: >"$tmp/many.txt"
: >"$tmp/many.want"
i=0
while [ $i -lt 60 ]; do
    [ $i -gt 0 ] && printf '\n' >>"$tmp/many.want"
    cat "$ex/press-conference.ja.txt" >>"$tmp/many.txt"
    printf '\n' >>"$tmp/many.txt"
    cat "$exp/segment-press.ja.text" >>"$tmp/many.want"
    i=$((i + 1))
done
awk 'BEGIN { s = "x"; while (length(s) < 70000) s = s s; s = substr(s, 1, 70000)
    printf "%s\n", s >>ARGV[1]; printf "\n%s\n", s >>ARGV[2]; ARGV[1] = ARGV[2] = "" }' \
    "$tmp/many.txt" "$tmp/many.want"
t_run "many buffers: exit 0" 0 "$TAIYAKU" segment --lang ja "$tmp/many.txt"
t_same "many buffers: the example's segments, copy after copy, then the long one" "$tmp/out" \
    "$tmp/many.want"

# standard input, and --abbrev adding an abbreviation that changes a result
printf 'The Div. Total rose. Then it fell.\n' >"$tmp/abbr.txt"
t_run "stdin: exit 0" 0 sh -c "\"$TAIYAKU\" segment --lang en - <\"$tmp/abbr.txt\""
printf 'The Div.\nTotal rose.\nThen it fell.\n' >"$tmp/want"
t_same "without --abbrev: 'Div.' ends a sentence" "$tmp/out" "$tmp/want"
printf '# mine\nDiv.\n' >"$tmp/list"
t_run "--abbrev: exit 0" 0 "$TAIYAKU" segment --lang en --abbrev "$tmp/list" "$tmp/abbr.txt"
printf 'The Div. Total rose.\nThen it fell.\n' >"$tmp/want"
t_same "with --abbrev: 'Div.' does not" "$tmp/out" "$tmp/want"
printf 'Div.\ntwo words\n' >"$tmp/badlist"
t_run "--abbrev with a bad entry: exit 2" 2 "$TAIYAKU" segment --lang en -a "$tmp/badlist" "$tmp/abbr.txt"
t_grep "--abbrev bad entry: names file and line" "badlist:2: .*white space" "$tmp/err"
t_ok "--abbrev bad entry: one line" one_line
t_run "--abbrev missing file: exit 2" 2 "$TAIYAKU" segment --lang en -a "$tmp/nope" "$tmp/abbr.txt"
t_ok "--abbrev missing file: one line" one_line

# a file of 64 KiB or more is mapped, not read (ty__map_bytes); standard input is read: both
# give the same segments and offsets, for valid UTF-8 ending on a page boundary (131,072
# bytes, no final newline: the byte after the text is the page mapped after the file's), with
# a BOM, and for the inputs that are copied and decoded as before (Shift_JIS, ISO-2022-JP,
# ill-formed UTF-8)
big="$tmp/big.ja.txt"
: >"$big"
while [ "$(wc -c <"$big")" -lt 120000 ]; do cat "$ex/press-conference.ja.txt" >>"$big"; done
pad=$((131072 - $(wc -c <"$big")))
awk -v n="$pad" 'BEGIN { s = "Tail line without a period"
    while (length(s) < n) s = s "x"
    printf "%s", substr(s, 1, n) }' >>"$big"
t_ok "mapped: the file is 131,072 bytes" test "$(wc -c <"$big")" -eq 131072
same_as_stdin() { # NAME FILE [OPTIONS...]: the file and the same bytes on standard input agree
    name=$1 f=$2
    shift 2
    "$TAIYAKU" segment --lang ja --format jsonl "$@" - <"$f" >"$tmp/stdin.out" 2>"$tmp/stdin.err" ||
        echo "exit $?" >>"$tmp/stdin.err"
    want=$(sed -n 's/^exit //p' "$tmp/stdin.err" | grep . || echo 0)
    t_run "$name: exit as from stdin" "$want" "$TAIYAKU" segment --lang ja --format jsonl "$@" "$f"
    t_same "$name: same output as from stdin" "$tmp/out" "$tmp/stdin.out"
}
same_as_stdin "mapped UTF-8 on a page boundary" "$big"
t_grep "mapped: the last line is there" '"text":"Tail line without a periodx*"}' "$tmp/out"
printf '\357\273\277' | cat - "$big" >"$tmp/bom.txt"
same_as_stdin "mapped UTF-8 with a BOM" "$tmp/bom.txt"
if t_need iconv libc-bin command -v iconv; then
    iconv -f UTF-8 -t SHIFT_JIS "$ex/press-conference.ja.txt" >"$tmp/one.sjis"
    : >"$tmp/big.sjis"
    while [ "$(wc -c <"$tmp/big.sjis")" -lt 70000 ]; do cat "$tmp/one.sjis" >>"$tmp/big.sjis"; done
    same_as_stdin "mapped Shift_JIS (copied, detected)" "$tmp/big.sjis"
    t_grep "mapped Shift_JIS: decoded" '"text":"【' "$tmp/out"
    iconv -f UTF-8 -t ISO-2022-JP "$big" >"$tmp/big.jis"
    same_as_stdin "mapped ISO-2022-JP (copied, recognized)" "$tmp/big.jis"
    t_grep "mapped ISO-2022-JP: decoded" '"text":"【' "$tmp/out"
fi
{ cat "$big"; printf '\n\377 broken\n'; } >"$tmp/bad.txt"
same_as_stdin "mapped ill-formed UTF-8" "$tmp/bad.txt"
t_grep "mapped ill-formed UTF-8: names the file and the byte" "bad.txt:.*131073.*0xFF" "$tmp/err"
t_ok "mapped ill-formed UTF-8: one line" one_line
same_as_stdin "mapped ill-formed UTF-8, --lenient" "$tmp/bad.txt" --lenient

# a mapped file that another process shrinks while segment reads it: one line naming the
# file, exit 2, not a crash by SIGBUS; the segments found before are all written, whole, before
# that line (the printer's buffer is written first). segment writes into a FIFO that is read
# only after the file was emptied, so it is still reading when the pages go: once with the
# error line apart, once with both streams in the FIFO, in the order they were written.
shrink="$tmp/shrink.txt"
: >"$shrink"
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32; do
    cat "$big" >>"$shrink"
done
cp "$shrink" "$tmp/shrink.keep"
"$TAIYAKU" segment --lang ja "$shrink" >"$tmp/shrink.want"
mkfifo "$tmp/fifo"
shrunk() { # FD2: segment with its standard error to FD2 ("fifo": into the FIFO too)
    cp "$tmp/shrink.keep" "$shrink"
    if [ "$1" = fifo ]; then
        "$TAIYAKU" segment --lang ja "$shrink" >"$tmp/fifo" 2>&1 &
    else
        "$TAIYAKU" segment --lang ja "$shrink" >"$tmp/fifo" 2>"$1" &
    fi
    shrink_pid=$!
    exec 3<"$tmp/fifo"
    head -c 100 <&3 >"$tmp/shrink.got"
    : >"$shrink"
    cat <&3 >>"$tmp/shrink.got"
    shrink_st=0
    wait "$shrink_pid" || shrink_st=$?
    exec 3<&-
}
whole_prefix() { # FILE: non-empty, whole lines, the start of the file's output unshrunk
    [ -s "$1" ] && [ "$(tail -c 1 "$1" | od -An -c | tr -d ' ')" = '\n' ] &&
        head -c "$(wc -c <"$1")" "$tmp/shrink.want" | cmp -s - "$1"
}
shrunk "$tmp/err"
t_ok "file shrunk while mapped: exit 2 (was $shrink_st)" test "$shrink_st" -eq 2
t_grep "file shrunk while mapped: names the file" "shrink.txt: the file shrank while it was being read" "$tmp/err"
t_ok "file shrunk while mapped: one line" one_line
t_ok "file shrunk while mapped: the segments before, whole ($(wc -c <"$tmp/shrink.got") bytes)" \
    whole_prefix "$tmp/shrink.got"
shrunk fifo
t_ok "shrunk, one stream: exit 2 (was $shrink_st)" test "$shrink_st" -eq 2
tail -n 1 "$tmp/shrink.got" >"$tmp/err"
t_grep "shrunk, one stream: the error line comes last, a line of its own" \
    "^taiyaku segment: .*shrink.txt: the file shrank" "$tmp/err"
sed '$d' "$tmp/shrink.got" >"$tmp/shrink.before"
t_ok "shrunk, one stream: whole segments before it" whole_prefix "$tmp/shrink.before"

# the printer writes 64 KiB at a time to a file or a pipe, and each segment as soon as it is
# found to a terminal (script(1) gives it one): taiyaku's writes to standard output counted
if t_need strace strace strace -o /dev/null true && t_need script bsdutils script -qec true /dev/null; then
    writes() { # TRACE: taiyaku's write(2) calls to standard output
        # taiyaku's process is the one whose execve path ends in taiyaku: strace prints a path
        # whole but cuts arguments at 32 bytes, so script's command line may end in taiyaku too
        awk '/execve\("[^"]*taiyaku"/ { pid[$1] = 1 } $1 in pid && /write\(1,/ { n++ }
            END { print n + 0 }' "$1"
    }
    "$TAIYAKU" segment --lang ja "$ex/press-conference.ja.txt" >"$tmp/want"
    segs=$(grep -c . "$tmp/want")
    # a sanitizer build's leak check cannot run under ptrace: left out of these runs
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
    export ASAN_OPTIONS
    for fmt in text jsonl; do
        st=0
        strace -f -e trace=execve,write -o "$tmp/trace" script -qec \
            "\"$TAIYAKU\" segment --lang ja --format $fmt \"$ex/press-conference.ja.txt\"" /dev/null \
            >"$tmp/tty.out" || st=$?
        t_ok "terminal, $fmt: exit 0 (was $st)" test "$st" -eq 0
        t_ok "terminal, $fmt: a write per segment ($(writes "$tmp/trace") for $segs)" \
            test "$(writes "$tmp/trace")" -eq "$segs"
        strace -f -e trace=execve,write -o "$tmp/trace" "$TAIYAKU" segment --lang ja --format $fmt \
            "$ex/press-conference.ja.txt" >"$tmp/out" || st=$?
        t_ok "file, $fmt: exit 0 (was $st)" test "$st" -eq 0
        # stdio may write a buffer in two: a whole number of its blocks, then the rest
        full=$((2 * ($(wc -c <"$tmp/out") / 65536 + 1)))
        t_ok "file, $fmt: at most two writes per 64 KiB ($(writes "$tmp/trace"), at most $full)" \
            test "$(writes "$tmp/trace")" -le "$full"
        t_same "file, $fmt: the output" "$tmp/out" "$exp/segment-press.ja.$fmt"
    done
    tr -d '\r' <"$tmp/tty.out" >"$tmp/tty.lf"
    t_same "terminal: the same lines" "$tmp/tty.lf" "$exp/segment-press.ja.jsonl"
fi

# usage errors: exit 64, one line each
t_run "no --lang: exit 64" 64 "$TAIYAKU" segment "$tmp/abbr.txt"
t_grep "no --lang: says so" "--lang ja\|en is required" "$tmp/err"
t_ok "no --lang: one line" one_line
t_run "bad --lang: exit 64" 64 "$TAIYAKU" segment --lang fr "$tmp/abbr.txt"
t_ok "bad --lang: one line" one_line
t_run "bad --format: exit 64" 64 "$TAIYAKU" segment --lang en --format xml "$tmp/abbr.txt"
t_grep "bad --format: names it" "unknown format 'xml'" "$tmp/err"
t_ok "bad --format: one line" one_line
t_run "two files: exit 64" 64 "$TAIYAKU" segment --lang en "$tmp/abbr.txt" "$tmp/abbr.txt"
t_grep "two files: says one FILE" "expected one FILE" "$tmp/err"
t_ok "two files: one line" one_line
t_run "no file: exit 64" 64 "$TAIYAKU" segment --lang en
t_ok "no file: one line" one_line
t_run "unknown option: exit 64" 64 "$TAIYAKU" segment --lang en --bogus "$tmp/abbr.txt"
t_ok "unknown option: one line" one_line
t_run "--help: exit 0" 0 "$TAIYAKU" segment --help
t_grep "--help: mentions --abbrev" "--abbrev FILE" "$tmp/out"
t_done
