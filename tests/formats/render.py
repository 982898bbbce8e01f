#!/usr/bin/env python3
"""render.py CORPUS OUT [FORMAT...] — render the corpus pairs the way a site or an office would.

For every pair NAME of CORPUS (NAME.{ja,en}.txt, .seg, .gold) it writes to OUT
  NAME.{ja,en}.html  a ministry-style page: header, navigation menu, breadcrumbs, a side link
                     list, scripts, a search form, a footer; "Back to top" links and a
                     "provisional translation" note inside the content; ruby on a Japanese word;
                     the Japanese page in Shift_JIS (declared in <meta>), the English one UTF-8
  NAME.{ja,en}.docx  Word XML written by hand: Heading styles (Japanese Word's numeric style
                     ids), list lines as a two-column table or line breaks, runs split as Word
                     splits them, a tracked insertion and deletion, a merge field, a running
                     header and a page-number footer, one footnote
  NAME.{ja,en}.pdf   A4 through reportlab (IPA Gothic for Japanese): running header, page
                     numbers, wrapped lines (English words hyphenated at line ends), first-line
                     indents (Japanese) or gaps (English) between paragraphs, larger headings
  NAME.{ja,en}.xml   e-Gov law XML, for the constitution only
and links NAME.{ja,en}.seg and NAME.gold beside them. FORMATs: html docx pdf lawxml (default:
all). Output goes to OUT (a temporary directory: nothing here is committed). Needs python3 and,
for PDF, python3-reportlab and fonts-ipafont-gothic. Deterministic: a seed per pair and format.
"""
import html, io, os, random, re, sys, zipfile

FINAL = re.compile(r'[.!?。！？…]["”’」』）)]*$')


def paragraphs(path):
    text = open(path, encoding='utf-8').read()
    return [[l.strip() for l in p.split('\n') if l.strip()] for p in re.split(r'\n\s*\n', text) if p.strip()]


def is_heading(para, k):
    return len(para) == 1 and not FINAL.search(para[0]) and len(para[0]) < 90


# ---- HTML ----------------------------------------------------------------------------------

CHROME = {
    'ja': dict(site='外務省', nav=['ホーム', '会見・発表・広報', '外交政策', '国・地域', '海外渡航・滞在', '申請・手続き'],
               crumbs=['ホーム', '会見・発表・広報', '記者会見'], side=['大臣会見記録', '報道官会見記録', '談話', '報道発表'],
               top='ページの先頭へ戻る', foot='Copyright © Ministry of Foreign Affairs of Japan', search='サイト内検索',
               lang='English', note=None),
    'en': dict(site='Ministry of Foreign Affairs of Japan', nav=['Home', 'Press', 'Foreign Policy', 'Countries & Regions', 'About Us'],
               crumbs=['Home', 'Press', 'Press Conferences'], side=['Press Releases', 'Statements', 'Speeches', 'Press Conferences'],
               top='Back to top', foot='Copyright © Ministry of Foreign Affairs of Japan', search='Search',
               lang='Japanese', note='(Provisional translation)'),
}


def h(s):
    return html.escape(s, quote=False)


def ruby(line, rnd):
    m = re.search(r'[\u4e00-\u9fff]{2}', line)
    if not m or rnd.random() > 0.3:
        return h(line)
    return h(line[:m.start()]) + '<ruby>' + h(m.group()) + '<rp>(</rp><rt>よみ</rt><rp>)</rp></ruby>' + h(line[m.end():])


def render_html(paras, lang, name, seed):
    rnd = random.Random(seed)
    c = CHROME[lang]
    style = rnd.choice(['main', 'div-id', 'article', 'plain'])
    o = []
    o.append('<!DOCTYPE html>\n<html lang="%s">\n<head>\n' % lang)
    o.append('<meta http-equiv="Content-Type" content="text/html; charset=%s">\n' % ('Shift_JIS' if lang == 'ja' else 'UTF-8'))
    o.append('<title>%s | %s</title>\n<link rel="stylesheet" href="/css/site.css">\n' % (h(paras[0][0][:40]), h(c['site'])))
    o.append('<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}</script>\n')
    o.append('<style>body{font-family:sans-serif} .nav li{display:inline}</style>\n</head>\n<body>\n')
    o.append('<div id="header"><p class="logo"><a href="/"><img src="/img/logo.png" alt="%s"></a></p>\n' % h(c['site']))
    o.append('<form action="/search" class="search"><input type="text" name="q"><button>%s</button></form>\n' % h(c['search']))
    o.append('<p class="langswitch"><a href="/other">%s</a></p></div>\n' % h(c['lang']))
    nav = ''.join('<li><a href="/n%d">%s</a></li>' % (i, h(t)) for i, t in enumerate(c['nav']))
    o.append(('<nav><ul class="gnav">%s</ul></nav>\n' if rnd.random() < 0.5 else '<div id="gnavi"><ul>%s</ul></div>\n') % nav)
    crumbs = ' &gt; '.join('<a href="/c%d">%s</a>' % (i, h(t)) for i, t in enumerate(c['crumbs'])) + ' &gt; ' + h(paras[0][0][:30])
    o.append('<div class="breadcrumbs">%s</div>\n' % crumbs if rnd.random() < 0.5 else '<div id="pankuzu"><p>%s</p></div>\n' % crumbs)
    open_tag, close_tag = {'main': ('<main>', '</main>'), 'div-id': ('<div id="maincontents">', '</div>'),
                           'article': ('<article>', '</article>'), 'plain': ('<div>', '</div>')}[style]
    o.append('<div class="wrap">\n' + open_tag + '\n')
    if c['note'] and rnd.random() < 0.8:
        o.append('<p class="note">%s</p>\n' % h(c['note']))
    for k, para in enumerate(paras):
        if is_heading(para, k):
            lvl = 1 if k == 0 else rnd.choice([2, 3])
            o.append('<h%d>%s</h%d>\n' % (lvl, h(para[0]), lvl))
            continue
        lines = [ruby(l, rnd) if lang == 'ja' else h(l) for l in para]
        mode = rnd.random()
        if len(lines) > 2 and mode < 0.4:
            o.append('<p>%s</p>\n<ul>\n%s</ul>\n' % (lines[0], ''.join('  <li>%s</li>\n' % l for l in lines[1:])))
        elif len(lines) > 1 and mode < 0.7:
            o.append('<p>%s</p>\n' % '<br>\n'.join(lines))
        else:
            o.append(''.join('<p>%s</p>\n' % l for l in lines))
        if k % 6 == 5:
            o.append('<p class="pagetop"><a href="#top">%s</a></p>\n' % h(c['top']) if rnd.random() < 0.5
                     else '<p><a href="#top">%s</a></p>\n' % h(c['top']))
    o.append(close_tag + '\n')
    side = ''.join('<li><a href="/s%d">%s</a></li>' % (i, h(t)) for i, t in enumerate(c['side']))
    o.append('<div class="side-menu"><h2>%s</h2><ul>%s</ul></div>\n' % (h(c['crumbs'][-1]), side) if rnd.random() < 0.5
             else '<aside><ul>%s</ul></aside>\n' % side)
    o.append('</div>\n<div id="footer"><ul class="footer-links"><li><a href="/p">Privacy</a></li><li><a href="/s">Sitemap</a></li></ul>'
             '<p class="copyright">%s</p></div>\n' % h(c['foot']))
    o.append('<script src="/js/common.js"></script>\n</body>\n</html>\n')
    text = ''.join(o)
    return text.encode('cp932', errors='xmlcharrefreplace') if lang == 'ja' else text.encode('utf-8')


# ---- DOCX ----------------------------------------------------------------------------------

W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'
R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'


def x(s):
    return html.escape(s, quote=True)


def runs(text, rnd, tracked):
    """A sentence as Word writes it: split into runs, sometimes bold, with proofing marks."""
    out, i = [], 0
    cuts = sorted(rnd.sample(range(1, len(text)), min(3, max(0, len(text) - 1)))) if len(text) > 8 else []
    pieces, prev = [], 0
    for c in cuts + [len(text)]:
        if c > prev:
            pieces.append(text[prev:c])
            prev = c
    for k, p in enumerate(pieces):
        rpr = '<w:rPr><w:b/></w:rPr>' if rnd.random() < 0.1 else ''
        r = '<w:r>%s<w:t xml:space="preserve">%s</w:t></w:r>' % (rpr, x(p))
        if tracked and k == 1:
            r = ('<w:del w:id="%d" w:author="A" w:date="2024-01-01T00:00:00Z"><w:r><w:delText xml:space="preserve">%s</w:delText></w:r></w:del>'
                 % (rnd.randrange(1000), x('削除した語句' if re.search(r'[\u3040-\u30ff]', text) else 'words struck out ')) +
                 '<w:ins w:id="%d" w:author="A" w:date="2024-01-01T00:00:00Z">%s</w:ins>' % (rnd.randrange(1000), r))
        if tracked and k == 2:
            r = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> MERGEFIELD part </w:instrText></w:r>'
                 '<w:r><w:fldChar w:fldCharType="separate"/></w:r>%s<w:r><w:fldChar w:fldCharType="end"/></w:r>' % r)
        if rnd.random() < 0.1:
            r = '<w:proofErr w:type="spellStart"/>' + r + '<w:proofErr w:type="spellEnd"/>'
        out.append(r)
    return ''.join(out)


def para_xml(body, style=None):
    ppr = '<w:pPr><w:pStyle w:val="%s"/></w:pPr>' % style if style else ''
    return '<w:p>%s%s</w:p>' % (ppr, body)


def render_docx(paras, lang, name, seed):
    rnd = random.Random(seed)
    h1, h2 = ('1', '2') if lang == 'ja' else ('Heading1', 'Heading2')
    body, tracked_done, table_done, note_done = [], False, False, False
    for k, para in enumerate(paras):
        if is_heading(para, k):
            body.append(para_xml(runs(para[0], rnd, False), h1 if k == 0 else h2))
            continue
        if len(para) >= 4 and not table_done or (len(para) >= 4 and rnd.random() < 0.3):
            table_done = True
            body.append(para_xml(runs(para[0], rnd, False)))
            items = para[1:]
            rows = []
            for i in range(0, len(items), 2):
                cells = items[i:i + 2]
                rows.append('<w:tr>%s</w:tr>' % ''.join('<w:tc><w:tcPr><w:tcW w:w="4000" w:type="dxa"/></w:tcPr>%s</w:tc>'
                                                        % para_xml(runs(cl, rnd, False)) for cl in cells + [''] * (2 - len(cells))))
            body.append('<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/></w:tblPr><w:tblGrid><w:gridCol w:w="4000"/>'
                        '<w:gridCol w:w="4000"/></w:tblGrid>%s</w:tbl>' % ''.join(rows))
            continue
        if len(para) > 1 and rnd.random() < 0.5:
            parts = []
            for i, l in enumerate(para):
                if i:
                    parts.append('<w:r><w:br/></w:r>')
                parts.append(runs(l, rnd, False))
            body.append(para_xml(''.join(parts)))
            continue
        for l in para:
            tracked = not tracked_done and len(l) > 30
            tracked_done |= tracked
            extra = ''
            if not note_done and len(l) > 30:
                note_done = True
                extra = '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="1"/></w:r>'
            body.append(para_xml(runs(l, rnd, tracked) + extra))
    sect = ('<w:sectPr><w:headerReference w:type="default" r:id="rIdH"/><w:footerReference w:type="default" r:id="rIdF"/>'
            '<w:pgSz w:w="11906" w:h="16838"/></w:sectPr>')
    doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="%s" xmlns:r="%s"><w:body>%s%s</w:body></w:document>'
           % (W, R, ''.join(body), sect))
    hname = '外務省　記者会見記録' if lang == 'ja' else 'Ministry of Foreign Affairs - Press Conference'
    header = '<?xml version="1.0" encoding="UTF-8"?>\n<w:hdr xmlns:w="%s">%s</w:hdr>' % (W, para_xml('<w:r><w:t>%s</w:t></w:r>' % x(hname), 'Header'))
    footer = ('<?xml version="1.0" encoding="UTF-8"?>\n<w:ftr xmlns:w="%s"><w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
              '<w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
              '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:ftr>' % W)
    note = '（注）本記録は速報版です。' if lang == 'ja' else 'Note: this record is a preliminary version.'
    footnotes = ('<?xml version="1.0" encoding="UTF-8"?>\n<w:footnotes xmlns:w="%s">'
                 '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
                 '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
                 '<w:footnote w:id="1"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr><w:r><w:footnoteRef/></w:r>'
                 '<w:r><w:t xml:space="preserve"> %s</w:t></w:r></w:p></w:footnote></w:footnotes>' % (W, x(note)))

    def style(sid, sname, lvl):
        return ('<w:style w:type="paragraph" w:styleId="%s"><w:name w:val="%s"/><w:basedOn w:val="a"/><w:pPr><w:outlineLvl w:val="%d"/></w:pPr></w:style>'
                % (sid, sname, lvl))
    styles = ('<?xml version="1.0" encoding="UTF-8"?>\n<w:styles xmlns:w="%s"><w:style w:type="paragraph" w:default="1" w:styleId="a">'
              '<w:name w:val="Normal"/></w:style>%s%s</w:styles>' % (W, style(h1, 'heading 1', 0), style(h2, 'heading 2', 1)))
    ctypes = ('<?xml version="1.0" encoding="UTF-8"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
              '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
              '<Default Extension="xml" ContentType="application/xml"/>'
              '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
              '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
              '<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>'
              '<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>'
              '<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>'
              '</Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    drels = ('<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             '<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
             '<Relationship Id="rIdH" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>'
             '<Relationship Id="rIdF" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>'
             '<Relationship Id="rIdN" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>'
             '</Relationships>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, 'w', zipfile.ZIP_DEFLATED) as z:
        for n, data in [('[Content_Types].xml', ctypes), ('_rels/.rels', rels), ('word/document.xml', doc),
                        ('word/_rels/document.xml.rels', drels), ('word/styles.xml', styles), ('word/header1.xml', header),
                        ('word/footer1.xml', footer), ('word/footnotes.xml', footnotes)]:
            zi = zipfile.ZipInfo(n, date_time=(2024, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, data.encode('utf-8'))
    return buf.getvalue()


# ---- PDF -----------------------------------------------------------------------------------

def render_pdf(paras, lang, name, seed):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas
    rnd = random.Random(seed)
    if 'IPAGothic' not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont('IPAGothic', '/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf'))
        pdfmetrics.registerFont(TTFont('IPAPGothic', '/usr/share/fonts/opentype/ipafont-gothic/ipagp.ttf'))
    # English pages quote Japanese words too: a proportional font with kana and kanji
    body_font, head_font = ('IPAGothic', 'IPAGothic') if lang == 'ja' else ('IPAPGothic', 'IPAPGothic')
    size, hsize, leading = 10.5, 14, 15
    W_, H_ = A4
    left, right, top, bottom = 72, W_ - 72, H_ - 80, 80
    buf = io.BytesIO()
    cv = canvas.Canvas(buf, pagesize=A4, invariant=1)
    running = '外務省　記者会見記録' if lang == 'ja' else 'Ministry of Foreign Affairs of Japan — Press Conference'
    state = {'y': top, 'page': 1}

    def furniture():
        cv.setFont(body_font, 8)
        cv.drawString(left, H_ - 50, running)
        cv.drawCentredString(W_ / 2, 45, '- %d -' % state['page'])

    def newline(lead):
        state['y'] -= lead
        if state['y'] < bottom:
            cv.showPage()
            state['page'] += 1
            furniture()
            state['y'] = top

    def wrap_en(text, font, fs, width, first_indent):
        words, lines, cur = text.split(' '), [], ''
        avail = width - first_indent
        for w in words:
            t = (cur + ' ' + w) if cur else w
            if pdfmetrics.stringWidth(t, font, fs) <= avail:
                cur = t
                continue
            if len(w) >= 8 and w.isalpha() and rnd.random() < 0.5:  # hyphenate at the line end
                cut = len(w) // 2
                head = (cur + ' ' + w[:cut] + '-') if cur else w[:cut] + '-'
                if pdfmetrics.stringWidth(head, font, fs) <= avail:
                    lines.append(head)
                    cur, avail = w[cut:], width
                    continue
            if cur:
                lines.append(cur)
            cur, avail = w, width
        if cur:
            lines.append(cur)
        return lines

    def wrap_ja(text, font, fs, width, first_indent):
        lines, cur, avail = [], '', width - first_indent
        for ch in text:
            if pdfmetrics.stringWidth(cur + ch, font, fs) > avail and ch not in '、。」）』，．':
                lines.append(cur)
                cur, avail = '', width
            cur += ch
        if cur:
            lines.append(cur)
        return lines

    furniture()
    for k, para in enumerate(paras):
        if is_heading(para, k):
            newline(leading * 0.8)
            for ln in (wrap_ja if lang == 'ja' else wrap_en)(para[0], head_font, hsize, right - left, 0):
                cv.setFont(head_font, hsize)
                cv.drawString(left, state['y'], ln)
                newline(hsize * 1.4)
            newline(hsize * 0.4)
            continue
        for l in para:
            indent = size if lang == 'ja' else 0
            lines = (wrap_ja if lang == 'ja' else wrap_en)(l, body_font, size, right - left, indent)
            for i, ln in enumerate(lines):
                cv.setFont(body_font, size)
                cv.drawString(left + (indent if i == 0 else 0), state['y'], ln)
                newline(leading)
            if lang == 'en':
                newline(leading * 0.6)
    cv.showPage()
    cv.save()
    return buf.getvalue()


# ---- law XML -------------------------------------------------------------------------------

KANJI = {'〇': 0, '一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}


def kanji_number(s):
    total, cur = 0, 0
    for ch in s:
        if ch in KANJI:
            cur = KANJI[ch]
        elif ch == '十':
            total += (cur or 1) * 10; cur = 0
        elif ch == '百':
            total += (cur or 1) * 100; cur = 0
    return total + cur


def render_lawxml(paras, lang, name, seed):
    art = re.compile(r'^第([〇一二三四五六七八九十百]+)条$' if lang == 'ja' else r'^Article (\d+)\.?\s*(.*)$')
    chap = re.compile(r'^第([一二三四五六七八九十]+)章\s*(.*)$' if lang == 'ja' else r'^(?:CHAPTER|Chapter) (\d+)[:.]?\s*(.*)$', re.I)
    o = ['<?xml version="1.0" encoding="UTF-8"?>\n<Law Era="Showa" Year="21" Num="0" LawType="Constitution" Lang="%s">\n' % lang,
         '<LawNum>%s</LawNum>\n<LawBody>\n' % ('昭和二十一年憲法' if lang == 'ja' else 'Constitution of 1946')]
    sentence = lambda t: '<Sentence>%s</Sentence>' % x(t)
    lines = [l for p in paras for l in p]
    o.append('<LawTitle>%s</LawTitle>\n' % x(lines[0]))
    i, in_chapter, in_article, preamble = 1, False, False, True
    o.append('<Preamble>\n')
    while i < len(lines):
        l = lines[i]
        mc, ma = chap.match(l), art.match(l)
        if mc or ma:
            if preamble:
                o.append('</Preamble>\n<MainProvision>\n'); preamble = False
            if in_article:
                o.append('</Article>\n'); in_article = False
        if mc:
            if in_chapter:
                o.append('</Chapter>\n')
            o.append('<Chapter Num="%d"><ChapterTitle>%s</ChapterTitle>\n' % (int(mc.group(1)) if mc.group(1).isdigit() else kanji_number(mc.group(1)), x(l)))
            in_chapter = True
        elif ma:
            num = int(ma.group(1)) if lang == 'en' else kanji_number(ma.group(1))
            title = ('Article %d.' % num) if lang == 'en' else l
            o.append('<Article Num="%d"><ArticleTitle>%s</ArticleTitle>\n' % (num, x(title)))
            in_article = True
            rest = ma.group(2).strip() if lang == 'en' else ''
            if rest:
                o.append('<Paragraph Num="1"><ParagraphNum/><ParagraphSentence>%s</ParagraphSentence></Paragraph>\n' % sentence(rest))
        else:
            o.append('<Paragraph Num="1"><ParagraphNum/><ParagraphSentence>%s</ParagraphSentence></Paragraph>\n' % sentence(l))
        i += 1
    if preamble:
        o.append('</Preamble>\n<MainProvision>\n')
    if in_article:
        o.append('</Article>\n')
    if in_chapter:
        o.append('</Chapter>\n')
    o.append('</MainProvision>\n</LawBody>\n</Law>\n')
    return ''.join(o).encode('utf-8')


RENDER = {'html': ('html', render_html), 'docx': ('docx', render_docx), 'pdf': ('pdf', render_pdf), 'lawxml': ('xml', render_lawxml)}


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    corpus, out = sys.argv[1], sys.argv[2]
    fmts = sys.argv[3:] or list(RENDER)
    os.makedirs(out, exist_ok=True)
    names = sorted(f[:-5] for f in os.listdir(corpus) if f.endswith('.gold'))
    for n in names:
        for f in ['%s.ja.seg' % n, '%s.en.seg' % n, '%s.gold' % n]:
            dst = os.path.join(out, f)
            if not os.path.exists(dst):
                os.symlink(os.path.abspath(os.path.join(corpus, f)), dst)
        for fmt in fmts:
            ext, fn = RENDER[fmt]
            if fmt == 'lawxml' and not n.startswith('constitution'):
                continue
            for lang in ('ja', 'en'):
                paras = paragraphs(os.path.join(corpus, '%s.%s.txt' % (n, lang)))
                seed = sum(map(ord, n + lang + fmt))
                with open(os.path.join(out, '%s.%s.%s' % (n, lang, ext)), 'wb') as f:
                    f.write(fn(paras, lang, n, seed))


if __name__ == '__main__':
    main()
