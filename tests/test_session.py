"""The session state: one typed value, carried in Alexa's session attributes between turns."""
from skill.session import Capture, Heard, Last, SessionState, Waiting


def test_a_fresh_session_writes_nothing():
    assert SessionState().dump() == {}
    assert SessionState.load({}) == SessionState()
    assert SessionState.load(None) == SessionState()


def test_every_field_survives_the_round_trip_through_json_attributes():
    import json
    state = SessionState(
        waiting=Waiting.DELETE_LAST, note_key="k", topic="stretching", answers=2,
        offered_reflection=True, urgent_given=True, carrier_used=True,
        set_aside={"do": "reflect"},
        capture=Capture("reflection", 2, "set"), reflection={"set": "set", "done": [1],
                                                             "skipped": []},
        after_consent={"do": "note", "text": "x"},
        last=Last("said", "asked?", "title", "card", ("AnswerIntent", "answer")),
        pager={"kind": "latest"}, time_zone="Europe/London", time_zone_asked=True)
    state.heard = Heard("note", text="walking helps", note_id="a" * 32, created="2026-01-01")
    again = SessionState.load(json.loads(json.dumps(state.dump())))
    assert again == state


def test_clear_flow_leaves_the_note_or_reflection_and_what_was_waiting_only():
    state = SessionState(waiting=Waiting.KEEP, topic="stretching", answers=3,
                         capture=Capture("note"), reflection={"set": "s"},
                         after_consent={"do": "reflect"}, pager={"kind": "latest"})
    state.heard = Heard("note", text="t")
    state.clear_flow()
    assert (state.capture, state.heard, state.reflection, state.after_consent) == (None,) * 4
    assert state.waiting is Waiting.NOTHING and not state.in_flow
    assert (state.topic, state.answers, state.pager) == ("stretching", 3, {"kind": "latest"})
    state.go_home()
    assert state.topic is None and state.pager is None


def test_an_unknown_waiting_value_from_an_older_session_is_read_as_nothing():
    assert SessionState.load({"waiting": "something-old"}).waiting is Waiting.NOTHING


def test_offers_can_pass_unanswered_decisions_cannot():
    offers = {w for w in Waiting if w.is_offer}
    assert offers == {Waiting.NOTHING, Waiting.MORE, Waiting.TOPIC}


def test_attributes_in_another_shape_are_read_as_a_fresh_session_not_a_failure():
    odd = {"heard": {"kind": "note", "id": "x", "pending": 1}, "waiting": 7, "answers": "lots",
           "capture": "note", "last": {"speech": "hi"}, "reflection": [1, 2], "topic": 3}
    assert SessionState.load(odd) == SessionState()
    assert SessionState.load(["not", "a", "dict"]) == SessionState()
