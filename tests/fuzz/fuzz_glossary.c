/*
 * fuzz_glossary.c — fuzz target for the readers of what a reviewer gives taiyaku check: key-term
 * glossaries (TBX of both editions, TSV), regex rule files and ignore files. Any input: no
 * reader may crash. A glossary the reader accepts is written as TBX and must read back with the
 * same concepts and terms (text, language, status); a rule file it accepts gives rules that run
 * on a unit; an ignore file runs a check of a one-unit memory. A broken invariant aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "taiyaku.h"
#include "tmp_memory.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *dir; /* the memory's directory, for the input and output files */
static ty_tm *tm;

static ty_status ignore_finding(const ty_check_finding *f, void *ud)
{
    (void)f;
    (void)ud;
    return TY_OK;
}

static void setup(void)
{
    ty_unit u;

    memset(&u, 0, sizeof u);
    u.ja = "外務大臣は15日に訪問した。";
    u.en = "The Foreign  Secretary visited (on the 16th.";
    u.confidence = -1;
    tm = ty_fuzz_memory("fuzz_glossary", &(ty_tm_docinfo){"d", NULL, NULL, NULL}, &u, 1, &dir);
}

static void same_glossary(const ty_glossary *a, const ty_glossary *b)
{
    if (ty_glossary_concepts(a) != ty_glossary_concepts(b))
        abort();
    for (size_t c = 0; c < ty_glossary_concepts(a); c++) {
        size_t na, nb;
        const ty_term *ta = ty_glossary_terms(a, c, &na), *tb = ty_glossary_terms(b, c, &nb);
        /* the writer puts the Japanese terms first, then the English ones */
        for (int l = 0, k = 0; l < 2; l++)
            for (size_t i = 0; i < na; i++) {
                if ((int)ta[i].lang != l)
                    continue;
                if ((size_t)k >= nb || tb[k].lang != ta[i].lang ||
                    tb[k].status != (ta[i].status == TY_TERM_FORBIDDEN ? TY_TERM_DEPRECATED
                                                                        : ta[i].status))
                    abort();
                k++;
            }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char in[320], out[320];
    ty_glossary *g = NULL, *back = NULL;
    ty_check_rules *rules = NULL;
    ty_check_opts o;
    ty_error e;
    FILE *f;

    if (!tm)
        setup();
    snprintf(in, sizeof in, "%s/in", dir);
    snprintf(out, sizeof out, "%s/out.tbx", dir);
    if (!(f = fopen(in, "wb")) || fwrite(data, 1, size, f) != size || fclose(f) != 0)
        abort();

    if (ty_glossary_new(&g, &e) != TY_OK)
        abort();
    if (ty_glossary_read(g, in, &e) == TY_OK && ty_glossary_concepts(g) > 0) {
        if (ty_glossary_write_tbx(g, out, "fuzz", &e) != TY_OK || ty_glossary_new(&back, &e) ||
            ty_glossary_read(back, out, &e) != TY_OK)
            abort(); /* our own TBX must read back */
        same_glossary(g, back);
        ty_glossary_free(back);
    }
    ty_check_opts_init(&o);
    o.glossary = g;
    if (ty_check_rules_read(in, &rules, &e) == TY_OK)
        o.rules = rules;
    if (ty_consistency_check(tm, &o, ignore_finding, NULL, NULL, &e) != TY_OK)
        abort(); /* a glossary and rules that were read run */
    o.ignore_file = in;
    ty_consistency_check(tm, &o, ignore_finding, NULL, NULL, &e); /* may refuse the file */
    ty_check_rules_free(rules);
    ty_glossary_free(g);
    unlink(in);
    unlink(out);
    return 0;
}
