"""The package's layering, read from the source: no import cycles, and the
library never reaches up into the command line."""

from __future__ import annotations

import ast
import re
from itertools import pairwise
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "balintlog"

#: The library: what a program other than the command line may use.
LIBRARY = ("journal", "store", "db", "keys", "vault", "reports", "template", "domain")
#: The command line: the library must not import any of it.
COMMAND_LINE = ("cli", "commands", "terminal", "hints", "passphrase", "unlocking", "editor")


def _runtime_nodes(tree: ast.AST) -> list[ast.AST]:
    """The nodes of a module, less those under ``if TYPE_CHECKING:`` (imports
    for type hints only, never run)."""
    found: list[ast.AST] = []
    todo = [tree]
    while todo:
        node = todo.pop()
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            todo.extend(node.orelse)
            continue
        found.append(node)
        todo.extend(ast.iter_child_nodes(node))
    return found


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports() -> dict[str, set[str]]:
    """Every balintlog module and the balintlog modules it imports (at any
    depth of the file: a lazy import is an import too)."""
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py") if "migrations/versions" not in p.as_posix()}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        found: set[str] = set()
        for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name.startswith("balintlog"))
            elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("balintlog"):
                for alias in node.names:
                    sub = f"{node.module}.{alias.name}"
                    found.add(sub if sub in modules else node.module)
        graph[name] = {m for m in found if m in modules and m != name}
    return graph


def _part(module: str, names: tuple[str, ...]) -> bool:
    return any(module == f"balintlog.{n}" or module.startswith(f"balintlog.{n}.") for n in names)


def _packages_of(module: str) -> set[str]:
    """The module and the packages it lives in (importing it runs their __init__)."""
    parts = module.split(".")
    return {".".join(parts[:i]) for i in range(1, len(parts) + 1)}


def test_no_import_cycles() -> None:
    graph = _imports()
    state: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module)
    # A package's __init__ re-exporting its own modules is not a cycle.
    real = [c for c in cycles if not any(b in _packages_of(a) or a in _packages_of(b) for a, b in pairwise(c))]
    assert real == []


def test_library_does_not_import_the_command_line() -> None:
    wrong = {
        (module, imported)
        for module, imported_all in _imports().items()
        if _part(module, LIBRARY)
        for imported in imported_all
        if _part(imported, COMMAND_LINE)
    }
    assert wrong == set()


def test_reports_know_nothing_of_storage_or_keys() -> None:
    wrong = {
        (module, imported)
        for module, imported_all in _imports().items()
        if _part(module, ("reports",))
        for imported in imported_all
        if _part(imported, ("store", "db", "keys", "vault", "journal"))
    }
    assert wrong == set()


#: The library modules whose words must not name the command line.
WORDING = ("journal", "store", "db", "keys", "vault", "reports/model")
COMMAND_LINE_WORDS = re.compile(r"'balintlog [a-z]|(?<![\w-])--[a-z]")


def _strings(tree: ast.AST) -> list[tuple[int, str]]:
    """Every string literal of a module but its docstrings (which may name
    the commands a function serves)."""
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def test_library_errors_name_no_command_or_option() -> None:
    modules = [PACKAGE / f"{name}.py" for name in WORDING]
    paths = [p for p in modules if p.exists()] + [p for name in WORDING for p in sorted((PACKAGE / name).rglob("*.py"))]
    assert len(paths) > 10
    found = [
        f"{path.relative_to(PACKAGE)}:{line}: {text}"
        for path in paths
        for line, text in _strings(ast.parse(path.read_text(encoding="utf-8")))
        if COMMAND_LINE_WORDS.search(text)
    ]
    assert found == []


def test_the_command_line_adds_the_advice_of_a_hint() -> None:
    from balintlog.errors import ConflictError
    from balintlog.terminal.hints import HINTS, hint_for, with_hint

    error = ConflictError("nord:3 is still open", hint="session_end_first", group="nord")
    assert hint_for(error) == "end it first with 'balintlog session end --group nord'"
    assert with_hint(error) == "nord:3 is still open; end it first with 'balintlog session end --group nord'"
    assert with_hint(ConflictError("plain")) == "plain"
    hinted = {
        match
        for path in PACKAGE.rglob("*.py")
        for match in re.findall(r'hint="(\w+)"', path.read_text(encoding="utf-8"))
    }
    assert hinted <= set(HINTS)
