"""The spoken content: every question in the article covered, written for the ear, adapted
rather than copied, credited, and localised by small overlays."""
import re
import subprocess
import sys
from pathlib import Path

import pytest

from skill.content import LOCALES, expand, load_content

REPO = Path(__file__).resolve().parent.parent
VERBATIM_CHECK = REPO.parent / "shared" / "tools" / "verbatim-check"
ARTICLE_TOPICS = {"serious", "non_specific", "cancer", "how_long", "what_helps",
                  "stop_exercising", "movement_heals", "new_activity", "start_again",
                  "pain_damage", "lifting_spine", "weight_training", "yoga_tai_chi",
                  "tightness", "stretching", "scared", "see_doctor", "author", "contact"}
EMERGENCY = {"en-US": ("911", "nine one one"), "en-CA": ("911", "nine one one"),
             "en-GB": ("999", "nine nine nine"), "en-AU": ("000", "triple zero"),
             "en-IN": ("112", "one one two")}
EN = load_content("en-US")


def spoken_texts(content):
    for topic in content.topics.values():
        yield topic.id, content.spoken(topic.short)
        yield topic.id, content.spoken(topic.more)
        yield topic.id, content.spoken(topic.follow_up)
    yield "urgent", content.spoken(content.red_flags.urgent)


def test_expansion_syntax():
    assert expand("(should|do) i (need to |)stop") == [
        "should i need to stop", "should i stop", "do i need to stop", "do i stop"]


def test_every_question_in_the_article_has_a_topic():
    assert ARTICLE_TOPICS <= set(EN.topics)


@pytest.mark.parametrize("topic", EN.topics.values(), ids=lambda t: t.id)
def test_answers_are_short_and_offer_a_follow_up(topic):
    assert len(topic.short.split()) <= 60, "a short answer is at most 60 words, about 25 seconds"
    assert len(topic.more.split()) > len(topic.short.split()) / 2
    assert topic.follow_up.endswith("?")
    assert topic.related in EN.topics and topic.related != topic.id
    assert topic.source


@pytest.mark.parametrize("topic", EN.topics.values(), ids=lambda t: t.id)
def test_sentences_are_short_one_idea_each(topic):
    for text in (topic.short, topic.more):
        for sentence in re.split(r"(?<=[.?!])\s+", text):
            assert len(sentence.split()) <= 28, sentence


def test_spoken_text_has_no_symbols_lists_or_digits():
    for topic_id, text in spoken_texts(EN):
        assert not re.search(r"[0-9%&/()<>;:\u2022*]", text), f"{topic_id}: {text}"


def test_numbers_from_the_article_are_said_naturally():
    assert "one in a hundred" in (EN.topics["cancer"].short + EN.topics["cancer"].more).lower()
    assert "two to six weeks" in EN.topics["how_long"].short.lower()


def test_author_and_painchats_are_credited():
    assert "Dr Jarod Hall" in EN.credit and "PainChats" in EN.credit
    assert "Jarod Hall" in EN.topics["author"].short
    assert "hello at painchats dot com" in EN.spoken(EN.topics["contact"].short)
    assert "hello@painchats.com" in EN.written(EN.topics["contact"].short)


def test_see_a_doctor_is_marked_as_safety_content_with_the_emergency_number():
    topic = EN.topics["see_doctor"]
    assert topic.safety and "{emergency}" in topic.short + topic.more
    assert [t.id for t in EN.topics.values() if t.safety] == ["see_doctor"]


def test_no_diagnosis_or_promise_to_call_for_help():
    for topic_id, text in spoken_texts(EN):
        lowered = text.lower()
        for claim in ("you probably have", "you definitely have", "this means you have",
                      "will cure", "cures back pain", "i will call", "i'll call", "i can call"):
            assert claim not in lowered, f"{topic_id}: {claim}"


@pytest.mark.parametrize("locale", LOCALES)
def test_each_locale_has_its_emergency_number(locale):
    content = load_content(locale)
    written, spoken = EMERGENCY[locale]
    assert spoken in content.spoken(content.red_flags.urgent)
    assert written in content.written(content.red_flags.urgent_card)


def test_british_locales_spell_the_british_way_from_the_same_base():
    gb, us = load_content("en-GB"), load_content("en-US")
    assert gb.topics.keys() == us.topics.keys()
    for topic_id in us.topics:
        for field in ("short", "more"):
            text = getattr(gb.topics[topic_id], field)
            assert not re.search(r"\b(behavior|center|color)\b", text), topic_id
    assert "one one one" in gb.spoken("{urgent_extra}")
    assert "NHS 111" in gb.written("{urgent_extra}")


def test_red_flag_keywords_fire_on_red_flags_and_not_on_ordinary_pain():
    flags = EN.red_flags
    for said in ("I can't control my bladder", "my groin feels numb", "I have a fever too",
                 "I fell off a ladder"):
        assert flags.found_in(said), said
    for said in ("my back hurts when I sit", "my back feels tight after yoga",
                 "I want to keep walking every day"):
        assert not flags.found_in(said), said


@pytest.mark.skipif(not VERBATIM_CHECK.exists(), reason="shared/tools is not beside this checkout")
def test_nothing_is_copied_from_the_article():
    result = subprocess.run([sys.executable, str(VERBATIM_CHECK), str(REPO)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_notes_are_tidied_for_reading_not_changed_in_meaning():
    from skill import reflection

    def tidy(said):
        return reflection.tidy(said, EN.capitalised)
    assert tidy("i think i'm better since monday.") == "I think I'm better since Monday"
    assert tidy("  i may march on  ") == "I may march on"
    assert tidy("pain & stiffness <worse>") == "Pain & stiffness <worse>"


def test_crisis_words_are_found_inside_free_speech():
    flags = EN.red_flags
    for said in ("I feel like ending my life", "I can't go on like this",
                 "I'd be better off dead", "I've been cutting myself"):
        assert flags.crisis_in(said), said
    assert not flags.crisis_in("I want to go on walking every day")
    assert flags.crisis_in("no, I want to die"), "a leading no is not a denial of a crisis"


def test_a_red_flag_denied_just_before_is_not_an_alarm_but_one_stated_is():
    flags = EN.red_flags
    for said in ("no fever", "I've never had cancer", "without chest pain"):
        assert not flags.found_in(said), said
    for said in ("I could not control my bladder", "I can't hold my pee", "fever since Monday",
                 "I have no feeling in my legs", "no sensation down there",
                 "I have no bladder control since Tuesday", "zero bladder control",
                 "I do not have bladder control", "no, I fell down the stairs on Sunday"):
        assert flags.found_in(said), said


def _string_constants(path, docstrings=True):
    import ast
    tree = ast.parse(path.read_text("utf-8"))
    skip = set() if docstrings else {
        id(node.body[0].value) for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef)) and node.body
        and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant)
            and isinstance(node.value, str) and id(node) not in skip}


def test_every_phrase_key_in_code_exists_and_every_phrase_is_used():
    import ast
    sources = [p for p in (REPO / "skill").rglob("*.py")]
    asked = set()
    for path in sources:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "phrase"
                    and node.args and isinstance(node.args[0], ast.Constant)):
                asked.add(node.args[0].value)
    assert asked - set(EN.phrases) == set(), "phrase keys used in code but missing from the TOML"
    # A key chosen at run time ("error" or "notes_trouble") is still written in the code.
    written = set().union(*(_string_constants(p) for p in sources))
    assert set(EN.phrases) - written == set(), "phrases in the TOML that no code says"


def test_spoken_english_lives_in_the_content_files():
    """No spoken sentence in Python: a literal with three or more words that ends like a
    sentence would be text a translator or clinician cannot reach."""
    import re as _re
    speaking = [*(REPO / "skill" / "handlers").glob("*.py"),
                *(REPO / "skill" / n for n in ("turn.py", "dates.py", "reflection.py", "speech.py"))]
    for path in speaking:
        for text in _string_constants(path, docstrings=False):
            assert not _re.fullmatch(r"[A-Z][a-z']+( [a-z',]+){2,}[.?!]", text), (path.name, text)
