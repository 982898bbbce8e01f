/*
 * lawxml.c — the e-Gov law XML reader (<Law Lang="ja|en"><LawBody>…, libxml2): the law's
 * title, the titles of parts, chapters, sections and articles as headings (an article's
 * title carries its number, Article@Num, for the aligner's anchors), each paragraph (its
 * number and sentences) and each item and sub-item a block of its own; sentences of one
 * block join as the language joins them; ruby readings (<Rt>) and the table of contents
 * (<TOC>) are left out. Positions are the elements' lines in the file. It does not check the
 * schema: unknown elements are read for their text.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "formats.h"
#include "xml_init.h"
#include "base/error.h"

/* Deeper nesting than this is not a law. */
#define MAX_DEPTH 64

typedef struct law {
    const ty__reader_opts *ro;
    ty__blocks *out;
    int sentences; /* sentences in the open block (for the separator) */
} law;

static int is(const xmlNode *n, const char *name)
{
    return !strcmp((const char *)n->name, name);
}

/* The heading level of a title element, 0 for a block that is not a heading, -1 for an
 * element that does not start a block. */
static int block_kind(const xmlNode *n)
{
    static const struct {
        const char *name;
        int level;
    } t[] = {
        {"LawTitle", 1},        {"PartTitle", 2},        {"ChapterTitle", 2},
        {"SectionTitle", 3},    {"SubsectionTitle", 4},  {"DivisionTitle", 5},
        {"ArticleTitle", 6},    {"SupplProvisionLabel", 2}, {"AppdxTableTitle", 3},
        {"LawNum", 0},          {"EnactStatement", 0},   {"ArticleCaption", 0},
        {"Paragraph", 0},       {"Item", 0},             {"Subitem1", 0},
        {"Subitem2", 0},        {"Subitem3", 0},         {"Subitem4", 0},
        {"Subitem5", 0},        {"Subitem6", 0},         {"TableColumn", 0},
        {"Remarks", 0},         {"Note", 0},
    };
    for (size_t k = 0; k < sizeof t / sizeof *t; k++)
        if (is(n, t[k].name))
            return t[k].level;
    return -1;
}

/* Article@Num ("3", "3_2") as number * 1000 + branch. */
static long article_number(const xmlNode *art)
{
    xmlChar *num = xmlGetProp(art, (const xmlChar *)"Num");
    long v = 0, branch = 0;
    char *e;

    if (!num)
        return 0;
    v = strtol((const char *)num, &e, 10);
    if (*e == '_')
        branch = strtol(e + 1, NULL, 10);
    xmlFree(num);
    return v > 0 && v < 1000000 && branch >= 0 && branch < 1000 ? v * 1000 + branch : 0;
}

static ty_status walk(law *L, const xmlNode *n, int depth, ty_error *err);

static ty_status children(law *L, const xmlNode *n, int depth, ty_error *err)
{
    ty_status st = TY_OK;
    for (const xmlNode *c = n->children; c && st == TY_OK; c = c->next)
        st = walk(L, c, depth + 1, err);
    return st;
}

static ty_status walk(law *L, const xmlNode *n, int depth, ty_error *err)
{
    ty__blocks *out = L->out;
    ty_status st;
    int kind;

    if (depth > MAX_DEPTH)
        return ty__fail(err, TY_ERR_FORMAT, L->ro->name, (long)xmlGetLineNo(n), -1,
                        "law XML nested over %d levels", MAX_DEPTH);
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        const char *t = (const char *)n->content;
        return t ? ty__blocks_text(out, t, strlen(t), 1, err) : TY_OK;
    }
    if (n->type != XML_ELEMENT_NODE || is(n, "Rt") || is(n, "TOC"))
        return TY_OK;
    kind = block_kind(n);
    if (kind >= 0) {
        ty__pos pos = {-1, -1, (long)xmlGetLineNo(n), -1};
        if ((st = ty__blocks_open(out, kind, err)) != TY_OK ||
            (st = ty__blocks_mark(out, &pos, err)) != TY_OK)
            return st;
        if (is(n, "ArticleTitle") && n->parent && is(n->parent, "Article"))
            out->article = article_number(n->parent);
        L->sentences = 0;
    }
    if (is(n, "Sentence") || is(n, "Column")) {
        /* sentences and columns of one block: nothing between Japanese ones, a space
         * between English ones; a space after a paragraph or item number */
        if ((L->sentences > 0 || out->len > out->v[out->n].start) &&
            (L->ro->lang == TY_LANG_EN || is(n, "Column") || L->sentences == 0) &&
            (st = ty__blocks_text(out, " ", 1, 0, err)) != TY_OK)
            return st;
        L->sentences++;
    }
    if ((st = children(L, n, depth, err)) != TY_OK)
        return st;
    /* a paragraph's block is closed already when items followed its sentences */
    return kind >= 0 ? ty__blocks_close(out, err) : TY_OK;
}

ty_status ty__read_lawxml(const char *bytes, size_t len, const ty__reader_opts *ro,
                          ty__blocks *out, ty_error *err)
{
    xmlDoc *doc;
    const xmlNode *root;
    law L;
    ty_status st;

    if (len > INT32_MAX)
        return ty__fail(err, TY_ERR_TOOBIG, ro->name, -1, -1, "law XML over 2 GiB");
    ty__xml_init();
    doc = xmlReadMemory(bytes, (int)len, ro->name, NULL,
                        XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc) {
        const xmlError *e = xmlGetLastError();
        return ty__fail(err, TY_ERR_FORMAT, ro->name, e ? e->line : -1, -1,
                        "not well-formed XML");
    }
    root = xmlDocGetRootElement(doc);
    if (!root || !is(root, "Law")) {
        st = ty__fail(err, TY_ERR_FORMAT, ro->name, root ? (long)xmlGetLineNo(root) : -1, -1,
                      "not e-Gov law XML: the root element is <%s>, not <Law>",
                      root ? (const char *)root->name : "");
        goto done;
    }
    memset(&L, 0, sizeof L);
    L.ro = ro;
    L.out = out;
    if ((st = children(&L, root, 0, err)) != TY_OK || (st = ty__blocks_close(out, err)) != TY_OK)
        goto done;
    if (out->n == 0)
        st = ty__fail(err, TY_ERR_FORMAT, ro->name, -1, -1, "no text in the law");
done:
    xmlFreeDoc(doc);
    return st;
}
