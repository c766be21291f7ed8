"""AWS Lambda entry point (template.yaml: Handler skill.lambda_function.handler).

Configured from the function's environment (PAINCHATS_STORE=dynamodb and friends). The skill is
built on the first invocation and kept for the container's life, so importing this module
needs no environment variable and no AWS access.
"""
from __future__ import annotations

import json
from typing import Any

from ask_sdk_core.skill import CustomSkill
from ask_sdk_model import RequestEnvelope

from .config import Config
from .core import build_skill

_skill: CustomSkill | None = None


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    global _skill
    if _skill is None:
        _skill = build_skill(Config.from_env())
    envelope = _skill.serializer.deserialize(payload=json.dumps(event), obj_type=RequestEnvelope)
    response = _skill.invoke(request_envelope=envelope, context=context)
    return _skill.serializer.serialize(response)
