/*
 * xml_text.c — text made fit for a TMX file: a capped growable buffer, characters XML 1.0
 * forbids (and bytes that are not UTF-8) replaced with U+FFFD, white space and line breaks
 * folded to single spaces. It does not escape markup (xmlTextWriter does that) and does not
 * touch any other character: the text stays as in the document.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "tmx.h"

int ty__tbuf_put(ty__tbuf *b, const char *s, size_t n, int *toobig)
{
    if (n > TY__TMX_BUF_CAP || b->len + n + 1 > TY__TMX_BUF_CAP) {
        if (toobig)
            *toobig = 1;
        return -1;
    }
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        char *p;
        while (cap < b->len + n + 1)
            cap *= 2;
        if (cap > TY__TMX_BUF_CAP)
            cap = TY__TMX_BUF_CAP;
        if (!(p = realloc(b->p, cap)))
            return -1;
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
    return 0;
}

void ty__tbuf_reset(ty__tbuf *b)
{
    b->len = 0;
    if (b->p)
        b->p[0] = '\0';
}

const char *ty__tbuf_str(const ty__tbuf *b)
{
    return b->p ? b->p : "";
}

void ty__tbuf_free(ty__tbuf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

/* White space that folds: ASCII space and tab, and every line break (Unicode line-break
 * classes BK, CR, LF, NL: LF, VT, FF, CR, NEL, LS, PS). */
static int folds(UChar32 c)
{
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f')
        return 1;
    if (c < 0x80 || (c > 0x9f && c < 0x2000) || c > 0x2fff)
        return 0; /* no line break outside C1 and the General Punctuation area */
    switch (u_getIntPropertyValue(c, UCHAR_LINE_BREAK)) {
    case U_LB_MANDATORY_BREAK:
    case U_LB_CARRIAGE_RETURN:
    case U_LB_LINE_FEED:
    case U_LB_NEXT_LINE: return 1;
    default: return 0;
    }
}

/* XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]. */
static int xml_char(UChar32 c)
{
    if (c < 0x20)
        return c == 0x9 || c == 0xA || c == 0xD;
    return (c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

static int ascii_alnum(long c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Whether a byte after a space starts a character that is neither white space nor a line
 * break for sure (printable ASCII, or a UTF-8 lead byte outside C1 and U+2000-U+2FFF). */
static int plain_after(uint8_t b)
{
    return (b > 0x20 && b < 0x7f) || (b >= 0xc3 && b != 0xe2 && b < 0xf5);
}

int ty__fold_space(ty__fold *fold, long next)
{
    int space = fold->pending &&
                !(fold->ja && fold->brk && !(fold->prev_alnum && ascii_alnum(next)));
    fold->pending = fold->brk = 0;
    return space;
}

int ty__tmx_clean(ty__tbuf *b, const char *s, size_t n, ty__fold *fold, size_t *replaced,
                  int *toobig)
{
    static const char fffd[] = "\xEF\xBF\xBD";
    const uint8_t *u = (const uint8_t *)s;
    size_t run = 0, i = 0; /* s[run, i) is clean text not yet appended */

    if (n > TY_TMX_MAX_TEXT) {
        if (toobig)
            *toobig = 1;
        return -1;
    }
    while (i < n) {
        size_t start;
        UChar32 c;

        if (!fold || !fold->pending) { /* a run of characters that stay as they are */
            size_t k = i;
            while (k < n) {
                if (u[k] > 0x20 && u[k] < 0x7f) {
                    k++;
                } else if (u[k] == ' ' && (!fold || ((fold->any || k > i) && k + 1 < n &&
                                                     plain_after(u[k + 1])))) {
                    k++; /* one space between two characters: folding keeps it */
                } else if (u[k] >= 0xc2) {
                    int32_t j = 0, len = (int32_t)(n - k < 4 ? n - k : 4);
                    U8_NEXT(u + k, j, len, c);
                    if (c < 0 || !xml_char(c) || (fold && folds(c)))
                        break;
                    k += (size_t)j;
                } else {
                    break;
                }
            }
            if (k > i && fold) {
                fold->any = 1;
                fold->brk = 0;
                fold->prev_alnum = ascii_alnum(u[k - 1]);
            }
            if ((i = k) >= n)
                break;
        }
        start = i;
        if (u[i] < 0x80) {
            c = u[i++];
        } else {
            int32_t j = 0, len = (int32_t)(n - i < 4 ? n - i : 4);
            U8_NEXT(u + i, j, len, c);
            i += (size_t)j;
        }
        if (fold && folds(c)) {
            if (ty__tbuf_put(b, s + run, start - run, toobig) != 0)
                return -1;
            run = i;
            if (fold->any)
                fold->pending = 1;
            if (c != ' ' && c != '\t')
                fold->brk = 1;
            continue;
        }
        if (fold && fold->pending) {
            if (ty__tbuf_put(b, s + run, start - run, toobig) != 0 ||
                (ty__fold_space(fold, c) && ty__tbuf_put(b, " ", 1, toobig) != 0))
                return -1;
            run = start;
        }
        if (fold) {
            fold->any = 1;
            fold->brk = 0;
            fold->prev_alnum = ascii_alnum(c);
        }
        if (c < 0 || !xml_char(c)) {
            if (ty__tbuf_put(b, s + run, start - run, toobig) != 0 ||
                ty__tbuf_put(b, fffd, 3, toobig) != 0)
                return -1;
            run = i;
            if (replaced)
                (*replaced)++;
        }
    }
    return ty__tbuf_put(b, s + run, n - run, toobig);
}

int ty__tmx_blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return 0;
    return 1;
}
