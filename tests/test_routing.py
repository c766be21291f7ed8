"""Which code answers a turn, stated as data: the order rules that remain between the tiers of
skill/handlers/__init__.py, and that every intent of the model has somewhere to go."""
import json

import pytest
from ask_sdk_core.attributes_manager import AttributesManager
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope

from skill.config import Config
from skill.handlers import FEATURES, WAITING, route
from skill.local.envelopes import (Caller, Session, Slot, intent_request, launch_request,
                                   skill_disabled_event)
from skill.model_build import language_model
from skill.content import load_content
from skill.services import Services
from skill.session import Capture, Heard, SessionState, Waiting
from skill.turn import Turn

SERIALIZER = DefaultSerializer()
HEARD = Heard("reflection", 1, "set-1", text="walking helps", note_id="0" * 32,
              created="2026-11-29T10:00:00+00:00")
CAPTURING = Capture("reflection", 1, "set-1")


def turn_for(envelope: dict) -> Turn:
    env = SERIALIZER.deserialize(json.dumps(envelope), RequestEnvelope)
    handler_input = HandlerInput(request_envelope=env,
                                 attributes_manager=AttributesManager(request_envelope=env))
    return Turn(handler_input, Services(Config()))


def routed(intent: str | None, state: SessionState | None = None, slots=None,
           request: dict | None = None):
    session = Session(Caller(), attributes=(state or SessionState()).dump())
    if request is None:
        request = intent_request("en-US", intent, slots or [])
    found = route(turn_for(session.envelope(request)))
    return found and (found[0], found[1].__name__)


# (what the person says, the session as it stands, the tier and function expected, why)
RULES = [
    # events come first: a skill event has no session for a later tier to read
    (None, None, ("events", "launch"), "a launch never reaches the tiers that read a session"),
    # safety outranks every question the skill is waiting on
    ("RedFlagIntent", SessionState(waiting=Waiting.KEEP, heard=HEARD), ("safety", "red_flag"),
     "a red flag while 'shall I keep it?' waits"),
    ("CrisisIntent", SessionState(waiting=Waiting.CONSENT), ("safety", "crisis"),
     "a crisis while consent is asked"),
    # the waiting question outranks the flow and the features
    ("AMAZON.YesIntent", SessionState(waiting=Waiting.KEEP, heard=HEARD), ("waiting", "keep"),
     "yes to 'shall I keep it?'"),
    ("AMAZON.NoIntent", SessionState(waiting=Waiting.KEEP, heard=HEARD), ("waiting", "not_kept"),
     "no to 'shall I keep it?'"),
    ("AMAZON.YesIntent", SessionState(waiting=Waiting.CONSENT, capture=CAPTURING),
     ("waiting", "consent"), "consent is answered before the flow hears a yes"),
    ("AMAZON.NoIntent", SessionState(waiting=Waiting.DELETE_ALL, heard=HEARD),
     ("waiting", "confirm_delete"), "no to 'are you sure?' keeps the notes, not a redo"),
    ("AMAZON.NextIntent", SessionState(waiting=Waiting.NOTES_MORE, pager={"kind": "latest"}),
     ("waiting", "more_notes"), "next after 'there are more' reads on"),
    ("AMAZON.YesIntent", SessionState(waiting=Waiting.TOPIC, offered_topic="stretching"),
     ("waiting", "offered_topic"), "yes to a related topic plays it"),
    # the flow outranks the features
    ("AMAZON.NextIntent", SessionState(waiting=Waiting.KEEP, heard=HEARD),
     ("flow", "keep_first"), "next while an answer waits: keep it or not first"),
    ("AMAZON.NextIntent", SessionState(capture=CAPTURING), ("flow", "skip"),
     "next while a question waits skips it"),
    ("AMAZON.NoIntent", SessionState(capture=CAPTURING), ("flow", "nothing_to_add"),
     "no to 'did anything surprise you?' means nothing to add"),
    ("AMAZON.NoIntent", SessionState(capture=CAPTURING, waiting=Waiting.MORE, topic="stretching"),
     ("features", "no"), "no to an offer of more, made mid-question, declines the offer"),
    ("AMAZON.StopIntent", SessionState(capture=CAPTURING), ("flow", "leave_flow"),
     "stop mid-question leaves the flow, saying what was kept"),
    ("AMAZON.YesIntent", SessionState(waiting=Waiting.RETRY, capture=CAPTURING),
     ("waiting", "redo"), "yes to 'would you like to say it again?'"),
    ("AMAZON.YesIntent", SessionState(waiting=Waiting.BACK, capture=CAPTURING),
     ("waiting", "go_back"), "yes to going back to the reflection after a topic"),
    ("AMAZON.FallbackIntent", SessionState(capture=CAPTURING), ("flow", "nudge_capture"),
     "words Alexa could not place while an answer is awaited"),
    ("AMAZON.StopIntent", SessionState(), ("features", "goodbye"), "stop with nothing under way"),
    # features, and the fallback for anything else
    ("TellMeMoreIntent", SessionState(pager={"done": True}), ("features", "all_notes_read"),
     "more after the last page of notes"),
    ("StretchingIntent", SessionState(), ("features", "topic_question"), "a topic's own intent"),
    ("AMAZON.YesIntent", SessionState(), ("features", "yes_with_nothing_offered"),
     "yes with nothing asked"),
    ("SomeIntentNobodyKnows", SessionState(), ("fallback", "fallback"), "an unknown intent"),
]


@pytest.mark.parametrize("intent, state, expected, why", RULES, ids=[r[3] for r in RULES])
def test_order_rules(intent, state, expected, why):
    request = launch_request("en-US") if intent is None else None
    assert routed(intent, state, request=request) == expected, why


def test_a_skill_event_without_a_session_is_an_event():
    envelope = skill_disabled_event(Caller())
    assert "session" not in envelope
    assert route(turn_for(envelope))[0] == "events"


def test_a_red_flag_inside_a_topic_name_is_safety_first():
    slots = [Slot("topic", "stretching when my groin is numb", slot_type="TOPIC")]
    assert routed("TopicIntent", slots=slots) == ("safety", "red_flag")


def test_a_request_the_skill_does_not_take_has_no_route():
    request = {"type": "Messaging.MessageReceived", "requestId": "r", "timestamp":
               "2026-11-29T10:00:00Z", "locale": "en-US", "message": {}}
    assert routed(None, request=request) is None


@pytest.mark.parametrize("waiting", [w for w in Waiting if w is not Waiting.NOTHING])
def test_every_question_the_skill_asks_has_an_answer_for_yes(waiting):
    assert (waiting, "AMAZON.YesIntent") in WAITING, waiting


def test_every_intent_in_the_model_has_a_route_of_its_own():
    content = load_content("en-US")
    names = [i["name"] for i in language_model(content)["interactionModel"]["languageModel"]["intents"]]
    for name in names:
        if name in ("AMAZON.FallbackIntent", "RedFlagIntent", "CrisisIntent"):
            continue
        assert name in FEATURES or content.topic_for_intent(name), name
