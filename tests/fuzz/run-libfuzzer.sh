#!/bin/sh
# run-libfuzzer.sh — fuzz one target for real with libFuzzer (clang), or list the targets.
#
#   tests/fuzz/run-libfuzzer.sh NAME [SECONDS] [LIBFUZZER-ARGS...]
#   tests/fuzz/run-libfuzzer.sh --list | --seeds NAME
#   tests/fuzz/run-libfuzzer.sh --check-log NAME LOG
#
# The targets are found in tests/fuzz/fuzz_*.c: a file is the target named after it
# (fuzz_decode.c: decode), unless its top comment declares targets with lines
#   * fuzz-target: NAME [-DMACRO=VALUE...] [seeds: PATH-OR-GLOB...]
# (fuzz_formats.c is built once per document format that way). A target's seeds are
# tests/fuzz/seeds/NAME/ plus the files its declaration names (paths from the source tree);
# --seeds lists them.
#
# The library and CLI sources (src/*/*.c but the programs' own src/cli/main.c and
# src/cli/doc.c) are compiled with clang -fsanitize=fuzzer-no-link,address,undefined into
# BUILD/tests/fuzz/libfuzzer/ and reused until they change; the target is linked with
# them and fuzzed for SECONDS (default 60) from a scratch copy of its seeds in a temporary
# folder that is removed at the end (the seeds are not touched). Findings (crash-*, leak-*,
# timeout-*, oom-*) are kept in BUILD/tests/fuzz/findings/NAME/ with the run's log.
# BUILD is TY_BUILD, else the current directory if it has config.h, else a fresh `configure`
# run in the temporary folder.
#
# The last line says "fuzz_NAME: E executions, R exec/s, C per CPU second, F findings" (C:
# executions per second of the run's own CPU time, which other work on the machine does not
# lower as it lowers R) and is appended to
# BUILD/tests/fuzz/summary.txt (make fuzz prints that table). The exit status is 0 only when
# the target executed inputs and found nothing: a run that executed nothing fails.
# --check-log does that last step alone over a libFuzzer log (make check tests it).
# Replay a finding with the built binary: BUILD/tests/fuzz/libfuzzer/fuzz_NAME FILE
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)

# The targets: "NAME FILE CPPFLAGS... [seeds: ...]", one a line.
targets() {
    for f in "$src"/tests/fuzz/fuzz_*.c; do
        decl=$(sed -n 's/^ \* fuzz-target: //p' "$f")
        if [ -n "$decl" ]; then
            printf '%s\n' "$decl" | while read -r name rest; do
                printf '%s %s %s\n' "$name" "$f" "$rest"
            done
        else
            name=${f##*/fuzz_}
            printf '%s %s\n' "${name%.c}" "$f"
        fi
    done
}

# decl NAME: the target's declaration without its name ("FILE CPPFLAGS... [seeds: ...]").
decl() {
    targets | awk -v n="$1" '$1 == n { $1 = ""; sub(/^ /, ""); print; exit }'
}

# seeds NAME: the files a run starts from, one a line.
seeds() {
    for s in "$src/tests/fuzz/seeds/$1"/*; do
        [ -f "$s" ] && echo "$s"
    done
    globs=$(decl "$1" | sed -n 's/.* seeds: //p')
    set -f
    # shellcheck disable=SC2086 # the declaration's words
    set -- $globs
    set +f
    for g in "$@"; do
        for s in "$src"/$g; do
            [ -f "$s" ] && echo "$s"
        done
    done
    return 0
}

# check_log NAME LOG FINDINGS [CPU]: the summary line; fails when nothing ran or something was
# found. CPU, the run's user + system seconds, adds the executions per CPU second: the
# target's own speed, which other work on the machine does not change as it changes exec/s.
check_log() {
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$2" | tail -n 1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$2" | tail -n 1)
    line="fuzz_$1: ${execs:-0} executions, ${rate:-0} exec/s"
    if [ -n "${4:-}" ]; then
        line="$line, $(awk -v e="${execs:-0}" -v c="$4" \
            'BEGIN { printf "%d", (c > 0 ? e / c : 0) }') per CPU second"
    fi
    line="$line, $3 findings"
    if [ "${execs:-0}" -eq 0 ]; then
        line="$line: FAILED, it executed nothing"
    elif [ "$3" -ne 0 ]; then
        line="$line: FAILED"
    fi
    echo "$line"
    case $line in *FAILED*) return 1 ;; esac
    return 0
}

# cpu_seconds FILE: the user + system seconds of this shell's waited-for children so far, the
# second line of the `times` builtin ("1m2.5s 0m0.3s"). `times` writes to a file: in a
# pipeline or a command substitution it would run in a forked shell, whose children's times
# start at zero.
cpu_seconds() {
    times >"$1"
    awk 'NR == 2 {
        n = 0
        for (i = 1; i <= 2; i++) { split($i, p, "m"); sub(/s$/, "", p[2]); n += p[1] * 60 + p[2] }
        printf "%.2f", n
    }' "$1"
}

case ${1:-} in
--list)
    targets | cut -d' ' -f1
    exit 0
    ;;
--seeds)
    [ -n "$(decl "${2:-}")" ] || { echo "run-libfuzzer.sh: no target '${2:-}'" >&2; exit 64; }
    seeds "$2"
    exit 0
    ;;
--check-log)
    [ $# -eq 3 ] || [ $# -eq 4 ] ||
        { echo "usage: run-libfuzzer.sh --check-log NAME LOG [CPU-SECONDS]" >&2; exit 64; }
    [ -r "$3" ] || { echo "run-libfuzzer.sh: cannot read $3" >&2; exit 66; }
    found=$(grep -c -E '^(==[0-9]+==ERROR|SUMMARY: libFuzzer)' "$3" || true)
    check_log "$2" "$3" "$found" "${4:-}"
    exit $?
    ;;
'' | -*)
    echo "usage: run-libfuzzer.sh NAME [SECONDS] [LIBFUZZER-ARGS...] | --list" >&2
    exit 64
    ;;
esac

name=$1
secs=${2:-60}
[ $# -ge 2 ] && shift 2 || shift $#
d=$(decl "$name")
[ -n "$d" ] || {
    echo "run-libfuzzer.sh: no target '$name' (run-libfuzzer.sh --list names them)" >&2
    exit 64
}
target=${d%% *}
defs=${d#"$target"}
defs=${defs%% seeds: *}
command -v clang >/dev/null || {
    echo "run-libfuzzer.sh: clang not found (apt-get install clang)" >&2
    exit 69
}

work=$(mktemp -d "${TMPDIR:-/tmp}/taiyaku-fuzz-$name.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
build=${TY_BUILD:-}
if [ -z "$build" ]; then
    if [ -f ./config.h ]; then build=$(pwd); else
        build="$work/build"
        mkdir -p "$build"
        (cd "$build" && "$src/configure" -q)
    fi
fi
[ -f "$build/config.h" ] || { echo "run-libfuzzer.sh: no config.h in $build" >&2; exit 66; }
build=$(cd "$build" && pwd)
# the sources make generates (word lists compiled in), which the library includes
make -C "$build" -s generated-sources >/dev/null ||
    { echo "run-libfuzzer.sh: make generated-sources failed in $build" >&2; exit 1; }
lib="$build/tests/fuzz/libfuzzer"
mkdir -p "$lib/obj"
# the packages configure.ac checks for: the headers of all, the libraries of those linked
# (poppler-glib, libmicrohttpd, libxlsxwriter and libpq are loaded on first use: base/dynlib.c)
pkgs="icu-uc icu-i18n libxml-2.0 sqlite3 libzip"
cflags="-g -O1 -I$build -iquote $src/src $(pkg-config --cflags $pkgs poppler-glib libmicrohttpd xlsxwriter libpq)"
libs="$(pkg-config --libs $pkgs) -lm -lpthread"

# the library: a source is compiled again when it is newer than its object, every source when
# a header or config.h is newer than the archive
if [ ! -f "$lib/libfuzzed.a" ] ||
    [ -n "$(find "$src/src" "$build/config.h" -newer "$lib/libfuzzed.a" -name '*.h' -print | head -n 1)" ]; then
    rm -f "$lib"/obj/*.o "$lib/libfuzzed.a"
fi
for f in "$src"/src/*/*.c; do
    case ${f#"$src"/} in src/cli/main.c | src/cli/doc.c) continue ;; esac
    o="$lib/obj/$(echo "${f#"$src"/}" | tr / _).o"
    [ -f "$o" ] && [ ! "$f" -nt "$o" ] && continue
    printf '%s\0%s\0' "$f" "$o"
done >"$work/stale"
if [ -s "$work/stale" ]; then
    echo "== compiling the library for libFuzzer in $lib"
    rm -f "$lib/libfuzzed.a"
    # two compilers at a time (TY_FUZZ_JOBS), as make -j2; an object is made whole or not at all
    CFLAGS="$cflags" xargs -0 -n 2 -P "${TY_FUZZ_JOBS:-2}" sh -c \
        'clang $CFLAGS -fsanitize=fuzzer-no-link,address,undefined -c "$0" -o "$1.tmp" && mv "$1.tmp" "$1"' \
        <"$work/stale" || { echo "run-libfuzzer.sh: the library did not compile" >&2; exit 1; }
fi
# taiyaku serve's page files, generated C (src/serve/embed.sh), made anew each run
(cd "$src" && sh src/serve/embed.sh src/serve/assets/*) >"$work/assets.c"
clang $cflags -fsanitize=fuzzer-no-link,address,undefined -c "$work/assets.c" \
    -o "$lib/serve_assets.o"
[ -f "$lib/libfuzzed.a" ] || ar rcs "$lib/libfuzzed.a" "$lib"/obj/*.o
# the target with tmp_memory.c (the small memory some targets make once)
# shellcheck disable=SC2086
clang $cflags $defs -fsanitize=fuzzer,address,undefined "$target" "$src/tests/fuzz/tmp_memory.c" \
    "$lib/libfuzzed.a" "$lib/serve_assets.o" $libs -o "$lib/fuzz_$name"

# the scratch corpus: the seeds' copy, which the run may add to
mkdir -p "$work/corpus"
n=0
seeds "$name" >"$work/seeds"
while IFS= read -r s; do
    cp "$s" "$work/corpus/seed-$n"
    n=$((n + 1))
done <"$work/seeds"
[ "$n" -gt 0 ] || { echo "run-libfuzzer.sh: fuzz_$name has no seeds (tests/fuzz/seeds/$name/)" >&2; exit 66; }

# a target that reads only so many bytes says so: #define TY_FUZZ_MAX_LEN N
maxlen=$(sed -n 's/^#define TY_FUZZ_MAX_LEN \([0-9][0-9]*\).*/-max_len=\1/p' "$target")
echo "== fuzzing fuzz_$name for $secs s from $n seeds $maxlen"
cpu_seconds "$work/times" >"$work/cpu0"
# shellcheck disable=SC2086 # maxlen is one word or none
(cd "$work" && "$lib/fuzz_$name" -max_total_time="$secs" -print_final_stats=1 $maxlen "$@" \
    "$work/corpus") >"$work/fuzz.log" 2>&1 || true
cpu_seconds "$work/times" >"$work/cpu1"
cpu=$(awk -v a="$(cat "$work/cpu0")" -v b="$(cat "$work/cpu1")" 'BEGIN { printf "%.2f", b - a }')
grep -E '^(#[0-9]+ +(DONE|INITED)|==[0-9]+==ERROR|SUMMARY|Test unit written)' "$work/fuzz.log" || true
found=0
out="$build/tests/fuzz/findings/$name"
for f in "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-*; do
    [ -e "$f" ] || continue
    mkdir -p "$out"
    cp "$f" "$out/"
    found=$((found + 1))
done
[ "$found" -eq 0 ] || { cp "$work/fuzz.log" "$out/fuzz.log"; echo "== findings in $out"; }
rc=0
line=$(check_log "$name" "$work/fuzz.log" "$found" "$cpu") || rc=1
echo "$line"
echo "$(date -u +%Y-%m-%dT%H:%MZ) ${secs}s $line" >>"$build/tests/fuzz/summary.txt"
exit $rc
