"""What handlers may use besides the request: the configuration and the note store."""
from __future__ import annotations

from dataclasses import dataclass, field

from .config import Config
from .store import NoteStore, open_store


@dataclass
class Services:
    """The configuration and the note store, for the handlers."""

    config: Config
    _store: NoteStore | None = field(default=None, repr=False)

    @property
    def store(self) -> NoteStore:
        # Opened on first use, so a turn that needs no storage never waits for it.
        if self._store is None:
            self._store = open_store(self.config)
        return self._store
