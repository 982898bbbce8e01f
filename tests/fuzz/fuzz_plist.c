/*
 * fuzz_plist.c — fuzz target for the posting lists' blob (src/tm/plist.c): the input is a
 * blob as postings.ids stores it. Invariants: ty__plist_decode accepts it (0) or calls it
 * damaged (-1), nothing else; what it accepts has ids strictly ascending, non-negative lengths,
 * and codes back to a blob that decodes to the same list. Stored as the list of the trigram
 * "abc" (English) in a small memory, beside a change of postings_delta (unit 2 added), the
 * readers give the decoded list merged with that change (ty__plist_load), and the search for
 * "abc" (ty__plist_find) only units that hold it, ascending; or, for a damaged blob, both say
 * TY_ERR_FORMAT; never anything else. Merged with changes (a unit removed, two added), the
 * writer leaves the list with the changes, coded as ty__plist_encode codes it when the blob
 * was, or refuses a damaged blob with TY_ERR_FORMAT. Each input's writes are rolled back.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tm/tm.h"

static ty_tm *tm;
static char path[64];
static uint64_t abc; /* the key of "abc" */

/* The last connection's close removes the -wal and -shm files. */
static void remove_memory(void)
{
    ty_tm_close(tm);
    unlink(path);
}

static void key_of(void *user, const char *gram, size_t len, uint64_t key)
{
    (void)gram;
    (void)len;
    *(uint64_t *)user = key;
}

static void setup(void)
{
    /* units 1, 2 and 4 hold "abc"; unit 3 does not */
    static const char *const units[][2] = {
        {"一", "abcd"}, {"二", "xabc"}, {"三", "abd"}, {"四", "abc abc"}};
    ty_unit u[4];
    ty_tm_docinfo info = {"fuzz", NULL, NULL, "2024-01-01T00:00:00Z"};
    ty_error e;
    int fd;

    snprintf(path, sizeof path, "/tmp/taiyaku-fuzz-plist.XXXXXX");
    if ((fd = mkstemp(path)) < 0)
        abort();
    close(fd);
    unlink(path);
    memset(u, 0, sizeof u);
    for (size_t i = 0; i < 4; i++) {
        u[i].ja = units[i][0];
        u[i].en = units[i][1];
        u[i].confidence = -1;
    }
    /* the import's postings go to the delta: merged, so that the input is all the list */
    if (ty_tm_open(path, TY_TM_CREATE, &tm, &e) != TY_OK ||
        ty_tm_add_units(tm, &info, u, 4, NULL, &e) != TY_OK ||
        ty__plist_merge_delta(tm, &e) != TY_OK)
        abort();
    ty__tm_trigrams("abc", 3, key_of, &abc);
    atexit(remove_memory);
}

static int push_id(void *user, long long id)
{
    ty__plist *l = user;
    return ty__plist_push(l, id, 0);
}

/* The decoded list with unit 2 added (its length 7) unless it is there. */
static void with_delta(const ty__plist *in, ty__plist *out)
{
    int added = 0;

    out->n = 0;
    for (size_t i = 0; i < in->n; i++) {
        if (!added && in->v[i].id >= 2) {
            if (in->v[i].id > 2 && ty__plist_push(out, 2, 7) != 0)
                abort();
            added = 1;
        }
        if (ty__plist_push(out, in->v[i].id, in->v[i].len) != 0)
            abort();
    }
    if (!added && ty__plist_push(out, 2, 7) != 0)
        abort();
}

/* Open a savepoint (the caller rolls it back), run `sql` (the changes in postings_delta) and
 * store data[0, size) as the list of "abc" (English). */
static void put_blob(const uint8_t *data, size_t size, const char *sql)
{
    sqlite3_stmt *st = NULL;
    ty_error e;

    if (ty__tm_exec(tm, "SAVEPOINT fuzz", &e) != TY_OK || ty__tm_exec(tm, sql, &e) != TY_OK ||
        ty__tm_prepare(tm, "INSERT OR REPLACE INTO postings(lang, gram, n, ids) VALUES(1, ?1, 1, ?2)",
                       &st, &e) != TY_OK)
        abort();
    sqlite3_bind_int64(st, 1, (sqlite3_int64)abc);
    sqlite3_bind_blob(st, 2, size ? (const void *)data : "", (int)size, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        abort();
    sqlite3_finalize(st);
}

static void check_stored(const uint8_t *data, size_t size, int damaged, const ty__plist *dec)
{
    static const char delta[] = "INSERT INTO postings_delta(lang, gram, unit, len, op) "
                                "VALUES(1, %lld, 2, 7, 1) ON CONFLICT DO UPDATE SET op = 1, len = 7";
    char sql[200];
    ty__plist got = {0}, want = {0}, found = {0};
    ty_error e;
    ty_status rc;

    snprintf(sql, sizeof sql, delta, (long long)abc);
    put_blob(data, size, sql);
    rc = ty__plist_load(tm, 1, abc, &got, &e);
    if (damaged) {
        if (rc != TY_ERR_FORMAT)
            abort();
    } else {
        with_delta(dec, &want);
        if (rc != TY_OK || got.n != want.n ||
            (got.n && memcmp(got.v, want.v, got.n * sizeof *got.v)))
            abort();
    }
    rc = ty__plist_find(tm, TY_LANG_EN, "abc", 3, 0, -1, push_id, &found, &e);
    if (damaged ? rc != TY_ERR_FORMAT : rc != TY_OK)
        abort();
    for (size_t i = 0; rc == TY_OK && i < found.n; i++)
        if ((i && found.v[i].id <= found.v[i - 1].id) || found.v[i].id == 3 ||
            found.v[i].id < 1 || found.v[i].id > 4)
            abort();
    if (ty__tm_exec(tm, "ROLLBACK TO fuzz; RELEASE fuzz", &e) != TY_OK)
        abort();
    ty__plist_free(&got);
    ty__plist_free(&want);
    ty__plist_free(&found);
}

/* The decoded list with the changes check_merged makes: unit 1 removed, unit 2 with length 7
 * and unit 9 with length 3 (each added, or its posting replaced). */
static void with_changes(const ty__plist *in, ty__plist *out)
{
    static const struct {
        long long id, len;
        int op;
    } c[] = {{1, 0, -1}, {2, 7, 1}, {9, 3, 1}};
    size_t i = 0, j = 0;

    out->n = 0;
    while (i < in->n || j < 3) {
        if (j < 3 && (i == in->n || c[j].id <= in->v[i].id)) {
            if (c[j].op > 0 && ty__plist_push(out, c[j].id, c[j].len) != 0)
                abort();
            i += i < in->n && c[j].id == in->v[i].id;
            j++;
        } else if (ty__plist_push(out, in->v[i].id, in->v[i].len) != 0) {
            abort();
        } else {
            i++;
        }
    }
}

/* The blob stored as the list of "abc", with changes in postings_delta merged into it (the
 * writing side of the lists, plist.c's merge): the list it leaves is the decoded list with
 * the changes, coded as ty__plist_encode codes it when the blob was (postings kept are copied
 * as their bytes are); a damaged blob is refused with TY_ERR_FORMAT. */
static void check_merged(const uint8_t *data, size_t size, int damaged, const ty__plist *dec)
{
    char sql[300];
    ty__plist got = {0}, want = {0};
    sqlite3_stmt *st = NULL;
    ty_error e;
    ty_status rc;

    snprintf(sql, sizeof sql,
             "DELETE FROM postings_delta; INSERT INTO postings_delta(lang, gram, unit, len, op) "
             "VALUES(1, %lld, 1, 0, -1), (1, %lld, 2, 7, 1), (1, %lld, 9, 3, 1)",
             (long long)abc, (long long)abc, (long long)abc);
    put_blob(data, size, sql);
    rc = ty__plist_merge_delta(tm, &e);
    if (damaged) {
        if (rc != TY_ERR_FORMAT)
            abort();
    } else {
        size_t n = 0, canon = 0;
        unsigned char *b = ty__plist_encode(dec, &canon), *wb;
        int same = b && canon == size && (!size || !memcmp(b, data, size));
        with_changes(dec, &want);
        if (rc != TY_OK || ty__tm_prepare(tm, "SELECT n, ids FROM postings WHERE lang = 1 AND "
                                              "gram = ?1", &st, &e) != TY_OK)
            abort();
        sqlite3_bind_int64(st, 1, (sqlite3_int64)abc);
        if (sqlite3_step(st) != SQLITE_ROW ||
            sqlite3_column_int64(st, 0) != (sqlite3_int64)want.n ||
            ty__plist_decode(sqlite3_column_blob(st, 1), (size_t)sqlite3_column_bytes(st, 1),
                             &got) != 0 ||
            got.n != want.n || memcmp(got.v, want.v, got.n * sizeof *got.v))
            abort();
        if (!(wb = ty__plist_encode(&want, &n)))
            abort();
        if (same && (n != (size_t)sqlite3_column_bytes(st, 1) ||
                     memcmp(wb, sqlite3_column_blob(st, 1), n)))
            abort();
        sqlite3_finalize(st);
        free(b);
        free(wb);
    }
    if (ty__tm_exec(tm, "ROLLBACK TO fuzz; RELEASE fuzz", &e) != TY_OK)
        abort();
    ty__plist_free(&got);
    ty__plist_free(&want);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ty__plist dec = {0}, back = {0};
    int r;

    if (!tm)
        setup();
    if (size > 1 << 16)
        return 0;
    r = ty__plist_decode(data, size, &dec);
    if (r != 0 && r != -1)
        abort();
    if (r == 0) {
        size_t n = 0;
        unsigned char *b = ty__plist_encode(&dec, &n);
        for (size_t i = 0; i < dec.n; i++)
            if (dec.v[i].len < 0 || (i && dec.v[i].id <= dec.v[i - 1].id))
                abort();
        if (!b || ty__plist_decode(b, n, &back) != 0 || back.n != dec.n ||
            (dec.n && memcmp(back.v, dec.v, dec.n * sizeof *dec.v)) || n > size)
            abort();
        free(b);
    }
    check_stored(data, size, r != 0, &dec);
    check_merged(data, size, r != 0, &dec);
    ty__plist_free(&dec);
    ty__plist_free(&back);
    return 0;
}
