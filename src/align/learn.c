/*
 * learn.c — a lexicon learned from the document pair itself (the bootstrapping idea of
 * Moore 2002 and hunalign's -realign): in the first pass's confident beads, count how often a
 * Japanese token (a katakana word, or a kanji bigram / lone kanji) and an English word (3+
 * letters) occur in the same bead; link the pairs that co-occur at least twice with a high
 * Dice coefficient; then every Japanese unit gets a key for each English word its tokens link
 * to, and every English unit a key for each of its linked words. Without dictionaries, a
 * Japanese unit's link to a word of its own learning bead's English side counts only when the
 * other learning beads support it (Dice >= 0.6 on them): pass 1's beads teach the links, and
 * a stretch pass 1 got wrong would otherwise teach links that confirm it (a word of the
 * wrong English sentence, learned from that very bead). It also counts each
 * segment's rare content, the tokens no other segment of its document holds, for the
 * rare-content model (align.c). It does not score anything.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include "align.h"
#include "base/error.h"
#include "base/task.h"

/* Tokens per segment and per bead side that count (a longer segment's tail adds nothing). */
#define TY__LEARN_MAX_TOKENS 96
/* Confident beads used for learning, at most (spread evenly over the document): bounds time
 * and the co-occurrence table on very long documents. */
#define TY__LEARN_MAX_BEADS 2000
/* A link needs this many co-occurrences and this Dice coefficient; a Japanese token keeps its
 * best TY__LEARN_LINKS links, a unit at most TY__LEARN_UNIT_KEYS learned keys. */
#define TY__LEARN_MIN_PAIRS 2
#define TY__LEARN_MIN_DICE 0.4
#define TY__LEARN_LINKS 2
#define TY__LEARN_UNIT_KEYS 32
/* Without dictionaries, a Japanese unit's link to a word of its own learning bead's English
 * side needs this Dice coefficient on the other learning beads (see ty__learn_lexicon). */
#define TY__LEARN_OWN_DICE 0.6

/* Sort v[0, n) (n is at most TY__LEARN_MAX_TOKENS: insertion sort) and drop repeats. */
static size_t uniq(uint64_t *v, size_t n)
{
    size_t k = 0;

    for (size_t i = 1; i < n; i++) {
        uint64_t x = v[i];
        size_t j = i;
        for (; j > 0 && v[j - 1] > x; j--)
            v[j] = v[j - 1];
        v[j] = x;
    }
    for (size_t i = 0; i < n; i++)
        if (k == 0 || v[i] != v[k - 1])
            v[k++] = v[i];
    return k;
}

/* Whether c counts as a kanji: with `strict`, a character of the Han script itself (々 and 〇
 * too); otherwise also the punctuation that Han shares with kana (、。「」【】 have Han
 * among their script extensions), which the learned lexicon keeps: its links measured better
 * with it (doc/performance.md). */
static int kanji(UChar32 c, int strict)
{
    UErrorCode ec = U_ZERO_ERROR;
    if (!strict)
        return uscript_hasScript(c, USCRIPT_HAN);
    return uscript_getScript(c, &ec) == USCRIPT_HAN && U_SUCCESS(ec);
}

/* Append the token hashes of a segment's normalized text to out[*n, cap) (strict: see
 * kanji()). */
static void tokens(const ty_segment *s, ty_lang lang, uint64_t *out, size_t *n, size_t cap,
                   int strict)
{
    const uint8_t *t = (const uint8_t *)s->norm;
    int32_t len = s->norm_len > INT32_MAX ? INT32_MAX : (int32_t)s->norm_len, i = 0;

    while (i < len && *n < cap) {
        int32_t start = i, prev = i, runs = 0;
        UChar32 c;
        U8_NEXT(t, i, len, c);
        if (c < 0)
            continue;
        if (lang == TY_LANG_EN) {
            if (!u_isalpha(c))
                continue;
            for (runs = 1; i < len; runs++) {
                int32_t k = i;
                U8_NEXT(t, k, len, c);
                if (c < 0 || !u_isalpha(c))
                    break;
                i = k;
            }
            if (runs >= 3)
                out[(*n)++] = ty__hash_bytes(t + start, (size_t)(i - start), 2);
        } else if (uscript_hasScript(c, USCRIPT_KATAKANA) && !uscript_hasScript(c, USCRIPT_HIRAGANA)) {
            for (runs = 1; i < len; runs++) {
                int32_t k = i;
                U8_NEXT(t, k, len, c);
                if (c < 0 || !uscript_hasScript(c, USCRIPT_KATAKANA))
                    break;
                i = k;
            }
            if (runs >= 2)
                out[(*n)++] = ty__hash_bytes(t + start, (size_t)(i - start), 3);
        } else if (kanji(c, strict)) {
            /* kanji bigrams; a lone kanji stands for itself */
            for (runs = 1; i < len && *n < cap; runs++) {
                int32_t k = i;
                U8_NEXT(t, k, len, c);
                if (c < 0 || !kanji(c, strict))
                    break;
                out[(*n)++] = ty__hash_bytes(t + prev, (size_t)(k - prev), 4);
                prev = i;
                i = k;
            }
            if (runs == 1)
                out[(*n)++] = ty__hash_bytes(t + start, (size_t)(i - start), 4);
        }
    }
}

/* The distinct tokens of units [first, first + count) of a document. */
static size_t side_tokens(const ty_doc *doc, size_t first, size_t count, uint64_t *out,
                          int strict)
{
    size_t n = 0;
    for (size_t i = first; i < first + count; i++)
        tokens(ty_doc_segment(doc, i), ty_doc_lang(doc), out, &n, TY__LEARN_MAX_TOKENS, strict);
    return uniq(out, n);
}

typedef struct learner {
    ty__u64map tok[2];   /* token hash -> dense id, per language */
    uint32_t *cnt[2]; /* beads holding each token */
    size_t cap[2];
    ty__u64map pair;     /* ja id << 32 | en id -> co-occurrences */
    /* with `keep`: each learning bead's token ids, sorted, per language: bead b's are
     * ids[s][off[s][b], off[s][b + 1]) */
    int keep;
    uint32_t *ids[2];
    size_t *off[2], nids[2], capids[2], nb, capb;
} learner;

static uint32_t intern(learner *l, int side, uint64_t h)
{
    int created;
    uint32_t *slot = ty__u64map_insert(&l->tok[side], h, (uint32_t)l->tok[side].n, &created);
    if (!slot)
        return UINT32_MAX;
    if (created) {
        if (*slot >= l->cap[side]) {
            size_t cap = l->cap[side] ? 2 * l->cap[side] : 1024;
            uint32_t *c = realloc(l->cnt[side], cap * sizeof *c);
            if (!c)
                return UINT32_MAX;
            l->cnt[side] = c;
            l->cap[side] = cap;
        }
        l->cnt[side][*slot] = 0;
    }
    return *slot;
}

static void learner_free(learner *l)
{
    for (int s = 0; s < 2; s++) {
        ty__u64map_free(&l->tok[s]);
        free(l->cnt[s]);
        free(l->ids[s]);
        free(l->off[s]);
    }
    ty__u64map_free(&l->pair);
}

/* Append a bead's token ids (sorted) to l->ids. */
static int keep_ids(learner *l, uint32_t *ij, size_t nj, uint32_t *ie, size_t ne)
{
    uint32_t *v[2] = {ij, ie};
    size_t n[2] = {nj, ne};

    if (l->nb + 2 > l->capb) {
        size_t cap = 2 * l->capb + 64;
        for (int s = 0; s < 2; s++) {
            size_t *o = realloc(l->off[s], cap * sizeof *o);
            if (!o)
                return -1;
            l->off[s] = o;
        }
        l->capb = cap;
    }
    for (int s = 0; s < 2; s++) {
        if (l->nids[s] + n[s] > l->capids[s]) {
            size_t cap = 2 * (l->capids[s] + n[s]);
            uint32_t *d = realloc(l->ids[s], cap * sizeof *d);
            if (!d)
                return -1;
            l->ids[s] = d;
            l->capids[s] = cap;
        }
        l->off[s][l->nb] = l->nids[s];
        if (n[s] > 0) { /* with none, ids[s] and v[s] may be NULL */
            memcpy(l->ids[s] + l->nids[s], v[s], n[s] * sizeof *v[s]);
            ty__sort_u32(l->ids[s] + l->nids[s], n[s]);
            l->nids[s] += n[s];
        }
        l->off[s][l->nb + 1] = l->nids[s];
    }
    l->nb++;
    return 0;
}

/* Whether bead b's side s holds token id t. */
static int bead_has(const learner *l, int s, size_t b, uint32_t t)
{
    size_t lo = l->off[s][b], hi = l->off[s][b + 1];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (l->ids[s][mid] < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < l->off[s][b + 1] && l->ids[s][lo] == t;
}

/* Count one bead's tokens and their pairs. */
static int count_bead(learner *l, const uint64_t *tj, size_t nj, const uint64_t *te, size_t ne)
{
    uint32_t ij[TY__LEARN_MAX_TOKENS], ie[TY__LEARN_MAX_TOKENS];
    int created;

    for (size_t x = 0; x < nj; x++)
        if ((ij[x] = intern(l, 0, tj[x])) == UINT32_MAX)
            return -1;
    for (size_t y = 0; y < ne; y++)
        if ((ie[y] = intern(l, 1, te[y])) == UINT32_MAX)
            return -1;
    if (l->keep && keep_ids(l, ij, nj, ie, ne) != 0)
        return -1;
    for (size_t x = 0; x < nj; x++)
        l->cnt[0][ij[x]]++;
    for (size_t y = 0; y < ne; y++)
        l->cnt[1][ie[y]]++;
    for (size_t x = 0; x < nj; x++) {
        for (size_t y = 0; y < ne; y++) {
            uint32_t *c = ty__u64map_insert(&l->pair, (uint64_t)ij[x] << 32 | ie[y], 0, &created);
            if (!c)
                return -1;
            (*c)++;
        }
    }
    return 0;
}

/* Whether the link from Japanese token g to English word w holds on the learning beads but
 * one that holds both: seen together elsewhere, with a Dice coefficient of at least
 * TY__LEARN_OWN_DICE there. */
static int link_without_bead(const learner *l, uint32_t g, uint32_t w)
{
    uint32_t *c = ty__u64map_find(&l->pair, (uint64_t)g << 32 | w);
    if (!c || *c < 2)
        return 0;
    return 2.0 * (*c - 1) / (double)(l->cnt[0][g] + l->cnt[1][w] - 2) >= TY__LEARN_OWN_DICE;
}

/* Rebuild `side` with, for each unit, its keys plus the learned ones. For the Japanese side,
 * bead_of[i] (may be NULL) is 1 + the index of the learning bead that holds unit i (0: none):
 * its links to the words of that bead's English side count only when they hold without it
 * (link_without_bead). */
static ty_status add_keys(const ty_doc *doc, const learner *l, const uint32_t *loff,
                          const uint32_t *lw, const uint32_t *wkey, ty__side *side,
                          const uint32_t *bead_of)
{
    uint64_t tok[TY__LEARN_MAX_TOKENS];
    uint32_t *buf = NULL;
    ty__side out = {0};
    int lang = ty_doc_lang(doc) == TY_LANG_JA ? 0 : 1;
    ty_status st = TY_OK;
    size_t bcap = 0;

    for (size_t i = 0; i < side->n; i++) {
        const ty__unit *u = &side->u[i];
        size_t nt = side_tokens(doc, i, 1, tok, 0), keep = u->key_n;
        size_t own = bead_of && bead_of[i] ? bead_of[i] - 1 : SIZE_MAX;
        size_t need = u->key_n + TY__LEARN_UNIT_KEYS;
        if (need > bcap) {
            uint32_t *b = realloc(buf, need * sizeof *b);
            if (!b) {
                st = TY_ERR_NOMEM;
                goto done;
            }
            buf = b;
            bcap = need;
        }
        memcpy(buf, side->key + u->key_off, u->key_n * sizeof *buf);
        for (size_t t = 0; t < nt && keep < need; t++) {
            uint32_t *id = ty__u64map_find(&l->tok[lang], tok[t]);
            uint32_t from, to;
            if (!id)
                continue;
            if (lang == 1) { /* an English word: its key if it is linked */
                from = 0;
                to = wkey[*id] != UINT32_MAX;
            } else {
                from = loff[*id];
                to = loff[*id + 1];
            }
            for (uint32_t k = from; k < to && keep < need; k++) {
                uint32_t key = lang == 1 ? wkey[*id] : wkey[lw[k]];
                size_t y = u->key_n;
                if (own != SIZE_MAX && bead_has(l, 1, own, lw[k]) &&
                    !link_without_bead(l, *id, lw[k]))
                    continue;
                while (y < keep && buf[y] != key) /* a word linked twice counts once */
                    y++;
                if (y == keep)
                    buf[keep++] = key;
            }
        }
        if ((st = ty__side_push(&out, u->len, u->flags, buf, keep)) != TY_OK)
            goto done;
        out.u[out.n - 1].rare = u->rare;
    }
    if ((st = ty__side_finish(&out)) != TY_OK)
        goto done;
    ty__side_free(side);
    *side = out;
    memset(&out, 0, sizeof out);
done:
    ty__side_free(&out);
    free(buf);
    return st;
}

/* add_keys for one side, as a task (the two sides' are independent). */
typedef struct keys_job {
    const ty_doc *doc;
    const learner *l;
    const uint32_t *loff, *lw, *wkey;
    ty__side *side;
    const uint32_t *bead_of;
    ty_status st;
} keys_job;

static void add_keys_job(void *p)
{
    keys_job *j = p;
    j->st = add_keys(j->doc, j->l, j->loff, j->lw, j->wkey, j->side, j->bead_of);
}

ty_status ty__learn_lexicon(const ty_doc *ja, const ty_doc *en, const ty__path *path,
                            double min_conf, int own_bead, ty__keys *keys, ty__side *sja,
                            ty__side *sen, int two, ty_error *err)
{
    learner l;
    uint64_t tj[TY__LEARN_MAX_TOKENS], te[TY__LEARN_MAX_TOKENS];
    uint32_t *loff = NULL, *lw = NULL, *wkey = NULL;
    double *best = NULL;
    uint32_t *bead_of = NULL;
    size_t confident = 0, step, nlinks = 0, used = 0;
    ty_status st = TY_OK;

    memset(&l, 0, sizeof l);
    l.keep = own_bead;
    if (own_bead && !(bead_of = calloc(sja->n ? sja->n : 1, sizeof *bead_of)))
        return ty__nomem(err);
    for (size_t k = 0; k < path->n; k++)
        confident += path->bead[k].confidence >= min_conf && path->bead[k].ja_count &&
                     path->bead[k].en_count;
    step = confident / TY__LEARN_MAX_BEADS + 1;
    for (size_t k = 0, seen = 0; k < path->n; k++) {
        const ty_bead *b = &path->bead[k];
        if (b->confidence < min_conf || !b->ja_count || !b->en_count || seen++ % step)
            continue;
        size_t nj = side_tokens(ja, b->ja_first, b->ja_count, tj, 0);
        size_t ne = side_tokens(en, b->en_first, b->en_count, te, 0);
        if (count_bead(&l, tj, nj, te, ne) != 0)
            goto nomem;
        for (size_t i = b->ja_first; bead_of && i < b->ja_first + b->ja_count; i++)
            bead_of[i] = (uint32_t)(used + 1);
        used++;
    }
    if (used < 4)
        goto done; /* too little to learn from */
    /* each Japanese token's best TY__LEARN_LINKS words (Dice, then co-occurrences) */
    loff = calloc(l.tok[0].n + 1, sizeof *loff);
    lw = malloc((l.tok[0].n * TY__LEARN_LINKS + 1) * sizeof *lw);
    best = calloc(l.tok[0].n * TY__LEARN_LINKS + 1, sizeof *best);
    wkey = malloc((l.tok[1].n + 1) * sizeof *wkey);
    if (!loff || !lw || !best || !wkey)
        goto nomem;
    for (size_t w = 0; w < l.tok[1].n; w++)
        wkey[w] = UINT32_MAX;
    for (size_t s = 0; s < l.pair.cap; s++) {
        if (!l.pair.used[s] || l.pair.val[s] < TY__LEARN_MIN_PAIRS)
            continue;
        uint32_t g = (uint32_t)(l.pair.key[s] >> 32), w = (uint32_t)l.pair.key[s];
        double dice = 2.0 * l.pair.val[s] / (double)(l.cnt[0][g] + l.cnt[1][w]);
        double score = dice + 1e-6 * l.pair.val[s];
        if (dice < TY__LEARN_MIN_DICE)
            continue;
        /* insert into g's short list, kept in decreasing order */
        double *bs = best + (size_t)g * TY__LEARN_LINKS;
        uint32_t *bw = lw + (size_t)g * TY__LEARN_LINKS;
        for (unsigned x = 0; x < TY__LEARN_LINKS; x++) {
            if (score <= bs[x])
                continue;
            for (unsigned y = TY__LEARN_LINKS - 1; y > x; y--) {
                bs[y] = bs[y - 1];
                bw[y] = bw[y - 1];
            }
            bs[x] = score;
            bw[x] = w;
            break;
        }
    }
    /* compact the short lists: loff[g] .. loff[g + 1] */
    for (size_t g = 0; g < l.tok[0].n; g++) {
        loff[g] = (uint32_t)nlinks;
        for (unsigned x = 0; x < TY__LEARN_LINKS; x++) {
            uint32_t w = lw[g * TY__LEARN_LINKS + x];
            if (best[g * TY__LEARN_LINKS + x] == 0)
                break;
            lw[nlinks++] = w;
            if (wkey[w] == UINT32_MAX &&
                (wkey[w] = ty__keys_intern(keys, TY__KIND_LEARNED, w)) == UINT32_MAX)
                goto nomem;
        }
    }
    loff[l.tok[0].n] = (uint32_t)nlinks;
    if (nlinks == 0)
        goto done;
    keys_job job[2] = {{ja, &l, loff, lw, wkey, sja, bead_of, TY_OK},
                       {en, &l, loff, lw, wkey, sen, NULL, TY_OK}};
    ty__task task;
    ty__task_start(&task, two, add_keys_job, &job[1]);
    add_keys_job(&job[0]);
    ty__task_join(&task);
    if ((st = job[0].st) != TY_OK || (st = job[1].st) != TY_OK) {
        ty__fail(err, st, NULL, -1, -1, "cannot add the learned lexicon: %s", ty_strerror(st));
        goto done;
    }
    goto done;
nomem:
    st = ty__nomem(err);
done:
    learner_free(&l);
    free(loff);
    free(lw);
    free(best);
    free(wkey);
    free(bead_of);
    return st;
}

ty_status ty__rare_counts(const ty_doc *doc, ty__side *side, uint64_t *total)
{
    uint64_t tok[TY__LEARN_MAX_TOKENS];
    ty__u64map df = {0};
    int created;

    *total = 0;
    /* first the document frequency of each token (1, or 2 for more), then the counts; a
     * near-repetition (TY__U_REPEAT) is a copy of a sentence before it, not a second use of
     * its words, and does not count in the frequencies */
    for (int round = 0; round < 2; round++) {
        for (size_t i = 0; i < side->n; i++) {
            if (round == 0 && (side->u[i].flags & TY__U_REPEAT))
                continue;
            size_t nt = side_tokens(doc, i, 1, tok, 1), rare = 0;
            for (size_t t = 0; t < nt; t++) {
                uint32_t *c = round ? ty__u64map_find(&df, tok[t])
                                    : ty__u64map_insert(&df, tok[t], 0, &created);
                if (!c && !round) {
                    ty__u64map_free(&df);
                    return TY_ERR_NOMEM;
                }
                if (round == 0)
                    *c += *c < 2;
                else /* a repetition's own words (in no counted unit) are rare too */
                    rare += !c || *c == 1;
            }
            if (round) {
                side->u[i].rare = rare > UINT16_MAX ? UINT16_MAX : (uint16_t)rare;
                *total += rare;
            }
        }
    }
    ty__u64map_free(&df);
    return TY_OK;
}
