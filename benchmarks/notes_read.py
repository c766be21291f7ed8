"""Reading the newest notes must not slow down as a person's notes pile up.

Prints, for each backend, the time of `latest_notes(limit=3)` for a person with few notes (the
baseline, measured in the same run) and with many, and the ratio; reading every note is shown
beside it as what a scan would cost. Run: make bench  (DynamoDB runs on moto's server, locally).
"""
from __future__ import annotations

import logging
import os
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from skill.store import NoteStore, Owner  # noqa: E402
from skill.store.sqlite_store import SqliteNoteStore  # noqa: E402

FEW, MANY, REPEATS = 30, 3000, 200


def fill(store: NoteStore, owner: Owner, count: int) -> None:
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    for i in range(count):
        store.add_note(owner, f"note number {i}", created=start + timedelta(minutes=i))


def median_ms(action, repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        action()
        times.append(time.perf_counter() - began)
    return statistics.median(times) * 1000


def measure(name: str, store: NoteStore) -> None:
    few, many = Owner("amzn1.ask.account.FEW"), Owner("amzn1.ask.account.MANY")
    fill(store, few, FEW)
    fill(store, many, MANY)
    newest_few = median_ms(lambda: store.latest_notes(few, limit=3))
    newest_many = median_ms(lambda: store.latest_notes(many, limit=3))
    all_few = median_ms(lambda: store.all_notes(few), repeats=20)
    all_many = median_ms(lambda: store.all_notes(many), repeats=20)
    print(f"{name:8} newest three: {newest_few:7.3f} ms with {FEW} notes, {newest_many:7.3f} ms "
          f"with {MANY}  ratio {newest_many / newest_few:5.2f}")
    print(f"{name:8} every note:   {all_few:7.3f} ms with {FEW} notes, {all_many:7.3f} ms "
          f"with {MANY}  ratio {all_many / all_few:5.2f}  (a scan, for contrast)")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        measure("sqlite", SqliteNoteStore(Path(folder) / "bench.sqlite3"))
    try:
        from moto.server import ThreadedMotoServer
    except ImportError:
        print("dynamodb skipped: moto is not installed (make bench installs it)")
        return
    from skill.store.dynamodb_store import DynamoNoteStore
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # moto's server logs every request
    os.environ.update(AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench")
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        store = DynamoNoteStore("bench", "us-east-1", endpoint_url=f"http://{host}:{port}")
        store.create_table()
        measure("dynamodb", store)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
