/*
 * test_text.c — table-driven tests of decoding (src/text*.c): every encoding, BOMs,
 * detection, invalid bytes with their offsets and lines, lenient counts, NUL bytes, the
 * size cap, the map back to original offsets, and file reading errors. Byte strings are C
 * escapes (the Japanese they encode is in the comments). Normalization is in
 * test_normalize.c.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <unicode/utf8.h>

#include "taiyaku.h"
#include "tap.h"
#include "text/text.h"

#define B(s) s, sizeof(s) - 1

/* こんにちは、世界。\n in each encoding */
#define HELLO_UTF8                                                                                 \
    "\xE3\x81\x93\xE3\x82\x93\xE3\x81\xAB\xE3\x81\xA1\xE3\x81\xAF\xE3\x80\x81"                     \
    "\xE4\xB8\x96\xE7\x95\x8C\xE3\x80\x82\n"
#define HELLO_SJIS "\x82\xB1\x82\xF1\x82\xC9\x82\xBF\x82\xCD\x81\x41\x90\xA2\x8A\x45\x81\x42\x0A"
#define HELLO_EUC "\xA4\xB3\xA4\xF3\xA4\xCB\xA4\xC1\xA4\xCF\xA1\xA2\xC0\xA4\xB3\xA6\xA1\xA3\x0A"
#define HELLO_JIS                                                                                  \
    "\x1B\x24\x42\x24\x33\x24\x73\x24\x4B\x24\x41\x24\x4F\x21\x22\x40\x24\x33"                     \
    "\x26\x21\x23\x1B\x28\x42\x0A"
/* 日本 */
#define NIHON_UTF8 "\xE6\x97\xA5\xE6\x9C\xAC"
#define NIHON_16LE "\xE5\x65\x2C\x67"
#define NIHON_16BE "\x65\xE5\x67\x2C"
/* 日本語の / テキスト */
#define NIHONGO_UTF8 "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E\xE3\x81\xAE"
#define TEXT_UTF8 "\xE3\x83\x86\xE3\x82\xAD\xE3\x82\xB9\xE3\x83\x88"
#define NIHONGO_SJIS "\x93\xFA\x96\x7B\x8C\xEA\x82\xCC"
#define TEXT_SJIS "\x83\x65\x83\x4C\x83\x58\x83\x67"
#define FFFD "\xEF\xBF\xBD"

typedef struct dcase {
    const char *name;
    const char *in;
    size_t len;
    const char *enc; /* --encoding, or NULL to detect */
    int lenient;
    ty_status status;
    const char *want;     /* the decoded text (TY_OK) or a part of the message (errors) */
    const char *want_enc; /* ty_text_encoding (TY_OK) */
    size_t repl;          /* replacements (TY_OK) */
    long long off;        /* error byte offset, -1 when none */
    long line;            /* error line, -1 when none */
} dcase;

static const dcase cases[] = {
    /* UTF-8 */
    {"ASCII", B("Hello, world.\n"), NULL, 0, TY_OK, "Hello, world.\n", "UTF-8", 0, -1, -1},
    {"UTF-8 Japanese", B(HELLO_UTF8), NULL, 0, TY_OK, HELLO_UTF8, "UTF-8", 0, -1, -1},
    {"UTF-8 with BOM", B("\xEF\xBB\xBF" HELLO_UTF8), NULL, 0, TY_OK, HELLO_UTF8, "UTF-8", 0, -1,
     -1},
    {"UTF-8 BOM only", B("\xEF\xBB\xBF"), NULL, 0, TY_OK, "", "UTF-8", 0, -1, -1},
    {"empty input", B(""), NULL, 0, TY_OK, "", "UTF-8", 0, -1, -1},
    {"empty input, Shift_JIS given", B(""), "Shift_JIS", 0, TY_OK, "", "Shift_JIS", 0, -1, -1},
    {"CRLF and CR kept", B("a\r\nb\rc\n\r\n"), NULL, 0, TY_OK, "a\r\nb\rc\n\r\n", "UTF-8", 0, -1,
     -1},
    {"UTF-8 given, BOM stripped",
     B("\xEF\xBB\xBF"
       "abc"),
     "utf8", 0, TY_OK, "abc", "UTF-8", 0, -1, -1},
    {"damaged UTF-8 is reported as UTF-8", B(NIHONGO_UTF8 "\xFF" TEXT_UTF8), NULL, 0,
     TY_ERR_ENCODING, "invalid UTF-8 byte sequence 0xFF", NULL, 0, 12, 1},
    {"damaged UTF-8, lenient", B(NIHONGO_UTF8 "\xFF" TEXT_UTF8), NULL, 1, TY_OK,
     NIHONGO_UTF8 FFFD TEXT_UTF8, "UTF-8", 1, -1, -1},
    {"UTF-8 truncated sequence", B("ab\xE3\x81"), "UTF-8", 0, TY_ERR_ENCODING,
     "invalid UTF-8 byte sequence 0xE3 0x81", NULL, 0, 2, 1},
    {"UTF-8 encoded surrogate", B("x\xED\xA0\x80"), "UTF-8", 0, TY_ERR_ENCODING,
     "invalid UTF-8 byte sequence 0xED", NULL, 0, 1, 1},
    {"UTF-8 overlong", B("\xC0\xAF"), "UTF-8", 0, TY_ERR_ENCODING,
     "invalid UTF-8 byte sequence 0xC0", NULL, 0, 0, 1},
    {"UTF-8 error line after LF, CRLF and CR", B("a\nb\r\nc\rd\xFF"), "UTF-8", 0, TY_ERR_ENCODING,
     "0xFF", NULL, 0, 8, 4},
    {"UTF-8 lenient counts each bad sequence",
     B("a\xFF"
       "b\xE3\x81"
       "c\xC0\xAF"),
     "UTF-8", 1, TY_OK, "a" FFFD "b" FFFD "c" FFFD FFFD, "UTF-8", 4, -1, -1},
    /* NUL bytes: never truncate */
    {"NUL byte is an error", B("ab\0cd"), NULL, 0, TY_ERR_ENCODING, "NUL byte", NULL, 0, 2, 1},
    {"NUL byte, lenient", B("ab\0cd\0"), NULL, 1, TY_OK, "ab" FFFD "cd" FFFD, "UTF-8", 2, -1, -1},
    {"NUL in Shift_JIS", B("\x82\xA0\0"), "Shift_JIS", 0, TY_ERR_ENCODING, "NUL character", NULL, 0,
     2, 1},
    /* UTF-16 */
    {"UTF-16LE with BOM", B("\xFF\xFE" NIHON_16LE "\n\0"), NULL, 0, TY_OK, NIHON_UTF8 "\n",
     "UTF-16LE", 0, -1, -1},
    {"UTF-16BE with BOM", B("\xFE\xFF" NIHON_16BE "\0\n"), NULL, 0, TY_OK, NIHON_UTF8 "\n",
     "UTF-16BE", 0, -1, -1},
    {"UTF-16LE given, no BOM", B(NIHON_16LE), "UTF-16LE", 0, TY_OK, NIHON_UTF8, "UTF-16LE", 0, -1,
     -1},
    {"UTF-16LE given, BOM stripped", B("\xFF\xFE" NIHON_16LE), "UTF-16LE", 0, TY_OK, NIHON_UTF8,
     "UTF-16LE", 0, -1, -1},
    {"UTF-16 given, BOM decides", B("\xFF\xFE" NIHON_16LE), "UTF-16", 0, TY_OK, NIHON_UTF8,
     "UTF-16", 0, -1, -1},
    {"UTF-16LE without BOM detected", B("H\0i\0,\0 \0" NIHON_16LE "\n\0"), NULL, 0, TY_OK,
     "Hi, " NIHON_UTF8 "\n", "UTF-16LE", 0, -1, -1},
    {"UTF-16BE supplementary", B("\xFE\xFF\xD8\x40\xDC\x0B"), NULL, 0, TY_OK, "\xF0\xA0\x80\x8B",
     "UTF-16BE", 0, -1, -1},
    {"UTF-16LE odd length",
     B("\xFF\xFE"
       "a\0b"),
     NULL, 0, TY_ERR_ENCODING, "incomplete", NULL, 0, 4, 1},
    {"UTF-16LE lone surrogate",
     B("\xFF\xFE"
       "a\0\x00\xD8"
       "b\0"),
     NULL, 0, TY_ERR_ENCODING, "invalid UTF-16LE", NULL, 0, 4, 1},
    {"UTF-16LE lone surrogate, lenient",
     B("\xFF\xFE"
       "a\0\x00\xD8"
       "b\0"),
     NULL, 1, TY_OK, "a" FFFD "b", "UTF-16LE", 1, -1, -1},
    {"UTF-16LE NUL",
     B("\xFF\xFE"
       "a\0\0\0"),
     NULL, 0, TY_ERR_ENCODING, "NUL", NULL, 0, 4, 1},
    /* Shift_JIS (CP932) */
    {"Shift_JIS detected", B(HELLO_SJIS), NULL, 0, TY_OK, HELLO_UTF8, "Shift_JIS", 0, -1, -1},
    {"Shift_JIS given", B(HELLO_SJIS), "Shift_JIS", 0, TY_OK, HELLO_UTF8, "Shift_JIS", 0, -1, -1},
    {"CP932 alias", B(HELLO_SJIS), "CP932", 0, TY_OK, HELLO_UTF8, "Shift_JIS", 0, -1, -1},
    /* ①㈱ (NEC row 13), 髙 (NEC-selected IBM extension), 髙 (IBM extension), ~ \ */
    {"CP932 extensions", B("\x87\x40\x87\x8A\xEE\xE0\xFB\xFC\x81\x60\x5C"), "Shift_JIS", 0, TY_OK,
     "\xE2\x91\xA0\xE3\x88\xB1\xE9\xAB\x99\xE9\xAB\x99\xEF\xBD\x9E\x5C", "Shift_JIS", 0, -1, -1},
    {"CP932 extensions detected", B("\x87\x40\x87\x8A\x20\xEE\xE0\x8B\xB4\x0A"), NULL, 0, TY_OK,
     "\xE2\x91\xA0\xE3\x88\xB1 \xE9\xAB\x99\xE6\xA9\x8B\n", "Shift_JIS", 0, -1, -1},
    {"half-width katakana, Shift_JIS given", B("\xB6\xC0\xB6\xC5"), "Shift_JIS", 0, TY_OK,
     "\xEF\xBD\xB6\xEF\xBE\x80\xEF\xBD\xB6\xEF\xBE\x85", "Shift_JIS", 0, -1, -1},
    {"Shift_JIS bad trail byte", B("\x82\xA0\x81\x20\x82\xA2"), "Shift_JIS", 0, TY_ERR_ENCODING,
     "invalid Shift_JIS byte sequence 0x81", NULL, 0, 2, 1},
    {"Shift_JIS bad byte on line 2, detected",
     B(NIHONGO_SJIS "\r\n" TEXT_SJIS "\x81\x20" NIHONGO_SJIS TEXT_SJIS), NULL, 0, TY_ERR_ENCODING,
     "invalid Shift_JIS byte sequence 0x81", NULL, 0, 18, 2},
    {"Shift_JIS bad bytes at the end, detected: not another guess",
     B(HELLO_SJIS HELLO_SJIS "\x81\x20\n"), NULL, 0, TY_ERR_ENCODING,
     "invalid Shift_JIS byte sequence 0x81", NULL, 0, 38, 3},
    {"Shift_JIS bad bytes at the end, detected, lenient", B(HELLO_SJIS "\x81\x20"), NULL, 1, TY_OK,
     HELLO_UTF8 FFFD " ", "Shift_JIS", 1, -1, -1},
    {"EUC-JP bad byte at the end, detected", B(HELLO_EUC HELLO_EUC "\xA4\x20"), NULL, 0,
     TY_ERR_ENCODING, "invalid EUC-JP byte sequence 0xA4", NULL, 0, 38, 3},
    {"Shift_JIS lenient", B("\x82\xA0\x81\x20\x82\xA2\xFF"), "Shift_JIS", 1, TY_OK,
     "\xE3\x81\x82" FFFD " \xE3\x81\x84" FFFD, "Shift_JIS", 2, -1, -1},
    {"Shift_JIS truncated", B("\x82\xA0\x82"), "Shift_JIS", 0, TY_ERR_ENCODING, "incomplete", NULL,
     0, 2, 1},
    /* EUC-JP */
    {"EUC-JP detected", B(HELLO_EUC), NULL, 0, TY_OK, HELLO_UTF8, "EUC-JP", 0, -1, -1},
    {"EUC-JP given", B(HELLO_EUC), "EUC-JP", 0, TY_OK, HELLO_UTF8, "EUC-JP", 0, -1, -1},
    {"EUC-JP JIS X 0212", B("\x8F\xEC\xBF"), "EUC-JP", 0, TY_OK, "\xE9\xB7\x97", "EUC-JP", 0, -1,
     -1},
    {"EUC-JP bad byte", B("\xA4\xA2\xA4\x20"), "EUC-JP", 0, TY_ERR_ENCODING,
     "invalid EUC-JP byte sequence 0xA4", NULL, 0, 2, 1},
    {"EUC-JP truncated", B("\xA4\xA2\xA4"), "EUC-JP", 0, TY_ERR_ENCODING, "incomplete", NULL, 0, 2,
     1},
    /* ISO-2022-JP */
    {"ISO-2022-JP detected", B(HELLO_JIS), NULL, 0, TY_OK, HELLO_UTF8, "ISO-2022-JP", 0, -1, -1},
    {"ISO-2022-JP given", B(HELLO_JIS), "ISO-2022-JP", 0, TY_OK, HELLO_UTF8, "ISO-2022-JP", 0, -1,
     -1},
    {"ISO-2022-JP bad escape", B("ab\x1B$Zcd"), "ISO-2022-JP", 0, TY_ERR_ENCODING, "ISO-2022-JP",
     NULL, 0, 2, 1},
    {"ISO-2022-JP 8-bit byte", B("ab\xA4\xA2"), "ISO-2022-JP", 0, TY_ERR_ENCODING, "ISO-2022-JP",
     NULL, 0, 2, 1},
    /* English legacy text */
    {"windows-1252 detected", B("\x93Hello\x94 caf\xE9 na\xEFve\n"), NULL, 0, TY_OK,
     "\xE2\x80\x9CHello\xE2\x80\x9D caf\xC3\xA9 na\xC3\xAFve\n", "windows-1252", 0, -1, -1},
    /* bad options */
    {"unknown encoding", B("abc"), "no-such-encoding", 0, TY_ERR_INVALID,
     "unknown encoding 'no-such-encoding'", NULL, 0, -1, -1},
    {"empty encoding name", B("abc"), "", 0, TY_ERR_INVALID, "unknown encoding ''", NULL, 0, -1,
     -1},
};

static void run_case(const dcase *c)
{
    ty_decode_opts o = {c->enc, c->lenient};
    ty_text *t = NULL;
    ty_error e;
    ty_status st;

    ty_error_clear(&e);
    st = ty_text_decode(c->in, c->len, "in.txt", &o, &t, &e);
    ty_is_int(st, c->status, "%s: status", c->name);
    if (st != c->status) {
        ty_diag("message: %s", e.message);
    } else if (st == TY_OK) {
        size_t len;
        const char *u = ty_text_utf8(t, &len);
        ty_ok(len == strlen(c->want) && !memcmp(u, c->want, len) && u[len] == '\0', "%s: text",
              c->name);
        ty_is_str(ty_text_encoding(t), c->want_enc, "%s: encoding", c->name);
        ty_is_int((long long)ty_text_replacements(t), (long long)c->repl, "%s: replacements",
                  c->name);
        ty_is_str(ty_text_name(t), "in.txt", "%s: name", c->name);
    } else {
        ty_ok(strstr(e.message, c->want) != NULL, "%s: message has '%s'", c->name, c->want);
        if (!strstr(e.message, c->want))
            ty_diag("message: %s", e.message);
        ty_is_int(e.offset, c->off, "%s: byte offset", c->name);
        ty_is_int(e.line, c->line, "%s: line", c->name);
        ty_is_str(e.file, "in.txt", "%s: file", c->name);
        ty_ok(t == NULL, "%s: no text on failure", c->name);
        ty_ok(strchr(e.message, '\n') == NULL, "%s: one line", c->name);
    }
    ty_text_free(t);
}

/* ty_text_source_offset against offsets computed from a description of the input: each
 * character's size in the original bytes and in UTF-8. */
typedef struct mapcase {
    const char *name;
    const char *in;
    size_t len;
    const char *enc;
    int lenient;
    size_t first;      /* source offset of the first character (BOM, escape) */
    const char *sizes; /* per character: source bytes then UTF-8 bytes, as digit pairs */
} mapcase;

static const mapcase maps[] = {
    {"UTF-8", B("a" NIHON_UTF8 "b"), NULL, 0, 0,
     "11"
     "33"
     "33"
     "11"},
    {"UTF-8 with BOM",
     B("\xEF\xBB\xBF"
       "a" NIHON_UTF8),
     NULL, 0, 3,
     "11"
     "33"
     "33"},
    {"UTF-8 lenient",
     B("a\xFF"
       "b\xE3\x81"
       "c"),
     "UTF-8", 1, 0,
     "11"
     "13"
     "11"
     "23"
     "11"},
    {"Shift_JIS",
     B("a\x82\xA0"
       "b\xB6\x0A"),
     "Shift_JIS", 0, 0,
     "11"
     "23"
     "11"
     "13"
     "11"},
    {"UTF-16LE with BOM",
     B("\xFF\xFE"
       "a\0" NIHON_16LE "\x40\xD8\x0B\xDC"),
     NULL, 0, 2,
     "21"
     "23"
     "23"
     "44"},
    {"EUC-JP",
     B("\xA4\xA2"
       "x\x8F\xEC\xBF\x8E\xB6"),
     "EUC-JP", 0, 0,
     "23"
     "11"
     "33"
     "23"},
};

static void check_map(const char *name, const ty_text *t, size_t first, const char *sizes,
                      size_t src_total)
{
    size_t u = 0, src = first, len, bad = 0;
    ty_text_utf8(t, &len);
    for (const char *p = sizes; p[0] && p[1]; p += 2) {
        size_t ns = (size_t)(p[0] - '0'), nu = (size_t)(p[1] - '0');
        /* a character's start maps to its first byte; an offset inside it into its bytes */
        if (ty_text_source_offset(t, u) != (long long)src)
            bad++;
        for (size_t k = 1; k < nu; k++) {
            long long got = ty_text_source_offset(t, u + k);
            if (got < (long long)src || got >= (long long)(src + ns))
                bad++;
        }
        u += nu;
        src += ns;
    }
    ty_is_int((long long)u, (long long)len, "%s: decoded length", name);
    ty_is_int((long long)bad, 0, "%s: every offset maps to its character's source", name);
    ty_is_int(ty_text_source_offset(t, len), (long long)src_total, "%s: end maps to the end", name);
    ty_is_int(ty_text_source_offset(t, len + 1), -1, "%s: past the end is -1", name);
}

static void run_map(const mapcase *m)
{
    ty_decode_opts o = {m->enc, m->lenient};
    ty_text *t = NULL;
    ty_error e;

    if (!ty_ok(ty_text_decode(m->in, m->len, NULL, &o, &t, &e) == TY_OK, "map %s: decodes",
               m->name))
        return;
    check_map(m->name, t, m->first, m->sizes, m->len);
    ty_text_free(t);
}

/* A long text (many checkpoints) in Shift_JIS and ISO-2022-JP: alternating kana and ASCII
 * runs, so the map changes ratio all the time and ISO-2022-JP switches state. */
static void long_maps(void)
{
    enum { REPS = 3000, PAIRS = 10 };
    char *sjis = malloc(REPS * 7), *jis = malloc(REPS * 13), *sizes = malloc(REPS * PAIRS + 1);
    size_t ns = 0, nj = 0;
    ty_decode_opts o = {NULL, 0};
    ty_text *t;
    ty_error e;

    if (!sjis || !jis || !sizes)
        goto done;
    for (int i = 0; i < REPS; i++) {
        /* あい then xyz */
        memcpy(sjis + ns, "\x82\xA0\x82\xA2xyz", 7);
        ns += 7;
        memcpy(jis + nj, "\x1B$B$\"$$\x1B(Bxyz", 13);
        nj += 13;
        memcpy(sizes + (size_t)i * PAIRS, "2323111111", PAIRS);
    }
    sizes[REPS * PAIRS] = '\0';
    o.encoding = "Shift_JIS";
    if (ty_ok(ty_text_decode(sjis, ns, NULL, &o, &t, &e) == TY_OK, "long Shift_JIS decodes")) {
        check_map("long Shift_JIS", t, 0, sizes, ns);
        ty_text_free(t);
    }
    /* ISO-2022-JP: escape sequences take source bytes but give no characters */
    {
        size_t u = 0, src = 0, len, bad = 0;
        o.encoding = NULL;
        if (ty_ok(ty_text_decode(jis, nj, NULL, &o, &t, &e) == TY_OK, "long ISO-2022-JP decodes")) {
            ty_is_str(ty_text_encoding(t), "ISO-2022-JP", "long ISO-2022-JP: detected");
            ty_text_utf8(t, &len);
            for (int i = 0; i < REPS; i++) {
                src += 3; /* ESC $ B */
                for (int k = 0; k < 2; k++, src += 2, u += 3)
                    bad += ty_text_source_offset(t, u) != (long long)src;
                src += 3; /* ESC ( B */
                for (int k = 0; k < 3; k++, src++, u++)
                    bad += ty_text_source_offset(t, u) != (long long)src;
            }
            ty_is_int((long long)u, (long long)len, "long ISO-2022-JP: decoded length");
            ty_is_int((long long)bad, 0, "long ISO-2022-JP: every offset maps back");
            ty_text_free(t);
        }
    }
done:
    free(sjis);
    free(jis);
    free(sizes);
}

static void size_cap(void)
{
    static const char byte = 'a';
    ty_text *t = NULL;
    ty_error e;
    /* the cap is checked before the bytes are read */
    ty_is_int(ty_text_decode(&byte, ((size_t)1 << 30) + 1, "big.txt", NULL, &t, &e), TY_ERR_TOOBIG,
              "over 1 GiB: TY_ERR_TOOBIG");
    ty_ok(strstr(e.message, "1024 MiB") != NULL, "over 1 GiB: message gives the limit");
    ty_ok(t == NULL, "over 1 GiB: no text");
}

static void read_files(void)
{
    char dir[] = "/tmp/test_text.XXXXXX", path[64];
    ty_decode_opts o = {NULL, 0};
    ty_text *t = NULL;
    ty_error e;
    FILE *f;

    if (!ty_ok(mkdtemp(dir) != NULL, "temp dir"))
        return;
    snprintf(path, sizeof path, "%s/missing.txt", dir);
    ty_is_int(ty_text_read_file(path, &o, &t, &e), TY_ERR_IO, "missing file: TY_ERR_IO");
    ty_is_str(e.message, "cannot open: No such file or directory", "missing file: message");
    ty_is_str(e.file, path, "missing file: names the file");
    ty_is_int(ty_text_read_file(dir, &o, &t, &e), TY_ERR_IO, "directory: TY_ERR_IO");
    ty_is_str(e.message, "is a directory", "directory: message");
    ty_is_str(e.file, dir, "directory: names it");

    snprintf(path, sizeof path, "%s/doc.ja.txt", dir);
    if ((f = fopen(path, "wb"))) {
        static const char bytes[] = NIHONGO_SJIS "\n" TEXT_SJIS "\x81\x20\n";
        fwrite(bytes, 1, sizeof bytes - 1, f);
        fclose(f);
    }
    ty_is_int(ty_text_read_file(path, &o, &t, &e), TY_ERR_ENCODING, "bad file: TY_ERR_ENCODING");
    ty_is_str(e.file, path, "bad file: names the file");
    ty_is_int(e.offset, 17, "bad file: byte offset");
    ty_is_int(e.line, 2, "bad file: line");
    o.lenient = 1;
    if (ty_ok(ty_text_read_file(path, &o, &t, &e) == TY_OK, "bad file, lenient: decodes")) {
        ty_is_str(ty_text_utf8(t, NULL), NIHONGO_UTF8 "\n" TEXT_UTF8 FFFD " \n",
                  "bad file, lenient: text");
        ty_is_int((long long)ty_text_replacements(t), 1, "bad file, lenient: one replacement");
        ty_is_str(ty_text_name(t), path, "bad file, lenient: name");
        ty_text_free(t);
    }
    remove(path);
    snprintf(path, sizeof path, "%s/empty.txt", dir);
    if ((f = fopen(path, "wb")))
        fclose(f);
    if (ty_ok(ty_text_read_file(path, &o, &t, &e) == TY_OK, "empty file: decodes")) {
        size_t len = 99;
        ty_ok(ty_text_utf8(t, &len)[0] == '\0' && len == 0, "empty file: empty text");
        ty_text_free(t);
    }
    remove(path);
    rmdir(dir);
}

static void null_safety(void)
{
    size_t len = 7;
    ty_text_free(NULL);
    ty_ok(ty_text_utf8(NULL, &len) == NULL && len == 0, "ty_text_utf8(NULL)");
    ty_ok(ty_text_source_offset(NULL, 0) == -1, "ty_text_source_offset(NULL)");
    ty_ok(ty_text_replacements(NULL) == 0, "ty_text_replacements(NULL)");
}

/* Whether t's text is s[0, n). */
static int same_text(const ty_text *t, const unsigned char *s, size_t n)
{
    size_t len;
    const char *u = ty_text_utf8(t, &len);
    return len == n && !memcmp(u, s, n);
}

/* The offset of the first byte of s[0, n) that ICU's U8_NEXT finds ill-formed or NUL, or -1. */
static long long first_bad(const unsigned char *s, size_t n)
{
    int32_t i = 0, at;
    UChar32 c;

    while (i < (int32_t)n) {
        at = i;
        U8_NEXT(s, i, (int32_t)n, c);
        if (c <= 0)
            return at;
    }
    return -1;
}

/* The validation's fast paths (sixteen ASCII bytes, five three-byte characters at a time)
 * against U8_NEXT: each kind of damage, and characters they must not take for damage, put at
 * every offset of long runs of Japanese and of ASCII. */
static void damage_in_runs(void)
{
    static const struct {
        const char *name, *bytes;
        size_t n;
    } damage[] = {
        {"a bad trail byte", B("\xE3\x41\x81")},
        {"a bad last trail byte", B("\xE3\x81\xC1")},
        {"an overlong E0", B("\xE0\x80\x80")},
        {"a surrogate", B("\xED\xA0\x80")},
        {"a stray trail byte", B("\x81")},
        {"a lead byte alone", B("\xE3")},
        {"a NUL", "\0", 1},
        {"an overlong C0", B("\xC0\xAF")},
        {"a four-byte character over U+10FFFF", B("\xF4\x90\x80\x80")},
        {"U+0800 (E0 A0 80)", B("\xE0\xA0\x80")},
        {"U+D7FF (ED 9F BF)", B("\xED\x9F\xBF")},
        {"U+FFFF (EF BF BF)", B("\xEF\xBF\xBF")},
        {"U+00E9 (two bytes)", B("\xC3\xA9")},
        {"U+2000B (four bytes)", B("\xF0\xA0\x80\x8B")},
    };
    static const struct {
        const char *name, *ch; /* one character, repeated */
        size_t n;
    } fill[] = {{"Japanese", B("\xE6\x97\xA5")}, {"ASCII", B("a")}};
    unsigned char buf[256];

    for (size_t f = 0; f < sizeof fill / sizeof fill[0]; f++)
        for (size_t d = 0; d < sizeof damage / sizeof damage[0]; d++) {
            int wrong = 0;
            for (size_t at = 0; at <= 60; at += fill[f].n) {
                ty_decode_opts o = {"UTF-8", 0};
                ty_text *t = NULL;
                ty_error e;
                size_t n = 0, k;
                long long want;
                ty_status st;
                for (k = 0; k < at; k += fill[f].n, n += fill[f].n)
                    memcpy(buf + n, fill[f].ch, fill[f].n);
                memcpy(buf + n, damage[d].bytes, damage[d].n);
                n += damage[d].n;
                for (k = 0; k < 60; k += fill[f].n, n += fill[f].n)
                    memcpy(buf + n, fill[f].ch, fill[f].n);
                want = first_bad(buf, n);
                ty_error_clear(&e);
                st = ty_text_decode(buf, n, "in.txt", &o, &t, &e);
                if (want < 0 ? st != TY_OK || !same_text(t, buf, n)
                             : st != TY_ERR_ENCODING || e.offset != want) {
                    if (!wrong++)
                        ty_diag("%s after %zu bytes of %s: status %d, offset %lld, want %lld",
                                damage[d].name, at, fill[f].name, (int)st, e.offset, want);
                }
                ty_text_free(t);
            }
            ty_ok(!wrong, "%s at every offset of a run of %s: as U8_NEXT finds it",
                  damage[d].name, fill[f].name);
        }
}

/* ty_script_count, with its paths for ASCII eight bytes at a time and for kana and kanji by
 * code point, counts as ICU's properties do a character at a time (ty__script_count_icu):
 * every code point alone and all of them in one text, ASCII runs of every length at every
 * alignment, ill-formed and cut-off sequences, pseudo-random bytes. */
static int same_counts(const char *s, size_t n)
{
    ty_script_counts a, b;
    ty_script_count(s, n, &a);
    ty__script_count_icu(s, n, &b);
    return a.japanese == b.japanese && a.latin == b.latin && a.other == b.other;
}

static void script_counts(void)
{
    size_t cap = 0x110000 * 4, len = 0, differ = 0;
    char *all = malloc(cap), buf[64];
    ty_script_counts c;
    uint32_t x = 12345;

    if (!ty_ok(all != NULL, "script counts: memory"))
        return;
    for (UChar32 cp = 0; cp <= 0x10ffff; cp++) {
        int32_t n = 0;
        if (cp >= 0xd800 && cp <= 0xdfff)
            continue;
        U8_APPEND_UNSAFE(buf, n, cp);
        if (!same_counts(buf, (size_t)n) && differ++ < 5)
            ty_diag("U+%04X counted otherwise", (unsigned)cp);
        memcpy(all + len, buf, (size_t)n);
        len += (size_t)n;
    }
    ty_ok(differ == 0, "script counts: every code point alone, as ICU's properties (%zu differ)",
          differ);
    ty_ok(same_counts(all, len), "script counts: all of them in one text");
    ty_script_count(all, len, &c);
    ty_ok(c.japanese > 80000 && c.latin > 1000 && c.other > 10000,
          "script counts: %zu Japanese, %zu Latin, %zu other letters", c.japanese, c.latin,
          c.other);
    differ = 0;
    for (size_t at = 0; at < 8; at++)
        for (size_t n = 0; n <= 40; n++) {
            static const char ascii[] = "aZ@[`{09 .zA\x7f";
            for (size_t k = 0; k < at + n; k++)
                buf[k] = ascii[(k * 7 + n) % (sizeof ascii - 1)];
            differ += !same_counts(buf + at, n);
        }
    ty_ok(differ == 0, "script counts: ASCII runs of 0-40 bytes at 8 alignments");
    {
        static const char *const odd[] = {"\xe3\x81", "abc\xe3", "\xe3\x81\xe3\x81\x82",
                                          "\xe9\xbf\xbf\xe4\xb8\x80", "\xed\xa0\x80" "ab",
                                          "\xe3\x80\x85\xe3\x83\xbc\xef\xbc\xa1",
                                          "abcdefgh\xe3\x81\x82" "abcdefg\x80"};
        differ = 0;
        for (size_t k = 0; k < sizeof odd / sizeof odd[0]; k++)
            differ += !same_counts(odd[k], strlen(odd[k]));
        ty_ok(differ == 0, "script counts: ill-formed and cut-off sequences");
    }
    for (size_t k = 0; k < len; k++) {
        x = x * 1103515245u + 12345u;
        if ((x >> 16) % 64 == 0)
            all[k] = (char)(x >> 24);
    }
    ty_ok(same_counts(all, len), "script counts: with pseudo-random bytes sprinkled in");
    free(all);
}

int main(void)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        run_case(&cases[i]);
    for (size_t i = 0; i < sizeof maps / sizeof maps[0]; i++)
        run_map(&maps[i]);
    long_maps();
    size_cap();
    read_files();
    null_safety();
    damage_in_runs();
    script_counts();
    return ty_done();
}
