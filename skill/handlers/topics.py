"""Answers from the article: a short answer, "tell me more", related topics, and the topic list."""
from __future__ import annotations

from ..content import Topic
from ..session import Waiting
from ..speech import join_names
from ..turn import Reply, Turn, say
from .reflection import back_offer

STARTER_TOPICS = ("what_helps", "stop_exercising")


def card(turn: Turn, topic: Topic, text: str) -> tuple[str, str]:
    """The answer written out, with where it comes from: the article's credit only for what
    the article says, the outside source by name for the rest."""
    content = turn.content
    credit = topic.card_credit(topic.step_of(text))
    return f"{content.card_title}: {topic.name[0].upper()}{topic.name[1:]}", \
        f"{content.written(text)}\n\n{credit}"


def answer_topic(turn: Turn, topic: Topic) -> Reply:
    state = turn.state
    title, text = card(turn, topic, topic.short)
    state.topic, state.step = topic.id, 0
    state.pager = None  # "more" is about this answer now, not the notes
    state.answers += 1
    if state.in_flow:  # asked in the middle of a note or reflection: then back to it
        follow_up = back_offer(turn)
    else:
        follow_up = turn.content.spoken(topic.follow_up)
        state.expect(Waiting.MORE)
    return Reply([turn.content.spoken(topic.short), follow_up], reprompt=follow_up,
                 card_title=title, card_text=text)


def answer_more(turn: Turn, topic: Topic) -> Reply:
    """The next step of the longer answer, then the question that leads on: another step, or
    at the end a related topic (or, mid-reflection, the way back to it)."""
    state, content = turn.state, turn.content
    index = min(state.step, len(topic.more_steps) - 1)
    step = topic.more_steps[index]
    state.topic, state.step = topic.id, index + 1
    if state.in_flow:
        offer = back_offer(turn)
    elif index + 1 < len(topic.more_steps):
        offer = content.spoken(topic.step_offers[index])
        state.expect(Waiting.MORE)
    else:
        related = content.topics[topic.related]
        offer = content.phrase("offer_related", name=related.name)
        state.expect(Waiting.TOPIC, topic=related.id)
    title, text = card(turn, topic, step)
    return Reply([content.spoken(step), offer], reprompt=offer, card_title=title, card_text=text)


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
    found = turn.slot_id("topic") or ""
    if any(g.id == found for g in turn.content.topic_groups):
        return list_group(turn, found)
    # Unresolved by Alexa ("weight lifting"): the topic nearest by name, if any.
    topic = turn.content.topics.get(found) or turn.content.nearest_topic(turn.slot("topic"))
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
    """ "next" plays the related topic (the one on offer, if any), named first."""
    state, topics = turn.state, turn.content.topics
    on_offer = topics.get(state.offered_topic or "") if state.waiting is Waiting.TOPIC else None
    current = current_topic(turn)
    upcoming = on_offer or (topics[current.related] if current else topics[STARTER_TOPICS[0]])
    played = answer_topic(turn, upcoming)
    played.speech.insert(0, turn.content.phrase("next_is", name=upcoming.name))
    return played


def list_topics(turn: Turn) -> Reply:
    """The topics in a few named groups, in one breath; naming a group lists what is in it."""
    content = turn.content
    turn.state.expect()
    groups = join_names([g.name for g in content.topic_groups], "and")
    return say(content.phrase("list_groups", groups=groups))


def list_group(turn: Turn, group_id: str) -> Reply:
    content = turn.content
    group = next(g for g in content.topic_groups if g.id == group_id)
    names = join_names([content.topics[t].name for t in group.topics])
    turn.state.expect()
    return say(content.phrase("list_group", group=group.name, topics=names))
