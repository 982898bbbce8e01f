/*
 * abbrev.c — the English abbreviation set (a hash set over one string pool; the built-in
 * list abbrev-en.txt is compiled in as abbrev-en.inc) and the closed list of
 * sentence-starting words. It only answers lookups; segment.c decides what they mean.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unicode/utf8.h>

#include "abbrev.h"
#include "base/error.h"

static const char builtin_en[] =
#include "src/segment/abbrev-en.inc"
    ;

struct ty__abbrevs {
    char *pool; /* entries, each NUL-terminated */
    size_t poollen, poolcap;
    uint32_t *slots; /* pool offset + 1; 0 is empty */
    size_t nslots, count;
};

static uint32_t hash(const char *s, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static int lookup(const ty__abbrevs *set, const char *s, size_t len)
{
    size_t mask = set->nslots - 1, i;

    if (!set->nslots)
        return 0;
    for (i = hash(s, len) & mask; set->slots[i]; i = (i + 1) & mask) {
        const char *e = set->pool + set->slots[i] - 1;
        if (!memcmp(e, s, len) && e[len] == '\0')
            return 1;
    }
    return 0;
}

static int rehash(ty__abbrevs *set, size_t nslots)
{
    uint32_t *slots = calloc(nslots, sizeof *slots);

    if (!slots)
        return -1;
    for (size_t k = 0; k < set->nslots; k++) {
        uint32_t off = set->slots[k];
        const char *e;
        size_t i;
        if (!off)
            continue;
        e = set->pool + off - 1;
        for (i = hash(e, strlen(e)) & (nslots - 1); slots[i]; i = (i + 1) & (nslots - 1))
            ;
        slots[i] = off;
    }
    free(set->slots);
    set->slots = slots;
    set->nslots = nslots;
    return 0;
}

/* Add one entry (already checked); 0, or -1 when out of memory. */
static int insert(ty__abbrevs *set, const char *s, size_t len)
{
    size_t i;

    if (lookup(set, s, len))
        return 0;
    if (2 * (set->count + 1) > set->nslots &&
        rehash(set, set->nslots ? 2 * set->nslots : 256) != 0)
        return -1;
    if (set->poollen + len + 1 > set->poolcap) {
        size_t cap = set->poolcap ? 2 * set->poolcap : 4096;
        char *p;
        while (cap < set->poollen + len + 1)
            cap *= 2;
        if (!(p = realloc(set->pool, cap)))
            return -1;
        set->pool = p;
        set->poolcap = cap;
    }
    memcpy(set->pool + set->poollen, s, len);
    set->pool[set->poollen + len] = '\0';
    for (i = hash(s, len) & (set->nslots - 1); set->slots[i]; i = (i + 1) & (set->nslots - 1))
        ;
    set->slots[i] = (uint32_t)set->poollen + 1;
    set->poollen += len + 1;
    set->count++;
    return 0;
}

ty_status ty__abbrevs_add_text(ty__abbrevs *set, const char *text, size_t len,
                               const char *name, ty_error *err)
{
    size_t i = 0;
    long line = 0;

    while (i < len) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - text) : len, a = i, b;
        char entry[TY__ABBREV_LEN + 2];
        int32_t k = 0, n;
        UChar32 c;

        line++;
        i = nl ? e + 1 : len;
        for (b = a; b < e && text[b] != '#'; b++)
            ;
        while (a < b && (text[a] == ' ' || text[a] == '\t'))
            a++;
        while (b > a && (text[b - 1] == ' ' || text[b - 1] == '\t' || text[b - 1] == '\r'))
            b--;
        if (a == b)
            continue;
        if (b - a > TY__ABBREV_LEN)
            return ty__fail(err, TY_ERR_FORMAT, name, line, -1,
                            "abbreviation longer than %d bytes", TY__ABBREV_LEN);
        n = (int32_t)(b - a);
        while (k < n) {
            U8_NEXT((const uint8_t *)text + a, k, n, c);
            if (c < 0)
                return ty__fail(err, TY_ERR_ENCODING, name, line, (long long)a + k - 1,
                                "abbreviation is not valid UTF-8");
            if (c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == '\r')
                return ty__fail(err, TY_ERR_FORMAT, name, line, -1,
                                "abbreviation with white space inside (one per line)");
        }
        memcpy(entry, text + a, (size_t)n);
        if (entry[n - 1] != '.')
            entry[n++] = '.';
        if (set->count >= TY__ABBREV_MAX)
            return ty__fail(err, TY_ERR_TOOBIG, name, line, -1,
                            "more than %d abbreviations", TY__ABBREV_MAX);
        if (insert(set, entry, (size_t)n) != 0)
            return ty__nomem(err);
    }
    return TY_OK;
}

ty_status ty__abbrevs_new(ty__abbrevs **out, ty_error *err)
{
    ty__abbrevs *set = calloc(1, sizeof *set);
    ty_status st;

    *out = NULL;
    if (!set)
        return ty__nomem(err);
    st = ty__abbrevs_add_text(set, builtin_en, sizeof builtin_en - 1, "abbrev-en.txt", err);
    if (st != TY_OK) {
        ty__abbrevs_free(set);
        return st;
    }
    *out = set;
    return TY_OK;
}

void ty__abbrevs_free(ty__abbrevs *set)
{
    if (!set)
        return;
    free(set->pool);
    free(set->slots);
    free(set);
}

int ty__abbrevs_has(const ty__abbrevs *set, const char *s, size_t len)
{
    char low[TY__ABBREV_LEN];

    if (len == 0 || len > TY__ABBREV_LEN)
        return 0;
    if (lookup(set, s, len))
        return 1;
    if (s[0] < 'A' || s[0] > 'Z')
        return 0;
    memcpy(low, s, len);
    low[0] = (char)(low[0] + ('a' - 'A'));
    return lookup(set, low, len);
}

/* Closed-class words that begin sentences, lower case, sorted (bsearch). Content words are
 * left out on purpose: after "U.S." a capitalized noun ("Foreign", "Representatives")
 * continues the sentence. */
static const char *const starters[] = {
    "a", "about", "according", "additionally", "after", "afterwards", "against", "all",
    "also", "although", "among", "an", "and", "another", "any", "are", "as", "at", "because",
    "before", "besides", "between", "both", "but", "by", "can", "consequently", "could",
    "despite", "did", "do", "does", "due", "during", "each", "either", "even", "every",
    "finally", "first", "firstly", "following", "for", "from", "further", "furthermore",
    "had", "has", "have", "he", "hence", "her", "here", "his", "how", "however", "i", "if",
    "in", "indeed", "instead", "is", "it", "its", "last", "lastly", "let", "many", "may",
    "meanwhile", "might", "moreover", "most", "much", "must", "my", "neither", "nevertheless",
    "next", "no", "nonetheless", "nor", "not", "now", "of", "on", "once", "one", "only", "or",
    "other", "our", "over", "please", "regarding", "second", "secondly", "she", "should",
    "similarly", "since", "so", "some", "still", "such", "that", "the", "their", "then",
    "there", "therefore", "these", "they", "third", "thirdly", "this", "those", "though",
    "through", "thus", "to", "today", "tomorrow", "under", "unless", "until", "upon", "was",
    "we", "were", "what", "when", "where", "whether", "which", "while", "who", "why", "will",
    "with", "within", "without", "would", "yes", "yesterday", "yet", "you", "your",
};

static int cmp_word(const void *key, const void *elem)
{
    return strcmp((const char *)key, *(const char *const *)elem);
}

int ty__is_starter_word(const char *s, size_t len)
{
    char low[16];

    if (len == 0 || len >= sizeof low)
        return 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + ('a' - 'A'));
        else if (c < 'a' || c > 'z')
            return 0;
        low[i] = (char)c;
    }
    low[len] = '\0';
    return bsearch(low, starters, sizeof starters / sizeof starters[0], sizeof starters[0],
                   cmp_word) != NULL;
}
