/*
 * lookup.c — ty_tm_lookup: exact matches through the hash of the normalized source, then
 * fuzzy matches. Fuzzy candidates come from the trigram index without reading the memory:
 * the query's trigrams are ranked by document frequency (the `grams` table), the rarest are
 * read from the memory's posting lists (plist.c: one row a trigram, each unit with its length;
 * a memory below schema step 7, which only ty__tm_open_at makes now: from the FTS5 index,
 * postings.c) until a postings budget is spent, units are ranked by how many of those
 * trigrams they share, kept when their length fits the window the minimum score allows, and
 * the best few hundred are scored with match.c. Scoring rules: taiyaku.h and match.c.
 * A memory in another backend (PostgreSQL) goes through the same steps: the backend table
 * (tm.h) only gives the frequencies, the postings (with the units' lengths) and the texts.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/sort.h"
#include "tm.h"

/* The candidate budget: enough that the top matches equal a full scan's on generated 1M-unit
 * memories (tests/bench/tm-bench.sh checks the recall), bounded so that a lookup stays fast
 * whatever the query. */
enum {
    GRAMS_MIN = 6,           /* read at least this many of the rarest trigrams ... */
    GRAMS_MAX = 64,          /* ... and at most this many */
    BUDGET = 60000,          /* postings read beyond the first GRAMS_MIN trigrams */
    HARD_BUDGET = 400000,    /* postings never exceeded, even for the first trigrams */
    LEN_CHECKS = 5000,       /* candidates whose length is checked */
    SCORED = 400             /* candidates scored */
};

struct ty_tm_matches {
    ty_tm_match *v;
    size_t n, cap;
};

void ty_tm_lookup_opts_init(ty_tm_lookup_opts *opts)
{
    opts->from = TY_LANG_JA;
    opts->min_score = 70;
    opts->max_results = 5;
}

size_t ty_tm_matches_count(const ty_tm_matches *m)
{
    return m ? m->n : 0;
}

const ty_tm_match *ty_tm_matches_get(const ty_tm_matches *m, size_t i)
{
    return m && i < m->n ? &m->v[i] : NULL;
}

void ty_tm_matches_free(ty_tm_matches *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n; i++) {
        free((char *)m->v[i].ja);
        free((char *)m->v[i].en);
        free((char *)m->v[i].document);
    }
    free(m->v);
    free(m);
}

/* Append a match; takes the strings of `ui`. */
static ty_status push_match(ty_tm_matches *m, long long id, int score, int numdiff,
                            ty__unit_info *ui, ty_error *err)
{
    ty_tm_match *x;

    if (m->n == m->cap) {
        size_t cap = m->cap ? 2 * m->cap : 8;
        ty_tm_match *v = realloc(m->v, cap * sizeof *v);
        if (!v) {
            ty__unit_info_free(ui);
            return ty__nomem(err);
        }
        m->v = v;
        m->cap = cap;
    }
    x = &m->v[m->n++];
    x->unit = id;
    x->score = score;
    x->numbers_differ = numdiff;
    x->ja = ui->ja;
    x->en = ui->en;
    x->document = ui->document;
    x->count = ui->count;
    x->confidence = ui->confidence;
    x->position = ui->position;
    free(ui->ja_norm);
    free(ui->en_norm);
    memset(ui, 0, sizeof *ui);
    return TY_OK;
}

/* ---- exact ---- */

static ty_status exact(ty_tm *tm, ty_lang lang, const char *norm, size_t len, size_t max,
                       ty_tm_matches *res, ty_error *err)
{
    sqlite3_stmt *st;
    long long ids[64];
    size_t n = 0;
    ty_status rc;
    int step;

    if (tm->be) {
        if ((rc = tm->be->exact_ids(tm, lang, ty__tm_hash64(norm, len), ids, 64, &n, err)) !=
            TY_OK)
            return rc;
    } else {
        if ((rc = ty__tm_stmt(tm, lang == TY_LANG_JA ? TY__SQL_EXACT_JA : TY__SQL_EXACT_EN,
                              &st, err)) != TY_OK)
            return rc;
        sqlite3_bind_int64(st, 1, (sqlite3_int64)ty__tm_hash64(norm, len));
        while (n < 64 && (step = sqlite3_step(st)) == SQLITE_ROW)
            ids[n++] = sqlite3_column_int64(st, 0);
        if (n < 64 && step != SQLITE_DONE)
            return ty__tm_fail(tm, err, "exact lookup");
        sqlite3_reset(st);
    }
    for (size_t i = 0; i < n && res->n < max; i++) {
        ty__unit_info ui;
        const char *un;
        if ((rc = ty__tm_unit_read(tm, ids[i], 1, &ui, err)) != TY_OK)
            return rc;
        un = lang == TY_LANG_JA ? ui.ja_norm : ui.en_norm;
        if (strcmp(un, norm) != 0) { /* a hash collision */
            ty__unit_info_free(&ui);
            continue;
        }
        if ((rc = push_match(res, ids[i], 100, 0, &ui, err)) != TY_OK)
            return rc;
    }
    return TY_OK;
}

/* ---- candidates ---- */

typedef ty__cand cand;

/* Which units contain how many of the selected trigrams: a byte per unit id, and the
 * distinct ids seen with their lengths, all kept in the handle between lookups (only the
 * entries a lookup touched are cleared, and the lists keep their room instead of growing anew
 * each time). Increments are random accesses into a dense array instead of a hash table's
 * probes. */
typedef struct tally {
    ty_tm *tm;
    long long *ids;
    long long *lens; /* beside ids: the lengths the postings gave (-1: none) */
    int has_lens;    /* some posting gave a length */
    size_t n, cap;
} tally;

static void tally_init(tally *t, ty_tm *tm)
{
    memset(t, 0, sizeof *t);
    t->tm = tm;
    t->ids = tm->tally_ids;
    t->lens = tm->tally_lens;
    t->cap = tm->tally_cap;
}

/* Ids above this are counted in a hash-free way only up to here; they are ignored beyond. */
#define TALLY_MAX_ID ((size_t)1 << 31)

/* Room in the lists for `need` ids (doubling); -1 when out of memory. */
static int tally_room(tally *t, size_t need)
{
    size_t cap = t->cap ? t->cap : 4096;
    long long *v, *l;

    while (cap < need)
        cap *= 2;
    if (cap == t->cap)
        return 0;
    if (!(v = realloc(t->ids, cap * sizeof *v)))
        return -1;
    t->ids = v;
    if (!(l = realloc(t->lens, cap * sizeof *l)))
        return -1;
    t->lens = l;
    t->cap = cap;
    return 0;
}

static int tally_add(tally *t, long long id, long long len)
{
    ty_tm *tm = t->tm;
    if (id <= 0 || (size_t)id >= TALLY_MAX_ID)
        return 0;
    if ((size_t)id >= tm->ncounts) {
        size_t n = tm->ncounts ? tm->ncounts : 1 << 16;
        unsigned char *c;
        while (n <= (size_t)id)
            n *= 2;
        if (!(c = realloc(tm->counts, n)))
            return -1;
        memset(c + tm->ncounts, 0, n - tm->ncounts);
        tm->counts = c;
        tm->ncounts = n;
    }
    if (tm->counts[id] == 0) {
        if (t->n == t->cap && tally_room(t, t->n + 1) != 0)
            return -1;
        t->has_lens |= len >= 0;
        t->lens[t->n] = len;
        t->ids[t->n++] = id;
    }
    if (tm->counts[id] < 255)
        tm->counts[id]++;
    return 0;
}

/* Clear the counts this lookup set; the lists go back to the handle. */
static void tally_done(tally *t)
{
    for (size_t i = 0; i < t->n; i++)
        t->tm->counts[t->ids[i]] = 0;
    t->tm->tally_ids = t->ids;
    t->tm->tally_lens = t->lens;
    t->tm->tally_cap = t->cap;
    memset(t, 0, sizeof *t);
}

void ty__tm_lookup_free(ty_tm *tm)
{
    free(tm->counts);
    free(tm->tally_ids);
    free(tm->tally_lens);
    tm->counts = NULL;
    tm->tally_ids = tm->tally_lens = NULL;
    tm->ncounts = tm->tally_cap = 0;
}

/* The candidates are looked at by count, then id, both decreasing. They are grouped by count
 * (a counting sort), and each group put in order of id when the lookup reaches it: most
 * lookups take their candidates from the first groups, and sorting them all through qsort's
 * comparisons cost more than scoring. */
static void group_by_count(const cand *in, size_t n, cand *out)
{
    size_t start[256] = {0}, at = 0;

    for (size_t i = 0; i < n; i++)
        start[255 - in[i].count]++;
    for (size_t k = 0; k < 256; k++) {
        size_t m = start[k];
        start[k] = at;
        at += m;
    }
    for (size_t i = 0; i < n; i++)
        out[start[255 - in[i].count]++] = in[i];
}

#define POS_BITS 32
_Static_assert(TALLY_MAX_ID <= (size_t)1 << (64 - POS_BITS), "an id fits its bits");

/* Put the group of c[i]'s count, c[i, end), in decreasing order of id (packed keys: the
 * inverted id, the position); returns its end. keys and tmp have room for n - i. */
static size_t sort_group(cand *c, size_t i, size_t n, uint64_t *keys, cand *tmp)
{
    size_t end = i;

    while (end < n && c[end].count == c[i].count)
        end++;
    for (size_t k = i; k < end; k++)
        keys[k - i] = (uint64_t)(TALLY_MAX_ID - 1 - (size_t)c[k].id) << POS_BITS | (k - i);
    ty__sort_u64(keys, end - i);
    for (size_t k = 0; k < end - i; k++)
        tmp[k] = c[i + (keys[k] & 0xffffffffu)];
    memcpy(c + i, tmp, (end - i) * sizeof *c);
    return end;
}

static int by_score(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    if (x->occurrences != y->occurrences)
        return x->occurrences > y->occurrences ? -1 : 1;
    return x->id > y->id ? -1 : x->id < y->id;
}

size_t ty__grams_budget(const ty__qgrams *q)
{
    long long spent = 0;
    size_t i;

    for (i = 0; i < q->n && i < GRAMS_MAX; i++) {
        if (q->v[i].df == 0)
            continue; /* in no unit */
        if (spent + q->v[i].df > HARD_BUDGET && i > 0)
            break;
        if (i >= GRAMS_MIN && spent + q->v[i].df > BUDGET)
            break;
        spent += q->v[i].df;
    }
    return i;
}

static int tally_fn(void *user, long long id, long long len)
{
    return tally_add(user, id, len);
}

/* A run of postings (by id ascending): room is made once for the run, and the loop stays
 * free of calls; an id past the counts goes through tally_add, which makes room for it. */
static int tally_run(void *user, const ty__posting *v, size_t n)
{
    tally *t = user;
    unsigned char *counts = t->tm->counts;
    size_t ncounts = t->tm->ncounts, at;

    if (t->n + n > t->cap && tally_room(t, t->n + n) != 0)
        return -1;
    at = t->n;
    for (size_t i = 0; i < n; i++) {
        long long id = v[i].id;
        unsigned char c;
        if (id <= 0 || (size_t)id >= ncounts) {
            t->n = at;
            if (tally_add(t, id, v[i].len) != 0)
                return -1;
            at = t->n;
            counts = t->tm->counts;
            ncounts = t->tm->ncounts;
            continue;
        }
        if ((c = counts[id]) == 0) {
            t->has_lens |= v[i].len >= 0;
            t->lens[at] = v[i].len;
            t->ids[at++] = id;
        }
        counts[id] = (unsigned char)(c + (c < 255));
    }
    t->n = at;
    return 0;
}

/* The trigrams of a query with their document frequencies, rarest first. */
static ty_status query_grams(ty_tm *tm, ty_lang lang, const char *norm, size_t len,
                             ty__qgrams *q, ty_error *err)
{
    ty_status rc;

    if (!tm->be)
        return ty__tm_query_grams(tm, (int)lang, norm, len, q, err);
    if ((rc = ty__qgrams_collect(norm, len, q, err)) != TY_OK)
        return rc;
    return tm->be->gram_dfs(tm, lang, q, err);
}

/* Count, per unit, the selected trigrams it contains. */
static ty_status gather(ty_tm *tm, ty_lang lang, const ty__qgrams *q, tally *map, ty_error *err)
{
    size_t k = ty__grams_budget(q);
    ty__postings_sink sink = {tally_fn, map};
    ty_status rc;
    int plist;

    if (tm->be)
        return tm->be->postings(tm, lang, q, k, tally_fn, map, err);
    if ((rc = ty__plist_present(tm, &plist, err)) != TY_OK)
        return rc;
    for (size_t i = 0; plist && i < k; i++)
        if (q->v[i].df > 0 && (rc = ty__plist_read_runs(tm, (int)lang, q->v[i].key, tally_run,
                                                        map, err)) != TY_OK)
            return rc;
    if (plist)
        return TY_OK;
    if ((rc = ty__tm_postings_ready(tm, err)) != TY_OK)
        return rc;
    /* one statement step per trigram: ty_postings (postings.c) hands its ids to the tally */
    for (size_t i = 0; i < k; i++) {
        sqlite3_stmt *st;
        char *match;
        int step;
        if (q->v[i].df == 0)
            continue; /* in no unit */
        if (!(match = ty__fts_quote(q->v[i].g, q->v[i].len)))
            return ty__nomem(err);
        if ((rc = ty__tm_stmt(tm, lang == TY_LANG_JA ? TY__SQL_POSTINGS_JA : TY__SQL_POSTINGS_EN,
                              &st, err)) != TY_OK) {
            free(match);
            return rc;
        }
        sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
        ty__tm_postings_bind(st, 2, &sink);
        step = sqlite3_step(st);
        if (step == SQLITE_ROW)
            step = sqlite3_step(st);
        sqlite3_reset(st);
        free(match);
        if (step == SQLITE_NOMEM)
            return ty__nomem(err);
        if (step != SQLITE_DONE)
            return ty__tm_fail(tm, err, "reading the trigram index");
    }
    return TY_OK;
}

/* Is id among the results already? */
static int already(const ty_tm_matches *res, long long id)
{
    for (size_t i = 0; i < res->n; i++)
        if (res->v[i].unit == id)
            return 1;
    return 0;
}

/* The (at most LEN_CHECKS) candidates sharing the most selected trigrams, not already among
 * the results, into out; returns how many. A histogram of the counts finds the cut in linear
 * time (sorting every candidate cost more than the rest of a lookup). */
static size_t top_candidates(const tally *t, const ty_tm_matches *res, cand *out)
{
    const unsigned char *counts = t->tm->counts;
    size_t hist[256] = {0}, n = 0, total = 0;
    int cut = 1;

    for (size_t i = 0; i < t->n; i++)
        hist[counts[t->ids[i]]]++;
    for (int c = 255; c >= 1; c--) {
        total += hist[c];
        cut = c;
        if (total >= LEN_CHECKS)
            break;
    }
    for (size_t i = 0; i < t->n && n < LEN_CHECKS; i++) {
        long long id = t->ids[i];
        if (counts[id] >= cut && !already(res, id)) {
            memset(&out[n], 0, sizeof out[n]);
            out[n].id = id;
            out[n].count = counts[id];
            out[n].len = t->has_lens ? t->lens[i] : -1;
            n++;
        }
    }
    return n;
}

/* Whether a candidate of n tokens can reach min_score against a query of m tokens: the
 * distance is at least |m - n|. */
static int in_window(size_t m, size_t n, int min_score)
{
    size_t lo = m < n ? m : n, hi = m < n ? n : m;
    return 100 * lo >= (size_t)min_score * hi;
}

/* The query's label (ty__label_prefix), for the 99% cap. */
typedef struct qlabel {
    const char *s;
    size_t n;
} qlabel;

/* Score candidate c: -1 below `at_least` (min_score or more); a number difference, which only
 * lowers a score, is looked for once the score before it reaches at_least. */
static ty_status score_one(ty_tm *tm, ty_lang lang, ty__lev *lev, size_t m,
                           const ty__tm_numbers *qnums, const qlabel *ql, int at_least, cand *c,
                           ty__tokens *toks, ty_error *err)
{
    sqlite3_stmt *st;
    ty__tm_numbers nums = {0};
    const char *norm;
    size_t d, n, mx, diff, len;
    int step, score;

    c->score = -1;
    if (c->norm) { /* fetched with the candidate (sqlite3_reset(NULL) does nothing) */
        st = NULL;
        norm = c->norm;
        len = strlen(norm);
    } else {
        ty_status rc;
        if ((rc = ty__tm_stmt(tm, lang == TY_LANG_JA ? TY__SQL_NORM_JA : TY__SQL_NORM_EN, &st,
                              err)) != TY_OK)
            return rc;
        sqlite3_bind_int64(st, 1, c->id);
        if ((step = sqlite3_step(st)) != SQLITE_ROW)
            return step == SQLITE_DONE ? TY_OK : ty__tm_fail(tm, err, "reading a unit");
        norm = (const char *)sqlite3_column_text(st, 0);
        len = (size_t)sqlite3_column_bytes(st, 0);
        if (!norm)
            return TY_OK;
    }
    /* the candidate without its speaker label, as the query */
    size_t lab = ty__label_prefix(lang, norm, len);
    int labels_differ = ty__labels_differ(ql->s, ql->n, norm, lab);
    norm += lab;
    len -= lab;
    if (ty__tokenize(tm->matcher, lang, norm, len, toks) != 0) {
        sqlite3_reset(st);
        return ty__nomem(err);
    }
    n = toks->n;
    d = ty__lev_distance(lev, toks->v, n);
    mx = m > n ? m : n;
    if (100 * (mx - (d > mx ? mx : d)) >= (size_t)at_least * mx) {
        score = ty__score(d, m, n, 0);
        if (score == 100 && labels_differ)
            score = 99;
        if (ty__tm_numbers_extract(tm->matcher, lang, norm, len, &nums) != 0) {
            sqlite3_reset(st);
            return ty__nomem(err);
        }
        diff = ty__tm_numbers_diff(qnums, &nums);
        ty__tm_numbers_free(&nums);
        c->score = diff > 0 ? ty__score(d, m, n, diff) : score;
        c->numdiff = diff > 0;
    }
    sqlite3_reset(st);
    return TY_OK;
}

/* The highest score a candidate of `len` stored tokens (-1: unknown) can reach against a query
 * of m: at least |m - n| edits for n tokens, and a Japanese unit's stored length counts its
 * label, which scoring leaves out (n <= len); an English label stays in (n = len). */
static int score_bound(ty_lang lang, size_t m, long long len)
{
    size_t n = (size_t)len;

    if (len < 0 || (lang == TY_LANG_JA && n >= m))
        return 100;
    return (int)(100 * (m < n ? m : n) / (m > n ? m : n));
}

/* Put c[0, n) in decreasing order of score (0 to 100), in one pass through tmp (room for n). */
static void by_decreasing_score(cand *c, size_t n, cand *tmp)
{
    size_t at[101] = {0}, pos = 0;

    for (size_t i = 0; i < n; i++)
        at[100 - c[i].score]++;
    for (size_t k = 0; k <= 100; k++) {
        size_t m = at[k];
        at[k] = pos;
        pos += m;
    }
    for (size_t i = 0; i < n; i++)
        tmp[at[100 - c[i].score]++] = c[i];
    memcpy(c, tmp, n * sizeof *c);
}

/* Score c[0, *n) by decreasing bound (score_bound; tmp has room for *n): once `need`
 * candidates have a score of at least T, a candidate whose bound is below T cannot be among
 * the results, nor can any after it, and one that scores below T before its numbers are
 * compared is left there. Keeps in c[0, *n) the candidates scored at min_score or more (and at
 * the T of their time); frees every text. */
static ty_status score_all(ty_tm *tm, ty_lang lang, ty__lev *lev, size_t m,
                           const ty__tm_numbers *qnums, const qlabel *ql, int min_score,
                           size_t need, cand *c, size_t *n, cand *tmp, ty__tokens *toks,
                           ty_error *err)
{
    size_t hist[101] = {0}, have = 0, k = 0, i;
    int best = min_score; /* the need-th best score so far once there are need */
    ty_status rc = TY_OK;

    for (i = 0; i < *n; i++)
        c[i].score = score_bound(lang, m, c[i].len);
    by_decreasing_score(c, *n, tmp);
    for (i = 0; i < *n; i++) {
        if (have >= need && c[i].score < best)
            break;
        rc = score_one(tm, lang, lev, m, qnums, ql, best, &c[i], toks, err);
        free(c[i].norm);
        c[i].norm = NULL;
        if (rc != TY_OK)
            break;
        if (c[i].score < best)
            continue;
        c[k++] = c[i];
        hist[c[i].score]++;
        if (++have >= need) {
            size_t total = 0;
            for (best = 100; best > min_score && (total += hist[best]) < need; best--)
                ;
        }
    }
    for (; i < *n; i++) { /* not scored */
        free(c[i].norm);
        c[i].norm = NULL;
    }
    *n = k;
    return rc;
}

/* The lowest score among the `need` best of c[0, n) (scores 0 to 100): a candidate below it
 * is not among the results whatever its occurrences. */
static int cut_score(const cand *c, size_t n, size_t need)
{
    size_t hist[101] = {0}, total = 0;

    for (size_t i = 0; i < n; i++)
        hist[c[i].score < 0 ? 0 : c[i].score > 100 ? 100 : c[i].score]++;
    for (int s = 100; s > 0; s--)
        if ((total += hist[s]) >= need)
            return s;
    return 0;
}

static ty_status fuzzy(ty_tm *tm, ty_lang lang, const char *norm, size_t len,
                       const ty_tm_lookup_opts *o, ty_tm_matches *res, ty_error *err)
{
    ty__tokens q = {0}, toks = {0};
    ty__tm_numbers qnums = {0};
    ty__qgrams grams = {0};
    tally map;
    ty__lev *lev = NULL;
    cand *cands = NULL;
    uint64_t *keys = NULL;
    size_t nc = 0, room = 0, kept = 0, checked = 0;
    ty_status rc;

    tally_init(&map, tm);
    /* the query's speaker label is set aside (scores compare the texts without labels) */
    qlabel ql = {norm, ty__label_prefix(lang, norm, len)};
    size_t slack = lang == TY_LANG_JA ? TY__LABEL_SLACK_JA : 0; /* English labels stay in */
    norm += ql.n;
    len -= ql.n;
    if (ty__tokenize(tm->matcher, lang, norm, len, &q) != 0 || !(lev = ty__lev_new(q.v, q.n)) ||
        ty__tm_numbers_extract(tm->matcher, lang, norm, len, &qnums) != 0) {
        rc = ty__nomem(err);
        goto done;
    }
    if (q.n == 0)
        goto ok;
    if ((rc = query_grams(tm, lang, norm, len, &grams, err)) != TY_OK)
        goto done;
    if ((rc = gather(tm, lang, &grams, &map, err)) != TY_OK)
        goto done;
    if (map.n == 0)
        goto ok;
    /* room for the candidates twice (taken into the second half, grouped into the first; the
     * second is then where a group is sorted) and for their keys */
    room = map.n < LEN_CHECKS ? map.n : LEN_CHECKS;
    if (!(cands = malloc(2 * room * sizeof *cands)) || !(keys = malloc(room * sizeof *keys))) {
        rc = ty__nomem(err);
        goto done;
    }
    nc = top_candidates(&map, res, cands + room);
    group_by_count(cands + room, nc, cands);
    /* length window, then scoring; `kept` candidates are moved to the front */
    for (size_t i = 0, sorted = 0; i < nc && checked < LEN_CHECKS && kept < SCORED;
         i++, checked++) {
        sqlite3_stmt *st;
        size_t n;
        int step;
        if (i == sorted)
            sorted = sort_group(cands, i, nc, keys, cands + room);
        if (tm->be || map.has_lens) { /* the length came with the postings */
            if (cands[i].len < 0) {
                cands[kept++] = cands[i]; /* unknown: scoring decides */
                continue;
            }
            n = (size_t)cands[i].len;
            goto window;
        }
        if ((rc = ty__tm_stmt(tm, TY__SQL_LEN, &st, err)) != TY_OK)
            goto done;
        sqlite3_bind_int64(st, 1, cands[i].id);
        if ((step = sqlite3_step(st)) != SQLITE_ROW) {
            if (step == SQLITE_DONE)
                continue;
            rc = ty__tm_fail(tm, err, "reading unit lengths");
            goto done;
        }
        n = (size_t)sqlite3_column_int64(st, lang == TY_LANG_JA ? 0 : 1);
        cands[i].len = (long long)n;
        sqlite3_reset(st);
    window:
        /* stored lengths count the unit's label: allow for one */
        if (in_window(q.n, n, o->min_score) ||
            (slack && n > slack && in_window(q.n, n - slack, o->min_score)))
            cands[kept++] = cands[i];
    }
    if (tm->be && kept > 0) { /* the texts to score in one request */
        size_t k = 0;
        if ((rc = tm->be->texts(tm, lang, cands, kept, err)) != TY_OK)
            goto done;
        for (size_t i = 0; i < kept; i++)
            if (cands[i].norm) /* a unit without text is gone */
                cands[k++] = cands[i];
        kept = k;
    }
    nc = kept;
    rc = score_all(tm, lang, lev, q.n, &qnums, &ql, o->min_score, o->max_results - res->n, cands,
                   &nc, cands + room, &toks, err);
    kept = 0; /* score_all freed the texts */
    if (rc != TY_OK)
        goto done;
    if (!tm->be) { /* a backend fetched the occurrences with the texts */
        /* they only order equal scores: read for the candidates that can be among the results */
        int cut = cut_score(cands, nc, o->max_results - res->n);
        size_t k = 0;
        for (size_t i = 0; i < nc; i++) {
            sqlite3_stmt *st;
            if (cands[i].score < cut)
                continue;
            cands[k] = cands[i];
            if ((rc = ty__tm_stmt(tm, TY__SQL_META, &st, err)) != TY_OK)
                goto done;
            sqlite3_bind_int64(st, 1, cands[k].id);
            cands[k].occurrences = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
            sqlite3_reset(st);
            k++;
        }
        nc = k;
    }
    if (nc > 1) /* a backend that found nothing gives no array */
        qsort(cands, nc, sizeof *cands, by_score);
    for (size_t i = 0; i < nc && res->n < o->max_results; i++) {
        ty__unit_info ui;
        if ((rc = ty__tm_unit_read(tm, cands[i].id, 1, &ui, err)) != TY_OK)
            goto done;
        if ((rc = push_match(res, cands[i].id, cands[i].score, cands[i].numdiff, &ui, err)) !=
            TY_OK)
            goto done;
    }
ok:
    rc = TY_OK;
done:
    ty__lev_free(lev);
    ty__tokens_free(&q);
    ty__tokens_free(&toks);
    ty__tm_numbers_free(&qnums);
    ty__qgrams_free(&grams);
    tally_done(&map);
    for (size_t i = 0; i < kept; i++)
        free(cands[i].norm); /* those a failure left unscored */
    free(cands);
    free(keys);
    return rc;
}

ty_status ty_tm_lookup(ty_tm *tm, const char *text, const ty_tm_lookup_opts *opts,
                       ty_tm_matches **out, ty_error *err)
{
    ty_tm_lookup_opts o;
    ty_tm_matches *res;
    char *norm = NULL;
    size_t len = 0;
    ty_status rc;

    *out = NULL;
    if (opts)
        o = *opts;
    else
        ty_tm_lookup_opts_init(&o);
    if (o.min_score < 1 || o.min_score > 100)
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1,
                        "minimum score %d is not between 1 and 100", o.min_score);
    if (o.max_results == 0)
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1, "at least one result must be asked for");
    if (o.from != TY_LANG_JA && o.from != TY_LANG_EN)
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1, "unknown query language");
    if (!(res = calloc(1, sizeof *res)))
        return ty__nomem(err);
    if (!text)
        text = "";
    if (strlen(text) > TY_TM_MAX_TEXT) {
        rc = ty__fail(err, TY_ERR_TOOBIG, NULL, -1, -1, "the query is over %zu bytes",
                      (size_t)TY_TM_MAX_TEXT);
        goto fail;
    }
    if ((len = ty_utf8_check(text, strlen(text))) < strlen(text)) {
        rc = ty__fail(err, TY_ERR_ENCODING, NULL, -1, (long long)len,
                      "the query is not valid UTF-8 (byte %zu)", len);
        goto fail;
    }
    if (!(norm = ty_normalize(text, strlen(text), &len))) {
        rc = ty__nomem(err);
        goto fail;
    }
    if (len > 0) {
        int began;
        if (!tm->matcher && (rc = ty__matcher_new(&tm->matcher, err)) != TY_OK)
            goto fail;
        if ((rc = ty__tm_read_begin(tm, &began, err)) != TY_OK)
            goto fail;
        rc = exact(tm, o.from, norm, len, o.max_results, res, err);
        if (rc == TY_OK && res->n < o.max_results && o.min_score < 100)
            rc = fuzzy(tm, o.from, norm, len, &o, res, err);
        ty__tm_read_end(tm, began);
        if (rc != TY_OK)
            goto fail;
    }
    free(norm);
    *out = res;
    return TY_OK;
fail:
    free(norm);
    ty_tm_matches_free(res);
    return rc;
}
