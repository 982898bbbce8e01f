/*
 * detect.c — choosing the encoding of an input that has no BOM and is not valid UTF-8.
 * ICU's charset detector (ucsdet) proposes candidates; on short Japanese texts its first
 * guess is often wrong (Shift_JIS and EUC-JP look alike to it, and Latin-1 decodes
 * anything), so every candidate, plus Shift_JIS (CP932) and EUC-JP, is decoded strictly and
 * the one that decodes cleanly and reads most like Japanese wins. It does not look at BOMs or
 * UTF-8 (decode.c does that first).
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

#include "base/error.h"
#include "text.h"

enum { MAX_CANDIDATES = 40 };
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

/* How plausible a decoding by a Japanese encoding is. Wrong guesses between Shift_JIS and
 * EUC-JP, or a Japanese encoding applied to Latin-1 text, produce C1 controls, private-use
 * characters, accented Latin letters and half-width katakana without hiragana; real text has
 * none of the first three and, unless it is a bare heading, plenty of hiragana. The score is
 * the share of non-ASCII characters that are not suspicious, plus half the share that are
 * hiragana; half-width katakana count for neither side. 0 when there is nothing to judge. */
static double japanese_score(const char *s, size_t len, size_t *njudged)
{
    size_t judged = 0, good = 0, hiragana = 0;
    int64_t i = 0, n = (int64_t)(len < SNIFF_BYTES ? len : SNIFF_BYTES);

    while (i < n) {
        UChar32 c;
        int8_t gc;
        UErrorCode ue = U_ZERO_ERROR;
        UScriptCode sc;

        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        U8_NEXT(s, i, n, c);
        if (c < 0 || u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH) == U_EA_HALFWIDTH)
            continue;
        judged++;
        gc = u_charType(c);
        sc = uscript_getScript(c, &ue);
        if (gc == U_CONTROL_CHAR || gc == U_PRIVATE_USE_CHAR || gc == U_UNASSIGNED ||
            gc == U_SURROGATE || sc == USCRIPT_LATIN)
            continue;
        good++;
        hiragana += sc == USCRIPT_HIRAGANA;
    }
    if (njudged)
        *njudged = judged;
    return judged ? ((double)good + 0.5 * (double)hiragana) / (double)judged : 0.0;
}

static int is_japanese_encoding(const char *cnv)
{
    return !strcmp(cnv, "Shift_JIS") || !strcmp(cnv, "EUC-JP") || !strcmp(cnv, "ISO-2022-JP");
}

/* Fill c with candidates, in the order they are tried:
 *  1. the Japanese encodings (in ucsdet's order, then Shift_JIS and EUC-JP if it did not
 *     propose them); the best-scoring clean one wins if it reads like Japanese;
 *  2. UTF-16 if ucsdet proposes it (only for text with NUL bytes: every real UTF-16 text has
 *     line ends or spaces);
 *  3. windows-1252, the legacy encoding of English documents (a superset of Latin-1's
 *     printable characters; ucsdet's guesses among the ISO-8859 family are unreliable);
 *  4. ucsdet's other guesses;
 *  5. UTF-8, which never decodes cleanly here but whose error may be the one to report.
 * Returns how many; the first *njapanese are Japanese. */
static size_t candidates(const char *src, size_t len, candidate *c, size_t *njapanese)
{
    UErrorCode ue = U_ZERO_ERROR;
    UCharsetDetector *csd = ucsdet_open(&ue);
    const UCharsetMatch **m = NULL;
    int32_t nm = 0;
    size_t n = 0;
    int has_nul = memchr(src, 0, len) != NULL;

    if (U_SUCCESS(ue)) {
        ucsdet_setText(csd, src, (int32_t)(len < SNIFF_BYTES ? len : SNIFF_BYTES), &ue);
        if (U_SUCCESS(ue))
            m = ucsdet_detectAll(csd, &nm, &ue);
        if (U_FAILURE(ue))
            nm = 0;
    }
    for (int pass = 1; pass <= 4; pass++) {
        for (int32_t i = 0; i < nm; i++) {
            UErrorCode ue2 = U_ZERO_ERROR;
            const char *name = ucsdet_getName(m[i], &ue2);
            int conf = ucsdet_getConfidence(m[i], &ue2), group;
            if (U_FAILURE(ue2) || !name || !strcmp(name, "UTF-8") || !strncmp(name, "UTF-32", 6))
                continue;
            group = is_japanese_encoding(name) ? 1 : !strncmp(name, "UTF-16", 6) ? 2 : 4;
            if (group == pass && (group != 2 || has_nul))
                add_candidate(c, &n, name, conf);
        }
        if (pass == 1) {
            add_candidate(c, &n, "Shift_JIS", 0);
            add_candidate(c, &n, "EUC-JP", 0);
            *njapanese = n;
        }
        if (pass == 3)
            add_candidate(c, &n, "windows-1252", 0);
    }
    add_candidate(c, &n, "UTF-8", 0);
    ucsdet_close(csd);
    return n;
}

/* C1 control characters (U+0080–U+009F) are never text: a decoding that produces them (ICU
 * maps windows-1252's undefined bytes and EUC-JP's stray 0x80–0x8D to them) is wrong. Fills
 * e like a decoding error at the first one. */
static int has_c1(const ty_text *t, ty_error *e)
{
    const char *p = t->utf8, *end = t->utf8 + t->len;
    char hex[8];

    while ((p = memchr(p, 0xC2, (size_t)(end - p))) != NULL && p + 1 < end) {
        unsigned char c = (unsigned char)p[1];
        if (c >= 0x80 && c <= 0x9F) {
            size_t u = (size_t)(p - t->utf8);
            snprintf(hex, sizeof hex, "%02X", c);
            ty__fail(e, TY_ERR_ENCODING, t->name, ty__line_of(t->utf8, u),
                     ty_text_source_offset(t, u), "%s decodes to the control character U+00%s",
                     t->encoding, hex);
            return 1;
        }
        p++;
    }
    return 0;
}

/* The trials borrow src; the chosen text takes over the caller's buffer, or a copy. */
static ty_status own_source(ty_text **t, const char *src, size_t len, char **adopt, ty_error *err)
{
    if (adopt && *adopt == src) {
        *adopt = NULL;
    } else {
        char *copy = malloc(len ? len : 1);
        if (!copy) {
            ty_text_free(*t);
            *t = NULL;
            return ty__nomem(err);
        }
        memcpy(copy, src, len);
        (*t)->src = copy;
    }
    (*t)->src_borrowed = 0;
    return TY_OK;
}

/* The outcome of trying the candidates. */
typedef struct trials {
    ty_text *best; /* the clean Japanese decoding that scored best */
    double best_score;
    ty_error fail; /* the error of the candidate that got furthest */
    size_t fail_i;
    int failed;
    ty_error jfail; /* the furthest error of a Japanese encoding whose text before the
                       bad bytes reads as Japanese: then the input is Japanese */
    size_t jfail_i;
    int jfailed;
} trials;

static void note_failure(trials *tr, const candidate *c, size_t i, const ty_error *e)
{
    /* report the candidate that got furthest (UTF-8 on a tie) */
    if (!tr->failed || e->offset > tr->fail.offset ||
        (e->offset == tr->fail.offset && !strcmp(c[i].cnv, "UTF-8"))) {
        tr->fail = *e;
        tr->fail_i = i;
        tr->failed = 1;
    }
}

/* A Japanese encoding failed at e->offset: does the text before that read as Japanese? */
static void note_japanese_failure(trials *tr, const char *src, const candidate *c, size_t i,
                                  const ty_error *e)
{
    ty_text *t = NULL;
    ty_error pe;
    size_t judged = 0;
    double score;

    if (e->offset <= 0 || (tr->jfailed && e->offset <= tr->jfail.offset))
        return;
    if (ty__text_convert(src, (size_t)e->offset, NULL, c[i].cnv, NULL, NULL, 0, &t, &pe) != TY_OK)
        return;
    score = japanese_score(t->utf8, t->len, &judged);
    ty_text_free(t);
    if (judged >= 2 && score >= 0.9) {
        tr->jfail = *e;
        tr->jfail_i = i;
        tr->jfailed = 1;
    }
}

ty_status ty__text_detect(const char *src, size_t len, char **adopt, const char *name, int lenient,
                          ty_text **out, ty_error *err)
{
    candidate c[MAX_CANDIDATES];
    size_t nj = 0, n = candidates(src, len, c, &nj), i;
    trials tr;
    ty_error *why;
    size_t why_i;

    *out = NULL;
    memset(&tr, 0, sizeof tr);
    tr.best_score = -1;
    /* 1. The Japanese encodings: the clean decoding that reads most like Japanese. */
    for (i = 0; i < nj; i++) {
        ty_text *t = NULL;
        ty_error e;
        double score;

        ty_error_clear(&e);
        if (ty__text_convert(src, len, NULL, c[i].cnv, NULL, name, 0, &t, &e) != TY_OK ||
            has_c1(t, &e)) {
            ty_text_free(t);
            if (e.status == TY_ERR_NOMEM)
                goto nomem;
            if (e.status == TY_ERR_ENCODING) {
                note_failure(&tr, c, i, &e);
                note_japanese_failure(&tr, src, c, i, &e);
            }
            continue;
        }
        score = japanese_score(t->utf8, t->len, NULL);
        if (score > tr.best_score) {
            ty_text_free(tr.best);
            tr.best = t;
            tr.best_score = score;
        } else {
            ty_text_free(t);
        }
        if (score >= 1.2)
            break; /* clean Japanese prose: no need to try the others */
    }
    if (tr.best && tr.best_score >= 0.5) {
        *out = tr.best;
        return own_source(out, src, len, adopt, err);
    }
    /* Japanese text with undecodable bytes: an error in that encoding, not another guess
     * (a single-byte encoding would decode it, as garbage). */
    if (!tr.jfailed) {
        /* 2. The others, in order: the first that decodes cleanly. */
        for (i = nj; i < n; i++) {
            ty_text *t = NULL;
            ty_error e;

            ty_error_clear(&e);
            if (ty__text_convert(src, len, NULL, c[i].cnv, NULL, name, 0, &t, &e) == TY_OK &&
                !has_c1(t, &e)) {
                ty_text_free(tr.best);
                *out = t;
                return own_source(out, src, len, adopt, err);
            }
            ty_text_free(t);
            if (e.status == TY_ERR_NOMEM)
                goto nomem;
            if (e.status == TY_ERR_ENCODING)
                note_failure(&tr, c, i, &e);
        }
        /* 3. A clean Japanese decoding that did not read like Japanese after all. */
        if (tr.best) {
            *out = tr.best;
            return own_source(out, src, len, adopt, err);
        }
    }
    ty_text_free(tr.best);
    why = tr.jfailed ? &tr.jfail : &tr.fail;
    why_i = tr.jfailed ? tr.jfail_i : tr.fail_i;
    if (!tr.jfailed && !tr.failed)
        return ty__fail(err, TY_ERR_ENCODING, name, -1, -1,
                        "cannot detect the encoding; give it with --encoding");
    if (lenient) {
        ty_status st = ty__text_convert(src, len, NULL, c[why_i].cnv, NULL, name, 1, out, err);
        return st == TY_OK ? own_source(out, src, len, adopt, err) : st;
    }
    if (err) {
        size_t k;
        *err = *why;
        k = strlen(err->message);
        snprintf(err->message + k, sizeof err->message - k,
                 " (the encoding was guessed; give it with --encoding)");
    }
    return TY_ERR_ENCODING;
nomem:
    ty_text_free(tr.best);
    return ty__nomem(err);
}
