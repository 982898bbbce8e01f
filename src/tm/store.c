/*
 * store.c — adding units to a memory: the streaming import (one transaction per document, or
 * a savepoint in a group of imports: ty_tm_group_begin), duplicate pairs kept once with a count
 * and every provenance, idempotence by the document's content hash, props encoding,
 * ty_tm_add_units, and deferred indexing (ty_tm_index_defer, ty_tm_index_fold; a batch's
 * groups also count the units that come again from a memo of the units they stored or found,
 * tm->memo). Alignments are turned into units by store_alignment.c; the search indexes
 * are filled through index.c.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/alloc.h"
#include "base/error.h"
#include "tm.h"

struct ty_tm_import {
    ty_tm *tm;
    ty__indexer ix;
    sqlite3_stmt *find, *same, *bump, *ins_unit, *ins_text, *ins_occ;
    ty__hash128 hash;
    int hash_given;
    int bare;           /* in a bare group, without a savepoint: failing undoes the group */
    char hash_hex[33];
    long long doc;
    size_t position;
    int shift; /* occurrences at position << shift (ty__tm_import_spaced) */
    int plain; /* no structure reconstructed from the units' props (ty__tm_import_plain) */
    int staged;   /* another backend: units given to it so far */
    int segments; /* its first unit says which sentences it was made of (x-ja-segments) */
    char *ja_lang, *en_lang;
    ty__tokens words;
    int empty;          /* the memory held no units when the import began */
    long long next_unit; /* the id of the next new unit (never one a removed unit had) */
    ty__pair_set seen;  /* then: the pairs added and their units, found without an index */
    ty_tm_import_stats stats;
    void *be_imp;       /* the import in another backend (tm->be), which stores the units */
    int attached;       /* be_imp is the backend's attach_* import (ty__tm_import_attach) */
    long long *replaces; /* the documents its commit takes out (ty_tm_import_replace) */
    size_t nreplaces, capreplaces;
};

static const char *const sql_find =
    "SELECT u.id FROM units u JOIN unit_text t ON t.id = u.id "
    "WHERE u.ja_hash = ?1 AND u.en_hash = ?2 AND t.ja = ?3 AND t.en = ?4 LIMIT 1";
static const char *const sql_same = "SELECT ja = ?2 AND en = ?3 FROM unit_text WHERE id = ?1";
/* An import into an empty memory builds these once, before it commits, rather than row by
 * row; both are inside its transaction, so a memory never lacks them. */
static const char sql_drop_indexes[] =
    "DROP INDEX units_ja_hash; DROP INDEX units_en_hash; DROP INDEX occurrences_unit";
static const char sql_create_indexes[] =
    TY__TM_INDEX_UNITS_JA "; " TY__TM_INDEX_UNITS_EN "; " TY__TM_INDEX_OCC_UNIT;
static const char *const sql_bump =
    "UPDATE units SET count = count + 1, confidence = CASE WHEN ?2 IS NULL THEN confidence "
    "WHEN confidence IS NULL OR ?2 > confidence THEN ?2 ELSE confidence END WHERE id = ?1";
static const char *const sql_ins_unit =
    "INSERT INTO units(id, ja_hash, en_hash, ja_len, en_len, confidence, shape, count) "
    "VALUES(?7, ?1, ?2, ?3, ?4, ?5, ?6, 1)";
static const char *const sql_ins_text =
    "INSERT INTO unit_text(id, ja, en, ja_norm, en_norm) VALUES(?1, ?2, ?3, ?4, ?5)";
static const char *const sql_ins_occ =
    "INSERT INTO occurrences(document, position, unit, confidence, shape, tuid, props, "
    "ja_lang, en_lang) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
static const char sql_doc_by_hash[] = "SELECT id FROM documents WHERE hash = ?1";
static const char sql_max_unit[] = "SELECT coalesce(max(id), 0) FROM units";
static const char sql_retired_unit[] =
    "SELECT coalesce((SELECT last FROM retired WHERE what = 'unit'), 0)";
static const char sql_ins_doc[] =
    "INSERT INTO documents(id, name, hash, ja_lang, en_lang, imported_at, units) "
    "VALUES(max(coalesce((SELECT max(id) FROM documents), 0), coalesce((SELECT last FROM "
    "retired WHERE what = 'document'), 0)) + 1, ?1, 'pending', '', '', ?2, 0)";
static const char sql_doc_done[] =
    "UPDATE documents SET hash = ?2, ja_lang = ?3, en_lang = ?4, units = ?5 WHERE id = ?1";

/* Props the memory keeps in columns or writes itself on export. */
static int own_prop(const char *type)
{
    return !strcmp(type, "x-confidence") || !strcmp(type, "x-shape") ||
           !strcmp(type, "x-document") || !strcmp(type, "x-count") ||
           !strcmp(type, "x-taiyaku-reviewed");
}

int ty__tm_props_push(ty_prop **v, size_t *n, size_t *cap, const char *type, const char *value)
{
    if (*n == *cap) {
        size_t c = *cap ? 2 * *cap : 8;
        ty_prop *nv = realloc(*v, c * sizeof *nv);
        if (!nv)
            return -1;
        *v = nv;
        *cap = c;
    }
    (*v)[*n].type = type;
    (*v)[*n].value = value;
    (*n)++;
    return 0;
}

int ty__tm_props_decode(char *buf, ty_prop **v, size_t *n, size_t *cap)
{
    char *rec;

    while ((rec = strsep(&buf, "\x1e")) != NULL) {
        char *value = strchr(rec, '\x1f');
        if (!value)
            continue;
        *value++ = '\0';
        if (ty__tm_props_push(v, n, cap, rec, value) != 0)
            return -1;
    }
    return 0;
}

char *ty__tm_props_encode(const ty_prop *props, size_t n)
{
    size_t len = 0, o = 0;
    char *out;

    for (size_t i = 0; i < n; i++)
        if (props[i].type && !own_prop(props[i].type))
            len += strlen(props[i].type) + strlen(props[i].value ? props[i].value : "") + 2;
    if (len == 0 || !(out = malloc(len + 1)))
        return NULL;
    for (size_t i = 0; i < n; i++) {
        const char *v = props[i].value ? props[i].value : "";
        size_t tl, vl;
        if (!props[i].type || own_prop(props[i].type))
            continue;
        tl = strlen(props[i].type);
        vl = strlen(v);
        memcpy(out + o, props[i].type, tl);
        o += tl;
        out[o++] = '\x1f';
        memcpy(out + o, v, vl);
        o += vl;
        out[o++] = '\x1e';
    }
    out[o] = '\0';
    return out;
}

/* The content of one unit as it goes into the document's hash. */
static void hash_unit(ty__hash128 *h, const ty_unit *u)
{
    char conf[40];
    const char *parts[6] = {u->ja ? u->ja : "",           u->en ? u->en : "",
                            u->shape ? u->shape : "",     u->id ? u->id : "",
                            u->ja_lang ? u->ja_lang : "", u->en_lang ? u->en_lang : ""};

    for (int i = 0; i < 6; i++)
        ty__hash128_add(h, parts[i], strlen(parts[i]) + 1);
    snprintf(conf, sizeof conf, "%.17g", u->confidence < 0 ? -1.0 : u->confidence);
    ty__hash128_add(h, conf, strlen(conf) + 1);
    for (size_t i = 0; i < u->nprops; i++) {
        const char *t = u->props[i].type ? u->props[i].type : "";
        const char *v = u->props[i].value ? u->props[i].value : "";
        ty__hash128_add(h, t, strlen(t) + 1);
        ty__hash128_add(h, v, strlen(v) + 1);
    }
    ty__hash128_add(h, "\x1e", 1);
}

static int is_blank_after_norm(const char *norm)
{
    return norm[0] == '\0';
}

/* Code points in s[0, n). */
static size_t count_chars(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += ((unsigned char)s[i] & 0xc0) != 0x80;
    return k;
}

static ty_status now_utc(char out[32], ty_error *err)
{
    time_t t = time(NULL);
    struct tm tmv;
    if (!gmtime_r(&t, &tmv) || strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tmv) == 0)
        return ty__fail(err, TY_ERR_INTERNAL, NULL, -1, -1, "cannot read the clock");
    return TY_OK;
}

/* The value of the n digits at s. */
static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

int ty__tm_valid_time(const char *s)
{
    static const char shape[] = "dddd-dd-ddTdd:dd:dd";
    static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    size_t n = strlen(s), i;
    int y, m, d;

    if (n > 0 && s[n - 1] == 'Z')
        n--;
    if (n != 10 && n != 16 && n != 19)
        return 0;
    for (i = 0; i < n; i++) {
        if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != shape[i])
            return 0;
    }
    y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1] ||
        (m == 2 && d == 29 && (y % 4 != 0 || (y % 100 == 0 && y % 400 != 0))))
        return 0;
    return n == 10 || (digits(s + 11, 2) < 24 && digits(s + 14, 2) < 60 &&
                       (n == 16 || digits(s + 17, 2) < 60));
}

ty_status ty_tm_time_check(const char *s, ty_error *err)
{
    if (s && ty__tm_valid_time(s))
        return TY_OK;
    return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1,
                    "bad time '%s' (want a UTC date and time that exist: YYYY-MM-DD, "
                    "YYYY-MM-DDThh:mm or YYYY-MM-DDThh:mm:ssZ)",
                    s ? s : "");
}

ty_status ty__tm_document_by_hash(ty_tm *tm, const char *hex, long long *id, ty_error *err)
{
    sqlite3_stmt *st;
    ty_status rc;
    int step;

    *id = 0;
    if (tm->be)
        return tm->be->document_by_hash(tm, hex, id, err);
    if ((rc = ty__tm_kept(tm, sql_doc_by_hash, &st, err)) != TY_OK)
        return rc;
    sqlite3_bind_text(st, 1, hex, -1, SQLITE_STATIC);
    step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        *id = sqlite3_column_int64(st, 0);
    else if (step != SQLITE_DONE)
        rc = ty__tm_fail(tm, err, "reading documents");
    sqlite3_reset(st);
    return rc;
}

ty_status ty__tm_known(ty_tm *tm, const char *hex, size_t n, ty_tm_import_stats *stats,
                       int *known, ty_error *err)
{
    long long earlier = 0;
    ty_status rc = ty__tm_document_by_hash(tm, hex, &earlier, err);

    *known = rc == TY_OK && earlier != 0;
    if (*known && stats) {
        memset(stats, 0, sizeof *stats);
        stats->document = earlier;
        stats->already = 1;
        stats->units = n;
    }
    return rc;
}

static void import_free(ty_tm_import *imp)
{
    sqlite3_stmt *sts[] = {imp->find, imp->same, imp->bump, imp->ins_unit, imp->ins_text, imp->ins_occ};
    for (size_t i = 0; i < sizeof sts / sizeof sts[0]; i++)
        sqlite3_reset(sts[i]); /* kept by the handle */
    ty__indexer_free(&imp->ix);
    ty__pair_set_free(&imp->seen);
    ty__tokens_free(&imp->words);
    free(imp->ja_lang);
    free(imp->en_lang);
    free(imp->replaces);
    imp->tm->importing = 0;
    free(imp);
}

/* The end of the open group's transaction (committed or rolled back): the handle's settings
 * for single imports again. */
static void group_end(ty_tm *tm)
{
    tm->group = tm->group_bare = 0;
    sqlite3_exec(tm->db, "PRAGMA cache_size=-65536", NULL, NULL, NULL);
    sqlite3_wal_autocheckpoint(tm->db, TY__TM_CHECKPOINT);
}

static void import_end(ty_tm_import *imp, int commit_ok)
{
    ty_tm *tm = imp->tm;

    if (!commit_ok && imp->bare) { /* the whole group goes, its trigram counts too */
        ty__unit_memo_free(&tm->memo);
        sqlite3_exec(tm->db, "ROLLBACK", NULL, NULL, NULL);
        for (int l = 0; l < 2; l++) {
            ty__gram_counter_free(tm->group_grams[l]);
            tm->group_grams[l] = NULL;
        }
        group_end(tm);
    } else if (!commit_ok) {
        ty__unit_memo_free(&tm->memo); /* it may name units rolled back */
        sqlite3_exec(tm->db, tm->group ? "ROLLBACK TO ty_import; RELEASE ty_import" : "ROLLBACK",
                     NULL, NULL, NULL);
    }
    if (!imp->tm->group) /* a group keeps the import's cache until it commits */
        sqlite3_exec(imp->tm->db, "PRAGMA cache_size=-65536", NULL, NULL, NULL);
    import_free(imp);
}

/* An import that did not commit: a memory being made is then not kept (open.c), and the
 * write-ahead log of any other is truncated when no reader needs it, so that a failed import
 * (a full disk) does not keep its size on the disk. */
static void import_failed(ty_tm_import *imp)
{
    ty_tm *tm = imp->tm;

    import_end(imp, 0);
    if (tm->group)
        return; /* the group's other imports stay */
    if (tm->hidden) {
        tm->failed = 1;
        return;
    }
    sqlite3_busy_timeout(tm->db, 0);
    sqlite3_wal_checkpoint_v2(tm->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
    sqlite3_busy_timeout(tm->db, TY__TM_BUSY_TIMEOUT_MS);
}

static int bad_utf8(const char *s)
{
    return s && ty_utf8_check(s, strlen(s)) < strlen(s);
}

/* The import's statements, its indexer (`bulk_held` as ty__indexer_init's `held`; the lists
 * are not built anew inside a group, whose trigram counts, which size that build, are written
 * when it commits) and the id of its first new unit, above `held` (the largest unit id) and
 * above every retired one. */
static ty_status prepare(ty_tm_import *imp, long long held, long long bulk_held, ty_error *err)
{
    ty_tm *tm = imp->tm;
    long long retired = 0;
    ty_status rc;

    if ((rc = ty__tm_kept_int(tm, sql_retired_unit, 0, &retired, err)) != TY_OK)
        return rc;
    imp->next_unit = (held > retired ? held : retired) + 1;
    if ((rc = ty__tm_kept(tm, sql_find, &imp->find, err)) != TY_OK ||
        (rc = ty__tm_kept(tm, sql_same, &imp->same, err)) != TY_OK ||
        (rc = ty__tm_kept(tm, sql_bump, &imp->bump, err)) != TY_OK ||
        (rc = ty__tm_kept(tm, sql_ins_unit, &imp->ins_unit, err)) != TY_OK ||
        (rc = ty__tm_kept(tm, sql_ins_text, &imp->ins_text, err)) != TY_OK ||
        (rc = ty__tm_kept(tm, sql_ins_occ, &imp->ins_occ, err)) != TY_OK)
        return rc;
    return ty__indexer_init(&imp->ix, tm, tm->group ? -1 : bulk_held, err);
}

ty_status ty__tm_import_begin_hashed(ty_tm *tm, const ty_tm_docinfo *info, const char *hex,
                                     ty_tm_import **out, ty_error *err)
{
    ty_tm_import *imp;
    sqlite3_stmt *st = NULL;
    char now[32];
    const char *when;
    long long held = 0;
    ty_status rc;

    *out = NULL;
    if (!info || !info->name || !*info->name)
        return ty__fail(err, TY_ERR_INVALID, tm->path, -1, -1, "an import needs a document name");
    if (bad_utf8(info->name) || bad_utf8(info->ja_lang) || bad_utf8(info->en_lang))
        return ty__fail(err, TY_ERR_ENCODING, tm->path, -1, -1,
                        "the document's name or language codes are not valid UTF-8");
    if (tm->readonly)
        return ty__fail(err, TY_ERR_IO, tm->path, -1, -1, "%s", tm->readonly_why);
    if (tm->importing)
        return ty__fail(err, TY_ERR_INVALID, tm->path, -1, -1,
                        "another import is running on this handle");
    if (info->imported_at && ty_tm_time_check(info->imported_at, err) != TY_OK)
        return TY_ERR_INVALID;
    if (!info->imported_at && (rc = now_utc(now, err)) != TY_OK)
        return rc;
    when = info->imported_at ? info->imported_at : now;
    if (!(imp = calloc(1, sizeof *imp)))
        return ty__nomem(err);
    imp->tm = tm;
    tm->importing = 1;
    ty__hash128_init(&imp->hash);
    if (hex) {
        imp->hash_given = 1;
        snprintf(imp->hash_hex, sizeof imp->hash_hex, "%s", hex);
    }
    imp->ja_lang = info->ja_lang ? strdup(info->ja_lang) : NULL;
    imp->en_lang = info->en_lang ? strdup(info->en_lang) : NULL;
    if ((info->ja_lang && !imp->ja_lang) || (info->en_lang && !imp->en_lang)) {
        rc = ty__nomem(err);
        import_free(imp);
        return rc;
    }
    if (!tm->matcher && (rc = ty__matcher_new(&tm->matcher, err)) != TY_OK) {
        import_free(imp);
        return rc;
    }
    if (tm->be) {
        if ((rc = tm->be->import_begin(tm, info->name, when, &imp->be_imp, err)) != TY_OK) {
            import_free(imp);
            return rc;
        }
        *out = imp;
        return TY_OK;
    }
    if (!tm->group) /* a group set it at its beginning */
        sqlite3_exec(tm->db, "PRAGMA cache_size=-262144", NULL, NULL, NULL);
    /* a savepoint has SQLite copy each page it changes first into a statement journal */
    imp->bare = tm->group && tm->group_bare && hex;
    if (!imp->bare &&
        (rc = ty__tm_exec(tm, tm->group ? "SAVEPOINT ty_import" : "BEGIN IMMEDIATE", err)) !=
            TY_OK) {
        if (!tm->group)
            sqlite3_exec(tm->db, "PRAGMA cache_size=-65536", NULL, NULL, NULL);
        import_free(imp);
        return rc;
    }
    if ((rc = ty__tm_kept(tm, sql_ins_doc, &st, err)) != TY_OK)
        goto fail;
    sqlite3_bind_text(st, 1, info->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, when, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE) {
        rc = ty__tm_fail(tm, err, "adding the document");
        goto fail;
    }
    imp->doc = sqlite3_last_insert_rowid(tm->db);
    sqlite3_reset(st);
    st = NULL;
    /* the largest id: how many units the memory holds, or more after a document's removal
     * (then the lists may be merged into where building them anew would have done) */
    if ((rc = ty__tm_kept_int(tm, sql_max_unit, 0, &held, err)) != TY_OK)
        goto fail;
    imp->empty = held == 0;
    if (imp->empty && (rc = ty__tm_exec(tm, sql_drop_indexes, err)) != TY_OK)
        goto fail;
    if ((rc = prepare(imp, held, held, err)) != TY_OK)
        goto fail;
    *out = imp;
    return TY_OK;
fail:
    sqlite3_reset(st);
    import_failed(imp);
    return rc;
}

ty_status ty_tm_import_begin(ty_tm *tm, const ty_tm_docinfo *info, ty_tm_import **out,
                             ty_error *err)
{
    return ty__tm_import_begin_hashed(tm, info, NULL, out, err);
}

long long ty__tm_import_document(const ty_tm_import *imp)
{
    return imp->doc;
}

ty_status ty__tm_import_structure(ty_tm_import *imp, const ty_doc *ja, const ty_doc *en,
                                  const ty_alignment *al, ty_error *err)
{
    imp->plain = 1; /* its own structure, none reconstructed */
    if (imp->be_imp)
        return imp->tm->be->import_structure(imp->be_imp, ja, en, al, err);
    return ty__tm_structure_store(imp->tm, imp->doc, ja, en, al, err);
}

/* ty__tm_import_attach in another backend: its attach_* entries store the units, in the
 * caller's transaction. */
static ty_status attach_backend(ty_tm_import *imp, ty_error *err)
{
    char name[32];

    snprintf(name, sizeof name, "%lld", imp->doc);
    imp->attached = 1;
    imp->plain = 1;
    return imp->tm->be->attach_begin(imp->tm, name, "", &imp->be_imp, err);
}

ty_status ty__tm_import_attach(ty_tm *tm, long long doc, ty_tm_import **out, ty_error *err)
{
    ty_tm_import *imp;
    long long held = 0;
    ty_status rc;

    *out = NULL;
    if (tm->importing)
        return ty__fail(err, TY_ERR_INVALID, tm->path, -1, -1,
                        "another import is running on this handle");
    if (!(imp = calloc(1, sizeof *imp)))
        return ty__nomem(err);
    imp->tm = tm;
    imp->doc = doc;
    imp->hash_given = 1;
    if (!tm->matcher && (rc = ty__matcher_new(&tm->matcher, err)) != TY_OK)
        goto fail;
    if (tm->be)
        rc = attach_backend(imp, err);
    else if ((rc = ty__tm_kept_int(tm, sql_max_unit, 0, &held, err)) == TY_OK)
        rc = prepare(imp, held, -1, err);
    if (rc != TY_OK)
        goto fail;
    tm->importing = 1;
    *out = imp;
    return TY_OK;
fail:
    import_free(imp);
    return rc;
}

void ty__tm_import_seek(ty_tm_import *imp, size_t position)
{
    imp->position = position;
}

void ty__tm_import_plain(ty_tm_import *imp)
{
    imp->plain = 1;
}

void ty__tm_import_spaced(ty_tm_import *imp, int shift)
{
    imp->shift = shift;
}

ty_status ty__tm_import_detach(ty_tm_import *imp, ty_tm_import_stats *stats, ty_error *err)
{
    ty_status rc;

    memset(stats, 0, sizeof *stats);
    if (imp->be_imp) {
        rc = imp->tm->be->attach_commit(imp->be_imp, "", "ja", "en", stats, err);
        imp->be_imp = NULL;
        import_free(imp);
        return rc;
    }
    if ((rc = ty__indexer_finish(&imp->ix, err)) == TY_OK && imp->tm->group)
        rc = ty__indexer_group(&imp->ix, 1, err);
    if (rc == TY_OK)
        *stats = imp->stats;
    import_free(imp);
    return rc;
}

size_t ty_tm_import_count(const ty_tm_import *imp)
{
    return imp ? imp->stats.units : 0;
}

static void bind_conf(sqlite3_stmt *st, int i, double c)
{
    if (c < 0)
        sqlite3_bind_null(st, i);
    else
        sqlite3_bind_double(st, i, c);
}

static void bind_opt_text(sqlite3_stmt *st, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

/* Run a bound write statement and reset it. */
static ty_status run(ty_tm_import *imp, sqlite3_stmt *st, const char *what, ty_error *err)
{
    ty_status rc = TY_OK;
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = ty__tm_fail(imp->tm, err, what);
    sqlite3_reset(st);
    return rc;
}

/* The id of the stored unit with both original texts equal, or 0. */
static ty_status find_unit(ty_tm_import *imp, uint64_t jh, uint64_t eh, const ty_unit *u,
                           long long *id, ty_error *err)
{
    sqlite3_stmt *st = imp->find;
    int step;

    *id = 0;
    sqlite3_bind_int64(st, 1, (sqlite3_int64)jh);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)eh);
    sqlite3_bind_text(st, 3, u->ja, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, u->en, -1, SQLITE_STATIC);
    step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        *id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return ty__tm_fail(imp->tm, err, "looking for a duplicate");
    return TY_OK;
}

/* Whether unit *id (one whose pair of hashes unit u shares) holds u's texts; *id = 0 if not. */
static ty_status same_unit(ty_tm_import *imp, const ty_unit *u, long long *id, ty_error *err)
{
    sqlite3_stmt *st = imp->same;
    int step;

    sqlite3_bind_int64(st, 1, *id);
    sqlite3_bind_text(st, 2, u->ja, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, u->en, -1, SQLITE_STATIC);
    step = sqlite3_step(st);
    if (step != SQLITE_ROW || !sqlite3_column_int(st, 0))
        *id = 0;
    sqlite3_reset(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return ty__tm_fail(imp->tm, err, "looking for a duplicate");
    return TY_OK;
}

static ty_status insert_unit(ty_tm_import *imp, const ty_unit *u, const char *const norm[2],
                             const size_t len[2], uint64_t jh, uint64_t eh, long long *id,
                             ty_error *err)
{
    sqlite3_stmt *st = imp->ins_unit;
    size_t words = 0;
    ty_status rc;

    if (ty__en_words(imp->tm->matcher, norm[1], len[1], &imp->words, &words) != 0)
        return ty__nomem(err);
    sqlite3_bind_int64(st, 1, (sqlite3_int64)jh);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)eh);
    long long ulen[2] = {(long long)count_chars(norm[0], len[0]), (long long)words};
    sqlite3_bind_int64(st, 3, (sqlite3_int64)ulen[0]);
    sqlite3_bind_int64(st, 4, (sqlite3_int64)ulen[1]);
    bind_conf(st, 5, u->confidence);
    bind_opt_text(st, 6, u->shape);
    sqlite3_bind_int64(st, 7, imp->next_unit);
    if ((rc = run(imp, st, "storing a unit", err)) != TY_OK)
        return rc;
    *id = imp->next_unit++;
    st = imp->ins_text;
    sqlite3_bind_int64(st, 1, *id);
    sqlite3_bind_text(st, 2, u->ja, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, u->en, -1, SQLITE_STATIC);
    bind_opt_text(st, 4, strcmp(norm[0], u->ja) ? norm[0] : NULL);
    bind_opt_text(st, 5, strcmp(norm[1], u->en) ? norm[1] : NULL);
    if ((rc = run(imp, st, "storing a unit's text", err)) != TY_OK)
        return rc;
    return ty__indexer_add(&imp->ix, *id, norm, len, ulen, err);
}

/* A unit's language code when it is not its document's (NULL otherwise). */
static const char *own_lang(const char *unit, const char *doc)
{
    return unit && *unit && (!doc || strcmp(unit, doc) != 0) ? unit : NULL;
}

static ty_status add_occurrence(ty_tm_import *imp, const ty_unit *u, long long id,
                                ty_error *err)
{
    sqlite3_stmt *st = imp->ins_occ;
    char *props = ty__tm_props_encode(u->props, u->nprops);
    ty_status rc;

    sqlite3_bind_int64(st, 1, imp->doc);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)imp->position << imp->shift);
    sqlite3_bind_int64(st, 3, id);
    bind_conf(st, 4, u->confidence);
    bind_opt_text(st, 5, u->shape);
    bind_opt_text(st, 6, u->id);
    bind_opt_text(st, 7, props);
    bind_opt_text(st, 8, own_lang(u->ja_lang, imp->ja_lang));
    bind_opt_text(st, 9, own_lang(u->en_lang, imp->en_lang));
    rc = run(imp, st, "storing a provenance", err);
    free(props);
    return rc;
}

/* Give a prepared unit to the backend that stores it (tm->be). */
static ty_status stage(ty_tm_import *imp, const ty_unit *v, char *const norm[2],
                       const size_t len[2], uint64_t jh, uint64_t eh, ty_error *err)
{
    ty__stage_unit su;
    ty_status rc;

    if (ty__tokenize(imp->tm->matcher, TY_LANG_EN, norm[1], len[1], &imp->words) != 0)
        return ty__nomem(err);
    memset(&su, 0, sizeof su);
    su.unit = v;
    for (int l = 0; l < 2; l++) {
        su.norm[l] = norm[l];
        su.norm_len[l] = len[l];
    }
    su.hash[0] = jh;
    su.hash[1] = eh;
    su.ja_len = count_chars(norm[0], len[0]);
    su.en_len = imp->words.n;
    su.position = imp->position << imp->shift;
    su.ja_lang = own_lang(v->ja_lang, imp->ja_lang);
    su.en_lang = own_lang(v->en_lang, imp->en_lang);
    su.props = ty__tm_props_encode(v->props, v->nprops);
    if (!imp->staged++)
        imp->segments = su.props && strstr(su.props, "x-ja-segments\x1f");
    rc = imp->attached ? imp->tm->be->attach_unit(imp->be_imp, &su, err)
                       : imp->tm->be->import_unit(imp->be_imp, &su, err);
    free((char *)su.props);
    return rc;
}

/* Whether the imports use the units memo (tm->memo): those of a batch's groups, which hold
 * the write lock from the group's start (ty_tm_group_begin checks that nobody wrote since the
 * memo was filled) and undo nothing without emptying it. */
static int memo_on(const ty_tm *tm)
{
    return tm->group && tm->defer_index && !tm->be;
}

/* Unit `id`, with texts[] as its texts, occurs once more: counted, its occurrence stored. */
static ty_status count_again(ty_tm_import *imp, const ty_unit *u, const char *const texts[2],
                             long long id, ty_error *err)
{
    ty_unit v = *u;
    ty_status rc;

    v.ja = texts[0];
    v.en = texts[1];
    sqlite3_bind_int64(imp->bump, 1, id);
    bind_conf(imp->bump, 2, u->confidence);
    if ((rc = run(imp, imp->bump, "counting a duplicate", err)) != TY_OK)
        return rc;
    imp->stats.merged++;
    return add_occurrence(imp, &v, id, err);
}

/* Every string of a unit is well-formed UTF-8: the memory stores only text that
 * ty_tm_verify can check. */
static ty_status check_utf8(ty_tm_import *imp, const ty_unit *u, ty_error *err)
{
    const char *what = bad_utf8(u->ja) ? "Japanese text" : bad_utf8(u->en) ? "English text"
                       : bad_utf8(u->id) ? "id" : bad_utf8(u->ja_lang) || bad_utf8(u->en_lang)
                           ? "language code" : bad_utf8(u->shape) ? "shape" : NULL;

    for (size_t i = 0; i < u->nprops && !what; i++)
        if (bad_utf8(u->props[i].type) || bad_utf8(u->props[i].value))
            what = "prop";
    if (!what)
        return TY_OK;
    return ty__fail(err, TY_ERR_ENCODING, imp->tm->path, -1, -1,
                    "unit %zu: its %s is not valid UTF-8", imp->position + 1, what);
}

ty_status ty_tm_import_add(ty_tm_import *imp, const ty_unit *u, ty_error *err)
{
    char *norm[2] = {NULL, NULL};
    size_t len[2] = {0, 0};
    const char *texts[2];
    long long id = 0;
    uint64_t jh, eh, mkey = 0;
    ty_status rc = TY_OK;

    texts[0] = u->ja ? u->ja : "";
    texts[1] = u->en ? u->en : "";
    for (int l = 0; l < 2; l++)
        if (strlen(texts[l]) > TY_TM_MAX_TEXT)
            return ty__fail(err, TY_ERR_TOOBIG, imp->tm->path, -1, -1,
                            "unit %zu%s%s%s: the %s text is over %zu bytes", imp->position + 1,
                            u->id ? " (id " : "", u->id ? u->id : "", u->id ? ")" : "",
                            l ? "English" : "Japanese", (size_t)TY_TM_MAX_TEXT);
    if ((rc = check_utf8(imp, u, err)) != TY_OK)
        return rc;
    if (!imp->hash_given)
        hash_unit(&imp->hash, u);
    imp->stats.units++;
    if (!imp->ja_lang && u->ja_lang && *u->ja_lang && !(imp->ja_lang = strdup(u->ja_lang)))
        return ty__nomem(err);
    if (!imp->en_lang && u->en_lang && *u->en_lang && !(imp->en_lang = strdup(u->en_lang)))
        return ty__nomem(err);
    if (memo_on(imp->tm)) {
        mkey = ty__unit_memo_key(texts[0], texts[1]);
        if ((id = ty__unit_memo_find(&imp->tm->memo, mkey, texts[0], texts[1])) != 0) {
            rc = count_again(imp, u, texts, id, err);
            goto done;
        }
    }
    for (int l = 0; l < 2; l++)
        if (!(norm[l] = ty_normalize(texts[l], strlen(texts[l]), &len[l]))) {
            rc = ty__nomem(err);
            goto done;
        }
    if (is_blank_after_norm(norm[0]) || is_blank_after_norm(norm[1])) {
        imp->stats.one_sided++;
        goto done;
    }
    jh = ty__tm_hash64(norm[0], len[0]);
    eh = ty__tm_hash64(norm[1], len[1]);
    if (imp->be_imp) {
        ty_unit v = *u;
        v.ja = texts[0];
        v.en = texts[1];
        rc = stage(imp, &v, norm, len, jh, eh, err);
        goto done;
    }
    {
        ty_unit v = *u;
        int maybe = 1; /* whether the pair may be stored already */
        v.ja = texts[0];
        v.en = texts[1];
        if (imp->empty) {
            /* the unit first stored with these hashes, else the one this unit becomes */
            id = imp->next_unit;
            if ((maybe = ty__pair_set_add(&imp->seen, jh, eh, &id)) < 0) {
                rc = ty__nomem(err);
                goto done;
            }
            if (!maybe)
                id = 0;
            else if ((rc = same_unit(imp, &v, &id, err)) != TY_OK)
                goto done;
        }
        /* without the indexes (an empty memory's import) only after a collision of hashes */
        if (maybe && !id && (rc = find_unit(imp, jh, eh, &v, &id, err)) != TY_OK)
            goto done;
        if (id) {
            rc = count_again(imp, u, texts, id, err);
        } else {
            if ((rc = insert_unit(imp, &v, (const char *const *)norm, len, jh, eh, &id, err)) !=
                TY_OK)
                goto done;
            imp->stats.added++;
            rc = add_occurrence(imp, &v, id, err);
        }
        if (rc == TY_OK && mkey && ty__unit_memo_add(&imp->tm->memo, mkey, texts[0], texts[1], id))
            rc = ty__nomem(err);
    }
done:
    imp->position++;
    free(norm[0]);
    free(norm[1]);
    return rc;
}

void ty_tm_import_abort(ty_tm_import *imp)
{
    if (imp && imp->be_imp) {
        if (imp->attached)
            imp->tm->be->attach_abort(imp->be_imp);
        else
            imp->tm->be->import_abort(imp->be_imp);
        import_free(imp);
    } else if (imp)
        import_failed(imp);
}

ty_status ty_tm_import_replace(ty_tm_import *imp, long long id, ty_error *err)
{
    ty_tm *tm = imp->tm;

    if (tm->group || imp->attached)
        return ty__fail(err, TY_ERR_INVALID, tm->path, -1, -1,
                        "an import inside a group of imports cannot replace a document");
    if (imp->be_imp)
        return tm->be->import_replace(imp->be_imp, id, err);
    if (ty__grow((void **)&imp->replaces, &imp->capreplaces, imp->nreplaces + 1,
                 sizeof *imp->replaces) != 0)
        return ty__nomem(err);
    imp->replaces[imp->nreplaces++] = id;
    return TY_OK;
}

ty_status ty_tm_import_commit(ty_tm_import *imp, ty_tm_import_stats *stats, ty_error *err)
{
    ty_tm *tm = imp->tm;
    sqlite3_stmt *st = NULL;
    long long earlier = 0;
    ty_status rc;

    if (!imp->hash_given)
        ty__hash128_hex(&imp->hash, imp->hash_hex);
    if (imp->be_imp) {
        /* the backend checks the hash, merges and commits (or rolls back) */
        rc = tm->be->import_commit(imp->be_imp, imp->hash_hex, imp->ja_lang ? imp->ja_lang : "ja",
                                   imp->en_lang ? imp->en_lang : "en", &imp->stats, err);
        imp->be_imp = NULL;
        /* its structure, when its units say which sentences they were made of: after the
         * import's commit (the document's id is the backend's), in a transaction of its own */
        if (rc == TY_OK && !imp->stats.already && imp->segments && !imp->plain)
            rc = ty__tm_structure_import(tm, imp->stats.document, err);
        if (rc == TY_OK && stats)
            *stats = imp->stats;
        import_free(imp);
        return rc;
    }
    if ((rc = ty__tm_document_by_hash(tm, imp->hash_hex, &earlier, err)) != TY_OK)
        goto fail;
    if (earlier) {
        /* the same content is already there: undo everything, report it */
        ty_tm_import_stats s = imp->stats;
        s.document = earlier;
        s.already = 1;
        s.added = s.merged = s.one_sided = 0;
        import_end(imp, 0);
        if (stats)
            *stats = s;
        return TY_OK;
    }
    if ((rc = ty__indexer_finish(&imp->ix, err)) != TY_OK ||
        (imp->empty && (rc = ty__tm_exec(tm, sql_create_indexes, err)) != TY_OK) ||
        (!imp->plain && (rc = ty__tm_structure_import(tm, imp->doc, err)) != TY_OK))
        goto fail;
    /* the documents it replaces go in the same transaction, once the new one is indexed (or
     * pending), so that a removal that builds the indexes anew builds them with it */
    for (size_t i = 0; i < imp->nreplaces; i++)
        if ((rc = ty__tm_remove_in(tm, imp->replaces[i], NULL, err)) != TY_OK)
            goto fail;
    imp->stats.replaced = imp->nreplaces;
    if ((rc = ty__tm_kept(tm, sql_doc_done, &st, err)) != TY_OK)
        goto fail;
    sqlite3_bind_int64(st, 1, imp->doc);
    sqlite3_bind_text(st, 2, imp->hash_hex, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, imp->ja_lang ? imp->ja_lang : "ja", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, imp->en_lang ? imp->en_lang : "en", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 5, (sqlite3_int64)(imp->stats.added + imp->stats.merged));
    if (sqlite3_step(st) != SQLITE_DONE) {
        rc = ty__tm_fail(tm, err, "recording the document");
        goto fail;
    }
    sqlite3_reset(st);
    st = NULL;
    /* a group's trigram counts are written once, when it commits */
    if (tm->group && (rc = ty__indexer_group(&imp->ix, 1, err)) != TY_OK)
        goto fail;
    if (!imp->bare &&
        (rc = ty__tm_exec(tm, tm->group ? "RELEASE ty_import" : "COMMIT", err)) != TY_OK) {
        if (tm->group)
            ty__indexer_group(&imp->ix, -1, NULL);
        goto fail;
    }
    imp->stats.document = imp->doc;
    if (stats)
        *stats = imp->stats;
    import_end(imp, 1);
    /* a memory being made takes its name (and a new connection) now */
    if (tm->hidden && (rc = ty__tm_publish(tm, err)) != TY_OK)
        return rc;
    ty__plist_merge_due(tm);
    return TY_OK;
fail:
    sqlite3_reset(st);
    import_failed(imp);
    return rc;
}

ty_status ty_tm_group_begin_bare(ty_tm *tm, ty_error *err)
{
    ty_status rc = ty_tm_group_begin(tm, err);

    tm->group_bare = rc == TY_OK && tm->group;
    return rc;
}

ty_status ty_tm_group_begin(ty_tm *tm, ty_error *err)
{
    long long version = 0;
    ty_status rc;

    if (tm->group || tm->importing)
        return ty__fail(err, TY_ERR_INVALID, tm->path, -1, -1,
                        "a group or an import is open on this handle already");
    if (tm->readonly)
        return ty__fail(err, TY_ERR_IO, tm->path, -1, -1, "%s", tm->readonly_why);
    if (tm->be || tm->hidden)
        return TY_OK; /* each import commits on its own */
    if ((rc = ty__tm_exec(tm, "BEGIN IMMEDIATE", err)) != TY_OK)
        return rc;
    /* another connection's commit since the memo was filled may have removed its units */
    if (tm->defer_index && (rc = ty__tm_query_int(tm, "PRAGMA data_version", &version, err)) !=
                               TY_OK) {
        sqlite3_exec(tm->db, "ROLLBACK", NULL, NULL, NULL);
        return rc;
    }
    if (version != tm->memo_version)
        ty__unit_memo_free(&tm->memo);
    tm->memo_version = version;
    sqlite3_exec(tm->db, "PRAGMA cache_size=-262144", NULL, NULL, NULL);
    sqlite3_wal_autocheckpoint(tm->db, TY__TM_GROUP_CHECKPOINT);
    tm->group = 1;
    return TY_OK;
}

ty_status ty_tm_group_commit(ty_tm *tm, ty_error *err)
{
    ty_status rc;

    if (!tm->group)
        return TY_OK;
    tm->group = 0;
    for (int l = 0; l < 2; l++)
        if (tm->group_grams[l] && (rc = ty__gram_counter_flush(tm->group_grams[l], tm, l, err)) !=
                                      TY_OK) {
            ty__gram_counter_free(tm->group_grams[l ^ 1]);
            tm->group_grams[l ^ 1] = NULL;
            goto fail;
        }
    if ((rc = ty__tm_exec(tm, "COMMIT", err)) != TY_OK)
        goto fail;
    group_end(tm);
    ty__plist_merge_due(tm);
    return TY_OK;
fail:
    sqlite3_exec(tm->db, "ROLLBACK", NULL, NULL, NULL);
    ty__unit_memo_free(&tm->memo);
    group_end(tm);
    return rc;
}

void ty_tm_index_defer(ty_tm *tm, int on)
{
    if (tm && !tm->be) {
        tm->defer_index = on != 0;
        ty__unit_memo_free(&tm->memo);
    }
}

ty_status ty_tm_index_fold(ty_tm *tm, ty_error *err)
{
    long long first = 0;
    ty_status rc;

    if (tm->be)
        return TY_OK;
    if (tm->group || tm->importing)
        return ty__fail(err, TY_ERR_INVALID, tm->path, -1, -1,
                        "a group or an import is open on this handle");
    /* nothing pending (read outside a transaction): no write lock taken */
    if ((rc = ty__plist_pending(tm, &first, err)) != TY_OK || first == 0)
        return rc;
    if (tm->readonly)
        return ty__fail(err, TY_ERR_IO, tm->path, -1, -1, "%s", tm->readonly_why);
    if ((rc = ty__tm_exec(tm, "BEGIN IMMEDIATE", err)) != TY_OK)
        return rc;
    sqlite3_exec(tm->db, "PRAGMA cache_size=-262144", NULL, NULL, NULL);
    if ((rc = ty__tm_fold_pending(tm, err)) == TY_OK)
        rc = ty__tm_exec(tm, "COMMIT", err);
    if (rc != TY_OK)
        sqlite3_exec(tm->db, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_exec(tm->db, "PRAGMA cache_size=-65536", NULL, NULL, NULL);
    if (rc == TY_OK)
        ty__plist_merge_due(tm);
    return rc;
}

ty_status ty_tm_add_units(ty_tm *tm, const ty_tm_docinfo *info, const ty_unit *units,
                          size_t n, ty_tm_import_stats *stats, ty_error *err)
{
    ty_tm_import *imp = NULL;
    ty__hash128 h;
    char hex[33];
    int known = 0;
    ty_status rc;

    ty__hash128_init(&h);
    for (size_t i = 0; i < n; i++)
        hash_unit(&h, &units[i]);
    ty__hash128_hex(&h, hex);
    if ((rc = ty__tm_known(tm, hex, n, stats, &known, err)) != TY_OK || known)
        return rc;
    if ((rc = ty__tm_import_begin_hashed(tm, info, hex, &imp, err)) != TY_OK)
        return rc;
    for (size_t i = 0; i < n; i++)
        if ((rc = ty_tm_import_add(imp, &units[i], err)) != TY_OK) {
            ty_tm_import_abort(imp);
            return rc;
        }
    return ty_tm_import_commit(imp, stats, err);
}
