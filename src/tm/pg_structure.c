/*
 * pg_structure.c — the sentence structure of a memory in PostgreSQL (schema step 7: alignments,
 * sentences, beads, edits, as the SQLite memory's tables, tm.h): an aligned pair's sentences
 * and beads staged with its import and written with its document at the merge (pg_store.c),
 * and the rows the shared review code reads (structure.c, review.c: the beads of a document by
 * key, its sentences, the documents list's figures, the edit log). It judges nothing: which
 * beads an edit touches and what they become is the shared code's.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "pg.h"

/* The rows of one document's structure as COPY text lines without the document column, which
 * its id (known at the merge) starts when they are sent. */
struct ty__pg_staged {
    size_t n[2];
    char *rows[3]; /* 0: sentences, 1: beads, 2: edits (a copy's) */
    size_t len[3], cap[3];
};

void ty__pg_staged_free(ty__pg_staged *s)
{
    if (!s)
        return;
    for (int t = 0; t < 3; t++)
        free(s->rows[t]);
    free(s);
}

/* Append s[0, n) to rows t, escaped as a COPY text field when `esc`; -1 when out of memory. */
static int put(ty__pg_staged *s, int t, const char *p, size_t n, int esc)
{
    if (s->len[t] + 2 * n + 1 > s->cap[t]) {
        size_t cap = s->cap[t] ? s->cap[t] : 4096;
        char *v;
        while (cap < s->len[t] + 2 * n + 1)
            cap *= 2;
        if (!(v = realloc(s->rows[t], cap)))
            return -1;
        s->rows[t] = v;
        s->cap[t] = cap;
    }
    for (size_t i = 0; i < n; i++) {
        char c = p[i], e = !esc ? 0 : c == '\\' ? '\\' : c == '\t' ? 't' : c == '\n' ? 'n'
                                      : c == '\r' ? 'r' : 0;
        if (e) {
            s->rows[t][s->len[t]++] = '\\';
            s->rows[t][s->len[t]++] = e;
        } else
            s->rows[t][s->len[t]++] = c;
    }
    return 0;
}

static int putf(ty__pg_staged *s, int t, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int putf(ty__pg_staged *s, int t, const char *fmt, ...)
{
    char b[256];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(b, sizeof b, fmt, ap);
    va_end(ap);
    return n < 0 || (size_t)n >= sizeof b ? -1 : put(s, t, b, (size_t)n, 0);
}

/* A sentence's row (text NULL: lost) and a bead's; nonzero when out of memory. */
static int put_sentence(ty__pg_staged *s, int lang, long long idx, const char *text, size_t len,
                        long long paragraph)
{
    return putf(s, 0, "%d\t%lld\t", lang, idx) ||
           (text ? put(s, 0, text, len, 1) : put(s, 0, "\\N", 2, 0)) ||
           putf(s, 0, "\t%lld\n", paragraph);
}

static int put_bead(ty__pg_staged *s, long long key, const ty_tm_bead *b)
{
    char conf[40] = "\\N";
    if (b->confidence >= 0)
        snprintf(conf, sizeof conf, "%.17g", b->confidence);
    return putf(s, 1, "%lld\t%zu\t%zu\t%zu\t%zu\t%s\t%d\t%d\n", key, b->ja_first, b->ja_count,
                b->en_first, b->en_count, conf, (int)b->status, b->pinned);
}

ty_status ty__pg_staged_new(const ty_doc *ja, const ty_doc *en, const ty_alignment *al,
                            ty__pg_staged **out, ty_error *err)
{
    const ty_doc *docs[2] = {ja, en};
    ty__pg_staged *s = calloc(1, sizeof *s);
    int bad = !s;

    *out = NULL;
    for (int l = 0; l < 2 && !bad; l++) {
        s->n[l] = ty_doc_count(docs[l]);
        for (size_t i = 0; i < s->n[l] && !bad; i++) {
            const ty_segment *g = ty_doc_segment(docs[l], i);
            bad = put_sentence(s, l, (long long)i, g->text, g->len, (long long)g->paragraph);
        }
    }
    for (size_t i = 0; i < ty_alignment_count(al) && !bad; i++) {
        ty_tm_bead b;
        ty__tm_alignment_bead(al, i, &b);
        bad = put_bead(s, (long long)i << TY__TM_KEY_SHIFT, &b);
    }
    if (bad) {
        ty__pg_staged_free(s);
        return ty__nomem(err);
    }
    *out = s;
    return TY_OK;
}

/* COPY the lines of rows t into `table`, each started by the document's id. */
static ty_status copy_rows(ty_tm *tm, const ty__pg_staged *s, int t, const char *doc,
                           ty_error *err)
{
    static const char *const sql[3] = {
        "COPY sentences(document, lang, idx, text, paragraph) FROM STDIN",
        "COPY beads(document, idx, ja_first, ja_count, en_first, en_count, confidence, status, "
        "pinned) FROM STDIN",
        "COPY edits(document, at, who, op, first, before, after, undone) FROM STDIN"};
    PGconn *c = ty__pg_conn(tm);
    PGresult *r = PQexec(c, sql[t]);
    size_t dl = strlen(doc);
    int ok = PQresultStatus(r) == PGRES_COPY_IN;
    ty_status rc = TY_OK;

    if (!ok)
        rc = ty__pg_fail(tm, r, "storing the structure", err);
    PQclear(r);
    if (!ok)
        return rc;
    for (size_t i = 0; i < s->len[t] && ok;) {
        const char *nl = memchr(s->rows[t] + i, '\n', s->len[t] - i);
        size_t end = nl ? (size_t)(nl - s->rows[t]) + 1 : s->len[t];
        ok = PQputCopyData(c, doc, (int)dl) == 1 && PQputCopyData(c, "\t", 1) == 1 &&
             PQputCopyData(c, s->rows[t] + i, (int)(end - i)) == 1;
        i = end;
    }
    if (PQputCopyEnd(c, ok ? NULL : "failed") != 1)
        ok = 0;
    r = PQgetResult(c);
    if (!ok || PQresultStatus(r) != PGRES_COMMAND_OK)
        rc = ty__pg_fail(tm, r, "storing the structure", err);
    PQclear(r);
    while ((r = PQgetResult(c)))
        PQclear(r);
    return rc;
}

ty_status ty__pg_staged_write(ty_tm *tm, const char *doc, const ty__pg_staged *s, ty_error *err)
{
    char nja[32], nen[32];
    const char *p[3] = {doc, nja, nen};
    PGresult *r;
    ty_status rc;

    snprintf(nja, sizeof nja, "%zu", s->n[0]);
    snprintf(nen, sizeof nen, "%zu", s->n[1]);
    if (!(r = ty__pg_run(tm, "the import was rolled back: storing the structure",
                         "INSERT INTO alignments(document, ja_sentences, en_sentences, lost) "
                         "VALUES($1, $2, $3, 0)",
                         3, p, err)))
        return TY_ERR_POSTGRES;
    PQclear(r);
    if ((rc = copy_rows(tm, s, 0, doc, err)) != TY_OK)
        return rc;
    return copy_rows(tm, s, 1, doc, err);
}

/* Move document doc's rows of `table` (occurrences by position, beads by idx) at keys
 * from[0, n) to to[0, n) (through negative keys, so that no two share one on the way); *moved:
 * how many there were. Inside the caller's transaction. */
static ty_status move_keys(ty_tm *tm, const char *table, const char *doc, const long long *from,
                           const long long *to, size_t n, size_t *moved, const char *what,
                           ty_error *err)
{
    const char *col = strcmp(table, "beads") ? "position" : "idx";
    char *a = ty__pg_id_array(from, n), *b = ty__pg_id_array(to, n), sql[2][256];
    const char *p[3] = {doc, a, b};
    PGresult *r = NULL;
    ty_status rc = TY_OK;

    snprintf(sql[0], sizeof sql[0],
             "UPDATE %s o SET %s = -1 - x.t FROM unnest($2::bigint[], $3::bigint[]) AS x(f, t) "
             "WHERE o.document = $1::bigint AND o.%s = x.f",
             table, col, col);
    snprintf(sql[1], sizeof sql[1],
             "UPDATE %s SET %s = -1 - %s WHERE document = $1::bigint AND %s < 0", table, col,
             col, col);
    *moved = 0;
    if (!a || !b)
        rc = ty__nomem(err);
    else if (!(r = ty__pg_run(tm, what, sql[0], 3, p, err)))
        rc = TY_ERR_POSTGRES;
    else {
        *moved = strtoull(PQcmdTuples(r), NULL, 10);
        PQclear(r);
        if (!(r = ty__pg_run(tm, what, sql[1], 1, p, err)))
            rc = TY_ERR_POSTGRES;
    }
    PQclear(r);
    free(a);
    free(b);
    return rc;
}

ty_status ty__pg_beads_move(ty_tm *tm, long long doc, const long long *from, const long long *to,
                            size_t n, ty_error *err)
{
    static const char what[] = "the edit was rolled back: moving beads";
    char d[32];
    size_t moved = 0;
    ty_status rc;

    snprintf(d, sizeof d, "%lld", doc);
    /* not every bead has an occurrence; every one moved is there */
    if ((rc = move_keys(tm, "occurrences", d, from, to, n, &moved, what, err)) != TY_OK ||
        (rc = move_keys(tm, "beads", d, from, to, n, &moved, what, err)) != TY_OK)
        return rc;
    if (moved != n)
        rc = ty__fail(err, TY_ERR_CONFLICT, tm->path, -1, -1,
                      "document %lld changed meanwhile: read it again", doc);
    return rc;
}

ty_status ty__pg_beads_put(ty_tm *tm, long long doc, const long long *keys, const ty_tm_bead *b,
                           size_t n, long long regular, int whole, ty_error *err)
{
    ty__pg_staged *st = calloc(1, sizeof *st);
    char v[2][32];
    const char *p[2] = {v[0], v[1]};
    PGresult *r;
    ty_status rc = TY_OK;
    int bad = !st;

    for (size_t i = 0; i < n && !bad; i++)
        bad = put_bead(st, keys[i], &b[i]);
    if (bad) {
        ty__pg_staged_free(st);
        return ty__nomem(err);
    }
    snprintf(v[0], sizeof v[0], "%lld", doc);
    snprintf(v[1], sizeof v[1], "%lld", regular);
    if (regular >= 0 &&
        !(r = ty__pg_run(tm, "the edit was rolled back: keying beads",
                         whole ? "UPDATE alignments SET regular = $2::bigint WHERE document = "
                                 "$1::bigint"
                               : "UPDATE alignments SET regular = least(regular, $2::bigint) "
                                 "WHERE document = $1::bigint",
                         2, p, err)))
        rc = TY_ERR_POSTGRES;
    else if (regular >= 0)
        PQclear(r);
    if (rc == TY_OK && n)
        rc = copy_rows(tm, st, 1, v[0], err);
    ty__pg_staged_free(st);
    return rc;
}

/* A document's structure as s holds it, in one transaction (see ty__tm_backend). */
ty_status ty__pg_structure_put(ty_tm *tm, long long doc, const ty__doc_structure *s,
                               const long long *from, const long long *to, size_t n,
                               ty_error *err)
{
    ty__pg_staged *st = calloc(1, sizeof *st);
    char v[6][32];
    const char *p[6];
    PGresult *r;
    ty_status rc = TY_OK;
    int bad = !st;

    for (size_t i = 0; i < s->nsent && !bad; i++) {
        const ty__sentence_row *x = &s->sent[i];
        bad = put_sentence(st, x->lang, x->idx, x->text, x->text ? strlen(x->text) : 0,
                           x->paragraph);
    }
    for (size_t i = 0; i < s->nbeads && !bad; i++)
        bad = put_bead(st, s->beads[i].key, &s->beads[i].b);
    for (size_t i = 0; i < s->nedits && !bad; i++) {
        const ty__edit_row *e = &s->edits[i];
        bad = put(st, 2, e->at, strlen(e->at), 1) || put(st, 2, "\t", 1, 0) ||
              put(st, 2, e->who, strlen(e->who), 1) || put(st, 2, "\t", 1, 0) ||
              put(st, 2, e->op, strlen(e->op), 1) || putf(st, 2, "\t%lld\t", e->first) ||
              put(st, 2, e->before, strlen(e->before), 1) || put(st, 2, "\t", 1, 0) ||
              put(st, 2, e->after, strlen(e->after), 1) || putf(st, 2, "\t%d\n", e->undone);
    }
    if (bad) {
        ty__pg_staged_free(st);
        return ty__nomem(err);
    }
    snprintf(v[0], sizeof v[0], "%lld", doc);
    snprintf(v[1], sizeof v[1], "%lld", s->n[0]);
    snprintf(v[2], sizeof v[2], "%lld", s->n[1]);
    snprintf(v[3], sizeof v[3], "%lld", s->lost);
    snprintf(v[4], sizeof v[4], "%lld", s->version);
    snprintf(v[5], sizeof v[5], "%lld", s->regular);
    for (int i = 0; i < 6; i++)
        p[i] = v[i];
    if ((rc = ty__pg_exec(tm, "storing the structure",
                          "BEGIN; LOCK TABLE documents IN SHARE ROW EXCLUSIVE MODE", err)) !=
        TY_OK)
        goto done;
    if (from) { /* a document that has structure meanwhile, or lost its units, keeps as it is */
        int found = 0;
        size_t moved = 0;
        ty__bead_counts c;
        if ((rc = ty__pg_bead_counts(tm, doc, &c, &found, err)) != TY_OK || found ||
            (rc = move_keys(tm, "occurrences", v[0], from, to, n, &moved,
                            "storing the structure", err)) != TY_OK ||
            moved != n) {
            if (rc == TY_OK)
                PQclear(PQexec(ty__pg_conn(tm), "ROLLBACK"));
            goto done;
        }
    }
    if (!(r = ty__pg_run(tm, "storing the structure",
                         "INSERT INTO alignments(document, ja_sentences, en_sentences, lost, "
                         "version, regular) VALUES($1, $2, $3, $4, $5, $6)",
                         6, p, err))) {
        rc = TY_ERR_POSTGRES;
        goto done;
    }
    PQclear(r);
    for (int t = 0; t < 3 && rc == TY_OK; t++)
        rc = copy_rows(tm, st, t, v[0], err);
    if (rc == TY_OK)
        rc = ty__pg_exec(tm, "storing the structure", "COMMIT", err);
done:
    if (rc != TY_OK)
        PQclear(PQexec(ty__pg_conn(tm), "ROLLBACK"));
    ty__pg_staged_free(st);
    return rc;
}

/* ---- the rows the review reads ---- */

/* Run sql with the document's id as $1 and n - 1 more integers. */
static PGresult *run_ll(ty_tm *tm, const char *what, const char *sql, int n, const long long *v,
                        ty_error *err)
{
    char b[4][32];
    const char *p[4];

    for (int i = 0; i < n && i < 4; i++) {
        snprintf(b[i], sizeof b[i], "%lld", v[i]);
        p[i] = b[i];
    }
    return ty__pg_run(tm, what, sql, n, p, err);
}

ty_status ty__pg_bead_counts(ty_tm *tm, long long doc, ty__bead_counts *c, int *found,
                             ty_error *err)
{
    PGresult *r = run_ll(tm, "reading a document's structure",
                         TY__SQL_BEAD_COUNTS("$1"), 1, &doc, err);
    if (!r)
        return TY_ERR_POSTGRES;
    if ((*found = PQntuples(r) > 0)) {
        c->version = ty__pg_ll(r, 0, 0);
        c->regular = ty__pg_ll(r, 0, 1);
        c->below = ty__pg_ll(r, 0, 2);
        c->rest = ty__pg_ll(r, 0, 3);
    }
    PQclear(r);
    return TY_OK;
}

ty_status ty__pg_bead_key(ty_tm *tm, long long doc, long long from, long long skip, size_t i,
                          long long *key, ty_error *err)
{
    long long v[3] = {doc, from, skip};
    PGresult *r = run_ll(tm, "reading beads",
                         TY__SQL_BEAD_KEY("$1", "$2", "$3"), 3, v, err);
    ty_status rc = TY_OK;

    if (!r)
        return TY_ERR_POSTGRES;
    if (PQntuples(r) == 0)
        rc = ty__fail(err, TY_ERR_NOTFOUND, tm->path, -1, -1, "document %lld: no bead %zu", doc,
                      i);
    else
        *key = ty__pg_ll(r, 0, 0);
    PQclear(r);
    return rc;
}

ty_status ty__pg_bead_rows(ty_tm *tm, long long doc, long long from, long long limit,
                           ty__bead_fn fn, void *user, ty_error *err)
{
    long long v[3] = {doc, from, limit};
    PGresult *r = run_ll(tm, "reading beads",
                         TY__SQL_BEAD_ROWS("$1", "$2", "$3"), 3, v, err);
    ty_status rc = TY_OK;

    if (!r)
        return TY_ERR_POSTGRES;
    for (int i = 0; i < PQntuples(r) && rc == TY_OK; i++) {
        ty_tm_bead b;
        b.ja_first = (size_t)ty__pg_ll(r, i, 1);
        b.ja_count = (size_t)ty__pg_ll(r, i, 2);
        b.en_first = (size_t)ty__pg_ll(r, i, 3);
        b.en_count = (size_t)ty__pg_ll(r, i, 4);
        b.confidence = ty__pg_double(r, i, 5);
        b.status = (ty_bead_status)ty__pg_ll(r, i, 6);
        b.pinned = (int)ty__pg_ll(r, i, 7);
        b.unit = ty__pg_ll(r, i, 8);
        rc = fn(user, ty__pg_ll(r, i, 0), &b, err);
    }
    PQclear(r);
    return rc;
}

ty_status ty__pg_review_head(ty_tm *tm, long long doc, char **name, size_t n[2], size_t *lost,
                             ty_error *err)
{
    PGresult *r = run_ll(tm, "reading a document",
                         TY__SQL_REVIEW_HEAD("$1"), 1, &doc, err);
    ty_status rc = TY_OK;

    if (!r)
        return TY_ERR_POSTGRES;
    if (PQntuples(r) == 0) {
        rc = ty__fail(err, TY_ERR_NOTFOUND, tm->path, -1, -1, "no document %lld", doc);
    } else {
        n[0] = (size_t)ty__pg_ll(r, 0, 1);
        n[1] = (size_t)ty__pg_ll(r, 0, 2);
        *lost = (size_t)ty__pg_ll(r, 0, 3);
        if (!(*name = strdup(PQgetvalue(r, 0, 0))))
            rc = ty__nomem(err);
    }
    PQclear(r);
    return rc;
}

ty_status ty__pg_sentences(ty_tm *tm, long long doc, ty__sentence_fn fn, void *user,
                           ty_error *err)
{
    PGresult *r = run_ll(tm, "reading sentences",
                         TY__SQL_SENTENCES("$1"), 1, &doc, err);
    ty_status rc = TY_OK;

    if (!r)
        return TY_ERR_POSTGRES;
    for (int i = 0; i < PQntuples(r) && rc == TY_OK; i++)
        rc = fn(user, (int)ty__pg_ll(r, i, 0), ty__pg_ll(r, i, 1), ty__pg_cell(r, i, 2),
                ty__pg_ll(r, i, 3), err);
    PQclear(r);
    return rc;
}

ty_status ty__pg_review_summaries(ty_tm *tm, double threshold, ty_tm_review_summary_fn fn,
                                  void *userdata, ty_error *err)
{
    static const char sql[] = TY__SQL_REVIEW_SUMMARIES("$1::float8");
    char t[40];
    const char *p[1] = {t};
    PGresult *r;
    ty_status rc = TY_OK;

    snprintf(t, sizeof t, "%.17g", threshold);
    if (!(r = ty__pg_run(tm, "reading documents", sql, 1, p, err)))
        return TY_ERR_POSTGRES;
    for (int i = 0; i < PQntuples(r) && rc == TY_OK; i++) {
        ty_tm_review_summary s;
        s.document = ty__pg_ll(r, i, 0);
        s.name = PQgetvalue(r, i, 1);
        s.imported_at = PQgetvalue(r, i, 2);
        s.units = (size_t)ty__pg_ll(r, i, 3);
        s.structure = !strcmp(PQgetvalue(r, i, 4), "t");
        s.version = ty__pg_ll(r, i, 5);
        s.beads = (size_t)ty__pg_ll(r, i, 6);
        s.doubtful = (size_t)ty__pg_ll(r, i, 7);
        s.unpaired = (size_t)ty__pg_ll(r, i, 8);
        s.reviewed = (size_t)ty__pg_ll(r, i, 9);
        s.rejected = (size_t)ty__pg_ll(r, i, 10);
        s.min_confidence = ty__pg_double(r, i, 11);
        rc = fn(&s, userdata);
    }
    PQclear(r);
    return rc;
}

ty_status ty__pg_edits(ty_tm *tm, long long doc, ty__edit_fn fn, void *user, ty_error *err)
{
    PGresult *r = run_ll(tm, "reading the edits",
                         TY__SQL_EDITS("$1"), 1, &doc, err);
    ty_status rc = TY_OK;

    if (!r)
        return TY_ERR_POSTGRES;
    for (int i = 0; i < PQntuples(r) && rc == TY_OK; i++) {
        ty__edit_row e;
        e.id = ty__pg_ll(r, i, 0);
        e.at = PQgetvalue(r, i, 1);
        e.who = PQgetvalue(r, i, 2);
        e.op = PQgetvalue(r, i, 3);
        e.first = ty__pg_ll(r, i, 4);
        e.before = PQgetvalue(r, i, 5);
        e.after = PQgetvalue(r, i, 6);
        e.undone = (int)ty__pg_ll(r, i, 7);
        rc = fn(user, &e, err);
    }
    PQclear(r);
    return rc;
}
