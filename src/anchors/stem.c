/*
 * stem.c — English words reduced to the lexicon keys both sides share: a stop-word filter and
 * a small suffix stripper (not Porter: fewer rules, applied the same way to EDICT glosses and
 * to English text, so only consistency matters), plus the folding of ENAMDICT romanization
 * (Kyouto → kyoto). It does not tokenize: callers pass one lowercase word.
 */
#include "config.h"

#include <string.h>

#include "lexicon.h"
#include "word_cache.h"

#define TY__STEM_MAX 48

/* Function words, and the words EDICT glosses use to describe rather than translate, in
 * byte order, with their lengths. */
#define W(w) {w, sizeof(w) - 1}
static const struct {
    const char *w;
    size_t n;
} stop_words[] = {
    W("about"), W("above"), W("after"), W("again"), W("against"), W("all"), W("also"),
    W("among"), W("and"), W("another"), W("any"), W("are"), W("as"), W("at"), W("be"),
    W("been"), W("before"), W("being"), W("below"), W("between"), W("both"), W("but"), W("by"),
    W("can"), W("could"), W("did"), W("does"), W("doing"), W("done"), W("down"), W("during"),
    W("each"), W("either"), W("esp"), W("etc"), W("every"), W("few"), W("for"), W("from"),
    W("further"), W("had"), W("has"), W("have"), W("having"), W("her"), W("here"), W("hers"),
    W("him"), W("his"), W("how"), W("into"), W("its"), W("itself"), W("just"), W("least"),
    W("less"), W("many"), W("may"), W("might"), W("more"), W("most"), W("much"), W("must"),
    W("neither"), W("nor"), W("not"), W("off"), W("once"), W("one"), W("ones"), W("oneself"),
    W("only"), W("onto"), W("other"), W("our"), W("ours"), W("out"), W("over"), W("own"),
    W("per"), W("same"), W("shall"), W("she"), W("should"), W("some"), W("somebody"),
    W("someone"), W("something"), W("such"), W("than"), W("that"), W("the"), W("their"),
    W("theirs"), W("them"), W("then"), W("there"), W("these"), W("they"), W("this"),
    W("those"), W("through"), W("too"), W("toward"), W("towards"), W("under"), W("until"),
    W("upon"), W("very"), W("via"), W("was"), W("were"), W("what"), W("when"), W("where"),
    W("which"), W("while"), W("who"), W("whom"), W("whose"), W("why"), W("will"), W("with"),
    W("within"), W("without"), W("would"), W("yet"), W("you"), W("your"), W("yours"),
};
#undef W

/* A binary search; most probes are told apart by the first letter, without memcmp. */
static int is_stop(const char *w, size_t n)
{
    size_t lo = 0, hi = sizeof stop_words / sizeof *stop_words;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2, sn = stop_words[mid].n;
        int c = (unsigned char)stop_words[mid].w[0] - (unsigned char)w[0];
        if (c == 0)
            c = memcmp(stop_words[mid].w, w, sn < n ? sn : n);
        if (c == 0)
            c = sn < n ? -1 : sn > n;
        if (c == 0)
            return 1;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

static int ends_n(const char *w, size_t n, const char *suf, size_t k, size_t min_stem)
{
    return n >= k + min_stem && memcmp(w + n - k, suf, k) == 0;
}

#define ends(w, n, suf, min_stem) ends_n(w, n, suf, sizeof(suf) - 1, min_stem)

static int vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

/* Derivational endings and what they become, longest first. */
#define D(suffix, repl) {suffix, repl, sizeof(suffix) - 1, sizeof(repl) - 1}
static const struct {
    const char *suffix, *repl;
    size_t sl, rl;
} derivations[] = {
    D("isation", "iz"), D("ization", "iz"), D("ational", "at"), D("fulness", ""),
    D("iveness", ""),   D("ation", "at"),   D("ition", "it"),   D("ement", ""),
    D("tion", "t"),     D("sion", "s"),     D("ment", ""),      D("ness", ""),
    D("ity", ""),       D("ive", ""),       D("ful", ""),       D("ise", "iz"),
    D("ize", "iz"),     D("al", ""),
};
#undef D

size_t ty__en_stem(const char *w, size_t n, char *out, size_t cap)
{
    char s[TY__STEM_MAX + 1];

    if (n < 3 || n > TY__STEM_MAX || cap < 2 || is_stop(w, n))
        return 0; /* two letters: of, to, in, on, is… (acronyms are Latin-token anchors) */
    memcpy(s, w, n);
    s[n] = '\0';
    /* inflections */
    if (ends(s, n, "ies", 2))
        n -= 2, s[n - 1] = 'y';
    else if (ends(s, n, "sses", 2))
        n -= 2;
    else if (ends(s, n, "xes", 2) || ends(s, n, "ches", 2) || ends(s, n, "shes", 2) ||
             ends(s, n, "zes", 3))
        n -= 2;
    else if (n > 3 && s[n - 1] == 's' && s[n - 2] != 's' && s[n - 2] != 'u' && s[n - 2] != 'i')
        n -= 1;
    if (ends(s, n, "ing", 3) || ends(s, n, "ed", 3)) {
        n -= s[n - 1] == 'g' ? 3 : 2;
        if (n >= 3 && s[n - 1] == s[n - 2] && !vowel(s[n - 1]) && s[n - 1] != 'l' &&
            s[n - 1] != 's' && s[n - 1] != 'z')
            n--; /* stopped → stop */
    } else if (ends(s, n, "ly", 4)) {
        n -= 2;
    }
    /* derivations */
    for (size_t k = 0; k < sizeof derivations / sizeof *derivations; k++) {
        size_t sl = derivations[k].sl, rl = derivations[k].rl;
        /* (the last letter first: most words end in none of the endings) */
        if (s[n - 1] == derivations[k].suffix[sl - 1] &&
            ends_n(s, n, derivations[k].suffix, sl, 4)) {
            memcpy(s + n - sl, derivations[k].repl, rl);
            n = n - sl + rl;
            break;
        }
    }
    if (n > 3 && s[n - 1] == 'e')
        n--;
    if (n + 1 > cap)
        n = cap - 1;
    memcpy(out, s, n);
    out[n] = '\0';
    return n >= 2 ? n : 0;
}

int ty__en_word_key(const char *w, size_t n, uint32_t *key)
{
    char s[TY__STEM_MAX + 1];
    size_t k = ty__en_stem(w, n, s, sizeof s);
    if (!k)
        return 0;
    *key = ty__anchor_key(TY_ANCHOR_LEXICON, s, k);
    return 1;
}

int ty__en_word_key_cached(ty__word_cache **cache, const char *w, size_t n, uint32_t *key)
{
    int fresh;
    ty__word_keys *e = ty__word_cache_entry(cache, 1, w, n, &fresh);

    if (!e)
        return ty__en_word_key(w, n, key);
    if (fresh)
        e->n = (uint32_t)ty__en_word_key(w, n, &e->key[0]);
    if (e->n)
        *key = e->key[0];
    return e->n != 0;
}

size_t ty__romaji_fold(char *w, size_t n)
{
    size_t k = 0;
    int folded = 0; /* the last letter ended a long vowel: ほうおう is ho-o, not h-o */
    for (size_t i = 0; i < n; i++) {
        char c = w[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if (c < 'a' || c > 'z')
            continue; /* ten'in, Ho-o */
        /* a long vowel: ou, oo, uu, aa → one letter (ei and ii are kept: Meiji, Niigata) */
        if (k > 0 && !folded &&
            ((c == 'u' && (w[k - 1] == 'o' || w[k - 1] == 'u')) || (c == 'o' && w[k - 1] == 'o') ||
             (c == 'a' && w[k - 1] == 'a'))) {
            folded = 1;
            continue;
        }
        folded = 0;
        w[k++] = c;
    }
    return k;
}
