/*
 * align.h — private to the aligner (align.c, sides.c, score.c, dp.c,
 * learn.c, base/u64map.c). Not installed. The aligner works on "sides": one array of units
 * per language, a unit being a segment (level 0) or a run of consecutive segments (coarser
 * levels of the corridor search), reduced to what the model needs: a length, structure flags
 * and a sorted multiset of dense anchor-key ids.
 */
#ifndef TY_ALIGN_H
#define TY_ALIGN_H

#include <stddef.h>
#include <stdint.h>

#include "base/sort.h"
#include "base/u64map.h"
#include "taiyaku.h"

/* ---- bead shapes ------------------------------------------------------------------------ */

extern const unsigned char ty__shape_ja[TY_BEAD_SHAPES], ty__shape_en[TY_BEAD_SHAPES];
#define TY__MAX_SIDE 3 /* the most segments on one side of a bead */

/* TY_ERR_INVALID naming the first option out of range (beads.c). */
ty_status ty__align_opts_check(const ty_align_opts *o, ty_error *err);

/* ---- units and sides (sides.c) ---------------------------------------------------- */

enum {
    TY__U_PARA = 1,    /* starts a paragraph (not the document's first) */
    TY__U_LINE = 2,    /* a heading/line without final punctuation */
    TY__U_LABEL = 4,   /* starts with a speaker label */
    TY__U_QUESTION = 8, /* a question (ty__question) */
    TY__U_ENUM = 16,    /* carries an enumeration marker, "２点目です。" / "Secondly," (cues.c) */
    TY__U_MIXED = 32,   /* (sides of beads only) headings and sentences together */
    TY__U_FORMULA = 64, /* a formula translations often leave out (formula.c) */
    TY__U_TURN = 128,   /* follows a formula with a label or a paragraph start (and has
                           neither), or a run of such formulas: they may be left out and this
                           unit carry the label and paragraph start */
    TY__U_REPEAT = 256, /* nearly repeats one of the few units before it (cues.c) */
    TY__U_CONT = 512,   /* continues the unit before it: "This is …", "It also …",
                           "I will therefore …"; これにより、…, また、… (cues.c) */
    TY__U_QUOTE = 1024  /* quotes something: 「…」, “…”, 'Karaku meisho zue' (cues.c) */
};
#define TY__FEATURES 5 /* the flags above up to TY__U_ENUM, in bit order */
/* Units a translation leaves out more often than others (their 1:0 / 0:1 beads get
 * opts.formula_drop). */
#define TY__U_DROPPABLE (TY__U_FORMULA | TY__U_REPEAT)

typedef struct ty__unit {
    uint32_t len;     /* characters (code points; white space excluded unless count_spaces) */
    uint32_t key_off; /* keys [key_off, key_off + key_n) of the side's key array */
    uint32_t key_n;
    uint16_t flags;
    uint16_t rare;    /* content tokens no other unit of the document holds (learn.c) */
} ty__unit;

typedef struct ty__side {
    size_t n;
    ty__unit *u;
    uint32_t *key; /* dense key ids: a sorted set per unit */
    size_t nkey, capkey;
    uint64_t *cum; /* cum[i] = total length of units [0, i); n + 1 entries */
} ty__side;

/* Dense key ids: the kinds of anchors/anchors.h plus the learned lexicon. */
#define TY__KIND_LEARNED 4
#define TY__KINDS 5

/* The pair's key table: id -> kind, document frequencies and weights. */
typedef struct ty__keys {
    ty__u64map ids; /* (kind << 32 | key) -> dense id */
    uint8_t *kind;
    uint32_t *df[2]; /* units of the ja / en side holding the key */
    float *pos;      /* log-likelihood ratio added when both sides of a bead hold the key */
    float *neg[2];   /* added (<= 0) when the ja [0] / en [1] side holds it and the other
                        side of the bead does not (numbers and Latin tokens only) */
    size_t n, cap;
    /* the ids of recently interned keys, direct-mapped: (kind << 32 | key) + 1 (0: empty)
     * and its id, TY__KEY_MEMO of each, allocated on the first intern */
    uint64_t *memo;
} ty__keys;
#define TY__KEY_MEMO 4096 /* a power of two */

/* The interned id of (kind, key); UINT32_MAX when out of memory. */
uint32_t ty__keys_intern(ty__keys *keys, unsigned kind, uint32_t key);
void ty__keys_free(ty__keys *keys);
void ty__side_free(ty__side *side);
/* Append a unit holding keys[0, nkeys) (sorted here). */
ty_status ty__side_push(ty__side *side, uint32_t len, uint16_t flags, const uint32_t *keys,
                        size_t nkeys);
/* Compute cum[]. */
ty_status ty__side_finish(ty__side *side);

/* Level 0: one unit per segment of `doc`, with its anchor keys (ctx may be NULL: no anchors). */
struct ty_anchor_ctx;
struct ty__doc_anchors;
/* Whether segment `seg` of a document in `lang` is a formula that translations often leave
 * out: a greeting, a courtesy formula, a self-introduction repeating the speaker label, a
 * language switch (formula.c). */
int ty__formula(ty_lang lang, const ty_segment *seg);
/* Whether segment `seg` of a document in `lang` carries an enumeration marker: "N点目",
 * "もう１点", a sentence opening with まず、/次に、/最後に、; "First,", "Secondly,", "The second
 * …", "my first question" (cues.c). */
int ty__enum_marker(ty_lang lang, const ty_segment *seg);
/* Whether a sentence (not a heading or line) continues the one before it, after its speaker
 * label: in English it opens with a pronoun or demonstrative that points back (this, these,
 * it, its, they, their, such), a connective (therefore, thus, however, moreover, …, "In
 * addition,", "At the same time,"), or has also, therefore, this or these among its first
 * four words, or also after an auxiliary among its first eight ("Self-Defense Force
 * aircraft have also …"); in Japanese it opens with これ, この, その, それ, こうした, また、, さらに, 一方,
 * すなわち, したがって, なお、, ただし, 同時に (cues.c). A translator who renders one Japanese
 * sentence as two opens the second so, and a continuing Japanese sentence has a continuing
 * translation. */
int ty__continues(ty_lang lang, const ty_segment *seg);
/* Whether a segment, after its speaker label, holds a quotation: in Japanese a span in 「…」 or
 * 『…』, in English one in “…”, "…", or in ‘…’ or '…' opening and closing a word (not an
 * apostrophe). A translation keeps the quotation marks of what it renders (cues.c). */
int ty__quotes(ty_lang lang, const ty_segment *seg);
/* Whether a segment is a question: it ends with a question mark (closing brackets and quotes
 * after it ignored); in Japanese also with か。 (…でしょうか。 …ますか。, which transcripts
 * write without ？) or with a request for an answer (…をお聞かせください。 …を教えてください。
 * …についてもお願いします。, not …ようお願いします。 nor よろしくお願いします。), which
 * translations give as a question (sides.c). */
int ty__question(ty_lang lang, const ty_segment *seg);
/* Set TY__U_REPEAT in flags[i] for each sentence of `doc` that nearly repeats one of the 4
 * before it, or in Japanese restates most of one, with no number of its own (cues.c);
 * TY_ERR_NOMEM. */
ty_status ty__mark_repeats(const ty_doc *doc, uint16_t *flags);
/* The units of `doc`, their keys interned in `keys`; with `keep` (may be NULL), each
 * segment's anchors appended to it too (anchors.h's ty__doc_anchors). */
ty_status ty__side_from_doc(const ty_doc *doc, struct ty_anchor_ctx *ctx, int count_spaces,
                            ty__keys *keys, ty__side *side, struct ty__doc_anchors *keep,
                            ty_error *err);
/* As ty__side_from_doc, with the units' keys left as they come (not yet sets; cum[] not
 * made): for a side read with a table of its own, which ty__side_rekey then merges. Without
 * `repeats`, no unit gets TY__U_REPEAT (nothing else here depends on it): the caller marks
 * them (ty__mark_repeats) at the same time and adds them to the units' flags after. */
ty_status ty__side_read(const ty_doc *doc, struct ty_anchor_ctx *ctx, int count_spaces, int repeats,
                        ty__keys *keys, ty__side *side, struct ty__doc_anchors *keep,
                        ty_error *err);
/* Move a side read by ty__side_read with the key table `local` to `keys`: local's keys are
 * interned in `keys` in local's id order (the ids one table would have given had the side
 * been read after the others), the units' keys renamed and made sets, cum[] made;
 * TY_ERR_NOMEM. */
ty_status ty__side_rekey(ty__side *side, const ty__keys *local, ty__keys *keys);
/* A coarser side: units 2k and 2k+1 of `fine` merged, keeping the keys of positive weight
 * (the rarest ones when there are many). */
ty_status ty__side_coarsen(const ty__side *fine, const ty__keys *keys, ty__side *coarse);
/* Drop the keys that weigh nothing (held by one side of the pair only) from the units. */
void ty__side_prune(ty__side *side, const ty__keys *keys);
/* Count document frequencies and set every key's weights (opts: carry probabilities). */
ty_status ty__keys_weigh(ty__keys *keys, const ty__side *ja, const ty__side *en,
                         const double carry[TY__KINDS]);

/* ---- the model (score.c) ---------------------------------------------------------- */

typedef struct ty__model {
    double logprior[TY_BEAD_SHAPES]; /* -INFINITY for shapes not allowed */
    double c, sigma, smooth;         /* length model: log(B+s) ~ N(log(cA+s), sigma^2) */
    double mu[TY__MAX_SIDE + 1], tau[TY__MAX_SIDE + 1]; /* log(B+s) of k random en units */
    double len_norm[TY__MAX_SIDE + 1]; /* log(tau[k] / sigma), set with mu and tau */
    /* rare content: log(R_en+s) ~ N(log(rc R_ja+s), rsigma^2) for a translation, N(rmu_b,
     * rtau_b^2) for b unrelated English units; rc 0: not used */
    double rc, rsigma, rsmooth, rmu[TY__MAX_SIDE + 1], rtau[TY__MAX_SIDE + 1];
    double rare_norm[TY__MAX_SIDE + 1];
    double feat[TY__FEATURES][2][2]; /* [f][ja has][en has]: log LR of the side flags */
    double log_cross;                /* per paragraph boundary inside a side */
    double log_formula;              /* log opts.formula_drop: a formula's 1:0 / 0:1 bead */
    double log_formula_join;         /* per formula or repetition on a side of several
                                        units, or a formula alone on a side against content */
    double cont_join[2];             /* per English unit after the first of a side, by
                                        whether it continues (TY__U_CONT): log LR against
                                        opening a bead after a Japanese unit that does not;
                                        0 at coarse levels */
    double cont_after[2];            /* the same for the English unit opening a bead whose
                                        Japanese side opens with a continuing unit */
    double quote[2][2];              /* [ja side quotes][en side quotes]: log LR of
                                        TY__U_QUOTE on any unit of a side; 0 at coarse
                                        levels */
    const ty__keys *keys;
} ty__model;

/* Length statistics of the English side (mu, tau) for `en`, and those of its rare content
 * (rmu, rtau; with rsigma set). */
void ty__model_length_stats(ty__model *m, const ty__side *en);
/* Feature log-LRs from the probabilities that a translation copies each flag, and the
 * sides' flag rates. */
void ty__model_features(ty__model *m, const ty__side *ja, const ty__side *en,
                        const double copy[TY__FEATURES]);
/* The log-LR table out[ja has][en has] of flag `flag`, which a translation copies with
 * probability r and unrelated segments have at the English side's rate; all 0 when a side
 * never or always has it. */
void ty__flag_lr(const ty__side *ja, const ty__side *en, unsigned flag, double r,
                 double out[2][2]);
/* The flags of the side of k units from `first`: paragraph start and label of the first unit,
 * heading if all are (mixed if some are), question if any is (a translation may put a
 * question before or after the sentence it splits off); adds paragraph boundaries inside to
 * *crossed. */
unsigned ty__side_flags(const ty__side *s, size_t first, unsigned k, unsigned *crossed);

/* ---- the search (dp.c) ------------------------------------------------------------ */

/* A corridor: DP positions (i, j), 0 <= i <= n, lo[i] <= j <= hi[i]; lo and hi do not
 * decrease. */
typedef struct ty__band {
    size_t n, m;
    size_t *lo, *hi, *off; /* off[i]: index of (i, lo[i]); off[n + 1] = cells */
} ty__band;

/* Buffers that the DP and the scorer reuse from one run to the next (they only grow), so that
 * the levels and passes of one alignment do not fault fresh pages in each time. */
enum {
    TY__W_VIT, TY__W_BP, TY__W_SS, TY__W_BE, TY__W_PC, TY__W_PE, TY__W_MARK, TY__W_POST,
    TY__W_MARK2, TY__W_PE2, TY__W_ROWS, TY__W_TERMS, TY__W_SLOTS
};
typedef struct ty__work {
    void *p[TY__W_SLOTS];
    size_t cap[TY__W_SLOTS];
    /* the threads a DP call may use (0 or 1: the caller's only), and the fewest cells a call
     * must have to use a second one (0: TY__DP_THREAD_CELLS) */
    size_t threads, thread_cells;
} ty__work;

/* Buffer `slot` with room for at least `bytes` (contents not kept), or NULL. */
void *ty__work_get(ty__work *w, int slot, size_t bytes);
/* The same, keeping the contents when it grows (NULL: out of memory, the buffer as it was). */
void *ty__work_grow(ty__work *w, int slot, size_t bytes);
void ty__work_free(ty__work *w);

/* The threads an alignment may use (opts->threads, 0 resolved to the processors online, at most
 * TY__MAX_THREADS). */
#define TY__MAX_THREADS 64
size_t ty__align_threads(const ty_align_opts *o);

/* Whether a DP call over corridor b (and its scorer's set-up) uses a second thread: two are
 * allowed and b has at least w->thread_cells cells (0: TY__DP_THREAD_CELLS; below that,
 * starting a thread costs more than it saves). */
#define TY__DP_THREAD_CELLS 20000
int ty__work_two_threads(const ty__work *w, const ty__band *b);

ty_status ty__band_full(size_t n, size_t m, ty__band *b);
/* A corridor around a path of positions pos[0..np) (pairs i, j) on a grid `scale` times
 * coarser: row i of this level spans the path's columns for rows near i, times scale, plus
 * half_width[i] on each side. */
ty_status ty__band_around(size_t n, size_t m, const size_t *pos, size_t np, size_t scale,
                          const size_t *half_width, ty__band *b);
/* A path's cells count as likely where their posterior is at least exp(-TY__MASS_FLOOR). */
#define TY__MASS_FLOOR 50.0
/* Narrow each row i of *b to its part of the columns [lo[i] - margin, hi[i] + margin] (a row
 * keeps its columns where lo[i] > hi[i] or that part is empty), then widen rows as little as
 * needed for lo and hi not to decrease again (never beyond the corridor as it was). */
void ty__band_narrow(ty__band *b, const size_t *lo, const size_t *hi, size_t margin);
void ty__band_free(ty__band *b);

#define TY__PAIR 4 /* shared weight, ja-missing and en-missing matched, shared count */
#define TY__ENTRY (3 * TY__PAIR) /* floats cached per segment pair (see ty__scorer) */
#define TY__SHARED_MAX 1024      /* shared keys of a pair counted, at most (2 x unit cap) */

/* Bead scores over a corridor: the model plus the anchor evidence of every segment pair the
 * corridor's beads can hold, computed once (score.c). */
#define TY__STAB_SLOTS 1024 /* a power of two */
typedef struct ty__scorer {
    const ty__model *m;
    const ty__side *ja, *en;
    float *negja, *negen;     /* per unit: total missing-key penalty if nothing matches */
    float *nullja, *nullen;   /* per unit: what its keys cost when it is left out */
    double *logja, *logen;    /* smoothed log lengths of the groups of 1-3 units ending at
                                 each position (the Japanese ones times the ratio) */
    double *rareja, *rareen;  /* the same for their rare content (NULL: not used) */
    double *een;              /* per logen entry of k units, ((logen - mu[k]) / tau[k])^2 */
    double *joinja, *joinen;  /* per unit, what it adds to a side of several units:
                                 log_formula_join for a formula or repetition, else 0 */
    float *unitsja, *unitsen; /* half the log of the effective number of units of the groups
                                 of 2 and 3 units starting at each position (score.c) */
    size_t *plo, *phi, *poff; /* pair rows: en units [plo[i], phi[i]) at pc[poff[i]] */
    /* the pair rows of the beads ending in row `rows_for`: row rows_for - 1 - d spans en units
     * [rlo[d], rhi[d]), pair j at pc[rbase[d] + j] (modulo SIZE_MAX + 1), its entry in
     * rpe[d] */
    size_t rows_for, rlo[TY__MAX_SIDE], rhi[TY__MAX_SIDE], rbase[TY__MAX_SIDE];
    const float *rpe[TY__MAX_SIDE];
    /* (in the work buffers) per pair (i, j), its entry's index in pe (rows from pe_split on:
     * in pe2, filled by a second thread): TY__ENTRY floats, that is TY__PAIR values each
     * for: the pair itself; the duplicate keys of the en group of 2 at j that i holds; those
     * of the ja group of 2 at i that j holds. Most pairs share no key: they all have entry
     * 0, all zero. */
    uint32_t *pc;
    float *pe, *pe2;
    size_t pe_split;
    /* per side [0 ja, 1 en] and group size [0: 2 units, 1: 3 units]: the keys that several
     * units of the group starting at each unit hold, sorted, with (units holding it - 1),
     * and their missing penalty in all; they make a bead's score exact for the union of
     * each side's keys */
    size_t *goff[2][2];
    struct ty__dup {
        uint32_t key, extra;
    } *dup[2][2];
    float *gneg[2][2];
    /* per side: the flags of the group of k units starting at each unit, packed in 7 bits,
     * and the paragraph boundaries inside it << 8, at [(k - 1) * (n + 1) + first]; the
     * structure score of each (boundaries, ja flags, en flags) once met (sknown) */
    uint16_t *gflags[2];
    /* the structure scores of the (boundaries, ja flags, en flags) met, direct-mapped: a
     * document meets a few hundred of the 81,920 combinations, and a table of them all would
     * cost 700 KB allocated and freed per corridor */
    struct ty__stab {
        uint32_t key; /* the combination + 1; 0: empty */
        double v;
    } stab[TY__STAB_SLOTS];
    /* (in the work buffers) one byte per key id: what the beads of 3 units ending in row
     * `row` (0: none) need of their Japanese side (score.c: row_marks) */
    uint8_t *mark;
    size_t row;
} ty__scorer;

ty_status ty__scorer_init(ty__scorer *sc, const ty__model *m, const ty__side *ja,
                          const ty__side *en, const ty__band *b, ty__work *w);
/* out[s] = the log score of the bead of shape s ending at DP position (I, J), for each shape
 * s in `mask` (bit 1 << s), in shape order; the other entries are left alone. */
void ty__score_cell(ty__scorer *sc, size_t I, size_t J, unsigned mask,
                    double out[TY_BEAD_SHAPES]);
void ty__scorer_free(ty__scorer *sc);
/* A copy of *sc for another thread: it reads sc's tables (which must outlive it and stay
 * unchanged) and has caches of its own, `mark` being its one byte per key id (all zero);
 * it scores as sc does. Not to be given to ty__scorer_free. */
void ty__scorer_copy(const ty__scorer *sc, uint8_t *mark, ty__scorer *copy);

typedef struct ty__path {
    ty_bead *bead;
    size_t n;
    double expected[TY_BEAD_SHAPES]; /* posterior expected count of each shape */
    int touched;                     /* the path came near the corridor's edge */
    size_t *touch_rows;              /* rows where it did (n_touch of them) */
    size_t n_touch;
    /* with posteriors, per row i of the corridor (0..n): the first and last column of the
     * cells whose posterior is at least exp(-TY__MASS_FLOOR); mass_lo > mass_hi (SIZE_MAX,
     * 0) where they are not known: none, or some near an edge of the corridor that is not
     * the matrix's own */
    size_t *mass_lo, *mass_hi;
} ty__path;

/* Best path in the corridor; with `posterior` (TY__POST_*), also forward-backward
 * confidences (scores divided by `temperature`) and the expected shape counts.
 * TY_ERR_INVALID when no path of allowed beads crosses the corridor. */
enum { TY__POST_NONE, TY__POST_CONFIDENCE, TY__POST_COUNTS };
ty_status ty__dp(const ty__side *ja, const ty__side *en, const ty__model *m, const ty__band *b,
                 int posterior, double temperature, ty__work *w, ty__path *out, ty_error *err);
void ty__path_free(ty__path *p);

/* ---- the reported confidence (confidence.c) ---------------------------------------- */

/* What the confidence of a bead is computed from: 1, the log-odds of its posterior, whether a
 * bilingual lexicon was used, whether it is a 1:0 / 0:1 bead, whether a side holds several
 * segments, whether it is a paired bead that an unpaired neighbour may belong to (the English
 * sentence after it, left out, continues it; or the Japanese sentence before it was left
 * out), the posterior when the bead's lengths disagree (z^2 >= 2 under the length model),
 * and for a 1:1 bead the share of its alignment's beads the model is unsure of. */
#define TY__CAL_FEATURES 8
/* The aligner's state those features read: the level-0 sides' lengths and the length model
 * of the pass whose posteriors they are; ja NULL: no sides (the length feature is 0); how
 * much of the alignment the model is unsure of (ty__cal_unsure). */
typedef struct ty__cal_ctx {
    const ty__side *ja, *en;
    double c, sigma, smooth;
    int lexicon;
    double unsure;
} ty__cal_ctx;
/* The share of beads[0, n) whose posterior (their confidence before the map) is below 0.9,
 * drawn towards the corpus's share (0.11) as if 20 beads of it were added: 0.11 for no beads. */
double ty__cal_unsure(const ty_bead *bead, size_t n);
void ty__cal_features(const ty_bead *bead, size_t k, size_t n, double posterior,
                      const ty__cal_ctx *cx, double x[TY__CAL_FEATURES]);
/* The confidence for features x under weights w (NULL: the weights ty_align uses). */
double ty__cal_apply(const double *w, const double x[TY__CAL_FEATURES]);
/* The features bead k of an alignment was given its confidence from (for
 * tests/bench/calibrate, which fits the weights); NULL when k is out of range. */
const double *ty__alignment_features(const ty_alignment *al, size_t k);
/* An alignment holding beads[0, n), their features x (TY__CAL_FEATURES each) and which of
 * them are pins (pinned: n flags, or NULL for none), all malloc'd and owned by it from now on
 * (freed here on failure too). */
/* The anchors of `doc`'s segments that ty_align read when it made `al` from `doc` (the
 * dictionaries' left out; anchors.h), or NULL: `al` was made otherwise (pins) or from another
 * document. */
const struct ty__doc_anchors *ty__alignment_anchors(const ty_alignment *al, const ty_doc *doc);
ty_status ty__alignment_adopt(ty_bead *beads, double *x, unsigned char *pinned, size_t n,
                              ty_alignment **out, ty_error *err);

/* ---- the learned lexicon (learn.c) ------------------------------------------------ */

/* Set each level-0 unit's rare count: its distinct tokens (as the learned lexicon's) that
 * no other segment of `doc` holds; *total gets their sum. */
ty_status ty__rare_counts(const ty_doc *doc, ty__side *side, uint64_t *total);

/* Learn ja-character-n-gram -> English-word links from the beads of `path` whose confidence
 * is at least min_conf, then add the linked words as TY__KIND_LEARNED keys to the level-0
 * units of both sides (re-sorting their keys); with `two`, the English side's on a second
 * thread. With own_bead (the aligner sets it without dictionaries), a Japanese unit gets a
 * link to a word of its own learning bead's English side only when the link holds on the
 * other learning beads with a Dice coefficient of at least 0.6: a bead does not confirm
 * itself. */
ty_status ty__learn_lexicon(const ty_doc *ja, const ty_doc *en, const ty__path *path,
                            double min_conf, int own_bead, ty__keys *keys, ty__side *sja,
                            ty__side *sen, int two, ty_error *err);

#endif
