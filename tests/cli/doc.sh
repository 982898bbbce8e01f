#!/bin/sh
# doc.sh — what src/taiyaku-doc writes from the command records that `taiyaku --help` prints:
# README.md's command table (the same as the records'; `make readme-commands` rewrites it),
# the man page doc/taiyaku.1 (renders without a warning and holds every option of every
# command's --help) and the bash completion (commands, options, their values).
. "$top_srcdir/tests/setup"

doc="$top_builddir/src/taiyaku-doc"
page="$top_builddir/doc/taiyaku.1"
comp="$top_builddir/doc/bash-completion/taiyaku"
commands=$("$TAIYAKU" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\)  .*/\1/p')

# needs CLIENT PACKAGE: say SKIP loudly when a tool is missing (FAIL with TY_REQUIRE_CLIENTS=1)
needs() {
    command -v "$1" >/dev/null 2>&1 && return 0
    if [ "${TY_REQUIRE_CLIENTS:-0}" = 1 ]; then
        t_point 0 "$1 is needed: apt-get install $2"
    else
        t_skip "$1" "$1 missing: apt-get install $2"
    fi
    return 1
}

# ---- README.md ----
t_run "the README's table from the records" 0 "$doc" readme "$top_srcdir/README.md"
t_same "README.md's command table is the records' (run make readme-commands)" "$tmp/out" \
    "$top_srcdir/README.md"
for cmd in $commands; do
    t_grep "the README's table has $cmd" "^\| \`taiyaku $cmd " "$tmp/out"
done
sed 's/^| `taiyaku segment .*/| `taiyaku segment FILE` | split |/' "$top_srcdir/README.md" \
    >"$tmp/drifted.md"
t_run "a README whose table drifted" 0 "$doc" readme "$tmp/drifted.md"
t_same "  gets the records' table back" "$tmp/out" "$top_srcdir/README.md"
grep -v '^<!-- /commands' "$top_srcdir/README.md" >"$tmp/nomarker.md"
t_run "a README without the end marker" 2 "$doc" readme "$tmp/nomarker.md"
t_grep "  is refused in one line" 'nomarker.md: no .*commands' "$tmp/err"

# options CMD: the long options `taiyaku CMD --help` lists, one a line
options() {
    "$TAIYAKU" "$1" --help | grep -Eo '^(  -[a-zA-Z], |      )--[a-z-]+' | sed 's/.*--/--/'
}

# ---- the man page ----
t_ok "the man page is built" test -s "$page"
t_run "the man page from the records" 0 "$doc" man
t_same "  is the one built" "$tmp/out" "$page"
if needs groff groff-base; then
    # every warning but those on filling lines, which depend on the paths the build chose
    t_run "groff renders the man page" 0 groff -k -man -Tutf8 -ww -Wbreak "$page"
    t_ok "  without a warning" test ! -s "$tmp/err"
    sed 's/\x1b\[[0-9;]*m//g; s/.\x08//g; s/‐/-/g' "$tmp/out" >"$tmp/page.txt"
    t_grep "  with its name" '^NAME' "$tmp/page.txt"
    for cmd in $commands; do
        options $cmd >"$tmp/opts"
        missing=
        while read -r o; do
            grep -q -- "$o" "$tmp/page.txt" || missing="$missing $o"
        done <"$tmp/opts"
        t_ok "the man page has every option of '$cmd --help'${missing:+ (not:$missing)}" \
            test -z "$missing"
    done
fi
if needs man man-db; then
    t_run "man -l shows the page" 0 env MANWIDTH=80 MAN_KEEP_FORMATTING=0 man -l "$page"
    sed 's/.\x08//g' "$tmp/out" >"$tmp/man.txt"
    t_grep "  the commands' section" '^COMMANDS' "$tmp/man.txt"
fi

# ---- bash completion ----
# complete WORD...: the completions bash offers for the command line WORD... (the last word is
# the one being completed)
complete() {
    bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _taiyaku
             printf "%s\n" "${COMPREPLY[@]}"' _ "$comp" "$@"
}
if needs bash bash; then
    t_ok "the completion is built" test -s "$comp"
    t_ok "taiyaku al<TAB> gives align" test "$(complete taiyaku al)" = align
    t_ok "taiyaku align --no-l<TAB> gives --no-lexicon" \
        test "$(complete taiyaku align --no-l)" = --no-lexicon
    t_ok "taiyaku tmx c<TAB> gives cat and copy" test "$(complete taiyaku tmx c | tr '\n' ' ')" = "cat copy "
    t_ok "taiyaku segment --lang <TAB> gives ja and en" \
        test "$(complete taiyaku segment --lang '' | tr '\n' ' ')" = "ja en "
    t_ok "taiyaku phrases --sort s<TAB> gives share" test "$(complete taiyaku phrases --sort s)" = share
    t_ok "taiyaku <TAB> gives every command" \
        test "$(complete taiyaku '' | grep -v '^--' | tr '\n' ' ')" = "$(echo $commands) "
    for cmd in $commands; do
        options $cmd | sort >"$tmp/want"
        complete taiyaku $cmd -- | sort >"$tmp/got"
        t_same "taiyaku $cmd --<TAB> offers the options of its --help" "$tmp/got" "$tmp/want"
    done
fi
t_done
