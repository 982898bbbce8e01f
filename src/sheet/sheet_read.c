/*
 * sheet_read.c — review sheets read back: ty_review_sheet_read_mem finds the bead rows of an
 * .xlsx (a zip of XML, read with formats/zipx.c and libxml2's reader: the workbook's sheet
 * list, its relationships, the shared strings, each sheet's cells, shared and inline
 * strings both); ty_review_sheet_import checks every row against the memory and then marks
 * the beads ok or wrong, all in one transaction. It does not write sheets (sheet_write.c).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/xmlreader.h>

#include "base/alloc.h"
#include "base/error.h"
#include "formats/xml_init.h"
#include "formats/zipx.h"
#include "sheet.h"

/* The largest part read, and the largest file. */
#define PART_MAX ((size_t)256 << 20)
#define FILE_MAX ((size_t)512 << 20)
/* Columns looked at: A to Z. */
#define MAX_COLS 26

typedef struct strings {
    char **v;
    size_t n, cap;
} strings;

static void strings_free(strings *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
}

static int strings_push(strings *s, char *str)
{
    if (!str || ty__grow((void **)&s->v, &s->cap, s->n + 1, sizeof *s->v) != 0) {
        free(str);
        return -1;
    }
    s->v[s->n++] = str;
    return 0;
}

static xmlTextReaderPtr open_reader(const char *buf, size_t len, const char *url)
{
    return xmlReaderForMemory(buf, (int)len, url, NULL,
                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                  XML_PARSE_HUGE);
}

static int is(xmlTextReaderPtr r, const char *local)
{
    const xmlChar *n = xmlTextReaderConstLocalName(r);
    return n && !strcmp((const char *)n, local);
}

static char *attr(xmlTextReaderPtr r, const char *name)
{
    return (char *)xmlTextReaderGetAttribute(r, (const xmlChar *)name);
}

/* A growing string. */
typedef struct buf {
    char *s;
    size_t n, cap;
} buf;

static int buf_add(buf *b, const char *s)
{
    size_t l = strlen(s);
    if (ty__grow((void **)&b->s, &b->cap, b->n + l + 1, 1) != 0)
        return -1;
    memcpy(b->s + b->n, s, l + 1);
    b->n += l;
    return 0;
}

/* The text of the <t> elements inside the current element (an <si> or an <is>), phonetic
 * runs (<rPh>) left out; the reader ends on its end tag. */
static int read_rich(xmlTextReaderPtr r, buf *b)
{
    int depth = xmlTextReaderDepth(r), in_t = 0, in_rph = 0, ret;

    b->n = 0;
    if (buf_add(b, "") != 0)
        return -1;
    if (xmlTextReaderIsEmptyElement(r))
        return 0;
    while ((ret = xmlTextReaderRead(r)) == 1) {
        int type = xmlTextReaderNodeType(r);
        if (type == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth(r) == depth)
            return 0;
        if (type == XML_READER_TYPE_ELEMENT && !xmlTextReaderIsEmptyElement(r)) {
            if (is(r, "rPh"))
                in_rph = 1;
            else if (is(r, "t"))
                in_t = 1;
        } else if (type == XML_READER_TYPE_END_ELEMENT) {
            if (is(r, "rPh"))
                in_rph = 0;
            else if (is(r, "t"))
                in_t = 0;
        } else if ((type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
                    type == XML_READER_TYPE_CDATA) &&
                   in_t && !in_rph) {
            const xmlChar *v = xmlTextReaderConstValue(r);
            if (v && buf_add(b, (const char *)v) != 0)
                return -1;
        }
    }
    return -1;
}

typedef struct reader {
    const char *name;
    ty__zip *zip;
    strings shared;
    ty_review_sheet_row_fn fn;
    void *ud;
    ty_error *err;
} reader;

static ty_status xml_error(reader *rd, const char *part)
{
    return ty__fail(rd->err, TY_ERR_FORMAT, rd->name, -1, -1, "%s is not well-formed XML",
                    part);
}

static ty_status read_part(reader *rd, const char *part, char **out, size_t *len)
{
    return ty__zip_read(rd->zip, part, PART_MAX, out, len, rd->err);
}

static ty_status read_shared(reader *rd)
{
    xmlTextReaderPtr r;
    char *x = NULL;
    size_t len = 0;
    buf b = {NULL, 0, 0};
    ty_status rc;
    int ret;

    if (!ty__zip_has(rd->zip, "xl/sharedStrings.xml"))
        return TY_OK;
    if ((rc = read_part(rd, "xl/sharedStrings.xml", &x, &len)) != TY_OK)
        return rc;
    if (!(r = open_reader(x, len, "xl/sharedStrings.xml"))) {
        free(x);
        return ty__nomem(rd->err);
    }
    while ((ret = xmlTextReaderRead(r)) == 1)
        if (xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT && is(r, "si")) {
            if (read_rich(r, &b) != 0 || strings_push(&rd->shared, strdup(b.s)) != 0) {
                ret = -2;
                break;
            }
        }
    rc = ret == 0 ? TY_OK : ret == -2 && b.s ? ty__nomem(rd->err)
                                             : xml_error(rd, "xl/sharedStrings.xml");
    xmlFreeTextReader(r);
    free(b.s);
    free(x);
    return rc;
}

/* "C12" -> column 2 (0-based), or -1. */
static int col_of(const char *ref)
{
    int c = 0, k = 0;
    for (; ref && *ref >= 'A' && *ref <= 'Z'; ref++, k++)
        c = c * 26 + (*ref - 'A' + 1);
    return k == 0 || k > 3 ? -1 : c - 1;
}

static int whole(const char *s, long long max, long long *v)
{
    char *end;
    double d;
    if (!s || !*s)
        return -1;
    errno = 0;
    d = strtod(s, &end);
    while (*end == ' ')
        end++;
    if (errno || *end || d != d || d < 0 || d > (double)max || d != (double)(long long)d)
        return -1;
    *v = (long long)d;
    return 0;
}

/* One sheet's rows being read. */
typedef struct rows {
    const char *sheet;
    char *cell[MAX_COLS];
    int col[TY__COLS]; /* where each heading is; -1 not seen */
    int headed;        /* the heading row was read and holds the columns */
} rows;

static void cells_clear(rows *s)
{
    for (int i = 0; i < MAX_COLS; i++) {
        free(s->cell[i]);
        s->cell[i] = NULL;
    }
}

static const char *cell(const rows *s, int k)
{
    int c = s->col[k];
    return c >= 0 && s->cell[c] ? s->cell[c] : "";
}

/* A row's cells are read: the heading row or a bead row. */
static ty_status end_row(reader *rd, rows *s, long rownum)
{
    ty_review_sheet_row row;
    long long doc = 0, bead = 0;
    char *st, *e;

    if (!s->headed) {
        int found = 0;
        for (int k = 0; k < TY__COLS; k++) {
            s->col[k] = -1;
            for (int c = 0; c < MAX_COLS; c++)
                if (s->cell[c] && !strcmp(s->cell[c], ty__sheet_heading[k]))
                    s->col[k] = c;
            found += s->col[k] >= 0;
        }
        if (found == 0)
            return TY_ERR_NOTFOUND; /* not a review sheet: left alone */
        if (s->col[TY__COL_DOC_ID] < 0 || s->col[TY__COL_BEAD] < 0 ||
            s->col[TY__COL_JA] < 0 || s->col[TY__COL_EN] < 0 || s->col[TY__COL_STATUS] < 0)
            return ty__fail(rd->err, TY_ERR_FORMAT, rd->name, rownum, -1,
                            "sheet '%s', row %ld: the headings lack one of document id, bead, "
                            "Japanese, English, status",
                            s->sheet, rownum);
        s->headed = 1;
        return TY_OK;
    }
    if (!*cell(s, TY__COL_DOC_ID) && !*cell(s, TY__COL_BEAD) && !*cell(s, TY__COL_STATUS))
        return TY_OK; /* an empty row */
    if (whole(cell(s, TY__COL_DOC_ID), 0x7fffffffffffLL, &doc) != 0 ||
        whole(cell(s, TY__COL_BEAD), 0x7fffffffLL, &bead) != 0)
        return ty__fail(rd->err, TY_ERR_FORMAT, rd->name, rownum, -1,
                        "sheet '%s', row %ld: the document id and bead must be whole numbers "
                        "('%.20s', '%.20s')",
                        s->sheet, rownum, cell(s, TY__COL_DOC_ID), cell(s, TY__COL_BEAD));
    st = s->col[TY__COL_STATUS] >= 0 ? s->cell[s->col[TY__COL_STATUS]] : NULL;
    while (st && (*st == ' ' || *st == '\t'))
        st++;
    for (e = st ? st + strlen(st) : NULL; e && e > st && (e[-1] == ' ' || e[-1] == '\t'); e--)
        e[-1] = '\0';
    row.sheet = s->sheet;
    row.row = rownum;
    row.document = doc;
    row.bead = (size_t)bead;
    row.ja = cell(s, TY__COL_JA);
    row.en = cell(s, TY__COL_EN);
    row.status = st ? st : "";
    return rd->fn(&row, rd->ud);
}

/* The value of the current <c> element (the reader on its start tag) into s->cell[col]. */
static int read_cell(reader *rd, xmlTextReaderPtr r, rows *s, int col, buf *b)
{
    char *t = attr(r, "t");
    int depth = xmlTextReaderDepth(r), in_v = 0, ret;
    int kind = !t ? 0 : !strcmp(t, "s") ? 1 : !strcmp(t, "inlineStr") ? 2 : 0;

    xmlFree(t);
    b->n = 0;
    if (buf_add(b, "") != 0)
        return -1;
    if (!xmlTextReaderIsEmptyElement(r))
        while ((ret = xmlTextReaderRead(r)) == 1) {
            int type = xmlTextReaderNodeType(r);
            if (type == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth(r) == depth)
                break;
            if (type == XML_READER_TYPE_ELEMENT && is(r, "is") && kind == 2) {
                if (read_rich(r, b) != 0)
                    return -1;
            } else if (type == XML_READER_TYPE_ELEMENT && is(r, "v")) {
                in_v = !xmlTextReaderIsEmptyElement(r);
            } else if (type == XML_READER_TYPE_END_ELEMENT && is(r, "v")) {
                in_v = 0;
            } else if (type == XML_READER_TYPE_TEXT && in_v) {
                const char *v = (const char *)xmlTextReaderConstValue(r);
                if (kind == 1) {
                    long long k;
                    if (whole(v, (long long)rd->shared.n - 1, &k) != 0)
                        return -2;
                    if (buf_add(b, rd->shared.v[k]) != 0)
                        return -1;
                } else if (v && buf_add(b, v) != 0) {
                    return -1;
                }
            }
        }
    if (col >= 0 && col < MAX_COLS) {
        free(s->cell[col]);
        if (!(s->cell[col] = strdup(b->s)))
            return -1;
    }
    return 0;
}

static ty_status read_sheet(reader *rd, const char *sheet, const char *part)
{
    xmlTextReaderPtr r;
    char *x = NULL;
    size_t len = 0;
    buf b = {NULL, 0, 0};
    rows s;
    long rownum = 0;
    int ret, col = -1, c;
    ty_status rc = TY_OK;

    memset(&s, 0, sizeof s);
    s.sheet = sheet;
    if ((rc = read_part(rd, part, &x, &len)) != TY_OK)
        return rc;
    if (!(r = open_reader(x, len, part))) {
        free(x);
        return ty__nomem(rd->err);
    }
    while (rc == TY_OK && (ret = xmlTextReaderRead(r)) == 1) {
        int type = xmlTextReaderNodeType(r);
        if (type == XML_READER_TYPE_ELEMENT && is(r, "row")) {
            char *n = attr(r, "r");
            long long v;
            /* rows are numbered from 1; a row without a number follows the one before */
            rownum = n && whole(n, 1048576, &v) == 0 && v >= 1 ? (long)v : rownum + 1;
            xmlFree(n);
            cells_clear(&s);
            col = -1;
            if (xmlTextReaderIsEmptyElement(r))
                rc = end_row(rd, &s, rownum);
        } else if (type == XML_READER_TYPE_ELEMENT && is(r, "c")) {
            char *ref = attr(r, "r");
            col = ref ? col_of(ref) : col + 1;
            xmlFree(ref);
            if ((c = read_cell(rd, r, &s, col, &b)) != 0)
                rc = c == -2 ? ty__fail(rd->err, TY_ERR_FORMAT, rd->name, rownum, -1,
                                        "sheet '%s', row %ld: a shared string that is not there",
                                        sheet, rownum)
                             : ty__nomem(rd->err);
        } else if (type == XML_READER_TYPE_END_ELEMENT && is(r, "row")) {
            rc = end_row(rd, &s, rownum);
        }
    }
    if (rc == TY_OK && ret != 0)
        rc = xml_error(rd, part);
    if (rc == TY_ERR_NOTFOUND)
        rc = TY_OK; /* not a review sheet */
    cells_clear(&s);
    xmlFreeTextReader(r);
    free(b.s);
    free(x);
    return rc;
}

/* The relationship target of `id` in xl/_rels/workbook.xml.rels, as a part name (malloc'd). */
static ty_status sheet_part(reader *rd, const char *id, char **out)
{
    xmlTextReaderPtr r;
    char *x = NULL;
    size_t len = 0;
    ty_status rc;
    int ret;

    *out = NULL;
    if ((rc = read_part(rd, "xl/_rels/workbook.xml.rels", &x, &len)) != TY_OK)
        return rc;
    if (!(r = open_reader(x, len, "xl/_rels/workbook.xml.rels"))) {
        free(x);
        return ty__nomem(rd->err);
    }
    while (!*out && (ret = xmlTextReaderRead(r)) == 1)
        if (xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT && is(r, "Relationship")) {
            char *i = attr(r, "Id"), *t = attr(r, "Target");
            if (i && t && !strcmp(i, id)) {
                /* relative to xl/, or absolute from the archive's root */
                size_t n = strlen(t) + 4;
                if ((*out = malloc(n)))
                    snprintf(*out, n, "%s%s", t[0] == '/' ? "" : "xl/", t[0] == '/' ? t + 1 : t);
                else
                    rc = ty__nomem(rd->err);
            }
            xmlFree(i);
            xmlFree(t);
        }
    if (rc == TY_OK && !*out)
        rc = ty__fail(rd->err, TY_ERR_FORMAT, rd->name, -1, -1,
                      "the workbook names a sheet (%s) its relationships do not have", id);
    xmlFreeTextReader(r);
    free(x);
    return rc;
}

ty_status ty_review_sheet_read_mem(const void *bytes, size_t len, const char *name,
                                   ty_review_sheet_row_fn fn, void *ud, ty_error *err)
{
    reader rd;
    xmlTextReaderPtr r = NULL;
    char *x = NULL;
    size_t xl = 0;
    strings names = {NULL, 0, 0}, ids = {NULL, 0, 0};
    ty_status rc;
    int ret;

    ty__xml_init();
    memset(&rd, 0, sizeof rd);
    rd.name = name;
    rd.fn = fn;
    rd.ud = ud;
    rd.err = err;
    if ((rc = ty__zip_open(bytes, len, name, &rd.zip, err)) != TY_OK)
        return rc;
    if ((rc = read_shared(&rd)) != TY_OK || (rc = read_part(&rd, "xl/workbook.xml", &x, &xl)) !=
                                                TY_OK)
        goto done;
    if (!(r = open_reader(x, xl, "xl/workbook.xml"))) {
        rc = ty__nomem(err);
        goto done;
    }
    while ((ret = xmlTextReaderRead(r)) == 1)
        if (xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT && is(r, "sheet")) {
            char *n = attr(r, "name"), *i = attr(r, "r:id");
            if (n && i && (strings_push(&names, strdup(n)) != 0 ||
                           strings_push(&ids, strdup(i)) != 0))
                ret = -2;
            xmlFree(n);
            xmlFree(i);
            if (ret == -2)
                break;
        }
    if (ret != 0) {
        rc = ret == -2 ? ty__nomem(err) : xml_error(&rd, "xl/workbook.xml");
        goto done;
    }
    for (size_t i = 0; i < names.n && i < ids.n && rc == TY_OK; i++) {
        char *part = NULL;
        if ((rc = sheet_part(&rd, ids.v[i], &part)) == TY_OK)
            rc = read_sheet(&rd, names.v[i], part);
        free(part);
    }
done:
    xmlFreeTextReader(r);
    free(x);
    strings_free(&names);
    strings_free(&ids);
    strings_free(&rd.shared);
    ty__zip_close(rd.zip);
    return rc;
}

/* ---- import ----------------------------------------------------------------------------- */

typedef struct verdict {
    long long document;
    long long version; /* the document's when the row was checked */
    size_t bead, seq;  /* seq: the row's place among the verdicts */
    size_t sheet;      /* in importer.sheets */
    long row;
    ty_review_op op;
} verdict;

typedef struct importer {
    ty_tm *tm;
    const char *path;
    ty_tm_review *r; /* the document last checked against */
    long long doc;
    verdict *v;
    size_t n, cap;
    strings sheets; /* the names of the sheets verdicts came from */
    ty_review_sheet_stats st;
    ty_error *err;
} importer;

static ty_status check_row(const ty_review_sheet_row *row, void *ud)
{
    importer *im = ud;
    const ty_tm_bead *b;
    char *ja = NULL, *en = NULL;
    int same;
    ty_review_op op;

    im->st.rows++;
    if (!*row->status) {
        im->st.blank++;
        return TY_OK;
    }
    if (!strcasecmp(row->status, TY__STATUS_OK))
        op = TY_REVIEW_ACCEPT;
    else if (!strcasecmp(row->status, TY__STATUS_WRONG))
        op = TY_REVIEW_REJECT;
    else
        return ty__fail(im->err, TY_ERR_FORMAT, im->path, row->row, -1,
                        "sheet '%s', row %ld: unknown status '%.40s' (ok or wrong)", row->sheet,
                        row->row, row->status);
    if (!im->r || im->doc != row->document) {
        ty_error e;
        ty_tm_review_free(im->r);
        im->r = NULL;
        if (ty_tm_review_open(im->tm, row->document, &im->r, &e) != TY_OK)
            return ty__fail(im->err, e.status == TY_ERR_NOTFOUND ? TY_ERR_FORMAT : e.status,
                            im->path, row->row, -1, "sheet '%s', row %ld: %s", row->sheet,
                            row->row, e.message);
        im->doc = row->document;
    }
    if (!(b = ty_tm_review_bead(im->r, row->bead)))
        return ty__fail(im->err, TY_ERR_FORMAT, im->path, row->row, -1,
                        "sheet '%s', row %ld: document %lld has no bead %zu any more (it "
                        "changed since the sheet was written: write a new one)",
                        row->sheet, row->row, row->document, row->bead);
    ja = ty_tm_review_text(im->r, row->bead, TY_LANG_JA);
    en = ty_tm_review_text(im->r, row->bead, TY_LANG_EN);
    if (!ja || !en) {
        free(ja);
        free(en);
        return ty__nomem(im->err);
    }
    same = !strcmp(ja, row->ja) && !strcmp(en, row->en);
    free(ja);
    free(en);
    if (!same)
        return ty__fail(im->err, TY_ERR_FORMAT, im->path, row->row, -1,
                        "sheet '%s', row %ld: bead %zu of document %lld no longer holds this "
                        "pair (the document changed since the sheet was written: write a new "
                        "one)",
                        row->sheet, row->row, row->bead, row->document);
    if ((op == TY_REVIEW_ACCEPT && b->status == TY_BEAD_REVIEWED) ||
        (op == TY_REVIEW_REJECT && b->status == TY_BEAD_REJECTED)) {
        *(op == TY_REVIEW_ACCEPT ? &im->st.reviewed : &im->st.rejected) += 1;
        return TY_OK; /* already so */
    }
    if (ty__grow((void **)&im->v, &im->cap, im->n + 1, sizeof *im->v) != 0 ||
        ((!im->sheets.n || strcmp(im->sheets.v[im->sheets.n - 1], row->sheet)) &&
         strings_push(&im->sheets, strdup(row->sheet)) != 0))
        return ty__nomem(im->err);
    im->v[im->n] = (verdict){row->document, ty_tm_review_version(im->r), row->bead, im->n,
                             im->sheets.n - 1, row->row, op};
    im->n++;
    return TY_OK;
}

/* By document, then in sheet order. */
static int verdict_cmp(const void *a, const void *b)
{
    const verdict *x = a, *y = b;
    if (x->document != y->document)
        return x->document < y->document ? -1 : 1;
    return (x->seq > y->seq) - (x->seq < y->seq);
}

/* Apply the checked verdicts as one transaction: all or none. Each edit is made on the
 * version its row was checked against (plus the document's edits before it here), so a
 * document that another writer changed since the check is a conflict, not a wrong bead. */
static ty_status apply_verdicts(importer *im, const char *who)
{
    ty_review_edit *e = NULL;
    long long *docs = NULL, done = 0;
    size_t failed = 0;
    ty_status rc;

    if (im->n == 0)
        return TY_OK;
    if (!(e = calloc(im->n, sizeof *e)) || !(docs = calloc(im->n, sizeof *docs))) {
        rc = ty__nomem(im->err);
        goto out;
    }
    qsort(im->v, im->n, sizeof *im->v, verdict_cmp);
    for (size_t i = 0; i < im->n; i++) {
        done = i > 0 && im->v[i].document == im->v[i - 1].document ? done + 1 : 0;
        ty_review_edit_init(&e[i]);
        e[i].op = im->v[i].op;
        e[i].bead = im->v[i].bead;
        e[i].who = who;
        e[i].version = im->v[i].version + done;
        docs[i] = im->v[i].document;
    }
    if ((rc = ty_tm_review_apply_all(im->tm, docs, e, im->n, &failed, im->err)) != TY_OK) {
        char msg[sizeof im->err->message];
        snprintf(msg, sizeof msg, "%s", im->err->message);
        if (failed < im->n)
            ty__fail(im->err, rc, im->path, im->v[failed].row, -1,
                     "sheet '%s', row %ld: %s: no verdict of the sheet was applied",
                     im->sheets.v[im->v[failed].sheet], im->v[failed].row, msg);
        else
            ty__fail(im->err, rc, im->path, -1, -1,
                     "%s: no verdict of the sheet was applied", msg);
        goto out;
    }
    for (size_t i = 0; i < im->n; i++)
        *(im->v[i].op == TY_REVIEW_ACCEPT ? &im->st.reviewed : &im->st.rejected) += 1;
out:
    free(e);
    free(docs);
    return rc;
}

/* The whole file, read into memory (malloc'd). */
static ty_status slurp(const char *path, char **out, size_t *len, ty_error *err)
{
    FILE *f = fopen(path, "rb");
    char *b = NULL;
    size_t cap = 0, n = 0, got;

    *out = NULL;
    if (!f)
        return ty__fail(err, errno == ENOENT ? TY_ERR_NOTFOUND : TY_ERR_IO, path, -1, -1,
                        "cannot open: %s", strerror(errno));
    do {
        if (n == cap && (cap >= FILE_MAX || ty__grow((void **)&b, &cap, n + 65536, 1) != 0)) {
            fclose(f);
            free(b);
            return cap >= FILE_MAX ? ty__fail(err, TY_ERR_TOOBIG, path, -1, -1,
                                              "over %zu bytes", FILE_MAX)
                                   : ty__nomem(err);
        }
        got = fread(b + n, 1, cap - n, f);
        n += got;
    } while (got > 0);
    if (ferror(f)) {
        fclose(f);
        free(b);
        return ty__fail(err, TY_ERR_IO, path, -1, -1, "cannot read: %s", strerror(errno));
    }
    fclose(f);
    *out = b;
    *len = n;
    return TY_OK;
}

ty_status ty_review_sheet_import(ty_tm *tm, const char *path, const char *who,
                                 ty_review_sheet_stats *stats, ty_error *err)
{
    importer im;
    char *bytes = NULL;
    size_t len = 0;
    ty_status rc;

    memset(&im, 0, sizeof im);
    im.tm = tm;
    im.path = path;
    im.err = err;
    if (stats)
        memset(stats, 0, sizeof *stats);
    if ((rc = slurp(path, &bytes, &len, err)) != TY_OK)
        return rc;
    /* every row checked before any is applied */
    rc = ty_review_sheet_read_mem(bytes, len, path, check_row, &im, err);
    ty_tm_review_free(im.r);
    free(bytes);
    if (rc == TY_OK)
        rc = apply_verdicts(&im, who);
    free(im.v);
    strings_free(&im.sheets);
    if (stats)
        *stats = im.st;
    return rc;
}
