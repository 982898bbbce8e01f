/*
 * num_out.c — numbers written as printf writes them (see num_out.h). A confidence in [0, 1] is
 * rounded to thousandths exactly: x * 1000 is compared with the midpoint above its floor by
 * fma, whose single rounding keeps the sign of the exact difference; anything else goes to
 * snprintf.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "num_out.h"

size_t ty_cli_put_size(char *out, size_t n)
{
    char tmp[20];
    size_t k = sizeof tmp;

    do {
        tmp[--k] = (char)('0' + n % 10);
        n /= 10;
    } while (n);
    memcpy(out, tmp + k, sizeof tmp - k);
    return sizeof tmp - k;
}

size_t ty_cli_fixed3(char *out, double x)
{
    double k, d;
    unsigned m;
    int n;

    if (!(x >= 0 && x <= 1) || signbit(x)) { /* negative (-0 too), above 1, NaN */
        n = snprintf(out, TY_CLI_FIXED3_MAX, "%.3f", x);
        return n > 0 ? (size_t)n : 0;
    }
    /* k is the floor of the exact x * 1000, or one more when the product was rounded up to an
     * integer: then the exact value lies within an ulp below k and rounds to k, as below */
    k = floor(x * 1000);
    /* the exact x * 1000 against k + 0.5: above rounds up, a tie goes to the even one */
    d = fma(x, 1000, -(k + 0.5));
    m = (unsigned)k;
    if (d > 0 || (d == 0 && (m & 1)))
        m++;
    out[0] = (char)('0' + m / 1000);
    out[1] = '.';
    out[2] = (char)('0' + m / 100 % 10);
    out[3] = (char)('0' + m / 10 % 10);
    out[4] = (char)('0' + m % 10);
    return 5;
}
