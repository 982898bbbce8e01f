/*
 * read.c — reading one document of an archive: its file as text (decoded to UTF-8), the
 * language its letters are in, and a segmenter per language for the threads that read. Plain
 * text is the one format read here; the other formats go through the readers once they are a
 * stage of their own. It neither pairs nor aligns.
 */
#include "config.h"

#include <string.h>

#include "base/error.h"
#include "batch.h"

ty_status ty__reader_init(ty__reader *r, ty_error *err)
{
    ty_status st;

    memset(r, 0, sizeof *r);
    if ((st = ty_segmenter_new(TY_LANG_JA, &r->seg[TY_LANG_JA], err)) != TY_OK ||
        (st = ty_segmenter_new(TY_LANG_EN, &r->seg[TY_LANG_EN], err)) != TY_OK)
        ty__reader_done(r);
    return st;
}

void ty__reader_done(ty__reader *r)
{
    ty_segmenter_free(r->seg[0]);
    ty_segmenter_free(r->seg[1]);
    memset(r, 0, sizeof *r);
}

ty_status ty__read_text(const char *path, const ty_decode_opts *dopts, ty_text **out,
                        ty_error *err)
{
    return ty_text_read_file(path, dopts, out, err);
}

int ty__text_lang(const ty_text *text, const char *path, ty_lang *lang, ty_error *err)
{
    ty_script_counts c;
    size_t len;
    const char *s = ty_text_utf8(text, &len);

    ty_script_count(s, len, &c);
    if (ty_lang_guess(&c, lang, NULL) == 0)
        return 0;
    if (c.japanese + c.latin + c.other == 0)
        ty__fail(err, TY_ERR_FORMAT, path, -1, -1, "no text (no letters)");
    else
        ty__fail(err, TY_ERR_FORMAT, path, -1, -1,
                 "neither Japanese nor English (%zu of %zu letters in other scripts)", c.other,
                 c.japanese + c.latin + c.other);
    return -1;
}
