"""The key hierarchy and the sealing of fields.

passphrase --Argon2id--> key-encryption key --AES-GCM--> master key
recovery code --HKDF---> key-encryption key --AES-GCM--> master key (same one)
master key --AES-GCM--> data keys: one for the vault, one per case

A field is sealed with AES-256-GCM under its data key:
``version (1 byte) || nonce (12) || ciphertext || tag (16)``, the plaintext
padded to a multiple of 32 bytes, the associated data binding the blob to the
vault, table, column, row, case and key version, so that a blob moved
anywhere else fails to open.

The recovery code carries 160 random bits; it needs no stretching, so its
keyslot uses HKDF-SHA256 instead of Argon2id (unlocking with it is instant and
still infeasible to brute-force).
"""

from __future__ import annotations

import base64
import os
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from balintlog.errors import DamagedError, LockedError
from balintlog.i18n import _

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

BLOB_VERSION = 1
NONCE_SIZE = 12
TAG_SIZE = 16
KEY_SIZE = 32
PAD_BLOCK = 32
SALT_SIZE = 16
RECOVERY_BITS = 160

#: Where a blob's nonce ends and its ciphertext (with the tag) begins.
NONCE_END = 1 + NONCE_SIZE
_MIN_BLOB = 1 + NONCE_SIZE + TAG_SIZE

KDF_ARGON2ID = "argon2id"
KDF_HKDF = "hkdf-sha256"


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost: memory in KiB, passes, lanes."""

    memory_kib: int
    iterations: int
    lanes: int

    def describe(self) -> str:
        memory = f"{self.memory_kib // 1024} MiB" if self.memory_kib >= 1024 else f"{self.memory_kib} KiB"
        return f"m={memory}, t={self.iterations}, p={self.lanes}"


#: The floor for real vaults: calibration never goes below it.
MIN_PARAMS = KdfParams(memory_kib=64 * 1024, iterations=3, lanes=4)
#: Bounds checked before deriving, so that a tampered keyslot cannot hang a
#: command or exhaust memory: 1 GiB, 10 passes, 8 lanes each at most ...
MAX_PARAMS = KdfParams(memory_kib=1024 * 1024, iterations=10, lanes=8)
#: ... and memory × passes at most 3 GiB (1 GiB × 3, 384 MiB × 8): the work
#: of a derivation grows with the product; the costliest keyslot these
#: bounds allow takes a few seconds (benchmarks/RESULTS.md). Earlier
#: versions calibrated up to 1 GiB × 3 on a fast machine, so that stays
#: allowed; beyond it only a machine doing 1 GiB three times in under half a
#: second could have calibrated, and its owner sets a new passphrase with
#: the recovery code (whose keyslot needs no Argon2id).
MAX_WORK_KIB = 3 * 1024 * 1024
#: The hidden test KDF: tiny, and only ever accepted together with the
#: vault's test flag (which makes every open warn).
TEST_PARAMS = KdfParams(memory_kib=64, iterations=1, lanes=1)

CALIBRATION_TARGET = (0.5, 1.0)
#: Derivations timed per candidate in :func:`calibrate`; the fastest counts.
CALIBRATION_SAMPLES = 3


def check_params(params: KdfParams, *, test_kdf: bool) -> None:
    """Raise DamagedError unless the parameters are within bounds."""
    if test_kdf and params == TEST_PARAMS:
        return
    ok = (
        MIN_PARAMS.memory_kib <= params.memory_kib <= MAX_PARAMS.memory_kib
        and MIN_PARAMS.iterations <= params.iterations <= MAX_PARAMS.iterations
        and MIN_PARAMS.lanes <= params.lanes <= MAX_PARAMS.lanes
        and params.memory_kib * params.iterations <= MAX_WORK_KIB
    )
    if not ok:
        raise DamagedError(
            _(
                "the passphrase keyslot has KDF parameters outside the allowed bounds "
                "({memory} KiB, t={iterations}, p={lanes}); the vault header was tampered with: restore a backup"
            ).format(memory=params.memory_kib, iterations=params.iterations, lanes=params.lanes),
            hint="recover",
        )


def keyslot_values(
    kind: str, kdf: object, salt: object, costs: tuple[object, object, object], wrapped: object
) -> tuple[str, bytes, KdfParams, bytes]:
    """A keyslot row's values as read from the file (any SQLite type),
    checked: a known KDF, a salt and a wrapped key of the right size, whole
    numbers for the costs (the recovery slot's are all 0). DamagedError
    naming the keyslot otherwise, so that no malformed value reaches the KDF."""

    def damaged(what: str) -> DamagedError:
        slot = _("the {kind} keyslot").format(kind=kind)
        return DamagedError(
            _("{keyslot} has {problem}; the vault header was tampered with: restore a backup").format(
                keyslot=slot, problem=what
            )
        )

    expected_kdf = KDF_ARGON2ID if kind == "passphrase" else KDF_HKDF
    if kdf != expected_kdf:
        shown = kdf if isinstance(kdf, str) and kdf.isprintable() and len(kdf) <= 32 else "?"
        raise damaged(_("an unknown KDF {kdf!r}").format(kdf=shown))
    if not isinstance(salt, bytes) or len(salt) != SALT_SIZE:
        raise damaged(_("a malformed salt"))
    if not isinstance(wrapped, bytes) or len(wrapped) != NONCE_SIZE + KEY_SIZE + TAG_SIZE:
        raise damaged(_("a malformed wrapped key"))
    for name, value in zip(("memory", "passes", "lanes"), costs, strict=True):
        # bool is an int to Python, but SQLite never returns one.
        if type(value) is not int:
            raise damaged(_("a malformed KDF {name} value (not a whole number)").format(name=name))
    memory, iterations, lanes = costs
    assert isinstance(memory, int) and isinstance(iterations, int) and isinstance(lanes, int)
    params = KdfParams(memory, iterations, lanes)
    if kdf == KDF_HKDF and params != KdfParams(0, 0, 0):
        raise damaged(_("KDF parameters although its KDF takes none"))
    return kdf, salt, params, wrapped


def derive_kek(passphrase: bytes, salt: bytes, params: KdfParams) -> bytes:
    """Argon2id(passphrase) -> 32-byte key-encryption key."""
    from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

    return Argon2id(
        salt=salt,
        length=KEY_SIZE,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    ).derive(passphrase)


def derive_recovery_kek(code_bytes: bytes, salt: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(
        algorithm=hashes.SHA256(), length=KEY_SIZE, salt=salt, info=b"balintlog recovery keyslot"
    ).derive(code_bytes)


def derivation_time(params: KdfParams, salt: bytes) -> float:
    """The time one derivation takes, as on an idle machine: the lesser of
    its wall time and its CPU time shared among the lanes that can run at
    once. Other processes taking the processor stretch the wall time but
    not the CPU time, so a busy machine does not calibrate low."""
    parallel = max(1, min(params.lanes, os.cpu_count() or 1))
    wall, cpu = time.perf_counter(), time.process_time()
    derive_kek(b"calibration", salt, params)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return max(min(wall, cpu / parallel), 1e-6)


def _scaled(params: KdfParams, factor: float) -> KdfParams:
    """``params`` with about ``factor`` times the work, memory first (in
    whole MiB), then passes, within the floor and the bounds."""
    work = min(max(params.memory_kib * params.iterations * factor, 0), MAX_WORK_KIB)
    memory = int(work / MIN_PARAMS.iterations) // 1024 * 1024
    memory = min(max(memory, MIN_PARAMS.memory_kib), MAX_PARAMS.memory_kib)
    iterations = min(max(int(work / memory), MIN_PARAMS.iterations), MAX_PARAMS.iterations)
    return KdfParams(memory, iterations, params.lanes)


def calibrate(
    target: tuple[float, float] = CALIBRATION_TARGET,
    measure: Callable[[KdfParams, bytes], float] = derivation_time,
    samples: int = CALIBRATION_SAMPLES,
) -> KdfParams:
    """Pick Argon2id parameters whose derivation takes ``target`` seconds
    here, never below :data:`MIN_PARAMS` nor beyond the bounds. Each
    candidate counts with the fastest of ``samples`` timings (a moment of
    load slows one, not all); a candidate faster than the target needs only
    one. Where the target cannot be met (a very slow or very fast machine),
    the floor or the costliest candidate the bounds allow is taken."""
    low, high = target
    salt = new_salt()
    params = MIN_PARAMS
    tried: dict[KdfParams, float] = {}
    for _round in range(6):
        took = float("inf")
        for _sample in range(samples):
            took = min(took, measure(params, salt))
            if took < low:
                break
        tried[params] = took
        if low <= took <= high or (took > high and params == MIN_PARAMS):
            return params
        params = _scaled(params, (low + high) / 2 / took)
        if params in tried:
            break
    fitting = [p for p, took in tried.items() if took <= high]
    return max(fitting, key=lambda p: p.memory_kib * p.iterations, default=MIN_PARAMS)


def new_key() -> bytes:
    return os.urandom(KEY_SIZE)


def new_salt() -> bytes:
    return os.urandom(SALT_SIZE)


def wrap_key(kek: bytes, key: bytes, ad: bytes) -> bytes:
    """Encrypt a key under a key-encryption key (nonce || ct || tag)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(NONCE_SIZE)
    return nonce + AESGCM(kek).encrypt(nonce, key, ad)


def key_unwrapper(kek: bytes) -> Callable[[bytes, bytes], bytes | None]:
    """:func:`unwrap_key` under one KEK for many keys (one AESGCM object,
    not one per key: a listing of every case unwraps thousands)."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    decrypt = AESGCM(kek).decrypt

    def unwrap(wrapped: bytes, ad: bytes) -> bytes | None:
        try:
            return decrypt(wrapped[:NONCE_SIZE], wrapped[NONCE_SIZE:], ad)
        except (InvalidTag, ValueError):
            return None

    return unwrap


def unwrap_key(kek: bytes, wrapped: bytes, ad: bytes) -> bytes | None:
    """The wrapped key, or None if the KEK is wrong or the blob was altered."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        return AESGCM(kek).decrypt(wrapped[:NONCE_SIZE], wrapped[NONCE_SIZE:], ad)
    except (InvalidTag, ValueError):
        return None


# -- recovery codes ---------------------------------------------------------


def new_recovery_code() -> str:
    """160 random bits as 32 base32 characters in groups of four."""
    raw = base64.b32encode(secrets.token_bytes(RECOVERY_BITS // 8)).decode("ascii")
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def recovery_code_bytes(code: str) -> bytes:
    """Read a recovery code however it was typed (spaces, dashes, case)."""
    import binascii

    norm = "".join(ch for ch in code.upper() if ch.isalnum())
    norm = norm.replace("0", "O").replace("1", "I").replace("8", "B")
    try:
        raw = base64.b32decode(norm)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != RECOVERY_BITS // 8:
        raise LockedError(
            _("that is not a recovery code (32 letters and digits in groups of four); check it and try again")
        )
    return raw


# -- fields -----------------------------------------------------------------


def associated_data(
    vault_id: str, table: str, column: str, row_id: str, case_id: str | None, key_version: int
) -> bytes:
    """What a sealed field is bound to."""
    return ad_prefix(vault_id, table, column) + ad_row(row_id, case_id, key_version)


def ad_prefix(vault_id: str, table: str, column: str) -> bytes:
    """The part of :func:`associated_data` that is the same for a column's
    every row (so that opening many rows builds it once)."""
    return "\x00".join(("balintlog", vault_id, table, column, "")).encode()


def ad_row(row_id: str, case_id: str | None, key_version: int) -> bytes:
    """The part of :func:`associated_data` that is the same for a row's every column."""
    return "\x00".join((row_id, case_id or "", str(key_version))).encode()


def pad(data: bytes) -> bytes:
    """ISO/IEC 7816-4 padding to a multiple of :data:`PAD_BLOCK`."""
    data += b"\x80"
    return data + b"\x00" * (-len(data) % PAD_BLOCK)


def unpad(data: bytes) -> bytes:
    stripped = data.rstrip(b"\x00")
    if not stripped.endswith(b"\x80") or len(data) % PAD_BLOCK:
        raise ValueError("bad padding")
    return stripped[:-1]


class FieldCipher:
    """Seals and opens fields under one data key (one AESGCM object per key,
    reused for every field: creating it is the expensive part)."""

    #: AESGCM and InvalidTag, imported by the first cipher made (a listing
    #: of every case makes thousands; an import statement in each costs as
    #: much as the cipher itself).
    _classes: tuple[type[AESGCM], type[Exception]] | None = None

    def __init__(self, key: bytes) -> None:
        classes = FieldCipher._classes
        if classes is None:
            from cryptography.exceptions import InvalidTag
            from cryptography.hazmat.primitives.ciphers.aead import AESGCM

            classes = FieldCipher._classes = (AESGCM, InvalidTag)
        self._aead: AESGCM = classes[0](key)
        # Looked up once: open() runs for every field of every row read (a
        # verify of a long-kept vault opens close to a million), and an
        # import or attribute lookup there costs as much as a decryption.
        #: ``decrypt(nonce, ciphertext, ad)`` under this key, which checks the
        #: tag (raising InvalidTag); public for the one loop that inlines
        #: :meth:`open` (:func:`balintlog.db.search.find_texts`).
        self.decrypt = self._aead.decrypt
        self._invalid_tag = classes[1]

    def seal(self, text: str, ad: bytes) -> bytes:
        return self.seal_bytes(text.encode("utf-8"), ad)

    def seal_bytes(self, data: bytes, ad: bytes) -> bytes:
        """:meth:`seal` for bytes (a row's previous content in the change log)."""
        nonce = os.urandom(NONCE_SIZE)
        return bytes([BLOB_VERSION]) + nonce + self._aead.encrypt(nonce, pad(data), ad)

    def open_bytes(self, blob: bytes, ad: bytes) -> bytes:
        """The bytes :meth:`seal_bytes` sealed; raises ValueError on any tampering."""
        if len(blob) < _MIN_BLOB or blob[0] != BLOB_VERSION:
            raise ValueError("unknown blob format")
        try:
            return unpad(self.decrypt(blob[1:NONCE_END], blob[NONCE_END:], ad))
        except self._invalid_tag as exc:
            raise ValueError("authentication failed") from exc

    def open(self, blob: bytes, ad: bytes) -> str:
        """The plaintext; raises ValueError on any tampering."""
        if len(blob) < _MIN_BLOB or blob[0] != BLOB_VERSION:
            raise ValueError("unknown blob format")
        try:
            padded = self.decrypt(blob[1:NONCE_END], blob[NONCE_END:], ad)
        except self._invalid_tag as exc:
            raise ValueError("authentication failed") from exc
        # unpad(), inline for the same reason
        stripped = padded.rstrip(b"\x00")
        if stripped[-1:] != b"\x80" or len(padded) % PAD_BLOCK:
            raise ValueError("bad padding")
        return stripped[:-1].decode("utf-8")


def master_key_ad(vault_id: str, slot_kind: str) -> bytes:
    return "\x00".join(("balintlog", vault_id, "keyslot", slot_kind)).encode()


def data_key_ad(vault_id: str, key_id: str, case_id: str | None, version: int) -> bytes:
    return "\x00".join(("balintlog", vault_id, "data_key", key_id, case_id or "", str(version))).encode()


def wrong_passphrase() -> LockedError:
    return LockedError(_("wrong passphrase; try again"), hint="recover")
