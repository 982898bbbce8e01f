/*
 * fuzz_decode.c — fuzz target for decoding (src/text*.c) and ty_normalize. Decodes the input
 * with detection and with each supported encoding, strict and lenient, and checks:
 *  - the text is valid UTF-8 without NUL bytes, NUL-terminated;
 *  - lenient decoding never fails on bytes; strict decoding with a given encoding fails
 *    exactly when the lenient one replaces something, and the error's offset is inside the
 *    input and its message one line;
 *  - ty_text_source_offset is non-decreasing over character starts, inside the input, and
 *    maps the end of the text to the end of the input;
 *  - ty_normalize of the text is valid UTF-8, trimmed, without double spaces.
 * A violation aborts. Linked with tests/fuzz/replay.c for make check, with libFuzzer by
 * tests/fuzz/run-libfuzzer.sh.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/utf8.h>

#include "taiyaku.h"

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond))                                                                               \
            abort();                                                                               \
    } while (0)

static const char *const encodings[] = {
    NULL,        "UTF-8",  "UTF-16LE",    "UTF-16BE",     "UTF-16",
    "Shift_JIS", "EUC-JP", "ISO-2022-JP", "windows-1252",
};

static void check_utf8(const char *s, size_t len)
{
    int64_t i = 0, n = (int64_t)len;
    CHECK(s[len] == '\0');
    while (i < n) {
        UChar32 c;
        U8_NEXT(s, i, n, c);
        CHECK(c > 0); /* well-formed, and never NUL */
    }
}

static void check_map(const ty_text *t, size_t in_len)
{
    size_t len, step;
    const char *s = ty_text_utf8(t, &len);
    long long prev = 0;
    int64_t i = 0, n;

    CHECK(ty_text_source_offset(t, len) == (long long)in_len);
    CHECK(ty_text_source_offset(t, len + 1) == -1);
    /* a sample of character starts (each lookup may re-decode a stretch of input) */
    step = len / 64 + 1;
    n = (int64_t)len;
    while (i < n) {
        int64_t start = i;
        UChar32 c;
        U8_NEXT(s, i, n, c);
        (void)c;
        if ((size_t)start % step == 0 || step == 1) {
            long long off = ty_text_source_offset(t, (size_t)start);
            CHECK(off >= prev && off <= (long long)in_len);
            prev = off;
        }
    }
}

static void check_normalize(const char *s, size_t len)
{
    size_t n = 0;
    char *norm = ty_normalize(s, len < 4096 ? len : 4096, &n);
    CHECK(norm != NULL);
    CHECK(strlen(norm) == n);
    check_utf8(norm, n);
    if (n > 0)
        CHECK(norm[0] != ' ' && norm[n - 1] != ' ');
    CHECK(strstr(norm, "  ") == NULL);
    free(norm);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    for (size_t k = 0; k < sizeof encodings / sizeof encodings[0]; k++) {
        size_t lenient_replaced = 0;
        int strict_failed = 0;
        for (int lenient = 1; lenient >= 0; lenient--) {
            ty_decode_opts o = {encodings[k], lenient};
            ty_text *t = NULL;
            ty_error e;
            ty_status st;
            size_t len;
            const char *s;

            ty_error_clear(&e);
            st = ty_text_decode(data, size, "fuzz", &o, &t, &e);
            if (st != TY_OK) {
                CHECK(t == NULL);
                CHECK(st == TY_ERR_ENCODING || st == TY_ERR_NOMEM);
                CHECK(!lenient || st == TY_ERR_NOMEM);
                CHECK(strchr(e.message, '\n') == NULL && e.message[0] != '\0');
                CHECK(e.offset >= -1 && e.offset < (long long)size);
                CHECK(e.offset >= 0 || !encodings[k] || st == TY_ERR_NOMEM);
                strict_failed = 1;
                continue;
            }
            s = ty_text_utf8(t, &len);
            check_utf8(s, len);
            CHECK(ty_text_encoding(t) && ty_text_encoding(t)[0]);
            if (lenient)
                lenient_replaced = ty_text_replacements(t);
            else
                CHECK(ty_text_replacements(t) == 0);
            check_map(t, size);
            if (k == 0 && lenient)
                check_normalize(s, len);
            ty_text_free(t);
        }
        /* with a given encoding, strict fails exactly when lenient replaces something */
        if (encodings[k])
            CHECK(strict_failed == (lenient_replaced > 0));
    }
    return 0;
}
