/*
 * check.c — ty_consistency_check: unit-level findings over a memory.
 *   same-ja / same-en: one normalized text on one side with several normalized renderings on the
 *     other. All units' hashes are read once (units.ja_hash / en_hash, 24 bytes a unit) and
 *     sorted in memory, so the groups come from one pass; only groups with two or more
 *     different renderings are read in full, and their texts are compared (a hash collision
 *     splits a group, never merges two).
 *   confidence: occurrences whose alignment confidence is below the threshold.
 *   numbers: check_numbers.c.
 * It does not print (the CLI does) and never changes the memory.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "consistency.h"
#include "base/error.h"

static const char *const kind_names[TY_CHECK_KINDS] = {"same-ja", "same-en", "numbers",
                                                       "confidence"};

const char *ty_check_kind_name(ty_check_kind kind)
{
    return (unsigned)kind < TY_CHECK_KINDS ? kind_names[kind] : NULL;
}

ty_status ty_check_kinds_parse(const char *list, unsigned *mask, ty_error *err)
{
    const char *p = list;
    unsigned m = 0;

    while (p && *p) {
        size_t n = strcspn(p, ",");
        unsigned bit = 0;
        if (n == 3 && !memcmp(p, "all", 3))
            bit = (1u << TY_CHECK_KINDS) - 1;
        for (int k = 0; k < TY_CHECK_KINDS && !bit; k++)
            if (strlen(kind_names[k]) == n && !memcmp(p, kind_names[k], n))
                bit = 1u << k;
        if (!bit)
            return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1,
                            "unknown check '%.*s' (same-ja, same-en, numbers, confidence, all)",
                            (int)n, p);
        m |= bit;
        p += n + (p[n] == ',');
    }
    if (!m)
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1, "no check named");
    *mask = m;
    return TY_OK;
}

void ty_check_opts_init(ty_check_opts *opts)
{
    opts->checks = (1u << TY_CHECK_KINDS) - 1;
    opts->document = NULL;
    opts->min_confidence = 0.5;
}

/* ---- same text, several renderings --------------------------------------------------------- */

typedef struct hrow {
    uint64_t key, other; /* hashes of the normalized text and of its rendering */
    long long id;
} hrow;

typedef struct group {
    size_t first, n; /* rows[first, first+n) */
    long long min_id;
} group;

static int hrow_cmp(const void *a, const void *b)
{
    const hrow *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    if (x->other != y->other)
        return x->other < y->other ? -1 : 1;
    return (x->id > y->id) - (x->id < y->id);
}

static int group_cmp(const void *a, const void *b)
{
    const group *x = a, *y = b;
    return (x->min_id > y->min_id) - (x->min_id < y->min_id);
}

/* Every unit's (hash of `lang`, hash of the other side, id); with `name`, only the units that
 * occur in documents of that name. */
static ty_status read_rows(ty_tm *tm, ty_lang lang, const char *name, hrow **out, size_t *n,
                           ty_error *err)
{
    static const char *const all[2] = {"SELECT ja_hash, en_hash, id FROM units",
                                       "SELECT en_hash, ja_hash, id FROM units"};
    static const char *const in_doc[2] = {
        "SELECT DISTINCT u.ja_hash, u.en_hash, u.id FROM documents d JOIN occurrences o"
        " ON o.document = d.id JOIN units u ON u.id = o.unit WHERE d.name = ?1",
        "SELECT DISTINCT u.en_hash, u.ja_hash, u.id FROM documents d JOIN occurrences o"
        " ON o.document = d.id JOIN units u ON u.id = o.unit WHERE d.name = ?1"};
    sqlite3_stmt *st = NULL;
    hrow *v = NULL;
    size_t k = 0, cap = 0;
    ty_status rc;
    int step;

    if ((rc = ty__tm_prepare(tm, name ? in_doc[lang] : all[lang], &st, err)) != TY_OK)
        return rc;
    if (name)
        sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (ty__grow((void **)&v, &cap, k + 1, sizeof *v)) {
            rc = ty__nomem(err);
            goto done;
        }
        v[k].key = (uint64_t)sqlite3_column_int64(st, 0);
        v[k].other = (uint64_t)sqlite3_column_int64(st, 1);
        v[k].id = sqlite3_column_int64(st, 2);
        k++;
    }
    if (step != SQLITE_DONE)
        rc = ty__tm_fail(tm, err, "reading the units");
done:
    sqlite3_finalize(st);
    if (rc != TY_OK) {
        free(v);
        v = NULL;
        k = 0;
    }
    *out = v;
    *n = k;
    return rc;
}

static int key_cmp(const void *a, const void *b)
{
    uint64_t x = ((const hrow *)a)->key, y = ((const hrow *)b)->key;
    return (x > y) - (x < y);
}

/* The groups of rows with one key and at least two renderings (by hash), in the order their
 * first unit was added; with `filter`, only keys in only[0, nonly) (sorted). */
static ty_status find_groups(hrow *rows, size_t n, hrow *only, size_t nonly, int filter,
                             group **out, size_t *ngroups, ty_error *err)
{
    group *g = NULL;
    size_t k = 0, cap = 0;

    if (n > 1)
        qsort(rows, n, sizeof *rows, hrow_cmp);
    if (nonly > 1)
        qsort(only, nonly, sizeof *only, hrow_cmp);
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        int several = 0;
        long long min_id = rows[i].id;
        while (j < n && rows[j].key == rows[i].key) {
            several |= rows[j].other != rows[i].other;
            if (rows[j].id < min_id)
                min_id = rows[j].id;
            j++;
        }
        if (several &&
            (!filter || (nonly && bsearch(&rows[i], only, nonly, sizeof *only, key_cmp)))) {
            if (ty__grow((void **)&g, &cap, k + 1, sizeof *g)) {
                free(g);
                return ty__nomem(err);
            }
            g[k].first = i;
            g[k].n = j - i;
            g[k].min_id = min_id;
            k++;
        }
        i = j;
    }
    if (k > 1)
        qsort(g, k, sizeof *g, group_cmp);
    *out = g;
    *ngroups = k;
    return TY_OK;
}

/* One group being reported: its units and their normalized texts. */
typedef struct gunits {
    ty_tm_entry *e;
    ty__entry_norm *nm;
    size_t n;
    ty_lang lang; /* the side that repeats */
} gunits;

/* A unit of a group, sorted by the repeated text, then the rendering, then the order added. */
typedef struct slot {
    const char *text, *rendering;
    long long id;
    size_t unit;
} slot;

static int slot_cmp(const void *a, const void *b)
{
    const slot *x = a, *y = b;
    int c = strcmp(x->text, y->text);
    if (!c)
        c = strcmp(x->rendering, y->rendering);
    if (!c)
        c = (x->id > y->id) - (x->id < y->id);
    return c;
}

typedef struct rendering_tally {
    size_t first, n; /* its units: slots[first, first+n) */
    size_t uses;
    long long first_id;
} rendering_tally;

static int tally_cmp(const void *a, const void *b)
{
    const rendering_tally *x = a, *y = b;
    if (x->uses != y->uses)
        return x->uses > y->uses ? -1 : 1;
    return (x->first_id > y->first_id) - (x->first_id < y->first_id);
}

/* Report the units slots[0, n) (one repeated text) when they have two or more renderings. */
static ty_status emit_same(const gunits *g, const slot *slots, size_t n, ty__arena *a,
                           const char *only_doc, ty_check_fn fn, void *ud, size_t *found,
                           ty_error *err)
{
    rendering_tally *r;
    size_t nr = 0, k = 0;
    int in_doc = !only_doc;
    ty_check_finding f;
    ty_tm_entry *units;
    size_t *rend;

    for (size_t i = 0; i < n; i++)
        nr += i == 0 || strcmp(slots[i].rendering, slots[i - 1].rendering);
    if (nr < 2)
        return TY_OK;
    for (size_t i = 0; i < n && !in_doc; i++)
        for (size_t o = 0; o < g->e[slots[i].unit].nocc && !in_doc; o++)
            in_doc = !strcmp(g->e[slots[i].unit].occ[o].document, only_doc);
    if (!in_doc)
        return TY_OK;
    r = ty__arena_alloc(a, nr * sizeof *r);
    units = ty__arena_alloc(a, n * sizeof *units);
    rend = ty__arena_alloc(a, n * sizeof *rend);
    if (!r || !units || !rend)
        return ty__nomem(err);
    nr = 0;
    for (size_t i = 0; i < n; i++) {
        const ty_tm_entry *e = &g->e[slots[i].unit];
        if (i == 0 || strcmp(slots[i].rendering, slots[i - 1].rendering)) {
            r[nr].first = i;
            r[nr].n = 0;
            r[nr].uses = 0;
            r[nr].first_id = e->id;
            nr++;
        }
        r[nr - 1].n++;
        r[nr - 1].uses += e->nocc;
        if (e->id < r[nr - 1].first_id)
            r[nr - 1].first_id = e->id;
    }
    qsort(r, nr, sizeof *r, tally_cmp);
    for (size_t j = 0; j < nr; j++)
        for (size_t i = 0; i < r[j].n; i++) {
            units[k] = g->e[slots[r[j].first + i].unit];
            rend[k++] = j;
        }
    memset(&f, 0, sizeof f);
    f.kind = g->lang == TY_LANG_JA ? TY_CHECK_SAME_JA : TY_CHECK_SAME_EN;
    f.units = units;
    f.nunits = k;
    f.rendering = rend;
    f.nrenderings = nr;
    (*found)++;
    return fn(&f, ud);
}

static int by_id(const void *a, const void *b)
{
    const hrow *x = a, *y = b;
    return (x->id > y->id) - (x->id < y->id);
}

/* Read one group's units and report each repeated text in it (a hash collision could put two
 * texts in one group: they are told apart here). */
static ty_status report_group(ty__entry_reader *rd, hrow *members, size_t n, ty_lang lang,
                              ty__arena *a, const char *only_doc, ty_check_fn fn, void *ud,
                              size_t *found, ty_error *err)
{
    ty_lang other = lang == TY_LANG_JA ? TY_LANG_EN : TY_LANG_JA;
    gunits g = {0};
    slot *slots;
    ty_status rc = TY_OK;

    qsort(members, n, sizeof *members, by_id);
    g.e = ty__arena_alloc(a, n * sizeof *g.e);
    g.nm = ty__arena_alloc(a, n * sizeof *g.nm);
    slots = ty__arena_alloc(a, n * sizeof *slots);
    if (!g.e || !g.nm || !slots)
        return ty__nomem(err);
    g.n = n;
    g.lang = lang;
    for (size_t i = 0; i < n && rc == TY_OK; i++) {
        rc = ty__entry_read(rd, members[i].id, NULL, -1, a, &g.e[i], &g.nm[i], err);
        slots[i].text = g.nm[i].norm[lang];
        slots[i].rendering = g.nm[i].norm[other];
        slots[i].id = g.e[i].id;
        slots[i].unit = i;
    }
    if (rc != TY_OK)
        return rc;
    qsort(slots, n, sizeof *slots, slot_cmp);
    for (size_t i = 0; i < n && rc == TY_OK;) {
        size_t j = i + 1;
        while (j < n && !strcmp(slots[j].text, slots[i].text))
            j++;
        rc = emit_same(&g, slots + i, j - i, a, only_doc, fn, ud, found, err);
        i = j;
    }
    return rc;
}

static ty_status check_same(ty_tm *tm, ty__entry_reader *rd, ty_lang lang, const char *only_doc,
                            ty_check_fn fn, void *ud, ty_check_counts *counts, ty_error *err)
{
    ty_check_kind kind = lang == TY_LANG_JA ? TY_CHECK_SAME_JA : TY_CHECK_SAME_EN;
    hrow *rows = NULL, *only = NULL;
    group *groups = NULL;
    size_t nrows = 0, ngroups = 0, nonly = 0;
    ty__arena a = {0};
    ty_status rc;

    if ((rc = read_rows(tm, lang, NULL, &rows, &nrows, err)) != TY_OK)
        goto done;
    if (only_doc && (rc = read_rows(tm, lang, only_doc, &only, &nonly, err)) != TY_OK)
        goto done;
    if ((rc = find_groups(rows, nrows, only, nonly, only_doc != NULL, &groups, &ngroups, err)) !=
        TY_OK)
        goto done;
    for (size_t gi = 0; gi < ngroups && rc == TY_OK; gi++) {
        ty__arena_clear(&a);
        rc = report_group(rd, rows + groups[gi].first, groups[gi].n, lang, &a, only_doc, fn, ud,
                          &counts->findings[kind], err);
    }
done:
    ty__arena_clear(&a);
    free(rows);
    free(groups);
    free(only);
    return rc;
}

/* ---- low confidence ----------------------------------------------------------------------- */

static ty_status check_confidence(ty_tm *tm, ty__entry_reader *rd, const ty_check_opts *o,
                                  ty_check_fn fn, void *ud, ty_check_counts *counts, ty_error *err)
{
    static const char sql_all[] = "SELECT unit FROM occurrences WHERE confidence < ?1 GROUP BY unit"
                                  " ORDER BY min(document), min(position), unit";
    static const char sql_doc[] =
        "SELECT o.unit FROM occurrences o JOIN documents d ON d.id = o.document"
        " WHERE o.confidence < ?1 AND d.name = ?2 GROUP BY o.unit"
        " ORDER BY min(o.document), min(o.position), o.unit";
    sqlite3_stmt *st = NULL;
    ty__arena a = {0};
    ty_status rc;
    int step;

    if ((rc = ty__tm_prepare(tm, o->document ? sql_doc : sql_all, &st, err)) != TY_OK)
        return rc;
    sqlite3_bind_double(st, 1, o->min_confidence);
    if (o->document)
        sqlite3_bind_text(st, 2, o->document, -1, SQLITE_STATIC);
    while (rc == TY_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
        ty_tm_entry e;
        ty__entry_norm nm;
        ty_check_finding f;
        ty__arena_clear(&a);
        rc = ty__entry_read(rd, sqlite3_column_int64(st, 0), o->document, o->min_confidence, &a, &e,
                            &nm, err);
        if (rc != TY_OK || e.nocc == 0)
            continue;
        memset(&f, 0, sizeof f);
        f.kind = TY_CHECK_CONFIDENCE;
        f.units = &e;
        f.nunits = 1;
        counts->findings[TY_CHECK_CONFIDENCE]++;
        rc = fn(&f, ud);
    }
    if (rc == TY_OK && step != SQLITE_DONE)
        rc = ty__tm_fail(tm, err, "reading the occurrences");
    sqlite3_finalize(st);
    ty__arena_clear(&a);
    return rc;
}

ty_status ty_consistency_check(ty_tm *tm, const ty_check_opts *opts, ty_check_fn fn, void *userdata,
                               ty_check_counts *counts, ty_error *err)
{
    ty_check_opts o;
    ty_check_counts local;
    ty__entry_reader rd;
    long long total = 0;
    ty_status rc = TY_OK;

    if (!tm || !fn)
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1, "no memory or no callback");
    if (opts)
        o = *opts;
    else
        ty_check_opts_init(&o);
    if (!counts)
        counts = &local;
    memset(counts, 0, sizeof *counts);
    if (!(o.min_confidence >= 0 && o.min_confidence <= 1))
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1,
                        "the confidence threshold must be in [0, 1]");
    if (o.document && (rc = ty__document_exists(tm, o.document, err)) != TY_OK)
        return rc;
    if ((rc = ty__units_total(tm, &total, err)) != TY_OK)
        return rc;
    counts->units = (size_t)total;
    if ((rc = ty__entry_reader_init(&rd, tm, err)) != TY_OK)
        return rc;
    if (o.checks & (1u << TY_CHECK_SAME_JA))
        rc = check_same(tm, &rd, TY_LANG_JA, o.document, fn, userdata, counts, err);
    if (rc == TY_OK && (o.checks & (1u << TY_CHECK_SAME_EN)))
        rc = check_same(tm, &rd, TY_LANG_EN, o.document, fn, userdata, counts, err);
    if (rc == TY_OK && (o.checks & (1u << TY_CHECK_NUMBERS)))
        rc = ty__check_numbers(tm, &rd, o.document, fn, userdata, counts, err);
    if (rc == TY_OK && (o.checks & (1u << TY_CHECK_CONFIDENCE)))
        rc = check_confidence(tm, &rd, &o, fn, userdata, counts, err);
    ty__entry_reader_done(&rd);
    return rc;
}
