#!/bin/sh
# install.sh — the library as a user gets it. `make install DESTDIR=...` puts the program,
# libtaiyaku (shared and static), taiyaku.h and libtaiyaku.pc in place; programs built through
# `pkg-config --cflags --libs libtaiyaku` against the installed files alone (the header's
# example and tests/api/tiny.c) run, linked with the shared library and, with --static, with
# the static one; the installed header compiles on its own as C99 and C++; every option struct
# it declares has its ty_X_opts_init; the shared library exports exactly the functions the
# header declares, all named ty_. Controls: a .pc without its Cflags or its -ltaiyaku builds
# nothing.
. "$top_srcdir/tests/setup"
: "${TY_MAKE:=make}" "${TY_CC:=cc}" "${TY_SAN_FLAGS:=}" "${TY_PKG_CONFIG:=pkg-config}"

root="$tmp/root"
t_run "make install DESTDIR=..." 0 env MAKEFLAGS= MFLAGS= $TY_MAKE -s -C "$top_builddir" install \
    DESTDIR="$root"
installed() { # NAME: the path of the installed file NAME ("" when there is none)
    find "$root" -name "$1" ! -type d | head -1
}
pc=$(installed libtaiyaku.pc) so=$(installed libtaiyaku.so) h=$(installed taiyaku.h)
bin=$(find "$root" -path '*/bin/taiyaku' ! -type d | head -1)
t_ok "taiyaku is installed" test -x "$bin"
t_ok "the shared library is installed" test -n "$so"
t_ok "the static library is installed" test -f "${so%.so}.a"
t_ok "taiyaku.h is installed as it is in src/" cmp -s "$h" "$top_srcdir/src/taiyaku.h"
t_ok "libtaiyaku.pc is installed" test -n "$pc"
t_ok "the man page is installed" test -n "$(find "$root" -path '*/man1/taiyaku.1' | head -1)"
t_ok "the bash completion is installed" \
    test -n "$(find "$root" -path '*/completions/taiyaku' | head -1)"
t_ok "abbrev-en.txt is installed" test -n "$(installed abbrev-en.txt)"
if [ -z "$pc" ] || [ -z "$so" ] || [ -z "$h" ]; then
    t_done
    exit
fi
t_run "the installed program runs" 0 "$bin" --help
libdir=$(dirname "$so") inc=$(dirname "$h")

# pkg-config reads the staged .pc: the sysroot maps its paths into the DESTDIR
export PKG_CONFIG_SYSROOT_DIR="$root" PKG_CONFIG_ALLOW_SYSTEM_CFLAGS=1 PKG_CONFIG_ALLOW_SYSTEM_LIBS=1
export PKG_CONFIG_PATH="$(dirname "$pc")" LD_LIBRARY_PATH="$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
version=$(sed -n 's/^#define PACKAGE_VERSION "\(.*\)"$/\1/p' "$top_builddir/config.h")
t_run "pkg-config --modversion libtaiyaku" 0 $TY_PKG_CONFIG --modversion libtaiyaku
t_grep "  is the package's version ($version)" "^$version\$" "$tmp/out"
t_run "pkg-config --cflags --libs libtaiyaku" 0 $TY_PKG_CONFIG --cflags --libs libtaiyaku
t_grep "  names the installed include directory" "-I$inc( |\$)" "$tmp/out"
t_grep "  and -ltaiyaku in the installed lib directory" "-L$libdir -ltaiyaku( |\$)" "$tmp/out"

# build NAME SOURCE [--static]: SOURCE built against the installed library alone; --static
# links the static library (copied alone into $tmp/static, searched first) and the private libs
build() {
    b_name=$1 b_src=$2
    shift 2
    b_static=
    [ "${1:-}" = --static ] && b_static=-L$tmp/static
    # shellcheck disable=SC2046
    $TY_CC -std=c99 -Wall -Wextra -Werror $TY_SAN_FLAGS -o "$tmp/$b_name" "$b_src" $b_static \
        $($TY_PKG_CONFIG --cflags --libs "$@" libtaiyaku)
}
example="$top_builddir/tests/api/example.c"
ex="$top_srcdir/examples/press-conference"
t_run "the header's example builds with the installed header and shared library" 0 \
    build example "$example"
t_ok "  and loads the installed libtaiyaku.so" sh -c "ldd '$tmp/example' | grep -q '$libdir/libtaiyaku.so'"
t_run "  and aligns the bundled example" 0 env SOURCE_DATE_EPOCH=1760659200 "$tmp/example" \
    "$ex.ja.txt" "$ex.en.txt" "$tmp/example.tmx"
t_same "  to tmx/press-conference.tmx" "$tmp/example.tmx" "$top_srcdir/tmx/press-conference.tmx"
t_run "tiny.c builds with the shared library" 0 build tiny "$top_srcdir/tests/api/tiny.c"
t_run "  and runs" 0 "$tmp/tiny" "$tmp/tiny.sqlite"
t_grep "  with the installed version" "^libtaiyaku $version: 1 document, 1 unit\$" "$tmp/out"

# --static: the static library, found first in a directory of its own, and the private libs
mkdir "$tmp/static"
cp "$libdir/libtaiyaku.a" "$tmp/static/"
t_run "the example builds with the static library (pkg-config --static)" 0 \
    build example-static "$example" --static
t_run "tiny.c builds with the static library" 0 \
    build tiny-static "$top_srcdir/tests/api/tiny.c" --static
t_ok "  which they hold (no libtaiyaku.so needed)" \
    sh -c "ldd '$tmp/example-static' '$tmp/tiny-static' >'$tmp/ldd' && ! grep -q libtaiyaku '$tmp/ldd'"
t_run "  the example runs" 0 env SOURCE_DATE_EPOCH=1760659200 "$tmp/example-static" \
    "$ex.ja.txt" "$ex.en.txt" "$tmp/static.tmx"
t_same "  and writes the same TMX" "$tmp/static.tmx" "$top_srcdir/tmx/press-conference.tmx"
t_run "  tiny runs" 0 "$tmp/tiny-static" "$tmp/tiny-static.sqlite"

# controls: a broken .pc builds nothing
broken() { # NAME SED-SCRIPT: a build of the example through a .pc edited by SED-SCRIPT fails
    mkdir "$tmp/$1"
    sed "$2" "$pc" >"$tmp/$1/libtaiyaku.pc"
    (PKG_CONFIG_PATH="$tmp/$1" && export PKG_CONFIG_PATH && ! build "$1" "$example" 2>/dev/null)
}
t_ok "control: a .pc without Cflags does not build the example" broken nocflags '/^Cflags:/d'
t_ok "control: a .pc without -ltaiyaku does not build the example" broken nolibs 's/ -ltaiyaku//'

# the installed header alone
printf '#include <taiyaku.h>\nint main(void) { return ty_version() == 0; }\n' >"$tmp/alone.c"
t_run "taiyaku.h compiles alone as C99 (-pedantic)" 0 \
    $TY_CC -std=c99 -pedantic -Wall -Wextra -Werror -fsyntax-only -I"$inc" "$tmp/alone.c"
if t_need c++ g++ command -v c++; then
    t_run "taiyaku.h compiles as C++" 0 \
        c++ -x c++ -Wall -Wextra -Werror -fsyntax-only -I"$inc" "$tmp/alone.c"
fi
sed -n 's/^typedef struct \(ty_[a-z_]*_opts\) {$/\1/p' "$inc/taiyaku.h" >"$tmp/opts"
t_ok "taiyaku.h declares option structs ($(wc -l <"$tmp/opts"))" test -s "$tmp/opts"
while read -r o; do
    t_grep "$o has ${o}_init" "^void ${o}_init\\($o \\*opts\\);\$" "$inc/taiyaku.h"
done <"$tmp/opts"

# what the shared library exports: the functions the header declares (comments and the
# names of function pointer types left out), nothing else
if t_need nm binutils command -v nm; then
    nm -D --defined-only "$libdir/libtaiyaku.so" | awk 'NF == 3 { print $3 }' | sort -u >"$tmp/exported"
    echo '#include <taiyaku.h>' >"$tmp/header.c"
    $TY_CC -E -P -I"$inc" "$tmp/header.c" | sed 's/(\*[a-z0-9_]*)/ fn/g' |
        grep -oE '\bty_[a-z][a-z0-9_]*[[:space:]]*\(' | sed 's/[[:space:](]//g' | sort -u >"$tmp/declared"
    t_ok "nm -D: the library exports functions ($(wc -l <"$tmp/exported"))" test -s "$tmp/exported"
    grep -v '^ty_[a-z]' "$tmp/exported" >"$tmp/foreign" || true
    t_ok "nm -D: every exported name starts with ty_" test ! -s "$tmp/foreign"
    sed 's/^/#   /' "$tmp/foreign" | head -10
    comm -23 "$tmp/declared" "$tmp/exported" >"$tmp/missing"
    t_ok "every function taiyaku.h declares is exported ($(wc -l <"$tmp/declared"))" \
        test ! -s "$tmp/missing"
    sed 's/^/#   not exported: /' "$tmp/missing" | head -10
    comm -13 "$tmp/declared" "$tmp/exported" >"$tmp/undeclared"
    t_ok "every exported name is declared in taiyaku.h" test ! -s "$tmp/undeclared"
    sed 's/^/#   not declared: /' "$tmp/undeclared" | head -10
fi
t_done
