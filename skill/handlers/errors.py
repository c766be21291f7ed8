"""When something fails: say so plainly, keep the session open, log without what was said."""
from __future__ import annotations

import copy
import logging

from ask_sdk_core.dispatch_components import AbstractExceptionHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from ..services import Services
from ..store import StoreError
from ..turn import Turn

log = logging.getLogger(__name__)


class SpokenError(AbstractExceptionHandler):
    def __init__(self, services: Services):
        self.services = services

    def can_handle(self, handler_input: HandlerInput, exception: Exception) -> bool:
        return True

    def handle(self, handler_input: HandlerInput, exception: Exception) -> Response:
        session = handler_input.request_envelope.session
        if session is not None:
            # The SDK worked on a copy: going back to what came in undoes a half-made change.
            handler_input.attributes_manager.session_attributes = copy.deepcopy(
                session.attributes or {})
        turn = Turn(handler_input, self.services)
        # Type and request kind only: the exception text may quote what the person said.
        log.error("failed on %s %s: %s", turn.request_type, turn.intent or "",
                  type(exception).__name__)
        said = "notes_trouble" if isinstance(exception, StoreError) else "error"
        return turn.say(turn.content.phrase(said), reprompt=turn.content.phrase("ask_anything"),
                        remember=False)
