"""When storage fails mid-turn: the person hears a plain error, what they confirmed is kept,
and trying again neither loses nor doubles a note."""
import logging

from skill.store import StoreError
from talk import Talk


class FailingOnce:
    """The real store, with one chosen operation failing the next time it is called."""

    def __init__(self, store):
        self._store, self.fail = store, set()

    def __getattr__(self, name):
        real = getattr(self._store, name)
        if name not in self.fail:
            return real

        def failing(*args, **kwargs):
            self.fail.discard(name)
            raise StoreError(f"{name} failed: simulated")
        return failing


def talk_with_failures(tmp_path):
    made = []

    def wrap(store):
        made.append(FailingOnce(store))
        return made[-1]
    talk = Talk(tmp_path, wrap_store=wrap)
    return talk, made[-1], talk.conversations[talk.default]


def test_a_failure_after_saving_keeps_the_answer_and_a_retry_does_not_double_it(tmp_path):
    talk, flaky, me = talk_with_failures(tmp_path)
    me.say("record a reflection")
    me.say("yes")
    me.say("my answer is walking helps")
    flaky.fail.add("save_profile")  # the note is saved, then recording progress fails
    failed = me.say("yes")
    assert failed.speech == talk.content.phrase("notes_trouble")
    assert failed.session_open
    assert [n.text for n in talk.store.all_notes(talk.owner())] == ["Walking helps"]
    retried = me.say("yes")
    assert retried.speech.startswith(talk.content.phrase("saved"))
    assert "did anything surprise you" in retried.speech.lower()
    assert [n.text for n in talk.store.all_notes(talk.owner())] == ["Walking helps"]


def test_a_failure_before_saving_keeps_what_was_heard_for_a_retry(tmp_path):
    talk, flaky, me = talk_with_failures(tmp_path)
    me.say("note that ice helped tonight")
    me.say("yes")  # consent
    flaky.fail.add("add_note")
    assert me.say("yes").speech == talk.content.phrase("notes_trouble")
    assert talk.store.count_notes(talk.owner()) == 0
    assert me.say("yes").speech.startswith(talk.content.phrase("note_saved"))
    assert [n.text for n in talk.store.all_notes(talk.owner())] == ["Ice helped tonight"]


def test_storage_down_at_launch_still_welcomes(tmp_path):
    talk, flaky, me = talk_with_failures(tmp_path)
    flaky.fail.add("load_profile")
    assert me.launch().speech.startswith(talk.content.phrase("welcome_first"))


def test_what_people_say_never_reaches_the_logs(tmp_path, caplog):
    talk, flaky, me = talk_with_failures(tmp_path)
    caplog.set_level(logging.DEBUG)
    secret = "my sciatica flared after gardening"
    me.say("record a reflection")
    me.say("yes")
    me.say(f"my answer is {secret}")
    flaky.fail.add("save_profile")
    me.say("yes")
    me.say("yes")
    me.say("read my notes")
    me.say(f"tell me about {secret}")
    assert talk.store.count_notes(talk.owner()) == 1
    assert caplog.records, "the failure above should have been logged"
    logged = "\n".join(r.getMessage() + str(r.args) + str(r.exc_info) for r in caplog.records)
    assert "sciatica" not in logged and "gardening" not in logged


def test_a_huge_note_said_before_consent_does_not_ride_in_the_session(tmp_path):
    """Alexa gives a response 120 KB in all: what waits for consent is bounded like a note."""
    import json as _json
    from talk import Talk
    talk = Talk(tmp_path)
    from skill.local.envelopes import Slot, intent_request
    me = talk.conversations[talk.default]
    # The slot value exactly as a request could carry it (no speech recogniser in between).
    exchange = me.send_request(intent_request("en-US", "AddNoteIntent",
                                              [Slot("note", "walking helps " * 20000)]))
    assert len(_json.dumps(exchange.response)) < 10_000
    kept = me.say("yes")
    assert "kept the first part" in kept.speech.lower() or "long" in kept.speech.lower()


def test_a_launch_that_changes_nothing_writes_nothing(tmp_path):
    """Only a first visit is written down; a returning person's launch only reads."""
    from talk import Talk
    talk = Talk(tmp_path)
    writes = []
    real_save = talk.store.save_profile
    talk.store.save_profile = lambda owner, profile: (writes.append(profile), real_save(owner, profile))
    me = talk.conversations[talk.default]
    assert "welcome to" in me.launch().speech.lower()
    me.say("stop")
    assert "welcome back" in me.launch().speech.lower()
    assert writes == [{"visits": 1}]


def test_a_note_kept_before_a_lower_limit_is_read_back_no_longer_than_the_limit(tmp_path):
    from dataclasses import replace as _replace
    from skill.store import open_store as _open
    from talk import Talk
    talk = Talk(tmp_path)
    roomy = _open(_replace(talk.config, note_max_chars=20_000))
    roomy.add_note(talk.owner(), "walking helps " * 1000)
    me = talk.conversations[talk.default]
    for said in ("read my notes", "read my last note", "delete my last note"):
        speech = me.say(said).speech
        assert "walking helps" in speech and len(speech) < 1000, said
