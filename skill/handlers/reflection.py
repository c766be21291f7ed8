"""The article's three reflection questions, asked one at a time, each answer read back and saved
the moment it is confirmed; free notes go through the same capture and confirmation."""
from __future__ import annotations

import re
import uuid
from datetime import datetime, timezone

from ask_sdk_model import Intent, IntentConfirmationStatus, Response, Slot
from ask_sdk_model.dialog import ElicitSlotDirective

from ..content import Question
from ..turn import Reply, Turn
from .base import TurnHandler

OFFER_AFTER_ANSWERS = 2


def notes_off(turn: Turn) -> Response | None:
    """The operator may switch notes off; then every notes turn says so instead of failing."""
    if turn.services.config.notes_enabled:
        return None
    turn.expect()
    return turn.say(turn.content.phrase("notes_off"))


def in_flow(turn: Turn) -> bool:
    return bool(turn.session.get("capture") or turn.session.get("heard"))


# Progress lives in the person's profile, so an unfinished set resumes on another day.
def progress(profile: dict) -> dict | None:
    reflection = profile.get("reflection")
    return reflection if reflection and next_question_number(reflection) else None


def next_question_number(reflection: dict) -> int | None:
    settled = set(reflection.get("done", [])) | set(reflection.get("skipped", []))
    return next((n for n in (1, 2, 3) if n not in settled), None)


def resume_offer(turn: Turn, profile: dict) -> str | None:
    """At launch: "Last time you answered the first question. Shall we go on with the second?" """
    reflection = progress(profile) if turn.services.config.notes_enabled else None
    if not reflection or reflection.get("paused"):  # "no" once: not offered again at launch
        return None
    ordinals = turn.content.ordinals
    done, skipped = sorted(reflection.get("done", [])), sorted(reflection.get("skipped", []))
    nxt = ordinals[next_question_number(reflection)]
    turn.expect(yes="reflect", resume=True)
    if done:
        done_words = (turn.content.phrase("question_done_two") if len(done) == 2
                      else f"the {ordinals[done[0]]} question")
        return turn.content.phrase("resume_offer", done=done_words, next=nxt)
    if skipped:
        return turn.content.phrase("resume_offer_skipped", next=nxt,
                                   done=f"the {ordinals[skipped[-1]]} question")
    return turn.content.phrase("resume_offer_start")


def maybe_offer(turn: Turn) -> str | None:
    """Once a session, after a few answers, offer to record the person's thoughts."""
    if (not turn.services.config.notes_enabled or turn.session.get("offered_reflection")
            or turn.session.get("urgent_given")  # never right after urgent-care advice
            or turn.session.get("answers", 0) < OFFER_AFTER_ANSWERS):
        return None
    turn.session["offered_reflection"] = True
    turn.expect(yes="reflect")
    return turn.content.phrase("offer_reflection")


def elicit(turn: Turn, intent: str, slot: str) -> None:
    """Ask Alexa to take the next words as free speech for `slot` (bare answers, where honoured)."""
    if "last" in turn.session:  # "repeat that" asks for the same free speech again
        turn.session["last"]["elicit"] = [intent, slot]
    turn.input.response_builder.add_directive(ElicitSlotDirective(
        slot_to_elicit=slot, updated_intent=Intent(
            name=intent, slots={slot: Slot(name=slot)},
            confirmation_status=IntentConfirmationStatus.NONE)))


def ask_question(turn: Turn, question: Question, *before: str, hint: bool = False) -> Response:
    reflection = turn.session["reflection"]
    turn.session["capture"] = {"kind": "reflection", "q": question.number, "set": reflection["set"]}
    turn.session.pop("heard", None)
    turn.expect()
    capture_hint = turn.content.phrase("capture_hint")
    hint = hint or not turn.session.get("hint_given")
    turn.session["hint_given"] = True
    response = turn.reply(Reply([*before, question.ask, capture_hint if hint else ""],
                                reprompt=f"{question.ask} {capture_hint}"))
    elicit(turn, "AnswerIntent", "answer")
    return response


def ask_note(turn: Turn, *before: str) -> Response:
    turn.session["capture"] = {"kind": "note"}
    turn.session.pop("heard", None)
    turn.expect()
    prompt = turn.content.phrase("note_prompt")
    response = turn.reply(Reply([*before, prompt], reprompt=prompt))
    elicit(turn, "AddNoteIntent", "note")
    return response


def continue_flow(turn: Turn, *before: str) -> Response:
    profile = turn.services.store.load_profile(turn.owner)
    reflection = dict(progress(profile) or {"set": uuid.uuid4().hex, "done": [], "skipped": []})
    reflection.pop("paused", None)
    if profile.get("reflection") != reflection:
        turn.services.store.save_profile(turn.owner, {**profile, "reflection": reflection})
    turn.session["reflection"] = reflection
    question = turn.content.questions[next_question_number(reflection) - 1]
    return ask_question(turn, question, *before)


def with_consent(turn: Turn, then: dict) -> Response:
    """No recording without a yes: ask once, remember the answer in the person's profile."""
    if turn.services.store.load_profile(turn.owner).get("consent"):
        return run_action(turn, then)
    turn.session["after_consent"] = then
    turn.expect(yes="consent")
    consent = turn.content.phrase("consent")
    return turn.say(consent, reprompt=consent)


def run_action(turn: Turn, action: dict, *before: str) -> Response:
    if action.get("do") == "note":
        if action.get("text"):
            return read_back(turn, action["text"], {"kind": "note"}, *before)
        return ask_note(turn, *before)
    return continue_flow(turn, *before)


# ("may" and "march" are left alone: far more often verbs than months.)
_CAPITALISED = re.compile(
    r"\b(i|i'm|i've|i'd|i'll|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|"
    r"february|april|june|july|august|september|october|november|december)\b")


def tidy(said: str) -> str:
    """Speech recognition gives lower case: "I", days, months and the first letter read better
    capitalised, on the card and in an export; a closing full stop is the skill's to add."""
    text = _CAPITALISED.sub(lambda m: m.group(0).capitalize(), " ".join(said.split()))
    text = text.rstrip(" .")
    return text[:1].upper() + text[1:]


def read_back(turn: Turn, said: str, capture: dict, *before: str) -> Response:
    content, limit = turn.content, turn.services.config.note_max_chars
    text = tidy(said)
    too_long = len(text) > limit
    if too_long:
        text = text[:limit].rsplit(" ", 1)[0]
    # The note's id and time are fixed now, so a confirmation retried after a failure saves
    # this same note again rather than a second copy.
    turn.session["heard"] = {**capture, "text": text, "id": uuid.uuid4().hex,
                             "created": datetime.now(timezone.utc).isoformat()}
    turn.session.pop("capture", None)
    turn.expect(yes="keep")
    confirm = content.phrase("confirm_note" if capture["kind"] == "note" else "confirm")
    speech = [*before, content.phrase("heard", text=text),
              content.phrase("heard_too_long") if too_long else "", confirm]
    return turn.reply(Reply(speech, reprompt=content.phrase("confirm_short")))


def keep(turn: Turn) -> Response:
    heard = turn.session.pop("heard")
    question, set_id = (None, None) if heard["kind"] == "note" else (heard["q"], heard["set"])
    turn.services.store.add_note(turn.owner, heard["text"], question=question, set_id=set_id,
                                 created=datetime.fromisoformat(heard["created"]),
                                 note_id=heard["id"])
    if heard["kind"] == "note":
        turn.expect()
        return turn.say(turn.content.phrase("note_saved"))
    return settle(turn, heard, "done", turn.content.phrase("saved"))


def settle(turn: Turn, item: dict, how: str, said: str) -> Response:
    """Records a question as answered or skipped, then asks the next one or closes the set."""
    profile = turn.services.store.load_profile(turn.owner)
    reflection = profile.get("reflection") or {"set": item["set"], "done": [], "skipped": []}
    if item["q"] not in reflection[how]:
        reflection[how] = sorted([*reflection[how], item["q"]])
    upcoming = next_question_number(reflection)
    profile = {**profile, "reflection": reflection if upcoming else None}
    turn.services.store.save_profile(turn.owner, profile)
    turn.session["reflection"] = reflection
    if upcoming:
        return ask_question(turn, turn.content.questions[upcoming - 1], said)
    for key in ("capture", "reflection"):
        turn.session.pop(key, None)
    turn.expect()
    return turn.say(said, turn.content.phrase("flow_done" if reflection["done"] else "flow_done_none"))


class StartReflection(TurnHandler):
    def can(self, turn: Turn) -> bool:
        return turn.is_intent("StartReflectionIntent") or (
            turn.is_intent("AMAZON.YesIntent") and turn.pending.get("yes") == "reflect")

    def run(self, turn: Turn) -> Response:
        return notes_off(turn) or with_consent(turn, {"do": "reflect"})


class AddNote(TurnHandler):
    def can(self, turn: Turn) -> bool:
        return turn.is_intent("AddNoteIntent")

    def run(self, turn: Turn) -> Response:
        return notes_off(turn) or with_consent(turn, {"do": "note", "text": turn.slot("note")})


class Consent(TurnHandler):
    def can(self, turn: Turn) -> bool:
        return turn.pending.get("yes") == "consent" and turn.is_intent(
            "AMAZON.YesIntent", "AMAZON.NoIntent")

    def run(self, turn: Turn) -> Response:
        action = turn.session.pop("after_consent", {"do": "reflect"})
        if turn.is_intent("AMAZON.NoIntent"):
            turn.expect()
            return turn.say(turn.content.phrase("consent_refused"))
        profile = turn.services.store.load_profile(turn.owner)
        turn.services.store.save_profile(turn.owner, {**profile, "consent": True})
        return run_action(turn, action, turn.content.phrase("consent_given"))


class Answer(TurnHandler):
    """What the person said for a question or a note, with or without a carrier phrase."""

    def can(self, turn: Turn) -> bool:
        # "note that ..." in the middle of a reflection is a note of its own, not the answer.
        return turn.is_intent("AnswerIntent") or (
            turn.is_intent("AddNoteIntent")
            and (turn.session.get("capture") or {}).get("kind") == "note")

    def run(self, turn: Turn) -> Response:
        if off := notes_off(turn):
            return off
        # A new answer while the last one waits for "keep it" replaces it, for the same question.
        capture = turn.session.get("capture") or {
            k: v for k, v in (turn.session.get("heard") or {"kind": "note"}).items()
            if k in ("kind", "q", "set")}
        said = turn.slot("answer") or turn.slot("note")
        if capture["kind"] == "note" and not turn.services.store.load_profile(turn.owner).get("consent"):
            return with_consent(turn, {"do": "note", "text": said})
        if not tidy(said or ""):  # nothing heard: ask again rather than keep an empty note
            not_heard = turn.content.phrase("not_heard")
            if capture["kind"] == "note":
                return ask_note(turn, not_heard)
            question = turn.content.questions[capture["q"] - 1]
            return ask_question(turn, question, not_heard)
        return read_back(turn, said, capture)


class CrisisInFlow(TurnHandler):
    """Someone in crisis in the middle of a note or a reflection: the crisis line, and the
    notes set aside; nothing is read back or kept, and no next question follows."""

    def can(self, turn: Turn) -> bool:
        return turn.is_intent("AnswerIntent", "AddNoteIntent") and turn.crisis_heard()

    def run(self, turn: Turn) -> Response:
        for key in ("capture", "heard", "reflection", "after_consent"):
            turn.session.pop(key, None)
        turn.expect()
        return turn.reply(turn.urgent_first(Reply([turn.content.phrase("flow_set_aside")]),
                                            crisis=True))


class NudgeCapture(TurnHandler):
    """While an answer is awaited, words Alexa could not place get the question again with the
    carrier phrase that always works, rather than a generic fallback."""

    def can(self, turn: Turn) -> bool:
        if "capture" not in turn.session or "heard" in turn.session:
            return False
        # A "yes" to something else offered meanwhile (say, more on a topic) goes there.
        return turn.is_intent("AMAZON.FallbackIntent", "KeepIntent") or (
            turn.is_intent("AMAZON.YesIntent") and not turn.pending)

    def run(self, turn: Turn) -> Response:
        capture, content = turn.session["capture"], turn.content
        if turn.is_intent("AMAZON.YesIntent"):  # "yes, something did surprise me"
            note = capture["kind"] == "note"
            go_ahead = content.phrase("go_ahead_note" if note else "go_ahead_answer")
            response = turn.say(go_ahead, reprompt=go_ahead)
            elicit(turn, *(("AddNoteIntent", "note") if note else ("AnswerIntent", "answer")))
            return response
        not_heard = content.phrase("not_heard")
        if capture["kind"] == "note":
            return ask_note(turn, not_heard)
        return ask_question(turn, content.questions[capture["q"] - 1], not_heard, hint=True)


class Keep(TurnHandler):
    def can(self, turn: Turn) -> bool:
        return "heard" in turn.session and (
            turn.is_intent("KeepIntent") or
            (turn.is_intent("AMAZON.YesIntent") and turn.pending.get("yes") == "keep"))

    def run(self, turn: Turn) -> Response:
        return keep(turn)


class Redo(TurnHandler):
    """ "redo", or "no" to "shall I keep it?": the same question or note again."""

    def can(self, turn: Turn) -> bool:
        return (in_flow(turn) and turn.is_intent("RedoIntent")) or (
            "heard" in turn.session and turn.is_intent("AMAZON.NoIntent"))

    def run(self, turn: Turn) -> Response:
        item = turn.session.pop("heard", None) or turn.session.get("capture")
        redo = turn.content.phrase("redo")
        if item["kind"] == "note":
            return ask_note(turn, redo)
        return ask_question(turn, turn.content.questions[item["q"] - 1], redo)


class NothingToAdd(TurnHandler):
    """ "no" to a question that invites it ("did anything surprise you?") means nothing to add:
    the question is skipped, or the note let go, instead of being asked again."""

    def can(self, turn: Turn) -> bool:
        return ("capture" in turn.session and "heard" not in turn.session
                and not turn.pending and turn.is_intent("AMAZON.NoIntent"))

    def run(self, turn: Turn) -> Response:
        capture = turn.session.pop("capture")
        if capture["kind"] == "note":
            turn.expect()
            return turn.say(turn.content.phrase("note_dropped"))
        return settle(turn, capture, "skipped", turn.content.phrase("nothing_for_that"))


class Skip(TurnHandler):
    """ "skip", or "next" while a question waits. ("next" while "shall I keep it?" waits is
    not taken as a skip: the answer is kept or not first.)"""

    def can(self, turn: Turn) -> bool:
        return in_flow(turn) and (turn.is_intent("SkipQuestionIntent") or (
            turn.is_intent("AMAZON.NextIntent") and "heard" not in turn.session))

    def run(self, turn: Turn) -> Response:
        item = turn.session.pop("heard", None) or turn.session.pop("capture")
        if item["kind"] == "note":
            turn.session.pop("capture", None)
            turn.expect()
            return turn.say(turn.content.phrase("note_dropped"))
        return settle(turn, item, "skipped", turn.content.phrase("skipped"))


class KeepFirst(TurnHandler):
    """ "next" while "shall I keep it?" waits: that question is answered first, so an answer
    is neither thrown away nor kept without a yes."""

    def can(self, turn: Turn) -> bool:
        return "heard" in turn.session and turn.is_intent("AMAZON.NextIntent")

    def run(self, turn: Turn) -> Response:
        confirm = turn.content.phrase("confirm_short")
        return turn.say(turn.content.phrase("keep_first"), confirm, reprompt=confirm)


class FlowHelp(TurnHandler):
    """Help in the middle of an answer explains the choices and keeps the answer waiting."""

    def can(self, turn: Turn) -> bool:
        return in_flow(turn) and turn.is_intent("AMAZON.HelpIntent")

    def run(self, turn: Turn) -> Response:
        content, heard = turn.content, turn.session.get("heard")
        if heard:
            confirm = content.phrase("confirm_note" if heard["kind"] == "note" else "confirm")
            return turn.say(content.phrase("flow_help_heard"), content.phrase("heard", text=heard["text"]),
                            confirm, reprompt=content.phrase("confirm_short"))
        capture = turn.session["capture"]
        if capture["kind"] == "note":
            return ask_note(turn, content.phrase("flow_help_note"))
        return ask_question(turn, content.questions[capture["q"] - 1],
                            content.phrase("flow_help"), hint=True)


class LeaveFlow(TurnHandler):
    """Stop ends the session, cancel only the reflections or the note; what was confirmed stays
    saved."""

    def can(self, turn: Turn) -> bool:
        return in_flow(turn) and turn.is_intent(
            "AMAZON.StopIntent", "AMAZON.CancelIntent", "LaterIntent")

    def run(self, turn: Turn) -> Response:
        heard = turn.session.get("heard")
        item = heard or turn.session.get("capture")
        for key in ("capture", "heard", "reflection"):
            turn.session.pop(key, None)
        turn.expect()
        unkept = turn.content.phrase("not_kept") if heard and item["kind"] != "note" else ""
        if turn.is_intent("AMAZON.StopIntent"):
            return turn.say(unkept, turn.content.phrase("flow_stopped"), end=True)
        # "later" and "cancel" put the reflections aside; the session goes on.
        if item["kind"] == "note":
            return turn.say(turn.content.phrase("note_dropped"))
        return turn.say(unkept, turn.content.phrase("flow_paused"))


class DeclineResume(TurnHandler):
    """ "no" to going on with last time's questions: not offered again at launch, and
    "continue my reflections" still picks up where they stopped."""

    def can(self, turn: Turn) -> bool:
        return bool(turn.pending.get("resume")) and turn.is_intent("AMAZON.NoIntent", "LaterIntent")

    def run(self, turn: Turn) -> Response:
        profile = turn.services.store.load_profile(turn.owner)
        if profile.get("reflection"):
            turn.services.store.save_profile(
                turn.owner, {**profile, "reflection": {**profile["reflection"], "paused": True}})
        turn.expect()
        return turn.say(turn.content.phrase("resume_declined"))


class StrayFlowWords(TurnHandler):
    """Redo, keep or skip said when nothing is being recorded."""

    def can(self, turn: Turn) -> bool:
        return turn.is_intent("RedoIntent", "KeepIntent", "SkipQuestionIntent")

    def run(self, turn: Turn) -> Response:
        return turn.say(turn.content.phrase("ask_anything"))
