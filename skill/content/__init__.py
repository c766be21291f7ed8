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
    date_words: dict[str, str] = field(default_factory=dict)  # how note dates are said
    capitalised: tuple[str, ...] = ()  # words a kept note capitalises
    topic_groups: tuple[TopicGroup, ...] = ()
    audio: dict = field(default_factory=dict)  # the narrated series' parts and feed (audio.toml)

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


_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")


def sentences_of(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(" ".join(text.split())) if s]


def _sources(topics: dict) -> dict[str, Source]:
    """The article's passages and the outside sources, by id, from the head of topics.toml."""
    found = {"skill": Source("skill", "skill", "Pain Chats speaking about itself")}
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

    def phrases_of(patterns: list[str]) -> tuple[str, ...]:
        # Respelling can make two phrasings one ("physio" in British English): kept once.
        return tuple(dict.fromkeys(respell(p) for p in expand_all(patterns)))

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
            utterances=phrases_of(flags.get("utterances", [])),
            keywords=tuple(k.lower() for k in flags.get("keywords", [])),
            urgent=text(flags.get("urgent", "")), urgent_card=text(flags.get("urgent_card", "")),
            crisis_keywords=tuple(k.lower() for k in safety.get("crisis", {}).get("keywords", []))),
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
    )
