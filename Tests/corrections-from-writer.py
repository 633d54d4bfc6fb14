#!/usr/bin/env python3
"""Sends every pen digit of one writer to a running server as a correction (its true label).

For trying `digit-reader fine-tune` on one writer's style: each digit of the pen digits file
(default ../shared/datasets/pendigits-dev/pendigits-dev.jsonl) by --writer is drawn as a
140 x 140 PNG (black ink, round 10 px brush, the digit spanning 70% of the canvas, white
background) and posted to /api/feedback with an Idempotency-Key.

    digit-reader serve --port 8080 --data-dir /tmp/corrections &
    python3 Tests/corrections-from-writer.py --port 8080 --writer 26
    digit-reader fine-tune --model softmax --feedback /tmp/corrections --out /tmp/tuned --copies 5
"""
import argparse
import base64
import http.client
import json
import struct
import uuid
import zlib
from pathlib import Path

SIDE, RADIUS, SPAN = 140, 5, 0.7


def png(grey: bytearray) -> bytes:
    rows = b"".join(b"\x00" + bytes(grey[y * SIDE:(y + 1) * SIDE]) for y in range(SIDE))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", SIDE, SIDE, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def render(strokes) -> bytes:
    xs = [x for stroke in strokes for x, _ in stroke]
    ys = [y for stroke in strokes for _, y in stroke]
    scale = SPAN * SIDE / max(max(xs) - min(xs), max(ys) - min(ys), 1)
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    grey = bytearray([255] * SIDE * SIDE)

    def dot(px: float, py: float) -> None:
        for y in range(max(0, int(py - RADIUS)), min(SIDE, int(py + RADIUS) + 1)):
            for x in range(max(0, int(px - RADIUS)), min(SIDE, int(px + RADIUS) + 1)):
                if (x - px) ** 2 + (y - py) ** 2 <= RADIUS * RADIUS:
                    grey[y * SIDE + x] = 0

    for stroke in strokes:
        points = [(SIDE / 2 + (x - cx) * scale, SIDE / 2 + (y - cy) * scale) for x, y in stroke]
        for (ax, ay), (bx, by) in zip(points, points[1:] or points):
            steps = max(1, int(max(abs(bx - ax), abs(by - ay))))
            for i in range(steps + 1):
                dot(ax + (bx - ax) * i / steps, ay + (by - ay) * i / steps)
    return png(grey)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--writer", type=int, required=True)
    parser.add_argument("--pendigits", default=str(Path(__file__).resolve().parent.parent.parent / "shared/datasets/pendigits-dev/pendigits-dev.jsonl"))
    args = parser.parse_args()
    connection = http.client.HTTPConnection("127.0.0.1", args.port, timeout=30)
    sent = 0
    with open(args.pendigits) as lines:
        for line in lines:
            digit = json.loads(line)
            if digit["writer"] != args.writer:
                continue
            image = "data:image/png;base64," + base64.b64encode(render(digit["strokes"])).decode()
            connection.request(
                "POST", "/api/feedback", body=json.dumps({"image": image, "label": digit["label"]}).encode(),
                headers={"Content-Type": "application/json", "Idempotency-Key": str(uuid.uuid4())})
            response = connection.getresponse()
            answer = response.read()
            if response.status != 201:
                raise SystemExit(f"the server answered {response.status}: {answer[:200]!r}")
            sent += 1
    print(f"sent {sent} corrections by writer {args.writer}")


if __name__ == "__main__":
    main()
