"""The article's three reflection questions, asked one at a time, each answer read back and saved
the moment it is confirmed; free notes go through the same capture and confirmation.

The rules of progress and consent are in `skill/reflection.py`; these functions only say them."""
from __future__ import annotations

from datetime import datetime, timezone

from .. import reflection
from ..content import Question
from ..session import Capture, Heard, Waiting
from ..turn import Reply, Turn, say

ANSWER_SLOT = ("AnswerIntent", "answer")
NOTE_SLOT = ("AddNoteIntent", "note")


def numbers(turn: Turn) -> tuple[int, ...]:
    return tuple(q.number for q in turn.content.questions)


def question(turn: Turn, number: int) -> Question:
    return next(q for q in turn.content.questions if q.number == number)


def notes_off(turn: Turn) -> Reply | None:
    """The operator may switch notes off; then every notes turn says so instead of failing."""
    if turn.services.config.notes_enabled:
        return None
    turn.state.expect()
    return say(turn.content.phrase("notes_off"))


def resume_offer(turn: Turn, profile: dict) -> str | None:
    """At launch: "Last time you answered the first question. Shall we go on with the second?" """
    if not turn.services.config.notes_enabled:
        return None
    offer = reflection.resume_offer(profile, numbers(turn))
    if offer is None:
        return None
    key, found = offer
    content = turn.content
    turn.state.expect(Waiting.RESUME)
    if not found:
        return content.phrase(key)
    done = found["done"]
    done_words = (content.phrase("question_done_two") if len(done) == 2
                  else content.phrase("question_done_one", ordinal=content.ordinals[done[0]]))
    return content.phrase(key, done=done_words, next=content.ordinals[found["next"]])


def maybe_offer(turn: Turn) -> str | None:
    """Once a session, after a few answers, offer to record the person's thoughts."""
    state = turn.state
    if not reflection.should_offer(state.answers, state.offered_reflection, state.urgent_given,
                                   turn.services.config.notes_enabled):
        return None
    state.offered_reflection = True
    state.expect(Waiting.REFLECT)
    return turn.content.phrase("offer_reflection")


def ask_question(turn: Turn, asked: Question, *before: str, hint: bool = False) -> Reply:
    state = turn.state
    state.capture = Capture("reflection", asked.number, state.reflection["set"])
    state.heard = None
    state.expect()
    capture_hint = turn.content.phrase("capture_hint")
    hint = hint or not state.carrier_used  # until an answer has come with "my answer is"
    return Reply([*before, asked.ask, capture_hint if hint else ""],
                 reprompt=f"{asked.ask} {capture_hint}", elicit=ANSWER_SLOT)


def ask_note(turn: Turn, *before: str) -> Reply:
    turn.state.capture = Capture("note")
    turn.state.heard = None
    turn.state.expect()
    prompt = turn.content.phrase("note_prompt")
    return Reply([*before, prompt], reprompt=prompt, elicit=NOTE_SLOT)


def ask_again(turn: Turn, capture: Capture, *before: str, hint: bool = False) -> Reply:
    if capture.is_note:
        return ask_note(turn, *before)
    return ask_question(turn, question(turn, capture.question), *before, hint=hint)


def continue_set(turn: Turn, *before: str) -> Reply:
    store, owner = turn.services.store, turn.owner
    profile = store.load_profile(owner)
    progress = reflection.carry_on(profile, numbers(turn))
    if profile.get("reflection") != progress:
        store.save_profile(owner, {**profile, "reflection": progress})
    turn.state.reflection = progress
    return ask_question(turn, question(turn, reflection.next_question(progress, numbers(turn))),
                        *before)


def ask_consent_then(turn: Turn, then: dict) -> Reply:
    """No recording without a yes: ask once, remember the answer in the person's profile."""
    if reflection.has_consent(turn.services.store.load_profile(turn.owner)):
        return run_action(turn, then)
    turn.state.after_consent = then
    turn.state.expect(Waiting.CONSENT)
    consent = turn.content.phrase("consent")
    return say(consent, reprompt=consent)


def run_action(turn: Turn, action: dict, *before: str) -> Reply:
    """What the person asked for, once consent is there: a note (said or to be said), a
    reflection set, or an answer that was read back before urgent advice set it aside."""
    if action.get("do") == "note":
        if action.get("text"):
            return read_back(turn, action["text"], Capture("note"), *before)
        return ask_note(turn, *before)
    if action.get("do") == "heard":
        capture = Capture(action["kind"], action.get("question"), action.get("set_id"))
        if not capture.is_note:
            progress = reflection.carry_on(turn.services.store.load_profile(turn.owner),
                                           numbers(turn))
            turn.state.reflection = progress
            if reflection.next_question(progress, numbers(turn)) != capture.question:
                return continue_set(turn, *before)  # that question was settled meanwhile
            capture.set_id = progress["set"]
        return read_back(turn, action["text"], capture, *before)
    return continue_set(turn, *before)


def resume_set_aside(turn: Turn) -> Reply | None:
    """ "continue my reflections" (or "add a note") after urgent advice set one aside."""
    action = turn.state.set_aside
    if not action:
        return None
    turn.state.set_aside = None
    return ask_consent_then(turn, action)


def read_back(turn: Turn, said: str, capture: Capture, *before: str) -> Reply:
    import uuid  # here, not at the top: only a read back needs it (cold starts are shorter)
    content = turn.content
    text, too_long = reflection.shortened(reflection.tidy(said, content.capitalised),
                                          turn.services.config.note_max_chars)
    turn.state.heard = Heard(capture.kind, capture.question, capture.set_id, text=text,
                             note_id=uuid.uuid4().hex,
                             created=datetime.now(timezone.utc).isoformat())
    turn.state.capture = None
    turn.state.expect(Waiting.KEEP)
    speech = [*before, content.phrase("heard", text=text),
              content.phrase("heard_too_long") if too_long else "", confirm(turn)]
    return Reply(speech, reprompt=content.phrase("confirm_short"))


def confirm(turn: Turn) -> str:
    heard = turn.state.heard
    return turn.content.phrase("confirm_note" if heard and heard.is_note else "confirm")


def settle(turn: Turn, item: Capture, how: str, said: str) -> Reply:
    """Records a question as answered or skipped, then asks the next one or closes the set."""
    store, owner = turn.services.store, turn.owner
    profile = store.load_profile(owner)
    progress = profile.get("reflection") or {"set": item.set_id, "done": [], "skipped": []}
    progress = reflection.settle(progress, item.question, how)
    upcoming = reflection.next_question(progress, numbers(turn))
    store.save_profile(owner, {**profile, "reflection": progress if upcoming else None})
    turn.state.reflection = progress
    if upcoming:
        return ask_question(turn, question(turn, upcoming), said)
    turn.state.clear_flow()
    return say(said, turn.content.phrase("flow_done" if progress["done"] else "flow_done_none"))


# -- what each turn does ---------------------------------------------------------------------

def start_reflection(turn: Turn) -> Reply:
    return notes_off(turn) or resume_set_aside(turn) or ask_consent_then(turn, {"do": "reflect"})


def add_note(turn: Turn) -> Reply:
    if off := notes_off(turn):
        return off
    said = turn.said("note")
    aside = turn.state.set_aside or {}
    if not said and (aside.get("do") == "note" or aside.get("kind") == "note"):
        if resumed := resume_set_aside(turn):
            return resumed
    return ask_consent_then(turn, {"do": "note", "text": said})


def consent(turn: Turn) -> Reply:
    action = turn.state.after_consent or {"do": "reflect"}
    turn.state.after_consent = None
    if turn.is_intent("AMAZON.NoIntent"):
        turn.state.expect()
        return say(turn.content.phrase("consent_refused"))
    store, owner = turn.services.store, turn.owner
    store.save_profile(owner, reflection.with_consent(store.load_profile(owner)))
    return run_action(turn, action, turn.content.phrase("consent_given"))


def answer(turn: Turn) -> Reply:
    """What the person said for a question or a note, with or without a carrier phrase."""
    if off := notes_off(turn):
        return off
    state = turn.state
    # A new answer while the last one waits for "keep it" replaces it, for the same question.
    capture = state.awaited()
    said = turn.said("answer") or turn.said("note")
    if turn.is_intent("AnswerIntent") and not turn.in_elicitation:
        state.carrier_used = True  # said with "my answer is": no need to keep hinting
    if capture.is_note and not reflection.has_consent(
            turn.services.store.load_profile(turn.owner)):
        return ask_consent_then(turn, {"do": "note", "text": said})
    if not reflection.tidy(said or "", ()):  # nothing heard: ask again, keep no empty note
        return ask_again(turn, capture, turn.content.phrase("not_heard"))
    return read_back(turn, said, capture)


def nudge_capture(turn: Turn) -> Reply:
    """While an answer is awaited, words Alexa could not place get the question again with the
    carrier phrase that always works, rather than a generic fallback."""
    capture, content = turn.state.capture, turn.content
    if turn.is_intent("AMAZON.YesIntent"):  # "yes, something did surprise me"
        go_ahead = content.phrase("go_ahead_note" if capture.is_note else "go_ahead_answer")
        return say(go_ahead, reprompt=go_ahead, elicit=NOTE_SLOT if capture.is_note else ANSWER_SLOT)
    return ask_again(turn, capture, content.phrase("not_heard"), hint=True)


def keep(turn: Turn) -> Reply:
    heard = turn.state.heard
    turn.services.store.add_note(
        turn.owner, heard.text, question=None if heard.is_note else heard.question,
        set_id=None if heard.is_note else heard.set_id,
        created=datetime.fromisoformat(heard.created), note_id=heard.note_id)
    turn.state.heard = None
    if heard.is_note:
        turn.state.expect()
        return say(turn.content.phrase("note_saved"))
    return settle(turn, heard, "done", turn.content.phrase("saved"))


def redo(turn: Turn) -> Reply:
    """ "redo", or "yes" to "would you like to say it again?": the same question or note."""
    item = turn.state.heard or turn.state.capture
    return ask_again(turn, item, turn.content.phrase("redo"))


def not_kept(turn: Turn) -> Reply:
    """ "no" to "shall I keep it?": nothing is kept, and the person chooses to say it again or
    let it go; the microphone does not take their next word as the note."""
    heard = turn.state.heard
    turn.state.heard = None
    turn.state.capture = heard.as_capture()
    turn.state.expect(Waiting.RETRY)
    ask = turn.content.phrase("retry_offer_note" if heard.is_note else "retry_offer")
    return say(ask, reprompt=ask)


def back_offer(turn: Turn) -> str:
    """After a topic asked in the middle of a note or reflection: the way back to it."""
    turn.state.expect(Waiting.BACK)
    item = turn.state.heard or turn.state.capture
    return turn.content.phrase("back_to_note" if item.is_note else "back_to_reflection")


def go_back(turn: Turn) -> Reply:
    """ "yes" to going back: the answer read back again, or the question asked again."""
    heard = turn.state.heard
    if heard:
        turn.state.expect(Waiting.KEEP)
        return say(turn.content.phrase("heard", text=heard.text), confirm(turn),
                   reprompt=turn.content.phrase("confirm_short"))
    return ask_again(turn, turn.state.capture)


def let_go(turn: Turn, said: str) -> Reply:
    """The question is skipped, or the note dropped, and the flow moves on."""
    item = turn.state.heard or turn.state.capture
    turn.state.heard = turn.state.capture = None
    if item.is_note:
        turn.state.expect()
        return say(turn.content.phrase("note_dropped"))
    return settle(turn, item, "skipped", turn.content.phrase(said))


def nothing_to_add(turn: Turn) -> Reply:
    """ "no" to a question that invites it ("did anything surprise you?") means nothing to add:
    the question is skipped, or the note let go, instead of being asked again."""
    return let_go(turn, "nothing_for_that")


def skip(turn: Turn) -> Reply:
    """ "skip", "next" while a question waits, or "no" to saying it again."""
    return let_go(turn, "skipped")


def keep_first(turn: Turn) -> Reply:
    """ "next" while "shall I keep it?" waits: that question is answered first, so an answer
    is neither thrown away nor kept without a yes."""
    confirm_short = turn.content.phrase("confirm_short")
    return say(turn.content.phrase("keep_first"), confirm_short, reprompt=confirm_short)


def flow_help(turn: Turn) -> Reply:
    """Help in the middle of an answer explains the choices and keeps the answer waiting."""
    content, heard = turn.content, turn.state.heard
    if heard:
        return say(content.phrase("flow_help_heard"), content.phrase("heard", text=heard.text),
                   confirm(turn), reprompt=content.phrase("confirm_short"))
    capture = turn.state.capture
    help_key = "flow_help_note" if capture.is_note else "flow_help"
    return ask_again(turn, capture, content.phrase(help_key), hint=True)


def leave_flow(turn: Turn) -> Reply:
    """Stop ends the session, cancel or later only the reflections or the note; what was
    confirmed stays saved."""
    heard = turn.state.heard
    item = heard or turn.state.capture
    turn.state.clear_flow()
    unkept = turn.content.phrase("not_kept") if heard and not item.is_note else ""
    if turn.is_intent("AMAZON.StopIntent"):
        return say(unkept, turn.content.phrase("flow_stopped"), end=True)
    if item.is_note:
        return say(turn.content.phrase("note_dropped"))
    return say(unkept, turn.content.phrase("flow_paused"))


def decline_resume(turn: Turn) -> Reply:
    """ "no" to going on with last time's questions: not offered again at launch, and
    "continue my reflections" still picks up where they stopped."""
    store, owner = turn.services.store, turn.owner
    profile = store.load_profile(owner)
    if profile.get("reflection"):
        store.save_profile(owner, {**profile, "reflection": reflection.paused(profile["reflection"])})
    turn.state.expect()
    return say(turn.content.phrase("resume_declined"))


def stray_flow_words(turn: Turn) -> Reply:
    """Redo, keep or skip said when nothing is being recorded."""
    return say(turn.content.phrase("ask_anything"))
