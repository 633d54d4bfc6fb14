#!/usr/bin/env python3
"""Load for a running `digit-reader serve`: soak, overload and stalled clients.

  loadgen.py soak --url URL --minutes N [--connections 16] [--stalled 50] [--pid PID]
      mixed traffic (predict, compare, read and feedback where the server has them, health,
      bad inputs, stalled clients); every minute: throughput, answers by status code, p50/p99
      latency, stalled connections closed, the server's resident memory.
  loadgen.py overload --url URL [--connections 1000] [--seconds 30]
      predict traffic on N keep-alive connections: answers by status and the latency of the
      accepted (200) and the refused (503) ones; then whether the server is healthy.
  loadgen.py stalled --url URL [--clients 1000] [--read-timeout 10]
      /healthz and /api/predict latency unloaded, then while N clients hold half-sent requests,
      and how long the server took to close each stalled connection.
  loadgen.py probe --url URL [--seconds 20] [--interval 0.02] [--connections 4]
      a few connections' predict requests while something else (wrk) loads the server: the
      latency of its accepted and refused answers, free of a saturated client's own delays.

  loadgen.py png --out FILE
      writes the PNG the other modes upload (for wrk: Tests/load/predict.lua).

Every mode ends with one JSON line (`RESULT {...}`) for scripts. Standard library only.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import random
import statistics
import struct
import sys
import time
import urllib.parse
import zlib
from collections import Counter
from dataclasses import dataclass, field


def digit_png(side: int = 280, seed: int = 0) -> bytes:
    """A grey PNG of a thick stroke, placed by `seed`, built without an imaging library."""
    rng = random.Random(seed)
    x0, x1 = sorted(rng.sample(range(side // 5, side * 4 // 5), 2))
    x1 = max(x1, x0 + side // 8)
    rows = []
    for y in range(side):
        inside_y = side // 10 <= y < side * 9 // 10
        rows.append(b"\x00" + bytes(0 if inside_y and x0 <= x < x1 else 255 for x in range(side)))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows))) + chunk(b"IEND", b"")


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def rss_mb(pid: int | None) -> float | None:
    if not pid:
        return None
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


@dataclass
class Request:
    kind: str
    method: str
    path: str
    body: bytes = b""
    content_type: str | None = None

    def encode(self, host: str) -> bytes:
        head = f"{self.method} {self.path} HTTP/1.1\r\nHost: {host}\r\n"
        if self.content_type:
            head += f"Content-Type: {self.content_type}\r\n"
        if self.body or self.method == "POST":
            head += f"Content-Length: {len(self.body)}\r\n"
        return (head + "\r\n").encode() + self.body


class Connection:
    """One keep-alive HTTP/1.1 connection; reopened when the server closes it."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def send(self, request: Request) -> tuple[int, float]:
        """Status and seconds to the whole answer; status 0 when the connection failed."""
        start = time.perf_counter()
        try:
            if self.writer is None:
                self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
            self.writer.write(request.encode(self.host))
            await self.writer.drain()
            head = await self.reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            status = int(lines[0].split(" ")[1])
            length, close = 0, False
            for line in lines[1:]:
                name, _, value = line.partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
                elif name.strip().lower() == "connection" and value.strip().lower() == "close":
                    close = True
            if length:
                await self.reader.readexactly(length)
            if close:
                await self.close()
            return status, time.perf_counter() - start
        except (OSError, asyncio.IncompleteReadError, ValueError):
            await self.close()
            return 0, time.perf_counter() - start

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            try:
                await self.writer.wait_closed()
            except OSError:
                pass
        self.reader = self.writer = None


@dataclass
class Tally:
    """What happened in one period."""
    statuses: Counter = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    by_kind: Counter = field(default_factory=Counter)
    stalled_closed: list[float] = field(default_factory=list)

    def record(self, kind: str, status: int, seconds: float) -> None:
        self.statuses[status] += 1
        self.by_kind[kind] += 1
        self.latencies.append(seconds)


def endpoint(url: str) -> tuple[str, int]:
    parsed = urllib.parse.urlparse(url)
    return parsed.hostname or "127.0.0.1", parsed.port or 80


async def get_json(host: str, port: int, path: str) -> dict | None:
    """The JSON answer of GET `path` on a new connection, or None unless it is a 200."""
    try:
        reader, writer = await asyncio.open_connection(host, port)
        writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        await writer.drain()
        data = await reader.read()
        writer.close()
        head, _, body = data.partition(b"\r\n\r\n")
        status_line = head.split(b"\r\n")[0].split(b" ")
        return json.loads(body) if len(status_line) > 1 and status_line[1] == b"200" else None
    except (OSError, ValueError):
        return None


def mix(paths: set[str], models: list[str]) -> list[tuple[float, callable]]:
    """The soak's traffic: (weight, maker of a request)."""
    pngs = [digit_png(seed=seed) for seed in range(8)]
    strokes = json.dumps({"strokes": [[[60, 50], [220, 50]], [[220, 50], [120, 240]]]}).encode()
    data_url = json.dumps({"image": "data:image/png;base64," + base64.b64encode(pngs[0]).decode()}).encode()
    choices = [
        (40, lambda: Request("predict", "POST", f"/api/predict?model={random.choice(models)}", random.choice(pngs), "image/png")),
        (8, lambda: Request("predict-json", "POST", "/api/predict", data_url, "application/json")),
        (8, lambda: Request("compare", "POST", "/api/compare", random.choice(pngs), "image/png")),
        (10, lambda: Request("health", "GET", "/healthz")),
        (3, lambda: Request("models", "GET", "/api/models")),
        (4, lambda: Request("bad-image", "POST", "/api/predict", os.urandom(random.randint(1, 2000)), "image/png")),
        (3, lambda: Request("bad-json", "POST", "/api/predict", b'{"image": 12', "application/json")),
        (3, lambda: Request("bad-base64", "POST", "/api/predict", b'{"image": "data:image/png;base64,@@@"}', "application/json")),
        (2, lambda: Request("unknown-model", "POST", "/api/predict?model=nope", pngs[0], "image/png")),
        (2, lambda: Request("not-found", "GET", f"/scan/{random.randint(0, 10**6)}")),
        (2, lambda: Request("wrong-method", "DELETE", "/api/predict")),
        (2, lambda: Request("truncated", "POST", "/api/predict", pngs[1][: len(pngs[1]) // 2], "image/png")),
    ]
    if "/api/read" in paths:
        choices.append((8, lambda: Request("read", "POST", "/api/read", strokes, "application/json")))
        choices.append((8, lambda: Request("predict-strokes", "POST", "/api/predict", strokes, "application/json")))
    if "/api/feedback" in paths:
        feedback = json.dumps({"image": "data:image/png;base64," + base64.b64encode(pngs[2]).decode(), "label": 1}).encode()
        choices.append((3, lambda: Request("feedback", "POST", "/api/feedback", feedback, "application/json")))
        choices.append((1, lambda: Request("bad-feedback", "POST", "/api/feedback", b'{"label": 12}', "application/json")))
    return choices


async def stalled_client(host: str, port: int, tally: list[Tally], stop: asyncio.Event) -> None:
    """Opens a connection, sends half a request, waits for the server to close it; repeats."""
    while not stop.is_set():
        start = time.perf_counter()
        try:
            reader, writer = await asyncio.open_connection(host, port)
            writer.write(b"POST /api/predict HTTP/1.1\r\nHost: x\r\nContent-Type: image/png\r\nContent-Length: 5000\r\n\r\n\x89PNG")
            await writer.drain()
            while await reader.read(65536):
                pass
            tally[0].stalled_closed.append(time.perf_counter() - start)
            writer.close()
        except OSError:
            await asyncio.sleep(0.5)


async def soak(args) -> dict:
    host, port = endpoint(args.url)
    document = await get_json(host, port, "/openapi.json") or {}
    paths = set(document.get("paths", {}))
    listing = await get_json(host, port, "/api/models") or {}
    models = [model["id"] for model in listing.get("models", [])] or ["ensemble"]
    choices = mix(paths, models)
    weights = [weight for weight, _ in choices]
    makers = [maker for _, maker in choices]
    current = [Tally()]
    stop = asyncio.Event()
    deadline = time.monotonic() + args.minutes * 60

    async def worker() -> None:
        connection = Connection(host, port)
        while time.monotonic() < deadline:
            request = random.choices(makers, weights)[0]()
            status, seconds = await connection.send(request)
            current[0].record(request.kind, status, seconds)
        await connection.close()

    stalled = [asyncio.create_task(stalled_client(host, port, current, stop)) for _ in range(args.stalled)]
    workers = [asyncio.create_task(worker()) for _ in range(args.connections)]
    minutes = []
    totals = Counter()
    print(f"soak: {args.minutes} min, {args.connections} connections, {args.stalled} stalled clients, "
          f"{len(choices)} kinds of request ({', '.join(sorted({maker().kind for maker in makers}))})", flush=True)
    print(f"{'min':>3} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'RSS MB':>7} {'stalled closed (max s)':>22}  answers by status", flush=True)
    minute = 0
    while time.monotonic() < deadline:
        await asyncio.sleep(min(60, max(0.1, deadline - time.monotonic())))
        minute += 1
        tally, current[0] = current[0], Tally()
        elapsed = 60 if time.monotonic() < deadline else max(1, args.minutes * 60 - (minute - 1) * 60)
        memory = rss_mb(args.pid)
        row = {
            "minute": minute,
            "requests_per_s": round(sum(tally.statuses.values()) / elapsed, 1),
            "p50_ms": round(percentile(tally.latencies, 0.5) * 1000, 2),
            "p99_ms": round(percentile(tally.latencies, 0.99) * 1000, 2),
            "rss_mb": round(memory, 1) if memory else None,
            "statuses": dict(sorted(tally.statuses.items())),
            "stalled_closed": len(tally.stalled_closed),
            "stalled_max_s": round(max(tally.stalled_closed), 2) if tally.stalled_closed else None,
        }
        totals.update(tally.statuses)
        minutes.append(row)
        stalled_text = f"{row['stalled_closed']} ({row['stalled_max_s']})"
        print(f"{minute:>3} {row['requests_per_s']:>7} {row['p50_ms']:>7} {row['p99_ms']:>7} {str(row['rss_mb']):>7} {stalled_text:>22}  {row['statuses']}", flush=True)
    await asyncio.gather(*workers)
    stop.set()
    for task in stalled:
        task.cancel()
    await asyncio.gather(*stalled, return_exceptions=True)
    health = await get_json(host, port, "/healthz")
    server_errors = sum(count for status, count in totals.items() if status >= 500 and status != 503)
    return {"mode": "soak", "minutes": minutes, "statuses": dict(sorted(totals.items())),
            "server_errors": server_errors, "healthy_after": bool(health and health.get("status") == "ok")}


async def overload(args) -> dict:
    host, port = endpoint(args.url)
    png = digit_png()
    results: list[tuple[int, float]] = []
    deadline = time.monotonic() + args.seconds

    async def worker() -> None:
        connection = Connection(host, port)
        while time.monotonic() < deadline:
            results.append(await connection.send(Request("predict", "POST", f"/api/predict?model={args.model}", png, "image/png")))
        await connection.close()

    await asyncio.gather(*(worker() for _ in range(args.connections)))
    statuses = Counter(status for status, _ in results)
    accepted = [seconds for status, seconds in results if status == 200]
    refused = [seconds for status, seconds in results if status == 503]
    health = await get_json(host, port, "/healthz")
    return {
        "mode": "overload", "connections": args.connections, "seconds": args.seconds,
        "statuses": dict(sorted(statuses.items())),
        "only_200_or_503": set(statuses) <= {200, 503},
        "accepted_per_s": round(len(accepted) / args.seconds, 1),
        "accepted_p50_ms": round(percentile(accepted, 0.5) * 1000, 1),
        "accepted_p99_ms": round(percentile(accepted, 0.99) * 1000, 1),
        "refused_p50_ms": round(percentile(refused, 0.5) * 1000, 1),
        "refused_p99_ms": round(percentile(refused, 0.99) * 1000, 1),
        "healthy_after": bool(health and health.get("status") == "ok"),
    }


async def probe(host: str, port: int, count: int) -> dict[str, float]:
    """p50 of `count` sequential /healthz and /api/predict requests on one connection each."""
    png = digit_png()
    figures = {}
    for kind, request in [("health", Request("health", "GET", "/healthz")),
                          ("predict", Request("predict", "POST", "/api/predict", png, "image/png"))]:
        connection = Connection(host, port)
        times = []
        for _ in range(count):
            status, seconds = await connection.send(request)
            if status == 200:
                times.append(seconds)
        await connection.close()
        figures[kind + "_p50_ms"] = round(percentile(times, 0.5) * 1000, 3)
        figures[kind + "_answered"] = len(times)
    return figures


async def stalled(args) -> dict:
    host, port = endpoint(args.url)
    unloaded = await probe(host, port, args.probes)
    opened: list[float] = []
    closed: list[float] = []
    writers = []

    async def stall() -> None:
        start = time.perf_counter()
        try:
            reader, writer = await asyncio.open_connection(host, port)
        except OSError:
            return
        writers.append(writer)
        opened.append(start)
        writer.write(b"POST /api/predict HTTP/1.1\r\nHost: x\r\nContent-Type: image/png\r\nContent-Length: 5000\r\n\r\n\x89PNG")
        await writer.drain()
        try:
            while await reader.read(65536):
                pass
        except OSError:
            pass
        closed.append(time.perf_counter() - start)

    tasks = [asyncio.create_task(stall()) for _ in range(args.clients)]
    while len(opened) < args.clients and time.perf_counter() - (opened[0] if opened else time.perf_counter()) < 5:
        await asyncio.sleep(0.05)
    held = len(opened) - len(closed)
    loaded = await probe(host, port, args.probes)
    await asyncio.wait(tasks, timeout=args.read_timeout * 3 + 10)
    for writer in writers:
        writer.close()
    return {
        "mode": "stalled", "clients": args.clients, "opened": len(opened), "held_during_probe": held,
        "unloaded": unloaded, "while_stalled": loaded,
        "health_ratio": round(loaded["health_p50_ms"] / unloaded["health_p50_ms"], 2),
        "predict_ratio": round(loaded["predict_p50_ms"] / unloaded["predict_p50_ms"], 2),
        "closed": len(closed), "closed_max_s": round(max(closed), 2) if closed else None,
        "closed_min_s": round(min(closed), 2) if closed else None,
        "read_timeout_s": args.read_timeout,
    }


async def probe_accepted(args) -> dict:
    """`--connections` connections (a few), each sending a predict request `--interval` seconds
    after its last answer for `--seconds`,
    while something else loads the server: the latency of its accepted and refused answers."""
    host, port = endpoint(args.url)
    png = digit_png()
    results: list[tuple[int, float]] = []
    deadline = time.monotonic() + args.seconds

    async def prober() -> None:
        connection = Connection(host, port)
        while time.monotonic() < deadline:
            results.append(await connection.send(Request("predict", "POST", f"/api/predict?model={args.model}", png, "image/png")))
            await asyncio.sleep(args.interval)
        await connection.close()

    await asyncio.gather(*(prober() for _ in range(args.connections)))
    statuses = Counter(status for status, _ in results)
    accepted = [seconds for status, seconds in results if status == 200]
    refused = [seconds for status, seconds in results if status == 503]
    health = await get_json(host, port, "/healthz")
    return {
        "mode": "probe", "statuses": dict(sorted(statuses.items())),
        "accepted": len(accepted), "accepted_p50_ms": round(percentile(accepted, 0.5) * 1000, 1),
        "accepted_p99_ms": round(percentile(accepted, 0.99) * 1000, 1),
        "accepted_max_ms": round(max(accepted) * 1000, 1) if accepted else None,
        "refused_p50_ms": round(percentile(refused, 0.5) * 1000, 1),
        "healthy_after": bool(health and health.get("status") == "ok"),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    modes = parser.add_subparsers(dest="mode", required=True)
    soak_parser = modes.add_parser("soak")
    soak_parser.add_argument("--minutes", type=float, default=10)
    soak_parser.add_argument("--connections", type=int, default=16)
    soak_parser.add_argument("--stalled", type=int, default=50)
    soak_parser.add_argument("--pid", type=int)
    overload_parser = modes.add_parser("overload")
    overload_parser.add_argument("--connections", type=int, default=1000)
    overload_parser.add_argument("--seconds", type=float, default=30)
    overload_parser.add_argument("--model", default="ensemble")
    stalled_parser = modes.add_parser("stalled")
    stalled_parser.add_argument("--clients", type=int, default=1000)
    stalled_parser.add_argument("--read-timeout", type=float, default=10)
    stalled_parser.add_argument("--probes", type=int, default=200)
    probe_parser = modes.add_parser("probe")
    probe_parser.add_argument("--seconds", type=float, default=20)
    probe_parser.add_argument("--interval", type=float, default=0.02)
    probe_parser.add_argument("--connections", type=int, default=4)
    probe_parser.add_argument("--model", default="ensemble")
    png_parser = modes.add_parser("png")
    png_parser.add_argument("--out", required=True)
    for sub in (soak_parser, overload_parser, stalled_parser, probe_parser):
        sub.add_argument("--url", default="http://127.0.0.1:8080")
    args = parser.parse_args()
    if args.mode == "png":
        with open(args.out, "wb") as file:
            file.write(digit_png())
        return 0
    result = asyncio.run({"soak": soak, "overload": overload, "stalled": stalled, "probe": probe_accepted}[args.mode](args))
    print("RESULT " + json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
