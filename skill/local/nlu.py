"""Stands in for Alexa's speech understanding in the local conversation: typed words are
resolved against the very interaction model Alexa is given, samples with slots included.

First a sample said exactly, then a sample's pattern with its slots (a custom slot must name one
of its type's values), then a statistical classifier trained from the same model
(classifier.py), with an out-of-domain class and a confidence floor so that what Alexa would
send to AMAZON.FallbackIntent goes there. Like Alexa, it gives the skill only an intent and its
slots: the slots are filled from the words the way Alexa fills them, with a type's values found
in the words, or the words where a sample puts the slot."""
from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from ..content import Content, load_content
from .envelopes import Slot
from ..model_build import (ASIDE_SLOT, FILLER_HEADS, PACKAGE, RED_FLAG_TYPE, is_red_flag_type,
                           question_before_aside)

# A slot value this close (difflib ratio) to one of its type's values resolves to it, as
# Alexa's entity resolution tolerates small differences ("stretch" for "stretches").
CLOSE_ENOUGH = 0.8
_SLOT = re.compile(r"\{(\w+)\}")
# Slot types for a phrase inside a question ("can I still play {activity}"): a pattern with one
# of these matches only when the words name one of the type's values. The others (TOPIC,
# QUESTION, free speech) take any words after their carrier ("tell me about ..."), as Alexa does.
LIST_TYPES = frozenset({"ACTIVITY", "BODY_AREA", "PAIN_WORD", "RED_FLAG", "METHOD",
                        "SIGN_NAME"})
# List types whose slot, where a sample puts it, takes only a few more words than its longest
# value. Not RED_FLAG: a symptom said at length is still read for red flags and for a crisis
# inside it ("my legs went numb and honestly I want to die"), which outranks everything.
SHORT_TYPES = frozenset({"ACTIVITY", "BODY_AREA", "PAIN_WORD"})
STORY_SLACK = 3  # "five a side football" is two words longer than any ACTIVITY value
# Types whose values are whole sayings ("it hurts when i cough"). Where the classifier chose the
# intent, the slot takes every word its sample's frame leaves ("{symptom} is it serious"), or
# all the words when no frame fits, as a symptom said at length is tagged whole; entity
# resolution then resolves that span as a whole (a run holding one value, with a word or two
# more, names it), never a value picked out of a longer story ("my son has a fever").
CLOSE_SPAN_TYPES = frozenset({"RED_FLAG", "SIGN_NAME"})


def _listed(slot_type: str) -> bool:
    return slot_type in LIST_TYPES or is_red_flag_type(slot_type)


# A word that, slipped into a saying, turns it round: the span no longer names that value.
_NEGATIONS = frozenset({"not", "no", "never", "don't", "dont", "doesn't", "didn't", "haven't",
                        "hasn't", "isn't", "aren't", "wasn't", "without", "hardly", "barely"})
_TURNING = _NEGATIONS | {"can't", "cant", "cannot", "won't", "wont", "couldn't", "can",
                         "could", "will"}


def _turns(words: str) -> frozenset[str]:
    """The words that turn a saying round, or back ("can" against "can't")."""
    return frozenset(w.replace("'", "") for w in _TURNING.intersection(words.split()))


# Words said before a question that do not start it ("um, should I stop running ...").
_LEAD_FILLERS = FILLER_HEADS | {"uh", "erm", "like"}
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
    search: re.Pattern | None = None  # the same, anywhere in the words: for filling slots

    @property
    def custom(self) -> bool:
        return any(not t.startswith("AMAZON.") for t in self.slot_types.values())


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
        # The most words in one of each short type's values (see SHORT_TYPES).
        self.longest = {t: max((len(v.split()) for v in self.type_values.get(t, ())), default=1)
                        for t in SHORT_TYPES}
        self.model = model
        self.builtin_phrases = content.builtin_phrases
        self._classifier = None
        self.exact: dict[str, str] = {}
        self.patterns: list[_Pattern] = []
        # The questions the model gives an aside after ("<question> {aside}"): its carriers.
        self.carriers = frozenset(
            normalise(q) for intent in language["intents"] for s in intent.get("samples", [])
            if (q := question_before_aside(s)) is not None)
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
        used = {t[1:-1]: types.get(t[1:-1], "") for t in tokens if _SLOT.fullmatch(t)}
        self.patterns.append(_Pattern(intent, re.compile(f"^{regex}$"), used, words,
                                      re.compile(f"(?:^|(?<= )){regex}(?=$| )")))

    @property
    def classifier(self):
        """Trained (or loaded from its cache) the first time a phrase is not a sample."""
        if self._classifier is None:
            from .classifier import for_model
            self._classifier = for_model(self.model, self.builtin_phrases)
        return self._classifier

    def resolve(self, said: str, fuzzy: bool = True) -> Resolution:
        """`fuzzy=False` while a slot is being elicited: only clear matches to other intents."""
        text = self._without_invocation(normalise(said))
        if text is None:
            return Resolution(None)
        sample = self._as_sample(text, fuzzy)
        if sample is not None:
            return sample
        if not fuzzy:
            return Resolution("AMAZON.FallbackIntent")
        prediction = self.classifier.predict(text)
        if prediction.intent == "AMAZON.FallbackIntent":
            return Resolution(prediction.intent)
        slots = self.fill_slots(prediction.intent, text)
        if prediction.intent == "TopicIntent" and not slots:
            # Naming a topic needs a topic: words with neither a topic nor a carrier phrase
            # ("tell me about ...") are out of domain.
            return Resolution("AMAZON.FallbackIntent")
        return Resolution(prediction.intent, slots)

    def is_sample(self, said: str) -> bool:
        """Whether these words are one of the model's samples, said exactly (slots filled with
        their values): what an evaluation corpus must never hold."""
        text = self._without_invocation(normalise(said))
        return text is not None and self._as_sample(text, True) is not None

    def _as_sample(self, text: str, fuzzy: bool) -> Resolution | None:
        if text in self.exact:
            return Resolution(self.exact[text])
        for pattern in self.patterns:
            if ASIDE_SLOT in pattern.slot_types:
                # "<question> {aside}" is the question and any words at all: not a sample said
                # exactly. The classifier decides, and the aside is filled after (fill_slots).
                continue
            match = pattern.regex.match(text)
            if match:
                slots = [self._slot(name, value, pattern.slot_types[name])
                         for name, value in match.groupdict().items()]
                bare = pattern.literal_words == 0
                # A custom slot must name one of its values ("i have {symptom}" is not "i have
                # back pain"); a lone {topic} counts only then, and not while the skill waits
                # for free speech (Alexa gives the words to the slot it asked for).
                named = all(normalise(s.value) in self.type_values.get(s.slot_type, {})
                            for s in slots if _listed(s.slot_type))
                if named and (not bare or (fuzzy and slots[0].resolved_id)):
                    return Resolution(pattern.intent, slots)
        return None

    def fill_slots(self, intent: str, text: str) -> list[Slot]:
        """Slots for an intent the classifier chose: a value of the slot's type found in the
        words (longest first), else the words where one of the intent's samples puts it."""
        slots: dict[str, Slot] = {}
        patterns = [p for p in self.patterns if p.intent == intent]
        types = {n: t for p in patterns for n, t in p.slot_types.items()}
        padded = f" {text} "
        aside = self._aside(text) if ASIDE_SLOT in types else None
        if aside:
            slots[ASIDE_SLOT] = Slot(ASIDE_SLOT, aside, slot_type=types[ASIDE_SLOT])
        sign_slot = self._sign_slot(types, patterns, text)
        for name, slot_type in types.items():
            if name == ASIDE_SLOT or is_red_flag_type(slot_type) and name != sign_slot:
                continue
            values = self.type_values.get(slot_type) or {}
            if slot_type in CLOSE_SPAN_TYPES or is_red_flag_type(slot_type):
                slots[name] = self._span_slot(name, slot_type, patterns, text)
                continue
            found = max((v for v in values if f" {v} " in padded), key=len, default=None)
            said = found
            if found:  # the words as said, resolved to the value's id, as Alexa sends a slot
                slots[name] = Slot(name, said, values[found][0], values[found][1],
                                   slot_type=slot_type)
        for pattern in sorted(patterns, key=lambda p: -p.literal_words):
            if pattern.literal_words == 0 or set(pattern.slot_types) <= set(slots) \
                    or ASIDE_SLOT in pattern.slot_types or any(
                        is_red_flag_type(t) and n != sign_slot
                        for n, t in pattern.slot_types.items()):
                continue
            match = pattern.search.search(text)
            if match:
                for name, value in match.groupdict().items():
                    slot_type = pattern.slot_types[name]
                    if slot_type in SHORT_TYPES and \
                            len(value.split()) > self.longest[slot_type] + STORY_SLACK:
                        # A value of a list is a short phrase: a whole story where a sample puts
                        # {pain} is not one ("my son has a fever and ..."), as Alexa would not
                        # fill a custom slot with ten words its values never come near.
                        continue
                    slots.setdefault(name, self._slot(name, value, slot_type))
                break
        return list(slots.values())

    @staticmethod
    def _sign_slot(types: dict[str, str], patterns: list[_Pattern], text: str) -> str | None:
        """Which one of an intent's sign slots ({symptom}, or one sign's own, {history}) gets the
        words: the one whose frame fits them, most carrier words first, else {symptom}. As on
        Alexa, one sample matched fills its own slots only, never every sign slot at once."""
        names = [n for n, t in types.items() if is_red_flag_type(t)]
        if len(names) < 2:
            return names[0] if names else None
        for pattern in patterns:  # most carrier words first
            if pattern.literal_words and len(pattern.slot_types) == 1 \
                    and set(pattern.slot_types) <= set(names) and pattern.regex.match(text):
                return next(iter(pattern.slot_types))
        return next((n for n in names if types[n] == RED_FLAG_TYPE), names[0])

    def _aside(self, text: str) -> str | None:
        """The words after one of the questions the model gives an aside after, said whole
        (fillers in front passed over), as Alexa's tagger fills a phrase slot after its carrier;
        of any topic, as Alexa may pick one topic's intent for another's words. None when no
        such question starts the words: how far Alexa's tagger carries the aside over to other
        questions is not known, and the local conversation must not hear more than Alexa.
        (Tried and left: any of the topics' questions, and any start the classifier takes for a
        topic question. Both split questions in two ("how long | will back pain take to go",
        "my father is having some chest | pain issue ..."), which a tagger does not do.)"""
        words = text.split()
        starts = [0]  # where the question may start: after none, one, ... of the fillers
        while starts[-1] < len(words) and words[starts[-1]] in _LEAD_FILLERS:
            starts.append(starts[-1] + 1)
        ends = [end for start in starts for end in range(start + 2, len(words))
                if " ".join(words[start:end]) in self.carriers]
        return " ".join(words[max(ends):]) if ends else None  # the longest question said

    def _span_slot(self, name: str, slot_type: str, patterns: list[_Pattern], text: str) -> Slot:
        """A saying's slot: the words a frame of the intent leaves for it, else all the words,
        resolved as a whole (see CLOSE_SPAN_TYPES)."""
        span = text
        for pattern in patterns:  # most carrier words first
            if pattern.literal_words and set(pattern.slot_types) == {name}:
                match = pattern.regex.match(text)
                if match:
                    span = match.group(name)
                    break
        slot = self._slot(name, span, slot_type)
        if slot.resolved_id is None:
            values = self.type_values.get(slot_type) or {}
            close = self._close_span(span, values)
            if close and close[0] == span:
                slot = Slot(name, span, *values[close[1]], slot_type=slot_type)
        return slot

    @staticmethod
    def _close_span(text: str, values: dict) -> tuple[str, str] | None:
        """A run of the words that holds every word of one of the values, in order, with at most
        two more ("it hurts more when i cough" for "it hurts when i cough"), none of them a
        negation: (words, value).
        Missing words never count: "my back is killing me" is not "my upper back is killing
        me"."""
        words = text.split()
        best = None
        for value in values:
            wanted = value.split()
            if len(wanted) < 3:
                continue
            for start in range(len(words)):
                if words[start] != wanted[0]:
                    continue
                i, end = 0, start
                while end < len(words) and end - start < len(wanted) + 2 and i < len(wanted):
                    if words[end] == wanted[i]:
                        i += 1
                    elif words[end] in _NEGATIONS:
                        break  # "i'm not losing weight" does not name "i'm losing weight"
                    end += 1
                if i == len(wanted) and (best is None or len(wanted) > len(best[1].split())):
                    best = (" ".join(words[start:end]), value)
        return best

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
            # A sign with a negation more or less is no near miss of it ("i don't have cancer"
            # is not "i have cancer", nor "i can pee" "i can't pee").
            if close and not (is_red_flag_type(slot_type) and _turns(key) != _turns(close[0])):
                key = close[0]
        found = values.get(key)
        return Slot(name, value, found[0] if found else None, found[1] if found else None,
                    slot_type=slot_type)
