/*
 * phrase_background.c — background frequencies for the rendering search: an even sample of the
 * memory's units (at most BG_UNITS, every unit when the memory is smaller, so small memories
 * get exact figures), tokenized once per language and kept in the phrase context, so that
 * "how often is this word or n-gram found outside the phrase's units?" costs a scan of the
 * sample instead of a query of the memory. Words and n-grams are counted as substrings of the
 * normalized texts, as the trigram index would find them (so short function words count as
 * common: "as" is in "was" and "has"). The units that contain the phrase are left out of the
 * figures (a mask per phrase). It does not choose renderings (phrase_assoc.c does).
 */
#define _GNU_SOURCE /* memmem */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "consistency.h"
#include "base/error.h"

#define BG_UNITS 4000

struct ty__bg {
    long long *ids; /* ascending */
    ty__toks *t;
    size_t n;
};

void ty__bg_free(ty__bg *bg)
{
    if (!bg)
        return;
    for (size_t i = 0; i < bg->n; i++)
        ty__toks_free(&bg->t[i]);
    free(bg->t);
    free(bg->ids);
    free(bg);
}

static ty_status build(ty__phrase_ctx *c, ty_lang lang, ty__bg *bg, ty_error *err)
{
    static const char *const sql[2] = {
        "SELECT id, ja FROM unit_text WHERE id >= ?1 ORDER BY id LIMIT 1",
        "SELECT id, en FROM unit_text WHERE id >= ?1 ORDER BY id LIMIT 1"};
    sqlite3_stmt *st = NULL;
    long long lo = 0, hi = 0, next = 0;
    size_t want;
    ty_status rc;

    if ((rc = ty__tm_query_int(c->tm, "SELECT coalesce(min(id), 0) FROM units", &lo, err)) ||
        (rc = ty__tm_query_int(c->tm, "SELECT coalesce(max(id), 0) FROM units", &hi, err)))
        return rc;
    want = c->total < BG_UNITS ? (size_t)c->total : BG_UNITS;
    if (!(bg->t = calloc(want + 1, sizeof *bg->t)) ||
        !(bg->ids = calloc(want + 1, sizeof *bg->ids)))
        return ty__nomem(err);
    if ((rc = ty__tm_prepare(c->tm, sql[lang], &st, err)) != TY_OK)
        return rc;
    for (size_t k = 0; k < want && rc == TY_OK; k++) {
        long long target = lo + (long long)((double)(hi - lo + 1) * (double)k / (double)want);
        const char *text;
        if (target < next)
            target = next; /* ids with gaps: never the same unit twice */
        sqlite3_bind_int64(st, 1, target);
        if (sqlite3_step(st) != SQLITE_ROW) {
            sqlite3_reset(st);
            break;
        }
        bg->ids[bg->n] = sqlite3_column_int64(st, 0);
        next = bg->ids[bg->n] + 1;
        text = (const char *)sqlite3_column_text(st, 1);
        rc = ty__tokenize_words(c->tk[lang], text ? text : "", (size_t)sqlite3_column_bytes(st, 1),
                                &bg->t[bg->n], err);
        sqlite3_reset(st);
        bg->n++;
    }
    sqlite3_finalize(st);
    return rc;
}

ty_status ty__bg_get(ty__phrase_ctx *c, ty_lang lang, ty__bg **out, ty_error *err)
{
    ty_status rc;

    if (!c->bg[lang]) {
        ty__bg *bg = calloc(1, sizeof *bg);
        if (!bg)
            return ty__nomem(err);
        if ((rc = build(c, lang, bg, err)) != TY_OK) {
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

size_t ty__bg_substring(const ty__bg *bg, const char *s, size_t n, const uint8_t *mask)
{
    size_t k = 0;

    for (size_t i = 0; i < bg->n; i++)
        if (!mask[i] && bg->t[i].norm && memmem(bg->t[i].norm, bg->t[i].nlen, s, n))
            k++;
    return k;
}
