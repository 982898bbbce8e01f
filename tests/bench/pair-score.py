#!/usr/bin/env python3
"""pair-score.py — precision and recall of a document pairing against an archive's truth.

    pair-score.py ARCHIVE PAIRS.tsv      score `taiyaku pair ARCHIVE/ja ARCHIVE/en` output
    pair-score.py ARCHIVE --baseline     score the naive baseline on the archive

ARCHIVE is what make-archive.py writes (ja/, en/, truth.tsv). A pair is right when the truth
pairs the same two files. Precision: right pairs / pairs made; recall: right pairs / true
pairs. Prints "pairs=N true=N right=N precision=P recall=R" and then each wrong or missed
pair. The baseline pairs by the Jaccard similarity of the sets of digit strings of the two
documents, greedily, best first, above 0.1 (what the issue calls naive).
"""
import os
import re
import sys


def truth_of(archive):
    pairs, docs = set(), 0
    with open(os.path.join(archive, "truth.tsv"), encoding="utf-8") as f:
        for line in f:
            ja, en = line.rstrip("\n").split("\t")
            if ja and en:
                pairs.add((ja, en))
    return pairs


def made_of(archive, path):
    made = set()
    pj, pe = os.path.join(archive, "ja") + "/", os.path.join(archive, "en") + "/"
    with open(path, encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 2 or not cols[0] or not cols[1]:
                continue
            ja, en = cols[0], cols[1]
            made.add((ja[len(pj):] if ja.startswith(pj) else ja,
                      en[len(pe):] if en.startswith(pe) else en))
    return made


def baseline(archive):
    def digits(path):
        with open(path, encoding="utf-8") as f:
            text = f.read().translate(str.maketrans("０１２３４５６７８９", "0123456789"))
        return set(re.findall(r"[0-9]+", text))

    def files(side):
        root = os.path.join(archive, side)
        out = []
        for d, _, names in os.walk(root):
            for n in names:
                out.append(os.path.relpath(os.path.join(d, n), root))
        return sorted(out)

    ja = {f: digits(os.path.join(archive, "ja", f)) for f in files("ja")}
    en = {f: digits(os.path.join(archive, "en", f)) for f in files("en")}
    scored = []
    for a, x in ja.items():
        for b, y in en.items():
            u = len(x | y)
            if u:
                scored.append((len(x & y) / u, a, b))
    scored.sort(reverse=True)
    made, used_a, used_b = set(), set(), set()
    for s, a, b in scored:
        if s < 0.1:
            break
        if a in used_a or b in used_b:
            continue
        used_a.add(a)
        used_b.add(b)
        made.add((a, b))
    return made


def main(argv):
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 64
    truth = truth_of(argv[1])
    made = baseline(argv[1]) if argv[2] == "--baseline" else made_of(argv[1], argv[2])
    right = made & truth
    p = len(right) / len(made) if made else 1.0
    r = len(right) / len(truth) if truth else 1.0
    print("pairs=%d true=%d right=%d precision=%.4f recall=%.4f" %
          (len(made), len(truth), len(right), p, r))
    for a, b in sorted(made - truth):
        print("wrong\t%s\t%s" % (a, b))
    for a, b in sorted(truth - made):
        print("missed\t%s\t%s" % (a, b))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
