#!/usr/bin/env python3
"""cycles.py BUILD_SRC_DIR — print "ok FOLDER" / "not ok FOLDER" for each folder of the build's
src/ (and "all folders"), and "#   ..." lines that show each circle of files (strongly connected
component of the graph "file A uses a symbol file B defines") with the symbols that close it."""
import collections
import glob
import os
import subprocess
import sys

root = sys.argv[1].rstrip('/')
objs = sorted(o for o in glob.glob(root + '/**/*.o', recursive=True) if '/.libs/' not in o)
defs, uses = {}, {}
for o in objs:
    out = subprocess.run(['nm', o], capture_output=True, text=True, check=True).stdout
    d, u = set(), set()
    for line in out.splitlines():
        p = line.split()
        if len(p) == 3 and p[1] in 'TDBRGSVW':
            d.add(p[2])
        elif len(p) == 2 and p[0] == 'U':
            u.add(p[1])
    defs[o], uses[o] = d, u
owner = {}
for o, d in defs.items():
    for s in d:
        owner[s] = o
graph = collections.defaultdict(set)
why = collections.defaultdict(set)
for o, u in uses.items():
    for s in u:
        t = owner.get(s)
        if t and t != o:
            graph[o].add(t)
            why[(o, t)].add(s)

index, low, stack, on, comps = {}, {}, [], set(), []
sys.setrecursionlimit(100000)


def strong(v):
    index[v] = low[v] = len(index)
    stack.append(v)
    on.add(v)
    for w in graph[v]:
        if w not in index:
            strong(w)
            low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop()
            on.discard(w)
            comp.append(w)
            if w == v:
                break
        if len(comp) > 1:
            comps.append(sorted(comp))


for v in objs:
    if v not in index:
        strong(v)


def rel(o):
    return os.path.relpath(o, root)


def folder(o):
    r = rel(o)
    return r.split('/')[0] if '/' in r else '.'


bad = collections.defaultdict(list)
for comp in comps:
    bad[folder(comp[0])].append(comp)
for f in sorted({folder(o) for o in objs}):
    if f == '.':
        continue
    if not bad[f]:
        print('ok ' + f + '/')
        continue
    print('not ok ' + f + '/')
    for comp in bad[f]:
        print('#   circle: ' + ' '.join(rel(o) for o in comp))
        for a in comp:
            for b in comp:
                if (a, b) in why:
                    print('#     %s -> %s: %s' % (rel(a), rel(b), ', '.join(sorted(why[(a, b)])[:4])))
print(('not ok' if comps else 'ok') + ' no circles in %d object files' % len(objs))
