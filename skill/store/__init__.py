"""Where notes and profiles are kept: SQLite on one machine, DynamoDB on Lambda."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .base import AccountDisabled, Note, NoteStore, NoteTooLong, Owner, StoreError

if TYPE_CHECKING:
    from skill.config import Config

__all__ = ["AccountDisabled", "Note", "NoteStore", "NoteTooLong", "Owner", "StoreError", "open_store"]


def open_store(config: Config) -> NoteStore:
    """The store named by config.store. Backends are imported here, so SQLite needs no boto3."""
    if config.store == "sqlite":
        from .sqlite_store import SqliteNoteStore

        return SqliteNoteStore(config.sqlite_path, note_max_chars=config.note_max_chars)
    if config.store == "dynamodb":
        from .dynamodb_store import DynamoNoteStore

        return DynamoNoteStore(config.dynamodb_table, config.aws_region, endpoint_url=config.dynamodb_endpoint,
                               note_max_chars=config.note_max_chars)
    raise ValueError(f"unknown store {config.store!r}: PAINCHATS_STORE must be 'sqlite' or 'dynamodb'")
