"""The same behaviour from both note stores: the real SQLite file and a real DynamoDB server (moto)."""
from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from skill.config import Config
from skill.store import Note, NoteStore, Owner, StoreError, open_store
from skill.store.sqlite_store import SqliteNoteStore

ALICE = Owner("amzn1.ask.account.HOME", "amzn1.ask.person.ALICE")
BOB = Owner("amzn1.ask.account.HOME", "amzn1.ask.person.BOB")
HOME = Owner("amzn1.ask.account.HOME")  # no recognised voice
NEIGHBOUR = Owner("amzn1.ask.account.NEIGHBOUR")
T0 = datetime(2025, 3, 3, 9, 0, tzinfo=timezone.utc)
SECRET = "my back pain is worse, secret-7f3a"


def add_series(store: NoteStore, owner: Owner, count: int, **kwargs) -> list[Note]:
    """`count` notes an hour apart, oldest first."""
    return [store.add_note(owner, f"note {i}", created=T0 + timedelta(hours=i), **kwargs) for i in range(count)]


def texts(notes: list[Note]) -> list[str]:
    return [note.text for note in notes]


def test_add_and_read_back_newest_first(store: NoteStore) -> None:
    saved = add_series(store, ALICE, 4)
    latest = store.latest_notes(ALICE)
    assert latest == saved[::-1][:3]
    assert texts(latest) == ["note 3", "note 2", "note 1"]
    assert latest[0].created == T0 + timedelta(hours=3)
    assert latest[0].created.tzinfo is not None


def test_note_defaults_to_now_in_utc(store: NoteStore) -> None:
    before = datetime.now(timezone.utc)
    note = store.add_note(ALICE, "now")
    assert before <= note.created <= datetime.now(timezone.utc)
    assert len(note.note_id) == 32
    assert store.latest_notes(ALICE) == [note]


def test_paging_three_at_a_time_has_no_gaps_or_duplicates(store: NoteStore) -> None:
    saved = add_series(store, ALICE, 10)
    # Two notes at the very same moment must still page apart (the key breaks the tie).
    saved += [store.add_note(ALICE, f"same {i}", created=T0 + timedelta(hours=20)) for i in range(2)]
    pages, cursor = [], None
    for _ in range(10):  # bounded: a cursor that fails to advance must fail, not hang
        page = store.latest_notes(ALICE, limit=3, before=cursor)
        if not page:
            break
        pages.append(page)
        cursor = page[-1].key
    assert [len(page) for page in pages] == [3, 3, 3, 3]
    seen = [note for page in pages for note in page]
    assert seen == sorted(saved, key=lambda note: note.key, reverse=True)


def test_paging_survives_the_cursor_note_being_deleted(store: NoteStore) -> None:
    saved = add_series(store, ALICE, 5)
    first = store.latest_notes(ALICE, limit=2)
    assert store.delete_note(ALICE, first[-1].key)
    assert store.latest_notes(ALICE, limit=2, before=first[-1].key) == [saved[2], saved[1]]


def test_notes_between_includes_start_excludes_end(store: NoteStore) -> None:
    saved = add_series(store, ALICE, 5)
    got = store.notes_between(ALICE, T0 + timedelta(hours=1), T0 + timedelta(hours=3))
    assert got == [saved[2], saved[1]]
    one_microsecond = timedelta(microseconds=1)
    assert store.notes_between(ALICE, T0 + timedelta(hours=1) + one_microsecond, T0 + timedelta(hours=3)) == [saved[2]]
    assert store.notes_between(ALICE, T0 + timedelta(hours=3), T0 + timedelta(hours=1)) == []


def test_notes_between_accepts_other_time_zones(store: NoteStore) -> None:
    saved = add_series(store, ALICE, 3)
    plus_two = timezone(timedelta(hours=2))
    start = (T0 + timedelta(hours=1)).astimezone(plus_two)
    assert store.notes_between(ALICE, start, start + timedelta(hours=1)) == [saved[1]]
    with pytest.raises(ValueError):
        store.notes_between(ALICE, datetime(2025, 3, 3), datetime(2025, 3, 4))


def test_notes_for_question_newest_first(store: NoteStore) -> None:
    answers = [store.add_note(ALICE, f"q2 answer {i}", question=2, created=T0 + timedelta(days=i)) for i in range(4)]
    store.add_note(ALICE, "q1 answer", question=1, created=T0 + timedelta(days=9))
    store.add_note(ALICE, "free", created=T0 + timedelta(days=10))
    assert store.notes_for_question(ALICE, 2) == answers[::-1][:3]
    assert store.notes_for_question(ALICE, 2, limit=10) == answers[::-1]
    assert texts(store.notes_for_question(ALICE, 1)) == ["q1 answer"]
    assert store.notes_for_question(ALICE, 3) == []
    assert store.notes_for_question(BOB, 2) == []


def test_notes_keep_their_question_and_set(store: NoteStore) -> None:
    first_round = [
        store.add_note(ALICE, f"r1 q{q}", question=q, set_id="round-1", created=T0 + timedelta(minutes=q))
        for q in (1, 2, 3)
    ]
    store.add_note(ALICE, "r2 q1", question=1, set_id="round-2", created=T0 + timedelta(days=1))
    store.add_note(ALICE, "free", created=T0 + timedelta(minutes=2, seconds=30))
    in_round = [n for n in store.all_notes(ALICE) if n.set_id == "round-1"]
    assert in_round == first_round
    assert [n.text for n in store.all_notes(ALICE) if n.set_id == "round-2"] == ["r2 q1"]
    assert first_round[0].question == 1 and first_round[0].set_id == "round-1"


def test_all_notes_oldest_first_and_count(store: NoteStore) -> None:
    assert store.count_notes(ALICE) == 0
    assert store.all_notes(ALICE) == []
    saved = add_series(store, ALICE, 7)
    store.save_profile(ALICE, {"visits": 1})  # a profile is not a note
    assert store.all_notes(ALICE) == saved
    assert store.count_notes(ALICE) == 7


def test_delete_note(store: NoteStore) -> None:
    keep, gone = add_series(store, ALICE, 2)
    assert store.delete_note(ALICE, gone.key) is True
    assert store.delete_note(ALICE, gone.key) is False
    assert store.all_notes(ALICE) == [keep]
    with pytest.raises(ValueError):
        store.delete_note(ALICE, "not a key")


def test_delete_note_cannot_reach_another_persons_note(store: NoteStore) -> None:
    alices = store.add_note(ALICE, "alice's")
    assert store.delete_note(BOB, alices.key) is False
    assert store.delete_note(HOME, alices.key) is False
    assert store.delete_note(Owner("amzn1.ask.account.NEIGHBOUR", ALICE.person_id), alices.key) is False
    assert store.all_notes(ALICE) == [alices]


def test_persons_on_one_account_are_kept_apart(store: NoteStore) -> None:
    store.add_note(ALICE, "alice private", question=1, set_id="s")
    store.add_note(BOB, "bob private", question=1, set_id="s")
    store.add_note(HOME, "account's own", question=1, set_id="s")
    store.save_profile(ALICE, {"name": "alice"})
    store.save_profile(HOME, {"name": "home"})
    for owner, text in ((ALICE, "alice private"), (BOB, "bob private"), (HOME, "account's own")):
        assert texts(store.latest_notes(owner, limit=10)) == [text]
        assert texts(store.all_notes(owner)) == [text]
        assert texts(store.notes_for_question(owner, 1)) == [text]
        assert texts(store.notes_between(owner, T0 - timedelta(days=9999), T0 + timedelta(days=9999))) == [text]
        assert store.count_notes(owner) == 1
    assert store.load_profile(ALICE) == {"name": "alice"}
    assert store.load_profile(BOB) == {}
    assert store.load_profile(HOME) == {"name": "home"}


def test_accounts_are_kept_apart(store: NoteStore) -> None:
    same_person_id_elsewhere = Owner(NEIGHBOUR.user_id, ALICE.person_id)
    store.add_note(ALICE, "home alice")
    store.add_note(HOME, "home")
    store.add_note(NEIGHBOUR, "neighbour")
    store.save_profile(HOME, {"who": "home"})
    assert texts(store.all_notes(NEIGHBOUR)) == ["neighbour"]
    assert store.all_notes(same_person_id_elsewhere) == []
    assert store.load_profile(NEIGHBOUR) == {}


def test_delete_person_removes_only_that_person(store: NoteStore) -> None:
    alice2 = Owner(ALICE.user_id, ALICE.person_id + "2")  # an id that starts with Alice's
    add_series(store, ALICE, 3)
    store.add_note(alice2, "alice2 stays")
    store.add_note(BOB, "bob stays")
    store.add_note(HOME, "home stays")
    store.save_profile(ALICE, {"consent": True})
    store.save_profile(BOB, {"consent": True})
    assert store.delete_person(ALICE) == 3
    assert store.all_notes(ALICE) == [] and store.load_profile(ALICE) == {}
    assert texts(store.all_notes(BOB)) == ["bob stays"]
    assert texts(store.all_notes(HOME)) == ["home stays"]
    assert texts(store.all_notes(alice2)) == ["alice2 stays"]
    assert store.load_profile(BOB) == {"consent": True}
    assert store.delete_person(ALICE) == 0


def test_delete_account_removes_every_person_but_not_other_accounts(store: NoteStore) -> None:
    add_series(store, ALICE, 30)  # more than one BatchWriteItem of 25
    add_series(store, BOB, 2)
    add_series(store, HOME, 1)
    add_series(store, NEIGHBOUR, 2)
    for owner in (ALICE, BOB, HOME, NEIGHBOUR):
        store.save_profile(owner, {"visits": 1})
    assert store.delete_account(HOME.user_id) == 33
    for owner in (ALICE, BOB, HOME):
        assert store.all_notes(owner) == []
        assert store.load_profile(owner) == {}
    assert store.count_notes(NEIGHBOUR) == 2
    assert store.load_profile(NEIGHBOUR) == {"visits": 1}
    assert store.delete_account(HOME.user_id) == 0


def test_profile_round_trip(store: NoteStore) -> None:
    assert store.load_profile(ALICE) == {}
    profile = {
        "visits": 12,
        "big": 2**53 + 1,
        "negative": -3,
        "consent": True,
        "declined": False,
        "nothing": None,
        "empty": "",
        "reflection": {"set_id": "round-1", "answered": [1, 2], "next": 3, "deep": {"list": [[0, "x"], {}]}},
    }
    store.save_profile(ALICE, profile)
    loaded = store.load_profile(ALICE)
    assert loaded == profile
    assert type(loaded["visits"]) is int and type(loaded["reflection"]["next"]) is int
    assert type(loaded["reflection"]["answered"][0]) is int and type(loaded["consent"]) is bool
    store.save_profile(ALICE, {"visits": 13})  # saving replaces the whole profile
    assert store.load_profile(ALICE) == {"visits": 13}


def test_profile_refuses_values_a_backend_would_change(store: NoteStore) -> None:
    for bad in ({"score": 6.5}, {1: "int key"}, {"when": T0}, {"pair": (1, 2)}):
        with pytest.raises(TypeError):
            store.save_profile(ALICE, bad)
    assert store.load_profile(ALICE) == {}


def test_awkward_text_survives(store: NoteStore) -> None:
    text = 'Fish & chips <b>not</b> "quoted" \'single\' 😀 ü\nsecond line\r\n\ttab # no-prefix ; DROP TABLE notes;'
    note = store.add_note(ALICE, text)
    assert store.latest_notes(ALICE)[0].text == text
    assert store.all_notes(ALICE) == [note]
    assert store.add_note(ALICE, "").text == ""


def test_bad_arguments_are_refused(store: NoteStore) -> None:
    with pytest.raises(ValueError):
        store.add_note(ALICE, "x", question=4)
    with pytest.raises(ValueError):
        store.add_note(ALICE, "x", created=datetime(2025, 1, 1))  # naive
    with pytest.raises(ValueError):
        store.latest_notes(ALICE, limit=0)
    with pytest.raises(ValueError):
        store.latest_notes(ALICE, before="2025-01-01")
    assert store.count_notes(ALICE) == 0


def test_nothing_lost_when_many_save_at_once(store: NoteStore) -> None:
    threads_count, per_thread = 8, 25
    start = threading.Barrier(threads_count)
    errors: list[BaseException] = []

    def save(worker: int) -> None:
        try:
            start.wait()
            for i in range(per_thread):
                store.add_note(ALICE, f"w{worker} n{i}")
        except BaseException as exc:  # reported below: a thread's exception is otherwise lost
            errors.append(exc)

    workers = [threading.Thread(target=save, args=(w,)) for w in range(threads_count)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    expected = sorted(f"w{w} n{i}" for w in range(threads_count) for i in range(per_thread))
    assert store.count_notes(ALICE) == threads_count * per_thread
    assert sorted(texts(store.all_notes(ALICE))) == expected


# -- one backend ---------------------------------------------------------------------------


def test_sqlite_file_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "folder" / "notes.sqlite3"
    with SqliteNoteStore(path) as first:
        note = first.add_note(ALICE, "remember me", question=2, set_id="r")
        first.save_profile(ALICE, {"visits": 2})
    with SqliteNoteStore(path) as second:
        assert second.all_notes(ALICE) == [note]
        assert second.load_profile(ALICE) == {"visits": 2}


def test_sqlite_failure_is_a_store_error_without_note_text(tmp_path: Path) -> None:
    broken = SqliteNoteStore(tmp_path)  # a directory, not a database file
    with pytest.raises(StoreError) as caught:
        broken.add_note(ALICE, SECRET)
    assert SECRET not in str(caught.value)
    assert ALICE.user_id not in str(caught.value)
    assert caught.value.__cause__ is not None  # the backend error is kept for debugging


def test_dynamodb_failure_is_a_store_error_without_note_text(make_dynamo_store) -> None:
    missing = make_dynamo_store("no-such-table", create=False)
    with pytest.raises(StoreError) as caught:
        missing.add_note(ALICE, SECRET)
    assert "ResourceNotFoundException" in str(caught.value)
    assert SECRET not in str(caught.value) and SECRET not in str(caught.value.__cause__)
    assert ALICE.user_id not in str(caught.value)
    with pytest.raises(StoreError):
        missing.latest_notes(ALICE)
    with pytest.raises(StoreError):
        missing.delete_account(ALICE.user_id)


def test_dynamodb_create_table_is_idempotent(make_dynamo_store) -> None:
    store = make_dynamo_store()
    store.create_table()
    note = store.add_note(ALICE, "still here")
    assert store.all_notes(ALICE) == [note]


def test_open_store_picks_the_backend(tmp_path: Path, dynamodb_server: str) -> None:
    with open_store(Config(store="sqlite", sqlite_path=tmp_path / "n.sqlite3")) as sqlite_store:
        assert isinstance(sqlite_store, SqliteNoteStore)
        sqlite_store.add_note(ALICE, "x")
        assert (tmp_path / "n.sqlite3").exists()
    dynamo_config = Config(store="dynamodb", dynamodb_table="open-store-test", dynamodb_endpoint=dynamodb_server)
    with open_store(dynamo_config) as dynamo_store:
        dynamo_store.create_table()
        assert dynamo_store.add_note(ALICE, "y") in dynamo_store.all_notes(ALICE)
    with pytest.raises(ValueError, match="sqlite"):
        open_store(Config(store="postgres"))


def test_owner_refuses_ids_that_could_reach_other_records() -> None:
    with pytest.raises(ValueError):
        Owner("")
    with pytest.raises(ValueError):
        Owner("acct", "-")
    with pytest.raises(ValueError):
        Owner("acct", "a#note#b")


def test_dynamodb_latest_notes_reads_only_one_page(dynamodb_server: str) -> None:
    import boto3

    from skill.store.dynamodb_store import DynamoNoteStore

    scanned: list[int] = []
    session = boto3.session.Session()
    session.events.register("after-call.dynamodb.Query", lambda parsed, **_: scanned.append(parsed["ScannedCount"]))
    with DynamoNoteStore("latest-reads-little", "us-east-1", endpoint_url=dynamodb_server, session=session) as store:
        store.create_table()
        saved = add_series(store, ALICE, 30)
        scanned.clear()
        assert store.latest_notes(ALICE, limit=3) == saved[:-4:-1]
        assert store.latest_notes(ALICE, limit=3, before=saved[-3].key) == saved[-4:-7:-1]
        assert sum(scanned) <= 3 + 4  # the second page reads one extra: the cursor's own note


def test_saving_the_same_note_again_keeps_one_copy(store):
    owner = Owner("amzn1.ask.account.RETRY")
    created = datetime(2026, 11, 20, 9, 30, tzinfo=timezone.utc)
    first = store.add_note(owner, "said once", question=1, created=created, note_id="a" * 32)
    again = store.add_note(owner, "said once", question=1, created=created, note_id="a" * 32)
    assert again.key == first.key
    assert [n.text for n in store.all_notes(owner)] == ["said once"]
