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
