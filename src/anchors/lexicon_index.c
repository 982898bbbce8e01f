/*
 * lexicon_index.c — the compact lexicon index: built once from the entries the readers
 * collect, searched by longest match, and stored as a cache file that is mmap'd as is.
 *
 * Image layout (native byte order: a cache is a file of this machine, not an exchange format):
 *   header (struct lex_header: magic, version, source signature, sizes, two checksums)
 *   slots    2^slots_log2 × {u32 fingerprint, u32 record offset (0 = empty)}, linear probing
 *            on the 64-bit FNV-1a hash of the headword's UTF-8 bytes
 *   filter   2^filter_log2 bits: for every proper prefix of a headword one bit, for every
 *            headword another (both in the cache line the hash picks), so the search stops
 *            extending as soon as no headword can start with what it has read, and probes the
 *            table only where a headword may end
 *   records  {u8 headword bytes, u8 key count, headword, keys (u32, unaligned)}, padded to 8
 * A file is trusted only after its magic, version, signature, sizes and the checksum of the
 * whole body match; lookups still bound-check every record. It does not read sources: lexicon.c.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/atomic_file.h"
#include "base/error.h"
#include "lexicon.h"

#define TY__LEX_MAGIC "TYLEXIDX"
#define TY__LEX_VERSION 4u      /* bump when the layout, the hash, stemming or keys change */
#define TY__LEX_KEYS 16         /* keys kept per headword, first sources' lines first */
#define TY__LEX_MAX_ENTRIES (1u << 26)
#define TY__LEX_MAX_HW 255      /* bytes of a headword */
#define TY__LEX_MAX_CHARS 32    /* code points of a headword considered by the search */

typedef struct lex_header {
    char magic[8];
    uint32_t version;
    uint32_t n_entries;
    uint64_t signature;
    uint32_t slots_log2;
    uint32_t filter_log2;
    uint32_t max_chars;
    uint32_t reserved;
    uint64_t records_size;
    uint64_t body_size;
    uint64_t body_sum;
    uint64_t header_sum; /* of the bytes before this field */
} lex_header;

typedef struct lex_slot {
    uint32_t fp, off;
} lex_slot;

struct ty__lexidx {
    const unsigned char *image;
    size_t size;
    int mapped; /* 1: mmap'd file, 0: malloc'd */
    const lex_header *h;
    const lex_slot *slots;
    const unsigned char *filter;
    const unsigned char *records;
    uint64_t slot_mask, filter_bits;
};

/* ---- hashing -------------------------------------------------------------------------- */

#define FNV64_OFFSET 1469598103934665603ull
#define FNV64_PRIME 1099511628211ull

static uint64_t fnv64(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ s[i]) * FNV64_PRIME;
    return h;
}

/* The filter is blocked: both bits of a string fall in one 512-bit block (one cache line), so
 * a search step costs one memory access for the two questions. */
static uint64_t filter_block(uint64_t h, unsigned log2)
{
    return ((h * 0x9e3779b97f4a7c15ull) >> (64 - (log2 - 9))) << 9;
}

static uint64_t filter_prefix_bit(uint64_t h, unsigned log2)
{
    return filter_block(h, log2) | ((h >> 7) & 511);
}

static uint64_t filter_word_bit(uint64_t h, unsigned log2)
{
    return filter_block(h, log2) | ((h >> 19) & 511);
}

/* A checksum fast enough to run on every load: four independent lanes over 64-bit words. */
static uint64_t checksum(const unsigned char *p, size_t n)
{
    uint64_t a = 1, b = 2, c = 3, d = 4, w[4];
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        memcpy(w, p + i, 32);
        a = (a ^ w[0]) * 0x100000001b3ull + (a >> 41);
        b = (b ^ w[1]) * 0x100000001b3ull + (b >> 41);
        c = (c ^ w[2]) * 0x100000001b3ull + (c >> 41);
        d = (d ^ w[3]) * 0x100000001b3ull + (d >> 41);
    }
    a = fnv64(a ^ fnv64(b, &c, 8), &d, 8);
    return fnv64(a, p + i, n - i);
}

/* ---- the builder ---------------------------------------------------------------------- */

typedef struct bent {
    const char *hw; /* set just before sorting (the arena does not move then) */
    uint32_t hw_off, key_off, seq;
    uint16_t nkeys;
    uint8_t hw_len;
} bent;

struct ty__lexbuild {
    char *hw;
    size_t hw_n, hw_cap;
    uint32_t *keys;
    size_t keys_n, keys_cap;
    bent *e;
    size_t n, cap;
};

ty__lexbuild *ty__lexbuild_new(void)
{
    return calloc(1, sizeof(ty__lexbuild));
}

void ty__lexbuild_free(ty__lexbuild *b)
{
    if (!b)
        return;
    free(b->hw);
    free(b->keys);
    free(b->e);
    free(b);
}

size_t ty__lexbuild_count(const ty__lexbuild *b)
{
    return b ? b->n : 0;
}

void ty__lexbuild_truncate(ty__lexbuild *b, size_t n)
{
    if (n < b->n) {
        b->hw_n = b->e[n].hw_off;
        b->keys_n = b->e[n].key_off;
        b->n = n;
    }
}

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
    size_t c = *cap ? *cap : 1024;
    void *q;
    if (need <= *cap)
        return 1;
    while (c < need)
        c *= 2;
    q = realloc(*p, c * size);
    if (!q)
        return 0;
    *p = q;
    *cap = c;
    return 1;
}

ty_status ty__lexbuild_add(ty__lexbuild *b, const char *hw, size_t hw_len, const uint32_t *keys,
                           size_t nkeys)
{
    if (hw_len == 0 || hw_len > TY__LEX_MAX_HW || nkeys == 0)
        return TY_OK;
    if (b->n >= TY__LEX_MAX_ENTRIES || b->keys_n + nkeys > UINT32_MAX ||
        b->hw_n + hw_len > UINT32_MAX)
        return TY_ERR_TOOBIG;
    if (nkeys > TY__LEX_KEYS)
        nkeys = TY__LEX_KEYS;
    if (!grow((void **)&b->hw, &b->hw_cap, b->hw_n + hw_len, 1) ||
        !grow((void **)&b->keys, &b->keys_cap, b->keys_n + nkeys, sizeof *b->keys) ||
        !grow((void **)&b->e, &b->cap, b->n + 1, sizeof *b->e))
        return TY_ERR_NOMEM;
    b->e[b->n] = (bent){NULL, (uint32_t)b->hw_n, (uint32_t)b->keys_n, (uint32_t)b->n,
                        (uint16_t)nkeys, (uint8_t)hw_len};
    memcpy(b->hw + b->hw_n, hw, hw_len);
    memcpy(b->keys + b->keys_n, keys, nkeys * sizeof *keys);
    b->hw_n += hw_len;
    b->keys_n += nkeys;
    b->n++;
    return TY_OK;
}

static int bent_cmp(const void *x, const void *y)
{
    const bent *a = x, *b = y;
    size_t n = a->hw_len < b->hw_len ? a->hw_len : b->hw_len;
    int c = memcmp(a->hw, b->hw, n);
    if (c)
        return c;
    if (a->hw_len != b->hw_len)
        return a->hw_len < b->hw_len ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static int same_hw(const ty__lexbuild *b, size_t i, size_t j)
{
    return b->e[i].hw_len == b->e[j].hw_len &&
           memcmp(b->hw + b->e[i].hw_off, b->hw + b->e[j].hw_off, b->e[i].hw_len) == 0;
}

/* ---- building an image ---------------------------------------------------------------- */

static unsigned log2_at_least(uint64_t n)
{
    unsigned k = 4;
    while (k < 40 && (1ull << k) < n)
        k++;
    return k;
}

static size_t utf8_len(unsigned char c)
{
    return c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
}

static void index_view(ty__lexidx *idx)
{
    const lex_header *h = (const lex_header *)idx->image;
    idx->h = h;
    idx->slot_mask = (1ull << h->slots_log2) - 1;
    idx->filter_bits = 1ull << h->filter_log2;
    idx->slots = (const lex_slot *)(idx->image + sizeof *h);
    idx->filter = (const unsigned char *)(idx->slots + (idx->slot_mask + 1));
    idx->records = idx->filter + idx->filter_bits / 8;
}

ty_status ty__lexidx_build(ty__lexbuild *b, uint64_t signature, ty__lexidx **out)
{
    size_t distinct = 0, rec_size = 8, prefixes = 0, max_chars = 0, i, j;
    uint32_t *merged = NULL;
    ty__lexidx *idx = NULL;
    unsigned char *img = NULL;
    ty_status st = TY_ERR_NOMEM;

    *out = NULL;
    for (i = 0; i < b->n; i++)
        b->e[i].hw = b->hw + b->e[i].hw_off;
    if (b->n > 1)
        qsort(b->e, b->n, sizeof *b->e, bent_cmp);
    merged = malloc(TY__LEX_KEYS * sizeof *merged);
    idx = calloc(1, sizeof *idx);
    if (!merged || !idx)
        goto cleanup;
    /* pass 1: sizes */
    for (i = 0; i < b->n; i = j) {
        size_t nk = 0, chars = 0;
        for (j = i; j < b->n && same_hw(b, i, j); j++)
            nk += b->e[j].nkeys;
        if (nk > TY__LEX_KEYS)
            nk = TY__LEX_KEYS;
        for (size_t k = 0; k < b->e[i].hw_len; k += utf8_len((unsigned char)b->hw[b->e[i].hw_off + k]))
            chars++;
        prefixes += chars;
        if (chars > max_chars)
            max_chars = chars;
        distinct++;
        rec_size += 2 + b->e[i].hw_len + 4 * nk;
    }
    if (max_chars > TY__LEX_MAX_CHARS)
        max_chars = TY__LEX_MAX_CHARS;
    rec_size = (rec_size + 7) & ~(size_t)7;
    if (rec_size > UINT32_MAX) {
        st = TY_ERR_TOOBIG;
        goto cleanup;
    }
    /* a load up to 0.8: lookups that miss rarely reach the table (the filter stops them) */
    unsigned slots_log2 = log2_at_least(distinct + distinct / 4 + 1);
    unsigned filter_log2 = log2_at_least(prefixes * 12 + 1024);
    size_t nslots = (size_t)1 << slots_log2, filter_bytes = ((size_t)1 << filter_log2) / 8;
    size_t body = nslots * sizeof(lex_slot) + filter_bytes + rec_size;
    img = calloc(1, sizeof(lex_header) + body);
    if (!img)
        goto cleanup;
    lex_header *h = (lex_header *)img;
    lex_slot *slots = (lex_slot *)(img + sizeof *h);
    unsigned char *filter = (unsigned char *)(slots + nslots), *rec = filter + filter_bytes;
    size_t at = 8;
    /* pass 2: records, slots, filter */
    for (i = 0; i < b->n; i = j) {
        size_t nk = 0, len = b->e[i].hw_len;
        const char *hw = b->hw + b->e[i].hw_off;
        uint64_t hh = FNV64_OFFSET;
        for (j = i; j < b->n && same_hw(b, i, j); j++) {
            for (size_t k = 0; k < b->e[j].nkeys && nk < TY__LEX_KEYS; k++) {
                uint32_t key = b->keys[b->e[j].key_off + k];
                size_t m = 0;
                while (m < nk && merged[m] != key)
                    m++;
                if (m == nk)
                    merged[nk++] = key;
            }
        }
        for (size_t k = 0; k < len;) {
            size_t cl = utf8_len((unsigned char)hw[k]);
            hh = fnv64(hh, hw + k, cl);
            k += cl;
            if (k < len) {
                uint64_t bit = filter_prefix_bit(hh, filter_log2);
                filter[bit >> 3] |= (unsigned char)(1u << (bit & 7));
            }
        }
        uint64_t bit = filter_word_bit(hh, filter_log2);
        filter[bit >> 3] |= (unsigned char)(1u << (bit & 7));
        size_t s = (size_t)hh & (nslots - 1);
        while (slots[s].off)
            s = (s + 1) & (nslots - 1);
        slots[s].fp = (uint32_t)(hh >> 32);
        slots[s].off = (uint32_t)at;
        rec[at] = (unsigned char)len;
        rec[at + 1] = (unsigned char)nk;
        memcpy(rec + at + 2, hw, len);
        memcpy(rec + at + 2 + len, merged, 4 * nk);
        at += 2 + len + 4 * nk;
    }
    memcpy(h->magic, TY__LEX_MAGIC, 8);
    h->version = TY__LEX_VERSION;
    h->n_entries = (uint32_t)distinct;
    h->signature = signature;
    h->slots_log2 = slots_log2;
    h->filter_log2 = filter_log2;
    h->max_chars = (uint32_t)max_chars;
    h->records_size = rec_size;
    h->body_size = body;
    h->body_sum = checksum(img + sizeof *h, body);
    h->header_sum = checksum(img, offsetof(lex_header, header_sum));
    idx->image = img;
    idx->size = sizeof(lex_header) + body;
    idx->mapped = 0;
    index_view(idx);
    *out = idx;
    idx = NULL;
    img = NULL;
    st = TY_OK;
cleanup:
    free(merged);
    free(img);
    free(idx);
    return st;
}

/* ---- files ---------------------------------------------------------------------------- */

ty_status ty__lexidx_write(const ty__lexidx *idx, const char *path, ty_error *err)
{
    ty__afile *f;
    ty_status rc;

    if ((rc = ty__afile_open(path, &f, err)) != TY_OK)
        return rc;
    if ((rc = ty__afile_write(f, idx->image, idx->size, err)) != TY_OK) {
        ty__afile_abort(f);
        return rc;
    }
    return ty__afile_commit(f, err);
}

static int image_valid(const unsigned char *img, size_t size, uint64_t signature)
{
    lex_header h;
    if (size < sizeof h)
        return 0;
    memcpy(&h, img, sizeof h);
    if (memcmp(h.magic, TY__LEX_MAGIC, 8) != 0 || h.version != TY__LEX_VERSION ||
        h.signature != signature || h.header_sum != checksum(img, offsetof(lex_header, header_sum)))
        return 0;
    if (h.slots_log2 < 4 || h.slots_log2 > 34 || h.filter_log2 < 10 || h.filter_log2 > 40 ||
        h.max_chars > TY__LEX_MAX_CHARS || h.records_size > UINT32_MAX ||
        h.body_size != size - sizeof h)
        return 0;
    uint64_t expect = (1ull << h.slots_log2) * sizeof(lex_slot) + (1ull << h.filter_log2) / 8 +
                      h.records_size;
    if (expect != h.body_size)
        return 0;
    return checksum(img + sizeof h, h.body_size) == h.body_sum;
}

ty_status ty__lexidx_open(const char *path, uint64_t signature, ty__lexidx **out)
{
    struct stat sb;
    void *map;
    ty__lexidx *idx;
    int fd;

    *out = NULL;
    fd = open(path, O_RDONLY);
    if (fd < 0)
        return TY_ERR_NOTFOUND;
    if (fstat(fd, &sb) != 0 || sb.st_size < (off_t)sizeof(lex_header)) {
        close(fd);
        return TY_ERR_FORMAT;
    }
    map = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED)
        return TY_ERR_IO;
    if (!image_valid(map, (size_t)sb.st_size, signature)) {
        munmap(map, (size_t)sb.st_size);
        return TY_ERR_FORMAT;
    }
    idx = calloc(1, sizeof *idx);
    if (!idx) {
        munmap(map, (size_t)sb.st_size);
        return TY_ERR_NOMEM;
    }
    idx->image = map;
    idx->size = (size_t)sb.st_size;
    idx->mapped = 1;
    index_view(idx);
    *out = idx;
    return TY_OK;
}

size_t ty__lexidx_count(const ty__lexidx *idx)
{
    return idx ? idx->h->n_entries : 0;
}

void ty__lexidx_free(ty__lexidx *idx)
{
    if (!idx)
        return;
    if (idx->mapped)
        munmap((void *)idx->image, idx->size);
    else
        free((void *)idx->image);
    free(idx);
}

/* ---- search --------------------------------------------------------------------------- */

static int filter_has(const ty__lexidx *idx, uint64_t bit)
{
    return (idx->filter[bit >> 3] >> (bit & 7)) & 1;
}

static const unsigned char *find(const ty__lexidx *idx, uint64_t hh, const char *hw, size_t len)
{
    uint32_t fp = (uint32_t)(hh >> 32);
    uint64_t s = hh & idx->slot_mask;
    for (uint64_t probes = 0; probes <= idx->slot_mask; probes++) {
        const lex_slot *sl = &idx->slots[s];
        if (!sl->off)
            return NULL;
        if (sl->fp == fp && sl->off + 2 + (uint64_t)len <= idx->h->records_size) {
            const unsigned char *r = idx->records + sl->off;
            if (r[0] == len && memcmp(r + 2, hw, len) == 0 &&
                sl->off + 2 + len + 4 * (uint64_t)r[1] <= idx->h->records_size)
                return r;
        }
        s = (s + 1) & idx->slot_mask;
    }
    return NULL;
}

size_t ty__lexidx_longest(const ty__lexidx *idx, const ty__chars *t, size_t i,
                          const uint8_t **keys, size_t *nkeys)
{
    uint64_t hh = FNV64_OFFSET;
    unsigned log2 = idx->h->filter_log2;
    size_t best = 0, start = t->off[i];

    for (size_t j = i; j < t->n && j - i < idx->h->max_chars; j++) {
        uint8_t k = t->cls[j];
        if (k != TY__C_HAN && k != TY__C_KNUM && k != TY__C_KATA && k != TY__C_HIRA)
            break;
        hh = fnv64(hh, t->text + t->off[j], t->off[j + 1] - t->off[j]);
        if (filter_has(idx, filter_word_bit(hh, log2))) {
            const unsigned char *r = find(idx, hh, t->text + start, t->off[j + 1] - start);
            if (r) {
                best = j - i + 1;
                *keys = r + 2 + r[0];
                *nkeys = r[1];
            }
        }
        if (!filter_has(idx, filter_prefix_bit(hh, log2)))
            break;
    }
    return best;
}
