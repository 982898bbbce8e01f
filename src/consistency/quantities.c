/*
 * quantities.c — the quantities of one side of a unit (quantities.h): numbers, years, months,
 * days, times and durations, each with its value, how it is written and where, and the
 * context a translator acts on (来年, 旧暦, a speaker's correction, an era named without a
 * year).
 *
 * Japanese: digit runs of any width with separators and decimals, Han numerals with 十 百 千
 * and the scales 万 億 兆 (270万, 三千三百万), read by their suffix: 年 (a year; 年間, 年度,
 * 年代), era years (令和6年, 元年, 初年, 同37年 after an era year, 元応3 in brackets; eras and
 * their years from ICU's Japanese calendar), 月, か月, 日, 日間, 時 (a time only with digits,
 * 午前/午後, 分 or 半: 一時 is "for a while"), 時間 (+ 分: a duration), 分, 分の (a fraction),
 * 割 (tenths: 9割 = 90 percent; 3割5分 = 35), traditional measures (尺 寸 丈 里 石 …; 分 after
 * one is bu: 3尺1寸5分, but 徒歩10分 is minutes). A lone Han digit is a number only after 第 or
 * before a counter (一方, 統一, 三大 are words). Han numerals inside a compound or a quotation
 * (東山三十六峰, 「八つ棟」, 四日市) are marked as names. A date or figure written again in
 * brackets or after a slash (1333年（元弘3）, 延元3年/建武5年) is marked as the same one.
 * English: digit runs (1,000, 2.7, 22nd, 1990s) with scale words, number words (eight,
 * twenty-one, a hundred, twice, doubled, a dozen, a decade), ordinals, month names, times
 * (3:47 p.m., 10 a.m.), durations (90 minutes, two hours, an hour and a half), Roman numerals
 * (World War II), and dates ("Friday, March 8, 2024": one date); capitalized number words
 * inside a sentence are marked as names (the Seven Great Temples, Second Thomas Shoal); metric
 * units (km, kg) apart from the measures a translator converts to (miles, feet).
 * Values come from ICU (u_charDigitValue, u_getNumericValue); it judges nothing (numbers.c).
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/utf8.h>

#include "quantities.h"
#include "anchors/numbers.h"
#include "base/error.h"

#define ERA_SLOTS 1024

/* An era with its years (the last: the next era's first). */
typedef struct era {
    const ty__era *e;
    int first, last;
} era;

struct ty__qreader {
    ty_anchor_ctx *ctx;   /* decoding, with the extractors' character classes */
    ty__numbers *nb;      /* the era table and English number words */
    /* the text being read (the context's decoded arrays) */
    const ty__chars *t;
    const UChar32 *cp;
    const uint32_t *off;
    const uint8_t *cls;
    const double *num;
    size_t n;
    int eras_state; /* 0 not indexed, 1 indexed, -1 none */
    era *eras;
    size_t neras;
    int32_t era_slot[ERA_SLOTS]; /* first code point → index + 1 of its first era (chained) */
    int32_t *era_next;
    uint64_t rel_mask, corr_mask; /* match_any: bit (c & 63) of each entry's first code point */
};

void ty__qtys_free(ty__qtys *q)
{
    free(q->v);
    memset(q, 0, sizeof *q);
}

const char *ty__qkind_name(int kind)
{
    static const char *const names[TY__Q_KINDS] = {"number", "year",  "month",
                                                   "day",    "time",  "duration"};
    return kind >= 0 && kind < TY__Q_KINDS ? names[kind] : "?";
}

ty_status ty__qreader_new(ty__qreader **out, ty_error *err)
{
    ty__qreader *r = calloc(1, sizeof *r);
    ty_status rc;
    if (!r)
        return ty__nomem(err);
    if ((rc = ty__anchor_ctx_new(NULL, &r->ctx, err)) != TY_OK ||
        (rc = ty__numbers_new(&r->nb, err)) != TY_OK) {
        ty__qreader_free(r);
        return rc;
    }
    *out = r;
    return TY_OK;
}

void ty__qreader_free(ty__qreader *r)
{
    if (!r)
        return;
    ty__anchor_ctx_free(r->ctx);
    ty__numbers_free(r->nb);
    free(r->eras);
    free(r->era_next);
    free(r);
}

/* ---- the decoded text ---- */

static ty_status decode(ty__qreader *r, const char *text, size_t len)
{
    const ty__chars *t = ty__anchors_decode(r->ctx, text, len > TY__Q_MAX_TEXT ? TY__Q_MAX_TEXT : len);
    if (!t)
        return TY_ERR_NOMEM;
    r->t = t;
    r->cp = t->cp;
    r->off = t->off;
    r->cls = t->cls;
    r->num = t->num;
    r->n = t->n;
    return TY_OK;
}

/* The decoded text as the shared number readers take it. */
static const ty__chars *chars(const ty__qreader *r)
{
    return r->t;
}

static UChar32 cp_at(const ty__qreader *r, size_t i)
{
    return i < r->n ? r->cp[i] : 0;
}

static uint8_t cls_at(const ty__qreader *r, size_t i)
{
    return i < r->n ? r->cls[i] : 0;
}

/* The next code point of a valid UTF-8 literal at *p, moving *p past it; 0 at its end.
 * The literals are the program's own, so no check is needed, and no strlen. */
static UChar32 lit_next(const char **p)
{
    const unsigned char *s = (const unsigned char *)*p;
    if (s[0] < 0x80) {
        *p += s[0] != 0;
        return s[0];
    }
    if (s[0] < 0xe0) {
        *p += 2;
        return (UChar32)(s[0] & 0x1f) << 6 | (s[1] & 0x3f);
    }
    if (s[0] < 0xf0) {
        *p += 3;
        return (UChar32)(s[0] & 0x0f) << 12 | (UChar32)(s[1] & 0x3f) << 6 | (s[2] & 0x3f);
    }
    *p += 4;
    return (UChar32)(s[0] & 0x07) << 18 | (UChar32)(s[1] & 0x3f) << 12 |
           (UChar32)(s[2] & 0x3f) << 6 | (s[3] & 0x3f);
}

/* Whether the code points from i spell s (a UTF-8 literal). */
static int at_str(const ty__qreader *r, size_t i, const char *s)
{
    UChar32 c;
    while ((c = lit_next(&s)) != 0)
        if (cp_at(r, i++) != c)
            return 0;
    return 1;
}

/* The length in code points of the UTF-8 literal s. */
static size_t cps(const char *s)
{
    size_t k = 0;
    for (; *s; s++)
        k += ((unsigned char)*s & 0xc0) != 0x80;
    return k;
}

/* Whether code point c is one of the UTF-8 literal's characters. */
static int one_of(UChar32 c, const char *set)
{
    UChar32 x;
    while ((x = lit_next(&set)) != 0)
        if (x == c)
            return 1;
    return 0;
}

/* ---- the Japanese eras (ICU's Japanese calendar, through anchors/numbers.c) ---- */

/* Index the eras by first character, with the years each lasted. */
static void index_eras(ty__qreader *r)
{
    const ty__era *v;
    size_t n = ty__numbers_eras(r->nb, &v);

    r->eras_state = -1;
    if (!n || !(r->eras = calloc(n, sizeof *r->eras)) ||
        !(r->era_next = calloc(n, sizeof *r->era_next)))
        return;
    for (size_t k = 0; k < n; k++) {
        if (v[k].len < 2)
            continue;
        r->eras[r->neras].e = &v[k];
        r->eras[r->neras].first = v[k].start;
        r->eras[r->neras].last = k + 1 < n && v[k + 1].start >= v[k].start ? v[k + 1].start
                                                                              : v[k].start + 30;
        r->neras++;
    }
    for (size_t k = 0; k < r->neras; k++) {
        size_t slot = (size_t)r->eras[k].e->name[0] % ERA_SLOTS;
        r->era_next[k] = r->era_slot[slot];
        r->era_slot[slot] = (int32_t)k + 1;
    }
    r->eras_state = 1;
}

/* The longest era name at i, or NULL. */
static const era *era_at(ty__qreader *r, size_t i)
{
    const era *best = NULL;
    if (r->eras_state == 0)
        index_eras(r);
    if (r->eras_state != 1)
        return NULL;
    for (int32_t k = r->era_slot[(size_t)r->cp[i] % ERA_SLOTS]; k; k = r->era_next[k - 1]) {
        const era *x = &r->eras[k - 1];
        size_t j = 0, len = x->e->len;
        if (i + len > r->n || (best && best->e->len >= len))
            continue;
        while (j < len && r->cp[i + j] == x->e->name[j])
            j++;
        if (j == len)
            best = x;
    }
    return best;
}

/* ---- emitting ---- */

typedef struct scan {
    ty__qreader *r;
    ty__qtys *out;
    int paren, quote;
    int32_t next_date;
    size_t last_end;     /* code point index just after the last quantity */
    int alt_target;      /* a bracket opened right after a quantity: the quantity it repeats */
    int alt_depth;       /* the bracket depth inside which quantities repeat alt_target */
} scan;

static ty_status emit(scan *s, int kind, double value, double alt, unsigned flags, size_t a,
                      size_t b)
{
    ty__qtys *q = s->out;
    ty__qty *x;

    if (q->n == q->cap) {
        size_t cap = q->cap ? q->cap * 2 : 16;
        ty__qty *v = realloc(q->v, cap * sizeof *v);
        if (!v)
            return TY_ERR_NOMEM;
        q->v = v;
        q->cap = cap;
    }
    x = &q->v[q->n++];
    x->value = value;
    x->alt = alt;
    x->kind = (uint8_t)kind;
    x->flags = (uint16_t)(flags | (s->paren > 0 ? TY__QF_PAREN : 0));
    x->start = s->r->off[a];
    x->end = s->r->off[b];
    x->date = -1;
    x->alt_of = s->alt_depth > 0 && s->paren >= s->alt_depth ? s->alt_target : -1;
    s->last_end = b;
    return TY_OK;
}

/* Put the last quantity in a date with the one before it when they are written together
 * (`joinable`: only spaces, commas or a weekday between them). */
static void join_date(scan *s, int joinable)
{
    ty__qtys *q = s->out;
    ty__qty *x = &q->v[q->n - 1];
    if (x->kind == TY__Q_NUM || x->kind == TY__Q_DURATION)
        return;
    if (joinable && q->n >= 2) {
        const ty__qty *p = &q->v[q->n - 2];
        /* after a repeated writing in brackets, the date goes on: 元和七年（1621年）５月 */
        if (p->alt_of >= 0 && x->alt_of < 0)
            p = &q->v[p->alt_of];
        if (p->date >= 0 && p->alt_of == x->alt_of) {
            x->date = p->date;
            return;
        }
    }
    x->date = s->next_date++;
}

/* The digits of [a, b) before a decimal point. */
static int count_digits(const ty__qreader *r, size_t a, size_t b)
{
    int nd = 0;
    for (size_t k = a; k < b && !(r->cp[k] == '.' || r->cp[k] == 0xff0e); k++)
        nd += r->cls[k] == TY__C_DIGIT;
    return nd;
}

/* Digits from i (ty__num_digits), with how many digits they have. */
static size_t parse_digits(const ty__qreader *r, size_t i, double *v, int *ndigits)
{
    size_t e = ty__num_digits(chars(r), i, v);
    if (ndigits)
        *ndigits = count_digits(r, i, e);
    return e;
}

/* ( （ [ ［ 〔 【 { ｛, tested on every character: a switch, not a list to decode */
static int is_open(UChar32 c)
{
    switch (c) {
    case '(': case 0xff08: case '[': case 0xff3b: case 0x3014: case 0x3010: case '{': case 0xff5b:
        return 1;
    default:
        return 0;
    }
}

/* ) ） ] ］ 〕 】 } ｝ */
static int is_close(UChar32 c)
{
    switch (c) {
    case ')': case 0xff09: case ']': case 0xff3d: case 0x3015: case 0x3011: case '}': case 0xff5d:
        return 1;
    default:
        return 0;
    }
}

/* ---- Japanese ---- */

/* Counters after which a lone Han digit is a number (三人, 一日, 五か国). */
static int counter_at(const ty__qreader *r, size_t j)
{
    UChar32 c = cp_at(r, j);
    if (one_of(c, "年月日時人名回度つ個件点歳才章項号倍階枚台位世代期周隻票割男女畳円条本冊"))
        return 1;
    return one_of(c, "かカヶケヵ箇") && one_of(cp_at(r, j + 1), "国月所年");
}

/* Traditional measures a translator converts to metric units. */
static int measure_at(const ty__qreader *r, size_t j)
{
    UChar32 c = cp_at(r, j);
    if (one_of(c, "尺寸丈里段反歩坪石斗升勺貫匁斤疋端束把町"))
        return 1;
    /* 間 (ken, 1.8 m) and 合 after a number, but not 時間, 日間, 年間 */
    return c == 0x9593 || c == 0x5408;
}

/* Characters before a Han numeral that do not make it part of a compound word. */
static int numeral_prefix(UChar32 c)
{
    return one_of(c, "約計第各全毎総満延近最同金数何幾");
}

/* Relative dates and references a translator resolves (来年 → 2025, 前条 → Article 4). */
static const char *const ja_relative[] = {
    "来年", "今年", "昨年", "本年", "同年", "翌年", "前年", "今月", "来月", "先月", "同月",
    "翌月", "前月", "本日", "今日", "昨日", "明日", "同日", "翌日", "前日", "当日", "今週",
    "来週", "先週", "前条", "同条", "次条", "本条", "前項", "同項", "次項", "本項", "前号",
    "同号", "今朝", "今夜", "昨夜", "今春", "今夏", "今秋", "今冬", "昨秋", "昨春", "上旬",
    "中旬", "下旬", "年末", "年初", "年明け", "同期", "前期", "今期", NULL};
/* A speaker correcting a figure. */
static const char *const ja_correction[] = {"失礼しました", "失礼いたしました", "訂正",
                                            "言い間違", "間違えました", "正しくは", NULL};

static size_t match_any(ty__qreader *r, size_t i, const char *const *list)
{
    /* most characters begin no entry: a mask of the entries' first code points skips them */
    uint64_t *mask = list == ja_relative ? &r->rel_mask : &r->corr_mask;
    if (!*mask)
        for (size_t k = 0; list[k]; k++) {
            const char *p = list[k];
            *mask |= (uint64_t)1 << (lit_next(&p) & 63);
        }
    if (!(*mask >> (cp_at(r, i) & 63) & 1))
        return 0;
    for (size_t k = 0; list[k]; k++)
        if (at_str(r, i, list[k]))
            return cps(list[k]);
    return 0;
}

/* Minutes "M分" or "半" right after j: the minutes, and the end in *end. */
static int minutes_after(const ty__qreader *r, size_t j, size_t *end)
{
    ty__ja_num m;
    if (cp_at(r, j) == 0x534a) { /* 半 */
        *end = j + 1;
        return 30;
    }
    if (ty__num_ja(chars(r), j, &m) && cp_at(r, m.end) == 0x5206 && m.value == floor(m.value) &&
        m.value < 60) { /* 分 */
        *end = m.end + 1;
        return (int)m.value;
    }
    *end = j;
    return 0;
}

/* Era years: ERA元年, ERA初年, ERA N年, and ERA N in brackets or before ・ / (元応3). */
static ty_status ja_era(scan *s, size_t i, const era *x, size_t *next, int *last_era)
{
    ty__qreader *r = s->r;
    size_t j = i + x->e->len;
    ty__ja_num p;
    ty_status rc;

    /* a disambiguation between the era and its year: 建武 (日本)5年, 乾元_(日本)2 */
    {
        size_t k = j;
        while (cls_at(r, k) == TY__C_SPACE || cp_at(r, k) == '_')
            k++;
        if (cp_at(r, k) == '(' || cp_at(r, k) == 0xff08) {
            size_t e = k + 1;
            while (e < r->n && e < k + 8 && !is_close(r->cp[e]) && cls_at(r, e) != TY__C_DIGIT)
                e++;
            if (e < r->n && is_close(r->cp[e]) &&
                (cls_at(r, e + 1) == TY__C_DIGIT || cls_at(r, e + 1) == TY__C_KNUM ||
                 cp_at(r, e + 1) == 0x5143))
                j = e + 1;
        }
    }

    if ((cp_at(r, j) == 0x5143 || cp_at(r, j) == 0x521d) && cp_at(r, j + 1) == 0x5e74) {
        /* 元年, 初年 */
        if ((rc = emit(s, TY__Q_YEAR, x->first, -1, TY__QF_ERA | TY__QF_WORD, i, j + 2)))
            return rc;
        *last_era = x->first;
        *next = j + 2;
        return TY_OK;
    }
    if ((cls_at(r, j) == TY__C_DIGIT || cls_at(r, j) == TY__C_KNUM) && ty__num_ja(chars(r), j, &p) &&
        p.value >= 1 && p.value < 100 && p.value == floor(p.value)) {
        size_t e = p.end;
        int with_nen = cp_at(r, e) == 0x5e74 && cp_at(r, e + 1) != 0x9593; /* 年, not 年間 */
        if (with_nen || s->paren > 0 || one_of(cp_at(r, e), "・/／）)、")) {
            unsigned f = TY__QF_ERA | (p.digits ? TY__QF_DIGITS : TY__QF_WORD);
            if ((rc = emit(s, TY__Q_YEAR, x->first + p.value - 1, -1, f, i, e + with_nen)))
                return rc;
            *last_era = x->first;
            *next = e + with_nen;
            return TY_OK;
        }
    }
    /* an era named without a year, as a word of its own (元禄と文政の修理; not 文化財): its
     * years */
    if (!(i > 0 && (r->cls[i - 1] == TY__C_HAN || r->cls[i - 1] == TY__C_KATA)) &&
        ((cls_at(r, j) != TY__C_HAN && cls_at(r, j) != TY__C_KATA) ||
         one_of(cp_at(r, j), "以期時初末中頃")) &&
        s->out->neras < sizeof s->out->eras / sizeof *s->out->eras) {
        s->out->eras[s->out->neras].first = x->first;
        s->out->eras[s->out->neras].last = x->last;
        s->out->neras++;
    }
    *next = j;
    return TY_OK;
}

/* Read the number at i and what follows it. */
static ty_status ja_number(scan *s, size_t i, size_t *next, int last_era)
{
    ty__qreader *r = s->r;
    ty__ja_num p;
    size_t e;
    UChar32 c1, c2, before = i > 0 ? r->cp[i - 1] : 0;
    unsigned f;
    int kind = TY__Q_NUM;
    double v, alt = -1;
    ty_status rc;

    if (!ty__num_ja(chars(r), i, &p)) {
        *next = i + 1;
        return TY_OK;
    }
    e = p.end;
    *next = e;
    v = p.value;
    if (!p.digits && p.end - i == 1 && v < 10 && before != 0x7b2c && !counter_at(r, e))
        return TY_OK; /* 一方, 統一, 三大, 四姉妹: a word, not a number */
    f = p.digits ? TY__QF_DIGITS : TY__QF_WORD;
    if (p.scaled)
        f |= TY__QF_SCALED;
    if (one_of(before, "数何幾"))
        f |= TY__QF_VAGUE;
    c1 = cp_at(r, e);
    c2 = cp_at(r, e + 1);
    if (before == 0x540c && c1 == 0x5e74 && c2 != 0x9593 && last_era > 0 && v >= 1 && v < 100 &&
        v == floor(v)) {
        /* 同37年: a year of the era written before */
        kind = TY__Q_YEAR;
        v = last_era + v - 1;
        f |= TY__QF_ERA;
        e++;
    } else if (c1 == 0x5e74) { /* 年 */
        if (c2 == 0x9593) {       /* 年間: years */
            f |= TY__QF_YEARCOUNT;
            e += 2;
        } else if (c2 == 0x5ea6 || c2 == 0x4ee3) { /* 年度, 年代 */
            kind = TY__Q_YEAR;
            f |= c2 == 0x4ee3 ? TY__QF_VAGUE : 0;
            e += 2;
        } else {
            kind = v >= 100 || count_digits(r, i, p.end) >= 3 ? TY__Q_YEAR : TY__Q_NUM;
            e++;
        }
    } else if (c1 == 0x6708) { /* 月 */
        if (c2 != 0x9593 && v >= 1 && v <= 12 && v == floor(v))
            kind = TY__Q_MONTH;
        e += 1 + (c2 == 0x9593);
    } else if (one_of(c1, "かカヶケヵ箇") && c2 == 0x6708) { /* か月: months */
        e += 2;
    } else if (c1 == 0x65e5) { /* 日 */
        if (c2 == 0x9593) {
            f |= TY__QF_DAYCOUNT;
            e += 2;
        } else {
            if (v >= 1 && v <= 31 && v == floor(v))
                kind = TY__Q_DAY;
            e++;
        }
    } else if (c1 == 0x6642 && c2 == 0x9593) { /* 時間 (+ M分): a duration */
        size_t me;
        int m = minutes_after(r, e + 2, &me);
        kind = TY__Q_DURATION;
        alt = m ? -1 : v;
        v = v * 60 + m;
        e = me > e + 2 ? me : e + 2;
    } else if (c1 == 0x6642 && v <= 24 && v == floor(v)) { /* 時: a time of day */
        size_t me;
        int m = minutes_after(r, e + 1, &me);
        int ampm = i >= 2 && (at_str(r, i - 2, "午前") || at_str(r, i - 2, "午後"));
        if (!(p.digits || ampm || me > e + 1)) {
            *next = e + 1; /* 一時, 同時: not a time */
            return TY_OK;
        }
        kind = TY__Q_TIME;
        v = fmod(v, 12) * 60 + m;
        e = me > e + 1 ? me : e + 1;
    } else if (c1 == 0x5206 && i > 1 && measure_at(r, i - 1) &&
               (cls_at(r, i - 2) == TY__C_DIGIT || cls_at(r, i - 2) == TY__C_KNUM)) {
        f |= TY__QF_UNIT; /* 3尺1寸5分: bu, not minutes (徒歩10分 is minutes) */
        e++;
    } else if (c1 == 0x5206) { /* 分 */
        if (c2 == 0x306e) {     /* 分の: a fraction */
            f |= TY__QF_FRACTION;
            e += 2;
        } else {
            kind = TY__Q_DURATION;
            e += 1 + (c2 == 0x9593);
        }
    } else if (c1 == 0x56de && c2 == 0x5fcc) { /* 回忌: the N-1th anniversary of a death */
        alt = v - 1;
        e += 2;
    } else if (c1 == 0x5272) { /* 割: tenths, and 分 after it hundredths (3割5分 = 35%) */
        ty__ja_num m;
        alt = v;
        v *= 10;
        e++;
        if (ty__num_ja(chars(r), e, &m) && cp_at(r, m.end) == 0x5206 && m.value < 10) {
            v += m.value;
            alt = -1;
            e = m.end + 1;
        }
    } else if (measure_at(r, e) && !(p.digits == 0 && c1 == 0x5408)) {
        f |= TY__QF_UNIT;
        e++;
    } else if (one_of(c1, "-‐–〜～~－・、") && (cls_at(r, e + 1) == TY__C_DIGIT || cls_at(r, e + 1) == TY__C_KNUM)) {
        /* a range or list sharing one suffix: 10-11月, 21・22日 */
        ty__ja_num q;
        if (ty__num_ja(chars(r), e + 1, &q) && v == floor(v)) {
            UChar32 suf = cp_at(r, q.end);
            if (suf == 0x6708 && v >= 1 && v <= 12 && cp_at(r, q.end + 1) != 0x9593)
                kind = TY__Q_MONTH;
            else if (suf == 0x65e5 && v >= 1 && v <= 31 && cp_at(r, q.end + 1) != 0x9593)
                kind = TY__Q_DAY;
            else if (suf == 0x5e74 && (v >= 100 || count_digits(r, i, p.end) >= 3))
                kind = TY__Q_YEAR;
        }
    }
    if (f & TY__QF_FRACTION) {
        *next = e;
        return TY_OK;
    }
    /* two or three things counted: often rendered by naming them (日中韓の3か国 / Japan, China
     * and the ROK; 2基の塔 / a set of pagodas) */
    if (kind == TY__Q_NUM && v <= 3 && alt < 0 && e == p.end &&
        (one_of(c1, "つ基人名点件回度本枚個台隻機棟軒社校柱") ||
         (one_of(c1, "かカヶケヵ箇") && c2 == 0x56fd)))
        f |= TY__QF_SMALLCOUNT;
    if (!(f & TY__QF_DIGITS)) {
        /* Han numerals inside a compound or a quotation: part of a name */
        uint8_t ka = cls_at(r, e), kb = i > 0 ? r->cls[i - 1] : 0;
        if (s->quote > 0 || ((ka == TY__C_HAN || ka == TY__C_KATA) && kind == TY__Q_NUM) ||
            ((kb == TY__C_HAN || kb == TY__C_KATA) && !numeral_prefix(before)))
            f |= TY__QF_NAME;
    }
    if (kind == TY__Q_NUM && v <= 1 && alt < 0 && !(f & TY__QF_DAYCOUNT)) {
        *next = e;
        return TY_OK; /* 0 and 1 */
    }
    if ((rc = emit(s, kind, v, alt, f, i, e)))
        return rc;
    *next = e;
    return TY_OK;
}

/* Whether i follows the last quantity with only spaces between. */
static int adjacent(const scan *s, size_t i)
{
    size_t j = i;
    if (s->out->n == 0)
        return 0;
    while (j > s->last_end && cls_at(s->r, j - 1) == TY__C_SPACE)
        j--;
    return j == s->last_end;
}

static void set_old(ty__qtys *q, int32_t date)
{
    for (size_t k = 0; k < q->n; k++)
        if (q->v[k].date == date)
            q->v[k].flags |= TY__QF_OLD;
}

static ty_status scan_ja(scan *s)
{
    ty__qreader *r = s->r;
    size_t i = 0;
    int last_era = 0;
    ty_status rc = TY_OK;

    while (i < r->n && rc == TY_OK) {
        UChar32 c = r->cp[i];
        uint8_t k = r->cls[i];
        size_t next = i + 1, m, before = s->out->n;
        int joinable = adjacent(s, i);

        if (is_open(c)) {
            /* a bracket right after a quantity (or after "(旧暦)") repeats it */
            if (s->alt_depth == 0 && joinable) {
                const ty__qty *last = &s->out->v[s->out->n - 1];
                int first = (int)s->out->n - 1;
                while (last->date >= 0 && first > 0 && s->out->v[first - 1].date == last->date)
                    first--;
                s->alt_target = last->alt_of >= 0 ? last->alt_of : first;
                s->alt_depth = s->paren + 1;
            }
            s->paren++;
            i++;
            continue;
        }
        if (is_close(c)) {
            if (s->paren > 0)
                s->paren--;
            if (s->alt_depth > s->paren) {
                s->alt_depth = 0;
                s->last_end = i + 1; /* a second bracket right after repeats it too */
            }
            i++;
            continue;
        }
        if (c == 0x300c || c == 0x300e) { /* 「『 */
            s->quote++;
            i++;
            continue;
        }
        if ((c == 0x300d || c == 0x300f) && s->quote > 0) {
            s->quote--;
            i++;
            continue;
        }
        if (c == 0x6b63 && cp_at(r, i + 1) == 0x6708 && s->out->n && joinable &&
            s->out->v[s->out->n - 1].kind == TY__Q_YEAR) { /* 1293年正月: the first month */
            rc = emit(s, TY__Q_MONTH, 1, -1, TY__QF_WORD, i, i + 2);
            if (rc == TY_OK)
                join_date(s, 1);
            i += 2;
            continue;
        }
        if (c == 0x65e7 && cp_at(r, i + 1) == 0x66a6) { /* 旧暦 */
            if (s->out->n && s->out->v[s->out->n - 1].date >= 0)
                set_old(s->out, s->out->v[s->out->n - 1].date);
            i += 2;
            continue;
        }
        if ((m = match_any(r, i, ja_relative)) > 0) {
            s->out->context |= TY__QC_RELATIVE;
            i += m;
            continue;
        }
        if (!(s->out->context & TY__QC_CORRECTION) && (m = match_any(r, i, ja_correction)) > 0) {
            s->out->context |= TY__QC_CORRECTION;
            s->out->correction = r->off[i];
            i += m;
            continue;
        }
        if (k == TY__C_HAN) {
            const era *x = era_at(r, i);
            if (x) {
                rc = ja_era(s, i, x, &next, &last_era);
                goto placed;
            }
        }
        if (k == TY__C_NUMSYM) {
            if (r->num[i] >= 2)
                rc = emit(s, TY__Q_NUM, r->num[i], -1, TY__QF_WORD | TY__QF_ORDINAL, i, i + 1);
            goto placed;
        }
        if (k == TY__C_DIGIT && ty__num_latin_glued(chars(r), i)) {
            next = ty__num_skip_token(chars(r), i);
            goto placed;
        }
        if (k == TY__C_DIGIT || k == TY__C_KNUM)
            rc = ja_number(s, i, &next, last_era);
    placed:
        if (rc == TY_OK && s->out->n > before) {
            /* years joined by ・ or / repeat each other (延元3年/建武5年) */
            ty__qty *x = &s->out->v[s->out->n - 1];
            if ((x->kind == TY__Q_YEAR || (x->kind == TY__Q_NUM && cp_at(r, next - 1) == 0x5e74)) &&
                before > 0 && s->out->v[before - 1].kind == TY__Q_YEAR && x->alt_of < 0) {
                size_t j = i;
                while (j > 0 && (cls_at(r, j - 1) == TY__C_SPACE || cls_at(r, j - 1) == TY__C_HAN ||
                                 r->cp[j - 1] == ')' || r->cp[j - 1] == '('))
                    j--;
                if (j > 0 && one_of(r->cp[j - 1], "・/／")) {
                    const ty__qty *p = &s->out->v[before - 1];
                    x->alt_of = p->alt_of >= 0 ? p->alt_of : (int32_t)before - 1;
                }
            }
            join_date(s, joinable);
        }
        i = next > i ? next : i + 1;
    }
    /* dates of the lunisolar calendar (before 1873) */
    for (size_t q = 0; q < s->out->n; q++) {
        const ty__qty *x = &s->out->v[q];
        if (x->kind == TY__Q_YEAR && x->value < 1873 && x->date >= 0)
            set_old(s->out, x->date);
    }
    return rc;
}

/* ---- English ---- */

/* The English words this reader needs to know besides what ty__num_words reads. */
enum { W_NONE = 0, W_ORD, W_TEN_ORD, W_SCALE, W_MONTH, W_MONTH_ABBR, W_WEEKDAY, W_TIMES,
       W_DECADE, W_PLURAL_SCALE, W_ADVERB };

typedef struct word {
    const char *w;
    uint8_t cat;
    double value;
} word;

static const word words[] = {
    {"first", W_ORD, 1}, {"second", W_ORD, 2}, {"third", W_ORD, 3}, {"fourth", W_ORD, 4},
    {"fifth", W_ORD, 5}, {"sixth", W_ORD, 6}, {"seventh", W_ORD, 7}, {"eighth", W_ORD, 8},
    {"ninth", W_ORD, 9}, {"tenth", W_ORD, 10}, {"eleventh", W_ORD, 11}, {"twelfth", W_ORD, 12},
    {"thirteenth", W_ORD, 13}, {"fourteenth", W_ORD, 14}, {"fifteenth", W_ORD, 15},
    {"sixteenth", W_ORD, 16}, {"seventeenth", W_ORD, 17}, {"eighteenth", W_ORD, 18},
    {"nineteenth", W_ORD, 19}, {"twentieth", W_TEN_ORD, 20}, {"thirtieth", W_TEN_ORD, 30},
    {"fortieth", W_TEN_ORD, 40}, {"fiftieth", W_TEN_ORD, 50}, {"sixtieth", W_TEN_ORD, 60},
    {"seventieth", W_TEN_ORD, 70}, {"eightieth", W_TEN_ORD, 80}, {"ninetieth", W_TEN_ORD, 90},
    {"hundred", W_SCALE, 100}, {"thousand", W_SCALE, 1e3}, {"million", W_SCALE, 1e6},
    {"billion", W_SCALE, 1e9}, {"trillion", W_SCALE, 1e12}, {"hundreds", W_PLURAL_SCALE, 100},
    {"thousands", W_PLURAL_SCALE, 1e3}, {"millions", W_PLURAL_SCALE, 1e6},
    {"billions", W_PLURAL_SCALE, 1e9}, {"dozens", W_PLURAL_SCALE, 12},
    {"twice", W_TIMES, 2}, {"thrice", W_TIMES, 3}, {"bilateral", W_TIMES, 2},
    {"both", W_TIMES, 2}, {"pair", W_TIMES, 2}, {"couple", W_TIMES, 2}, {"twin", W_TIMES, 2},
    {"dual", W_TIMES, 2}, {"double", W_TIMES, 2}, {"triple", W_TIMES, 3},
    {"doubled", W_TIMES, 2}, {"tripled", W_TIMES, 3}, {"quadrupled", W_TIMES, 4},
    {"decade", W_TIMES, 10}, {"decades", W_PLURAL_SCALE, 10},
    {"trilateral", W_TIMES, 3}, {"secondly", W_ADVERB, 2}, {"thirdly", W_ADVERB, 3},
    {"fourthly", W_ADVERB, 4}, {"fifthly", W_ADVERB, 5},
    {"twenties", W_DECADE, 20}, {"thirties", W_DECADE, 30}, {"forties", W_DECADE, 40},
    {"fifties", W_DECADE, 50}, {"sixties", W_DECADE, 60}, {"seventies", W_DECADE, 70},
    {"eighties", W_DECADE, 80}, {"nineties", W_DECADE, 90},
    {"january", W_MONTH, 1}, {"february", W_MONTH, 2}, {"march", W_MONTH, 3},
    {"april", W_MONTH, 4}, {"may", W_MONTH, 5}, {"june", W_MONTH, 6}, {"july", W_MONTH, 7},
    {"august", W_MONTH, 8}, {"september", W_MONTH, 9}, {"october", W_MONTH, 10},
    {"november", W_MONTH, 11}, {"december", W_MONTH, 12}, {"jan", W_MONTH_ABBR, 1},
    {"feb", W_MONTH_ABBR, 2}, {"mar", W_MONTH_ABBR, 3}, {"apr", W_MONTH_ABBR, 4},
    {"jun", W_MONTH_ABBR, 6}, {"jul", W_MONTH_ABBR, 7}, {"aug", W_MONTH_ABBR, 8},
    {"sep", W_MONTH_ABBR, 9}, {"sept", W_MONTH_ABBR, 9}, {"oct", W_MONTH_ABBR, 10},
    {"nov", W_MONTH_ABBR, 11}, {"dec", W_MONTH_ABBR, 12}, {"monday", W_WEEKDAY, 0},
    {"tuesday", W_WEEKDAY, 0}, {"wednesday", W_WEEKDAY, 0}, {"thursday", W_WEEKDAY, 0},
    {"friday", W_WEEKDAY, 0}, {"saturday", W_WEEKDAY, 0}, {"sunday", W_WEEKDAY, 0},
    {NULL, 0, 0}};

/* English measures a Japanese figure is converted to: a figure next to one may be a
 * conversion of the Japanese one (5丈1尺 / 15.3 meters; 5キロ / 3 miles). */
static const char *const en_measures[] = {
    "mile", "miles", "feet", "foot", "ft", "inch", "inches", "acre", "acres", "pound",
    "pounds", "lb", "lbs", "ounce", "ounces", "gallon", "gallons", "yard", "yards", "square",
    "tsubo", "koku", "shaku", "sun", "ri", "cho", "tan", NULL};
/* Metric units, which the Japanese writes too (5キロ / 5 km): a figure next to one is the
 * Japanese figure, or the same in another scale (5000メートル / 5 km). */
static const char *const en_metric[] = {
    "meter", "meters", "metre", "metres", "m", "cm", "mm", "km", "kilometer", "kilometers",
    "kilometre", "kilometres", "centimeter", "centimeters", "centimetre", "centimetres",
    "millimeter", "millimeters", "gram", "grams", "g", "kg", "kilogram", "kilograms", "liter",
    "liters", "litre", "litres", "litter", "litters", "hectare", "hectares", "ha", "ton",
    "tons", "tonnes", NULL};

/* Relative dates in English (2025年 ↔ "next year"). */
static const char *const en_relative[] = {
    "next year", "this year", "last year", "the same year", "the following year",
    "the previous year", "that year", "next month", "this month", "last month", "today",
    "yesterday", "tomorrow", "the same day", "the following day", "the previous day",
    "next week", "last week", "this week", "this morning", "tonight", NULL};

static const word *lookup(const char *w)
{
    for (const word *x = words; x->w; x++)
        if (x->w[0] == w[0] && !strcmp(x->w, w))
            return x;
    return NULL;
}

/* The next word after spaces (and one hyphen when `hyphen`): its category and end. */
static uint8_t next_word(const ty__qreader *r, size_t i, int hyphen, char *w, size_t cap,
                         size_t *end, double *value)
{
    size_t ws = ty__num_skip_space(chars(r), i, 0), we;
    const word *x;
    if (hyphen && (cp_at(r, ws) == '-' || cp_at(r, ws) == 0x2010) && cls_at(r, ws + 1) == TY__C_LATIN)
        ws++;
    we = ty__num_word_at(chars(r), ws, w, cap);
    *end = we;
    *value = 0;
    if (we == ws)
        return W_NONE;
    x = lookup(w);
    if (!x)
        return W_NONE;
    *value = x->value;
    return x->cat;
}

static int in_list(const char *w, const char *const *list)
{
    for (size_t k = 0; list[k]; k++)
        if (list[k][0] == w[0] && !strcmp(w, list[k]))
            return 1;
    return 0;
}

/* A duration word after the number ending at j: hours or minutes. *end after it; minutes per
 * unit in *mult (0: none). "N hours and M minutes" is read whole (*extra minutes). */
static void duration_after(const ty__qreader *r, size_t j, size_t *end, int *mult, double *extra)
{
    char w[24];
    size_t we, ws = j;
    double dummy;
    *mult = 0;
    *extra = 0;
    *end = j;
    if (cp_at(r, ws) == '-' && cls_at(r, ws + 1) == TY__C_LATIN)
        ws++;
    ws = ty__num_skip_space(chars(r), ws, 0);
    we = ty__num_word_at(chars(r), ws, w, sizeof w);
    if (we == ws)
        return;
    if (!strcmp(w, "hour") || !strcmp(w, "hours") || !strcmp(w, "hrs")) {
        size_t a;
        char w2[24];
        *mult = 60;
        *end = we;
        /* "and a half" */
        if (next_word(r, we, 0, w2, sizeof w2, &a, &dummy) == W_NONE && !strcmp(w2, "and")) {
            size_t b, c2;
            char w3[24], w4[24];
            next_word(r, a, 0, w3, sizeof w3, &b, &dummy);
            if (!strcmp(w3, "a") && (next_word(r, b, 0, w4, sizeof w4, &c2, &dummy), 1) &&
                !strcmp(w4, "half")) {
                *extra = 30;
                *end = c2;
            } else {
                size_t d = ty__num_skip_space(chars(r), a, 0);
                double m;
                if (cls_at(r, d) == TY__C_DIGIT) {
                    size_t e = parse_digits(r, d, &m, NULL), f;
                    if (next_word(r, e, 0, w4, sizeof w4, &f, &dummy) == W_NONE &&
                        (!strcmp(w4, "minutes") || !strcmp(w4, "minute"))) {
                        *extra = m;
                        *end = f;
                    }
                }
            }
        }
    } else if (!strcmp(w, "minute") || !strcmp(w, "minutes") || !strcmp(w, "mins")) {
        *mult = 1;
        *end = we;
    }
}

/* A measure word after the number ending at j: TY__QF_UNIT (a conversion's), TY__QF_METRIC,
 * or 0. */
static int measure_after(const ty__qreader *r, size_t j)
{
    char w[24];
    size_t we, ws = ty__num_skip_space(chars(r), j, 0);
    if (cp_at(r, ws) == '-' && cls_at(r, ws + 1) == TY__C_LATIN)
        ws++;
    we = ty__num_word_at(chars(r), ws, w, sizeof w);
    if (we <= ws)
        return 0;
    return in_list(w, en_measures) ? TY__QF_UNIT : in_list(w, en_metric) ? TY__QF_METRIC : 0;
}

/* Whether the word at i begins a sentence (the text's start, or after . ! ? : ; and an opening
 * quote or bracket). */
static int sentence_start(const ty__qreader *r, size_t i)
{
    size_t j = i;
    while (j > 0 && (r->cls[j - 1] == TY__C_SPACE || one_of(r->cp[j - 1], "\"'“‘(「")))
        j--;
    return j == 0 || one_of(r->cp[j - 1], ".!?:;");
}

/* A number in words from i (ty__num_words): its end (i when none), its value, whether it ends
 * on an ordinal (third, secondly) and whether it has a large scale word (two million). */
static size_t words_number(const ty__qreader *r, size_t i, double *v, int *ord, int *scaled)
{
    int strong;
    size_t e = ty__num_words(r->nb, chars(r), i, v, &strong), k = i;
    char w[24];

    *ord = *scaled = 0;
    while (k < e) {
        size_t we = ty__num_word_at(chars(r), k, w, sizeof w);
        const word *x = lookup(w);
        if (we == k) {
            k++;
            continue;
        }
        *ord = x && (x->cat == W_ORD || x->cat == W_TEN_ORD || x->cat == W_ADVERB);
        *scaled |= x && x->cat == W_SCALE && x->value >= 1e4;
        k = we;
    }
    return e;
}

/* Whether the text before i (after spaces and commas) ends on a month or a weekday or a day
 * of the last date: the quantity at i joins it. */
static int en_joins_date(const scan *s, size_t i)
{
    const ty__qreader *r = s->r;
    size_t j = i;
    char w[24];
    if (s->out->n == 0 || s->out->v[s->out->n - 1].date < 0)
        return 0;
    while (j > 0 && (r->cls[j - 1] == TY__C_SPACE || r->cp[j - 1] == ','))
        j--;
    if (j == s->last_end)
        return 1;
    /* "Friday, March 8": a weekday between is fine */
    {
        size_t k = j;
        while (k > 0 && r->cls[k - 1] == TY__C_LATIN)
            k--;
        if (k < j) {
            const word *x;
            ty__num_word_at(chars(r), k, w, sizeof w);
            x = lookup(w);
            if (x && x->cat == W_WEEKDAY) {
                while (k > 0 && (r->cls[k - 1] == TY__C_SPACE || r->cp[k - 1] == ','))
                    k--;
                return k == s->last_end;
            }
        }
    }
    return 0;
}

static ty_status en_emit(scan *s, int kind, double v, double alt, unsigned f, size_t a, size_t b,
                         int joinable)
{
    ty_status rc = emit(s, kind, v, alt, f, a, b);
    if (rc == TY_OK)
        join_date(s, joinable);
    return rc;
}

static ty_status en_digits(scan *s, size_t i, size_t *next)
{
    ty__qreader *r = s->r;
    double v, extra;
    size_t j, e, we;
    int nd, mult, kind = TY__Q_NUM, joinable = en_joins_date(s, i);
    unsigned f = TY__QF_DIGITS;
    char w[24];
    double dummy;
    const ty__qty *last = s->out->n ? &s->out->v[s->out->n - 1] : NULL;

    j = parse_digits(r, i, &v, &nd);
    /* a fraction: 1/40 (not a date such as 3/15/2024) */
    if (cp_at(r, j) == '/' && cls_at(r, j + 1) == TY__C_DIGIT) {
        size_t k = j + 1;
        while (cls_at(r, k) == TY__C_DIGIT)
            k++;
        if (!(cp_at(r, k) == '/' && cls_at(r, k + 1) == TY__C_DIGIT)) {
            *next = k;
            return TY_OK;
        }
    }
    /* times: 3:47 (p.m.), 10 a.m. */
    if (cp_at(r, j) == ':' && cls_at(r, j + 1) == TY__C_DIGIT && cls_at(r, j + 2) == TY__C_DIGIT &&
        cls_at(r, j + 3) != TY__C_DIGIT && v <= 24 && v == floor(v) && j - i <= 2) {
        double m = r->num[j + 1] * 10 + r->num[j + 2];
        j += 3;
        if ((e = ty__num_ampm(chars(r), j)) > 0)
            j = e;
        *next = j;
        return en_emit(s, TY__Q_TIME, fmod(v, 12) * 60 + m, -1, f, i, j, joinable);
    }
    if (v >= 1 && v <= 12 && v == floor(v) && (e = ty__num_ampm(chars(r), j)) > 0) {
        *next = e;
        return en_emit(s, TY__Q_TIME, fmod(v, 12) * 60, -1, f, i, e, joinable);
    }
    /* 22nd, 1990s */
    we = ty__num_word_at(chars(r), j, w, sizeof w);
    if (we > j) {
        if (!strcmp(w, "st") || !strcmp(w, "nd") || !strcmp(w, "rd") || !strcmp(w, "th")) {
            j = we;
        } else if (!strcmp(w, "s")) {
            f |= TY__QF_VAGUE;
            j = we;
        } else if (in_list(w, en_measures)) {
            f |= TY__QF_UNIT; /* 3ft */
        } else if (in_list(w, en_metric)) {
            f |= TY__QF_METRIC; /* 2.3m, 507km */
        } else {
            *next = ty__num_skip_token(chars(r), i); /* 3D, 5G: a token */
            return TY_OK;
        }
    }
    /* scales: 2.7 million */
    for (;;) {
        uint8_t cat = next_word(r, j, 0, w, sizeof w, &e, &dummy);
        if (cat != W_SCALE)
            break;
        v *= dummy;
        f |= dummy >= 1e4 ? TY__QF_SCALED : 0;
        j = e;
    }
    duration_after(r, j, &e, &mult, &extra);
    if (mult) {
        *next = e;
        return en_emit(s, TY__Q_DURATION, v * mult + extra, mult == 60 && !extra ? v : -1, f, i, e,
                       0);
    }
    f |= (unsigned)measure_after(r, j);
    /* a year right after a capitalized word inside a sentence names something (Expo 2025) */
    if (nd == 4 && !joinable && i >= 2 && r->cls[i - 1] == TY__C_SPACE && r->cls[i - 2] == TY__C_LATIN) {
        size_t k = i - 1;
        char pw[24];
        const word *mw;
        while (k > 0 && r->cls[k - 1] == TY__C_LATIN)
            k--;
        ty__num_word_at(chars(r), k, pw, sizeof pw);
        mw = lookup(pw);
        if (r->cp[k] >= 'A' && r->cp[k] <= 'Z' && !sentence_start(r, k) &&
            !(mw && (mw->cat == W_MONTH || mw->cat == W_MONTH_ABBR)))
            f |= TY__QF_NAME;
    }
    /* a date: the day after a month, the year after a day or a month */
    if (joinable && last && last->kind == TY__Q_MONTH && v >= 1 && v <= 31 && v == floor(v) &&
        nd <= 2)
        kind = TY__Q_DAY;
    else if (joinable && last && (last->kind == TY__Q_MONTH || last->kind == TY__Q_DAY) &&
             nd == 4)
        kind = TY__Q_YEAR;
    else if (v >= 1 && v <= 31 && nd <= 2 &&
             next_word(r, j, 0, w, sizeof w, &e, &dummy) == W_MONTH) {
        kind = TY__Q_DAY; /* 8 March */
        joinable = 0;
    } else if (v <= 1) {
        *next = j;
        return TY_OK;
    }
    *next = j;
    return en_emit(s, kind, v, -1, f, i, j, joinable);
}

static ty_status en_word(scan *s, size_t i, size_t *next)
{
    ty__qreader *r = s->r;
    char w[24];
    size_t we = ty__num_word_at(chars(r), i, w, sizeof w), e;
    int cap = r->cp[i] >= 'A' && r->cp[i] <= 'Z', ord, scaled, mult, k;
    const word *x;
    double v, extra;
    unsigned f = TY__QF_WORD;

    *next = we > i ? we : i + 1;
    if (we == i) {
        while (*next < r->n && r->cls[*next] == TY__C_LATIN)
            (*next)++;
        return TY_OK;
    }
    x = lookup(w);
    if (cap && x && (x->cat == W_MONTH || (x->cat == W_MONTH_ABBR && cp_at(r, we) == '.'))) {
        /* May is a month next to a number or after in, of, since, until, … ("in May") */
        size_t a = ty__num_skip_space(chars(r), we + (cp_at(r, we) == '.'), 0);
        if (x->value == 5 && cls_at(r, a) != TY__C_DIGIT && !en_joins_date(s, i)) {
            static const char *const before[] = {"in", "of", "since", "until", "till", "by",
                                                 "from", "during", "early", "late", "mid",
                                                 "end", "to", "through", "last", "next",
                                                 "this", "and", NULL};
            char pw[24];
            size_t pk = i;
            while (pk > 0 && r->cls[pk - 1] == TY__C_SPACE)
                pk--;
            while (pk > 0 && r->cls[pk - 1] == TY__C_LATIN)
                pk--;
            if (pk == i || (ty__num_word_at(chars(r), pk, pw, sizeof pw), !in_list(pw, before)))
                return TY_OK;
        }
        *next = we + (x->cat == W_MONTH_ABBR);
        return en_emit(s, TY__Q_MONTH, x->value, -1, f, i, *next, en_joins_date(s, i));
    }
    if (x && x->cat == W_TIMES)
        return en_emit(s, TY__Q_NUM, x->value, -1, f | TY__QF_PARTNER, i, we, 0);
    if (x && x->cat == W_ADVERB)
        return en_emit(s, TY__Q_NUM, x->value, -1, f | TY__QF_ORDINAL, i, we, 0);
    if (x && (x->cat == W_DECADE || x->cat == W_PLURAL_SCALE))
        return en_emit(s, TY__Q_NUM, x->value, -1, f | TY__QF_VAGUE, i, we, 0);
    if (!strcmp(w, "half") || !strcmp(w, "an") || !strcmp(w, "a")) {
        /* half an hour, an hour (and a half), a half hour */
        char w2[24], w3[24];
        size_t a, b;
        double d;
        next_word(r, we, 0, w2, sizeof w2, &a, &d);
        if (!strcmp(w, "half") && (!strcmp(w2, "an") || !strcmp(w2, "a"))) {
            next_word(r, a, 0, w3, sizeof w3, &b, &d);
            if (!strcmp(w3, "hour")) {
                *next = b;
                return en_emit(s, TY__Q_DURATION, 30, -1, f, i, b, 0);
            }
        }
        if (strcmp(w, "half") && !strcmp(w2, "hour")) {
            duration_after(r, we, &e, &mult, &extra);
            *next = e;
            return en_emit(s, TY__Q_DURATION, 60 + extra, extra ? -1 : 1, f, i, e, 0);
        }
    }
    e = words_number(r, i, &v, &ord, &scaled);
    if (e > i) {
        char w2[24], w3[24], w4[24];
        size_t a, b, c;
        double d;
        *next = e;
        if (cap && !sentence_start(r, i))
            f |= TY__QF_NAME;
        if (ord)
            f |= TY__QF_ORDINAL;
        if (scaled && v >= 1e4)
            f |= TY__QF_SCALED;
        /* "one and a half hours" */
        if (next_word(r, e, 0, w2, sizeof w2, &a, &d) == W_NONE && !strcmp(w2, "and") &&
            (next_word(r, a, 0, w3, sizeof w3, &b, &d), !strcmp(w3, "a")) &&
            (next_word(r, b, 0, w4, sizeof w4, &c, &d), !strcmp(w4, "half"))) {
            duration_after(r, c, &a, &mult, &extra);
            if (mult == 60) {
                *next = a;
                return en_emit(s, TY__Q_DURATION, v * 60 + 30, -1, f, i, a, 0);
            }
        }
        duration_after(r, e, &a, &mult, &extra);
        if (mult && !ord) {
            *next = a;
            return en_emit(s, TY__Q_DURATION, v * mult + extra, mult == 60 && !extra ? v : -1, f,
                           i, a, 0);
        }
        if (v <= 1)
            return TY_OK;
        f |= (unsigned)measure_after(r, e);
        return en_emit(s, TY__Q_NUM, v, -1, f, i, e, 0);
    }
    if (cap && (k = ty__num_roman(chars(r), i, we)) > 1 && (we - i >= 2 || !sentence_start(r, i)))
        return en_emit(s, TY__Q_NUM, k, -1, f | TY__QF_ORDINAL | TY__QF_NAME, i, we, 0);
    return TY_OK;
}

/* Whether an English relative date starts at i (at a word start). */
static size_t en_relative_at(const ty__qreader *r, size_t i)
{
    for (size_t k = 0; en_relative[k]; k++) {
        const char *p = en_relative[k];
        size_t j = i;
        while (*p && j < r->n && (r->cp[j] | 0x20) == (UChar32)*p) {
            p++;
            j++;
        }
        if (!*p && cls_at(r, j) != TY__C_LATIN)
            return j - i;
    }
    return 0;
}

static ty_status scan_en(scan *s)
{
    ty__qreader *r = s->r;
    size_t i = 0, next;
    ty_status rc = TY_OK;

    while (i < r->n && rc == TY_OK) {
        UChar32 c = r->cp[i];
        uint8_t k = r->cls[i];
        next = i + 1;
        if (is_open(c)) {
            s->paren++;
        } else if (is_close(c)) {
            if (s->paren > 0)
                s->paren--;
        } else if (k == TY__C_LATIN) {
            if (i > 0 && (r->cls[i - 1] == TY__C_LATIN || r->cls[i - 1] == TY__C_DIGIT)) {
                next = i + 1;
            } else {
                size_t m = (r->cp[i] | 0x20) >= 'a' ? en_relative_at(r, i) : 0;
                if (m)
                    s->out->context |= TY__QC_RELATIVE;
                rc = en_word(s, i, &next);
            }
        } else if (k == TY__C_NUMSYM) {
            if (r->num[i] >= 2)
                rc = en_emit(s, TY__Q_NUM, r->num[i], -1, TY__QF_WORD | TY__QF_ORDINAL, i, i + 1,
                             0);
        } else if (k == TY__C_DIGIT) {
            if (ty__num_latin_glued(chars(r), i))
                next = ty__num_skip_token(chars(r), i);
            else
                rc = en_digits(s, i, &next);
        }
        i = next > i ? next : i + 1;
    }
    return rc;
}

ty_status ty__qread(ty__qreader *r, ty_lang lang, const char *text, size_t len, ty__qtys *out)
{
    scan s;
    ty_status rc;

    out->n = 0;
    out->context = 0;
    out->correction = 0;
    out->neras = 0;
    if ((rc = decode(r, text, len)) != TY_OK)
        return rc;
    memset(&s, 0, sizeof s);
    s.r = r;
    s.out = out;
    s.alt_target = -1;
    return lang == TY_LANG_JA ? scan_ja(&s) : scan_en(&s);
}
