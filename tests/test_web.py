"""The web endpoint over real HTTP on 127.0.0.1, with real envelopes, the real skill and real
signature checks against a throwaway CA (only the certificate download and trust roots are faked)."""
from __future__ import annotations

import base64
import http.client
import http.server
import importlib.util
import json
import os
import ssl
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID
from werkzeug.serving import make_server

from skill import openssl_compat, web
from skill.config import Config
from skill.core import build_skill
from skill.local.envelopes import LOCAL_SKILL_ID, Caller, Session, Slot, intent_request, launch_request
from skill.store import Owner, open_store

from ask_sdk_webservice_support import verifier as sdk_verifier  # after skill.web: needs the fix
from certvalidator import CertificateValidator, ValidationContext

REPO = Path(__file__).resolve().parents[1]
CERT_URL = "https://s3.amazonaws.com/echo.api/echo-api-cert-test.pem"
NEXT_CERT_URL = "https://s3.amazonaws.com/echo.api/echo-api-cert-next.pem"


# -- a throwaway PKI standing in for Amazon's ----------------------------------------------

@dataclass
class Pki:
    ca_der: bytes
    chain_pem: bytes  # leaf first, as Amazon serves it
    key: rsa.RSAPrivateKey

    def sign(self, body: bytes) -> str:
        return base64.b64encode(self.key.sign(body, padding.PKCS1v15(), hashes.SHA256())).decode()


def _cert(subject: str, key: rsa.RSAPrivateKey, issuer: str, issuer_key: rsa.RSAPrivateKey,
          ca: bool) -> x509.Certificate:
    now = datetime.now(timezone.utc)
    builder = (x509.CertificateBuilder()
               .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
               .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
               .public_key(key.public_key())
               .serial_number(x509.random_serial_number())
               .not_valid_before(now - timedelta(days=1))
               .not_valid_after(now + timedelta(days=1))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
               .add_extension(x509.KeyUsage(
                   digital_signature=not ca, key_cert_sign=ca, crl_sign=ca,
                   content_commitment=False, key_encipherment=False, data_encipherment=False,
                   key_agreement=False, encipher_only=False, decipher_only=False), critical=True))
    if not ca:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.DNSName("echo-api.amazon.com")]), critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


@pytest.fixture(scope="session")
def pki() -> Pki:
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    leaf_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca = _cert("Test Root CA", ca_key, "Test Root CA", ca_key, ca=True)
    leaf = _cert("echo-api.amazon.com", leaf_key, "Test Root CA", ca_key, ca=False)
    pem = serialization.Encoding.PEM
    return Pki(ca.public_bytes(serialization.Encoding.DER),
               leaf.public_bytes(pem) + ca.public_bytes(pem), leaf_key)


class CertHost:
    """A real HTTP server on loopback standing in for Amazon's certificate host: it serves
    `routes` (path -> PEM bytes) and records every download as (url, deadline)."""

    def __init__(self) -> None:
        self.routes: dict[str, bytes] = {}
        self.redirects: dict[str, str] = {}  # path -> Location
        self.calls: list[tuple[str, float]] = []
        self.seen: list[str] = []  # paths asked for, as the server saw them
        host = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                host.seen.append(self.path)
                if self.path in host.redirects:
                    self.send_response(302)
                    self.send_header("Location", host.redirects[self.path])
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                body = host.routes.get(self.path)
                self.send_response(200 if body is not None else 404)
                self.send_header("Content-Length", str(len(body or b"")))
                self.end_headers()
                self.wfile.write(body or b"")

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True).start()

    def connect(self, url: str, timeout: float) -> http.client.HTTPConnection:
        """Takes the place of web._open_connection: the same request, sent to loopback."""
        self.calls.append((url, timeout))
        return http.client.HTTPConnection("127.0.0.1", self.server.server_port, timeout=timeout)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def cert_host(monkeypatch: pytest.MonkeyPatch) -> Iterator[CertHost]:
    host = CertHost()
    monkeypatch.setattr(web, "_open_connection", host.connect)
    yield host
    host.close()


@pytest.fixture
def fetched(monkeypatch: pytest.MonkeyPatch, pki: Pki,
            cert_host: CertHost) -> list[tuple[str, float]]:
    """Serves the chain at two URLs only, trusts only the test CA; records each download."""
    for url in (CERT_URL, NEXT_CERT_URL):
        cert_host.routes[urlsplit(url).path] = pki.chain_pem

    def trusting_test_ca(end_cert: bytes, intermediates: list[bytes]) -> CertificateValidator:
        return CertificateValidator(end_cert, intermediates,
                                    validation_context=ValidationContext(trust_roots=[pki.ca_der]))

    monkeypatch.setattr(sdk_verifier, "CertificateValidator", trusting_test_ca)
    return cert_host.calls


# -- the app on a real socket ---------------------------------------------------------------

@dataclass
class Reply:
    status: int
    body: dict


@dataclass
class Client:
    port: int

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> Reply:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.request(method, path, body=body,
                         headers={"Content-Type": "application/json", **(headers or {})})
            reply = conn.getresponse()
            return Reply(reply.status, json.loads(reply.read()))
        finally:
            conn.close()

    def post(self, body: bytes, headers: dict[str, str] | None = None) -> Reply:
        return self.request("POST", "/alexa", body, headers)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Callable[..., Client]]:
    """Starts the real app for the real skill (SQLite in tmp_path); stops every one after."""
    servers = []

    def start(verify: bool, skill_id: str | None = None, sqlite_path: Path | None = None) -> Client:
        config = Config(sqlite_path=sqlite_path or tmp_path / "skill.sqlite3", skill_id=skill_id)
        store = open_store(config)
        app = web.create_app(build_skill(config, store), verify=verify, store=store)
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True).start()
        servers.append(server)
        return Client(server.server_port)

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def launch(caller: Caller | None = None, timestamp: str | None = None) -> bytes:
    envelope = Session(caller or Caller()).envelope(launch_request("en-US"))
    if timestamp is not None:
        envelope["request"]["timestamp"] = timestamp
    return json.dumps(envelope).encode()


def signed_headers(pki: Pki, body: bytes, cert_url: str = CERT_URL) -> dict[str, str]:
    return {"SignatureCertChainUrl": cert_url, "Signature-256": pki.sign(body)}


def assert_welcome(reply: Reply) -> None:
    assert reply.status == 200, reply.body
    assert "welcome" in reply.body["response"]["outputSpeech"]["ssml"].lower()
    assert reply.body["response"]["shouldEndSession"] is False


# -- tests ------------------------------------------------------------------------------------

def test_health(served: Callable[..., Client]) -> None:
    reply = served(verify=True).request("GET", "/health")
    assert (reply.status, reply.body) == (200, {"status": "ok", "store": "ok"})


def test_health_is_503_when_the_store_does_not_answer(served: Callable[..., Client],
                                                       tmp_path: Path) -> None:
    (tmp_path / "not-a-database").mkdir()  # SQLite cannot open a folder as its file
    reply = served(verify=True, sqlite_path=tmp_path / "not-a-database").request("GET", "/health")
    assert (reply.status, reply.body) == (503, {"status": "unavailable", "store": "unavailable"})


def test_launch_without_verification_gets_the_welcome(served: Callable[..., Client]) -> None:
    assert_welcome(served(verify=False).post(launch()))


def test_verification_is_on_by_default(tmp_path: Path) -> None:
    app = web.create_app(build_skill(Config(sqlite_path=tmp_path / "skill.sqlite3")))
    reply = app.test_client().post("/alexa", data=launch())
    assert reply.status_code == 400


def test_signed_request_gets_the_welcome_and_the_chain_is_cached(
        served: Callable[..., Client], pki: Pki, fetched: list) -> None:
    client = served(verify=True)
    for _ in range(2):
        body = launch()
        assert_welcome(client.post(body, signed_headers(pki, body)))
    assert fetched == [(CERT_URL, web.CERT_FETCH_TIMEOUT_S)]


def test_tampered_body_is_refused(served: Callable[..., Client], pki: Pki, fetched: list) -> None:
    body = launch()
    tampered = body.replace(b'"en-US"', b'"en-GB"')
    assert tampered != body
    reply = served(verify=True).post(tampered, signed_headers(pki, body))
    assert (reply.status, reply.body) == (400, {"error": "request failed verification"})


@pytest.mark.parametrize("drop", ["SignatureCertChainUrl", "Signature-256"])
def test_missing_signature_headers_are_refused(
        served: Callable[..., Client], pki: Pki, fetched: list, drop: str) -> None:
    body = launch()
    headers = signed_headers(pki, body)
    del headers[drop]
    assert served(verify=True).post(body, headers).status == 400


def test_signature_that_is_not_base64_is_refused(
        served: Callable[..., Client], pki: Pki, fetched: list) -> None:
    body = launch()
    headers = {**signed_headers(pki, body), "Signature-256": "not*base64"}
    assert served(verify=True).post(body, headers).status == 400


@pytest.mark.parametrize("cert_url", [
    "http://s3.amazonaws.com/echo.api/echo-api-cert-test.pem",
    "https://s3.evil.example/echo.api/echo-api-cert-test.pem",
    "https://s3.amazonaws.com/not.echo.api/echo-api-cert-test.pem",
    "https://s3.amazonaws.com/echo.api/../other/echo-api-cert-test.pem",
    "https://s3.amazonaws.com:8443/echo.api/echo-api-cert-test.pem",
])
def test_bad_certificate_url_is_refused_without_a_download(
        served: Callable[..., Client], pki: Pki, fetched: list, cert_url: str) -> None:
    body = launch()
    assert served(verify=True).post(body, signed_headers(pki, body, cert_url)).status == 400
    assert fetched == []


def test_chain_from_an_untrusted_root_is_refused(
        served: Callable[..., Client], pki: Pki, fetched: list,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sdk_verifier, "CertificateValidator", CertificateValidator)  # system roots
    body = launch()
    assert served(verify=True).post(body, signed_headers(pki, body)).status == 400


def test_unfetchable_certificate_is_a_400_not_a_500(
        served: Callable[..., Client], pki: Pki, fetched: list) -> None:
    body = launch()
    url = "https://s3.amazonaws.com/echo.api/missing.pem"
    assert served(verify=True).post(body, signed_headers(pki, body, url)).status == 400
    assert fetched == [(url, web.CERT_FETCH_TIMEOUT_S)]


def test_old_timestamp_is_refused(served: Callable[..., Client], pki: Pki, fetched: list) -> None:
    body = launch(timestamp="2020-01-01T00:00:00Z")
    assert served(verify=True).post(body, signed_headers(pki, body)).status == 400


def test_timestamp_without_zone_is_read_as_utc(
        served: Callable[..., Client], pki: Pki, fetched: list) -> None:
    client = served(verify=True)
    now = datetime.now(timezone.utc)
    inside = launch(timestamp=now.strftime("%Y-%m-%dT%H:%M:%S"))
    assert_welcome(client.post(inside, signed_headers(pki, inside)))
    outside = launch(timestamp=(now - timedelta(minutes=10)).strftime("%Y-%m-%dT%H:%M:%S"))
    assert client.post(outside, signed_headers(pki, outside)).status == 400


@pytest.mark.parametrize("body", [
    b"my secret note", b"\xff\xfe", b"[]", b'{"request": "x"}',
    b'{"version": "1.0", "request": {"type": "LaunchRequest"}}',  # no context
    b'{"context": {"System": {}}, "request": {"type": "LaunchRequest", "timestamp": "soon"}}'])
@pytest.mark.parametrize("verify", [True, False])
def test_body_that_is_not_an_alexa_request_is_refused_and_not_logged(
        served: Callable[..., Client], caplog: pytest.LogCaptureFixture,
        body: bytes, verify: bool) -> None:
    caplog.set_level("DEBUG")
    reply = served(verify=verify).post(body)
    # With verification on, the missing signature is found before the body is even parsed.
    error = "request failed verification" if verify else "request body is not an Alexa request"
    assert (reply.status, reply.body) == (400, {"error": error})
    assert "secret" not in caplog.text and "soon" not in caplog.text


@pytest.mark.parametrize("verify", [True, False])
def test_request_for_another_skill_is_refused(
        served: Callable[..., Client], pki: Pki, fetched: list, verify: bool) -> None:
    client = served(verify=verify, skill_id=LOCAL_SKILL_ID)
    mine = launch(Caller(skill_id=LOCAL_SKILL_ID))
    assert_welcome(client.post(mine, signed_headers(pki, mine)))
    other = launch(Caller(skill_id="amzn1.ask.skill.11111111-2222-3333-4444-555555555555"))
    reply = client.post(other, signed_headers(pki, other))
    assert (reply.status, reply.body) == (400, {"error": "request failed verification"})


def test_certificate_cache_is_bounded(pki: Pki, fetched: list) -> None:
    verifier = web.SignatureVerifier(cache_size=1)
    body = launch()
    for url in (CERT_URL, NEXT_CERT_URL, CERT_URL):
        verifier.verify(signed_headers(pki, body, url), body.decode(), None)
    assert [url for url, _ in fetched] == [CERT_URL, NEXT_CERT_URL, CERT_URL]


def test_serve_refuses_unverified_requests_off_loopback(tmp_path: Path) -> None:
    skill = build_skill(Config(sqlite_path=tmp_path / "skill.sqlite3"))
    with pytest.raises(ValueError, match="without request verification"):
        web.serve(skill, host="0.0.0.0", port=0, verify=False)


# -- the OpenSSL 3.0.10+ fix for oscrypto --------------------------------------------------

def test_flask_ask_sdk_imports_in_a_fresh_interpreter() -> None:
    code = ("import json, skill.openssl_compat as c; c.apply(); c.apply()\n"
            "import flask_ask_sdk.skill_adapter\n"
            "from oscrypto._openssl._libcrypto import libcrypto_version_info\n"
            "print(json.dumps(libcrypto_version_info))")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    # From OpenSSL 3.0 on, the patch level is the 4th field of OPENSSL_VERSION_INFO (3.0.19 is
    # (3, 0, 0, 19, 0)), so [:3] alone would read (3, 0, 0).
    major, minor, fix, patch, _ = ssl.OPENSSL_VERSION_INFO
    expected = (major, minor, patch) if major >= 3 else (major, minor, fix)
    assert tuple(json.loads(done.stdout)) == expected


@pytest.mark.parametrize("regex, patched", [(openssl_compat._BROKEN, True),
                                            (openssl_compat._FIXED, False)],
                         ids=["oscrypto-1.3.0", "already-fixed"])
def test_compat_only_touches_the_unfixed_oscrypto(tmp_path: Path, regex: str,
                                                  patched: bool) -> None:
    (tmp_path / "_libcrypto_ctypes.py").write_text(f"import re\nPATTERN = {regex}\n")
    spec = openssl_compat._OscryptoVersionFinder().find_spec(
        "oscrypto._openssl._libcrypto_ctypes", [str(tmp_path)])
    assert (spec is not None) == patched
    if spec is not None:
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)  # type: ignore[union-attr]
        assert module.PATTERN == r"\b(\d\.\d\.\d+[a-z]*)\b"


def test_devices_saving_notes_at_once_over_http_lose_none(served: Callable[..., Client],
                                                           tmp_path: Path) -> None:
    """Several devices of one household confirm notes at the same moment through the real
    endpoint; every confirmed note is in the SQLite file afterwards, once."""
    client = served(verify=False)
    user = "amzn1.ask.account.HOUSEHOLD"

    def turn(session: Session, request: dict) -> dict:
        reply = client.post(json.dumps(session.envelope(request)).encode())
        assert reply.status == 200, reply.body
        session.carry(reply.body)
        return reply.body

    consent = Session(Caller(user_id=user))
    turn(consent, intent_request("en-US", "StartReflectionIntent"))
    turn(consent, intent_request("en-US", "AMAZON.YesIntent"))

    failures: list[BaseException] = []

    def device(number: int) -> None:
        try:
            for note in range(5):
                session = Session(Caller(user_id=user, device_id=f"device-{number}"))
                text = f"device {number} note {note}"
                turn(session, intent_request("en-US", "AddNoteIntent", [Slot("note", text)]))
                said = turn(session, intent_request("en-US", "AMAZON.YesIntent"))
                assert "saved" in said["response"]["outputSpeech"]["ssml"].lower()
        except BaseException as error:  # reported below, from the main thread
            failures.append(error)

    threads = [threading.Thread(target=device, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not failures, failures[0]
    texts = [n.text for n in open_store(Config(sqlite_path=tmp_path / "skill.sqlite3"))
             .all_notes(Owner(user))]
    assert sorted(texts) == sorted(f"Device {d} note {n}" for d in range(8) for n in range(5))
