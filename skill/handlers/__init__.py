"""Every handler, in the order the SDK asks them: the first whose `can` says yes answers.

Order matters only where two could answer: the specific "yes" handlers come before the
plain one, and the catch-all fallback comes last."""
from __future__ import annotations

from ..services import Services
from . import navigation, notes, reflection, safety, topics
from .errors import SpokenError


def request_handlers(services: Services) -> list:
    ordered = [
        navigation.Launch,
        notes.SkillDisabled,
        reflection.CrisisInFlow,
        safety.RedFlag,
        # Answers to a question the skill just asked ("shall I keep it?", "are you sure?").
        reflection.Consent,
        reflection.DeclineResume,
        notes.ConfirmDelete,
        notes.ConfirmSend,
        reflection.LeaveFlow,
        reflection.FlowHelp,
        reflection.KeepFirst,
        reflection.Keep,
        reflection.Redo,
        reflection.NothingToAdd,
        reflection.Skip,
        reflection.Answer,
        reflection.NudgeCapture,
        reflection.StartReflection,
        reflection.AddNote,
        notes.MoreNotes,
        notes.ReadNotes,
        notes.ReadLastNote,
        notes.NotesByQuestion,
        notes.NotesByDate,
        notes.CountNotes,
        notes.DeleteLastNote,
        notes.DeleteAllNotes,
        notes.SendNotes,
        reflection.StrayFlowWords,
        topics.TopicQuestion,
        topics.TopicByName,
        topics.TellMeMore,
        topics.OfferedTopic,
        topics.NextTopic,
        topics.ListTopics,
        navigation.Help,
        navigation.Repeat,
        navigation.YesWithNothingOffered,
        navigation.Thanks,
        navigation.No,
        navigation.StopOrCancel,
        navigation.NavigateHome,
        navigation.SessionEnded,
        navigation.Fallback,
    ]
    return [handler(services) for handler in ordered]


def exception_handlers(services: Services) -> list:
    return [SpokenError(services)]
