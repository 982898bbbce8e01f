/*
 * reader.c — the streaming TMX reader (ty__tmx_read_file, which ty_tmx_read runs, and
 * ty_tmx_read_memory): libxml2's xmlTextReader walks the file node by node in constant memory
 * (no tree), picks each <tu>'s Japanese and English <tuv> by language code, flattens or keeps
 * the inline markup, and hands each unit to a callback. A bad single <tu> is skipped with a
 * warning; a bad file fails with its line. It does not write TMX (writer.c does) and does not
 * store units (tm/open.c does).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/xmlreader.h>

#include "base/error.h"
#include "formats/xml_init.h"
#include "tmx.h"

/* Most props and notes kept for one <tu>; more make the <tu> bad. */
#define TY_TMX_MAX_PROPS 4096

typedef struct reader {
    xmlTextReaderPtr r;
    const char *name;
    const ty_tmx_read_opts *o;
    ty_tmx_unit_fn fn;
    void *ud;
    ty_tmx_stats *stats;
    /* the first error libxml2 reported */
    int xml_failed, xml_code;
    long xml_line;
    char xml_msg[300];
    int saw_root, saw_body, in_body;
    int empty; /* the input has no bytes at all */
    /* the <tu> being read */
    long tu_line;
    ty__tbuf id, text[2], lang[2], arena, langs_seen, scratch;
    int have[2], side; /* side of the current <tuv>: 0, 1, or -1 when ignored */
    size_t *off;       /* per prop: offsets of its type and value in arena */
    size_t nprops, propcap;
    ty_prop *props;
    int bad;
    char bad_why[200];
} reader;

void ty_tmx_read_opts_init(ty_tmx_read_opts *opts)
{
    if (opts)
        memset(opts, 0, sizeof *opts);
}

static void on_xml_error(void *ctx, xmlErrorPtr e)
{
    reader *rd = ctx;
    size_t n;

    if (!e || e->level < XML_ERR_ERROR || e->domain == XML_FROM_NAMESPACE || rd->xml_failed)
        return;
    rd->xml_failed = 1;
    rd->xml_code = e->code;
    rd->xml_line = e->line > 0 ? e->line : -1;
    snprintf(rd->xml_msg, sizeof rd->xml_msg, "%s", e->message ? e->message : "malformed XML");
    n = strlen(rd->xml_msg);
    while (n > 0 && (rd->xml_msg[n - 1] == '\n' || rd->xml_msg[n - 1] == ' '))
        rd->xml_msg[--n] = '\0';
}

static long node_line(reader *rd)
{
    xmlNodePtr n = xmlTextReaderCurrentNode(rd->r);
    long line = n ? xmlGetLineNo(n) : -1;
    return line > 0 ? line : xmlTextReaderGetParserLineNumber(rd->r);
}

static const char *lname(reader *rd)
{
    const xmlChar *n = xmlTextReaderConstLocalName(rd->r);
    return n ? (const char *)n : "";
}

static void copy_attr(reader *rd, const char *attr, char *dst, size_t size)
{
    xmlChar *v = xmlTextReaderGetAttribute(rd->r, (const xmlChar *)attr);
    snprintf(dst, size, "%s", v ? (const char *)v : "");
    xmlFree(v);
}

static void mark_bad(reader *rd, const char *why)
{
    if (!rd->bad)
        snprintf(rd->bad_why, sizeof rd->bad_why, "%s", why);
    rd->bad = 1;
}

/* Append to a per-<tu> buffer; over the cap marks the <tu> bad. -1 only when out of memory. */
static int put(reader *rd, ty__tbuf *b, const char *s, size_t n)
{
    int toobig = 0;
    if (rd->bad)
        return 0;
    if (b != &rd->arena && b->len + n > TY_TMX_MAX_TEXT)
        toobig = 1;
    else if (ty__tbuf_put(b, s, n, &toobig) == 0)
        return 0;
    if (!toobig)
        return -1;
    mark_bad(rd, "a text over the size limit");
    return 0;
}

/* Append the value of the current element's attribute `name` (in the XML namespace when
 * `xml_ns`) to b, read from the node itself (no copy by libxml2). Returns 1 when the attribute
 * is there, 0 when not, -1 when out of memory. */
static int get_attr(reader *rd, const char *name, int xml_ns, ty__tbuf *b)
{
    xmlNodePtr n = xmlTextReaderCurrentNode(rd->r);

    for (xmlAttrPtr a = n ? n->properties : NULL; a; a = a->next) {
        if (strcmp((const char *)a->name, name) != 0 ||
            (xml_ns ? !a->ns || !a->ns->href || strcmp((const char *)a->ns->href,
                                                          (const char *)XML_XML_NAMESPACE)
                    : a->ns != NULL))
            continue;
        for (xmlNodePtr t = a->children; t; t = t->next)
            if (t->content && put(rd, b, (const char *)t->content, strlen((const char *)t->content)) != 0)
                return -1;
        return 1;
    }
    return 0;
}

static int begin_tu(reader *rd)
{
    rd->stats->tus++;
    rd->tu_line = node_line(rd);
    ty__tbuf_reset(&rd->id);
    ty__tbuf_reset(&rd->arena);
    ty__tbuf_reset(&rd->langs_seen);
    for (int s = 0; s < 2; s++) {
        ty__tbuf_reset(&rd->text[s]);
        ty__tbuf_reset(&rd->lang[s]);
        rd->have[s] = 0;
    }
    rd->nprops = 0;
    rd->bad = 0;
    rd->side = -1;
    return get_attr(rd, "tuid", 0, &rd->id) < 0 ? -1 : 0;
}

/* Which side a language code is: 0 Japanese, 1 English, -1 neither. */
static int side_of(reader *rd, const char *code)
{
    if (rd->o->ja_lang ? ty__tmx_lang_equal(code, rd->o->ja_lang)
                       : ty__tmx_lang_primary(code, "ja", "jpn"))
        return 0;
    if (rd->o->en_lang ? ty__tmx_lang_equal(code, rd->o->en_lang)
                       : ty__tmx_lang_primary(code, "en", "eng"))
        return 1;
    return -1;
}

static int begin_tuv(reader *rd)
{
    ty__tbuf *code = &rd->scratch;
    const char *c;
    int side, got;

    ty__tbuf_reset(code);
    if ((got = get_attr(rd, "lang", 1, code)) == 0)
        got = get_attr(rd, "lang", 0, code); /* TMX 1.1 */
    if (got < 0)
        return -1;
    c = ty__tbuf_str(code);
    if (rd->langs_seen.len < 100 &&
        ((rd->langs_seen.len && put(rd, &rd->langs_seen, ", ", 2) != 0) ||
         put(rd, &rd->langs_seen, *c ? c : "(none)", strlen(*c ? c : "(none)")) != 0))
        return -1;
    side = side_of(rd, c);
    if (side >= 0 && rd->have[side])
        side = -1; /* a second <tuv> for a side: the first one counts */
    if (side < 0) {
        rd->stats->extra_tuvs++;
    } else {
        ty__tbuf_reset(&rd->lang[side]);
        if (put(rd, &rd->lang[side], c, strlen(c)) != 0)
            return -1;
    }
    rd->side = side;
    return 0;
}

static int is_code(const char *name)
{
    return !strcmp(name, "bpt") || !strcmp(name, "ept") || !strcmp(name, "ph") ||
           !strcmp(name, "it") || !strcmp(name, "ut");
}

/* Append the text inside the current element (not empty) to b, and move past its end.
 * Returns the reader's status (1 on a node, 0 at the end, -1 on error); *oom set when out of
 * memory. When `skip_code`, the content of native-code elements (bpt ept ph it ut) is left
 * out. */
static int read_text(reader *rd, ty__tbuf *b, int skip_code, int *oom)
{
    int depth = xmlTextReaderDepth(rd->r), ret = xmlTextReaderRead(rd->r);

    while (ret == 1) {
        int t = xmlTextReaderNodeType(rd->r);
        if (t == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth(rd->r) == depth)
            return xmlTextReaderRead(rd->r);
        if (t == XML_READER_TYPE_ELEMENT && skip_code && is_code(lname(rd))) {
            ret = xmlTextReaderNext(rd->r); /* native code: not text */
            continue;
        }
        if (t == XML_READER_TYPE_TEXT || t == XML_READER_TYPE_CDATA ||
            t == XML_READER_TYPE_WHITESPACE || t == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) {
            const char *v = (const char *)xmlTextReaderConstValue(rd->r);
            if (v && put(rd, b, v, strlen(v)) != 0) {
                *oom = 1;
                return ret;
            }
        } else if (t == XML_READER_TYPE_ENTITY_REFERENCE) {
            mark_bad(rd, "an entity reference that is not expanded");
        }
        ret = xmlTextReaderRead(rd->r);
    }
    return ret;
}

/* A <prop> or <note> (current node): its type and text into the arena, then move past it.
 * Returns the reader's status; *oom set when out of memory. */
static int read_prop(reader *rd, int *oom)
{
    int note = !strcmp(lname(rd), "note"), ret;
    size_t mark = rd->arena.len;

    if (rd->nprops >= TY_TMX_MAX_PROPS)
        mark_bad(rd, "too many props and notes");
    if (rd->bad)
        return xmlTextReaderNext(rd->r);
    if (rd->nprops == rd->propcap) {
        size_t cap = rd->propcap ? 2 * rd->propcap : 16;
        size_t *no = realloc(rd->off, 2 * cap * sizeof *no);
        ty_prop *np = no ? realloc(rd->props, cap * sizeof *np) : NULL;
        if (no)
            rd->off = no;
        if (np)
            rd->props = np;
        if (!no || !np) {
            *oom = 1;
            return 1;
        }
        rd->propcap = cap;
    }
    rd->off[2 * rd->nprops] = mark;
    if ((note ? put(rd, &rd->arena, "note", 4) : get_attr(rd, "type", 0, &rd->arena)) < 0 ||
        put(rd, &rd->arena, "", 1) != 0) {
        *oom = 1;
        return 1;
    }
    rd->off[2 * rd->nprops + 1] = rd->arena.len;
    if (xmlTextReaderIsEmptyElement(rd->r))
        ret = xmlTextReaderRead(rd->r);
    else
        ret = read_text(rd, &rd->arena, 0, oom);
    if (!*oom && put(rd, &rd->arena, "", 1) != 0)
        *oom = 1;
    if (rd->arena.len - rd->off[2 * rd->nprops + 1] > TY_TMX_MAX_TEXT + 1 ||
        rd->off[2 * rd->nprops + 1] - mark > TY_TMX_MAX_TEXT + 1)
        mark_bad(rd, "a prop or note over the size limit");
    if (!rd->bad)
        rd->nprops++;
    return ret;
}

/* A <seg> (current node) into rd->text[side]; leaves the reader after it. Returns the
 * reader's status; *oom set when out of memory. */
static int read_seg(reader *rd, int side, int *oom)
{
    ty__tbuf *b = &rd->text[side];

    rd->have[side] = 1;
    if (xmlTextReaderIsEmptyElement(rd->r))
        return xmlTextReaderRead(rd->r);
    if (rd->o->keep_markup) {
        xmlChar *inner = xmlTextReaderReadInnerXml(rd->r);
        if (inner && put(rd, b, (const char *)inner, strlen((const char *)inner)) != 0)
            *oom = 1;
        xmlFree(inner);
        return xmlTextReaderNext(rd->r);
    }
    return read_text(rd, b, 1, oom);
}

/* "0.875" → 0.875; anything but a plain decimal in [0, 1] → -1. Locale-independent. */
static double parse_confidence(const char *s)
{
    double v = 0, scale = 1;
    int digits = 0;

    while (*s == ' ')
        s++;
    for (; *s >= '0' && *s <= '9'; s++, digits++)
        v = v * 10 + (*s - '0');
    if (*s == '.')
        for (s++; *s >= '0' && *s <= '9'; s++, digits++)
            v += (*s - '0') * (scale /= 10);
    while (*s == ' ')
        s++;
    return (digits && !*s && v <= 1) ? v : -1;
}

/* Tell the caller that the current <tu> is skipped, and why. */
static void warn(reader *rd, const char *why, const char *detail)
{
    ty_error w;
    char id[80] = "";

    if (!rd->o->warn)
        return;
    if (rd->id.len)
        snprintf(id, sizeof id, " tuid=\"%.60s\"", rd->id.p);
    ty__fail(&w, TY_ERR_FORMAT, rd->name, rd->tu_line, -1, "<tu%s>: %s%s%s%s; skipped", id, why,
             detail ? " (languages: " : "", detail ? detail : "", detail ? ")" : "");
    rd->o->warn(&w, rd->ud);
}

/* ty_tmx_read_opts.swap_sides: the unit's Japanese and English texts exchanged (the language
 * codes stay with their sides: they were what was wrong). The shape and the prop names are
 * rewritten in place (they keep their length). */
static void swap_sides(ty_unit *u, ty_prop *props)
{
    const char *t;
    char *shape = (char *)u->shape;

    t = u->ja, u->ja = u->en, u->en = t;
    if (shape) {
        char *colon = strchr(shape, ':');
        size_t a = colon ? (size_t)(colon - shape) : 0, n = strlen(shape);
        if (colon && n < 32) {
            char tmp[32];
            memcpy(tmp, colon + 1, n - a - 1);
            tmp[n - a - 1] = ':';
            memcpy(tmp + n - a, shape, a);
            memcpy(shape, tmp, n);
        }
    }
    for (size_t i = 0; i < u->nprops; i++) {
        char *type = (char *)props[i].type;
        size_t n = strlen(type);
        char *side = !strncmp(type, "x-ja-", 5) || !strncmp(type, "x-en-", 5) ? type + 2
                     : n > 5 && !strncmp(type, "x-", 2) &&
                             (!strcmp(type + n - 3, "-ja") || !strcmp(type + n - 3, "-en"))
                         ? type + n - 2
                         : NULL;
        if (side)
            side[0] = side[0] == 'j' ? 'e' : 'j', side[1] = side[1] == 'a' ? 'n' : 'a';
    }
}

/* The end of a <tu>: hand the unit over, or skip it with a warning. */
static ty_status end_tu(reader *rd)
{
    ty_unit u;
    const char *langs = rd->langs_seen.len ? rd->langs_seen.p : "none";
    ty_status st;

    if (rd->bad) {
        rd->stats->bad++;
        warn(rd, rd->bad_why, NULL);
        return TY_OK;
    }
    if (!rd->have[0] || !rd->have[1]) {
        if (rd->have[0] || rd->have[1]) {
            rd->stats->one_language++;
            warn(rd, rd->have[0] ? "no English <tuv>" : "no Japanese <tuv>", langs);
        } else {
            rd->stats->no_ja_en++;
            warn(rd, "no Japanese or English <tuv>", langs);
        }
        return TY_OK;
    }
    if (ty__tmx_blank(ty__tbuf_str(&rd->text[0])) || ty__tmx_blank(ty__tbuf_str(&rd->text[1]))) {
        rd->stats->empty++;
        warn(rd, ty__tmx_blank(ty__tbuf_str(&rd->text[0])) ? "the Japanese <seg> is empty"
                                                            : "the English <seg> is empty",
             NULL);
        return TY_OK;
    }
    memset(&u, 0, sizeof u);
    u.id = rd->id.len ? rd->id.p : NULL;
    u.ja = ty__tbuf_str(&rd->text[0]);
    u.en = ty__tbuf_str(&rd->text[1]);
    u.ja_lang = ty__tbuf_str(&rd->lang[0]);
    u.en_lang = ty__tbuf_str(&rd->lang[1]);
    u.confidence = -1;
    for (size_t i = 0; i < rd->nprops; i++) {
        rd->props[i].type = rd->arena.p + rd->off[2 * i];
        rd->props[i].value = rd->arena.p + rd->off[2 * i + 1];
        if (!strcmp(rd->props[i].type, "x-confidence") && u.confidence < 0)
            u.confidence = parse_confidence(rd->props[i].value);
        else if (!strcmp(rd->props[i].type, "x-shape") && !u.shape)
            u.shape = rd->props[i].value;
    }
    u.props = rd->nprops ? rd->props : NULL;
    u.nprops = rd->nprops;
    if (rd->o->swap_sides)
        swap_sides(&u, rd->props);
    rd->stats->units++;
    st = rd->fn ? rd->fn(&u, rd->ud) : TY_OK;
    return st;
}

/* The root element: <tmx> of a version this reader knows. */
static ty_status check_root(reader *rd, ty_error *err)
{
    const char *version = rd->stats->version;

    if (strcmp(lname(rd), "tmx") != 0)
        return ty__fail(err, TY_ERR_FORMAT, rd->name, node_line(rd), -1,
                        "not a TMX file: the root element is <%s>, not <tmx>", lname(rd));
    copy_attr(rd, "version", rd->stats->version, sizeof rd->stats->version);
    if (*version && strncmp(version, "1.", 2) != 0)
        return ty__fail(err, TY_ERR_FORMAT, rd->name, node_line(rd), -1,
                        "TMX version '%s' is not supported (1.1 to 1.4b are)", version);
    rd->saw_root = 1;
    return TY_OK;
}

static void read_header(reader *rd)
{
    copy_attr(rd, "srclang", rd->stats->srclang, sizeof rd->stats->srclang);
    copy_attr(rd, "creationtool", rd->stats->creationtool, sizeof rd->stats->creationtool);
    copy_attr(rd, "creationtoolversion", rd->stats->creationtoolversion,
              sizeof rd->stats->creationtoolversion);
}

static ty_status xml_error(reader *rd, ty_error *err)
{
    int enc = (rd->xml_code == XML_ERR_INVALID_CHAR && strstr(rd->xml_msg, "proper UTF-8")) ||
              rd->xml_code == XML_ERR_UNSUPPORTED_ENCODING ||
              rd->xml_code == XML_ERR_UNKNOWN_ENCODING ||
              rd->xml_code == XML_ERR_INVALID_ENCODING || rd->xml_code == XML_I18N_CONV_FAILED ||
              rd->xml_code == XML_I18N_NO_HANDLER;
    if (!rd->xml_failed)
        return ty__fail(err, TY_ERR_XML, rd->name, xmlTextReaderGetParserLineNumber(rd->r), -1,
                        "malformed XML");
    if (!rd->saw_root &&
        (rd->xml_code == XML_ERR_DOCUMENT_END || rd->xml_code == XML_ERR_DOCUMENT_EMPTY))
        return ty__fail(err, TY_ERR_FORMAT, rd->name, rd->empty ? -1 : rd->xml_line, -1,
                        "not a TMX file: %s", rd->empty ? "it is empty" : "it holds no XML element");
    if (rd->xml_code == XML_ERR_ENTITY_LOOP)
        return ty__fail(err, TY_ERR_XML, rd->name, rd->xml_line, -1,
                        "refused: its entities expand into far more text than the file holds "
                        "(an entity loop or an entity blow-up)");
    return ty__fail(err, enc ? TY_ERR_ENCODING : TY_ERR_XML, rd->name, rd->xml_line, -1, "%s: %s",
                    enc ? "unsupported or wrong encoding" : "malformed XML", rd->xml_msg);
}

/* The walk over the document. */
static ty_status walk(reader *rd, ty_error *err)
{
    int ret = xmlTextReaderRead(rd->r), oom = 0;
    ty_status st;

    while (ret == 1) {
        int type = xmlTextReaderNodeType(rd->r), depth = xmlTextReaderDepth(rd->r);
        const char *name = lname(rd);

        if (type == XML_READER_TYPE_END_ELEMENT) {
            if (depth == 2 && rd->in_body && !strcmp(name, "tu") &&
                (st = end_tu(rd)) != TY_OK)
                return st;
            if (depth == 1 && !strcmp(name, "body"))
                rd->in_body = 0;
            if (depth == 3 && !strcmp(name, "tuv"))
                rd->side = -1;
            ret = xmlTextReaderRead(rd->r);
            continue;
        }
        if (type != XML_READER_TYPE_ELEMENT) {
            ret = xmlTextReaderRead(rd->r);
            continue;
        }
        if (depth == 0) {
            if ((st = check_root(rd, err)) != TY_OK)
                return st;
            ret = xmlTextReaderRead(rd->r);
        } else if (depth == 1 && !strcmp(name, "body")) {
            rd->saw_body = 1;
            rd->in_body = !xmlTextReaderIsEmptyElement(rd->r);
            ret = xmlTextReaderRead(rd->r);
        } else if (depth == 1) {
            if (!strcmp(name, "header"))
                read_header(rd);
            ret = xmlTextReaderNext(rd->r);
        } else if (depth == 2 && rd->in_body && !strcmp(name, "tu")) {
            if (begin_tu(rd) != 0)
                return ty__nomem(err);
            if (xmlTextReaderIsEmptyElement(rd->r) && (st = end_tu(rd)) != TY_OK)
                return st;
            ret = xmlTextReaderRead(rd->r);
        } else if (depth == 3 && rd->in_body && !strcmp(name, "tuv")) {
            if (begin_tuv(rd) != 0)
                return ty__nomem(err);
            ret = (rd->side < 0 || xmlTextReaderIsEmptyElement(rd->r))
                      ? xmlTextReaderNext(rd->r) : xmlTextReaderRead(rd->r);
        } else if ((depth == 3 || (depth == 4 && rd->side >= 0)) && rd->in_body &&
                   (!strcmp(name, "prop") || !strcmp(name, "note"))) {
            ret = read_prop(rd, &oom);
        } else if (depth == 4 && rd->in_body && rd->side >= 0 && !strcmp(name, "seg")) {
            ret = read_seg(rd, rd->side, &oom);
        } else {
            ret = xmlTextReaderNext(rd->r); /* anything else: skipped whole */
        }
        if (oom)
            return ty__nomem(err);
    }
    if (ret < 0 || rd->xml_failed)
        return xml_error(rd, err);
    if (!rd->saw_root)
        return ty__fail(err, TY_ERR_FORMAT, rd->name, -1, -1, "not a TMX file: no root element");
    if (!rd->saw_body)
        return ty__fail(err, TY_ERR_FORMAT, rd->name, xmlTextReaderGetParserLineNumber(rd->r), -1,
                        "not a TMX file: no <body> element");
    return TY_OK;
}

static const int parse_options = XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA |
                                 XML_PARSE_COMPACT | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;

/* Run the walk over an opened xmlTextReader (owned from here on). */
static ty_status run(xmlTextReaderPtr r, const char *name, int empty,
                     const ty_tmx_read_opts *opts, ty_tmx_unit_fn fn, void *userdata,
                     ty_tmx_stats *stats, ty_error *err)
{
    ty_tmx_read_opts defaults;
    ty_tmx_stats local;
    ty__xml_quiet quiet;
    reader rd;
    ty_status st;

    if (!r)
        return ty__nomem(err);
    if (!opts) {
        ty_tmx_read_opts_init(&defaults);
        opts = &defaults;
    }
    if (!stats)
        stats = &local;
    memset(stats, 0, sizeof *stats);
    memset(&rd, 0, sizeof rd);
    rd.r = r;
    rd.name = name;
    rd.o = opts;
    rd.fn = fn;
    rd.ud = userdata;
    rd.stats = stats;
    rd.side = -1;
    rd.empty = empty;
    /* libxml2 reports some failures (a broken encoding) through its global handlers: they
     * come here too, and nothing is printed */
    ty__xml_quiet_begin(&quiet, on_xml_error, &rd);
    xmlTextReaderSetStructuredErrorHandler(r, on_xml_error, &rd);
    st = walk(&rd, err);
    xmlFreeTextReader(r);
    ty__xml_quiet_end(&quiet);
    ty__tbuf_free(&rd.id);
    ty__tbuf_free(&rd.arena);
    ty__tbuf_free(&rd.langs_seen);
    ty__tbuf_free(&rd.scratch);
    for (int s = 0; s < 2; s++) {
        ty__tbuf_free(&rd.text[s]);
        ty__tbuf_free(&rd.lang[s]);
    }
    free(rd.off);
    free(rd.props);
    return st;
}

/* Whether the bytes end with </tmx> (white space after it allowed): a TMX that does not, and
 * does not parse, was cut short. */
static int ends_with_close(const char *tail, size_t n)
{
    while (n > 0 && (tail[n - 1] == ' ' || tail[n - 1] == '\n' || tail[n - 1] == '\r' ||
                     tail[n - 1] == '\t'))
        n--;
    return n >= 6 && !memcmp(tail + n - 6, "</tmx>", 6);
}

/* Say "truncated" in an XML error of a TMX that ends without </tmx>. */
static ty_status say_truncated(ty_status st, const char *tail, size_t n, ty_error *err)
{
    if (st == TY_ERR_XML && err && !ends_with_close(tail, n)) {
        static const char pre[] = "truncated: the file ends before </tmx>: ";
        size_t p = sizeof pre - 1, m = strlen(err->message);
        if (p + m >= sizeof err->message)
            m = sizeof err->message - 1 - p;
        memmove(err->message + p, err->message, m);
        memcpy(err->message, pre, p);
        err->message[p + m] = '\0';
    }
    return st;
}

ty_status ty__tmx_read_file(const char *path, const ty_tmx_read_opts *opts, ty_tmx_unit_fn fn,
                            void *userdata, ty_tmx_stats *stats, ty_error *err)
{
    struct stat sb;
    int fd;
    ty_status st;
    const char *name = path;

    ty__xml_init();
    if (!path || !*path)
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1, "ty_tmx_read: no path");
    if (!strcmp(path, "-")) {
        fd = 0;
        name = "-";
    } else if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
        return ty__fail(err, errno == ENOENT ? TY_ERR_NOTFOUND : TY_ERR_IO, path, -1, -1,
                        "cannot open: %s", strerror(errno));
    }
    if (fstat(fd, &sb) != 0)
        memset(&sb, 0, sizeof sb);
    if (S_ISDIR(sb.st_mode)) {
        if (fd != 0)
            close(fd);
        return ty__fail(err, TY_ERR_IO, path, -1, -1, "is a directory");
    }
    st = run(xmlReaderForFd(fd, fd == 0 ? NULL : path, NULL, parse_options), name,
             fd != 0 && S_ISREG(sb.st_mode) && sb.st_size == 0, opts, fn, userdata, stats, err);
    if (st == TY_ERR_XML && fd != 0 && S_ISREG(sb.st_mode)) {
        char tail[64];
        off_t at = sb.st_size > (off_t)sizeof tail ? sb.st_size - (off_t)sizeof tail : 0;
        ssize_t got = pread(fd, tail, sizeof tail, at);
        if (got >= 0)
            st = say_truncated(st, tail, (size_t)got, err);
    }
    if (fd != 0)
        close(fd);
    return st;
}

ty_status ty_tmx_read_memory(const void *bytes, size_t len, const char *name,
                             const ty_tmx_read_opts *opts, ty_tmx_unit_fn fn, void *userdata,
                             ty_tmx_stats *stats, ty_error *err)
{
    ty__xml_init();
    if (!bytes && len)
        return ty__fail(err, TY_ERR_INVALID, name, -1, -1, "ty_tmx_read_memory: no bytes");
    if (len > 0x7fffffff)
        return ty__fail(err, TY_ERR_TOOBIG, name, -1, -1, "over 2 GiB: read it from a file");
    ty_status st = run(xmlReaderForMemory(bytes ? bytes : "", (int)len, NULL, NULL, parse_options),
                       name ? name : "", len == 0, opts, fn, userdata, stats, err);
    if (st == TY_ERR_XML && len) {
        size_t n = len < 64 ? len : 64;
        st = say_truncated(st, (const char *)bytes + len - n, n, err);
    }
    return st;
}
