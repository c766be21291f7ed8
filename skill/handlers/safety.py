"""Urgent-care advice for red flags, and the crisis line, given before anything else.

A red flag inside any other request (a note, a topic name) is answered first by `Turn.respond`;
these take the turns that are about the red flag or the crisis alone."""
from __future__ import annotations

from ..turn import Reply, Turn

# Free speech meant as a note goes on to be read back (after the advice), so it is not lost.
CAPTURE_INTENTS = ("AnswerIntent", "AddNoteIntent")


def red_flag(turn: Turn) -> Reply:
    """A crisis or a red flag said outright, or inside the words of a request that is not a
    note. In the middle of a reflection, the question waiting is asked again after the advice."""
    state = turn.state
    crisis = turn.is_intent("CrisisIntent") or turn.crisis_heard()
    in_reflection = state.in_flow or state.reflection is not None
    waiting = state.last.reprompt if state.last else None
    if in_reflection and not crisis and waiting:
        then = waiting  # a red flag mid-reflection: the advice, then the same question
    else:
        if in_reflection:  # someone in crisis is not asked reflection questions straight after
            state.clear_flow()
        state.expect()
        then = turn.content.phrase("flow_set_aside" if in_reflection else "urgent_then")
    return turn.urgent_first(Reply([then], reprompt=then), crisis=crisis)


def crisis_in_flow(turn: Turn) -> Reply:
    """Someone in crisis in the middle of a note or a reflection: the crisis line, and the
    notes set aside; nothing is read back or kept, and no next question follows."""
    turn.state.clear_flow()
    return turn.urgent_first(Reply([turn.content.phrase("flow_set_aside")]), crisis=True)
