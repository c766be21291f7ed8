"""AudioPlayer decisions, tested directly with request envelopes shaped as Alexa sends them and
the person's position kept in a real SQLite store. AudioPlayer and PlaybackController requests
carry no session: everything they know comes from context.AudioPlayer and context.System."""
from __future__ import annotations

import json
import threading
import uuid
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from skill.audio.manifest import Entry, Manifest, ManifestSource
from skill.audio.player import (MAX_TOKEN, PlayerRequest, decide, is_for_player, make_token,
                                read_token, respond)
from skill.audio.script import series
from skill.config import Config
from skill.content import load_content
from skill.speech import strip_ssml
from skill.store import Owner, open_store

BASE = "https://audio.example.org/audio"
USER = "amzn1.ask.account.LISTENER"
SKILL = "amzn1.ask.skill.00000000-0000-0000-0000-painchats000"


def manifest_for(locale: str) -> Manifest:
    """The manifest a build writes, for the real series (the audio itself is not needed)."""
    return Manifest(locale, [Entry(p.id, p.number, p.title, p.summary, p.topics, f"{p.id}.mp3",
                                   p.text_hash, "espeak", "en-us", 60.0 + p.number, 1000,
                                   "2026-11-29T10:00:00Z") for p in series(locale)])


IDS = [p.id for p in series("en-US")]
LAST = IDS[-1]


# -- envelopes as Alexa sends them ----------------------------------------------------------------

def system(person: str | None = None, audio: bool = True) -> dict:
    found = {"application": {"applicationId": SKILL}, "user": {"userId": USER},
             "device": {"deviceId": "amzn1.ask.device.KITCHEN",
                        "supportedInterfaces": {"AudioPlayer": {}} if audio else {}},
             "apiEndpoint": "https://api.amazonalexa.com", "apiAccessToken": "token"}
    if person:
        found["person"] = {"personId": person}
    return found


def envelope(request: dict, token: str | None = None, offset: int = 0,
             activity: str = "IDLE", session: dict | None = None, person: str | None = None,
             audio: bool = True, locale: str = "en-US") -> dict:
    player = {"playerActivity": activity}
    if token:
        player |= {"token": token, "offsetInMilliseconds": offset}
    body = {"version": "1.0", "context": {"System": system(person, audio), "AudioPlayer": player},
            "request": {"requestId": f"amzn1.echo-api.request.{uuid.uuid4()}",
                        "timestamp": "2026-11-29T10:00:00Z", "locale": locale, **request}}
    if session is not None:
        body["session"] = {"new": True, "sessionId": f"amzn1.echo-api.session.{uuid.uuid4()}",
                           "application": {"applicationId": SKILL}, "attributes": {},
                           "user": {"userId": USER}, **session}
    return body


def intent(name: str, topic: str | None = None, topic_id: str | None = None, **kw) -> dict:
    slots = {}
    if topic is not None:
        slot = {"name": "topic", "value": topic, "confirmationStatus": "NONE"}
        status = "ER_SUCCESS_MATCH" if topic_id else "ER_SUCCESS_NO_MATCH"
        slot["resolutions"] = {"resolutionsPerAuthority": [{
            "authority": f"amzn1.er-authority.echo-sdk.{SKILL}.TOPIC", "status": {"code": status},
            **({"values": [{"value": {"name": topic, "id": topic_id}}]} if topic_id else {})}]}
        slots["topic"] = slot
    request = {"type": "IntentRequest", "dialogState": "STARTED",
               "intent": {"name": name, "confirmationStatus": "NONE", "slots": slots}}
    kw.setdefault("session", {})
    return envelope(request, **kw)


def event(kind: str, part: str, offset: int = 0, **kw) -> dict:
    """AudioPlayer.* requests: token and offset in the request itself, and no session."""
    token = make_token(kw.get("locale", "en-US"), part)
    request = {"type": f"AudioPlayer.{kind}", "token": token, "offsetInMilliseconds": offset}
    if kind == "PlaybackFailed":
        request["error"] = {"type": "MEDIA_ERROR_SERVICE_UNAVAILABLE", "message": "unreachable"}
        request["currentPlaybackState"] = {"token": token, "offsetInMilliseconds": offset,
                                           "playerActivity": "PLAYING"}
    activity = {"PlaybackStopped": "STOPPED", "PlaybackFinished": "FINISHED"}.get(kind, "PLAYING")
    return envelope(request, token=token, offset=offset, activity=activity, **kw)


def button(kind: str, part: str | None, offset: int = 0, activity: str = "PAUSED") -> dict:
    """A device's buttons: PlaybackController.*, no session, the stream in the context."""
    return envelope({"type": f"PlaybackController.{kind}CommandIssued"},
                    token=make_token("en-US", part) if part else None, offset=offset,
                    activity=activity)


# -- the exchange, with a real store -------------------------------------------------------------

class Listener:
    def __init__(self, tmp_path: Path, base_url: str | None = BASE, shuffle=None):
        self.store = open_store(Config(sqlite_path=tmp_path / "skill.sqlite3"))
        self.manifests = {loc: manifest_for(loc) for loc in ("en-US", "en-GB")}
        self.base_url = base_url
        self.shuffle = shuffle or (lambda items: items.reverse())

    def send(self, body: dict) -> dict:
        # What reaches Alexa is JSON: the decision goes through a round trip, as over HTTP.
        json.loads(json.dumps(body))
        result = respond(body, self.store, self.manifests.__getitem__, self.base_url,
                         shuffle=self.shuffle)
        assert result is not None, "not taken by the player"
        reply, _ = result
        return json.loads(json.dumps(reply))["response"]

    def position(self, person: str = "") -> dict | None:
        return self.store.load_profile(Owner(USER, person)).get("listening")


@pytest.fixture
def listener(tmp_path: Path):
    made = Listener(tmp_path)
    yield made
    made.store.close()


def play_of(response: dict) -> dict:
    plays = [d for d in response.get("directives", []) if d["type"] == "AudioPlayer.Play"]
    assert len(plays) == 1, response  # at most one Play per response
    return plays[0]


def playing(response: dict) -> tuple[str, int, str]:
    play = play_of(response)
    stream = play["audioItem"]["stream"]
    locale, part = read_token(stream["token"])
    assert stream["url"] == f"{BASE}/{locale}/{part}.mp3"
    return part, stream["offsetInMilliseconds"], play["playBehavior"]


def said(response: dict, key: str, locale: str = "en-US", **params: str) -> bool:
    text = strip_ssml(response["outputSpeech"]["ssml"])
    return text == load_content(locale).phrase(key, **params)


def silent(response: dict) -> bool:
    return "outputSpeech" not in response and "reprompt" not in response


# -- tests ----------------------------------------------------------------------------------------

def test_play_all_starts_the_series_and_ends_the_session(listener: Listener) -> None:
    response = listener.send(intent("PlayAudioIntent"))
    assert playing(response) == (IDS[0], 0, "REPLACE_ALL")
    assert said(response, "audio_play_all")
    assert response["shouldEndSession"] is True and "reprompt" not in response
    play = play_of(response)
    assert play["audioItem"]["metadata"]["title"] == manifest_for("en-US").parts[0].title
    assert listener.position() == {"locale": "en-US", "part": IDS[0], "offset_ms": 0}


@pytest.mark.parametrize("value, resolved, part", [
    ("stretching", "stretching", "p05-tightness-and-stretching"),  # entity resolution matched
    ("exercise", None, "p03-keep-moving"),  # a slot value, not resolved
    ("weights", None, "p04-pain-and-lifting"),  # by the words of a part
    ("warning signs", None, "p06-warning-signs"),
])
def test_play_the_part_about_a_topic(listener: Listener, value, resolved, part) -> None:
    response = listener.send(intent("PlayAudioIntent", topic=value, topic_id=resolved))
    entry = manifest_for("en-US").get(part)
    assert playing(response) == (part, 0, "REPLACE_ALL")
    assert said(response, "audio_play_part", number=str(entry.number), title=entry.title)


def test_a_part_that_does_not_exist_plays_the_series_and_says_so(listener: Listener) -> None:
    response = listener.send(intent("PlayAudioIntent", topic="gardening"))
    assert playing(response)[0] == IDS[0] and said(response, "audio_no_part")


def test_pause_then_resume_in_a_later_session_at_the_offset(listener: Listener) -> None:
    part = "p03-keep-moving"
    listener.send(intent("PlayAudioIntent", topic="exercise"))
    assert silent(listener.send(event("PlaybackStarted", part)))
    # "Alexa, pause" (or "stop": it arrives as a pause while audio plays).
    response = listener.send(intent("AMAZON.PauseIntent", token=make_token("en-US", part),
                                    offset=61_000, activity="PLAYING", session={}))
    assert response["directives"] == [{"type": "AudioPlayer.Stop"}] and silent(response)
    stopped = listener.send(event("PlaybackStopped", part, offset=61_250))
    assert stopped == {}  # no speech, no directives, no shouldEndSession
    assert listener.position() == {"locale": "en-US", "part": part, "offset_ms": 61_250}

    # Next week, from another device whose player knows nothing: the store does.
    response = listener.send(intent("ResumeAudioIntent", session={"new": True}))
    entry = manifest_for("en-US").get(part)
    assert playing(response) == (part, 61_250, "REPLACE_ALL")
    assert said(response, "audio_resume", number=str(entry.number), title=entry.title)
    # "Alexa, resume" on the device that paused: the offset in its context wins.
    response = listener.send(intent("AMAZON.ResumeIntent", token=make_token("en-US", part),
                                    offset=62_000, activity="PAUSED", session={"new": True}))
    assert playing(response) == (part, 62_000, "REPLACE_ALL") and silent(response)


def test_resume_with_nothing_saved_starts_from_the_top(listener: Listener) -> None:
    response = listener.send(intent("AMAZON.ResumeIntent"))
    assert playing(response)[0] == IDS[0]


def test_next_previous_and_start_over(listener: Listener) -> None:
    now = dict(token=make_token("en-US", IDS[3]), offset=9_000, activity="PLAYING")
    assert playing(listener.send(intent("AMAZON.NextIntent", **now))) == (IDS[4], 0, "REPLACE_ALL")
    assert playing(listener.send(intent("AMAZON.PreviousIntent", **now)))[:2] == (IDS[2], 0)
    assert playing(listener.send(intent("AMAZON.StartOverIntent", **now)))[:2] == (IDS[3], 0)
    first = dict(token=make_token("en-US", IDS[0]), offset=9_000, activity="PLAYING")
    assert playing(listener.send(intent("AMAZON.PreviousIntent", **first)))[:2] == (IDS[0], 0)
    last = dict(token=make_token("en-US", LAST), activity="PLAYING")
    response = listener.send(intent("AMAZON.NextIntent", **last))
    assert "directives" not in response and said(response, "audio_last_part")


def test_nearly_finished_enqueues_the_next_part_and_finished_moves_on(listener: Listener) -> None:
    response = listener.send(event("PlaybackNearlyFinished", IDS[1], offset=58_000))
    play = play_of(response)
    assert play["playBehavior"] == "ENQUEUE"
    assert play["audioItem"]["stream"]["expectedPreviousToken"] == make_token("en-US", IDS[1])
    assert read_token(play["audioItem"]["stream"]["token"]) == ("en-US", IDS[2])
    assert silent(response) and "shouldEndSession" not in response
    assert listener.send(event("PlaybackFinished", IDS[1], offset=61_000)) == {}
    assert listener.position() == {"locale": "en-US", "part": IDS[2], "offset_ms": 0}


def test_the_last_part_ends_the_series_unless_looping(listener: Listener) -> None:
    assert listener.send(event("PlaybackNearlyFinished", LAST)) == {}
    listener.send(event("PlaybackFinished", LAST))
    assert listener.position() == {"locale": "en-US", "finished": True}
    # After the end, resume starts again from the top.
    assert playing(listener.send(intent("AMAZON.ResumeIntent")))[0] == IDS[0]

    response = listener.send(intent("AMAZON.LoopOnIntent", token=make_token("en-US", LAST),
                                    activity="PLAYING"))
    assert said(response, "audio_loop_on") and "directives" not in response
    enqueued = play_of(listener.send(event("PlaybackNearlyFinished", LAST)))
    assert read_token(enqueued["audioItem"]["stream"]["token"])[1] == IDS[0]
    listener.send(intent("AMAZON.LoopOffIntent", activity="PLAYING"))
    assert listener.position()["loop"] is False
    assert listener.send(event("PlaybackNearlyFinished", LAST)) == {}


def test_shuffle_on_and_off(listener: Listener) -> None:
    listener.send(event("PlaybackStarted", IDS[2]))
    response = listener.send(intent("AMAZON.ShuffleOnIntent", token=make_token("en-US", IDS[2]),
                                    activity="PLAYING"))
    assert said(response, "audio_shuffle_on")
    # The test's shuffle reverses: the current part, then the others from the end.
    order = listener.position()["order"]
    assert order[0] == IDS[2] and order[1:] == [i for i in reversed(IDS) if i != IDS[2]]
    enqueued = play_of(listener.send(event("PlaybackNearlyFinished", IDS[2])))
    assert read_token(enqueued["audioItem"]["stream"]["token"])[1] == LAST
    assert said(listener.send(intent("AMAZON.ShuffleOffIntent", activity="PLAYING")),
                "audio_shuffle_off")
    enqueued = play_of(listener.send(event("PlaybackNearlyFinished", IDS[2])))
    assert read_token(enqueued["audioItem"]["stream"]["token"])[1] == IDS[3]


def test_cancel_stops_and_clears_the_queue_but_keeps_the_place(listener: Listener) -> None:
    response = listener.send(intent("AMAZON.CancelIntent", token=make_token("en-US", IDS[4]),
                                    offset=30_000, activity="PLAYING"))
    assert response["directives"] == [{"type": "AudioPlayer.Stop"},
                                      {"type": "AudioPlayer.ClearQueue",
                                       "clearBehavior": "CLEAR_ALL"}]
    assert said(response, "audio_stopped") and response["shouldEndSession"] is True
    assert listener.position()["part"] == IDS[4] and listener.position()["offset_ms"] == 30_000


def test_device_buttons_without_a_session(listener: Listener) -> None:
    for reply in (listener.send(button("Play", IDS[1], offset=4_000)),
                  listener.send(button("Next", IDS[1], activity="PLAYING")),
                  listener.send(button("Previous", IDS[1], activity="PLAYING"))):
        assert silent(reply) and "shouldEndSession" not in reply
    assert playing(listener.send(button("Play", IDS[1], offset=4_000)))[:2] == (IDS[1], 4_000)
    assert playing(listener.send(button("Next", IDS[1], activity="PLAYING")))[0] == IDS[2]
    assert playing(listener.send(button("Previous", IDS[1], activity="PLAYING")))[0] == IDS[0]
    paused = listener.send(button("Pause", IDS[1], offset=7_000, activity="PLAYING"))
    assert paused["directives"] == [{"type": "AudioPlayer.Stop"}] and silent(paused)
    assert listener.position()["offset_ms"] == 7_000
    assert listener.send(button("Next", LAST, activity="PLAYING")) == {}


def test_a_failed_stream_keeps_its_place_and_says_nothing(listener: Listener) -> None:
    assert listener.send(event("PlaybackFailed", IDS[2], offset=12_000)) == {}
    assert listener.position() == {"locale": "en-US", "part": IDS[2], "offset_ms": 12_000}
    assert playing(listener.send(intent("AMAZON.ResumeIntent")))[:2] == (IDS[2], 12_000)


@pytest.mark.parametrize("audio, base_url", [(False, BASE), (True, None)])
def test_no_audio_player_or_no_base_url_gets_a_spoken_offer(tmp_path: Path, audio, base_url) -> None:
    listener = Listener(tmp_path, base_url=base_url)
    response = listener.send(intent("PlayAudioIntent", audio=audio))
    first = load_content("en-US").topics[manifest_for("en-US").parts[1].topics[0]]
    assert said(response, "audio_offer_read", name=first.name)
    assert "directives" not in response and response["shouldEndSession"] is False
    assert response["reprompt"]["outputSpeech"]["ssml"]
    _, decision = respond(intent("PlayAudioIntent", audio=audio), listener.store,
                          listener.manifests.__getitem__, base_url)
    assert decision.offer_topic == first.id
    listener.store.close()


def test_nothing_built_gets_the_offer_too(tmp_path: Path) -> None:
    source = ManifestSource(tmp_path / "nothing", None)
    with open_store(Config(sqlite_path=tmp_path / "s.sqlite3")) as store:
        reply, decision = respond(intent("PlayAudioIntent"), store, source, BASE)
    assert decision.speech == "audio_offer_read" and decision.offer_topic


def test_each_recognised_person_has_their_own_place(listener: Listener) -> None:
    listener.send(event("PlaybackStopped", IDS[2], offset=5_000, person="amzn1.ask.person.ANA"))
    listener.send(event("PlaybackStopped", IDS[5], offset=8_000, person="amzn1.ask.person.BO"))
    assert listener.position("amzn1.ask.person.ANA")["part"] == IDS[2]
    assert listener.position("amzn1.ask.person.BO")["part"] == IDS[5]
    assert listener.position() is None
    response = listener.send(intent("ResumeAudioIntent", person="amzn1.ask.person.BO"))
    assert playing(response)[:2] == (IDS[5], 8_000)


def test_the_position_lives_beside_the_rest_of_the_profile(listener: Listener) -> None:
    owner = Owner(USER)
    listener.store.save_profile(owner, {"reflection": {"set_id": "s1", "answered": [1]}})
    listener.send(event("PlaybackStopped", IDS[1], offset=3_000))
    profile = listener.store.load_profile(owner)
    assert profile["reflection"] == {"set_id": "s1", "answered": [1]}
    assert profile["listening"]["offset_ms"] == 3_000


def test_each_locale_plays_its_own_series(listener: Listener) -> None:
    response = listener.send(intent("PlayAudioIntent", locale="en-GB"))
    stream = play_of(response)["audioItem"]["stream"]
    assert stream["url"] == f"{BASE}/en-GB/{IDS[0]}.mp3"
    assert said(response, "audio_play_all", locale="en-GB")


def test_which_requests_are_the_players() -> None:
    ours = make_token("en-US", IDS[1])
    conversation = {"session": {"new": False}}
    assert is_for_player(PlayerRequest.from_envelope(intent("PlayAudioIntent")))
    assert is_for_player(PlayerRequest.from_envelope(event("PlaybackStarted", IDS[1])))
    assert is_for_player(PlayerRequest.from_envelope(button("Next", IDS[1])))
    # "next" in a conversation about topics is the conversation's...
    assert not is_for_player(PlayerRequest.from_envelope(
        intent("AMAZON.NextIntent", token=ours, activity="STOPPED", **conversation)))
    assert not is_for_player(PlayerRequest.from_envelope(intent("AMAZON.NextIntent")))
    # ... and the player's while its audio plays, or said to it in a one-shot request.
    assert is_for_player(PlayerRequest.from_envelope(
        intent("AMAZON.NextIntent", token=ours, activity="PLAYING", **conversation)))
    assert is_for_player(PlayerRequest.from_envelope(
        intent("AMAZON.StopIntent", token=ours, activity="PAUSED", session={"new": True})))
    assert not is_for_player(PlayerRequest.from_envelope(
        intent("AMAZON.NextIntent", token="someone-elses-token", activity="PLAYING")))
    assert not is_for_player(PlayerRequest.from_envelope(
        envelope({"type": "LaunchRequest"}, session={})))


def test_tokens_name_locale_and_part_within_alexas_limit() -> None:
    for locale in ("en-US", "en-IN"):
        for part in IDS:
            token = make_token(locale, part)
            assert len(token) <= MAX_TOKEN and read_token(token) == (locale, part)
    assert read_token("someone-elses-token") is None
    assert read_token(make_token("en-US", IDS[0]).replace("en-US", "xx-XX")) is None
    with pytest.raises(ValueError):
        make_token("en-US", "x" * MAX_TOKEN)


def test_an_unknown_part_token_starts_from_the_top(listener: Listener) -> None:
    stale = make_token("en-US", "p99-removed")
    response = listener.send(intent("AMAZON.ResumeIntent", token=stale, offset=5_000,
                                    activity="PAUSED"))
    assert playing(response)[:2] == (IDS[0], 0)


def test_lambda_reads_the_uploaded_manifest_over_http(tmp_path: Path) -> None:
    """No audio in the Lambda package: the manifest comes from beside the uploaded files."""
    published = tmp_path / "site" / "audio"
    manifest_for("en-US").save(published)
    handler = partial(SimpleHTTPRequestHandler, directory=str(tmp_path / "site"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        now = [0.0]
        source = ManifestSource(tmp_path / "empty", f"http://127.0.0.1:{server.server_port}/audio",
                                ttl_s=60, clock=lambda: now[0])
        assert [p.id for p in source("en-US").parts] == IDS
        (published / "en-US" / "manifest.json").unlink()
        assert [p.id for p in source("en-US").parts] == IDS  # kept for a minute
        now[0] = 61.0
        assert source("en-US").parts == []  # gone: the skill offers to read instead
        assert source("en-GB").parts == []
    finally:
        server.shutdown()
        server.server_close()


class BrokenStore:
    """A store whose backend is down: every call fails as the real ones do."""

    def load_profile(self, owner):
        from skill.store import StoreError
        raise StoreError("load_profile failed")

    save_profile = load_profile


def test_a_store_that_is_down_still_plays_and_events_stay_silent() -> None:
    manifests = {"en-US": manifest_for("en-US")}.__getitem__
    reply, _ = respond(intent("PlayAudioIntent"), BrokenStore(), manifests, BASE)
    assert play_of(reply["response"])["playBehavior"] == "REPLACE_ALL"
    reply, _ = respond(event("PlaybackStopped", IDS[1], offset=5_000), BrokenStore(), manifests,
                       BASE)
    assert reply["response"] == {}
    reply, _ = respond(event("PlaybackNearlyFinished", IDS[1]), BrokenStore(), manifests, BASE)
    assert play_of(reply["response"])["playBehavior"] == "ENQUEUE"
