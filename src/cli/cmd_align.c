/*
 * cmd_align.c — `taiyaku align`: read a Japanese and an English document (raw text, decoded
 * and segmented, or one segment per line with --segmented), align them with ty_align and
 * write the beads through an output sink.
 *
 * Output sinks: every output format is one function of type align_sink taking the two
 * documents and the alignment (see `sinks` below). A new format (TMX, a translation-memory
 * database) is one more function and one more line in that table, plus its options in
 * align_args; nothing else in this file needs to change.
 */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "align_tmx.h"
#include "cli.h"
#include "json_out.h"
#include "tm_cli.h"

static const char help[] =
    "usage: taiyaku align [OPTIONS] JA EN\n"
    "\n"
    "Align the sentences of a Japanese document JA with those of its English version EN.\n"
    "Each output line is a bead: some Japanese segments (possibly none) that translate some\n"
    "English segments (possibly none), with a confidence in [0,1]: the model's probability\n"
    "that this bead is right (beads at 0.9 or more were right 99% of the time on our test\n"
    "corpus; review the others). Either file may be '-' for standard input.\n"
    "\n"
    "Options:\n"
    "  -s, --segmented        the inputs are already split: one segment per line, a blank\n"
    "                         line between paragraphs\n"
    "  -f, --format FORMAT    beads  [3]:[4,5]<TAB>0.97 (0-based segment indices, [] for an\n"
    "                                empty side); the default\n"
    "                         tsv    ja<TAB>en<TAB>confidence, the segments' text (several\n"
    "                                segments joined; tabs in the text become spaces)\n"
    "                         jsonl  one JSON object per bead: indices, shape, confidence,\n"
    "                                texts, byte offsets, paragraphs\n"
    TY_ALIGN_TMX_HELP
    "  -x, --lexicon FILE     add a glossary: UTF-8 lines 'Japanese<TAB>English[; English]'\n"
    "                         (repeatable)\n"
    "      --no-lexicon       do not load the system dictionaries (EDICT, ENAMDICT)\n"
    "      --lexicon-cache DIR  where the dictionaries' index cache lives (default\n"
    "                         $XDG_CACHE_HOME/taiyaku or ~/.cache/taiyaku)\n"
    "  -b, --beads LIST       allowed bead shapes, default\n"
    "                         1:1,1:0,0:1,1:2,2:1,2:2,1:3,3:1\n"
    "  -e, --encoding NAME    the inputs' encoding (UTF-8, Shift_JIS, EUC-JP, ...);\n"
    "                         default: detect\n"
    "      --lenient          replace undecodable bytes with U+FFFD instead of failing\n"
    "  -d, --db FILE          add the aligned pairs to this translation memory (created when\n"
    "                         missing; see 'taiyaku lookup') and print what was added\n"
    "                         instead of the beads (with -f, print both). Adding the same\n"
    "                         document pair again adds nothing\n"
    "  -h, --help             this help\n"
    "\n"
    "Anchors: numbers, dates and times across scripts, Latin-script tokens, katakana names,\n"
    "speaker labels and headings are always used. A Japanese-English dictionary adds much:\n"
    "install Debian's EDICT and ENAMDICT packages (they go to /usr/share/edict/) with\n"
    "    sudo apt-get install edict enamdict\n"
    "and taiyaku uses them automatically (it builds an index cache the first time). Without\n"
    "them it still aligns, a little less accurately. The aligner also learns a small lexicon\n"
    "from the two documents themselves.\n";

/* An output format: writes the whole alignment; returns 0, or -1 on a write error. */
typedef int (*align_sink)(FILE *out, const ty_doc *ja, const ty_doc *en, const ty_alignment *al);

static void indices(FILE *out, size_t first, size_t count)
{
    fputc('[', out);
    for (size_t k = 0; k < count; k++)
        fprintf(out, k ? ",%zu" : "%zu", first + k);
    fputc(']', out);
}

static int sink_beads(FILE *out, const ty_doc *ja, const ty_doc *en, const ty_alignment *al)
{
    (void)ja;
    (void)en;
    for (size_t i = 0; i < ty_alignment_count(al); i++) {
        const ty_bead *b = ty_alignment_bead(al, i);
        indices(out, b->ja_first, b->ja_count);
        fputc(':', out);
        indices(out, b->en_first, b->en_count);
        fprintf(out, "\t%.3f\n", b->confidence);
    }
    return 0;
}

/* A side's text as one TSV field (tabs and line breaks become spaces). */
static int tsv_field(FILE *out, const ty_doc *doc, size_t first, size_t count)
{
    char *t = ty_doc_join(doc, first, count);
    if (!t)
        return -1;
    for (char *p = t; *p; p++)
        if (*p == '\t' || *p == '\n' || *p == '\r')
            *p = ' ';
    fputs(t, out);
    free(t);
    return 0;
}

static int sink_tsv(FILE *out, const ty_doc *ja, const ty_doc *en, const ty_alignment *al)
{
    for (size_t i = 0; i < ty_alignment_count(al); i++) {
        const ty_bead *b = ty_alignment_bead(al, i);
        if (tsv_field(out, ja, b->ja_first, b->ja_count) != 0)
            return -1;
        fputc('\t', out);
        if (tsv_field(out, en, b->en_first, b->en_count) != 0)
            return -1;
        fprintf(out, "\t%.3f\n", b->confidence);
    }
    return 0;
}

/* "<lang>":[…],"<lang>_text":"…","<lang>_start":N,"<lang>_end":N,"<lang>_paragraph":N */
static int json_side(FILE *out, const char *lang, const ty_doc *doc, size_t first, size_t count)
{
    char *t = ty_doc_join(doc, first, count);
    if (!t)
        return -1;
    fprintf(out, "\"%s\":", lang);
    indices(out, first, count);
    fprintf(out, ",\"%s_text\":", lang);
    ty_cli_json_string(out, t);
    free(t);
    if (count) {
        const ty_segment *a = ty_doc_segment(doc, first), *z = ty_doc_segment(doc, first + count - 1);
        fprintf(out, ",\"%s_start\":%zu,\"%s_end\":%zu,\"%s_paragraph\":%zu", lang, a->start,
                lang, z->end, lang, a->paragraph);
    } else {
        fprintf(out, ",\"%s_start\":null,\"%s_end\":null,\"%s_paragraph\":null", lang, lang,
                lang);
    }
    return 0;
}

static int sink_jsonl(FILE *out, const ty_doc *ja, const ty_doc *en, const ty_alignment *al)
{
    for (size_t i = 0; i < ty_alignment_count(al); i++) {
        const ty_bead *b = ty_alignment_bead(al, i);
        const char *shape = ty_bead_shape_name(b);
        fprintf(out, "{\"bead\":%zu,\"shape\":\"%s\",\"confidence\":%.4f,", i,
                shape ? shape : "?", b->confidence);
        if (json_side(out, "ja", ja, b->ja_first, b->ja_count) != 0)
            return -1;
        fputc(',', out);
        if (json_side(out, "en", en, b->en_first, b->en_count) != 0)
            return -1;
        fputs("}\n", out);
    }
    return 0;
}

static const struct {
    const char *name;
    align_sink fn;
} sinks[] = {
    {"beads", sink_beads},
    {"tsv", sink_tsv},
    {"jsonl", sink_jsonl},
};

/* The command line, parsed. */
typedef struct align_args {
    int segmented, no_lexicon, format_given;
    const char *format, *cache, *db;
    const char **glossaries;
    size_t nglossaries;
    ty_decode_opts dopts;
    ty_align_opts aopts;
    ty_cli_align_tmx tmx; /* -o FILE.tmx, --format tmx */
} align_args;

static int parse_args(int argc, char **argv, FILE *out, FILE *err, align_args *a)
{
    static const struct option longopts[] = {
        {"segmented", no_argument, NULL, 's'},    {"format", required_argument, NULL, 'f'},
        {"lexicon", required_argument, NULL, 'x'}, {"no-lexicon", no_argument, NULL, 'N'},
        {"beads", required_argument, NULL, 'b'},  {"encoding", required_argument, NULL, 'e'},
        {"lenient", no_argument, NULL, 'L'},      {"help", no_argument, NULL, 'h'},
        {"lexicon-cache", required_argument, NULL, 'C'}, {"db", required_argument, NULL, 'd'},
        TY_ALIGN_TMX_LONGOPTS, {NULL, 0, NULL, 0}};
    ty_error e;
    int c, r;

    optind = 0; /* full getopt reset: ty_cli_main may run many times in one process */
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":sf:x:b:e:d:o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 's': a->segmented = 1; break;
        case 'f': a->format = optarg; a->format_given = 1; break;
        case 'd': a->db = optarg; break;
        case 'x': a->glossaries[a->nglossaries++] = optarg; break;
        case 'N': a->no_lexicon = 1; break;
        case 'C': a->cache = optarg; break;
        case 'b':
            if (ty_align_beads_parse(optarg, &a->aopts.beads, &e) != TY_OK)
                return ty_cli_usage_error(err, "align", "%s", e.message);
            break;
        case 'e': a->dopts.encoding = optarg; break;
        case 'L': a->dopts.lenient = 1; break;
        case 'h': fputs(help, out); return TY_EXIT_OK;
        case ':': return ty_cli_usage_error(err, "align", "option '%s' needs a value", argv[optind - 1]);
        default:
            if ((r = ty_cli_align_tmx_option(&a->tmx, c, optarg, err)) == 1)
                break;
            return r ? r : ty_cli_usage_error(err, "align", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind != argc - 2)
        return ty_cli_usage_error(err, "align", "expected two files, JA and EN");
    return -1; /* go on */
}

static ty_status read_doc(const char *path, ty_lang lang, const align_args *a,
                          ty_segmenter **seg, ty_doc **doc, FILE *err, ty_error *e)
{
    ty_text *text = NULL;
    ty_status st;

    if ((st = ty_text_read_file(path, &a->dopts, &text, e)) != TY_OK)
        return st;
    if (ty_text_replacements(text) > 0)
        fprintf(err, "taiyaku: %s: warning: replaced %zu undecodable byte sequence(s) with U+FFFD\n",
                path, ty_text_replacements(text));
    if ((st = ty_segmenter_new(lang, seg, e)) == TY_OK) {
        if (a->segmented) { /* one segment per line; the speaker labels are still found */
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

/* The lexicon: the system dictionaries unless --no-lexicon, plus the glossaries. NULL (and
 * TY_OK) when there is none. */
static ty_status load_lexicon(const align_args *a, ty_lexicon **out, ty_error *e)
{
    ty_lexicon *lex = NULL;
    ty_status st;

    *out = NULL;
    if (a->no_lexicon && a->nglossaries == 0)
        return TY_OK;
    if ((st = a->no_lexicon ? ty_lexicon_new(&lex, e) : ty_lexicon_load_default(&lex, a->cache, e)) != TY_OK)
        return st;
    for (size_t k = 0; k < a->nglossaries; k++) {
        if ((st = ty_lexicon_add_tsv(lex, a->glossaries[k], e)) != TY_OK) {
            ty_lexicon_free(lex);
            return st;
        }
    }
    *out = lex;
    return TY_OK;
}

/* --db: add the alignment to a translation memory and say what was added. */
static int store(const align_args *a, const ty_doc *ja, const ty_doc *en, const ty_alignment *al,
                 FILE *out, FILE *err)
{
    ty_tm_docinfo info = {NULL, NULL, NULL, NULL};
    ty_tm_import_stats st;
    ty_tm *tm = NULL;
    ty_error e;
    char when[32];
    int rc = TY_EXIT_OK;

    ty_error_clear(&e);
    info.imported_at = ty_cli_import_time(when, sizeof when);
    if ((rc = ty_cli_tm_open(a->db, TY_TM_CREATE, &tm, err)) != TY_EXIT_OK)
        return rc;
    if (ty_tm_add_alignment(tm, ja, en, al, &info, &st, &e) != TY_OK)
        rc = ty_cli_fail(err, &e);
    else if (st.already)
        fprintf(out, "%s: already in the memory (document %lld): nothing added\n", a->db,
                st.document);
    else
        fprintf(out, "%s: %zu beads: %zu units added, %zu merged, %zu one-sided left out "
                     "(document %lld)\n",
                a->db, st.units, st.added, st.merged, st.one_sided, st.document);
    ty_tm_close(tm);
    return rc;
}

int ty_cmd_align(int argc, char **argv, FILE *out, FILE *err)
{
    align_args a;
    align_sink sink = NULL;
    int tmx;
    ty_error e;
    ty_segmenter *seg_ja = NULL, *seg_en = NULL;
    ty_doc *ja = NULL, *en = NULL;
    ty_lexicon *lex = NULL;
    ty_alignment *al = NULL;
    int rc = TY_EXIT_ERROR;

    memset(&a, 0, sizeof a);
    ty_error_clear(&e);
    ty_align_opts_init(&a.aopts);
    a.format = "beads";
    ty_cli_align_tmx_init(&a.tmx);
    a.glossaries = calloc((size_t)argc + 1, sizeof *a.glossaries);
    if (!a.glossaries) {
        fprintf(err, "taiyaku: out of memory\n");
        return TY_EXIT_ERROR;
    }
    if ((rc = parse_args(argc, argv, out, err, &a)) >= 0)
        goto done;
    if ((rc = tmx = ty_cli_align_tmx_wanted(&a.tmx, a.format_given ? a.format : NULL, err)) ==
        TY_EXIT_USAGE)
        goto done;
    rc = TY_EXIT_ERROR;
    for (size_t k = 0; k < sizeof sinks / sizeof sinks[0]; k++)
        if (!strcmp(a.format, sinks[k].name))
            sink = sinks[k].fn;
    if (!sink && !tmx) {
        rc = ty_cli_usage_error(err, "align", "unknown format '%s' (beads, tsv, jsonl or tmx)", a.format);
        goto done;
    }
    if (read_doc(argv[optind], TY_LANG_JA, &a, &seg_ja, &ja, err, &e) != TY_OK ||
        read_doc(argv[optind + 1], TY_LANG_EN, &a, &seg_en, &en, err, &e) != TY_OK ||
        load_lexicon(&a, &lex, &e) != TY_OK)
        goto fail;
    a.aopts.lexicon = lex;
    if (ty_align(ja, en, &a.aopts, &al, &e) != TY_OK)
        goto fail;
    if (a.db && (rc = store(&a, ja, en, al, out, err)) != TY_EXIT_OK)
        goto done;
    rc = TY_EXIT_ERROR;
    if (tmx && (rc = ty_cli_align_tmx_write(&a.tmx, ja, en, al, err)) != TY_EXIT_OK)
        goto done;
    rc = TY_EXIT_ERROR;
    if (!tmx && (!a.db || a.format_given) && sink(out, ja, en, al) != 0) {
        fprintf(err, "taiyaku: out of memory\n");
        goto done;
    }
    if (fflush(out) != 0 || ferror(out)) {
        fprintf(err, "taiyaku: error writing output\n");
        goto done;
    }
    rc = TY_EXIT_OK;
    goto done;
fail:
    rc = ty_cli_fail(err, &e);
done:
    ty_alignment_free(al);
    ty_lexicon_free(lex);
    ty_doc_free(ja);
    ty_doc_free(en);
    ty_segmenter_free(seg_ja);
    ty_segmenter_free(seg_en);
    free(a.glossaries);
    return rc;
}
