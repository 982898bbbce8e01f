/*
 * help_text.c — the command table's text markup (see help_text.h): reading it item by item,
 * and laying it out for a terminal (prose filled, definitions with a hanging indent, example
 * lines as written). It does not know what the texts say, nor the man page's layout (doc.c).
 */
#include "config.h"

#include <string.h>

#include "help_text.h"

void ty_help_begin(ty_help_reader *r, const char *text)
{
    r->p = text ? text : "";
    r->in_run = 0;
    r->run_width = 0;
}

/* The line at p: its end, and where a definition's tab is (NULL for none). */
static const char *line_end(const char *p, const char **tab)
{
    const char *end = strchr(p, '\n');
    if (!end)
        end = p + strlen(p);
    *tab = NULL;
    if (*p != ' ')
        *tab = memchr(p, '\t', (size_t)(end - p));
    return end;
}

/* The widest term of the run of definitions that starts at p. */
static size_t run_width(const char *p)
{
    size_t w = 0;
    for (;;) {
        const char *tab, *end = line_end(p, &tab);
        size_t tw;
        if (!tab)
            return w;
        tw = ty_help_width(p, (size_t)(tab - p));
        if (tw > w)
            w = tw;
        if (end[0] != '\n' || end[1] == '\n' || end[1] == '\0')
            return w;
        p = end + 1;
    }
}

int ty_help_next(ty_help_reader *r, ty_help_item *it)
{
    const char *p = r->p, *tab, *end;

    memset(it, 0, sizeof *it);
    while (*p == '\n') {
        it->new_paragraph = 1;
        p++;
    }
    if (!*p)
        return 0;
    end = line_end(p, &tab);
    if (*p == ' ') {
        it->kind = TY_HELP_VERBATIM;
    } else if (tab) {
        it->kind = TY_HELP_TERM;
        if (!r->in_run || it->new_paragraph)
            r->run_width = run_width(p);
        it->term = p;
        it->term_len = (size_t)(tab - p);
        it->term_width = r->run_width;
        p = tab + 1;
    } else {
        it->kind = TY_HELP_PROSE;
    }
    r->in_run = it->kind == TY_HELP_TERM;
    it->text = p;
    it->len = (size_t)(end - p);
    r->p = *end ? end + 1 : end; /* a blank line after it is the next item's new_paragraph */
    return 1;
}

size_t ty_help_width(const char *s, size_t n)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c & 0xC0) == 0x80)
            continue;
        /* three-byte sequences from U+2E80 up: E2 BA 80 and above */
        w += c >= 0xE3 || (c == 0xE2 && i + 1 < n && (unsigned char)s[i + 1] >= 0xBA) ? 2 : 1;
    }
    return w;
}

static void pad(FILE *out, size_t n)
{
    while (n--)
        fputc(' ', out);
}

/* Prose at column `col` (the cursor is there), filled to `width`; continuation lines start at
 * `col` too. Ends the line. */
static void fill(FILE *out, const char *s, size_t n, size_t col, size_t width)
{
    const char *end = s + n;
    size_t at = col;
    int first = 1;

    while (s < end) {
        const char *w = s;
        size_t ww;
        while (w < end && *w == ' ')
            w++;
        if (w == end)
            break;
        s = w;
        while (s < end && *s != ' ')
            s++;
        ww = ty_help_width(w, (size_t)(s - w));
        if (!first && at + 1 + ww > width) {
            fputc('\n', out);
            pad(out, col);
            at = col;
            first = 1;
        }
        if (!first) {
            fputc(' ', out);
            at++;
        }
        fwrite(w, 1, (size_t)(s - w), out);
        at += ww;
        first = 0;
    }
    fputc('\n', out);
}

void ty_help_print(FILE *out, const char *text, size_t indent, size_t width)
{
    ty_help_reader r;
    ty_help_item it;
    int first = 1;

    ty_help_begin(&r, text);
    while (ty_help_next(&r, &it)) {
        if (!first) {
            if (it.new_paragraph)
                fputc('\n', out);
            pad(out, indent);
        }
        first = 0;
        if (it.kind == TY_HELP_VERBATIM) {
            fwrite(it.text, 1, it.len, out);
            fputc('\n', out);
        } else if (it.kind == TY_HELP_TERM) {
            fwrite(it.term, 1, it.term_len, out);
            pad(out, it.term_width - ty_help_width(it.term, it.term_len) + 2);
            fill(out, it.text, it.len, indent + it.term_width + 2, width);
        } else {
            fill(out, it.text, it.len, indent, width);
        }
    }
    if (first)
        fputc('\n', out);
}
