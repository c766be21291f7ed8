"""A small HTTP load on loopback, bounded in count and time: `clients` threads, each on one
keep-alive connection, POST a mix of Alexa requests (a launch, a topic question, "read my
notes") and time every answer. Used by `make bench` and to choose the production server."""
from __future__ import annotations

import http.client
import itertools
import json
import threading
import time
from dataclasses import dataclass

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from skill.local.envelopes import Caller, Session, intent_request, launch_request  # noqa: E402

QUESTION_INTENT = "NonSpecificIntent"  # "what is non-specific back pain": a plain topic answer


def user_of(client: int) -> str:
    return f"amzn1.ask.account.LOAD-{client:03d}"


def request_mix(client: int) -> list[bytes]:
    """What one client sends, in turn: the three request types of the issue's mix."""
    caller = Caller(user_id=user_of(client))
    launch = Session(caller).envelope(launch_request("en-US"))
    question = Session(caller, new=False).envelope(intent_request("en-US", QUESTION_INTENT))
    notes = Session(caller, new=False).envelope(intent_request("en-US", "ReadNotesIntent"))
    return [json.dumps(e).encode() for e in (launch, question, notes)]


@dataclass
class Result:
    clients: int
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] if ordered else 0.0


def wait_ready(port: int, path: str = "/alexa", timeout: float = 20.0) -> None:
    ends = time.monotonic() + timeout
    while time.monotonic() < ends:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("POST", path, body=request_mix(0)[1],
                         headers={"Content-Type": "application/json"})
            conn.getresponse().read()
            conn.close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing answered on port {port}")


def run(port: int, clients: int, max_requests: int, max_seconds: float,
        path: str = "/alexa", warmup: int = 3) -> Result:
    """At most `max_requests` answers (after `warmup` each), and at most `max_seconds`."""
    issued = itertools.count()
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients
    ready = threading.Barrier(clients + 1)

    def client(number: int) -> None:
        bodies = itertools.cycle(request_mix(number))
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        headers = {"Content-Type": "application/json"}

        def one() -> tuple[float, bool]:
            nonlocal conn
            began = time.perf_counter()
            try:
                conn.request("POST", path, body=next(bodies), headers=headers)
                reply = conn.getresponse()
                reply.read()
                ok = reply.status == 200
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                ok = False
            return (time.perf_counter() - began) * 1000, ok

        for _ in range(warmup):
            one()
        ready.wait()  # every client warmed up: the clock starts
        ends = time.perf_counter() + max_seconds
        while next(issued) < max_requests and time.perf_counter() < ends:
            took, ok = one()
            latencies[number].append(took)
            errors[number] += not ok
        conn.close()

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    ready.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join(max_seconds + 30)
    seconds = time.perf_counter() - began
    flat = [t for per in latencies for t in per]
    return Result(clients, len(flat), sum(errors), seconds, flat)


def describe(result: Result) -> str:
    return (f"{result.rate:7.0f} req/s  p50 {result.percentile(50):6.1f} ms  "
            f"p99 {result.percentile(99):6.1f} ms  ({result.requests} requests, "
            f"{result.errors} errors)")


if __name__ == "__main__":
    port, clients = int(sys.argv[1]), int(sys.argv[2])
    print(describe(run(port, clients, max_requests=3000, max_seconds=8)))
