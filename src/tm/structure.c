/*
 * structure.c — a document's sentences and beads in the memory: storing them with an aligned
 * pair (ty_tm_add_alignment), reconstructing them for the documents of an older memory (schema
 * step 5) and for a TMX whose units say which sentences they were made of, and reading them back (ty_tm_review_open, the documents list, the bead encoding the
 * edit log keeps). It does not change beads: review.c does.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/error.h"
#include "tm.h"

ty_status ty__tm_run(ty_tm *tm, sqlite3_stmt *st, const char *what, ty_error *err)
{
    ty_status rc = TY_OK;
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = ty__tm_fail(tm, err, what);
    sqlite3_reset(st);
    return rc;
}

static void bind_conf(sqlite3_stmt *st, int i, double c)
{
    if (c < 0)
        sqlite3_bind_null(st, i);
    else
        sqlite3_bind_double(st, i, c);
}

static const char sql_ins_sentence[] =
    "INSERT INTO sentences(document, lang, idx, text, paragraph) VALUES(?1, ?2, ?3, ?4, ?5)";
static const char sql_ins_bead[] =
    "INSERT INTO beads(document, idx, ja_first, ja_count, en_first, en_count, confidence, "
    "status, pinned) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
static const char sql_ins_alignment[] =
    "INSERT INTO alignments(document, ja_sentences, en_sentences, lost) VALUES(?1, ?2, ?3, ?4)";

/* Statements that write one document's structure. */
typedef struct writer {
    ty_tm *tm;
    long long doc;
    sqlite3_stmt *sentence, *bead;
} writer;

static ty_status writer_open(writer *w, ty_tm *tm, long long doc, size_t nja, size_t nen,
                             size_t lost, ty_error *err)
{
    sqlite3_stmt *st = NULL;
    ty_status rc;

    memset(w, 0, sizeof *w);
    w->tm = tm;
    w->doc = doc;
    if ((rc = ty__tm_kept(tm, sql_ins_alignment, &st, err)) != TY_OK)
        return rc;
    sqlite3_bind_int64(st, 1, doc);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)nja);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)nen);
    sqlite3_bind_int64(st, 4, (sqlite3_int64)lost);
    rc = ty__tm_run(tm, st, "recording the document's structure", err);
    if (rc == TY_OK && (rc = ty__tm_kept(tm, sql_ins_sentence, &w->sentence, err)) == TY_OK)
        rc = ty__tm_kept(tm, sql_ins_bead, &w->bead, err);
    return rc;
}

/* The statements are the handle's (ty__tm_kept): reset, not finalized. */
static void writer_close(writer *w)
{
    if (w->sentence)
        sqlite3_reset(w->sentence);
    if (w->bead)
        sqlite3_reset(w->bead);
}

/* Sentence idx of side `lang`; text NULL: lost. */
static ty_status put_sentence(writer *w, int lang, size_t idx, const char *text, size_t len,
                              size_t paragraph, ty_error *err)
{
    sqlite3_bind_int64(w->sentence, 1, w->doc);
    sqlite3_bind_int(w->sentence, 2, lang);
    sqlite3_bind_int64(w->sentence, 3, (sqlite3_int64)idx);
    if (text)
        sqlite3_bind_text(w->sentence, 4, text, (int)len, SQLITE_STATIC);
    else
        sqlite3_bind_null(w->sentence, 4);
    sqlite3_bind_int64(w->sentence, 5, (sqlite3_int64)paragraph);
    return ty__tm_run(w->tm, w->sentence, "storing a sentence", err);
}

/* A bead with key `key` (tm.h). */
static ty_status put_bead(writer *w, long long key, const ty_tm_bead *b, ty_error *err)
{
    sqlite3_stmt *st = w->bead;
    sqlite3_bind_int64(st, 1, w->doc);
    sqlite3_bind_int64(st, 2, key);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)b->ja_first);
    sqlite3_bind_int64(st, 4, (sqlite3_int64)b->ja_count);
    sqlite3_bind_int64(st, 5, (sqlite3_int64)b->en_first);
    sqlite3_bind_int64(st, 6, (sqlite3_int64)b->en_count);
    bind_conf(st, 7, b->confidence);
    sqlite3_bind_int(st, 8, (int)b->status);
    sqlite3_bind_int(st, 9, b->pinned);
    return ty__tm_run(w->tm, st, "storing a bead", err);
}

ty_status ty__tm_key_shift(ty_tm *tm, int *shift, ty_error *err)
{
    long long version = 0;
    ty_status rc;

    if (tm->be) { /* every backend's structure has keys with gaps */
        *shift = TY__TM_KEY_SHIFT;
        return TY_OK;
    }
    rc = ty__tm_query_int(tm, "PRAGMA user_version", &version, err);
    *shift = version >= 6 ? TY__TM_KEY_SHIFT : 0;
    return rc;
}

ty_status ty__tm_beads_insert(ty_tm *tm, long long doc, const long long *keys,
                              const ty_tm_bead *b, size_t n, ty_error *err)
{
    writer w;
    ty_status rc;

    memset(&w, 0, sizeof w);
    w.tm = tm;
    w.doc = doc;
    if ((rc = ty__tm_kept(tm, sql_ins_bead, &w.bead, err)) != TY_OK)
        return rc;
    for (size_t i = 0; i < n && rc == TY_OK; i++)
        rc = put_bead(&w, keys[i], &b[i], err);
    writer_close(&w);
    return rc;
}

void ty__tm_alignment_bead(const ty_alignment *al, size_t i, ty_tm_bead *out)
{
    const ty_bead *b = ty_alignment_bead(al, i);
    int pin = ty_alignment_bead_pinned(al, i);
    *out = (ty_tm_bead){b->ja_first, b->ja_count, b->en_first, b->en_count, b->confidence,
                        pin ? TY_BEAD_REVIEWED : TY_BEAD_ALIGNED, pin, 0};
}

ty_status ty__tm_structure_store(ty_tm *tm, long long doc, const ty_doc *ja, const ty_doc *en,
                                 const ty_alignment *al, ty_error *err)
{
    const ty_doc *docs[2] = {ja, en};
    writer w;
    int shift = 0;
    ty_status rc;

    memset(&w, 0, sizeof w);
    if ((rc = ty__tm_key_shift(tm, &shift, err)) != TY_OK ||
        (rc = writer_open(&w, tm, doc, ty_doc_count(ja), ty_doc_count(en), 0, err)) != TY_OK)
        goto done;
    for (int l = 0; l < 2; l++)
        for (size_t i = 0; i < ty_doc_count(docs[l]); i++) {
            const ty_segment *s = ty_doc_segment(docs[l], i);
            if ((rc = put_sentence(&w, l, i, s->text, s->len, s->paragraph, err)) != TY_OK)
                goto done;
        }
    for (size_t i = 0; i < ty_alignment_count(al); i++) {
        ty_tm_bead tb;
        ty__tm_alignment_bead(al, i, &tb);
        if ((rc = put_bead(&w, (long long)i << shift, &tb, err)) != TY_OK)
            goto done;
    }
done:
    writer_close(&w);
    return rc;
}

/* ---- the upgrade of an older memory --------------------------------------------------- */

/* The value of prop `type` in props encoded by ty__tm_props_encode, copied into buf; NULL when
 * absent. */
static const char *prop_value(const char *enc, const char *type, char *buf, size_t size)
{
    size_t tl = strlen(type);
    for (const char *p = enc; p && *p;) {
        const char *us = strchr(p, '\x1f'), *rs;
        if (!us)
            return NULL;
        rs = strchr(us, '\x1e');
        if (!rs)
            rs = us + strlen(us);
        if ((size_t)(us - p) == tl && !memcmp(p, type, tl)) {
            size_t n = (size_t)(rs - us - 1);
            if (n >= size)
                return NULL;
            memcpy(buf, us + 1, n);
            buf[n] = '\0';
            return buf;
        }
        p = *rs ? rs + 1 : rs;
    }
    return NULL;
}

/* "4" or "4-6" into first, count; -1 when it is neither. */
static int parse_range(const char *s, size_t *first, size_t *count)
{
    char *end;
    unsigned long a, b;

    if (!s || *s < '0' || *s > '9')
        return -1;
    a = strtoul(s, &end, 10);
    b = a;
    if (*end == '-') {
        if (end[1] < '0' || end[1] > '9')
            return -1;
        b = strtoul(end + 1, &end, 10);
    }
    if (*end || b < a || b - a > 1000)
        return -1;
    *first = a;
    *count = b - a + 1;
    return 0;
}

/* One occurrence of a migrated document. */
typedef struct occ {
    long long position;
    size_t first[2], count[2];
    char *text[2];
    double confidence;
} occ;

typedef struct migrator {
    ty_tm *tm;
    int shift; /* the beads' keys: their number << shift (ty__tm_key_shift) */
    ty_segmenter *seg[2];
    int seg_failed;
} migrator;

/* The k sentences of one side of a unit: found again by the segmenter when it splits the
 * text into exactly k sentences that join back to it; else the whole text and k - 1 empty
 * ones. pieces[] and their lengths are malloc'd. */
static ty_status split_side(migrator *m, int lang, const char *text, size_t k, char **pieces,
                            ty_error *err)
{
    ty_text *t = NULL;
    ty_doc *d = NULL;
    int found = 0;

    if (k > 1 && !m->seg_failed) {
        if (!m->seg[lang] && ty_segmenter_new((ty_lang)lang, &m->seg[lang], NULL) != TY_OK)
            m->seg_failed = 1;
        if (m->seg[lang] && ty_text_decode(text, strlen(text), NULL, NULL, &t, NULL) == TY_OK &&
            ty_segment_text(m->seg[lang], t, &d, NULL) == TY_OK && ty_doc_count(d) == k) {
            char *joined = ty_doc_join(d, 0, k);
            found = joined && !strcmp(joined, text);
            free(joined);
        }
    }
    for (size_t i = 0; i < k; i++) {
        const char *s = found ? ty_doc_segment(d, i)->text : i == 0 ? text : "";
        if (!(pieces[i] = strdup(s))) {
            while (i > 0)
                free(pieces[--i]);
            ty_doc_free(d);
            ty_text_free(t);
            return ty__nomem(err);
        }
    }
    ty_doc_free(d);
    ty_text_free(t);
    return TY_OK;
}

static void occs_free(occ *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].text[0]);
        free(v[i].text[1]);
    }
    free(v);
}

/* A document's occurrences in order as the reconstruction reads them; usable = 0 (and nothing
 * more kept) once one does not say which sentences it was made of, or does not follow the ones
 * before it. */
typedef struct occ_list {
    occ *v;
    size_t n, cap, end[2];
    int usable;
} occ_list;

static ty_status occ_push(occ_list *l, long long position, const char *props, const char *ja,
                          const char *en, double confidence, ty_error *err)
{
    char a[48], b[48];
    occ o;

    if (!l->usable)
        return TY_OK;
    memset(&o, 0, sizeof o);
    o.position = position;
    o.confidence = confidence;
    if (parse_range(prop_value(props, "x-ja-segments", a, sizeof a), &o.first[0],
                    &o.count[0]) != 0 ||
        parse_range(prop_value(props, "x-en-segments", b, sizeof b), &o.first[1],
                    &o.count[1]) != 0 ||
        o.first[0] < l->end[0] || o.first[1] < l->end[1]) {
        l->usable = 0;
        return TY_OK;
    }
    l->end[0] = o.first[0] + o.count[0];
    l->end[1] = o.first[1] + o.count[1];
    if (ty__grow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v) != 0 ||
        !(o.text[0] = strdup(ja ? ja : "")) || !(o.text[1] = strdup(en ? en : ""))) {
        free(o.text[0]);
        return ty__nomem(err);
    }
    l->v[l->n++] = o;
    return TY_OK;
}

/* The occurrences of document `doc` in order (an SQLite memory). */
static ty_status read_occurrences(ty_tm *tm, long long doc, occ_list *l, ty_error *err)
{
    sqlite3_stmt *st = NULL;
    ty_status rc;
    int step = SQLITE_DONE;

    if ((rc = ty__tm_prepare(tm,
                             "SELECT o.position, o.props, t.ja, t.en, o.confidence "
                             "FROM occurrences o JOIN unit_text t ON t.id = o.unit "
                             "WHERE o.document = ?1 ORDER BY o.position",
                             &st, err)) != TY_OK)
        return rc;
    sqlite3_bind_int64(st, 1, doc);
    while (rc == TY_OK && l->usable && (step = sqlite3_step(st)) == SQLITE_ROW)
        rc = occ_push(l, sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1),
                      (const char *)sqlite3_column_text(st, 2),
                      (const char *)sqlite3_column_text(st, 3),
                      sqlite3_column_type(st, 4) == SQLITE_NULL ? -1
                                                                : sqlite3_column_double(st, 4),
                      err);
    if (rc == TY_OK && l->usable && step != SQLITE_DONE)
        rc = ty__tm_fail(tm, err, "reading a document's units");
    sqlite3_finalize(st);
    return rc;
}

static ty_status keep_sentence(void *user, int lang, long long idx, const char *text,
                               long long paragraph, ty_error *err);
static ty_status keep_bead(void *user, long long key, const ty_tm_bead *b, ty_error *err);

/* The structure of a document whose occurrences are v[0, n), as the reconstruction makes it:
 * its sentences (those no unit held lost, a bead each) and beads into *s, keyed idx <<
 * m->shift, and each occurrence's new position (its bead's key) into to[i]. */
static ty_status plan_document(migrator *m, const occ *v, size_t n, ty__doc_structure *s,
                               long long *to, ty_error *err)
{
    size_t next[2] = {0, 0}, idx = 0;
    ty_status rc = TY_OK;

    memset(s, 0, sizeof *s);
    s->n[0] = (long long)(v[n - 1].first[0] + v[n - 1].count[0]);
    s->n[1] = (long long)(v[n - 1].first[1] + v[n - 1].count[1]);
    s->regular = TY__TM_KEY_ALL;
    for (size_t i = 0; i < n; i++)
        for (int l = 0; l < 2; l++)
            s->lost +=
                (long long)(v[i].first[l] - (i ? v[i - 1].first[l] + v[i - 1].count[l] : 0));
    for (size_t i = 0; i < n && rc == TY_OK; i++) {
        const occ *o = &v[i];
        ty_tm_bead b;
        /* the sentences between this unit and the one before were never stored: a bead each */
        for (int l = 0; l < 2; l++)
            for (; next[l] < o->first[l] && rc == TY_OK; next[l]++) {
                ty_tm_bead one = {next[0], l ? 0 : 1, next[1], l ? 1 : 0, -1, TY_BEAD_ALIGNED,
                                  0, 0};
                if ((rc = keep_sentence(s, l, (long long)next[l], NULL, 0, err)) == TY_OK)
                    rc = keep_bead(s, (long long)idx++ << m->shift, &one, err);
            }
        for (int l = 0; l < 2 && rc == TY_OK; l++) {
            char *pieces[1001];
            if ((rc = split_side(m, l, o->text[l], o->count[l], pieces, err)) != TY_OK)
                break;
            for (size_t k = 0; k < o->count[l]; k++) {
                if (rc == TY_OK)
                    rc = keep_sentence(s, l, (long long)(o->first[l] + k), pieces[k], 0, err);
                free(pieces[k]);
            }
            next[l] = o->first[l] + o->count[l];
        }
        b = (ty_tm_bead){o->first[0], o->count[0], o->first[1], o->count[1], o->confidence,
                         TY_BEAD_ALIGNED, 0, 0};
        to[i] = (long long)idx << m->shift;
        if (rc == TY_OK)
            rc = keep_bead(s, (long long)idx++ << m->shift, &b, err);
    }
    if (rc != TY_OK)
        ty__doc_structure_free(s);
    return rc;
}

/* Move occurrence (doc, from) to position `to` through the negative positions (finished by
 * flip_positions). */
static ty_status renumber(ty_tm *tm, sqlite3_stmt *st, long long doc, long long from,
                          long long to, ty_error *err)
{
    sqlite3_bind_int64(st, 1, -1 - to);
    sqlite3_bind_int64(st, 2, doc);
    sqlite3_bind_int64(st, 3, from);
    return ty__tm_run(tm, st, "renumbering an occurrence", err);
}

/* Reconstruct document `doc` of an SQLite memory from its occurrences, if they allow it. */
static ty_status migrate_document(migrator *m, long long doc, ty_error *err)
{
    ty_tm *tm = m->tm;
    occ_list l = {NULL, 0, 0, {0, 0}, 1};
    ty__doc_structure s;
    long long *to = NULL;
    sqlite3_stmt *move = NULL;
    writer w;
    char sql[160];
    ty_status rc;

    memset(&w, 0, sizeof w);
    memset(&s, 0, sizeof s);
    if ((rc = read_occurrences(tm, doc, &l, err)) != TY_OK || !l.usable || l.n == 0)
        goto done;
    if (!(to = malloc(l.n * sizeof *to))) {
        rc = ty__nomem(err);
        goto done;
    }
    if ((rc = plan_document(m, l.v, l.n, &s, to, err)) != TY_OK ||
        (rc = writer_open(&w, tm, doc, (size_t)s.n[0], (size_t)s.n[1], (size_t)s.lost, err)) !=
            TY_OK ||
        (rc = ty__tm_prepare(tm,
                             "UPDATE occurrences SET position = ?1 "
                             "WHERE document = ?2 AND position = ?3",
                             &move, err)) != TY_OK)
        goto done;
    for (size_t i = 0; i < s.nsent && rc == TY_OK; i++) {
        const ty__sentence_row *r = &s.sent[i];
        rc = put_sentence(&w, r->lang, (size_t)r->idx, r->text, r->text ? strlen(r->text) : 0,
                          0, err);
    }
    for (size_t i = 0; i < s.nbeads && rc == TY_OK; i++)
        rc = put_bead(&w, s.beads[i].key, &s.beads[i].b, err);
    for (size_t i = 0; i < l.n && rc == TY_OK; i++)
        rc = renumber(tm, move, doc, l.v[i].position, to[i], err);
    if (rc != TY_OK)
        goto done;
    snprintf(sql, sizeof sql,
             "UPDATE occurrences SET position = -1 - position "
             "WHERE document = %lld AND position < 0",
             doc);
    rc = ty__tm_exec(tm, sql, err);
done:
    sqlite3_finalize(move);
    writer_close(&w);
    occs_free(l.v, l.n);
    ty__doc_structure_free(&s);
    free(to);
    return rc;
}

static ty_status push_occ(const ty__occ *o, void *user, ty_error *err)
{
    return occ_push(user, o->position, o->props, o->unit.ja, o->unit.en, o->unit.confidence,
                    err);
}

/* The same in another backend, in a transaction of its own after the import's. */
static ty_status adopt_document(ty_tm *tm, long long doc, ty_error *err)
{
    occ_list l = {NULL, 0, 0, {0, 0}, 1};
    ty__doc_structure s;
    ty__bead_counts c;
    migrator m;
    long long *from = NULL, *to = NULL;
    int found = 0;
    ty_status rc;

    memset(&s, 0, sizeof s);
    memset(&m, 0, sizeof m);
    m.tm = tm;
    m.shift = TY__TM_KEY_SHIFT;
    if ((rc = tm->be->bead_counts(tm, doc, &c, &found, err)) != TY_OK || found ||
        (rc = tm->be->occurrences(tm, doc, push_occ, &l, err)) != TY_OK || !l.usable ||
        l.n == 0)
        goto done;
    if (!(from = malloc(l.n * sizeof *from)) || !(to = malloc(l.n * sizeof *to))) {
        rc = ty__nomem(err);
        goto done;
    }
    for (size_t i = 0; i < l.n; i++)
        from[i] = l.v[i].position;
    if ((rc = plan_document(&m, l.v, l.n, &s, to, err)) == TY_OK)
        rc = tm->be->structure_put(tm, doc, &s, from, to, l.n, err);
done:
    ty_segmenter_free(m.seg[0]);
    ty_segmenter_free(m.seg[1]);
    occs_free(l.v, l.n);
    ty__doc_structure_free(&s);
    free(from);
    free(to);
    return rc;
}

ty_status ty__tm_structure_import(ty_tm *tm, long long doc, ty_error *err)
{
    static const char sql_has_table[] =
        "SELECT count(*) FROM sqlite_schema WHERE name = 'alignments'";
    static const char sql_has_doc[] = "SELECT count(*) FROM alignments WHERE document = ?1";
    migrator m;
    long long has = 0;
    char sql[256];
    ty_status rc;

    if (tm->be)
        return adopt_document(tm, doc, err);
    /* a memory at an older schema step (tests make them) has no structure tables */
    if ((rc = ty__tm_kept_int(tm, sql_has_table, 0, &has, err)) != TY_OK || !has)
        return rc;
    if ((rc = ty__tm_kept_int(tm, sql_has_doc, doc, &has, err)) != TY_OK || has)
        return rc;
    /* only when the first unit says which sentences it was made of */
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM occurrences WHERE document = %lld AND position = "
             "(SELECT min(position) FROM occurrences WHERE document = %lld) "
             "AND instr(props, 'x-ja-segments') > 0",
             doc, doc);
    if ((rc = ty__tm_query_int(tm, sql, &has, err)) != TY_OK || !has)
        return rc;
    memset(&m, 0, sizeof m);
    m.tm = tm;
    if ((rc = ty__tm_key_shift(tm, &m.shift, err)) != TY_OK)
        return rc;
    rc = migrate_document(&m, doc, err);
    ty_segmenter_free(m.seg[0]);
    ty_segmenter_free(m.seg[1]);
    return rc;
}

ty_status ty__tm_structure_migrate(ty_tm *tm, ty_error *err)
{
    sqlite3_stmt *st = NULL;
    migrator m;
    long long *docs = NULL;
    size_t n = 0, cap = 0;
    ty_status rc;
    int step;

    memset(&m, 0, sizeof m);
    m.tm = tm;
    if ((rc = ty__tm_prepare(tm, "SELECT id FROM documents ORDER BY id", &st, err)) != TY_OK)
        return rc;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            long long *nv = realloc(docs, (cap = cap ? 2 * cap : 16) * sizeof *nv);
            if (!nv) {
                rc = ty__nomem(err);
                goto done;
            }
            docs = nv;
        }
        docs[n++] = sqlite3_column_int64(st, 0);
    }
    if (step != SQLITE_DONE) {
        rc = ty__tm_fail(tm, err, "reading documents");
        goto done;
    }
    for (size_t i = 0; i < n && rc == TY_OK; i++)
        rc = migrate_document(&m, docs[i], err);
done:
    sqlite3_finalize(st);
    free(docs);
    ty_segmenter_free(m.seg[0]);
    ty_segmenter_free(m.seg[1]);
    return rc;
}

/* ---- reading ----------------------------------------------------------------------------- */

char *ty__beads_encode(const ty_tm_bead *b, size_t n)
{
    size_t cap = n * 96 + 1, o = 0;
    char *s = malloc(cap);

    if (!s)
        return NULL;
    s[0] = '\0';
    for (size_t i = 0; i < n; i++)
        o += (size_t)snprintf(s + o, cap - o, "%zu %zu %zu %zu %.17g %d %d\n", b[i].ja_first,
                              b[i].ja_count, b[i].en_first, b[i].en_count, b[i].confidence,
                              (int)b[i].status, b[i].pinned);
    return s;
}

int ty__beads_decode(const char *s, ty_tm_bead **out, size_t *n)
{
    ty_tm_bead *v = NULL;
    size_t k = 0, cap = 0;

    *out = NULL;
    *n = 0;
    while (*s) {
        ty_tm_bead b;
        int status, pinned, used = 0;
        memset(&b, 0, sizeof b);
        if (sscanf(s, "%zu %zu %zu %zu %lg %d %d\n%n", &b.ja_first, &b.ja_count, &b.en_first,
                   &b.en_count, &b.confidence, &status, &pinned, &used) != 7 ||
            used == 0 || status < 0 || status > TY_BEAD_REJECTED) {
            free(v);
            return -1;
        }
        b.status = (ty_bead_status)status;
        b.pinned = pinned != 0;
        if (k == cap) {
            ty_tm_bead *nv = realloc(v, (cap = cap ? 2 * cap : 16) * sizeof *nv);
            if (!nv) {
                free(v);
                return -1;
            }
            v = nv;
        }
        v[k++] = b;
        s += used;
    }
    *out = v;
    *n = k;
    return 0;
}

/* ---- the rows of an SQLite memory (another backend: its entries) ---- */

static ty_status sq_bead_counts(ty_tm *tm, long long doc, ty__bead_counts *c, int *found,
                                ty_error *err)
{
    sqlite3_stmt *st = NULL;
    ty_status rc;
    int step;

    /* the regular beads are counted from the largest key below alignments.regular */
    if ((rc = ty__tm_prepare(tm, TY__SQL_BEAD_COUNTS("?1"), &st, err)) != TY_OK)
        return rc;
    sqlite3_bind_int64(st, 1, doc);
    *found = 0;
    if ((step = sqlite3_step(st)) == SQLITE_ROW) {
        *found = 1;
        c->version = sqlite3_column_int64(st, 0);
        c->regular = sqlite3_column_int64(st, 1);
        c->below = sqlite3_column_int64(st, 2);
        c->rest = sqlite3_column_int64(st, 3);
    } else if (step != SQLITE_DONE)
        rc = ty__tm_fail(tm, err, "reading a document's structure");
    sqlite3_finalize(st);
    return rc;
}

static ty_status sq_bead_key(ty_tm *tm, long long doc, long long from, long long skip, size_t i,
                             long long *key, ty_error *err)
{
    sqlite3_stmt *st = NULL;
    ty_status rc;

    if ((rc = ty__tm_prepare(tm, TY__SQL_BEAD_KEY("?1", "?2", "?3"), &st, err)) != TY_OK)
        return rc;
    sqlite3_bind_int64(st, 1, doc);
    sqlite3_bind_int64(st, 2, from);
    sqlite3_bind_int64(st, 3, skip);
    rc = ty__tm_step_row(tm, st, "reading beads", err, "document %lld: no bead %zu", doc, i);
    if (rc == TY_OK)
        *key = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return rc;
}

static ty_status sq_bead_rows(ty_tm *tm, long long doc, long long from, long long limit,
                              ty__bead_fn fn, void *user, ty_error *err)
{
    sqlite3_stmt *st = NULL;
    ty_status rc;
    int step;

    if ((rc = ty__tm_prepare(tm, TY__SQL_BEAD_ROWS("?1", "?2", "?3"), &st, err)) != TY_OK)
        return rc;
    sqlite3_bind_int64(st, 1, doc);
    sqlite3_bind_int64(st, 2, from);
    sqlite3_bind_int64(st, 3, limit);
    while (rc == TY_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
        ty_tm_bead b;
        b.ja_first = (size_t)sqlite3_column_int64(st, 1);
        b.ja_count = (size_t)sqlite3_column_int64(st, 2);
        b.en_first = (size_t)sqlite3_column_int64(st, 3);
        b.en_count = (size_t)sqlite3_column_int64(st, 4);
        b.confidence =
            sqlite3_column_type(st, 5) == SQLITE_NULL ? -1 : sqlite3_column_double(st, 5);
        b.status = (ty_bead_status)sqlite3_column_int(st, 6);
        b.pinned = sqlite3_column_int(st, 7);
        b.unit = sqlite3_column_int64(st, 8);
        rc = fn(user, sqlite3_column_int64(st, 0), &b, err);
    }
    if (rc == TY_OK && step != SQLITE_DONE)
        rc = ty__tm_fail(tm, err, "reading beads");
    sqlite3_finalize(st);
    return rc;
}

/* The beads ty__tm_beads_read collects: v[0, want) and the key after them. */
typedef struct bead_take {
    ty_tm_bead *v;
    long long *kv;
    size_t k, cap, want;
} bead_take;

static ty_status take_bead(void *user, long long key, const ty_tm_bead *b, ty_error *err)
{
    bead_take *t = user;

    if (t->k == t->want) { /* the bead after them */
        t->kv[t->k] = key;
        return TY_OK;
    }
    if (t->k == t->cap) {
        ty_tm_bead *nv = realloc(t->v, (t->cap = t->cap ? 2 * t->cap : 16) * sizeof *nv);
        if (!nv)
            return ty__nomem(err);
        t->v = nv;
    }
    t->kv[t->k] = key;
    t->v[t->k++] = *b;
    return TY_OK;
}

ty_status ty__tm_beads_read(ty_tm *tm, long long doc, size_t lo, size_t hi, ty_tm_bead **out,
                            size_t *n, size_t *total, long long *version, long long **keys,
                            ty_error *err)
{
    const ty__tm_backend *be = tm->be;
    ty__bead_counts c = {0, 0, 0, 0};
    bead_take t = {NULL, NULL, 0, 0, 0};
    size_t count;
    long long key = 0;
    int found = 0;
    ty_status rc;

    *out = NULL;
    *n = 0;
    if (keys)
        *keys = NULL;
    /* the version, the regular beads and the others, without reading the regular ones */
    if ((rc = (be ? be->bead_counts : sq_bead_counts)(tm, doc, &c, &found, err)) != TY_OK)
        return rc;
    if (!found)
        return ty__fail(err, TY_ERR_NOTFOUND, tm->path, -1, -1,
                        "document %lld has no sentence structure (no such document, or "
                        "one imported from TMX)",
                        doc);
    count = (size_t)(c.below + c.rest);
    if (version)
        *version = c.version;
    if (total)
        *total = count;
    if (hi > count)
        hi = count;
    if (lo > hi)
        lo = hi;
    /* the key of bead lo: its number's in the regular part, else counted over the keys */
    if (lo < (size_t)c.below)
        key = (long long)lo << TY__TM_KEY_SHIFT;
    else if (lo < hi &&
             (rc = (be ? be->bead_key : sq_bead_key)(tm, doc, c.regular,
                                                     (long long)(lo - (size_t)c.below), lo,
                                                     &key, err)) != TY_OK)
        return rc;
    /* the beads asked for and the key of the one after them */
    t.want = hi - lo;
    if (!(t.kv = malloc((hi - lo + 1) * sizeof *t.kv)))
        return ty__nomem(err);
    t.kv[hi - lo] = -1;
    rc = (be ? be->bead_rows : sq_bead_rows)(
        tm, doc, key, lo < hi ? (long long)(hi - lo + (keys != NULL)) : 0, take_bead, &t, err);
    if (rc == TY_OK && t.k != hi - lo)
        rc = ty__fail(err, TY_ERR_FORMAT, tm->path, -1, -1,
                      "document %lld: beads %zu to %zu are not all there", doc, lo, hi - 1);
    if (rc != TY_OK) {
        free(t.v);
        free(t.kv);
        return rc;
    }
    *out = t.v;
    *n = t.k;
    if (keys)
        *keys = t.kv;
    else
        free(t.kv);
    return TY_OK;
}

struct ty_tm_review {
    char *name;
    long long version;
    size_t lost;
    char **text[2];     /* NULL: lost */
    size_t *para[2];
    size_t n[2];
    ty_tm_bead *beads;
    size_t nbeads;
};

void ty_tm_review_free(ty_tm_review *r)
{
    if (!r)
        return;
    for (int l = 0; l < 2; l++) {
        for (size_t i = 0; i < r->n[l]; i++)
            free(r->text[l][i]);
        free(r->text[l]);
        free(r->para[l]);
    }
    free(r->beads);
    free(r->name);
    free(r);
}

static ty_status sq_sentences(ty_tm *tm, long long doc, ty__sentence_fn fn, void *user,
                              ty_error *err)
{
    sqlite3_stmt *st = NULL;
    ty_status rc;
    int step;

    if ((rc = ty__tm_prepare(tm, TY__SQL_SENTENCES("?1"), &st, err)) != TY_OK)
        return rc;
    sqlite3_bind_int64(st, 1, doc);
    while (rc == TY_OK && (step = sqlite3_step(st)) == SQLITE_ROW)
        rc = fn(user, sqlite3_column_int(st, 0), sqlite3_column_int64(st, 1),
                (const char *)sqlite3_column_text(st, 2), sqlite3_column_int64(st, 3), err);
    if (rc == TY_OK && step != SQLITE_DONE)
        rc = ty__tm_fail(tm, err, "reading sentences");
    sqlite3_finalize(st);
    return rc;
}

static ty_status sq_review_head(ty_tm *tm, long long doc, char **name, size_t n[2],
                                size_t *lost, ty_error *err)
{
    sqlite3_stmt *st = NULL;
    ty_status rc;

    if ((rc = ty__tm_prepare(tm, TY__SQL_REVIEW_HEAD("?1"), &st, err)) != TY_OK)
        return rc;
    sqlite3_bind_int64(st, 1, doc);
    if ((rc = ty__tm_step_row(tm, st, "reading a document", err, "no document %lld", doc)) ==
        TY_OK) {
        n[0] = (size_t)sqlite3_column_int64(st, 1);
        n[1] = (size_t)sqlite3_column_int64(st, 2);
        *lost = (size_t)sqlite3_column_int64(st, 3);
        if (!(*name = strdup((const char *)sqlite3_column_text(st, 0))))
            rc = ty__nomem(err);
    }
    sqlite3_finalize(st);
    return rc;
}

static ty_status put_review_sentence(void *user, int lang, long long idx, const char *text,
                                     long long paragraph, ty_error *err)
{
    ty_tm_review *r = user;
    int l = lang ? 1 : 0;
    size_t i = (size_t)idx;

    if (idx < 0 || i >= r->n[l] || r->text[l][i])
        return TY_OK;
    r->para[l][i] = (size_t)paragraph;
    if (text && !(r->text[l][i] = strdup(text)))
        return ty__nomem(err);
    return TY_OK;
}

ty_status ty_tm_review_open(ty_tm *tm, long long document, ty_tm_review **out, ty_error *err)
{
    const ty__tm_backend *be = tm->be;
    ty_tm_review *r;
    ty_status rc;
    int began = 0;

    *out = NULL;
    if (!(r = calloc(1, sizeof *r)))
        return ty__nomem(err);
    if ((rc = ty__tm_read_begin(tm, &began, err)) != TY_OK)
        goto fail;
    if ((rc = ty__tm_beads_read(tm, document, 0, SIZE_MAX, &r->beads, &r->nbeads, NULL,
                                &r->version, NULL, err)) != TY_OK ||
        (rc = (be ? be->review_head : sq_review_head)(tm, document, &r->name, r->n, &r->lost,
                                                      err)) != TY_OK)
        goto fail;
    for (int l = 0; l < 2; l++)
        if ((r->n[l] && !(r->text[l] = calloc(r->n[l], sizeof *r->text[l]))) ||
            (r->n[l] && !(r->para[l] = calloc(r->n[l], sizeof *r->para[l])))) {
            rc = ty__nomem(err);
            goto fail;
        }
    if ((rc = (be ? be->sentences : sq_sentences)(tm, document, put_review_sentence, r, err)) !=
        TY_OK)
        goto fail;
    ty__tm_read_end(tm, began);
    *out = r;
    return TY_OK;
fail:
    ty__tm_read_end(tm, began);
    ty_tm_review_free(r);
    return rc;
}

ty_status ty__tm_edits(ty_tm *tm, long long doc, ty__edit_fn fn, void *user, ty_error *err)
{
    if (tm->be)
        return tm->be->edits(tm, doc, fn, user, err);
    sqlite3_stmt *st = NULL;
    ty_status rc;
    int step, began = 0;

    if ((rc = ty__tm_read_begin(tm, &began, err)) != TY_OK)
        return rc;
    if ((rc = ty__tm_prepare(tm, TY__SQL_EDITS("?1"), &st, err)) != TY_OK)
        goto done;
    sqlite3_bind_int64(st, 1, doc);
    while (rc == TY_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
        ty__edit_row e;
        e.id = sqlite3_column_int64(st, 0);
        e.at = (const char *)sqlite3_column_text(st, 1);
        e.who = (const char *)sqlite3_column_text(st, 2);
        e.op = (const char *)sqlite3_column_text(st, 3);
        e.first = sqlite3_column_int64(st, 4);
        e.before = (const char *)sqlite3_column_text(st, 5);
        e.after = (const char *)sqlite3_column_text(st, 6);
        e.undone = sqlite3_column_int(st, 7);
        rc = fn(user, &e, err);
    }
    if (rc == TY_OK && step != SQLITE_DONE)
        rc = ty__tm_fail(tm, err, "reading the edits");
done:
    sqlite3_finalize(st);
    ty__tm_read_end(tm, began);
    return rc;
}

/* ---- a document's whole structure, for a copy ---- */

void ty__doc_structure_free(ty__doc_structure *s)
{
    for (size_t i = 0; i < s->nsent; i++)
        free(s->sent[i].text);
    for (size_t i = 0; i < s->nedits; i++) {
        ty__edit_row *e = &s->edits[i];
        free((char *)e->at);
        free((char *)e->who);
        free((char *)e->op);
        free((char *)e->before);
        free((char *)e->after);
    }
    free(s->sent);
    free(s->beads);
    free(s->edits);
    memset(s, 0, sizeof *s);
}

static ty_status keep_sentence(void *user, int lang, long long idx, const char *text,
                               long long paragraph, ty_error *err)
{
    ty__doc_structure *s = user;
    ty__sentence_row *r;

    if (ty__grow((void **)&s->sent, &s->capsent, s->nsent + 1, sizeof *s->sent) != 0)
        return ty__nomem(err);
    r = &s->sent[s->nsent];
    *r = (ty__sentence_row){lang, idx, paragraph, NULL};
    if (text && !(r->text = strdup(text)))
        return ty__nomem(err);
    s->nsent++;
    return TY_OK;
}

static ty_status keep_bead(void *user, long long key, const ty_tm_bead *b, ty_error *err)
{
    ty__doc_structure *s = user;

    if (ty__grow((void **)&s->beads, &s->capbeads, s->nbeads + 1, sizeof *s->beads) != 0)
        return ty__nomem(err);
    s->beads[s->nbeads].key = key;
    s->beads[s->nbeads].b = *b;
    s->beads[s->nbeads++].b.unit = 0;
    return TY_OK;
}

static char *dup_or_empty(const char *v)
{
    return strdup(v ? v : "");
}

static ty_status keep_edit(void *user, const ty__edit_row *e, ty_error *err)
{
    ty__doc_structure *s = user;
    ty__edit_row *c;

    if (ty__grow((void **)&s->edits, &s->capedits, s->nedits + 1, sizeof *s->edits) != 0)
        return ty__nomem(err);
    c = &s->edits[s->nedits++];
    *c = *e;
    c->at = dup_or_empty(e->at);
    c->who = dup_or_empty(e->who);
    c->op = dup_or_empty(e->op);
    c->before = dup_or_empty(e->before);
    c->after = dup_or_empty(e->after);
    if (!c->at || !c->who || !c->op || !c->before || !c->after)
        return ty__nomem(err);
    return TY_OK;
}

ty_status ty__tm_structure_read(ty_tm *tm, long long doc, ty__doc_structure *out, int *found,
                                ty_error *err)
{
    const ty__tm_backend *be = tm->be;
    ty__bead_counts c;
    size_t n[2] = {0, 0}, lost = 0;
    char *name = NULL;
    ty_status rc;
    int began = 0;

    memset(out, 0, sizeof *out);
    if ((rc = ty__tm_read_begin(tm, &began, err)) != TY_OK)
        return rc;
    if ((rc = (be ? be->bead_counts : sq_bead_counts)(tm, doc, &c, found, err)) != TY_OK ||
        !*found)
        goto done;
    if ((rc = (be ? be->review_head : sq_review_head)(tm, doc, &name, n, &lost, err)) != TY_OK)
        goto done;
    out->n[0] = (long long)n[0];
    out->n[1] = (long long)n[1];
    out->lost = (long long)lost;
    out->version = c.version;
    out->regular = c.regular;
    if ((rc = (be ? be->sentences : sq_sentences)(tm, doc, keep_sentence, out, err)) != TY_OK ||
        (rc = (be ? be->bead_rows : sq_bead_rows)(tm, doc, 0, INT64_MAX, keep_bead, out,
                                                  err)) != TY_OK)
        goto done;
    rc = ty__tm_edits(tm, doc, keep_edit, out, err);
done:
    free(name);
    ty__tm_read_end(tm, began);
    if (rc != TY_OK)
        ty__doc_structure_free(out);
    return rc;
}

ty_status ty__tm_structure_write(ty_tm *tm, long long doc, const ty__doc_structure *s,
                                 ty_error *err)
{
    static const char sql_alignment[] =
        "INSERT INTO alignments(document, ja_sentences, en_sentences, lost, version, regular) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6)";
    static const char sql_edit[] =
        "INSERT INTO edits(document, at, who, op, first, before, after, undone) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
    sqlite3_stmt *st = NULL;
    writer w;
    ty_status rc;

    if (tm->be)
        return tm->be->structure_put(tm, doc, s, NULL, NULL, 0, err);
    memset(&w, 0, sizeof w);
    w.tm = tm;
    w.doc = doc;
    if ((rc = ty__tm_prepare(tm, sql_alignment, &st, err)) != TY_OK)
        return rc;
    sqlite3_bind_int64(st, 1, doc);
    sqlite3_bind_int64(st, 2, s->n[0]);
    sqlite3_bind_int64(st, 3, s->n[1]);
    sqlite3_bind_int64(st, 4, s->lost);
    sqlite3_bind_int64(st, 5, s->version);
    sqlite3_bind_int64(st, 6, s->regular);
    rc = ty__tm_run(tm, st, "recording the document's structure", err);
    sqlite3_finalize(st);
    st = NULL;
    if (rc != TY_OK || (rc = ty__tm_kept(tm, sql_ins_sentence, &w.sentence, err)) != TY_OK ||
        (rc = ty__tm_kept(tm, sql_ins_bead, &w.bead, err)) != TY_OK)
        goto done;
    for (size_t i = 0; i < s->nsent && rc == TY_OK; i++) {
        const ty__sentence_row *r = &s->sent[i];
        rc = put_sentence(&w, r->lang, (size_t)r->idx, r->text, r->text ? strlen(r->text) : 0,
                          (size_t)r->paragraph, err);
    }
    for (size_t i = 0; i < s->nbeads && rc == TY_OK; i++)
        rc = put_bead(&w, s->beads[i].key, &s->beads[i].b, err);
    if (rc == TY_OK)
        rc = ty__tm_prepare(tm, sql_edit, &st, err);
    for (size_t i = 0; i < s->nedits && rc == TY_OK; i++) {
        const ty__edit_row *e = &s->edits[i];
        sqlite3_bind_int64(st, 1, doc);
        sqlite3_bind_text(st, 2, e->at, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, e->who, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, e->op, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 5, e->first);
        sqlite3_bind_text(st, 6, e->before, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 7, e->after, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 8, e->undone);
        rc = ty__tm_run(tm, st, "recording an edit", err);
    }
done:
    sqlite3_finalize(st);
    writer_close(&w);
    return rc;
}

const char *ty_tm_review_name(const ty_tm_review *r)
{
    return r->name;
}

long long ty_tm_review_version(const ty_tm_review *r)
{
    return r->version;
}

size_t ty_tm_review_sentences(const ty_tm_review *r, ty_lang lang)
{
    return r->n[lang == TY_LANG_EN];
}

const char *ty_tm_review_sentence(const ty_tm_review *r, ty_lang lang, size_t i,
                                  size_t *paragraph)
{
    int l = lang == TY_LANG_EN;
    if (i >= r->n[l])
        return NULL;
    if (paragraph)
        *paragraph = r->para[l][i];
    return r->text[l][i] ? r->text[l][i] : "";
}

int ty_tm_review_sentence_lost(const ty_tm_review *r, ty_lang lang, size_t i)
{
    int l = lang == TY_LANG_EN;
    return i < r->n[l] && !r->text[l][i];
}

size_t ty_tm_review_beads(const ty_tm_review *r)
{
    return r->nbeads;
}

const ty_tm_bead *ty_tm_review_bead(const ty_tm_review *r, size_t i)
{
    return i < r->nbeads ? &r->beads[i] : NULL;
}

size_t ty_tm_review_lost(const ty_tm_review *r)
{
    return r->lost;
}

char *ty__join_texts(int english, const char *const *texts, size_t n)
{
    size_t len = 1, o = 0;
    char *s;

    for (size_t i = 0; i < n; i++)
        len += (texts[i] ? strlen(texts[i]) : 0) + 1;
    if (!(s = malloc(len)))
        return NULL;
    for (size_t i = 0; i < n; i++) {
        const char *t = texts[i] ? texts[i] : "";
        size_t tl = strlen(t);
        if (i > 0 && english)
            s[o++] = ' ';
        memcpy(s + o, t, tl);
        o += tl;
    }
    s[o] = '\0';
    return s;
}

char *ty_tm_review_text(const ty_tm_review *r, size_t i, ty_lang lang)
{
    int l = lang == TY_LANG_EN;
    size_t first, count;

    if (i >= r->nbeads)
        return NULL;
    first = l ? r->beads[i].en_first : r->beads[i].ja_first;
    count = l ? r->beads[i].en_count : r->beads[i].ja_count;
    if (first > r->n[l] || count > r->n[l] - first)
        return NULL;
    return ty__join_texts(l, (const char *const *)r->text[l] + first, count);
}

ty_status ty__tm_structure_remove(ty_tm *tm, long long doc, ty_error *err)
{
    static const char *const tables[] = {"alignments", "sentences", "beads", "edits"};
    char sql[96];
    ty_status rc = TY_OK;

    for (size_t i = 0; i < 4 && rc == TY_OK; i++) {
        snprintf(sql, sizeof sql, "DELETE FROM %s WHERE document = %lld", tables[i], doc);
        rc = ty__tm_exec(tm, sql, err);
    }
    return rc;
}

ty_status ty_tm_review_summaries(ty_tm *tm, double threshold, ty_tm_review_summary_fn fn,
                                 void *userdata, ty_error *err)
{
    static const char sql[] = TY__SQL_REVIEW_SUMMARIES("?1");
    sqlite3_stmt *st = NULL;
    ty_status rc;
    int step, began = 0;

    if (tm->be)
        return tm->be->review_summaries(tm, threshold, fn, userdata, err);
    if ((rc = ty__tm_read_begin(tm, &began, err)) != TY_OK)
        return rc;
    if ((rc = ty__tm_prepare(tm, sql, &st, err)) != TY_OK)
        goto done;
    sqlite3_bind_double(st, 1, threshold);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        ty_tm_review_summary s;
        s.document = sqlite3_column_int64(st, 0);
        s.name = (const char *)sqlite3_column_text(st, 1);
        s.imported_at = (const char *)sqlite3_column_text(st, 2);
        s.units = (size_t)sqlite3_column_int64(st, 3);
        s.structure = sqlite3_column_int(st, 4);
        s.version = sqlite3_column_int64(st, 5);
        s.beads = (size_t)sqlite3_column_int64(st, 6);
        s.doubtful = (size_t)sqlite3_column_int64(st, 7);
        s.unpaired = (size_t)sqlite3_column_int64(st, 8);
        s.reviewed = (size_t)sqlite3_column_int64(st, 9);
        s.rejected = (size_t)sqlite3_column_int64(st, 10);
        s.min_confidence = sqlite3_column_type(st, 11) == SQLITE_NULL ? -1
                                                                       : sqlite3_column_double(st, 11);
        if ((rc = fn(&s, userdata)) != TY_OK)
            goto done;
    }
    if (step != SQLITE_DONE)
        rc = ty__tm_fail(tm, err, "reading documents");
done:
    sqlite3_finalize(st);
    ty__tm_read_end(tm, began);
    return rc;
}
