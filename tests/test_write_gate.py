"""Every change to the vault passes the journal's write gate,
``Journal.writing(command)``; the store refuses any other."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from conftest import PASSPHRASE, TODAY

from balintlog.db import keyslots, maintenance
from balintlog.db.engine import UngatedWriteError
from balintlog.db.schema import T_ATTENDANCE, T_GROUP, new_id
from balintlog.domain import SessionNotes
from balintlog.journal import Journal
from balintlog.keys import passphrase_slot
from balintlog.template import CaseNote
from balintlog.vault import TEST_PARAMS

GROUP_ROW = dict(handle="nord", name="North", kind="block", setting="open", institution="", co_leader="",
                 start=TODAY, session_minutes=90, block_size=4)


def _writes(journal: Journal) -> dict[str, Callable[[], Any]]:
    store, key = journal.store, journal.master_key
    return {
        "insert": lambda: store.insert_row(T_GROUP, GROUP_ROW),
        "update": lambda: store.update_row(T_GROUP, journal.groups.get("nord").id, {"name": "changed"}),
        "delete": lambda: store.delete_rows(T_ATTENDANCE),
        "keyslot": lambda: keyslots.put_keyslot(store, passphrase_slot(store, key, b"x" * 8, TEST_PARAMS), TODAY),
        "data key": lambda: keyslots.create_data_key(store, key, None),
        "raw SQL": lambda: maintenance.raw(store, "DELETE FROM member"),
    }


@pytest.mark.parametrize("write", ["insert", "update", "delete", "keyslot", "data key", "raw SQL"])
def test_a_store_write_outside_the_gate_is_refused(journal_factory: Callable[..., Journal], write: str) -> None:
    journal = journal_factory()
    journal.groups.add("nord", "North", "block", TODAY)
    with pytest.raises(UngatedWriteError), journal.store.transaction(write=True):
        _writes(journal)[write]()
    assert [g.name for g in journal.groups.all()] == ["North"]


def test_inside_the_gate_the_store_writes(journal_factory: Callable[..., Journal]) -> None:
    journal = journal_factory()
    with journal.writing("test") as write:
        journal.store.insert_row(T_GROUP, {**GROUP_ROW, "id": new_id()})
    assert write.command == "test"
    assert [g.handle for g in journal.groups.all()] == ["nord"]


def test_every_journal_write_names_its_command_at_the_gate(journal_factory: Callable[..., Journal]) -> None:
    journal = journal_factory()
    seen: list[str] = []
    opened = journal.store.write_transaction

    @contextmanager
    def recording(command: str) -> Iterator[Any]:
        seen.append(command)
        with opened(command) as conn:
            yield conn

    journal.store.write_transaction = recording  # type: ignore[method-assign]
    journal.groups.add("nord", "North", "block", TODAY - dt.timedelta(days=30))
    journal.groups.edit("nord", name="Nord")
    journal.groups.add_member("nord", "M1", "judge")
    journal.groups.add_member("nord", "M2", "judge")
    journal.groups.edit_member("nord", "M2", field="family court")
    journal.sessions.start("nord", TODAY, block=False, present=["M1"])
    journal.sessions.attend(None, ["M2"])
    journal.sessions.set_notes(None, SessionNotes(atmosphere="calm"))
    added = journal.cases.add(None, CaseNote(title="A case", presenter="M1"))
    journal.cases.add_resonance(added.case.number, "affect", "client", "silence")
    journal.cases.close(added.case.number)
    draft = journal.drafts.save("case", "text")
    journal.drafts.discard(draft)
    journal.sessions.end("nord")
    journal.cases.delete(added.case.number)
    journal.groups.member_leaves("nord", "M2", TODAY)
    journal.groups.close("nord", TODAY)
    journal.change_passphrase(PASSPHRASE.encode() + b"!", params=TEST_PARAMS)
    assert seen == [
        "group add", "group edit", "member add", "member add", "member edit", "session start", "session attend",
        "session note", "case add", "resonance add", "case close", "draft save", "draft discard", "session end",
        "case delete", "member leave", "group close", "passwd",
    ]
