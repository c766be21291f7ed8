"""Listening conversations written as data (tests/conversations_audio/*.yaml), through the whole
skill: the local conversation's understanding, real request envelopes, the real skill object and
a real SQLite file, with an emulated Echo player that does what a device does with the
directives (plays, queues, stops) and sends back the AudioPlayer events a device sends.

Turns, besides what tests/talk.py reads (`say`, `send`, `says`, `open`, ...):
  listen: 61000        the part plays on for that many milliseconds
  near_end / part_ends / stream_fails: true    the device's AudioPlayer events
  button: next         a PlaybackController button (play, pause, next, previous)
  new_day: true        the session and the device's player are gone; the store remains
and checks:
  plays: <part> [at: ms]   what the device plays after the turn; `playing: false` when stopped
  queued: <part>           the next part in the device's queue (`queued: null`: none)
  silent: true             no speech at all
  position: {part, offset_ms} | finished    what the store keeps for the person
Every AudioPlayer and PlaybackController response is checked to carry no speech, no reprompt
and no shouldEndSession, and every Play sent in answer to an intent to end the session."""
from __future__ import annotations

import uuid
from datetime import datetime, timezone
from pathlib import Path

import pytest
import yaml

from skill.audio.manifest import Entry, Manifest
from skill.audio import player
from skill.audio.player import read_token
from skill.audio.script import series
from skill.core import invoke_json
from skill.local.chat import Conversation
from talk import Talk, fragments

HERE = Path(__file__).resolve().parent
BASE = "https://audio.example.org/audio"


def load_cases() -> list[dict]:
    cases = []
    for path in sorted((HERE / "conversations_audio").glob("*.yaml")):
        cases += yaml.safe_load(path.read_text("utf-8"))
    return cases


def publish(audio_dir: Path, locale: str) -> None:
    """The manifest a build writes for the real series (the player needs no audio bytes)."""
    Manifest(locale, [Entry(p.id, p.number, p.title, p.summary, p.topics, f"{p.id}.mp3",
                            p.text_hash, "espeak", "en-us", 120.0, 720_000,
                            "2026-11-29T10:00:00Z") for p in series(locale)]).save(audio_dir)


class EchoPlayer:
    """An Echo's audio player, as far as the skill can tell: it plays, queues and stops what
    the directives say, and reports back with AudioPlayer events."""

    def __init__(self) -> None:
        self.token: str | None = None
        self.offset = 0
        self.activity = "IDLE"
        self.queue: list[dict] = []

    def context(self) -> dict:
        context = {"playerActivity": self.activity}
        if self.token:
            context |= {"token": self.token, "offsetInMilliseconds": self.offset}
        return context

    def apply(self, directives: list[dict]) -> list[str]:
        """Carries out the directives; returns the events the device now sends."""
        events = []
        for directive in directives:
            kind = directive["type"]
            if kind == "AudioPlayer.Play":
                stream = directive["audioItem"]["stream"]
                assert stream["url"].startswith("https://"), stream
                if directive["playBehavior"] == "ENQUEUE":
                    last = self.queue[-1]["token"] if self.queue else self.token
                    if stream.get("expectedPreviousToken") == last:
                        self.queue.append(stream)
                    continue
                self.queue = []
                self.token, self.offset, self.activity = (stream["token"],
                                                          stream["offsetInMilliseconds"], "PLAYING")
                events.append("PlaybackStarted")
            elif kind == "AudioPlayer.Stop" and self.activity == "PLAYING":
                self.activity = "STOPPED"
                events.append("PlaybackStopped")
            elif kind == "AudioPlayer.ClearQueue":
                self.queue = []
        return events


class Listening(Conversation):
    """A conversation on a device with an audio player (or without, `audio: false`)."""

    def __init__(self, conversation: Conversation, audio: bool = True) -> None:
        super().__init__(conversation.skill, conversation.resolver, conversation.caller)
        self.audio = audio
        self.player = EchoPlayer()
        self.exchanges: list[tuple[dict, dict]] = []

    def send_envelope(self, envelope: dict) -> dict:
        if self.audio:
            envelope["context"]["System"]["device"]["supportedInterfaces"]["AudioPlayer"] = {}
            envelope["context"]["AudioPlayer"] = self.player.context()
        response = invoke_json(self.skill, envelope)
        self.exchanges.append((envelope, response))
        body = response.get("response") or {}
        kind = envelope["request"]["type"]
        if kind.startswith(("AudioPlayer.", "PlaybackController.")):
            assert not {"outputSpeech", "reprompt", "shouldEndSession", "card"} & set(body), \
                f"{kind} answered with {body}"
        plays = [d for d in body.get("directives") or [] if d["type"] == "AudioPlayer.Play"]
        assert len(plays) <= 1, "one Play per response"
        if kind == "IntentRequest" and plays:
            assert body.get("shouldEndSession") is True, "a response that plays ends the session"
        for event in self.player.apply(body.get("directives") or []):
            self.event(event)
        return response

    def event(self, kind: str, **extra) -> dict:
        request = {"type": f"AudioPlayer.{kind}", "requestId": f"amzn1.echo-api.request.{uuid.uuid4()}",
                   "timestamp": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                   "locale": self.caller.locale, "token": self.player.token,
                   "offsetInMilliseconds": self.player.offset, **extra}
        return self.send_envelope({"version": "1.0", "context": {"System": self.caller.system()},
                                   "request": request})

    def button(self, name: str) -> dict:
        request = {"type": f"PlaybackController.{name.capitalize()}CommandIssued",
                   "requestId": f"amzn1.echo-api.request.{uuid.uuid4()}",
                   "timestamp": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                   "locale": self.caller.locale}
        return self.send_envelope({"version": "1.0", "context": {"System": self.caller.system()},
                                   "request": request})


def part_of(token: str | None) -> str | None:
    found = read_token(token)
    return found[1] if found else None


CASES = load_cases()


# Every case on a SQLite file; the ones that keep a position on DynamoDB too (moto's server on
# loopback), as Lambda keeps it there.
RUNS = [(case, "sqlite") for case in CASES] + [
    (case, "dynamodb") for case in CASES if any("position" in t for t in case["turns"])]


@pytest.mark.parametrize("case, backend", RUNS, ids=[f"{c['name']} [{b}]" for c, b in RUNS])
def test_listening(case: dict, backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                   request: pytest.FixtureRequest) -> None:
    # "Shuffle" reverses the remaining parts here, so a conversation can say what comes next.
    monkeypatch.setattr(player.random, "shuffle", lambda items: items.reverse())
    locale = case.get("locale", "en-US")
    audio_dir = tmp_path / "audio"
    publish(audio_dir, locale)
    config = {"audio_dir": audio_dir, "audio_base_url": BASE} | (case.get("config") or {})
    if backend == "dynamodb":
        config |= {"store": "dynamodb", "dynamodb_table": f"notes-{uuid.uuid4().hex}",
                   "dynamodb_endpoint": request.getfixturevalue("dynamodb_server")}
    talk = Talk(tmp_path, locale=locale, config=config)
    device = Listening(talk.conversations[talk.default], audio=case.get("audio", True))
    talk.conversations[talk.default] = device
    for spec in case["turns"]:
        where = f"{case['name']}: {spec}"
        before = len(device.exchanges)
        if "listen" in spec:
            device.player.offset += spec["listen"]
        elif spec.get("near_end"):
            device.event("PlaybackNearlyFinished")
        elif spec.get("part_ends"):
            device.event("PlaybackFinished")
            if device.player.queue:
                stream = device.player.queue.pop(0)
                device.player.token, device.player.offset = stream["token"], 0
                device.event("PlaybackStarted")
            else:
                device.player.activity = "FINISHED"
        elif spec.get("stream_fails"):
            device.player.activity = "STOPPED"
            device.event("PlaybackFailed", error={"type": "MEDIA_ERROR_SERVICE_UNAVAILABLE",
                                                  "message": "unreachable"})
        elif "button" in spec:
            device.button(spec["button"])
        elif spec.get("new_day"):
            device.session, device.player = None, EchoPlayer()
        else:
            exchange = talk.turn(spec)
            talk.check(spec, exchange)
        answers = [response for _, response in device.exchanges[before:]]
        if spec.get("silent"):
            assert all("outputSpeech" not in (r.get("response") or {}) for r in answers), where
        if "says" in spec and "say" not in spec and "send" not in spec:
            spoken = " ".join(((r.get("response") or {}).get("outputSpeech") or {}).get("ssml", "")
                              for r in answers).lower()
            for key in spec["says"]:
                for fragment in fragments(talk.content, key):
                    assert fragment.lower() in spoken, f"{where}: missing {key}"
        if "plays" in spec:
            assert part_of(device.player.token) == spec["plays"], \
                f"{where}: plays {part_of(device.player.token)}"
            assert device.player.activity == "PLAYING", f"{where}: {device.player.activity}"
        if "at" in spec:
            assert device.player.offset == spec["at"], f"{where}: at {device.player.offset}"
        if "playing" in spec:
            assert (device.player.activity == "PLAYING") is spec["playing"], where
        if "queued" in spec:
            queued = part_of(device.player.queue[0]["token"]) if device.player.queue else None
            assert queued == spec["queued"], f"{where}: queued {queued}"
        if "position" in spec:
            kept = talk.store.load_profile(talk.owner()).get("listening") or {}
            if spec["position"] == "finished":
                assert kept.get("finished") is True, f"{where}: {kept}"
            else:
                for name, value in spec["position"].items():
                    assert kept.get(name) == value, f"{where}: {kept}"
    talk.store.close()
