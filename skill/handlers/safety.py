"""Urgent-care advice for red flags, given before anything else."""
from __future__ import annotations

from ask_sdk_model import Response

from ..turn import Reply, Turn
from .base import TurnHandler


def urgent_reply(turn: Turn, *then: str) -> Reply:
    content, flags = turn.content, turn.content.red_flags
    follow = list(then) or [content.phrase("urgent_then")]
    return Reply([content.spoken(flags.urgent), content.spoken("{urgent_extra}"), *follow],
                 reprompt=follow[-1], card_title=content.phrase("urgent_title"),
                 card_text=content.written(flags.urgent_card + " {urgent_extra}"))


# Free speech captured as a note is checked where it is read back, so the note is not lost.
CAPTURE_INTENTS = ("AnswerIntent", "AddNoteIntent")


class RedFlag(TurnHandler):
    """A red flag said outright, or inside any other words Alexa passed on in a slot."""

    def can(self, turn: Turn) -> bool:
        if turn.is_intent("RedFlagIntent"):
            return True
        return not turn.is_intent(*CAPTURE_INTENTS) and any(
            turn.content.red_flags.found_in(value) for value in turn.slot_values())

    def run(self, turn: Turn) -> Response:
        turn.expect()
        return turn.reply(urgent_reply(turn))
