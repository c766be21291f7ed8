"""The Lambda deployment: the SAM template (linted and transformed offline) and the handler,
run as Lambda runs it, in a fresh interpreter, against SQLite and against a DynamoDB server."""
from __future__ import annotations

import json
import subprocess
import sys
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse

from skill.local.envelopes import Caller, Session, launch_request
from skill.store import Owner
from skill.store.dynamodb_store import TABLE_DEFINITION, DynamoNoteStore

REPO = Path(__file__).resolve().parents[1]
TEMPLATE = REPO / "template.yaml"
SKILL_ID = "amzn1.ask.skill.11111111-2222-3333-4444-555555555555"
USER_ID = "amzn1.ask.account.DEPLOY-TEST"

# Invokes the handler the way Lambda does: events in, response dicts out, one process.
INVOKE = """
import json, sys
import skill.lambda_function as function
replies = [function.handler(event, None) for event in json.load(sys.stdin)]
print(json.dumps({"replies": replies, "cached": function._skill is not None}))
"""


def template() -> dict[str, Any]:
    return yaml_parse(TEMPLATE.read_text())


def launches(count: int) -> list[dict]:
    caller = Caller(user_id=USER_ID, skill_id=SKILL_ID)
    return [Session(caller).envelope(launch_request("en-US")) for _ in range(count)]


def run_lambda(events: list[dict], env: dict[str, str]) -> dict:
    done = subprocess.run([sys.executable, "-c", INVOKE], cwd=REPO, env=env, timeout=120,
                          input=json.dumps(events), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def assert_spoken(reply: dict) -> None:
    assert reply["version"] == "1.0"
    assert reply["response"]["outputSpeech"]["ssml"].startswith("<speak>")
    assert reply["response"]["shouldEndSession"] is False


# -- the template ---------------------------------------------------------------------------

def test_cfn_lint_passes() -> None:
    done = subprocess.run([str(Path(sys.executable).with_name("cfn-lint")), str(TEMPLATE)],
                          cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


def test_sam_transforms_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    class NoManagedPolicies:
        def load(self) -> dict:
            raise AssertionError("the template must not need IAM look-ups")

    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")  # only names ARNs; no call is made
    sam = template()
    # `sam package` replaces the local CodeUri with the uploaded artifact before transforming.
    sam["Resources"]["SkillFunction"]["Properties"]["CodeUri"] = "s3://artifacts/skill.zip"
    resources = transform(sam, {"SkillId": SKILL_ID}, NoManagedPolicies())["Resources"]

    function = resources["SkillFunction"]["Properties"]
    assert function["Handler"] == "skill.lambda_function.handler"
    assert function["Environment"]["Variables"] == {
        "PAINCHATS_STORE": "dynamodb",
        "PAINCHATS_DYNAMODB_TABLE": {"Ref": "NotesTable"},
        "PAINCHATS_SKILL_ID": {"Ref": "SkillId"},
        "PAINCHATS_NOTES_ENABLED": {"Ref": "NotesEnabled"},
        "PAINCHATS_DEVICE_SETTINGS": "true",
        "PAINCHATS_AUDIO_BASE_URL": {"Fn::Sub": "https://${AudioDistribution.DomainName}/audio"},
    }
    permission = resources["SkillFunctionAlexaPermission"]["Properties"]
    assert permission["Principal"] == "alexa-appkit.amazon.com"
    assert permission["EventSourceToken"] == {"Ref": "SkillId"}
    # Least privilege: the one inline policy reaches only the notes table.
    (policy,) = resources["SkillFunctionRole"]["Properties"]["Policies"]
    for statement in policy["PolicyDocument"]["Statement"]:
        for resource in statement["Resource"]:
            assert resource["Fn::Sub"][1] == {"tableName": {"Ref": "NotesTable"}}


def test_table_matches_the_store() -> None:
    table = template()["Resources"]["NotesTable"]
    assert table["DeletionPolicy"] == "Retain"
    properties = table["Properties"]
    for name in ("KeySchema", "AttributeDefinitions", "BillingMode"):
        assert properties[name] == TABLE_DEFINITION[name], name
    assert properties["KeySchema"] == [{"AttributeName": "user_id", "KeyType": "HASH"},
                                       {"AttributeName": "sk", "KeyType": "RANGE"}]
    assert properties["SSESpecification"] == {"SSEEnabled": True}
    assert properties["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}


# -- the handler ------------------------------------------------------------------------------

def test_lambda_module_imports_with_an_empty_environment() -> None:
    code = "import skill.lambda_function as f; assert f._skill is None; print(callable(f.handler))"
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, env={},
                          capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout.strip()) == (0, "True"), done.stderr


def test_lambda_handler_answers_from_sqlite(tmp_path: Path) -> None:
    database = tmp_path / "lambda.sqlite3"
    result = run_lambda(launches(2), {"PAINCHATS_STORE": "sqlite",
                                      "PAINCHATS_SQLITE_PATH": str(database),
                                      "PAINCHATS_SKILL_ID": SKILL_ID})
    assert result["cached"]
    for reply in result["replies"]:
        assert_spoken(reply)
    assert database.exists()


def test_lambda_handler_keeps_data_in_dynamodb(
        dynamodb_server: str, make_dynamo_store: Callable[..., DynamoNoteStore],
        tmp_path: Path) -> None:
    """Through the store section's moto server (tests/conftest.py) on loopback."""
    table = f"lambda-{uuid.uuid4().hex}"
    store = make_dynamo_store(table)
    fake_aws = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                "AWS_REGION": "us-east-1",
                # Nothing from this machine's AWS set-up, and no metadata-service look-ups.
                "AWS_CONFIG_FILE": str(tmp_path / "none"),
                "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "none"),
                "AWS_EC2_METADATA_DISABLED": "true"}

    result = run_lambda(launches(2), {**fake_aws, "PAINCHATS_STORE": "dynamodb",
                                      "PAINCHATS_DYNAMODB_TABLE": table,
                                      "PAINCHATS_DYNAMODB_ENDPOINT": dynamodb_server,
                                      "PAINCHATS_SKILL_ID": SKILL_ID})
    for reply in result["replies"]:
        assert_spoken(reply)
    # The first launch wrote the visit to the table, and the second read it back there: it
    # welcomes a returning person (a launch that changes nothing writes nothing).
    assert store.load_profile(Owner(USER_ID))["visits"] == 1
    first, second = (r["response"]["outputSpeech"]["ssml"] for r in result["replies"])
    assert "Welcome to Pain Chats" in first and "Welcome back" in second


def test_the_sam_build_target_packages_a_self_contained_lambda(tmp_path: Path) -> None:
    """`make build-SkillFunction` (what `sam build` runs): the handler answers from the package
    alone, without site-packages; the local conversation is left out; every module of the skill
    has its bytecode, since Lambda's read-only code would otherwise compile on each cold start."""
    artifacts = tmp_path / "artifacts"
    built = subprocess.run(["make", "--no-print-directory", "build-SkillFunction",
                            f"ARTIFACTS_DIR={artifacts}", f"PYTHON={sys.executable}"],
                           cwd=REPO, capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr
    package = artifacts / "skill"
    assert not (package / "local").exists()
    sources = sorted(package.rglob("*.py"))
    assert sources
    for source in sources:
        compiled = source.parent / "__pycache__" / f"{source.stem}.{sys.implementation.cache_tag}.pyc"
        assert compiled.exists(), source
    database = tmp_path / "lambda.sqlite3"
    done = subprocess.run([sys.executable, "-S", "-B", "-c", INVOKE], cwd=artifacts,
                          env={"PAINCHATS_STORE": "sqlite", "PAINCHATS_SQLITE_PATH": str(database),
                               "PAINCHATS_SKILL_ID": SKILL_ID},
                          input=json.dumps(launches(1)), capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert_spoken(json.loads(done.stdout)["replies"][0])
