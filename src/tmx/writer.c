/*
 * writer.c — the streaming TMX 1.4b writer (ty_tmx_writer_*): header, one <tu> per unit,
 * written with libxml2's xmlTextWriter into a temporary file that replaces the target on
 * close (base/atomic_file.c: a killed process leaves nothing behind). It checks and cleans
 * what it writes (language codes, XML 1.0 characters, white space, unique tuids, TMX inline
 * markup). It does not build units from an alignment (write_alignment.c does) and does not
 * read TMX (reader.c).
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/encoding.h>
#include <libxml/parser.h>
#include <libxml/xmlwriter.h>

#include "base/atomic_file.h"
#include "base/error.h"
#include "base/u64map.h"
#include "tmx.h"

/* The longest tuid kept as given; longer ones are replaced by a number (counted). */
#define TY_TMX_MAX_ID 1024
/* Deepest inline markup accepted (sub inside bpt inside hi …). */
#define TY_TMX_MAX_DEPTH 32

struct ty_tmx_writer {
    xmlTextWriterPtr xw;
    xmlOutputBufferPtr out; /* owned by xw */
    FILE *fp;          /* the temporary file's stream, or stdout */
    char *path;        /* the target; NULL when writing stdout */
    ty__afile *file;   /* the temporary file (base/atomic_file.c); NULL when writing stdout */
    int io_errno;      /* the first write error */
    int broken;        /* a write failed part-way: the file is unusable */
    char ja_lang[64], en_lang[64];
    int keep_unit_langs, markup;
    double min_confidence;
    ty__tbuf text[2];  /* the unit's cleaned texts (plain mode) */
    ty__tbuf val;      /* scratch: a cleaned value */
    ty__tbuf type;     /* scratch: a cleaned prop type */
    xmlDocPtr frag[2]; /* the unit's parsed markup (markup mode) */
    ty__u64map ids;    /* every tuid written (a 64-bit hash of it), once a caller's own id
                          was written */
    int have_ids;      /* ids is in use */
    unsigned long long next_id;
    ty_tmx_write_counts counts;
};

void ty_tmx_write_opts_init(ty_tmx_write_opts *opts)
{
    if (!opts)
        return;
    memset(opts, 0, sizeof *opts);
    opts->ja_lang = "ja-JP";
    opts->en_lang = "en-US";
    opts->srclang = NULL;
    opts->adminlang = "en-US";
    opts->creation_time = -1;
    opts->min_confidence = 0;
}

/* ---- output ------------------------------------------------------------------------------ */

static int out_write(void *ctx, const char *buf, int len)
{
    ty_tmx_writer *w = ctx;
    if (len > 0 && fwrite(buf, 1, (size_t)len, w->fp) != (size_t)len) {
        if (!w->io_errno)
            w->io_errno = errno ? errno : EIO;
        return -1;
    }
    return len;
}

static int out_close(void *ctx)
{
    (void)ctx; /* the FILE is closed by the writer itself, which checks the result */
    return 0;
}

/* The failure of an xmlTextWriter call: an I/O error when there was one. */
static ty_status write_failed(ty_tmx_writer *w, ty_error *err)
{
    w->broken = 1;
    if (w->io_errno)
        return ty__fail(err, TY_ERR_IO, w->path ? w->path : "-", -1, -1,
                        "cannot write: %s", strerror(w->io_errno));
    return ty__fail(err, TY_ERR_XML, w->path ? w->path : "-", -1, -1,
                    "libxml2 could not write the TMX");
}

/* A line break and indentation to `depth` levels (two spaces each), between elements. Each
 * <tu> is one line: a unit per line reads and diffs well, and the reader has a third fewer
 * nodes to walk than with every element on its own line. */
static int indent(ty_tmx_writer *w, int depth)
{
    static const char spaces[] = "\n                ";
    return xmlTextWriterWriteRawLen(w->xw, (const xmlChar *)spaces, 1 + 2 * depth) < 0 ? -1 : 0;
}

/* Element text through xmlTextWriter. Text with nothing to escape goes in as it is (libxml2's
 * escaping would copy it into a new buffer only to give the same bytes back). */
static int text(ty_tmx_writer *w, const char *s)
{
    if (!strpbrk(s, "<>&\"\r"))
        return xmlTextWriterWriteRaw(w->xw, (const xmlChar *)s) < 0 ? -1 : 0;
    return xmlTextWriterWriteString(w->xw, (const xmlChar *)s) < 0 ? -1 : 0;
}

static int attr(ty_tmx_writer *w, const char *name, const char *value)
{
    return xmlTextWriterWriteAttribute(w->xw, (const xmlChar *)name, (const xmlChar *)value) < 0
               ? -1 : 0;
}

/* ---- opening: target checks, temporary file, header -------------------------------------- */

static ty_status creation_date(long long t, char *buf, size_t size, ty_error *err)
{
    time_t tt;
    struct tm tm;
    const char *sde;

    if (t < 0 && (sde = getenv("SOURCE_DATE_EPOCH")) && *sde) {
        char *end;
        errno = 0;
        t = strtoll(sde, &end, 10);
        if (errno || *end || t < 0)
            return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1,
                            "SOURCE_DATE_EPOCH='%s' is not a number of seconds", sde);
    }
    tt = t < 0 ? time(NULL) : (time_t)t;
    if ((long long)tt != (t < 0 ? (long long)tt : t) || !gmtime_r(&tt, &tm) ||
        tm.tm_year + 1900 > 9999 ||
        strftime(buf, size, "%Y%m%dT%H%M%SZ", &tm) == 0)
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1,
                        "creation time %lld is out of range", t);
    return TY_OK;
}

ty_status ty_tmx_lang_check(const char *code, int allow_all, ty_error *err)
{
    char why[256];
    if (ty__tmx_lang_check(code, allow_all, why, sizeof why) != 0)
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1, "%s", why);
    return TY_OK;
}

static ty_status check_lang(const char *code, int allow_all, const char *what, ty_error *err)
{
    char why[256];
    if (ty__tmx_lang_check(code, allow_all, why, sizeof why) != 0)
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1, "%s: %s", what, why);
    return TY_OK;
}

static ty_status write_header(ty_tmx_writer *w, const ty_tmx_write_opts *o, const char *date,
                              ty_error *err)
{
    const char *srclang = o->srclang ? o->srclang : w->ja_lang;

    if (xmlTextWriterStartDocument(w->xw, "1.0", "UTF-8", NULL) < 0 ||
        xmlTextWriterWriteDTD(w->xw, (const xmlChar *)"tmx", NULL,
                              (const xmlChar *)"tmx14.dtd", NULL) < 0 ||
        indent(w, 0) != 0 ||
        xmlTextWriterStartElement(w->xw, (const xmlChar *)"tmx") < 0 ||
        attr(w, "version", "1.4") != 0 || indent(w, 1) != 0 ||
        xmlTextWriterStartElement(w->xw, (const xmlChar *)"header") < 0 ||
        attr(w, "creationtool", "taiyaku") != 0 ||
        attr(w, "creationtoolversion", ty_version()) != 0 ||
        attr(w, "datatype", "plaintext") != 0 || attr(w, "segtype", "sentence") != 0 ||
        attr(w, "adminlang", o->adminlang) != 0 || attr(w, "srclang", srclang) != 0 ||
        attr(w, "o-tmf", "taiyaku") != 0 || attr(w, "creationdate", date) != 0 ||
        xmlTextWriterEndElement(w->xw) < 0 || indent(w, 1) != 0 ||
        xmlTextWriterStartElement(w->xw, (const xmlChar *)"body") < 0 ||
        xmlTextWriterFlush(w->xw) < 0)
        return write_failed(w, err);
    /* The text is UTF-8 already: drop libxml2's UTF-8 to UTF-8 output conversion, which
     * costs a copy of every byte (the declaration above went through it). */
    if (w->out->encoder) {
        xmlCharEncCloseFunc(w->out->encoder);
        w->out->encoder = NULL;
    }
    return TY_OK;
}

static void writer_free(ty_tmx_writer *w)
{
    if (w->xw)
        xmlFreeTextWriter(w->xw);
    ty__afile_abort(w->file);
    for (int s = 0; s < 2; s++) {
        ty__tbuf_free(&w->text[s]);
        if (w->frag[s])
            xmlFreeDoc(w->frag[s]);
    }
    ty__tbuf_free(&w->val);
    ty__tbuf_free(&w->type);
    ty__u64map_free(&w->ids);
    free(w->path);
    free(w);
}

static ty_status writer_open(const char *path, const ty_tmx_write_opts *opts,
                             ty_tmx_writer **out, ty_error *err)
{
    ty_tmx_write_opts defaults;
    ty_tmx_writer *w = NULL;
    xmlOutputBufferPtr ob;
    char date[32];
    ty_status st;

    if (out)
        *out = NULL;
    if (!path || !*path || !out)
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1, "ty_tmx_writer_open: no path");
    if (!opts) {
        ty_tmx_write_opts_init(&defaults);
        opts = &defaults;
    }
    if ((st = check_lang(opts->ja_lang, 0, "Japanese", err)) != TY_OK ||
        (st = check_lang(opts->en_lang, 0, "English", err)) != TY_OK ||
        (st = check_lang(opts->adminlang, 0, "adminlang", err)) != TY_OK ||
        (opts->srclang && (st = check_lang(opts->srclang, 1, "srclang", err)) != TY_OK))
        return st;
    if (strlen(opts->ja_lang) >= sizeof w->ja_lang || strlen(opts->en_lang) >= sizeof w->en_lang)
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1, "language code too long");
    if (!(opts->min_confidence >= 0 && opts->min_confidence <= 1))
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1,
                        "minimum confidence %g is not between 0 and 1", opts->min_confidence);
    if ((st = creation_date(opts->creation_time, date, sizeof date, err)) != TY_OK)
        return st;
    if (!(w = calloc(1, sizeof *w)))
        return ty__nomem(err);
    strcpy(w->ja_lang, opts->ja_lang);
    strcpy(w->en_lang, opts->en_lang);
    w->keep_unit_langs = opts->keep_unit_langs;
    w->markup = opts->markup;
    w->min_confidence = opts->min_confidence;
    w->next_id = 1;
    if (strcmp(path, "-") == 0) {
        w->fp = stdout;
    } else {
        if (!(w->path = strdup(path))) {
            st = ty__nomem(err);
            goto fail;
        }
        if ((st = ty__afile_open(path, &w->file, err)) != TY_OK)
            goto fail;
        w->fp = ty__afile_stream(w->file);
    }
    if (!(ob = xmlOutputBufferCreateIO(out_write, out_close, w, NULL))) {
        st = ty__nomem(err);
        goto fail;
    }
    w->out = ob;
    if (!(w->xw = xmlNewTextWriter(ob))) {
        xmlOutputBufferClose(ob);
        st = ty__nomem(err);
        goto fail;
    }
    if ((st = write_header(w, opts, date, err)) != TY_OK)
        goto fail;
    *out = w;
    return TY_OK;
fail:
    writer_free(w);
    return st;
}

/* ---- one unit ---------------------------------------------------------------------------- */

static const char *const side_name[2] = {"Japanese", "English"};

/* The language code to write for one side of a unit: its own (with '-' for '_') when kept and
 * usable, else the configured one. */
static const char *unit_lang(ty_tmx_writer *w, const char *code, int side, char *buf,
                             size_t size)
{
    char why[256];
    size_t i;

    if (!w->keep_unit_langs || !code || !*code)
        return side ? w->en_lang : w->ja_lang;
    for (i = 0; code[i] && i + 1 < size; i++)
        buf[i] = code[i] == '_' ? '-' : code[i];
    buf[i] = '\0';
    if (code[i] || ty__tmx_lang_check(buf, 0, why, sizeof why) != 0) {
        w->counts.langs_fixed++;
        return side ? w->en_lang : w->ja_lang;
    }
    if (strchr(code, '_'))
        w->counts.langs_fixed++;
    return buf;
}

static int name_in(const char *name, const char *const *list)
{
    for (; *list; list++)
        if (!strcmp(name, *list))
            return 1;
    return 0;
}

/* Check parsed inline markup against TMX 1.4b: which elements may appear where, their
 * attributes, and the required ones. Sets *content when there is an element or text that is
 * not white space. */
static ty_status check_markup(xmlNodePtr parent, int depth, int *content, ty_error *err)
{
    static const char *const code_elems[] = {"bpt", "ept", "ph", "it", "ut", NULL};
    static const char *const text_elems[] = {"bpt", "ept", "ph", "it", "ut", "hi", NULL};
    static const struct {
        const char *name, *attrs[4], *required;
    } rules[] = {
        {"bpt", {"i", "x", "type", NULL}, "i"}, {"ept", {"i", NULL}, "i"},
        {"ph", {"x", "assoc", "type", NULL}, NULL}, {"it", {"pos", "x", "type", NULL}, "pos"},
        {"ut", {"x", NULL}, NULL}, {"hi", {"x", "type", NULL}, NULL},
        {"sub", {"datatype", "type", NULL}, NULL},
    };
    int in_code = name_in((const char *)parent->name, code_elems);

    if (depth > TY_TMX_MAX_DEPTH)
        return ty__fail(err, TY_ERR_FORMAT, NULL, -1, -1, "inline markup nested too deep");
    for (xmlNodePtr n = parent->children; n; n = n->next) {
        const char *name = (const char *)n->name;
        size_t r;
        ty_status st;

        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (!ty__tmx_blank((const char *)n->content))
                *content = 1;
            continue;
        }
        if (n->type != XML_ELEMENT_NODE)
            return ty__fail(err, TY_ERR_FORMAT, NULL, -1, -1,
                            "only text and inline elements may appear in a <seg>");
        if (in_code ? strcmp(name, "sub") != 0 : !name_in(name, text_elems))
            return ty__fail(err, TY_ERR_FORMAT, NULL, -1, -1,
                            "<%s> may not appear inside <%s> (TMX 1.4b inline markup)", name,
                            (const char *)parent->name);
        for (r = 0; strcmp(rules[r].name, name) != 0; r++)
            ;
        for (xmlAttrPtr a = n->properties; a; a = a->next)
            if (a->ns || !name_in((const char *)a->name, rules[r].attrs))
                return ty__fail(err, TY_ERR_FORMAT, NULL, -1, -1,
                                "<%s> has no attribute '%s' in TMX 1.4b", name,
                                (const char *)a->name);
        if (rules[r].required && !xmlHasProp(n, (const xmlChar *)rules[r].required))
            return ty__fail(err, TY_ERR_FORMAT, NULL, -1, -1,
                            "<%s> needs the attribute '%s'", name, rules[r].required);
        *content = 1;
        if ((st = check_markup(n, depth + 1, content, err)) != TY_OK)
            return st;
    }
    return TY_OK;
}

/* Clean one side's text into w->text[side] (plain) or parse it into w->frag[side] (markup).
 * *empty is set when nothing but white space is left. */
static ty_status prepare_side(ty_tmx_writer *w, int side, const char *text, int *empty,
                              ty_error *err)
{
    ty__tbuf *b = &w->text[side];
    ty__fold fold = {side == 0, 0, 0, 0, 0};
    int toobig = 0, content = 0;
    size_t n = text ? strlen(text) : 0;

    ty__tbuf_reset(b);
    *empty = 1;
    if (n > TY_TMX_MAX_TEXT)
        return ty__fail(err, TY_ERR_TOOBIG, NULL, -1, -1,
                        "the %s text is over %zu bytes", side_name[side], TY_TMX_MAX_TEXT);
    if (!w->markup) {
        if (ty__tmx_clean(b, text ? text : "", n, &fold, &w->counts.replaced, &toobig) != 0)
            return toobig ? ty__fail(err, TY_ERR_TOOBIG, NULL, -1, -1, "text too long")
                          : ty__nomem(err);
        *empty = b->len == 0;
        return TY_OK;
    }
    if (ty__tbuf_put(b, "<seg>", 5, NULL) != 0 ||
        ty__tmx_clean(b, text ? text : "", n, NULL, &w->counts.replaced, &toobig) != 0 ||
        ty__tbuf_put(b, "</seg>", 6, NULL) != 0)
        return toobig ? ty__fail(err, TY_ERR_TOOBIG, NULL, -1, -1, "text too long")
                      : ty__nomem(err);
    {
        xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
        ty_status st;
        if (!ctxt)
            return ty__nomem(err);
        w->frag[side] = xmlCtxtReadMemory(ctxt, b->p, (int)b->len, NULL, "UTF-8",
                                          XML_PARSE_NONET | XML_PARSE_NOERROR |
                                              XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
        if (!w->frag[side]) {
            const char *msg = ctxt->lastError.message ? ctxt->lastError.message : "";
            st = ty__fail(err, TY_ERR_FORMAT, NULL, -1, -1,
                          "the %s text is not well-formed <seg> content: %s", side_name[side],
                          msg);
            xmlFreeParserCtxt(ctxt);
            return st;
        }
        xmlFreeParserCtxt(ctxt);
        st = check_markup(xmlDocGetRootElement(w->frag[side]), 0, &content, err);
        if (st != TY_OK && err) {
            char why[sizeof err->message];
            memcpy(why, err->message, sizeof why);
            return ty__fail(err, st, NULL, -1, -1, "the %s text: %s", side_name[side], why);
        }
        if (st != TY_OK)
            return st;
    }
    *empty = !content;
    return TY_OK;
}

static void drop_frags(ty_tmx_writer *w)
{
    for (int s = 0; s < 2; s++)
        if (w->frag[s]) {
            xmlFreeDoc(w->frag[s]);
            w->frag[s] = NULL;
        }
}

/* Write cleaned text (folded unless inside native code). Returns 0 or -1. */
static int write_text(ty_tmx_writer *w, const char *s, ty__fold *fold)
{
    ty__tbuf_reset(&w->val);
    if (ty__tmx_clean(&w->val, s, strlen(s), fold, &w->counts.replaced, NULL) != 0)
        return -1;
    if (w->val.len == 0)
        return 0;
    return text(w, w->val.p);
}

static int write_markup(ty_tmx_writer *w, xmlNodePtr parent, ty__fold *fold)
{
    static const char *const code_elems[] = {"bpt", "ept", "ph", "it", "ut", NULL};
    int in_code = name_in((const char *)parent->name, code_elems);

    for (xmlNodePtr n = parent->children; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE) {
            if (write_text(w, (const char *)n->content, in_code ? NULL : fold) != 0)
                return -1;
            continue;
        }
        if (!in_code && ty__fold_space(fold, -1) &&
            text(w, " ") != 0)
            return -1;
        if (xmlTextWriterStartElement(w->xw, n->name) < 0)
            return -1;
        for (xmlAttrPtr a = n->properties; a; a = a->next) {
            xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);
            int rc = v ? xmlTextWriterWriteAttribute(w->xw, a->name, v) : -1;
            xmlFree(v);
            if (rc < 0)
                return -1;
        }
        if (!strcmp((const char *)n->name, "sub")) {
            ty__fold inner = {fold->ja, 0, 0, 0, 0};
            if (write_markup(w, n, &inner) != 0)
                return -1;
        } else if (write_markup(w, n, fold) != 0) {
            return -1;
        }
        if (xmlTextWriterEndElement(w->xw) < 0)
            return -1;
        if (!in_code) {
            fold->any = 1;
            fold->prev_alnum = 0;
        }
    }
    return 0;
}

/* Whether tuid s[0, n) was written, by its 64-bit hash: two ids of one hash (a chance of
 * about 3 in 10^8 among a million ids) make the second one replaced by a fresh number, as a
 * repeated id is, and counted so. (libxml2's dictionary, used before, hashes short strings by
 * a few of their bytes: a million numeric tuids made exporting a memory quadratic.) */
static int id_written(const ty_tmx_writer *w, const char *s, size_t n)
{
    return ty__u64map_find(&w->ids, ty__hash_bytes(s, n, 0)) != NULL;
}

/* Remember tuid s[0, n); -1 when out of memory. */
static int id_add(ty_tmx_writer *w, const char *s, size_t n)
{
    return ty__u64map_insert(&w->ids, ty__hash_bytes(s, n, 0), 0, NULL) ? 0 : -1;
}

/* A usable tuid for the unit: its own (cleaned) when usable and new, else a fresh number.
 * The id is left in w->val or in buf; NULL when out of memory. */
static const char *pick_id(ty_tmx_writer *w, const char *id, char *buf, size_t size)
{
    if (id && *id) {
        ty__fold fold = {0, 0, 0, 0, 0};
        ty__tbuf_reset(&w->val);
        if (strlen(id) <= TY_TMX_MAX_ID &&
            ty__tmx_clean(&w->val, id, strlen(id), &fold, &w->counts.replaced, NULL) == 0 &&
            w->val.len > 0 && w->val.len <= TY_TMX_MAX_ID) {
            if (!w->have_ids) { /* the numbers given so far */
                for (unsigned long long k = 1; k < w->next_id; k++) {
                    int n = snprintf(buf, size, "%llu", k);
                    if (id_add(w, buf, (size_t)n) != 0)
                        return NULL;
                }
                w->have_ids = 1;
            }
            if (!id_written(w, w->val.p, w->val.len))
                return id_add(w, w->val.p, w->val.len) == 0 ? w->val.p : NULL;
        }
        w->counts.ids_replaced++;
    }
    int n;
    do
        n = snprintf(buf, size, "%llu", w->next_id++);
    while (w->have_ids && id_written(w, buf, (size_t)n));
    if (w->have_ids && id_add(w, buf, (size_t)n) != 0)
        return NULL;
    return buf;
}

static int has_prop(const ty_unit *u, const char *type)
{
    for (size_t i = 0; i < u->nprops; i++)
        if (u->props[i].type && !strcmp(u->props[i].type, type))
            return 1;
    return 0;
}

static int write_prop(ty_tmx_writer *w, const char *type, const char *value)
{
    int note = !strcmp(type, "note");

    ty__tbuf_reset(&w->val);
    if (ty__tmx_clean(&w->val, value ? value : "", value ? strlen(value) : 0, NULL,
                      &w->counts.replaced, NULL) != 0 ||
        xmlTextWriterStartElement(w->xw, (const xmlChar *)(note ? "note" : "prop")) < 0)
        return -1;
    if (!note) {
        ty__tbuf_reset(&w->type);
        if (ty__tmx_clean(&w->type, type, strlen(type), NULL, &w->counts.replaced, NULL) != 0 ||
            attr(w, "type", ty__tbuf_str(&w->type)) != 0)
            return -1;
    }
    if (text(w, ty__tbuf_str(&w->val)) != 0 ||
        xmlTextWriterEndElement(w->xw) < 0)
        return -1;
    return 0;
}

static int write_tuv(ty_tmx_writer *w, int side, const char *lang)
{
    if (xmlTextWriterStartElement(w->xw, (const xmlChar *)"tuv") < 0 ||
        xmlTextWriterWriteAttributeNS(w->xw, (const xmlChar *)"xml", (const xmlChar *)"lang",
                                      NULL, (const xmlChar *)lang) < 0 ||
        xmlTextWriterStartElement(w->xw, (const xmlChar *)"seg") < 0)
        return -1;
    if (w->markup) {
        ty__fold fold = {side == 0, 0, 0, 0, 0};
        if (write_markup(w, xmlDocGetRootElement(w->frag[side]), &fold) != 0)
            return -1;
    } else if (w->text[side].len > 0 &&
               text(w, w->text[side].p) != 0) {
        return -1;
    }
    return xmlTextWriterEndElement(w->xw) < 0 || xmlTextWriterEndElement(w->xw) < 0 ? -1 : 0;
}

static ty_status check_props(const ty_unit *u, ty_error *err)
{
    if (u->nprops && !u->props)
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1, "unit has nprops but no props");
    for (size_t i = 0; i < u->nprops; i++) {
        const ty_prop *p = &u->props[i];
        if (!p->type)
            return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1, "prop %zu has no type", i);
        if (strlen(p->type) > TY_TMX_MAX_ID)
            return ty__fail(err, TY_ERR_TOOBIG, NULL, -1, -1, "prop %zu: type too long", i);
        if (p->value && strlen(p->value) > TY_TMX_MAX_TEXT)
            return ty__fail(err, TY_ERR_TOOBIG, NULL, -1, -1,
                            "prop '%s': value over %zu bytes", p->type, TY_TMX_MAX_TEXT);
    }
    return TY_OK;
}

static int write_unit(ty_tmx_writer *w, const ty_unit *u, const char *id, const char *lang[2])
{
    char conf[32];

    if (indent(w, 2) != 0 || xmlTextWriterStartElement(w->xw, (const xmlChar *)"tu") < 0 ||
        attr(w, "tuid", id) != 0)
        return -1;
    if (u->confidence >= 0 && !has_prop(u, "x-confidence")) {
        long k = lround(u->confidence * 1000);
        snprintf(conf, sizeof conf, "%ld.%03ld", k / 1000, k % 1000);
        if (write_prop(w, "x-confidence", conf) != 0)
            return -1;
    }
    if (u->shape && *u->shape && !has_prop(u, "x-shape") && write_prop(w, "x-shape", u->shape) != 0)
        return -1;
    for (size_t i = 0; i < u->nprops; i++)
        if (write_prop(w, u->props[i].type, u->props[i].value) != 0)
            return -1;
    if (write_tuv(w, 0, lang[0]) != 0 || write_tuv(w, 1, lang[1]) != 0 ||
        xmlTextWriterEndElement(w->xw) < 0)
        return -1;
    return 0;
}

static ty_status writer_add(ty_tmx_writer *w, const ty_unit *u, ty_error *err)
{
    char langbuf[2][64], idbuf[32];
    const char *lang[2], *id;
    int empty[2];
    ty_status st;

    if (!w || !u)
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1, "ty_tmx_writer_add: no writer or unit");
    if (w->broken)
        return ty__fail(err, TY_ERR_IO, w->path ? w->path : "-", -1, -1,
                        "an earlier write failed");
    if (u->confidence > 1)
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1, "confidence %g is over 1",
                        u->confidence);
    if (u->confidence >= 0 && u->confidence < w->min_confidence) {
        w->counts.low_confidence++;
        return TY_OK;
    }
    if ((st = check_props(u, err)) != TY_OK ||
        (st = prepare_side(w, 0, u->ja, &empty[0], err)) != TY_OK ||
        (st = prepare_side(w, 1, u->en, &empty[1], err)) != TY_OK)
        goto done;
    if (empty[0] || empty[1]) {
        w->counts.one_sided++;
        goto done;
    }
    lang[0] = unit_lang(w, u->ja_lang, 0, langbuf[0], sizeof langbuf[0]);
    lang[1] = unit_lang(w, u->en_lang, 1, langbuf[1], sizeof langbuf[1]);
    if (!(id = pick_id(w, u->id, idbuf, sizeof idbuf))) {
        st = ty__nomem(err);
        goto done;
    }
    if (write_unit(w, u, id, lang) != 0) {
        st = write_failed(w, err);
        goto done;
    }
    w->counts.units++;
done:
    drop_frags(w);
    return st;
}

const ty_tmx_write_counts *ty_tmx_writer_counts(const ty_tmx_writer *w)
{
    return w ? &w->counts : NULL;
}

/* ---- closing ----------------------------------------------------------------------------- */

void ty_tmx_writer_abort(ty_tmx_writer *w)
{
    ty__xml_quiet q;

    if (!w)
        return;
    ty__xml_quiet_begin(&q, NULL, NULL);
    writer_free(w); /* removes the temporary file */
    ty__xml_quiet_end(&q);
}

static ty_status writer_close(ty_tmx_writer *w, ty_error *err)
{
    ty_status st = TY_OK;
    xmlTextWriterPtr xw;

    if (!w)
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1, "ty_tmx_writer_close: no writer");
    if (w->broken) {
        st = ty__fail(err, TY_ERR_IO, w->path ? w->path : "-", -1, -1,
                      "not written: an earlier write failed");
        goto done;
    }
    if (indent(w, 1) != 0 || xmlTextWriterEndElement(w->xw) < 0 || indent(w, 0) != 0 ||
        xmlTextWriterEndDocument(w->xw) < 0 || xmlTextWriterFlush(w->xw) < 0) {
        st = write_failed(w, err);
        goto done;
    }
    xw = w->xw;
    w->xw = NULL;
    xmlFreeTextWriter(xw); /* closes the output buffer: everything is now in w->fp */
    if (w->io_errno) {
        st = write_failed(w, err);
        goto done;
    }
    if (!w->file) {
        w->fp = NULL;
        if (fflush(stdout) != 0)
            st = ty__fail(err, TY_ERR_IO, "-", -1, -1, "cannot write: %s", strerror(errno));
        goto done;
    }
    w->fp = NULL;
    st = ty__afile_commit(w->file, err);
    w->file = NULL;
done:
    writer_free(w);
    return st;
}

/* ---- the public calls: libxml2 kept quiet (it would print "I/O error" before taiyaku's own
 * message) ---------------------------------------------------------------------------------- */

ty_status ty_tmx_writer_open(const char *path, const ty_tmx_write_opts *opts,
                             ty_tmx_writer **out, ty_error *err)
{
    ty__xml_quiet q;
    ty_status st;

    ty__xml_quiet_begin(&q, NULL, NULL);
    st = writer_open(path, opts, out, err);
    ty__xml_quiet_end(&q);
    return st;
}

ty_status ty_tmx_writer_add(ty_tmx_writer *w, const ty_unit *u, ty_error *err)
{
    ty__xml_quiet q;
    ty_status st;

    ty__xml_quiet_begin(&q, NULL, NULL);
    st = writer_add(w, u, err);
    ty__xml_quiet_end(&q);
    return st;
}

ty_status ty_tmx_writer_close(ty_tmx_writer *w, ty_error *err)
{
    ty__xml_quiet q;
    ty_status st;

    ty__xml_quiet_begin(&q, NULL, NULL);
    st = writer_close(w, err);
    ty__xml_quiet_end(&q);
    return st;
}
