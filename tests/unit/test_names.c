/*
 * test_names.c — katakana name anchors (src/anchors/names.c): the phonetic skeleton of English and
 * romanized words, and katakana/English pairs that must (or must not) share a NAME key.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "anchors/anchors.h"
#include "anchors/names.h"
#include "tap.h"

static ty_anchor_ctx *ctx;

static size_t name_keys(ty_lang lang, const char *text, uint32_t *keys, size_t cap)
{
    ty_anchor_set set = {0};
    size_t n = 0;
    if (ty__anchors_extract(ctx, lang, text, strlen(text), &set) != TY_OK)
        return (size_t)-1;
    for (size_t i = 0; i < set.n; i++)
        if (set.v[i].kind == TY_ANCHOR_NAME && n < cap)
            keys[n++] = set.v[i].key;
    ty__anchor_set_free(&set);
    return n;
}

static const struct {
    const char *word;
    int romaji;
    const char *want;
} skeletons[] = {
    {"blinken", 0, "brnkn"},   {"burinken", 1, "brnkn"},   {"sullivan", 0, "srbn"},
    {"sariban", 1, "srbn"},    {"lavrov", 0, "rbrb"},      {"raburofu", 1, "rbrb"},
    {"vu~ieira", 1, "br"},     {"vieira", 0, "br"},        {"haichi", 1, "ht"},
    {"haiti", 0, "ht"},        {"shelter", 0, "srt"},      {"sheruta", 1, "srt"},
    {"washington", 0, "wsntn"}, {"Christ", 0, "krst"},     {"news", 0, "ns"},
    {"a", 0, ""},              {"", 1, ""},
    /* loanword conventions: -ng is ング, -tion ション, silent g in -gn and -igh, kh is ハ */
    {"monitaringu", 1, "ntrn"}, {"monitoring", 0, "ntrn"},   {"ingurando", 1, "anrnd"},
    {"england", 0, "anrnd"},   {"hangari", 1, "hngr"},       {"hungary", 0, "hngr"},
    {"opereshon", 1, "aprsn"}, {"operation", 0, "aprsn"},    {"question", 0, "kstn"},
    {"kuroachia", 1, "krt"},   {"croatia", 0, "krt"},        {"dezain", 1, "dsn"},
    {"design", 0, "dsn"},      {"haireberu", 1, "hrbr"},     {"highlevel", 0, "hrbr"},
    {"saharin", 1, "shrn"},    {"sakhalin", 0, "shrn"},
    /* an English r before a consonant: dropped, or kept when asked (flag 2) */
    {"turkiye", 0, "tk"},      {"turkiye", 2, "trk"},        {"toruko", 1, "trk"},
    {"partnership", 0, "ptnsp"}, {"partnership", 2, "prtnrsp"}, {"paatonaashippu", 1, "ptnsp"},
    {"ninigi", 0, "ns"},       {"ninigi", 1, "ng"},
};

static const struct {
    const char *ja, *en;
    int share;
} pairs[] = {
    {"ブリンケン国務長官", "Secretary of State Blinken", 1},
    {"サリバン補佐官", "National Security Advisor Sullivan", 1},
    {"ヴィエイラ・ブラジル外務大臣", "Foreign Minister Vieira of Brazil", 1},
    {"ラブロフ外相", "Foreign Minister Lavrov", 1},
    {"マダガスカル東部", "eastern Madagascar", 1},
    {"ハイチ情勢", "the situation in Haiti", 1},
    {"ガザ地区", "the Gaza Strip", 1},
    {"サイクロンによる被害", "damage caused by the cyclone", 1},
    {"シェルター", "shelter", 1},
    {"ワシントン", "in Washington", 1},
    {"ウクライナ侵略", "aggression against Ukraine", 1},
    {"ロシアによる", "Russian aggression", 1},
    {"リオデジャネイロ", "in Rio de Janeiro", 1},
    {"ブラジル", "Brazil", 1},
    {"エジプト", "Egypt", 1},
    {"カタール", "Qatar", 1},
    {"ネパール西部", "western Nepal", 1},
    {"現地のニーズ", "the needs on the ground", 1},
    {"両チームの選手", "players from both teams", 1},
    {"トルコ南東部", "southeastern Türkiye", 1},
    {"マルコス大統領", "President Marcos", 1},
    {"ポルトガル", "in Portugal", 1},
    {"パートナーシップ", "a partnership", 1},
    {"ウクライナ", "Ukraine", 1},
    {"サミット", "the summit", 1},
    {"トランプ大統領", "President Trump", 1},
    {"モニタリング結果", "the monitoring results", 1},
    {"オペレーション", "this operation", 1},
    {"デザイン", "the design", 1},
    {"ハイレベル対話", "a High Level Dialogue", 1},
    {"サハリン２", "Sakhalin-2", 1},
    {"ニニギ", "Ninigi descended", 1},
    {"サルタヒコ", "Sarutahiko", 1},
    {"イングランド", "England", 1},
    {"ブリンケン", "Lavrov", 0},
    {"トルコ", "Turin", 0},
    {"エネルギー", "energy", 0}, /* German: the g is hard, the r written; no key */
    {"ニニギ", "Nagasaki", 0},
    {"モニタリング", "monitor", 0},
    {"ハイチ", "Gaza", 0},
    {"ウクライナ", "Egypt", 0},
    {"サイクロン", "shelter", 0},
    {"上川外務大臣", "Minister Kamikawa", 0},
};

/* English sentences and all their name keys, as the extractor gave them before English words'
 * keys were cached (names repeated, runs with particles, -an, plurals, romaji, lowercase
 * loanwords, a word too long for the cache, full-width and accented letters, one word as a
 * name and as a loanword). */
static const struct {
    const char *en;
    uint32_t keys[16];
} en_keys[] = {
    {"Secretary of State Blinken met Foreign Minister Lavrov in Saudi Arabia.",
     {0x05fb0a19u, 0x0aacb865u, 0x10993a1fu, 0x132bbb5au, 0x2a6c6454u, 0x317ead70u, 0x7570ee5fu, 0x78df98c5u, 0x97bc91e5u, 0xa7bcab15u, 0xc7bad358u, 0xeb2b95c3u, 0xf2b3ffc3u}},
    {"The President of the Republic of Rio de Janeiro and Sao Paulo da Silva spoke.",
     {0x2888bed1u, 0x29c5cf53u, 0x41bb67bfu, 0x586560e5u, 0x5d5fd521u, 0x7510ddafu, 0x7cca32c3u, 0x7cd042f1u, 0x83d04df6u, 0x97bed07cu, 0xb2e71531u, 0xd8dd9684u}},
    {"Russian and American teams used shelters during the cyclone.",
     {0x2a35d2c2u, 0x62532f5au, 0x72ca2305u, 0x75687d7au, 0x90ba4849u, 0x95300465u, 0xabc97d54u, 0xe776e5c0u, 0xfc3f9565u, 0xfcf34edcu}},
    {"Ninigi and Sakuya descended to Hokkaido; the Kanjin ceremony followed.",
     {0x3607c821u, 0x4100174eu, 0x4fbb7dc9u, 0x7d319ea5u, 0x88ca45a7u, 0x98ff7965u, 0xa4ff8c49u, 0xa8bcaca8u}},
    {"Türkiye and Portugal signed a partnership with the Netherlands.",
     {0x4cf82a96u, 0x598b8e3fu, 0x668ba2b6u, 0x676dcb83u, 0x84eac6b1u, 0xa8c9789bu, 0xb48b4fcdu, 0xbb329123u}},
    {"Shelter shelter SHELTER Shelters shelters, shelter.",
     {0x0fdbce6cu, 0x16057acdu, 0x2a35d2c2u, 0x2a35d2c2u, 0x2bbcf7d2u, 0x61c358fcu, 0x656facfbu, 0x72ca2305u, 0x72ca2305u, 0x72ca2305u, 0x72ca2305u, 0x72ca2305u, 0x72ca2305u}},
    {"Pneumonoultramicroscopicsilicovolcanoconiosis is a word longer than thirty-one letters.",
     {0x0f32e75bu, 0x1741fe7du, 0x6a828e7bu, 0x91ba49dcu, 0x97bc91e5u}},
    {"pneumonoultramicroscopicsilicovolcanoconiosis appears again in lowercase.",
     {0x0fdac62cu, 0x24f6bdb8u, 0x6a828e7bu, 0x9fe9be1bu, 0xeb0b250bu}},
    {"High-Level Political Forum on Sustainable Development, Question-and-Answer Session.",
     {0x0616571cu, 0x389a6661u, 0x4650c4afu, 0x47271757u, 0x5e9a5d3bu, 0x6ab5c22du, 0x6ca96d4eu, 0x8135a43fu, 0x990b6cfeu, 0xa07e3ca0u, 0xac6ec121u, 0xadbcb487u, 0xbb0fdcd6u, 0xc7bad358u}},
    {"Mr. KAMIKAWA Yoko, Minister for Foreign Affairs: Thank you very much.",
     {0x06daf49eu, 0x0c83c6ffu, 0x14d41246u, 0x39c57521u, 0x3bd7a37eu, 0x3f718e64u, 0x6c10cf84u, 0x88e999e6u, 0x91e9a811u, 0xc7bad358u, 0xeb2b95c3u, 0xf6c4ecccu}},
    {"Ｇ７ Ｈｉｒｏｓｈｉｍａ Ｓｕｍｍｉｔ and the Café in Zürich.",
     {0x24a617d1u, 0x72ca2305u, 0x7310da89u, 0xb1f8e4fbu, 0xf7ae2e24u}},
    {"Madagascar Madagascar Madagascar; Ukraine, Gaza, Egypt and Haiti.",
     {0x0863e9bbu, 0x0863e9bbu, 0x0863e9bbu, 0x3c27ded6u, 0x6d0ad40au, 0x7da5914du, 0x913e55f8u, 0x913e55f8u, 0xa5fb10aeu, 0xa8ee4974u, 0xbbeb2d97u, 0xe083b868u, 0xe083b868u}},
};

/* The name keys of an English sentence against the table's row (keys[] ends at its first 0). */
static int same_keys(size_t row)
{
    uint32_t got[64];
    size_t n = name_keys(TY_LANG_EN, en_keys[row].en, got, 64), want = 0;
    while (want < 16 && en_keys[row].keys[want])
        want++;
    return n == want && memcmp(got, en_keys[row].keys, n * sizeof *got) == 0;
}

int main(void)
{
    ty_error err;
    uint32_t a[64], b[64];

    for (size_t i = 0; i < sizeof skeletons / sizeof *skeletons; i++) {
        char out[64];
        size_t n = ty__name_skeleton(skeletons[i].word, strlen(skeletons[i].word),
                                     skeletons[i].romaji, out, sizeof out);
        ty_is_str(n ? out : "", skeletons[i].want, "skeleton of %s \"%s\"",
                  skeletons[i].romaji ? "romaji" : "English", skeletons[i].word);
    }
    if (ty__anchor_ctx_new(NULL, &ctx, &err) != TY_OK) {
        ty_ok(0, "context: %s", err.message);
        return ty_done();
    }
    for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
        size_t na = name_keys(TY_LANG_JA, pairs[i].ja, a, 64);
        size_t nb = name_keys(TY_LANG_EN, pairs[i].en, b, 64);
        int shared = 0;
        for (size_t x = 0; x < na; x++)
            for (size_t y = 0; y < nb; y++)
                shared |= a[x] == b[y];
        ty_ok(shared == pairs[i].share, "\"%s\" and \"%s\" %s a name key", pairs[i].ja,
              pairs[i].en, pairs[i].share ? "share" : "do not share");
    }
    /* ・ splits katakana words; a lone kana or ー is not a word; the cache gives the same keys */
    size_t nv = name_keys(TY_LANG_JA, "ヴィエイラ", a, 64);
    size_t nbz = name_keys(TY_LANG_JA, "ブラジル", a + nv, 32);
    ty_is_int((long long)name_keys(TY_LANG_JA, "ヴィエイラ・ブラジル", b, 64),
              (long long)(nv + nbz), "ヴィエイラ・ブラジル gives the keys of both names");
    ty_is_int((long long)name_keys(TY_LANG_JA, "ケ国とー", a, 64), 0, "ケ and ー alone give none");
    size_t n1 = name_keys(TY_LANG_JA, "ガザ", a, 64), n2 = name_keys(TY_LANG_JA, "ガザ", b, 64);
    ty_ok(n1 == 1 && n2 == 1 && a[0] == b[0], "a cached katakana word keeps its key");
    /* English words' keys are cached per context: the first round fills the cache, the second
     * reads it, the third comes after 20,000 other words have filled and cleared it */
    for (int round = 0; round < 3; round++) {
        if (round == 2) {
            char text[64];
            for (unsigned w = 0; w < 20000; w++) {
                snprintf(text, sizeof text, "Word%c%c%c%c", 'a' + w % 26, 'a' + w / 26 % 26,
                         'a' + w / 676 % 26, 'a' + w / 17576);
                name_keys(TY_LANG_EN, text, a, 64);
            }
        }
        for (size_t i = 0; i < sizeof en_keys / sizeof *en_keys; i++)
            ty_ok(same_keys(i), "round %d: the name keys of \"%s\"", round + 1, en_keys[i].en);
    }
    ty__anchor_ctx_free(ctx);
    return ty_done();
}
