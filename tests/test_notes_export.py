from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timezone

import pytest

from skill.notes_export import render_notes
from skill.store import Note

TITLES = {1: "Where does it hurt today?", 2: "What helped?", 3: "What will you try tomorrow?"}
NOTES = [
    Note("a" * 32, datetime(2025, 3, 3, 8, 5, tzinfo=timezone.utc), "Lower back, left side", question=1, set_id="r1"),
    Note("b" * 32, datetime(2025, 3, 3, 8, 6, tzinfo=timezone.utc), 'Heat, a walk, and "rest"\nthen stretching', 2, "r1"),
    Note("c" * 32, datetime(2025, 3, 4, 21, 30, tzinfo=timezone.utc), "Slept badly & woke at 3 😴"),
    Note("d" * 32, datetime(2025, 3, 5, 7, 0, tzinfo=timezone.utc), "=HYPERLINK(\"http://x\")"),
]


def test_markdown_is_a_printable_page() -> None:
    page = render_notes(NOTES, "md", TITLES)
    assert page.startswith("# Notes and reflections\n")
    assert "Monday 03 March 2025, 08:05" in page
    assert "Question 1: Where does it hurt today?" in page
    assert "Question 2: What helped?" in page
    assert page.count("Free note") == 2
    assert "> Lower back, left side" in page
    assert '> Heat, a walk, and "rest"\n> then stretching' in page  # every line stays inside the quote
    assert "> Slept badly & woke at 3 😴" in page
    assert page.index("Lower back") < page.index("Slept badly")  # the order given is kept


def test_markdown_uses_the_time_zone() -> None:
    page = render_notes(NOTES[2:3], "md", TITLES, tz="Australia/Sydney")
    assert "Wednesday 05 March 2025, 08:30" in page
    assert "Australia/Sydney" in page


def test_markdown_without_notes() -> None:
    page = render_notes([], "md", TITLES)
    assert "# Notes and reflections" in page and "No notes yet." in page


def test_csv_parses_back() -> None:
    rows = list(csv.reader(io.StringIO(render_notes(NOTES, "csv", TITLES, tz="Europe/London"))))
    assert rows[0] == ["created", "question", "question_text", "text"]
    assert rows[1] == ["2025-03-03T08:05:00+00:00", "1", TITLES[1], "Lower back, left side"]
    assert rows[2] == ["2025-03-03T08:06:00+00:00", "2", TITLES[2], 'Heat, a walk, and "rest"\nthen stretching']
    assert rows[3] == ["2025-03-04T21:30:00+00:00", "", "", "Slept badly & woke at 3 😴"]
    assert rows[4][3] == "'=HYPERLINK(\"http://x\")"  # defused, so a spreadsheet does not run it
    assert len(rows) == 5
    assert list(csv.reader(io.StringIO(render_notes([], "csv", TITLES)))) == [
        ["created", "question", "question_text", "text"]
    ]


def test_json_parses_back() -> None:
    records = json.loads(render_notes(NOTES, "json", TITLES, tz="America/New_York"))
    assert records[0] == {
        "created": "2025-03-03T03:05:00-05:00",
        "question": 1,
        "question_text": TITLES[1],
        "text": "Lower back, left side",
    }
    assert records[2]["question"] is None and records[2]["question_text"] is None
    assert records[2]["text"] == "Slept badly & woke at 3 😴"
    assert datetime.fromisoformat(records[1]["created"]) == NOTES[1].created
    assert json.loads(render_notes([], "json", TITLES)) == []


def test_unknown_question_title_still_names_the_question() -> None:
    assert "Question 3" in render_notes([Note("e" * 32, NOTES[0].created, "x", 3)], "md", {})


def test_unknown_format_or_zone() -> None:
    with pytest.raises(ValueError, match="format"):
        render_notes(NOTES, "pdf", TITLES)
    with pytest.raises(ValueError, match="zone"):
        render_notes(NOTES, "md", TITLES, tz="Mars/Olympus")
