"""Property-based tests (hypothesis): random but valid Alexa request envelopes, with random slot
values (huge ones and odd unicode among them), and random sequences of turns that carry their
session along, through the real skill (invoke_json, as Lambda) and the real Flask app. Whatever
comes in: never a 500, SSML that parses and uses only Alexa's tags, speech under 8,000
characters, and the whole response under Alexa's 120 KB."""
from __future__ import annotations

import json
import tempfile
import xml.etree.ElementTree as ElementTree
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from skill import web
from skill.config import Config
from skill.content import LOCALES
from skill.core import build_skill, invoke_json
from skill.local.envelopes import (Caller, Session, Slot, intent_request, launch_request,
                                   session_ended_request)
from skill.model_build import PACKAGE
from skill.store import Owner, open_store

# Alexa's SSML tags (the amazon: ones need a namespace the skill never uses).
ALEXA_TAGS = {"speak", "p", "s", "break", "emphasis", "prosody", "say-as", "phoneme", "sub",
              "audio", "lang", "voice", "w", "mark"}
MAX_SPEECH = 8000
MAX_RESPONSE = 120 * 1024

MODEL = json.loads((PACKAGE / "interactionModels" / "custom" / "en-US.json").read_text("utf-8"))
INTENTS = {i["name"]: [s["name"] for s in i.get("slots", [])]
           for i in MODEL["interactionModel"]["languageModel"]["intents"]}

PROPERTIES = settings(max_examples=100, deadline=None, derandomize=True,
                      suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@lru_cache(maxsize=None)
def skill():
    """One skill on one SQLite file for the whole module (hypothesis runs many examples)."""
    folder = Path(tempfile.mkdtemp(prefix="painchats-properties-"))
    config = Config(sqlite_path=folder / "notes.sqlite3")
    with open_store(config) as store:  # P2 has said yes to notes: what they say is read back
        for person in ("", "amzn1.ask.person.A"):
            store.save_profile(Owner("amzn1.ask.account.P2", person), {"consent": True})
    return build_skill(config)


@lru_cache(maxsize=None)
def client():
    return web.create_app(skill(), verify=False).test_client()


slot_values = st.one_of(
    st.none(),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=400),
    st.sampled_from(["should I stop exercising", "yesterday", "2026-W10", "stretching", "first",
                     "I lost control of my bladder", "I want to die", "&<>\"'", "\u202e\u0301",
                     "🦴" * 50, "x" * 9000]),
)


@st.composite
def requests(draw) -> dict:
    kind = draw(st.sampled_from(["intent"] * 8 + ["launch", "end"]))
    locale = draw(st.sampled_from(LOCALES))
    if kind == "launch":
        return launch_request(locale)
    if kind == "end":
        return session_ended_request(locale)
    name = draw(st.sampled_from(sorted(INTENTS)))
    slots = [Slot(slot, draw(slot_values)) for slot in INTENTS[name]]
    return intent_request(locale, name, slots)


callers = st.builds(Caller, user_id=st.sampled_from(["amzn1.ask.account.P1", "amzn1.ask.account.P2"]),
                    person_id=st.sampled_from([None, "amzn1.ask.person.A"]))


def check_reply(reply: dict) -> None:
    response = reply.get("response", {})
    for part in ("outputSpeech", "reprompt"):
        speech = response.get(part, {})
        speech = speech.get("outputSpeech", speech) if part == "reprompt" else speech
        if not speech:
            continue
        ssml = speech["ssml"]
        assert len(ssml) < MAX_SPEECH, f"{part} is {len(ssml)} characters"
        root = ElementTree.fromstring(ssml)  # parses, or the test fails here
        assert root.tag == "speak"
        assert {element.tag for element in root.iter()} <= ALEXA_TAGS


def check_size(reply: dict) -> None:
    size = len(json.dumps(reply).encode("utf-8"))
    assert size < MAX_RESPONSE, f"response is {size} bytes"


def conversation(caller: Caller, turns: list[dict]) -> list[dict]:
    session, replies = Session(caller), []
    for request in turns:
        reply = invoke_json(skill(), session.envelope(request))
        replies.append(reply)
        if not session.carry(reply):
            session = Session(caller)
    return replies


@PROPERTIES
@given(callers, st.lists(requests(), min_size=1, max_size=6))
@example(Caller(user_id="amzn1.ask.account.P2"),
         [intent_request("en-US", "AddNoteIntent", [Slot("note", "ice \x0b helped \x00 a lot")])])
def test_any_sequence_of_turns_gets_well_formed_speech(caller: Caller, turns: list[dict]) -> None:
    for reply in conversation(caller, turns):
        check_reply(reply)


HUGE_NOTE = [intent_request("en-US", "AddNoteIntent", [Slot("note", "y" * 200_000)])]


@PROPERTIES
@given(callers, st.lists(requests(), min_size=1, max_size=6))
@example(Caller(user_id="amzn1.ask.account.FRESH"), HUGE_NOTE)
def test_any_sequence_of_turns_stays_under_alexas_response_size(caller: Caller,
                                                               turns: list[dict]) -> None:
    for reply in conversation(caller, turns):
        check_size(reply)


@PROPERTIES
@given(callers, requests(), st.dictionaries(st.text(max_size=10), st.text(max_size=20),
                                            max_size=3), st.booleans())
def test_any_single_envelope_through_the_web_app_is_never_a_500(
        caller: Caller, request: dict, attributes: dict, new: bool) -> None:
    envelope = Session(caller, new=new, attributes=attributes).envelope(request)
    reply = client().post("/alexa", data=json.dumps(envelope), content_type="application/json")
    assert reply.status_code in (200, 400, 413), reply.status_code
    if reply.status_code == 200:
        check_reply(reply.get_json())
