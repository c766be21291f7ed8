"""The commands a new user types, run as they would run them."""
import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

from skill.content import load_content
from skill.store import Owner, open_store
from skill.config import Config

REPO = Path(__file__).resolve().parent.parent
EN = load_content("en-US")


def run(*args: str, db: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PAINCHATS_SQLITE_PATH": str(db)}
    return subprocess.run([sys.executable, "-m", "skill", *args], cwd=REPO, env=env, input=stdin,
                          capture_output=True, text=True, timeout=60)


def test_chat_prints_one_spoken_reply_per_turn(tmp_path):
    result = run("chat", "--say", "should I stop exercising?", "--say", "tell me more",
                 "--say", "stop", db=tmp_path / "s.sqlite3")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    assert lines[0] == f"{EN.spoken(EN.topics['stop_exercising'].short)} " \
                       f"{EN.spoken(EN.topics['stop_exercising'].follow_up)}"
    assert lines[1].startswith(EN.spoken(EN.topics["stop_exercising"].more))
    assert lines[2] == EN.phrase("goodbye")
    assert "<speak>" not in result.stdout


def test_chat_json_prints_full_response_envelopes(tmp_path):
    result = run("chat", "--json", "--say", "does stretching help", db=tmp_path / "s.sqlite3")
    envelope = json.loads(result.stdout)
    assert envelope["version"] == "1.0"
    assert envelope["response"]["outputSpeech"]["ssml"].startswith("<speak>")
    assert envelope["response"]["shouldEndSession"] is False
    assert envelope["response"]["card"]["type"] == "Simple"


def test_chat_locale_picks_the_emergency_number(tmp_path):
    result = run("chat", "--locale", "en-GB", "--say", "i was in a car accident",
                 db=tmp_path / "s.sqlite3")
    assert "nine nine nine" in result.stdout and "nine one one" not in result.stdout


def test_chat_reads_turns_from_a_pipe(tmp_path):
    result = run("chat", db=tmp_path / "s.sqlite3", stdin=f"open {EN.invocation_name}\nhelp\n")
    lines = result.stdout.splitlines()
    assert lines[0].startswith(EN.phrase("welcome_first"))
    assert lines[1].startswith(EN.phrase("help"))


def test_the_returning_welcome_survives_between_runs(tmp_path):
    db = tmp_path / "s.sqlite3"
    run("chat", "--say", f"open {EN.invocation_name}", db=db)
    again = run("chat", "--say", f"open {EN.invocation_name}", db=db)
    assert again.stdout.startswith(EN.phrase("welcome_return"))


def test_notes_export_and_delete(tmp_path):
    db = tmp_path / "s.sqlite3"
    store = open_store(Config(sqlite_path=db))
    me, other = Owner("amzn1.ask.account.ME"), Owner("amzn1.ask.account.ME", "amzn1.ask.person.P")
    store.add_note(me, "walking helps, mostly", question=1)
    store.add_note(me, "ask about \"core\" work")
    store.add_note(other, "someone else's note")

    md = run("notes", "export", "--user", me.user_id, "--timezone", "Europe/London", db=db)
    assert "Europe/London" in md.stdout
    assert "walking helps, mostly" in md.stdout and EN.questions[0].title in md.stdout
    assert "someone else's note" not in md.stdout

    rows = list(csv.DictReader(io.StringIO(run("notes", "export", "--user", me.user_id,
                                               "--format", "csv", db=db).stdout)))
    assert [r["text"] for r in rows] == ["walking helps, mostly", 'ask about "core" work']

    as_json = json.loads(run("notes", "export", "--user", me.user_id, "--person",
                             other.person_id, "--format", "json", db=db).stdout)
    assert [n["text"] for n in as_json] == ["someone else's note"]

    deleted = run("notes", "delete", "--user", me.user_id, db=db)
    assert deleted.returncode == 0 and "deleted 2" in deleted.stderr
    assert store.count_notes(me) == 0 and store.count_notes(other) == 1, "only the shared notes"
    everyone = run("notes", "delete", "--user", me.user_id, "--everyone", db=db)
    assert everyone.returncode == 0 and "deleted 1" in everyone.stderr
    assert store.count_notes(other) == 0


def test_model_check_passes_on_the_committed_model():
    result = subprocess.run([sys.executable, "-m", "skill", "model", "check"], cwd=REPO,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
