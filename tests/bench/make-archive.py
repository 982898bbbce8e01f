#!/usr/bin/env python3
"""make-archive.py — bilingual test archives for `taiyaku pair` and `taiyaku batch`.

    make-archive.py corpus CORPUS OUT [--seed N] [--lookalikes K] [--unpaired F]
                                      [--derived yes|no]
    make-archive.py synthetic CORPUS OUT [--seed N] [--pairs N] [--beads B]

`corpus` builds the shape of a language team's archive from the development corpus: every
pair of CORPUS (raw .ja.txt / .en.txt; the `-hard` pairs, edited copies of other pairs of the
corpus made for alignment tests, only with --derived yes), K look-alikes of each mofa-style press conference
(the same text with the date, weekday, time, other numbers and names changed consistently on
both sides: the same minister, the same structure, another day), a share F of the documents
without their counterpart (either side), opaque file names (hex) in nested folders.
`synthetic` makes N pairs of documents of B beads each, drawn at random from the corpus's gold
beads (.seg + .gold), each under a header with its own date and serial number: the shape of
the 10,000-document pairing benchmark and the 1,000-pair batch benchmark.

Both write OUT/ja/..., OUT/en/... and OUT/truth.tsv (JA<TAB>EN, paths relative to OUT/ja and
OUT/en; an empty side for a document without counterpart). The same seed gives the same
archive. The program does not pair anything; tests/bench/pair-score.py scores a pairing.
"""
import datetime
import os
import random
import re
import sys

WEEK_JA = "月火水木金土日"
WEEK_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
FW = str.maketrans("０１２３４５６７８９，", "0123456789,")
# Surnames and foreign names as the two languages write them (for the look-alikes' names).
SURNAMES = [("佐藤", "Sato"), ("鈴木", "Suzuki"), ("高橋", "Takahashi"), ("田中", "Tanaka"),
            ("山田", "Yamada"), ("岡田", "Okada"), ("吉田", "Yoshida"), ("中村", "Nakamura"),
            ("小林", "Kobayashi"), ("伊藤", "Ito"), ("木村", "Kimura"), ("森", "Mori"),
            ("石井", "Ishii"), ("原田", "Harada"), ("前田", "Maeda"), ("福田", "Fukuda"),
            ("青木", "Aoki"), ("岩田", "Iwata"), ("川口", "Kawaguchi"), ("岡本", "Okamoto"),
            ("高木", "Takagi"), ("上田", "Ueda"), ("小西", "Konishi"), ("村上", "Murakami")]
FOREIGN = [("ラブロフ", "Lavrov"), ("ブリンケン", "Blinken"), ("レトノ", "Retno"),
           ("ヴィエイラ", "Vieira"), ("ウォン", "Wong"), ("ジョリー", "Joly"),
           ("ベアボック", "Baerbock"), ("タヤーニ", "Tajani"), ("クレバ", "Kuleba"),
           ("マナロ", "Manalo"), ("バラクリシュナン", "Balakrishnan"), ("ジャイシャンカル", "Jaishankar")]


def era(d):
    """The Japanese era year of a date: ('令和', 6)."""
    if d >= datetime.date(2019, 5, 1):
        return "令和", d.year - 2018
    if d >= datetime.date(1989, 1, 8):
        return "平成", d.year - 1988
    return "昭和", d.year - 1925


def fullwidth(s):
    return s.translate(str.maketrans("0123456789", "０１２３４５６７８９"))


def find_date(ja):
    """The press conference's date from its header line: (date, full-width digits?)."""
    m = re.search(r"（(令和|平成)([0-9０-９]+)年([0-9０-９]+)月([0-9０-９]+)日（(.)曜日）", ja)
    if not m:
        return None, False
    y = int(m.group(2).translate(FW)) + (2018 if m.group(1) == "令和" else 1988)
    return datetime.date(y, int(m.group(3).translate(FW)), int(m.group(4).translate(FW))), \
        not m.group(2).isascii()


def shift_dates(ja, en, old, new, fw):
    """Every mention of the old date (and its weekday and year) becomes the new one."""
    num = (lambda n: fullwidth(str(n))) if fw else str
    e_old, y_old = era(old)
    e_new, y_new = era(new)
    ja_y_old = "(%s)(%s|%s)年" % (e_old, y_old, fullwidth(str(y_old)))
    ja = re.sub(ja_y_old, lambda m: "%s%s年" % (e_new, num(y_new)), ja)
    ja = re.sub(r"(?<![0-9０-９])(%d|%s)月(%d|%s)日(（(.)曜日）)?" % (
        old.month, fullwidth(str(old.month)), old.day, fullwidth(str(old.day))),
        lambda m: "%s月%s日%s" % (num(new.month), num(new.day),
                                 "（%s曜日）" % WEEK_JA[new.weekday()] if m.group(3) else ""), ja)
    ja = re.sub(r"(?<![0-9０-９])(%d|%s)年" % (old.year, fullwidth(str(old.year))),
                lambda m: "%s年" % num(new.year), ja)
    en = re.sub(r"%s, %s %d(?![0-9])" % (WEEK_EN[old.weekday()], MONTHS[old.month - 1], old.day),
                "%s, %s %d" % (WEEK_EN[new.weekday()], MONTHS[new.month - 1], new.day), en)
    en = re.sub(r"%s %d(?![0-9])" % (MONTHS[old.month - 1], old.day),
                "%s %d" % (MONTHS[new.month - 1], new.day), en)
    en = re.sub(r"(?<![0-9])%d(?![0-9])" % old.year, str(new.year), en)
    return ja, en


def shift_time(ja, en, rng):
    """The header's time (10時25分 / 10:25 a.m.) becomes another one."""
    m = re.search(r"([0-9０-９]+)時([0-9０-９]+)分", ja)
    if not m:
        return ja, en
    h, mi = int(m.group(1).translate(FW)), int(m.group(2).translate(FW))
    h12 = h % 12 or 12
    ampm = "a.m." if h < 12 else "p.m."
    old_en = "%d:%02d %s" % (h12, mi, ampm)
    if old_en not in en:
        return ja, en
    nh, nm = rng.randrange(8, 18), rng.randrange(0, 60)
    fw = not m.group(1).isascii()
    conv = fullwidth if fw else str
    ja = ja.replace(m.group(0), "%s時%s分" % (conv(str(nh)), conv("%02d" % nm)), 1)
    en = en.replace(old_en, "%d:%02d %s" % (nh % 12 or 12, nm, "a.m." if nh < 12 else "p.m."), 1)
    return ja, en


def vary_numbers(ja, en, rng):
    """Numbers from 32 up written the same way on both sides get new values (each value one
    new value, on both sides), except years: days, months, hours and minutes stay (the date
    and time are changed on their own)."""
    pat = r"(?<![0-9A-Za-z０-９.:])([0-9][0-9,]*[0-9])(?![0-9A-Za-z:])"
    ja_ascii = ja.translate(FW)
    both = set(re.findall(pat, ja_ascii)) & set(re.findall(pat, en))
    mapping = {}
    for s in sorted(both):
        v = int(s.replace(",", ""))
        if v < 32 or 1900 <= v <= 2100:
            continue
        nv = v
        while nv == v or nv < 32 or 1900 <= nv <= 2100:
            nv = int(v * rng.uniform(0.4, 1.8))
        t = "{:,}".format(nv) if "," in s else str(nv)
        mapping[s] = t
    if not mapping:
        return ja, en
    rx = re.compile(pat)
    en = rx.sub(lambda m: mapping.get(m.group(1), m.group(1)), en)

    def ja_sub(m):
        raw = m.group(1)
        t = mapping.get(raw.translate(FW))
        if t is None:
            return raw
        return fullwidth(t).replace(",", "，") if not raw.isascii() else t
    ja = re.sub(r"(?<![0-9A-Za-z０-９.:])([0-9０-９][0-9０-９,，]*[0-9０-９])(?![0-9A-Za-z:０-９])",
                ja_sub, ja)
    return ja, en


def vary_names(ja, en, rng):
    """Names found on both sides (reporters' surnames, foreign ministers) become others."""
    for table in (SURNAMES, FOREIGN):
        present = [(j, e) for j, e in table if j in ja and re.search(r"\b%s\b" % e, en, re.I)]
        free = [(j, e) for j, e in table if j not in ja and e not in en]
        rng.shuffle(free)
        for (j, e), (nj, ne) in zip(present, free):
            ja = ja.replace(j, nj)
            en = re.sub(r"\b%s\b" % e, ne, en)
            en = re.sub(r"\b%s\b" % e.upper(), ne.upper(), en)
    return ja, en


def lookalike(ja, en, rng):
    """Another press conference of the same series: same text, other date, time, numbers and
    names, consistent across the two languages. None when the header has no date."""
    old, fw = find_date(ja)
    if not old:
        return None
    new = old + datetime.timedelta(days=rng.choice([-1, 1]) * rng.randrange(7, 400))
    ja2, en2 = vary_numbers(ja, en, rng)
    ja2, en2 = shift_dates(ja2, en2, old, new, fw)
    ja2, en2 = shift_time(ja2, en2, rng)
    ja2, en2 = vary_names(ja2, en2, rng)
    return ja2, en2


def corpus_pairs(corpus):
    names = sorted(f[:-7] for f in os.listdir(corpus) if f.endswith(".ja.txt"))
    for n in names:
        with open(os.path.join(corpus, n + ".ja.txt"), encoding="utf-8") as f:
            ja = f.read()
        with open(os.path.join(corpus, n + ".en.txt"), encoding="utf-8") as f:
            en = f.read()
        yield n, ja, en


def opaque(rng, used):
    """A file name that says nothing, in one of a few nested folders."""
    while True:
        sub = rng.choice(["", "a/", "b/", "a/c/", "2024/", "old/x/"])
        name = "%s%08x%s" % (sub, rng.getrandbits(32), rng.choice([".txt", ".txt", ".text"]))
        if name not in used:
            used.add(name)
            return name


def write(out, pairs, rng, unpaired):
    """pairs: [(ja, en)]; a share `unpaired` of them lose one side."""
    used_ja, used_en, truth = set(), set(), []
    for ja, en in pairs:
        drop = rng.random() < unpaired
        side = rng.choice(["ja", "en"]) if drop else None
        jn = en_n = ""
        if side != "ja":
            jn = opaque(rng, used_ja)
            path = os.path.join(out, "ja", jn)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(ja)
        if side != "en":
            en_n = opaque(rng, used_en)
            path = os.path.join(out, "en", en_n)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(en)
        truth.append((jn, en_n))
    truth.sort()
    with open(os.path.join(out, "truth.tsv"), "w", encoding="utf-8") as f:
        for jn, en_n in truth:
            f.write("%s\t%s\n" % (jn, en_n))


def cmd_corpus(corpus, out, seed, k, unpaired, derived):
    rng = random.Random(seed)
    pairs = []
    for name, ja, en in corpus_pairs(corpus):
        if name.endswith("-hard") and not derived:
            continue
        pairs.append((ja, en))
        if name.startswith("mofa-style"):
            for _ in range(k):
                la = lookalike(ja, en, rng)
                if la and la != (ja, en):
                    pairs.append(la)
    write(out, pairs, rng, unpaired)


def gold_beads(corpus):
    """Every gold bead with both sides non-empty: (Japanese, English) texts."""
    beads = []
    for f in sorted(os.listdir(corpus)):
        if not f.endswith(".gold"):
            continue
        n = f[:-5]
        with open(os.path.join(corpus, n + ".ja.seg"), encoding="utf-8") as g:
            js = g.read().split("\n")
        with open(os.path.join(corpus, n + ".en.seg"), encoding="utf-8") as g:
            es = g.read().split("\n")
        with open(os.path.join(corpus, f), encoding="utf-8") as g:
            for line in g:
                a, b = line.strip().split(":")
                ji = [int(x) for x in a.strip("[]").split(",") if x]
                ei = [int(x) for x in b.strip("[]").split(",") if x]
                if ji and ei:
                    beads.append(("".join(js[i] for i in ji), " ".join(es[i] for i in ei)))
    return beads


def cmd_synthetic(corpus, out, seed, n, nbeads):
    rng = random.Random(seed)
    beads = gold_beads(corpus)
    start = datetime.date(2000, 1, 1)
    pairs = []
    for i in range(n):
        d = start + datetime.timedelta(days=rng.randrange(0, 9000))
        e, y = era(d)
        serial = rng.randrange(100000, 999999)
        ja = ["文書第%d号" % serial,
              "（%s%d年%d月%d日（%s曜日））" % (e, y, d.month, d.day, WEEK_JA[d.weekday()]), ""]
        en = ["Document No. %d" % serial,
              "%s, %s %d, %d" % (WEEK_EN[d.weekday()], MONTHS[d.month - 1], d.day, d.year), ""]
        for b in range(nbeads):
            j, e2 = rng.choice(beads)
            ja.append(j)
            en.append(e2)
            if b % 6 == 5:
                ja.append("")
                en.append("")
        pairs.append(("\n".join(ja) + "\n", "\n".join(en) + "\n"))
    write(out, pairs, rng, 0.0)


def main(argv):
    if len(argv) < 4 or argv[1] not in ("corpus", "synthetic"):
        sys.stderr.write(__doc__)
        return 64
    opts = {"--seed": "1", "--lookalikes": "4", "--unpaired": "0.1", "--pairs": "1000",
            "--beads": "100", "--derived": "no"}
    rest = argv[4:]
    while rest:
        if rest[0] not in opts or len(rest) < 2:
            sys.stderr.write("make-archive.py: unknown option %s\n" % rest[0])
            return 64
        opts[rest[0]] = rest[1]
        rest = rest[2:]
    corpus, out = argv[2], argv[3]
    os.makedirs(out, exist_ok=True)
    if argv[1] == "corpus":
        cmd_corpus(corpus, out, int(opts["--seed"]), int(opts["--lookalikes"]),
                   float(opts["--unpaired"]), opts["--derived"] == "yes")
    else:
        cmd_synthetic(corpus, out, int(opts["--seed"]), int(opts["--pairs"]),
                      int(opts["--beads"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
