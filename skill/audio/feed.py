"""The podcast feed per locale: RSS 2.0 with Apple's iTunes tags, one item per part, the opener
first, each enclosure under the audio base URL with its byte length."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime
from email.utils import format_datetime

from ..content import load_content
from .manifest import Manifest

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
ATOM = "http://www.w3.org/2005/Atom"
ET.register_namespace("itunes", ITUNES)
ET.register_namespace("atom", ATOM)


def _hms(seconds: float) -> str:
    whole = int(round(seconds))
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = text
    return element


def render_feed(manifest: Manifest, base_url: str, feed_url: str | None = None) -> str:
    """`base_url` is where `<locale>/<part>.mp3` live, e.g. https://example.org/audio."""
    content = load_content(manifest.locale)
    about = content.audio["feed"]
    base = base_url.rstrip("/")
    itunes = lambda name: f"{{{ITUNES}}}{name}"  # noqa: E731
    rss = ET.Element("rss", {"version": "2.0"})
    channel = _add(rss, "channel")
    _add(channel, "title", about["title"])
    _add(channel, "link", about["link"])
    _add(channel, "description", about["description"])
    _add(channel, "language", manifest.locale.lower())
    if feed_url:
        _add(channel, f"{{{ATOM}}}link", href=feed_url, rel="self", type="application/rss+xml")
    _add(channel, itunes("author"), about["author"])
    _add(channel, itunes("summary"), about["description"])
    _add(channel, itunes("type"), "serial")  # apps list the parts in order, opener first
    _add(channel, itunes("explicit"), "false")
    # Apple's category tag names its value in an attribute that is itself called "text".
    category = ET.SubElement(channel, itunes("category"), {"text": about["category"]})
    ET.SubElement(category, itunes("category"), {"text": about["subcategory"]})
    for episode, part in enumerate(sorted(manifest.parts, key=lambda p: p.number), start=1):
        item = _add(channel, "item")
        _add(item, "title", part.title)
        _add(item, "description", part.summary)
        _add(item, "enclosure", url=f"{base}/{manifest.locale}/{part.file}",
             length=str(part.bytes), type="audio/mpeg")
        # A new guid when the words change, so apps fetch the new recording.
        _add(item, "guid", f"painchats-{manifest.locale}-{part.id}-{part.text_hash[:12]}",
             isPermaLink="false")
        rendered = datetime.fromisoformat(part.rendered.replace("Z", "+00:00"))
        _add(item, "pubDate", format_datetime(rendered))
        _add(item, itunes("title"), part.title)
        _add(item, itunes("summary"), part.summary)
        _add(item, itunes("duration"), _hms(part.duration))
        _add(item, itunes("episode"), str(episode))
        _add(item, itunes("episodeType"), "full")
        _add(item, itunes("explicit"), "false")
    ET.indent(rss)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(rss, encoding="unicode") + "\n"
