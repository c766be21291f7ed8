"""AMAZON.DATE values turned into the time span a person meant, and note dates said aloud."""
from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache


def span(value: str, today: date) -> tuple[date, date] | None:
    """[first day, day after last) for "2026-11-23", "2026-W47", "2026-W47-WE", "2026-11",
    "2026"; None for what cannot be read (for example "PRESENT_REF", a decade, or a date that
    does not exist such as "2026-02-30")."""
    try:
        return _span(value, today)
    except ValueError:
        return None


def _span(value: str, today: date) -> tuple[date, date] | None:
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value):
        day = date(*map(int, m.groups()))
        if day > today:  # Alexa reads a bare weekday as the coming one; notes are in the past
            day -= timedelta(weeks=1)
        return day, day + timedelta(days=1)
    if m := re.fullmatch(r"(\d{4})-W(\d{2})(-WE)?", value):
        monday = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
        if m.group(3):
            return monday + timedelta(days=5), monday + timedelta(days=7)
        return monday, monday + timedelta(days=7)
    if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
        first = date(int(m.group(1)), int(m.group(2)), 1)
        return first, (first + timedelta(days=32)).replace(day=1)
    if re.fullmatch(r"\d{4}", value):
        return date(int(value), 1, 1), date(int(value) + 1, 1, 1)
    return None


def is_week(value: str) -> bool:
    """A whole week ("2026-W47"), not its weekend."""
    return re.fullmatch(r"\d{4}-W\d{2}", value) is not None


def last_seven_days(today: date) -> tuple[date, date]:
    return today - timedelta(days=6), today + timedelta(days=1)


@lru_cache(maxsize=64)
def _zone(name: str):
    """zoneinfo.ZoneInfo(name), imported when a date is first needed: a cold start that needs
    none does not pay for importing zoneinfo."""
    from zoneinfo import ZoneInfo
    return ZoneInfo(name)


def utc_bounds(days: tuple[date, date], zone: str) -> tuple[datetime, datetime]:
    tz = _zone(zone)
    return tuple(datetime.combine(d, time(), tz).astimezone(timezone.utc) for d in days)


def today_in(zone: str) -> date:
    return datetime.now(_zone(zone)).date()


def spoken_date(moment: datetime, zone: str, today: date, words: dict[str, str]) -> str:
    """ "today", "yesterday", "on Monday", "on Monday, March 3": `words` are the content's
    (reflection.toml [dates]), with {weekday}, {month} and {day} to fill."""
    local = moment.astimezone(_zone(zone)).date()
    if local == today:
        return words["today"]
    if local == today - timedelta(days=1):
        return words["yesterday"]
    names = {"weekday": local.strftime("%A"), "month": local.strftime("%B"), "day": str(local.day)}
    return words["weekday" if today - local < timedelta(days=7) else "date"].format(**names)


def spoken_span(value: str, days: tuple[date, date], today: date, words: dict[str, str]) -> str:
    """How to name what the person asked for: "today", "on Monday", "last week"..."""
    if "-W" in value:
        weeks_back = (today - days[0]).days // 7
        week = {0: "this_week", 1: "last_week"}.get(weeks_back, "that_week")
        return words[week.replace("week", "weekend") if value.endswith("-WE") else week]
    if len(value) in (4, 7):
        return words[{4: "that_year", 7: "that_month"}[len(value)]]
    return spoken_date(datetime.combine(days[0], time(12), timezone.utc), "UTC", today, words)
