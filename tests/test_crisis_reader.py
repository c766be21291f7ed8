"""The learned second reading of free words for crises said sideways (safety.CrisisReader,
trained by skill/crisis_training.py):
it reads as scikit-learn trained it, it catches what the rules miss, and it is part of what
every note and aside is read with."""
import pytest

from skill import crisis_training, safety


@pytest.fixture(scope="module")
def trained():
    texts, labels = crisis_training.training_data("en")
    return crisis_training.train(texts, labels), texts


def test_the_plain_reading_scores_as_scikit_learn_does(trained):
    reader, texts = trained
    vectorizer, model = reader.fitted
    said = texts[::211] + ["", "hi", "i've left the cat with my sister for when i'm gone"]
    expected = model.predict_proba(vectorizer.transform(said))[:, 1]
    assert [round(reader.probability(t), 9) for t in said] == pytest.approx(expected, abs=1e-9)


def test_the_committed_weights_read_as_the_trained_ones(trained):
    """Four decimals kept: the committed file decides as the full weights do."""
    reader, texts = trained
    kept = safety.crisis_reader("en")
    for text in texts[::97]:
        assert kept.probability(text) == pytest.approx(reader.probability(text), abs=2e-3), text


# Written for this test, not taken from any corpus: a crisis hinted at, in words no rule names.
@pytest.mark.parametrize("said", [
    "i've written each of the grandchildren a card to open next year because i won't be there",
    "there's nothing left for me here and i've put everything in order",
])
def test_a_crisis_said_sideways_is_read_as_one(said):
    assert not safety.crisis_in(said)  # the rules alone miss it
    assert safety.assess(said) == safety.Alarm("crisis", "crisis")


@pytest.mark.parametrize("said", [
    "walking helped a lot today and the stretches felt easier",
    "i'm tired of this pain but the physio says it will ease",
    "ask the physio whether i can go back to swimming next month",
])
def test_ordinary_notes_stay_notes(said):
    assert safety.assess(said) is None


def test_the_reader_is_what_the_safety_rules_read_with():
    assert safety.recogniser("en").reader is safety.crisis_reader("en")


def test_the_committed_reader_is_trained_on_the_committed_model():
    assert crisis_training.stale() == [], "run: python -m skill model build"


def test_no_corpus_phrasing_is_taught_to_the_reader():
    """The corpora measure what the reader was never shown: no sentence it learns from (the
    hints, the everyday sentences) is a corpus phrasing."""
    from skill.local import evaluate
    taught = set(crisis_training.sentences("en", crisis_training.HINTS)
                 + crisis_training.sentences("en", crisis_training.EVERYDAY))
    corpus = {item["text"].strip().lower() for path in evaluate.corpus_files()
              for item in evaluate.load_corpus(path)}
    assert sorted(taught & corpus) == []


@pytest.mark.parametrize("fragment", ["left", "all time", "left leg", "for good"])
def test_a_slot_s_word_or_two_is_not_read_as_a_sentence(fragment):
    """Alexa fills a slot with a fragment ("why does my back feel so tight all time" gives the
    aside "all time"); the reader was taught sentences, and alone "left" scores as "nothing
    left" does."""
    assert safety.assess(fragment) is None


def test_a_sign_the_rules_found_in_one_slot_outranks_the_reader_in_another():
    """The reader speaks only where the rules found nothing: in a request, nothing in any
    slot. Emergency advice for the sign, not the crisis line for the reader's guess."""
    sideways = "there's nothing left for me here and i've put everything in order"
    sign = "i can't hold my pee anymore it just leaks out"
    assert safety.assess(sideways) == safety.Alarm("crisis", "crisis")
    assert safety.assess(sign).kind == "emergency"
    alarm = safety.alarm_for_intent("WhatHelpsIntent",
                                    {"aside": (sideways, None), "pain": (sign, None)})
    assert alarm == safety.assess(sign)
    assert safety.alarm_for_intent("WhatHelpsIntent", {"aside": (sideways, None)}) \
        == safety.Alarm("crisis", "crisis")


@pytest.mark.parametrize("intent, slots", [
    ("RedFlagIntent", {"symptom": ("soon none of this will be my problem", None)}),
    ("NoSignIntent", {"denied": ("soon none of this will be my problem", None)}),
    ("NoSignIntent", {"denied": ("fever but soon none of this will be my problem", None)}),
])
def test_the_reader_speaks_in_a_red_flag_request_where_the_rules_found_nothing(intent, slots):
    """A sign ruled out or a red-flag request whose words hold no sign the rules know still
    has its words read for a crisis: never "that is not an alarm"."""
    (words, _), = slots.values()
    assert not safety.crisis_in(words)  # the rules alone miss it
    assert safety.alarm_for_intent(intent, slots) == safety.Alarm("crisis", "crisis")
