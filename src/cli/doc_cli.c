/*
 * doc_cli.c — ty_cli_read_doc (doc_cli.h): a text file decoded (its encoding detected or
 * given) and segmented, for align and check. It aligns nothing.
 */
#include "config.h"

#include "doc_cli.h"

ty_status ty_cli_read_doc(const char *path, ty_lang lang, int segmented,
                          const ty_decode_opts *dopts, FILE *warn, ty_segmenter **seg,
                          ty_doc **doc, ty_error *e)
{
    ty_text *text = NULL;
    ty_status st;

    if ((st = ty_text_read_file(path, dopts, &text, e)) != TY_OK)
        return st;
    if (ty_text_replacements(text) > 0)
        fprintf(warn, "taiyaku: %s: warning: replaced %zu undecodable byte sequence(s) with U+FFFD\n",
                path, ty_text_replacements(text));
    if ((st = ty_segmenter_new(lang, seg, e)) == TY_OK) {
        if (segmented) {
            size_t len;
            const char *utf8 = ty_text_utf8(text, &len);
            st = ty_segment_lines(*seg, utf8, len, path, doc, e);
        } else {
            st = ty_segment_text(*seg, text, doc, e);
        }
    }
    ty_text_free(text);
    return st;
}
