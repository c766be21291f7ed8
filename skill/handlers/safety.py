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


class RedFlag(TurnHandler):
    def can(self, turn: Turn) -> bool:
        return turn.is_intent("RedFlagIntent")

    def run(self, turn: Turn) -> Response:
        turn.expect()
        return turn.reply(urgent_reply(turn))
