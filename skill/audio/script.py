"""The narrated series for one locale, from the content alone: an opener with the disclaimer and
the emergency number, one part per group of topics in the article's order (audio.toml says which),
then the three reflection questions with an invitation to record answers in the skill.

Only content goes in: the functions here take a locale and nothing about a person, so no part
can carry anyone's notes, name or id.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

from ..content import Content, load_content


@dataclass(frozen=True)
class Part:
    id: str
    number: int  # 0 for the opener, then 1, 2, ... as the parts are said
    title: str  # written form, for the feed and the Alexa app
    summary: str
    text: str  # exactly what is spoken
    topics: tuple[str, ...] = ()

    @property
    def text_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def _sentences(*texts: str) -> str:
    return " ".join(t for t in texts if t)


def _topic_text(content: Content, topic_ids: list[str]) -> list[str]:
    said = []
    for index, topic_id in enumerate(topic_ids):
        topic = content.topics[topic_id]
        if index:
            said.append(content.phrase("audio_topic_link", name=topic.name))
        # The answers as the skill gives them, short then every step of the longer one (the
        # questions the skill asks between steps, and sentences only a conversation can say,
        # are left out: nobody answers a recording).
        parts = ["short", *range(len(topic.more_steps))]
        said += [content.spoken(_recorded(topic, part)) for part in parts]
    return said


def _recorded(topic, part) -> str:
    grounds = topic.grounds.get(part)
    text = topic.short if part == "short" else topic.more_steps[part]
    if grounds is None:
        return text
    kept = [s.text for s in grounds.sentences
            if not any(source.id == "conversation" for source in s.sources)]
    return " ".join(kept)


def _heading(title: str) -> str:
    return title if title.endswith((".", "?", "!")) else f"{title}."


def series(locale: str) -> list[Part]:
    content = load_content(locale)
    parts = []
    for number, spec in enumerate(content.audio["parts"]):
        kind = spec.get("kind", "topics")
        topic_ids = list(spec.get("topics", []))
        if kind == "opener":
            text = _sentences(content.phrase("audio_opener"), content.phrase("disclaimer"),
                              content.phrase("audio_opener_care"), content.phrase("audio_opener_plan"))
        elif kind == "reflection":
            text = _sentences(
                content.phrase("audio_part_intro", number=str(number), title=_heading(spec["title"])),
                content.phrase("audio_reflection_intro"),
                *(q.ask for q in content.questions),
                content.phrase("audio_reflection_invite", invocation=content.invocation_name),
                *(content.spoken(content.topics[t].short) for t in topic_ids),
                content.phrase("audio_closing"))
        else:
            text = _sentences(
                content.phrase("audio_part_intro", number=str(number), title=_heading(spec["title"])),
                *_topic_text(content, topic_ids),
                content.phrase("audio_part_end", number=str(number)))
        parts.append(Part(spec["id"], number, spec["title"], spec["summary"], text,
                          tuple(topic_ids)))
    return parts
