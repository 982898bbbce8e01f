// search.js — the Search page: lookup (exact and fuzzy matches, the characters (Japanese) or
// words (English) a match differs by from the query marked) and concordance (the hit marked).
'use strict';

// The tokens of a text: characters for Japanese, words and the spaces between for English.
function tokens(s, lang) {
  return lang === 'en' ? s.split(/(\s+)/).filter(t => t !== '') : Array.from(s);
}

// b's tokens, those not in a longest common subsequence with a marked: what differs.
function diffParts(a, b, lang) {
  const x = tokens(a, lang), y = tokens(b, lang);
  if (x.length * y.length > 4e6) return [{text: b, hit: false}];
  const n = x.length, m = y.length;
  const L = Array.from({length: n + 1}, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      L[i][j] = x[i] === y[j] ? L[i + 1][j + 1] + 1 : Math.max(L[i + 1][j], L[i][j + 1]);
  const out = [];
  let i = 0, j = 0;
  const push = (t, hit) => {
    const last = out[out.length - 1];
    if (last && last.hit === hit) last.text += t; else out.push({text: t, hit});
  };
  while (j < m) {
    if (i < n && x[i] === y[j]) { push(y[j], false); i++; j++; }
    else if (i < n && L[i + 1][j] >= L[i][j + 1]) i++;
    else { push(y[j], !/^\s+$/.test(y[j])); j++; }
  }
  return out;
}

function matchRow(q, from, m) {
  const src = from === 'ja' ? m.ja : m.en, tgt = from === 'ja' ? m.en : m.ja;
  const srcParts = m.score === 100 ? [{text: src, hit: false}] : diffParts(q, src, from);
  return el('tr', {class: 'match'},
    el('td', {class: 'num score'}, m.score + '%', m.numbers_differ ?
       el('div', {class: 'sev-error', title: 'the numbers differ'}, 'numbers') : null),
    el('td', {class: from === 'ja' ? 'ja src' : 'src', lang: from}, parts(srcParts, 'diff')),
    el('td', {class: from === 'ja' ? 'tgt' : 'ja tgt', lang: from === 'ja' ? 'en' : 'ja'}, tgt),
    el('td', {class: 'muted'}, m.document + ':' + (m.position + 1),
       m.count > 1 ? ' · ' + m.count + ' times' : '', ' ', confBadge(m.confidence)));
}

function hitRow(h) {
  const ja = h.lang === 'ja' ? parts(h.parts) : [h.ja];
  const en = h.lang === 'en' ? parts(h.parts) : [h.en];
  return el('tr', {class: 'hit'}, el('td', {class: 'ja', lang: 'ja'}, ja),
    el('td', {lang: 'en'}, en),
    el('td', {class: 'muted'}, h.document + ':' + (h.position + 1), ' ', confBadge(h.confidence)));
}

TY.pages.search = async function (main) {
  const q = el('input', {type: 'text', id: 'q', name: 'q', class: 'wide', lang: 'ja',
                         placeholder: 'a sentence to look up, or words to find',
                         autocomplete: 'off'});
  const from = el('select', {id: 'from', title: 'the language of the text'},
                  el('option', {value: 'ja'}, 'Japanese'), el('option', {value: 'en'}, 'English'));
  const mode = el('select', {id: 'mode'}, el('option', {value: 'lookup'}, 'Lookup'),
                  el('option', {value: 'concord'}, 'Concordance'));
  const out = el('div', {id: 'results'});
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  q.value = params.get('q') || '';
  from.value = params.get('from') || 'ja';
  mode.value = params.get('mode') || 'lookup';

  async function run(ev) {
    if (ev) ev.preventDefault();
    const text = q.value.trim();
    if (!text) return;
    const lang = from.value;
    history.replaceState(null, '', '#/search?' + new URLSearchParams(
      {q: text, from: lang, mode: mode.value}).toString());
    if (mode.value === 'lookup') {
      const r = await api('/api/lookup?' + new URLSearchParams({q: text, from: lang}));
      out.replaceChildren(r.matches.length === 0 ? el('p', {class: 'muted'}, 'No match at 70% or more.') :
        el('table', {id: 'matches'}, el('tr', {}, el('th', {class: 'num'}, 'score'),
          el('th', {}, lang === 'ja' ? 'Japanese' : 'English'),
          el('th', {}, lang === 'ja' ? 'English' : 'Japanese'), el('th', {}, 'where')),
          r.matches.map(m => matchRow(text, lang, m))));
    } else {
      const r = await api('/api/concord?' + new URLSearchParams({q: text, lang: 'both', max: 50}));
      out.replaceChildren(r.hits.length === 0 ? el('p', {class: 'muted'}, 'Not found.') :
        el('table', {id: 'hits'}, el('tr', {}, el('th', {}, 'Japanese'), el('th', {}, 'English'),
          el('th', {}, 'where')), r.hits.map(hitRow)),
        r.more ? el('p', {class: 'muted'}, 'More hits than shown.') : null);
    }
  }
  main.replaceChildren(el('h1', {}, 'Search'),
    el('form', {class: 'bar', id: 'search', onsubmit: ev => run(ev).catch(fail)},
       mode, q, from, el('button', {type: 'submit'}, 'Search')), out);
  q.focus();
  if (q.value) await run();
};
