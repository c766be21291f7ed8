"""`python -m skill model build --endpoint ...` writes a skill package that can be published
either way: both the custom endpoint and the events endpoint (for SkillDisabled) point where
the skill runs; `make model` still writes the committed package, unchanged."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from skill import model_build

REPO = Path(__file__).resolve().parents[1]
ARN = "arn:aws:lambda:eu-west-1:123456789012:function:painchats-prod"
URL = "https://alexa.clinic.example/alexa"


def build(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "skill", "model", "build", *args], cwd=REPO,
                          env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True,
                          text=True, timeout=60)


def manifest(folder: Path) -> dict:
    return json.loads((folder / "skill.json").read_text("utf-8"))["manifest"]


def test_a_self_hosted_package_has_both_endpoints_with_their_certificate_type(tmp_path):
    done = build("--endpoint", URL, "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    body = manifest(tmp_path)
    expected = {"uri": URL, "sslCertificateType": "Trusted"}
    assert body["apis"]["custom"]["endpoint"] == expected
    assert body["events"]["endpoint"] == expected
    assert body["events"]["subscriptions"] == [{"eventName": "SKILL_DISABLED"}]
    for path, text in model_build.package_files().items():
        if path.name != "skill.json" and model_build.PACKAGE in path.parents:  # the models
            written = tmp_path / path.relative_to(model_build.PACKAGE)
            assert written.read_text("utf-8") == text


def test_a_wildcard_certificate_is_named_as_such(tmp_path):
    assert build("--endpoint", URL, "--ssl-certificate-type", "Wildcard",
                 "--out", str(tmp_path)).returncode == 0
    body = manifest(tmp_path)
    assert body["apis"]["custom"]["endpoint"]["sslCertificateType"] == "Wildcard"
    assert body["events"]["endpoint"]["sslCertificateType"] == "Wildcard"


def test_a_lambda_package_names_the_arn_for_both_without_a_certificate_type(tmp_path):
    assert build("--endpoint", ARN, "--out", str(tmp_path)).returncode == 0
    body = manifest(tmp_path)
    assert body["apis"]["custom"]["endpoint"] == {"uri": ARN}
    assert body["events"]["endpoint"] == {"uri": ARN}


@pytest.mark.parametrize("endpoint", [
    "http://alexa.clinic.example/alexa",  # Alexa calls HTTPS only
    "https://",
    "arn:aws:s3:::bucket",
    "painchats",
])
def test_an_endpoint_alexa_cannot_call_is_refused(tmp_path, endpoint):
    done = build("--endpoint", endpoint, "--out", str(tmp_path))
    assert done.returncode == 2
    assert not (tmp_path / "skill.json").exists()


def test_a_certificate_type_needs_an_https_endpoint(tmp_path):
    done = build("--endpoint", ARN, "--ssl-certificate-type", "Trusted", "--out", str(tmp_path))
    assert done.returncode == 2


def test_make_model_still_writes_the_committed_package():
    assert model_build.stale() == []
    body = json.loads((model_build.PACKAGE / "skill.json").read_text("utf-8"))["manifest"]
    assert body == model_build.manifest()["manifest"]
    assert body["apis"]["custom"]["endpoint"]["uri"].startswith("arn:aws:lambda:")
    assert body["events"]["endpoint"] == body["apis"]["custom"]["endpoint"]


def test_the_compiled_content_is_used_only_while_it_matches_the_toml(monkeypatch):
    from skill import content
    fresh = content._parse(content.HERE / "en" / "topics.toml")
    assert content._read("en", "topics") == fresh  # compiled.json is current (model check)
    content._read.cache_clear()
    monkeypatch.setattr(content, "_compiled", lambda family: {
        "topics": {"checksum": "stale", "data": {"topics": []}}})
    try:
        assert content._read("en", "topics") == fresh
    finally:
        content._read.cache_clear()
