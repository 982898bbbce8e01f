/*
 * test_check_pair.c — ty_check_pair: a new translation checked against a memory without being
 * stored. The memory holds four press conferences that render 法の支配に基づく自由で開かれた
 * 国際秩序 one way and ありがとうございました one way; the new pair renders the phrase another
 * way (PHRASE), thanks otherwise (MEMORY) and changes a number (NUMBERS). Also: the same pair
 * without a memory (unit checks only), an accepted finding left out, what the new units look
 * like (document "JA | EN", position = bead), and that nothing was stored.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tm_fixture.h"

#define RULE "free and open international order based on the rule of law"
static const tu memory_units[] = {
    {"m1", "法の支配に基づく自由で開かれた国際秩序を守ります。", "We will uphold the " RULE ".", 0.9},
    {"m1", "外務大臣はワシントンを訪問しました。", "The Foreign Minister visited Washington.", 0.9},
    {"m1", "ありがとうございました。", "Thank you.", 0.9},
    {"m2", "我々は法の支配に基づく自由で開かれた国際秩序を強化します。",
     "We will strengthen the " RULE ".", 0.9},
    {"m2", "会談は和やかな雰囲気の中で行われました。", "The talks were held in a friendly atmosphere.",
     0.9},
    {"m2", "ありがとうございました。", "Thank you.", 0.9},
    {"m3", "法の支配に基づく自由で開かれた国際秩序の重要性を確認しました。",
     "We confirmed the importance of the " RULE ".", 0.9},
    {"m3", "次の質問をどうぞ。", "Next question, please.", 0.9},
    {"m4", "両国は法の支配に基づく自由で開かれた国際秩序を共に守ります。",
     "Both countries will defend the " RULE " together.", 0.9},
    {"m4", "詳細は後ほど発表します。", "The details will be announced later.", 0.9},
};

static const char new_ja[] = "日本は法の支配に基づく自由で開かれた国際秩序を維持します。\n"
                             "支援額は300万ドルです。\n"
                             "ありがとうございました。\n";
static const char new_en[] = "Japan will maintain a rules-based international order.\n"
                             "The assistance amounts to 2 million dollars.\n"
                             "Thank you very much.\n";

typedef struct seen {
    char lines[32][700];
    char ids[32][TY_CHECK_ID_LEN + 1];
    char where[32][200];
    size_t n;
} seen;

static ty_status collect(const ty_check_finding *f, void *userdata)
{
    seen *s = userdata;
    const ty_tm_entry *e = &f->units[0];
    if (s->n == 32)
        return TY_ERR_INTERNAL;
    snprintf(s->lines[s->n], sizeof s->lines[0], "%s|%s|%s|%s", ty_severity_name(f->severity),
             ty_check_kind_name(f->kind), f->message, f->expected ? f->expected : "");
    snprintf(s->ids[s->n], sizeof s->ids[0], "%s", f->id);
    snprintf(s->where[s->n], sizeof s->where[0], "%lld %s:%lld %s/%s", e->id,
             e->nocc ? e->occ[0].document : "?", e->nocc ? e->occ[0].position : -1,
             e->nocc && e->occ[0].ja_segments ? e->occ[0].ja_segments : "",
             e->nocc && e->occ[0].en_segments ? e->occ[0].en_segments : "");
    s->n++;
    return TY_OK;
}

static const char *find(const seen *s, const char *kind)
{
    for (size_t i = 0; i < s->n; i++)
        if (strstr(s->lines[i], kind))
            return s->lines[i];
    return "";
}

int main(void)
{
    char path[] = "/tmp/ty-test-pair-XXXXXX";
    int fd = mkstemp(path);
    ty_tm *tm = NULL;
    ty_doc *ja = NULL, *en = NULL;
    ty_alignment *al = NULL;
    ty_check_opts o;
    ty_check_counts counts;
    ty_tm_info before, after;
    seen *s = calloc(1, sizeof *s);
    ty_error err;
    const char *memory_id = NULL;

    if (fd >= 0)
        close(fd);
    tm = tm_fixture(path, memory_units, sizeof memory_units / sizeof *memory_units);
    if (!ty_ok(tm != NULL && s, "memory of four press conferences") ||
        !ty_ok(ty_doc_from_lines(TY_LANG_JA, new_ja, strlen(new_ja), "dir/new.ja", &ja, &err) ==
                       TY_OK &&
                   ty_doc_from_lines(TY_LANG_EN, new_en, strlen(new_en), "dir/new.en", &en,
                                     &err) == TY_OK &&
                   ty_align(ja, en, NULL, &al, &err) == TY_OK,
               "the new pair read and aligned"))
        goto done;
    ty_tm_get_info(tm, &before, &err);
    ty_check_opts_init(&o);
    ty_ok(ty_check_pair(tm, ja, en, al, &o, collect, s, &counts, &err) == TY_OK,
          "check the pair: %s", err.message);
    ty_is_int((long long)counts.units, 3, "three new units");
    ty_is_str(find(s, "|phrase|"),
              "warning|phrase|法の支配に基づく自由で開かれた国際秩序: the memory renders it \"" RULE
              "\" (100% of 4 uses, 4 documents); this English does not|" RULE,
              "a phrase rendered otherwise than the memory's established rendering");
    ty_is_str(find(s, "|memory|"),
              "warning|memory|the memory has this Japanese as \"Thank you.\" (2 of 2 uses)|Thank "
              "you.",
              "a unit the memory holds with another English");
    ty_is_str(find(s, "|numbers|"),
              "error|numbers|2 million in the English, 300万 in the Japanese|",
              "and the unit checks");
    for (size_t i = 0; i < s->n; i++) {
        if (strstr(s->lines[i], "|memory|"))
            memory_id = s->ids[i];
        if (strstr(s->lines[i], "|phrase|"))
            ty_is_str(s->where[i], "-1 new.ja | new.en:0 0/0",
                      "a new unit: no id, the new document, its bead and segments");
    }
    ty_tm_get_info(tm, &after, &err);
    ty_ok(after.units == before.units && after.documents == before.documents,
          "nothing was stored");

    /* accepted in the memory: left out next time */
    ty_ok(memory_id && ty_check_ignore_add(tm, memory_id, "thanks vary", NULL, &err) == TY_OK,
          "accept the memory finding");
    memset(s, 0, sizeof *s);
    ty_check_pair(tm, ja, en, al, &o, collect, s, &counts, &err);
    ty_ok(!*find(s, "|memory|") && counts.ignored == 1, "it is left out");

    /* --established above the phrase's share: no phrase finding */
    memset(s, 0, sizeof *s);
    o.checks = 1u << TY_CHECK_PHRASE;
    o.established = 1.0;
    ty_check_pair(tm, ja, en, al, &o, collect, s, &counts, &err);
    ty_is_int((long long)s->n, 1, "a 100%% rendering is established at 1.0 too");

    /* without a memory: the unit checks only */
    memset(s, 0, sizeof *s);
    ty_check_opts_init(&o);
    ty_ok(ty_check_pair(NULL, ja, en, al, &o, collect, s, &counts, &err) == TY_OK,
          "check without a memory");
    ty_ok(s->n == 1 && *find(s, "|numbers|"), "only the number finding (%zu)", s->n);
    ty_is_int(ty_check_pair(NULL, NULL, en, al, &o, collect, s, &counts, &err), TY_ERR_INVALID,
              "no document is refused");
done:
    ty_alignment_free(al);
    ty_doc_free(ja);
    ty_doc_free(en);
    ty_tm_close(tm);
    unlink(path);
    free(s);
    return ty_done();
}
