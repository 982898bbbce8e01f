/*
 * test_segment.c — table-driven tests of the sentence segmenter (src/segment/segment.c): every rule
 * in both languages (brackets and quotes, closers after terminal punctuation,
 * abbreviations and initials, lines without terminal punctuation, paragraphs, speaker
 * labels, Japanese terminators), the seed text's hard cases, unbalanced brackets, CRLF and
 * CR line ends, spans and kinds, --abbrev files, and long paragraphs (linear time).
 * Segments are written " | " between them and " || " between paragraphs.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "taiyaku.h"
#include "tap.h"

typedef struct scase {
    const char *name;
    ty_lang lang;
    const char *in;
    const char *want;
} scase;

static const scase cases[] = {
    /* --- Japanese brackets found while converting to UTF-16 (two characters at a time, one
     * at a time near the end): no break inside, whichever of the two a bracket is --- */
    {"「」 as the first of two characters", TY_LANG_JA,
     "彼は「今日は雨。明日は晴れ。」と言った。次の文。",
     "彼は「今日は雨。明日は晴れ。」と言った。 | 次の文。"},
    {"「」 as the second of two characters", TY_LANG_JA,
     "私彼は「今日は雨。明日は晴れ。」と言った。次の文。",
     "私彼は「今日は雨。明日は晴れ。」と言った。 | 次の文。"},
    {"（） either way", TY_LANG_JA, "会議（午前。午後。）を開いた。次に進む。会（午前。午後。）を見た。",
     "会議（午前。午後。）を開いた。 | 次に進む。 | 会（午前。午後。）を見た。"},
    {"［］ and ｛｝", TY_LANG_JA, "会議［午前。午後。］と｛午前。午後。｝を開いた。次に進む。",
     "会議［午前。午後。］と｛午前。午後。｝を開いた。 | 次に進む。"},
    {"『』, 〈〉 and 〔〕", TY_LANG_JA,
     "書名『雪国。続編。』と〈注。補足。〉と〔甲。乙。〕を読む。終わり。",
     "書名『雪国。続編。』と〈注。補足。〉と〔甲。乙。〕を読む。 | 終わり。"},
    {"“” around English", TY_LANG_JA, "彼は“Yes. No.”と答えた。次の文。",
     "彼は“Yes. No.”と答えた。 | 次の文。"},
    {"ICU's offsets mapped back past two- and four-byte characters", TY_LANG_JA,
     "𠮷野家の牛丼は安い。café では高い。次の文です。終わり。カフェ・ド・é。𠮷田さん。次。",
     "𠮷野家の牛丼は安い。 | café では高い。 | 次の文です。 | 終わり。 | カフェ・ド・é。 | "
     "𠮷田さん。 | 次。"},
    {"brackets in the last bytes", TY_LANG_JA, "終わり。（注。補足。）",
     "終わり。 | （注。補足。）"},
    /* --- English brackets found while converting to UTF-16 (eight ASCII bytes at a time),
     * wherever they fall in the eight --- */
    {"( at byte 8", TY_LANG_EN, "He said (It rained. It snowed.) and left. Next one.",
     "He said (It rained. It snowed.) and left. | Next one."},
    {"( at byte 7", TY_LANG_EN, "I said (It rained. It snowed.) and left. Next one.",
     "I said (It rained. It snowed.) and left. | Next one."},
    {"[ at byte 12", TY_LANG_EN, "Then I said [It rained. It snowed.] and left. Next one.",
     "Then I said [It rained. It snowed.] and left. | Next one."},
    /* --- English: the seed text's hard cases --- */
    {"Japan-U.S. inside a name, U.S. at a sentence end", TY_LANG_EN,
     "I held a Japan-U.S. Foreign Ministers' Meeting with Secretary of State Blinken of the "
     "U.S. At the outset, Secretary Blinken expressed his condolences.",
     "I held a Japan-U.S. Foreign Ministers' Meeting with Secretary of State Blinken of the "
     "U.S. | At the outset, Secretary Blinken expressed his condolences."},
    {"p.m. and D.C. in a date line", TY_LANG_EN,
     "Friday, January 12, 2024, 3:47 p.m. Washington D.C., United States of America\n"
     "Japanese",
     "Friday, January 12, 2024, 3:47 p.m. Washington D.C., United States of America | "
     "Japanese"},
    {"a.m. before a capitalized name", TY_LANG_EN,
     "Friday, March 8, 2024, 10:25 a.m. Ministry of Foreign Affairs",
     "Friday, March 8, 2024, 10:25 a.m. Ministry of Foreign Affairs"},
    {"U.S. before a lower-case word", TY_LANG_EN,
     "It was his official visit to the U.S. scheduled for early this year. We agreed.",
     "It was his official visit to the U.S. scheduled for early this year. | We agreed."},
    {"U.S. before a capitalized noun", TY_LANG_EN,
     "I exchanged views with U.S. Representatives. They agreed.",
     "I exchanged views with U.S. Representatives. | They agreed."},
    {"U.S. at a sentence end before 'The'", TY_LANG_EN,
     "Aid came from the U.S. The next day it arrived.",
     "Aid came from the U.S. | The next day it arrived."},
    /* --- English: abbreviations and initials --- */
    {"initials", TY_LANG_EN, "J. F. Kennedy visited Berlin. He spoke there.",
     "J. F. Kennedy visited Berlin. | He spoke there."},
    {"an initial at a sentence end", TY_LANG_EN, "They chose Plan B. The rest failed.",
     "They chose Plan B. | The rest failed."},
    {"titles", TY_LANG_EN, "Mr. Smith met Dr. Jones and Ms. Brown at Mt. Fuji. It rained.",
     "Mr. Smith met Dr. Jones and Ms. Brown at Mt. Fuji. | It rained."},
    {"No., Art., Vol. before numbers", TY_LANG_EN,
     "See No. 5, Art. 9 and Vol. 3 of the series. Then stop.",
     "See No. 5, Art. 9 and Vol. 3 of the series. | Then stop."},
    {"e.g. and i.e.", TY_LANG_EN,
     "Some cities, e.g. Tokyo and Osaka, i.e. the largest, agreed. Others did not.",
     "Some cities, e.g. Tokyo and Osaka, i.e. the largest, agreed. | Others did not."},
    {"etc. ends a sentence before a starter", TY_LANG_EN,
     "We bought food, water, etc. The trip began.",
     "We bought food, water, etc. | The trip began."},
    {"U.K. and U.N.", TY_LANG_EN, "The U.K. and the U.N. Security Council met. Done.",
     "The U.K. and the U.N. Security Council met. | Done."},
    {"capitalized abbreviation from the list", TY_LANG_EN, "E.g. this one. Next.",
     "E.g. this one. | Next."},
    {"ordinary sentence ends", TY_LANG_EN, "It rained. Tokyo was cold! Was it? Yes.",
     "It rained. | Tokyo was cold! | Was it? | Yes."},
    {"decimal numbers", TY_LANG_EN, "It grew 3.5 percent. Then 2.1 percent.",
     "It grew 3.5 percent. | Then 2.1 percent."},
    /* --- English: brackets and quotes --- */
    {"two sentences inside quotes", TY_LANG_EN,
     "He said, \"It is late. Go home.\" Then he left.",
     "He said, \"It is late. Go home.\" | Then he left."},
    {"curly quotes", TY_LANG_EN,
     "She wrote \u201cWe agree. We will act.\u201d The talks ended.",
     "She wrote \u201cWe agree. We will act.\u201d | The talks ended."},
    {"single quotes and apostrophes", TY_LANG_EN,
     "Amaterasu said, 'Worship me. Omoikane, take care of the shrine' (the Kojiki). "
     "Japan's gods agreed.",
     "Amaterasu said, 'Worship me. Omoikane, take care of the shrine' (the Kojiki). | "
     "Japan's gods agreed."},
    {"parentheses", TY_LANG_EN, "The plan (see the note. It is short) passed. Next.",
     "The plan (see the note. It is short) passed. | Next."},
    {"closer after '?'", TY_LANG_EN, "She asked, \"Why?\" He said nothing.",
     "She asked, \"Why?\" | He said nothing."},
    {"closer after '.' then a new sentence", TY_LANG_EN,
     "(This is a note.) The text goes on.", "(This is a note.) | The text goes on."},
    /* each ASCII closer after each ASCII terminal, and 。 (looked at without ICU's property
     * lookups) */
    {"ASCII closers after . ! ?", TY_LANG_EN,
     "Tom said {yes.} Then he left. Tom said [no!] Then he ran. Was it (true?) Then go. She "
     "said \"go.\" Then \"stop!\" Next. It is 'so.' Then more.",
     "Tom said {yes.} | Then he left. | Tom said [no!] | Then he ran. | Was it (true?) | Then "
     "go. | She said \"go.\" | Then \"stop!\" | Next. | It is 'so.' | Then more."},
    {"ASCII openers right after a terminal", TY_LANG_EN,
     "It rained.(Then it stopped.) Done.[Note.] Next.{Brace.} End.",
     "It rained. | (Then it stopped.) | Done. | [Note.] | Next. | {Brace.} | End."},
    {"。 before closers and openers", TY_LANG_JA,
     "「雨だ。」次だ。（注。）次。『はい。』次。“Yes.”次。雨だ。(注) 晴れ。",
     "「雨だ。」 | 次だ。 | （注。） | 次。 | 『はい。』 | 次。 | “Yes.” | 次。 | 雨だ。 | (注) 晴れ。"},
    {"'Why?' he asked", TY_LANG_EN, "'Why?' he asked. Nobody knew.",
     "'Why?' he asked. | Nobody knew."},
    {"unbalanced opening bracket", TY_LANG_EN,
     "A stray ( bracket is here. A new sentence starts. Another one.",
     "A stray ( bracket is here. | A new sentence starts. | Another one."},
    {"unbalanced closing bracket", TY_LANG_EN, "Item 1) is done. Item 2) is next.",
     "Item 1) is done. | Item 2) is next."},
    {"unbalanced quote", TY_LANG_EN, "He said \"go. She stayed. They waited.",
     "He said \"go. | She stayed. | They waited."},
    /* --- English: lines and paragraphs --- */
    {"headings and list items are lines", TY_LANG_EN,
     "Opening Remarks\n(1) On the Occasion of International Women's Day\n"
     "Today is a day. Tomorrow too.",
     "Opening Remarks | (1) On the Occasion of International Women's Day | Today is a day. | "
     "Tomorrow too."},
    {"a wrapped sentence is joined with a space", TY_LANG_EN,
     "This sentence is\nwrapped over\nthree lines. Next one.",
     "This sentence is wrapped over three lines. | Next one."},
    {"a line ending with a comma continues", TY_LANG_EN, "First,\nwe met. Then we ate.",
     "First, we met. | Then we ate."},
    {"a period at a line end before a lower-case line", TY_LANG_EN,
     "Article 4. The Emperor:\nshall not have powers related to government.\nmay delegate.",
     "Article 4. | The Emperor: | shall not have powers related to government. | may delegate."},
    {"a line ending with ':' introduces a list", TY_LANG_EN,
     "The reasons are as follows:\nCost\nTime", "The reasons are as follows: | Cost | Time"},
    {"paragraphs", TY_LANG_EN, "One.\n\nTwo. Three.\n \t\nFour", "One. || Two. | Three. || Four"},
    {"legal heading", TY_LANG_EN, "Article 5. the Regent shall act. In this case, it applies.",
     "Article 5. | the Regent shall act. | In this case, it applies."},
    {"title line with Yahoo!", TY_LANG_EN, "Mbappe leaves on crutches (SPORT.es) - Yahoo! News",
     "Mbappe leaves on crutches (SPORT.es) - Yahoo! News"},
    {"CRLF line ends", TY_LANG_EN, "Title\r\nA sentence\r\ngoes on. Next.\r\n\r\nNew.\r\n",
     "Title | A sentence goes on. | Next. || New."},
    {"short segments joined over a CR and a CRLF", TY_LANG_EN, "Yes,\rno. Next.\n\nYes,\r\nno.",
     "Yes, no. | Next. || Yes, no."},
    {"CR line ends", TY_LANG_EN, "Title\rA sentence\rgoes on.\r\rNew.",
     "Title | A sentence goes on. || New."},
    /* --- English: speaker labels --- */
    {"label and two sentences", TY_LANG_EN, "Minister Kamikawa: Good morning. I have two points.",
     "Minister Kamikawa: Good morning. | I have two points."},
    {"long label with an abbreviation", TY_LANG_EN,
     "Ms. KAMIKAWA Yoko, Minister for Foreign Affairs: Today is a day. Yes.",
     "Ms. KAMIKAWA Yoko, Minister for Foreign Affairs: Today is a day. | Yes."},
    {"label alone on its line", TY_LANG_EN, "Reporter:\nWhat is your view? Thank you.",
     "Reporter: What is your view? | Thank you."},
    {"a paragraph of only a label", TY_LANG_EN, "Reporter:\n\nMinister Kamikawa: Yes.",
     "Reporter: || Minister Kamikawa: Yes."},
    {"label on a later line", TY_LANG_EN, "Reporter: Why?\nMinister: Because. Indeed.",
     "Reporter: Why? | Minister: Because. | Indeed."},
    {"not a label: lower-case words", TY_LANG_EN,
     "The reasons are: cost. Time.\nThe Yoshida family: A branch line.",
     "The reasons are: cost. | Time. | The Yoshida family: A branch line."},
    /* --- Japanese --- */
    {"seed: period inside 「」", TY_LANG_JA,
     "被災地には「能登半島地震。羽田空港」と書かれていた。次の文です。",
     "被災地には「能登半島地震。羽田空港」と書かれていた。 | 次の文です。"},
    {"a quotation of two sentences then と", TY_LANG_JA,
     "「G20は協調の場であるべきです。今こそ原点に立ち返るべきです。」と呼び掛けました。"
     "また、触れました。",
     "「G20は協調の場であるべきです。今こそ原点に立ち返るべきです。」と呼び掛けました。 | "
     "また、触れました。"},
    {"a quotation closing a sentence", TY_LANG_JA,
     "彼は「行こう。」しかし誰も来なかった。",
     "彼は「行こう。」 | しかし誰も来なかった。"},
    {"a sentence starting with 「", TY_LANG_JA, "東海道の一つである。「中仙道」とも表記する。",
     "東海道の一つである。 | 「中仙道」とも表記する。"},
    {"a sentence starting with （", TY_LANG_JA, "去るか？（同日、叙任）その後に戻った。",
     "去るか？ | （同日、叙任）その後に戻った。"},
    {"parentheses 『』（）［］", TY_LANG_JA,
     "『正法眼蔵。抄』（未完。後に編集）［注。別記］を読む。次。",
     "『正法眼蔵。抄』（未完。後に編集）［注。別記］を読む。 | 次。"},
    {"terminators", TY_LANG_JA, "雨です！晴れですか？曇りです!雪ですか?霧です．霜です。",
     "雨です！ | 晴れですか？ | 曇りです! | 雪ですか? | 霧です． | 霜です。"},
    {"ellipsis", TY_LANG_JA, "そうですね…次に進みます。なるほど…と言った。",
     "そうですね… | 次に進みます。 | なるほど…と言った。"},
    {"sentence-final 」 on its line", TY_LANG_JA, "「ありがとう」\n次の文です。",
     "「ありがとう」 | 次の文です。"},
    {"headings, date line, list items", TY_LANG_JA,
     "上川外務大臣会見記録\n（令和6年3月8日（金曜日）10時25分　於：本省会見室）\n\n冒頭発言\n\n"
     "（1）国際女性デーに当たって\n\n【上川外務大臣】本日は国際女性デーです。私は就任しました。",
     "上川外務大臣会見記録 | （令和6年3月8日（金曜日）10時25分　於：本省会見室） || 冒頭発言 || "
     "（1）国際女性デーに当たって || 【上川外務大臣】本日は国際女性デーです。 | 私は就任しました。"},
    {"article headings", TY_LANG_JA, "第一条\n天皇は、日本国の象徴である。\n第二条\n皇位は、世襲である。",
     "第一条 | 天皇は、日本国の象徴である。 | 第二条 | 皇位は、世襲である。"},
    {"a wrapped line is joined with nothing", TY_LANG_JA, "これは長い文で、\n途中で改行されている。次。",
     "これは長い文で、途中で改行されている。 | 次。"},
    {"label with a news agency", TY_LANG_JA, "【共同通信　佐藤記者】共同通信の佐藤です。質問します。",
     "【共同通信　佐藤記者】共同通信の佐藤です。 | 質問します。"},
    {"label alone on its line (ja)", TY_LANG_JA, "【記者】\n質問します。以上です。",
     "【記者】質問します。 | 以上です。"},
    {"unbalanced 「", TY_LANG_JA, "「閉じない括弧。次の文。さらに次。",
     "「閉じない括弧。 | 次の文。 | さらに次。"},
    {"unbalanced 」", TY_LANG_JA, "閉じるだけ」の文。次の文。", "閉じるだけ」の文。 | 次の文。"},
    {"mixed bracket kinds do not pair", TY_LANG_JA, "「括弧）の文。次の文。",
     "「括弧）の文。 | 次の文。"},
    {"CRLF (ja)", TY_LANG_JA, "見出し\r\n本文です。次です。\r\n\r\n段落。",
     "見出し | 本文です。 | 次です。 || 段落。"},
    /* --- both: edge cases --- */
    {"empty text", TY_LANG_EN, "", ""},
    {"only white space", TY_LANG_JA, " \n\u3000\n\t\r\n", ""},
    /* U+FEFF, U+200B, U+2060: trimmed at a segment's edges, a line of them alone is blank,
     * kept inside a segment */
    {"invisible characters at the edges", TY_LANG_JA,
     "\uFEFFあ。\u200B\n\n\uFEFF\n\n\u2060い。\uFEFF", "あ。 || い。"},
    {"invisible characters only", TY_LANG_EN, "\uFEFF\n\u200B\u2060\n", ""},
    {"invisible characters between sentences", TY_LANG_EN, "One.\uFEFF Two.\u200B", "One. | Two."},
    {"invisible characters inside a segment", TY_LANG_JA, "あ\uFEFFい。う\u200Bえ。",
     "あ\uFEFFい。 | う\u200Bえ。"},
    {"no final line break, no punctuation", TY_LANG_EN, "word", "word"},
};

/* The segments of `doc` written with " | " and " || ". */
static char *render(const ty_doc *doc)
{
    size_t n = ty_doc_count(doc), cap = 16;
    char *out;

    for (size_t i = 0; i < n; i++)
        cap += ty_doc_segment(doc, i)->len + 4;
    if (!(out = malloc(cap)))
        return NULL;
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        const ty_segment *s = ty_doc_segment(doc, i);
        if (i > 0)
            strcat(out, s->paragraph != ty_doc_segment(doc, i - 1)->paragraph ? " || " : " | ");
        strncat(out, s->text, s->len);
    }
    return out;
}

static ty_doc *segment(ty_segmenter *seg, const char *in, size_t len, ty_error *e)
{
    ty_text *text = NULL;
    ty_doc *doc = NULL;
    ty_decode_opts opts = {"UTF-8", 0};

    if (ty_text_decode(in, len, "test", &opts, &text, e) == TY_OK)
        ty_segment_text(seg, text, &doc, e);
    ty_text_free(text);
    return doc;
}

static void run_cases(ty_segmenter *ja, ty_segmenter *en)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const scase *c = &cases[i];
        ty_error e;
        ty_doc *doc = segment(c->lang == TY_LANG_JA ? ja : en, c->in, strlen(c->in), &e);
        char *got = doc ? render(doc) : NULL;

        if (!doc)
            ty_diag("%s", e.message);
        ty_is_str(got, c->want, "%s", c->name);
        free(got);
        ty_doc_free(doc);
    }
}

/* Spans, kinds, labels, paragraph indexes and the normalized copy. */
static void test_fields(ty_segmenter *ja, ty_segmenter *en)
{
    static const char in_en[] = "Title\n\nReporter: What is it?\r\nMinister: A plan.";
    static const char in_ja[] = "【上川外務大臣】本日は晴れです。\n\n見出し";
    ty_error e;
    ty_doc *doc = segment(en, in_en, sizeof in_en - 1, &e);
    const ty_segment *s;

    ty_is_int((long long)ty_doc_count(doc), 3, "en fields: 3 segments");
    ty_is_int((long long)ty_doc_paragraphs(doc), 2, "en fields: 2 paragraphs");
    ty_is_int(ty_doc_lang(doc), TY_LANG_EN, "en fields: language");
    ty_is_str(ty_doc_name(doc), "test", "en fields: name");
    s = ty_doc_segment(doc, 0);
    ty_ok(s && s->start == 0 && s->end == 5 && s->kind == TY_SEG_LINE && !s->label &&
              s->paragraph == 0,
          "en fields: heading span [0,5), kind line, no label");
    s = ty_doc_segment(doc, 1);
    ty_ok(s && s->start == 7 && s->end == 28 && s->kind == TY_SEG_SENTENCE && s->paragraph == 1,
          "en fields: question span [7,28), sentence, paragraph 1");
    ty_ok(s && s->label && s->label_len == 9 && !memcmp(s->label, "Reporter:", 9) &&
              s->label == s->text,
          "en fields: label 'Reporter:' is the start of the text");
    ty_is_str(s ? s->norm : NULL, "reporter: what is it?", "en fields: normalized copy");
    s = ty_doc_segment(doc, 2);
    ty_ok(s && s->start == 30 && s->end == sizeof in_en - 1 && s->label_len == 9,
          "en fields: after CRLF, span and label 'Minister:'");
    ty_ok(ty_doc_segment(doc, 3) == NULL, "en fields: index past the end gives NULL");
    ty_doc_free(doc);

    doc = segment(ja, in_ja, sizeof in_ja - 1, &e);
    s = ty_doc_segment(doc, 0);
    ty_ok(s && s->label_len == strlen("【上川外務大臣】") && s->kind == TY_SEG_SENTENCE,
          "ja fields: label 【上川外務大臣】, sentence");
    ty_is_str(s ? s->norm : NULL, "【上川外務大臣】本日は晴れです。", "ja fields: norm");
    s = ty_doc_segment(doc, 1);
    ty_ok(s && s->kind == TY_SEG_LINE && s->paragraph == 1 && !s->label,
          "ja fields: heading is a line in paragraph 1");
    ty_doc_free(doc);

    doc = segment(ja, "ＡＢＣ１２３です。", strlen("ＡＢＣ１２３です。"), &e);
    s = ty_doc_segment(doc, 0);
    ty_is_str(s ? s->norm : NULL, "abc123です。", "ja fields: NFKC case-folded norm");
    ty_doc_free(doc);
}

/* --abbrev: a user list changes a result; bad lists fail with file and line. */
static void test_abbrev_file(void)
{
    char path[] = "/tmp/taiyaku-abbrev.XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    ty_segmenter *seg = NULL;
    ty_error e;
    ty_doc *doc;
    char *got;
    static const char in[] = "The Div. Total rose. Then it fell.";

    if (!f) {
        ty_ok(0, "abbrev file: cannot create a temporary file");
        return;
    }
    fputs("# my abbreviations\n\nDiv   # the period may be left out\n", f);
    fclose(f);
    ty_segmenter_new(TY_LANG_EN, &seg, &e);
    doc = segment(seg, in, sizeof in - 1, &e);
    got = render(doc);
    ty_is_str(got, "The Div. | Total rose. | Then it fell.", "abbrev file: before");
    free(got);
    ty_doc_free(doc);
    ty_is_int(ty_segmenter_add_abbrevs_file(seg, path, &e), TY_OK, "abbrev file: loads");
    doc = segment(seg, in, sizeof in - 1, &e);
    got = render(doc);
    ty_is_str(got, "The Div. Total rose. | Then it fell.", "abbrev file: after");
    free(got);
    ty_doc_free(doc);

    f = fopen(path, "w");
    fputs("U.S.\nnot one\n", f);
    fclose(f);
    ty_is_int(ty_segmenter_add_abbrevs_file(seg, path, &e), TY_ERR_FORMAT,
              "abbrev file: white space inside an entry fails");
    ty_ok(e.line == 2 && strstr(e.file, "taiyaku-abbrev") != NULL,
          "abbrev file: the error names the file and line 2");
    f = fopen(path, "w");
    fputs("ok.\n\xFF\xFE.\n", f);
    fclose(f);
    ty_is_int(ty_segmenter_add_abbrevs_file(seg, path, &e), TY_ERR_ENCODING,
              "abbrev file: invalid UTF-8 fails");
    unlink(path);
    ty_is_int(ty_segmenter_add_abbrevs_file(seg, path, &e), TY_ERR_IO,
              "abbrev file: a missing file fails");
    ty_segmenter_free(seg);
}

/* Long paragraphs: no punctuation at all, and many sentences; both must finish quickly
 * (a quadratic rule would take minutes at this size) and keep every byte. */
static void test_long(ty_segmenter *ja, ty_segmenter *en)
{
    size_t n = (size_t)1 << 20, i;
    char *buf = malloc(n + 1);
    ty_error e;
    ty_doc *doc;

    if (!buf) {
        ty_ok(0, "long: out of memory");
        return;
    }
    for (i = 0; i < n; i++)
        buf[i] = (char)(i % 7 == 6 ? ' ' : 'a' + i % 26);
    doc = segment(en, buf, n, &e);
    ty_ok(doc && ty_doc_count(doc) == 1 && ty_doc_segment(doc, 0)->end == n,
          "long: 1 MB paragraph without punctuation is one segment");
    ty_doc_free(doc);

    for (i = 0; i + 12 <= n; i += 12)
        memcpy(buf + i, "あいう。", 12);
    doc = segment(ja, buf, i, &e);
    ty_ok(doc && ty_doc_count(doc) == i / 12, "long: 1 MB paragraph of %zu sentences (ja)",
          i / 12);
    ty_doc_free(doc);

    memset(buf, '(', n);
    doc = segment(en, buf, n, &e);
    ty_ok(doc && ty_doc_count(doc) == 1, "long: 1 MB of open brackets is one segment");
    ty_doc_free(doc);
    free(buf);

    /* over 4 MiB: ICU reads the paragraph in place (UTF-8) instead of a UTF-16 copy */
    n = (size_t)5 << 20;
    if (!(buf = malloc(n))) {
        ty_ok(0, "long: out of memory");
        return;
    }
    for (i = 0; i + 32 <= n; i += 32)
        memcpy(buf + i, "Go (a. b) on. \xE6\x97\xA5\xE6\x9C\xAC U.S. Then. ", 32);
    doc = segment(en, buf, i, &e);
    ty_ok(doc && ty_doc_count(doc) == 3 * (i / 32) &&
              ty_doc_segment(doc, 1)->start == 14 && ty_doc_segment(doc, 1)->end == 25,
          "long: 5 MB paragraph, %zu sentences, spans in bytes", 3 * (i / 32));
    ty_doc_free(doc);
    free(buf);
}

/* Whether `in` segments otherwise than `want` (render's form); the first difference (when
 * `before` is 0) is shown. */
static int differs(ty_segmenter *seg, const char *in, const char *want, int before)
{
    ty_error e;
    ty_doc *doc = segment(seg, in, strlen(in), &e);
    char *got = doc ? render(doc) : NULL;
    int d = !got || strcmp(got, want);

    if (d && !before)
        ty_diag("%s: got %s", in, got ? got : e.message);
    free(got);
    ty_doc_free(doc);
    return d;
}

/* How many of the texts PREFIX lead open after "今日は雨。明日は晴れ。" close "と言った。次の文。",
 * with 0 to 15 characters of Japanese as the prefix, break elsewhere than before "次の文。". */
static int after_0_to_15(ty_segmenter *ja, const char *lead, const char *open, const char *after,
                         const char *close)
{
    char in[256], want[256], pre[64];
    int wrong = 0;

    for (int k = 0; k < 16; k++) {
        pre[0] = '\0';
        for (int j = 0; j < k; j++)
            strcat(pre, "日");
        snprintf(in, sizeof in, "%s%s%s%s今日は雨。明日は晴れ。%sと言った。次の文。", pre, lead,
                 open, after, close);
        snprintf(want, sizeof want, "%s%s%s%s今日は雨。明日は晴れ。%sと言った。 | 次の文。", pre,
                 lead, open, after, close);
        wrong += differs(ja, in, want, wrong);
    }
    return wrong;
}

/* Each bracket pair bracket_unit knows, after 0 to 15 characters of Japanese (so that it falls
 * at every place of the runs of five and of two characters to_utf16 converts at once): no
 * break inside. And the opener the last of a run of characters before ASCII (the run's end is
 * converted in a step of its own, at every place of the five). */
static void test_bracket_offsets(ty_segmenter *ja)
{
    static const char *const pairs[][2] = {{"「", "」"}, {"『", "』"}, {"（", "）"}, {"［", "］"},
                                           {"｛", "｝"}, {"〈", "〉"}, {"《", "》"}, {"〔", "〕"},
                                           {"【", "】"}, {"“", "”"}};

    for (size_t p = 0; p < sizeof pairs / sizeof pairs[0]; p++) {
        ty_ok(!after_0_to_15(ja, "は", pairs[p][0], "", pairs[p][1]),
              "%s%s after 0 to 15 characters: no break inside", pairs[p][0], pairs[p][1]);
        ty_ok(!after_0_to_15(ja, "", pairs[p][0], "abc", pairs[p][1]),
              "%s before ASCII, after 0 to 15 characters: no break inside", pairs[p][0]);
    }
}

/* The ASCII brackets after 1 to 32 letters (every place of the sixteen and eight bytes to_utf16
 * converts at once): no break inside. */
static void test_ascii_bracket_offsets(ty_segmenter *en)
{
    static const char *const pairs[][2] = {{"(", ")"}, {"[", "]"}};
    char in[256], want[256];

    for (size_t p = 0; p < sizeof pairs / sizeof pairs[0]; p++) {
        int wrong = 0;
        for (int k = 0; k < 32; k++) {
            snprintf(in, sizeof in, "%.*s said %sIt is. So it is.%s and left. Next one.", k + 1,
                     "Abcdefghijklmnopqrstuvwxyzabcdefgh", pairs[p][0], pairs[p][1]);
            snprintf(want, sizeof want, "%.*s said %sIt is. So it is.%s and left. | Next one.",
                     k + 1, "Abcdefghijklmnopqrstuvwxyzabcdefgh", pairs[p][0], pairs[p][1]);
            wrong += differs(en, in, want, wrong);
        }
        ty_ok(!wrong, "%s%s after 1 to 32 letters: no break inside", pairs[p][0], pairs[p][1]);
    }
}

/* The ASCII brackets in Japanese text after 0 to 20 ASCII letters, each pair in a run of its
 * own and the letters before it (every place of the run of up to sixteen ASCII bytes to_utf16
 * converts in one step, and past a whole sixteen), and after a run of three-byte characters
 * that ends at every place of the five converted at once: no break inside. */
static void test_ascii_bracket_in_ja(ty_segmenter *ja)
{
    static const char *const pairs[][2] = {{"(", ")"}, {"[", "]"}};
    char in[256], want[256], pre[64];

    for (size_t p = 0; p < sizeof pairs / sizeof pairs[0]; p++) {
        int wrong = 0;
        for (int k = 0; k <= 20; k++) {
            pre[0] = '\0';
            for (int j = 0; j < k % 6; j++)
                strcat(pre, "日");
            snprintf(in, sizeof in, "%s本%.*s%s今日は雨。明日は晴れ。%sと言った。次の文。", pre, k,
                     "abcdefghijklmnopqrstuvwxyz", pairs[p][0], pairs[p][1]);
            snprintf(want, sizeof want, "%s本%.*s%s今日は雨。明日は晴れ。%sと言った。 | 次の文。",
                     pre, k, "abcdefghijklmnopqrstuvwxyz", pairs[p][0], pairs[p][1]);
            wrong += differs(ja, in, want, wrong);
        }
        ty_ok(!wrong, "%s%s in Japanese after 0 to 20 letters: no break inside", pairs[p][0],
              pairs[p][1]);
    }
}

/* White space and invisible characters at a segment's edges are trimmed, and the characters the
 * segmenter passes over by their first bytes (surely_visible: printable ASCII, leads C3-DF,
 * E4-EE, F0 and above, E3 but U+3000) are kept, before, between and after sentences, at the
 * text's start (where the decoder takes a U+FEFF for a byte order mark) and a paragraph's. */
static void test_edges(ty_segmenter *ja)
{
    static const char *const blank[] = {"\xE3\x80\x80", "\xC2\xA0", "\xC2\x85",
                                        "\xE1\x9A\x80", "\xE2\x80\x83", "\xE2\x80\x8B",
                                        "\xE2\x81\xA0", "\xEF\xBB\xBF", " ", "\t"};
    static const char *const kept[] = {"é", "あ", "ー", "日", "𠮷", "＿", "ｱ", "x", "Ω"};
    char in[256], want[256];
    int wrong = 0;

    for (size_t k = 0; k < sizeof blank / sizeof blank[0]; k++) {
        const char *w = blank[k];
        snprintf(in, sizeof in, "%s日本語です。%s%s次の文。%s\n\n%s前。", w, w, w, w, w);
        wrong += differs(ja, in, "日本語です。 | 次の文。 || 前。", wrong);
    }
    ty_ok(!wrong, "white space and invisible characters trimmed at the edges");
    wrong = 0;
    for (size_t k = 0; k < sizeof kept / sizeof kept[0]; k++) {
        const char *v = kept[k];
        snprintf(in, sizeof in, "%s日本語です%s。%s次の文%s", v, v, v, v);
        snprintf(want, sizeof want, "%s日本語です%s。 | %s次の文%s", v, v, v, v);
        wrong += differs(ja, in, want, wrong);
    }
    ty_ok(!wrong, "other characters kept at the edges");
}

/* ICU's offsets mapped back to UTF-8 (u16_walk: eight UTF-16 units at a time, then one by one)
 * after 0 to 40 characters of one, two, three and four bytes mixed, so that every kind falls
 * at every place of the eight; and after an English sentence of 140,000 letters, longer than
 * the walk sums in 16-bit lanes without adding up. */
static void test_walk_offsets(ty_segmenter *ja, ty_segmenter *en)
{
    static const char *const mix[] = {"a", "é", "日", "𠮷", "日", "b", "𠮷", "é", "日"};
    const size_t nmix = sizeof mix / sizeof mix[0], nlong = 140000;
    char in[1024], want[1024], pre[512], pre2[512];
    char *big = malloc(nlong + 64), *bigwant = malloc(nlong + 64);
    int wrong = 0;

    for (size_t k = 0; k <= 40; k++) {
        pre[0] = pre2[0] = '\0';
        for (size_t j = 0; j < k; j++) {
            strcat(pre, mix[j % nmix]);
            strcat(pre2, mix[(j + 3) % nmix]);
        }
        snprintf(in, sizeof in, "%sです。%s次の文。終わり。", pre, pre2);
        snprintf(want, sizeof want, "%sです。 | %s次の文。 | 終わり。", pre, pre2);
        wrong += differs(ja, in, want, wrong);
    }
    ty_ok(!wrong, "offsets after 0 to 40 characters of one to four bytes");
    if (!big || !bigwant) {
        ty_ok(0, "offsets after a long sentence: out of memory");
    } else {
        memset(big, 'a', nlong);
        memcpy(big, "Él ", 4); /* not all ASCII: the offsets are walked */
        strcpy(big + nlong, " rained. Then it stopped. Done.");
        memcpy(bigwant, big, nlong);
        strcpy(bigwant + nlong, " rained. | Then it stopped. | Done.");
        ty_ok(!differs(en, big, bigwant, 0), "offsets after a sentence of 140,000 letters");
    }
    free(big);
    free(bigwant);
}

/* A CR and a '…' met only after 100 KiB of paragraphs without either (the segmenter looks for
 * both some way ahead and remembers where): the CR still ends the line without punctuation
 * before it, the '…' still ends a sentence. */
static void test_far_bytes(ty_segmenter *ja)
{
    static const char tail[] = "見出し\r本文です。\n\nそうですね…本当に。\n",
                      want[] = " || 見出し | 本文です。 || そうですね… | 本当に。";
    size_t n = 0, cap = 120000 + sizeof tail;
    char *buf = malloc(cap), *got;
    ty_error e;
    ty_doc *doc;

    if (!buf) {
        ty_ok(0, "far bytes: out of memory");
        return;
    }
    while (n < 110000) {
        memcpy(buf + n, "あいう。\n\n", 14);
        n += 14;
    }
    memcpy(buf + n, tail, sizeof tail);
    doc = segment(ja, buf, n + sizeof tail - 1, &e);
    got = doc ? render(doc) : NULL;
    ty_ok(got && strlen(got) >= strlen(want) && !strcmp(got + strlen(got) - strlen(want), want),
          "far bytes: a CR and a '…' after 110 KB without them");
    free(got);
    ty_doc_free(doc);
    free(buf);
}

/* ty_segment_lines: one segment per line as ty_doc_from_lines, with the speaker labels. */
static void test_lines(ty_segmenter *ja, ty_segmenter *en)
{
    static const struct {
        int en;
        const char *line, *label; /* the label found, "" for none */
    } t[] = {
        {0, "【上川外務大臣】おはようございます。", "【上川外務大臣】"},
        {0, "  【記者】一点伺います。", "  【記者】"}, /* a label is a prefix of the text */
        {0, "【上川外務大臣】", ""}, /* a label alone is a line of its own */
        {0, "本日は【注】を参照。", ""},
        {1, "Minister Kamikawa: Thank you.", "Minister Kamikawa:"},
        {1, "Ms. KAMIKAWA Yoko, Minister for Foreign Affairs: Good morning.",
         "Ms. KAMIKAWA Yoko, Minister for Foreign Affairs:"},
        {1, "Reporter:", ""},
        {1, "Note: the figures are provisional.", "Note:"},
        {1, "the reporter: asked", ""},
    };
    for (size_t k = 0; k < sizeof t / sizeof t[0]; k++) {
        ty_doc *d = NULL;
        ty_error e;
        ty_status st = ty_segment_lines(t[k].en ? en : ja, t[k].line, strlen(t[k].line), "l", &d, &e);
        const ty_segment *s = st == TY_OK && ty_doc_count(d) == 1 ? ty_doc_segment(d, 0) : NULL;
        ty_ok(s && strcmp(s->text, t[k].line) == 0, "lines: %s: one segment, text kept", t[k].line);
        ty_ok(s && s->label_len == strlen(t[k].label) &&
                  (!s->label_len || memcmp(s->label, t[k].label, s->label_len) == 0),
              "lines: %s: label '%s'", t[k].line, t[k].label);
        ty_doc_free(d);
    }
}

/* Pre-split input (one segment a line): a line of white space and invisible characters is a
 * blank line, not a segment. */
static void test_presplit_blank(void)
{
    static const char in[] = "あ。\n\uFEFF\n\u200B \u2060\nい。\n";
    ty_doc *d = NULL;
    ty_error e;
    ty_status st = ty_doc_from_lines(TY_LANG_JA, in, strlen(in), "p", &d, &e);
    ty_ok(st == TY_OK && ty_doc_count(d) == 2 && strcmp(ty_doc_segment(d, 0)->text, "あ。") == 0 &&
              strcmp(ty_doc_segment(d, 1)->text, "い。") == 0,
          "pre-split: lines of invisible characters are blank (%zu segments)",
          st == TY_OK ? ty_doc_count(d) : 0);
    ty_doc_free(d);
}

/* ty_segment_each hands over what ty_segment_text keeps: each table case rendered both ways. */
typedef struct collect {
    char *out;
    size_t len, cap, n;
    size_t last_para;
} collect;

static ty_status collect_one(const ty_segment *s, void *ud)
{
    collect *c = ud;
    size_t need = c->len + s->len + 8;
    char *p;

    if (need > c->cap) {
        if (!(p = realloc(c->out, c->cap = 2 * need)))
            return TY_ERR_NOMEM;
        c->out = p;
    }
    if (c->n > 0)
        c->len += (size_t)sprintf(c->out + c->len, "%s", s->paragraph != c->last_para ? " || " : " | ");
    memcpy(c->out + c->len, s->text, s->len);
    c->len += s->len;
    c->out[c->len] = '\0';
    c->n++;
    c->last_para = s->paragraph;
    return TY_OK;
}

static void test_each(ty_segmenter *ja, ty_segmenter *en)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const scase *c = &cases[i];
        ty_decode_opts opts = {"UTF-8", 0};
        ty_text *text = NULL;
        collect got;
        ty_error e;

        memset(&got, 0, sizeof got);
        if (ty_text_decode(c->in, strlen(c->in), "test", &opts, &text, &e) != TY_OK ||
            ty_segment_each(c->lang == TY_LANG_JA ? ja : en, text, collect_one, &got, &e) !=
                TY_OK)
            ty_diag("%s", e.message);
        ty_is_str(got.out ? got.out : "", c->want, "each: %s", c->name);
        free(got.out);
        ty_text_free(text);
    }
}

/* ty_document_each gives the segments ty_document_read keeps, with the same positions in the
 * file: plain text (Shift_JIS, so that offsets in the file differ from the text's; UTF-8 with
 * a byte order mark; UTF-8 with CRLF and CR line breaks inside segments and a speaker label), and the formats read as blocks
 * (HTML, .docx, PDF, law XML), which it segments as found. With ty_read_opts.borrow the same
 * segments, those on one line handed over in place (not NUL-terminated: the text goes on). */
typedef struct against {
    const ty_doc *doc;
    size_t at;
    int same;
    size_t in_place; /* segments whose text is not NUL-terminated */
} against;

static ty_status against_doc(const ty_segment *s, void *ud)
{
    against *a = ud;
    const ty_segment *g = ty_doc_segment(a->doc, a->at++);

    if (s->text[s->len] != '\0')
        a->in_place++;
    if (!g || g->len != s->len || memcmp(g->text, s->text, s->len) ||
        g->label_len != s->label_len || !g->label != !s->label ||
        (g->label && memcmp(g->label, s->label, g->label_len)) || g->start != s->start ||
        g->end != s->end || g->paragraph != s->paragraph || g->heading != s->heading ||
        g->article != s->article || g->source.offset != s->source.offset ||
        g->source.line != s->source.line || g->source.page != s->source.page ||
        g->source.block != s->source.block)
        a->same = 0;
    return TY_OK;
}

static void test_document_each(void)
{
    static const struct {
        const char *name, *bytes; /* bytes NULL: the fixture file `name` */
        ty_format format;
        int joined; /* segments with a line break inside (copied when borrowing); -1: not
                       counted, some are on one line */
    } t[] = {
        {"Shift_JIS text", "\x88\xea\x95\xb6\x96\xda\x81\x42\x93\xf1\x95\xb6\x96\xda\x81\x42\n\n"
                           "\x8e\x4f\x95\xb6\x96\xda\x81\x42\n", TY_FORMAT_TEXT, 0},
        {"UTF-8 text with a BOM (offsets in the file 3 past the text's)",
         "\xEF\xBB\xBF一文目。二文目。\n\n三文目。\n", TY_FORMAT_TEXT, 0},
        {"CRLF and CR text", "【山本外務大臣】おはようございます。Minister\r\nyamamoto\r\n"
                             "spoke。\r次の文です。\r\n\r\n第二段落\r\nです。\n", TY_FORMAT_TEXT, 1},
        {"tests/formats/data/tiny.ja.html", NULL, TY_FORMAT_HTML, -1},
        {"tests/formats/data/tiny.ja.txt", NULL, TY_FORMAT_TEXT, -1},
        {"tests/formats/data/tiny.ja.docx", NULL, TY_FORMAT_DOCX, -1},
        {"tests/formats/data/tiny.ja.pdf", NULL, TY_FORMAT_PDF, -1},
        {"tests/formats/data/tiny.ja.xml", NULL, TY_FORMAT_LAWXML, -1},
    };
    const char *top = getenv("top_srcdir");
    char path[4096];

    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        ty_doc *doc = NULL;
        ty_read_info info;
        ty_read_opts borrow;
        against a = {NULL, 0, 1, 0};
        ty_error e;

        if (t[i].bytes) {
            FILE *f;
            snprintf(path, sizeof path, "test-segment-each.%zu.txt", i);
            if (!(f = fopen(path, "wb")) || fputs(t[i].bytes, f) < 0 || fclose(f) != 0)
                ty_diag("cannot write %s", path);
        } else if (!top) {
            ty_skip(t[i].name, "top_srcdir is not set (run through make check)");
            continue;
        } else {
            snprintf(path, sizeof path, "%s/%s", top, t[i].name);
        }
        if (!ty_ok(ty_document_read(path, TY_LANG_JA, NULL, &doc, &e) == TY_OK,
                   "document_each: %s: read", t[i].name)) {
            ty_diag("%s", e.message);
        } else {
            a.doc = doc;
            ty_is_int(ty_document_each(path, TY_LANG_JA, NULL, against_doc, &a, &info, &e),
                      TY_OK, "document_each: %s: read one at a time", t[i].name);
            ty_ok(a.same && a.at == ty_doc_count(doc) && a.at > 1,
                  "document_each: %s: the same %zu segments, with their offsets", t[i].name,
                  a.at);
            ty_is_int(info.format, t[i].format, "document_each: %s: format", t[i].name);
            ty_is_str(info.encoding, ty_doc_encoding(doc), "document_each: %s: encoding",
                      t[i].name);
            ty_ok(info.dropped == ty_doc_dropped(doc) &&
                      info.replacements == ty_doc_replacements(doc),
                  "document_each: %s: %zu lines dropped, %zu replacements", t[i].name,
                  info.dropped, info.replacements);
            ty_ok(a.in_place == 0, "document_each: %s: every text NUL-terminated", t[i].name);
            a.at = a.in_place = 0;
            ty_read_opts_init(&borrow);
            borrow.borrow = 1;
            ty_is_int(ty_document_each(path, TY_LANG_JA, &borrow, against_doc, &a, &info, &e),
                      TY_OK, "document_each: %s: borrowing", t[i].name);
            ty_ok(a.same && a.at == ty_doc_count(doc),
                  "document_each: %s: borrowing, the same %zu segments", t[i].name, a.at);
            ty_ok(t[i].joined < 0 ? a.in_place > 0 : a.in_place == a.at - (size_t)t[i].joined,
                  "document_each: %s: borrowing, %zu of them in place", t[i].name, a.in_place);
            ty_doc_free(doc);
        }
        if (t[i].bytes)
            remove(path);
    }
}

int main(void)
{
    ty_segmenter *ja = NULL, *en = NULL;
    ty_error e;

    ty_is_int(ty_segmenter_new(TY_LANG_JA, &ja, &e), TY_OK, "segmenter ja opens");
    ty_is_int(ty_segmenter_new(TY_LANG_EN, &en, &e), TY_OK, "segmenter en opens");
    ty_is_int(ty_segmenter_new((ty_lang)7, &(ty_segmenter *){NULL}, &e), TY_ERR_INVALID,
              "an unknown language fails");
    run_cases(ja, en);
    test_fields(ja, en);
    test_abbrev_file();
    test_long(ja, en);
    test_bracket_offsets(ja);
    test_ascii_bracket_offsets(en);
    test_ascii_bracket_in_ja(ja);
    test_walk_offsets(ja, en);
    test_edges(ja);
    test_far_bytes(ja);
    test_lines(ja, en);
    test_presplit_blank();
    test_each(ja, en);
    test_document_each();
    ty_segmenter_free(NULL);
    ty_segmenter_free(ja);
    ty_segmenter_free(en);
    return ty_done();
}
