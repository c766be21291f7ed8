"""The skill as an HTTPS web service (behind a TLS proxy): Alexa POSTs to /alexa.

Every request is checked as Alexa requires of a self-hosted endpoint (signature, certificate
chain, timestamp, skill id); anything malformed or unverifiable gets a 400 with a short JSON
error. Request bodies carry what people said: they are never logged, only type and outcome.
"""
from __future__ import annotations

import http.client
import json
import logging
import os
import re
import socket
import ssl
import sys
import threading
import time
import traceback
from collections import OrderedDict
from copy import copy
from datetime import datetime, timezone
from itertools import accumulate
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ask_sdk_core.exceptions import SerializationException
from ask_sdk_core.skill import CustomSkill
from ask_sdk_model import RequestEnvelope
from cryptography import x509
from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException

from . import openssl_compat
from .config import LOOPBACK_HOSTS, Config

openssl_compat.apply()  # must precede the first import of flask_ask_sdk / certvalidator

from ask_sdk_webservice_support.verifier import (  # noqa: E402
    AbstractVerifier, RequestVerifier, TimestampVerifier, VerificationException)
from ask_sdk_webservice_support.verifier_constants import CERT_CHAIN_DOMAIN  # noqa: E402

if TYPE_CHECKING:
    from .store import NoteStore

log = logging.getLogger(__name__)

CERT_FETCH_TIMEOUT_S = 3.0  # one deadline for the whole download; Alexa gives the answer 8 s
CERT_CACHE_SIZE = 8  # Amazon signs with one chain at a time; a few cover a rotation
_MAX_CHAIN_BYTES = 64 * 1024  # a real chain is about 5 KB
# Alexa sends back the session attributes the skill returned, and a whole response is at most
# 120 KB, so a real request stays well under this; a larger one is a 413 before it is read.
MAX_BODY_BYTES = 160 * 1024
MAX_JSON_DEPTH = 48  # a real envelope nests about 8 deep; the skill's own attributes a few more


def _open_connection(url: str, timeout: float) -> http.client.HTTPConnection:
    """The network edge: a connection to the certificate host (not yet opened)."""
    parts = urlsplit(url)
    return http.client.HTTPSConnection(parts.hostname or "", parts.port or 443, timeout=timeout,
                                       context=ssl.create_default_context())


def _cut(conn: http.client.HTTPConnection) -> None:
    """At the deadline: whatever the download is waiting on (connect, handshake, headers or
    body) returns at once."""
    sock = conn.sock
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def fetch_certificate_chain(url: str, deadline_s: float = CERT_FETCH_TIMEOUT_S) -> bytes:
    """The chain at `url`, or OSError/ValueError. One deadline covers the whole download (a
    host that trickles a byte at a time cannot hold it longer), and a redirect is refused like
    any other answer but 200: the chain must come from the URL Alexa named."""
    ends = time.monotonic() + deadline_s
    conn = _open_connection(url, deadline_s)
    watchdog = threading.Timer(deadline_s, _cut, args=(conn,))
    watchdog.daemon = True
    watchdog.start()
    try:
        parts = urlsplit(url)
        conn.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""))
        reply = conn.getresponse()
        if reply.status != 200:
            raise ValueError(f"certificate host answered {reply.status}")
        chunks, size = [], 0
        while True:
            left = ends - time.monotonic()
            if left <= 0:
                raise TimeoutError("certificate download passed its deadline")
            if conn.sock is not None:
                conn.sock.settimeout(left)
            chunk = reply.read1(16384)  # returns after one read, so the deadline is checked
            if not chunk:
                break
            size += len(chunk)
            if size > _MAX_CHAIN_BYTES:
                raise ValueError("certificate chain too large")
            chunks.append(chunk)
    except http.client.HTTPException as error:  # a cut or garbled answer
        raise ValueError(f"certificate download failed: {type(error).__name__}") from error
    finally:
        watchdog.cancel()
        conn.close()
    if time.monotonic() >= ends:  # cut by the watchdog: what arrived is not the whole chain
        raise TimeoutError("certificate download passed its deadline")
    return b"".join(chunks)


class SignatureVerifier(RequestVerifier):
    """The stock signature check, with a bounded download, a bounded cache that only chains
    that validated enter, and bad input as 400."""

    def __init__(self, cache_size: int = CERT_CACHE_SIZE) -> None:
        super().__init__()
        self._chains: OrderedDict[str, bytes] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()

    def verify(self, headers: Any, serialized_request_env: str,
               deserialized_request_env: RequestEnvelope) -> None:
        try:
            super().verify(headers, serialized_request_env, deserialized_request_env)
        except (ValueError, TypeError) as error:
            # Garbage PEM, a signature that is not base64, a non-RSA key: the stock code
            # lets these escape as server errors.
            raise VerificationException("Request signature could not be checked") from error

    def _retrieve_and_validate_certificate_chain(self, cert_url: str,
                                                 x509_backend: Any = None) -> x509.Certificate:
        # The stock order, but a downloaded chain is cached only once it has validated: a
        # request naming another URL cannot push the good chain out of the cache.
        self._validate_certificate_url(cert_url)
        with self._lock:
            chain = self._chains.get(cert_url)
            if chain is not None:
                self._chains.move_to_end(cert_url)
        fetched = chain is None
        if fetched:
            try:
                chain = fetch_certificate_chain(cert_url)
            except (OSError, ValueError) as error:  # timeouts are OSErrors
                raise VerificationException("Unable to load certificate from URL") from error
        self._validate_cert_chain(chain)
        end_cert = x509.load_pem_x509_certificate(chain)
        self._validate_end_certificate(end_cert)
        if fetched:
            with self._lock:
                self._chains[cert_url] = chain
                while len(self._chains) > self._cache_size:
                    self._chains.popitem(last=False)
        return end_cert

    def _validate_end_certificate(self, x509_cert: x509.Certificate) -> None:
        # Same checks as the stock method, with timezone-aware dates and a missing SAN as 400.
        now = datetime.now(timezone.utc)
        if not x509_cert.not_valid_before_utc <= now <= x509_cert.not_valid_after_utc:
            raise VerificationException("Signing Certificate expired")
        try:
            names = x509_cert.extensions.get_extension_for_class(
                x509.SubjectAlternativeName).value.get_values_for_type(x509.DNSName)
        except x509.ExtensionNotFound:
            names = []
        if CERT_CHAIN_DOMAIN not in names:
            raise VerificationException(
                f"{CERT_CHAIN_DOMAIN} domain missing in Signature Certificate Chain")


class UtcTimestampVerifier(TimestampVerifier):
    """The stock timestamp check; a timestamp without a zone is read as UTC, not a 500."""

    def verify(self, headers: Any, serialized_request_env: str,
               deserialized_request_env: RequestEnvelope) -> None:
        alexa_request = deserialized_request_env.request
        stamp = getattr(alexa_request, "timestamp", None)
        if isinstance(stamp, datetime) and stamp.tzinfo is None:
            # Copies, so the skill still sees the request exactly as it came.
            alexa_request = copy(alexa_request)
            alexa_request.timestamp = stamp.replace(tzinfo=timezone.utc)
            deserialized_request_env = copy(deserialized_request_env)
            deserialized_request_env.request = alexa_request
        super().verify(headers, serialized_request_env, deserialized_request_env)


class SkillIdVerifier(AbstractVerifier):
    """Refuses requests for another skill as a 400 (the SDK's own check raises a 500)."""

    def __init__(self, skill_id: str) -> None:
        self._skill_id = skill_id

    def verify(self, headers: Any, serialized_request_env: str,
               deserialized_request_env: RequestEnvelope) -> None:
        context = deserialized_request_env.context
        application = context.system.application if context and context.system else None
        if application is None or application.application_id != self._skill_id:
            raise VerificationException("Request is for another skill")


class _NoExceptionText(logging.Filter):
    """Keeps the traceback's frames but drops exception messages, which can quote a request
    (the SDK's SerializationException carries the whole body). The SDK's error record for a
    failed verification is dropped: the /alexa view logs that outcome as a client error."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[0] is not None:
            kind, _, tb = record.exc_info
            if issubclass(kind, VerificationException):
                return False
            frames = "".join(traceback.format_tb(tb))
            record.msg = f"{record.getMessage()} ({kind.__name__})\n{frames.rstrip()}"
            record.args = None
            record.exc_info = None
            record.exc_text = None
        return True


_NO_EXCEPTION_TEXT = _NoExceptionText()  # one instance: Logger.addFilter skips a repeat


def _error(status: int, message: str) -> tuple[Response, int]:
    return jsonify(error=message), status


_STRINGS = re.compile(rb'"(?:[^"\\]|\\.)*"')
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}


def json_depth(body: bytes) -> int:
    """How deep the brackets of a JSON text nest, outside strings: checked before parsing, so
    no parser recurses on a hostile body."""
    brackets = _STRINGS.sub(b"", body).translate(None, _NOT_BRACKETS)
    return max(accumulate(map(_STEP.__getitem__, brackets)), default=0)


def _parse_envelope(skill: CustomSkill, body: bytes) -> RequestEnvelope | None:
    """The request as the SDK will read it, or None when it is not an Alexa request."""
    if json_depth(body) > MAX_JSON_DEPTH:
        return None
    try:
        text = body.decode("utf-8")
        payload = json.loads(text)
    except ValueError:  # covers UnicodeDecodeError and JSONDecodeError
        return None
    # Alexa always sends both; the SDK and the skill fail on their absence with a 500.
    if not (isinstance(payload, dict) and isinstance(payload.get("request"), dict)
            and isinstance(payload.get("context"), dict)
            and isinstance(payload["context"].get("System"), dict)):
        return None
    alexa_request = payload["request"]
    if alexa_request.get("type") == "IntentRequest" and not (
            isinstance(alexa_request.get("intent"), dict)
            and isinstance(alexa_request["intent"].get("name"), str)):
        return None  # Alexa always names the intent; without one every handler would fail
    try:
        envelope = skill.serializer.deserialize(payload=text, obj_type=RequestEnvelope)
    except (SerializationException, RecursionError):
        return None
    return envelope if envelope.request is not None else None


def create_app(skill: CustomSkill, verify: bool = True, config: Config | None = None,
               store: NoteStore | None = None) -> Flask:
    """The Flask app for Alexa. `store`, when given, is what /health asks."""
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES  # a larger body is a 413, unread
    app.logger.addFilter(_NO_EXCEPTION_TEXT)
    # The signature is checked on the raw bytes before anything parses them; the checks that
    # need the parsed request (timestamp, skill id) come after.
    signature = SignatureVerifier() if verify else None
    checks: list[AbstractVerifier] = [UtcTimestampVerifier()] if verify else []
    if skill.skill_id:
        checks.append(SkillIdVerifier(skill.skill_id))

    @app.get("/health")
    def health() -> Response | tuple[Response, int]:
        if store is not None:
            try:
                store.ping()
            except Exception as error:  # noqa: BLE001 - any failure means "not ready"
                log.error("health: the store does not answer (%s)", type(error).__name__)
                return jsonify(status="unavailable", store="unavailable"), 503
        return jsonify(status="ok", store="ok" if store is not None else "not checked")

    @app.post("/alexa")
    def alexa() -> Response | tuple[Response, int]:
        body = request.get_data()  # over MAX_CONTENT_LENGTH: RequestEntityTooLarge, a 413
        if signature is not None:
            try:
                signature.verify(request.headers, body.decode("utf-8"), None)
            except (VerificationException, UnicodeDecodeError) as reason:
                log.warning("alexa request -> 400 (%s)", _reason(reason))
                return _error(400, "request failed verification")
        # Checked here first: the SDK would log the whole body if it failed to parse it.
        envelope = _parse_envelope(skill, body)
        if envelope is None:
            log.info("alexa request: not an Alexa request -> 400")
            return _error(400, "request body is not an Alexa request")
        request_type = envelope.request.object_type
        for check in checks:
            try:
                check.verify(request.headers, "", envelope)
            except VerificationException as reason:
                log.warning("alexa request %s -> 400 (%s)", request_type, _reason(reason))
                return _error(400, "request failed verification")
        try:
            response = skill.invoke(request_envelope=envelope, context=None)
        except Exception as error:  # noqa: BLE001 - the type only: the text may quote a request
            log.error("alexa request %s -> 500 (%s)", request_type, type(error).__name__)
            return _error(500, "the skill could not answer")
        log.info("alexa request %s -> 200", request_type)
        return jsonify(skill.serializer.serialize(response))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[Response, int]:
        return _error(error.code or 500, error.name.lower())

    from .audio.routes import register as register_audio  # /audio/... files, /podcast/<locale>.xml
    register_audio(app, config or Config())
    return app


def _reason(error: Exception) -> str:
    if isinstance(error, VerificationException) and error.args:
        return str(error.args[0])
    return type(error).__name__


# The production server: waitress, chosen by measurement (benchmarks/servers.py, README).
# Its event loop reads requests, so clients that stall halfway hold a connection but no thread.
SERVER_THREADS = 8  # requests worked on at once
CONNECTION_LIMIT = 1000  # open connections, stalled ones included
KEEP_ALIVE_S = 10  # an idle or stalled connection is closed after this
REQUEST_TIMEOUT_S = 30  # a request still running after this means a stuck thread: restart


class Watchdog:
    """WSGI middleware: the worker timeout waitress lacks. A request still running after
    `timeout_s` (every blocking call has its own, shorter bound, so one that gets this far is
    stuck) calls `on_stuck`; by default the process logs and exits, for its supervisor
    (systemd, Docker) to start it again, as gunicorn's arbiter does with a stuck worker."""

    def __init__(self, app: Any, timeout_s: float = REQUEST_TIMEOUT_S,
                 on_stuck: Any = None, interval_s: float = 1.0) -> None:
        self._app, self._timeout_s = app, timeout_s
        self._on_stuck = on_stuck or _exit_stuck
        self._running: dict[int, float] = {}
        self._lock = threading.Lock()
        self._next = 0
        watcher = threading.Thread(target=self._watch, args=(interval_s,), daemon=True,
                                   name="painchats-watchdog")
        watcher.start()

    def __call__(self, environ: dict, start_response: Any) -> Any:
        with self._lock:
            self._next += 1
            token = self._next
            self._running[token] = time.monotonic()
        try:
            # The skill's answers are one small JSON body: finished here, so the time counted
            # is the whole request (and the body is closed, as WSGI asks, once read).
            body = self._app(environ, start_response)
            try:
                return list(body)
            finally:
                if hasattr(body, "close"):
                    body.close()
        finally:
            with self._lock:
                self._running.pop(token, None)

    def _watch(self, interval_s: float) -> None:
        while True:
            time.sleep(interval_s)
            with self._lock:
                oldest = min(self._running.values(), default=None)
            if oldest is not None and time.monotonic() - oldest > self._timeout_s:
                self._on_stuck(time.monotonic() - oldest)
                with self._lock:
                    self._running.clear()  # acted on once


def _exit_stuck(seconds: float) -> None:
    log.critical("a request has run for %.0f s: exiting so the supervisor restarts the server",
                 seconds)
    logging.shutdown()
    os._exit(70)


def serve(skill: CustomSkill, host: str = "127.0.0.1", port: int = 8000,
          verify: bool = True, config: Config | None = None,
          store: NoteStore | None = None) -> None:
    """Serves until interrupted, on waitress. Alexa needs HTTPS on 443: put a TLS proxy in
    front. `store`, when given, is what /health asks."""
    if not verify:
        if host not in LOOPBACK_HOSTS:
            raise ValueError(
                f"refusing to serve on {host} without request verification: anyone could "
                f"send requests in the name of any user; use one of {sorted(LOOPBACK_HOSTS)}")
        print("WARNING: Alexa request verification is OFF (local testing only)",
              file=sys.stderr)
    from waitress import serve as waitress_serve

    logging.basicConfig(level=logging.INFO)  # request type and outcome, one line each
    app = Watchdog(create_app(skill, verify=verify, config=config, store=store))
    print(f"Serving the skill on http://{host}:{port}/alexa (waitress, {SERVER_THREADS} threads)",
          file=sys.stderr)
    try:
        waitress_serve(app, host=host, port=port, threads=SERVER_THREADS,
                       connection_limit=CONNECTION_LIMIT, channel_timeout=KEEP_ALIVE_S,
                       max_request_body_size=MAX_BODY_BYTES, max_request_header_size=16 * 1024,
                       cleanup_interval=2, ident="waitress", _quiet=True)
    except KeyboardInterrupt:  # Ctrl-C in a terminal: a clean stop, not a traceback
        print("Stopped.", file=sys.stderr)
