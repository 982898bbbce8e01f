/*
 * fuzz_tm_query.c — fuzz target for the translation memory's query paths: the input is a
 * lookup query (from Japanese and from English), a concordance pattern, and a unit added in
 * an import that is then rolled back. Invariants: scores within [min, 100], an added unit is
 * found back at 100%, concordance spans inside their text, in order, and inside the KWIC
 * window. The memory is a small one made once in a temporary file.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "taiyaku.h"
#include "tmp_memory.h"

static ty_tm *tm;
static void setup(void)
{
    static const char *const units[][2] = {
        {"法の支配に基づく自由で開かれた国際秩序を維持する。",
         "Maintain the free and open international order based on the rule of law."},
        {"予算は2,000円です。", "The budget is 2,000 yen."},
        {"ＧＤＰが伸びた。", "GDP grew."},
        {"憲法", "the Constitution"},
        {"支配的な見解", "the dominant view"},
        {"第１条　会議を開く。", "Article 1: The meeting opens."},
        {"\"引用\"と'記号'<tag>&amp;", "\"quotes\" and 'marks' <tag>&amp;"},
    };
    ty_unit u[sizeof units / sizeof units[0]];
    ty_tm_docinfo info = {"fuzz", NULL, NULL, "2024-01-01T00:00:00Z"};

    memset(u, 0, sizeof u);
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        u[i].ja = units[i][0];
        u[i].en = units[i][1];
        u[i].confidence = -1;
    }
    tm = ty_fuzz_memory("taiyaku-fuzz-tm", &info, u, sizeof u / sizeof u[0], NULL);
}

static void check_lookup(const char *q, ty_lang from)
{
    ty_tm_lookup_opts o;
    ty_tm_matches *m = NULL;
    ty_error e;

    ty_tm_lookup_opts_init(&o);
    o.from = from;
    o.min_score = 40;
    if (ty_tm_lookup(tm, q, &o, &m, &e) != TY_OK) {
        if (e.status == TY_ERR_NOMEM || e.status == TY_ERR_TOOBIG)
            return;
        if (e.status == TY_ERR_ENCODING && ty_utf8_check(q, strlen(q)) < strlen(q))
            return; /* an ill-formed query is refused, and only that */
        abort();
    }
    if (ty_utf8_check(q, strlen(q)) < strlen(q))
        abort();
    for (size_t i = 0; i < ty_tm_matches_count(m); i++) {
        const ty_tm_match *x = ty_tm_matches_get(m, i);
        if (x->score < o.min_score || x->score > 100 || !x->ja || !x->en)
            abort();
        if (i > 0 && x->score > ty_tm_matches_get(m, i - 1)->score)
            abort();
    }
    ty_tm_matches_free(m);
}

static void check_concord(const char *q)
{
    ty_tm_concord_opts o;
    ty_tm_hits *h = NULL;
    ty_error e;
    int more;

    ty_tm_concord_opts_init(&o);
    o.context = 10;
    if (ty_tm_concord(tm, q, &o, &h, &more, &e) != TY_OK) {
        if (e.status == TY_ERR_INVALID || e.status == TY_ERR_NOMEM)
            return;
        if (e.status == TY_ERR_ENCODING && ty_utf8_check(q, strlen(q)) < strlen(q))
            return;
        abort();
    }
    for (size_t i = 0; i < ty_tm_hits_count(h); i++) {
        const ty_tm_hit *x = ty_tm_hits_get(h, i);
        size_t len = strlen(x->lang == TY_LANG_JA ? x->ja : x->en), at = 0;
        for (size_t k = 0; k < x->nspans; k++) {
            if (x->spans[2 * k] < at || x->spans[2 * k + 1] < x->spans[2 * k] ||
                x->spans[2 * k + 1] > len)
                abort();
            at = x->spans[2 * k + 1];
        }
        if (x->left > x->right || x->right > len || x->pad > o.context ||
            (x->nspans && (x->left > x->spans[0] || x->right < x->spans[1])))
            abort();
    }
    ty_tm_hits_free(h);
}

/* Add the input as a unit (rolled back afterwards) and find it again. */
static void check_roundtrip(const char *q)
{
    ty_tm_docinfo info = {"input", NULL, NULL, NULL};
    ty_tm_import *imp = NULL;
    ty_tm_matches *m = NULL;
    ty_unit u;
    ty_error e;
    char *norm = ty_normalize(q, strlen(q), NULL);

    memset(&u, 0, sizeof u);
    u.ja = q;
    u.en = "fuzz";
    u.confidence = -1;
    if (!norm || ty_tm_import_begin(tm, &info, &imp, &e) != TY_OK)
        abort();
    if (ty_tm_import_add(imp, &u, &e) == TY_OK && *norm) {
        ty_tm_lookup_opts o;
        ty_tm_lookup_opts_init(&o);
        if (ty_tm_lookup(tm, q, &o, &m, &e) != TY_OK || ty_tm_matches_count(m) == 0 ||
            ty_tm_matches_get(m, 0)->score != 100)
            abort();
        ty_tm_matches_free(m);
    }
    ty_tm_import_abort(imp);
    free(norm);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *q;

    if (!tm)
        setup();
    if (size > 4096)
        return 0;
    if (!(q = malloc(size + 1)))
        return 0;
    memcpy(q, data, size);
    q[size] = '\0'; /* a NUL inside ends the text, as it would from the command line */
    check_lookup(q, TY_LANG_JA);
    check_lookup(q, TY_LANG_EN);
    check_concord(q);
    check_roundtrip(q);
    free(q);
    return 0;
}
