"""The audio build: the series from the content, gTTS with Google's exchange faked at the HTTP
layer (the only mock), espeak-ng for real, every produced file checked with mutagen."""
from __future__ import annotations

import base64
import io
import json
import os
import re
import shutil
from pathlib import Path

import lameenc
import pytest
import responses
from mutagen.mp3 import MP3

from skill.__main__ import main
from skill.audio.build import build, verify
from skill.audio.encode import BadAudio, write_checked
from skill.audio.engines import EngineUnavailable, EspeakEngine, GttsEngine, RenderError
from skill.audio.manifest import Manifest
from skill.audio.script import series
from skill.content import LOCALES, load_content
from skill.store import Owner, open_store
from skill.config import Config

GTTS_PATH = "/_/TranslateWebserverUi/data/batchexecute"
needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None,
                                  reason="espeak-ng missing: make test installs it")


def gtts_like_mp3(seconds: float = 0.3) -> bytes:
    """What Google sends: MPEG-2 layer III, 24 kHz mono, 32 kbps (a quiet tone, made here)."""
    import math
    samples = bytearray()
    for n in range(int(24000 * seconds)):
        value = int(3000 * math.sin(2 * math.pi * 440 * n / 24000))
        samples += value.to_bytes(2, "little", signed=True)
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(32)
    encoder.set_in_sample_rate(24000)
    encoder.set_out_sample_rate(24000)
    encoder.set_channels(1)
    return bytes(encoder.encode(bytes(samples)) + encoder.flush())


def google_reply(audio: bytes) -> str:
    payload = base64.b64encode(audio).decode()
    return ")]}'\n\n123\n" + json.dumps(
        [["wrb.fr", "jQ1olc", f'["{payload}"]', None, None, None, "generic"]], separators=(",", ":"))


def assert_alexa_mp3(path: Path) -> None:
    info = MP3(path).info
    assert (info.version, info.layer, info.sample_rate, info.bitrate, info.channels) == (
        2, 3, 24000, 48000, 1), path
    assert info.length > 0


def no_stray_files(folder: Path) -> bool:
    return not [p for p in folder.rglob("*") if p.name.endswith(".tmp")]


# -- the script: only content --------------------------------------------------------------

@pytest.mark.parametrize("locale", LOCALES)
def test_series_is_opener_topics_then_reflection(locale: str) -> None:
    content = load_content(locale)
    parts = series(locale)
    opener, closing = parts[0], parts[-1]
    assert content.phrase("disclaimer") in opener.text
    assert content.values["emergency"]["spoken"] in opener.text
    for question in content.questions:
        assert question.ask in closing.text
    assert content.invocation_name in closing.text  # how to record answers in the skill
    # Each topic once (audio.toml groups them in the article's order), each answer in full but
    # for what only a conversation can say ("ask me when to see a doctor").
    narrated = [t for p in parts for t in p.topics]
    assert len(narrated) == len(set(narrated))
    for part in parts:
        assert "ask me" not in part.text.lower()
        for topic_id in part.topics:
            topic = content.topics[topic_id]
            pieces = ["short", *range(len(topic.more_steps))]
            if part.number == len(parts) - 1:  # the closing part gives the contact's short answer
                pieces = ["short"]
            for piece in pieces:
                for sentence in topic.grounds[piece].sentences:
                    said = content.spoken(sentence.text)
                    conversation_only = any(s.id == "conversation" for s in sentence.sources)
                    assert (said in part.text) != conversation_only, (topic_id, piece, said)
        assert "{" not in part.text and "}" not in part.text
    assert len({p.id for p in parts}) == len(parts)
    assert [p.number for p in parts] == list(range(len(parts)))


def test_every_topic_but_the_author_credit_is_narrated() -> None:
    content = load_content("en-US")
    narrated = {t for p in series("en-US") for t in p.topics}
    # The author is credited in the opener's own words rather than his topic.
    assert set(content.topics) - narrated == {"author"}
    assert content.values["author"]["spoken"] in series("en-US")[0].text


def test_no_part_carries_anything_about_a_person(tmp_path: Path) -> None:
    """A person with notes and a profile on the same machine: nothing of theirs reaches a part,
    the manifest or the feed, and every sentence spoken is one the content holds."""
    owner = Owner("amzn1.ask.account.LISTENER", "amzn1.ask.person.LISTENER")
    secret = "zebrafinch"
    with open_store(Config(sqlite_path=tmp_path / "notes.sqlite3")) as store:
        store.add_note(owner, f"my {secret} answer", question=1)
        store.save_profile(owner, {"name": secret, "listening": {"part": "p01-is-it-serious"}})
    for locale in LOCALES:
        content = load_content(locale)
        templates = [*content.phrases.values(), *(q.ask for q in content.questions),
                     *(t.short for t in content.topics.values()),
                     *(step for t in content.topics.values() for step in t.more_steps or (t.more,)),
                     *(s.text for t in content.topics.values() for g in t.grounds.values()
                       for s in g.sentences)]
        patterns = [template_pattern(content, t) for t in sorted(templates, key=len, reverse=True)]
        fillings = [content.invocation_name, *(t.name for t in content.topics.values()),
                    *(p["title"] for p in content.audio["parts"])]
        for part in series(locale):
            assert secret not in part.text and "amzn1" not in part.text
            rest = part.text
            for pattern in patterns:
                rest = pattern.sub(" ", rest)
            for filling in sorted(fillings, key=len, reverse=True):
                rest = rest.replace(filling, " ")
            # What is left is punctuation and part numbers: every word came from the content.
            assert re.fullmatch(r"[\s.,?0-9]*", rest), (part.id, rest)


def template_pattern(content, text: str) -> re.Pattern:
    """A content text as a pattern: the locale's values filled in, other placeholders open."""
    pieces = re.split(r"\{(\w+)\}", text)
    out = []
    for index, piece in enumerate(pieces):
        if index % 2 == 0:
            out.append(re.escape(" ".join(piece.split())))
        elif piece in content.values:
            out.append(re.escape(content.values[piece]["spoken"]))
        else:
            out.append(r"[^.?]*[.?]?")
    return re.compile(r"\s*".join(p for p in out if p))


# -- gTTS, with Google's exchange faked at the HTTP layer --------------------------------------

@pytest.fixture
def google() -> responses.RequestsMock:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


def test_gtts_renders_with_the_locale_accent_a_timeout_and_alexa_format(
        google: responses.RequestsMock, tmp_path: Path) -> None:
    google.add(responses.POST, f"https://translate.google.co.uk{GTTS_PATH}",
               body=google_reply(gtts_like_mp3()))
    report = build(["en-GB"], GttsEngine(timeout=4.0), tmp_path, progress=io.StringIO(),
                   only=["p00-welcome"])
    assert report.rendered == ["en-GB/p00-welcome"] and not report.failed
    assert google.calls, "no request reached the faked host"
    assert all(c.request.url.startswith("https://translate.google.co.uk/") for c in google.calls)
    assert all(c.request.req_kwargs["timeout"] == 4.0 for c in google.calls)
    # gTTS sends one request per piece of at most 100 characters.
    assert len(google.calls) >= len(series("en-GB")[0].text) // 100
    assert_alexa_mp3(tmp_path / "en-GB" / "p00-welcome.mp3")  # 32 kbps in, 48 kbps out
    entry = Manifest.load(tmp_path, "en-GB").get("p00-welcome")
    assert (entry.engine, entry.voice) == ("gtts", "co.uk")
    assert entry.bytes == (tmp_path / "en-GB" / "p00-welcome.mp3").stat().st_size
    assert verify(tmp_path, "en-GB") == []


def test_gtts_falls_back_to_com_when_a_country_domain_answers_404(
        google: responses.RequestsMock) -> None:
    google.add(responses.POST, f"https://translate.google.com.au{GTTS_PATH}", status=404)
    google.add(responses.POST, f"https://translate.google.com{GTTS_PATH}",
               body=google_reply(gtts_like_mp3()))
    audio = GttsEngine(timeout=2.0).render("Short text.", "en-AU")
    assert audio == gtts_like_mp3()
    assert [c.request.url.split("/")[2] for c in google.calls] == [
        "translate.google.com.au", "translate.google.com"]


def test_gtts_retries_a_burst_refusal_with_backoff(google: responses.RequestsMock) -> None:
    url = f"https://translate.google.com{GTTS_PATH}"
    google.add(responses.POST, url, status=429)
    google.add(responses.POST, url, status=503)
    google.add(responses.POST, url, body=google_reply(gtts_like_mp3()))
    waits: list[float] = []
    audio = GttsEngine(timeout=2.0, backoff_s=0.5, sleep=waits.append).render("Hi.", "en-US")
    assert audio and waits == [0.5, 1.0]


def test_a_bad_reply_leaves_no_file_and_keeps_the_good_one(
        google: responses.RequestsMock, tmp_path: Path) -> None:
    url = f"https://translate.google.com{GTTS_PATH}"
    google.add(responses.POST, url, body=google_reply(gtts_like_mp3()))
    engine = GttsEngine(timeout=2.0, retries=1, sleep=lambda s: None)
    build(["en-US"], engine, tmp_path, progress=io.StringIO(), only=["p00-welcome"])
    good = (tmp_path / "en-US" / "p00-welcome.mp3").read_bytes()

    # An odd 200 reply with no audio in it: gTTS itself would write 0 bytes without an error.
    google.replace(responses.POST, url, body=")]}'\n\n12\n[[\"wrb.fr\",\"other\"]]")
    with pytest.raises(RenderError):
        engine.render("Hello there.", "en-US")
    manifest = Manifest.load(tmp_path, "en-US")
    stale = manifest.get("p00-welcome")
    manifest.parts = [p if p.id != "p00-welcome" else
                      type(p)(**{**p.__dict__, "text_hash": "0" * 64}) for p in manifest.parts]
    manifest.save(tmp_path)
    progress = io.StringIO()
    report = build(["en-US"], engine, tmp_path, progress=progress, only=["p00-welcome"])
    assert report.failed and not report.rendered
    assert "FAILED" in progress.getvalue()
    assert (tmp_path / "en-US" / "p00-welcome.mp3").read_bytes() == good
    assert Manifest.load(tmp_path, "en-US").get("p00-welcome") is None  # not served as current
    assert no_stray_files(tmp_path)

    # Audio that is not audio (a broken base64 payload) is refused before it becomes the file.
    google.replace(responses.POST, url, body=google_reply(b"\x00not an mp3" * 50))
    report = build(["en-US"], engine, tmp_path, progress=io.StringIO(), only=["p00-welcome"])
    assert report.failed and (tmp_path / "en-US" / "p00-welcome.mp3").read_bytes() == good
    assert no_stray_files(tmp_path)
    assert stale.bytes == len(good)


def test_write_checked_refuses_a_file_alexa_would_not_play(tmp_path: Path) -> None:
    target = tmp_path / "part.mp3"
    with pytest.raises(BadAudio, match="MPEG"):
        write_checked(target, gtts_like_mp3())  # 32 kbps as Google sends it: not re-encoded
    assert not target.exists() and no_stray_files(tmp_path)
    with pytest.raises(BadAudio):
        write_checked(target, b"")
    assert not target.exists()


def test_unreachable_google_says_so_in_one_line_and_suggests_espeak(
        google: responses.RequestsMock, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    # No reply registered: the faked network refuses the connection, as this machine's does.
    os.environ.pop("PAINCHATS_AUDIO_BASE_URL", None)
    code = main(["audio", "build", "--locale", "en-US", "--out", str(tmp_path),
                 "--part", "p00-welcome"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert err[-1].startswith("error: cannot reach Google") and "--engine espeak" in err[-1]
    assert not list((tmp_path).rglob("*.mp3")) and no_stray_files(tmp_path)


def test_gtts_gives_up_on_a_dead_host_with_engine_unavailable(google) -> None:
    with pytest.raises(EngineUnavailable):
        GttsEngine(timeout=1.0, retries=1, sleep=lambda s: None).render("Hi.", "en-US")


# -- espeak-ng, for real -----------------------------------------------------------------------

@needs_espeak
def test_espeak_build_then_an_unchanged_rebuild_renders_nothing(tmp_path: Path) -> None:
    parts = ["p00-welcome", "p06-warning-signs"]
    progress = io.StringIO()
    first = build(["en-GB"], EspeakEngine(), tmp_path, progress=progress, only=parts)
    assert sorted(first.rendered) == [f"en-GB/{p}" for p in parts]
    assert re.search(r"^\[1/2\] en-GB/p0[06]-", progress.getvalue(), re.M)
    folder = tmp_path / "en-GB"
    for path in folder.glob("*.mp3"):
        assert_alexa_mp3(path)
    manifest = Manifest.load(tmp_path, "en-GB")
    assert [p.id for p in manifest.parts] == parts
    for entry in manifest.parts:
        assert entry.engine == "espeak" and entry.voice == "en-gb"
        assert entry.duration > 5 and entry.bytes == (folder / entry.file).stat().st_size
    stamps = {p.name: p.stat().st_mtime_ns for p in folder.glob("*.mp3")}

    again = build(["en-GB"], EspeakEngine(), tmp_path, progress=io.StringIO(), only=parts)
    assert again.rendered == [] and sorted(again.unchanged) == sorted(first.rendered)
    assert {p.name: p.stat().st_mtime_ns for p in folder.glob("*.mp3")} == stamps

    # Another engine, or changed words, is rendered again; nothing else is.
    manifest.parts[0] = type(manifest.parts[0])(**{**manifest.parts[0].__dict__,
                                                     "text_hash": "f" * 64})
    manifest.save(tmp_path)
    third = build(["en-GB"], EspeakEngine(), tmp_path, progress=io.StringIO(), only=parts)
    assert third.rendered == ["en-GB/p00-welcome"]
    assert verify(tmp_path, "en-GB") == []


@needs_espeak
def test_cli_build_with_espeak_and_check(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["audio", "build", "--engine", "espeak", "--locale", "en-IN", "--out",
                 str(tmp_path), "--part", "p06-warning-signs"]) == 0
    err = capsys.readouterr().err
    assert "[1/1] en-IN/p06-warning-signs" in err and "1 part(s) rendered" in err
    assert_alexa_mp3(tmp_path / "en-IN" / "p06-warning-signs.mp3")
    assert main(["audio", "check", "--audio", str(tmp_path), "--locale", "en-IN"]) == 0
    (tmp_path / "en-IN" / "p06-warning-signs.mp3").write_bytes(b"broken")
    assert main(["audio", "check", "--audio", str(tmp_path), "--locale", "en-IN"]) == 1


def test_a_whole_gtts_build_asks_google_a_few_requests_at_a_time(
        google: responses.RequestsMock, tmp_path: Path) -> None:
    import threading
    import time
    reply = google_reply(gtts_like_mp3(0.05))
    lock, in_flight, most = threading.Lock(), [0], [0]

    def answer(request):
        with lock:
            in_flight[0] += 1
            most[0] = max(most[0], in_flight[0])
        time.sleep(0.003)
        with lock:
            in_flight[0] -= 1
        return 200, {}, reply

    google.add_callback(responses.POST, f"https://translate.google.ca{GTTS_PATH}", callback=answer)
    report = build(["en-CA"], GttsEngine(timeout=2.0), tmp_path, progress=io.StringIO(), workers=3)
    assert len(report.rendered) == len(series("en-CA")) and not report.failed
    assert 1 < most[0] <= 3, most[0]
    for path in (tmp_path / "en-CA").glob("*.mp3"):
        assert_alexa_mp3(path)
    assert verify(tmp_path, "en-CA") == []
