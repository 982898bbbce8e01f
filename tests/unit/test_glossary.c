/*
 * test_glossary.c — key-term glossaries and user rules: reading TSV and TBX (both editions, the
 * files in tests/tbx/), bad input with its file and line, a glossary written as TBX and read
 * back, the two term checks on a table of units (synonyms of one concept, plurals, the longest
 * Japanese term, deprecated and forbidden terms), and regex rules (reading, errors, the three
 * kinds of rule).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tm_fixture.h"

static char dir[] = "/tmp/ty-test-gloss-XXXXXX";

/* Write text to dir/name; returns the path (static buffer per call slot). */
static const char *file(const char *name, const char *text)
{
    static char paths[8][512];
    static int slot;
    char *p = paths[slot++ % 8];
    FILE *fp;
    snprintf(p, 512, "%s/%s", dir, name);
    if ((fp = fopen(p, "w"))) {
        fputs(text, fp);
        fclose(fp);
    }
    return p;
}

static const char *srcdir(void)
{
    const char *s = getenv("top_srcdir");
    return s ? s : "..";
}

/* "status:text|status:text…" for the terms of concept c in one language. */
static void terms_of(const ty_glossary *g, size_t c, ty_lang lang, char *out, size_t cap)
{
    size_t n;
    const ty_term *t = ty_glossary_terms(g, c, &n);
    out[0] = '\0';
    for (size_t i = 0; i < n; i++)
        if (t[i].lang == lang) {
            size_t l = strlen(out);
            snprintf(out + l, cap - l, "%s%s:%s", l ? "|" : "", ty_term_status_name(t[i].status),
                     t[i].text);
        }
}

static void test_tsv(void)
{
    ty_glossary *g = NULL;
    ty_error err;
    char got[512];
    static const struct {
        const char *text, *want; /* want: "" ok, else the message part */
        long line;
    } bad[] = {
        {"外務大臣\n", "expected ja<TAB>en[<TAB>status[<TAB>note]]", 1},
        {"# c\n外務大臣\tForeign Minister\tbest\n", "unknown status 'best'", 2},
        {"外務大臣\t \n", "an empty term", 1},
        {"a\tb\tadmitted\tnote\textra\n", "expected ja<TAB>en", 1},
        {"外務大臣\tForeign \xff Minister\n", "not UTF-8 text", 1},
    };

    ty_ok(ty_glossary_new(&g, &err) == TY_OK, "new glossary");
    ty_ok(ty_glossary_read(g,
                           file("g.tsv", "\xef\xbb\xbf# key terms\n\n"
                                         "外務大臣\tMinister for Foreign Affairs\tpreferred\n"
                                         "外務大臣\tForeign Minister\n"
                                         "外務大臣\tForeign Secretary\tdeprecatedTerm-admn-sts\tUK\r\n"
                                         "天皇\tEmperor\n"),
                           &err) == TY_OK,
          "read a TSV glossary: %s", err.message);
    ty_is_int((long long)ty_glossary_concepts(g), 2, "lines with one Japanese are one concept");
    terms_of(g, 0, TY_LANG_EN, got, sizeof got);
    ty_is_str(got, "preferred:Minister for Foreign Affairs|admitted:Foreign Minister|"
                   "deprecated:Foreign Secretary",
              "English terms and statuses");
    terms_of(g, 0, TY_LANG_JA, got, sizeof got);
    ty_is_str(got, "preferred:外務大臣", "the Japanese term");
    {
        size_t n;
        const ty_term *t = ty_glossary_terms(g, 0, &n);
        ty_ok(n == 4 && t[3].note && !strcmp(t[3].note, "UK"), "a note column (CRLF cut)");
    }
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        size_t before = ty_glossary_concepts(g);
        ty_ok(ty_glossary_read(g, file("bad.tsv", bad[i].text), &err) != TY_OK &&
                  strstr(err.message, bad[i].want) && err.line == bad[i].line &&
                  strstr(err.file, "bad.tsv"),
              "bad TSV %zu: %s:%ld: %s", i, err.file, err.line, err.message);
        ty_is_int((long long)ty_glossary_concepts(g), (long long)before,
                  "a failed read adds nothing");
    }
    ty_is_int(ty_glossary_read(g, "/nonexistent/g.tsv", &err), TY_ERR_NOTFOUND, "a missing file");
    ty_glossary_free(g);
}

static void test_tbx(void)
{
    ty_glossary *g = NULL, *back = NULL;
    ty_error err;
    char path[1024], got[512], out[600];

    ty_glossary_new(&g, &err);
    snprintf(path, sizeof path, "%s/tests/tbx/valid.tbx", srcdir());
    ty_ok(ty_glossary_read(g, path, &err) == TY_OK, "read TBX-Basic (2019): %s", err.message);
    ty_is_int((long long)ty_glossary_concepts(g), 2, "two concepts with both languages");
    ty_is_int((long long)ty_glossary_skipped(g), 1, "one English-only concept skipped");
    terms_of(g, 0, TY_LANG_JA, got, sizeof got);
    ty_is_str(got, "admitted:外務大臣|admitted:外相", "Japanese synonyms");
    terms_of(g, 0, TY_LANG_EN, got, sizeof got);
    ty_is_str(got, "preferred:Minister for Foreign Affairs|admitted:Foreign Minister|"
                   "deprecated:Foreign Secretary",
              "English terms with administrativeStatus");
    terms_of(g, 1, TY_LANG_EN, got, sizeof got);
    ty_is_str(got, "preferred:Security Council|superseded:Safety Council",
              "ja-JP / en-US by primary subtag, white space folded, French skipped");
    snprintf(path, sizeof path, "%s/tests/tbx/martif.tbx", srcdir());
    ty_ok(ty_glossary_read(g, path, &err) == TY_OK, "read TBX-Basic (2008): %s", err.message);
    terms_of(g, 2, TY_LANG_EN, got, sizeof got);
    ty_is_str(got, "preferred:Summit Meeting|deprecated:top-level conference", "tig and ntig");

    /* bad TBX */
    ty_is_int(ty_glossary_read(g, file("bad.tbx", "<tbx><text>\n<body></tbx>\n"), &err),
              TY_ERR_XML, "malformed XML");
    ty_ok(err.line == 3 && strstr(err.file, "bad.tbx"), "with its line: %ld %s", err.line,
          err.message);
    ty_is_int(ty_glossary_read(g, file("html.tbx", "<html><body/></html>"), &err), TY_ERR_FORMAT,
              "not TBX");
    ty_ok(strstr(err.message, "<html>") != NULL, "naming the root: %s", err.message);

    /* written as TBX and read back */
    snprintf(out, sizeof out, "%s/out.tbx", dir);
    ty_ok(ty_glossary_write_tbx(g, out, "Test", &err) == TY_OK, "write TBX: %s", err.message);
    ty_glossary_new(&back, &err);
    ty_ok(ty_glossary_read(back, out, &err) == TY_OK, "read it back: %s", err.message);
    ty_is_int((long long)ty_glossary_concepts(back), (long long)ty_glossary_concepts(g),
              "every concept");
    for (size_t c = 0; c < ty_glossary_concepts(g); c++)
        for (int l = 0; l < 2; l++) {
            char a[512], b[512];
            terms_of(g, c, (ty_lang)l, a, sizeof a);
            terms_of(back, c, (ty_lang)l, b, sizeof b);
            ty_is_str(b, a, "concept %zu %s round-trips", c, l ? "en" : "ja");
        }
    ty_glossary_free(back);
    {
        ty_glossary *empty = NULL;
        ty_glossary_new(&empty, &err);
        ty_is_int(ty_glossary_write_tbx(empty, out, NULL, &err), TY_ERR_INVALID,
                  "an empty glossary is not written (TBX needs a concept)");
        ty_glossary_free(empty);
    }
    ty_glossary_free(g);
}

/* ---- the term checks ---- */

typedef struct found {
    char lines[64][400];
    char ja[64][300], en[64][300];
    size_t n;
} found;

static ty_status collect(const ty_check_finding *f, void *userdata)
{
    found *c = userdata;
    if (c->n == 64)
        return TY_ERR_INTERNAL;
    snprintf(c->lines[c->n], sizeof c->lines[0], "%s|%s|%s|[%s]", ty_severity_name(f->severity),
             ty_check_kind_name(f->kind), f->message, f->nspans ? f->spans[0].text : "");
    snprintf(c->ja[c->n], sizeof c->ja[0], "%s", f->units[0].ja);
    snprintf(c->en[c->n], sizeof c->en[0], "%s", f->units[0].en);
    c->n++;
    return TY_OK;
}

static const struct {
    const char *ja, *en, *want; /* want: the findings, ';'-joined, in order */
} term_cases[] = {
    {"外務大臣が訪問した。", "The Minister for Foreign Affairs visited.", ""},
    {"外相が訪問した。", "The Foreign Minister visited.", ""},
    {"外務大臣が訪問した。", "The minister visited.",
     "warning|term-missing|外務大臣: \"Minister for Foreign Affairs\" is not in the English|[外務大臣]"},
    {"外務大臣が訪問した。", "The Foreign Secretary visited.",
     "error|term-forbidden|\"Foreign Secretary\" is deprecated: use \"Minister for Foreign "
     "Affairs\"|[Foreign Secretary]"},
    {"首相が訪問した。", "The Foreign Secretary visited.",
     "warning|term-forbidden|\"Foreign Secretary\" is deprecated: use \"Minister for Foreign "
     "Affairs\"|[Foreign Secretary]"},
    {"神社がある。", "There are shrines.", ""},
    {"国連安全保障理事会が開かれた。", "The UN Security Council met.", ""},
    {"会議が開かれた。", "The North Corea delegation met.",
     "error|term-forbidden|\"North Corea\" is forbidden: use \"North Korea\"|[North Corea]"},
};

static void test_terms(void)
{
    ty_glossary *g = NULL;
    ty_error err;
    size_t n = sizeof term_cases / sizeof *term_cases;
    tu *units = calloc(n, sizeof *units);
    found *c = calloc(1, sizeof *c);
    char path[] = "/tmp/ty-test-gloss-tm-XXXXXX";
    ty_check_opts o;
    ty_tm *tm = NULL;
    int fd;

    if (!units || !c || (fd = mkstemp(path)) < 0)
        goto done;
    close(fd);
    ty_glossary_new(&g, &err);
    ty_glossary_read(g,
                     file("t.tsv", "外務大臣\tMinister for Foreign Affairs\tpreferred\n"
                                   "外務大臣\tForeign Secretary\tdeprecated\n"
                                   "外相\tForeign Minister\n"
                                   "外相\tMinister for Foreign Affairs\tpreferred\n"
                                   "神社\tshrine\n"
                                   "安全保障\tsecurity\n"
                                   "安全保障理事会\tSecurity Council\n"
                                   "北朝鮮\tNorth Korea\tpreferred\n"
                                   "北朝鮮\tNorth Corea\tforbidden\n"),
                     &err);
    for (size_t i = 0; i < n; i++) {
        units[i].doc = "d";
        units[i].ja = term_cases[i].ja;
        units[i].en = term_cases[i].en;
        units[i].confidence = 0.9;
    }
    if (!ty_ok((tm = tm_fixture(path, units, n)) != NULL, "memory for term checks"))
        goto done;
    ty_check_opts_init(&o);
    o.checks = (1u << TY_CHECK_TERM_MISSING) | (1u << TY_CHECK_TERM_FORBIDDEN);
    o.glossary = g;
    ty_ok(ty_consistency_check(tm, &o, collect, c, NULL, &err) == TY_OK, "term checks run");
    for (size_t i = 0; i < n; i++) {
        char got[800] = "";
        for (size_t k = 0; k < c->n; k++)
            if (!strcmp(c->en[k], term_cases[i].en) && !strcmp(c->ja[k], term_cases[i].ja)) {
                size_t l = strlen(got);
                snprintf(got + l, sizeof got - l, "%s%s", l ? ";" : "", c->lines[k]);
            }
        ty_is_str(got, term_cases[i].want, "%s / %s", term_cases[i].ja, term_cases[i].en);
    }
    o.glossary = NULL;
    memset(c, 0, sizeof *c);
    ty_consistency_check(tm, &o, collect, c, NULL, &err);
    ty_is_int((long long)c->n, 0, "no glossary: no term findings");
done:
    ty_tm_close(tm);
    unlink(path);
    ty_glossary_free(g);
    free(units);
    free(c);
}

/* ---- regex rules ---- */

static void test_rules(void)
{
    ty_check_rules *r = NULL;
    ty_error err;
    static const struct {
        const char *text, *want;
        long line;
    } bad[] = {
        {"only-a-name\n", "expected NAME<TAB>JA-PATTERN<TAB>EN-PATTERN", 1},
        {"# c\nempty\t\t\n", "neither a Japanese nor an English pattern", 2},
        {"bad\t\t(unclosed\n", "bad regular expression '(unclosed'", 1},
        {"sev\t\tx\tfatal\n", "unknown severity 'fatal'", 1},
        {"\tx\ty\n", "a rule without a name", 1},
    };

    ty_ok(ty_check_rules_read(file("r.tsv", "# rules\n"
                                            "year\t令和\\d+年\t\\b20\\d\\d\\b\terror\n"
                                            "todo\t\tTODO\n"
                                            "kakko\t【\t\tinfo\n"),
                              &r, &err) == TY_OK,
          "read rules: %s", err.message);
    ty_is_int((long long)ty_check_rules_count(r), 3, "three rules");
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        ty_check_rules *x = NULL;
        ty_ok(ty_check_rules_read(file("bad-r.tsv", bad[i].text), &x, &err) == TY_ERR_FORMAT &&
                  x == NULL && strstr(err.message, bad[i].want) && err.line == bad[i].line,
              "bad rule %zu: line %ld: %s", i, err.line, err.message);
    }
    {
        static const tu units[] = {
            {"d", "令和6年に開催。", "Held in 2024.", 0.9},
            {"d", "令和6年に開催。", "Held this year.", 0.9},
            {"d", "会議。", "Meeting TODO.", 0.9},
            {"d", "【大臣】はい。", "Minister: Yes.", 0.9},
        };
        char path[] = "/tmp/ty-test-rules-tm-XXXXXX";
        int fd = mkstemp(path);
        found *c = calloc(1, sizeof *c);
        ty_tm *tm;
        ty_check_opts o;
        if (fd >= 0)
            close(fd);
        tm = tm_fixture(path, units, 4);
        ty_check_opts_init(&o);
        o.checks = 1u << TY_CHECK_REGEX;
        o.rules = r;
        if (c && ty_ok(tm && ty_consistency_check(tm, &o, collect, c, NULL, &err) == TY_OK,
                       "rules run")) {
            ty_is_int((long long)c->n, 3, "three findings");
            ty_is_str(c->lines[0], "error|regex|year: the Japanese matches, the English does not|[令和6年]",
                      "a required rendering missing");
            ty_is_str(c->lines[1], "warning|regex|todo: the English matches|[TODO]", "an English rule");
            ty_is_str(c->lines[2], "info|regex|kakko: the Japanese matches|[【]",
                      "a Japanese rule with its severity");
        }
        ty_tm_close(tm);
        unlink(path);
        free(c);
    }
    ty_check_rules_free(r);
}

int main(void)
{
    if (!mkdtemp(dir)) {
        ty_ok(0, "temporary directory");
        return ty_done();
    }
    test_tsv();
    test_tbx();
    test_terms();
    test_rules();
    {
        char cmd[600];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        if (system(cmd) != 0)
            ty_diag("could not remove %s", dir);
    }
    return ty_done();
}
