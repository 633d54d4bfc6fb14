#ifndef CFUZZERDRIVER_H
#define CFUZZERDRIVER_H

#include <stddef.h>
#include <stdint.h>

/// Runs libFuzzer with the process's arguments on `test`.
///
/// SwiftPM gives every executable a `main` of its own, so a fuzz target cannot leave `main` to
/// libFuzzer; it calls this instead, which hands `test` to libFuzzer's driver (linked in by
/// `-sanitize=fuzzer`) and answers libFuzzer's `LLVMFuzzerTestOneInput` with it.
int dr_fuzz_run(int argc, char **argv, int (*test)(const uint8_t *data, size_t size));

#endif
