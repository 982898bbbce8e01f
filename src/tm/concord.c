/*
 * concord.c — ty_tm_concord: the units whose normalized Japanese or English contains a
 * pattern, newest first, with the matches located in the original text and a KWIC window
 * around the first one (display columns through ICU's East Asian Width). The units come from
 * the posting lists (plist_find.c), or, in a memory in PostgreSQL, from the backend
 * (ty__tm_backend.find). It does not print (the CLI does).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "base/error.h"
#include "tm.h"

struct ty_tm_hits {
    ty_tm_hit *v;
    size_t n, cap;
};

void ty_tm_concord_opts_init(ty_tm_concord_opts *opts)
{
    opts->lang = -1;
    opts->max_results = 20;
    opts->context = 30;
}

size_t ty_tm_hits_count(const ty_tm_hits *h)
{
    return h ? h->n : 0;
}

const ty_tm_hit *ty_tm_hits_get(const ty_tm_hits *h, size_t i)
{
    return h && i < h->n ? &h->v[i] : NULL;
}

void ty_tm_hits_free(ty_tm_hits *h)
{
    if (!h)
        return;
    for (size_t i = 0; i < h->n; i++) {
        free((char *)h->v[i].ja);
        free((char *)h->v[i].en);
        free((char *)h->v[i].document);
        free((size_t *)h->v[i].spans);
    }
    free(h->v);
    free(h);
}

/* ---- finding the units ---- */

typedef struct idlist {
    long long *v;
    size_t n, cap;
} idlist;

static int idlist_push(idlist *l, long long id)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 32;
        long long *v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return -1;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = id;
    return 0;
}

/* idlist_push as a backend's callback. */
static int idlist_fn(void *user, long long id)
{
    return idlist_push(user, id);
}

static ty_status find_side(ty_tm *tm, int lang, const char *p, size_t n, size_t nchars,
                           long long limit, idlist *out, ty_error *err)
{
    if (tm->be)
        return tm->be->find(tm, (ty_lang)lang, p, n, nchars, limit, idlist_fn, out, err);
    return ty__plist_find(tm, lang, p, n, 1, limit, idlist_fn, out, err);
}

/* ---- locating matches in the original text ---- */

/* Bytes of ty_normalize(s[0, p)), or (size_t)-1 when out of memory. */
static size_t norm_len(const char *s, size_t p)
{
    size_t len = 0;
    char *n = ty_normalize(s, p, &len);
    if (!n)
        return (size_t)-1;
    free(n);
    return len;
}

/* The code-point boundaries of s[0, len), 0 and len included. */
static size_t *boundaries(const char *s, size_t len, size_t *nb)
{
    size_t *b = malloc((len + 1) * sizeof *b), k = 0;
    if (!b)
        return NULL;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xc0) != 0x80)
            b[k++] = i;
    b[k++] = len;
    *nb = k;
    return b;
}

/* The original span of normalized [a, b): the last boundary whose normalized prefix is at
 * most a long, and the first whose normalized prefix is at least b long. */
static int map_span(const char *s, const size_t *bd, size_t nb, size_t a, size_t b,
                    size_t *start, size_t *end)
{
    size_t lo = 0, hi = nb - 1;
    while (lo < hi) { /* last i with norm_len(bd[i]) <= a */
        size_t mid = (lo + hi + 1) / 2, l = norm_len(s, bd[mid]);
        if (l == (size_t)-1)
            return -1;
        if (l <= a)
            lo = mid;
        else
            hi = mid - 1;
    }
    *start = bd[lo];
    hi = nb - 1;
    while (lo < hi) { /* first i with norm_len(bd[i]) >= b */
        size_t mid = (lo + hi) / 2, l = norm_len(s, bd[mid]);
        if (l == (size_t)-1)
            return -1;
        if (l >= b)
            hi = mid;
        else
            lo = mid + 1;
    }
    *end = bd[lo] > *start ? bd[lo] : *start;
    return 0;
}

/* Spans of every (non-overlapping) occurrence of pattern in the original text. */
static ty_status locate(const char *orig, const char *norm, const char *p, size_t plen,
                        ty_tm_hit *hit, ty_error *err)
{
    size_t nb, *bd = boundaries(orig, strlen(orig), &nb), *spans = NULL, n = 0, cap = 0;
    const char *at = norm;

    if (!bd)
        return ty__nomem(err);
    while ((at = strstr(at, p)) != NULL) {
        size_t s, e;
        if (map_span(orig, bd, nb, (size_t)(at - norm), (size_t)(at - norm) + plen, &s, &e) != 0)
            goto nomem;
        if (n > 0 && s < spans[2 * n - 1]) { /* overlaps the previous one after mapping */
            at += plen;
            continue;
        }
        if (n == cap) {
            size_t nc = cap ? 2 * cap : 4;
            size_t *v = realloc(spans, 2 * nc * sizeof *v);
            if (!v)
                goto nomem;
            spans = v;
            cap = nc;
        }
        spans[2 * n] = s;
        spans[2 * n + 1] = e;
        n++;
        at += plen;
    }
    free(bd);
    hit->spans = spans;
    hit->nspans = n;
    return TY_OK;
nomem:
    free(bd);
    free(spans);
    return ty__nomem(err);
}

static int columns(UChar32 c)
{
    int eaw;
    if (c < 0x20 || (c >= 0x7f && c < 0xa0))
        return 1; /* shown as a space by the CLI */
    if (u_getCombiningClass(c) > 0 || u_charType(c) == U_NON_SPACING_MARK ||
        u_charType(c) == U_ENCLOSING_MARK || u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT))
        return 0;
    eaw = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
    return (eaw == U_EA_WIDE || eaw == U_EA_FULLWIDTH) ? 2 : 1;
}

/* The KWIC window around the first span. */
static void kwic(const char *s, size_t len, size_t context, ty_tm_hit *hit)
{
    int32_t i, n = len > INT32_MAX ? INT32_MAX : (int32_t)len;
    size_t start = hit->nspans ? hit->spans[0] : 0, end = hit->nspans ? hit->spans[1] : 0;
    size_t used = 0;

    i = (int32_t)start;
    while (i > 0) {
        int32_t j = i;
        UChar32 c;
        U8_PREV(s, 0, j, c);
        int w = columns(c < 0 ? 0xFFFD : c);
        if (used + (size_t)w > context)
            break;
        used += (size_t)w;
        i = j;
    }
    hit->left = (size_t)i;
    hit->pad = context - used;
    used = 0;
    i = (int32_t)end;
    while (i < n) {
        int32_t j = i;
        UChar32 c;
        U8_NEXT(s, j, n, c);
        int w = columns(c < 0 ? 0xFFFD : c);
        if (used + (size_t)w > context)
            break;
        used += (size_t)w;
        i = j;
    }
    hit->right = (size_t)i;
}

static ty_status push_hit(ty_tm_hits *h, ty_tm *tm, long long id, int lang, const char *p,
                          size_t plen, size_t context, ty_error *err)
{
    ty__unit_info ui;
    ty_tm_hit *x;
    const char *orig, *norm;
    ty_status rc;

    if ((rc = ty__tm_unit_read(tm, id, 1, &ui, err)) != TY_OK)
        return rc;
    if (h->n == h->cap) {
        size_t cap = h->cap ? 2 * h->cap : 16;
        ty_tm_hit *v = realloc(h->v, cap * sizeof *v);
        if (!v) {
            ty__unit_info_free(&ui);
            return ty__nomem(err);
        }
        h->v = v;
        h->cap = cap;
    }
    x = &h->v[h->n];
    memset(x, 0, sizeof *x);
    orig = lang == TY_LANG_JA ? ui.ja : ui.en;
    norm = lang == TY_LANG_JA ? ui.ja_norm : ui.en_norm;
    if ((rc = locate(orig, norm, p, plen, x, err)) != TY_OK) {
        ty__unit_info_free(&ui);
        return rc;
    }
    kwic(orig, strlen(orig), context, x);
    x->unit = id;
    x->lang = (ty_lang)lang;
    x->ja = ui.ja;
    x->en = ui.en;
    x->document = ui.document;
    x->count = ui.count;
    x->confidence = ui.confidence;
    x->position = ui.position;
    free(ui.ja_norm);
    free(ui.en_norm);
    h->n++;
    return TY_OK;
}

static size_t count_chars(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += ((unsigned char)s[i] & 0xc0) != 0x80;
    return k;
}

ty_status ty_tm_concord(ty_tm *tm, const char *pattern, const ty_tm_concord_opts *opts,
                        ty_tm_hits **out, int *more, ty_error *err)
{
    ty_tm_concord_opts o;
    ty_tm_hits *h = NULL;
    idlist ids[2] = {{0}, {0}};
    char *p = NULL;
    size_t plen = 0, nchars, i[2] = {0, 0};
    long long limit;
    ty_status rc;
    int began = 0;

    *out = NULL;
    if (more)
        *more = 0;
    if (opts)
        o = *opts;
    else
        ty_tm_concord_opts_init(&o);
    if (o.lang != -1 && o.lang != TY_LANG_JA && o.lang != TY_LANG_EN)
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1, "unknown concordance language");
    if (!pattern || strlen(pattern) > 4096)
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1,
                        "a concordance pattern must be 1 to 4096 bytes");
    if ((plen = ty_utf8_check(pattern, strlen(pattern))) < strlen(pattern))
        return ty__fail(err, TY_ERR_ENCODING, NULL, -1, (long long)plen,
                        "the concordance pattern is not valid UTF-8 (byte %zu)", plen);
    if (!(p = ty_normalize(pattern, strlen(pattern), &plen)))
        return ty__nomem(err);
    if (plen == 0) {
        free(p);
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1, "the concordance pattern is empty");
    }
    if (!(h = calloc(1, sizeof *h))) {
        rc = ty__nomem(err);
        goto fail;
    }
    nchars = count_chars(p, plen);
    limit = o.max_results ? (long long)o.max_results + 1 : -1;
    if ((rc = ty__tm_read_begin(tm, &began, err)) != TY_OK)
        goto fail;
    for (int l = 0; l < 2; l++)
        if ((o.lang == -1 || o.lang == l) &&
            (rc = find_side(tm, l, p, plen, nchars, limit, &ids[l], err)) != TY_OK)
            goto fail;
    /* merge the two sides, newest first; a unit found on both sides is shown once (Japanese) */
    while (i[0] < ids[0].n || i[1] < ids[1].n) {
        int l;
        long long id;
        if (i[1] == ids[1].n || (i[0] < ids[0].n && ids[0].v[i[0]] >= ids[1].v[i[1]]))
            l = 0;
        else
            l = 1;
        id = ids[l].v[i[l]++];
        if (l == 0 && i[1] < ids[1].n && ids[1].v[i[1]] == id)
            i[1]++;
        if (o.max_results && h->n == o.max_results) {
            if (more)
                *more = 1;
            break;
        }
        if ((rc = push_hit(h, tm, id, l, p, plen, o.context, err)) != TY_OK)
            goto fail;
    }
    ty__tm_read_end(tm, began);
    free(ids[0].v);
    free(ids[1].v);
    free(p);
    *out = h;
    return TY_OK;
fail:
    ty__tm_read_end(tm, began);
    free(ids[0].v);
    free(ids[1].v);
    free(p);
    ty_tm_hits_free(h);
    return rc;
}
