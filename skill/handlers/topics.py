"""Answers from the article: a short answer, "tell me more", related topics, and the topic list."""
from __future__ import annotations

from ask_sdk_model import Response

from ..content import Content, Topic
from ..speech import join_names
from ..turn import Reply, Turn
from .base import TurnHandler

LIST_PAGE = 3  # topic names read in one breath for "what can I ask"
STARTER_TOPICS = ("what_helps", "stop_exercising")


def card(turn: Turn, topic: Topic, text: str) -> tuple[str, str]:
    content = turn.content
    credit = content.phrase("safety_credit") if topic.safety else content.credit
    return f"{content.card_title}: {topic.name[0].upper()}{topic.name[1:]}", \
        f"{content.written(text)}\n\n{credit}"


def answer(turn: Turn, topic: Topic) -> Response:
    title, text = card(turn, topic, topic.short)
    follow_up = turn.content.spoken(topic.follow_up)
    turn.session["topic"] = topic.id
    turn.session.pop("pager", None)  # "more" is about this answer now, not the notes
    turn.session["answers"] = turn.session.get("answers", 0) + 1
    turn.expect(yes="more", topic=topic.id)
    return turn.reply(Reply([turn.content.spoken(topic.short), follow_up], reprompt=follow_up,
                            card_title=title, card_text=text))


def answer_more(turn: Turn, topic: Topic) -> Response:
    related = turn.content.topics[topic.related]
    offer = turn.content.phrase("offer_related", name=related.name)
    turn.session["topic"] = topic.id
    turn.expect(yes="topic", topic=related.id)
    title, text = card(turn, topic, topic.more)
    return turn.reply(Reply([turn.content.spoken(topic.more), offer], reprompt=offer,
                            card_title=title, card_text=text))


def suggestions(turn: Turn) -> str:
    """Two topics closest to where the conversation is: the current topic's neighbours, or the
    starters."""
    topics = turn.content.topics
    current = topics.get(turn.session.get("topic", ""))
    ids = [current.related, topics[current.related].related] if current else []
    ids = [i for i in dict.fromkeys([*ids, *STARTER_TOPICS]) if not current or i != current.id]
    return join_names([topics[i].name for i in ids[:2]])


def current_topic(turn: Turn) -> Topic | None:
    return turn.content.topics.get(turn.session.get("topic", ""))


class TopicQuestion(TurnHandler):
    """A question asked in the article's own terms: each topic has its own intent."""

    def can(self, turn: Turn) -> bool:
        return turn.intent is not None and turn.content.topic_for_intent(turn.intent) is not None

    def run(self, turn: Turn) -> Response:
        return answer(turn, turn.content.topic_for_intent(turn.intent))


class TopicByName(TurnHandler):
    """ "tell me about stretching": the TOPIC slot's resolved id names the topic."""

    def can(self, turn: Turn) -> bool:
        return turn.is_intent("TopicIntent")

    def run(self, turn: Turn) -> Response:
        # Unresolved by Alexa ("weight lifting"): the topic nearest by name, if any (issue 7).
        topic = turn.content.topics.get(turn.slot_id("topic") or "") or turn.content.nearest_topic(
            turn.slot("topic"))
        if topic:
            return answer(turn, topic)
        return turn.say(turn.content.phrase("unknown_topic", suggestions=suggestions(turn)),
                        remember=False)


class TellMeMore(TurnHandler):
    def can(self, turn: Turn) -> bool:
        return turn.is_intent("TellMeMoreIntent") or (
            turn.is_intent("AMAZON.YesIntent") and turn.pending.get("yes") == "more")

    def run(self, turn: Turn) -> Response:
        topic = current_topic(turn)
        if topic is None:
            return turn.say(turn.content.phrase("no_topic_yet"))
        if turn.pending.get("yes") == "more":
            return answer_more(turn, topic)
        related = turn.content.topics[topic.related]
        offer = turn.content.phrase("offer_related", name=related.name)
        turn.expect(yes="topic", topic=related.id)
        return turn.say(turn.content.phrase("nothing_more"), offer, reprompt=offer)


class OfferedTopic(TurnHandler):
    """ "yes" after the skill offered a related topic."""

    def can(self, turn: Turn) -> bool:
        return turn.is_intent("AMAZON.YesIntent") and turn.pending.get("yes") == "topic"

    def run(self, turn: Turn) -> Response:
        return answer(turn, turn.content.topics[turn.pending["topic"]])


class NextTopic(TurnHandler):
    def can(self, turn: Turn) -> bool:
        return turn.is_intent("AMAZON.NextIntent")

    def run(self, turn: Turn) -> Response:
        # "next" again while a topic is on offer moves on from that one.
        on_offer = turn.content.topics.get(turn.pending.get("topic", "")) \
            if turn.pending.get("yes") == "topic" else None
        topic = on_offer or current_topic(turn)
        offered = turn.content.topics[topic.related if topic else STARTER_TOPICS[0]]
        offer = turn.content.phrase("offer_next", name=offered.name)
        turn.expect(yes="topic", topic=offered.id)
        return turn.say(offer, reprompt=offer)


class ListTopics(TurnHandler):
    """Reads a few topic names at a time; asking again moves on to the next few."""

    def can(self, turn: Turn) -> bool:
        return turn.is_intent("ListTopicsIntent")

    def run(self, turn: Turn) -> Response:
        content: Content = turn.content
        topics = list(content.topics.values())
        start = turn.session.get("list_from", 0) % len(topics)
        page = topics[start:start + LIST_PAGE]
        last_page = start + LIST_PAGE >= len(topics)
        turn.session["list_from"] = 0 if last_page else start + LIST_PAGE  # then from the top
        turn.expect()
        listing = content.phrase("list_topics", topics=join_names([t.name for t in page]))
        return turn.say(listing, content.phrase("list_topics_end" if last_page
                                                else "list_topics_more"))
