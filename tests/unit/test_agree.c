/*
 * test_agree.c — the pair check's anchors (batch/agree.c) when ty_align hands over the ones it
 * read: for transcripts with speaker labels whose anchors move to the next sentence, greetings
 * left out, beads of several segments (the first without anchors, or with), section headings,
 * numbers, Latin tokens and katakana names, aligned with a glossary and without, every
 * segment's kept anchors equal a fresh extraction without the dictionaries, and the summary
 * equals the one from an alignment of the same beads that kept nothing (which extracts them
 * again).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "align/align.h"
#include "anchors/anchors.h"
#include "taiyaku.h"
#include "tap.h"

typedef struct agree_case {
    const char *name;
    const char *ja, *en;
    size_t numbers_shared, names_shared; /* at least these (the case has anchors to compare) */
} agree_case;

static const agree_case cases[] = {
    {"transcript: labels, a greeting left out, a name in the label",
     "外務大臣会見記録\n\n"
     "【ブリンケン国務長官】おはようございます。\n"
     "2024年のG7外相会合で、ウクライナへの300万ドルの支援を決定しました。\n"
     "この資金は、国際機関を通じて配布されます。\n\n"
     "【共同通信　田中記者】共同通信の田中です。\n"
     "ゼレンスキー大統領との会談について伺います。\n"
     "追加の支援は検討していますか。\n",
     "Press Conference by Secretary Blinken\n\n"
     "Secretary Blinken: At the G7 Foreign Ministers' Meeting in 2024, we decided on assistance "
     "of 3 million dollars to Ukraine.\n"
     "The funds will be distributed through international organizations.\n\n"
     "Reporter: I have a question about the meeting with President Zelenskyy.\n"
     "Are you considering additional assistance?\n",
     2, 2},
    {"beads of several segments, section headings",
     "質疑応答\n\n"
     "はい。\n"
     "5月3日にマクロン大統領と会談しました。\n"
     "会談は約45分間行われました。両首脳はNATOについて議論しました。\n"
     "以上です。\n",
     "Questions and Answers\n\n"
     "Yes, I met with President Macron on May 3.\n"
     "The meeting lasted about 45 minutes.\n"
     "The two leaders discussed NATO.\n"
     "That is all.\n",
     2, 1},
};

static const char glossary[] = "会談\tmeeting; talks\n支援\tassistance\n首脳\tleader\n資金\tfunds\n";

static ty_doc *labelled_doc(ty_lang lang, const char *s)
{
    ty_segmenter *sg = NULL;
    ty_doc *d = NULL;
    ty_error e;
    if (ty_segmenter_new(lang, &sg, &e) != TY_OK ||
        ty_segment_lines(sg, s, strlen(s), "t", &d, &e) != TY_OK) {
        printf("# ty_segment_lines: %s\n", e.message);
        exit(99);
    }
    ty_segmenter_free(sg);
    return d;
}

/* Whether every segment's kept anchors are those a context without a lexicon extracts. */
static int kept_as_extracted(const ty_doc *doc, const ty__doc_anchors *kept)
{
    ty_anchor_ctx *ctx = NULL;
    ty_anchor_set set = {NULL, 0, 0};
    ty_error e;
    int same = kept && kept->nseg == ty_doc_count(doc);

    if (ty__anchor_ctx_new(NULL, &ctx, &e) != TY_OK)
        exit(99);
    for (size_t i = 0; same && i < ty_doc_count(doc); i++) {
        const ty_segment *g = ty_doc_segment(doc, i);
        set.n = 0;
        if (ty__anchors_extract(ctx, ty_doc_lang(doc), g->text, g->len, &set) != TY_OK)
            exit(99);
        same = set.n == kept->off[i + 1] - kept->off[i];
        for (size_t k = 0; same && k < set.n; k++)
            same = set.v[k].kind == kept->kind[kept->off[i] + k] &&
                   set.v[k].key == kept->key[kept->off[i] + k];
        if (!same)
            printf("# segment %zu differs: %zu anchors extracted, %zu kept\n", i, set.n,
                   kept->off[i + 1] - kept->off[i]);
    }
    ty__anchor_set_free(&set);
    ty__anchor_ctx_free(ctx);
    return same;
}

static void agree_one(const agree_case *c, const ty_lexicon *lex)
{
    const char *with = lex ? "with the glossary" : "without";
    ty_doc *ja = labelled_doc(TY_LANG_JA, c->ja), *en = labelled_doc(TY_LANG_EN, c->en);
    ty_alignment *al = NULL, *bare = NULL;
    ty_alignment_summary kept, again;
    ty_align_opts o;
    ty_error e;

    ty_align_opts_init(&o);
    o.lexicon = lex;
    if (ty_align(ja, en, &o, &al, &e) != TY_OK) {
        printf("# ty_align: %s\n", e.message);
        exit(99);
    }
    size_t n = ty_alignment_count(al);
    ty_bead *beads = malloc((n ? n : 1) * sizeof *beads);
    if (!beads)
        exit(99);
    for (size_t k = 0; k < n; k++)
        beads[k] = *ty_alignment_bead(al, k);
    if (ty__alignment_adopt(beads, NULL, NULL, n, &bare, &e) != TY_OK)
        exit(99);
    ty_ok(kept_as_extracted(ja, ty__alignment_anchors(al, ja)),
          "%s, %s: the Japanese anchors kept are those extracted", c->name, with);
    ty_ok(kept_as_extracted(en, ty__alignment_anchors(al, en)),
          "%s, %s: the English anchors kept are those extracted", c->name, with);
    ty_ok(!ty__alignment_anchors(al, NULL) && !ty__alignment_anchors(bare, ja) &&
              ty__alignment_anchors(al, ja) != ty__alignment_anchors(al, en),
          "%s, %s: the anchors are the documents' own, an adopted alignment keeps none", c->name,
          with);
    ty_is_int(ty_alignment_summarize_pair(ja, en, al, &kept, &e), TY_OK, "%s, %s: summary",
              c->name, with);
    ty_is_int(ty_alignment_summarize_pair(ja, en, bare, &again, &e), TY_OK,
              "%s, %s: summary extracting again", c->name, with);
    ty_ok(kept.numbers_shared >= c->numbers_shared && kept.names_shared >= c->names_shared,
          "%s, %s: %zu numbers and %zu names shared", c->name, with, kept.numbers_shared,
          kept.names_shared);
    ty_ok(kept.numbers[0] == again.numbers[0] && kept.numbers[1] == again.numbers[1] &&
              kept.numbers_shared == again.numbers_shared && kept.names == again.names &&
              kept.names_shared == again.names_shared && kept.anchored == again.anchored &&
              kept.agreeing == again.agreeing && kept.agreement == again.agreement &&
              kept.anchored_agreeing == again.anchored_agreeing,
          "%s, %s: the same anchor counts either way (%zu/%zu numbers, %zu names, %zu/%zu "
          "beads)",
          c->name, with, kept.numbers_shared, again.numbers_shared, kept.names, kept.agreeing,
          kept.anchored);
    ty_alignment_free(al);
    ty_alignment_free(bare);
    ty_doc_free(ja);
    ty_doc_free(en);
}

int main(void)
{
    const char *tmp = getenv("TMPDIR");
    char path[4096];
    ty_lexicon *lex = NULL;
    ty_error e;
    FILE *f;
    int fd;

    snprintf(path, sizeof path, "%s/taiyaku-agree-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if ((fd = mkstemp(path)) < 0 || !(f = fdopen(fd, "w")) || fputs(glossary, f) < 0 ||
        fclose(f) != 0)
        return 99;
    if (ty_lexicon_new(&lex, &e) != TY_OK || ty_lexicon_add_tsv(lex, path, &e) != TY_OK) {
        printf("# glossary: %s\n", e.message);
        unlink(path);
        return 99;
    }
    unlink(path);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        agree_one(&cases[i], NULL);
        agree_one(&cases[i], lex);
    }
    ty_lexicon_free(lex);
    return ty_done();
}
