"""One cold start, in this fresh process: import the Lambda entry point, answer one launch, then
a few warm requests; prints JSON (import ms, first response ms, peak memory MB) for bench.py.

Run by bench.py as: python benchmarks/cold_start.py skill|bare|bare-dynamodb EVENT  (environment
set by the caller)."""
import time

began = time.perf_counter()

import json  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
which = sys.argv[1]


def peak_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not inherited from the
    parent that forked it)."""
    with open("/proc/self/status") as status:
        kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    return kb / 1024


import_began = time.perf_counter()
if which == "skill":
    from skill.lambda_function import handler  # noqa: E402
elif which == "bare-dynamodb":
    from benchmarks.bare.hello_dynamodb import handler  # noqa: E402
else:
    from benchmarks.bare.hello_skill import handler  # noqa: E402
imported = time.perf_counter()

event = json.loads(sys.argv[2])  # a launch envelope, made by the caller
answered_began = time.perf_counter()
reply = handler(event, None)
answered = time.perf_counter()
assert reply["response"]["outputSpeech"]["ssml"]
for _ in range(20):  # warm requests: peak memory is that of a container in use
    handler(event, None)
print(json.dumps({
    "import_ms": (imported - import_began) * 1000,
    "first_ms": (answered - answered_began) * 1000,
    "total_ms": (answered - import_began) * 1000,
    "peak_mb": peak_mb(),
}))
