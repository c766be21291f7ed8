"""Stands in for Alexa's speech understanding in the local conversation: typed words are
resolved against the very interaction model Alexa is given, samples with slots included.

Alexa's own matching is statistical; this one is exact first, then tolerant of small wording
differences (a close match over the whole sample set), then falls back like Alexa does."""
from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from ..content import Content, load_content
from .envelopes import Slot
from ..model_build import PACKAGE

# difflib ratios; below them a phrase counts as not understood. Short phrases need to be
# closer: "skip it please" must not pass for "keep it please".
CLOSE_ENOUGH = 0.8
CLOSE_ENOUGH_SHORT = 0.92
SHORT_WORDS = 4
_SLOT = re.compile(r"\{(\w+)\}")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def normalise(text: str) -> str:
    text = text.lower().replace("\u2019", "'")
    return " ".join(re.sub(r"[^a-z0-9' ]+", " ", text).split())


@dataclass
class Resolution:
    intent: str | None  # None means "open the skill" (a LaunchRequest)
    slots: list[Slot] = field(default_factory=list)


@dataclass
class _Pattern:
    intent: str
    regex: re.Pattern
    slot_types: dict[str, str]
    literal_words: int  # more carrier words = a more specific pattern


def resolve_date(text: str, today: date) -> str | None:
    """AMAZON.DATE values for the phrasings people use about past notes."""
    text = normalise(text).removeprefix("on ").removeprefix("the ")
    if text == "today":
        return today.isoformat()
    if text == "yesterday":
        return (today - timedelta(days=1)).isoformat()
    if text == "day before yesterday":
        return (today - timedelta(days=2)).isoformat()
    weeks = {"this week": 0, "last week": -1, "the week before": -2}
    if text in weeks:
        year, week, _ = (today + timedelta(weeks=weeks[text])).isocalendar()
        return f"{year}-W{week:02d}"
    if text in ("this weekend", "last weekend"):
        year, week, _ = (today - timedelta(weeks=1 if text.startswith("last") else 0)).isocalendar()
        return f"{year}-W{week:02d}-WE"
    if text in ("this month", "last month"):
        first = today.replace(day=1)
        month = (first - timedelta(days=1)).replace(day=1) if text == "last month" else first
        return month.strftime("%Y-%m")
    day = text.removeprefix("last ")
    if day in _WEEKDAYS:
        # Alexa gives a bare weekday as the coming one; the skill reads it back into the past.
        ahead = (_WEEKDAYS.index(day) - today.weekday()) % 7
        return (today + timedelta(days=ahead)).isoformat()
    return None


class Resolver:
    def __init__(self, model: dict, content: Content, today: date | None = None):
        self.today = today or date.today()
        language = model["interactionModel"]["languageModel"]
        self.invocation = language["invocationName"]
        self.type_values: dict[str, dict[str, tuple[str, str]]] = {}
        for slot_type in language.get("types", []):
            values = {}
            for v in slot_type["values"]:
                for name in [v["name"]["value"], *v["name"].get("synonyms", [])]:
                    values[normalise(name)] = (v["id"], v["name"]["value"])
            self.type_values[slot_type["name"]] = values
        self.exact: dict[str, str] = {}
        self.patterns: list[_Pattern] = []
        for intent in language["intents"]:
            types = {s["name"]: s["type"] for s in intent.get("slots", [])}
            for sample in intent.get("samples", []):
                self._learn(intent["name"], sample, types)
        for intent, phrases in content.builtin_phrases.items():
            for phrase in phrases:
                self.exact.setdefault(normalise(phrase), intent)
        self.patterns.sort(key=lambda p: -p.literal_words)

    @classmethod
    def for_locale(cls, locale: str, package: Path = PACKAGE, today: date | None = None):
        path = package / "interactionModels" / "custom" / f"{locale}.json"
        return cls(json.loads(path.read_text("utf-8")), load_content(locale), today)

    def _learn(self, intent: str, sample: str, types: dict[str, str]) -> None:
        if "{" not in sample:
            self.exact.setdefault(normalise(sample), intent)
            return
        tokens = sample.split()
        regex = " ".join(f"(?P<{t[1:-1]}>.+?)" if _SLOT.fullmatch(t) else re.escape(normalise(t))
                         for t in tokens)
        words = sum(1 for t in tokens if not _SLOT.fullmatch(t))
        self.patterns.append(_Pattern(intent, re.compile(f"^{regex}$"), types, words))

    def resolve(self, said: str, fuzzy: bool = True) -> Resolution:
        """`fuzzy=False` while a slot is being elicited: only clear matches to other intents."""
        text = self._without_invocation(normalise(said))
        if text is None:
            return Resolution(None)
        if text in self.exact:
            return Resolution(self.exact[text])
        for pattern in self.patterns:
            match = pattern.regex.match(text)
            if match:
                slots = [self._slot(name, value, pattern.slot_types[name])
                         for name, value in match.groupdict().items()]
                bare = pattern.literal_words == 0
                # A lone {topic} counts only when it names a topic, and not while the skill
                # waits for free speech (Alexa gives the words to the slot it asked for).
                if not bare or (fuzzy and slots[0].resolved_id):
                    return Resolution(pattern.intent, slots)
        cutoff = CLOSE_ENOUGH_SHORT if len(text.split()) <= SHORT_WORDS else CLOSE_ENOUGH
        close = difflib.get_close_matches(text, self.exact, n=1, cutoff=cutoff) if fuzzy else []
        return Resolution(self.exact[close[0]] if close else "AMAZON.FallbackIntent")

    def _without_invocation(self, text: str) -> str | None:
        """Drops "alexa, ask pain chats ..."; None when all that was said is "open pain chats"."""
        text = text.removeprefix("alexa ").strip()
        for verb in ("open ", "start ", "launch ", "ask ", "tell ", "use ", ""):
            opening = verb + self.invocation
            if text == opening:
                return None
            if text.startswith(opening + " "):
                rest = text[len(opening) + 1:]
                for joiner in ("whether ", "if ", "to ", "about "):
                    rest = rest.removeprefix(joiner)
                return rest
        return text

    def _slot(self, name: str, value: str, slot_type: str) -> Slot:
        if slot_type == "AMAZON.DATE":
            return Slot(name, resolve_date(value, self.today), slot_type=slot_type)
        values = self.type_values.get(slot_type)
        if values is None:
            return Slot(name, value, slot_type=slot_type)
        key = normalise(value)
        if key not in values:
            close = difflib.get_close_matches(key, values, n=1, cutoff=CLOSE_ENOUGH)
            key = close[0] if close else key
        found = values.get(key)
        return Slot(name, value, found[0] if found else None, found[1] if found else None,
                    slot_type=slot_type)
