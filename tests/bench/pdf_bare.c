/*
 * pdf_bare.c — the bound for the PDF reader's memory: poppler alone reading a PDF as the
 * reader does (the file read whole, the document opened from those bytes, each page's text
 * and character boxes fetched and released before the next page), keeping nothing. Prints
 * the number of pages and of text bytes. Without a file it returns at once, so that its peak
 * RSS then is its own baseline (the libraries loaded). formats-speed.sh measures both with
 * GNU time.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <poppler.h>

int main(int argc, char **argv)
{
    FILE *f;
    char *bytes;
    long n;
    size_t text = 0;
    int pages;
    GBytes *gb;
    PopplerDocument *doc;

    if (argc < 2)
        return 0;
    if (!(f = fopen(argv[1], "rb")) || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
        fseek(f, 0, SEEK_SET) != 0 || !(bytes = malloc((size_t)n + 1)) ||
        fread(bytes, 1, (size_t)n, f) != (size_t)n) {
        fprintf(stderr, "pdf_bare: cannot read %s\n", argv[1]);
        return 1;
    }
    fclose(f);
    gb = g_bytes_new_static(bytes, (size_t)n);
    if (!(doc = poppler_document_new_from_bytes(gb, NULL, NULL))) {
        fprintf(stderr, "pdf_bare: %s: not a readable PDF\n", argv[1]);
        return 1;
    }
    pages = poppler_document_get_n_pages(doc);
    for (int i = 0; i < pages; i++) {
        PopplerPage *page = poppler_document_get_page(doc, i);
        PopplerRectangle *rects = NULL;
        guint nrects = 0;
        char *t;
        if (!page)
            continue;
        if ((t = poppler_page_get_text(page)))
            text += strlen(t);
        if (poppler_page_get_text_layout(page, &rects, &nrects))
            g_free(rects);
        g_free(t);
        g_object_unref(page);
    }
    printf("%d pages, %zu bytes of text\n", pages, text);
    g_object_unref(doc);
    g_bytes_unref(gb);
    free(bytes);
    return 0;
}
