/*
 * check_numbers.c — the numbers check: a number, date, time or era year written on one
 * side of a unit and not on the other. Both sides go through the aligner's number anchors
 * (anchors/numbers.c via ty__anchors_extract), which normalize across scripts: 1,000 = １，０００ =
 * 千人 = a thousand, 8 = eight = 八つ, 令和6年 = 2024, 3月 = March, 15時 = 3 p.m. The keys are
 * compared as sets: a number written on one side and nowhere on the other is a finding; one
 * written more often on one side is not (寛元2年（1244年） gives 1244 twice, "in 1244" once).
 * Left out, as they are no evidence of an error:
 *   - the numbers 0 and 1 (一つ, 一人, 第一 have no number in "one", "a", "first");
 *   - a number whose digits appear inside a token of the other side (2024年度 / FY2024,
 *     ７か国 / G7, 19 / COVID-19), where the anchors see a Latin token instead.
 * A mismatch is shown as written: the shortest stretch of the text whose anchors hold its key
 * (binary searches over prefixes, then suffixes, see locate), so the report says 千人 or
 * "eight" without a second number parser here.
 * It does not compare names or words (the aligner's other anchors).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/utf8.h>

#include "anchors/anchors.h"
#include "consistency.h"
#include "base/error.h"

/* Texts longer than this are checked but a mismatch in them is not located. */
#define LOCATE_MAX 4096
/* The longest a written number is looked for (in characters: "two thousand and twenty-four"). */
#define NUMBER_CHARS 40

typedef struct numcheck {
    ty_anchor_ctx *ctx;
    ty_anchor_set set[2], probe;
    uint32_t ignore[2];
} numcheck;

/* The NUMBER keys of a sorted set: [*lo, *hi). */
static void number_range(const ty_anchor_set *s, size_t *lo, size_t *hi)
{
    size_t i = 0, j;
    while (i < s->n && s->v[i].kind != TY_ANCHOR_NUMBER)
        i++;
    for (j = i; j < s->n && s->v[j].kind == TY_ANCHOR_NUMBER; j++)
        ;
    *lo = i;
    *hi = j;
}

static ty_status extract(numcheck *nc, ty_lang lang, const char *s, size_t n, ty_anchor_set *out)
{
    out->n = 0;
    return ty__anchors_extract(nc->ctx, lang, s, n, out);
}

/* Whether s[0, n) has the number key. */
static int has_key(numcheck *nc, ty_lang lang, const char *s, size_t n, uint32_t key)
{
    size_t lo, hi;
    if (extract(nc, lang, s, n, &nc->probe) != TY_OK)
        return 0;
    number_range(&nc->probe, &lo, &hi);
    for (size_t i = lo; i < hi; i++)
        if (nc->probe.v[i].key == key)
            return 1;
    return 0;
}

/* The shortest stretch [*start, *end) of text that holds the key; 0 when not located. Two
 * binary searches over the character boundaries: the shortest prefix that has the key, then
 * the shortest suffix of it that still has it. A number's key appears once its last character
 * is read and stays (nearly always: 3 becomes 3月), so this finds a stretch with the key in
 * O(log n) extractions; it is always checked, and is the shortest when keys are monotone. */
static int locate(numcheck *nc, ty_lang lang, const char *text, size_t len, uint32_t key,
                  size_t *start, size_t *end)
{
    size_t *b, m = 0, lo, hi, e;

    if (len == 0 || len > LOCATE_MAX || !(b = malloc((len + 1) * sizeof *b)))
        return 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)text[i] & 0xc0) != 0x80)
            b[m++] = i;
    b[m] = len; /* boundaries b[0..m]; prefixes end at b[1..m] */
    lo = 1; /* the whole text has the key (compare found it there) */
    hi = m;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (has_key(nc, lang, text, b[mid], key))
            hi = mid;
        else
            lo = mid + 1;
    }
    e = b[hi];
    /* the largest j < hi with the key in text[b[j], e) (j = 0 has it); a number is written in
     * fewer than NUMBER_CHARS characters, so the search starts there */
    lo = hi > NUMBER_CHARS && has_key(nc, lang, text + b[hi - NUMBER_CHARS],
                                      e - b[hi - NUMBER_CHARS], key)
             ? hi - NUMBER_CHARS
             : 0;
    hi = hi - 1;
    while (lo < hi) {
        size_t mid = (lo + hi + 1) / 2;
        if (has_key(nc, lang, text + b[mid], e - b[mid], key))
            lo = mid;
        else
            hi = mid - 1;
    }
    *start = b[lo];
    *end = e;
    free(b);
    return 1;
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Whether the first digit run of the normalized surface appears in the other side's
 * normalized text glued to a letter (FY2024, G7, COVID-19). */
static int digits_in_token(const char *surface, size_t slen, const char *other)
{
    char digits[64];
    size_t k = 0, i = 0, dl;
    char *norm = ty_normalize(surface, slen, NULL);

    if (!norm)
        return 0;
    while (norm[i] && !is_digit(norm[i]))
        i++;
    while (k + 1 < sizeof digits &&
           (is_digit(norm[i]) || (norm[i] == ',' && is_digit(norm[i + 1]))))
        if (norm[i++] != ',')
            digits[k++] = norm[i - 1];
    digits[k] = '\0';
    free(norm);
    if ((dl = k) == 0)
        return 0;
    for (const char *p = strstr(other, digits); p; p = strstr(p + 1, digits)) {
        size_t at = (size_t)(p - other);
        int before = at > 0 && (is_letter(other[at - 1]) ||
                                (at > 1 && other[at - 1] == '-' && is_letter(other[at - 2])));
        if ((at > 0 && is_digit(other[at - 1])) || is_digit(p[dl]))
            continue;
        if (before || is_letter(p[dl]))
            return 1;
    }
    return 0;
}

typedef struct numbers_out {
    ty_check_number *v;
    size_t n, cap;
} numbers_out;

static ty_status add_mismatch(numcheck *nc, ty_lang lang, const char *text, const char *other_norm,
                              uint32_t key, size_t count, ty__arena *a, numbers_out *out,
                              ty_error *err)
{
    size_t s = 0, e = 0;
    ty_check_number *m;
    int found = locate(nc, lang, text, strlen(text), key, &s, &e);

    if (found && digits_in_token(text + s, e - s, other_norm))
        return TY_OK;
    if (out->n == out->cap) {
        size_t cap = out->cap ? out->cap * 2 : 4;
        ty_check_number *v = ty__arena_alloc(a, cap * sizeof *v);
        if (!v)
            return ty__nomem(err);
        if (out->n)
            memcpy(v, out->v, out->n * sizeof *v);
        out->v = v;
        out->cap = cap;
    }
    m = &out->v[out->n++];
    m->lang = lang;
    m->start = found ? s : 0;
    m->end = found ? e : 0;
    m->text = ty__arena_strndup(a, text + m->start, m->end - m->start);
    m->count = count;
    return m->text ? TY_OK : ty__nomem(err);
}

/* Compare the number keys of both sides of one unit. */
static ty_status compare(numcheck *nc, const char *const text[2], const char *const norm[2],
                         ty__arena *a, numbers_out *out, ty_error *err)
{
    size_t lo[2], hi[2], i, j;
    ty_status rc = TY_OK;

    out->n = 0;
    for (int l = 0; l < 2; l++) {
        if ((rc = extract(nc, (ty_lang)l, text[l], strlen(text[l]), &nc->set[l])) != TY_OK)
            return rc == TY_ERR_NOMEM ? ty__nomem(err)
                                      : ty__fail(err, rc, NULL, -1, -1, "reading numbers");
        number_range(&nc->set[l], &lo[l], &hi[l]);
    }
    i = lo[0];
    j = lo[1];
    while ((i < hi[0] || j < hi[1]) && rc == TY_OK) {
        const ty_anchor *x = i < hi[0] ? &nc->set[0].v[i] : NULL;
        const ty_anchor *y = j < hi[1] ? &nc->set[1].v[j] : NULL;
        uint32_t key = x && (!y || x->key <= y->key) ? x->key : y->key;
        size_t c[2] = {0, 0};
        while (i < hi[0] && nc->set[0].v[i].key == key) {
            c[0]++;
            i++;
        }
        while (j < hi[1] && nc->set[1].v[j].key == key) {
            c[1]++;
            j++;
        }
        if ((c[0] && c[1]) || key == nc->ignore[0] || key == nc->ignore[1])
            continue; /* on both sides (maybe not as often: 寛元2年（1244年） / 1244) */
        if (c[0])
            rc = add_mismatch(nc, TY_LANG_JA, text[0], norm[1], key, c[0], a, out, err);
        else
            rc = add_mismatch(nc, TY_LANG_EN, text[1], norm[0], key, c[1], a, out, err);
    }
    return rc;
}

static const char sql_all[] =
    "SELECT id, ja, en, coalesce(ja_norm, ja), coalesce(en_norm, en) FROM unit_text ORDER BY id";
static const char sql_doc[] =
    "SELECT t.id, t.ja, t.en, coalesce(t.ja_norm, t.ja), coalesce(t.en_norm, t.en) FROM"
    " (SELECT o.unit AS unit, min(o.document) AS d, min(o.position) AS p FROM occurrences o"
    "  JOIN documents d ON d.id = o.document WHERE d.name = ?1 GROUP BY o.unit) x"
    " JOIN unit_text t ON t.id = x.unit ORDER BY x.d, x.p";

static const char *col(sqlite3_stmt *st, int i)
{
    const char *s = (const char *)sqlite3_column_text(st, i);
    return s ? s : "";
}

ty_status ty__check_numbers(ty_tm *tm, ty__entry_reader *rd, const char *only_doc, ty_check_fn fn,
                            void *ud, ty_check_counts *counts, ty_error *err)
{
    numcheck nc = {0};
    sqlite3_stmt *st = NULL;
    ty__arena a = {0};
    numbers_out nums = {0};
    ty_status rc;
    int step = SQLITE_DONE;

    if ((rc = ty__anchor_ctx_new(NULL, &nc.ctx, err)) != TY_OK)
        return rc;
    nc.ignore[0] = ty__anchor_key(TY_ANCHOR_NUMBER, "n0", 2);
    nc.ignore[1] = ty__anchor_key(TY_ANCHOR_NUMBER, "n1", 2);
    if ((rc = ty__tm_prepare(tm, only_doc ? sql_doc : sql_all, &st, err)) != TY_OK)
        goto done;
    if (only_doc)
        sqlite3_bind_text(st, 1, only_doc, -1, SQLITE_STATIC);
    while (rc == TY_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *text[2] = {col(st, 1), col(st, 2)}, *norm[2] = {col(st, 3), col(st, 4)};
        ty_tm_entry e;
        ty__entry_norm nm;
        ty_check_finding f;

        ty__arena_clear(&a);
        nums.v = NULL;
        nums.cap = 0;
        if ((rc = compare(&nc, text, norm, &a, &nums, err)) != TY_OK || nums.n == 0)
            continue;
        if ((rc = ty__entry_read(rd, sqlite3_column_int64(st, 0), NULL, -1, &a, &e, &nm, err)))
            break;
        memset(&f, 0, sizeof f);
        f.kind = TY_CHECK_NUMBERS;
        f.units = &e;
        f.nunits = 1;
        f.numbers = nums.v;
        f.nnumbers = nums.n;
        counts->findings[TY_CHECK_NUMBERS]++;
        rc = fn(&f, ud);
    }
    if (rc == TY_OK && step != SQLITE_DONE)
        rc = ty__tm_fail(tm, err, "reading the units");
done:
    sqlite3_finalize(st);
    ty__arena_clear(&a);
    ty__anchor_set_free(&nc.set[0]);
    ty__anchor_set_free(&nc.set[1]);
    ty__anchor_set_free(&nc.probe);
    ty__anchor_ctx_free(nc.ctx);
    return rc;
}
