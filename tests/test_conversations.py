"""Every conversation in tests/conversations/ run turn by turn (see talk.py for the format).

Conversations about notes run twice: on a SQLite file, and on DynamoDB (moto's server on
loopback), since Lambda keeps notes there."""
import uuid

import pytest

from talk import Talk, load_cases

CASES = load_cases()
ON_BOTH_BACKENDS = {"notes", "reflections"}
RUNS = [(case, "sqlite") for case in CASES] + [
    (case, "dynamodb") for case in CASES if case["file"] in ON_BOTH_BACKENDS]


@pytest.mark.parametrize("case, backend", RUNS,
                         ids=[f"{c['file']}: {c['name']} [{b}]" for c, b in RUNS])
def test_conversation(case, backend, tmp_path, request):
    config = dict(case.get("config") or {})
    if backend == "dynamodb":
        config |= {"store": "dynamodb", "dynamodb_table": f"notes-{uuid.uuid4().hex}",
                   "dynamodb_endpoint": request.getfixturevalue("dynamodb_server")}
    talk = Talk(tmp_path, locale=case.get("locale", "en-US"), config=config,
                callers=case.get("callers"))
    talk.seed(case.get("seed", []))
    for spec in case["turns"]:
        exchange = talk.turn(spec)
        if exchange is not None and hasattr(exchange, "speech"):
            talk.check(spec, exchange)
        talk.check_store(spec)
