"""Every topic asked every way its content says people ask it, through the whole skill."""
import re

import pytest

from skill.content import LOCALES, load_content
from skill.model_build import language_model
from talk import Talk, fragments

EN = load_content("en-US")
# A sample's slots ("my {area} {pain}") said with the first value of their type.
_TYPES = language_model(EN)["interactionModel"]["languageModel"]["types"]
FIRST = {t["name"]: t["values"][0]["name"]["value"] for t in _TYPES}
SLOT_TYPE = {name: t for name, t in EN.understanding.get("slots", {}).items()}


def said(utterance: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: FIRST[SLOT_TYPE[m.group(1)]], utterance)


@pytest.mark.parametrize("topic", EN.topics.values(), ids=lambda t: t.id)
def test_every_utterance_gets_the_short_answer_a_follow_up_and_a_card(topic, tmp_path):
    talk = Talk(tmp_path)
    conversation = talk.conversations[talk.default]
    credit = EN.phrase("safety_credit") if topic.safety else EN.credit
    for utterance in map(said, topic.utterances):
        exchange = conversation.say(utterance)
        assert exchange.resolution.intent == topic.intent, utterance
        speech = exchange.speech.lower()
        for fragment in fragments(EN, f"topic.{topic.id}.short"):
            assert fragment.lower() in speech, utterance
        assert speech.endswith(EN.spoken(topic.follow_up).lower())
        assert exchange.session_open
        assert credit in exchange.card["content"]


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("topic", EN.topics.values(), ids=lambda t: t.id)
def test_tell_me_about_each_topic_in_each_locale(topic, locale, tmp_path):
    content = load_content(locale)
    talk = Talk(tmp_path, locale=locale)
    exchange = talk.conversations[talk.default].say(f"tell me about {topic.slot_values[0]}")
    assert exchange.resolution.intent == "TopicIntent"
    assert content.spoken(content.topics[topic.id].short).lower() in exchange.speech.lower()


@pytest.mark.parametrize("locale", LOCALES)
def test_every_step_of_every_longer_answer_plays_in_every_locale(locale, tmp_path):
    """"yes" after each step goes on to the next; each card names where that step comes from."""
    content = load_content(locale)
    talk = Talk(tmp_path, locale=locale)
    conversation = talk.conversations[talk.default]
    for topic in content.topics.values():
        first = conversation.say(f"tell me about {topic.slot_values[0]}")
        assert content.spoken(topic.short).lower() in first.speech.lower(), topic.id
        for index, step in enumerate(topic.more_steps):
            exchange = conversation.say("yes")
            assert content.spoken(step).lower() in exchange.speech.lower(), (topic.id, index)
            assert exchange.card["content"].endswith(topic.card_credit(index)), (topic.id, index)
            assert exchange.session_open
        conversation.say("no")
