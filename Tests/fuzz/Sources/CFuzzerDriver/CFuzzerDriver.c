#include "CFuzzerDriver.h"

/// libFuzzer's driver for programs with a `main` of their own.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*test)(const uint8_t *data, size_t size));

static int (*current_test)(const uint8_t *data, size_t size);

/// The entry point libFuzzer's runtime refers to; it runs the test `dr_fuzz_run` was given.
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    return current_test(data, size);
}

int dr_fuzz_run(int argc, char **argv, int (*test)(const uint8_t *data, size_t size)) {
    current_test = test;
    return LLVMFuzzerRunDriver(&argc, &argv, test);
}
