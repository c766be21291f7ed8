"""`python -m skill audio build`: renders each locale's series, re-encodes and checks every
file, and writes the manifest. Parts whose text and engine are unchanged are not rendered again.
A few parts are rendered at a time (gTTS makes one request per 100 characters, and Google
answers bursts with 429)."""
from __future__ import annotations

import sys
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from threading import Lock
from typing import TextIO

from .encode import BadAudio, check_alexa_mp3, to_alexa_mp3, write_checked
from .engines import Engine, EngineUnavailable, RenderError
from .manifest import Entry, Manifest
from .script import Part, series

WORKERS = 3


@dataclass
class BuildReport:
    rendered: list[str] = field(default_factory=list)  # "<locale>/<part id>"
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (part, why)
    removed: list[str] = field(default_factory=list)


def _is_current(entry: Entry | None, part: Part, engine: Engine, folder: Path,
                locale: str) -> bool:
    """Same words, same engine and voice, and the file still as it was written."""
    if entry is None or (entry.text_hash, entry.engine, entry.voice) != (
            part.text_hash, engine.name, engine.voice(locale)):
        return False
    path = folder / entry.file
    return path.is_file() and path.stat().st_size == entry.bytes


class _Progress:
    """One plain line per finished part on stderr: [3/22] en-GB/p03-keep-moving 41.2 s."""

    def __init__(self, total: int, out: TextIO) -> None:
        self.total, self.done, self.out, self._lock = total, 0, out, Lock()

    def step(self, name: str, note: str) -> None:
        with self._lock:
            self.done += 1
            print(f"[{self.done}/{self.total}] {name} {note}", file=self.out, flush=True)


def _render(part: Part, locale: str, engine: Engine, folder: Path) -> Entry:
    mp3 = to_alexa_mp3(engine.render(part.text, locale))
    info = write_checked(folder / f"{part.id}.mp3", mp3)
    return Entry(part.id, part.number, part.title, part.summary, part.topics, f"{part.id}.mp3",
                 part.text_hash, engine.name, engine.voice(locale), info.duration_s, info.bytes,
                 datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))


def build(locales: list[str], engine: Engine, out: Path, workers: int = WORKERS,
          progress: TextIO | None = None, only: list[str] | None = None) -> BuildReport:
    """Renders what changed (`only`: just these part ids, the others kept as they are). Raises
    EngineUnavailable (one line to show) when the engine cannot run here at all."""
    report = BuildReport()
    plans = []
    for locale in locales:
        folder = Path(out) / locale
        old = Manifest.load(out, locale)
        parts = series(locale)
        todo = [p for p in parts if (only is None or p.id in only)
                and not _is_current(old.get(p.id), p, engine, folder, locale)]
        plans.append((locale, folder, old, parts, todo))
    bar = _Progress(sum(len(todo) for *_, todo in plans), progress or sys.stderr)
    for locale, folder, old, parts, todo in plans:
        made: dict[str, Entry] = {}
        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures = {pool.submit(_render, part, locale, engine, folder): part for part in todo}
            pending = set(futures)
            while pending:
                finished, pending = wait(pending, return_when=FIRST_EXCEPTION)
                for future in finished:
                    part = futures[future]
                    name = f"{locale}/{part.id}"
                    try:
                        made[part.id] = future.result()
                    except EngineUnavailable:
                        for other in pending:
                            other.cancel()
                        raise
                    except (RenderError, BadAudio) as error:
                        report.failed.append((name, str(error)))
                        bar.step(name, f"FAILED: {error}")
                        continue
                    report.rendered.append(name)
                    bar.step(name, f"{made[part.id].duration:.1f} s")
        entries = []
        for part in parts:
            entry = made.get(part.id) or old.get(part.id)
            if part.id not in made:
                if not _is_current(entry, part, engine, folder, locale):
                    continue  # failed or not asked for: left out until a build makes it
                report.unchanged.append(f"{locale}/{part.id}")
                # Titles and summaries are not spoken: updated without rendering.
                entry = replace(entry, number=part.number, title=part.title,
                                summary=part.summary, topics=part.topics)
            entries.append(entry)
        Manifest(locale, entries).save(out)
        keep = {e.file for e in entries} | {p.id + ".mp3" for p in parts}
        for stray in sorted(folder.glob("*.mp3")):
            if stray.name not in keep:  # a part no longer in the series
                stray.unlink()
                report.removed.append(f"{locale}/{stray.name}")
    return report


def verify(out: Path, locale: str) -> list[str]:
    """Problems with a built locale: files missing, of the wrong size or format."""
    problems = []
    for entry in Manifest.load(out, locale).parts:
        path = Path(out) / locale / entry.file
        try:
            info = check_alexa_mp3(path)
        except (BadAudio, FileNotFoundError) as error:
            problems.append(f"{locale}/{entry.file}: {error}")
            continue
        if info.bytes != entry.bytes:
            problems.append(f"{locale}/{entry.file}: {info.bytes} bytes, manifest says {entry.bytes}")
    return problems
