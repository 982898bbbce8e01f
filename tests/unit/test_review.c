/*
 * test_review.c — reviewing a document in the memory: each edit (table-driven) on a document of
 * known beads gives the expected beads, statuses and unit count, leaves `stats --verify`
 * clean, and undoes back to the start; edits that do not apply change nothing; versions
 * guard against stale edits; re-alignment keeps pinned beads; ty_align_pinned keeps pins, says
 * which beads are pins (the fixture's pins are stored pinned and reviewed) and
 * refuses bad ones; an older memory's documents get their structure from their units; an
 * edit's plan reads the beads of its span alone; bead keys (schema 6): a memory of schema 5
 * upgraded, edits that leave the other beads' keys alone, room made where there is none, the
 * positions shown equal to the beads' numbers throughout.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "taiyaku.h"
#include "tm/tm.h"

static char dir[] = "/tmp/ty-review-XXXXXX";

static const char ja_text[] = "一つ目の文です。\n二つ目の文です。\n訳されない文です。\n"
                              "四つ目の文は長いです。\n五つ目の文です。\n六つ目の文です。\n";
static const char en_text[] = "This is the first sentence.\nThis is the second sentence.\n"
                              "The fourth sentence is long.\nIt has two parts.\n"
                              "This is the fifth sentence.\nThis is the sixth sentence.\n";

/* The document's beads as "[0]:[0] [1]:[1] [2]:[] [3]:[2,3] …", statuses as "a r x" letters. */
static void layout(ty_tm_review *r, char *buf, size_t size, char *status, size_t ssize)
{
    size_t o = 0, so = 0;
    buf[0] = status[0] = '\0';
    for (size_t i = 0; i < ty_tm_review_beads(r); i++) {
        const ty_tm_bead *b = ty_tm_review_bead(r, i);
        o += (size_t)snprintf(buf + o, size - o, "%s[", i ? " " : "");
        for (size_t k = 0; k < b->ja_count; k++)
            o += (size_t)snprintf(buf + o, size - o, "%s%zu", k ? "," : "", b->ja_first + k);
        o += (size_t)snprintf(buf + o, size - o, "]:[");
        for (size_t k = 0; k < b->en_count; k++)
            o += (size_t)snprintf(buf + o, size - o, "%s%zu", k ? "," : "", b->en_first + k);
        o += (size_t)snprintf(buf + o, size - o, "]");
        if (so + 3 < ssize) {
            status[so++] = "arx"[b->status];
            status[so++] = b->pinned ? 'p' : ' ';
            status[so] = '\0';
        }
    }
}

static ty_status count_units(const ty_tm_review_summary *s, void *ud)
{
    *(long long *)ud = (long long)s->units;
    return TY_OK;
}

static long long doc_units(ty_tm *tm)
{
    long long n = -1;
    ty_error e;
    ty_tm_review_summaries(tm, 0.9, count_units, &n, &e);
    return n;
}

/* A memory holding the document with beads [0]:[0] [1]:[1] [2]:[] [3]:[2,3] [4]:[4] [5]:[5]
 * (the first five pinned in the alignment, not in the memory). */
static ty_tm *fixture(const char *name)
{
    static const ty_bead pins[] = {{0, 1, 0, 1, 1}, {1, 1, 1, 1, 1}, {3, 1, 2, 2, 1},
                                   {4, 1, 4, 1, 1}};
    char path[256];
    ty_doc *ja = NULL, *en = NULL;
    ty_alignment *al = NULL;
    ty_tm *tm = NULL;
    ty_error e;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    unlink(path);
    if (ty_doc_from_lines(TY_LANG_JA, ja_text, strlen(ja_text), "a.ja", &ja, &e) != TY_OK ||
        ty_doc_from_lines(TY_LANG_EN, en_text, strlen(en_text), "a.en", &en, &e) != TY_OK ||
        ty_align_pinned(ja, en, pins, 4, NULL, &al, &e) != TY_OK ||
        ty_tm_open(path, TY_TM_CREATE, &tm, &e) != TY_OK ||
        ty_tm_add_alignment(tm, ja, en, al, NULL, NULL, &e) != TY_OK) {
        ty_diag("fixture: %s", e.message);
        ty_tm_close(tm);
        tm = NULL;
    }
    ty_alignment_free(al);
    ty_doc_free(ja);
    ty_doc_free(en);
    return tm;
}

static const char start[] = "[0]:[0] [1]:[1] [2]:[] [3]:[2,3] [4]:[4] [5]:[5]";
/* the fixture's pins are stored pinned and reviewed; beads 2 and 5 are the aligner's */
static const char fixture_status[] = "rprpa rprpa ";

typedef struct edit_case {
    const char *name;
    ty_review_op op;
    size_t bead, a, b; /* a: SPLIT ja / MOVE lang (1: en) / PAIR other; b: SPLIT en */
    int direction;
    int pre;           /* a bead to unpair first, or -1 */
    const char *beads; /* the beads after it */
    const char *status;
    long long units;   /* the document's units after it */
} edit_case;

static const edit_case cases[] = {
    {"join next", TY_REVIEW_JOIN, 2, 0, 0, 1, -1, "[0]:[0] [1]:[1] [2,3]:[2,3] [4]:[4] [5]:[5]",
     "rprpr rpa ", 5},
    {"join prev", TY_REVIEW_JOIN, 2, 0, 0, -1, -1, "[0]:[0] [1,2]:[1] [3]:[2,3] [4]:[4] [5]:[5]",
     "rpr rprpa ", 5},
    {"split 1:2 into 1:1 + 0:1", TY_REVIEW_SPLIT, 3, 1, 1, 1, -1,
     "[0]:[0] [1]:[1] [2]:[] [3]:[2] []:[3] [4]:[4] [5]:[5]", "rprpa r r rpa ", 5},
    {"move an English sentence to the bead before", TY_REVIEW_MOVE, 3, 1, 0, -1, -1,
     "[0]:[0] [1]:[1] [2]:[2] [3]:[3] [4]:[4] [5]:[5]", "rprpr r rpa ", 6},
    {"move a Japanese sentence to the bead after", TY_REVIEW_MOVE, 1, 0, 0, 1, -1,
     "[0]:[0] []:[1] [1,2]:[] [3]:[2,3] [4]:[4] [5]:[5]", "rpr r rprpa ", 4},
    {"unpair", TY_REVIEW_UNPAIR, 3, 0, 0, 1, -1,
     "[0]:[0] [1]:[1] [2]:[] [3]:[] []:[2] []:[3] [4]:[4] [5]:[5]", "rprpa r r r rpa ", 4},
    {"pair across an unpaired sentence", TY_REVIEW_PAIR, 2, 4, 0, 1, 3,
     "[0]:[0] [1]:[1] [2]:[2] [3]:[] []:[3] [4]:[4] [5]:[5]", "rprpr r r rpa ", 5},
    {"pair neighbours", TY_REVIEW_PAIR, 2, 3, 0, 1, 1,
     "[0]:[0] [1]:[] [2]:[1] [3]:[2,3] [4]:[4] [5]:[5]", "rpr r rprpa ", 5},
    {"accept", TY_REVIEW_ACCEPT, 5, 0, 0, 1, -1, start, "rprpa rprpr ", 5},
    {"reject: out of the units", TY_REVIEW_REJECT, 5, 0, 0, 1, -1, start, "rprpa rprpx ", 4},
    {"pin", TY_REVIEW_PIN, 5, 0, 0, 1, -1, start, "rprpa rprprp", 5},
    {"reject a pinned pair: no longer pinned", TY_REVIEW_REJECT, 0, 0, 0, 1, -1, start,
     "x rpa rprpa ", 4},
};

static ty_status run_edit(ty_tm *tm, const edit_case *c, long long version, ty_error *e)
{
    ty_review_edit ed;
    ty_review_edit_init(&ed);
    ed.op = c->op;
    ed.bead = c->bead;
    ed.direction = c->direction;
    ed.version = version;
    ed.who = "tester";
    if (c->op == TY_REVIEW_SPLIT) {
        ed.ja_split = c->a;
        ed.en_split = c->b;
    } else if (c->op == TY_REVIEW_MOVE) {
        ed.lang = c->a ? TY_LANG_EN : TY_LANG_JA;
    } else if (c->op == TY_REVIEW_PAIR) {
        ed.other = c->a;
    }
    return ty_tm_review_apply(tm, 1, &ed, NULL, e);
}

static long long query_int(ty_tm *tm, const char *sql)
{
    sqlite3_stmt *st = NULL;
    long long v = -1;
    if (sqlite3_prepare_v2(tm->db, sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* How many occurrences of document 1 are not shown at their bead's number (rank in key
 * order), or are at no bead. */
static long long misplaced(ty_tm *tm)
{
    return query_int(tm, "SELECT count(*) FROM occurrences o LEFT JOIN (SELECT idx,"
                         " row_number() OVER (ORDER BY idx) - 1 AS r FROM beads"
                         " WHERE document = 1) b ON b.idx = o.position WHERE o.document = 1"
                         " AND (b.r IS NULL OR " TY__TM_SHOWN_POSITION("o") " <> b.r)");
}

/* Document 1's beads keyed 0, 1, 2, … (no room between them), as a document many edits have
 * filled up is, so that every edit that adds a bead has to make room. */
static int pack(ty_tm *tm)
{
    return sqlite3_exec(tm->db,
                        "UPDATE beads SET idx = -1 - (idx >> 20) WHERE document = 1;"
                        "UPDATE beads SET idx = -1 - idx WHERE document = 1 AND idx < 0;"
                        "UPDATE occurrences SET position = -1 - (position >> 20) "
                        "WHERE document = 1;"
                        "UPDATE occurrences SET position = -1 - position "
                        "WHERE document = 1 AND position < 0;"
                        "UPDATE alignments SET regular = 0 WHERE document = 1",
                        NULL, NULL, NULL) == SQLITE_OK
               ? 0
               : -1;
}

static const char sql_first_key[] = "SELECT min(idx) FROM beads WHERE document = 1";
static const char sql_last_key[] = "SELECT max(idx) FROM beads WHERE document = 1";

/* Each case on the document as stored and on the document packed (pack): the beads, statuses
 * and units it gives, the positions shown, undo; as stored, the first and the last bead (no
 * case edits them into other beads) keep their keys: an edit does not renumber the rest. */
static void edits(void)
{
    for (size_t i = 0; i < 2 * sizeof cases / sizeof cases[0]; i++) {
        const edit_case *c = &cases[i / 2];
        int packed = i % 2;
        ty_tm *tm = fixture("edit.sqlite");
        ty_tm_review *r = NULL;
        char beads[512], status[64];
        long long first_key, last_key;
        ty_error e;
        if (!tm || (packed && pack(tm) != 0)) {
            ty_ok(0, "%s: fixture", c->name);
            ty_tm_close(tm);
            continue;
        }
        first_key = query_int(tm, sql_first_key);
        last_key = query_int(tm, sql_last_key);
        if (c->pre >= 0) {
            edit_case pre = {"pre", TY_REVIEW_UNPAIR, (size_t)c->pre, 0, 0, 1, -1, NULL, NULL, 0};
            ty_is_int(run_edit(tm, &pre, -1, &e), TY_OK, "%s: unpair %d first", c->name, c->pre);
        }
        ty_is_int(run_edit(tm, c, -1, &e), TY_OK, "%s: applies (%s)", c->name,
                  e.message);
        ty_is_int(ty_tm_review_open(tm, 1, &r, &e), TY_OK, "%s: read back", c->name);
        if (r) {
            layout(r, beads, sizeof beads, status, sizeof status);
            ty_is_str(beads, c->beads, "%s: beads", c->name);
            ty_is_str(status, c->status, "%s: statuses", c->name);
            ty_is_int(ty_tm_review_version(r), c->pre >= 0 ? 2 : 1, "%s: version", c->name);
            ty_tm_review_free(r);
            r = NULL;
        }
        ty_is_int(doc_units(tm), c->units, "%s: the document's units", c->name);
        ty_is_int(misplaced(tm), 0, "%s%s: positions shown are the beads' numbers", c->name,
                  packed ? " (packed)" : "");
        if (!packed) {
            ty_is_int(query_int(tm, sql_first_key), first_key, "%s: the first bead's key stays",
                      c->name);
            ty_is_int(query_int(tm, sql_last_key), last_key, "%s: the last bead's key stays",
                      c->name);
        }
        ty_is_int(ty_tm_verify(tm, &e), TY_OK, "%s: the memory verifies (%s)", c->name,
                  e.message);
        ty_is_int(ty_tm_review_undo(tm, 1, "tester", NULL, &e), TY_OK, "%s: undo", c->name);
        if (c->pre >= 0)
            ty_is_int(ty_tm_review_undo(tm, 1, "tester", NULL, &e), TY_OK, "%s: undo again",
                      c->name);
        ty_is_int(ty_tm_review_open(tm, 1, &r, &e), TY_OK, "%s: read back", c->name);
        if (r) {
            layout(r, beads, sizeof beads, status, sizeof status);
            ty_is_str(beads, start, "%s: undone", c->name);
            ty_is_str(status, fixture_status, "%s: statuses undone", c->name);
            ty_tm_review_free(r);
        }
        ty_is_int(doc_units(tm), 5, "%s: units undone", c->name);
        ty_is_int(misplaced(tm), 0, "%s%s: positions shown after undo", c->name,
                  packed ? " (packed)" : "");
        ty_is_int(ty_tm_verify(tm, &e), TY_OK, "%s: verifies after undo (%s)", c->name,
                  e.message);
        ty_tm_close(tm);
    }
}

typedef struct bad_case {
    const char *name;
    ty_review_op op;
    size_t bead, a, b;
    int direction;
    const char *message; /* a part of the error message */
} bad_case;

static const bad_case bad[] = {
    {"join before the first", TY_REVIEW_JOIN, 0, 0, 0, -1, "no bead before"},
    {"join after the last", TY_REVIEW_JOIN, 5, 0, 0, 1, "no bead after"},
    {"no such bead", TY_REVIEW_ACCEPT, 6, 0, 0, 1, "no such bead"},
    {"split into nothing", TY_REVIEW_SPLIT, 3, 0, 0, 1, "a sentence in each part"},
    {"split past the bead", TY_REVIEW_SPLIT, 3, 1, 3, 1, "a sentence in each part"},
    {"move from an empty side", TY_REVIEW_MOVE, 2, 1, 0, 1, "no English sentence"},
    {"unpair the unpaired", TY_REVIEW_UNPAIR, 2, 0, 0, 1, "not a pair"},
    {"pair two pairs", TY_REVIEW_PAIR, 0, 1, 0, 1, "one unpaired Japanese"},
    {"pin an unpaired sentence", TY_REVIEW_PIN, 2, 0, 0, 1, "only a pair"},
};

static void bad_edits(void)
{
    ty_tm *tm = fixture("bad.sqlite");
    ty_tm_review *r = NULL;
    char beads[512], status[64];
    long long version = -1;
    ty_error e;

    if (!tm) {
        ty_ok(0, "bad edits: fixture");
        return;
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const bad_case *c = &bad[i];
        edit_case ec = {c->name, c->op, c->bead, c->a, c->b, c->direction, -1, NULL, NULL, 0};
        ty_is_int(run_edit(tm, &ec, -1, &e), TY_ERR_INVALID, "%s: refused", c->name);
        ty_ok(strstr(e.message, c->message) != NULL, "%s: says so (%s)", c->name, e.message);
    }
    ty_is_int(ty_tm_review_open(tm, 1, &r, &e), TY_OK, "read back");
    if (r) {
        layout(r, beads, sizeof beads, status, sizeof status);
        ty_is_str(beads, start, "refused edits changed nothing");
        ty_is_int(ty_tm_review_version(r), 0, "nor the version");
        ty_tm_review_free(r);
    }
    ty_is_int(ty_tm_review_undo(tm, 1, "t", NULL, &e), TY_ERR_NOTFOUND, "nothing to undo");
    /* versions: an edit chosen on version 0 fails once the document is at 1 */
    {
        /* bead 5 is not reviewed yet: accepting it changes the document */
        edit_case acc = {"accept", TY_REVIEW_ACCEPT, 5, 0, 0, 1, -1, NULL, NULL, 0};
        ty_is_int(run_edit(tm, &acc, 0, &e), TY_OK, "an edit at the current version");
        ty_is_int(run_edit(tm, &acc, 0, &e), TY_ERR_CONFLICT, "the same version again: conflict");
        ty_ok(strstr(e.message, "changed meanwhile") != NULL, "saying so (%s)", e.message);
        ty_is_int(ty_tm_review_open(tm, 1, &r, &e), TY_OK, "read back");
        if (r) {
            version = ty_tm_review_version(r);
            ty_tm_review_free(r);
        }
        ty_is_int(version, 1, "one edit made");
    }
    ty_is_int(ty_tm_review_open(tm, 7, &r, &e), TY_ERR_NOTFOUND, "no document 7");
    ty_tm_close(tm);
}

static ty_status count_edits(const ty_tm_edit *ed, void *ud)
{
    long long *n = ud;
    if (!strcmp(ed->who, "tester") && ed->at && strlen(ed->at) == 20 && ed->at[19] == 'Z')
        n[0]++;
    if (ed->undone)
        n[1]++;
    return TY_OK;
}

static void realign_and_history(void)
{
    ty_tm *tm = fixture("realign.sqlite");
    ty_tm_review *r = NULL;
    edit_case join = {"join", TY_REVIEW_JOIN, 0, 0, 0, 1, -1, NULL, NULL, 0};
    edit_case pin = {"pin", TY_REVIEW_PIN, 2, 0, 0, 1, -1, NULL, NULL, 0};
    edit_case unpin = {"unpin", TY_REVIEW_UNPIN, 2, 0, 0, 1, -1, NULL, NULL, 0};
    edit_case accept = {"accept", TY_REVIEW_ACCEPT, 2, 0, 0, 1, -1, NULL, NULL, 0};
    long long n[2] = {0, 0}, version = -1;
    ty_error e;

    if (!tm) {
        ty_ok(0, "realign: fixture");
        return;
    }
    /* [0,1]:[0,1] [2]:[] …: the 1:2 (now bead 2) is pinned and reviewed already, so pinning
     * or accepting it changes nothing and records no edit; unpin it, pin it again and align
     * again */
    ty_is_int(run_edit(tm, &join, -1, &e), TY_OK, "join 0 and 1");
    ty_is_int(run_edit(tm, &pin, -1, &e), TY_OK, "pin the pinned bead 2 (%s)", e.message);
    ty_is_int(run_edit(tm, &accept, -1, &e), TY_OK, "accept the reviewed bead 2 (%s)", e.message);
    if (ty_tm_review_open(tm, 1, &r, &e) == TY_OK) {
        version = ty_tm_review_version(r);
        ty_tm_review_free(r);
        r = NULL;
    }
    ty_is_int(version, 1, "edits that change nothing leave the version");
    ty_is_int(run_edit(tm, &unpin, -1, &e), TY_OK, "unpin bead 2 (%s)", e.message);
    ty_is_int(run_edit(tm, &pin, -1, &e), TY_OK, "pin bead 2 (%s)", e.message);
    ty_is_int(ty_tm_review_realign(tm, 1, NULL, 3, "tester", NULL, &e), TY_OK,
              "realign (%s)", e.message);
    ty_is_int(ty_tm_review_open(tm, 1, &r, &e), TY_OK, "read back");
    if (r) {
        int kept = 0;
        for (size_t i = 0; i < ty_tm_review_beads(r); i++) {
            const ty_tm_bead *b = ty_tm_review_bead(r, i);
            if (b->pinned && b->ja_first == 3 && b->ja_count == 1 && b->en_first == 2 &&
                b->en_count == 2 && b->status == TY_BEAD_REVIEWED)
                kept++;
        }
        ty_is_int(kept, 1, "the pinned 1:2 is a bead, pinned and reviewed");
        ty_is_int(ty_tm_review_version(r), 4, "version 4");
        ty_tm_review_free(r);
    }
    ty_is_int(ty_tm_verify(tm, &e), TY_OK, "verifies after realign (%s)", e.message);
    ty_is_int(ty_tm_review_undo(tm, 1, "tester", NULL, &e), TY_OK, "undo the realign");
    ty_is_int(ty_tm_review_history(tm, 1, count_edits, n, &e), TY_OK, "history");
    ty_is_int(n[0], 5, "5 edits by tester (join, unpin, pin, realign, undo), each with its time");
    ty_is_int(n[1], 1, "one undone");
    ty_is_int(ty_tm_verify(tm, &e), TY_OK, "verifies after undo (%s)", e.message);
    ty_tm_close(tm);
}

typedef struct pin_case {
    const char *name;
    ty_bead pins[3];
    size_t npins;
    ty_status want;
    const char *message;
} pin_case;

static const pin_case pin_cases[] = {
    {"one pin in the middle", {{2, 1, 3, 1, 0}}, 1, TY_OK, NULL},
    {"two pins, given out of order", {{4, 1, 4, 1, 0}, {0, 1, 0, 1, 0}}, 2, TY_OK, NULL},
    {"a 1:2 pin", {{3, 1, 2, 2, 0}}, 1, TY_OK, NULL},
    {"past the Japanese end", {{6, 1, 0, 1, 0}}, 1, TY_ERR_INVALID, "past the end"},
    {"past the English end", {{0, 1, 5, 2, 0}}, 1, TY_ERR_INVALID, "past the end"},
    {"crossing", {{1, 1, 3, 1, 0}, {2, 1, 1, 1, 0}}, 2, TY_ERR_INVALID, "cross"},
    {"overlapping", {{1, 2, 1, 1, 0}, {2, 1, 2, 1, 0}}, 2, TY_ERR_INVALID, "cross"},
    {"one-sided", {{1, 1, 1, 0, 0}}, 1, TY_ERR_INVALID, "both sides"},
};

static void pins(void)
{
    ty_doc *ja = NULL, *en = NULL;
    ty_error e;

    if (ty_doc_from_lines(TY_LANG_JA, ja_text, strlen(ja_text), "a.ja", &ja, &e) != TY_OK ||
        ty_doc_from_lines(TY_LANG_EN, en_text, strlen(en_text), "a.en", &en, &e) != TY_OK) {
        ty_ok(0, "pins: documents");
        return;
    }
    for (size_t i = 0; i < sizeof pin_cases / sizeof pin_cases[0]; i++) {
        const pin_case *c = &pin_cases[i];
        ty_alignment *al = NULL;
        ty_status st = ty_align_pinned(ja, en, c->pins, c->npins, NULL, &al, &e);
        ty_is_int(st, c->want, "%s: status", c->name);
        if (st != TY_OK) {
            ty_ok(strstr(e.message, c->message) != NULL, "%s: says why (%s)", c->name,
                  e.message);
            continue;
        }
        for (size_t p = 0; p < c->npins; p++) {
            int found = 0;
            for (size_t k = 0; k < ty_alignment_count(al); k++) {
                const ty_bead *b = ty_alignment_bead(al, k);
                found |= b->ja_first == c->pins[p].ja_first &&
                         b->ja_count == c->pins[p].ja_count &&
                         b->en_first == c->pins[p].en_first &&
                         b->en_count == c->pins[p].en_count && b->confidence == 1 &&
                         ty_alignment_bead_pinned(al, k);
            }
            ty_ok(found, "%s: pin %zu is a bead with confidence 1, said pinned", c->name, p);
        }
        {
            size_t flagged = 0;
            for (size_t k = 0; k < ty_alignment_count(al); k++)
                flagged += (size_t)ty_alignment_bead_pinned(al, k);
            ty_is_int((long long)flagged, (long long)c->npins, "%s: only the pins are said pinned",
                      c->name);
        }
        {
            size_t ja_next = 0, en_next = 0, ok = 1;
            for (size_t k = 0; k < ty_alignment_count(al); k++) {
                const ty_bead *b = ty_alignment_bead(al, k);
                ok &= b->ja_first == ja_next && b->en_first == en_next;
                ja_next += b->ja_count;
                en_next += b->en_count;
            }
            ty_ok(ok && ja_next == 6 && en_next == 6, "%s: the beads cover both documents in order",
                  c->name);
        }
        ty_alignment_free(al);
    }
    ty_doc_free(ja);
    ty_doc_free(en);
}

/* A memory made before sentence structure, with the props ty_tm_add_alignment gave units. */
static void migration(void)
{
    static const ty_prop p0[] = {{"x-ja-segments", "0"}, {"x-en-segments", "0"}};
    static const ty_prop p1[] = {{"x-ja-segments", "2"}, {"x-en-segments", "1"}};
    static const ty_prop p2[] = {{"x-ja-segments", "3-4"}, {"x-en-segments", "2"}};
    ty_unit u[3];
    ty_tm_docinfo info = {0};
    ty_tm *tm = NULL;
    ty_tm_review *r = NULL;
    ty_error e;
    char path[256], beads[256], status[64];

    snprintf(path, sizeof path, "%s/old.sqlite", dir);
    unlink(path);
    memset(u, 0, sizeof u);
    u[0] = (ty_unit){.ja = "最初の文です。", .en = "The first sentence.", .confidence = 0.95,
                     .props = p0, .nprops = 2};
    u[1] = (ty_unit){.ja = "三つ目の文です。", .en = "The third sentence.", .confidence = 0.8,
                     .props = p1, .nprops = 2};
    u[2] = (ty_unit){.ja = "四つ目です。五つ目です。", .en = "The fourth and fifth.",
                     .confidence = 0.7, .props = p2, .nprops = 2};
    info.name = "old pair";
    ty_is_int(ty__tm_open_at(path, TY_TM_CREATE, 4, &tm, &e), TY_OK, "a schema-4 memory");
    ty_is_int(ty_tm_add_units(tm, &info, u, 3, NULL, &e), TY_OK, "with an aligned document");
    ty_tm_close(tm);
    ty_is_int(ty_tm_open(path, 0, &tm, &e), TY_OK, "opening it upgrades it");
    ty_is_int(ty_tm_review_open(tm, 1, &r, &e), TY_OK, "the document has structure (%s)",
              e.message);
    if (r) {
        layout(r, beads, sizeof beads, status, sizeof status);
        ty_is_str(beads, "[0]:[0] [1]:[] [2]:[1] [3,4]:[2]", "beads reconstructed");
        ty_is_int((long long)ty_tm_review_lost(r), 1, "one sentence was never stored");
        ty_ok(ty_tm_review_sentence_lost(r, TY_LANG_JA, 1), "Japanese sentence 1 is lost");
        ty_is_str(ty_tm_review_sentence(r, TY_LANG_JA, 3, NULL), "四つ目です。",
                  "a two-sentence side split again");
        ty_is_str(ty_tm_review_sentence(r, TY_LANG_JA, 4, NULL), "五つ目です。", "its second");
        ty_tm_review_free(r);
    }
    ty_is_int(ty_tm_verify(tm, &e), TY_OK, "verifies (%s)", e.message);
    {
        edit_case acc = {"reject", TY_REVIEW_REJECT, 3, 0, 0, 1, -1, NULL, NULL, 0};
        ty_is_int(run_edit(tm, &acc, -1, &e), TY_OK, "a migrated document can be edited");
        ty_is_int(doc_units(tm), 2, "the rejected bead's unit is gone");
        ty_is_int(ty_tm_verify(tm, &e), TY_OK, "verifies (%s)", e.message);
        ty_is_int(ty_tm_review_realign(tm, 1, NULL, -1, "t", NULL, &e), TY_ERR_INVALID,
                  "realigning with lost sentences is refused");
    }
    ty_tm_close(tm);
}

/* A document of 40 one-to-one beads whose first twelve are keyed 0 to 11 (no room) and the
 * others as stored: a split of bead 2 makes room by moving the beads after it, as few as give
 * room (32 of them), and leaves the last ones where they are. */
static void respace_window(void)
{
    enum { N = 40 };
    char ja[N * 32], en[N * 32], path[256], beads[1024], status[128], want[1024];
    size_t oj = 0, oe = 0, ow = 0;
    ty_bead pins[N];
    ty_doc *dj = NULL, *de = NULL;
    ty_alignment *al = NULL;
    ty_tm *tm = NULL;
    ty_tm_review *r = NULL;
    ty_error e;
    long long last_key;

    for (size_t i = 0; i < N; i++) {
        oj += (size_t)snprintf(ja + oj, sizeof ja - oj, "文%zuです。\n", i);
        oe += (size_t)snprintf(en + oe, sizeof en - oe, "Sentence %zu.\n", i);
        pins[i] = (ty_bead){i, 1, i, 1, 1};
        if (i == 2)
            ow += (size_t)snprintf(want + ow, sizeof want - ow, " [2]:[] []:[2]");
        else
            ow += (size_t)snprintf(want + ow, sizeof want - ow, "%s[%zu]:[%zu]", i ? " " : "", i,
                                   i);
    }
    snprintf(path, sizeof path, "%s/window.sqlite", dir);
    unlink(path);
    if (ty_doc_from_lines(TY_LANG_JA, ja, oj, "w.ja", &dj, &e) != TY_OK ||
        ty_doc_from_lines(TY_LANG_EN, en, oe, "w.en", &de, &e) != TY_OK ||
        ty_align_pinned(dj, de, pins, N, NULL, &al, &e) != TY_OK ||
        ty_tm_open(path, TY_TM_CREATE, &tm, &e) != TY_OK ||
        ty_tm_add_alignment(tm, dj, de, al, NULL, NULL, &e) != TY_OK ||
        sqlite3_exec(tm->db,
                     "UPDATE beads SET idx = -1 - (idx >> 20) WHERE idx < 12 << 20;"
                     "UPDATE beads SET idx = -1 - idx WHERE idx < 0;"
                     "UPDATE occurrences SET position = -1 - (position >> 20) "
                     "WHERE position < 12 << 20;"
                     "UPDATE occurrences SET position = -1 - position WHERE position < 0;"
                     "UPDATE alignments SET regular = 0",
                     NULL, NULL, NULL) != SQLITE_OK) {
        ty_ok(0, "a 40-bead document: %s", e.message);
        goto done;
    }
    last_key = query_int(tm, "SELECT max(idx) FROM beads");
    {
        edit_case split = {"split", TY_REVIEW_SPLIT, 2, 1, 0, 1, -1, NULL, NULL, 0};
        ty_is_int(run_edit(tm, &split, -1, &e), TY_OK, "a split where there is no room (%s)",
                  e.message);
    }
    ty_is_int(query_int(tm, "SELECT count(*) FROM beads WHERE idx >= 35 << 20"), 5,
              "the beads after the 32 moved keep their keys");
    ty_is_int(query_int(tm, "SELECT max(idx) FROM beads"), last_key, "the last one too");
    ty_is_int(query_int(tm, "SELECT min(b.idx - a.idx) FROM beads a JOIN beads b ON b.idx = "
                            "(SELECT min(idx) FROM beads WHERE idx > a.idx) WHERE a.idx >= 2") >=
                  1024,
              1, "the split and the moved beads at least 1024 apart (TY__MIN_STEP)");
    ty_is_int(misplaced(tm), 0, "positions shown are the beads' numbers");
    ty_is_int(ty_tm_review_open(tm, 1, &r, &e), TY_OK, "read back");
    if (r) {
        layout(r, beads, sizeof beads, status, sizeof status);
        ty_is_str(beads, want, "the beads");
        ty_tm_review_free(r);
        r = NULL;
    }
    ty_is_int(ty_tm_verify(tm, &e), TY_OK, "verifies (%s)", e.message);
    ty_is_int(ty_tm_review_undo(tm, 1, "tester", NULL, &e), TY_OK, "undone");
    ty_is_int(misplaced(tm), 0, "positions shown after undo");
    ty_is_int(ty_tm_verify(tm, &e), TY_OK, "verifies after undo (%s)", e.message);
done:
    ty_tm_close(tm);
    ty_alignment_free(al);
    ty_doc_free(dj);
    ty_doc_free(de);
}

/* A memory made at schema step 5 (beads numbered 0, 1, …, occurrences at those numbers) is
 * upgraded to keys with gaps: the same beads and units, the same positions shown, and its edits
 * write only their rows. */
static void migration_keys(void)
{
    static const ty_bead pins[] = {{0, 1, 0, 1, 1}, {1, 1, 1, 1, 1}, {3, 1, 2, 2, 1},
                                   {4, 1, 4, 1, 1}};
    char path[256], beads[512], status[64];
    ty_doc *ja = NULL, *en = NULL;
    ty_alignment *al = NULL;
    ty_tm *tm = NULL;
    ty_tm_review *r = NULL;
    ty_error e;

    snprintf(path, sizeof path, "%s/five.sqlite", dir);
    unlink(path);
    ty_is_int(ty_doc_from_lines(TY_LANG_JA, ja_text, strlen(ja_text), "a.ja", &ja, &e), TY_OK,
              "Japanese");
    ty_is_int(ty_doc_from_lines(TY_LANG_EN, en_text, strlen(en_text), "a.en", &en, &e), TY_OK,
              "English");
    ty_is_int(ty_align_pinned(ja, en, pins, 4, NULL, &al, &e), TY_OK, "aligned");
    ty_is_int(ty__tm_open_at(path, TY_TM_CREATE, 5, &tm, &e), TY_OK, "a schema-5 memory");
    ty_is_int(ty_tm_add_alignment(tm, ja, en, al, NULL, NULL, &e), TY_OK, "holds a document");
    ty_is_int(query_int(tm, "SELECT max(idx) FROM beads"), 5, "beads numbered 0 to 5");
    ty_is_int(query_int(tm, "SELECT max(position) FROM occurrences"), 5,
              "occurrences at the beads' numbers");
    ty_tm_close(tm);
    tm = NULL;
    ty_alignment_free(al);
    ty_doc_free(ja);
    ty_doc_free(en);
    ty_is_int(ty_tm_open(path, 0, &tm, &e), TY_OK, "opening it upgrades it (%s)", e.message);
    if (!tm)
        return;
    ty_is_int(query_int(tm, "PRAGMA user_version"), TY__TM_SCHEMA, "to the current schema");
    ty_is_int(query_int(tm, "SELECT count(*) FROM beads WHERE idx % 1048576 <> 0"), 0,
              "every bead key a multiple of the gap");
    ty_is_int(query_int(tm, "SELECT max(idx) FROM beads"), 5LL << TY__TM_KEY_SHIFT,
              "the last bead's key");
    ty_is_int(query_int(tm, "SELECT count(*) FROM occurrences o JOIN beads b ON b.document = "
                            "o.document AND b.idx = o.position"),
              5, "every occurrence at its bead's key");
    ty_is_int(misplaced(tm), 0, "positions shown as before");
    ty_is_int(ty_tm_review_open(tm, 1, &r, &e), TY_OK, "read back");
    if (r) {
        layout(r, beads, sizeof beads, status, sizeof status);
        ty_is_str(beads, start, "the same beads");
        ty_is_str(status, fixture_status, "the same statuses");
        ty_tm_review_free(r);
    }
    ty_is_int(ty_tm_verify(tm, &e), TY_OK, "verifies (%s)", e.message);
    ty_is_int(run_edit(tm, &cases[0], -1, &e), TY_OK, "an upgraded document is edited");
    ty_is_int(query_int(tm, sql_last_key), 5LL << TY__TM_KEY_SHIFT,
              "the beads after the edit keep their keys");
    ty_is_int(misplaced(tm), 0, "positions shown after the edit");
    ty_is_int(ty_tm_verify(tm, &e), TY_OK, "verifies (%s)", e.message);
    ty_tm_close(tm);
}

/* Each edit is planned alike from the beads ty__review_span names (copied into an array of
 * their own, so that ASan sees a read outside them) and from the whole document: an edit
 * reads no bead outside its span. Every operation at every bead of a document of mixed
 * beads, with each direction, side and other bead. */
static int same_plan(ty_status ra, ty_status rb, size_t fa, size_t fb, size_t na, size_t nb,
                     const ty_tm_bead *a, size_t oa, const ty_tm_bead *b, size_t ob)
{
    if (ra != rb || (ra == TY_OK && (fa != fb || na != nb || oa != ob)))
        return 0;
    for (size_t i = 0; ra == TY_OK && i < oa; i++)
        if (a[i].ja_first != b[i].ja_first || a[i].ja_count != b[i].ja_count ||
            a[i].en_first != b[i].en_first || a[i].en_count != b[i].en_count ||
            a[i].status != b[i].status || a[i].pinned != b[i].pinned ||
            a[i].confidence != b[i].confidence)
            return 0;
    return 1;
}

static void plan_window(void)
{
    /* 1:1, 1:0, 0:1, 0:1, 2:1, 1:0, 1:1, 0:1 */
    static const size_t shape[][2] = {{1, 1}, {1, 0}, {0, 1}, {0, 1},
                                      {2, 1}, {1, 0}, {1, 1}, {0, 1}};
    enum { N = sizeof shape / sizeof shape[0] };
    ty_tm_bead doc[N];
    size_t ja = 0, en = 0, planned = 0, differ = 0;

    for (size_t i = 0; i < N; i++) {
        doc[i] = (ty_tm_bead){ja, shape[i][0], en, shape[i][1], 0.5, TY_BEAD_ALIGNED, 0, 0};
        ja += shape[i][0];
        en += shape[i][1];
    }
    for (int op = 0; op < TY_REVIEW_OPS; op++)
        for (size_t k = 0; k <= N; k++)
            for (size_t v = 0; v < 2 * (N + 1); v++) {
                ty_review_edit e;
                ty_tm_bead *win, *pa = NULL, *pb = NULL;
                size_t lo, hi, fa = 0, fb = 0, na = 0, nb = 0, oa = 0, ob = 0;
                ty_status ra, rb;
                ty_error err;
                ty_review_edit_init(&e);
                e.op = (ty_review_op)op;
                e.bead = k;
                e.direction = v % 2 ? -1 : 1;
                e.lang = v % 2 ? TY_LANG_EN : TY_LANG_JA;
                e.other = v / 2;
                e.ja_split = 1;
                ty__review_span(&e, &lo, &hi);
                if (hi > N)
                    hi = N;
                if (lo > hi)
                    lo = hi;
                if (!(win = malloc((hi - lo) * sizeof *win + 1)))
                    continue;
                memcpy(win, doc + lo, (hi - lo) * sizeof *win);
                ra = ty__review_plan(doc, 0, N, &e, &fa, &na, &pa, &oa, &err);
                rb = ty__review_plan(win, lo, N, &e, &fb, &nb, &pb, &ob, &err);
                planned++;
                if (!same_plan(ra, rb, fa, fb, na, nb, pa, oa, pb, ob)) {
                    differ++;
                    ty_diag("%s at bead %zu (variant %zu): the span's plan differs",
                            ty_review_op_name(e.op), k, v);
                }
                free(win);
                free(pa);
                free(pb);
            }
    ty_ok(planned == (size_t)TY_REVIEW_OPS * (N + 1) * 2 * (N + 1) && differ == 0,
          "%zu edits planned from their span as from the whole document (%zu differ)", planned,
          differ);
}

int main(void)
{
    if (!mkdtemp(dir)) {
        ty_ok(0, "mkdtemp");
        return ty_done();
    }
    edits();
    bad_edits();
    realign_and_history();
    pins();
    migration();
    migration_keys();
    respace_window();
    plan_window();
    {
        char cmd[300];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        if (system(cmd) != 0)
            ty_diag("could not remove %s", dir);
    }
    return ty_done();
}
