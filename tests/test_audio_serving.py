"""The built audio as the self-hosted server gives it, over real HTTP: the files with range
requests, and the podcast feed parsed as RSS. The parts are rendered for real with espeak-ng."""
from __future__ import annotations

import http.client
import io
import shutil
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from mutagen.mp3 import MP3
from werkzeug.serving import make_server

from skill import web
from skill.audio.build import build
from skill.audio.engines import EspeakEngine
from skill.audio.feed import ITUNES
from skill.audio.manifest import Manifest
from skill.config import Config
from skill.core import build_skill

pytestmark = pytest.mark.skipif(shutil.which("espeak-ng") is None,
                                reason="espeak-ng missing: make test installs it")
PARTS = ["p00-welcome", "p06-warning-signs"]
BASE = "https://audio.example.org/audio"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("audio")
    report = build(["en-AU"], EspeakEngine(), out, progress=io.StringIO(), only=PARTS)
    assert not report.failed
    return out


def get(port: int, path: str, headers: dict[str, str] | None = None
        ) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers=headers or {})
        reply = conn.getresponse()
        return reply.status, {k.lower(): v for k, v in reply.getheaders()}, reply.read()
    finally:
        conn.close()


@pytest.fixture
def server(built: Path, tmp_path: Path) -> Iterator[callable]:
    servers = []

    def start(base_url: str | None = BASE) -> int:
        config = Config(sqlite_path=tmp_path / "skill.sqlite3", audio_dir=built,
                        audio_base_url=base_url)
        app = web.create_app(build_skill(config), verify=True, config=config)
        running = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=running.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True).start()
        servers.append(running)
        return running.server_port

    yield start
    for running in servers:
        running.shutdown()
        running.server_close()


def test_a_part_is_served_whole_and_by_byte_range(server, built: Path) -> None:
    port = server()
    whole = (built / "en-AU" / "p00-welcome.mp3").read_bytes()
    status, headers, body = get(port, "/audio/en-AU/p00-welcome.mp3")
    assert status == 200 and body == whole
    assert headers["content-type"] == "audio/mpeg" and headers["accept-ranges"] == "bytes"

    status, headers, body = get(port, "/audio/en-AU/p00-welcome.mp3",
                                {"Range": "bytes=1000-1999"})
    assert status == 206 and body == whole[1000:2000]
    assert headers["content-range"] == f"bytes 1000-1999/{len(whole)}"
    # Resuming near the end, as a player does after a pause.
    status, _, body = get(port, "/audio/en-AU/p00-welcome.mp3", {"Range": "bytes=-500"})
    assert status == 206 and body == whole[-500:]
    status, _, _ = get(port, "/audio/en-AU/p00-welcome.mp3",
                       {"Range": f"bytes={len(whole) + 10}-"})
    assert status == 416


def test_only_built_parts_are_served(server) -> None:
    port = server()
    for path in ("/audio/en-AU/p01-is-it-serious.mp3", "/audio/en-AU/manifest.json",
                 "/audio/en-AU/..%2f..%2fskill.sqlite3", "/audio/xx-XX/p00-welcome.mp3",
                 "/audio/en-AU/.p00-welcome.mp3.1.tmp"):
        assert get(port, path)[0] == 404, path


def test_the_feed_is_rss_with_itunes_tags_the_opener_first(server, built: Path) -> None:
    port = server()
    status, headers, body = get(port, "/podcast/en-AU.xml")
    assert status == 200 and headers["content-type"].startswith("application/rss+xml")
    rss = ET.fromstring(body)
    assert rss.tag == "rss" and rss.get("version") == "2.0"
    channel = rss.find("channel")
    assert channel.findtext("title") and channel.findtext("description")
    assert "not a substitute for professional medical advice" in channel.findtext("description")
    assert channel.findtext("language") == "en-au"
    assert channel.findtext(f"{{{ITUNES}}}author") == "PainChats"
    assert channel.find(f"{{{ITUNES}}}category").get("text") == "Health & Fitness"
    assert channel.findtext(f"{{{ITUNES}}}explicit") == "false"
    atom = "{http://www.w3.org/2005/Atom}link"
    assert channel.find(atom).get("href") == "https://audio.example.org/podcast/en-AU.xml"
    items = channel.findall("item")
    manifest = Manifest.load(built, "en-AU")
    assert [i.findtext("title") for i in items] == [p.title for p in manifest.parts]
    assert items[0].findtext(f"{{{ITUNES}}}episode") == "1"  # the opener first
    for item, part in zip(items, manifest.parts):
        enclosure = item.find("enclosure")
        assert enclosure.get("url") == f"{BASE}/en-AU/{part.id}.mp3"
        assert int(enclosure.get("length")) == part.bytes == (built / "en-AU" / part.file).stat().st_size
        assert enclosure.get("type") == "audio/mpeg"
        assert item.find("guid").get("isPermaLink") == "false"
        assert item.findtext("pubDate")
        hours, minutes, seconds = map(int, item.findtext(f"{{{ITUNES}}}duration").split(":"))
        assert abs(hours * 3600 + minutes * 60 + seconds - MP3(built / "en-AU" / part.file).info.length) < 1


def test_feed_enclosures_follow_the_server_when_no_base_url_is_set(server) -> None:
    port = server(base_url=None)
    rss = ET.fromstring(get(port, "/podcast/en-AU.xml")[2])
    url = rss.find("channel/item/enclosure").get("url")
    assert url == f"http://127.0.0.1:{port}/audio/en-AU/p00-welcome.mp3"
    # ... and that URL really serves the file.
    assert get(port, url.split(str(port), 1)[1])[0] == 200


def test_no_feed_for_a_locale_with_nothing_built(server) -> None:
    port = server()
    assert get(port, "/podcast/en-GB.xml")[0] == 404
    assert get(port, "/podcast/xx-XX.xml")[0] == 404


def test_the_cli_writes_feeds_for_upload(built: Path, tmp_path: Path) -> None:
    from skill.__main__ import main
    assert main(["audio", "feed", "--audio", str(built), "--out", str(tmp_path / "podcast"),
                 "--base-url", BASE, "--feed-base-url", "https://audio.example.org/podcast"]) == 0
    rss = ET.parse(tmp_path / "podcast" / "en-AU.xml").getroot()
    assert len(rss.findall("channel/item")) == len(PARTS)
    assert not (tmp_path / "podcast" / "en-US.xml").exists()  # nothing built for it
    assert main(["audio", "feed", "--audio", str(built), "--out", str(tmp_path),
                 "--base-url", "http://plain.example.org"]) == 2


@pytest.mark.parametrize("url", ["http://example.org/audio", "ftp://x", "https://", "example.org"])
def test_audio_base_url_must_be_https(url: str) -> None:
    with pytest.raises(ValueError, match="https"):
        Config.from_env({"PAINCHATS_AUDIO_BASE_URL": url})


def test_audio_settings_come_from_the_environment(tmp_path: Path) -> None:
    config = Config.from_env({"PAINCHATS_AUDIO_BASE_URL": "https://cdn.example.org/audio/",
                              "PAINCHATS_AUDIO_DIR": str(tmp_path)})
    assert config.audio_base_url == "https://cdn.example.org/audio"
    assert config.audio_dir == tmp_path
