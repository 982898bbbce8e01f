/*
 * test_batch_check.c — the decisions of src/batch/check.c, table-driven at and around their
 * margins: the languages of a pair's sides from letter counts (ty_pair_check_langs: a
 * Japanese letter weighs five Latin ones, half is Japanese; a side without letters is not
 * judged; other scripts), the verdict on an alignment summary (ty_pair_check_alignment: mean
 * 0.75, unpaired 0.5, no beads; with anchors, the score ty_pair_score at 0.68), the tally of an alignment file's units (ty_pair_tally:
 * summary from confidences, shapes, positions and unpaired notes, document runs, its verdict at
 * 0.89), the TMX reader's swap_sides that `import` uses to swap a file back, and when a batch
 * indexes its pending units (ty__batch_fold_due: 10 s and max(4,096, indexed / 8) units).
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "taiyaku.h"
#include "batch/batch.h"

typedef struct langs_case {
    const char *name;
    ty_script_counts ja, en;
    ty_pair_check want;
} langs_case;

static const langs_case langs_cases[] = {
    {"Japanese and English", {100, 20, 0}, {0, 500, 0}, TY_PAIR_OK},
    {"swapped", {0, 500, 0}, {100, 20, 0}, TY_PAIR_SWAPPED},
    {"Japanese side exactly half Japanese (1 ja = 5 latin)", {10, 50, 0}, {0, 50, 0}, TY_PAIR_OK},
    {"Japanese side just under half", {10, 51, 0}, {0, 50, 0}, TY_PAIR_NOT_JAPANESE},
    {"English side exactly half Japanese is Japanese", {10, 0, 0}, {10, 50, 0},
     TY_PAIR_NOT_ENGLISH},
    {"English side just under half", {10, 0, 0}, {10, 51, 0}, TY_PAIR_OK},
    {"both Japanese", {10, 0, 0}, {10, 0, 0}, TY_PAIR_NOT_ENGLISH},
    {"both English", {0, 10, 0}, {0, 10, 0}, TY_PAIR_NOT_JAPANESE},
    {"Japanese side without letters is not judged", {0, 0, 0}, {0, 10, 0}, TY_PAIR_OK},
    {"English side without letters is not judged", {10, 0, 0}, {0, 0, 0}, TY_PAIR_OK},
    {"Japanese side in another script", {0, 0, 10}, {0, 10, 0}, TY_PAIR_NOT_JAPANESE},
    {"other letters exactly as many as the rest: judged", {5, 0, 5}, {0, 10, 0}, TY_PAIR_OK},
    {"other letters one more than the rest", {5, 0, 6}, {0, 10, 0}, TY_PAIR_NOT_JAPANESE},
    {"English side in another script", {10, 0, 0}, {0, 3, 4}, TY_PAIR_NOT_ENGLISH},
    {"swapped with one side in another script is not swapped", {0, 10, 0}, {0, 0, 10},
     TY_PAIR_NOT_JAPANESE},
};

typedef struct verdict_case {
    const char *name;
    size_t beads;
    double mean, unpaired;
    ty_pair_check want;
} verdict_case;

static const verdict_case verdict_cases[] = {
    {"a good pair", 40, 0.95, 0.05, TY_PAIR_OK},
    {"mean exactly 0.75", 40, 0.75, 0.0, TY_PAIR_OK},
    {"mean just under 0.75", 40, 0.7499, 0.0, TY_PAIR_NOT_TRANSLATION},
    {"unpaired exactly half", 40, 0.95, 0.5, TY_PAIR_OK},
    {"unpaired just over half", 40, 0.95, 0.5001, TY_PAIR_NOT_TRANSLATION},
    {"no beads", 0, 1.0, 0.0, TY_PAIR_NOT_TRANSLATION},
    {"one bead", 1, 0.75, 0.0, TY_PAIR_OK},
};

/* A summary with anchors (ty_alignment_summarize_pair's fields): its score
 * (2 mean (1 - unpaired) + (2 numbers_shared + names_shared) / (numbers + names)) / 3 and the
 * verdict at TY_PAIR_MIN_SCORE 0.68. */
typedef struct score_case {
    const char *name;
    double mean, unpaired;
    size_t numbers_ja, numbers_en, numbers_shared, names, names_shared;
    double score;
    ty_pair_check want;
} score_case;

static const score_case score_cases[] = {
    {"a true pair: every anchor shared", 0.95, 0.0, 10, 10, 10, 4, 4, (1.9 + 1.0) / 3, TY_PAIR_OK},
    {"a look-alike: confident, dates and numbers differ", 0.85, 0.06, 20, 20, 2, 6, 2,
     (2 * 0.85 * 0.94 + 6.0 / 46) / 3, TY_PAIR_NOT_TRANSLATION},
    {"the corpus's lowest true pair (0.79)", 0.998, 0.0, 60, 60, 20, 40, 35, (1.996 + 75.0 / 160) / 3,
     TY_PAIR_OK},
    {"score just over 0.68 is kept", 0.7805, 0.0, 25, 25, 12, 0, 0, (1.561 + 0.48) / 3,
     TY_PAIR_OK},
    {"score just under 0.68", 0.7795, 0.0, 25, 25, 12, 0, 0, (1.559 + 0.48) / 3,
     TY_PAIR_NOT_TRANSLATION},
    {"names only: the Japanese side's names found", 0.9, 0.0, 0, 0, 0, 8, 8, (1.8 + 1.0) / 3,
     TY_PAIR_OK},
    {"English numbers only, none shared", 0.9, 0.0, 0, 8, 0, 0, 0, 1.8 / 3,
     TY_PAIR_NOT_TRANSLATION},
    {"no anchors: judged by the mean alone", 0.76, 0.0, 0, 0, 0, 0, 0, -1, TY_PAIR_OK},
    {"7 anchors, none shared: too few, judged by the mean", 0.9, 0.0, 3, 4, 0, 0, 0, -1,
     TY_PAIR_OK},
    {"8 anchors, none shared: judged", 0.9, 0.0, 4, 4, 0, 0, 0, 1.8 / 3,
     TY_PAIR_NOT_TRANSLATION},
};

static void score_one(const score_case *c)
{
    ty_alignment_summary s;

    memset(&s, 0, sizeof s);
    s.beads = 40;
    s.mean_confidence = c->mean;
    s.unpaired_share = c->unpaired;
    s.numbers[0] = c->numbers_ja;
    s.numbers[1] = c->numbers_en;
    s.numbers_shared = c->numbers_shared;
    s.names = c->names;
    s.names_shared = c->names_shared;
    ty_ok(fabs(ty_pair_score(&s) - c->score) < 1e-9, "score: %s (%.4f, want %.4f)", c->name,
          ty_pair_score(&s), c->score);
    ty_is_int(ty_pair_check_alignment(&s, NULL), c->want, "score verdict: %s", c->name);
}

/* A unit of an alignment file: texts, confidence, shape and props as "type=value" pairs. */
typedef struct tu {
    const char *ja, *en;
    double confidence;
    const char *shape;
    const char *props[6];
} tu;

#define JA "日本語の文です。"
#define EN "An English sentence."

typedef struct tally_case {
    const char *name;
    tu units[6];
    int alignment;        /* ty_pair_tally_summary's return */
    size_t beads, ja_segments, en_segments, one_zero, zero_one, one_two;
    double mean, unpaired;
    ty_pair_check langs, verdict;
} tally_case;

static const tally_case tally_cases[] = {
    {"no confidences: not an alignment",
     {{JA, EN, -1, NULL, {NULL}}, {JA, EN, -1, NULL, {NULL}}},
     0, 0, 0, 0, 0, 0, 0, 0, 0, TY_PAIR_OK, TY_PAIR_OK},
    {"mean exactly 0.89",
     {{JA, EN, 0.88, "1:1", {"x-ja-segments=0", "x-en-segments=0"}},
      {JA, EN, 0.90, "1:1", {"x-ja-segments=1", "x-en-segments=1"}}},
     1, 2, 2, 2, 0, 0, 0, 0.89, 0, TY_PAIR_OK, TY_PAIR_OK},
    {"mean just under 0.89",
     {{JA, EN, 0.88, "1:1", {"x-ja-segments=0", "x-en-segments=0"}},
      {JA, EN, 0.8998, "1:1", {"x-ja-segments=1", "x-en-segments=1"}}},
     1, 2, 2, 2, 0, 0, 0, 0.8899, 0, TY_PAIR_OK, TY_PAIR_NOT_TRANSLATION},
    {"gaps in the positions are unpaired segments",
     {{JA, EN, 0.95, "1:1", {"x-ja-segments=0", "x-en-segments=0"}},
      {JA, EN, 0.95, "1:2", {"x-ja-segments=2", "x-en-segments=1-2"}}},
     /* ja 0..2 with 1 unpaired, en 0..2 all paired: 1 of 6 segments */
     1, 3, 3, 3, 1, 0, 1, 0.95, 1.0 / 6, TY_PAIR_OK, TY_PAIR_OK},
    {"unpaired notes count; exactly half unpaired",
     {{JA, EN, 0.95, "1:1", {"x-ja-segments=0", "x-en-segments=0", "x-unpaired-en=1-2"}}},
     /* ja 0, en 0..2: 2 of 4 segments unpaired */
     1, 3, 1, 3, 0, 2, 0, 0.95, 0.5, TY_PAIR_OK, TY_PAIR_OK},
    {"just over half unpaired",
     {{JA, EN, 0.95, "1:1", {"x-ja-segments=0", "x-en-segments=0", "x-unpaired-en=1-3"}}},
     1, 4, 1, 4, 0, 3, 0, 0.95, 0.6, TY_PAIR_OK, TY_PAIR_NOT_TRANSLATION},
    {"two document pairs: each run's own segments",
     {{JA, EN, 0.95, "1:1", {"x-ja-document=a", "x-en-document=b", "x-ja-segments=3",
                             "x-en-segments=3"}},
      {JA, EN, 0.95, "1:1", {"x-ja-document=c", "x-en-document=d", "x-ja-segments=0",
                             "x-en-segments=0"}}},
     /* run a: 0..3 of each side, one pair: 6 unpaired; run c: none; 6 of 10 */
     1, 8, 5, 5, 3, 3, 0, 0.95, 0.6, TY_PAIR_OK, TY_PAIR_NOT_TRANSLATION},
    {"positions that do not read: the shape gives the segments",
     {{JA, EN, 0.95, "2:1", {"x-ja-segments=?", "x-en-segments=1-"}},
      {JA, EN, 0.93, NULL, {"x-ja-segments=", "x-en-segments=x"}}},
     1, 2, 3, 2, 0, 0, 0, 0.94, 0, TY_PAIR_OK, TY_PAIR_OK},
    {"confidences without positions (a hand-made memory): not an alignment",
     {{JA, EN, 0.2, "1:1", {"x-ja-segments=0"}}, {JA, EN, 0.3, NULL, {"x-en-segments=0"}}},
     0, 0, 0, 0, 0, 0, 0, 0, 0, TY_PAIR_OK, TY_PAIR_OK},
    {"swapped texts",
     {{EN, JA, 0.95, "1:1", {"x-ja-segments=0", "x-en-segments=0"}},
      {EN, JA, 0.95, "1:1", {"x-ja-segments=1", "x-en-segments=1"}}},
     1, 2, 2, 2, 0, 0, 0, 0.95, 0, TY_PAIR_SWAPPED, TY_PAIR_OK},
    {"a unit not of an alignment counts for the languages only",
     {{JA, EN, 0.95, "1:1", {"x-ja-segments=0", "x-en-segments=0"}},
      {EN, EN, -1, NULL, {"x-ja-segments=5", "x-en-segments=5"}}},
     1, 1, 1, 1, 0, 0, 0, 0.95, 0, TY_PAIR_OK, TY_PAIR_OK},
    {"export of a memory: runs by x-document",
     {{JA, EN, 0.95, "1:1", {"x-document=a | b", "x-ja-segments=2", "x-en-segments=2"}},
      {JA, EN, 0.95, "1:1", {"x-document=c | d", "x-ja-segments=0", "x-en-segments=0"}}},
     /* a | b: segments 0..2 of each side, one paired: 4 unpaired of 6 beads' 6 segments */
     1, 6, 4, 4, 2, 2, 0, 0.95, 4.0 / 8, TY_PAIR_OK, TY_PAIR_OK},
};

static int near(double a, double b)
{
    return a - b < 1e-9 && b - a < 1e-9;
}

static void tally_one(const tally_case *c)
{
    ty_pair_tally *t = ty_pair_tally_new();
    ty_alignment_summary s, s2;
    ty_error e;
    int ok = 1;

    for (size_t i = 0; i < 6 && c->units[i].ja; i++) {
        const tu *x = &c->units[i];
        ty_prop props[6];
        char buf[6][64];
        ty_unit u;
        size_t n = 0;
        memset(&u, 0, sizeof u);
        for (; n < 6 && x->props[n]; n++) {
            char *eq;
            snprintf(buf[n], sizeof buf[n], "%s", x->props[n]);
            eq = strchr(buf[n], '=');
            *eq = 0;
            props[n].type = buf[n];
            props[n].value = eq + 1;
        }
        u.ja = x->ja;
        u.en = x->en;
        u.confidence = x->confidence;
        u.shape = x->shape;
        u.props = n ? props : NULL;
        u.nprops = n;
        ok &= ty_pair_tally_add(t, &u, &e) == TY_OK;
    }
    ty_ok(ok, "%s: tallied", c->name);
    ty_is_int(ty_pair_tally_summary(t, &s), c->alignment, "%s: an alignment?", c->name);
    if (c->alignment) {
        ty_is_int((long long)s.beads, (long long)c->beads, "%s: beads", c->name);
        ty_is_int((long long)s.ja_segments, (long long)c->ja_segments, "%s: ja segments",
                  c->name);
        ty_is_int((long long)s.en_segments, (long long)c->en_segments, "%s: en segments",
                  c->name);
        ty_is_int((long long)s.shapes[TY_BEAD_1_0], (long long)c->one_zero, "%s: 1:0", c->name);
        ty_is_int((long long)s.shapes[TY_BEAD_0_1], (long long)c->zero_one, "%s: 0:1", c->name);
        ty_is_int((long long)s.shapes[TY_BEAD_1_2], (long long)c->one_two, "%s: 1:2", c->name);
        ty_ok(near(s.mean_confidence, c->mean), "%s: mean %.4f", c->name, s.mean_confidence);
        ty_ok(near(s.unpaired_share, c->unpaired), "%s: unpaired %.4f", c->name,
              s.unpaired_share);
    }
    ty_is_int(ty_pair_tally_langs(t), c->langs, "%s: languages", c->name);
    ty_is_int(ty_pair_tally_check(t, NULL, &s2), c->verdict, "%s: verdict", c->name);
    ty_pair_tally_free(t);
}

static const char swap_tmx[] =
    "<tmx version=\"1.4\"><header srclang=\"ja\" datatype=\"plaintext\" segtype=\"sentence\" "
    "adminlang=\"en\" o-tmf=\"x\" creationtool=\"t\" creationtoolversion=\"1\"/><body>"
    "<tu><prop type=\"x-confidence\">0.950</prop><prop type=\"x-shape\">12:3</prop>"
    "<prop type=\"x-ja-segments\">4</prop><prop type=\"x-en-segments\">7-8</prop>"
    "<prop type=\"x-unpaired-ja\">5</prop><prop type=\"x-other\">v</prop>"
    "<prop type=\"y-ja\">w</prop>"
    "<tuv xml:lang=\"ja-JP\"><seg>An English sentence.</seg></tuv>"
    "<tuv xml:lang=\"en-US\"><seg>日本語の文です。</seg></tuv></tu></body></tmx>";

typedef struct swapped {
    char line[512];
} swapped;

static ty_status keep(const ty_unit *u, void *ud)
{
    swapped *w = ud;
    int n = snprintf(w->line, sizeof w->line, "%s|%s|%s|%s|%s", u->ja, u->en, u->ja_lang,
                     u->en_lang, u->shape);
    for (size_t i = 0; i < u->nprops && n > 0 && (size_t)n < sizeof w->line; i++)
        n += snprintf(w->line + n, sizeof w->line - (size_t)n, "|%s=%s", u->props[i].type,
                      u->props[i].value);
    return TY_OK;
}

static void swap_sides(void)
{
    ty_tmx_read_opts o;
    swapped w = {""};
    ty_error e;

    ty_tmx_read_opts_init(&o);
    o.swap_sides = 1;
    ty_ok(ty_tmx_read_memory(swap_tmx, sizeof swap_tmx - 1, "swap", &o, keep, &w, NULL, &e) ==
              TY_OK,
          "swap_sides: read");
    ty_is_str(w.line,
              "日本語の文です。|An English sentence.|ja-JP|en-US|3:12|x-confidence=0.950|"
              "x-shape=3:12|x-en-segments=4|x-ja-segments=7-8|x-unpaired-en=5|x-other=v|y-ja=w",
              "swap_sides: texts, shape and side props exchanged, codes and other props kept");
}

typedef struct fold_case {
    const char *name;
    long long indexed, pending;
    double since;
    int want;
} fold_case;

static const fold_case fold_cases[] = {
    {"new memory, 4,096 pending after 10 s", 0, 4096, 10.0, 1},
    {"new memory, one unit fewer", 0, 4095, 10.0, 0},
    {"new memory, enough units, not yet 10 s", 0, 100000, 9.99, 0},
    {"a slow run folds no sooner: 60 s, few units", 1000, 500, 60.0, 0},
    {"small memory: the 4,096 floor", 20000, 4096, 10.0, 1},
    {"800,000 indexed: an eighth, 100,000, is due", 800000, 100000, 10.0, 1},
    {"800,000 indexed: 99,999 is not", 800000, 99999, 10.0, 0},
    {"800,000 indexed: 4,096 is not", 800000, 4096, 600.0, 0},
};

int main(void)
{
    ty_pair_check_opts o;

    for (size_t i = 0; i < sizeof langs_cases / sizeof langs_cases[0]; i++) {
        const langs_case *c = &langs_cases[i];
        ty_is_int(ty_pair_check_langs(&c->ja, &c->en), c->want, "languages: %s", c->name);
    }
    for (size_t i = 0; i < sizeof verdict_cases / sizeof verdict_cases[0]; i++) {
        const verdict_case *c = &verdict_cases[i];
        ty_alignment_summary s;
        memset(&s, 0, sizeof s);
        s.beads = c->beads;
        s.mean_confidence = c->mean;
        s.unpaired_share = c->unpaired;
        ty_is_int(ty_pair_check_alignment(&s, NULL), c->want, "verdict: %s", c->name);
    }
    {
        ty_alignment_summary s;
        memset(&s, 0, sizeof s);
        s.beads = 10;
        s.mean_confidence = 0.8;
        ty_pair_check_opts_init(&o);
        o.min_mean_confidence = 0.81;
        ty_is_int(ty_pair_check_alignment(&s, &o), TY_PAIR_NOT_TRANSLATION,
                  "verdict: the options' threshold is used");
        ty_ok(o.max_unpaired == 0.5 && o.min_unit_confidence == 0.89,
              "verdict: the defaults 0.5 and 0.89");
    }
    for (size_t i = 0; i < sizeof score_cases / sizeof score_cases[0]; i++)
        score_one(&score_cases[i]);
    ty_ok(o.min_score == TY_PAIR_MIN_SCORE && TY_PAIR_MIN_SCORE == 0.68,
          "verdict: the default score 0.68");
    for (size_t i = 0; i < sizeof tally_cases / sizeof tally_cases[0]; i++)
        tally_one(&tally_cases[i]);
    swap_sides();
    for (size_t i = 0; i < sizeof fold_cases / sizeof fold_cases[0]; i++) {
        const fold_case *c = &fold_cases[i];
        ty_is_int(ty__batch_fold_due(c->indexed, c->pending, c->since), c->want, "fold: %s",
                  c->name);
    }
    ty_is_str(ty_pair_check_text(TY_PAIR_NOT_TRANSLATION), "not a translation of each other?",
              "the verdict's text");
    return ty_done();
}
