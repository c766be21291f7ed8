"""A statistical intent classifier trained from the generated interaction model, standing in for
Alexa's own understanding in the local conversation.

It learns from exactly what Alexa is given: every sample of every intent (slots filled with
their types' values; a question followed by its aside slot is the question again, so it is not
trained twice), the phrasings Alexa's built-in intents already know, and a set of
out-of-domain sentences (out_of_domain.txt) that teach it what AMAZON.FallbackIntent gets.
Word and character n-grams (TF-IDF) feed a linear model; a score below the floor also falls
back, as Alexa does with speech it cannot place.

Training takes a few seconds, so the trained model is cached on disk, keyed by a hash of what
it learns from and of the code that trains it: a one-turn `python -m skill chat --say ...`
loads it in well under a second.
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
import zlib
from dataclasses import dataclass
from pathlib import Path

from .. import safety
from ..model_build import ASIDE_SLOT, is_red_flag_type
from ..safety import DENIALS, said_of_someone_else, words_of

FALLBACK = "AMAZON.FallbackIntent"
OUT_OF_DOMAIN = Path(__file__).with_name("out_of_domain.txt")
VERSION = "22"  # bump when training changes in a way the code below does not show
# The code that shapes training besides the model: this module and the safety rules' reading
# of words (words_of, said_of_someone_else, DENIALS), which the entity features use. Its text is
# part of the cache key, so a change to either trains again.
TRAINING_CODE = (Path(__file__), Path(safety.__file__))
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
# Slot types whose values Alexa's model sees as entities wherever they are said: a red flag
# inside a question about stretching is still a RED_FLAG value (and a way of ending one's life
# a METHOD value), so the classifier gets a feature for "a value of this type is here" besides
# the words themselves.
ENTITY_TYPES = ("RED_FLAG", "METHOD")
# A value with one of these just before it is denied ("no numbness in my legs"), not said: the
# safety rules' denials, and "any" / "nothing" ("nothing like numbness", "any numbness? no").
NEGATIONS = DENIALS | {"any", "nothing"}


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
    for intent in language["intents"]:
        types = {s["name"]: s["type"] for s in intent.get("slots", [])}
        for sample in intent.get("samples", []):
            names = _SLOT.findall(sample)
            if ASIDE_SLOT in names:
                # "<question> {aside}" is the question again: what fills the aside is the
                # slot's, not a clue to the intent. Fillers here (notes' words, or everyday
                # talk about the back) moved a tenth of the corpora's answers about at random
                # and lost a crisis to ContactIntent; the question alone is already a sample.
                continue
            if not names:
                texts.append(sample)
                labels.append(intent["name"])
                continue
            fills = VALUES_PER_SLOT * (2 if any(types.get(n) in ENTITY_TYPES
                                                or is_red_flag_type(types.get(n)) for n in names)
                                       else 1)
            # Which values fill a sample depends on that sample and the values alone (each fill
            # takes the value that scores highest for it), so adding or editing one sample
            # changes no other's training copies, and a new value takes over only the fills it
            # wins. A single count running through the whole model did otherwise: one unrelated
            # sample moved 23 corpus phrasings to another intent, 14 of them to or from a safety
            # intent, and a few new sayings moved about a hundred.
            for fill in range(fills):
                filled = sample
                for name in names:
                    pool = values.get(types.get(name, ""), ["something"])
                    key = f"{intent['name']} {sample} {name} {fill} "
                    filled = filled.replace("{" + name + "}",
                                            max(pool, key=lambda v: _stable(key + v)), 1)
                texts.append(filled)
                labels.append(intent["name"])
    for intent, phrases in builtin_phrases.items():
        texts += list(phrases)
        labels += [intent] * len(phrases)
    texts += out_of_domain
    labels += [FALLBACK] * len(out_of_domain)
    return texts, labels


def _stable(text: str) -> int:
    """A number for these words alone, the same in every run (unlike hash())."""
    return zlib.crc32(text.encode("utf-8"))


def entity_values(model: dict) -> dict[str, tuple[str, ...]]:
    """The values (and synonyms) of each entity type, as the classifier looks for them."""
    found = {}
    for slot_type in model["interactionModel"]["languageModel"].get("types", []):
        if slot_type["name"] in ENTITY_TYPES:
            found[slot_type["name"]] = tuple(sorted({
                " ".join(_TOKEN.findall(n.lower())) for v in slot_type["values"]
                for n in [v["name"]["value"], *v["name"].get("synonyms", [])]}))
    return found


class Unmarked(str):
    """A training sentence whose entities are not marked: half the samples are trained this
    way, so that the words themselves still count and a saying not in the list is still
    recognised (as Alexa's model generalises past its slot values)."""


class EntityTagger:
    """One token per entity type whose value is in the words, as a slot-aware model sees them.

    Like Alexa's entity matching it tolerates a little: a value of three words or more may have
    up to two more words inside it ("my bum is kind of numb"), and a saying that starts with
    "i", "i've" or "my" may be said without it ("had cancer before"). A value denied just
    before ("no numbness") or said of someone else ("my son has a fever", the last person named
    before it) gets its own token, so the model can learn that contrast from the samples."""

    SUBJECTS = ("i", "i've", "i'm", "my")
    ARTICLES = ("a", "an", "the", "some")
    # Small words a saying may be said without, inside it ("worse nighttime" for "worse at
    # nighttime"), as entity matching tolerates; never a negation, which turns it round.
    SMALL_WORDS = frozenset({"at", "in", "on", "the", "a", "an", "my", "of", "to", "is", "are",
                             "when", "it", "it's"})
    SLACK = 2  # extra words allowed inside a value of three words or more

    def __init__(self, values: dict[str, tuple[str, ...]]):
        self.by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for slot_type, names in values.items():
            for name in names:
                words = tuple(name.split())
                if len(words) > 2 and words[0] in self.SUBJECTS:
                    self._add(words[1:], slot_type)
                if len(words) > 2 and words[0] in self.ARTICLES:  # "high temperature"
                    self._add(words[1:], slot_type)
                self._add(words, slot_type)
                # Without one inner small word, in a saying of three words or more: "worse
                # nighttime", "pain night".
                for i, word in enumerate(words[1:-1], 1):
                    if word in self.SMALL_WORDS:
                        self._add(words[:i] + words[i + 1:], slot_type)

    def _add(self, words: tuple[str, ...], slot_type: str) -> None:
        if words:
            self.by_first.setdefault(words[0], []).append((words, slot_type))

    def _span(self, tokens: list[str], start: int, words: tuple[str, ...]) -> bool:
        if tuple(tokens[start:start + len(words)]) == words:
            return True
        if len(words) < 3:
            return False
        i, end = 1, start + 1
        while end < len(tokens) and i < len(words) and end - start < len(words) + self.SLACK:
            if tokens[end] == words[i]:
                i += 1
            elif tokens[end] in NEGATIONS:
                return False
            end += 1
        return i == len(words)

    def __call__(self, text: str) -> list[str]:
        if isinstance(text, Unmarked):
            return []
        tokens = words_of(text)  # as the safety rules read them: "my chest's" is "my chest is"
        found = []
        for start, word in enumerate(tokens):
            for words, slot_type in self.by_first.get(word, ()):
                if not self._span(tokens, start, words):
                    continue
                if NEGATIONS.intersection(tokens[max(0, start - 3):start]):
                    found.append(f"entity:{slot_type}:denied")
                elif said_of_someone_else(tokens, start, start + len(words)):
                    found.append(f"entity:{slot_type}:other")
                else:
                    found.append(f"entity:{slot_type}")
        return found


def out_of_domain_sentences() -> list[str]:
    lines = OUT_OF_DOMAIN.read_text("utf-8").splitlines()
    return [ln.strip().lower() for ln in lines if ln.strip() and not ln.startswith("#")]


class IntentClassifier:
    """The trained model, kept as plain arrays: scikit-learn trains it, but a prediction needs
    only numpy, so a one-turn chat does not pay for importing scikit-learn (a second or more)."""

    def __init__(self, vocabularies: list[dict[str, int]], idfs: list, coef, intercept,
                 classes: list[str], entities: dict[str, tuple[str, ...]] | None = None,
                 floor: float = FLOOR):
        self.vocabularies, self.idfs = vocabularies, idfs
        self.entities = entities or {}
        self.analysers = (*ANALYSERS, EntityTagger(self.entities))
        self.coef, self.intercept, self.classes = coef, intercept, classes
        self.floor = floor

    @classmethod
    def train(cls, texts: list[str], labels: list[str],
              entities: dict[str, tuple[str, ...]] | None = None) -> "IntentClassifier":
        pipeline = _pipeline(EntityTagger(entities or {}))
        # Half unmarked, chosen by the words themselves rather than by place in the list, for
        # the same reason as the fills (training_set).
        texts = [Unmarked(t) if _stable(t) % 2 else t for t in texts]
        pipeline.fit(texts, labels)
        union, svm = pipeline.steps[0][1], pipeline.steps[1][1]
        vectorizers = [v for _, v in union.transformer_list]
        trained = cls([dict(v.vocabulary_) for v in vectorizers], [v.idf_ for v in vectorizers],
                      svm.coef_, svm.intercept_, [str(c) for c in svm.classes_], entities)
        trained.pipeline = pipeline  # for checking the plain arrays against it, not pickled
        return trained

    def __getstate__(self):
        state = dict(self.__dict__)
        state.pop("pipeline", None)
        state.pop("analysers", None)
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self.analysers = (*ANALYSERS, EntityTagger(self.entities))

    def scores(self, text: str):
        import numpy
        columns, values, offset = [], [], 0
        for analyse, vocabulary, idf in zip(self.analysers, self.vocabularies, self.idfs):
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


def _pipeline(tagger: EntityTagger):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion, make_pipeline
    from sklearn.svm import LinearSVC

    blocks = [
        ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True,
                                  token_pattern=_TOKEN.pattern)),
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True,
                                  min_df=2)),
    ]
    if tagger.by_first:  # a model with no entity types has no entity block
        blocks.append(("entities", TfidfVectorizer(analyzer=tagger, sublinear_tf=True)))
    features = FeatureUnion(blocks)
    # random_state: liblinear shuffles; a fixed seed gives the same model on every machine.
    return make_pipeline(features, LinearSVC(C=C, class_weight="balanced", max_iter=20000,
                                             random_state=0))


_LOADED: dict[str, IntentClassifier] = {}


def for_model(model: dict, builtin_phrases: dict[str, tuple[str, ...]]) -> IntentClassifier:
    """The classifier for this model: from memory, else from the disk cache, else trained now
    (and cached)."""
    out_of_domain = out_of_domain_sentences()
    code = hashlib.sha256(b"".join(p.read_bytes() for p in TRAINING_CODE)).hexdigest()
    key = hashlib.sha256(json.dumps(
        [VERSION, code, model, {k: list(v) for k, v in sorted(builtin_phrases.items())},
         out_of_domain], sort_keys=True).encode()).hexdigest()[:20]
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
        classifier = IntentClassifier.train(*training_set(model, builtin_phrases, out_of_domain),
                                            entities=entity_values(model))
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
