/*
 * PNG and JPEG codecs for Digit Reader over libpng and libjpeg-turbo.
 *
 * Rules kept throughout, because images come from untrusted clients:
 *  - every libpng/libjpeg fatal error longjmps back into the function that called setjmp in this
 *    file (libjpeg's default error handler would call exit() and take the server down);
 *  - variables that change after setjmp and are read after a longjmp live in volatile storage;
 *  - dimensions are checked against the caller's pixel budget before pixel memory is allocated;
 *  - warnings are never printed (a server must not write to stderr per request).
 */

#include "CImageCodecs.h"

#include <limits.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <jerror.h>
#include <png.h>

void dric_free(void *pointer) { free(pointer); }

static void set_message(char *message, size_t capacity, const char *text) {
    if (message == NULL || capacity == 0) return;
    snprintf(message, capacity, "%s", text);
}

/// Checks declared dimensions against the pixel budget (shared by both decoders).
static dric_status check_dimensions(uint64_t width, uint64_t height, uint64_t max_pixels,
                                    char *message, size_t capacity) {
    if (width == 0 || height == 0) {
        set_message(message, capacity, "the image header declares a zero width or height");
        return DRIC_ZERO_SIZE;
    }
    if (width * height > max_pixels || width > UINT32_MAX / 4) {
        char text[DRIC_MESSAGE_CAPACITY];
        snprintf(text, sizeof text, "the image is %llu x %llu pixels, more than the %llu allowed",
                 (unsigned long long)width, (unsigned long long)height, (unsigned long long)max_pixels);
        set_message(message, capacity, text);
        return DRIC_TOO_LARGE;
    }
    return DRIC_OK;
}

/* ------------------------------------------------------------------------------------------ */
/* PNG decoding                                                                                */
/* ------------------------------------------------------------------------------------------ */

typedef struct {
    jmp_buf jump;
    const uint8_t *data;
    size_t length;
    size_t offset;
    /// Set when libpng asked for bytes past the end of the buffer.
    volatile int truncated;
    char error[DRIC_MESSAGE_CAPACITY];
    /// Buffers that must be freed if libpng longjmps out of a read.
    uint8_t *volatile pixels;
    png_bytep *volatile rows;
} png_read_context;

static void png_error_handler(png_structp png, png_const_charp text) {
    png_read_context *context = (png_read_context *)png_get_error_ptr(png);
    snprintf(context->error, sizeof context->error, "%s", text ? text : "unknown libpng error");
    longjmp(context->jump, 1);
}

static void png_warning_handler(png_structp png, png_const_charp text) {
    (void)png;
    (void)text; /* warnings (bad ancillary chunks, gamma oddities) do not stop decoding */
}

static void png_read_from_memory(png_structp png, png_bytep destination, size_t count) {
    png_read_context *context = (png_read_context *)png_get_io_ptr(png);
    if (count > context->length - context->offset) {
        context->truncated = 1;
        png_error(png, "unexpected end of PNG data");
    }
    memcpy(destination, context->data + context->offset, count);
    context->offset += count;
}

static uint32_t read_be32(const uint8_t *bytes) {
    return ((uint32_t)bytes[0] << 24) | ((uint32_t)bytes[1] << 16) | ((uint32_t)bytes[2] << 8) | bytes[3];
}

dric_status dric_decode_png(const uint8_t *data, size_t length, uint64_t max_pixels,
                            dric_image *out, char *message, size_t message_capacity) {
    if (data == NULL || out == NULL) {
        set_message(message, message_capacity, "no data or no output given");
        return DRIC_INVALID_ARGUMENT;
    }
    memset(out, 0, sizeof *out);
    out->orientation = 1;
    if (length < 8 || png_sig_cmp(data, 0, 8) != 0) {
        set_message(message, message_capacity, length < 8 ? "the PNG signature is incomplete" : "the PNG signature is wrong");
        return length < 8 ? DRIC_TRUNCATED : DRIC_CORRUPT;
    }
    /* Peek at IHDR before libpng does anything, so absurd sizes are refused up front. */
    if (length >= 24 && memcmp(data + 12, "IHDR", 4) == 0) {
        uint32_t width = read_be32(data + 16), height = read_be32(data + 20);
        out->width = width;
        out->height = height;
        dric_status status = check_dimensions(width, height, max_pixels, message, message_capacity);
        if (status != DRIC_OK) return status;
    }

    png_read_context context;
    memset(&context, 0, sizeof context);
    context.data = data;
    context.length = length;
    context.offset = 8;

    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &context, png_error_handler, png_warning_handler);
    if (png == NULL) {
        set_message(message, message_capacity, "could not create a PNG reader (out of memory)");
        return DRIC_OUT_OF_MEMORY;
    }
    png_infop info = png_create_info_struct(png);
    if (info == NULL) {
        png_destroy_read_struct(&png, NULL, NULL);
        set_message(message, message_capacity, "could not create a PNG reader (out of memory)");
        return DRIC_OUT_OF_MEMORY;
    }

    if (setjmp(context.jump)) {
        free(context.pixels);
        free((void *)context.rows);
        png_destroy_read_struct(&png, &info, NULL);
        out->pixels = NULL;
        set_message(message, message_capacity, context.error);
        return context.truncated ? DRIC_TRUNCATED : DRIC_CORRUPT;
    }

    png_set_read_fn(png, &context, png_read_from_memory);
    png_set_sig_bytes(png, 8);
    /* We enforce our own budget; libpng's default 1,000,000-pixel side limit would misreport. */
    png_set_user_limits(png, 0x7fffffff, 0x7fffffff);
#ifdef PNG_IGNORE_ADLER32
    /* Every IDAT chunk is already covered by a CRC-32 that libpng checks; the zlib stream's own
       Adler-32 over the inflated data adds nothing for transmission errors but costs about a
       third of the decode time of a typical canvas PNG. */
    png_set_option(png, PNG_IGNORE_ADLER32, PNG_OPTION_ON);
#endif
    png_read_info(png, info);

    png_uint_32 width = 0, height = 0;
    int bit_depth = 0, color_type = 0;
    png_get_IHDR(png, info, &width, &height, &bit_depth, &color_type, NULL, NULL, NULL);
    out->width = width;
    out->height = height;
    dric_status status = check_dimensions(width, height, max_pixels, message, message_capacity);
    if (status != DRIC_OK) {
        png_destroy_read_struct(&png, &info, NULL);
        return status;
    }

    /* Normalise every colour type and depth to 8-bit RGBA. */
    if (color_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if (color_type == PNG_COLOR_TYPE_GRAY && bit_depth < 8) png_set_expand_gray_1_2_4_to_8(png);
    if (png_get_valid(png, info, PNG_INFO_tRNS)) png_set_tRNS_to_alpha(png);
    if (bit_depth == 16) png_set_strip_16(png);
    if (color_type == PNG_COLOR_TYPE_GRAY || color_type == PNG_COLOR_TYPE_GRAY_ALPHA) png_set_gray_to_rgb(png);
    if (!(color_type & PNG_COLOR_MASK_ALPHA) && !png_get_valid(png, info, PNG_INFO_tRNS))
        png_set_add_alpha(png, 0xff, PNG_FILLER_AFTER);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);

    size_t row_bytes = png_get_rowbytes(png, info);
    if (row_bytes != (size_t)width * 4) {
        snprintf(context.error, sizeof context.error, "unexpected PNG row layout (%zu bytes for %u pixels)", row_bytes, width);
        longjmp(context.jump, 1);
    }
    context.pixels = malloc(row_bytes * height);
    context.rows = malloc(sizeof(png_bytep) * height);
    if (context.pixels == NULL || context.rows == NULL) {
        free(context.pixels);
        free((void *)context.rows);
        png_destroy_read_struct(&png, &info, NULL);
        set_message(message, message_capacity, "out of memory for the decoded image");
        return DRIC_OUT_OF_MEMORY;
    }
    for (png_uint_32 y = 0; y < height; y++) context.rows[y] = context.pixels + (size_t)y * row_bytes;
    png_read_image(png, context.rows);
    /* Chunks after the image data (and a missing IEND) do not matter: the pixels are complete. */

    free((void *)context.rows);
    context.rows = NULL;
    out->pixels = context.pixels;
    png_destroy_read_struct(&png, &info, NULL);
    set_message(message, message_capacity, "");
    return DRIC_OK;
}

/* ------------------------------------------------------------------------------------------ */
/* JPEG decoding                                                                               */
/* ------------------------------------------------------------------------------------------ */

/// Progressive files with thousands of tiny scans are a known denial-of-service shape.
#define DRIC_MAX_JPEG_SCANS 500

typedef struct {
    struct jpeg_error_mgr base;
    jmp_buf jump;
    volatile int truncated;
    char error[DRIC_MESSAGE_CAPACITY];
} jpeg_error_context;

static void jpeg_error_exit(j_common_ptr cinfo) {
    jpeg_error_context *context = (jpeg_error_context *)cinfo->err;
    char text[JMSG_LENGTH_MAX];
    (*cinfo->err->format_message)(cinfo, text);
    snprintf(context->error, sizeof context->error, "%s", text);
    longjmp(context->jump, 1);
}

static void jpeg_emit_message(j_common_ptr cinfo, int level) {
    jpeg_error_context *context = (jpeg_error_context *)cinfo->err;
    if (level < 0 && cinfo->err->msg_code == JWRN_JPEG_EOF) {
        /* libjpeg would pad the rest with grey; for recognition a half image is worse than an error. */
        context->truncated = 1;
        snprintf(context->error, sizeof context->error, "premature end of JPEG data");
        longjmp(context->jump, 1);
    }
    if (level < 0) cinfo->err->num_warnings++; /* other corrupt-data warnings are tolerated */
}

static void jpeg_output_message(j_common_ptr cinfo) { (void)cinfo; }

static void jpeg_progress(j_common_ptr cinfo) {
    if (cinfo->is_decompressor) {
        j_decompress_ptr decompress = (j_decompress_ptr)cinfo;
        if (decompress->input_scan_number > DRIC_MAX_JPEG_SCANS) {
            jpeg_error_context *context = (jpeg_error_context *)cinfo->err;
            snprintf(context->error, sizeof context->error, "the progressive JPEG has more than %d scans", DRIC_MAX_JPEG_SCANS);
            longjmp(context->jump, 1);
        }
    }
}

/// Reads the orientation tag (0x0112) from an EXIF APP1 marker; 1 when absent or unreadable.
static int32_t exif_orientation(j_decompress_ptr cinfo) {
    for (jpeg_saved_marker_ptr marker = cinfo->marker_list; marker != NULL; marker = marker->next) {
        if (marker->marker != JPEG_APP0 + 1 || marker->data_length < 14) continue;
        const uint8_t *exif = marker->data;
        if (memcmp(exif, "Exif\0\0", 6) != 0) continue;
        const uint8_t *tiff = exif + 6;
        size_t size = marker->data_length - 6;
        int little = tiff[0] == 'I' && tiff[1] == 'I';
        if (!little && !(tiff[0] == 'M' && tiff[1] == 'M')) continue;
#define DRIC_U16(p) (little ? (uint32_t)((p)[0] | ((p)[1] << 8)) : (uint32_t)(((p)[0] << 8) | (p)[1]))
#define DRIC_U32(p) (little ? ((uint32_t)(p)[0] | ((uint32_t)(p)[1] << 8) | ((uint32_t)(p)[2] << 16) | ((uint32_t)(p)[3] << 24)) \
                            : (((uint32_t)(p)[0] << 24) | ((uint32_t)(p)[1] << 16) | ((uint32_t)(p)[2] << 8) | (uint32_t)(p)[3]))
        uint32_t ifd = DRIC_U32(tiff + 4);
        if (ifd > size || size - ifd < 2) continue;
        uint32_t count = DRIC_U16(tiff + ifd);
        for (uint32_t i = 0; i < count; i++) {
            size_t entry = (size_t)ifd + 2 + (size_t)i * 12;
            if (entry + 12 > size) break;
            if (DRIC_U16(tiff + entry) == 0x0112) {
                uint32_t value = DRIC_U16(tiff + entry + 8);
                return (value >= 1 && value <= 8) ? (int32_t)value : 1;
            }
        }
#undef DRIC_U16
#undef DRIC_U32
    }
    return 1;
}

dric_status dric_decode_jpeg(const uint8_t *data, size_t length, uint64_t max_pixels,
                             dric_image *out, char *message, size_t message_capacity) {
    if (data == NULL || out == NULL) {
        set_message(message, message_capacity, "no data or no output given");
        return DRIC_INVALID_ARGUMENT;
    }
    memset(out, 0, sizeof *out);
    out->orientation = 1;
    if (length < 4) {
        set_message(message, message_capacity, "the JPEG data is incomplete");
        return DRIC_TRUNCATED;
    }

    struct jpeg_decompress_struct cinfo;
    jpeg_error_context errors;
    struct jpeg_progress_mgr progress;
    memset(&cinfo, 0, sizeof cinfo);
    memset(&errors, 0, sizeof errors);
    uint8_t *volatile pixels = NULL;
    uint8_t *volatile cmyk_row = NULL;

    cinfo.err = jpeg_std_error(&errors.base);
    errors.base.error_exit = jpeg_error_exit;
    errors.base.emit_message = jpeg_emit_message;
    errors.base.output_message = jpeg_output_message;

    if (setjmp(errors.jump)) {
        jpeg_destroy_decompress(&cinfo);
        free(pixels);
        free(cmyk_row);
        out->pixels = NULL;
        set_message(message, message_capacity, errors.error);
        return errors.truncated ? DRIC_TRUNCATED : DRIC_CORRUPT;
    }

    jpeg_create_decompress(&cinfo);
    progress.progress_monitor = jpeg_progress;
    cinfo.progress = &progress;
    jpeg_mem_src(&cinfo, data, (unsigned long)length);
    jpeg_save_markers(&cinfo, JPEG_APP0 + 1, 0xffff);
    jpeg_read_header(&cinfo, TRUE);

    out->width = cinfo.image_width;
    out->height = cinfo.image_height;
    dric_status status = check_dimensions(cinfo.image_width, cinfo.image_height, max_pixels, message, message_capacity);
    if (status != DRIC_OK) {
        jpeg_destroy_decompress(&cinfo);
        return status;
    }
    out->orientation = exif_orientation(&cinfo);

    int is_cmyk = cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK;
    cinfo.out_color_space = is_cmyk ? JCS_CMYK : JCS_EXT_RGBA;
    jpeg_start_decompress(&cinfo);

    size_t width = cinfo.output_width, height = cinfo.output_height;
    pixels = malloc(width * height * 4);
    if (is_cmyk) cmyk_row = malloc(width * 4);
    if (pixels == NULL || (is_cmyk && cmyk_row == NULL)) {
        snprintf(errors.error, sizeof errors.error, "out of memory for the decoded image");
        jpeg_destroy_decompress(&cinfo);
        free(pixels);
        free(cmyk_row);
        set_message(message, message_capacity, errors.error);
        return DRIC_OUT_OF_MEMORY;
    }
    /* Adobe writes CMYK inverted (0 = full ink); that is what nearly every CMYK JPEG in the wild is. */
    int inverted = cinfo.saw_Adobe_marker;
    while (cinfo.output_scanline < cinfo.output_height) {
        uint8_t *row = pixels + (size_t)cinfo.output_scanline * width * 4;
        JSAMPROW target = is_cmyk ? cmyk_row : row;
        jpeg_read_scanlines(&cinfo, &target, 1);
        if (is_cmyk) {
            for (size_t x = 0; x < width; x++) {
                unsigned c = cmyk_row[4 * x], m = cmyk_row[4 * x + 1], y = cmyk_row[4 * x + 2], k = cmyk_row[4 * x + 3];
                if (!inverted) { c = 255 - c; m = 255 - m; y = 255 - y; k = 255 - k; }
                row[4 * x] = (uint8_t)((c * k + 127) / 255);
                row[4 * x + 1] = (uint8_t)((m * k + 127) / 255);
                row[4 * x + 2] = (uint8_t)((y * k + 127) / 255);
                row[4 * x + 3] = 255;
            }
        }
    }
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    free(cmyk_row);
    out->pixels = pixels;
    out->width = (uint32_t)width;
    out->height = (uint32_t)height;
    set_message(message, message_capacity, "");
    return DRIC_OK;
}

/* ------------------------------------------------------------------------------------------ */
/* PNG encoding (8-bit greyscale)                                                              */
/* ------------------------------------------------------------------------------------------ */

typedef struct {
    jmp_buf jump;
    uint8_t *volatile buffer;
    volatile size_t length;
    volatile size_t capacity;
    volatile int out_of_memory;
    char error[DRIC_MESSAGE_CAPACITY];
} png_write_context;

static void png_write_error_handler(png_structp png, png_const_charp text) {
    png_write_context *context = (png_write_context *)png_get_error_ptr(png);
    snprintf(context->error, sizeof context->error, "%s", text ? text : "unknown libpng error");
    longjmp(context->jump, 1);
}

static void png_write_to_memory(png_structp png, png_bytep bytes, size_t count) {
    png_write_context *context = (png_write_context *)png_get_io_ptr(png);
    if (count > context->capacity - context->length) {
        size_t capacity = context->capacity ? context->capacity : 1024;
        while (count > capacity - context->length) capacity *= 2;
        uint8_t *grown = realloc(context->buffer, capacity);
        if (grown == NULL) {
            context->out_of_memory = 1;
            png_error(png, "out of memory while writing PNG");
        }
        context->buffer = grown;
        context->capacity = capacity;
    }
    memcpy(context->buffer + context->length, bytes, count);
    context->length += count;
}

static void png_flush_memory(png_structp png) { (void)png; }

dric_status dric_encode_png(const uint8_t *pixels, uint32_t width, uint32_t height, uint32_t channels,
                            int compression_level, uint8_t **out_data, size_t *out_length,
                            char *message, size_t message_capacity) {
    if (pixels == NULL || out_data == NULL || out_length == NULL || width == 0 || height == 0 ||
        width > 0x7fffffff || height > 0x7fffffff) {
        set_message(message, message_capacity, "the encoder needs pixels and a non-zero width and height");
        return DRIC_INVALID_ARGUMENT;
    }
    if ((channels != 1 && channels != 4) || compression_level < -1 || compression_level > 9) {
        set_message(message, message_capacity, "the encoder takes 1 or 4 channels and a compression level of -1...9");
        return DRIC_INVALID_ARGUMENT;
    }
    *out_data = NULL;
    *out_length = 0;
    png_write_context context;
    memset(&context, 0, sizeof context);
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &context, png_write_error_handler, png_warning_handler);
    if (png == NULL) {
        set_message(message, message_capacity, "could not create a PNG writer (out of memory)");
        return DRIC_OUT_OF_MEMORY;
    }
    png_infop info = png_create_info_struct(png);
    if (info == NULL) {
        png_destroy_write_struct(&png, NULL);
        set_message(message, message_capacity, "could not create a PNG writer (out of memory)");
        return DRIC_OUT_OF_MEMORY;
    }
    if (setjmp(context.jump)) {
        png_destroy_write_struct(&png, &info);
        free(context.buffer);
        set_message(message, message_capacity, context.error);
        return context.out_of_memory ? DRIC_OUT_OF_MEMORY : DRIC_CORRUPT;
    }
    png_set_write_fn(png, &context, png_write_to_memory, png_flush_memory);
    png_set_IHDR(png, info, width, height, 8, channels == 4 ? PNG_COLOR_TYPE_RGBA : PNG_COLOR_TYPE_GRAY,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_compression_level(png, compression_level);
    png_write_info(png, info);
    size_t stride = (size_t)width * channels;
    for (uint32_t y = 0; y < height; y++) png_write_row(png, pixels + (size_t)y * stride);
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    *out_data = context.buffer;
    *out_length = context.length;
    set_message(message, message_capacity, "");
    return DRIC_OK;
}
