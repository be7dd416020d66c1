"""Replacing keys: a new master key (``rekey``) and a new recovery code
(``recovery-code``).

``passwd`` re-wraps the same master key under a new passphrase, so an old
copy of the vault with the old passphrase still yields the master key that
opens the live vault. :func:`rekey` makes a new master key, re-wraps every
data key (the vault's and each case's) under it and writes both keyslots
anew, in one write transaction: the old passphrase slot and recovery code of
any earlier copy then yield a key that opens nothing in the live vault. The
data keys themselves stay (re-encrypting every field is not needed for
that), so an earlier copy still opens with its own old keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from balintlog import vault
from balintlog.errors import DamagedError

if TYPE_CHECKING:
    from balintlog.journal import Journal
    from balintlog.store import Store


@dataclass(frozen=True)
class Rekeyed:
    #: The new recovery code, to be shown once.
    recovery_code: str
    #: Data keys re-wrapped under the new master key.
    data_keys: int


def rewrap_data_keys(store: Store, old_master: bytes, new_master: bytes) -> int:
    """Re-wrap every data key under ``new_master``, inside the caller's
    write transaction. A key that does not open under ``old_master`` stops
    it all (DamagedError naming the key): nothing is changed then."""
    vault_id = store.vault_id
    unwrap = vault.key_unwrapper(old_master)
    rows = store.conn.exec_driver_sql("SELECT id, case_id, version, wrapped_key FROM data_key").all()
    for key_id, case_id, version, wrapped in rows:
        ad = vault.data_key_ad(vault_id, key_id, case_id, version)
        key = unwrap(wrapped, ad) if isinstance(wrapped, bytes) else None
        if key is None:
            raise DamagedError(
                f"data key {key_id[:8]} failed to open (damaged or tampered); nothing was changed: "
                "run 'balintlog verify' and restore a backup"
            )
        store.conn.exec_driver_sql(
            "UPDATE data_key SET wrapped_key = ? WHERE id = ?", (vault.wrap_key(new_master, key, ad), key_id)
        )
    return len(rows)


def after_master_key_changed(store: Store, old_master: bytes, new_master: bytes) -> None:
    """After the master key changed, re-seal under the new key: the one
    place where everything else keyed from the master key is brought over,
    inside the rekey's write transaction, once the data keys and keyslots
    are re-wrapped. Today that is the open store's keyring."""
    del old_master
    store.unlock(new_master)


def rekey(journal: Journal, passphrase: bytes) -> Rekeyed:
    """A new master key for the vault of ``journal``: every data key
    re-wrapped under it, the passphrase keyslot written anew for
    ``passphrase`` (the one the journal was unlocked with: the passphrase
    stays) with the same KDF cost, and a new recovery code. One write
    transaction, then the WAL is checkpointed so that the old wrapped keys
    do not linger in it."""
    from balintlog.journal import _passphrase_slot, _recovery_slot

    store = journal.store
    old_master = journal.master_key
    params = journal.kdf_params()
    new_master = vault.new_key()
    code = vault.new_recovery_code()
    try:
        with store.transaction(write=True):
            count = rewrap_data_keys(store, old_master, new_master)
            store.put_keyslot(_passphrase_slot(store, new_master, passphrase, params), journal.today)
            store.put_keyslot(_recovery_slot(store, new_master, code), journal.today)
            after_master_key_changed(store, old_master, new_master)
    except BaseException:
        store.unlock(old_master)  # rolled back: the vault keeps the old key
        raise
    store.checkpoint()
    return Rekeyed(code, count)


def new_recovery_code(journal: Journal) -> str:
    """A new recovery code for the vault of ``journal``; the old one stops
    opening this vault file (a copy made earlier keeps its own)."""
    from balintlog.journal import _recovery_slot

    store = journal.store
    code = vault.new_recovery_code()
    with store.transaction(write=True):
        store.put_keyslot(_recovery_slot(store, journal.master_key, code), journal.today)
    store.checkpoint()
    return code
