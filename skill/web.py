"""The skill as an HTTPS web service (behind a TLS proxy): Alexa POSTs to /alexa.

Every request is checked as Alexa requires of a self-hosted endpoint (signature, certificate
chain, timestamp, skill id); anything malformed or unverifiable gets a 400 with a short JSON
error. Request bodies carry what people said: they are never logged, only type and outcome.
"""
from __future__ import annotations

import json
import logging
import sys
import threading
import traceback
from collections import OrderedDict
from copy import copy
from datetime import datetime, timezone
from typing import Any
from urllib.request import urlopen

from ask_sdk_core.exceptions import SerializationException
from ask_sdk_core.skill import CustomSkill
from ask_sdk_model import RequestEnvelope
from cryptography import x509
from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException
from werkzeug.serving import make_server

from . import openssl_compat
from .config import LOOPBACK_HOSTS, Config

openssl_compat.apply()  # must precede the first import of flask_ask_sdk / certvalidator

from ask_sdk_webservice_support.verifier import (  # noqa: E402
    AbstractVerifier, RequestVerifier, TimestampVerifier, VerificationException)
from ask_sdk_webservice_support.verifier_constants import CERT_CHAIN_DOMAIN  # noqa: E402
from flask_ask_sdk.skill_adapter import (  # noqa: E402
    VERIFY_SIGNATURE_APP_CONFIG, VERIFY_TIMESTAMP_APP_CONFIG, SkillAdapter)

log = logging.getLogger(__name__)

CERT_FETCH_TIMEOUT_S = 3.0  # Alexa gives the whole answer 8 s
CERT_CACHE_SIZE = 8  # Amazon signs with one chain at a time; a few cover a rotation
_MAX_CHAIN_BYTES = 64 * 1024  # a real chain is about 5 KB


def fetch_certificate_chain(url: str, timeout: float = CERT_FETCH_TIMEOUT_S) -> bytes:
    with urlopen(url, timeout=timeout) as reply:
        chain = reply.read(_MAX_CHAIN_BYTES + 1)
    if len(chain) > _MAX_CHAIN_BYTES:
        raise ValueError("certificate chain too large")
    return chain


class SignatureVerifier(RequestVerifier):
    """The stock signature check, with a fetch timeout, a bounded cache, and bad input as 400."""

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

    def _load_cert_chain(self, cert_url: str) -> bytes:
        with self._lock:
            chain = self._chains.get(cert_url)
            if chain is not None:
                self._chains.move_to_end(cert_url)
                return chain
        try:
            chain = fetch_certificate_chain(cert_url)
        except (OSError, ValueError) as error:  # URLError and timeouts are OSErrors
            raise VerificationException("Unable to load certificate from URL") from error
        with self._lock:
            self._chains[cert_url] = chain
            while len(self._chains) > self._cache_size:
                self._chains.popitem(last=False)
        return chain

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


def _parse_envelope(skill: CustomSkill, body: bytes) -> RequestEnvelope | None:
    """The request as the SDK will read it, or None when it is not an Alexa request."""
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
    try:
        envelope = skill.serializer.deserialize(payload=text, obj_type=RequestEnvelope)
    except SerializationException:
        return None
    return envelope if envelope.request is not None else None


def create_app(skill: CustomSkill, verify: bool = True, config: Config | None = None) -> Flask:
    app = Flask(__name__)
    app.logger.addFilter(_NO_EXCEPTION_TEXT)
    # The SDK's own verifiers answer several client errors with 500, so they are switched off
    # and replaced by the subclasses above; `verify` decides whether those run.
    app.config[VERIFY_SIGNATURE_APP_CONFIG] = False
    app.config[VERIFY_TIMESTAMP_APP_CONFIG] = False
    verifiers: list[AbstractVerifier] = []
    if verify:
        verifiers += [SignatureVerifier(), UtcTimestampVerifier()]
    if skill.skill_id:
        verifiers.append(SkillIdVerifier(skill.skill_id))
    adapter = SkillAdapter(skill=skill, skill_id=skill.skill_id or "painchats",
                           verifiers=verifiers, app=app)

    @app.get("/health")
    def health() -> Response:
        return jsonify(status="ok")

    @app.post("/alexa")
    def alexa() -> Response | tuple[Response, int]:
        # Checked here first: the SDK would log the whole body if it failed to parse it.
        envelope = _parse_envelope(skill, request.get_data())
        if envelope is None:
            log.info("alexa request: not an Alexa request -> 400")
            return _error(400, "request body is not an Alexa request")
        request_type = envelope.request.object_type
        try:
            response = adapter.dispatch_request()
        except HTTPException as error:
            reason = error.__context__ if isinstance(error.__context__,
                                                     VerificationException) else None
            log.warning("alexa request %s -> %s%s", request_type, error.code,
                        f" ({reason.args[0]})" if reason and reason.args else "")
            if error.code == 400:
                return _error(400, "request failed verification")
            return _error(error.code or 500, "the skill could not answer")
        log.info("alexa request %s -> 200", request_type)
        return response

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[Response, int]:
        return _error(error.code or 500, error.name.lower())

    from .audio.routes import register as register_audio  # /audio/... files, /podcast/<locale>.xml
    register_audio(app, config or Config())
    return app


def serve(skill: CustomSkill, host: str = "127.0.0.1", port: int = 8000,
          verify: bool = True, config: Config | None = None) -> None:
    """Serves until interrupted. Alexa needs HTTPS on 443: put a TLS proxy in front."""
    if not verify:
        if host not in LOOPBACK_HOSTS:
            raise ValueError(
                f"refusing to serve on {host} without request verification: anyone could "
                f"send requests in the name of any user; use one of {sorted(LOOPBACK_HOSTS)}")
        print("WARNING: Alexa request verification is OFF (local testing only)",
              file=sys.stderr)
    logging.basicConfig(level=logging.INFO)  # request type and outcome, one line each
    server = make_server(host, port, create_app(skill, verify=verify, config=config),
                         threaded=True)
    print(f"Serving the skill on http://{host}:{server.server_port}/alexa", file=sys.stderr)
    try:
        server.serve_forever()
    finally:
        server.server_close()
