/*
 * text.c — the ty_text object: its accessors and ty_text_free, and the two helpers every
 * decoding step uses for messages (the line of a byte offset, a few bytes in hex). Decoding
 * is in decode.c, ICU conversion and the offset map back to the input in convert.c,
 * detection in detect.c, file reading in read_file.c, normalization in normalize.c.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "text.h"

long ty__line_of(const char *s, size_t off)
{
    long line = 1;
    for (size_t i = 0; i < off; i++) {
        if (s[i] == '\n')
            line++;
        else if (s[i] == '\r' && (i + 1 >= off || s[i + 1] != '\n'))
            line++;
    }
    return line;
}

void ty__hex_bytes(const char *b, size_t n, char *buf, size_t size)
{
    size_t k = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && i < 8 && k + 6 < size; i++)
        k += (size_t)snprintf(buf + k, size - k, "%s0x%02X", i ? " " : "", (unsigned char)b[i]);
}

ty_text *ty__text_alloc(const char *name)
{
    ty_text *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    if (name && !(t->name = strdup(name))) {
        free(t);
        return NULL;
    }
    return t;
}

const char *ty_text_utf8(const ty_text *text, size_t *len)
{
    if (len)
        *len = text ? text->len : 0;
    return text ? text->utf8 : NULL;
}

const char *ty_text_name(const ty_text *text)
{
    return text ? text->name : NULL;
}

const char *ty_text_encoding(const ty_text *text)
{
    return text ? text->encoding : NULL;
}

size_t ty_text_replacements(const ty_text *text)
{
    return text ? text->replacements : 0;
}

void ty_text_free(ty_text *text)
{
    if (!text)
        return;
    if (text->maplen)
        munmap(text->mem, text->maplen);
    else
        free(text->mem);
    if (!text->src_borrowed)
        free(text->src);
    free(text->cps);
    free(text->name);
    free(text);
}
