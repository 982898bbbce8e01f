/*
 * fuzz_anchors.c — fuzz target for the anchor extractors and the lexicon readers. The first
 * byte picks what the rest is:
 *   0, 1  a Japanese / English segment: extraction must succeed, give sorted keys, and give
 *         the same keys twice (the katakana cache must not change them);
 *   2     a TSV glossary: ty_lexicon_add_tsv succeeds, or fails naming a line >= 1;
 *   3     an EDICT file (any bytes): ty_lexicon_add_edict succeeds or fails cleanly, and the
 *         lexicon then extracts from a fixed Japanese text;
 *   4     a cache file put where ty_lexicon_load_files looks: it must be rejected (or be
 *         valid) and the lexicon rebuilt, never trusted blindly.
 * A violation aborts. Linked with tests/fuzz/replay.c for make check.
 */
#include "config.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "anchors/anchors.h"

#define CHECK(cond)                                                                            \
    do {                                                                                       \
        if (!(cond))                                                                           \
            abort();                                                                           \
    } while (0)

static char dir[256];

static void cleanup(void)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", dir);
}

static const char *scratch(const char *name)
{
    static char path[512];
    if (!dir[0]) {
        const char *tmp = getenv("TMPDIR");
        snprintf(dir, sizeof dir, "%s/ty-fuzz-anchors-XXXXXX", tmp && *tmp ? tmp : "/tmp");
        if (!mkdtemp(dir))
            abort();
        atexit(cleanup);
    }
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return path;
}

static void write_file(const char *path, const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    CHECK(f);
    CHECK(fwrite(data, 1, size, f) == size);
    fclose(f);
}

static void extract_checked(ty_anchor_ctx *ctx, ty_lang lang, const char *text, size_t len)
{
    ty_anchor_set a = {0}, b = {0};
    CHECK(ty__anchors_extract(ctx, lang, text, len, &a) == TY_OK);
    CHECK(ty__anchors_extract(ctx, lang, text, len, &b) == TY_OK);
    CHECK(a.n == b.n);
    for (size_t i = 0; i < a.n; i++) {
        CHECK(a.v[i].kind < TY_ANCHOR_KINDS);
        CHECK(a.v[i].kind == b.v[i].kind && a.v[i].key == b.v[i].key);
        if (i > 0)
            CHECK(a.v[i - 1].kind < a.v[i].kind ||
                  (a.v[i - 1].kind == a.v[i].kind && a.v[i - 1].key <= a.v[i].key));
    }
    ty__anchor_set_free(&a);
    ty__anchor_set_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char ja[] = "上川外務大臣は令和6年3月8日、ブリンケン長官とG7について会談した。";
    ty_lexicon *lex = NULL;
    ty_anchor_ctx *ctx = NULL;
    ty_error err;
    uint8_t mode;

    if (size == 0)
        return 0;
    mode = data[0] % 5;
    data++;
    size--;
    if (mode <= 1) {
        CHECK(ty__anchor_ctx_new(NULL, &ctx, &err) == TY_OK);
        extract_checked(ctx, mode == 0 ? TY_LANG_JA : TY_LANG_EN, (const char *)data, size);
        ty__anchor_ctx_free(ctx);
        return 0;
    }
    if (mode == 2 || mode == 3) {
        const char *path = scratch(mode == 2 ? "glossary.tsv" : "edict");
        ty_status st;
        write_file(path, data, size);
        CHECK(ty_lexicon_new(&lex, &err) == TY_OK);
        st = mode == 2 ? ty_lexicon_add_tsv(lex, path, &err) : ty_lexicon_add_edict(lex, path, &err);
        if (st != TY_OK) {
            CHECK(err.status == st && err.message[0]);
            CHECK(mode == 3 || st == TY_ERR_NOMEM || err.line >= 1);
        }
        CHECK(ty__anchor_ctx_new(lex, &ctx, &err) == TY_OK);
        extract_checked(ctx, TY_LANG_JA, ja, sizeof ja - 1);
        ty__anchor_ctx_free(ctx);
        ty_lexicon_free(lex);
        return 0;
    }
    /* mode 4: a cache file with these bytes */
    {
        static const char edict[] = "\xb3\xb0\xcc\xb3 [\xa4\xac\xa4\xa4\xa4\xe0] /(n) foreign affairs/\n";
        const char *src = scratch("small-edict");
        char src_path[512], cache_dir[512], victim[1024] = "";
        const char *paths[1];
        DIR *d;
        struct dirent *de;
        snprintf(src_path, sizeof src_path, "%s", src);
        write_file(src_path, (const uint8_t *)edict, sizeof edict - 1);
        snprintf(cache_dir, sizeof cache_dir, "%s", scratch("cache"));
        paths[0] = src_path;
        CHECK(ty_lexicon_load_files(&lex, paths, 1, cache_dir, &err) == TY_OK);
        ty_lexicon_free(lex);
        d = opendir(cache_dir);
        CHECK(d);
        while ((de = readdir(d)))
            if (strncmp(de->d_name, "lexicon-", 8) == 0)
                snprintf(victim, sizeof victim, "%s/%s", cache_dir, de->d_name);
        closedir(d);
        CHECK(victim[0]);
        write_file(victim, data, size);
        CHECK(ty_lexicon_load_files(&lex, paths, 1, cache_dir, &err) == TY_OK);
        CHECK(ty_lexicon_size(lex) == 1);
        CHECK(ty__anchor_ctx_new(lex, &ctx, &err) == TY_OK);
        extract_checked(ctx, TY_LANG_JA, ja, sizeof ja - 1);
        ty__anchor_ctx_free(ctx);
        ty_lexicon_free(lex);
    }
    return 0;
}
