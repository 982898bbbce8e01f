/* test_stem.c — the English stemmer behind lexicon keys (src/anchors/stem.c): stop words
 * (the first, the last and one in the middle of the sorted list, words that share a stop
 * word's first letters or are one letter longer or shorter than it), too short and too long
 * words, inflections, doubled consonants, -ly, each derivational ending, a final e, and the
 * key of a word being the key of its stem. */
#include <stdio.h>
#include <string.h>

#include "anchors/lexicon.h"
#include "anchors/word_cache.h"
#include "tap.h"

static const struct {
    const char *word, *stem; /* "" for no stem */
} cases[] = {
    /* stop words, and words beside them in the list's order */
    {"about", ""},        {"abouts", "about"},     {"abou", "abou"},      {"yours", ""},
    {"yourself", "yourself"}, {"your", ""},        {"you", ""},           {"youth", "youth"},
    {"the", ""},          {"them", ""},            {"theme", "them"},     {"there", ""},
    {"therefore", "therefor"}, {"these", ""},      {"thesis", "thesis"},   {"per", ""},
    {"perhaps", "perhap"}, {"esp", ""},            {"espresso", "espresso"}, {"etc", ""},
    {"was", ""},          {"wasp", "wasp"},        {"zebra", "zebra"},    {"aardvark", "aardvark"},
    /* length limits */
    {"of", ""},           {"ox", ""},              {"cat", "cat"},
    {"abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuv", "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuv"},
    {"abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvw", ""},
    /* inflections */
    {"policies", "policy"}, {"classes", "class"},  {"boxes", "box"},      {"churches", "church"},
    {"wishes", "wish"},   {"sizes", "siz"},        {"cats", "cat"},       {"bus", "bus"},
    {"status", "status"}, {"crisis", "crisis"},     {"stopped", "stop"},   {"running", "run"},
    {"called", "call"},   {"missed", "miss"},      {"buzzed", "buzz"},    {"agreed", "agr"},
    {"quickly", "quick"}, {"fly", "fly"},          {"reply", "reply"},
    /* derivations */
    {"organisation", "organiz"}, {"organization", "organiz"}, {"international", "internat"},
    {"usefulness", "useful"}, {"effectiveness", "effect"}, {"relation", "relat"},
    {"competition", "competit"}, {"settlement", "settl"}, {"adoption", "adopt"},
    {"expansion", "expans"}, {"government", "govern"}, {"kindness", "kind"},
    {"security", "secur"}, {"expensive", "expens"}, {"helpful", "help"},
    {"realise", "realiz"}, {"realize", "realiz"}, {"national", "nation"}, {"total", "total"},
    {"nation", "nation"}, {"minister", "minister"}, {"cooperation", "cooperat"},
    /* a final e */
    {"cooperate", "cooperat"}, {"stone", "ston"},     {"tree", "tre"},       {"ace", "ace"},
};

int main(void)
{
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        char out[64], again[64];
        uint32_t key = 0, want = 0;
        size_t n = ty__en_stem(cases[c].word, strlen(cases[c].word), out, sizeof out);
        ty_is_str(n ? out : "", cases[c].stem, "stem of %s", cases[c].word);
        ty_is_int((long long)n, (long long)strlen(cases[c].stem), "stem of %s: its length",
                  cases[c].word);
        /* the word's key is the key of its stem, made from the stem's letters */
        int keyed = ty__en_word_key(cases[c].word, strlen(cases[c].word), &key);
        ty_is_int(keyed, n > 0, "key of %s: given when there is a stem", cases[c].word);
        if (n) {
            snprintf(again, sizeof again, "%s", out);
            want = ty__anchor_key(TY_ANCHOR_LEXICON, again, n);
            ty_ok(key == want, "key of %s: the key of its stem", cases[c].word);
        }
    }
    /* the cached key is the key: every word of the table three times (the first round fills
     * the cache, the second reads it, the third comes after 20,000 other words have filled
     * and cleared it); the table holds words too long for the cache and stop words */
    ty__word_cache *cache = NULL;
    for (int round = 0; round < 3; round++) {
        if (round == 2) {
            char w[16];
            uint32_t k;
            for (unsigned i = 0; i < 20000; i++) {
                snprintf(w, sizeof w, "word%c%c%c%c", 'a' + i % 26, 'a' + i / 26 % 26,
                         'a' + i / 676 % 26, 'a' + i / 17576);
                ty__en_word_key_cached(&cache, w, strlen(w), &k);
            }
        }
        for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
            const char *w = cases[c].word;
            uint32_t key = 0, cached = 0;
            int keyed = ty__en_word_key(w, strlen(w), &key);
            int hit = ty__en_word_key_cached(&cache, w, strlen(w), &cached);
            ty_ok(hit == keyed && (!keyed || cached == key), "round %d: cached key of %s",
                  round + 1, w);
        }
    }
    ty__word_cache_free(cache);
    /* the cache grows from 256 slots as words come: 5,000 words (several doublings, no
     * emptying) keep their keys */
    cache = NULL;
    for (int pass = 0; pass < 2; pass++) {
        size_t wrong = 0;
        for (unsigned i = 0; i < 5000; i++) {
            char w[16];
            uint32_t key = 0, cached = 0;
            snprintf(w, sizeof w, "grow%c%c%cing", 'a' + i % 26, 'a' + i / 26 % 26,
                     'a' + i / 676 % 26);
            int keyed = ty__en_word_key(w, strlen(w), &key);
            wrong += ty__en_word_key_cached(&cache, w, strlen(w), &cached) != keyed ||
                     (keyed && cached != key);
        }
        ty_is_int((long long)wrong, 0, "%s 5,000 words: cached keys that differ",
                  pass ? "after growing, read back:" : "growing with");
    }
    ty__word_cache_free(cache);
    return ty_done();
}
