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

#include <stdlib.h>
#include <string.h>

#include "align_tmx.h"
#include "archive_cli.h"
#include "commands.h"
#include "json_out.h"
#include "lexicon_cli.h"
#include "num_out.h"
#include "read_cli.h"
#include "tm_cli.h"

enum { OPT_STRICT = 256, OPT_FORCE, OPT_PIN };

static const ty_cli_option options[] = {
    {"segmented", 's', NULL,
     "the inputs are already split: one segment per line, a blank line between paragraphs"},
    {"format", 'f', "FORMAT",
     "beads\t[3]:[4,5]<TAB>0.97 (0-based segment indices, [] for an empty side); the default\n"
     "tsv\tja<TAB>en<TAB>confidence, the segments' text (several segments joined; tabs and "
     "other control characters in the text become spaces)\n"
     "jsonl\tone JSON object per bead: indices, shape, confidence, texts, byte offsets, "
     "paragraphs\n"
     "tmx\tTMX 1.4b (to standard output; see -o)"},
    TY_ALIGN_TMX_OPTIONS,
    TY_CLI_LEXICON_OPTIONS,
    {"beads", 'b', "LIST", "allowed bead shapes, default 1:1,1:0,0:1,1:2,2:1,2:2,1:3,3:1"},
    {"pin", OPT_PIN, "JA:EN",
     "make these segments a bead (0-based, as the output numbers them; a range as 4-5: "
     "\"3:4-5\" pairs Japanese 3 with English 4 and 5) and align the rest around it "
     "(repeatable)"},
    TY_CLI_READ_OPTIONS,
    {"strict", OPT_STRICT, NULL,
     "a Japanese side written in English and an English side in Japanese is an error, not "
     "swapped back with a warning"},
    {"force", OPT_FORCE, NULL,
     "store (--db, -o) a pair that does not look like a translation, and align sides in "
     "neither language"},
    {"jobs", 'j', "N",
     "threads for the alignment (default: the number of cores; 1 keeps it to one; the output "
     "is the same)"},
    {"db", 'd', "FILE",
     "add the aligned pairs to this translation memory (created when missing; see 'taiyaku "
     "lookup') and print what was added instead of the beads (with -f, print both). Adding the "
     "same document pair again adds nothing"},
    {NULL, 0, NULL, NULL}};

static int run(ty_cli *c);

const ty_cli_command ty_cmd_align = {
    .name = "align",
    .summary = "align the sentences of a Japanese and an English document",
    .usage = "[OPTIONS] JA EN",
    .description = "Align the sentences of a Japanese document JA with those of its English "
                   "version EN: plain text, HTML pages, Word .docx files, PDFs or e-Gov law XML "
                   "(see 'taiyaku segment'). Each output line is a bead: some Japanese segments "
                   "(possibly none) that translate some English segments (possibly none), with a confidence "
                   "in [0,1]: the estimated probability that this bead is right (held out by "
                   "document, beads at 0.9 or more were right 99.6% of the time on our test "
                   "corpus with dictionaries, 99.5% without; review the others). "
                   "Either file may be '-' for standard input.",
    .options = options,
    .notes = "Anchors: numbers, dates and times across scripts, Latin-script tokens, katakana "
             "names, speaker labels and headings are always used. A Japanese-English dictionary "
             "adds much: install Debian's EDICT and ENAMDICT packages (they go to "
             "/usr/share/edict/) with\n"
             "    sudo apt-get install edict enamdict\n"
             "and taiyaku uses them automatically (it builds an index cache the first time). "
             "Without them it still aligns, a little less accurately. The aligner also learns a "
             "small lexicon from the two documents themselves.",
    .run = run,
};

/* An output format: writes the whole alignment; returns 0, or -1 when out of memory. */
typedef int (*align_sink)(FILE *out, const ty_doc *ja, const ty_doc *en, const ty_alignment *al);

static void indices(FILE *out, size_t first, size_t count)
{
    fputc('[', out);
    for (size_t k = 0; k < count; k++)
        fprintf(out, k ? ",%zu" : "%zu", first + k);
    fputc(']', out);
}

/* Lines built in a buffer of their own and written a block at a time: one printf and a few
 * stdio calls per number cost more than the rest of the line. */
typedef struct line_buf {
    FILE *out;
    size_t n;
    char b[16384];
} line_buf;

/* Room for k more bytes (at most sizeof b), writing out what the buffer holds when needed. */
static char *room(line_buf *l, size_t k)
{
    if (l->n + k > sizeof l->b) {
        fwrite(l->b, 1, l->n, l->out);
        l->n = 0;
    }
    return l->b + l->n;
}

/* [first,first+1,…] as `indices` writes them. */
static void put_indices(line_buf *l, size_t first, size_t count)
{
    *room(l, 1) = '[';
    l->n++;
    for (size_t k = 0; k < count; k++) {
        char *p = room(l, 21), *start = p;
        if (k)
            *p++ = ',';
        p += ty_cli_put_size(p, first + k);
        l->n += (size_t)(p - start);
    }
    *room(l, 1) = ']';
    l->n++;
}

/* "\t%.3f\n" of a confidence. */
static void put_confidence(line_buf *l, double confidence)
{
    char *p = room(l, TY_CLI_FIXED3_MAX + 2);
    *p++ = '\t';
    p += ty_cli_fixed3(p, confidence);
    *p++ = '\n';
    l->n = (size_t)(p - l->b);
}

static int sink_beads(FILE *out, const ty_doc *ja, const ty_doc *en, const ty_alignment *al)
{
    line_buf l;

    (void)ja;
    (void)en;
    l.out = out;
    l.n = 0;
    for (size_t i = 0; i < ty_alignment_count(al); i++) {
        const ty_bead *b = ty_alignment_bead(al, i);
        put_indices(&l, b->ja_first, b->ja_count);
        *room(&l, 1) = ':';
        l.n++;
        put_indices(&l, b->en_first, b->en_count);
        put_confidence(&l, b->confidence);
    }
    fwrite(l.b, 1, l.n, out);
    return 0;
}

/* A side's text as one TSV field (tabs, line breaks and other control characters become
 * spaces: text_out.h). */
static int tsv_field(FILE *out, const ty_doc *doc, size_t first, size_t count)
{
    char *t = ty_doc_join(doc, first, count);
    if (!t)
        return -1;
    ty_cli_put_flat(out, t, strlen(t));
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
    int format_given, strict, force;
    const char *format, *db;
    ty_cli_read rd;       /* --input-format, --content, --drop, --encoding, --lenient */
    ty_align_opts aopts;
    ty_cli_lexicon lex;   /* -x, --no-lexicon, --lexicon-cache */
    ty_cli_align_tmx tmx; /* -o FILE.tmx, --format tmx */
    ty_bead pins[64];     /* --pin */
    size_t npins;
} align_args;

/* "4" or "4-5" into first, count; 0, or -1 when it is neither. */
static int parse_span(const char *s, const char *end, size_t *first, size_t *count)
{
    char buf[48], *dash;
    long a, b;

    if (end - s <= 0 || end - s >= (long)sizeof buf)
        return -1;
    memcpy(buf, s, (size_t)(end - s));
    buf[end - s] = '\0';
    if ((dash = strchr(buf, '-')))
        *dash = '\0';
    if (ty_cli_parse_long(buf, 0, 0x7fffffffL, &a) != 0 ||
        ty_cli_parse_long(dash ? dash + 1 : buf, a, a + 1000, &b) != 0)
        return -1;
    *first = (size_t)a;
    *count = (size_t)(b - a + 1);
    return 0;
}

/* --pin JA:EN */
static int pin_option(ty_cli *c, align_args *a)
{
    const char *colon = strchr(c->arg, ':');
    ty_bead *p = &a->pins[a->npins];

    if (a->npins == sizeof a->pins / sizeof a->pins[0])
        return ty_cli_usage(c, "at most %zu --pin", sizeof a->pins / sizeof a->pins[0]);
    if (!colon || parse_span(c->arg, colon, &p->ja_first, &p->ja_count) != 0 ||
        parse_span(colon + 1, colon + strlen(colon), &p->en_first, &p->en_count) != 0)
        return ty_cli_usage(c, "--pin wants JA:EN segment numbers (3:4, 3:4-5), not '%s'",
                            c->arg);
    p->confidence = 1;
    a->npins++;
    return 0;
}

/* Returns -1 to go on, else the exit code. */
static int parse_args(ty_cli *c, align_args *a)
{
    ty_error e;
    long v;
    int k, r;

    while ((k = ty_cli_next(c)) > 0) {
        switch (k) {
        case 's': a->rd.opts.segmented = 1; break;
        case 'f': a->format = c->arg; a->format_given = 1; break;
        case 'd': a->db = c->arg; break;
        case 'j':
            if (ty_cli_number(c, 1, 64, &v))
                return TY_EXIT_USAGE;
            a->aopts.threads = (size_t)v;
            break;
        case 'b':
            if (ty_align_beads_parse(c->arg, &a->aopts.beads, &e) != TY_OK)
                return ty_cli_usage(c, "%s", e.message);
            break;
        case OPT_STRICT: a->strict = 1; break;
        case OPT_FORCE: a->force = 1; break;
        case OPT_PIN:
            if (pin_option(c, a))
                return TY_EXIT_USAGE;
            break;
        default:
            if ((r = ty_cli_read_option(c, &a->rd, k)) == TY_EXIT_USAGE)
                return r;
            if (!r && !ty_cli_lexicon_option(c, &a->lex, k) &&
                (r = ty_cli_align_tmx_option(c, &a->tmx, k)) == TY_EXIT_USAGE)
                return r;
        }
    }
    if (k < 0)
        return c->rc;
    if (ty_cli_operands(c, 2, 2, "two files, JA and EN"))
        return TY_EXIT_USAGE;
    return -1;
}

/* Read both documents as one run, the first as `ja`; on failure neither is set. The lexicon
 * loading beside the reading (lex; NULL when there is none to wait for) is waited for first,
 * so that its error comes before anything the reading says, as when it was loaded before.
 * Returns an exit code, or -1 to go on. */
static int read_docs(ty_cli *c, const align_args *a, ty_cli_lexicon *lex, const char *jp,
                     const char *ep, ty_doc **ja, ty_doc **en, ty_error *e)
{
    const char *paths[2] = {jp, ep};
    const ty_lang langs[2] = {TY_LANG_JA, TY_LANG_EN};
    ty_doc *docs[2] = {NULL, NULL};
    ty_status st = ty_documents_read(2, paths, langs, &a->rd.opts, docs, e);
    int rc;

    if (lex && (rc = ty_cli_lexicon_wait(c, lex)) != TY_EXIT_OK) {
        ty_doc_free(docs[0]);
        ty_doc_free(docs[1]);
        return rc;
    }
    if (st != TY_OK)
        return ty_cli_fail(c, e);
    ty_cli_read_warn(c, docs[0]);
    ty_cli_read_warn(c, docs[1]);
    *ja = docs[0];
    *en = docs[1];
    return -1;
}

/* Two operands that cannot be a document and its translation: standard input twice, or one
 * file twice. */
static int refuse_pair(ty_cli *c, const char *ja, const char *en)
{
    if (!strcmp(ja, "-") && !strcmp(en, "-"))
        return ty_cli_error(c, "JA and EN are both standard input ('-'): it can be one of them");
    if (ty_same_file(ja, en))
        return ty_cli_error(c, "JA and EN are the same file (%s): give a document and its "
                               "translation", ja);
    return TY_EXIT_OK;
}

/* A side with no text: nothing on it to align with the other. */
static int refuse_empty(ty_cli *c, const char *path, const ty_doc *doc)
{
    if (ty_doc_count(doc) > 0)
        return TY_EXIT_OK;
    return ty_cli_error(c, "%s: no text to align (the document is empty or white space only)",
                        strcmp(path, "-") ? path : "<stdin>");
}

/* Read both sides and check their languages: swapped sides are read again the other way
 * round (with a warning, or refused with --strict); a side in neither language is an error
 * unless --force. Returns an exit code, or -1 to go on. */
static int read_pair(ty_cli *c, const align_args *a, ty_cli_lexicon *lex, ty_doc **ja,
                     ty_doc **en, ty_error *e)
{
    const char *jp = c->args[0], *ep = c->args[1];
    ty_pair_check k;
    int rc;

    if ((rc = read_docs(c, a, lex, jp, ep, ja, en, e)) >= 0)
        return rc;
    k = ty_pair_check_docs(*ja, *en);
    if (k == TY_PAIR_SWAPPED) {
        if (a->strict)
            return ty_cli_error(c, "%s and %s: %s (--strict)", jp, ep, ty_pair_check_text(k));
        fprintf(c->err, "taiyaku: %s and %s: warning: %s: swapped back\n", jp, ep,
                ty_pair_check_text(k));
        ty_doc_free(*ja);
        ty_doc_free(*en);
        *ja = *en = NULL;
        if ((rc = read_docs(c, a, NULL, ep, jp, ja, en, e)) >= 0)
            return rc;
    } else if (k != TY_PAIR_OK && !a->force) {
        return ty_cli_error(c, "%s: %s (--force aligns it anyway)",
                            k == TY_PAIR_NOT_JAPANESE ? jp : ep, ty_pair_check_text(k));
    }
    return -1;
}

/* Before storing: refuse a pair that does not look like a translation (unless --force). */
static int check_alignment(ty_cli *c, const align_args *a, const ty_doc *ja, const ty_doc *en,
                           const ty_alignment *al, int storing)
{
    ty_alignment_summary s;
    ty_error e;

    ty_error_clear(&e);
    if (ty_alignment_summarize_pair(ja, en, al, &s, &e) != TY_OK)
        return ty_cli_fail(c, &e);
    if (ty_pair_check_alignment(&s, NULL) == TY_PAIR_OK)
        return TY_EXIT_OK;
    if (!storing || a->force) {
        fprintf(c->err, "taiyaku: %s and %s: warning: %s mean confidence %.2f, %.0f%% of the "
                        "segments unpaired\n",
                c->args[0], c->args[1], ty_pair_check_text(TY_PAIR_NOT_TRANSLATION),
                s.mean_confidence, 100 * s.unpaired_share);
        return TY_EXIT_OK;
    }
    return ty_cli_error(c, "%s and %s: %s mean confidence %.2f, %.0f%% of the segments unpaired, "
                           "score %.2f (ty_pair_score): not stored (--force stores it)",
                        c->args[0], c->args[1], ty_pair_check_text(TY_PAIR_NOT_TRANSLATION),
                        s.mean_confidence, 100 * s.unpaired_share, ty_pair_score(&s));
}

/* --db: add the alignment to a translation memory and say what was added. */
static int store(ty_cli *c, const align_args *a, const ty_doc *ja, const ty_doc *en,
                 const ty_alignment *al)
{
    ty_tm_docinfo info = {NULL, NULL, NULL, NULL};
    ty_tm_import_stats st;
    ty_tm *tm = NULL;
    ty_error e;
    char when[32];
    int rc = TY_EXIT_OK;

    ty_error_clear(&e);
    if ((rc = ty_cli_import_time(c, when, sizeof when, &info.imported_at)) != TY_EXIT_OK ||
        (rc = ty_cli_tm_open(c, a->db, TY_TM_CREATE, &tm)) != TY_EXIT_OK)
        return rc;
    if (ty_tm_add_alignment(tm, ja, en, al, &info, &st, &e) != TY_OK)
        rc = ty_cli_fail(c, &e);
    else if (st.already)
        fprintf(c->out, "%s: already in the memory (document %lld): nothing added\n", a->db,
                st.document);
    else
        fprintf(c->out, "%s: %zu beads: %zu units added, %zu merged, %zu one-sided left out "
                        "(document %lld)\n",
                a->db, st.units, st.added, st.merged, st.one_sided, st.document);
    ty_tm_close(tm);
    return rc;
}

static int run(ty_cli *c)
{
    align_args a;
    align_sink sink = NULL;
    int tmx;
    ty_error e;
    ty_doc *ja = NULL, *en = NULL;
    ty_alignment *al = NULL;
    int rc;

    memset(&a, 0, sizeof a);
    ty_error_clear(&e);
    ty_align_opts_init(&a.aopts);
    a.aopts.threads = 0; /* the command has the machine to itself: every core */
    a.format = "beads";
    ty_cli_align_tmx_init(&a.tmx);
    ty_cli_read_init(&a.rd);
    if ((rc = ty_cli_lexicon_init(c, &a.lex)) != TY_EXIT_OK)
        return rc;
    if ((rc = parse_args(c, &a)) >= 0)
        goto done;
    /* the two documents read at once as the alignment's threads allow, each tallying its
     * letters by script for the pair check on the thread that read it */
    a.rd.opts.threads = a.aopts.threads ? a.aopts.threads : ty_cli_cores();
    a.rd.opts.scripts = 1;
    if ((rc = tmx = ty_cli_align_tmx_wanted(c, &a.tmx, a.format_given ? a.format : NULL)) ==
        TY_EXIT_USAGE)
        goto done;
    for (size_t k = 0; k < sizeof sinks / sizeof sinks[0]; k++)
        if (!strcmp(a.format, sinks[k].name))
            sink = sinks[k].fn;
    if (!sink && !tmx) {
        rc = ty_cli_usage(c, "unknown format '%s' (beads, tsv, jsonl or tmx)", a.format);
        goto done;
    }
    if ((rc = refuse_pair(c, c->args[0], c->args[1])) != TY_EXIT_OK ||
        (rc = ty_cli_output(c, a.tmx.output, a.db)) != TY_EXIT_OK)
        goto done;
    if ((rc = ty_cli_read_ready(c, &a.rd)) != TY_EXIT_OK)
        goto done;
    /* the lexicon loads beside the reading (with one thread, before it); a --lexicon-cache
     * that cannot be used is refused before anything the reading says */
    ty_cli_lexicon_start(&a.lex, a.rd.opts.threads > 1);
    if (!a.lex.started && (rc = ty_cli_lexicon_wait(c, &a.lex)) != TY_EXIT_OK)
        goto done;
    if ((rc = read_pair(c, &a, &a.lex, &ja, &en, &e)) >= 0)
        goto done;
    if ((rc = refuse_empty(c, c->args[0], ja)) != TY_EXIT_OK ||
        (rc = refuse_empty(c, c->args[1], en)) != TY_EXIT_OK)
        goto done;
    a.aopts.lexicon = a.lex.lexicon;
    if (ty_align_pinned(ja, en, a.pins, a.npins, &a.aopts, &al, &e) != TY_OK)
        goto fail;
    if ((rc = check_alignment(c, &a, ja, en, al, a.db || tmx)) != TY_EXIT_OK)
        goto done;
    if (a.db && (rc = store(c, &a, ja, en, al)) != TY_EXIT_OK)
        goto done;
    if (tmx)
        rc = ty_cli_align_tmx_write(c, &a.tmx, ja, en, al);
    else if ((!a.db || a.format_given) && sink(c->out, ja, en, al) != 0)
        rc = ty_cli_oom(c);
    else
        rc = TY_EXIT_OK;
    goto done;
fail:
    rc = ty_cli_fail(c, &e);
done:
    ty_alignment_free(al);
    ty_cli_lexicon_done(&a.lex);
    ty_doc_free(ja);
    ty_doc_free(en);
    ty_cli_read_done(&a.rd);
    return rc;
}
