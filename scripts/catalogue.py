"""Keep the translation catalogues in step with the source (needs Babel,
part of the ``dev`` extra).

    python scripts/catalogue.py update   # extract the marked messages, merge them into each .po
    python scripts/catalogue.py compile  # write each .mo from its .po (commit both)
    python scripts/catalogue.py check    # list what is untranslated, fuzzy or out of date

English is the source language: a message is marked in the code with
``_()``, ``ngettext()``, ``pgettext()``, ``N_()`` or ``NP_()`` from ``balintlog.i18n``.
After ``update``, translate the new entries in
``balintlog/locale/<lang>/LC_MESSAGES/balintlog.po`` (and remove the fuzzy
flag Babel sets on guesses), then ``compile``. The compiled ``.mo`` files are
committed, so that installing the package needs no build step;
tests/test_catalogue.py fails when they do not match their ``.po``.
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "balintlog"
LOCALE = PACKAGE / "locale"
DOMAIN = "balintlog"
#: The languages with a catalogue of their own (Swiss German is German with
#: "ss" for "ß", done at run time).
LANGUAGES = ("de",)
#: The functions that mark a message (``context`` first for pgettext).
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "NP_": ((1, "c"), 2)}
#: ``{name}``, ``{0}``, ``{value:.1f}`` and ``%(name)s``, ``%s``, ``%d``.
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%(?:\([^)]*\))?[sdifr]")


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(lang: str) -> Path:
    return po_path(lang).with_suffix(".mo")


def extract() -> Catalog:
    """Every message marked in the package's source."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    catalog = Catalog(project=DOMAIN, domain=DOMAIN)
    for filename, lineno, message, comments, context in extract_from_dir(
        str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)
    ):
        catalog.add(message, locations=[(f"balintlog/{filename}", lineno)], auto_comments=comments, context=context)
    return catalog


def read_po(lang: str) -> Catalog:
    from babel.messages.pofile import read_po as _read

    with po_path(lang).open("rb") as f:
        return _read(f, locale=lang, domain=DOMAIN)


def write_po(lang: str, catalog: Catalog) -> None:
    from babel.messages.pofile import write_po as _write

    out = io.BytesIO()
    # No source locations: they would change with every edit elsewhere in a file.
    _write(out, catalog, width=100, sort_output=True, no_location=True, include_previous=True)
    po_path(lang).parent.mkdir(parents=True, exist_ok=True)
    po_path(lang).write_bytes(out.getvalue())


def compiled(lang: str) -> bytes:
    """The .mo that the .po of ``lang`` compiles to (fuzzy entries left out)."""
    from babel.messages.mofile import write_mo

    out = io.BytesIO()
    write_mo(out, read_po(lang), use_fuzzy=False)
    return out.getvalue()


def update() -> None:
    template = extract()
    for lang in LANGUAGES:
        if po_path(lang).exists():
            catalog = read_po(lang)
            catalog.update(template, no_fuzzy_matching=False)
        else:
            from babel.messages.catalog import Catalog

            catalog = Catalog(locale=lang, project=DOMAIN, domain=DOMAIN)
            catalog.update(template)
        write_po(lang, catalog)
        print(f"updated {po_path(lang).relative_to(ROOT)}")


def compile_all() -> None:
    for lang in LANGUAGES:
        mo_path(lang).write_bytes(compiled(lang))
        print(f"wrote {mo_path(lang).relative_to(ROOT)}")


def problems(lang: str) -> list[str]:
    """What keeps the catalogue of ``lang`` from being complete: a message
    untranslated or fuzzy, placeholders that differ from the English, a
    message in the source that the catalogue lacks, a stale .mo."""
    catalog = read_po(lang)
    found: list[str] = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        name = repr(ids[0])
        if message.fuzzy:
            found.append(f"{lang}: fuzzy: {name}")
        if not all(strings):
            found.append(f"{lang}: untranslated: {name}")
            continue
        for index, string in enumerate(strings):
            english = ids[min(index, len(ids) - 1)]  # a plural's forms after the first follow the English plural
            if sorted(PLACEHOLDER.findall(string)) != sorted(PLACEHOLDER.findall(english)):
                found.append(f"{lang}: placeholders differ: {name} -> {string!r}")
    for message in extract():
        if message.id and catalog.get(message.id, message.context) is None:
            found.append(f"{lang}: not in the catalogue (run update): {message.id!r}")
    if not mo_path(lang).exists() or mo_path(lang).read_bytes() != compiled(lang):
        found.append(f"{lang}: {mo_path(lang).relative_to(ROOT)} does not match the .po (run compile)")
    return found


def main(argv: list[str]) -> int:
    if argv == ["update"]:
        update()
    elif argv == ["compile"]:
        compile_all()
    elif argv == ["check"]:
        found = [p for lang in LANGUAGES for p in problems(lang)]
        print("\n".join(found) or "catalogues complete")
        return 1 if found else 0
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
