"""Hostile input at the self-hosted endpoint, over real HTTP on loopback: bodies checked for a
signature before they are parsed, bounded in size and depth, and a certificate download with
one deadline, no redirects and a cache only valid chains enter. Only the edge that opens the
connection to Amazon's certificate host is replaced, by a real server on 127.0.0.1."""
from __future__ import annotations

import http.client
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from skill import web  # first: it makes the SDK's verifier importable (skill.openssl_compat)
from skill.local.envelopes import Caller, Session, intent_request

from ask_sdk_webservice_support.verifier import VerificationException  # noqa: E402
from test_web import (CERT_URL, CertHost, Client, Pki, _cert, assert_welcome,  # noqa: F401
                      cert_host, fetched, launch, pki, served, signed_headers)

NESTED = b"[" * 100_000 + b"]" * 100_000  # 200 KB of nesting, as in the audit


# -- bodies ------------------------------------------------------------------------------------

@pytest.mark.parametrize("verify", [True, False])
def test_deeply_nested_json_is_a_400_not_a_500(served: Callable[..., Client], verify: bool) -> None:
    body = b'{"request": ' + b"[" * 5000 + b"]" * 5000 + b"}"  # small enough to be read
    reply = served(verify=verify).post(body)
    assert reply.status == 400, reply.body


def test_the_signature_is_checked_before_the_body_is_parsed(
        served: Callable[..., Client], monkeypatch: pytest.MonkeyPatch) -> None:
    parsed: list[bytes] = []
    real_parse = web._parse_envelope
    monkeypatch.setattr(web, "_parse_envelope",
                        lambda skill, body: parsed.append(body) or real_parse(skill, body))
    client = served(verify=True)
    for body in (launch(), b'{"request": ' + b"[" * 5000 + b"]" * 5000 + b"}"):
        reply = client.post(body)  # no signature headers
        assert (reply.status, reply.body) == (400, {"error": "request failed verification"})
    assert parsed == []


@pytest.mark.parametrize("verify", [True, False])
def test_a_body_over_the_limit_is_a_413(served: Callable[..., Client], verify: bool) -> None:
    reply = served(verify=verify).post(NESTED + b" " * web.MAX_BODY_BYTES)
    assert reply.status == 413
    app = web.create_app(build_test_skill(), verify=verify)
    assert app.config["MAX_CONTENT_LENGTH"] == web.MAX_BODY_BYTES


def test_a_body_just_under_the_limit_is_read(served: Callable[..., Client]) -> None:
    envelope = json.loads(launch())
    envelope["session"]["attributes"] = {"pad": ""}
    padding = web.MAX_BODY_BYTES - len(json.dumps(envelope)) - 1
    envelope["session"]["attributes"]["pad"] = "x" * padding
    assert_welcome(served(verify=False).post(json.dumps(envelope).encode()))


def build_test_skill():
    from skill.config import Config
    from skill.core import build_skill
    return build_skill(Config(store="sqlite", notes_enabled=False))


@pytest.mark.parametrize("intent", [None, "ReadNotesIntent", {}, {"name": None}, {"name": 7}])
def test_an_intent_request_without_an_intent_is_refused_not_a_500(
        served: Callable[..., Client], intent: object) -> None:
    envelope = Session(Caller()).envelope(intent_request("en-US", "AMAZON.HelpIntent"))
    envelope["request"]["intent"] = intent
    reply = served(verify=False).post(json.dumps(envelope).encode())
    assert reply.status == 400, reply.body
    assert reply.body == {"error": "request body is not an Alexa request"}


# -- the certificate download ------------------------------------------------------------------

class SlowHost:
    """A real server on loopback that sends `head` at once, then `trickle` a byte every 2 s."""

    def __init__(self, head: bytes, trickle: bytes, every: float = 2.0) -> None:
        self._stop = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._head, self._trickle, self._every = head, trickle, every
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        self._listener.settimeout(0.1)
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except OSError:
                continue
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        with conn:
            try:
                conn.recv(65536)
                conn.sendall(self._head)
                for byte in self._trickle:
                    if self._stop.wait(self._every):
                        return
                    conn.sendall(bytes([byte]))
            except OSError:
                return  # the client gave up: that is the point

    def connect(self, url: str, timeout: float) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def close(self) -> None:
        self._stop.set()
        self._listener.close()


@pytest.fixture
def slow_host(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[bytes, bytes], SlowHost]]:
    hosts: list[SlowHost] = []

    def start(head: bytes, trickle: bytes) -> SlowHost:
        host = SlowHost(head, trickle)
        hosts.append(host)
        monkeypatch.setattr(web, "_open_connection", host.connect)
        return host

    yield start
    for host in hosts:
        host.close()


@pytest.mark.parametrize("head, trickle", [
    (b"HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n", b"-" * 5000),  # a slow body
    (b"", b"HTTP/1.1 200 OK\r\nX-Slow: " + b"-" * 5000),  # a slow status line and headers
], ids=["body", "headers"])
def test_a_trickling_certificate_host_cannot_hold_the_download(
        slow_host, head: bytes, trickle: bytes) -> None:
    slow_host(head, trickle)
    began = time.monotonic()
    with pytest.raises((OSError, ValueError)):
        web.fetch_certificate_chain(CERT_URL)
    assert time.monotonic() - began < web.CERT_FETCH_TIMEOUT_S + 0.5


def test_a_trickling_certificate_host_gets_the_request_refused_in_time(
        served: Callable[..., Client], pki: Pki, slow_host) -> None:
    slow_host(b"HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n", b"-" * 5000)
    client = served(verify=True)
    body = launch()
    began = time.monotonic()
    reply = client.post(body, signed_headers(pki, body))
    assert (reply.status, reply.body) == (400, {"error": "request failed verification"})
    assert time.monotonic() - began < web.CERT_FETCH_TIMEOUT_S + 1.0


@pytest.mark.parametrize("target", ["http://127.0.0.1:{port}/echo.api/other.pem",
                                    "https://s3.amazonaws.com/echo.api/other.pem"])
def test_redirects_are_not_followed(cert_host: CertHost, pki: Pki, target: str) -> None:
    cert_host.routes["/echo.api/other.pem"] = pki.chain_pem
    cert_host.redirects["/echo.api/echo-api-cert-test.pem"] = target.format(
        port=cert_host.server.server_port)
    with pytest.raises((OSError, ValueError)):
        web.fetch_certificate_chain(CERT_URL)
    assert cert_host.seen == ["/echo.api/echo-api-cert-test.pem"]


def test_requests_with_other_urls_do_not_evict_the_valid_chain(
        fetched: list, cert_host: CertHost, pki: Pki) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    # A chain that downloads fine but does not lead to a trusted root.
    stranger_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    stranger = _cert("echo-api.amazon.com", stranger_key, "echo-api.amazon.com", stranger_key,
                     ca=False).public_bytes(serialization.Encoding.PEM)
    verifier = web.SignatureVerifier()
    body = launch()
    verifier.verify(signed_headers(pki, body), body.decode(), None)
    others = [f"https://s3.amazonaws.com/echo.api/other-{n}.pem"
              for n in range(2 * web.CERT_CACHE_SIZE)]
    for url in others:
        cert_host.routes[url.split("amazonaws.com")[1]] = stranger
        with pytest.raises(VerificationException):
            verifier.verify({"SignatureCertChainUrl": url, "Signature-256": "AAAA"},
                            body.decode(), None)
    verifier.verify(signed_headers(pki, body), body.decode(), None)
    assert [url for url, _ in fetched].count(CERT_URL) == 1
    assert [url for url, _ in fetched][1:] == others  # each stranger fetched, none kept
