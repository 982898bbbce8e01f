/*
 * cmd_segment.c — `taiyaku segment`: read a document (any format ty_document_read knows) and
 * print its sentences as they are found (ty_document_each: plain text is never held as a
 * document), one per line with a blank line between paragraphs, or as JSON lines with
 * offsets. Options, help and the end of the run are the frame's (frame.h).
 */
#include "config.h"

#include <errno.h>
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

/* The printer's own buffer: most segments need nothing replaced and are copied into it, so
 * that a segment costs a copy instead of two calls into stdio. */
#define PRINT_BUF ((size_t)1 << 16)

/* What printing needs from one segment to the next. Output is gathered in `buf` and written
 * when it is full, at the end, before an error is reported (also from the SIGBUS handler:
 * on_bus), and after each segment when the output is a terminal, so that a person sees each
 * sentence when it is found; stdio holds nothing between segments. */
typedef struct printer {
    FILE *out;
    int jsonl;
    int tty;      /* out is a terminal */
    int failed;   /* a write failed: errno then in write_errno */
    int write_errno;
    size_t index, paragraph;
    char *buf;    /* PRINT_BUF bytes, `used` of them not yet written; NULL: through stdio */
    size_t used;
    FILE *json;   /* jsonl: the object being printed, in memory (json_text, json_len) */
    char *json_text;
    size_t json_len;
} printer;

/* The printer's buffer to its stream, and the stream to its file. */
static void flush_printer(printer *p)
{
    errno = 0;
    if ((p->used > 0 && fwrite(p->buf, 1, p->used, p->out) < p->used) || fflush(p->out) != 0 ||
        ferror(p->out)) {
        if (!p->failed)
            p->write_errno = errno ? errno : EIO;
        p->failed = 1;
    }
    p->used = 0;
}

/* n bytes into the printer's buffer (it has room for them after a flush). */
static void put_buffered(printer *p, const char *s, size_t n)
{
    if (p->used + n > PRINT_BUF)
        flush_printer(p);
    memcpy(p->buf + p->used, s, n);
    p->used += n;
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
    flush_printer(p);
}

/* One segment as a JSON object on a line, to `out`. */
static void print_json(FILE *out, const printer *p, const ty_segment *s)
{
    fprintf(out, "{\"index\":%zu,\"paragraph\":%zu,\"start\":%zu,\"end\":%zu,\"kind\":\"%s\",",
            p->index, s->paragraph, s->start, s->end, s->kind == TY_SEG_LINE ? "line" : "sentence");
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

/* One segment: a line of text (a blank line before a new paragraph), or a JSON object. */
static ty_status print_segment(const ty_segment *s, void *ud)
{
    printer *p = ud;

    if (!p->jsonl) {
        print_text(p, s);
    } else if (p->json && p->buf) { /* the object made in memory, then into the buffer */
        rewind(p->json);
        print_json(p->json, p, s);
        if (fflush(p->json) != 0 || p->json_len > PRINT_BUF) {
            flush_printer(p);
            fwrite(p->json_text, 1, p->json_len, p->out);
            flush_printer(p);
        } else {
            put_buffered(p, p->json_text, p->json_len);
        }
    } else {
        errno = 0;
        print_json(p->out, p, s);
        if (ferror(p->out) && !p->failed) {
            p->failed = 1;
            p->write_errno = errno ? errno : EIO;
        }
    }
    p->index++;
    p->paragraph = s->paragraph;
    if (p->tty)
        flush_printer(p);
    return p->failed ? TY_ERR_IO : TY_OK; /* a failed write stops the run; the frame says so */
}

/* The input is mapped (ty_read_opts.map): a file that another process shrinks while it is
 * read raises SIGBUS on the next page touched. The handler writes the segments found before
 * (the printer's buffer), then says so in one line naming the file and ends the run with
 * status 2, as any other bad input does: the output stops after the last whole segment. */
static const char *bus_path;
static int bus_fd = STDERR_FILENO;
static printer *bus_printer; /* its buffer is written first: the segments found before */

/* n bytes to fd with write(2), which a signal handler may call. */
static void say_n(int fd, const char *s, size_t n)
{
    while (n > 0) {
        ssize_t k = write(fd, s, n);
        if (k <= 0)
            return;
        s += k;
        n -= (size_t)k;
    }
}

static void say(const char *s)
{
    say_n(bus_fd, s, strlen(s));
}

static void on_bus(int sig)
{
    const printer *p = bus_printer;

    (void)sig;
    /* the pages go while the text is read, never inside a write to `out`: stdio holds nothing
     * of a finished segment (flush_printer), and the buffer's `used` bytes are whole lines */
    if (p && p->buf && p->used > 0 && fileno(p->out) >= 0)
        say_n(fileno(p->out), p->buf, p->used);
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
    /* printed as they are found: plain text is never held as a document */
    memset(&p, 0, sizeof p);
    p.out = c->out;
    p.jsonl = jsonl;
    p.tty = fileno(c->out) >= 0 && isatty(fileno(c->out));
    p.buf = malloc(PRINT_BUF); /* without it, everything goes through stdio */
    if (jsonl)
        p.json = open_memstream(&p.json_text, &p.json_len);
    bus_printer = &p;
    catch_bus(c, c->args[0]);
    st = ty_document_each(c->args[0], lang, &rd.opts, print_segment, &p, &info, &e);
    flush_printer(&p); /* before any message about the run */
    signal(SIGBUS, SIG_DFL);
    bus_printer = NULL;
    free(p.buf);
    if (p.json)
        fclose(p.json);
    free(p.json_text);
    if (p.failed && e.status == TY_OK) { /* stopped by a failed write: its reason, once */
        rc = ty_cli_error(c, "error writing output: %s", strerror(p.write_errno));
        goto done;
    }
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
