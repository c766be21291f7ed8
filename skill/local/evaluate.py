"""How well the skill understands phrasings nobody tuned it to: `python -m skill eval`.

Every corpus file in tests/evaluation/ (a YAML list of {text, expect, locale, form, topic}) is
run the way `python -m skill chat` runs a turn: the local resolver, a real request envelope and
the real skill. What counts is what a person would hear:

- `topic:<id>`: on topic when the spoken answer is that topic's short answer;
- `emergency` / `urgent`: caught when urgent-care advice comes with the locale's emergency
  number; the tier is right when it is that tier's script;
- `crisis`: caught when the crisis line comes, with the locale's crisis number;
- `none`: a false alarm when any of those comes.

Items of form `as_note` are said inside the notes flow, after consent: "add a note", "yes",
then "my note is <text>". The same corpus runs through the plain classifier too (intent only).
Every miss is listed. `--export DIR` writes each corpus file as Alexa NLU annotation sets, one
per locale, for Amazon's NLU Evaluation Tool (see README, "Understanding").
"""
from __future__ import annotations

import json
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TextIO

import yaml

from ..config import Config
from ..content import LOCALES, Content, load_content
from .classifier import FALLBACK

CORPUS_DIR = Path(__file__).resolve().parents[2] / "tests" / "evaluation"


@dataclass
class Outcome:
    item: dict
    heard: str
    chat_ok: bool
    classifier_ok: bool | None  # None: not a question for the plain classifier (a note)
    tier_ok: bool | None = None
    classifier_intent: str = ""


@dataclass
class Tally:
    hit: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.hit += bool(ok)
        self.total += 1

    def __str__(self) -> str:
        if not self.total:
            return "-"
        return f"{self.hit}/{self.total} ({100 * self.hit / self.total:.0f}%)"


@dataclass
class Report:
    name: str
    outcomes: list[Outcome] = field(default_factory=list)


def load_corpus(path: Path) -> list[dict]:
    items = yaml.safe_load(path.read_text("utf-8")) or []
    return [i for i in items if i.get("locale") in LOCALES]


def corpus_files(folder: Path = CORPUS_DIR) -> list[Path]:
    return sorted(folder.glob("*.yaml"))


def expected_intent(item: dict, content: Content) -> str:
    """The intent Alexa should send for an item said as one request."""
    kind, _, topic = item["expect"].partition(":")
    if item.get("form") == "as_note":
        return "AddNoteIntent"
    if kind == "topic":
        return content.topics[topic].intent
    if kind in ("emergency", "urgent"):
        return "RedFlagIntent"
    if kind == "crisis":
        return "CrisisIntent"
    topic = item.get("topic")
    return content.topics[topic].intent if topic in content.topics else FALLBACK


def _script_fragments(content: Content, text: str) -> list[str]:
    """Fixed parts of a script, as heard in this locale (placeholders filled)."""
    spoken = content.spoken(text).lower()
    return [p.strip() for p in spoken.split(".") if len(p.strip()) > 12][:2]


class Evaluator:
    def __init__(self, workdir: Path):
        from ..core import build_skill
        from .nlu import Resolver
        self.config = replace(Config(), store="sqlite", sqlite_path=workdir / "eval.sqlite3",
                              device_settings=False)
        self.skill = build_skill(self.config)
        self.resolvers = {}
        self._Resolver = Resolver
        self.count = 0

    def resolver(self, locale: str):
        if locale not in self.resolvers:
            self.resolvers[locale] = self._Resolver.for_locale(locale)
        return self.resolvers[locale]

    def conversation(self, locale: str):
        from .chat import Conversation
        from .envelopes import Caller
        self.count += 1  # a new person each time: no consent or notes carried over
        return Conversation(self.skill, self.resolver(locale), Caller(
            locale=locale, user_id=f"amzn1.ask.account.EVAL-{self.count}"))

    def heard(self, item: dict) -> str:
        conversation = self.conversation(item["locale"])
        if item.get("form") == "as_note":
            conversation.say("add a note")
            conversation.say("yes")
            return conversation.say(f"my note is {item['text']}").speech
        return conversation.say(item["text"]).speech

    def run(self, item: dict) -> Outcome:
        content = load_content(item["locale"])
        heard = self.heard(item)
        said = heard.lower()
        kind, _, topic = item["expect"].partition(":")
        number = content.values["emergency"]["spoken"].lower()
        crisis_line = content.spoken("{crisis_line}").lower()
        scripts = {tier: _script_fragments(content, content.red_flags.script(tier)[0])
                   for tier in ("emergency", "urgent")}
        gave = {tier for tier, parts in scripts.items() if all(p in said for p in parts)}
        crisis = all(p in said for p in _script_fragments(content, content.phrases["crisis"]))
        tier_ok = None
        if kind == "topic":
            chat_ok = content.spoken(content.topics[topic].short).lower() in said
        elif kind in ("emergency", "urgent"):
            chat_ok = bool(gave) and number in said
            tier_ok = gave == {kind}
        elif kind == "crisis":
            chat_ok = crisis and crisis_line in said
        else:  # none: no alarm of any kind
            chat_ok = not gave and not crisis
        classifier_ok, predicted = None, ""
        if item.get("form") != "as_note":
            predicted = self.resolver(item["locale"]).classifier.predict(item["text"]).intent
            classifier_ok = predicted == expected_intent(item, content)
        return Outcome(item, heard, chat_ok, classifier_ok, tier_ok, predicted)


def evaluate(paths: list[Path]) -> list[Report]:
    reports = []
    with tempfile.TemporaryDirectory() as tmp:
        evaluator = Evaluator(Path(tmp))
        for path in paths:
            reports.append(Report(path.name, [evaluator.run(i) for i in load_corpus(path)]))
    return reports


def _category(item: dict) -> str:
    kind = item["expect"].partition(":")[0]
    return {"emergency": "red flag", "urgent": "red flag"}.get(kind, kind)


def summarise(report: Report) -> dict:
    """Per locale and overall: the tallies the README and the goals speak of."""
    table: dict[str, dict[str, Tally]] = defaultdict(lambda: defaultdict(Tally))
    for o in report.outcomes:
        item = o.item
        kind = item["expect"].partition(":")[0]
        for where in (item["locale"], "all"):
            row = table[where]
            if kind == "topic":
                row["topics on topic (chat)"].add(o.chat_ok)
                row["topics (plain classifier)"].add(o.classifier_ok)
            elif kind in ("emergency", "urgent"):
                row["red flags caught with the number (chat)"].add(o.chat_ok)
                row[f"{kind} caught (chat)"].add(o.chat_ok)
                row["red flags in the right tier (chat)"].add(bool(o.tier_ok))
                if o.classifier_ok is not None:
                    row["red flags (plain classifier)"].add(o.classifier_ok)
            elif kind == "crisis":
                row["crisis caught with the line (chat)"].add(o.chat_ok)
                if o.classifier_ok is not None:
                    row["crisis (plain classifier)"].add(o.classifier_ok)
            else:
                row["look-alikes with no alarm (chat)"].add(o.chat_ok)
                if o.classifier_ok is not None:
                    row["look-alikes (plain classifier)"].add(o.classifier_ok)
    return table


def print_report(reports: list[Report], out: TextIO) -> None:
    for report in reports:
        table = summarise(report)
        out.write(f"\n== {report.name}: {len(report.outcomes)} phrasings ==\n")
        metrics = list(dict.fromkeys(m for row in table.values() for m in row))
        locales = [loc for loc in LOCALES if loc in table] + ["all"]
        out.write(f"{'':42}" + "".join(f"{loc:>15}" for loc in locales) + "\n")
        for metric in metrics:
            out.write(f"{metric:42}" + "".join(
                f"{str(table[loc].get(metric, '-')):>15}" for loc in locales) + "\n")
        misses = [o for o in report.outcomes if not o.chat_ok]
        out.write(f"\nMisses through chat ({len(misses)}):\n")
        for o in misses:
            i = o.item
            out.write(f"- [{i['locale']} {i['form']} {i['expect']}] {i['text']}\n"
                      f"    heard: {o.heard[:150]}\n")
        wrong_tier = [o for o in report.outcomes if o.chat_ok and o.tier_ok is False]
        out.write(f"\nRed flags caught in the other tier ({len(wrong_tier)}):\n")
        for o in wrong_tier:
            out.write(f"- [{o.item['locale']} {o.item['expect']}] {o.item['text']}\n")
        wrong = [o for o in report.outcomes if o.classifier_ok is False]
        out.write(f"\nMisses by the plain classifier ({len(wrong)}):\n")
        for o in wrong:
            i = o.item
            out.write(f"- [{i['locale']} {i['expect']}] {i['text']}  -> {o.classifier_intent}\n")


# ---- Alexa NLU annotation sets ------------------------------------------------------------------

def annotation_set(items: list[dict], locale: str) -> dict:
    """The body Amazon's NLU annotation set API takes (Content-Type application/json): for each
    utterance, the intent expected (slots left unchecked where they vary)."""
    content = load_content(locale)
    data = []
    for item in items:
        if item["locale"] != locale:
            continue
        intent = expected_intent(item, content)
        utterance = item["text"]
        expected: dict = {"name": intent}
        if item.get("form") == "as_note":
            utterance = f"note that {item['text']}"
            expected["slots"] = {"note": {"value": item["text"]}}
        data.append({"inputs": {"utterance": utterance}, "expected": [{"intent": expected}]})
    return {"data": data}


def export_annotations(paths: list[Path], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for path in paths:
        items = load_corpus(path)
        for locale in sorted({i["locale"] for i in items}):
            target = folder / f"{path.stem}.{locale}.json"
            target.write_text(json.dumps(annotation_set(items, locale), indent=2) + "\n", "utf-8")
            written.append(target)
    return written
