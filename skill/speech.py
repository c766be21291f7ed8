"""SSML in and out: everything spoken passes through `to_ssml`, so text from people or content
can never break the markup."""
from __future__ import annotations

import re

_TAG = re.compile(r"<[^>]+>")


# Characters XML 1.0 forbids (C0 controls but tab, newline and return; U+FFFE, U+FFFF; lone
# surrogates): one in a slot value would make the whole SSML unreadable to Alexa. ASCII text
# can hold only the first kind, and that short class compiles in a tenth of the time of the
# whole one (about 0.7 ms of a cold start); re's own cache keeps the whole one once used.
_NOT_XML_ASCII = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_NOT_XML = "[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]"


def escape(text: str) -> str:
    if text.isascii():
        text = _NOT_XML_ASCII.sub(" ", text)
    else:
        text = re.sub(_NOT_XML, " ", text)
    # What html.escape(quote=True) does, in its order (the ampersand first), without importing
    # html at start-up; str.replace is about twenty times faster here than str.translate.
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#x27;"))


def to_ssml(*parts: str) -> str:
    return "<speak>" + escape(" ".join(p for p in parts if p)) + "</speak>"


def strip_ssml(ssml: str) -> str:
    import html
    return " ".join(html.unescape(_TAG.sub(" ", ssml)).split())


def join_names(names: list[str], last_word: str = "or") -> str:
    """ "a", "a or b", "a, b, or c": how a list sounds in one breath."""
    if len(names) <= 2:
        return f" {last_word} ".join(names)
    return ", ".join(names[:-1]) + f", {last_word} " + names[-1]


# The last break between sentences (spaces after a full stop, question or exclamation mark),
# found from the end: the text read backwards, its first spaces that follow such a mark.
_LAST_BREAK = re.compile(r"\s+([.?!])")


def ends_with_question(text: str) -> bool:
    """True when one of the last two sentences asks something ("Shall I keep it? Say yes, or
    redo."): what a person needs to hear before the microphone opens."""
    said = text.strip()
    if said.endswith("?"):  # the last sentence
        return True
    # The one before ends where the last break begins. Read from the end, so a long reply (notes
    # read back) is not split into every sentence it has.
    last_break = _LAST_BREAK.search(said[::-1])
    return last_break is not None and last_break.group(1) == "?"
