#!/usr/bin/env python3
"""Regenerates the tiny image fixtures used by the decoding tests.

PNGs are written by hand (struct + zlib) so every colour type and bit depth is exact and the
damaged files are damaged in a known way; JPEGs need Pillow (`pip install pillow`).
Run from this folder: python3 make_fixtures.py
"""
import random
import struct
import zlib

# The 4 x 2 reference picture (RGBA); the tests check these exact values.
COLOURS = [
    (255, 0, 0, 255), (0, 255, 0, 255), (0, 0, 255, 255), (255, 255, 255, 255),
    (0, 0, 0, 255), (128, 128, 128, 255), (10, 20, 30, 255), (200, 100, 50, 255),
]
ALPHAS = [255, 0, 128, 64, 255, 255, 1, 254]
GREYS = [0, 85, 170, 255, 10, 20, 30, 40]
W, H = 4, 2


def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def png(width, height, bit_depth, colour_type, rows, extra=b""):
    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0)
    raw = b"".join(b"\x00" + row for row in rows)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + extra
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def rows_of(values, per_pixel):
    return [b"".join(per_pixel(v) for v in values[y * W:(y + 1) * W]) for y in range(H)]


def write(name, data):
    with open(name, "wb") as f:
        f.write(data)


write("grey8.png", png(W, H, 8, 0, rows_of(GREYS, lambda g: bytes([g]))))
write("grey16.png", png(W, H, 16, 0, rows_of(GREYS, lambda g: struct.pack(">H", g * 257))))
# 1-bit grey: 8 x 1 pixels 10110010 -> white, black, white, white, black, black, white, black
write("grey1.png", png(8, 1, 1, 0, [bytes([0b10110010])]))
write("grey_alpha8.png", png(W, H, 8, 4, rows_of(list(zip(GREYS, ALPHAS)), lambda p: bytes(p))))
write("rgb8.png", png(W, H, 8, 2, rows_of(COLOURS, lambda c: bytes(c[:3]))))
write("rgb16.png", png(W, H, 16, 2, rows_of(COLOURS, lambda c: struct.pack(">HHH", *(v * 257 for v in c[:3])))))
rgba = [c[:3] + (a,) for c, a in zip(COLOURS, ALPHAS)]
write("rgba8.png", png(W, H, 8, 6, rows_of(rgba, lambda c: bytes(c))))
write("rgba16.png", png(W, H, 16, 6, rows_of(rgba, lambda c: struct.pack(">HHHH", *(v * 257 for v in c)))))
palette = b"".join(bytes(c[:3]) for c in COLOURS)
indices = list(range(8))
write("palette.png", png(W, H, 8, 3, rows_of(indices, lambda i: bytes([i])), chunk(b"PLTE", palette)))
write("palette_trns.png", png(W, H, 8, 3, rows_of(indices, lambda i: bytes([i])),
                              chunk(b"PLTE", palette) + chunk(b"tRNS", bytes(ALPHAS))))
# Grey with a tRNS colour key: grey 85 is transparent.
write("grey8_trns.png", png(W, H, 8, 0, rows_of(GREYS, lambda g: bytes([g])), chunk(b"tRNS", struct.pack(">H", 85))))

# Damaged and hostile PNGs.
good = open("rgba8.png", "rb").read()
write("truncated.png", good[: len(good) // 2])
bad_crc = bytearray(good)
bad_crc[29] ^= 0xFF  # last byte of the IHDR CRC
write("bad_crc.png", bytes(bad_crc))
garbage = bytes(random.Random(7).randrange(256) for _ in range(40))
write("corrupt_idat.png", b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", W, H, 8, 6, 0, 0, 0))
      + chunk(b"IDAT", garbage) + chunk(b"IEND", b""))
write("huge_header.png", png(100000, 100000, 8, 0, [b"\x00" * 16]))
write("zero_width.png", b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 0, 10, 8, 0, 0, 0, 0))
      + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b""))
write("wrong_signature.png", b"\x89PNX\r\n\x1a\n" + good[8:])
# A minimal 1 x 1 GIF.
write("tiny.gif", b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,"
      b"\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")
write("random.bin", bytes(random.Random(42).randrange(256) for _ in range(512)))

# JPEGs: 32 x 16, left half one colour, right half another (16 px blocks survive compression).
from PIL import Image  # noqa: E402


def halves(mode, left, right):
    image = Image.new(mode, (32, 16), left)
    image.paste(Image.new(mode, (16, 16), right), (16, 0))
    return image


halves("RGB", (255, 0, 0), (0, 0, 255)).save("baseline.jpg", quality=95)
halves("RGB", (255, 0, 0), (0, 0, 255)).save("progressive.jpg", quality=95, progressive=True)
halves("L", 0, 255).save("grey.jpg", quality=95)
halves("CMYK", (0, 0, 0, 255), (0, 0, 0, 0)).save("cmyk.jpg", quality=95)
# EXIF orientation 6 (rotate 90 degrees clockwise to display): stored 32 x 16 becomes 16 x 32.
exif = Image.Exif()
exif[0x0112] = 6
halves("L", 0, 255).save("rotated_exif6.jpg", quality=95, exif=exif.tobytes())
jpeg = open("baseline.jpg", "rb").read()
write("truncated.jpg", jpeg[: len(jpeg) * 2 // 3])
