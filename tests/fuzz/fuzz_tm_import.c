/*
 * fuzz_tm_import.c — fuzz target for TMX → memory import: the input (after its first byte) is
 * a TMX read into an import of a small memory made once in a temporary file; the first byte
 * chooses whether the import is committed or aborted, whether the reader keeps markup, and
 * whether the same TMX is imported a second time before the document is removed again.
 * Invariants, for every input:
 *  - an import that is aborted, or whose reading or adding failed, leaves the memory's
 *    documents, units and occurrences as they were; a failure is a status the reader or the
 *    import may give (XML, format, encoding, too big), never an internal one;
 *  - a commit adds one document, and the units it reports added (units given = added +
 *    merged + one-sided); importing the same TMX again is reported as already there and adds
 *    nothing; the first unit stored is found back at 100%;
 *  - ty_tm_verify passes after the commit and after the document is removed, and the
 *    consistency checks run over the memory without failing;
 *  - removing the document brings the memory back to what it was.
 * A violation aborts. It does not fuzz the query paths (fuzz_tm_query.c) or the TMX reader's
 * own invariants (fuzz_tmx_read.c). Inputs over 16 KiB are skipped.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "taiyaku.h"
#include "tmp_memory.h"

#define CHECK(cond)                                                                            \
    do {                                                                                       \
        if (!(cond))                                                                           \
            abort();                                                                           \
    } while (0)

static ty_tm *tm;
/* A memory with one document, so that imports merge with units already stored. */
static void setup(void)
{
    static const ty_unit base[] = {
        {NULL, "予算は2,000円です。", "The budget is 2,000 yen.", NULL, NULL, -1, NULL, NULL, 0},
        {NULL, "憲法", "the Constitution", NULL, NULL, 0.9, "1:1", NULL, 0},
        {NULL, "会議を開く。", "The meeting opens.", NULL, NULL, 0.2, NULL, NULL, 0},
    };
    ty_tm_docinfo info = {"base", NULL, NULL, "2024-01-01T00:00:00Z"};

    tm = ty_fuzz_memory("taiyaku-fuzz-import", &info, base, sizeof base / sizeof base[0], NULL);
}

typedef struct feed {
    ty_tm_import *imp;
    ty_error err;
    char *first; /* the first unit's Japanese with both sides non-blank, copied */
} feed;

static int blank(const char *s)
{
    return s[strspn(s, " \t\r\n")] == '\0';
}

static ty_status add(const ty_unit *u, void *ud)
{
    feed *f = ud;
    ty_status st = ty_tm_import_add(f->imp, u, &f->err);

    if (st == TY_OK && !f->first && !blank(u->ja) && !blank(u->en))
        f->first = strdup(u->ja);
    return st;
}

static void counts(ty_tm_info *i)
{
    ty_error e;
    CHECK(ty_tm_get_info(tm, i, &e) == TY_OK);
}

static int same(const ty_tm_info *a, const ty_tm_info *b)
{
    return a->documents == b->documents && a->units == b->units &&
           a->occurrences == b->occurrences;
}

static ty_status finding(const ty_check_finding *f, void *ud)
{
    (void)f;
    (*(size_t *)ud)++;
    return TY_OK;
}

static void verify(void)
{
    ty_error e;
    size_t n = 0;

    if (ty_tm_verify(tm, &e) != TY_OK) {
        fprintf(stderr, "fuzz_tm_import: verify: %s\n", e.message);
        abort();
    }
    CHECK(ty_consistency_check(tm, NULL, finding, &n, NULL, &e) == TY_OK);
}

/* Read the TMX into an import; commit it when `commit`. The import's status. */
static ty_status import(const uint8_t *data, size_t size, int markup, int commit,
                        ty_tm_import_stats *stats, char **first)
{
    ty_tmx_read_opts ro;
    ty_tm_docinfo info = {"fuzz.tmx", NULL, NULL, "2024-01-02T00:00:00Z"};
    feed f;
    ty_error e;
    ty_status st;

    memset(&f, 0, sizeof f);
    ty_tmx_read_opts_init(&ro);
    ro.keep_markup = markup;
    CHECK(ty_tm_import_begin(tm, &info, &f.imp, &e) == TY_OK);
    st = ty_tmx_read_memory(data, size, "fuzz.tmx", &ro, add, &f, NULL, &e);
    if (st != TY_OK) {
        /* the reader's failures, or the import's (a text that is not UTF-8, too long) */
        CHECK(st == TY_ERR_XML || st == TY_ERR_FORMAT || st == TY_ERR_ENCODING ||
              st == TY_ERR_TOOBIG || st == TY_ERR_IO);
        ty_tm_import_abort(f.imp);
        free(f.first);
        return st;
    }
    if (!commit) {
        ty_tm_import_abort(f.imp);
        free(f.first);
        return TY_ERR_INVALID; /* aborted on purpose */
    }
    st = ty_tm_import_commit(f.imp, stats, &e);
    CHECK(st == TY_OK);
    *first = f.first;
    return st;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ty_tm_info before, after;
    ty_tm_import_stats s, again;
    ty_tm_remove_stats rs;
    ty_error e;
    char *first = NULL;
    uint8_t ctl;

    if (size < 1 || size > 16384)
        return 0;
    if (!tm)
        setup();
    ctl = data[0];
    data++;
    size--;
    counts(&before);
    memset(&s, 0, sizeof s);
    if (import(data, size, ctl & 2, !(ctl & 1), &s, &first) != TY_OK) {
        counts(&after);
        CHECK(same(&before, &after));
        return 0;
    }
    counts(&after);
    CHECK(s.units == s.added + s.merged + s.one_sided);
    CHECK(!s.already); /* the TMX was removed after each earlier input */
    CHECK(after.documents == before.documents + 1);
    CHECK(after.units == before.units + (long long)s.added);
    verify();
    if (first) { /* found back whole */
        ty_tm_lookup_opts o;
        ty_tm_matches *m = NULL;
        char *norm = ty_normalize(first, strlen(first), NULL);
        ty_tm_lookup_opts_init(&o);
        CHECK(norm);
        if (*norm) {
            CHECK(ty_tm_lookup(tm, first, &o, &m, &e) == TY_OK);
            CHECK(ty_tm_matches_count(m) > 0 && ty_tm_matches_get(m, 0)->score == 100);
            ty_tm_matches_free(m);
        }
        free(norm);
        free(first);
    }
    if (ctl & 4) { /* the same content again: nothing added */
        char *f2 = NULL;
        ty_tm_info now;
        memset(&again, 0, sizeof again);
        CHECK(import(data, size, ctl & 2, 1, &again, &f2) == TY_OK);
        free(f2);
        CHECK(again.already && again.document == s.document);
        counts(&now);
        CHECK(same(&now, &after));
    }
    CHECK(ty_tm_remove_document(tm, s.document, &rs, &e) == TY_OK);
    CHECK(rs.deleted == s.added);
    counts(&after);
    CHECK(same(&before, &after));
    verify();
    return 0;
}
