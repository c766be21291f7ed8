"""Urgent-care advice for red flags, given before anything else.

A red flag inside any other request (a note, a topic name) is answered first by `Turn.reply`;
this handler takes the turns that are about the red flag alone."""
from __future__ import annotations

from ask_sdk_model import Response

from ..turn import Reply, Turn
from .base import TurnHandler

# Free speech meant as a note goes on to be read back (after the advice), so it is not lost.
CAPTURE_INTENTS = ("AnswerIntent", "AddNoteIntent")


class RedFlag(TurnHandler):
    """A crisis or a red flag said outright, or inside the words of a request that is not a
    note. In the middle of a reflection, the question waiting is asked again after the advice."""

    def can(self, turn: Turn) -> bool:
        if turn.is_intent("RedFlagIntent", "CrisisIntent"):
            return True
        return not turn.is_intent(*CAPTURE_INTENTS) and (
            turn.red_flag_heard() or turn.crisis_heard())

    def run(self, turn: Turn) -> Response:
        crisis = turn.is_intent("CrisisIntent") or turn.crisis_heard()
        flow = [k for k in ("capture", "heard", "reflection") if k in turn.session]
        waiting = turn.session.get("last", {}).get("reprompt")
        if flow and not crisis and waiting:
            then = waiting  # a red flag mid-reflection: the advice, then the same question
        else:
            if flow:  # someone in crisis is not asked reflection questions straight after
                for key in flow:
                    turn.session.pop(key)
            turn.expect()
            then = turn.content.phrase("flow_set_aside" if flow else "urgent_then")
        return turn.reply(turn.urgent_first(Reply([then], reprompt=then), crisis=crisis))
