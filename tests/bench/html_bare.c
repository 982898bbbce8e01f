/*
 * html_bare.c — the bounds for the HTML reader's speed: the reader's parser alone
 * (src/formats/html_parse.c, one pass with callbacks that do nothing; the reader makes two)
 * and, for comparison, libxml2's HTML parser in SAX mode with empty callbacks, each over a
 * UTF-8 page, best of 3. Prints "SECONDS CPU-SECONDS" for each, one line each, for
 * formats-speed.sh.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/HTMLparser.h>

#include "formats/html.h"

static ty_status on_open(void *ctx, uint32_t node, const ty__html_elem *e)
{
    (void)ctx, (void)node, (void)e;
    return TY_OK;
}

static ty_status on_close(void *ctx, uint32_t node, ty__html_tag tag)
{
    (void)ctx, (void)node, (void)tag;
    return TY_OK;
}

static ty_status on_text(void *ctx, size_t at, const char *s, size_t n)
{
    (void)ctx, (void)at, (void)s, (void)n;
    return TY_OK;
}

static void ours(const char *buf, size_t n)
{
    ty__html_sink sink = {NULL, 1, on_open, on_close, on_text};
    ty__html_parse(buf, n, &sink, NULL);
}

static void libxml2(const char *buf, size_t n)
{
    htmlSAXHandler h;
    htmlParserCtxtPtr ctx;

    memset(&h, 0, sizeof h);
    h.initialized = 1; /* no callbacks: the parser's own work only */
    ctx = htmlCreatePushParserCtxt(&h, NULL, NULL, 0, NULL, XML_CHAR_ENCODING_UTF8);
    if (!ctx)
        return;
    htmlCtxtUseOptions(ctx, HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    for (size_t i = 0; i < n; i += 1 << 16)
        htmlParseChunk(ctx, buf + i, (int)(n - i < (1 << 16) ? n - i : (1 << 16)), 0);
    htmlParseChunk(ctx, NULL, 0, 1);
    htmlFreeParserCtxt(ctx);
}

static void best_of_3(void (*parse)(const char *, size_t), const char *buf, size_t n)
{
    double best = 1e9, best_cpu = 1e9;

    for (int run = 0; run < 3; run++) {
        struct timespec a, b;
        clock_t c0 = clock();
        clock_gettime(CLOCK_MONOTONIC, &a);
        parse(buf, n);
        clock_gettime(CLOCK_MONOTONIC, &b);
        double s = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
        double c = (double)(clock() - c0) / CLOCKS_PER_SEC;
        if (s < best)
            best = s;
        if (c < best_cpu)
            best_cpu = c;
    }
    printf("%.3f %.3f\n", best, best_cpu);
}

int main(int argc, char **argv)
{
    FILE *f;
    char *buf;
    long n;

    if (argc != 2 || !(f = fopen(argv[1], "rb")))
        return 64;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    if (n < 0 || !(buf = malloc((size_t)n + 1)) || fread(buf, 1, (size_t)n, f) != (size_t)n)
        return 2;
    fclose(f);
    best_of_3(ours, buf, (size_t)n);
    best_of_3(libxml2, buf, (size_t)n);
    free(buf);
    return 0;
}
