"""The local understanding: a classifier trained from the generated model that gives every sample
back to its own intent, keeps out-of-domain words out, is cached, and the evaluation that
measures it (including the Alexa NLU annotation export)."""
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from skill import model_build
from skill.content import LOCALES, load_content
from skill.local import classifier as classifier_module
from skill.local import evaluate
from skill.local.nlu import Resolver
from skill.safety import Alarm, alarm_for_intent

REPO = Path(__file__).resolve().parent.parent
MODELS = {locale: model_build.language_model(load_content(locale)) for locale in ("en-US", "en-GB")}


@pytest.mark.parametrize("locale", MODELS)
def test_the_classifier_gives_every_sample_back_to_its_own_intent(locale):
    """The round trip through the statistical classifier alone: every sample of the model, its
    slots filled with their types' values, is classified as its own intent."""
    content = load_content(locale)
    trained = classifier_module.for_model(MODELS[locale], content.builtin_phrases)
    texts, labels = classifier_module.training_set(MODELS[locale], content.builtin_phrases, [])
    predicted = trained.predict_many(texts)
    wrong = [f"{t!r}: {want} -> {got}" for t, want, got in zip(texts, labels, predicted)
             if got != want]
    assert not wrong, f"{len(wrong)} of {len(texts)}:\n" + "\n".join(wrong[:20])


def test_out_of_domain_words_go_to_the_fallback():
    resolver = Resolver.for_locale("en-US")
    for said in ("what's the weather in lisbon", "play some jazz", "order a pizza",
                 "how many legs does a spider have"):
        assert resolver.resolve(said).intent == "AMAZON.FallbackIntent", said


def test_phrasings_that_are_not_samples_reach_their_intent_with_slots():
    resolver = Resolver.for_locale("en-GB")
    said = "um so like my lower back is killing me can i still play netball this weekend"
    assert resolver.resolve(said).intent == "StopExercisingIntent"
    said = "when can i get back to the gym because i've got a high temperature"
    red = resolver.resolve(said)
    assert red.intent == "RedFlagIntent"
    # The symptom slot holds the words said, as Alexa tags a span: entity resolution does not
    # pick "high temperature" out of a longer story. The skill reads the words for the tier.
    symptom = {s.name: s for s in red.slots}["symptom"]
    assert (symptom.value, symptom.resolved_id) == (said, None)
    assert alarm_for_intent(red.intent, {"symptom": (symptom.value, None)}) == \
        Alarm("urgent", "fever")
    said = "i've got a high temperature"  # a sample's frame with a value in it: resolved
    symptom = {s.name: s for s in resolver.resolve(said).slots}["symptom"]
    assert (symptom.value, symptom.resolved_id) == ("a high temperature", "fever")


def test_a_red_flag_fills_one_sign_slot_as_alexa_fills_one_samples_slots():
    """A story frame of one sign fills that sign's slot, resolved to its id; words no frame
    fits go to {symptom} whole. Never every sign slot at once."""
    resolver = Resolver.for_locale("en-GB")
    def signs(text):
        return [s for s in resolver.fill_slots("RedFlagIntent", text)
                if s.slot_type.startswith("RED_FLAG")]
    framed = signs("i've got a cold and it hurts when i cough")
    assert [(s.name, s.value, s.resolved_id) for s in framed] == \
        [("cough", "it hurts when i cough", "sneeze_cough_poo")]
    story = "so i beat lymphoma ages back and my back has been aching this month"
    [symptom] = signs(story)
    assert (symptom.name, symptom.value) == ("symptom", story)
    assert alarm_for_intent("RedFlagIntent", {"symptom": (story, None)}) == \
        Alarm("urgent", "cancer_history")
    # Words in a frame's slot that name no sign alone ("... and it's no better") get the
    # emergency advice, as any red flag the skill cannot read: the frame's own sign would be
    # lower than a sign the rules missed in them (a review). A sign ruled out is no alarm, and
    # a crisis outranks.
    rested = signs("i've had a lie down for a week but it's no better")
    assert [(s.name, s.value) for s in rested] == [("night", "it's no better")]
    assert alarm_for_intent("RedFlagIntent", {"night": ("it's no better", None)}) == \
        Alarm("emergency", None)
    assert alarm_for_intent("RedFlagIntent", {"night": ("no fever", None)}) is None
    assert alarm_for_intent("RedFlagIntent", {"night": ("i want to die", None)}) == \
        Alarm("crisis", "crisis")


def test_while_a_slot_is_asked_for_free_words_become_its_value():
    """Elicitation: the classifier is not asked, so a note is not taken for a topic question."""
    resolver = Resolver.for_locale("en-US")
    assert resolver.resolve("stretching helped my back today", fuzzy=False).intent == \
        "AMAZON.FallbackIntent"
    assert resolver.resolve("read my notes", fuzzy=False).intent == "ReadNotesIntent"


def test_the_trained_classifier_is_cached_by_a_hash_of_the_model_and_its_code(tmp_path, monkeypatch):
    monkeypatch.setenv("PAINCHATS_NLU_CACHE", str(tmp_path))
    monkeypatch.setattr(classifier_module, "_LOADED", {})
    content = load_content("en-US")
    first = classifier_module.for_model(MODELS["en-US"], content.builtin_phrases)
    cached = list(tmp_path.glob("classifier-*.pickle"))
    assert len(cached) == 1
    monkeypatch.setattr(classifier_module, "_LOADED", {})
    monkeypatch.setattr(classifier_module.IntentClassifier, "train",
                        classmethod(lambda cls, *a, **kw: pytest.fail("trained again")))
    again = classifier_module.for_model(MODELS["en-US"], content.builtin_phrases)
    assert again.predict("does stretching help").intent == \
        first.predict("does stretching help").intent == "StretchingIntent"
    # A change to the code that shapes training (the safety rules' reading of words, say)
    # is not served from the old cache.
    changed = tmp_path / "safety.py"
    changed.write_text("# the rules' code, edited\n")
    monkeypatch.setattr(classifier_module, "_LOADED", {})
    monkeypatch.setattr(classifier_module, "TRAINING_CODE",
                        (*classifier_module.TRAINING_CODE, changed))
    with pytest.raises(pytest.fail.Exception, match="trained again"):
        classifier_module.for_model(MODELS["en-US"], content.builtin_phrases)


def test_the_lambda_package_does_not_need_the_classifier():
    runtime = (REPO / "requirements.txt").read_text()
    local = (REPO / "requirements-local.txt").read_text()
    assert "scikit-learn" not in runtime and "scikit-learn==" in local
    for line in local.splitlines():
        if line and not line.startswith("#"):
            assert re.fullmatch(r"[A-Za-z0-9_.-]+==[0-9][^ ]*", line), line
    # The Lambda handler imports without touching the local conversation's packages.
    code = ("import sys; import skill.lambda_function; "
            "assert 'sklearn' not in sys.modules, 'sklearn imported'")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)


CORPUS = [
    {"text": "is it ok to keep running with a sore back", "expect": "topic:stop_exercising",
     "locale": "en-US", "form": "plain"},
    {"text": "i've got a temperature and my back hurts", "expect": "urgent", "locale": "en-GB",
     "form": "plain"},
    {"text": "both my legs have gone numb", "expect": "emergency", "locale": "en-AU",
     "form": "as_note"},
    {"text": "i want to end it all", "expect": "crisis", "locale": "en-IN", "form": "plain"},
    {"text": "does a groin stretch help", "expect": "none", "locale": "en-CA", "form": "plain",
     "topic": "stretching"},
    {"text": "what's the capital of peru", "expect": "none", "locale": "en-US", "form": "plain"},
]


def test_the_evaluation_runs_a_corpus_through_chat_and_lists_misses(tmp_path):
    corpus = tmp_path / "mini.yaml"
    corpus.write_text(yaml.safe_dump(CORPUS))
    [report] = evaluate.evaluate([corpus])
    outcomes = {o.item["text"]: o for o in report.outcomes}
    assert all(o.chat_ok for o in outcomes.values()), [
        (t, o.heard) for t, o in outcomes.items() if not o.chat_ok]
    assert outcomes["i've got a temperature and my back hurts"].tier_ok
    assert outcomes["both my legs have gone numb"].classifier_ok is None  # a note: chat only
    table = evaluate.summarise(report)
    assert str(table["all"]["crisis caught with the line (chat)"]) == "1/1 (100%)"
    # A corpus whose expectation is wrong shows up as a listed miss.
    corpus.write_text(yaml.safe_dump([{**CORPUS[0], "expect": "topic:cancer"}]))
    out = tmp_path / "out.txt"
    with out.open("w") as stream:
        evaluate.print_report(evaluate.evaluate([corpus]), stream)
    assert "Misses through chat (1)" in out.read_text()
    assert CORPUS[0]["text"] in out.read_text()


def test_the_corpus_exports_as_alexa_nlu_annotation_sets(tmp_path):
    """The body of Amazon's NLU annotation set API (application/json): {"data": [{"inputs":
    {"utterance"}, "expected": [{"intent": {"name", "slots"?}}]}]}, one file per locale, with
    intents and slots that exist in the deployed model."""
    corpus = tmp_path / "mini.yaml"
    corpus.write_text(yaml.safe_dump(CORPUS))
    written = evaluate.export_annotations([corpus], tmp_path / "sets")
    assert sorted(p.name for p in written) == [f"mini.{loc}.json" for loc in sorted(LOCALES)]
    for path in written:
        locale = path.name.split(".")[1]
        language = model_build.language_model(load_content(locale))["interactionModel"][
            "languageModel"]
        slots = {i["name"]: {s["name"] for s in i.get("slots", [])} for i in language["intents"]}
        body = json.loads(path.read_text())
        assert set(body) == {"data"} and body["data"]
        for annotation in body["data"]:
            assert set(annotation) == {"inputs", "expected"}
            assert isinstance(annotation["inputs"]["utterance"], str)
            [expected] = annotation["expected"]
            intent = expected["intent"]
            assert intent["name"] in slots, intent
            assert set(intent.get("slots", {})) <= slots[intent["name"]]
            for value in intent.get("slots", {}).values():
                assert set(value) == {"value"}
    au = json.loads((tmp_path / "sets" / "mini.en-AU.json").read_text())["data"]
    assert au == [{"inputs": {"utterance": "note that both my legs have gone numb"},
                   "expected": [{"intent": {"name": "AddNoteIntent", "slots": {
                       "note": {"value": "both my legs have gone numb"}}}}]}]
    ca = json.loads((tmp_path / "sets" / "mini.en-CA.json").read_text())["data"]
    assert ca[0]["expected"][0]["intent"]["name"] == "StretchingIntent"


def test_every_corpus_file_in_the_evaluation_folder_is_taken():
    files = evaluate.corpus_files()
    assert any(p.name == "dev.yaml" for p in files)
    for path in files:
        for item in evaluate.load_corpus(path):
            kind, _, topic = item["expect"].partition(":")
            assert kind in ("topic", "emergency", "urgent", "crisis", "none"), item
            assert kind != "topic" or topic in load_content(item["locale"]).topics, item


def test_no_corpus_phrasing_is_a_sample_of_the_model():
    """The corpora measure phrasings kept apart from the samples: none may be a sample said
    exactly, or a sample's pattern with its slots filled (that would measure recall of the
    samples, not understanding), apart from the common ways of asking that both sides reached on
    their own, listed in shared_with_samples.txt."""
    listed = {line.strip() for line in
              (REPO / "tests" / "evaluation" / "shared_with_samples.txt").read_text().splitlines()
              if line.strip() and not line.startswith("#")}
    resolvers = {}
    copied = []
    for path in evaluate.corpus_files():
        for item in evaluate.load_corpus(path):
            if item.get("form") == "as_note":
                continue
            locale = item["locale"]
            resolver = resolvers.get(locale) or resolvers.setdefault(
                locale, Resolver.for_locale(locale))
            if resolver.is_sample(item["text"]):
                copied.append(f"{path.name}: {item['text']}")
    assert set(copied) <= listed, "\n".join(sorted(set(copied) - listed))
    assert Resolver.for_locale("en-GB").is_sample("is my back pain serious")


def test_the_plain_arrays_score_exactly_as_scikit_learn_does():
    """Predictions need only numpy; the arrays kept must give scikit-learn's own scores."""
    import numpy
    content = load_content("en-GB")
    texts, labels = classifier_module.training_set(
        MODELS["en-GB"], content.builtin_phrases, classifier_module.out_of_domain_sentences())
    trained = classifier_module.IntentClassifier.train(
        texts, labels, entities=classifier_module.entity_values(MODELS["en-GB"]))
    said = texts[::97] + ["", "hi", "um so like my back is proper knackered after footy"]
    expected = trained.pipeline.decision_function(said)
    got = numpy.array([trained.scores(t) for t in said])
    assert numpy.allclose(expected, got, atol=1e-9)
