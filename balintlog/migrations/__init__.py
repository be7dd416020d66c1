"""Schema versions of the vault, as Alembic revisions shipped in the package.

Alembic is imported only here, and this module only when a vault is created
or its stored revision differs from :data:`balintlog.db.schema.HEAD_REVISION`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.script import ScriptDirectory
    from sqlalchemy.engine import Connection

VERSIONS = Path(__file__).parent / "versions"
#: Extra revision folders (os.pathsep-separated); for tests of the upgrade path.
EXTRA_ENV = "BALINTLOG_EXTRA_MIGRATIONS"


def script_directory() -> ScriptDirectory:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    locations = [str(VERSIONS)]
    extra = os.environ.get(EXTRA_ENV, "")
    locations += [p for p in extra.split(os.pathsep) if p]
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent))
    cfg.set_main_option("path_separator", "os")
    cfg.set_main_option("version_locations", os.pathsep.join(locations))
    return ScriptDirectory.from_config(cfg)


def is_known(revision: str | None) -> bool:
    """Whether this code knows ``revision`` (so it can upgrade from it)."""
    if revision is None:
        return True
    from alembic.util.exc import CommandError

    try:
        return script_directory().get_revision(revision) is not None
    except CommandError:
        return False


def upgrade(conn: Connection) -> None:
    """Apply every revision the vault lacks, inside the caller's transaction."""
    from alembic.operations import Operations
    from alembic.runtime.migration import MigrationContext

    script = script_directory()
    context = MigrationContext.configure(conn, opts={"render_as_batch": True})
    current = context.get_current_revision()
    revisions = list(script.iterate_revisions("heads", current))
    revisions.reverse()
    ops = Operations(context)
    for rev in revisions:
        module = rev.module
        with Operations.context(context):
            module.upgrade()
        context.stamp(script, rev.revision)
    del ops
