"""Reading notes back, counting, deleting (always confirmed), sending them to the phone, and
forgetting everything when the skill is disabled."""
from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from ask_sdk_model import Response

from .. import dates
from ..store import Note
from ..turn import Reply, Turn
from .base import TurnHandler
from .reflection import notes_off

log = logging.getLogger(__name__)
PAGE = 3  # notes read in one turn
CARD_LIMIT = 7900  # Alexa cards hold 8000 characters


def today(turn: Turn):
    return datetime.now(ZoneInfo(turn.time_zone)).date()


def spoken_day(turn: Turn, note: Note) -> str:
    return dates.spoken_date(note.created, turn.time_zone, today(turn))


def note_lines(turn: Turn, notes: list[Note], with_question: bool = True,
               with_day: bool = True) -> list[str]:
    """ "Today, you noted: ... Also, about what surprised you, you said: ..." - each day named
    once (not at all when the person asked for a day), each note's question named unless the
    person asked by question."""
    content, lines, previous = turn.content, [], None
    for note in notes:
        if note.question and with_question:
            about = content.phrase("note_about_question",
                                   name=content.questions[note.question - 1].name)
        else:
            about = content.phrase("note_about_answer" if note.question else "note_about_free")
        day = spoken_day(turn, note) if with_day else None
        if lines and day == previous:  # the same day, or days not named at all
            line = content.phrase("note_line_same_day", about=about, text=note.text)
        elif day is None:
            line = content.phrase("note_line_undated", about=about, text=note.text)
        else:
            line = content.phrase("note_line", date=day, about=about, text=note.text)
        lines.append(line[0].upper() + line[1:])
        previous = day
    return lines


def read_page(turn: Turn, heading: str, notes: list[Note], more: bool, empty: str) -> Response:
    """Reads one page; "more", "next" or "yes" goes on while the session remembers `pager`."""
    if not notes:
        turn.session.pop("pager", None)
        turn.expect()
        return turn.say(empty)
    kind = turn.session["pager"]["kind"]
    lines = note_lines(turn, notes, with_question=kind != "question", with_day=kind != "date")
    if more:
        turn.expect(yes="notes_more")
        follow = turn.content.phrase("notes_more")
    else:
        turn.session["pager"] = {"done": True}  # "more" now hears that this was all
        turn.expect()
        follow = turn.content.phrase("notes_end")
    return turn.reply(Reply([heading, *lines, follow], reprompt=follow))


def page_of(turn: Turn, pager: dict) -> tuple[list[Note], bool]:
    """The next page for what the person asked: newest notes, a question, or a span of days."""
    store, owner = turn.services.store, turn.owner
    if pager["kind"] == "latest":
        found = store.latest_notes(owner, limit=PAGE + 1, before=pager.get("before"))
    else:
        if pager["kind"] == "question":
            everything = store.notes_for_question(owner, pager["question"], limit=1000)
        else:
            start, end = (datetime.fromisoformat(t) for t in pager["span"])
            everything = store.notes_between(owner, start, end)
        found = everything[pager.get("offset", 0):pager.get("offset", 0) + PAGE + 1]
    page = found[:PAGE]
    if page:
        pager["before"] = page[-1].key
        pager["offset"] = pager.get("offset", 0) + len(page)
    turn.session["pager"] = pager
    return page, len(found) > PAGE


class ReadNotes(TurnHandler):
    def can(self, turn: Turn) -> bool:
        return turn.is_intent("ReadNotesIntent")

    def run(self, turn: Turn) -> Response:
        if off := notes_off(turn):
            return off
        page, more = page_of(turn, {"kind": "latest"})
        return read_page(turn, turn.content.phrase("notes_heading"), page, more,
                         turn.content.phrase("no_notes"))


class MoreNotes(TurnHandler):
    def can(self, turn: Turn) -> bool:
        pager = turn.session.get("pager")
        if not pager:
            return False
        if pager.get("done"):
            return turn.is_intent("TellMeMoreIntent")
        return turn.pending.get("yes") == "notes_more" and turn.is_intent(
            "TellMeMoreIntent", "AMAZON.NextIntent", "AMAZON.YesIntent")

    def run(self, turn: Turn) -> Response:
        if turn.session["pager"].get("done"):
            return turn.say(turn.content.phrase("notes_all_read"))
        page, more = page_of(turn, turn.session["pager"])
        return read_page(turn, "", page, more, turn.content.phrase("notes_end"))


class ReadLastNote(TurnHandler):
    def can(self, turn: Turn) -> bool:
        return turn.is_intent("ReadLastNoteIntent")

    def run(self, turn: Turn) -> Response:
        if off := notes_off(turn):
            return off
        notes = turn.services.store.latest_notes(turn.owner, limit=1)
        turn.expect()
        if not notes:
            return turn.say(turn.content.phrase("no_notes"))
        return turn.say(turn.content.phrase("last_note", date=spoken_day(turn, notes[0]),
                                            text=notes[0].text))


class NotesByQuestion(TurnHandler):
    def can(self, turn: Turn) -> bool:
        return turn.is_intent("NotesByQuestionIntent")

    def run(self, turn: Turn) -> Response:
        if off := notes_off(turn):
            return off
        content = turn.content
        number = turn.slot_id("question")
        if not number:
            names = [f"{q.name}" for q in content.questions]
            return turn.say(content.phrase("unknown_question", names=", or ".join(names)))
        question = content.questions[int(number) - 1]
        page, more = page_of(turn, {"kind": "question", "question": question.number})
        return read_page(turn, content.phrase("notes_heading_question", name=question.name), page,
                         more, content.phrase("no_notes_question", name=question.name))


class NotesByDate(TurnHandler):
    def can(self, turn: Turn) -> bool:
        return turn.is_intent("NotesByDateIntent")

    def run(self, turn: Turn) -> Response:
        if off := notes_off(turn):
            return off
        value = turn.slot("date")
        days = dates.span(value, today(turn)) if value else None
        if days is None:
            return turn.say(turn.content.phrase("unknown_date"))
        start, end = dates.utc_bounds(days, turn.time_zone)
        when = dates.spoken_span(value, days, today(turn))
        page, more = page_of(turn, {"kind": "date", "span": [start.isoformat(), end.isoformat()]})
        return read_page(turn, turn.content.phrase("notes_heading_date", when=when), page, more,
                         turn.content.phrase("no_notes_date", when=when))


class CountNotes(TurnHandler):
    def can(self, turn: Turn) -> bool:
        return turn.is_intent("CountNotesIntent")

    def run(self, turn: Turn) -> Response:
        if off := notes_off(turn):
            return off
        count = turn.services.store.count_notes(turn.owner)
        key = {0: "note_count_none", 1: "note_count_one"}.get(count, "note_count")
        return turn.say(turn.content.phrase(key, count=str(count)))


class DeleteLastNote(TurnHandler):
    """Works even with notes switched off: deleting is promised whenever notes were kept."""

    def can(self, turn: Turn) -> bool:
        return turn.is_intent("DeleteLastNoteIntent")

    def run(self, turn: Turn) -> Response:
        notes = turn.services.store.latest_notes(turn.owner, limit=1)
        if not notes:
            turn.expect()
            return turn.say(turn.content.phrase("nothing_to_delete"))
        turn.expect(yes="delete_last", key=notes[0].key)
        ask = turn.content.phrase("delete_last_confirm", text=notes[0].text)
        return turn.say(ask, reprompt=ask)


class DeleteAllNotes(TurnHandler):
    def can(self, turn: Turn) -> bool:
        return turn.is_intent("DeleteAllNotesIntent")

    def run(self, turn: Turn) -> Response:
        count = turn.services.store.count_notes(turn.owner)
        if not count:
            turn.expect()
            return turn.say(turn.content.phrase("nothing_to_delete"))
        turn.expect(yes="delete_all")
        ask = (turn.content.phrase("delete_all_confirm_one") if count == 1
               else turn.content.phrase("delete_all_confirm", count=str(count)))
        return turn.say(ask, reprompt=ask)


class ConfirmDelete(TurnHandler):
    """Deleting needs a clear yes; anything else keeps the notes."""

    def can(self, turn: Turn) -> bool:
        return turn.pending.get("yes") in ("delete_last", "delete_all") and turn.is_intent(
            "AMAZON.YesIntent", "AMAZON.NoIntent")

    def run(self, turn: Turn) -> Response:
        pending, store, owner = turn.pending, turn.services.store, turn.owner
        turn.expect()
        if turn.is_intent("AMAZON.NoIntent"):
            return turn.say(turn.content.phrase("delete_refused"))
        if pending["yes"] == "delete_last":
            store.delete_note(owner, pending["key"])
            return turn.say(turn.content.phrase("deleted_last"))
        # The person's visit count survives; consent and reflection progress go with the notes,
        # and so does any reflection under way in this session.
        visits = store.load_profile(owner).get("visits", 0)
        store.delete_person(owner)
        store.save_profile(owner, {"visits": visits})
        for key in ("capture", "heard", "reflection", "pager"):
            turn.session.pop(key, None)
        return turn.say(turn.content.phrase("deleted_all"))


def send_card(turn: Turn) -> Response:
    """The notes, newest first, as one card in the Alexa app; as many as a card can hold."""
    notes = list(reversed(turn.services.store.all_notes(turn.owner)))
    content, zone = turn.content, ZoneInfo(turn.time_zone)
    lines = [content.phrase("sent_card_intro")]
    for note in notes:
        about = content.questions[note.question - 1].title if note.question else "Note"
        line = f"{note.created.astimezone(zone):%a %d %b %Y, %H:%M} - {about}\n{note.text}"
        if sum(len(kept) + 2 for kept in lines) + len(line) > CARD_LIMIT:
            break
        lines.append(line)
    sent = len(lines) - 1
    said = (content.phrase("sent") if sent == len(notes)
            else content.phrase("sent_some", count=str(sent)))
    turn.expect()
    return turn.reply(Reply([said], card_title=content.phrase("sent_card_title"),
                            card_text="\n\n".join(lines)))


class SendNotes(TurnHandler):
    """The notes go to the Alexa app only when the person asks for it. A recognised voice is
    told first that the app belongs to the account, which others in the home may see."""

    def can(self, turn: Turn) -> bool:
        return turn.is_intent("SendNotesIntent")

    def run(self, turn: Turn) -> Response:
        if off := notes_off(turn):
            return off
        if not turn.services.store.count_notes(turn.owner):
            return turn.say(turn.content.phrase("no_notes"))
        if turn.owner.person_id:
            turn.expect(yes="send")
            ask = turn.content.phrase("send_confirm_shared")
            return turn.say(ask, reprompt=ask)
        return send_card(turn)


class ConfirmSend(TurnHandler):
    def can(self, turn: Turn) -> bool:
        return turn.pending.get("yes") == "send" and turn.is_intent(
            "AMAZON.YesIntent", "AMAZON.NoIntent")

    def run(self, turn: Turn) -> Response:
        if turn.is_intent("AMAZON.NoIntent"):
            turn.expect()
            return turn.say(turn.content.phrase("send_refused"))
        return send_card(turn)


class SkillDisabled(TurnHandler):
    """A disabled skill keeps nothing: Alexa issues a new user id if it is enabled again."""

    def can(self, turn: Turn) -> bool:
        return turn.request_type == "AlexaSkillEvent.SkillDisabled"

    def run(self, turn: Turn) -> Response:
        deleted = turn.services.store.disable_account(turn.envelope.context.system.user.user_id)
        log.info("skill disabled: deleted %d notes", deleted)
        return turn.input.response_builder.response
