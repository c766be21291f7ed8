"""Long-form listening: the SDK's side of skill/audio/player.py. `audio_tier` says whether a
request is the player's (AudioPlayer and PlaybackController requests always are; "next",
"previous", "start over", "stop" and "cancel" only while its audio plays or in a one-shot
request), and `play` turns the player's decision into a Reply."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import Directive

from .. import logs
from ..audio.intents import PLAYER_INTENTS
from ..session import Waiting
from ..turn import SILENT, Reply, Turn

if TYPE_CHECKING:
    from ..audio.manifest import ManifestSource

log = logs.get(__name__)  # logging is imported when something is logged
_SERIALIZER = DefaultSerializer()


@lru_cache(maxsize=4)
def _manifests(audio_dir: Path, base_url: str | None) -> ManifestSource:
    # The player and its manifest are imported by the turns that need them, not by every cold
    # start (about 5 ms of one).
    from ..audio.manifest import ManifestSource
    return ManifestSource(audio_dir, base_url)  # one per process: it caches what it fetched


def _envelope(turn: Turn) -> dict:
    return _SERIALIZER.serialize(turn.envelope)


def play(turn: Turn) -> Reply:
    from ..audio.player import respond  # only the player's turns need it (see _manifests)
    config = turn.services.config
    result = respond(_envelope(turn), turn.services.store,
                     _manifests(Path(config.audio_dir), config.audio_base_url),
                     config.audio_base_url)
    if result is None:
        return SILENT
    _, decision = result
    directives = [_SERIALIZER.deserialize(json.dumps(d), Directive)
                  for d in decision.directives]
    if decision.offer_topic:
        # No audio here: offer the answers one by one; "yes" plays the first topic.
        offer = turn.content.phrase(decision.speech, **decision.params)
        turn.state.expect(Waiting.TOPIC, topic=decision.offer_topic)
        return Reply([offer], reprompt=offer)
    if decision.speech:
        return Reply([turn.content.phrase(decision.speech, **decision.params)], end=True,
                     remember=False, directives=directives)
    # Events and buttons: no speech, and no shouldEndSession unless an intent asked.
    return Reply(silent=True, directives=directives, end=decision.end_session is True)


def exception_encountered(turn: Turn) -> Reply:
    """Alexa reports that a response of ours failed (say, a bad directive): it takes no answer."""
    log.error("System.ExceptionEncountered")
    return SILENT


def audio_tier(turn: Turn) -> Callable[[Turn], Reply] | None:
    kind = turn.request_type
    if kind == "System.ExceptionEncountered":
        return exception_encountered
    # Most turns are none of the player's: decided without reading the whole envelope.
    if kind.startswith(("AudioPlayer.", "PlaybackController.")):
        return play
    if turn.intent not in PLAYER_INTENTS:
        return None
    from ..audio.player import PlayerRequest, is_for_player  # see _manifests
    return play if is_for_player(PlayerRequest.from_envelope(_envelope(turn))) else None
