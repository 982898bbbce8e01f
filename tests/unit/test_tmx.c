/*
 * test_tmx.c — unit tests of the TMX writer and reader: header, language codes, white space
 * and XML 1.0 characters, dropped units, tuids, temporary file and rename, the reader's
 * tolerance (versions, codes, order, markup, props) and its errors, and round trips.
 */
#define _GNU_SOURCE /* O_TMPFILE */
#include "config.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "taiyaku.h"
#include "tap.h"

static char dir[256];

/* ---- helpers ---------------------------------------------------------------------------- */

/* The units a read delivered, copied. */
typedef struct got_unit {
    char *id, *ja, *en, *ja_lang, *en_lang, *shape, *props; /* props: "type=value|…" */
    double confidence;
} got_unit;

typedef struct got {
    got_unit u[32];
    size_t n;
    int warnings;
    char warning[512];
    long warn_line;
    int stop_at; /* stop (TY_ERR_INVALID) when this many units are in, 0: never */
} got;

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static ty_status collect(const ty_unit *u, void *ud)
{
    got *g = ud;
    got_unit *c;
    char props[2048] = "";

    if (g->n >= 32)
        return TY_ERR_TOOBIG;
    c = &g->u[g->n++];
    c->id = dup_or_null(u->id);
    c->ja = dup_or_null(u->ja);
    c->en = dup_or_null(u->en);
    c->ja_lang = dup_or_null(u->ja_lang);
    c->en_lang = dup_or_null(u->en_lang);
    c->shape = dup_or_null(u->shape);
    c->confidence = u->confidence;
    for (size_t i = 0; i < u->nprops; i++)
        snprintf(props + strlen(props), sizeof props - strlen(props), "%s%s=%s", i ? "|" : "",
                 u->props[i].type, u->props[i].value);
    c->props = strdup(props);
    if (g->stop_at && g->n == (size_t)g->stop_at)
        return TY_ERR_INVALID;
    return TY_OK;
}

static void on_warn(const ty_error *w, void *ud)
{
    got *g = ud;
    if (!g->warnings++) {
        snprintf(g->warning, sizeof g->warning, "%s", w->message);
        g->warn_line = w->line;
    }
}

static void got_free(got *g)
{
    for (size_t i = 0; i < g->n; i++) {
        got_unit *c = &g->u[i];
        free(c->id), free(c->ja), free(c->en), free(c->ja_lang), free(c->en_lang);
        free(c->shape), free(c->props);
    }
    memset(g, 0, sizeof *g);
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    rewind(f);
    buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    if (buf)
        buf[n] = '\0';
    fclose(f);
    return buf;
}

static int files_in_dir(void)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;
    while (d && (e = readdir(d)))
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    if (d)
        closedir(d);
    return n;
}

static ty_tmx_write_opts wopts(void)
{
    ty_tmx_write_opts o;
    ty_tmx_write_opts_init(&o);
    o.creation_time = 1709857500; /* 2024-03-08 00:25:00 UTC */
    return o;
}

/* Write units to dir/name with `o`; returns the status of the first failing call. */
static ty_status write_units(const char *name, const ty_tmx_write_opts *o, const ty_unit *u,
                             size_t n, ty_tmx_write_counts *counts, ty_error *err)
{
    char path[512];
    ty_tmx_writer *w;
    ty_status st;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    if ((st = ty_tmx_writer_open(path, o, &w, err)) != TY_OK)
        return st;
    for (size_t i = 0; i < n; i++)
        if ((st = ty_tmx_writer_add(w, &u[i], err)) != TY_OK) {
            ty_tmx_writer_abort(w);
            return st;
        }
    if (counts)
        *counts = *ty_tmx_writer_counts(w);
    return ty_tmx_writer_close(w, err);
}

static ty_status read_file(const char *name, const ty_tmx_read_opts *o, got *g,
                           ty_tmx_stats *stats, ty_error *err)
{
    char path[512];
    ty_tmx_read_opts d;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (!o) {
        ty_tmx_read_opts_init(&d);
        d.warn = on_warn;
        o = &d;
    }
    return ty_tmx_read(path, o, collect, g, stats, err);
}

static ty_status read_str(const char *xml, const ty_tmx_read_opts *o, got *g, ty_tmx_stats *stats,
                          ty_error *err)
{
    ty_tmx_read_opts d;
    if (!o) {
        ty_tmx_read_opts_init(&d);
        d.warn = on_warn;
        o = &d;
    }
    return ty_tmx_read_memory(xml, strlen(xml), "t.tmx", o, collect, g, stats, err);
}

static ty_unit unit(const char *ja, const char *en)
{
    ty_unit u;
    memset(&u, 0, sizeof u);
    u.ja = ja;
    u.en = en;
    u.confidence = -1;
    return u;
}

/* ---- writer ------------------------------------------------------------------------------ */

static void test_header(void)
{
    ty_tmx_write_opts o = wopts();
    ty_unit u = unit("こんにちは。", "Hello.");
    ty_error e;
    char path[512], *xml;
    static const char *const want[] = {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n"
        "<tmx version=\"1.4\">\n  <header ",
        "creationtool=\"taiyaku\"", "segtype=\"sentence\"", "o-tmf=\"taiyaku\"",
        "adminlang=\"en-US\"", "srclang=\"ja-JP\"", "datatype=\"plaintext\"",
        "creationdate=\"20240308T002500Z\"", "<tuv xml:lang=\"ja-JP\"><seg>こんにちは。</seg></tuv>",
        "<tuv xml:lang=\"en-US\"><seg>Hello.</seg></tuv>", "<tu tuid=\"1\">",
    };

    ty_is_int(write_units("h.tmx", &o, &u, 1, NULL, &e), TY_OK, "header: write");
    snprintf(path, sizeof path, "%s/h.tmx", dir);
    xml = slurp(path);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        ty_ok(xml && strstr(xml, want[i]), "header part %zu", i);
    {
        char v[64];
        snprintf(v, sizeof v, "creationtoolversion=\"%s\"", ty_version());
        ty_ok(xml && strstr(xml, v), "header has the version");
    }
    ty_ok(xml && strlen(xml) > 7 && !strcmp(xml + strlen(xml) - 7, "</tmx>\n"),
          "ends with </tmx> and a newline");
    free(xml);

    /* srclang and codes from the options */
    o.srclang = "*all*";
    o.ja_lang = "ja";
    o.en_lang = "en-GB";
    ty_is_int(write_units("h2.tmx", &o, &u, 1, NULL, &e), TY_OK, "header: *all*, ja, en-GB");
    snprintf(path, sizeof path, "%s/h2.tmx", dir);
    xml = slurp(path);
    ty_ok(xml && strstr(xml, "srclang=\"*all*\"") && strstr(xml, "xml:lang=\"ja\"") &&
              strstr(xml, "xml:lang=\"en-GB\""), "srclang and codes as configured");
    free(xml);
}

static void test_source_date_epoch(void)
{
    ty_tmx_write_opts o;
    ty_unit u = unit("日本。", "Japan.");
    ty_error e;
    char path[512], *a, *b;

    ty_tmx_write_opts_init(&o); /* creation_time -1: honour SOURCE_DATE_EPOCH */
    setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    ty_is_int(write_units("sde1.tmx", &o, &u, 1, NULL, &e), TY_OK, "SOURCE_DATE_EPOCH: first");
    ty_is_int(write_units("sde2.tmx", &o, &u, 1, NULL, &e), TY_OK, "SOURCE_DATE_EPOCH: second");
    snprintf(path, sizeof path, "%s/sde1.tmx", dir);
    a = slurp(path);
    snprintf(path, sizeof path, "%s/sde2.tmx", dir);
    b = slurp(path);
    ty_ok(a && strstr(a, "creationdate=\"20231114T221320Z\""), "creationdate from SOURCE_DATE_EPOCH");
    ty_ok(a && b && !strcmp(a, b), "two runs are byte-identical");
    free(a);
    free(b);
    setenv("SOURCE_DATE_EPOCH", "yesterday", 1);
    ty_is_int(write_units("sde3.tmx", &o, &u, 1, NULL, &e), TY_ERR_INVALID,
              "a bad SOURCE_DATE_EPOCH fails");
    ty_ok(strstr(e.message, "SOURCE_DATE_EPOCH") != NULL, "and says so: %s", e.message);
    unsetenv("SOURCE_DATE_EPOCH");
}

static void test_lang_codes(void)
{
    static const struct {
        const char *ja, *en, *src;
        ty_status want;
        const char *msg;
    } cases[] = {
        {"ja-JP", "en-US", NULL, TY_OK, NULL},
        {"ja", "en", "en", TY_OK, NULL},
        {"ja-Jpan-JP", "en-GB", "*all*", TY_OK, NULL},
        {"ja-JP-x-legal", "en-US", NULL, TY_OK, NULL},
        {"ja_JP", "en-US", NULL, TY_ERR_INVALID, "write 'ja-JP'"},
        {"ja-JP", "en_US", NULL, TY_ERR_INVALID, "write 'en-US'"},
        {"ja-JP", "en-US", "ja_JP", TY_ERR_INVALID, "'_'"},
        {"", "en-US", NULL, TY_ERR_INVALID, "empty"},
        {"j", "en-US", NULL, TY_ERR_INVALID, "BCP 47"},
        {"ja-", "en-US", NULL, TY_ERR_INVALID, "BCP 47"},
        {"ja JP", "en-US", NULL, TY_ERR_INVALID, "has ' '"},
        {"japanesex", "en", NULL, TY_ERR_INVALID, "BCP 47"},
        {"ja1-JP", "en", NULL, TY_ERR_INVALID, "BCP 47"},
        {"ja-JP", "*all*", NULL, TY_ERR_INVALID, "'*'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ty_tmx_write_opts o = wopts();
        ty_tmx_writer *w = NULL;
        ty_error e;
        char path[512];
        ty_status st;
        o.ja_lang = cases[i].ja;
        o.en_lang = cases[i].en;
        o.srclang = cases[i].src;
        ty_error_clear(&e);
        snprintf(path, sizeof path, "%s/lang.tmx", dir);
        st = ty_tmx_writer_open(path, &o, &w, &e);
        ty_is_int(st, cases[i].want, "codes %s / %s / %s", cases[i].ja, cases[i].en,
                  cases[i].src ? cases[i].src : "(default)");
        if (cases[i].msg)
            ty_ok(strstr(e.message, cases[i].msg) != NULL, "  message: %s", e.message);
        ty_tmx_writer_abort(w);
    }
    ty_is_int(files_in_dir() >= 0 && access("lang.tmx", F_OK) != 0, 1, "no lang.tmx left");
}

static void test_text_cleaning(void)
{
    static const struct {
        const char *in, *want_ja, *want_en;
        size_t replaced; /* on each side */
    } cases[] = {
        {"改行の\nある文。", "改行のある文。", "改行の ある文。", 0},
        {"日本政府は、\n        300万ドル", "日本政府は、300万ドル", "日本政府は、 300万ドル", 0},
        {"G7\n2024", "G7 2024", "G7 2024", 0},
        {"東京 大阪", "東京 大阪", "東京 大阪", 0},
        {"  両端の空白  ", "両端の空白", "両端の空白", 0},
        {"a\r\n\r\nb\tc", "a b c", "a b c", 0},
        {"LS\xE2\x80\xA8PS\xE2\x80\xA9NEL\xC2\x85.", "LS PS NEL.", "LS PS NEL .", 0},
        {"【共同通信\xE3\x80\x80佐藤記者】", "【共同通信\xE3\x80\x80佐藤記者】",
         "【共同通信\xE3\x80\x80佐藤記者】", 0}, /* U+3000 kept */
        {"no\xC2\xA0" "break", "no\xC2\xA0" "break", "no\xC2\xA0" "break", 0}, /* NBSP kept */
        {"bell\x07" "and\x1b" "esc", "bell\xEF\xBF\xBD" "and\xEF\xBF\xBD" "esc",
         "bell\xEF\xBF\xBD" "and\xEF\xBF\xBD" "esc", 2},
        {"bad\xFF" "byte", "bad\xEF\xBF\xBD" "byte", "bad\xEF\xBF\xBD" "byte", 1},
        {"cut\xE6\x97", "cut\xEF\xBF\xBD", "cut\xEF\xBF\xBD", 1},
        {"nonchar\xEF\xBF\xBE.", "nonchar\xEF\xBF\xBD.", "nonchar\xEF\xBF\xBD.", 1},
        {"vt\x0b" "ff\x0c" "x", "vt ff x", "vt ff x", 0},
        {"<&>\"'", "<&>\"'", "<&>\"'", 0},
        {"絵文字😀と𠮷", "絵文字😀と𠮷", "絵文字😀と𠮷", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ty_tmx_write_opts o = wopts();
        ty_unit u = unit(cases[i].in, cases[i].in);
        ty_tmx_write_counts c;
        ty_error e;
        got g;
        memset(&g, 0, sizeof g);
        ty_is_int(write_units("clean.tmx", &o, &u, 1, &c, &e), TY_OK, "clean %zu: write", i);
        ty_is_int((long long)c.replaced, 2 * (long long)cases[i].replaced, "clean %zu: replaced",
                  i);
        ty_is_int(read_file("clean.tmx", NULL, &g, NULL, &e), TY_OK, "clean %zu: read", i);
        ty_is_str(g.n ? g.u[0].ja : NULL, cases[i].want_ja, "clean %zu: Japanese text", i);
        ty_is_str(g.n ? g.u[0].en : NULL, cases[i].want_en, "clean %zu: English text", i);
        got_free(&g);
    }
}

static void test_dropped(void)
{
    ty_unit u[6];
    ty_tmx_write_opts o = wopts();
    ty_tmx_write_counts c;
    ty_tmx_stats s;
    ty_error e;
    got g;

    u[0] = unit("一。", "One.");
    u[1] = unit("二。", "");          /* one-sided */
    u[2] = unit(" \n\t", "Three.");   /* blank: one-sided */
    u[3] = unit("四。", "Four.");
    u[3].confidence = 0.2;            /* under min_confidence */
    u[4] = unit("五。", "Five.");
    u[4].confidence = 0.5;            /* exactly at it: kept */
    u[5] = unit("六。", NULL);        /* NULL side: one-sided */
    o.min_confidence = 0.5;
    memset(&g, 0, sizeof g);
    ty_is_int(write_units("drop.tmx", &o, u, 6, &c, &e), TY_OK, "dropped: write");
    ty_is_int((long long)c.units, 2, "dropped: 2 units written");
    ty_is_int((long long)c.one_sided, 3, "dropped: 3 one-sided");
    ty_is_int((long long)c.low_confidence, 1, "dropped: 1 under min_confidence");
    ty_is_int(read_file("drop.tmx", NULL, &g, &s, &e), TY_OK, "dropped: read");
    ty_is_int((long long)s.units, 2, "dropped: 2 units read");
    ty_is_str(g.n == 2 ? g.u[1].ja : NULL, "五。", "dropped: the kept one");
    ty_ok(g.n == 2 && g.u[1].confidence == 0.5, "dropped: confidence read back");
    got_free(&g);

    ty_unit bad = unit("一。", "One.");
    bad.confidence = 1.5;
    ty_is_int(write_units("drop2.tmx", &o, &bad, 1, NULL, &e), TY_ERR_INVALID,
              "confidence over 1 is refused");
}

static void test_ids(void)
{
    static const char *const ids[] = {"a", "a", NULL, "2", "", "x  y", "x y"};
    static const char *const want[] = {"a", "1", "2", "3", "4", "x y", "5"};
    ty_unit u[7];
    ty_tmx_write_opts o = wopts();
    ty_tmx_write_counts c;
    ty_error e;
    got g;
    char big[1100];

    for (size_t i = 0; i < 7; i++) {
        u[i] = unit("文。", "Sentence.");
        u[i].id = ids[i];
    }
    memset(&g, 0, sizeof g);
    ty_is_int(write_units("ids.tmx", &o, u, 7, &c, &e), TY_OK, "ids: write");
    ty_is_int(read_file("ids.tmx", NULL, &g, NULL, &e), TY_OK, "ids: read");
    for (size_t i = 0; i < 7 && i < g.n; i++)
        ty_is_str(g.u[i].id, want[i], "ids: unit %zu", i);
    ty_is_int((long long)c.ids_replaced, 3, "ids: 3 replaced");
    got_free(&g);

    memset(big, 'k', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    u[0].id = big;
    u[1].id = NULL;
    ty_is_int(write_units("ids2.tmx", &o, u, 2, &c, &e), TY_OK, "ids: a long id");
    ty_is_int(read_file("ids2.tmx", NULL, &g, NULL, &e), TY_OK, "ids: read");
    ty_ok(g.n == 2 && !strcmp(g.u[0].id, "1") && !strcmp(g.u[1].id, "2"),
          "ids: a 1099-byte id is replaced by a number");
    got_free(&g);
}

static void test_props_round_trip(void)
{
    static const ty_prop props[] = {
        {"x-ja-document", "会見.ja.txt"}, {"note", "行1\n行2 & <タグ>"}, {"x-empty", ""},
        {"", "untyped"}, {"x-confidence", "0.87654"},
    };
    ty_unit u = unit("大臣は述べた。", "The minister said.");
    ty_tmx_write_opts o = wopts();
    ty_error e;
    got g;

    u.id = "tu-7";
    u.confidence = 0.5; /* the prop above wins */
    u.shape = "2:1";
    u.props = props;
    u.nprops = 5;
    memset(&g, 0, sizeof g);
    ty_is_int(write_units("props.tmx", &o, &u, 1, NULL, &e), TY_OK, "props: write");
    ty_is_int(read_file("props.tmx", NULL, &g, NULL, &e), TY_OK, "props: read");
    ty_is_str(g.n ? g.u[0].props : NULL,
              "x-shape=2:1|x-ja-document=会見.ja.txt|note=行1\n行2 & <タグ>|x-empty=|=untyped|"
              "x-confidence=0.87654",
              "props: kept in order, verbatim");
    ty_ok(g.n && g.u[0].confidence > 0.8765 && g.u[0].confidence < 0.8766,
          "props: confidence parsed from x-confidence");
    ty_is_str(g.n ? g.u[0].shape : NULL, "2:1", "props: shape parsed from x-shape");
    ty_is_str(g.n ? g.u[0].id : NULL, "tu-7", "props: id kept");
    got_free(&g);

    ty_prop nul = {NULL, "v"};
    u.props = &nul;
    u.nprops = 1;
    ty_is_int(write_units("props2.tmx", &o, &u, 1, NULL, &e), TY_ERR_INVALID,
              "props: a NULL type is refused");
}

static void test_unit_langs(void)
{
    ty_unit u[2];
    ty_tmx_write_opts o = wopts();
    ty_tmx_write_counts c;
    ty_error e;
    got g;

    u[0] = unit("一。", "One.");
    u[0].ja_lang = "ja_JP";
    u[0].en_lang = "EN-gb";
    u[1] = unit("二。", "Two.");
    o.keep_unit_langs = 1;
    memset(&g, 0, sizeof g);
    ty_is_int(write_units("ul.tmx", &o, u, 2, &c, &e), TY_OK, "unit langs: write");
    ty_is_int((long long)c.langs_fixed, 1, "unit langs: one fixed");
    ty_is_int(read_file("ul.tmx", NULL, &g, NULL, &e), TY_OK, "unit langs: read");
    ty_ok(g.n == 2 && !strcmp(g.u[0].ja_lang, "ja-JP") && !strcmp(g.u[0].en_lang, "EN-gb") &&
              !strcmp(g.u[1].ja_lang, "ja-JP") && !strcmp(g.u[1].en_lang, "en-US"),
          "unit langs: kept, '_' fixed, defaults otherwise");
    got_free(&g);
    u[0].ja_lang = "ja JP";
    ty_is_int(write_units("ul2.tmx", &o, u, 1, &c, &e), TY_OK, "unit langs: a bad code");
    ty_is_int((long long)c.langs_fixed, 1, "unit langs: counted");
    ty_is_int(read_file("ul2.tmx", NULL, &g, NULL, &e), TY_OK, "unit langs: read");
    ty_is_str(g.n ? g.u[0].ja_lang : NULL, "ja-JP", "unit langs: replaced by ja_lang");
    got_free(&g);
}

/* Whether this system gives the writer unnamed temporary files (O_TMPFILE here, and /proc to
 * link them at the end). */
static int unnamed_temp_files(void)
{
#ifdef O_TMPFILE
    int fd = access("/proc/self/fd", X_OK) == 0 ? open(dir, O_WRONLY | O_TMPFILE, 0600) : -1;
    if (fd >= 0)
        close(fd);
    return fd >= 0;
#else
    return 0;
#endif
}

static void test_temp_and_rename(void)
{
    int unnamed = unnamed_temp_files();
    pid_t pid;
    int status = -1;
    ty_tmx_write_opts o = wopts();
    ty_tmx_writer *w;
    ty_unit u = unit("一。", "One.");
    ty_error e;
    char path[512], *txt;
    FILE *f;
    int before;

    snprintf(path, sizeof path, "%s/keep.tmx", dir);
    f = fopen(path, "w");
    fputs("old contents\n", f);
    fclose(f);
    before = files_in_dir();
    ty_is_int(ty_tmx_writer_open(path, &o, &w, &e), TY_OK, "temp: open");
    ty_tmx_writer_add(w, &u, &e);
    ty_is_int(files_in_dir(), before + !unnamed, "temp: a temporary file exists while writing%s",
              unnamed ? ", without a name" : "");
    ty_tmx_writer_abort(w);
    ty_is_int(files_in_dir(), before, "temp: abort removes it");
    txt = slurp(path);
    ty_is_str(txt, "old contents\n", "temp: abort leaves the target untouched");
    free(txt);
    ty_is_int(ty_tmx_writer_open(path, &o, &w, &e), TY_OK, "temp: open again");
    ty_tmx_writer_add(w, &u, &e);
    ty_is_int(ty_tmx_writer_close(w, &e), TY_OK, "temp: close");
    ty_is_int(files_in_dir(), before, "temp: renamed, nothing left over");
    txt = slurp(path);
    ty_ok(txt && strstr(txt, "<seg>One.</seg>"), "temp: the target is the new TMX");
    free(txt);
    /* a process that dies while writing (as under kill -9: no close, no abort) */
    fflush(NULL);
    if ((pid = fork()) == 0) {
        ty_tmx_writer *cw;
        ty_error ce;
        if (ty_tmx_writer_open(path, &o, &cw, &ce) == TY_OK)
            ty_tmx_writer_add(cw, &u, &ce);
        _exit(0);
    }
    waitpid(pid, &status, 0);
    ty_ok(pid > 0 && WIFEXITED(status), "temp: a writer that dies");
    if (unnamed)
        ty_is_int(files_in_dir(), before, "temp: leaves no temporary file behind");
    else
        ty_skip("temp: leaves no temporary file behind",
                "no O_TMPFILE here: a named temporary file stays");
    txt = slurp(path);
    ty_ok(txt && strstr(txt, "<seg>One.</seg>"), "temp: nor touches the target");
    free(txt);

    snprintf(path, sizeof path, "%s/no/such/dir/x.tmx", dir);
    ty_is_int(ty_tmx_writer_open(path, &o, &w, &e), TY_ERR_IO, "a missing directory fails");
    ty_ok(strstr(e.file, "x.tmx") != NULL, "  naming the file: %s", e.file);
    ty_is_int(ty_tmx_writer_open(dir, &o, &w, &e), TY_ERR_IO, "a directory as target fails");
}

static void test_markup_writer(void)
{
    static const struct {
        const char *in, *want;
        ty_status st;
    } cases[] = {
        {"Click <bpt i=\"1\">&lt;b&gt;</bpt>here<ept i=\"1\">&lt;/b&gt;</ept>.",
         "<seg>Click <bpt i=\"1\">&lt;b&gt;</bpt>here<ept i=\"1\">&lt;/b&gt;</ept>.</seg>", TY_OK},
        {"a  <ph x=\"1\"/>\n b", "<seg>a <ph x=\"1\"/>b</seg>", TY_OK},
        {"一\n<ph x=\"1\"/>  二", "<seg>一<ph x=\"1\"/> 二</seg>", TY_OK},
        {"<hi type=\"x-b\">強調</hi>", "<seg><hi type=\"x-b\">強調</hi></seg>", TY_OK},
        {"<ph>{\\rtf1\n\\b}</ph>x", "<seg><ph>{\\rtf1\n\\b}</ph>x</seg>", TY_OK},
        {"A &amp; B", "<seg>A &amp; B</seg>", TY_OK},
        {"<b>bold</b>", NULL, TY_ERR_FORMAT},
        {"<bpt>no i</bpt>", NULL, TY_ERR_FORMAT},
        {"<ph foo=\"1\"/>", NULL, TY_ERR_FORMAT},
        {"<bpt i=\"1\">", NULL, TY_ERR_FORMAT},
        {"A & B", NULL, TY_ERR_FORMAT},
        {"<ph><ph/></ph>", NULL, TY_ERR_FORMAT},
        {"<bpt i=\"1\"><sub>t<ph/></sub></bpt>", "<seg><bpt i=\"1\"><sub>t<ph/></sub></bpt></seg>",
         TY_OK},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ty_tmx_write_opts o = wopts();
        ty_unit u = unit(cases[i].in, "x");
        ty_error e;
        char path[512], *xml;
        o.markup = 1;
        ty_is_int(write_units("mk.tmx", &o, &u, 1, NULL, &e), cases[i].st, "markup %zu: status",
                  i);
        if (!cases[i].want) {
            ty_ok(strstr(e.message, "Japanese") != NULL, "markup %zu: %s", i, e.message);
            continue;
        }
        snprintf(path, sizeof path, "%s/mk.tmx", dir);
        xml = slurp(path);
        ty_ok(xml && strstr(xml, cases[i].want), "markup %zu: written as expected", i);
        free(xml);
    }
}

/* ---- reader ------------------------------------------------------------------------------ */

#define HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n" \
             "<header creationtool=\"X\" creationtoolversion=\"1\" segtype=\"sentence\" " \
             "o-tmf=\"x\" adminlang=\"en\" srclang=\"ja-JP\" datatype=\"plaintext\"/>\n<body>\n"
#define TAIL "</body>\n</tmx>\n"

static void test_reader_cases(void)
{
    static const struct {
        const char *name, *xml;
        size_t units;
        const char *ja, *en, *ja_lang, *en_lang; /* of the first unit */
        size_t skipped;                          /* one_language + no_ja_en + empty + bad */
        long warn_line;
    } cases[] = {
        {"1.4", HEAD "<tu><tuv xml:lang=\"ja-JP\"><seg>一。</seg></tuv>"
                     "<tuv xml:lang=\"en-US\"><seg>One.</seg></tuv></tu>\n" TAIL,
         1, "一。", "One.", "ja-JP", "en-US", 0, 0},
        {"1.1 lang", "<tmx version=\"1.1\"><header srclang=\"EN-US\"/><body><tu>"
                     "<tuv lang=\"EN-US\"><seg>One.</seg></tuv><tuv lang=\"JA\"><seg>一。</seg>"
                     "</tuv></tu></body></tmx>",
         1, "一。", "One.", "JA", "EN-US", 0, 0},
        {"*all* and codes", "<tmx version=\"1.4\"><header srclang=\"*all*\"/><body><tu>"
                            "<tuv xml:lang=\"ja_JP\"><seg>一。</seg></tuv>"
                            "<tuv xml:lang=\"en_gb\"><seg>One.</seg></tuv></tu></body></tmx>",
         1, "一。", "One.", "ja_JP", "en_gb", 0, 0},
        {"order and others", HEAD "<tu><tuv xml:lang=\"fr\"><seg>Un.</seg></tuv>"
                                  "<tuv xml:lang=\"en\"><seg>One.</seg></tuv>"
                                  "<tuv xml:lang=\"ja\"><seg>一。</seg></tuv>"
                                  "<tuv xml:lang=\"en-GB\"><seg>One (GB).</seg></tuv></tu>" TAIL,
         1, "一。", "One.", "ja", "en", 0, 0},
        {"one language", HEAD "<tu>\n<tuv xml:lang=\"ja\"><seg>一。</seg></tuv></tu>\n"
                              "<tu tuid=\"b\"><tuv xml:lang=\"ja\"><seg>二。</seg></tuv>"
                              "<tuv xml:lang=\"en\"><seg>Two.</seg></tuv></tu>" TAIL,
         1, "二。", "Two.", "ja", "en", 1, 5},
        {"no ja/en", HEAD "\n\n<tu><tuv xml:lang=\"de\"><seg>Eins.</seg></tuv>"
                          "<tuv xml:lang=\"fr\"><seg>Un.</seg></tuv></tu>" TAIL,
         0, NULL, NULL, NULL, NULL, 1, 7},
        {"empty tu", HEAD "<tu/>" TAIL, 0, NULL, NULL, NULL, NULL, 1, 5},
        {"empty seg", HEAD "<tu><tuv xml:lang=\"ja\"><seg/></tuv>"
                           "<tuv xml:lang=\"en\"><seg>One.</seg></tuv></tu>" TAIL,
         0, NULL, NULL, NULL, NULL, 1, 5},
        {"blank seg", HEAD "<tu><tuv xml:lang=\"ja\"><seg>一。</seg></tuv>"
                           "<tuv xml:lang=\"en\"><seg> \n </seg></tuv></tu>" TAIL,
         0, NULL, NULL, NULL, NULL, 1, 5},
        {"flatten", HEAD "<tu><tuv xml:lang=\"ja\"><seg><bpt i=\"1\">&lt;b&gt;</bpt>ここ"
                         "<ept i=\"1\">&lt;/b&gt;</ept>を<hi type=\"x\">押す</hi><ph>{1}</ph>。"
                         "<it pos=\"begin\">&lt;i&gt;</it><ut>x</ut></seg></tuv>"
                         "<tuv xml:lang=\"en\"><seg>Press <bpt i=\"1\">&lt;b&gt;<sub>s</sub>"
                         "</bpt>here<ept i=\"1\">&lt;/b&gt;</ept>.</seg></tuv></tu>" TAIL,
         1, "ここを押す。", "Press here.", "ja", "en", 0, 0},
        {"entities and CDATA", HEAD "<tu><tuv xml:lang=\"ja\"><seg>A&amp;B&#x3042;"
                                    "<![CDATA[<c>]]></seg></tuv><tuv xml:lang=\"en\"><seg>"
                                    "x&lt;y</seg></tuv></tu>" TAIL,
         1, "A&Bあ<c>", "x<y", "ja", "en", 0, 0},
        {"tuv without seg", HEAD "<tu><tuv xml:lang=\"ja\"/><tuv xml:lang=\"en\">"
                                 "<seg>One.</seg></tuv></tu>" TAIL,
         0, NULL, NULL, NULL, NULL, 1, 5},
        {"outside body ignored", "<tmx version=\"1.4\"><header srclang=\"ja\"><note>n</note>"
                                 "</header><body><tu><tuv xml:lang=\"ja\"><seg>一。</seg></tuv>"
                                 "<tuv xml:lang=\"en\"><seg>One.</seg></tuv></tu></body>"
                                 "<extra/></tmx>",
         1, "一。", "One.", "ja", "en", 0, 0},
        {"empty body", HEAD TAIL, 0, NULL, NULL, NULL, NULL, 0, 0},
        {"UTF-16", NULL, 0, NULL, NULL, NULL, NULL, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ty_tmx_stats s;
        ty_error e;
        got g;
        size_t skipped;
        if (!cases[i].xml)
            continue;
        memset(&g, 0, sizeof g);
        ty_is_int(read_str(cases[i].xml, NULL, &g, &s, &e), TY_OK, "read %s: status",
                  cases[i].name);
        ty_is_int((long long)g.n, (long long)cases[i].units, "read %s: units", cases[i].name);
        skipped = s.one_language + s.no_ja_en + s.empty + s.bad;
        ty_is_int((long long)skipped, (long long)cases[i].skipped, "read %s: skipped",
                  cases[i].name);
        ty_is_int(g.warnings, (int)cases[i].skipped, "read %s: warnings", cases[i].name);
        if (cases[i].warn_line)
            ty_is_int(g.warn_line, cases[i].warn_line, "read %s: warning line (%s)",
                      cases[i].name, g.warning);
        if (cases[i].ja && g.n) {
            ty_is_str(g.u[0].ja, cases[i].ja, "read %s: ja", cases[i].name);
            ty_is_str(g.u[0].en, cases[i].en, "read %s: en", cases[i].name);
            ty_is_str(g.u[0].ja_lang, cases[i].ja_lang, "read %s: ja code", cases[i].name);
            ty_is_str(g.u[0].en_lang, cases[i].en_lang, "read %s: en code", cases[i].name);
        }
        got_free(&g);
    }
}

/* Run a read with standard error sent to a file; *printed: how many bytes went there. */
static ty_status read_quietly(const char *xml, size_t len, got *g, ty_error *e, long *printed)
{
    char path[300];
    ty_tmx_read_opts o;
    ty_status st;
    int fd, saved;
    struct stat sb;

    ty_tmx_read_opts_init(&o);
    o.warn = on_warn;
    snprintf(path, sizeof path, "%s/stderr.txt", dir);
    fflush(stderr);
    if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644)) < 0 || (saved = dup(2)) < 0 ||
        dup2(fd, 2) < 0) {
        *printed = -1;
        return TY_ERR_IO;
    }
    st = ty_tmx_read_memory(xml, len, "t.tmx", &o, collect, g, NULL, e);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    close(fd);
    *printed = stat(path, &sb) == 0 ? (long)sb.st_size : -1;
    return st;
}

/* UTF-16LE with a byte-order mark and a lone high surrogate (0xD800) inside. */
static const char utf16_lone[] = "\xff\xfe<\0t\0m\0x\0>\0\x00\xd8<\0/\0t\0m\0x\0>\0";

static void test_reader_errors(void)
{
    /* line: > 0 that line; -2 some line; 0 none. Every message is one line of taiyaku's, and
     * libxml2 prints nothing itself. */
    static const struct {
        const char *name, *xml;
        size_t len; /* 0: strlen(xml) */
        ty_status st;
        long line;
        const char *msg;
    } cases[] = {
        {"empty input", "", 0, TY_ERR_FORMAT, 0, "not a TMX file: it is empty"},
        {"white space only", " \n\n", 0, TY_ERR_FORMAT, -2,
         "not a TMX file: it holds no XML element"},
        {"text only", "法の支配", 0, TY_ERR_FORMAT, -2, "not a TMX file: it holds no XML element"},
        {"not closed", HEAD "<tu><tuv xml:lang=\"ja\"><seg>一。</seg></tuv>\n<tuv>\n</tu>" TAIL, 0,
         TY_ERR_XML, 7, "malformed XML"},
        {"bad byte", HEAD "<tu>\n<note>\xff</note></tu>" TAIL, 0, TY_ERR_ENCODING, 6, "UTF-8"},
        {"unknown encoding", "<?xml version=\"1.0\" encoding=\"X-NO-SUCH\"?>\n<tmx/>", 0,
         TY_ERR_ENCODING, 1, "X-NO-SUCH"},
        {"UTF-16 with a lone surrogate", utf16_lone, sizeof utf16_lone - 1, TY_ERR_ENCODING, 0,
         "unsupported or wrong encoding: input conversion failed"},
        {"entity blow-up",
         "<?xml version=\"1.0\"?>\n<!DOCTYPE tmx [\n<!ENTITY a \"aaaaaaaaaa\">\n"
         "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
         "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
         "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n]>\n<tmx version=\"1.4\"><body>\n"
         "<tu><tuv xml:lang=\"ja\"><seg>&d;</seg></tuv><tuv xml:lang=\"en\"><seg>x</seg></tuv>"
         "</tu>\n</body></tmx>",
         0, TY_ERR_XML, -2, "refused: its entities expand into far more text than the file holds"},
        {"not tmx", "<?xml version=\"1.0\"?>\n<xliff/>", 0, TY_ERR_FORMAT, 2, "<xliff>"},
        {"no body", "<tmx version=\"1.4\">\n<header/>\n</tmx>\n", 0, TY_ERR_FORMAT, -2, "<body>"},
        {"version 2", "<tmx version=\"2.0\"><body/></tmx>", 0, TY_ERR_FORMAT, 1, "2.0"},
        {"undefined entity", HEAD "<tu><note>&nbsp;</note></tu>" TAIL, 0, TY_ERR_XML, 5, "nbsp"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t len = cases[i].len ? cases[i].len : strlen(cases[i].xml);
        long printed;
        ty_error e;
        got g;
        memset(&g, 0, sizeof g);
        ty_error_clear(&e);
        ty_is_int(read_quietly(cases[i].xml, len, &g, &e, &printed), cases[i].st,
                  "error %s: status", cases[i].name);
        if (cases[i].line > 0)
            ty_is_int(e.line, cases[i].line, "error %s: line", cases[i].name);
        else if (cases[i].line == 0)
            ty_is_int(e.line, -1, "error %s: no line", cases[i].name);
        else
            ty_ok(e.line > 0, "error %s: has a line (%ld)", cases[i].name, e.line);
        ty_ok(strstr(e.message, cases[i].msg) != NULL, "error %s: message '%s'", cases[i].name,
              e.message);
        ty_ok(!strchr(e.message, '\n'), "error %s: in one line", cases[i].name);
        ty_is_int(printed, 0, "error %s: libxml2 printed nothing", cases[i].name);
        ty_is_str(e.file, "t.tmx", "error %s: names the file", cases[i].name);
        got_free(&g);
    }
    {
        ty_error e;
        got g;
        memset(&g, 0, sizeof g);
        ty_is_int(ty_tmx_read("/nonexistent/x.tmx", NULL, collect, &g, NULL, &e), TY_ERR_NOTFOUND,
                  "a missing file");
        ty_is_int(ty_tmx_read(dir, NULL, collect, &g, NULL, &e), TY_ERR_IO, "a directory");
    }
}

/* A device that refuses writes (/dev/full) is written directly, not replaced by a renamed
 * file; the failure is one error of taiyaku's, and libxml2 prints nothing itself. A target
 * that is an SQLite database is not replaced. */
static void test_writer_targets(void)
{
    char path[300], db[300];
    struct stat before, after;
    ty_tmx_writer *w = NULL;
    ty_unit u = unit("一。", "One.");
    ty_status st = TY_OK;
    ty_error e;
    int fd, saved;
    FILE *f;

    if (stat("/dev/full", &before) != 0 || !S_ISCHR(before.st_mode)) {
        ty_skip("/dev/full: the write fails", "no /dev/full on this system");
    } else {
        snprintf(path, sizeof path, "%s/stderr.txt", dir);
        fflush(stderr);
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        saved = dup(2);
        dup2(fd, 2);
        if ((st = ty_tmx_writer_open("/dev/full", NULL, &w, &e)) == TY_OK) {
            for (int i = 0; i < 2000 && st == TY_OK; i++)
                st = ty_tmx_writer_add(w, &u, &e);
            if (st == TY_OK)
                st = ty_tmx_writer_close(w, &e);
            else
                ty_tmx_writer_abort(w);
        }
        fflush(stderr);
        dup2(saved, 2);
        close(saved);
        close(fd);
        ty_is_int(st, TY_ERR_IO, "/dev/full: the write fails (%s)", e.message);
        ty_ok(stat(path, &after) == 0 && after.st_size == 0, "and libxml2 printed nothing");
        ty_ok(stat("/dev/full", &after) == 0 && S_ISCHR(after.st_mode) &&
                  after.st_rdev == before.st_rdev,
              "/dev/full is still the device");
    }
    snprintf(db, sizeof db, "%s/memory.sqlite", dir);
    if ((f = fopen(db, "wb"))) {
        fwrite("SQLite format 3\0rest of the page", 1, 33, f);
        fclose(f);
    }
    ty_is_int(ty_tmx_writer_open(db, NULL, &w, &e), TY_ERR_INVALID,
              "an SQLite database is not replaced by a TMX");
    ty_ok(strstr(e.message, "is an SQLite database") != NULL, "saying so (%s)", e.message);
    ty_ok(stat(db, &after) == 0 && after.st_size == 33, "and it is left as it was");
}

static void test_reader_misc(void)
{
    const char *xml = HEAD
        "<tu tuid=\"t1\"><prop type=\"x-confidence\">0.93</prop><note>tu note</note>"
        "<prop type=\"x-shape\">1:2</prop>"
        "<tuv xml:lang=\"ja-JP\"><prop type=\"x-ctx\">c</prop><seg>一。</seg></tuv>"
        "<tuv xml:lang=\"en-US\"><note>tuv note</note><seg>One.</seg></tuv></tu>"
        "<tu><tuv xml:lang=\"ja\"><seg>二。</seg></tuv><tuv xml:lang=\"en\"><seg>Two.</seg></tuv>"
        "</tu><tu><tuv xml:lang=\"ja\"><seg>三。</seg></tuv><tuv xml:lang=\"en\"><seg>3.</seg>"
        "</tuv></tu>" TAIL;
    ty_tmx_read_opts o;
    ty_tmx_stats s;
    ty_error e;
    got g;

    memset(&g, 0, sizeof g);
    ty_is_int(read_str(xml, NULL, &g, &s, &e), TY_OK, "misc: read");
    ty_is_str(g.n ? g.u[0].props : NULL,
              "x-confidence=0.93|note=tu note|x-shape=1:2|x-ctx=c|note=tuv note",
              "misc: props and notes of the tu and its tuvs, in order");
    ty_ok(g.n && g.u[0].confidence == 0.93, "misc: confidence");
    ty_is_str(g.n ? g.u[0].shape : NULL, "1:2", "misc: shape");
    ty_ok(g.n > 1 && g.u[1].confidence == -1 && !g.u[1].id && !g.u[1].shape,
          "misc: no confidence, id or shape");
    ty_is_str(s.srclang, "ja-JP", "misc: stats srclang");
    ty_is_str(s.creationtool, "X", "misc: stats creationtool");
    ty_is_str(s.version, "1.4", "misc: stats version");
    ty_is_int((long long)s.tus, 3, "misc: stats tus");
    got_free(&g);

    g.stop_at = 2;
    ty_error_clear(&e);
    ty_is_int(read_str(xml, NULL, &g, NULL, &e), TY_ERR_INVALID, "misc: the callback stops it");
    ty_is_int((long long)g.n, 2, "misc: after two units");
    ty_is_int(e.status, TY_OK, "misc: err untouched");
    got_free(&g);

    ty_tmx_read_opts_init(&o);
    o.ja_lang = "ja_jp";
    o.warn = on_warn;
    ty_is_int(read_str(xml, &o, &g, &s, &e), TY_OK, "misc: only ja-JP");
    ty_is_int((long long)g.n, 1, "misc: one unit has ja-JP");
    ty_is_int((long long)s.one_language, 2, "misc: two have another Japanese code");
    got_free(&g);

    ty_tmx_read_opts_init(&o);
    o.keep_markup = 1;
    ty_is_int(read_str(HEAD "<tu><tuv xml:lang=\"ja\"><seg>A&amp;<bpt i=\"1\" x=\"2\">&lt;b&gt;"
                            "</bpt>B<ept i=\"1\"/></seg></tuv><tuv xml:lang=\"en\"><seg>E</seg>"
                            "</tuv></tu>" TAIL, &o, &g, NULL, &e),
              TY_OK, "misc: keep markup");
    ty_is_str(g.n ? g.u[0].ja : NULL, "A&amp;<bpt i=\"1\" x=\"2\">&lt;b&gt;</bpt>B<ept i=\"1\"/>",
              "misc: markup kept as XML");
    got_free(&g);

    ty_is_int(read_str("<!DOCTYPE tmx [<!ENTITY co \"Company\">]><tmx version=\"1.4\"><body><tu>"
                       "<tuv xml:lang=\"ja\"><seg>社</seg></tuv><tuv xml:lang=\"en\"><seg>&co;"
                       "</seg></tuv></tu></body></tmx>", NULL, &g, &s, &e),
              TY_OK, "misc: an internal entity");
    ty_ok(g.n == 0 && s.bad == 1, "misc: its unit is skipped, not read without the text (%s)",
          g.warning);
    got_free(&g);
}

/* Write what the reader gives (markup kept, codes kept) and compare two generations. */
static void test_round_trip(void)
{
    const char *src = HEAD
        "<tu tuid=\"A\"><prop type=\"x-confidence\">0.5</prop><note>n</note>"
        "<tuv xml:lang=\"JA-jp\"><seg>前<ph x=\"1\">&lt;br/&gt;</ph>後 &amp; "
        "<hi>強</hi></seg></tuv><tuv xml:lang=\"en_GB\"><seg>Before<ph x=\"1\"/>after</seg></tuv>"
        "</tu><tu><tuv xml:lang=\"en\"><seg>only</seg></tuv></tu>"
        "<tu tuid=\"A\"><tuv xml:lang=\"ja\"><seg>二</seg></tuv><tuv xml:lang=\"en\"><seg>2</seg>"
        "</tuv></tu>" TAIL;
    ty_tmx_read_opts ro;
    ty_tmx_write_opts wo = wopts();
    ty_tmx_writer *w;
    ty_error e;
    got g1, g2;
    char path[512], *a, *b;
    ty_unit u[32];

    memset(&g1, 0, sizeof g1);
    memset(&g2, 0, sizeof g2);
    ty_tmx_read_opts_init(&ro);
    ro.keep_markup = 1;
    wo.markup = 1;
    wo.keep_unit_langs = 1;
    ty_is_int(read_str(src, &ro, &g1, NULL, &e), TY_OK, "round trip: read");
    for (int gen = 0; gen < 2; gen++) {
        got *g = gen ? &g2 : &g1;
        snprintf(path, sizeof path, "%s/rt%d.tmx", dir, gen);
        ty_is_int(ty_tmx_writer_open(path, &wo, &w, &e), TY_OK, "round trip %d: open", gen);
        for (size_t i = 0; i < g->n; i++) {
            u[i] = unit(g->u[i].ja, g->u[i].en);
            u[i].id = g->u[i].id;
            u[i].ja_lang = g->u[i].ja_lang;
            u[i].en_lang = g->u[i].en_lang;
            ty_is_int(ty_tmx_writer_add(w, &u[i], &e), TY_OK, "round trip %d: add %zu", gen, i);
        }
        ty_is_int(ty_tmx_writer_close(w, &e), TY_OK, "round trip %d: close", gen);
        if (!gen)
            ty_is_int(read_file("rt0.tmx", &ro, &g2, NULL, &e), TY_OK, "round trip: read back");
    }
    ty_is_int((long long)g2.n, (long long)g1.n, "round trip: same number of units");
    for (size_t i = 0; i < g1.n && i < g2.n; i++) {
        ty_is_str(g2.u[i].ja, g1.u[i].ja, "round trip %zu: ja", i);
        ty_is_str(g2.u[i].en, g1.u[i].en, "round trip %zu: en", i);
    }
    ty_is_str(g2.n ? g2.u[0].ja_lang : NULL, "JA-jp", "round trip: code kept");
    ty_is_str(g2.n ? g2.u[0].en_lang : NULL, "en-GB", "round trip: '_' fixed");
    ty_ok(g2.n == 2 && strcmp(g2.u[0].id, g2.u[1].id) != 0, "round trip: duplicate tuid fixed");
    snprintf(path, sizeof path, "%s/rt0.tmx", dir);
    a = slurp(path);
    snprintf(path, sizeof path, "%s/rt1.tmx", dir);
    b = slurp(path);
    ty_ok(a && b && !strcmp(a, b), "round trip: the second generation is byte-identical");
    free(a);
    free(b);
    got_free(&g1);
    got_free(&g2);
}

/* ---- read_ahead: the same callbacks, in the same order, from a parsing thread ------------ */

/* Everything a read hands over, as text: one line a unit or warning. */
typedef struct logged {
    char *p;
    size_t len, cap;
    size_t units, stop_at; /* stop (TY_ERR_INVALID) at this many units, 0: never */
} logged;

static void log_put(logged *l, const char *s)
{
    size_t n = strlen(s);
    if (l->len + n + 1 > l->cap) {
        l->cap = 2 * (l->len + n + 1);
        l->p = realloc(l->p, l->cap);
    }
    memcpy(l->p + l->len, s, n + 1);
    l->len += n;
}

static ty_status log_unit(const ty_unit *u, void *ud)
{
    logged *l = ud;
    char head[200];
    const char *parts[6] = {u->id, u->ja, u->en, u->ja_lang, u->en_lang, u->shape};

    snprintf(head, sizeof head, "U %.3f %zu", u->confidence, u->nprops);
    log_put(l, head);
    for (int i = 0; i < 6; i++) {
        log_put(l, "|");
        log_put(l, parts[i] ? parts[i] : "(null)");
    }
    for (size_t i = 0; i < u->nprops; i++) {
        log_put(l, "|");
        log_put(l, u->props[i].type);
        log_put(l, "=");
        log_put(l, u->props[i].value);
    }
    log_put(l, "\n");
    if (l->stop_at && ++l->units == l->stop_at)
        return TY_ERR_INVALID;
    return TY_OK;
}

static void log_warning(const ty_error *w, void *ud)
{
    char line[700];
    snprintf(line, sizeof line, "W %ld %s\n", w->line, w->message);
    log_put(ud, line);
}

/* A TMX of n units, every 7th with one language (a warning), every 5th with props and a
 * shape, unit 100 with a text longer than a batch's bytes; cut in the middle of a <tu> after
 * `cut` of them when cut > 0. */
static char *many_units(size_t n, size_t cut)
{
    logged x = {0};
    char buf[400];
    log_put(&x, HEAD);
    for (size_t i = 0; i < n; i++) {
        if (cut && i == cut) {
            log_put(&x, "<tu><tuv xml:lang=\"ja\"><seg>途中");
            return x.p;
        }
        if (i % 7 == 3) {
            snprintf(buf, sizeof buf, "<tu tuid=\"w%zu\"><tuv xml:lang=\"ja\"><seg>片側%zu</seg>"
                                      "</tuv></tu>\n", i, i);
            log_put(&x, buf);
            continue;
        }
        snprintf(buf, sizeof buf, "<tu tuid=\"%zu\">%s<tuv xml:lang=\"ja-JP\"><seg>第%zu条。</seg>"
                                  "</tuv><tuv xml:lang=\"en-US\"><seg>Article %zu.",
                 i, i % 5 ? "" : "<prop type=\"x-confidence\">0.5</prop><prop type=\"x-shape\">"
                                 "1:2</prop><prop type=\"x-note\">n</prop>", i, i);
        log_put(&x, buf);
        if (i == 100)
            for (int k = 0; k < 40000; k++)
                log_put(&x, " long text");
        log_put(&x, "</seg></tuv></tu>\n");
    }
    log_put(&x, TAIL);
    return x.p;
}

/* Read path with and without read_ahead: the same status, error, stats and log. */
static void same_read(const char *what, const char *path, size_t stop_at)
{
    logged l[2] = {{0}, {0}};
    ty_tmx_stats s[2];
    ty_error e[2];
    ty_status st[2];

    for (int k = 0; k < 2; k++) {
        ty_tmx_read_opts o;
        ty_tmx_read_opts_init(&o);
        o.warn = log_warning;
        o.read_ahead = k;
        l[k].stop_at = stop_at;
        ty_error_clear(&e[k]);
        memset(&s[k], 0, sizeof s[k]);
        st[k] = ty_tmx_read(path, &o, log_unit, &l[k], &s[k], &e[k]);
        log_put(&l[k], ""); /* a log even when nothing was handed over */
    }
    ty_is_int(st[1], st[0], "read ahead, %s: the status", what);
    ty_is_str(e[1].message, e[0].message, "read ahead, %s: the error", what);
    ty_is_int(e[1].line, e[0].line, "read ahead, %s: the error's line", what);
    ty_ok(!memcmp(&s[0], &s[1], sizeof s[0]), "read ahead, %s: the stats (%zu units, %zu tus)",
          what, s[1].units, s[1].tus);
    ty_ok(l[0].len == l[1].len && !memcmp(l[0].p, l[1].p, l[0].len),
          "read ahead, %s: the same units and warnings in the same order (%zu bytes)", what,
          l[1].len);
    free(l[0].p);
    free(l[1].p);
}

/* many_units(n, cut) written to dir/name; its path in path. */
static void write_many(char *path, size_t size, const char *name, size_t n, size_t cut)
{
    char *xml = many_units(n, cut);
    FILE *f;

    snprintf(path, size, "%s/%s", dir, name);
    f = fopen(path, "wb");
    ty_ok(f && fwrite(xml, 1, strlen(xml), f) == strlen(xml) && fclose(f) == 0,
          "%s: %zu units written%s", name, n, cut ? ", cut short" : "");
    free(xml);
}

static void test_read_ahead(void)
{
    char path[512];

    write_many(path, sizeof path, "many.tmx", 20000, 0);
    same_read("20000 units", path, 0);
    same_read("the callback stops at unit 9000", path, 9000);
    same_read("the callback stops at the first unit", path, 1);
    write_many(path, sizeof path, "cut.tmx", 20000, 12345);
    same_read("a file cut short", path, 0);
    same_read("a file that does not exist", "/nonexistent/x.tmx", 0);
}

int main(void)
{
    snprintf(dir, sizeof dir, "%s/test_tmx.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 99;
    }
    if (chdir(dir) != 0)
        return 99;
    unsetenv("SOURCE_DATE_EPOCH");
    test_header();
    test_source_date_epoch();
    test_lang_codes();
    test_text_cleaning();
    test_dropped();
    test_ids();
    test_props_round_trip();
    test_unit_langs();
    test_temp_and_rename();
    test_markup_writer();
    test_reader_cases();
    test_reader_errors();
    test_writer_targets();
    test_reader_misc();
    test_round_trip();
    test_read_ahead();
    {
        char cmd[600];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        if (system(cmd) != 0)
            ty_diag("could not remove %s", dir);
    }
    return ty_done();
}
