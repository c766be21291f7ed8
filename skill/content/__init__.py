"""The words the skill speaks and hears, loaded from the TOML files beside this module.

Each locale family has one folder (`en/`); a locale is the family's base text plus a small
overlay from `locales.toml` (spelling, emergency numbers). Python only fills placeholders.
"""
from __future__ import annotations

import difflib
import itertools
import random
import re
import zlib
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
LOCALES = ("en-US", "en-GB", "en-CA", "en-AU", "en-IN")
DEFAULT_LOCALE = "en-US"
_GROUP = re.compile(r"\(([^()]*)\)")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


# A pattern that stands for more phrasings than this gives a spread of them instead: every
# alternative at least once, then a fixed sample. Alexa generalises from a spread; thousands of
# near-copies only grow the model towards its size limit.
FULL_EXPANSION = 36
SPREAD = 12


def expand(pattern: str, limit: int | None = None) -> list[str]:
    """Expand "(a|b) c(d|)" into every phrasing it stands for, in order, without repeats; with
    `limit`, a pattern of more than `limit` phrasings gives a fixed spread of them."""
    parts = _GROUP.split(pattern)
    # split() alternates literal text and group bodies: literals at even indexes.
    choices = [[p] if i % 2 == 0 else p.split("|") for i, p in enumerate(parts)]
    total = 1
    for c in choices:
        total *= len(c)
    if limit is not None and total > limit:
        combos = _spread(choices, pattern)
    else:
        combos = itertools.product(*choices)
    seen: dict[str, None] = {}
    for combo in combos:
        phrase = " ".join("".join(combo).split())
        # A group inside a group ("(what (should|can) i do|any tips)"): the inner one next.
        for inner in (expand(phrase, limit) if _GROUP.search(phrase) else [phrase]):
            seen.setdefault(inner, None)
    return [s for s in seen if s]


def _spread(choices: list[list[str]], pattern: str) -> list[tuple[str, ...]]:
    widest = max(len(c) for c in choices)
    combos = [tuple(c[j % len(c)] for c in choices) for j in range(widest)]  # each alternative
    rng = random.Random(zlib.crc32(pattern.encode()))  # the same spread on every build
    while len(combos) < max(SPREAD, widest):
        combos.append(tuple(rng.choice(c) for c in choices))
    return combos


def expand_all(patterns: list[str], limit: int | None = None) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for pattern in patterns:
        for phrase in expand(pattern, limit):
            seen.setdefault(phrase, None)
    return tuple(seen)


@dataclass(frozen=True)
class Topic:
    id: str
    intent: str
    name: str
    slot_values: tuple[str, ...]
    related: str
    safety: bool
    source: str
    utterances: tuple[str, ...]
    short: str
    more: str
    follow_up: str


@dataclass(frozen=True)
class Question:
    """One of the article's three reflection questions, adapted for listening."""

    number: int
    ask: str
    name: str  # how the skill refers to it: "You haven't answered {name} yet."
    title: str  # written form, for cards and exported notes
    slot_values: tuple[str, ...]


@dataclass(frozen=True)
class RedFlags:
    """The safety content of a locale: RedFlagIntent's samples, the red flags' sayings (the
    RED_FLAG slot values), and the advice per tier. Recognition lives in skill/safety.py."""

    utterances: tuple[str, ...]
    urgent: str  # the emergency script, under its old name (also for an unknown red flag)
    urgent_card: str
    advice: dict[str, str] = field(default_factory=dict)  # emergency, urgent, *_card
    sayings: dict[str, tuple[str, ...]] = field(default_factory=dict)  # flag id -> slot values
    family: str = "en"

    def assess(self, text: str | None):
        """`Alarm(kind, flag)` for these words, or None: see skill.safety.assess."""
        from ..safety import assess
        return assess(text, self.family)

    def found_in(self, text: str) -> bool:
        alarm = self.assess(text)
        return alarm is not None and alarm.kind != "crisis"

    def crisis_in(self, text: str) -> bool:
        from ..safety import recogniser
        return recogniser(self.family).crisis_in(text)

    def script(self, kind: str) -> tuple[str, str]:
        """(speech, card) templates for an alarm kind: "emergency" or "urgent"."""
        kind = kind if kind in ("emergency", "urgent") else "emergency"
        return self.advice.get(kind, self.urgent), self.advice.get(f"{kind}_card", self.urgent_card)


@dataclass(frozen=True)
class Content:
    locale: str
    invocation_name: str
    card_title: str
    credit: str
    topics: dict[str, Topic]
    phrases: dict[str, str]
    intents: dict[str, dict]  # custom generic intents: utterances and optional slot
    builtin_phrases: dict[str, tuple[str, ...]]
    red_flags: RedFlags
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    questions: tuple[Question, ...] = ()
    ordinals: dict[int, str] = field(default_factory=dict)
    dialog_model: dict | None = None  # Alexa's dialog model for free-speech capture
    publishing: dict = field(default_factory=dict)  # the store listing, for skill.json
    understanding: dict = field(default_factory=dict)  # nlu.toml: slot types, fillers, fallback

    def spoken(self, text: str, /, **params: str) -> str:
        return self._fill(text, "spoken", params)

    def written(self, text: str, /, **params: str) -> str:
        return self._fill(text, "written", params)

    def phrase(self, key: str, /, **params: str) -> str:
        return self.spoken(self.phrases[key], **params)

    def _fill(self, text: str, form: str, params: dict[str, str]) -> str:
        def value(match: re.Match) -> str:
            key = match.group(1)
            if key in params:
                return params[key]
            if key in self.values:
                return self.values[key][form]
            raise KeyError(f"no value for placeholder {{{key}}} in {self.locale}")
        return " ".join(_PLACEHOLDER.sub(value, text).split())

    def topic_for_intent(self, intent: str) -> Topic | None:
        return next((t for t in self.topics.values() if t.intent == intent), None)

    def nearest_topic(self, text: str | None) -> Topic | None:
        """The topic whose names are nearest to words Alexa sent unresolved ("weight lifting"
        for "weightlifting"), or None when none is near enough."""
        return nearest_topic(self, text)


# Words that say nothing about which topic is meant.
_FILLER_WORDS = frozenset("""a an the my me i about of for and or to in on with is it its it's
    your you do does can how what why when should tell more back pain""".split())
NEAREST_ENOUGH = 0.6
SPELLED_ENOUGH = 0.8


def _stems(text: str) -> set[str]:
    words = re.findall(r"[a-z']+", text.lower())
    return {w[:5] for w in words if w not in _FILLER_WORDS}


def nearest_topic(content: "Content", text: str | None) -> Topic | None:
    """A topic by its names: the closest spelling of a name or synonym ("weight lifting" is
    "weightlifting"), else the one whose names share most of the words said."""
    said = " ".join(re.findall(r"[a-z']+", (text or "").lower()))
    stems = _stems(said)
    if not said or not stems:
        return None
    best, best_score = None, NEAREST_ENOUGH
    for topic in content.topics.values():
        names = [topic.name.lower(), *(v.lower() for v in topic.slot_values)]
        spelled = max(difflib.SequenceMatcher(None, said.replace(" ", ""),
                                              n.replace(" ", "")).ratio() for n in names)
        shared = max(len(stems & _stems(n)) / len(stems) for n in names)
        # A near spelling outranks shared words; half the words said, in one name, is enough.
        score = max(spelled if spelled >= SPELLED_ENOUGH else 0.0,
                    0.5 + shared * 0.3 if shared >= 0.5 else 0.0)
        if score > best_score:
            best, best_score = topic, score
    return best


def _read(family: str, name: str) -> dict:
    path = HERE / family / f"{name}.toml"
    return tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def _respeller(table: dict[str, str]):
    if not table:
        return lambda text: text
    words = sorted(table, key=len, reverse=True)
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)

    def respell(text: str) -> str:
        def swap(m: re.Match) -> str:
            new = table[m.group(0).lower()]
            return new[0].upper() + new[1:] if m.group(0)[0].isupper() else new
        return pattern.sub(swap, text)
    return respell


def _both_forms(value) -> dict[str, str]:
    return value if isinstance(value, dict) else {"spoken": value, "written": value}


@lru_cache(maxsize=None)
def load_content(locale: str = DEFAULT_LOCALE) -> Content:
    if locale not in LOCALES:
        raise ValueError(f"unsupported locale {locale!r}; choose one of {', '.join(LOCALES)}")
    family = locale.split("-")[0]
    overlays = _read(family, "locales")
    overlay = dict(overlays["locales"][locale])
    respell = _respeller(overlays.get("spelling", {}).get(overlay.pop("spelling", ""), {}))
    dialog, topics, safety = _read(family, "dialog"), _read(family, "topics"), _read(family, "safety")
    reflection = _read(family, "reflection")

    def text(value: str) -> str:
        return respell(" ".join(value.split()))

    def phrases_of(patterns: list[str]) -> tuple[str, ...]:
        # Respelling can make two phrasings one ("physio" in British English): kept once.
        return tuple(dict.fromkeys(respell(p) for p in expand_all(patterns, FULL_EXPANSION)))

    loaded = {}
    for raw in topics.get("topics", []):
        loaded[raw["id"]] = Topic(
            id=raw["id"], intent=raw["intent"], name=text(raw["name"]),
            slot_values=tuple(respell(v) for v in raw["slot_values"]),
            related=raw["related"], safety=bool(raw.get("safety", False)), source=raw["source"],
            utterances=phrases_of(raw["utterances"]), short=text(raw["short"]),
            more=text(raw["more"]), follow_up=text(raw["follow_up"]))
    flags = safety.get("red_flags", {})
    return Content(
        locale=locale,
        invocation_name=dialog["skill"]["invocation_name"],
        card_title=dialog["skill"]["card_title"],
        credit=" ".join(dialog["skill"]["credit"].split()),  # the author's title as he gives it
        topics=loaded,
        phrases={k: text(v) for k, v in dialog["phrases"].items()} | {
            k: text(v) for k, v in reflection.get("phrases", {}).items()},
        intents={name: {**spec, "utterances": phrases_of(spec["utterances"])}
                 for name, spec in (dialog.get("intents", {}) | reflection.get("intents", {})
                                   | safety.get("intents", {})).items()},
        builtin_phrases={k: tuple(v) for k, v in dialog.get("builtin_phrases", {}).items()},
        red_flags=RedFlags(
            utterances=phrases_of(flags.get("intent", {}).get("utterances", [])),
            urgent=text(flags.get("urgent", "")), urgent_card=text(flags.get("urgent_card", "")),
            advice={k: text(v) for k, v in safety.get("advice", {}).items()},
            sayings={f["id"]: tuple(respell(v) for v in f.get("sayings", []))
                     for f in safety.get("flags", [])},
            family=family),
        values={k: _both_forms(v) for k, v in (dialog.get("values", {}) | overlay).items()},
        questions=tuple(Question(q["number"], text(q["ask"]), text(q["name"]), text(q["title"]),
                                 tuple(q["slot_values"])) for q in reflection.get("questions", [])),
        ordinals={int(k): v for k, v in reflection.get("ordinals", {}).items()},
        dialog_model=reflection.get("dialog"),
        publishing=dialog.get("publishing", {}),
        understanding=_read(family, "nlu"),
    )
