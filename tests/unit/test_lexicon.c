/*
 * test_lexicon.c — the lexicon (src/anchors/lexicon.c, lexicon_index.c, stem.c): a tiny EDICT and
 * ENAMDICT written in EUC-JP (converted from UTF-8 by ICU), a TSV glossary, the matches they
 * give, the cache round trip (built, reused, rebuilt when corrupt, truncated or stale) and the
 * errors for bad files.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <unicode/ucnv.h>

#include "anchors/anchors.h"
#include "anchors/lexicon.h"
#include "tap.h"

static char dir[256];

static const char *const edict_lines[] = {
    "　？？？ /EDICT, EDICT_SUB(P), EDICT2 Japanese-English Electronic Dictionary Files/",
    "外務大臣 [がいむだいじん] /(n) Minister for Foreign Affairs/",
    "外務 [がいむ] /(n) foreign affairs/(P)/",
    "大臣 [だいじん] /(n) cabinet minister/(P)/",
    "地震 [じしん] /(n) earthquake/(P)/",
    "記録 [きろく] /(n) (1) record/minutes/(n) (2) results/score/(vs) (3) to document/(P)/",
    "煙草 [タバコ] /(n) tobacco/cigarette/",
    "日系 [にっけい] /(adj-no,n) of Japanese descent/",
    "租庸調 [そようちょう] /(n) (hist) ancient tax system/",
    "壊れた行には訳がない",
};

static const char *const enamdict_lines[] = {
    "　？？？ /ENAMDICT - Japanese Proper Name Dictionary File/",
    "上川 [かみかわ] /(s) Kamikawa/",
    "京都 [きょうと] /(p,s,f) Kyouto/",
};

/* Write lines as EUC-JP (ICU converts); `raw` is appended as is (undecodable bytes). */
static void write_euc(const char *path, const char *const *lines, size_t n, const char *raw)
{
    FILE *f = fopen(path, "wb");
    for (size_t i = 0; f && i < n; i++) {
        char buf[1024];
        UErrorCode e = U_ZERO_ERROR;
        int32_t k = ucnv_convert("EUC-JP", "UTF-8", buf, sizeof buf, lines[i], -1, &e);
        if (U_SUCCESS(e))
            fwrite(buf, 1, (size_t)k, f);
        fputc('\n', f);
    }
    if (f && raw)
        fputs(raw, f);
    if (f)
        fclose(f);
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static char *path_in(const char *name)
{
    static char buf[4][512];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
}

/* How many LEXICON keys a Japanese and an English text share. */
static size_t shared(const ty_lexicon *lex, const char *ja, const char *en)
{
    ty_anchor_ctx *ctx;
    ty_anchor_set a = {0}, b = {0};
    ty_error err;
    size_t n = 0;
    if (ty__anchor_ctx_new(lex, &ctx, &err) != TY_OK)
        return (size_t)-1;
    if (ty__anchors_extract(ctx, TY_LANG_JA, ja, strlen(ja), &a) == TY_OK &&
        ty__anchors_extract(ctx, TY_LANG_EN, en, strlen(en), &b) == TY_OK)
        n = ty__anchor_set_shared(&a, &b, TY_ANCHOR_LEXICON);
    ty__anchor_set_free(&a);
    ty__anchor_set_free(&b);
    ty__anchor_ctx_free(ctx);
    return n;
}

static const struct {
    const char *ja, *en;
    int share; /* -1: at least one; else exactly this many */
} matches[] = {
    {"上川外務大臣は述べた。", "Minister for Foreign Affairs Kamikawa said.", 4},
    {"京都", "Kyouto", 1},
    {"外務大臣", "the cabinet", 0},           /* the longest headword wins over 大臣 */
    {"京都を訪れた。", "visited Kyoto", 1},   /* ENAMDICT Kyouto folded to kyoto */
    {"タバコを吸う", "smoking tobacco", 1},   /* a katakana reading is a headword */
    {"地震が起きた。", "Earthquakes struck.", 1}, /* stemming: earthquakes ~ earthquake */
    {"記録を残す", "the minutes", 1},
    {"記録を残す", "to document it", 0},      /* the third sense is not read */
    {"法の支配を守る", "uphold the rule of law", 2}, /* the TSV glossary: rule, law */
    {"日系社会", "the Nikkei community", 1},   /* a romanized reading */
    {"租庸調", "So-Yo-Cho", 1},                /* ... against a hyphenated compound */
    {"日系社会", "Japanese descent", 2},
    {"地震", "the Foreign Minister", 0},
};

static int file_exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0;
}

/* The cache file in the directory (the only lexicon-*.idx). */
static const char *cache_file(const char *cdir)
{
    static char found[600];
    char cmd[700];
    FILE *p;
    found[0] = '\0';
    snprintf(cmd, sizeof cmd, "ls %s/lexicon-*.idx 2>/dev/null", cdir);
    p = popen(cmd, "r");
    if (p) {
        if (fgets(found, sizeof found, p))
            found[strcspn(found, "\n")] = '\0';
        pclose(p);
    }
    return found;
}

static void corrupt(const char *path, long at, const char *bytes)
{
    FILE *f = fopen(path, "r+b");
    if (f) {
        fseek(f, at, SEEK_SET);
        fputs(bytes, f);
        fclose(f);
    }
}

int main(void)
{
    ty_lexicon *lex = NULL, *cached = NULL;
    ty_error err;
    const char *tmp = getenv("TMPDIR");
    char cdir[300], cmd[600];

    snprintf(dir, sizeof dir, "%s/ty-lexicon-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        ty_ok(0, "temporary directory");
        return ty_done();
    }
    snprintf(cdir, sizeof cdir, "%s/cache", dir);
    write_euc(path_in("edict"), edict_lines, sizeof edict_lines / sizeof *edict_lines,
              "\xff\xfe\xff /broken/\n");
    write_euc(path_in("enamdict"), enamdict_lines, sizeof enamdict_lines / sizeof *enamdict_lines,
              NULL);
    write_text(path_in("glossary.tsv"), "\xef\xbb\xbf# user glossary\n\n法の支配\trule of law\tnote\n");

    /* building in memory */
    ty_is_int(ty_lexicon_new(&lex, &err), TY_OK, "new");
    ty_is_int(ty_lexicon_add_edict(lex, path_in("edict"), &err), TY_OK, "add EDICT");
    ty_is_int((long long)ty_lexicon_skipped(lex), 2, "the undecodable and the gloss-less line "
                                                     "are skipped and counted");
    ty_is_int(ty_lexicon_add_edict(lex, path_in("enamdict"), &err), TY_OK, "add ENAMDICT");
    ty_is_int(ty_lexicon_add_tsv(lex, path_in("glossary.tsv"), &err), TY_OK, "add TSV glossary");
    ty_is_int((long long)ty_lexicon_size(lex), 12, "headwords: 8 kanji, 1 katakana reading, 2 "
                                                   "names, 1 glossary entry");
    for (size_t i = 0; i < sizeof matches / sizeof *matches; i++) {
        size_t n = shared(lex, matches[i].ja, matches[i].en);
        if (matches[i].share < 0)
            ty_ok(n >= 1 && n != (size_t)-1, "\"%s\" ~ \"%s\"", matches[i].ja, matches[i].en);
        else
            ty_is_int((long long)n, matches[i].share, "\"%s\" ~ \"%s\": %d shared",
                      matches[i].ja, matches[i].en, matches[i].share);
    }

    /* bad files */
    size_t before = ty_lexicon_size(lex);
    write_text(path_in("bad.tsv"), "法\tlaw\n# fine so far\n支配 rule\n外交\tdiplomacy\n");
    ty_is_int(ty_lexicon_add_tsv(lex, path_in("bad.tsv"), &err), TY_ERR_FORMAT,
              "a TSV line without a tab fails");
    ty_is_int(err.line, 3, "... naming line 3");
    ty_is_str(err.file, path_in("bad.tsv"), "... and the file");
    ty_is_int((long long)ty_lexicon_size(lex), (long long)before, "... and adds nothing");
    write_text(path_in("empty-side.tsv"), "法\t  \n");
    ty_is_int(ty_lexicon_add_tsv(lex, path_in("empty-side.tsv"), &err), TY_ERR_FORMAT,
              "an empty English side fails");
    write_text(path_in("stop.tsv"), "法\tthe of\n");
    ty_is_int(ty_lexicon_add_tsv(lex, path_in("stop.tsv"), &err), TY_ERR_FORMAT,
              "an English side without a content word fails");
    write_text(path_in("latin1.tsv"), "ok\tfine\ncaf\xe9\tcoffee\n");
    ty_is_int(ty_lexicon_add_tsv(lex, path_in("latin1.tsv"), &err), TY_ERR_ENCODING,
              "invalid UTF-8 fails");
    ty_ok(err.line == 2 && err.offset == 11, "... at line 2, byte 11 (got %ld, %lld)", err.line,
          err.offset);
    ty_is_int(ty_lexicon_add_tsv(lex, path_in("missing.tsv"), &err), TY_ERR_NOTFOUND,
              "a missing glossary fails");
    write_text(path_in("notedict"), "this is not\nan EDICT file\n");
    ty_is_int(ty_lexicon_add_edict(lex, path_in("notedict"), &err), TY_ERR_FORMAT,
              "a file without one EDICT entry fails");
    ty_lexicon_free(lex);
    ty_lexicon_free(NULL);
    ty_is_int((long long)ty_lexicon_size(NULL), 0, "size of NULL");

    /* the cache */
    const char *paths[] = {path_in("edict"), path_in("enamdict")};
    ty_is_int(ty_lexicon_load_files(&cached, paths, 2, cdir, &err), TY_OK, "load with a cache");
    ty_is_int((long long)ty_lexicon_skipped(cached), 2, "... built from the sources");
    ty_ok(file_exists(cache_file(cdir)), "... and the cache file written");
    ty_is_int((long long)shared(cached, "上川外務大臣", "Foreign Minister Kamikawa"), 3,
              "... it matches");
    ty_lexicon_free(cached);
    ty_is_int(ty_lexicon_load_files(&cached, paths, 2, cdir, &err), TY_OK, "load again");
    ty_is_int((long long)ty_lexicon_skipped(cached), 0, "... from the cache (nothing parsed)");
    ty_is_int((long long)ty_lexicon_size(cached), 11, "... with every headword");
    ty_is_int((long long)shared(cached, "上川外務大臣", "Foreign Minister Kamikawa"), 3,
              "... it matches the same");
    ty_lexicon_free(cached);

    corrupt(cache_file(cdir), 200, "garbage");
    ty_is_int(ty_lexicon_load_files(&cached, paths, 2, cdir, &err), TY_OK, "a corrupt cache");
    ty_is_int((long long)ty_lexicon_skipped(cached), 2, "... is rebuilt, not trusted");
    ty_lexicon_free(cached);
    ty_is_int(ty_lexicon_load_files(&cached, paths, 2, cdir, &err), TY_OK, "after the rebuild");
    ty_is_int((long long)ty_lexicon_skipped(cached), 0, "... the cache is good again");
    ty_lexicon_free(cached);

    corrupt(cache_file(cdir), 0, "NOTMAGIC");
    ty_is_int(ty_lexicon_load_files(&cached, paths, 2, cdir, &err), TY_OK, "a bad header");
    ty_is_int((long long)ty_lexicon_skipped(cached), 2, "... is rebuilt");
    ty_lexicon_free(cached);

    snprintf(cmd, sizeof cmd, "truncate -s 100 %s", cache_file(cdir));
    ty_ok(system(cmd) == 0, "truncate the cache");
    ty_is_int(ty_lexicon_load_files(&cached, paths, 2, cdir, &err), TY_OK, "a truncated cache");
    ty_is_int((long long)ty_lexicon_skipped(cached), 2, "... is rebuilt");
    ty_lexicon_free(cached);

    snprintf(cmd, sizeof cmd, "touch -d '2001-01-01' %s", path_in("enamdict"));
    ty_ok(system(cmd) == 0, "change a source's time");
    ty_is_int(ty_lexicon_load_files(&cached, paths, 2, cdir, &err), TY_OK, "a stale cache");
    ty_is_int((long long)ty_lexicon_skipped(cached), 2, "... is rebuilt");
    ty_lexicon_free(cached);

    ty_is_int(ty_lexicon_load_files(&cached, NULL, 0, cdir, &err), TY_OK, "no sources");
    ty_is_int((long long)ty_lexicon_size(cached), 0, "... an empty lexicon");
    ty_lexicon_free(cached);
    const char *missing[] = {path_in("nothing-here")};
    ty_is_int(ty_lexicon_load_files(&cached, missing, 1, cdir, &err), TY_ERR_NOTFOUND,
              "a missing source fails");

    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        ty_diag("could not remove %s", dir);
    return ty_done();
}
