"""AWS Lambda entry point (template.yaml: Handler skill.lambda_function.handler).

Configured from the function's environment (PAINCHATS_STORE=dynamodb and friends). The skill is
built on the first invocation and kept for the container's life, so importing this module
needs no environment variable and no AWS access.
"""
from __future__ import annotations

from typing import Any

from ask_sdk_core.skill import CustomSkill

from . import logs
from .config import Config, ConfigError
from .core import build_skill, invoke_json

log = logs.get(__name__)  # logging is imported when something is logged
_skill: CustomSkill | None = None


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    global _skill
    if _skill is None:
        try:
            config = Config.from_env()
        except ConfigError as wrong:
            # One line in the function's log names the variable; the request fails loudly.
            log.error("configuration: %s", wrong)
            raise
        _skill = build_skill(config)
    return invoke_json(_skill, event, context)
