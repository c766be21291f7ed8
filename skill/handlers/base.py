"""A request handler that sees the request as a `Turn`."""
from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from ..services import Services
from ..turn import Turn


class TurnHandler(AbstractRequestHandler):
    def __init__(self, services: Services):
        self.services = services

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return self.can(Turn(handler_input, self.services))

    def handle(self, handler_input: HandlerInput) -> Response:
        return self.run(Turn(handler_input, self.services))

    def can(self, turn: Turn) -> bool:
        raise NotImplementedError

    def run(self, turn: Turn) -> Response:
        raise NotImplementedError
