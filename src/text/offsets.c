/*
 * offsets.c — offsets in a decoded text mapped back to the original bytes in one forward
 * pass (ty__offset_map): the text between two offsets is encoded again and its bytes
 * counted. It does not decode (decode.c, convert.c) and keeps no table of its own.
 */
#include "config.h"

#include <string.h>
#include <strings.h>

#include <unicode/ucnv.h>

#include "text.h"

void ty__offset_map_open(ty__offset_map *m, const ty_text *t)
{
    UErrorCode ue = U_ZERO_ERROR;

    memset(m, 0, sizeof *m);
    m->t = t;
    m->src = ty_text_source_offset(t, 0);
    if (!t->src || t->replacements > 0 || !strncasecmp(t->cnv, "ISO-2022", 8) ||
        !strncasecmp(t->cnv, "ISO_2022", 8))
        return;
    m->u8 = ucnv_open("UTF-8", &ue);
    m->cnv = ucnv_open(t->cnv, &ue);
    if (U_FAILURE(ue)) {
        ucnv_close(m->u8);
        ucnv_close(m->cnv);
        m->u8 = m->cnv = NULL;
    }
}

void ty__offset_map_close(ty__offset_map *m)
{
    ucnv_close(m->u8);
    ucnv_close(m->cnv);
}

long long ty__offset_map_get(ty__offset_map *m, size_t u)
{
    const char *s, *end;
    UChar pivot[256], *ps = pivot, *pt = pivot;
    char out[1024];
    UErrorCode ue = U_ZERO_ERROR;
    long long n = 0;

    if (!m->cnv || m->off || u < m->at || u > m->t->len)
        return ty_text_source_offset(m->t, u);
    s = m->t->utf8 + m->at;
    end = m->t->utf8 + u;
    ucnv_resetFromUnicode(m->cnv);
    while (s < end || ps < pt) {
        char *o = out;
        ue = U_ZERO_ERROR;
        ucnv_convertEx(m->cnv, m->u8, &o, out + sizeof out, &s, end, pivot, &ps, &pt,
                       pivot + 256, s == m->t->utf8 + m->at, 1, &ue);
        n += o - out;
        if (U_FAILURE(ue) && ue != U_BUFFER_OVERFLOW_ERROR) {
            m->off = 1;
            return ty_text_source_offset(m->t, u);
        }
        if (ue != U_BUFFER_OVERFLOW_ERROR)
            break;
    }
    m->at = u;
    m->src += n;
    return m->src;
}
