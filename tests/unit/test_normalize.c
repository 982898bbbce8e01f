/*
 * test_normalize.c — table-driven tests of ty_normalize (src/text/normalize.c): NFKC, case
 * folding, white-space folding and trimming, ill-formed input, long strings (past the
 * stack buffers), and the ASCII path agreeing with the ICU path.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>

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

int main(void)
{
    white_space();
    closers();
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
