/*
 * numbers.c — the numbers check of one unit: the quantities of both sides (quantities.c)
 * matched by value, then the rules that tell a translator's ordinary work from a mistake.
 *
 * Matching: a number, a year and a day match by value (2024 = 令和6年; the 22 of 22日 = the 22
 * of "September 22"), a month, a time or a duration (in minutes: 1時間30分 = 90 minutes) only
 * their own kind; a second reading counts too (9割 = 90 percent or 9; 2時間 = two hours or 2).
 * A side that writes a figure twice and the other once is no finding (寛元2年（1244年）/ 1244).
 *
 * What is left out (no finding):
 *   - a date or figure written again in brackets or after a slash (1333年（元弘3）, 延元3年/
 *     建武5年, 永仁元年1月29日（1293年3月8日）) when a writing of the same kind matches;
 *   - the month or year an English date gains when the rest of it matches (22日 / September
 *     22), and years, months, days and small numbers the English gives for a Japanese relative
 *     date or reference (来年 / 2025; 前条 / article 4), or the Japanese for an English one;
 *   - an English year within an era the Japanese names without a year (元禄 / 1693);
 *   - a figure a speaker corrects (約2時間…失礼しました、約3時間です / about three hours);
 *   - a count of days the dates already give (2月21日及び22日の2日間 / February 21 and 22);
 *   - digits the other side writes inside a token (2024年度 / FY2024, 7か国 / G7);
 *   - an English word that may render a figure but says nothing by itself (both, pair,
 *     twice, bilateral) when no figure of the Japanese matches it.
 * What is only worth a look (info): figures in words under 100 (the two leaders, 三柱), two or
 * three things counted (3か国 / Japan, China and the ROK), ordinals and Roman numerals (World
 * War II), numerals in names (東山三十六峰, the Seven Great Temples), vague figures (数百年,
 * hundreds), English figures in brackets (a translator's gloss), the month and day of a
 * lunisolar date (before 1873), a year a matched date leaves out, figures next to a measure
 * when the other side has an unmatched measure (5丈1尺 / 15.3 meters: converted; 5000メートル /
 * 5 km, but not 5キロ / 6 km), a Japanese 1 with a counter outside a date (1日当たり / per day: an
 * article renders it), and figures of the English only that the Japanese of a unit within 8
 * positions of the same document writes (a translator restating what the document said
 * before: "the 36 mountains" a few sentences after 「東山三十六峰」).
 * Severity: error when both sides have a figure the other lacks, of comparable kinds (1,234 /
 * 1,235; 300万ドル / 2 million dollars); warning when one side has one (a clause cut), or when
 * both sides have a weak figure of one class, neither a name, vague nor converted (第3回 / the
 * fourth); info for the rest. It reads the memory only for a unit's neighbours (units.c) and
 * does not print.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "consistency.h"
#include "quantities.h"
#include "base/error.h"

enum { M_OPEN = 0, M_MATCHED, M_EXCUSED, M_WEAK };

struct ty__numbers_state {
    ty__qreader *r;
    ty__qtys q[2];
    ty__qtys near;  /* a neighbouring unit's Japanese quantities */
    int converted;  /* figures made weak as a conversion (measures, a lunisolar date) */
    uint8_t *mark[2];
    size_t *set[2]; /* alt_sets */
    size_t cap[2];
};

ty_status ty__numbers_state_new(struct ty__numbers_state **out, ty_error *err)
{
    struct ty__numbers_state *ns = calloc(1, sizeof *ns);
    ty_status rc;
    if (!ns)
        return ty__nomem(err);
    if ((rc = ty__qreader_new(&ns->r, err)) != TY_OK) {
        free(ns);
        return rc;
    }
    *out = ns;
    return TY_OK;
}

void ty__numbers_state_free(struct ty__numbers_state *ns)
{
    if (!ns)
        return;
    ty__qreader_free(ns->r);
    ty__qtys_free(&ns->q[0]);
    ty__qtys_free(&ns->q[1]);
    ty__qtys_free(&ns->near);
    free(ns->mark[0]);
    free(ns->mark[1]);
    free(ns->set[0]);
    free(ns->set[1]);
    free(ns);
}

static int same(double a, double b)
{
    return fabs(a - b) <= 1e-9 * (fabs(a) > 1 ? fabs(a) : 1);
}

/* The kind's class: quantities of one class can be compared (and mistaken for each other). */
static int kind_class(int k)
{
    return k == TY__Q_MONTH ? 1 : k == TY__Q_TIME ? 2 : k == TY__Q_DURATION ? 3 : 0;
}

static int matches(const ty__qty *a, const ty__qty *b)
{
    int ca = kind_class(a->kind), cb = kind_class(b->kind);
    if (ca == cb)
        return same(a->value, b->value) || (a->alt >= 0 && same(a->alt, b->value)) ||
               (b->alt >= 0 && same(a->value, b->alt)) ||
               (a->alt >= 0 && b->alt >= 0 && same(a->alt, b->alt));
    /* a duration's count of hours against a plain number: 2時間 / "a two-hour meeting" is read
     * as a duration on both sides, "2" alone is not */
    if (ca == 3 && cb == 0)
        return a->alt >= 0 && same(a->alt, b->value);
    if (cb == 3 && ca == 0)
        return b->alt >= 0 && same(b->alt, a->value);
    return 0;
}

/* Whether the digits of the quantity's text appear in `other` glued to a Latin letter (FY2024,
 * G7, COVID-19). */
static int digits_in_token(const char *text, const ty__qty *x, const char *other)
{
    char digits[32];
    size_t k = 0, dl;
    char *norm = ty_normalize(text + x->start, x->end - x->start, NULL);

    if (!norm)
        return 0;
    for (const char *p = norm; *p && k + 1 < sizeof digits; p++) {
        if (*p >= '0' && *p <= '9')
            digits[k++] = *p;
        else if (k && *p != ',')
            break;
    }
    digits[k] = '\0';
    free(norm);
    if ((dl = k) == 0)
        return 0;
    for (const char *p = strstr(other, digits); p; p = strstr(p + 1, digits)) {
        size_t at = (size_t)(p - other);
        char b1 = at > 0 ? other[at - 1] : ' ', b2 = at > 1 ? other[at - 2] : ' ', a1 = p[dl];
        int letter_before = (b1 >= 'a' && b1 <= 'z') || (b1 == '-' && b2 >= 'a' && b2 <= 'z');
        if ((b1 >= '0' && b1 <= '9') || (a1 >= '0' && a1 <= '9'))
            continue;
        if (letter_before || (a1 >= 'a' && a1 <= 'z'))
            return 1;
    }
    return 0;
}

/* Whether two writings of one date or figure can be of these kinds: the same, or a year and a
 * number (天武天皇2年（673年）). */
static int alt_kinds(int a, int b)
{
    return a == b || ((a == TY__Q_NUM || a == TY__Q_YEAR) && (b == TY__Q_NUM || b == TY__Q_YEAR));
}

/* Sets of writings of one date or figure: a quantity that repeats another (alt_of) is in one set
 * with it and with the rest of that one's date (union-find over the indices, in set[]). */
static size_t find_set(size_t *set, size_t i)
{
    while (set[i] != i)
        i = set[i] = set[set[i]];
    return i;
}

static void alt_sets(const ty__qtys *q, size_t *set)
{
    for (size_t i = 0; i < q->n; i++)
        set[i] = i;
    for (size_t i = 0; i < q->n; i++) {
        int32_t t = q->v[i].alt_of;
        if (t < 0)
            continue;
        set[find_set(set, i)] = find_set(set, (size_t)t);
        for (size_t k = 0; k < q->n; k++)
            if (q->v[t].date >= 0 && q->v[k].date == q->v[t].date)
                set[find_set(set, k)] = find_set(set, (size_t)t);
    }
}

static int weak(const ty__qty *x, ty_lang lang)
{
    if (x->flags & (TY__QF_NAME | TY__QF_ORDINAL | TY__QF_VAGUE | TY__QF_SMALLCOUNT))
        return 1;
    if (lang == TY_LANG_EN && (x->flags & TY__QF_PAREN))
        return 1;
    return (x->flags & TY__QF_WORD) && !(x->value >= 100 || (x->flags & TY__QF_SCALED)) &&
           !(x->kind == TY__Q_MONTH || x->kind == TY__Q_TIME);
}

static int is_datelike(const ty__qty *x, int english_num)
{
    if (x->kind == TY__Q_YEAR || x->kind == TY__Q_MONTH || x->kind == TY__Q_DAY)
        return 1;
    return english_num && x->kind == TY__Q_NUM &&
           ((x->value >= 1 && x->value <= 31) || (x->value >= 1800 && x->value <= 2100)) &&
           x->value == floor(x->value);
}

/* Whether the English gives a range of n years that starts on a year of the unit
 * (令和5年から2年間 / 2023-2024); the range's open end is marked excused. */
static int year_range(const ty__qtys *q, uint8_t *const mk[2], double n)
{
    for (size_t a = 0; a < q[1].n; a++) {
        const ty__qty *y = &q[1].v[a];
        if (mk[1][a] != M_OPEN || y->value < 1000)
            continue;
        for (int l = 0; l < 2; l++)
            for (size_t b = 0; b < q[l].n; b++)
                if (q[l].v[b].value >= 1000 && same(y->value - q[l].v[b].value + 1, n) &&
                    mk[l][b] == M_MATCHED) {
                    mk[1][a] = M_EXCUSED;
                    return 1;
                }
    }
    return 0;
}

/* Whether side l has a quantity of x's class that is neither matched nor excused. */
static int open_like(const ty__qtys *q, const uint8_t *mk, const ty__qty *x)
{
    for (size_t k = 0; k < q->n; k++)
        if ((mk[k] == M_OPEN || mk[k] == M_WEAK) && kind_class(q->v[k].kind) == kind_class(x->kind))
            return 1;
    return 0;
}

/* Whether a lunisolar date looks converted: a month of an old-calendar Japanese date and a month
 * or day of the English both unmatched (元和七年５月 / late June or July 1621). */
static int old_conversion(const ty__qtys *q, uint8_t *const mk[2])
{
    int ja = 0, en = 0;
    for (size_t k = 0; k < q[0].n; k++)
        ja |= (q[0].v[k].flags & TY__QF_OLD) && q[0].v[k].kind == TY__Q_MONTH &&
              mk[0][k] != M_MATCHED;
    for (size_t k = 0; k < q[1].n; k++)
        en |= (q[1].v[k].kind == TY__Q_MONTH || q[1].v[k].kind == TY__Q_DAY) &&
              mk[1][k] != M_MATCHED;
    return ja && en;
}

/* Whether v is a power of ten other than 1 (5000 m / 5 km, 1.5 m / 1,500 mm). */
static int power_of_ten(double v)
{
    double e = log10(fabs(v));
    return v != 0 && fabs(e - floor(e + 0.5)) < 1e-9 && floor(e + 0.5) != 0;
}

/* Whether both sides have unmatched numbers and one of them is a measure a translator converts
 * (5丈1尺 / 15.3 meters), or an English metric figure is a Japanese one in another scale (5000
 * メートル / 5 km; 5キロ / 6 km is no conversion). */
static int unit_conversion(const ty__qtys *q, uint8_t *const mk[2])
{
    int open[2] = {0, 0}, unit = 0;
    for (int l = 0; l < 2; l++)
        for (size_t k = 0; k < q[l].n; k++) {
            const ty__qty *x = &q[l].v[k];
            if (mk[l][k] != M_MATCHED && (x->kind == TY__Q_NUM || x->kind == TY__Q_DURATION)) {
                open[l] = 1;
                unit |= (x->flags & TY__QF_UNIT) != 0;
                if (l == TY_LANG_EN && (x->flags & TY__QF_METRIC))
                    for (size_t j = 0; j < q[0].n; j++)
                        unit |= mk[0][j] != M_MATCHED && power_of_ten(q[0].v[j].value / x->value);
            }
        }
    return open[0] && open[1] && unit;
}

/* Whether x is a Japanese 1 with a counter that the English renders with an article or "per"
 * (1日当たり / per day, 1日2回 / twice a day, 1人 / a person): a figure 1 that is not part of a
 * date with a month or year, nor a month or a time. */
static int japanese_one(const ty__qtys *q, const ty__qty *x)
{
    if (x->value != 1 || x->kind == TY__Q_MONTH || x->kind == TY__Q_TIME)
        return 0;
    for (size_t k = 0; k < q->n; k++)
        if (&q->v[k] != x && x->date >= 0 && q->v[k].date == x->date)
            return 0;
    return 1;
}

/* Apply the rules of the top comment to the marks. */
static void excuse(struct ty__numbers_state *ns, const char *const text[2], const char *const norm[2])
{
    ty__qtys *q = ns->q;
    uint8_t **mk = ns->mark;
    int old, units;

    for (int l = 0; l < 2; l++) {
        ty__qtys *a = &q[l];
        for (size_t i = 0; i < a->n; i++) {
            const ty__qty *x = &a->v[i];
            if (mk[l][i] != M_OPEN)
                continue;
            /* repeated writings */
            for (size_t k = 0; k < a->n; k++)
                if (k != i && mk[l][k] == M_MATCHED &&
                    find_set(ns->set[l], k) == find_set(ns->set[l], i) &&
                    alt_kinds(a->v[k].kind, x->kind)) {
                    mk[l][i] = M_EXCUSED;
                    break;
                }
            if (mk[l][i] != M_OPEN)
                continue;
            if (digits_in_token(text[l], x, norm[!l])) {
                mk[l][i] = M_EXCUSED;
                continue;
            }
            /* relative dates and references of the other side (that has no figure of the kind
             * left of its own) */
            if ((q[!l].context & TY__QC_RELATIVE) && is_datelike(x, l == TY_LANG_EN) &&
                !open_like(&q[!l], mk[!l], x)) {
                mk[l][i] = M_EXCUSED;
                continue;
            }
            if (l == TY_LANG_EN && (x->kind == TY__Q_YEAR || x->kind == TY__Q_NUM) &&
                !open_like(&q[0], mk[0], x)) {
                for (size_t e = 0; e < q[0].neras; e++)
                    if (x->value >= q[0].eras[e].first - 1 && x->value <= q[0].eras[e].last + 1 &&
                        x->value == floor(x->value)) {
                        mk[l][i] = M_EXCUSED;
                        break;
                    }
                if (mk[l][i] != M_OPEN)
                    continue;
            }
            /* a date partly matched: the English gains a month or a year the Japanese does not
             * write */
            if (l == TY_LANG_EN && x->date >= 0 &&
                (x->kind == TY__Q_MONTH || x->kind == TY__Q_YEAR) && !open_like(&q[0], mk[0], x)) {
                int partly = 0;
                for (size_t k = 0; k < a->n && !partly; k++)
                    partly = a->v[k].date == x->date && mk[l][k] == M_MATCHED;
                if (partly) {
                    mk[l][i] = M_EXCUSED;
                    continue;
                }
            }
            if (l == TY_LANG_JA && (a->context & TY__QC_CORRECTION) &&
                x->end <= a->correction) {
                int later = 0;
                for (size_t k = 0; k < a->n && !later; k++)
                    later = a->v[k].start >= a->correction &&
                            kind_class(a->v[k].kind) == kind_class(x->kind);
                if (later) {
                    mk[l][i] = M_EXCUSED;
                    continue;
                }
            }
            if ((x->flags & TY__QF_YEARCOUNT) && year_range(q, mk, x->value)) {
                mk[l][i] = M_EXCUSED; /* 令和5年から2年間 / 2023-2024 */
                continue;
            }
            if (x->flags & TY__QF_DAYCOUNT) {
                size_t days = 0;
                double lo = 1e9, hi = -1;
                for (size_t k = 0; k < a->n; k++)
                    if (a->v[k].kind == TY__Q_DAY) {
                        days++;
                        lo = a->v[k].value < lo ? a->v[k].value : lo;
                        hi = a->v[k].value > hi ? a->v[k].value : hi;
                    }
                if (days && (same(x->value, (double)days) || same(x->value, hi - lo + 1))) {
                    mk[l][i] = M_EXCUSED;
                    continue;
                }
            }
            if (x->flags & TY__QF_PARTNER)
                mk[l][i] = M_EXCUSED; /* "both countries" for 両国, or with no figure at all */
            else if (weak(x, (ty_lang)l) || (l == TY_LANG_JA && japanese_one(a, x)))
                mk[l][i] = M_WEAK;
        }
    }
    /* conversions: figures that may be the same measure or lunisolar date in other units */
    old = old_conversion(q, mk);
    units = unit_conversion(q, mk);
    ns->converted = old || units;
    for (int l = 0; l < 2; l++)
        for (size_t i = 0; i < q[l].n; i++) {
            const ty__qty *x = &q[l].v[i];
            if (mk[l][i] != M_OPEN)
                continue;
            if ((old && (x->kind == TY__Q_MONTH || x->kind == TY__Q_DAY) &&
                 (l == TY_LANG_EN || (x->flags & TY__QF_OLD))) ||
                (units && (x->kind == TY__Q_NUM || x->kind == TY__Q_DURATION)))
                mk[l][i] = M_WEAK;
        }
}

/* Figures the document gave before: the English figures left open that the Japanese of a
 * neighbouring unit writes become weak ("the 36 mountains" where 「三十六峰」 was named a few
 * sentences before); whether none is left open. */
static int in_context(void *ud, const char *const *before, size_t nb, const char *const *after,
                      size_t na)
{
    struct ty__numbers_state *ns = ud;
    const ty__qtys *en = &ns->q[1];
    int open = 0;

    for (size_t t = 0; t < nb + na; t++) {
        const char *text = t < nb ? before[t] : after[t - nb];
        if (ty__qread(ns->r, TY_LANG_JA, text, strlen(text), &ns->near) != TY_OK)
            return 0;
        for (size_t i = 0; i < en->n; i++)
            for (size_t k = 0; k < ns->near.n && ns->mark[1][i] == M_OPEN; k++)
                if (matches(&ns->near.v[k], &en->v[i]))
                    ns->mark[1][i] = M_WEAK;
    }
    for (size_t i = 0; i < en->n; i++)
        open |= ns->mark[1][i] == M_OPEN;
    return !open;
}

/* Append "TEXT" items of side l with mark m to buf. */
static void list_items(const struct ty__numbers_state *ns, const char *text, int l, int m,
                       char *buf, size_t cap)
{
    const ty__qtys *q = &ns->q[l];
    for (size_t i = 0; i < q->n; i++) {
        size_t len = strlen(buf);
        const ty__qty *x = &q->v[i];
        if (ns->mark[l][i] != m)
            continue;
        snprintf(buf + len, cap - len, "%s%.*s", len && buf[len - 1] != ' ' ? ", " : "",
                 (int)(x->end - x->start), text + x->start);
    }
}

static int count_marks(const struct ty__numbers_state *ns, int l, int m)
{
    int n = 0;
    for (size_t i = 0; i < ns->q[l].n; i++)
        n += ns->mark[l][i] == m;
    return n;
}

/* Whether each side has a weak figure left of one class, neither a name, vague, nor a
 * conversion's (第3回 / the fourth): a figure each side counts, and they differ. */
static int weak_pair(const struct ty__numbers_state *ns)
{
    const unsigned soft = TY__QF_NAME | TY__QF_VAGUE | TY__QF_PAREN | TY__QF_UNIT;
    if (ns->converted)
        return 0;
    for (size_t i = 0; i < ns->q[0].n; i++)
        for (size_t j = 0; j < ns->q[1].n; j++) {
            const ty__qty *a = &ns->q[0].v[i], *b = &ns->q[1].v[j];
            if (ns->mark[0][i] == M_WEAK && ns->mark[1][j] == M_WEAK && !(a->flags & soft) &&
                !(b->flags & soft) && kind_class(a->kind) == kind_class(b->kind) && a->value != 1)
                return 1;
        }
    return 0;
}

ty_status ty__check_numbers(ty__checker *c, struct ty__numbers_state *ns, const ty__unit_in *u)
{
    ty__spans sp = {0};
    char msg[512] = "", detail[1024] = "";
    int strong[2], weakn[2], comparable = 0;
    ty_severity sev;
    double rank;
    ty_status rc;

    for (int l = 0; l < 2; l++) {
        if ((rc = ty__qread(ns->r, (ty_lang)l, u->text[l], strlen(u->text[l]), &ns->q[l])))
            return rc == TY_ERR_NOMEM ? TY_ERR_NOMEM : rc;
        if (ns->q[l].n > ns->cap[l]) {
            uint8_t *m = realloc(ns->mark[l], ns->q[l].n);
            size_t *set = m ? realloc(ns->set[l], ns->q[l].n * sizeof *set) : NULL;
            if (m)
                ns->mark[l] = m;
            if (!m || !set)
                return TY_ERR_NOMEM;
            ns->set[l] = set;
            ns->cap[l] = ns->q[l].n;
        }
        if (ns->q[l].n)
            memset(ns->mark[l], M_OPEN, ns->q[l].n);
        alt_sets(&ns->q[l], ns->set[l]);
    }
    if (ns->q[0].n == 0 && ns->q[1].n == 0)
        return TY_OK;
    for (size_t i = 0; i < ns->q[0].n; i++)
        for (size_t j = 0; j < ns->q[1].n; j++)
            if (matches(&ns->q[0].v[i], &ns->q[1].v[j]))
                ns->mark[0][i] = ns->mark[1][j] = M_MATCHED;
    excuse(ns, u->text, u->norm);
    /* figures in the English only: the document may have given them before */
    if (!count_marks(ns, 0, M_OPEN) && count_marks(ns, 1, M_OPEN)) {
        int hit;
        if ((rc = ty__unit_neighbours(c, u->id, TY_LANG_JA, in_context, ns, &hit)) != TY_OK)
            return rc;
    }
    for (int l = 0; l < 2; l++) {
        strong[l] = count_marks(ns, l, M_OPEN);
        weakn[l] = count_marks(ns, l, M_WEAK);
    }
    if (!strong[0] && !strong[1] && !weakn[0] && !weakn[1])
        return TY_OK;
    for (size_t i = 0; i < ns->q[0].n && !comparable; i++)
        for (size_t j = 0; j < ns->q[1].n && !comparable; j++)
            comparable = ns->mark[0][i] == M_OPEN && ns->mark[1][j] == M_OPEN &&
                         kind_class(ns->q[0].v[i].kind) == kind_class(ns->q[1].v[j].kind);
    sev = comparable              ? TY_SEVERITY_ERROR
          : strong[0] || strong[1] ? TY_SEVERITY_WARNING
          : weak_pair(ns)          ? TY_SEVERITY_WARNING
                                   : TY_SEVERITY_INFO;
    rank = sev == TY_SEVERITY_ERROR     ? 0.95
           : sev == TY_SEVERITY_WARNING ? 0.6 + 0.05 * (strong[0] + strong[1] > 4 ? 4 : strong[0] + strong[1])
                                        : 0.3;
    /* the message: what each side has that the other lacks */
    {
        int m = strong[0] || strong[1] ? M_OPEN : M_WEAK;
        char ja[200] = "", en[200] = "";
        list_items(ns, u->text[0], 0, m, ja, sizeof ja);
        list_items(ns, u->text[1], 1, m, en, sizeof en);
        if (*ja && *en)
            snprintf(msg, sizeof msg, "%s in the English, %s in the Japanese", en, ja);
        else
            snprintf(msg, sizeof msg, "%s in the %s only", *ja ? ja : en,
                     *ja ? "Japanese" : "English");
    }
    /* spans: every figure left, the strong ones first */
    for (int m = M_OPEN; m <= M_WEAK; m++) {
        if (m == M_MATCHED || m == M_EXCUSED)
            continue;
        for (int l = 0; l < 2; l++)
            for (size_t i = 0; i < ns->q[l].n; i++) {
                const ty__qty *x = &ns->q[l].v[i];
                size_t dl = strlen(detail);
                if (ns->mark[l][i] != m)
                    continue;
                if ((rc = ty__span_add(c, &sp, (ty_lang)l, u->text[l], x->start, x->end)))
                    return rc;
                snprintf(detail + dl, sizeof detail - dl, "%c%.*s\x1e", l ? 'e' : 'j',
                         (int)(x->end - x->start), u->text[l] + x->start);
            }
    }
    return ty__emit_unit(c, u, TY_CHECK_NUMBERS, &sp, sev, rank, msg, NULL, NULL, detail);
}
