"""How long the safety rules take to read one thing a person said.

Every turn and every note is read by `safety.Recogniser.assess`, and `make eval` and the test
suite read tens of thousands of phrasings, so this cost is paid everywhere. Baseline, measured
in the same run: cutting the same phrasings into words (`safety.words_of`), the least any
reading must do. Prints milliseconds per phrasing and the ratio to the baseline.
Run: make bench.
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from skill import safety  # noqa: E402

CORPORA = Path(__file__).resolve().parent.parent / "tests" / "evaluation"
EVERY = 25  # one phrasing in 25 of the evaluation corpora: a few hundred, of every kind
ROUNDS = 3


def phrasings() -> list[str]:
    texts = []
    for corpus in sorted(CORPORA.glob("*.yaml")):
        texts += [item["text"] for item in yaml.safe_load(corpus.read_text(encoding="utf-8"))]
    return texts[::EVERY]


def ms_per_phrasing(read, texts: list[str]) -> float:
    rounds = []
    for _ in range(ROUNDS):
        began = time.perf_counter()
        for text in texts:
            read(text)
        rounds.append((time.perf_counter() - began) / len(texts) * 1000)
    return statistics.median(rounds)


def main() -> None:
    texts = phrasings()
    began = time.perf_counter()
    recogniser = safety.recogniser("en")
    built = time.perf_counter() - began
    recogniser.assess("hello")  # the crisis reader loads on first use
    baseline = ms_per_phrasing(safety.words_of, texts)
    assess = ms_per_phrasing(recogniser.assess, texts)
    print(f"safety rules built once per process: {built:.2f} s")
    print(f"cutting a phrasing into words (baseline), {len(texts)} phrasings: "
          f"{baseline:.3f} ms each")
    print(f"reading a phrasing for red flags and crisis: {assess:.2f} ms each "
          f"({assess / baseline:.0f}x baseline)")


if __name__ == "__main__":
    main()
