/*
 * poppler_dl.h — poppler-glib (and the GLib calls that go with it) loaded on first use (base/dynlib.h says why and how).
 * Include it instead of <poppler.h>; ty__read_pdf loads it.
 */
#ifndef TY_POPPLER_DL_H
#define TY_POPPLER_DL_H

#include <poppler.h>

#include "base/dynlib.h"

#define TY__POPPLER_FUNCS(X) \
    X(g_bytes_new_static) X(g_bytes_unref) X(g_error_free) X(g_free) X(g_object_unref) \
    X(poppler_document_get_n_pages) X(poppler_document_get_page) \
    X(poppler_document_new_from_bytes) X(poppler_error_quark) \
    X(poppler_page_free_image_mapping) X(poppler_page_get_image_mapping) \
    X(poppler_page_get_size) X(poppler_page_get_text) X(poppler_page_get_text_layout)

TY__DYNLIB_DECLARE(poppler, TY__POPPLER_FUNCS)

#ifndef TY__POPPLER_DL_SELF
#define g_bytes_new_static (ty__poppler.g_bytes_new_static)
#define g_bytes_unref (ty__poppler.g_bytes_unref)
#define g_error_free (ty__poppler.g_error_free)
#define g_free (ty__poppler.g_free)
#define g_object_unref (ty__poppler.g_object_unref)
#define poppler_document_get_n_pages (ty__poppler.poppler_document_get_n_pages)
#define poppler_document_get_page (ty__poppler.poppler_document_get_page)
#define poppler_document_new_from_bytes (ty__poppler.poppler_document_new_from_bytes)
#define poppler_error_quark (ty__poppler.poppler_error_quark)
#define poppler_page_free_image_mapping (ty__poppler.poppler_page_free_image_mapping)
#define poppler_page_get_image_mapping (ty__poppler.poppler_page_get_image_mapping)
#define poppler_page_get_size (ty__poppler.poppler_page_get_size)
#define poppler_page_get_text (ty__poppler.poppler_page_get_text)
#define poppler_page_get_text_layout (ty__poppler.poppler_page_get_text_layout)
#endif

#endif
