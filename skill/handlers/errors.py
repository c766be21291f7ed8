"""When something fails: say so plainly, keep the session open, log without what was said."""
from __future__ import annotations

import logging

from ask_sdk_core.dispatch_components import AbstractExceptionHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from ..core import Services
from ..turn import Turn

log = logging.getLogger(__name__)


class SpokenError(AbstractExceptionHandler):
    def __init__(self, services: Services):
        self.services = services

    def can_handle(self, handler_input: HandlerInput, exception: Exception) -> bool:
        return True

    def handle(self, handler_input: HandlerInput, exception: Exception) -> Response:
        turn = Turn(handler_input, self.services)
        # Type and request kind only: the exception text may quote what the person said.
        log.error("failed on %s %s: %s", turn.request_type, turn.intent or "",
                  type(exception).__name__)
        return turn.say(turn.content.phrase("error"), reprompt=turn.content.phrase("ask_anything"))
