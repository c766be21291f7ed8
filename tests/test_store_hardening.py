"""What the stores refuse, the same on both backends (a real SQLite file, moto's DynamoDB server
over loopback): notes over the configured length, anything for a user id after SkillDisabled
(even when devices race the event), and a forged note id that equals another person's. And
with logging at DEBUG, nothing people said, and no id, reaches the log from the AWS libraries."""
from __future__ import annotations

import json
import logging
import sqlite3
import threading
import uuid
from datetime import datetime, timezone
from pathlib import Path

import pytest

from skill.config import Config
from skill.core import build_skill, invoke_json
from skill.local.envelopes import Caller, Session, Slot, intent_request, skill_disabled_event
from skill.store import AccountDisabled, NoteStore, NoteTooLong, Owner, StoreError, open_store
from skill.store.sqlite_store import SqliteNoteStore

ALICE = Owner("amzn1.ask.account.HOME", "amzn1.ask.person.ALICE")
BOB = Owner("amzn1.ask.account.HOME", "amzn1.ask.person.BOB")
HOME = Owner("amzn1.ask.account.HOME")
NEIGHBOUR = Owner("amzn1.ask.account.NEIGHBOUR")
T0 = datetime(2026, 3, 3, 9, 0, tzinfo=timezone.utc)


@pytest.fixture(params=["sqlite", "dynamodb"])
def config(request: pytest.FixtureRequest, tmp_path: Path) -> Config:
    """A configuration for each backend, with a short note limit; its table exists."""
    if request.param == "sqlite":
        return Config(store="sqlite", sqlite_path=tmp_path / "notes.sqlite3", note_max_chars=40)
    endpoint = request.getfixturevalue("dynamodb_server")
    config = Config(store="dynamodb", dynamodb_table=f"notes-{uuid.uuid4().hex}",
                    dynamodb_endpoint=endpoint, note_max_chars=40)
    with open_store(config) as store:
        store.create_table()
    return config


@pytest.fixture
def store(config: Config):
    with open_store(config) as opened:
        yield opened


# -- the note limit, where the note is saved --------------------------------------------------

def test_the_note_limit_from_the_config_is_enforced_by_the_store(store: NoteStore) -> None:
    store.add_note(ALICE, "x" * 40)
    with pytest.raises(NoteTooLong) as caught:
        store.add_note(ALICE, "y" * 41)
    assert isinstance(caught.value, StoreError)
    assert "y" * 10 not in str(caught.value)
    assert [len(n.text) for n in store.all_notes(ALICE)] == [40]


def test_a_forged_long_read_back_is_not_stored(config: Config) -> None:
    """With verification off, a request can carry any session: a 100,000-character note
    waiting to be kept is refused where it is saved, and the person hears an error."""
    skill = build_skill(config)
    with open_store(config) as store:
        store.save_profile(HOME, {"consent": True})
    session = Session(Caller(user_id=HOME.user_id), new=False, attributes={
        "heard": {"kind": "note", "text": "z" * 100_000, "note_id": uuid.uuid4().hex,
                  "created": datetime.now(timezone.utc).isoformat()},
        "waiting": "keep"})
    reply = invoke_json(skill, session.envelope(intent_request("en-US", "AMAZON.YesIntent")))
    speech = reply["response"]["outputSpeech"]["ssml"]
    assert "zzzz" not in speech and len(speech) < 8000
    with open_store(config) as store:
        assert store.count_notes(HOME) == 0


# -- a forged note id that is another person's -----------------------------------------------

def test_a_note_id_equal_to_another_persons_is_kept_under_its_owner(store: NoteStore) -> None:
    alices = store.add_note(ALICE, "alice's own", created=T0, note_id="b" * 32)
    bobs = store.add_note(BOB, "bob's own", created=T0, note_id="b" * 32)
    neighbours = store.add_note(NEIGHBOUR, "next door", created=T0, note_id="b" * 32)
    assert store.all_notes(ALICE) == [alices]
    assert store.all_notes(BOB) == [bobs]
    assert store.all_notes(NEIGHBOUR) == [neighbours]
    assert store.delete_note(BOB, bobs.key)
    assert store.all_notes(ALICE) == [alices]


def test_an_old_sqlite_file_is_migrated_to_owner_keys(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    old = sqlite3.connect(path)
    old.executescript("""
        CREATE TABLE notes (note_id TEXT PRIMARY KEY, user_id TEXT NOT NULL,
            person_id TEXT NOT NULL, created TEXT NOT NULL, text TEXT NOT NULL,
            question INTEGER, set_id TEXT);
        CREATE INDEX notes_by_owner_time ON notes (user_id, person_id, created, note_id);
        CREATE TABLE profiles (user_id TEXT NOT NULL, person_id TEXT NOT NULL,
            data TEXT NOT NULL, PRIMARY KEY (user_id, person_id));
        INSERT INTO notes VALUES ('cccccccccccccccccccccccccccccccc', 'amzn1.ask.account.HOME',
            'amzn1.ask.person.ALICE', '2026-03-03T09:00:00.000000Z', 'kept from before', 2, 's');
        INSERT INTO profiles VALUES ('amzn1.ask.account.HOME', 'amzn1.ask.person.ALICE',
            '{"visits": 4}');
    """)
    old.close()
    store = SqliteNoteStore(path)
    [before] = store.all_notes(ALICE)
    assert (before.text, before.question, before.set_id, before.created) == (
        "kept from before", 2, "s", T0)
    assert store.load_profile(ALICE) == {"visits": 4}
    store.add_note(BOB, "same id, other person", created=T0, note_id="c" * 32)
    assert [n.text for n in store.all_notes(BOB)] == ["same id, other person"]
    assert store.all_notes(ALICE) == [before]
    assert SqliteNoteStore(path).all_notes(ALICE) == [before]  # a second open changes nothing


# -- after SkillDisabled, nothing more is kept ------------------------------------------------

def test_after_disable_nothing_more_is_stored_for_that_user(store: NoteStore) -> None:
    store.add_note(ALICE, "before")
    store.save_profile(HOME, {"visits": 3})
    store.add_note(NEIGHBOUR, "next door")
    assert store.disable_account(HOME.user_id) == 1
    for owner in (ALICE, BOB, HOME):
        with pytest.raises(AccountDisabled):
            store.add_note(owner, "after")
        with pytest.raises(AccountDisabled):
            store.save_profile(owner, {"visits": 1})
        assert store.all_notes(owner) == [] and store.load_profile(owner) == {}
    assert issubclass(AccountDisabled, StoreError)
    assert [n.text for n in store.all_notes(NEIGHBOUR)] == ["next door"]
    store.save_profile(NEIGHBOUR, {"visits": 1})  # other accounts go on as before
    # An operator's delete is not a disable: the account can keep notes afterwards.
    store.delete_account(NEIGHBOUR.user_id)
    store.add_note(NEIGHBOUR, "again")


def test_devices_racing_the_disable_event_leave_nothing(store: NoteStore) -> None:
    devices, stop = 8, threading.Event()
    started = threading.Barrier(devices + 1)
    refused: list[int] = []
    errors: list[BaseException] = []

    def device(number: int) -> None:
        owner = Owner(HOME.user_id, f"amzn1.ask.person.P{number}" if number % 2 else "")
        try:
            started.wait()
            for i in range(200):
                try:
                    store.add_note(owner, f"device {number} note {i}")
                    store.save_profile(owner, {"visits": i})
                except AccountDisabled:
                    refused.append(number)
                    return
                if stop.is_set() and i > 3:
                    break
        except BaseException as error:  # reported from the main thread
            errors.append(error)

    threads = [threading.Thread(target=device, args=(n,)) for n in range(devices)]
    for thread in threads:
        thread.start()
    started.wait()
    store.disable_account(HOME.user_id)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors[0]
    assert refused, "no device saved after the event: the race was not exercised"
    for number in range(devices):
        owner = Owner(HOME.user_id, f"amzn1.ask.person.P{number}" if number % 2 else "")
        assert store.all_notes(owner) == [] and store.load_profile(owner) == {}


def test_a_note_confirmed_after_the_skill_is_disabled_is_not_kept(config: Config) -> None:
    skill = build_skill(config)
    caller = Caller(user_id=HOME.user_id)
    with open_store(config) as store:
        store.save_profile(HOME, {"consent": True})
    session = Session(caller)
    invoke_json(skill, session.envelope(intent_request("en-US", "AddNoteIntent")))
    asked = invoke_json(skill, session.envelope(intent_request(
        "en-US", "AnswerIntent", [Slot(
            "answer", "ice helped")])))
    session.carry(asked)
    invoke_json(skill, skill_disabled_event(caller))
    kept = invoke_json(skill, session.envelope(intent_request("en-US", "AMAZON.YesIntent")))
    speech = kept["response"]["outputSpeech"]["ssml"].lower()
    assert "saved" not in speech
    with open_store(config) as store:
        assert store.count_notes(HOME) == 0


# -- logs ---------------------------------------------------------------------------------------

def test_debug_logging_lets_no_note_text_or_id_out_of_the_aws_libraries(
        dynamodb_server: str) -> None:
    """Every record logged while the DynamoDB store works, at DEBUG, on the thread that uses it
    (moto's server, standing in for AWS, logs on its own threads)."""
    secret_text, user = "my pelvis aches at night 5b1d", "amzn1.ask.account.SECRET-ID-77aa"
    owner = Owner(user, "amzn1.ask.person.SECRET-PERSON-31cc")
    records: list[logging.LogRecord] = []
    here = threading.get_ident()

    class Capture(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.thread == here:
                records.append(record)

    root = logging.getLogger()
    handler, level = Capture(logging.DEBUG), root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        config = Config(store="dynamodb", dynamodb_table=f"log-{uuid.uuid4().hex}",
                        dynamodb_endpoint=dynamodb_server)
        with open_store(config) as store:
            store.create_table()
            logging.getLogger("skill.test").debug("capture works")
            note = store.add_note(owner, secret_text)
            store.add_note(owner, secret_text, created=note.created, note_id=note.note_id)
            store.save_profile(owner, {"said": secret_text})
            store.latest_notes(owner)
            store.notes_for_question(owner, 1)
            store.disable_account(user)
            with pytest.raises(AccountDisabled):
                store.add_note(owner, secret_text)
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
    assert any(r.getMessage() == "capture works" for r in records)
    text = "\n".join(f"{r.name} {r.getMessage()} {r.args!r}" for r in records)
    for secret in (secret_text, user, owner.person_id, "SECRET"):
        assert secret not in text


# -- health --------------------------------------------------------------------------------------

def test_ping_answers_when_the_store_does_and_fails_when_it_does_not(
        store: NoteStore, config: Config, tmp_path: Path) -> None:
    store.ping()
    if config.store == "sqlite":
        broken = open_store(Config(store="sqlite", sqlite_path=tmp_path))  # a folder
    else:
        broken = open_store(Config(store="dynamodb", dynamodb_table="no-such-table",
                                   dynamodb_endpoint=config.dynamodb_endpoint))
    with pytest.raises(StoreError):
        broken.ping()


def test_the_quick_botocore_loader_still_knows_which_services_exist() -> None:
    """The DynamoDB store's botocore session checks one service name instead of listing all
    (a cold-start saving); it must still refuse an unknown service and list the known ones."""
    import botocore.exceptions

    from skill.store.dynamodb_store import _botocore_session
    session = _botocore_session()
    names = session.get_component("data_loader").list_available_services("service-2")
    assert "dynamodb" in names and "no-such-service" not in names
    assert "dynamodb" in list(names) and len(list(names)) > 100
    with pytest.raises(botocore.exceptions.UnknownServiceError):
        session.create_client("no-such-service", region_name="us-east-1")
