"""Red flags and crisis, recognised in free words: the tier each red flag belongs to, and the one
call the reply path makes, `assess(text) -> Alarm | None`.

The rules (phrases, clauses, denials, someone else's symptoms) are described at the top of
`content/en/safety.toml`, which holds every phrase. A crisis outranks an emergency, which
outranks an urgent sign. Missing a red flag is far worse than raising one for nothing, so the
rules lean towards raising it: only a denial or another person right before a phrase stops it.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, NamedTuple

KINDS = ("crisis", "emergency", "urgent")  # highest first
TIERS = ("emergency", "urgent")
DEFAULT_TIER = "emergency"  # a red flag whose kind is not known gets the stronger advice

# Right before a phrase (up to DENIAL_WINDOW words, same clause): the phrase is denied...
DENIALS = frozenset({
    "no", "not", "never", "without", "don't", "dont", "doesn't", "doesnt", "didn't", "didnt",
    "haven't", "havent", "hasn't", "hasnt", "hadn't", "isn't", "isnt", "aren't", "wasn't",
    "weren't", "nor", "denies", "denied", "neither", "none", "free",
})
DENIAL_WINDOW = 4
# A look-alike (`except`) said with a denial right before it is not the look-alike: "I
# haven't got full control of my bowels" keeps its sign. A look-alike that is itself a denial
# is not turned round by one more: "no, I'm not suicidal".
MASK_DENIAL_WINDOW = 3
# ...unless what follows says the symptom is a loss: "no bladder control", "no feeling in".
LOSS = frozenset({"control", "feeling", "sensation", "strength", "power"})
# Words that, denied, say the sign itself ("I don't feel it when I wee", "can't hold it").
LOSS_WORDS = LOSS | {"feel", "feels", "felt", "hold", "able", "stop", "go", "tell", "know",
                     "notice", "realise", "realize"}
# ...and a denial does not reach over "and" into a new statement about the speaker: "no fever
# and my legs feel numb" denies the fever only ("no numbness and tingling" denies both).
AND_NEW = frozenset({"my", "both", "i", "i'm", "i've", "i'd", "me"})
# ...nor past a word that turns to something else ("no fever, just chest pain"), nor past the
# sign it denied ("no fever my chest hurts"): a recogniser writes no comma there. Only a list
# carries it on ("no numbness or weakness in my legs").
DENIAL_ENDS = frozenset({"just", "only", "except", "apart", "besides", "instead", "but",
                         "though", "although", "yet", "mainly", "mostly"})
# The nouns that name a sign: narrower than safety.toml's [explained] sign_words, which also
# holds where a sign is felt ("legs", "night"); a denial reaches past those ("no pain in my
# legs or at night").
SIGN_WORDS = frozenset({
    "fever", "feverish", "temperature", "temp", "chills", "shivers", "sweats", "chest", "numb",
    "numbness", "tingling", "tingly", "weakness", "weight", "lump", "lumps", "swelling", "bump",
    "accident", "crash", "cancer", "tumour", "tumor", "incontinence", "bladder", "bowels",
    "leaking", "sneezing", "coughing",
})
LIST_ON = frozenset({"or", "nor"})
ATTACHING = frozenset({"in", "of", "on", "around", "down", "through", "across", "into", "at",
                       "to", "from", "with", "between", "under"})
# Someone else's symptom ("my daughter has a fever"), unless the person speaks of themselves too.
# Not "they": people say it of their own legs ("both my legs ... they feel weak"); not "man",
# "guy" or "driver": people say them of themselves ("I'm a lorry driver and both legs are numb").
OTHERS = frozenset({
    "daughter", "son", "wife", "husband", "mum", "mom", "mother", "dad", "father", "friend",
    "brother", "sister", "kid", "kids", "toddler", "toddlers", "child", "children", "baby",
    "partner", "grandma", "grandmother", "grandad", "granddad", "grandfather", "grandpa",
    "grampa", "gramps", "nan", "aunt", "uncle", "neighbour",
    "neighbor", "colleague", "boss", "he", "she", "he's", "she's", "his",
    "her", "their", "character", "actor", "parents", "parent", "folks", "grandparents",
    "inlaws", "in-laws", "dog", "cat", "patient", "client", "someone", "somebody", "people",
    "mate", "mates", "pal", "buddy", "workmate", "coworker", "flatmate", "housemate",
    "teammate", "nephew", "niece", "cousin", "gran", "granny", "grandson", "granddaughter",
    "girlfriend", "boyfriend", "fiance", "fiancee", "resident", "residents", "customer", "pupil",
    "student", "mate's", "friend's", "bloke", "fella", "missus", "missis",
    "husband's", "wife's", "partner's", "son's", "daughter's", "mum's", "dad's",
    "hubby", "hubby's", "roommate", "roommates", "roomie", "bestie", "grandkid", "grandkids",
    "puppy", "puppies", "kitten", "kittens",
})
# Whose back trouble a carer tells of ("my dad has lower back pain", "mums back is bad"): the
# people of OTHERS but pets and people on screen, also said without the apostrophe.
CARED_FOR = OTHERS - {"dog", "cat", "puppy", "puppies", "kitten", "kittens", "character", "actor",
                      "his", "her", "their"} | {
    "papa", "mama", "mam", "nanna", "nana", "stepdad", "stepmum", "stepmom", "spouse", "eldest",
    "youngest", "kiddo", "boy", "lad", "amma", "appa"}
# Near whom a back is not a carer's story: pets, and people who treat backs.
NOT_CARED = frozenset({"dog", "dogs", "cat", "cats", "puppy", "kitten", "horse", "pony", "physio",
                       "physiotherapist", "chiropractor", "osteo", "osteopath", "gp", "doctor",
                       "nurse", "trainer", "therapist", "masseuse", "vet", "coach", "instructor"})
BACK_TROUBLE = frozenset({"back", "backs", "spine", "spinal", "backache", "sciatica", "disc",
                          "disk", "stenosis", "lumbago", "coccyx", "tailbone", "lumbar",
                          "vertebra", "vertebrae"})
BACK_NOUNS = frozenset({"pain", "pains", "ache", "aches", "problem", "problems", "trouble",
                        "issues", "injury", "spasm", "spasms"})  # "keeps getting back pain"
OTHERS_BACK_REACH = 8  # "my dad has been suffering from really bad back pain"
BACK_FINE = frozenset({"fine", "ok", "okay", "good", "better", "great", "healed", "sorted",
                       "alright", "normal", "recovered", "improved", "improving", "fixed"})
PAIN_GONE = frozenset({"gone", "cleared", "settled", "eased", "stopped"})  # "back pain has gone"
# "back" is a back only with a sign of it: "his back", "a bad back", "back pain", or after
# "is" / "dads" a word of how it is ("my husband's back is sore"), not "is back from work".
BACK_SAID = frozenset({"his", "her", "their", "bad", "sore", "lower", "upper", "low", "dodgy",
                       "crook", "painful", "injured", "stiff", "weak", "achy", "aching", "hurt"})
BACK_HOW = frozenset({"is", "was", "has", "hurts", "hurting", "hurt", "sore", "bad", "killing",
                      "agony", "playing", "painful", "aching", "aches", "stiff", "out", "went",
                      "gone", "worse", "locked", "seized", "giving", "pain", "been", "really",
                      "so", "very", "still", "keeps", "kills", "spasms", "spasm"})
# Where a back is a place: "a rash on his back", "scratched her back".
BACK_WHERE = frozenset({"on", "over", "across", "down", "up", "scratched", "scratching", "waxed",
                        "rucksack", "bag"})
NOT_A_FALL = frozenset({"asleep", "out", "behind", "for"})  # "she fell asleep"
SELF = frozenset({"i", "i'm", "im", "i've", "ive", "i'd", "me", "myself", "we", "we're",
                  "we've", "us", "our"})
# Words that start another statement: "my son has a fever and I've hurt my back" is still the
# son's fever, where "my wife found a lump on my back" is the speaker's lump.
JOINS = frozenset({"and", "so", "but", "because", "while", "from", "i", "i've", "i'm", "im",
                   "ive", "since", "after"})
# "walking like a toddler": a likeness, not someone else.
LIKE_A = (["like", "a"], ["like", "an"])
# "a bloke next to me had chest pains": a "me" placed beside someone is not who has the sign.
PLACED = (["to"], ["with"], ["near"], ["beside"], ["behind"], ["by"], ["past"], ["opposite"])
QUESTION_VERBS = frozenset({"is", "does", "was", "are", "will", "can", "could", "should", "would",
                            "mean", "means"})
# Someone else reporting what they saw or said about the speaker ("my wife noticed ...").
REPORTING = frozenset({"said", "says", "told", "tells", "noticed", "notices", "reckons",
                       "thinks", "spotted", "saw", "mentioned", "pointed", "found", "finds"})
# Said of the speaker when one of these is inside the phrase ("a car hit us").
OBJECT_SELF = frozenset({"me", "us", "myself"})
# A denial of nothing: "no clue why both legs are numb", "not even joking, chest pain", "no idea
# why it won't come" (but "no idea where the loo was" denies as before), and "not sure, can't
# pee" (unsure is not no).
NOT_A_DENIAL = frozenset({"clue", "wonder", "joke", "joking", "kidding", "sure", "certain"})
# A denial that these words follow is about them, not the symptom after ("no better, it's
# worst at night").
NOT_OF_THE_SYMPTOM = frozenset({"better", "easier", "improvement", "different", "relief",
                                "sleep", "slept", "to",  # "I try not to sneeze because it hurts"
                                # what the pain does not do: "it doesn't let up even lying flat"
                                "let", "ease", "budge", "touch", "help", "matter", "shift",
                                "settle"})
SUBJECTS = frozenset({"i", "i'm", "im", "i've", "ive", "i'd", "i'll"})
THINK = frozenset({"think", "believe", "reckon", "feel"})  # "I don't think I have a fever"
# Everyday forms read as the phrases are written: "me back" (Australia, Ireland, the north of
# England) is "my back", and "my bum's numb" is "my bum is numb". Pronouns and question words
# keep their 's ("it's", "what's"), as the phrases spell them.
POSSESSIVE_ME = frozenset({
    "back", "lower", "upper", "spine", "legs", "leg", "feet", "foot", "bum", "bottom", "backside",
    "groin", "chest", "bladder", "bowels", "pants", "undies", "knickers", "trousers", "jeans",
    "shoulder", "shoulders", "hip", "hips", "neck", "arm", "arms", "diet", "weight", "pills",
    "tablets", "meds", "painkillers", "temperature", "temp", "physio", "doctor", "gp", "life",
    "wife", "husband", "missus", "son", "daughter", "kids", "mate", "mum", "dad", "partner",
    "own", "whole", "wrists", "wrist", "motorbike", "bike", "car", "ute", "truck", "horse",
})
KEEP_APOSTROPHE_S = frozenset({
    "it's", "that's", "what's", "there's", "here's", "where's", "who's", "he's", "she's",
    "let's", "how's", "when's", "why's", "one's", "everyone's", "everybody's", "nobody's",
    "night's", "day's", "week's",
    "somebody's", "someone's", "everything's", "nothing's", "something's", "anyone's",
})
# Typed or recognised without the apostrophe: read as the phrases spell them ("i cant pee").
UNAPOSTROPHISED = {
    "cant": "can't", "dont": "don't", "doesnt": "doesn't", "didnt": "didn't", "couldnt": "couldn't",
    "wont": "won't", "isnt": "isn't", "wasnt": "wasn't", "havent": "haven't", "hasnt": "hasn't",
    "arent": "aren't", "wouldnt": "wouldn't", "shouldnt": "shouldn't", "im": "i'm", "ive": "i've",
}
# Sounds people make while finding a word, which a recogniser may write down. Not "er": the ER.
HESITATIONS = frozenset({"um", "umm", "uh", "uhh", "uhm", "erm", "errm"})
# Words that turn a sentence ("..., but that was years ago"): each starts a new clause, as
# punctuation does.
TURNS = ("but", "however", "although", "though")
# What starts a new clause after a question's "or not" ("is it good or not because ...").
AFTER_A_QUESTION_TAG = frozenset({"because", "cause", "cos", "coz", "since", "as", "so", "and",
                                  "i", "i'm", "i've", "im", "my", "both", "it", "it's"})
_CLAUSE = re.compile("[.,;:!?]+|" + "|".join(rf"\b{w}\b" for w in TURNS))
_WORD = re.compile(r"[a-z0-9']+")
_GROUP = re.compile(r"\(([^()]*)\)")


@dataclass(frozen=True)
class Alarm:
    kind: str  # "crisis", "emergency" or "urgent"
    flag: str | None = None  # the red flag's id ("fever"), "crisis", or None when not known

    @property
    def rank(self) -> int:
        return KINDS.index(self.kind)


@dataclass(frozen=True)
class Flag:
    id: str
    tier: str
    source: str
    name: str
    phrases: "_PhraseSet"
    together: tuple[tuple["_PhraseSet", ...], ...]
    masks: "_PhraseSet"
    unless: "_PhraseSet"  # near it in the same clause, not denied: not this flag
    despite: "_PhraseSet"  # said in the clause, the sign stands whatever `unless` is near
    across: "_PhraseSet"  # phrases with "but" inside: read over clauses
    yields: "_Yields"  # look-alikes that give way to the words said right after them


class _Phrase(NamedTuple):
    # A named tuple, not a dataclass: a cold start builds some 146,000 of them, and a tuple is
    # made several times faster.
    words: tuple[str, ...]
    prefix: tuple[bool, ...]  # which words may go on ("tingl*" finds "tingling")

    def find(self, words: list[str], index: "_Index | None" = None
             ) -> Iterable[tuple[int, int]]:
        """Where the phrase stands in `words`. Only the places where its first word stands are
        tried (from `index`), so a long note costs words, not words times phrases."""
        n = len(self.words)
        index = _Index(words) if index is None else index
        first = self.words[0]
        starts = index.starts_of(first) if self.prefix[0] else index.get(first, ())
        for start in starts:
            if start + n <= len(words) and all(
                    _ends_as(words[start + k], w) if p else words[start + k] == w
                    for k, (w, p) in enumerate(zip(self.words[1:], self.prefix[1:]), 1)):
                yield start, start + n


# Words that start like a rule's open-ended word and mean something else: "numb*" is not
# "number", "pain*" is not "paint".
NOT_AN_ENDING = frozenset({
    "number", "numbers", "numbered", "numbering", "paint", "paints", "painted", "painting",
    "paintings", "painter", "painters", "paintwork", "stable", "stables", "stability",
    "stabilise", "stabilize", "jargon", "dreadlocks", "weekday", "weekend", "weekends",
    "heaven", "heavens", "shootout",
})


def _ends_as(word: str, stem: str) -> bool:
    """Whether `word` is `stem` with an ending ("tingl*" finds "tingling"), not a word that
    only starts like it."""
    return word.startswith(stem) and word not in NOT_AN_ENDING


class _Index(dict):
    """Where each word of a clause stands (word -> positions), the pairs of words said one
    after the other, and, once asked, where the words that go on from a stem ("tingl*") stand.
    Built once per clause and shared by every phrase tried on it."""

    def __init__(self, words: list[str]):
        super().__init__()
        for i, word in enumerate(words):
            self.setdefault(word, []).append(i)
        self.pairs = set(zip(words, words[1:]))
        self._stems: dict[str, list[int]] = {}

    def starts_of(self, stem: str) -> list[int]:
        if (at := self._stems.get(stem)) is None:
            at = self._stems[stem] = sorted(
                i for word, places in self.items() if _ends_as(word, stem) for i in places)
        return at


def _expand(pattern: str) -> list[str]:
    from .content import expand  # the same (a|b) syntax as the utterances
    return expand(pattern) if _GROUP.search(pattern) else [" ".join(pattern.split())]


class _PhraseSet(tuple):
    """Phrases, filed by how they start, so that a clause tries only the phrases that can stand
    in it, not every phrase of a flag: by their first two words where both are whole words
    (most phrases start with a common word, "i" or "my", and the pair tells them apart), by
    their first word where only that one is whole, and by stem where the first word is
    open-ended ("tingl*")."""

    def __new__(cls, phrases: Iterable[_Phrase]):
        self = super().__new__(cls, phrases)
        self.by_pair: dict[tuple[str, str], list[_Phrase]] = {}
        self.by_first: dict[str, list[_Phrase]] = {}
        self.by_stem: dict[str, list[_Phrase]] = {}
        for phrase in self:
            if phrase.prefix[0]:
                self.by_stem.setdefault(phrase.words[0], []).append(phrase)
            elif len(phrase.words) > 1 and not phrase.prefix[1]:
                self.by_pair.setdefault(phrase.words[:2], []).append(phrase)
            else:
                self.by_first.setdefault(phrase.words[0], []).append(phrase)
        return self

    def candidates(self, index: _Index) -> Iterable[_Phrase]:
        if self.by_first:
            for word in index:
                yield from self.by_first.get(word, ())
        if self.by_pair:
            for pair in index.pairs:
                yield from self.by_pair.get(pair, ())
        for stem, phrases in self.by_stem.items():
            if index.starts_of(stem):
                yield from phrases


def _phrases(patterns: Iterable[str]) -> _PhraseSet:
    out = []
    # The same few words recur in every expansion: each token is read once, as its word and
    # whether it is open-ended ("tingl*"), or as no word at all (a stray mark).
    read: dict[str, tuple[str, bool] | None] = {}
    for pattern in patterns:
        for text in _expand(pattern.lower()):
            words, prefix = [], []
            for token in text.split():
                if (word := read.get(token, token)) is token:
                    word = read[token] = ("".join(_WORD.findall(token)), token.endswith("*")) \
                        if _WORD.search(token) else None
                if word is not None:
                    words.append(word[0])
                    prefix.append(word[1])
            if words:
                out.append(_Phrase(tuple(words), tuple(prefix)))
    return _PhraseSet(out)


_NO_PHRASES = _PhraseSet(())


def words_of(text: str, everyday: bool = True) -> list[str]:
    """The words, lower case, "back's" read as "back is", "cant" as "can't" and "my self" as
    "myself"; `everyday` also reads "me back" as "my back" and "meself" as "myself". The
    recogniser reads both ways and keeps the stronger alarm, so neither reading can hide what
    the other finds ("a car hit me back in March")."""
    words = []
    for word in _WORD.findall(text.lower().replace("\u2019", "'")):
        if word in HESITATIONS:
            continue  # "a ball like thing um under the skin": the sign runs on past it
        word = UNAPOSTROPHISED.get(word, word)
        if word == "self" and words and words[-1] == "my":
            words[-1] = "myself"  # "I wet my self", as a recogniser may write it
            continue
        if word.endswith("'s") and len(word) > 3 and word not in KEEP_APOSTROPHE_S:
            words += [word[:-2], "is"]  # "my back's sore": "my back is sore"
        else:
            words.append(word)
    if everyday:
        words = ["my" if w == "me" and nxt in POSSESSIVE_ME else "myself" if w == "meself" else w
                 for w, nxt in zip(words, words[1:] + [""])]
    # "my old man" and "my old lady" are a father and a mother, in either reading.
    read, skip = [], False
    for i, w in enumerate(words):
        if skip:
            skip = False
        elif (w == "old" and words[i - 1:i] in (["my"], ["me"])
              and words[i + 1:i + 2] in (["man"], ["lady"])):
            read.append("dad" if words[i + 1] == "man" else "mum")
            skip = True
        else:
            read.append(w)
    return read


def _clauses(text: str, everyday: bool = True) -> list[list[str]]:
    return [w for w, _ in _clauses_turned(text, everyday)]


def _clauses_turned(text: str, everyday: bool = True) -> list[tuple[list[str], bool]]:
    """The clauses, each with whether it opens with a turn ("but that was years ago")."""
    out, turn = [], False
    for i, part in enumerate(re.split(f"({_CLAUSE.pattern})", text.lower())):
        if i % 2:
            turn = turn or part.strip() in TURNS
            continue
        words = words_of(part, everyday)
        if words:
            out.append((words, turn))
            turn = False
    return out


# A turn right after a sign that puts it in the past ("a car accident, but that was ten years
# ago") is an `unless` of that sign's clause, read in the turn's first words.
# The turn must speak of that sign ("but it was", "but that was"), not of something else that
# is old ("a fall this morning, but my back pain started years ago" is still a fall).
TURN_REACH = 6
TURN_BACK = frozenset({"that", "it", "this", "that's", "it's", "which"})


# Look-alikes that give way to what is said right after them: (look-alikes, what follows).
_Yields = tuple[tuple[_PhraseSet, _PhraseSet], ...]
MASKED = "\u00b7"  # matches nothing, keeps positions


def _masked(words: list[str], masks: _PhraseSet, yields: _Yields = ()) -> list[str]:
    """The words with every look-alike taken out; then those of `yields`, each unless one of its
    words follows it right away ("I think I have cancer" is a worry, "I think I have cancer
    again" a history of it), in what the other look-alikes left."""
    out = _taken_out(words, masks, list(words))
    for looks, follows in yields:
        out = _taken_out(out, looks, out, follows)
    return out


def _taken_out(words: list[str], masks: _PhraseSet, out: list[str],
               follows: _PhraseSet = _NO_PHRASES) -> list[str]:
    if not masks:
        return out
    index = _Index(words)
    after = {s for p in follows.candidates(index) for s, _ in p.find(words, index)}
    out = list(out)
    for mask in list(masks.candidates(index)):
        for start, end in list(mask.find(words, index)):
            denied_inside = DENIALS.intersection(words[start:end])
            if DENIALS.intersection(words[max(0, start - MASK_DENIAL_WINDOW):start]) \
                    and not denied_inside:
                continue  # "I don't have full control of my bladder": not the look-alike
            if end in after and not denied_inside:
                continue  # it gives way; not "I would never hurt myself on purpose"
            for i in range(start, end):
                out[i] = MASKED
    return out


def _stands(words: list[str], start: int, end: int, denials: bool,
            theirs: frozenset[str] = frozenset()) -> bool:
    """Whether a phrase found at words[start:end] is said of the speaker and not denied. For a
    crisis (`denials` False) neither check applies: a friend in crisis needs the line too.
    `theirs`: the people whose back trouble is told of, whose signs count as the speaker's
    would (a carer's story, see flags_in)."""
    reach = DENIAL_WINDOW
    joined = next((i for i in range(start - 1, max(0, start - DENIAL_WINDOW) - 1, -1)
                   if words[i] in ("or", "nor")), None)
    if joined is not None:
        # "or with my bowels": a preposition and "my" still make a short item.
        short = 3 + sum(w in ("with", "in", "of", "my") for w in words[joined + 1:start])
        if end - joined <= short:
            reach *= 2  # a short item of a denied list: "no problems with my bladder or bowels"
    window = range(max(0, start - reach), start)
    denial = next((i for i in reversed(window) if words[i] in DENIALS), None)
    between = words[denial + 1:start] if denial is not None else []
    # Not a denial of the symptom: a loss said after it ("no feeling down there"), an
    # inability ("I've not been able to pee"), or a new "I" in between ("I didn't realise I'd
    # wet myself"), or a new "it's" that corrects what was denied ("it's not my lower back,
    # it's up between my shoulders").
    if denials and denial is not None and _denial_ends(between):
        denial = None
    if denial is not None and words[denial] == "not" and (
            words[denial - 1:denial] == ["if"] or words[denial - 1:denial] == ["or"]
            and words[denial + 1:denial + 2] and words[denial + 1] in AFTER_A_QUESTION_TAG):
        # "the same if not worse, and at night ...", "is walking good or not, because both my
        # legs are tingling": no denial of what follows ("no tingling or not much" still is)
        denial = None
    if denials and denial is not None:
        new_i = SUBJECTS.intersection(between) and not THINK.intersection(between[:1])
        corrected = between and ("it's" in between or words[start] == "it's")
        new_statement = any(words[j] == "and" and words[j + 1] in AND_NEW
                            for j in range(denial + 1, start))
        if not (LOSS.intersection(words[denial + 1:end + 2]) or "able" in between or new_i
                or NOT_A_DENIAL.intersection(between) or between[:2] == ["idea", "why"]
                or corrected or new_statement or NOT_OF_THE_SYMPTOM.intersection(between[:1])):
            return False
    if not denials or not said_of_someone_else(words, start, end):
        return True
    if not theirs:
        return False
    # A carer's story counts the signs of the person whose back it is ("my husband has back
    # pain and he's got a fever"), not those of anyone else in it ("... and his mum had cancer").
    at = _last_person(words, start)
    return at is not None and (words[at] in PRONOUNS or _person(words[at]) in theirs)


def _denial_ends(between: list[str]) -> bool:
    """Whether a denial stops in the words between it and a phrase (see DENIAL_ENDS)."""
    if DENIAL_ENDS.intersection(between):
        return True
    signs = [i for i, w in enumerate(between) if w in SIGN_WORDS]
    # "no tingling in either leg": a place joined to the denied sign is denied with it.
    return bool(signs) and not LIST_ON.intersection(between[signs[0]:]) \
        and between[-1] not in ATTACHING


# The speaker said to be in it, or to have it too: "crashed the car with me in it", "fell onto
# me", "I was in the back seat", "my dad had cancer and so did I", "... and I caught it".
# The first kind close after the sign, the second a little further on.
SPEAKER_TOO = ((("with", "me"), ("onto", "me"), ("into", "me"), ("me", "in"), ("me", "too")), 6), \
    ((("i", "was", "in"), ("i", "was", "with"), ("we", "were", "in"), ("so", "did", "i"),
      ("i", "did", "too"), ("so", "have", "i"), ("so", "do", "i"), ("so", "am", "i"),
      ("i", "do", "too"), ("i", "have", "too"), ("i", "have", "it"), ("i've", "got", "it"),
      ("i", "have", "one"), ("i've", "got", "one"), ("mine", "too"), ("mine", "is"),
      ("mine", "are"), ("mine", "does"), ("same", "as", "me"), ("me", "as", "well"),
      ("as", "well"), ("gave", "me"), ("i", "was", "driving"), ("i", "caught"),
      ("i've", "caught"), ("i", "got", "it"), ("passed", "it"), ("given", "it")), 10)


# Words that go on with the first subject: "[I was] lifting my son when the chest pain started".
OWN_AGAIN = frozenset({"and", "then", "when"})
PRONOUNS = frozenset({"he", "she", "he's", "she's", "his", "her", "their", "they"})
DETERMINERS = frozenset({"my", "the", "our", "a", "an", "his", "her", "their", "me", "both"})
# What a subject follows: "my son ...", "... and my son ...".
OPENERS = frozenset({"and", "but", "so", "then", "because", "cos", "when", "while", "if", "that",
                     "as", "or", "think", "reckon", "says", "said"})


def _before_person(words: list[str], at: int) -> int:
    """Where the word before the person at words[at] is, past "my", "the" and the like (-1:
    none)."""
    j = at - 1
    while j >= 0 and words[j] in DETERMINERS:
        j -= 1
    return j


def _an_object(words: list[str], at: int) -> bool:
    """Whether the person at words[at] is what the speaker did something to or with ("walking
    the dog", "looking after my grandson"), not the subject of what follows ("my son has")."""
    j = _before_person(words, at)
    return j >= 0 and words[j] not in OPENERS and words[j] not in OTHERS


# "Took my son to the doctor and the fever was 39": the son's, after taking or asking about him.
# Not "with": "went to the doctor with my wife and the chest pain is back" is the speaker's.
CONVEYED = frozenset({"took", "take", "taking", "brought", "bring", "bringing", "drove", "driving",
                      "collected", "picked", "visited", "visiting", "rang", "called", "phoned",
                      "about", "nursed", "gave", "giving", "know", "noticed", "looked"})
SUBJECT_AGAIN = frozenset({"the", "a", "an", "this", "that", "his", "her", "their", "it", "its"})


def _goes_on(words: list[str], at: int, start: int) -> bool:
    """Whether what follows the last "and", "then" or "when" after the person at words[at] goes
    on with the speaker: no new subject ("and got chest pain"), or one after something the
    speaker did with them rather than for them ("lifting my son and the chest pain started")."""
    k = max(i for i in range(at + 1, start) if words[i] in OWN_AGAIN)
    nxt = words[k + 1:k + 2]
    if nxt == ["then"]:
        nxt = words[k + 2:k + 3]
    if not nxt or nxt[0] not in SUBJECT_AGAIN:
        return True  # "and got chest pain", "when sudden chest pain hit"
    j = _before_person(words, at)
    verbs = set(words[max(0, j - 1):j + 1])
    return not CONVEYED.intersection(verbs)  # "lifting my son and the chest pain started"


# What the speaker tells or shows someone of: "I told my wife about the fever".
TOLD = frozenset({"told", "tell", "telling", "showed", "show", "showing", "warned", "asked"})


def _last_person(words: list[str], start: int) -> int | None:
    """Where the last person named before words[start] is: someone else, "my" or the speaker."""
    return next((i for i in range(start - 1, -1, -1)
                 if words[i] in OTHERS and words[i - 2:i] not in LIKE_A or words[i] == "my"
                 or words[i] in SELF and not (words[i] == "me" and words[i - 1:i] in PLACED)),
                None)


def said_of_someone_else(words: list[str], start: int, end: int) -> bool:
    """Whether words[start:end] are said of someone other than the speaker: the last person
    named before them ("I think my daughter has a fever"). A "my" after someone else is the
    speaker again ("my wife says my spine looks bent"), and so is "me and my wife", a "me"
    inside the words ("a car hit me"), what someone said or saw ("my wife noticed a lump") or a
    "my" just after them that does not start a question ("a bump on my back"). A "me" placed
    beside someone ("the bloke next to me") is not the speaker's sign."""
    at = _last_person(words, start)
    if at is None or words[at] not in OTHERS:
        return False
    if words[at] not in PRONOUNS and _an_object(words, at) \
            and OWN_AGAIN.intersection(words[at + 1:start]) and _goes_on(words, at, start):
        return False  # "I was walking the dog and got chest pain": the speaker goes on
    j = _before_person(words, at)
    if j > 0 and words[j] in TOLD and words[j - 1] in SELF:
        return False  # "I told my wife about the chest pain": the speaker's
    if REPORTING.intersection(words[at + 1:min(at + 5, start)]):
        return False  # "he said", "she stopped and said there's a lump": seen on the speaker
    if "we" in words[max(at + 1, start - 2):start] or any(
            tuple(words[i:i + len(said)]) == said for ways, reach in SPEAKER_TOO
            for said in ways for i in range(at + 1, end + reach)):
        return False  # "we crashed", "she crashed the car with me in it"
    after = words[end:end + 4]
    mine = after.index("my") if "my" in after else None
    # "a lump on my back", not "my buddy had cancer, is my back pain cancer" (a question).
    if mine is not None and not JOINS.intersection(after[:mine]) \
            and not QUESTION_VERBS.intersection(after[mine - 1:mine]):
        return False  # "my wife found a lump on my back": the speaker's
    with_me = "and" in words[max(0, at - 3):at] and SELF.intersection(words[max(0, at - 4):at])
    # "me" inside the words, or "my" when the other person is not their subject, right before
    # them: "my dad had it, now it's between my shoulder blades", not "the cat was asleep
    # between my legs".
    mine_inside = "my" in words[start:end] and start - at > 3
    return not (with_me or OBJECT_SELF.intersection(words[start:end]) or mine_inside)


def _found(words: list[str], phrases: _PhraseSet, denials: bool,
           index: dict[str, list[int]] | None = None,
           theirs: frozenset[str] = frozenset()) -> bool:
    index = _Index(words) if index is None else index
    return any(_stands(words, s, e, denials, theirs)
               for p in phrases.candidates(index) for s, e in p.find(words, index))


# An `unless` ("years ago", "on a diet") speaks of what is said near it, in the same part of
# the clause: "a bad fall this morning and my back's been weak since my op two years ago" is
# still a fall, and so is "I'd fully recovered until I fell down the stairs". A phrase with
# "me" or "us" inside ("a car hit me") is the speaker's, whatever the clause was watching.
UNLESS_REACH = 6
NEW_TIME = frozenset({"now", "today", "yesterday", "this", "then", "tonight", "just", "last",
                      "recently", "lately", "since"})


# A time long past ("years ago", "as a kid") speaks of its own statement only: "I had a fall
# years ago and I can't feel my legs" is numb legs now. Other `unless` words speak of the whole
# part ("I'm on a cut for my weight class and I've dropped a few kilos").
# ...unless that statement is told in the past too ("years ago I hurt my back and I couldn't
# feel my legs for a week"): past words and no present ones.
PRESENT = frozenset({"now", "today", "tonight", "currently", "can't", "cannot", "am", "i'm", "is",
                     "are", "have", "has", "i've", "keep", "keeps", "this", "since", "still",
                     "lately", "recently", "been", "won't", "don't", "doesn't"})
TOLD_PAST = frozenset({"was", "were", "had", "couldn't", "could", "didn't", "did", "felt", "went",
                       "used"})


def _of_now(words: list[str]) -> bool:
    return bool(PRESENT.intersection(words)) or not TOLD_PAST.intersection(words)
PAST = frozenset({"ago", "when", "as", "nineteen", "sixties", "seventies", "eighties", "nineties",
                  "years", "decades", "day", "used", "winter"})


THERE = frozenset({"there", "there's"})  # "... years ago and there is a new lump"


def _segments(words: list[str], statements: bool = False) -> list[tuple[int, int]]:
    """The parts an `unless` reaches over; with `statements`, also cut where "and" starts a new
    statement of the speaker's ("... and I", "... and my")."""
    new = NEW_TIME | AND_NEW | THERE if statements else NEW_TIME
    cuts = [i for i, w in enumerate(words) if w in ("until", "till", "til")
            or (w == "and" and i + 1 < len(words) and words[i + 1] in new)
            # "a car accident years ago now both legs feel weak"
            or (statements and w in ("now", "today") and words[i - 1:i] == ["ago"])]
    bounds = [0, *cuts, len(words)]
    return [(a, b) for a, b in zip(bounds, bounds[1:]) if b > a]


def _outside_unless(words: list[str], flag: Flag,
                    theirs: frozenset[str] = frozenset()) -> bool:
    """Whether a phrase of `flag` stands in `words` out of reach of every `unless` found there."""
    index = _Index(words)
    unless = [(s, e) for p in flag.unless.candidates(index) for s, e in p.find(words, index)
              if _stands(words, s, e, True, theirs)]
    for a, b in _segments(words):
        part = words[a:b]
        statements = _segments(part, statements=True)
        statement = {i: k for k, (c, d) in enumerate(statements) for i in range(c, d)}
        near = [(s - a, e - a, bool(PAST.intersection(words[s:e]))) for s, e in unless
                if a <= s < b]
        part_index = _Index(part)
        for p in flag.phrases.candidates(part_index):
            for s, e in p.find(part, part_index):
                if not _stands(part, s, e, True, theirs):
                    continue
                if OBJECT_SELF.intersection(part[s:e]) or not any(
                        max(us - e, s - ue) <= UNLESS_REACH
                        and not (past and statement[us] != statement[s]
                                 and _of_now(part[slice(*statements[statement[s]])]))
                        for us, ue, past in near):
                    return True
        if any(not past for _, _, past in near):
            continue
        # Only a time long past, if any: read each statement out of its reach on its own.
        pieces = [(0, len(part))] if not near else [
            (c, d) for c, d in statements if not any(c <= us < d for us, _, _ in near)
            and _of_now(part[c:d])]
        for c, d in pieces:
            piece = part[c:d]
            piece_index = _Index(piece)
            if any(all(_found(piece, group, True, piece_index, theirs) for group in rule)
                   for rule in flag.together):
                return True
    return False


# Denials that deny what follows outright: not "free" ("free of cancer for three years" is a
# history of cancer) nor "never" or "without" ("I never feel when I need to go" is the sign).
PLAIN_DENIALS = DENIALS - {"free", "never", "without", "denies", "denied"}


def _places(words: list[str], index: dict[str, list[int]], phrases: _PhraseSet) -> set[int]:
    """Every place in the words that one of the phrases covers (read loosely: nothing denied)."""
    return {i for p in phrases.candidates(index) for s, e in p.find(words, index)
            for i in range(s, e)}


def _denied(words: list[str]) -> set[int]:
    """The places of words a plain denial reaches ("no numbness, no tingling", "not shivery"):
    explained away whatever they name, except a loss ("no feeling", "can't hold it")."""
    return {i for i in range(len(words)) if words[i] not in LOSS_WORDS
            and any(words[d] in PLAIN_DENIALS and not _denial_ends(words[d + 1:i])
                   and not SUBJECTS.union({"if", "whether", "and"}).intersection(words[d + 1:i])
                   for d in range(max(0, i - 3), i))}


# The third person retold as the first, each way people say it: "he's got" / "i've got".
RETELLINGS = tuple((re.compile(pattern), said) for pattern, said in (
    (r"\b(?:he|she|they)(?:'s|s|'ve| has| have) (got|been|had|lost|wet|gone|done)\b", r"i've \1"),
    (r"\b(?:he|she)(?:'s|s| is)\b", "i'm"), (r"\bthey(?:'re| are)\b", "i'm"),
    (r"\b(?:he|she|they) (?:has|have)\b", "i have"), (r"\b(?:he|she) was\b", "i was"),
    (r"\b(?:he|she) (\w+)s\b", r"i \1"), (r"\b(?:he|she|they)\b", "i"),
    # "wakes her up" is "wakes me up", not "wakes my up"
    (r"\bher\b(?= (?:up|down|out|off|awake|again|and|to|when|at|every|so|too|in the|a lot)\b|$)",
     "me"),
    (r"\b(?:his|her|their)\b", "my"), (r"\b(?:himself|herself|themselves|themself)\b", "myself"),
    (r"\b(?:him|them)\b", "me")))


def retold(text: str) -> str:
    """The words in the first person: "she can't feel her legs" as "i can't feel my legs"."""
    text = text.lower().replace("\u2019", "'")
    for pattern, said in RETELLINGS:
        text = pattern.sub(said, text)
    return text


def _person(w: str) -> str:
    """A person as one word: "mums" (an apostrophe lost) is "mum"."""
    return w[:-1] if w.endswith("s") and w[:-1] in CARED_FOR else w


def _a_back(words: list[str], i: int) -> bool:
    """Whether words[i] ("back") names someone's back, not "is back from work", "the back seat",
    "a rash on his back"."""
    before, after = words[i - 1] if i else "", words[i + 1:i + 2]
    if after and after[0] in BACK_NOUNS:
        return True
    if before in ("his", "her", "their") and words[i - 2:i - 1] and words[i - 2] in BACK_WHERE:
        return False
    if before in BACK_SAID:
        return True
    if before == "is" or _person(before) != before:  # "dad is back", "dads back"
        return bool(after) and after[0] in BACK_HOW
    return False


def _cared_for_back(words: list[str]) -> set[str]:
    """The people (as _person names them) whose back trouble is told of, each the nearest person
    before a back word; a pronoun also names the person it stands for ("my mother had cancer
    and now she has back pain")."""
    owners = set()
    for i, word in enumerate(words):
        if word not in BACK_TROUBLE or word == "back" and not _a_back(words, i):
            continue
        if BACK_FINE.intersection(words[i + 1:i + 4]) or words[i + 1:i + 2] and \
                words[i + 1] in BACK_NOUNS and PAIN_GONE.intersection(words[i + 2:i + 5]):
            continue
        for k in range(i - 1, max(0, i - OTHERS_BACK_REACH) - 1, -1):
            w = words[k]
            if w in NOT_CARED:
                break
            if w == "i" and words[k - 2:k] and words[k - 1] == "and" \
                    and _person(words[k - 2]) in CARED_FOR:
                continue  # "my husband and i both have back pain"
            if w in SELF or w == "my":
                break  # "my son has a fever and my back hurts": the speaker's back
            if _person(w) in CARED_FOR:
                owners.add(_person(w))
                if w in PRONOUNS or w == "they":  # "my mother had cancer and now she has back pain"
                    named = next((_person(v) for v in reversed(words[:k])
                                  if _person(v) in CARED_FOR and v not in PRONOUNS), None)
                    if named:
                        owners.add(named)
                break
    return owners


def _yields(rules: Iterable[list[list[str]]]) -> _Yields:
    return tuple((_phrases(looks), _phrases(follows)) for looks, follows in rules)


class Recogniser:
    """Every red flag and the crisis phrases of one content family, ready to match."""

    def __init__(self, safety: dict, reader=None):
        # reader: the learned second reading for crises said sideways (CrisisReader), or None
        self.reader = reader
        self.sources: dict[str, str] = dict(safety.get("sources", {}))
        self.sign_words = frozenset(safety.get("explained", {}).get("sign_words", []))
        self.plain_words = frozenset(safety.get("explained", {}).get("plain_words", []))
        self.others_back = _phrases(safety.get("explained", {}).get("others_back", []))
        self.flags: tuple[Flag, ...] = tuple(
            Flag(id=f["id"], tier=f["tier"], source=f["source"], name=f["name"],
                 phrases=_phrases(f.get("phrases", [])),
                 together=tuple(tuple(_phrases(group) for group in rule)
                                for rule in f.get("together", [])),
                 masks=_phrases(f.get("except", [])), unless=_phrases(f.get("unless", [])),
                 despite=_phrases(f.get("despite", [])),
                 across=_phrases(f.get("across", [])), yields=_yields(f.get("yields", [])))
            for f in safety.get("flags", []))
        crisis = safety.get("crisis", {})
        self.crisis_phrases = _phrases(crisis.get("phrases", []))
        self.crisis_together = tuple(tuple(_phrases(group) for group in rule)
                                     for rule in crisis.get("together", []))
        self.crisis_masks = _phrases(crisis.get("except", []))
        self.crisis_yields = _yields(crisis.get("yields", []))
        self.crisis_alone = frozenset(" ".join(words_of(p)) for p in crisis.get("alone", []))
        self.alone_around = tuple(words_of(p) for p in crisis.get("alone_around", []))
        self.by_id = {f.id: f for f in self.flags}

    def crisis_in(self, text: str) -> bool:
        if self._said_alone(text):
            return True  # "no way out", said and nothing else (safety.toml, `alone`)
        # Never read as denied: "no, I want to die" is a crisis. Both readings of the words.
        clauses = _clauses(text)
        plain = _clauses(text, everyday=False)
        for clause in clauses if plain == clauses else (*clauses, *plain):
            words = _masked(clause, self.crisis_masks, self.crisis_yields)
            index = _Index(words)
            if _found(words, self.crisis_phrases, False, index) or any(
                    all(_found(words, group, False, index) for group in rule)
                    for rule in self.crisis_together):
                return True
        return False

    def _said_alone(self, text: str) -> bool:
        """One of the `alone` crises, with nothing round it but words that change nothing
        ("so, no way out", "goodbye forever, everyone")."""
        words = words_of(text)
        trimmed = True
        while words and trimmed:
            trimmed = False
            for around in self.alone_around:
                if words[:len(around)] == around and len(words) > len(around):
                    words, trimmed = words[len(around):], True
                elif words[-len(around):] == around and len(words) > len(around):
                    words, trimmed = words[:-len(around)], True
        return " ".join(words) in self.crisis_alone

    def crisis_explained(self, text: str) -> bool:
        """Words a crisis look-alike of safety.toml takes out ("I take all my tablets in the
        morning", "I would never hurt myself on purpose"): the rules have read them as
        everyday, and the learned reader does not overrule that."""
        return any(_masked(clause, self.crisis_masks, self.crisis_yields) != clause
                   for clause in (*_clauses(text), *_clauses(text, everyday=False)))

    def flags_in(self, text: str) -> list[Flag]:
        """Each flag found in either reading of the words (see words_of). Where someone else's
        back is in the story ("my dad has back pain and he's got a high fever"), their signs
        count: a carer asking needs the same advice. "My son has a fever" alone is not ours."""
        theirs = self.back_owners(text)
        found = self._flags_in(text, True, theirs)
        if words_of(text, False) != words_of(text, True):  # else one reading: nothing read as "my"
            found += [f for f in self._flags_in(text, False, theirs) if f not in found]
        if theirs:
            # The phrases are the speaker's ("I can't feel my legs"): the carer's story is also
            # read retold in the first person ("he can't feel his legs").
            found += [f for f in self._flags_in(retold(text), True, theirs) if f not in found]
        return found

    def _flags_in(self, text: str, everyday: bool, theirs: frozenset[str]) -> list[Flag]:
        found = []
        turned = _clauses_turned(text, everyday)
        whole = words_of(text, everyday)
        for flag in self.flags:
            if flag.across and _found(_masked(whole, flag.masks, flag.yields), flag.across, True,
                                      theirs=theirs):
                found.append(flag)
                continue
            for at, (clause, _) in enumerate(turned):
                words = _masked(clause, flag.masks, flag.yields)
                index = _Index(words)
                after = turned[at + 1] if at + 1 < len(turned) else None
                if flag.unless and after and after[1] and after[0][0] in TURN_BACK and _found(
                        after[0][:TURN_REACH], flag.unless, True, theirs=theirs):
                    continue  # "..., but that was years ago"
                if flag.unless and _found(words, flag.unless, True, index, theirs) and not (
                        flag.despite and _found(words, flag.despite, True, index, theirs)):
                    if _outside_unless(words, flag, theirs):
                        found.append(flag)
                        break
                    continue
                if _found(words, flag.phrases, True, index, theirs) or any(
                        all(_found(words, group, True, index, theirs) for group in rule)
                        for rule in flag.together):
                    found.append(flag)
                    break
        return found

    def explains_away(self, text: str) -> tuple[bool, bool]:
        """How these words stand to the signs: (whether a sign's words are here, read loosely,
        with no mask, denial, `unless` or other person applied; whether every other word is a
        plain one). Where assess finds no alarm and both hold, each sign's words were read and
        explained away ("no fever", "my son has a fever") and nothing else is left that could be
        a sign said in a way the rules do not know ("no fever but I can't go at all")."""
        found, plain = False, True
        for everyday in (True, False):
            for clause in _clauses(text, everyday):
                covered, denied = self._covered(clause), _denied(clause)
                if covered & self._masked_places(clause):
                    return True, False  # a look-alike over a sign's words may be the sign
                found = found or bool(covered) or any(clause[i] in self.sign_words
                                                      for i in denied)
                covered |= denied
                plain = plain and all(i in covered or self._plain(w) for i, w in enumerate(clause))
        return found, plain

    def tells_of_others_back(self, text: str) -> bool:
        return bool(self.back_owners(text))

    def back_owners(self, text: str) -> frozenset[str]:
        """Whose back trouble is told of ("my wife's back is hurting and she's clutching her
        chest", "my dad has lower back pain"): a carer asking, whose signs count (see flags_in).
        Not "a lump on his back", "he put his coat on", "she fell asleep", a pet's or a
        physio's."""
        owners = set()
        for words in (words_of(text, True), words_of(text, False)):
            index = _Index(words)
            owners |= _cared_for_back(words)
            for p in self.others_back.candidates(index):
                for start, end in p.find(words, index):
                    if BACK_FINE.intersection(words[end:end + 3]) \
                            or words[start - 1:start] == ["on"]:
                        continue  # "my wife's back is fine", "a lump on his back"
                    if words[end - 1] == "back" and not _a_back(words, end - 1):
                        continue
                    if words[start] in ("he", "she", "they"):
                        if words[end - 1] in ("his", "her", "their", "it") and not \
                                BACK_TROUBLE.intersection(words[end:end + 2]):
                            continue  # "he put his coat on"
                        if words[end:end + 1] and words[end] in NOT_A_FALL \
                                or words[end:end + 2] == ["in", "love"]:
                            continue  # "she fell asleep"
                    near = words[max(0, start - 6):start]
                    if any(w in NOT_CARED for w in near) and not any(
                            _person(w) in CARED_FOR and w not in PRONOUNS for w in near):
                        continue  # "my dog hurt his back"
                    owner = next((_person(w) for w in reversed(near) if _person(w) in CARED_FOR
                                  and w not in PRONOUNS), None)
                    owners.add(owner or "he")  # a pronoun's: pronouns' signs count in any case
        return frozenset(owners)

    def _covered(self, words: list[str]) -> set[int]:
        """The places of every sign phrase found in the words, read loosely. Not a look-alike
        (`except`): a mask may swallow the sign itself ("my heart is sore")."""
        index = _Index(words)
        covered: set[int] = set()
        for flag in self.flags:
            covered |= _places(words, index, flag.phrases) | _places(words, index, flag.across)
            for rule in flag.together:
                parts = [_places(words, index, group) for group in rule]
                if all(parts):
                    covered = covered.union(*parts)
        return covered

    def _masked_places(self, words: list[str]) -> set[int]:
        index = _Index(words)
        return set().union(*(_places(words, index, masks) for flag in self.flags
                             for masks in (flag.masks, *(looks for looks, _ in flag.yields))))

    def _plain(self, word: str) -> bool:
        """A word that cannot carry a sign (safety.toml [explained] plain_words), naming no sign
        or where one is felt (sign_words)."""
        return word in self.plain_words and word not in self.sign_words

    def assess(self, text: str | None, learned: bool = True) -> Alarm | None:
        """The rules' alarm; where they found nothing, the learned reader's (unless not
        `learned`)."""
        if not text:
            return None
        if self.crisis_in(text):
            return Alarm("crisis", "crisis")
        flags = self.flags_in(text)
        if not flags:
            # Only where the rules found nothing: a sign they found keeps its tier's advice
            # ("I've been sweating buckets at night" is a fever, however the reader scores it).
            return self.sideways(text) if learned else None
        top = min(flags, key=lambda f: TIERS.index(f.tier))
        return Alarm(top.tier, top.id)

    def sideways(self, text: str | None) -> Alarm | None:
        """The learned reader's crisis, for words in which the rules found nothing (the caller
        has asked them): none where a crisis look-alike of safety.toml was read."""
        if (text and self.reader is not None and self.reader.says_crisis(text)
                and not self.crisis_explained(text)):
            return Alarm("crisis", "crisis")
        return None


# ---- the learned second reading (trained by skill/crisis_training.py) ----------------------------

READER_FILE = "crisis_reader.json"
# The reader was taught whole sentences (the shortest hint has four words), not a slot's word or
# two: alone, "left" scores as "nothing left" does, and "all time" as "for all time". Every slot
# is read this way, a note too, so words as short as "no way out" are the rules' alone.
READER_FEWEST_WORDS = 4


def reader_features(text: str) -> list[str]:
    """Words and word pairs, as the rules read words: what the crisis reader weighs."""
    words = words_of(text)
    return words + [f"{a} {b}" for a, b in zip(words, words[1:])]


class CrisisReader:
    """Crises said sideways, in words no rule names: TF-IDF (sublinear counts, l2 norm) and
    logistic regression, read in plain Python from the weights crisis_training keeps, so Lambda
    needs no scikit-learn. It speaks only where the rules found nothing (Recogniser.assess)."""

    def __init__(self, idf: dict[str, float], weights: dict[str, float], intercept: float,
                 threshold: float):
        self.idf, self.weights, self.intercept = idf, weights, intercept
        self.threshold = threshold

    def probability(self, text: str) -> float:
        counts: dict[str, int] = {}
        for gram in reader_features(text):
            if gram in self.idf:
                counts[gram] = counts.get(gram, 0) + 1
        values = {g: (1.0 + math.log(n)) * self.idf[g] for g, n in counts.items()}
        norm = math.sqrt(sum(v * v for v in values.values())) or 1.0
        score = self.intercept + sum(self.weights.get(g, 0.0) * v / norm
                                     for g, v in values.items())
        return 1.0 / (1.0 + math.exp(-score))

    def says_crisis(self, text: str | None) -> bool:
        return bool(text) and len(words_of(text)) >= READER_FEWEST_WORDS \
            and self.probability(text) >= self.threshold


@lru_cache(maxsize=None)
def crisis_reader(family: str = "en") -> CrisisReader | None:
    path = Path(__file__).resolve().parent / "content" / family / READER_FILE
    if not path.exists():
        return None
    data = json.loads(path.read_text("utf-8"))
    return CrisisReader(data["idf"], data["weights"], data["intercept"], data["threshold"])


def strongest(alarms: Iterable[Alarm | None]) -> Alarm | None:
    found = [a for a in alarms if a]
    return min(found, key=lambda a: a.rank) if found else None


@lru_cache(maxsize=None)
def recogniser(family: str = "en") -> Recogniser:
    from .content import _read
    return Recogniser(_read(family, "safety"), crisis_reader(family))


def assess(text: str | None, family: str = "en") -> Alarm | None:
    """What a person's words call for: the crisis line, emergency care, urgent care, or None."""
    return recogniser(family).assess(text)


# The intent for a warning sign ruled out ("I don't have a fever"), and its slot.
DENIAL_INTENT, DENIED_SLOT, DENIAL_READING = "NoSignIntent", "denied", "i don't have"


def alarm_for_intent(intent: str | None, slots: dict[str, tuple[str | None, str | None]],
                     family: str = "en") -> Alarm | None:
    """The alarm of one request as Alexa sends it: an intent and its slots, each as
    (value, resolved id). RedFlagIntent's `symptom` slot names the flag (its id when Alexa
    resolved it, else its words); without either, the emergency tier. The one way out: words
    in which every sign was read and explained away (denied, someone else's, a look-alike such
    as "chest press"): None, and the skill answers that it is not an alarm (handlers.safety).
    NoSignIntent (a sign ruled out, "I don't have a fever") is read the same way, its words
    after "no" (and after "I don't have" for a crisis): with any word more than a plain one
    ("no fever but it won't start"), the emergency tier, as for RedFlagIntent."""
    if intent == "CrisisIntent":
        return Alarm("crisis", "crisis")
    if intent == DENIAL_INTENT:
        # {denied} names what is ruled out, so it is read as said: after "no" for the signs
        # ("no" + "fever but I can't pee" keeps its alarm), and after "I don't have" for a
        # crisis ("... a reason to keep going"). Its id, the sign's name, is no flag.
        denied = slots.get(DENIED_SLOT, (None, None))[0]
        if denied and recogniser(family).crisis_in(f"{DENIAL_READING} {denied}"):
            return Alarm("crisis", "crisis")
        slots = {name: (f"no {value}" if name == DENIED_SLOT and value else value, None)
                 for name, (value, _) in slots.items()}
    if intent != "RedFlagIntent" and not any(value for value, _ in slots.values()):
        return None  # no words to read (a launch, "yes"): the recogniser is not even built
    rec = recogniser(family)
    values = [value for value, _ in slots.values()]
    from_words = strongest(rec.assess(value, learned=False) for value in values)
    # The learned reader only where the rules found nothing in any slot: a sign said in one
    # keeps its tier's advice, whatever the words of another score.
    if intent in ("RedFlagIntent", DENIAL_INTENT):
        resolved = [rec.by_id[i] for _, i in slots.values() if i in rec.by_id]
        by_id = strongest(Alarm(f.tier, f.id) for f in resolved)
        found = strongest([from_words, by_id]) or strongest(rec.sideways(v) for v in values)
        readings = [rec.explains_away(value) for value, _ in slots.values() if value]
        # Someone else in the story has back pain or was hurt: a carer asking about them, whose
        # sign the rules read as not the speaker's. Their words keep the alarm.
        carer = any(rec.tells_of_others_back(value) for value in values if value)
        # RedFlagIntent needs a sign's words read and explained away; NoSignIntent is itself a
        # sign ruled out ("I don't have any of those").
        if found is None and readings and not carer and all(p for _, p in readings) and (
                intent == DENIAL_INTENT or any(f for f, _ in readings)):
            return None
        return found or Alarm(DEFAULT_TIER, None)
    return from_words or strongest(rec.sideways(value) for value in values)


def found_in(text: str, family: str = "en") -> bool:
    """A red flag (not a crisis) in these words."""
    alarm = assess(text, family)
    return alarm is not None and alarm.kind != "crisis"


def crisis_in(text: str, family: str = "en") -> bool:
    return recogniser(family).crisis_in(text)
