"""tmx_clients.py — helpers of tests/cli/tmx-clients.sh (Python 3 with Debian's
python3-translate). They read what real clients make of taiyaku's TMX; none of them decides
a test result on its own: the shell script compares and asserts.

  gold-tmx BASE OUT          TMX of the true pairs from BASE.{ja,en}.seg and BASE.gold
                             (both sides non-empty; Japanese joined with nothing, English
                             with a space), written with ElementTree
  tt-read FILE JA EN         translate-toolkit: every unit as 'Japanese<TAB>English' (the
                             <seg> under code JA and under code EN), white space folded
  omegat-share PROJ          OmegaT's project_stats.txt: 'file<TAB>total<TAB>remaining'
                             (characters without spaces) per source file
  omegat-pairs PROJ TMX...   the segments OmegaT filled (PROJ/*-omegat.tmx) that are not a
                             Japanese/English pair of the TMX files: prints 'filled N' and
                             one line per stray pair
"""
import glob
import os
import re
import sys
import xml.etree.ElementTree as ET

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def fold(s):
    """ASCII white space folded as taiyaku folds it (U+3000 and NBSP are text)."""
    return re.sub(r"[ \t\r\n]+", " ", s or "").strip(" ")


def gold_tmx(base, out):
    ja = open(base + ".ja.seg", encoding="utf-8").read().split("\n")
    en = open(base + ".en.seg", encoding="utf-8").read().split("\n")
    root = ET.Element("tmx", version="1.4")
    ET.SubElement(root, "header", creationtool="gold", creationtoolversion="1",
                  segtype="sentence", adminlang="en-US", srclang="ja-JP",
                  datatype="plaintext", **{"o-tmf": "gold"})
    body = ET.SubElement(root, "body")
    for line in open(base + ".gold", encoding="utf-8"):
        m = re.match(r"\[([0-9,]*)\]:\[([0-9,]*)\]", line.strip())
        if not m:
            continue
        js = [int(x) for x in m.group(1).split(",") if x]
        es = [int(x) for x in m.group(2).split(",") if x]
        if not js or not es:
            continue
        tu = ET.SubElement(body, "tu")
        for code, text in (("ja-JP", "".join(ja[i] for i in js)),
                           ("en-US", " ".join(en[i] for i in es))):
            tuv = ET.SubElement(tu, "tuv", {XML_LANG: code})
            ET.SubElement(tuv, "seg").text = text
    ET.ElementTree(root).write(out, encoding="UTF-8", xml_declaration=True)


def tt_read(path, ja, en):
    from translate.storage import tmx
    store = tmx.tmxfile.parsefile(path)
    for unit in store.units:
        j = unit.getNodeText(unit.getlanguageNode(lang=ja))
        e = unit.getNodeText(unit.getlanguageNode(lang=en))
        print("%s\t%s" % (fold(j) if j is not None else "(none)",
                          fold(e) if e is not None else "(none)"))


def omegat_share(proj):
    lines = open(os.path.join(proj, "omegat", "project_stats.txt"), encoding="utf-8").read()
    part = lines.split("Individual File Statistics:")[1]
    for line in part.strip().split("\n")[1:]:
        cols = [c.strip() for c in line.split("\t")]
        if len(cols) > 10 and cols[0]:
            # columns: name, segments (total, remaining, unique, unique remaining), words
            # (same four), characters without spaces (total, remaining, ...)
            print("%s\t%s\t%s" % (cols[0], cols[9], cols[10]))


def units(path):
    """The (Japanese, English) pairs of a TMX, whatever the codes' case or separator."""
    pairs = set()
    for tu in ET.parse(path).getroot().iter("tu"):
        side = {}
        for tuv in tu.findall("tuv"):
            code = (tuv.get(XML_LANG) or tuv.get("lang") or "").lower()[:2]
            seg = tuv.find("seg")
            if seg is not None and code in ("ja", "en"):
                side[code] = fold("".join(seg.itertext()))
        if "ja" in side and "en" in side:
            pairs.add((side["ja"], side["en"]))
    return pairs


def omegat_pairs(proj, tmxs):
    ours = set()
    for t in tmxs:
        ours |= units(t)
    filled = set()
    for t in glob.glob(os.path.join(proj, "*-omegat.tmx")):
        filled |= units(t)
    print("filled %d" % len(filled))
    for j, e in sorted(filled - ours):
        print("stray\t%s\t%s" % (j, e))


def main(argv):
    cmd, args = argv[1], argv[2:]
    if cmd == "gold-tmx":
        gold_tmx(*args)
    elif cmd == "tt-read":
        tt_read(*args)
    elif cmd == "omegat-share":
        omegat_share(*args)
    elif cmd == "omegat-pairs":
        omegat_pairs(args[0], args[1:])
    else:
        sys.exit("unknown command " + cmd)


if __name__ == "__main__":
    main(sys.argv)
