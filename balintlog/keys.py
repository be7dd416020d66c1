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
from balintlog.i18n import N_, _
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
        raise DamagedError(
            _("the passphrase keyslot names an unknown KDF {kdf!r}: restore a backup").format(kdf=slot.kdf)
        )
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
        raise LockedError(_("wrong recovery code; check it (groups of four letters and digits) and try again"))
    return master


def rewrap_data_keys(store: Store, old_master: bytes, new_master: bytes) -> int:
    """Re-wrap every data key (the vault's, each case's and each identity's)
    under ``new_master``, inside the caller's write transaction. A key that
    does not open under ``old_master`` stops it all (DamagedError naming the
    key, the transaction rolled back). Returns the number of keys."""
    vault_id = store.vault_id
    unwrap = vault.key_unwrapper(old_master)
    kinds = (
        (N_("data key"), keyslots.wrapped_data_keys(store), vault.data_key_ad, keyslots.rewrap_data_key),
        (
            N_("identity key"),
            keyslots.wrapped_identity_keys(store),
            keyslots.identity_key_ad,
            keyslots.rewrap_identity_key,
        ),
    )
    count = 0
    for what, rows, ad_of, rewrap in kinds:
        for key_id, owner, version, wrapped in rows:
            key = None
            if isinstance(wrapped, bytes) and type(version) is int:
                ad = ad_of(vault_id, key_id, owner, version)
                key = unwrap(wrapped, ad)
            if key is None:
                raise DamagedError(
                    _("{what} {id} failed to open (damaged or tampered); nothing was changed").format(
                        what=_(what), id=key_id[:8]
                    ),
                    hint="verify_restore",
                )
            rewrap(store, key_id, vault.wrap_key(new_master, key, ad))
            count += 1
    return count


def after_master_key_changed(store: Store, old_master: bytes, new_master: bytes) -> None:
    """After the master key changed, re-seal under the new key: the one
    place where everything else keyed from the master key is brought over,
    inside the rekey's write transaction, once the data keys and keyslots
    are re-wrapped: the open store's keyring, and every row's seal (the
    seal key is derived from the master key; see :meth:`Store.reseal_all`)."""
    del old_master
    old_sealers = store.sealers
    store.unlock(new_master)
    if store.checking and old_sealers is not None:
        store.reseal_all(old_sealers)
