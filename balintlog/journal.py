"""The library API: every use case of balintlog as a method of :class:`Journal`.

The CLI is a thin client of this module; tests and reports use it directly.
A Journal is an unlocked vault: open it with :meth:`Journal.unlock` (or
:meth:`Journal.create` for a new one) and close it when done.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from balintlog import vault
from balintlog.errors import BalintlogError, DamagedError, LockedError
from balintlog.store import SLOT_PASSPHRASE, SLOT_RECOVERY, KeyslotRow, Store

Warn = Callable[[str], None]
PassphraseSource = Callable[[], bytes]

TEST_KDF_WARNING = (
    "warning: this vault uses the insecure test KDF; never keep real notes in it"
)


def _ignore(_msg: str) -> None:
    return None


@dataclass(frozen=True)
class VerifyResult:
    fields: int
    failures: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.failures


class Journal:
    """An unlocked vault."""

    def __init__(
        self, store: Store, *, today: dt.date, warn: Warn = _ignore, now: dt.datetime | None = None
    ) -> None:
        self.store = store
        self.today = today
        self.warn = warn
        #: The time of day (the CLI's clock); session start and end times come from it.
        self.now = now if now is not None else dt.datetime.combine(today, dt.datetime.now().time())

    # -- lifecycle ----------------------------------------------------------

    @classmethod
    def create(
        cls,
        path: Path,
        passphrase: bytes,
        *,
        today: dt.date,
        test_kdf: bool = False,
        params: vault.KdfParams | None = None,
        warn: Warn = _ignore,
        now: dt.datetime | None = None,
    ) -> tuple[Journal, str]:
        """Create a vault at ``path``. Returns the journal and the recovery
        code, which is shown once and stored nowhere."""
        if path.exists():
            from balintlog.errors import ConflictError

            raise ConflictError(f"a vault already exists at {path}; use it, or choose another --vault")
        if test_kdf:
            params = vault.TEST_PARAMS
        elif params is None:
            params = vault.calibrate()
        store = Store.create(path, test_kdf=test_kdf, today=today)
        try:
            master = vault.new_key()
            code = vault.new_recovery_code()
            with store.transaction(write=True):
                store.put_keyslot(_passphrase_slot(store, master, passphrase, params), today)
                store.put_keyslot(_recovery_slot(store, master, code), today)
                store.create_data_key(master, None)
        except BaseException:
            store.close()
            for suffix in ("", "-wal", "-shm"):
                path.with_name(path.name + suffix).unlink(missing_ok=True)
            raise
        store.unlock(master)
        if test_kdf:
            warn(TEST_KDF_WARNING)
        return cls(store, today=today, warn=warn, now=now), code

    @classmethod
    def unlock(
        cls,
        path: Path,
        passphrase: PassphraseSource,
        *,
        today: dt.date,
        warn: Warn = _ignore,
        now: dt.datetime | None = None,
    ) -> Journal:
        """Open the vault at ``path`` with the passphrase ``passphrase()``
        returns (asked only after the vault was found and checked)."""
        store = Store.open(path)
        try:
            master = unlock_master_key(store, passphrase())
        except BaseException:
            store.close()
            raise
        store.unlock(master)
        if store.meta().test_kdf:
            warn(TEST_KDF_WARNING)
        return cls(store, today=today, warn=warn, now=now)

    @classmethod
    def with_master_key(
        cls,
        path: Path,
        master_key: bytes,
        *,
        today: dt.date,
        warn: Warn = _ignore,
        now: dt.datetime | None = None,
    ) -> Journal:
        """Open with a master key held by the agent; the key is checked
        against the vault's own data key before anything is trusted."""
        store = Store.open(path)
        store.unlock(master_key)
        try:
            store.data_key(master_key, None)
        except DamagedError:
            store.close()
            raise LockedError("the agent holds the key of another vault; run 'balintlog lock'") from None
        if store.meta().test_kdf:
            warn(TEST_KDF_WARNING)
        return cls(store, today=today, warn=warn, now=now)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @property
    def master_key(self) -> bytes:
        keys = self.store.keys
        if keys is None:
            raise LockedError("the vault is locked")
        return keys.master_key

    # -- keys -----------------------------------------------------------------

    def change_passphrase(self, new_passphrase: bytes, *, params: vault.KdfParams | None = None) -> None:
        """Re-wrap the master key under a new passphrase. The data is not
        re-encrypted: backups made earlier still open with the old one."""
        if params is None:
            params = vault.TEST_PARAMS if self.store.meta().test_kdf else vault.calibrate()
        with self.store.transaction(write=True):
            self.store.put_keyslot(
                _passphrase_slot(self.store, self.master_key, new_passphrase, params), self.today
            )
        self.store.checkpoint()

    def kdf_params(self) -> vault.KdfParams:
        """The Argon2id parameters of the passphrase keyslot."""
        return self.store.keyslot(SLOT_PASSPHRASE).params

    def verify(self, progress: Callable[[int, int], None] | None = None) -> VerifyResult:
        """Open every sealed field of the vault; each failure names its record."""
        fields, failures = self.store.verify(progress)
        return VerifyResult(fields, tuple(failures))

    # -- groups and members ---------------------------------------------------

    # -- sessions and blocks ----------------------------------------------------

    # -- cases, presentations, resonances ----------------------------------------

    # -- session notes, drafts, search --------------------------------------------

    # -- reports ------------------------------------------------------------------

    # -- backups --------------------------------------------------------------------


def _passphrase_slot(store: Store, master: bytes, passphrase: bytes, params: vault.KdfParams) -> KeyslotRow:
    salt = vault.new_salt()
    kek = vault.derive_kek(passphrase, salt, params)
    wrapped = vault.wrap_key(kek, master, vault.master_key_ad(store.vault_id, SLOT_PASSPHRASE))
    return KeyslotRow(SLOT_PASSPHRASE, vault.KDF_ARGON2ID, salt, params, wrapped)


def _recovery_slot(store: Store, master: bytes, code: str) -> KeyslotRow:
    salt = vault.new_salt()
    kek = vault.derive_recovery_kek(vault.recovery_code_bytes(code), salt)
    wrapped = vault.wrap_key(kek, master, vault.master_key_ad(store.vault_id, SLOT_RECOVERY))
    return KeyslotRow(SLOT_RECOVERY, vault.KDF_HKDF, salt, vault.KdfParams(0, 0, 0), wrapped)


def unlock_master_key(store: Store, passphrase: bytes) -> bytes:
    """Derive the KEK from the passphrase (after bounds-checking the stored
    KDF parameters) and unwrap the master key."""
    slot = store.keyslot(SLOT_PASSPHRASE)
    if slot.kdf != vault.KDF_ARGON2ID:
        raise DamagedError(f"the passphrase keyslot names an unknown KDF {slot.kdf!r}: restore a backup")
    vault.check_params(slot.params, test_kdf=store.meta().test_kdf)
    kek = vault.derive_kek(passphrase, slot.salt, slot.params)
    master = vault.unwrap_key(kek, slot.wrapped_key, vault.master_key_ad(store.vault_id, SLOT_PASSPHRASE))
    if master is None:
        raise vault.wrong_passphrase()
    return master


def recover(
    path: Path,
    code: str,
    new_passphrase: bytes,
    *,
    today: dt.date,
    params: vault.KdfParams | None = None,
    warn: Warn = _ignore,
) -> Journal:
    """Open the vault with its recovery code and set a new passphrase."""
    store = Store.open(path)
    try:
        slot = store.keyslot(SLOT_RECOVERY)
        kek = vault.derive_recovery_kek(vault.recovery_code_bytes(code), slot.salt)
        master = vault.unwrap_key(kek, slot.wrapped_key, vault.master_key_ad(store.vault_id, SLOT_RECOVERY))
        if master is None:
            raise LockedError("wrong recovery code; check it (groups of four letters and digits) and try again")
    except BaseException:
        store.close()
        raise
    store.unlock(master)
    journal = Journal(store, today=today, warn=warn)
    journal.change_passphrase(new_passphrase, params=params)
    return journal


def describe_error(exc: BaseException) -> str:
    """One line for any BalintlogError (used by the CLI boundary)."""
    if isinstance(exc, BalintlogError):
        return str(exc)
    return f"unexpected {type(exc).__name__}; run again with --debug for details"
