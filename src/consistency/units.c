/*
 * units.c — what the consistency checks and phrase reports read from a memory: a unit with
 * its normalized texts and every provenance (document, position, confidence, segments), the
 * units whose text contains a string (the posting lists: tm/plist_find.c), how many there are
 * (bounded), the texts of a unit's neighbours in its documents. From an SQLite memory with its
 * own SQL, from a memory in another backend through the backend's entries (tm.h), whose rows
 * go through the same code. It does not judge anything (check.c, phrase.c do).
 */
#define _GNU_SOURCE /* memmem */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "consistency.h"
#include "base/error.h"

/* ---- units ------------------------------------------------------------------------------ */

static const char sql_unit[] =
    "SELECT t.ja, t.en, coalesce(t.ja_norm, t.ja), coalesce(t.en_norm, t.en), u.count,"
    " u.confidence FROM units u JOIN unit_text t ON t.id = u.id WHERE u.id = ?1";
static const char sql_occ[] =
    "SELECT o.document, d.name, " TY__TM_SHOWN_POSITION("o") ", o.confidence, o.props"
    " FROM occurrences o JOIN documents d ON d.id = o.document WHERE o.unit = ?1"
    " ORDER BY o.document, o.position";
static const char sql_occ_doc[] =
    "SELECT o.document, d.name, " TY__TM_SHOWN_POSITION("o") ", o.confidence, o.props"
    " FROM occurrences o"
    " JOIN documents d ON d.id = o.document WHERE o.unit = ?1 AND d.name = ?2"
    " ORDER BY o.document, o.position";

ty_status ty__entry_reader_init(ty__entry_reader *r, ty_tm *tm, ty_error *err)
{
    ty_status rc;

    memset(r, 0, sizeof *r);
    r->tm = tm;
    if (tm->be) /* the backend reads units (ty__entry_read) */
        return TY_OK;
    if ((rc = ty__tm_prepare(tm, sql_unit, &r->unit, err)) != TY_OK ||
        (rc = ty__tm_prepare(tm, sql_occ, &r->occ, err)) != TY_OK ||
        (rc = ty__tm_prepare(tm, sql_occ_doc, &r->occ_doc, err)) != TY_OK)
        ty__entry_reader_done(r);
    return rc;
}

void ty__entry_reader_done(ty__entry_reader *r)
{
    sqlite3_finalize(r->unit);
    sqlite3_finalize(r->occ);
    sqlite3_finalize(r->occ_doc);
    r->unit = r->occ = r->occ_doc = NULL;
}

/* The value of prop `type` in props encoded by ty__tm_props_encode, or NULL. */
static char *prop_value(ty__arena *a, const char *props, const char *type, int *nomem)
{
    size_t tl = strlen(type);
    const char *p = props;

    while (p && *p) {
        const char *sep = strchr(p, '\x1f'), *end;
        if (!sep)
            break;
        end = strchr(sep + 1, '\x1e');
        if (!end)
            end = sep + 1 + strlen(sep + 1);
        if ((size_t)(sep - p) == tl && memcmp(p, type, tl) == 0) {
            char *v = ty__arena_strndup(a, sep + 1, (size_t)(end - sep - 1));
            *nomem = !v;
            return v;
        }
        p = *end ? end + 1 : end;
    }
    return NULL;
}

/* The occurrences of a unit being read, as they come. */
typedef struct occ_list {
    ty_tm_occurrence *v;
    size_t n, cap;
} occ_list;

/* Add occurrence `o` of the unit being read (the first one read is its first provenance),
 * unless max_conf leaves it out. */
static ty_status occ_add(occ_list *l, const ty__occ_row *o, double max_conf, ty__arena *a,
                         ty__entry_norm *norm, ty_error *err)
{
    ty_tm_occurrence *t;
    int nomem = 0;

    if (norm->first_doc < 0) {
        norm->first_doc = o->document;
        norm->first_pos = o->position;
    }
    if (max_conf >= 0 && !(o->confidence >= 0 && o->confidence < max_conf))
        return TY_OK;
    if (l->n == l->cap) {
        size_t ncap = l->cap ? l->cap * 2 : 4;
        ty_tm_occurrence *nv = ty__arena_alloc(a, ncap * sizeof *nv);
        if (!nv)
            return ty__nomem(err);
        if (l->n)
            memcpy(nv, l->v, l->n * sizeof *l->v);
        l->v = nv;
        l->cap = ncap;
    }
    t = &l->v[l->n++];
    t->document_id = o->document;
    t->document = ty__arena_strdup(a, o->name ? o->name : "");
    t->position = o->position;
    t->confidence = o->confidence;
    t->ja_segments = prop_value(a, o->props, "x-ja-segments", &nomem);
    if (!nomem)
        t->en_segments = prop_value(a, o->props, "x-en-segments", &nomem);
    if (!t->document || nomem)
        return ty__nomem(err);
    return TY_OK;
}

/* The unit's columns into *e and *norm, its strings in `a`. */
static ty_status unit_fill(const ty__unit_row *u, ty__arena *a, ty_tm_entry *e,
                           ty__entry_norm *norm, ty_error *err)
{
    e->ja = ty__arena_strdup(a, u->text[0] ? u->text[0] : "");
    e->en = ty__arena_strdup(a, u->text[1] ? u->text[1] : "");
    norm->norm[TY_LANG_JA] = ty__arena_strdup(a, u->norm[0] ? u->norm[0] : "");
    norm->norm[TY_LANG_EN] = ty__arena_strdup(a, u->norm[1] ? u->norm[1] : "");
    e->count = (size_t)u->count;
    e->confidence = u->confidence;
    norm->first_doc = norm->first_pos = -1;
    if (!e->ja || !e->en || !norm->norm[0] || !norm->norm[1])
        return ty__nomem(err);
    return TY_OK;
}

/* Where a backend's entries go (ty__entries_read): the i-th into e[i], norm[i]. */
typedef struct entry_dest {
    double max_conf;
    ty__arena *a;
    ty_tm_entry *e;
    ty__entry_norm *norm;
} entry_dest;

static ty_status entry_fn(void *user, size_t i, const ty__unit_row *u, const ty__occ_row *occ,
                          size_t nocc, ty_error *err)
{
    entry_dest *d = user;
    occ_list l = {NULL, 0, 0};
    ty_status rc = unit_fill(u, d->a, &d->e[i], &d->norm[i], err);

    for (size_t k = 0; k < nocc && rc == TY_OK; k++)
        rc = occ_add(&l, &occ[k], d->max_conf, d->a, &d->norm[i], err);
    d->e[i].occ = l.v;
    d->e[i].nocc = l.n;
    return rc;
}

/* The occurrences of the unit bound to `st`. */
static ty_status read_occurrences(ty__entry_reader *r, sqlite3_stmt *st, double max_conf,
                                  ty__arena *a, ty_tm_entry *e, ty__entry_norm *norm, ty_error *err)
{
    occ_list l = {NULL, 0, 0};
    ty_status rc = TY_OK;
    int step;

    while (rc == TY_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
        ty__occ_row o;
        o.document = sqlite3_column_int64(st, 0);
        o.name = (const char *)sqlite3_column_text(st, 1);
        o.position = sqlite3_column_int64(st, 2);
        o.confidence =
            sqlite3_column_type(st, 3) == SQLITE_NULL ? -1 : sqlite3_column_double(st, 3);
        o.props = (const char *)sqlite3_column_text(st, 4);
        rc = occ_add(&l, &o, max_conf, a, norm, err);
    }
    if (rc != TY_OK)
        return rc;
    if (step != SQLITE_DONE)
        return ty__tm_fail(r->tm, err, "reading the provenance of a unit");
    e->occ = l.v;
    e->nocc = l.n;
    return TY_OK;
}

ty_status ty__entry_read(ty__entry_reader *r, long long id, const char *only_doc, double max_conf,
                         ty__arena *a, ty_tm_entry *e, ty__entry_norm *norm, ty_error *err)
{
    sqlite3_stmt *st = r->unit, *occ = only_doc ? r->occ_doc : r->occ;
    ty__unit_row u;
    ty_status rc = TY_OK;
    int step;

    memset(e, 0, sizeof *e);
    memset(norm, 0, sizeof *norm);
    e->id = id;
    if (r->tm->be)
        return ty__entries_read(r, &id, 1, only_doc, max_conf, a, e, norm, err);
    sqlite3_bind_int64(st, 1, id);
    if ((step = sqlite3_step(st)) != SQLITE_ROW) {
        rc = step == SQLITE_DONE
                 ? ty__fail(err, TY_ERR_INTERNAL, r->tm->path, -1, -1, "unit %lld is missing", id)
                 : ty__tm_fail(r->tm, err, "reading a unit");
        goto done;
    }
    u.id = id;
    u.text[0] = (const char *)sqlite3_column_text(st, 0);
    u.text[1] = (const char *)sqlite3_column_text(st, 1);
    u.norm[0] = (const char *)sqlite3_column_text(st, 2);
    u.norm[1] = (const char *)sqlite3_column_text(st, 3);
    u.count = sqlite3_column_int64(st, 4);
    u.confidence = sqlite3_column_type(st, 5) == SQLITE_NULL ? -1 : sqlite3_column_double(st, 5);
    if ((rc = unit_fill(&u, a, e, norm, err)) != TY_OK)
        goto done;
    sqlite3_bind_int64(occ, 1, id);
    if (only_doc)
        sqlite3_bind_text(occ, 2, only_doc, -1, SQLITE_STATIC);
    rc = read_occurrences(r, occ, max_conf, a, e, norm, err);
done:
    sqlite3_reset(st);
    sqlite3_reset(occ);
    sqlite3_clear_bindings(occ);
    return rc;
}

/* A backend's documents: stop at the one named (TY_ERR_CONFLICT, not an error here). */
static ty_status named_fn(const ty_tm_document *d, void *user)
{
    return strcmp(d->name, (const char *)user) ? TY_OK : TY_ERR_CONFLICT;
}

ty_status ty__entries_read(ty__entry_reader *r, const long long *ids, size_t n,
                           const char *only_doc, double max_conf, ty__arena *a, ty_tm_entry *e,
                           ty__entry_norm *norm, ty_error *err)
{
    entry_dest d = {max_conf, a, e, norm};
    ty_status rc = TY_OK;

    if (!r->tm->be) {
        for (size_t i = 0; i < n && rc == TY_OK; i++)
            rc = ty__entry_read(r, ids[i], only_doc, max_conf, a, &e[i], &norm[i], err);
        return rc;
    }
    for (size_t i = 0; i < n; i++) {
        memset(&e[i], 0, sizeof e[i]);
        memset(&norm[i], 0, sizeof norm[i]);
        e[i].id = ids[i];
    }
    rc = r->tm->be->entries(r->tm, ids, n, only_doc, entry_fn, &d, err);
    if (rc == TY_ERR_NOTFOUND) { /* a unit the caller found is gone: as ty__entry_read says */
        rc = TY_ERR_INTERNAL;
        if (err)
            err->status = rc;
    }
    return rc;
}

ty_status ty__document_exists(ty_tm *tm, const char *name, ty_error *err)
{
    sqlite3_stmt *st = NULL;
    ty_status rc;
    int step;

    if (tm->be) {
        rc = tm->be->documents(tm, named_fn, (void *)name, err);
        if (rc == TY_ERR_CONFLICT)
            return TY_OK;
        return rc != TY_OK ? rc
                           : ty__fail(err, TY_ERR_NOTFOUND, tm->path, -1, -1,
                                      "no document named '%s' in the memory", name);
    }
    if ((rc = ty__tm_prepare(tm, "SELECT 1 FROM documents WHERE name = ?1 LIMIT 1", &st, err)))
        return rc;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    step = sqlite3_step(st);
    if (step == SQLITE_DONE)
        rc = ty__fail(err, TY_ERR_NOTFOUND, tm->path, -1, -1,
                      "no document named '%s' in the memory", name);
    else if (step != SQLITE_ROW)
        rc = ty__tm_fail(tm, err, "reading the documents");
    sqlite3_finalize(st);
    return rc;
}

ty_status ty__units_total(ty_tm *tm, long long *n, ty_error *err)
{
    if (tm->be) {
        ty_tm_info info;
        ty_status rc;
        memset(&info, 0, sizeof info);
        if ((rc = tm->be->info(tm, &info, err)) == TY_OK)
            *n = info.units;
        return rc;
    }
    return ty__tm_query_int(tm, "SELECT count(*) FROM units", n, err);
}

/* ---- units containing a string ------------------------------------------------------------ */

/* The ids found (ty__plist_find's callback). */
typedef struct found {
    long long *v;
    size_t n, cap;
    int count_only;
} found;

static int found_fn(void *user, long long id)
{
    found *f = user;
    if (!f->count_only) {
        if (ty__grow((void **)&f->v, &f->cap, f->n + 1, sizeof *f->v))
            return -1;
        f->v[f->n] = id;
    }
    f->n++;
    return 0;
}

ty_status ty__units_containing(ty_tm *tm, ty_lang lang, const char *norm, size_t n, size_t limit,
                               long long **ids, size_t *count, ty_error *err)
{
    found f = {0};
    ty_status rc = ty__plist_find(tm, (int)lang, norm, n, 0, (long long)limit, found_fn, &f, err);

    *ids = rc == TY_OK ? f.v : NULL;
    *count = rc == TY_OK ? f.n : 0;
    if (rc != TY_OK)
        free(f.v);
    return rc;
}

/* Sum of the document frequencies of the trigrams that start with norm[0, n). */
static ty_status prefix_df(ty_tm *tm, ty_lang lang, const char *norm, size_t n, size_t *count,
                           ty_error *err)
{
    sqlite3_stmt *st = NULL;
    char hi[16];
    ty_status rc;

    if (n == 0 || n > sizeof hi)
        return ty__fail(err, TY_ERR_INTERNAL, NULL, -1, -1, "prefix of %zu bytes", n);
    memcpy(hi, norm, n);
    hi[n - 1] = (char)(hi[n - 1] + 1); /* the last byte of UTF-8 is never 0xff */
    if ((rc = ty__tm_prepare(tm,
                             "SELECT coalesce(sum(df), 0) FROM grams WHERE lang = ?1 AND gram >= ?2"
                             " AND gram < ?3",
                             &st, err)) != TY_OK)
        return rc;
    sqlite3_bind_int(st, 1, (int)lang);
    sqlite3_bind_text(st, 2, norm, (int)n, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, hi, (int)n, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW)
        *count = (size_t)sqlite3_column_int64(st, 0);
    else
        rc = ty__tm_fail(tm, err, "reading the trigram table");
    sqlite3_finalize(st);
    return rc;
}

ty_status ty__units_count(ty_tm *tm, ty_lang lang, const char *norm, size_t n, size_t limit,
                          size_t *count, ty_error *err)
{
    found f = {.count_only = 1};
    ty_status rc;

    *count = 0;
    if (ty__utf8_chars(norm, n) < 3) {
        rc = prefix_df(tm, lang, norm, n, count, err);
        if (*count > limit)
            *count = limit;
        return rc;
    }
    if ((rc = ty__plist_find(tm, (int)lang, norm, n, 0, (long long)limit, found_fn, &f, err)) ==
        TY_OK)
        *count = f.n;
    return rc;
}

/* ---- the same from a memory in another backend ------------------------------------------- */

/* The ids a backend found (ty__units_with). */
typedef struct id_list {
    long long *v;
    size_t n, cap;
} id_list;

static int id_push(void *user, long long id, const char *norm, size_t len)
{
    id_list *l = user;
    (void)norm;
    (void)len;
    if (ty__grow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v))
        return -1;
    l->v[l->n++] = id;
    return 0;
}

ty_status ty__units_with(ty_tm *tm, ty_lang lang, const char *norm, size_t n, size_t limit,
                         long long **ids, size_t *count, ty_error *err)
{
    id_list l = {NULL, 0, 0};
    ty_status rc;

    if (!tm->be)
        return ty__units_containing(tm, lang, norm, n, limit, ids, count, err);
    rc = tm->be->containing(tm, lang, norm, n, ty__utf8_chars(norm, n), limit, id_push, &l, err);
    if (rc != TY_OK) {
        free(l.v);
        l.v = NULL;
        l.n = 0;
    }
    *ids = l.v;
    *count = l.n;
    return rc;
}

/* A count of units (ty__units_with_count): exact, or as the trigram table estimates it. */
typedef struct unit_tally {
    const char *p;
    size_t n, limit, count;
    int estimate; /* p has 1–2 characters */
} unit_tally;

/* A trigram of a text. */
typedef struct span {
    const char *s;
    size_t n;
} span;

static int span_cmp(const void *a, const void *b)
{
    const span *x = a, *y = b;
    int c = memcmp(x->s, y->s, x->n < y->n ? x->n : y->n);
    return c ? c : (x->n > y->n) - (x->n < y->n);
}

/* The distinct trigrams of norm[0, len) padded (TY__TM_PAD, as the memory's trigram table
 * counts them) that start with p[0, n): what the unit adds to the sum of their document
 * frequencies, ty__units_count's estimate for 1–2 characters; (size_t)-1 when out of memory. */
static size_t trigrams_from(const char *norm, size_t len, const char *p, size_t n)
{
    size_t pad = sizeof TY__TM_PAD - 1, total = len + pad, k = 0, cap = 0, distinct = 0;
    char *text = malloc(total + 1);
    span *v = NULL;

    if (!text)
        return (size_t)-1;
    memcpy(text, norm, len);
    memcpy(text + len, TY__TM_PAD, pad + 1);
    for (const char *at = text; (at = memmem(at, total - (size_t)(at - text), p, n)) != NULL;
         at++) {
        size_t i = (size_t)(at - text), j = i;
        for (int c = 0; c < 3 && j < total; c++) /* three code points from i */
            for (j++; j < total && ((unsigned char)text[j] & 0xc0) == 0x80; j++)
                ;
        if (ty__grow((void **)&v, &cap, k + 1, sizeof *v)) {
            free(v);
            free(text);
            return (size_t)-1;
        }
        v[k].s = text + i;
        v[k++].n = j - i;
    }
    if (k > 1)
        qsort(v, k, sizeof *v, span_cmp);
    for (size_t i = 0; i < k; i++)
        distinct += i == 0 || span_cmp(&v[i], &v[i - 1]) != 0;
    free(v);
    free(text);
    return distinct;
}

static int tally_push(void *user, long long id, const char *norm, size_t len)
{
    unit_tally *t = user;
    size_t k = t->estimate ? trigrams_from(norm, len, t->p, t->n) : 1;
    (void)id;
    if (k == (size_t)-1)
        return -1;
    t->count += k;
    return t->count >= t->limit;
}

ty_status ty__units_with_count(ty_tm *tm, ty_lang lang, const char *norm, size_t n, size_t limit,
                               size_t *count, ty_error *err)
{
    size_t chars = ty__utf8_chars(norm, n);
    unit_tally t = {norm, n, limit, 0, chars < 3};
    ty_status rc;

    if (!tm->be)
        return ty__units_count(tm, lang, norm, n, limit, count, err);
    *count = 0;
    if (limit == 0)
        return TY_OK;
    /* every unit holding a 1–2 character string adds at least one trigram: `limit` units
     * reach the limit */
    if ((rc = tm->be->containing(tm, lang, norm, n, chars, limit, tally_push, &t, err)) != TY_OK)
        return rc;
    *count = t.count < limit ? t.count : limit;
    return TY_OK;
}

ty_status ty__units_with_bound(ty_tm *tm, ty_lang lang, const char *norm, size_t n, size_t limit,
                               size_t *count, int *exact, ty_error *err)
{
    long long bound = -1;
    ty_status rc;

    *exact = 0;
    if (!tm->be && (rc = ty__plist_bound(tm, (int)lang, norm, n, &bound, err)) != TY_OK)
        return rc;
    if (bound >= 0) {
        *count = (size_t)bound < limit ? (size_t)bound : limit;
        return TY_OK;
    }
    *exact = 1;
    return ty__units_with_count(tm, lang, norm, n, limit, count, err);
}

/* ---- neighbours ---------------------------------------------------------------------------- */

/* Within ?2 beads of a document with structure, whose positions are its beads' keys (the
 * ?2-th key before and after), within ?2 positions of one without. */
static const char sql_near[] =
    "SELECT o.document, o.position, o2.position - o.position, t.ja, t.en FROM occurrences o"
    " JOIN occurrences o2 ON o2.document = o.document AND o2.position BETWEEN"
    " coalesce((SELECT b.idx FROM beads b WHERE b.document = o.document AND b.idx < o.position"
    "  ORDER BY b.idx DESC LIMIT 1 OFFSET ?2 - 1), CASE WHEN EXISTS (SELECT 1 FROM alignments a"
    "  WHERE a.document = o.document) THEN 0 ELSE o.position - ?2 END)"
    " AND coalesce((SELECT b.idx FROM beads b WHERE b.document = o.document AND b.idx > o.position"
    "  ORDER BY b.idx LIMIT 1 OFFSET ?2 - 1), CASE WHEN EXISTS (SELECT 1 FROM alignments a"
    "  WHERE a.document = o.document) THEN 9223372036854775807 ELSE o.position + ?2 END)"
    " AND o2.position != o.position JOIN unit_text t ON t.id = o2.unit"
    " WHERE o.unit = ?1 ORDER BY o.document, o.position, o2.position";

/* The neighbours of one unit's occurrences as their rows come, by occurrence. */
typedef struct near_read {
    ty__checker *c;
    ty_lang lang;
    ty__near_fn fn;
    void *ud;
    const char *before[TY__NEAR], *after[TY__NEAR];
    size_t nb, na;
    long long doc, pos;
    int hit;
} near_read;

/* Hand the occurrence read to fn: TY_ERR_CONFLICT (not an error here) when it says stop. */
static ty_status near_flush(near_read *n)
{
    if (n->doc >= 0 && n->fn(n->ud, n->before, n->nb, n->after, n->na)) {
        n->hit = 1;
        return TY_ERR_CONFLICT;
    }
    n->nb = n->na = 0;
    return TY_OK;
}

static ty_status near_row(void *user, long long doc, long long pos, long long off,
                          const char *ja, const char *en, ty_error *err)
{
    near_read *n = user;
    const char *t = n->lang == TY_LANG_JA ? ja : en;
    char *copy;
    ty_status rc;

    (void)err;
    if (doc != n->doc || pos != n->pos) { /* one occurrence's neighbours are read */
        if ((rc = near_flush(n)) != TY_OK)
            return rc;
        n->doc = doc;
        n->pos = pos;
    }
    if (!(copy = ty__arena_strdup(&n->c->a, t ? t : "")))
        return TY_ERR_NOMEM;
    if (off < 0) { /* the rows come in position order: the nearest one last */
        if (n->nb == TY__NEAR) /* never with TY__NEAR rows a side: the farthest goes */
            n->nb--;
        memmove(n->before + 1, n->before, n->nb * sizeof *n->before);
        n->before[0] = copy;
        n->nb++;
    } else if (n->na < TY__NEAR) {
        n->after[n->na++] = copy;
    }
    return TY_OK;
}

ty_status ty__unit_neighbours(ty__checker *c, long long id, ty_lang lang, ty__near_fn fn, void *ud,
                              int *hit)
{
    near_read n;
    sqlite3_stmt *st = NULL;
    ty_status rc = TY_OK;
    int step = SQLITE_DONE;

    *hit = 0;
    if (!c->tm || id < 0)
        return TY_OK;
    memset(&n, 0, sizeof n);
    n.c = c;
    n.lang = lang;
    n.fn = fn;
    n.ud = ud;
    n.doc = n.pos = -1;
    if (c->tm->be) {
        rc = c->tm->be->neighbours(c->tm, id, TY__NEAR, near_row, &n, c->err);
    } else {
        if (!c->near && (rc = ty__tm_prepare(c->tm, sql_near, &c->near, c->err)) != TY_OK)
            return rc;
        st = c->near;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int(st, 2, TY__NEAR);
        while (rc == TY_OK && (step = sqlite3_step(st)) == SQLITE_ROW)
            rc = near_row(&n, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
                          sqlite3_column_int64(st, 2),
                          (const char *)sqlite3_column_text(st, 3),
                          (const char *)sqlite3_column_text(st, 4), c->err);
        if (rc == TY_OK && step != SQLITE_DONE)
            rc = ty__tm_fail(c->tm, c->err, "reading a unit's neighbours");
        sqlite3_reset(st);
    }
    if (rc == TY_OK)
        rc = near_flush(&n);
    *hit = n.hit;
    return rc == TY_ERR_CONFLICT ? TY_OK : rc;
}
