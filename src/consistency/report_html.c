/*
 * report_html.c — the HTML reports, each one self-contained page (inline CSS, no scripts, no
 * external assets):
 *   ty_phrase_reports_write_html: a summary table (phrase, documents, uses, dominant rendering
 *     and share, variants, uses without a known rendering), then a section per phrase with its
 *     renderings (share bars, where they are used), the uses without a known rendering with both
 *     texts (phrase and rendering marked), and every use in a collapsed <details>;
 *   ty_check_results_write_html: the counts by severity and kind, then each finding (severity,
 *     kind, message, id) with its units, what it is about marked.
 * A page is built as a libxml2 HTML tree, so every text is escaped by libxml2, serialized by
 * htmlDocContentDumpFormatOutput as UTF-8, and written to a temporary file in the target's
 * directory that is renamed over the target. It does not compute anything (phrase.c, the checks
 * do).
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/HTMLtree.h>
#include <libxml/tree.h>

#include "consistency.h"
#include "base/atomic_file.h"
#include "base/error.h"
#include "formats/xml_init.h"
#include "tmx/tmx.h"

static const char css[] =
    "body{font-family:system-ui,sans-serif;margin:2em auto;max-width:72em;padding:0 1em;"
    "color:#222;line-height:1.45}"
    "h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2.2em;border-bottom:1px solid #ccc}"
    "table{border-collapse:collapse;width:100%;margin:.6em 0}"
    "th,td{text-align:left;vertical-align:top;padding:.3em .5em;border-bottom:1px solid #eee}"
    "th{background:#f4f4f4}td.n{text-align:right;white-space:nowrap}"
    ".bar{background:#e6eef8;min-width:10em}.bar span{display:block;background:#4a7ab8;"
    "height:.8em}"
    ".low{color:#a33;font-weight:bold}.meta,.where{color:#666;font-size:.9em}"
    "mark{background:#ffe58a}mark.r{background:#c8ecc8}"
    ".sev{font-weight:bold;text-transform:uppercase;font-size:.85em}.error{color:#b00}"
    ".warning{color:#a60}.info{color:#468}.id{font-family:monospace;color:#666}";

typedef struct page {
    xmlDocPtr doc;
    int failed;
} page;

static xmlNodePtr el(page *p, xmlNodePtr parent, const char *name, const char *text)
{
    xmlNodePtr n = xmlNewChild(parent, NULL, BAD_CAST name, NULL);
    if (!n) {
        p->failed = 1;
        return parent;
    }
    if (text) {
        xmlNodePtr t = xmlNewText(BAD_CAST text);
        if (!t || !xmlAddChild(n, t)) {
            xmlFreeNode(t);
            p->failed = 1;
        }
    }
    return n;
}

static void attr(page *p, xmlNodePtr n, const char *name, const char *value)
{
    if (!xmlSetProp(n, BAD_CAST name, BAD_CAST value))
        p->failed = 1;
}

static void text_n(page *p, xmlNodePtr parent, const char *s, size_t n)
{
    xmlNodePtr t = xmlNewTextLen(BAD_CAST s, (int)n);
    if (!t || !xmlAddChild(parent, t)) {
        xmlFreeNode(t);
        p->failed = 1;
    }
}

static void textf(page *p, xmlNodePtr parent, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void textf(page *p, xmlNodePtr parent, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    text_n(p, parent, buf, strlen(buf));
}

/* s with [a, b) in a <mark> (class cls) when the span is valid. */
static void marked(page *p, xmlNodePtr parent, const char *s, size_t a, size_t b, const char *cls)
{
    size_t n = strlen(s);
    xmlNodePtr m;
    if (b <= a || b > n) {
        text_n(p, parent, s, n);
        return;
    }
    text_n(p, parent, s, a);
    m = el(p, parent, "mark", NULL);
    if (cls)
        attr(p, m, "class", cls);
    text_n(p, m, s + a, b - a);
    text_n(p, parent, s + b, n - b);
}

static int percent(double share)
{
    return (int)(share * 100 + 0.5);
}

static void location(page *p, xmlNodePtr parent, const ty_tm_occurrence *o)
{
    textf(p, parent, "%s:%lld", o->document, o->position + 1);
}

/* The locations of the uses with rendering r, separated by spaces. */
static void locations(page *p, xmlNodePtr parent, const ty_phrase_report *r, long rendering)
{
    size_t k = 0;
    for (size_t i = 0; i < r->nuses; i++)
        if (r->uses[i].rendering == rendering) {
            if (k++)
                text_n(p, parent, " ", 1);
            location(p, parent, r->uses[i].occ);
        }
}

static void use_row(page *p, xmlNodePtr table, const ty_phrase_report *r, const ty_phrase_use *u,
                    int with_rendering)
{
    xmlNodePtr tr = el(p, table, "tr", NULL), td;
    const char *ja = u->unit->ja, *en = u->unit->en;
    int from_ja = r->from == TY_LANG_JA;

    td = el(p, tr, "td", NULL);
    attr(p, td, "class", "where");
    location(p, td, u->occ);
    if (with_rendering)
        el(p, tr, "td", u->rendering >= 0 ? r->renderings[u->rendering].text : "—");
    td = el(p, tr, "td", NULL);
    marked(p, td, ja, from_ja ? u->phrase_start : u->start, from_ja ? u->phrase_end : u->end,
           from_ja ? NULL : "r");
    td = el(p, tr, "td", NULL);
    marked(p, td, en, from_ja ? u->start : u->phrase_start, from_ja ? u->end : u->phrase_end,
           from_ja ? "r" : NULL);
}

static void uses_table(page *p, xmlNodePtr parent, const ty_phrase_report *r, int only_unmatched)
{
    xmlNodePtr table = el(p, parent, "table", NULL), tr = el(p, table, "tr", NULL);
    el(p, tr, "th", "Where");
    if (!only_unmatched)
        el(p, tr, "th", "Rendering");
    el(p, tr, "th", "Japanese");
    el(p, tr, "th", "English");
    for (size_t i = 0; i < r->nuses; i++)
        if (!only_unmatched || r->uses[i].rendering < 0)
            use_row(p, table, r, &r->uses[i], !only_unmatched);
}

static void summary(page *p, xmlNodePtr body, const ty_phrase_report *const *v, size_t n)
{
    xmlNodePtr table = el(p, body, "table", NULL), tr = el(p, table, "tr", NULL);
    static const char *const heads[] = {
        "Phrase",   "Documents",         "Uses", "Dominant rendering", "Share",
        "Variants", "No known rendering"};

    for (size_t i = 0; i < sizeof heads / sizeof *heads; i++)
        el(p, tr, "th", heads[i]);
    for (size_t i = 0; i < n; i++) {
        const ty_phrase_report *r = v[i];
        xmlNodePtr td, a;
        char id[32];
        tr = el(p, table, "tr", NULL);
        td = el(p, tr, "td", NULL);
        snprintf(id, sizeof id, "#p%zu", i + 1);
        a = el(p, td, "a", r->phrase);
        attr(p, a, "href", id);
        td = el(p, tr, "td", NULL);
        attr(p, td, "class", "n");
        textf(p, td, "%zu", r->documents);
        td = el(p, tr, "td", NULL);
        attr(p, td, "class", "n");
        textf(p, td, "%zu", r->nuses);
        el(p, tr, "td", r->nrenderings ? r->renderings[0].text : "—");
        td = el(p, tr, "td", NULL);
        attr(p, td, "class", "n");
        textf(p, td, "%d%%", r->nrenderings ? percent(r->renderings[0].share) : 0);
        td = el(p, tr, "td", NULL);
        for (size_t k = 1; k < r->nrenderings; k++)
            textf(p, td, "%s%s (%d%%)", k > 1 ? "; " : "", r->renderings[k].text,
                  percent(r->renderings[k].share));
        td = el(p, tr, "td", NULL);
        attr(p, td, "class", r->unmatched ? "n low" : "n");
        textf(p, td, "%zu", r->unmatched);
    }
}

static void section(page *p, xmlNodePtr body, const ty_phrase_report *r, size_t index)
{
    xmlNodePtr sec = el(p, body, "section", NULL), h, table, tr, td, bar;
    char id[32];

    snprintf(id, sizeof id, "p%zu", index + 1);
    attr(p, sec, "id", id);
    h = el(p, sec, "h2", r->phrase);
    (void)h;
    td = el(p, sec, "p", NULL);
    attr(p, td, "class", "meta");
    textf(p, td, "%zu units, %zu uses in %zu documents%s", r->units, r->nuses, r->documents,
          r->truncated ? " (more units contain it than were read)" : "");
    if (r->nrenderings) {
        table = el(p, sec, "table", NULL);
        tr = el(p, table, "tr", NULL);
        el(p, tr, "th", "Share");
        el(p, tr, "th", "");
        el(p, tr, "th", "Rendering");
        el(p, tr, "th", "Uses");
        el(p, tr, "th", "Where");
        for (size_t k = 0; k < r->nrenderings; k++) {
            const ty_phrase_rendering *x = &r->renderings[k];
            char style[32];
            tr = el(p, table, "tr", NULL);
            td = el(p, tr, "td", NULL);
            attr(p, td, "class", "n");
            textf(p, td, "%d%%", percent(x->share));
            td = el(p, tr, "td", NULL);
            attr(p, td, "class", "bar");
            bar = el(p, td, "span", NULL);
            snprintf(style, sizeof style, "width:%d%%", percent(x->share));
            attr(p, bar, "style", style);
            el(p, tr, "td", x->text);
            td = el(p, tr, "td", NULL);
            attr(p, td, "class", "n");
            textf(p, td, "%zu in %zu documents", x->uses, x->documents);
            td = el(p, tr, "td", NULL);
            attr(p, td, "class", "where");
            locations(p, td, r, (long)k);
        }
    }
    if (r->unmatched) {
        h = el(p, sec, "h3", NULL);
        textf(p, h, "No known rendering: %zu %s (%d%%)", r->unmatched,
              r->unmatched == 1 ? "use" : "uses", percent((double)r->unmatched / (double)r->nuses));
        uses_table(p, sec, r, 1);
    }
    if (r->nuses) {
        xmlNodePtr det = el(p, sec, "details", NULL), s = el(p, det, "summary", NULL);
        textf(p, s, "All %zu uses", r->nuses);
        uses_table(p, det, r, 0);
    }
}

ty_status ty__html_write_atomically(const char *path, xmlDocPtr doc, ty_error *err)
{
    xmlOutputBufferPtr out;
    ty__xml_quiet quiet;
    ty__afile *f;
    ty_status rc;
    int closed;

    if ((rc = ty__afile_open(path, &f, err)) != TY_OK)
        return rc;
    /* with a UTF-8 encoder, text is written as is (without one, as character entities) */
    out = xmlOutputBufferCreateFile(ty__afile_stream(f), xmlFindCharEncodingHandler("UTF-8"));
    if (!out) {
        ty__afile_abort(f);
        return ty__nomem(err);
    }
    ty__xml_quiet_begin(&quiet, NULL, NULL); /* a failed write is said once, below */
    htmlDocContentDumpFormatOutput(out, doc, "UTF-8", 1);
    closed = xmlOutputBufferClose(out);
    ty__xml_quiet_end(&quiet);
    if (closed < 0) {
        ty__afile_abort(f);
        return ty__fail(err, TY_ERR_IO, path, -1, -1, "cannot write: %s", strerror(errno));
    }
    return ty__afile_commit(f, err);
}

/* A new page: the document, <head> with the title and the style, <body> with an <h1>. */
static int start_page(page *p, const char *title, const char *h1, xmlNodePtr *body)
{
    xmlNodePtr html, head, m;

    ty__xml_init(); /* the page is the caller's first use of libxml2, maybe on a thread */
    if (!(p->doc = htmlNewDocNoDtD(NULL, NULL)))
        return -1;
    if (!xmlCreateIntSubset(p->doc, BAD_CAST "html", NULL, NULL))
        p->failed = 1;
    html = xmlNewNode(NULL, BAD_CAST "html");
    if (!html) {
        xmlFreeDoc(p->doc);
        p->doc = NULL;
        return -1;
    }
    xmlDocSetRootElement(p->doc, html);
    attr(p, html, "lang", "en");
    head = el(p, html, "head", NULL);
    m = el(p, head, "meta", NULL);
    attr(p, m, "charset", "utf-8");
    el(p, head, "title", title);
    el(p, head, "style", css);
    *body = el(p, html, "body", NULL);
    el(p, *body, "h1", h1);
    return 0;
}

/* Write the page and free it. */
static ty_status finish_page(page *p, const char *path, ty_error *err)
{
    ty_status rc;
    if (p->failed) {
        xmlFreeDoc(p->doc);
        return ty__nomem(err);
    }
    rc = ty__html_write_atomically(path, p->doc, err);
    xmlFreeDoc(p->doc);
    return rc;
}

ty_status ty_phrase_reports_write_html(const char *path, const char *title,
                                       const ty_phrase_report *const *reports, size_t n,
                                       ty_error *err)
{
    page p = {0};
    xmlNodePtr body, m;

    if (!path || (n && !reports))
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1, "no path or no reports");
    if (!title)
        title = n == 1 ? "How a phrase is rendered" : "How phrases are rendered";
    if (start_page(&p, n == 1 && reports[0] ? reports[0]->phrase : title, title, &body))
        return ty__nomem(err);
    m = el(&p, body, "p", NULL);
    attr(&p, m, "class", "meta");
    textf(&p, m,
          "%zu %s · taiyaku %s · renderings are the other language's word n-grams most "
          "associated with the phrase; shares count uses (occurrences)",
          n, n == 1 ? "phrase" : "phrases", ty_version());
    summary(&p, body, reports, n);
    for (size_t i = 0; i < n; i++)
        section(&p, body, reports[i], i);
    return finish_page(&p, path, err);
}

/* ---- check results ---- */

/* A unit's side with the finding's spans on it marked (the spans of one unit and side do not
 * overlap as the checks make them; an overlapping one is shown unmarked). */
static void side_marked(page *p, xmlNodePtr parent, const ty_check_finding *f, size_t unit,
                        ty_lang lang, const char *s)
{
    size_t n = strlen(s), at = 0;
    const ty_check_span *next;
    while ((next = ty_check_span_next(f, unit, lang, at)) != NULL && next->end <= n) {
        text_n(p, parent, s + at, next->start - at);
        text_n(p, el(p, parent, "mark", NULL), s + next->start, next->end - next->start);
        at = next->end;
    }
    text_n(p, parent, s + at, n - at);
}

static void finding_section(page *p, xmlNodePtr body, const ty_check_finding *f)
{
    const char *sev = ty_severity_name(f->severity);
    xmlNodePtr h = el(p, body, "h2", NULL), s, t, tr, td;

    s = el(p, h, "span", sev);
    attr(p, s, "class", sev ? sev : "");
    text_n(p, h, " ", 1);
    text_n(p, h, ty_check_kind_name(f->kind), strlen(ty_check_kind_name(f->kind)));
    text_n(p, h, " ", 1);
    s = el(p, h, "span", f->id);
    attr(p, s, "class", "id");
    if (f->message)
        el(p, body, "p", f->message);
    t = el(p, body, "table", NULL);
    tr = el(p, t, "tr", NULL);
    el(p, tr, "th", "Japanese");
    el(p, tr, "th", "English");
    el(p, tr, "th", "where");
    for (size_t i = 0; i < f->nunits; i++) {
        const ty_tm_entry *e = &f->units[i];
        tr = el(p, t, "tr", NULL);
        side_marked(p, el(p, tr, "td", NULL), f, i, TY_LANG_JA, e->ja);
        side_marked(p, el(p, tr, "td", NULL), f, i, TY_LANG_EN, e->en);
        td = el(p, tr, "td", NULL);
        attr(p, td, "class", "where");
        for (size_t o = 0; o < e->nocc && o < 12; o++)
            textf(p, td, "%s%s:%lld", o ? " · " : "", e->occ[o].document,
                  e->occ[o].position + 1);
        if (e->nocc > 12)
            textf(p, td, " +%zu more", e->nocc - 12);
    }
}

ty_status ty_check_results_write_html(const ty_check_results *r, const char *path,
                                      const char *title, const ty_check_counts *counts,
                                      ty_error *err)
{
    page p = {0};
    xmlNodePtr body, m;
    size_t n = ty_check_results_count(r);

    if (!r || !path)
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1, "no results or no path");
    if (!title)
        title = "Consistency check";
    if (start_page(&p, title, title, &body))
        return ty__nomem(err);
    m = el(&p, body, "p", NULL);
    attr(&p, m, "class", "meta");
    textf(&p, m, "%zu %s · taiyaku %s", n, n == 1 ? "finding" : "findings", ty_version());
    if (counts) {
        size_t ne = counts->severities[TY_SEVERITY_ERROR];
        size_t nw = counts->severities[TY_SEVERITY_WARNING];
        textf(&p, m, " · %zu units checked · %zu error%s, %zu warning%s, %zu info", counts->units,
              ne, ne == 1 ? "" : "s", nw, nw == 1 ? "" : "s", counts->severities[TY_SEVERITY_INFO]);
        if (counts->ignored || counts->below)
            textf(&p, m, " · left out: %zu accepted, %zu below the minimum severity",
                  counts->ignored, counts->below);
    }
    for (size_t i = 0; i < n; i++)
        finding_section(&p, body, ty_check_results_get(r, i));
    return finish_page(&p, path, err);
}
