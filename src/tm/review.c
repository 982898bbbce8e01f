/*
 * review.c — review edits on a document's beads in the memory: ty_tm_review_apply (an edit
 * planned by review_plan.c), ty_tm_review_undo, ty_tm_review_realign, and the edit history.
 * Each edit is one transaction that replaces a run of beads and, with them, the occurrences at
 * their keys, the units' counts, confidences and search index entries (a unit no occurrence
 * holds any more is deleted; a new pair becomes a unit through store.c), the document's unit
 * count and version, and records the edit with the beads before and after. The new beads get
 * keys between their neighbours' (tm.h), so an edit writes the rows of its run and no others,
 * unless the run's room is used up: then the fewest beads after it move up (respace).
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

static ty_status begin(ty_tm *tm, ty_error *err)
{
    if (tm->readonly)
        return ty__fail(err, TY_ERR_IO, tm->path, -1, -1, "%s", tm->readonly_why);
    if (tm->importing || tm->group)
        return ty__fail(err, TY_ERR_INVALID, tm->path, -1, -1,
                        "an import or a group of imports is open on this handle");
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

/* One side of a bead: its sentences joined (malloc'd in *out). */
static ty_status side_text(ty_tm *tm, sqlite3_stmt *st, long long doc, int lang, size_t first,
                           size_t count, char **out, ty_error *err)
{
    char **copies;
    size_t k = 0;
    ty_status rc = TY_OK;
    int step;

    *out = NULL;
    if (!(copies = calloc(count + 1, sizeof *copies)))
        return ty__nomem(err);
    sqlite3_bind_int64(st, 1, doc);
    sqlite3_bind_int(st, 2, lang);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)first);
    sqlite3_bind_int64(st, 4, (sqlite3_int64)(first + count));
    while ((step = sqlite3_step(st)) == SQLITE_ROW && k < count) {
        const char *t = (const char *)sqlite3_column_text(st, 0);
        if (t && !(copies[k] = strdup(t))) {
            rc = ty__nomem(err);
            break;
        }
        k++;
    }
    if (rc == TY_OK && step != SQLITE_DONE && step != SQLITE_ROW)
        rc = ty__tm_fail(tm, err, "reading sentences");
    sqlite3_reset(st);
    if (rc == TY_OK && !(*out = ty__join_texts(lang, (const char *const *)copies, k)))
        rc = ty__nomem(err);
    for (size_t i = 0; i < k; i++)
        free(copies[i]);
    free(copies);
    return rc;
}

static void segments(char *buf, size_t size, size_t first, size_t count)
{
    if (count <= 1)
        snprintf(buf, size, "%zu", first);
    else
        snprintf(buf, size, "%zu-%zu", first, first + count - 1);
}

/* The new beads' units: an occurrence at each one's key that has both sides and is not
 * rejected, as ty_tm_add_alignment makes them. */
static ty_status add_units(ty_tm *tm, long long doc, const long long *keys, const ty_tm_bead *b,
                           size_t n, ty_error *err)
{
    ty_tm_import *imp = NULL;
    sqlite3_stmt *st = NULL;
    ty_status rc;

    if ((rc = ty__tm_prepare(tm,
                             "SELECT text FROM sentences WHERE document = ?1 AND lang = ?2 "
                             "AND idx >= ?3 AND idx < ?4 ORDER BY idx",
                             &st, err)) != TY_OK)
        return rc;
    if ((rc = ty__tm_import_attach(tm, doc, &imp, err)) != TY_OK) {
        sqlite3_finalize(st);
        return rc;
    }
    for (size_t i = 0; i < n && rc == TY_OK; i++) {
        char *text[2] = {NULL, NULL}, shape[48], jseg[48], eseg[48];
        ty_prop props[2] = {{"x-ja-segments", jseg}, {"x-en-segments", eseg}};
        ty_unit u;
        if (b[i].ja_count == 0 || b[i].en_count == 0 || b[i].status == TY_BEAD_REJECTED)
            continue;
        if ((rc = side_text(tm, st, doc, 0, b[i].ja_first, b[i].ja_count, &text[0], err)) ==
                TY_OK &&
            (rc = side_text(tm, st, doc, 1, b[i].en_first, b[i].en_count, &text[1], err)) ==
                TY_OK) {
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
    sqlite3_finalize(st);
    if (rc != TY_OK) {
        ty_tm_import_abort(imp);
        return rc;
    }
    return ty__tm_import_detach(imp, err);
}

/* Count the units of the replaced occurrences down; delete those left with none. */
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
static ty_status keys_from(ty_tm *tm, long long doc, long long from, size_t m, long long **out,
                           size_t *n, ty_error *err)
{
    sqlite3_stmt *st = NULL;
    ty_status rc;
    int step;

    *n = 0;
    if (!(*out = malloc((m ? m : 1) * sizeof **out)))
        return ty__nomem(err);
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

/* Record the edit, add `added` (replace's count) to the document's units and raise its version;
 * *version receives it. */
static ty_status record(ty_tm *tm, long long doc, const char *op, const char *who, size_t first,
                        const ty_tm_bead *before, size_t nbefore, const ty_tm_bead *after,
                        size_t nafter, long long added, long long *version, ty_error *err)
{
    sqlite3_stmt *st = NULL;
    char *b = ty__beads_encode(before, nbefore), *a = ty__beads_encode(after, nafter);
    ty_status rc;

    if (!b || !a) {
        rc = ty__nomem(err);
        goto done;
    }
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

/* A run of beads of doc becomes nb[0, nnew), with everything that hangs on them: keys[0,
 * nold) are the run's keys and keys[nold] the key of the bead after it (-1: none); `whole`:
 * the run is the document, whose beads then get regular keys. Only the rows of the run are
 * written (and, when its room is used up, those respace moves). *added receives how many
 * occurrences the document gained (less than 0: lost). */
static ty_status replace(ty_tm *tm, long long doc, const long long *keys, size_t nold,
                         const ty_tm_bead *nb, size_t nnew, int whole, long long *added,
                         ty_error *err)
{
    long long *units = NULL, *nk = NULL, made = 0, lo, hi, end, regular = -1;
    size_t nunits = 0;
    ty_status rc;
    char sql[192];

    if (!whole && nold == 0)
        return ty__fail(err, TY_ERR_INTERNAL, tm->path, -1, -1, "an edit of no beads");
    lo = whole ? 0 : keys[0];
    hi = whole ? -1 : keys[nold];
    end = hi < 0 ? INT64_MAX : hi;
    if (!(nk = malloc((nnew ? nnew : 1) * sizeof *nk)))
        return ty__nomem(err);
    if ((rc = old_units(tm, doc, lo, end, &units, &nunits, err)) != TY_OK ||
        (rc = exec3(tm,
                    "DELETE FROM occurrences WHERE document = ?1 AND position >= ?2 "
                    "AND position < ?3",
                    doc, lo, end, "removing occurrences", err)) != TY_OK ||
        (rc = exec3(tm, "DELETE FROM beads WHERE document = ?1 AND idx >= ?2 AND idx < ?3", doc,
                    lo, end, "removing beads", err)) != TY_OK)
        goto done;
    if (whole) {
        for (size_t i = 0; i < nnew; i++)
            nk[i] = (long long)i << TY__TM_KEY_SHIFT;
        rc = exec3(tm, "UPDATE alignments SET regular = ?2 WHERE document = ?1", doc,
                   TY__TM_KEY_ALL, 0, "keying beads", err);
    } else if ((rc = run_keys(tm, doc, keys, nold, &hi, nk, nnew, &regular, err)) == TY_OK &&
               regular >= 0) {
        rc = exec3(tm, "UPDATE alignments SET regular = min(regular, ?2) WHERE document = ?1",
                   doc, regular, 0, "keying beads", err);
    }
    if (rc != TY_OK || (rc = ty__tm_beads_insert(tm, doc, nk, nb, nnew, err)) != TY_OK ||
        (rc = add_units(tm, doc, nk, nb, nnew, err)) != TY_OK)
        goto done;
    if (nnew) {
        snprintf(sql, sizeof sql,
                 "SELECT count(*) FROM occurrences WHERE document = %lld AND position >= %lld "
                 "AND position <= %lld",
                 doc, nk[0], nk[nnew - 1]);
        if ((rc = ty__tm_query_int(tm, sql, &made, err)) != TY_OK)
            goto done;
    }
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
    if ((rc = replace(tm, document, keys + (first - lo), nold, nb, nnew, 0, &added, err)) !=
        TY_OK)
        goto done;
    rc = record(tm, document, ty_review_op_name(edit->op), edit->who, first, win + (first - lo),
                nold, nb, nnew, added, version, err);
done:
    free(win);
    free(nb);
    free(keys);
    return rc;
}

ty_status ty_tm_review_apply(ty_tm *tm, long long document, const ty_review_edit *edit,
                             long long *version, ty_error *err)
{
    ty_status rc;

    if (tm && tm->be)
        return ty__tm_unsupported(tm, "reviewing a document", err);
    if ((rc = begin(tm, err)) != TY_OK)
        return rc;
    return finish(tm, apply_one(tm, document, edit, version, err), err);
}

ty_status ty_tm_review_apply_all(ty_tm *tm, const long long *documents,
                                 const ty_review_edit *edits, size_t n, size_t *failed,
                                 ty_error *err)
{
    ty_status rc = TY_OK;
    size_t i;

    if (tm && tm->be)
        return ty__tm_unsupported(tm, "reviewing a document", err);
    if ((rc = begin(tm, err)) != TY_OK)
        return rc;
    for (i = 0; i < n && rc == TY_OK; i++)
        rc = apply_one(tm, documents[i], &edits[i], NULL, err);
    if (failed)
        *failed = rc == TY_OK ? n : i - 1;
    return finish(tm, rc, err);
}

ty_status ty_tm_review_undo(ty_tm *tm, long long document, const char *who, long long *version,
                            ty_error *err)
{
    sqlite3_stmt *st = NULL;
    ty_tm_bead *beads = NULL, *before = NULL, *after = NULL;
    size_t n = 0, total = 0, nbefore = 0, nafter = 0, first;
    long long ver, id, added = 0, *keys = NULL;
    ty_status rc;

    if (tm && tm->be)
        return ty__tm_unsupported(tm, "reviewing a document", err);
    if ((rc = begin(tm, err)) != TY_OK)
        return rc;
    if ((rc = ty__tm_prepare(tm,
                             "SELECT id, first, before, after FROM edits WHERE document = ?1 "
                             "AND undone = 0 AND op <> 'undo' ORDER BY id DESC LIMIT 1",
                             &st, err)) != TY_OK)
        goto done;
    sqlite3_bind_int64(st, 1, document);
    if ((rc = ty__tm_step_row(tm, st, "reading the edits", err,
                              "document %lld: no edit to undo", document)) != TY_OK)
        goto done;
    id = sqlite3_column_int64(st, 0);
    first = (size_t)sqlite3_column_int64(st, 1);
    if (ty__beads_decode((const char *)sqlite3_column_text(st, 2), &before, &nbefore) != 0 ||
        ty__beads_decode((const char *)sqlite3_column_text(st, 3), &after, &nafter) != 0) {
        rc = ty__fail(err, TY_ERR_FORMAT, tm->path, -1, -1, "edit %lld is damaged", id);
        goto done;
    }
    sqlite3_finalize(st);
    st = NULL;
    /* the beads the edit left, not the document's */
    if ((rc = ty__tm_beads_read(tm, document, first, first + nafter, &beads, &n, &total, &ver,
                                &keys, err)) != TY_OK)
        goto done;
    if (first > total || n != nafter || !same_beads(beads, after, nafter)) {
        rc = ty__fail(err, TY_ERR_CONFLICT, tm->path, -1, -1,
                      "document %lld: its beads are not what edit %lld left", document, id);
        goto done;
    }
    if ((rc = replace(tm, document, keys, nafter, before, nbefore, 0, &added, err)) != TY_OK ||
        (rc = exec3(tm, "UPDATE edits SET undone = 1 WHERE id = ?2 AND document = ?1",
                    document, id, 0, "marking the edit undone", err)) != TY_OK)
        goto done;
    rc = record(tm, document, "undo", who, first, after, nafter, before, nbefore, added, version,
                err);
done:
    sqlite3_finalize(st);
    free(beads);
    free(keys);
    free(before);
    free(after);
    return finish(tm, rc, err);
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

ty_status ty_tm_review_realign(ty_tm *tm, long long document, const ty_align_opts *opts,
                               long long expect_version, const char *who, long long *version,
                               ty_error *err)
{
    ty_tm_review *r = NULL;
    ty_tm_bead *nb = NULL;
    size_t nnew = 0;
    long long added = 0;
    ty_status rc;

    if (tm && tm->be)
        return ty__tm_unsupported(tm, "reviewing a document", err);
    if ((rc = begin(tm, err)) != TY_OK)
        return rc;
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
                ty_tm_review_beads(r), nb, nnew, added, version, err);
done:
    ty_tm_review_free(r);
    free(nb);
    return finish(tm, rc, err);
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
