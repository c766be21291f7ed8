"""The turns every good skill has: launch, help, repeat, yes and no with nothing offered,
stop, cancel, home, fallback, and the end of a session."""
from __future__ import annotations

from .. import logs
from ..session import Waiting
from ..store import StoreError
from ..turn import SILENT, Reply, Turn, say
from .reflection import maybe_offer, resume_offer
from .topics import suggestions

log = logs.get(__name__)  # logging is imported when something is logged


def count_visit(turn: Turn) -> dict:
    """The person's profile as it was before this visit; {} if unknown. Only a first visit is
    written down: the welcome needs to know first or returning, and a launch that changes
    nothing writes nothing."""
    try:
        store, owner = turn.services.store, turn.owner
        profile = store.load_profile(owner)
        if not profile.get("visits"):
            store.save_profile(owner, {**profile, "visits": 1})
        return profile
    except StoreError as error:
        # A welcome is still worth giving when storage is down.
        log.error("could not count the visit: %s", type(error).__name__)
        return {}


def launch(turn: Turn) -> Reply:
    content = turn.content
    profile = count_visit(turn)
    resume = resume_offer(turn, profile)
    if profile.get("visits"):
        speech = [content.phrase("welcome_back" if resume else "welcome_return")]
    else:
        speech = [content.phrase("welcome_first"), content.phrase("disclaimer"),
                  "" if resume else content.phrase("examples")]
    return say(*speech, resume or "", reprompt=resume)


def waiting_question(turn: Turn) -> str | None:
    """The question the skill asked and still needs a yes or no to (keep, delete, consent,
    send, resume), as last said; None when nothing is waiting but an offer."""
    last = turn.state.last
    return last.reprompt if last and not turn.state.waiting.is_offer else None


def help_turn(turn: Turn) -> Reply:
    if waiting := waiting_question(turn):
        return say(turn.content.phrase("help_waiting"), waiting, reprompt=waiting)
    turn.state.expect()
    notes = turn.content.phrase("help_notes") if turn.services.config.notes_enabled else ""
    return say(turn.content.phrase("help"), notes, turn.content.phrase("help_question"))


def repeat(turn: Turn) -> Reply:
    last = turn.state.last
    if not last:
        return say(turn.content.phrase("nothing_to_repeat"), turn.content.phrase("ask_anything"))
    return Reply([last.speech], reprompt=last.reprompt, card_title=last.card_title,
                 card_text=last.card_text, elicit=last.elicit)


def yes_with_nothing_offered(turn: Turn) -> Reply:
    return say(turn.content.phrase("ask_anything"))


def thanks(turn: Turn) -> Reply:
    if waiting := waiting_question(turn):
        return say(turn.content.phrase("you_are_welcome"), waiting, reprompt=waiting)
    turn.state.expect()
    return say(turn.content.phrase("thanks"))


def no(turn: Turn) -> Reply:
    """ "no" (or "later") to an offer of more: something else, then. "no" to "anything
    else?": goodbye."""
    offered = turn.state.waiting is not Waiting.NOTHING
    turn.state.expect()
    if not offered:
        return goodbye(turn)
    offer = maybe_offer(turn)
    return say(turn.content.phrase("declined") if not offer else "", offer or "", reprompt=offer)


def goodbye(turn: Turn) -> Reply:
    # After urgent-care or crisis advice, a cheerful "keep moving" would jar.
    said = "goodbye_after_urgent" if turn.state.urgent_given else "goodbye"
    return say(turn.content.phrase(said), end=True)


def navigate_home(turn: Turn) -> Reply:
    # Back to the start: leaves any reflection or note; what was confirmed stays saved.
    turn.state.go_home()
    return say(turn.content.phrase("home"))


def fallback(turn: Turn) -> Reply:
    """Also catches any intent no other handler took, so nothing ends in silence. While the skill
    waits for a decision (keep, delete, consent...), that question is asked again."""
    # An offer of more on a topic can pass unanswered; a keep, delete or consent question not.
    if waiting := waiting_question(turn):
        return say(turn.content.phrase("not_heard"), waiting, reprompt=waiting, remember=False)
    turn.state.expect()  # a "yes" now answers this question, not an older offer
    return say(turn.content.phrase("fallback", suggestions=suggestions(turn)), remember=False)


def session_ended(turn: Turn) -> Reply:
    reason = getattr(turn.request, "reason", None)
    log.info("session ended: %s", getattr(reason, "value", reason))
    return SILENT
