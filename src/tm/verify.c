/*
 * verify.c — ty_tm_verify (taiyaku stats --verify): what can be checked of a memory without
 * trusting it. SQLite's integrity check; the counts and provenance that tie the tables
 * together; every unit's texts recomputed from what is stored (well-formed UTF-8, the
 * normalized copies, the hashes and lengths derived from them), so that damaged text is named
 * by its unit; the posting lists and the trigram counts against the units' texts and lengths
 * (plist_build.c). Everything runs in one read transaction, which a writer never blocks. It
 * does not repair anything and does not judge the translations (consistency/ does).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/unicode.h"
#include "tm.h"

static const char *col_text(sqlite3_stmt *st, int i)
{
    const unsigned char *s = sqlite3_column_text(st, i);
    return s ? (const char *)s : "";
}

/* Run a query whose rows are problems; the first one becomes the error. */
static ty_status expect_none(ty_tm *tm, const char *sql, const char *what, ty_error *err)
{
    sqlite3_stmt *st;
    ty_status rc;
    int step;

    if ((rc = ty__tm_prepare(tm, sql, &st, err)) != TY_OK)
        return rc;
    step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        rc = ty__fail(err, TY_ERR_FORMAT, tm->path, -1, -1, "%s: %s", what, col_text(st, 0));
    else if (step != SQLITE_DONE)
        rc = ty__tm_fail(tm, err, what);
    sqlite3_finalize(st);
    return rc;
}

/* ---- the texts of every unit ---- */

typedef struct text_check {
    ty_tm *tm;
    ty__tokens words;
    char why[160];
} text_check;

static const char *side_name(int l)
{
    return l ? "English" : "Japanese";
}

/* Check one side of a unit: its text (column `t`), its stored normalized copy (`n`: NULL
 * when equal to the text), hash and length. 0 when sound; else the reason in c->why. */
static int check_side(text_check *c, sqlite3_stmt *st, int l, int t, int n, sqlite3_int64 hash,
                      sqlite3_int64 len)
{
    /* the types first: reading a value as text converts it */
    int ttype = sqlite3_column_type(st, t), ntype = sqlite3_column_type(st, n);
    const char *text = (const char *)sqlite3_column_text(st, t);
    size_t bytes = (size_t)sqlite3_column_bytes(st, t), bad;
    const char *stored = (const char *)sqlite3_column_text(st, n);
    size_t stored_len = (size_t)sqlite3_column_bytes(st, n);

    if (ttype != SQLITE_TEXT || !text) {
        snprintf(c->why, sizeof c->why, "the %s text is not stored as text", side_name(l));
        return 1;
    }
    if (strlen(text) != bytes) {
        snprintf(c->why, sizeof c->why, "the %s text holds a NUL byte", side_name(l));
        return 1;
    }
    if ((bad = ty_utf8_check(text, bytes)) < bytes) {
        snprintf(c->why, sizeof c->why, "the %s text is not valid UTF-8 (byte %zu)",
                 side_name(l), bad);
        return 1;
    }
    if (ntype == SQLITE_NULL) {
        stored = NULL;
    } else if (ntype != SQLITE_TEXT || !stored) {
        snprintf(c->why, sizeof c->why, "the normalized %s text is not stored as text",
                 side_name(l));
        return 1;
    }
    return ty__tm_check_text(c->tm->matcher, &c->words, l, text, bytes, stored, stored_len,
                             (int64_t)hash, (long long)len, c->why, sizeof c->why);
}

int ty__tm_check_text(ty__matcher *m, ty__tokens *words, int l, const char *text, size_t bytes,
                      const char *stored, size_t stored_len, int64_t hash, long long len,
                      char *why, size_t size)
{
    size_t nlen, units;
    char *norm;
    int rc = 0;

    if (!stored) {
        stored = text;
        stored_len = bytes;
    }
    if (!(norm = ty_normalize(text, bytes, &nlen)))
        return -1;
    if (nlen != stored_len || memcmp(norm, stored, nlen) != 0) {
        snprintf(why, size, "the normalized %s text does not match the text", side_name(l));
        rc = 1;
    } else if ((int64_t)ty__tm_hash64(norm, nlen) != hash) {
        snprintf(why, size, "the hash of the %s text does not match it", side_name(l));
        rc = 1;
    } else {
        if (l == TY_LANG_JA) {
            units = ty__utf8_chars(norm, nlen);
        } else if (ty__tokenize(m, TY_LANG_EN, norm, nlen, words) != 0) {
            free(norm);
            return -1;
        } else {
            units = words->n;
        }
        if ((long long)units != len) {
            snprintf(why, size, "the length of the %s text (%zu) is stored as %lld", side_name(l),
                     units, len);
            rc = 1;
        }
    }
    free(norm);
    return rc;
}

/* The error for a damaged unit: its id and where it first occurs. */
static ty_status unit_damaged(ty_tm *tm, sqlite3_int64 id, const char *why, ty_error *err)
{
    sqlite3_stmt *st;
    char where[300] = "";

    if (ty__tm_stmt(tm, TY__SQL_FIRST, &st, NULL) == TY_OK) {
        sqlite3_bind_int64(st, 1, id);
        if (sqlite3_step(st) == SQLITE_ROW) {
            const char *name = col_text(st, 0);
            size_t ok = ty_utf8_check(name, strlen(name));
            snprintf(where, sizeof where, " (document '%.*s%s', position %lld)",
                     (int)(ok < 200 ? ok : 200), name, ok < strlen(name) ? "…" : "",
                     (long long)sqlite3_column_int64(st, 1) + 1);
        }
        sqlite3_reset(st);
    }
    return ty__fail(err, TY_ERR_FORMAT, tm->path, -1, -1, "texts: unit %lld%s: %s", (long long)id,
                    where, why);
}

static ty_status check_texts(ty_tm *tm, ty_error *err)
{
    static const char sql[] =
        "SELECT u.id, u.ja_hash, u.en_hash, u.ja_len, u.en_len, t.ja, t.en, t.ja_norm, t.en_norm "
        "FROM units u JOIN unit_text t ON t.id = u.id ORDER BY u.id";
    text_check c;
    sqlite3_stmt *st;
    ty_status rc;
    int step, bad = 0;

    memset(&c, 0, sizeof c);
    c.tm = tm;
    if (!tm->matcher && (rc = ty__matcher_new(&tm->matcher, err)) != TY_OK)
        return rc;
    if ((rc = ty__tm_prepare(tm, sql, &st, err)) != TY_OK)
        return rc;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        for (int l = 0; l < 2 && !bad; l++)
            bad = check_side(&c, st, l, 5 + l, 7 + l, sqlite3_column_int64(st, 1 + l),
                             sqlite3_column_int64(st, 3 + l));
        if (bad)
            break;
    }
    if (bad < 0)
        rc = ty__nomem(err);
    else if (bad)
        rc = unit_damaged(tm, sqlite3_column_int64(st, 0), c.why, err);
    else if (step != SQLITE_DONE)
        rc = ty__tm_fail(tm, err, "texts");
    sqlite3_finalize(st);
    ty__tokens_free(&c.words);
    return rc;
}

/* Document names, codes and times, and the units' ids and props, are well-formed UTF-8. */
static ty_status check_strings(ty_tm *tm, ty_error *err)
{
    static const struct {
        const char *sql, *what;
    } q[] = {
        {"SELECT 'document ' || id, name, ja_lang, en_lang, imported_at, hash FROM documents",
         "documents"},
        {"SELECT 'unit ' || unit || ' in document ' || document || ' at position ' || "
         "(position + 1), tuid, props, ja_lang, en_lang FROM occurrences "
         "WHERE coalesce(tuid, props, ja_lang, en_lang) IS NOT NULL",
         "provenance"},
    };
    ty_status rc = TY_OK;

    for (size_t k = 0; k < sizeof q / sizeof q[0] && rc == TY_OK; k++) {
        sqlite3_stmt *st;
        int step;
        if ((rc = ty__tm_prepare(tm, q[k].sql, &st, err)) != TY_OK)
            return rc;
        while (rc == TY_OK && (step = sqlite3_step(st)) == SQLITE_ROW)
            for (int i = 1; i < sqlite3_column_count(st); i++) {
                const char *s = (const char *)sqlite3_column_text(st, i);
                size_t n = (size_t)sqlite3_column_bytes(st, i);
                if (s && (strlen(s) != n || ty_utf8_check(s, n) < n)) {
                    rc = ty__fail(err, TY_ERR_FORMAT, tm->path, -1, -1,
                                  "%s: %s: %s is not valid UTF-8", q[k].what, col_text(st, 0),
                                  sqlite3_column_name(st, i));
                    break;
                }
            }
        if (rc == TY_OK && step != SQLITE_DONE)
            rc = ty__tm_fail(tm, err, q[k].what);
        sqlite3_finalize(st);
    }
    return rc;
}

const ty__tm_check ty__tm_ties[TY__TM_TIES] = {
    {"SELECT 'unit ' || u.id || ' has count ' || u.count || ' but ' || count(o.unit) || "
     "' occurrences' FROM units u LEFT JOIN occurrences o ON o.unit = u.id "
     "GROUP BY u.id HAVING u.count <> count(o.unit) LIMIT 1",
     "counts"},
    {"SELECT 'occurrence of missing unit ' || o.unit FROM occurrences o "
     "WHERE NOT EXISTS (SELECT 1 FROM units u WHERE u.id = o.unit) LIMIT 1",
     "provenance"},
    {"SELECT 'occurrence in missing document ' || o.document FROM occurrences o "
     "WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = o.document) LIMIT 1",
     "provenance"},
    {"SELECT 'document ' || d.id || ' lists ' || d.units || ' units but has ' || "
     "(SELECT count(*) FROM occurrences o WHERE o.document = d.id) FROM documents d "
     "WHERE d.units <> (SELECT count(*) FROM occurrences o WHERE o.document = d.id) LIMIT 1",
     "documents"},
};

ty_status ty_tm_verify(ty_tm *tm, ty_error *err)
{
    if (tm && tm->be)
        return tm->be->verify(tm, err);
    static const ty__tm_check checks[] = {
        {"SELECT integrity_check FROM pragma_integrity_check WHERE integrity_check <> 'ok'",
         "integrity check"},
        {"SELECT 'unit ' || u.id || ' has no text' FROM units u "
         "WHERE NOT EXISTS (SELECT 1 FROM unit_text t WHERE t.id = u.id) LIMIT 1",
         "texts"},
        {"SELECT 'text ' || t.id || ' has no unit' FROM unit_text t "
         "WHERE NOT EXISTS (SELECT 1 FROM units u WHERE u.id = t.id) LIMIT 1",
         "texts"},
    };
    ty_status rc = TY_OK;
    int began;

    if ((rc = ty__tm_read_begin(tm, &began, err)) != TY_OK)
        return rc;
    rc = expect_none(tm, checks[0].sql, checks[0].what, err);
    for (size_t i = 0; i < TY__TM_TIES && rc == TY_OK; i++)
        rc = expect_none(tm, ty__tm_ties[i].sql, ty__tm_ties[i].what, err);
    for (size_t i = 1; i < sizeof checks / sizeof checks[0] && rc == TY_OK; i++)
        rc = expect_none(tm, checks[i].sql, checks[i].what, err);
    if (rc == TY_OK)
        rc = check_texts(tm, err);
    if (rc == TY_OK)
        rc = check_strings(tm, err);
    if (rc == TY_OK)
        rc = ty__plist_verify(tm, err);
    ty__tm_read_end(tm, began);
    return rc;
}
