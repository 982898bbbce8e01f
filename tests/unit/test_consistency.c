/*
 * test_consistency.c — ty_consistency_check and its rules, on hand-made memories, table by
 * table: the numbers check (what it reads across scripts and conversions, what it leaves out,
 * what is only info, and the mistakes it must keep finding), the text checks (untranslated,
 * tokens, brackets, repeated words, spaces), same-ja / same-en and their severity, low
 * confidence, finding ids (stable across documents and re-imports), the ignore list (memory and
 * file), --min-severity, sorted results, and bad input. Glossaries and regex rules:
 * test_glossary.c; new translations against a memory: test_check_pair.c.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tm_fixture.h"

/* The findings as lines "SEVERITY|kind|message", with the unit's texts. */
typedef struct collected {
    char lines[256][600];
    char ja[256][400], en[256][400];
    char ids[256][TY_CHECK_ID_LEN + 1];
    size_t n;
} collected;

static ty_status collect(const ty_check_finding *f, void *userdata)
{
    collected *c = userdata;
    if (c->n == 256)
        return TY_ERR_INTERNAL;
    snprintf(c->lines[c->n], sizeof c->lines[0], "%s|%s|%s", ty_severity_name(f->severity),
             ty_check_kind_name(f->kind), f->message ? f->message : "");
    snprintf(c->ja[c->n], sizeof c->ja[0], "%s", f->units[0].ja);
    snprintf(c->en[c->n], sizeof c->en[0], "%s", f->units[0].en);
    snprintf(c->ids[c->n], sizeof c->ids[0], "%s", f->id);
    c->n++;
    return TY_OK;
}

static char tmp_path[] = "/tmp/ty-test-cons-XXXXXX";

static ty_tm *memory(const tu *units, size_t n)
{
    int fd = mkstemp(tmp_path);
    if (fd >= 0)
        close(fd);
    return tm_fixture(tmp_path, units, n);
}

static void done_memory(ty_tm *tm)
{
    ty_tm_close(tm);
    unlink(tmp_path);
    strcpy(tmp_path, "/tmp/ty-test-cons-XXXXXX");
}

/* A table of single units: their Japanese, English, and the finding expected of one kind:
 * "SEVERITY|message" or "" for none. */
typedef struct unit_case {
    const char *ja, *en, *want;
} unit_case;

/* Documents of several units, each unit's expected finding of one kind ("" for none). */
typedef struct seq_unit {
    const char *doc, *ja, *en, *want;
} seq_unit;

static void run_table(const char *name, ty_check_kind kind, const unit_case *cases, size_t n);

/* ---- numbers ---- */

/* Read across scripts and conversions: no finding. */
static const unit_case numbers_match[] = {
    {"参加者は千人でした。", "There were 1,000 participants.", ""},
    {"参加者は１，０００人でした。", "There were 1,000 participants.", ""},
    {"会議は八つの議題を扱った。", "The meeting covered eight topics.", ""},
    {"令和6年に開催された。", "It was held in 2024.", ""},
    {"午後3時に始まった。", "It began at 3 p.m.", ""},
    {"15時47分に終わった。", "It ended at 3:47 p.m.", ""},
    {"300万ドルを拠出した。", "We provided 3 million dollars.", ""},
    {"1,500万円を支出した。", "It spent 15 million yen.", ""},
    {"会談は約１時間３０分行われた。", "The talks lasted about 90 minutes.", ""},
    {"会談は2時間に及んだ。", "The meeting lasted two hours.", ""},
    {"約９割が賛成した。", "About 90 percent agreed.", ""},
    {"現行典範の下で立太子の礼は2回行われた。", "The ceremony was held twice.", ""},
    {"2点目です。", "Secondly.", ""},
    {"5月に訪問する。", "He will visit in May.", ""},
    {"高さは約2.3メートル。", "It stands 2.3m tall.", ""},
    {"濃度は基準の４０分の１未満です。", "The concentration is below 1/40 of the standard.", ""},
    {"三十三回忌にあたる。", "It was the 32nd anniversary of his death.", ""},
    {"一人ひとりが大切だ。", "Each person matters.", ""},
    {"2024年度予算が成立した。", "The FY2024 budget passed.", ""},
    {"G7首脳が集まった。", "The G7 leaders met.", ""},
    {"寛元2年（1244年）に開く。", "It was founded in 1244.", ""},
    {"1333年（元弘3・正慶2）、6月12日、兼任。", "June 12, 1333, he also assumed the post.", ""},
    {"昭和36年3月に起工し、同37年10月に竣工した。",
     "Work began in March 1961 and was completed in October 1962.", ""},
    {"10-11月のみ公開される。", "It is open only in October and November.", ""},
    {"投票率は3割5分だった。", "Turnout was 35 percent.", ""},
    {"輸出は2倍に増えた。", "Exports doubled.", ""},
    {"10年ぶりに再開した。", "It resumed for the first time in a decade.", ""},
    {"東へ徒歩10分。", "It takes 10 minutes on foot to the east.", ""},
    {"距離は5キロだった。", "The distance was 5 km.", ""},
};

/* Translators' ordinary work: left out, no finding. */
static const unit_case numbers_left_out[] = {
    {"22日に会談した。", "They met on September 22.", ""},
    {"来年開催される。", "It will be held in 2025.", ""},
    {"この場合には、前条の規定を準用する。", "In this case, article 4 will be applicable.", ""},
    {"元禄と文政の修理は大規模だった。", "The repairs in 1693 and 1825 were extensive.", ""},
    {"2月21日及び22日の2日間、会合に出席した。", "On February 21 and 22, I attended the meeting.",
     ""},
    {"令和5年から2年間の任期を務める。", "It serves the term 2023-2024.", ""},
    {"約2時間、失礼しました、約3時間です。", "It took about three hours.", ""},
    {"永仁元年1月29日 (旧暦)（1293年3月8日）に生まれる。", "He was born on March 8, 1293.", ""},
    {"延元3年/建武 (日本)5年5月22日 (旧暦)（1338年6月10日）に没した。", "He died on June 10, 1338.",
     ""},
};

/* Only worth a look: info. */
static const unit_case numbers_info[] = {
    {"四姉妹が出演する。", "Four Sisters is on.", "info|Four in the English only"},
    {"両首脳は一致した。", "The two leaders agreed.", "info|two in the English only"},
    {"三大スローガンを掲げる。", "It has the Trio slogans.", ""},
    {"セカンド・トーマス礁で事案が起きた。", "An incident occurred at Second Thomas Shoal.",
     "info|Second in the English only"},
    {"一時閉館する。", "It is temporarily closed.", ""},
    {"戦後、道路が整備された。", "After World War II, the road was built.",
     "info|II in the English only"},
    {"東山三十六峰", "Higashiyama mountains", "info|三十六 in the Japanese only"},
    {"日中韓の3か国は責任を有する。", "Japan, China and the ROK bear responsibility.",
     "info|3 in the Japanese only"},
    {"数百年が経過した。", "Much time passed.", "info|百年 in the Japanese only"},
    {"長さ5丈1尺とする。", "It measures 15.3 meters.", "info|15.3 in the English, 5丈 in the Japanese"},
    {"元和七年（1621年）５月に改姓した。", "In late June or July 1621 he changed his name.",
     "info|June, July in the English, ５月 in the Japanese"},
    {"大阪・関西万博への参加を呼び掛けた。", "I called for participation in Expo 2025.",
     "info|2025 in the English only"},
    {"宇治十帖の舞台である。", "It is the setting of the 'Uji Jujo' (Uji chapters, 10).", ""},
    {"舞台である。", "It is the setting of the 'Uji Jujo' (10 Uji chapters).",
     "info|10 in the English only"},
    {"1日当たり3万人が訪れる。", "30,000 people visit per day.", "info|1日 in the Japanese only"},
    {"1日2回服用する。", "Take it twice a day.", "info|1日 in the Japanese only"},
    {"距離は5000メートル。", "The distance is 5 km.", "info|5 in the English, 5000 in the Japanese"},
};

/* Mistakes the check must keep finding. */
static const unit_case numbers_found[] = {
    {"全角の１２３４人。", "About 1,235 people.", "error|1,235 in the English, １２３４ in the Japanese"},
    {"支援額は300万ドルです。", "The assistance amounts to 2 million dollars.",
     "error|2 million in the English, 300万 in the Japanese"},
    {"会議は15日に開催されます。", "The meeting will be held soon.",
     "warning|15日 in the Japanese only"},
    {"会議は15日に開催されます。", "The meeting will be held next week.", ""},
    {"閣僚は会談しました。", "The ministers met for 45 minutes.", "warning|45 minutes in the English only"},
    {"1949年（昭和24年）12月1日、駅となる。", "December 1, 1999: it became a station.",
     "error|1999 in the English, 1949年, 昭和24年 in the Japanese"},
    {"明治5年12月2日以前を適用。", "Dates on and before December 5, 1872.",
     "error|5 in the English, 2日 in the Japanese"},
    {"1315年（正和4）4月17日、辞任。", "1315, he resigned.",
     "warning|4月, 17日 in the Japanese only"},
    {"1883年（明治16年）7月28日に開業。", "On July 28, 1833, the line opened.",
     "error|1833 in the English, 1883年, 明治16年 in the Japanese"},
    {"来年の2025年に開く。", "It opens in 2026.", "error|2026 in the English, 2025年 in the Japanese"},
    {"投票率は3割5分だった。", "Turnout was 45 percent.",
     "error|45 in the English, 3割5分 in the Japanese"},
    {"第3回会合が開かれた。", "The fourth meeting was held.",
     "warning|fourth in the English, 3 in the Japanese"},
    {"距離は5キロだった。", "The distance was 6 km.", "error|6 in the English, 5 in the Japanese"},
    {"東へ徒歩10分。", "It takes 19 minutes on foot to the east.",
     "error|19 minutes in the English, 10分 in the Japanese"},
    {"輸出は3倍に増えた。", "Exports doubled.", "warning|3 in the Japanese only"},
    {"1日2回服用する。", "Take it three times a day.", "warning|three in the English, 1日, 2 in the Japanese"},
};

static void test_numbers(void)
{
    run_table("match", TY_CHECK_NUMBERS, numbers_match,
              sizeof numbers_match / sizeof *numbers_match);
    run_table("left out", TY_CHECK_NUMBERS, numbers_left_out,
              sizeof numbers_left_out / sizeof *numbers_left_out);
    run_table("info", TY_CHECK_NUMBERS, numbers_info, sizeof numbers_info / sizeof *numbers_info);
    run_table("found", TY_CHECK_NUMBERS, numbers_found,
              sizeof numbers_found / sizeof *numbers_found);
}

/* ---- the text checks ---- */

static const unit_case untranslated_cases[] = {
    {"本日は晴天です。", "本日は晴天です。", "error|the English is the Japanese"},
    {"本日は晴天です。", "本日は、晴天です。", "error|the English has no English"},
    {"吉田家：卜部氏嫡流。", "The Yoshida family: The 部氏嫡流。",
     "warning|Japanese left in the English: 部氏嫡流"},
    {"会議が開かれた。", "The meeting was 開かれました in Tokyo.",
     "warning|Japanese left in the English: 開かれました"},
    {"中仙道とも書く。", "It is also written as 中仙道 in kanji.",
     "info|Japanese characters in the English: 中仙道"},
    {"御詠歌", "Songs (ご詠歌・和讃)", ""},
    {"（1）", "(1)", ""},
    {"2024年", "2024", ""},
};

static const unit_case tokens_cases[] = {
    {"詳細はhttps://www.mofa.go.jp/a/b.htmlを参照。", "See https://www.mofa.go.jp/a/c.html.",
     "error|URL https://www.mofa.go.jp/a/b.html in the Japanese only; URL "
     "https://www.mofa.go.jp/a/c.html in the English only"},
    {"詳細はhttps://www.mofa.go.jp/a/b.htmlを参照。", "See https://www.mofa.go.jp/a/b.html.", ""},
    {"連絡先：info@mofa.go.jp", "Contact: info@mofa.go.jp", ""},
    {"連絡先：info@mofa.go.jp", "Contact: press@mofa.go.jp",
     "error|e-mail address info@mofa.go.jp in the Japanese only; e-mail address "
     "press@mofa.go.jp in the English only"},
    {"決議A/RES/76/1を採択。", "Resolution A/RES/76/2 was adopted.",
     "warning|code a/res/76/1 in the Japanese only; code a/res/76/2 in the English only"},
    {"Ｇ７外相会合", "G7 Foreign Ministers' Meeting", ""},
    {"新型コロナウイルス", "COVID-19", "info|code covid-19 in the English only"},
    {"22日に", "on the 22nd", ""},
    {"詳細は外務省ホームページで。", "See www.mofa.go.jp for details.",
     "warning|URL www.mofa.go.jp in the English only"},
};

static const unit_case brackets_cases[] = {
    {"東京（日本）", "Tokyo (Japan)", ""},
    {"東京（日本）", "Tokyo (Japan", "warning|unpaired ( in the English"},
    {"東京（日本）", "Tokyo Japan)", "warning|unpaired ) in the English"},
    {"東京日本）", "Tokyo (Japan)", "warning|unpaired ） in the Japanese"},
    {"「東京」と呼ぶ", "called \"Tokyo", "warning|unpaired \" in the English"},
    {"宗務総長（しゅうむそうちょう)", "Shumusocho（宗務総長)", ""},
    {"道元が著述（未完。", "Dogen's description (incomplete;",
     "info|unpaired （ in the Japanese; ( in the English"},
    {"1）最初の項目", "1) The first item", ""},
    {"彼の名前", "Dogen's name", ""},
};

static const unit_case repeated_cases[] = {
    {"会議が開かれた。", "The the meeting was held.", "warning|repeated: \"The the\""},
    {"彼は持っていた。", "He had had it.", ""},
    {"アユ", "ayu (Plecoglossus altivelis altivelis)",
     "info|repeated: \"altivelis altivelis\""},
    {"会議", "The meeting", ""},
};

static const unit_case spaces_cases[] = {
    {"会議が開かれた。", "The  meeting was held.", "info|double spaces"},
    {"会議が開かれた。", " The meeting was held.", "info|leading white space"},
    {"会議が開かれた。 ", "The meeting was held.", "info|trailing white space"},
    {"会議 が開かれた。", "The meeting was held.", "info|a space between Japanese characters"},
    {"会議が開かれた。", "The meeting was held.", ""},
};


/* Brackets continued across a document's units. */

static const seq_unit across[] = {
    /* a law's parenthesis over two sentences, in both languages */
    {"law", "死体は火葬してはならない（法第3条。", "A body may not be cremated (Article 3.", ""},
    {"law", "ただし、この限りでない）。", "This does not apply to deaths by disease).", ""},
    /* a quotation of three sentences: the middle one has no quote mark */
    {"talk", "大臣は「努力する。", "The Minister said, \"We will try.", ""},
    {"talk", "結果を出す。", "We will deliver results.", ""},
    {"talk", "以上だ」と述べた。", "That is all.\"", ""},
    /* nested: the next unit closes the inner one first */
    {"nest", "寺（本堂（国宝。", "The temple (main hall (National Treasure.", ""},
    {"nest", "再建）を含む）。", "Rebuilt) included).", ""},
    /* what stays a finding: a closer of another type, a bracket nobody closes, an opener
     * closed only before it (a closer must follow its opener) */
    {"bad", "寺（本堂。", "The temple (main hall.", "info|unpaired （ in the Japanese; ( in the English"},
    {"bad", "再建」。", "Rebuilt].", "info|unpaired 」 in the Japanese; ] in the English"},
    {"lone", "会議が開かれた。", "The meeting was held (in Tokyo.",
     "warning|unpaired ( in the English"},
    {"lone", "以上です。", "That is all.", ""},
    {"late", "東京）で開かれた。", "It was held in Tokyo.", "warning|unpaired ） in the Japanese"},
    {"late", "大阪（で。", "In Osaka (.", "info|unpaired （ in the Japanese; ( in the English"},
};

/* A figure the English restates from a neighbouring unit's Japanese: info; not near: warning. */
static const seq_unit figures_near[] = {
    {"near", "「三十六峰」が特定された。", "'The 36 Mountains' were identified.", ""},
    {"near", "以降の書籍もこれに従う。", "Later books follow it.", ""},
    {"near", "両者の選定は一部異なる。", "The two selections of 36 mountains differ in part.",
     "info|two, 36 in the English only"},
    {"far", "両者の選定は異なる。", "The two selections of 36 mountains differ.",
     "warning|36 in the English only"},
};

static void run_sequence(const char *name, ty_check_kind kind, const seq_unit *seq, size_t n)
{
    tu *units = calloc(n, sizeof *units);
    collected *c = calloc(1, sizeof *c);
    ty_check_opts o;
    ty_error err;
    ty_tm *tm = NULL;

    if (!ty_ok(units && c, "%s: memory", name))
        goto done;
    for (size_t i = 0; i < n; i++)
        units[i] = (tu){seq[i].doc, seq[i].ja, seq[i].en, 0.9};
    tm = memory(units, n);
    if (!ty_ok(tm != NULL, "%s: memory", name))
        goto done;
    ty_check_opts_init(&o);
    o.checks = 1u << kind;
    ty_ok(ty_consistency_check(tm, &o, collect, c, NULL, &err) == TY_OK, "%s: runs", name);
    for (size_t i = 0; i < n; i++) {
        const char *got = "";
        char want[600] = "";
        for (size_t k = 0; k < c->n; k++)
            if (!strcmp(c->ja[k], seq[i].ja) && !strcmp(c->en[k], seq[i].en))
                got = c->lines[k];
        if (*seq[i].want)
            snprintf(want, sizeof want, "%.*s|%s|%s", (int)strcspn(seq[i].want, "|"), seq[i].want,
                     ty_check_kind_name(kind), seq[i].want + strcspn(seq[i].want, "|") + 1);
        ty_is_str(got, want, "%s: %s / %s", name, seq[i].ja, seq[i].en);
    }
    done_memory(tm);
done:
    free(units);
    free(c);
}

/* Each case a document of its own: brackets and figures carry across a document's units. */
static void run_table(const char *name, ty_check_kind kind, const unit_case *cases, size_t n)
{
    static char docs[64][8];
    seq_unit *seq = calloc(n, sizeof *seq);
    if (!ty_ok(seq != NULL, "%s: table", name))
        return;
    for (size_t i = 0; i < n; i++) {
        snprintf(docs[i % 64], sizeof docs[0], "d%zu", i % 64);
        seq[i] = (seq_unit){docs[i % 64], cases[i].ja, cases[i].en, cases[i].want};
    }
    run_sequence(name, kind, seq, n);
    free(seq);
}

static void test_across_units(void)
{
    run_sequence("brackets across units", TY_CHECK_BRACKETS, across, sizeof across / sizeof *across);
    run_sequence("figures near", TY_CHECK_NUMBERS, figures_near,
                 sizeof figures_near / sizeof *figures_near);
}

static void test_text(void)
{
    run_table("untranslated", TY_CHECK_UNTRANSLATED, untranslated_cases,
              sizeof untranslated_cases / sizeof *untranslated_cases);
    run_table("tokens", TY_CHECK_TOKENS, tokens_cases, sizeof tokens_cases / sizeof *tokens_cases);
    run_table("brackets", TY_CHECK_BRACKETS, brackets_cases,
              sizeof brackets_cases / sizeof *brackets_cases);
    run_table("repeated", TY_CHECK_REPEATED, repeated_cases,
              sizeof repeated_cases / sizeof *repeated_cases);
    run_table("spaces", TY_CHECK_SPACES, spaces_cases, sizeof spaces_cases / sizeof *spaces_cases);
}

/* ---- same-ja, same-en ---- */

static const tu same_units[] = {
    {"a", "ありがとうございました。", "Thank you.", 0.9},
    {"a", "次の質問をどうぞ。", "Next question, please.", 0.9},
    {"b", "ありがとうございました。", "Thanks a lot.", 0.9},
    {"c", "ありがとうございました。", "Thank you.", 0.9},
    {"c", "ありがとうございます。", "Thank you.", 0.9},
    {"d", "次の質問をどうぞ。", "next  question, please.", 0.9},  /* same once normalized */
    {"d", "ありがとうございました｡", "Thanks a lot.", 0.9},         /* ｡ is 。 normalized */
    {"e", "重要文化財", "Important Cultural Property", 0.9},
    {"f", "重要文化財", "Important Cultural Properties", 0.9},
    {"e", "天孫降臨", "Tenson Korin", 0.9},
    {"f", "天孫降臨", "Tenson Korin (the descent to earth)", 0.9},
    {"e", "境内", "Precinct", 0.9},
    {"f", "境内", "Temple Precinct", 0.9},
};

static void test_same(void)
{
    ty_tm *tm = memory(same_units, sizeof same_units / sizeof *same_units);
    collected *c = calloc(1, sizeof *c);
    ty_check_opts o;
    ty_check_counts counts;
    ty_error err;

    if (!ty_ok(tm != NULL && c, "memory for same-text checks"))
        goto done;
    ty_check_opts_init(&o);
    o.checks = (1u << TY_CHECK_SAME_JA) | (1u << TY_CHECK_SAME_EN);
    ty_ok(ty_consistency_check(tm, &o, collect, c, &counts, &err) == TY_OK, "check runs");
    ty_is_int((long long)c->n, 5, "five findings");
    ty_is_str(c->lines[0], "warning|same-ja|2 English renderings in 4 uses",
              "different renderings: a warning");
    ty_is_str(c->lines[1], "info|same-ja|2 English renderings in 2 uses",
              "a plural only: info (%s)", c->ja[1]);
    ty_is_str(c->lines[2], "info|same-ja|2 English renderings in 2 uses",
              "a gloss in brackets added: info (%s)", c->ja[2]);
    ty_is_str(c->lines[3], "info|same-ja|2 English renderings in 2 uses",
              "a part of the other: info (%s)", c->ja[3]);
    ty_is_str(c->lines[4], "info|same-en|2 Japanese renderings in 3 uses",
              "one English for two Japanese: info");
    ty_is_int((long long)counts.findings[TY_CHECK_SAME_JA], 4, "count same-ja");
    ty_is_int((long long)counts.severities[TY_SEVERITY_WARNING], 1, "count warnings");
    ty_is_int((long long)counts.units, 12, "units examined (a pair stored once)");

    /* --document d: the findings about units of d, with all their units */
    memset(c, 0, sizeof *c);
    o.document = "d";
    ty_ok(ty_consistency_check(tm, &o, collect, c, &counts, &err) == TY_OK, "--document");
    ty_is_int((long long)c->n, 1, "one finding involves d");
    o.document = "nowhere";
    ty_is_int(ty_consistency_check(tm, &o, collect, c, &counts, &err), TY_ERR_NOTFOUND,
              "an unknown document is an error");
    ty_ok(strstr(err.message, "nowhere") != NULL, "naming it: %s", err.message);
done:
    free(c);
    if (tm)
        done_memory(tm);
}

/* ---- low confidence ---- */

static const tu conf_units[] = {
    {"a", "一つ目の文。", "The first sentence.", 0.95},
    {"a", "二つ目の文。", "The second sentence.", 0.31},
    {"b", "二つ目の文。", "The second sentence.", 0.8}, /* the same pair, confident here */
    {"b", "三つ目の文。", "The third sentence.", 0.49},
    {"b", "信頼度の不明な文。", "A sentence of unknown confidence.", -1},
};

static void test_confidence(void)
{
    ty_tm *tm = memory(conf_units, sizeof conf_units / sizeof *conf_units);
    collected *c = calloc(1, sizeof *c);
    ty_check_opts o;
    ty_error err;

    if (!ty_ok(tm != NULL && c, "memory for confidence checks"))
        goto done;
    ty_check_opts_init(&o);
    o.checks = 1u << TY_CHECK_CONFIDENCE;
    ty_ok(ty_consistency_check(tm, &o, collect, c, NULL, &err) == TY_OK, "confidence check");
    ty_is_int((long long)c->n, 2, "two low-confidence units");
    ty_is_str(c->lines[0], "warning|confidence|alignment confidence 0.31",
              "only the low occurrence of a repeated pair");
    ty_is_str(c->lines[1], "warning|confidence|alignment confidence 0.49", "just below 0.5");
    memset(c, 0, sizeof *c);
    o.min_confidence = 0.3;
    ty_consistency_check(tm, &o, collect, c, NULL, &err);
    ty_is_int((long long)c->n, 0, "threshold 0.3: none");
    o.min_confidence = 1.5;
    ty_is_int(ty_consistency_check(tm, &o, collect, c, NULL, &err), TY_ERR_INVALID,
              "a threshold above 1 is refused");
done:
    free(c);
    if (tm)
        done_memory(tm);
}

/* ---- ids, the ignore list, the minimum severity, sorted results ---- */

static const tu id_units[] = {
    {"a", "会議は15日に開催されます。", "The meeting will be held soon.", 0.9},
    {"a", "全角の１２３４人。", "About 1,235 people.", 0.9},
    {"a", "会議が開かれた。", "The  meeting was held.", 0.9},
    {"b", "会議は15日に開催されます。", "The meeting will be held soon.", 0.9},
    {"b", "会議は16日に開催されます。", "The meeting will be held soon.", 0.9},
};

static ty_status list_ids(const ty_check_ignored *x, void *userdata)
{
    collected *c = userdata;
    snprintf(c->lines[c->n], sizeof c->lines[0], "%s|%s|%s", x->id, x->note ? x->note : "",
             x->who ? x->who : "");
    c->n++;
    return TY_OK;
}

static void test_ids_and_ignores(void)
{
    ty_tm *tm = memory(id_units, sizeof id_units / sizeof *id_units);
    collected *c = calloc(1, sizeof *c), *c2 = calloc(1, sizeof *c2);
    ty_check_opts o;
    ty_check_counts counts;
    ty_error err;
    char id15[TY_CHECK_ID_LEN + 1] = "", ignore_path[] = "/tmp/ty-test-ign-XXXXXX";
    FILE *fp;
    int fd;

    if (!ty_ok(tm != NULL && c && c2, "memory for ids"))
        goto done;
    ty_check_opts_init(&o);
    o.checks = (1u << TY_CHECK_NUMBERS) | (1u << TY_CHECK_SPACES);
    ty_ok(ty_consistency_check(tm, &o, collect, c, &counts, &err) == TY_OK, "check");
    ty_is_int((long long)c->n, 4, "four findings (a pair in two documents is one unit)");
    for (size_t i = 0; i < c->n; i++) {
        ty_ok(ty_check_id_valid(c->ids[i]), "id %s is 16 hex digits", c->ids[i]);
        if (!strcmp(c->ja[i], "会議は15日に開催されます。"))
            strcpy(id15, c->ids[i]);
    }
    ty_ok(strcmp(c->ids[0], c->ids[1]) && strcmp(c->ids[2], c->ids[3]),
          "different findings, different ids");
    /* the same run again: the same ids */
    ty_consistency_check(tm, &o, collect, c2, NULL, &err);
    ty_ok(c2->n == 4 && !memcmp(c->ids, c2->ids, sizeof c->ids), "ids are the same on every run");
    /* a memory made anew (other unit ids): the same ids */
    done_memory(tm);
    tm = memory(id_units + 1, sizeof id_units / sizeof *id_units - 1);
    memset(c2, 0, sizeof *c2);
    ty_consistency_check(tm, &o, collect, c2, NULL, &err);
    {
        int same = 0;
        for (size_t i = 0; i < c2->n; i++)
            same |= !strcmp(c2->ids[i], id15);
        ty_ok(same, "a re-imported unit's finding keeps its id");
    }

    /* accepting a finding */
    ty_is_int(ty_check_ignore_add(tm, "xyz", NULL, NULL, &err), TY_ERR_INVALID,
              "a bad id is refused");
    ty_ok(ty_check_ignore_add(tm, id15, "a week's notice", "tester", &err) == TY_OK,
          "accept %s", id15);
    memset(c2, 0, sizeof *c2);
    ty_consistency_check(tm, &o, collect, c2, &counts, &err);
    ty_is_int((long long)c2->n, 3, "the accepted finding is left out");
    ty_is_int((long long)counts.ignored, 1, "and counted as ignored");
    o.memory_ignores = 0;
    memset(c2, 0, sizeof *c2);
    ty_consistency_check(tm, &o, collect, c2, &counts, &err);
    ty_is_int((long long)c2->n, 4, "memory_ignores 0 reports it");
    o.memory_ignores = 1;
    memset(c2, 0, sizeof *c2);
    ty_ok(ty_check_ignore_list(tm, list_ids, c2, &err) == TY_OK && c2->n == 1, "listed");
    {
        char want[128];
        snprintf(want, sizeof want, "%s|a week's notice|tester", id15);
        ty_is_str(c2->lines[0], want, "with its note and who");
    }
    ty_ok(ty_check_ignore_remove(tm, id15, &err) == TY_OK, "removed");
    ty_is_int(ty_check_ignore_remove(tm, id15, &err), TY_ERR_NOTFOUND, "removing again");

    /* an ignore file */
    if ((fd = mkstemp(ignore_path)) >= 0 && (fp = fdopen(fd, "w"))) {
        fprintf(fp, "# accepted\n\n%s  the 15th is known\n", id15);
        fclose(fp);
        o.ignore_file = ignore_path;
        memset(c2, 0, sizeof *c2);
        ty_ok(ty_consistency_check(tm, &o, collect, c2, &counts, &err) == TY_OK &&
                  c2->n == 3 && counts.ignored == 1,
              "an ignore file leaves it out");
        fp = fopen(ignore_path, "a");
        if (fp) {
            fputs("not-an-id\n", fp);
            fclose(fp);
        }
        ty_is_int(ty_consistency_check(tm, &o, collect, c2, &counts, &err), TY_ERR_FORMAT,
                  "a bad line fails");
        ty_ok(err.line == 4 && strstr(err.message, "not-an-id"), "naming line 4: %s",
              err.message);
        unlink(ignore_path);
        o.ignore_file = NULL;
    }

    /* the minimum severity */
    o.min_severity = TY_SEVERITY_WARNING;
    memset(c2, 0, sizeof *c2);
    ty_consistency_check(tm, &o, collect, c2, &counts, &err);
    ty_ok(c2->n == 3 && counts.below == 1 && counts.severities[TY_SEVERITY_INFO] == 0,
          "--min-severity warning leaves out the info finding (%zu, %zu below)", c2->n,
          counts.below);
    o.min_severity = TY_SEVERITY_INFO;

    /* sorted: errors first */
    {
        ty_check_results *r = NULL;
        ty_ok(ty_check_results_new(&r, &err) == TY_OK, "results");
        ty_consistency_check(tm, &o, ty_check_results_add, r, NULL, &err);
        ty_check_results_sort(r);
        ty_is_int((long long)ty_check_results_count(r), 4, "four results");
        ty_ok(ty_check_results_count(r) == 4 &&
                  ty_check_results_get(r, 0)->severity == TY_SEVERITY_ERROR &&
                  ty_check_results_get(r, 3)->severity == TY_SEVERITY_INFO &&
                  ty_check_results_get(r, 1)->rank >= ty_check_results_get(r, 2)->rank,
              "errors first, info last, by rank in between");
        ty_check_results_free(r);
    }
done:
    free(c);
    free(c2);
    if (tm)
        done_memory(tm);
}

static void test_names(void)
{
    unsigned mask = 0;
    ty_severity s;
    ty_error err;

    ty_ok(ty_check_kinds_parse("numbers,confidence", &mask, &err) == TY_OK &&
              mask == ((1u << TY_CHECK_NUMBERS) | (1u << TY_CHECK_CONFIDENCE)),
          "parse numbers,confidence");
    ty_ok(ty_check_kinds_parse("all", &mask, &err) == TY_OK &&
              mask == (1u << TY_CHECK_KINDS) - 1,
          "parse all");
    ty_is_int(ty_check_kinds_parse("numbers,bogus", &mask, &err), TY_ERR_INVALID,
              "an unknown kind is refused");
    ty_ok(strstr(err.message, "bogus") != NULL, "and named");
    ty_is_int(ty_check_kinds_parse("", &mask, &err), TY_ERR_INVALID, "an empty list is refused");
    for (int k = 0; k < TY_CHECK_KINDS; k++) {
        unsigned m = 0;
        ty_ok(ty_check_kinds_parse(ty_check_kind_name((ty_check_kind)k), &m, &err) == TY_OK &&
                  m == 1u << k,
              "kind %s round-trips", ty_check_kind_name((ty_check_kind)k));
    }
    ty_ok(ty_check_kind_name(TY_CHECK_KINDS) == NULL, "no name for a bad kind");
    ty_ok(ty_severity_parse("warning", &s, &err) == TY_OK && s == TY_SEVERITY_WARNING,
          "parse warning");
    ty_is_int(ty_severity_parse("fatal", &s, &err), TY_ERR_INVALID, "an unknown severity");
    ty_ok(ty_check_id_valid("0123456789ABCdef") && !ty_check_id_valid("0123456789abcde") &&
              !ty_check_id_valid("0123456789abcdefa") && !ty_check_id_valid(NULL),
          "id validity");
}

int main(void)
{
    test_numbers();
    test_text();
    test_across_units();
    test_same();
    test_confidence();
    test_ids_and_ignores();
    test_names();
    return ty_done();
}
