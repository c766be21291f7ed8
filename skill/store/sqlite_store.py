"""Notes in one SQLite file: the default for a single self-hosted machine."""
from __future__ import annotations

import json
import sqlite3
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from .base import (
    DEFAULT_NOTE_MAX_CHARS,
    AccountDisabled,
    Note,
    NoteStore,
    Owner,
    StoreError,
    check_limit,
    check_profile,
    format_created,
    note_from_record,
    split_key,
)

# A note's key is its owner, time and id, as on DynamoDB: a note id that happens to equal
# another person's (or is forged to) is kept under its own owner, never dropped or mixed.
_NOTES_TABLE = """
CREATE TABLE IF NOT EXISTS notes (
    user_id   TEXT NOT NULL,
    person_id TEXT NOT NULL,
    created   TEXT NOT NULL,  -- fixed-width UTC text, so it sorts as time
    note_id   TEXT NOT NULL,
    text      TEXT NOT NULL,
    question  INTEGER,
    set_id    TEXT,
    PRIMARY KEY (user_id, person_id, created, note_id)
);
"""
_SCHEMA = _NOTES_TABLE + """
CREATE TABLE IF NOT EXISTS disabled_users (  -- SkillDisabled: nothing more is kept for them
    user_id   TEXT PRIMARY KEY,
    disabled  TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS profiles (
    user_id   TEXT NOT NULL,
    person_id TEXT NOT NULL,
    data      TEXT NOT NULL,  -- JSON
    PRIMARY KEY (user_id, person_id)
);
"""
_COLUMNS = "note_id, created, text, question, set_id"
_OWNER = "user_id = ? AND person_id = ?"
_BUSY_TIMEOUT_S = 10.0


class _Connection(sqlite3.Connection):
    """A connection that can be weakly referenced (the C type cannot)."""


class SqliteNoteStore(NoteStore):
    """Thread-safe: each thread has its own connection; WAL lets readers run beside a writer,
    and writers wait (busy timeout) for each other instead of failing."""

    def __init__(self, path: Path, note_max_chars: int = DEFAULT_NOTE_MAX_CHARS) -> None:
        self._path = Path(path)
        self.note_max_chars = note_max_chars
        self._schema_lock = threading.Lock()
        self._schema_ready = False
        self._local = threading.local()
        self._write_lock = threading.Lock()
        # Weak: a connection goes (and closes) with the thread that opened it.
        self._open: weakref.WeakSet[sqlite3.Connection] = weakref.WeakSet()
        self._open_lock = threading.Lock()

    # -- plumbing -------------------------------------------------------------------------

    @contextmanager
    def _connect(self, write: bool = False) -> Iterator[sqlite3.Connection]:
        """One transaction on this thread's connection; sqlite3 errors become StoreError.
        A connection is kept per thread (opening and closing one cost about as much as a read);
        after an error it is closed and the next call opens a new one."""
        conn = None
        # Writers in this process queue here, and each is woken the moment the last one
        # commits; waiting on SQLite's own lock instead means its busy handler's sleeps, which
        # grow to 100 ms (a p99 of 140 ms at 8 clients). Other processes still meet the lock.
        if write and not self._write_lock.acquire(timeout=_BUSY_TIMEOUT_S):
            raise StoreError("SQLite store failed: writers queued past the busy timeout")
        try:
            self._ensure_schema()
            conn = self._thread_connection()
            conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:  # SQLite may already have rolled back on its own
                    conn.execute("ROLLBACK")
                raise
        except (sqlite3.Error, OSError) as exc:
            raise self._failed(exc) from exc
        finally:
            if write:
                self._write_lock.release()

    def _select(self, sql: str, params: tuple) -> list[tuple]:
        """The rows of one SELECT. A lone statement in autocommit mode is its own read
        transaction (one snapshot), so it needs no BEGIN and COMMIT around it: one statement
        where _connect runs three, which halves a warm "read my notes" read."""
        try:
            self._ensure_schema()
            return self._thread_connection().execute(sql, params).fetchall()
        except (sqlite3.Error, OSError) as exc:
            raise self._failed(exc) from exc

    def _failed(self, exc: sqlite3.Error | OSError) -> StoreError:
        """The StoreError for a failure (its type named, never the data); the thread's
        connection is closed, and the next call opens a new one."""
        self._drop_thread_connection()
        if isinstance(exc, OSError):
            return StoreError(f"SQLite store could not open its file: {type(exc).__name__}")
        return StoreError(f"SQLite store failed: {type(exc).__name__}")

    def _thread_connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            # isolation_level=None: we issue BEGIN ourselves. BEGIN IMMEDIATE takes the write
            # lock up front, so two writers queue on the busy timeout rather than deadlock.
            conn = sqlite3.connect(self._path, timeout=_BUSY_TIMEOUT_S, isolation_level=None,
                                   check_same_thread=False,  # close() may come from any thread
                                   factory=_Connection)
            self._local.conn = conn
            with self._open_lock:
                self._open.add(conn)
        return conn

    def _drop_thread_connection(self) -> None:
        conn = getattr(self._local, "conn", None)
        self._local.conn = None
        if conn is not None:
            with self._open_lock:
                self._open.discard(conn)
            try:
                conn.close()
            except sqlite3.Error:
                pass

    def _ensure_schema(self) -> None:
        if self._schema_ready:  # set only once the schema is in place: no lock needed to read it
            return
        with self._schema_lock:
            if self._schema_ready:
                return
            self._path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self._path, timeout=_BUSY_TIMEOUT_S, isolation_level=None)
            try:
                conn.execute("PRAGMA journal_mode=WAL")  # persistent: set once for the file
                conn.execute("BEGIN IMMEDIATE")  # one process migrates; the others then see it
                try:
                    _migrate_note_keys(conn)
                    for statement in _SCHEMA.split(";"):
                        if statement.strip():
                            conn.execute(statement)
                    conn.execute("COMMIT")
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
            finally:
                conn.close()
            self._schema_ready = True

    @staticmethod
    def _refuse_disabled(conn: sqlite3.Connection, user_id: str) -> None:
        # Inside the write transaction: a disable either came before (refused) or comes after
        # (and then deletes what this transaction wrote).
        if conn.execute("SELECT 1 FROM disabled_users WHERE user_id = ?", (user_id,)).fetchone():
            raise AccountDisabled("the skill was disabled for this account")

    def _notes(self, sql: str, params: tuple) -> list[Note]:
        rows = self._select(f"SELECT {_COLUMNS} FROM notes WHERE {_OWNER} {sql}", params)
        return [note_from_record(*row) for row in rows]

    # -- profiles -------------------------------------------------------------------------

    def load_profile(self, owner: Owner) -> dict:
        rows = self._select(f"SELECT data FROM profiles WHERE {_OWNER}",
                            (owner.user_id, owner.person_id))
        return json.loads(rows[0][0]) if rows else {}

    def save_profile(self, owner: Owner, profile: dict) -> None:
        check_profile(profile)
        with self._connect(write=True) as conn:
            self._refuse_disabled(conn, owner.user_id)
            conn.execute(
                "INSERT INTO profiles (user_id, person_id, data) VALUES (?, ?, ?) "
                "ON CONFLICT (user_id, person_id) DO UPDATE SET data = excluded.data",
                (owner.user_id, owner.person_id, json.dumps(profile)),
            )

    # -- notes ----------------------------------------------------------------------------

    def _insert_note(self, owner: Owner, note: Note) -> None:
        with self._connect(write=True) as conn:
            self._refuse_disabled(conn, owner.user_id)
            conn.execute(
                "INSERT OR IGNORE INTO notes (note_id, user_id, person_id, created, text, question, set_id) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (note.note_id, owner.user_id, owner.person_id, format_created(note.created),
                 note.text, note.question, note.set_id),
            )

    def latest_notes(self, owner: Owner, limit: int = 3, before: str | None = None) -> list[Note]:
        check_limit(limit)
        params: tuple = (owner.user_id, owner.person_id)
        after_cursor = ""
        if before is not None:
            after_cursor = "AND (created, note_id) < (?, ?)"
            params += split_key(before)
        return self._notes(f"{after_cursor} ORDER BY created DESC, note_id DESC LIMIT ?", params + (limit,))

    def notes_between(self, owner: Owner, start: datetime, end: datetime) -> list[Note]:
        return self._notes(
            "AND created >= ? AND created < ? ORDER BY created DESC, note_id DESC",
            (owner.user_id, owner.person_id, format_created(start), format_created(end)),
        )

    def notes_for_question(self, owner: Owner, question: int, limit: int = 3) -> list[Note]:
        check_limit(limit)
        return self._notes(
            "AND question = ? ORDER BY created DESC, note_id DESC LIMIT ?",
            (owner.user_id, owner.person_id, question, limit),
        )

    def all_notes(self, owner: Owner) -> list[Note]:
        return self._notes("ORDER BY created, note_id", (owner.user_id, owner.person_id))

    def count_notes(self, owner: Owner) -> int:
        ((count,),) = self._select(f"SELECT COUNT(*) FROM notes WHERE {_OWNER}",
                                   (owner.user_id, owner.person_id))
        return count

    def delete_note(self, owner: Owner, key: str) -> bool:
        created, note_id = split_key(key)
        with self._connect(write=True) as conn:
            cursor = conn.execute(
                f"DELETE FROM notes WHERE {_OWNER} AND created = ? AND note_id = ?",
                (owner.user_id, owner.person_id, created, note_id),
            )
        return cursor.rowcount == 1

    def delete_person(self, owner: Owner) -> int:
        params = (owner.user_id, owner.person_id)
        with self._connect(write=True) as conn:
            deleted = conn.execute(f"DELETE FROM notes WHERE {_OWNER}", params).rowcount
            conn.execute(f"DELETE FROM profiles WHERE {_OWNER}", params)
        return deleted

    def delete_account(self, user_id: str) -> int:
        user_id = Owner(user_id).user_id  # refuses ""
        with self._connect(write=True) as conn:
            deleted = conn.execute("DELETE FROM notes WHERE user_id = ?", (user_id,)).rowcount
            conn.execute("DELETE FROM profiles WHERE user_id = ?", (user_id,))
        return deleted

    def disable_account(self, user_id: str) -> int:
        user_id = Owner(user_id).user_id  # refuses ""
        with self._connect(write=True) as conn:
            conn.execute("INSERT OR IGNORE INTO disabled_users (user_id, disabled) VALUES (?, ?)",
                         (user_id, format_created(datetime.now(timezone.utc))))
            deleted = conn.execute("DELETE FROM notes WHERE user_id = ?", (user_id,)).rowcount
            conn.execute("DELETE FROM profiles WHERE user_id = ?", (user_id,))
        return deleted

    def ping(self) -> None:
        with self._connect() as conn:
            conn.execute("SELECT 1 FROM notes LIMIT 1").fetchall()

    def close(self) -> None:
        """Closes the connections the threads opened; a later call opens a new one."""
        with self._open_lock:
            conns, self._open = list(self._open), weakref.WeakSet()
        for conn in conns:
            try:
                conn.close()
            except sqlite3.Error:
                pass
        self._local = threading.local()


def _migrate_note_keys(conn: sqlite3.Connection) -> None:
    """Files made before notes were keyed by owner had `note_id` alone as the key: the notes are
    copied into the new table, unchanged, inside the caller's transaction."""
    columns = conn.execute("PRAGMA table_info(notes)").fetchall()
    key = [name for _, name, _, _, _, pk in sorted(columns, key=lambda c: c[5]) if pk]
    if key != ["note_id"]:
        return  # a new file, or already migrated
    conn.execute("ALTER TABLE notes RENAME TO notes_keyed_by_id")
    conn.execute(_NOTES_TABLE)
    conn.execute("INSERT INTO notes (user_id, person_id, created, note_id, text, question, set_id) "
                 "SELECT user_id, person_id, created, note_id, text, question, set_id "
                 "FROM notes_keyed_by_id")
    conn.execute("DROP TABLE notes_keyed_by_id")  # its index goes with it
