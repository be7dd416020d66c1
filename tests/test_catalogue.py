"""The German catalogue is complete, its placeholders match the English, it
holds every message the source marks, and the shipped .mo is its compiled
form (scripts/catalogue.py update / compile)."""

from __future__ import annotations

import gettext
from types import ModuleType

import pytest
from conftest import load_script

from balintlog import i18n


@pytest.fixture(scope="module")
def catalogue() -> ModuleType:
    return load_script("scripts/catalogue.py")


def test_the_german_catalogue_is_complete_current_and_compiled(catalogue: ModuleType) -> None:
    assert catalogue.problems("de") == []


def test_the_shipped_mo_is_where_the_package_looks(catalogue: ModuleType) -> None:
    assert catalogue.mo_path("de").parent.parent.parent == i18n.LOCALE_DIR
    found = gettext.find(i18n.DOMAIN, str(i18n.LOCALE_DIR), languages=["de"])
    assert found is not None


def test_untranslated_fuzzy_and_mismatched_placeholders_are_reported(
    catalogue: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    from babel.messages.catalog import Catalog

    broken = Catalog(locale="de", domain="balintlog")
    broken.add("cannot read date {text}: {hint}", "Datum {txt} nicht lesbar: {hint}")
    broken.add("give a day, not a time", "")
    broken.add("there is no such day", "diesen Tag gibt es nicht", flags=["fuzzy"])
    broken.add(("{n} day", "{n} days"), ("{n} Tag", "Tage"))
    monkeypatch.setattr(catalogue, "read_po", lambda lang: broken)
    found = catalogue.problems("de")
    assert "de: placeholders differ: 'cannot read date {text}: {hint}' -> 'Datum {txt} nicht lesbar: {hint}'" in found
    assert "de: untranslated: 'give a day, not a time'" in found
    assert "de: fuzzy: 'there is no such day'" in found
    assert "de: placeholders differ: '{n} day' -> 'Tage'" in found
    assert any(p.startswith("de: not in the catalogue (run update): 'use e.g.") for p in found)
    assert any(p.endswith("does not match the .po (run compile)") for p in found)
