"""WSGI apps for load runs on loopback: the skill without signature checks (as --no-verify),
and the bare flask-ask-sdk hello app. Factories, so each server worker builds its own."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def skill_app():
    from skill.config import Config
    from skill.core import build_skill
    from skill.store import open_store
    from skill.web import create_app

    config = Config.from_env()
    store = open_store(config)
    return create_app(build_skill(config, store), verify=False, store=store)


def bare_app():
    from benchmarks.bare.hello_flask import app
    return app
