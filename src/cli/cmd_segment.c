/*
 * cmd_segment.c — `taiyaku segment`: decode a document and print its sentences, one per
 * line with a blank line between paragraphs, or as JSON lines with offsets. Options, help and
 * the end of the run are the frame's (frame.h).
 */
#include "config.h"

#include <string.h>

#include "commands.h"
#include "json_out.h"
#include "text_out.h"

#ifndef TY_PKGDATADIR /* set by the build (Makefile.am) */
#define TY_PKGDATADIR "$(pkgdatadir)"
#endif

enum { OPT_LENIENT = 256 };

static const ty_cli_option options[] = {
    {"lang", 'l', "ja|en", "the document's language (required)"},
    {"encoding", 'e', "NAME",
     "the input encoding (UTF-8, UTF-16LE, UTF-16BE, Shift_JIS, CP932, EUC-JP, ISO-2022-JP, "
     "…); default: detect"},
    {"lenient", OPT_LENIENT, NULL,
     "replace undecodable bytes with U+FFFD and say how many, instead of failing"},
    {"abbrev", 'a', "FILE",
     "more English abbreviations that do not end a sentence, one per line, '#' comments; adds "
     "to the built-in list (a copy is in " TY_PKGDATADIR "/abbrev-en.txt)"},
    {"format", 'f', "text|jsonl", "output format (default text)"},
    {NULL, 0, NULL, NULL}};

static int run(ty_cli *c);

const ty_cli_command ty_cmd_segment = {
    .name = "segment",
    .summary = "decode a document (its encoding detected) and split it into sentences",
    .usage = "--lang ja|en [OPTIONS] FILE",
    .description = "Split a document into sentences. Prints one segment per line and a blank line "
                   "between paragraphs (--format text), or one JSON object per segment (--format "
                   "jsonl) with the byte span in the decoded UTF-8 text, the paragraph index, the "
                   "kind (sentence|line) and the speaker label. FILE may be '-' for standard "
                   "input.",
    .options = options,
    .run = run,
};

static void print_text(FILE *out, const ty_doc *doc)
{
    size_t n = ty_doc_count(doc);
    for (size_t i = 0; i < n; i++) {
        const ty_segment *s = ty_doc_segment(doc, i);
        if (i > 0 && s->paragraph != ty_doc_segment(doc, i - 1)->paragraph)
            fputc('\n', out);
        ty_cli_put_text(out, s->text, s->len, TY_CLI_LINE);
        fputc('\n', out);
    }
}

static void print_jsonl(FILE *out, const ty_doc *doc)
{
    size_t n = ty_doc_count(doc);
    for (size_t i = 0; i < n; i++) {
        const ty_segment *s = ty_doc_segment(doc, i);
        fprintf(out, "{\"index\":%zu,\"paragraph\":%zu,\"start\":%zu,\"end\":%zu,\"kind\":\"%s\",",
                i, s->paragraph, s->start, s->end,
                s->kind == TY_SEG_LINE ? "line" : "sentence");
        fputs("\"label\":", out);
        ty_cli_json_string_n(out, s->label, s->label_len);
        fputs(",\"text\":", out);
        ty_cli_json_string_n(out, s->text, s->len);
        fputs("}\n", out);
    }
}

static int run(ty_cli *c)
{
    static const char *const formats[] = {"text", "jsonl", NULL};
    ty_decode_opts dopts = {NULL, 0};
    const char *lang_arg = NULL, *abbrev = NULL;
    ty_lang lang = TY_LANG_JA;
    ty_error e;
    ty_text *text = NULL;
    ty_segmenter *seg = NULL;
    ty_doc *doc = NULL;
    int k, jsonl = 0, rc = TY_EXIT_ERROR;

    while ((k = ty_cli_next(c)) > 0) {
        switch (k) {
        case 'l':
            lang_arg = c->arg;
            if (ty_cli_lang(c, &lang))
                return TY_EXIT_USAGE;
            break;
        case 'e': dopts.encoding = c->arg; break;
        case OPT_LENIENT: dopts.lenient = 1; break;
        case 'a': abbrev = c->arg; break;
        case 'f':
            if (ty_cli_choice(c, "format", c->arg, formats, &jsonl))
                return TY_EXIT_USAGE;
            break;
        }
    }
    if (k < 0)
        return c->rc;
    if (ty_cli_require(c, lang_arg, "--lang ja|en") || ty_cli_operands(c, 1, 1, "one FILE"))
        return TY_EXIT_USAGE;

    ty_error_clear(&e);
    if (ty_text_read_file(c->args[0], &dopts, &text, &e) != TY_OK)
        goto fail;
    if (ty_text_replacements(text) > 0)
        fprintf(c->err, "taiyaku: %s: warning: replaced %zu undecodable byte sequence(s) with "
                        "U+FFFD\n", c->args[0], ty_text_replacements(text));
    if (ty_segmenter_new(lang, &seg, &e) != TY_OK)
        goto fail;
    if (abbrev && ty_segmenter_add_abbrevs_file(seg, abbrev, &e) != TY_OK)
        goto fail;
    if (ty_segment_text(seg, text, &doc, &e) != TY_OK)
        goto fail;
    if (jsonl)
        print_jsonl(c->out, doc);
    else
        print_text(c->out, doc);
    rc = TY_EXIT_OK;
    goto done;
fail:
    rc = ty_cli_fail(c, &e);
done:
    ty_doc_free(doc);
    ty_segmenter_free(seg);
    ty_text_free(text);
    return rc;
}
