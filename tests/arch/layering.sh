#!/bin/sh
# layering.sh — the include rule of src/README.md: a folder includes its own headers, base/,
# taiyaku.h and the stages beneath it (base < text < formats < segment < anchors < {align, pair} <
# {tmx, tm} < {consistency, sheet} < batch); cli/ and serve/ include only taiyaku.h and their own
# headers (serve/ also base/dynlib.h, the loader of the optional libraries that its
# libmicrohttpd is). One test point per file; a violation names the file, the line and the header.
. "$top_srcdir/tests/setup"

rank() { # FOLDER -> its rank, or nothing for an unknown folder
    case $1 in
    base) echo 0 ;; text) echo 1 ;; formats) echo 2 ;; segment) echo 3 ;; anchors) echo 4 ;;
    align | pair) echo 5 ;; tmx | tm) echo 6 ;; consistency | sheet) echo 7 ;; batch) echo 8 ;; cli | serve) echo 9 ;;
    esac
}

cd "$top_srcdir/src"
n=0
for f in */*.c */*.h; do
    [ -f "$f" ] || continue
    n=$((n + 1))
    dir=${f%%/*}
    mine=$(rank "$dir")
    bad=""
    if [ -z "$mine" ]; then
        bad="$f: the folder '$dir' is not a stage of src/README.md"
    else
        # each quoted include with its line number
        for inc in $(grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" |
            sed 's/^\([0-9]*\):[^"]*"\([^"]*\)".*/\1:\2/'); do
            line=${inc%%:*} h=${inc#*:}
            case $h in
            config.h | taiyaku.h) continue ;;
            */*) ;;
            *) [ -f "$dir/$h" ] && continue
               [ "$dir" = segment ] && [ "$h" = abbrev-en.inc ] && continue ;;
            esac
            other=${h%%/*}
            [ "$other" = src ] && other=$(echo "$h" | cut -d/ -f2) # generated, in the build dir
            if [ "$other" = "$dir" ]; then continue; fi
            if [ "$dir" = serve ] && [ "$h" = base/dynlib.h ]; then continue; fi
            theirs=$(rank "$other")
            if [ "$dir" = cli ] || [ "$dir" = serve ] || [ -z "$theirs" ]; then
                bad="$f:$line: includes \"$h\" ($dir/ may include only taiyaku.h and $dir/)"
                [ "$dir" = cli ] || bad="$f:$line: includes \"$h\", which is in no stage"
                break
            fi
            if [ "$other" != base ] && [ "$theirs" -ge "$mine" ]; then
                bad="$f:$line: includes \"$h\": $dir/ may not include $other/ (only stages beneath it)"
                break
            fi
        done
    fi
    if [ -z "$bad" ]; then
        t_point 1 "layering: $f"
    else
        t_point 0 "layering: $f"
        echo "#   $bad"
    fi
done
t_ok "layering: files checked" test "$n" -gt 50
t_done
