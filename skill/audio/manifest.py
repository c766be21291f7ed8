"""What a build produced, per locale: audio/<locale>/manifest.json. The build reads it to skip
unchanged parts (same text hash, same engine), the player to know the parts and the feed to list
them with their sizes."""
from __future__ import annotations

import json
import os
import threading
import time
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
        return cls.from_json(raw, locale)

    @classmethod
    def from_json(cls, raw: dict, locale: str) -> "Manifest":
        if raw.get("locale") != locale:
            raise ValueError("manifest for another locale")
        return cls(locale, [Entry(**{**p, "topics": tuple(p["topics"])}) for p in raw["parts"]])

    def save(self, audio_dir: Path) -> Path:
        path = self.path(audio_dir, self.locale)
        path.parent.mkdir(parents=True, exist_ok=True)
        body = {"locale": self.locale, "parts": [asdict(p) | {"topics": list(p.topics)}
                                                  for p in self.parts]}
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps(body, indent=2, ensure_ascii=False) + "\n", "utf-8")
        os.replace(temporary, path)  # a reader never sees half a manifest
        return path


class ManifestSource:
    """Where the player finds the built series, per locale: the local build when there is one
    (self-hosted), else the manifest uploaded beside the files (Lambda, whose package carries no
    audio), fetched over HTTPS with a short timeout and kept for a few minutes. Anything that
    fails gives an empty manifest: the skill then offers to read the answers instead."""

    MAX_BYTES = 256 * 1024

    def __init__(self, audio_dir: Path, base_url: str | None, ttl_s: float = 300.0,
                 timeout_s: float = 2.0, clock=time.monotonic) -> None:
        self.audio_dir, self.base_url = Path(audio_dir), base_url
        self.ttl_s, self.timeout_s, self._clock = ttl_s, timeout_s, clock
        self._cache: dict[str, tuple[float, Manifest]] = {}
        self._lock = threading.Lock()

    def __call__(self, locale: str) -> Manifest:
        local = Manifest.load(self.audio_dir, locale)
        if local.parts or not self.base_url:
            return local
        with self._lock:
            cached = self._cache.get(locale)
            if cached and self._clock() - cached[0] < self.ttl_s:
                return cached[1]
        manifest = self._fetch(locale)
        with self._lock:
            self._cache[locale] = (self._clock(), manifest)
        return manifest

    def _fetch(self, locale: str) -> Manifest:
        url = f"{self.base_url}/{locale}/{FILE_NAME}"
        try:
            from urllib.request import urlopen  # only where the manifest lives on a web host
            with urlopen(url, timeout=self.timeout_s) as reply:
                body = reply.read(self.MAX_BYTES + 1)
            if len(body) > self.MAX_BYTES:
                raise ValueError("manifest too large")
            return Manifest.from_json(json.loads(body), locale)
        except (OSError, ValueError, KeyError, TypeError):
            return Manifest(locale)
