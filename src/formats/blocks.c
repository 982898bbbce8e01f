/*
 * blocks.c — the builder every reader writes its text through: blocks (paragraphs, headings,
 * cells) of UTF-8 text with white space collapsed as HTML renders it, hard line breaks, and
 * marks saying where each stretch of text came from. It does not parse any format.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/utf8.h>

#include "formats.h"
#include "base/alloc.h"
#include "base/error.h"
#include "base/unicode.h"

/* Blocks hold at most this much text (the input cap of the text stage). */
#define TY_BLOCKS_MAX ((size_t)1 << 30)

void ty__blocks_init(ty__blocks *b)
{
    memset(b, 0, sizeof *b);
}

void ty__blocks_free(ty__blocks *b)
{
    free(b->text);
    free(b->v);
    free(b->marks);
    memset(b, 0, sizeof *b);
}

static ty_status reserve(ty__blocks *b, size_t more, ty_error *err)
{
    if (b->len + more + 1 <= b->cap)
        return TY_OK;
    if (b->len + more > TY_BLOCKS_MAX)
        return ty__fail(err, TY_ERR_TOOBIG, NULL, -1, -1, "document text over %zu MiB",
                        TY_BLOCKS_MAX >> 20);
    if (ty__grow((void **)&b->text, &b->cap, b->len + more + 1, 1) != 0)
        return ty__nomem(err);
    return TY_OK;
}

ty_status ty__blocks_reserve(ty__blocks *b, size_t text, size_t blocks, size_t marks,
                            ty_error *err)
{
    ty_status st;

    if ((st = reserve(b, text, err)) != TY_OK)
        return st;
    if (ty__grow((void **)&b->v, &b->vcap, blocks, sizeof *b->v) != 0 ||
        ty__grow((void **)&b->marks, &b->mcap, marks, sizeof *b->marks) != 0)
        return ty__nomem(err);
    return TY_OK;
}

ty_status ty__blocks_open(ty__blocks *b, int heading, ty_error *err)
{
    ty_status st;

    if (b->open && (st = ty__blocks_close(b, err)) != TY_OK)
        return st;
    if (b->n == b->vcap && ty__grow((void **)&b->v, &b->vcap, b->n + 1, sizeof *b->v) != 0)
        return ty__nomem(err);
    b->open = 1;
    b->space = 0;
    b->heading = heading;
    b->article = 0;
    b->line_start = b->len;
    b->v[b->n].start = b->len;
    return TY_OK;
}

ty_status ty__blocks_mark(ty__blocks *b, const ty__pos *pos, ty_error *err)
{
    if (b->nmarks > 0 && b->marks[b->nmarks - 1].at == b->len) {
        b->marks[b->nmarks - 1].pos = *pos; /* nothing came from the earlier one */
        return TY_OK;
    }
    if (b->nmarks == b->mcap &&
        ty__grow((void **)&b->marks, &b->mcap, b->nmarks + 1, sizeof *b->marks) != 0)
        return ty__nomem(err);
    b->marks[b->nmarks].at = b->len;
    b->marks[b->nmarks++].pos = *pos;
    return TY_OK;
}

/* The length of the run at s[i, n) that is copied as it is: neither a NUL nor white space
 * (in `collapse` mode any Unicode White_Space; otherwise ASCII line breaks and form feeds,
 * space and tab being kept). */
static size_t plain_run(const char *s, size_t n, size_t i, int collapse)
{
    size_t j = i;

    while (j < n) {
        unsigned char c = (unsigned char)s[j];
        if (c > ' ' && c < 0x80) {
            j++;
        } else if (c >= 0x80) {
            int32_t k = 0, w = (int32_t)(n - j < 4 ? n - j : 4);
            UChar32 cp;
            if (!collapse) {
                j++;
                continue;
            }
            U8_NEXT((const uint8_t *)s + j, k, w, cp);
            if (cp >= 0 && ty__white_space(cp))
                break;
            j += (size_t)k;
        } else if (c == ' ' || c == '\t') {
            if (collapse)
                break;
            j++;
        } else if (c == '\0' || c == '\n' || c == '\r' || c == '\f') {
            break;
        } else {
            j++; /* other control characters are text */
        }
    }
    return j - i;
}

ty_status ty__blocks_text(ty__blocks *b, const char *s, size_t n, int collapse, ty_error *err)
{
    ty_status st;
    size_t i = 0;

    if (!b->open && (st = ty__blocks_open(b, 0, err)) != TY_OK)
        return st;
    if ((st = reserve(b, n + 1, err)) != TY_OK)
        return st;
    while (i < n) {
        size_t k = plain_run(s, n, i, collapse);
        if (k > 0) {
            if (b->space) {
                b->text[b->len++] = ' ';
                b->space = 0;
            }
            memcpy(b->text + b->len, s + i, k);
            b->len += k;
            i += k;
            continue;
        }
        if (s[i] == '\0') { /* never in a block: the segmenter's text is a C string */
            i++;
            continue;
        }
        /* white space: one space, none at the start of a line */
        b->space = b->len > b->line_start;
        i += (unsigned char)s[i] < 0x80 ? 1 : ty__space_len(s, n, i);
    }
    b->text[b->len] = '\0';
    return TY_OK;
}

ty_status ty__blocks_break(ty__blocks *b, ty_error *err)
{
    ty_status st;

    if (!b->open || b->len == b->line_start)
        return TY_OK;
    if ((st = reserve(b, 1, err)) != TY_OK)
        return st;
    while (b->len > b->line_start && b->text[b->len - 1] == ' ')
        b->len--;
    b->text[b->len++] = '\n';
    b->text[b->len] = '\0';
    b->line_start = b->len;
    b->space = 0;
    return TY_OK;
}

ty_status ty__blocks_close(ty__blocks *b, ty_error *err)
{
    ty__block *k;
    size_t start;

    (void)err;
    if (!b->open)
        return TY_OK;
    b->open = 0;
    k = &b->v[b->n];
    start = k->start;
    while (b->len > start && (b->text[b->len - 1] == ' ' || b->text[b->len - 1] == '\n'))
        b->len--;
    if (b->len == start) { /* no text: drop it, and marks that point past its end */
        while (b->nmarks > 0 && b->marks[b->nmarks - 1].at > b->len)
            b->nmarks--;
        if (b->text)
            b->text[b->len] = '\0';
        return TY_OK;
    }
    k->end = b->len;
    k->heading = b->heading;
    k->article = b->article;
    b->text[b->len] = '\0';
    b->n++;
    return TY_OK;
}

ty__pos ty__blocks_pos(const ty__blocks *b, size_t at)
{
    ty__pos none = {-1, -1, -1, -1};
    size_t lo = 0, hi = b->nmarks;

    while (lo < hi) { /* the first mark after `at` */
        size_t mid = lo + (hi - lo) / 2;
        if (b->marks[mid].at <= at)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo > 0 ? b->marks[lo - 1].pos : none;
}
