/*
 * match.c — fuzzy-match scoring: normalized text to tokens (code points for Japanese, ICU
 * words for English), the Levenshtein distance between token sequences (Myers' bit-parallel
 * algorithm in Hyyrö's formulation, blocked for patterns longer than 64 tokens: O(n * m/64)
 * per pair), numbers and the number-difference penalty, and the percentage. It does not pick
 * candidates (lookup.c does).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include "anchors/anchors.h"
#include "base/error.h"
#include "tm.h"

/* ---- tokens ---- */

struct ty__matcher {
    UBreakIterator *words;
    UChar *u16;
    int32_t cap16;
    ty_anchor_ctx *anchors; /* for numbers, opened on first use */
    ty_anchor_set set;
};

ty_status ty__matcher_new(ty__matcher **out, ty_error *err)
{
    UErrorCode ue = U_ZERO_ERROR;
    ty__matcher *m = calloc(1, sizeof *m);

    *out = NULL;
    if (!m)
        return ty__nomem(err);
    m->words = ubrk_open(UBRK_WORD, "en", NULL, 0, &ue);
    if (U_FAILURE(ue)) {
        free(m);
        return ty__fail(err, TY_ERR_ICU, NULL, -1, -1, "cannot open the word breaker: %s",
                        u_errorName(ue));
    }
    *out = m;
    return TY_OK;
}

void ty__matcher_free(ty__matcher *m)
{
    if (!m)
        return;
    ubrk_close(m->words);
    free(m->u16);
    ty__anchor_ctx_free(m->anchors);
    ty__anchor_set_free(&m->set);
    free(m);
}

void ty__tokens_free(ty__tokens *t)
{
    free(t->v);
    memset(t, 0, sizeof *t);
}

static int push(ty__tokens *t, uint64_t sym)
{
    if (t->n == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 64;
        uint64_t *v;
        if (cap > TY_TM_MAX_TEXT + 64 || !(v = realloc(t->v, cap * sizeof *v)))
            return -1;
        t->v = v;
        t->cap = cap;
    }
    t->v[t->n++] = sym;
    return 0;
}

static int is_space_run(const UChar *u, int32_t s, int32_t e)
{
    for (int32_t i = s; i < e; i++)
        if (!u_isUWhiteSpace(u[i]))
            return 0;
    return 1;
}

static int words(ty__matcher *m, const char *s, size_t len, ty__tokens *out)
{
    UErrorCode ue = U_ZERO_ERROR;
    int32_t n16 = 0, start, end;

    if (len > TY_TM_MAX_TEXT)
        return -1;
    u_strFromUTF8WithSub(m->u16, m->cap16, &n16, s, (int32_t)len, 0xFFFD, NULL, &ue);
    if (ue == U_BUFFER_OVERFLOW_ERROR || n16 >= m->cap16) {
        UChar *p = realloc(m->u16, ((size_t)n16 + 1) * sizeof *p);
        if (!p)
            return -1;
        m->u16 = p;
        m->cap16 = n16 + 1;
        ue = U_ZERO_ERROR;
        u_strFromUTF8WithSub(m->u16, m->cap16, &n16, s, (int32_t)len, 0xFFFD, NULL, &ue);
    }
    if (U_FAILURE(ue))
        return -1;
    ubrk_setText(m->words, m->u16, n16, &ue);
    if (U_FAILURE(ue))
        return -1;
    start = ubrk_first(m->words);
    while ((end = ubrk_next(m->words)) != UBRK_DONE) {
        if (!is_space_run(m->u16, start, end) &&
            push(out, ty__tm_hash64(m->u16 + start, (size_t)(end - start) * sizeof(UChar))) != 0)
            return -1;
        start = end;
    }
    return 0;
}

int ty__tokenize(ty__matcher *m, ty_lang lang, const char *norm, size_t len, ty__tokens *out)
{
    int32_t i = 0, n = len > INT32_MAX ? INT32_MAX : (int32_t)len;
    const unsigned char *u = (const unsigned char *)norm;
    uint64_t *v;
    size_t k = 0;

    out->n = 0;
    if (lang == TY_LANG_EN)
        return words(m, norm, len, out);
    if ((size_t)n > TY_TM_MAX_TEXT + 64) { /* past the texts a memory holds: token by token */
        while (i < n) {
            UChar32 c;
            U8_NEXT(norm, i, n, c);
            if (push(out, (uint64_t)(c < 0 ? 0xFFFD : c)) != 0)
                return -1;
        }
        return 0;
    }
    /* at most a code point a byte: room once, then no checks in the loop */
    if ((size_t)n > out->cap) {
        if (!(v = realloc(out->v, (size_t)n * sizeof *v)))
            return -1;
        out->v = v;
        out->cap = (size_t)n;
    }
    v = out->v;
    while (i < n) {
        UChar32 c;
        if (u[i] < 0x80) {
            c = u[i++];
        } else if (u[i] >= 0xE1 && u[i] <= 0xEF && u[i] != 0xED && i + 2 < n &&
                   (u[i + 1] & 0xC0) == 0x80 && (u[i + 2] & 0xC0) == 0x80) {
            /* three bytes led by E1..EC or EE..EF: well formed whatever the trail bytes
             * (most Japanese); anything else as ICU reads it */
            c = (UChar32)(u[i] & 0x0F) << 12 | (UChar32)(u[i + 1] & 0x3F) << 6 | (u[i + 2] & 0x3F);
            i += 3;
        } else {
            U8_NEXT(norm, i, n, c);
        }
        v[k++] = (uint64_t)(c < 0 ? 0xFFFD : c);
    }
    out->n = k;
    return 0;
}

/* Word-break classes of printable ASCII (UAX #29 as ICU 72's word rules have it: '@' is a
 * letter there, ':' is not MidLetter). */
enum { WB_OTHER, WB_SPACE, WB_LETTER, WB_DIGIT, WB_UNDERSCORE, WB_MIDNUMLET, WB_MIDNUM };

static int wb_class(unsigned char c)
{
    if (((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '@')
        return WB_LETTER;
    if (c >= '0' && c <= '9')
        return WB_DIGIT;
    switch (c) {
    case ' ': return WB_SPACE;
    case '_': return WB_UNDERSCORE;
    case '.': case '\'': return WB_MIDNUMLET;
    case ',': case ';': return WB_MIDNUM;
    default: return WB_OTHER;
    }
}

/* Whether ICU's word rules keep b with a before it (p before a, n after b; WB_OTHER at the
 * ends): WB5, WB6/7, WB8-10, WB11/12, WB13a/b. Neither a nor b is a space. */
static int wb_joined(int p, int a, int b, int n)
{
    int alnum_a = a == WB_LETTER || a == WB_DIGIT, alnum_b = b == WB_LETTER || b == WB_DIGIT;

    if (alnum_a && alnum_b)
        return 1;
    if (b == WB_UNDERSCORE)
        return alnum_a || a == WB_UNDERSCORE;
    if (a == WB_UNDERSCORE)
        return alnum_b;
    if (b == WB_MIDNUMLET)
        return (a == WB_LETTER && n == WB_LETTER) || (a == WB_DIGIT && n == WB_DIGIT);
    if (b == WB_MIDNUM)
        return a == WB_DIGIT && n == WB_DIGIT;
    if (a == WB_MIDNUMLET)
        return (p == WB_LETTER && b == WB_LETTER) || (p == WB_DIGIT && b == WB_DIGIT);
    if (a == WB_MIDNUM)
        return p == WB_DIGIT && b == WB_DIGIT;
    return 0;
}

/* The words of a text of printable ASCII as words() counts them; -1 for any other byte. */
static long long ascii_words(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    long long k = 0;
    int p = WB_OTHER, a = WB_SPACE, b, n;

    if (len == 0)
        return 0;
    if (u[0] < 0x20 || u[0] > 0x7e)
        return -1;
    b = wb_class(u[0]);
    for (size_t i = 0; i < len; i++) {
        if (i + 1 < len) {
            if (u[i + 1] < 0x20 || u[i + 1] > 0x7e)
                return -1;
            n = wb_class(u[i + 1]);
        } else {
            n = WB_OTHER;
        }
        /* a word begins at each character that is not a space and not joined to the one
         * before it */
        if (b != WB_SPACE && (a == WB_SPACE || !wb_joined(p, a, b, n)))
            k++;
        p = a == WB_SPACE ? WB_OTHER : a;
        a = b;
        b = n;
    }
    return k;
}

int ty__en_words(ty__matcher *m, const char *norm, size_t len, ty__tokens *scratch, size_t *n)
{
    long long k = ascii_words(norm, len);

    if (k >= 0) {
        *n = (size_t)k;
        return 0;
    }
    if (ty__tokenize(m, TY_LANG_EN, norm, len, scratch) != 0)
        return -1;
    *n = scratch->n;
    return 0;
}

/* ---- Levenshtein distance, bit-parallel ---- */

struct ty__lev {
    size_t m, blocks, nsym, cap;
    uint64_t *keys;   /* open addressing: symbol → row of peq (keys[i] valid when used[i]) */
    uint32_t *row;
    unsigned char *used;
    uint64_t *peq;    /* nsym rows of `blocks` words: bit i of block b set when pattern token
                         64b+i is the symbol */
    uint64_t *zero;   /* a row for symbols not in the pattern */
    uint64_t *pv, *mv;
};

static size_t sym_slot(const ty__lev *l, uint64_t key)
{
    uint64_t h = key * 0x9e3779b97f4a7c15ull;
    size_t i = (size_t)(h >> 20) & (l->cap - 1);
    while (l->used[i] && l->keys[i] != key)
        i = (i + 1) & (l->cap - 1);
    return i;
}

void ty__lev_free(ty__lev *l)
{
    if (!l)
        return;
    free(l->keys);
    free(l->row);
    free(l->used);
    free(l->peq);
    free(l->zero);
    free(l->pv);
    free(l->mv);
    free(l);
}

ty__lev *ty__lev_new(const uint64_t *pattern, size_t m)
{
    ty__lev *l = calloc(1, sizeof *l);
    size_t cap = 16;

    if (!l)
        return NULL;
    l->m = m;
    l->blocks = m ? (m + 63) / 64 : 1;
    while (cap < 2 * m + 2)
        cap *= 2;
    l->cap = cap;
    l->keys = malloc(cap * sizeof *l->keys);
    l->row = malloc(cap * sizeof *l->row);
    l->used = calloc(cap, 1);
    l->peq = calloc((m ? m : 1) * l->blocks, sizeof *l->peq);
    l->zero = calloc(l->blocks, sizeof *l->zero);
    l->pv = malloc(l->blocks * sizeof *l->pv);
    l->mv = malloc(l->blocks * sizeof *l->mv);
    if (!l->keys || !l->row || !l->used || !l->peq || !l->zero || !l->pv || !l->mv) {
        ty__lev_free(l);
        return NULL;
    }
    for (size_t i = 0; i < m; i++) {
        size_t s = sym_slot(l, pattern[i]);
        if (!l->used[s]) {
            l->used[s] = 1;
            l->keys[s] = pattern[i];
            l->row[s] = (uint32_t)l->nsym++;
        }
        l->peq[(size_t)l->row[s] * l->blocks + i / 64] |= 1ull << (i % 64);
    }
    return l;
}

/* One column step of one block; returns the horizontal delta at the block's last row. */
static int step_block(uint64_t *pv, uint64_t *mv, uint64_t eq, int hin, uint64_t top)
{
    uint64_t Pv = *pv, Mv = *mv;
    uint64_t neg = hin < 0 ? 1 : 0;
    uint64_t Xv = eq | Mv, Xh, Ph, Mh;
    int hout;

    eq |= neg;
    Xh = (((eq & Pv) + Pv) ^ Pv) | eq;
    Ph = Mv | ~(Xh | Pv);
    Mh = Pv & Xh;
    hout = (Ph & top) ? 1 : (Mh & top) ? -1 : 0;
    Ph <<= 1;
    Mh <<= 1;
    Mh |= neg;
    Ph |= hin > 0 ? 1 : 0;
    *pv = Mh | ~(Xv | Ph);
    *mv = Ph & Xv;
    return hout;
}

/* The distance to a pattern of at most 64 tokens (one block). */
static size_t distance_1(const ty__lev *l, const uint64_t *text, size_t n, uint64_t top)
{
    uint64_t pv = ~0ull, mv = 0;
    size_t score = l->m;

    for (size_t j = 0; j < n; j++) {
        size_t s = sym_slot(l, text[j]);
        uint64_t eq = l->used[s] ? l->peq[l->row[s]] : 0;
        uint64_t xv = eq | mv, xh = (((eq & pv) + pv) ^ pv) | eq;
        uint64_t ph = mv | ~(xh | pv), mh = pv & xh;
        score = (ph & top) ? score + 1 : (mh & top) ? score - 1 : score;
        ph = ph << 1 | 1;
        mh <<= 1;
        pv = mh | ~(xv | ph);
        mv = ph & xv;
    }
    return score;
}

size_t ty__lev_distance(ty__lev *l, const uint64_t *text, size_t n)
{
    size_t nb = l->blocks, score = l->m;
    uint64_t last_top;

    if (l->m == 0)
        return n;
    if (n == 0)
        return l->m;
    last_top = 1ull << ((l->m - 1) % 64);
    if (nb == 1) /* most sentences: step_block with the top row's delta of 1, in registers */
        return distance_1(l, text, n, last_top);
    for (size_t b = 0; b < nb; b++) {
        l->pv[b] = ~0ull;
        l->mv[b] = 0;
    }
    for (size_t j = 0; j < n; j++) {
        size_t s = sym_slot(l, text[j]);
        const uint64_t *eq = l->used[s] ? l->peq + (size_t)l->row[s] * nb : l->zero;
        int h = 1; /* the top row: D[0][j] = j */
        for (size_t b = 0; b < nb; b++)
            h = step_block(&l->pv[b], &l->mv[b], eq[b], h, b + 1 < nb ? 1ull << 63 : last_top);
        score = (size_t)((long long)score + h);
    }
    return score;
}

/* ---- numbers ---- */

void ty__tm_numbers_free(ty__tm_numbers *nums)
{
    free(nums->v);
    memset(nums, 0, sizeof *nums);
}

int ty__tm_numbers_extract(ty__matcher *m, ty_lang lang, const char *s, size_t len,
                           ty__tm_numbers *out)
{
    ty_error e;

    memset(out, 0, sizeof *out);
    if (!m->anchors && ty__anchor_ctx_new(NULL, &m->anchors, &e) != TY_OK)
        return -1;
    m->set.n = 0;
    if (ty__anchors_numbers(m->anchors, lang, s, len, &m->set) != TY_OK)
        return -1;
    if (m->set.n == 0)
        return 0;
    if (!(out->v = malloc(m->set.n * sizeof *out->v)))
        return -1;
    for (size_t i = 0; i < m->set.n; i++) /* sorted by (kind, key); all are numbers */
        out->v[i] = m->set.v[i].key;
    out->n = m->set.n;
    return 0;
}

size_t ty__tm_numbers_diff(const ty__tm_numbers *a, const ty__tm_numbers *b)
{
    size_t i = 0, j = 0, only_a = 0, only_b = 0;
    while (i < a->n || j < b->n) {
        int c = i == a->n ? 1 : j == b->n ? -1 : a->v[i] < b->v[j] ? -1 : a->v[i] > b->v[j];
        if (c == 0) {
            i++;
            j++;
        } else if (c < 0) {
            only_a++;
            i++;
        } else {
            only_b++;
            j++;
        }
    }
    return only_a > only_b ? only_a : only_b;
}

/* ---- speaker labels ---- */

static size_t skip_spaces(const char *s, size_t i, size_t len)
{
    while (i < len && (s[i] == ' ' || s[i] == '\t'))
        i++;
    return i;
}

size_t ty__label_prefix(ty_lang lang, const char *s, size_t len)
{
    static const char open[] = "\xE3\x80\x90", close[] = "\xE3\x80\x91"; /* 【 】 */

    /* English labels ("minister kamikawa: ") cannot be told from a sentence with a colon
     * once the text is case-folded ("the reason is simple: ..."): left in */
    if (lang != TY_LANG_JA || len < 9 || memcmp(s, open, 3) != 0)
        return 0;
    for (size_t i = 3; i + 3 <= len && i <= 48; i++) {
        if (memcmp(s + i, close, 3) == 0) {
            size_t after = skip_spaces(s, i + 3, len);
            return i > 3 && after < len ? after : 0;
        }
    }
    return 0;
}

int ty__labels_differ(const char *a, size_t na, const char *b, size_t nb)
{
    while (na && (a[na - 1] == ' ' || a[na - 1] == '\t'))
        na--;
    while (nb && (b[nb - 1] == ' ' || b[nb - 1] == '\t'))
        nb--;
    return na != nb || (na && memcmp(a, b, na) != 0);
}

/* ---- scores ---- */

int ty__score(size_t d, size_t m, size_t n, size_t numbers_differ)
{
    size_t mx = m > n ? m : n;
    long long s;

    if (mx == 0)
        return numbers_differ ? 99 : 100;
    if (d > mx)
        d = mx;
    s = (long long)((100 * (mx - d)) / mx);
    if (numbers_differ) {
        size_t pen = TY__NUMBER_PENALTY * numbers_differ;
        s -= (long long)(pen > TY__NUMBER_PENALTY_MAX ? TY__NUMBER_PENALTY_MAX : pen);
        if (s > 99)
            s = 99;
    }
    return s < 0 ? 0 : (int)s;
}

int ty__match_score(ty__matcher *m, ty_lang lang, const char *a, const char *b,
                    int *numbers_differ)
{
    ty__tokens ta = {0}, tb = {0};
    ty__tm_numbers na = {0}, nb = {0};
    ty__lev *lev = NULL;
    int score = -1;
    size_t diff;

    size_t la = strlen(a), lb = strlen(b), pa = ty__label_prefix(lang, a, la),
           pb = ty__label_prefix(lang, b, lb);

    if (ty__tokenize(m, lang, a + pa, la - pa, &ta) != 0 ||
        ty__tokenize(m, lang, b + pb, lb - pb, &tb) != 0 || !(lev = ty__lev_new(ta.v, ta.n)) ||
        ty__tm_numbers_extract(m, lang, a + pa, la - pa, &na) != 0 ||
        ty__tm_numbers_extract(m, lang, b + pb, lb - pb, &nb) != 0)
        goto done;
    diff = ty__tm_numbers_diff(&na, &nb);
    if (numbers_differ)
        *numbers_differ = diff > 0;
    score = ty__score(ty__lev_distance(lev, tb.v, tb.n), ta.n, tb.n, diff);
    if (score == 100 && ty__labels_differ(a, pa, b, pb))
        score = 99;
done:
    ty__lev_free(lev);
    ty__tokens_free(&ta);
    ty__tokens_free(&tb);
    ty__tm_numbers_free(&na);
    ty__tm_numbers_free(&nb);
    return score;
}
