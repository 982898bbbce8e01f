/*
 * decode.c — ty_text_decode: the BOM, the UTF-8 fast path (valid UTF-8 is validated in one
 * pass and its bytes, read or mapped, become the text without a copy), ISO-2022-JP
 * recognized by its escapes, and dispatch to ICU conversion (convert.c) or detection
 * (detect.c) for everything else.
 * It does not read files (read_file.c) or convert bytes itself.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucnv.h>
#include <unicode/utf8.h>

#include "base/alloc.h"
#include "base/error.h"
#include "base/unicode.h"
#include "text.h"


/* Scan UTF-8 s[0, len): the offset of the first ill-formed sequence or NUL byte (its length
 * in *badlen), or len when there is none. *high is set when a byte >= 0x80 was seen. */
static size_t utf8_scan(const unsigned char *s, size_t len, size_t *badlen, int *high)
{
    const uint64_t hi = 0x8080808080808080ull, lo = 0x0101010101010101ull;
    int64_t i, n = (int64_t)len;

    *high = 0;
    /* most of the text in blocks, without branching on its bytes; the rest as below */
    i = (int64_t)ty__utf8_valid_prefix(s, len, high);
    while (i < n) {
        /* ASCII without NUL, sixteen then eight bytes at a time */
        while (i + 16 <= n && ty__ascii16(s + i))
            i += 16;
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if ((w & hi) || ((w - lo) & ~w & hi))
                break;
            i += 8;
        }
        if (i >= n)
            break;
        if (s[i] == 0) {
            *badlen = 1;
            return (size_t)i;
        }
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        *high = 1;
        /* the common case in Japanese text: a run of well-formed three-byte characters, two
         * at a time while their lead bytes need no table */
        if (s[i] >= 0xE0 && s[i] < 0xF0) {
            int64_t run = i;
            while (i + 16 <= n && ty__five_three_byte(s + i))
                i += 15;
            while (i + 8 <= n && ty__two_three_byte(ty__le64(s + i)))
                i += 6;
            while (i + 2 < n && s[i] >= 0xE0 && s[i] < 0xF0 &&
                   U8_IS_VALID_LEAD3_AND_T1(s[i], s[i + 1]) && U8_IS_TRAIL(s[i + 2]))
                i += 3;
            if (i > run)
                continue;
        }
        int64_t start = i;
        UChar32 c;
        U8_NEXT(s, i, n, c);
        if (c < 0) {
            *badlen = (size_t)(i - start);
            return (size_t)start;
        }
    }
    *badlen = 0;
    return len;
}

/* Count, over all of s, well-formed multi-byte UTF-8 characters, ill-formed sequences and
 * NUL bytes (at even and odd offsets): how much an input that is not valid UTF-8 still looks
 * like UTF-8, or like UTF-16 without a BOM. Stops early once it clearly is not UTF-8. */
static void utf8_census(const unsigned char *s, size_t len, size_t *mb, size_t *bad, size_t nul[2])
{
    int64_t i = 0, n = (int64_t)len;

    *mb = *bad = nul[0] = nul[1] = 0;
    while (i < n) {
        UChar32 c;
        if (s[i] < 0x80) {
            if (s[i] == 0)
                nul[i & 1]++;
            i++;
            continue;
        }
        U8_NEXT(s, i, n, c);
        if (c < 0) {
            /* clearly not UTF-8 (Shift_JIS, EUC-JP): no need to read on */
            if (++*bad >= 256 && *mb < 4 * *bad)
                return;
        } else {
            ++*mb;
        }
    }
}

/* Valid UTF-8 in buf (owned): the text keeps buf itself, past the BOM. */
static ty_status adopt_utf8(char *buf, size_t len, size_t bom, const char *name, ty_text **out,
                            ty_error *err)
{
    ty_text *t = ty__text_alloc(name);
    if (!t) {
        free(buf);
        return ty__nomem(err);
    }
    buf[len] = '\0';
    t->mem = buf;
    t->utf8 = buf + bom;
    t->len = len - bom;
    t->bom = bom;
    snprintf(t->encoding, sizeof t->encoding, "UTF-8");
    *out = t;
    return TY_OK;
}

/* UTF-8 input (known or given): the fast path when it is valid; otherwise a one-line error
 * at the first bad byte, or (lenient) ICU's UTF-8 converter with substitution. */
static ty_status decode_utf8(char *buf, size_t len, size_t bom, const char *name, int lenient,
                             ty_text **out, ty_error *err)
{
    size_t badlen, bad;
    int high;
    char hex[64];
    ty_status st;

    bad = bom + utf8_scan((const unsigned char *)buf + bom, len - bom, &badlen, &high);
    if (bad == len)
        return adopt_utf8(buf, len, bom, name, out, err);
    if (!lenient) {
        long line = ty__line_of(buf, bad);
        if (buf[bad] == 0)
            st = ty__fail(err, TY_ERR_ENCODING, name, line, (long long)bad,
                          "NUL byte (binary file?)");
        else {
            ty__hex_bytes(buf + bad, badlen, hex, sizeof hex);
            st = ty__fail(err, TY_ERR_ENCODING, name, line, (long long)bad,
                          "invalid UTF-8 byte sequence %s", hex);
        }
        free(buf);
        return st;
    }
    st = ty__text_convert(buf, len, &buf, "UTF-8", "UTF-8", name, 1, out, err);
    free(buf);
    return st;
}

/* ISO-2022-JP is 7-bit, so it passes as UTF-8: an ASCII text with its escape sequences
 * (ESC $ B, ESC $ @, ESC ( J, ESC $ ( D, ESC ( I) is taken as ISO-2022-JP. */
static int looks_iso2022jp(const char *s, size_t len)
{
    const char *p = s, *end = s + len;
    while ((p = memchr(p, 0x1B, (size_t)(end - p))) != NULL) {
        if (end - p >= 3 && ((p[1] == '$' && (p[2] == 'B' || p[2] == '@' || p[2] == '(')) ||
                             (p[1] == '(' && (p[2] == 'J' || p[2] == 'I'))))
            return 1;
        p++;
    }
    return 0;
}

ty_status ty__text_decode_owned(char *buf, size_t len, const char *name, const ty_decode_opts *opts,
                                ty_text **out, ty_error *err)
{
    const unsigned char *b = (const unsigned char *)buf;
    const char *enc = opts ? opts->encoding : NULL;
    int lenient = opts ? opts->lenient : 0;
    ty_status st;

    *out = NULL;
    if (len > TY__TEXT_MAX) {
        free(buf);
        return ty__fail(err, TY_ERR_TOOBIG, name, -1, -1,
                        "input of %zu bytes is over the %zu MiB limit", len, TY__TEXT_MAX >> 20);
    }
    if (enc) {
        UErrorCode ue = U_ZERO_ERROR;
        UConverter *cnv = enc[0] ? ucnv_open(enc, &ue) : NULL;
        int is_utf8;
        if (!cnv || U_FAILURE(ue)) {
            ucnv_close(cnv);
            free(buf);
            return ty__fail(err, TY_ERR_INVALID, name, -1, -1, "unknown encoding '%s'", enc);
        }
        is_utf8 = ucnv_getType(cnv) == UCNV_UTF8;
        ucnv_close(cnv);
        if (is_utf8)
            return decode_utf8(buf, len, len >= 3 && !memcmp(b, "\xEF\xBB\xBF", 3) ? 3 : 0, name,
                               lenient, out, err);
        st = ty__text_convert(buf, len, &buf, enc, NULL, name, lenient, out, err);
        free(buf);
        return st;
    }
    if (len >= 3 && !memcmp(b, "\xEF\xBB\xBF", 3))
        return decode_utf8(buf, len, 3, name, lenient, out, err);
    if (len >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF))) {
        const char *cnv = b[0] == 0xFF ? "UTF-16LE" : "UTF-16BE";
        st = ty__text_convert(buf, len, &buf, cnv, cnv, name, lenient, out, err);
        free(buf);
        return st;
    }
    {
        size_t badlen, mb, bad, nul[2], nuls, most;
        int high;
        if (utf8_scan(b, len, &badlen, &high) == len) {
            if (high || !memchr(buf, 0x1B, len) || !looks_iso2022jp(buf, len))
                return adopt_utf8(buf, len, 0, name, out, err);
            st = ty__text_convert(buf, len, &buf, "ISO-2022-JP", "ISO-2022-JP", name, lenient, out,
                                  err);
            free(buf);
            return st;
        }
        /* Not valid UTF-8. Still UTF-8 (with NUL bytes, or damaged) when its multi-byte
         * characters are mostly well-formed, which Shift_JIS and EUC-JP text never is. Many
         * NUL bytes, nearly all at even or all at odd offsets, suggest UTF-16 without a BOM:
         * left to detection. */
        utf8_census(b, len, &mb, &bad, nul);
        nuls = nul[0] + nul[1];
        most = nul[0] > nul[1] ? nul[0] : nul[1];
        if ((bad == 0 && !(nuls * 10 >= len * 3 && most * 10 >= nuls * 9)) ||
            (bad > 0 && mb >= 4 * bad))
            return decode_utf8(buf, len, 0, name, lenient, out, err);
    }
    st = ty__text_detect(buf, len, &buf, name, lenient, out, err);
    free(buf);
    return st;
}

ty_status ty__text_decode_mapped(ty__mapped *m, const char *name, const ty_decode_opts *opts,
                                 ty_text **out, ty_error *err)
{
    const unsigned char *b = (const unsigned char *)m->bytes;
    size_t len = m->len, bom = len >= 3 && !memcmp(b, "\xEF\xBB\xBF", 3) ? 3 : 0, badlen;
    int high;
    char *buf;
    ty_text *t;

    *out = NULL;
    /* what ty__text_decode_owned adopts without a copy: valid UTF-8, no encoding given, and
     * with a BOM, or not a 7-bit text with ISO-2022-JP's escapes */
    if ((!opts || !opts->encoding) && utf8_scan(b + bom, len - bom, &badlen, &high) == len - bom &&
        (bom || high || !memchr(b, 0x1B, len) || !looks_iso2022jp(m->bytes, len))) {
        if (!(t = ty__text_alloc(name))) {
            ty__unmap_bytes(m);
            return ty__nomem(err);
        }
        t->mem = m->bytes;
        t->maplen = m->maplen;
        t->utf8 = m->bytes + bom;
        t->len = len - bom;
        t->bom = bom;
        snprintf(t->encoding, sizeof t->encoding, "UTF-8");
        memset(m, 0, sizeof *m);
        *out = t;
        return TY_OK;
    }
    buf = malloc(len + 1);
    if (buf) {
        ty__advise_huge(buf, len + 1);
        memcpy(buf, m->bytes, len);
    }
    ty__unmap_bytes(m);
    if (!buf)
        return ty__nomem(err);
    return ty__text_decode_owned(buf, len, name, opts, out, err);
}

void ty_decode_opts_init(ty_decode_opts *opts)
{
    opts->encoding = NULL;
    opts->lenient = 0;
}

ty_status ty_text_decode(const void *bytes, size_t len, const char *name,
                         const ty_decode_opts *opts, ty_text **out, ty_error *err)
{
    char *buf;

    if (!out || (!bytes && len > 0))
        return ty__fail(err, TY_ERR_INVALID, name, -1, -1, "ty_text_decode: NULL argument");
    *out = NULL;
    if (len > TY__TEXT_MAX)
        return ty__fail(err, TY_ERR_TOOBIG, name, -1, -1,
                        "input of %zu bytes is over the %zu MiB limit", len, TY__TEXT_MAX >> 20);
    if (!(buf = malloc(len + 1)))
        return ty__nomem(err);
    ty__advise_huge(buf, len + 1);
    if (len)
        memcpy(buf, bytes, len);
    return ty__text_decode_owned(buf, len, name, opts, out, err);
}

