"""The words the skill speaks and hears, loaded from the TOML files beside this module.

Each locale family has one folder (`en/`); a locale is the family's base text plus a small
overlay from `locales.toml` (spelling, emergency numbers). Python only fills placeholders.
"""
from __future__ import annotations

import itertools
import json
import re
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
LOCALES = ("en-US", "en-GB", "en-CA", "en-AU", "en-IN")
DEFAULT_LOCALE = "en-US"
_GROUP = re.compile(r"\(([^()]*)\)")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def expand(pattern: str) -> list[str]:
    """Expand "(a|b) c(d|)" into every phrasing it stands for, in order, without repeats."""
    parts = _GROUP.split(pattern)
    # split() alternates literal text and group bodies: literals at even indexes.
    choices = [[p] if i % 2 == 0 else p.split("|") for i, p in enumerate(parts)]
    seen: dict[str, None] = {}
    for combo in itertools.product(*choices):
        seen.setdefault(" ".join("".join(combo).split()), None)
    return [s for s in seen if s]


def expand_all(patterns: list[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for pattern in patterns:
        for phrase in expand(pattern):
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
    utterances: tuple[str, ...]
    keywords: tuple[str, ...]
    urgent: str
    urgent_card: str

    crisis_keywords: tuple[str, ...] = ()

    def found_in(self, text: str) -> bool:
        return _says_any(text, self.keywords)

    def crisis_in(self, text: str) -> bool:
        # Never read as denied: "no, I want to die" is a crisis.
        return _says_any(text, self.crisis_keywords, denials=False)


# A word that, right before a keyword, denies it: "no fever", "never had cancer". Only right
# before, and not when what follows says the symptom is a loss ("no bladder control"): missing
# a red flag is far worse than raising one for nothing.
_DENIALS = frozenset({"no", "never", "without", "denies", "denied"})
_LOSS = frozenset({"control", "feeling", "sensation"})


def _says_any(text: str, keywords: tuple[str, ...], denials: bool = True) -> bool:
    """Whether a keyword starts at a word boundary ("incontinen" finds "incontinence";
    "bladder" does not find "gallbladder") and, with `denials`, is not denied."""
    words = re.findall(r"[a-z0-9']+", text.lower())
    joined = " " + " ".join(words) + " "
    for keyword in keywords:
        start = joined.find(f" {keyword}")
        while start != -1:
            before = joined[:start].split()[-1:]
            after = joined[start + len(keyword) + 1:].split()[:2]
            if not (denials and _DENIALS.intersection(before) and not _LOSS.intersection(after)):
                return True
            start = joined.find(f" {keyword}", start + 1)
    return False


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


# The TOML files, parsed, as JSON: reading JSON takes a fraction of a millisecond where parsing
# the TOML takes about 8, on every cold start. Written by `python -m skill model build` beside the
# TOML; an entry is used only while its checksum matches the TOML file's text, so a stale one
# is ignored (and `model check`, run by `make test`, says so).
COMPILED = "compiled.json"


def _checksum(text: str) -> str:
    return f"{zlib.crc32(text.encode('utf-8')):08x}-{len(text)}"


@lru_cache(maxsize=None)
def _compiled(family: str) -> dict:
    try:
        return json.loads((HERE / family / COMPILED).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _parse(path: Path) -> dict:
    import tomllib
    return tomllib.loads(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=None)  # every locale of a family reads the same files: parsed once (read-only)
def _read(family: str, name: str) -> dict:
    path = HERE / family / f"{name}.toml"
    if not path.exists():
        return {}
    entry = _compiled(family).get(name)
    if entry and entry.get("checksum") == _checksum(path.read_text(encoding="utf-8")):
        return entry["data"]
    return _parse(path)


def compiled_files() -> dict[Path, str]:
    """Each family's compiled.json as it should be now (model build writes, model check checks)."""
    files = {}
    for folder in sorted(p for p in HERE.iterdir() if p.is_dir() and any(p.glob("*.toml"))):
        entries = {path.stem: {"checksum": _checksum(path.read_text(encoding="utf-8")),
                               "data": _parse(path)}
                   for path in sorted(folder.glob("*.toml"))}
        files[folder / COMPILED] = json.dumps(entries, ensure_ascii=False) + "\n"
    return files


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


def load_content(locale: str = DEFAULT_LOCALE) -> Content:
    # One cache key per locale: load_content() and load_content("en-US") are the same content,
    # built once (lru_cache alone would build it twice, about 12 ms of a cold start).
    return _load_content(locale)


@lru_cache(maxsize=None)
def _load_content(locale: str) -> Content:
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
        return tuple(dict.fromkeys(respell(p) for p in expand_all(patterns)))

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
            utterances=phrases_of(flags.get("utterances", [])),
            keywords=tuple(k.lower() for k in flags.get("keywords", [])),
            urgent=text(flags.get("urgent", "")), urgent_card=text(flags.get("urgent_card", "")),
            crisis_keywords=tuple(k.lower() for k in safety.get("crisis", {}).get("keywords", []))),
        values={k: _both_forms(v) for k, v in (dialog.get("values", {}) | overlay).items()},
        questions=tuple(Question(q["number"], text(q["ask"]), text(q["name"]), text(q["title"]),
                                 tuple(q["slot_values"])) for q in reflection.get("questions", [])),
        ordinals={int(k): v for k, v in reflection.get("ordinals", {}).items()},
        dialog_model=reflection.get("dialog"),
        publishing=dialog.get("publishing", {}),
    )
