"""When something fails: say so plainly, keep the session open, log without what was said."""
from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractExceptionHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from .. import logs
from ..services import Services
from ..store import StoreError
from ..turn import TURN_KEY, Turn, say

log = logs.get(__name__)  # logging is imported when something is logged


class SpokenError(AbstractExceptionHandler):
    def __init__(self, services: Services):
        self.services = services

    def can_handle(self, handler_input: HandlerInput, exception: Exception) -> bool:
        return True

    def handle(self, handler_input: HandlerInput, exception: Exception) -> Response:
        # A fresh view of the request: the session as it came in, so a half-made change is
        # undone (response interceptors do not run after a failure, so it is written here).
        turn = Turn(handler_input, self.services)
        handler_input.attributes_manager.request_attributes[TURN_KEY] = turn
        # Type and request kind only: the exception text may quote what the person said.
        log.error("failed on %s %s: %s", turn.request_type, turn.intent or "",
                  type(exception).__name__)
        said = "notes_trouble" if isinstance(exception, StoreError) else "error"
        response = turn.respond(say(turn.content.phrase(said),
                                    reprompt=turn.content.phrase("ask_anything"), remember=False))
        if handler_input.request_envelope.session is not None:
            turn.write_session()
        return response
