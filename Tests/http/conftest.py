"""The real release server, started per test with the options under test.

Environment:
  DIGIT_READER_BIN  server binary (default: <repo>/.build/release/digit-reader)
"""

from __future__ import annotations

import json
import os
import shlex
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "Tests" / "load"))

from loadgen import digit_png  # noqa: E402,F401  (one PNG maker for the tests and the load tools)

ARTIFACTS = REPO / "artifacts"
START_TIMEOUT_S = 120


@dataclass
class Server:
    host: str
    port: int
    process: subprocess.Popen
    log_path: Path

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def connect(self) -> socket.socket:
        return socket.create_connection((self.host, self.port), timeout=30)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(name: str, *options: str) -> Server:
    """`digit-reader serve` on a free port with `options`, once it answers /healthz."""
    binary = Path(os.environ.get("DIGIT_READER_BIN") or REPO / ".build" / "release" / "digit-reader")
    if not binary.exists():
        pytest.fail(f"server binary {binary} not found: run `swift build -c release` or set DIGIT_READER_BIN")
    ARTIFACTS.mkdir(exist_ok=True)
    log_path = ARTIFACTS / f"http-{name}.log"
    port = free_port()
    # Corrections the tests send go to a folder of their own, not the repository's data/.
    data_dir = tempfile.mkdtemp(prefix=f"digit-reader-http-{name}-")
    command = [str(binary), "serve", "--host", "127.0.0.1", "--port", str(port), "--data-dir", data_dir, *options]
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, cwd=REPO, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    server = Server("127.0.0.1", port, process, log_path)
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        if process.poll() is not None:
            pytest.fail(f"server exited with {process.returncode}: {shlex.join(command)}\n{server.log()}")
        try:
            with urllib.request.urlopen(server.url + "/healthz", timeout=2) as response:
                if response.status == 200 and json.load(response).get("status") == "ok":
                    return server
        except (OSError, ValueError):
            pass
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"server not healthy after {START_TIMEOUT_S} s\n{server.log()}")
        time.sleep(0.1)


def stop_server(server: Server) -> None:
    if server.process.poll() is None:
        server.process.terminate()
        try:
            server.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait()


def read_response(connection: socket.socket) -> tuple[int, dict[str, str], bytes]:
    """One HTTP/1.1 response with a Content-Length body: status, headers (lower-case), body."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(65536)
        if not chunk:
            raise ConnectionError(f"connection closed before a response head: {data!r}")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers = {name.strip().lower(): value.strip() for name, _, value in (line.partition(":") for line in lines[1:])}
    length = int(headers.get("content-length", "0"))
    while len(body) < length:
        chunk = connection.recv(65536)
        if not chunk:
            raise ConnectionError("connection closed inside a response body")
        body += chunk
    return status, headers, body


def closed_within(connection: socket.socket, seconds: float) -> float | None:
    """Seconds until the server closed `connection` (reading nothing more), or None if it is
    still open after `seconds`."""
    start = time.monotonic()
    connection.settimeout(seconds)
    try:
        while True:
            if not connection.recv(65536):
                return time.monotonic() - start
    except ConnectionResetError:
        return time.monotonic() - start
    except socket.timeout:
        return None
