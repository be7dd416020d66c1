"""The sealing layer and the key hierarchy, below the CLI."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from balintlog import vault
from balintlog.errors import DamagedError, LockedError

KEY = bytes(range(32))
AD = vault.associated_data("vault1", "balint_case", "title", "row1", "case1", 1)


def test_blob_layout_version_nonce_padding() -> None:
    cipher = vault.FieldCipher(KEY)
    blob = cipher.seal("abc", AD)
    assert blob[0] == vault.BLOB_VERSION
    # version + nonce + 32 padded bytes + tag
    assert len(blob) == 1 + 12 + 32 + 16
    assert len(cipher.seal("x" * 31, AD)) == len(blob)
    assert len(cipher.seal("x" * 32, AD)) == len(blob) + 32


def test_fresh_nonce_per_encryption() -> None:
    cipher = vault.FieldCipher(KEY)
    blobs = {cipher.seal("same text", AD) for _ in range(50)}
    assert len(blobs) == 50
    assert len({b[1:13] for b in blobs}) == 50


@pytest.mark.parametrize(
    "other",
    [
        vault.associated_data("vault2", "balint_case", "title", "row1", "case1", 1),
        vault.associated_data("vault1", "presentation", "title", "row1", "case1", 1),
        vault.associated_data("vault1", "balint_case", "client", "row1", "case1", 1),
        vault.associated_data("vault1", "balint_case", "title", "row2", "case1", 1),
        vault.associated_data("vault1", "balint_case", "title", "row1", "case2", 1),
        vault.associated_data("vault1", "balint_case", "title", "row1", None, 1),
        vault.associated_data("vault1", "balint_case", "title", "row1", "case1", 2),
    ],
    ids=["vault", "table", "column", "row", "case", "no-case", "key-version"],
)
def test_blob_moved_anywhere_else_fails(other: bytes) -> None:
    cipher = vault.FieldCipher(KEY)
    blob = cipher.seal("secret", AD)
    with pytest.raises(ValueError):
        cipher.open(blob, other)


def test_wrong_key_fails() -> None:
    blob = vault.FieldCipher(KEY).seal("secret", AD)
    with pytest.raises(ValueError):
        vault.FieldCipher(bytes(32)).open(blob, AD)


@settings(max_examples=200)
@given(st.text())
def test_any_plaintext_round_trips(text: str) -> None:
    cipher = vault.FieldCipher(KEY)
    assert cipher.open(cipher.seal(text, AD), AD) == text


@settings(max_examples=200)
@given(st.text(max_size=80), st.data())
def test_any_mutation_of_a_blob_is_rejected(text: str, data: st.DataObject) -> None:
    cipher = vault.FieldCipher(KEY)
    blob = bytearray(cipher.seal(text, AD))
    mutation = data.draw(st.sampled_from(["flip", "truncate", "extend"]))
    if mutation == "flip":
        pos = data.draw(st.integers(0, len(blob) - 1))
        blob[pos] ^= data.draw(st.integers(1, 255))
    elif mutation == "truncate":
        del blob[data.draw(st.integers(0, len(blob) - 1)) :]
    else:
        blob += data.draw(st.binary(min_size=1, max_size=40))
    with pytest.raises(ValueError):
        cipher.open(bytes(blob), AD)


@settings(max_examples=100)
@given(st.binary(max_size=64), st.binary(max_size=64))
def test_any_associated_data_change_is_rejected(left: bytes, right: bytes) -> None:
    cipher = vault.FieldCipher(KEY)
    blob = cipher.seal("text", left)
    if left != right:
        with pytest.raises(ValueError):
            cipher.open(blob, right)


def test_padding_round_trip_and_rejects_garbage() -> None:
    for n in range(70):
        data = bytes([65]) * n
        padded = vault.pad(data)
        assert len(padded) % 32 == 0
        assert vault.unpad(padded) == data
    with pytest.raises(ValueError):
        vault.unpad(b"\x00" * 32)


def test_key_wrapping() -> None:
    kek, key = vault.new_key(), vault.new_key()
    wrapped = vault.wrap_key(kek, key, b"ad")
    assert vault.unwrap_key(kek, wrapped, b"ad") == key
    assert vault.unwrap_key(vault.new_key(), wrapped, b"ad") is None
    assert vault.unwrap_key(kek, wrapped, b"other") is None


def test_recovery_code_format_and_tolerant_reading() -> None:
    code = vault.new_recovery_code()
    groups = code.split("-")
    assert len(groups) == 8 and all(len(g) == 4 for g in groups)
    raw = vault.recovery_code_bytes(code)
    assert len(raw) * 8 == 160
    assert vault.recovery_code_bytes(code.lower().replace("-", " ")) == raw
    with pytest.raises(LockedError):
        vault.recovery_code_bytes("not a code")


def test_kdf_bounds() -> None:
    vault.check_params(vault.MIN_PARAMS, test_kdf=False)
    vault.check_params(vault.TEST_PARAMS, test_kdf=True)
    # The most an earlier calibration could pick on a fast machine still opens.
    vault.check_params(vault.KdfParams(1024 * 1024, 3, 4), test_kdf=False)
    with pytest.raises(DamagedError):
        vault.check_params(vault.TEST_PARAMS, test_kdf=False)
    for bad in (
        vault.KdfParams(1024**3, 3, 4),  # 1 TiB
        vault.KdfParams(64 * 1024, 1000, 4),
        vault.KdfParams(64 * 1024, 3, 255),
        vault.KdfParams(1024, 3, 4),
        vault.KdfParams(64 * 1024, 2, 4),
        vault.KdfParams(1024 * 1024, 4, 4),  # each within its bound, but too much work together
        vault.KdfParams(-64 * 1024, 3, 4),
    ):
        with pytest.raises(DamagedError):
            vault.check_params(bad, test_kdf=False)


def _cost(params: vault.KdfParams) -> float:
    """A fake machine on which MIN_PARAMS takes 0.2 s and time grows with memory × passes."""
    return params.memory_kib * params.iterations / (64 * 1024 * 3) * 0.2


def test_calibration_never_goes_below_the_floor_and_grows_memory_first() -> None:
    tried: list[vault.KdfParams] = []

    def measure(params: vault.KdfParams, _salt: bytes) -> float:
        tried.append(params)
        return _cost(params)

    params = vault.calibrate(measure=measure)
    assert tried[0] == vault.MIN_PARAMS
    assert params.memory_kib > vault.MIN_PARAMS.memory_kib
    assert params.iterations == 3 and params.lanes == 4
    assert 0.5 <= _cost(params) <= 1.0


def test_calibration_on_a_loaded_machine_counts_the_fastest_derivation() -> None:
    # Other processes make every first timing of a candidate three times as slow.
    seen: set[vault.KdfParams] = set()

    def measure(params: vault.KdfParams, _salt: bytes) -> float:
        first = params not in seen
        seen.add(params)
        return _cost(params) * (3 if first else 1)

    params = vault.calibrate(measure=measure)
    assert 0.5 <= _cost(params) <= 1.0


def test_calibration_stays_within_the_floor_and_the_bounds() -> None:
    # A very slow machine keeps the floor; a very fast one gets the costliest allowed.
    assert vault.calibrate(measure=lambda p, _s: _cost(p) * 20) == vault.MIN_PARAMS
    fastest = vault.calibrate(measure=lambda p, _s: _cost(p) / 100)
    vault.check_params(fastest, test_kdf=False)
    assert fastest.memory_kib * fastest.iterations == vault.MAX_WORK_KIB


def test_real_argon2id_is_deterministic_and_salted() -> None:
    # The only test that runs the real KDF at its floor parameters.
    salt = b"s" * 16
    one = vault.derive_kek(b"pass", salt, vault.MIN_PARAMS)
    assert one == vault.derive_kek(b"pass", salt, vault.MIN_PARAMS)
    assert one != vault.derive_kek(b"pass", b"t" * 16, vault.MIN_PARAMS)
    assert len(one) == 32
