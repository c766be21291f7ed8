"""All settings in one place, read once from the environment, checked there, and passed in.

A bad value stops `serve`, `chat` and the Lambda's first request with one line that names the
variable and what it accepts, rather than turning up later as "Sorry, something went wrong".
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Callable, Mapping

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
STORES = ("sqlite", "dynamodb")
_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


class ConfigError(ValueError):
    """One setting is wrong; the message names the variable and what it accepts."""


def _flag(raw: str) -> bool:
    value = raw.strip().lower()
    if value in _TRUE | _FALSE:
        return value in _TRUE
    raise ValueError("true or false")


def _store(raw: str) -> str:
    if raw in STORES:
        return raw
    raise ValueError(" or ".join(STORES))


def _positive_int(raw: str) -> int:
    if raw.strip().isdigit() and int(raw) > 0:
        return int(raw)
    raise ValueError("a whole number above zero")


def _time_zone(raw: str) -> str:
    # Imported here, not at the top: only a configured time zone needs it (cold starts).
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError
    try:
        ZoneInfo(raw)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError("an IANA time zone name such as Europe/London") from None
    return raw


def _skill_id(raw: str) -> str:
    if re.fullmatch(r"amzn1\.ask\.skill\.[0-9A-Za-z-]+", raw):
        return raw
    raise ValueError("a skill id like amzn1.ask.skill.1234abcd-...")


def _url(raw: str) -> str:
    if re.fullmatch(r"https?://[^\s/]+(/\S*)?", raw):
        return raw
    raise ValueError("an http or https URL")


def _https_url(raw: str) -> str:
    # Alexa's AudioPlayer plays only HTTPS streams with a trusted certificate.
    if re.fullmatch(r"https://[^\s/]+\.[^\s/]+(/\S*)?", raw):
        return raw.rstrip("/")
    raise ValueError("an https:// URL such as https://your.domain/audio")


def _text(raw: str) -> str:
    if raw.strip():
        return raw.strip()
    raise ValueError("a non-empty value")


@dataclass(frozen=True)
class Config:
    """Every setting, read by `from_env`."""

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
    # The narrated series: where the build writes and the server reads it, and the HTTPS URL
    # under which <locale>/<part>.mp3 are served to Alexa and podcast apps. No URL: the skill
    # offers to read the answers instead of playing audio.
    audio_dir: Path = Path(__file__).resolve().parent.parent / "audio"
    audio_base_url: str | None = None

    def __post_init__(self) -> None:
        if self.audio_base_url is not None:
            try:
                object.__setattr__(self, "audio_base_url", _https_url(self.audio_base_url))
            except ValueError as wanted:
                raise ConfigError(f"PAINCHATS_AUDIO_BASE_URL is not valid: use {wanted}") from None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides) -> "Config":
        env = os.environ if env is None else env
        values: dict = {}
        if env.get("AWS_DEFAULT_REGION"):
            values["aws_region"] = env["AWS_DEFAULT_REGION"]
        for f in fields(cls):
            name, read = _READERS[f.name]
            raw = env.get(name)
            if raw is None or raw == "":
                continue
            try:
                values[f.name] = read(raw)
            except ValueError as wanted:
                raise ConfigError(f"{name}={raw!r} is not valid: use {wanted}") from None
        config = cls(**values)
        return replace(config, **overrides) if overrides else config


# Each field: its environment variable and how its text is read (ValueError says what it takes).
_READERS: dict[str, tuple[str, Callable[[str], object]]] = {
    "store": ("PAINCHATS_STORE", _store),
    "sqlite_path": ("PAINCHATS_SQLITE_PATH", lambda raw: Path(_text(raw))),
    "dynamodb_table": ("PAINCHATS_DYNAMODB_TABLE", _text),
    "dynamodb_endpoint": ("PAINCHATS_DYNAMODB_ENDPOINT", _url),
    "aws_region": ("AWS_REGION", _text),
    "notes_enabled": ("PAINCHATS_NOTES_ENABLED", _flag),
    "note_max_chars": ("PAINCHATS_NOTE_MAX_CHARS", _positive_int),
    "timezone": ("PAINCHATS_TIMEZONE", _time_zone),
    "device_settings": ("PAINCHATS_DEVICE_SETTINGS", _flag),
    "skill_id": ("PAINCHATS_SKILL_ID", _skill_id),
    "audio_dir": ("PAINCHATS_AUDIO_DIR", lambda raw: Path(_text(raw))),
    "audio_base_url": ("PAINCHATS_AUDIO_BASE_URL", _https_url),
}
