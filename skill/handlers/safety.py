"""Urgent-care advice for red flags, and the crisis line, given before anything else and alone:
a note or reflection under way waits until the person asks to go on."""
from __future__ import annotations

from ..session import Capture
from ..turn import Reply, Turn, say
from .topics import suggestions

# Free speech meant as a note or an answer: its words are kept aside, not lost.
CAPTURE_INTENTS = ("AnswerIntent", "AddNoteIntent")


def words_said_for_a_note(turn: Turn) -> dict | None:
    """The words of a note or an answer that came with the red flag, as an action to resume."""
    said = turn.said("answer") or turn.said("note")
    if not said or not turn.is_intent(*CAPTURE_INTENTS):
        return None
    state = turn.state
    capture = state.awaited()
    if turn.is_intent("AddNoteIntent") and not (capture and capture.is_note):
        capture = Capture("note")
    if capture.is_note:
        return {"do": "note", "text": said}
    return {"do": "heard", "kind": capture.kind, "question": capture.question,
            "set_id": capture.set_id, "text": said}


def red_flag(turn: Turn) -> Reply:
    """A red flag said outright, or inside any other words: the advice, and nothing else. What
    it interrupted waits: "continue my reflections" or "add a note" goes back to it."""
    state = turn.state
    aside = state.set_flow_aside(words_said_for_a_note(turn))
    if aside is None:
        then = "urgent_then"
    elif aside.get("do") == "note" or aside.get("kind") == "note":
        then = "urgent_then_note"
    else:
        then = "urgent_then_reflection"
    said = turn.content.phrase(then)
    return turn.urgent_first(Reply([said], reprompt=said))


def crisis(turn: Turn) -> Reply:
    """Someone in crisis: the crisis line. Any note or reflection is set aside for good:
    nothing is read back or kept, and no question about notes follows."""
    in_flow = turn.state.in_flow or turn.state.reflection is not None \
        or turn.is_intent(*CAPTURE_INTENTS)
    turn.state.clear_flow()
    then = turn.content.phrase("flow_set_aside" if in_flow else "urgent_then")
    return turn.urgent_first(Reply([then], reprompt=then), crisis=True)


def sign_explained(turn: Turn) -> Reply:
    """A red flag's words heard and every one explained away ("no fever", "my son has a fever",
    "chest press"): no alarm, but the signs that would need one, said once, in case the words
    were misheard."""
    turn.state.expect()  # a "yes" now answers nothing older
    return say(turn.content.phrase("sign_explained", suggestions=suggestions(turn)),
               remember=False)
