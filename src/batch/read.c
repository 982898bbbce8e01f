/*
 * read.c — reading one document of an archive, whatever its format (ty_document_read), with
 * a segmenter per language for the threads that read, and the language its letters are in.
 * It neither pairs nor aligns.
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

ty_status ty__read_doc(ty__reader *r, const char *path, ty_lang lang,
                       const ty_decode_opts *dopts, ty_doc **out, ty_error *err)
{
    ty_read_opts o;

    ty_read_opts_init(&o);
    o.decode = *dopts;
    o.segmenter = r->seg[lang];
    return ty_document_read(path, lang, &o, out, err);
}

int ty__doc_lang(const ty_doc *doc, const char *path, ty_lang *lang, ty_error *err)
{
    ty_script_counts c;

    ty__doc_scripts(doc, &c);
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
