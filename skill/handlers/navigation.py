"""The turns every good skill has: launch, help, repeat, yes and no with nothing offered,
stop, cancel, home, fallback, and the end of a session."""
from __future__ import annotations

import logging

from ask_sdk_model import Response

from ..store import StoreError
from ..turn import Reply, Turn
from .base import TurnHandler
from .topics import suggestions

log = logging.getLogger(__name__)


def count_visit(turn: Turn) -> int:
    """How many times this person opened the skill before; 0 when unknown or first."""
    try:
        profile = turn.services.store.load_profile(turn.owner)
        visits = int(profile.get("visits", 0))
        turn.services.store.save_profile(turn.owner, {**profile, "visits": visits + 1})
        return visits
    except StoreError:
        # A welcome is still worth giving when storage is down; the error is logged.
        log.exception("could not count the visit")
        return 0


class Launch(TurnHandler):
    def can(self, turn: Turn) -> bool:
        return turn.request_type == "LaunchRequest"

    def run(self, turn: Turn) -> Response:
        content = turn.content
        if count_visit(turn) == 0:
            speech = [content.phrase("welcome_first"), content.phrase("disclaimer"),
                      content.phrase("examples")]
        else:
            speech = [content.phrase("welcome_return")]
        return turn.say(*speech)


class Help(TurnHandler):
    def can(self, turn: Turn) -> bool:
        return turn.is_intent("AMAZON.HelpIntent")

    def run(self, turn: Turn) -> Response:
        turn.expect()
        return turn.say(turn.content.phrase("help"))


class Repeat(TurnHandler):
    def can(self, turn: Turn) -> bool:
        return turn.is_intent("AMAZON.RepeatIntent")

    def run(self, turn: Turn) -> Response:
        last = turn.session.get("last")
        if not last:
            return turn.say(turn.content.phrase("nothing_to_repeat"),
                            turn.content.phrase("ask_anything"))
        return turn.reply(Reply([last["speech"]], reprompt=last["reprompt"],
                                card_title=last.get("card_title"), card_text=last.get("card_text")))


class YesWithNothingOffered(TurnHandler):
    def can(self, turn: Turn) -> bool:
        return turn.is_intent("AMAZON.YesIntent")

    def run(self, turn: Turn) -> Response:
        return turn.say(turn.content.phrase("ask_anything"))


class No(TurnHandler):
    def can(self, turn: Turn) -> bool:
        return turn.is_intent("AMAZON.NoIntent")

    def run(self, turn: Turn) -> Response:
        turn.expect()
        return turn.say(turn.content.phrase("declined"))


class StopOrCancel(TurnHandler):
    def can(self, turn: Turn) -> bool:
        return turn.is_intent("AMAZON.StopIntent", "AMAZON.CancelIntent")

    def run(self, turn: Turn) -> Response:
        return turn.say(turn.content.phrase("goodbye"), end=True)


class NavigateHome(TurnHandler):
    def can(self, turn: Turn) -> bool:
        return turn.is_intent("AMAZON.NavigateHomeIntent")

    def run(self, turn: Turn) -> Response:
        turn.expect()
        turn.session.pop("topic", None)
        return turn.say(turn.content.phrase("welcome_return"))


class Fallback(TurnHandler):
    """Also catches any intent no other handler took, so nothing ends in silence."""

    def can(self, turn: Turn) -> bool:
        return turn.request_type == "IntentRequest"

    def run(self, turn: Turn) -> Response:
        return turn.say(turn.content.phrase("fallback", suggestions=suggestions(turn)))


class SessionEnded(TurnHandler):
    def can(self, turn: Turn) -> bool:
        return turn.request_type == "SessionEndedRequest"

    def run(self, turn: Turn) -> Response:
        reason = getattr(turn.request, "reason", None)
        log.info("session ended: %s", getattr(reason, "value", reason))
        return turn.input.response_builder.response
