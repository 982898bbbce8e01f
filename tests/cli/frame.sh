#!/bin/sh
# frame.sh — the frame every subcommand runs in (src/cli/frame.c), tried on every command that
# `taiyaku --help` lists: --help (exit 0, its usage line), an unknown option, a missing value,
# a value given to a flag and an ambiguous abbreviation (exit 64, one line in the frame's
# words), and output that cannot be written (> /dev/full: exit 2 and the one line "taiyaku:
# error writing output: …"), for the help texts and for each command's real output; an
# output file that is a device is written, not replaced.
. "$top_srcdir/tests/setup"

full="taiyaku: error writing output: No space left on device"
one_line() { test "$(wc -l <"$tmp/err")" -eq 1; }
# says FILE TEXT: FILE holds exactly the line TEXT
says() { printf '%s\n' "$2" >"$tmp/want" && cmp -s "$1" "$tmp/want"; }

commands=$("$TAIYAKU" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z]*\)  .*/\1/p')
t_ok "taiyaku --help lists the commands" test "$(echo $commands | wc -w)" -ge 12

# ---- options: every command, the same words ----
for cmd in $commands; do
    t_run "$cmd --help" 0 "$TAIYAKU" $cmd --help
    t_grep "$cmd --help: its usage first" "^usage: taiyaku $cmd " "$tmp/out"
    t_grep "$cmd --help: -h, --help last" '^  -h, --help +this help$' "$tmp/out"
    opt=$(grep -Eo -- '^  (-[a-zA-Z], )?--[a-z-]+ [A-Za-z|]' "$tmp/out" | head -1 |
        sed 's/^ *\(-., \)\{0,1\}\(--[a-z-]*\) .*/\2/')

    t_run "$cmd: an unknown option" 64 "$TAIYAKU" $cmd --no-such-option
    t_ok "$cmd: says so in one line" says "$tmp/err" \
        "taiyaku $cmd: unknown option '--no-such-option' (see 'taiyaku $cmd --help')"
    t_run "$cmd: an unknown short option" 64 "$TAIYAKU" $cmd -Z
    t_ok "$cmd: names it" says "$tmp/err" \
        "taiyaku $cmd: unknown option '-Z' (see 'taiyaku $cmd --help')"
    t_run "$cmd: a value for a flag" 64 "$TAIYAKU" $cmd --help=yes
    t_ok "$cmd: says the flag takes none" says "$tmp/err" \
        "taiyaku $cmd: option '--help' takes no value (see 'taiyaku $cmd --help')"
    if [ -n "$opt" ]; then
        t_run "$cmd: $opt without its value" 64 "$TAIYAKU" $cmd "$opt"
        t_ok "$cmd: says $opt needs one" says "$tmp/err" \
            "taiyaku $cmd: option '$opt' needs a value (see 'taiyaku $cmd --help')"
    else
        t_point 0 "$cmd: --help shows no option that takes a value"
    fi
done
t_run "an ambiguous abbreviation" 64 "$TAIYAKU" align --lex g.tsv a b
t_ok "names the options it could be" says "$tmp/err" \
    "taiyaku align: option '--lex' is ambiguous (--lexicon, --lexicon-cache) (see 'taiyaku align --help')"
t_run "an unambiguous abbreviation is taken" 0 "$TAIYAKU" lookup --he
t_run "a bad number names the option and the range" 64 "$TAIYAKU" phrases --db x --max-words 0
t_ok "in one line" says "$tmp/err" \
    "taiyaku phrases: --max-words wants a number from 1 to 255, not '0' (see 'taiyaku phrases --help')"
t_run "a bad choice" 64 "$TAIYAKU" lookup --db x --color sometimes q
t_ok "lists the choices" says "$tmp/err" \
    "taiyaku lookup: unknown colour mode 'sometimes' (auto, always or never) (see 'taiyaku lookup --help')"
t_run "tmx: options before the subcommand" 0 "$TAIYAKU" tmx -f jsonl cat \
    "$top_srcdir/tests/cli/data/tm/a.tmx"
t_run "tmx stats without a file" 64 "$TAIYAKU" tmx stats
t_ok "says what it expects" one_line

# ---- output that cannot be written ----
if [ ! -w /dev/full ]; then
    t_skip "write errors" "no writable /dev/full on this system"
    t_done
    exit
fi
# full NAME WANT_STATUS CMD...: CMD exits WANT_STATUS to a file, and 2 with the one line to
# /dev/full
full() {
    f_name=$1 f_status=$2
    shift 2
    t_run "$f_name" "$f_status" "$@"
    t_ok "$f_name: it writes something" test -s "$tmp/out"
    f_st=0
    "$@" >/dev/full 2>"$tmp/err" || f_st=$?
    t_ok "$f_name > /dev/full: exit 2" test "$f_st" -eq 2
    t_ok "$f_name > /dev/full: one line says so" says "$tmp/err" "$full"
}

cd "$tmp"
cp "$top_srcdir"/tests/cli/data/tm/a.tmx "$top_srcdir"/tests/cli/data/tm/b.tmx .
cp "$top_srcdir"/tests/cli/data/consistency/pc1.ja.txt "$top_srcdir"/tests/cli/data/consistency/pc1.en.txt .
"$TAIYAKU" import --db m.sqlite a.tmx b.tmx >/dev/null 2>&1
full "taiyaku --help" 0 "$TAIYAKU" --help
full "taiyaku help" 0 "$TAIYAKU" help
full "taiyaku --version" 0 "$TAIYAKU" --version
for cmd in $commands; do
    full "$cmd --help" 0 "$TAIYAKU" $cmd --help
done
full "segment" 0 "$TAIYAKU" segment --lang en pc1.en.txt
full "segment --format jsonl" 0 "$TAIYAKU" segment --lang ja -f jsonl pc1.ja.txt
full "align" 0 "$TAIYAKU" align --no-lexicon pc1.ja.txt pc1.en.txt
full "align --format tmx" 0 "$TAIYAKU" align --no-lexicon -f tmx pc1.ja.txt pc1.en.txt
full "tmx cat" 0 "$TAIYAKU" tmx cat a.tmx
full "tmx stats" 0 "$TAIYAKU" tmx stats a.tmx
full "tmx copy -o -" 0 "$TAIYAKU" tmx copy a.tmx -o -
rm -f n.sqlite
full "import" 0 "$TAIYAKU" import --db n.sqlite a.tmx
full "export -o -" 0 "$TAIYAKU" export --db m.sqlite -o -
full "lookup" 0 "$TAIYAKU" lookup --db m.sqlite 法の支配
full "concord" 0 "$TAIYAKU" concord --db m.sqlite 法
full "stats" 0 "$TAIYAKU" stats --db m.sqlite
full "check (no findings)" 0 "$TAIYAKU" check --db m.sqlite --checks numbers
full "check (findings)" 1 "$TAIYAKU" check --db m.sqlite --checks confidence --min-confidence 1
full "phrase" 0 "$TAIYAKU" phrase --db m.sqlite --no-lexicon 予算
full "phrases" 0 "$TAIYAKU" phrases --db m.sqlite --no-lexicon
cp m.sqlite r.sqlite
t_run "remove" 0 "$TAIYAKU" remove --db r.sqlite 1
cp m.sqlite r.sqlite
f_st=0
"$TAIYAKU" remove --db r.sqlite 1 >/dev/full 2>"$tmp/err" || f_st=$?
t_ok "remove > /dev/full: exit 2" test "$f_st" -eq 2
t_ok "remove > /dev/full: one line says so" says "$tmp/err" "$full"
# an output file named on the command line that is a device (here one like /dev/full) is
# written, never replaced by a renamed file, and its failure is one line
if mknod fulldev c 1 7 2>/dev/null; then
    for cmd in "export --db m.sqlite -o fulldev" "tmx copy a.tmx -o fulldev" \
        "align --no-lexicon -o fulldev pc1.ja.txt pc1.en.txt" \
        "phrase --db m.sqlite --no-lexicon --html fulldev 予算" \
        "phrases --db m.sqlite --no-lexicon --html fulldev"; do
        f_st=0
        "$TAIYAKU" $cmd >/dev/null 2>"$tmp/err" || f_st=$?
        t_ok "$cmd: exit 2" test "$f_st" -eq 2
        t_ok "$cmd: one line says so" says "$tmp/err" \
            "taiyaku: fulldev: cannot write: No space left on device"
        t_ok "$cmd: the device is still a device" test -c fulldev
    done
else
    t_skip "outputs to a device named on the command line" "mknod needs root to make a device"
fi
t_done
