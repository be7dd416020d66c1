"""Generate the README's command reference from the CLI itself.

    python scripts/command_reference.py          # print it
    python scripts/command_reference.py --write  # replace it in README.md

tests/test_readme.py fails when the README and ``--help`` disagree.
"""

from __future__ import annotations

import sys
from pathlib import Path

START = "<!-- commands:start -->"
END = "<!-- commands:end -->"
README = Path(__file__).resolve().parent.parent / "README.md"


def _argument(param: object) -> str:
    metavar = getattr(param, "metavar", None)
    if metavar:
        return str(metavar)
    text = str(getattr(param, "name", "")).upper() + ("..." if getattr(param, "nargs", 1) == -1 else "")
    return text if getattr(param, "required", False) else f"[{text}]"


def _walk(cmd: object, prefix: list[str], out: list[str]) -> None:
    from typer._click import Context

    subs = getattr(cmd, "commands", None)
    if subs:
        for name in sorted(subs):
            sub = subs[name]
            if getattr(sub, "hidden", False):
                continue
            _walk(sub, [*prefix, name], out)
        return
    ctx = Context(cmd, info_name=" ".join(["balintlog", *prefix]))  # type: ignore[arg-type]
    params = [p for p in getattr(cmd, "params", []) if not getattr(p, "hidden", False)]
    args = " ".join(_argument(p) for p in params if p.param_type_name == "argument")
    options = [
        "/".join(p.opts + list(getattr(p, "secondary_opts", []) or []))
        for p in params
        if p.param_type_name == "option"
    ]
    help_text = (getattr(cmd, "short_help", None) or getattr(cmd, "help", None) or "").strip().splitlines()
    summary = help_text[0] if help_text else ""
    usage = " ".join(x for x in (ctx.info_name or "", args) if x)
    line = f"- `{usage}`"
    if options:
        line += " " + " ".join(f"`{o}`" for o in options)
    if summary:
        line += f" — {summary}"
    out.append(line)


def reference() -> str:
    from typer.main import get_command

    from balintlog.cli import app

    root = get_command(app)
    lines: list[str] = []
    _walk(root, [], lines)
    return "\n".join(lines) + "\n"


def main() -> int:
    text = reference()
    if "--write" not in sys.argv:
        sys.stdout.write(text)
        return 0
    readme = README.read_text()
    head, rest = readme.split(START, 1)
    _old, tail = rest.split(END, 1)
    README.write_text(f"{head}{START}\n{text}{END}{tail}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
