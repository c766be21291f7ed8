"""Which production WSGI server serves the skill best on this machine: waitress and gunicorn,
each started the way `python -m skill serve` would start it, measured in the same run on
loopback with the same load (benchmarks/load.py), bounded in count and time, in alternating
rounds so a busy moment on a shared machine does not favour one. Also: how long a normal request
waits while 300 clients hold connections open half-sent (the audit's stalled clients).

Run: .venv/bin/python benchmarks/servers.py   (about two minutes)"""
from __future__ import annotations

import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import load  # noqa: E402

BIN = Path(sys.executable).parent
CLIENTS = (1, 8, 32)
REQUESTS, SECONDS, ROUNDS = 1500, 5.0, 2
STALLED = 300

SERVERS = {
    # One process; slow clients are read by its event loop, never by a worker thread.
    "waitress 1 process x 8 threads": lambda port: [
        str(BIN / "waitress-serve"), "--host", "127.0.0.1", "--port", str(port), "--threads", "8",
        "--channel-timeout", "10", "--connection-limit", "1000", "--max-request-body-size",
        str(160 * 1024), "--call", "benchmarks.apps:skill_app"],
    # Two processes (one per core), four threads each; kept-alive connections wait in a poller.
    "gunicorn 2 workers x 4 threads (gthread)": lambda port: [
        str(BIN / "gunicorn"), "-b", f"127.0.0.1:{port}", "-w", "2", "-k", "gthread",
        "--threads", "4", "--timeout", "10", "--keep-alive", "5", "benchmarks.apps:skill_app()"],
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def seed(path: Path) -> None:
    from skill.store import Owner
    from skill.store.sqlite_store import SqliteNoteStore
    store = SqliteNoteStore(path)
    for client in range(max(CLIENTS)):
        for i in range(5):
            store.add_note(Owner(load.user_of(client)), f"note {i} of a load run")


def stalled_wait(port: int) -> float:
    """Seconds a normal request takes while STALLED clients hold half-sent requests."""
    held = []
    try:
        for _ in range(STALLED):
            conn = socket.create_connection(("127.0.0.1", port), timeout=5)
            conn.sendall(b"POST /alexa HTTP/1.1\r\nHost: x\r\nContent-Length: 900\r\n")
            held.append(conn)
        time.sleep(0.5)
        waits = []
        for _ in range(3):
            began = time.monotonic()
            try:
                probe = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
                probe.request("POST", "/alexa", body=load.request_mix(1)[1],
                              headers={"Content-Type": "application/json"})
                probe.getresponse().read()
                probe.close()
                waits.append(time.monotonic() - began)
            except OSError:
                waits.append(float("inf"))  # gave up after 15 s
        return max(waits)
    finally:
        for conn in held:
            conn.close()


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="painchats-servers-"))
    env = {**os.environ, "PAINCHATS_SQLITE_PATH": str(folder / "skill.sqlite3"),
           "PYTHONPATH": str(ROOT)}
    seed(folder / "skill.sqlite3")
    results: dict[str, dict[int, list[load.Result]]] = {n: {c: [] for c in CLIENTS} for n in SERVERS}
    stalled: dict[str, float] = {}
    print(f"{os.cpu_count()} cores; {REQUESTS} requests or {SECONDS:.0f} s per figure, "
          f"{ROUNDS} rounds, median shown")
    for round_number in range(ROUNDS):
        for name, command in SERVERS.items():
            port = free_port()
            server = subprocess.Popen(command(port), cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL)
            try:
                load.wait_ready(port)
                for clients in CLIENTS:
                    results[name][clients].append(load.run(port, clients, REQUESTS, SECONDS))
                if round_number == ROUNDS - 1:
                    stalled[name] = stalled_wait(port)
            finally:
                server.terminate()
                server.wait(10)
    for name in SERVERS:
        print(name)
        for clients in CLIENTS:
            runs = results[name][clients]
            rate = statistics.median(r.rate for r in runs)
            p50 = statistics.median(r.percentile(50) for r in runs)
            p99 = statistics.median(r.percentile(99) for r in runs)
            errors = sum(r.errors for r in runs)
            print(f"  {clients:2} clients: {rate:6.0f} req/s  p50 {p50:6.1f} ms  p99 {p99:6.1f} ms"
                  f"  errors {errors}")
        print(f"  a request among {STALLED} stalled clients: {stalled[name]:.2f} s")


if __name__ == "__main__":
    main()
