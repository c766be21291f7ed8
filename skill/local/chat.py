"""The local conversation: type what you would say to an Echo, read what it would say back.

Each line is resolved against the interaction model, wrapped in a real request envelope, and run
through the same skill object that Lambda and the web endpoint serve."""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from typing import Iterable, TextIO

from ask_sdk_core.skill import CustomSkill

from ..core import invoke_json
from .envelopes import (Caller, Session, Slot, intent_request, launch_request,
                        session_ended_request)
from .nlu import Resolution, Resolver
from ..speech import strip_ssml


@dataclass
class Exchange:
    said: str | None
    resolution: Resolution | None
    request: dict
    response: dict

    @property
    def speech(self) -> str:
        speech = (self.response.get("response") or {}).get("outputSpeech") or {}
        return strip_ssml(speech.get("ssml", speech.get("text", "")))

    @property
    def card(self) -> dict | None:
        return (self.response.get("response") or {}).get("card")

    @property
    def session_open(self) -> bool:
        return (self.response.get("response") or {}).get("shouldEndSession") is False


class Conversation:
    """One person talking to one device; a session lasts until the skill or the person ends it."""

    def __init__(self, skill: CustomSkill, resolver: Resolver, caller: Caller):
        self.skill, self.resolver, self.caller = skill, resolver, caller
        self.session: Session | None = None
        self.eliciting: tuple[str, str] | None = None  # (intent, slot) the skill asked Alexa for

    def launch(self) -> Exchange:
        return self._send(None, None, launch_request(self.caller.locale))

    def say(self, text: str) -> Exchange:
        dialog_state = None
        if self.eliciting and self.session:
            # While a slot is being asked for, Alexa takes plain words as its value unless they
            # clearly name another intent.
            resolution = self.resolver.resolve(text, fuzzy=False)
            if resolution.intent == "AMAZON.FallbackIntent":
                intent, slot = self.eliciting
                resolution = Resolution(intent, [Slot(slot, text.strip(),
                                                      slot_type="AMAZON.SearchQuery")])
                dialog_state = "IN_PROGRESS"
        else:
            resolution = self.resolver.resolve(text)
        if resolution.intent is None:
            return self._send(text, resolution, launch_request(self.caller.locale))
        request = intent_request(self.caller.locale, resolution.intent, resolution.slots,
                                 skill_id=self.caller.skill_id, dialog_state=dialog_state)
        return self._send(text, resolution, request)

    def send_request(self, request: dict) -> Exchange:
        return self._send(None, None, request)

    def end(self, reason: str = "USER_INITIATED") -> Exchange | None:
        """What Alexa sends when the person walks away or says nothing; None if no session."""
        if self.session is None:
            return None
        return self._send(None, None, session_ended_request(self.caller.locale, reason))

    def send_envelope(self, envelope: dict) -> dict:
        return invoke_json(self.skill, envelope)

    def _send(self, said: str | None, resolution: Resolution | None, request: dict) -> Exchange:
        if self.session is None:
            self.session = Session(self.caller)
        envelope = self.session.envelope(request)
        response = self.send_envelope(envelope)
        self.eliciting = next(
            ((d["updatedIntent"]["name"], d["slotToElicit"])
             for d in (response.get("response") or {}).get("directives") or []
             if d.get("type") == "Dialog.ElicitSlot"), None)
        if request["type"] == "SessionEndedRequest" or not self.session.carry(response):
            self.session = None
        return Exchange(said, resolution, envelope, response)


def run_script(conversation: Conversation, lines: Iterable[str], out: TextIO,
               as_json: bool = False) -> None:
    for line in lines:
        exchange = conversation.say(line)
        out.write((json.dumps(exchange.response) if as_json else exchange.speech) + "\n")


def run_interactive(conversation: Conversation, out: TextIO = sys.stdout,
                    as_json: bool = False) -> None:
    def show(exchange: Exchange) -> None:
        out.write((json.dumps(exchange.response, indent=2) if as_json
                   else f"Alexa: {exchange.speech}") + "\n")

    out.write(f"Talking to {conversation.resolver.invocation} ({conversation.caller.locale}). "
              "Type what you would say; an empty line or Ctrl-D ends.\n")
    show(conversation.launch())
    while True:
        try:
            line = input("You: ").strip()
        except (EOFError, KeyboardInterrupt):
            line = ""
        if not line:
            conversation.end()
            out.write("(session ended)\n")
            return
        exchange = conversation.say(line)
        show(exchange)
        if not exchange.session_open:
            out.write("(the skill ended the session; type again to start a new one)\n")
