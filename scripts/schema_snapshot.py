"""Write balintlog/db/schema_snapshot.py: the schema (sqlite_master)
that the migrations up to each revision shipped in the package create.

Run it after adding a migration: ``python scripts/schema_snapshot.py``.
tests/test_schema.py fails while the file is out of date.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

TARGET = Path(__file__).resolve().parent.parent / "balintlog" / "db" / "schema_snapshot.py"

HEADER = '''"""The schema each revision shipped in the package creates, as
:func:`balintlog.db.schema_check.read_schema` reads it: per revision, (name,
type, table, SQL as stored) for every object in ``sqlite_master``.

Written by ``scripts/schema_snapshot.py`` from the migrations; do not edit
(tests/test_schema.py checks that it matches them).
"""

SCHEMAS: dict[str, tuple[tuple[str, str, str, str | None], ...]] = {
'''


def shipped_revisions() -> list[str]:
    """The package's revisions, oldest first (test-only folders left out)."""
    from balintlog import migrations

    os.environ.pop(migrations.EXTRA_ENV, None)
    script = migrations.script_directory()
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def _literal(sql: str | None) -> str:
    """``sql`` as a Python literal, a long one cut after commas into pieces
    that fit the line length (implicitly concatenated)."""
    if sql is None or len(sql) <= 40:
        return repr(sql)
    pieces, current = [], ""
    for index, part in enumerate(sql.split(",")):
        part = part if index == 0 else "," + part
        if current and len(current) + len(part) > 90:
            pieces.append(current)
            current = part
        else:
            current += part
    pieces.append(current)
    # A piece with no comma to cut at that is still too long: cut it before a word.
    fitted: list[str] = []
    for piece in pieces:
        while len(repr(piece)) + 12 > 120:
            cut = piece.rfind(" ", 0, 90)
            fitted.append(piece[:cut])
            piece = piece[cut:]
        fitted.append(piece)
    pieces = fitted
    return "(\n" + "".join(f"            {piece!r}\n" for piece in pieces) + "        )"


def render() -> str:
    from balintlog.db.schema_check import build_schema

    lines = [HEADER]
    for revision in shipped_revisions():
        lines.append(f"    {revision!r}: (\n")
        for name, (kind, table, sql) in sorted(build_schema(revision).items()):
            lines.append(f"        ({name!r}, {kind!r}, {table!r}, {_literal(sql)}),\n")
        lines.append("    ),\n")
    lines.append("}\n")
    return "".join(lines)


def main() -> int:
    TARGET.write_text(render())
    print(f"wrote {TARGET.name}: {', '.join(shipped_revisions())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
