"""Asking for notes by day: Alexa's AMAZON.DATE values read as the span the person meant."""
from datetime import date, datetime, timedelta, timezone

import pytest

from skill import dates
from skill.local.nlu import resolve_date
from talk import Talk

TUESDAY = date(2026, 11, 24)


@pytest.mark.parametrize("value, first, last", [
    ("2026-11-23", date(2026, 11, 23), date(2026, 11, 24)),
    ("2026-11-30", date(2026, 11, 23), date(2026, 11, 24)),  # "on Monday": the one just gone
    ("2026-W47", date(2026, 11, 16), date(2026, 11, 23)),
    ("2026-W47-WE", date(2026, 11, 21), date(2026, 11, 23)),
    ("2026-11", date(2026, 11, 1), date(2026, 12, 1)),
    ("2026", date(2026, 1, 1), date(2027, 1, 1)),
])
def test_date_values_become_spans(value, first, last):
    assert dates.span(value, TUESDAY) == (first, last)


@pytest.mark.parametrize("value", ["PRESENT_REF", "XXXX-WI", "201X", "2026-13-45x", "",
                                   "2026-02-30", "2026-W99", "2026-13"])
def test_unreadable_date_values_give_none(value):
    assert dates.span(value, TUESDAY) is None


def test_the_local_stand_in_resolves_dates_as_alexa_does():
    assert resolve_date("yesterday", TUESDAY) == "2026-11-23"
    assert resolve_date("last week", TUESDAY) == "2026-W47"
    assert resolve_date("on monday", TUESDAY) == "2026-11-30"  # Alexa: the coming Monday
    assert resolve_date("the fifth of never", TUESDAY) is None


def test_day_bounds_follow_the_configured_time_zone():
    start, end = dates.utc_bounds((date(2026, 11, 23), date(2026, 11, 24)), "America/New_York")
    assert start == datetime(2026, 11, 23, 5, tzinfo=timezone.utc)
    assert end - start == timedelta(days=1)


def test_notes_from_last_week_and_from_a_weekday(tmp_path):
    today = datetime.now(timezone.utc).date()
    talk = Talk(tmp_path, today=today)
    three_days_ago = today - timedelta(days=3)
    # A day inside the previous week, on another weekday than three days ago (on a Monday,
    # three days ago is last Friday: the two notes must not share a day's name).
    monday_before = today - timedelta(days=today.weekday() + 7)
    last_week = next(day for day in (monday_before + timedelta(days=i) for i in range(7))
                     if day.weekday() != three_days_ago.weekday())
    for text, day in (("midweek note", three_days_ago), ("last week note", last_week)):
        talk.store.add_note(talk.owner(), text, created=datetime.combine(
            day, datetime.min.time(), timezone.utc) + timedelta(hours=12))
    me = talk.conversations[talk.default]
    weekday = three_days_ago.strftime("%A").lower()
    on_day = me.say(f"what did I note on {weekday}")
    assert on_day.resolution.intent == "NotesByDateIntent"
    assert "midweek note" in on_day.speech and "last week note" not in on_day.speech
    previous = me.say("what did I note last week")
    assert "last week note" in previous.speech


def test_last_week_on_a_sunday_falls_back_to_the_last_seven_days():
    sunday = date(2026, 11, 29)
    assert dates.is_week("2026-W47") and not dates.is_week("2026-W47-WE")
    assert not dates.is_week("2026-11-23")
    first, after = dates.last_seven_days(sunday)
    assert (first, after) == (date(2026, 11, 23), date(2026, 11, 30))
