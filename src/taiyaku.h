/*
 * taiyaku.h — the public API of libtaiyaku (対訳): Japanese–English sentence alignment
 * and translation memories.
 *
 * This is the only public header. Every exported symbol starts with "ty_". Build against
 * the installed library with `pkg-config --cflags --libs libtaiyaku`.
 *
 * Example: read a Japanese document and its English version, split both into sentences,
 * align the sentences and write the pairs as a TMX file. NULL options are the defaults (the
 * encoding is detected; no dictionary: see ty_lexicon_load_default). make check extracts the
 * lines between the two rules, compiles them and runs them (tests/api/example.sh).
 * ---- example.c ----
 * #include <stdio.h>
 * #include <taiyaku.h>
 *
 * int main(int argc, char **argv) // example JA.txt EN.txt OUT.tmx
 * {
 *     ty_text *jt = NULL, *et = NULL;
 *     ty_segmenter *js = NULL, *es = NULL;
 *     ty_doc *ja = NULL, *en = NULL;
 *     ty_alignment *al = NULL;
 *     ty_error err;
 *     ty_status st;
 *     char msg[2048];
 *
 *     if (argc != 4)
 *         return 64;
 *     if ((st = ty_text_read_file(argv[1], NULL, &jt, &err)) == TY_OK &&
 *         (st = ty_text_read_file(argv[2], NULL, &et, &err)) == TY_OK &&
 *         (st = ty_segmenter_new(TY_LANG_JA, &js, &err)) == TY_OK &&
 *         (st = ty_segmenter_new(TY_LANG_EN, &es, &err)) == TY_OK &&
 *         (st = ty_segment_text(js, jt, &ja, &err)) == TY_OK &&
 *         (st = ty_segment_text(es, et, &en, &err)) == TY_OK &&
 *         (st = ty_align(ja, en, NULL, &al, &err)) == TY_OK)
 *         st = ty_tmx_write_alignment(argv[3], ja, en, al, NULL, NULL, &err);
 *     if (st != TY_OK)
 *         fprintf(stderr, "%s\n", ty_error_format(&err, msg, sizeof msg));
 *     ty_alignment_free(al);
 *     ty_doc_free(ja); ty_doc_free(en);
 *     ty_segmenter_free(js); ty_segmenter_free(es);
 *     ty_text_free(jt); ty_text_free(et);
 *     return st == TY_OK ? 0 : 1;
 * }
 * ---- end of example.c ----
 *
 * Conventions (they hold for every function below unless its comment says otherwise):
 *  - Text is UTF-8 in every public type.
 *  - Objects that own memory have ty_X_new / ty_X_free (or a constructor that returns one
 *    through an out-parameter); every ty_X_free(NULL) is a no-op.
 *  - Option structs have ty_X_opts_init, which sets every field to its default: call it,
 *    then set the fields you want, so that fields added later keep their defaults. A NULL
 *    options pointer means the defaults.
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
    TY_ERR_INTERNAL, /* a bug: an invariant did not hold */
    TY_ERR_CONFLICT, /* the thing changed since the caller read it (a review edit made on an
                        older version of a document): read it again */
    TY_ERR_POSTGRES  /* a PostgreSQL server refused or failed a request, or was not reached */
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
 * Text: reading files and decoding them to UTF-8 (src/text/)
 * ---------------------------------------------------------------------------------------- */

/* Decoded text: UTF-8, NUL-terminated, without a BOM. Line ends are kept as in the input.
 * It never contains NUL: a NUL in the input is an error (U+FFFD when lenient). */
typedef struct ty_text ty_text;

typedef struct ty_decode_opts {
    const char *encoding; /* an ICU converter name ("UTF-8", "UTF-16LE", "Shift_JIS" (=CP932,
                             with the NEC/IBM extensions), "EUC-JP", "ISO-2022-JP", …); an
                             unknown name fails with TY_ERR_INVALID. NULL (default) detects:
                             a BOM; else valid UTF-8 (7-bit text with JIS escapes:
                             ISO-2022-JP); else ICU's candidates, Japanese encodings first,
                             each decoded strictly and scored for plausibility; windows-1252
                             for legacy English text */
    int lenient;          /* nonzero: replace undecodable bytes with U+FFFD (counted) instead
                             of failing; default 0 */
} ty_decode_opts;

/* Set every field to its default. */
void ty_decode_opts_init(ty_decode_opts *opts);

/* Decode `len` bytes (at most 1 GiB, else TY_ERR_TOOBIG). `name` names the input in error
 * messages (may be NULL); `opts` may be NULL (defaults). Undecodable bytes fail with
 * TY_ERR_ENCODING, the byte offset of the first one in the input and its line ("invalid
 * Shift_JIS byte sequence 0x81"). */
ty_status ty_text_decode(const void *bytes, size_t len, const char *name,
                         const ty_decode_opts *opts, ty_text **out, ty_error *err);

/* Read and decode a file ("-" reads standard input, named "<stdin>" in messages). A file
 * that cannot be opened or read, or is a directory, fails with TY_ERR_IO. */
ty_status ty_text_read_file(const char *path, const ty_decode_opts *opts, ty_text **out,
                            ty_error *err);

const char *ty_text_utf8(const ty_text *text, size_t *len);
const char *ty_text_name(const ty_text *text);
/* The encoding the input was decoded from (its MIME/IANA name, e.g. "Shift_JIS"). */
const char *ty_text_encoding(const ty_text *text);
/* How many undecodable byte sequences were replaced with U+FFFD (lenient mode only). */
size_t ty_text_replacements(const ty_text *text);
/* The byte offset in the original input of a byte offset in the decoded UTF-8: a
 * character's first byte maps to the first byte of its encoded form (an offset inside a
 * character maps into that character's bytes), text->len maps to the input's length, and
 * anything past it gives -1. Cheap for UTF-8; otherwise re-decodes at most a few KB. */
long long ty_text_source_offset(const ty_text *text, size_t utf8_offset);
void ty_text_free(ty_text *text);

/* The byte offset of the first ill-formed UTF-8 sequence in s[0, len) (a stray or missing
 * continuation byte, an overlong form, a surrogate, a code point above U+10FFFF), or len when
 * the whole of it is well-formed. */
size_t ty_utf8_check(const char *s, size_t len);

/* Normalize for matching: NFKC, case-folded, runs of white space folded to one ASCII space,
 * leading/trailing space removed. Returns a malloc'd NUL-terminated string, or NULL when out
 * of memory. `out_len` may be NULL. */
char *ty_normalize(const char *utf8, size_t len, size_t *out_len);

/* ------------------------------------------------------------------------------------------
 * Output files (src/base/)
 * ---------------------------------------------------------------------------------------- */

/* Check, before any work, that writing `path` (a TMX file, a report) destroys no translation
 * memory: TY_ERR_INVALID when it is an SQLite database or an SQLite journal (any, not only
 * taiyaku's), or the file `memory` (may be NULL) or a file SQLite keeps beside it (-wal, -shm,
 * -journal), even when these do not exist yet; TY_ERR_IO when it is a directory. "-"
 * (standard output) passes. The writers (ty_tmx_writer_open, ty_phrase_reports_write_html)
 * refuse to replace an SQLite database or journal themselves. */
ty_status ty_output_check(const char *path, const char *memory, ty_error *err);

/* Whether two paths name one file: the same device and inode when both exist; otherwise the
 * same path once their directories are resolved (symbolic links, "..", "."). "-" is the same
 * only as "-". */
int ty_same_file(const char *a, const char *b);

/* ------------------------------------------------------------------------------------------
 * Documents and sentence segmentation (src/segment/)
 * ---------------------------------------------------------------------------------------- */

typedef enum ty_lang { TY_LANG_JA = 0, TY_LANG_EN = 1 } ty_lang;

typedef enum ty_seg_kind {
    TY_SEG_SENTENCE = 0, /* ends with terminal punctuation */
    TY_SEG_LINE = 1      /* a heading, date line, list item: a line without terminal punct. */
} ty_seg_kind;

/* Where a segment came from in its file. Fields that do not apply are -1. */
typedef struct ty_source {
    long long offset; /* byte offset in the file of the segment's first character (plain text,
                         HTML: the start of the text node it begins in), or -1 */
    long page;        /* PDF: 1-based page */
    long line;        /* PDF: 1-based line on that page (page furniture counted); HTML and
                         law XML: 1-based line in the file */
    long block;       /* .docx: 0-based paragraph index in document.xml (w:p in order, table
                         cells' included); footnotes go on counting after the body */
} ty_source;

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
    int heading;        /* 1-6: part of a heading of that level (HTML h1-h6, a .docx heading
                           style, a law's title, part, chapter, section and article title); 0 */
    long article;       /* law XML: on an article's title (第三条, Article 3), the article's
                           number times 1000 plus its branch (第三条の二: 3002); else 0. The
                           aligner keys it as an anchor both languages share */
    ty_source source;   /* where it came from (ty_document_read); all -1 otherwise, except
                           the offset of plain text read by ty_document_read */
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

/* A document already split: one segment per line, blank lines (empty or white space only)
 * between paragraphs (the --segmented input); LF, CRLF and CR line ends. Each line is kept
 * byte-exact (without its line end); its kind is TY_SEG_SENTENCE when it ends with
 * sentence-final punctuation, else TY_SEG_LINE; no labels (ty_segment_lines finds them).
 * `name` is kept for messages. */
ty_status ty_doc_from_lines(ty_lang lang, const char *utf8, size_t len, const char *name,
                            ty_doc **out, ty_error *err);

typedef struct ty_segmenter ty_segmenter;

/* Open a segmenter for a language (opens the ICU iterator once; reuse it for many texts,
 * one at a time: a segmenter is not for concurrent use). It starts with the built-in
 * English abbreviation list (src/segment/abbrev-en.txt, compiled in; a copy is installed as
 * $(pkgdatadir)/abbrev-en.txt). */
ty_status ty_segmenter_new(ty_lang lang, ty_segmenter **out, ty_error *err);
/* Add abbreviations that do not end an English sentence to the built-in list: a UTF-8
 * file, one per line ("U.S.", "Art."; a missing final period is added), '#' starts a
 * comment. A bad entry fails with TY_ERR_FORMAT naming the file and line. */
ty_status ty_segmenter_add_abbrevs_file(ty_segmenter *seg, const char *path, ty_error *err);
/* Split decoded text into paragraphs (separated by blank lines) and segments: sentences
 * (ICU's sentence iterator plus rules: no break inside matched brackets or quotes, none
 * after an abbreviation unless the next word starts a sentence, a speaker label stays with
 * the sentence after it) and lines without sentence-final punctuation (headings, date
 * lines, list items). Every character of the text that is not white space is in exactly
 * one segment. */
ty_status ty_segment_text(ty_segmenter *seg, const ty_text *text, ty_doc **out, ty_error *err);
/* Called by ty_segment_each for each segment, in order; the segment (and its text) lives until
 * the call returns. Return TY_OK to go on; another status stops the segmentation, and
 * ty_segment_each returns it without touching `err`. */
typedef ty_status (*ty_segment_fn)(const ty_segment *segment, void *userdata);
/* Split decoded text exactly as ty_segment_text does, but hand each segment to `fn` instead of
 * keeping a document: memory stays that of the text and its longest paragraph, whatever the
 * number of segments (taiyaku segment prints this way). The segment is as ty_doc_segment
 * gives it except that its normalized copy is not computed (norm NULL, norm_len 0). */
ty_status ty_segment_each(ty_segmenter *seg, const ty_text *text, ty_segment_fn fn,
                          void *userdata, ty_error *err);
/* A document already split, as ty_doc_from_lines reads it (one segment per line, blank lines
 * between paragraphs), with the speaker label at the start of each line found by the same
 * rules as ty_segment_text (【…】, "Minister Kamikawa:"). */
ty_status ty_segment_lines(ty_segmenter *seg, const char *utf8, size_t len, const char *name,
                           ty_doc **out, ty_error *err);
void ty_segmenter_free(ty_segmenter *seg);

/* Parse "ja"/"en" (case-insensitive). Returns 0 on success, -1 otherwise. */
int ty_lang_parse(const char *s, ty_lang *out);

/* ------------------------------------------------------------------------------------------
 * Reading documents in any format: plain text, HTML, Word .docx, PDF, e-Gov law XML
 * (src/formats/ reads, src/segment/read.c segments)
 * ---------------------------------------------------------------------------------------- */

typedef enum ty_format {
    TY_FORMAT_AUTO = 0, /* detect by content: %PDF-, a zip with word/document.xml, an XML root
                           <Law>, an HTML document (<!DOCTYPE html>, <html, or a leading tag
                           such as <head>, <body>, <div>, <p>); anything else is text */
    TY_FORMAT_TEXT,     /* plain text (encoding detected or given), as ty_segment_text reads it */
    TY_FORMAT_HTML,     /* HTML (HTML5 parsing rules); the main content, not the site */
    TY_FORMAT_DOCX,     /* Word 2007+ (.docx): body, tables, headings, then footnotes */
    TY_FORMAT_PDF,      /* PDF with a text layer (poppler): page furniture removed */
    TY_FORMAT_LAWXML    /* e-Gov law XML (<Law Lang="ja|en">) */
} ty_format;

/* "auto", "text", "html", "docx", "pdf", "lawxml"; NULL for a bad value. */
const char *ty_format_name(ty_format format);
/* Parse one of those names (case-insensitive). 0 on success, -1 otherwise. */
int ty_format_parse(const char *s, ty_format *out);
/* The format of some bytes (the file's first bytes are enough, the whole file is best: a zip
 * that is not a .docx is TY_FORMAT_TEXT). Never TY_FORMAT_AUTO. */
ty_format ty_format_detect(const void *bytes, size_t len);

/* Boilerplate: lines that are not the document ("Back to top", "This is a provisional
 * translation", a copyright line) and are dropped from HTML, .docx and PDF input (never from
 * plain text or law XML). A line of the document is dropped when its normalized text (as
 * ty_normalize makes it) equals an entry, or starts with an entry written with a final '*'.
 * ty_droplist_new starts with the built-in list (src/formats/drop-default.txt, compiled in; a
 * copy is installed as $(pkgdatadir)/drop-default.txt). */
typedef struct ty_droplist ty_droplist;
ty_status ty_droplist_new(ty_droplist **out, ty_error *err);
/* Add the entries of a UTF-8 file, one a line; blank lines and lines starting with '#' are
 * skipped. Invalid UTF-8 fails with TY_ERR_ENCODING naming the file and line. */
ty_status ty_droplist_add_file(ty_droplist *drop, const char *path, ty_error *err);
/* Add one entry. */
ty_status ty_droplist_add(ty_droplist *drop, const char *utf8, ty_error *err);
void ty_droplist_free(ty_droplist *drop);

typedef struct ty_read_opts {
    ty_format format;       /* TY_FORMAT_AUTO (default): detect by content */
    ty_decode_opts decode;  /* plain text and HTML: the encoding (HTML: NULL takes a BOM, then
                               <meta charset> / http-equiv, then detection) and leniency */
    int segmented;          /* plain text: one segment per line, a blank line between
                               paragraphs (ty_segment_lines); 0 (default) */
    const char *content;    /* HTML: the root of the content, "#ID", ".CLASS" or a tag name
                               ("main"); the first element that matches. NULL (default): found
                               by structure and link density. No match: TY_ERR_NOTFOUND */
    const ty_droplist *drop; /* boilerplate lines to drop; NULL (default): the built-in list */
    size_t repeated;        /* ty_documents_read: a line (of at most 200 bytes) found in at
                               least this many documents of the same language in one call is
                               boilerplate too; 0 (default): 3 documents, and at least half of
                               that language's documents; 1: never */
    ty_segmenter *segmenter; /* the segmenter to use (its language must be the document's);
                                NULL (default): one is opened for the call */
    int map;                /* ty_document_each: a large plain-text file is mapped instead of
                               read (faster: no copy). A file that shrinks while mapped raises
                               SIGBUS in the caller, who must then catch it (taiyaku segment
                               does and says so); 0 (default): read */
    int borrow;             /* ty_document_each: a segment without a line break inside is
                               handed over as it stands in the document's text (its text and
                               label point into it and are not NUL-terminated) instead of as a
                               NUL-terminated copy; 0 (default): always a copy */
    size_t threads;         /* ty_documents_read: threads the call may use, the caller's
                               included. With 2 or more, two documents in different
                               languages (a Japanese one and its English version) that are
                               large enough to pay for it, with no opts->segmenter, are read
                               and segmented at once on two threads; the documents and any
                               error are the same as with one. 0 or 1 (default): one after
                               the other on the caller's thread */
    int scripts;            /* ty_documents_read: tally each document's letters by script as
                               it is read (on the thread that read it) and keep the tally in
                               the document, where ty_pair_check_docs finds it instead of
                               counting them again; 0 (default): counted when asked */
} ty_read_opts;
void ty_read_opts_init(ty_read_opts *opts);

/* Read a document of any format and split it into segments: the one entry point for
 * "read a document, whatever its format". The file ("-": standard input) is read whole,
 * its format detected (or opts->format), its text taken out with its structure (headings,
 * paragraphs, table cells, list items, line breaks; what each format keeps and drops is in
 * README.md) and segmented as ty_segment_text does, one paragraph per block. Segments keep
 * where they came from (ty_segment.source, .heading, .article); their start and end are
 * offsets in the document's text as extracted (for plain text: the decoded input).
 * Errors are one line naming the file and, where it applies, the byte offset or PDF page:
 * TY_ERR_FORMAT for a file that is not what its format says (a truncated zip, a PDF
 * without a text layer, an encrypted PDF, an HTML page without text), TY_ERR_IO,
 * TY_ERR_ENCODING, TY_ERR_TOOBIG (over 1 GiB). */
ty_status ty_document_read(const char *path, ty_lang lang, const ty_read_opts *opts,
                           ty_doc **out, ty_error *err);
/* The same from bytes in memory; `name` names them in messages (may be NULL). */
ty_status ty_document_read_mem(const void *bytes, size_t len, const char *name, ty_lang lang,
                               const ty_read_opts *opts, ty_doc **out, ty_error *err);
/* What ty_document_each read: what ty_doc_format, ty_doc_encoding, ty_doc_replacements and
 * ty_doc_dropped say of a document. */
typedef struct ty_read_info {
    ty_format format;
    char encoding[48];
    size_t replacements;
    size_t dropped;
} ty_read_info;
/* Read a document as ty_document_read does and hand its segments to `fn` one at a time, in
 * order: the same segments with the same positions (norm is NULL for plain text). Plain text
 * that is not opts->segmented is segmented as it is handed over and never held as a document,
 * so that memory is the file's bytes and decoded text plus its longest paragraph's work,
 * whatever the number of sentences (taiyaku segment reads this way); the other formats are
 * read whole first. `info` (may be NULL) is filled before the first call to `fn`. A status
 * other than TY_OK from `fn` stops the reading and is returned without touching `err`. */
ty_status ty_document_each(const char *path, ty_lang lang, const ty_read_opts *opts,
                           ty_segment_fn fn, void *userdata, ty_read_info *info,
                           ty_error *err);
/* Read n documents as one run (paths[i] in langs[i]): lines that repeat across the run's
 * documents of one language are dropped as boilerplate (opts->repeated). On success docs[0,
 * n) are the caller's; on failure none is set and err names the file. */
ty_status ty_documents_read(size_t n, const char *const *paths, const ty_lang *langs,
                            const ty_read_opts *opts, ty_doc **docs, ty_error *err);

/* What a document was read from: its format (TY_FORMAT_TEXT for documents made by
 * ty_segment_text and ty_doc_from_lines), the encoding its text was decoded from ("" when
 * the format fixes it), how many undecodable byte sequences lenient decoding replaced, and
 * how many boilerplate lines were dropped. */
ty_format ty_doc_format(const ty_doc *doc);
const char *ty_doc_encoding(const ty_doc *doc);
size_t ty_doc_replacements(const ty_doc *doc);
size_t ty_doc_dropped(const ty_doc *doc);

/* ------------------------------------------------------------------------------------------
 * The bilingual lexicon of the aligner's anchors (src/anchors/)
 * ---------------------------------------------------------------------------------------- */

/* A lexicon maps Japanese headwords (matched longest-first in Japanese segments) to the stems
 * of the content words of their English glosses, which the aligner looks for in the English
 * segments. It is read from JMdict/EDICT and ENAMDICT files (EUC-JP, as Debian's `edict` and
 * `enamdict` packages install them under /usr/share/edict/) and user glossaries (UTF-8 TSV:
 * Japanese<TAB>English[; English…]). Lookups never modify it: one lexicon may serve many
 * alignments. */
typedef struct ty_lexicon ty_lexicon;

/* Where ty_lexicon_load_default looks for Debian's `edict` and `enamdict` packages
 * (apt-get install edict enamdict). */
#define TY_LEXICON_DEFAULT_DIR "/usr/share/edict"

/* An empty lexicon (then add files to it). */
ty_status ty_lexicon_new(ty_lexicon **out, ty_error *err);

/* Add an EDICT or ENAMDICT file: EUC-JP, one entry a line,
 * "漢字;漢字 [かな] /gloss/gloss/(P)/" (ENAMDICT "上川 [かみかわ] /(s) Kamikawa/": the
 * romanized reading is the gloss; a file is read as ENAMDICT when its name contains "enam" or
 * its first line says ENAMDICT). Lines that do not decode or parse are skipped and counted
 * (ty_lexicon_skipped); a file with no valid entry fails with TY_ERR_FORMAT, an unreadable
 * one with TY_ERR_IO / TY_ERR_NOTFOUND. The file is parsed in full on every call (seconds for
 * the 19 MB EDICT): use ty_lexicon_load_files or ty_lexicon_load_default for the big
 * dictionaries, which keep a cache. */
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
 * only; a `cache_dir` given that is not a directory fails with TY_ERR_INVALID. npaths 0 gives
 * an empty lexicon. */
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

/* ------------------------------------------------------------------------------------------
 * Alignment (src/align/)
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
/* 1 when bead i is one of the pins ty_align_pinned was given, else 0 (ty_tm_add_alignment
 * stores such a bead pinned and reviewed, so that a re-alignment keeps it). */
int ty_alignment_bead_pinned(const ty_alignment *al, size_t i);
void ty_alignment_free(ty_alignment *al);

/* Bead shapes (Japanese segments : English segments). A bead set is a bit mask of
 * (1u << TY_BEAD_x). */
typedef enum ty_bead_shape {
    TY_BEAD_1_1 = 0,
    TY_BEAD_1_0,
    TY_BEAD_0_1,
    TY_BEAD_1_2,
    TY_BEAD_2_1,
    TY_BEAD_2_2,
    TY_BEAD_1_3,
    TY_BEAD_3_1,
    TY_BEAD_SHAPES
} ty_bead_shape;

#define TY_BEADS_ALL ((1u << TY_BEAD_SHAPES) - 1u)

/* Every tunable number of the aligner, with the defaults ty_align_opts_init sets. Probabilities
 * are in (0, 1). The model scores a bead as the log of its prior times likelihood ratios
 * (translation vs. two unrelated sides) of its lengths, anchors and structure; the defaults
 * and how they were set are explained in src/align/align.c. */
typedef struct ty_align_opts {
    unsigned beads;             /* allowed shapes, default TY_BEADS_ALL; without 1:0 and
                                   0:1 an untranslated sentence must join a neighbour */
    double prior[TY_BEAD_SHAPES]; /* bead-shape probabilities before the document is seen:
                                   1:1 .86, 1:0 .02, 0:1 .02, 1:2 .035, 2:1 .035, 2:2 .01,
                                   1:3 .01, 3:1 .01 (normalized over the allowed shapes) */
    double prior_strength;      /* pseudo-beads of `prior` when the second pass re-estimates the
                                   shape probabilities of this document: 20 */
    double ratio;               /* English characters per Japanese character; 0 (default)
                                   estimates it from the document pair */
    double length_sigma;        /* sd of log(English length / (ratio x Japanese length)) before
                                   it is re-estimated from the pair: 0.35 */
    double length_smooth;       /* characters added to both lengths before the log ratio, so that
                                   short segments weigh less: 8 */
    int count_spaces;           /* nonzero: lengths count white space too; default 0 */
    double carry_number;        /* probability that a number/date/time on one side shows on
                                   the other side of its translation (the carry probabilities
                                   but the learned one are re-estimated per document): 0.8 */
    double carry_latin;         /* same for Latin-script tokens (G7, WPS, URLs): 0.7 */
    double carry_lexicon;       /* same for lexicon words (a gloss word of a Japanese headword in
                                   the English): 0.3 */
    double carry_name;          /* same for katakana names vs capitalized words: 0.5 */
    double carry_learned;       /* same for the lexicon learned from the pair: 0.3 */
    double agree_heading;       /* probability that a translation keeps a Japanese heading a
                                   heading and a sentence a sentence (otherwise the English
                                   side is as random); re-estimated per document: 0.95 */
    double agree_label;         /* same for a speaker label at the start: 0.85 */
    double agree_question;      /* same for ending with a question mark: 0.85 */
    double agree_paragraph;     /* same for starting a paragraph: 0.85 */
    double agree_enum;          /* same for an enumeration marker ("２点目です。" + the next
                                   sentence rendered "Secondly, …"): 0.85 */
    double cross_paragraph;     /* probability that a many-segment side crosses a paragraph
                                   boundary (once per boundary crossed): 0.1 */
    double formula_drop;        /* probability that a formula (a greeting or courtesy formula
                                   alone, a self-introduction repeating the speaker label, a
                                   language switch or navigation line, a bracketed note) or a
                                   sentence nearly repeating one of the 4 before it is left
                                   out of the translation; its 1:0 / 0:1 bead gets this instead
                                   of the shape prior when higher; 0 turns it off: 0.3 */
    double temperature;         /* likelihood ratios are raised to 1/temperature when computing
                                   confidences (the path does not change): 2 */
    int learn_lexicon;          /* nonzero (default): a second pass with a lexicon learned from
                                   the first pass's confident beads (and re-estimated ratio,
                                   variance, shape probabilities and agreement rates) */
    double learn_min_confidence;/* beads of the first pass used for learning: 0.9 */
    size_t corridor;            /* half-width (in segments) of the search corridor around the
                                   coarser level's path: 6; doubled where the path touches it */
    size_t full_cells;          /* documents with at most this many (ja+1)x(en+1) cells are
                                   searched whole, without a corridor: 250000 */
    const ty_lexicon *lexicon;  /* bilingual lexicon for anchors, or NULL (numbers, Latin
                                   tokens and names still count); not owned */
    size_t threads;             /* threads one alignment may use, the caller's included: 1
                                   (default) runs it on the calling thread; 0, as many as the
                                   processors online; the output is the same for any number */
} ty_align_opts;

/* Set every field to its default. */
void ty_align_opts_init(ty_align_opts *opts);

/* Parse a bead set such as "1:1,1:0,0:1,1:2,2:1" into a mask. Fails with TY_ERR_INVALID on an
 * unknown shape. */
ty_status ty_align_beads_parse(const char *spec, unsigned *mask, ty_error *err);

/* Align two documents. `opts` may be NULL (defaults). On success *out holds beads that cover
 * every segment of both documents exactly once, in order. A bead's confidence estimates the
 * probability that exactly this bead is right: the model's posterior (forward-backward over
 * the search corridor, likelihoods tempered by opts->temperature) through a calibration map
 * fitted on the dev corpus; held out by document, beads with confidence >= 0.9 are 99.6%
 * right there with dictionaries, 99.5% without (README, tests/bench/calibration). An empty
 * document gives only 1:0 or 0:1 beads; TY_ERR_INVALID when the bead set cannot cover the
 * documents (e.g. no 1:0 beads and an empty English side). */
ty_status ty_align(const ty_doc *ja, const ty_doc *en, const ty_align_opts *opts,
                   ty_alignment **out, ty_error *err);

/* The bead's shape ("1:2"), or NULL when it is not one of ty_bead_shape. */
const char *ty_bead_shape_name(const ty_bead *bead);

/* Align two documents around pinned beads: each pin is a bead that the result holds as it is
 * (confidence 1), and the stretches between pins are aligned each on its own with ty_align
 * (their sentences as documents of their own). Pins must each have a sentence on both sides,
 * lie inside the documents and follow one another on both sides without overlapping (any order
 * given; they are sorted): else TY_ERR_INVALID naming the pin. A stretch with sentences on one
 * side only becomes 1:0 or 0:1 beads (TY_ERR_INVALID when opts->beads has not got them).
 * npins 0 is ty_align. */
ty_status ty_align_pinned(const ty_doc *ja, const ty_doc *en, const ty_bead *pins, size_t npins,
                          const ty_align_opts *opts, ty_alignment **out, ty_error *err);

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
 * TMX 1.4b: writing and reading translation memories (src/tmx/)
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
                                instead of the two above ('_' written as '-'; a code that is
                                still not a BCP 47 tag is replaced by them); default 0 */
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

/* Check a language code as the writer does (a BCP 47 tag such as ja-JP, en-US, en; no '_'),
 * "*all*" too when `allow_all`: TY_OK, or TY_ERR_INVALID with the reason and the fix. */
ty_status ty_tmx_lang_check(const char *code, int allow_all, ty_error *err);

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
    size_t langs_fixed;    /* unit language codes written with '-' instead of '_', or
                              replaced by ja_lang / en_lang (keep_unit_langs) */
} ty_tmx_write_counts;

typedef struct ty_tmx_writer ty_tmx_writer;

/* A streaming TMX writer. It writes to a temporary file next to `path` and renames it over
 * `path` on ty_tmx_writer_close, so an interrupted run never leaves a truncated TMX ("-"
 * writes standard output directly). Where Linux's O_TMPFILE works (and /proc is mounted) the
 * temporary file has no name until the close, so even a killed process leaves nothing behind;
 * elsewhere a killed process leaves ".NAME.PID-N.tmp" beside `path`.
 * Texts are written as in the unit except: runs of white space and line breaks become one
 * space (none at either end; in Japanese a run with a line break becomes nothing, except
 * between two ASCII letters or digits, as ty_doc joins lines), and characters XML 1.0 forbids
 * become U+FFFD (counted). The header carries creationtool="taiyaku", creationtoolversion,
 * segtype="sentence", o-tmf="taiyaku", adminlang, srclang, datatype="plaintext" and
 * creationdate (UTC, YYYYMMDDThhmmssZ). Language codes must be BCP 47 tags ("ja-JP", "en",
 * "en-GB"): "ja_JP" fails with TY_ERR_INVALID (OmegaT skips such units). `opts` may be NULL
 * (defaults). */
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

/* The same units added to an open writer (several alignments in one file); `opts` gives the
 * document names, keep_unpaired and min_confidence (the writer's own opts govern the rest) and
 * may be NULL; `counts` (may be NULL) receives what this alignment added and left out. */
ty_status ty_tmx_writer_add_alignment(ty_tmx_writer *w, const ty_doc *ja, const ty_doc *en,
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
    int swap_sides;      /* nonzero: each unit is handed over with its texts exchanged (the
                            text of the <tuv> read as Japanese becomes the English side; the
                            language codes stay; the shape "a:b" becomes "b:a", props x-ja-* /
                            x-*-ja become x-en-* / x-*-en): for a file whose sides are
                            swapped; default 0 */
    /* Called (when not NULL) for each <tu> skipped with the reason, file and line; `userdata`
     * is the one given to ty_tmx_read. */
    void (*warn)(const ty_error *warning, void *userdata);
    int read_ahead;      /* nonzero (ty_tmx_read only): the file is parsed on a thread of its
                            own while the calling thread runs the callbacks, with the same
                            units and warnings in the same order (for a caller whose work per
                            unit is as long as the parsing: an import); default 0 */
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
 * line (malformed XML in a file that does not end with </tmx> is said to be truncated). A
 * bad single <tu> is skipped, counted in `stats` (may be NULL) and passed to opts->warn. */
ty_status ty_tmx_read(const char *path, const ty_tmx_read_opts *opts, ty_tmx_unit_fn fn,
                      void *userdata, ty_tmx_stats *stats, ty_error *err);

/* The same for a TMX in memory; `name` names it in errors (may be NULL). */
ty_status ty_tmx_read_memory(const void *bytes, size_t len, const char *name,
                             const ty_tmx_read_opts *opts, ty_tmx_unit_fn fn, void *userdata,
                             ty_tmx_stats *stats, ty_error *err);

/* ------------------------------------------------------------------------------------------
 * Translation memory: a SQLite database of units with exact, fuzzy and concordance lookup
 * (src/tm/)
 * ---------------------------------------------------------------------------------------- */

/* An open memory. One handle is used by one thread at a time; several processes (or handles)
 * may read while one writes (WAL mode): readers see the memory as of their call's start. */
typedef struct ty_tm ty_tm;

enum {
    TY_TM_CREATE = 1,   /* create the file (or initialize an empty one) when needed */
    TY_TM_READONLY = 2, /* never write (no import, no schema upgrade) */
    TY_TM_BRIEF = 4,    /* a handle for a query or two (a lookup from the command line): the
                           file is read without a memory map and with a small page cache, so
                           that a process costs less to run and keeps fewer pages resident; a
                           handle that serves many queries reads faster without */
    TY_TM_POOLED = 8    /* one of a process's several handles that read while another writes
                           (a server's pool): with TY_TM_READONLY, the file is read through one
                           memory map that the process's pool readers share and keep while the
                           writer commits (a handle's own map is faulted in again after every
                           commit); without, into the handle's large page cache (README,
                           serve's figures) */
};

/* Open (and, with TY_TM_CREATE, create) a memory. Without TY_TM_READONLY a file that cannot
 * be written, or whose directory cannot be written, is opened read-only. A memory on storage
 * that cannot be written (a read-only mount, a directory the user may not write) is read
 * without the -shm file SQLite's WAL mode wants beside it (as immutable: nobody can write it
 * from here). A memory of an older schema is upgraded (needs writing).
 * A memory that does not exist is made, with TY_TM_CREATE, in a hidden file beside `path`
 * (".NAME.taiyaku-new-…") and takes its name when the first import into it commits, or at
 * ty_tm_close when no import was tried: readers never see a memory half made, and one whose
 * imports all failed leaves nothing behind. Hidden files of makers that died (kill -9) are
 * removed the next time a memory of that name is made. Should another process make a memory
 * of that name meanwhile, that first import fails (TY_ERR_IO: nothing of it is kept) and the
 * handle reads the other memory.
 * Fails with one-line messages naming the file: TY_ERR_NOTFOUND when it does not exist (and
 * no TY_TM_CREATE); TY_ERR_FORMAT for a file that is not an SQLite database, an SQLite
 * database of another application, an empty file without TY_TM_CREATE, or a schema newer than
 * this library's; TY_ERR_SQLITE for a damaged one. */
ty_status ty_tm_open(const char *path, int flags, ty_tm **out, ty_error *err);
void ty_tm_close(ty_tm *tm);

/* The document an import adds. */
typedef struct ty_tm_docinfo {
    const char *name;        /* shown as the units' provenance (required, non-empty) */
    const char *ja_lang;     /* language codes for export; NULL: the first unit's, or "ja" */
    const char *en_lang;     /* NULL: the first unit's, or "en" */
    const char *imported_at; /* UTC, "YYYY-MM-DDThh:mm:ssZ" (ty_tm_time_check); NULL: now */
} ty_tm_docinfo;

/* What an import did. */
typedef struct ty_tm_import_stats {
    long long document; /* the document's id (the earlier one when `already`) */
    int already;        /* 1: a document with the same content was imported before; nothing
                           was added */
    size_t units;       /* units given */
    size_t added;       /* new units stored */
    size_t merged;      /* units identical (both original texts) to one already stored: its
                           count went up and this provenance was added */
    size_t one_sided;   /* units with an empty (or blank) side: not stored */
    size_t replaced;    /* documents it took out (ty_tm_import_replace) */
} ty_tm_import_stats;

/* The longest side of a unit, in bytes, that the memory stores. */
#define TY_TM_MAX_TEXT ((size_t)1 << 20)

/* A streaming import: begin, add units, commit. Everything happens in one transaction: until
 * the commit returns, other readers see the memory as before, and an interrupted process
 * leaves it as before. Re-importing the same content (same units in the same order, the same
 * texts, confidences, shapes and props) is a no-op reported by stats->already; identical pairs
 * from different documents are stored once with a count and every provenance.
 * An import of more than 4,096 units into a memory that holds none builds the search indexes
 * on a second thread (with its own SQLite connection and a temporary database that SQLite
 * deletes), and the handle's connection is reopened after the commit. Such a program gains
 * from calling ty_tm_configure_process first, as the taiyaku program does. */
/* For a program that is SQLite's only user in its process: call once, before anything else
 * uses SQLite (it returns without effect after that). It turns SQLite's allocation statistics
 * off, so that the threads of a large import (and any other threads) do not share their
 * global lock. The library never calls it itself: only the program owns the process. */
void ty_tm_configure_process(void);

typedef struct ty_tm_import ty_tm_import;
ty_status ty_tm_import_begin(ty_tm *tm, const ty_tm_docinfo *info, ty_tm_import **out,
                             ty_error *err);
/* Add one unit (its strings are copied where needed). Units are numbered in the order added
 * (their position in the document). TY_ERR_TOOBIG for a side over TY_TM_MAX_TEXT bytes;
 * TY_ERR_ENCODING for a text, id, language code, shape or prop that is not well-formed
 * UTF-8. */
ty_status ty_tm_import_add(ty_tm_import *imp, const ty_unit *unit, ty_error *err);
/* How many units were added so far. */
size_t ty_tm_import_count(const ty_tm_import *imp);
/* Commit and free `imp` (also on failure, then nothing was stored). `stats` may be NULL. */
ty_status ty_tm_import_commit(ty_tm_import *imp, ty_tm_import_stats *stats, ty_error *err);
/* Roll back and free. NULL is a no-op. */
void ty_tm_import_abort(ty_tm_import *imp);
/* The import replaces document `id` (see ty_tm_documents), such as an earlier version of what
 * it adds: its commit takes that document out as ty_tm_remove_document does, in the import's
 * own transaction, so that the memory holds either that document or the new one, never both
 * and never neither, for its readers and after a crash or a kill at any moment. An import that
 * fails, or whose content the memory holds already (stats->already), removes nothing; one that
 * commits counts the documents it took out in stats->replaced. Call it before the commit, once
 * per document; the commit fails with TY_ERR_NOTFOUND (nothing stored) when the document is not
 * there. TY_ERR_INVALID inside a group (ty_tm_group_begin): the import stays open. */
ty_status ty_tm_import_replace(ty_tm_import *imp, long long id, ty_error *err);

/* A group of imports in one transaction: between ty_tm_group_begin and ty_tm_group_commit each
 * import (ty_tm_import_*, ty_tm_add_units, ty_tm_add_alignment) is still all-or-nothing (a
 * savepoint of its own: one that fails or is a duplicate leaves the others of the group), but
 * the imports reach the disk together at ty_tm_group_commit, which amortizes what each commit
 * costs (index segments, write-ahead log pages). Until then they are visible on this handle
 * only, and a crash loses the whole group. Nothing but imports may run on the handle while the
 * group is open; closing the handle drops the group. A memory being made (before its first
 * import commits) and a PostgreSQL memory commit each import on its own: the group is then
 * empty and ty_tm_group_commit has nothing to do. TY_ERR_INVALID when a group or an import is
 * open already. */
ty_status ty_tm_group_begin(ty_tm *tm, ty_error *err);
/* A group as ty_tm_group_begin's, except that its imports whose content is known before they
 * begin (ty_tm_add_alignment, ty_tm_add_units) are not savepoints, which spares SQLite copying
 * each page they change into a statement journal first: one of them that fails rolls the
 * whole group back and closes it, so the caller stores the group's earlier imports again if
 * it wants them (adding one still there is a no-op). */
ty_status ty_tm_group_begin_bare(ty_tm *tm, ty_error *err);
/* Commit the open group (TY_OK when none is open). On failure the group's imports are rolled
 * back and the group is closed. */
ty_status ty_tm_group_commit(ty_tm *tm, ty_error *err);

/* Deferred indexing, for a long run of imports (a batch): while `on`, the units the imports on
 * this handle add are stored without their entries in the search index (the posting lists and
 * trigram counts that fuzzy lookups, concordance and the consistency checks read), and the
 * memory marks them as pending in the same commit. ty_tm_index_fold indexes whatever is
 * pending, all at once, which costs far less than indexing each import's units as it is
 * stored. Until then lookups (on any handle, in any process) find the pending units by their
 * exact text only. Any other write to the memory (an import without deferring, a removal, a
 * review edit, on any handle) folds the pending units in first, so a run killed before its
 * fold leaves a memory that the next writer completes. PostgreSQL memories index each import
 * as it is stored: there the calls do nothing. */
void ty_tm_index_defer(ty_tm *tm, int on);
/* Index the memory's pending units, in a transaction of its own (TY_OK when there are none,
 * on a read-only handle too). TY_ERR_INVALID while a group or an import is open on the handle;
 * TY_ERR_IO when units are pending and the handle cannot write. */
ty_status ty_tm_index_fold(ty_tm *tm, ty_error *err);

/* What removing a document did. */
typedef struct ty_tm_remove_stats {
    long long document; /* its id */
    size_t occurrences; /* provenance rows removed (the units it brought) */
    size_t deleted;     /* units deleted: no other document holds them */
    size_t kept;        /* units other documents also hold: their counts went down, their
                           confidence and shape are now those of the occurrences left */
} ty_tm_remove_stats;
/* Take document `id` (see ty_tm_documents) out of the memory, in one transaction: its
 * provenance, the units only it holds (texts, search index entries, trigram counts) and its
 * row. Importing the same content again afterwards adds it anew. TY_ERR_NOTFOUND when there is
 * no such document. `stats` may be NULL. */
ty_status ty_tm_remove_document(ty_tm *tm, long long id, ty_tm_remove_stats *stats,
                                ty_error *err);

/* Copying a whole memory into another, between backends (an SQLite file, a PostgreSQL
 * database: see ty_tm_open) in either direction (src/tm/copy.c). */
typedef struct ty_tm_copy_opts {
    int force; /* no effect: every backend holds the sentences and beads of aligned documents
                  (a copy into PostgreSQL once needed it to leave them out) */
} ty_tm_copy_opts;
void ty_tm_copy_opts_init(ty_tm_copy_opts *opts);

typedef struct ty_tm_copy_stats {
    long long documents, units, occurrences; /* in the copy */
    long long ignored;    /* accepted findings (the consistency checks' ignore list) */
    long long structures; /* aligned documents whose sentences, beads and edits were copied */
    long long left_out;   /* 0: nothing is left out (kept for the callers of older versions) */
} ty_tm_copy_stats;

/* Copy the memory `from` (opened read-only) into `to`, which does not exist or holds an empty
 * memory: every document (name, content hash, languages, import time) with its units in the
 * order of their positions (texts, confidence, shape, tuid, props, own language codes), so
 * that the units, their counts and all provenance are the same; the accepted findings; and
 * the aligned documents' sentences, beads (review marks and pins) and edit logs. Ids are given anew, in the same order (they differ where `from` had
 * documents removed). Nothing of a copy that fails is left: an SQLite file is made under a
 * hidden name and takes its name when complete; a PostgreSQL memory is emptied again.
 * TY_ERR_INVALID (naming `to`) when `to` holds documents or units already. `opts`, `stats`
 * may be NULL.
 * `from` should not be written to during the copy (the copy of a PostgreSQL memory reads it
 * document by document). */
ty_status ty_tm_copy(const char *from, const char *to, const ty_tm_copy_opts *opts,
                     ty_tm_copy_stats *stats, ty_error *err);

/* Import n units as one document (begin, add each, commit; the content hash is checked first,
 * so a re-import costs one pass over the units). */
ty_status ty_tm_add_units(ty_tm *tm, const ty_tm_docinfo *info, const ty_unit *units,
                          size_t n, ty_tm_import_stats *stats, ty_error *err);

/* Import an alignment: one unit per bead with both sides non-empty (sides joined with
 * ty_doc_join), with the bead's confidence and shape, position = bead index, and the props
 * x-ja-segments / x-en-segments ("4" or "4-5"). Its pins (ty_alignment_bead_pinned) are stored
 * as pinned, reviewed beads (see ty_tm_review_realign). The content hash covers both documents' texts,
 * so adding the same pair again is a no-op. `info` may be NULL: name "JA-NAME | EN-NAME"
 * (base names), languages "ja" and "en". */
ty_status ty_tm_add_alignment(ty_tm *tm, const ty_doc *ja, const ty_doc *en,
                              const ty_alignment *al, const ty_tm_docinfo *info,
                              ty_tm_import_stats *stats, ty_error *err);
/* ty_tm_add_alignment whose import replaces documents ids[0, n) (ty_tm_import_replace): the
 * pair in and those documents out in one transaction. When the memory holds the pair's content
 * already, nothing changes (stats->already). */
ty_status ty_tm_replace_alignment(ty_tm *tm, const ty_doc *ja, const ty_doc *en,
                                  const ty_alignment *al, const ty_tm_docinfo *info,
                                  const long long *ids, size_t n, ty_tm_import_stats *stats,
                                  ty_error *err);
/* The content hash ty_tm_add_alignment records for a pair (32 hex digits and a NUL): a pair
 * whose hash a document of the memory has (ty_tm_document.hash) is stored already. */
void ty_tm_alignment_hash(const ty_doc *ja, const ty_doc *en, char hex[33]);

/* Lookup: exact matches (the same normalized text, score 100), then fuzzy ones. A fuzzy score
 * is 100 * (1 - d / max(m, n)) rounded down, d the Levenshtein distance between the
 * normalized texts in characters (Japanese) or words (English), m and n their lengths; when
 * the numbers in the two texts differ, 2 points are taken off per differing number (at most
 * 10) and the score is never above 99. Candidates come from the trigram index (the query's
 * rarest trigrams, units within the length window the minimum score allows), so a lookup
 * never reads the whole memory; on generated memories it finds >= 99% of what a full scan
 * finds (see tests/bench/tm-bench.sh). */
typedef struct ty_tm_lookup_opts {
    ty_lang from;       /* the query's language: TY_LANG_JA (default) or TY_LANG_EN */
    int min_score;      /* lowest fuzzy score returned, 1..100: 70 */
    size_t max_results; /* 5 */
} ty_tm_lookup_opts;
void ty_tm_lookup_opts_init(ty_tm_lookup_opts *opts);

typedef struct ty_tm_match {
    long long unit;       /* the unit's id */
    int score;            /* 0..100 */
    int numbers_differ;   /* nonzero: the numbers in the query and the unit differ */
    const char *ja;       /* the unit's original texts */
    const char *en;
    size_t count;         /* occurrences of the pair in the memory */
    double confidence;    /* best alignment confidence, -1 when unknown */
    const char *document; /* the document of its first occurrence, and the position there */
    long long position;
} ty_tm_match;

/* The matches of a lookup, highest score first: count, get, free. A query that is not
 * well-formed UTF-8 fails with TY_ERR_ENCODING (the offset of the first bad byte). */
typedef struct ty_tm_matches ty_tm_matches;
ty_status ty_tm_lookup(ty_tm *tm, const char *text, const ty_tm_lookup_opts *opts,
                       ty_tm_matches **out, ty_error *err);
size_t ty_tm_matches_count(const ty_tm_matches *m);
const ty_tm_match *ty_tm_matches_get(const ty_tm_matches *m, size_t i);
void ty_tm_matches_free(ty_tm_matches *m);

/* Concordance: units whose normalized Japanese or English contains the normalized pattern,
 * newest first. Patterns of 3+ characters use the trigram index; 1- and 2-character ones use
 * the trigram vocabulary (every trigram that starts with them) or, when that is large, a scan
 * with instr() that stops at the limit. */
typedef struct ty_tm_concord_opts {
    int lang;           /* the side searched: -1 (default) both, or TY_LANG_JA / TY_LANG_EN */
    size_t max_results; /* 20; 0: all */
    size_t context;     /* KWIC context on each side of the hit, in terminal columns: 30 */
} ty_tm_concord_opts;
void ty_tm_concord_opts_init(ty_tm_concord_opts *opts);

typedef struct ty_tm_hit {
    long long unit;
    ty_lang lang;           /* the side the pattern was found in */
    const char *ja, *en;    /* the unit's original texts */
    size_t count;
    double confidence;
    const char *document;
    long long position;
    const size_t *spans;    /* nspans [start, end) byte spans of the matches in the found
                               side's original text, in order, not overlapping */
    size_t nspans;
    size_t left, right;     /* KWIC: the found side's [left, right) holds at most `context`
                               columns before the first span and after it */
    size_t pad;             /* columns of padding before `left` that right-align the left
                               context to `context` columns */
} ty_tm_hit;

/* The hits of a concordance: count, get, free. */
typedef struct ty_tm_hits ty_tm_hits;
/* `more` (may be NULL) is set to 1 when max_results stopped the search early. A pattern that is
 * not well-formed UTF-8 fails with TY_ERR_ENCODING. */
ty_status ty_tm_concord(ty_tm *tm, const char *pattern, const ty_tm_concord_opts *opts,
                        ty_tm_hits **out, int *more, ty_error *err);
size_t ty_tm_hits_count(const ty_tm_hits *h);
const ty_tm_hit *ty_tm_hits_get(const ty_tm_hits *h, size_t i);
void ty_tm_hits_free(ty_tm_hits *h);

/* Export: call fn for each unit that passes the filters, in the order stored. The unit's id is
 * its first tuid (or its number), the languages those of its first document, confidence its
 * best, and its props: x-document (one per document it occurs in), x-count when it occurs
 * more than once, x-taiyaku-reviewed ("yes" when one of its occurrences is a reviewed bead,
 * else "no"), then the props it was imported with. */
typedef struct ty_tm_export_opts {
    const char *document;  /* only units occurring in documents of this name; NULL: all */
    double min_confidence; /* only units whose confidence is known and >= this; < 0 (default
                              -1): all */
    const char *since;     /* only units occurring in a document imported at or after this
                              UTC time ("2024-05-01", "2024-05-01T09:30:00Z": see
                              ty_tm_time_check; another fails with TY_ERR_INVALID); NULL: all */
    int reviewed_only;     /* nonzero: only units with an occurrence in a reviewed bead
                              (ty_tm_review_apply); default 0 */
} ty_tm_export_opts;
void ty_tm_export_opts_init(ty_tm_export_opts *opts);

/* Check a time as the memory takes it (ty_tm_export_opts.since, ty_tm_docinfo.imported_at):
 * "YYYY-MM-DD", optionally followed by "Thh:mm" or "Thh:mm:ss", optionally by "Z" (UTC
 * always), with a date and a time that exist (not 2026-02-30, 2026-13-01, 0000-01-01 or
 * 25:61). TY_OK, or TY_ERR_INVALID saying what is wanted. */
ty_status ty_tm_time_check(const char *s, ty_error *err);

/* Return TY_OK to go on; any other status stops the export, which returns it (fill your own
 * error record). */
typedef ty_status (*ty_tm_unit_fn)(const ty_unit *unit, void *userdata);
ty_status ty_tm_export(ty_tm *tm, const ty_tm_export_opts *opts, ty_tm_unit_fn fn,
                       void *userdata, size_t *exported, ty_error *err);

/* Summary figures. */
typedef struct ty_tm_info {
    int schema;             /* schema version */
    long long documents, units, occurrences;
    long long bytes;        /* the database file's size (without the WAL) */
} ty_tm_info;
ty_status ty_tm_get_info(ty_tm *tm, ty_tm_info *info, ty_error *err);

/* One document of the memory. */
typedef struct ty_tm_document {
    long long id;
    const char *name, *hash, *ja_lang, *en_lang, *imported_at;
    long long units;
} ty_tm_document;
typedef ty_status (*ty_tm_document_fn)(const ty_tm_document *doc, void *userdata);
/* Call fn for each document, in import order. */
ty_status ty_tm_documents(ty_tm *tm, ty_tm_document_fn fn, void *userdata, ty_error *err);

/* Verify the memory (taiyaku stats --verify): SQLite's integrity check; that the counts and
 * provenance agree; every unit's texts recomputed from what is stored (well-formed UTF-8, the
 * normalized copies, the hashes and lengths derived from them); document names, ids and props
 * well-formed UTF-8; the posting lists and the trigram counts against the units' texts.
 * TY_ERR_FORMAT with the first problem found, naming the damaged unit ("texts: unit 5
 * (document 'a.tmx', position 5): the Japanese text is not valid UTF-8 (byte 0)"). It reads in
 * one transaction, which a writer does not block: while another process writes the memory it
 * checks the last state committed. It does not judge the translations: that is
 * ty_consistency_check. */
ty_status ty_tm_verify(ty_tm *tm, ty_error *err);

/* ------------------------------------------------------------------------------------------
 * Reviewing an aligned document in the memory: its sentences and beads, edits, undo, pins
 * (src/tm/structure.c, review_plan.c, review.c)
 * ---------------------------------------------------------------------------------------- */

/* A document added with ty_tm_add_alignment keeps its full sentence lists and its beads, the
 * unpaired sentences (1:0, 0:1 beads) included. A bead with both sides is an occurrence of a
 * unit (at position = the bead's index) unless it is rejected. Each review edit is one
 * transaction that changes the beads and, with them, the units, their counts, the search
 * indexes and the document's unit count (lookups, concordance, checks and exports see the
 * edit at once), and is recorded (when, by whom, what the beads were before and after).
 * Documents imported from TMX have no sentence structure, but for a TMX whose units say which
 * sentences they were made of (x-ja-segments, x-en-segments: one `taiyaku align -o` wrote);
 * such a document, and those of a memory made before sentence structure was kept (given it
 * when opened: the schema upgrade), get what can be reconstructed: the paired sentences
 * are recovered (a side of several sentences is split again when the segmenter finds them in
 * its text, else held whole by its first sentence and the others are ""), the unpaired ones
 * were never stored and are counted as lost. Beads and sentences are numbered from 0 in
 * document order, here and in messages, as `taiyaku align` numbers segments.
 *
 * Reading: ty_tm_review_summaries (the documents list), ty_tm_review_open and its getters (one
 * document). Editing: ty_review_edit_init, set op/bead/…, ty_tm_review_apply; ty_tm_review_undo;
 * pin beads (TY_REVIEW_PIN) then ty_tm_review_realign; ty_tm_review_history lists the edits.
 * A reader that keeps a ty_tm_review passes its version with an edit, so that an edit chosen
 * on beads that changed meanwhile fails (TY_ERR_CONFLICT) instead of hitting another bead. */

typedef enum ty_bead_status {
    TY_BEAD_ALIGNED = 0, /* as the aligner made it */
    TY_BEAD_REVIEWED,    /* a reviewer accepted it, or made it by an edit */
    TY_BEAD_REJECTED     /* a reviewer said it is wrong: out of lookups, checks and exports,
                            kept in the review */
} ty_bead_status;

/* "aligned", "reviewed", "rejected"; NULL for a bad value. */
const char *ty_bead_status_name(ty_bead_status status);

typedef struct ty_tm_bead {
    size_t ja_first, ja_count; /* Japanese sentences [ja_first, ja_first + ja_count) */
    size_t en_first, en_count;
    double confidence;         /* the aligner's; 1 for a bead an edit made; -1 unknown */
    ty_bead_status status;
    int pinned;                /* re-alignment keeps it (ty_tm_review_realign) */
    long long unit;            /* the unit it is an occurrence of; 0 for none (a side empty or
                                  blank, or rejected) */
} ty_tm_bead;

/* A document's sentences and beads as of one moment. */
typedef struct ty_tm_review ty_tm_review;
/* Read document `document`'s structure. TY_ERR_NOTFOUND when there is no such document, or
 * it has no sentence structure (imported from TMX). */
ty_status ty_tm_review_open(ty_tm *tm, long long document, ty_tm_review **out, ty_error *err);
const char *ty_tm_review_name(const ty_tm_review *r);
/* The document's version: it goes up by one with every edit (see ty_review_edit.version). */
long long ty_tm_review_version(const ty_tm_review *r);
size_t ty_tm_review_sentences(const ty_tm_review *r, ty_lang lang);
/* Sentence i of a side, and (when `paragraph` is not NULL) its 0-based paragraph; NULL when
 * i is out of range, "" for a sentence that is lost (see ty_tm_review_lost). */
const char *ty_tm_review_sentence(const ty_tm_review *r, ty_lang lang, size_t i,
                                  size_t *paragraph);
/* Whether sentence i of a side is lost: a memory older than sentence structure never stored
 * it. */
int ty_tm_review_sentence_lost(const ty_tm_review *r, ty_lang lang, size_t i);
size_t ty_tm_review_beads(const ty_tm_review *r);
const ty_tm_bead *ty_tm_review_bead(const ty_tm_review *r, size_t i);
/* Sentences the document had that the memory does not hold (0 but for migrated documents). */
size_t ty_tm_review_lost(const ty_tm_review *r);
/* The texts of bead i's sides, joined as ty_doc_join joins them (malloc'd; NULL when out of
 * memory or i is out of range). */
char *ty_tm_review_text(const ty_tm_review *r, size_t i, ty_lang lang);
void ty_tm_review_free(ty_tm_review *r);

/* One line of the documents list. */
typedef struct ty_tm_review_summary {
    long long document;
    const char *name, *imported_at;
    int structure;          /* 0: no sentence structure (the figures below but units are 0) */
    long long version;
    size_t units;           /* the document's unit occurrences */
    size_t beads;
    size_t doubtful;        /* beads with both sides, below the threshold, not reviewed or
                               rejected */
    size_t unpaired;        /* sentences in 1:0 and 0:1 beads that are not reviewed */
    size_t reviewed;        /* beads reviewed */
    size_t rejected;        /* beads rejected */
    double min_confidence;  /* the lowest confidence of a bead with both sides; -1 none */
} ty_tm_review_summary;
/* Call fn for each document, in import order, with `threshold` deciding what is doubtful
 * (0.9 is the README's figure for confident beads). */
typedef ty_status (*ty_tm_review_summary_fn)(const ty_tm_review_summary *s, void *userdata);
ty_status ty_tm_review_summaries(ty_tm *tm, double threshold, ty_tm_review_summary_fn fn,
                                 void *userdata, ty_error *err);

typedef enum ty_review_op {
    TY_REVIEW_JOIN = 0, /* the bead and its neighbour (direction) become one bead */
    TY_REVIEW_SPLIT,    /* the bead becomes two: its first ja_split Japanese and en_split
                           English sentences, and the rest; each with a sentence at least */
    TY_REVIEW_MOVE,     /* a sentence of side `lang` moves to the neighbour bead: direction -1
                           the bead's first one to the bead before, +1 its last one to the bead
                           after */
    TY_REVIEW_UNPAIR,   /* every sentence of the bead alone: 1:0 and 0:1 beads */
    TY_REVIEW_PAIR,     /* the bead and bead `other`, one Japanese and one English unpaired
                           sentence with nothing but unpaired sentences between them, become
                           a 1:1 bead */
    TY_REVIEW_ACCEPT,   /* mark reviewed */
    TY_REVIEW_REJECT,   /* mark wrong */
    TY_REVIEW_PIN,      /* pin (and mark reviewed): re-alignment keeps it */
    TY_REVIEW_UNPIN,
    TY_REVIEW_OPS
} ty_review_op;

/* "join", "split", "move", "unpair", "pair", "accept", "reject", "pin", "unpin"; NULL for a
 * bad value. */
const char *ty_review_op_name(ty_review_op op);
/* Parse one of those names: 0, or -1 for an unknown one. */
int ty_review_op_parse(const char *s, ty_review_op *op);

typedef struct ty_review_edit {
    ty_review_op op;
    size_t bead;        /* the bead it acts on (index in document order) */
    int direction;      /* JOIN, MOVE: -1 the bead before, +1 the bead after */
    ty_lang lang;       /* MOVE: the side whose sentence moves */
    size_t ja_split, en_split; /* SPLIT */
    size_t other;       /* PAIR */
    long long version;  /* the document version the edit was chosen on: another one fails
                           with TY_ERR_CONFLICT; -1 (default): any */
    const char *who;    /* recorded with the edit; NULL: "" */
} ty_review_edit;
void ty_review_edit_init(ty_review_edit *edit);

/* Apply one edit to document `document`. Beads an edit makes are reviewed, with confidence 1.
 * An edit that does not apply (a join past the end, a split that leaves a bead empty, a
 * pair of sentences with a paired bead between them) is TY_ERR_INVALID saying why, and
 * changes nothing. `version` (may be NULL) receives the document's new version. */
ty_status ty_tm_review_apply(ty_tm *tm, long long document, const ty_review_edit *edit,
                             long long *version, ty_error *err);

/* Apply n edits, edit i to document documents[i], in order, as one transaction: all of them
 * or, when one fails (with the status and message ty_tm_review_apply gives), none. `failed`
 * (may be NULL) receives the index of the edit that failed, or n when none did (the commit
 * may still fail). */
ty_status ty_tm_review_apply_all(ty_tm *tm, const long long *documents,
                                 const ty_review_edit *edits, size_t n, size_t *failed,
                                 ty_error *err);

/* Undo the document's last edit that is not undone yet (an undo is recorded too, and is
 * not itself undone by the next undo). TY_ERR_NOTFOUND when there is nothing to undo. */
ty_status ty_tm_review_undo(ty_tm *tm, long long document, const char *who, long long *version,
                            ty_error *err);

/* Align the document's sentences again, as one edit, around its pinned pairs and the pairs
 * that are reviewed (accepted, or made by an edit): ty_align_pinned with those as pins and
 * `opts` (NULL: defaults; pass the lexicon `taiyaku align` uses, else the re-alignment is
 * one without dictionaries). Those pairs come out as they were; any other bead that comes out
 * again with the same sentences keeps its status (a rejected bead stays rejected), and a
 * reviewed or rejected bead that does not loses its mark (ty_tm_edit.marks_lost counts
 * them). `expect_version` as ty_review_edit.version. */
ty_status ty_tm_review_realign(ty_tm *tm, long long document, const ty_align_opts *opts,
                               long long expect_version, const char *who, long long *version,
                               ty_error *err);

/* One recorded edit. */
typedef struct ty_tm_edit {
    long long id;
    const char *at;  /* UTC, "YYYY-MM-DDThh:mm:ssZ" */
    const char *who;
    const char *op;  /* a ty_review_op name, "realign" or "undo" */
    size_t first;    /* the first bead it changed */
    size_t before, after; /* how many beads it replaced, by how many */
    size_t marks_lost;    /* "realign": the reviewed or rejected beads it did not give again
                             with the same sentences, whose status is gone; else 0 */
    int undone;
} ty_tm_edit;
/* Call fn for each edit of the document, oldest first. */
typedef ty_status (*ty_tm_edit_fn)(const ty_tm_edit *e, void *userdata);
ty_status ty_tm_review_history(ty_tm *tm, long long document, ty_tm_edit_fn fn, void *userdata,
                               ty_error *err);

/* ------------------------------------------------------------------------------------------
 * Review sheets: the beads of a memory's documents as an .xlsx workbook for review in a
 * spreadsheet, and the reviewer's verdicts read back (src/sheet/)
 * ---------------------------------------------------------------------------------------- */

/* Column order of both sheets: document, document id, bead, Japanese, English, confidence,
 * bead type ("1:2"), status (a drop-down: ok, wrong; filled in for beads already reviewed or
 * rejected). Sheet "to review": the beads below the threshold that have no status yet (and
 * unpaired sentences); sheet "confident": the others. Beads in document order. */
typedef struct ty_review_sheet_opts {
    const char *document; /* only documents of this name; NULL (default): every document with
                             sentence structure */
    double threshold;     /* default 0.9 */
} ty_review_sheet_opts;
void ty_review_sheet_opts_init(ty_review_sheet_opts *opts);

/* Write the workbook to `path` through a temporary file beside it, renamed when complete (no
 * half-written sheet). `rows` (may be NULL) receives the beads written. TY_ERR_NOTFOUND when
 * opts->document names no document with sentence structure. */
ty_status ty_review_sheet_write(ty_tm *tm, const char *path, const ty_review_sheet_opts *opts,
                                size_t *rows, ty_error *err);

/* One bead row of a sheet as read back. */
typedef struct ty_review_sheet_row {
    const char *sheet;   /* the sheet's name */
    long row;            /* 1-based, as the spreadsheet numbers it */
    long long document;  /* the document id column */
    size_t bead;
    const char *ja, *en; /* "" when empty */
    const char *status;  /* as typed, white space trimmed; "" when empty */
} ty_review_sheet_row;

/* Read the bead rows of every sheet of an .xlsx held in bytes[0, len) whose first row holds
 * the headings ty_review_sheet_write writes (in any column order); `name` names the input in
 * messages. Not a zip, damaged XML, a heading row without the columns, or a row whose document
 * id or bead is not a whole number: TY_ERR_FORMAT (or TY_ERR_XML) naming the sheet and row.
 * fn returning other than TY_OK stops the reading with that status. */
typedef ty_status (*ty_review_sheet_row_fn)(const ty_review_sheet_row *row, void *ud);
ty_status ty_review_sheet_read_mem(const void *bytes, size_t len, const char *name,
                                   ty_review_sheet_row_fn fn, void *ud, ty_error *err);

typedef struct ty_review_sheet_stats {
    size_t rows;     /* bead rows read */
    size_t reviewed; /* marked ok: accepted */
    size_t rejected; /* marked wrong: rejected */
    size_t blank;    /* no status: left as they are */
} ty_review_sheet_stats;

/* Read a sheet written by ty_review_sheet_write (and edited: shared or inline strings, any
 * order of sheets) and apply its status column: ok accepts the bead, wrong rejects it, each
 * edit recorded as made by `who`. Every row is checked against the memory first: a row whose
 * bead no longer holds the same Japanese and English (the document changed), an unknown
 * status or a malformed file is TY_ERR_FORMAT naming the file, the sheet and the row, and
 * nothing is applied. The verdicts are then applied as one transaction
 * (ty_tm_review_apply_all): when one fails (the database, or a document another writer
 * changed since the check: TY_ERR_CONFLICT), none is, and the message names its row. */
ty_status ty_review_sheet_import(ty_tm *tm, const char *path, const char *who,
                                 ty_review_sheet_stats *stats, ty_error *err);

/* ------------------------------------------------------------------------------------------
 * Consistency: unit-level checks and phrase-rendering reports over a memory
 * (src/consistency/)
 * ---------------------------------------------------------------------------------------- */

/* One provenance of a unit. */
typedef struct ty_tm_occurrence {
    long long document_id;   /* the document (ty_tm_document.id: import order) */
    const char *document;    /* its name */
    long long position;      /* the unit's 0-based position in it */
    double confidence;       /* the alignment confidence there; -1 when unknown */
    const char *ja_segments; /* the document's segments the unit was made of ("4", "4-5"), from
                                the x-ja-segments / x-en-segments props; NULL when unknown */
    const char *en_segments;
} ty_tm_occurrence;

/* A unit of the memory with its provenances (in import order). */
typedef struct ty_tm_entry {
    long long id;
    const char *ja, *en;         /* the original texts */
    size_t count;                /* occurrences in the memory */
    double confidence;           /* the best one; -1 when unknown */
    const ty_tm_occurrence *occ; /* the provenances a finding or report is about (see there) */
    size_t nocc;
} ty_tm_entry;

/* ---- checks (taiyaku check) ---- */

/* How much a finding matters. A reviewer reads errors first; info findings are for a closer
 * look (a number a translator may well have dropped, a cosmetic space). */
typedef enum ty_severity {
    TY_SEVERITY_INFO = 0,
    TY_SEVERITY_WARNING,
    TY_SEVERITY_ERROR
} ty_severity;

/* "info", "warning", "error"; NULL for a bad value. */
const char *ty_severity_name(ty_severity severity);
/* Parse one of those names. TY_ERR_INVALID naming a bad one. */
ty_status ty_severity_parse(const char *name, ty_severity *out, ty_error *err);

typedef enum ty_check_kind {
    TY_CHECK_SAME_JA = 0, /* one Japanese text (normalized) translated by different English */
    TY_CHECK_SAME_EN,     /* one English text (normalized) translating different Japanese */
    TY_CHECK_NUMBERS,     /* a quantity (number, date, time, duration, amount) a reader would
                             check, on one side of a unit only or different on the two sides,
                             read across scripts and conversions (1,000 = １，０００ = 千;
                             令和6年 = 2024; 1時間30分 = 90 minutes; 1,500万 = 15 million; 9割 =
                             90 percent; 2回 = twice), with the rules of consistency/numbers.c */
    TY_CHECK_CONFIDENCE,  /* an occurrence whose alignment confidence is below the threshold */
    TY_CHECK_UNTRANSLATED,/* English that is the Japanese (normalized), has no Latin letter, or
                             keeps Japanese text (kana) outside brackets */
    TY_CHECK_TOKENS,      /* a URL, e-mail address or alphanumeric code (A/RES/76/1, ABC-123)
                             on one side that the other does not have */
    TY_CHECK_BRACKETS,    /* an unpaired bracket or quotation mark in one side */
    TY_CHECK_REPEATED,    /* an English word written twice in a row ("the the") */
    TY_CHECK_SPACES,      /* double spaces, leading or trailing white space */
    TY_CHECK_REGEX,       /* a user rule matched (ty_check_rules) */
    TY_CHECK_TERM_MISSING,   /* a glossary term in the Japanese, none of its admitted English
                                terms in the English */
    TY_CHECK_TERM_FORBIDDEN, /* a deprecated, superseded or forbidden English term used */
    TY_CHECK_PHRASE,      /* (a new translation) a Japanese phrase with an established
                             rendering in the memory whose English does not use it */
    TY_CHECK_MEMORY,      /* (a new translation) a unit whose Japanese the memory holds with
                             another English */
    TY_CHECK_KINDS
} ty_check_kind;

/* "same-ja", "same-en", "numbers", "confidence", "untranslated", "tokens", "brackets",
 * "repeated", "spaces", "regex", "term-missing", "term-forbidden", "phrase", "memory"; NULL for
 * a bad kind. */
const char *ty_check_kind_name(ty_check_kind kind);
/* Parse a comma-separated list of those names ("numbers,confidence"; "all") into a mask of
 * (1u << kind). TY_ERR_INVALID naming an unknown one. */
ty_status ty_check_kinds_parse(const char *list, unsigned *mask, ty_error *err);

/* A stretch of a finding's unit that the finding is about (a number, a term, a bracket). */
typedef struct ty_check_span {
    size_t unit;        /* the unit: an index in the finding's units */
    ty_lang lang;       /* the side */
    size_t start, end;  /* a byte span of that side's original text (0, 0: not located) */
    const char *text;   /* the text there ("" when not located) */
} ty_check_span;

/* The length of a finding id: 16 lowercase hexadecimal digits. */
#define TY_CHECK_ID_LEN 16

typedef struct ty_check_finding {
    ty_check_kind kind;
    /* SAME_JA / SAME_EN: every unit with the repeated text, grouped by rendering (units whose
     *   other side normalizes the same share a rendering), the most frequent rendering first;
     *   each unit with all its occurrences.
     * CONFIDENCE: the unit, with only its occurrences below the threshold.
     * Any other kind: the unit, with all its occurrences (a new translation's unit has one:
     *   its place in the new document, and id -1). */
    const ty_tm_entry *units;
    size_t nunits;
    const size_t *rendering; /* SAME_*: per unit, its rendering (0-based); else NULL */
    size_t nrenderings;
    const ty_check_span *spans; /* what the finding is about, in the units' texts */
    size_t nspans;
    ty_severity severity;
    double rank;          /* in [0, 1]: orders the findings of one severity, higher first (how
                             sure the check is and how much the finding affects) */
    const char *id;       /* TY_CHECK_ID_LEN hex digits, the same on every run: a hash of the
                             kind, the normalized texts of the units and what was found (not of
                             ids or positions), so that an accepted finding (ty_check_ignore_add)
                             stays accepted after a re-import and in a new document */
    const char *message;  /* one line saying what is wrong ("1,235 in the English, １２３４ in
                             the Japanese") */
    const char *rule;     /* REGEX: the rule's name; TERM_*: the term; PHRASE: the phrase;
                             else NULL */
    const char *expected; /* TERM_MISSING, PHRASE, MEMORY: the English expected; else NULL */
} ty_check_finding;

/* The finding's first span on side `lang` of its unit `unit` that starts at or after byte
 * `from` (the spans of one side do not overlap), or NULL: for marking them in a text. */
const ty_check_span *ty_check_span_next(const ty_check_finding *f, size_t unit, ty_lang lang,
                                        size_t from);

/* A glossary of key terms (taiyaku check --glossary): concepts, each with Japanese and English
 * terms and a status per term. Synonyms of one concept are one term: a unit whose Japanese
 * holds any Japanese term of a concept must use one of its English terms that is not
 * deprecated, superseded or forbidden. */
typedef struct ty_glossary ty_glossary;

typedef enum ty_term_status {
    TY_TERM_ADMITTED = 0, /* may be used (the default) */
    TY_TERM_PREFERRED,    /* the term to use */
    TY_TERM_DEPRECATED,   /* should not be used any more */
    TY_TERM_SUPERSEDED,   /* replaced by another term */
    TY_TERM_FORBIDDEN     /* must not be used */
} ty_term_status;

/* "admitted", "preferred", "deprecated", "superseded", "forbidden"; NULL for a bad one. */
const char *ty_term_status_name(ty_term_status status);

typedef struct ty_term {
    const char *text;      /* as written in the glossary */
    ty_lang lang;
    ty_term_status status;
    const char *note;      /* a termNote, definition or note, or NULL */
} ty_term;

ty_status ty_glossary_new(ty_glossary **out, ty_error *err);
/* Read a glossary file into g (adding to what it holds). The format is taken from the content:
 *   TBX (an XML file): TBX-Basic and other TBX dialects, ISO 30042:2019 (<tbx>, <conceptEntry>,
 *     <langSec xml:lang>, <termSec>) or ISO 30042:2008 (<martif>, <termEntry>, <langSet>,
 *     <tig>/<ntig>): one concept per entry; a term's status from <termNote
 *     type="administrativeStatus"> (preferredTerm-admn-sts, admittedTerm-admn-sts,
 *     deprecatedTerm-admn-sts, supersededTerm-admn-sts; or type="normativeAuthorization":
 *     preferredTerm, admittedTerm, deprecatedTerm, supersededTerm, standardizedTerm), its note
 *     from the first other termNote, <descrip> or <note>. Languages by primary subtag (ja,
 *     en); others are skipped.
 *   TSV (anything else): UTF-8 lines "ja<TAB>en[<TAB>status[<TAB>note]]", status one of the
 *     names above (default admitted); lines with the same Japanese are one concept; blank lines
 *     and lines starting with '#' are skipped.
 * Bad input fails naming the file and line: TY_ERR_XML / TY_ERR_FORMAT / TY_ERR_ENCODING, and
 * then nothing from the file is added. A concept without a Japanese or an English term is
 * skipped (counted in ty_glossary_skipped). */
ty_status ty_glossary_read(ty_glossary *g, const char *path, ty_error *err);
/* Add a term to concept `concept` (0 ..): a concept number past the last one starts a new
 * concept. TY_ERR_INVALID for an empty term or a concept number beyond that. */
ty_status ty_glossary_add(ty_glossary *g, size_t concept, ty_lang lang, const char *text,
                          ty_term_status status, const char *note, ty_error *err);
size_t ty_glossary_concepts(const ty_glossary *g);
/* The terms of concept c (NULL, *n = 0 past the end). */
const ty_term *ty_glossary_terms(const ty_glossary *g, size_t c, size_t *n);
/* Concepts the last reads skipped. */
size_t ty_glossary_skipped(const ty_glossary *g);
void ty_glossary_free(ty_glossary *g);

/* User checks (taiyaku check --regex): named ICU regular expressions. */
typedef struct ty_check_rules ty_check_rules;
/* Read rules from a UTF-8 file, one a line: "NAME<TAB>JA-PATTERN<TAB>EN-PATTERN[<TAB>
 * SEVERITY]" (ICU regular expressions; blank lines and lines starting with '#' skipped). A
 * rule with only an English pattern finds units whose English matches it; only a Japanese
 * one, units whose Japanese matches; both, units whose Japanese matches and whose English
 * does not (a required rendering: "令和\d+年" / "\b20\d\d\b"). Severity: warning by default.
 * A bad line or pattern fails with TY_ERR_FORMAT naming the file, line and the pattern's
 * offset. */
ty_status ty_check_rules_read(const char *path, ty_check_rules **out, ty_error *err);
size_t ty_check_rules_count(const ty_check_rules *r);
void ty_check_rules_free(ty_check_rules *r);

typedef struct ty_check_opts {
    unsigned checks;       /* mask of (1u << ty_check_kind); default: all */
    const char *document;  /* only findings about units of the documents with this name (for
                              SAME_*: repeated texts that occur in one of them, with all their
                              units, wherever they occur); NULL (default): all */
    double min_confidence; /* CONFIDENCE: occurrences below this are findings: 0.5 */
    ty_severity min_severity; /* findings below it are left out (counted): TY_SEVERITY_INFO */
    const ty_glossary *glossary; /* TERM_*: the key terms; NULL (default): no term checks */
    const ty_check_rules *rules; /* REGEX: NULL (default): none */
    const char *ignore_file;  /* a file of finding ids to leave out (counted), one a line, as
                                 "taiyaku check" prints them; '#' starts a comment and text after
                                 the id is a note; a bad line fails naming the file and line.
                                 NULL (default): none */
    int memory_ignores;    /* nonzero (default): the findings accepted in the memory
                              (ty_check_ignore_add) are left out (counted) */
    const ty_lexicon *lexicon; /* PHRASE: as ty_phrase_opts.lexicon; NULL (default) */
    double established;    /* PHRASE: a rendering is established when it has at least this
                              share of a phrase's uses, in 2 documents or more: 0.6 */
} ty_check_opts;
void ty_check_opts_init(ty_check_opts *opts);

typedef struct ty_check_counts {
    size_t findings[TY_CHECK_KINDS]; /* reported, per kind */
    size_t severities[3];            /* reported, per severity */
    size_t units;                    /* units examined */
    size_t ignored;                  /* left out: accepted (ignore file or memory) */
    size_t below;                    /* left out: below min_severity */
} ty_check_counts;

/* Called for each finding; the finding lives until the callback returns. Return TY_OK to go
 * on; another status stops the check, which returns it (fill your own error record). */
typedef ty_status (*ty_check_fn)(const ty_check_finding *finding, void *userdata);

/* Run the checks on a memory: findings of SAME_JA, then SAME_EN (each in the order their
 * first unit was added), then the unit checks (NUMBERS, UNTRANSLATED, TOKENS, BRACKETS,
 * REPEATED, SPACES, REGEX, TERM_*, by unit in document order), then CONFIDENCE. PHRASE and
 * MEMORY are for new translations (ty_check_pair). `opts` may be NULL (defaults); `counts` may
 * be NULL. TY_ERR_NOTFOUND when opts->document names no document. The memory is only read. */
ty_status ty_consistency_check(ty_tm *tm, const ty_check_opts *opts, ty_check_fn fn,
                               void *userdata, ty_check_counts *counts, ty_error *err);

/* Check a new translation before it goes out, without storing it: the beads of `al` with both
 * sides (texts joined with ty_doc_join) are its units, in a document named "JA | EN" (base
 * names), position = the bead's index. Each unit gets the unit checks; with a memory (tm not
 * NULL) also PHRASE (the memory's recurring Japanese phrases found in the new document, whose
 * dominant rendering — ty_phrase_report — has opts->established of their uses in 2 documents
 * or more, and which the new English does not use: a variant of the memory, or none) and
 * MEMORY (the memory holds the unit's Japanese, normalized, only with other English), and the
 * memory's accepted findings are left out. SAME_JA / SAME_EN compare the new units with each
 * other; CONFIDENCE reads the beads' confidences. */
ty_status ty_check_pair(ty_tm *tm, const ty_doc *ja, const ty_doc *en, const ty_alignment *al,
                        const ty_check_opts *opts, ty_check_fn fn, void *userdata,
                        ty_check_counts *counts, ty_error *err);

/* Findings kept in memory (deep copies), to sort and report: a ty_check_fn that collects. */
typedef struct ty_check_results ty_check_results;
ty_status ty_check_results_new(ty_check_results **out, ty_error *err);
/* A ty_check_fn: copies the finding into `results` (a ty_check_results *); TY_ERR_NOMEM when
 * out of memory. */
ty_status ty_check_results_add(const ty_check_finding *finding, void *results);
/* Order: errors first, then warnings, then info; within a severity by rank (higher first),
 * then in the order found. */
void ty_check_results_sort(ty_check_results *r);
size_t ty_check_results_count(const ty_check_results *r);
const ty_check_finding *ty_check_results_get(const ty_check_results *r, size_t i);
void ty_check_results_free(ty_check_results *r);

/* Write findings as one self-contained HTML page (no external assets): the counts, then each
 * finding with its severity, id, message and units (what it is about marked), in the
 * results' order. Written to a temporary file renamed over `path` (permissions 0666 less the
 * umask). `title` and `counts` may be NULL. */
ty_status ty_check_results_write_html(const ty_check_results *r, const char *path,
                                      const char *title, const ty_check_counts *counts,
                                      ty_error *err);

/* ---- accepted findings: the memory's ignore list (taiyaku check --ignore-add) ---- */

/* Whether s is a finding id (TY_CHECK_ID_LEN hex digits; upper case accepted). */
int ty_check_id_valid(const char *s);

/* Accept a finding: it is no longer reported by checks of this memory, nor of new translations
 * checked against it (opts->memory_ignores). `note` (why) and `who` may be NULL. Accepting an
 * accepted finding again replaces its note, who and time. TY_ERR_INVALID for a bad id; the
 * memory must be writable. */
ty_status ty_check_ignore_add(ty_tm *tm, const char *finding_id, const char *note,
                              const char *who, ty_error *err);
/* Report it again. TY_ERR_NOTFOUND when it was not accepted. */
ty_status ty_check_ignore_remove(ty_tm *tm, const char *finding_id, ty_error *err);

typedef struct ty_check_ignored {
    const char *id;       /* lower case */
    const char *note;     /* or NULL */
    const char *who;      /* or NULL */
    const char *added_at; /* UTC, "YYYY-MM-DDThh:mm:ssZ" */
} ty_check_ignored;
/* Called for each accepted finding; the entry lives until the callback returns. TY_OK to go
 * on; another status stops the listing, which returns it. */
typedef ty_status (*ty_check_ignored_fn)(const ty_check_ignored *entry, void *userdata);
/* Call fn for each accepted finding, oldest first. */
ty_status ty_check_ignore_list(ty_tm *tm, ty_check_ignored_fn fn, void *userdata,
                               ty_error *err);

/* ---- how a phrase is rendered (taiyaku phrase, taiyaku phrases) ---- */

typedef struct ty_phrase_opts {
    ty_lang from;        /* the phrase's language: TY_LANG_JA (default) or TY_LANG_EN; the
                            renderings are in the other one */
    size_t max_units;    /* read at most this many units that contain the phrase: 20000 */
    size_t min_uses;     /* a rendering must be found in at least this many uses: 2 */
    double min_dice;     /* and be associated with the phrase at least this much (Dice
                            coefficient over the units not yet explained, see
                            consistency/phrase_assoc.c): 0, the log-likelihood test decides */
    size_t max_renderings; /* 8 */
    const ty_lexicon *lexicon; /* for telling a variant from context: once the dominant
                                  rendering shares an anchor with the phrase (a lexicon
                                  entry, a name, a number, a Latin token, as the aligner
                                  matches them), a variant must share one too; NULL
                                  (default): names, numbers and Latin tokens only */
} ty_phrase_opts;
void ty_phrase_opts_init(ty_phrase_opts *opts);

typedef struct ty_phrase_rendering {
    const char *text;    /* as written most often */
    const char *norm;    /* normalized (what is matched) */
    size_t units;        /* units it is found in (among those of the phrase) */
    size_t uses;         /* occurrences of those units */
    size_t documents;    /* distinct document names among them */
    double share;        /* uses / the report's uses */
    double dice;         /* its association with the phrase when it was chosen (phrase.c) */
    double llr;          /* log-likelihood ratio G2 of the same table */
} ty_phrase_rendering;

/* One use of the phrase: one occurrence of a unit that contains it. */
typedef struct ty_phrase_use {
    const ty_tm_entry *unit;     /* with all its occurrences */
    const ty_tm_occurrence *occ; /* this one */
    long rendering;              /* index in renderings; -1: no known rendering appears */
    size_t start, end;           /* the rendering in the unit's other-language original text
                                    (bytes); 0, 0 when none */
    size_t phrase_start, phrase_end; /* the phrase in the unit's phrase-language original text,
                                    when it could be located; else 0, 0 */
} ty_phrase_use;

typedef struct ty_phrase_report {
    const char *phrase;  /* normalized */
    const char *surface; /* as written in its first use */
    ty_lang from;
    size_t units;        /* units that contain it */
    size_t documents;    /* distinct document names among their occurrences */
    int truncated;       /* max_units stopped the reading */
    const ty_phrase_rendering *renderings; /* the dominant one first (most uses) */
    size_t nrenderings;
    const ty_phrase_use *uses; /* every use (occurrence of those units), in document order */
    size_t nuses;
    size_t unmatched;    /* uses where no known rendering appears */
} ty_phrase_report;

/* How `phrase` is rendered in the memory: the units whose normalized `from` side contains it
 * (English: as whole words), the renderings their other side shares, with shares, and the uses
 * where none of them appears. TY_ERR_INVALID for an empty phrase. `opts` may be NULL. */
ty_status ty_phrase_report_new(ty_tm *tm, const char *phrase, const ty_phrase_opts *opts,
                               ty_phrase_report **out, ty_error *err);
void ty_phrase_report_free(ty_phrase_report *report);

typedef enum ty_phrases_order {
    TY_PHRASES_BY_DOCUMENTS = 0, /* most documents first (then uses, then longer) */
    TY_PHRASES_BY_SHARE          /* least consistent first: lowest dominant share (phrases
                                    without a known rendering last) */
} ty_phrases_order;

typedef struct ty_phrases_opts {
    size_t min_documents; /* a phrase recurs in at least this many documents: 3 */
    size_t min_chars;     /* and has at least this many characters (normalized): 4 */
    size_t min_words;     /* and words (ICU word boundaries): 2 */
    size_t max_words;     /* at most this many words: 16 */
    size_t max_phrases;   /* report at most this many (0: all): 100 */
    ty_phrases_order order; /* the reports' order: TY_PHRASES_BY_DOCUMENTS */
    ty_phrase_opts phrase; /* for each phrase's report (its `from` is ignored: Japanese) */
    size_t mine_units;    /* look for phrases in at most this many distinct units, the newest
                             documents first (a large document is cut; each phrase's report
                             covers the whole memory): 200000 */
} ty_phrases_opts;
void ty_phrases_opts_init(ty_phrases_opts *opts);

/* Find the recurring Japanese phrases of a memory — maximal word n-grams that occur in at least
 * min_documents documents, that do not cross punctuation and that start and end on a word with
 * a letter other than hiragana (so not on a particle or an ending) — and report how each is
 * rendered. A phrase inside a longer reported one is left out unless it is found in clearly
 * more documents (consistency/phrases.c). */
typedef struct ty_phrases ty_phrases;
ty_status ty_phrases_find(ty_tm *tm, const ty_phrases_opts *opts, ty_phrases **out,
                          ty_error *err);
size_t ty_phrases_count(const ty_phrases *p);
const ty_phrase_report *ty_phrases_get(const ty_phrases *p, size_t i);
/* Phrases that recurred enough before max_phrases cut the list. */
size_t ty_phrases_found(const ty_phrases *p);
void ty_phrases_free(ty_phrases *p);

/* Add phrase reports to a glossary, one concept per report that has a rendering: the phrase
 * as first written (Japanese, preferred), its dominant rendering (English, preferred) and the
 * other renderings: admitted when their share of the uses is at least `deprecated_below`,
 * else deprecated. Each English term's note gives its share, uses and documents ("62% of 13
 * uses in 5 documents"), so a team can curate the glossary and then enforce it. */
ty_status ty_glossary_add_phrases(ty_glossary *g, const ty_phrase_report *const *reports,
                                  size_t n, double deprecated_below, ty_error *err);

/* Write a glossary as TBX-Basic (ISO 30042:2019, DCA style: <tbx type="TBX-Basic"
 * style="dca">, one <conceptEntry> per concept, <langSec xml:lang="ja|en">, a <termSec> per
 * term with <termNote type="administrativeStatus"> and the note as <note>), which
 * ty_glossary_read reads back. Written to a temporary file renamed over `path` ("-": standard
 * output). `title` (the header's title) may be NULL. */
ty_status ty_glossary_write_tbx(const ty_glossary *g, const char *path, const char *title,
                                ty_error *err);

/* Write phrase reports as one self-contained HTML page (no external assets): a summary table,
 * then each phrase's renderings with shares and its uses without a known rendering, with the
 * phrase and renderings marked in the texts. Written to a temporary file renamed over `path`.
 * `title` may be NULL. */
ty_status ty_phrase_reports_write_html(const char *path, const char *title,
                                       const ty_phrase_report *const *reports, size_t n,
                                       ty_error *err);

/* ------------------------------------------------------------------------------------------
 * Document pairing: which English document of an archive translates which Japanese one
 * (src/pair/)
 * ---------------------------------------------------------------------------------------- */

/* What pairing needs of a document: its anchors (numbers, dates, era dates, times, amounts,
 * Latin tokens, katakana names, lexicon glosses, as the aligner reads them), its dates (a
 * month and a day in one sentence), the tokens of its file name, and its length. An extractor
 * holds what extraction opens once (an anchor context); one per thread, never shared. */
typedef struct ty_pair_extractor ty_pair_extractor;
/* `lexicon` (may be NULL: no lexicon evidence) is not owned; it may be shared by extractors
 * of several threads. */
ty_status ty_pair_extractor_new(const ty_lexicon *lexicon, ty_pair_extractor **out,
                                ty_error *err);
void ty_pair_extractor_free(ty_pair_extractor *x);

/* One document's evidence. `name` (copied; may be NULL) is the document's path relative to
 * its archive folder: its digit runs (2+ digits), dates (YYYYMMDD, MMDD) and words (3+
 * letters) count as evidence too (ty_pair_opts.use_names). The document is not kept. */
typedef struct ty_pair_doc ty_pair_doc;
ty_status ty_pair_doc_new(ty_pair_extractor *x, const ty_doc *doc, const char *name,
                          ty_pair_doc **out, ty_error *err);
ty_lang ty_pair_doc_lang(const ty_pair_doc *d);
const char *ty_pair_doc_name(const ty_pair_doc *d);
void ty_pair_doc_free(ty_pair_doc *d);

typedef struct ty_pair_opts {
    int use_names;     /* nonzero (default): file-name tokens are evidence too */
    double min_score;  /* a pair scores in [0, 1]; below this (0.1) documents stay unpaired */
    double margin;     /* a pair is kept only when the best assignment without it scores at
                          least this much less in all (0.02): look-alikes the evidence cannot
                          tell apart stay unpaired rather than guessed */
    size_t candidates; /* candidates per document, from the inverted index of its rarest
                          keys (8) */
    size_t jobs;       /* threads that find and score candidates (1) */
} ty_pair_opts;
void ty_pair_opts_init(ty_pair_opts *opts);

/* One line of a pairing: indices into the two document arrays, -1 for a missing side. */
typedef struct ty_doc_pair {
    long ja, en;
    double score; /* in [0, 1]; 0 for an unpaired document */
} ty_doc_pair;

typedef struct ty_pairing ty_pairing;

/* Pair the Japanese documents ja[0, nja) with the English documents en[0, nen): every key is
 * weighted by how rare it is in the archive (a date two documents share says much, "2024"
 * little); each document's candidates come from the documents sharing its rarest keys (never
 * all pairs); a candidate pair scores its shared evidence (an idf-weighted cosine), scaled down
 * when the facts of one side (numbers, dates, names, Latin tokens) are missing from the other
 * or the lengths do not fit; the pairs are the one-to-one assignment of the highest total
 * score, each kept when above min_score and by the margin (src/pair/). The result lists the
 * pairs in Japanese order, then the unpaired Japanese documents, then the unpaired English
 * ones. The documents stay the caller's. TY_ERR_INVALID for a document of the wrong language
 * or options out of range. */
ty_status ty_pair_docs(const ty_pair_doc *const *ja, size_t nja, const ty_pair_doc *const *en,
                       size_t nen, const ty_pair_opts *opts, ty_pairing **out, ty_error *err);
size_t ty_pairing_count(const ty_pairing *p);
const ty_doc_pair *ty_pairing_get(const ty_pairing *p, size_t i);
void ty_pairing_free(ty_pairing *p);

/* ------------------------------------------------------------------------------------------
 * Archives: pairing two folders, aligning many pairs into a memory, and checking that a pair
 * is a pair (src/batch/, src/text/script.c)
 * ---------------------------------------------------------------------------------------- */

/* Letters of a text by script (ICU's script property): Japanese (Han, Hiragana, Katakana),
 * Latin, and other letters. Digits, punctuation and white space are not letters. */
typedef struct ty_script_counts {
    size_t japanese, latin, other;
} ty_script_counts;
void ty_script_count(const char *utf8, size_t len, ty_script_counts *counts);
/* The language of a text from its counts: Japanese when Japanese letters are at least half
 * of the evidence, a Japanese letter counting as much as five Latin ones (an English word).
 * `japanese_share` (may be NULL) receives that share in [0, 1]. Returns 0, or -1 (and *lang
 * untouched) when the text has no letters or mostly letters of other scripts. */
int ty_lang_guess(const ty_script_counts *counts, ty_lang *lang, double *japanese_share);

/* ---- is this pair a pair? ---- */

typedef enum ty_pair_check {
    TY_PAIR_OK = 0,
    TY_PAIR_SWAPPED,         /* the Japanese side is English and the English side Japanese */
    TY_PAIR_NOT_JAPANESE,    /* the Japanese side is not Japanese (and not swapped) */
    TY_PAIR_NOT_ENGLISH,     /* the English side is not English (and not swapped) */
    TY_PAIR_NOT_TRANSLATION  /* aligned mostly unpaired, or with low confidence */
} ty_pair_check;

/* A short static description ("not a translation of each other?"). */
const char *ty_pair_check_text(ty_pair_check check);

/* The languages of a pair's sides from their letters (ty_lang_guess): TY_PAIR_OK,
 * TY_PAIR_SWAPPED, TY_PAIR_NOT_JAPANESE or TY_PAIR_NOT_ENGLISH. A side without letters is
 * not judged. */
ty_pair_check ty_pair_check_langs(const ty_script_counts *ja, const ty_script_counts *en);
/* The same for two texts, and for two documents (the letters of their segments). */
ty_pair_check ty_pair_check_texts(const ty_text *ja, const ty_text *en);
ty_pair_check ty_pair_check_docs(const ty_doc *ja, const ty_doc *en);

/* What an alignment says about its pair. */
typedef struct ty_alignment_summary {
    size_t beads;
    size_t shapes[TY_BEAD_SHAPES]; /* beads by shape (ty_bead_shape) */
    size_t ja_segments, en_segments;
    double mean_confidence;        /* over all beads; 0 without beads */
    size_t low;                    /* beads below 0.9 */
    double low_share;              /* low / beads */
    double unpaired_share;         /* segments (both sides) in 1:0 and 0:1 beads, of all */
    /* The anchors of the paired beads (ty_alignment_summarize_pair; the dictionaries' are left
     * out): number and date keys on each side and those both sides share; Latin tokens and
     * katakana names of the Japanese side, and those the English side shares; beads with any
     * of these, and those whose sides share one. */
    size_t numbers[2], numbers_shared, names, names_shared, anchored, agreeing;
    double agreement;        /* (2 numbers_shared + names_shared) / (numbers + names): how
                                much the sides agree; -1 when unknown or without anchors */
    double anchored_agreeing; /* agreeing / anchored; -1 when unknown or none anchored */
} ty_alignment_summary;
/* The summary from the beads alone (the anchor fields 0 and -1: unknown). */
void ty_alignment_summarize(const ty_alignment *al, ty_alignment_summary *summary);
/* The summary with the anchor fields, from the two documents `al` aligns: the anchors ty_align
 * read from them when it made `al` (not extracted again), or else extracted. TY_ERR_NOMEM. */
ty_status ty_alignment_summarize_pair(const ty_doc *ja, const ty_doc *en,
                                      const ty_alignment *al, ty_alignment_summary *summary,
                                      ty_error *err);

/* When an aligned pair is not a translation of each other. The defaults were measured on the
 * development corpus (README, tests/bench/pair-check.sh): its 42 pairs align with a mean
 * confidence of 0.949 and more with the dictionaries (0.877 without) and at most 10% of their
 * segments unpaired; its 1,714 wrong pairs (each Japanese document with other documents'
 * English) at most 0.852 (0.862): look-alike press conferences of one series pass 0.75. The
 * units of their alignment files: true 0.950 and more (0.905), wrong at most 0.870 (0.883). */
typedef struct ty_pair_check_opts {
    double min_mean_confidence; /* below this mean bead confidence: 0.75 */
    double max_unpaired;        /* or above this share of unpaired segments: 0.5 */
    double min_unit_confidence; /* below this mean confidence of the units of an alignment
                                   file (ty_pair_tally_check), which holds the paired beads
                                   only: 0.89 */
    double min_score;           /* or, for a summary with anchors, below this ty_pair_score:
                                   TY_PAIR_MIN_SCORE */
} ty_pair_check_opts;
void ty_pair_check_opts_init(ty_pair_check_opts *opts);

/* The evidence that a pair is a pair, in one number: (2 mean_confidence (1 - unpaired_share)
 * + agreement) / 3, the agreement of the anchors of the paired beads (numbers and dates,
 * Latin tokens, katakana names: a look-alike document of the same series, another day,
 * disagrees on them). -1 for a summary with fewer than TY_PAIR_MIN_ANCHORS anchors (a short
 * document's one or two say little; ty_alignment_summarize's have none), which is judged by
 * its confidence and unpaired share alone. The default threshold lies halfway between
 * the development corpus's 42 true pairs (0.789 and more, with or without the dictionaries)
 * and its 1,714 wrong ones (at most 0.577; README, tests/bench/pair-check.sh). */
#define TY_PAIR_MIN_SCORE 0.68
#define TY_PAIR_MIN_ANCHORS 8
double ty_pair_score(const ty_alignment_summary *summary);

/* TY_PAIR_NOT_TRANSLATION for a summary with no beads, more unpaired segments than
 * max_unpaired, a mean confidence below min_mean_confidence or a score (ty_pair_score) below
 * min_score; else TY_PAIR_OK. `opts` may be
 * NULL (defaults). */
ty_pair_check ty_pair_check_alignment(const ty_alignment_summary *summary,
                                      const ty_pair_check_opts *opts);

/* The same checks on the units of an alignment file as it is read (`taiyaku import` of a TMX
 * that `taiyaku align`, `batch` or `export` wrote): each unit is tallied as it goes by, and at
 * the end the letters of each side give the languages, and the units of an alignment (those
 * with a confidence and both segment positions: x-confidence, x-ja-segments, x-en-segments)
 * an alignment summary: the segments of a document pair (a run of units with the same
 * x-ja-document, x-en-document and x-document) that no unit pairs, or that x-unpaired-ja /
 * x-unpaired-en name, are unpaired, each a 1:0 or 0:1 bead of unknown confidence; the mean is
 * over the units' confidences; a unit's segments come from its positions (else x-shape). */
typedef struct ty_pair_tally ty_pair_tally;
ty_pair_tally *ty_pair_tally_new(void); /* NULL when out of memory */
void ty_pair_tally_free(ty_pair_tally *tally);
/* Tally one unit (a unit not of an alignment counts for the languages only). TY_ERR_NOMEM. */
ty_status ty_pair_tally_add(ty_pair_tally *tally, const ty_unit *unit, ty_error *err);
/* ty_pair_check_langs over the letters of every unit's two sides. */
ty_pair_check ty_pair_tally_langs(const ty_pair_tally *tally);
/* Fill `summary` from the units of an alignment; returns 1 when there were any, else 0. */
int ty_pair_tally_summary(const ty_pair_tally *tally, ty_alignment_summary *summary);
/* TY_PAIR_NOT_TRANSLATION for a tally of an alignment whose summary (filled in `summary`, with
 * the anchors of its paired units) has more unpaired segments than max_unpaired, or, as
 * ty_pair_check_alignment judges, a score (ty_pair_score) below min_score or a mean below
 * min_mean_confidence; without anchors enough for a score, a mean below min_unit_confidence.
 * Else TY_PAIR_OK (also for a file with no unit of an alignment). `opts` may be NULL. */
ty_pair_check ty_pair_tally_check(const ty_pair_tally *tally, const ty_pair_check_opts *opts,
                                  ty_alignment_summary *summary);

/* A pair of documents as paths (NULL for a missing side); the names are what the memory
 * calls them (for folders: the paths relative to them; else the paths as given). */
typedef struct ty_path_pair {
    const char *ja, *en;
    const char *ja_name, *en_name;
    double score; /* the pairing's score, 0 when not paired by ty_pair_dirs */
} ty_path_pair;

typedef struct ty_path_pairs ty_path_pairs;
/* An empty list; add pairs with ty_path_pairs_add (both paths required, copied). */
ty_status ty_path_pairs_new(ty_path_pairs **out, ty_error *err);
ty_status ty_path_pairs_add(ty_path_pairs *p, const char *ja, const char *en, ty_error *err);
/* Read pairs from a TSV file ("-": standard input): "JA<TAB>EN" a line (a third column, such
 * as the score `taiyaku pair` prints, is ignored); blank lines, lines starting with '#' and
 * lines with an empty side (an unpaired document) are skipped. A line without a tab fails
 * with TY_ERR_FORMAT naming the file and line. */
ty_status ty_path_pairs_read_tsv(const char *path, ty_path_pairs **out, ty_error *err);
size_t ty_path_pairs_count(const ty_path_pairs *p);
const ty_path_pair *ty_path_pairs_get(const ty_path_pairs *p, size_t i);
void ty_path_pairs_free(ty_path_pairs *p);

typedef struct ty_pair_dirs_opts {
    ty_pair_opts pair;         /* the pairing's options; its jobs also read the files */
    ty_decode_opts decode;     /* how plain text and HTML files are decoded (every format
                                  ty_document_read reads is read) */
    const ty_lexicon *lexicon; /* lexicon evidence (NULL: none); shared by the threads */
    /* Called (when not NULL), in the order of the files and from the calling thread, for each
     * file left out (unreadable, no text, neither language) or read as the other folder's
     * language; `userdata` is passed on. */
    void (*warn)(const ty_error *warning, void *userdata);
    void *userdata;
} ty_pair_dirs_opts;
void ty_pair_dirs_opts_init(ty_pair_dirs_opts *opts);

/* Pair the documents of two folders, walked recursively (hidden files left out): every file
 * is read, decoded, segmented and reduced to its evidence (ty_pair_doc_new) on opts->pair.jobs
 * threads, then paired (ty_pair_docs). The result lists the pairs, then the unpaired
 * documents, with their paths (FOLDER/RELATIVE) and names (RELATIVE). A folder that cannot be
 * read fails with TY_ERR_IO. */
ty_status ty_pair_dirs(const char *ja_dir, const char *en_dir, const ty_pair_dirs_opts *opts,
                       ty_path_pairs **out, ty_error *err);

/* ---- many pairs into one memory (taiyaku batch) ---- */

typedef enum ty_batch_status {
    TY_BATCH_STORED = 0, /* aligned and added to the memory */
    TY_BATCH_REPLACED,   /* its files changed since it was stored: this one added and the
                            earlier document of the same name removed (as
                            ty_tm_remove_document does) in one transaction */
    TY_BATCH_UNCHANGED,  /* the memory holds its content already: not stored again */
    TY_BATCH_REFUSED,    /* not a translation of each other? (ty_pair_check_alignment) */
    TY_BATCH_FAILED,     /* unreadable, no text, a side in neither language, swapped with
                            strict, a TMX that could not be written: `error` says why */
    TY_BATCH_STATUSES
} ty_batch_status;

/* "stored", "replaced", "unchanged", "refused", "failed". */
const char *ty_batch_status_name(ty_batch_status status);

/* What happened to one pair. */
typedef struct ty_batch_result {
    size_t index;                 /* its place in the list */
    const ty_path_pair *pair;     /* the list's entry */
    ty_batch_status status;
    int swapped;                  /* its sides were written in each other's language: swapped
                                     back */
    ty_error error;               /* REFUSED, FAILED: why, naming the file */
    ty_alignment_summary summary; /* when aligned (its segment counts whenever read) */
    ty_tm_import_stats import;    /* STORED, REPLACED: what the memory got */
    double seconds;               /* reading, aligning and storing it */
} ty_batch_result;

/* How far a run is. */
typedef struct ty_batch_progress {
    size_t done, total; /* pairs finished (whatever their status), of all */
    size_t failed;      /* of them, REFUSED or FAILED */
    size_t sentences;   /* segments (both sides) of the pairs finished */
    double elapsed;     /* seconds since the run began */
} ty_batch_progress;

typedef struct ty_batch_opts {
    size_t jobs;                /* threads that read and align: 1 */
    ty_decode_opts decode;      /* how plain text and HTML files are decoded (every format
                                   ty_document_read reads is read) */
    ty_align_opts align;        /* its lexicon (not owned) is shared by the threads */
    ty_pair_check_opts check;
    int strict;                 /* nonzero: swapped sides fail the pair instead of being
                                   swapped back */
    int force;                  /* nonzero: store pairs that look like no translation, and align
                                   sides in neither language */
    const char *tmx_dir;        /* also write one TMX per pair into this folder (subfolders
                                   made): the Japanese document's name with .tmx for its
                                   extension; a pair the memory holds already is aligned again
                                   only when its TMX file is missing; NULL (default): none */
    const char *tmx_file;       /* or one TMX of every pair of the run (pairs the memory holds
                                   already are aligned again for it, not stored again) */
    ty_tmx_write_opts tmx;      /* for those TMX files */
    const char *imported_at;    /* ty_tm_docinfo.imported_at of the documents added */
    /* Called from the calling thread: on_result for each pair, in list order, once it is
     * stored (or not); on_progress after each pair and about four times a second while the
     * threads work. Either may be NULL; `userdata` is passed on. */
    void (*on_result)(const ty_batch_result *result, void *userdata);
    void (*on_progress)(const ty_batch_progress *progress, void *userdata);
    void *userdata;
} ty_batch_opts;
void ty_batch_opts_init(ty_batch_opts *opts);

typedef struct ty_batch_totals {
    size_t pairs;
    size_t by_status[TY_BATCH_STATUSES];
    size_t units_added;
    size_t sentences;
    /* CPU seconds (user + system) of the run: the calling thread, which stores the pairs, and
     * the aligning threads together (their sum is the run's CPU; the first over the second is
     * the writer's share that bounds what more threads can gain). */
    double writer_cpu, aligning_cpu;
} ty_batch_totals;

/* Align every pair of `pairs` and store it in `tm`, each pair all or nothing. On
 * opts->jobs threads, each pair is read, its languages checked (swapped sides swapped back),
 * segmented and, unless the memory holds its content already (ty_tm_alignment_hash), aligned
 * and judged (ty_pair_check_alignment); the calling thread stores the pairs in list order,
 * replacing the earlier document of a pair whose files changed in the same transaction
 * (ty_tm_replace_alignment: killed at any moment, the memory holds one of the two). A pair
 * that fails or is
 * refused is reported and the run goes on. Pairs are committed in small groups (at most 8
 * pairs, a quarter of a second: ty_tm_group_begin) and reported (opts->on_result) once
 * committed; killed, a run loses only the pairs not yet committed, and running it again skips
 * the pairs stored. Entries with a missing side (the unpaired documents of ty_pair_dirs) are
 * left out. Returns TY_OK when the run went through (whatever each pair's status); a failure
 * of the memory or of the run's TMX file stops it (the pairs stored before stay). `totals` may
 * be NULL. */
ty_status ty_batch_run(ty_tm *tm, const ty_path_pairs *pairs, const ty_batch_opts *opts,
                       ty_batch_totals *totals, ty_error *err);

/* Sort results the worst first: failed, refused, then the aligned pairs by mean confidence,
 * then those not aligned again (the memory held them); ties in list order. */
void ty_batch_results_sort(const ty_batch_result **results, size_t n);

/* A run's results as one self-contained HTML page: the totals, then a table of the pairs,
 * the worst first (ty_batch_results_sort). Written to a temporary file
 * renamed over `path`. `title` may be NULL. */
ty_status ty_batch_report_write_html(const char *path, const char *title,
                                     const ty_batch_result *const *results, size_t n,
                                     ty_error *err);

/* ------------------------------------------------------------------------------------------
 * Serving a memory over HTTP: a JSON API and the review pages (src/serve/, taiyaku serve)
 * ---------------------------------------------------------------------------------------- */

typedef struct ty_serve_opts {
    const char *listen;     /* "HOST:PORT" ("[::1]:PORT" for IPv6; port 0: any free one):
                               "127.0.0.1:8080". An address that is not loopback needs tokens */
    const char *token_file; /* bearer tokens, one a line, "NAME:TOKEN" or "TOKEN" (name
                               "token"); '#' lines and blank lines skipped; a token has 16
                               characters at least. Every request but the page files then needs
                               "Authorization: Bearer TOKEN". NULL (default): none */
    int read_only;          /* nonzero: edits are refused (403) and the memory is opened
                               read-only; default 0 */
    const char *user;       /* recorded with edits made without a named token; NULL: "" */
    size_t max_body;        /* larger request bodies are refused (413): 1 MiB */
    size_t max_url;         /* longer request targets are refused (414): 8 KiB */
    unsigned threads;       /* threads answering requests: the processors online, 2 to 64 */
    const ty_lexicon *lexicon; /* the dictionaries re-alignment uses (taiyaku serve loads those
                               of taiyaku align); not owned, kept until ty_server_stop; NULL
                               (default): none */
} ty_serve_opts;
void ty_serve_opts_init(ty_serve_opts *opts);

/* A running server: it answers on threads of its own until ty_server_stop. */
typedef struct ty_server ty_server;
/* Open the memory `path` (it must exist: TY_ERR_NOTFOUND), read the tokens, bind the address
 * (TY_ERR_IO naming it when it is taken or cannot be bound; TY_ERR_INVALID for a malformed
 * one, or for an address that is not loopback without token_file) and start answering.
 * Readers use connections of their own, read-only; edits go through one writer connection,
 * one at a time, so readers are never refused while an edit runs. */
ty_status ty_server_start(const char *path, const ty_serve_opts *opts, ty_server **out,
                          ty_error *err);
/* The port it listens on (the chosen one when opts->listen asked for port 0). */
unsigned ty_server_port(const ty_server *s);
/* Stop answering (requests under way are finished), close the memory and free. NULL is a
 * no-op. */
void ty_server_stop(ty_server *s);

#ifdef __cplusplus
}
#endif
#endif /* TAIYAKU_H */
