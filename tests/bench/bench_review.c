/*
 * bench_review.c — the CPU time of review edits (tests/bench/review-edit.sh runs it).
 *   bench_review DB DOC BEAD   on document DOC of memory DB, at bead BEAD (a 1:1 bead with
 *                              one after it): join, split, move, unpair, pair (the two
 *                              sentences unpair left), accept, each one ty_tm_review_apply,
 *                              and the undo (ty_tm_review_undo) of each; each timed alone in
 *                              process CPU time, with the rows it wrote (inserted, updated,
 *                              deleted). The bound, measured in the same run: the same number
 *                              of row writes done bare, as one UPDATE that moves that many
 *                              rows (at most all of them) of a copy of the document's
 *                              occurrences (a table as `occurrences` is: the same key, index
 *                              and rows) in a file of its own (DB.bare.sqlite), in one
 *                              transaction. The slowest edit against the target (issue 14:
 *                              <= 50 ms of CPU).
 * An accept and its undo before them are timed apart: the first edit in a process pays for
 * what later ones reuse. Leaves the document as it found it but for the edits' records (each
 * edit is undone).
 * Prints figures; asserts nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "taiyaku.h"
#include "tm/tm.h"

static double cpu_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void die(const char *what, const ty_error *e)
{
    fprintf(stderr, "bench_review: %s: %s\n", what, e ? e->message : "failed");
    exit(1);
}

/* The bare bound: `rows` row writes of the document's occurrences copied into bare.sqlite. */
static double bare_ms(sqlite3 *bare, long long doc, long long rows)
{
    char sql[256];
    double t;

    snprintf(sql, sizeof sql,
             "BEGIN; UPDATE occ SET position = position + 1000000000 WHERE document = %lld "
             "AND position IN (SELECT position FROM occ WHERE document = %lld "
             "ORDER BY position DESC LIMIT %lld)",
             doc, doc, rows);
    t = cpu_ms();
    if (sqlite3_exec(bare, sql, NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_exec(bare, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        die("the bare writes", NULL);
    t = cpu_ms() - t;
    sqlite3_exec(bare,
                 "UPDATE occ SET position = position - 1000000000 "
                 "WHERE position >= 1000000000",
                 NULL, NULL, NULL);
    return t;
}

int main(int argc, char **argv)
{
    ty_tm *tm = NULL;
    sqlite3 *bare = NULL;
    ty_error e;
    char path[4096], sql[4200];
    long long doc, changes;
    size_t b;
    double total = 0, total_bare = 0, slowest = 0;
    const char *slowest_name = "";

    if (argc != 4) {
        fprintf(stderr, "usage: bench_review DB DOC BEAD\n");
        return 64;
    }
    doc = atoll(argv[2]);
    b = (size_t)atoll(argv[3]);
    ty_error_clear(&e);
    if (ty_tm_open(argv[1], 0, &tm, &e) != TY_OK)
        die("opening the memory", &e);
    snprintf(path, sizeof path, "%s.bare.sqlite", argv[1]);
    remove(path);
    snprintf(sql, sizeof sql,
             "ATTACH '%s' AS m; CREATE TABLE occ(document INTEGER NOT NULL, position INTEGER "
             "NOT NULL, unit INTEGER NOT NULL, confidence REAL, shape TEXT, tuid TEXT, props "
             "TEXT, ja_lang TEXT, en_lang TEXT, PRIMARY KEY(document, position)) WITHOUT ROWID; "
             "CREATE INDEX occ_unit ON occ(unit); INSERT INTO occ SELECT * FROM m.occurrences "
             "WHERE document = %lld; DETACH m",
             argv[1], doc);
    if (sqlite3_open(path, &bare) != SQLITE_OK ||
        sqlite3_exec(bare, "PRAGMA journal_mode = WAL", NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_exec(bare, sql, NULL, NULL, NULL) != SQLITE_OK)
        die("copying the occurrences", NULL);

    struct {
        const char *name;
        ty_review_op op;
        size_t bead, other, ja_split, en_split;
        int direction;
        ty_lang lang;
        int undo; /* how many edits to undo after it */
    } edits[] = {
        {"join", TY_REVIEW_JOIN, b, 0, 0, 0, 1, TY_LANG_JA, 1},
        {"split", TY_REVIEW_SPLIT, b, 0, 1, 0, 1, TY_LANG_JA, 1},
        {"move", TY_REVIEW_MOVE, b, 0, 0, 0, 1, TY_LANG_EN, 1},
        {"unpair", TY_REVIEW_UNPAIR, b, 0, 0, 0, 1, TY_LANG_JA, 0},
        {"pair", TY_REVIEW_PAIR, b, b + 1, 0, 0, 1, TY_LANG_JA, 2},
        {"accept", TY_REVIEW_ACCEPT, b, 0, 0, 0, 1, TY_LANG_JA, 1},
    };
    size_t nedits = 0;
    printf("review-edit: document %lld, around bead %zu\n", doc, b);
    {
        /* what the first edit in a process pays once (the word tokenizer, the first reads of
         * the memory's pages), apart from the figures below */
        ty_review_edit ed;
        double t;
        ty_review_edit_init(&ed);
        ed.op = TY_REVIEW_ACCEPT;
        ed.bead = b;
        ed.who = "bench";
        t = cpu_ms();
        if (ty_tm_review_apply(tm, doc, &ed, NULL, &e) != TY_OK ||
            ty_tm_review_undo(tm, doc, "bench", NULL, &e) != TY_OK)
            die("the first edit", &e);
        printf("first edit and undo in the process: %.2f ms CPU\n", cpu_ms() - t);
    }
    for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
        ty_review_edit ed;
        double t, tb;
        ty_review_edit_init(&ed);
        ed.op = edits[i].op;
        ed.bead = edits[i].bead;
        ed.other = edits[i].other;
        ed.ja_split = edits[i].ja_split;
        ed.en_split = edits[i].en_split;
        ed.direction = edits[i].direction;
        ed.lang = edits[i].lang;
        ed.who = "bench";
        changes = sqlite3_total_changes64(tm->db);
        t = cpu_ms();
        if (ty_tm_review_apply(tm, doc, &ed, NULL, &e) != TY_OK)
            die(edits[i].name, &e);
        t = cpu_ms() - t;
        changes = sqlite3_total_changes64(tm->db) - changes;
        tb = bare_ms(bare, doc, changes);
        printf("%-7s %7.2f ms CPU, %6lld rows written; bare: %7.2f ms; ratio %.1f\n", edits[i].name,
               t, changes, tb, tb > 0 ? t / tb : 0);
        total += t;
        total_bare += tb;
        nedits++;
        if (t > slowest)
            slowest = t, slowest_name = edits[i].name;
        /* back to the document as it was, for the next kind; timed as "undo" */
        for (int u = 0; u < edits[i].undo; u++) {
            changes = sqlite3_total_changes64(tm->db);
            t = cpu_ms();
            if (ty_tm_review_undo(tm, doc, "bench", NULL, &e) != TY_OK)
                die("undo", &e);
            t = cpu_ms() - t;
            changes = sqlite3_total_changes64(tm->db) - changes;
            tb = bare_ms(bare, doc, changes);
            printf("  undo  %7.2f ms CPU, %6lld rows written; bare: %7.2f ms; ratio %.1f\n", t,
                   changes, tb, tb > 0 ? t / tb : 0);
            total += t;
            total_bare += tb;
            nedits++;
            if (t > slowest)
                slowest = t, slowest_name = "undo";
        }
    }
    printf("review-edit: %zu edits %.1f ms CPU, bare %.1f ms: %.1fx the bound; slowest %s "
           "%.2f ms CPU, %.2f of the 50 ms target\n",
           nedits, total, total_bare, total_bare > 0 ? total / total_bare : 0, slowest_name,
           slowest, slowest / 50);
    sqlite3_close(bare);
    remove(path);
    ty_tm_close(tm);
    return 0;
}
