// documents.js — the Documents page: every document of the memory with its units, beads below
// 0.9, unpaired sentences and reviewed share; sortable by any column (click its heading); the
// most doubtful first (beads below 0.9 and unpaired sentences, then the lowest confidence).
'use strict';

const DOC_COLUMNS = [
  ['name', 'document', (a, b) => a.name.localeCompare(b.name)],
  ['units', 'units', (a, b) => b.units - a.units],
  ['doubtful', 'beads < 0.9', (a, b) => b.doubtful - a.doubtful],
  ['unpaired', 'unpaired', (a, b) => b.unpaired - a.unpaired],
  ['reviewed_share', 'reviewed', (a, b) => a.reviewed_share - b.reviewed_share],
  ['min_confidence', 'lowest', (a, b) => (a.min_confidence ?? 2) - (b.min_confidence ?? 2)],
];

function mostDoubtful(a, b) {
  return (b.doubtful + b.unpaired) - (a.doubtful + a.unpaired) ||
    (a.min_confidence ?? 2) - (b.min_confidence ?? 2) || a.id - b.id;
}

TY.pages.documents = async function (main) {
  const r = await api('/api/documents');
  let order = mostDoubtful;
  const body = el('tbody');
  function fill() {
    const docs = r.documents.slice().sort((a, b) => order(a, b) || mostDoubtful(a, b));
    body.replaceChildren(...docs.map(d => el('tr', {class: 'doc', 'data-id': d.id},
      el('td', {}, d.structure ? el('a', {href: '#/review/' + d.id}, d.name) : d.name,
         d.structure ? null : el('span', {class: 'muted'}, ' (from TMX: no sentences to review)')),
      el('td', {class: 'num'}, d.units), el('td', {class: 'num'}, d.doubtful),
      el('td', {class: 'num'}, d.unpaired),
      el('td', {class: 'num'}, Math.round(d.reviewed_share * 100) + '%'),
      el('td', {class: 'num'}, confBadge(d.min_confidence)))));
  }
  const head = el('tr', {}, DOC_COLUMNS.map(([key, label, cmp]) =>
    el('th', {class: 'sort' + (key === 'name' ? '' : ' num'), 'data-key': key, tabindex: 0,
              title: 'sort by ' + label,
              onclick: () => { order = cmp; fill(); },
              onkeydown: ev => { if (ev.key === 'Enter') { order = cmp; fill(); } }}, label)));
  fill();
  main.replaceChildren(el('h1', {}, 'Documents'),
    el('p', {class: 'muted'}, r.documents.length + ' documents; the most doubtful first. ' +
       'Beads < 0.9: beads with both sides below confidence ' + r.threshold + ', not reviewed.'),
    el('table', {id: 'documents'}, el('thead', {}, head), body));
};
