/*
 * cmd_segment.c — `taiyaku segment`: read a document (any format ty_document_read knows) and
 * print its sentences as they are found (ty_document_each: plain text is never held as a
 * document), one per line with a blank line between paragraphs, or as JSON lines with
 * offsets. Options, help and the end of the run are the frame's (frame.h).
 */
#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "json_out.h"
#include "read_cli.h"
#include "text_out.h"

#ifndef TY_PKGDATADIR /* set by the build (Makefile.am) */
#define TY_PKGDATADIR "$(pkgdatadir)"
#endif

static const ty_cli_option options[] = {
    {"lang", 'l', "ja|en", "the document's language (required)"},
    TY_CLI_READ_OPTIONS,
    {"abbrev", 'a', "FILE",
     "more English abbreviations that do not end a sentence, one per line, '#' comments; adds "
     "to the built-in list (a copy is in " TY_PKGDATADIR "/abbrev-en.txt)"},
    {"format", 'f', "text|jsonl", "output format (default text)"},
    {NULL, 0, NULL, NULL}};

static int run(ty_cli *c);

const ty_cli_command ty_cmd_segment = {
    .name = "segment",
    .summary = "read a document (text, HTML, .docx, PDF, law XML) and split it into sentences",
    .usage = "--lang ja|en [OPTIONS] FILE",
    .description = "Split a document into sentences. FILE is plain text (its encoding detected), "
                   "an HTML page (its main content, without the site around it), a Word .docx, "
                   "a PDF with a text layer or e-Gov law XML, told apart by content. Prints one "
                   "segment per line and a blank line between paragraphs (--format text), or one "
                   "JSON object per segment (--format jsonl) with the byte span in the "
                   "document's text (as decoded, or as taken out of its format), the paragraph "
                   "index, the kind (sentence|line), the heading level (0: not a heading), where "
                   "it came from in the file (byte offset; PDF page and line; .docx paragraph; "
                   "null where it does not apply) and the speaker label. FILE may be '-' for "
                   "standard input.",
    .options = options,
    .run = run,
};

/* "NAME":N, or "NAME":null for -1. */
static void json_pos(FILE *out, const char *name, long long v)
{
    if (v < 0)
        fprintf(out, "\"%s\":null,", name);
    else
        fprintf(out, "\"%s\":%lld,", name, v);
}

/* The text printer's own buffer: most segments need nothing replaced and are copied into it,
 * so that a segment costs a copy instead of two calls into stdio. */
#define PRINT_BUF ((size_t)1 << 16)

/* What printing needs from one segment to the next. */
typedef struct printer {
    FILE *out;
    int jsonl;
    size_t index, paragraph;
    char *buf; /* text: PRINT_BUF bytes, `used` of them not yet written; NULL: through stdio */
    size_t used;
} printer;

/* The printer's buffer to its stream. */
static void flush_printer(printer *p)
{
    if (p->used > 0)
        fwrite(p->buf, 1, p->used, p->out);
    p->used = 0;
}

/* One segment of text: a blank line before a new paragraph, the segment's text (decoded, so
 * well-formed UTF-8) and a line break. */
static void print_text(printer *p, const ty_segment *s)
{
    int new_para = p->index > 0 && s->paragraph != p->paragraph;

    if (p->buf && s->len + 2 <= PRINT_BUF) {
        size_t at;
        if (p->used + s->len + 2 > PRINT_BUF)
            flush_printer(p);
        at = p->used + (size_t)new_para;
        if (ty_cli_copy_plain(p->buf + at, s->text, s->len, TY_CLI_LINE)) {
            if (new_para)
                p->buf[p->used] = '\n';
            p->used = at + s->len;
            p->buf[p->used++] = '\n';
            return;
        }
    }
    flush_printer(p);
    if (new_para)
        fputc('\n', p->out);
    ty_cli_put_valid(p->out, s->text, s->len, TY_CLI_LINE);
    fputc('\n', p->out);
}

/* One segment: a line of text (a blank line before a new paragraph), or a JSON object. */
static ty_status print_segment(const ty_segment *s, void *ud)
{
    printer *p = ud;
    FILE *out = p->out;

    if (!p->jsonl) {
        print_text(p, s);
    } else {
        fprintf(out, "{\"index\":%zu,\"paragraph\":%zu,\"start\":%zu,\"end\":%zu,\"kind\":\"%s\",",
                p->index, s->paragraph, s->start, s->end,
                s->kind == TY_SEG_LINE ? "line" : "sentence");
        fprintf(out, "\"heading\":%d,", s->heading);
        json_pos(out, "offset", s->source.offset);
        json_pos(out, "page", s->source.page);
        json_pos(out, "line", s->source.line);
        json_pos(out, "block", s->source.block);
        fputs("\"label\":", out);
        ty_cli_json_string_n(out, s->label, s->label_len);
        fputs(",\"text\":", out);
        ty_cli_json_string_n(out, s->text, s->len);
        fputs("}\n", out);
    }
    p->index++;
    p->paragraph = s->paragraph;
    return ferror(out) ? TY_ERR_IO : TY_OK; /* a failed write stops the run; the frame says so */
}

/* The input is mapped (ty_read_opts.map): a file that another process shrinks while it is
 * read raises SIGBUS on the next page touched. The handler says so in one line naming the
 * file and ends the run with status 2, as any other bad input does; what was printed before
 * stays (the output stops short, as on any error met while printing). */
static const char *bus_path;
static int bus_fd = STDERR_FILENO;

static void say(const char *s)
{
    size_t n = strlen(s);
    while (n > 0) {
        ssize_t k = write(bus_fd, s, n);
        if (k <= 0)
            return;
        s += k;
        n -= (size_t)k;
    }
}

static void on_bus(int sig)
{
    (void)sig;
    say("taiyaku segment: ");
    say(bus_path ? bus_path : "input");
    say(": the file shrank while it was being read; the output stops here\n");
    _exit(TY_EXIT_ERROR);
}

static void catch_bus(ty_cli *c, const char *path)
{
    struct sigaction sa;
    int fd = fileno(c->err);

    bus_path = path;
    bus_fd = fd >= 0 ? fd : STDERR_FILENO;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_bus;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGBUS, &sa, NULL);
}

static int run(ty_cli *c)
{
    static const char *const formats[] = {"text", "jsonl", NULL};
    const char *lang_arg = NULL, *abbrev = NULL;
    ty_lang lang = TY_LANG_JA;
    ty_cli_read rd;
    ty_error e;
    ty_segmenter *seg = NULL;
    ty_read_info info;
    printer p;
    ty_status st;
    int k, r, jsonl = 0, rc = TY_EXIT_ERROR;

    ty_cli_read_init(&rd);
    while ((k = ty_cli_next(c)) > 0) {
        switch (k) {
        case 'l':
            lang_arg = c->arg;
            if (ty_cli_lang(c, &lang))
                return TY_EXIT_USAGE;
            break;
        case 'a': abbrev = c->arg; break;
        case 'f':
            if (ty_cli_choice(c, "format", c->arg, formats, &jsonl))
                return TY_EXIT_USAGE;
            break;
        default:
            if ((r = ty_cli_read_option(c, &rd, k)) == TY_EXIT_USAGE)
                return r;
        }
    }
    if (k < 0)
        return c->rc;
    if (ty_cli_require(c, lang_arg, "--lang ja|en") || ty_cli_operands(c, 1, 1, "one FILE"))
        return TY_EXIT_USAGE;

    ty_error_clear(&e);
    if ((rc = ty_cli_read_ready(c, &rd)) != TY_EXIT_OK)
        goto done;
    rc = TY_EXIT_ERROR;
    if (ty_segmenter_new(lang, &seg, &e) != TY_OK)
        goto fail;
    if (abbrev && ty_segmenter_add_abbrevs_file(seg, abbrev, &e) != TY_OK)
        goto fail;
    rd.opts.segmenter = seg;
    rd.opts.map = 1;
    rd.opts.borrow = 1; /* the printer copies each segment itself */
    catch_bus(c, c->args[0]);
    /* printed as they are found: plain text is never held as a document */
    memset(&p, 0, sizeof p);
    p.out = c->out;
    p.jsonl = jsonl;
    p.buf = jsonl ? NULL : malloc(PRINT_BUF); /* without it, text goes through stdio */
    st = ty_document_each(c->args[0], lang, &rd.opts, print_segment, &p, &info, &e);
    flush_printer(&p);
    free(p.buf);
    if (st == TY_OK && ferror(c->out))
        st = TY_ERR_IO;
    if (st == TY_ERR_IO && e.status == TY_OK)
        goto done; /* stopped by a failed write, which the frame reports */
    if (st != TY_OK)
        goto fail;
    ty_cli_read_warn_info(c, strcmp(c->args[0], "-") ? c->args[0] : "<stdin>", &info);
    rc = TY_EXIT_OK;
    goto done;
fail:
    rc = ty_cli_fail(c, &e);
done:
    ty_segmenter_free(seg);
    ty_cli_read_done(&rd);
    return rc;
}
