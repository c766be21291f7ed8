"""Every handler, in the order the SDK asks them: the first whose `can` says yes answers.

Order matters only where two could answer: the specific "yes" handlers come before the
plain one, and the catch-all fallback comes last."""
from __future__ import annotations

from ..core import Services
from . import navigation, safety, topics
from .errors import SpokenError


def request_handlers(services: Services) -> list:
    ordered = [
        navigation.Launch,
        safety.RedFlag,
        topics.TopicQuestion,
        topics.TopicByName,
        topics.TellMeMore,
        topics.OfferedTopic,
        topics.NextTopic,
        topics.ListTopics,
        navigation.Help,
        navigation.Repeat,
        navigation.YesWithNothingOffered,
        navigation.No,
        navigation.StopOrCancel,
        navigation.NavigateHome,
        navigation.SessionEnded,
        navigation.Fallback,
    ]
    return [handler(services) for handler in ordered]


def exception_handlers(services: Services) -> list:
    return [SpokenError(services)]
