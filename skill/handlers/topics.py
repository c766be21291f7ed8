"""Answers from the article: a short answer, "tell me more", related topics, and the topic list."""
from __future__ import annotations

from ..content import Topic
from ..session import Waiting
from ..speech import join_names
from ..turn import Reply, Turn, say

LIST_PAGE = 3  # topic names read in one breath for "what can I ask"
STARTER_TOPICS = ("what_helps", "stop_exercising")


def card(turn: Turn, topic: Topic, text: str) -> tuple[str, str]:
    content = turn.content
    credit = content.phrase("safety_credit") if topic.safety else content.credit
    return f"{content.card_title}: {topic.name[0].upper()}{topic.name[1:]}", \
        f"{content.written(text)}\n\n{credit}"


def answer_topic(turn: Turn, topic: Topic) -> Reply:
    state = turn.state
    title, text = card(turn, topic, topic.short)
    follow_up = turn.content.spoken(topic.follow_up)
    state.topic = topic.id
    state.pager = None  # "more" is about this answer now, not the notes
    state.answers += 1
    state.expect(Waiting.MORE)
    return Reply([turn.content.spoken(topic.short), follow_up], reprompt=follow_up,
                 card_title=title, card_text=text)


def answer_more(turn: Turn, topic: Topic) -> Reply:
    related = turn.content.topics[topic.related]
    offer = turn.content.phrase("offer_related", name=related.name)
    turn.state.topic = topic.id
    turn.state.expect(Waiting.TOPIC, topic=related.id)
    title, text = card(turn, topic, topic.more)
    return Reply([turn.content.spoken(topic.more), offer], reprompt=offer, card_title=title,
                 card_text=text)


def suggestions(turn: Turn) -> str:
    """Two topics closest to where the conversation is: the current topic's neighbours, or the
    starters."""
    topics = turn.content.topics
    current = current_topic(turn)
    ids = [current.related, topics[current.related].related] if current else []
    ids = [i for i in dict.fromkeys([*ids, *STARTER_TOPICS]) if not current or i != current.id]
    return join_names([topics[i].name for i in ids[:2]])


def current_topic(turn: Turn) -> Topic | None:
    return turn.content.topics.get(turn.state.topic or "")


def topic_question(turn: Turn) -> Reply:
    """A question asked in the article's own terms: each topic has its own intent."""
    return answer_topic(turn, turn.content.topic_for_intent(turn.intent))


def topic_by_name(turn: Turn) -> Reply:
    """ "tell me about stretching": the TOPIC slot's resolved id names the topic."""
    topic = turn.content.topics.get(turn.slot_id("topic") or "")
    if topic:
        return answer_topic(turn, topic)
    return say(turn.content.phrase("unknown_topic", suggestions=suggestions(turn)), remember=False)


def more_on_topic(turn: Turn) -> Reply:
    """ "yes" to "would you like to hear more?" """
    topic = current_topic(turn)
    if topic is None:
        return say(turn.content.phrase("no_topic_yet"))
    return answer_more(turn, topic)


def tell_me_more(turn: Turn) -> Reply:
    """ "tell me more" said when no more was offered: there is nothing more on that one."""
    topic = current_topic(turn)
    if topic is None:
        return say(turn.content.phrase("no_topic_yet"))
    if turn.state.waiting is Waiting.MORE:
        return answer_more(turn, topic)
    related = turn.content.topics[topic.related]
    offer = turn.content.phrase("offer_related", name=related.name)
    turn.state.expect(Waiting.TOPIC, topic=related.id)
    return say(turn.content.phrase("nothing_more"), offer, reprompt=offer)


def offered_topic(turn: Turn) -> Reply:
    """ "yes" after the skill offered a related topic."""
    return answer_topic(turn, turn.content.topics[turn.state.offered_topic])


def next_topic(turn: Turn) -> Reply:
    # "next" again while a topic is on offer moves on from that one.
    state, topics = turn.state, turn.content.topics
    on_offer = topics.get(state.offered_topic or "") if state.waiting is Waiting.TOPIC else None
    topic = on_offer or current_topic(turn)
    offered = topics[topic.related if topic else STARTER_TOPICS[0]]
    offer = turn.content.phrase("offer_next", name=offered.name)
    state.expect(Waiting.TOPIC, topic=offered.id)
    return say(offer, reprompt=offer)


def list_topics(turn: Turn) -> Reply:
    """Reads a few topic names at a time; asking again moves on to the next few."""
    content, state = turn.content, turn.state
    topics = list(content.topics.values())
    start = state.list_from % len(topics)
    page = topics[start:start + LIST_PAGE]
    last_page = start + LIST_PAGE >= len(topics)
    state.list_from = 0 if last_page else start + LIST_PAGE  # then from the top
    state.expect()
    listing = content.phrase("list_topics", topics=join_names([t.name for t in page]))
    return say(listing, content.phrase("list_topics_end" if last_page else "list_topics_more"))
