/*
 * taiyaku.h — the public API of libtaiyaku (対訳): Japanese–English sentence alignment
 * and translation memories.
 *
 * This is the only public header. Every exported symbol starts with "ty_".
 *
 * Conventions (they hold for every function below unless its comment says otherwise):
 *  - Text is UTF-8 in every public type.
 *  - Objects that own memory have ty_X_new / ty_X_free (or a constructor that returns one
 *    through an out-parameter); every ty_X_free(NULL) is a no-op.
 *  - Fallible calls return ty_status and, when `err` is not NULL, fill it with a message and
 *    the position (file, line, byte offset) of the problem. The library never prints and
 *    never exits.
 *  - Pointers returned by const accessors are owned by the object and live until it is freed.
 *  - Strings returned as `char *` are the caller's to free with free().
 */
#ifndef TAIYAKU_H
#define TAIYAKU_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------------------------
 * Status codes and errors
 * ---------------------------------------------------------------------------------------- */

typedef enum ty_status {
    TY_OK = 0,
    TY_ERR_NOMEM,    /* out of memory */
    TY_ERR_INVALID,  /* a bad argument or option value */
    TY_ERR_IO,       /* a file could not be opened, read or written */
    TY_ERR_ENCODING, /* bytes that do not decode in the input's encoding */
    TY_ERR_FORMAT,   /* input that is not in the expected format */
    TY_ERR_TOOBIG,   /* input over a documented size cap */
    TY_ERR_ICU,      /* ICU reported a failure */
    TY_ERR_XML,      /* libxml2 reported a failure, or malformed XML */
    TY_ERR_SQLITE,   /* SQLite reported a failure */
    TY_ERR_NOTFOUND, /* a named thing (file, document, entry) does not exist */
    TY_ERR_INTERNAL  /* a bug: an invariant did not hold */
} ty_status;

/* A short static description of a status ("out of memory", …). Never NULL. */
const char *ty_strerror(ty_status status);

/* The error record filled by fallible calls. Positions that do not apply are -1 / "". */
typedef struct ty_error {
    ty_status status;
    char message[512]; /* one line, no trailing newline */
    char file[1024];   /* the file the problem is in, or "" */
    long line;         /* 1-based line, or -1 */
    long long offset;  /* 0-based byte offset in the file's original bytes, or -1 */
} ty_error;

/* Reset an error record to "no error". */
void ty_error_clear(ty_error *err);

/* Format an error as one line: "FILE:LINE: byte OFFSET: MESSAGE" (parts that do not apply are
 * left out) into buf (always NUL-terminated). Returns buf. */
char *ty_error_format(const ty_error *err, char *buf, size_t size);

/* The library version, "MAJOR.MINOR.PATCH". */
const char *ty_version(void);

/* ------------------------------------------------------------------------------------------
 * Text: reading files and decoding them to UTF-8 (src/text.c)
 * ---------------------------------------------------------------------------------------- */

/* Decoded text: UTF-8, NUL-terminated, without a BOM. Line ends are kept as in the input. */
typedef struct ty_text ty_text;

typedef struct ty_decode_opts {
    const char *encoding; /* an ICU converter name ("UTF-8", "Shift_JIS", "EUC-JP", …);
                             NULL detects (BOM, then ICU charset detection) */
    int lenient;          /* nonzero: replace undecodable bytes with U+FFFD (counted) instead
                             of failing */
} ty_decode_opts;

/* Decode `len` bytes. `name` names the input in error messages (may be NULL).
 * Undecodable bytes fail with TY_ERR_ENCODING and the byte offset of the first one. */
ty_status ty_text_decode(const void *bytes, size_t len, const char *name,
                         const ty_decode_opts *opts, ty_text **out, ty_error *err);

/* Read and decode a file ("-" reads standard input). */
ty_status ty_text_read_file(const char *path, const ty_decode_opts *opts, ty_text **out,
                            ty_error *err);

const char *ty_text_utf8(const ty_text *text, size_t *len);
const char *ty_text_name(const ty_text *text);
/* The encoding the input was decoded from (canonical ICU name, e.g. "Shift_JIS"). */
const char *ty_text_encoding(const ty_text *text);
/* How many undecodable byte sequences were replaced with U+FFFD (lenient mode only). */
size_t ty_text_replacements(const ty_text *text);
/* The byte offset in the original input of a byte offset in the decoded UTF-8. */
long long ty_text_source_offset(const ty_text *text, size_t utf8_offset);
void ty_text_free(ty_text *text);

/* Normalize for matching: NFKC, case-folded, runs of white space folded to one ASCII space,
 * leading/trailing space removed. Returns a malloc'd NUL-terminated string, or NULL when out
 * of memory. `out_len` may be NULL. */
char *ty_normalize(const char *utf8, size_t len, size_t *out_len);

/* ------------------------------------------------------------------------------------------
 * Documents and sentence segmentation (src/doc.c, src/segment.c)
 * ---------------------------------------------------------------------------------------- */

typedef enum ty_lang { TY_LANG_JA = 0, TY_LANG_EN = 1 } ty_lang;

typedef enum ty_seg_kind {
    TY_SEG_SENTENCE = 0, /* ends with terminal punctuation */
    TY_SEG_LINE = 1      /* a heading, date line, list item: a line without terminal punct. */
} ty_seg_kind;

typedef struct ty_segment {
    const char *text;   /* the segment as in the input; line breaks inside it joined (a space
                           in English, nothing in Japanese); NUL-terminated */
    size_t len;         /* bytes in text */
    const char *norm;   /* ty_normalize(text) */
    size_t norm_len;
    const char *label;  /* speaker label at the start of the segment ("【上川外務大臣】",
                           "Minister Kamikawa:"), part of text too; NULL when none */
    size_t label_len;
    size_t start, end;  /* byte span [start, end) in the decoded UTF-8 input */
    size_t paragraph;   /* 0-based paragraph index */
    ty_seg_kind kind;
} ty_segment;

typedef struct ty_doc ty_doc;

size_t ty_doc_count(const ty_doc *doc);
const ty_segment *ty_doc_segment(const ty_doc *doc, size_t i);
size_t ty_doc_paragraphs(const ty_doc *doc);
ty_lang ty_doc_lang(const ty_doc *doc);
const char *ty_doc_name(const ty_doc *doc);
/* Segments [first, first+count) joined as the language joins sentences (a space in English,
 * nothing in Japanese). Malloc'd; NULL when out of memory. count 0 gives "". */
char *ty_doc_join(const ty_doc *doc, size_t first, size_t count);
void ty_doc_free(ty_doc *doc);

/* A document already split: one segment per line, blank lines between paragraphs
 * (the --segmented input). `name` is kept for messages. */
ty_status ty_doc_from_lines(ty_lang lang, const char *utf8, size_t len, const char *name,
                            ty_doc **out, ty_error *err);

typedef struct ty_segmenter ty_segmenter;

/* Open a segmenter for a language (opens the ICU iterator once; reuse it for many texts). */
ty_status ty_segmenter_new(ty_lang lang, ty_segmenter **out, ty_error *err);
/* Add abbreviations (one per line, '#' comments) that do not end an English sentence. */
ty_status ty_segmenter_add_abbrevs_file(ty_segmenter *seg, const char *path, ty_error *err);
/* Split decoded text into paragraphs and segments. */
ty_status ty_segment_text(ty_segmenter *seg, const ty_text *text, ty_doc **out, ty_error *err);
void ty_segmenter_free(ty_segmenter *seg);

/* Parse "ja"/"en" (case-insensitive). Returns 0 on success, -1 otherwise. */
int ty_lang_parse(const char *s, ty_lang *out);

/* ------------------------------------------------------------------------------------------
 * Alignment (src/align.c and the anchor modules)
 * ---------------------------------------------------------------------------------------- */

/* A bead: Japanese segments [ja_first, ja_first+ja_count) translate English segments
 * [en_first, en_first+en_count). One side may be empty (count 0; first is then the position
 * where it would be). */
typedef struct ty_bead {
    size_t ja_first, ja_count;
    size_t en_first, en_count;
    double confidence; /* in [0, 1]; see ty_align for what it means */
} ty_bead;

typedef struct ty_alignment ty_alignment;

size_t ty_alignment_count(const ty_alignment *al);
const ty_bead *ty_alignment_bead(const ty_alignment *al, size_t i);
void ty_alignment_free(ty_alignment *al);

/* The bilingual lexicon used for anchors: JMdict/EDICT and ENAMDICT files (EUC-JP, as Debian's
 * `edict` and `enamdict` packages install them under /usr/share/edict/) and user glossaries
 * (UTF-8 TSV: Japanese<TAB>English[; English…]). (src/lexicon.c) */
typedef struct ty_lexicon ty_lexicon;

/* ---- the lexicon (src/lexicon.c, src/lexicon_index.c, src/stem.c) ----------------------
 * A lexicon maps Japanese headwords (matched longest-first in Japanese segments) to the
 * stems of the content words of their English glosses, which the aligner looks for in the
 * English segments. Lookups never modify it: one lexicon may serve many alignments. */

/* Where ty_lexicon_load_default looks for Debian's `edict` and `enamdict` packages
 * (apt-get install edict enamdict). */
#define TY_LEXICON_DEFAULT_DIR "/usr/share/edict"

/* An empty lexicon (then add files to it). */
ty_status ty_lexicon_new(ty_lexicon **out, ty_error *err);

/* Add an EDICT or ENAMDICT file: EUC-JP, one entry a line, "漢字;漢字 [かな] /gloss/gloss/(P)/"
 * (ENAMDICT "上川 [かみかわ] /(s) Kamikawa/": the romanized reading is the gloss; a file is
 * read as ENAMDICT when its name contains "enam" or its first line says ENAMDICT). Lines that
 * do not decode or parse are skipped and counted (ty_lexicon_skipped); a file with no valid
 * entry fails with TY_ERR_FORMAT, an unreadable one with TY_ERR_IO / TY_ERR_NOTFOUND. The file
 * is parsed in full on every call (about 1 s for the 19 MB EDICT): use ty_lexicon_load_files
 * or ty_lexicon_load_default for the big dictionaries, which keep a cache. */
ty_status ty_lexicon_add_edict(ty_lexicon *lex, const char *path, ty_error *err);

/* Add a user glossary: UTF-8 (a BOM is allowed), one "Japanese<TAB>English[; English…]" a line;
 * blank lines and lines starting with '#' are ignored, and columns after the second are
 * notes (ignored). The English side's content words are the keys (法の支配<TAB>rule of law).
 * A glossary entry counts with dictionary entries of the same length. A bad line (no tab, an
 * empty side, no content word, invalid UTF-8) fails with TY_ERR_FORMAT / TY_ERR_ENCODING
 * naming the file and line, and then nothing from the file is added. */
ty_status ty_lexicon_add_tsv(ty_lexicon *lex, const char *path, ty_error *err);

/* A lexicon of EDICT/ENAMDICT files (as ty_lexicon_add_edict reads them) through a cache: the
 * index built from them is stored in `cache_dir` (NULL: $XDG_CACHE_HOME/taiyaku, else
 * $HOME/.cache/taiyaku; created if missing) as lexicon-HASH.idx, keyed by the files' paths,
 * sizes and modification times, written atomically and mapped into memory on the next load
 * (milliseconds instead of seconds). A cache file that is stale, truncated or corrupt is
 * rebuilt, never trusted. When no cache directory is usable the index is built in memory
 * only. npaths 0 gives an empty lexicon. */
ty_status ty_lexicon_load_files(ty_lexicon **out, const char *const *paths, size_t npaths,
                                const char *cache_dir, ty_error *err);

/* ty_lexicon_load_files with the files of TY_LEXICON_DEFAULT_DIR that exist (edict,
 * enamdict). Without them the lexicon is empty and TY_OK is returned: alignment still works
 * on the other anchors. */
ty_status ty_lexicon_load_default(ty_lexicon **out, const char *cache_dir, ty_error *err);

/* The number of distinct headwords (dictionaries plus added files). NULL gives 0. */
size_t ty_lexicon_size(const ty_lexicon *lex);

/* Dictionary lines skipped because they did not decode or parse (when the index was built
 * in this process; 0 after a load from the cache). */
size_t ty_lexicon_skipped(const ty_lexicon *lex);

void ty_lexicon_free(ty_lexicon *lex);

/* ---- alignment options and ty_align(): defined by the aligner section below ---- */

/* ------------------------------------------------------------------------------------------
 * Translation units (shared by the TMX reader/writer and the memory)
 * ---------------------------------------------------------------------------------------- */

typedef struct ty_prop {
    const char *type;  /* the prop's type attribute ("x-confidence"), or "note" for <note> */
    const char *value;
} ty_prop;

typedef struct ty_unit {
    const char *id;      /* tuid, or NULL */
    const char *ja;      /* Japanese segment text */
    const char *en;      /* English segment text */
    const char *ja_lang; /* language code as written ("ja-JP") */
    const char *en_lang;
    double confidence;   /* alignment confidence in [0,1], or -1 when unknown */
    const char *shape;   /* bead shape "1:2", or NULL */
    const ty_prop *props;
    size_t nprops;
} ty_unit;

/* ------------------------------------------------------------------------------------------
 * TMX 1.4b: writing and reading translation memories (src/tmx_write.c, src/tmx_alignment.c,
 * src/tmx_read.c)
 * ---------------------------------------------------------------------------------------- */

/* The longest text (a segment, a prop or note value) in bytes that the writer accepts and the
 * reader delivers. */
#define TY_TMX_MAX_TEXT ((size_t)1 << 20)

typedef struct ty_tmx_write_opts {
    const char *ja_lang;     /* xml:lang of the Japanese side: "ja-JP" */
    const char *en_lang;     /* xml:lang of the English side: "en-US" */
    const char *srclang;     /* header srclang, a language code or "*all*"; NULL (default):
                                ja_lang */
    const char *adminlang;   /* header adminlang: "en-US" */
    long long creation_time; /* header creationdate, seconds since 1970 (UTC); -1 (default):
                                $SOURCE_DATE_EPOCH when set, else the current time */
    int keep_unit_langs;     /* nonzero: a unit's own ja_lang / en_lang, when set, are written
                                instead of the two above ('_' written as '-'); default 0 */
    int markup;              /* nonzero: unit texts are <seg> content with TMX inline markup
                                (as ty_tmx_read gives with keep_markup) and are written as
                                elements; default 0: plain text, escaped */
    double min_confidence;   /* units whose confidence is known and below this are dropped and
                                counted: 0 */
    int keep_unpaired;       /* ty_tmx_write_alignment: 1:0 / 0:1 beads are written as a
                                <note> (with a <prop type="x-unpaired-ja|en"> giving the
                                segment positions) on the next unit, or on the last one,
                                never as a one-sided unit; default 0: left out, counted */
    const char *ja_document; /* ty_tmx_write_alignment: the x-ja-document prop; NULL (default):
                                the base name of ty_doc_name(ja) */
    const char *en_document; /* the same for English */
} ty_tmx_write_opts;

/* Set every field to its default. */
void ty_tmx_write_opts_init(ty_tmx_write_opts *opts);

/* What a writer wrote and what it changed or dropped, for the caller to report. */
typedef struct ty_tmx_write_counts {
    size_t units;          /* <tu> elements written */
    size_t low_confidence; /* units dropped by min_confidence */
    size_t one_sided;      /* units dropped because one side is empty (after white space is
                              folded) */
    size_t unpaired;       /* ty_tmx_write_alignment: 1:0 and 0:1 beads (never units) */
    size_t unpaired_noted; /* of those, written as notes (keep_unpaired) */
    size_t replaced;       /* characters XML 1.0 forbids, and bytes that are not UTF-8,
                              written as U+FFFD */
    size_t ids_replaced;   /* unit ids that were too long or used before: a fresh number was
                              written instead */
    size_t langs_fixed;    /* unit language codes written with '-' instead of '_' */
} ty_tmx_write_counts;

typedef struct ty_tmx_writer ty_tmx_writer;

/* A streaming TMX writer. It writes to a temporary file next to `path` and renames it over
 * `path` on ty_tmx_writer_close, so an interrupted run never leaves a truncated TMX ("-"
 * writes standard output directly). Texts are written as in the unit except: runs of white
 * space and line breaks become one space (none at either end), and characters XML 1.0
 * forbids become U+FFFD (counted). The header carries creationtool="taiyaku",
 * creationtoolversion, segtype="sentence", o-tmf="taiyaku", adminlang, srclang,
 * datatype="plaintext" and creationdate (UTC, YYYYMMDDThhmmssZ). Language codes must be
 * BCP 47 tags ("ja-JP", "en", "en-GB"): "ja_JP" fails with TY_ERR_INVALID (OmegaT skips
 * such units). `opts` may be NULL (defaults). */
ty_status ty_tmx_writer_open(const char *path, const ty_tmx_write_opts *opts,
                             ty_tmx_writer **out, ty_error *err);

/* Write one unit as a <tu>: tuid = unit->id (white space folded) when it is set, at most
 * 1024 bytes and not used before, else a fresh number (tuids are unique in the file);
 * <prop type="x-confidence"> (3 decimals) and <prop type="x-shape"> from the unit's fields
 * unless unit->props has a prop of that type; then unit->props in order (type "note" as
 * <note>; a NULL type fails with TY_ERR_INVALID); then the Japanese and the English <tuv>.
 * A unit with an empty side or below min_confidence is not written (counted). TY_ERR_TOOBIG
 * for a text over TY_TMX_MAX_TEXT; TY_ERR_FORMAT for malformed or non-TMX markup
 * (opts->markup). */
ty_status ty_tmx_writer_add(ty_tmx_writer *w, const ty_unit *unit, ty_error *err);

/* The counts so far (valid until the writer is closed or aborted). */
const ty_tmx_write_counts *ty_tmx_writer_counts(const ty_tmx_writer *w);

/* Finish the document, flush it to disk and rename it over the target path. Frees `w`, also
 * on failure (then the temporary file is removed and the target is untouched). */
ty_status ty_tmx_writer_close(ty_tmx_writer *w, ty_error *err);

/* Give up: remove the temporary file (the target is untouched) and free `w`. NULL is a no-op. */
void ty_tmx_writer_abort(ty_tmx_writer *w);

/* Write an alignment as TMX: one unit per bead with both sides non-empty (texts joined with
 * ty_doc_join), with the props x-confidence, x-shape ("1:2"), x-ja-document, x-en-document,
 * x-ja-segments and x-en-segments (0-based segment indices as `taiyaku segment` numbers them,
 * "4" or "4-5"). 1:0 / 0:1 beads: see keep_unpaired. `counts` (may be NULL) receives what
 * was written and dropped. */
ty_status ty_tmx_write_alignment(const char *path, const ty_doc *ja, const ty_doc *en,
                                 const ty_alignment *al, const ty_tmx_write_opts *opts,
                                 ty_tmx_write_counts *counts, ty_error *err);

typedef struct ty_tmx_read_opts {
    int keep_markup;     /* nonzero: texts are the <seg> content as XML, inline elements
                            (bpt ept ph it hi ut sub) kept and text escaped (&amp; &lt; &gt;);
                            default 0: plain text, with the native codes inside bpt, ept, ph,
                            it and ut left out and the text inside hi kept */
    const char *ja_lang; /* NULL (default): a <tuv> is Japanese when its language's primary
                            subtag is ja (or jpn); else only this code (compared ignoring case
                            and '-' vs '_') is */
    const char *en_lang; /* the same for English (en, eng) */
    /* Called (when not NULL) for each <tu> skipped with the reason, file and line; `userdata`
     * is the one given to ty_tmx_read. */
    void (*warn)(const ty_error *warning, void *userdata);
} ty_tmx_read_opts;

/* Set every field to its default. */
void ty_tmx_read_opts_init(ty_tmx_read_opts *opts);

/* What the reader saw. Header strings are "" when absent (and cut at their size). */
typedef struct ty_tmx_stats {
    size_t tus;           /* <tu> elements in the body */
    size_t units;         /* units passed to the callback */
    size_t one_language;  /* <tu>s skipped: only Japanese or only English */
    size_t no_ja_en;      /* <tu>s skipped: neither Japanese nor English */
    size_t empty;         /* <tu>s skipped: a Japanese or English <seg> with no text */
    size_t bad;           /* <tu>s skipped: a text over TY_TMX_MAX_TEXT, an entity reference */
    size_t extra_tuvs;    /* <tuv>s ignored: other languages, or a second one for a side */
    char version[16];     /* <tmx version> */
    char srclang[64];     /* <header srclang> */
    char creationtool[64];
    char creationtoolversion[64];
} ty_tmx_stats;

/* Called for each unit; the unit and its strings live until the callback returns. Return TY_OK
 * to go on; any other status stops the reading, and ty_tmx_read returns that status without
 * touching `err` (report the failure through an error record of your own). */
typedef ty_status (*ty_tmx_unit_fn)(const ty_unit *unit, void *userdata);

/* Read a TMX 1.1 to 1.4b file ("-": standard input) in constant memory and call `fn` for each
 * <tu> that has a Japanese and an English <tuv>, chosen by xml:lang (or TMX 1.1's lang), not
 * by order. The unit's id is the tuid; confidence and shape are parsed from the props
 * x-confidence and x-shape (which stay in props too); props holds the <tu>'s and its
 * <tuv>s' <prop>s and <note>s (type "note") in document order. Malformed XML, an unsupported
 * encoding, a root that is not <tmx>, a missing <body>: TY_ERR_XML / TY_ERR_FORMAT with the
 * line. A bad single <tu> is skipped, counted in `stats` (may be NULL) and passed to
 * opts->warn. */
ty_status ty_tmx_read(const char *path, const ty_tmx_read_opts *opts, ty_tmx_unit_fn fn,
                      void *userdata, ty_tmx_stats *stats, ty_error *err);

/* The same for a TMX in memory; `name` names it in errors (may be NULL). */
ty_status ty_tmx_read_memory(const void *bytes, size_t len, const char *name,
                             const ty_tmx_read_opts *opts, ty_tmx_unit_fn fn, void *userdata,
                             ty_tmx_stats *stats, ty_error *err);

#ifdef __cplusplus
}
#endif
#endif /* TAIYAKU_H */
