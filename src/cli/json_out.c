/*
 * json_out.c — JSON string output for the subcommands' jsonl formats. It does not build
 * objects; callers print the punctuation around the strings.
 */
#include "config.h"

#include <string.h>

#include "json_out.h"
#include "text_out.h"

void ty_cli_json_string(FILE *out, const char *s)
{
    ty_cli_json_string_n(out, s, s ? strlen(s) : 0);
}

void ty_cli_json_string_n(FILE *out, const char *text, size_t n)
{
    const unsigned char *s = (const unsigned char *)text, *run, *end;

    if (!s) {
        fputs("null", out);
        return;
    }
    end = s + n;
    fputc('"', out);
    for (run = s; s < end;) {
        unsigned char c = *s;
        const char *esc = c == '"' ? "\\\"" : c == '\\' ? "\\\\" : c == '\n' ? "\\n"
                        : c == '\r' ? "\\r" : c == '\t' ? "\\t" : NULL;
        size_t len = 1;
        if (!esc && c >= 0x20 && c < 0x80) {
            s++;
            continue;
        }
        if (c >= 0x80 && (len = ty_cli_char_len(s, (size_t)(end - s))) > 0) {
            s += len;
            continue;
        }
        fwrite(run, 1, (size_t)(s - run), out);
        if (esc)
            fputs(esc, out);
        else if (c < 0x80)
            fprintf(out, "\\u%04x", c);
        else
            fputs("\\ufffd", out); /* not UTF-8: the replacement character */
        s += len ? len : 1;
        run = s;
    }
    fwrite(run, 1, (size_t)(s - run), out);
    fputc('"', out);
}
