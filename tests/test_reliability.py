"""Short runs of the reliability harnesses in benchmarks/reliability.py (the
long runs and their figures are in benchmarks/RESULTS.md), and regression
tests for what they found."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from balintlog.dates import parse_date
from balintlog.errors import UsageError

ROOT = Path(__file__).resolve().parents[1]


def _load_harness() -> ModuleType:
    spec = importlib.util.spec_from_file_location("reliability", ROOT / "benchmarks" / "reliability.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["reliability"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


reliability = _load_harness()


# -- fuzzing ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", reliability.FUZZ_PROPERTIES)
def test_fuzzed_property_holds(name: str) -> None:
    assert reliability.fuzz_property(name, 150) >= 100


def test_a_number_dateutil_cannot_divide_is_a_usage_error() -> None:
    # Found by the fuzzer: dateutil let decimal.InvalidOperation out.
    with pytest.raises(UsageError, match="cannot read date"):
        parse_date("0:10000000000000000000000000000A", today=dt.date(2000, 1, 1))


# -- disk full ----------------------------------------------------------------------------------------------


def test_init_on_a_full_disk_fails_in_one_line_and_leaves_no_vault(tmp_path: Path) -> None:
    # It used to print "unexpected OperationalError" and leave a half-made
    # vault file, so that a second 'init' said a vault already existed.
    figures = reliability.DiskFullFigures()
    reliability.init_under_limit(tmp_path, 60_000, figures)
    assert figures.refused == 1
    assert "disk full" in next(iter(figures.messages))
