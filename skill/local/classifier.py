"""A statistical intent classifier trained from the generated interaction model, standing in for
Alexa's own understanding in the local conversation.

It learns from exactly what Alexa is given: every sample of every intent (slots filled with
their types' values), the phrasings Alexa's built-in intents already know, and a set of
out-of-domain sentences (out_of_domain.txt) that teach it what AMAZON.FallbackIntent gets.
Word and character n-grams (TF-IDF) feed a linear model; a score below the floor also falls
back, as Alexa does with speech it cannot place.

Training takes a few seconds, so the trained model is cached on disk, keyed by a hash of what
it learns from: a one-turn `python -m skill chat --say ...` loads it in well under a second.
Needs requirements-local.txt (scikit-learn); the Lambda package does not include it.
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

FALLBACK = "AMAZON.FallbackIntent"
OUT_OF_DOMAIN = Path(__file__).with_name("out_of_domain.txt")
VERSION = "10"  # bump when training changes, so old caches are not used
# Below this decision score the best intent is not trusted: Alexa's fallback.
FLOOR = -0.7
C = 3.0  # little regularisation: every sample of the model comes back to its own intent
# Values tried in each sample slot while training, and what free-speech slots are filled with.
VALUES_PER_SLOT = 4
SEARCH_QUERY_FILLERS = (
    "my knee was sore on the stairs", "walking helped a lot today", "the stretches felt good",
    "i slept better last night", "i want to try swimming next week", "work was stressful",
    "the physio said to keep moving", "it surprised me that rest is not best",
)
DATE_FILLERS = ("yesterday", "last week", "on monday", "today", "this month")
_SLOT = re.compile(r"\{(\w+)\}")
KEEP_CACHED = 10  # cached models kept on disk


@dataclass
class Prediction:
    intent: str
    score: float
    second: str | None = None


def cache_dir() -> Path:
    configured = os.environ.get("PAINCHATS_NLU_CACHE")
    if configured:
        return Path(configured)
    if sys.prefix != sys.base_prefix:  # in a virtual environment (make run, make test)
        return Path(sys.prefix) / "var" / "painchats-nlu"
    return Path.home() / ".cache" / "painchats-nlu"


def training_set(model: dict, builtin_phrases: dict[str, tuple[str, ...]],
                 out_of_domain: list[str]) -> tuple[list[str], list[str]]:
    language = model["interactionModel"]["languageModel"]
    values: dict[str, list[str]] = {"AMAZON.SearchQuery": list(SEARCH_QUERY_FILLERS),
                                    "AMAZON.DATE": list(DATE_FILLERS)}
    for slot_type in language.get("types", []):
        values[slot_type["name"]] = [n for v in slot_type["values"]
                                     for n in [v["name"]["value"], *v["name"].get("synonyms", [])]]
    texts, labels = [], []
    turn = 0  # round-robin through each type's values, so every value is seen
    for intent in language["intents"]:
        types = {s["name"]: s["type"] for s in intent.get("slots", [])}
        for sample in intent.get("samples", []):
            names = _SLOT.findall(sample)
            if not names:
                texts.append(sample)
                labels.append(intent["name"])
                continue
            for _ in range(VALUES_PER_SLOT):
                filled = sample
                for name in names:
                    pool = values.get(types.get(name, ""), ["something"])
                    filled = filled.replace("{" + name + "}", pool[turn % len(pool)], 1)
                    turn += 1
                texts.append(filled)
                labels.append(intent["name"])
    for intent, phrases in builtin_phrases.items():
        texts += list(phrases)
        labels += [intent] * len(phrases)
    texts += out_of_domain
    labels += [FALLBACK] * len(out_of_domain)
    return texts, labels


def out_of_domain_sentences() -> list[str]:
    lines = OUT_OF_DOMAIN.read_text("utf-8").splitlines()
    return [ln.strip().lower() for ln in lines if ln.strip() and not ln.startswith("#")]


class IntentClassifier:
    """The trained model, kept as plain arrays: scikit-learn trains it, but a prediction needs
    only numpy, so a one-turn chat does not pay for importing scikit-learn (a second or more)."""

    def __init__(self, vocabularies: list[dict[str, int]], idfs: list, coef, intercept,
                 classes: list[str], floor: float = FLOOR):
        self.vocabularies, self.idfs = vocabularies, idfs
        self.coef, self.intercept, self.classes = coef, intercept, classes
        self.floor = floor

    @classmethod
    def train(cls, texts: list[str], labels: list[str]) -> "IntentClassifier":
        pipeline = _pipeline()
        pipeline.fit(texts, labels)
        union, svm = pipeline.steps[0][1], pipeline.steps[1][1]
        vectorizers = [v for _, v in union.transformer_list]
        trained = cls([dict(v.vocabulary_) for v in vectorizers], [v.idf_ for v in vectorizers],
                      svm.coef_, svm.intercept_, [str(c) for c in svm.classes_])
        trained.pipeline = pipeline  # for checking the plain arrays against it, not pickled
        return trained

    def __getstate__(self):
        state = dict(self.__dict__)
        state.pop("pipeline", None)
        return state

    def scores(self, text: str):
        import numpy
        columns, values, offset = [], [], 0
        for analyse, vocabulary, idf in zip(ANALYSERS, self.vocabularies, self.idfs):
            counts: dict[int, int] = {}
            for gram in analyse(text.lower()):
                index = vocabulary.get(gram)
                if index is not None:
                    counts[index] = counts.get(index, 0) + 1
            if counts:
                index = numpy.fromiter(counts, dtype=numpy.int64)
                weight = (1.0 + numpy.log(numpy.fromiter(counts.values(), dtype=float))) * idf[index]
                columns.append(index + offset)
                values.append(weight / numpy.sqrt((weight ** 2).sum()))
            offset += len(vocabulary)
        if not columns:
            return self.intercept.copy()
        columns, values = numpy.concatenate(columns), numpy.concatenate(values)
        return self.coef[:, columns] @ values + self.intercept

    def predict(self, text: str) -> Prediction:
        scores = self.scores(text)
        order = scores.argsort()[::-1]
        best, second = self.classes[order[0]], self.classes[order[1]]
        if scores[order[0]] < self.floor:
            return Prediction(FALLBACK, float(scores[order[0]]), best)
        return Prediction(best, float(scores[order[0]]), second)

    def predict_many(self, texts: list[str]) -> list[str]:
        return [self.predict(t).intent for t in texts]


_TOKEN = re.compile(r"[a-z0-9']+")
_SPACES = re.compile(r"\s\s+")


def _words(text: str) -> list[str]:
    """Word unigrams and bigrams, as scikit-learn's TfidfVectorizer(ngram_range=(1, 2))."""
    tokens = _TOKEN.findall(text)
    return tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:])]


def _chars(text: str) -> list[str]:
    """Character 2- to 5-grams inside word boundaries, as analyzer="char_wb"."""
    grams = []
    for word in _SPACES.sub(" ", text).split():
        word = f" {word} "
        for n in range(2, 6):
            offset = 0
            grams.append(word[offset:offset + n])
            while offset + n < len(word):
                offset += 1
                grams.append(word[offset:offset + n])
            if offset == 0:  # a word shorter than n
                break
    return grams


ANALYSERS = (_words, _chars)


def _pipeline():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion, make_pipeline
    from sklearn.svm import LinearSVC

    features = FeatureUnion([
        ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True,
                                  token_pattern=_TOKEN.pattern)),
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True,
                                  min_df=2)),
    ])
    # random_state: liblinear shuffles; a fixed seed gives the same model on every machine.
    return make_pipeline(features, LinearSVC(C=C, class_weight="balanced", max_iter=20000,
                                             random_state=0))


_LOADED: dict[str, IntentClassifier] = {}


def for_model(model: dict, builtin_phrases: dict[str, tuple[str, ...]]) -> IntentClassifier:
    """The classifier for this model: from memory, else from the disk cache, else trained now
    (and cached)."""
    out_of_domain = out_of_domain_sentences()
    key = hashlib.sha256(json.dumps(
        [VERSION, model, {k: list(v) for k, v in sorted(builtin_phrases.items())}, out_of_domain],
        sort_keys=True).encode()).hexdigest()[:20]
    if key in _LOADED:
        return _LOADED[key]
    path = cache_dir() / f"classifier-{key}.pickle"
    classifier = None
    if path.exists():
        try:
            classifier = pickle.loads(path.read_bytes())
        except Exception:  # a cache from another library version: train again
            classifier = None
    if classifier is None:
        classifier = IntentClassifier.train(*training_set(model, builtin_phrases, out_of_domain))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as tmp:
                tmp.write(pickle.dumps(classifier, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(tmp.name, path)  # whole or not at all, even with two processes
            # One per locale is in use; older models' files go, beyond a few.
            for old in sorted(path.parent.glob("classifier-*.pickle"),
                              key=lambda p: p.stat().st_mtime, reverse=True)[KEEP_CACHED:]:
                old.unlink(missing_ok=True)
        except OSError:
            pass  # a read-only place: train again next time
    _LOADED[key] = classifier
    return classifier
