/*
 * test_opts.c — every ty_X_opts_init of the public header sets the defaults its comments
 * document, on a struct filled with garbage first (so a field the init forgets shows). It uses
 * only taiyaku.h, as a caller does.
 */
#include <string.h>

#include "taiyaku.h"
#include "tap.h"

#define GARBAGE(s) memset(&(s), 0xA5, sizeof(s))
#define IS_INT(s, field, want) ty_is_int((long long)(s).field, (long long)(want), #s "." #field)
#define IS_NULL(s, field) ty_ok((s).field == NULL, #s "." #field " is NULL")
#define IS_STR(s, field, want) ty_is_str((s).field, want, #s "." #field)
#define IS_NUM(s, field, want) is_num((s).field, want, #s, #field)

static void is_num(double got, double want, const char *who, const char *field)
{
    if (!ty_ok(got == want, "%s.%s", who, field))
        ty_diag("  got %g, want %g", got, want);
}

static void phrase_defaults(const ty_phrase_opts *p, const char *who)
{
    ty_is_int(p->from, TY_LANG_JA, "%s.from", who);
    ty_is_int((long long)p->max_units, 20000, "%s.max_units", who);
    ty_is_int((long long)p->min_uses, 2, "%s.min_uses", who);
    is_num(p->min_dice, 0, who, "min_dice");
    ty_is_int((long long)p->max_renderings, 8, "%s.max_renderings", who);
    ty_ok(p->lexicon == NULL, "%s.lexicon is NULL", who);
}

int main(void)
{
    static const double prior[TY_BEAD_SHAPES] = {.86, .02, .02, .035, .035, .01, .01, .01};
    ty_decode_opts decode;
    ty_align_opts align;
    ty_tmx_write_opts tmx_write;
    ty_tmx_read_opts tmx_read;
    ty_tm_lookup_opts lookup;
    ty_tm_concord_opts concord;
    ty_tm_export_opts export;
    ty_check_opts check;
    ty_phrase_opts phrase;
    ty_phrases_opts phrases;

    GARBAGE(decode);
    ty_decode_opts_init(&decode);
    IS_NULL(decode, encoding);
    IS_INT(decode, lenient, 0);

    GARBAGE(align);
    ty_align_opts_init(&align);
    IS_INT(align, beads, TY_BEADS_ALL);
    for (int s = 0; s < TY_BEAD_SHAPES; s++) {
        char field[16];
        snprintf(field, sizeof field, "prior[%d]", s);
        is_num(align.prior[s], prior[s], "align", field);
    }
    IS_NUM(align, prior_strength, 20);
    IS_NUM(align, ratio, 0);
    IS_NUM(align, length_sigma, 0.35);
    IS_NUM(align, length_smooth, 8);
    IS_INT(align, count_spaces, 0);
    IS_NUM(align, carry_number, 0.8);
    IS_NUM(align, carry_latin, 0.7);
    IS_NUM(align, carry_lexicon, 0.3);
    IS_NUM(align, carry_name, 0.5);
    IS_NUM(align, carry_learned, 0.3);
    IS_NUM(align, agree_heading, 0.95);
    IS_NUM(align, agree_label, 0.85);
    IS_NUM(align, agree_question, 0.85);
    IS_NUM(align, agree_paragraph, 0.85);
    IS_NUM(align, agree_enum, 0.85);
    IS_NUM(align, cross_paragraph, 0.1);
    IS_NUM(align, formula_drop, 0.3);
    IS_NUM(align, temperature, 2);
    ty_ok(align.learn_lexicon != 0, "align.learn_lexicon is on");
    IS_NUM(align, learn_min_confidence, 0.9);
    IS_INT(align, corridor, 6);
    IS_INT(align, full_cells, 250000);
    IS_NULL(align, lexicon);

    GARBAGE(tmx_write);
    ty_tmx_write_opts_init(&tmx_write);
    IS_STR(tmx_write, ja_lang, "ja-JP");
    IS_STR(tmx_write, en_lang, "en-US");
    IS_NULL(tmx_write, srclang);
    IS_STR(tmx_write, adminlang, "en-US");
    IS_INT(tmx_write, creation_time, -1);
    IS_INT(tmx_write, keep_unit_langs, 0);
    IS_INT(tmx_write, markup, 0);
    IS_NUM(tmx_write, min_confidence, 0);
    IS_INT(tmx_write, keep_unpaired, 0);
    IS_NULL(tmx_write, ja_document);
    IS_NULL(tmx_write, en_document);

    GARBAGE(tmx_read);
    ty_tmx_read_opts_init(&tmx_read);
    IS_INT(tmx_read, keep_markup, 0);
    IS_NULL(tmx_read, ja_lang);
    IS_NULL(tmx_read, en_lang);
    IS_NULL(tmx_read, warn);

    GARBAGE(lookup);
    ty_tm_lookup_opts_init(&lookup);
    IS_INT(lookup, from, TY_LANG_JA);
    IS_INT(lookup, min_score, 70);
    IS_INT(lookup, max_results, 5);

    GARBAGE(concord);
    ty_tm_concord_opts_init(&concord);
    IS_INT(concord, lang, -1);
    IS_INT(concord, max_results, 20);
    IS_INT(concord, context, 30);

    GARBAGE(export);
    ty_tm_export_opts_init(&export);
    IS_NULL(export, document);
    ty_ok(export.min_confidence < 0, "export.min_confidence < 0 (all units)");
    IS_NULL(export, since);

    GARBAGE(check);
    ty_check_opts_init(&check);
    IS_INT(check, checks, (1u << TY_CHECK_KINDS) - 1);
    IS_NULL(check, document);
    IS_NUM(check, min_confidence, 0.5);

    GARBAGE(phrase);
    ty_phrase_opts_init(&phrase);
    phrase_defaults(&phrase, "phrase");

    GARBAGE(phrases);
    ty_phrases_opts_init(&phrases);
    IS_INT(phrases, min_documents, 3);
    IS_INT(phrases, min_chars, 4);
    IS_INT(phrases, min_words, 2);
    IS_INT(phrases, max_words, 16);
    IS_INT(phrases, max_phrases, 100);
    IS_INT(phrases, order, TY_PHRASES_BY_DOCUMENTS);
    phrase_defaults(&phrases.phrase, "phrases.phrase");
    return ty_done();
}
