/*
 * sides.c — turns a document into the aligner's units: a length in characters, the
 * structure flags (paragraph start, heading line, speaker label, question, enumeration
 * marker, formula, repetition) and the segment's
 * anchor keys interned as dense ids (a set per unit); merges units pairwise for the coarser
 * levels of the corridor search; and weighs every key by how rare it is in the pair
 * (idf-like). It does not extract anchors itself (src/anchors/ does) nor score beads
 * (score.c).
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "align.h"
#include "anchors/anchors.h"
#include "base/error.h"
#include "base/sort.h"

/* A unit keeps at most this many anchor keys (a longer list adds little evidence and would
 * make scoring quadratic in pathological segments). */
#define TY__UNIT_MAX_KEYS 512u
/* A coarse unit keeps at most this many keys: the rarest (highest weight) of its parts. */
#define TY__COARSE_MAX_KEYS 24
/* A side holds at most this many keys in all (2^31: indices are uint32). */
#define TY__SIDE_MAX_KEYS ((size_t)1 << 31)

uint32_t ty__keys_intern(ty__keys *keys, unsigned kind, uint32_t key)
{
    int created;
    uint64_t k = ((uint64_t)kind << 32) | key;
    /* a document repeats its common words and numbers: their ids are found in the memo
     * (one slot per key, by a multiplicative hash), without the map's probe */
    size_t m = (size_t)((k * 0x9E3779B97F4A7C15ULL) >> 52) & (TY__KEY_MEMO - 1);

    if (!keys->memo && !(keys->memo = calloc(2 * TY__KEY_MEMO, sizeof *keys->memo)))
        return UINT32_MAX;
    if (keys->memo[2 * m] == k + 1)
        return (uint32_t)keys->memo[2 * m + 1];
    uint32_t *slot = ty__u64map_insert(&keys->ids, k, (uint32_t)keys->n, &created);
    if (!slot)
        return UINT32_MAX;
    if (!created) {
        keys->memo[2 * m] = k + 1;
        keys->memo[2 * m + 1] = *slot;
        return *slot;
    }
    if (keys->n == keys->cap) {
        size_t cap = keys->cap ? 2 * keys->cap : 256;
        uint8_t *kinds = realloc(keys->kind, cap);
        if (!kinds)
            return UINT32_MAX;
        keys->kind = kinds;
        keys->cap = cap;
    }
    keys->kind[keys->n] = (uint8_t)kind;
    keys->memo[2 * m] = k + 1;
    keys->memo[2 * m + 1] = keys->n;
    return (uint32_t)keys->n++;
}

void ty__keys_free(ty__keys *keys)
{
    ty__u64map_free(&keys->ids);
    free(keys->memo);
    free(keys->kind);
    free(keys->df[0]);
    free(keys->df[1]);
    free(keys->pos);
    free(keys->neg[0]);
    free(keys->neg[1]);
    memset(keys, 0, sizeof *keys);
}

void ty__side_free(ty__side *side)
{
    free(side->u);
    free(side->key);
    free(side->cum);
    memset(side, 0, sizeof *side);
}

/* Append a unit holding keys[0, nkeys) as they are (not yet a set). */
static ty_status append_unit(ty__side *side, uint32_t len, uint16_t flags, const uint32_t *keys,
                             size_t nkeys)
{
    if (nkeys > TY__UNIT_MAX_KEYS)
        nkeys = TY__UNIT_MAX_KEYS;
    if (side->nkey + nkeys > TY__SIDE_MAX_KEYS)
        return TY_ERR_TOOBIG;
    if (side->nkey + nkeys > side->capkey) {
        size_t cap = side->capkey ? side->capkey : 1024;
        while (cap < side->nkey + nkeys)
            cap *= 2;
        uint32_t *k = realloc(side->key, cap * sizeof *k);
        if (!k)
            return TY_ERR_NOMEM;
        side->key = k;
        side->capkey = cap;
    }
    /* units are pushed one by one; grow the unit array by doubling (n is a power of 2 or 0
     * exactly when it is full) */
    if ((side->n & (side->n - 1)) == 0) {
        size_t cap = side->n ? 2 * side->n : 1;
        ty__unit *u = realloc(side->u, cap * sizeof *u);
        if (!u)
            return TY_ERR_NOMEM;
        side->u = u;
    }
    ty__unit *u = &side->u[side->n++];
    u->len = len;
    u->flags = flags;
    u->rare = 0;
    u->key_off = (uint32_t)side->nkey;
    u->key_n = (uint32_t)nkeys;
    if (nkeys)
        memcpy(side->key + side->nkey, keys, nkeys * sizeof *keys);
    side->nkey += nkeys;
    return TY_OK;
}

ty_status ty__side_push(ty__side *side, uint32_t len, uint16_t flags, const uint32_t *keys,
                        size_t nkeys)
{
    ty_status st = append_unit(side, len, flags, keys, nkeys);
    ty__unit *u;

    if (st != TY_OK || (u = &side->u[side->n - 1])->key_n < 2)
        return st;
    /* a set: sorted, each key once */
    uint32_t *k = side->key + u->key_off;
    size_t w = 0;
    ty__sort_u32(k, u->key_n);
    for (size_t r = 0; r < u->key_n; r++)
        if (w == 0 || k[r] != k[w - 1])
            k[w++] = k[r];
    side->nkey -= u->key_n - w;
    u->key_n = (uint32_t)w;
    return TY_OK;
}

/* Make every unit's keys a set (sorted, each key once), as ty__side_push does, for all the
 * units of a side at once: a counting sort of the side's keys by id (ids below nids) lists
 * the units holding each id, and the units' keys are written back id by id. It costs a few
 * operations a key where a sort per unit costs tens, and its branches are predictable. */
static ty_status sort_units(ty__side *side, size_t nids)
{
    size_t total = side->nkey, b = 0, w = 0;
    uint32_t *end, *unit;

    if (total == 0)
        return TY_OK;
    end = calloc(nids + 1, sizeof *end);
    unit = malloc(total * sizeof *unit);
    if (!end || !unit) {
        free(end);
        free(unit);
        return TY_ERR_NOMEM;
    }
    for (size_t k = 0; k < total; k++)
        end[side->key[k] + 1]++;
    for (size_t id = 0; id < nids; id++)
        end[id + 1] += end[id];
    /* bucket id is [end[id], end[id + 1]) now; filling it moves end[id] to its end */
    for (size_t i = 0; i < side->n; i++) {
        const ty__unit *u = &side->u[i];
        for (size_t k = u->key_off; k < u->key_off + u->key_n; k++)
            unit[end[side->key[k]]++] = (uint32_t)i;
        side->u[i].key_n = 0;
    }
    for (size_t id = 0; id < nids; id++)
        for (; b < end[id]; b++) {
            ty__unit *u = &side->u[unit[b]];
            uint32_t *k = side->key + u->key_off;
            if (u->key_n == 0 || k[u->key_n - 1] != id) /* a unit's repeats are neighbours */
                k[u->key_n++] = (uint32_t)id;
        }
    for (size_t i = 0; i < side->n; i++) {
        ty__unit *u = &side->u[i];
        memmove(side->key + w, side->key + u->key_off, u->key_n * sizeof *side->key);
        u->key_off = (uint32_t)w;
        w += u->key_n;
    }
    side->nkey = w;
    free(end);
    free(unit);
    return TY_OK;
}

ty_status ty__side_finish(ty__side *side)
{
    if (!side->key) { /* a side without keys still gets an array (key + 0 must be valid) */
        if (!(side->key = malloc(sizeof *side->key)))
            return TY_ERR_NOMEM;
        side->capkey = 1;
    }
    free(side->cum);
    side->cum = malloc((side->n + 1) * sizeof *side->cum);
    if (!side->cum)
        return TY_ERR_NOMEM;
    side->cum[0] = 0;
    for (size_t i = 0; i < side->n; i++)
        side->cum[i + 1] = side->cum[i] + side->u[i].len;
    return TY_OK;
}

/* Whether c has Unicode's White_Space property: u_isUWhiteSpace without the call for ASCII
 * (tab to carriage return, space) and for the code points above U+3000 (the last one). */
static int is_white_space(UChar32 c)
{
    if (c < 0x80)
        return c == ' ' || (c >= 0x09 && c <= 0x0d);
    return c <= 0x3000 && u_isUWhiteSpace(c);
}

/* Characters of s[0, n): code points, white space excluded unless count_spaces. */
static uint32_t char_length(const char *s, size_t n, int count_spaces)
{
    uint32_t len = 0;
    int32_t i = 0, end = n > INT32_MAX ? INT32_MAX : (int32_t)n;
    UChar32 c;

    while (i < end) {
        U8_NEXT((const uint8_t *)s, i, end, c);
        if (count_spaces || c < 0 || !is_white_space(c))
            len++;
    }
    return len;
}

/* Whether s[0, k) ends with the UTF-8 string w. */
static int ends_with(const char *s, int32_t k, const char *w)
{
    size_t n = strlen(w);
    return (size_t)k >= n && memcmp(s + k - n, w, n) == 0;
}

int ty__question(ty_lang lang, const ty_segment *seg)
{
    const char *s = seg->text;
    size_t n = seg->len;
    static const char *const ja_asks[] = {"か", "聞かせください", "聞かせ下さい", "教えてください",
                                          "教えて下さい"};
    static const char *const ja_please[] = {"お願いします", "お願いいたします", "お願い致します"};
    int32_t i = n > INT32_MAX ? INT32_MAX : (int32_t)n;
    UChar32 c;

    while (i > 0) {
        U8_PREV((const uint8_t *)s, 0, i, c);
        if (c < 0)
            return 0;
        if (u_isUWhiteSpace(c))
            continue;
        int8_t t = u_charType(c);
        if (t == U_END_PUNCTUATION || t == U_FINAL_PUNCTUATION || c == '"' || c == '\'')
            continue;
        if (c == 0x3002 && lang == TY_LANG_JA) { /* 。 */
            for (size_t w = 0; w < sizeof ja_asks / sizeof *ja_asks; w++)
                if (ends_with(s, i, ja_asks[w]))
                    return 1;
            /* "…についてもお願いします。" asks for an answer; "…ようお願いします。" asks the
             * public to do something, "よろしくお願いします。" is a greeting */
            for (size_t w = 0; w < sizeof ja_please / sizeof *ja_please; w++)
                if (ends_with(s, i, ja_please[w])) {
                    int32_t k = i - (int32_t)strlen(ja_please[w]);
                    return !ends_with(s, k, "よう") && !ends_with(s, k, "よろしく");
                }
        }
        return c == '?' || c == 0xFF1F;
    }
    return 0;
}

/* Append the anchors of segment s's text to `set`, which may hold others already (the
 * label's moved anchors, the article key) and is then sorted as a whole, as
 * ty__anchors_extract leaves it; with `keep`, also the segment's own anchors to it, as they
 * are for the text alone (extracted into `own` when `set` is not empty). */
static ty_status segment_anchors(struct ty_anchor_ctx *ctx, ty_lang lang, const ty_segment *s,
                                 ty_anchor_set *set, ty_anchor_set *own, ty__doc_anchors *keep)
{
    ty_anchor_set *to = set->n ? own : set;
    ty_status st;

    if (!keep)
        return ty__anchors_extract(ctx, lang, s->text, s->len, set);
    own->n = 0;
    if ((st = ty__anchors_extract(ctx, lang, s->text, s->len, to)) != TY_OK ||
        (st = ty__doc_anchors_push(keep, to->v, to->n)) != TY_OK || to == set)
        return st;
    for (size_t k = 0; k < own->n && st == TY_OK; k++)
        st = ty__anchor_set_push(set, own->v[k].kind, own->v[k].key);
    ty__anchor_set_sort(set);
    return st;
}

ty_status ty__side_read(const ty_doc *doc, struct ty_anchor_ctx *ctx, int count_spaces, int repeats,
                        ty__keys *keys, ty__side *side, struct ty__doc_anchors *keep, ty_error *err)
{
    ty_anchor_set set = {NULL, 0, 0}, own = {NULL, 0, 0};
    uint32_t *ids = NULL;
    size_t n = ty_doc_count(doc);
    ty_status st = TY_OK;
    uint16_t turn = 0, *rep = calloc(n ? n : 1, sizeof *rep);
    const ty_segment *from = NULL; /* the formula whose label and paragraph start may move */

    ids = malloc(TY__UNIT_MAX_KEYS * sizeof *ids);
    if (!ids || !rep || (repeats && ty__mark_repeats(doc, rep) != TY_OK)) {
        free(ids);
        free(rep);
        return ty__nomem(err);
    }
    for (size_t i = 0; i < n; i++) {
        const ty_segment *s = ty_doc_segment(doc, i);
        uint16_t flags = rep[i];
        size_t nids = 0;

        if (i > 0 && s->paragraph != ty_doc_segment(doc, i - 1)->paragraph)
            flags |= TY__U_PARA;
        if (s->kind == TY_SEG_LINE)
            flags |= TY__U_LINE;
        if (s->label)
            flags |= TY__U_LABEL;
        if (ty__question(ty_doc_lang(doc), s))
            flags |= TY__U_QUESTION;
        if (ty__enum_marker(ty_doc_lang(doc), s))
            flags |= TY__U_ENUM;
        if (ty__continues(ty_doc_lang(doc), s))
            flags |= TY__U_CONT;
        if (ty__quotes(ty_doc_lang(doc), s))
            flags |= TY__U_QUOTE;
        if (!s->label && !(flags & TY__U_PARA))
            flags |= turn;
        set.n = 0;
        if (ctx && (flags & TY__U_TURN) && from->label) /* the label's anchors may move here */
            st = ty__anchors_extract(ctx, ty_doc_lang(doc), from->label, from->label_len, &set);
        if (ty__formula(ty_doc_lang(doc), s)) {
            flags |= TY__U_FORMULA;
            /* a run of formulas ("【…記者】…です。よろしくお願いします。") passes them on */
            if (s->label || (flags & TY__U_PARA))
                turn = TY__U_TURN, from = s;
            else if (!(flags & TY__U_TURN))
                turn = 0;
        } else {
            turn = 0;
        }
        if (ctx) {
            if (st == TY_OK && s->article > 0) {
                /* law XML: Article N and 第N条 share a key of their own (sorted in below) */
                char art[32];
                int an = snprintf(art, sizeof art, "article %ld", s->article);
                st = ty__anchor_set_push(&set, TY_ANCHOR_NUMBER,
                                         ty__anchor_key(TY_ANCHOR_NUMBER, art, (size_t)an));
            }
            if (st == TY_OK)
                st = segment_anchors(ctx, ty_doc_lang(doc), s, &set, &own, keep);
            if (st != TY_OK) {
                ty__fail(err, st, ty_doc_name(doc), (long)i + 1, -1,
                         "cannot extract the anchors of segment %zu", i);
                goto done;
            }
            for (size_t k = 0; k < set.n && nids < TY__UNIT_MAX_KEYS; k++) {
                uint32_t id = ty__keys_intern(keys, set.v[k].kind, set.v[k].key);
                if (id == UINT32_MAX) {
                    st = ty__nomem(err);
                    goto done;
                }
                ids[nids++] = id;
            }
        }
        /* the label is not in the length: "Ms. KAMIKAWA Yoko, Minister for Foreign Affairs:"
         * is five times "【上川外務大臣】"; the label flag weighs it instead */
        size_t skip = s->label && s->label_len <= s->len ? s->label_len : 0;
        st = append_unit(side, char_length(s->text + skip, s->len - skip, count_spaces), flags,
                         ids, nids);
        if (st != TY_OK) {
            ty__fail(err, st, ty_doc_name(doc), -1, -1, "document too large to align");
            goto done;
        }
    }
done:
    ty__anchor_set_free(&set);
    ty__anchor_set_free(&own);
    free(ids);
    free(rep);
    return st;
}

ty_status ty__side_from_doc(const ty_doc *doc, struct ty_anchor_ctx *ctx, int count_spaces,
                            ty__keys *keys, ty__side *side, struct ty__doc_anchors *keep,
                            ty_error *err)
{
    ty_status st = ty__side_read(doc, ctx, count_spaces, 1, keys, side, keep, err);

    if (st == TY_OK &&
        ((st = sort_units(side, keys->n)) != TY_OK || (st = ty__side_finish(side)) != TY_OK))
        ty__nomem(err);
    return st;
}

ty_status ty__side_rekey(ty__side *side, const ty__keys *local, ty__keys *keys)
{
    uint32_t *map = malloc((local->n ? local->n : 1) * sizeof *map);
    ty_status st;

    if (!map)
        return TY_ERR_NOMEM;
    /* local id -> (kind << 32 | key), from the map's slots */
    uint64_t *full = malloc((local->n ? local->n : 1) * sizeof *full);
    if (!full) {
        free(map);
        return TY_ERR_NOMEM;
    }
    for (size_t i = 0; i < local->ids.cap; i++)
        if (local->ids.used[i])
            full[local->ids.val[i]] = local->ids.key[i];
    /* interned in the order the side met them: the ids are those one table would give */
    for (size_t id = 0; id < local->n; id++)
        if ((map[id] = ty__keys_intern(keys, (unsigned)(full[id] >> 32), (uint32_t)full[id])) ==
            UINT32_MAX) {
            free(map);
            free(full);
            return TY_ERR_NOMEM;
        }
    free(full);
    for (size_t k = 0; k < side->nkey; k++)
        side->key[k] = map[side->key[k]];
    free(map);
    if ((st = sort_units(side, keys->n)) != TY_OK)
        return st;
    return ty__side_finish(side);
}

ty_status ty__side_coarsen(const ty__side *fine, const ty__keys *keys, ty__side *coarse)
{
    uint32_t ids[TY__COARSE_MAX_KEYS];
    ty_status st;

    for (size_t i = 0; i < fine->n; i += 2) {
        const ty__unit *a = &fine->u[i], *b = i + 1 < fine->n ? &fine->u[i + 1] : NULL;
        const uint32_t *ka = fine->key + a->key_off, *kb = b ? fine->key + b->key_off : NULL;
        size_t na = a->key_n, nb = b ? b->key_n : 0, x = 0, y = 0, n = 0;
        uint16_t flags = a->flags;

        if (b) {
            flags = (uint16_t)((a->flags & (TY__U_PARA | TY__U_LABEL | TY__U_TURN)) |
                               (a->flags & b->flags & TY__U_DROPPABLE) |
                               ((a->flags | b->flags) & TY__U_ENUM) |
                               (a->flags & b->flags & TY__U_LINE) | (b->flags & TY__U_QUESTION));
        }
        /* the union, keeping the TY__COARSE_MAX_KEYS keys of highest weight (the rarest):
         * coarse units are for finding the corridor; ids[] is kept by decreasing weight */
        while (x < na || y < nb) {
            uint32_t k = (y >= nb || (x < na && ka[x] <= kb[y])) ? ka[x] : kb[y];
            size_t at;
            x += x < na && ka[x] == k;
            y += y < nb && kb[y] == k;
            if (!(keys->pos[k] > 0) ||
                (n == TY__COARSE_MAX_KEYS && keys->pos[k] <= keys->pos[ids[n - 1]]))
                continue;
            if (n < TY__COARSE_MAX_KEYS)
                n++;
            for (at = n - 1; at > 0 && keys->pos[ids[at - 1]] < keys->pos[k]; at--)
                ids[at] = ids[at - 1];
            ids[at] = k;
        }
        st = append_unit(coarse, a->len + (b ? b->len : 0), flags, ids, n);
        if (st != TY_OK)
            return st;
        coarse->u[coarse->n - 1].rare = (uint16_t)(a->rare + (b ? b->rare : 0) > UINT16_MAX
                                                      ? UINT16_MAX
                                                      : a->rare + (b ? b->rare : 0));
    }
    /* ids[] is by weight: the units become sets of ids all at once */
    if ((st = sort_units(coarse, keys->n)) != TY_OK)
        return st;
    return ty__side_finish(coarse);
}

/* Count in df[] the units of `side` holding each key (once per unit). */
static void count_df(uint32_t *df, const ty__side *side)
{
    for (size_t i = 0; i < side->n; i++) {
        const uint32_t *k = side->key + side->u[i].key_off;
        for (size_t j = 0; j < side->u[i].key_n; j++)
            if (j == 0 || k[j] != k[j - 1])
                df[k[j]]++;
    }
}

ty_status ty__keys_weigh(ty__keys *keys, const ty__side *ja, const ty__side *en,
                         const double carry[TY__KINDS])
{
    size_t n = keys->n ? keys->n : 1;
    double nja = ja->n ? (double)ja->n : 1, nen = en->n ? (double)en->n : 1;

    for (int s = 0; s < 2; s++) {
        free(keys->df[s]);
        free(keys->neg[s]);
        keys->df[s] = calloc(n, sizeof *keys->df[s]);
        keys->neg[s] = calloc(n, sizeof *keys->neg[s]);
    }
    free(keys->pos);
    keys->pos = calloc(n, sizeof *keys->pos);
    if (!keys->df[0] || !keys->df[1] || !keys->neg[0] || !keys->neg[1] || !keys->pos)
        return TY_ERR_NOMEM;
    count_df(keys->df[0], ja);
    count_df(keys->df[1], en);
    for (size_t k = 0; k < keys->n; k++) {
        double dja = keys->df[0][k], den = keys->df[1][k], q = carry[keys->kind[k]];
        if (dja == 0 || den == 0)
            continue; /* on one side only: never shared, never informative when missing */
        /* sharing: P(shared | translation) / P(shared | unrelated) = q / (df/N), taken as
         * the geometric mean of the two sides' rates */
        double pos = log(q) + 0.5 * log(nja * nen / (dja * den));
        keys->pos[k] = pos > 0 ? (float)pos : 0.0f;
        /* missing: P(not on the other side | translation) / P(not in an unrelated unit) */
        double rja = dja / nja, ren = den / nen;
        double a = log(1 - q) - log(1 - (ren < 0.5 ? ren : 0.5));
        double b = log(1 - q) - log(1 - (rja < 0.5 ? rja : 0.5));
        keys->neg[0][k] = a < 0 ? (float)a : 0.0f; /* ja holds it, en does not */
        keys->neg[1][k] = b < 0 ? (float)b : 0.0f;
    }
    return TY_OK;
}

void ty__side_prune(ty__side *side, const ty__keys *keys)
{
    size_t w = 0;

    for (size_t i = 0; i < side->n; i++) {
        ty__unit *u = &side->u[i];
        size_t from = u->key_off, n = u->key_n;
        u->key_off = (uint32_t)w;
        for (size_t k = from; k < from + n; k++) {
            uint32_t id = side->key[k];
            if (keys->pos[id] > 0 || keys->neg[0][id] < 0 || keys->neg[1][id] < 0)
                side->key[w++] = id;
        }
        u->key_n = (uint32_t)(w - u->key_off);
    }
    side->nkey = w;
}
