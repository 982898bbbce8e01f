#!/bin/sh
# tmx-clients.sh — the TMX taiyaku writes, checked by the programs translators use:
#  - xmllint against the TMX 1.4b DTD and XSD (taken at test time from OmegaT's jar);
#  - translate-toolkit (python3-translate) and Perl XML::TMX::Reader read every unit, with
#    the right text under the right language code (the texts taiyaku's own reader gives,
#    which tests/cli/tmx.sh compares with the aligner's pairs);
#  - OmegaT 3.6, headless, pre-translates the Japanese documents from taiyaku's TMX in
#    tm/auto/: the share of their Japanese text it fills must be >= 95% of the share it fills
#    from a TMX of the true pairs (the gold files; the ceiling OmegaT's own segmentation
#    allows), and every filled segment must be a pair the aligner made.
# A client that is not installed is a SKIP naming the Debian package to install (omegat
# python3-translate libxml-tmx-perl libxml2-utils unzip default-jre-headless), or a failure
# when TY_REQUIRE_CLIENTS=1, as ./bootstrap check sets it after installing them all; never a
# silent pass. The corpus pairs (mofa-style-*, constitution-*) are skipped when
# ../shared/corpus is absent.
. "$top_srcdir/tests/setup"
ex="$top_srcdir/examples"
data="$top_srcdir/tests/cli/data/tmx"
helper="$top_srcdir/tests/cli/tmx_clients.py"
jar=/usr/share/omegat/OmegaT.jar

# ---- the clients -------------------------------------------------------------------------
py=
for p in python3 /usr/bin/python3; do
    if "$p" -c 'import translate.storage.tmx' >/dev/null 2>&1; then py=$p; break; fi
done
t_need xmllint libxml2-utils command -v xmllint && xmllint=1 || xmllint=
t_need unzip unzip command -v unzip && unzip=1 || unzip=
t_need omegat omegat test -f "$jar" && omegat=1 || omegat=
t_need java default-jre-headless command -v java && java=1 || java=
t_need translate-toolkit python3-translate test -n "$py" && tt=1 || tt=
t_need perl-xml-tmx libxml-tmx-perl perl -MXML::TMX::Reader -e 1 && perltmx=1 || perltmx=
[ -n "$omegat" ] && [ -n "$unzip" ] && [ -n "$java" ] || omegat=

# ---- the TMX files under test -------------------------------------------------------------
mkdir "$tmp/tmx" "$tmp/pairs"
pairs() { # NAME JA EN [ALIGN-OPTIONS]: align to NAME.tmx; the units as taiyaku reads them
    name=$1 ja=$2 en=$3 #                  (tests/cli/tmx.sh checks that they are the aligner's
    shift 3             #                  pairs) in pairs/NAME.tsv
    "$TAIYAKU" align "$@" -o "$tmp/tmx/$name.tmx" "$ja" "$en" 2>/dev/null &&
        "$TAIYAKU" tmx cat "$tmp/tmx/$name.tmx" >"$tmp/pairs/$name.tsv"
}
t_ok "align the example to TMX" pairs example "$ex/press-conference.ja.txt" "$ex/press-conference.en.txt"
t_ok "align the example (gold segments, notes, srclang *all*)" pairs example-notes \
    "$ex/press-conference.ja.seg" "$ex/press-conference.en.seg" --segmented --keep-unpaired --srclang '*all*'
docs="example:$ex/press-conference"
if ls "$corpus"/mofa-style-*.gold "$corpus"/constitution-*.gold >/dev/null 2>&1; then
    for g in "$corpus"/mofa-style-*.gold "$corpus"/constitution-*.gold; do
        b=${g%.gold} n=$(basename "$b")
        t_ok "align $n to TMX" pairs "$n" "$b.ja.txt" "$b.en.txt"
        docs="$docs $n:$b"
    done
else
    t_skip "corpus pairs" "no corpus at $corpus"
fi
cp "$top_srcdir/tmx/press-conference.tmx" "$tmp/tmx/bundled.tmx"
for f in mixed trados-utf16 tmx11; do
    t_ok "tmx copy $f.tmx" "$TAIYAKU" tmx copy -q "$data/$f.tmx" -o "$tmp/tmx/copy-$f.tmx"
done
t_ok "tmx copy --flatten mixed.tmx" "$TAIYAKU" tmx copy -q --flatten "$data/mixed.tmx" -o "$tmp/tmx/copy-flat.tmx"
t_ok "tmx copy of inline markup (sub, hi, it, ut)" sh -c "\"$TAIYAKU\" tmx copy -q \"$top_srcdir/tests/fuzz/seeds/tmx_read/markup.tmx\" -o \"$tmp/tmx/copy-markup.tmx\" 2>/dev/null"

# ---- xmllint: DTD and XSD -------------------------------------------------------------------
if [ -n "$xmllint" ] && [ -n "$unzip" ] && [ -n "$omegat" ]; then
    s="$tmp/schemas"
    t_ok "the TMX 1.4b DTD and XSD from OmegaT's jar" \
        unzip -q -o -j "$jar" schemas/tmx14.dtd schemas/tmx14.xsd schemas/xml.xsd -d "$s"
    for f in "$tmp"/tmx/*.tmx; do
        n=$(basename "$f")
        t_ok "xmllint --dtdvalid tmx14.dtd: $n" xmllint --noout --nonet --dtdvalid "$s/tmx14.dtd" "$f"
        t_ok "xmllint --schema tmx14.xsd: $n" xmllint --noout --nonet --schema "$s/tmx14.xsd" "$f"
    done
    # the checks can fail: a <tuv> without xml:lang (only the XSD sees it), markup the DTD lacks
    sed '0,/ xml:lang="en-US"/s/ xml:lang="en-US"//' "$tmp/tmx/example.tmx" >"$tmp/nolang.xml"
    t_ok "control: the XSD rejects a <tuv> without xml:lang" \
        sh -c "! xmllint --noout --nonet --schema '$s/tmx14.xsd' '$tmp/nolang.xml' 2>/dev/null"
    sed '0,/<seg>/s/<seg>/<seg><b>x<\/b>/' "$tmp/tmx/example.tmx" >"$tmp/bold.xml"
    t_ok "control: the DTD rejects <b> in a <seg>" \
        sh -c "! xmllint --noout --nonet --dtdvalid '$s/tmx14.dtd' '$tmp/bold.xml' 2>/dev/null"
fi

# ---- translate-toolkit and Perl XML::TMX: every unit, right text under the right code ------
for f in "$tmp"/pairs/*.tsv; do
    n=$(basename "$f" .tsv)
    if [ -n "$tt" ]; then
        "$py" "$helper" tt-read "$tmp/tmx/$n.tmx" ja-JP en-US >"$tmp/tt.tsv" 2>"$tmp/tt.err" || true
        t_same "translate-toolkit reads $n.tmx: every unit, texts by language" "$tmp/tt.tsv" "$f"
    fi
    if [ -n "$perltmx" ]; then
        perl -MXML::TMX::Reader -CS -e '
            my ($file, @codes) = @ARGV;
            my $r = XML::TMX::Reader->new($file) or die "cannot read $file\n";
            $r->for_tu(sub {
                my $tu = shift;
                print join("\t", map {
                    my $t = $tu->{$_} ? $tu->{$_}{-seg} : "(none)";
                    $t =~ s/[ \t\r\n]+/ /g; $t =~ s/^ | $//g; $t } @codes), "\n";
            });' "$tmp/tmx/$n.tmx" ja-JP en-US >"$tmp/perl.tsv" 2>"$tmp/perl.err" || true
        t_same "Perl XML::TMX::Reader reads $n.tmx: every unit, texts by language" "$tmp/perl.tsv" "$f"
    fi
done
for f in "$tmp"/tmx/copy-*.tmx; do
    n=$(basename "$f")
    want=$("$TAIYAKU" tmx stats "$f" | awk '$1 == "units" { print $2 }')
    if [ -n "$tt" ]; then
        got=$("$py" -c 'import sys; from translate.storage import tmx; print(len(tmx.tmxfile.parsefile(sys.argv[1]).units))' "$f")
        t_ok "translate-toolkit reads all $want units of $n ($got)" test "$got" = "$want"
    fi
    if [ -n "$perltmx" ]; then
        got=$(perl -MXML::TMX::Reader -e 'my $n = 0; XML::TMX::Reader->new($ARGV[0])->for_tu(sub { $n++ }); print $n' "$f")
        t_ok "Perl XML::TMX reads all $want units of $n ($got)" test "$got" = "$want"
    fi
done

# ---- OmegaT: pre-translation from taiyaku's TMX vs from the true pairs -------------------------
project() { # DIR [BREAKS]: an OmegaT project ja-JP -> en-US with the documents in source/
    mkdir -p "$1/source" "$1/tm/auto" "$1/target" "$1/omegat" "$1/glossary" "$1/dictionary"
    cat >"$1/omegat.project" <<EOF
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir>
    <target_dir>__DEFAULT__</target_dir>
    <tm_dir>__DEFAULT__</tm_dir>
    <glossary_dir>__DEFAULT__</glossary_dir>
    <glossary_file>__DEFAULT__</glossary_file>
    <dictionary_dir>__DEFAULT__</dictionary_dir>
    <source_lang>ja-JP</source_lang>
    <target_lang>en-US</target_lang>
    <source_tok>org.omegat.tokenizer.DefaultTokenizer</source_tok>
    <target_tok>org.omegat.tokenizer.DefaultTokenizer</target_tok>
    <sentence_seg>true</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
EOF
    if [ "${2:-}" = BREAKS ]; then # the text filter's "a segment per line" option
        cat >"$1/omegat/filters.xml" <<EOF
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<filters>
  <filter className="org.omegat.filters2.text.TextFilter" enabled="true">
    <files sourceFilenameMask="*.txt" targetFilenamePattern="\${filename}"/>
    <option name="segmentOn" value="BREAKS"/>
  </filter>
</filters>
EOF
    fi
    for d in $docs; do
        cp "${d#*:}.ja.txt" "$1/source/"
    done
}
omegat_run() { # DIR
    java -Djava.awt.headless=true -jar "$jar" "$1" --mode=console-translate >"$1.log" 2>&1
}
# per document: name, share filled from ours, from the gold, ratio
shares() { # OURS GOLD
    "$py" "$helper" omegat-share "$1" >"$1.shares" && "$py" "$helper" omegat-share "$2" >"$2.shares" &&
        paste "$1.shares" "$2.shares" | awk -F'\t' '{
            o = ($2 - $3) / $2; g = ($5 - $6) / $5
            sub(/\.ja\.txt$/, "", $1); printf "%s %.3f %.3f %.3f\n", $1, o, g, (g > 0 ? o / g : 0) }'
}
if [ -n "$omegat" ] && [ -n "$tt" ]; then
    for mode in default BREAKS; do
        ours="$tmp/omegat-ours-$mode" gold="$tmp/omegat-gold-$mode"
        project "$ours" "$mode"
        project "$gold" "$mode"
        for d in $docs; do
            n=${d%%:*} b=${d#*:}
            cp "$tmp/tmx/$n.tmx" "$ours/tm/auto/"
            "$py" "$helper" gold-tmx "$b" "$gold/tm/auto/$n.tmx"
        done
        t_ok "OmegaT ($mode text filter) runs with taiyaku's TMX" omegat_run "$ours"
        t_grep "  and reads it" 'Reading of TMX file complete' "$ours.log"
        t_ok "OmegaT ($mode text filter) runs with the true pairs" omegat_run "$gold"
        shares "$ours" "$gold" >"$tmp/shares-$mode"
        while read -r n o g r; do
            echo "# OmegaT $mode: $n: filled $o of the Japanese text from taiyaku's TMX, $g from the true pairs: $r of the ceiling"
            if [ "$mode" = default ]; then
                t_ok "OmegaT fills $n from taiyaku's TMX >= 95% as much as from the true pairs ($o / $g = $r)" \
                    awk "BEGIN { exit !($r >= 0.95) }"
            fi
        done <"$tmp/shares-$mode"
        t_ok "  shares for every document" test "$(wc -l <"$tmp/shares-$mode")" -eq "$(echo $docs | wc -w)"
        "$py" "$helper" omegat-pairs "$ours" "$ours"/tm/auto/*.tmx >"$tmp/pairs-$mode"
        filled=$(awk '$1 == "filled" { print $2 }' "$tmp/pairs-$mode")
        t_ok "OmegaT ($mode) filled segments from taiyaku's TMX (${filled:-0})" test "${filled:-0}" -gt 0
        t_ok "  every one with the English the aligner paired with it" test "$(grep -c '^stray' "$tmp/pairs-$mode")" -eq 0
        grep '^stray' "$tmp/pairs-$mode" | head -5 | sed 's/^/#   /'
    done
fi
t_done
