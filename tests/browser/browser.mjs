// browser.mjs — taiyaku serve in a real browser: headless Chromium (Debian's) driven through
// the DevTools protocol by puppeteer-core, as a reviewer uses the pages. Run by browser.sh,
// which starts the server; arguments: URL SHOTS-DIR. Prints one line a check, "ok - NAME",
// "not ok - NAME" or "skip - NAME: WHY", which browser.sh turns into TAP.
import puppeteer from 'puppeteer-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [url, shots] = process.argv.slice(2);
const say = (ok, name, why) => {
  console.log(ok === null ? `skip - ${name}: ${why}` : `${ok ? 'ok' : 'not ok'} - ${name}`);
  if (ok === false && why) console.log(`# ${why}`);
};
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'taiyaku-chromium-'));
const browser = await puppeteer.launch({
  executablePath: process.env.TY_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  userDataDir: profile,
  args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync',
         '--lang=en-US'],
});
const dialogs = [], errors = [], outside = [];
try {
  const page = await browser.newPage();
  await page.setViewport({width: 1280, height: 900});
  page.on('dialog', d => { dialogs.push(d.message()); d.dismiss(); });
  page.on('pageerror', e => errors.push(e.message));
  page.on('request', r => { if (!r.url().startsWith(url) && !r.url().startsWith('data:')) outside.push(r.url()); });
  const text = sel => page.$eval(sel, e => e.textContent);

  // ---- Search: a lookup ----
  await page.goto(url + '#/search', {waitUntil: 'networkidle0'});
  await page.type('#q', '冒頭発表');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#matches tr.match');
  const first = await page.$eval('#matches tr.match', tr => [...tr.cells].map(c => c.textContent));
  say(first[0].startsWith('75%') && first[1] === '冒頭発言' && first[2] === 'Opening Remarks',
      'lookup 冒頭発表: 冒頭発言 / Opening Remarks at 75%', JSON.stringify(first));
  const marked = await page.$$eval('#matches tr.match td.src mark.diff', ms => ms.map(m => m.textContent));
  say(marked.join('|') === '言', 'the character the match differs by is marked', JSON.stringify(marked));
  await page.screenshot({path: path.join(shots, 'search.png')});

  // ---- a <script> segment shows as text ----
  await page.select('#mode', 'concord');
  await page.$eval('#q', e => { e.value = ''; });
  await page.type('#q', 'alert');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#hits tr.hit');
  const cell = await text('#hits tr.hit td');
  say(cell.includes('<script>alert(1)</script>'), 'a <script> segment is shown as text', cell);
  say(await page.$$eval('#results script, #results img', s => s.length) === 0,
      'no script element made from it');
  say(dialogs.length === 0, 'no alert ran', dialogs.join(' | '));
  const hit = await page.$$eval('#hits tr.hit mark', ms => ms.map(m => m.textContent));
  say(hit.includes('alert'), 'the concordance hit is marked', JSON.stringify(hit));

  // ---- Review: join the known 1:1 + 0:1 into 1:2 with the keyboard ----
  const ops = await page.evaluate(() => TY.reviewOps);
  if (!ops.includes('join')) {
    say(null, 'review: join with the keyboard', 'this server has no join operation yet');
  } else {
    await page.goto(url + '#/documents', {waitUntil: 'networkidle0'});
    await page.waitForSelector('#documents tr.doc a');
    await page.click('#documents tr.doc a');
    await page.waitForSelector('#beads tr.bead');
    const target = '今月14日にフィリピン中部を襲った台風';
    const rowOf = () => page.$$eval('#beads tr.bead', (rows, t) =>
      rows.findIndex(r => r.cells[2].textContent.includes(t)), target);
    const selected = () => page.$$eval('#beads tr.bead', rs => rs.findIndex(r => r.classList.contains('sel')));
    const want = await rowOf();
    const before = await page.$$eval('#beads tr.bead', (rs, i) => [rs[i].dataset.shape, rs[i + 1].dataset.shape], want);
    say(before[0] === '1:1' && before[1] === '0:1', 'the bead is 1:1 and the next one 0:1', JSON.stringify(before));
    for (let n = 0; n < 100 && await selected() < want; n++) await page.keyboard.press('j');
    say(await selected() === want, 'j moves the selection to it');
    await page.screenshot({path: path.join(shots, 'review.png')});
    await page.keyboard.down('Shift');
    await page.keyboard.press('J');
    await page.keyboard.up('Shift');
    await page.waitForFunction((t) => [...document.querySelectorAll('#beads tr.bead')].some(r =>
      r.cells[2].textContent.includes(t) && r.dataset.shape === '1:2'), {timeout: 10000}, target);
    say(true, 'Shift+J joins them: 1:2');
    await page.reload({waitUntil: 'networkidle0'});
    await page.waitForSelector('#beads tr.bead');
    const after = await page.$$eval('#beads tr.bead', (rows, t) => {
      const r = rows.find(x => x.cells[2].textContent.includes(t));
      return r ? [r.dataset.shape, r.cells[3].textContent, r.className] : null;
    }, target);
    say(after && after[0] === '1:2' && after[1].includes('I would like to express'),
        'after a reload the bead is still 1:2, both English sentences', JSON.stringify(after));
    say(after && after[2].includes('reviewed'), 'and reviewed');
  }
  say(errors.length === 0, 'no script errors', errors.join(' | '));
  say(outside.length === 0, 'nothing loaded from other hosts', outside.join(' '));
} catch (e) {
  say(false, 'the browser run', String(e && e.stack || e).split('\n').slice(0, 3).join(' '));
} finally {
  await browser.close();
  fs.rmSync(profile, {recursive: true, force: true});
}
