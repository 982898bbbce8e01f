/*
 * pg_store.c — an import into a memory in PostgreSQL. The units the shared code prepared
 * (store.c: normalized, hashed, measured) stream with COPY into a temporary table of the
 * import's transaction; the commit merges them in a few statements: identical pairs stored
 * once with a count (as the SQLite memory does), new units numbered in the order of their first
 * occurrence, provenance, the postings of the new units' trigrams (kept while staging,
 * grouped here in C, sent with COPY), trigram document frequencies, the document row. Writers
 * take one table lock (SHARE ROW EXCLUSIVE on documents) for the merge only, so concurrent
 * imports end as if run one after the other, and readers (ACCESS SHARE) are never blocked.
 * The first import into an empty memory (direct) takes that lock at its start instead, groups
 * the pairs itself and sends units, occurrences and texts to their tables while it reads (a
 * thread of pg_send.c), so that the server writes while the client parses; its readers see
 * the empty memory until the commit. A transaction the server aborts for a serialization
 * failure or a deadlock is merged again. It does not look anything up (pg_lookup.c).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/arena.h"
#include "base/error.h"
#include "base/sort.h"
#include "base/u64map.h"
#include "pg.h"

typedef struct cbuf { /* COPY data being made */
    char *buf;
    size_t n, cap;
} cbuf;

/* The tables an import into an empty memory writes while it reads (direct; pg_send.c). */
enum { T_UNITS, T_OCCURRENCES, T_NORM_JA, T_NORM_EN, T_COUNT };
static const char *const sql_direct[T_COUNT] = {
    "COPY units(id, ja_hash, en_hash, ja_len, en_len, confidence, shape, count, ja, en, "
    "ja_norm, en_norm) FROM STDIN",
    "COPY occurrences(document, position, unit, confidence, shape, tuid, props, ja_lang, "
    "en_lang) FROM STDIN",
    "COPY norm_ja(id, count, norm) FROM STDIN", "COPY norm_en(id, count, norm) FROM STDIN"};

/* A distinct pair of a direct import: unit base + its index. */
typedef struct direct_pair {
    uint64_t hash[2];
    const char *text; /* its ja, a NUL, its en */
    uint32_t next;    /* the previous unit of the same map key, or NO_UNIT */
    int64_t count;
    double conf; /* the highest confidence of its occurrences; < 0: none */
} direct_pair;
#define NO_UNIT UINT32_MAX

typedef struct pg_import {
    ty_tm *tm;
    char *name, *when;
    cbuf out; /* COPY data not yet sent */
    int copying;
    int32_t *grams; /* scratch: a side's trigrams */
    size_t ngrams, gcap;
    int gfailed;
    struct seen { /* scratch: a set of the side's trigrams, those of this stamp */
        int32_t gram;
        uint32_t stamp;
    } *seen;
    size_t seencap;
    uint32_t stamp;
    /* every staged unit's distinct trigrams per side, kept for the postings (merge) */
    int32_t *kept[2];
    size_t nkept[2], capkept[2];
    size_t *start[2];   /* unit i's trigrams: kept[l][start[l][i], start[l][i + 1]) */
    long long *pos;     /* unit i's position in the document (increasing) */
    int16_t *len[2];    /* unit i's ja_len, en_len, at most TY__PG_LEN_MAX (the postings') */
    size_t nstaged, capstaged;
    /* an import into an empty memory: each postings row's trigram and unit count, which
     * become the grams rows as they are (in the order of grams' primary key) */
    int keep_dfs;
    struct gram_df {
        int16_t lang;
        int32_t gram;
        int64_t df;
    } *dfs;
    size_t ndfs, capdfs;
    ty__pg_staged *structure; /* an aligned pair's sentences and beads (pg_structure.c) */
    long long *replaces; /* the documents the merge takes out (ty__pg_import_replace) */
    size_t nreplaces, capreplaces;
    /* direct: the memory was empty at the start and this import holds the writers' lock
     * from then on: it groups identical pairs itself and sends the units, occurrences and
     * texts to their tables while it reads (the sender's thread), numbered from base in the
     * document doc; the staged unit i is new unit i */
    int direct;
    long long doc, base;
    ty__pg_sender *sender;
    cbuf rows[T_COUNT];
    ty__u64map keys; /* mixed hashes of a pair -> its last unit of that key */
    direct_pair *units;
    size_t nunits, capunits, occurrences;
    ty__arena texts;
} pg_import;

#define COPY_CHUNK ((size_t)1 << 18)
#define BUCKET_BITS 11 /* a postings sort's buckets: a trigram's high bits */
#define BUCKETS ((size_t)1 << BUCKET_BITS)
#define LOW_BITS (UINT32_MAX >> BUCKET_BITS)
#define DIRECT_CHUNK ((size_t)1 << 20) /* a COPY statement's rows in a direct import */

static const char *const sql_begin =
    "BEGIN; SET LOCAL work_mem = '256MB'; SET LOCAL maintenance_work_mem = '256MB'";
static const char *const sql_stage =
    "CREATE TEMP TABLE stage(position bigint, ja text, en text, ja_norm text, en_norm text, "
    "ja_hash bigint, en_hash bigint, ja_len integer, en_len integer, confidence double "
    "precision, shape text, tuid text, props text, ja_lang text, en_lang text) ON COMMIT DROP";

static int grow(cbuf *b, size_t more)
{
    if (b->n + more <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : COPY_CHUNK * 2;
    while (cap < b->n + more)
        cap *= 2;
    char *v = realloc(b->buf, cap);
    if (!v)
        return -1;
    b->buf = v;
    b->cap = cap;
    return 0;
}

/* Append a COPY text field (escaped; NULL as \N) and its separator. */
static int field(cbuf *b, const char *s, size_t len, char sep)
{
    if (grow(b, 2 * len + 3) != 0)
        return -1;
    if (!s) {
        memcpy(b->buf + b->n, "\\N", 2);
        b->n += 2;
    } else
        for (size_t i = 0; i < len; i++) {
            char c = s[i], e = c == '\\' ? '\\' : c == '\t' ? 't' : c == '\n' ? 'n'
                                                  : c == '\r' ? 'r' : 0;
            if (e) {
                b->buf[b->n++] = '\\';
                b->buf[b->n++] = e;
            } else
                b->buf[b->n++] = c;
        }
    b->buf[b->n++] = sep;
    return 0;
}

static int field_str(cbuf *b, const char *s, char sep)
{
    return field(b, s, s ? strlen(s) : 0, sep);
}

static int field_num(cbuf *b, long long v, char sep)
{
    char t[32];
    return field(b, t, (size_t)snprintf(t, sizeof t, "%lld", v), sep);
}

static void add_gram(void *user, const char *gram, size_t len, uint64_t key)
{
    pg_import *p = user;
    (void)gram;
    (void)len;
    if (p->gfailed)
        return;
    if (p->ngrams == p->gcap) {
        size_t cap = p->gcap ? 2 * p->gcap : 256;
        int32_t *v = realloc(p->grams, cap * sizeof *v);
        if (!v) {
            p->gfailed = 1;
            return;
        }
        p->grams = v;
        p->gcap = cap;
    }
    p->grams[p->ngrams++] = ty__pg_gram(key);
}

/* Keep k trigrams as side l's of the unit being staged. */
static int keep_grams(pg_import *p, int l, const int32_t *g, size_t k)
{
    if (p->nkept[l] + k > p->capkept[l]) {
        size_t cap = p->capkept[l] ? p->capkept[l] : 1 << 16;
        int32_t *v;
        while (cap < p->nkept[l] + k)
            cap *= 2;
        if (!(v = realloc(p->kept[l], cap * sizeof *v)))
            return -1;
        p->kept[l] = v;
        p->capkept[l] = cap;
    }
    if (k) /* a text of fewer than three characters has none (and g may be NULL then) */
        memcpy(p->kept[l] + p->nkept[l], g, k * sizeof *g);
    p->nkept[l] += k;
    p->start[l][p->nstaged + 1] = p->nkept[l];
    return 0;
}

/* Room for one more staged unit's bookkeeping. */
static int stage_slot(pg_import *p, long long position)
{
    if (p->nstaged + 2 > p->capstaged) {
        size_t cap = p->capstaged ? 2 * p->capstaged : 4096;
        long long *pos = realloc(p->pos, cap * sizeof *pos);
        if (!pos)
            return -1;
        p->pos = pos;
        for (int l = 0; l < 2; l++) {
            int16_t *len = realloc(p->len[l], cap * sizeof *len);
            if (!len)
                return -1;
            p->len[l] = len;
            size_t *st = realloc(p->start[l], cap * sizeof *st);
            if (!st)
                return -1;
            p->start[l] = st;
            if (p->capstaged == 0)
                st[0] = 0;
        }
        p->capstaged = cap;
    }
    p->pos[p->nstaged] = position;
    return 0;
}

static int16_t posting_len(size_t len)
{
    return (int16_t)(len < TY__PG_LEN_MAX ? len : TY__PG_LEN_MAX);
}

/* Keep the distinct trigrams of a normalized text (side l) for the postings, in the order
 * of their first occurrence (the postings sort them): a hash set, where sorting the few
 * trigrams of each text took a tenth of the client's CPU. */
static int add_grams(pg_import *p, int l, const char *norm, size_t len)
{
    size_t k = 0, need = 64, mask;

    p->ngrams = 0;
    ty__tm_trigrams(norm, len, add_gram, p);
    if (p->gfailed)
        return -1;
    while (need < 2 * p->ngrams)
        need *= 2;
    if (need > p->seencap) {
        free(p->seen);
        p->seencap = 0;
        if (!(p->seen = calloc(need, sizeof *p->seen)))
            return -1;
        p->seencap = need;
        p->stamp = 0;
    }
    if (++p->stamp == 0) { /* wrapped: no slot may hold the new stamp */
        memset(p->seen, 0, p->seencap * sizeof *p->seen);
        p->stamp = 1;
    }
    mask = p->seencap - 1;
    for (size_t i = 0; i < p->ngrams; i++) {
        int32_t g = p->grams[i];
        size_t h = ((uint32_t)g * 0x9e3779b1u) & mask;
        while (p->seen[h].stamp == p->stamp && p->seen[h].gram != g)
            h = (h + 1) & mask;
        if (p->seen[h].stamp != p->stamp) {
            p->seen[h].gram = g;
            p->seen[h].stamp = p->stamp;
            p->grams[k++] = g;
        }
    }
    return keep_grams(p, l, p->grams, k);
}

static void import_free(pg_import *p)
{
    free(p->name);
    free(p->when);
    free(p->out.buf);
    free(p->grams);
    free(p->seen);
    for (int l = 0; l < 2; l++) {
        free(p->kept[l]);
        free(p->start[l]);
        free(p->len[l]);
    }
    free(p->pos);
    free(p->dfs);
    ty__pg_staged_free(p->structure);
    free(p->replaces);
    for (int t = 0; t < T_COUNT; t++)
        free(p->rows[t].buf);
    ty__u64map_free(&p->keys);
    free(p->units);
    ty__arena_clear(&p->texts);
    free(p);
}

static void rollback(pg_import *p)
{
    PGconn *c = ty__pg_conn(p->tm);

    if (p->sender) {
        ty__pg_sender_finish(p->sender, 1, NULL);
        p->sender = NULL;
    }
    if (p->copying) {
        PQputCopyEnd(c, "import abandoned");
        PQclear(PQgetResult(c));
        p->copying = 0;
    }
    PQclear(PQexec(c, "ROLLBACK"));
}

void ty__pg_import_abort(void *imp)
{
    if (!imp)
        return;
    rollback(imp);
    import_free(imp);
}

/* Whether the memory is empty (no units, no trigram counts), the next document id and the
 * next unit id (past those a removal retired). */
static const char *const sql_numbering =
    "SELECT greatest((SELECT coalesce(max(id), 0) FROM documents), (SELECT coalesce(max(last), "
    "0) FROM retired WHERE what = 'document')) + 1, greatest((SELECT coalesce(max(id), 0) "
    "FROM units), (SELECT coalesce(max(last), 0) FROM retired WHERE what = 'unit')) + 1, "
    "NOT EXISTS (SELECT 1 FROM units) AND NOT EXISTS (SELECT 1 FROM grams)";

/* In the import's transaction: when the memory is empty, take the writers' lock and, if it is
 * still empty under it, start a direct import (p->direct); else leave the lock (the merge
 * takes it). */
static ty_status try_direct(pg_import *p, ty_error *err)
{
    static const char what[] = "starting the import";
    ty_tm *tm = p->tm;
    PGresult *r;
    int empty;

    if (!(r = ty__pg_run(tm, what, sql_numbering, 0, NULL, err)))
        return TY_ERR_POSTGRES;
    empty = strcmp(PQgetvalue(r, 0, 2), "t") == 0;
    PQclear(r);
    if (!empty)
        return TY_OK;
    /* writers one at a time from here to the commit; readers go on */
    if (ty__pg_exec(tm, what, "SAVEPOINT direct; LOCK TABLE documents IN SHARE ROW EXCLUSIVE MODE",
                    err) != TY_OK)
        return TY_ERR_POSTGRES;
    if (!(r = ty__pg_run(tm, what, sql_numbering, 0, NULL, err)))
        return TY_ERR_POSTGRES;
    p->doc = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
    p->base = strtoll(PQgetvalue(r, 0, 1), NULL, 10);
    empty = strcmp(PQgetvalue(r, 0, 2), "t") == 0;
    PQclear(r);
    if (!empty) /* another import filled it meanwhile: its lock goes with the savepoint */
        return ty__pg_exec(tm, what, "ROLLBACK TO SAVEPOINT direct", err);
    if (!(p->sender = ty__pg_sender_start(ty__pg_conn(tm), sql_direct)))
        return ty__nomem(err);
    p->direct = 1;
    return TY_OK;
}

ty_status ty__pg_import_begin(ty_tm *tm, const char *name, const char *when, void **imp,
                              ty_error *err)
{
    PGconn *c = ty__pg_conn(tm);
    pg_import *p = calloc(1, sizeof *p);
    PGresult *r;
    ty_status rc;

    *imp = NULL;
    if (!p || !(p->name = strdup(name)) || !(p->when = strdup(when))) {
        if (p)
            import_free(p);
        return ty__nomem(err);
    }
    p->tm = tm;
    if ((rc = ty__pg_exec(tm, "starting the import", sql_begin, err)) != TY_OK ||
        (rc = try_direct(p, err)) != TY_OK) {
        PQclear(PQexec(c, "ROLLBACK"));
        import_free(p);
        return rc;
    }
    if (p->direct) {
        *imp = p;
        return TY_OK;
    }
    r = PQexec(c, sql_stage);
    if (PQresultStatus(r) == PGRES_COMMAND_OK) {
        PQclear(r);
        r = PQexec(c, "COPY stage FROM STDIN");
    }
    if (PQresultStatus(r) != PGRES_COPY_IN) {
        rc = ty__pg_fail(tm, r, "starting the import", err);
        PQclear(r);
        PQclear(PQexec(c, "ROLLBACK"));
        import_free(p);
        return rc;
    }
    PQclear(r);
    p->copying = 1;
    *imp = p;
    return TY_OK;
}

static ty_status send(pg_import *p, ty_error *err)
{
    if (p->out.n && PQputCopyData(ty__pg_conn(p->tm), p->out.buf, (int)p->out.n) != 1)
        return ty__pg_fail(p->tm, NULL, "the import was rolled back", err);
    p->out.n = 0;
    return TY_OK;
}

/* The sender failed: its message in err, the sender gone (the caller rolls back). */
static ty_status sender_failed(pg_import *p, ty_error *err)
{
    PGresult *r = NULL;
    ty_status rc;

    ty__pg_sender_finish(p->sender, 1, &r);
    p->sender = NULL;
    rc = ty__pg_fail(p->tm, r, "the import was rolled back", err);
    PQclear(r);
    return rc;
}

/* Hand direct table t's rows to the sender once they make a chunk (all of them: force). */
static ty_status direct_send(pg_import *p, int t, int force, ty_error *err)
{
    cbuf *b = &p->rows[t];
    int failed;

    if (!b->n || (!force && b->n < DIRECT_CHUNK))
        return TY_OK;
    failed = ty__pg_sender_put(p->sender, t, b->buf, b->n) != 0;
    b->buf = NULL;
    b->n = b->cap = 0;
    return failed ? sender_failed(p, err) : TY_OK;
}

/* A unit of a direct import: a new pair's unit and texts, and its occurrence, as COPY rows.
 * Pairs are the same when their hashes and texts are (the staged merge's grouping). */
static ty_status direct_stage(pg_import *p, const ty__stage_unit *s, const char *conf,
                             const char *ja_norm, const char *en_norm, ty_error *err)
{
    const ty_unit *u = s->unit;
    size_t jl = strlen(u->ja), el = strlen(u->en);
    int created;
    uint32_t *slot = ty__u64map_insert(&p->keys, ty__mix64(s->hash[0] ^ ty__mix64(s->hash[1])),
                                       NO_UNIT, &created);
    uint32_t k = slot ? *slot : NO_UNIT;
    cbuf *o = &p->rows[T_OCCURRENCES];

    if (!slot)
        return ty__nomem(err);
    for (; k != NO_UNIT; k = p->units[k].next)
        if (p->units[k].hash[0] == s->hash[0] && p->units[k].hash[1] == s->hash[1] &&
            !strcmp(p->units[k].text, u->ja) && !strcmp(p->units[k].text + jl + 1, u->en))
            break;
    if (k != NO_UNIT) {
        p->units[k].count++;
        if (u->confidence > p->units[k].conf)
            p->units[k].conf = u->confidence;
    } else {
        void *v = p->units;
        long long id = p->base + (long long)p->nunits;
        cbuf *b = &p->rows[T_UNITS];
        char *text;
        if (p->nunits >= NO_UNIT || ty__grow(&v, &p->capunits, p->nunits + 1, sizeof *p->units))
            return ty__nomem(err);
        p->units = v;
        if (!(text = ty__arena_alloc(&p->texts, jl + el + 2)))
            return ty__nomem(err);
        memcpy(text, u->ja, jl + 1);
        memcpy(text + jl + 1, u->en, el + 1);
        k = (uint32_t)p->nunits++;
        p->units[k] = (direct_pair){{s->hash[0], s->hash[1]}, text, *slot, 1, u->confidence};
        *slot = k;
        if (stage_slot(p, (long long)s->position) != 0)
            return ty__nomem(err);
        p->len[0][p->nstaged] = posting_len(s->ja_len);
        p->len[1][p->nstaged] = posting_len(s->en_len);
        if (field_num(b, id, '\t') || field_num(b, (long long)s->hash[0], '\t') ||
            field_num(b, (long long)s->hash[1], '\t') || field_num(b, (long long)s->ja_len, '\t') ||
            field_num(b, (long long)s->en_len, '\t') || field_str(b, conf, '\t') ||
            field_str(b, u->shape, '\t') || field_num(b, 1, '\t') || field(b, u->ja, jl, '\t') ||
            field(b, u->en, el, '\t') || field_str(b, ja_norm, '\t') ||
            field_str(b, en_norm, '\n') || field_num(&p->rows[T_NORM_JA], id, '\t') ||
            field_num(&p->rows[T_NORM_JA], 1, '\t') ||
            field(&p->rows[T_NORM_JA], s->norm[0], s->norm_len[0], '\n') ||
            field_num(&p->rows[T_NORM_EN], id, '\t') || field_num(&p->rows[T_NORM_EN], 1, '\t') ||
            field(&p->rows[T_NORM_EN], s->norm[1], s->norm_len[1], '\n') ||
            add_grams(p, 0, s->norm[0], s->norm_len[0]) ||
            add_grams(p, 1, s->norm[1], s->norm_len[1]))
            return ty__nomem(err);
        p->nstaged++;
    }
    if (field_num(o, p->doc, '\t') || field_num(o, (long long)s->position, '\t') ||
        field_num(o, p->base + (long long)k, '\t') || field_str(o, conf, '\t') ||
        field_str(o, u->shape, '\t') || field_str(o, u->id, '\t') || field_str(o, s->props, '\t') ||
        field_str(o, s->ja_lang, '\t') || field_str(o, s->en_lang, '\n'))
        return ty__nomem(err);
    p->occurrences++;
    for (int t = 0; t < T_COUNT; t++) {
        ty_status rc = direct_send(p, t, 0, err);
        if (rc != TY_OK)
            return rc;
    }
    return TY_OK;
}

ty_status ty__pg_import_unit(void *imp, const ty__stage_unit *s, ty_error *err)
{
    pg_import *p = imp;
    const ty_unit *u = s->unit;
    const char *ja_norm = strcmp(s->norm[0], u->ja) ? s->norm[0] : NULL;
    const char *en_norm = strcmp(s->norm[1], u->en) ? s->norm[1] : NULL;
    char conf[40];
    cbuf *b = &p->out;

    snprintf(conf, sizeof conf, "%.17g", u->confidence);
    if (p->direct)
        return direct_stage(p, s, u->confidence < 0 ? NULL : conf, ja_norm, en_norm, err);
    if (stage_slot(p, (long long)s->position) != 0)
        return ty__nomem(err);
    p->len[0][p->nstaged] = posting_len(s->ja_len);
    p->len[1][p->nstaged] = posting_len(s->en_len);
    if (field_num(b, (long long)s->position, '\t') || field_str(b, u->ja, '\t') ||
        field_str(b, u->en, '\t') || field_str(b, ja_norm, '\t') || field_str(b, en_norm, '\t') ||
        field_num(b, (long long)s->hash[0], '\t') || field_num(b, (long long)s->hash[1], '\t') ||
        field_num(b, (long long)s->ja_len, '\t') || field_num(b, (long long)s->en_len, '\t') ||
        field_str(b, u->confidence < 0 ? NULL : conf, '\t') || field_str(b, u->shape, '\t') ||
        field_str(b, u->id, '\t') || field_str(b, s->props, '\t') ||
        field_str(b, s->ja_lang, '\t') || field_str(b, s->en_lang, '\n') ||
        add_grams(p, 0, s->norm[0], s->norm_len[0]) || add_grams(p, 1, s->norm[1], s->norm_len[1]))
        return ty__nomem(err);
    p->nstaged++;
    return p->out.n >= COPY_CHUNK ? send(p, err) : TY_OK;
}

ty_status ty__pg_import_structure(void *imp, const ty_doc *ja, const ty_doc *en,
                                  const ty_alignment *al, ty_error *err)
{
    pg_import *p = imp;
    ty__pg_staged_free(p->structure);
    p->structure = NULL;
    return ty__pg_staged_new(ja, en, al, &p->structure, err);
}

/* The merge, in the import's transaction ($1 document id, $2 first new unit id). */
static const char *const sql_pairs =
    "CREATE TEMP TABLE pairs ON COMMIT DROP AS "
    "WITH g AS (SELECT min(position) AS first, ja_hash, en_hash, ja, en, count(*) AS n, "
    "max(confidence) AS conf FROM stage GROUP BY ja_hash, en_hash, ja, en) "
    "SELECT g.first, g.ja_hash, g.en_hash, g.ja, g.en, g.n, g.conf, u.id IS NULL AS new, "
    "coalesce(u.id, $1::bigint - 1 + row_number() OVER (PARTITION BY u.id IS NULL "
    "ORDER BY g.first)) AS unit "
    "FROM g LEFT JOIN units u ON u.ja_hash = g.ja_hash AND u.en_hash = g.en_hash "
    "AND u.ja = g.ja AND u.en = g.en";
static const char *const sql_merge[] = {
    "INSERT INTO units(id, ja_hash, en_hash, ja_len, en_len, confidence, shape, count, ja, en, "
    "ja_norm, en_norm) SELECT p.unit, s.ja_hash, s.en_hash, s.ja_len, s.en_len, p.conf, "
    "s.shape, p.n, s.ja, s.en, s.ja_norm, s.en_norm FROM pairs p JOIN stage s ON s.position = "
    "p.first WHERE p.new ORDER BY p.unit",
    "UPDATE units u SET count = u.count + p.n, confidence = CASE WHEN p.conf IS NULL THEN "
    "u.confidence WHEN u.confidence IS NULL OR p.conf > u.confidence THEN p.conf ELSE "
    "u.confidence END FROM pairs p WHERE NOT p.new AND u.id = p.unit",
    "INSERT INTO occurrences(document, position, unit, confidence, shape, tuid, props, "
    "ja_lang, en_lang) SELECT $1::bigint, s.position, p.unit, s.confidence, s.shape, s.tuid, "
    "s.props, s.ja_lang, s.en_lang FROM stage s JOIN pairs p ON p.ja_hash = s.ja_hash AND "
    "p.en_hash = s.en_hash AND p.ja = s.ja AND p.en = s.en ORDER BY s.position",
    /* this import's rows: those whose first id is a new unit's ($1: the first new id) */
    "INSERT INTO grams(lang, gram, df) SELECT lang, gram, length(entries) / " TY__PG_ENTRY_S
    " FROM postings WHERE first >= $1::bigint ORDER BY lang, gram ON CONFLICT (lang, gram) DO "
    "UPDATE SET df = grams.df + excluded.df",
    /* the narrow copies lookups read (pg.h), from the new units just stored ($1: the first
     * new id; no writer adds units meanwhile) */
    "INSERT INTO norm_ja(id, count, norm) SELECT id, count, coalesce(ja_norm, ja) FROM units "
    "WHERE id >= $1::bigint ORDER BY id",
    "INSERT INTO norm_en(id, count, norm) SELECT id, count, coalesce(en_norm, en) FROM units "
    "WHERE id >= $1::bigint ORDER BY id",
    "UPDATE norm_ja n SET count = n.count + p.n FROM pairs p WHERE NOT p.new AND n.id = p.unit",
    "UPDATE norm_en n SET count = n.count + p.n FROM pairs p WHERE NOT p.new AND n.id = p.unit",
};

/* The staged unit at `position` (p->pos increases), or -1. */
static long long staged_at(const pg_import *p, long long position)
{
    size_t lo = 0, hi = p->nstaged;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (p->pos[mid] < position)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < p->nstaged && p->pos[lo] == position ? (long long)lo : -1;
}

/* Append v big-endian in `bytes` bytes (room made by the caller). */
static void put_be(pg_import *p, uint64_t v, int bytes)
{
    for (int b = 8 * (bytes - 1); b >= 0; b -= 8)
        p->out.buf[p->out.n++] = (char)(v >> b & 0xff);
}

static int keep_df(pg_import *p, int l, int32_t gram, int64_t df)
{
    void *v = p->dfs;

    if (ty__grow(&v, &p->capdfs, p->ndfs + 1, sizeof *p->dfs) != 0)
        return -1;
    p->dfs = v;
    p->dfs[p->ndfs].lang = (int16_t)l;
    p->dfs[p->ndfs].gram = gram;
    p->dfs[p->ndfs++].df = df;
    return 0;
}

/* Start a binary COPY (sql): the signature, flags and header extension length in the
 * buffer. */
static ty_status copy_begin(pg_import *p, const char *sql, const char *what, ty_error *err)
{
    PGresult *r = PQexec(ty__pg_conn(p->tm), sql);
    ty_status rc = TY_OK;

    if (PQresultStatus(r) != PGRES_COPY_IN)
        rc = ty__pg_fail(p->tm, r, what, err);
    PQclear(r);
    if (rc != TY_OK)
        return rc;
    p->out.n = 0;
    p->copying = 1;
    if (grow(&p->out, 19) != 0)
        return ty__nomem(err);
    memcpy(p->out.buf, "PGCOPY\n\377\r\n\0", 11);
    p->out.n = 11;
    put_be(p, 0, 4);
    put_be(p, 0, 4);
    return TY_OK;
}

/* End the binary COPY copy_begin started: its trailer when rc is TY_OK, else abandoned. */
static ty_status copy_end(pg_import *p, ty_status rc, const char *what, ty_error *err)
{
    PGconn *c = ty__pg_conn(p->tm);
    PGresult *r;

    if (!p->copying) /* copy_begin failed */
        return rc;
    if (rc == TY_OK && grow(&p->out, 2) != 0)
        rc = ty__nomem(err);
    if (rc == TY_OK) {
        put_be(p, 0xffff, 2); /* the trailer: a field count of -1 */
        rc = send(p, err);
    }
    p->copying = 0;
    if (PQputCopyEnd(c, rc == TY_OK ? NULL : "import failed") != 1 && rc == TY_OK)
        rc = ty__pg_fail(p->tm, NULL, what, err);
    r = PQgetResult(c);
    if (rc == TY_OK && PQresultStatus(r) != PGRES_COMMAND_OK)
        rc = ty__pg_fail(p->tm, r, what, err);
    PQclear(r);
    while ((r = PQgetResult(c)))
        PQclear(r);
    return rc;
}

/* The grams rows of an import into an empty memory: the postings rows' counts, kept while
 * copy_side sent them. */
static ty_status copy_dfs(pg_import *p, ty_error *err)
{
    static const char what[] = "the import was rolled back: counting trigrams";
    ty_status rc = copy_begin(p, "COPY grams(lang, gram, df) FROM STDIN (FORMAT binary)", what,
                              err);

    for (size_t i = 0; i < p->ndfs && rc == TY_OK; i++) {
        if (grow(&p->out, 32) != 0) {
            rc = ty__nomem(err);
            break;
        }
        put_be(p, 3, 2);
        put_be(p, 2, 4);
        put_be(p, (uint64_t)p->dfs[i].lang, 2);
        put_be(p, 4, 4);
        put_be(p, (uint32_t)p->dfs[i].gram, 4);
        put_be(p, 8, 4);
        put_be(p, (uint64_t)p->dfs[i].df, 8);
        if (p->out.n >= COPY_CHUNK)
            rc = send(p, err);
    }
    return copy_end(p, rc, what, err);
}

/* Side l's postings of the new units (unit base + i is staged unit at[i]) as rows of a binary
 * COPY, one per trigram: lang, trigram, first id, entries (pg.h), each field its length
 * first. Binary: the server neither scans the entries for delimiters nor decodes hex, and
 * half the bytes cross the socket. */
static ty_status copy_side(pg_import *p, int l, const size_t *at, size_t n, long long base,
                           ty_error *err)
{
    size_t total = 0, *bucket = calloc(BUCKETS + 1, sizeof *bucket);
    uint64_t *keys;
    ty_status rc = TY_OK;

    /* the keys (trigram as an unsigned order of the int4, unit), sorted: a counting pass and
     * a scatter by the trigram's high bits (the units stay in order), then each bucket's
     * few keys sorted by the low bits (a sort of them all took a third of the client's
     * CPU) */
    for (size_t i = 0; bucket && i < n; i++)
        for (size_t j = p->start[l][at[i]]; j < p->start[l][at[i] + 1]; j++)
            bucket[((uint32_t)p->kept[l][j] ^ 0x80000000u) >> (32 - BUCKET_BITS)]++;
    for (size_t b = 0; bucket && b < BUCKETS; b++) {
        size_t c = bucket[b];
        bucket[b] = total;
        total += c;
    }
    if (!bucket || !(keys = malloc((total ? total : 1) * sizeof *keys))) {
        free(bucket);
        return ty__nomem(err);
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = p->start[l][at[i]]; j < p->start[l][at[i] + 1]; j++) {
            uint32_t g = (uint32_t)p->kept[l][j] ^ 0x80000000u;
            keys[bucket[g >> (32 - BUCKET_BITS)]++] = (uint64_t)(g & LOW_BITS) << 32 | (uint32_t)i;
        }
    for (size_t b = 0, from = 0; b < BUCKETS; from = bucket[b++]) {
        ty__sort_u64(keys + from, bucket[b] - from);
        for (size_t i = from; i < bucket[b]; i++)
            keys[i] |= (uint64_t)b << (64 - BUCKET_BITS);
    }
    free(bucket);
    for (size_t i = 0; i < total && rc == TY_OK;) {
        uint32_t g = (uint32_t)(keys[i] >> 32);
        size_t j = i;
        while (j < total && (uint32_t)(keys[j] >> 32) == g)
            j++;
        /* the field count, then each field's length and value: 2 + 6 + 8 + 12 + 4 bytes
         * before the entries */
        if (grow(&p->out, 32 + (j - i) * TY__PG_ENTRY) != 0) {
            rc = ty__nomem(err);
            break;
        }
        put_be(p, 4, 2);
        put_be(p, 2, 4);
        put_be(p, (uint64_t)l, 2);
        put_be(p, 4, 4);
        put_be(p, g ^ 0x80000000u, 4);
        put_be(p, 8, 4);
        put_be(p, (uint64_t)(base + (long long)(uint32_t)keys[i]), 8);
        put_be(p, (j - i) * TY__PG_ENTRY, 4);
        if (p->keep_dfs && keep_df(p, l, (int32_t)(g ^ 0x80000000u), (int64_t)(j - i)) != 0) {
            rc = ty__nomem(err);
            break;
        }
        for (; i < j; i++) {
            put_be(p, (uint32_t)(base + (long long)(uint32_t)keys[i]), 4);
            put_be(p, (uint16_t)p->len[l][at[(uint32_t)keys[i]]], 2);
        }
        if (p->out.n >= COPY_CHUNK)
            rc = send(p, err);
    }
    free(keys);
    return rc;
}

/* This import's postings: the trigrams of its new units, grouped by trigram in C and sent
 * with COPY (grouping them in SQL took most of an import's time). */
static ty_status postings(pg_import *p, long long base, ty_error *err)
{
    PGconn *c = ty__pg_conn(p->tm);
    /* a direct import's new units are its staged ones */
    PGresult *r = p->direct ? NULL : PQexec(c, "SELECT first FROM pairs WHERE new ORDER BY unit");
    size_t n, *at = NULL;
    ty_status rc = TY_OK;

    if (!p->direct && PQresultStatus(r) != PGRES_TUPLES_OK) {
        rc = ty__pg_fail(p->tm, r, "the import was rolled back: indexing", err);
        PQclear(r);
        return rc;
    }
    n = p->direct ? p->nunits : (size_t)PQntuples(r);
    if (!(at = malloc((n ? n : 1) * sizeof *at))) {
        PQclear(r);
        return ty__nomem(err);
    }
    for (size_t i = 0; i < n && rc == TY_OK; i++) {
        long long k = p->direct ? (long long)i : staged_at(p, strtoll(PQgetvalue(r, (int)i, 0), NULL, 10));
        if (k < 0)
            rc = ty__fail(err, TY_ERR_INTERNAL, p->tm->path, -1, -1,
                          "the import was rolled back: a new unit is not among those staged");
        else
            at[i] = (size_t)k;
    }
    PQclear(r);
    if (rc == TY_OK) {
        static const char what[] = "the import was rolled back: indexing";
        rc = copy_begin(p, "COPY postings(lang, gram, first, entries) FROM STDIN (FORMAT binary)",
                        what, err);
        for (int l = 0; l < 2 && rc == TY_OK; l++)
            rc = copy_side(p, l, at, n, base, err);
        rc = copy_end(p, rc, what, err);
    }
    free(at);
    return rc;
}

static long long one_ll(const PGresult *r)
{
    return strtoll(PQgetvalue(r, 0, 0), NULL, 10);
}

/* A direct import's units that occur more than once: their count and highest confidence
 * (sent as 1 and the first occurrence's) set in units, norm_ja and norm_en. */
static ty_status direct_counts(pg_import *p, ty_error *err)
{
    static const char what[] = "the import was rolled back: counting the units";
    static const char *const sql[] = {
        "UPDATE units u SET count = f.n, confidence = f.conf FROM fix f WHERE u.id = f.id",
        "UPDATE norm_ja t SET count = f.n FROM fix f WHERE t.id = f.id",
        "UPDATE norm_en t SET count = f.n FROM fix f WHERE t.id = f.id"};
    ty_status rc = ty__pg_exec(p->tm, what,
                               "CREATE TEMP TABLE fix(id bigint, n bigint, conf double "
                               "precision) ON COMMIT DROP",
                               err);

    if (rc != TY_OK)
        return rc;
    rc = copy_begin(p, "COPY fix FROM STDIN (FORMAT binary)", what, err);
    for (size_t k = 0; k < p->nunits && rc == TY_OK; k++) {
        const direct_pair *d = &p->units[k];
        uint64_t bits;
        if (d->count == 1)
            continue;
        if (grow(&p->out, 40) != 0) {
            rc = ty__nomem(err);
            break;
        }
        put_be(p, 3, 2);
        put_be(p, 8, 4);
        put_be(p, (uint64_t)(p->base + (long long)k), 8);
        put_be(p, 8, 4);
        put_be(p, (uint64_t)d->count, 8);
        if (d->conf < 0)
            put_be(p, 0xffffffffu, 4); /* NULL */
        else {
            memcpy(&bits, &d->conf, sizeof bits);
            put_be(p, 8, 4);
            put_be(p, bits, 8);
        }
        if (p->out.n >= COPY_CHUNK)
            rc = send(p, err);
    }
    rc = copy_end(p, rc, what, err);
    for (size_t i = 0; i < sizeof sql / sizeof sql[0] && rc == TY_OK; i++)
        rc = ty__pg_exec(p->tm, what, sql[i], err);
    return rc;
}

/* One attempt at the merge, ending with COMMIT. *retry: the server aborted it for a
 * serialization failure or a deadlock (then the transaction is rolled back). *already: a
 * document with this content is there (its id in stats->document). */
static ty_status merge(pg_import *p, const char *hex, const char *ja_lang, const char *en_lang,
                       ty_tm_import_stats *stats, int *retry, ty_error *err)
{
    ty_tm *tm = p->tm;
    PGconn *c = ty__pg_conn(tm);
    char doc[32], base[32], units[32];
    const char *dp[7];
    PGresult *r = NULL;
    long long added = 0, total = 0;
    int empty;
    ty_status rc = TY_OK;

    *retry = 0;
#define RUN(what, sql, n, params)                                                              \
    do {                                                                                       \
        PQclear(r);                                                                            \
        r = PQexecParams(c, sql, n, NULL, params, NULL, NULL, 0);                              \
        if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK) {    \
            *retry = ty__pg_retryable(r);                                                      \
            rc = ty__pg_fail(tm, r, "the import was rolled back: " what, err);                 \
            goto done;                                                                         \
        }                                                                                      \
    } while (0)
    /* writers one at a time from here to the commit; readers go on */
    RUN("waiting for other writers", "LOCK TABLE documents IN SHARE ROW EXCLUSIVE MODE", 0, NULL);
    dp[0] = hex;
    RUN("reading documents", "SELECT id FROM documents WHERE hash = $1", 1, dp);
    if (PQntuples(r) > 0) {
        stats->document = one_ll(r);
        stats->already = 1;
        stats->added = stats->merged = stats->one_sided = 0;
        PQclear(r);
        PQclear(PQexec(c, "ROLLBACK"));
        return TY_OK;
    }
    if (p->direct) { /* the units, occurrences and texts are there: their counts, postings */
        snprintf(doc, sizeof doc, "%lld", p->doc);
        added = (long long)p->nunits;
        total = (long long)p->occurrences;
        p->keep_dfs = 1;
        p->ndfs = 0;
        if ((rc = direct_counts(p, err)) != TY_OK)
            goto done;
        /* the pairs are counted: their map and texts make room for the postings' keys */
        ty__u64map_free(&p->keys);
        ty__arena_clear(&p->texts);
        free(p->units);
        p->units = NULL;
        if ((rc = postings(p, p->base, err)) != TY_OK || (rc = copy_dfs(p, err)) != TY_OK)
            goto done;
    } else {
        RUN("numbering", sql_numbering, 0, NULL);
        snprintf(doc, sizeof doc, "%s", PQgetvalue(r, 0, 0));
        snprintf(base, sizeof base, "%s", PQgetvalue(r, 0, 1));
        empty = strcmp(PQgetvalue(r, 0, 2), "t") == 0;
        dp[0] = base;
        RUN("grouping identical pairs", sql_pairs, 1, dp);
        RUN("counting", "SELECT count(*) FILTER (WHERE new), sum(n) FROM pairs", 0, NULL);
        added = one_ll(r);
        total = PQgetisnull(r, 0, 1) ? 0 : strtoll(PQgetvalue(r, 0, 1), NULL, 10);
        dp[0] = doc, dp[1] = base;
        p->keep_dfs = empty;
        p->ndfs = 0;
        for (size_t i = 0; i < sizeof sql_merge / sizeof sql_merge[0]; i++) {
            if (i == 3 && (rc = postings(p, strtoll(base, NULL, 10), err)) != TY_OK)
                goto done;
            if (i == 3 && p->keep_dfs) { /* an empty memory: the postings' counts are the grams */
                if ((rc = copy_dfs(p, err)) != TY_OK)
                    goto done;
                continue;
            }
            /* $1: the document (provenance), the first new id (postings, norm_ja, norm_en) */
            RUN("storing the units", sql_merge[i], i >= 2 && i <= 5 ? 1 : 0, i >= 3 ? dp + 1 : dp);
        }
    }
    snprintf(units, sizeof units, "%lld", total);
    dp[0] = doc, dp[1] = p->name, dp[2] = hex, dp[3] = ja_lang, dp[4] = en_lang;
    dp[5] = p->when, dp[6] = units;
    RUN("recording the document",
        "INSERT INTO documents(id, name, hash, ja_lang, en_lang, imported_at, units) "
        "VALUES($1, $2, $3, $4, $5, $6, $7)",
        7, dp);
    if (p->structure && (rc = ty__pg_staged_write(tm, doc, p->structure, err)) != TY_OK)
        goto done;
    /* the documents it replaces, in the same transaction: readers see them or the new one */
    for (size_t i = 0; i < p->nreplaces; i++)
        if ((rc = ty__pg_remove_in(tm, p->replaces[i],
                                   "the import was rolled back: removing the document it "
                                   "replaces",
                                   NULL, err)) != TY_OK) {
            *retry = ((const ty__pg *)tm->be_data)->retry;
            goto done;
        }
    RUN("committing", "COMMIT", 0, NULL);
    stats->replaced = p->nreplaces;
    stats->document = strtoll(doc, NULL, 10);
    stats->added = (size_t)added;
    stats->merged = (size_t)(total - added);
done:
    PQclear(r);
    *retry &= !p->direct; /* a direct import has no staged units to merge again */
    if (rc != TY_OK) /* a retry starts again from the staged units */
        PQclear(PQexec(c, *retry ? "ROLLBACK TO SAVEPOINT staged" : "ROLLBACK"));
    return rc;
#undef RUN
}

ty_status ty__pg_import_replace(void *imp, long long doc, ty_error *err)
{
    pg_import *p = imp;

    if (ty__grow((void **)&p->replaces, &p->capreplaces, p->nreplaces + 1,
                 sizeof *p->replaces) != 0)
        return ty__nomem(err);
    p->replaces[p->nreplaces++] = doc;
    return TY_OK;
}

ty_status ty__pg_import_commit(void *imp, const char *hex, const char *ja_lang,
                               const char *en_lang, ty_tm_import_stats *stats, ty_error *err)
{
    pg_import *p = imp;
    PGconn *c = ty__pg_conn(p->tm);
    PGresult *r;
    ty_status rc;
    int retry = 0;

    if (p->direct) {
        for (int t = 0; t < T_COUNT; t++)
            if ((rc = direct_send(p, t, 1, err)) != TY_OK)
                goto fail;
        r = NULL;
        if (ty__pg_sender_finish(p->sender, 0, &r) != 0) {
            p->sender = NULL;
            rc = ty__pg_fail(p->tm, r, "the import was rolled back", err);
            PQclear(r);
            goto fail;
        }
        p->sender = NULL;
        rc = merge(p, hex, ja_lang, en_lang, stats, &retry, err);
        import_free(p);
        return rc;
    }
    if ((rc = send(p, err)) != TY_OK)
        goto fail;
    p->copying = 0;
    if (PQputCopyEnd(c, NULL) != 1) {
        rc = ty__pg_fail(p->tm, NULL, "the import was rolled back", err);
        goto fail;
    }
    r = PQgetResult(c);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        rc = ty__pg_fail(p->tm, r, "the import was rolled back", err);
        PQclear(r);
        goto fail;
    }
    PQclear(r);
    while ((r = PQgetResult(c)))
        PQclear(r);
    /* a retried merge runs from a savepoint that keeps the staged units */
    if ((rc = ty__pg_exec(p->tm, "the import was rolled back", "SAVEPOINT staged", err)) != TY_OK)
        goto fail;
    for (int attempt = 0;; attempt++) {
        rc = merge(p, hex, ja_lang, en_lang, stats, &retry, err);
        if (rc == TY_OK || !retry)
            break;
        if (attempt + 1 >= TY__PG_RETRIES) {
            PQclear(PQexec(c, "ROLLBACK"));
            break;
        }
    }
    import_free(p);
    return rc;
fail:
    rollback(p);
    import_free(p);
    return rc;
}
