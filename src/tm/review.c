/*
 * review.c — review edits on a document's beads in the memory: ty_tm_review_apply (an edit
 * planned by review_plan.c), ty_tm_review_undo, ty_tm_review_realign, and the edit history.
 * Each edit is one transaction that replaces a run of beads and, with them, the occurrences at
 * their keys, the units' counts, confidences and search index entries (a unit no occurrence
 * holds any more is deleted; a new pair becomes a unit through store.c), the document's unit
 * count and version, and records the edit with the beads before and after. The new beads get
 * keys between their neighbours' (tm.h), so an edit writes the rows of its run and no others,
 * unless the run's room is used up: then the fewest beads after it move up (respace).
 * The same code serves every backend: it plans the keys, reads the new beads' texts and
 * prepares their units through store.c's import; a memory in PostgreSQL stores the rows
 * through the backend's entries (pg_review.c, pg_edit.c), and its edit is made again when the
 * server aborts its transaction for a serialization failure or a deadlock.
 * It does not read structure for display (structure.c) nor decide what an edit means
 * (review_plan.c).
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/error.h"
#include "tm.h"

/* Tries of an edit whose transaction another backend aborted (see transact). */
enum { TY__EDIT_TRIES = 5 };

static ty_status begin(ty_tm *tm, ty_error *err)
{
    ty_status rc = ty__tm_may_write(tm, err);

    if (rc != TY_OK)
        return rc;
    if (tm->be)
        return tm->be->edit_begin(tm, err);
    return ty__tm_exec(tm, "BEGIN IMMEDIATE", err);
}

/* Run `sql` with ?1 = doc, ?2 = a, ?3 = b (as many of them as it has). */
static ty_status exec3(ty_tm *tm, const char *sql, long long doc, long long a, long long b,
                       const char *what, ty_error *err)
{
    sqlite3_stmt *st = NULL;
    long long v[3] = {doc, a, b};
    ty_status rc;

    if ((rc = ty__tm_prepare(tm, sql, &st, err)) != TY_OK)
        return rc;
    for (int i = 0; i < 3 && i < sqlite3_bind_parameter_count(st); i++)
        sqlite3_bind_int64(st, i + 1, v[i]);
    rc = ty__tm_run(tm, st, what, err);
    sqlite3_finalize(st);
    return rc;
}

/* The units of the occurrences at keys [lo, hi) of doc (one entry per occurrence). */
static ty_status old_units(ty_tm *tm, long long doc, long long lo, long long hi, long long **out,
                           size_t *n, ty_error *err)
{
    sqlite3_stmt *st = NULL;
    size_t cap = 0;
    ty_status rc;
    int step;

    *out = NULL;
    *n = 0;
    if ((rc = ty__tm_prepare(tm,
                             "SELECT unit FROM occurrences WHERE document = ?1 "
                             "AND position >= ?2 AND position < ?3",
                             &st, err)) != TY_OK)
        return rc;
    sqlite3_bind_int64(st, 1, doc);
    sqlite3_bind_int64(st, 2, lo);
    sqlite3_bind_int64(st, 3, hi);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (ty__grow((void **)out, &cap, *n + 1, sizeof **out) != 0) {
            rc = ty__nomem(err);
            break;
        }
        (*out)[(*n)++] = sqlite3_column_int64(st, 0);
    }
    if (rc == TY_OK && step != SQLITE_DONE)
        rc = ty__tm_fail(tm, err, "reading the beads' units");
    sqlite3_finalize(st);
    return rc;
}

/* The run's beads at keys [lo, hi) (hi < 0: to the end) and the occurrences at them deleted;
 * *n occurrences, *units their units, one an occurrence (an SQLite memory; another backend
 * sets them aside itself for drop_units, *units NULL). */
static ty_status take_run(ty_tm *tm, long long doc, long long lo, long long hi, long long **units,
                          size_t *n, ty_error *err)
{
    long long end = hi < 0 ? INT64_MAX : hi, k = 0;
    ty_status rc;

    *units = NULL;
    *n = 0;
    if (tm->be) {
        rc = tm->be->run_take(tm, doc, lo, hi, &k, err);
        *n = (size_t)k;
        return rc;
    }
    if ((rc = old_units(tm, doc, lo, end, units, n, err)) != TY_OK ||
        (rc = exec3(tm,
                    "DELETE FROM occurrences WHERE document = ?1 AND position >= ?2 "
                    "AND position < ?3",
                    doc, lo, end, "removing occurrences", err)) != TY_OK)
        return rc;
    return exec3(tm, "DELETE FROM beads WHERE document = ?1 AND idx >= ?2 AND idx < ?3", doc, lo,
                 end, "removing beads", err);
}

/* Sentences of one side, by idx, as read for the new beads' texts. */
typedef struct span {
    long long *idx;
    char **text; /* NULL: lost */
    size_t n, cap;
} span;

static void span_free(span *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->text[i]);
    free(s->idx);
    free(s->text);
}

static ty_status keep_row(void *user, int lang, long long idx, const char *text,
                          long long paragraph, ty_error *err)
{
    span *s = user;
    size_t cap = s->cap;

    (void)lang;
    (void)paragraph;
    if (ty__grow((void **)&s->idx, &cap, s->n + 1, sizeof *s->idx) != 0 ||
        ty__grow((void **)&s->text, &s->cap, s->n + 1, sizeof *s->text) != 0)
        return ty__nomem(err);
    s->idx[s->n] = idx;
    if (!(s->text[s->n] = text ? strdup(text) : NULL) && text)
        return ty__nomem(err);
    s->n++;
    return TY_OK;
}

/* Side lang's sentences of doc [first, end) into *s (from any backend). */
static ty_status span_read(ty_tm *tm, long long doc, int lang, long long first, long long end,
                           span *s, ty_error *err)
{
    sqlite3_stmt *st = NULL;
    ty_status rc = TY_OK;
    int step;

    if (first >= end)
        return TY_OK;
    if (tm->be)
        return tm->be->sentence_range(tm, doc, lang, first, end, keep_row, s, err);
    if ((rc = ty__tm_prepare(tm, TY__SQL_SENTENCE_RANGE("?1", "?2", "?3", "?4"), &st, err)) !=
        TY_OK)
        return rc;
    sqlite3_bind_int64(st, 1, doc);
    sqlite3_bind_int(st, 2, lang);
    sqlite3_bind_int64(st, 3, first);
    sqlite3_bind_int64(st, 4, end);
    while (rc == TY_OK && (step = sqlite3_step(st)) == SQLITE_ROW)
        rc = keep_row(s, lang, sqlite3_column_int64(st, 0),
                      (const char *)sqlite3_column_text(st, 1), 0, err);
    if (rc == TY_OK && step != SQLITE_DONE)
        rc = ty__tm_fail(tm, err, "reading sentences");
    sqlite3_finalize(st);
    return rc;
}

/* One side of a bead: the sentences of s from first on, count of them, joined (malloc'd in
 * *out). */
static ty_status side_text(const span *s, int lang, size_t first, size_t count, char **out,
                           ty_error *err)
{
    size_t lo = 0, hi = s->n, k = 0;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->idx[mid] < (long long)first)
            lo = mid + 1;
        else
            hi = mid;
    }
    while (lo + k < s->n && s->idx[lo + k] < (long long)(first + count))
        k++;
    if (!(*out = ty__join_texts(lang, (const char *const *)s->text + lo, k)))
        return ty__nomem(err);
    return TY_OK;
}

static void segments(char *buf, size_t size, size_t first, size_t count)
{
    if (count <= 1)
        snprintf(buf, size, "%zu", first);
    else
        snprintf(buf, size, "%zu-%zu", first, first + count - 1);
}

/* Whether a bead holds a unit (an occurrence at its key), as add_units decides. */
static int has_unit(const ty_tm_bead *b)
{
    return b->ja_count && b->en_count && b->status != TY_BEAD_REJECTED;
}

/* The end of an import attached to the edit's document (store.c): stored into the edit's
 * transaction when rc is TY_OK, else abandoned; *made: how many occurrences it stored. */
static ty_status units_close(ty_tm_import *imp, ty_status rc, long long *made, ty_error *err)
{
    ty_tm_import_stats st;

    *made = 0;
    if (rc != TY_OK) {
        ty_tm_import_abort(imp);
        return rc;
    }
    if ((rc = ty__tm_import_detach(imp, &st, err)) == TY_OK)
        *made = (long long)(st.added + st.merged);
    return rc;
}

/* The new beads b[0, n) at keys[0, n): a unit for each one that has both sides and is not
 * rejected, as ty_tm_add_alignment makes them; *made: the occurrences stored. */
static ty_status add_units(ty_tm *tm, long long doc, const long long *keys, const ty_tm_bead *b,
                           size_t n, long long *made, ty_error *err)
{
    ty_tm_import *imp = NULL;
    span sp[2] = {{0}, {0}};
    long long lo[2] = {INT64_MAX, INT64_MAX}, hi[2] = {0, 0};
    ty_status rc = TY_OK;

    *made = 0;
    for (size_t i = 0; i < n; i++) {
        size_t f[2] = {b[i].ja_first, b[i].en_first}, c[2] = {b[i].ja_count, b[i].en_count};
        for (int l = 0; l < 2 && has_unit(&b[i]); l++) {
            lo[l] = (long long)f[l] < lo[l] ? (long long)f[l] : lo[l];
            hi[l] = (long long)(f[l] + c[l]) > hi[l] ? (long long)(f[l] + c[l]) : hi[l];
        }
    }
    for (int l = 0; l < 2 && rc == TY_OK; l++)
        rc = span_read(tm, doc, l, lo[l], hi[l], &sp[l], err);
    if (rc == TY_OK && lo[0] < hi[0])
        rc = ty__tm_import_attach(tm, doc, &imp, err);
    for (size_t i = 0; i < n && rc == TY_OK && imp; i++) {
        char *text[2] = {NULL, NULL}, shape[48], jseg[48], eseg[48];
        ty_prop props[2] = {{"x-ja-segments", jseg}, {"x-en-segments", eseg}};
        ty_unit u;
        if (!has_unit(&b[i]))
            continue;
        if ((rc = side_text(&sp[0], 0, b[i].ja_first, b[i].ja_count, &text[0], err)) ==
                TY_OK &&
            (rc = side_text(&sp[1], 1, b[i].en_first, b[i].en_count, &text[1], err)) == TY_OK) {
            snprintf(shape, sizeof shape, "%zu:%zu", b[i].ja_count, b[i].en_count);
            segments(jseg, sizeof jseg, b[i].ja_first, b[i].ja_count);
            segments(eseg, sizeof eseg, b[i].en_first, b[i].en_count);
            memset(&u, 0, sizeof u);
            u.ja = text[0];
            u.en = text[1];
            u.confidence = b[i].confidence;
            u.shape = shape;
            u.props = props;
            u.nprops = 2;
            ty__tm_import_seek(imp, (size_t)keys[i]);
            rc = ty_tm_import_add(imp, &u, err);
        }
        free(text[0]);
        free(text[1]);
    }
    if (imp)
        rc = units_close(imp, rc, made, err);
    span_free(&sp[0]);
    span_free(&sp[1]);
    return rc;
}

/* Count the units of the replaced occurrences down; delete those left with none (another
 * backend: those take_run set aside). */
static ty_status drop_units(ty_tm *tm, const long long *units, size_t n, ty_error *err)
{
    static const char sql_down[] =
        "UPDATE units SET count = count - 1,"
        " confidence = (SELECT max(confidence) FROM occurrences WHERE unit = ?1),"
        " shape = coalesce((SELECT shape FROM occurrences WHERE unit = ?1"
        "          ORDER BY document, position LIMIT 1), shape) "
        "WHERE id = ?1 RETURNING count";
    ty__remover r;
    sqlite3_stmt *down = NULL;
    long long last = 0;
    ty_status rc;

    if (tm->be)
        return tm->be->units_drop(tm, err);
    if (n == 0)
        return TY_OK;
    if ((rc = ty__remover_init(&r, tm, err)) != TY_OK)
        return rc;
    if ((rc = ty__tm_prepare(tm, sql_down, &down, err)) != TY_OK)
        goto done;
    for (size_t i = 0; i < n && rc == TY_OK; i++) {
        long long left = -1;
        sqlite3_bind_int64(down, 1, units[i]);
        if (sqlite3_step(down) == SQLITE_ROW)
            left = sqlite3_column_int64(down, 0);
        sqlite3_reset(down);
        if (left < 0)
            rc = ty__fail(err, TY_ERR_FORMAT, tm->path, -1, -1,
                          "an occurrence of missing unit %lld", units[i]);
        else if (left == 0 && (rc = ty__remover_delete_unit(&r, units[i], 1, err)) == TY_OK &&
                 units[i] > last)
            last = units[i];
    }
    if (rc == TY_OK)
        rc = ty__remover_flush(&r, err);
    if (rc == TY_OK && last)
        rc = ty__tm_retire(tm, "unit", last, err);
done:
    sqlite3_finalize(down);
    ty__remover_free(&r);
    return rc;
}

/* Move the beads of doc at keys from[0, n) to keys to[0, n), and their occurrences with them:
 * through negative keys, so that no two rows share one on the way. The rows are read by key
 * and no others are. */
static ty_status move_keys(ty_tm *tm, long long doc, const long long *from, const long long *to,
                           size_t n, ty_error *err)
{
    static const char *const sql[2][2] = {
        {"UPDATE beads SET idx = -1 - ?3 WHERE document = ?1 AND idx = ?2",
         "UPDATE beads SET idx = -1 - idx WHERE document = ?1 AND idx < 0"},
        {"UPDATE occurrences SET position = -1 - ?3 WHERE document = ?1 AND position = ?2",
         "UPDATE occurrences SET position = -1 - position WHERE document = ?1 AND position < 0"}};
    ty_status rc = TY_OK;

    if (tm->be)
        return n ? tm->be->beads_move(tm, doc, from, to, n, err) : TY_OK;
    for (int t = 0; t < 2 && rc == TY_OK; t++) {
        sqlite3_stmt *st = NULL;
        if ((rc = ty__tm_prepare(tm, sql[t][0], &st, err)) != TY_OK)
            return rc;
        for (size_t i = 0; i < n && rc == TY_OK; i++) {
            sqlite3_bind_int64(st, 1, doc);
            sqlite3_bind_int64(st, 2, from[i]);
            sqlite3_bind_int64(st, 3, to[i]);
            rc = ty__tm_run(tm, st, "moving beads", err);
        }
        sqlite3_finalize(st);
        if (rc == TY_OK)
            rc = exec3(tm, sql[t][1], doc, 0, 0, "moving beads", err);
    }
    return rc;
}

/* The keys of up to m beads of doc from key `from` on (malloc'd in *out, *n of them). */
typedef struct keys_read {
    long long *v;
    size_t n;
} keys_read;

static ty_status keep_key(void *user, long long key, const ty_tm_bead *b, ty_error *err)
{
    keys_read *k = user;

    (void)b;
    (void)err;
    k->v[k->n++] = key;
    return TY_OK;
}

static ty_status keys_from(ty_tm *tm, long long doc, long long from, size_t m, long long **out,
                           size_t *n, ty_error *err)
{
    sqlite3_stmt *st = NULL;
    keys_read k = {NULL, 0};
    ty_status rc;
    int step;

    *n = 0;
    if (!(*out = malloc((m ? m : 1) * sizeof **out)))
        return ty__nomem(err);
    if (tm->be) {
        k.v = *out;
        rc = tm->be->bead_rows(tm, doc, from, (long long)m, keep_key, &k, err);
        *n = k.n;
        return rc;
    }
    if ((rc = ty__tm_prepare(tm,
                             "SELECT idx FROM beads WHERE document = ?1 AND idx >= ?2 "
                             "ORDER BY idx LIMIT ?3",
                             &st, err)) != TY_OK)
        return rc;
    sqlite3_bind_int64(st, 1, doc);
    sqlite3_bind_int64(st, 2, from);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)m);
    while ((step = sqlite3_step(st)) == SQLITE_ROW)
        (*out)[(*n)++] = sqlite3_column_int64(st, 0);
    if (step != SQLITE_DONE)
        rc = ty__tm_fail(tm, err, "reading beads");
    sqlite3_finalize(st);
    return rc;
}

/* The run from key lo up to key *hi needs n keys and has fewer: move the fewest beads after
 * it (a window of 8, 32, 128, … of them, or all those to the end) evenly up to the key after
 * the window, so that the run and the window share [lo, that key) at least TY__MIN_STEP
 * apart; *hi receives the first moved bead's new key. */
enum { TY__MIN_STEP = 1 << 10 };

static ty_status respace(ty_tm *tm, long long doc, long long lo, long long *hi, size_t n,
                         ty_error *err)
{
    long long *win = NULL, *to = NULL, top = 0;
    size_t got = 0, m = 8;
    ty_status rc;

    for (;; m *= 4) {
        free(win);
        win = NULL;
        if ((rc = keys_from(tm, doc, *hi, m + 1, &win, &got, err)) != TY_OK)
            goto done;
        if (got <= m) { /* to the end: room for all */
            top = (got ? win[got - 1] : *hi) + (long long)(n + got + 1) * TY__TM_KEY_GAP;
            break;
        }
        top = win[m];
        got = m;
        if ((top - lo) / (long long)(n + got) >= TY__MIN_STEP)
            break;
    }
    if (!(to = malloc((got ? got : 1) * sizeof *to))) {
        rc = ty__nomem(err);
        goto done;
    }
    {
        long long step = (top - lo) / (long long)(n + got);
        for (size_t j = 0; j < got; j++)
            to[j] = lo + (long long)(n + j) * step;
        *hi = got ? to[0] : top;
    }
    rc = move_keys(tm, doc, win, to, got, err);
done:
    free(win);
    free(to);
    return rc;
}

/* The keys a run of beads of doc gets when it holds n beads from now on: new[0, n). old[0,
 * nold) are the run's keys (nold > 0), *hi the key of the bead after it (-1: none; it receives
 * that bead's key after a respace). As many beads as before keep their keys; fewer keep the
 * first ones; more share the run's room evenly (respace makes room when there is too little).
 * *regular receives the key from which the document's beads are no longer regular (tm.h), or
 * -1 when they all still are. */
static ty_status run_keys(ty_tm *tm, long long doc, const long long *old, size_t nold,
                          long long *hi, long long *new, size_t n, long long *regular,
                          ty_error *err)
{
    long long lo = old[0], step;
    ty_status rc;

    *regular = n == nold ? -1 : lo;
    if (n <= nold) {
        memcpy(new, old, n * sizeof *new);
        return TY_OK;
    }
    if (*hi < 0)
        *hi = old[nold - 1] + (long long)(n - nold + 1) * TY__TM_KEY_GAP;
    if ((*hi - lo) / (long long)n < 1 && (rc = respace(tm, doc, lo, hi, n, err)) != TY_OK)
        return rc;
    step = (*hi - lo) / (long long)n;
    for (size_t i = 0; i < n; i++)
        new[i] = lo + (long long)i * step;
    return TY_OK;
}

/* Record the edit (with `undoes` > 0: an undo, which marks that edit undone), add `added`
 * (replace's count) to the document's units and raise its version; *version receives it. */
static ty_status record(ty_tm *tm, long long doc, const char *op, const char *who, size_t first,
                        const ty_tm_bead *before, size_t nbefore, const ty_tm_bead *after,
                        size_t nafter, long long undoes, long long added, long long *version,
                        ty_error *err)
{
    sqlite3_stmt *st = NULL;
    char *b = ty__beads_encode(before, nbefore), *a = ty__beads_encode(after, nafter);
    ty_status rc;

    if (!b || !a) {
        rc = ty__nomem(err);
        goto done;
    }
    if (tm->be) {
        ty__edit_row e = {0, (long long)first, NULL, who, op, b, a, 0};
        rc = tm->be->edit_record(tm, doc, &e, undoes, added, version, err);
        goto done;
    }
    if (undoes > 0 &&
        (rc = exec3(tm, "UPDATE edits SET undone = 1 WHERE id = ?2 AND document = ?1", doc,
                    undoes, 0, "marking the edit undone", err)) != TY_OK)
        goto done;
    if ((rc = ty__tm_prepare(tm,
                             "INSERT INTO edits(document, at, who, op, first, before, after) "
                             "VALUES(?1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?2, ?3, ?4, "
                             "?5, ?6)",
                             &st, err)) != TY_OK)
        goto done;
    sqlite3_bind_int64(st, 1, doc);
    sqlite3_bind_text(st, 2, who ? who : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, op, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, (sqlite3_int64)first);
    sqlite3_bind_text(st, 5, b, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, a, -1, SQLITE_STATIC);
    if ((rc = ty__tm_run(tm, st, "recording the edit", err)) != TY_OK)
        goto done;
    sqlite3_finalize(st);
    st = NULL;
    if ((rc = exec3(tm, "UPDATE alignments SET version = version + 1 WHERE document = ?1",
                    doc, 0, 0, "raising the version", err)) != TY_OK ||
        (rc = exec3(tm, "UPDATE documents SET units = units + ?2 WHERE id = ?1", doc,
                    added, 0, "counting the document's units", err)) != TY_OK)
        goto done;
    if (version) {
        char sql[96];
        snprintf(sql, sizeof sql, "SELECT version FROM alignments WHERE document = %lld", doc);
        rc = ty__tm_query_int(tm, sql, version, err);
    }
done:
    sqlite3_finalize(st);
    free(a);
    free(b);
    return rc;
}

/* Beads b[0, n) stored at keys[0, n), alignments.regular set to `regular` (`whole`) or
 * lowered to it (regular >= 0). */
static ty_status put_beads(ty_tm *tm, long long doc, const long long *keys, const ty_tm_bead *b,
                           size_t n, long long regular, int whole, ty_error *err)
{
    ty_status rc = TY_OK;

    if (tm->be)
        return tm->be->beads_put(tm, doc, keys, b, n, regular, whole, err);
    if (regular >= 0)
        rc = exec3(tm,
                   whole ? "UPDATE alignments SET regular = ?2 WHERE document = ?1"
                         : "UPDATE alignments SET regular = min(regular, ?2) WHERE document = ?1",
                   doc, regular, 0, "keying beads", err);
    if (rc == TY_OK)
        rc = ty__tm_beads_insert(tm, doc, keys, b, n, err);
    return rc;
}

/* A run of beads of doc becomes nb[0, nnew), with everything that hangs on them: keys[0,
 * nold) are the run's keys and keys[nold] the key of the bead after it (-1: none); `whole`:
 * the run is the document, whose beads then get regular keys. Only the rows of the run are
 * written (and, when its room is used up, those respace moves). The new units are added
 * before the old ones are counted down, so that a pair the run keeps keeps its unit. *added
 * receives how many occurrences the document gained (less than 0: lost). Any backend: the
 * plan is this file's, the rows the backend's. */
static ty_status replace(ty_tm *tm, long long doc, const long long *keys, size_t nold,
                         const ty_tm_bead *nb, size_t nnew, int whole, long long *added,
                         ty_error *err)
{
    long long *units = NULL, *nk = NULL, made = 0, lo, hi, regular = -1;
    size_t nunits = 0;
    ty_status rc;

    if (!whole && nold == 0)
        return ty__fail(err, TY_ERR_INTERNAL, tm->path, -1, -1, "an edit of no beads");
    lo = whole ? 0 : keys[0];
    hi = whole ? -1 : keys[nold];
    if (!(nk = malloc((nnew ? nnew : 1) * sizeof *nk)))
        return ty__nomem(err);
    if ((rc = take_run(tm, doc, lo, hi, &units, &nunits, err)) != TY_OK)
        goto done;
    if (whole) {
        for (size_t i = 0; i < nnew; i++)
            nk[i] = (long long)i << TY__TM_KEY_SHIFT;
        regular = TY__TM_KEY_ALL;
    } else if ((rc = run_keys(tm, doc, keys, nold, &hi, nk, nnew, &regular, err)) != TY_OK)
        goto done;
    if ((rc = put_beads(tm, doc, nk, nb, nnew, regular, whole, err)) != TY_OK ||
        (rc = add_units(tm, doc, nk, nb, nnew, &made, err)) != TY_OK)
        goto done;
    *added = made - (long long)nunits;
    rc = drop_units(tm, units, nunits, err);
done:
    free(units);
    free(nk);
    return rc;
}

static ty_status conflict(ty_tm *tm, long long doc, long long expected, long long now,
                          ty_error *err)
{
    return ty__fail(err, TY_ERR_CONFLICT, tm->path, -1, -1,
                    "document %lld changed meanwhile (version %lld, the edit was chosen on %lld): "
                    "read it again",
                    doc, now, expected);
}

static ty_status finish(ty_tm *tm, ty_status rc, ty_error *err)
{
    if (tm->be) {
        ty_status end = tm->be->edit_end(tm, rc == TY_OK, err);
        return rc != TY_OK ? rc : end;
    }
    if (rc != TY_OK) {
        sqlite3_exec(tm->db, "ROLLBACK", NULL, NULL, NULL);
        return rc;
    }
    if ((rc = ty__tm_exec(tm, "COMMIT", err)) == TY_OK)
        ty__plist_merge_due(tm);
    return rc;
}

/* Two beads of the same sentences. */
static int same_sentences(const ty_tm_bead *a, const ty_tm_bead *b)
{
    return a->ja_first == b->ja_first && a->ja_count == b->ja_count &&
           a->en_first == b->en_first && a->en_count == b->en_count;
}

/* The same beads, the units they hold left aside. */
static int same_beads(const ty_tm_bead *a, const ty_tm_bead *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!same_sentences(&a[i], &b[i]) || a[i].status != b[i].status ||
            a[i].pinned != b[i].pinned)
            return 0;
    return 1;
}

/* Beads a[0, n) become b[0, n) by their marks alone (status, pin): the same sentences and
 * confidence, a unit where there was one and none where there was none, so that no
 * occurrence, unit or index entry changes. */
static int marks_only(const ty_tm_bead *a, const ty_tm_bead *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!same_sentences(&a[i], &b[i]) || has_unit(&a[i]) != has_unit(&b[i]) ||
            a[i].confidence != b[i].confidence)
            return 0;
    return 1;
}

/* The beads of doc at keys[0, n) get b[i]'s status and pin (an SQLite memory). */
static ty_status mark(ty_tm *tm, long long doc, const long long *keys, const ty_tm_bead *b,
                      size_t n, ty_error *err)
{
    sqlite3_stmt *st = NULL;
    ty_status rc;

    if ((rc = ty__tm_prepare(tm,
                             "UPDATE beads SET status = ?3, pinned = ?4 WHERE document = ?1 "
                             "AND idx = ?2",
                             &st, err)) != TY_OK)
        return rc;
    for (size_t i = 0; i < n && rc == TY_OK; i++) {
        sqlite3_bind_int64(st, 1, doc);
        sqlite3_bind_int64(st, 2, keys[i]);
        sqlite3_bind_int(st, 3, (int)b[i].status);
        sqlite3_bind_int(st, 4, b[i].pinned);
        rc = ty__tm_run(tm, st, "marking beads", err);
    }
    sqlite3_finalize(st);
    return rc;
}

/* The run of beads of doc at keys[0, n) becomes nb[0, n): by their marks alone when that is
 * all that changes, else through replace (any backend). */
static ty_status change(ty_tm *tm, long long doc, const long long *keys, const ty_tm_bead *old,
                        size_t nold, const ty_tm_bead *nb, size_t nnew, long long *added,
                        ty_error *err)
{
    *added = 0;
    if (nold == nnew && marks_only(old, nb, nnew)) {
        if (tm->be)
            return tm->be->beads_mark(tm, doc, keys, nb, nnew, err);
        return mark(tm, doc, keys, nb, nnew, err);
    }
    return replace(tm, doc, keys, nold, nb, nnew, 0, added, err);
}

/* One edit inside the caller's transaction. */
static ty_status apply_one(ty_tm *tm, long long document, const ty_review_edit *edit,
                           long long *version, ty_error *err)
{
    ty_tm_bead *win = NULL, *nb = NULL;
    size_t n = 0, nwin = 0, lo, hi, first = 0, nold = 0, nnew = 0;
    long long ver = 0, added = 0, *keys = NULL;
    ty_status rc;

    /* the beads the plan reads, not the document's */
    ty__review_span(edit, &lo, &hi);
    if ((rc = ty__tm_beads_read(tm, document, lo, hi, &win, &nwin, &n, &ver, &keys, err)) !=
        TY_OK)
        goto done;
    if (edit->version >= 0 && edit->version != ver) {
        rc = conflict(tm, document, edit->version, ver, err);
        goto done;
    }
    if ((rc = ty__review_plan(win, lo, n, edit, &first, &nold, &nb, &nnew, err)) != TY_OK)
        goto done;
    /* an edit that changes nothing (accepting a reviewed bead, unpinning one not pinned) is
     * not recorded: undo then takes back the last edit that did change something */
    if (nnew == nold && same_beads(win + (first - lo), nb, nnew)) {
        if (version)
            *version = ver;
        goto done;
    }
    if ((rc = change(tm, document, keys + (first - lo), win + (first - lo), nold, nb, nnew,
                     &added, err)) != TY_OK)
        goto done;
    rc = record(tm, document, ty_review_op_name(edit->op), edit->who, first, win + (first - lo),
                nold, nb, nnew, 0, added, version, err);
done:
    free(win);
    free(nb);
    free(keys);
    return rc;
}

/* One edit's work inside its transaction (see transact). */
typedef ty_status (*edit_fn)(ty_tm *tm, void *args, ty_error *err);

/* Run fn in an edit's transaction, committed when fn succeeds. When another backend aborted
 * the transaction for a serialization failure or a deadlock, the edit is made again from its
 * start (its reads too), as such a backend retries an import's merge. */
static ty_status transact(ty_tm *tm, edit_fn fn, void *args, ty_error *err)
{
    ty_status rc;

    for (int tries = 1;; tries++) {
        if ((rc = begin(tm, err)) != TY_OK)
            return rc;
        rc = finish(tm, fn(tm, args, err), err);
        if (rc == TY_OK || !tm->be || !tm->be->edit_retry(tm) || tries >= TY__EDIT_TRIES)
            return rc;
    }
}

typedef struct apply_args {
    const long long *documents;
    const ty_review_edit *edits;
    size_t n, *failed;
    long long *version;
} apply_args;

static ty_status apply_edits(ty_tm *tm, void *args, ty_error *err)
{
    apply_args *a = args;
    ty_status rc = TY_OK;
    size_t i;

    for (i = 0; i < a->n && rc == TY_OK; i++)
        rc = apply_one(tm, a->documents[i], &a->edits[i], a->version, err);
    if (a->failed)
        *a->failed = rc == TY_OK ? a->n : i - 1;
    return rc;
}

ty_status ty_tm_review_apply(ty_tm *tm, long long document, const ty_review_edit *edit,
                             long long *version, ty_error *err)
{
    apply_args a = {&document, edit, 1, NULL, version};
    return transact(tm, apply_edits, &a, err);
}

ty_status ty_tm_review_apply_all(ty_tm *tm, const long long *documents,
                                 const ty_review_edit *edits, size_t n, size_t *failed,
                                 ty_error *err)
{
    apply_args a = {documents, edits, n, failed, NULL};
    return transact(tm, apply_edits, &a, err);
}

/* The edit undo takes back: its id, its first bead and its beads before and after. */
typedef struct last_edit {
    long long id;
    size_t first, nbefore, nafter;
    ty_tm_bead *before, *after;
    int damaged;
} last_edit;

static ty_status keep_last(void *user, const ty__edit_row *e, ty_error *err)
{
    last_edit *l = user;

    (void)err;
    l->id = e->id;
    l->first = (size_t)e->first;
    l->damaged = ty__beads_decode(e->before ? e->before : "", &l->before, &l->nbefore) != 0 ||
                 ty__beads_decode(e->after ? e->after : "", &l->after, &l->nafter) != 0;
    return TY_OK;
}

/* The last edit of doc that is neither undone nor an undo, from any backend. */
static ty_status last_edit_read(ty_tm *tm, long long doc, last_edit *l, ty_error *err)
{
    ty_status rc;
    int found = 0;

    if (tm->be) {
        rc = tm->be->edit_last(tm, doc, keep_last, l, &found, err);
    } else {
        sqlite3_stmt *st = NULL;
        if ((rc = ty__tm_prepare(tm,
                                 "SELECT id, first, before, after FROM edits WHERE document = ?1 "
                                 "AND undone = 0 AND op <> 'undo' ORDER BY id DESC LIMIT 1",
                                 &st, err)) != TY_OK)
            return rc;
        sqlite3_bind_int64(st, 1, doc);
        if ((rc = ty__tm_step_row(tm, st, "reading the edits", err,
                                  "document %lld: no edit to undo", doc)) == TY_OK) {
            ty__edit_row e = {sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1), NULL,
                              NULL, NULL, (const char *)sqlite3_column_text(st, 2),
                              (const char *)sqlite3_column_text(st, 3), 0};
            found = 1;
            rc = keep_last(l, &e, err);
        }
        sqlite3_finalize(st);
    }
    if (rc == TY_OK && !found)
        rc = ty__fail(err, TY_ERR_NOTFOUND, tm->path, -1, -1, "document %lld: no edit to undo",
                      doc);
    if (rc == TY_OK && l->damaged)
        rc = ty__fail(err, TY_ERR_FORMAT, tm->path, -1, -1, "edit %lld is damaged", l->id);
    return rc;
}

/* Undo's work inside its transaction. */
static ty_status undo_one(ty_tm *tm, long long document, const char *who, long long *version,
                          ty_error *err)
{
    last_edit l = {0, 0, 0, 0, NULL, NULL, 0};
    ty_tm_bead *beads = NULL, *before, *after;
    size_t n = 0, total = 0, nbefore, nafter, first;
    long long ver, id, added = 0, *keys = NULL;
    ty_status rc;

    if ((rc = last_edit_read(tm, document, &l, err)) != TY_OK)
        goto done;
    id = l.id;
    first = l.first;
    before = l.before;
    nbefore = l.nbefore;
    after = l.after;
    nafter = l.nafter;
    /* the beads the edit left, not the document's */
    if ((rc = ty__tm_beads_read(tm, document, first, first + nafter, &beads, &n, &total, &ver,
                                &keys, err)) != TY_OK)
        goto done;
    if (first > total || n != nafter || !same_beads(beads, after, nafter)) {
        rc = ty__fail(err, TY_ERR_CONFLICT, tm->path, -1, -1,
                      "document %lld: its beads are not what edit %lld left", document, id);
        goto done;
    }
    if ((rc = change(tm, document, keys, beads, nafter, before, nbefore, &added, err)) != TY_OK)
        goto done;
    rc = record(tm, document, "undo", who, first, after, nafter, before, nbefore, id, added,
                version, err);
done:
    free(beads);
    free(keys);
    free(l.before);
    free(l.after);
    return rc;
}

typedef struct undo_args {
    long long document;
    const char *who;
    long long *version;
} undo_args;

static ty_status undo_edit(ty_tm *tm, void *args, ty_error *err)
{
    undo_args *a = args;
    return undo_one(tm, a->document, a->who, a->version, err);
}

ty_status ty_tm_review_undo(ty_tm *tm, long long document, const char *who, long long *version,
                            ty_error *err)
{
    undo_args a = {document, who, version};
    return transact(tm, undo_edit, &a, err);
}

/* One side of an opened document as a ty_doc: a line a sentence, a blank line where a
 * paragraph begins, speaker labels found again as the segmenter finds them (the aligner
 * reads them as it did when the document was first aligned). */
static ty_status side_doc(const ty_tm_review *r, ty_lang lang, ty_doc **out, ty_error *err)
{
    size_t n = ty_tm_review_sentences(r, lang), len = 0, o = 0, para = 0, p;
    ty_segmenter *seg = NULL;
    char *buf;
    ty_status rc;

    for (size_t i = 0; i < n; i++)
        len += strlen(ty_tm_review_sentence(r, lang, i, NULL)) + 2;
    if (!(buf = malloc(len + 1)))
        return ty__nomem(err);
    for (size_t i = 0; i < n; i++) {
        const char *t = ty_tm_review_sentence(r, lang, i, &p);
        size_t tl = strlen(t);
        if (i > 0 && p != para)
            buf[o++] = '\n';
        para = p;
        memcpy(buf + o, t, tl);
        o += tl;
        buf[o++] = '\n';
    }
    if ((rc = ty_segmenter_new(lang, &seg, err)) == TY_OK)
        rc = ty_segment_lines(seg, buf, o, ty_tm_review_name(r), out, err);
    ty_segmenter_free(seg);
    free(buf);
    return rc;
}

/* Whether a bead holds the re-alignment fixed: a pinned pair, or a pair a reviewer accepted
 * (or made by an edit), as OmegaT's and memoQ's aligners keep confirmed links. */
static int held(const ty_tm_bead *b)
{
    return b->ja_count && b->en_count && (b->pinned || b->status == TY_BEAD_REVIEWED);
}

/* The beads of a new alignment of an opened document: the held beads (see held) as pins, and
 * a bead that was there before with the same sentences keeps its status and pin (and, when
 * only its review held it, its confidence). */
static ty_status realigned(const ty_tm_review *r, const ty_align_opts *opts, ty_tm_bead **out,
                           size_t *nout, ty_error *err)
{
    size_t n = ty_tm_review_beads(r), npins = 0, k = 0;
    ty_doc *ja = NULL, *en = NULL;
    ty_alignment *al = NULL;
    ty_bead *pins = NULL;
    ty_tm_bead *v = NULL;
    ty_status rc;

    *out = NULL;
    *nout = 0;
    if (ty_tm_review_lost(r))
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1,
                        "document '%s': %zu of its sentences were never stored (a memory "
                        "older than sentence structure), so it cannot be aligned again",
                        ty_tm_review_name(r), ty_tm_review_lost(r));
    if (!(pins = malloc((n ? n : 1) * sizeof *pins)))
        return ty__nomem(err);
    for (size_t i = 0; i < n; i++) {
        const ty_tm_bead *b = ty_tm_review_bead(r, i);
        if (held(b))
            pins[npins++] = (ty_bead){b->ja_first, b->ja_count, b->en_first, b->en_count, 1};
    }
    if ((rc = side_doc(r, TY_LANG_JA, &ja, err)) != TY_OK ||
        (rc = side_doc(r, TY_LANG_EN, &en, err)) != TY_OK ||
        (rc = ty_align_pinned(ja, en, pins, npins, opts, &al, err)) != TY_OK)
        goto done;
    if (!(v = calloc(ty_alignment_count(al) + 1, sizeof *v))) {
        rc = ty__nomem(err);
        goto done;
    }
    for (size_t i = 0; i < ty_alignment_count(al); i++) {
        const ty_bead *a = ty_alignment_bead(al, i);
        ty_tm_bead *b = &v[i];
        *b = (ty_tm_bead){a->ja_first, a->ja_count, a->en_first, a->en_count, a->confidence,
                          TY_BEAD_ALIGNED, 0, 0};
        /* every bead holds a sentence, so ja_first + en_first grows bead by bead in both
         * alignments: walk the old one alongside */
        while (k < n && ty_tm_review_bead(r, k)->ja_first + ty_tm_review_bead(r, k)->en_first <
                            a->ja_first + a->en_first)
            k++;
        if (k < n && same_sentences(ty_tm_review_bead(r, k), b)) {
            const ty_tm_bead *o = ty_tm_review_bead(r, k);
            b->status = o->status;
            b->pinned = o->pinned;
            /* held only because it is reviewed: the pin's confidence 1 is not the aligner's */
            if (held(o) && !o->pinned)
                b->confidence = o->confidence;
        }
    }
    *out = v;
    *nout = ty_alignment_count(al);
done:
    ty_alignment_free(al);
    ty_doc_free(ja);
    ty_doc_free(en);
    free(pins);
    return rc;
}

/* Realign's work inside its transaction. */
static ty_status realign_one(ty_tm *tm, long long document, const ty_align_opts *opts,
                             long long expect_version, const char *who, long long *version,
                             ty_error *err)
{
    ty_tm_review *r = NULL;
    ty_tm_bead *nb = NULL;
    size_t nnew = 0;
    long long added = 0;
    ty_status rc;

    if ((rc = ty_tm_review_open(tm, document, &r, err)) != TY_OK)
        goto done;
    if (expect_version >= 0 && expect_version != ty_tm_review_version(r)) {
        rc = conflict(tm, document, expect_version, ty_tm_review_version(r), err);
        goto done;
    }
    if ((rc = realigned(r, opts, &nb, &nnew, err)) != TY_OK ||
        (rc = replace(tm, document, NULL, ty_tm_review_beads(r), nb, nnew, 1, &added, err)) !=
            TY_OK)
        goto done;
    rc = record(tm, document, "realign", who, 0, ty_tm_review_bead(r, 0),
                ty_tm_review_beads(r), nb, nnew, 0, added, version, err);
done:
    ty_tm_review_free(r);
    free(nb);
    return rc;
}

typedef struct realign_args {
    long long document, expect_version, *version;
    const ty_align_opts *opts;
    const char *who;
} realign_args;

static ty_status realign_edit(ty_tm *tm, void *args, ty_error *err)
{
    realign_args *a = args;
    return realign_one(tm, a->document, a->opts, a->expect_version, a->who, a->version, err);
}

ty_status ty_tm_review_realign(ty_tm *tm, long long document, const ty_align_opts *opts,
                               long long expect_version, const char *who, long long *version,
                               ty_error *err)
{
    realign_args a = {document, expect_version, version, opts, who};
    return transact(tm, realign_edit, &a, err);
}

/* Beads in an encoding: its lines. */
static size_t lines(const char *s)
{
    size_t n = 0;
    for (; s && *s; s++)
        n += *s == '\n';
    return n;
}

/* The reviewed or rejected beads of `before` that `after` does not hold with the same
 * sentences and status (both encoded, in document order); -1 when one does not decode. */
static long marks_lost(const char *before, const char *after)
{
    ty_tm_bead *b = NULL, *a = NULL;
    size_t nb = 0, na = 0, k = 0;
    long lost = 0;

    if (ty__beads_decode(before, &b, &nb) != 0 || ty__beads_decode(after, &a, &na) != 0)
        lost = -1;
    for (size_t i = 0; i < nb && lost >= 0; i++) {
        if (b[i].status == TY_BEAD_ALIGNED)
            continue;
        while (k < na && a[k].ja_first + a[k].en_first < b[i].ja_first + b[i].en_first)
            k++;
        if (!(k < na && same_sentences(&a[k], &b[i]) && a[k].status == b[i].status))
            lost++;
    }
    free(b);
    free(a);
    return lost;
}

typedef struct history {
    ty_tm *tm;
    ty_tm_edit_fn fn;
    void *userdata;
} history;

static ty_status history_row(void *user, const ty__edit_row *row, ty_error *err)
{
    history *h = user;
    ty_tm_edit e;

    e.id = row->id;
    e.at = row->at;
    e.who = row->who;
    e.op = row->op;
    e.first = (size_t)row->first;
    e.before = lines(row->before);
    e.after = lines(row->after);
    e.undone = row->undone;
    e.marks_lost = 0;
    if (!strcmp(e.op ? e.op : "", "realign")) {
        long lost = marks_lost(row->before ? row->before : "", row->after ? row->after : "");
        if (lost < 0)
            return ty__fail(err, TY_ERR_FORMAT, h->tm->path, -1, -1, "edit %lld is damaged",
                            e.id);
        e.marks_lost = (size_t)lost;
    }
    return h->fn(&e, h->userdata);
}

ty_status ty_tm_review_history(ty_tm *tm, long long document, ty_tm_edit_fn fn, void *userdata,
                               ty_error *err)
{
    history h = {tm, fn, userdata};
    return ty__tm_edits(tm, document, history_row, &h, err);
}
