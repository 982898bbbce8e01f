/*
 * num_out.h — private to the taiyaku program: numbers written into a buffer, byte for byte as
 * printf writes them, without printf's cost per call (an output of tens of thousands of lines,
 * such as `taiyaku align`'s beads, paid most of its time in printf and stdio's locking).
 */
#ifndef TY_NUM_OUT_H
#define TY_NUM_OUT_H

#include <stddef.h>

/* The longest text ty_cli_fixed3 writes: "%.3f" of any double. */
#define TY_CLI_FIXED3_MAX 320

/* Write n in decimal at out (room for 20 bytes), as "%zu" writes it; returns its length. */
size_t ty_cli_put_size(char *out, size_t n);

/* Write x with three decimals at out (room for TY_CLI_FIXED3_MAX bytes), as "%.3f" writes it
 * (rounded to nearest from x's exact value, ties to even); returns its length. */
size_t ty_cli_fixed3(char *out, double x);

#endif
