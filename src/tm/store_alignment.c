/*
 * store_alignment.c — ty_tm_add_alignment: an aligned document pair into the memory, one unit per
 * bead with both sides non-empty, with the bead's confidence, shape and segment positions.
 * Its content hash (ty_tm_alignment_hash) covers the two documents' texts (not the beads), so
 * adding the same pair again — even aligned with other options — is a no-op. The documents'
 * sentences and beads go in with the units (structure.c); ty_tm_replace_alignment takes the
 * documents it replaces out in the same transaction. Storing is store.c's job.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "tm.h"

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* The texts of every segment, in order, without separators: independent of where the
 * segmenter put the boundaries. */
static void hash_doc(ty__hash128 *h, const ty_doc *doc)
{
    size_t n = ty_doc_count(doc);
    for (size_t i = 0; i < n; i++) {
        const ty_segment *s = ty_doc_segment(doc, i);
        ty__hash128_add(h, s->text, s->len);
    }
    ty__hash128_add(h, "\x1d", 1);
}

void ty_tm_alignment_hash(const ty_doc *ja, const ty_doc *en, char hex[33])
{
    ty__hash128 h;

    ty__hash128_init(&h);
    ty__hash128_add(&h, "taiyaku alignment\x1d", 18);
    hash_doc(&h, ja);
    hash_doc(&h, en);
    ty__hash128_hex(&h, hex);
}

static void segments(char *buf, size_t size, size_t first, size_t count)
{
    if (count <= 1)
        snprintf(buf, size, "%zu", first);
    else
        snprintf(buf, size, "%zu-%zu", first, first + count - 1);
}

ty_status ty_tm_add_alignment(ty_tm *tm, const ty_doc *ja, const ty_doc *en,
                              const ty_alignment *al, const ty_tm_docinfo *info,
                              ty_tm_import_stats *stats, ty_error *err)
{
    return ty_tm_replace_alignment(tm, ja, en, al, info, NULL, 0, stats, err);
}

ty_status ty_tm_replace_alignment(ty_tm *tm, const ty_doc *ja, const ty_doc *en,
                                  const ty_alignment *al, const ty_tm_docinfo *info,
                                  const long long *ids, size_t nids, ty_tm_import_stats *stats,
                                  ty_error *err)
{
    ty_tm_docinfo di;
    ty_tm_import *imp = NULL;
    char hex[33], *name = NULL;
    int known = 0, shift = 0;
    size_t n = ty_alignment_count(al);
    ty_status rc;

    ty_tm_alignment_hash(ja, en, hex);
    if ((rc = ty__tm_known(tm, hex, n, stats, &known, err)) != TY_OK || known)
        return rc;
    if (info) {
        di = *info;
    } else {
        memset(&di, 0, sizeof di);
    }
    if (!di.name || !*di.name) {
        const char *a = base_name(ty_doc_name(ja)), *b = base_name(ty_doc_name(en));
        size_t len = strlen(a) + strlen(b) + 4;
        if (!(name = malloc(len)))
            return ty__nomem(err);
        snprintf(name, len, "%s | %s", a, b);
        di.name = name;
    }
    if (!di.ja_lang)
        di.ja_lang = "ja";
    if (!di.en_lang)
        di.en_lang = "en";
    if ((rc = ty__tm_import_begin_hashed(tm, &di, hex, &imp, err)) != TY_OK)
        goto done;
    for (size_t i = 0; i < nids; i++)
        if ((rc = ty_tm_import_replace(imp, ids[i], err)) != TY_OK)
            goto done;
    /* the occurrences are at their beads' keys (structure.c) */
    if ((rc = ty__tm_key_shift(tm, &shift, err)) != TY_OK)
        goto done;
    ty__tm_import_spaced(imp, shift);
    for (size_t i = 0; i < n; i++) {
        const ty_bead *b = ty_alignment_bead(al, i);
        char shape[48], jseg[48], eseg[48];
        ty_prop props[2] = {{"x-ja-segments", jseg}, {"x-en-segments", eseg}};
        ty_unit u;
        char *jt = ty_doc_join(ja, b->ja_first, b->ja_count);
        char *et = ty_doc_join(en, b->en_first, b->en_count);
        if (!jt || !et) {
            free(jt);
            free(et);
            rc = ty__nomem(err);
            goto done;
        }
        snprintf(shape, sizeof shape, "%zu:%zu", b->ja_count, b->en_count);
        segments(jseg, sizeof jseg, b->ja_first, b->ja_count);
        segments(eseg, sizeof eseg, b->en_first, b->en_count);
        memset(&u, 0, sizeof u);
        u.ja = jt;
        u.en = et;
        u.ja_lang = di.ja_lang;
        u.en_lang = di.en_lang;
        u.confidence = b->confidence;
        u.shape = shape;
        u.props = props;
        u.nprops = 2;
        rc = ty_tm_import_add(imp, &u, err);
        free(jt);
        free(et);
        if (rc != TY_OK)
            goto done;
    }
    if ((rc = ty__tm_import_structure(imp, ja, en, al, err)) != TY_OK)
        goto done;
    rc = ty_tm_import_commit(imp, stats, err);
    imp = NULL;
done:
    ty_tm_import_abort(imp);
    free(name);
    return rc;
}
