/*
 * docx.c — the Word (.docx) reader: word/document.xml streamed through libxml2's
 * xmlTextReader from the archive (zipx.c). Body paragraphs in order, tables row by row (each
 * cell's paragraphs), headings from paragraph styles (styles.xml: "heading N", "Title", an
 * outline level, through basedOn), w:br and w:cr as line breaks, w:tab as a tab; tracked
 * changes accepted (insertions and moves-to kept, deletions and moves-from dropped); field
 * codes dropped and field results kept; then the footnotes and endnotes. Headers, footers,
 * comments and text in fallback drawings are not read.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/xmlreader.h>

#include "formats.h"
#include "zipx.h"
#include "xml_init.h"
#include "base/error.h"

/* Parts larger than this are refused (document.xml of a 1,000-page report is ~10 MB). */
#define PART_MAX ((size_t)512 << 20)
/* Nested fields followed. */
#define MAX_FIELDS 16
#define MAX_STYLES 4096

typedef struct style {
    char *id, *based_on;
    int level; /* 1-6, 0 none, -1 not set */
} style;

typedef struct docx {
    const ty__reader_opts *ro;
    ty__blocks *out;
    style *styles;
    size_t nstyles;
    long para;                 /* paragraphs so far (the block index of the next) */
    int field_instr[MAX_FIELDS]; /* per open field: 1 while in its code */
    int nfields;
    int in_t;                  /* inside a w:t: the only text that is the document's */
} docx;

static int is(const xmlChar *name, const char *want)
{
    return name && !strcmp((const char *)name, want);
}

static char *attr(xmlTextReaderPtr r, const char *local)
{
    /* attributes are w:-prefixed; match on the local name */
    char *v = NULL;
    if (xmlTextReaderMoveToFirstAttribute(r) == 1) {
        do {
            if (is(xmlTextReaderConstLocalName(r), local)) {
                v = (char *)xmlTextReaderValue(r);
                break;
            }
        } while (xmlTextReaderMoveToNextAttribute(r) == 1);
        xmlTextReaderMoveToElement(r);
    }
    return v;
}

static int name_level(const char *name)
{
    if (!strcasecmp(name, "title"))
        return 1;
    if (!strncasecmp(name, "heading", 7)) {
        const char *p = name + 7;
        while (*p == ' ')
            p++;
        if (*p >= '1' && *p <= '9' && p[1] == '\0')
            return *p - '0' > 6 ? 6 : *p - '0';
    }
    return -1;
}

static xmlTextReaderPtr open_reader(const char *buf, size_t len, const char *url)
{
    return xmlReaderForMemory(buf, (int)len, url, NULL,
                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                  XML_PARSE_HUGE);
}

static ty_status xml_error(const docx *d, xmlTextReaderPtr r, const char *part, ty_error *err)
{
    return ty__fail(err, TY_ERR_FORMAT, d->ro->name, -1, -1,
                    "%s is not well-formed XML (line %d)", part,
                    xmlTextReaderGetParserLineNumber(r));
}

/* styles.xml: paragraph styles with their heading levels. */
static ty_status read_styles(docx *d, const char *buf, size_t len, ty_error *err)
{
    xmlTextReaderPtr r = open_reader(buf, len, "word/styles.xml");
    style *cur = NULL;
    int ret;

    if (!r)
        return ty__nomem(err);
    while ((ret = xmlTextReaderRead(r)) == 1) {
        const xmlChar *ln;
        if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT)
            continue;
        ln = xmlTextReaderConstLocalName(r);
        if (is(ln, "style")) {
            char *type = attr(r, "type"), *id = attr(r, "styleId");
            cur = NULL;
            if (id && (!type || !strcmp(type, "paragraph")) && d->nstyles < MAX_STYLES) {
                style *s2 = realloc(d->styles, (d->nstyles + 1) * sizeof *s2);
                if (!s2) {
                    xmlFree(type);
                    xmlFree(id);
                    xmlFreeTextReader(r);
                    return ty__nomem(err);
                }
                d->styles = s2;
                cur = &d->styles[d->nstyles++];
                cur->id = id;
                cur->based_on = NULL;
                cur->level = -1;
                id = NULL;
            }
            xmlFree(type);
            xmlFree(id);
        } else if (cur && (is(ln, "name") || is(ln, "basedOn") || is(ln, "outlineLvl"))) {
            char *v = attr(r, "val");
            if (v && is(ln, "name") && cur->level < 0)
                cur->level = name_level(v);
            else if (v && is(ln, "outlineLvl") && cur->level < 0) {
                int k = atoi(v);
                cur->level = k >= 0 && k < 6 ? k + 1 : 0;
            } else if (v && is(ln, "basedOn") && !cur->based_on) {
                cur->based_on = v;
                v = NULL;
            }
            xmlFree(v);
        }
    }
    xmlFreeTextReader(r);
    return TY_OK; /* a damaged styles.xml costs headings, not the document */
}

static int style_level(const docx *d, const char *id)
{
    for (int depth = 0; id && depth < 8; depth++) {
        const style *s = NULL;
        for (size_t k = 0; k < d->nstyles; k++)
            if (!strcmp(d->styles[k].id, id)) {
                s = &d->styles[k];
                break;
            }
        if (!s) /* no styles.xml entry: the built-in ids */
            return name_level(id) > 0 ? name_level(id) : 0;
        if (s->level >= 0)
            return s->level;
        id = s->based_on;
    }
    return 0;
}

static int in_code(const docx *d)
{
    for (int k = 0; k < d->nfields; k++)
        if (d->field_instr[k])
            return 1;
    return 0;
}

/* Whether an element is left out with everything inside it. */
static int skipped_element(const xmlChar *ln)
{
    return is(ln, "del") || is(ln, "moveFrom") || is(ln, "delText") || is(ln, "instrText") ||
           is(ln, "Fallback") || is(ln, "rPrChange") || is(ln, "pPrChange") ||
           is(ln, "sectPrChange") || is(ln, "tblPrChange") || is(ln, "trPrChange");
}

static ty_status element(docx *d, xmlTextReaderPtr r, const xmlChar *ln, int empty,
                         ty_error *err)
{
    ty__blocks *out = d->out;
    ty_status st = TY_OK;
    char *v = NULL;

    if (is(ln, "t")) {
        d->in_t = !empty;
    } else if (is(ln, "p")) {
        ty__pos pos = {-1, -1, -1, d->para++};
        if ((st = ty__blocks_open(out, 0, err)) == TY_OK &&
            (st = ty__blocks_mark(out, &pos, err)) == TY_OK && empty)
            st = ty__blocks_close(out, err);
    } else if (!out->open) {
        return TY_OK;
    } else if (is(ln, "pStyle")) {
        if ((v = attr(r, "val")))
            out->heading = style_level(d, v);
    } else if (is(ln, "outlineLvl")) {
        int k = (v = attr(r, "val")) ? atoi(v) : 9;
        if (k >= 0 && k < 6)
            out->heading = k + 1;
    } else if (is(ln, "fldChar")) {
        v = attr(r, "fldCharType");
        if (v && !strcmp(v, "begin") && d->nfields < MAX_FIELDS)
            d->field_instr[d->nfields++] = 1;
        else if (v && !strcmp(v, "separate") && d->nfields > 0)
            d->field_instr[d->nfields - 1] = 0;
        else if (v && !strcmp(v, "end") && d->nfields > 0)
            d->nfields--;
    } else if (in_code(d)) {
        return TY_OK;
    } else if (is(ln, "tab") || is(ln, "ptab")) {
        st = ty__blocks_text(out, "\t", 1, 0, err);
    } else if (is(ln, "br") || is(ln, "cr")) {
        v = attr(r, "type");
        st = (v && strcmp(v, "textWrapping") != 0) ? ty__blocks_text(out, " ", 1, 0, err)
                                                   : ty__blocks_break(out, err);
    } else if (is(ln, "noBreakHyphen")) {
        st = ty__blocks_text(out, "-", 1, 0, err);
    }
    xmlFree(v);
    return st;
}

/* Read one part (document.xml, footnotes.xml, endnotes.xml) into d->out. In notes, only
 * the w:footnote / w:endnote elements of no type or type "normal" are read (the others are
 * separators). */
static ty_status read_part(docx *d, const char *buf, size_t len, const char *part, int notes,
                           ty_error *err)
{
    xmlTextReaderPtr r = open_reader(buf, len, part);
    ty__blocks *out = d->out;
    ty_status st = TY_OK;
    int ret, skip = -1; /* the depth of the element being skipped */

    if (!r)
        return ty__nomem(err);
    d->nfields = 0;
    d->in_t = 0;
    while (st == TY_OK && (ret = xmlTextReaderRead(r)) == 1) {
        int type = xmlTextReaderNodeType(r), depth = xmlTextReaderDepth(r);
        const xmlChar *ln = xmlTextReaderConstLocalName(r);

        if (skip >= 0) {
            if (type == XML_READER_TYPE_END_ELEMENT && depth == skip)
                skip = -1;
            continue;
        }
        if (type == XML_READER_TYPE_ELEMENT) {
            int empty = xmlTextReaderIsEmptyElement(r);
            int leave = skipped_element(ln);
            if (!leave && notes && (is(ln, "footnote") || is(ln, "endnote"))) {
                char *t = attr(r, "type");
                leave = t && strcmp(t, "normal") != 0;
                xmlFree(t);
            }
            if (leave) {
                if (!empty)
                    skip = depth;
                continue;
            }
            st = element(d, r, ln, empty, err);
        } else if (type == XML_READER_TYPE_END_ELEMENT) {
            if (is(ln, "t"))
                d->in_t = 0;
            else if (is(ln, "p"))
                st = ty__blocks_close(out, err);
        } else if (type == XML_READER_TYPE_TEXT ||
                   type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
                   type == XML_READER_TYPE_CDATA) {
            const xmlChar *v = xmlTextReaderConstValue(r);
            if (d->in_t && out->open && !in_code(d) && v)
                st = ty__blocks_text(out, (const char *)v, strlen((const char *)v), 0, err);
        }
    }
    if (st == TY_OK && ret < 0)
        st = xml_error(d, r, part, err);
    if (st == TY_OK)
        st = ty__blocks_close(out, err);
    xmlFreeTextReader(r);
    return st;
}

ty_status ty__read_docx(const char *bytes, size_t len, const ty__reader_opts *ro,
                        ty__blocks *out, ty_error *err)
{
    static const char *const notes[] = {"word/footnotes.xml", "word/endnotes.xml"};
    ty__zip *zip = NULL;
    docx d;
    char *buf = NULL;
    size_t blen;
    ty_status st;

    ty__xml_init();
    memset(&d, 0, sizeof d);
    d.ro = ro;
    d.out = out;
    if ((st = ty__zip_open(bytes, len, ro->name, &zip, err)) != TY_OK)
        goto done;
    if (!ty__zip_has(zip, "word/document.xml")) {
        st = ty__fail(err, TY_ERR_FORMAT, ro->name, -1, -1,
                      "a zip archive without word/document.xml: not a Word .docx file");
        goto done;
    }
    if (ty__zip_has(zip, "word/styles.xml")) {
        if ((st = ty__zip_read(zip, "word/styles.xml", PART_MAX, &buf, &blen, err)) != TY_OK ||
            (st = read_styles(&d, buf, blen, err)) != TY_OK)
            goto done;
        free(buf);
        buf = NULL;
    }
    if ((st = ty__zip_read(zip, "word/document.xml", PART_MAX, &buf, &blen, err)) != TY_OK ||
        (st = read_part(&d, buf, blen, "word/document.xml", 0, err)) != TY_OK)
        goto done;
    for (size_t k = 0; k < 2; k++) {
        if (!ty__zip_has(zip, notes[k]))
            continue;
        free(buf);
        buf = NULL;
        if ((st = ty__zip_read(zip, notes[k], PART_MAX, &buf, &blen, err)) != TY_OK ||
            (st = read_part(&d, buf, blen, notes[k], 1, err)) != TY_OK)
            goto done;
    }
    if (out->n == 0)
        st = ty__fail(err, TY_ERR_FORMAT, ro->name, -1, -1, "no text in the document");
done:
    free(buf);
    for (size_t k = 0; k < d.nstyles; k++) {
        xmlFree(d.styles[k].id);
        xmlFree(d.styles[k].based_on);
    }
    free(d.styles);
    ty__zip_close(zip);
    return st;
}
