/*
 * window.h — the segmenter's paragraph window, inside the library only. A paragraph of more
 * lines than the window is decided in parts so that its work areas stay bounded; the parts
 * give the segments the whole paragraph gives. Tests make the window small to check that.
 */
#ifndef TY_SEGMENT_WINDOW_H
#define TY_SEGMENT_WINDOW_H

#include <stddef.h>

#include "taiyaku.h"

/* Decide paragraphs of more than `lines` lines (at least 8) in parts. */
void ty__segmenter_set_window(ty_segmenter *seg, size_t lines);

#endif
