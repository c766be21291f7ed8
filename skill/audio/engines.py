"""Text to speech: gTTS (Google's translate host; the default) and espeak-ng (offline, for
previews and tests). Each returns audio bytes in whatever format it makes; `encode` turns them
into what Alexa accepts."""
from __future__ import annotations

import shutil
import subprocess
import time
from io import BytesIO
from typing import Callable, Protocol

# gTTS speaks with a local accent through Google's domain for the country.
GTTS_TLDS = {"en-US": "com", "en-GB": "co.uk", "en-AU": "com.au", "en-IN": "co.in", "en-CA": "ca"}
# espeak-ng has no Australian, Canadian or Indian English voice: the nearest it has.
ESPEAK_VOICES = {"en-US": "en-us", "en-CA": "en-us", "en-GB": "en-gb", "en-AU": "en-gb",
                 "en-IN": "en-gb"}
GTTS_HOST = "translate.google.com"


class EngineUnavailable(Exception):
    """The engine cannot run here at all; the message is one line for the person building."""


class RenderError(Exception):
    """One text could not be rendered (after retries)."""


class Engine(Protocol):
    name: str

    def voice(self, locale: str) -> str: ...

    def render(self, text: str, locale: str) -> bytes: ...


class GttsEngine:
    name = "gtts"

    def __init__(self, timeout: float = 15.0, retries: int = 3, backoff_s: float = 2.0,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.timeout = timeout  # gTTS waits forever without one
        self.retries = retries
        self.backoff_s = backoff_s
        self._sleep = sleep

    def voice(self, locale: str) -> str:
        return GTTS_TLDS.get(locale, "com")

    def render(self, text: str, locale: str) -> bytes:
        from gtts import gTTS
        from gtts.tts import gTTSError

        tld = self.voice(locale)
        attempt = 0
        while True:
            problem: str
            try:
                buffer = BytesIO()
                gTTS(text, lang="en", tld=tld, timeout=self.timeout,
                     lang_check=False).write_to_fp(buffer)
                if buffer.getvalue():
                    return buffer.getvalue()
                # An unexpected 200 reply gives no audio and no error: never a 0-byte file.
                problem = "the reply held no audio"
            except gTTSError as error:
                status = error.rsp.status_code if error.rsp is not None else None
                if status == 404 and tld != "com":
                    tld = "com"  # a country domain has answered 404 at times: Google's own
                    continue
                # No connection at all: retried once, then the build stops with one line.
                if status is None and attempt >= min(1, self.retries):
                    raise EngineUnavailable(
                        f"cannot reach Google's text-to-speech host ({GTTS_HOST}); "
                        "for an offline build, use --engine espeak") from None
                if status is not None and status != 429 and status < 500:
                    raise RenderError(f"gTTS answered {status}") from None
                problem = f"gTTS answered {status}" if status else "no connection"
            if attempt >= self.retries:
                raise RenderError(f"{problem}, {attempt + 1} tries")
            self._sleep(self.backoff_s * 2 ** attempt)  # Google answers bursts with 429
            attempt += 1


class EspeakEngine:
    name = "espeak"

    def __init__(self, words_per_minute: int = 160, timeout: float = 300.0) -> None:
        self.words_per_minute = words_per_minute
        self.timeout = timeout

    def voice(self, locale: str) -> str:
        return ESPEAK_VOICES.get(locale, "en-us")

    def render(self, text: str, locale: str) -> bytes:
        program = shutil.which("espeak-ng")
        if program is None:
            raise EngineUnavailable("espeak-ng is not installed: apt-get install espeak-ng "
                                    "(make audio does it)")
        done = subprocess.run(
            [program, "-v", self.voice(locale), "-s", str(self.words_per_minute), "--stdin",
             "--stdout"], input=text.encode("utf-8"), capture_output=True, timeout=self.timeout)
        if done.returncode != 0 or not done.stdout:
            raise RenderError(f"espeak-ng exited with {done.returncode}")
        return done.stdout  # WAV


def engine_named(name: str) -> Engine:
    if name == "gtts":
        return GttsEngine()
    if name == "espeak":
        return EspeakEngine()
    raise ValueError(f"unknown engine {name!r}: gtts or espeak")
