/*
 * lexicon.c — the public ty_lexicon: reads EDICT/ENAMDICT files (EUC-JP) and user glossaries
 * (UTF-8 TSV) into index entries (headword → keys of its English gloss words), loads the big
 * dictionaries through a cache file, and extracts TY_ANCHOR_LEXICON keys from segments.
 *
 * EDICT line:    漢字;漢字2 [かな;カナ] /(n) (1) gloss/gloss/(2) gloss/(P)/EntL1234/
 *   Each kanji form, and each katakana reading, becomes a headword (hiragana-initial forms are
 *   not: the search never starts a match on hiragana, where particles live). Its keys are the
 *   stems of the content words of the glosses of the first TY__SENSES senses (parenthesized
 *   notes dropped), at most TY__LINE_KEYS per line, and its romanized readings (ICU
 *   Hiragana-Latin, long vowels folded: 日系 → nikkei, 東大寺 → todaiji), since English texts
 *   write Japanese terms in romaji; lines of one headword are merged.
 * ENAMDICT line: 上川 [かみかわ] /(p,s) Kamikawa/  — the romanized reading is the gloss; it is
 *   keyed as written and with long vowels folded (Kyouto → kyoto), at most TY__NAME_KEYS.
 * A line that does not decode or has no "/gloss/" part is skipped and counted, never fatal.
 * It does not know the index layout (lexicon_index.c) nor stemming (stem.c).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <unicode/ucnv.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>
#include <unicode/utrans.h>

#include "base/error.h"
#include "lexicon.h"
#include "names.h"

/* The caps below keep precision: more senses or keys add noise as fast as matches
 * (tests/bench/anchor-stats.sh; doc/performance.md). */
#define TY__SENSES 2          /* EDICT senses read per line */
#define TY__LINE_KEYS 6       /* keys per EDICT line */
#define TY__SINGLE_KEYS 5     /* keys of a one-character headword found in a segment */
#define TY__NAME_KEYS 4       /* keys per ENAMDICT line */
#define TY__TSV_KEYS 16       /* keys per glossary line */
#define TY__READING_KEYS 2    /* romanized readings keyed per EDICT line */
#define TY__READING_MAX 96    /* UTF-16 units of a reading romanized */
#define TY__MAX_LINE 8192     /* bytes of a dictionary line read */
#define TY__MAX_FILE (512u * 1024u * 1024u)
#define TY__DEFAULT_DIR "/usr/share/edict"

struct ty_lexicon {
    ty__lexidx *base;     /* the dictionaries loaded through the cache */
    ty__lexidx *user;     /* entries added with ty_lexicon_add_* (rebuilt after each file) */
    ty__lexbuild *build;  /* those entries, kept to rebuild `user` */
    size_t skipped;
};

/* ---- small helpers -------------------------------------------------------------------- */

static ty_status read_all(const char *path, char **out, size_t *len, ty_error *err)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t n = 0, cap = 0;
    ty_status st = TY_OK;

    *out = NULL;
    if (!f)
        return ty__fail(err, errno == ENOENT ? TY_ERR_NOTFOUND : TY_ERR_IO, path, -1, -1,
                        "cannot open: %s", strerror(errno));
    for (;;) {
        size_t k;
        if (n + 65536 + 1 > cap) {
            size_t c = cap ? cap * 2 : 1u << 20;
            char *b;
            if (c > TY__MAX_FILE + 65536u + 1u) {
                st = ty__fail(err, TY_ERR_TOOBIG, path, -1, (long long)n,
                              "file larger than %u MiB", TY__MAX_FILE >> 20);
                goto cleanup;
            }
            b = realloc(buf, c);
            if (!b) {
                st = ty__nomem(err);
                goto cleanup;
            }
            buf = b;
            cap = c;
        }
        k = fread(buf + n, 1, 65536, f);
        n += k;
        if (k < 65536) {
            if (ferror(f))
                st = ty__fail(err, TY_ERR_IO, path, -1, (long long)n, "read error");
            break;
        }
    }
cleanup:
    fclose(f);
    if (st) {
        free(buf);
        return st;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return TY_OK;
}

/* Does a form start with a character the search starts matches on (Han, katakana)? */
static int matchable(const char *s, size_t n)
{
    UErrorCode e = U_ZERO_ERROR;
    int32_t i = 0;
    UChar32 c;
    UScriptCode sc;
    if (n == 0)
        return 0;
    U8_NEXT(s, i, (int32_t)n, c);
    if (c < 0 || c == 0x30fc)
        return 0;
    sc = uscript_getScript(c, &e);
    return sc == USCRIPT_HAN || sc == USCRIPT_KATAKANA || sc == USCRIPT_HIRAGANA;
}

static int hiragana_initial(const char *s, size_t n)
{
    UErrorCode e = U_ZERO_ERROR;
    int32_t i = 0;
    UChar32 c;
    U8_NEXT(s, i, (int32_t)n, c);
    return c >= 0 && uscript_getScript(c, &e) == USCRIPT_HIRAGANA;
}

static void trim(const char **s, size_t *n)
{
    while (*n && ((*s)[0] == ' ' || (*s)[0] == '\t'))
        (*s)++, (*n)--;
    while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' || (*s)[*n - 1] == '\r'))
        (*n)--;
}

/* Keys of a line, deduplicated and capped. */
typedef struct keylist {
    uint32_t v[TY__TSV_KEYS];
    size_t n, cap;
} keylist;

static void keylist_add(keylist *kl, uint32_t key)
{
    for (size_t i = 0; i < kl->n; i++)
        if (kl->v[i] == key)
            return;
    if (kl->n < kl->cap)
        kl->v[kl->n++] = key;
}

/* The content words of English text, skipping (notes) and {tags}, into kl. With `names`,
 * each word is also keyed with its romanization folded. */
static void key_words(const char *s, size_t n, int names, keylist *kl)
{
    int depth = 0;
    size_t i = 0;
    while (i < n && kl->n < kl->cap) {
        char c = s[i];
        if (c == '(' || c == '{') {
            depth++;
            i++;
            continue;
        }
        if ((c == ')' || c == '}') && depth > 0) {
            depth--;
            i++;
            continue;
        }
        if (depth > 0 || !((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) {
            i++;
            continue;
        }
        char w[64];
        size_t k = 0;
        while (i < n && ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z')) {
            if (k < sizeof w)
                w[k++] = (char)(s[i] | 0x20);
            i++;
        }
        if (k == sizeof w)
            continue;
        uint32_t key;
        if (ty__en_word_key(w, k, &key))
            keylist_add(kl, key);
        if (names) {
            size_t f = ty__romaji_fold(w, k);
            if (f != k && ty__en_word_key(w, f, &key))
                keylist_add(kl, key);
        }
    }
}

/* ---- EDICT / ENAMDICT ----------------------------------------------------------------- */

/* Add the forms in s[0..n) (separated by ';', each with optional (notes)) as headwords. */
static ty_status add_forms(ty__lexbuild *b, const char *s, size_t n, int kana, const keylist *kl)
{
    size_t i = 0;
    while (i <= n) {
        size_t j = i, e;
        while (j < n && s[j] != ';')
            j++;
        e = i;
        while (e < j && s[e] != '(')
            e++;
        const char *f = s + i;
        size_t fl = e - i;
        trim(&f, &fl);
        if (fl > 0 && matchable(f, fl) && !hiragana_initial(f, fl) && (!kana || fl >= 6)) {
            ty_status st = ty__lexbuild_add(b, f, fl, kl->v, kl->n);
            if (st)
                return st;
        }
        i = j + 1;
    }
    return TY_OK;
}

/* Key the romanized readings in s[0..n) ("にっけい;にっけ"): Kyoto texts write Japanese terms
 * in romaji (Daian-ji, So-Yo-Cho, Nikkei), so 日系 also matches "Nikkei". */
static void key_readings(UTransliterator *tr, const char *s, size_t n, keylist *kl)
{
    for (size_t i = 0; i <= n && kl->n < kl->cap;) {
        UChar u[TY__READING_MAX];
        char w[TY__READING_MAX];
        int32_t len = 0, limit;
        size_t j = i, e, k = 0;
        UErrorCode err = U_ZERO_ERROR;
        uint32_t key;
        while (j < n && s[j] != ';')
            j++;
        e = i;
        while (e < j && s[e] != '(')
            e++;
        u_strFromUTF8(u, TY__READING_MAX, &len, s + i, (int32_t)(e - i), &err);
        i = j + 1;
        if (U_FAILURE(err) || len == 0)
            continue;
        limit = len;
        utrans_transUChars(tr, u, &len, TY__READING_MAX, 0, &limit, &err);
        if (U_FAILURE(err))
            continue;
        for (int32_t x = 0; x < len && k < sizeof w; x++)
            if (u[x] < 0x80)
                w[k++] = (char)u[x];
        k = ty__romaji_fold(w, k);
        if (ty__en_word_key(w, k, &key))
            keylist_add(kl, key);
    }
}

/* One decoded EDICT/ENAMDICT line. Returns 1 when it gave entries, 0 when it is well formed
 * but gives no key (its glosses are all stop words: "(prt) to"), -1 when it is malformed.
 * `tr` romanizes EDICT readings (NULL: not keyed). */
static int edict_line(ty__lexbuild *b, const char *s, size_t n, int names, UTransliterator *tr,
                      ty_status *st)
{
    const char *slash = memchr(s, '/', n), *head = s, *gl;
    size_t hn, gn, sense = 1;
    keylist kl = {.n = 0, .cap = names ? TY__NAME_KEYS : TY__LINE_KEYS};

    if (!slash || slash == s)
        return -1;
    hn = (size_t)(slash - s);
    gl = slash + 1;
    gn = n - hn - 1;
    while (gn > 0 && (gl[gn - 1] == '/' || gl[gn - 1] == '\r' || gl[gn - 1] == ' '))
        gn--;
    /* glosses */
    for (size_t i = 0; i < gn && kl.n < kl.cap;) {
        size_t j = i;
        while (j < gn && gl[j] != '/')
            j++;
        const char *g = gl + i;
        size_t m = j - i;
        trim(&g, &m);
        i = j + 1;
        if (m >= 4 && memcmp(g, "EntL", 4) == 0)
            continue;
        while (m > 0 && g[0] == '(') {
            const char *close = memchr(g, ')', m);
            size_t tl;
            if (!close)
                break;
            tl = (size_t)(close - g - 1);
            if (tl > 0 && tl < 4 && strspn(g + 1, "0123456789") == tl)
                sense = (size_t)atoi(g + 1);
            m -= (size_t)(close - g) + 1;
            g = close + 1;
            trim(&g, &m);
        }
        if (sense > TY__SENSES)
            break;
        key_words(g, m, names, &kl);
    }
    /* forms: KANJI [KANA] or KANA */
    const char *br = memchr(head, '[', hn);
    const char *close = br ? memchr(br, ']', hn - (size_t)(br - head)) : NULL;
    if (close && tr && !names) {
        kl.cap += TY__READING_KEYS;
        key_readings(tr, br + 1, (size_t)(close - br - 1), &kl);
    }
    if (kl.n == 0)
        return 0;
    if (br) {
        *st = add_forms(b, head, (size_t)(br - head), 0, &kl);
        if (!*st && close && !names)
            *st = add_forms(b, br + 1, (size_t)(close - br - 1), 1, &kl);
    } else {
        *st = add_forms(b, head, hn, 0, &kl);
    }
    return 1;
}

/* Read an EDICT-format file (EUC-JP) into b. *skipped counts the lines that did not decode or
 * parse. */
static ty_status read_edict(ty__lexbuild *b, const char *path, size_t *skipped, ty_error *err)
{
    char *buf = NULL, *utf8 = NULL;
    UChar *u = NULL;
    UConverter *cnv = NULL;
    UTransliterator *tr = NULL;
    UErrorCode e = U_ZERO_ERROR;
    size_t len, good = 0, bad = 0, lineno = 0;
    ty_status st;
    int names;

    st = read_all(path, &buf, &len, err);
    if (st)
        return st;
    {
        const char *base = strrchr(path, '/');
        const char *nl = memchr(buf, '\n', len);
        size_t first = nl ? (size_t)(nl - buf) : len;
        base = base ? base + 1 : path;
        names = strstr(base, "enam") != NULL || strstr(base, "ENAM") != NULL;
        for (size_t i = 0; i + 8 <= first && !names; i++)
            names = memcmp(buf + i, "ENAMDICT", 8) == 0;
    }
    cnv = ucnv_open("EUC-JP", &e);
    if (U_SUCCESS(e))
        ucnv_setToUCallBack(cnv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &e);
    if (U_SUCCESS(e) && !names) {
        tr = ty__translit_new(TY__TRANSLIT_KANA); /* NULL: readings are then not keyed; the
                                                     glosses still are */
    }
    u = malloc(TY__MAX_LINE * sizeof *u);
    utf8 = malloc(3 * TY__MAX_LINE + 1);
    if (U_FAILURE(e)) {
        st = ty__fail(err, TY_ERR_ICU, path, -1, -1, "cannot open the EUC-JP converter: %s",
                      u_errorName(e));
        goto cleanup;
    }
    if (!u || !utf8) {
        st = ty__nomem(err);
        goto cleanup;
    }
    for (size_t at = 0; at < len && !st;) {
        char *nl = memchr(buf + at, '\n', len - at);
        size_t end = nl ? (size_t)(nl - buf) : len, n = end - at;
        int32_t ulen, blen;
        lineno++;
        if (n == 0 || buf[at] == '#') {
            at = end + 1;
            continue;
        }
        e = U_ZERO_ERROR;
        ucnv_reset(cnv);
        ulen = n < TY__MAX_LINE ? ucnv_toUChars(cnv, u, TY__MAX_LINE, buf + at, (int32_t)n, &e)
                                : 0;
        if (U_SUCCESS(e) && ulen > 0)
            u_strToUTF8(utf8, 3 * TY__MAX_LINE, &blen, u, ulen, &e);
        if (U_FAILURE(e) || ulen <= 0 || edict_line(b, utf8, (size_t)blen, names, tr, &st) < 0)
            bad++;
        else
            good++;
        at = end + 1;
    }
    if (st)
        ty__fail(err, st, path, (long)lineno, -1, "%s", ty_strerror(st));
    else if (good == 0 && bad > 0)
        st = ty__fail(err, TY_ERR_FORMAT, path, -1, -1,
                      "no EDICT entry (\"KANJI [KANA] /gloss/\" in EUC-JP) in %zu lines", bad);
    *skipped += bad;
cleanup:
    if (cnv)
        ucnv_close(cnv);
    if (tr)
        utrans_close(tr);
    free(u);
    free(utf8);
    free(buf);
    return st;
}

/* ---- TSV glossaries ------------------------------------------------------------------- */

static ty_status read_tsv(ty__lexbuild *b, const char *path, ty_error *err)
{
    char *buf = NULL;
    size_t len, at = 0;
    long lineno = 0;
    ty_status st = read_all(path, &buf, &len, err);

    if (st)
        return st;
    if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
        at = 3;
    while (at < len && !st) {
        char *nl = memchr(buf + at, '\n', len - at);
        size_t end = nl ? (size_t)(nl - buf) : len;
        const char *line = buf + at, *ja, *en, *tab;
        size_t n = end - at, jn, enn;
        int32_t i = 0;
        lineno++;
        while (i < (int32_t)n) {
            UChar32 c;
            int32_t before = i;
            U8_NEXT(line, i, (int32_t)n, c);
            if (c < 0) {
                st = ty__fail(err, TY_ERR_ENCODING, path, lineno, (long long)(at + before),
                              "invalid UTF-8");
                break;
            }
        }
        if (st)
            break;
        ja = line;
        jn = n;
        trim(&ja, &jn);
        if (jn == 0 || ja[0] == '#') {
            at = end + 1;
            continue;
        }
        tab = memchr(line, '\t', n);
        if (!tab) {
            st = ty__fail(err, TY_ERR_FORMAT, path, lineno, (long long)at,
                          "expected \"Japanese<TAB>English\", found no tab");
            break;
        }
        ja = line;
        jn = (size_t)(tab - line);
        trim(&ja, &jn);
        en = tab + 1;
        enn = (size_t)(line + n - en);
        {
            const char *tab2 = memchr(en, '\t', enn);
            if (tab2)
                enn = (size_t)(tab2 - en); /* further columns are notes */
        }
        trim(&en, &enn);
        if (jn == 0 || enn == 0) {
            st = ty__fail(err, TY_ERR_FORMAT, path, lineno, (long long)at, "empty %s side",
                          jn == 0 ? "Japanese" : "English");
            break;
        }
        keylist kl = {.n = 0, .cap = TY__TSV_KEYS};
        key_words(en, enn, 0, &kl);
        if (kl.n == 0) {
            st = ty__fail(err, TY_ERR_FORMAT, path, lineno, (long long)at,
                          "no content word in the English side \"%.*s\"", (int)(enn > 80 ? 80 : enn), en);
            break;
        }
        st = ty__lexbuild_add(b, ja, jn, kl.v, kl.n);
        if (st)
            ty__fail(err, st, path, lineno, (long long)at, "%s", ty_strerror(st));
        at = end + 1;
    }
    free(buf);
    return st;
}

/* ---- the public API ------------------------------------------------------------------- */

ty_status ty_lexicon_new(ty_lexicon **out, ty_error *err)
{
    if (!out)
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1, "ty_lexicon_new: NULL out");
    *out = calloc(1, sizeof **out);
    return *out ? TY_OK : ty__nomem(err);
}

void ty_lexicon_free(ty_lexicon *lex)
{
    if (!lex)
        return;
    ty__lexidx_free(lex->base);
    ty__lexidx_free(lex->user);
    ty__lexbuild_free(lex->build);
    free(lex);
}

size_t ty_lexicon_size(const ty_lexicon *lex)
{
    return lex ? ty__lexidx_count(lex->base) + ty__lexidx_count(lex->user) : 0;
}

size_t ty_lexicon_skipped(const ty_lexicon *lex)
{
    return lex ? lex->skipped : 0;
}

/* Rebuild the user index after a source was added. */
static ty_status rebuild_user(ty_lexicon *lex, ty_error *err)
{
    ty__lexidx *idx;
    ty_status st = ty__lexidx_build(lex->build, 0, &idx);
    if (st)
        return ty__fail(err, st, NULL, -1, -1, "building the lexicon index: %s",
                        ty_strerror(st));
    ty__lexidx_free(lex->user);
    lex->user = idx;
    return TY_OK;
}

static ty_status add_source(ty_lexicon *lex, const char *path, int tsv, ty_error *err)
{
    size_t mark;
    ty_status st;

    if (!lex || !path)
        return ty__fail(err, TY_ERR_INVALID, path, -1, -1, "no lexicon or no path");
    if (!lex->build && !(lex->build = ty__lexbuild_new()))
        return ty__nomem(err);
    mark = ty__lexbuild_count(lex->build);
    st = tsv ? read_tsv(lex->build, path, err) : read_edict(lex->build, path, &lex->skipped, err);
    if (!st)
        st = rebuild_user(lex, err);
    if (st)
        ty__lexbuild_truncate(lex->build, mark);
    return st;
}

ty_status ty_lexicon_add_edict(ty_lexicon *lex, const char *path, ty_error *err)
{
    return add_source(lex, path, 0, err);
}

ty_status ty_lexicon_add_tsv(ty_lexicon *lex, const char *path, ty_error *err)
{
    return add_source(lex, path, 1, err);
}

/* The signature of a set of sources: their paths, sizes and modification times. */
static int sources_signature(const char *const *paths, size_t n, uint64_t *sig, uint64_t *name)
{
    uint64_t h = 1469598103934665603ull, p = h;
    for (size_t i = 0; i < n; i++) {
        struct stat sb;
        long long v[3];
        if (stat(paths[i], &sb) != 0)
            return -1;
        v[0] = (long long)sb.st_size;
        v[1] = (long long)sb.st_mtim.tv_sec;
        v[2] = (long long)sb.st_mtim.tv_nsec;
        for (const char *c = paths[i]; *c; c++) {
            h = (h ^ (unsigned char)*c) * 1099511628211ull;
            p = (p ^ (unsigned char)*c) * 1099511628211ull;
        }
        for (size_t k = 0; k < sizeof v; k++)
            h = (h ^ ((unsigned char *)v)[k]) * 1099511628211ull;
    }
    *sig = h;
    *name = p;
    return 0;
}

/* The cache directory: `dir`, else $XDG_CACHE_HOME/taiyaku, else $HOME/.cache/taiyaku,
 * created if missing. Returns 0 when there is none usable. */
static int cache_dir(const char *dir, char *out, size_t cap)
{
    const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    int k;
    if (dir && *dir)
        k = snprintf(out, cap, "%s", dir);
    else if (xdg && *xdg == '/')
        k = snprintf(out, cap, "%s/taiyaku", xdg);
    else if (home && *home)
        k = snprintf(out, cap, "%s/.cache/taiyaku", home);
    else
        return 0;
    if (k <= 0 || (size_t)k >= cap)
        return 0;
    if (!dir || !*dir) {
        /* create $HOME/.cache first when it is missing */
        char *slash = strrchr(out, '/');
        if (slash) {
            *slash = '\0';
            mkdir(out, 0755);
            *slash = '/';
        }
    }
    if (mkdir(out, 0755) != 0 && errno != EEXIST)
        return 0;
    return 1;
}

ty_status ty_lexicon_load_files(ty_lexicon **out, const char *const *paths, size_t npaths,
                                const char *cache, ty_error *err)
{
    char dir[2048], file[2200];
    uint64_t sig, name;
    ty_lexicon *lex = NULL;
    ty__lexbuild *b = NULL;
    ty__lexidx *idx = NULL;
    int have_dir;
    struct stat csb;
    ty_status st;

    if (!out || (npaths && !paths))
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1, "ty_lexicon_load_files: bad arguments");
    *out = NULL;
    if (cache && *cache && stat(cache, &csb) == 0 && !S_ISDIR(csb.st_mode))
        return ty__fail(err, TY_ERR_INVALID, cache, -1, -1, "the lexicon cache is not a directory");
    st = ty_lexicon_new(&lex, err);
    if (st || npaths == 0)
        goto done;
    for (size_t i = 0; i < npaths; i++) {
        struct stat sb;
        if (!paths[i] || stat(paths[i], &sb) != 0) {
            st = ty__fail(err, TY_ERR_NOTFOUND, paths[i], -1, -1, "cannot open: %s",
                          strerror(errno));
            goto done;
        }
    }
    if (sources_signature(paths, npaths, &sig, &name) != 0) {
        st = ty__fail(err, TY_ERR_IO, NULL, -1, -1, "a lexicon source changed while loading");
        goto done;
    }
    have_dir = cache_dir(cache, dir, sizeof dir);
    if (have_dir) {
        snprintf(file, sizeof file, "%s/lexicon-%016llx.idx", dir, (unsigned long long)name);
        if (ty__lexidx_open(file, sig, &idx) == TY_OK) {
            lex->base = idx;
            goto done;
        }
    }
    b = ty__lexbuild_new();
    if (!b) {
        st = ty__nomem(err);
        goto done;
    }
    for (size_t i = 0; i < npaths && !st; i++)
        st = read_edict(b, paths[i], &lex->skipped, err);
    if (!st && (st = ty__lexidx_build(b, sig, &idx)) != TY_OK)
        ty__fail(err, st, NULL, -1, -1, "building the lexicon index: %s", ty_strerror(st));
    if (st)
        goto done;
    lex->base = idx;
    if (have_dir) {
        ty_error ignored;
        (void)ty__lexidx_write(idx, file, &ignored); /* without a cache it is only slower */
    }
done:
    ty__lexbuild_free(b);
    if (st) {
        ty_lexicon_free(lex);
        return st;
    }
    *out = lex;
    return TY_OK;
}

ty_status ty_lexicon_load_default(ty_lexicon **out, const char *cache, ty_error *err)
{
    static const char *const names[] = {TY__DEFAULT_DIR "/edict", TY__DEFAULT_DIR "/enamdict"};
    const char *present[2];
    size_t n = 0;
    for (size_t i = 0; i < 2; i++) {
        struct stat sb;
        if (stat(names[i], &sb) == 0 && S_ISREG(sb.st_mode))
            present[n++] = names[i];
    }
    return ty_lexicon_load_files(out, present, n, cache, err);
}

/* ---- extraction ----------------------------------------------------------------------- */

static ty_status push_keys(ty_anchor_set *out, const uint8_t *keys, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        uint32_t key;
        ty_status st;
        memcpy(&key, keys + 4 * k, 4);
        st = ty__anchor_set_push(out, TY_ANCHOR_LEXICON, key);
        if (st)
            return st;
    }
    return TY_OK;
}

static ty_status extract_ja(const ty_lexicon *lex, const ty__chars *t, ty_anchor_set *out)
{
    ty__lexidx *const idx[2] = {lex->base, lex->user};
    size_t i = 0;
    ty_status st = TY_OK;

    while (i < t->n && !st) {
        uint8_t k = t->cls[i];
        const uint8_t *keys[2] = {NULL, NULL};
        size_t nkeys[2] = {0, 0}, len[2] = {0, 0}, best;
        if (k != TY__C_HAN && k != TY__C_KNUM && k != TY__C_KATA && k != TY__C_HIRA) {
            i++;
            continue;
        }
        for (int x = 0; x < 2; x++)
            if (idx[x])
                len[x] = ty__lexidx_longest(idx[x], t, i, &keys[x], &nkeys[x]);
        best = len[0] > len[1] ? len[0] : len[1];
        if (best == 0) {
            i++;
            continue;
        }
        if (best == 1) {
            /* one kanji alone is ambiguous: its first glosses only */
            for (int x = 0; x < 2; x++)
                if (nkeys[x] > TY__SINGLE_KEYS)
                    nkeys[x] = TY__SINGLE_KEYS;
        }
        /* the user's glossary first: at the same length both count */
        if (len[1] == best)
            st = push_keys(out, keys[1], nkeys[1]);
        if (!st && len[0] == best)
            st = push_keys(out, keys[0], nkeys[0]);
        i += best;
    }
    return st;
}

static int is_hyphen(UChar32 c)
{
    return c == '-' || c == 0x2010 || c == 0x2011;
}

static ty_status push_word(struct ty__word_cache **stems, const char *w, size_t n,
                           ty_anchor_set *out)
{
    uint32_t key;
    if (n > 0 && ty__en_word_key_cached(stems, w, n, &key))
        return ty__anchor_set_push(out, TY_ANCHOR_LEXICON, key);
    return TY_OK;
}

/* Every word's stem key; a hyphenated compound also gives the key of its parts written
 * together (Daian-ji → daianji, So-Yo-Cho → soyocho: romanized readings). */
static ty_status extract_en(const ty__chars *t, struct ty__word_cache **stems, ty_anchor_set *out)
{
    char joined[64];
    size_t i = 0, jn = 0, parts = 0;
    ty_status st = TY_OK;

    while (i < t->n && !st) {
        char w[64];
        size_t j = i, n;
        if (t->cls[i] != TY__C_LATIN) {
            i++;
            continue;
        }
        while (j < t->n && t->cls[j] == TY__C_LATIN)
            j++;
        n = ty__fold_utf8(t->cp + i, j - i, w, sizeof w);
        if (n + 1 >= sizeof w)
            n = 0;
        st = push_word(stems, w, n, out);
        if (n > 0 && jn + n < sizeof joined) {
            memcpy(joined + jn, w, n);
            jn += n;
            parts++;
        } else {
            jn = sizeof joined; /* too long: no joined key */
        }
        if (j + 1 < t->n && is_hyphen(t->cp[j]) && t->cls[j + 1] == TY__C_LATIN) {
            i = j + 1;
            continue;
        }
        if (!st && parts > 1 && jn < sizeof joined)
            st = push_word(stems, joined, jn, out);
        jn = parts = 0;
        i = j;
    }
    return st;
}

ty_status ty__lexicon_extract(const ty_lexicon *lex, ty_lang lang, const ty__chars *t,
                              struct ty__word_cache **stems, ty_anchor_set *out)
{
    if (!lex)
        return TY_OK;
    return lang == TY_LANG_JA ? extract_ja(lex, t, out) : extract_en(t, stems, out);
}
