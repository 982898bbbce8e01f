/*
 * content_hash.c — the hashes the memory stores: a 64-bit hash of normalized texts (exact lookup,
 * duplicate detection) and a streaming 128-bit hash of a document's content (idempotent
 * imports). Both are fast non-cryptographic mixes (multiply, rotate, xor-shift finalizer);
 * they do not defend against deliberately colliding inputs, and every use that matters
 * compares the texts after the hashes agree. The values are part of the file format: they
 * must not change between versions without a schema migration. Also a set of hash pairs
 * (an import into an empty memory knows a pair it has not seen is new without a query).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tm.h"

#define K1 0x9e3779b97f4a7c15ull
#define K2 0xbf58476d1ce4e5b9ull
#define K3 0x94d049bb133111ebull

static uint64_t rotl(uint64_t x, int r)
{
    return (x << r) | (x >> (64 - r));
}

/* A bijective finalizer: every input bit affects every output bit. */
static uint64_t fmix(uint64_t x)
{
    x ^= x >> 30;
    x *= K2;
    x ^= x >> 27;
    x *= K3;
    x ^= x >> 31;
    return x;
}

/* Little-endian load, so the value does not depend on the machine. */
static uint64_t load64(const unsigned char *p)
{
    uint64_t w = 0;
    for (int i = 7; i >= 0; i--)
        w = (w << 8) | p[i];
    return w;
}

static uint64_t lane(uint64_t h, uint64_t w)
{
    return rotl(h ^ (w * K1), 31) * K2;
}

uint64_t ty__tm_hash64(const void *s, size_t n)
{
    const unsigned char *p = s;
    uint64_t h = K3 ^ ((uint64_t)n * K1);
    unsigned char tail[8] = {0};
    size_t i = 0;

    for (; i + 8 <= n; i += 8)
        h = lane(h, load64(p + i));
    memcpy(tail, p + i, n - i);
    h = lane(h, load64(tail) ^ ((uint64_t)(n - i) << 59));
    return fmix(h);
}

void ty__hash128_init(ty__hash128 *h)
{
    memset(h, 0, sizeof *h);
    h->a = K1;
    h->b = K3;
}

static void mix_word(ty__hash128 *h, uint64_t w)
{
    h->a = lane(h->a, w);
    h->b = rotl(h->b ^ fmix(w + h->a), 27) * K1 + K2;
}

void ty__hash128_add(ty__hash128 *h, const void *s, size_t n)
{
    const unsigned char *p = s;

    h->len += n;
    while (n > 0 && h->nbuf > 0 && h->nbuf < 8) {
        h->buf[h->nbuf++] = *p++;
        n--;
        if (h->nbuf == 8) {
            mix_word(h, load64(h->buf));
            h->nbuf = 0;
        }
    }
    for (; n >= 8; n -= 8, p += 8)
        mix_word(h, load64(p));
    memcpy(h->buf + h->nbuf, p, n);
    h->nbuf += n;
}

void ty__hash128_hex(ty__hash128 *h, char out[33])
{
    static const char hex[] = "0123456789abcdef";
    unsigned char tail[8] = {0};
    uint64_t a, b;

    memcpy(tail, h->buf, h->nbuf);
    mix_word(h, load64(tail) ^ (h->len * K1));
    a = fmix(h->a ^ rotl(h->b, 17));
    b = fmix(h->b + a);
    for (int i = 0; i < 16; i++) {
        out[i] = hex[(a >> (60 - 4 * i)) & 15];
        out[16 + i] = hex[(b >> (60 - 4 * i)) & 15];
    }
    out[32] = '\0';
}

/* ---- a set of (Japanese, English) hash pairs: open addressing on one mixed key ---- */

static uint64_t pair_key(uint64_t ja, uint64_t en)
{
    uint64_t k = fmix(ja ^ rotl(en, 32) ^ K1);
    return k ? k : 1; /* 0 marks an empty slot */
}

static void pairs_put(uint64_t *v, long long *ids, size_t cap, uint64_t k, long long id)
{
    size_t j = (size_t)k & (cap - 1);
    while (v[j] && v[j] != k)
        j = (j + 1) & (cap - 1);
    v[j] = k;
    ids[j] = id;
}

int ty__pair_set_add(ty__pair_set *s, uint64_t ja_hash, uint64_t en_hash, long long *id)
{
    uint64_t k = pair_key(ja_hash, en_hash);
    size_t j;

    if (2 * (s->n + 1) > s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 1024;
        uint64_t *v = calloc(cap, sizeof *v);
        long long *ids = malloc(cap * sizeof *ids);
        if (!v || !ids) {
            free(v);
            free(ids);
            return -1;
        }
        for (size_t i = 0; i < s->cap; i++)
            if (s->v[i])
                pairs_put(v, ids, cap, s->v[i], s->id[i]);
        free(s->v);
        free(s->id);
        s->v = v;
        s->id = ids;
        s->cap = cap;
    }
    j = (size_t)k & (s->cap - 1);
    while (s->v[j] && s->v[j] != k)
        j = (j + 1) & (s->cap - 1);
    if (s->v[j]) {
        *id = s->id[j];
        return 1;
    }
    s->v[j] = k;
    s->id[j] = *id;
    s->n++;
    return 0;
}

void ty__pair_set_free(ty__pair_set *s)
{
    free(s->v);
    free(s->id);
    memset(s, 0, sizeof *s);
}

/* ---- the units memo: open addressing on a hash of both texts, the texts compared ---- */

uint64_t ty__unit_memo_key(const char *ja, const char *en)
{
    return pair_key(ty__tm_hash64(ja, strlen(ja)), ty__tm_hash64(en, strlen(en)));
}

static size_t memo_slot(const ty__unit_memo *m, uint64_t key, const char *ja, const char *en)
{
    size_t j = (size_t)key & (m->cap - 1);
    while (m->key[j] &&
           (m->key[j] != key || strcmp(m->text[j], ja) || strcmp(m->text[j] + strlen(ja) + 1, en)))
        j = (j + 1) & (m->cap - 1);
    return j;
}

long long ty__unit_memo_find(const ty__unit_memo *m, uint64_t key, const char *ja,
                             const char *en)
{
    size_t j;

    if (!m->cap)
        return 0;
    j = memo_slot(m, key, ja, en);
    return m->key[j] ? m->id[j] : 0;
}

static int memo_grow(ty__unit_memo *m)
{
    size_t cap = m->cap ? 2 * m->cap : 1024;
    ty__unit_memo b = {NULL, NULL, NULL, m->n, cap, m->bytes};

    b.key = calloc(cap, sizeof *b.key);
    b.id = malloc(cap * sizeof *b.id);
    b.text = malloc(cap * sizeof *b.text);
    if (!b.key || !b.id || !b.text) {
        free(b.key);
        free(b.id);
        free(b.text);
        return -1;
    }
    for (size_t i = 0; i < m->cap; i++)
        if (m->key[i]) {
            size_t j = (size_t)m->key[i] & (cap - 1);
            while (b.key[j])
                j = (j + 1) & (cap - 1);
            b.key[j] = m->key[i];
            b.id[j] = m->id[i];
            b.text[j] = m->text[i];
        }
    free(m->key);
    free(m->id);
    free(m->text);
    *m = b;
    return 0;
}

int ty__unit_memo_add(ty__unit_memo *m, uint64_t key, const char *ja, const char *en,
                      long long id)
{
    size_t lj = strlen(ja), le = strlen(en), j;
    char *t;

    if (m->bytes + lj + le + 2 > TY__TM_MEMO_BYTES)
        ty__unit_memo_free(m);
    if ((2 * (m->n + 1) > m->cap && memo_grow(m) != 0) || !(t = malloc(lj + le + 2))) {
        ty__unit_memo_free(m);
        return -1;
    }
    memcpy(t, ja, lj + 1);
    memcpy(t + lj + 1, en, le + 1);
    j = memo_slot(m, key, ja, en);
    m->key[j] = key;
    m->id[j] = id;
    m->text[j] = t;
    m->n++;
    m->bytes += lj + le + 2;
    return 0;
}

void ty__unit_memo_free(ty__unit_memo *m)
{
    for (size_t i = 0; i < m->cap; i++)
        if (m->key[i])
            free(m->text[i]);
    free(m->key);
    free(m->id);
    free(m->text);
    memset(m, 0, sizeof *m);
}
