"""How long one `python -m skill chat --say ...` turn takes, as a new user's shell sees it.

Baseline, measured in the same run: a turn whose words are a sample (exact match, the
classifier is never loaded). Then a turn that needs the classifier: first with an empty cache
(it is trained), then with the cache warm. Prints seconds and ratios to the baseline."""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RUNS = 5


def turn(said: str, cache: str) -> float:
    env = {**os.environ, "PAINCHATS_NLU_CACHE": cache,
           "PAINCHATS_SQLITE_PATH": str(Path(cache) / "bench.sqlite3")}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "skill", "chat", "--say", said], cwd=REPO, env=env,
                   check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as cache:
        baseline = statistics.median(turn("does stretching help", cache) for _ in range(RUNS))
        said = "um so like my back is killing me after gardening what should i do"
        cold = turn(said, cache)
        warm = statistics.median(turn(said, cache) for _ in range(RUNS))
    print(f"one turn, a sample said exactly (baseline): {baseline:.2f} s")
    print(f"one turn through the classifier, cache empty (trains): {cold:.2f} s "
          f"({cold / baseline:.1f}x baseline)")
    print(f"one turn through the classifier, cache warm: {warm:.2f} s "
          f"({warm / baseline:.1f}x baseline; target under 2 s)")


if __name__ == "__main__":
    main()
