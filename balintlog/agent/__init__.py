"""The key agent: unlock once, then work without the passphrase for a while.

The agent and the requests its clients make live in :mod:`balintlog.agent.core`
(read its docstring), the socket's wire in :mod:`balintlog.agent.wire`, the
warm path in :mod:`balintlog.agent.warm` (client) and
:mod:`balintlog.agent.serving` (agent). This package's own module loads
nothing: the ``balintlog`` entry point imports the warm path, and so this
package, before every command, and only what that needs may load then. The
names of :mod:`balintlog.agent.core` are this package's, loaded on first use
(``from balintlog import agent; agent.status(vault)``).
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing itself is not imported at run time
if TYPE_CHECKING:
    from typing import Any

    from balintlog.agent.core import (
        DEFAULT_IDLE,
        DEFAULT_MAX,
        IDLE_ENV,
        MAX_ENV,
        START_TIMEOUT,
        Agent,
        AgentStatus,
        durations_from_env,
        get_key,
        harden_process,
        has_socket,
        lock,
        lock_all,
        main,
        remove_stale_socket,
        running_agents,
        socket_path,
        start,
        status,
    )
    from balintlog.agent.wire import (
        CLIENT_TIMEOUT,
        MAX_MESSAGE,
        peer_uid,
        recv_message,
        send_message,
        vault_key_path,
    )


__all__ = [
    "CLIENT_TIMEOUT",
    "DEFAULT_IDLE",
    "DEFAULT_MAX",
    "IDLE_ENV",
    "MAX_ENV",
    "MAX_MESSAGE",
    "START_TIMEOUT",
    "Agent",
    "AgentStatus",
    "durations_from_env",
    "get_key",
    "harden_process",
    "has_socket",
    "lock",
    "lock_all",
    "main",
    "peer_uid",
    "recv_message",
    "remove_stale_socket",
    "running_agents",
    "send_message",
    "socket_path",
    "start",
    "status",
    "vault_key_path",
]


#: This package's modules (never looked up in :mod:`balintlog.agent.core`).
_SUBMODULES = frozenset({"core", "serving", "warm", "wire"})


def __getattr__(name: str) -> Any:
    """The name ``name`` of :mod:`balintlog.agent.core` (importing it on first use)."""
    if name.startswith("__") or name in _SUBMODULES:
        raise AttributeError(name)  # the import system then loads the submodule
    import importlib

    core = importlib.import_module("balintlog.agent.core")
    try:
        return getattr(core, name)
    except AttributeError:
        raise AttributeError(f"module 'balintlog.agent' has no attribute {name!r}") from None
