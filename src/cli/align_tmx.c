/*
 * align_tmx.c — the TMX output of `taiyaku align`: its options, their checks, and the write
 * through ty_tmx_write_alignment with a report of what was left out. It does not align.
 */
#include "config.h"

#include <string.h>

#include "align_tmx.h"

void ty_cli_align_tmx_init(ty_cli_align_tmx *t)
{
    memset(t, 0, sizeof *t);
    ty_tmx_write_opts_init(&t->opts);
}

static int lang_option(ty_cli *c, int allow_all)
{
    ty_error e;
    if (ty_tmx_lang_check(c->arg, allow_all, &e) != TY_OK)
        return ty_cli_usage(c, "--%s: %s", c->option->name, e.message);
    return 1;
}

int ty_cli_align_tmx_option(ty_cli *c, ty_cli_align_tmx *t, int key)
{
    switch (key) {
    case 'o': t->output = c->arg; return 1;
    case TY_ALIGN_TMX_SRCLANG:
        t->opts.srclang = c->arg;
        t->langs_given = 1;
        return lang_option(c, 1);
    case TY_ALIGN_TMX_JA_LANG:
        t->opts.ja_lang = c->arg;
        t->langs_given = 1;
        return lang_option(c, 0);
    case TY_ALIGN_TMX_EN_LANG:
        t->opts.en_lang = c->arg;
        t->langs_given = 1;
        return lang_option(c, 0);
    case TY_ALIGN_TMX_KEEP_UNPAIRED: t->opts.keep_unpaired = t->keep_unpaired_given = 1; return 1;
    case TY_ALIGN_TMX_MIN_CONFIDENCE:
        t->min_conf_given = 1;
        return ty_cli_fraction(c, &t->opts.min_confidence) ? TY_EXIT_USAGE : 1;
    default: return 0;
    }
}

int ty_cli_align_tmx_wanted(ty_cli *c, const ty_cli_align_tmx *t, const char *format)
{
    int tmx = format && !strcmp(format, "tmx");

    if (t->output && format && !tmx)
        return ty_cli_usage(c, "-o writes TMX: leave out --format %s, or use --format tmx",
                            format);
    if (!t->output && !tmx && (t->min_conf_given || t->keep_unpaired_given || t->langs_given))
        return ty_cli_usage(c, "--ja-lang, --en-lang, --srclang, --keep-unpaired and "
                               "--min-confidence go with -o FILE.tmx or --format tmx");
    return t->output || tmx;
}

int ty_cli_align_tmx_write(ty_cli *c, const ty_cli_align_tmx *t, const ty_doc *ja,
                           const ty_doc *en, const ty_alignment *al)
{
    const char *path = t->output ? t->output : "-";
    const char *name = t->output ? t->output : "(standard output)";
    ty_tmx_write_counts k;
    ty_error e;

    ty_error_clear(&e);
    if (ty_tmx_write_alignment(path, ja, en, al, &t->opts, &k, &e) != TY_OK)
        return ty_cli_fail_writing(c, path, &e);
    if (k.unpaired > k.unpaired_noted)
        fprintf(c->err, "taiyaku: %s: %zu unpaired bead(s) (1:0, 0:1: untranslated text) left "
                        "out%s\n", name, k.unpaired - k.unpaired_noted,
                t->opts.keep_unpaired ? "" : "; --keep-unpaired writes them as notes");
    if (k.low_confidence)
        fprintf(c->err, "taiyaku: %s: %zu bead(s) under --min-confidence %.2f left out\n", name,
                k.low_confidence, t->opts.min_confidence);
    if (k.replaced)
        fprintf(c->err, "taiyaku: %s: warning: %zu character(s) XML 1.0 forbids written as "
                        "U+FFFD\n", name, k.replaced);
    return TY_EXIT_OK;
}
