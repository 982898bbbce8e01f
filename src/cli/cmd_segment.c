/*
 * cmd_segment.c — `taiyaku segment`: decode a document and print its sentences, one per
 * line with a blank line between paragraphs, or as JSON lines with offsets.
 */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "json_out.h"

#ifndef TY_PKGDATADIR /* set by the build (Makefile.am) */
#define TY_PKGDATADIR "$(pkgdatadir)"
#endif

static const char help[] =
    "usage: taiyaku segment --lang ja|en [OPTIONS] FILE\n"
    "\n"
    "Split a document into sentences. Prints one segment per line and a blank line between\n"
    "paragraphs (--format text), or one JSON object per segment (--format jsonl) with the\n"
    "byte span in the decoded UTF-8 text, the paragraph index, the kind (sentence|line) and\n"
    "the speaker label. FILE may be '-' for standard input.\n"
    "\n"
    "Options:\n"
    "  -l, --lang ja|en       the document's language (required)\n"
    "  -e, --encoding NAME    the input encoding (UTF-8, UTF-16LE, UTF-16BE, Shift_JIS,\n"
    "                         CP932, EUC-JP, ISO-2022-JP, …); default: detect\n"
    "      --lenient          replace undecodable bytes with U+FFFD and say how many,\n"
    "                         instead of failing\n"
    "  -a, --abbrev FILE      more English abbreviations that do not end a sentence, one\n"
    "                         per line, '#' comments; adds to the built-in list (a copy\n"
    "                         is in " TY_PKGDATADIR "/abbrev-en.txt)\n"
    "  -f, --format text|jsonl  output format (default text)\n"
    "  -h, --help             this help\n";

static void print_text(FILE *out, const ty_doc *doc)
{
    size_t n = ty_doc_count(doc);
    for (size_t i = 0; i < n; i++) {
        const ty_segment *s = ty_doc_segment(doc, i);
        if (i > 0 && s->paragraph != ty_doc_segment(doc, i - 1)->paragraph)
            fputc('\n', out);
        fwrite(s->text, 1, s->len, out);
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

int ty_cmd_segment(int argc, char **argv, FILE *out, FILE *err)
{
    static const struct option longopts[] = {
        {"lang", required_argument, NULL, 'l'},  {"encoding", required_argument, NULL, 'e'},
        {"lenient", no_argument, NULL, 'L'},     {"abbrev", required_argument, NULL, 'a'},
        {"format", required_argument, NULL, 'f'}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    ty_decode_opts dopts = {NULL, 0};
    const char *lang_arg = NULL, *abbrev = NULL, *format = "text";
    ty_lang lang;
    ty_error e;
    ty_text *text = NULL;
    ty_segmenter *seg = NULL;
    ty_doc *doc = NULL;
    int c, rc = TY_EXIT_ERROR;

    ty_error_clear(&e);
    optind = 0; /* full getopt reset: ty_cli_main may run many times in one process */
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":l:e:a:f:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'l': lang_arg = optarg; break;
        case 'e': dopts.encoding = optarg; break;
        case 'L': dopts.lenient = 1; break;
        case 'a': abbrev = optarg; break;
        case 'f': format = optarg; break;
        case 'h': fputs(help, out); return TY_EXIT_OK;
        case ':': return ty_cli_usage_error(err, "segment", "option '%s' needs a value", argv[optind - 1]);
        default: return ty_cli_usage_error(err, "segment", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (!lang_arg)
        return ty_cli_usage_error(err, "segment", "--lang ja|en is required");
    if (ty_lang_parse(lang_arg, &lang) != 0)
        return ty_cli_usage_error(err, "segment", "unknown language '%s' (ja or en)", lang_arg);
    if (strcmp(format, "text") != 0 && strcmp(format, "jsonl") != 0)
        return ty_cli_usage_error(err, "segment", "unknown format '%s' (text or jsonl)", format);
    if (optind != argc - 1)
        return ty_cli_usage_error(err, "segment", "expected one FILE");

    if (ty_text_read_file(argv[optind], &dopts, &text, &e) != TY_OK)
        goto fail;
    if (ty_text_replacements(text) > 0)
        fprintf(err, "taiyaku: %s: warning: replaced %zu undecodable byte sequence(s) with U+FFFD\n",
                argv[optind], ty_text_replacements(text));
    if (ty_segmenter_new(lang, &seg, &e) != TY_OK)
        goto fail;
    if (abbrev && ty_segmenter_add_abbrevs_file(seg, abbrev, &e) != TY_OK)
        goto fail;
    if (ty_segment_text(seg, text, &doc, &e) != TY_OK)
        goto fail;
    if (!strcmp(format, "jsonl"))
        print_jsonl(out, doc);
    else
        print_text(out, doc);
    if (fflush(out) != 0 || ferror(out)) {
        fprintf(err, "taiyaku: error writing output\n");
        goto done;
    }
    rc = TY_EXIT_OK;
    goto done;
fail:
    rc = ty_cli_fail(err, &e);
done:
    ty_doc_free(doc);
    ty_segmenter_free(seg);
    ty_text_free(text);
    return rc;
}
