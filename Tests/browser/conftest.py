"""Fixtures for the browser tests: the real release server on a free port, and Debian's Chromium.

Environment:
  DIGIT_READER_BIN         server binary (default: <repo>/.build/release/digit-reader)
  DIGIT_READER_SERVE_ARGS  extra arguments for `serve`, e.g. "--models-dir /tmp/models"
  DIGIT_READER_PENDIGITS   pen digits folder (default: <repo>/../shared/datasets/pendigits-dev)
  CHROMIUM                 browser binary (default: /usr/bin/chromium)
"""

from __future__ import annotations

import json
import os
import shlex
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))

from digitpad import ARTIFACTS, GOALS, MEASURED, REPO  # noqa: E402

SERVER_START_TIMEOUT_S = 180


#: The administrator token the test server is started with, so tests can read stored corrections.
ADMIN_TOKEN = "browser-tests-admin"


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log_path: Path

    def get_json(self, path: str, admin: bool = False) -> dict:
        headers = {"Authorization": f"Bearer {ADMIN_TOKEN}"} if admin else {}
        with urllib.request.urlopen(urllib.request.Request(self.url + path, headers=headers), timeout=10) as response:
            return json.load(response)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _log_tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    binary = Path(os.environ.get("DIGIT_READER_BIN") or REPO / ".build" / "release" / "digit-reader")
    if not binary.exists():
        pytest.fail(f"server binary {binary} not found: run `swift build -c release` or set DIGIT_READER_BIN")
    ARTIFACTS.mkdir(exist_ok=True)
    log_path = ARTIFACTS / "browser-server.log"
    port = _free_port()
    command = [
        str(binary), "serve", "--host", "127.0.0.1", "--port", str(port), "--web-dir", str(REPO / "Web"),
        "--data-dir", str(tmp_path_factory.mktemp("corrections")), "--admin-token", ADMIN_TOKEN,
        *shlex.split(os.environ.get("DIGIT_READER_SERVE_ARGS", "")),
    ]
    url = f"http://127.0.0.1:{port}"
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, cwd=REPO, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while True:
        if process.poll() is not None:
            pytest.fail(f"server exited with {process.returncode} before it was ready: {shlex.join(command)}\n{_log_tail(log_path)}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as response:
                if response.status == 200 and json.load(response).get("status") == "ok":
                    break
        except (OSError, ValueError):
            pass
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"server not healthy after {SERVER_START_TIMEOUT_S} s\n{_log_tail(log_path)}")
        time.sleep(0.2)
    print(f"\nserver: {shlex.join(command)} (log: {log_path})")
    yield Server(url, process, log_path)
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="session")
def browser():
    executable = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not Path(executable).exists():
        pytest.fail(f"Chromium not found at {executable}: install Debian's `chromium` package or set CHROMIUM")
    args = ["--no-sandbox"] if os.geteuid() == 0 else []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=args)
        yield browser
        browser.close()


class Watch:
    """Everything a page asked for and complained about."""

    def __init__(self, page, origin: str):
        self.origin = origin
        self.requests: list[str] = []
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("console", lambda message: self.console_errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))

    def foreign_requests(self) -> list[str]:
        allowed = (self.origin + "/", "data:", "blob:")
        return [url for url in self.requests if not (url == self.origin or url.startswith(allowed))]

    def assert_clean(self) -> None:
        assert not self.page_errors, f"uncaught errors in the page: {self.page_errors}"
        assert not self.console_errors, f"console errors: {self.console_errors}"
        assert not self.foreign_requests(), f"requests to other hosts: {self.foreign_requests()}"


def _open(browser, server: Server, **context_options):
    context = browser.new_context(**context_options)
    page = context.new_page()
    page.set_default_timeout(30_000)
    watch = Watch(page, server.url)
    page.goto(server.url + "/")
    page.wait_for_selector("select#model[data-loaded]:not([disabled])", state="attached")
    return context, page, watch


@pytest.fixture
def desktop(browser, server):
    """A desktop-sized page, loaded, with its models listed; yields (page, watch)."""
    context, page, watch = _open(browser, server, viewport={"width": 1100, "height": 900})
    yield page, watch
    context.close()


@pytest.fixture
def phone(browser, server):
    """A phone in portrait (390 x 844, touch); yields (page, watch, cdp)."""
    context, page, watch = _open(
        browser, server,
        viewport={"width": 390, "height": 844}, device_scale_factor=3, is_mobile=True, has_touch=True,
    )
    cdp = context.new_cdp_session(page)
    yield page, watch, cdp
    context.close()


def pytest_terminal_summary(terminalreporter):
    if not (MEASURED.readings or MEASURED.page_latencies_ms or MEASURED.screenshots or MEASURED.numbers):
        return
    write = terminalreporter.write_line
    terminalreporter.section("Digit Reader in the browser")
    for model, readings in MEASURED.readings.items():
        right = sum(1 for label, read, _, _ in readings if read == str(label))
        target = GOALS.get(model)
        verdict = f", {'meets' if right / len(readings) >= target else 'below'} the {target:.0%} goal" if target else ""
        write(f"{model:>16}: {right}/{len(readings)} replayed pen digits read right ({right / len(readings):.1%}{verdict})")
        misses = [f"{label}->{read or '?'} (writer {writer}, line {index})" for label, read, writer, index in readings if read != str(label)]
        if misses:
            write(f"{'':>16}  misses: {', '.join(misses)}")
    if MEASURED.page_latencies_ms:
        page_ms = statistics.median(MEASURED.page_latencies_ms)
        wall_ms = statistics.median(MEASURED.wall_latencies_ms) if MEASURED.wall_latencies_ms else float("nan")
        write(
            f"pointer-up to answer shown ({MEASURED.latency_model}, {len(MEASURED.page_latencies_ms)} digits, "
            f"includes the page's 60 ms debounce): median {page_ms:.0f} ms in the page, {wall_ms:.0f} ms seen by the test; "
            f"slowest {max(MEASURED.page_latencies_ms):.0f} ms in the page"
        )
    if MEASURED.numbers:
        total = len(MEASURED.numbers)
        exact = sum(written == read for written, read, _ in MEASURED.numbers)
        lengths = sum(len(written) == len(read) for written, read, _ in MEASURED.numbers)
        write(f"written numbers (number mode, default model): {exact}/{total} read exactly, {lengths}/{total} with the right number of digits")
        misses = [f"{written}->{read or '(nothing)'} (writer {writer})" for written, read, writer in MEASURED.numbers if written != read]
        if misses:
            write(f"{'':>16}  misses: {', '.join(misses)}")
    for path in MEASURED.screenshots:
        write(f"screenshot: {path}")
