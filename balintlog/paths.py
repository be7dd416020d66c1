"""Where the vault and the runtime files live.

The vault defaults to ``journal.db`` in the platform's user data directory;
``BALINTLOG_VAULT`` or ``--vault`` point elsewhere. The last change seen of
each vault is remembered in the user state directory. Runtime files (the agent's
socket, editor temp files) live in a private 0700 directory.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from balintlog.errors import BalintlogError
from balintlog.i18n import _

VAULT_ENV = "BALINTLOG_VAULT"
DATA_DIR_ENV = "BALINTLOG_DATA_DIR"
STATE_DIR_ENV = "BALINTLOG_STATE_DIR"
PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def data_dir() -> Path:
    """The directory of the default vault (``BALINTLOG_DATA_DIR`` overrides)."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir("balintlog", appauthor=False))


def state_dir() -> Path:
    """Where balintlog keeps what it remembers of the vaults it opened (the
    last change seen of each): the platform's user state directory
    (``BALINTLOG_STATE_DIR`` overrides)."""
    override = os.environ.get(STATE_DIR_ENV)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_state_dir("balintlog", appauthor=False))


def default_vault() -> Path:
    """``BALINTLOG_VAULT`` if set, else ``journal.db`` in :func:`data_dir`."""
    env = os.environ.get(VAULT_ENV)
    if env:
        return Path(env).expanduser()
    return data_dir() / "journal.db"


def default_demo_vault() -> Path:
    """``demo.db`` beside the default journal: never the user's journal."""
    return data_dir() / "demo.db"


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) as 0700 if missing; tighten our own
    directory if it exists with looser modes. Returns the path."""
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
    st = path.stat()
    if st.st_uid == os.getuid() and stat.S_IMODE(st.st_mode) & 0o077:
        path.chmod(PRIVATE_DIR_MODE)
    return path


def runtime_dir() -> Path:
    """A private per-user directory for sockets and editor temp files:
    ``$XDG_RUNTIME_DIR/balintlog`` (tmpfs on most Linux systems), else a
    per-user directory under the temp dir whose owner and mode are checked."""
    xdg = os.environ.get("XDG_RUNTIME_DIR")
    if xdg and Path(xdg).is_dir():
        base = Path(xdg) / "balintlog"
    else:
        try:
            temp = tempfile.gettempdir()
        except OSError as exc:  # it tries to write a file there: fails on a full disk
            raise BalintlogError(
                _("no usable temporary directory ({error}); set XDG_RUNTIME_DIR").format(error=exc.strerror)
            ) from None
        base = Path(temp) / f"balintlog-{os.getuid()}"
    try:
        ensure_private_dir(base)
    except OSError as exc:
        raise BalintlogError(
            _("cannot make the runtime directory {path} ({error})").format(path=base, error=exc.strerror)
        ) from None
    st = base.lstat()
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid() or stat.S_IMODE(st.st_mode) & 0o077:
        raise BalintlogError(
            _("runtime directory {path} is not a private directory of yours; remove it and try again").format(path=base)
        )
    return base


def check_private_file(path: Path) -> None:
    """Refuse a vault file that group or others may read or write."""
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise BalintlogError(
            _("{path} is accessible to group or others (mode {mode}); run 'chmod 600 {path}' and try again").format(
                path=path, mode=f"{mode:o}"
            )
        )


def vault_files(path: Path) -> tuple[Path, Path, Path]:
    """The vault file and SQLite's files beside it: its write-ahead log and
    its shared-memory index."""
    return path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def remove_vault_files(path: Path) -> None:
    """Remove a vault file and its WAL and SHM files (a half-made vault, a temp copy)."""
    for file in vault_files(path):
        file.unlink(missing_ok=True)
