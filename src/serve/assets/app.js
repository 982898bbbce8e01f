// app.js — the frame of taiyaku serve's pages: talking to the server (the session token for
// edits, a bearer token when the server wants one), building elements (always as text: data
// never goes through innerHTML), showing messages, and choosing the page from the address
// (#/search, #/check, …). Each page is a file of its own that registers itself in TY.pages.
'use strict';

const TY = {
  session: null, user: '', readOnly: false, pages: {}, reviewOps: [],
  token: sessionStorage.getItem('taiyaku-token') || '',
};

// el('td', {class: 'num', onclick: f}, 'text', child, …): an element; strings become text.
function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'class') e.className = v;
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const kid of kids.flat()) {
    if (kid === undefined || kid === null || kid === false) continue;
    e.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
  }
  return e;
}

// Parts from the server ([{text, hit}]) as text with the hits marked.
function parts(list, cls) {
  return list.map(p => p.hit ? el('mark', {class: cls}, p.text) : document.createTextNode(p.text));
}

function say(msg, err) {
  const box = document.getElementById('status');
  const d = el('div', {class: err ? 'err' : ''}, msg);
  box.append(d);
  setTimeout(() => d.remove(), err ? 8000 : 3000);
}

function confBadge(c) {
  if (c === null || c === undefined) return el('span', {class: 'conf none'}, '—');
  const cls = c >= 0.9 ? 'hi' : c >= 0.7 ? 'mid' : 'lo';
  return el('span', {class: 'conf ' + cls, title: 'confidence'}, c.toFixed(2));
}

class ApiError extends Error {
  constructor(status, msg) { super(msg); this.status = status; }
}

// GET (body undefined) or POST a JSON body; the answer's JSON, or an ApiError.
async function api(path, body) {
  const h = {};
  if (TY.token) h['Authorization'] = 'Bearer ' + TY.token;
  const opt = {headers: h, credentials: 'same-origin'};
  if (body !== undefined) {
    if (!TY.session) await startSession();
    opt.method = 'POST';
    h['Content-Type'] = 'application/json';
    h['X-Taiyaku-Session'] = TY.session;
    opt.body = JSON.stringify(body);
  }
  const r = await fetch(path, opt);
  let data = null;
  try { data = await r.json(); } catch (e) { data = null; }
  if (r.status === 401) { askToken(); throw new ApiError(401, 'this server wants a token'); }
  if (!r.ok) throw new ApiError(r.status, (data && data.error) || ('HTTP ' + r.status));
  return data;
}

async function startSession() {
  const s = await api('/api/session');
  TY.session = s.session;
  TY.user = s.user;
  TY.readOnly = s.read_only;
  TY.reviewOps = s.review_ops || [];
  const who = document.getElementById('who');
  who.textContent = s.memory + ' · ' + s.units + ' units' + (s.user ? ' · ' + s.user : '') +
    (s.read_only ? ' · read-only' : '');
  return s;
}

function askToken() {
  const main = document.getElementById('main');
  const input = el('input', {type: 'password', id: 'token', class: 'wide',
                             placeholder: 'token', autocomplete: 'off'});
  main.replaceChildren(el('form', {class: 'bar', onsubmit: ev => {
    ev.preventDefault();
    TY.token = input.value.trim();
    sessionStorage.setItem('taiyaku-token', TY.token);
    TY.session = null;
    show();
  }}, el('label', {for: 'token'}, 'This server wants a token: '), input,
     el('button', {type: 'submit'}, 'Open')));
  input.focus();
}

function fail(e) {
  if (e instanceof ApiError && e.status === 401) return;
  say(e.message, true);
}

async function show() {
  const hash = location.hash || '#/documents';
  const [, name, ...rest] = hash.split('?')[0].split('/');
  const page = TY.pages[name] || TY.pages.documents;
  for (const a of document.querySelectorAll('#nav a'))
    a.classList.toggle('on', a.dataset.page === name);
  try {
    if (!TY.session) await startSession();
    await page(document.getElementById('main'), rest.map(decodeURIComponent));
  } catch (e) { fail(e); }
}

window.addEventListener('hashchange', show);
window.addEventListener('DOMContentLoaded', show);
