"""Request envelopes in Alexa's JSON format, as an Echo would send them.

Used by the local conversation and by the tests, so both exercise the exact bytes a device sends.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone

LOCAL_SKILL_ID = "amzn1.ask.skill.00000000-0000-0000-0000-painchats000"


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _id(prefix: str) -> str:
    return f"{prefix}.{uuid.uuid4()}"


@dataclass
class Caller:
    """Who is speaking, and to which skill: what `context.System` says about them."""

    user_id: str = "amzn1.ask.account.LOCAL-CHAT"
    person_id: str | None = None
    device_id: str = "amzn1.ask.device.LOCAL-CHAT"
    skill_id: str = LOCAL_SKILL_ID
    locale: str = "en-US"
    api_endpoint: str = "https://api.amazonalexa.com"

    def system(self) -> dict:
        system = {
            "application": {"applicationId": self.skill_id},
            "user": {"userId": self.user_id},
            "device": {"deviceId": self.device_id, "supportedInterfaces": {}},
            "apiEndpoint": self.api_endpoint,
            "apiAccessToken": "local-token",
        }
        if self.person_id:
            system["person"] = {"personId": self.person_id}
        return system


@dataclass
class Slot:
    """A slot as Alexa fills it; `resolved_id` is set when entity resolution matched a value."""

    name: str
    value: str | None = None
    resolved_id: str | None = None
    resolved_name: str | None = None
    slot_type: str = ""

    def to_json(self, skill_id: str) -> dict:
        slot: dict = {"name": self.name, "confirmationStatus": "NONE"}
        if self.value is None:
            return slot
        slot["value"] = self.value
        slot["source"] = "USER"
        if self.slot_type and not self.slot_type.startswith("AMAZON."):
            authority = f"amzn1.er-authority.echo-sdk.{skill_id}.{self.slot_type}"
            if self.resolved_id:
                slot["resolutions"] = {"resolutionsPerAuthority": [{
                    "authority": authority, "status": {"code": "ER_SUCCESS_MATCH"},
                    "values": [{"value": {"name": self.resolved_name or self.value,
                                          "id": self.resolved_id}}]}]}
            else:
                slot["resolutions"] = {"resolutionsPerAuthority": [{
                    "authority": authority, "status": {"code": "ER_SUCCESS_NO_MATCH"}}]}
        return slot


@dataclass
class Session:
    """One Alexa session: its id, whether it is new, and the attributes the skill carries."""

    caller: Caller = field(default_factory=Caller)
    session_id: str = field(default_factory=lambda: _id("amzn1.echo-api.session"))
    new: bool = True
    attributes: dict = field(default_factory=dict)

    def envelope(self, request: dict) -> dict:
        body = {
            "version": "1.0",
            "session": {
                "new": self.new,
                "sessionId": self.session_id,
                "application": {"applicationId": self.caller.skill_id},
                "attributes": self.attributes,
                "user": {"userId": self.caller.user_id},
            },
            "context": {"System": self.caller.system()},
            "request": request,
        }
        return body

    def carry(self, response_envelope: dict) -> bool:
        """Take the skill's reply into account; returns True while the session stays open."""
        self.new = False
        self.attributes = dict(response_envelope.get("sessionAttributes") or {})
        return response_envelope.get("response", {}).get("shouldEndSession") is False


def launch_request(locale: str) -> dict:
    return {"type": "LaunchRequest", "requestId": _id("amzn1.echo-api.request"),
            "timestamp": _now(), "locale": locale}


def intent_request(locale: str, intent: str, slots: list[Slot] | None = None,
                   skill_id: str = LOCAL_SKILL_ID, dialog_state: str | None = None) -> dict:
    request = {
        "type": "IntentRequest", "requestId": _id("amzn1.echo-api.request"),
        "timestamp": _now(), "locale": locale,
        "intent": {"name": intent, "confirmationStatus": "NONE",
                   "slots": {s.name: s.to_json(skill_id) for s in slots or []}},
    }
    if dialog_state:
        request["dialogState"] = dialog_state
    return request


def session_ended_request(locale: str, reason: str = "USER_INITIATED",
                          error: dict | None = None) -> dict:
    request = {"type": "SessionEndedRequest", "requestId": _id("amzn1.echo-api.request"),
               "timestamp": _now(), "locale": locale, "reason": reason}
    if error:
        request["error"] = error
    return request


def skill_disabled_event(caller: Caller) -> dict:
    """Sent outside any session when the person disables the skill."""
    stamp = _now()
    return {
        "version": "1.0",
        "context": {"System": caller.system()},
        "request": {"type": "AlexaSkillEvent.SkillDisabled",
                    "requestId": _id("amzn1.echo-api.request"), "timestamp": stamp,
                    "locale": caller.locale, "eventCreationTime": stamp,
                    "eventPublishingTime": stamp,
                    "body": {"userInformationPersistenceStatus": "NOT_PERSISTED"}},
    }
