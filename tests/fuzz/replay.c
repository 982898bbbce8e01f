/*
 * replay.c — runs a fuzz target's LLVMFuzzerTestOneInput on each file named on the command
 * line, one TAP test point per file, so the seed corpus replays in make check (under the
 * sanitizers in CI). libFuzzer provides its own main when fuzzing for real.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
    int n = 0, failed = 0;

    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        uint8_t *buf = NULL;
        size_t len = 0, cap = 0, got;

        n++;
        if (!f) {
            printf("not ok %d - %s: cannot open\n", n, argv[i]);
            failed++;
            continue;
        }
        do {
            if (len == cap) {
                uint8_t *nb = realloc(buf, cap = cap ? 2 * cap : 4096);
                if (!nb) {
                    fclose(f);
                    free(buf);
                    return 99;
                }
                buf = nb;
            }
            got = fread(buf + len, 1, cap - len, f);
            len += got;
        } while (got > 0);
        fclose(f);
        LLVMFuzzerTestOneInput(buf, len);
        free(buf);
        printf("ok %d - %s\n", n, argv[i]);
        fflush(stdout);
    }
    printf("1..%d\n", n);
    return failed ? 1 : 0;
}
