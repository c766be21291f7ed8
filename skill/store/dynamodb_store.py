"""Notes in one DynamoDB table (for Lambda), through botocore's low-level client.

botocore alone, not boto3: importing boto3 also imports s3transfer, about 30 ms of every cold
start for nothing this store uses. The few value types it keeps are converted by hand below.

Layout: partition key `user_id` (the Alexa account), sort key `sk`:
    "<person or ->#profile"           the person's profile (attribute `data`, a map)
    "<person or ->#note#<Note.key>"   one item per note, so concurrent saves never collide
    "#disabled"                       the tombstone SkillDisabled leaves: no more writes
Every read of notes is a Query on one partition and one sort-key prefix, so an account never
sees another's items and a person never sees another person's.
"""
from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from itertools import islice
from typing import Any

import botocore.session  # builds nothing at import time, so no region is needed to import this
from botocore.config import Config
from botocore.loaders import Loader
from botocore.exceptions import BotoCoreError, ClientError

from .base import (
    DEFAULT_NOTE_MAX_CHARS,
    AccountDisabled,
    Note,
    NoteStore,
    Owner,
    StoreError,
    check_limit,
    check_profile,
    format_created,
    note_from_record,
    split_key,
)

# Mirrored by the SAM template: keep the two in step.
TABLE_DEFINITION: dict[str, Any] = {
    "KeySchema": [
        {"AttributeName": "user_id", "KeyType": "HASH"},
        {"AttributeName": "sk", "KeyType": "RANGE"},
    ],
    "AttributeDefinitions": [
        {"AttributeName": "user_id", "AttributeType": "S"},
        {"AttributeName": "sk", "AttributeType": "S"},
    ],
    "BillingMode": "PAY_PER_REQUEST",
}

# Alexa waits 8 s for the whole answer: fail fast rather than hang on a slow connection.
_CLIENT_CONFIG = Config(connect_timeout=2, read_timeout=3, retries={"mode": "standard", "max_attempts": 3})
_FILTER_PAGE = 100  # items read per page when a filter (question, set) drops some of them
_BATCH_SIZE = 25  # BatchWriteItem's maximum
_BATCH_ATTEMPTS = 6

_TOMBSTONE_SK = "#disabled"  # person ids never contain "#", so no person's key starts so
# At DEBUG, botocore logs every request's parameters (note text, user ids) and urllib3 every
# connection: whatever level the application sets, these stay at WARNING.
_CHATTY_LOGGERS = ("botocore", "boto3", "urllib3", "s3transfer")


class _ServiceNames:
    """What Loader.list_available_services answers, checked one name at a time. botocore asks
    it only whether the service it is about to load exists, and the full answer lists and stats
    every service it knows: about 60 ms of a cold start here, for one name."""

    def __init__(self, loader: Loader, type_name: str) -> None:
        self._loader, self._type_name = loader, type_name

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and any(
            os.path.isdir(os.path.join(path, name)) for path in self._loader.search_paths)

    def __iter__(self) -> Iterator[str]:  # the full list, for an error message or a listing
        return iter(Loader.list_available_services(self._loader, self._type_name))


class _QuickLoader(Loader):
    def list_available_services(self, type_name: str) -> _ServiceNames:  # type: ignore[override]
        return _ServiceNames(self, type_name)


def _botocore_session() -> botocore.session.Session:
    """A botocore session whose data loader checks only the service asked for (see above);
    its search paths are what botocore.loaders.create_loader would give it."""
    session = botocore.session.get_session()
    data_path = session.get_config_variable("data_path")
    extra = ([os.path.expanduser(os.path.expandvars(p)) for p in data_path.split(os.pathsep)]
             if data_path else None)
    session.register_component("data_loader", _QuickLoader(extra_search_paths=extra))
    return session


def quiet_aws_logging() -> None:
    for name in _CHATTY_LOGGERS:
        logger = logging.getLogger(name)
        if logger.level < logging.WARNING:  # NOTSET included: it would inherit the root's
            logger.setLevel(logging.WARNING)


quiet_aws_logging()



def _to_attribute(value: Any) -> dict:
    """A value in DynamoDB's typed JSON: only the types check_profile lets into a profile."""
    if value is None:
        return {"NULL": True}
    if isinstance(value, bool):
        return {"BOOL": value}
    if isinstance(value, int):
        return {"N": str(value)}
    if isinstance(value, str):
        return {"S": value}
    if isinstance(value, list):
        return {"L": [_to_attribute(item) for item in value]}
    if isinstance(value, dict):
        return {"M": {name: _to_attribute(item) for name, item in value.items()}}
    raise TypeError(f"cannot store a {type(value).__name__} in DynamoDB here")


def _from_attribute(attribute: dict) -> Any:
    ((kind, value),) = attribute.items()
    if kind in ("S", "BOOL"):
        return value
    if kind == "N":
        return int(value)  # profiles hold ints only (see check_profile)
    if kind == "NULL":
        return None
    if kind == "L":
        return [_from_attribute(item) for item in value]
    if kind == "M":
        return {name: _from_attribute(item) for name, item in value.items()}
    raise TypeError(f"unexpected DynamoDB type {kind}")


def _person(owner: Owner) -> str:
    return owner.person_id or "-"


def _note_prefix(owner: Owner) -> str:
    return f"{_person(owner)}#note#"


def _profile_sk(owner: Owner) -> str:
    return f"{_person(owner)}#profile"


def _is_note_sk(sk: str) -> bool:
    return sk.split("#")[1] == "note"  # person ids never contain "#" (see Owner)


def _to_note(item: dict) -> Note:
    return note_from_record(
        item["note_id"]["S"],
        item["created"]["S"],
        item["text"]["S"],
        item.get("question", {}).get("N"),
        item.get("set_id", {}).get("S"),
    )


@contextmanager
def _dynamo_errors(operation: str) -> Iterator[None]:
    """botocore errors become StoreError; only the error code goes in the message."""
    try:
        yield
    except ClientError as exc:
        code = exc.response.get("Error", {}).get("Code", "Unknown")
        raise StoreError(f"DynamoDB {operation} failed: {code}") from exc
    except BotoCoreError as exc:
        raise StoreError(f"DynamoDB {operation} failed: {type(exc).__name__}") from exc


class DynamoNoteStore(NoteStore):
    """Thread-safe: one botocore client (clients are thread-safe; resources and sessions are not)."""

    def __init__(
        self,
        table_name: str,
        region: str,
        endpoint_url: str | None = None,
        session: Any = None,
        note_max_chars: int = DEFAULT_NOTE_MAX_CHARS,
    ) -> None:
        quiet_aws_logging()  # again, in case the application configured logging since import
        self.note_max_chars = note_max_chars
        self._table = table_name
        # A botocore session by default; a boto3 one (tests) offers the same through .client().
        session = session or _botocore_session()
        make_client = session.client if hasattr(session, "client") else session.create_client
        self._client = make_client(
            "dynamodb", region_name=region, endpoint_url=endpoint_url, config=_CLIENT_CONFIG
        )

    def create_table(self, wait: bool = True) -> None:
        """Creates the table if it is missing (tests, local set-up); waits until it is ACTIVE."""
        with _dynamo_errors("CreateTable"):
            try:
                self._client.create_table(TableName=self._table, **TABLE_DEFINITION)
            except ClientError as exc:
                if exc.response.get("Error", {}).get("Code") != "ResourceInUseException":
                    raise
            if wait:
                self._client.get_waiter("table_exists").wait(
                    TableName=self._table, WaiterConfig={"Delay": 1, "MaxAttempts": 120}
                )

    # -- plumbing -------------------------------------------------------------------------

    def _pages(self, key_condition: str, values: dict[str, Any], **query: Any) -> Iterator[dict]:
        """Query pages until the last one; callers stop early by not asking for more."""
        request = {
            "TableName": self._table,
            "KeyConditionExpression": key_condition,
            "ExpressionAttributeValues": {name: _to_attribute(v) for name, v in values.items()},
            "ConsistentRead": True,  # a note just saved must show up when read back
            **query,
        }
        while True:
            with _dynamo_errors("Query"):
                page = self._client.query(**request)
            yield page
            if "LastEvaluatedKey" not in page:
                return
            request["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    def _items(self, key_condition: str, values: dict[str, Any], **query: Any) -> Iterator[dict]:
        for page in self._pages(key_condition, values, **query):
            yield from page.get("Items", [])

    def _prefix_items(
        self, owner: Owner, newest_first: bool, only: tuple[str, Any] | None = None, **query: Any
    ) -> Iterator[dict]:
        """The owner's notes in time order; `only` = (attribute, value) filters them."""
        values: dict[str, Any] = {":u": owner.user_id, ":p": _note_prefix(owner)}
        if only is not None:
            # Placeholders, because attribute names may collide with DynamoDB reserved words.
            query.update(FilterExpression="#f = :f", ExpressionAttributeNames={"#f": only[0]})
            values[":f"] = only[1]
        return self._items(
            "user_id = :u AND begins_with(sk, :p)", values, ScanIndexForward=not newest_first, **query
        )

    def _delete_matching(self, user_id: str, sk_prefix: str | None) -> int:
        """Deletes a partition (or the part under sk_prefix) page by page; returns notes deleted."""
        condition, values = "user_id = :u", {":u": user_id}
        if sk_prefix is not None:
            condition += " AND begins_with(sk, :p)"
            values[":p"] = sk_prefix
        deleted = 0
        for page in self._pages(condition, values, ProjectionExpression="sk"):
            sks = [item["sk"]["S"] for item in page.get("Items", [])
                   if item["sk"]["S"] != _TOMBSTONE_SK]  # a disabled account stays disabled
            for start in range(0, len(sks), _BATCH_SIZE):
                self._batch_delete(user_id, sks[start:start + _BATCH_SIZE])
            deleted += sum(1 for sk in sks if _is_note_sk(sk))
        return deleted

    def _batch_delete(self, user_id: str, sks: list[str]) -> None:
        requests = [{"DeleteRequest": {"Key": {"user_id": {"S": user_id}, "sk": {"S": sk}}}} for sk in sks]
        for attempt in range(_BATCH_ATTEMPTS):
            with _dynamo_errors("BatchWriteItem"):
                response = self._client.batch_write_item(RequestItems={self._table: requests})
            requests = response.get("UnprocessedItems", {}).get(self._table, [])
            if not requests:
                return
            time.sleep(0.05 * 2**attempt)  # unprocessed items mean throttling: back off
        raise StoreError("DynamoDB BatchWriteItem failed: items left unprocessed")

    # -- profiles -------------------------------------------------------------------------

    def load_profile(self, owner: Owner) -> dict:
        with _dynamo_errors("GetItem"):
            response = self._client.get_item(
                TableName=self._table,
                Key={"user_id": {"S": owner.user_id}, "sk": {"S": _profile_sk(owner)}},
                ConsistentRead=True,
            )
        item = response.get("Item")
        return _from_attribute(item["data"]) if item else {}

    def save_profile(self, owner: Owner, profile: dict) -> None:
        check_profile(profile)
        item = {"user_id": {"S": owner.user_id}, "sk": {"S": _profile_sk(owner)},
                "data": _to_attribute(profile)}
        self._write_unless_disabled(owner.user_id, {"TableName": self._table, "Item": item})

    # -- the SkillDisabled tombstone -----------------------------------------------------------

    def _is_disabled(self, user_id: str) -> bool:
        with _dynamo_errors("GetItem"):
            response = self._client.get_item(
                TableName=self._table, ConsistentRead=True,
                Key={"user_id": {"S": user_id}, "sk": {"S": _TOMBSTONE_SK}})
        return "Item" in response

    def _write_unless_disabled(self, user_id: str, put: dict) -> bool:
        """The put, then a strongly consistent read of the account's tombstone; if it is there,
        the item just written is deleted again and AccountDisabled raised. disable_account
        writes the tombstone first and deletes second, so whichever comes first, nothing
        written by a save that raced the event survives it.
        Returns False when the put's own condition failed (the item was already there)."""
        written = True
        with _dynamo_errors("PutItem"):
            try:
                self._client.put_item(**put)
            except ClientError as exc:
                if exc.response.get("Error", {}).get("Code") != "ConditionalCheckFailedException":
                    raise
                written = False
        if self._is_disabled(user_id):
            with _dynamo_errors("DeleteItem"):
                self._client.delete_item(TableName=self._table, Key={
                    "user_id": put["Item"]["user_id"], "sk": put["Item"]["sk"]})
            raise AccountDisabled("the skill was disabled for this account")
        return written

    def _put_tombstone(self, user_id: str) -> None:
        with _dynamo_errors("PutItem"):
            self._client.put_item(TableName=self._table, Item={
                "user_id": {"S": user_id}, "sk": {"S": _TOMBSTONE_SK},
                "disabled": {"S": format_created(datetime.now(timezone.utc))}})

    # -- notes ----------------------------------------------------------------------------

    def _insert_note(self, owner: Owner, note: Note) -> None:
        item = {
            "user_id": {"S": owner.user_id},
            "sk": {"S": _note_prefix(owner) + note.key},
            "note_id": {"S": note.note_id},
            "created": {"S": format_created(note.created)},
            "text": {"S": note.text},
        }
        if note.question is not None:
            item["question"] = {"N": str(note.question)}
        if note.set_id is not None:
            item["set_id"] = {"S": note.set_id}
        # The key is unique (uuid4); the condition makes "never overwrite" explicit. When it
        # fails, this very note was saved by an earlier try: nothing more to do.
        self._write_unless_disabled(owner.user_id, {
            "TableName": self._table, "Item": item,
            "ConditionExpression": "attribute_not_exists(sk)"})

    def latest_notes(self, owner: Owner, limit: int = 3, before: str | None = None) -> list[Note]:
        check_limit(limit)
        if before is None:
            items = self._prefix_items(owner, newest_first=True, Limit=limit)
        else:
            split_key(before)  # refuse a malformed cursor before it shapes a key range
            prefix = _note_prefix(owner)
            # BETWEEN is inclusive: read one extra and drop the cursor's own note if still there.
            items = (
                item
                for item in self._items(
                    "user_id = :u AND sk BETWEEN :lo AND :hi",
                    {":u": owner.user_id, ":lo": prefix, ":hi": prefix + before},
                    ScanIndexForward=False,
                    Limit=limit + 1,
                )
                if item["sk"]["S"] != prefix + before
            )
        return [_to_note(item) for item in islice(items, limit)]

    def notes_between(self, owner: Owner, start: datetime, end: datetime) -> list[Note]:
        low, high = format_created(start), format_created(end)
        if low >= high:
            return []  # DynamoDB refuses BETWEEN with low > high
        prefix = _note_prefix(owner)
        # A note at exactly `end` has sk prefix+high+"_<id>", which sorts above prefix+high.
        items = self._items(
            "user_id = :u AND sk BETWEEN :lo AND :hi",
            {":u": owner.user_id, ":lo": prefix + low, ":hi": prefix + high},
            ScanIndexForward=False,
        )
        return [_to_note(item) for item in items]

    def notes_for_question(self, owner: Owner, question: int, limit: int = 3) -> list[Note]:
        check_limit(limit)
        items = self._prefix_items(owner, newest_first=True, only=("question", question), Limit=_FILTER_PAGE)
        return [_to_note(item) for item in islice(items, limit)]

    def all_notes(self, owner: Owner) -> list[Note]:
        return [_to_note(item) for item in self._prefix_items(owner, newest_first=False)]

    def count_notes(self, owner: Owner) -> int:
        pages = self._pages(
            "user_id = :u AND begins_with(sk, :p)",
            {":u": owner.user_id, ":p": _note_prefix(owner)},
            Select="COUNT",
        )
        return sum(page["Count"] for page in pages)

    def delete_note(self, owner: Owner, key: str) -> bool:
        split_key(key)
        with _dynamo_errors("DeleteItem"):
            response = self._client.delete_item(
                TableName=self._table,
                Key={"user_id": {"S": owner.user_id}, "sk": {"S": _note_prefix(owner) + key}},
                ReturnValues="ALL_OLD",
            )
        return "Attributes" in response

    def delete_person(self, owner: Owner) -> int:
        return self._delete_matching(owner.user_id, f"{_person(owner)}#")

    def delete_account(self, user_id: str) -> int:
        return self._delete_matching(Owner(user_id).user_id, None)  # Owner refuses ""

    def disable_account(self, user_id: str) -> int:
        user_id = Owner(user_id).user_id  # refuses ""
        # First the tombstone, then the deletion: a save that committed before the tombstone is
        # found by the deletion's query, and any later one is refused.
        self._put_tombstone(user_id)
        return self._delete_matching(user_id, None)

    def ping(self) -> None:
        # A read of a key no Alexa id can have: needs only the GetItem the skill already has.
        with _dynamo_errors("GetItem"):
            self._client.get_item(TableName=self._table,
                                  Key={"user_id": {"S": "#health"}, "sk": {"S": "#health"}})

    def close(self) -> None:
        self._client.close()
