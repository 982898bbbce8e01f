/*
 * check_text.c — the unit checks that read the texts as text: untranslated English, URLs,
 * e-mail addresses and codes that differ, unpaired brackets and quotes, repeated English
 * words, and white space.
 *
 *   untranslated  error: the English is the Japanese (normalized), or has no Latin letter
 *                 where the Japanese has Japanese script, or is mostly Japanese script outside
 *                 brackets; warning: kana left outside brackets and quotes (a clause left in
 *                 Japanese); info: Han characters outside brackets (a name cited: "written as
 *                 中仙道"). Japanese inside brackets or quotes is a gloss: no finding.
 *   tokens        a URL (http://, https://, www.), an e-mail address or a code (a token of Latin
 *                 letters and digits: A/RES/76/1, ABC-123, G7) on one side and not on the
 *                 other (compared normalized: Ｇ７ = G7). error: both sides have URLs or
 *                 addresses and one differs; warning: one side only; info: a code whose digits
 *                 the other side has (G7 / 主要7か国, FY2024 / 2024年度).
 *   brackets      warning: a closing bracket or quote without its opening one, or an opening
 *                 one left open, in either side; ASCII double quotes that do not pair. A list
 *                 marker ("1)", "a）") at the start is not a bracket; ASCII apostrophes are not
 *                 checked (Dogen's), nor ’ without ‘. No finding for brackets continued across
 *                 units: an opener closed in one of the next 3 units of the same document, a
 *                 closer opened in one of the 3 before (a sentence cut inside a law's
 *                 parenthesis or a quotation of several sentences), an odd " answered by one in
 *                 one of the 3 units either side.
 *   repeated      warning: an English word written twice in a row ("the the"), except words
 *                 that repeat in good English (had had, that that).
 *   spaces        info: two spaces in a row, white space at either end, a space between two
 *                 Japanese characters.
 * It reads no memory (check_unit.c gives it the unit) and prints nothing.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include "consistency.h"
#include "base/error.h"

static int enabled(const ty__checker *c, ty_check_kind k)
{
    return (c->o.checks >> k) & 1;
}

/* The script class of a code point: 1 Han, 2 kana, 3 Latin letter, 0 other. */
static int script_of(UChar32 c)
{
    UErrorCode e = U_ZERO_ERROR;
    UScriptCode sc;
    if (c < 0x80)
        return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ? 3 : 0;
    if (c == 0x30fc || c == 0x3005)
        return c == 0x3005 ? 1 : 2; /* ー 々 */
    sc = uscript_getScript(c, &e);
    if (sc == USCRIPT_HAN)
        return 1;
    if (sc == USCRIPT_HIRAGANA || sc == USCRIPT_KATAKANA)
        return 2;
    if (sc == USCRIPT_LATIN && u_isalpha(c))
        return 3;
    return 0;
}

/* Brackets: an opening one and its closing one at the same place; full-width and ASCII forms
 * of one bracket pair with each other (（…) happens). */
static const char opens[] = "(（[［{｛「『【〔《〈“‘";
static const char closes[] = ")）]］}｝」』】〕》〉”’";
static const int bracket_type[] = {0, 0, 1, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9, 10};

/* The code points of opens and closes, in their order: index_in compares code points
 * without decoding the lists each time. */
static const UChar32 open_cps[] = {'(', 0xff08, '[', 0xff3b, '{', 0xff5b, 0x300c,
                                   0x300e, 0x3010, 0x3014, 0x300a, 0x3008, 0x201c, 0x2018};
static const UChar32 close_cps[] = {')', 0xff09, ']', 0xff3d, '}', 0xff5d, 0x300d,
                                    0x300f, 0x3011, 0x3015, 0x300b, 0x3009, 0x201d, 0x2019};

/* The index of c in the code points of opens or closes, or -1. */
static int index_in(UChar32 c, const char *list)
{
    const UChar32 *v = list == opens ? open_cps : close_cps;
    if (c < '(' || (c > '}' && c < 0x2018))
        return -1;
    for (int k = 0; k < (int)(sizeof open_cps / sizeof *open_cps); k++)
        if (v[k] == c)
            return k;
    return -1;
}

/* ---- untranslated ---- */

static ty_status untranslated(ty__checker *c, const ty__unit_in *u)
{
    const char *en = u->text[1], *ja = u->text[0];
    int32_t n = (int32_t)strlen(en), i = 0, jn = (int32_t)strlen(ja);
    size_t latin = 0, japanese = 0, outside[3] = {0, 0, 0}, first = 0, last = 0, run = 0,
           longest = 0;
    int ja_punct = 0;
    int depth = 0, ja_script = 0, found = 0;
    ty__spans sp = {0};
    char msg[256];
    ty_severity sev;
    ty_status rc;

    for (int32_t k = 0; k < jn && !ja_script;) {
        UChar32 x;
        U8_NEXT(ja, k, jn, x);
        ja_script = script_of(x) == 1 || script_of(x) == 2;
    }
    if (!ja_script)
        return TY_OK;
    if (!strcmp(u->norm[0], u->norm[1])) {
        snprintf(msg, sizeof msg, "the English is the Japanese");
        return ty__emit_unit(c, u, TY_CHECK_UNTRANSLATED, NULL, TY_SEVERITY_ERROR, 1.0, msg, NULL,
                             NULL, "same");
    }
    while (i < n) {
        int32_t at = i;
        UChar32 x;
        int s;
        U8_NEXT(en, i, n, x);
        if (index_in(x, opens) >= 0 || (x == '"' && depth == 0)) {
            depth++;
            continue;
        }
        if (index_in(x, closes) >= 0 || (x == '"' && depth > 0)) {
            if (depth > 0)
                depth--;
            continue;
        }
        s = script_of(x);
        latin += s == 3;
        japanese += s == 1 || s == 2;
        run = (s == 1 || s == 2) && depth == 0 ? run + 1 : 0;
        longest = run > longest ? run : longest;
        if ((x == 0x3001 || x == 0x3002) && depth == 0 && found)
            ja_punct = 1; /* 、。 after Japanese text */
        if ((s == 1 || s == 2) && depth == 0) {
            outside[s]++;
            if (!found)
                first = (size_t)at;
            last = (size_t)i;
            found = 1;
        }
    }
    if (latin == 0 && japanese > 0) {
        snprintf(msg, sizeof msg, "the English has no English");
        return ty__emit_unit(c, u, TY_CHECK_UNTRANSLATED, NULL, TY_SEVERITY_ERROR, 1.0, msg, NULL,
                             NULL, "no-latin");
    }
    if (!found || latin == 0)
        return TY_OK;
    if ((rc = ty__span_add(c, &sp, TY_LANG_EN, en, first, last)) != TY_OK)
        return rc;
    if (outside[1] + outside[2] >= latin / 2 + 1) {
        sev = TY_SEVERITY_ERROR;
        snprintf(msg, sizeof msg, "the English is mostly Japanese");
    } else if (outside[2] >= 2 || ja_punct || longest >= 8) {
        sev = TY_SEVERITY_WARNING;
        snprintf(msg, sizeof msg, "Japanese left in the English: %.160s", sp.v[0].text);
    } else {
        sev = TY_SEVERITY_INFO;
        snprintf(msg, sizeof msg, "Japanese characters in the English: %.160s", sp.v[0].text);
    }
    return ty__emit_unit(c, u, TY_CHECK_UNTRANSLATED, &sp, sev,
                         sev == TY_SEVERITY_ERROR ? 0.95 : 0.7, msg, NULL, NULL, sp.v[0].text);
}

/* ---- tokens ---- */

typedef struct token {
    size_t start, end; /* in the normalized text */
    int type;          /* 0 URL, 1 e-mail, 2 code */
} token;

#define MAX_TOKENS 32

static int url_char(char ch)
{
    return ch > 0x20 && ch < 0x7f && !strchr("()<>[]{}\"'`|\\^", ch);
}

static int alnum(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
}

/* Whether a token is a number with an ordinal or measure suffix (22nd, 1990s, 507km, 2.3m). */
static int number_with_suffix(const char *s, size_t n)
{
    static const char *const suffixes[] = {"st", "nd", "rd", "th", "s", "km", "cm", "mm", "m",
                                           "kg", "g", "ha", "am", "pm", "ft", "mi", "lb", NULL};
    size_t k = 0;
    while (k < n && ((s[k] >= '0' && s[k] <= '9') || s[k] == '.' || s[k] == ','))
        k++;
    if (k == 0)
        return 0;
    for (size_t i = 0; suffixes[i]; i++)
        if (strlen(suffixes[i]) == n - k && !memcmp(s + k, suffixes[i], n - k))
            return 1;
    return 0;
}

/* The URLs, e-mail addresses and codes of a normalized text. */
static size_t find_tokens(const char *s, token *v)
{
    size_t n = 0, len = strlen(s), i = 0;
    while (i < len && n < MAX_TOKENS) {
        size_t j;
        if ((i == 0 || !alnum(s[i - 1])) &&
            ((s[i] == 'h' && (!strncmp(s + i, "http://", 7) || !strncmp(s + i, "https://", 8))) ||
             (s[i] == 'w' && !strncmp(s + i, "www.", 4)))) {
            for (j = i; j < len && url_char(s[j]); j++)
                ;
            while (j > i && strchr(".,;:!?", s[j - 1]))
                j--;
            v[n++] = (token){i, j, 0};
            i = j;
            continue;
        }
        if (alnum(s[i]) && (i == 0 || !(alnum(s[i - 1]) || strchr("-_/.@", s[i - 1])))) {
            int letters = 0, digits = 0, at = 0;
            for (j = i; j < len && (alnum(s[j]) || (strchr("-_/.@+", s[j]) && j + 1 < len &&
                                                      alnum(s[j + 1])));
                 j++) {
                letters += s[j] >= 'a' && s[j] <= 'z';
                digits += s[j] >= '0' && s[j] <= '9';
                at += s[j] == '@';
            }
            if (at == 1 && strchr(strchr(s + i, '@'), '.') && strchr(s + i, '@') < s + j &&
                strchr(strchr(s + i, '@'), '.') < s + j)
                v[n++] = (token){i, j, 1};
            else if (letters && digits && !at && !number_with_suffix(s + i, j - i))
                v[n++] = (token){i, j, 2};
            i = j;
            continue;
        }
        i++;
    }
    return n;
}

/* Whether the other normalized text holds the token s[0, n) as a whole token. */
static int has_token(const char *other, const char *s, size_t n)
{
    size_t ol = strlen(other);
    for (const char *p = other; *p; p++) {
        size_t at = (size_t)(p - other);
        if (strncmp(p, s, n))
            continue;
        char b = at > 0 ? other[at - 1] : ' ', a = at + n < ol ? other[at + n] : ' ';
        if (!alnum(b) && !alnum(a))
            return 1;
    }
    return 0;
}

/* Whether every digit run of the token is a number in the other text. */
static int digits_elsewhere(const char *other, const char *s, size_t n)
{
    size_t i = 0;
    int any = 0;
    while (i < n) {
        char d[24];
        size_t k = 0;
        if (!(s[i] >= '0' && s[i] <= '9')) {
            i++;
            continue;
        }
        while (i < n && s[i] >= '0' && s[i] <= '9' && k + 1 < sizeof d)
            d[k++] = s[i++];
        d[k] = '\0';
        any = 1;
        {
            int seen = 0;
            for (const char *p = strstr(other, d); p && !seen; p = strstr(p + 1, d)) {
                size_t at = (size_t)(p - other);
                seen = !(at > 0 && other[at - 1] >= '0' && other[at - 1] <= '9') &&
                       !(p[k] >= '0' && p[k] <= '9');
            }
            if (!seen)
                return 0;
        }
    }
    return any;
}

/* Where a normalized token is in the original text: the first occurrence of its first
 * characters, compared ignoring ASCII case; 0, 0 when not found. */
static void locate(const char *orig, const char *tok, size_t n, size_t *start, size_t *end)
{
    size_t ol = strlen(orig);
    *start = *end = 0;
    for (size_t i = 0; i + n <= ol; i++) {
        size_t k = 0;
        while (k < n && (orig[i + k] | (orig[i + k] >= 'A' && orig[i + k] <= 'Z' ? 0x20 : 0)) ==
                            tok[k])
            k++;
        if (k == n) {
            *start = i;
            *end = i + n;
            return;
        }
    }
}

static ty_status tokens(ty__checker *c, const ty__unit_in *u)
{
    static const char *const names[] = {"URL", "e-mail address", "code"};
    token t[2][MAX_TOKENS];
    size_t nt[2];
    uint8_t missing[2][MAX_TOKENS];
    int has_type[2][3] = {{0}}, missing_type[2][3] = {{0}};
    ty__spans sp = {0};
    char msg[400] = "", detail[600] = "";
    ty_severity sev = TY_SEVERITY_INFO;
    int any = 0;
    ty_status rc;

    for (int l = 0; l < 2; l++) {
        nt[l] = find_tokens(u->norm[l], t[l]);
        for (size_t k = 0; k < nt[l]; k++)
            has_type[l][t[l][k].type] = 1;
    }
    if (!nt[0] && !nt[1])
        return TY_OK;
    for (int l = 0; l < 2; l++)
        for (size_t k = 0; k < nt[l]; k++) {
            const token *x = &t[l][k];
            missing[l][k] = !has_token(u->norm[!l], u->norm[l] + x->start, x->end - x->start);
            missing_type[l][x->type] |= missing[l][k];
        }
    for (int l = 0; l < 2; l++)
        for (size_t k = 0; k < nt[l]; k++) {
            const token *x = &t[l][k];
            const char *s = u->norm[l] + x->start;
            size_t n = x->end - x->start, a, b, ml, dl;
            ty_severity ks;
            if (!missing[l][k])
                continue;
            if (x->type == 2)
                /* a code the other side does not have is translated (COVID-19, G7) unless the
                 * other side has a code of its own in its place */
                ks = missing_type[!l][2] && !digits_elsewhere(u->norm[!l], s, n)
                         ? TY_SEVERITY_WARNING
                         : TY_SEVERITY_INFO;
            else
                ks = has_type[!l][x->type] ? TY_SEVERITY_ERROR : TY_SEVERITY_WARNING;
            if (!any || ks > sev)
                sev = ks;
            any = 1;
            locate(u->text[l], s, n, &a, &b);
            if ((rc = ty__span_add(c, &sp, (ty_lang)l, u->text[l], a, b)) != TY_OK)
                return rc;
            ml = strlen(msg);
            snprintf(msg + ml, sizeof msg - ml, "%s%s %.*s in the %s only", ml ? "; " : "",
                     names[x->type], (int)(n > 100 ? 100 : n), s, l ? "English" : "Japanese");
            dl = strlen(detail);
            snprintf(detail + dl, sizeof detail - dl, "%c%.*s\x1e", l ? 'e' : 'j',
                     (int)(n > 200 ? 200 : n), s);
        }
    if (!any)
        return TY_OK;
    return ty__emit_unit(c, u, TY_CHECK_TOKENS, &sp, sev,
                         sev == TY_SEVERITY_ERROR ? 0.9 : sev == TY_SEVERITY_WARNING ? 0.75 : 0.3,
                         msg, NULL, NULL, detail);
}

/* ---- brackets ---- */

/* Whether the closer at byte i ends a list marker at the start ("1)", "a）", "(1)" is paired). */
static int list_marker(const char *s, size_t i)
{
    size_t k = 0;
    while (k < i && (s[k] == ' ' || s[k] == '\t'))
        k++;
    if (i - k == 0 || i - k > 3)
        return 0;
    for (size_t j = k; j < i; j++) {
        unsigned char ch = (unsigned char)s[j];
        if (!((ch >= '0' && ch <= '9') || ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z')))
            return 0;
    }
    return 1;
}

/* A bracket of one side that its text does not pair: an opener left open, a closer without
 * its opener, or the last of an odd number of ASCII double quotes (type QUOTE). */
enum { QUOTE = 100, MAX_UNPAIRED = 64 };
/* A bracket continues over at most SPAN more units. */
enum { SPAN = 3 };
typedef struct unpaired {
    int type, open;
    size_t at, len;
} unpaired;

/* The unpaired brackets of s in text order, at most MAX_UNPAIRED (the rest are not kept). */
static size_t unpaired_in(const char *s, unpaired *v)
{
    int32_t n = (int32_t)strlen(s), i = 0;
    size_t depth = 0, kept = 0, quotes = 0, last_quote = 0;
    unpaired stack[MAX_UNPAIRED];
    int curly_single = strstr(s, "‘") != NULL;

    while (i < n) {
        int32_t at = i;
        UChar32 x;
        int o, cl;
        U8_NEXT(s, i, n, x);
        if (x == '"') {
            quotes++;
            last_quote = (size_t)at;
            continue;
        }
        if ((x == 0x2018 || x == 0x2019) && !curly_single)
            continue;
        if (x == 0x2019 && at > 0 && i < n && u_isalpha((UChar32)(unsigned char)s[at - 1]) &&
            u_isalpha((UChar32)(unsigned char)s[i]))
            continue; /* an apostrophe: don’t */
        o = index_in(x, opens);
        cl = index_in(x, closes);
        o = o >= 0 ? bracket_type[o] : -1;
        cl = cl >= 0 ? bracket_type[cl] : -1;
        if (o >= 0) {
            if (depth < MAX_UNPAIRED)
                stack[depth] = (unpaired){o, 1, (size_t)at, (size_t)(i - at)};
            depth++;
        } else if (cl >= 0) {
            size_t d = depth;
            /* the nearest opener of this type */
            while (d > 0 && (d > MAX_UNPAIRED || stack[d - 1].type != cl))
                d--;
            if (d > 0)
                depth = d - 1;
            else if (!list_marker(s, (size_t)at) && kept < MAX_UNPAIRED)
                v[kept++] = (unpaired){cl, 0, (size_t)at, (size_t)(i - at)};
        }
    }
    for (size_t d = 0; d < depth && d < MAX_UNPAIRED && kept < MAX_UNPAIRED; d++)
        v[kept++] = stack[d];
    if (quotes % 2 && kept < MAX_UNPAIRED)
        v[kept++] = (unpaired){QUOTE, 1, last_quote, 1};
    return kept;
}

/* Brackets continued across units: a sentence cut inside brackets or quotes (a law's long
 * parenthesis, a quotation of several sentences) leaves an opener in one unit and its closer in
 * a later unit of the same document (ty__unit_neighbours). */

/* Whether the openers v[0, n) (those of type != QUOTE) are closed by the unpaired brackets of
 * the following texts next[0, nn), in order: a closer pairs with the innermost opener left
 * (the following texts' own openers first); a closer of another type breaks the chain. With
 * dir < 0 the same backwards: closers v[] opened by the preceding texts (nearest first). */
static int continued(const unpaired *v, size_t n, const char *const *next, size_t nn, int dir)
{
    int ours[MAX_UNPAIRED], theirs[MAX_UNPAIRED];
    size_t no = 0, nt = 0;
    unpaired w[MAX_UNPAIRED];

    /* forward, ours is a stack (innermost last); backward, the first closer pairs first */
    for (size_t k = 0; k < n; k++) {
        size_t at = dir > 0 ? k : n - 1 - k;
        if (v[at].type != QUOTE)
            ours[no++] = v[at].type;
    }
    for (size_t t = 0; t < nn && t < SPAN && no; t++) {
        size_t m = unpaired_in(next[t], w);
        for (size_t k = 0; k < m && no; k++) {
            const unpaired *x = &w[dir > 0 ? k : m - 1 - k];
            if (x->type == QUOTE)
                continue;
            if (x->open == (dir > 0)) { /* opens (closes, backwards) something of its own */
                if (nt < MAX_UNPAIRED)
                    theirs[nt++] = x->type;
                continue;
            }
            if (nt) {
                if (theirs[nt - 1] != x->type)
                    return 0;
                nt--;
            } else if (ours[no - 1] == x->type) {
                no--;
            } else {
                return 0;
            }
        }
    }
    return no == 0;
}

/* Whether an odd ASCII double quote of the unit is answered by an odd one in one of the SPAN
 * units on one side. */
static int quote_continued(const char *const *near, size_t n)
{
    unpaired w[MAX_UNPAIRED];
    for (size_t t = 0; t < n && t < SPAN; t++) {
        size_t m = unpaired_in(near[t], w);
        if (m && w[m - 1].type == QUOTE)
            return 1;
    }
    return 0;
}

/* The unpaired brackets of one side, judged against one occurrence's neighbours. */
typedef struct unpaired_side {
    unpaired *v;
    size_t n;
} unpaired_side;

static int continued_here(void *ud, const char *const *before, size_t nb, const char *const *after,
                          size_t na)
{
    const unpaired_side *p = ud;
    /* unpaired_in lists the closers first, then the openers, then a quote */
    size_t nc = 0, no;
    int quote = p->v[p->n - 1].type == QUOTE;
    while (nc < p->n && !p->v[nc].open)
        nc++;
    no = p->n - nc - (size_t)quote;
    return (nc == 0 || continued(p->v, nc, before, nb, -1)) &&
           (no == 0 || continued(p->v + nc, no, after, na, 1)) &&
           (!quote || quote_continued(before, nb) || quote_continued(after, na));
}

/* Mark as continued (type -1) the unpaired brackets v[0, n) of side l that the unit's
 * neighbours in some document close or open. */
static ty_status mark_continued(ty__checker *c, const ty__unit_in *u, ty_lang l, unpaired *v,
                                size_t n)
{
    unpaired_side side = {v, n};
    int hit = 0;
    ty_status rc = ty__unit_neighbours(c, u->id, l, continued_here, &side, &hit);
    if (rc == TY_OK && hit)
        for (size_t k = 0; k < n; k++)
            v[k].type = -1;
    return rc;
}

static ty_status brackets_side(ty__checker *c, const ty__unit_in *u, ty_lang l, ty__spans *sp,
                               char *detail, size_t dcap, int *found, int *open_left,
                               int *closed_extra)
{
    unpaired v[MAX_UNPAIRED];
    size_t n = unpaired_in(u->text[l], v);
    ty_status rc;

    if (n && (rc = mark_continued(c, u, l, v, n)) != TY_OK)
        return rc;
    for (size_t k = 0; k < n; k++) {
        size_t dl = strlen(detail);
        if (v[k].type < 0)
            continue;
        if ((rc = ty__span_add(c, sp, l, u->text[l], v[k].at, v[k].at + v[k].len)) != TY_OK)
            return rc;
        if (v[k].type == QUOTE)
            snprintf(detail + dl, dcap - dl, "%c\"\x1e", l ? 'e' : 'j');
        else
            snprintf(detail + dl, dcap - dl, "%c%c%d\x1e", l ? 'e' : 'j', v[k].open ? '(' : ')',
                     v[k].type);
        *found = 1;
        if (v[k].open)
            (*open_left)++;
        else
            (*closed_extra)++;
    }
    return TY_OK;
}

static ty_status brackets(ty__checker *c, const ty__unit_in *u)
{
    ty__spans sp = {0};
    char detail[512] = "", msg[400] = "";
    int found = 0, open_left[2] = {0, 0}, closed_extra[2] = {0, 0};
    ty_severity sev = TY_SEVERITY_WARNING;
    ty_status rc;

    for (int l = 0; l < 2; l++)
        if ((rc = brackets_side(c, u, (ty_lang)l, &sp, detail, sizeof detail, &found,
                                &open_left[l], &closed_extra[l])) != TY_OK)
            return rc;
    if (!found)
        return TY_OK;
    /* both sides open (or close) the same brackets: a sentence cut inside brackets */
    if (open_left[0] == open_left[1] && closed_extra[0] == closed_extra[1])
        sev = TY_SEVERITY_INFO;
    for (size_t k = 0; k < sp.n && k < 8; k++) {
        size_t ml = strlen(msg);
        snprintf(msg + ml, sizeof msg - ml, "%s%s in the %s", ml ? "; " : "unpaired ",
                 sp.v[k].text, sp.v[k].lang == TY_LANG_JA ? "Japanese" : "English");
    }
    return ty__emit_unit(c, u, TY_CHECK_BRACKETS, &sp, sev, sev == TY_SEVERITY_INFO ? 0.2 : 0.5, msg,
                         NULL, NULL, detail);
}

/* ---- repeated words ---- */

static ty_status repeated(ty__checker *c, const ty__unit_in *u)
{
    static const char *const fine[] = {"had", "that", "very", "so", "no", "bye", "ha", "well",
                                       "many", "more", "again", "there", NULL};
    const char *s = u->text[1];
    size_t n = strlen(s), i = 0, ps = 0, pe = 0;
    ty__spans sp = {0};
    char msg[200] = "", detail[256] = "";
    int outside = 0;
    ty_status rc;

    while (i < n) {
        size_t ws, we, gap;
        while (i < n && !((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z'))
            i++;
        ws = i;
        while (i < n && (((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z') || s[i] == '\''))
            i++;
        we = i;
        if (we == ws)
            break;
        gap = ws - pe;
        if (pe > ps && we - ws == pe - ps && gap >= 1 && strspn(s + pe, " ") == gap &&
            !strncasecmp(s + ps, s + ws, we - ws) &&
            !(ws > 0 && (unsigned char)s[ws - 1] >= 0x80)) {
            int ok = 0;
            for (size_t k = 0; fine[k] && !ok; k++)
                ok = strlen(fine[k]) == we - ws && !strncasecmp(fine[k], s + ws, we - ws);
            if (!ok) {
                size_t ml = strlen(msg), dl = strlen(detail), depth = 0;
                for (size_t k = 0; k < ps; k++)
                    depth += s[k] == '(' ? 1 : s[k] == ')' && depth ? (size_t)-1 : 0;
                outside |= depth == 0;
                if ((rc = ty__span_add(c, &sp, TY_LANG_EN, s, ps, we)) != TY_OK)
                    return rc;
                snprintf(msg + ml, sizeof msg - ml, "%s\"%.*s\"", ml ? ", " : "repeated: ",
                         (int)(we - ps > 60 ? 60 : we - ps), s + ps);
                snprintf(detail + dl, sizeof detail - dl, "%.*s\x1e", (int)(we - ws > 60 ? 60 : we - ws),
                         s + ws);
            }
        }
        ps = ws;
        pe = we;
    }
    if (!sp.n)
        return TY_OK;
    /* inside brackets it may be a name (Plecoglossus altivelis altivelis) */
    return ty__emit_unit(c, u, TY_CHECK_REPEATED, &sp,
                         outside ? TY_SEVERITY_WARNING : TY_SEVERITY_INFO, outside ? 0.4 : 0.2, msg,
                         NULL, NULL, detail);
}

/* ---- white space ---- */

static ty_status spaces(ty__checker *c, const ty__unit_in *u)
{
    ty__spans sp = {0};
    char msg[200] = "", detail[64] = "";
    int what[4] = {0, 0, 0, 0}; /* double, leading, trailing, between Japanese */
    ty_status rc;

    for (int l = 0; l < 2; l++) {
        const char *s = u->text[l];
        int32_t n = (int32_t)strlen(s), i = 0;
        UChar32 prev = 0;
        int32_t prev_at = -1;
        while (i < n) {
            int32_t at = i;
            UChar32 x;
            U8_NEXT(s, i, n, x);
            if (u_isUWhiteSpace(x)) {
                int32_t j = i;
                UChar32 y = 0;
                int run = 1;
                while (j < n) {
                    int32_t k = j;
                    U8_NEXT(s, k, n, y);
                    if (!u_isUWhiteSpace(y))
                        break;
                    run++;
                    j = k;
                }
                if (at == 0 || j == n) {
                    if ((rc = ty__span_add(c, &sp, (ty_lang)l, s, (size_t)at, (size_t)j)))
                        return rc;
                    what[at == 0 ? 1 : 2] = 1;
                } else if (run >= 2 && !(l == TY_LANG_JA && x == 0x3000 && run == 1)) {
                    if ((rc = ty__span_add(c, &sp, (ty_lang)l, s, (size_t)at, (size_t)j)))
                        return rc;
                    what[0] = 1;
                } else if (l == TY_LANG_JA && x == ' ' && prev_at >= 0) {
                    int32_t k = j;
                    int before = script_of(prev), after;
                    U8_NEXT(s, k, n, y);
                    after = script_of(y);
                    if ((before == 1 || before == 2) && (after == 1 || after == 2)) {
                        if ((rc = ty__span_add(c, &sp, (ty_lang)l, s, (size_t)at, (size_t)j)))
                            return rc;
                        what[3] = 1;
                    }
                }
                i = j;
                continue;
            }
            prev = x;
            prev_at = at;
        }
    }
    if (!sp.n)
        return TY_OK;
    {
        static const char *const names[] = {"double spaces", "leading white space",
                                            "trailing white space",
                                            "a space between Japanese characters"};
        size_t dl = 0;
        for (int k = 0; k < 4; k++)
            if (what[k]) {
                size_t ml = strlen(msg);
                snprintf(msg + ml, sizeof msg - ml, "%s%s", ml ? ", " : "", names[k]);
                detail[dl++] = (char)('0' + k);
            }
        detail[dl] = '\0';
    }
    return ty__emit_unit(c, u, TY_CHECK_SPACES, &sp, TY_SEVERITY_INFO, 0.2, msg, NULL, NULL,
                         detail);
}

ty_status ty__check_text(ty__checker *c, const ty__unit_in *u)
{
    ty_status rc = TY_OK;
    if (enabled(c, TY_CHECK_UNTRANSLATED))
        rc = untranslated(c, u);
    if (rc == TY_OK && enabled(c, TY_CHECK_TOKENS))
        rc = tokens(c, u);
    if (rc == TY_OK && enabled(c, TY_CHECK_BRACKETS))
        rc = brackets(c, u);
    if (rc == TY_OK && enabled(c, TY_CHECK_REPEATED))
        rc = repeated(c, u);
    if (rc == TY_OK && enabled(c, TY_CHECK_SPACES))
        rc = spaces(c, u);
    return rc;
}
