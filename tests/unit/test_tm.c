/* test_tm.c — the translation memory on small hand-made memories: opening and refusing files,
 * schema creation and migration, imports (duplicates, provenance, idempotence, rollback),
 * exact/fuzzy lookup with known scores, the number penalty, concordance (1-, 2- and
 * 3+-character patterns, both index paths, KWIC spans), export filters, alignments, a large
 * import into an empty memory (its posting lists built anew) against the same import added to
 * the lists, removing a document (against a memory that never had it), a memory being made
 * (unseen until complete; nothing left when its imports fail), what ty_tm_verify finds in a
 * damaged memory, the times the memory takes, and a reader during a write, the postings read
 * inside FTS5 (a schema-6 memory, which a read-only handle refuses, saying what to do) against
 * a row per posting, and the posting lists of schema step 7 (their coding; after every kind of
 * write the same as the units make, and at schema 7 as FTS5's; the units containing a string
 * found through them against a scan and FTS5's; the upgrade from schema 6 to 7, read-only at
 * 7, and to 8; what verification says of a damaged list), and a pool's readers sharing one
 * map of the file (the same matches as a handle of its own, before and after the writer grows
 * it). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "consistency/consistency.h"
#include "tm/tm.h"
#include "tm_fixture.h"

static char dir[] = "/tmp/taiyaku-test-tm.XXXXXX";
static char cmdbuf[400];

static const char *path_in(const char *name)
{
    static char buf[4][256];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
}

static void write_file(const char *path, const char *content, size_t n)
{
    FILE *f = fopen(path, "wb");
    fwrite(content, 1, n, f);
    fclose(f);
}

static long long count_of(ty_tm *tm, const char *sql)
{
    long long v = -1;
    ty_error e;
    if (ty__tm_query_int(tm, sql, &v, &e) != TY_OK)
        ty_diag("%s: %s", sql, e.message);
    return v;
}

static ty_unit unit(const char *ja, const char *en, double conf)
{
    ty_unit u;
    memset(&u, 0, sizeof u);
    u.ja = ja;
    u.en = en;
    u.confidence = conf;
    u.shape = "1:1";
    return u;
}

/* ---- opening ---- */

static void opening(void)
{
    ty_tm *tm = NULL;
    ty_error e;
    sqlite3 *db;

    ty_is_int(ty_tm_open(path_in("missing.sqlite"), 0, &tm, &e), TY_ERR_NOTFOUND,
              "a missing file without CREATE: not found");
    ty_ok(access(path_in("missing.sqlite"), F_OK) != 0, "and it is not created");

    write_file(path_in("text.txt"), "法の支配\nthe rule of law\n", 26);
    ty_is_int(ty_tm_open(path_in("text.txt"), TY_TM_CREATE, &tm, &e), TY_ERR_FORMAT,
              "a text file is refused");
    ty_ok(strstr(e.message, "not an SQLite database") != NULL, "saying it is not SQLite (%s)",
          e.message);
    ty_is_str(e.file, path_in("text.txt"), "the error names the file");

    sqlite3_open(path_in("foreign.sqlite"), &db);
    sqlite3_exec(db, "CREATE TABLE notes(x)", NULL, NULL, NULL);
    sqlite3_close(db);
    ty_is_int(ty_tm_open(path_in("foreign.sqlite"), TY_TM_CREATE, &tm, &e), TY_ERR_FORMAT,
              "another application's SQLite database is refused");
    ty_ok(strstr(e.message, "another application") != NULL, "saying so (%s)", e.message);

    write_file(path_in("empty.sqlite"), "", 0);
    ty_is_int(ty_tm_open(path_in("empty.sqlite"), 0, &tm, &e), TY_ERR_FORMAT,
              "an empty file without CREATE is refused");
    ty_is_int(ty_tm_open(path_in("empty.sqlite"), TY_TM_CREATE, &tm, &e), TY_OK,
              "an empty file with CREATE becomes a memory");
    ty_is_int(count_of(tm, "PRAGMA user_version"), TY__TM_SCHEMA, "at the current schema");
    ty_is_int(count_of(tm, "PRAGMA application_id"), TY__TM_APP_ID, "with taiyaku's id");
    ty_is_str(tm && count_of(tm, "SELECT count(*) FROM pragma_journal_mode WHERE journal_mode='wal'") == 1
                  ? "wal" : "other",
              "wal", "in WAL mode");
    ty_tm_close(tm);

    sqlite3_open(path_in("empty.sqlite"), &db);
    sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL);
    sqlite3_close(db);
    ty_is_int(ty_tm_open(path_in("empty.sqlite"), 0, &tm, &e), TY_ERR_FORMAT,
              "a newer schema is refused");
    ty_ok(strstr(e.message, "newer") != NULL, "saying it is newer (%s)", e.message);
    ty_tm_close(NULL);
}

/* ---- migration: a schema-1 memory (no search index) is upgraded and searchable ---- */

static void migration(void)
{
    ty_tm *tm = NULL;
    ty_tm_matches *m = NULL;
    ty_tm_hits *h = NULL;
    ty_error e;
    const char *p = path_in("old.sqlite");
    char sql[512];
    uint64_t jh = ty__tm_hash64("法の支配", strlen("法の支配"));
    uint64_t eh = ty__tm_hash64("the rule of law", 15);

    ty_is_int(ty__tm_open_at(p, TY_TM_CREATE, 1, &tm, &e), TY_OK, "a schema-1 memory is made");
    ty_is_int(count_of(tm, "PRAGMA user_version"), 1, "user_version 1");
    ty_is_int(count_of(tm, "SELECT count(*) FROM sqlite_schema WHERE name = 'fts_ja'"), 0,
              "without the search index");
    snprintf(sql, sizeof sql,
             "INSERT INTO documents VALUES(1, 'old', 'h1', 'ja', 'en', '2020-01-01T00:00:00Z', 1);"
             "INSERT INTO units VALUES(1, %lld, %lld, 4, 4, 0.9, '1:1', 1);"
             "INSERT INTO unit_text VALUES(1, '法の支配', 'The rule of law', NULL, "
             "'the rule of law');"
             "INSERT INTO occurrences VALUES(1, 0, 1, 0.9, '1:1', NULL, NULL, NULL, NULL);",
             (long long)jh, (long long)eh);
    ty_is_int(ty__tm_exec(tm, sql, &e), TY_OK, "with a unit in it");
    ty_tm_close(tm);
    ty_is_int(ty_tm_open(p, 0, &tm, &e), TY_OK, "opening it upgrades it");
    ty_is_int(count_of(tm, "PRAGMA user_version"), TY__TM_SCHEMA, "to the current schema");
    ty_is_int(count_of(tm, "SELECT df FROM grams WHERE lang = 0 AND gram = '法の支'"), 1,
              "trigram counts were built from the stored units");
    ty_is_int(ty_tm_lookup(tm, "法の支配", NULL, &m, &e), TY_OK, "lookup after the upgrade");
    ty_is_int((long long)ty_tm_matches_count(m), 1, "finds the old unit");
    ty_is_int(ty_tm_concord(tm, "rule", NULL, &h, NULL, &e), TY_OK, "concordance after upgrade");
    ty_is_int((long long)ty_tm_hits_count(h), 1, "finds it through the new posting lists");
    ty_is_int(count_of(tm, "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'fts_%'"), 0,
              "step 2's FTS5 tables are gone again");
    ty_is_int(ty_tm_verify(tm, &e), TY_OK, "the upgraded memory checks clean");
    ty_tm_hits_free(h);
    ty_tm_matches_free(m);
    ty_tm_close(tm);
}

/* ---- the pair set an import into an empty memory finds duplicates with ---- */

static void pair_set(void)
{
    /* (0, 1 << 32) mixes to the same key as (1, 0): a hit that the texts must confirm */
    static const struct {
        uint64_t ja, en;
        long long id, want_id;
        int want;
    } cases[] = {
        {1, 0, 10, 10, 0},          /* new: added with its id */
        {2, 0, 11, 11, 0},          /* another */
        {1, 0, 12, 10, 1},          /* again: the first id */
        {0, 1ULL << 32, 13, 10, 1}, /* a colliding pair: the id stored under the key */
        {2, 0, 14, 11, 1},
    };
    ty__pair_set s = {0};
    int grown = 1;

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        long long id = cases[i].id;
        int r = ty__pair_set_add(&s, cases[i].ja, cases[i].en, &id);
        ty_is_int(r, cases[i].want, "pair %zu: %s", i, cases[i].want ? "there" : "added");
        ty_is_int(id, cases[i].want_id, "pair %zu: id %lld", i, cases[i].want_id);
    }
    /* past the first table's size: the ids move with their keys */
    for (long long k = 0; k < 5000; k++) {
        long long id = 100 + k;
        if (ty__pair_set_add(&s, 1000 + (uint64_t)k, 7, &id) != 0)
            grown = 0;
    }
    for (long long k = 0; k < 5000; k++) {
        long long id = -1;
        if (ty__pair_set_add(&s, 1000 + (uint64_t)k, 7, &id) != 1 || id != 100 + k)
            grown = 0;
    }
    ty_ok(grown, "5,000 more pairs keep their ids as the table grows");
    ty_ok(s.n == 5002, "and are counted once each (%zu)", s.n);
    ty__pair_set_free(&s);
}


/* The units memo (ty__unit_memo): found by both texts, never by the key alone. */
static void unit_memo(void)
{
    static const struct {
        const char *ja, *en;
        uint64_t key; /* 0: ty__unit_memo_key */
        long long id, want;
    } cases[] = {
        {"法の支配", "the rule of law", 0, 10, 0},  /* not there yet: added */
        {"法の支配", "the rule of law", 0, 0, 10},  /* there */
        {"法の支配", "The rule of law", 0, 11, 0},  /* another English text */
        {"法の支配 ", "the rule of law", 0, 12, 0}, /* another Japanese text */
        {"a", "b", 77, 13, 0},                      /* one key, three pairs of texts */
        {"ab", "", 77, 14, 0},
        {"", "ab", 77, 15, 0},
        {"a", "b", 77, 0, 13},
        {"ab", "", 77, 0, 14},
        {"", "ab", 77, 0, 15},
        {"a", "c", 77, 0, 0},                       /* the key, other texts: a miss */
    };
    ty__unit_memo m = {0};
    int kept = 1;

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint64_t k = cases[i].key ? cases[i].key : ty__unit_memo_key(cases[i].ja, cases[i].en);
        long long got = ty__unit_memo_find(&m, k, cases[i].ja, cases[i].en);
        ty_is_int(got, cases[i].want, "memo %zu: '%s' / '%s': %lld", i, cases[i].ja, cases[i].en,
                  cases[i].want);
        if (!got && cases[i].id)
            ty_is_int(ty__unit_memo_add(&m, k, cases[i].ja, cases[i].en, cases[i].id), 0,
                      "memo %zu: added", i);
    }
    /* past the first table's size: the ids move with their texts */
    for (int k = 0; k < 3000; k++) {
        char ja[32], en[32];
        snprintf(ja, sizeof ja, "第%d条", k);
        snprintf(en, sizeof en, "Article %d", k);
        if (ty__unit_memo_add(&m, ty__unit_memo_key(ja, en), ja, en, 100 + k) != 0)
            kept = 0;
    }
    for (int k = 0; k < 3000; k++) {
        char ja[32], en[32];
        snprintf(ja, sizeof ja, "第%d条", k);
        snprintf(en, sizeof en, "Article %d", k);
        if (ty__unit_memo_find(&m, ty__unit_memo_key(ja, en), ja, en) != 100 + k)
            kept = 0;
    }
    ty_ok(kept, "memo: 3,000 more units keep their ids as the table grows");
    ty_ok(m.n == 3006, "memo: holds each once (%zu)", m.n);
    ty__unit_memo_free(&m);
    ty_is_int(ty__unit_memo_find(&m, 77, "a", "b"), 0, "memo: emptied");
}

/* ---- imports ---- */

static void imports(void)
{
    ty_tm *tm = NULL;
    ty_tm_import_stats st;
    ty_tm_import *imp = NULL;
    ty_error e;
    ty_prop note[1] = {{"note", "checked by legal"}};
    ty_unit a[5] = {
        unit("法の支配", "the rule of law", 0.9),
        unit("自由で開かれた", "free and open", 0.8),
        unit("法の支配", "the rule of law", 0.95), /* the same pair again in one document */
        unit("", "an English line alone", -1),     /* one-sided: not stored */
        unit("国際秩序", "international order", -1),
    };
    ty_unit b[2] = {
        unit("法の支配", "the rule of law", 0.7), /* the same pair in another document */
        unit("法の支配", "rule of law", 0.6),     /* the same Japanese, another English */
    };
    ty_tm_docinfo da = {"a.tmx", NULL, NULL, "2024-01-01T00:00:00Z"};
    ty_tm_docinfo db = {"b.tmx", "ja-JP", "en-GB", "2024-06-01T00:00:00Z"};

    a[1].props = note;
    a[1].nprops = 1;
    ty_is_int(ty_tm_open(path_in("imp.sqlite"), TY_TM_CREATE, &tm, &e), TY_OK, "create");
    ty_is_int(ty_tm_add_units(tm, &da, a, 5, &st, &e), TY_OK, "import a");
    ty_is_int((long long)st.units, 5, "5 units given");
    ty_is_int((long long)st.added, 3, "3 new units");
    ty_is_int((long long)st.merged, 1, "1 merged duplicate");
    ty_is_int((long long)st.one_sided, 1, "1 one-sided unit left out");
    ty_is_int(st.already, 0, "not seen before");
    ty_is_int(count_of(tm, "SELECT count FROM unit_view WHERE ja = '法の支配' AND en = 'the rule of law'"),
              2, "the duplicate has count 2");
    ty_is_int(count_of(tm, "SELECT CAST(confidence * 100 AS INT) FROM units u JOIN unit_text t "
                           "USING(id) WHERE t.ja = '法の支配'"),
              95, "and the best confidence of its occurrences");

    ty_is_int(ty_tm_add_units(tm, &da, a, 5, &st, &e), TY_OK, "re-import a");
    ty_is_int(st.already, 1, "reported as already imported");
    ty_is_int(count_of(tm, "SELECT count(*) FROM documents"), 1, "no new document");
    ty_is_int(count_of(tm, "SELECT sum(count) FROM units"), 4, "counts unchanged");

    ty_is_int(ty_tm_import_begin(tm, &da, &imp, &e), TY_OK, "streaming re-import of a");
    for (int i = 0; i < 5; i++)
        ty_tm_import_add(imp, &a[i], &e);
    ty_is_int(ty_tm_import_commit(imp, &st, &e), TY_OK, "commits");
    ty_is_int(st.already, 1, "also recognized as already imported (hash at the end)");
    ty_is_int(count_of(tm, "SELECT count(*) FROM occurrences"), 4, "and nothing was added");

    ty_is_int(ty_tm_add_units(tm, &db, b, 2, &st, &e), TY_OK, "import b");
    ty_is_int((long long)st.added, 1, "one new pair");
    ty_is_int((long long)st.merged, 1, "one pair already there");
    ty_is_int(count_of(tm, "SELECT count FROM unit_view WHERE ja = '法の支配' AND en = 'the rule of law'"),
              3, "the shared pair has count 3");
    ty_is_int(count_of(tm, "SELECT count(DISTINCT document) FROM occurrences o JOIN unit_view u "
                           "ON u.id = o.unit WHERE u.ja = '法の支配' AND u.en = 'the rule of law'"),
              2, "with provenance in both documents");
    ty_is_str(count_of(tm, "SELECT count(*) FROM documents WHERE name = 'b.tmx' AND ja_lang = "
                           "'ja-JP' AND en_lang = 'en-GB'") == 1 ? "yes" : "no",
              "yes", "the document keeps its language codes");
    ty_is_int(count_of(tm, "SELECT count(*) FROM occurrences WHERE props LIKE 'note%checked%'"), 1,
              "props are kept with the provenance");

    /* an aborted import leaves nothing */
    ty_is_int(ty_tm_import_begin(tm, &(ty_tm_docinfo){"c.tmx", NULL, NULL, NULL}, &imp, &e), TY_OK,
              "begin another import");
    ty_tm_import_add(imp, &a[4], &e);
    ty_tm_import_add(imp, &(ty_unit){.ja = "新しい", .en = "new", .confidence = -1}, &e);
    ty_tm_import_abort(imp);
    ty_is_int(count_of(tm, "SELECT count(*) FROM documents"), 2, "abort: no document added");
    ty_is_int(count_of(tm, "SELECT count(*) FROM units"), 4, "abort: no unit added");
    ty_is_int(count_of(tm, "SELECT count(*) FROM grams WHERE gram = '新しい'"), 0,
              "abort: no trigram counted");
    ty_error_clear(&e);
    ty_is_int(ty_tm_verify(tm, &e), TY_OK, "the memory checks clean");
    if (e.status)
        ty_diag("%s", e.message);
    ty_is_int(ty_tm_add_units(tm, &(ty_tm_docinfo){"x", NULL, NULL, "yesterday"}, a, 1, &st, &e),
              TY_ERR_INVALID, "a bad import time is refused");
    ty_tm_close(tm);
}

/* ---- lookup ---- */

static const char *const query = "法の支配に基づく自由で開かれた国際秩序を維持する。"; /* 25 chars */

static void lookup(void)
{
    static const struct {
        const char *ja, *en;
    } units[] = {
        {"法の支配に基づく自由で開かれた国際秩序を維持する。",
         "Maintain the free and open international order based on the rule of law."},
        {"法の支配に基づく自由で開かれた国際秩序を維持する。",
         "We maintain a free and open international order based on the rule of law."},
        {"法の支配に基づく自由で開かれた国際秩序を維持する。",
         "Maintain the free and open international order based on the rule of law."},
        {"法の支配に基づく自由で開かれた国際秩序を堅持する。",
         "Uphold the free and open international order based on the rule of law."},
        {"法の支配に基づく自由で開かれた国際秩序を維持・強化する。",
         "Maintain and strengthen the free and open international order based on the rule of law."},
        {"自由で開かれた国際秩序を維持する。", "Maintain the free and open international order."},
        {"法の支配に基づく国際秩序を維持する。", "Maintain the international order based on the rule of law."},
        {"本日は晴天なり。", "It is fine today."},
        {"予算は2,000円です。", "The budget is 2,000 yen."},
    };
    /* expected for `query` (from ja), in order: */
    static const struct {
        int score;
        const char *en;
    } want[] = {
        {100, "Maintain the free and open international order based on the rule of law."}, /* x2 */
        {100, "We maintain a free and open international order based on the rule of law."},
        {96, "Uphold the free and open international order based on the rule of law."}, /* 24/25 */
        {89, "Maintain and strengthen the free and open international order based on the rule of law."}, /* 25/28 */
        {72, "Maintain the international order based on the rule of law."}, /* 18/25 */
    };
    ty_unit us[sizeof units / sizeof units[0]];
    ty_tm *tm = NULL;
    ty_tm_matches *m = NULL;
    ty_tm_lookup_opts o;
    ty_error e;
    size_t n = sizeof units / sizeof units[0];

    for (size_t i = 0; i < n; i++)
        us[i] = unit(units[i].ja, units[i].en, 0.9);
    ty_is_int(ty_tm_open(path_in("lookup.sqlite"), TY_TM_CREATE, &tm, &e), TY_OK, "create");
    ty_is_int(ty_tm_add_units(tm, &(ty_tm_docinfo){"l.tmx", NULL, NULL, NULL}, us, n, NULL, &e),
              TY_OK, "import");

    ty_tm_lookup_opts_init(&o);
    ty_is_int(ty_tm_lookup(tm, query, &o, &m, &e), TY_OK, "lookup from Japanese");
    ty_is_int((long long)ty_tm_matches_count(m), 5, "five matches at >= 70%%");
    for (size_t i = 0; i < 5 && i < ty_tm_matches_count(m); i++) {
        const ty_tm_match *x = ty_tm_matches_get(m, i);
        ty_is_int(x->score, want[i].score, "match %zu score", i);
        ty_is_str(x->en, want[i].en, "match %zu unit", i);
    }
    if (ty_tm_matches_count(m) > 0) {
        ty_is_int((long long)ty_tm_matches_get(m, 0)->count, 2, "the frequent exact match first");
        ty_is_str(ty_tm_matches_get(m, 0)->document, "l.tmx", "with its document");
        ty_is_int(ty_tm_matches_get(m, 0)->position, 0, "and position");
    }
    ty_tm_matches_free(m);

    o.min_score = 90;
    o.max_results = 10;
    ty_is_int(ty_tm_lookup(tm, query, &o, &m, &e), TY_OK, "lookup at >= 90%%");
    ty_is_int((long long)ty_tm_matches_count(m), 3, "two exact and one 96%%");
    ty_tm_matches_free(m);

    o.min_score = 70;
    o.max_results = 1;
    ty_is_int(ty_tm_lookup(tm, "法の支配に基づく自由で開かれた国際秩序を堅持する", &o, &m, &e), TY_OK,
              "lookup of a text without the final 。");
    ty_is_int(m && ty_tm_matches_count(m) ? ty_tm_matches_get(m, 0)->score : -1, 96,
              "24 of 25 characters: 96");
    ty_tm_matches_free(m);

    ty_tm_lookup_opts_init(&o);
    o.from = TY_LANG_EN;
    ty_is_int(ty_tm_lookup(tm, "MAINTAIN the free and open international order based on the rule of law.",
                           &o, &m, &e),
              TY_OK, "lookup from English");
    ty_is_int(m && ty_tm_matches_count(m) ? ty_tm_matches_get(m, 0)->score : -1, 100,
              "exact after case folding");
    ty_is_int(m && ty_tm_matches_count(m) > 1 ? ty_tm_matches_get(m, 1)->score : -1, 92,
              "then Uphold...: one word of 14 differs: 92");
    ty_tm_matches_free(m);

    ty_tm_lookup_opts_init(&o);
    ty_is_int(ty_tm_lookup(tm, "予算は1,000円です。", &o, &m, &e), TY_OK, "lookup with a number");
    ty_is_int((long long)ty_tm_matches_count(m), 1, "finds the 2,000 unit");
    if (ty_tm_matches_count(m)) {
        ty_is_int(ty_tm_matches_get(m, 0)->score, 89, "91 minus the number penalty");
        ty_ok(ty_tm_matches_get(m, 0)->numbers_differ, "flagged: numbers differ");
    }
    ty_tm_matches_free(m);
    ty_is_int(ty_tm_lookup(tm, "予算は２，０００円です。", &o, &m, &e), TY_OK, "full-width digits");
    ty_is_int(m && ty_tm_matches_count(m) ? ty_tm_matches_get(m, 0)->score : -1, 100,
              "normalize to an exact match");
    ty_tm_matches_free(m);

    ty_is_int(ty_tm_lookup(tm, "全く関係のない文章です", &o, &m, &e), TY_OK, "an unrelated query");
    ty_is_int((long long)ty_tm_matches_count(m), 0, "no match");
    ty_tm_matches_free(m);
    o.min_score = 0;
    ty_is_int(ty_tm_lookup(tm, "x", &o, &m, &e), TY_ERR_INVALID, "min score 0 is refused");
    ty_tm_close(tm);
}

/* A memory of units given with how many times each occurs, and lookups with the units they
 * must find, in order ("3 1", or with `scores` "3:93 1:89#": # when numbers differ). */
typedef struct lk_unit {
    const char *ja;
    int copies;
} lk_unit;

typedef struct lk_case {
    const char *q;
    size_t max;
    const char *want;
} lk_case;

static void lookups_check(const char *name, const lk_unit *units, size_t nu,
                          const lk_case *cases, size_t nc, int scores)
{
    char file[64];
    ty_tm *tm = NULL;
    ty_error e;

    snprintf(file, sizeof file, "%s.sqlite", name);
    ty_is_int(ty_tm_open(path_in(file), TY_TM_CREATE, &tm, &e), TY_OK, "%s: create", name);
    for (size_t i = 0; i < nu; i++) {
        ty_unit us[16];
        char doc[64];
        for (int k = 0; k < units[i].copies && k < 16; k++)
            us[k] = unit(units[i].ja, "The meeting is to be held in May, June and July.", 0.9);
        snprintf(doc, sizeof doc, "%s%zu.tmx", name, i + 1);
        ty_is_int(ty_tm_add_units(tm, &(ty_tm_docinfo){doc, NULL, NULL, NULL}, us,
                                  (size_t)units[i].copies, NULL, &e),
                  TY_OK, "%s: import unit %zu", name, i + 1);
    }
    for (size_t c = 0; c < nc; c++) {
        ty_tm_lookup_opts o;
        ty_tm_matches *m = NULL;
        char got[160] = "";
        ty_tm_lookup_opts_init(&o);
        o.max_results = cases[c].max;
        ty_is_int(ty_tm_lookup(tm, cases[c].q, &o, &m, &e), TY_OK, "%s: lookup %zu", name, c);
        for (size_t i = 0; i < ty_tm_matches_count(m); i++) {
            const ty_tm_match *x = ty_tm_matches_get(m, i);
            size_t k = 0, at = strlen(got);
            while (k < nu && strcmp(units[k].ja, x->ja) != 0)
                k++;
            if (scores)
                snprintf(got + at, sizeof got - at, "%s%zu:%d%s", i ? " " : "", k + 1, x->score,
                         x->numbers_differ ? "#" : "");
            else
                snprintf(got + at, sizeof got - at, "%s%zu", i ? " " : "", k + 1);
        }
        ty_is_str(got, cases[c].want, "%s: %zu results of %s", name, cases[c].max, cases[c].q);
        ty_tm_matches_free(m);
    }
    ty_tm_close(tm);
}

/* Equal scores are ordered by occurrences, then newest first, whatever number of results is
 * asked for and however many of them exact matches take (lookup.c reads the occurrences of
 * the candidates that can be among the results only). */
static void lookup_ties(void)
{
    static const lk_unit units[] = {
        /* one character of 15 differs from 9: 93 each */
        {"会談は明日の午前に始まります。", 2}, /* 1 */
        {"会議が明日の午前に始まります。", 5}, /* 2 */
        {"会議は明日の午後に始まります。", 1}, /* 3 */
        {"会議は明日の午前に終まります。", 4}, /* 4 */
        {"会議は明日の午前に始まりますか", 3}, /* 5 */
        {"会議も明日の午前に始まります。", 6}, /* 6 */
        {"会議は明後の午前に始まります。", 5}, /* 7: as many as 2, newer */
        /* two differ from 9: 86, however frequent */
        {"会談が明日の午前に始まります。", 9}, /* 8 */
        {"会議は明日の午前に始まります。", 1}, /* 9 */
    };
    static const lk_case cases[] = {
        /* 5 and 9 differ by one character from this one (93), 1 to 7 by two (86), 8 by three */
        {"会議は明日の午前に始まります!", 1, "5"},
        {"会議は明日の午前に始まります!", 3, "5 9 6"},
        {"会議は明日の午前に始まります!", 5, "5 9 6 7 2"},
        {"会議は明日の午前に始まります!", 6, "5 9 6 7 2 4"},
        {"会議は明日の午前に始まります!", 20, "5 9 6 7 2 4 1 3 8"},
        {"会議は明日の午前に始まります。", 1, "9"},
        {"会議は明日の午前に始まります。", 2, "9 6"},
        {"会議は明日の午前に始まります。", 4, "9 6 7 2"},
        {"会議は明日の午前に始まります。", 20, "9 6 7 2 4 5 1 3 8"},
    };
    lookups_check("ties", units, sizeof units / sizeof units[0], cases,
                  sizeof cases / sizeof cases[0], 0);
}

/* A number difference lowers a score below others that were higher before it: the results
 * are the best scores after the penalty, however many are asked for (lookup.c looks at the
 * numbers of the candidates that can still be among them only). */
static void lookup_numbers(void)
{
    static const lk_unit units[] = {
        {"会議は1月と2月と3月に開かれる予定です。", 1},      /* 1: three numbers differ */
        {"議会は5月と6月と7月に開かれた予定です!", 1},      /* 2: no number differs */
        {"会議は5月と6月と8月に開かれる予定です。", 1},      /* 3: one differs */
        {"議会は5月と6月と7月に開かれたようです!", 1},      /* 4 */
        {"会議は5月と6月と7月に開く予定だった。", 1},        /* 5 */
        {"会議は5月と6月と7月に開かれる予定です。", 1},      /* 6: the query */
        {"今年の会議は5月と6月と7月に開かれる予定です。", 1}, /* 7 */
    };
    static const lk_case cases[] = {
        /* before the penalty: 3 90, 2 85, 7 83, 1 80, 4 76 */
        {"会議は5月と6月と7月に開かれる予定です!", 1, "6:95"},
        {"会議は5月と6月と7月に開かれる予定です!", 2, "6:95 3:88#"},
        {"会議は5月と6月と7月に開かれる予定です!", 3, "6:95 3:88# 2:85"},
        {"会議は5月と6月と7月に開かれる予定です!", 5, "6:95 3:88# 2:85 7:83 4:76"},
        {"会議は5月と6月と7月に開かれる予定です!", 20, "6:95 3:88# 2:85 7:83 4:76 1:74#"},
        /* 6 exact; before the penalty: 3 95, 7 87, 1 85, 2 80, 5 and 4 71 */
        {"会議は5月と6月と7月に開かれる予定です。", 2, "6:100 3:93#"},
        {"会議は5月と6月と7月に開かれる予定です。", 3, "6:100 3:93# 7:87"},
        {"会議は5月と6月と7月に開かれる予定です。", 4, "6:100 3:93# 7:87 2:80"},
        {"会議は5月と6月と7月に開かれる予定です。", 5, "6:100 3:93# 7:87 2:80 1:79#"},
        {"会議は5月と6月と7月に開かれる予定です。", 20, "6:100 3:93# 7:87 2:80 1:79# 5:71 4:71"},
    };
    lookups_check("numbers", units, sizeof units / sizeof units[0], cases,
                  sizeof cases / sizeof cases[0], 1);
}

/* Candidates of other lengths than the query: their length bounds their score (lookup.c
 * scores them by decreasing bound and stops below the last result wanted); a Japanese label
 * is in the stored length but not in the score. */
static void lookup_lengths(void)
{
    static const lk_unit units[] = {
        {"会議は5月と6月に開かれる予定です。", 1},                /* 1: 18 characters */
        {"会議は5月に開かれる予定です。", 1},                      /* 2: 15 */
        {"会議は5月と6月と7月に開かれる予定です", 2},              /* 3: 20, twice */
        {"【議長】会議は5月と6月と7月に開かれる予定です。", 1},    /* 4: 21 and a label */
        {"今年の会議は5月と6月と7月に開かれる予定です。", 1},      /* 5: 24 */
        {"会議は5月と6月と7月に開催される予定です。", 1},          /* 6: 22 */
        {"会議は5月と6月と7月と8月に開かれる予定です。", 1},      /* 7: 24, a number more */
        {"会議は5月と6月と7月に開かれる予定です。", 1},            /* 8: the query */
        {"会議は5月と6月と7月に開かれる予定ですね。", 1},          /* 9: 22, as 3 scores */
    };
    static const lk_case cases[] = {
        {"会議は5月と6月と7月に開かれる予定です。", 1, "8:100"},
        {"会議は5月と6月と7月に開かれる予定です。", 2, "8:100 4:99"},
        {"会議は5月と6月と7月に開かれる予定です。", 3, "8:100 4:99 3:95"}, /* 3 ties 9 and occurs more */
        {"会議は5月と6月と7月に開かれる予定です。", 5, "8:100 4:99 3:95 9:95 6:90"},
        {"会議は5月と6月と7月に開かれる予定です。", 20, "8:100 4:99 3:95 9:95 6:90 5:87 7:85# 1:83#"},
        {"会議は5月と6月と7月に開かれる予定です!", 1, "3:95"},
        {"会議は5月と6月と7月に開かれる予定です!", 4, "3:95 8:95 4:95 9:90"},
        {"会議は5月と6月と7月に開かれる予定です!", 20, "3:95 8:95 4:95 9:90 6:86 5:83 7:81# 1:78#"},
        {"会議は5月と6月に開かれる予定です!", 2, "1:94 3:78#"},
        {"会議は5月と6月に開かれる予定です!", 20, "1:94 3:78# 8:78# 4:78# 9:75# 2:75# 6:70#"},
    };
    lookups_check("lengths", units, sizeof units / sizeof units[0], cases,
                  sizeof cases / sizeof cases[0], 1);
}

/* ---- concordance ---- */

static void concordance(void)
{
    ty_unit us[] = {
        unit("法の支配", "the rule of law", 0.9),          /* 1 */
        unit("国際法を守る", "observe international law", 0.9), /* 2 */
        unit("支配的な見解", "the dominant view", 0.9),    /* 3 */
        unit("ＧＤＰが伸びた", "GDP grew", 0.9),           /* 4 */
        unit("憲法", "the constitution", 0.9),             /* 5: 法 last */
        unit("司法の独立", "judicial independence", 0.9),  /* 6 */
    };
    ty_tm *tm = NULL;
    ty_tm_hits *h = NULL;
    ty_tm_concord_opts o;
    ty_error e;
    int more = -1;

    ty_is_int(ty_tm_open(path_in("conc.sqlite"), TY_TM_CREATE, &tm, &e), TY_OK, "create");
    ty_tm_add_units(tm, &(ty_tm_docinfo){"c", NULL, NULL, NULL}, us, 6, NULL, &e);
    ty_tm_concord_opts_init(&o);

    ty_is_int(ty_tm_concord(tm, "法", &o, &h, &more, &e), TY_OK, "concordance of 法 (1 char)");
    ty_is_int((long long)ty_tm_hits_count(h), 4, "four units contain 法");
    if (ty_tm_hits_count(h) == 4) {
        ty_is_int(ty_tm_hits_get(h, 0)->unit, 6, "newest first");
        ty_is_int(ty_tm_hits_get(h, 1)->unit, 5, "法 at the very end is found");
        ty_is_int(ty_tm_hits_get(h, 3)->unit, 1, "oldest last");
        ty_is_int((long long)ty_tm_hits_get(h, 2)->spans[0], 6, "国際法: the hit starts at byte 6");
        ty_is_int((long long)ty_tm_hits_get(h, 2)->spans[1], 9, "and ends at byte 9");
        ty_is_int((long long)ty_tm_hits_get(h, 2)->pad, 26, "left context 国際 is 4 columns of 30");
        ty_is_int((long long)ty_tm_hits_get(h, 2)->right, strlen("国際法を守る"), "right context to the end");
    }
    ty_is_int(more, 0, "nothing more");
    ty_tm_hits_free(h);

    ty_is_int(ty_tm_concord(tm, "支配", &o, &h, NULL, &e), TY_OK, "concordance of 支配 (2 chars)");
    ty_is_int((long long)ty_tm_hits_count(h), 2, "two units");
    if (ty_tm_hits_count(h) == 2) {
        ty_is_int(ty_tm_hits_get(h, 0)->unit, 3, "支配的");
        ty_is_int(ty_tm_hits_get(h, 1)->unit, 1, "法の支配 (at the end)");
        ty_ok(ty_tm_hits_get(h, 1)->lang == TY_LANG_JA, "found on the Japanese side");
    }
    ty_tm_hits_free(h);

    ty_is_int(ty_tm_concord(tm, "gdp", &o, &h, NULL, &e), TY_OK, "concordance of gdp");
    ty_is_int((long long)ty_tm_hits_count(h), 1, "one unit (found on both sides, shown once)");
    if (ty_tm_hits_count(h) == 1) {
        ty_is_int((long long)ty_tm_hits_get(h, 0)->spans[1], 9, "the span covers full-width ＧＤＰ");
        ty_ok(ty_tm_hits_get(h, 0)->lang == TY_LANG_JA, "on the Japanese side");
    }
    ty_tm_hits_free(h);

    o.lang = TY_LANG_EN;
    ty_is_int(ty_tm_concord(tm, "Law", &o, &h, NULL, &e), TY_OK, "concordance of Law in English");
    ty_is_int((long long)ty_tm_hits_count(h), 2, "two units, case folded");
    if (ty_tm_hits_count(h) == 2)
        ty_is_int((long long)ty_tm_hits_get(h, 0)->spans[0], 22, "observe international |law");
    ty_tm_hits_free(h);

    o.lang = -1;
    o.max_results = 2;
    ty_is_int(ty_tm_concord(tm, "法", &o, &h, &more, &e), TY_OK, "limited to 2");
    ty_is_int((long long)ty_tm_hits_count(h), 2, "two hits");
    ty_is_int(more, 1, "and more available");
    ty_tm_hits_free(h);
    ty_is_int(ty_tm_concord(tm, "  ", &o, &h, NULL, &e), TY_ERR_INVALID, "a blank pattern is refused");
    ty_tm_close(tm);
}

/* 1-character patterns with many distinct trigrams take the instr() path */
static void concordance_scan(void)
{
    enum { N = 400 };
    static char ja[N][32], en[N][32];
    ty_unit us[N];
    ty_tm *tm = NULL;
    ty_tm_hits *h = NULL;
    ty_tm_concord_opts o;
    ty_error e;
    int more = 0;

    for (int i = 0; i < N; i++) {
        /* 法 followed by a different CJK character each time: N distinct trigrams 法X。 */
        unsigned c = 0x4e00 + (unsigned)i;
        snprintf(ja[i], sizeof ja[i], "法%c%c%c。", (char)(0xe0 | (c >> 12)),
                 (char)(0x80 | ((c >> 6) & 0x3f)), (char)(0x80 | (c & 0x3f)));
        snprintf(en[i], sizeof en[i], "law %d", i);
        us[i] = unit(ja[i], en[i], -1);
    }
    ty_is_int(ty_tm_open(path_in("scan.sqlite"), TY_TM_CREATE, &tm, &e), TY_OK, "create");
    ty_tm_add_units(tm, &(ty_tm_docinfo){"s", NULL, NULL, NULL}, us, N, NULL, &e);
    ty_ok(count_of(tm, "SELECT count(*) FROM grams WHERE lang = 0 AND gram >= '法' AND gram < '泖'") > 300,
          "more than 300 trigrams start with 法");
    ty_tm_concord_opts_init(&o);
    o.max_results = 0;
    ty_is_int(ty_tm_concord(tm, "法", &o, &h, &more, &e), TY_OK, "concordance by scan");
    ty_is_int((long long)ty_tm_hits_count(h), N, "every unit found");
    ty_ok(h && ty_tm_hits_get(h, 0)->unit == N, "newest first");
    ty_tm_hits_free(h);
    o.max_results = 20;
    ty_is_int(ty_tm_concord(tm, "法", &o, &h, &more, &e), TY_OK, "limited scan");
    ty_is_int((long long)ty_tm_hits_count(h), 20, "20 hits");
    ty_is_int(more, 1, "more available");
    ty_tm_hits_free(h);
    ty_tm_close(tm);
}

/* ---- export ---- */

typedef struct collected {
    int n;
    char first_docs[256];
    char ids[256];
} collected;

static ty_status collect(const ty_unit *u, void *user)
{
    collected *c = user;
    c->n++;
    strncat(c->ids, u->id, sizeof c->ids - strlen(c->ids) - 2);
    strcat(c->ids, ",");
    if (c->n == 1)
        for (size_t i = 0; i < u->nprops; i++) {
            strncat(c->first_docs, u->props[i].type, sizeof c->first_docs - strlen(c->first_docs) - 1);
            strncat(c->first_docs, "=", sizeof c->first_docs - strlen(c->first_docs) - 1);
            strncat(c->first_docs, u->props[i].value, sizeof c->first_docs - strlen(c->first_docs) - 2);
            strcat(c->first_docs, ";");
        }
    return TY_OK;
}

static void export(void)
{
    ty_tm *tm = NULL;
    ty_tm_export_opts o;
    ty_error e;
    collected c;
    size_t n = 0;

    ty_is_int(ty_tm_open(path_in("imp.sqlite"), 0, &tm, &e), TY_OK, "reopen the import memory");
    ty_tm_export_opts_init(&o);
    memset(&c, 0, sizeof c);
    ty_is_int(ty_tm_export(tm, &o, collect, &c, &n, &e), TY_OK, "export everything");
    ty_is_int((long long)n, 4, "four units");
    ty_is_str(c.first_docs, "x-document=a.tmx;x-document=b.tmx;x-count=3;x-taiyaku-reviewed=no;",
              "provenance and count as props");
    ty_is_str(c.ids, "1,2,3,4,", "ids are the unit numbers when there were no tuids");

    memset(&c, 0, sizeof c);
    o.document = "b.tmx";
    ty_tm_export(tm, &o, collect, &c, &n, &e);
    ty_is_int(c.n, 2, "--document b.tmx: its two units");

    memset(&c, 0, sizeof c);
    o.document = NULL;
    o.min_confidence = 0.85;
    ty_tm_export(tm, &o, collect, &c, &n, &e);
    ty_is_int(c.n, 1, "min confidence 0.85: one unit (0.95); unknown confidences left out");

    memset(&c, 0, sizeof c);
    o.min_confidence = -1;
    o.since = "2024-03-01";
    ty_tm_export(tm, &o, collect, &c, &n, &e);
    ty_is_int(c.n, 2, "since 2024-03-01: the units of b.tmx");
    o.since = "2024-06-01T00:00:00Z";
    memset(&c, 0, sizeof c);
    ty_tm_export(tm, &o, collect, &c, &n, &e);
    ty_is_int(c.n, 2, "since the exact import time of b: included");
    o.since = "March";
    ty_is_int(ty_tm_export(tm, &o, collect, &c, &n, &e), TY_ERR_INVALID, "a bad time is refused");
    ty_tm_close(tm);
}

/* ---- an alignment as a document ---- */

static void alignment(void)
{
    static const char ja_text[] = "第1条 会議を開く。\n第2条 議長を選ぶ。\n\n閉会する。\n";
    static const char en_text[] = "Article 1: The meeting opens.\nArticle 2: A chair is elected.\n\n"
                                  "The meeting closes.\n";
    ty_doc *ja = NULL, *en = NULL;
    ty_alignment *al = NULL;
    ty_tm *tm = NULL;
    ty_tm_import_stats st;
    ty_error e;

    ty_is_int(ty_doc_from_lines(TY_LANG_JA, ja_text, strlen(ja_text), "dir/ja.txt", &ja, &e), TY_OK,
              "Japanese document");
    ty_is_int(ty_doc_from_lines(TY_LANG_EN, en_text, strlen(en_text), "en.txt", &en, &e), TY_OK,
              "English document");
    ty_is_int(ty_align(ja, en, NULL, &al, &e), TY_OK, "aligned");
    ty_is_int(ty_tm_open(path_in("al.sqlite"), TY_TM_CREATE, &tm, &e), TY_OK, "create");
    ty_is_int(ty_tm_add_alignment(tm, ja, en, al, NULL, &st, &e), TY_OK, "add the alignment");
    ty_is_int((long long)(st.added + st.merged + st.one_sided), (long long)ty_alignment_count(al),
              "every bead is a unit or a one-sided bead");
    ty_is_int((long long)st.added, 3, "three 1:1 beads");
    ty_is_int(count_of(tm, "SELECT count(*) FROM documents WHERE name = 'ja.txt | en.txt'"), 1,
              "the document is named after both files");
    /* an occurrence of an aligned pair is at its bead's key, the bead's number << 20 */
    ty_is_int(count_of(tm, "SELECT count(*) FROM occurrences WHERE props = "
                           "'x-ja-segments\x1f' || (position >> 20) || '\x1ex-en-segments\x1f' || "
                           "(position >> 20) || '\x1e'"),
              3, "segment positions kept as props");
    ty_is_int(count_of(tm, "SELECT count(*) FROM units WHERE shape = '1:1' AND confidence > 0"), 3,
              "with shapes and confidences");
    ty_is_int(ty_tm_add_alignment(tm, ja, en, al, NULL, &st, &e), TY_OK, "add it again");
    ty_is_int(st.already, 1, "nothing added the second time");
    ty_is_int(count_of(tm, "SELECT count(*) FROM occurrences"), 3, "still three occurrences");
    ty_tm_close(tm);
    ty_alignment_free(al);
    ty_doc_free(ja);
    ty_doc_free(en);
}

/* ---- a large import into an empty memory: the posting lists built anew ---- */

/* A digest of every row a query returns (FNV-1a over the values). */
static unsigned long long digest(ty_tm *tm, const char *sql)
{
    unsigned long long h = 1469598103934665603ull;
    sqlite3_stmt *st;

    if (sqlite3_prepare_v2(tm->db, sql, -1, &st, NULL) != SQLITE_OK) {
        ty_diag("%s: %s", sql, sqlite3_errmsg(tm->db));
        return 0;
    }
    while (sqlite3_step(st) == SQLITE_ROW)
        for (int i = 0; i < sqlite3_column_count(st); i++) {
            const unsigned char *p = sqlite3_column_blob(st, i);
            int n = sqlite3_column_bytes(st, i);
            for (int k = 0; k < n; k++)
                h = (h ^ p[k]) * 1099511628211ull;
            h = (h ^ (unsigned)sqlite3_column_type(st, i)) * 1099511628211ull;
        }
    sqlite3_finalize(st);
    return h;
}

static int ty_tm__exec_test(ty_tm *tm, const char *sql)
{
    int rc = sqlite3_exec(tm->db, sql, NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        ty_diag("%s: %s", sql, sqlite3_errmsg(tm->db));
    return rc;
}

/* ---- how each kind of handle reads the file: memory map and page cache ---- */

static long long pragma_int(ty_tm *tm, const char *sql)
{
    sqlite3_stmt *st;
    long long v = -1;

    if (sqlite3_prepare_v2(tm->db, sql, -1, &st, NULL) != SQLITE_OK)
        return v;
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static void handles(void)
{
    static const struct {
        int flags;
        long long mmap_size, cache_size;
        const char *what;
    } cases[] = {
        {0, 1073741824, -65536, "a long-lived handle: mapped, 64 MB cache"},
        {TY_TM_READONLY, 1073741824, -65536, "a long-lived reader: mapped, 64 MB cache"},
        {TY_TM_BRIEF, 0, -256, "a brief handle: no map, 256 kB cache"},
        {TY_TM_POOLED, 0, -65536, "a pool's writer: no map, 64 MB cache"},
        {TY_TM_READONLY | TY_TM_POOLED, 1073741824, -65536,
         "a pool's reader: the process's shared map, 64 MB cache"},
    };
    ty_tm *tm = NULL;
    ty_error e;

    if (ty_tm_open(path_in("handles.sqlite"), TY_TM_CREATE, &tm, &e) != TY_OK) {
        ty_ok(0, "handles: a new memory (%s)", e.message);
        return;
    }
    ty_tm_close(tm);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        if (ty_tm_open(path_in("handles.sqlite"), cases[i].flags, &tm, &e) != TY_OK) {
            ty_ok(0, "%s: opens (%s)", cases[i].what, e.message);
            continue;
        }
        ty_is_int(pragma_int(tm, "PRAGMA mmap_size"), cases[i].mmap_size, "%s: mmap_size",
                  cases[i].what);
        ty_is_int(pragma_int(tm, "PRAGMA cache_size"), cases[i].cache_size, "%s: cache_size",
                  cases[i].what);
        unsigned long long fetched, copied;
        ty_is_int(ty__tm_shared_map_stats(tm->db, &fetched, &copied),
                  cases[i].flags == (TY_TM_READONLY | TY_TM_POOLED), "%s: the shared map or not",
                  cases[i].what);
        ty_tm_close(tm);
    }
}

/* ---- a pool's readers: one map shared, the writer's commits seen ---- */

/* Unit i of the shared-map memory: varied Japanese, unique by its number. */
static void shared_text(size_t i, char *ja, size_t jn, char *en, size_t en_n)
{
    static const char *const w[] = {"政府", "経済", "国際", "協力", "安全", "保障", "地域", "平和",
                                    "支援", "開発", "環境", "技術", "教育", "医療", "交通", "文化"};
    snprintf(ja, jn, "%s%sの%sについて%sと%sを第%zu条で定めます", w[i % 16], w[(i / 16) % 16],
             w[(i * 7 + 3) % 16], w[(i * 5 + 1) % 16], w[(i / 3) % 16], i);
    snprintf(en, en_n, "Article %zu sets out the rules on topic %zu.", i, i % 97);
}

static ty_status add_shared(ty_tm *w, const char *doc, size_t from, size_t to, ty_error *e)
{
    ty_tm_import *imp = NULL;
    ty_status rc = ty_tm_import_begin(w, &(ty_tm_docinfo){doc, NULL, NULL, NULL}, &imp, e);

    for (size_t i = from; rc == TY_OK && i < to; i++) {
        char ja[200], en[200];
        shared_text(i, ja, sizeof ja, en, sizeof en);
        ty_unit u = unit(ja, en, 0.9);
        rc = ty_tm_import_add(imp, &u, e);
    }
    if (rc == TY_OK)
        return ty_tm_import_commit(imp, NULL, e);
    if (imp)
        ty_tm_import_abort(imp);
    return rc;
}

/* Whether handles a and b give the same matches for query q (ids, scores, texts); the best
 * match's English into best ("" without one). */
static int same_lookup(ty_tm *a, ty_tm *b, const char *q, char *best, size_t bn)
{
    ty_tm_matches *ma = NULL, *mb = NULL;
    ty_tm_lookup_opts o;
    ty_error e;
    int same;

    ty_tm_lookup_opts_init(&o);
    o.max_results = 10;
    *best = '\0';
    if (ty_tm_lookup(a, q, &o, &ma, &e) != TY_OK || ty_tm_lookup(b, q, &o, &mb, &e) != TY_OK) {
        ty_diag("lookup %s: %s", q, e.message);
        ty_tm_matches_free(ma);
        return 0;
    }
    same = ty_tm_matches_count(ma) == ty_tm_matches_count(mb);
    for (size_t i = 0; same && i < ty_tm_matches_count(ma); i++) {
        const ty_tm_match *x = ty_tm_matches_get(ma, i), *y = ty_tm_matches_get(mb, i);
        same = x->unit == y->unit && x->score == y->score && !strcmp(x->ja, y->ja) &&
               !strcmp(x->en, y->en);
    }
    if (ty_tm_matches_count(ma) > 0)
        snprintf(best, bn, "%s", ty_tm_matches_get(ma, 0)->en);
    ty_tm_matches_free(ma);
    ty_tm_matches_free(mb);
    return same;
}

static long long file_size(const char *path)
{
    FILE *f = fopen(path, "rb");
    long long n = -1;
    if (f && fseek(f, 0, SEEK_END) == 0)
        n = ftell(f);
    if (f)
        fclose(f);
    return n;
}

/* Pages reader r has read through the shared map (in place and copied); -1 without one. */
static long long map_pages(ty_tm *r)
{
    unsigned long long fetched = 0, copied = 0;
    return ty__tm_shared_map_stats(r->db, &fetched, &copied) ? (long long)(fetched + copied)
                                                             : -1;
}

static void shared_map(void)
{
    /* queries: a unit as it is, one with a character out, one with words added, and units the
     * writer adds later (found only once the readers see its commit) */
    static const struct {
        size_t unit;
        const char *change; /* NULL: the unit's text; "cut": a character out; else appended */
        int later;
    } cases[] = {
        {5, NULL, 0}, {77, "cut", 0}, {150, "のため", 0}, {299, NULL, 0},
        {1200, NULL, 1}, {2500, "cut", 1}, {2999, "です", 1},
    };
    const char *path = path_in("shared.sqlite");
    ty_tm *w = NULL, *r1 = NULL, *r2 = NULL, *plain = NULL;
    long long pages[2][2] = {{0}};
    ty_error e;

    /* the units checkpointed into the file, for the readers to read them through the map */
    if (ty_tm_open(path, TY_TM_CREATE, &w, &e) != TY_OK ||
        add_shared(w, "s1", 0, 300, &e) != TY_OK ||
        ty_tm__exec_test(w, "PRAGMA wal_checkpoint(TRUNCATE)") != SQLITE_OK ||
        ty_tm_open(path, TY_TM_READONLY | TY_TM_POOLED, &r1, &e) != TY_OK ||
        ty_tm_open(path, TY_TM_READONLY | TY_TM_POOLED, &r2, &e) != TY_OK) {
        ty_ok(0, "shared map: a memory and two pool readers (%s)", e.message);
        goto done;
    }
    long long before = file_size(path);
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1) { /* the writer adds ten times as many units: the file grows */
            ty_is_int(add_shared(w, "s2", 300, 3000, &e), TY_OK, "shared map: the writer adds");
            ty_is_int(ty_tm__exec_test(w, "PRAGMA wal_checkpoint(TRUNCATE)"), SQLITE_OK,
                      "shared map: and checkpoints");
            long long after = file_size(path);
            ty_ok(after > before + 65536, "shared map: the file grew (%lld to %lld bytes)",
                  before, after);
        }
        ty_tm_close(plain);
        if (ty_tm_open(path, TY_TM_READONLY, &plain, &e) != TY_OK) {
            ty_ok(0, "shared map: a handle of its own (%s)", e.message);
            goto done;
        }
        for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
            char ja[200], en[200], q[220], best1[200], best2[200];
            shared_text(cases[i].unit, ja, sizeof ja, en, sizeof en);
            if (cases[i].change && !strcmp(cases[i].change, "cut"))
                snprintf(q, sizeof q, "%.6s%s", ja, ja + 9); /* the third character out */
            else
                snprintf(q, sizeof q, "%s%s", ja, cases[i].change ? cases[i].change : "");
            int same = same_lookup(r1, plain, q, best1, sizeof best1) &&
                       same_lookup(r2, plain, q, best2, sizeof best2);
            const char *what = cases[i].change ? cases[i].change : "as it is";
            ty_ok(same, "shared map, pass %d, unit %zu (%s): the readers find what a handle of "
                        "its own finds", pass, cases[i].unit, what);
            if (pass == 1 || !cases[i].later)
                ty_is_str(best1, en, "shared map, pass %d, unit %zu (%s): the best match", pass,
                          cases[i].unit, what);
            else
                ty_ok(strcmp(best1, en) != 0,
                      "shared map, pass %d, unit %zu (%s): not there before the writer adds it",
                      pass, cases[i].unit, what);
        }
        pages[pass][0] = map_pages(r1);
        pages[pass][1] = map_pages(r2);
    }
    ty_ok(pages[0][0] > 0 && pages[0][1] > 0,
          "shared map: the readers read pages through the map (%lld, %lld)", pages[0][0],
          pages[0][1]);
    ty_ok(pages[1][0] > pages[0][0] && pages[1][1] > pages[0][1],
          "shared map: and, once the file grew, through the map still (%lld, %lld)",
          pages[1][0], pages[1][1]);
done:
    ty_tm_close(plain);
    ty_tm_close(r1);
    ty_tm_close(r2);
    ty_tm_close(w);
}

/* Whether two memories hold the same trigram counts and, for each trigram, a posting list as
 * long, read through blob and delta (which of them holds a posting may differ); with `ids`,
 * the same list. */
static void same_search(ty_tm *a, ty_tm *b, const char *what, int ids)
{
    static const char sql[] = "SELECT * FROM grams ORDER BY lang, gram";
    sqlite3_stmt *st = NULL;
    ty__plist la = {0}, lb = {0};
    ty_error e;
    size_t lists = 0, differ = 0;

    ty_ok(digest(a, sql) == digest(b, sql), "%s: the same trigram counts", what);
    if (sqlite3_prepare_v2(a->db, "SELECT lang, gram FROM grams", -1, &st, NULL) != SQLITE_OK)
        differ++;
    while (!differ && sqlite3_step(st) == SQLITE_ROW) {
        const char *g = (const char *)sqlite3_column_text(st, 1);
        ty__qgrams q = {0};
        int l = sqlite3_column_int(st, 0);
        if (ty__qgrams_collect(g, strlen(g), &q, &e) != TY_OK || q.n != 1 ||
            ty__plist_load(a, l, q.v[0].key, &la, &e) != TY_OK ||
            ty__plist_load(b, l, q.v[0].key, &lb, &e) != TY_OK || la.n == 0 || la.n != lb.n ||
            (ids && memcmp(la.v, lb.v, la.n * sizeof *la.v))) {
            ty_diag("%s: trigram '%s' (%d): %zu postings, %zu", what, g, l, la.n, lb.n);
            differ++;
        }
        ty__qgrams_free(&q);
        lists++;
    }
    sqlite3_finalize(st);
    ty__plist_free(&la);
    ty__plist_free(&lb);
    ty_ok(!differ && lists > 0, "%s: the same posting lists%s (%zu trigrams)", what,
          ids ? "" : " in length", lists);
}

static const char *const index_tables[] = {"SELECT * FROM units ORDER BY id",
                                           "SELECT * FROM unit_text ORDER BY id"};

static void same_index(ty_tm *a, ty_tm *b, const char *when)
{
    for (size_t i = 0; i < sizeof index_tables / sizeof index_tables[0]; i++)
        ty_ok(digest(a, index_tables[i]) == digest(b, index_tables[i]), "%s: same rows for %s",
              when, index_tables[i]);
    same_search(a, b, when, 1);
}

static long long concord_count(ty_tm *tm, const char *pattern)
{
    ty_tm_concord_opts o;
    ty_tm_hits *h = NULL;
    ty_error e;
    long long n = -1;
    int more = 0;

    ty_tm_concord_opts_init(&o);
    o.max_results = 0;
    if (ty_tm_concord(tm, pattern, &o, &h, &more, &e) == TY_OK)
        n = (long long)ty_tm_hits_count(h);
    else
        ty_diag("concord %s: %s", pattern, e.message);
    ty_tm_hits_free(h);
    return n;
}

static void bulk(void)
{
    enum { N = 3000, M = 500 };
    static char ja[N][96], en[N][96];
    static ty_unit us[N];
    ty_tm *a = NULL, *b = NULL, *c = NULL;
    ty_tm_import *imp = NULL;
    ty_tm_import_stats st;
    ty_error e;

    for (int i = 0; i < N; i++) {
        int k = i % 10 == 9 ? i - 1 : i; /* every tenth unit repeats the one before */
        snprintf(ja[i], sizeof ja[i], "第%d条 会議は%d回目の議題を審議した。", k, k % 97);
        snprintf(en[i], sizeof en[i], "Article %d: the meeting discussed item %d.", k, k % 97);
        us[i] = unit(ja[i], en[i], 0.5 + (double)(i % 5) / 10);
    }
    ty_is_int(ty_tm_open(path_in("bulk.sqlite"), TY_TM_CREATE, &a, &e), TY_OK, "bulk: create");
    ty_is_int(ty_tm_open(path_in("held.sqlite"), TY_TM_CREATE, &b, &e), TY_OK, "held: create");
    a->bulk_min = 100;        /* the lists built anew past 100 units */
    b->bulk_min = (size_t)-1; /* the postings added to the lists */
    ty_is_int(concord_count(a, "審議し"), 0, "an empty memory finds nothing");
    ty_is_int(ty_tm_add_units(a, &(ty_tm_docinfo){"d", NULL, NULL, "2024-01-01"}, us, N, &st, &e),
              TY_OK, "an import into an empty memory with the lists built anew");
    ty_ok(a->build_thread && a->build_parts == 1, "on a thread beside the import");
    ty_is_int((long long)st.added, N - N / 10, "adds the distinct units");
    ty_is_int((long long)st.merged, N / 10, "and counts the repeated ones");
    ty_is_int(ty_tm_add_units(b, &(ty_tm_docinfo){"d", NULL, NULL, "2024-01-01"}, us, N, &st, &e),
              TY_OK, "the same import, its postings added to the lists");
    same_index(a, b, "after the first import");
    ty_is_int(ty_tm_verify(a, &e), TY_OK, "the lists built anew pass the check");
    /* the build is split into parts by the postings the import brings (none of which the
     * trigram counts hold yet), with the same lists as one part makes */
    ty_is_int(ty_tm_open(path_in("parts.sqlite"), TY_TM_CREATE, &c, &e), TY_OK, "parts: create");
    c->bulk_min = 100;
    c->build_bytes = 64 << 10; /* some 20,000 postings a part, of 190,000 */
    ty_is_int(ty_tm_add_units(c, &(ty_tm_docinfo){"d", NULL, NULL, "2024-01-01"}, us, N, &st, &e),
              TY_OK, "an import into an empty memory built in parts");
    ty_ok(c->build_parts >= 8 && c->build_parts <= 12 && !c->build_thread,
          "in parts by the import's postings (%zu), from the units stored", c->build_parts);
    same_index(a, c, "built in parts");
    ty_is_int(ty_tm_verify(c, &e), TY_OK, "which pass the check");
    /* a removal of most units builds the lists anew from the units that stay, after the
     * trigram counts are emptied: in parts too */
    ty_is_int(ty_tm_add_units(c, &(ty_tm_docinfo){"s", NULL, NULL, "2024-01-02"}, us, 1000, &st,
                              &e),
              TY_OK, "a smaller document of the same units");
    c->build_parts = 0;
    ty_is_int(ty_tm_remove_document(c, 1, NULL, &e), TY_OK, "the large one removed");
    ty_ok(c->build_parts >= 3, "the lists of the units that stay built anew in parts (%zu)",
          c->build_parts);
    ty_is_int(ty_tm_verify(c, &e), TY_OK, "the check after the removal");
    ty_is_int(count_of(c, "SELECT count(*) FROM units"), 1000 - 1000 / 10,
              "the smaller document's units stay");
    ty_tm_close(c);
    c = NULL;
    ty_is_int(concord_count(a, "会議は42回目"), concord_count(b, "会議は42回目"),
              "concordance finds the same units");
    ty_ok(concord_count(a, "会議は42回目") >= 27, "and finds them (%lld)",
          concord_count(a, "会議は42回目"));
    ty_is_int(concord_count(a, "item 42."), concord_count(b, "item 42."), "in English too");

    /* a second import into the same handle adds to the lists built anew */
    for (int i = 0; i < M; i++) {
        snprintf(ja[i], sizeof ja[i], "第%d項 追加の議題%dを審議した。", i, i % 13);
        snprintf(en[i], sizeof en[i], "Paragraph %d: added item %d was discussed.", i, i % 13);
        us[i] = unit(ja[i], en[i], -1);
    }
    ty_is_int(ty_tm_add_units(a, &(ty_tm_docinfo){"e", NULL, NULL, "2024-01-02"}, us, M, &st, &e),
              TY_OK, "a second import after the build");
    ty_is_int(ty_tm_add_units(b, &(ty_tm_docinfo){"e", NULL, NULL, "2024-01-02"}, us, M, &st, &e),
              TY_OK, "and into the other memory");
    same_index(a, b, "after the second import");
    ty_is_int(ty_tm_verify(a, &e), TY_OK, "the check after the second import");
    ty_is_int(concord_count(a, "追加の議題7"), M / 13 + (M % 13 > 7), "its units are found");
    ty_is_int(concord_count(a, "審議"), N - N / 10 + M, "and those of the first");
    ty_tm_close(b);
    ty_tm_close(a);

    /* an import larger than a memory that holds units: every list built anew (the units held
     * read back from the memory); the same as adding the postings would make */
    ty_is_int(ty_tm_open(path_in("grown.sqlite"), TY_TM_CREATE, &a, &e), TY_OK, "grown: create");
    ty_is_int(ty_tm_open(path_in("grown1.sqlite"), TY_TM_CREATE, &b, &e), TY_OK, "create");
    a->bulk_min = 100;
    b->bulk_min = (size_t)-1;
    for (int k = 0; k < 2; k++) {
        ty_tm *t = k ? b : a;
        ty_is_int(ty_tm_add_units(t, &(ty_tm_docinfo){"small", NULL, NULL, NULL}, us, 60, &st, &e),
                  TY_OK, "a small import (%s)", k ? "added" : "added too");
        ty_is_int(ty_tm_add_units(t, &(ty_tm_docinfo){"large", NULL, NULL, NULL}, us + 60, M - 60,
                                  &st, &e),
                  TY_OK, "then a larger one (%s)", k ? "added" : "the lists built anew");
        ty_is_int(ty_tm_verify(t, &e), TY_OK, "the check");
    }
    same_search(a, b, "the lists built anew", 1);
    ty_is_int(concord_count(a, "追加の議題7"), M / 13 + (M % 13 > 7), "every unit is found");
    ty_is_int(concord_count(a, "第5項"), concord_count(b, "第5項"),
              "those of the small import too");
    ty_tm_close(b);
    ty_tm_close(a);

    /* an import abandoned past the point where the lists are to be built anew leaves the memory
     * empty */
    ty_is_int(ty_tm_open(path_in("abandoned.sqlite"), TY_TM_CREATE, &c, &e), TY_OK, "create");
    c->bulk_min = 10;
    ty_is_int(ty_tm_import_begin(c, &(ty_tm_docinfo){"x", NULL, NULL, NULL}, &imp, &e), TY_OK,
              "begin");
    for (int i = 0; i < M; i++)
        if (ty_tm_import_add(imp, &us[i], &e) != TY_OK)
            ty_diag("add %d: %s", i, e.message);
    ty_tm_import_abort(imp);
    ty_is_int(count_of(c, "SELECT count(*) FROM units"), 0, "abandoned: no units");
    ty_is_int(count_of(c, "SELECT count(*) FROM postings") +
                  count_of(c, "SELECT count(*) FROM postings_delta") +
                  count_of(c, "SELECT count(*) FROM grams"),
              0, "and no postings nor trigram counts");
    ty_is_int(ty_tm_verify(c, &e), TY_OK, "which pass the check");
    ty_is_int(ty_tm_add_units(c, &(ty_tm_docinfo){"x", NULL, NULL, NULL}, us, M, &st, &e), TY_OK,
              "the memory takes the import again");
    ty_is_int(concord_count(c, "追加の議題7"), M / 13 + (M % 13 > 7), "and finds its units");
    ty_tm_close(c);
}

/* An import whose texts fill many of the chunks the build beside it takes (1 MB each, 8 at
 * most waiting, then filled again): the lists it builds are those built from the units. */
static void bulk_long(void)
{
    enum { N = 1500, L = 4000 };
    static const char *const ja_words[] = {"会議", "議題", "審議", "条約", "規則", "報告"};
    static const char *const en_words[] = {"meeting ", "item ", "treaty ", "rule ", "report "};
    static ty_unit us[N];
    ty_tm *tm = NULL;
    ty_tm_import_stats st;
    ty_error e;
    unsigned long long built;
    char *texts = malloc((size_t)N * 2 * L);

    if (!texts) {
        ty_ok(0, "long units: out of memory");
        return;
    }
    for (int i = 0; i < N; i++) {
        char *ja = texts + (size_t)i * 2 * L, *en = ja + L;
        size_t o = (size_t)snprintf(ja, L, "第%d条", i), p = (size_t)snprintf(en, L, "No. %d ", i);
        for (int k = 0; o + 8 < L; k++)
            o += (size_t)snprintf(ja + o, L - o, "%s", ja_words[(i + k * k) % 6]);
        for (int k = 0; p + 10 < L; k++)
            p += (size_t)snprintf(en + p, L - p, "%s", en_words[(i * 7 + k * k) % 5]);
        us[i] = unit(ja, en, -1);
    }
    ty_is_int(ty_tm_open(path_in("long.sqlite"), TY_TM_CREATE, &tm, &e), TY_OK, "long: create");
    tm->bulk_min = 100;
    ty_is_int(ty_tm_add_units(tm, &(ty_tm_docinfo){"d", NULL, NULL, "2024-01-01"}, us, N, &st, &e),
              TY_OK, "an import of 11 MB of texts");
    ty_ok(tm->build_thread, "its lists built beside it");
    built = digest(tm, "SELECT * FROM postings ORDER BY lang, gram");
    ty_is_int(ty_tm_verify(tm, &e), TY_OK, "which pass the check");
    ty_is_int(ty__tm_exec(tm, "BEGIN", &e), TY_OK, "begin");
    ty_is_int(ty__plist_rebuild(tm, 1, &e), TY_OK, "the lists built again from the units");
    ty_is_int(ty__tm_exec(tm, "COMMIT", &e), TY_OK, "commit");
    ty_ok(digest(tm, "SELECT * FROM postings ORDER BY lang, gram") == built,
          "are the lists built beside the import");
    ty_tm_close(tm);
    free(texts);
}

/* ---- removing a document ---- */

static void removal(void)
{
    ty_unit a[4] = {unit("法の支配を守る。", "Uphold the rule of law.", 0.9),
                    unit("共有される文です。", "A shared sentence.", 0.9),
                    unit("Aだけにある文です。", "Only in A.", 0.8),
                    unit("共有される文です。", "A shared sentence.", 0.7)};
    ty_unit b[2] = {unit("共有される文です。", "A shared sentence.", 0.5),
                    unit("Bだけにある文です。", "Only in B.", 0.6)};
    ty_tm *m = NULL, *ref = NULL, *ro = NULL;
    ty_tm_import_stats st;
    ty_tm_remove_stats rs;
    ty_tm_matches *mt = NULL;
    ty_error e;

    a[3].shape = "2:1";
    ty_is_int(ty_tm_open(path_in("rm.sqlite"), TY_TM_CREATE, &m, &e), TY_OK, "create");
    ty_is_int(ty_tm_open(path_in("rm-ref.sqlite"), TY_TM_CREATE, &ref, &e), TY_OK, "create");
    ty_is_int(ty_tm_add_units(m, &(ty_tm_docinfo){"a", NULL, NULL, "2024-01-01"}, a, 4, &st, &e),
              TY_OK, "import a");
    ty_is_int(ty_tm_add_units(m, &(ty_tm_docinfo){"b", NULL, NULL, "2024-01-02"}, b, 2, &st, &e),
              TY_OK, "import b");
    ty_is_int(ty_tm_add_units(ref, &(ty_tm_docinfo){"b", NULL, NULL, "2024-01-02"}, b, 2, &st, &e),
              TY_OK, "a memory of b alone");
    ty_is_int(ty_tm_remove_document(m, 1, &rs, &e), TY_OK, "remove a");
    ty_is_int((long long)rs.occurrences, 4, "its 4 occurrences");
    ty_is_int((long long)rs.deleted, 2, "2 units only it held are deleted");
    ty_is_int((long long)rs.kept, 1, "the shared one is kept");
    ty_is_int(count_of(m, "SELECT count(*) FROM documents"), 1, "one document left");
    ty_is_int(count_of(m, "SELECT count(*) FROM units"), 2, "two units left");
    ty_is_int(count_of(m, "SELECT count(*) FROM occurrences"), 2, "two occurrences left");
    ty_is_int(count_of(m, "SELECT count FROM units u JOIN unit_text t USING (id) "
                          "WHERE t.en = 'A shared sentence.'"),
              1, "the shared unit counts b's occurrence alone");
    ty_is_int(count_of(m, "SELECT round(confidence * 10) FROM units u JOIN unit_text t USING (id)"
                          " WHERE t.en = 'A shared sentence.'"),
              5, "with b's confidence");
    ty_is_int(ty_tm_verify(m, &e), TY_OK, "the memory passes its check (%s)",
              e.status ? e.message : "ok");
    same_search(m, ref, "a removed, against a memory of b alone", 0);
    ty_is_int(concord_count(m, "法の支配"), 0, "a's own text is not found");
    ty_is_int(concord_count(m, "Aだけ"), 0, "nor by a 3-character pattern");
    ty_is_int(concord_count(m, "守"), 0, "nor by a 1-character one");
    ty_is_int(concord_count(m, "共有される"), 1, "the shared unit is found");
    ty_is_int(concord_count(m, "Bだけ"), 1, "and b's own");
    ty_is_int(ty_tm_lookup(m, "共有される文です。", NULL, &mt, &e), TY_OK, "lookup");
    ty_ok(ty_tm_matches_count(mt) >= 1 && ty_tm_matches_get(mt, 0)->score == 100 &&
              ty_tm_matches_get(mt, 0)->count == 1,
          "an exact match, counted once");
    ty_tm_matches_free(mt);
    ty_is_int(ty_tm_remove_document(m, 1, &rs, &e), TY_ERR_NOTFOUND, "a is gone");
    ty_is_int(ty_tm_add_units(m, &(ty_tm_docinfo){"a", NULL, NULL, "2024-01-01"}, a, 4, &st, &e),
              TY_OK, "import a again");
    ty_is_int(st.already, 0, "it is new again");
    ty_is_int((long long)st.added, 2, "its own units added");
    ty_is_int((long long)st.merged, 2, "the shared one merged twice");
    ty_is_int(ty_tm_verify(m, &e), TY_OK, "the memory passes its check");
    ty_is_int(concord_count(m, "法の支配"), 1, "a's text is found again");
    ty_tm_close(ref);

    /* a document that brought most of the memory: the indexes are built anew from the rest */
    {
        ty_unit c[5] = {unit("一つ目の文。", "One.", -1), unit("二つ目の文。", "Two.", -1),
                        unit("三つ目の文。", "Three.", -1), unit("四つ目の文。", "Four.", -1),
                        unit("共有される文です。", "A shared sentence.", -1)};
        ty_tm *m2 = NULL;
        ty_is_int(ty_tm_open(path_in("rm2.sqlite"), TY_TM_CREATE, &m2, &e), TY_OK, "create");
        ty_is_int(ty_tm_open(path_in("rm2-ref.sqlite"), TY_TM_CREATE, &ref, &e), TY_OK, "create");
        ty_tm_add_units(m2, &(ty_tm_docinfo){"a", NULL, NULL, "2024-01-01"}, a, 4, &st, &e);
        ty_tm_add_units(m2, &(ty_tm_docinfo){"c", NULL, NULL, "2024-01-01"}, c, 5, &st, &e);
        ty_tm_add_units(ref, &(ty_tm_docinfo){"a", NULL, NULL, "2024-01-01"}, a, 4, &st, &e);
        ty_is_int(ty_tm_remove_document(m2, 2, &rs, &e), TY_OK, "remove the larger document");
        ty_is_int((long long)rs.deleted, 4, "4 units deleted");
        ty_is_int((long long)rs.kept, 1, "1 kept");
        ty_is_int(ty_tm_verify(m2, &e), TY_OK, "the memory passes its check");
        same_search(m2, ref, "c removed (the indexes built anew), against a memory of a alone",
                    0);
        ty_is_int(concord_count(m2, "つ目の"), 0, "the removed units are not found");
        ty_is_int(concord_count(m2, "法の支配"), 1, "those left are");
        /* ids are not given again: document 2 and units 4-7 were removed */
        ty_is_int(ty_tm_add_units(m2, &(ty_tm_docinfo){"d", NULL, NULL, "2024-01-01"}, c, 1, &st,
                                  &e),
                  TY_OK, "a new document after the removal");
        ty_is_int(st.document, 3, "gets id 3, not the removed 2");
        ty_is_int(count_of(m2, "SELECT max(id) FROM units"), 8,
                  "and its unit id 8, not a removed unit's 4");
        ty_is_int(ty_tm_verify(m2, &e), TY_OK, "the memory passes its check");
        ty_tm_close(m2);
    }
    ty_is_int(ty_tm_open(path_in("rm.sqlite"), TY_TM_READONLY, &ro, &e), TY_OK, "read-only");
    ty_is_int(ty_tm_remove_document(ro, 2, &rs, &e), TY_ERR_IO, "cannot remove");
    ty_tm_close(ro);
    ty_tm_close(ref);
    ty_tm_close(m);
}

/* ---- a memory being made: nobody sees it until it is complete ---- */

/* How many files in the test directory have names starting with `prefix`. */
static int files_named(const char *prefix)
{
    char cmd[400];
    FILE *p;
    int n = -1;

    snprintf(cmd, sizeof cmd, "ls -A '%s' | grep -c '^%s'", dir, prefix);
    if ((p = popen(cmd, "r"))) {
        if (fscanf(p, "%d", &n) != 1)
            n = -1;
        pclose(p);
    }
    return n;
}

static void making(void)
{
    ty_unit u = unit("作りかけのメモリ", "a memory being made", 0.9);
    ty_tm *w = NULL, *r = NULL;
    ty_tm_import *imp = NULL;
    ty_error e;
    int fd;

    ty_is_int(ty_tm_open(path_in("made.sqlite"), TY_TM_CREATE, &w, &e), TY_OK, "make a memory");
    ty_ok(access(path_in("made.sqlite"), F_OK) != 0, "it has no name before its first import");
    ty_is_int(files_named(".made.sqlite.taiyaku-new-"), 1, "it is made in a hidden file");
    ty_is_int(ty_tm_open(path_in("made.sqlite"), 0, &r, &e), TY_ERR_NOTFOUND,
              "a reader does not find it");
    ty_is_int(ty_tm_import_begin(w, &(ty_tm_docinfo){"d", NULL, NULL, NULL}, &imp, &e), TY_OK,
              "begin its first import");
    ty_is_int(ty_tm_import_add(imp, &u, &e), TY_OK, "add a unit");
    ty_ok(access(path_in("made.sqlite"), F_OK) != 0, "still no name during the import");
    ty_is_int(ty_tm_import_commit(imp, NULL, &e), TY_OK, "commit");
    ty_ok(access(path_in("made.sqlite"), F_OK) == 0, "now it has its name");
    ty_is_int(files_named(".made.sqlite.taiyaku-new-"), 0, "and the hidden file is gone");
    ty_is_int(ty_tm_open(path_in("made.sqlite"), TY_TM_READONLY, &r, &e), TY_OK,
              "a reader opens it");
    ty_is_int(r ? count_of(r, "SELECT count(*) FROM units") : -1, 1, "and sees the unit");
    ty_is_str(w && count_of(w, "SELECT count(*) FROM pragma_journal_mode WHERE "
                               "journal_mode='wal'") == 1 ? "wal" : "other",
              "wal", "the memory is in WAL mode");
    ty_is_int(ty_tm_add_units(w, &(ty_tm_docinfo){"e", NULL, NULL, NULL},
                              &(ty_unit){.ja = "二つ目", .en = "the second", .confidence = -1}, 1,
                              NULL, &e),
              TY_OK, "the handle goes on importing into it");
    ty_is_int(r ? count_of(r, "SELECT count(*) FROM units") : -1, 2, "and the reader sees it");
    ty_is_int(ty_tm_verify(w, &e), TY_OK, "the memory passes its check");
    ty_tm_close(r);
    ty_tm_close(w);

    /* imports that all fail leave nothing */
    ty_is_int(ty_tm_open(path_in("failed.sqlite"), TY_TM_CREATE, &w, &e), TY_OK, "make another");
    ty_is_int(ty_tm_import_begin(w, &(ty_tm_docinfo){"d", NULL, NULL, NULL}, &imp, &e), TY_OK,
              "begin its first import");
    ty_tm_import_add(imp, &u, &e);
    ty_tm_import_abort(imp);
    ty_is_int(ty_tm_add_units(w, &(ty_tm_docinfo){"d", NULL, NULL, NULL},
                              &(ty_unit){.ja = "\xff", .en = "bad", .confidence = -1}, 1, NULL, &e),
              TY_ERR_ENCODING, "an import of text that is not UTF-8 fails");
    ty_tm_close(w);
    ty_is_int(files_named("failed.sqlite") + files_named(".failed.sqlite"), 0,
              "when every import failed, nothing is left");

    /* a memory made and closed without an import is kept, empty */
    ty_is_int(ty_tm_open(path_in("empty-made.sqlite"), TY_TM_CREATE, &w, &e), TY_OK, "make one");
    ty_tm_close(w);
    ty_is_int(ty_tm_open(path_in("empty-made.sqlite"), 0, &r, &e), TY_OK,
              "closed without an import, it is kept");
    ty_is_int(r ? count_of(r, "SELECT count(*) FROM units") : -1, 0, "empty");
    ty_tm_close(r);

    /* the hidden file of a maker that died is removed by the next one */
    snprintf(cmdbuf, sizeof cmdbuf, "%s/.stale.sqlite.taiyaku-new-999999-0", dir);
    write_file(cmdbuf, "half made", 9);
    snprintf(cmdbuf, sizeof cmdbuf, "%s/.stale.sqlite.taiyaku-new-999999-0-journal", dir);
    write_file(cmdbuf, "its journal", 11);
    fd = -1;
    ty_is_int(ty_tm_open(path_in("stale.sqlite"), TY_TM_CREATE, &w, &e), TY_OK,
              "make a memory where a maker died");
    ty_is_int(files_named(".stale.sqlite.taiyaku-new-999999"), 0,
              "its hidden file and journal are removed");
    ty_tm_close(w);
    (void)fd;
}

/* ---- verify: damage the check must see ---- */

static void verification(void)
{
    static const struct {
        const char *name, *sql, *says;
    } damage[] = {
        {"a text that is not UTF-8", "UPDATE unit_text SET ja = CAST(x'ffe6b3' AS TEXT) WHERE id = 2",
         "texts: unit 2 (document 'v', position 2): the Japanese text is not valid UTF-8 (byte 0)"},
        {"a text stored as a blob", "UPDATE unit_text SET en = x'41' WHERE id = 1",
         "texts: unit 1 (document 'v', position 1): the English text is not stored as text"},
        {"a text that changed", "UPDATE unit_text SET ja = '法の支持' WHERE id = 1",
         "texts: unit 1 (document 'v', position 1): the hash of the Japanese text does not "
         "match it"},
        {"a normalized copy that changed",
         "UPDATE unit_text SET en_norm = 'the rule of lax' WHERE id = 1",
         "the normalized English text does not match the text"},
        {"a length that changed", "UPDATE units SET en_len = en_len + 1 WHERE id = 1",
         "texts: unit 1 (document 'v', position 1): the length of the English text (4) is "
         "stored as 5"},
        {"a trigram count that changed", "UPDATE grams SET df = df + 1 WHERE lang = 0 AND "
         "gram = '法の支'",
         "trigram counts: trigram '法の支' (ja) is in 1 units, counted in 2"},
        {"a trigram no unit holds", "INSERT INTO grams(lang, gram, df) VALUES(1, 'zzz', 1)",
         "trigram counts: 31 trigrams are counted, the units hold 30"},
        {"a document name that is not UTF-8",
         "UPDATE documents SET name = CAST(x'ff' AS TEXT)", "documents: document 1: name is not"},
        {"a prop that is not UTF-8",
         "UPDATE occurrences SET props = CAST(x'c3' AS TEXT) WHERE unit = 1",
         "provenance: unit 1 in document 1 at position 1: props is not valid UTF-8"},
    };
    ty_unit us[2] = {unit("法の支配", "The rule of law", 0.9), unit("予算案", "the budget", 0.8)};
    ty_tm *tm = NULL;
    ty_error e;

    for (size_t i = 0; i < sizeof damage / sizeof damage[0]; i++) {
        unlink(path_in("v.sqlite"));
        if (ty_tm_open(path_in("v.sqlite"), TY_TM_CREATE, &tm, &e) != TY_OK ||
            ty_tm_add_units(tm, &(ty_tm_docinfo){"v", NULL, NULL, NULL}, us, 2, NULL, &e) !=
                TY_OK) {
            ty_diag("%s", e.message);
            ty_ok(0, "verify: %s: a memory to damage", damage[i].name);
            ty_tm_close(tm);
            continue;
        }
        if (i == 0)
            ty_is_int(ty_tm_verify(tm, &e), TY_OK, "verify: the memory is sound");
        ty_is_int(ty__tm_exec(tm, damage[i].sql, &e), TY_OK, "verify: %s: made", damage[i].name);
        ty_error_clear(&e);
        ty_is_int(ty_tm_verify(tm, &e), TY_ERR_FORMAT, "verify: %s: found", damage[i].name);
        ty_ok(strstr(e.message, damage[i].says) != NULL, "verify: %s: said (%s)", damage[i].name,
              e.message);
        ty_tm_close(tm);
        tm = NULL;
    }
}

/* ---- times the memory takes ---- */

static void times(void)
{
    static const struct {
        const char *s;
        ty_status st;
    } cases[] = {
        {"2024-05-01", TY_OK},          {"2024-05-01T09:30", TY_OK},
        {"2024-05-01T09:30:00Z", TY_OK}, {"2024-02-29", TY_OK},
        {"2000-02-29", TY_OK},          {"2026-12-31T23:59:59Z", TY_OK},
        {"2026-02-30", TY_ERR_INVALID}, {"2026-13-01", TY_ERR_INVALID},
        {"0000-00-00", TY_ERR_INVALID}, {"2026-01-01T25:61:61Z", TY_ERR_INVALID},
        {"2026-01-01T23:60", TY_ERR_INVALID}, {"2023-02-29", TY_ERR_INVALID},
        {"1900-02-29", TY_ERR_INVALID}, {"2026-04-31", TY_ERR_INVALID},
        {"2026-00-10", TY_ERR_INVALID}, {"yesterday", TY_ERR_INVALID},
        {"2026-1-1", TY_ERR_INVALID},   {"", TY_ERR_INVALID},
    };
    ty_error e;

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        ty_is_int(ty_tm_time_check(cases[i].s, &e), cases[i].st, "time '%s'", cases[i].s);
    ty_is_int(ty_tm_time_check(NULL, &e), TY_ERR_INVALID, "no time");
}

/* ---- a reader while a writer holds its transaction ---- */

static void concurrency(void)
{
    ty_tm *w = NULL, *r = NULL;
    ty_tm_import *imp = NULL;
    ty_tm_matches *m = NULL;
    ty_error e;
    ty_unit u = unit("並行して読む", "read concurrently", -1);

    ty_is_int(ty_tm_open(path_in("lookup.sqlite"), 0, &w, &e), TY_OK, "writer opens");
    ty_is_int(ty_tm_open(path_in("lookup.sqlite"), TY_TM_READONLY, &r, &e), TY_OK, "reader opens");
    ty_is_int(ty_tm_import_begin(w, &(ty_tm_docinfo){"w", NULL, NULL, NULL}, &imp, &e), TY_OK,
              "writer begins an import");
    ty_is_int(ty_tm_import_add(imp, &u, &e), TY_OK, "and adds a unit");
    ty_is_int(ty_tm_lookup(r, "並行して読む", NULL, &m, &e), TY_OK,
              "the reader is not blocked by the open write transaction");
    ty_is_int((long long)ty_tm_matches_count(m), 0, "and does not see the uncommitted unit");
    ty_tm_matches_free(m);
    ty_is_int(ty_tm_import_commit(imp, NULL, &e), TY_OK, "the writer commits");
    ty_is_int(ty_tm_lookup(r, "並行して読む", NULL, &m, &e), TY_OK, "the reader looks again");
    ty_is_int((long long)ty_tm_matches_count(m), 1, "and sees it");
    ty_tm_matches_free(m);
    ty_is_int(ty_tm_import_begin(r, &(ty_tm_docinfo){"r", NULL, NULL, NULL}, &imp, &e), TY_ERR_IO,
              "a read-only handle cannot import");
    ty_tm_close(r);
    ty_tm_close(w);
}

/* A group of imports (ty_tm_group_begin/commit): each import all-or-nothing inside it, the
 * group on the disk at its commit only, nothing else on the handle meanwhile; a memory being
 * made commits each import on its own. */
static void grouping(void)
{
    ty_tm *tm = NULL, *other = NULL;
    ty_tm_import *imp = NULL;
    ty_tm_import_stats st;
    ty_error e;
    ty_unit u[3] = {unit("一つ目", "the first", 0.9), unit("二つ目", "the second", 0.8),
                    unit("三つ目", "the third", -1)};
    const char *path = path_in("group.sqlite");

    ty_is_int(ty_tm_open(path, TY_TM_CREATE, &tm, &e), TY_OK, "group: create");
    ty_is_int(ty_tm_group_begin(tm, &e), TY_OK, "group: begin on a memory being made");
    ty_is_int(ty_tm_add_units(tm, &(ty_tm_docinfo){"g0", NULL, NULL, NULL}, u, 1, &st, &e), TY_OK,
              "group: the first import");
    ty_is_int(ty_tm_open(path, 0, &other, &e), TY_OK,
              "group: a memory being made commits its first import on its own");
    ty_is_int(ty_tm_group_commit(tm, &e), TY_OK, "group: nothing left to commit");

    ty_is_int(ty_tm_group_begin(tm, &e), TY_OK, "group: begin");
    ty_is_int(ty_tm_group_begin(tm, &e), TY_ERR_INVALID, "group: not twice");
    ty_is_int(count_of(tm, "PRAGMA wal_autocheckpoint"), TY__TM_GROUP_CHECKPOINT,
              "group: checkpoints after more WAL pages while it is open");
    ty_is_int(ty_tm_add_units(tm, &(ty_tm_docinfo){"g1", NULL, NULL, NULL}, u + 1, 1, &st, &e),
              TY_OK, "group: an import in it");
    ty_is_int(ty_tm_add_units(tm, &(ty_tm_docinfo){"g0", NULL, NULL, NULL}, u, 1, &st, &e), TY_OK,
              "group: a document the memory holds");
    ty_is_int(st.already, 1, "group: is one already there");
    ty_is_int(ty_tm_import_begin(tm, &(ty_tm_docinfo){"gx", NULL, NULL, NULL}, &imp, &e), TY_OK,
              "group: an import to abort");
    ty_tm_import_add(imp, &u[2], &e);
    ty_tm_import_abort(imp);
    ty_is_int(ty_tm_add_units(tm, &(ty_tm_docinfo){"g2", NULL, NULL, NULL}, u + 2, 1, &st, &e),
              TY_OK, "group: an import after the aborted one");
    ty_is_int(ty_tm_remove_document(tm, 1, NULL, &e), TY_ERR_INVALID,
              "group: no removal while it is open");
    ty_is_int(count_of(tm, "SELECT count(*) FROM documents"), 3,
              "group: this handle sees its imports, not the aborted one");
    ty_is_int(count_of(other, "SELECT count(*) FROM documents"), 1,
              "group: another handle does not, before the commit");
    ty_is_int(ty_tm_group_commit(tm, &e), TY_OK, "group: commit");
    ty_is_int(count_of(tm, "PRAGMA wal_autocheckpoint"), TY__TM_CHECKPOINT,
              "group: and after SQLite's default again once it is committed");
    ty_is_int(count_of(other, "SELECT count(*) FROM documents"), 3,
              "group: after it the other handle sees both imports");
    ty_is_int(count_of(other, "SELECT count(*) FROM units"), 3, "group: and their units");
    ty_is_int(ty_tm_verify(other, &e), TY_OK, "group: the memory verifies");
    {
        /* the group's trigram counts, written once at its commit, are those of the same
         * imports one by one (the aborted one left out; "つ目" counted in three imports) */
        static const char *const q[] = {
            "SELECT count(*) FROM grams",
            "SELECT sum(df) FROM grams",
            "SELECT sum(df * (lang + 2 * unicode(substr(gram, 1, 1)) + 3 * unicode(substr(gram, "
            "2, 1)) + 5 * unicode(substr(gram, 3, 1)))) FROM grams",
            "SELECT df FROM grams WHERE lang = 0 AND substr(gram, 1, 2) = 'つ目'"};
        ty_tm *one = NULL;
        ty_is_int(ty_tm_open(path_in("group-one.sqlite"), TY_TM_CREATE, &one, &e), TY_OK,
                  "group: a memory of the same imports, one by one");
        for (int i = 0; i < 3; i++) {
            char name[8];
            snprintf(name, sizeof name, "g%d", i);
            ty_tm_add_units(one, &(ty_tm_docinfo){name, NULL, NULL, NULL}, u + i, 1, &st, &e);
        }
        for (size_t i = 0; i < sizeof q / sizeof q[0]; i++)
            ty_is_int(count_of(other, q[i]), count_of(one, q[i]), "%s", q[i]);
        ty_is_int(count_of(other, q[3]), 3, "group: a trigram of three imports counted thrice");
        ty_tm_close(one);
    }

    ty_is_int(ty_tm_group_begin(tm, &e), TY_OK, "group: begin again");
    ty_is_int(ty_tm_add_units(tm, &(ty_tm_docinfo){"g3", NULL, NULL, NULL}, u, 2, &st, &e), TY_OK,
              "group: an import");
    ty_tm_close(tm);
    ty_is_int(count_of(other, "SELECT count(*) FROM documents"), 3,
              "group: closing the handle drops the open group");
    ty_tm_close(other);
}


/* ---- postings read inside FTS5 (postings.c) against a row per posting ---- */

typedef struct ids {
    long long v[64];
    size_t n;
    int fail_at; /* the sink fails at this id (0: never) */
} ids;

static int collect_id(void *user, long long id, long long len)
{
    ids *x = user;
    (void)len;
    if (x->fail_at && id == x->fail_at)
        return -1;
    if (x->n < 64)
        x->v[x->n++] = id;
    return 0;
}

/* Step `SELECT ty_postings(fts, ?2) … MATCH ?1` with sink s (NULL: none bound). */
static int postings_step(ty_tm *tm, const char *table, const char *match, ty__postings_sink *s)
{
    char sql[160];
    sqlite3_stmt *st = NULL;
    ty_error e;
    int step;

    snprintf(sql, sizeof sql, "SELECT ty_postings(%s, ?2) FROM %s WHERE %s MATCH ?1 LIMIT 1",
             table, table, table);
    if (ty__tm_prepare(tm, sql, &st, &e) != TY_OK)
        return -1;
    sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
    if (s)
        ty__tm_postings_bind(st, 2, s);
    step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        step = sqlite3_step(st);
    sqlite3_finalize(st);
    return step;
}

static void postings(void)
{
    static const tu units[] = {
        {"a", "法の支配を守る。", "We uphold the rule of law.", -1},
        {"a", "国際社会の支配。", "Rule by the international community.", -1},
        {"a", "法の支配と国際法。", "The rule of law and international law.", -1},
        {"b", "今日は晴れです。", "It is sunny today.", -1},
        {"b", "法の下の平等。", "Equality under the law.", -1},
    };
    static const struct {
        const char *table, *match;
    } cases[] = {
        {"fts_ja", "\"の支配\""}, {"fts_ja", "\"法の支\""}, {"fts_ja", "\"晴れで\""},
        {"fts_ja", "\"無い語\""}, {"fts_en", "\"law\""},   {"fts_en", "\"rul\""},
        {"fts_ja", "\"の支配\" OR \"晴れで\""},
    };
    char expect[160];
    ty_tm *tm = NULL;
    ty_error e;

    /* FTS5 holds the postings of a memory below schema step 7 (its lookups read them) */
    ty_is_int(ty__tm_open_at(path_in("postings.sqlite"), TY_TM_CREATE, 6, &tm, &e), TY_OK,
              "postings: a schema-6 memory");
    if (!tm)
        return;
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i += 3) {
        ty_unit us[3];
        size_t n = 0;
        for (; n < 3 && i + n < sizeof units / sizeof units[0] &&
               !strcmp(units[i + n].doc, units[i].doc);
             n++)
            us[n] = unit(units[i + n].ja, units[i + n].en, -1);
        ty_is_int(ty_tm_add_units(tm, &(ty_tm_docinfo){units[i].doc, NULL, NULL, NULL}, us, n,
                                  NULL, &e),
                  TY_OK, "postings: document %s", units[i].doc);
    }
    ty_ok(ty__tm_postings_ready(tm, &e) == TY_OK, "postings: ty_postings registered");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ids want = {{0}, 0, 0}, got = {{0}, 0, 0};
        ty__postings_sink s = {collect_id, &got};
        char sql[160];
        sqlite3_stmt *st = NULL;
        snprintf(sql, sizeof sql, "SELECT rowid FROM %s WHERE %s MATCH ?1", cases[i].table,
                 cases[i].table);
        if (strstr(cases[i].match, " OR ")) /* ty_postings reads phrase by phrase */
            snprintf(sql, sizeof sql, "SELECT rowid FROM %s WHERE %s MATCH '\"の支配\"' UNION ALL "
                     "SELECT rowid FROM %s WHERE %s MATCH '\"晴れで\"'", cases[i].table,
                     cases[i].table, cases[i].table, cases[i].table);
        if (ty__tm_prepare(tm, sql, &st, &e) == TY_OK) {
            if (!strstr(cases[i].match, " OR "))
                sqlite3_bind_text(st, 1, cases[i].match, -1, SQLITE_STATIC);
            while (sqlite3_step(st) == SQLITE_ROW)
                collect_id(&want, sqlite3_column_int64(st, 0), -1);
        }
        sqlite3_finalize(st);
        ty_is_int(postings_step(tm, cases[i].table, cases[i].match, &s), SQLITE_DONE,
                  "postings: %s %s read", cases[i].table, cases[i].match);
        ty_ok(got.n == want.n && !memcmp(got.v, want.v, got.n * sizeof got.v[0]),
              "postings: %s %s: %zu ids, as a row per posting gives (%zu)", cases[i].table,
              cases[i].match, got.n, want.n);
    }
    ty_ok(postings_step(tm, "fts_ja", "\"の支配\"", NULL) == SQLITE_ERROR,
          "postings: no sink bound is an error");
    {
        ids x = {{0}, 0, 3};
        ty__postings_sink s = {collect_id, &x};
        ty_is_int(postings_step(tm, "fts_ja", "\"の支配\"", &s), SQLITE_NOMEM,
                  "postings: a sink out of memory stops the read as SQLITE_NOMEM");
        ty_is_int((long long)x.n, 2, "postings: the ids before the failing one (3) were handed on");
    }
    ty_tm_close(tm);
    tm = NULL;
    ty_is_int(ty_tm_open(path_in("postings.sqlite"), TY_TM_READONLY, &tm, &e), TY_ERR_FORMAT,
              "a schema-6 memory is not opened read-only");
    snprintf(expect, sizeof expect,
             "schema version 6 needs an upgrade to %d, which needs write access: "
             "open it once with it",
             TY__TM_SCHEMA);
    ty_ok(strstr(e.message, expect) != NULL, "saying what to do (%s)", e.message);
    ty_tm_close(tm);
}

/* ---- the posting lists of our own (schema step 7, plist.c) ---- */

/* The top results of a fuzzy lookup as "unit:score unit:score …". */
static void lookup_line(ty_tm *tm, const char *q, char *out, size_t size)
{
    ty_tm_matches *m = NULL;
    ty_error e;
    size_t k = 0;

    out[0] = '\0';
    ty_status rc = ty_tm_lookup(tm, q, NULL, &m, &e);

    if (rc != TY_OK) {
        snprintf(out, size, "error %d", (int)rc);
        return;
    }
    for (size_t i = 0; i < ty_tm_matches_count(m) && k < size; i++) {
        const ty_tm_match *x = ty_tm_matches_get(m, i);
        k += (size_t)snprintf(out + k, size - k, "%lld:%d ", x->unit, x->score);
    }
    ty_tm_matches_free(m);
}

/* The packed key of a trigram written out. */
static uint64_t key_of(const char *g)
{
    ty__qgrams q = {0};
    ty_error e;
    uint64_t key = 0;
    if (ty__qgrams_collect(g, strlen(g), &q, &e) == TY_OK && q.n == 1)
        key = q.v[0].key;
    ty__qgrams_free(&q);
    return key;
}

/* What ty_tm_verify says of a list that differs from the units. */
static void plist_damage(void)
{
    static const struct {
        const char *name, *gram;
        int lang;
        long long drop, add, add_len, len_of_first; /* -1: leave */
        const char *says;
    } cases[] = {
        {"a unit left out", "法の支", 0, 1, -1, 0, -1,
         "postings: trigram '法の支' (ja) does not list unit 1, which holds it"},
        {"a unit that does not hold it", "法の支", 0, -1, 2, 3, -1,
         "postings: trigram '法の支' (ja) lists unit 2, which does not hold it"},
        {"a wrong length", "法の支", 0, -1, -1, 0, 9,
         "postings: trigram '法の支' (ja) gives unit 1 the length 9, the unit's is 4"},
        {"a trigram no unit holds", "zzz", 1, -1, 1, 4, -1,
         "postings: trigram 'zzz' (en) lists unit 1, which does not hold it"},
    };
    ty_unit us[2] = {unit("法の支配", "The rule of law", 0.9), unit("予算案", "the budget", 0.8)};

    for (size_t i = 0; i <= sizeof cases / sizeof cases[0]; i++) {
        ty__plist l = {0}, kept = {0};
        ty_tm *tm = NULL;
        ty_error e;
        unlink(path_in("pd.sqlite"));
        if (ty_tm_open(path_in("pd.sqlite"), TY_TM_CREATE, &tm, &e) != TY_OK ||
            ty_tm_add_units(tm, &(ty_tm_docinfo){"v", NULL, NULL, NULL}, us, 2, NULL, &e) !=
                TY_OK ||
            ty__plist_merge_delta(tm, &e) != TY_OK) {
            ty_ok(0, "plist damage: a memory (%s)", e.message);
            ty_tm_close(tm);
            return;
        }
        if (i == sizeof cases / sizeof cases[0]) { /* a blob that is not a list */
            ty_is_int(ty__tm_exec(tm, "UPDATE postings SET ids = x'81'", &e), TY_OK,
                      "plist damage: blobs broken");
            ty_error_clear(&e);
            ty_is_int(ty_tm_verify(tm, &e), TY_ERR_FORMAT, "plist damage: a broken blob found");
            ty_ok(strstr(e.message, "the postings of a trigram are damaged") != NULL,
                  "plist damage: said (%s)", e.message);
            ty_error_clear(&e);
            ty_ok(ty_tm_lookup(tm, "法の支配だ", NULL, &(ty_tm_matches *){NULL}, &e) ==
                      TY_ERR_FORMAT,
                  "plist damage: a lookup fails with an error, not a crash (%s)", e.message);
            ty_tm_close(tm);
            continue;
        }
        ty_is_int(ty__plist_load(tm, cases[i].lang, key_of(cases[i].gram), &l, &e), TY_OK,
                  "plist damage: %s: the list read", cases[i].name);
        for (size_t k = 0; k < l.n; k++)
            if (l.v[k].id != cases[i].drop)
                ty__plist_push(&kept, l.v[k].id,
                               k == 0 && cases[i].len_of_first >= 0 ? cases[i].len_of_first
                                                                    : l.v[k].len);
        if (cases[i].add >= 0)
            ty__plist_push(&kept, cases[i].add, cases[i].add_len);
        ty_is_int(ty__plist_store(tm, cases[i].lang, key_of(cases[i].gram), &kept, &e), TY_OK,
                  "plist damage: %s: made", cases[i].name);
        ty_error_clear(&e);
        ty_is_int(ty_tm_verify(tm, &e), TY_ERR_FORMAT, "plist damage: %s: found", cases[i].name);
        ty_ok(strstr(e.message, cases[i].says) != NULL, "plist damage: %s: said (%s)",
              cases[i].name, e.message);
        ty__plist_free(&l);
        ty__plist_free(&kept);
        ty_tm_close(tm);
    }
}

/* Whether every trigram `grams` counts lists, in the posting lists, exactly the units FTS5
 * finds it in, by id, each with its length (units.ja_len, en_len): an index built by other
 * code than the lists. */
static int plists_are_fts(ty_tm *tm, size_t *grams)
{
    static const char *const sql[2] = {
        "SELECT rowid, (SELECT ja_len FROM units WHERE id = fts_ja.rowid) FROM fts_ja "
        "WHERE fts_ja MATCH ?1 ORDER BY rowid",
        "SELECT rowid, (SELECT en_len FROM units WHERE id = fts_en.rowid) FROM fts_en "
        "WHERE fts_en MATCH ?1 ORDER BY rowid"};
    sqlite3_stmt *st = NULL, *fts[2] = {NULL, NULL};
    ty__plist got = {0};
    ty_error e;
    int same = 1;

    *grams = 0;
    if (sqlite3_prepare_v2(tm->db, "SELECT lang, gram FROM grams", -1, &st, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(tm->db, sql[0], -1, &fts[0], NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(tm->db, sql[1], -1, &fts[1], NULL) != SQLITE_OK)
        same = 0;
    while (same && sqlite3_step(st) == SQLITE_ROW) {
        int l = sqlite3_column_int(st, 0);
        const char *g = (const char *)sqlite3_column_text(st, 1);
        size_t n = (size_t)sqlite3_column_bytes(st, 1), k = 0;
        ty__qgrams q = {0};
        char *quoted = ty__fts_quote(g, n);
        if (ty__qgrams_collect(g, n, &q, &e) != TY_OK || q.n != 1 || !quoted ||
            ty__plist_load(tm, l, q.v[0].key, &got, &e) != TY_OK) {
            ty_diag("trigram '%s': no list", g);
            same = 0;
        }
        sqlite3_bind_text(fts[l], 1, quoted, -1, SQLITE_STATIC);
        while (same && sqlite3_step(fts[l]) == SQLITE_ROW) {
            if (k >= got.n || got.v[k].id != sqlite3_column_int64(fts[l], 0) ||
                got.v[k].len != sqlite3_column_int64(fts[l], 1)) {
                ty_diag("trigram '%s' (%d): posting %zu differs", g, l, k);
                same = 0;
            }
            k++;
        }
        if (same && k != got.n) {
            ty_diag("trigram '%s' (%d): %zu postings, FTS5 %zu", g, l, got.n, k);
            same = 0;
        }
        sqlite3_reset(fts[l]);
        free(quoted);
        ty__qgrams_free(&q);
        (*grams)++;
    }
    sqlite3_finalize(st);
    sqlite3_finalize(fts[0]);
    sqlite3_finalize(fts[1]);
    ty__plist_free(&got);
    return same && *grams > 0;
}

/* ---- units containing a string from the posting lists (plist_find.c) ---- */

typedef struct idv {
    long long v[2048];
    size_t n;
} idv;

static int idv_fn(void *user, long long id)
{
    idv *l = user;
    if (l->n == sizeof l->v / sizeof l->v[0])
        return -1;
    l->v[l->n++] = id;
    return 0;
}

static int idv_same(const idv *a, const long long *b, size_t n)
{
    return a->n == n && (n == 0 || !memcmp(a->v, b, n * sizeof *b));
}

/* The ids of a statement's rows (?1 the pattern, ?2 the FTS5 query when it has one). */
static void idv_rows(sqlite3_stmt *st, const char *p, const char *match, idv *out)
{
    out->n = 0;
    sqlite3_bind_text(st, 1, p, -1, SQLITE_STATIC);
    if (match)
        sqlite3_bind_text(st, 2, match, -1, SQLITE_STATIC);
    while (sqlite3_step(st) == SQLITE_ROW && out->n < sizeof out->v / sizeof out->v[0])
        out->v[out->n++] = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
}

/* The FTS5 query of every trigram of p (AND), as concordance built it before the lists. */
static char *fts_and(const char *p)
{
    ty__qgrams q = {0};
    ty_error e;
    char *out = calloc(1, 1);
    size_t len = 0;

    if (ty__qgrams_collect(p, strlen(p), &q, &e) != TY_OK)
        return out;
    for (size_t i = 0; i < q.n && out; i++) {
        char *quoted = ty__fts_quote(q.v[i].g, q.v[i].len), *more;
        more = quoted ? realloc(out, len + strlen(quoted) + 6) : NULL;
        if (!more) {
            free(out);
            out = NULL;
        } else {
            out = more;
            len += (size_t)sprintf(out + len, "%s%s", i ? " AND " : "", quoted);
        }
        free(quoted);
    }
    ty__qgrams_free(&q);
    return out;
}

/* Patterns: pieces of the memory's texts (1, 2, 3, 4, 7 and 15 characters from several
 * places: common and rare trigrams, digits beside Japanese, Latin words) and strings no unit
 * holds (made of common trigrams, or not). */
static size_t find_patterns(ty_tm *tm, char pats[][64], size_t max)
{
    static const char *const fixed[] = {"無い語", "zzq", "会議は審議", "議題を議題", "2条 会",
                                        "第1100条", "Article 11", " the ", "審議した。", "会議は",
                                        "題", "d ", "条 ", "。", "the meeting discussed item 5."};
    static const int lens[] = {1, 2, 3, 4, 7, 15};
    sqlite3_stmt *st = NULL;
    size_t k = 0;
    long long every = count_of(tm, "SELECT count(*) FROM unit_text") / 40 + 1;

    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0] && k < max; i++)
        snprintf(pats[k++], 64, "%s", fixed[i]);
    if (sqlite3_prepare_v2(tm->db,
                           "SELECT coalesce(ja_norm, ja), coalesce(en_norm, en) FROM unit_text "
                           "ORDER BY id",
                           -1, &st, NULL) != SQLITE_OK)
        return k;
    for (int row = 0; sqlite3_step(st) == SQLITE_ROW; row++)
        for (int l = 0; l < 2 && row % every == 0; l++) {
            const char *t = (const char *)sqlite3_column_text(st, l);
            size_t tl = strlen(t);
            for (size_t j = 0; j < sizeof lens / sizeof lens[0] && k < max; j++) {
                size_t from = 0, to;
                int c = 0, skip = (row * 5 + (int)j * 3) % 11;
                while (from < tl && skip-- > 0) /* a few characters in */
                    from += 1 + strspn(t + from + 1, "\x80\x81\x82\x83\x84\x85\x86\x87\x88\x89"
                                                     "\x8a\x8b\x8c\x8d\x8e\x8f\x90\x91\x92\x93"
                                                     "\x94\x95\x96\x97\x98\x99\x9a\x9b\x9c\x9d"
                                                     "\x9e\x9f\xa0\xa1\xa2\xa3\xa4\xa5\xa6\xa7"
                                                     "\xa8\xa9\xaa\xab\xac\xad\xae\xaf\xb0\xb1"
                                                     "\xb2\xb3\xb4\xb5\xb6\xb7\xb8\xb9\xba\xbb"
                                                     "\xbc\xbd\xbe\xbf");
                for (to = from; to < tl && c < lens[j]; c++)
                    do
                        to++;
                    while (to < tl && ((unsigned char)t[to] & 0xc0) == 0x80);
                if (to > from && to - from < 64)
                    snprintf(pats[k++], 64, "%.*s", (int)(to - from), t + from);
            }
        }
    sqlite3_finalize(st);
    return k;
}

/* The units found for every pattern, both languages: in full, newest 5, first 3, through
 * ty__units_containing and ty__units_count (limit 4) — against a scan of the texts, and, for
 * 3+ characters, against FTS5 (an AND of the pattern's trigrams checked with instr()). */
static void finds_check(ty_tm *tm, const char *when, int fts_too)
{
    static const char *const scan_sql[2] = {
        "SELECT id FROM unit_text WHERE instr(coalesce(ja_norm, ja), ?1) > 0 ORDER BY id",
        "SELECT id FROM unit_text WHERE instr(coalesce(en_norm, en), ?1) > 0 ORDER BY id"};
    static const char *const fts_sql[2] = {
        "SELECT rowid FROM fts_ja WHERE fts_ja MATCH ?2 AND instr((SELECT coalesce(ja_norm, ja)"
        " FROM unit_text WHERE id = fts_ja.rowid), ?1) > 0 ORDER BY rowid",
        "SELECT rowid FROM fts_en WHERE fts_en MATCH ?2 AND instr((SELECT coalesce(en_norm, en)"
        " FROM unit_text WHERE id = fts_en.rowid), ?1) > 0 ORDER BY rowid"};
    static char pats[600][64];
    sqlite3_stmt *scan[2] = {NULL, NULL}, *fts[2] = {NULL, NULL};
    size_t npats = find_patterns(tm, pats, 600), bad = 0, hits = 0, empty = 0, fts_compared = 0;
    ty_error e;

    for (int l = 0; l < 2; l++)
        if (sqlite3_prepare_v2(tm->db, scan_sql[l], -1, &scan[l], NULL) != SQLITE_OK ||
            (fts_too && sqlite3_prepare_v2(tm->db, fts_sql[l], -1, &fts[l], NULL) != SQLITE_OK))
            bad++;
    for (size_t i = 0; i < npats && !bad; i++)
        for (int l = 0; l < 2; l++) {
            static idv ref, got, other;
            size_t len = strlen(pats[i]), count = 0, chars = ty__utf8_chars(pats[i], len), k;
            long long *found = NULL;
            idv_rows(scan[l], pats[i], NULL, &ref);
            hits += ref.n;
            empty += ref.n == 0;
            got.n = 0;
            if (ty__plist_find(tm, l, pats[i], len, 0, -1, idv_fn, &got, &e) != TY_OK ||
                !idv_same(&got, ref.v, ref.n)) {
                ty_diag("%s: '%s' (%d): %zu units found, the scan %zu", when, pats[i], l, got.n,
                        ref.n);
                bad++;
            }
            if (chars >= 3 && fts_too) {
                char *match = fts_and(pats[i]);
                idv_rows(fts[l], pats[i], match, &other);
                free(match);
                fts_compared++;
                if (!idv_same(&other, got.v, got.n)) {
                    ty_diag("%s: '%s' (%d): FTS5 finds %zu, the lists %zu", when, pats[i], l,
                            other.n, got.n);
                    bad++;
                }
            }
            other.n = 0; /* the newest 5 */
            k = ref.n < 5 ? ref.n : 5;
            for (size_t j = 0; j < k; j++)
                got.v[j] = ref.v[ref.n - 1 - j];
            if (ty__plist_find(tm, l, pats[i], len, 1, 5, idv_fn, &other, &e) != TY_OK ||
                !idv_same(&other, got.v, k)) {
                ty_diag("%s: '%s' (%d): the newest 5 differ", when, pats[i], l);
                bad++;
            }
            other.n = 0;
            k = ref.n < 3 ? ref.n : 3;
            if (ty__plist_find(tm, l, pats[i], len, 0, 3, idv_fn, &other, &e) != TY_OK ||
                !idv_same(&other, ref.v, k)) {
                ty_diag("%s: '%s' (%d): the first 3 differ", when, pats[i], l);
                bad++;
            }
            if (ty__units_containing(tm, (ty_lang)l, pats[i], len, 3, &found, &count, &e) !=
                    TY_OK ||
                count != k || (k && memcmp(found, ref.v, k * sizeof *found))) {
                ty_diag("%s: '%s' (%d): ty__units_containing differs", when, pats[i], l);
                bad++;
            }
            free(found);
            if (chars >= 3 &&
                (ty__units_count(tm, (ty_lang)l, pats[i], len, 4, &count, &e) != TY_OK ||
                 count != (ref.n < 4 ? ref.n : 4))) {
                ty_diag("%s: '%s' (%d): ty__units_count %zu", when, pats[i], l, count);
                bad++;
            }
        }
    for (int l = 0; l < 2; l++) {
        sqlite3_finalize(scan[l]);
        sqlite3_finalize(fts[l]);
    }
    ty_ok(!bad && npats > 100 && hits > 0 && empty > 0 && (!fts_too || fts_compared > 0),
          "plist: %s: %zu patterns find the units a scan finds (%zu hits, %zu empty), and "
          "FTS5 finds for %zu of them",
          when, npats, hits, empty, fts_compared);
}

/* One posting as the test computes it from a unit's text. */
typedef struct ref_posting {
    uint64_t key;
    long long id, len;
    int lang;
} ref_posting;

typedef struct ref_list {
    ref_posting *v;
    size_t n, cap;
    int lang;
    long long id, len;
} ref_list;

static void ref_add(void *user, const char *gram, size_t n, uint64_t key)
{
    ref_list *r = user;
    (void)gram;
    (void)n;
    if (r->n == r->cap) {
        r->cap = r->cap ? 2 * r->cap : 4096;
        r->v = realloc(r->v, r->cap * sizeof *r->v);
    }
    r->v[r->n++] = (ref_posting){key, r->id, r->len, r->lang};
}

static int by_posting(const void *a, const void *b)
{
    const ref_posting *x = a, *y = b;
    if (x->lang != y->lang)
        return x->lang - y->lang;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* Whether the posting lists are those the units' padded normalized texts make, computed here
 * (every trigram, sorted, each unit once), and `grams` counts as many trigrams. */
static int plists_are_units(ty_tm *tm, size_t *grams)
{
    sqlite3_stmt *st = NULL;
    ref_list r = {0};
    ty__plist got = {0};
    ty_error e;
    int same = 1;

    *grams = 0;
    if (sqlite3_prepare_v2(tm->db,
                           "SELECT t.id, coalesce(ja_norm, ja) || char(10, 10), "
                           "coalesce(en_norm, en) || char(10, 10), ja_len, en_len "
                           "FROM unit_text t JOIN units u ON u.id = t.id",
                           -1, &st, NULL) != SQLITE_OK)
        return 0;
    while (sqlite3_step(st) == SQLITE_ROW)
        for (int l = 0; l < 2; l++) {
            r.lang = l;
            r.id = sqlite3_column_int64(st, 0);
            r.len = sqlite3_column_int64(st, 3 + l);
            ty__tm_trigrams((const char *)sqlite3_column_text(st, 1 + l),
                            (size_t)sqlite3_column_bytes(st, 1 + l), ref_add, &r);
        }
    sqlite3_finalize(st);
    qsort(r.v, r.n, sizeof *r.v, by_posting);
    for (size_t i = 0; i < r.n && same;) {
        size_t j = i, k = 0;
        if (ty__plist_load(tm, r.v[i].lang, r.v[i].key, &got, &e) != TY_OK)
            same = 0;
        for (; j < r.n && r.v[j].lang == r.v[i].lang && r.v[j].key == r.v[i].key; j++) {
            if (j > i && r.v[j].id == r.v[j - 1].id)
                continue; /* a unit holds the trigram twice: listed once */
            if (k >= got.n || got.v[k].id != r.v[j].id || got.v[k].len != r.v[j].len)
                same = 0;
            k++;
        }
        if (k != got.n)
            same = 0;
        if (!same) {
            char g[13];
            ty__tm_gram_unpack(r.v[i].key, g);
            ty_diag("trigram '%s' (%d): %zu postings, the units give %zu", g, r.v[i].lang,
                    got.n, k);
        }
        (*grams)++;
        i = j;
    }
    free(r.v);
    ty__plist_free(&got);
    return same && *grams > 0 && (long long)*grams == count_of(tm, "SELECT count(*) FROM grams");
}

static void plists_check(ty_tm *tm, const char *when)
{
    size_t grams = 0;
    ty_error e;
    int fts = count_of(tm, "SELECT count(*) FROM sqlite_schema WHERE name = 'fts_ja'") > 0;
    int same;
    if (fts) {
        same = plists_are_fts(tm, &grams);
        ty_ok(same, "plist: %s: the lists of %zu trigrams are FTS5's", when, grams);
    }
    same = plists_are_units(tm, &grams);
    ty_ok(same, "plist: %s: the lists of %zu trigrams are the units'", when, grams);
    finds_check(tm, when, fts);
    ty_error_clear(&e);
    ty_is_int(ty_tm_verify(tm, &e), TY_OK, "plist: %s: verified %s", when, e.message);
}

/* Every unit of the memory added again to the posting lists, in one batch written straight
 * into the blobs, last unit first: each trigram's postings come in descending order, which
 * the batch's sort puts in order (by grouping them, a trigram's run sorted on its own, when
 * tm->plist_grouped is lowered); the lists must come out as they were. */
static ty_status readd_descending(ty_tm *tm, ty_error *e)
{
    sqlite3_stmt *st = NULL;
    ty__plist_batch *b = ty__plist_batch_new(1);
    ty_status rc = b ? ty__tm_prepare(tm,
                                      "SELECT u.id, u.ja_len, u.en_len, coalesce(t.ja_norm, t.ja), "
                                      "coalesce(t.en_norm, t.en) FROM units u JOIN unit_text t "
                                      "ON t.id = u.id ORDER BY u.id DESC",
                                      &st, e)
                     : TY_ERR_NOMEM;
    size_t direct = tm->plist_direct;

    while (rc == TY_OK && sqlite3_step(st) == SQLITE_ROW) {
        for (int l = 0; l < 2 && rc == TY_OK; l++) {
            const char *t = (const char *)sqlite3_column_text(st, 3 + l);
            size_t n = strlen(t) + strlen(TY__TM_PAD);
            char *text = malloc(n + 1);
            if (!text) {
                rc = TY_ERR_NOMEM;
                break;
            }
            snprintf(text, n + 1, "%s%s", t, TY__TM_PAD);
            rc = ty__plist_batch_add(b, tm, l, sqlite3_column_int64(st, 0),
                                     sqlite3_column_int64(st, 1 + l), text, n, e);
            free(text);
        }
    }
    tm->plist_direct = 0; /* into the blobs */
    if (rc == TY_OK)
        rc = ty__plist_batch_flush(b, tm, e);
    tm->plist_direct = direct;
    sqlite3_finalize(st);
    ty__plist_batch_free(b);
    return rc;
}

/* The blob's coding: lists out and back, and damaged blobs refused. */
static void plist_coding(void)
{
    static const struct {
        size_t n;
        ty__posting v[4];
    } lists[] = {
        {0, {{0, 0}}},
        {1, {{1, 0}}},
        {3, {{1, 5}, {2, 127}, {300, 128}}},
        {4, {{127, 1}, {128, 2}, {1LL << 40, 70000}, {(1LL << 40) + 1, 3}}},
    };
    static const struct {
        const char *name;
        unsigned char b[12];
        size_t n;
    } damaged[] = {
        {"a varint cut short", {0x81}, 1},
        {"an id without its length", {0x05}, 1},
        {"the same id twice", {0x05, 0x01, 0x00, 0x01}, 4},
        {"a length past 2^63", {0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01},
         11},
        {"an id past 2^63",
         {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0x01}, 11},
    };

    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
        ty__plist in = {(ty__posting *)lists[i].v, lists[i].n, lists[i].n}, out = {0};
        size_t size = 0;
        unsigned char *b = ty__plist_encode(&in, &size);
        ty_ok(b && ty__plist_decode(b, size, &out) == 0 && out.n == in.n &&
                  (in.n == 0 || !memcmp(out.v, in.v, in.n * sizeof in.v[0])),
              "plist: a list of %zu postings out and back (%zu bytes)", in.n, size);
        free(b);
        ty__plist_free(&out);
    }
    for (size_t i = 0; i < sizeof damaged / sizeof damaged[0]; i++) {
        ty__plist out = {0};
        ty_is_int(ty__plist_decode(damaged[i].b, damaged[i].n, &out), -1, "plist: %s is refused",
                  damaged[i].name);
        ty__plist_free(&out);
    }
}

/* What ty__plist_read_runs hands on: the postings, and whether every run held 1 to 256 of
 * them in ascending order of id. */
typedef struct runs_seen {
    ty__plist got;
    int runs_ok;
} runs_seen;

static int runs_fn(void *user, const ty__posting *v, size_t n)
{
    runs_seen *r = user;
    if (n == 0 || n > 256)
        r->runs_ok = 0;
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && v[i].id <= v[i - 1].id)
            r->runs_ok = 0;
        if (ty__plist_push(&r->got, v[i].id, v[i].len) != 0)
            return -1;
    }
    return 0;
}

/* A stored list merged with the delta's adds and removals, read in runs: the blob's ids step
 * by `gap` (varints of one, two and three bytes), its lengths are `len` (one and two bytes);
 * the delta adds units before, among (one of them listed already) and after the list's, and
 * removes some of its units. The reference: the list, less the removed, with the added that
 * it does not list. */
static void plist_runs(void)
{
    static const struct {
        const char *name;
        long long n, gap, len;
        long long add[4], del[4]; /* 0 ends */
    } cases[] = {
        {"no change", 600, 1, 3, {0}, {0}},
        {"two-byte gaps and lengths", 700, 200, 150, {0}, {0}},
        {"three-byte gaps", 300, 20000, 70000, {0}, {0}},
        {"adds around and within", 600, 3, 4, {1, 2, 302, 5000}, {0}},
        {"an add listed already", 600, 3, 4, {4, 0}, {0}},
        {"removals at the ends and across a run", 600, 1, 2, {0}, {1, 256, 257, 600}},
        {"adds and removals", 500, 2, 9, {2, 400, 2000, 0}, {3, 5, 511, 999}},
        {"an empty list, adds only", 0, 1, 1, {7, 9, 0}, {0}},
    };
    ty_unit us[1] = {unit("法の支配", "The rule of law", 0.9)};
    uint64_t key = key_of("xyz");

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ty__plist blob = {0}, want = {0};
        runs_seen seen = {{0}, 1};
        ty_tm *tm = NULL;
        ty_error e;
        char sql[160];
        int made = 1;

        unlink(path_in("pr.sqlite"));
        if (ty_tm_open(path_in("pr.sqlite"), TY_TM_CREATE, &tm, &e) != TY_OK ||
            ty_tm_add_units(tm, &(ty_tm_docinfo){"v", NULL, NULL, NULL}, us, 1, NULL, &e) !=
                TY_OK ||
            ty__plist_merge_delta(tm, &e) != TY_OK) {
            ty_ok(0, "plist runs: a memory (%s)", e.message);
            ty_tm_close(tm);
            return;
        }
        for (long long k = 0; k < cases[i].n; k++)
            made &= ty__plist_push(&blob, 1 + k * cases[i].gap, cases[i].len) == 0;
        if (cases[i].n > 0)
            made &= ty__plist_store(tm, 1, key, &blob, &e) == TY_OK;
        for (size_t k = 0; k < 4 && cases[i].add[k]; k++) {
            snprintf(sql, sizeof sql, "INSERT INTO postings_delta VALUES(1, %lld, %lld, 5, 1)",
                     (long long)key, cases[i].add[k]);
            made &= ty_tm__exec_test(tm, sql) == SQLITE_OK;
        }
        for (size_t k = 0; k < 4 && cases[i].del[k]; k++) {
            snprintf(sql, sizeof sql, "INSERT INTO postings_delta VALUES(1, %lld, %lld, 0, -1)",
                     (long long)key, cases[i].del[k]);
            made &= ty_tm__exec_test(tm, sql) == SQLITE_OK;
        }
        /* the reference, by id: the list's kept units and the added ones it does not list */
        for (size_t b = 0, a = 0; made && (b < blob.n || (a < 4 && cases[i].add[a]));) {
            long long bid = b < blob.n ? blob.v[b].id : LLONG_MAX;
            long long aid = a < 4 && cases[i].add[a] ? cases[i].add[a] : LLONG_MAX;
            int removed = 0;
            if (aid < bid) {
                made &= ty__plist_push(&want, aid, 5) == 0;
                a++;
                continue;
            }
            for (size_t k = 0; k < 4 && cases[i].del[k]; k++)
                removed |= cases[i].del[k] == bid;
            if (!removed)
                made &= ty__plist_push(&want, bid, blob.v[b].len) == 0;
            a += aid == bid;
            b++;
        }
        ty_ok(made, "plist runs: %s: made", cases[i].name);
        ty_is_int(ty__plist_read_runs(tm, 1, key, runs_fn, &seen, &e), TY_OK,
                  "plist runs: %s: read", cases[i].name);
        ty_ok(seen.runs_ok, "plist runs: %s: runs of 1 to 256, ascending", cases[i].name);
        ty_ok(seen.got.n == want.n &&
                  (want.n == 0 || !memcmp(seen.got.v, want.v, want.n * sizeof want.v[0])),
              "plist runs: %s: %zu postings, the reference's %zu", cases[i].name, seen.got.n,
              want.n);
        ty__plist_free(&blob);
        ty__plist_free(&want);
        ty__plist_free(&seen.got);
        ty_tm_close(tm);
    }
    unlink(path_in("pr.sqlite"));
}

static int count_commit(void *user)
{
    (*(int *)user)++;
    return 0;
}

/* A write that takes the delta past its bound commits, then the delta is merged in a
 * transaction of its own: an import, then a removal. */
static void plist_merge_after(ty_tm *tm)
{
    static char ja[5][64], en[5][64];
    ty_unit us[5];
    ty_tm_import_stats st;
    ty_error e;
    int commits = 0;

    for (int i = 0; i < 5; i++) {
        snprintf(ja[i], sizeof ja[i], "追加の文%dを審議した。", i);
        snprintf(en[i], sizeof en[i], "Added sentence %d was discussed.", i);
        us[i] = unit(ja[i], en[i], 0.9);
    }
    tm->bulk_min = (size_t)-1;
    tm->delta_max = 10;
    sqlite3_commit_hook(tm->db, count_commit, &commits);
    ty_is_int(ty_tm_add_units(tm, &(ty_tm_docinfo){"past", NULL, NULL, NULL}, us, 5, &st, &e),
              TY_OK, "plist: an import past the delta's bound");
    ty_is_int(commits, 2, "plist: commits, then the merge commits");
    ty_is_int(count_of(tm, "SELECT count(*) FROM postings_delta") +
                  count_of(tm, "SELECT delta FROM postings_state"),
              0, "plist: the delta is merged");
    plists_check(tm, "after an import past the bound");
    commits = 0;
    ty_is_int(ty_tm_remove_document(tm, st.document, NULL, &e), TY_OK,
              "plist: a removal past the bound");
    ty_is_int(commits, 2, "plist: commits, then the merge commits");
    ty_is_int(count_of(tm, "SELECT count(*) FROM postings_delta"), 0,
              "plist: the delta is merged");
    plists_check(tm, "after a removal past the bound");
    sqlite3_commit_hook(tm->db, NULL, NULL);
    tm->delta_max = TY__TM_PLIST_DELTA_MAX;
}

/* The lists follow every write: small imports (the delta), a merge, a large import (straight
 * into the blobs), a removal, an import larger than the memory (built anew); ty_tm_verify names
 * a list that differs; a schema-6 memory is upgraded to lists that look up as FTS5 did. */
static void plists(void)
{
    enum { N = 1200 };
    static char ja[N][96], en[N][96];
    static ty_unit us[N];
    static const char *const queries[] = {"第12条 会議は12回目の議題を審議した。",
                                          "第7条 会議は8回目の議題を審議しました。",
                                          "第25条 会議は25回目の議題を審議する。", "第1100条"};
    char before[4][256], after[4][256];
    ty_tm *tm = NULL;
    ty_tm_import_stats st;
    ty_error e;

    plist_coding();
    for (int i = 0; i < N; i++) {
        snprintf(ja[i], sizeof ja[i], "第%d条 会議は%d回目の議題を審議した。", i, i % 97);
        snprintf(en[i], sizeof en[i], "Article %d: the meeting discussed item %d.", i, i % 97);
        us[i] = unit(ja[i], en[i], 0.9);
    }
    /* a schema-6 memory: its lookups read FTS5 */
    ty_is_int(ty__tm_open_at(path_in("plist.sqlite"), TY_TM_CREATE, 6, &tm, &e), TY_OK,
              "plist: a schema-6 memory");
    if (!tm)
        return;
    for (int d = 0; d < 3; d++) {
        char name[8];
        snprintf(name, sizeof name, "s%d", d);
        ty_is_int(ty_tm_add_units(tm, &(ty_tm_docinfo){name, NULL, NULL, NULL}, us + 10 * d, 10,
                                  &st, &e),
                  TY_OK, "plist: a small import at schema 6");
    }
    for (size_t i = 0; i < 4; i++)
        lookup_line(tm, queries[i], before[i], sizeof before[i]);
    ty_ok(strchr(before[0], ':') && strchr(before[1], ':') && strchr(before[2], ':'),
          "plist: the lookups through FTS5 find units (%s| %s| %s)", before[0], before[1],
          before[2]);
    ty_tm_close(tm);
    tm = NULL;
    ty_is_int(ty__tm_open_at(path_in("plist.sqlite"), 0, 7, &tm, &e), TY_OK,
              "plist: upgraded to schema 7");
    if (!tm)
        return;
    ty_is_int(count_of(tm, "PRAGMA user_version"), 7, "plist: to schema 7");
    ty_ok(count_of(tm, "SELECT count(*) FROM postings") > 0, "plist: the lists are built");
    plists_check(tm, "at schema 7");
    for (size_t i = 0; i < 4; i++) {
        lookup_line(tm, queries[i], after[i], sizeof after[i]);
        ty_is_str(after[i], before[i], "plist: '%s' finds what FTS5 found", queries[i]);
    }
    ty_tm_close(tm);
    tm = NULL;
    /* read-only, a schema-7 memory is read as it is: it has the lists */
    ty_is_int(ty_tm_open(path_in("plist.sqlite"), TY_TM_READONLY, &tm, &e), TY_OK,
              "plist: a schema-7 memory opens read-only");
    if (!tm)
        return;
    ty_is_int(count_of(tm, "PRAGMA user_version"), 7, "plist: and stays at schema 7");
    finds_check(tm, "read-only at schema 7", 1);
    for (size_t i = 0; i < 4; i++) {
        lookup_line(tm, queries[i], after[i], sizeof after[i]);
        ty_is_str(after[i], before[i], "plist: read-only, '%s' finds what FTS5 found",
                  queries[i]);
    }
    ty_is_int(ty_tm_verify(tm, &e), TY_OK, "plist: read-only at schema 7: verified");
    ty_tm_close(tm);
    tm = NULL;
    ty_is_int(ty_tm_open(path_in("plist.sqlite"), 0, &tm, &e), TY_OK, "plist: upgraded");
    if (!tm)
        return;
    ty_is_int(count_of(tm, "PRAGMA user_version"), TY__TM_SCHEMA,
              "plist: to the current schema");
    ty_is_int(count_of(tm, "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'fts%'"), 0,
              "plist: without the FTS5 tables");
    plists_check(tm, "after the upgrade");
    for (size_t i = 0; i < 4; i++) {
        lookup_line(tm, queries[i], after[i], sizeof after[i]);
        ty_is_str(after[i], before[i], "plist: at schema 8, '%s' finds what FTS5 found",
                  queries[i]);
    }
    ty_is_int(ty_tm_add_units(tm, &(ty_tm_docinfo){"s3", NULL, NULL, NULL}, us + 30, 10, &st, &e),
              TY_OK, "plist: a small import");
    ty_ok(count_of(tm, "SELECT count(*) FROM postings_delta WHERE op = 1") > 0,
          "plist: goes to the delta");
    ty_is_int(count_of(tm, "SELECT delta FROM postings_state"),
              count_of(tm, "SELECT count(*) FROM postings_delta"),
              "plist: which counts its rows");
    plists_check(tm, "after a small import");
    ty_is_int(ty_tm_remove_document(tm, 2, NULL, &e), TY_OK, "plist: a removal");
    ty_ok(count_of(tm, "SELECT count(*) FROM postings_delta WHERE op = -1") > 0,
          "plist: its removals go to the delta");
    plists_check(tm, "after a removal");
    ty_is_int(ty__plist_merge_delta(tm, &e), TY_OK, "plist: the delta merged");
    ty_is_int(count_of(tm, "SELECT count(*) FROM postings_delta") +
                  count_of(tm, "SELECT delta FROM postings_state"),
              0, "plist: and emptied");
    plists_check(tm, "after the merge");
    tm->bulk_min = (size_t)-1; /* no rebuild: straight into the blobs */
    tm->plist_direct = 1000;
    ty_is_int(ty_tm_add_units(tm, &(ty_tm_docinfo){"m", NULL, NULL, NULL}, us + 40, 500, &st,
                              &e),
              TY_OK, "plist: a larger import");
    ty_is_int(count_of(tm, "SELECT count(*) FROM postings_delta"), 0,
              "plist: goes straight into the blobs");
    plists_check(tm, "after a larger import");
    /* batches sorted by grouping their postings by trigram (plist.c, sort_grouped), as those
     * of millions are: an import and its removal, and units added again in descending order */
    tm->plist_grouped = 0;
    ty_is_int(ty_tm_add_units(tm, &(ty_tm_docinfo){"g", NULL, NULL, NULL}, us + 540, 300, &st,
                              &e),
              TY_OK, "plist: a larger import, its postings grouped by trigram");
    plists_check(tm, "after a larger import grouped by trigram");
    ty_is_int(ty_tm_remove_document(tm, count_of(tm, "SELECT max(id) FROM documents"), NULL,
                                    &e),
              TY_OK, "plist: its removal, grouped by trigram");
    plists_check(tm, "after a removal grouped by trigram");
    ty_is_int(readd_descending(tm, &e), TY_OK, "plist: the units added again, last first (%s)",
              e.message);
    plists_check(tm, "after the units are added again, last first");
    tm->plist_grouped = TY__TM_PLIST_GROUPED;
    tm->bulk_min = 100;
    ty_is_int(ty_tm_add_units(tm, &(ty_tm_docinfo){"l", NULL, NULL, NULL}, us + 540, N - 540,
                              &st, &e),
              TY_OK, "plist: an import larger than the memory");
    plists_check(tm, "after the lists are built anew");
    {
        ty_tm_matches *m = NULL;
        ty_is_int(ty_tm_lookup(tm, "第1100条 会議は33回目の議題を審議しました。", NULL, &m, &e),
                  TY_OK, "plist: a lookup after the lists are built anew");
        ty_ok(ty_tm_matches_count(m) > 0 && !strcmp(ty_tm_matches_get(m, 0)->ja, ja[1100]),
              "plist: finds a unit of the last import first");
        ty_tm_matches_free(m);
    }
    plist_merge_after(tm);
    ty_tm_close(tm);
    plist_damage();
    plist_runs();
}

/* ---- deferred indexing (ty_tm_index_defer: a batch's units pending, then folded in) ---- */

/* How many units concordance finds for `pattern` (-1: it failed). */
static long long hits_of(ty_tm *tm, const char *pattern)
{
    ty_tm_concord_opts o;
    ty_tm_hits *h = NULL;
    long long n;
    ty_error e;

    ty_tm_concord_opts_init(&o);
    o.max_results = 0;
    if (ty_tm_concord(tm, pattern, &o, &h, NULL, &e) != TY_OK)
        return -1;
    n = (long long)ty_tm_hits_count(h);
    ty_tm_hits_free(h);
    return n;
}

/* Set the pending mark of `tm`'s memory to `v` and verify it on `reader`: the message's start. */
static void wrong_mark(ty_tm *tm, ty_tm *reader, long long v, const char *want)
{
    char sql[80];
    ty_error e;

    snprintf(sql, sizeof sql, "UPDATE postings_state SET pending = %lld", v);
    sqlite3_exec(tm->db, sql, NULL, NULL, NULL);
    ty_error_clear(&e);
    ty_is_int(ty_tm_verify(reader, &e), TY_ERR_FORMAT, "defer: a mark of %lld is reported", v);
    ty_ok(strstr(e.message, want) != NULL, "defer: saying '%s' (%s)", want, e.message);
}

/* The lists and counts are exactly the units' (all of them), and the memory verifies. */
static void folded_check(ty_tm *tm, const char *when)
{
    size_t grams = 0;
    ty_error e;
    int same = plists_are_units(tm, &grams);

    ty_ok(same, "defer: %s: the lists of %zu trigrams are the units'", when, grams);
    ty_error_clear(&e);
    ty_is_int(ty_tm_verify(tm, &e), TY_OK, "defer: %s: verified %s", when, e.message);
}

static void deferred(void)
{
    ty_unit old[] = {unit("法の支配を守る。", "We uphold the rule of law.", 0.9),
                     unit("今日は晴れです。", "It is sunny today.", 0.9)};
    ty_unit add[] = {unit("国際法の順守を求める。", "We call for compliance with the treaty.", 0.8),
                     unit("法の支配を守る。", "We uphold the rule of law.", 0.7), /* counted */
                     unit("明日は雨でしょう。", "It will rain tomorrow.", 0.8)};
    ty_unit later = unit("雨の日は家にいる。", "On rainy days I stay home.", 0.8);
    ty_unit fresh[2] = {unit("新しい文です。", "A new sentence.", 0.8),
                        unit("もう一つの文。", "One more sentence.", 0.8)};
    char ja[12][64], en[12][64];
    ty_unit many[12];
    const char *path = path_in("defer.sqlite");
    ty_tm *tm = NULL, *other = NULL;
    ty_tm_import_stats st;
    ty_error e;

    ty_is_int(ty_tm_open(path, TY_TM_CREATE, &tm, &e), TY_OK, "defer: create");
    ty_tm_add_units(tm, &(ty_tm_docinfo){"d0", NULL, NULL, NULL}, old, 2, NULL, &e);
    ty_tm_index_defer(tm, 1);
    ty_is_int(ty_tm_group_begin(tm, &e), TY_OK, "defer: a group");
    ty_is_int(ty_tm_add_units(tm, &(ty_tm_docinfo){"d1", NULL, NULL, NULL}, add, 3, &st, &e),
              TY_OK, "defer: an import, its indexing deferred");
    ty_is_int(ty_tm_index_fold(tm, &e), TY_ERR_INVALID, "defer: no fold while a group is open");
    ty_is_int(ty_tm_group_commit(tm, &e), TY_OK, "defer: the group committed");

    /* what a batch killed between a group's commit and its fold leaves */
    ty_is_int(ty_tm_open(path, TY_TM_READONLY, &other, &e), TY_OK, "defer: a reader");
    if (!other)
        return;
    ty_is_int(count_of(other, "SELECT pending FROM postings_state"), 3,
              "defer: the first new unit is marked as pending");
    ty_is_int(count_of(other, "SELECT count(*) FROM units"), 4, "defer: the units are stored");
    ty_is_int(hits_of(other, "国際法"), 0, "defer: concordance does not find a pending unit");
    ty_is_int(hits_of(other, "の支配"), 1, "defer: and finds the indexed ones");
    ty_is_int(count_of(other, "SELECT count(*) FROM grams WHERE gram = '国際法'"), 0,
              "defer: a pending unit's trigrams are not counted");
    ty_error_clear(&e);
    ty_is_int(ty_tm_verify(other, &e), TY_OK, "defer: a memory with pending units verifies %s",
              e.message);
    ty_is_int(ty_tm_index_fold(other, &e), TY_ERR_IO, "defer: a read-only handle cannot fold");
    wrong_mark(tm, other, 4, "does not list unit 3, which holds it");
    wrong_mark(tm, other, 2, "lists unit 2, but the units from 2 on are marked as not indexed");
    wrong_mark(tm, other, -1, "the first unit not indexed is marked as -1");
    sqlite3_exec(tm->db, "UPDATE postings_state SET pending = 3", NULL, NULL, NULL);
    ty_tm_close(tm);

    /* opening does not fold; the next write does, before its own */
    ty_is_int(ty_tm_open(path, 0, &tm, &e), TY_OK, "defer: opened again");
    ty_is_int(count_of(tm, "SELECT pending FROM postings_state"), 3,
              "defer: opening leaves the units pending");
    ty_is_int(ty_tm_add_units(tm, &(ty_tm_docinfo){"d2", NULL, NULL, NULL}, &later, 1, NULL, &e),
              TY_OK, "defer: an import on another handle");
    ty_is_int(count_of(tm, "SELECT pending FROM postings_state"), 0,
              "defer: folds the pending units in first");
    folded_check(tm, "folded by the next import");
    ty_is_int(hits_of(other, "国際法"), 1, "defer: then the reader finds the unit");
    ty_is_int(ty_tm_index_fold(other, &e), TY_OK,
              "defer: and, nothing pending, folding on it does nothing");

    /* ty_tm_index_fold: postings merged when few units are pending, every list anew when they
     * outnumber the units indexed */
    for (int k = 0; k < 12; k++) {
        snprintf(ja[k], sizeof ja[k], "第%d条の規定による。", k + 1);
        snprintf(en[k], sizeof en[k], "Under article %d of the act.", k + 1);
        many[k] = unit(ja[k], en[k], 0.8);
    }
    for (int rebuild = 0; rebuild < 2; rebuild++) {
        const char *how = rebuild ? "many" : "few";
        ty_tm_index_defer(tm, 1);
        /* 2 units pending of 7, then 10 of 17 */
        ty_tm_add_units(tm, &(ty_tm_docinfo){how, NULL, NULL, NULL}, many + 2 * rebuild,
                        rebuild ? 10 : 2, NULL, &e);
        ty_is_int(count_of(tm, "SELECT pending > 0 FROM postings_state"), 1,
                  "defer, %s: units pending", how);
        ty_is_int(ty_tm_index_fold(tm, &e), TY_OK, "defer, %s: folded", how);
        ty_is_int(count_of(tm, "SELECT pending FROM postings_state"), 0,
                  "defer, %s: nothing pending after it", how);
        ty_is_int(count_of(tm, "SELECT count(*) > 0 FROM postings_delta"), !rebuild,
                  "defer, %s: %s", how,
                  rebuild ? "the lists built anew" : "their postings in the delta");
        folded_check(tm, rebuild ? "many folded" : "few folded");
        ty_is_int(ty_tm_index_fold(tm, &e), TY_OK, "defer: nothing to fold is fine");
    }
    ty_is_int(hits_of(tm, "条の規定"), 12, "defer: concordance finds every unit folded");

    /* a removal folds them first, then takes its units out */
    ty_tm_add_units(tm, &(ty_tm_docinfo){"r", NULL, NULL, NULL}, fresh, 1, NULL, &e);
    ty_tm_add_units(tm, &(ty_tm_docinfo){"r2", NULL, NULL, NULL}, fresh + 1, 1, NULL, &e);
    ty_is_int(count_of(tm, "SELECT pending > 0 FROM postings_state"), 1, "defer: pending again");
    ty_is_int(ty_tm_remove_document(tm, count_of(tm, "SELECT id FROM documents WHERE name = 'r'"),
                                    NULL, &e),
              TY_OK, "defer: a removal");
    ty_is_int(count_of(tm, "SELECT pending FROM postings_state"), 0,
              "defer: the removal folded the pending units");
    ty_is_int(hits_of(tm, "もう一つ"), 1, "defer: the other document's unit is found");
    ty_is_int(hits_of(tm, "新しい文"), 0, "defer: the removed one is not");
    folded_check(tm, "after a removal");
    ty_tm_index_defer(tm, 0);
    ty_tm_close(other);
    ty_tm_close(tm);
}


/* Whether every occurrence of `tm`'s memory names a unit it holds, and each unit's count is
 * its occurrences'. */
static int occurrences_sound(ty_tm *tm)
{
    return count_of(tm, "SELECT count(*) FROM occurrences o LEFT JOIN units u ON u.id = o.unit "
                        "WHERE u.id IS NULL") == 0 &&
           count_of(tm, "SELECT count(*) FROM units u WHERE count != (SELECT count(*) FROM "
                        "occurrences o WHERE o.unit = u.id)") == 0;
}

/* The id of the document named `name`. */
static long long doc_named(ty_tm *tm, const char *name)
{
    char sql[96];
    snprintf(sql, sizeof sql, "SELECT id FROM documents WHERE name = '%s'", name);
    return count_of(tm, sql);
}

/* Store `u` and a unit of its own as document `name` in a group of its own. */
static ty_status in_group(ty_tm *tm, const char *name, const ty_unit *u, ty_error *e)
{
    ty_unit v[2] = {*u, unit(name, name, 0.5)};
    ty_status rc = ty_tm_group_begin(tm, e);
    if (rc == TY_OK)
        rc = ty_tm_add_units(tm, &(ty_tm_docinfo){name, NULL, NULL, NULL}, v, 2, NULL, e);
    if (rc == TY_OK)
        rc = ty_tm_group_commit(tm, e);
    return rc;
}

/* A batch's groups count a unit that comes again from the memo (ty__unit_memo), and never
 * from a memo naming units removed (by another connection, or by this one) or rolled back. */
static void memo_groups(void)
{
    ty_unit a = unit("法の支配を守る。", "We uphold the rule of law.", 0.9);
    ty_unit b = unit("明日は雨でしょう。", "It will rain tomorrow.", 0.8);
    ty_unit c = unit("新しい文です。", "A new sentence.", 0.8);
    ty_unit bad = unit("壊れた\xff文。", "A broken sentence.", 0.8);
    const char *path = path_in("memo.sqlite");
    ty_tm *tm = NULL, *other = NULL;
    ty_tm_import *imp = NULL;
    ty_error e;
    char name[16];

    ty_is_int(ty_tm_open(path, TY_TM_CREATE, &tm, &e), TY_OK, "memo: create");
    if (!tm)
        return;
    ty_tm_add_units(tm, &(ty_tm_docinfo){"first", NULL, NULL, NULL}, &b, 1, NULL, &e);
    ty_tm_index_defer(tm, 1);
    for (int k = 0; k < 3; k++) {
        snprintf(name, sizeof name, "g%d", k);
        ty_is_int(in_group(tm, name, &a, &e), TY_OK, "memo: group %d", k);
    }
    ty_is_int(count_of(tm, "SELECT count(*) FROM units"), 5, "memo: one unit for three imports");
    ty_is_int(count_of(tm, "SELECT count FROM units WHERE id = 2"), 3, "memo: counted thrice");
    ty_ok(tm->memo.n == 4, "memo: the units are in the memo (%zu)", tm->memo.n);

    /* another connection removes the documents holding it between two groups */
    ty_is_int(ty_tm_open(path, 0, &other, &e), TY_OK, "memo: another connection");
    if (!other)
        return;
    for (int k = 0; k < 3; k++) {
        snprintf(name, sizeof name, "g%d", k);
        ty_tm_remove_document(other, doc_named(other, name), NULL, &e);
    }
    ty_tm_close(other);
    ty_is_int(count_of(tm, "SELECT count(*) FROM units"), 1, "memo: the unit was removed");
    ty_is_int(in_group(tm, "g3", &a, &e), TY_OK, "memo: stored again");
    ty_is_int(count_of(tm, "SELECT count(*) FROM units WHERE id > 5"), 2,
              "memo: as a new unit, not the removed one");
    ty_ok(occurrences_sound(tm), "memo: every occurrence names a unit, counts agree");

    /* an import rolled back inside its group, after storing a new unit */
    ty_is_int(ty_tm_group_begin(tm, &e), TY_OK, "memo: a group");
    ty_is_int(ty_tm_import_begin(tm, &(ty_tm_docinfo){"r", NULL, NULL, NULL}, &imp, &e), TY_OK,
              "memo: an import");
    ty_is_int(ty_tm_import_add(imp, &c, &e), TY_OK, "memo: a new unit");
    ty_is_int(ty_tm_import_add(imp, &bad, &e), TY_ERR_ENCODING, "memo: then a broken one");
    ty_tm_import_abort(imp);
    ty_is_int(ty_tm_add_units(tm, &(ty_tm_docinfo){"r2", NULL, NULL, NULL}, &c, 1, NULL, &e),
              TY_OK, "memo: the new unit in the next import");
    ty_is_int(ty_tm_group_commit(tm, &e), TY_OK, "memo: the group committed");
    ty_is_int(count_of(tm, "SELECT count(*) FROM unit_text WHERE ja = '新しい文です。'"), 1,
              "memo: the unit rolled back is stored by the next import");
    ty_ok(occurrences_sound(tm), "memo: after a rollback, occurrences and counts sound");

    /* a removal on the same handle */
    ty_is_int(ty_tm_remove_document(tm, doc_named(tm, "r2"), NULL, &e),
              TY_OK, "memo: a removal on this handle");
    ty_is_int(in_group(tm, "r3", &c, &e), TY_OK, "memo: the removed unit stored again");
    ty_is_int(count_of(tm, "SELECT count(*) FROM unit_text WHERE ja = '新しい文です。'"), 1,
              "memo: as a unit of its own");
    ty_ok(occurrences_sound(tm), "memo: after a removal, occurrences and counts sound");
    ty_tm_index_defer(tm, 0);
    ty_ok(tm->memo.n == 0, "memo: emptied when the batch ends (%zu)", tm->memo.n);
    ty_is_int(ty_tm_index_fold(tm, &e), TY_OK, "memo: folded");
    ty_error_clear(&e);
    ty_is_int(ty_tm_verify(tm, &e), TY_OK, "memo: the memory verifies %s", e.message);
    ty_tm_close(tm);
}


/* A bare group (ty_tm_group_begin_bare): its imports of known content take no savepoint, so
 * one that fails takes the whole group back and closes it; an import of unknown content
 * (streamed) is a savepoint still. A group of savepoints keeps the others. */
static void bare_groups(void)
{
    ty_unit a = unit("法の支配を守る。", "We uphold the rule of law.", 0.9);
    ty_unit b = unit("明日は雨でしょう。", "It will rain tomorrow.", 0.8);
    ty_unit bad = unit("壊れた\xff文。", "A broken sentence.", 0.8);
    ty_tm_import *imp = NULL;
    ty_tm *tm = NULL;
    ty_error e;

    ty_is_int(ty_tm_open(path_in("bare.sqlite"), TY_TM_CREATE, &tm, &e), TY_OK, "bare: create");
    if (!tm)
        return;
    ty_tm_add_units(tm, &(ty_tm_docinfo){"first", NULL, NULL, NULL}, &b, 1, NULL, &e);
    for (int bare = 0; bare < 2; bare++) {
        const char *how = bare ? "bare" : "savepoints";
        char name[32], sql[96];
        snprintf(name, sizeof name, "a-%s", how);
        ty_is_int(bare ? ty_tm_group_begin_bare(tm, &e) : ty_tm_group_begin(tm, &e), TY_OK,
                  "%s: a group", how);
        ty_is_int(ty_tm_add_units(tm, &(ty_tm_docinfo){name, NULL, NULL, NULL}, &a, 1, NULL, &e),
                  TY_OK, "%s: an import", how);
        ty_is_int(ty_tm_import_begin(tm, &(ty_tm_docinfo){"streamed", NULL, NULL, NULL}, &imp, &e),
                  TY_OK, "%s: a streamed import", how);
        ty_tm_import_add(imp, &b, &e);
        ty_is_int(ty_tm_import_add(imp, &bad, &e), TY_ERR_ENCODING, "%s: fails", how);
        ty_tm_import_abort(imp);
        ty_is_int(tm->group, 1, "%s: a streamed import's failure leaves the group open", how);
        ty_is_int(ty_tm_add_units(tm, &(ty_tm_docinfo){"broken", NULL, NULL, NULL}, &bad, 1, NULL,
                                  &e),
                  TY_ERR_ENCODING, "%s: an import of known content fails", how);
        ty_is_int(tm->group, !bare, "%s: the group is %s", how, bare ? "closed" : "open");
        ty_is_int(ty_tm_group_commit(tm, &e), TY_OK, "%s: committed", how);
        snprintf(sql, sizeof sql, "SELECT count(*) FROM documents WHERE name = '%s'", name);
        ty_is_int(count_of(tm, sql), !bare, "%s: %s", how,
                  bare ? "the earlier import taken back" : "the earlier import kept");
        ty_is_int(count_of(tm, "SELECT count(*) FROM documents"), 2, "%s: two documents", how);
    }
    ty_error_clear(&e);
    ty_is_int(ty_tm_verify(tm, &e), TY_OK, "bare: the memory verifies %s", e.message);
    ty_tm_close(tm);
}

/* ---- an import that replaces a document (ty_tm_import_replace) ---- */

/* Import units[0, n) as document `name` replacing document `id` (0: none). */
static ty_status import_replacing(ty_tm *tm, const char *name, const ty_unit *units, size_t n,
                                  long long id, ty_tm_import_stats *st, ty_error *e)
{
    ty_tm_import *imp = NULL;
    ty_status rc = ty_tm_import_begin(tm, &(ty_tm_docinfo){name, NULL, NULL, "2024-02-01"},
                                      &imp, e);

    if (rc == TY_OK && id)
        rc = ty_tm_import_replace(imp, id, e);
    for (size_t i = 0; i < n && rc == TY_OK; i++)
        rc = ty_tm_import_add(imp, &units[i], e);
    if (rc != TY_OK) {
        ty_tm_import_abort(imp);
        return rc;
    }
    return ty_tm_import_commit(imp, st, e);
}

/* The new version of a document in and the earlier one out in one commit, the units they
 * share counted once, the indexes those of a memory that only ever held the new version:
 * with indexing done at once and deferred (a batch), and with a removal that builds the
 * indexes anew (the earlier version was most of the memory). Then what fails: a document that
 * is not there (nothing stored), an import inside a group, content the memory holds already
 * (nothing removed). */
static void replacing(void)
{
    static const struct {
        const char *name;
        int defer, most;
    } cases[] = {{"replace", 0, 0},
                 {"replace, indexing deferred", 1, 0},
                 {"replace of most of the memory", 0, 1},
                 {"replace of most of the memory, indexing deferred", 1, 1}};
    ty_unit old[4] = {unit("旧版だけの文です。", "Only in the old version.", 0.9),
                      unit("両版にある文です。", "In both versions.", 0.8),
                      unit("古い二文目です。", "The old second one.", 0.7),
                      unit("古い三文目です。", "The old third one.", 0.7)};
    ty_unit now[2] = {unit("両版にある文です。", "In both versions.", 0.6),
                      unit("新版だけの文です。", "Only in the new version.", 0.9)};
    ty_unit other[3] = {unit("別の文書の一文目。", "Another first.", 0.9),
                        unit("別の文書の二文目。", "Another second.", 0.9),
                        unit("別の文書の三文目。", "Another third.", 0.9)};
    ty_tm_import_stats st;
    ty_error e;

    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const char *what = cases[c].name;
        ty_tm *m = NULL, *ref = NULL;
        long long earlier;
        int commits = 0;
        unlink(path_in("rp.sqlite"));
        unlink(path_in("rp-ref.sqlite"));
        ty_is_int(ty_tm_open(path_in("rp.sqlite"), TY_TM_CREATE, &m, &e), TY_OK, "%s: create",
                  what);
        ty_is_int(ty_tm_open(path_in("rp-ref.sqlite"), TY_TM_CREATE, &ref, &e), TY_OK,
                  "%s: create", what);
        if (!cases[c].most) {
            ty_tm_add_units(m, &(ty_tm_docinfo){"b", NULL, NULL, "2024-01-01"}, other, 3, &st, &e);
            ty_tm_add_units(ref, &(ty_tm_docinfo){"b", NULL, NULL, "2024-01-01"}, other, 3, &st,
                            &e);
        }
        ty_is_int(ty_tm_add_units(m, &(ty_tm_docinfo){"a", NULL, NULL, "2024-01-01"}, old, 4, &st,
                                  &e),
                  TY_OK, "%s: the earlier version", what);
        earlier = st.document;
        ty_tm_add_units(ref, &(ty_tm_docinfo){"a", NULL, NULL, "2024-02-01"}, now, 2, &st, &e);
        ty_tm_index_defer(m, cases[c].defer);
        sqlite3_commit_hook(m->db, count_commit, &commits);
        ty_is_int(import_replacing(m, "a", now, 2, earlier, &st, &e), TY_OK,
                  "%s: the new version replaces it", what);
        sqlite3_commit_hook(m->db, NULL, NULL);
        ty_is_int(commits, 1, "%s: in one commit", what);
        ty_is_int((long long)st.replaced, 1, "%s: one document replaced", what);
        ty_is_int((long long)st.added + (long long)st.merged, 2, "%s: two units stored", what);
        ty_is_int(count_of(m, "SELECT count(*) FROM documents WHERE name = 'a'"), 1,
                  "%s: one version of a", what);
        ty_is_int(count_of(m, "SELECT count(*) FROM documents"), cases[c].most ? 1 : 2,
                  "%s: and the other document", what);
        ty_is_int(count_of(m, "SELECT count FROM units u JOIN unit_text t USING (id) "
                              "WHERE t.en = 'In both versions.'"),
                  1, "%s: the shared unit counts the new version's occurrence", what);
        ty_error_clear(&e);
        ty_is_int(ty_tm_verify(m, &e), TY_OK, "%s: the memory passes its check (%s)", what,
                  e.message);
        ty_tm_index_defer(m, 0);
        ty_is_int(ty_tm_index_fold(m, &e), TY_OK, "%s: fold", what);
        ty_is_int(concord_count(m, "旧版だけ"), 0, "%s: the earlier version's text is gone", what);
        ty_is_int(concord_count(m, "新版だけ"), 1, "%s: the new one's is found", what);
        ty_is_int(concord_count(m, "両版にある"), 1, "%s: the shared one once", what);
        same_search(m, ref, what, 0);
        if (c == 0) {
            ty_unit newer = unit("三版目だけの文です。", "Only in the third version.", 0.9);
            long long docs = count_of(m, "SELECT count(*) FROM documents");
            ty_is_int(import_replacing(m, "a", &newer, 1, 999, &st, &e), TY_ERR_NOTFOUND,
                      "%s: a document that is not there", what);
            ty_ok(strstr(e.message, "no document 999") != NULL, "%s: is named (%s)", what,
                  e.message);
            ty_is_int(count_of(m, "SELECT count(*) FROM documents"), docs,
                      "%s: nothing is stored", what);
            ty_is_int(concord_count(m, "三版目"), 0, "%s: not even its units", what);
            ty_is_int(ty_tm_group_begin(m, &e), TY_OK, "%s: a group", what);
            ty_is_int(import_replacing(m, "a", &newer, 1, st.document, &st, &e), TY_ERR_INVALID,
                      "%s: an import inside a group replaces nothing", what);
            ty_is_int(ty_tm_group_commit(m, &e), TY_OK, "%s: the group ends", what);
            ty_is_int(import_replacing(m, "a2", now, 2,
                                       count_of(m, "SELECT id FROM documents WHERE name = 'b'"),
                                       &st, &e),
                      TY_OK, "%s: content the memory holds already", what);
            ty_ok(st.already && st.replaced == 0, "%s: is reported, nothing replaced", what);
            ty_is_int(count_of(m, "SELECT count(*) FROM documents"), docs,
                      "%s: the document stays", what);
        }
        ty_tm_close(ref);
        ty_tm_close(m);
    }
    unlink(path_in("rp.sqlite"));
    unlink(path_in("rp-ref.sqlite"));
}

int main(void)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    opening();
    migration();
    pair_set();
    unit_memo();
    imports();
    lookup();
    lookup_ties();
    lookup_numbers();
    lookup_lengths();
    concordance();
    concordance_scan();
    export();
    alignment();
    bulk();
    bulk_long();
    removal();
    making();
    verification();
    times();
    concurrency();
    grouping();
    postings();
    plists();
    deferred();
    memo_groups();
    bare_groups();
    replacing();
    handles();
    shared_map();
    {
        char cmd[300];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        if (system(cmd) != 0)
            ty_diag("could not remove %s", dir);
    }
    return ty_done();
}
