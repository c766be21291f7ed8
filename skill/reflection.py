"""The reflection questions' progress and the consent to keep notes, as plain data: no Alexa
types here, so the rules can be read and tested on their own.

Progress lives in the person's profile ({"set", "done", "skipped", "paused"}), so an unfinished
set resumes on another day; `numbers` are the questions' numbers from the content."""
from __future__ import annotations

import re

OFFER_AFTER_ANSWERS = 2  # topic answers heard before the skill offers to record thoughts


def next_question(progress: dict, numbers: tuple[int, ...]) -> int | None:
    settled = set(progress.get("done", [])) | set(progress.get("skipped", []))
    return next((n for n in numbers if n not in settled), None)


def unfinished(profile: dict, numbers: tuple[int, ...]) -> dict | None:
    progress = profile.get("reflection")
    return progress if progress and next_question(progress, numbers) else None


def carry_on(profile: dict, numbers: tuple[int, ...]) -> dict:
    """The set to go on with: the unfinished one (no longer paused), or a new one."""
    import uuid  # here, not at the top: only starting a set needs it (cold starts are shorter)
    progress = dict(unfinished(profile, numbers) or {"set": uuid.uuid4().hex, "done": [],
                                                     "skipped": []})
    progress.pop("paused", None)
    return progress


def settle(progress: dict, question: int, how: str) -> dict:
    """`how` is "done" or "skipped"; the same question settled twice counts once."""
    progress = {**progress, how: sorted({*progress.get(how, []), question})}
    return progress


def paused(progress: dict) -> dict:
    """ "no" to going on at launch: not offered again there, still there to continue."""
    return {**progress, "paused": True}


def resume_offer(profile: dict, numbers: tuple[int, ...]) -> tuple[str, dict] | None:
    """Which resume offer fits, as (phrase key, what fills it), or None: nothing unfinished, or
    the person already said no to going on."""
    progress = unfinished(profile, numbers)
    if not progress or progress.get("paused"):
        return None
    done, skipped = sorted(progress.get("done", [])), sorted(progress.get("skipped", []))
    upcoming = next_question(progress, numbers)
    if done:
        return "resume_offer", {"done": done, "next": upcoming}
    if skipped:
        return "resume_offer_skipped", {"done": skipped[-1:], "next": upcoming}
    return "resume_offer_start", {}


def should_offer(answers: int, offered: bool, urgent_given: bool, notes_enabled: bool) -> bool:
    """Once a session, after a few answers, and never right after urgent-care advice."""
    return notes_enabled and not offered and not urgent_given and answers >= OFFER_AFTER_ANSWERS


def has_consent(profile: dict) -> bool:
    return bool(profile.get("consent"))


def with_consent(profile: dict) -> dict:
    return {**profile, "consent": True}


def tidy(said: str, capitalised: tuple[str, ...]) -> str:
    """Speech recognition gives lower case: "I", days and months (the content's list) and the
    first letter read better capitalised, on the card and in an export; a closing full stop is
    the skill's to add."""
    text = " ".join(said.split())
    if capitalised:
        words = re.compile(r"\b(" + "|".join(map(re.escape, capitalised)) + r")\b")
        text = words.sub(lambda m: m.group(0).capitalize(), text)
    text = text.rstrip(" .")
    return text[:1].upper() + text[1:]


def shortened(text: str, limit: int) -> tuple[str, bool]:
    """At most `limit` characters, cut at a word; and whether it was cut."""
    if len(text) <= limit:
        return text, False
    return text[:limit].rsplit(" ", 1)[0], True
