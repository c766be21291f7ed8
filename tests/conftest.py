"""Shared pytest fixtures. Each section belongs to one part of the skill."""
from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

# ============================================================================================
# Store fixtures (skill.store): a real SQLite file, and a real moto DynamoDB server over HTTP.
# ============================================================================================

STORE_REGION = "us-east-1"


@pytest.fixture(scope="session")
def dynamodb_server() -> Iterator[str]:
    """Endpoint URL of a moto DynamoDB server on loopback, with fake credentials for the session."""
    from moto.server import ThreadedMotoServer

    with pytest.MonkeyPatch.context() as env:
        for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SECURITY_TOKEN", "AWS_SESSION_TOKEN"):
            env.setenv(name, "testing")
        # Never let a developer's real AWS profile or config reach the tests.
        env.delenv("AWS_PROFILE", raising=False)
        env.setenv("AWS_CONFIG_FILE", "/nonexistent/aws-config")
        env.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/aws-credentials")
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)  # 0: a free port
        server.start()
        try:
            host, port = server.get_host_and_port()
            yield f"http://{host}:{port}"
        finally:
            server.stop()


@pytest.fixture
def make_dynamo_store(dynamodb_server: str):
    """Builds DynamoNoteStores on the moto server; a fresh table unless a name is given."""
    from skill.store.dynamodb_store import DynamoNoteStore

    stores = []

    def make(table_name: str | None = None, create: bool = True) -> DynamoNoteStore:
        store = DynamoNoteStore(
            table_name or f"notes-{uuid.uuid4().hex}", STORE_REGION, endpoint_url=dynamodb_server
        )
        if create:
            store.create_table()
        stores.append(store)
        return store

    yield make
    for store in stores:
        store.close()


@pytest.fixture(params=["sqlite", "dynamodb"])
def store(request: pytest.FixtureRequest, tmp_path: Path):
    """A fresh, empty NoteStore of each backend."""
    if request.param == "sqlite":
        from skill.store.sqlite_store import SqliteNoteStore

        with SqliteNoteStore(tmp_path / "db" / "notes.sqlite3") as sqlite_store:
            yield sqlite_store
    else:
        yield request.getfixturevalue("make_dynamo_store")()
