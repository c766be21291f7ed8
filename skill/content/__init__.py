"""The words the skill speaks and hears, loaded from the TOML files beside this module.

Each locale family has one folder (`en/`); a locale is the family's base text plus a small
overlay from `locales.toml` (spelling, emergency numbers). Python only fills placeholders.
"""
from __future__ import annotations

import itertools
import json
import re
import zlib
from dataclasses import dataclass, field, replace
from collections.abc import Sequence
from functools import cached_property, lru_cache
from typing import Callable
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
    import random  # here, not at the top: only the model build expands phrasings (cold starts)
    widest = max(len(c) for c in choices)
    combos = [tuple(c[j % len(c)] for c in choices) for j in range(widest)]  # each alternative
    rng = random.Random(zlib.crc32(pattern.encode()))  # the same spread on every build
    while len(combos) < max(SPREAD, widest):
        combos.append(tuple(rng.choice(c) for c in choices))
    return combos


@dataclass(frozen=True)
class Source:
    """Where a spoken claim comes from: a passage of the article, a named outside source
    (NHS, NICE), or the skill speaking about itself."""

    id: str
    kind: str  # "article", "outside" or "skill"
    name: str  # the passage's place in the article, or the outside source's title
    card: str = ""  # how a card names an outside source
    url: str = ""
    anchor: str = ""  # a few words of the article (under ten) that locate the passage


@dataclass(frozen=True)
class Sentence:
    """One spoken sentence and the sources it rests on."""

    text: str
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Grounds:
    """What one spoken part (the short answer, or one step of "more") rests on, sentence by
    sentence."""

    sentences: tuple[Sentence, ...]

    @property
    def passages(self) -> tuple[Source, ...]:
        return tuple(dict.fromkeys(s for x in self.sentences for s in x.sources
                                   if s.kind == "article"))

    @property
    def outside(self) -> tuple[Sentence, ...]:
        """The sentences that rest on an outside source, not on the article."""
        return tuple(x for x in self.sentences if any(s.kind == "outside" for s in x.sources))


@dataclass(frozen=True)
class Topic:
    """One question the article answers: how it is asked, the short answer and the longer one."""

    id: str
    intent: str
    name: str
    slot_values: tuple[str, ...]
    related: str
    safety: bool
    source: str
    utterances: tuple[str, ...]
    short: str
    more: str  # the first step of "more", for callers that read only one
    follow_up: str
    # "More" read in steps short enough for the ear, with the question asked between two steps
    # (step_offers[i] follows more_steps[i]; the last step is followed by the related topic).
    more_steps: tuple[str, ...] = ()
    step_offers: tuple[str, ...] = ()
    # What each part rests on, and the line its card ends with: "short", or a step's index.
    grounds: dict = field(default_factory=dict, compare=False)
    credits: dict = field(default_factory=dict, compare=False)

    def card_credit(self, step: str | int = "short") -> str:
        """The card's source line for the short answer ("short") or for more_steps[step]:
        the article's credit only for what the article says, the outside source by name for
        the rest."""
        return self.credits[step]

    def step_of(self, text: str) -> str | int:
        """Which part a spoken text is: "short" or the index of its step in more_steps."""
        if text == self.short:
            return "short"
        return self.more_steps.index(text)


class Phrasings(Sequence):
    """How people say something, expanded from its patterns on first use: only the model build
    and the local conversation need the phrasings, so a Lambda's cold start does not pay for
    expanding thousands of them."""

    def __init__(self, expand_them: Callable[[], tuple[tuple[str, ...], ...]]):
        self._expand, self._groups, self._items = expand_them, None, None

    @property
    def groups(self) -> tuple[tuple[str, ...], ...]:
        """The phrasings pattern by pattern, in the patterns' order (each phrasing once)."""
        if self._groups is None:
            self._groups = self._expand()
        return self._groups

    def _all(self) -> tuple[str, ...]:
        if self._items is None:
            self._items = tuple(p for group in self.groups for p in group)
        return self._items

    def __getitem__(self, index):
        return self._all()[index]

    def __len__(self) -> int:
        return len(self._all())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and tuple(self) == tuple(other)

    def __hash__(self) -> int:
        return hash(self._all())

    def __repr__(self) -> str:
        return f"Phrasings({len(self)} phrasings)"


@dataclass(frozen=True)
class TopicGroup:
    """A few related topics, named together when someone asks what they can ask."""

    id: str
    name: str
    topics: tuple[str, ...]


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

    def script(self, kind: str) -> tuple[str, str]:
        """(speech, card) templates for an alarm kind: "emergency" or "urgent"."""
        kind = kind if kind in ("emergency", "urgent") else "emergency"
        return self.advice.get(kind, self.urgent), self.advice.get(f"{kind}_card", self.urgent_card)


@dataclass(frozen=True)
class Content:
    """Everything one locale says and hears."""

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
    date_words: dict[str, str] = field(default_factory=dict)  # how note dates are said
    capitalised: tuple[str, ...] = ()  # words a kept note capitalises
    topic_groups: tuple[TopicGroup, ...] = ()
    audio: dict = field(default_factory=dict)  # the narrated series' parts and feed (audio.toml)
    understanding: dict = field(default_factory=dict)  # nlu.toml: slot types, fillers, fallback

    def spoken(self, text: str, /, **params: str) -> str:
        return self._fill(text, "spoken", params)

    def written(self, text: str, /, **params: str) -> str:
        return self._fill(text, "written", params)

    def phrase(self, key: str, /, **params: str) -> str:
        return self.spoken(self.phrases[key], **params)

    def _fill(self, text: str, form: str, params: dict[str, str]) -> str:
        if "{" not in text:  # no placeholder: most phrases, and every answer
            return " ".join(text.split())
        parts = list(_template(text))
        for i in range(1, len(parts), 2):  # the placeholders' names, between literal text
            key = parts[i]
            if key in params:
                parts[i] = params[key]
            elif key in self.values:
                parts[i] = self.values[key][form]
            else:
                raise KeyError(f"no value for placeholder {{{key}}} in {self.locale}")
        return " ".join("".join(parts).split())

    def topic_for_intent(self, intent: str) -> Topic | None:
        return self._by_intent.get(intent)

    @cached_property
    def _by_intent(self) -> dict[str, Topic]:
        # Built on first use (a frozen dataclass still has its __dict__): every turn asks.
        found: dict[str, Topic] = {}
        for topic in self.topics.values():
            found.setdefault(topic.intent, topic)  # the first, as a scan would find
        return found

    def nearest_topic(self, text: str | None) -> Topic | None:
        """The topic whose names are nearest to words Alexa sent unresolved ("weight lifting"
        for "weightlifting"), or None when none is near enough."""
        return nearest_topic(self, text)


@lru_cache(maxsize=1024)
def _template(text: str) -> tuple[str, ...]:
    """A text split at its placeholders, once: literal text at even indexes, placeholder names
    at odd ones ("{date}, {about}" -> "", "date", ", ", "about", "")."""
    return tuple(_PLACEHOLDER.split(text))


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
    import difflib  # here, not at the top: only words Alexa could not resolve need it (cold starts)
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


_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")


def sentences_of(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(" ".join(text.split())) if s]


def _sources(topics: dict) -> dict[str, Source]:
    """The article's passages and the outside sources, by id, from the head of topics.toml."""
    found = {"skill": Source("skill", "skill", "Pain Chats speaking about itself"),
             # A sentence only a conversation can say ("ask me when to see a doctor"): left out
             # of the recorded series, where nobody can ask.
             "conversation": Source("conversation", "skill",
                                    "Pain Chats speaking in a conversation, not in a recording")}
    for key, spec in topics.get("passages", {}).items():
        found[key] = Source(key, "article", spec["where"], anchor=spec["anchor"])
    for key, spec in topics.get("outside", {}).items():
        found[key] = Source(key, "outside", spec["name"], card=spec["card"], url=spec["url"])
    return found


def _grounds(topic_id: str, part, body: str, spec: dict | None, sources: dict[str, Source],
             text) -> Grounds:
    """Each sentence of a part with its sources. `spec` maps `article` to passage ids, and an
    outside source id (or `skill`) to the openings of the sentences resting on it, or to "all"
    for every sentence not claimed otherwise."""
    where = f"{topic_id} {part}"
    if not spec:
        raise ValueError(f"{where}: no sources recorded")
    said = sentences_of(body)
    owners: list[tuple[Source, ...]] = [()] * len(said)
    fallback: tuple[Source, ...] = ()
    for key, value in spec.items():
        if key == "article":
            unknown = [p for p in value if sources.get(p, Source("", "", "")).kind != "article"]
            if unknown or not value:
                raise ValueError(f"{where}: unknown article passages {unknown}")
            fallback = fallback or tuple(sources[p] for p in value)
            continue
        if key not in sources:
            raise ValueError(f"{where}: unknown source {key!r}")
        if value == "all":
            fallback = (sources[key],)
            continue
        for opening in value:
            hits = [i for i, s in enumerate(said) if s.startswith(opening)]
            if len(hits) != 1:
                raise ValueError(f"{where}: {opening!r} opens {len(hits)} sentences, not one")
            owners[hits[0]] = owners[hits[0]] + (sources[key],)
    if "article" in spec and "all" in spec.values():
        raise ValueError(f"{where}: a part rests on the article or on one source for all")
    unowned = [s for s, o in zip(said, owners) if not o and not fallback]
    if unowned:
        raise ValueError(f"{where}: no source for {unowned}")
    return Grounds(tuple(Sentence(text(s), o or fallback) for s, o in zip(said, owners)))


class _CreditLines:
    """The line that ends a card: the article's credit only for what the article says; outside
    sources named, with the sentences that rest on them."""

    def __init__(self, templates: dict, credit: str, safety_credit: str, values: dict):
        self.templates, self.credit, self.safety_credit = templates, credit, safety_credit
        self.values = values

    def _fill(self, template: str, **params: str) -> str:
        def value(m: re.Match) -> str:
            key = m.group(1)
            if key in params:
                return params[key]
            return self.values[key]["written"] if key in self.values else m.group(0)
        return " ".join(_PLACEHOLDER.sub(value, template).split())

    def line(self, grounds: Grounds, safety: bool) -> str:
        outside: dict[Source, list[str]] = {}
        for sentence in grounds.outside:
            for source in sentence.sources:
                if source.kind == "outside":
                    outside.setdefault(source, []).append(sentence.text)
        if not outside:
            return self.credit
        names = "; ".join(f"{s.card} ({s.url})" for s in outside)
        if not grounds.passages:
            key = "safety" if safety else "outside"
            return self._fill(self.templates[key], sources=names, safety_credit=self.safety_credit)
        claims = []
        for source, said in outside.items():
            quoted = " and ".join(self._fill(self.templates["quote"], opening=self._opening(s))
                                  for s in said)
            claims.append(self._fill(self.templates["claim"], quoted=quoted,
                                     source=f"{source.card} ({source.url})"))
        return " ".join([self.credit, self._fill(self.templates["some"],
                                                 claims="; ".join(claims))])

    def _opening(self, sentence: str, words: int = 6) -> str:
        said = self._fill(sentence).split()
        if len(said) <= words:
            return " ".join(said)
        return " ".join(said[:words]).rstrip(",;:") + "\N{HORIZONTAL ELLIPSIS}"


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
    reflection, audio = _read(family, "reflection"), _read(family, "audio")

    def text(value: str) -> str:
        return respell(" ".join(value.split()))

    def phrases_of(patterns: list[str]) -> Phrasings:
        def by_pattern() -> tuple[tuple[str, ...], ...]:
            # Respelling can make two phrasings one ("physio" in British English): kept once.
            seen: set[str] = set()
            groups = []
            for pattern in patterns:
                said = [respell(p) for p in expand(pattern, FULL_EXPANSION)]
                groups.append(tuple(p for p in dict.fromkeys(said) if p not in seen))
                seen.update(said)
            return tuple(groups)
        return Phrasings(by_pattern)

    values = {k: _both_forms(v) for k, v in (dialog.get("values", {}) | overlay).items()}
    credit = " ".join(dialog["skill"]["credit"].split())  # the author's title as he gives it
    credit_lines = _CreditLines(topics.get("cards", {}), credit,
                                text(dialog["phrases"].get("safety_credit", "")), values)
    sources = _sources(topics)
    loaded = {}
    for raw in topics.get("topics", []):
        # `more_from`: the steps of another topic ("is it serious" goes on to the warning signs).
        lent = raw.get("more_from")
        steps = () if lent else (tuple(raw["more"]) if isinstance(raw["more"], list)
                                 else (raw["more"],))
        parts = {"short": raw["short"]} | dict(enumerate(steps))
        specs = raw.get("sources", {})
        step_specs = specs.get("more", [])
        grounds = {part: _grounds(raw["id"], part, body,
                                  specs.get("short") if part == "short" else
                                  (step_specs[part] if part < len(step_specs) else None),
                                  sources, text)
                   for part, body in parts.items()}
        offers = tuple(text(o) for o in raw.get("step_offers", []))
        if steps and len(offers) != len(steps) - 1:
            raise ValueError(f"{raw['id']}: {len(steps)} steps need {len(steps) - 1} step_offers")
        more_steps = tuple(text(s) for s in steps)
        is_safety = bool(raw.get("safety", False))
        loaded[raw["id"]] = Topic(
            id=raw["id"], intent=raw["intent"], name=text(raw["name"]),
            slot_values=tuple(respell(v) for v in raw["slot_values"]),
            related=raw["related"], safety=is_safety, source=raw["source"],
            utterances=phrases_of(raw["utterances"]), short=text(raw["short"]),
            more=more_steps[0] if more_steps else "", follow_up=text(raw["follow_up"]),
            more_steps=more_steps, step_offers=offers, grounds=grounds,
            credits={part: credit_lines.line(g, is_safety) for part, g in grounds.items()})
    for raw in topics.get("topics", []):
        if raw.get("more_from"):
            own, lender = loaded[raw["id"]], loaded[raw["more_from"]]
            steps = {i: part for i, part in enumerate(lender.more_steps)}
            loaded[own.id] = replace(
                own, more=lender.more, more_steps=lender.more_steps,
                step_offers=lender.step_offers,
                grounds={"short": own.grounds["short"]} | {i: lender.grounds[i] for i in steps},
                credits={"short": own.credits["short"]} | {i: lender.credits[i] for i in steps})
    flags = safety.get("red_flags", {})
    return Content(
        locale=locale,
        invocation_name=dialog["skill"]["invocation_name"],
        card_title=dialog["skill"]["card_title"],
        credit=credit,
        topics=loaded,
        phrases={k: text(v) for k, v in dialog["phrases"].items()} | {
            k: text(v) for k, v in reflection.get("phrases", {}).items()} | {
            k: text(v) for k, v in audio.get("phrases", {}).items()},
        intents={name: {**spec, "utterances": phrases_of(spec["utterances"])}
                 for name, spec in (dialog.get("intents", {}) | reflection.get("intents", {})
                                   | safety.get("intents", {}) | audio.get("intents", {})).items()},
        builtin_phrases={k: tuple(v) for k, v in (dialog.get("builtin_phrases", {})
                                                   | audio.get("builtin_phrases", {})).items()},
        red_flags=RedFlags(
            utterances=phrases_of(flags.get("intent", {}).get("utterances", [])),
            urgent=text(flags.get("urgent", "")), urgent_card=text(flags.get("urgent_card", "")),
            advice={k: text(v) for k, v in safety.get("advice", {}).items()},
            sayings={f["id"]: tuple(respell(v) for v in f.get("sayings", []))
                     for f in safety.get("flags", [])},
            family=family),
        values=values,
        questions=tuple(Question(q["number"], text(q["ask"]), text(q["name"]), text(q["title"]),
                                 tuple(q["slot_values"])) for q in reflection.get("questions", [])),
        ordinals={int(k): v for k, v in reflection.get("ordinals", {}).items()},
        dialog_model=reflection.get("dialog"),
        publishing=dialog.get("publishing", {}),
        date_words=dict(reflection.get("dates", {})),
        capitalised=tuple(reflection.get("tidy", {}).get("capitalised", ())),
        topic_groups=tuple(TopicGroup(g["id"], text(g["name"]), tuple(g["topics"]))
                           for g in dialog.get("topic_groups", [])),
        audio={"parts": [{k: text(v) if k in ("title", "summary") else v for k, v in part.items()}
                         for part in audio.get("parts", [])],
               "feed": {k: text(v) for k, v in audio.get("feed", {}).items()}},
        understanding=_read(family, "nlu"),
    )
