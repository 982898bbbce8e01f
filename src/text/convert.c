/*
 * convert.c — decoding through an ICU converter (Shift_JIS/CP932, EUC-JP, ISO-2022-JP,
 * UTF-16, lenient UTF-8, …) into UTF-8, with the first bad byte's offset on failure, U+FFFD
 * substitution in lenient mode, and the checkpoints that map decoded offsets back to the
 * original bytes (ty_text_source_offset; ty__text_remap re-decodes from the nearest one).
 * Detection is elsewhere (detect.c); valid UTF-8 never comes here (decode.c keeps it as it
 * is).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include "base/alloc.h"
#include "base/error.h"
#include "text.h"

enum { CHUNK = 2048 };         /* UTF-16 units converted per ICU call */
enum { CP_EVERY = 2048 };      /* decoded bytes between checkpoints */
enum { MODE_BUILD, MODE_MAP }; /* decode into a text, or walk to find one offset */

/* The state of one conversion run. */
typedef struct dec {
    int mode;
    int lenient;
    int stateful;    /* ISO-2022: track escape sequences for the checkpoints */
    const char *src; /* the whole original input */
    size_t src_len;
    const char *name;    /* input name for messages */
    const char *display; /* encoding name for messages */
    UConverter *cnv;
    UChar lead; /* a lead surrogate waiting for its trail, or 0 */
    long long lead_off;
    /* MODE_BUILD */
    char *out;
    size_t len, cap;
    size_t replacements;
    ty__checkpoint *cps;
    size_t ncps, cpcap, next_cp;
    size_t esc_scanned, last_esc;
    /* MODE_MAP: walk from u8 position `pos` to the character containing `want` */
    size_t pos, want;
    long long found;
    long long last_known; /* source offset of the last character whose offset ICU gave */
    int checkpoints;      /* the encoding can be re-decoded from a checkpoint */
    ty_error *err;
} dec;

/* The offset of the last ESC before `off` (ISO-2022 state to replay from a checkpoint). */
static size_t last_escape(dec *d, size_t off)
{
    while (d->esc_scanned < off) {
        const char *p = memchr(d->src + d->esc_scanned, 0x1B, off - d->esc_scanned);
        if (!p) {
            d->esc_scanned = off;
            break;
        }
        d->last_esc = (size_t)(p - d->src);
        d->esc_scanned = d->last_esc + 1;
    }
    return d->last_esc;
}

static ty_status add_checkpoint(dec *d, size_t off)
{
    if (d->ncps == d->cpcap) {
        size_t ncap = d->cpcap ? 2 * d->cpcap : 64;
        ty__checkpoint *n = realloc(d->cps, ncap * sizeof *n);
        if (!n)
            return ty__nomem(d->err);
        d->cps = n;
        d->cpcap = ncap;
    }
    d->cps[d->ncps].u8 = d->len;
    d->cps[d->ncps].src = off;
    d->cps[d->ncps].esc = d->stateful ? last_escape(d, off) : TY__NO_ESC;
    d->ncps++;
    d->next_cp = d->len + CP_EVERY;
    return TY_OK;
}

/* How to re-decode from a checkpoint with the converter `cnv` (opened on `name`) that decoded
 * src[0, len): the converter name to use (the generic UTF-16/UTF-32 converters pick their
 * byte order from a BOM at the start: use the one they picked) into replay, and whether
 * checkpoints work at all: only for encodings without state between characters, and
 * ISO-2022-JP (version 0 and 1) whose only state is set by the escape sequences replayed. */
static int replay_plan(UConverter *cnv, const char *name, const char *src, size_t len, char *replay,
                       size_t size)
{
    UErrorCode ue = U_ZERO_ERROR;
    const char *internal = ucnv_getName(cnv, &ue);
    const unsigned char *b = (const unsigned char *)src;

    snprintf(replay, size, "%s", U_SUCCESS(ue) && internal ? internal : name);
    switch (ucnv_getType(cnv)) {
    case UCNV_UTF16:
        snprintf(replay, size, "%s",
                 len >= 2 && b[0] == 0xFF && b[1] == 0xFE ? "UTF-16LE" : "UTF-16BE");
        return 1;
    case UCNV_UTF32:
        snprintf(replay, size, "%s",
                 len >= 4 && b[0] == 0xFF && b[1] == 0xFE && !b[2] && !b[3] ? "UTF-32LE"
                                                                            : "UTF-32BE");
        return 1;
    case UCNV_SBCS:
    case UCNV_DBCS:
    case UCNV_MBCS:
    case UCNV_LATIN_1:
    case UCNV_US_ASCII:
    case UCNV_UTF8:
    case UCNV_CESU8:
    case UCNV_UTF16_BigEndian:
    case UCNV_UTF16_LittleEndian:
    case UCNV_UTF32_BigEndian:
    case UCNV_UTF32_LittleEndian:
        return 1;
    case UCNV_ISO_2022:
        return U_SUCCESS(ue) && internal &&
               (strstr(internal, "locale=ja,version=0") || strstr(internal, "locale=ja,version=1"));
    default:
        return 0; /* re-decoded from the start */
    }
}

/* One decoded code point c whose bytes start at source offset off (-1: unknown). Returns
 * TY_OK, an error, or (MODE_MAP) TY_ERR_NOTFOUND to stop once the offset is found. */
static ty_status put_cp(dec *d, UChar32 c, long long off)
{
    int known = off >= 0;

    /* ICU does not always know (a character finished from the converter's state); such a
     * character counts as starting where the last known one did */
    if (known)
        d->last_known = off;
    else
        off = d->last_known;
    if (c == 0xFEFF && off == 0)
        return TY_OK; /* a byte order mark: not text */
    if (c == 0) {
        if (!d->lenient)
            return ty__fail(d->err, TY_ERR_ENCODING, d->name, ty__line_of(d->out, d->len), off,
                            "NUL character (binary file?)");
        c = 0xFFFD;
        d->replacements++;
    }
    if (d->mode == MODE_MAP) {
        size_t n = (size_t)U8_LENGTH(c);
        if (d->want < d->pos + n) {
            d->found = off;
            return TY_ERR_NOTFOUND;
        }
        d->pos += n;
        return TY_OK;
    }
    if (known && d->checkpoints && d->len >= d->next_cp && add_checkpoint(d, (size_t)off) != TY_OK)
        return TY_ERR_NOMEM;
    U8_APPEND_UNSAFE(d->out, d->len, c);
    return TY_OK;
}

/* Make room for n more UTF-16 units (at most 3 bytes each, plus a waiting surrogate). */
static ty_status reserve(dec *d, size_t n)
{
    size_t need = 3 * n + 8, ncap;
    char *nb;

    if (d->mode == MODE_MAP || d->cap - d->len >= need)
        return TY_OK;
    ncap = d->cap + d->cap / 2 + need;
    if (ncap > 4 * TY__TEXT_MAX)
        return ty__fail(d->err, TY_ERR_TOOBIG, d->name, -1, -1, "decoded text too large");
    if (!(nb = realloc(d->out, ncap)))
        return ty__nomem(d->err);
    d->out = nb;
    d->cap = ncap;
    ty__advise_huge(d->out, d->cap);
    return TY_OK;
}

/* Emit n UTF-16 units; off[i] is unit i's source offset relative to base (-1: unknown). */
static ty_status emit(dec *d, const UChar *u, const int32_t *off, long long base, size_t n)
{
    ty_status st;

    if ((st = reserve(d, n)) != TY_OK)
        return st;
    for (size_t i = 0; i < n; i++) {
        UChar32 c = u[i];
        long long o = off[i] >= 0 ? base + off[i] : -1;
        /* fast path: an ordinary BMP character while building, no checkpoint due */
        if (d->mode == MODE_BUILD && !d->lead && d->len < d->next_cp && c != 0 &&
            !U16_IS_SURROGATE(c) && c != 0xFEFF) {
            U8_APPEND_UNSAFE(d->out, d->len, c);
            continue;
        }
        if (d->lead) {
            UChar32 lead = d->lead;
            long long lo = d->lead_off;
            d->lead = 0;
            if (U16_IS_TRAIL(c)) {
                if ((st = put_cp(d, U16_GET_SUPPLEMENTARY(lead, c), lo)) != TY_OK)
                    return st;
                continue;
            }
            /* an unpaired surrogate from the converter: never valid text */
            d->replacements++;
            if ((st = put_cp(d, 0xFFFD, lo)) != TY_OK)
                return st;
        }
        if (U16_IS_LEAD(c)) {
            d->lead = (UChar)c;
            d->lead_off = o;
            continue;
        }
        if (U16_IS_TRAIL(c)) {
            d->replacements++;
            c = 0xFFFD;
        }
        if ((st = put_cp(d, c, o)) != TY_OK)
            return st;
    }
    return TY_OK;
}

static int is_conversion_error(UErrorCode ue)
{
    return ue == U_INVALID_CHAR_FOUND || ue == U_ILLEGAL_CHAR_FOUND ||
           ue == U_TRUNCATED_CHAR_FOUND || ue == U_ILLEGAL_ESCAPE_SEQUENCE ||
           ue == U_UNSUPPORTED_ESCAPE_SEQUENCE;
}

/* An undecodable sequence of blen bytes at source offset bad. */
static ty_status bad_bytes(dec *d, UErrorCode ue, const char *bytes, size_t blen, size_t bad)
{
    char hex[64];
    long long off = (long long)bad;

    if (d->lenient) {
        d->replacements++;
        return put_cp(d, 0xFFFD, off);
    }
    if (d->mode == MODE_MAP)
        return TY_ERR_INTERNAL;
    ty__hex_bytes(bytes, blen, hex, sizeof hex);
    long line = ty__line_of(d->out, d->len);
    if (ue == U_TRUNCATED_CHAR_FOUND)
        return ty__fail(d->err, TY_ERR_ENCODING, d->name, line, off,
                        "incomplete %s byte sequence %s at the end of the input", d->display, hex);
    if (ue == U_INVALID_CHAR_FOUND)
        return ty__fail(d->err, TY_ERR_ENCODING, d->name, line, off,
                        "invalid %s byte sequence %s (no Unicode mapping)", d->display, hex);
    if (ue == U_ILLEGAL_ESCAPE_SEQUENCE || ue == U_UNSUPPORTED_ESCAPE_SEQUENCE)
        return ty__fail(d->err, TY_ERR_ENCODING, d->name, line, off,
                        "invalid %s escape sequence %s", d->display, hex);
    return ty__fail(d->err, TY_ERR_ENCODING, d->name, line, off, "invalid %s byte sequence %s",
                    d->display, hex);
}

/* Convert src[from, src_len) (the converter is in the state for `from`). */
static ty_status run(dec *d, size_t from)
{
    UChar ubuf[CHUNK];
    int32_t offs[CHUNK];
    const char *s = d->src + from, *end = d->src + d->src_len;
    ty_status st;

    for (;;) {
        UChar *t = ubuf;
        const char *call = s;
        UErrorCode ue = U_ZERO_ERROR;
        size_t n;

        ucnv_toUnicode(d->cnv, &t, ubuf + CHUNK, &s, end, offs, 1, &ue);
        n = (size_t)(t - ubuf);
        if ((st = emit(d, ubuf, offs, (long long)(call - d->src), n)) != TY_OK)
            return st;
        if (ue == U_BUFFER_OVERFLOW_ERROR)
            continue;
        if (U_SUCCESS(ue))
            break;
        if (is_conversion_error(ue)) {
            char bytes[32];
            int8_t blen = (int8_t)sizeof bytes;
            UErrorCode ue2 = U_ZERO_ERROR;
            ucnv_getInvalidChars(d->cnv, bytes, &blen, &ue2);
            if (U_FAILURE(ue2) || blen < 0)
                blen = 0;
            size_t at = (size_t)(s - d->src);
            size_t bad = (size_t)blen <= at ? at - (size_t)blen : 0;
            if ((st = bad_bytes(d, ue, bytes, (size_t)blen, bad)) != TY_OK)
                return st;
            continue;
        }
        return ty__fail(d->err, TY_ERR_ICU, d->name, -1, -1, "ICU conversion from %s failed: %s",
                        d->display, u_errorName(ue));
    }
    if (d->lead) {
        UChar32 lead = d->lead;
        d->lead = 0;
        d->replacements++;
        (void)lead;
        return put_cp(d, 0xFFFD, d->lead_off);
    }
    return TY_OK;
}

static UConverter *open_strict(const char *cnv_name)
{
    UErrorCode ue = U_ZERO_ERROR;
    UConverter *cnv;

    if (!cnv_name || !cnv_name[0])
        return NULL;
    cnv = ucnv_open(cnv_name, &ue);
    if (U_FAILURE(ue)) {
        ucnv_close(cnv);
        return NULL;
    }
    ucnv_setToUCallBack(cnv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &ue);
    if (U_FAILURE(ue)) {
        ucnv_close(cnv);
        return NULL;
    }
    return cnv;
}

void ty__encoding_display(const char *cnv_name, char *buf, size_t size)
{
    UErrorCode ue = U_ZERO_ERROR;
    UConverter *cnv = ucnv_open(cnv_name, &ue);
    const char *shown = cnv_name;

    /* ICU's converter names are table ids ("ibm-943_P15A-2003"); show the MIME or IANA
     * name users know ("Shift_JIS") */
    if (U_SUCCESS(ue)) {
        const char *internal = ucnv_getName(cnv, &ue);
        UErrorCode ue2 = U_ZERO_ERROR, ue3 = U_ZERO_ERROR;
        const char *mime = internal ? ucnv_getStandardName(internal, "MIME", &ue2) : NULL;
        const char *iana = internal ? ucnv_getStandardName(internal, "IANA", &ue3) : NULL;
        shown = mime ? mime : iana ? iana : internal ? internal : cnv_name;
    }
    snprintf(buf, size, "%s", shown);
    ucnv_close(cnv);
}

ty_status ty__text_convert(const char *src, size_t len, char **adopt, const char *cnv_name,
                           const char *display, const char *name, int lenient, ty_text **out,
                           ty_error *err)
{
    dec d;
    ty_text *t = NULL;
    char disp[64], replay[sizeof t->cnv];
    ty_status st;

    *out = NULL;
    memset(&d, 0, sizeof d);
    if (!(d.cnv = open_strict(cnv_name)))
        return ty__fail(err, TY_ERR_INVALID, name, -1, -1, "unknown encoding '%s'",
                        cnv_name ? cnv_name : "");
    if (display)
        snprintf(disp, sizeof disp, "%s", display);
    else
        ty__encoding_display(cnv_name, disp, sizeof disp);
    d.mode = MODE_BUILD;
    d.lenient = lenient;
    d.stateful = ucnv_getType(d.cnv) == UCNV_ISO_2022;
    d.checkpoints = replay_plan(d.cnv, cnv_name, src, len, replay, sizeof replay);
    d.src = src;
    d.src_len = len;
    d.name = name;
    d.display = disp;
    d.err = err;
    d.last_esc = TY__NO_ESC;
    /* UTF-16 never grows beyond 3/2 of its size; byte encodings at most 3 bytes a byte */
    d.cap = (ucnv_getMinCharSize(d.cnv) >= 2 ? len / 2 * 3 : 3 * len) + 16;
    if (!(d.out = malloc(d.cap))) {
        st = ty__nomem(err);
        goto done;
    }
    ty__advise_huge(d.out, d.cap);
    if ((st = run(&d, 0)) != TY_OK)
        goto done;
    if (!(t = ty__text_alloc(name))) {
        st = ty__nomem(err);
        goto done;
    }
    {
        char *shrunk = realloc(d.out, d.len + 1);
        if (shrunk)
            d.out = shrunk;
    }
    d.out[d.len] = '\0';
    t->mem = t->utf8 = d.out;
    t->len = d.len;
    d.out = NULL;
    snprintf(t->encoding, sizeof t->encoding, "%s", disp);
    snprintf(t->cnv, sizeof t->cnv, "%s", replay);
    t->replacements = d.replacements;
    t->lenient = lenient;
    t->cps = d.cps;
    t->ncps = d.ncps;
    d.cps = NULL;
    t->src_len = len;
    t->src = (char *)src;
    if (adopt && *adopt == src)
        *adopt = NULL;
    else
        t->src_borrowed = 1;
    *out = t;
    t = NULL;
done:
    ty_text_free(t);
    free(d.out);
    free(d.cps);
    ucnv_close(d.cnv);
    return st;
}

long long ty__text_remap(const ty_text *text, size_t u)
{
    dec d;
    size_t lo = 0, hi = text->ncps;
    const ty__checkpoint *cp;
    ty_status st;
    ty__checkpoint start = {0, 0, TY__NO_ESC};

    /* the last checkpoint at or before u (the text starts in step at 0/0) */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (text->cps[mid].u8 <= u)
            lo = mid + 1;
        else
            hi = mid;
    }
    cp = lo ? &text->cps[lo - 1] : &start;
    memset(&d, 0, sizeof d);
    if (!(d.cnv = open_strict(text->cnv)))
        return -1;
    d.mode = MODE_MAP;
    d.lenient = text->lenient;
    d.src = text->src;
    d.src_len = text->src_len;
    d.display = text->encoding;
    d.pos = cp->u8;
    d.want = u;
    d.found = -1;
    d.last_known = (long long)cp->src;
    if (cp->esc != TY__NO_ESC) {
        /* replay the escape sequence that set the state in force at the checkpoint */
        UChar ubuf[8], *t = ubuf;
        const char *s = text->src + cp->esc;
        const char *e = s + 1;
        UErrorCode ue = U_ZERO_ERROR;
        while (e < text->src + cp->src && (unsigned char)*e >= 0x20 && (unsigned char)*e <= 0x2F)
            e++;
        if (e < text->src + cp->src)
            e++;
        ucnv_toUnicode(d.cnv, &t, ubuf + 8, &s, e, NULL, 0, &ue);
    }
    st = run(&d, cp->src);
    ucnv_close(d.cnv);
    return st == TY_ERR_NOTFOUND ? d.found : -1;
}

long long ty_text_source_offset(const ty_text *text, size_t utf8_offset)
{
    if (!text || utf8_offset > text->len)
        return -1;
    if (!text->src)
        return (long long)(utf8_offset + text->bom);
    if (utf8_offset == text->len)
        return (long long)text->src_len;
    return ty__text_remap(text, utf8_offset);
}
