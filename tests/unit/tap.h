/*
 * tap.h — a tiny TAP harness for table-driven C unit tests. Header-only, test code only.
 *   ty_ok(cond, "name %d", i);  ty_is_str(got, want, "name");  ty_is_int(got, want, "name");
 *   ty_skip("name", "why");     (a check that cannot run here: TAP SKIP)
 *   return ty_done();           (prints the plan, returns the exit status)
 */
#ifndef TY_TAP_H
#define TY_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

static void tap_vreport(int pass, const char *fmt, va_list ap)
{
    tap_n++;
    if (!pass)
        tap_failed++;
    printf("%s %d - ", pass ? "ok" : "not ok", tap_n);
    vprintf(fmt, ap);
    putchar('\n');
    fflush(stdout);
}

static __attribute__((format(printf, 2, 3), unused)) int ty_ok(int pass, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tap_vreport(pass, fmt, ap);
    va_end(ap);
    return pass;
}

static __attribute__((format(printf, 3, 4), unused)) int ty_is_str(const char *got,
                                                                    const char *want,
                                                                    const char *fmt, ...)
{
    va_list ap;
    int pass = (got && want) ? strcmp(got, want) == 0 : got == want;
    va_start(ap, fmt);
    tap_vreport(pass, fmt, ap);
    va_end(ap);
    if (!pass)
        printf("#   got:  \"%s\"\n#   want: \"%s\"\n", got ? got : "(null)",
               want ? want : "(null)");
    return pass;
}

static __attribute__((format(printf, 3, 4), unused)) int ty_is_int(long long got,
                                                                    long long want,
                                                                    const char *fmt, ...)
{
    va_list ap;
    int pass = got == want;
    va_start(ap, fmt);
    tap_vreport(pass, fmt, ap);
    va_end(ap);
    if (!pass)
        printf("#   got:  %lld\n#   want: %lld\n", got, want);
    return pass;
}

/* A check that cannot run here: reported as a TAP SKIP (never as a pass). */
static __attribute__((unused)) void ty_skip(const char *name, const char *why)
{
    printf("ok %d - %s # SKIP %s\n", ++tap_n, name, why);
    fflush(stdout);
}

static __attribute__((unused)) void ty_diag(const char *fmt, ...)
{
    va_list ap;
    fputs("# ", stdout);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
}

static __attribute__((unused)) int ty_done(void)
{
    printf("1..%d\n", tap_n);
    return tap_failed ? 1 : 0;
}

#endif
