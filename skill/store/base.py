"""What every note store offers, and the logic the backends share (notes, keys, checks).

Note text and user ids are private health data: nothing in this layer logs them, and no
StoreError message carries them.
"""
from __future__ import annotations

import abc
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from ..content import load_content


def questions() -> tuple[int, ...]:
    """The reflection questions' numbers, as the content defines them (reflection.toml)."""
    return tuple(q.number for q in load_content().questions)


# Fixed width, so that comparing key strings compares times (years 1000-9999).
_CREATED_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"
_CREATED_RE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z")
_KEY_RE = re.compile(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z)_([0-9a-f]{32})")


@dataclass(frozen=True)
class Owner:
    """Whose notes: the Alexa account and, when Alexa recognised the voice, the person."""

    user_id: str
    person_id: str = ""  # "" when Alexa did not recognise a voice

    def __post_init__(self) -> None:
        if not self.user_id:
            raise ValueError("Owner needs a user_id")
        # DynamoDB keys are "<person or ->#...": a "#" or a literal "-" could reach another
        # person's records. Alexa ids (amzn1.ask.person...) never contain either.
        if "#" in self.person_id or self.person_id == "-":
            raise ValueError("person_id must not contain '#' or be '-'")


@dataclass(frozen=True)
class Note:
    """One kept note: a free note, or the answer to a reflection question."""

    note_id: str  # uuid4 hex
    created: datetime  # timezone-aware UTC
    text: str
    question: int | None = None  # 1, 2 or 3 for an answer to a reflection question; None for a free note
    set_id: str | None = None  # which reflection round the answer belongs to

    @property
    def key(self) -> str:
        """Sorts by (created, note_id); a paging cursor and the handle for delete_note."""
        return f"{format_created(self.created)}_{self.note_id}"


class StoreError(Exception):
    """The backend failed. The message names the operation, never note text or user ids."""


class AccountDisabled(StoreError):
    """The skill was disabled for this user id (SkillDisabled): nothing more is kept for it.
    Alexa issues a new user id if the skill is enabled again."""


class NoteTooLong(StoreError):
    """The note is longer than the configured limit (Config.note_max_chars)."""


def format_created(created: datetime) -> str:
    moment = to_utc(created)
    if moment.year < 1000:  # strftime leaves such a year unpadded; kept as it always was
        return moment.strftime(_CREATED_FORMAT)
    # The same text as strftime(_CREATED_FORMAT), at half the cost: a note's key is made from it.
    return moment.isoformat(timespec="microseconds")[:-6] + "Z"


def parse_created(text: str) -> datetime:
    # Every note read parses its time: strptime costs about 50 us a call, fromisoformat (which
    # reads the "Z" as UTC since Python 3.11) under 1. The pattern keeps the format strict:
    # "2026-03-03T09:00:00.000000Z", fixed width, as format_created writes it.
    if len(text) != 27 or not _CREATED_RE.fullmatch(text):
        raise ValueError(f"not a stored note time: {text!r}")
    return datetime.fromisoformat(text)


def to_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("datetimes must be timezone-aware")
    return moment.astimezone(timezone.utc)


def split_key(key: str) -> tuple[str, str]:
    """(created as stored, note_id) of a Note.key; ValueError for anything else."""
    match = _KEY_RE.fullmatch(key) if isinstance(key, str) else None
    if not match:
        raise ValueError("not a note key")
    return match.group(1), match.group(2)


def make_note(
    text: str,
    question: int | None = None,
    set_id: str | None = None,
    created: datetime | None = None,
    note_id: str | None = None,
) -> Note:
    if not isinstance(text, str):
        raise TypeError("note text must be a str")
    if question is not None and (isinstance(question, bool) or question not in questions()):
        raise ValueError(f"question must be one of {questions()} or None")
    if set_id is not None and not isinstance(set_id, str):
        raise TypeError("set_id must be a str or None")
    if note_id is not None and not re.fullmatch(r"[0-9a-f]{32}", note_id):
        raise ValueError("note_id must be 32 lower-case hex digits (uuid4 hex)")
    moment = datetime.now(timezone.utc) if created is None else to_utc(created)
    if note_id is None:
        import uuid  # here, not at the top: only a new note needs it (cold starts are shorter)
        note_id = uuid.uuid4().hex
    return Note(note_id, moment, text, question, set_id)


def note_from_record(
    note_id: str, created: str, text: str, question: Any = None, set_id: str | None = None
) -> Note:
    """Rebuilds a Note from stored fields (DynamoDB hands numbers back as Decimal)."""
    return Note(note_id, parse_created(created), text, None if question is None else int(question), set_id)


def check_limit(limit: int) -> None:
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise ValueError("limit must be a positive int")


def check_profile(profile: dict) -> None:
    """Only values both backends give back unchanged: str, int, bool, None, list, dict with str keys.

    Floats are refused because DynamoDB would hand 1.0 back as 1; store a str or an int instead.
    """
    if not isinstance(profile, dict):
        raise TypeError("profile must be a dict")
    _check_json_like(profile)


def _check_json_like(value: Any) -> None:
    if value is None or isinstance(value, (str, bool, int)):
        return
    if isinstance(value, list):
        for item in value:
            _check_json_like(item)
        return
    if isinstance(value, dict):
        for name, item in value.items():
            if not isinstance(name, str):
                raise TypeError("profile dict keys must be str")
            _check_json_like(item)
        return
    raise TypeError(f"profile values must be str, int, bool, None, list or dict, not {type(value).__name__}")


DEFAULT_NOTE_MAX_CHARS = 500  # Config.note_max_chars; open_store passes the configured one


class NoteStore(abc.ABC):
    """Notes and profiles, kept apart by Owner. Lists are newest first unless noted.

    Limits are enforced here, where notes are saved, not trusted from a request: a note over
    `note_max_chars` is refused (NoteTooLong), and after `disable_account` nothing more is kept
    for that user id (AccountDisabled)."""

    note_max_chars: int = DEFAULT_NOTE_MAX_CHARS

    @abc.abstractmethod
    def load_profile(self, owner: Owner) -> dict:
        """{} when none; ints come back as int."""

    @abc.abstractmethod
    def save_profile(self, owner: Owner, profile: dict) -> None:
        """Replaces the whole profile."""

    def add_note(
        self,
        owner: Owner,
        text: str,
        question: int | None = None,
        set_id: str | None = None,
        created: datetime | None = None,
        note_id: str | None = None,
    ) -> Note:
        """Saves a new record; never overwrites another note. Given the same `note_id` and
        `created` again (a retried confirmation), it saves nothing more: one note, not two."""
        note = make_note(text, question, set_id, created, note_id)
        if len(note.text) > self.note_max_chars:
            raise NoteTooLong(f"note longer than {self.note_max_chars} characters")
        self._insert_note(owner, note)
        return note

    @abc.abstractmethod
    def _insert_note(self, owner: Owner, note: Note) -> None:
        """Writes the record unless one with the same key exists (then does nothing)."""

    @abc.abstractmethod
    def latest_notes(self, owner: Owner, limit: int = 3, before: str | None = None) -> list[Note]:
        """Newest first; `before` is the key of the last note of the previous page (exclusive)."""

    @abc.abstractmethod
    def notes_between(self, owner: Owner, start: datetime, end: datetime) -> list[Note]:
        """start <= created < end, newest first."""

    @abc.abstractmethod
    def notes_for_question(self, owner: Owner, question: int, limit: int = 3) -> list[Note]:
        """Newest first."""

    @abc.abstractmethod
    def all_notes(self, owner: Owner) -> list[Note]:
        """Oldest first (for export)."""

    @abc.abstractmethod
    def count_notes(self, owner: Owner) -> int: ...

    @abc.abstractmethod
    def delete_note(self, owner: Owner, key: str) -> bool:
        """False when that owner has no note with this key."""

    @abc.abstractmethod
    def delete_person(self, owner: Owner) -> int:
        """Deletes this person's notes and profile; returns the number of notes deleted."""

    @abc.abstractmethod
    def delete_account(self, user_id: str) -> int:
        """Deletes every person's notes and profiles under the account; returns notes deleted.
        (An operator's delete: the account may keep notes again afterwards.)"""

    @abc.abstractmethod
    def disable_account(self, user_id: str) -> int:
        """The skill was disabled for this user id: deletes as delete_account does and leaves a
        tombstone, so add_note and save_profile refuse it from then on (AccountDisabled), even
        when a device's save races the event. Returns notes deleted."""

    @abc.abstractmethod
    def ping(self) -> None:
        """Raises StoreError unless the backend answers a read (for a health check)."""

    @abc.abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> NoteStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
