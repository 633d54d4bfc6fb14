#!/usr/bin/env python3
"""Speed of corrections: POST /api/feedback latency on SQLite, and /api/predict while corrections are written.

Starts `digit-reader serve` (the release binary, or $DIGIT_READER_BIN) on a free loopback port
with a temporary --data-dir, then over one keep-alive connection each:
  1. POST /api/predict?model=multilayer-cnn, N times (the recognition route alone);
  2. POST /api/feedback with a new Idempotency-Key each, N times (target: p50 under 5 ms);
  3. POST /api/predict again, N times, while another client writes corrections non-stop.
Prints p50/p90/p99 for each. Python's http.client adds about 0.1-0.4 ms to every request.

Usage: python3 Tests/feedback-benchmark.py [--requests N]
"""
import argparse
import base64
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from several_instances_client import digit_png  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def timed(connection, path: str, body: bytes, headers: dict) -> float:
    start = time.perf_counter()
    connection.request("POST", path, body=body, headers=headers)
    response = connection.getresponse()
    response.read()
    elapsed = (time.perf_counter() - start) * 1000
    if response.status not in (200, 201):
        raise SystemExit(f"{path}: {response.status}")
    return elapsed


def summary(name: str, samples: list[float]) -> str:
    ordered = sorted(samples)
    at = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]
    return f"{name:<44} p50 {statistics.median(ordered):6.2f} ms  p90 {at(0.9):6.2f} ms  p99 {at(0.99):6.2f} ms  ({len(ordered)} requests)"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=500)
    args = parser.parse_args()
    binary = os.environ.get("DIGIT_READER_BIN") or str(REPO / ".build" / "release" / "digit-reader")
    port = free_port()
    data = tempfile.mkdtemp(prefix="digit-reader-feedback-bench-")
    env = dict(os.environ, LOG_LEVEL="warning", OPENBLAS_NUM_THREADS="1")
    server = subprocess.Popen([binary, "serve", "--port", str(port), "--data-dir", data], env=env, stdout=subprocess.DEVNULL)
    try:
        for _ in range(600):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        image = "data:image/png;base64," + base64.b64encode(digit_png()).decode()
        predict_body = json.dumps({"image": image}).encode()
        json_headers = {"Content-Type": "application/json"}
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for _ in range(20):  # warm up
            timed(connection, "/api/predict?model=multilayer-cnn", predict_body, json_headers)

        alone = [timed(connection, "/api/predict?model=multilayer-cnn", predict_body, json_headers) for _ in range(args.requests)]
        feedback_body = json.dumps({"image": image, "label": 1, "model": "multilayer-cnn", "predicted": 7}).encode()
        feedback = [
            timed(connection, "/api/feedback", feedback_body, dict(json_headers, **{"Idempotency-Key": str(uuid.uuid4())}))
            for _ in range(args.requests)
        ]

        stop = threading.Event()
        written = [0]

        def writer() -> None:
            other = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            while not stop.is_set():
                timed(other, "/api/feedback", feedback_body, dict(json_headers, **{"Idempotency-Key": str(uuid.uuid4())}))
                written[0] += 1

        thread = threading.Thread(target=writer)
        thread.start()
        during = [timed(connection, "/api/predict?model=multilayer-cnn", predict_body, json_headers) for _ in range(args.requests)]
        stop.set()
        thread.join()

        print(summary("POST /api/predict (multilayer-cnn), alone", alone))
        print(summary("POST /api/feedback (SQLite, every model)", feedback))
        print(summary("POST /api/predict while corrections written", during))
        print(f"corrections written meanwhile by the second client: {written[0]}")
        print(f"feedback p50 target (< 5 ms): {'PASS' if statistics.median(feedback) < 5 else 'MISS'}")
        return 0
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    sys.exit(main())
