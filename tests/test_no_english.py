"""No English sentence reaches the user from the library without the
catalogue: every string given to an error of balintlog's
(:class:`~balintlog.errors.BalintlogError` and its subclasses) or to a
``warn`` callback is a ``_()`` / ``ngettext()`` / ``pgettext()`` call (with
``.format()`` of values), never a plain literal or an f-string — so that a
new English message fails here instead of on a German user's screen.

Read with :mod:`ast`, so nothing is run. The command line (``cli.py``,
``commands/``, ``terminal/``) and ``reports/`` are not scanned here."""

from __future__ import annotations

import ast
import builtins
import inspect
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import balintlog
from balintlog import errors

PACKAGE = Path(balintlog.__file__).parent
#: Not scanned by this test (see the module docstring).
NOT_SCANNED = ("cli.py", "commands", "terminal", "reports")
#: The calls that put a message in the user's language.
CATALOGUE = {"_", "ngettext", "pgettext"}
#: Functions of the library that put one of their arguments (by position or
#: keyword) into a message: the name of what was wrong, an example.
NAMING: dict[str, tuple[int | str, ...]] = {
    "parse_number": (1, "what", "example"),
    "parse_enum": (2, "what"),
    "check_choice": (2, "what"),
    "check_length": (2, "what"),
    "too_long": (2, "what"),
    "decode_text": (1, "where"),
    "parse_duration": ("what",),
}
#: (module, text) of literals that are allowed although they hold letters:
#: none is shown to a user as a sentence.
ALLOWED: set[tuple[str, str]] = set()
#: A word of at least two letters: what makes a literal language.
WORD = re.compile(r"[^\W\d_]{2,}")


def error_names() -> set[str]:
    """The names of balintlog's error classes (those of errors.py and any
    subclass defined elsewhere in the package)."""
    classes = inspect.getmembers(errors, inspect.isclass)
    names = {name for name, obj in classes if issubclass(obj, errors.BalintlogError)}
    for path in library_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and any(_name(b) in names for b in node.bases):
                names.add(node.name)
    return names


def library_files() -> list[Path]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] in NOT_SCANNED:
            continue
        found.append(path)
    return found


def _is_other_error(name: str | None) -> bool:
    """Whether ``name`` is an exception class other than balintlog's: a
    built-in one (ValueError, RuntimeError) or one named like it
    (UngatedWriteError): a programming error, never a message to a user."""
    if name is None:
        return False
    found = getattr(builtins, name, None)
    return (isinstance(found, type) and issubclass(found, BaseException)) or name.endswith(("Error", "Exception"))


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def uncatalogued(node: ast.expr) -> Iterator[ast.expr]:
    """The literals in ``node`` that hold words and do not pass through the
    catalogue: a literal, an f-string's text, either side of ``+`` or
    ``%``, a ``.format()``'s template and values, both arms of ``x if c else y``."""
    if isinstance(node, ast.Constant):
        if isinstance(node.value, str) and WORD.search(node.value):
            yield node
    elif isinstance(node, ast.JoinedStr):
        if any(isinstance(v, ast.Constant) and WORD.search(str(v.value)) for v in node.values):
            yield node
        for value in node.values:
            if isinstance(value, ast.FormattedValue):
                yield from uncatalogued(value.value)
    elif isinstance(node, ast.Call):
        if _name(node.func) in CATALOGUE:
            return
        if isinstance(node.func, ast.Attribute) and node.func.attr == "format":
            yield from uncatalogued(node.func.value)
            for arg in [*node.args, *(k.value for k in node.keywords)]:
                yield from uncatalogued(arg)
    elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        yield from uncatalogued(node.left)
        yield from uncatalogued(node.right)
    elif isinstance(node, ast.IfExp):
        yield from uncatalogued(node.body)
        yield from uncatalogued(node.orelse)


def messages(tree: ast.AST, targets: set[str]) -> Iterator[ast.expr]:
    """The arguments that become words a user reads: the positional ones of
    an error of ``targets``, of a ``warn`` callback and of any call whose
    result is raised (a helper that makes the error); those that
    :data:`NAMING` lists."""
    raised = {id(node.exc) for node in ast.walk(tree) if isinstance(node, ast.Raise) and node.exc is not None}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        helper = id(node) in raised and not _is_other_error(name)
        if name in targets or name == "warn" or helper:
            yield from node.args  # keywords are hint ids and their values
        for at in NAMING.get(name or "", ()):
            if isinstance(at, int):
                yield from node.args[at : at + 1]
            else:
                yield from (k.value for k in node.keywords if k.arg == at)


def offences(source: str, module: str, targets: set[str]) -> list[str]:
    """``module:line: text`` of every message given to a call of ``targets``
    (and the others :func:`messages` names) that bypasses the catalogue."""
    found = []
    for arg in messages(ast.parse(source), targets):
        for bad in uncatalogued(arg):
            text = ast.unparse(bad)
            if (module, text) not in ALLOWED:
                found.append(f"{module}:{bad.lineno}: {text}")
    return found


def test_the_library_says_nothing_to_a_user_outside_the_catalogue() -> None:
    targets = error_names()
    found = []
    for path in library_files():
        found += offences(path.read_text(encoding="utf-8"), str(path.relative_to(PACKAGE)), targets)
    assert found == []


def test_the_scan_covers_the_library_and_knows_every_error_class() -> None:
    scanned = {str(p.relative_to(PACKAGE)) for p in library_files()}
    for module in ("inputs.py", "limits.py", "seals.py", "changelog.py", "backup.py", "keys.py", "vault.py",
                   "dates.py", "template.py", "passphrase.py", "rollback.py", "journal/history.py",
                   "journal/sessions.py", "db/cases.py", "db/engine.py"):
        assert module in scanned
    assert {"BalintlogError", "UsageError", "DamagedError", "TemplateError", "VaultBusyError"} <= error_names()


@pytest.mark.parametrize(
    "code",
    [
        'raise UsageError("no such group")',
        'raise DamagedError(f"change {n} failed its check", hint="verify")',
        'raise ConflictError(_("cases were presented") + " (" + "listed here" + ")")',
        'raise NotFoundError("no case #{n}".format(n=n))',
        'raise UsageError(_("bad {what}").format(what="the date"))',
        'warn(f"warning: {problem}")',
        'raise UsageError(a if c else "plain words")',
        'raise damaged(f"a malformed {name}")',
        'parse_number(text, "case number")',
        'parse_number(text, _("case number"), example="12 (or #12)")',
        'check_length(place, SHORT_TEXT, "the place")',
    ],
)
def test_english_given_to_an_error_or_a_warning_is_found(code: str) -> None:
    assert offences(code, "example.py", error_names()) != []


@pytest.mark.parametrize(
    "code",
    [
        'raise UsageError(_("no such group"))',
        'raise DamagedError(_("change {n} failed its check").format(n=n), hint="verify")',
        'raise UsageError(ngettext("{n} day", "{n} days", n).format(n=n))',
        'raise ConflictError(pgettext("record", "case"))',
        'raise UsageError(message)',
        'raise UsageError(f"{record}: {problem}")',
        'warn(_("warning: {problem}").format(problem=str(exc)))',
        'error = RuntimeError("vault is locked")',  # not balintlog's: a bug, shown as one
        'parse_number(text, _("case number"), example=_("12"), prefix="#")',
        'raise damaged(_("a malformed {name}").format(name=name))',
    ],
)
def test_catalogued_messages_and_other_errors_pass(code: str) -> None:
    assert offences(code, "example.py", error_names()) == []
