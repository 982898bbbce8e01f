#!/usr/bin/env python3
"""merge-pairs.py — the corpus's pairs made freer: sentences merged the way translators merge
and split them, for measuring the aligner and its confidence on the issue-11 phenomena at a
density the corpus does not have.

    merge-pairs.py CORPUS OUT 12|21 [--max-len N] [--every K]

Reads every NAME.ja.seg, NAME.en.seg and NAME.gold of CORPUS and writes them to OUT with some
pairs of consecutive gold 1:1 beads, [i]:[j] then [i+1]:[j+1], made one bead:
  12  the two Japanese sentences joined into one (the first one's 。 becomes 、): a 1:2 bead
      whose second English sentence is short (at most N characters, white space aside; 80 by
      default): "a Japanese sentence rendered as an English sentence plus a very short one";
  21  the two English sentences joined into one (the first one's final period becomes "; ",
      the second one's capital stays) where the first Japanese sentence is short (at most N
      characters; 30 by default) and ends in 。: "a short Japanese sentence merged into the
      next English sentence".
Both pairs must be sentences on both sides (a heading or a line is never merged), and neither
joins a sentence that starts with a speaker label (【) to the one before it. Every K-th such
pair is merged (K = 2 by default), so the same folder and arguments always give the same
files. OUT gets NAME.ja.seg, NAME.en.seg, NAME.gold (the gold of the new segmentation) and
NAME.merged (the merged beads, one a line, as in NAME.gold).
The text is not a real translation's: the joined sentence is two sentences with a comma or a
semicolon between them, and the share of merged beads is higher than in any real document.
"""
import os
import re
import sys

BEAD = re.compile(r'^\[([0-9,]*)\]:\[([0-9,]*)\]')


def ids(s):
    return [int(x) for x in s.split(',')] if s else []


def lines(path):
    """The file's lines, a final newline or not."""
    with open(path, encoding='utf-8') as f:
        text = f.read()
    return text[:-1].split('\n') if text.endswith('\n') else text.split('\n') if text else []


def sentence(text, ends):
    """Whether text ends as a sentence does (headings and lines do not)."""
    return text.rstrip()[-1:] in ends


def mergeable(mode, ja, en, a, b, max_len):
    if not all(len(side) == 1 for side in a + b):
        return False
    j1, j2, e1, e2 = ja[a[0][0]], ja[b[0][0]], en[a[1][0]].rstrip(), en[b[1][0]]
    if (j2.startswith('【') or not j1.endswith('。') or not sentence(j2, '。？！') or
            not sentence(e1, '.?!') or not sentence(e2, '.?!')):
        return False
    if mode == '12':
        return len(e2.replace(' ', '')) <= max_len
    return len(j1) <= max_len and e1.endswith('.') and e2[:1].isupper()


def merge_doc(mode, ja, en, gold, max_len, every):
    """The new sides, their gold beads, and the indices of the merged ones among them."""
    nja, nen, ngold, merged = [], [], [], []
    k = seen = 0
    while k < len(gold):
        a = gold[k]
        if k + 1 < len(gold) and mergeable(mode, ja, en, a, gold[k + 1], max_len):
            seen += 1
            if seen % every == 0:
                b = gold[k + 1]
                if mode == '12':
                    nja.append(ja[a[0][0]][:-1] + '、' + ja[b[0][0]])
                    nen += [en[a[1][0]], en[b[1][0]]]
                    ngold.append(([len(nja) - 1], [len(nen) - 2, len(nen) - 1]))
                else:
                    nja += [ja[a[0][0]], ja[b[0][0]]]
                    nen.append(en[a[1][0]].rstrip()[:-1] + '; ' + en[b[1][0]])
                    ngold.append(([len(nja) - 2, len(nja) - 1], [len(nen) - 1]))
                merged.append(len(ngold) - 1)
                k += 2
                continue
        bead = ([], [])
        for j in a[0]:
            nja.append(ja[j])
            bead[0].append(len(nja) - 1)
        for e in a[1]:
            nen.append(en[e])
            bead[1].append(len(nen) - 1)
        ngold.append(bead)
        k += 1
    return nja, nen, ngold, merged


def fmt(bead):
    return '[%s]:[%s]\n' % tuple(','.join(map(str, side)) for side in bead)


def main(argv):
    args = argv[1:]
    opts = {'--max-len': None, '--every': None}
    for o in opts:
        if o in args:
            i = args.index(o)
            opts[o] = int(args[i + 1])
            del args[i:i + 2]
    if len(args) != 3 or args[2] not in ('12', '21'):
        sys.stderr.write(__doc__.split('\n\n')[1] + '\n')
        return 2
    src, dst, mode = args
    max_len = opts['--max-len'] or (80 if mode == '12' else 30)
    every = opts['--every'] or 2
    os.makedirs(dst, exist_ok=True)
    names = sorted(f[:-5] for f in os.listdir(src) if f.endswith('.gold'))
    total = 0
    for n in names:
        ja = lines(os.path.join(src, n + '.ja.seg'))
        en = lines(os.path.join(src, n + '.en.seg'))
        gold = []
        for line in lines(os.path.join(src, n + '.gold')):
            m = BEAD.match(line)
            if m:
                gold.append(tuple(map(ids, m.groups())))
        nja, nen, ngold, merged = merge_doc(mode, ja, en, gold, max_len, every)
        for ext, rows in (('.ja.seg', [s + '\n' for s in nja]), ('.en.seg', [s + '\n' for s in nen]),
                          ('.gold', [fmt(b) for b in ngold]),
                          ('.merged', [fmt(ngold[i]) for i in merged])):
            with open(os.path.join(dst, n + ext), 'w', encoding='utf-8') as f:
                f.writelines(rows)
        total += len(merged)
    print('merge-pairs: %d beads merged (%s) in %d pairs' % (total, '1:2' if mode == '12' else '2:1',
                                                             len(names)))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
