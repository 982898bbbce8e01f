/*
 * pg_check.c — what the consistency checks read from a memory in PostgreSQL: the units' hashes
 * (the groups of one text with several renderings are found from them), a unit with its
 * occurrences, the units of the whole memory or of a document in order, the units with an
 * occurrence of low confidence, the units whose text hashes to a value, and the neighbours of
 * a unit's occurrences; and what the phrase reports read: the range of unit ids, the units at
 * or after given ids (a sample), every occurrence's document and unit, the texts of given units.
 * The position shown is the bead's number in a document with structure (TY__TM_SHOWN_POSITION,
 * the same SQL as the SQLite memory's), else the position stored; neighbours are the
 * occurrences at the nearest beads' keys, or within so many positions. It judges nothing
 * (src/consistency/ does).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "pg.h"

/* Rows a read through a cursor fetches at a time. */
#define CHECK_BATCH 5000

typedef struct hash_read {
    int (*fn)(void *user, uint64_t key, uint64_t other, long long id);
    void *user;
} hash_read;

static ty_status hash_row(void *user, const PGresult *r, int row, ty_error *err)
{
    hash_read *h = user;
    if (h->fn(h->user, (uint64_t)ty__pg_ll(r, row, 0), (uint64_t)ty__pg_ll(r, row, 1),
              ty__pg_ll(r, row, 2)))
        return ty__nomem(err);
    return TY_OK;
}

ty_status ty__pg_hashes(ty_tm *tm, ty_lang lang, const char *doc,
                        int (*fn)(void *user, uint64_t key, uint64_t other, long long id),
                        void *user, ty_error *err)
{
    static const char *const all[2] = {"SELECT ja_hash, en_hash, id FROM units",
                                       "SELECT en_hash, ja_hash, id FROM units"};
    static const char *const in_doc[2] = {
        "SELECT DISTINCT u.ja_hash, u.en_hash, u.id FROM documents d JOIN occurrences o"
        " ON o.document = d.id JOIN units u ON u.id = o.unit WHERE d.name = $1",
        "SELECT DISTINCT u.en_hash, u.ja_hash, u.id FROM documents d JOIN occurrences o"
        " ON o.document = d.id JOIN units u ON u.id = o.unit WHERE d.name = $1"};
    const char *p[1] = {doc};
    hash_read h = {fn, user};
    int l = lang == TY_LANG_EN;

    return ty__pg_each(tm, "reading the units", doc ? in_doc[l] : all[l], doc ? 1 : 0, p,
                       CHECK_BATCH, hash_row, &h, err);
}

/* A unit's texts and normalized texts from columns first .. first + 3 of a row (ja, en, then
 * their normalized forms); count 0 and confidence unknown. */
static void unit_cells(const PGresult *r, int row, int first, long long id, ty__unit_row *u)
{
    memset(u, 0, sizeof *u);
    u->id = id;
    u->text[0] = PQgetvalue(r, row, first);
    u->text[1] = PQgetvalue(r, row, first + 1);
    u->norm[0] = PQgetvalue(r, row, first + 2);
    u->norm[1] = PQgetvalue(r, row, first + 3);
    u->confidence = -1;
}

/* The units and their occurrences, one row an occurrence (a unit without any: one row of
 * NULLs), in the order asked for; the occurrences through occurrences_unit. */
static const char sql_entries[] =
    "SELECT x.i, u.id, u.ja, u.en, coalesce(u.ja_norm, u.ja), coalesce(u.en_norm, u.en),"
    " u.count, u.confidence, o.document, o.name, o.position, o.confidence, o.props"
    " FROM unnest($1::bigint[]) WITH ORDINALITY AS x(id, i) JOIN units u ON u.id = x.id"
    " LEFT JOIN LATERAL (SELECT o.document, d.name, " TY__TM_SHOWN_POSITION("o") " AS position,"
    "  o.confidence, o.props"
    "  FROM occurrences o JOIN documents d ON d.id = o.document"
    "  WHERE o.unit = u.id AND ($2::text IS NULL OR d.name = $2::text)) o ON true"
    " ORDER BY x.i, o.document, o.position";
/* Units read a request. */
#define ENTRIES_CHUNK 1000

/* Hand rows [first, end) of r (one unit, the `i`-th asked for) to fn. */
static ty_status entry_rows(const PGresult *r, int first, int end, size_t i, ty__occ_row *occ,
                            ty__entry_fn fn, void *user, ty_error *err)
{
    ty__unit_row u;
    size_t n = 0;

    unit_cells(r, first, 2, ty__pg_ll(r, first, 1), &u);
    u.count = ty__pg_ll(r, first, 6);
    u.confidence = ty__pg_double(r, first, 7);
    for (int k = first; k < end; k++) {
        if (PQgetisnull(r, k, 8))
            continue;
        occ[n].document = ty__pg_ll(r, k, 8);
        occ[n].name = PQgetvalue(r, k, 9);
        occ[n].position = ty__pg_ll(r, k, 10);
        occ[n].confidence = ty__pg_double(r, k, 11);
        occ[n].props = ty__pg_cell(r, k, 12);
        n++;
    }
    return fn(user, i, &u, occ, n, err);
}

ty_status ty__pg_entries(ty_tm *tm, const long long *ids, size_t n, const char *only_doc,
                         ty__entry_fn fn, void *user, ty_error *err)
{
    ty_status rc = TY_OK;

    for (size_t at = 0; at < n && rc == TY_OK; at += ENTRIES_CHUNK) {
        size_t k = n - at < ENTRIES_CHUNK ? n - at : ENTRIES_CHUNK, next = 0;
        char *arr = ty__pg_id_array(ids + at, k);
        const char *p[2] = {arr, only_doc};
        ty__occ_row *occ = NULL;
        PGresult *r;
        int rows;
        if (!arr)
            return ty__nomem(err);
        r = ty__pg_prepared(tm, TY__PG_Q_ENTRY, "reading units", sql_entries, 2, p, 0, err);
        free(arr);
        if (!r)
            return TY_ERR_POSTGRES;
        rows = PQntuples(r);
        if (!(occ = calloc((size_t)rows + 1, sizeof *occ))) {
            PQclear(r);
            return ty__nomem(err);
        }
        for (int first = 0; first < rows && rc == TY_OK;) {
            size_t i = (size_t)ty__pg_ll(r, first, 0) - 1; /* ordinality counts from 1 */
            int end = first + 1;
            while (end < rows && ty__pg_ll(r, end, 0) == ty__pg_ll(r, first, 0))
                end++;
            if (i != next)
                break; /* unit ids[at + next] is not there */
            rc = entry_rows(r, first, end, at + i, occ, fn, user, err);
            next++;
            first = end;
        }
        free(occ);
        PQclear(r);
        if (rc == TY_OK && next < k)
            rc = ty__fail(err, TY_ERR_NOTFOUND, tm->path, -1, -1, "unit %lld is missing",
                          ids[at + next]);
    }
    return rc;
}

typedef struct unit_read {
    ty__unit_row_fn fn;
    void *user;
} unit_read;

static ty_status unit_row(void *user, const PGresult *r, int row, ty_error *err)
{
    unit_read *ur = user;
    ty__unit_row u;

    unit_cells(r, row, 1, ty__pg_ll(r, row, 0), &u);
    return ur->fn(ur->user, &u, err);
}

ty_status ty__pg_units(ty_tm *tm, const char *doc, ty__unit_row_fn fn, void *user, ty_error *err)
{
    static const char all[] = "SELECT id, ja, en, coalesce(ja_norm, ja), coalesce(en_norm, en)"
                              " FROM units ORDER BY id";
    static const char in_doc[] =
        "SELECT u.id, u.ja, u.en, coalesce(u.ja_norm, u.ja), coalesce(u.en_norm, u.en) FROM"
        " (SELECT o.unit, min(o.document) AS d, min(o.position) AS p FROM occurrences o"
        "  JOIN documents d ON d.id = o.document WHERE d.name = $1 GROUP BY o.unit) x"
        " JOIN units u ON u.id = x.unit ORDER BY x.d, x.p, u.id";
    const char *p[1] = {doc};
    unit_read ur = {fn, user};

    return ty__pg_each(tm, "reading the units", doc ? in_doc : all, doc ? 1 : 0, p, CHECK_BATCH,
                       unit_row, &ur, err);
}

typedef struct id_read {
    ty__id_fn fn;
    void *user;
} id_read;

static ty_status id_row(void *user, const PGresult *r, int row, ty_error *err)
{
    id_read *ir = user;
    return ir->fn(ir->user, ty__pg_ll(r, row, 0), err);
}

ty_status ty__pg_low_confidence(ty_tm *tm, double below, const char *doc, ty__id_fn fn,
                                void *user, ty_error *err)
{
    static const char all[] = "SELECT unit FROM occurrences WHERE confidence < $1::float8"
                              " GROUP BY unit ORDER BY min(document), min(position), unit";
    static const char in_doc[] =
        "SELECT o.unit FROM occurrences o JOIN documents d ON d.id = o.document"
        " WHERE o.confidence < $1::float8 AND d.name = $2 GROUP BY o.unit"
        " ORDER BY min(o.document), min(o.position), o.unit";
    char conf[40];
    const char *p[2] = {conf, doc};
    id_read ir = {fn, user};

    snprintf(conf, sizeof conf, "%.17g", below);
    return ty__pg_each(tm, "reading the occurrences", doc ? in_doc : all, doc ? 2 : 1, p,
                       CHECK_BATCH, id_row, &ir, err);
}

ty_status ty__pg_same_hash(ty_tm *tm, ty_lang lang, uint64_t hash, ty__unit_row_fn fn,
                           void *user, ty_error *err)
{
    static const char *const sql[2] = {
        "SELECT id, ja, en, coalesce(ja_norm, ja), coalesce(en_norm, en), count FROM units"
        " WHERE ja_hash = $1 ORDER BY count DESC, id",
        "SELECT id, ja, en, coalesce(ja_norm, ja), coalesce(en_norm, en), count FROM units"
        " WHERE en_hash = $1 ORDER BY count DESC, id"};
    char h[32];
    const char *p[1] = {h};
    ty_status rc = TY_OK;
    PGresult *r;

    snprintf(h, sizeof h, "%lld", (long long)hash);
    if (!(r = ty__pg_run(tm, "reading the memory", sql[lang == TY_LANG_EN], 1, p, err)))
        return TY_ERR_POSTGRES;
    for (int i = 0; i < PQntuples(r) && rc == TY_OK; i++) {
        ty__unit_row u;
        unit_cells(r, i, 1, ty__pg_ll(r, i, 0), &u);
        u.count = ty__pg_ll(r, i, 5);
        rc = fn(user, &u, err);
    }
    PQclear(r);
    return rc;
}

/* The positions around each occurrence as an equality (k from -near to near) rather than a
 * BETWEEN on the outer row's position: the planner cannot size such a range and, at 1M units,
 * hashed the whole `units` table for the 16 rows (1.4 s a call); planned with the parameters
 * each time (not prepared), it walks occurrences_unit and the two primary keys. */
static const char sql_near[] =
    "SELECT * FROM (SELECT o.document, o.position, k.k, u.ja, u.en FROM occurrences o"
    " CROSS JOIN generate_series(-$2::bigint, $2::bigint) AS k(k)"
    " JOIN occurrences o2 ON o2.document = o.document AND o2.position = o.position + k.k"
    " JOIN units u ON u.id = o2.unit"
    " WHERE o.unit = $1 AND k.k <> 0"
    " AND NOT EXISTS (SELECT 1 FROM alignments a WHERE a.document = o.document)"
    /* a document with structure: its occurrences are at its beads' keys (tm.h), the
     * neighbours those at the $2 keys before and after */
    " UNION ALL SELECT o.document, o.position, o2.position - o.position, u.ja, u.en"
    " FROM occurrences o JOIN alignments a ON a.document = o.document"
    " CROSS JOIN LATERAL ((SELECT b.idx FROM beads b WHERE b.document = o.document"
    "  AND b.idx < o.position ORDER BY b.idx DESC LIMIT $2::bigint) UNION ALL"
    "  (SELECT b.idx FROM beads b WHERE b.document = o.document AND b.idx > o.position"
    "  ORDER BY b.idx LIMIT $2::bigint)) k(idx)"
    " JOIN occurrences o2 ON o2.document = o.document AND o2.position = k.idx"
    " JOIN units u ON u.id = o2.unit WHERE o.unit = $1) x ORDER BY 1, 2, 3";

ty_status ty__pg_neighbours(ty_tm *tm, long long id, int near, ty__near_row_fn fn, void *user,
                            ty_error *err)
{
    char ids[32], nears[16];
    const char *p[2] = {ids, nears};
    ty_status rc = TY_OK;
    PGresult *r;

    snprintf(ids, sizeof ids, "%lld", id);
    snprintf(nears, sizeof nears, "%d", near);
    if (!(r = ty__pg_run(tm, "reading a unit's neighbours", sql_near, 2, p, err)))
        return TY_ERR_POSTGRES;
    for (int i = 0; i < PQntuples(r) && rc == TY_OK; i++)
        rc = fn(user, ty__pg_ll(r, i, 0), ty__pg_ll(r, i, 1), ty__pg_ll(r, i, 2),
                PQgetvalue(r, i, 3), PQgetvalue(r, i, 4), err);
    PQclear(r);
    return rc;
}

ty_status ty__pg_id_range(ty_tm *tm, long long *lo, long long *hi, ty_error *err)
{
    PGresult *r = ty__pg_run(tm, "reading the units",
                             "SELECT coalesce(min(id), 0), coalesce(max(id), 0) FROM units", 0,
                             NULL, err);
    if (!r)
        return TY_ERR_POSTGRES;
    *lo = ty__pg_ll(r, 0, 0);
    *hi = ty__pg_ll(r, 0, 1);
    PQclear(r);
    return TY_OK;
}

ty_status ty__pg_units_from(ty_tm *tm, ty_lang lang, const long long *from, size_t n,
                            int (*fn)(void *user, size_t i, long long id, const char *text,
                                      size_t len),
                            void *user, ty_error *err)
{
    static const char *const sql[2] = {
        "SELECT f.i - 1, u.id, u.ja FROM unnest($1::bigint[]) WITH ORDINALITY AS f(t, i)"
        " CROSS JOIN LATERAL (SELECT id, ja FROM units WHERE id >= f.t ORDER BY id LIMIT 1) u"
        " ORDER BY f.i",
        "SELECT f.i - 1, u.id, u.en FROM unnest($1::bigint[]) WITH ORDINALITY AS f(t, i)"
        " CROSS JOIN LATERAL (SELECT id, en FROM units WHERE id >= f.t ORDER BY id LIMIT 1) u"
        " ORDER BY f.i"};
    char *ids = ty__pg_id_array(from, n);
    const char *p[1] = {ids};
    ty_status rc = TY_OK;
    PGresult *r;

    if (!ids)
        return ty__nomem(err);
    r = ty__pg_run(tm, "reading the units", sql[lang == TY_LANG_EN], 1, p, err);
    free(ids);
    if (!r)
        return TY_ERR_POSTGRES;
    for (int i = 0; i < PQntuples(r) && rc == TY_OK; i++)
        if (fn(user, (size_t)ty__pg_ll(r, i, 0), ty__pg_ll(r, i, 1), PQgetvalue(r, i, 2),
               (size_t)PQgetlength(r, i, 2)))
            rc = ty__nomem(err);
    PQclear(r);
    return rc;
}

typedef struct pair_read {
    int (*fn)(void *user, long long doc, long long unit);
    void *user;
    int stopped;
} pair_read;

static ty_status pair_row(void *user, const PGresult *r, int row, ty_error *err)
{
    pair_read *pr = user;
    int v = pr->fn(pr->user, ty__pg_ll(r, row, 0), ty__pg_ll(r, row, 1));

    if (v < 0)
        return ty__nomem(err);
    if (v > 0) {
        pr->stopped = 1;
        return TY_ERR_CONFLICT; /* stops the read; not an error (below) */
    }
    return TY_OK;
}

ty_status ty__pg_doc_units(ty_tm *tm, int (*fn)(void *user, long long doc, long long unit),
                           void *user, ty_error *err)
{
    pair_read pr = {fn, user, 0};
    ty_status rc = ty__pg_each(tm, "reading the occurrences",
                               "SELECT document, unit FROM occurrences"
                               " ORDER BY document DESC, unit",
                               0, NULL, CHECK_BATCH, pair_row, &pr, err);
    return pr.stopped ? TY_OK : rc;
}

/* Texts read a request. */
#define TEXTS_CHUNK 5000

ty_status ty__pg_texts_of(ty_tm *tm, ty_lang lang, const long long *ids, size_t n,
                          int (*fn)(void *user, size_t i, const char *text, size_t len),
                          void *user, ty_error *err)
{
    static const char *const sql[2] = {
        "SELECT x.i - 1, u.ja FROM unnest($1::bigint[]) WITH ORDINALITY AS x(id, i)"
        " JOIN units u ON u.id = x.id",
        "SELECT x.i - 1, u.en FROM unnest($1::bigint[]) WITH ORDINALITY AS x(id, i)"
        " JOIN units u ON u.id = x.id"};
    ty_status rc = TY_OK;

    for (size_t at = 0; at < n && rc == TY_OK; at += TEXTS_CHUNK) {
        size_t k = n - at < TEXTS_CHUNK ? n - at : TEXTS_CHUNK;
        char *arr = ty__pg_id_array(ids + at, k);
        const char *p[1] = {arr};
        PGresult *r;
        if (!arr)
            return ty__nomem(err);
        r = ty__pg_run(tm, "reading the units", sql[lang == TY_LANG_EN], 1, p, err);
        free(arr);
        if (!r)
            return TY_ERR_POSTGRES;
        for (int i = 0; i < PQntuples(r) && rc == TY_OK; i++)
            if (fn(user, at + (size_t)ty__pg_ll(r, i, 0), PQgetvalue(r, i, 1),
                   (size_t)PQgetlength(r, i, 1)))
                rc = ty__nomem(err);
        PQclear(r);
    }
    return rc;
}
