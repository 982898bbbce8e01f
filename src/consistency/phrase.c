/*
 * phrase.c — ty_phrase_report_new: how one phrase is rendered across a memory. It collects the
 * units whose normalized phrase-language side contains the phrase (ty__units_with: the memory's
 * trigram posting lists; an English phrase must match whole words), reads each with every
 * provenance, tokenizes both sides (phrase_tokens.c), estimates how long a rendering should be
 * (the phrase's words times the units' ratio of other-language to phrase-language words), lets
 * phrase_assoc.c find the renderings, and assembles the report: renderings by uses with shares
 * and documents, the form each is written in most often, and every use in document order with
 * the rendering and the phrase located in the original texts. It does not print (the CLI and
 * report_html.c do).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "consistency.h"
#include "base/error.h"
#include "base/unicode.h"

typedef struct report_impl {
    ty_phrase_report pub; /* first: the public pointer is the impl's */
    ty__arena arena;
    double expected;       /* the expected length of a rendering, in words */
    size_t dominant_words; /* the dominant rendering's words (0: none) */
} report_impl;

void ty__phrase_lengths(const ty_phrase_report *report, double *expected, size_t *words)
{
    const report_impl *r = (const report_impl *)report;
    *expected = r->expected;
    *words = r->dominant_words;
}

void ty_phrase_opts_init(ty_phrase_opts *opts)
{
    opts->from = TY_LANG_JA;
    opts->max_units = 20000;
    opts->min_uses = 2;
    opts->min_dice = 0;
    opts->max_renderings = 8;
    opts->lexicon = NULL;
}

void ty_phrase_report_free(ty_phrase_report *report)
{
    report_impl *r = (report_impl *)report;
    if (!r)
        return;
    ty__arena_clear(&r->arena);
    free(r);
}

ty_status ty__phrase_ctx_init(ty__phrase_ctx *c, ty_tm *tm, const ty_lexicon *lexicon,
                              ty_error *err)
{
    ty_status rc;

    memset(c, 0, sizeof *c);
    c->tm = tm;
    if ((rc = ty__entry_reader_init(&c->rd, tm, err)) != TY_OK)
        return rc;
    if ((rc = ty__tokenizer_new(TY_LANG_JA, &c->tk[0], err)) != TY_OK ||
        (rc = ty__tokenizer_new(TY_LANG_EN, &c->tk[1], err)) != TY_OK ||
        (rc = ty__units_total(tm, &c->total, err)) != TY_OK ||
        (rc = ty__anchor_ctx_new(lexicon, &c->anchors, err)) != TY_OK)
        goto fail;
    c->gc[0] = ty__gcache_new();
    c->gc[1] = ty__gcache_new();
    if (!c->gc[0] || !c->gc[1]) {
        rc = ty__nomem(err);
        goto fail;
    }
    return TY_OK;
fail:
    ty__phrase_ctx_done(c);
    return rc;
}

void ty__phrase_ctx_done(ty__phrase_ctx *c)
{
    ty__entry_reader_done(&c->rd);
    ty__tokenizer_free(c->tk[0]);
    ty__tokenizer_free(c->tk[1]);
    ty__gcache_free(c->gc[0]);
    ty__gcache_free(c->gc[1]);
    ty__anchor_ctx_free(c->anchors);
    ty__bg_free(c->bg[0]);
    ty__bg_free(c->bg[1]);
    memset(c, 0, sizeof *c);
}

/* ---- collecting the units ---- */

typedef struct punit {
    ty_tm_entry e;
    ty__entry_norm nm;
    size_t pstart, pend; /* the phrase in the phrase-language original (0, 0: not located) */
} punit;

static int word_char_at(const char *s, size_t len, size_t i, int before)
{
    UChar32 c;
    int32_t k = (int32_t)i;
    if (before) {
        if (i == 0)
            return 0;
        U8_PREV(s, 0, k, c);
    } else {
        if (i >= len)
            return 0;
        U8_NEXT(s, k, (int32_t)len, c);
    }
    return c >= 0 && (u_isalnum(c) || u_charType(c) == U_NON_SPACING_MARK);
}

/* The first match of p in the normalized text that is a whole-word match (English) or any
 * match (Japanese); -1 when none. */
static long find_phrase(const char *norm, const char *p, size_t plen, ty_lang lang)
{
    size_t len = strlen(norm);
    for (const char *m = strstr(norm, p); m; m = strstr(m + 1, p)) {
        size_t at = (size_t)(m - norm);
        if (lang == TY_LANG_JA ||
            (!word_char_at(norm, len, at, 1) && !word_char_at(norm, len, at + plen, 0)))
            return (long)at;
    }
    return -1;
}

/* Map the match [at, at+plen) of the normalized text to the original text through its words;
 * 0 when it does not fall on them. */
static int locate_phrase(const ty__toks *t, const char *p, size_t plen, ty_lang lang, size_t *start,
                         size_t *end)
{
    long at = find_phrase(t->norm, p, plen, lang);
    size_t a, b, i, j;

    if (at < 0 || t->n == 0)
        return 0;
    a = (size_t)at;
    b = a + plen;
    for (i = 0; i < t->n && t->v[i].nend <= a; i++)
        ;
    for (j = i; j < t->n && t->v[j].nend < b; j++)
        ;
    if (i >= t->n || j >= t->n || t->v[i].nstart > a)
        return 0;
    *start = t->v[i].start;
    *end = t->v[j].end;
    return 1;
}

/* Whether a byte offset in the normalized text is the same in the original: they are equal, or
 * differ only in the case of ASCII letters. */
static int same_offsets(const char *orig, const char *norm)
{
    size_t i = 0;
    for (; orig[i] && norm[i]; i++)
        if (orig[i] != norm[i] && ((unsigned char)orig[i] >= 0x80 || (orig[i] | 0x20) != norm[i] ||
                                   (orig[i] | 0x20) < 'a' || (orig[i] | 0x20) > 'z'))
            return 0;
    return orig[i] == norm[i];
}

/* Units whose words are counted for the expected rendering length. */
#define RATIO_UNITS 500

typedef struct collected {
    punit *p;
    ty__sunit *s;
    size_t n;
    size_t from_words, other_words;
    int truncated;
} collected;

static void collected_free(collected *c)
{
    for (size_t i = 0; i < c->n; i++)
        ty__toks_free(&c->s[i].other);
    free(c->p);
    free(c->s);
    memset(c, 0, sizeof *c);
}

static ty_status collect(ty__phrase_ctx *c, const char *p, size_t plen, const ty_phrase_opts *o,
                         ty__arena *a, collected *out, ty_error *err)
{
    ty_lang from = o->from, other = from == TY_LANG_JA ? TY_LANG_EN : TY_LANG_JA;
    long long *ids = NULL;
    size_t nids = 0;
    ty__toks ft = {0};
    ty_tm_entry *e = NULL;
    ty__entry_norm *nm = NULL;
    ty_status rc;

    memset(out, 0, sizeof *out);
    if ((rc = ty__units_with(c->tm, from, p, plen, o->max_units + 1, &ids, &nids, err)))
        return rc;
    if (nids > o->max_units) {
        out->truncated = 1;
        nids = o->max_units;
    }
    out->p = calloc(nids + 1, sizeof *out->p);
    out->s = calloc(nids + 1, sizeof *out->s);
    e = calloc(nids + 1, sizeof *e);
    nm = calloc(nids + 1, sizeof *nm);
    if (!out->p || !out->s || !e || !nm) {
        rc = ty__nomem(err);
        goto done;
    }
    if ((rc = ty__entries_read(&c->rd, ids, nids, NULL, -1, a, e, nm, err)) != TY_OK)
        goto done;
    for (size_t i = 0; i < nids && rc == TY_OK; i++) {
        punit *u = &out->p[out->n];
        ty__sunit *s = &out->s[out->n];
        const char *orig;
        int sampled;
        u->e = e[i];
        u->nm = nm[i];
        if (u->e.nocc == 0 || find_phrase(u->nm.norm[from], p, plen, from) < 0)
            continue;
        orig = from == TY_LANG_JA ? u->e.ja : u->e.en;
        sampled = out->n < RATIO_UNITS;
        if (same_offsets(orig, u->nm.norm[from])) {
            long at = find_phrase(u->nm.norm[from], p, plen, from);
            u->pstart = (size_t)at;
            u->pend = (size_t)at + plen;
        } else {
            sampled = 1; /* tokenized anyway */
        }
        if (sampled) {
            if ((rc = ty__tokenize_spans(c->tk[from], orig, strlen(orig), &ft, err)) != TY_OK)
                break;
            if (u->pend == 0 && !locate_phrase(&ft, p, plen, from, &u->pstart, &u->pend))
                u->pstart = u->pend = 0;
            out->from_words += ft.n;
        }
        orig = other == TY_LANG_JA ? u->e.ja : u->e.en;
        s->id = u->e.id;
        s->text = orig;
        if ((rc = ty__tokenize_words(c->tk[other], orig, strlen(orig), &s->other, err)) != TY_OK) {
            ty__toks_free(&s->other);
            break;
        }
        if (sampled)
            out->other_words += s->other.n;
        s->uses = u->e.nocc;
        s->mostly_phrase =
            2 * ty__utf8_chars(p, plen) >= ty__utf8_chars(u->nm.norm[from], strlen(u->nm.norm[from]));
        out->n++;
    }
done:
    ty__toks_free(&ft);
    free(ids);
    free(e);
    free(nm);
    if (rc != TY_OK)
        collected_free(out);
    return rc;
}

/* ---- assembling the report ---- */

typedef struct surface {
    const char *s;
    size_t n;
} surface;

static int surface_cmp(const void *a, const void *b)
{
    const surface *x = a, *y = b;
    size_t n = x->n < y->n ? x->n : y->n;
    int c = memcmp(x->s, y->s, n);
    return c ? c : (x->n > y->n) - (x->n < y->n);
}

static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Distinct strings among v[0, n) (sorts v). */
static size_t distinct(const char **v, size_t n)
{
    size_t k = 0;
    qsort(v, n, sizeof *v, str_cmp);
    for (size_t i = 0; i < n; i++)
        k += i == 0 || strcmp(v[i], v[i - 1]) != 0;
    return k;
}

static const char *other_text(const punit *u, ty_lang other)
{
    return other == TY_LANG_JA ? u->e.ja : u->e.en;
}

/* The form rendering r is written in most often (the first such in sorted order on a tie). */
static char *most_common_surface(const collected *c, long r, ty_lang other, ty__arena *a)
{
    surface *v = malloc((c->n + 1) * sizeof *v);
    size_t n = 0, best = 0, best_n = 0;
    char *out = NULL;

    if (!v)
        return NULL;
    for (size_t i = 0; i < c->n; i++) {
        const ty__sunit *s = &c->s[i];
        if (s->rendering != r)
            continue;
        v[n].s = other_text(&c->p[i], other) + s->other.v[s->rstart].start;
        v[n].n = s->other.v[s->rstart + s->rlen - 1].end - s->other.v[s->rstart].start;
        n++;
    }
    qsort(v, n, sizeof *v, surface_cmp);
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && !surface_cmp(&v[i], &v[j]))
            j++;
        if (j - i > best_n) {
            best_n = j - i;
            best = i;
        }
        i = j;
    }
    if (n)
        out = ty__arena_strndup(a, v[best].s, v[best].n);
    free(v);
    return out;
}

static int use_cmp(const void *a, const void *b)
{
    const ty_phrase_use *x = a, *y = b;
    if (x->occ->document_id != y->occ->document_id)
        return x->occ->document_id < y->occ->document_id ? -1 : 1;
    if (x->occ->position != y->occ->position)
        return x->occ->position < y->occ->position ? -1 : 1;
    return (x->unit->id > y->unit->id) - (x->unit->id < y->unit->id);
}

/* The normalized words of a rendering found. */
static const char *found_key(const collected *c, const ty__found *f, size_t *n)
{
    const ty__toks *t = &c->s[f->unit].other;
    *n = t->v[f->tok + f->len - 1].nend - t->v[f->tok].nstart;
    return t->norm + t->v[f->tok].nstart;
}

/* A key with each word's plural -s dropped ("telephone talks" → "telephone talk"), in buf. */
static size_t singular(const char *k, size_t n, char *buf, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n && o + 1 < cap; i++) {
        int word_end = i + 1 == n || !(k[i + 1] >= 'a' && k[i + 1] <= 'z');
        if (k[i] == 's' && word_end && i >= 3 && k[i - 1] >= 'a' && k[i - 1] <= 'z' &&
            k[i - 1] != 's')
            continue;
        buf[o++] = k[i];
    }
    return o;
}

/* Whether key a[0, an) is whole words of b[0, bn), plurals aside. */
static int words_in(const char *a0, size_t an0, const char *b0, size_t bn0)
{
    char a[512], b[1024];
    size_t an = singular(a0, an0, a, sizeof a), bn = singular(b0, bn0, b, sizeof b);
    for (size_t p = 0; an <= bn && p + an <= bn; p++) {
        unsigned char before = p ? (unsigned char)b[p - 1] : ' ';
        unsigned char after = p + an < bn ? (unsigned char)b[p + an] : ' ';
        if (!memcmp(b + p, a, an) && !(before >= 'a' && before <= 'z') &&
            !(after >= 'a' && after <= 'z') && !(before >= '0' && before <= '9') &&
            !(after >= '0' && after <= '9'))
            return 1;
    }
    return 0;
}

/* Where rendering f starts in t (its words, by hash), or -1. */
static long find_found(const ty__toks *t, const ty__found *f, const ty__toks *ft)
{
    for (size_t i = 0; i + f->len <= t->n; i++) {
        uint64_t h;
        if (t->v[i].hash != ft->v[f->tok].hash)
            continue;
        h = ty__ngram_first(&t->v[i]);
        for (size_t k = i + 1; k < i + f->len; k++)
            h = ty__ngram_next(h, &t->v[k - 1], &t->v[k]);
        if (h == f->hash)
            return (long)i;
    }
    return -1;
}

/* One rendering inside another is the same rendering with more context ("decided to extend
 * Emergency Grant Aid" in "Government of Japan today decided to extend Emergency Grant Aid
 * totaling"): the longer one's units move to the shorter one, at its place in them. */
static void merge_nested(collected *c, ty__found *f, size_t *nf)
{
    long *to = malloc((*nf + 1) * sizeof *to);
    size_t k = 0;

    if (!to)
        return; /* the report keeps both: not wrong, only longer */
    for (size_t b = 0; b < *nf; b++) {
        size_t bn, an;
        const char *bk = found_key(c, &f[b], &bn);
        to[b] = (long)b;
        for (size_t a = 0; a < *nf && to[b] == (long)b; a++) {
            const char *ak = found_key(c, &f[a], &an);
            if (a != b && (f[a].len < f[b].len || (f[a].len == f[b].len && a < b)) &&
                words_in(ak, an, bk, bn))
                to[b] = (long)a;
        }
    }
    for (size_t b = 0; b < *nf; b++) {
        long a = to[b];
        while (to[a] != a)
            a = to[a];
        to[b] = a;
        if (a == (long)b)
            continue;
        f[a].units += f[b].units;
        f[a].uses += f[b].uses;
        for (size_t i = 0; i < c->n; i++) {
            ty__sunit *u = &c->s[i];
            long at;
            if (u->rendering != (long)b)
                continue;
            u->rendering = a;
            if ((at = find_found(&u->other, &f[a], &c->s[f[a].unit].other)) >= 0) {
                u->rstart = (uint32_t)at;
                u->rlen = f[a].len;
            }
        }
    }
    /* compact the list, renumbering the units' renderings */
    for (size_t b = 0; b < *nf; b++) {
        if (to[b] != (long)b)
            continue;
        for (size_t i = 0; i < c->n; i++)
            if (c->s[i].rendering == (long)b)
                c->s[i].rendering = (long)k;
        f[k] = f[b];
        to[b] = (long)k++;
    }
    *nf = k;
    free(to);
}

/* The order of the renderings in the report: most uses first, then the order found. */
static void rank_renderings(const ty__found *f, size_t nf, long *rank)
{
    for (size_t i = 0; i < nf; i++) {
        rank[i] = 0;
        for (size_t j = 0; j < nf; j++)
            if (f[j].uses > f[i].uses || (f[j].uses == f[i].uses && j < i))
                rank[i]++;
    }
}

static ty_status fill_renderings(const collected *c, const ty__found *f, size_t nf, ty_lang other,
                                 size_t total_uses, ty__arena *a, ty_phrase_report *rep,
                                 const long *rank, ty_error *err)
{
    ty_phrase_rendering *rv = ty__arena_alloc(a, (nf + 1) * sizeof *rv);
    const char **names = malloc((total_uses + 1) * sizeof *names);

    if (!rv || !names) {
        free(names);
        return ty__nomem(err);
    }
    for (size_t i = 0; i < nf; i++) {
        ty_phrase_rendering *r = &rv[rank[i]];
        const ty__toks *t = &c->s[f[i].unit].other;
        size_t nn = 0;
        memset(r, 0, sizeof *r);
        r->norm = ty__arena_strndup(a, t->norm + t->v[f[i].tok].nstart,
                                    t->v[f[i].tok + f[i].len - 1].nend - t->v[f[i].tok].nstart);
        r->text = most_common_surface(c, (long)i, other, a);
        if (!r->norm || !r->text) {
            free(names);
            return ty__nomem(err);
        }
        for (size_t k = 0; k < c->n; k++)
            if (c->s[k].rendering == (long)i) {
                r->units++;
                for (size_t o = 0; o < c->p[k].e.nocc; o++)
                    names[nn++] = c->p[k].e.occ[o].document;
            }
        r->uses = nn;
        r->documents = distinct(names, nn);
        r->share = total_uses ? (double)nn / (double)total_uses : 0;
        r->dice = f[i].dice;
        r->llr = f[i].llr;
    }
    free(names);
    rep->renderings = rv;
    rep->nrenderings = nf;
    return TY_OK;
}

static ty_status fill_uses(const collected *c, const long *rank, ty__arena *a,
                           ty_phrase_report *rep, ty_error *err)
{
    size_t total = 0, k = 0;
    ty_tm_entry *units = ty__arena_alloc(a, (c->n + 1) * sizeof *units);
    ty_phrase_use *uses;
    const char **names;

    for (size_t i = 0; i < c->n; i++)
        total += c->p[i].e.nocc;
    uses = ty__arena_alloc(a, (total + 1) * sizeof *uses);
    names = malloc((total + 1) * sizeof *names);
    if (!units || !uses || !names) {
        free(names);
        return ty__nomem(err);
    }
    for (size_t i = 0; i < c->n; i++) {
        const ty__sunit *s = &c->s[i];
        units[i] = c->p[i].e;
        for (size_t o = 0; o < units[i].nocc; o++) {
            ty_phrase_use *u = &uses[k++];
            memset(u, 0, sizeof *u);
            u->unit = &units[i];
            u->occ = &units[i].occ[o];
            u->rendering = s->rendering < 0 ? -1 : rank[s->rendering];
            if (s->rendering >= 0) {
                u->start = s->other.v[s->rstart].start;
                u->end = s->other.v[s->rstart + s->rlen - 1].end;
            } else {
                rep->unmatched++;
            }
            u->phrase_start = c->p[i].pstart;
            u->phrase_end = c->p[i].pend;
            names[k - 1] = u->occ->document;
        }
    }
    qsort(uses, k, sizeof *uses, use_cmp);
    rep->uses = uses;
    rep->nuses = k;
    rep->documents = distinct(names, k);
    free(names);
    return TY_OK;
}

ty_status ty__phrase_report(ty__phrase_ctx *c, const char *norm, const ty_phrase_opts *o,
                            ty_phrase_report **out, ty_error *err)
{
    ty_lang other = o->from == TY_LANG_JA ? TY_LANG_EN : TY_LANG_JA;
    report_impl *r = calloc(1, sizeof *r);
    collected col = {0};
    ty__found *found = NULL;
    size_t nfound = 0, plen = strlen(norm);
    ty__toks pt = {0};
    ty_anchor_set anchors = {0};
    long *rank = NULL;
    double expected;
    ty_status rc;

    *out = NULL;
    if (!r)
        return ty__nomem(err);
    r->pub.from = o->from;
    if (!(r->pub.phrase = ty__arena_strdup(&r->arena, norm))) {
        rc = ty__nomem(err);
        goto done;
    }
    if ((rc = collect(c, norm, plen, o, &r->arena, &col, err)) != TY_OK)
        goto done;
    if ((rc = ty__tokenize_spans(c->tk[o->from], norm, plen, &pt, err)) != TY_OK)
        goto done;
    expected = col.from_words ? (double)pt.n * (double)col.other_words / (double)col.from_words
                              : (double)pt.n;
    if ((rc = ty__anchors_extract(c->anchors, o->from, norm, plen, &anchors)) != TY_OK) {
        rc = rc == TY_ERR_NOMEM ? ty__nomem(err) : ty__fail(err, rc, NULL, -1, -1, "anchors");
        goto done;
    }
    if ((rc = ty__find_renderings(c, other, col.s, col.n, expected, &anchors, o, &found, &nfound,
                                  err)))
        goto done;
    merge_nested(&col, found, &nfound);
    if (!(rank = malloc((nfound + 1) * sizeof *rank))) {
        rc = ty__nomem(err);
        goto done;
    }
    rank_renderings(found, nfound, rank);
    r->expected = expected;
    for (size_t i = 0; i < nfound; i++)
        if (rank[i] == 0)
            r->dominant_words = found[i].len;
    r->pub.units = col.n;
    r->pub.truncated = col.truncated;
    if ((rc = fill_uses(&col, rank, &r->arena, &r->pub, err)) != TY_OK ||
        (rc = fill_renderings(&col, found, nfound, other, r->pub.nuses, &r->arena, &r->pub, rank,
                              err)) != TY_OK)
        goto done;
    r->pub.surface = r->pub.phrase;
    for (size_t i = 0; i < r->pub.nuses; i++) {
        const ty_phrase_use *u = &r->pub.uses[i];
        const char *t = o->from == TY_LANG_JA ? u->unit->ja : u->unit->en;
        if (u->phrase_end > u->phrase_start) {
            r->pub.surface =
                ty__arena_strndup(&r->arena, t + u->phrase_start, u->phrase_end - u->phrase_start);
            break;
        }
    }
    if (!r->pub.surface)
        rc = ty__nomem(err);
done:
    ty__toks_free(&pt);
    ty__anchor_set_free(&anchors);
    collected_free(&col);
    free(found);
    free(rank);
    if (rc != TY_OK)
        ty_phrase_report_free(&r->pub);
    else
        *out = &r->pub;
    return rc;
}

ty_status ty_phrase_report_new(ty_tm *tm, const char *phrase, const ty_phrase_opts *opts,
                               ty_phrase_report **out, ty_error *err)
{
    ty_phrase_opts o;
    ty__phrase_ctx c;
    char *norm;
    int began = 0;
    ty_status rc;

    *out = NULL;
    if (opts)
        o = *opts;
    else
        ty_phrase_opts_init(&o);
    if (!tm || !phrase)
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1, "no memory or no phrase");
    if (o.from != TY_LANG_JA && o.from != TY_LANG_EN)
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1, "bad phrase language");
    if (o.max_units == 0 || o.max_renderings == 0)
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1,
                        "max_units and max_renderings must be positive");
    if (!(norm = ty_normalize(phrase, strlen(phrase), NULL)))
        return ty__nomem(err);
    if (!*norm) {
        free(norm);
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1, "the phrase is empty");
    }
    /* one read transaction for every query of the report: one snapshot, and no lock taken
     * and released (and no check of the file) per statement */
    if ((rc = ty__tm_read_begin(tm, &began, err)) == TY_OK &&
        (rc = ty__phrase_ctx_init(&c, tm, o.lexicon, err)) == TY_OK) {
        rc = ty__phrase_report(&c, norm, &o, out, err);
        ty__phrase_ctx_done(&c);
    }
    ty__tm_read_end(tm, began);
    free(norm);
    return rc;
}
