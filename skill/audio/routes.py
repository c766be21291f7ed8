"""The self-hosted server's audio: the built files at /audio/<locale>/<part>.mp3 (with HTTP
range requests, which players use to seek and to resume a long part) and the podcast feed at
/podcast/<locale>.xml. Registered from web.create_app in one line."""
from __future__ import annotations

import re
from pathlib import Path

from flask import Blueprint, Flask, Response, abort, request, send_from_directory

from ..config import Config
from ..content import LOCALES
from .feed import render_feed
from .manifest import Manifest

_PART_FILE = re.compile(r"[a-z0-9][a-z0-9-]*\.mp3")


def audio_blueprint(config: Config) -> Blueprint:
    audio_dir = Path(config.audio_dir).resolve()
    blueprint = Blueprint("audio", __name__)

    @blueprint.get("/audio/<locale>/<name>")
    def audio_file(locale: str, name: str) -> Response:
        if locale not in LOCALES or not _PART_FILE.fullmatch(name):
            abort(404)
        # conditional=True answers Range and If-None-Match: 206 with the asked-for bytes.
        return send_from_directory(audio_dir / locale, name, mimetype="audio/mpeg",
                                   conditional=True, max_age=3600)

    @blueprint.get("/podcast/<locale>.xml")
    def podcast(locale: str) -> Response:
        manifest = Manifest.load(audio_dir, locale) if locale in LOCALES else None
        if not manifest or not manifest.parts:
            abort(404)
        if config.audio_base_url:
            base = config.audio_base_url
            # Behind a TLS proxy this server sees http://: the feed's own URL follows the
            # configured https site instead.
            feed_url = f"{base.removesuffix('/audio')}/podcast/{locale}.xml"
        else:  # the files are where this server serves them
            base = request.url_root.rstrip("/") + "/audio"
            feed_url = request.base_url
        return Response(render_feed(manifest, base, feed_url), mimetype="application/rss+xml")

    return blueprint


def register(app: Flask, config: Config) -> None:
    app.register_blueprint(audio_blueprint(config))
