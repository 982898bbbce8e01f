/*
 * fuzz_align.c — fuzz target for ty_align. The input is split at its first 0x00 byte into a
 * Japanese and an English document (one segment per line, speaker labels found:
 * ty_segment_lines, so that labels and formulas reach the model); its first byte
 * picks the bead set and whether the corridor search is forced, so random segment counts,
 * lengths and anchors (digits, Latin words, katakana) reach the DP, the corridor and the
 * learned lexicon. The alignment's invariants are checked; a violation aborts. Only the first
 * TY_FUZZ_MAX_LEN bytes are used (run-libfuzzer.sh passes it as -max_len): longer inputs make
 * each run slow without reaching more of the aligner (the corridor search is forced by the
 * control byte, not by size).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "taiyaku.h"

#define TY_FUZZ_MAX_LEN 1024

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *sep;
    ty_doc *ja = NULL, *en = NULL;
    ty_alignment *al = NULL;
    ty_align_opts o;
    ty_error e;
    size_t i = 0, j = 0;
    uint8_t ctl;
    static ty_segmenter *seg[2]; /* opened once, reused by every input */

    if (size < 1)
        return 0;
    if (size > TY_FUZZ_MAX_LEN)
        size = TY_FUZZ_MAX_LEN;
    if (!seg[0] && (ty_segmenter_new(TY_LANG_JA, &seg[0], &e) != TY_OK ||
                    ty_segmenter_new(TY_LANG_EN, &seg[1], &e) != TY_OK))
        abort();
    ctl = data[0];
    data++;
    size--;
    sep = memchr(data, 0, size);
    size_t nja = sep ? (size_t)(sep - data) : size / 2;
    if (ty_segment_lines(seg[0], (const char *)data, nja, "ja", &ja, &e) != TY_OK)
        goto done;
    data += nja + (sep != NULL);
    size -= nja + (sep != NULL);
    if (ty_segment_lines(seg[1], (const char *)data, size, "en", &en, &e) != TY_OK)
        goto done;
    ty_align_opts_init(&o);
    if (ctl & 1) /* a random bead set, 1:1 always in */
        o.beads = ((unsigned)ctl >> 1 | 1u) & TY_BEADS_ALL;
    if (ctl & 0x80) { /* force the corridor search */
        o.full_cells = 16;
        o.corridor = 1;
    }
    if (ty_align(ja, en, &o, &al, &e) != TY_OK) {
        if (e.status != TY_ERR_INVALID)
            abort(); /* only an impossible bead set may fail */
        goto done;
    }
    for (size_t k = 0; k < ty_alignment_count(al); k++) {
        const ty_bead *b = ty_alignment_bead(al, k);
        if (b->ja_first != i || b->en_first != j || !(b->confidence >= 0 && b->confidence <= 1) ||
            !ty_bead_shape_name(b))
            abort();
        i += b->ja_count;
        j += b->en_count;
    }
    if (i != ty_doc_count(ja) || j != ty_doc_count(en))
        abort();
done:
    ty_alignment_free(al);
    ty_doc_free(ja);
    ty_doc_free(en);
    return 0;
}
