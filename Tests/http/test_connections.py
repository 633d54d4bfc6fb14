"""Hostile and slow clients, and shutdown, against the real server (`serve`'s connection options)."""

from __future__ import annotations

import signal
import socket
import time
import urllib.request

import pytest

from conftest import closed_within, digit_png, read_response, start_server, stop_server

READ_TIMEOUT_S = 2
IDLE_TIMEOUT_S = 1
# Generous: the tests check that connections are closed, not how punctually (machines are noisy).
PATIENCE_S = 20


@pytest.fixture(scope="module")
def server():
    """The read timeout alone: the idle timeout is far longer, so it cannot be what closes."""
    server = start_server("connections", "--read-timeout", str(READ_TIMEOUT_S), "--idle-timeout", str(PATIENCE_S * 3))
    yield server
    stop_server(server)


@pytest.fixture(scope="module")
def idle_server():
    """The idle timeout alone: the read timeout is far longer."""
    server = start_server("idle", "--read-timeout", str(PATIENCE_S * 3), "--idle-timeout", str(IDLE_TIMEOUT_S))
    yield server
    stop_server(server)


def predict_head(length: int) -> bytes:
    return (
        f"POST /api/predict HTTP/1.1\r\nHost: test\r\nContent-Type: image/png\r\nContent-Length: {length}\r\n\r\n"
    ).encode()


def test_a_client_that_stalls_inside_the_body_is_cut_off(server):
    png = digit_png()
    with server.connect() as connection:
        connection.sendall(predict_head(len(png)) + png[: len(png) // 2])
        assert closed_within(connection, PATIENCE_S) is not None, "a stalled upload was still connected"


def test_a_client_that_stalls_inside_the_head_is_cut_off(server):
    with server.connect() as connection:
        connection.sendall(b"POST /api/predict HTTP/1.1\r\nHost: te")
        assert closed_within(connection, PATIENCE_S) is not None, "a stalled request head was still connected"


def test_a_client_that_trickles_its_body_is_cut_off_at_the_read_timeout(server):
    """Each byte resets no clock: the whole request must arrive within the read timeout."""
    png = digit_png()
    with server.connect() as connection:
        connection.sendall(predict_head(len(png)))
        start = time.monotonic()
        closed = False
        for offset in range(0, len(png)):
            try:
                connection.sendall(png[offset : offset + 1])
            except (BrokenPipeError, ConnectionResetError):
                closed = True
                break
            connection.settimeout(0.25)
            try:
                if connection.recv(65536) == b"":
                    closed = True
                    break
            except socket.timeout:
                pass
            if time.monotonic() - start > PATIENCE_S:
                break
        assert closed, "a trickled upload was never cut off"


def slow_upload(server) -> tuple[int, bytes]:
    """Ten pieces 0.1 s apart: about 1 s in all, each gap a tenth of the idle timeout."""
    png = digit_png()
    pieces = [png[i : i + len(png) // 10 + 1] for i in range(0, len(png), len(png) // 10 + 1)]
    with server.connect() as connection:
        connection.sendall(predict_head(len(png)))
        for piece in pieces:
            time.sleep(0.1)
            connection.sendall(piece)
        status, _, body = read_response(connection)
    return status, body


def test_a_slow_but_steady_upload_within_the_read_timeout_is_answered(server):
    status, body = slow_upload(server)
    assert status == 200, body


def test_a_slow_but_steady_upload_is_not_taken_for_an_idle_connection(idle_server):
    status, body = slow_upload(idle_server)
    assert status == 200, body


def test_an_idle_keep_alive_connection_is_closed_and_an_active_one_is_not(idle_server):
    server = idle_server
    with server.connect() as connection:
        for _ in range(3):
            connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n")
            status, _, _ = read_response(connection)
            assert status == 200
            time.sleep(IDLE_TIMEOUT_S / 4)
        assert closed_within(connection, PATIENCE_S) is not None, "an idle keep-alive connection stayed open"


def test_the_server_still_answers_while_clients_stall(server):
    stalled = [server.connect() for _ in range(50)]
    try:
        for connection in stalled:
            connection.sendall(b"POST /api/predict HTTP/1.1\r\nHost: te")
        png = digit_png()
        with server.connect() as connection:
            connection.sendall(predict_head(len(png)) + png)
            status, _, body = read_response(connection)
        assert status == 200, body
    finally:
        for connection in stalled:
            connection.close()


def test_sigterm_finishes_the_request_in_flight_refuses_new_ones_and_exits_0():
    server = start_server("shutdown")
    try:
        png = digit_png()
        in_flight = server.connect()
        in_flight.sendall(predict_head(len(png)) + png[: len(png) // 2])
        time.sleep(0.2)
        server.process.send_signal(signal.SIGTERM)
        # The listener closes: new connections are refused. A connection that reached the
        # listener's queue just as it closed is reset by the kernel instead: not served either.
        deadline = time.monotonic() + PATIENCE_S
        while True:
            try:
                socket.create_connection((server.host, server.port), timeout=1).close()
            except (ConnectionRefusedError, ConnectionResetError):
                break
            assert time.monotonic() < deadline, "the server still accepted connections after SIGTERM"
            time.sleep(0.05)
        assert server.process.poll() is None, "the server exited before answering the request in flight"
        in_flight.sendall(png[len(png) // 2 :])
        status, headers, body = read_response(in_flight)
        assert status == 200, body
        assert b'"model"' in body
        in_flight.close()
        assert server.process.wait(timeout=PATIENCE_S) == 0, server.log()
    finally:
        stop_server(server)


def test_connections_cut_off_are_counted(server):
    with server.connect() as connection:
        connection.sendall(b"GET /healthz HTTP/1.1\r\nHo")
        assert closed_within(connection, PATIENCE_S) is not None
    with urllib.request.urlopen(server.url + "/metrics", timeout=10) as response:
        text = response.read().decode()
    counted = [line for line in text.splitlines() if line.startswith('digit_reader_rejected_total{reason="read_timeout"}')]
    assert counted and float(counted[0].split()[-1]) >= 1, text
