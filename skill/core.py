"""The one skill object behind every way of running it: Lambda, the web endpoint and the local
conversation all call `build_skill`."""
from __future__ import annotations

import json

from ask_sdk_core.skill import CustomSkill
from ask_sdk_core.skill_builder import SkillBuilder
from ask_sdk_model import RequestEnvelope

from .config import Config
from .handlers import exception_handlers, request_handlers
from .services import Services
from .store import NoteStore
from .turn import SessionWriter, TurnInterceptor


def build_skill(config: Config, store: NoteStore | None = None) -> CustomSkill:
    services = Services(config, store)
    builder = SkillBuilder()
    if config.skill_id:
        builder.skill_id = config.skill_id
    builder.add_global_request_interceptor(TurnInterceptor(services))
    for handler in request_handlers(services):
        builder.add_request_handler(handler)
    builder.add_global_response_interceptor(SessionWriter())
    for handler in exception_handlers(services):
        builder.add_exception_handler(handler)
    return builder.create()


def invoke_json(skill: CustomSkill, envelope: dict, context=None) -> dict:
    """One request in Alexa's JSON format through the skill, the reply in the same format:
    what Lambda receives and returns, and what the local conversation sends."""
    request = skill.serializer.deserialize(payload=json.dumps(envelope), obj_type=RequestEnvelope)
    return skill.serializer.serialize(skill.invoke(request_envelope=request, context=context))
