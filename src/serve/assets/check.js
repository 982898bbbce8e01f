// check.js — the Consistency page: the findings of `taiyaku check` on the memory, the most
// important first, what each is about marked in its units, with an "Ignore" action that
// accepts a finding in the memory (so neither this page nor the CLI's check reports it again)
// and the list of accepted findings with "Report again"; and the phrase reports.
'use strict';

function findingCard(f, reload) {
  const units = f.units.map(u => el('tr', {},
    el('td', {class: 'ja', lang: 'ja'}, parts(u.ja)), el('td', {lang: 'en'}, parts(u.en)),
    el('td', {class: 'muted'}, u.occurrences.slice(0, 3).map(o => o.document + ':' + (o.position + 1)).join(', '),
       u.count > 1 ? ' · ' + u.count + ' times' : '', ' ', confBadge(u.confidence))));
  const note = el('input', {type: 'text', placeholder: 'why (optional)', class: 'note'});
  const ignore = el('button', {class: 'ignore', disabled: TY.readOnly, onclick: async () => {
    try {
      await api('/api/ignore', {id: f.id, note: note.value});
      say('Accepted ' + f.id + ': it is not reported again.');
      reload();
    } catch (e) { fail(e); }
  }}, 'Ignore');
  return el('div', {class: 'card finding', 'data-id': f.id},
    el('div', {}, el('span', {class: 'sev-' + f.severity}, f.severity), ' ',
       el('span', {class: 'muted'}, f.kind + ' · ' + f.id), ' ', f.message,
       f.expected ? el('span', {class: 'muted'}, ' (expected: ', f.expected, ')') : null),
    el('table', {}, units),
    f.nunits > f.units.length ? el('div', {class: 'muted'}, (f.nunits - f.units.length) + ' more units') : null,
    el('div', {class: 'bar'}, note, ignore));
}

async function showFindings(out, kinds) {
  out.replaceChildren(el('p', {class: 'muted'}, 'Checking the memory…'));
  const r = await api('/api/check?' + new URLSearchParams(kinds ? {kinds} : {}));
  const reload = () => showFindings(out, kinds).catch(fail);
  out.replaceChildren(
    el('p', {}, r.total + ' findings: ' + r.counts.error + ' errors, ' + r.counts.warning +
       ' warnings, ' + r.counts.info + ' info; ' + r.ignored + ' accepted left out (',
       el('a', {href: '#/check/ignored'}, 'see them'), ').'),
    r.findings.map(f => findingCard(f, reload)));
}

async function showIgnored(out) {
  const r = await api('/api/ignored');
  const again = id => async () => {
    try { await api('/api/ignore', {id, undo: true}); say(id + ' is reported again.'); showIgnored(out); }
    catch (e) { fail(e); }
  };
  out.replaceChildren(el('h2', {}, 'Accepted findings'), r.ignored.length === 0 ?
    el('p', {class: 'muted'}, 'None.') :
    el('table', {}, el('tr', {}, el('th', {}, 'finding'), el('th', {}, 'note'), el('th', {}, 'who'),
                        el('th', {}, 'when'), el('th', {}, '')),
       r.ignored.map(x => el('tr', {}, el('td', {}, x.id), el('td', {}, x.note || ''),
         el('td', {}, x.who || ''), el('td', {}, x.added_at),
         el('td', {}, el('button', {disabled: TY.readOnly, onclick: again(x.id)}, 'Report again'))))));
}

async function showPhrases(out) {
  out.replaceChildren(el('p', {class: 'muted'}, 'Reading the phrases of the memory…'));
  const r = await api('/api/phrases?order=share&max=100');
  out.replaceChildren(el('p', {}, r.found + ' recurring phrases; the least consistent first.'),
    el('table', {}, el('tr', {}, el('th', {}, 'phrase'), el('th', {class: 'num'}, 'documents'),
                        el('th', {}, 'renderings (share of uses)'), el('th', {class: 'num'}, 'no rendering')),
      r.phrases.map(p => el('tr', {}, el('td', {class: 'ja', lang: 'ja'}, p.surface),
        el('td', {class: 'num'}, p.documents),
        el('td', {lang: 'en'}, p.renderings.map(x => x.text + ' (' + Math.round(x.share * 100) + '%)').join(' · ')),
        el('td', {class: 'num'}, p.unmatched)))));
}

TY.pages.check = async function (main, rest) {
  const out = el('div', {id: 'check-out'});
  const tab = rest[0] || 'findings';
  main.replaceChildren(el('h1', {}, 'Consistency'),
    el('div', {class: 'tabs'}, el('a', {href: '#/check'}, 'Findings'),
       el('a', {href: '#/check/ignored'}, 'Accepted'), el('a', {href: '#/check/phrases'}, 'Phrases')),
    out);
  if (tab === 'ignored') await showIgnored(out);
  else if (tab === 'phrases') await showPhrases(out);
  else await showFindings(out);
};
