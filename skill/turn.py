"""One request as the handlers see it: who is speaking, in which locale, what they said,
and how to answer. Handlers read and write the session only through here."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import IntentRequest, Response
from ask_sdk_model.slu.entityresolution import StatusCode
from ask_sdk_model.ui import SimpleCard

from .content import DEFAULT_LOCALE, LOCALES, Content, load_content
from .speech import ends_with_question, to_ssml

if TYPE_CHECKING:
    from .services import Services
    from .store import Owner


@dataclass
class Reply:
    speech: list[str]
    reprompt: str | None = None
    card_title: str | None = None
    card_text: str | None = None
    end: bool = False
    urgent: bool = False  # already opens with urgent-care advice
    remember: bool = True  # what "repeat that" says next; not a fallback or an error


class Turn:
    def __init__(self, handler_input: HandlerInput, services: "Services"):
        self.input = handler_input
        self.services = services
        self.envelope = handler_input.request_envelope
        self.request = self.envelope.request
        locale = getattr(self.request, "locale", None) or DEFAULT_LOCALE
        self.content: Content = load_content(locale if locale in LOCALES else DEFAULT_LOCALE)

    # What came in -----------------------------------------------------------------------
    @property
    def request_type(self) -> str:
        return self.request.object_type

    @property
    def intent(self) -> str | None:
        return self.request.intent.name if isinstance(self.request, IntentRequest) else None

    def is_intent(self, *names: str) -> bool:
        return self.intent in names

    def _slots(self) -> dict:
        return (self.request.intent.slots or {}) if isinstance(self.request, IntentRequest) else {}

    def slot(self, name: str) -> str | None:
        slot = self._slots().get(name)
        return slot.value.strip() if slot and slot.value and slot.value.strip() else None

    def slot_values(self) -> list[str]:
        return [slot.value for slot in self._slots().values() if slot.value]

    def slot_id(self, name: str) -> str | None:
        """The entity-resolution id Alexa matched for a custom slot, if any."""
        slot = self._slots().get(name)
        authorities = slot and slot.resolutions and slot.resolutions.resolutions_per_authority
        for authority in authorities or []:
            if authority.status.code == StatusCode.ER_SUCCESS_MATCH and authority.values:
                return authority.values[0].value.id
        return None

    @property
    def owner(self) -> "Owner":
        from .store import Owner
        system = self.envelope.context.system
        person = getattr(system, "person", None)
        return Owner(system.user.user_id, (person.person_id if person else None) or "")

    @property
    def time_zone(self) -> str:
        """The person's time zone: their device's when the skill may ask Alexa (once a
        session), else the configured one."""
        config = self.services.config
        if not config.device_settings:
            return config.timezone
        if "time_zone" not in self.session:
            from .device_settings import device_time_zone
            system = self.envelope.context.system
            self.session["time_zone"] = device_time_zone(
                system.api_endpoint, system.device.device_id, system.api_access_token
            ) if system.api_access_token and system.device else None
        return self.session["time_zone"] or config.timezone

    # Session state ------------------------------------------------------------------------
    @property
    def session(self) -> dict[str, Any]:
        return self.input.attributes_manager.session_attributes

    @property
    def pending(self) -> dict:
        """What a "yes" would mean now, e.g. {"yes": "more", "topic": "stretching"}."""
        return self.session.get("pending") or {}

    def expect(self, **pending: Any) -> None:
        self.session["pending"] = pending

    # Answering ------------------------------------------------------------------------------
    def red_flag_heard(self) -> bool:
        return any(self.content.red_flags.found_in(value) for value in self.slot_values())

    def crisis_heard(self) -> bool:
        return any(self.content.red_flags.crisis_in(value) for value in self.slot_values())

    def alarm(self):
        """What this request calls for: skill.safety.Alarm (crisis, emergency or urgent) or None."""
        from .safety import alarm_for_intent
        slots = {n: (s.value, self.slot_id(n)) for n, s in self._slots().items() if s.value}
        return alarm_for_intent(self.intent, slots, self.content.red_flags.family)

    def urgent_first(self, reply: Reply, crisis: bool = False) -> Reply:
        """The same reply, opened with urgent-care advice (or, for someone in crisis, the local
        crisis line) and with that advice on the card."""
        content, flags = self.content, self.content.red_flags
        self.session["urgent_given"] = True
        if crisis:
            first = [content.phrase("crisis")]
            title, card = content.phrase("crisis_title"), content.written(content.phrases["crisis"])
        else:
            kind = getattr(self.alarm(), "kind", "emergency")  # the tier; unknown: emergency
            speech, card = flags.script(kind)
            extra = " {urgent_extra}" if kind != "urgent" else ""  # NHS 111 is in the urgent one
            first = [content.spoken(speech + extra)]
            title = content.phrase("urgent_title")
            card = content.written(card + extra)
        return Reply([*first, *reply.speech], reprompt=reply.reprompt, card_title=title,
                     card_text=card + (f"\n\n{reply.card_text}" if reply.card_text else ""),
                     end=reply.end, urgent=True, remember=reply.remember)

    def reply(self, reply: Reply) -> Response:
        if not reply.urgent and (self.crisis_heard() or self.red_flag_heard()):
            # Whatever else is said, a crisis or a red flag in the person's words comes first.
            reply = self.urgent_first(reply, crisis=self.crisis_heard())
        builder = self.input.response_builder
        speech = " ".join(p for p in reply.speech if p)
        if not reply.end and reply.remember and not ends_with_question(speech):
            # An open microphone after a statement leaves people waiting: end on a question.
            speech = f"{speech} {self.content.phrase('anything_else')}"
        builder.speak(to_ssml(speech))
        if reply.card_text:
            builder.set_card(SimpleCard(reply.card_title or self.content.card_title, reply.card_text))
        if reply.end:
            builder.set_should_end_session(True)
        else:
            reprompt = reply.reprompt or self.content.phrase("ask_anything")
            builder.ask(to_ssml(reprompt))
            if reply.remember:  # so "repeat that" says exactly this again
                self.session["last"] = {"speech": speech, "reprompt": reprompt,
                                        "card_title": reply.card_title,
                                        "card_text": reply.card_text}
        return builder.response

    def say(self, *speech: str, reprompt: str | None = None, end: bool = False,
            remember: bool = True) -> Response:
        return self.reply(Reply(list(speech), reprompt=reprompt, end=end, remember=remember))
