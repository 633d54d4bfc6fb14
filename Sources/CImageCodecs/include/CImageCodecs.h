#ifndef DIGIT_READER_CIMAGECODECS_H
#define DIGIT_READER_CIMAGECODECS_H

/*
 * A thin, crash-proof layer over libpng and libjpeg(-turbo) for decoding images that arrive
 * over the network and for writing small greyscale PNGs.
 *
 * Both libraries report fatal errors with longjmp. Every setjmp/longjmp stays inside this
 * C file: callers (Swift) only ever see a status code, a human-readable message and, on
 * success, a malloc'ed pixel buffer that they release with dric_free().
 *
 * Image dimensions are checked against a caller-given pixel budget before any pixel memory is
 * allocated, so a tiny file that claims to be 100000 x 100000 pixels costs nothing.
 */

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Outcome of a decode or encode call.
typedef enum {
    DRIC_OK = 0,
    /// The data ends before the image is complete.
    DRIC_TRUNCATED = 1,
    /// The data is damaged or is not a valid file of the expected format.
    DRIC_CORRUPT = 2,
    /// Width x height exceeds the caller's pixel budget; width and height are still reported.
    DRIC_TOO_LARGE = 3,
    /// The header declares a zero width or height.
    DRIC_ZERO_SIZE = 4,
    /// Memory could not be allocated.
    DRIC_OUT_OF_MEMORY = 5,
    /// The call itself was wrong (null pointers, zero sizes passed to the encoder).
    DRIC_INVALID_ARGUMENT = 6,
} dric_status;

/// A decoded image: 8-bit RGBA, row-major, 4 * width bytes per row, no padding.
typedef struct {
    /// Owned pixel buffer (NULL unless the status is DRIC_OK); release with dric_free().
    uint8_t *pixels;
    /// Width in pixels (also reported for DRIC_TOO_LARGE).
    uint32_t width;
    /// Height in pixels (also reported for DRIC_TOO_LARGE).
    uint32_t height;
    /// EXIF orientation tag of a JPEG (1...8; 1 = upright, also when absent). Always 1 for PNG.
    int32_t orientation;
} dric_image;

/// Size of the message buffer callers should pass (messages are truncated to fit).
#define DRIC_MESSAGE_CAPACITY 256

/// Decodes a PNG (any bit depth and colour type, interlaced or not) held in memory into RGBA8.
/// `max_pixels` bounds width * height; `message` receives a NUL-terminated reason on failure.
dric_status dric_decode_png(const uint8_t *data, size_t length, uint64_t max_pixels,
                            dric_image *out, char *message, size_t message_capacity);

/// Decodes a JPEG (baseline or progressive; greyscale, YCbCr/RGB, CMYK/YCCK) held in memory
/// into RGBA8 with opaque alpha. A premature end of data is reported as DRIC_TRUNCATED rather
/// than silently padded with grey.
dric_status dric_decode_jpeg(const uint8_t *data, size_t length, uint64_t max_pixels,
                             dric_image *out, char *message, size_t message_capacity);

/// Encodes 8-bit pixels as a PNG in memory: `channels` 1 (grey) or 4 (RGBA, straight alpha),
/// row-major, `width * channels` bytes per row; `compression_level` 0...9 as zlib's (-1: its
/// default). On success `*out_data` is a malloc'ed buffer of `*out_length` bytes; release with
/// dric_free().
dric_status dric_encode_png(const uint8_t *pixels, uint32_t width, uint32_t height, uint32_t channels,
                            int compression_level, uint8_t **out_data, size_t *out_length,
                            char *message, size_t message_capacity);

/// Releases a buffer returned by this library.
void dric_free(void *pointer);

#ifdef __cplusplus
}
#endif

#endif
