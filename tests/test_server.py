"""`python -m skill serve` on a production WSGI server, over real HTTP on loopback: a request
size limit (413), requests still answered while many clients hold half-sent requests open,
/health asking the store, and a watchdog for a request that never ends."""
from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from skill import web
from skill.local.envelopes import Caller, Session, launch_request

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def post(port: int, body: bytes, timeout: float = 10) -> tuple[int, bytes, dict]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("POST", "/alexa", body=body, headers={"Content-Type": "application/json"})
        reply = conn.getresponse()
        return reply.status, reply.read(), dict(reply.getheaders())
    finally:
        conn.close()


def get(port: int, path: str) -> tuple[int, dict]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path)
        reply = conn.getresponse()
        return reply.status, json.loads(reply.read())
    finally:
        conn.close()


def launch() -> bytes:
    return json.dumps(Session(Caller()).envelope(launch_request("en-US"))).encode()


def threads_of(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("Threads:")))


@dataclass
class Served:
    port: int
    pid: int


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Served]:
    """`python -m skill serve --no-verify` in its own process, as `make serve` starts it."""
    port = free_port()
    env = {**os.environ, "PAINCHATS_SQLITE_PATH": str(tmp_path / "skill.sqlite3")}
    process = subprocess.Popen([sys.executable, "-m", "skill", "serve", "--port", str(port),
                                "--no-verify"], cwd=REPO, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT)
    try:
        ends = time.monotonic() + 30
        while True:
            try:
                get(port, "/health")
                break
            except OSError:
                if time.monotonic() > ends or process.poll() is not None:
                    raise RuntimeError(process.stdout.read().decode() if process.stdout else "")
                time.sleep(0.1)
        yield Served(port, process.pid)
    finally:
        process.terminate()
        process.wait(10)


def test_serve_answers_alexa_on_the_production_server(server: Served) -> None:
    status, body, headers = post(server.port, launch())
    assert status == 200
    assert "welcome" in json.loads(body)["response"]["outputSpeech"]["ssml"].lower()
    assert headers.get("Server") == "waitress"
    assert get(server.port, "/health") == (200, {"status": "ok", "store": "ok"})


def test_serve_refuses_a_body_over_the_limit_with_413(server: Served) -> None:
    status, _, _ = post(server.port, b'{"pad": "' + b"x" * (web.MAX_BODY_BYTES + 10) + b'"}')
    assert status == 413


def test_serve_answers_while_clients_hold_half_sent_requests(server: Served) -> None:
    """The audit's 300 stalled clients held 301 threads of the development server: now they
    hold no thread, and a normal request is still answered at once."""
    held = []
    try:
        for _ in range(300):  # the audit's stalled clients
            conn = socket.create_connection(("127.0.0.1", server.port), timeout=5)
            conn.sendall(b"POST /alexa HTTP/1.1\r\nHost: x\r\nContent-Length: 900\r\n")
            held.append(conn)
        time.sleep(0.3)
        assert threads_of(server.pid) <= web.SERVER_THREADS + 4
        began = time.monotonic()
        status, _, _ = post(server.port, launch(), timeout=5)
        assert status == 200
        assert time.monotonic() - began < 2.0
    finally:
        for conn in held:
            conn.close()


def test_watchdog_acts_on_a_request_that_runs_too_long() -> None:
    stuck: list[float] = []
    release = threading.Event()

    def slow_app(environ, start_response):
        release.wait(5)
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"late"]

    watched = web.Watchdog(slow_app, timeout_s=0.3, on_stuck=stuck.append, interval_s=0.05)
    worker = threading.Thread(target=lambda: list(watched({}, lambda *a: None)), daemon=True)
    worker.start()
    ends = time.monotonic() + 3
    while not stuck and time.monotonic() < ends:
        time.sleep(0.05)
    release.set()
    worker.join(5)
    assert stuck and stuck[0] >= 0.3
    # A request that ends in time leaves the watchdog quiet.
    quick = web.Watchdog(lambda e, s: [b"ok"], timeout_s=0.3, on_stuck=stuck.append,
                         interval_s=0.05)
    assert list(quick({}, lambda *a: None)) == [b"ok"]
    count = len(stuck)
    time.sleep(0.5)
    assert len(stuck) == count
