/*
 * glossary_read.c — ty_glossary_read: a glossary file into a ty_glossary, TBX (glossary_tbx.c)
 * or TSV "ja<TAB>en[<TAB>status[<TAB>note]]" (here), taken from the content; read whole before
 * anything is added, so that a bad line adds nothing. It checks nothing.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "glossary.h"
#include "base/error.h"

#define GLOSSARY_MAX_FILE ((size_t)256 << 20)

/* Append every concept of src to g (a file read completely, so that a failure adds nothing). */
static ty_status merge(ty_glossary *g, const ty_glossary *src, ty_error *err)
{
    ty_status rc = TY_OK;
    for (size_t i = 0; i < src->n && rc == TY_OK; i++) {
        size_t c = g->n;
        for (size_t k = 0; k < src->c[i].n && rc == TY_OK; k++) {
            const ty_term *t = &src->c[i].v[k];
            rc = ty_glossary_add(g, c, t->lang, t->text, t->status, t->note, err);
        }
    }
    g->skipped += src->skipped;
    return rc;
}

#define GLOSSARY_MAX_FILE ((size_t)256 << 20)

/* "ja<TAB>en[<TAB>status[<TAB>note]]" lines; lines with the same Japanese are one concept. */
static ty_status read_tsv(ty_glossary *g, const char *path, char *buf, size_t len, ty_error *err)
{
    ty__u64map by_ja = {0};
    ty__line ln = {0};
    ty_status rc = TY_OK;

    while ((rc = ty__next_line(path, buf, len, &ln, err)) == TY_OK && ln.text) {
        char *f[4];
        size_t nf = ty__split_tabs(ln.text, f, 4);
        long lineno = ln.number;
        long long off = ln.offset;
        ty_term_status st = TY_TERM_ADMITTED;
        uint32_t *slot;
        int created;

        if (nf < 2 || nf > 4) {
            rc = ty__fail(err, TY_ERR_FORMAT, path, lineno, off,
                          "expected ja<TAB>en[<TAB>status[<TAB>note]]");
            break;
        }
        if (strspn(f[0], " ") == strlen(f[0]) || strspn(f[1], " ") == strlen(f[1])) {
            rc = ty__fail(err, TY_ERR_FORMAT, path, lineno, off, "an empty term");
            break;
        }
        if (nf >= 3 && *f[2] && ty__term_status_parse(f[2], strlen(f[2]), &st)) {
            rc = ty__fail(err, TY_ERR_FORMAT, path, lineno, off,
                          "unknown status '%s' (preferred, admitted, deprecated, superseded, "
                          "forbidden)",
                          f[2]);
            break;
        }
        if (!(slot = ty__u64map_insert(&by_ja, ty__hash_bytes(f[0], strlen(f[0]), 0),
                                       (uint32_t)g->n, &created))) {
            rc = ty__nomem(err);
            break;
        }
        if ((created && (rc = ty_glossary_add(g, g->n, TY_LANG_JA, f[0], TY_TERM_PREFERRED,
                                              NULL, err)) != TY_OK) ||
            (rc = ty_glossary_add(g, *slot, TY_LANG_EN, f[1], st, nf >= 4 && *f[3] ? f[3] : NULL,
                                  err)) != TY_OK) {
            if (rc != TY_ERR_NOMEM)
                rc = ty__fail(err, TY_ERR_FORMAT, path, lineno, off,
                              "a term that is empty once normalized");
            break;
        }
    }
    ty__u64map_free(&by_ja);
    return rc;
}

ty_status ty_glossary_read(ty_glossary *g, const char *path, ty_error *err)
{
    ty_glossary *tmp = NULL;
    char *buf = NULL;
    size_t len = 0, i = 0;
    ty_status rc;

    if (!g || !path)
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1, "no glossary or no file");
    if ((rc = ty__file_read(path, GLOSSARY_MAX_FILE, "a glossary", &buf, &len, err)) != TY_OK)
        return rc;
    if ((rc = ty_glossary_new(&tmp, err)) != TY_OK)
        goto done;
    if (len >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3))
        i = 3;
    while (i < len && strchr(" \t\r\n", buf[i]))
        i++;
    if (i < len && buf[i] == '<')
        rc = ty__glossary_read_tbx(tmp, path, buf, len, err);
    else
        rc = read_tsv(tmp, path, buf, len, err);
    if (rc == TY_OK)
        rc = merge(g, tmp, err);
done:
    ty_glossary_free(tmp);
    free(buf);
    return rc;
}

