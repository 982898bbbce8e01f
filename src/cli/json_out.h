/*
 * json_out.h — private to the taiyaku program: writing JSON strings. One helper so that every
 * subcommand escapes the same way.
 */
#ifndef TY_JSON_OUT_H
#define TY_JSON_OUT_H

#include <stdio.h>

/* Write s as a JSON string, quotes included; NULL writes null. Control characters, '"' and
 * '\\' are escaped, bytes that are not UTF-8 written as \ufffd (U+FFFD), so that the output
 * is JSON whatever the text holds; everything else is written as is. */
void ty_cli_json_string(FILE *out, const char *s);
/* The same for the n bytes at s (which may hold NUL bytes: written as \u0000). */
void ty_cli_json_string_n(FILE *out, const char *s, size_t n);

#endif
