"""One request as the handlers see it: who is speaking, in which locale, what they said, the
session state, and how a `Reply` becomes Alexa's response.

A `Turn` is built once per request (by `TurnInterceptor`, before any handler runs) and its
session state written back once (by `SessionWriter`, after the handler answered)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ask_sdk_core.dispatch_components import (AbstractRequestInterceptor,
                                              AbstractResponseInterceptor)
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Intent, IntentConfirmationStatus, IntentRequest, Response, Slot
from ask_sdk_model.ui import SimpleCard

from .content import DEFAULT_LOCALE, LOCALES, Content, load_content
from .session import Last, SessionState
from .speech import ends_with_question, to_ssml
from .store import Owner

if TYPE_CHECKING:
    from .services import Services

TURN_KEY = "turn"
SAFETY_READS_CHARS = 10_000  # how much of a slot value is read for red flags  # where the request's Turn waits in the SDK's request attributes


@dataclass
class Reply:
    """Everything the response needs: speech, card, whether the microphone opens, directives."""

    speech: list[str] = field(default_factory=list)
    reprompt: str | None = None
    card_title: str | None = None
    card_text: str | None = None
    end: bool = False
    urgent: bool = False  # already opens with urgent-care advice
    remember: bool = True  # what "repeat that" says next; not a fallback or an error
    elicit: tuple[str, str] | None = None  # (intent, slot): take the next words as free speech
    silent: bool = False  # no speech at all (events, the end of a session)
    directives: list = field(default_factory=list)  # e.g. AudioPlayer.Play (handlers/audio.py)


def say(*speech: str, reprompt: str | None = None, end: bool = False,
        remember: bool = True, elicit: tuple[str, str] | None = None) -> Reply:
    return Reply(list(speech), reprompt=reprompt, end=end, remember=remember, elicit=elicit)


SILENT = Reply(silent=True)
_UNREAD = object()  # Turn.alarm before it is read


class Turn:
    def __init__(self, handler_input: HandlerInput, services: "Services"):
        self.input = handler_input
        self.services = services
        self.envelope = handler_input.request_envelope
        self.request = self.envelope.request
        locale = getattr(self.request, "locale", None) or DEFAULT_LOCALE
        self.content: Content = load_content(locale if locale in LOCALES else DEFAULT_LOCALE)
        session = self.envelope.session
        self.state = SessionState.load(session.attributes if session else None)
        self.routed: tuple | None = None  # (tier, handler) once the router has chosen
        # The intent's name, read once (the router asks in every tier), or None.
        self.intent: str | None = (self.request.intent.name if isinstance(
            self.request, IntentRequest) and self.request.intent is not None else None)
        self._alarm: object = _UNREAD

    # What came in -----------------------------------------------------------------------
    @property
    def request_type(self) -> str:
        return self.request.object_type

    @property
    def in_elicitation(self) -> bool:
        """Alexa is filling a slot the skill asked for (a bare answer, no carrier phrase)."""
        state = getattr(self.request, "dialog_state", None)
        return getattr(state, "value", state) == "IN_PROGRESS"

    def is_intent(self, *names: str) -> bool:
        return self.intent in names

    def _slots(self) -> dict:
        return (self.request.intent.slots or {}) if self.intent else {}

    def slot(self, name: str) -> str | None:
        slot = self._slots().get(name)
        return slot.value.strip() if slot and slot.value and slot.value.strip() else None

    def said(self, name: str) -> str | None:
        """Free speech from a slot, bounded so the session can carry it until it is read back:
        twice the note limit, so the read back can still say it was cut."""
        value = self.slot(name)
        return value[:2 * self.services.config.note_max_chars] if value else None

    def slot_values(self) -> list[str]:
        return [slot.value for slot in self._slots().values() if slot.value]

    def slot_id(self, name: str) -> str | None:
        """The entity-resolution id Alexa matched for a custom slot, if any."""
        slot = self._slots().get(name)
        authorities = slot and slot.resolutions and slot.resolutions.resolutions_per_authority
        if not authorities:
            return None
        # Imported here, not at the top (1 to 2 ms of a cold start each, like ElicitSlotDirective
        # below): a request that carries resolutions has had the SDK import them already.
        from ask_sdk_model.slu.entityresolution import StatusCode
        for authority in authorities:
            if authority.status.code == StatusCode.ER_SUCCESS_MATCH and authority.values:
                return authority.values[0].value.id
        return None

    @property
    def owner(self) -> Owner:
        system = self.envelope.context.system
        person = getattr(system, "person", None)
        return Owner(system.user.user_id, (person.person_id if person else None) or "")

    def fetch_time_zone(self) -> str:
        """The person's time zone: their device's when the skill may ask Alexa (one HTTP call,
        the first time a session needs it), else the configured one."""
        config = self.services.config
        if not config.device_settings:
            return config.timezone
        if not self.state.time_zone_asked:
            from .device_settings import device_time_zone
            system = self.envelope.context.system
            self.state.time_zone = device_time_zone(
                system.api_endpoint, system.device.device_id, system.api_access_token
            ) if system.api_access_token and system.device else None
            self.state.time_zone_asked = True
        return self.state.time_zone or config.timezone

    # Answering ------------------------------------------------------------------------------
    @property
    def alarm(self):
        """What this request calls for, read once: skill.safety.Alarm (crisis, emergency or
        urgent, from the intent or from any words in its slots) or None."""
        # Kept by hand: functools.cached_property takes a lock on each new Turn (Python 3.11).
        if self._alarm is _UNREAD:
            self._alarm = self._read_alarm()
        return self._alarm

    def _read_alarm(self):
        # Far more than one breath of speech, and bounded so no slot value can stall the turn.
        slots = {n: (s.value[:SAFETY_READS_CHARS], self.slot_id(n))
                 for n, s in self._slots().items() if s.value}
        if not slots and self.intent not in ("CrisisIntent", "RedFlagIntent"):
            # No words and no safety intent (a launch, "yes"): alarm_for_intent would say None,
            # so skill.safety is not even imported (a few ms of a cold start).
            return None
        from .safety import alarm_for_intent
        return alarm_for_intent(self.intent, slots, self.content.red_flags.family)

    def urgent_first(self, reply: Reply, crisis: bool = False) -> Reply:
        """The same reply, opened with urgent-care advice (or, for someone in crisis, the local
        crisis line) and with that advice on the card."""
        content, flags = self.content, self.content.red_flags
        self.state.urgent_given = True
        if crisis:
            first = [content.phrase("crisis")]
            title, card = content.phrase("crisis_title"), content.written(content.phrases["crisis"])
        else:
            kind = getattr(self.alarm, "kind", "emergency")  # the tier; unknown: emergency
            speech, card = flags.script(kind)
            # Each tier's script is whole: the emergency advice ends on the emergency, with no
            # lower option heard last (the urgent script names NHS 111 and the like).
            first = [content.spoken(speech)]
            title = content.phrase("urgent_title")
            card = content.written(card)
        return Reply([*first, *reply.speech], reprompt=reply.reprompt, card_title=title,
                     card_text=card + (f"\n\n{reply.card_text}" if reply.card_text else ""),
                     end=reply.end, urgent=True, remember=reply.remember, elicit=reply.elicit)

    def respond(self, reply: Reply) -> Response:
        builder = self.input.response_builder
        for directive in reply.directives:
            builder.add_directive(directive)
        if reply.silent:
            if reply.end:  # a silent answer to an intent ("pause") still ends the session
                builder.set_should_end_session(True)
            return builder.response
        if not reply.urgent and self.alarm is not None:
            # Whatever else is said, a crisis or a red flag in the person's words comes first
            # (the safety tier answers these; this is the net under it).
            reply = self.urgent_first(reply, crisis=self.alarm.kind == "crisis")
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
                self.state.last = Last(speech, reprompt, reply.card_title, reply.card_text,
                                       reply.elicit)
        if reply.elicit:
            from ask_sdk_model.dialog import ElicitSlotDirective  # see slot_id
            intent, slot = reply.elicit
            builder.add_directive(ElicitSlotDirective(
                slot_to_elicit=slot, updated_intent=Intent(
                    name=intent, slots={slot: Slot(name=slot)},
                    confirmation_status=IntentConfirmationStatus.NONE)))
        return builder.response

    def write_session(self) -> None:
        self.input.attributes_manager.session_attributes = self.state.dump()


def turn_of(handler_input: HandlerInput) -> Turn:
    return handler_input.attributes_manager.request_attributes[TURN_KEY]


class TurnInterceptor(AbstractRequestInterceptor):
    """Reads the request once, before any handler looks at it."""

    def __init__(self, services: "Services"):
        self.services = services

    def process(self, handler_input: HandlerInput) -> None:
        handler_input.attributes_manager.request_attributes[TURN_KEY] = Turn(
            handler_input, self.services)


class SessionWriter(AbstractResponseInterceptor):
    """Writes the session state back once, after the handler answered."""

    def process(self, handler_input: HandlerInput, response: Response) -> None:
        if handler_input.request_envelope.session is not None:
            turn_of(handler_input).write_session()
