"""Everything the skill remembers within one Alexa session, as one typed value.

Loaded once per request from the session attributes and written back once with the response
(see `turn.py`). What a "yes" or a "no" would answer right now is `SessionState.waiting`; the
table of what each answer does is in `handlers/__init__.py`.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import Enum
from typing import Any


class Waiting(str, Enum):
    """The question the skill asked last, that a "yes" or "no" answers."""

    NOTHING = ""
    MORE = "more"  # "Would you like to hear more?" about the current topic
    TOPIC = "topic"  # "Would you like to hear about <a related topic>?"
    REFLECT = "reflect"  # "Would you like to record your thoughts?"
    RESUME = "resume"  # at launch: "Shall we go on with last time's questions?"
    CONSENT = "consent"  # "Shall I keep notes for you?"
    KEEP = "keep"  # "Shall I keep it?" after an answer was read back
    DELETE_LAST = "delete_last"  # "Shall I delete it?"
    DELETE_ALL = "delete_all"  # "Are you sure?"
    SEND = "send"  # "Shall I send them?"
    NOTES_MORE = "notes_more"  # "There are more. Say, more, to hear the next ones."
    RETRY = "retry"  # "I haven't kept that. Would you like to say it again?"
    BACK = "back"  # after a topic asked mid-reflection: "Shall we go back to your reflection?"

    @property
    def is_offer(self) -> bool:
        """An offer can pass unanswered; a decision (keep, delete, consent...) cannot."""
        return self in (Waiting.NOTHING, Waiting.MORE, Waiting.TOPIC)


@dataclass
class Capture:
    """Free speech the skill is waiting for: a note, or the answer to a reflection question."""

    kind: str  # "note" or "reflection"
    question: int | None = None
    set_id: str | None = None

    @property
    def is_note(self) -> bool:
        return self.kind == "note"


@dataclass
class Heard(Capture):
    """What was said and read back, waiting for "keep it". The id and time are fixed at read
    back, so a confirmation retried after a failure saves this same note, not a second one."""

    text: str = ""
    note_id: str = ""
    created: str = ""  # ISO 8601, UTC

    def as_capture(self) -> Capture:
        """Waiting for words again, for the same question or note."""
        return Capture(self.kind, self.question, self.set_id)


@dataclass
class Last:
    """What "repeat that" says again."""

    speech: str
    reprompt: str
    card_title: str | None = None
    card_text: str | None = None
    elicit: tuple[str, str] | None = None  # (intent, slot) asked for again


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("not text")
    return value


def _mapping(value: Any) -> dict:
    if not isinstance(value, dict):
        raise TypeError("not a mapping")
    return value


@dataclass
class SessionState:
    """What this session remembers between turns."""

    waiting: Waiting = Waiting.NOTHING
    offered_topic: str | None = None  # the topic a "yes" would play (Waiting.TOPIC)
    note_key: str | None = None  # the note a "yes" would delete (Waiting.DELETE_LAST)
    topic: str | None = None  # the topic last answered: "tell me more" is about it
    step: int = 0  # the next step of that topic's longer answer
    answers: int = 0  # topic answers given this session
    offered_reflection: bool = False
    urgent_given: bool = False
    carrier_used: bool = False  # an answer came with "my answer is": the hint can stop
    capture: Capture | None = None
    heard: Heard | None = None
    reflection: dict | None = None  # progress of the set under way: {set, done, skipped}
    after_consent: dict | None = None  # what to do once consent is given: {do, text}
    set_aside: dict | None = None  # a note or reflection urgent advice interrupted: {do, ...}
    last: Last | None = None
    pager: dict | None = None  # reading notes page by page
    time_zone: str | None = None
    time_zone_asked: bool = False

    # -- changing what is waiting ------------------------------------------------------------
    def expect(self, waiting: Waiting = Waiting.NOTHING, *, topic: str | None = None,
               note_key: str | None = None) -> None:
        self.waiting, self.offered_topic, self.note_key = waiting, topic, note_key

    def awaited(self) -> Capture:
        """What words said now are for: the capture waiting, the answer read back (said again),
        or else a new note."""
        return self.capture or (self.heard.as_capture() if self.heard else Capture("note"))

    @property
    def in_flow(self) -> bool:
        """A note or a reflection answer is being taken down."""
        return self.capture is not None or self.heard is not None

    def clear_flow(self) -> None:
        """Leaves any note or reflection under way, and whatever question was waiting. What was
        confirmed is already saved; the person's progress on the set stays in their profile."""
        self.capture = self.heard = self.reflection = self.after_consent = self.set_aside = None
        self.expect()

    def set_flow_aside(self, action: dict | None = None) -> dict | None:
        """Urgent advice comes alone: the note or reflection under way (or `action`, the words
        just said for one) waits until the person asks to go on. Returns what was set aside."""
        if action is None:
            if self.heard is not None:
                action = {"do": "heard", **asdict(self.heard)}
            elif self.capture is not None:
                action = {"do": "note"} if self.capture.is_note else {"do": "reflect"}
            elif self.reflection is not None:
                action = {"do": "reflect"}
        self.clear_flow()
        self.set_aside = action
        return action

    def go_home(self) -> None:
        self.clear_flow()
        self.topic = self.pager = None

    # -- the session attributes Alexa carries between turns ----------------------------------
    @classmethod
    def load(cls, attributes: dict[str, Any] | None) -> "SessionState":
        """The state the attributes describe. A part that does not read (an older shape, or a
        forged request) is left fresh rather than failing the turn."""
        data = dict(attributes or {}) if isinstance(attributes, dict) else {}
        state = cls()
        if not data:  # a new session, or one with nothing to remember yet
            return state
        for name, read in _READERS.items():
            if data.get(name) is None:
                continue
            try:
                setattr(state, name, read(data[name]))
            except (TypeError, ValueError, KeyError):
                pass  # this part stays as in a fresh session
        return state

    def dump(self) -> dict[str, Any]:
        """Only what differs from a fresh session, so replies stay small."""
        out: dict[str, Any] = {}
        for name, value in vars(self).items():
            if value == _FRESH[name]:
                continue
            if isinstance(value, Waiting):
                value = value.value
            elif isinstance(value, (Capture, Last)):
                # asdict() without its recursive deep copy (tens of microseconds a turn):
                # their fields are text, numbers, None or a tuple of text.
                value = dict(vars(value))
            out[name] = value
        return out


# How each session attribute is read back (load), and a fresh session's values (dump): built
# once, not on every turn.
_READERS: dict[str, Any] = {
    "waiting": Waiting,
    "answers": int, "step": int,
    "offered_reflection": bool, "urgent_given": bool, "carrier_used": bool,
    "time_zone_asked": bool,
    "offered_topic": _text, "note_key": _text, "topic": _text, "time_zone": _text,
    "reflection": _mapping, "after_consent": _mapping, "set_aside": _mapping,
    "pager": _mapping,
    "capture": lambda v: Capture(**v), "heard": lambda v: Heard(**v),
    "last": lambda v: Last(**{**v, "elicit": tuple(v["elicit"]) if v.get("elicit") else None}),
}
_FRESH: dict[str, Any] = dict(vars(SessionState()))

