"""The skill package in ASK CLI v2 layout, generated from the content so utterances are written
once: `python -m skill model build` writes it, `python -m skill model check` says if it is stale."""
from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

from .content import LOCALES, Content, compiled_files, load_content

PACKAGE = Path(__file__).resolve().parent.parent / "interaction_model"
BUILT_INS = ("AMAZON.CancelIntent", "AMAZON.HelpIntent", "AMAZON.StopIntent",
             "AMAZON.NavigateHomeIntent", "AMAZON.FallbackIntent", "AMAZON.YesIntent",
             "AMAZON.NoIntent", "AMAZON.RepeatIntent", "AMAZON.NextIntent",
             # AudioPlayer: Pause and Resume are required with the AUDIO_PLAYER interface.
             "AMAZON.PauseIntent", "AMAZON.ResumeIntent", "AMAZON.PreviousIntent",
             "AMAZON.StartOverIntent", "AMAZON.LoopOnIntent", "AMAZON.LoopOffIntent",
             "AMAZON.ShuffleOnIntent", "AMAZON.ShuffleOffIntent")
TOPIC_TYPE = "TOPIC"
QUESTION_TYPE = "QUESTION"
SSL_CERTIFICATE_TYPES = ("Trusted", "Wildcard")  # Alexa's names; self-signed cannot be published
_LAMBDA_ARN = re.compile(
    r"arn:aws(-[a-z]+)*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?")


def endpoint_block(endpoint: str, ssl_certificate_type: str | None = None) -> dict:
    """What skill.json says for an endpoint: a Lambda ARN, or an HTTPS URL with the kind of
    certificate it serves (Alexa calls only HTTPS on 443). ValueError for anything else."""
    if endpoint.startswith("arn:"):
        if not _LAMBDA_ARN.fullmatch(endpoint):
            raise ValueError(f"not a Lambda function ARN: {endpoint}")
        if ssl_certificate_type is not None:
            raise ValueError("--ssl-certificate-type is for an HTTPS endpoint, not a Lambda ARN")
        return {"uri": endpoint}
    parts = urlsplit(endpoint)
    if parts.scheme != "https" or not parts.hostname or parts.port not in (None, 443):
        raise ValueError(f"Alexa calls an https:// URL on port 443 or a Lambda ARN, not {endpoint}")
    kind = ssl_certificate_type or "Trusted"
    if kind not in SSL_CERTIFICATE_TYPES:
        raise ValueError(f"sslCertificateType must be one of {SSL_CERTIFICATE_TYPES}")
    return {"uri": endpoint, "sslCertificateType": kind}


RED_FLAG_TYPE = "RED_FLAG"


def one_flag_type(flag_id: str) -> str:
    """The slot type of one red flag's sayings (see language_model)."""
    return f"{RED_FLAG_TYPE}_{flag_id.upper()}"


def is_red_flag_type(slot_type: str | None) -> bool:
    """RED_FLAG, or one flag's sayings alone: a sign said, read the same way."""
    return bool(slot_type) and (slot_type == RED_FLAG_TYPE
                                or slot_type.startswith(RED_FLAG_TYPE + "_"))
# A phrase slot after a topic question: what is said beside the question ("should I use ice or
# heat, I also didn't make it to the bathroom") reaches the skill, which reads it for red flags
# and crisis (skill.safety) as it reads every slot.
ASIDE_SLOT = "aside"
_AFTER_QUESTION = f" {{{ASIDE_SLOT}}}"


def question_before_aside(sample: str) -> str | None:
    """The question of a "<question> {aside}" sample; None for any other sample."""
    return sample.removesuffix(_AFTER_QUESTION) if sample.endswith(_AFTER_QUESTION) else None
_SLOT_NAME = re.compile(r"\{(\w+)\}")


def _declared(samples: list[str], slot_types: dict[str, str]) -> list[dict]:
    """The custom slots ({activity}, {symptom}, ...) that an intent's samples use."""
    used = dict.fromkeys(n for s in samples for n in _SLOT_NAME.findall(s))
    return [{"name": n, "type": slot_types[n]} for n in used]


def _with_fillers(samples: list[str], fillers: list[str], count: int) -> list[str]:
    """The first `count` plain samples again with each filler word in front."""
    plain = [s for s in samples if "{" not in s][:count]
    return samples + [f"{f} {s}" for s in plain for f in fillers]


def _stories(before: list[str], after: list[str]) -> Iterator[tuple[str, str]]:
    """What is said before or after a question, in turn across all topics (see nlu.toml,
    contexts_before)."""
    return itertools.cycle([(c, "") for c in before] + [("", c) for c in after] or [("", "")])


def _with_stories(samples: Iterable[str], stories: Iterator[tuple[str, str]],
                  count: int) -> list[str]:
    """The first `count` plain questions, each with two stories in turn."""
    # Plain questions of everyday length: a sample that already tells a story gets no second
    # one, and a clipped one ("back pain") is not a question to put a story around.
    plain = [s for s in samples if "{" not in s and 4 <= len(s.split()) <= 9][:count]
    return [" ".join(p for p in (head, s, tail) if p)
            for s in plain for head, tail in (next(stories), next(stories))]


QUESTION_WORDS = frozenset({"is", "are", "can", "could", "should", "would", "will", "do", "does",
                            "did", "how", "what", "what's", "when", "why", "who", "which"})


def _with_aside(samples: Iterable[str], count: int, safety_starts: Iterable[str]) -> list[str]:
    """Up to `count` plain questions, each followed by the aside slot (see ASIDE_SLOT), taken
    from each of the samples' patterns in turn (see below). Only questions: a statement ("my back hurts ...") is also how people answer a reflection
    question. And none that starts a RedFlagIntent or CrisisIntent sample ("is it serious if
    {symptom}"): there Alexa could pick the topic for a sign, and the words after the question
    ("if I have cancer") may say less than the whole."""
    taken = tuple(f"{s} " for s in safety_starts)

    def carries(s: str) -> bool:
        return ("{" not in s and 3 <= len(s.split()) <= 9 and s.split()[0] in QUESTION_WORDS
                and not f"{s} ".startswith(taken) and not any(t.startswith(f"{s} ") for t in taken))
    # One pattern's phrasings in turn with the next's, so that every way of asking has its
    # carriers: the first sixty phrasings alone came from the first two or three patterns
    # ("how much time before my back heals" was one, "should I keep going to the gym" not).
    # Within a pattern the shortest first: the question itself before its "for my back".
    groups = getattr(samples, "groups", None) or (tuple(samples),)
    chosen = _in_turn(sorted((s for s in g if carries(s)), key=lambda s: len(s.split()))
                      for g in groups)
    return [s + _AFTER_QUESTION for s in itertools.islice(chosen, count)]


def _in_turn(groups: Iterable[list[str]]) -> Iterator[str]:
    """The first of each group, then the second of each, and so on."""
    for round_ in itertools.zip_longest(*groups):
        yield from (s for s in round_ if s is not None)


def _slots(spec: dict) -> list[dict]:
    slots = spec.get("slots") or ([spec["slot"]] if "slot" in spec else [])
    return [{"name": s["name"], "type": s["type"], **({"samples": list(s["samples"])}
                                                       if s.get("samples") else {})}
            for s in slots]


def language_model(content: Content) -> dict:
    nlu = content.understanding
    slot_types: dict[str, str] = dict(nlu.get("slots", {}))
    model_nlu = nlu.get("model", {})
    fillers, per_topic = model_nlu.get("fillers", []), model_nlu.get("filler_samples", 0)
    contexts = _stories(model_nlu.get("contexts_before", []), model_nlu.get("contexts_after", []))
    intents = []
    # A crisis said after a question still decides the intent (see nlu.toml).
    statements = itertools.cycle(model_nlu.get("crisis_after_topic", []) or [""])
    joiners = itertools.cycle(model_nlu.get("crisis_joiners", []) or [""])
    after = [f"{u} {next(joiners)} {next(statements)}" for t in content.topics.values()
             for u in [u for u in t.utterances if "{" not in u][:model_nlu.get(
                 "crisis_topic_samples", 0)]
             for _ in range(2)] if model_nlu.get("crisis_after_topic") else []
    safety_samples = [*content.red_flags.utterances, *after,
                      *content.intents.get("CrisisIntent", {}).get("utterances", [])]
    for t in content.topics.values():
        samples = (_with_fillers(list(t.utterances), fillers, per_topic)
                   + _with_stories(t.utterances, contexts, model_nlu.get("context_samples", 0))
                   + _with_aside(t.utterances, model_nlu.get("aside_samples", 0), safety_samples))
        intents.append({"name": t.intent, "slots": _declared(samples, slot_types),
                        "samples": samples})
    red = list(content.red_flags.utterances)
    intents.append({"name": "RedFlagIntent", "slots": _declared(red, slot_types), "samples": red})
    intents += [{"name": name, "slots": _slots(spec), "samples": list(spec["utterances"]) + (
                    after if name == "CrisisIntent" else [])}
                for name, spec in content.intents.items() if name not in BUILT_INS]
    # Built-ins need no samples; any given in the content are added to Alexa's own.
    intents += [{"name": name, "samples": list(content.intents.get(name, {}).get("utterances", []))}
                for name in BUILT_INS]
    _drop_generated_repeats(intents)
    # The name the skill itself uses when it lists or offers a topic is understood back too.
    topic_values = [{"id": t.id, "name": {"value": t.slot_values[0], "synonyms": [
        v for v in dict.fromkeys([*t.slot_values[1:], t.name.lower()]) if v != t.slot_values[0]]}}
                    for t in content.topics.values()]
    # Group names from "what can I ask" are said back to hear what is in a group.
    topic_values += [{"id": g.id, "name": {"value": g.name, "synonyms": []}}
                     for g in content.topic_groups]
    types = [{"name": TOPIC_TYPE, "values": topic_values}]
    if content.questions:
        types.append({"name": QUESTION_TYPE, "values": [
            {"id": str(q.number), "name": {"value": q.slot_values[0],
                                           "synonyms": list(q.slot_values[1:])}}
            for q in content.questions]})
    flags = [(fid, said) for fid, said in content.red_flags.sayings.items() if said]
    if flags:
        types.append({"name": RED_FLAG_TYPE, "values": [
            {"id": fid, "name": {"value": said[0], "synonyms": list(said[1:])}}
            for fid, said in flags]})
    # One sign's sayings as a type of its own (RED_FLAG_CANCER_HISTORY), for a story told round
    # that sign ("{history} and now I've got new back pain"): Alexa resolves the sign, and the
    # frame is trained with that sign's words only, not any sign's ("a bad fall ... and now").
    for fid, said in flags:
        if one_flag_type(fid) in slot_types.values():
            types.append({"name": one_flag_type(fid), "values": [
                {"id": fid, "name": {"value": said[0], "synonyms": list(said[1:])}}]})
    for name, spec in nlu.get("types", {}).items():
        types.append({"name": name, "values": [{"id": v.replace(" ", "_"), "name": {"value": v, "synonyms": []}}
                                                  for v in spec["values"]]})
    language: dict = {"invocationName": content.invocation_name}
    if "fallback_sensitivity" in model_nlu:
        language["modelConfiguration"] = {"fallbackIntentSensitivity": {
            "level": model_nlu["fallback_sensitivity"]}}
    language |= {"intents": intents, "types": types}
    model: dict = {"languageModel": language}
    if content.dialog_model:
        model["dialog"] = content.dialog_model["dialog"]
        model["prompts"] = content.dialog_model["prompts"]
    return {"interactionModel": model}


def _drop_generated_repeats(intents: list[dict]) -> None:
    """A sample Alexa would refuse in two intents: the filler variant made here gives way (a
    hand-written one in two intents stays, and the model tests name it)."""
    owner: dict[str, str] = {}
    for intent in intents:
        for sample in intent["samples"]:
            owner.setdefault(sample, intent["name"])
    for intent in intents:
        intent["samples"] = [s for s in dict.fromkeys(intent["samples"])
                             if owner[s] == intent["name"] or s.split()[0] not in FILLER_HEADS]


FILLER_HEADS = frozenset({"um", "so", "okay", "hey", "quick"})


def manifest(endpoint: str | None = None, ssl_certificate_type: str | None = None) -> dict:
    """skill.json: the store listing per locale, the health disclaimer, and the events used.
    Both the skill and its events (SkillDisabled) go to `endpoint`, by default the
    `endpoint_arn` of the content's [publishing] table."""
    publishing = load_content(LOCALES[0]).publishing
    where = endpoint_block(endpoint or publishing["endpoint_arn"],
                           ssl_certificate_type if endpoint else None)
    locales = {}
    for locale in LOCALES:
        content = load_content(locale)
        examples = [f"Alexa, ask {content.invocation_name} {e}" for e in publishing["examples"]]
        locales[locale] = {"name": publishing["name"], "summary": publishing["summary"],
                           "description": publishing["description"], "examplePhrases": examples,
                           "keywords": publishing["keywords"]}
    return {"manifest": {
        "manifestVersion": "1.0",
        "publishingInformation": {"locales": locales, "isAvailableWorldwide": False,
                                  "distributionCountries": ["US", "GB", "CA", "AU", "IN"],
                                  "category": "HEALTH_AND_FITNESS",
                                  "testingInstructions": "Ask a back pain question, then say tell me more, repeat, next, help and stop. Say record a reflection to try spoken notes."},
        "privacyAndCompliance": {
            "allowsPurchases": False, "usesPersonalInfo": True, "isChildDirected": False,
            "isExportCompliant": True, "containsAds": False,
            "locales": {locale: {"privacyPolicyUrl": publishing["privacy_policy_url"],
                                 "termsOfUseUrl": publishing["terms_of_use_url"]}
                        for locale in LOCALES}},
        # AUDIO_PLAYER: the narrated series plays as long-form audio (skill/audio/player.py).
        "apis": {"custom": {"endpoint": dict(where), "interfaces": [{"type": "AUDIO_PLAYER"}]}},
        "events": {"endpoint": dict(where),
                   "subscriptions": [{"eventName": "SKILL_DISABLED"}]},
    }}


def package_files(endpoint: str | None = None, ssl_certificate_type: str | None = None,
                  out: Path | None = None) -> dict[Path, str]:
    """The package's files by path (under `out`, by default the committed interaction_model/)."""
    folder = PACKAGE if out is None else Path(out)
    files = {folder / "skill.json": manifest(endpoint, ssl_certificate_type)}
    for locale in LOCALES:
        path = folder / "interactionModels" / "custom" / f"{locale}.json"
        files[path] = language_model(load_content(locale))
    texts = {path: json.dumps(body, indent=2, ensure_ascii=False) + "\n"
             for path, body in files.items()}
    if out is None:  # the content, compiled for a fast cold start, is kept with the source
        texts.update(compiled_files())
    return texts


def build(endpoint: str | None = None, ssl_certificate_type: str | None = None,
          out: Path | None = None) -> list[Path]:
    return write_changed(package_files(endpoint, ssl_certificate_type, out))


def stale() -> list[Path]:
    return changed(package_files())


def changed(files: dict[Path, str]) -> list[Path]:
    """The generated files whose text on disk is not what it should be now."""
    return [p for p, text in files.items() if not p.exists() or p.read_text("utf-8") != text]


def write_changed(files: dict[Path, str]) -> list[Path]:
    written = changed(files)
    for path in written:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(files[path], "utf-8")
    return written
