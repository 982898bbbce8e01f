/*
 * doc_cli.h — private to the taiyaku program: reading a document for the commands that align
 * one (align, check): decoded and split into sentences, or one segment per line. Uses only
 * taiyaku.h. This is where a reader of other formats (HTML, Word, PDF) plugs in.
 */
#ifndef TY_DOC_CLI_H
#define TY_DOC_CLI_H

#include <stdio.h>

#include "taiyaku.h"

/* Read `path` ("-": standard input) in `lang` into *doc, with the segmenter it opens in *seg
 * (the caller frees both): segmented, one segment per line (speaker labels still found);
 * else decoded and split into sentences. Replaced undecodable bytes (lenient decoding) are
 * reported on `warn` as one line. */
ty_status ty_cli_read_doc(const char *path, ty_lang lang, int segmented,
                          const ty_decode_opts *dopts, FILE *warn, ty_segmenter **seg,
                          ty_doc **doc, ty_error *e);

#endif
