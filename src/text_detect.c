/*
 * text_detect.c — choosing the encoding of an input that has no BOM and is not valid UTF-8.
 * ICU's charset detector (ucsdet) proposes candidates; on short Japanese texts its first
 * guess is often wrong (Shift_JIS and EUC-JP look alike to it, and Latin-1 decodes
 * anything), so every candidate, plus Shift_JIS (CP932) and EUC-JP, is decoded strictly and
 * the one that decodes cleanly and reads most like Japanese wins. It does not look at BOMs or
 * UTF-8 (text.c does that first).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include "error.h"
#include "text.h"

enum { MAX_CANDIDATES = 12 };
/* bytes given to ucsdet and code points scored: enough to decide, bounded for speed */
enum { SNIFF_BYTES = 256 * 1024 };

typedef struct candidate {
    char cnv[48];
    int confidence; /* ucsdet's, 0 for our own additions */
} candidate;

/* Map ucsdet's names to the converters we decode with. ucsdet says "Shift_JIS" for
 * Windows-written files too: ICU's Shift_JIS is ibm-943_P15A-2003, which has the CP932
 * extensions (①, ㈱, NEC and IBM extension kanji). */
static void add_candidate(candidate *c, size_t *n, const char *cnv, int confidence)
{
    UErrorCode ue = U_ZERO_ERROR;
    const char *canon;

    if (!cnv || *n >= MAX_CANDIDATES)
        return;
    /* skip duplicates (aliases of one converter) */
    canon = ucnv_getAlias(cnv, 0, &ue);
    for (size_t i = 0; i < *n; i++) {
        UErrorCode ue2 = U_ZERO_ERROR;
        const char *other = ucnv_getAlias(c[i].cnv, 0, &ue2);
        if (!strcmp(c[i].cnv, cnv) || (canon && other && !strcmp(canon, other)))
            return;
    }
    snprintf(c[*n].cnv, sizeof c[*n].cnv, "%s", cnv);
    c[*n].confidence = confidence;
    (*n)++;
}

/* How Japanese a decoded text reads: the share of its non-ASCII characters that are kana,
 * kanji, CJK punctuation or full-width forms (half-width katakana, typical of a wrong
 * guess between Shift_JIS and EUC-JP, do not count). 0 when it has none. */
static double japanese_score(const char *s, size_t len)
{
    size_t nonascii = 0, japanese = 0;
    int64_t i = 0, n = (int64_t)(len < SNIFF_BYTES ? len : SNIFF_BYTES);

    while (i < n) {
        UChar32 c;
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        U8_NEXT(s, i, n, c);
        if (c < 0)
            continue;
        nonascii++;
        if (u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH) == U_EA_HALFWIDTH)
            continue;
        UErrorCode ue = U_ZERO_ERROR;
        UScriptCode sc = uscript_getScript(c, &ue);
        int block = u_getIntPropertyValue(c, UCHAR_BLOCK);
        if (sc == USCRIPT_HIRAGANA || sc == USCRIPT_KATAKANA || sc == USCRIPT_HAN ||
            block == UBLOCK_CJK_SYMBOLS_AND_PUNCTUATION ||
            block == UBLOCK_HALFWIDTH_AND_FULLWIDTH_FORMS)
            japanese++;
    }
    return nonascii ? (double)japanese / (double)nonascii : 0.0;
}

/* Fill c with candidates: ucsdet's (most confident first), then Shift_JIS and EUC-JP. */
static size_t candidates(const char *src, size_t len, candidate *c)
{
    UErrorCode ue = U_ZERO_ERROR;
    UCharsetDetector *csd = ucsdet_open(&ue);
    size_t n = 0;

    if (U_SUCCESS(ue)) {
        int32_t nm = 0;
        ucsdet_setText(csd, src, (int32_t)(len < SNIFF_BYTES ? len : SNIFF_BYTES), &ue);
        const UCharsetMatch **m = U_SUCCESS(ue) ? ucsdet_detectAll(csd, &nm, &ue) : NULL;
        for (int32_t i = 0; m && U_SUCCESS(ue) && i < nm; i++) {
            UErrorCode ue2 = U_ZERO_ERROR;
            const char *nm_i = ucsdet_getName(m[i], &ue2);
            int conf = ucsdet_getConfidence(m[i], &ue2);
            /* UTF-8 was ruled out already; UTF-32 without a BOM is not a text format */
            if (U_FAILURE(ue2) || !strcmp(nm_i, "UTF-8") || !strncmp(nm_i, "UTF-32", 6))
                continue;
            add_candidate(c, &n, nm_i, conf);
        }
    }
    ucsdet_close(csd);
    add_candidate(c, &n, "Shift_JIS", 0);
    add_candidate(c, &n, "EUC-JP", 0);
    return n;
}

ty_status ty__text_detect(const char *src, size_t len, char **adopt, const char *name,
                          int lenient, ty_text **out, ty_error *err)
{
    candidate c[MAX_CANDIDATES];
    size_t n = candidates(src, len, c);
    ty_text *first = NULL, *best = NULL, *chosen;
    double best_score = -1;
    long long furthest = -1;
    size_t furthest_i = 0;
    ty_error furthest_err;

    *out = NULL;
    ty_error_clear(&furthest_err);
    for (size_t i = 0; i < n; i++) {
        ty_text *t = NULL;
        ty_error e;
        double score;

        ty_error_clear(&e);
        if (ty__text_convert(src, len, NULL, c[i].cnv, NULL, name, 0, &t, &e) != TY_OK) {
            if (e.status == TY_ERR_NOMEM) {
                ty_text_free(first);
                if (best != first)
                    ty_text_free(best);
                return ty__nomem(err);
            }
            if (e.status == TY_ERR_ENCODING && e.offset > furthest) {
                furthest = e.offset;
                furthest_i = i;
                furthest_err = e;
            }
            continue;
        }
        score = japanese_score(t->utf8, t->len);
        if (!first)
            first = t;
        if (score > best_score) {
            if (best != first)
                ty_text_free(best);
            best = t;
            best_score = score;
        } else if (t != first) {
            ty_text_free(t);
        }
        if (score >= 0.9)
            break; /* clearly Japanese: no need to try the others */
    }
    if (first) {
        /* a text that reads as Japanese decides; otherwise trust ucsdet's order */
        chosen = best_score >= 0.5 ? best : first;
        if (first != chosen)
            ty_text_free(first);
        if (best != chosen && best != first)
            ty_text_free(best);
        /* the chosen text copied src; give it the caller's buffer instead */
        if (adopt && *adopt == src) {
            free(chosen->src);
            chosen->src = *adopt;
            *adopt = NULL;
        }
        *out = chosen;
        return TY_OK;
    }
    if (lenient)
        return ty__text_convert(src, len, adopt, c[furthest_i].cnv, NULL, name, 1, out, err);
    if (furthest < 0)
        return ty__fail(err, TY_ERR_ENCODING, name, -1, -1,
                        "cannot detect the encoding; give it with --encoding");
    if (err) {
        size_t k;
        *err = furthest_err;
        k = strlen(err->message);
        snprintf(err->message + k, sizeof err->message - k,
                 " (the encoding was guessed; give it with --encoding)");
    }
    return TY_ERR_ENCODING;
}
