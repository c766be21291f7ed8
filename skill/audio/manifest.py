"""What a build produced, per locale: audio/<locale>/manifest.json. The build reads it to skip
unchanged parts (same text hash, same engine), the player to know the parts and the feed to list
them with their sizes."""
from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

FILE_NAME = "manifest.json"


@dataclass(frozen=True)
class Entry:
    id: str
    number: int
    title: str
    summary: str
    topics: tuple[str, ...]
    file: str  # relative to the locale's folder
    text_hash: str  # sha256 of the spoken text
    engine: str  # gtts or espeak
    voice: str  # the gTTS domain or the espeak-ng voice
    duration: float  # seconds
    bytes: int
    rendered: str  # ISO 8601 UTC, when the audio was made (the feed's publication date)


@dataclass
class Manifest:
    locale: str
    parts: list[Entry] = field(default_factory=list)

    def get(self, part_id: str) -> Entry | None:
        return next((p for p in self.parts if p.id == part_id), None)

    def index(self, part_id: str) -> int | None:
        return next((i for i, p in enumerate(self.parts) if p.id == part_id), None)

    def part_for_topic(self, topic_id: str) -> Entry | None:
        return next((p for p in self.parts if topic_id in p.topics), None)

    @staticmethod
    def path(audio_dir: Path, locale: str) -> Path:
        return Path(audio_dir) / locale / FILE_NAME

    @classmethod
    def load(cls, audio_dir: Path, locale: str) -> "Manifest":
        """The locale's manifest; an empty one when nothing was built."""
        path = cls.path(audio_dir, locale)
        try:
            raw = json.loads(path.read_text("utf-8"))
        except FileNotFoundError:
            return cls(locale)
        return cls(raw["locale"], [Entry(**{**p, "topics": tuple(p["topics"])})
                                   for p in raw["parts"]])

    def save(self, audio_dir: Path) -> Path:
        path = self.path(audio_dir, self.locale)
        path.parent.mkdir(parents=True, exist_ok=True)
        body = {"locale": self.locale, "parts": [asdict(p) | {"topics": list(p.topics)}
                                                  for p in self.parts]}
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps(body, indent=2, ensure_ascii=False) + "\n", "utf-8")
        os.replace(temporary, path)  # a reader never sees half a manifest
        return path
