/*
 * check.c — ty_consistency_check: the findings of a memory, in this order:
 *   same-ja / same-en: one normalized text on one side with several normalized renderings on the
 *     other. All units' hashes are read once (units.ja_hash / en_hash, 24 bytes a unit) and
 *     sorted in memory, so the groups come from one pass; only groups with two or more
 *     different renderings are read in full, and their texts are compared (a hash collision
 *     splits a group, never merges two). same-ja is a warning, or info when the renderings
 *     differ only in brackets, articles, plurals, case and punctuation, or one renders a part
 *     of another ("Precinct" / "Temple Precinct"); same-en is info (different Japanese
 *     sentences may well share one English).
 *   the unit checks (check_unit.c).
 *   confidence: occurrences whose alignment confidence is below the threshold (warning).
 * It does not print (the CLI does) and never changes the memory. A memory in another backend
 * (PostgreSQL) gives the same rows through its entries (tm.h), which the same code judges.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "consistency.h"
#include "base/error.h"

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

/* The rows being read. */
typedef struct hrows {
    hrow *v;
    size_t n, cap;
} hrows;

static int hrow_push(void *user, uint64_t key, uint64_t other, long long id)
{
    hrows *h = user;
    if (ty__grow((void **)&h->v, &h->cap, h->n + 1, sizeof *h->v))
        return -1;
    h->v[h->n].key = key;
    h->v[h->n].other = other;
    h->v[h->n].id = id;
    h->n++;
    return 0;
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
    hrows h = {NULL, 0, 0};
    ty_status rc;
    int step;

    if (tm->be) {
        rc = tm->be->hashes(tm, lang, name, hrow_push, &h, err);
        goto done;
    }
    if ((rc = ty__tm_prepare(tm, name ? in_doc[lang] : all[lang], &st, err)) != TY_OK)
        return rc;
    if (name)
        sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    while ((step = sqlite3_step(st)) == SQLITE_ROW)
        if (hrow_push(&h, (uint64_t)sqlite3_column_int64(st, 0),
                      (uint64_t)sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2))) {
            rc = ty__nomem(err);
            goto done;
        }
    if (step != SQLITE_DONE)
        rc = ty__tm_fail(tm, err, "reading the units");
done:
    sqlite3_finalize(st);
    if (rc != TY_OK) {
        free(h.v);
        h.v = NULL;
        h.n = 0;
    }
    *out = h.v;
    *n = h.n;
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

/* A rendering reduced to what matters for telling renderings apart: articles, punctuation and
 * plural endings left out (and bracketed parts, unless `brackets`), words in order (in buf,
 * NUL-separated words). */
static size_t core_words(const char *norm, int brackets, char *buf, size_t cap, size_t *nwords)
{
    size_t k = 0, depth = 0;
    *nwords = 0;
    for (const char *p = norm; *p && k + 2 < cap;) {
        const char *w;
        size_t n;
        if (*p == '(' || *p == '[') {
            depth++;
            p++;
            continue;
        }
        if ((*p == ')' || *p == ']') && depth) {
            depth--;
            p++;
            continue;
        }
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || (unsigned char)*p >= 0x80)) {
            p++;
            continue;
        }
        w = p;
        while ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || (unsigned char)*p >= 0x80)
            p++;
        n = (size_t)(p - w);
        if ((depth && !brackets) || (n == 1 && *w == 'a') || (n == 2 && !memcmp(w, "an", 2)) ||
            (n == 3 && !memcmp(w, "the", 3)))
            continue;
        if (k + n + 2 >= cap)
            break;
        memcpy(buf + k, w, n);
        if (n > 4 && !memcmp(w + n - 3, "ies", 3)) {
            buf[k + n - 3] = 'y';
            n -= 2;
        } else if (n > 3 && w[n - 1] == 's' && w[n - 2] != 's') {
            n--;
        }
        k += n;
        buf[k++] = '\0';
        (*nwords)++;
    }
    return k;
}

/* Whether every core word of a (NUL-separated) is among those of b. */
static int words_within(const char *a, size_t al, const char *b, size_t bl)
{
    for (size_t i = 0; i < al; i += strlen(a + i) + 1) {
        int found = 0;
        for (size_t j = 0; j < bl && !found; j += strlen(b + j) + 1)
            found = !strcmp(a + i, b + j);
        if (!found)
            return 0;
    }
    return 1;
}

/* Info when the renderings differ only in what core_words drops, or every rendering's words
 * (without brackets) are within the longest one's (with them: a gloss added); else warning. */
static ty_severity same_severity(ty_lang repeated, const char *const *renderings, size_t n)
{
    char a[1024], b[1024];
    size_t al, bl, aw, bw, longest = 0, lw = 0;

    if (repeated == TY_LANG_EN)
        return TY_SEVERITY_INFO;
    for (size_t i = 0; i < n; i++) {
        core_words(renderings[i], 1, a, sizeof a, &aw);
        if (aw > lw) {
            lw = aw;
            longest = i;
        }
    }
    bl = core_words(renderings[longest], 1, b, sizeof b, &bw);
    for (size_t i = 0; i < n; i++) {
        if (i == longest)
            continue;
        al = core_words(renderings[i], 0, a, sizeof a, &aw);
        if (!aw || !words_within(a, al, b, bl))
            return TY_SEVERITY_WARNING;
    }
    return TY_SEVERITY_INFO;
}

/* Report the units slots[0, n) (one repeated text) when they have two or more renderings. */
static ty_status emit_same(ty__checker *c, const gunits *g, const slot *slots, size_t n)
{
    rendering_tally *r;
    size_t nr = 0, k = 0, uses = 0, klen;
    int in_doc = !c->o.document;
    ty_check_finding f;
    ty_tm_entry *units;
    size_t *rend;
    const char **names;
    char *key, msg[160];
    ty_status rc;

    for (size_t i = 0; i < n; i++)
        nr += i == 0 || strcmp(slots[i].rendering, slots[i - 1].rendering);
    if (nr < 2)
        return TY_OK;
    for (size_t i = 0; i < n && !in_doc; i++)
        for (size_t o = 0; o < g->e[slots[i].unit].nocc && !in_doc; o++)
            in_doc = !strcmp(g->e[slots[i].unit].occ[o].document, c->o.document);
    if (!in_doc)
        return TY_OK;
    r = ty__arena_alloc(&c->a, nr * sizeof *r);
    units = ty__arena_alloc(&c->a, n * sizeof *units);
    rend = ty__arena_alloc(&c->a, n * sizeof *rend);
    names = ty__arena_alloc(&c->a, nr * sizeof *names);
    if (!r || !units || !rend || !names)
        return TY_ERR_NOMEM;
    nr = 0;
    klen = strlen(slots[0].text) + 1;
    for (size_t i = 0; i < n; i++) {
        const ty_tm_entry *e = &g->e[slots[i].unit];
        if (i == 0 || strcmp(slots[i].rendering, slots[i - 1].rendering)) {
            r[nr].first = i;
            r[nr].n = 0;
            r[nr].uses = 0;
            r[nr].first_id = e->id;
            names[nr] = slots[i].rendering;
            klen += strlen(slots[i].rendering) + 1;
            nr++;
        }
        r[nr - 1].n++;
        r[nr - 1].uses += e->nocc;
        uses += e->nocc;
        if (e->id < r[nr - 1].first_id)
            r[nr - 1].first_id = e->id;
    }
    /* the key: the repeated text and the renderings, sorted (slots are) */
    if (!(key = ty__arena_alloc(&c->a, klen + 1)))
        return TY_ERR_NOMEM;
    strcpy(key, slots[0].text);
    for (size_t j = 0; j < nr; j++) {
        strcat(key, "\x1e");
        strcat(key, names[j]);
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
    f.severity = same_severity(g->lang, names, nr);
    f.rank = (f.severity == TY_SEVERITY_INFO ? 0.2 : 0.55) +
             0.4 * (1 - 1 / (1 + (double)uses / 8));
    snprintf(msg, sizeof msg, "%zu %s renderings in %zu uses", nr,
             g->lang == TY_LANG_JA ? "English" : "Japanese", uses);
    f.message = msg;
    rc = ty__emit(c, &f, key, strlen(key));
    return rc;
}

static int by_id(const void *a, const void *b)
{
    const hrow *x = a, *y = b;
    return (x->id > y->id) - (x->id < y->id);
}

ty_status ty__check_same_entries(ty__checker *c, ty_tm_entry *e, ty__entry_norm *nm, size_t n,
                                 ty_lang lang)
{
    ty_lang other = lang == TY_LANG_JA ? TY_LANG_EN : TY_LANG_JA;
    gunits g = {e, nm, n, lang};
    slot *slots = ty__arena_alloc(&c->a, (n + 1) * sizeof *slots);
    ty_status rc = TY_OK;

    if (!slots)
        return TY_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) {
        slots[i].text = nm[i].norm[lang];
        slots[i].rendering = nm[i].norm[other];
        slots[i].id = e[i].id;
        slots[i].unit = i;
    }
    qsort(slots, n, sizeof *slots, slot_cmp);
    for (size_t i = 0; i < n && rc == TY_OK;) {
        size_t j = i + 1;
        while (j < n && !strcmp(slots[j].text, slots[i].text))
            j++;
        rc = emit_same(c, &g, slots + i, j - i);
        i = j;
    }
    return rc;
}

/* Read one group's units and report each repeated text in it (a hash collision could put two
 * texts in one group: they are told apart here). */
static ty_status report_group(ty__checker *c, hrow *members, size_t n, ty_lang lang)
{
    ty_tm_entry *e;
    ty__entry_norm *nm;
    long long *ids;
    ty_status rc;

    qsort(members, n, sizeof *members, by_id);
    e = ty__arena_alloc(&c->a, n * sizeof *e);
    nm = ty__arena_alloc(&c->a, n * sizeof *nm);
    if (!e || !nm)
        return TY_ERR_NOMEM;
    ids = ty__arena_alloc(&c->a, n * sizeof *ids);
    if (!ids)
        return TY_ERR_NOMEM;
    for (size_t i = 0; i < n; i++)
        ids[i] = members[i].id;
    rc = ty__entries_read(&c->rd, ids, n, NULL, -1, &c->a, e, nm, c->err);
    return rc == TY_OK ? ty__check_same_entries(c, e, nm, n, lang) : rc;
}

static ty_status check_same(ty__checker *c, ty_lang lang)
{
    hrow *rows = NULL, *only = NULL;
    group *groups = NULL;
    size_t nrows = 0, ngroups = 0, nonly = 0;
    const char *doc = c->o.document;
    ty_status rc;

    if ((rc = read_rows(c->tm, lang, NULL, &rows, &nrows, c->err)) != TY_OK)
        goto done;
    if (doc && (rc = read_rows(c->tm, lang, doc, &only, &nonly, c->err)) != TY_OK)
        goto done;
    if ((rc = find_groups(rows, nrows, only, nonly, doc != NULL, &groups, &ngroups, c->err)))
        goto done;
    for (size_t gi = 0; gi < ngroups && rc == TY_OK; gi++) {
        ty__arena_clear(&c->a);
        rc = report_group(c, rows + groups[gi].first, groups[gi].n, lang);
    }
done:
    ty__arena_clear(&c->a);
    free(rows);
    free(groups);
    free(only);
    return rc;
}

/* ---- low confidence ----------------------------------------------------------------------- */

/* Report a unit read with its occurrences below the threshold (in the document asked for),
 * if it has any. */
static ty_status confidence_report(ty__checker *c, ty_tm_entry *e, const ty__entry_norm *nm)
{
    ty_check_finding f;
    double low = 1;
    char msg[96], *key;
    size_t l0, l1;

    if (e->nocc == 0)
        return TY_OK;
    for (size_t i = 0; i < e->nocc; i++)
        if (e->occ[i].confidence < low)
            low = e->occ[i].confidence;
    l0 = strlen(nm->norm[0]);
    l1 = strlen(nm->norm[1]);
    if (!(key = ty__arena_alloc(&c->a, l0 + l1 + 2)))
        return TY_ERR_NOMEM;
    memcpy(key, nm->norm[0], l0);
    key[l0] = '\x1e';
    memcpy(key + l0 + 1, nm->norm[1], l1 + 1);
    snprintf(msg, sizeof msg, "alignment confidence %.2f", low);
    memset(&f, 0, sizeof f);
    f.kind = TY_CHECK_CONFIDENCE;
    f.units = e;
    f.nunits = 1;
    f.severity = TY_SEVERITY_WARNING;
    f.rank = 0.4 + 0.3 * (1 - low);
    f.message = msg;
    return ty__emit(c, &f, key, l0 + l1 + 1);
}

/* The ids a backend found (check_confidence). */
typedef struct id_vec {
    long long *v;
    size_t n, cap;
} id_vec;

static ty_status id_add(void *user, long long id, ty_error *err)
{
    id_vec *l = user;
    if (ty__grow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v))
        return ty__nomem(err);
    l->v[l->n++] = id;
    return TY_OK;
}

/* Units read a request from a memory in another backend. */
#define CONFIDENCE_CHUNK 512

/* The units of ids[0, n) reported, CONFIDENCE_CHUNK at a time. */
static ty_status confidence_units(ty__checker *c, const long long *ids, size_t n)
{
    ty_status rc = TY_OK;

    for (size_t at = 0; at < n && rc == TY_OK; at += CONFIDENCE_CHUNK) {
        size_t k = n - at < CONFIDENCE_CHUNK ? n - at : CONFIDENCE_CHUNK;
        ty_tm_entry *e;
        ty__entry_norm *nm;
        ty__arena_clear(&c->a);
        e = ty__arena_alloc(&c->a, k * sizeof *e);
        nm = ty__arena_alloc(&c->a, k * sizeof *nm);
        if (!e || !nm)
            return TY_ERR_NOMEM;
        rc = ty__entries_read(&c->rd, ids + at, k, c->o.document, c->o.min_confidence, &c->a, e,
                              nm, c->err);
        for (size_t i = 0; i < k && rc == TY_OK; i++)
            rc = confidence_report(c, &e[i], &nm[i]);
    }
    return rc;
}

static ty_status check_confidence(ty__checker *c)
{
    static const char sql_all[] = "SELECT unit FROM occurrences WHERE confidence < ?1 GROUP BY unit"
                                  " ORDER BY min(document), min(position), unit";
    static const char sql_doc[] =
        "SELECT o.unit FROM occurrences o JOIN documents d ON d.id = o.document"
        " WHERE o.confidence < ?1 AND d.name = ?2 GROUP BY o.unit"
        " ORDER BY min(o.document), min(o.position), o.unit";
    const ty_check_opts *o = &c->o;
    sqlite3_stmt *st = NULL;
    ty_status rc;
    int step = SQLITE_DONE;

    if (c->tm->be) {
        id_vec ids = {NULL, 0, 0};
        rc = c->tm->be->low_confidence(c->tm, o->min_confidence, o->document, id_add, &ids,
                                       c->err);
        if (rc == TY_OK)
            rc = confidence_units(c, ids.v, ids.n);
        free(ids.v);
        ty__arena_clear(&c->a);
        return rc;
    }
    if ((rc = ty__tm_prepare(c->tm, o->document ? sql_doc : sql_all, &st, c->err)) != TY_OK)
        return rc;
    sqlite3_bind_double(st, 1, o->min_confidence);
    if (o->document)
        sqlite3_bind_text(st, 2, o->document, -1, SQLITE_STATIC);
    while (rc == TY_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
        long long id = sqlite3_column_int64(st, 0);
        rc = confidence_units(c, &id, 1);
    }
    if (rc == TY_OK && step != SQLITE_DONE)
        rc = ty__tm_fail(c->tm, c->err, "reading the occurrences");
    sqlite3_finalize(st);
    ty__arena_clear(&c->a);
    return rc;
}

ty_status ty_consistency_check(ty_tm *tm, const ty_check_opts *opts, ty_check_fn fn, void *userdata,
                               ty_check_counts *counts, ty_error *err)
{
    ty__checker c;
    long long total = 0;
    ty_status rc;

    if (!tm || !fn)
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1, "no memory or no callback");
    if ((rc = ty__checker_init(&c, tm, opts, fn, userdata, counts, err)) != TY_OK)
        return rc;
    if (c.o.document && (rc = ty__document_exists(tm, c.o.document, c.err)) != TY_OK)
        goto done;
    if ((rc = ty__units_total(tm, &total, c.err)) != TY_OK)
        goto done;
    c.counts->units = (size_t)total;
    if ((rc = ty__unit_checks_new(&c, c.err)) != TY_OK)
        goto done;
    if (c.o.checks & (1u << TY_CHECK_SAME_JA))
        rc = check_same(&c, TY_LANG_JA);
    if (rc == TY_OK && (c.o.checks & (1u << TY_CHECK_SAME_EN)))
        rc = check_same(&c, TY_LANG_EN);
    if (rc == TY_OK)
        rc = ty__check_units(&c);
    if (rc == TY_OK && (c.o.checks & (1u << TY_CHECK_CONFIDENCE)))
        rc = check_confidence(&c);
    rc = ty__checker_status(&c, rc);
done:
    ty__checker_done(&c);
    return rc;
}
