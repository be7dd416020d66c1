"""The agent's wire: where its socket is, how a message is framed, who is at
the other end. Shared by the agent (:mod:`balintlog.agent.core`) and its
clients, among them the warm path (:mod:`balintlog.agent.warm`), which runs
before every command: so this module imports only what the interpreter has
loaded anyway or what costs next to nothing (``json``, ``struct``, and
``_socket`` itself rather than :mod:`socket`, whose enumerations took three
quarters of the client's imports), never ``pathlib``, ``typing``,
``hashlib`` or the catalogue.

Protocol: each message is a 4-byte big-endian length followed by UTF-8 JSON.
"""

from __future__ import annotations

import _socket
import json
import os
import struct
import sys

TYPE_CHECKING = False  # typing itself is not imported at run time
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

#: How long a client waits for an answer.
CLIENT_TIMEOUT = 5.0
MAX_MESSAGE = 64 * 1024
#: sun_path is 108 bytes on Linux, 104 on macOS.
MAX_SOCKET_PATH = 100
#: The private directory under ``XDG_RUNTIME_DIR`` (or the temp directory).
RUNTIME_NAME = "balintlog"


def sha256_hex(data: bytes) -> str:
    """SHA-256 without loading OpenSSL, which ``hashlib`` does (a few ms of
    every command's start)."""
    try:
        from _sha256 import sha256  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        try:
            from _sha2 import sha256  # type: ignore[import-not-found,no-redef,unused-ignore]
        except ImportError:
            from hashlib import sha256  # type: ignore[assignment,unused-ignore]
    return str(sha256(data).hexdigest())


def vault_key_path(vault: str | os.PathLike[str]) -> str:
    """The absolute, resolved path an agent is keyed by (what
    ``Path(vault).expanduser().resolve()`` gives, without pathlib)."""
    return os.path.realpath(os.path.expanduser(os.fspath(vault)))


def socket_name(vault: str | os.PathLike[str]) -> str:
    """The file name of the socket of the agent for ``vault``: a hash of
    its resolved path."""
    digest = sha256_hex(vault_key_path(vault).encode("utf-8"))[:20]
    return f"agent-{digest}.sock"


def quick_socket_path(vault: str | os.PathLike[str]) -> str | None:
    """Where the socket of ``vault``'s agent is, found without creating or
    checking the runtime directory (the warm path's one look), or None when
    there is no such directory (then no agent runs). The agent binds it in
    :func:`balintlog.paths.runtime_dir`: ``$XDG_RUNTIME_DIR/balintlog`` when
    ``XDG_RUNTIME_DIR`` names a directory, else ``balintlog-UID`` in the temp
    directory (``TMPDIR``, ``TEMP``, ``TMP``, then ``/tmp``, ``/var/tmp``,
    ``/usr/tmp``: the first that is a directory, as :mod:`tempfile` looks;
    should it have chosen another, this finds no socket and the command runs
    cold). Whoever answers on the socket is still checked (:func:`peer_uid`)
    before anything is sent."""
    xdg = os.environ.get("XDG_RUNTIME_DIR")
    if xdg and os.path.isdir(xdg):
        base = os.path.join(xdg, RUNTIME_NAME)
    else:
        candidates = [os.environ.get(name) for name in ("TMPDIR", "TEMP", "TMP")]
        candidates += ["/tmp", "/var/tmp", "/usr/tmp"] if os.name == "posix" else []
        temp = next((os.path.abspath(c) for c in candidates if c and os.path.isdir(c)), None)
        if temp is None:
            return None
        base = os.path.join(temp, f"{RUNTIME_NAME}-{os.getuid()}")
    path = os.path.join(base, socket_name(vault))
    if len(os.fsencode(path)) > MAX_SOCKET_PATH:
        return None
    return path


def send_message(sock: _socket.socket, message: Mapping[str, Any]) -> None:
    data = json.dumps(message).encode("utf-8")
    sock.sendall(struct.pack(">I", len(data)) + data)


def _recv_exact(sock: _socket.socket, size: int) -> bytes:
    chunks = bytearray()
    while len(chunks) < size:
        chunk = sock.recv(size - len(chunks))
        if not chunk:
            raise ConnectionError("connection closed mid-message")
        chunks += chunk
    return bytes(chunks)


def recv_message(sock: _socket.socket) -> dict[str, Any]:
    (size,) = struct.unpack(">I", _recv_exact(sock, 4))
    if size > MAX_MESSAGE:
        raise ConnectionError("message too large")
    message = json.loads(_recv_exact(sock, size).decode("utf-8"))
    if not isinstance(message, dict):
        raise ConnectionError("message is not an object")
    return message


def peer_uid(sock: _socket.socket) -> int | None:
    """The uid of the process at the other end of a Unix socket, or None
    where the platform cannot say (then nothing is trusted)."""
    peercred = getattr(_socket, "SO_PEERCRED", None)
    try:
        if peercred is not None:
            _pid, uid, _gid = struct.unpack("=iII", sock.getsockopt(_socket.SOL_SOCKET, peercred, 12))
            return int(uid)
        if sys.platform == "darwin" or "bsd" in sys.platform:
            # LOCAL_PEERCRED (level SOL_LOCAL = 0) fills a struct xucred:
            # u_int cr_version, uid_t cr_uid, short cr_ngroups, gid_t cr_groups[16].
            raw = sock.getsockopt(0, 0x001, 76)
            return int(struct.unpack("2I", raw[:8])[1])
    except OSError:
        return None
    return None
