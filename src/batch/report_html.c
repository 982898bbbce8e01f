/*
 * report_html.c — ty_batch_report_write_html: a batch run's results as one self-contained HTML
 * page (inline CSS, no scripts): the totals by status, then one row per pair, the worst first
 * (failed, refused, then by mean confidence), with its files, sentences, beads by shape, mean
 * confidence, share of beads below 0.9, unpaired share, seconds and, for a pair not stored,
 * why. The page is a libxml2 HTML tree (libxml2 escapes every text), serialized as UTF-8 to a
 * temporary file renamed over the target. It computes nothing (batch.c and check.c do).
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLtree.h>
#include <libxml/tree.h>

#include "base/error.h"
#include "batch.h"
#include "consistency/consistency.h"
#include "formats/xml_init.h"

static const char css[] =
    "body{font-family:system-ui,sans-serif;margin:2em auto;max-width:90em;padding:0 1em;"
    "color:#222}table{border-collapse:collapse;width:100%}"
    "th,td{text-align:left;vertical-align:top;padding:.25em .5em;border-bottom:1px solid #eee}"
    "th{background:#f4f4f4}td.n{text-align:right;white-space:nowrap}"
    ".failed,.refused{color:#a33;font-weight:bold}.low{color:#a33}.why{color:#666}";

typedef struct page {
    xmlDocPtr doc;
    int failed;
} page;

/* A child element of `parent` holding `text` (may be NULL); the parent when out of memory. */
static xmlNodePtr add(page *p, xmlNodePtr parent, const char *name, const char *cls,
                      const char *text)
{
    xmlNodePtr n = xmlNewTextChild(parent, NULL, BAD_CAST name, NULL);
    if (!n) {
        p->failed = 1;
        return parent;
    }
    if (text)
        xmlNodeAddContent(n, BAD_CAST text);
    if (cls && !xmlSetProp(n, BAD_CAST "class", BAD_CAST cls))
        p->failed = 1;
    return n;
}

static void addf(page *p, xmlNodePtr parent, const char *name, const char *cls,
                 const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void addf(page *p, xmlNodePtr parent, const char *name, const char *cls,
                 const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    add(p, parent, name, cls, buf);
}

static void row(page *p, xmlNodePtr table, const ty_batch_result *r)
{
    static const char *const shapes[TY_BEAD_SHAPES] = {"1:1", "1:0", "0:1", "1:2",
                                                       "2:1", "2:2", "1:3", "3:1"};
    const ty_alignment_summary *s = &r->summary;
    xmlNodePtr tr = add(p, table, "tr", NULL, NULL), td;
    char beads[160] = "";
    size_t o = 0;

    add(p, tr, "td", ty_batch_status_name(r->status), ty_batch_status_name(r->status));
    td = add(p, tr, "td", NULL, r->pair->ja);
    xmlNewChild(td, NULL, BAD_CAST "br", NULL);
    xmlNodeAddContent(td, BAD_CAST r->pair->en);
    if (r->swapped)
        add(p, td, "div", "why", "(written in each other's language: swapped back)");
    addf(p, tr, "td", "n", "%zu / %zu", s->ja_segments, s->en_segments);
    for (int k = 0; k < TY_BEAD_SHAPES; k++)
        if (s->shapes[k] && o < sizeof beads)
            o += (size_t)snprintf(beads + o, sizeof beads - o, "%s%s %zu", o ? ", " : "",
                                  shapes[k], s->shapes[k]);
    add(p, tr, "td", NULL, beads);
    if (s->beads) {
        addf(p, tr, "td", s->mean_confidence < 0.9 ? "n low" : "n", "%.3f", s->mean_confidence);
        addf(p, tr, "td", "n", "%.1f%%", 100 * s->low_share);
        addf(p, tr, "td", "n", "%.1f%%", 100 * s->unpaired_share);
    } else {
        for (int k = 0; k < 3; k++)
            add(p, tr, "td", "n", "–");
    }
    addf(p, tr, "td", "n", "%.2f", r->seconds);
    add(p, tr, "td", "why",
        r->status == TY_BATCH_FAILED || r->status == TY_BATCH_REFUSED ? r->error.message : "");
}

ty_status ty_batch_report_write_html(const char *path, const char *title,
                                     const ty_batch_result *const *results, size_t n,
                                     ty_error *err)
{
    static const char *const heads[] = {"status", "files (Japanese, English)", "sentences",
                                        "beads", "mean confidence", "below 0.9", "unpaired",
                                        "seconds", "why not stored"};
    const ty_batch_result **v = NULL;
    size_t count[TY_BATCH_STATUSES] = {0};
    page p = {NULL, 0};
    xmlNodePtr html, head, body, table, tr, m;
    ty_status rc;

    if (!path || (n && !results))
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1, "no path or no results");
    if (!title)
        title = "Batch alignment report";
    if (!(v = malloc((n + 1) * sizeof *v)))
        return ty__nomem(err);
    if (n)
        memcpy(v, results, n * sizeof *v);
    ty_batch_results_sort(v, n);
    for (size_t i = 0; i < n; i++)
        count[v[i]->status]++;
    ty__xml_init(); /* the page is the caller's first use of libxml2, maybe on a thread */
    if (!(p.doc = htmlNewDocNoDtD(NULL, NULL)) ||
        !xmlCreateIntSubset(p.doc, BAD_CAST "html", NULL, NULL) ||
        !(html = xmlNewNode(NULL, BAD_CAST "html"))) {
        free(v);
        xmlFreeDoc(p.doc);
        return ty__nomem(err);
    }
    xmlDocSetRootElement(p.doc, html);
    if (!xmlSetProp(html, BAD_CAST "lang", BAD_CAST "en"))
        p.failed = 1;
    head = add(&p, html, "head", NULL, NULL);
    m = add(&p, head, "meta", NULL, NULL);
    if (!xmlSetProp(m, BAD_CAST "charset", BAD_CAST "utf-8"))
        p.failed = 1;
    add(&p, head, "title", NULL, title);
    add(&p, head, "style", NULL, css);
    body = add(&p, html, "body", NULL, NULL);
    add(&p, body, "h1", NULL, title);
    addf(&p, body, "p", NULL, "%zu pairs: %zu stored, %zu replaced, %zu unchanged, %zu refused, "
                              "%zu failed · taiyaku %s",
         n, count[TY_BATCH_STORED], count[TY_BATCH_REPLACED], count[TY_BATCH_UNCHANGED],
         count[TY_BATCH_REFUSED], count[TY_BATCH_FAILED], ty_version());
    table = add(&p, body, "table", NULL, NULL);
    tr = add(&p, table, "tr", NULL, NULL);
    for (size_t k = 0; k < sizeof heads / sizeof heads[0]; k++)
        add(&p, tr, "th", NULL, heads[k]);
    for (size_t i = 0; i < n; i++)
        row(&p, table, v[i]);
    free(v);
    if (p.failed) {
        xmlFreeDoc(p.doc);
        return ty__nomem(err);
    }
    rc = ty__html_write_atomically(path, p.doc, err);
    xmlFreeDoc(p.doc);
    return rc;
}
