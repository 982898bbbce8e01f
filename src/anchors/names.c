/*
 * names.c — name anchors: katakana words (names and loanwords) on the Japanese side,
 * capitalized English words (and lowercase ones of 5+ letters) on the other, both reduced to one coarse phonetic skeleton so
 * that ブリンケン and Blinken, サリバン and Sullivan, サイクロン and cyclone share a key.
 *
 * Katakana is romanized with ICU's "Katakana-Latin; Latin-ASCII" transliterator (built once
 * for the process, cloned for each context), once per distinct word (a per-context cache:
 * transliteration costs microseconds). The skeleton keeps
 * the first letter (any vowel as 'a'), drops later vowels, merges the consonants katakana does
 * not tell apart or English spelling blurs (r/l, b/v/f, m/n, s/z/j), reads English spelling the
 * way katakana renders it (c→k/s, ch→t, chr→kr, sh→s, th→s, ph→f, x→ks, soft g→j, ng→n,
 * kh→h, -tion→shon, g silent in -gn and -igh, w and r before a consonant are silent; romaji
 * ング before a consonant or at the end is -ng) and collapses doubled letters. An English word
 * ending in -an is also keyed without its n (Russian ~ ロシア); a capitalized one with an r
 * before a consonant also with the r kept (Türkiye ~ トルコ); one spelled as romaji also as
 * romaji (Ninigi ~ ニニギ). A romanized word ending in r also gives the key without it
 * (マダガスカル ~ Madagascar). It does not decide which matches are right: the aligner weighs.
 */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include "base/error.h"
#include "names.h"
#include "word_cache.h"

#define TY__NAME_MAX 64        /* letters of a word or romanized katakana word considered */
#define TY__NAME_CACHE 16384   /* cached katakana words (a power of two); cleared when full */
#define TY__NAME_RUN 3         /* capitalized English words joined into one name at most */
#define TY__EN_KEYS 7          /* keys of an English word at most (en_keys) */
#define TY__NAME_LOWER 5       /* lowercase English words this long are keyed too (loanwords;
                                  shorter ones add noise, longer ones lose matches) */

typedef struct name_slot {
    uint64_t hash; /* 0 = empty */
    uint32_t key[2];
    uint8_t nkeys;
} name_slot;

struct ty__names {
    UTransliterator *trans;
    name_slot *cache;
    size_t cached;
    ty__word_cache *en_cache; /* English words' keys (made at the first one) */
};

ty_status ty__names_new(ty__names **out, ty_error *err)
{
    ty__names *nm;

    *out = NULL;
    nm = calloc(1, sizeof *nm);
    if (!nm)
        return ty__nomem(err);
    *out = nm;
    return TY_OK;
}

/* The transliterators as ICU builds them, once for the process and never freed: opening one
 * costs about 300 microseconds (20 ms the first time) and hundreds of locale lookups, a clone
 * about 2. Cloning is a const operation, which ICU allows from several threads at once. */
static const char *const translit_ids[TY__TRANSLITS] = {
    [TY__TRANSLIT_KATAKANA] = "Katakana-Latin; Latin-ASCII",
    [TY__TRANSLIT_KANA] = "Hiragana-Latin; Katakana-Latin; Latin-ASCII",
};
static pthread_once_t translit_once[TY__TRANSLITS] = {PTHREAD_ONCE_INIT, PTHREAD_ONCE_INIT};
static UTransliterator *translit_proto[TY__TRANSLITS];

static void open_proto(ty__translit k)
{
    UChar uid[64];
    UErrorCode e = U_ZERO_ERROR;

    u_uastrcpy(uid, translit_ids[k]);
    translit_proto[k] = utrans_openU(uid, -1, UTRANS_FORWARD, NULL, 0, NULL, &e);
    if (U_FAILURE(e))
        translit_proto[k] = NULL;
}

static void open_katakana(void)
{
    open_proto(TY__TRANSLIT_KATAKANA);
}

static void open_kana(void)
{
    open_proto(TY__TRANSLIT_KANA);
}

UTransliterator *ty__translit_new(ty__translit which)
{
    UErrorCode e = U_ZERO_ERROR;
    UTransliterator *t;

    if (which >= TY__TRANSLITS)
        return NULL;
    pthread_once(&translit_once[which],
                 which == TY__TRANSLIT_KATAKANA ? open_katakana : open_kana);
    if (!translit_proto[which])
        return NULL;
    t = utrans_clone(translit_proto[which], &e);
    if (U_FAILURE(e)) {
        if (t)
            utrans_close(t);
        return NULL;
    }
    return t;
}

/* The context's transliterator and word cache, made the first time a katakana word is met:
 * English-only work needs neither. */
static ty_status open_trans(ty__names *nm)
{
    if (nm->trans)
        return TY_OK;
    if (!nm->cache && !(nm->cache = calloc(TY__NAME_CACHE, sizeof *nm->cache)))
        return TY_ERR_NOMEM;
    nm->trans = ty__translit_new(TY__TRANSLIT_KATAKANA);
    return nm->trans ? TY_OK : TY_ERR_ICU;
}

void ty__names_free(ty__names *nm)
{
    if (!nm)
        return;
    if (nm->trans)
        utrans_close(nm->trans);
    free(nm->cache);
    ty__word_cache_free(nm->en_cache);
    free(nm);
}

/* ---- the skeleton --------------------------------------------------------------------- */

static int is_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

static int is_front(char c)
{
    return c == 'e' || c == 'i' || c == 'y';
}

size_t ty__name_skeleton(const char *w, size_t n, int flags, char *out, size_t cap)
{
    char s[TY__NAME_MAX + 1];
    size_t m = 0, k = 0;
    int romaji = flags & TY__SK_ROMAJI, keep_r = flags & TY__SK_KEEP_R;

    /* letters only; in ICU's romaji "u~i" is ウィ: a small vowel after u (wi) or after a
     * consonant's u (vu~i = vi) */
    for (size_t i = 0; i < n && m < TY__NAME_MAX; i++) {
        char c = w[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if (romaji && c == '~') {
            if (m > 0 && is_vowel(s[m - 1])) {
                if (s[m - 1] == 'u' && (m == 1 || is_vowel(s[m - 2])))
                    s[m - 1] = 'w';
                else
                    m--;
            }
            continue;
        }
        if (c >= 'a' && c <= 'z')
            s[m++] = c;
    }
    s[m] = '\0';
    if (cap < 2)
        return 0;
    for (size_t i = 0; i < m && k + 1 < cap;) {
        char c = s[i], nx = s[i + 1], cls;
        size_t step = 1;
        if (is_vowel(c)) {
            cls = i == 0 ? 'a' : 0;
        } else if (c == 's' && nx == 'c' && s[i + 2] == 'h') {
            cls = 's', step = 3;
        } else if (c == 's' && nx == 'h') {
            cls = 's', step = 2;
        } else if (c == 'c' && nx == 'h') {
            cls = (nx = s[i + 2]) == 'r' || nx == 'l' ? 'k' : 't', step = 2; /* Christ, chin */
        } else if (c == 't' && (nx == 's' || nx == 'z')) {
            cls = 't', step = 2;
        } else if (c == 't' && nx == 'h') {
            cls = 's', step = 2;
        } else if (c == 'p' && nx == 'h') {
            cls = 'b', step = 2;
        } else if (c == 'c' && (nx == 'k' || nx == 'c') ) {
            cls = 'k', step = 2;
        } else if (c == 'w' && nx == 'h') {
            cls = 'w', step = 2;
        } else if (c == 'd' && nx == 'g' && !romaji) {
            cls = 's', step = 2;
        } else if (c == 'd' && nx == 's' && !romaji && !is_vowel(s[i + 2])) {
            cls = 's', step = 2; /* needs ニーズ, Leeds リーズ */
        } else if (c == 'n' && nx == 'g' && !romaji && !is_vowel(s[i + 2])) {
            cls = 'n', step = 2;
        } else if (c == 'n' && nx == 'g' && romaji && s[i + 2] == 'u' && !is_vowel(s[i + 3])) {
            cls = 'n', step = 2; /* ング before a consonant or at the end is -ng: monitoring */
        } else if (c == 'g' && nx == 'n' && !romaji && !is_vowel(s[i + 2])) {
            cls = 'n', step = 2; /* design デザイン, campaign キャンペーン */
        } else if (c == 'g' && nx == 'h' && i > 0 && s[i - 1] == 'i' && !romaji) {
            cls = 0, step = 2; /* high ハイ, flight フライト */
        } else if (c == 'k' && nx == 'h' && !romaji) {
            cls = 'h', step = 2; /* Sakhalin サハリン, Kherson ヘルソン */
        } else if (c == 't' && nx == 'i' && i > 0 && s[i - 1] != 's' && !romaji &&
                   (s[i + 2] == 'o' || (s[i + 2] == 'a' && s[i + 3]))) {
            cls = 's'; /* -tion, -tial: operation オペレーション (not question, Croatia) */
        } else if (c == 'c') {
            cls = is_front(nx) ? 's' : 'k';
        } else if (c == 'q') {
            cls = 'k';
            if (nx == 'u')
                step = 2;
        } else if (c == 'x') {
            if (k + 2 < cap && (k == 0 || out[k - 1] != 'k'))
                out[k++] = 'k';
            cls = 's';
        } else if (c == 'g') {
            cls = !romaji && is_front(nx) ? 's' : 'g';
        } else if (c == 'j' || c == 'z') {
            cls = 's';
        } else if (c == 'v' || c == 'f' || c == 'b') {
            cls = 'b';
        } else if (c == 'l') {
            cls = 'r';
        } else if (c == 'r') {
            /* English r before a consonant: silent (パートナー), or written ル (ポルトガル) */
            cls = (romaji || is_vowel(nx) || (keep_r && nx)) ? 'r' : 0;
        } else if (c == 'm') {
            cls = 'n';
        } else if (c == 'w' && !romaji) {
            cls = is_vowel(nx) ? 'w' : 0; /* news, law: a vowel */
        } else if (c == 'h') {
            cls = (i == 0 || (is_vowel(s[i - 1]) && nx)) ? 'h' : 0;
        } else {
            cls = c;
        }
        if (cls && (k == 0 || out[k - 1] != cls))
            out[k++] = cls;
        i += step;
    }
    out[k] = '\0';
    return k >= 2 ? k : 0;
}

/* ---- Japanese ------------------------------------------------------------------------- */

static uint64_t hash_cps(const UChar32 *cp, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (uint64_t)(uint32_t)cp[i]) * 1099511628211ull;
    return h ? h : 1;
}

/* Romanize and key one katakana word into slot. */
static void key_katakana(ty__names *nm, const UChar32 *cp, size_t n, name_slot *slot)
{
    UChar buf[4 * TY__NAME_MAX];
    char ascii[4 * TY__NAME_MAX], sk[TY__NAME_MAX + 1];
    int32_t len = 0, limit, cap = (int32_t)(sizeof buf / sizeof *buf);
    UErrorCode e = U_ZERO_ERROR;
    size_t a = 0, k;

    slot->nkeys = 0;
    for (size_t i = 0; i < n && len < TY__NAME_MAX; i++) {
        UBool bad = 0;
        U16_APPEND(buf, len, cap, cp[i], bad);
        (void)bad;
    }
    limit = len;
    utrans_transUChars(nm->trans, buf, &len, cap, 0, &limit, &e);
    if (U_FAILURE(e))
        return;
    for (int32_t i = 0; i < len && a < sizeof ascii; i++)
        if (buf[i] < 0x80)
            ascii[a++] = (char)buf[i];
    k = ty__name_skeleton(ascii, a, TY__SK_ROMAJI, sk, sizeof sk);
    if (k == 0)
        return;
    slot->key[slot->nkeys++] = ty__anchor_key(TY_ANCHOR_NAME, sk, k);
    if (k > 2 && sk[k - 1] == 'r')
        slot->key[slot->nkeys++] = ty__anchor_key(TY_ANCHOR_NAME, sk, k - 1);
}

static ty_status name_ja(ty__names *nm, const UChar32 *cp, size_t n, ty_anchor_set *out)
{
    uint64_t h = hash_cps(cp, n);
    size_t mask = TY__NAME_CACHE - 1, at = (size_t)h & mask;
    name_slot *slot;
    ty_status st = open_trans(nm);

    if (st)
        return st;
    while (nm->cache[at].hash && nm->cache[at].hash != h)
        at = (at + 1) & mask;
    slot = &nm->cache[at];
    if (!slot->hash) {
        if (nm->cached >= TY__NAME_CACHE / 2) {
            memset(nm->cache, 0, TY__NAME_CACHE * sizeof *nm->cache);
            nm->cached = 0;
            at = (size_t)h & mask;
            slot = &nm->cache[at];
        }
        key_katakana(nm, cp, n, slot);
        slot->hash = h;
        nm->cached++;
    }
    for (uint8_t k = 0; k < slot->nkeys; k++) {
        st = ty__anchor_set_push(out, TY_ANCHOR_NAME, slot->key[k]);
        if (st)
            return st;
    }
    return TY_OK;
}

static ty_status scan_ja(ty__names *nm, const ty__chars *t, ty_anchor_set *out)
{
    size_t i = 0;
    while (i < t->n) {
        size_t j = i, kana = 0;
        if (t->cls[i] != TY__C_KATA) {
            i++;
            continue;
        }
        while (j < t->n && t->cls[j] == TY__C_KATA) {
            kana += t->cp[j] != 0x30fc && t->cp[j] != 0xff70; /* ー is not a sound of its own */
            j++;
        }
        if (kana >= 2) {
            ty_status st = name_ja(nm, t->cp + i, j - i, out);
            if (st)
                return st;
        }
        i = j;
    }
    return TY_OK;
}

/* ---- English -------------------------------------------------------------------------- */

/* The letters of the word [i, j) as lowercase ASCII (accents dropped through NFKD). */
static size_t word_ascii(const ty__chars *t, size_t i, size_t j, char *w, size_t cap)
{
    size_t n = 0;
    int plain = 1;
    for (size_t k = i; k < j; k++)
        plain &= t->cp[k] < 0x80;
    if (plain) {
        for (size_t k = i; k < j && n + 1 < cap; k++)
            w[n++] = (char)(t->cp[k] | 0x20);
    } else {
        UChar in[TY__NAME_MAX * 2], nf[TY__NAME_MAX * 4];
        int32_t m = 0, len;
        UErrorCode e = U_ZERO_ERROR;
        const UNormalizer2 *nfkd = unorm2_getNFKDInstance(&e);
        for (size_t k = i; k < j && m < TY__NAME_MAX; k++) {
            UBool bad = 0;
            U16_APPEND(in, m, TY__NAME_MAX * 2, t->cp[k], bad);
            (void)bad;
        }
        len = U_SUCCESS(e) ? unorm2_normalize(nfkd, in, m, nf, TY__NAME_MAX * 4, &e) : 0;
        for (int32_t k = 0; U_SUCCESS(e) && k < len && n + 1 < cap; k++)
            if ((nf[k] | 0x20) >= 'a' && (nf[k] | 0x20) <= 'z')
                w[n++] = (char)(nf[k] | 0x20);
    }
    w[n] = '\0';
    return n;
}

/* Add the key of a skeleton to keys[] unless it is one of the `*nkeys` already there. */
static void add_key(const char *sk, size_t k, uint32_t *keys, size_t *nkeys)
{
    uint32_t key;
    if (!k)
        return;
    key = ty__anchor_key(TY_ANCHOR_NAME, sk, k);
    for (size_t i = 0; i < *nkeys; i++)
        if (keys[i] == key)
            return;
    keys[(*nkeys)++] = key;
}

/* Whether a lowercase ASCII word is spelled as Hepburn romaji could spell it (Ninigi, Sakuya,
 * Kanjin, Hokkaido): syllables of a consonant (k g s z t d n h b p m y r w j f, sh ch ts,
 * doubled, or followed by y) and a vowel, a syllabic n, ending in a vowel or n. */
static int romaji_shaped(const char *w, size_t n)
{
#define AT(k) ((k) < n ? w[k] : '\0')
#define VOWEL(c) ((c) && strchr("aeiou", (c)))
    size_t i = 0;
    if (n < 3)
        return 0;
    while (i < n) {
        char c = w[i];
        if (VOWEL(c) || (c == 'n' && !VOWEL(AT(i + 1)) && AT(i + 1) != 'y')) {
            i++; /* a vowel, or a syllabic n */
            continue;
        }
        if (!strchr("kgsztdnhbpmyrwjfc", c) || (c == 'c' && AT(i + 1) != 'h'))
            return 0;
        if (AT(i + 1) == c)
            i++; /* っ */
        if ((c == 's' || c == 'c') && AT(i + 1) == 'h')
            i++;
        else if (c == 't' && AT(i + 1) == 's')
            i++;
        if (AT(i + 1) == 'y' && c != 'y')
            i++;
        if (!VOWEL(AT(i + 1)))
            return 0;
        i += 2;
    }
    return 1;
#undef VOWEL
#undef AT
}

/* The keys of one English word (or run of words), distinct, into keys[] (TY__EN_KEYS at
 * most): its skeleton; for a name (capitalized) also with an r before a consonant kept, as
 * katakana writes names from their own languages (Türkiye トルコ, Marcos マルコス) where it
 * drops the r of English loanwords (パートナー); for a word spelled as romaji, also read as
 * romaji (Ninigi ニニギ, where English reads a soft g); for -an adjectives the place's (Russian
 * ロシア, American アメリカ); for plurals the singular's (teams チーム). Returns how many. */
static size_t en_keys(const char *w, size_t n, int name, uint32_t *keys)
{
    char sk[TY__NAME_MAX + 1];
    size_t nkeys = 0;

    for (int flags = 0; flags <= (name ? TY__SK_KEEP_R : 0); flags += TY__SK_KEEP_R) {
        add_key(sk, ty__name_skeleton(w, n, flags, sk, sizeof sk), keys, &nkeys);
        if (n >= 5 && w[n - 2] == 'a' && w[n - 1] == 'n')
            add_key(sk, ty__name_skeleton(w, n - 1, flags, sk, sizeof sk), keys, &nkeys);
        if (n >= 5 && w[n - 1] == 's' && w[n - 2] != 's')
            add_key(sk, ty__name_skeleton(w, n - 1, flags, sk, sizeof sk), keys, &nkeys);
    }
    if (romaji_shaped(w, n))
        add_key(sk, ty__name_skeleton(w, n, TY__SK_ROMAJI, sk, sizeof sk), keys, &nkeys);
    return nkeys;
}

/* Push the keys of one English word, from the context's cache when the word (as a name or
 * not) was met before: a document repeats its words, and their keys cost a dozen skeletons. */
static ty_status push_en(ty__names *nm, const char *w, size_t n, int name, ty_anchor_set *out)
{
    uint32_t made[TY__EN_KEYS];
    const uint32_t *keys = made;
    size_t nkeys;
    ty__word_keys *e = NULL;
    char tagged[TY__WORD_CACHE_LEN];
    int fresh = 0;
    ty_status st = TY_OK;

    if (n < sizeof tagged) { /* the cache's word: the name flag, then the letters */
        tagged[0] = name ? 'N' : 'w';
        memcpy(tagged + 1, w, n);
        e = ty__word_cache_entry(&nm->en_cache, TY__EN_KEYS, tagged, n + 1, &fresh);
    }
    if (e && !fresh) {
        keys = e->key;
        nkeys = e->n;
    } else {
        nkeys = en_keys(w, n, name, made);
        if (e) {
            memcpy(e->key, made, nkeys * sizeof *made);
            e->n = (uint32_t)nkeys;
        }
    }
    for (size_t k = 0; k < nkeys && !st; k++)
        st = ty__anchor_set_push(out, TY_ANCHOR_NAME, keys[k]);
    return st;
}

/* Small lowercase words inside a name: Rio de Janeiro, Sao Paulo da Silva. */
static int name_particle(const char *w, size_t n)
{
    static const char *const p[] = {"de", "da", "do", "dos", "das", "del", "della", "di",
                                    "du", "la", "le", "van", "von", "der", "den", "al", "el",
                                    "bin", "ibn"};
    for (size_t k = 0; k < sizeof p / sizeof *p; k++)
        if (strlen(p[k]) == n && memcmp(p[k], w, n) == 0)
            return 1;
    return 0;
}

static ty_status scan_en(ty__names *nm, const ty__chars *t, ty_anchor_set *out)
{
    char run[TY__NAME_RUN][TY__NAME_MAX + 1];
    size_t runlen[TY__NAME_RUN], nrun = 0, i = 0;
    char w[TY__NAME_MAX + 1];
    ty_status st = TY_OK;

    while (i < t->n && !st) {
        size_t j = i, n;
        int capital;
        if (t->cls[i] != TY__C_LATIN) {
            /* a name run continues over spaces only */
            if (t->cls[i] != TY__C_SPACE)
                nrun = 0;
            i++;
            continue;
        }
        while (j < t->n && t->cls[j] == TY__C_LATIN)
            j++;
        /* ICU's upper and title case among ASCII are A-Z */
        capital = t->cp[i] < 0x80 ? t->cp[i] >= 'A' && t->cp[i] <= 'Z'
                                  : u_isupper(t->cp[i]) || u_istitle(t->cp[i]);
        n = word_ascii(t, i, j, w, sizeof w);
        if (capital) {
            st = push_en(nm, w, n, 1, out);
            if (nrun == TY__NAME_RUN) {
                memmove(run, run + 1, sizeof run[0] * (TY__NAME_RUN - 1));
                memmove(runlen, runlen + 1, sizeof runlen[0] * (TY__NAME_RUN - 1));
                nrun--;
            }
            memcpy(run[nrun], w, n + 1);
            runlen[nrun++] = n;
            /* the runs ending here: "saudi"+"arabia", "rio"+"de"+"janeiro" */
            for (size_t first = 0; !st && first + 1 < nrun; first++) {
                char joined[(TY__NAME_MAX + 1) * TY__NAME_RUN];
                size_t m = 0;
                for (size_t r = first; r < nrun; r++) {
                    memcpy(joined + m, run[r], runlen[r]);
                    m += runlen[r];
                }
                st = push_en(nm, joined, m, 1, out);
            }
        } else if (n >= TY__NAME_LOWER) {
            st = push_en(nm, w, n, 0, out); /* loanwords: cyclone サイクロン, shelter シェルター */
            nrun = 0;
        } else if (nrun > 0 && nrun < TY__NAME_RUN && name_particle(w, n)) {
            memcpy(run[nrun], w, n + 1);
            runlen[nrun++] = n;
        } else {
            nrun = 0;
        }
        i = j;
    }
    return st;
}

ty_status ty__names_extract(ty__names *nm, ty_lang lang, const ty__chars *t, ty_anchor_set *out)
{
    return lang == TY_LANG_JA ? scan_ja(nm, t, out) : scan_en(nm, t, out);
}
