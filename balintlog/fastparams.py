"""Plain-Python coercion of the command line's plain values, so that running a
command does not import pydantic.

Typer 0.29 coerces every parameter of the command being run through a pydantic
``TypeAdapter``: the first one imports pydantic and pydantic-core (about 90 ms
on the benchmark machine, more than the rest of our own start-up), and each
adapter built costs about a millisecond more. Almost all our parameters are
plain: text, whole numbers without bounds, paths without checks, choices from
an Enum, lists of text. For those, :class:`PlainParam` does what Typer's
adapter does, with Typer's own helpers for choices and paths; for every other
value (bounded numbers, bytes, text that does not look like a number where one
is expected) it hands over to Typer's adapter, built only then, so that the
result and every error message stay exactly Typer's.

:func:`install` replaces ``typer.core.build_runtime_param`` (Typer's private
hook, pinned with Typer 0.29.x in pyproject.toml). If a later Typer moves the
hook, :func:`install` leaves Typer alone, and everything still works, only
slower; ``tests/test_fastparams.py`` checks both that the hook is still there
and that every parameter of every command coerces as Typer's adapter would.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, get_args, get_origin

_INT = re.compile(r"\s*[+-]?[0-9]+\s*")

try:  # Typer's private coercion layer (see the module docstring)
    from typer import _coercion, core
    from typer._param_types import coerce_cli_choice, coerce_cli_path
except ImportError:  # pragma: no cover - a Typer without the hook
    _coercion = core = None  # type: ignore[assignment]

_original = getattr(_coercion, "build_runtime_param", None)


def _kind(annotation: Any, info: Any) -> str | None:
    """Which plain kind an annotation is (None: leave it to Typer)."""
    if info.parser is not None or info.min is not None or info.max is not None or info.clamp:
        return None
    if annotation is str:
        return "str"
    if annotation is int:
        return "int"
    if annotation is bool:
        return "bool"
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return "choice"
    if isinstance(annotation, type) and issubclass(annotation, Path) and info.path_type is None:
        return "path"
    if get_origin(annotation) is list and get_args(annotation) == (str,):
        return "str-list"
    return None


if _coercion is not None:

    @dataclass(frozen=True)
    class PlainParam(_coercion.RuntimeParam):
        """A parameter of a plain kind (see :func:`_kind`), coerced without
        pydantic; anything out of the ordinary goes to Typer's own adapter."""

        descriptor: Any = None
        kind: str = ""
        _typer: list[Any] = field(default_factory=list, compare=False, repr=False)

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            kind = self.kind
            if kind == "str" and type(value) is str:
                return value
            if kind == "int" and type(value) is str and _INT.fullmatch(value):
                return int(value)
            if kind == "int" and type(value) is int:
                return value
            if kind == "bool" and type(value) is bool:
                return value
            if kind == "str-list" and isinstance(value, (list, tuple)) and all(type(v) is str for v in value):
                return list(value)
            if kind == "choice" and isinstance(value, self.annotation):
                return value  # a default, given as the member itself
            if kind == "choice" and type(value) is str:
                try:
                    return coerce_cli_choice(
                        value,
                        choices=list(self.annotation),
                        case_sensitive=self.parameter_info.case_sensitive,
                        ctx=ctx,
                    )
                except ValueError:
                    pass  # Typer's adapter words the error
            if kind == "path" and isinstance(value, (str, Path)):
                # Typer's helper would make the Path with pydantic, which does no more than this
                path = value if isinstance(value, self.annotation) else self.annotation(value)
                return coerce_cli_path(path, self.parameter_info, path_type=self.annotation, param=param, ctx=ctx)
            return self._fallback()._coerce_value(value, param=param, ctx=ctx)

        def _fallback(self) -> Any:
            if not self._typer:
                assert _original is not None
                self._typer.append(_original(self.descriptor))
            return self._typer[0]

    def build_runtime_param(descriptor: Any) -> Any:
        """Typer's ``build_runtime_param``, with :class:`PlainParam` for the
        plain kinds."""
        kind = None if descriptor.file_annotation is not None else _kind(
            descriptor.annotation, descriptor.parameter_info
        )
        if kind is None:
            assert _original is not None
            return _original(descriptor)
        return PlainParam(
            parameter_info=descriptor.parameter_info,
            annotation=descriptor.annotation,
            descriptor=descriptor,
            kind=kind,
        )


def install() -> bool:
    """Put :func:`build_runtime_param` in Typer's place; False if this Typer
    has no such hook (then Typer is left as it is)."""
    if core is None or _original is None or getattr(core, "build_runtime_param", None) is not _original:
        return getattr(core, "build_runtime_param", None) is build_runtime_param
    setattr(core, "build_runtime_param", build_runtime_param)  # noqa: B010 - not an exported name
    return True
