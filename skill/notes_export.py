"""A person's notes as a printable page (Markdown), a spreadsheet (CSV) or data (JSON)."""
from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from skill.store import Note

FORMATS = ("md", "csv", "json")
# A cell starting with one of these runs as a formula in spreadsheet programs (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def render_notes(notes: list[Note], fmt: str, question_titles: dict[int, str], tz: str = "UTC") -> str:
    """Notes in the order given (callers pass all_notes: oldest first), times shown in `tz`."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    try:
        zone = ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {tz!r}") from exc
    if fmt == "md":
        return _markdown(notes, question_titles, zone, tz)
    if fmt == "csv":
        return _csv(notes, question_titles, zone)
    return _json(notes, question_titles, zone)


def _local(note: Note, zone: ZoneInfo) -> datetime:
    return note.created.astimezone(zone)


def _label(note: Note, question_titles: dict[int, str]) -> str:
    if note.question is None:
        return "Free note"
    title = question_titles.get(note.question)
    return f"Question {note.question}: {title}" if title else f"Question {note.question}"


def _markdown(notes: list[Note], question_titles: dict[int, str], zone: ZoneInfo, tz: str) -> str:
    lines = ["# Notes and reflections", ""]
    if not notes:
        lines.append("No notes yet.")
    else:
        lines += [f"Times are in {tz}.", ""]
    for note in notes:
        quoted = [f"> {line}".rstrip() for line in note.text.splitlines() or [""]]
        lines += [
            f"## {_local(note, zone).strftime('%A %d %B %Y, %H:%M')}",
            "",
            f"*{_label(note, question_titles)}*",
            "",
            *quoted,
            "",
        ]
    return "\n".join(lines).rstrip("\n") + "\n"


def _csv(notes: list[Note], question_titles: dict[int, str], zone: ZoneInfo) -> str:
    out = io.StringIO()
    writer = csv.writer(out)  # QUOTE_MINIMAL quotes commas, quotes and newlines
    writer.writerow(["created", "question", "question_text", "text"])
    for note in notes:
        text = "'" + note.text if note.text.startswith(_FORMULA_STARTS) else note.text
        writer.writerow([
            _local(note, zone).isoformat(),
            "" if note.question is None else note.question,
            question_titles.get(note.question, ""),
            text,
        ])
    return out.getvalue()


def _json(notes: list[Note], question_titles: dict[int, str], zone: ZoneInfo) -> str:
    records = [
        {
            "created": _local(note, zone).isoformat(),
            "question": note.question,
            "question_text": None if note.question is None else question_titles.get(note.question),
            "text": note.text,
        }
        for note in notes
    ]
    return json.dumps(records, ensure_ascii=False, indent=2)
