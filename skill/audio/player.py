"""Long-form listening with Alexa's AudioPlayer, as plain functions: given the built series (the
manifest), one request, and the person's saved position, `decide` says which directives to send,
what to say, and the position to keep. `respond` does the whole exchange for one request
envelope: the position read from and written to the store's profile, the response built.

AudioPlayer and PlaybackController requests carry no session: the part and offset come from the
token and `context.AudioPlayer`, the person from `context.System`. A device that cannot play
long audio, or a skill with no audio published, gets a spoken offer instead, never an error.
"""
from __future__ import annotations

import logging
import random
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from ..content import DEFAULT_LOCALE, LOCALES, Content, load_content
from ..speech import to_ssml
from .intents import ALWAYS as _ALWAYS, PLAYER_INTENTS, WHEN_AUDIO as _WHEN_AUDIO  # noqa: F401
from .manifest import Entry, Manifest

log = logging.getLogger(__name__)
TOKEN_PREFIX = "painchats.audio.1"
MAX_TOKEN = 1024  # Alexa's limit
PLAYING = frozenset({"PLAYING", "BUFFER_UNDERRUN"})


def make_token(locale: str, part_id: str) -> str:
    token = f"{TOKEN_PREFIX}:{locale}:{part_id}"
    if len(token) > MAX_TOKEN:
        raise ValueError("AudioPlayer tokens are at most 1024 characters")
    return token


def read_token(token: str | None) -> tuple[str, str] | None:
    """(locale, part id) of one of this skill's tokens; None for anything else."""
    if not token or not token.startswith(TOKEN_PREFIX + ":"):
        return None
    locale, _, part_id = token[len(TOKEN_PREFIX) + 1:].partition(":")
    return (locale, part_id) if locale in LOCALES and part_id else None


@dataclass(frozen=True)
class PlayerRequest:
    """What the player needs from one request envelope."""

    type: str
    locale: str
    user_id: str
    person_id: str = ""
    intent: str | None = None
    topic_value: str | None = None  # what filled {topic}, as heard
    topic_id: str | None = None  # the topic Alexa's entity resolution matched
    token: str | None = None  # the stream this request is about
    offset_ms: int = 0
    activity: str | None = None  # context.AudioPlayer.playerActivity
    can_play: bool = False  # the device has the AudioPlayer interface
    in_conversation: bool = False  # a session is open and has already had a turn

    @classmethod
    def from_envelope(cls, envelope: dict) -> "PlayerRequest":
        request, context = envelope.get("request", {}), envelope.get("context", {})
        system = context.get("System", {})
        player = context.get("AudioPlayer", {})
        session = envelope.get("session")
        intent = request.get("intent") or {}
        slot = (intent.get("slots") or {}).get("topic") or {}
        topic_id = None
        for authority in (slot.get("resolutions") or {}).get("resolutionsPerAuthority", []):
            if authority.get("status", {}).get("code") == "ER_SUCCESS_MATCH" and authority.get("values"):
                topic_id = authority["values"][0]["value"].get("id")
                break
        # AudioPlayer.* requests name their stream in the request; the others in the context.
        token = request.get("token") if request.get("type", "").startswith("AudioPlayer.") \
            else player.get("token")
        offset = request.get("offsetInMilliseconds", player.get("offsetInMilliseconds", 0))
        locale = request.get("locale") if request.get("locale") in LOCALES else DEFAULT_LOCALE
        return cls(
            type=request.get("type", ""), locale=locale,
            user_id=system.get("user", {}).get("userId", ""),
            person_id=(system.get("person") or {}).get("personId") or "",
            intent=intent.get("name"), topic_value=(slot.get("value") or "").strip() or None,
            topic_id=topic_id, token=token, offset_ms=int(offset or 0),
            activity=player.get("playerActivity"),
            can_play="AudioPlayer" in system.get("device", {}).get("supportedInterfaces", {}),
            in_conversation=bool(session) and not session.get("new", True))


@dataclass
class Decision:
    directives: list[dict] = field(default_factory=list)
    speech: str | None = None  # a content phrase key
    params: dict[str, str] = field(default_factory=dict)
    end_session: bool | None = None  # None: left out, as AudioPlayer events require
    listening: dict | None = None  # the position to keep; None leaves it as it is
    offer_topic: str | None = None  # what a "yes" reads, when audio cannot play here


def is_for_player(request: PlayerRequest) -> bool:
    if request.type.startswith(("AudioPlayer.", "PlaybackController.")):
        return True
    if request.type != "IntentRequest":
        return False
    if request.intent in _ALWAYS:
        return True
    ours = read_token(request.token) is not None
    return request.intent in _WHEN_AUDIO and ours and (
        request.activity in PLAYING or not request.in_conversation)


# -- the series' order ------------------------------------------------------------------------

def _order(manifest: Manifest, listening: dict) -> list[str]:
    ids = [p.id for p in manifest.parts]
    saved = [i for i in listening.get("order") or [] if i in ids]
    return saved + [i for i in ids if i not in saved] if saved else ids


def _step(manifest: Manifest, listening: dict, part_id: str, by: int) -> str | None:
    order = _order(manifest, listening)
    if part_id not in order:
        return order[0] if order else None
    index = order.index(part_id) + by
    if 0 <= index < len(order):
        return order[index]
    if by > 0 and listening.get("loop"):
        return order[0]
    return None


def match_topic(content: Content, manifest: Manifest, request: PlayerRequest) -> Entry | None:
    """The part that narrates the topic asked for: by entity resolution, else by the words."""
    if request.topic_id:
        found = manifest.part_for_topic(request.topic_id)
        if found:
            return found
    if not request.topic_value:
        return None
    said = request.topic_value.lower()
    for topic in content.topics.values():
        if said in (v.lower() for v in (*topic.slot_values, topic.name)):
            found = manifest.part_for_topic(topic.id)
            if found:
                return found
    # "the exercise part": words sharing a stem with the part's title, summary or topics.
    stems = {w[:5] for w in re.findall(r"[a-z]+", said) if len(w) > 3}
    best, score = None, 0
    for part in manifest.parts:
        words = " ".join([part.title, part.summary, *(
            " ".join((*content.topics[t].slot_values, content.topics[t].name))
            for t in part.topics if t in content.topics)]).lower()
        found = len(stems & {w[:5] for w in re.findall(r"[a-z]+", words) if len(w) > 3})
        if found > score:
            best, score = part, found
    return best


# -- directives -----------------------------------------------------------------------------

def _play(manifest: Manifest, base_url: str, entry: Entry, offset_ms: int = 0,
          after: str | None = None) -> dict:
    stream: dict[str, Any] = {"url": f"{base_url}/{manifest.locale}/{entry.file}",
                              "token": make_token(manifest.locale, entry.id),
                              "offsetInMilliseconds": max(0, int(offset_ms))}
    if after:
        stream["expectedPreviousToken"] = after
    content = load_content(manifest.locale)
    return {"type": "AudioPlayer.Play", "playBehavior": "ENQUEUE" if after else "REPLACE_ALL",
            "audioItem": {"stream": stream, "metadata": {
                "title": entry.title, "subtitle": content.audio["feed"]["title"]}}}


STOP = {"type": "AudioPlayer.Stop"}
CLEAR_ALL = {"type": "AudioPlayer.ClearQueue", "clearBehavior": "CLEAR_ALL"}


def _position(listening: dict, locale: str, part_id: str | None, offset_ms: int = 0) -> dict:
    kept = {k: listening[k] for k in ("loop", "shuffle", "order") if k in listening}
    if part_id is None:
        return {**kept, "locale": locale, "finished": True}
    return {**kept, "locale": locale, "part": part_id, "offset_ms": max(0, int(offset_ms))}


def decide(manifest: Manifest, request: PlayerRequest, saved: dict | None, base_url: str | None,
           shuffle: Callable[[list], None] | None = None) -> Decision:
    """What to do about one request, which `is_for_player` said is the player's."""
    content = load_content(manifest.locale)
    listening = dict(saved or {})
    if listening.get("locale") not in (None, manifest.locale):
        listening = {}  # a position in another locale's series means nothing here
    kind, intent = request.type, request.intent
    current = read_token(request.token)
    current_id = current[1] if current and manifest.get(current[1]) else None

    # Events about a stream: keep the position, queue the next part. Never speech.
    if kind == "AudioPlayer.PlaybackStarted" and current_id:
        return Decision(listening=_position(listening, manifest.locale, current_id,
                                            request.offset_ms))
    if kind in ("AudioPlayer.PlaybackStopped", "AudioPlayer.PlaybackFailed") and current_id:
        # A failed stream keeps its place, so "resume" tries it again.
        return Decision(listening=_position(listening, manifest.locale, current_id,
                                            request.offset_ms))
    if kind == "AudioPlayer.PlaybackNearlyFinished" and current_id:
        following = _step(manifest, listening, current_id, +1)
        if following and base_url:
            return Decision(directives=[_play(manifest, base_url, manifest.get(following),
                                              after=request.token)])
        return Decision()
    if kind == "AudioPlayer.PlaybackFinished" and current_id:
        following = _step(manifest, listening, current_id, +1)
        return Decision(listening=_position(listening, manifest.locale, following))
    if kind.startswith("AudioPlayer."):
        return Decision()

    button = kind.startswith("PlaybackController.")
    audio_ok = bool(base_url and manifest.parts and (request.can_play or button))
    if not audio_ok:
        if button:
            return Decision()
        first = next((t for p in manifest.parts for t in p.topics), None) or next(
            t for p in content.audio["parts"] for t in p.get("topics", []))
        return Decision(speech="audio_offer_read",
                        params={"name": content.topics[first].name},
                        end_session=False, offer_topic=first)

    def play(entry: Entry, offset_ms: int = 0, speech: str | None = None,
             **params: str) -> Decision:
        return Decision(directives=[_play(manifest, base_url, entry, offset_ms)], speech=speech,
                        params=params, end_session=None if button else True,
                        listening=_position(listening, manifest.locale, entry.id, offset_ms))

    def numbered(entry: Entry) -> dict[str, str]:
        return {"number": str(entry.number), "title": entry.title}

    first = manifest.get(_order(manifest, listening)[0])
    saved_part = manifest.get(listening.get("part", "")) if not listening.get("finished") else None
    here = manifest.get(current_id) if current_id else saved_part
    offset_here = request.offset_ms if current_id else listening.get("offset_ms", 0)

    if intent == "PlayAudioIntent":
        if request.topic_value or request.topic_id:
            entry = match_topic(content, manifest, request)
            if entry is None:
                return play(manifest.parts[0], speech="audio_no_part")
            return play(entry, speech="audio_play_part", **numbered(entry))
        listening.pop("order", None), listening.pop("shuffle", None)
        return play(manifest.parts[0], speech="audio_play_all")
    if intent in ("ResumeAudioIntent", "AMAZON.ResumeIntent") or \
            kind == "PlaybackController.PlayCommandIssued":
        if here is None:
            return play(first, speech=None if button else "audio_play_all")
        spoken = "audio_resume" if intent == "ResumeAudioIntent" else None
        return play(here, offset_here, speech=spoken, **(numbered(here) if spoken else {}))
    if intent in ("AMAZON.PauseIntent", "AMAZON.StopIntent") or \
            kind == "PlaybackController.PauseCommandIssued":
        # "Stop" while audio plays reaches the skill as a pause: the place is kept.
        kept = _position(listening, manifest.locale, here.id, offset_here) if here else None
        return Decision(directives=[STOP], end_session=None if button else True, listening=kept)
    if intent == "AMAZON.CancelIntent":
        kept = _position(listening, manifest.locale, here.id, offset_here) if here else None
        return Decision(directives=[STOP, CLEAR_ALL], speech="audio_stopped", end_session=True,
                        listening=kept)
    if intent == "AMAZON.NextIntent" or kind == "PlaybackController.NextCommandIssued":
        following = _step(manifest, listening, here.id, +1) if here else first.id
        if following is None:
            return Decision(speech=None if button else "audio_last_part",
                            end_session=None if button else True)
        return play(manifest.get(following))
    if intent == "AMAZON.PreviousIntent" or kind == "PlaybackController.PreviousCommandIssued":
        before = _step(manifest, listening, here.id, -1) if here else None
        return play(manifest.get(before) if before else (here or first))
    if intent == "AMAZON.StartOverIntent":
        return play(here or first)
    if intent in ("AMAZON.LoopOnIntent", "AMAZON.LoopOffIntent"):
        on = intent == "AMAZON.LoopOnIntent"
        listening = {**listening, "loop": on}
        return Decision(speech="audio_loop_on" if on else "audio_loop_off", end_session=True,
                        listening=listening if "locale" in listening else
                        {**listening, "locale": manifest.locale, "finished": True})
    if intent in ("AMAZON.ShuffleOnIntent", "AMAZON.ShuffleOffIntent"):
        on = intent == "AMAZON.ShuffleOnIntent"
        order = [p.id for p in manifest.parts]
        if on:
            rest = [i for i in order if not here or i != here.id]
            (shuffle or random.shuffle)(rest)
            order = ([here.id] if here else []) + rest
        listening = {**listening, "shuffle": on, "order": order if on else []}
        if "locale" not in listening:
            listening |= {"locale": manifest.locale, "finished": True}
        return Decision(speech="audio_shuffle_on" if on else "audio_shuffle_off",
                        end_session=True, listening=listening)
    return Decision()


# -- one whole exchange -------------------------------------------------------------------------

def response_json(decision: Decision, content: Content) -> dict:
    response: dict[str, Any] = {}
    if decision.speech:
        text = content.phrase(decision.speech, **decision.params)
        response["outputSpeech"] = {"type": "SSML", "ssml": to_ssml(text)}
        if decision.end_session is False:
            response["reprompt"] = {"outputSpeech": {"type": "SSML", "ssml": to_ssml(text)}}
    if decision.directives:
        response["directives"] = decision.directives
    if decision.end_session is not None:
        response["shouldEndSession"] = decision.end_session
    return {"version": "1.0", "response": response}


def respond(envelope: dict, store, manifests: Callable[[str], Manifest], base_url: str | None,
            shuffle: Callable[[list], None] | None = None) -> tuple[dict, Decision] | None:
    """The response to one envelope, with the person's position read from and saved to the
    store's profile; None when the request is not the player's. `manifests` gives a locale's
    manifest (a ManifestSource)."""
    from ..store import Owner, StoreError

    request = PlayerRequest.from_envelope(envelope)
    if not is_for_player(request) or not request.user_id:
        return None
    owner = Owner(request.user_id, request.person_id)
    manifest = manifests(request.locale)
    try:
        profile: dict | None = store.load_profile(owner)
    except StoreError as error:
        # Playing on without the saved place beats an error (events cannot even speak one).
        log.error("could not read the listening position: %s", type(error).__name__)
        profile = None
    decision = decide(manifest, request, (profile or {}).get("listening"), base_url, shuffle)
    if profile is not None and decision.listening is not None \
            and decision.listening != profile.get("listening"):
        try:
            store.save_profile(owner, {**profile, "listening": decision.listening})
        except StoreError as error:
            log.error("could not keep the listening position: %s", type(error).__name__)
    return response_json(decision, load_content(request.locale)), decision


