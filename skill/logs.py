"""The loggers of the modules a Lambda cold start imports, made on first use: a turn that logs
nothing, which is most turns, does not import logging (about 4 ms of a fresh process). AWS
Lambda's own runtime imports logging before the handler, so there the saving is nil; the web
server and the terminal import it anyway. Logged messages go where logging.getLogger(name)'s
would, because they go there."""
from __future__ import annotations

from typing import Any


class Logger:
    def __init__(self, name: str) -> None:
        self.name = name

    def __getattr__(self, attribute: str) -> Any:  # error, info, exception...
        import logging
        return getattr(logging.getLogger(self.name), attribute)


def get(name: str) -> Logger:
    return Logger(name)
