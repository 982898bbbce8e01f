/*
 * test_num_out.c — the program's number writers (src/cli/num_out.c) write what printf writes:
 * "%zu" of sizes around every power of ten; "%.3f" of every multiple of 2^-14 in [0, 1] (the
 * eight exact ties among them), each thousandth and each midpoint between two with their
 * neighbouring doubles, a million pseudo-random doubles of every exponent in [0, 1], and
 * values outside it (negative zero, negative, above one, huge, infinite, NaN).
 */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cli/num_out.h"
#include "tap.h"

static size_t differ;

static void check_fixed3(double x)
{
    char want[TY_CLI_FIXED3_MAX + 8], got[TY_CLI_FIXED3_MAX + 8];
    size_t n = ty_cli_fixed3(got, x);

    snprintf(want, sizeof want, "%.3f", x);
    if (n != strlen(want) || memcmp(got, want, n)) {
        if (differ++ < 5)
            printf("#   %a: got \"%.*s\", printf \"%s\"\n", x, (int)n, got, want);
    }
}

static void check_size(size_t v)
{
    char want[32], got[32];
    size_t n = ty_cli_put_size(got, v);

    snprintf(want, sizeof want, "%zu", v);
    if (n != strlen(want) || memcmp(got, want, n)) {
        if (differ++ < 5)
            printf("#   %zu: got \"%.*s\"\n", v, (int)n, got);
    }
}

int main(void)
{
    static const double outside[] = {-0.0, -0.0004, -0.5, -1, 1.0000000000000002, 1.0005, 1.5,
                                     999.9995, 1e300, -1e308, INFINITY, -INFINITY, NAN};
    uint64_t r = 0x9e3779b97f4a7c15ULL;
    size_t p;

    differ = 0;
    check_size(0);
    check_size(SIZE_MAX);
    for (p = 1; p <= SIZE_MAX / 10; p *= 10) {
        check_size(p - 1);
        check_size(p);
        check_size(p + 1);
    }
    ty_ok(differ == 0, "sizes around every power of ten: as %%zu");

    differ = 0;
    for (int j = 0; j <= 1 << 14; j++)
        check_fixed3(ldexp(j, -14));
    ty_ok(differ == 0, "multiples of 2^-14, the eight ties among them: as %%.3f");

    differ = 0;
    for (int k = 0; k <= 1000; k++) {
        double at[2] = {k / 1000.0, (k + 0.5) / 1000.0};
        for (int h = 0; h < 2; h++) {
            double x = at[h], up = x, down = x;
            check_fixed3(x);
            for (int s = 0; s < 3; s++) {
                up = nextafter(up, 2);
                down = nextafter(down, -1);
                check_fixed3(up);
                check_fixed3(down);
            }
        }
    }
    ty_ok(differ == 0, "each thousandth and each midpoint, with three doubles either side");

    differ = 0;
    for (int i = 0; i < 1000000; i++) {
        r ^= r << 13;
        r ^= r >> 7;
        r ^= r << 17;
        /* a mantissa of 53 bits and an exponent from 0 down to -1100 (subnormals too) */
        check_fixed3(ldexp((double)(r >> 11), -53 - (int)(r % 1048)));
    }
    ty_ok(differ == 0, "a million pseudo-random doubles in [0, 1]");

    differ = 0;
    for (size_t i = 0; i < sizeof outside / sizeof outside[0]; i++)
        check_fixed3(outside[i]);
    check_fixed3(1);
    check_fixed3(0);
    check_fixed3(0x1p-1074);
    ty_ok(differ == 0, "outside [0, 1], and its ends");
    return ty_done();
}
