/*
 * evidence.c — what a document says about which document translates it: the extractor (an
 * anchor context, one per thread) and ty_pair_doc_new, which reduces a segmented document to
 * its distinct keys (pair.h): its segments' anchors, a key per date (a month and a day number
 * in one segment: "3月8日" and "March 8" give the same key) and the tokens of its file name
 * (digit runs, 8- and 4-digit dates in them, words of three letters or more). It does not
 * weigh the keys; that needs the whole archive (score.c).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "anchors/anchors.h"
#include "base/alloc.h"
#include "base/error.h"
#include "base/u64map.h"
#include "pair.h"

struct ty_pair_extractor {
    ty_anchor_ctx *ctx;
    ty_anchor_set seg; /* one segment's anchors */
    ty__u64map seen;   /* one document's keys so far: each is kept once */
};

ty_status ty_pair_extractor_new(const ty_lexicon *lexicon, ty_pair_extractor **out,
                                ty_error *err)
{
    ty_pair_extractor *x;
    ty_status st;

    *out = NULL;
    if (!(x = calloc(1, sizeof *x)))
        return ty__nomem(err);
    if ((st = ty__anchor_ctx_new(lexicon, &x->ctx, err)) != TY_OK) {
        free(x);
        return st;
    }
    *out = x;
    return TY_OK;
}

void ty_pair_extractor_free(ty_pair_extractor *x)
{
    if (!x)
        return;
    ty__anchor_ctx_free(x->ctx);
    ty__anchor_set_free(&x->seg);
    ty__u64map_free(&x->seen);
    free(x);
}

void ty_pair_doc_free(ty_pair_doc *d)
{
    if (!d)
        return;
    free(d->name);
    free(d->keys);
    free(d);
}

typedef struct keybuf {
    uint64_t *v;
    size_t n, cap;
    ty__u64map *seen; /* the keys already in v */
} keybuf;

/* Keys a document may hold (beyond it, a "document" is a heap of unrelated text). */
#define TY__PAIR_MAX_KEYS ((size_t)1 << 22)

static int push(keybuf *b, unsigned kind, uint32_t key)
{
    uint64_t k = (uint64_t)kind << 32 | key;
    int created = 0;

    if (!ty__u64map_insert(b->seen, k, 0, &created))
        return -1;
    if (!created)
        return 0;
    if (b->n == b->cap) {
        if (b->n >= TY__PAIR_MAX_KEYS)
            return 0; /* enough evidence: the rest is left out */
        if (ty__grow((void **)&b->v, &b->cap, b->n + 1, sizeof *b->v))
            return -1;
    }
    b->v[b->n++] = k;
    return 0;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

typedef struct date_sink {
    keybuf *b;
    int failed;
} date_sink;

static void date_key(void *user, int month, int day)
{
    date_sink *d = user;
    if (push(d->b, TY__PK_DATE, (uint32_t)(month * 32 + day)) != 0)
        d->failed = 1;
}

static int file_token(keybuf *b, char type, const char *s, size_t n)
{
    char buf[80];
    if (n + 2 > sizeof buf)
        n = sizeof buf - 2;
    buf[0] = type;
    memcpy(buf + 1, s, n);
    return push(b, TY__PK_FILE, ty__anchor_key(TY__PK_FILE, buf, n + 1));
}

static int valid_md(const char *s)
{
    int m = (s[0] - '0') * 10 + (s[1] - '0'), d = (s[2] - '0') * 10 + (s[3] - '0');
    return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* Tokens of a file name: digit runs of 2+ digits (leading zeros dropped), the month-day of an
 * 8-digit YYYYMMDD or a 4-digit MMDD run, and lower-cased words of 3+ letters other than
 * file-name extensions. */
static int name_tokens(keybuf *b, const char *name)
{
    static const char *const ext[] = {"txt", "text", "htm", "html", "xhtml", "pdf", "doc",
                                      "docx", "xml", "md", NULL};
    size_t i = 0, n = strlen(name);

    while (i < n) {
        size_t j = i;
        char w[64];
        if (name[i] >= '0' && name[i] <= '9') {
            while (j < n && name[j] >= '0' && name[j] <= '9')
                j++;
            if (j - i >= 2) {
                size_t z = i;
                while (z + 1 < j && name[z] == '0')
                    z++;
                if (file_token(b, 'n', name + z, j - z) != 0)
                    return -1;
                if (j - i == 8 && valid_md(name + i + 4) && file_token(b, 'd', name + i + 4, 4))
                    return -1;
                if (j - i == 4 && valid_md(name + i) && file_token(b, 'd', name + i, 4))
                    return -1;
            }
        } else if ((name[i] | 0x20) >= 'a' && (name[i] | 0x20) <= 'z') {
            size_t k = 0;
            int is_ext = 0;
            while (j < n && (name[j] | 0x20) >= 'a' && (name[j] | 0x20) <= 'z') {
                if (k < sizeof w - 1)
                    w[k++] = (char)(name[j] | 0x20);
                j++;
            }
            w[k] = '\0';
            for (size_t e = 0; ext[e]; e++)
                is_ext |= !strcmp(w, ext[e]);
            if (k >= 3 && !is_ext && file_token(b, 'w', w, k) != 0)
                return -1;
        } else {
            j++;
        }
        i = j;
    }
    return 0;
}

static size_t count_chars(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        k += (c & 0xc0) != 0x80 && c != ' ' && c != '\t' && c != '\n' && c != '\r';
    }
    return k;
}

ty_status ty_pair_doc_new(ty_pair_extractor *x, const ty_doc *doc, const char *name,
                          ty_pair_doc **out, ty_error *err)
{
    ty_pair_doc *d;
    keybuf b = {NULL, 0, 0, &x->seen};
    ty_status st = TY_OK;
    size_t n = ty_doc_count(doc);

    *out = NULL;
    if (!(d = calloc(1, sizeof *d)) || !(d->name = strdup(name ? name : ""))) {
        free(d);
        return ty__nomem(err);
    }
    d->lang = ty_doc_lang(doc);
    d->segments = n;
    for (size_t i = 0; i < n; i++) {
        const ty_segment *s = ty_doc_segment(doc, i);
        x->seg.n = 0;
        d->chars += count_chars(s->text, s->len);
        if ((st = ty__anchors_extract(x->ctx, d->lang, s->text, s->len, &x->seg)) != TY_OK) {
            st = ty__fail(err, st, ty_doc_name(doc), -1, -1, "reading the anchors of segment %zu",
                          i + 1);
            goto fail;
        }
        for (size_t j = 0; j < x->seg.n; j++)
            if (push(&b, x->seg.v[j].kind, x->seg.v[j].key) != 0)
                goto nomem;
        {
            date_sink ds = {&b, 0};
            ty__pair_dates(d->lang, s->text, s->len, date_key, &ds);
            if (ds.failed)
                goto nomem;
        }
    }
    if (name && name_tokens(&b, name) != 0)
        goto nomem;
    if (b.n)
        qsort(b.v, b.n, sizeof *b.v, cmp_u64);
    ty__u64map_clear(&x->seen);
    d->keys = b.v;
    d->nkeys = b.n;
    *out = d;
    return TY_OK;
nomem:
    st = ty__nomem(err);
fail:
    ty__u64map_clear(&x->seen);
    free(b.v);
    ty_pair_doc_free(d);
    return st;
}

ty_lang ty_pair_doc_lang(const ty_pair_doc *d)
{
    return d->lang;
}

const char *ty_pair_doc_name(const ty_pair_doc *d)
{
    return d->name;
}
