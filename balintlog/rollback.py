"""The rollback record: the last change of each vault seen on this machine.

A vault file replaced by an older copy of itself (a backup restored behind
balintlog's back, a synced folder going back in time) is internally
consistent: its chain of changes verifies. What it cannot hide is that its
chain ends before a change this machine has seen, or holds another change
under that number. So after every command that reads or writes a vault,
balintlog records the number and hash of its last change, per vault id, in
the user state directory; the record is sealed with a MAC under a key
derived from the vault's master key, so it cannot be edited unnoticed.

What it cannot see: a vault never opened on this machine (a second machine
has no record), and a rollback to a copy made after the last change seen
here.
"""

from __future__ import annotations

import hmac
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from balintlog.errors import DamagedError
from balintlog.i18n import _
from balintlog.paths import PRIVATE_FILE_MODE, ensure_private_dir, state_dir

_VAULT_ID = re.compile(r"[0-9a-f]{32}")


@dataclass(frozen=True)
class Seen:
    """A change of a vault: its number and its chain hash."""

    seq: int
    hash: bytes


def record_path(vault_id: str) -> Path:
    """The record of one vault (its id checked first: it comes from the file)."""
    if not _VAULT_ID.fullmatch(vault_id):
        raise DamagedError(_("the vault header holds a malformed vault id: restore a backup"))
    return state_dir() / "seen" / f"{vault_id}.json"


def _mac(key: bytes, vault_id: str, seen: Seen) -> bytes:
    message = "\x00".join(("balintlog seen", vault_id, str(seen.seq), seen.hash.hex())).encode()
    return hmac.digest(key, message, "sha256")


def read(key: bytes, vault_id: str) -> Seen | None:
    """The recorded last change of the vault, None if there is none; a
    record that fails its MAC is a DamagedError naming the file."""
    path = record_path(vault_id)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        seen = Seen(int(data["seq"]), bytes.fromhex(data["hash"]))
        mac = bytes.fromhex(data["mac"])
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise DamagedError(
            _("the record of the last change seen on this machine ({path}) is unreadable ({error})").format(
                path=path, error=exc
            )
        ) from None
    if not hmac.compare_digest(mac, _mac(key, vault_id, seen)):
        raise DamagedError(
            _("the record of the last change seen on this machine ({path}) was altered").format(path=path)
        )
    return seen


def write(key: bytes, vault_id: str, seen: Seen) -> None:
    """Record ``seen`` as the vault's last change (atomically: a temp file
    renamed over the old record). Not fsynced: a record lost to a crash is
    an older one, which only makes the check weaker for a while."""
    path = record_path(vault_id)
    ensure_private_dir(path.parent)
    body = json.dumps({"seq": seen.seq, "hash": seen.hash.hex(), "mac": _mac(key, vault_id, seen).hex()})
    temp = path.with_name(f".{path.name}.{os.getpid()}")
    fd = os.open(temp, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, PRIVATE_FILE_MODE)
    try:
        os.write(fd, body.encode())
    finally:
        os.close(fd)
    os.replace(temp, path)


def older_than_seen(recorded: Seen | None, last_seq: int, hash_at: Callable[[int], bytes | None]) -> str | None:
    """Why the vault is older than the one last used here (its chain ends
    before the recorded change, or holds another change under its number),
    or None when it holds the recorded change. ``hash_at(n)``: the chain
    hash of the vault's change ``n``, None if it has none."""
    if recorded is None:
        return None
    found = hash_at(recorded.seq) if recorded.seq <= last_seq else None
    if found is not None and hmac.compare_digest(found, recorded.hash):
        return None
    if recorded.seq > last_seq:
        where = _("it ends at change {last}, change {seen} was seen here").format(last=last_seq, seen=recorded.seq)
    else:
        where = _("its change {seen} is not the one seen here").format(seen=recorded.seq)
    return _(
        "this vault is older than the one last used on this machine ({where}): "
        "was it restored from a backup or replaced?"
    ).format(where=where)
