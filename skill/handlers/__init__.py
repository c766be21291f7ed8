"""Which code answers a turn: the one place to look.

A turn is offered to the tiers below, in order; the first tier that has an answer for it wins.
Inside a tier, a table says which function answers which intent, so no two can compete:

1. events    requests that are not speech: launch, the end of a session, skill events. First,
             because a skill event carries no session for a later tier to read.
2. safety    a crisis or a red flag, said outright or inside other words: before anything else.
   audio     the audio series' player: AudioPlayer events and device buttons (no session), and
             play, pause, resume, loop, shuffle; next, previous and stop while its audio plays.
3. waiting   an answer to the question the skill just asked ("shall I keep it?", "are you
             sure?", a topic offer): `WAITING[(what is waiting, intent)]`.
4. flow      a note or a reflection answer being taken down: `FLOW[(stage, intent)]`.
5. features  everything asked outright: `FEATURES[intent]`, and every topic's own intent.
6. fallback  any other intent, so nothing ends in silence.
"""
from __future__ import annotations

from typing import Callable

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from ..services import Services
from ..session import Waiting
from ..turn import Reply, Turn, turn_of
from . import audio, navigation, notes, reflection, safety, topics
from .errors import SpokenError

Handler = Callable[[Turn], Reply]
YES, NO, NEXT, MORE = "AMAZON.YesIntent", "AMAZON.NoIntent", "AMAZON.NextIntent", "TellMeMoreIntent"
STOP, CANCEL, HELP, LATER = "AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.HelpIntent", "LaterIntent"

EVENTS: dict[str, Handler] = {
    "LaunchRequest": navigation.launch,
    "AlexaSkillEvent.SkillDisabled": notes.skill_disabled,
    "SessionEndedRequest": navigation.session_ended,
}


def safety_tier(turn: Turn) -> Handler | None:
    if turn.alarm is None:
        return None
    return safety.crisis if turn.alarm.kind == "crisis" else safety.red_flag


# What "yes", "no" (and a few more) answer, by the question waiting for them.
WAITING: dict[tuple[Waiting, str], Handler] = {
    (Waiting.CONSENT, YES): reflection.consent,
    (Waiting.CONSENT, NO): reflection.consent,
    (Waiting.RESUME, YES): reflection.start_reflection,
    (Waiting.RESUME, NO): reflection.decline_resume,
    (Waiting.RESUME, LATER): reflection.decline_resume,
    (Waiting.DELETE_LAST, YES): notes.confirm_delete,
    (Waiting.DELETE_LAST, NO): notes.confirm_delete,
    (Waiting.DELETE_ALL, YES): notes.confirm_delete,
    (Waiting.DELETE_ALL, NO): notes.confirm_delete,
    (Waiting.SEND, YES): notes.confirm_send,
    (Waiting.SEND, NO): notes.confirm_send,
    (Waiting.KEEP, YES): reflection.keep,
    (Waiting.KEEP, NO): reflection.not_kept,
    (Waiting.RETRY, YES): reflection.redo,
    (Waiting.RETRY, NO): reflection.skip,
    (Waiting.BACK, YES): reflection.go_back,
    (Waiting.BACK, NO): reflection.leave_flow,
    (Waiting.REFLECT, YES): reflection.start_reflection,
    (Waiting.NOTES_MORE, YES): notes.more_notes,
    (Waiting.NOTES_MORE, NEXT): notes.more_notes,
    (Waiting.NOTES_MORE, MORE): notes.more_notes,
    (Waiting.MORE, YES): topics.more_on_topic,
    (Waiting.TOPIC, YES): topics.offered_topic,
}

# While a note or an answer is taken down. HEARD: read back, waiting for "keep it";
# CAPTURING: the skill waits for the words; ANY: either.
HEARD, CAPTURING, ANY = "heard", "capturing", "any"
FLOW: dict[tuple[str, str], Handler] = {
    (ANY, STOP): reflection.leave_flow,
    (ANY, CANCEL): reflection.leave_flow,
    (ANY, LATER): reflection.leave_flow,
    (ANY, HELP): reflection.flow_help,
    (ANY, "RedoIntent"): reflection.redo,
    (ANY, "SkipQuestionIntent"): reflection.skip,
    (ANY, "AnswerIntent"): reflection.answer,
    (HEARD, NEXT): reflection.keep_first,  # the answer is kept or not before moving on
    (HEARD, "KeepIntent"): reflection.keep,
    (HEARD, NO): reflection.redo,
    (CAPTURING, NEXT): reflection.skip,
    (CAPTURING, "KeepIntent"): reflection.nudge_capture,
    (CAPTURING, "AMAZON.FallbackIntent"): reflection.nudge_capture,
}
# Only while nothing else is on offer: "no" to "did anything surprise you?" means nothing to
# add, and "yes" means "let me say it".
FLOW_UNPROMPTED: dict[str, Handler] = {NO: reflection.nothing_to_add, YES: reflection.nudge_capture}


def flow_tier(turn: Turn) -> Handler | None:
    state = turn.state
    if not state.in_flow:
        return None
    if turn.is_intent("AddNoteIntent") and state.capture and state.capture.is_note:
        return reflection.answer  # "note that ..." while a note is awaited is that note
    stage = HEARD if state.heard else CAPTURING
    found = FLOW.get((stage, turn.intent)) or FLOW.get((ANY, turn.intent))
    if found is None and stage == CAPTURING and state.waiting is Waiting.NOTHING:
        found = FLOW_UNPROMPTED.get(turn.intent)
    return found


FEATURES: dict[str, Handler] = {
    "RedFlagIntent": safety.sign_explained,  # reached only when skill.safety raised no alarm
    "NoSignIntent": safety.sign_explained,  # likewise: a sign ruled out
    "StartReflectionIntent": reflection.start_reflection,
    "AddNoteIntent": reflection.add_note,
    "AnswerIntent": reflection.answer,
    "ReadNotesIntent": notes.read_notes,
    "ReadLastNoteIntent": notes.read_last_note,
    "NotesByQuestionIntent": notes.notes_by_question,
    "NotesByDateIntent": notes.notes_by_date,
    "CountNotesIntent": notes.count_notes,
    "DeleteLastNoteIntent": notes.delete_last_note,
    "DeleteAllNotesIntent": notes.delete_all_notes,
    "SendNotesIntent": notes.send_notes,
    "RedoIntent": reflection.stray_flow_words,
    "KeepIntent": reflection.stray_flow_words,
    "SkipQuestionIntent": reflection.stray_flow_words,
    "TopicIntent": topics.topic_by_name,
    MORE: topics.tell_me_more,
    NEXT: topics.next_topic,
    "ListTopicsIntent": topics.list_topics,
    HELP: navigation.help_turn,
    "AMAZON.RepeatIntent": navigation.repeat,
    YES: navigation.yes_with_nothing_offered,
    "ThanksIntent": navigation.thanks,
    NO: navigation.no,
    LATER: navigation.no,
    STOP: navigation.goodbye,
    CANCEL: navigation.goodbye,
    "AMAZON.NavigateHomeIntent": navigation.navigate_home,
    # The audio tier takes these first; listed so every intent has a route of its own.
    "PlayAudioIntent": audio.play,
    "ResumeAudioIntent": audio.play,
    "AMAZON.PauseIntent": audio.play,
    "AMAZON.ResumeIntent": audio.play,
    "AMAZON.LoopOnIntent": audio.play,
    "AMAZON.LoopOffIntent": audio.play,
    "AMAZON.ShuffleOnIntent": audio.play,
    "AMAZON.ShuffleOffIntent": audio.play,
    # With no audio of ours playing, these are the conversation's.
    "AMAZON.PreviousIntent": navigation.repeat,
    "AMAZON.StartOverIntent": navigation.navigate_home,
}


def features_tier(turn: Turn) -> Handler | None:
    if turn.is_intent(MORE) and turn.state.pager and turn.state.pager.get("done"):
        return notes.all_notes_read  # "more" after the last page of notes
    if turn.intent and turn.content.topic_for_intent(turn.intent):
        return topics.topic_question
    return FEATURES.get(turn.intent)


TIERS: list[tuple[str, Callable[[Turn], Handler | None]]] = [
    ("events", lambda turn: EVENTS.get(turn.request_type)),
    ("safety", safety_tier),
    ("audio", audio.audio_tier),
    ("waiting", lambda turn: WAITING.get((turn.state.waiting, turn.intent))),
    ("flow", flow_tier),
    ("features", features_tier),
    ("fallback", lambda turn: navigation.fallback if turn.request_type == "IntentRequest" else None),
]


def route(turn: Turn) -> tuple[str, Handler] | None:
    """The tier and the function that answer this turn; None for a request the skill does not
    take (the SDK then raises, and SpokenError answers)."""
    for name, tier in TIERS:
        handler = tier(turn)
        if handler is not None:
            return name, handler
    return None


class Router(AbstractRequestHandler):
    """The skill's one request handler: `route` decides, the chosen function answers."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        turn = turn_of(handler_input)
        turn.routed = route(turn)  # kept for handle: the SDK asks can_handle first
        return turn.routed is not None

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = turn_of(handler_input)
        _, handler = turn.routed or route(turn)
        return turn.respond(handler(turn))


def request_handlers(services: Services) -> list:
    return [Router()]


def exception_handlers(services: Services) -> list:
    return [SpokenError(services)]
