// OpenBLAS, plus glibc's allocator tuning (mallopt), which the numeric code uses to keep its
// large, short-lived buffers from being mapped and unmapped on every training step.
#include <cblas.h>
#include <malloc.h>
