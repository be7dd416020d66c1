"""The plain-Python parameter coercion (balintlog/fastparams.py) agrees with
Typer's pydantic adapters on every parameter of every command, and running
a command no longer imports pydantic."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
import typer.main

from balintlog import fastparams
from balintlog.cli import app

VALUES: list[Any] = [
    "x",
    "",
    "  ",
    "Frau K., 54",
    "12",
    " 12 ",
    "-3",
    "+4",
    "007",
    "1.5",
    "1.0",
    "1_000",
    "1e3",
    "abc",
    "json",
    "JSON",
    "html",
    "terminal",
    "bogus",
    "~/vault.db",
    "/tmp/x",
    7,
    True,
    ["a", "b"],
    ("a",),
    [],
    b"bytes",
]


def _parameters() -> Iterator[tuple[str, Any, typer.Context]]:
    root = typer.main.get_command(app)

    def walk(command: Any, path: str) -> Iterator[tuple[str, Any, typer.Context]]:
        ctx = typer.Context(command)
        for param in command.params:
            if getattr(param, "type_descriptor", None) is not None:
                yield f"{path} {param.name}", param, ctx
        for name, sub in getattr(command, "commands", {}).items():
            yield from walk(sub, f"{path} {name}")

    yield from walk(root, "balintlog")


PARAMETERS = list(_parameters())


def _outcome(runtime: Any, value: Any, param: Any, ctx: typer.Context) -> tuple[str, Any]:
    try:
        return "value", runtime._coerce_value(value, param=param, ctx=ctx)
    except Exception as exc:  # the message is what the user sees
        return type(exc).__name__, str(exc)


def test_the_hook_is_installed() -> None:
    import typer.core

    assert fastparams.install() is True
    assert typer.core.build_runtime_param is fastparams.build_runtime_param


def test_most_parameters_are_plain() -> None:
    plain = [name for name, param, _ in PARAMETERS if isinstance(param.get_runtime_param(), fastparams.PlainParam)]
    assert len(plain) >= len(PARAMETERS) - 3, "a new parameter kind goes through pydantic; see fastparams._kind"


@pytest.mark.parametrize(("name", "param", "ctx"), PARAMETERS, ids=[p[0] for p in PARAMETERS])
def test_every_parameter_coerces_as_typers_adapter_does(name: str, param: Any, ctx: typer.Context) -> None:
    assert fastparams._original is not None
    ours = fastparams.build_runtime_param(param.type_descriptor)
    theirs = fastparams._original(param.type_descriptor)
    # A choice's default comes as the Enum member itself.
    members = list(ours.annotation) if getattr(ours, "kind", "") == "choice" else []
    for value in [*VALUES, *members]:
        assert _outcome(ours, value, param, ctx) == _outcome(theirs, value, param, ctx), (name, value)


def test_running_a_command_imports_no_pydantic(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from balintlog.cli import app\n"
        "try:\n"
        "    app(['--vault', sys.argv[1], 'case', 'list', '--status', 'open', '--group', 'nord'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('pydantic' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "none.db")], capture_output=True, text=True, timeout=60
    )
    assert done.stdout.strip().splitlines()[-1] == "False", done.stderr
