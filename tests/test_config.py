"""Every setting is checked when it is read: a bad one stops the skill with one line that
names the variable and what it accepts."""
import logging
import subprocess
import sys
from pathlib import Path

import pytest

from skill.config import Config, ConfigError

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("name, value, accepts", [
    ("PAINCHATS_STORE", "postgres", "sqlite or dynamodb"),
    ("PAINCHATS_NOTES_ENABLED", "perhaps", "true or false"),
    ("PAINCHATS_DEVICE_SETTINGS", "2", "true or false"),
    ("PAINCHATS_NOTE_MAX_CHARS", "-5", "above zero"),
    ("PAINCHATS_NOTE_MAX_CHARS", "lots", "above zero"),
    ("PAINCHATS_TIMEZONE", "Mars/Olympus", "time zone"),
    ("PAINCHATS_SKILL_ID", "my-skill", "amzn1.ask.skill"),
    ("PAINCHATS_DYNAMODB_ENDPOINT", "localhost:8000", "URL"),
])
def test_a_bad_value_names_the_variable_and_what_it_takes(name, value, accepts):
    with pytest.raises(ConfigError) as wrong:
        Config.from_env({name: value})
    assert name in str(wrong.value) and accepts in str(wrong.value)


def test_good_values_are_read_into_their_types():
    config = Config.from_env({"PAINCHATS_STORE": "dynamodb", "PAINCHATS_NOTES_ENABLED": "off",
                              "PAINCHATS_NOTE_MAX_CHARS": "200", "PAINCHATS_TIMEZONE": "Europe/London",
                              "PAINCHATS_SQLITE_PATH": "/tmp/x.sqlite3", "AWS_DEFAULT_REGION": "eu-west-1"})
    assert (config.store, config.notes_enabled, config.note_max_chars, config.timezone) == (
        "dynamodb", False, 200, "Europe/London")
    assert config.sqlite_path == Path("/tmp/x.sqlite3") and config.aws_region == "eu-west-1"
    assert Config.from_env({}) == Config()


@pytest.mark.parametrize("command", [["chat", "--say", "hello"], ["serve", "--port", "0"]])
def test_chat_and_serve_stop_with_one_line(command, tmp_path):
    result = subprocess.run([sys.executable, "-m", "skill", *command], cwd=tmp_path,
                            env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO),
                                 "PAINCHATS_STORE": "postgres"},
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "error: PAINCHATS_STORE='postgres' is not valid: use sqlite or dynamodb"]
    assert not (tmp_path / "var").exists(), "nothing was started"


def test_the_lambdas_first_request_fails_with_one_log_line(monkeypatch, caplog):
    from skill import lambda_function
    monkeypatch.setattr(lambda_function, "_skill", None)
    monkeypatch.setenv("PAINCHATS_TIMEZONE", "Nowhere/Land")
    with caplog.at_level(logging.ERROR), pytest.raises(ConfigError):
        lambda_function.handler({}, None)
    assert [r.getMessage() for r in caplog.records] == [
        "configuration: PAINCHATS_TIMEZONE='Nowhere/Land' is not valid: use an IANA time zone "
        "name such as Europe/London"]
