/*
 * phrase_background.c — background frequencies for the rendering search: an even sample of the
 * memory's units (at most BG_UNITS, every unit when the memory is smaller, so small memories
 * get exact figures), tokenized once per language and kept in the phrase context, so that
 * "how often is this word or n-gram found outside the phrase's units?" costs a scan of the
 * sample instead of a query of the memory. Words and n-grams are counted as substrings of the
 * normalized texts, as the trigram index would find them (so short function words count as
 * common: "as" is in "was" and "has"). The units that contain the phrase are left out of the
 * figures (a mask per phrase). A substring count looks only where the needle's rarest byte pair
 * is found in the sample (an index of the positions of each of the 65,536 byte pairs, built
 * with the sample), not through the whole sample. It does not choose renderings
 * (phrase_assoc.c does).
 */
#define _GNU_SOURCE /* memmem */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "consistency.h"
#include "base/alloc.h"
#include "base/error.h"

#define BG_UNITS 4000

/* The sample's normalized texts one after the other, each ended by a NUL (which no text
 * holds), so that a substring count is one memmem over the whole sample: a needle cannot run
 * across the end of a text, and a hit is mapped back to its unit by the offsets. */
struct ty__bg {
    long long *ids; /* ascending */
    size_t *start;  /* text i is at start[i], its NUL at start[i + 1] - 1 */
    uint8_t *has;   /* whether text i had a normalized form at all */
    char *text;
    size_t n, len, cap;
    uint32_t *pair_at; /* the positions of byte pair k are pos[pair_at[k], pair_at[k + 1]) */
    uint32_t *pos;     /* every position but the last, ascending within each pair */
};

#define PAIRS 65536

/* The byte pair at s[0, 2). */
static unsigned pair(const char *s)
{
    return (unsigned)(unsigned char)s[0] << 8 | (unsigned char)s[1];
}

void ty__bg_free(ty__bg *bg)
{
    if (!bg)
        return;
    free(bg->text);
    free(bg->start);
    free(bg->has);
    free(bg->ids);
    free(bg->pair_at);
    free(bg->pos);
    free(bg);
}

/* Append the normalized text of `t` (none: an empty one) and its NUL. */
static int bg_append(ty__bg *bg, const ty__toks *t)
{
    size_t n = t->norm ? t->nlen : 0;

    if (ty__grow((void **)&bg->text, &bg->cap, bg->len + n + 1, 1))
        return -1;
    if (n)
        memcpy(bg->text + bg->len, t->norm, n);
    bg->len += n;
    bg->text[bg->len++] = '\0';
    bg->has[bg->n] = t->norm != NULL;
    bg->start[bg->n + 1] = bg->len;
    return 0;
}

/* Add unit `id` of original text text[0, len) to the sample. */
static ty_status sample_add(ty__phrase_ctx *c, ty_lang lang, ty__bg *bg, ty__toks *t,
                            long long id, const char *text, size_t len, ty_error *err)
{
    ty_status rc;

    bg->ids[bg->n] = id;
    rc = ty__tokenize_spans(c->tk[lang], text ? text : "", text ? len : 0, t, err);
    if (rc == TY_OK && bg_append(bg, t) != 0)
        rc = ty__nomem(err);
    bg->n++;
    return rc;
}

/* The k-th of `want` ids spread evenly over [lo, hi]. */
static long long spread(long long lo, long long hi, size_t k, size_t want)
{
    return lo + (long long)((double)(hi - lo + 1) * (double)k / (double)want);
}

/* A backend's units at or after the ids asked for (sample_backend). */
typedef struct found_units {
    long long *id; /* -1: none */
    char **text;
    size_t *len;
} found_units;

static int found_fn(void *user, size_t i, long long id, const char *text, size_t len)
{
    found_units *f = user;
    f->id[i] = id;
    f->len[i] = len;
    return !(f->text[i] = strndup(text, len));
}

/* The sample from a memory in another backend: the units at or after the spread ids in one
 * request, then each one as build() takes it (another request only where ids have gaps that
 * make two targets meet). */
static ty_status sample_backend(ty__phrase_ctx *c, ty_lang lang, ty__bg *bg, ty__toks *t,
                                long long lo, long long hi, size_t want, ty_error *err)
{
    long long *from = calloc(want + 1, sizeof *from), next = 0;
    found_units f = {calloc(want + 1, sizeof *f.id), calloc(want + 1, sizeof *f.text),
                     calloc(want + 1, sizeof *f.len)};
    ty_status rc = TY_OK;

    if (!from || !f.id || !f.text || !f.len) {
        rc = ty__nomem(err);
        goto done;
    }
    for (size_t k = 0; k < want; k++) {
        from[k] = spread(lo, hi, k, want);
        f.id[k] = -1;
    }
    if ((rc = c->tm->be->units_from(c->tm, lang, from, want, found_fn, &f, err)) != TY_OK)
        goto done;
    for (size_t k = 0; k < want && rc == TY_OK; k++) {
        long long target = from[k] < next ? next : from[k];
        if (f.id[k] >= 0 && f.id[k] < target) { /* the unit found was taken: the next one */
            free(f.text[k]);
            f.text[k] = NULL;
            f.id[k] = -1;
            found_units one = {&f.id[k], &f.text[k], &f.len[k]};
            if ((rc = c->tm->be->units_from(c->tm, lang, &target, 1, found_fn, &one, err)))
                break;
        }
        if (f.id[k] < 0)
            break;
        rc = sample_add(c, lang, bg, t, f.id[k], f.text[k], f.len[k], err);
        next = f.id[k] + 1;
    }
done:
    for (size_t k = 0; f.text && k < want; k++)
        free(f.text[k]);
    free(f.text);
    free(f.id);
    free(f.len);
    free(from);
    return rc;
}

static ty_status build(ty__phrase_ctx *c, ty_lang lang, ty__bg *bg, ty_error *err)
{
    static const char *const sql[2] = {
        "SELECT id, ja FROM unit_text WHERE id >= ?1 ORDER BY id LIMIT 1",
        "SELECT id, en FROM unit_text WHERE id >= ?1 ORDER BY id LIMIT 1"};
    sqlite3_stmt *st = NULL;
    ty__toks t = {0};
    long long lo = 0, hi = 0, next = 0;
    size_t want;
    ty_status rc;

    if (c->tm->be)
        rc = c->tm->be->id_range(c->tm, &lo, &hi, err);
    else if ((rc = ty__tm_query_int(c->tm, "SELECT coalesce(min(id), 0) FROM units", &lo, err)) ==
             TY_OK)
        rc = ty__tm_query_int(c->tm, "SELECT coalesce(max(id), 0) FROM units", &hi, err);
    if (rc != TY_OK)
        return rc;
    want = c->total < BG_UNITS ? (size_t)c->total : BG_UNITS;
    if (!(bg->ids = calloc(want + 1, sizeof *bg->ids)) ||
        !(bg->start = calloc(want + 2, sizeof *bg->start)) || !(bg->has = calloc(want + 1, 1)))
        return ty__nomem(err);
    if (c->tm->be) {
        rc = sample_backend(c, lang, bg, &t, lo, hi, want, err);
        ty__toks_free(&t);
        return rc;
    }
    if ((rc = ty__tm_prepare(c->tm, sql[lang], &st, err)) != TY_OK)
        return rc;
    for (size_t k = 0; k < want && rc == TY_OK; k++) {
        long long target = spread(lo, hi, k, want);
        if (target < next)
            target = next; /* ids with gaps: never the same unit twice */
        sqlite3_bind_int64(st, 1, target);
        if (sqlite3_step(st) != SQLITE_ROW) {
            sqlite3_reset(st);
            break;
        }
        next = sqlite3_column_int64(st, 0) + 1;
        rc = sample_add(c, lang, bg, &t, next - 1, (const char *)sqlite3_column_text(st, 1),
                        (size_t)sqlite3_column_bytes(st, 1), err);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    ty__toks_free(&t);
    return rc;
}

/* The positions of each byte pair of the sample, by a counting sort. */
static int index_pairs(ty__bg *bg)
{
    uint32_t *next;

    if (bg->len < 2 || bg->len > UINT32_MAX)
        return 0; /* ty__bg_substring searches the whole sample */
    bg->pair_at = calloc(PAIRS + 1, sizeof *bg->pair_at);
    bg->pos = malloc((bg->len - 1) * sizeof *bg->pos);
    next = malloc(PAIRS * sizeof *next);
    if (!bg->pair_at || !bg->pos || !next) {
        free(next);
        return -1;
    }
    for (size_t i = 0; i + 1 < bg->len; i++)
        bg->pair_at[pair(bg->text + i) + 1]++;
    for (size_t k = 0; k < PAIRS; k++)
        bg->pair_at[k + 1] += bg->pair_at[k];
    memcpy(next, bg->pair_at, PAIRS * sizeof *next);
    for (size_t i = 0; i + 1 < bg->len; i++)
        bg->pos[next[pair(bg->text + i)]++] = (uint32_t)i;
    free(next);
    return 0;
}

ty_status ty__bg_get(ty__phrase_ctx *c, ty_lang lang, ty__bg **out, ty_error *err)
{
    ty_status rc;

    if (!c->bg[lang]) {
        ty__bg *bg = calloc(1, sizeof *bg);
        if (!bg)
            return ty__nomem(err);
        if ((rc = build(c, lang, bg, err)) != TY_OK ||
            (index_pairs(bg) != 0 && (rc = ty__nomem(err)) != TY_OK)) {
            ty__bg_free(bg);
            return rc;
        }
        c->bg[lang] = bg;
    }
    *out = c->bg[lang];
    return TY_OK;
}

size_t ty__bg_size(const ty__bg *bg)
{
    return bg->n;
}

static int id_cmp(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return (x > y) - (x < y);
}

uint8_t *ty__bg_mask(const ty__bg *bg, long long *ids, size_t n, size_t *masked)
{
    uint8_t *mask = calloc(bg->n + 1, 1);

    *masked = 0;
    if (!mask)
        return NULL;
    qsort(ids, n, sizeof *ids, id_cmp);
    for (size_t i = 0; i < bg->n; i++)
        if (bsearch(&bg->ids[i], ids, n, sizeof *ids, id_cmp)) {
            mask[i] = 1;
            (*masked)++;
        }
    return mask;
}

/* ty__bg_substring for n >= 2: the needle is tried where its rarest byte pair stands, and a
 * text counts once, as the first match in it is found. */
static size_t pair_count(const ty__bg *bg, const char *s, size_t n, const uint8_t *mask)
{
    size_t best = 0, k = 0, i = 0, last = SIZE_MAX;
    const uint32_t *p, *end;

    for (size_t j = 1; j + 1 < n; j++) {
        unsigned a = pair(s + j), b = pair(s + best);
        if (bg->pair_at[a + 1] - bg->pair_at[a] < bg->pair_at[b + 1] - bg->pair_at[b])
            best = j;
    }
    p = bg->pos + bg->pair_at[pair(s + best)];
    end = bg->pos + bg->pair_at[pair(s + best) + 1];
    for (; p < end; p++) {
        size_t at;
        if (*p < best)
            continue;
        at = *p - best;
        if (at + n > bg->len)
            break;
        while (bg->start[i + 1] <= at)
            i++;
        if (i == last || memcmp(bg->text + at, s, n) != 0)
            continue;
        k += !mask[i];
        last = i;
    }
    return k;
}

size_t ty__bg_substring_scan(const ty__bg *bg, const char *s, size_t n, const uint8_t *mask)
{
    const char *p = bg->text, *end = bg->text + bg->len, *hit;
    size_t k = 0, i = 0;

    if (n == 0) { /* found in every text there is */
        for (i = 0; i < bg->n; i++)
            k += !mask[i] && bg->has[i];
        return k;
    }
    while (p < end && (hit = memmem(p, (size_t)(end - p), s, n)) != NULL) {
        size_t off = (size_t)(hit - bg->text);
        while (bg->start[i + 1] <= off)
            i++;
        k += !mask[i];
        p = bg->text + bg->start[i + 1]; /* the next text */
    }
    return k;
}

size_t ty__bg_substring(const ty__bg *bg, const char *s, size_t n, const uint8_t *mask)
{
    return n >= 2 && bg->pos ? pair_count(bg, s, n, mask) : ty__bg_substring_scan(bg, s, n, mask);
}
