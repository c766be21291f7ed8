"""All settings in one place, read once from the environment and passed in from there."""
from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Mapping

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def _flag(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Config:
    # Storage: "sqlite" (the self-hosted default) or "dynamodb" (Lambda).
    store: str = "sqlite"
    sqlite_path: Path = Path("var/painchats.sqlite3")
    dynamodb_table: str = "PainChatsNotes"
    dynamodb_endpoint: str | None = None  # a DynamoDB-compatible server, e.g. for tests
    aws_region: str = "us-east-1"
    # The operator can switch spoken notes off; the skill then says so instead of failing.
    notes_enabled: bool = True
    note_max_chars: int = 500
    timezone: str = "UTC"  # used to read "yesterday" or "on Monday" against note dates
    # Ask Alexa for the time zone set on the person's device (needs the Alexa API, so it is on
    # for Lambda and a public endpoint, off for the local conversation and tests by default).
    device_settings: bool = False
    # When set, requests for any other skill id are refused.
    skill_id: str | None = None

    ENV_NAMES = {
        "store": "PAINCHATS_STORE",
        "sqlite_path": "PAINCHATS_SQLITE_PATH",
        "dynamodb_table": "PAINCHATS_DYNAMODB_TABLE",
        "dynamodb_endpoint": "PAINCHATS_DYNAMODB_ENDPOINT",
        "aws_region": "AWS_REGION",
        "notes_enabled": "PAINCHATS_NOTES_ENABLED",
        "note_max_chars": "PAINCHATS_NOTE_MAX_CHARS",
        "timezone": "PAINCHATS_TIMEZONE",
        "device_settings": "PAINCHATS_DEVICE_SETTINGS",
        "skill_id": "PAINCHATS_SKILL_ID",
    }

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides) -> "Config":
        env = os.environ if env is None else env
        values: dict = {}
        for f in fields(cls):
            name = cls.ENV_NAMES.get(f.name)
            if not name or not env.get(name):
                continue
            raw = env[name]
            if f.name == "sqlite_path":
                values[f.name] = Path(raw)
            elif f.name in ("notes_enabled", "device_settings"):
                values[f.name] = _flag(raw)
            elif f.name == "note_max_chars":
                values[f.name] = int(raw)
            else:
                values[f.name] = raw
        if "aws_region" not in values and env.get("AWS_DEFAULT_REGION"):
            values["aws_region"] = env["AWS_DEFAULT_REGION"]
        config = cls(**values)
        return replace(config, **overrides) if overrides else config
