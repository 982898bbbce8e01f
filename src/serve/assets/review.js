// review.js — the Review page: a document's beads side by side in document order, confidence
// as colour and number, a filter "only below 0.9", and every review operation by mouse (the
// buttons of the selected bead) and by keyboard (the keys below). Each operation is one POST
// calling one library call; the page then reads the document again.
'use strict';

const REVIEW_KEYS = [
  ['j / ↓', 'next bead'], ['k / ↑', 'previous bead'],
  ['J', 'join with the next bead'], ['K', 'join with the previous bead'],
  ['s', 'split after the first sentence of each side'],
  ['[ / ]', 'move the first English sentence to the bead before / the last to the bead after'],
  ['{ / }', 'the same for the Japanese'],
  ['u', 'unpair'], ['p', 'pair with the nearest unpaired sentence of the other language'],
  ['a', 'mark reviewed'], ['x', 'reject'], ['P', 'pin (and mark reviewed)'],
  ['r', 're-align the document around its pins'], ['z', 'undo'], ['f', 'only below 0.9'],
];

function beadShape(b) { return b.ja_count + ':' + b.en_count; }

TY.pages.review = async function (main, rest) {
  const id = rest[0];
  let view = null, sel = 0, onlyDoubtful = false;
  const rows = el('tbody');
  const info = el('p', {class: 'muted'});
  const filter = el('input', {type: 'checkbox', id: 'doubtful', onchange: () => {
    onlyDoubtful = filter.checked; draw(); }});
  const tools = el('div', {class: 'bar', id: 'tools'});

  function doubtful(b) {
    return b.status !== 'reviewed' && (b.confidence === null || b.confidence < 0.9 ||
                                       b.ja_count === 0 || b.en_count === 0);
  }
  function side(lang, first, count) {
    const out = [];
    for (let i = first; i < first + count; i++)
      out.push(el('span', {class: 'sent', title: lang + ' ' + (i + 1)}, view[lang][i].text), ' ');
    return out;
  }
  async function load() {
    view = await api('/api/review/' + encodeURIComponent(id));
    if (sel >= view.beads.length) sel = view.beads.length - 1;
    draw();
  }
  function draw() {
    info.textContent = view.beads.length + ' beads, version ' + view.version +
      (view.lost ? ', ' + view.lost + ' sentences lost before review was kept' : '');
    rows.replaceChildren(...view.beads.map((b, i) => {
      if (onlyDoubtful && !doubtful(b) && i !== sel) return null;
      const st = b.status === 'aligned' ? '' : b.status;
      return el('tr', {class: 'bead ' + b.status + (i === sel ? ' sel' : ''), 'data-i': i,
                       'data-shape': beadShape(b), onclick: () => { sel = i; draw(); }},
        el('td', {class: 'num muted'}, i + 1),
        el('td', {class: 'num'}, confBadge(b.confidence), el('div', {class: 'muted'}, beadShape(b))),
        el('td', {class: 'ja', lang: 'ja'}, side('ja', b.ja_first, b.ja_count)),
        el('td', {lang: 'en'}, side('en', b.en_first, b.en_count)),
        el('td', {class: 'muted'}, st, b.pinned ? ' 📌 pinned' : ''));
    }).filter(Boolean));
    const row = rows.querySelector('tr.sel');
    if (row) row.scrollIntoView({block: 'nearest'});
    drawTools();
  }
  // The nearest bead, before or after, holding only a sentence of the other side, with only
  // unpaired beads between: the partner of PAIR.
  function partner(i) {
    const b = view.beads[i];
    const want = b.ja_count === 1 && b.en_count === 0 ? 'en' : b.en_count === 1 && b.ja_count === 0 ? 'ja' : null;
    if (!want) return -1;
    const lone = x => x.ja_count + x.en_count === 1;
    for (const step of [1, -1])
      for (let k = i + step; k >= 0 && k < view.beads.length && lone(view.beads[k]); k += step)
        if (view.beads[k][want + '_count'] === 1) return k;
    return -1;
  }
  async function edit(body) {
    if (TY.readOnly) { say('The server is read-only.', true); return; }
    try {
      const r = await api('/api/review/' + encodeURIComponent(id) + '/edit',
                          Object.assign({bead: sel, version: view.version}, body));
      say(body.op + ' done (version ' + r.version + ')');
      if (body.op === 'join' && body.direction < 0) sel = Math.max(0, sel - 1);
      await load();
    } catch (e) { fail(e); if (e.status === 409) await load(); }
  }
  async function post(what) {
    try {
      const r = await api('/api/review/' + encodeURIComponent(id) + '/' + what, {version: view.version});
      say(what + ' done (version ' + r.version + ')');
      await load();
    } catch (e) { fail(e); }
  }
  const ops = {
    J: () => edit({op: 'join', direction: 1}),
    K: () => edit({op: 'join', direction: -1}),
    s: () => {
      const b = view.beads[sel];
      edit({op: 'split', ja_split: Math.min(1, b.ja_count), en_split: Math.min(1, b.en_count)});
    },
    '[': () => edit({op: 'move', lang: 'en', direction: -1}),
    ']': () => edit({op: 'move', lang: 'en', direction: 1}),
    '{': () => edit({op: 'move', lang: 'ja', direction: -1}),
    '}': () => edit({op: 'move', lang: 'ja', direction: 1}),
    u: () => edit({op: 'unpair'}),
    p: () => {
      const k = partner(sel);
      if (k < 0) say('No unpaired sentence of the other language next to this one.', true);
      else edit({op: 'pair', other: k});
    },
    a: () => edit({op: 'accept'}),
    x: () => edit({op: 'reject'}),
    P: () => edit({op: view.beads[sel].pinned ? 'unpin' : 'pin'}),
    r: () => post('realign'),
    z: () => post('undo'),
  };
  const KEY_OP = {J: 'join', K: 'join', s: 'split', '[': 'move', ']': 'move', '{': 'move',
    '}': 'move', u: 'unpair', p: 'pair', a: 'accept', x: 'reject', P: 'pin', r: 'realign',
    z: 'undo'};
  const can = k => TY.reviewOps.includes(KEY_OP[k]);
  const labels = {J: 'Join next', K: 'Join previous', s: 'Split', '[': 'EN ↑', ']': 'EN ↓',
    '{': 'JA ↑', '}': 'JA ↓', u: 'Unpair', p: 'Pair', a: 'Reviewed', x: 'Reject',
    P: 'Pin', r: 'Re-align', z: 'Undo'};
  function drawTools() {
    tools.replaceChildren(...Object.keys(KEY_OP).filter(can).map(k =>
      el('button', {type: 'button', 'data-key': k, title: 'key ' + k, disabled: TY.readOnly,
                    onclick: () => ops[k]()}, labels[k])));
  }
  function move(step) {
    let i = sel;
    do { i += step; } while (i >= 0 && i < view.beads.length && onlyDoubtful && !doubtful(view.beads[i]));
    if (i >= 0 && i < view.beads.length) { sel = i; draw(); }
  }
  function onKey(ev) {
    if (!document.getElementById('review') || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (ev.target.tagName === 'INPUT' && ev.target.type === 'text') return;
    const k = ev.key;
    if (k === 'j' || k === 'ArrowDown') move(1);
    else if (k === 'k' || k === 'ArrowUp') move(-1);
    else if (k === 'f') { filter.checked = !filter.checked; onlyDoubtful = filter.checked; draw(); }
    else if (ops[k] && can(k)) ops[k]();
    else return;
    ev.preventDefault();
  }
  if (TY.reviewKeys) document.removeEventListener('keydown', TY.reviewKeys);
  TY.reviewKeys = onKey;
  document.addEventListener('keydown', onKey);
  main.replaceChildren(el('h1', {}, 'Review'), el('div', {id: 'review'},
    el('p', {}, el('a', {href: '#/documents'}, '← Documents')), info,
    el('div', {class: 'bar'}, el('label', {}, filter, ' only below 0.9 (f)')), tools,
    el('table', {id: 'beads'}, el('thead', {}, el('tr', {}, el('th', {class: 'num'}, '#'),
      el('th', {class: 'num'}, 'confidence'), el('th', {}, 'Japanese'), el('th', {}, 'English'),
      el('th', {}, ''))), rows),
    el('details', {class: 'muted'}, el('summary', {}, 'Keys'),
       el('table', {}, REVIEW_KEYS.map(([k, what]) => el('tr', {}, el('td', {}, k), el('td', {}, what)))))));
  await load();
};
