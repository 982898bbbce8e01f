/*
 * glossary_tbx.c — glossaries as TBX (ISO 30042): reading TBX-Basic and other dialects of
 * both editions into a ty_glossary, and writing a glossary as TBX-Basic (2019 edition, DCA
 * style).
 *
 * Reading walks the document (libxml2, no network, no DTD, no entity expansion): every
 * <conceptEntry> (2019) or <termEntry> (2008) is a concept; its <langSec>/<langSet> give the
 * language (xml:lang, primary subtag ja or en; others are skipped); each <termSec>, <tig> or
 * <ntig> is a term: the text of its <term>, the status of its <termNote type=
 * "administrativeStatus"> or type="normativeAuthorization" (or a DCT element named so), and a
 * note from its first other termNote, <descrip> or <note>. Elements are matched by local name,
 * in any namespace.
 * Writing builds the tree with libxml2 (so every text is escaped by it) and saves it indented,
 * to a temporary file renamed over the target. tests/tbx/ holds the TBX-Basic schemas it is
 * validated against.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "glossary.h"
#include "base/atomic_file.h"
#include "base/error.h"
#include "formats/xml_init.h"

#define TBX_NS "urn:iso:std:iso:30042:ed-2"

static int is(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

/* ja or en from an xml:lang value; -1 for another language. */
static int lang_of(const xmlChar *v)
{
    const char *s = (const char *)v;
    size_t n;
    if (!s)
        return -1;
    n = strcspn(s, "-_");
    if ((n == 2 && !strncasecmp(s, "ja", 2)) || (n == 3 && !strncasecmp(s, "jpn", 3)))
        return TY_LANG_JA;
    if ((n == 2 && !strncasecmp(s, "en", 2)) || (n == 3 && !strncasecmp(s, "eng", 3)))
        return TY_LANG_EN;
    return -1;
}

/* The first descendant element named `name` (depth first), or NULL. */
static xmlNode *find(xmlNode *n, const char *name)
{
    for (xmlNode *k = n->children; k; k = k->next) {
        xmlNode *x;
        if (k->type != XML_ELEMENT_NODE)
            continue;
        if (is(k, name))
            return k;
        if ((x = find(k, name)) != NULL)
            return x;
    }
    return NULL;
}

typedef struct reader {
    ty_glossary *g;
    const char *path;
    ty_error *err;
    size_t concept; /* the concept being read */
    int has[2];     /* it has a Japanese / English term */
    size_t first_term;
} reader;

/* Text content with white space runs folded (a term may be written over several lines). */
static char *content(xmlNode *n)
{
    xmlChar *c = xmlNodeGetContent(n);
    char *s = (char *)c, *out;
    size_t k = 0;
    int space = 0;
    if (!c)
        return NULL;
    out = malloc(strlen(s) + 1);
    if (out) {
        for (; *s; s++) {
            if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
                space = k > 0;
                continue;
            }
            if (space)
                out[k++] = ' ';
            space = 0;
            out[k++] = *s;
        }
        out[k] = '\0';
    }
    xmlFree(c);
    return out;
}

static ty_status read_term(reader *r, xmlNode *n, int lang)
{
    xmlNode *term = is(n, "term") ? n : find(n, "term"), *box = n;
    ty_term_status st = TY_TERM_ADMITTED;
    char *text, *note = NULL;
    ty_status rc;

    if (!term)
        return TY_OK;
    if (is(n, "ntig") && term->parent && is(term->parent, "termGrp"))
        box = term->parent; /* <ntig><termGrp><term/><termNote/></termGrp></ntig> */
    for (xmlNode *k = box->children; k; k = k->next) {
        xmlChar *type;
        if (k->type != XML_ELEMENT_NODE || k == term)
            continue;
        type = xmlGetProp(k, BAD_CAST "type");
        if ((is(k, "termNote") && type &&
             (!strcmp((char *)type, "administrativeStatus") ||
              !strcmp((char *)type, "normativeAuthorization"))) ||
            is(k, "administrativeStatus") || is(k, "normativeAuthorization")) {
            char *v = content(k);
            if (v && ty__term_status_parse(v, strlen(v), &st))
                st = TY_TERM_ADMITTED;
            free(v);
        } else if (!note && (is(k, "termNote") || is(k, "descrip") || is(k, "note"))) {
            note = content(k);
        }
        xmlFree(type);
    }
    if (!(text = content(term))) {
        free(note);
        return ty__nomem(r->err);
    }
    rc = TY_OK;
    if (*text) {
        rc = ty_glossary_add(r->g, r->concept, (ty_lang)lang, text, st, note && *note ? note : NULL,
                             r->err);
        if (rc == TY_OK)
            r->has[lang] = 1;
        else if (rc != TY_ERR_NOMEM)
            rc = ty__fail(r->err, TY_ERR_FORMAT, r->path, xmlGetLineNo(term), -1,
                          "a term that is empty once normalized");
    }
    free(text);
    free(note);
    return rc;
}

static ty_status read_entry(reader *r, xmlNode *entry)
{
    ty_status rc = TY_OK;

    r->has[0] = r->has[1] = 0;
    for (xmlNode *ls = entry->children; ls && rc == TY_OK; ls = ls->next) {
        xmlChar *lv;
        int lang;
        if (!is(ls, "langSec") && !is(ls, "langSet"))
            continue;
        lv = xmlNodeGetLang(ls);
        lang = lang_of(lv);
        xmlFree(lv);
        if (lang < 0)
            continue;
        for (xmlNode *t = ls->children; t && rc == TY_OK; t = t->next)
            if (is(t, "termSec") || is(t, "tig") || is(t, "ntig"))
                rc = read_term(r, t, lang);
    }
    return rc;
}

/* The concepts of the subtree of n. */
static ty_status walk(reader *r, xmlNode *n)
{
    ty_status rc = TY_OK;
    for (xmlNode *k = n->children; k && rc == TY_OK; k = k->next) {
        if (k->type != XML_ELEMENT_NODE)
            continue;
        if (is(k, "conceptEntry") || is(k, "termEntry")) {
            size_t before = ty_glossary_concepts(r->g);
            r->concept = before;
            if ((rc = read_entry(r, k)) != TY_OK)
                break;
            if (!r->has[0] || !r->has[1]) {
                /* without both languages it checks nothing: drop what it added */
                if (ty_glossary_concepts(r->g) > before)
                    rc = ty__glossary_drop_last(r->g, r->err);
                ty__glossary_skip(r->g);
            }
        } else if (!is(k, "tbxHeader") && !is(k, "martifHeader")) {
            rc = walk(r, k);
        }
    }
    return rc;
}

ty_status ty__glossary_read_tbx(ty_glossary *g, const char *path, const char *buf, size_t len,
                                ty_error *err)
{
    xmlDocPtr doc;
    xmlNode *root;
    reader r;
    ty_status rc;

    if (len > (size_t)INT32_MAX)
        return ty__fail(err, TY_ERR_TOOBIG, path, -1, -1, "a TBX file over 2 GiB");
    ty__xml_init();
    xmlResetLastError();
    doc = xmlReadMemory(buf, (int)len, path, NULL,
                        XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc) {
        const xmlError *e = xmlGetLastError();
        char msg[256];
        snprintf(msg, sizeof msg, "%s", e && e->message ? e->message : "malformed XML");
        msg[strcspn(msg, "\n")] = '\0';
        return ty__fail(err, TY_ERR_XML, path, e ? e->line : -1, -1, "%s", msg);
    }
    root = xmlDocGetRootElement(doc);
    if (!root || !(is(root, "tbx") || is(root, "martif"))) {
        rc = ty__fail(err, TY_ERR_FORMAT, path, root ? xmlGetLineNo(root) : -1, -1,
                      "not a TBX file (its root is <%s>, not <tbx> or <martif>)",
                      root ? (const char *)root->name : "");
        xmlFreeDoc(doc);
        return rc;
    }
    memset(&r, 0, sizeof r);
    r.g = g;
    r.path = path;
    r.err = err;
    rc = walk(&r, root);
    xmlFreeDoc(doc);
    return rc;
}

/* ---- writing ---- */

typedef struct out {
    int failed;
} out;

static xmlNode *child(out *o, xmlNode *parent, xmlNs *ns, const char *name, const char *text)
{
    xmlNode *n = xmlNewChild(parent, ns, BAD_CAST name, NULL);
    if (!n) {
        o->failed = 1;
        return parent;
    }
    if (text) {
        xmlNode *t = xmlNewText(BAD_CAST text);
        if (!t || !xmlAddChild(n, t)) {
            xmlFreeNode(t);
            o->failed = 1;
        }
    }
    return n;
}

static void prop(out *o, xmlNode *n, const char *name, const char *value)
{
    if (!xmlSetProp(n, BAD_CAST name, BAD_CAST value))
        o->failed = 1;
}

static void lang_prop(out *o, xmlNode *n, xmlNs *xml, const char *value)
{
    if (!xmlSetNsProp(n, xml, BAD_CAST "lang", BAD_CAST value))
        o->failed = 1;
}

static const char *const admin_values[] = {"admittedTerm-admn-sts", "preferredTerm-admn-sts",
                                           "deprecatedTerm-admn-sts", "supersededTerm-admn-sts",
                                           "deprecatedTerm-admn-sts"};

static xmlDocPtr build(const ty_glossary *g, const char *title)
{
    static const char *const langs[2] = {"ja", "en"};
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNode *root, *hdr, *fd, *body;
    xmlNs *ns, *xml;
    out o = {0};

    if (!doc)
        return NULL;
    root = xmlNewNode(NULL, BAD_CAST "tbx");
    if (!root) {
        xmlFreeDoc(doc);
        return NULL;
    }
    xmlDocSetRootElement(doc, root);
    ns = xmlNewNs(root, BAD_CAST TBX_NS, NULL);
    xml = xmlSearchNs(doc, root, BAD_CAST "xml");
    if (!ns || !xml) {
        xmlFreeDoc(doc);
        return NULL;
    }
    xmlSetNs(root, ns);
    prop(&o, root, "type", "TBX-Basic");
    prop(&o, root, "style", "dca");
    lang_prop(&o, root, xml, "en");
    hdr = child(&o, root, ns, "tbxHeader", NULL);
    fd = child(&o, hdr, ns, "fileDesc", NULL);
    child(&o, child(&o, fd, ns, "titleStmt", NULL), ns, "title", title ? title : "Glossary");
    child(&o, child(&o, fd, ns, "sourceDesc", NULL), ns, "p",
          "Written by taiyaku " PACKAGE_VERSION);
    body = child(&o, child(&o, root, ns, "text", NULL), ns, "body", NULL);
    for (size_t c = 0; c < ty_glossary_concepts(g) && !o.failed; c++) {
        size_t n;
        const ty_term *t = ty_glossary_terms(g, c, &n);
        char id[32];
        xmlNode *ce = child(&o, body, ns, "conceptEntry", NULL);
        snprintf(id, sizeof id, "c%zu", c + 1);
        prop(&o, ce, "id", id);
        for (int l = 0; l < 2; l++) {
            xmlNode *ls = NULL;
            for (size_t k = 0; k < n; k++) {
                xmlNode *ts;
                if ((int)t[k].lang != l)
                    continue;
                if (!ls) {
                    ls = child(&o, ce, ns, "langSec", NULL);
                    lang_prop(&o, ls, xml, langs[l]);
                }
                ts = child(&o, ls, ns, "termSec", NULL);
                child(&o, ts, ns, "term", t[k].text);
                child(&o, ts, ns, "termNote", admin_values[t[k].status]);
                prop(&o, ts->last, "type", "administrativeStatus");
                if (t[k].note)
                    child(&o, ts, ns, "note", t[k].note);
            }
        }
    }
    doc->encoding = xmlStrdup(BAD_CAST "UTF-8");
    if (o.failed || !doc->encoding) {
        xmlFreeDoc(doc);
        return NULL;
    }
    return doc;
}

static ty_status save(xmlDocPtr doc, FILE *fp)
{
    return xmlDocFormatDump(fp, doc, 1) >= 0 && !ferror(fp) ? TY_OK : TY_ERR_IO;
}

ty_status ty_glossary_write_tbx(const ty_glossary *g, const char *path, const char *title,
                                ty_error *err)
{
    xmlDocPtr doc;
    ty__afile *f = NULL;
    ty_status rc;

    if (!g || !path)
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1, "no glossary or no file");
    if (ty_glossary_concepts(g) == 0)
        return ty__fail(err, TY_ERR_INVALID, path, -1, -1,
                        "nothing to write: a TBX file holds one concept at least");
    ty__xml_init();
    if (!(doc = build(g, title)))
        return ty__nomem(err);
    if (!strcmp(path, "-")) {
        rc = save(doc, stdout);
        if (rc == TY_OK && fflush(stdout))
            rc = TY_ERR_IO;
        xmlFreeDoc(doc);
        return rc == TY_OK ? TY_OK
                           : ty__fail(err, rc, "<stdout>", -1, -1, "cannot write the TBX");
    }
    if ((rc = ty__afile_open(path, &f, err)) != TY_OK) {
        xmlFreeDoc(doc);
        return rc;
    }
    rc = save(doc, ty__afile_stream(f));
    xmlFreeDoc(doc);
    if (rc != TY_OK) {
        ty__afile_abort(f);
        return ty__fail(err, rc, path, -1, -1, "cannot write the TBX");
    }
    return ty__afile_commit(f, err);
}
