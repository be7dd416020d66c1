"""The vault's keyslots: the master key wrapped under the passphrase and
under the recovery code, and their unwrapping.

Where a passphrase comes from (the agent, a file descriptor, a command, a
prompt) is the command line's business (:mod:`balintlog.passphrase`): the
library is handed a :data:`PassphraseSource` and calls it only once the
vault has been found and checked.
"""

from __future__ import annotations

from collections.abc import Callable

from balintlog import vault
from balintlog.db import keyslots
from balintlog.errors import DamagedError, LockedError
from balintlog.store import SLOT_PASSPHRASE, SLOT_RECOVERY, KeyslotRow, Store

#: How the library tells its caller something worth a warning (a test KDF, a
#: vault in a sync folder); the command line prints it on stderr.
Warn = Callable[[str], None]
#: A passphrase, asked for when it is needed.
PassphraseSource = Callable[[], bytes]


def ignore(_msg: str) -> None:
    """The :data:`Warn` of a caller that wants no warnings."""
    return None


def passphrase_slot(store: Store, master: bytes, passphrase: bytes, params: vault.KdfParams) -> KeyslotRow:
    """The master key wrapped under a key derived (Argon2id) from ``passphrase``."""
    salt = vault.new_salt()
    kek = vault.derive_kek(passphrase, salt, params)
    wrapped = vault.wrap_key(kek, master, vault.master_key_ad(store.vault_id, SLOT_PASSPHRASE))
    return KeyslotRow(SLOT_PASSPHRASE, vault.KDF_ARGON2ID, salt, params, wrapped)


def recovery_slot(store: Store, master: bytes, code: str) -> KeyslotRow:
    """The master key wrapped under a key derived (HKDF) from the recovery code."""
    salt = vault.new_salt()
    kek = vault.derive_recovery_kek(vault.recovery_code_bytes(code), salt)
    wrapped = vault.wrap_key(kek, master, vault.master_key_ad(store.vault_id, SLOT_RECOVERY))
    return KeyslotRow(SLOT_RECOVERY, vault.KDF_HKDF, salt, vault.KdfParams(0, 0, 0), wrapped)


def unlock_master_key(store: Store, passphrase: bytes) -> bytes:
    """Derive the KEK from the passphrase (after bounds-checking the stored
    KDF parameters) and unwrap the master key."""
    slot = keyslots.keyslot(store, SLOT_PASSPHRASE)
    if slot.kdf != vault.KDF_ARGON2ID:
        raise DamagedError(f"the passphrase keyslot names an unknown KDF {slot.kdf!r}: restore a backup")
    vault.check_params(slot.params, test_kdf=store.meta().test_kdf)
    kek = vault.derive_kek(passphrase, slot.salt, slot.params)
    master = vault.unwrap_key(kek, slot.wrapped_key, vault.master_key_ad(store.vault_id, SLOT_PASSPHRASE))
    if master is None:
        raise vault.wrong_passphrase()
    return master


def recover_master_key(store: Store, code: str) -> bytes:
    """Unwrap the master key with the recovery code."""
    slot = keyslots.keyslot(store, SLOT_RECOVERY)
    kek = vault.derive_recovery_kek(vault.recovery_code_bytes(code), slot.salt)
    master = vault.unwrap_key(kek, slot.wrapped_key, vault.master_key_ad(store.vault_id, SLOT_RECOVERY))
    if master is None:
        raise LockedError("wrong recovery code; check it (groups of four letters and digits) and try again")
    return master
