/*
 * mhd_dl.h — libmicrohttpd loaded on first use (base/dynlib.h says why and how).
 * Include it instead of <microhttpd.h>; the server loads it before it starts.
 */
#ifndef TY_MHD_DL_H
#define TY_MHD_DL_H

#include <microhttpd.h>

#include "base/dynlib.h"

#define TY__MHD_FUNCS(X) \
    X(MHD_add_response_header) X(MHD_create_response_from_buffer) X(MHD_destroy_response) \
    X(MHD_lookup_connection_value) X(MHD_queue_response) X(MHD_start_daemon) \
    X(MHD_stop_daemon)

TY__DYNLIB_DECLARE(mhd, TY__MHD_FUNCS)

#ifndef TY__MHD_DL_SELF
#define MHD_add_response_header (ty__mhd.MHD_add_response_header)
#define MHD_create_response_from_buffer (ty__mhd.MHD_create_response_from_buffer)
#define MHD_destroy_response (ty__mhd.MHD_destroy_response)
#define MHD_lookup_connection_value (ty__mhd.MHD_lookup_connection_value)
#define MHD_queue_response (ty__mhd.MHD_queue_response)
#define MHD_start_daemon (ty__mhd.MHD_start_daemon)
#define MHD_stop_daemon (ty__mhd.MHD_stop_daemon)
#endif

#endif
