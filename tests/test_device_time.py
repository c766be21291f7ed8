"""The person's own time zone, asked of Alexa's Settings API - here a real HTTP server on
loopback standing in for Amazon's host - so "yesterday" is their yesterday."""
import json
import threading
from datetime import datetime, time, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from zoneinfo import ZoneInfo

import pytest

from skill import dates
from skill.content import load_content
from talk import Talk

ZONE = "Pacific/Kiritimati"  # UTC+14: its yesterday is never UTC's yesterday


@pytest.fixture
def settings_api():
    """Answers GET /v2/devices/<id>/settings/System.timeZone like Alexa's Settings API."""
    calls, answer = [], {"status": 200, "zone": ZONE}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the name http.server calls)
            calls.append((self.path, self.headers.get("Authorization")))
            body = json.dumps(answer["zone"]).encode()
            self.send_response(answer["status"])
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", calls, answer
    server.shutdown()
    server.server_close()


def local_yesterday_evening() -> datetime:
    zone = ZoneInfo(ZONE)
    yesterday = datetime.now(zone).date() - timedelta(days=1)
    return datetime.combine(yesterday, time(21, 0), zone).astimezone(timezone.utc)


def talk_for(tmp_path, endpoint):
    # Alexa reads "yesterday" on the device's calendar, and so does the stand-in here.
    talk = Talk(tmp_path, config={"device_settings": True}, today=datetime.now(ZoneInfo(ZONE)).date(),
                callers={"me": {"api": endpoint, "device": "amzn1.ask.device.KITCHEN"}})
    talk.store.add_note(talk.owner(), "evening walk helped", created=local_yesterday_evening())
    return talk, talk.conversations[talk.default]


def test_yesterday_is_the_persons_yesterday(tmp_path, settings_api):
    endpoint, calls, _ = settings_api
    talk, me = talk_for(tmp_path, endpoint)
    said = me.say("what did I note yesterday").speech
    assert "evening walk helped" in said
    assert "evening walk helped" in me.say("read my last note").speech
    assert calls == [("/v2/devices/amzn1.ask.device.KITCHEN/settings/System.timeZone",
                      "Bearer local-token")], "asked once a session, for this device"


def test_the_configured_zone_is_used_when_alexa_does_not_answer(tmp_path, settings_api):
    endpoint, calls, answer = settings_api
    answer["status"] = 403
    talk, me = talk_for(tmp_path, endpoint)
    said = me.say("read my last note").speech
    assert calls, "the device was asked"
    evening = local_yesterday_evening()
    in_utc = dates.spoken_date(evening, "UTC", datetime.now(timezone.utc).date(),
                               load_content().date_words)
    assert said.startswith(talk.content.phrase("last_note", date=in_utc,
                                               text="evening walk helped"))


def test_an_unreachable_settings_api_still_reads_notes(tmp_path):
    talk, me = talk_for(tmp_path, "http://127.0.0.1:9")  # nothing listens on the discard port
    assert "evening walk helped" in me.say("read my notes").speech
