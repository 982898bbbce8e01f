/*
 * test_normalize.c — table-driven tests of ty_normalize (src/text/normalize.c): NFKC, case
 * folding, white-space folding and trimming, ill-formed input, long strings (past the
 * stack buffers), and the ASCII path agreeing with the ICU path; the Unicode helpers of
 * base/unicode.h that decide without ICU, against ICU.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "taiyaku.h"
#include "tap.h"
#include "base/unicode.h"

static const struct {
    const char *name, *in, *want;
} cases[] = {
    {"empty", "", ""},
    {"only spaces", " \t\r\n ", ""},
    {"ASCII lowercased", "Hello WORLD", "hello world"},
    {"trimmed, runs folded", "  a \t\n b  ", "a b"},
    {"CRLF folded", "line one\r\nline two", "line one line two"},
    {"full-width letters and digits",
     "\xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\xA3\xEF\xBC\x91\xEF\xBC\x92"
     "\xEF\xBC\x93",
     "abc123"},
    {"half-width katakana", "\xEF\xBD\xB6\xEF\xBE\x80\xEF\xBD\xB6\xEF\xBE\x85",
     "\xE3\x82\xAB\xE3\x82\xBF\xE3\x82\xAB\xE3\x83\x8A"},
    {"half-width voiced mark composes", "\xEF\xBD\xB6\xEF\xBE\x9E", "\xE3\x82\xAC"},
    {"ideographic space", "\xE6\x97\xA5\xE6\x9C\xAC\xE3\x80\x80\xE8\xAA\x9E",
     "\xE6\x97\xA5\xE6\x9C\xAC \xE8\xAA\x9E"},
    {"leading ideographic spaces trimmed", "\xE3\x80\x80\xE3\x80\x80x\xE3\x80\x80", "x"},
    {"no-break, em and line separator spaces", "\xC2\xA0x\xE2\x80\x83y\xE2\x80\xA8", "x y"},
    {"sharp s case-folded",
     "Stra\xC3\x9F"
     "e",
     "strasse"},
    {"ligature", "\xEF\xAC\x81le", "file"},
    {"circled digit", "\xE2\x91\xA0", "1"},
    {"parenthesized ideograph", "\xE3\x88\xB1", "(\xE6\xA0\xAA)"},
    {"Roman numeral", "\xE2\x85\xAB", "xii"},
    {"Greek sigma", "\xCE\xA3\xCE\x91\xCE\xA3", "\xCF\x83\xCE\xB1\xCF\x83"},
    {"zero-width space removed",
     "a\xE2\x80\x8B"
     "b",
     "ab"},
    {"full-width punctuation", "\xEF\xBC\x88\xE6\xA0\xAA\xEF\xBC\x89\xEF\xBC\x81",
     "(\xE6\xA0\xAA)!"},
    {"Japanese kept", "\xE3\x81\x93\xE3\x82\x93\xE3\x81\xAB\xE3\x81\xA1\xE3\x81\xAF\xE3\x80\x82",
     "\xE3\x81\x93\xE3\x82\x93\xE3\x81\xAB\xE3\x81\xA1\xE3\x81\xAF\xE3\x80\x82"},
    {"ill-formed byte becomes U+FFFD",
     "a\xFF"
     "b",
     "a\xEF\xBF\xBD"
     "b"},
};

/* A string longer than the stack buffers, in the ASCII and the ICU paths. */
static void long_strings(void)
{
    enum { N = 5000 };
    char *in = malloc(N * 4 + 1), *want = malloc(N * 2 + 1), *got;
    size_t len = 0, wlen = 0, out_len = 0;

    if (!in || !want) {
        free(in);
        free(want);
        return;
    }
    for (int i = 0; i < N; i++) {
        memcpy(in + len, "\xEF\xBC\xA1 ", 4); /* Ａ and a space */
        len += 4;
        memcpy(want + wlen, "a ", 2);
        wlen += 2;
    }
    want[--wlen] = '\0';
    got = ty_normalize(in, len, &out_len);
    ty_is_str(got, want, "long full-width string");
    ty_is_int((long long)out_len, (long long)wlen, "long full-width string: length");
    free(got);
    for (int i = 0; i < N; i++)
        memcpy(in + 2 * i, "A\t", 2);
    got = ty_normalize(in, 2 * N, &out_len);
    ty_is_str(got, want, "long ASCII string");
    free(got);
    free(in);
    free(want);
}

/* The fast White_Space test agrees with ICU on every code point (and on -1). */
static void white_space(void)
{
    UChar32 bad = -2;
    for (UChar32 c = -1; c <= 0x10FFFF && bad == -2; c++)
        if (ty__white_space(c) != (c >= 0 && u_isUWhiteSpace(c)))
            bad = c;
    ty_ok(bad == -2, "ty__white_space is u_isUWhiteSpace on all code points (first difference: %ld)",
          (long)bad);
}

/* The closer test (ty__is_closer: ASCII quotes and the categories Pe and Pf, some characters
 * decided without ICU) agrees with ICU on every code point (and on -1). */
static void closers(void)
{
    UChar32 bad = -2;
    for (UChar32 c = -1; c <= 0x10FFFF && bad == -2; c++) {
        int8_t t = c >= 0 ? u_charType(c) : 0;
        if (ty__is_closer(c) !=
            (c == '"' || c == '\'' || t == U_END_PUNCTUATION || t == U_FINAL_PUNCTUATION))
            bad = c;
    }
    ty_ok(bad == -2, "ty__is_closer is ICU's Pe or Pf, or a quote, on all code points (first "
          "difference: %ld)", (long)bad);
}

/* ---- ty__utf8_valid_prefix ------------------------------------------------------------- */

/* The offset of the first ill-formed sequence or NUL byte of s[0, n) (ICU's U8_NEXT decides),
 * or n; *at_start is whether `p` is where a character of that walk starts (or the end). */
static size_t first_bad(const unsigned char *s, size_t n, size_t p, int *at_start)
{
    int32_t i = 0;

    *at_start = p == 0;
    while ((size_t)i < n) {
        int32_t start = i;
        UChar32 c;
        U8_NEXT(s, i, (int32_t)n, c);
        if (c <= 0)
            return (size_t)start;
        if ((size_t)i == p)
            *at_start = 1;
    }
    return n;
}

/* Checks one buffer: the prefix is well-formed, ends where a character starts, and (with
 * SSSE3) stops at most a block and a character before the first bad byte or the end. Returns
 * 0 when it holds; else says why. */
static const char *prefix_holds(const unsigned char *s, size_t n, int simd)
{
    int high = 0, at_start, want_high = 0;
    size_t p = ty__utf8_valid_prefix(s, n, &high), bad = first_bad(s, n, p, &at_start);
    size_t floor64 = bad / 64 * 64;

    if (p > bad)
        return "past the first bad byte";
    if (!at_start)
        return "not at a character's start";
    for (size_t i = 0; i < p; i++)
        want_high |= s[i] >= 0x80;
    if (want_high && !high)
        return "a byte >= 0x80 not told";
    if (simd && bad == n && p + 64 + 3 < n)
        return "stops short of a good text's end";
    if (simd && bad < n && p + 64 + 3 < floor64)
        return "stops short of the block before the first bad byte";
    return NULL;
}

/* Bad sequences (and good ones that lie near the edges of the tables) put at every offset of a
 * text of ASCII, two-, three- and four-byte characters; every pair of bytes, and three-byte
 * sequences of every lead byte with trail bytes from the edges of the ranges, at offsets around
 * a block's end. */
static void utf8_prefix(void)
{
    static const char *const seqs[] = {
        "\x80", "\xBF", "\xC0\x80", "\xC1\xBF", "\xC2" "A", "\xE0\x80\x80", "\xE0\x9F\xBF",
        "\xED\xA0\x80", "\xED\xBF\xBF", "\xF0\x80\x80\x80", "\xF0\x8F\xBF\xBF",
        "\xF4\x90\x80\x80", "\xF5\x80\x80\x80", "\xFF", "\xFE", "\xE3\x81" "A",
        "\xF0\x9F\x98" "A", "\xE3\x81\x82\x80", "\xC2\xA9\x80", "",
        /* good: */ "\xED\x9F\xBF", "\xF4\x8F\xBF\xBF", "\xE0\xA0\x80", "\xF0\x90\x80\x80",
        "\xEE\x80\x80", "\xC2\x80", "\xDF\xBF", "\x7F"};
    static const unsigned char edges[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90,
                                          0x9F, 0xA0, 0xBF, 0xC0, 0xF5, 0xFF};
    const char *unit = "ab\xC3\xA9\xE6\x97\xA5\xE6\x9C\xAC\xF0\x9F\x98\x80 c\xE3\x81\x82";
    unsigned char base[400], buf[420];
    size_t nbase = 0, texts = 0;
    const char *why = NULL;
    char where[200] = "";
    int simd = 0;

#if defined(__x86_64__) && defined(__GNUC__)
    simd = __builtin_cpu_supports("ssse3");
#endif
    while (nbase + strlen(unit) <= sizeof base) {
        memcpy(base + nbase, unit, strlen(unit));
        nbase += strlen(unit);
    }
    for (size_t k = 0; k < sizeof seqs / sizeof seqs[0] && !why; k++) {
        size_t m = strlen(seqs[k]) + (k == 19); /* "" is the NUL byte */
        for (size_t at = 0; at + m <= nbase && !why; at++) {
            memcpy(buf, base, at);
            memcpy(buf + at, k == 19 ? "\0" : seqs[k], m);
            memcpy(buf + at + m, base + at, nbase - at);
            texts++;
            if ((why = prefix_holds(buf, nbase + m, simd)))
                snprintf(where, sizeof where, "sequence %zu at %zu", k, at);
        }
    }
    for (unsigned b0 = 0; b0 < 256 && !why; b0++)
        for (unsigned b1 = 0; b1 < 256 && !why; b1++)
            for (size_t at = 60; at < 68 && !why; at++) {
                memset(buf, 'a', 160);
                buf[at] = (unsigned char)b0;
                buf[at + 1] = (unsigned char)b1;
                texts++;
                if ((why = prefix_holds(buf, 160, simd)))
                    snprintf(where, sizeof where, "%02X %02X at %zu", b0, b1, at);
            }
    for (unsigned b0 = 0xC0; b0 < 256 && !why; b0++)
        for (size_t j = 0; j < sizeof edges * sizeof edges && !why; j++)
            for (size_t at = 60; at < 68 && !why; at++) {
                memset(buf, 'a', 160);
                buf[at] = (unsigned char)b0;
                buf[at + 1] = edges[j / sizeof edges];
                buf[at + 2] = edges[j % sizeof edges];
                buf[at + 3] = 0x80;
                texts++;
                if ((why = prefix_holds(buf, 160, simd)))
                    snprintf(where, sizeof where, "%02X %02X %02X 80 at %zu", b0,
                             edges[j / sizeof edges], edges[j % sizeof edges], at);
            }
    ty_ok(!why, "ty__utf8_valid_prefix on %zu texts: %s%s%s", texts, why ? why : "holds",
          why ? ", " : "", where);
    if (!simd)
        ty_skip("ty__utf8_valid_prefix reaches near the end", "no SSSE3 here: the prefix is 0");
}

int main(void)
{
    white_space();
    closers();
    utf8_prefix();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t out_len = 12345;
        char *got = ty_normalize(cases[i].in, strlen(cases[i].in), &out_len);
        ty_is_str(got, cases[i].want, "%s", cases[i].name);
        ty_is_int((long long)out_len, got ? (long long)strlen(got) : -1, "%s: length",
                  cases[i].name);
        free(got);
    }
    /* the length is honoured: bytes past it are not read, NUL inside is kept */
    {
        char *got = ty_normalize("AbcDEF", 3, NULL);
        ty_is_str(got, "abc", "length honoured");
        free(got);
        got = ty_normalize(NULL, 0, NULL);
        ty_is_str(got, "", "NULL with length 0");
        free(got);
    }
    long_strings();
    return ty_done();
}
