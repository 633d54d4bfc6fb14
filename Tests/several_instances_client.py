#!/usr/bin/env python3
"""Sends corrections through the proxy from concurrent clients and checks what the database kept.

Used by Tests/several-instances.sh. Every correction carries its own Idempotency-Key and is
retried with that key until a 201 arrives (connection refused or reset, 502/503/504 while an
instance is down), as a real client would. Half-way, --halfway runs a shell command (the script
kills one instance with SIGKILL and starts it again). Afterwards every acknowledged correction
must be in the database exactly once, under the id the client was given:

    acknowledged N, stored N, duplicates 0, lost 0
"""
import argparse
import base64
import http.client
import json
import struct
import subprocess
import sys
import threading
import time
import urllib.parse
import zlib


def digit_png() -> bytes:
    """A 64x64 grey PNG of a thick "1" (white background, black ink): a drawing, not a blank."""
    side = 64
    rows = []
    for y in range(side):
        row = bytearray([255] * side)
        if 8 <= y < 56:
            for x in range(28, 36):
                row[x] = 0
        rows.append(b"\x00" + bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows))) + chunk(b"IEND", b"")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True, help="the proxy's /api/feedback URL")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--halfway", help="shell command run once half the corrections are acknowledged")
    parser.add_argument("--database", required=True, help="postgres:// URL to read the stored corrections from")
    parser.add_argument("--deadline", type=float, default=300, help="seconds before giving up")
    args = parser.parse_args()

    url = urllib.parse.urlsplit(args.url)
    body = json.dumps({"image": "data:image/png;base64," + base64.b64encode(digit_png()).decode(), "label": 1}).encode()
    acknowledged: dict[str, str] = {}
    conflicts: list[str] = []
    lock = threading.Lock()
    halfway_started = threading.Event()
    halfway_done = threading.Event()
    retries = [0]
    failures: list[str] = []
    stop_at = time.monotonic() + args.deadline
    keys = iter(f"several-{n:05d}" for n in range(args.count))
    keys_lock = threading.Lock()

    def halfway() -> None:
        print(f"several-instances: {len(acknowledged)} acknowledged, running the half-way command", flush=True)
        subprocess.run(["bash", "-c", args.halfway], check=False)
        halfway_done.set()

    def send(key: str) -> None:
        while time.monotonic() < stop_at:
            try:
                connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
                connection.request("POST", url.path, body=body, headers={"Content-Type": "application/json", "Idempotency-Key": key})
                response = connection.getresponse()
                answer = response.read()
                connection.close()
                if response.status == 201:
                    given = json.loads(answer)["id"]
                    with lock:
                        if acknowledged.setdefault(key, given) != given:
                            conflicts.append(key)
                        if args.halfway and len(acknowledged) >= args.count // 2 and not halfway_started.is_set():
                            halfway_started.set()
                            threading.Thread(target=halfway).start()
                    return
                if response.status not in (502, 503, 504):
                    with lock:
                        failures.append(f"{key}: {response.status} {answer[:200]!r}")
                    return
            except (OSError, http.client.HTTPException):
                pass
            with lock:
                retries[0] += 1
            time.sleep(0.05)
        with lock:
            failures.append(f"{key}: never acknowledged")

    def worker() -> None:
        while True:
            with keys_lock:
                key = next(keys, None)
            if key is None:
                return
            send(key)

    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(args.concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if args.halfway:
        halfway_done.wait(timeout=120)
    elapsed = time.monotonic() - started

    rows = subprocess.run(
        ["psql", args.database, "-At", "-F", "\t", "-c", "SELECT idempotency_key, id FROM feedback"],
        check=True, capture_output=True, text=True).stdout.splitlines()
    stored: dict[str, list[str]] = {}
    for row in rows:
        key, ident = row.split("\t")
        stored.setdefault(key, []).append(ident)
    duplicates = sum(len(ids) - 1 for ids in stored.values()) + len(conflicts)
    lost = sum(1 for key, ident in acknowledged.items() if stored.get(key) != [ident])
    print(f"several-instances: {args.count} corrections from {args.concurrency} clients in {elapsed:.1f} s, {retries[0]} retries")
    for failure in failures[:10]:
        print(f"several-instances: FAILED {failure}")
    print(f"acknowledged {len(acknowledged)}, stored {len(rows)}, duplicates {duplicates}, lost {lost}")
    ok = not failures and duplicates == 0 and lost == 0 and len(acknowledged) == args.count == len(rows)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
