"""The turns every good skill has: launch, help, repeat, yes and no with nothing offered,
stop, cancel, home, fallback, and the end of a session."""
from __future__ import annotations

import logging

from ask_sdk_model import Response

from ..store import StoreError
from ..turn import Reply, Turn
from .base import TurnHandler
from .reflection import elicit, maybe_offer, resume_offer
from .topics import suggestions

log = logging.getLogger(__name__)


def count_visit(turn: Turn) -> dict:
    """The person's profile as it was before this visit, the visit now counted; {} if unknown."""
    try:
        profile = turn.services.store.load_profile(turn.owner)
        visits = int(profile.get("visits", 0))
        turn.services.store.save_profile(turn.owner, {**profile, "visits": visits + 1})
        return profile
    except StoreError as error:
        # A welcome is still worth giving when storage is down.
        log.error("could not count the visit: %s", type(error).__name__)
        return {}


class Launch(TurnHandler):
    def can(self, turn: Turn) -> bool:
        return turn.request_type == "LaunchRequest"

    def run(self, turn: Turn) -> Response:
        content = turn.content
        profile = count_visit(turn)
        resume = resume_offer(turn, profile)
        if profile.get("visits"):
            speech = [content.phrase("welcome_back" if resume else "welcome_return")]
        else:
            speech = [content.phrase("welcome_first"), content.phrase("disclaimer"),
                      "" if resume else content.phrase("examples")]
        return turn.say(*speech, resume or "", reprompt=resume)


def waiting_question(turn: Turn) -> str | None:
    """The question the skill asked and still needs a yes or no to (keep, delete, consent,
    send, resume), as last said; None when nothing is waiting."""
    last = turn.session.get("last")
    return last["reprompt"] if last and turn.pending.get("yes") not in (
        None, "more", "topic") else None


class Help(TurnHandler):
    def can(self, turn: Turn) -> bool:
        return turn.is_intent("AMAZON.HelpIntent")

    def run(self, turn: Turn) -> Response:
        if waiting := waiting_question(turn):
            return turn.say(turn.content.phrase("help_waiting"), waiting, reprompt=waiting)
        turn.expect()
        notes = turn.content.phrase("help_notes") if turn.services.config.notes_enabled else ""
        return turn.say(turn.content.phrase("help"), notes, turn.content.phrase("help_question"))


class Repeat(TurnHandler):
    def can(self, turn: Turn) -> bool:
        return turn.is_intent("AMAZON.RepeatIntent")

    def run(self, turn: Turn) -> Response:
        last = turn.session.get("last")
        if not last:
            return turn.say(turn.content.phrase("nothing_to_repeat"),
                            turn.content.phrase("ask_anything"))
        response = turn.reply(Reply([last["speech"]], reprompt=last["reprompt"],
                                    card_title=last.get("card_title"),
                                    card_text=last.get("card_text")))
        if last.get("elicit"):
            elicit(turn, *last["elicit"])
        return response


class YesWithNothingOffered(TurnHandler):
    def can(self, turn: Turn) -> bool:
        return turn.is_intent("AMAZON.YesIntent")

    def run(self, turn: Turn) -> Response:
        return turn.say(turn.content.phrase("ask_anything"))


class Thanks(TurnHandler):
    def can(self, turn: Turn) -> bool:
        return turn.is_intent("ThanksIntent")

    def run(self, turn: Turn) -> Response:
        if waiting := waiting_question(turn):
            return turn.say(turn.content.phrase("you_are_welcome"), waiting, reprompt=waiting)
        turn.expect()
        return turn.say(turn.content.phrase("thanks"))


class No(TurnHandler):
    """ "no" (or "later") to an offer of more: something else, then. "no" to "anything
    else?": goodbye."""

    def can(self, turn: Turn) -> bool:
        return turn.is_intent("AMAZON.NoIntent", "LaterIntent")

    def run(self, turn: Turn) -> Response:
        offered = bool(turn.pending)
        turn.expect()
        if not offered:
            return goodbye(turn)
        offer = maybe_offer(turn)
        return turn.say(turn.content.phrase("declined") if not offer else "", offer or "",
                        reprompt=offer)


def goodbye(turn: Turn) -> Response:
    # After urgent-care or crisis advice, a cheerful "keep moving" would jar.
    said = "goodbye_after_urgent" if turn.session.get("urgent_given") else "goodbye"
    return turn.say(turn.content.phrase(said), end=True)


class StopOrCancel(TurnHandler):
    def can(self, turn: Turn) -> bool:
        return turn.is_intent("AMAZON.StopIntent", "AMAZON.CancelIntent")

    def run(self, turn: Turn) -> Response:
        return goodbye(turn)


class NavigateHome(TurnHandler):
    def can(self, turn: Turn) -> bool:
        return turn.is_intent("AMAZON.NavigateHomeIntent")

    def run(self, turn: Turn) -> Response:
        turn.expect()
        # Back to the start: leaves any reflection or note; what was confirmed stays saved.
        for key in ("topic", "capture", "heard", "reflection", "pager"):
            turn.session.pop(key, None)
        return turn.say(turn.content.phrase("home"))


class Fallback(TurnHandler):
    """Also catches any intent no other handler took, so nothing ends in silence. While the skill
    waits for a decision (keep, delete, consent...), that question is asked again."""

    def can(self, turn: Turn) -> bool:
        return turn.request_type == "IntentRequest"

    def run(self, turn: Turn) -> Response:
        # An offer of more on a topic can pass unanswered; a keep, delete or consent question not.
        if waiting := waiting_question(turn):
            return turn.say(turn.content.phrase("not_heard"), waiting, reprompt=waiting,
                            remember=False)
        return turn.say(turn.content.phrase("fallback", suggestions=suggestions(turn)),
                        remember=False)


class SessionEnded(TurnHandler):
    def can(self, turn: Turn) -> bool:
        return turn.request_type == "SessionEndedRequest"

    def run(self, turn: Turn) -> Response:
        reason = getattr(turn.request, "reason", None)
        log.info("session ended: %s", getattr(reason, "value", reason))
        return turn.input.response_builder.response
