"""Reading notes back, counting, deleting (always confirmed), sending them to the phone, and
forgetting everything when the skill is disabled."""
from __future__ import annotations

from datetime import datetime

from .. import dates, logs
from ..reflection import shortened
from ..session import Waiting
from ..store import Note
from ..turn import SILENT, Reply, Turn, say
from .reflection import notes_off, question

log = logs.get(__name__)  # logging is imported when something is logged
PAGE = 3  # notes read in one turn
CARD_LIMIT = 7900  # Alexa cards hold 8000 characters


def said(turn: Turn, note: Note) -> str:
    """A note as read aloud: no longer than the limit, even if it was kept before there was one,
    so a reply stays within Alexa's 8,000 characters of speech."""
    return shortened(note.text, turn.services.config.note_max_chars)[0]


def note_lines(turn: Turn, notes: list[Note], zone: str, with_question: bool = True,
               with_day: bool = True) -> list[str]:
    """ "Today, you noted: ... Also, about what surprised you, you said: ..." - each day named
    once (not at all when the person asked for a day), each note's question named unless the
    person asked by question."""
    content, lines, previous = turn.content, [], None
    today = dates.today_in(zone)
    plain = {}  # "you said", "you noted": the same for every note of its kind, worded once
    for note in notes:
        if note.question and with_question:
            about = content.phrase("note_about_question", name=question(turn, note.question).name)
        else:
            key = "note_about_answer" if note.question else "note_about_free"
            about = plain.get(key) or plain.setdefault(key, content.phrase(key))
        day = dates.spoken_date(note.created, zone, today, content.date_words) if with_day else None
        if lines and day == previous:  # the same day, or days not named at all
            line = content.phrase("note_line_same_day", about=about, text=said(turn, note))
        elif day is None:
            line = content.phrase("note_line_undated", about=about, text=said(turn, note))
        else:
            line = content.phrase("note_line", date=day, about=about, text=said(turn, note))
        lines.append(line[0].upper() + line[1:])
        previous = day
    return lines


def read_page(turn: Turn, heading: str, notes: list[Note], more: bool, empty: str) -> Reply:
    """Reads one page; "more", "next" or "yes" goes on while the session remembers the pager."""
    state = turn.state
    if not notes:
        state.pager = None
        state.expect()
        return say(empty)
    kind = state.pager["kind"]
    lines = note_lines(turn, notes, turn.fetch_time_zone(), with_question=kind != "question",
                       with_day=kind != "date")
    if more:
        state.expect(Waiting.NOTES_MORE)
        follow = turn.content.phrase("notes_more")
    else:
        state.pager = {"done": True}  # "more" now hears that this was all
        state.expect()
        follow = turn.content.phrase("notes_end")
    return Reply([heading, *lines, follow], reprompt=follow)


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
    turn.state.pager = pager
    return page, len(found) > PAGE


def read_notes(turn: Turn) -> Reply:
    if off := notes_off(turn):
        return off
    page, more = page_of(turn, {"kind": "latest"})
    return read_page(turn, turn.content.phrase("notes_heading"), page, more,
                     turn.content.phrase("no_notes"))


def more_notes(turn: Turn) -> Reply:
    page, more = page_of(turn, turn.state.pager)
    return read_page(turn, "", page, more, turn.content.phrase("notes_end"))


def all_notes_read(turn: Turn) -> Reply:
    return say(turn.content.phrase("notes_all_read"))


def read_last_note(turn: Turn) -> Reply:
    if off := notes_off(turn):
        return off
    notes = turn.services.store.latest_notes(turn.owner, limit=1)
    turn.state.expect()
    if not notes:
        return say(turn.content.phrase("no_notes"))
    zone = turn.fetch_time_zone()
    day = dates.spoken_date(notes[0].created, zone, dates.today_in(zone), turn.content.date_words)
    return say(turn.content.phrase("last_note", date=day, text=said(turn, notes[0])))


def notes_by_question(turn: Turn) -> Reply:
    if off := notes_off(turn):
        return off
    content = turn.content
    number = turn.slot_id("question")
    if not number:
        names = [q.name for q in content.questions]
        return say(content.phrase("unknown_question", names=", or ".join(names)))
    asked = question(turn, int(number))
    page, more = page_of(turn, {"kind": "question", "question": asked.number})
    return read_page(turn, content.phrase("notes_heading_question", name=asked.name), page,
                     more, content.phrase("no_notes_question", name=asked.name))


def notes_by_date(turn: Turn) -> Reply:
    if off := notes_off(turn):
        return off
    value = turn.slot("date")
    zone = turn.fetch_time_zone()
    today = dates.today_in(zone)
    days = dates.span(value, today) if value else None
    if days is None:
        return say(turn.content.phrase("unknown_date"))
    when = dates.spoken_span(value, days, today, turn.content.date_words)
    page, more = page_of(turn, date_pager(days, zone))
    heading = turn.content.phrase("notes_heading_date", when=when)
    if not page and dates.is_week(value):
        # "Last week" said on a Sunday usually means the last seven days, not the calendar
        # week before this one: say what those days hold rather than nothing.
        page, more = page_of(turn, date_pager(dates.last_seven_days(today), zone))
        heading = turn.content.phrase("notes_heading_recent", when=when)
    return read_page(turn, heading, page, more, turn.content.phrase("no_notes_date", when=when))


def date_pager(days, zone: str) -> dict:
    start, end = dates.utc_bounds(days, zone)
    return {"kind": "date", "span": [start.isoformat(), end.isoformat()]}


def count_notes(turn: Turn) -> Reply:
    if off := notes_off(turn):
        return off
    count = turn.services.store.count_notes(turn.owner)
    key = {0: "note_count_none", 1: "note_count_one"}.get(count, "note_count")
    return say(turn.content.phrase(key, count=str(count)))


def delete_last_note(turn: Turn) -> Reply:
    """Works even with notes switched off: deleting is promised whenever notes were kept."""
    notes = turn.services.store.latest_notes(turn.owner, limit=1)
    if not notes:
        turn.state.expect()
        return say(turn.content.phrase("nothing_to_delete"))
    turn.state.expect(Waiting.DELETE_LAST, note_key=notes[0].key)
    ask = turn.content.phrase("delete_last_confirm", text=said(turn, notes[0]))
    return say(ask, reprompt=ask)


def delete_all_notes(turn: Turn) -> Reply:
    count = turn.services.store.count_notes(turn.owner)
    if not count:
        turn.state.expect()
        return say(turn.content.phrase("nothing_to_delete"))
    turn.state.expect(Waiting.DELETE_ALL)
    ask = (turn.content.phrase("delete_all_confirm_one") if count == 1
           else turn.content.phrase("delete_all_confirm", count=str(count)))
    return say(ask, reprompt=ask)


def confirm_delete(turn: Turn) -> Reply:
    """Deleting needs a clear yes; anything else keeps the notes."""
    state, store, owner = turn.state, turn.services.store, turn.owner
    waiting, key = state.waiting, state.note_key
    state.expect()
    if turn.is_intent("AMAZON.NoIntent"):
        return say(turn.content.phrase("delete_refused"))
    if waiting is Waiting.DELETE_LAST:
        store.delete_note(owner, key)
        return say(turn.content.phrase("deleted_last"))
    # The person's visit count survives; consent and reflection progress go with the notes,
    # and so does any reflection under way in this session.
    visits = store.load_profile(owner).get("visits", 0)
    store.delete_person(owner)
    store.save_profile(owner, {"visits": visits})
    state.clear_flow()
    state.pager = None
    return say(turn.content.phrase("deleted_all"))


def send_card(turn: Turn) -> Reply:
    """The notes, newest first, as one card in the Alexa app; as many as a card can hold."""
    notes = list(reversed(turn.services.store.all_notes(turn.owner)))
    from zoneinfo import ZoneInfo  # here, not at the top: only this turn needs it (cold starts)
    content, zone = turn.content, ZoneInfo(turn.fetch_time_zone())
    lines = [content.phrase("sent_card_intro")]
    for note in notes:
        about = question(turn, note.question).title if note.question else content.phrase(
            "sent_card_free_note")
        stamp = note.created.astimezone(zone).strftime(content.phrase("sent_card_time_format"))
        line = f"{stamp} - {about}\n{note.text}"
        if sum(len(kept) + 2 for kept in lines) + len(line) > CARD_LIMIT:
            break
        lines.append(line)
    sent = len(lines) - 1
    said = (content.phrase("sent") if sent == len(notes)
            else content.phrase("sent_some", count=str(sent)))
    turn.state.expect()
    return Reply([said], card_title=content.phrase("sent_card_title"), card_text="\n\n".join(lines))


def send_notes(turn: Turn) -> Reply:
    """The notes go to the Alexa app only when the person asks for it. A recognised voice is
    told first that the app belongs to the account, which others in the home may see."""
    if off := notes_off(turn):
        return off
    if not turn.services.store.count_notes(turn.owner):
        return say(turn.content.phrase("no_notes"))
    if turn.owner.person_id:
        turn.state.expect(Waiting.SEND)
        ask = turn.content.phrase("send_confirm_shared")
        return say(ask, reprompt=ask)
    return send_card(turn)


def confirm_send(turn: Turn) -> Reply:
    if turn.is_intent("AMAZON.NoIntent"):
        turn.state.expect()
        return say(turn.content.phrase("send_refused"))
    return send_card(turn)


def skill_disabled(turn: Turn) -> Reply:
    """A disabled skill keeps nothing: Alexa issues a new user id if it is enabled again."""
    deleted = turn.services.store.disable_account(turn.envelope.context.system.user.user_id)
    log.info("skill disabled: deleted %d notes", deleted)
    return SILENT
