"""Runs conversations written as data (tests/conversations/*.yaml) through the local
conversation, which is the same path `python -m skill chat` takes: resolver, real request
envelopes, the real skill object, a real SQLite file.

A turn says what the person does (`say`, `launch`, `end`, `event`, `walk_away`) and what a
listener would notice: the `intent` it should resolve to, content `says` (keys, not wording, so
copy edits do not break tests), literal `text`/`not_text`, the `card`, and whether the mic
stays `open`."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import yaml

from skill.local.chat import Conversation
from skill.config import Config
from skill.content import Content, load_content
from skill.core import build_skill
from skill.local.envelopes import Caller, Slot, intent_request, skill_disabled_event
from skill.local.nlu import Resolver
from skill.speech import ends_with_question
from skill.store import Owner, open_store

HERE = Path(__file__).resolve().parent
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def load_cases() -> list[dict]:
    cases = []
    for path in sorted((HERE / "conversations").glob("*.yaml")):
        for case in yaml.safe_load(path.read_text("utf-8")):
            case["file"] = path.stem
            cases.append(case)
    return cases


def template(content: Content, key: str) -> str:
    """The raw text behind a content key: phrase.help, topic.cancer.short, red_flags.urgent,
    advice.urgent."""
    kind, _, rest = key.partition(".")
    if kind == "phrase":
        return content.phrases[rest]
    if kind == "topic":
        topic_id, field = rest.split(".")
        return getattr(content.topics[topic_id], field)
    if kind == "red_flags":
        return getattr(content.red_flags, rest)
    if kind == "advice":  # advice.emergency, advice.urgent: the tiered scripts in safety.toml
        return content.red_flags.script(rest)[0]
    raise KeyError(key)


def fragments(content: Content, key: str) -> list[str]:
    """The fixed parts of a content text once the locale's values are filled in: each must be
    heard, whatever the skill put in the remaining placeholders."""
    text = template(content, key)
    text = _PLACEHOLDER.sub(lambda m: content.values[m.group(1)]["spoken"]
                            if m.group(1) in content.values else m.group(0), text)
    return [p.strip(" ,.?") for p in _PLACEHOLDER.split(text)[::2] if len(p.strip(" ,.?")) > 3]


class Talk:
    """Several callers (people, devices) sharing one skill and one store."""

    def __init__(self, tmp_path: Path, locale: str = "en-US", config: dict | None = None,
                 callers: dict | None = None, today=None, wrap_store=None):
        base = Config(sqlite_path=tmp_path / "skill.sqlite3")
        self.config = replace(base, **(config or {}))
        self.store = open_store(self.config)
        if self.config.store == "dynamodb":
            self.store.create_table()
        # The skill may see the store through a wrapper (e.g. one that fails on purpose);
        # checks always read the real store.
        self.skill = build_skill(self.config, wrap_store(self.store) if wrap_store else self.store)
        self.locale = locale
        self.content = load_content(locale)
        resolver = Resolver.for_locale(locale, today=today)
        callers = callers or {"me": {}}
        self.conversations = {
            name: Conversation(self.skill, resolver, Caller(
                locale=locale, user_id=spec.get("user", "amzn1.ask.account.TEST"),
                person_id=spec.get("person"), device_id=spec.get("device", f"device-{name}"),
                **({"api_endpoint": spec["api"]} if "api" in spec else {})))
            for name, spec in callers.items()}
        self.default = next(iter(self.conversations))

    def owner(self, name: str | None = None) -> Owner:
        caller = self.conversations[name or self.default].caller
        return Owner(caller.user_id, caller.person_id or "")

    def seed(self, notes: list[dict]) -> None:
        """Notes saved earlier: {text, days_ago, minutes_ago, question, by}."""
        now = datetime.now(timezone.utc)
        # "minutes ago" must stay today: just after midnight, anchor an hour into the day.
        now = max(now, now.replace(hour=1, minute=0, second=0, microsecond=0))
        for note in notes:
            self.store.add_note(self.owner(note.get("by")), note["text"],
                                question=note.get("question"), set_id=note.get("set"),
                                created=now - timedelta(days=note.get("days_ago", 0),
                                                        minutes=note.get("minutes_ago", 0)))

    def turn(self, spec: dict):
        conversation = self.conversations[spec.get("by", self.default)]
        if spec.get("launch"):
            return conversation.launch()
        if "end" in spec:
            return conversation.end(spec["end"])
        if spec.get("walk_away"):  # the device lost the session without telling the skill
            conversation.session = None
            return None
        if spec.get("event") == "skill_disabled":
            return conversation.send_envelope(skill_disabled_event(conversation.caller))
        if "send" in spec:  # exactly these slot values, as Alexa's speech recognition gave them
            sent = spec["send"]
            slots = [Slot(k, v) for k, v in sent.get("slots", {}).items()]
            return conversation.send_request(intent_request(self.locale, sent["intent"], slots))
        # "{invocation}" stands for the skill's invocation name, so renaming it breaks no test.
        return conversation.say(spec["say"].replace("{invocation}", self.content.invocation_name))

    def check_store(self, spec: dict) -> None:
        stored = spec.get("stored")
        if stored is None:
            return
        notes = self.store.all_notes(self.owner(stored.get("of", spec.get("by"))))
        texts = [n.text.lower() for n in notes]  # the skill capitalises what it keeps
        if "count" in stored:
            assert len(notes) == stored["count"], f"turn {spec!r}: stored {texts!r}"
        for text in stored.get("texts", []):
            assert text.lower() in texts, f"turn {spec!r}: {text!r} not among {texts!r}"
        for text in stored.get("not_texts", []):
            assert text.lower() not in texts, f"turn {spec!r}: {text!r} stored"
        if "questions" in stored:
            assert [n.question for n in notes] == stored["questions"]

    def check(self, spec: dict, exchange) -> None:
        where = f"turn {spec!r}"
        speech = (exchange.response.get("response") or {}).get("outputSpeech")
        if speech:  # whatever was said, the markup must stay valid SSML
            ElementTree.fromstring(speech["ssml"])
        if exchange.session_open and exchange.speech != self.content.phrase("error"):
            # An open microphone always follows a question, so nobody is left waiting.
            assert ends_with_question(exchange.speech), \
                f"turn {spec!r}: the microphone opens with no question: {exchange.speech!r}"
        if "intent" in spec:
            assert exchange.resolution is not None, where
            assert exchange.resolution.intent == spec["intent"], \
                f"{where}: resolved to {exchange.resolution.intent}"
        if "slot" in spec:
            got = {s.name: s.resolved_id or s.value for s in exchange.resolution.slots}
            assert got == spec["slot"], f"{where}: slots {got}"
        speech = exchange.speech.lower()
        for key in spec.get("says", []):
            for fragment in fragments(self.content, key):
                assert fragment.lower() in speech, f"{where}: missing {key}: {fragment!r} in {speech!r}"
        for key in spec.get("not_says", []):
            for fragment in fragments(self.content, key):
                assert fragment.lower() not in speech, f"{where}: should not say {key}"
        for topic_id in spec.get("names", []):
            name = self.content.topics[topic_id].name.lower()
            assert name in speech, f"{where}: topic name {name!r} not in {speech!r}"
        for text in spec.get("text", []):
            assert text.lower() in speech, f"{where}: {text!r} not in {speech!r}"
        for text in spec.get("not_text", []):
            assert text.lower() not in speech, f"{where}: {text!r} in {speech!r}"
        if "open" in spec:
            assert exchange.session_open is spec["open"], f"{where}: session open?"
        for text in spec.get("card", []):
            card = exchange.card or {}
            body = f"{card.get('title', '')} {card.get('content', '')}".lower()
            assert text.lower() in body, f"{where}: {text!r} not in card {card!r}"
        if spec.get("no_card"):
            assert exchange.card is None, f"{where}: unexpected card {exchange.card!r}"
