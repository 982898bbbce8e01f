/*
 * json_out.c — JSON string output for the subcommands' jsonl formats. It does not build
 * objects; callers print the punctuation around the strings.
 */
#include "config.h"

#include <string.h>

#include "json_out.h"

void ty_cli_json_string(FILE *out, const char *s)
{
    ty_cli_json_string_n(out, s, s ? strlen(s) : 0);
}

void ty_cli_json_string_n(FILE *out, const char *s, size_t n)
{
    const char *run, *end;

    if (!s) {
        fputs("null", out);
        return;
    }
    end = s + n;
    fputc('"', out);
    for (run = s; s < end; s++) {
        unsigned char c = (unsigned char)*s;
        const char *esc = c == '"' ? "\\\"" : c == '\\' ? "\\\\" : c == '\n' ? "\\n"
                        : c == '\r' ? "\\r" : c == '\t' ? "\\t" : NULL;
        if (!esc && c >= 0x20)
            continue;
        fwrite(run, 1, (size_t)(s - run), out);
        run = s + 1;
        if (esc)
            fputs(esc, out);
        else
            fprintf(out, "\\u%04x", c);
    }
    fwrite(run, 1, (size_t)(s - run), out);
    fputc('"', out);
}
