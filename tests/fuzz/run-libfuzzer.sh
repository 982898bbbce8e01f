#!/bin/sh
# run-libfuzzer.sh — fuzz one target for real with libFuzzer (clang).
#
#   tests/fuzz/run-libfuzzer.sh NAME [SECONDS] [LIBFUZZER-ARGS...]
#
# Builds tests/fuzz/fuzz_NAME.c together with the library and CLI sources (src/*/*.c but the
# programs' own src/cli/main.c and src/cli/doc.c) using clang -fsanitize=fuzzer,address,undefined and the
# pkg-config flags of ICU, libxml2 and SQLite, then fuzzes for SECONDS (default 60) starting
# from tests/fuzz/seeds/NAME/. New inputs go to a scratch corpus (the seeds are not
# touched); crashes are written as crash-* files in the work directory, which is printed.
# Needs a configured build directory for config.h: TY_BUILD=DIR (default: the current
# directory if it has config.h, else a fresh `configure` run in the work directory).
# Example (from anywhere):
#   TY_BUILD=/tmp/build-me /work/main/tests/fuzz/run-libfuzzer.sh decode 60
# Replay a crash with the built binary:  WORKDIR/fuzz_NAME WORKDIR/crash-…
set -eu
name=${1:?usage: run-libfuzzer.sh NAME [SECONDS] [LIBFUZZER-ARGS...]}
secs=${2:-60}
[ $# -ge 2 ] && shift 2 || shift $#
src=$(cd "$(dirname "$0")/../.." && pwd)
target="$src/tests/fuzz/fuzz_$name.c"
[ -f "$target" ] || { echo "run-libfuzzer.sh: no $target" >&2; exit 64; }
command -v clang >/dev/null || { echo "run-libfuzzer.sh: clang not found (apt-get install clang)" >&2; exit 69; }
work=${TY_FUZZ_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/taiyaku-fuzz-$name.XXXXXX")}
mkdir -p "$work/obj" "$work/corpus"
build=${TY_BUILD:-}
if [ -z "$build" ]; then
    if [ -f ./config.h ]; then build=$(pwd); else
        build="$work/build"
        mkdir -p "$build"
        (cd "$build" && "$src/configure" -q)
    fi
fi
[ -f "$build/config.h" ] || { echo "run-libfuzzer.sh: no config.h in $build" >&2; exit 66; }
pkgs="icu-uc icu-i18n libxml-2.0 sqlite3"
cflags="-g -O1 -I$build -iquote $src/src $(pkg-config --cflags $pkgs)"
libs="$(pkg-config --libs $pkgs) -lm"
echo "== building fuzz_$name in $work"
for f in "$src"/src/*/*.c; do
    case ${f#"$src"/} in src/cli/main.c | src/cli/doc.c) continue ;; esac
    o="$work/obj/$(echo "${f#"$src"/}" | tr / _).o"
    clang $cflags -fsanitize=fuzzer-no-link,address,undefined -c "$f" -o "$o"
done
rm -f "$work/libfuzzed.a"
ar rcs "$work/libfuzzed.a" "$work"/obj/*.o
clang $cflags -fsanitize=fuzzer,address,undefined "$target" "$work/libfuzzed.a" $libs \
    -o "$work/fuzz_$name"
seeds="$src/tests/fuzz/seeds/$name"
echo "== fuzzing fuzz_$name for $secs s (seeds: $seeds)"
cd "$work"

"$work/fuzz_$name" -max_total_time="$secs" -print_final_stats=1 "$@" "$work/corpus" "$seeds" \
    2>&1 | tee "$work/fuzz.log" | grep -E '^(#[0-9]+ +(DONE|INITED)|stat::|==[0-9]+==|SUMMARY|artifact_prefix|Test unit written)' || true
found=
for f in "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-*; do
    [ -e "$f" ] && found="$found $f"
done
if [ -n "$found" ]; then
    echo "== FOUND:$found"
    exit 1
fi
echo "== no crash; corpus and log in $work"
