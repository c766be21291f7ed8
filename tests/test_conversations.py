"""Every conversation in tests/conversations/ run turn by turn (see talk.py for the format)."""
import pytest

from talk import Talk, load_cases

CASES = load_cases()


@pytest.mark.parametrize("case", CASES, ids=[f"{c['file']}: {c['name']}" for c in CASES])
def test_conversation(case, tmp_path):
    talk = Talk(tmp_path, locale=case.get("locale", "en-US"), config=case.get("config"),
                callers=case.get("callers"))
    talk.seed(case.get("seed", []))
    for spec in case["turns"]:
        exchange = talk.turn(spec)
        if exchange is not None and hasattr(exchange, "speech"):
            talk.check(spec, exchange)
        talk.check_store(spec)
