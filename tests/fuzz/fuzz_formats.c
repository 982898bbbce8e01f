/*
 * fuzz_formats.c — fuzz target for the document readers (src/formats/) through
 * ty_document_read_mem, built once per format (TY_FUZZ_FORMAT: TY_FORMAT_HTML, _DOCX, _PDF,
 * _LAWXML) so that each parser gets the bytes whatever they look like.
 * Checks, for every input:
 *  - a failure is a status a reader may give (format, encoding, XML, too big, not found, out
 *    of memory) with a one-line message naming the input; never a crash;
 *  - a document has segments in order, non-empty, NUL-terminated, paragraph indexes not
 *    decreasing; heading levels 0-6; positions -1 or within the input (offsets), 1-based
 *    (pages, lines), and a .docx block index never decreasing within the body.
 * A violation aborts. Under libFuzzer an input is read as Japanese or as English, picked by its
 * length: poppler and the HTML parser cost the same for both, and a second reading would halve
 * the inputs tried for the few branches of segmentation that tell the languages apart. The
 * seeds replayed in make check are read both ways (TY_FUZZ_BOTH_LANGS).
 * Linked with tests/fuzz/replay.c for make check (tests/formats/fuzz.sh),
 * with libFuzzer by tests/fuzz/run-libfuzzer.sh, which builds it once per line below (the
 * fixtures of tests/formats/data are seeds too):
 * fuzz-target: html -DTY_FUZZ_FORMAT=TY_FORMAT_HTML seeds: tests/formats/data/?*.html
 * fuzz-target: docx -DTY_FUZZ_FORMAT=TY_FORMAT_DOCX seeds: tests/formats/data/?*.docx
 * fuzz-target: pdf -DTY_FUZZ_FORMAT=TY_FORMAT_PDF seeds: tests/formats/data/?*.pdf
 * fuzz-target: lawxml -DTY_FUZZ_FORMAT=TY_FORMAT_LAWXML seeds: tests/formats/data/?*.xml
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "taiyaku.h"

#ifndef TY_FUZZ_FORMAT
#define TY_FUZZ_FORMAT TY_FORMAT_HTML
#endif

#define CHECK(cond)                                                                            \
    do {                                                                                       \
        if (!(cond))                                                                           \
            abort();                                                                           \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ty_read_opts o;
    ty_error e;

    ty_read_opts_init(&o);
    o.format = TY_FUZZ_FORMAT;
    o.decode.lenient = size > 0 && (data[0] & 1);
#ifdef TY_FUZZ_BOTH_LANGS
    int first = 0, last = 2;
#else
    int first = (int)(size & 1), last = first + 1;
#endif
    for (int k = first; k < last; k++) {
        ty_lang lang = k ? TY_LANG_EN : TY_LANG_JA;
        ty_doc *doc = NULL;
        ty_status st = ty_document_read_mem(data, size, "fuzz", lang, &o, &doc, &e);
        size_t prev_end = 0, prev_para = 0;

        if (st != TY_OK) {
            CHECK(!doc);
            CHECK(st == TY_ERR_FORMAT || st == TY_ERR_ENCODING || st == TY_ERR_XML ||
                  st == TY_ERR_TOOBIG || st == TY_ERR_NOTFOUND || st == TY_ERR_NOMEM);
            CHECK(e.status == st && !strcmp(e.file, "fuzz") && !strchr(e.message, '\n'));
            continue;
        }
        CHECK(ty_doc_format(doc) == TY_FUZZ_FORMAT && ty_doc_count(doc) > 0);
        for (size_t i = 0; i < ty_doc_count(doc); i++) {
            const ty_segment *s = ty_doc_segment(doc, i);
            CHECK(s->start < s->end && s->start >= prev_end && s->paragraph >= prev_para);
            CHECK(s->len > 0 && s->text[s->len] == '\0' && strlen(s->text) == s->len);
            CHECK(s->heading >= 0 && s->heading <= 6 && s->article >= 0);
            CHECK(s->source.offset >= -1 && s->source.offset <= (long long)size);
            CHECK(s->source.page == -1 || s->source.page >= 1);
            CHECK(s->source.line == -1 || s->source.line >= 1);
            CHECK(s->source.block >= -1);
            prev_end = s->end;
            prev_para = s->paragraph;
        }
        ty_doc_free(doc);
    }
    return 0;
}
